package typo

import (
	"bytes"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// rawElements hold text that typography must not touch.
var rawElements = map[string]bool{"script": true, "style": true, "pre": true, "code": true, "textarea": true, "kbd": true, "samp": true}

// Template returns the source of an html/template file with French typography applied
// to its text: the text between tags, outside {{actions}} and outside script, style,
// pre, code and textarea. Tags, attributes and actions are copied byte for byte. The
// character next to an action counts as a word, so that « {{.Name}} : » gets its
// space. The text &nbsp; and &#160; count as spaces.
func Template(src []byte) []byte {
	// The lexer writes into its input (it lowers tag names): it reads a copy, and
	// what is written comes from src. In the copy, the text of {{/* comments */}} is
	// masked: the lexer reads an apostrophe there as the start of a Go character
	// literal, and would give up on the whole file.
	l := html.NewTemplateLexer(parse.NewInputBytes(maskComments(src)), html.GoTemplate)
	type token struct {
		tt   html.TokenType
		data []byte // a slice of src
	}
	var toks []token
	n := 0
	for {
		tt, data := l.Next()
		if tt == html.ErrorToken {
			break
		}
		if n+len(data) > len(src) {
			return src
		}
		toks = append(toks, token{tt, src[n : n+len(data)]})
		n += len(data)
	}
	if n != len(src) {
		// The lexer stopped early (an unclosed comment): leave the file as written.
		return src
	}
	var out bytes.Buffer
	out.Grow(len(src) + len(src)/32)
	raw := 0 // depth in raw elements
	for i, t := range toks {
		switch t.tt {
		case html.StartTagToken:
			if rawElements[string(bytes.ToLower(tagName(t.data)))] {
				raw++
			}
		case html.EndTagToken:
			if rawElements[string(bytes.ToLower(tagName(t.data)))] && raw > 0 {
				raw--
			}
		case html.TextToken:
			if raw == 0 {
				var before rune
				var after []rune
				if i > 0 {
					before = neighbour(toks[i-1].tt, toks[i-1].data, true)
				}
				if i+1 < len(toks) {
					if toks[i+1].tt == html.TextToken {
						after = []rune(string(toks[i+1].data))
					} else if r := neighbour(toks[i+1].tt, toks[i+1].data, false); r != 0 {
						after = []rune{r}
					}
				}
				out.WriteString(templateText(t.data, before, after))
				continue
			}
		}
		out.Write(t.data)
	}
	return out.Bytes()
}

// maskComments returns a copy of src in which every byte inside a template comment,
// {{/* … */}} or {{- /* … */ -}}, is an 'x': the same length, so that the lexer's
// tokens keep their offsets in src. An unclosed comment is masked to the end.
func maskComments(src []byte) []byte {
	out := bytes.Clone(src)
	for i := 0; i < len(out); {
		k := bytes.Index(out[i:], []byte("/*"))
		if k < 0 {
			break
		}
		start := i + k
		// A comment starts right after {{ or {{- and its space.
		pre := bytes.TrimRight(out[:start], " \t\n\r")
		pre = bytes.TrimSuffix(pre, []byte("-"))
		if !bytes.HasSuffix(pre, []byte("{{")) {
			i = start + 2
			continue
		}
		end := bytes.Index(out[start+2:], []byte("*/"))
		stop := len(out)
		if end >= 0 {
			stop = start + 2 + end
		}
		for j := start + 2; j < stop; j++ {
			out[j] = 'x'
		}
		if end < 0 {
			break
		}
		i = stop + 2
	}
	return out
}

// neighbour is the character a text sees beside a token: a word beside an action
// or, before the text, an inline tag. After the text, a tag is a tagMark: the text
// ends there, so that « Adresse : » before </dt> or <a> is punctuation that takes
// its space, while « 10:{{.M}} » stays as written.
func neighbour(tt html.TokenType, data []byte, before bool) rune {
	switch tt {
	case html.TextToken:
		if before {
			return last(data)
		}
		return first(data)
	case html.StartTagCloseToken, html.EndTagToken, html.StartTagToken:
		if !before {
			return tagMark
		}
		return 'x'
	case html.TemplateToken:
		return 'x'
	}
	return 0
}

// templateText applies typography to one text of a template.
func templateText(b []byte, before rune, after []rune) string {
	s := string(b)
	if !needs(s) && (len(after) == 0 || !isPunct(after[0])) && before != '«' {
		return s
	}
	// The entities of a space are read as one, and written back as the character.
	s = replaceAll(s, "&nbsp;", "\u00a0")
	s = replaceAll(s, "&#160;", "\u00a0")
	var b4 []rune
	if before != 0 {
		b4 = []rune{before}
	}
	return string(apply([]rune(s), b4, after))
}

func replaceAll(s, old, new string) string {
	if !bytes.Contains([]byte(s), []byte(old)) {
		return s
	}
	return string(bytes.ReplaceAll([]byte(s), []byte(old), []byte(new)))
}

// tagName returns the name of a start or end tag token: "<li" → "li", "</li>" → "li".
func tagName(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("</"))
	b = bytes.TrimPrefix(b, []byte("<"))
	b = bytes.TrimSuffix(b, []byte(">"))
	if i := bytes.IndexAny(b, " \t\n\r\f/"); i >= 0 {
		b = b[:i]
	}
	return b
}
