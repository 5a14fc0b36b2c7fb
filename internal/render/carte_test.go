package render

import (
	"fmt"
	"testing"
	"unicode/utf8"
)

// TestPlaceLabels crowds points and checks that the names that are written
// overlap neither each other nor other points, stay inside the map, and that
// the point with the most initiatives keeps its name.
func TestPlaceLabels(t *testing.T) {
	var ps []MapPoint
	for i := range 30 {
		ps = append(ps, MapPoint{X: 100 + float64(i%6)*80, Y: 100 + float64(i/6)*40, R: 5, Class: "empty", Label: fmt.Sprintf("Commune n° %d", i)})
	}
	ps[14].Class, ps[14].R, ps[14].Label = "centre", 12, "Ab"
	ps = append(ps, MapPoint{X: 995, Y: 500, R: 5, Class: "centre", Label: "Au bord droit"})
	const width, height, font, scale = 1000.0, 600.0, 26.0, 1.6
	placeLabels(ps, width, height, font, scale, func(p *MapPoint) *Place { return &p.Wide })
	type box struct{ x0, y0, x1, y1 float64 }
	var boxes []box
	shown := 0
	for _, p := range ps {
		if !p.Wide.Show {
			continue
		}
		shown++
		w := charWidth * font * float64(utf8.RuneCountInString(p.Label))
		h := lineHeight * font
		b := box{p.Wide.X, p.Wide.Y - h/2, p.Wide.X + w, p.Wide.Y + h/2}
		switch p.Wide.Anchor {
		case "end":
			b.x0, b.x1 = p.Wide.X-w, p.Wide.X
		case "middle":
			b.x0, b.x1 = p.Wide.X-w/2, p.Wide.X+w/2
		}
		if b.x0 < 0 || b.y0 < 0 || b.x1 > width || b.y1 > height {
			t.Errorf("%s leaves the map: %+v", p.Label, b)
		}
		for _, o := range boxes {
			if b.x0 < o.x1-0.2 && o.x0 < b.x1-0.2 && b.y0 < o.y1-0.2 && o.y0 < b.y1-0.2 {
				t.Errorf("%s overlaps another name", p.Label)
			}
		}
		for _, q := range ps {
			r := q.R * scale
			if q.Label != p.Label && b.x0 < q.X+r && q.X-r < b.x1 && b.y0 < q.Y+r && q.Y-r < b.y1 {
				t.Errorf("%s covers the point of %s", p.Label, q.Label)
			}
		}
		boxes = append(boxes, b)
	}
	if !ps[14].Wide.Show {
		t.Error("the point with the most initiatives lost its name")
	}
	if shown == 0 || shown == len(ps) {
		t.Errorf("%d of %d names shown; want some dropped in this crowd", shown, len(ps))
	}
	if p := ps[len(ps)-1].Wide; !p.Show || p.Anchor != "end" {
		t.Errorf("the point at the right edge writes its name at %+v; want on its left", p)
	}
}

// TestPlaceLabelsPopulation checks that of two neighbouring points of one size,
// whose names cannot both be written, the larger commune keeps its name, in
// whichever order they come.
func TestPlaceLabelsPopulation(t *testing.T) {
	for _, flip := range []bool{false, true} {
		ps := []MapPoint{
			{X: 500, Y: 300, R: 4, Class: "empty", Label: "L’Île-Saint-Denis", population: 8696},
			{X: 512, Y: 300, R: 4, Class: "empty", Label: "Saint-Denis", population: 113134},
		}
		if flip {
			ps[0], ps[1] = ps[1], ps[0]
		}
		placeLabels(ps, 620, 320, 26, 1.6, func(p *MapPoint) *Place { return &p.Wide })
		for _, p := range ps {
			if p.Wide.Show != (p.Label == "Saint-Denis") {
				t.Errorf("flip %v: %s shown %v", flip, p.Label, p.Wide.Show)
			}
		}
	}
}
