package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas/internal/publish"
)

const refusedLink = " refused: atlas reads only the site's own files and folders; put the file itself here"

// TestBuildRefusesSpecialFiles checks that no symbolic link, named pipe or device in
// the site is read: each is reported at path:1:1 with the other problems, build and
// check exit 1 at once, and no output is written.
func TestBuildRefusesSpecialFiles(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("SECRET"), 0o600)
	os.MkdirAll(filepath.Join(outside, "dir"), 0o755)
	os.WriteFile(filepath.Join(outside, "dir", "x.css"), []byte("SECRET"), 0o600)
	for _, tt := range []struct {
		name string
		make func(t *testing.T, dir string)
		want string
	}{
		{"file link to a secret", func(t *testing.T, dir string) {
			link(t, filepath.Join(outside, "secret.txt"), filepath.Join(dir, "static/shadow.txt"))
		}, "static/shadow.txt:1:1: symbolic link to " + filepath.Join(outside, "secret.txt") + refusedLink},
		{"environment of the process", func(t *testing.T, dir string) {
			link(t, "/proc/self/environ", filepath.Join(dir, "static/env.txt"))
		}, "static/env.txt:1:1: symbolic link to /proc/self/environ" + refusedLink},
		{"404 page from /etc/passwd", func(t *testing.T, dir string) {
			link(t, "/etc/passwd", filepath.Join(dir, "layouts/404.html"))
		}, "layouts/404.html:1:1: symbolic link to /etc/passwd" + refusedLink},
		{"static folder", func(t *testing.T, dir string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(dir, "static"))
		}, "static:1:1: symbolic link to " + filepath.Join(outside, "dir") + refusedLink},
		{"layouts folder", func(t *testing.T, dir string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(dir, "layouts"))
		}, "layouts:1:1: symbolic link to " + filepath.Join(outside, "dir") + refusedLink},
		{"content folder", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "content"), filepath.Join(outside, "content-"+filepath.Base(dir)))
			link(t, filepath.Join(outside, "content-"+filepath.Base(dir)), filepath.Join(dir, "content"))
		}, "content:1:1: symbolic link to " + filepath.Join(outside, "content-") + ""},
		{"initiatives folder", func(t *testing.T, dir string) {
			link(t, filepath.Join(outside, "dir"), filepath.Join(dir, "content/initiatives/more"))
		}, "content/initiatives/more:1:1: symbolic link to " + filepath.Join(outside, "dir") + refusedLink},
		{"link inside the site", func(t *testing.T, dir string) {
			link(t, "ressourcerie-de-sceaux.md", filepath.Join(dir, "content/initiatives/copie.md"))
		}, "content/initiatives/copie.md:1:1: symbolic link to ressourcerie-de-sceaux.md" + refusedLink},
		{"site.toml", func(t *testing.T, dir string) {
			os.Rename(filepath.Join(dir, "site.toml"), filepath.Join(dir, "real.toml"))
			link(t, "real.toml", filepath.Join(dir, "site.toml"))
		}, "site.toml:1:1: symbolic link to real.toml" + refusedLink},
		{"/dev/zero", func(t *testing.T, dir string) {
			link(t, "/dev/zero", filepath.Join(dir, "content/initiatives/x.md"))
		}, "content/initiatives/x.md:1:1: symbolic link to /dev/zero" + refusedLink},
		{"named pipe", func(t *testing.T, dir string) {
			if runtime.GOOS == "windows" {
				t.Skip("no named pipes")
			}
			if err := mkfifo(filepath.Join(dir, "content/initiatives/x.md")); err != nil {
				t.Skip(err)
			}
		}, "content/initiatives/x.md:1:1: named pipe (FIFO) refused: atlas reads only plain files and folders"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, map[string]string{"static/ok.css": "body{}"})
			tt.make(t, dir)
			for _, cmd := range []string{"check", "build"} {
				out := filepath.Join(t.TempDir(), "public")
				start := time.Now()
				code, stdout, stderr := runAtlas(cmd, "-s", dir, "-o", out)
				if cmd == "check" {
					code, stdout, stderr = runAtlas(cmd, "-s", dir)
				}
				if code != 1 || !strings.Contains(stderr, tt.want) || strings.Contains(stdout+stderr, "SECRET") {
					t.Errorf("atlas %s = %d\nstdout:\n%s\nstderr:\n%s\nwant 1 and %q", cmd, code, stdout, stderr, tt.want)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("atlas %s wrote %s: %v", cmd, out, err)
				}
				if d := time.Since(start); d > time.Minute {
					t.Errorf("atlas %s took %v", cmd, d)
				}
			}
		})
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(name), 0o755)
	os.RemoveAll(name)
	if err := os.Symlink(target, name); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
}

