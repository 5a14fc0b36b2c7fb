package render

import (
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
)

// route is an itinerary of four stops: one at its own location, two at the same
// commune centre, one without coordinates.
func route() *atlas.Parcours {
	centre := &content.LatLon{Lat: 48.7766, Lon: 2.2922}
	sceaux := &atlas.Commune{Commune: &content.Commune{}, Slug: "sceaux", Name: "Sceaux", Location: centre}
	nowhere := &atlas.Commune{Commune: &content.Commune{}, Slug: "ailleurs", Name: "Ailleurs"}
	in := func(slug, title string, loc *content.LatLon, c *atlas.Commune) *atlas.Initiative {
		return &atlas.Initiative{Initiative: &content.Initiative{Location: loc}, Slug: slug, Title: title, Communes: []*atlas.Commune{c}}
	}
	p := &atlas.Parcours{Parcours: &content.Parcours{}, Slug: "balade", Title: "Balade & co", Communes: []*atlas.Commune{sceaux, nowhere}}
	for i, in := range []*atlas.Initiative{
		in("a", "Atelier <A>", &content.LatLon{Lat: 48.78, Lon: 2.30}, sceaux),
		in("b", "B", nil, sceaux),
		in("c", "C", nil, sceaux),
		in("d", "D", nil, nowhere),
	} {
		p.Stops = append(p.Stops, atlas.Stop{N: i + 1, Initiative: in, Text: "étape " + in.Title})
	}
	return p
}

func TestRoute(t *testing.T) {
	rt := newRoute(route())
	if len(rt.Points) != 3 || len(rt.Missing) != 1 || rt.Missing[0].N != 4 || rt.AtCentre != 2 {
		t.Fatalf("%d points, missing %v, %d at centre; want 3, stop 4, 2", len(rt.Points), rt.Missing, rt.AtCentre)
	}
	b, c := rt.Points[1], rt.Points[2]
	if b.X == c.X && b.Y == c.Y {
		t.Errorf("stops 2 and 3 share a commune centre and are drawn at the same place (%v, %v)", b.X, b.Y)
	}
	if got := len(strings.Fields(rt.Line)); got != 3 {
		t.Errorf("the line has %d points, want 3", got)
	}
	if rt.Points[0].Title != "1. Atelier <A>" || rt.Points[1].Title != "2. B (placée au centre de la commune)" {
		t.Errorf("titles %q, %q", rt.Points[0].Title, rt.Points[1].Title)
	}
	if len(rt.Places) != 1 || rt.Places[0].Name != "Sceaux" {
		t.Errorf("places %v, want Sceaux only (Ailleurs has no centre)", rt.Places)
	}
	if rt.GPX != "/parcours/balade/balade.gpx" {
		t.Errorf("GPX at %s", rt.GPX)
	}
	if none := newRoute(&atlas.Parcours{Parcours: &content.Parcours{}, Slug: "x"}); none.Points != nil || none.Width != 0 {
		t.Errorf("a route without stops draws %v", none)
	}
}

func TestGPX(t *testing.T) {
	r := &Renderer{baseURL: "https://exemple.test/a/"}
	f := r.gpx(route(), "Atlas")
	got := string(f.Data)
	if f.Path != "parcours/balade/balade.gpx" {
		t.Errorf("path %s", f.Path)
	}
	for _, want := range []string{
		`<metadata><name>Balade &amp; co</name><link href="https://exemple.test/a/parcours/balade/"><text>Balade &amp; co · Atlas</text></link></metadata>`,
		`<wpt lat="48.78" lon="2.3"><name>1. Atelier &lt;A&gt;</name><desc>étape Atelier &lt;A&gt;</desc><link href="https://exemple.test/a/initiatives/a/"><text>Atelier &lt;A&gt;</text></link></wpt>`,
		`<rtept lat="48.7766" lon="2.2922"><name>2. B</name><desc>étape B (Position approximative : centre de la commune.)</desc>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("GPX lacks %s\n%s", want, got)
		}
	}
	if strings.Count(got, "<wpt ") != 3 || strings.Count(got, "<rtept ") != 3 || strings.Contains(got, "4. D") {
		t.Errorf("want 3 waypoints and route points, stop 4 left out:\n%s", got)
	}
}
