package search

import (
	"strings"
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

// FuzzJSONString checks that appendString writes any string as encoding/json does
// (marshal): the records and shards it writes are byte for byte those of before.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "vélo", `a"b\c`, "\x00\x1f\b\f\n\r\t", "\u2028\u2029", "\xff\xfe", "<li>&amp;</li>", "œuvre 😀", "\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString([]byte("x"), s)), "x"+string(marshal(s)); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
		x := Initiative{Title: s, Path: "/" + s, Type: len(s) - 3, Status: 7, Communes: []int{0, 0}}
		in := Input{Communes: []Page{{Name: s}}}
		if got, want := string(initiativeRecord(in, x)), string(record(s, s, x.Type, 7, s+", "+s)); got != want {
			t.Errorf("initiativeRecord(%q) = %s, want %s", s, got, want)
		}
		if got, want := string(pageRecord(s, s, "commune", -len(s))), string(record(s, strings.TrimPrefix(s, "/"), "commune", -len(s))); got != want {
			t.Errorf("pageRecord(%q) = %s, want %s", s, got, want)
		}
	})
}
