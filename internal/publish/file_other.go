//go:build !unix

package publish

import (
	"errors"
	"io/fs"
	"os"
)

func writeFile(name string, data []byte) error { return os.WriteFile(name, data, 0o644) }

// openNoFollow opens the file name for reading, failing on a symbolic link.
func openNoFollow(name string) (*os.File, error) {
	if st, err := os.Lstat(name); err != nil {
		return nil, err
	} else if st.Mode()&fs.ModeSymlink != 0 {
		return nil, errors.New("symbolic link")
	}
	return os.Open(name)
}
