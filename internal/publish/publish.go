// Package publish minifies the files of a built site and writes them to the output
// folder. It is the only package that writes to disk.
//
// A site is written into a staging folder beside the output and moved into place only
// once every file is written, so a failed build leaves the previous output as it was
// and no file of an earlier build survives in the new one. Files the output already
// holds byte for byte are left as they are (see Writer).
package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sync"
	"sync/atomic"

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

// MinifyFile returns f minified when its kind has a minifier and it is not compact
// already, else f.
func MinifyFile(f render.File) (render.File, error) {
	mt, ok := mediaTypes[path.Ext(f.Path)]
	if !ok || f.Compact {
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

// Write writes files over the output folder out, as a Writer does.
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
	_, err = w.Commit()
	return err
}

// Writer publishes a site over the previous output folder, from several goroutines
// at once. Files go to a staging folder beside the output, but for those the output
// already holds byte for byte; Commit moves the staged files into place and removes
// the files this build did not write. Until Commit the previous output is untouched;
// Abort removes the staging folder.
//
// Rewriting only what changed keeps the files and modification times of unchanged
// pages, which rsync and static hosts go by, and spares the filesystem the deletion and
// creation of every file at each build. Without a previous output, or when it holds
// anything but plain files and folders (a symbolic link, say), the staging folder
// replaces the output whole.
type Writer struct {
	out, tmp string

	ready chan struct{} // closed once prev is known
	// prev lists the previous output: true for a file, false for a folder, by path
	// relative to it with slashes; nil when the staging folder replaces it whole.
	prev map[string]bool

	dirs sync.Map // folders made in the staging folder

	mu      sync.Mutex
	written map[string]bool // every file of this build
	staged  []string        // files written to the staging folder, when prev != nil

	unchanged atomic.Int64
}

// Stats says what a committed Writer did.
type Stats struct {
	Written   int // files written, new or changed
	Unchanged int // files the output already held, left as they were
	Removed   int // files of the previous output that the build did not write
}

// NewWriter starts writing a site that will replace out. It lists the previous output
// in the background, while the caller renders.
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
	w := &Writer{out: out, tmp: tmp, ready: make(chan struct{}), written: map[string]bool{}}
	go func() {
		w.prev = previous(out)
		close(w.ready)
	}()
	return w, nil
}

// previous lists the files and folders of the output folder out, or returns nil when
// it has none or holds anything else.
func previous(out string) map[string]bool {
	prev := map[string]bool{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == out {
			return nil
		}
		rel := filepath.ToSlash(p[len(out)+1:])
		switch {
		case d.IsDir():
			prev[rel] = false
		case d.Type().IsRegular():
			prev[rel] = true
		default:
			return errIrregular
		}
		return nil
	})
	if err != nil || len(prev) == 0 {
		return nil
	}
	return prev
}

var errIrregular = errors.New("not a file or a folder")

// Write writes one file, or leaves the output's copy when it has the same bytes, and
// keeps nothing of f. It may be called from several goroutines at once.
func (w *Writer) Write(f render.File) error {
	rel := filepath.FromSlash(f.Path)
	if !filepath.IsLocal(rel) || f.Path != path.Clean(f.Path) {
		return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
	}
	<-w.ready
	w.mu.Lock()
	dup := w.written[f.Path]
	w.written[f.Path] = true
	w.mu.Unlock()
	if dup {
		return fmt.Errorf("%s: written twice", f.Path)
	}
	if w.prev[f.Path] && same(filepath.Join(w.out, rel), f.Data) {
		w.unchanged.Add(1)
		return nil
	}
	if err := w.mkdirs(path.Dir(f.Path)); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(w.tmp, rel), f.Data); err != nil {
		return err
	}
	if w.prev != nil {
		w.mu.Lock()
		w.staged = append(w.staged, f.Path)
		w.mu.Unlock()
	}
	return nil
}

// same reports whether the file name holds data.
func same(name string, data []byte) bool {
	f, err := os.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() || st.Size() != int64(len(data)) {
		return false
	}
	bp := readBuffers.Get().(*[]byte)
	defer readBuffers.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	// One byte more than expected tells a file that grew since Stat.
	n, err := io.ReadFull(f, (*bp)[:len(data)+1])
	return n == len(data) && (err == io.ErrUnexpectedEOF || err == io.EOF) && bytes.Equal((*bp)[:n], data)
}

var readBuffers = sync.Pool{New: func() any { return new([]byte) }}

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
func (w *Writer) Abort() {
	<-w.ready
	os.RemoveAll(w.tmp)
}

// Commit puts the new site in place of the previous output. If it fails midway, the
// output may hold files of both builds; the next build puts it right.
func (w *Writer) Commit() (Stats, error) {
	<-w.ready
	st := Stats{Written: len(w.written) - int(w.unchanged.Load()), Unchanged: int(w.unchanged.Load())}
	if w.prev == nil {
		return st, w.swap()
	}
	defer os.RemoveAll(w.tmp)

	// Folders that hold a file of this build stay; every other file and folder goes.
	keep := map[string]bool{}
	for p := range w.written {
		for d := path.Dir(p); d != "." && !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	var gone, emptied []string
	for p, isFile := range w.prev {
		switch {
		case isFile && !w.written[p]:
			gone = append(gone, p)
			st.Removed++
		case !isFile && w.written[p]:
			gone = append(gone, p) // a folder where this build writes a file
		case !isFile && !keep[p]:
			emptied = append(emptied, p)
		}
	}
	slices.Sort(gone)
	errs := make([]error, len(gone))
	parallel.For(len(gone), func(i int) {
		p := filepath.Join(w.out, filepath.FromSlash(gone[i]))
		if w.prev[gone[i]] {
			errs[i] = os.Remove(p)
		} else {
			errs[i] = os.RemoveAll(p)
		}
		if errors.Is(errs[i], fs.ErrNotExist) {
			errs[i] = nil // in a folder removed whole at the same time
		}
	})
	if err := errors.Join(errs...); err != nil {
		return st, err
	}

	slices.Sort(w.staged)
	made := map[string]bool{}
	for _, p := range w.staged {
		d := path.Dir(p)
		if d == "." || made[d] {
			continue
		}
		made[d] = true
		if isFile, ok := w.prev[d]; ok && !isFile {
			continue // the previous output has this folder
		}
		if err := os.MkdirAll(filepath.Join(w.out, filepath.FromSlash(d)), 0o755); err != nil {
			return st, err
		}
	}
	errs = make([]error, len(w.staged))
	parallel.For(len(w.staged), func(i int) {
		rel := filepath.FromSlash(w.staged[i])
		errs[i] = os.Rename(filepath.Join(w.tmp, rel), filepath.Join(w.out, rel))
	})
	if err := errors.Join(errs...); err != nil {
		return st, err
	}

	// Folders left empty, the deepest first.
	slices.Sort(emptied)
	for _, d := range slices.Backward(emptied) {
		os.Remove(filepath.Join(w.out, filepath.FromSlash(d)))
	}
	return st, nil
}

// swap renames the staging folder into place of the previous output, if any, and
// removes that.
func (w *Writer) swap() error {
	parent, base := filepath.Dir(w.out), filepath.Base(w.out)
	old := ""
	if _, err := os.Stat(w.out); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+filepath.Base(w.tmp)[len(base)+6:])
		if err := os.Rename(w.out, old); err != nil {
			os.RemoveAll(w.tmp)
			return err
		}
	}
	if err := os.Rename(w.tmp, w.out); err != nil {
		if old != "" {
			os.Rename(old, w.out)
		}
		os.RemoveAll(w.tmp)
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
