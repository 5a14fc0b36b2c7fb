package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// site makes a folder with the files given and returns it.
func site(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(name), 0o755)
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
}

func open(t *testing.T, dir string) *FS {
	t.Helper()
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func messages(f *FS) []string {
	var out []string
	for _, d := range Diagnostics(f) {
		out = append(out, d.Error())
	}
	return out
}

// TestSymlinks checks every kind of symbolic link: to a file outside the site, to a
// secret of the system, to a file inside the site, to a folder, as a whole top-level
// folder, and dangling; none is read, each is reported at path:1:1 with its target.
func TestSymlinks(t *testing.T) {
	outside := site(t, map[string]string{"secret.txt": "secret", "dir/x.md": "secret"})
	dir := site(t, map[string]string{"site.toml": "title = \"x\"\n", "content/pages/a.md": "a", "static/ok.css": "ok"})
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "static/leak.txt"))
	symlink(t, "/etc/passwd", filepath.Join(dir, "layouts/404.html"))
	symlink(t, "../../site.toml", filepath.Join(dir, "content/pages/inside.md"))
	symlink(t, filepath.Join(outside, "dir"), filepath.Join(dir, "content/initiatives"))
	symlink(t, outside, filepath.Join(dir, "content/communes"))
	symlink(t, "nowhere", filepath.Join(dir, "static/dangling.txt"))
	f := open(t, dir)

	// Listing leaves them out and records them.
	var seen []string
	err := fs.WalkDir(f, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		seen = append(seen, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{".", "content", "content/pages", "content/pages/a.md", "layouts", "site.toml", "static", "static/ok.css"}
	if !slices.Equal(seen, want) {
		t.Errorf("walk saw %q\nwant %q", seen, want)
	}
	// Opening them by name is an error too, through every method.
	for _, name := range []string{"static/leak.txt", "layouts/404.html", "content/pages/inside.md", "content/initiatives/x.md", "content/communes/secret.txt"} {
		if _, err := fs.ReadFile(f, name); !isRefused(err) {
			t.Errorf("ReadFile(%s) = %v, want a refusal", name, err)
		}
		if _, err := f.Open(name); !isRefused(err) {
			t.Errorf("Open(%s) = %v, want a refusal", name, err)
		}
		if _, err := fs.Stat(f, name); !isRefused(err) {
			t.Errorf("Stat(%s) = %v, want a refusal", name, err)
		}
	}
	if _, err := fs.ReadDir(f, "content/initiatives"); !isRefused(err) {
		t.Errorf("ReadDir(content/initiatives) = %v, want a refusal", err)
	}
	sub, _ := fs.Sub(f, "layouts")
	if _, err := fs.ReadFile(sub, "404.html"); !isRefused(err) {
		t.Errorf("ReadFile(layouts/404.html) through fs.Sub = %v, want a refusal", err)
	}

	got := messages(f)
	wantMsgs := []string{
		"content/communes:1:1: symbolic link to " + outside + " refused: atlas reads only the site's own files and folders; put the file itself here",
		"content/initiatives:1:1: symbolic link to " + filepath.Join(outside, "dir") + " refused: atlas reads only the site's own files and folders; put the file itself here",
		"content/pages/inside.md:1:1: symbolic link to ../../site.toml refused: atlas reads only the site's own files and folders; put the file itself here",
		"layouts/404.html:1:1: symbolic link to /etc/passwd refused: atlas reads only the site's own files and folders; put the file itself here",
		"static/dangling.txt:1:1: symbolic link to nowhere refused: atlas reads only the site's own files and folders; put the file itself here",
		"static/leak.txt:1:1: symbolic link to " + filepath.Join(outside, "secret.txt") + " refused: atlas reads only the site's own files and folders; put the file itself here",
	}
	if !slices.Equal(got, wantMsgs) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantMsgs, "\n"))
	}
}

