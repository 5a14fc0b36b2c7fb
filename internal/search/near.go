package search

import (
	"cmp"
	"math"
	"slices"

	"github.com/reseau-ess-92/atlas/internal/geo"
)

type near struct {
	id int32
	km float64
}

// cellDeg is the side of the grid's cells, in degrees: about 5 km in France.
const cellDeg = 0.05

// nearestFinder returns a function that gives the k initiatives nearest a point,
// nearest first (ties by document number), found on a grid so that every commune of
// a département costs a few cells, not every initiative. ids maps an initiative to
// its document number.
func nearestFinder(xs []Initiative, ids []int32) func(lat, lon float64, k int) []near {
	type cell struct{ x, y int }
	at := func(lat, lon float64) cell {
		return cell{int(math.Floor(lon / cellDeg)), int(math.Floor(lat / cellDeg))}
	}
	grid := map[cell][]int{}
	placed := 0
	for i, x := range xs {
		if x.Located {
			c := at(x.Lat, x.Lon)
			grid[c] = append(grid[c], i)
			placed++
		}
	}
	byKm := func(a, b near) int {
		if c := cmp.Compare(a.km, b.km); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	}
	return func(lat, lon float64, k int) []near {
		from := geo.Pos{Lat: lat, Lon: lon}
		c := at(lat, lon)
		var found []near
		take := func(x, y int) {
			for _, i := range grid[cell{x, y}] {
				found = append(found, near{ids[i], geo.Distance(from, geo.Pos{Lat: xs[i].Lat, Lon: xs[i].Lon})})
			}
		}
		for ring := 0; len(found) < placed; ring++ {
			if ring > maxRings {
				// Far from everything (an overseas commune of a network in
				// mainland France): every initiative, once.
				found = found[:0]
				for i, x := range xs {
					if x.Located {
						found = append(found, near{ids[i], geo.Distance(from, geo.Pos{Lat: x.Lat, Lon: x.Lon})})
					}
				}
				slices.SortFunc(found, byKm)
				break
			}
			if ring == 0 {
				take(c.x, c.y)
			}
			for d := -ring; d <= ring && ring > 0; d++ {
				take(c.x+d, c.y-ring)
				take(c.x+d, c.y+ring)
				if d != -ring && d != ring {
					take(c.x-ring, c.y+d)
					take(c.x+ring, c.y+d)
				}
			}
			slices.SortFunc(found, byKm)
			// Every point beyond this ring is farther than the ring's inner edge.
			if len(found) >= k && found[k-1].km <= float64(ring)*geo.MinCellKm(cellDeg, lat) {
				break
			}
		}
		return found[:min(k, len(found))]
	}
}

// maxRings bounds the rings of cells searched around a point (about 100 km).
const maxRings = 20

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
