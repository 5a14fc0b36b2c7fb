package search

import (
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/french"
)

// Stem returns the stem of a folded word (see Fold): the Snowball French stemmer
// (github.com/blevesearch/snowballstem, generated from the Snowball sources), after
// a plural step of its own. Snowball keeps the final s of a word that ends in a, i, o
// or u, and the final x of one in eux or oux (to spare « bras », « souris »,
// « heureux »); a resident who types « vélos », « cinémas » or « tiers-lieux »
// means the singular, so Stem drops that s or x first, from words of four letters or
// more. Words of one or two letters are left as they are.
//
// The browser stems the query with a port of the same algorithm in
// static/js/recherche.js: TestStemAgrees runs both on the Snowball project's French
// vocabulary and on every word of the example, and they must give the same stems.
// The words are folded before stemming, so that « epicerie » and « épicerie » have one
// stem whatever accents the resident types.
func Stem(w string) string {
	n := utf8.RuneCountInString(w)
	if n <= 2 {
		return w
	}
	if n >= 4 {
		switch {
		case strings.HasSuffix(w, "s") && strings.ContainsRune("aiou", rune(w[len(w)-2])):
			w = w[:len(w)-1]
		case strings.HasSuffix(w, "eux") || strings.HasSuffix(w, "oux"):
			w = w[:len(w)-1]
		}
	}
	env := snowballstem.NewEnv(w)
	french.Stem(env)
	return env.Current()
}
