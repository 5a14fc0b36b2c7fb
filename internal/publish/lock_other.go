//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package publish

import (
	"errors"
	"io/fs"
	"os"
)

// lockFile creates the file name, which must not exist, as the lock. Without flock a
// build that is killed leaves it behind; the error names it so that it can be removed.
func lockFile(name string) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, ErrBusy
	}
	return f, err
}

func unlock(f *os.File) {
	f.Close()
	os.Remove(f.Name())
}
