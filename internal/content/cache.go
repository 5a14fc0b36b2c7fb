package content

import (
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unsafe"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

// Cache keeps what Load made of each source file, so that a preview server that
// knows which files changed reads and parses only those. The caller says what
// changed (Forget, ForgetAll); a file the cache does not hold is read as Load reads
// it. Whatever the cache holds, its Load returns what Load would: it gives each Load
// fresh copies of the documents, which the model changes (aliases, emptied sources).
//
// The cache works on the parser's result for one file, whatever it holds: a new
// kind of document needs nothing here.
type Cache struct {
	mu      sync.Mutex
	files   map[string]*entry // by slash path from the site root
	changed map[string]bool

	// The source files as last listed, kept while no change can have added or
	// removed one: a folder of 100,000 files takes a tenth of a second to list.
	jobs   []job
	jobsD  diag.List
	dirs   []string        // the folders listed
	listed bool            // jobs holds a listing
	relist bool            // a change may have added or removed files
	check  map[string]bool // listed files that changed: still files?
}

type entry struct {
	r     result
	stale bool // forgotten: parsed again by the next Load, and compared with r
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]*entry{}, check: map[string]bool{}} }

// Forget marks what the cache holds for name, a slash path from the site root, and
// for everything under it when it is a folder, to be read again.
func (c *Cache) Forget(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	name = path.Clean(name)
	for p, e := range c.files {
		if name == "." || p == name || strings.HasPrefix(p, name+"/") {
			e.stale = true
		}
	}
	if _, ok := c.files[name]; ok {
		c.check[name] = true
		return
	}
	for _, dir := range c.dirs {
		if name == "." || name == dir || strings.HasPrefix(name, dir+"/") || strings.HasPrefix(dir, name+"/") {
			c.relist = true
		}
	}
}

// ForgetAll empties the cache.
func (c *Cache) ForgetAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.files)
	c.listed = false
}

// listing returns the source files, listed by walk unless the last listing stands.
func (c *Cache) listing(fsys fs.FS, dirs []string, walk func() ([]job, diag.List)) ([]job, diag.List) {
	if c == nil {
		return walk()
	}
	fresh := false
	defer func() {
		if fresh {
			c.prune()
		}
	}()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listed && !c.relist && slices.Equal(dirs, c.dirs) {
		for p := range c.check {
			if st, err := fs.Stat(fsys, p); err != nil || !st.Mode().IsRegular() {
				c.relist = true
				break
			}
		}
	}
	clear(c.check)
	if !c.listed || c.relist || !slices.Equal(dirs, c.dirs) {
		c.jobs, c.jobsD = walk()
		c.dirs, c.listed, c.relist = dirs, true, false
		fresh = true
	}
	return c.jobs, c.jobsD
}

// Changed returns the files that the last Load read again, new files and files
// gone included, and for each whether it is the same as the version the cache held
// but for its Markdown texts (a body, a summary), both versions without problems.
func (c *Cache) Changed() map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.changed
}

// Load is the package's Load, reading only the files the cache does not hold.
func (c *Cache) Load(fsys fs.FS) (*Content, diag.List) {
	c.mu.Lock()
	c.changed = map[string]bool{}
	c.mu.Unlock()
	return load(fsys, c)
}

// get returns a copy of the cached result for p, if it is there and not stale.
func (c *Cache) get(p string) (result, bool) {
	if c == nil {
		return result{}, false
	}
	c.mu.Lock()
	e := c.files[p]
	c.mu.Unlock()
	if e == nil || e.stale {
		return result{}, false
	}
	return copyResult(e.r), true
}

// put keeps r, as parsed from p, and records how it differs from what was there.
func (c *Cache) put(p string, r result) {
	if c == nil {
		return
	}
	keep := copyResult(r)
	c.mu.Lock()
	old := c.files[p]
	c.files[p] = &entry{r: keep}
	c.mu.Unlock()
	bodyOnly := old != nil && len(old.r.d) == 0 && len(r.d) == 0 && sameButMarkdown(old.r, keep)
	c.mu.Lock()
	c.changed[p] = bodyOnly
	c.mu.Unlock()
}

// prune drops the files that the listing did not find.
func (c *Cache) prune() {
	c.mu.Lock()
	defer c.mu.Unlock()
	listed := make(map[string]bool, len(c.jobs))
	for _, j := range c.jobs {
		listed[j.path] = true
	}
	for p := range c.files {
		if !listed[p] {
			delete(c.files, p)
			c.changed[p] = false
		}
	}
}

var markdownType = reflect.TypeFor[Markdown]()

// fields returns the fields of the result struct v, settable although unexported:
// the copy must follow whatever documents result holds, without a list to update.
func fields(v reflect.Value) []reflect.Value {
	out := make([]reflect.Value, v.NumField())
	for i := range out {
		f := v.Field(i)
		out[i] = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	}
	return out
}

// copyResult copies r and each document it points to, one level deep: the model
// replaces fields of a document (aliases, emptied Markdown) but never changes the
// slices they hold.
func copyResult(r result) result {
	out := r
	for _, f := range fields(reflect.ValueOf(&out).Elem()) {
		if f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().Kind() == reflect.Struct {
			dup := reflect.New(f.Elem().Type())
			dup.Elem().Set(f.Elem())
			f.Set(dup)
		}
	}
	return out
}

// sameButMarkdown reports whether a and b, results for one file, are equal once every
// Markdown field of their documents is set aside.
func sameButMarkdown(a, b result) bool {
	a, b = copyResult(a), copyResult(b)
	for _, r := range []*result{&a, &b} {
		for _, f := range fields(reflect.ValueOf(r).Elem()) {
			if f.Kind() != reflect.Pointer || f.IsNil() || f.Elem().Kind() != reflect.Struct {
				continue
			}
			doc := f.Elem()
			for i := range doc.NumField() {
				if doc.Type().Field(i).Type == markdownType && doc.Field(i).CanSet() {
					doc.Field(i).Set(reflect.Zero(markdownType))
				}
			}
		}
	}
	return reflect.DeepEqual(a, b)
}
