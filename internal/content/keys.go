package content

import (
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// keyIndex maps the dotted path of every key of a TOML document ("title",
// "location.lat", "sources[1].date") to the byte offsets of the key and of its value.
// BurntSushi/toml reports positions only for syntax errors; this index lets a
// diagnostic about a value point at the line where the value is written.
type keyIndex map[string]keyPos

type keyPos struct{ key, value int }

// indexKeys scans s, a TOML document that already parsed, line by line. It follows
// table headers, arrays of tables, dotted keys, inline tables and arrays of inline
// tables, and skips multi-line strings and arrays; that is all the shapes atlas's
// files use. Arrays of tables nested in other tables are not followed.
func indexKeys(s string) keyIndex {
	idx := keyIndex{}
	prefix := ""
	arrays := map[string]int{}
	for off := 0; off < len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += off
		}
		line := s[off:end]
		trim := strings.TrimLeft(line, " \t\ufeff")
		start := off + len(line) - len(trim)
		next := end + 1
		switch {
		case strings.HasPrefix(trim, "[["):
			from := nameStart(s, start+2)
			name := idx.record("", s, from, headerEnd(s, from), start, false)
			n := arrays[name]
			arrays[name] = n + 1
			prefix = name + "[" + strconv.Itoa(n) + "]"
			idx[prefix] = keyPos{start, start}
		case strings.HasPrefix(trim, "["):
			from := nameStart(s, start+1)
			prefix = idx.record("", s, from, headerEnd(s, from), start, true)
		case trim == "", trim[0] == '#':
		default:
			eq := keyEnd(s, start)
			if eq >= len(s) || s[eq] != '=' {
				break
			}
			vstart := eq + 1
			for vstart < len(s) && (s[vstart] == ' ' || s[vstart] == '\t') {
				vstart++
			}
			name := idx.record(prefix, s, start, eq, vstart, true)
			indexValue(idx, name, s, vstart)
			// A value may span lines: a multi-line string or array.
			if e := skipValue(s, vstart); e > next {
				if j := strings.IndexByte(s[e:], '\n'); j >= 0 {
					next = e + j + 1
				} else {
					next = len(s)
				}
			}
		}
		off = next
	}
	return idx
}

// nameStart returns the offset of the name in a table header, after its brackets.
func nameStart(s string, at int) int {
	for at < len(s) && (s[at] == ' ' || s[at] == '\t') {
		at++
	}
	return at
}

// record indexes the key written s[from:to] in the table prefix, with its value at
// value, and returns its dotted path. A dotted key ("location.lat", "[a.b]") also
// implies its tables, which are recorded where they first appear, each at its own
// part of the key. An existing entry for the key itself is replaced only if replace.
func (idx keyIndex) record(prefix, s string, from, to, value int, replace bool) string {
	parts, offs := splitKey(s, from, to)
	name := prefix
	for i, part := range parts {
		name = joinKey(name, part)
		_, seen := idx[name]
		switch {
		case i == len(parts)-1:
			if replace || !seen {
				idx[name] = keyPos{offs[i], value}
			}
		case !seen:
			idx[name] = keyPos{offs[i], offs[i]}
		}
	}
	return name
}

// indexInline records the keys of the inline table that starts at s[at] == '{',
// and of the inline tables and arrays nested in it.
func indexInline(idx keyIndex, prefix, s string, at int) {
	i := at + 1
	for i < len(s) {
		c := s[i]
		switch {
		case c == '}' || c == '\n':
			return
		case c == ' ' || c == '\t' || c == '\r' || c == ',':
			i++
			continue
		}
		start := i
		eq := keyEnd(s, i)
		if eq >= len(s) || s[eq] != '=' {
			return
		}
		vstart := eq + 1
		for vstart < len(s) && (s[vstart] == ' ' || s[vstart] == '\t') {
			vstart++
		}
		name := idx.record(prefix, s, start, eq, vstart, true)
		indexValue(idx, name, s, vstart)
		i = max(skipValue(s, vstart), vstart+1)
	}
}

