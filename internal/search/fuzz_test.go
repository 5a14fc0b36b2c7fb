package search

import (
	"testing"
	"unicode/utf8"
)

// FuzzSearch runs any query and any text through the search: cutting, folding,
// stemming, correcting and ranking never panic, every word of a query has a stem,
// and the same query always gives the same results.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{"velo", "vélos clichy", "co-working", "tiers lieu", "épicrie", "l'Épicerie d’Issy", "92330", "-", "a-b-c-", "ŒUVRE ß", "\xff\xfe", "<li>vélo</li>&amp;"} {
		f.Add(s)
	}
	ix := Build(small())
	f.Fuzz(func(t *testing.T, q string) {
		for _, w := range QueryWords(q) {
			if w.Stem == "" || !utf8.ValidString(w.Stem) && utf8.ValidString(q) {
				t.Errorf("QueryWords(%q): word %q has stem %q", q, w.Text, w.Stem)
			}
		}
		a, b := ix.Search(q), ix.Search(q)
		if len(a.IDs) != len(b.IDs) {
			t.Fatalf("Search(%q) gave %d then %d results", q, len(a.IDs), len(b.IDs))
		}
		for i := range a.IDs {
			if a.IDs[i] != b.IDs[i] {
				t.Fatalf("Search(%q) is not deterministic: %v then %v", q, a.IDs, b.IDs)
			}
		}
		ix.Cost(q)
		PlainText(q)
		Build(Input{Initiatives: []Initiative{{Title: q, Type: -1, Status: -1, Text: q}}})
	})
}
