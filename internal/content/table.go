package content

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

// table reads the typed values of one TOML table decoded into a map, reporting each
// problem at the line of its value.
type table struct {
	m    map[string]any
	path string // dotted path of the table in the document, "" for the root
	name string // how a message names the table: "[map]", "[[sources]]", "location"
	f    *diag.File
	src  string // the text of the file, which idx indexes
	idx  keyIndex
	d    *diag.List
	used map[string]bool
}

func newTable(m map[string]any, path, name string, f *diag.File, src string, idx keyIndex, d *diag.List) *table {
	return &table{m: m, path: path, name: name, f: f, src: src, idx: idx, d: d, used: map[string]bool{}}
}

// pos returns the position of the value of key, or of the table when key is "".
func (t *table) pos(key string) diag.Pos {
	if p, ok := t.idx[joinKey(t.path, key)]; ok {
		return t.f.Pos(p.value)
	}
	if p, ok := t.idx[t.path]; ok {
		return t.f.Pos(p.value)
	}
	return t.f.LineCol(1, 1)
}

func (t *table) keyPos(key string) diag.Pos {
	if p, ok := t.idx[joinKey(t.path, key)]; ok {
		return t.f.Pos(p.key)
	}
	return t.pos("")
}

func (t *table) get(key string, required bool) (any, bool) {
	t.used[key] = true
	v, ok := t.m[key]
	if !ok && required {
		if t.name != "" {
			t.d.Add(t.pos(""), "missing required key %q in %s", key, t.name)
		} else {
			t.d.Add(t.pos(""), "missing required key %q", key)
		}
	}
	return v, ok
}

func (t *table) typeErr(key, want string, v any) {
	t.d.Add(t.pos(key), "%s must be %s, not %s", key, want, tomlType(v))
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// controlIn returns the first control character of s but tab and line feed.
func controlIn(s string) (rune, bool) {
	for _, r := range s {
		if IsControl(r) {
			return r, true
		}
	}
	return 0, false
}

// str reads a string; required strings must not be blank.
func (t *table) str(key string, required bool) string {
	v, ok := t.get(key, required)
	if !ok {
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.typeErr(key, "a string", v)
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.d.Add(t.pos(key), "%s must not be empty", key)
	}
	if r, ok := controlIn(s); ok {
		// Written as a TOML escape ("\u0007"): the file itself is clean.
		t.d.Add(t.pos(key), "%s holds the control character %U: remove it", key, r)
		return ""
	}
	// The decoder's strings share the text of the whole file: a copy lets it go.
	return strings.Clone(strings.TrimSpace(s))
}

func (t *table) boolean(key string) bool {
	v, ok := t.get(key, false)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.typeErr(key, "true or false", v)
	}
	return b
}

func (t *table) integer(key string, min, max int64) int {
	v, ok := t.get(key, false)
	if !ok {
		return 0
	}
	n, ok := v.(int64)
	if !ok {
		t.typeErr(key, "an integer", v)
		return 0
	}
	if n < min || n > max {
		t.d.Add(t.pos(key), "%s %d is out of range [%d, %d]", key, n, min, max)
		return 0
	}
	return int(n)
}

// date reads a TOML local date (2021-03-17) or a string holding one.
func (t *table) date(key string, required bool) time.Time {
	v, ok := t.get(key, required)
	if !ok {
		return time.Time{}
	}
	switch v := v.(type) {
	case time.Time:
		if v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 || v.Nanosecond() != 0 {
			t.d.Add(t.pos(key), "%s must be a date like 2021-03-17, without a time", key)
		}
		return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC)
	case string:
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			t.d.Add(t.pos(key), "%s %q is not a date like 2021-03-17", key, v)
			return time.Time{}
		}
		return d
	}
	t.d.Add(t.pos(key), "%s must be a date like 2021-03-17, not %s", key, tomlType(v))
	return time.Time{}
}

// strings reads an array of strings, each with its position.
func (t *table) strings(key string, required bool) []Ref {
	v, ok := t.get(key, required)
	if !ok {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		if s, isStr := v.(string); isStr {
			t.d.Add(t.pos(key), "%s must be an array of strings: write [%q]", key, s)
		} else {
			t.typeErr(key, "an array of strings", v)
		}
		return nil
	}
	if required && len(arr) == 0 {
		t.d.Add(t.pos(key), "%s must not be empty", key)
	}
	var offs []int
	if p, ok := t.idx[joinKey(t.path, key)]; ok {
		offs = elements(t.src, p.value)
	}
	refs := make([]Ref, 0, len(arr))
	for i, e := range arr {
		pos := t.pos(key)
		if i < len(offs) {
			pos = t.f.Pos(offs[i])
		}
		s, ok := e.(string)
		if !ok {
			t.d.Add(pos, "%s must hold strings, not %s", key, tomlType(e))
			continue
		}
		if r, bad := controlIn(s); bad {
			t.d.Add(pos, "%s holds the control character %U: remove it", key, r)
			continue
		}
		refs = append(refs, Ref{Slug: strings.Clone(s), Pos: pos})
	}
	return refs
}