// TestBuildRefusesOutput checks that every dangerous -o exits 2 with a message that
// says why and what to do, and changes nothing on disk.
func TestBuildRefusesOutput(t *testing.T) {
	dir := writeSite(t, map[string]string{"static/ok.css": "body{}", "layouts/partials/x.html": "x"})
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, ".ssh"), 0o700)
	os.WriteFile(filepath.Join(home, ".ssh", "id_rsa"), []byte("KEY"), 0o600)
	os.MkdirAll(filepath.Join(home, "Documents"), 0o755)
	tmp := t.TempDir()
	os.WriteFile(filepath.Join(tmp, "other-program.sock"), []byte("x"), 0o644)
	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644)
	file := filepath.Join(t.TempDir(), "file.txt")
	os.WriteFile(file, []byte("a file"), 0o644)
	t.Setenv("HOME", home)
	t.Setenv("TMPDIR", tmp)

	for _, tt := range []struct{ out, want string }{
		{filepath.Join(dir, "content"), "is inside the site's content/ folder"},
		{filepath.Join(dir, "content/initiatives"), "is inside the site's content/ folder"},
		{filepath.Join(dir, "layouts"), "is inside the site's layouts/ folder"},
		{filepath.Join(dir, "static"), "is inside the site's static/ folder"},
		{filepath.Join(dir, "static/new"), "is inside the site's static/ folder"},
		{dir, "would replace the site folder"},
		{filepath.Dir(dir), "would replace the site folder"},
		{home, "is your home folder or holds it"},
		{tmp, "is the temporary folder or holds it"},
		{"/", "is the root of the filesystem"},
		{mine, "is not empty and atlas did not make it (it has no .atlas-output file; it holds notes.txt)"},
		{file, "is a file, not a folder"},
	} {
		before := snapshot(t, dir, home, tmp, mine, file)
		code, stdout, stderr := runAtlas("build", "-s", dir, "-o", tt.out)
		if code != 2 || stdout != "" || !strings.HasPrefix(stderr, "atlas: output folder "+tt.out+" ") || !strings.Contains(stderr, tt.want) {
			t.Errorf("atlas build -o %s = %d\nstdout:\n%s\nstderr:\n%s\nwant 2 and %q", tt.out, code, stdout, stderr, tt.want)
		}
		if after := snapshot(t, dir, home, tmp, mine, file); after != before {
			t.Errorf("atlas build -o %s changed the disk", tt.out)
		}
	}
}

// snapshot lists every file under the paths with its content.
func snapshot(t *testing.T, paths ...string) string {
	var b strings.Builder
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			data, _ := os.ReadFile(p)
			b.WriteString(p + "=" + string(data) + "\n")
			continue
		}
		for name, data := range tree(t, p) {
			b.WriteString(p + "/" + name + "=" + data + "\n")
		}
	}
	lines := strings.Split(b.String(), "\n")
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestBuildOutputs checks the outputs atlas does replace: the default public/, a
// new folder, an empty one, its own output, and the output of an atlas older than
// the marker.
func TestBuildOutputs(t *testing.T) {
	dir := writeSite(t, nil)
	if code, _, stderr := runAtlas("build", "-q", "-s", dir); code != 0 {
		t.Fatalf("build into the default public/ = %d:\n%s", code, stderr)
	}
	if code, _, stderr := runAtlas("build", "-q", "-s", dir); code != 0 {
		t.Fatalf("second build into public/ = %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", publish.Marker)); err != nil {
		t.Error(err)
	}
	empty := t.TempDir()
	if code, _, stderr := runAtlas("build", "-q", "-s", dir, "-o", empty); code != 0 {
		t.Fatalf("build into an empty folder = %d:\n%s", code, stderr)
	}
	// The output of an older atlas has no marker, but has the files only atlas writes.
	os.Remove(filepath.Join(empty, publish.Marker))
	if code, _, stderr := runAtlas("build", "-q", "-s", dir, "-o", empty); code != 0 {
		t.Fatalf("build into an older atlas's output = %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(empty, publish.Marker)); err != nil {
		t.Error(err)
	}
	// Without one of those files it is not recognised.
	os.Remove(filepath.Join(empty, publish.Marker))
	os.Remove(filepath.Join(empty, "atom.xml"))
	if code, _, _ := runAtlas("build", "-q", "-s", dir, "-o", empty); code != 2 {
		t.Errorf("build into an unrecognised folder = %d, want 2", code)
	}
	// A hidden entry, such as .git or .ssh, is never taken for part of an older output.
	os.WriteFile(filepath.Join(empty, "atom.xml"), nil, 0o644)
	os.MkdirAll(filepath.Join(empty, ".ssh"), 0o700)
	if code, _, _ := runAtlas("build", "-q", "-s", dir, "-o", empty); code != 2 {
		t.Errorf("build into an older output holding .ssh = %d, want 2", code)
	}
	if _, err := os.Stat(filepath.Join(empty, ".ssh")); err != nil {
		t.Error(err)
	}
	if code, _, _ := runAtlas("build", "-q", "-s", dir, "-o", filepath.Join(t.TempDir(), "new")); code != 0 {
		t.Errorf("build into a new folder = %d", code)
	}
}

// TestBuildMissingSite checks that a site folder that does not exist is bad usage,
// and that nothing is created.
func TestBuildMissingSite(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nonexistent")
	for _, cmd := range []string{"build", "check"} {
		code, _, stderr := runAtlas(cmd, "-s", missing)
		want := "atlas: site folder " + missing + " does not exist (use -s DIR)\n"
		if code != 2 || stderr != want {
			t.Errorf("atlas %s = %d, stderr %q, want 2 and %q", cmd, code, stderr, want)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Errorf("atlas %s created the site folder: %v", cmd, err)
		}
	}
}
