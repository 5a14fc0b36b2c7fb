// Package fingerprint hashes the model's documents and the views of pages, so that a
// preview server can tell which pages an edit changed without rendering them.
//
// A fingerprint is a 64-bit hash (hash/maphash, with one seed per process: it is
// compared only within one run) of a value walked by reflection, every exported
// field, element and entry, so that a field added to a document or a view counts
// without anyone listing it here. A document met inside another value counts by its
// identity alone (its kind, path and label: a link to it shows no more), never by
// its contents; Markdown texts do not count (package build follows them itself),
// nor do positions in the source files (only problems show them); a time counts by
// its instant and zone.
//
// Each document has two fingerprints: Self, its own fields (a name, a title, a
// status, a population…), leaving out every field that holds documents; and Full,
// all its fields, the documents it lists by identity.
package fingerprint

import (
	"hash/maphash"
	"math"
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/parallel"
)

var seed = maphash.MakeSeed()

var (
	docType      = reflect.TypeFor[atlas.Doc]()
	timeType     = reflect.TypeFor[time.Time]()
	markdownType = reflect.TypeFor[content.Markdown]()
	atlasType    = reflect.TypeFor[*atlas.Atlas]()
	posType      = reflect.TypeFor[diag.Pos]()
)

// Doc is the two fingerprints of a document.
type Doc struct{ Self, Full uint64 }

// Set is the fingerprints of the documents of one model, made at once on all cores.
// Its methods are safe for concurrent use.
type Set struct {
	ids map[uintptr]uint64 // by docID
	fps map[uintptr]Doc
}

// docID is the address of the document d points to: documents are pointers, and
// a map keyed by them is much faster than one keyed by the interface.
func docID(d atlas.Doc) uintptr {
	return (*[2]uintptr)(unsafe.Pointer(&d))[1]
}

// All returns the fingerprints of docs.
func All(docs []atlas.Doc) *Set {
	s := &Set{ids: make(map[uintptr]uint64, len(docs))}
	for _, d := range docs {
		s.ids[docID(d)] = identity(d)
	}
	fps := make([]Doc, len(docs))
	parallel.For(len(docs), func(i int) { fps[i] = s.of(docs[i]) })
	s.fps = make(map[uintptr]Doc, len(docs))
	for i, d := range docs {
		s.fps[docID(d)] = fps[i]
	}
	return s
}

// Of returns the fingerprints of d, which need not be one of the set's.
func (s *Set) Of(d atlas.Doc) Doc {
	if f, ok := s.fps[docID(d)]; ok {
		return f
	}
	return s.of(d)
}

// Fields returns the fingerprint of the fields of the struct v at these indices.
func (s *Set) Fields(v reflect.Value, fields []int) uint64 {
	w := walker{set: s}
	w.h.SetSeed(seed)
	for _, i := range fields {
		w.value(v.Field(i), 1)
	}
	return w.h.Sum64()
}

func (s *Set) of(d atlas.Doc) Doc {
	w := walker{set: s}
	w.h.SetSeed(seed)
	w.s.SetSeed(seed)
	w.root(reflect.ValueOf(d))
	return Doc{Self: w.s.Sum64(), Full: w.h.Sum64()}
}

// Value returns the fingerprint of v, the documents within it by identity. A
// *atlas.Atlas within it does not count: what shows the whole model must be
// followed another way.
func (s *Set) Value(v any) uint64 {
	w := walker{set: s}
	w.h.SetSeed(seed)
	w.value(reflect.ValueOf(v), 0)
	return w.h.Sum64()
}

// identity is the fingerprint of what a link to d shows: its kind, path and label.
func identity(d atlas.Doc) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(d.Kind())
	h.WriteByte(0)
	h.WriteString(d.URL())
	h.WriteByte(0)
	h.WriteString(d.Label())
	return h.Sum64()
}

// walker hashes what it walks into h and, while self is set, into s too: one walk
// makes both fingerprints of a document.
type walker struct {
	h, s maphash.Hash
	set  *Set
	self bool
}

func (w *walker) identity(d atlas.Doc) {
	id, ok := w.set.ids[docID(d)]
	if !ok {
		id = identity(d)
	}
	w.uint(id)
}

