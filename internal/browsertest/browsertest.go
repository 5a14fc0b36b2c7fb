// Package browsertest drives headless Chromium for the browser tests of the other
// packages, through the DevTools protocol over --remote-debugging-pipe: JSON
// messages ending with a NUL byte on file descriptors 3 (to the browser) and 4
// (from it), which needs nothing but the standard library. Tests skip when
// Debian's Chromium is not at Path.
package browsertest

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// Path is where Debian installs the browser; CI installs it there.
const Path = "/usr/bin/chromium"

// Skip skips t when there is no browser, or in -short mode.
func Skip(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(Path); err != nil {
		t.Skipf("no headless browser: %s is absent (apt-get install chromium to run this test)", Path)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
}

// Browser is a headless Chromium driven over the DevTools pipe.
type Browser struct {
	in *os.File // messages to the browser

	mu      sync.Mutex
	nextID  int
	pending map[int]chan map[string]any
}

// Start starts a browser that quits when the test ends.
func Start(t *testing.T) *Browser {
	t.Helper()
	toBrowser, in, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	out, fromBrowser, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(Path, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
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

// Call sends a DevTools command, to the browser or to a page's session, and
// returns its result.
func (b *Browser) Call(t *testing.T, session, method string, params map[string]any) map[string]any {
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

// Page opens a new tab on about:blank and returns its session.
func (b *Browser) Page(t *testing.T) string {
	t.Helper()
	target := b.Call(t, "", "Target.createTarget", map[string]any{"url": "about:blank"})
	attached := b.Call(t, "", "Target.attachToTarget", map[string]any{"targetId": target["targetId"], "flatten": true})
	session, _ := attached["sessionId"].(string)
	if session == "" {
		t.Fatalf("no session in %v", attached)
	}
	return session
}

// Eval evaluates expr in the page and returns its value, awaiting a promise.
func (b *Browser) Eval(t *testing.T, session, expr string) any {
	t.Helper()
	res := b.Call(t, session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true})
	if ex, ok := res["exceptionDetails"]; ok {
		t.Fatalf("%s: %v", expr, ex)
	}
	r, _ := res["result"].(map[string]any)
	return r["value"]
}

// WaitTrue evaluates expr in the page until it is true, and fails the test after a
// while.
func (b *Browser) WaitTrue(t *testing.T, session, expr string) {
	t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	var last any
	for time.Now().Before(deadline) {
		res := b.Call(t, session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
		if r, ok := res["result"].(map[string]any); ok {
			if r["value"] == true {
				return
			}
			last = r
		}
		time.Sleep(20 * time.Millisecond)
	}
	text := b.Call(t, session, "Runtime.evaluate", map[string]any{"expression": "location.href + '\\n' + document.body.innerText", "returnByValue": true})
	t.Fatalf("page never made true: %s\nlast result: %v\npage: %s", expr, last, fmt.Sprint(text["result"]))
}

// Key presses and releases a key, as a keyboard does: key is a DevTools key name
// such as "Enter", "Tab", "Escape" or "ArrowRight".
func (b *Browser) Key(t *testing.T, session, key string) {
	t.Helper()
	codes := map[string]int{"Enter": 13, "Tab": 9, "Escape": 27, "ArrowLeft": 37, "ArrowUp": 38, "ArrowRight": 39, "ArrowDown": 40, " ": 32, "+": 187, "-": 189}
	p := map[string]any{"type": "keyDown", "key": key, "windowsVirtualKeyCode": codes[key]}
	switch key {
	case "Enter":
		p["text"] = "\r"
	case " ", "+", "-":
		p["text"] = key
	}
	b.Call(t, session, "Input.dispatchKeyEvent", p)
	b.Call(t, session, "Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": key, "windowsVirtualKeyCode": codes[key]})
}

// Screenshot saves a PNG of the page at the given width to file.
func (b *Browser) Screenshot(t *testing.T, session string, width, height int, file string) {
	t.Helper()
	b.Call(t, session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
	res := b.Call(t, session, "Page.captureScreenshot", map[string]any{"format": "png"})
	data, _ := res["data"].(string)
	raw, err := decodeBase64(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, raw, 0o644); err != nil {
		t.Fatal(err)
	}
}

func decodeBase64(s string) ([]byte, error) { return base64.StdEncoding.DecodeString(s) }

// Click clicks the centre of the first element that selector finds, with the
// mouse, as a person does; it fails the test when there is none or it is hidden.
func (b *Browser) Click(t *testing.T, session, selector string) {
	t.Helper()
	q, _ := json.Marshal(selector)
	v := b.Eval(t, session, `(function () {
		var e = document.querySelector(`+string(q)+`);
		if (!e) return null;
		e.scrollIntoView({block: 'center'});
		var r = e.getBoundingClientRect();
		return r.width && r.height ? [r.left + r.width / 2, r.top + r.height / 2] : null;
	})()`)
	xy, ok := v.([]any)
	if !ok || len(xy) != 2 {
		t.Fatalf("click: no visible element %s", selector)
	}
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		b.Call(t, session, "Input.dispatchMouseEvent", map[string]any{"type": typ, "x": xy[0], "y": xy[1], "button": "left", "clickCount": 1})
	}
}

// Type types text into the focused element, one key at a time.
func (b *Browser) Type(t *testing.T, session, text string) {
	t.Helper()
	for _, r := range text {
		b.Call(t, session, "Input.dispatchKeyEvent", map[string]any{"type": "char", "text": string(r)})
	}
}

// Navigate loads u and waits for the page and its deferred scripts.
func (b *Browser) Navigate(t *testing.T, session, u string) {
	t.Helper()
	b.Call(t, session, "Page.navigate", map[string]any{"url": u})
	b.WaitTrue(t, session, `location.href === `+quote(u)+` && document.readyState === "complete"`)
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
