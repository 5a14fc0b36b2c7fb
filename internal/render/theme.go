package render

import (
	"errors"
	"io/fs"
	"slices"
)

// Overlay returns a file system in which the files of upper replace the files of lower
// with the same name, and folders hold the entries of both. A nil upper is lower.
// This is how a site's own layouts/ and static/ override the embedded theme file by
// file.
func Overlay(upper, lower fs.FS) fs.FS {
	if upper == nil {
		return lower
	}
	return overlay{upper, lower}
}

type overlay struct{ upper, lower fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.upper.Open(name)
	if err == nil {
		st, serr := f.Stat()
		if serr == nil && !st.IsDir() {
			return f, nil
		}
		f.Close()
	}
	return o.lower.Open(name)
}

func (o overlay) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(o.upper, name)
	if err == nil {
		return b, nil
	}
	return fs.ReadFile(o.lower, name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	up, uerr := fs.ReadDir(o.upper, name)
	low, lerr := fs.ReadDir(o.lower, name)
	if uerr != nil && lerr != nil {
		return nil, lerr
	}
	if uerr != nil && !errors.Is(uerr, fs.ErrNotExist) {
		return nil, uerr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range up {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range low {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int {
		switch {
		case a.Name() < b.Name():
			return -1
		case a.Name() > b.Name():
			return 1
		}
		return 0
	})
	return out, nil
}
