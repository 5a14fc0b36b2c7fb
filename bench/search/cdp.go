package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// browser is headless Chromium driven through the DevTools protocol over a pipe
// (--remote-debugging-pipe: Chromium reads commands on its descriptor 3 and writes
// answers and events on 4, each message JSON ended by a NUL byte). A pipe needs no
// port, no WebSocket and no library, and the browser ends with the command.
type browser struct {
	cmd *exec.Cmd
	w   *os.File
	mu  sync.Mutex
	id  int
	// waiting holds the answer channel of each command sent and not yet answered.
	waiting map[int]chan message
	// on receives every event, in the order Chromium sends them.
	on     func(message)
	closed chan struct{} // closed when Chromium's output ends
	err    error         // why it ended, once closed
}

// message is one message from Chromium: an answer (ID) or an event (Method).
type message struct {
	ID        int             `json:"id"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	Result    json.RawMessage `json:"result"`
	SessionID string          `json:"sessionId"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// startBrowser starts Chromium with the flags the project's browser tests use and
// an empty profile in dir. on is called for every event, from one goroutine.
func startBrowser(chromium, dir string, on func(message)) (*browser, error) {
	toChrome, cmdW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	eventsR, fromChrome, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+dir, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, fromChrome} // descriptors 3 and 4
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %v", chromium, err)
	}
	toChrome.Close()
	fromChrome.Close()
	b := &browser{cmd: cmd, w: cmdW, waiting: map[int]chan message{}, on: on, closed: make(chan struct{})}
	go b.read(eventsR)
	return b, nil
}

func (b *browser) read(r *os.File) {
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		line, err := br.ReadBytes(0)
		if err != nil {
			b.err = errors.New("chromium ended")
			close(b.closed)
			return
		}
		var m message
		if err := json.Unmarshal(line[:len(line)-1], &m); err != nil {
			continue
		}
		if m.Method != "" {
			b.on(m)
			continue
		}
		b.mu.Lock()
		ch := b.waiting[m.ID]
		delete(b.waiting, m.ID)
		b.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends a command, to the browser (session "") or to a page's session, and
// waits for its answer, at most until ctx ends.
func (b *browser) call(ctx context.Context, session, method string, params any, result any) error {
	if params == nil {
		params = struct{}{}
	}
	ch := make(chan message, 1)
	b.mu.Lock()
	b.id++
	id := b.id
	b.waiting[id] = ch
	msg, err := json.Marshal(struct {
		ID        int    `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params"`
		SessionID string `json:"sessionId,omitempty"`
	}{id, method, params, session})
	if err == nil {
		_, err = b.w.Write(append(msg, 0))
	}
	b.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%s: %v", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-b.closed:
		return fmt.Errorf("%s: %v", method, b.err)
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.waiting, id)
		b.mu.Unlock()
		return fmt.Errorf("%s: no answer from chromium: %v", method, ctx.Err())
	}
}

// close asks Chromium to end, and kills it if it has not within five seconds.
func (b *browser) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	b.call(ctx, "", "Browser.close", nil, nil)
	cancel()
	b.w.Close()
	done := make(chan struct{})
	go func() { b.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		b.cmd.Process.Kill()
		<-done
	}
}
