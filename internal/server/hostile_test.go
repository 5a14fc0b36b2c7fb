package server

import (
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestServeRefusesSpecialFiles checks that serve reads the site through the same
// rule as build: a symbolic link in static/ is a problem shown in the browser and
// its target is never served; a named pipe does not hang the server, and once it is
// removed the site comes back; a deleted content/ folder is a problem, not an empty
// site.
func TestServeRefusesSpecialFiles(t *testing.T) {
	dir := copySite(t, fixture)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("SECRET"), 0o600)
	os.MkdirAll(filepath.Join(dir, "static"), 0o755)
	if err := os.Symlink(secret, filepath.Join(dir, "static", "leak.txt")); err != nil {
		t.Skip(err)
	}
	s, _ := start(t, dir)
	body := waitFor(t, s.URL(), "error page", func(code int, body string) bool { return code == 500 })
	if !strings.Contains(body, "static/leak.txt:1:1: symbolic link to "+secret+" refused") {
		t.Errorf("the error page does not name the link:\n%s", body)
	}
	if code, body := get(t, s.URL()+"leak.txt"); strings.Contains(body, "SECRET") {
		t.Errorf("GET /leak.txt = %d, serves the secret", code)
	}

	os.Remove(filepath.Join(dir, "static", "leak.txt"))
	waitFor(t, s.URL(), "the site back", func(code int, body string) bool { return code == 200 })

	if runtime.GOOS != "windows" {
		fifo := filepath.Join(dir, "content", "initiatives", "fifo.md")
		if err := mkfifo(fifo); err == nil {
			waitFor(t, s.URL(), "error page", func(code int, body string) bool {
				return code == 500 && strings.Contains(body, "content/initiatives/fifo.md:1:1: named pipe (FIFO) refused")
			})
			os.Remove(fifo)
			waitFor(t, s.URL(), "the site back", func(code int, body string) bool { return code == 200 })
		}
	}

	if err := os.Rename(filepath.Join(dir, "content"), filepath.Join(t.TempDir(), "content")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, s.URL(), "error page", func(code int, body string) bool {
		return code == 500 && strings.Contains(body, "content:1:1: missing content/ folder")
	})
}

// TestServeRefusesOtherHosts checks that a request naming the server by another host
// name, as a DNS rebinding attack does, is refused, and that the names a person uses
// are answered.
func TestServeRefusesOtherHosts(t *testing.T) {
	s, _ := start(t, copySite(t, fixture))
	waitFor(t, s.URL(), "the site", func(code int, body string) bool { return code == 200 })
	_, port, _ := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/"))
	for _, tt := range []struct {
		host string
		code int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"atlas.localhost:" + port, 200},
		{"[::1]:" + port, 200},
		{"192.168.1.20:" + port, 200},
		{"evil.example:" + port, 403},
		{"evil.example", 403},
		{"127.0.0.1.nip.io:" + port, 403},
	} {
		req, _ := http.NewRequest("GET", s.URL(), nil)
		req.Host = tt.host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.code {
			t.Errorf("Host: %s gives %d, want %d", tt.host, resp.StatusCode, tt.code)
		}
	}
}
