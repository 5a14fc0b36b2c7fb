package progress

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestLine checks what a line writes: nothing in its first second, then the
// stage with French numbers, at most ten times a second but for the last count,
// padded over a longer previous text, and erased by Clear.
func TestLine(t *testing.T) {
	var b strings.Builder
	l := NewWriter(&b)
	now := time.Unix(0, 0)
	l.now = func() time.Time { return now }
	l.start = now
	step := func(d time.Duration, stage string, done, total int) {
		now = now.Add(d)
		l.Set(stage, done, total, "pages")
	}
	step(500*time.Millisecond, "rendu", 10, 110869)
	if b.Len() != 0 {
		t.Fatalf("wrote %q within the first second", b.String())
	}
	step(600*time.Millisecond, "rendu", 41200, 110869)
	step(50*time.Millisecond, "rendu", 41300, 110869)  // too soon: not drawn
	step(10*time.Millisecond, "rendu", 110869, 110869) // the last count is
	step(200*time.Millisecond, "écriture", 0, 0)       // shorter: padded
	l.Clear()
	want := "\rrendu : 41\u00a0200 / 110\u00a0869 pages" +
		"\rrendu : 110\u00a0869 / 110\u00a0869 pages" +
		"\récriture" + strings.Repeat(" ", 23) +
		"\r" + strings.Repeat(" ", 8) + "\r"
	if got := b.String(); got != want {
		t.Errorf("wrote\n%q\nwant\n%q", got, want)
	}
	var nl *Line
	nl.Set("rendu", 1, 2, "pages") // a nil line does nothing
	nl.Clear()
}

// TestTerminal checks that a file or a CI is no terminal.
func TestTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Terminal(f) || New(f) != nil {
		t.Error("a file counts as a terminal")
	}
	t.Setenv("CI", "true")
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		if Terminal(tty) {
			t.Error("a terminal counts in CI")
		}
	}
}
