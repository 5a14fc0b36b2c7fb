package sitefs

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

// Limits bounds the size of one file, in bytes. A zero field means its default.
type Limits struct {
	Source int64 // a text source: site.toml, a file of content/ or layouts/
	Static int64 // a file of static/, copied as it is
}

// DefaultLimits are the limits unless site.toml's [limits] raises them. They are far
// above any real atlas file (the example's largest source is 6 kB) and far below
// what would exhaust a small machine's memory.
var DefaultLimits = Limits{Source: 4 << 20, Static: 64 << 20}

// Error is a file or folder of the site that is refused.
type Error struct {
	Path string // slash-separated, relative to the site folder
	Msg  string
}

func (e *Error) Error() string { return e.Path + ": " + e.Msg }

// FS reads a site folder; see the package comment. It is safe for concurrent use.
type FS struct {
	root   *os.Root // nil for an FS made by New
	fsys   fs.FS    // what New wraps
	limits Limits
	s      *shared
}

// shared is what the copies made by WithLimits have in common.
type shared struct {
	dirs     sync.Map // folders already checked, by path
	mu       sync.Mutex
	problems map[string]*Error
}

// Open opens the site folder dir.
func Open(dir string) (*FS, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", dir)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &FS{root: r, limits: DefaultLimits, s: &shared{problems: map[string]*Error{}}}, nil
}

// New returns an FS that reads fsys with the same checks, for file systems that are
// not a folder on disk (tests use fstest.MapFS) and for callers that give build an
// os.DirFS. The checks rely on fs.Lstat: a file system without ReadLinkFS cannot
// show a symbolic link, and its opens are only as non-blocking as its own. New
// returns fsys itself when it is an FS already.
func New(fsys fs.FS) *FS {
	if f, ok := fsys.(*FS); ok {
		return f
	}
	return &FS{fsys: fsys, limits: DefaultLimits, s: &shared{problems: map[string]*Error{}}}
}

// WithLimits returns fsys reading with the limits l, zero fields keeping the
// defaults, when it is an FS; other file systems are returned as they are. The copy
// shares the recorded problems of fsys.
func WithLimits(fsys fs.FS, l Limits) fs.FS {
	f, ok := fsys.(*FS)
	if !ok {
		return fsys
	}
	c := *f
	c.limits = Limits{Source: cmpOr(l.Source, DefaultLimits.Source), Static: cmpOr(l.Static, DefaultLimits.Static)}
	return &c
}

func cmpOr(a, b int64) int64 {
	if a > 0 {
		return a
	}
	return b
}

// Close closes the site folder.
func (f *FS) Close() error {
	if f.root != nil {
		return f.root.Close()
	}
	return nil
}

