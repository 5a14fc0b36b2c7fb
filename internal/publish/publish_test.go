package publish

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/render"
)

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func write(t *testing.T, out string, files map[string]string) Stats {
	t.Helper()
	w, err := NewWriter(out)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range files {
		if err := w.Write(render.File{Path: p, Data: []byte(data)}); err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// tree returns the files and folders under dir, folders with a trailing slash.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel := filepath.ToSlash(p[len(dir)+1:])
		if rel == Marker {
			if b, err := os.ReadFile(p); err != nil || string(b) != markerText {
				t.Errorf("marker %s holds %q, %v", p, b, err)
			}
			return nil
		}
		if d.IsDir() {
			got[rel+"/"] = ""
			return nil
		}
		b, err := os.ReadFile(p)
		got[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWriter(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	if err := Write(out, []render.File{{Path: "a/b/index.html", Data: []byte("v1")}, {Path: "old.txt", Data: []byte("old")}}); err != nil {
		t.Fatal(err)
	}

	// An aborted build leaves the previous output as it was, and nothing beside it.
	w, err := NewWriter(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(render.File{Path: "a/b/index.html", Data: []byte("v2")}); err != nil {
		t.Fatal(err)
	}
	w.Abort()
	if got := read(t, filepath.Join(out, "a/b/index.html")); got != "v1" {
		t.Errorf("after Abort the output holds %q, want v1", got)
	}

	// A committed build leaves no file of the previous one that it did not write.
	w, _ = NewWriter(out)
	for _, f := range []render.File{{Path: "a/b/index.html", Data: []byte("v3")}, {Path: "a/c.txt", Data: []byte("c")}} {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"../escape.txt", "a/../../escape.txt", "/abs.txt", "a//b.txt"} {
		if err := w.Write(render.File{Path: p}); err == nil {
			t.Errorf("%q was accepted", p)
		}
	}
	if err := w.Write(render.File{Path: "a/c.txt", Data: []byte("again")}); err == nil {
		t.Error("a file written twice was accepted")
	}
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a/": "", "a/b/": "", "a/b/index.html": "v3", "a/c.txt": "c"}
	if got := tree(t, out); !maps.Equal(got, want) {
		t.Errorf("after Commit the output holds %v, want %v", got, want)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries beside the output, want only the output", len(entries))
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.txt")); !os.IsNotExist(err) {
		t.Error("a file was written outside the output folder")
	}
}

// TestWriterUpdates checks that a build over a previous output rewrites only what
// changed and removes what is gone, files and folders, whatever stood in the way.
func TestWriterUpdates(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	write(t, out, map[string]string{
		"index.html":              "home",
		"empty.txt":               "",
		"same/index.html":         "same",
		"changed/index.html":      "v1",
		"grown/index.html":        "v1",
		"gone/index.html":         "gone",
		"deep/er/still/file.txt":  "gone",
		"file-then-folder":        "a file",
		"folder-then-file/x.html": "in a folder",
	})
	before, err := os.Stat(filepath.Join(out, "same/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	st := write(t, out, map[string]string{
		"index.html":                  "home",
		"same/index.html":             "same",
		"empty.txt":                   "",
		"changed/index.html":          "v2",
		"grown/index.html":            "v1 and more",
		"new/index.html":              "new",
		"file-then-folder/index.html": "now a folder",
		"folder-then-file":            "now a file",
	})
	want := map[string]string{
		"index.html": "home", "empty.txt": "", "same/": "", "same/index.html": "same", "changed/": "", "changed/index.html": "v2",
		"grown/": "", "grown/index.html": "v1 and more", "new/": "", "new/index.html": "new",
		"file-then-folder/": "", "file-then-folder/index.html": "now a folder", "folder-then-file": "now a file",
	}
	if got := tree(t, out); !maps.Equal(got, want) {
		t.Errorf("the output holds\n%v\nwant\n%v", got, want)
	}
	if want := (Stats{Written: 5, Unchanged: 3, Removed: 4}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	after, err := os.Stat(filepath.Join(out, "same/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) || !after.ModTime().Equal(before.ModTime()) {
		t.Error("an unchanged file was rewritten")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries beside the output, want only the output", len(entries))
	}

	// The same build again writes nothing.
	if st := write(t, out, map[string]string{"index.html": "home", "same/index.html": "same"}); st != (Stats{Unchanged: 2, Removed: 6}) {
		t.Errorf("stats %+v, want 2 unchanged, 6 removed", st)
	}
	if got := tree(t, out); !maps.Equal(got, map[string]string{"index.html": "home", "same/": "", "same/index.html": "same"}) {
		t.Errorf("the output holds %v", got)
	}
}

// TestWriterSymlink checks that an output of atlas's where a symbolic link was put
// is replaced whole, and that nothing is written or removed through the link.
func TestWriterSymlink(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	elsewhere := filepath.Join(dir, "elsewhere")
	write(t, out, map[string]string{"index.html": "home"})
	os.MkdirAll(elsewhere, 0o755)
	os.WriteFile(filepath.Join(elsewhere, "index.html"), []byte("not ours"), 0o644)
	if err := os.Symlink(elsewhere, filepath.Join(out, "link")); err != nil {
		t.Skip(err)
	}
	st := write(t, out, map[string]string{"link/index.html": "ours", "index.html": "home"})
	if st != (Stats{Written: 1, Unchanged: 1}) {
		t.Errorf("stats %+v, want 1 written, 1 unchanged", st)
	}
	if got := tree(t, out); !maps.Equal(got, map[string]string{"index.html": "home", "link/": "", "link/index.html": "ours"}) {
		t.Errorf("the output holds %v", got)
	}
	if got := read(t, filepath.Join(elsewhere, "index.html")); got != "not ours" {
		t.Errorf("a file was written through a link: %q", got)
	}
}

func TestMinifyFile(t *testing.T) {
	for _, tc := range []struct{ path, in, want string }{
		// Pages are rendered from minified templates: not minified again.
		{"x.html", "<p>  a  </p>\n\n", "<p>  a  </p>\n\n"},
		{"x.css", "a { color : red ; }", "a{color:red}"},
		{"x.json", "{ \"a\" : [ 1, 2 ] }", `{"a":[1,2]}`},
		{"x.svg", "<svg >  <circle r=\"1.50\"/> </svg>", `<svg><circle r="1.5"/></svg>`},
		{"x.txt", "  as is  ", "  as is  "},
	} {
		f, err := MinifyFile(render.File{Path: tc.path, Data: []byte(tc.in)})
		if err != nil || string(f.Data) != tc.want {
			t.Errorf("%s: got %q, %v; want %q", tc.path, f.Data, err, tc.want)
		}
	}
}

// TestLeftovers checks that the staging folders of killed builds, which hold the
// marker, are removed by the next build and counted, and that a folder of the same
// name without the marker, which atlas cannot tell for its own, is left.
func TestLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	write(t, out, map[string]string{"index.html": "v1"})
	for _, name := range []string{".public.new-123", ".public.new-456.old"} {
		os.MkdirAll(filepath.Join(dir, name, "deep"), 0o755)
		os.WriteFile(filepath.Join(dir, name, Marker), []byte(markerText), 0o644)
		os.WriteFile(filepath.Join(dir, name, "deep", "x.html"), []byte("x"), 0o644)
	}
	os.MkdirAll(filepath.Join(dir, ".public.new-mine"), 0o755)
	os.WriteFile(filepath.Join(dir, ".public.new-mine", "notes.txt"), []byte("mine"), 0o644)
	st := write(t, out, map[string]string{"index.html": "v2"})
	if st.Leftovers != 2 {
		t.Errorf("%d leftovers removed, want 2", st.Leftovers)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".public.new-mine", "public"}; !slices.Equal(names, want) {
		t.Errorf("beside the output: %q, want %q", names, want)
	}
}

// TestBusy checks that a second Writer on the same output gets ErrBusy until the
// first is done.
func TestBusy(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	w, err := NewWriter(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewWriter(out); !errors.Is(err, ErrBusy) {
		t.Errorf("second NewWriter: %v, want ErrBusy", err)
	}
	w.Abort()
	w2, err := NewWriter(out)
	if err != nil {
		t.Fatalf("NewWriter after Abort: %v", err)
	}
	w2.Abort()
}
