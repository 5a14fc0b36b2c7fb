package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestTokens(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Atelier vélo", "atelier velo"},
		{"ÉPICERIE Solidaire", "epicerie solidaire"},
		{"Boîte à livres de l’Œuvre", "boite livres oeuvre"},
		{"Bourg-la-Reine", "bourg reine"},
		{"L'Arbresle, 2021", "arbresle 2021"},
		{"a b c", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := strings.Join(Tokens(tc.in), " "); got != tc.want {
				t.Errorf("Tokens(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		name string
		ids  []int32
		want string
	}{
		{"empty", nil, ""},
		{"dense", []int32{0, 1, 2, 3}, "1111"},
		{"gap of 32", []int32{31}, "X0"},
		{"large", []int32{5, 100000}, "6" + Encode([]int32{99994})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Encode(tc.ids)
			if got != tc.want {
				t.Errorf("Encode(%v) = %q, want %q", tc.ids, got, tc.want)
			}
			if back := Decode(got); !slices.Equal(back, tc.ids) && len(tc.ids) > 0 {
				t.Errorf("Decode(%q) = %v, want %v", got, back, tc.ids)
			}
		})
	}
	ids := []int32{3, 4, 40, 1000, 1 << 20, 1<<30 + 7}
	if got := Decode(Encode(ids)); !slices.Equal(got, ids) {
		t.Errorf("round trip: %v, want %v", got, ids)
	}
}

func small() Input {
	return Input{
		Types:    []Term{{Name: "Atelier vélo", Plural: "Ateliers vélo", Path: "/types/atelier-velo/", Count: 1}, {Name: "Épicerie solidaire", Plural: "Épiceries solidaires", Path: "/types/epicerie/", Count: 2}},
		Themes:   []Term{{Name: "Mobilité", Path: "/thematiques/mobilite/", Count: 1}},
		Statuses: []Term{{Name: "Ouvert", Count: 3}},
		Communes: []Page{{Name: "Clichy", Path: "/communes/clichy/", Count: 2}, {Name: "Sceaux", Path: "/communes/sceaux/", Count: 1}},
		Initiatives: []Initiative{
			{Title: "Atelier vélo de Clichy", Path: "/initiatives/atelier-velo/", Type: 0, Status: 0, Themes: []int{0}, Communes: []int{0}},
			{Title: "Épicerie de Sceaux", Path: "/initiatives/epicerie-sceaux/", Type: 1, Status: 0, Communes: []int{1}},
			{Title: "Vélocipède solidaire", Path: "/initiatives/velocipede/", Type: 1, Status: 0, Communes: []int{0}, Names: []string{"Association Roue libre"}},
		},
	}
}

func TestSearch(t *testing.T) {
	ix := Build(small())
	for _, tc := range []struct {
		query string
		want  []int32
	}{
		// Initiatives are numbered by the number of words of their title: 0 is
		// the Épicerie, 1 Vélocipède, 2 the Atelier. Documents 3 and 4 are the
		// communes, 5 and 6 the types, 7 the theme. Whole words in titles first,
		// then beginnings of words in titles, then other fields.
		{"velo", []int32{2, 5, 1}},
		{"vélos", []int32{2, 5, 1}},
		{"VÉLO clichy", []int32{2, 1}},
		{"epic", []int32{0, 6, 1}},
		{"épiceries", []int32{0, 6, 1}},
		{"roue", []int32{1}},
		{"sceaux", []int32{0, 4}},
		{"zzz", []int32{}},
	} {
		t.Run(tc.query, func(t *testing.T) {
			if got := ix.Search(tc.query).IDs; !slices.Equal(got, tc.want) {
				t.Errorf("Search(%q) = %v, want %v", tc.query, got, tc.want)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Build(small()), Build(small())
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || string(a.Files[i].Data) != string(b.Files[i].Data) {
			t.Fatalf("file %s differs", a.Files[i].Path)
		}
	}
}

var words = strings.Fields("économie sociale solidaire commune réseau habitants association coopérative " +
	"insertion emploi réemploi collecte épicerie jardin partagé atelier vélo " +
	"quartier élus projet lieu accueil bénévoles salariés territoire transition " +
	"alimentation circuit court solidarité échange formation public jeunes aînés " +
	"ressourcerie recyclerie tiers-lieu numérique culture financement mairie")

// synthetic is an atlas like the benchmark twin: n initiatives in n/10 communes,
// each with a body of 258 words drawn from words, as gen_twin.py writes them, and 8
// drawn from a long tail of n/2 rarer words, as real texts have.
func synthetic(n int) Input {
	r := rand.New(rand.NewPCG(1, 2))
	rare := make([]string, n/2)
	for i := range rare {
		var b strings.Builder
		for range 5 + r.IntN(6) {
			b.WriteByte("bcdfghjlmnprstvaeiou"[r.IntN(20)])
		}
		rare[i] = b.String()
	}
	body := func() string {
		var b strings.Builder
		for range 258 {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		for range 8 {
			// Zipf-like: the first rare words are much more frequent.
			b.WriteString(rare[int(float64(len(rare))*r.Float64()*r.Float64()*r.Float64())])
			b.WriteByte(' ')
		}
		return b.String()
	}
	in := Input{}
	for i := range 15 {
		in.Types = append(in.Types, Term{Name: fmt.Sprintf("Type %s %d", words[i], i), Plural: "Types", Path: fmt.Sprintf("/types/t%d/", i)})
	}
	for i := range 10 {
		in.Themes = append(in.Themes, Term{Name: "Thème " + words[20+i], Path: fmt.Sprintf("/thematiques/h%d/", i)})
	}
	for _, s := range []string{"Idée", "Étude", "Projet", "Ouvert", "Fermé"} {
		in.Statuses = append(in.Statuses, Term{Name: s})
	}
	for i := range n / 10 {
		in.Communes = append(in.Communes, Page{Name: fmt.Sprintf("Saint-%s-sur-%s %d", words[r.IntN(len(words))], words[r.IntN(len(words))], i), Path: fmt.Sprintf("/communes/c%05d/", i)})
	}
	for i := range n {
		x := Initiative{Title: fmt.Sprintf("Initiative %06d %s %s", i, words[r.IntN(len(words))], words[r.IntN(len(words))]),
			Path: fmt.Sprintf("/initiatives/initiative-%06d/", i), Type: r.IntN(15), Status: r.IntN(5),
			Communes: []int{r.IntN(len(in.Communes))}, Text: body()}
		for range 1 + r.IntN(3) {
			if th := r.IntN(10); !slices.Contains(x.Themes, th) {
				x.Themes = append(x.Themes, th)
			}
		}
		slices.Sort(x.Themes)
		in.Initiatives = append(in.Initiatives, x)
	}
	return in
}

// TestQueryBudget checks that with 100,000 initiatives no query downloads more than
// about 1 MB: index.json, the shards of its words and the chunks of the first page of
// results.
func TestQueryBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of 100,000 initiatives")
	}
	ix := Build(synthetic(100_000))
	total := 0
	for _, f := range ix.Files {
		total += len(f.Data)
	}
	t.Logf("index: %d files, %d bytes; index.json %d bytes", len(ix.Files), total, ix.sizes["recherche/index.json"])
	for _, q := range budgetQueries {
		files, n, r := ix.Cost(q)
		t.Logf("%-24q %6d results, %3d files, %7d bytes", q, len(r.IDs), len(files), n)
		if n > 1<<20 {
			t.Errorf("query %q downloads %d bytes, want at most 1 MiB", q, n)
		}
	}
}

// budgetQueries are the queries whose bytes TestQueryBudget checks and
// BenchmarkQueryBytes reports: common and rare words, prefixes, several words, typos.
var budgetQueries = []string{"velo", "vélo", "épicerie solidaire", "initiative", "in", "saint", "commune", "000123", "0001", "atelier velo saint", "e", "zz", "epicrie", "ressourcrie solidaire"}

// BenchmarkQueryBytes reports, as benchmark figures, what one query downloads from
// the index of 100,000 initiatives that TestQueryBudget checks (index.json, the
// shards of its words and the chunks of its first page of results; not the script):
// the least, the most and the mean over budgetQueries. The time is that of Cost.
//
//	go test ./internal/search -run '^$' -bench QueryBytes -benchtime 1x
func BenchmarkQueryBytes(b *testing.B) {
	ix := Build(synthetic(100_000))
	lo, hi, total := 0, 0, 0
	for i, q := range budgetQueries {
		_, n, _ := ix.Cost(q)
		if i == 0 || n < lo {
			lo = n
		}
		hi, total = max(hi, n), total+n
	}
	for b.Loop() {
		for _, q := range budgetQueries {
			ix.Cost(q)
		}
	}
	b.ReportMetric(float64(lo), "min-bytes/query")
	b.ReportMetric(float64(hi), "max-bytes/query")
	b.ReportMetric(float64(total)/float64(len(budgetQueries)), "mean-bytes/query")
}

func BenchmarkBuild(b *testing.B) {
	in := synthetic(10_000)
	for b.Loop() {
		Build(in)
	}
}

func TestNearest(t *testing.T) {
	var xs []Initiative
	var ids []int32
	for i, p := range [][2]float64{{48.80, 2.30}, {48.81, 2.30}, {48.90, 2.20}, {-21.0, 55.5}, {48.80, 2.40}} {
		xs = append(xs, Initiative{Lat: p[0], Lon: p[1], Located: true})
		ids = append(ids, int32(10+i))
	}
	xs = append(xs, Initiative{}) // not placed
	ids = append(ids, 99)
	near := nearestFinder(xs, ids)
	for _, tc := range []struct {
		lat, lon float64
		k        int
		want     []int32
	}{
		{48.805, 2.30, 2, []int32{10, 11}},
		{48.80, 2.39, 3, []int32{14, 10, 11}},
		{-20.9, 55.4, 2, []int32{13, 14}}, // far from all but one: every initiative, once
		{48.80, 2.30, 9, []int32{10, 11, 14, 12, 13}},
	} {
		var got []int32
		for _, n := range near(tc.lat, tc.lon, tc.k) {
			got = append(got, n.id)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("nearest %d to %v, %v = %v, want %v", tc.k, tc.lat, tc.lon, got, tc.want)
		}
	}
}
