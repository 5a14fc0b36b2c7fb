package search

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendString appends s as encoding/json writes it without escaping HTML (marshal):
// the same bytes, without reflection and an encoder per string, for the records and
// the shards, of which an index has hundreds of thousands. FuzzJSONString checks it
// against encoding/json.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' { // as encoding/json, for JSONP
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// initiativeRecord is the record of x in the document table, as record writes it:
// [title, path, type, status, "Commune, Commune"].
func initiativeRecord(in Input, x Initiative) []byte {
	var communes string
	switch len(x.Communes) {
	case 0:
	case 1:
		communes = in.Communes[x.Communes[0]].Name
	default:
		names := make([]string, len(x.Communes))
		for i, c := range x.Communes {
			names[i] = in.Communes[c].Name
		}
		communes = strings.Join(names, ", ")
	}
	b := make([]byte, 0, 16+2*(len(x.Title)+len(x.Path)+len(communes)))
	b = appendString(append(b, '['), x.Title)
	b = appendString(append(b, ','), strings.TrimPrefix(x.Path, "/"))
	b = strconv.AppendInt(append(b, ','), int64(x.Type), 10)
	b = strconv.AppendInt(append(b, ','), int64(x.Status), 10)
	b = appendString(append(b, ','), communes)
	return append(b, ']')
}

// pageRecord is the record of a page in the document table, as record writes it:
// [title, path, kind, number of initiatives].
func pageRecord(name, path, kind string, count int) []byte {
	b := make([]byte, 0, 24+2*(len(name)+len(path)))
	b = appendString(append(b, '['), name)
	b = appendString(append(b, ','), strings.TrimPrefix(path, "/"))
	b = appendString(append(b, ','), kind)
	b = strconv.AppendInt(append(b, ','), int64(count), 10)
	return append(b, ']')
}
