package build

import (
	"errors"
	"io/fs"
	"syscall"
	"testing"
)

// TestWriteError checks that the errors of a full disk, one per file, are summed up
// in one line per cause with how many files it hit.
func TestWriteError(t *testing.T) {
	var errs []error
	for _, name := range []string{"b.html", "a.html", "c.html"} {
		errs = append(errs, &fs.PathError{Op: "write", Path: "public/" + name, Err: syscall.ENOSPC})
	}
	errs = append(errs, errors.New("x.css: minify: unexpected }"))
	got := writeError(errs).Error()
	want := "write public/a.html: no space left on device (and 2 other files)\nx.css: minify: unexpected }"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if writeError(nil) != nil {
		t.Error("no errors gave an error")
	}
}
