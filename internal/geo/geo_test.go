package geo

import "testing"

func TestFit(t *testing.T) {
	for _, tc := range []struct {
		name      string
		ps        []Pos
		maxHeight float64
	}{
		{"one point", []Pos{{48.78, 2.29}}, 600},
		{"wide", []Pos{{48.8, 2.2}, {48.9, 2.4}}, 600},
		{"tall", []Pos{{43, 2}, {50, 2.5}}, 600},
		{"France", []Pos{{43, -1}, {50, 6}}, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := Fit(tc.ps, 1000, tc.maxHeight, 20)
			if f.Height > tc.maxHeight || f.Height < 40 {
				t.Errorf("height %v, want between 40 and %v", f.Height, tc.maxHeight)
			}
			for _, p := range tc.ps {
				x, y := f.XY(p)
				if x < 19.9 || x > 980.1 || y < 19.9 || y > f.Height-19.9 {
					t.Errorf("%v is drawn at (%v, %v), outside the frame 1000 × %v less its margin", p, x, y, f.Height)
				}
			}
			// North is up, east is right.
			if len(tc.ps) == 2 {
				x0, y0 := f.XY(tc.ps[0])
				x1, y1 := f.XY(tc.ps[1])
				if x1 < x0 || y1 > y0 {
					t.Errorf("north-east point at (%v, %v), south-west at (%v, %v)", x1, y1, x0, y0)
				}
			}
			if km, l := f.Scale(); km <= 0 || l <= 0 || l > 1000 {
				t.Errorf("scale %v km over %v units", km, l)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	vanves := Pos{48.82345, 2.29025}
	for _, tc := range []struct {
		name     string
		p, q     Pos
		min, max float64 // km
	}{
		{"same place", vanves, vanves, 0, 0},
		{"Vanves to Malakoff", vanves, Pos{48.81999, 2.29998}, 0.75, 0.85},
		{"Vanves to Nanterre", vanves, Pos{48.89198, 2.20675}, 9.7, 9.9},
		{"Paris to Marseille", Pos{48.85341, 2.3488}, Pos{43.29695, 5.38107}, 659, 662},
		{"antipodes", Pos{0, 0}, Pos{0, 180}, 20015, 20016},
	} {
		d := Distance(tc.p, tc.q)
		if d < tc.min || d > tc.max {
			t.Errorf("%s: Distance = %.3f km; want %v to %v", tc.name, d, tc.min, tc.max)
		}
		if back := Distance(tc.q, tc.p); back != d {
			t.Errorf("%s: Distance is not symmetric: %v and %v", tc.name, d, back)
		}
	}
}

func TestMinCellKm(t *testing.T) {
	// A tenth of a degree is 11.1 km of latitude; of longitude, 7.3 km at 48.9°
	// and less at the cell's far edge.
	if got := MinCellKm(0.1, 48.8); got < 7.2 || got > 7.33 {
		t.Errorf("MinCellKm(0.1, 48.8) = %v; want about 7.3", got)
	}
	if got := MinCellKm(0.1, -89.95); got <= 0 || got > 0.02 {
		t.Errorf("MinCellKm near the pole = %v; want a small positive width", got)
	}
}
