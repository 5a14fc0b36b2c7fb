package search

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestIndexer edits a small atlas again and again with random sequences of edits
// (texts, titles keeping or changing their number of words, names, paths, dates,
// and changes that renumber the documents or change the counts), and checks after
// each step that the Indexer gives the files that Build gives, byte for byte; that
// it made in place what it can (no build from scratch); and that what it keeps (the
// counts of the forms, the analyses of the strings) is what a first build of the
// same input has, so that an error that does not show yet in the files is found.
func TestIndexer(t *testing.T) {
	in := synthetic(300)
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
	// Names shared by several documents, and one also a commune's name and title.
	carriers := []string{"Association Vélo Cité", "Régie de quartier", "Emmaüs Solidarité", "Tiers-Lieux du 92", in.Communes[0].Name, "zygomatique"}
	names := func() []string {
		var ns []string
		for range r.IntN(4) {
			switch r.IntN(3) {
			case 0:
				ns = append(ns, carriers[r.IntN(len(carriers))])
			case 1:
				ns = append(ns, fmt.Sprintf("%d rue %s", 1+r.IntN(40), vocab[r.IntN(len(vocab))]))
			default:
				ns = append(ns, text())
			}
		}
		return ns
	}
	for i := range in.Initiatives {
		if i%10 != 0 {
			in.Initiatives[i].Text = text() // short texts but a few, that the test runs quickly
		}
		in.Initiatives[i].Names = names()
		in.Initiatives[i].Lat, in.Initiatives[i].Lon, in.Initiatives[i].Located = 48.8+r.Float64()/10, 2.2+r.Float64()/10, true
		if r.IntN(2) == 0 {
			in.Initiatives[i].Verified = fmt.Sprintf("2025-%02d-01", 1+r.IntN(12))
		}
	}
	for i := range in.Communes {
		if i%3 == 0 {
			in.Communes[i].Text = "Une commune : " + in.Communes[i].Name
		}
	}
	for i := range 4 {
		in.Sources = append(in.Sources, Page{Name: fmt.Sprintf("Conseil du %d mars", i+1), Path: fmt.Sprintf("/documents/d%d/", i), Names: names(), Text: text()})
		in.Parcours = append(in.Parcours, Page{Name: "Parcours " + words[i], Path: fmt.Sprintf("/parcours/p%d/", i), Names: names(), Text: text()})
	}
	in.Outside = []Place{{Name: "Meudon", Postal: []string{"92190"}, Lat: 48.81, Lon: 2.23, Located: true}, {Name: "Sèvres", Postal: []string{"92310"}}}

	// title returns a title of n words that the index keeps.
	title := func(n int) string {
		for {
			var ws []string
			for len(Tokens(strings.Join(ws, " "))) < n {
				ws = append(ws, vocab[r.IntN(len(vocab))])
			}
			if s := strings.Join(ws, " "); len(Tokens(s)) == n {
				return s
			}
		}
	}
	// The edits: each returns whether the Indexer must make it in place; the first
	// inPlaceEdits may be.
	const inPlaceEdits = 10
	edits := []struct {
		what string
		edit func(in *Input) bool
	}{
		{"texts", func(in *Input) bool {
			for range 1 + r.IntN(3) {
				x := &in.Initiatives[r.IntN(len(in.Initiatives))]
				switch r.IntN(4) {
				case 0:
					x.Text = ""
				case 1:
					x.Text += " " + text()
				default:
					x.Text = text()
				}
			}
			return true
		}},
		{"a commune's text", func(in *Input) bool { in.Communes[r.IntN(len(in.Communes))].Text = text(); return true }},
		{"a document's text", func(in *Input) bool { in.Sources[r.IntN(len(in.Sources))].Text = text(); return true }},
		{"a title of as many words", func(in *Input) bool {
			x := &in.Initiatives[r.IntN(len(in.Initiatives))]
			x.Title = title(len(Tokens(x.Title)))
			return true
		}},
		{"a word more in a title", func(in *Input) bool {
			x := &in.Initiatives[r.IntN(len(in.Initiatives))]
			n := len(Tokens(x.Title))
			x.Title += " " + vocab[r.IntN(len(vocab))]
			return len(Tokens(x.Title)) == n
		}},
		{"a word less in a title", func(in *Input) bool {
			x := &in.Initiatives[r.IntN(len(in.Initiatives))]
			if ws := strings.Fields(x.Title); len(ws) > 1 {
				n := len(Tokens(x.Title))
				x.Title = strings.Join(ws[:len(ws)-1], " ")
				return len(Tokens(x.Title)) == n
			}
			return true
		}},
		{"names", func(in *Input) bool {
			for range 1 + r.IntN(2) {
				in.Initiatives[r.IntN(len(in.Initiatives))].Names = names()
			}
			return true
		}},
		{"a document's names", func(in *Input) bool { in.Parcours[r.IntN(len(in.Parcours))].Names = names(); return true }},
		{"a path", func(in *Input) bool {
			x := &in.Initiatives[r.IntN(len(in.Initiatives))]
			x.Path += "bis/"
			return true
		}},
		{"a date", func(in *Input) bool {
			x := &in.Initiatives[r.IntN(len(in.Initiatives))]
			before := rank(*in, func(i int) int { return len(Tokens(in.Initiatives[i].Title)) })
			x.Verified = fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
			return slices.Equal(before, rank(*in, func(i int) int { return len(Tokens(in.Initiatives[i].Title)) }))
		}},
		{"a status", func(in *Input) bool {
			in.Initiatives[r.IntN(len(in.Initiatives))].Status = r.IntN(len(in.Statuses))
			return false
		}},
		{"a type", func(in *Input) bool {
			in.Initiatives[r.IntN(len(in.Initiatives))].Type = r.IntN(len(in.Types))
			return false
		}},
		{"a theme's keywords", func(in *Input) bool {
			in.Themes = slices.Clone(in.Themes)
			th := &in.Themes[r.IntN(len(in.Themes))]
			th.Keywords = append(slices.Clone(th.Keywords), vocab[r.IntN(len(vocab))])
			return false
		}},
		{"a place", func(in *Input) bool {
			x := &in.Initiatives[r.IntN(len(in.Initiatives))]
			x.Lat, x.Lon = 48.8+r.Float64()/10, 2.2+r.Float64()/10
			if r.IntN(2) == 0 {
				x.Lat, x.Lon = 48.81+r.Float64()/1000, 2.23 // among the nearest of Meudon
			}
			return false
		}},
		{"a commune's count", func(in *Input) bool { in.Communes[r.IntN(len(in.Communes))].Count++; return false }},
		{"an initiative more", func(in *Input) bool {
			x := in.Initiatives[r.IntN(len(in.Initiatives))]
			x.Path, x.Title, x.Text, x.Names = x.Path+"copie/", title(1+r.IntN(4)), text(), names()
			in.Initiatives = append(in.Initiatives, x)
			return false
		}},
		{"an initiative less", func(in *Input) bool {
			i := r.IntN(len(in.Initiatives))
			in.Initiatives = slices.Delete(in.Initiatives, i, i+1)
			return false
		}},
	}

	var x Indexer
	check := func(step int, what string, inPlace bool) {
		t.Helper()
		fulls := x.fulls
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
		if inPlace && x.fulls != fulls {
			t.Fatalf("step %d (%s): built from scratch, want in place", step, what)
		}
		var fresh Indexer
		fresh.Build(in)
		if g, w := counts(x.last.st), counts(fresh.last.st); !maps.Equal(g, w) {
			t.Fatalf("step %d (%s): form counts %v\nwant %v", step, what, g, w)
		}
		if g, w := uses(x.last), uses(fresh.last); !maps.Equal(g, w) {
			t.Fatalf("step %d (%s): analyses kept %v\nwant %v", step, what, g, w)
		}
	}
	check(0, "first build", false)
	inPlace, full := 0, 0
	for step := 1; step <= 200; step++ {
		in = cloneInput(in)
		var what []string
		inplace := true
		for range 1 + r.IntN(3) {
			e := edits[r.IntN(len(edits))]
			if r.IntN(3) > 0 {
				e = edits[r.IntN(inPlaceEdits)] // more often what is made in place
			}
			what = append(what, e.what)
			inplace = e.edit(&in) && inplace
		}
		if inplace {
			inPlace++
		} else {
			full++
		}
		check(step, strings.Join(what, ", "), inplace)
	}
	t.Logf("%d steps in place, %d from scratch", inPlace, full)
}

