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
// files that are gone, and returns how many files it wrote or removed.
func (p *publisher) publish(files []render.File) (int, error) {
	next := make(map[string][sha256.Size]byte, len(files))
	sums := make([][sha256.Size]byte, len(files))
	parallel.For(len(files), func(i int) { sums[i] = sha256.Sum256(files[i].Data) })
	var todo []render.File
	for i, f := range files {
		next[f.Path] = sums[i]
		if old, ok := p.sums[f.Path]; ok && old == sums[i] {
			continue
		}
		todo = append(todo, f)
	}
	gone := p.gone(next)
	p.sums = nil
	// Minify replaces Data; the caller's files keep their rendered bytes.
	if err := publish.Minify(todo); err != nil {
		return 0, err
	}
	if err := p.write(todo); err != nil {
		return 0, err
	}
	n := len(todo)
	for name := range gone {
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
	p.sums = next
	return n, nil
}

// gone returns the files of the previous publication that next does not have; before
// the first publication or after a failure, every such file found in the folder.
func (p *publisher) gone(next map[string][sha256.Size]byte) map[string]bool {
	gone := map[string]bool{}
	if p.sums != nil {
		for name := range p.sums {
			if _, ok := next[name]; !ok {
				gone[name] = true
			}
		}
		return gone
	}
	fs.WalkDir(p.root.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if _, ok := next[name]; !ok {
				gone[name] = true
			}
		}
		return nil
	})
	return gone
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