// ref reads one string that names something defined elsewhere.
func (t *table) ref(key string, required bool) Ref {
	s := t.str(key, required)
	return Ref{Slug: s, Pos: t.pos(key)}
}

// url reads an optional absolute URL; only http, https and mailto are allowed.
func (t *table) url(key string) string {
	s := t.str(key, false)
	if s == "" {
		return ""
	}
	if msg := checkURL(s); msg != "" {
		t.d.Add(t.pos(key), "%s %q %s", key, s, msg)
		return ""
	}
	return s
}

// URLMessages are the endings of checkURL's messages, which the contribution form's
// script also gives (static/js/contribuer.js).
var URLMessages = struct {
	Invalid, NoHost, NoAddress, Relative, Scheme string
}{
	Invalid:   "is not a valid URL",
	NoHost:    "has no host",
	NoAddress: "has no address",
	Relative:  "must be absolute (http, https or mailto)",
	Scheme:    "must use http, https or mailto, not {scheme}",
}

// CheckURL returns why s is not an acceptable external link, or "": the check of a
// website or a source's url, for atlas import.
func CheckURL(s string) string { return checkURL(s) }

// checkURL returns why s is not an acceptable external URL, or "".
func checkURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return URLMessages.Invalid
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return URLMessages.NoHost
		}
	case "mailto":
		if u.Opaque == "" {
			return URLMessages.NoAddress
		}
	case "":
		return URLMessages.Relative
	default:
		return strings.ReplaceAll(URLMessages.Scheme, "{scheme}", u.Scheme)
	}
	return ""
}

func (t *table) latlon(key string) *LatLon {
	v, ok := t.get(key, false)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.typeErr(key, "a table { lat = …, lon = … }", v)
		return nil
	}
	sub := newTable(m, joinKey(t.path, key), key, t.f, t.src, t.idx, t.d)
	lat, okLat := sub.number("lat", -90, 90)
	lon, okLon := sub.number("lon", -180, 180)
	sub.unknown("lat", "lon")
	if !okLat || !okLon {
		return nil
	}
	return &LatLon{Lat: lat, Lon: lon}
}

func (t *table) number(key string, lo, hi float64) (float64, bool) {
	v, ok := t.get(key, true)
	if !ok {
		return 0, false
	}
	var f float64
	switch v := v.(type) {
	case float64:
		f = v
	case int64:
		f = float64(v)
	default:
		t.typeErr(key, "a number", v)
		return 0, false
	}
	if math.IsNaN(f) || f < lo || f > hi {
		t.d.Add(t.pos(key), "%s %v is out of range [%v, %v]", key, f, lo, hi)
		return 0, false
	}
	return f, true
}

// tables reads an array of tables, written [[key]] or key = [{ … }, { … }].
func (t *table) tables(key string) []*table {
	v, ok := t.get(key, false)
	if !ok {
		return nil
	}
	var arr []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		arr = v
	case []any:
		var offs []int
		if p, ok := t.idx[joinKey(t.path, key)]; ok {
			offs = elements(t.src, p.value)
		}
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				pos := t.pos(key)
				if i < len(offs) {
					pos = t.f.Pos(offs[i])
				}
				t.d.Add(pos, "%s must hold tables, not %s", key, tomlType(e))
				m = nil
			}
			arr = append(arr, m)
		}
	default:
		t.typeErr(key, "an array of tables [["+key+"]]", v)
		return nil
	}
	out := make([]*table, 0, len(arr))
	for i, m := range arr {
		if m != nil {
			out = append(out, newTable(m, fmt.Sprintf("%s[%d]", joinKey(t.path, key), i), "[["+key+"]]", t.f, t.src, t.idx, t.d))
		}
	}
	return out
}

// sub reads an optional table ([key]); nil when absent.
func (t *table) sub(key string) *table {
	v, ok := t.get(key, false)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.typeErr(key, "a table ["+key+"]", v)
		return nil
	}
	return newTable(m, joinKey(t.path, key), "["+key+"]", t.f, t.src, t.idx, t.d)
}

// unknown reports the keys of t that are not in allowed, with a suggestion.
func (t *table) unknown(allowed ...string) {
	keys := make([]string, 0, len(t.m))
	for k := range t.m {
		if !slices.Contains(allowed, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.d.Add(t.keyPos(k), "unknown key %q%s", k, diag.Suggest(k, allowed))
	}
}
