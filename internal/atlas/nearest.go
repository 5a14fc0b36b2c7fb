package atlas

import (
	"cmp"
	"slices"

	"github.com/reseau-ess-92/atlas/internal/geo"
)

// nearest fills each commune's Nearest: the MaxNearest other communes of the
// network whose centres are nearest, ties broken by alphabetical order. A grid
// of cells about 0.1° wide keeps it near-linear for a national atlas: each
// commune looks at the cells around its own, widening the ring until it has
// found enough communes closer than any cell left unvisited could hold; a
// commune far from the others (overseas) compares itself with all of them,
// which costs less than widening the ring to reach them.
func (a *Atlas) nearest() {
	var placed []*Commune
	for _, cm := range a.Communes {
		if cm.Location != nil {
			placed = append(placed, cm)
		}
	}
	if len(placed) < 2 {
		return
	}
	const cell = 0.1 // degrees
	type key struct{ x, y int }
	at := func(cm *Commune) key {
		return key{int(cm.Location.Lon / cell), int(cm.Location.Lat / cell)}
	}
	grid := map[key][]*Commune{}
	for _, cm := range placed {
		k := at(cm)
		grid[k] = append(grid[k], cm)
	}
	var found []Neighbour // reused from commune to commune
	for _, cm := range placed {
		p := geo.Pos{Lat: cm.Location.Lat, Lon: cm.Location.Lon}
		k := at(cm)
		found = found[:0]
		seen := 0
		for ring := 0; ; ring++ {
			if 8*ring*ring > len(placed) {
				found = found[:0]
				for _, o := range placed {
					if o != cm {
						found = append(found, Neighbour{o, geo.Distance(p, geo.Pos{Lat: o.Location.Lat, Lon: o.Location.Lon})})
					}
				}
				sortNeighbours(found)
				break
			}
			for x := k.x - ring; x <= k.x+ring; x++ {
				for y := k.y - ring; y <= k.y+ring; y++ {
					if max(abs(x-k.x), abs(y-k.y)) != ring {
						continue // visited in an inner ring
					}
					for _, o := range grid[key{x, y}] {
						seen++
						if o != cm {
							found = append(found, Neighbour{o, geo.Distance(p, geo.Pos{Lat: o.Location.Lat, Lon: o.Location.Lon})})
						}
					}
				}
			}
			// Every commune not yet seen is at least ring cells away in
			// latitude or longitude, and a cell is at least that wide.
			if seen == len(placed) || within(found, float64(ring)*geo.MinCellKm(cell, p.Lat)) >= MaxNearest {
				sortNeighbours(found)
				break
			}
		}
		cm.Nearest = slices.Clone(found[:min(len(found), MaxNearest)])
	}
}

// within counts the neighbours at most km away.
func within(ns []Neighbour, km float64) int {
	n := 0
	for _, x := range ns {
		if x.Km <= km {
			n++
		}
	}
	return n
}

// sortNeighbours sorts by distance, then alphabetically.
func sortNeighbours(ns []Neighbour) {
	slices.SortFunc(ns, func(m, n Neighbour) int {
		return cmp.Or(cmp.Compare(m.Km, n.Km), cmp.Compare(m.Commune.order, n.Commune.order))
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
