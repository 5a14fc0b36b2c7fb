// Package typo applies French typography to the text atlas writes: a narrow no-break
// space (U+202F) before « ; : ! ? » and inside « », a no-break space (U+00A0) between
// the groups of digits of a number (« 20 884 ») and between a number and its unit
// (« 15 km », « 30 % »).
//
// It works on text only, never on markup: String takes plain text (a title, a name),
// Extension is a goldmark AST transformer that edits the text nodes of Markdown and
// leaves code, links' destinations and raw HTML alone, and Template edits the text of
// an html/template source between its tags, leaving tags, attributes, {{actions}},
// scripts, styles and code as written. A space the author typed is replaced; one that
// is missing is added only where nothing else can be meant (a letter right before
// « ; ! ? » and then a space, as in « Pourquoi? »), so that « 10:30 », « http:// »
// or « ;) » stay as written.
package typo

import (
	"unicode"
	"unicode/utf8"
)

// The spaces this package writes.
const (
	Narrow = '\u202f' // espace fine insécable: before ; : ! ? » and after «
	NBSP   = '\u00a0' // espace insécable: in numbers and before units
)

// tagMark stands, in the characters after a text, for the tag that ends it (see
// Template): neither a space nor a word, it ends a phrase and a unit.
const tagMark = '\uFFFC'

// units are the words that, after a number, take a no-break space before them.
var units = map[string]bool{
	"%": true, "€": true, "k€": true, "M€": true, "Md€": true, "$": true,
	"km": true, "m": true, "m²": true, "m2": true, "m³": true, "cm": true, "mm": true, "ha": true,
	"kg": true, "g": true, "t": true, "l": true, "L": true,
	"h": true, "min": true, "s": true, "°C": true, "°": true,
	"ans": true, "an": true, "mois": true, "jours": true, "heures": true,
	"ETP": true, "euros": true, "habitants": true,
}

// String returns s with French typography applied; s is plain text, not HTML.
func String(s string) string {
	if !needs(s) {
		return s
	}
	return string(apply([]rune(s), nil, nil))
}

// needs reports whether s holds anything that apply could change: most names and
// titles do not, and are returned as they are without a copy.
func needs(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ';' || c == ':' || c == '!' || c == '?':
			return true
		case c >= '0' && c <= '9':
			return true
		case c == 0xc2: // the first byte of « » and U+00A0
			return true
		}
	}
	return false
}

// isSpace reports whether r is a space that typography may replace.
func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == NBSP || r == Narrow }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// apply returns rs with typography applied. before is the few characters just before
// rs (none at the start of a text) and after the few characters just after it (none
// at the end), so that a text cut into pieces (Markdown inline nodes, template text
// between actions) is treated as one.
func apply(rs []rune, before []rune, after []rune) []rune {
	at := func(i int) rune {
		switch {
		case i < 0:
			if len(before)+i >= 0 {
				return before[len(before)+i]
			}
			return 0
		case i >= len(rs):
			if i-len(rs) < len(after) {
				return after[i-len(rs)]
			}
			return 0
		}
		return rs[i]
	}
	// punctAt reports whether a punctuation mark that takes a space before it is at
	// i: one that ends a phrase, followed by a space, the end or other punctuation,
	// and not the end of an entity (&amp;) or a smiley (;)).
	punctAt := func(i int) bool {
		r := at(i)
		if !isPunct(r) {
			return false
		}
		if r == ';' && entityBefore(rs, i) {
			return false
		}
		if r == '»' {
			return true
		}
		switch next := at(i + 1); {
		case next == 0, next == tagMark, isSpace(next), isPunct(next), next == '.', next == '"', next == '\u201d', next == '\u2019':
			return true
		}
		return false
	}
	out := make([]rune, 0, len(rs)+4)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case isSpace(r):
			// A run of spaces: its part in rs is i to j, the whole run (which may
			// begin in before or go on in after, when the text was cut at a space)
			// s to e. It is judged whole, so that a cut text gets what the uncut
			// one does; a run replaced by one character writes it in the piece where
			// the run begins, and nothing in the others.
			j := i
			for j < len(rs) && isSpace(rs[j]) {
				j++
			}
			s, e := i, j
			for isSpace(at(s - 1)) {
				s--
			}
			for isSpace(at(e)) {
				e++
			}
			prev, next := at(s-1), at(e)
			var with rune // the one character the run becomes, 0 to keep it
			switch {
			case prev == 0 || next == 0:
				// Spaces at either end of the whole text are left as they are.
			case prev == '«' || next == '»' || punctAt(e):
				with = Narrow
			case isDigit(prev) && e-s == 1 && groupBefore(at, s) && groupAfter(at, e):
				with = NBSP
			case isDigit(prev) && e-s == 1 && unitAt(at, e):
				with = NBSP
			}
			switch {
			case with == 0:
				out = append(out, rs[i:j]...)
			case s == i:
				out = append(out, with)
			}
			i = j - 1
		case r == '«':
			out = append(out, r)
			if next := at(i + 1); next != 0 && !isSpace(next) && next != '»' {
				out = append(out, Narrow)
			}
		case r == '»':
			if prev := at(i - 1); prev != 0 && !isSpace(prev) && prev != '«' {
				out = append(out, Narrow)
			}
			out = append(out, r)
		case r == ';' || r == '!' || r == '?':
			// « Pourquoi? » → « Pourquoi ? », but not « ;) », « ?? » or « a?b ».
			if prev := at(i - 1); (unicode.IsLetter(prev) || prev == ')') && punctAt(i) {
				out = append(out, Narrow)
			}
			out = append(out, r)
		default:
			out = append(out, r)
		}
	}
	return out
}

