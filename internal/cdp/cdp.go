// Package cdp drives headless Chromium over the DevTools protocol, for the tests that
// do in a browser what a person does: open a page, fill a form, press a button, read
// what the page shows. It needs nothing but the standard library: the protocol's JSON
// messages, each ending with a NUL byte, go over --remote-debugging-pipe (file
// descriptors 3 to the browser and 4 from it).
//
// Tests call Skip first: without Debian's Chromium at Path (CI installs it), or with
// -short, they are skipped.
package cdp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Path is where Debian installs the browser.
const Path = "/usr/bin/chromium"

// Flags are the flags every headless run of the tests uses: no sandbox (CI runs as
// root), and none of the browser's own connections, which this machine's closed
// network refuses.
var Flags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync"}

// Skip skips t when there is no browser to run, or with -short.
func Skip(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		t.Skipf("no headless browser: %s is absent (apt-get install chromium to run this test)", Path)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
}

// Browser is a headless Chromium, quit when the test ends.
type Browser struct {
	in *os.File // messages to the browser

	mu      sync.Mutex
	nextID  int
	pending map[int]chan map[string]any
}

// Start starts a browser with an empty profile.
func Start(t testing.TB) *Browser {
	t.Helper()
	toBrowser, in, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, fromBrowser, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	args := append(append([]string{}, Flags...), "--remote-debugging-pipe", "--user-data-dir="+t.TempDir(), "about:blank")
	cmd := exec.Command(Path, args...)
	cmd.ExtraFiles = []*os.File{toBrowser, fromBrowser} // descriptors 3 and 4
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toBrowser.Close()
	fromBrowser.Close()
	b := &Browser{in: in, pending: map[int]chan map[string]any{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		r := bufio.NewReader(out)
		for {
			msg, err := r.ReadBytes(0)
			if err != nil {
				return
			}
			var m struct {
				ID     int            `json:"id"`
				Result map[string]any `json:"result"`
				Error  map[string]any `json:"error"`
			}
			if json.Unmarshal(msg[:len(msg)-1], &m) != nil || m.ID == 0 {
				continue // an event
			}
			if m.Error != nil {
				m.Result = map[string]any{"error": m.Error}
			}
			b.mu.Lock()
			ch := b.pending[m.ID]
			delete(b.pending, m.ID)
			b.mu.Unlock()
			if ch != nil {
				ch <- m.Result
			}
		}
	}()
	t.Cleanup(func() {
		in.Close() // the browser quits when its pipe closes
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
		cmd.Wait()
		out.Close()
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", stderr.String())
		}
	})
	return b
}

// Call sends a DevTools command, to the browser (session "") or to a page's session,
// and returns its result.
func (b *Browser) Call(t testing.TB, session, method string, params map[string]any) map[string]any {
	t.Helper()
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan map[string]any, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, err := json.Marshal(msg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.in.Write(append(data, 0)); err != nil {
		t.Fatalf("%s: %v", method, err)
	}
	select {
	case res := <-ch:
		if e, ok := res["error"]; ok {
			t.Fatalf("%s: %v", method, e)
		}
		return res
	case <-time.After(30 * time.Second):
		t.Fatalf("%s: no answer from the browser", method)
	}
	return nil
}

// Page is a tab of the browser.
type Page struct {
	b       *Browser
	Session string
}

// NewPage opens a blank tab.
func (b *Browser) NewPage(t testing.TB) *Page {
	t.Helper()
	target := b.Call(t, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	attached := b.Call(t, "", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	session, _ := attached["sessionId"].(string)
	if session == "" {
		t.Fatalf("no session in %v", attached)
	}
	return &Page{b: b, Session: session}
}

// Call sends a DevTools command to the page.
func (p *Page) Call(t testing.TB, method string, params map[string]any) map[string]any {
	t.Helper()
	return p.b.Call(t, p.Session, method, params)
}

// Go loads url and waits until the document and its deferred scripts have run.
func (p *Page) Go(t testing.TB, url string) {
	t.Helper()
	p.Call(t, "Page.navigate", map[string]any{"url": url})
	p.WaitTrue(t, `document.readyState === "complete" && location.href === `+quote(url))
}

// Eval evaluates expr in the page, awaiting it if it is a promise, and returns its
// value; an exception fails the test.
func (p *Page) Eval(t testing.TB, expr string) any {
	t.Helper()
	res := p.Call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	if ex, ok := res["exceptionDetails"]; ok {
		t.Fatalf("%s: %v", expr, ex)
	}
	r, _ := res["result"].(map[string]any)
	return r["value"]
}

// String evaluates expr and returns its value as a string.
func (p *Page) String(t testing.TB, expr string) string {
	t.Helper()
	s, _ := p.Eval(t, expr).(string)
	return s
}

// WaitTrue evaluates expr in the page until it is true, and fails the test after a
// while.
func (p *Page) WaitTrue(t testing.TB, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last any
	for time.Now().Before(deadline) {
		res := p.Call(t, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
		if r, ok := res["result"].(map[string]any); ok {
			if r["value"] == true {
				return
			}
			last = r
		}
		time.Sleep(20 * time.Millisecond)
	}
	text := p.Call(t, "Runtime.evaluate", map[string]any{"expression": "location.href + '\\n' + document.body.innerText", "returnByValue": true})
	t.Fatalf("page never made true: %s\nlast result: %v\npage: %s", expr, last, fmt.Sprint(text["result"]))
}

// Type focuses the element that selector finds and types text into it, key by key,
// as a person does: each character fires the input events the page listens to.
func (p *Page) Type(t testing.TB, selector, text string) {
	t.Helper()
	p.Eval(t, `document.querySelector(`+quote(selector)+`).focus()`)
	for _, r := range text {
		p.Call(t, "Input.insertText", map[string]any{"text": string(r)})
	}
}

// Select chooses the option of value in the <select> that selector finds, as a person
// does with the list, and fires its change event.
func (p *Page) Select(t testing.TB, selector, value string) {
	t.Helper()
	p.Eval(t, `(() => { const s = document.querySelector(`+quote(selector)+`); s.focus(); s.value = `+quote(value)+
		`; s.dispatchEvent(new Event("input", {bubbles: true})); s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

// Click clicks the element that selector finds, in its middle, with the mouse.
func (p *Page) Click(t testing.TB, selector string) {
	t.Helper()
	box, _ := p.Eval(t, `(() => { const e = document.querySelector(`+quote(selector)+`); e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`).([]any)
	if len(box) != 2 {
		t.Fatalf("no element %s to click", selector)
	}
	for _, typ := range []string{"mousePressed", "mouseReleased"} {
		p.Call(t, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
