package server

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"
	"sync"

	"github.com/reseau-ess-92/atlas/internal/parallel"
	"github.com/reseau-ess-92/atlas/internal/publish"
	"github.com/reseau-ess-92/atlas/internal/render"
)

// publisher keeps the served folder equal to the last successful build, writing only
// what changed. It is the server's counterpart of publish.Write, which rewrites a whole
// folder and swaps it in: right for atlas build, too slow to follow each save of a large
// atlas.
type publisher struct {
	root *os.Root
	// sums holds the SHA-256 of each file as rendered, before minifying, as published
	// last; nil after a failure, so that the next publication rewrites everything.
	sums map[string][sha256.Size]byte
}

// gone returns the files of the previous publication that are not made and that
// gone says are gone; before the first publication or after a failure, every file
// found in the folder that is not made.
func (p *publisher) gone(made map[string]bool, gone func(string) bool) map[string]bool {
	out := map[string]bool{}
	if p.sums != nil {
		for name := range p.sums {
			if !made[name] && gone(name) {
				out[name] = true
			}
		}
		return out
	}
	fs.WalkDir(p.root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !made[name] {
			out[name] = true
		}
		return nil
	})
	return out
}

// stage is one publication made while the site builds: each file is given to it as
// soon as it is rendered, and only those whose bytes changed are minified and
// written, under temporary names beside their own, so that the build holds no file
// in memory. Commit renames them into place and removes the files gone; Abort
// removes them, leaving the folder as it was. file is safe for concurrent use.
type stage struct {
	p    *publisher
	mu   sync.Mutex
	sums map[string][sha256.Size]byte // every file made, by path
	tmps map[string]string            // the files written: path → temporary name
	dirs map[string]bool              // the folders made or known to be there
	errs []error
}

func (p *publisher) begin() *stage {
	return &stage{p: p, sums: map[string][sha256.Size]byte{}, tmps: map[string]string{}, dirs: map[string]bool{}}
}

// file takes one file of the build: Data is the file as rendered, which it must not
// keep.
func (st *stage) file(f render.File) {
	sum := sha256.Sum256(f.Data)
	st.mu.Lock()
	st.sums[f.Path] = sum
	old, ok := st.p.sums[f.Path] // p.sums changes only at Commit, after the build
	st.mu.Unlock()
	if ok && old == sum {
		return
	}
	f, err := publish.MinifyFile(f)
	if err == nil {
		err = st.write(f)
	}
	if err != nil {
		st.mu.Lock()
		st.errs = append(st.errs, err)
		st.mu.Unlock()
	}
}

// write writes f under its temporary name.
func (st *stage) write(f render.File) error {
	dir := path.Dir(f.Path)
	st.mu.Lock()
	known := st.dirs[dir]
	st.mu.Unlock()
	if dir != "." && !known {
		if err := st.p.root.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		st.mu.Lock()
		st.dirs[dir] = true
		st.mu.Unlock()
	}
	tmp := path.Join(dir, ".atlas-new-"+path.Base(f.Path))
	if err := st.p.root.WriteFile(tmp, f.Data, 0o644); err != nil {
		return err
	}
	st.mu.Lock()
	st.tmps[f.Path] = tmp
	st.mu.Unlock()
	return nil
}

// commit publishes the files written, removes the files gone (see publish), and
// returns how many files it wrote or removed.
func (st *stage) commit(gone func(string) bool) (int, error) {
	if err := errors.Join(st.errs...); err != nil {
		st.abort()
		return 0, err
	}
	next := st.p.sums
	st.p.sums = nil
	names := make([]string, 0, len(st.tmps))
	for name := range st.tmps {
		names = append(names, name)
	}
	errs := make([]error, len(names))
	parallel.For(len(names), func(i int) { errs[i] = st.p.root.Rename(st.tmps[names[i]], names[i]) })
	if err := errors.Join(errs...); err != nil {
		st.abort()
		return 0, err
	}
	made := make(map[string]bool, len(st.sums))
	for name := range st.sums {
		made[name] = true
	}
	removed := (&publisher{root: st.p.root, sums: next}).gone(made, gone)
	n := len(names)
	for name := range removed {
		if err := st.p.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if st.p.root.Remove(d) != nil {
				break
			}
		}
		n++
	}
	if next == nil {
		next = make(map[string][sha256.Size]byte, len(st.sums))
	}
	for name, sum := range st.sums {
		next[name] = sum
	}
	for name := range removed {
		delete(next, name)
	}
	st.p.sums = next
	return n, nil
}

// abort removes the files written and the folders left empty: the folder is as it
// was before the build.
func (st *stage) abort() {
	for _, tmp := range st.tmps {
		st.p.root.Remove(tmp) // already renamed when a commit failed half-way: then p.sums is nil
		for d := path.Dir(tmp); d != "."; d = path.Dir(d) {
			if st.p.root.Remove(d) != nil {
				break
			}
		}
	}
}
