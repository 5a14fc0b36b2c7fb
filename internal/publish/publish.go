// Package publish minifies the files of a built site and writes them to the output
// folder. It is the only package that writes the output of atlas build.
//
// # The output folder is atlas's own
//
// Every output holds a Marker file, .atlas-output. atlas replaces only a folder that
// does not exist, an empty one, one with the marker, or the output of an older atlas,
// recognised by the files only atlas writes together (legacyFiles); anything else is
// refused with a *RefusedError that says why and what to do, and so are the site
// folder, its content/, layouts/ and static/, the home and temporary folders and the
// filesystem's root (see CheckOutput).
//
// # Publishing is atomic
//
// A build writes the complete new site into a staging folder beside the output,
// .NAME.new-XXXX: new and changed files are written, and files the output already
// holds byte for byte are hard-linked from it, so that they keep their inode and
// modification date, which rsync and static hosts go by. Commit then swaps the two
// folders in one system call (renameat2 with RENAME_EXCHANGE on Linux, renamex_np
// with RENAME_SWAP on macOS) and removes the old tree. Whenever the process is
// killed, the output is the whole old site or the whole new one. Elsewhere, or on a
// filesystem without the call, the old folder is renamed aside and the new one into
// its place: killed between the two renames, the output is missing, never mixed.
// A staging or old folder left by a killed build holds the marker and is removed by
// the next build (Stats.Leftovers).
//
// # One build at a time
//
// A Writer holds an exclusive lock (flock) on .NAME.lock beside the output from
// NewWriter to Commit or Abort; a second build into the same folder gets ErrBusy.
// The kernel drops the lock of a killed process.
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
	"strings"
	"sync"
	"sync/atomic"
	"time"

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

// ErrBusy is returned by NewWriter while another build writes to the same output.
var ErrBusy = errors.New("another atlas build is writing to this output folder")

// Writer publishes a site in place of the previous output folder, from several
// goroutines at once; see the package comment. Until Commit the previous output is
// untouched; Abort removes the staging folder.
type Writer struct {
	out, tmp string
	lock     *os.File

	ready chan struct{} // closed once prev is known
	// prev lists the plain files of the previous output by path relative to it, with
	// slashes, and their modification times; nil without a previous output.
	prev map[string]time.Time

	dirs sync.Map // folders made in the staging folder

	mu      sync.Mutex
	written map[string]bool // every file of this build

	unchanged atomic.Int64
	leftovers int
}

// Stats says what a committed Writer did.
type Stats struct {
	Written   int // files written, new or changed
	Unchanged int // files the output already held, linked into the new tree as they were
	Removed   int // files of the previous output that the build did not write
	Leftovers int // staging folders of killed builds, removed
}

// NewWriter starts writing a site that will replace out, once CheckOutput allows
// it and the lock is taken. A symbolic link named as out is resolved: the site
// replaces the folder it points to. NewWriter lists the previous output in the
// background, while the caller renders.
func NewWriter(out string) (*Writer, error) {
	out = filepath.Clean(out)
	if st, err := os.Lstat(out); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		r, err := filepath.EvalSymlinks(out)
		if err != nil {
			return nil, &RefusedError{Out: out, Reason: fmt.Sprintf("is a symbolic link that cannot be followed: %v", err)}
		}
		out = r
	}
	if err := CheckOutput(out, ""); err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	lock, err := lockFile(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		if errors.Is(err, ErrBusy) {
			return nil, fmt.Errorf("%s: %w (lock %s)", out, ErrBusy, filepath.Join(parent, "."+base+".lock"))
		}
		return nil, err
	}
	w := &Writer{out: out, lock: lock, ready: make(chan struct{}), written: map[string]bool{}}
	w.leftovers = removeLeftovers(parent, base)
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err == nil {
		w.tmp = tmp
		if err = os.Chmod(tmp, 0o755); err == nil {
			// The marker first: a staging folder left by a killed build is then
			// known for atlas's own and removed by the next.
			err = writeFile(filepath.Join(tmp, Marker), []byte(markerText))
		}
	}
	if err != nil {
		if w.tmp != "" {
			os.RemoveAll(w.tmp)
		}
		unlock(lock)
		return nil, err
	}
	go func() {
		w.prev = previous(out)
		close(w.ready)
	}()
	return w, nil
}

