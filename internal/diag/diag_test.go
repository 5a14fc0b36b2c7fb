package diag

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFilePos(t *testing.T) {
	for _, tt := range []struct {
		name   string
		src    string
		offset int
		want   string
	}{
		{"start", "a = 1\n", 0, "f:1:1"},
		{"second line", "a = 1\nb = 2\n", 10, "f:2:5"},
		{"characters not bytes", "é = \"à\"\n", 5, "f:1:5"},
		{"inside a character", "é = \"à\"\n", 7, "f:1:6"},
		{"crlf", "a = 1\r\nb = 2\r\n", 11, "f:2:5"},
		{"bom on line 1", "\uFEFFa = 1\n", 7, "f:1:5"},
		{"bom not on line 2", "\uFEFFa\nb = 1\n", 9, "f:2:5"},
		{"end of file", "a", 1, "f:1:2"},
		{"past the end", "a\n", 10, "f:2:1"},
		{"before the start", "a\n", -3, "f:1:1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := NewFile("f", []byte(tt.src)).Pos(tt.offset).String(); got != tt.want {
				t.Errorf("Pos(%d) = %s, want %s", tt.offset, got, tt.want)
			}
		})
	}
}

func TestPosString(t *testing.T) {
	for _, tt := range []struct {
		pos  Pos
		want string
	}{
		{Pos{"site.toml", 0, 0}, "site.toml"},
		{Pos{"a.md", 3, 0}, "a.md:3"},
		{Pos{"a.md", 3, 7}, "a.md:3:7"},
	} {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
		}
	}
}

func TestListErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("an empty list is an error")
	}
	l.Add(Pos{"b.md", 2, 1}, "second %s", "file")
	l.Add(Pos{"a.md", 10, 1}, "line ten")
	l.Add(Pos{"a.md", 9, 4}, "line nine")
	l.Add(Pos{"a.md", 10, 1}, "line ten")
	l.Add(Pos{"a.md", 10, 1}, "another at line ten")
	err := l.Err()
	want := "a.md:9:4: line nine\na.md:10:1: another at line ten\na.md:10:1: line ten\nb.md:2:1: second file"
	if err == nil || err.Error() != want {
		t.Errorf("got:\n%v\nwant:\n%s", err, want)
	}
	var got List
	if !errors.As(err, &got) || len(got) != 4 {
		t.Errorf("errors.As gives %d diagnostics, want 4", len(got))
	}
	if l[0].Pos.File != "b.md" {
		t.Error("Err sorted the list in place")
	}
}

func TestSuggest(t *testing.T) {
	slugs := []string{"ressourcerie", "recyclerie", "epicerie-solidaire", "amap"}
	for _, tt := range []struct{ word, want string }{
		{"ressourcery", ` (did you mean "ressourcerie"?)`},
		{"recylerie", ` (did you mean "recyclerie"?)`},
		{"epicerie-solidair", ` (did you mean "epicerie-solidaire"?)`},
		{"amp", ` (did you mean "amap"?)`},
		{"boulangerie", ""},
		{"ressourcerie", ""},
		{"", ""},
	} {
		if got := Suggest(tt.word, slugs); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Suggest("x", nil); got != "" {
		t.Errorf("Suggest without candidates = %q", got)
	}
}

// TestFilePosLongLine checks that the columns of a long line, counted from marks,
// are those counted from the start of the line, characters of every width included.
func TestFilePosLongLine(t *testing.T) {
	line := strings.Repeat("aé€😀 ", 1000) // 12 kB
	src := []byte("short\n" + line + "\n" + line)
	f := NewFile("x", src)
	for off := 0; off < len(src); off++ {
		got := f.Pos(off)
		start := bytes.LastIndexByte(src[:off], '\n') + 1
		o := off
		for o > start && o < len(src) && !utf8.RuneStart(src[o]) {
			o--
		}
		want := Pos{File: "x", Line: bytes.Count(src[:off], []byte("\n")) + 1, Col: utf8.RuneCount(src[start:o]) + 1}
		if got != want {
			t.Fatalf("Pos(%d) = %v, want %v", off, got, want)
		}
	}
}

// BenchmarkPosLongLine places every element of a one-line array of 100,000 strings
// (1.1 MB): linear in the length of the line, where counting from its start for each
// element took 32 s.
func BenchmarkPosLongLine(b *testing.B) {
	src := []byte("themes = [" + strings.Repeat(`"abcdefgh", `, 100_000) + "]\n")
	for b.Loop() {
		f := NewFile("x", src)
		for off := 10; off < len(src); off += 12 {
			f.Pos(off)
		}
	}
}
