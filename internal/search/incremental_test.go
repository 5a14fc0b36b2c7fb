package search

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestIndexer edits the texts of random documents of a small atlas again and
// again, with now and then a change of a title, and checks after each edit that the
// Indexer gives the files that Build gives, byte for byte.
func TestIndexer(t *testing.T) {
	in := synthetic(300)
	for i, c := range in.Communes {
		if i%3 == 0 {
			c.Text = "Une commune : " + c.Name
			in.Communes[i] = c
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	// Words new to the index, hyphenated words, words of one letter and stop words,
	// accents and case: what a text can gain or lose.
	vocab := append(slices.Clone(words), "zygomatique", "Zygomatiques", "co-working", "Tiers-Lieux", "a", "de",
		"Vélos", "velo", "ÉPICERIE", "l’atelier", "2026", "92330", "œuvre", "oeuvre", "xylophone-bleu")
	text := func() string {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(vocab[r.IntN(len(vocab))])
			b.WriteString([]string{" ", ", ", "-", " "}[r.IntN(4)])
		}
		return b.String()
	}
	var x Indexer
	check := func(step int, what string) {
		t.Helper()
		got, want := x.Build(in), Build(in)
		if !slices.EqualFunc(got.Files, want.Files, func(a, b File) bool { return a.Path == b.Path && string(a.Data) == string(b.Data) }) {
			for i := range min(len(got.Files), len(want.Files)) {
				if got.Files[i].Path != want.Files[i].Path || string(got.Files[i].Data) != string(want.Files[i].Data) {
					t.Fatalf("step %d (%s): file %d: %s\n%.600s\nwant %s\n%.600s", step, what, i,
						got.Files[i].Path, got.Files[i].Data, want.Files[i].Path, want.Files[i].Data)
				}
			}
			t.Fatalf("step %d (%s): %d files, want %d", step, what, len(got.Files), len(want.Files))
		}
		if got.Meta.Version != want.Meta.Version {
			t.Fatalf("step %d (%s): version %s, want %s", step, what, got.Meta.Version, want.Meta.Version)
		}
	}
	check(0, "first build")
	for step := 1; step <= 200; step++ {
		in = cloneInput(in)
		what := "texts"
		switch k := r.IntN(20); {
		case k == 0:
			i := r.IntN(len(in.Initiatives))
			in.Initiatives[i].Title += " " + vocab[r.IntN(len(vocab))]
			what = "a title"
		case k < 3:
			i := r.IntN(len(in.Communes))
			in.Communes[i].Text = text()
			what = "a commune's text"
		default:
			for range 1 + r.IntN(3) {
				i := r.IntN(len(in.Initiatives))
				switch r.IntN(4) {
				case 0:
					in.Initiatives[i].Text = ""
				case 1:
					in.Initiatives[i].Text += " " + text()
				default:
					in.Initiatives[i].Text = text()
				}
			}
		}
		check(step, what)
	}
}

// cloneInput copies the slices of documents that the test edits, as a caller gives
// a new Input for each build.
func cloneInput(in Input) Input {
	in.Initiatives = slices.Clone(in.Initiatives)
	in.Communes = slices.Clone(in.Communes)
	return in
}