// removeLeftovers removes the staging folders that killed builds left beside the
// output base in parent, those that hold the marker, and returns how many it removed.
func removeLeftovers(parent, base string) int {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(name, "."+base+".new-") || strings.HasPrefix(name, "."+base+".old-")) {
			continue
		}
		dir := filepath.Join(parent, name)
		if m, err := os.Lstat(filepath.Join(dir, Marker)); err != nil || !m.Mode().IsRegular() {
			continue
		}
		if removeTree(dir) == nil {
			n++
		}
	}
	return n
}

// previous lists the plain files of the output folder out, or returns nil when it
// has none. Anything else in it (a symbolic link, say) is simply not reused.
func previous(out string) map[string]time.Time {
	prev := map[string]time.Time{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == out || !d.Type().IsRegular() || p == filepath.Join(out, Marker) {
			return nil
		}
		if info, err := d.Info(); err == nil {
			prev[filepath.ToSlash(p[len(out)+1:])] = info.ModTime()
		}
		return nil
	})
	if len(prev) == 0 {
		return nil
	}
	return prev
}

// Write writes one file into the staging folder, or links the output's copy there
// when it has the same bytes, and keeps nothing of f. It may be called from several
// goroutines at once.
func (w *Writer) Write(f render.File) error {
	rel := filepath.FromSlash(f.Path)
	if !filepath.IsLocal(rel) || f.Path != path.Clean(f.Path) || f.Path == Marker {
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
	if err := w.mkdirs(path.Dir(f.Path)); err != nil {
		return err
	}
	dst := filepath.Join(w.tmp, rel)
	if mtime, ok := w.prev[f.Path]; ok {
		old := filepath.Join(w.out, rel)
		if same(old, f.Data) {
			w.unchanged.Add(1)
			if os.Link(old, dst) == nil {
				return nil
			}
			// A filesystem without hard links: a copy with the same date.
			if err := writeFile(dst, f.Data); err != nil {
				return err
			}
			return os.Chtimes(dst, time.Time{}, mtime)
		}
	}
	return writeFile(dst, f.Data)
}

// same reports whether the plain file name holds data. It does not follow a
// symbolic link: one put in the output since it was listed is not reused.
func same(name string, data []byte) bool {
	f, err := openNoFollow(name)
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

// Abort removes what was written and releases the lock; the previous output stays.
func (w *Writer) Abort() {
	<-w.ready
	removeTree(w.tmp)
	unlock(w.lock)
}

// Commit puts the new site in place of the previous output in one step, removes the
// old tree and releases the lock. If it fails, the previous output is as it was.
func (w *Writer) Commit() (Stats, error) {
	<-w.ready
	defer unlock(w.lock)
	st := Stats{Written: len(w.written) - int(w.unchanged.Load()), Unchanged: int(w.unchanged.Load()), Leftovers: w.leftovers}
	for p := range w.prev {
		if !w.written[p] {
			st.Removed++
		}
	}
	if err := replace(w.tmp, w.out); err != nil {
		removeTree(w.tmp)
		return st, err
	}
	// w.tmp now holds the old tree, or nothing. Should this fail or the process be
	// killed, the folder holds the marker and the next build removes it.
	removeTree(w.tmp)
	return st, nil
}

var errNoExchange = errors.New("no atomic exchange")

// replace puts the folder tmp in place of out. Afterwards tmp holds the previous
// out, if there was one.
func replace(tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(tmp, out)
	}
	err := exchange(tmp, out)
	if err != errNoExchange {
		return err
	}
	// Two renames: between them out is missing, never a mix of two builds.
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return err
	}
	return os.Rename(old, tmp)
}

// removeTree removes the folder dir and everything in it, the top-level folders in
// parallel: the old tree of a national atlas holds a hundred thousand files.
func removeTree(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	errs := make([]error, len(entries))
	parallel.For(len(entries), func(i int) {
		if entries[i].Name() != Marker {
			errs[i] = os.RemoveAll(filepath.Join(dir, entries[i].Name()))
		}
	})
	// The marker goes last, so that a removal cut short is still known for atlas's.
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return os.RemoveAll(dir)
}
