package render

import (
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/atlas"
)

// TestSparse checks when a chart is drawn: when at least one initiative in three
// carries its field; else one sentence says how many do.
func TestSparse(t *testing.T) {
	for _, tc := range []struct {
		n, total int
		want     string // "" when the chart is drawn
	}{
		{1, 75, "1\u00a0initiative sur 75 indique son année de création\u202f: trop peu pour en tirer un diagramme."},
		{24, 75, "24\u00a0initiatives sur 75 indiquent leur année de création\u202f: trop peu pour en tirer un diagramme."},
		{25, 75, ""},
		{0, 2, "0\u00a0initiative sur 2 indique son année de création\u202f: trop peu pour en tirer un diagramme."},
		{1, 3, ""},
		{1500, 10000, "1\u00a0500\u00a0initiatives sur 10\u00a0000 indiquent leur année de création\u202f: trop peu pour en tirer un diagramme."},
	} {
		c := countChart("x", "Année", "t", "c", []atlas.Count{{Label: "2019", N: tc.n}})
		sparse(&c, tc.n, tc.total, "indique son année de création", "indiquent leur année de création")
		if c.Sparse != tc.want {
			t.Errorf("%d of %d: %q; want %q", tc.n, tc.total, c.Sparse, tc.want)
		}
		if drawn := c.Bars != nil; drawn != (tc.want == "") {
			t.Errorf("%d of %d: drawn %v", tc.n, tc.total, drawn)
		}
	}
}

// TestLargestFirst checks the order of the bars: the largest number first, ties in
// French alphabetical order (« Écully » between « Dardilly » and « Lyon »).
func TestLargestFirst(t *testing.T) {
	got := largestFirst([]atlas.Count{{Label: "Lyon", N: 2}, {Label: "Écully", N: 2}, {Label: "Bron", N: 1}, {Label: "Dardilly", N: 2}, {Label: "Anse", N: 5}})
	var names []string
	for _, c := range got {
		names = append(names, c.Label)
	}
	if s := strings.Join(names, ", "); s != "Anse, Dardilly, Écully, Lyon, Bron" {
		t.Errorf("order %q", s)
	}
}

// TestPerInhabitants checks the figures per 10,000 inhabitants, rounded to one decimal.
func TestPerInhabitants(t *testing.T) {
	for _, tc := range []struct {
		n, pop int
		want   float64
	}{{10, 20884, 4.8}, {1, 97783, 0.1}, {0, 8432, 0}, {3, 20594, 1.5}, {25, 185522, 1.3}} {
		if got := perInhabitants(tc.n, tc.pop); got != tc.want {
			t.Errorf("%d for %d inhabitants: %v; want %v", tc.n, tc.pop, got, tc.want)
		}
	}
}
