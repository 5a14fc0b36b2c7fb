package atlas

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/content"
)

// TestNearest checks the neighbours by distance: communes of another
// intercommunalité count, a commune without centre has none and is no one's,
// and ties go to alphabetical order.
func TestNearest(t *testing.T) {
	at := func(lat, lon float64) *content.LatLon { return &content.LatLon{Lat: lat, Lon: lon} }
	c := &content.Content{Site: &content.Site{Title: "t"}}
	for _, cm := range []*content.Commune{
		{Slug: "vanves", Name: "Vanves", Intercommunalite: "GPSO", Location: at(48.82345, 2.29025)},
		{Slug: "malakoff", Name: "Malakoff", Intercommunalite: "VSGP", Location: at(48.81999, 2.29998)},
		{Slug: "issy", Name: "Issy-les-Moulineaux", Intercommunalite: "GPSO", Location: at(48.82104, 2.27718)},
		{Slug: "nanterre", Name: "Nanterre", Intercommunalite: "POLD", Location: at(48.89198, 2.20675)},
		{Slug: "sevres", Name: "Sèvres", Intercommunalite: "GPSO", Location: at(48.82292, 2.21757)},
		// Two communes at the same distance from Réunion's Saint-Denis.
		{Slug: "reunion", Name: "Saint-Denis", Departement: "99", Location: at(-20.88231, 55.4504)},
		{Slug: "b", Name: "B", Departement: "99", Location: at(-20.88231, 55.5504)},
		{Slug: "a", Name: "A", Departement: "99", Location: at(-20.88231, 55.3504)},
		{Slug: "nowhere", Name: "Nulle-part", Departement: "99"},
	} {
		c.Communes = append(c.Communes, cm)
	}
	a, d := New(c)
	if len(d) > 0 {
		t.Fatalf("New: %v", d)
	}
	near := func(slug string) string {
		var out []string
		for _, n := range a.Commune(slug).Nearest {
			out = append(out, fmt.Sprintf("%s %.1f", n.Commune.Slug, n.Km))
		}
		return strings.Join(out, ", ")
	}
	for _, tc := range []struct{ slug, want string }{
		{"vanves", "malakoff 0.8, issy 1.0, sevres 5.3, nanterre 9.8, a 9360.5, reunion 9366.0"},
		{"reunion", "a 10.4, b 10.4, malakoff 9365.2, vanves 9366.0, issy 9366.5, sevres 9370.0"},
		{"nowhere", ""},
	} {
		if got := near(tc.slug); got != tc.want {
			t.Errorf("Nearest of %s = %s; want %s", tc.slug, got, tc.want)
		}
	}
}

// BenchmarkNearest measures the neighbours of 10,000 communes on a grid.
func BenchmarkNearest(b *testing.B) {
	c := &content.Content{Site: &content.Site{Title: "t"}}
	for i := range 10000 {
		c.Communes = append(c.Communes, &content.Commune{Slug: fmt.Sprintf("c%d", i), Name: fmt.Sprintf("C%d", i),
			Departement: "99", Location: &content.LatLon{Lat: 43 + float64(i/100)*0.07, Lon: -1 + float64(i%100)*0.07}})
	}
	a, _ := New(c)
	for b.Loop() {
		a.nearest()
	}
}
