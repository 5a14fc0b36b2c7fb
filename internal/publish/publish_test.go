package publish

import (
	"os"
	"path/filepath"
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

	// A committed build replaces the output whole: no stale file survives.
	w, _ = NewWriter(out)
	for _, f := range []render.File{{Path: "a/b/index.html", Data: []byte("v3")}, {Path: "a/c.txt", Data: []byte("c")}} {
		if err := w.Write(f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Write(render.File{Path: "../escape.txt"}); err == nil {
		t.Error("a path outside the output folder was accepted")
	}
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/b/index.html")); got != "v3" {
		t.Errorf("after Commit the output holds %q, want v3", got)
	}
	if _, err := os.Stat(filepath.Join(out, "old.txt")); !os.IsNotExist(err) {
		t.Errorf("a file of the previous build survived: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries beside the output, want only the output", len(entries))
	}
	if _, err := os.Stat(filepath.Join(dir, "escape.txt")); !os.IsNotExist(err) {
		t.Error("a file was written outside the output folder")
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
