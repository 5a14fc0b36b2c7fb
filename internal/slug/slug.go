// Package slug derives URL slugs from names and tells whether a string is one.
//
// A slug is lowercase ASCII letters and digits in words joined by single hyphens:
// "Épicerie sociale de Bourg-la-Reine" becomes "epicerie-sociale-de-bourg-la-reine".
// Accents are folded by Unicode decomposition; ligatures and letters that do not
// decompose (œ, æ, ß, ø…) are spelt out.
package slug

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var spelt = strings.NewReplacer("œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae", "ß", "ss",
	"ø", "o", "Ø", "o", "ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ð", "d", "þ", "th")

// folders holds the transformers of Fold: a chain allocates 8 KB of buffers, which
// heading anchors and the search index would otherwise pay on every word.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Fold removes accents and spells out ligatures, keeping case and everything else.
func Fold(s string) string {
	if ascii(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteByte(byte(r))
		case r < 0x180:
			b.WriteString(latin[r-0x80])
		case r >= 0x2000 && r < 0x2070:
			b.WriteString(punctuation[r-0x2000])
		default:
			return foldText(s)
		}
	}
	return b.String()
}

// latin and punctuation hold the folding of each character from U+0080 to U+017F
// (Latin-1 and Latin Extended-A, with every letter of French) and from U+2000 to
// U+206F (’ – — “ ” …), so that Fold runs the Unicode normalization only on text with
// other characters: at 10,000 initiatives it folded every heading and every word of
// the search index that way. These characters fold one by one: TestFoldTables checks
// every pair of them against foldText.
var latin, punctuation = foldRange(0x80, 0x180), foldRange(0x2000, 0x2070)

func foldRange(from, to rune) []string {
	t := make([]string, to-from)
	for i := range t {
		t[i] = foldText(string(from + rune(i)))
	}
	return t
}

// foldText is Fold by Unicode decomposition, for any text.
func foldText(s string) string {
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, spelt.Replace(s)) // String resets t first
	if err != nil {
		return s
	}
	return out
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Make returns the slug of name, or "" when name has no letter or digit.
func Make(name string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(Fold(name)) {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			hyphen = false
			continue
		}
		hyphen = true
	}
	return b.String()
}

// Valid reports whether s is a slug: non-empty, lowercase ASCII letters and digits,
// single hyphens between words.
func Valid(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && s[i-1] != '-':
		default:
			return false
		}
	}
	return true
}