// Problems returns the refused entries met so far, sorted by path.
func (f *FS) Problems() []*Error {
	f.s.mu.Lock()
	defer f.s.mu.Unlock()
	out := make([]*Error, 0, len(f.s.problems))
	for _, e := range f.s.problems {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b *Error) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// Diagnostics returns the problems that fsys recorded, when it is an FS.
func Diagnostics(fsys fs.FS) diag.List {
	f, ok := fsys.(*FS)
	if !ok {
		return nil
	}
	var d diag.List
	for _, e := range f.Problems() {
		d = append(d, Diag(e.Path, e))
	}
	return d
}

// Diag returns the diagnostic for err, met while reading the file p: an *Error at
// line 1, column 1 of the file it names, anything else at p with err's text.
func Diag(p string, err error) diag.Diagnostic {
	var e *Error
	if errors.As(err, &e) {
		return diag.Diagnostic{Pos: diag.Pos{File: e.Path, Line: 1, Col: 1}, Msg: e.Msg}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return diag.Diagnostic{Pos: diag.Pos{File: p, Line: 1, Col: 1}, Msg: strings.ToLower(err.Error()[:1]) + err.Error()[1:]}
}

func (f *FS) refuse(name, msg string) *Error {
	e := &Error{Path: name, Msg: msg}
	f.s.mu.Lock()
	f.s.problems[name] = e
	f.s.mu.Unlock()
	return e
}

// lstat is Lstat inside the site folder.
func (f *FS) lstat(name string) (fs.FileInfo, error) {
	if f.root != nil {
		return f.root.Lstat(name)
	}
	return fs.Lstat(f.fsys, name)
}

func (f *FS) readlink(name string) string {
	var t string
	var err error
	if f.root != nil {
		t, err = f.root.Readlink(name)
	} else {
		t, err = fs.ReadLink(f.fsys, name)
	}
	if err != nil {
		return "?"
	}
	return t
}

// kind returns why the entry name of mode m is refused, or "" when it is a plain file
// or folder.
func (f *FS) kind(name string, m fs.FileMode) string {
	switch {
	case m.IsDir(), m.IsRegular():
		return ""
	case m&fs.ModeSymlink != 0:
		return fmt.Sprintf("symbolic link to %s refused: atlas reads only the site's own files and folders; put the file itself here", f.readlink(name))
	case m&fs.ModeNamedPipe != 0:
		return "named pipe (FIFO) refused: atlas reads only plain files and folders"
	case m&fs.ModeSocket != 0:
		return "socket refused: atlas reads only plain files and folders"
	case m&fs.ModeDevice != 0:
		return "device refused: atlas reads only plain files and folders"
	}
	return "special file refused: atlas reads only plain files and folders"
}

// check checks every element of name, the folders above it (once each) and name
// itself, and returns what Lstat says of name.
func (f *FS) check(op, name string) (fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	if name != "." {
		for i := 0; i < len(name); i++ {
			if name[i] != '/' {
				continue
			}
			dir := name[:i]
			if _, ok := f.s.dirs.Load(dir); ok {
				continue
			}
			st, err := f.lstat(dir)
			if err != nil {
				return nil, &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
			}
			if k := f.kind(dir, st.Mode()); k != "" {
				return nil, f.refuse(dir, k)
			}
			if !st.IsDir() {
				return nil, &fs.PathError{Op: op, Path: name, Err: errNotDir}
			}
			f.s.dirs.Store(dir, true)
		}
	}
	st, err := f.lstat(name)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
	}
	if k := f.kind(name, st.Mode()); k != "" {
		return nil, f.refuse(name, k)
	}
	if st.IsDir() {
		f.s.dirs.Store(name, true)
	}
	return st, nil
}

var errNotDir = errors.New("not a folder")

func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// limit returns the size limit of the file name.
func (f *FS) limit(name string) int64 {
	if name == "static" || strings.HasPrefix(name, "static/") {
		return f.limits.Static
	}
	return f.limits.Source
}

func (f *FS) tooLarge(name string, size int64) *Error {
	key := "source_bytes"
	if strings.HasPrefix(name, "static/") {
		key = "static_bytes"
	}
	return &Error{Path: name, Msg: fmt.Sprintf("file of %s is over the limit of %s: make it smaller, or raise %s in the [limits] table of site.toml",
		bytesText(size), bytesText(f.limit(name)), key)}
}

// bytesText writes n in the units a person reads.
func bytesText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d kiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Stat returns what Lstat says of name, once name and every folder above it are
// checked.
func (f *FS) Stat(name string) (fs.FileInfo, error) { return f.check("stat", name) }

// Open opens name, a plain file or a folder.
func (f *FS) Open(name string) (fs.File, error) {
	st, err := f.check("open", name)
	if err != nil {
		return nil, err
	}
	if st.Mode().IsRegular() && st.Size() > f.limit(name) {
		return nil, f.tooLarge(name, st.Size())
	}
	var file fs.File
	if f.root != nil {
		file, err = f.root.OpenFile(name, os.O_RDONLY|nonblock, 0)
	} else {
		file, err = f.fsys.Open(name)
	}
	if err != nil {
		return nil, err
	}
	// What was opened may not be what was checked, if it was replaced in between.
	got, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, err
	}
	if k := f.kind(name, got.Mode()); k != "" || got.IsDir() != st.IsDir() {
		file.Close()
		if k == "" {
			k = "changed while being read"
		}
		return nil, f.refuse(name, k)
	}
	if got.IsDir() {
		return &dir{File: file, fsys: f, name: name}, nil
	}
	return &limited{File: file, name: name, left: f.limit(name), fsys: f}, nil
}

// ReadFile reads the plain file name, refusing it over its size limit.
func (f *FS) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a folder")}
	}
	data := make([]byte, 0, st.Size()+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := file.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// ReadDir lists the folder name, sorted by name, leaving out and recording the
// entries it refuses.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	d, ok := file.(*dir)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errNotDir}
	}
	return d.ReadDir(-1)
}

// dir is an open folder whose listing leaves out refused entries.
type dir struct {
	fs.File
	fsys *FS
	name string
}

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rd, ok := d.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: errNotDir}
	}
	list, err := rd.ReadDir(n)
	out := list[:0]
	for _, e := range list {
		p := path.Join(d.name, e.Name())
		if k := d.fsys.kind(p, e.Type()); k != "" {
			d.fsys.refuse(p, k)
			continue
		}
		out = append(out, e)
	}
	if n <= 0 {
		slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	}
	return out, err
}

// limited is an open file that stops at its size limit, should it grow after Open.
type limited struct {
	fs.File
	fsys *FS
	name string
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.File.Read(one[:]); n > 0 {
			return 0, l.fsys.tooLarge(l.name, l.fsys.limit(l.name)+1)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.File.Read(p)
	l.left -= int64(n)
	return n, err
}