// indexValue records the keys inside the value of name that starts at s[at]: the keys
// of an inline table, and those of the inline tables in an array ("sources[0].title").
func indexValue(idx keyIndex, name, s string, at int) {
	if at >= len(s) {
		return
	}
	switch s[at] {
	case '{':
		indexInline(idx, name, s, at)
	case '[':
		for i, e := range elements(s, at) {
			if s[e] == '{' {
				el := name + "[" + strconv.Itoa(i) + "]"
				idx[el] = keyPos{e, e}
				indexInline(idx, el, s, e)
			}
		}
	}
}

// keyEnd returns the offset of the '=' that ends the key starting at s[at], skipping
// quoted parts, or the offset of the end of the line when there is none.
func keyEnd(s string, at int) int {
	for i := at; i < len(s); i++ {
		switch s[i] {
		case '=', '\n':
			return i
		case '"', '\'':
			i = skipString(s, i) - 1
		}
	}
	return len(s)
}

// elements returns the offsets of the elements of the array whose value starts at
// s[at] == '['.
func elements(s string, at int) []int {
	if at >= len(s) || s[at] != '[' {
		return nil
	}
	var offs []int
	i := at + 1
	for i < len(s) {
		c := s[i]
		switch {
		case c == ']':
			return offs
		case c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',':
			i++
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		default:
			offs = append(offs, i)
			i = max(skipValue(s, i), i+1)
		}
	}
	return offs
}

// skipValue returns the offset just after the value that starts at s[at]: after its
// closing quote or bracket, or at the comma, bracket, newline or comment that ends a
// bare value.
func skipValue(s string, at int) int {
	depth := 0
	for i := at; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			i = skipString(s, i) - 1
			if depth == 0 {
				return i + 1
			}
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return i
			}
			depth--
			if depth == 0 {
				return i + 1
			}
		case '#':
			if depth == 0 {
				return i
			}
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case ',', '\n':
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

// skipString returns the offset just after the string whose opening quote is s[at].
func skipString(s string, at int) int {
	c := s[at]
	q := s[at : at+1]
	if strings.HasPrefix(s[at:], strings.Repeat(q, 3)) {
		q = strings.Repeat(q, 3)
	}
	j := at + len(q)
	for j < len(s) {
		if c == '"' && s[j] == '\\' {
			j += 2
			continue
		}
		if strings.HasPrefix(s[j:], q) {
			j += len(q)
			// A multi-line string may end with one or two more quotes than its
			// delimiter: """a""""" is a"".
			for n := 0; len(q) == 3 && n < 2 && j < len(s) && s[j] == c; n++ {
				j++
			}
			return j
		}
		if len(q) == 1 && s[j] == '\n' {
			return j
		}
		j++
	}
	return len(s)
}

// headerEnd returns the offset of the bracket that closes the table header whose name
// starts at s[at]. A quoted part of the name may hold brackets.
func headerEnd(s string, at int) int {
	for i := at; i < len(s); i++ {
		switch s[i] {
		case '"', '\'':
			i = skipString(s, i) - 1
		case ']', '\n':
			return i
		}
	}
	return len(s)
}

// splitKey returns the parts of the TOML key written s[from:to] ("a . 'b.c'"),
// unquoted, and the offset of each in s.
func splitKey(s string, from, to int) (parts []string, offs []int) {
	k := s[:to]
	for i := from; i < len(k); {
		switch c := k[i]; {
		case c == ' ' || c == '\t' || c == '.':
			i++
		case c == '"' || c == '\'':
			e := skipString(k, i)
			part := k[i:e]
			if c == '\'' {
				part = strings.Trim(part, "'")
			} else {
				part = unquoteBasic(part)
			}
			parts, offs = append(parts, part), append(offs, i)
			i = e
		default:
			e := i
			for e < len(k) && k[e] != '.' && k[e] != ' ' && k[e] != '\t' {
				e++
			}
			parts, offs = append(parts, k[i:e]), append(offs, i)
			i = e
		}
	}
	return parts, offs
}

// unquoteBasic returns the value of a TOML basic string, decoding its escapes as
// the TOML decoder does (TOML 1.1 has \e and \xHH, which Go does not).
func unquoteBasic(q string) string {
	if !strings.Contains(q, `\`) {
		return strings.Trim(q, `"`)
	}
	var m map[string]any
	if _, err := toml.Decode(q+" = 0", &m); err == nil {
		for k := range m {
			return k
		}
	}
	return strings.Trim(q, `"`)
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
