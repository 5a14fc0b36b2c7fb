package cog

import (
	"bytes"
	"cmp"
	"compress/gzip"
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Commune is a current French commune. Its centre and postal codes are
// read with its methods, so that a Commune stays a comparable value.
type Commune struct {
	Code             string // INSEE code, 5 characters (2A/2B for Corsica)
	Name             string // official name, e.g. "Clichy"
	Departement      string // e.g. "92", "2A", "971"
	Population       int    // municipal population, 0 when unknown
	Intercommunalite string // EPT or EPCI name, "" when none

	lat, lon  int32  // centre, in hundred-thousandths of a degree
	hasCentre bool   // whether GeoNames gives a centre
	postal    string // postal codes, 5 bytes each, in byte order
}

// Centre returns the commune's centre from GeoNames, in WGS 84 degrees, and
// whether it has one (the package comment says which communes do).
func (c Commune) Centre() (lat, lon float64, ok bool) {
	if !c.hasCentre {
		return 0, 0, false
	}
	return float64(c.lat) / 1e5, float64(c.lon) / 1e5, true
}

// PostalCodes returns the commune's postal codes in byte order, in a new
// slice; none for the five uninhabited territories that have none.
func (c Commune) PostalCodes() []string {
	var pcs []string
	for s := c.postal; len(s) >= 5; s = s[5:] {
		pcs = append(pcs, s[:5])
	}
	return pcs
}

// Credit is the attribution that GeoNames' licence asks for wherever a
// centre of this package is shown or exported, in French for the pages.
const Credit = "Centres des communes : GeoNames (geonames.org), licence CC BY 4.0"

//go:embed communes.bin.gz
var data []byte

// header starts the first line of the data; gen writes it, and its comment
// describes the format.
const header = "# cog v3 from @etalab/decoupage-administratif "

// communes is the decoded list, sorted by code. The embedded data is
// generated and tested, so failing to decode it is a bug.
var communes = sync.OnceValue(func() []Commune {
	cs, err := decode(data)
	if err != nil {
		panic("cog: embedded data: " + err.Error())
	}
	return cs
})

// maxCommunes bounds the number of communes and intercommunalités that
// decode accepts, so that corrupt data cannot make it allocate without limit.
const maxCommunes = 1 << 17

// decode decompresses and parses the data written by gen. Names are
// substrings of the decompressed string and codes of one other string, so
// decoding allocates little besides the slice.
func decode(gz []byte) ([]Commune, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	var text strings.Builder
	if len(gz) >= 4 {
		// The gzip trailer ends with the uncompressed size modulo 2³².
		text.Grow(int(min(binary.LittleEndian.Uint32(gz[len(gz)-4:]), 1<<22)))
	}
	if _, err := io.Copy(&text, zr); err != nil {
		return nil, err
	}

	r := &reader{s: text.String()}
	if h := r.line(); !strings.HasPrefix(h, header) {
		return nil, fmt.Errorf("bad header %q", h)
	}
	names := make([]string, r.count())
	for i := range names {
		names[i] = r.line()
	}
	cs := make([]Commune, r.count())
	var codes strings.Builder
	codes.Grow(5 * len(cs))
	prev := ""
	for range cs {
		at := r.off
		k := int(r.byte())
		if k > min(len(prev), 4) {
			r.fail(at, "bad code prefix length")
			break
		}
		codes.WriteString(prev[:k])
		codes.WriteString(r.bytes(5 - k))
		code := codes.String()[codes.Len()-5:]
		if code <= prev {
			r.fail(at, "code "+code+" out of order")
			break
		}
		prev = code
	}
	if r.err == nil {
		all := codes.String()
		for i := range cs {
			cs[i].Code = all[5*i : 5*i+5]
			cs[i].Departement = departement(cs[i].Code)
		}
	}
	for i := range cs {
		cs[i].Name = r.line()
	}
	for i := range cs {
		cs[i].Population = int(r.uvarint(math.MaxInt32))
	}
	for i := range cs {
		if n := r.uvarint(uint64(len(names))); n > 0 {
			cs[i].Intercommunalite = names[n-1]
		}
	}
	for i := range cs {
		cs[i].hasCentre = r.uvarint(1) == 1
	}
	var lat, lon int64
	for i := range cs {
		if !cs[i].hasCentre {
			continue
		}
		at := r.off
		lat += r.varint()
		lon += r.varint()
		if lat < -90e5 || lat > 90e5 || lon < -180e5 || lon > 180e5 {
			r.fail(at, fmt.Sprintf("centre %d, %d out of range", lat, lon))
		}
		cs[i].lat, cs[i].lon = int32(lat), int32(lon)
	}
	postal := make([]int, len(cs))
	for i := range cs {
		postal[i] = int(r.uvarint(maxPostal))
	}
	for i := range cs {
		at := r.off
		pcs := r.bytes(5 * postal[i])
		for k := 0; k+5 <= len(pcs); k += 5 {
			if !isPostalCode(pcs[k:k+5]) || k > 0 && pcs[k:k+5] <= pcs[k-5:k] {
				r.fail(at, fmt.Sprintf("bad postal codes %q", pcs))
				break
			}
		}
		cs[i].postal = pcs
	}
	if r.err == nil && r.s != "" {
		r.fail(r.off, "trailing data")
	}
	if r.err != nil {
		return nil, r.err
	}
	if len(cs) == 0 {
		return nil, errors.New("no communes")
	}
	return cs, nil
}

// departement returns the département of a commune code: its first two
// characters, or three for the overseas codes starting with 97 or 98.
func departement(code string) string {
	if strings.HasPrefix(code, "97") || strings.HasPrefix(code, "98") {
		return code[:3]
	}
	return code[:2]
}

// reader reads the decompressed data. After the first error it returns zero
// values and keeps that error.
type reader struct {
	s   string
	off int // in the decompressed data, for errors
	err error
}

// fail records that the item at offset at is bad.
func (r *reader) fail(at int, msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("offset %d: %s", at, msg)
		r.s = ""
	}
}

