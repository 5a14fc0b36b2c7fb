// Package slug derives URL slugs from names and tells whether a string is one.
//
// A slug is lowercase ASCII letters and digits in words joined by single hyphens:
// "Épicerie sociale de Bourg-la-Reine" becomes "epicerie-sociale-de-bourg-la-reine".
// Accents are folded by Unicode decomposition; ligatures and letters that do not
// decompose (œ, æ, ß, ø…) are spelt out.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

var spelt = strings.NewReplacer("œ", "oe", "Œ", "oe", "æ", "ae", "Æ", "ae", "ß", "ss",
	"ø", "o", "Ø", "o", "ł", "l", "Ł", "l", "đ", "d", "Đ", "d", "ð", "d", "þ", "th")

// Fold removes accents and spells out ligatures, keeping case and everything else.
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, spelt.Replace(s))
	if err != nil {
		return s
	}
	return out
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