// counts are the counts of the forms that st counts, by form.
func counts(st *stemmer) map[string]int {
	m := map[string]int{}
	for _, f := range st.all {
		if f.count != 0 {
			m[f.lower] = f.count
		}
	}
	return m
}

// uses describes the analyses b keeps: of each name, its documents and forms; of
// each title and text, by document, its string, words and forms.
func uses(b *built) map[string]string {
	m := map[string]string{}
	describe := func(s string, a *analysis) string {
		var w strings.Builder
		fmt.Fprintf(&w, "%q %d %d", s, a.words, a.names)
		for _, u := range a.uses {
			fmt.Fprintf(&w, " %s×%d", b.st.all[u.form].lower, u.n)
		}
		return w.String()
	}
	for s, a := range b.st.cache {
		m["name "+s] = describe(s, a)
	}
	for id, a := range b.titleA {
		m[fmt.Sprint("title ", id)] = describe(b.titles[id], a)
		m[fmt.Sprint("text ", id)] = describe(b.texts[id], b.textA[id])
	}
	return m
}

// cloneInput copies the slices of documents that the test edits, as a caller gives
// a new Input for each build.
func cloneInput(in Input) Input {
	in.Initiatives = slices.Clone(in.Initiatives)
	in.Communes = slices.Clone(in.Communes)
	in.Sources = slices.Clone(in.Sources)
	in.Parcours = slices.Clone(in.Parcours)
	return in
}

// BenchmarkIndexer measures an Indexer building again the index of 10,000
// initiatives after the edit of one initiative: its text, its title with as many
// words (made in place), its title with a word more or less (built from scratch but
// from the analyses kept), its names.
//
//	go test ./internal/search -run '^$' -bench Indexer -benchmem
func BenchmarkIndexer(b *testing.B) {
	for _, bench := range []struct {
		name string
		edit func(x *Initiative, i int)
	}{
		{"Text", func(x *Initiative, i int) { x.Text += fmt.Sprintf(" marque%d", i) }},
		{"Title", func(x *Initiative, i int) { x.Title = fmt.Sprintf("Titre %d", 10+i%2) }},
		{"TitleWord", func(x *Initiative, i int) { // 4 words, then 5: the initiative moves after those of 4
			x.Title = strings.TrimSuffix(x.Title, " nouveau")
			if i%2 == 0 {
				x.Title += " nouveau"
			}
		}},
		{"Names", func(x *Initiative, i int) { x.Names = []string{fmt.Sprintf("Association %d", i%2)} }},
	} {
		b.Run(bench.name, func(b *testing.B) {
			in := synthetic(10_000)
			var x Indexer
			x.Build(in)
			i := 0
			for b.Loop() {
				in = cloneInput(in)
				bench.edit(&in.Initiatives[0], i)
				x.Build(in)
				i++
			}
			b.ReportMetric(float64(x.fulls-1)/float64(b.N), "full/op")
		})
	}
}