func (r *reader) advance(n int) string {
	s := r.s[:n]
	r.s, r.off = r.s[n:], r.off+n
	return s
}

// line returns the text up to the next newline, which must be there and
// must not end an empty line.
func (r *reader) line() string {
	i := strings.IndexByte(r.s, '\n')
	if i <= 0 {
		r.fail(r.off, "missing or empty line")
		return ""
	}
	s := r.advance(i + 1)
	return s[:i]
}

func (r *reader) bytes(n int) string {
	if len(r.s) < n {
		r.fail(r.off, "unexpected end of data")
		return strings.Repeat("0", n)
	}
	return r.advance(n)
}

func (r *reader) byte() byte {
	return r.bytes(1)[0]
}

// uvarint returns the next unsigned varint, which must not exceed max.
func (r *reader) uvarint(max uint64) uint64 {
	at := r.off
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		if r.s == "" {
			r.fail(r.off, "unexpected end of data")
			return 0
		}
		b := r.advance(1)[0]
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			if v > max {
				r.fail(at, fmt.Sprintf("number %d out of range", v))
				return 0
			}
			return v
		}
	}
	r.fail(at, "bad number")
	return 0
}

// varint returns the next signed varint, which must stay within ±2³¹.
func (r *reader) varint() int64 {
	at := r.off
	u := r.uvarint(math.MaxUint32)
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	if r.err == nil && (v > math.MaxInt32 || v < math.MinInt32) {
		r.fail(at, "bad number")
	}
	return v
}

// maxPostal bounds the postal codes of one commune; Paris has 21.
const maxPostal = 64

// isPostalCode reports whether s is five digits.
func isPostalCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// count returns the next uvarint as a length.
func (r *reader) count() int {
	return int(r.uvarint(maxCommunes))
}

// Lookup returns the commune with the given INSEE code, written exactly as in
// the COG, and reports whether there is one.
func Lookup(code string) (Commune, bool) {
	cs := communes()
	i, ok := slices.BinarySearchFunc(cs, code, func(c Commune, code string) int {
		return strings.Compare(c.Code, code)
	})
	if !ok {
		return Commune{}, false
	}
	return cs[i], true
}

// All returns every commune, sorted by code, in a new slice.
func All() []Commune {
	return slices.Clone(communes())
}

// ByPostalCode returns the communes that have the postal code, in code
// order: "92330" gives Sceaux, "92160" Antony, "75015" Paris. A postal code
// often serves several communes, and a commune may have several.
func ByPostalCode(code string) []Commune {
	if !isPostalCode(code) {
		return nil
	}
	cs := communes()
	var found []Commune
	for _, i := range postalIndex()[code] {
		found = append(found, cs[i])
	}
	return found
}

