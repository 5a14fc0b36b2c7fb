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
