package server

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path"

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

// publish minifies and writes the files whose rendered bytes changed, removes the
// files that are gone, and returns how many files it wrote or removed. files are
// those a build made; a file of the last publication that is not among them stays
// unless gone says it is gone. Before the first publication or after a failure,
// files must be the whole site: whatever else the folder holds goes.
func (p *publisher) publish(files []render.File, gone func(string) bool) (int, error) {
	made := make(map[string]bool, len(files))
	sums := make([][sha256.Size]byte, len(files))
	parallel.For(len(files), func(i int) { sums[i] = sha256.Sum256(files[i].Data) })
	var todo []render.File
	for i, f := range files {
		made[f.Path] = true
		if old, ok := p.sums[f.Path]; ok && old == sums[i] {
			continue
		}
		todo = append(todo, f)
	}
	removed := p.gone(made, gone)
	next := p.sums
	p.sums = nil
	// Minify replaces Data; the caller's files keep their rendered bytes.
	if err := publish.Minify(todo); err != nil {
		return 0, err
	}
	if err := p.write(todo); err != nil {
		return 0, err
	}
	n := len(todo)
	for name := range removed {
		if err := p.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, err
		}
		// Folders left empty go too; Remove fails on the others, which is fine.
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			if p.root.Remove(d) != nil {
				break
			}
		}
		n++
	}
	if next == nil {
		next = make(map[string][sha256.Size]byte, len(files))
	}
	for i, f := range files {
		next[f.Path] = sums[i]
	}
	for name := range removed {
		delete(next, name)
	}
	p.sums = next
	return n, nil
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

// write writes files, each under a temporary name renamed into place, so that a
// request never reads a half-written file.
func (p *publisher) write(files []render.File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if d := path.Dir(f.Path); d != "." && !dirs[d] {
			dirs[d] = true
			if err := p.root.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		name := files[i].Path
		tmp := path.Join(path.Dir(name), ".atlas-new-"+path.Base(name))
		if err := p.root.WriteFile(tmp, files[i].Data, 0o644); err != nil {
			errs[i] = err
			return
		}
		errs[i] = p.root.Rename(tmp, name)
	})
	return errors.Join(errs...)
}
