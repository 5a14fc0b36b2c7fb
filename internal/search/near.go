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
	return func(lat, lon float64, k int) []near {
		from := geo.Pos{Lat: lat, Lon: lon}
		c := at(lat, lon)
		var found []near
		seen := 0
		for ring := 0; seen < placed; ring++ {
			for dx := -ring; dx <= ring; dx++ {
				for dy := -ring; dy <= ring; dy++ {
					if max(abs(dx), abs(dy)) != ring {
						continue
					}
					for _, i := range grid[cell{c.x + dx, c.y + dy}] {
						seen++
						found = append(found, near{ids[i], geo.Distance(from, geo.Pos{Lat: xs[i].Lat, Lon: xs[i].Lon})})
					}
				}
			}
			slices.SortFunc(found, func(a, b near) int {
				if c := cmp.Compare(a.km, b.km); c != 0 {
					return c
				}
				return cmp.Compare(a.id, b.id)
			})
			// Every point beyond this ring is farther than the ring's inner edge.
			if len(found) >= k && found[k-1].km <= float64(ring)*geo.MinCellKm(cellDeg, lat) {
				break
			}
		}
		return found[:min(k, len(found))]
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
