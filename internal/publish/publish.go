// Package publish minifies the files of a built site and writes them to the output
// folder. It is the only package that writes to disk.
//
// A site is written into a new folder beside the output and renamed into place only
// once every file is written, so a failed build leaves the previous output as it was
// and no file of an earlier build survives in the new one.
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"github.com/reseau-ess-92/atlas/internal/parallel"
	"github.com/reseau-ess-92/atlas/internal/render"
)

var minifier = func() *minify.M {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]json$"), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]xml$"), xml.Minify)
	return m
}()

// mediaTypes are the files that are minified when written. HTML is not among them:
// pages come from templates that render minifies once, when it parses them.
var mediaTypes = map[string]string{
	".css":     "text/css",
	".js":      "application/javascript",
	".svg":     "image/svg+xml",
	".json":    "application/json",
	".geojson": "application/geo+json",
}

// Minify minifies HTML, CSS, JavaScript, SVG and JSON files in place, in parallel.
// A file the minifier cannot parse is reported, never half-written.
func Minify(files []render.File) error {
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		files[i], errs[i] = MinifyFile(files[i])
	})
	return errors.Join(errs...)
}

// MinifyFile returns f minified when its kind has a minifier, else f.
func MinifyFile(f render.File) (render.File, error) {
	mt, ok := mediaTypes[path.Ext(f.Path)]
	if !ok {
		return f, nil
	}
	var buf bytes.Buffer
	buf.Grow(len(f.Data))
	if err := minifier.Minify(mt, &buf, bytes.NewReader(f.Data)); err != nil {
		return f, fmt.Errorf("%s: minify: %v", f.Path, err)
	}
	f.Data = buf.Bytes()
	return f, nil
}

// Write writes files into a new folder beside out, then swaps it into place.
func Write(out string, files []render.File) error {
	w, err := NewWriter(out)
	if err != nil {
		return err
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) { errs[i] = w.Write(files[i]) })
	if err := errors.Join(errs...); err != nil {
		w.Abort()
		return err
	}
	return w.Commit()
}

// Writer writes a site into a new folder beside the output folder, file by file and
// from several goroutines at once, and swaps it into place on Commit. Until then the
// previous output is untouched; Abort removes the new folder.
type Writer struct {
	out, tmp string
	dirs     sync.Map // folders already made, relative to tmp
}

// NewWriter starts writing a site that will replace out.
func NewWriter(out string) (*Writer, error) {
	out = filepath.Clean(out)
	if st, err := os.Stat(out); err == nil && !st.IsDir() {
		return nil, fmt.Errorf("%s exists and is not a folder", out)
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return &Writer{out: out, tmp: tmp}, nil
}

// Write writes one file, making its folders once each. It may be called from several
// goroutines at once.
func (w *Writer) Write(f render.File) error {
	rel := filepath.FromSlash(f.Path)
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
	}
	if err := w.mkdirs(path.Dir(f.Path)); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(w.tmp, rel), f.Data, 0o644)
}

func (w *Writer) mkdirs(dir string) error {
	if dir == "." {
		return nil
	}
	if _, done := w.dirs.Load(dir); done {
		return nil
	}
	if err := w.mkdirs(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(w.tmp, filepath.FromSlash(dir)), 0o755); err != nil && !os.IsExist(err) {
		return err
	}
	w.dirs.Store(dir, true)
	return nil
}

// Abort removes what was written; the previous output stays.
func (w *Writer) Abort() { os.RemoveAll(w.tmp) }

// Commit swaps the new folder into place and removes the previous output.
func (w *Writer) Commit() error {
	parent, base := filepath.Dir(w.out), filepath.Base(w.out)
	old := ""
	if _, err := os.Stat(w.out); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+filepath.Base(w.tmp)[len(base)+6:])
		if err := os.Rename(w.out, old); err != nil {
			w.Abort()
			return err
		}
	}
	if err := os.Rename(w.tmp, w.out); err != nil {
		if old != "" {
			os.Rename(old, w.out)
		}
		w.Abort()
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