// postalIndex maps each postal code to the indexes of its communes in
// communes(), in code order.
var postalIndex = sync.OnceValue(func() map[string][]int32 {
	m := make(map[string][]int32)
	for i, c := range communes() {
		for s := c.postal; len(s) >= 5; s = s[5:] {
			m[s[:5]] = append(m[s[:5]], int32(i))
		}
	}
	return m
})

// InDepartement returns the communes of a département, written as in the
// COG ("92", "2A", "974"), in code order.
func InDepartement(dep string) []Commune {
	var found []Commune
	for _, c := range communes() {
		if c.Departement == dep {
			found = append(found, c)
		}
	}
	return found
}

// key is a folded name and the index of its commune in communes().
type key struct {
	folded string
	i      int
}

// keys lists the folded names of all communes in folded order, so that the
// communes with a given folded name, or a given prefix of it, are adjacent.
var keys = sync.OnceValue(func() []key { return buildKeys(communes()) })

// buildKeys folds all names into one string, which saves an allocation per
// commune, then slices and sorts it.
func buildKeys(cs []Commune) []key {
	f := newFolder()
	n := 0
	for _, c := range cs {
		n += len(c.Name)
	}
	blob := make([]byte, 0, n)
	ends := make([]int, len(cs))
	for i, c := range cs {
		blob = f.appendFold(blob, c.Name)
		ends[i] = len(blob)
	}
	all := string(blob)
	ks := make([]key, len(cs))
	start := 0
	for i, end := range ends {
		ks[i] = key{all[start:end], i}
		start = end
	}
	slices.SortFunc(ks, func(a, b key) int {
		if c := strings.Compare(a.folded, b.folded); c != 0 {
			return c
		}
		return a.i - b.i
	})
	return ks
}

// Search returns the communes whose folded name equals name folded, or, when
// there are none, those whose folded name starts with it, sorted by
// département, folded name and code. The package comment describes folding.
func Search(name string) []Commune {
	q := fold(name)
	if q == "" {
		return nil
	}
	ks := keys()
	lo, _ := slices.BinarySearchFunc(ks, q, func(k key, q string) int {
		return strings.Compare(k.folded, q)
	})
	hi := lo
	for hi < len(ks) && ks[hi].folded == q {
		hi++
	}
	if hi == lo {
		for hi < len(ks) && strings.HasPrefix(ks[hi].folded, q) {
			hi++
		}
	}
	if hi == lo {
		return nil
	}
	found := slices.Clone(ks[lo:hi])
	cs := communes()
	slices.SortFunc(found, func(a, b key) int {
		return cmp.Or(
			strings.Compare(cs[a.i].Departement, cs[b.i].Departement),
			strings.Compare(a.folded, b.folded),
			strings.Compare(cs[a.i].Code, cs[b.i].Code),
		)
	})
	result := make([]Commune, len(found))
	for i, k := range found {
		result[i] = cs[k.i]
	}
	return result
}

// folder folds names for Search. It is not safe for concurrent use, since
// its transformer keeps state.
type folder struct {
	unaccent transform.Transformer
}

func newFolder() *folder {
	return &folder{unaccent: transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)))}
}

// articles are the leading articles that fold drops, followed by a space.
var articles = []string{"l ", "la ", "le ", "les "}

// Fold returns s folded as Search folds names (the package comment says
// how): "L'Île-Saint-Denis" folds to "ile saint denis". Two names that fold
// alike name the same commune for Search.
func Fold(s string) string { return fold(s) }

// fold returns s folded as the package comment describes.
func fold(s string) string {
	return string(newFolder().appendFold(nil, s))
}

// appendFold appends to dst s without accents, in lower case, with "œ" and
// "æ" spelt out, every run of characters other than letters and digits
// replaced by one space, no leading or trailing space, and without a leading
// article unless the article is all there is.
func (f *folder) appendFold(dst []byte, s string) []byte {
	if !isASCII(s) {
		// The transformer cannot fail on a whole string: it turns invalid
		// UTF-8 into U+FFFD, which is no letter, so it becomes a space.
		s, _, _ = transform.String(f.unaccent, s)
	}
	start := len(dst)
	space := false
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		switch r = unicode.ToLower(r); r {
		case 'œ':
			dst = append(dst, "oe"...)
		case 'æ':
			dst = append(dst, "ae"...)
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	for _, a := range articles {
		if bytes.HasPrefix(dst[start:], []byte(a)) {
			n := copy(dst[start:], dst[start+len(a):])
			return dst[:start+n]
		}
	}
	return dst
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