// isPunct reports whether r takes a narrow no-break space before it.
func isPunct(r rune) bool { return r == ';' || r == ':' || r == '!' || r == '?' || r == '»' }

// groupBefore reports whether the digits that end at i-1 (at reads the text around,
// across pieces) are one to three digits, the first group of a number written
// « 20 884 », and not a year or a code.
func groupBefore(at func(int) rune, i int) bool {
	n := 0
	for k := i - 1; isDigit(at(k)); k-- {
		n++
		if n > 3 {
			return false
		}
	}
	if n < 1 {
		return false
	}
	// « 2,5 000 » or « 1.000 » is not a number written in groups.
	if r := at(i - n - 1); r == ',' || r == '.' {
		return false
	}
	return true
}

// groupAfter reports whether exactly three digits start at j, followed by something
// that is not a digit.
func groupAfter(at func(int) rune, j int) bool {
	for k := j; k < j+3; k++ {
		if !isDigit(at(k)) {
			return false
		}
	}
	return !isDigit(at(j + 3))
}

// unitAt reports whether a unit of units starts at j and ends a word.
func unitAt(at func(int) rune, j int) bool {
	var w []rune
	for k := j; ; k++ {
		r := at(k)
		if r == 0 || isSpace(r) || isWordEnd(r) {
			break
		}
		if len(w) == 9 {
			return false
		}
		w = append(w, r)
	}
	return len(w) > 0 && units[string(w)]
}

// entityBefore reports whether the ; at rs[i] ends a character reference: &amp;, &#160;.
func entityBefore(rs []rune, i int) bool {
	if i > len(rs) {
		return false // a ';' after spaces in the text that follows rs: no entity
	}
	for k := i - 1; k >= 0 && i-k <= 32; k-- {
		switch r := rs[k]; {
		case r == '&':
			return k < i-1
		case r == '#', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', isDigit(r):
		default:
			return false
		}
	}
	return false
}

// isWordEnd reports whether r ends a unit: punctuation after it (« 30 %, »).
func isWordEnd(r rune) bool {
	switch r {
	case ',', '.', ';', ':', '!', '?', ')', '»', '/', '\u2019', '\'', tagMark:
		return true
	}
	return false
}

// first and last return the first and last rune of b, or 0.
func first(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	if r == utf8.RuneError {
		return 0
	}
	return r
}

func last(b []byte) rune {
	r, _ := utf8.DecodeLastRune(b)
	if r == utf8.RuneError {
		return 0
	}
	return r
}