func isRefused(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// TestSymlinkedSite checks that a site folder given through a symbolic link is read:
// the user chose it.
func TestSymlinkedSite(t *testing.T) {
	dir := site(t, map[string]string{"site.toml": "x"})
	link := filepath.Join(t.TempDir(), "site")
	symlink(t, dir, link)
	if b, err := fs.ReadFile(open(t, link), "site.toml"); err != nil || string(b) != "x" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
}

// TestFIFO checks that a named pipe is refused at once, listed or opened by name,
// instead of blocking the build for ever.
func TestFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes in folders")
	}
	dir := site(t, map[string]string{"site.toml": "x"})
	os.MkdirAll(filepath.Join(dir, "content/initiatives"), 0o755)
	fifo := filepath.Join(dir, "content/initiatives/x.md")
	if err := mkfifo(fifo); err != nil {
		t.Skip(err)
	}
	f := open(t, dir)
	done := make(chan error, 1)
	go func() {
		_, err := fs.ReadFile(f, "content/initiatives/x.md")
		done <- err
	}()
	select {
	case err := <-done:
		if !isRefused(err) {
			t.Errorf("ReadFile = %v, want a refusal", err)
		}
	case <-time.After(10 * time.Second):
		// Unblock the reader so that the test ends.
		w, _ := os.OpenFile(fifo, os.O_WRONLY, 0)
		w.Close()
		t.Fatal("reading a named pipe blocked")
	}
	if entries, err := fs.ReadDir(f, "content/initiatives"); err != nil || len(entries) != 0 {
		t.Errorf("ReadDir = %v, %v, want nothing", entries, err)
	}
	want := []string{"content/initiatives/x.md:1:1: named pipe (FIFO) refused: atlas reads only plain files and folders"}
	if got := messages(f); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestDevice checks that a device is refused: /dev/zero would be read for ever.
func TestDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	f := New(fstest.MapFS{"x.md": {Mode: fs.ModeDevice | fs.ModeCharDevice}})
	if _, err := fs.ReadFile(f, "x.md"); !isRefused(err) {
		t.Errorf("ReadFile = %v, want a refusal", err)
	}
	// On disk, /dev/zero is reached only through a link, refused as such; and a root
	// opened on /dev shows the device itself.
	dev := open(t, "/dev")
	if _, err := fs.ReadFile(dev, "zero"); !isRefused(err) {
		t.Errorf("ReadFile(/dev/zero) = %v, want a refusal", err)
	}
	want := []string{"zero:1:1: device refused: atlas reads only plain files and folders"}
	if got := messages(dev); !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestLimits checks that a file over its limit is an error, not read, and that
// site.toml's limits raise them.
func TestLimits(t *testing.T) {
	big := strings.Repeat("x", 5<<20)
	dir := site(t, map[string]string{"content/pages/big.md": big, "static/big.pdf": big, "static/small.css": "x"})
	f := open(t, dir)
	_, err := fs.ReadFile(f, "content/pages/big.md")
	want := "content/pages/big.md: file of 5 MiB is over the limit of 4 MiB: make it smaller, or raise source_bytes in the [limits] table of site.toml"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
	if b, err := fs.ReadFile(f, "static/big.pdf"); err != nil || len(b) != len(big) {
		t.Errorf("static/big.pdf: %d bytes, %v", len(b), err)
	}
	small := WithLimits(f, Limits{Source: 1 << 10, Static: 1 << 10})
	if _, err := fs.ReadFile(small, "static/big.pdf"); err == nil || !strings.Contains(err.Error(), "raise static_bytes") {
		t.Errorf("static/big.pdf with a 1 kiB limit: %v", err)
	}
	raised := WithLimits(f, Limits{Source: 8 << 20})
	if b, err := fs.ReadFile(raised, "content/pages/big.md"); err != nil || len(b) != len(big) {
		t.Errorf("with the limit raised: %d bytes, %v", len(b), err)
	}
	if b, err := fs.ReadFile(small, "static/small.css"); err != nil || string(b) != "x" {
		t.Errorf("small file: %q, %v", b, err)
	}
}

// TestEscape checks that no name reaches outside the site folder.
func TestEscape(t *testing.T) {
	f := open(t, site(t, map[string]string{"a": "a"}))
	for _, name := range []string{"../a", "/etc/passwd", "a/../../x", ""} {
		if _, err := fs.ReadFile(f, name); err == nil {
			t.Errorf("ReadFile(%q) succeeded", name)
		}
	}
}
