// Package progress shows how far long work has gone, on one line of a terminal that
// updates in place: « rendu : 41 200 / 110 869 pages ».
//
// A Line says nothing until its work has taken Delay (a second), so that short
// builds print nothing more than before, and nothing at all when it does not write
// to a terminal: redirected to a file, piped, or in CI (the CI or TERM=dumb
// environment variables), where a line rewritten with carriage returns would only
// clutter the log. It redraws at most ten times a second. Any command can use one:
// build, serve, import.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Delay is how long work goes on before its line shows.
const Delay = time.Second

// Line is one progress line. Its methods are safe for concurrent use; a nil *Line
// does nothing.
type Line struct {
	w     io.Writer
	now   func() time.Time
	mu    sync.Mutex
	start time.Time
	drawn time.Time // when the line was last drawn; zero if it is not on screen
	width int       // of the line on screen, in characters
}

// New returns a line on f, or nil when f is not a terminal or the environment is a
// CI's.
func New(f *os.File) *Line {
	if !Terminal(f) {
		return nil
	}
	return NewWriter(f)
}

// NewWriter returns a line on w, whatever w is: for tests.
func NewWriter(w io.Writer) *Line { return &Line{w: w, now: time.Now, start: time.Now()} }

// Terminal reports whether f is a terminal that a line may be drawn on.
func Terminal(f *os.File) bool {
	if f == nil || os.Getenv("CI") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var fr = message.NewPrinter(language.French)

// Restart counts the time before the line shows from now: for a new piece of work,
// such as the next rebuild of a server.
func (l *Line) Restart() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.start = l.now()
}

// Set says that stage has done done of total units (pages, documents, files);
// total 0 means that the stage has no count.
func (l *Line) Set(stage string, done, total int, unit string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if now.Sub(l.start) < Delay || (!l.drawn.IsZero() && now.Sub(l.drawn) < 100*time.Millisecond && done != total) {
		return
	}
	text := stage
	if total > 0 {
		text = fr.Sprintf("%s : %d / %d %s", stage, done, total, unit)
	}
	n := utf8.RuneCountInString(text)
	pad := ""
	if n < l.width {
		pad = strings.Repeat(" ", l.width-n)
	}
	fmt.Fprintf(l.w, "\r%s%s", text, pad)
	l.drawn, l.width = now, n
}

// Clear erases the line, if it is on screen, so that what follows starts a clean
// line; the next Set draws it again.
func (l *Line) Clear() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.drawn.IsZero() {
		return
	}
	fmt.Fprintf(l.w, "\r%s\r", strings.Repeat(" ", l.width))
	l.drawn, l.width = time.Time{}, 0
}
