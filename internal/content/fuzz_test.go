package content

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

// seeds adds the example's files matching pattern, relative to the module root, to
// the corpus of f.
func seeds(f *testing.F, pattern string) {
	paths, err := filepath.Glob(filepath.Join("..", "..", pattern))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seed matches %s: %v", pattern, err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// checkPositions fails for a diagnostic outside src or not at a character boundary.
func checkPositions(t *testing.T, name string, src []byte, d diag.List) {
	t.Helper()
	lines := bytes.Split(src, []byte("\n"))
	for _, x := range d {
		p := x.Pos
		if p.File != name {
			t.Errorf("%v: file %q, want %q", x, p.File, name)
		}
		if p.Line < 1 || p.Line > len(lines) {
			t.Errorf("%v: line %d outside the file's %d lines", x, p.Line, len(lines))
			continue
		}
		line := lines[p.Line-1]
		if p.Line == 1 {
			line = bytes.TrimPrefix(line, []byte("\uFEFF"))
		}
		if n := utf8.RuneCount(line); p.Col < 1 || p.Col > n+1 {
			t.Errorf("%v: column %d outside the line's %d characters", x, p.Col, n)
		}
		if x.Msg == "" {
			t.Errorf("%v: empty message", x)
		}
		// An unknown key is reported where it is written, as the key index found it.
		var key string
		if _, err := fmt.Sscanf(x.Msg, "unknown key %q", &key); err == nil && key != "" {
			at := string(line[min(len(line), byteOffset(line, p.Col-1)):])
			if !strings.HasPrefix(at, key) && !strings.HasPrefix(at, `"`) && !strings.HasPrefix(at, `'`) {
				t.Errorf("%v: the key is not at that position: %q", x, at)
			}
		}
	}
}

// byteOffset returns the offset of the character at index n of line.
func byteOffset(line []byte, n int) int {
	off := 0
	for i := 0; i < n && off < len(line); i++ {
		_, size := utf8.DecodeRune(line[off:])
		off += size
	}
	return off
}

func FuzzFrontMatter(f *testing.F) {
	seeds(f, "content/initiatives/*.md")
	seeds(f, "content/pages/*.md")
	for _, s := range []string{"", "+++", "+++\n", "+++\n+++", "\uFEFF+++\r\ntitle = \"x\"\r\n+++\r\nbody", "+++ \n+++\t\n", "+++\n+++\n+++\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "content/initiatives/x.md"
		var d diag.List
		fm, body, ok := splitFrontMatter(diag.NewFile(name, src), &d)
		if ok {
			if body < len(fm) || body > len(src) {
				t.Fatalf("body at %d, front matter %d bytes, file %d bytes", body, len(fm), len(src))
			}
			// The front matter keeps the file's offsets: only the opening line is
			// blanked.
			if i := bytes.IndexByte(src, '\n'); !bytes.Equal(fm[i:], src[i:len(fm)]) {
				t.Fatal("front matter offsets differ from the file's")
			}
		} else if len(d) != 1 {
			t.Fatalf("split failed with %d diagnostics: %v", len(d), d)
		}
		d = nil
		in := parseInitiative(name, src, &d)
		if in == nil || in.Slug != "x" {
			t.Fatalf("parseInitiative = %+v", in)
		}
		checkPositions(t, name, src, d)
		if !in.Broken {
			if in.Body.Pos(len(in.Body.Src)).Line < 1 {
				t.Error("body position before the file")
			}
		}
		d = nil
		parsePage("content/pages/x.md", src, &d)
		checkPositions(t, "content/pages/x.md", src, d)
	})
}

func FuzzCommune(f *testing.F) {
	seeds(f, "content/communes/*.toml")
	for _, s := range []string{"name = 1\ninsee = [\"a\", 2]\nlocation = { lat = 1e9, lon = \"x\" }\n[[elus]]\nnom = 3\n",
		"summary = '''\nx [a](commune:y)'''\nsources = [{ title = \"a, b\" }, 3]\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const name = "content/communes/x.toml"
		var d diag.List
		c := parseCommune(name, src, &d)
		if c == nil || c.Slug != "x" {
			t.Fatalf("parseCommune = %+v", c)
		}
		checkPositions(t, name, src, d)
		if !c.Broken && len(c.Summary.Src) > 0 {
			if p := c.Summary.Pos(len(c.Summary.Src)); p.Line < 1 {
				t.Errorf("summary ends at %v", p)
			}
		}
	})
}

func FuzzSite(f *testing.F) {
	seeds(f, "site.toml")
	f.Add([]byte("title = \"x\"\n[[types]]\nslug = \"A\"\n[[types]]\nslug = \"a\"\n[map]\ntiles = \"javascript:{z}\"\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		var d diag.List
		parseSite(SiteFile, src, &d)
		checkPositions(t, SiteFile, src, d)
	})
}

// FuzzDocument reads documents and itineraries, seeded from the example's documents
// and from shapes that are easy to get wrong: a source without a kind, participants
// as an inline array, a stop without an initiative.
func FuzzDocument(f *testing.F) {
	seeds(f, "content/sources/*.md")
	seeds(f, "internal/build/testdata/autre/content/parcours/*.md")
	for _, s := range []string{
		"+++\ntitle = \"x\"\ndate = 2021-03-17\nrepresented = 2\ncommunes = [\"a\"]\nparticipants = [{ name = \"A\", commune = 3 }, \"B\"]\n+++\n",
		"+++\ntitle = \"x\"\nstops = [{ text = \"ici\" }, { initiative = \"\" }]\n+++\n",
		"+++\n[[stops]]\n[[participants]]\n+++",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var d diag.List
		doc := parseDocument("content/sources/x.md", src, &d)
		if doc == nil || doc.Slug != "x" {
			t.Fatalf("parseDocument = %+v", doc)
		}
		checkPositions(t, "content/sources/x.md", src, d)
		if doc.Represented != 0 && doc.Represented <= len(doc.Communes) {
			t.Errorf("represented %d kept with %d communes", doc.Represented, len(doc.Communes))
		}
		d = nil
		p := parseParcours("content/parcours/x.md", src, &d)
		if p == nil || p.Slug != "x" {
			t.Fatalf("parseParcours = %+v", p)
		}
		checkPositions(t, "content/parcours/x.md", src, d)
		if !p.Broken && len(p.Stops) == 0 && len(d) == 0 {
			t.Error("an itinerary without stops passed")
		}
	})
}