func (w *walker) byte(b byte) {
	w.h.WriteByte(b)
	if w.self {
		w.s.WriteByte(b)
	}
}

func (w *walker) string(x string) {
	w.uint(uint64(len(x)))
	w.h.WriteString(x)
	if w.self {
		w.s.WriteString(x)
	}
}

func (w *walker) uint(x uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(x >> (8 * i))
	}
	w.h.Write(b[:])
	if w.self {
		w.s.Write(b[:])
	}
}

// root walks the document v itself: its fields, not its identity; the fields that
// hold documents count in the full fingerprint only.
func (w *walker) root(v reflect.Value) {
	w.self = true
	w.identity(v.Interface().(atlas.Doc))
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	for _, f := range plan(v.Type()) {
		w.self = !f.holds
		w.value(v.Field(f.index), 1)
	}
	w.self = false
}

// field is what the walk needs of one field of a struct type.
type field struct {
	index int
	holds bool // it can hold a document
}

var plans sync.Map // reflect.Type → []field: the exported fields of a struct type

func plan(t reflect.Type) []field {
	if p, ok := plans.Load(t); ok {
		return p.([]field)
	}
	var p []field
	for i := range t.NumField() {
		f := t.Field(i)
		if f.IsExported() || f.Anonymous {
			p = append(p, field{i, holdsDocs(f.Type)})
		}
	}
	plans.Store(t, p)
	return p
}

func (w *walker) fields(v reflect.Value, depth int) {
	for _, f := range plan(v.Type()) {
		w.value(v.Field(f.index), depth)
	}
}

// maxDepth bounds the walk: no value of the model or of a view is nearly so deep,
// and a cycle through values that are not documents would otherwise never end.
const maxDepth = 32

func (w *walker) value(v reflect.Value, depth int) {
	if depth > maxDepth {
		w.byte(0xff)
		return
	}
	if !v.IsValid() {
		w.byte(0)
		return
	}
	t := v.Type()
	switch t {
	case timeType:
		tm := v.Interface().(time.Time)
		w.uint(uint64(tm.UnixNano()))
		name, off := tm.Zone()
		w.string(name)
		w.uint(uint64(off))
		return
	case markdownType, atlasType, posType:
		return
	}
	switch v.Kind() {
	case reflect.String:
		w.string(v.String())
	case reflect.Bool:
		if v.Bool() {
			w.byte(1)
		} else {
			w.byte(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		w.uint(math.Float64bits(v.Float()))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		w.uint(math.Float64bits(real(c)))
		w.uint(math.Float64bits(imag(c)))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			w.byte(0)
			return
		}
		w.byte(1)
		if t.Implements(docType) {
			if d, ok := v.Interface().(atlas.Doc); ok {
				w.identity(d)
				return
			}
		}
		w.value(v.Elem(), depth+1)
	case reflect.Struct:
		w.fields(v, depth+1)
	case reflect.Slice, reflect.Array:
		n := v.Len()
		w.uint(uint64(n))
		for i := range n {
			w.value(v.Index(i), depth+1)
		}
	case reflect.Map:
		// Entries count in any order: the sum of their own hashes.
		var sum uint64
		it := v.MapRange()
		for it.Next() {
			e := walker{set: w.set}
			e.h.SetSeed(seed)
			e.value(it.Key(), depth+1)
			e.value(it.Value(), depth+1)
			sum += e.h.Sum64()
		}
		w.uint(uint64(v.Len()))
		w.uint(sum)
	}
	// Functions, channels and unsafe pointers do not count: no template shows them.
}

var holds sync.Map // reflect.Type → bool

// holdsDocs reports whether a value of type t can hold a document.
func holdsDocs(t reflect.Type) bool {
	if b, ok := holds.Load(t); ok {
		return b.(bool)
	}
	b := holdsDocsIn(t, map[reflect.Type]bool{})
	holds.Store(t, b)
	return b
}

func holdsDocsIn(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if t.Implements(docType) {
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		return docType.Implements(t) // an interface a document may sit in
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsDocsIn(t.Elem(), seen)
	case reflect.Map:
		return holdsDocsIn(t.Key(), seen) || holdsDocsIn(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsDocsIn(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}
