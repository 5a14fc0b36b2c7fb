package content

import (
	"strconv"
	"strings"
)

// keyIndex maps the dotted path of every key of a TOML document ("title",
// "location.lat", "sources[1].date") to the byte offsets of the key and of its value.
// BurntSushi/toml reports positions only for syntax errors; this index lets a
// diagnostic about a value point at the line where the value is written.
type keyIndex map[string]keyPos

type keyPos struct{ key, value int }

// indexKeys scans src, a TOML document that already parsed, line by line. It follows
// table headers, arrays of tables, dotted keys and one level of inline tables, and
// skips multi-line strings; that is all the shapes atlas's files use.
func indexKeys(src []byte) keyIndex {
	idx := keyIndex{}
	s := string(src)
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
			name := tableName(trim[2:], "]]")
			n := arrays[name]
			arrays[name] = n + 1
			// Arrays of tables nested in other tables are not used by atlas's files.
			prefix = name + "[" + strconv.Itoa(n) + "]"
			idx[prefix] = keyPos{start, start}
		case strings.HasPrefix(trim, "["):
			prefix = tableName(trim[1:], "]")
			idx[prefix] = keyPos{start, start}
		case trim == "", trim[0] == '#':
		default:
			key, rest, ok := strings.Cut(trim, "=")
			if !ok {
				break
			}
			name := joinKey(prefix, unquoteKey(key))
			vstart := start + len(key) + 1 + len(rest) - len(strings.TrimLeft(rest, " \t"))
			idx[name] = keyPos{start, vstart}
			v := strings.TrimLeft(rest, " \t")
			if strings.HasPrefix(v, "{") {
				indexInline(idx, name, s, vstart)
			}
			for _, q := range []string{`"""`, `'''`} {
				if strings.HasPrefix(v, q) {
					if i := strings.Index(s[vstart+3:], q); i >= 0 {
						next = vstart + 3 + i + 3
						if j := strings.IndexByte(s[next:], '\n'); j >= 0 {
							next += j + 1
						} else {
							next = len(s)
						}
					}
				}
			}
			if strings.HasPrefix(v, "[") {
				if e := skipValue(s, vstart); e > next {
					if j := strings.IndexByte(s[e:], '\n'); j >= 0 {
						next = e + j + 1
					} else {
						next = len(s)
					}
				}
			}
		}
		off = next
	}
	return idx
}

// indexInline records the keys of the inline table that starts at s[at] == '{'.
func indexInline(idx keyIndex, prefix, s string, at int) {
	end := skipValue(s, at)
	body := s[at+1 : max(at+1, end-1)]
	off := at + 1
	for _, part := range strings.Split(body, ",") {
		trim := strings.TrimLeft(part, " \t")
		start := off + len(part) - len(trim)
		if key, rest, ok := strings.Cut(trim, "="); ok {
			vstart := start + len(key) + 1 + len(rest) - len(strings.TrimLeft(rest, " \t"))
			idx[joinKey(prefix, unquoteKey(key))] = keyPos{start, vstart}
		}
		off += len(part) + 1
	}
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
			i = skipValue(s, i)
		}
	}
	return offs
}

// skipValue returns the offset just after the value that starts at s[at].
func skipValue(s string, at int) int {
	depth := 0
	for i := at; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\'':
			q := string(c)
			if strings.HasPrefix(s[i:], q+q+q) {
				q += q + q
			}
			j := i + len(q)
			for j < len(s) && !strings.HasPrefix(s[j:], q) {
				if c == '"' && s[j] == '\\' {
					j++
				}
				j++
			}
			i = j + len(q) - 1
			if depth == 0 {
				return min(i+1, len(s))
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth <= 0 {
				return i + 1
			}
		case ',', '\n', '#':
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

func tableName(s, close string) string {
	name, _, _ := strings.Cut(s, close)
	return unquoteKey(name)
}

func unquoteKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func joinKey(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}
