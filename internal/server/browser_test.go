package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromium is where Debian installs the browser; CI installs it there.
const chromium = "/usr/bin/chromium"

// TestBrowserReloads opens a served page in headless Chromium, edits the initiative
// it shows, and sees the page reload by itself: the new text appears and a variable
// set on the old page is gone, though the test never navigates again.
//
// Chromium is driven through the DevTools protocol over --remote-debugging-pipe:
// JSON messages ending with a NUL byte on file descriptors 3 (to the browser) and
// 4 (from it), which needs nothing but the standard library.
func TestBrowserReloads(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no headless browser: %s is absent (apt-get install chromium to run this test)", chromium)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	dir := copySite(t, fixture)
	s, _ := start(t, dir)
	b := startBrowser(t)

	target := b.call(t, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	attached := b.call(t, "", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	session, _ := attached["sessionId"].(string)
	if session == "" {
		t.Fatalf("no session in %v", attached)
	}
	page := s.URL() + "initiatives/la-fabrique/"
	b.call(t, session, "Page.navigate", map[string]any{"url": page})
	b.waitTrue(t, session, `document.readyState === "complete" && document.body.innerText.includes("en projet")`)
	b.call(t, session, "Runtime.evaluate", map[string]any{"expression": "window.atlasOldPage = true"})

	src := filepath.Join(dir, "content/initiatives/la-fabrique.md")
	writeFile(t, src, strings.Replace(readFile(t, src), "en projet.", "ouvert, marque-5521.", 1))
	b.waitTrue(t, session, `document.readyState === "complete" && document.body.innerText.includes("marque-5521") && window.atlasOldPage === undefined`)
}

// browser is a headless Chromium driven over the DevTools pipe.
type browser struct {
	in *os.File // messages to the browser

	mu      sync.Mutex
	nextID  int
	pending map[int]chan map[string]any
}

func startBrowser(t *testing.T) *browser {
	t.Helper()
	toBrowser, in, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, fromBrowser, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--remote-debugging-pipe", "--user-data-dir="+t.TempDir(), "about:blank")
	cmd.ExtraFiles = []*os.File{toBrowser, fromBrowser} // descriptors 3 and 4
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	toBrowser.Close()
	fromBrowser.Close()
	b := &browser{in: in, pending: map[int]chan map[string]any{}}
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

// call sends a DevTools command, to the browser or to a page's session, and returns
// its result.
func (b *browser) call(t *testing.T, session, method string, params map[string]any) map[string]any {
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

// waitTrue evaluates expr in the page until it is true, and fails the test after a while.
func (b *browser) waitTrue(t *testing.T, session, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last any
	for time.Now().Before(deadline) {
		res := b.call(t, session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
		if r, ok := res["result"].(map[string]any); ok {
			if r["value"] == true {
				return
			}
			last = r
		}
		time.Sleep(20 * time.Millisecond)
	}
	text := b.call(t, session, "Runtime.evaluate", map[string]any{"expression": "location.href + '\\n' + document.body.innerText", "returnByValue": true})
	t.Fatalf("page never made true: %s\nlast result: %v\npage: %s", expr, last, fmt.Sprint(text["result"]))
}
