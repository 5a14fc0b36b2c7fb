package atlas

import (
	"cmp"
	"slices"
	"strconv"
)

// Count is a number of initiatives for one entry of a breakdown.
type Count struct {
	Label string
	URL   string // "" when the entry has no page
	N     int
	// Population is, for a commune, its population as its file gives it, and for an
	// intercommunalité the sum over its communes in the atlas when each gives one;
	// else 0.
	Population int
}

// Figures are the counts of the état des lieux. Every breakdown is linear in the
// number of initiatives.
type Figures struct {
	Initiatives  int
	Communes     int
	CommunesWith int // communes with at least one initiative
	TypesUsed    int // types with at least one initiative
	Located      int // initiatives with a location of their own
	AtCentre     int // initiatives placed at their commune's centre
	ByType       []Count
	ByTheme      []Count
	ByStatus     []Count
	ByCommune    []Count // French alphabetical order
	ByInterco    []Count // French alphabetical order
	BySince      []Count // by year of creation, oldest first
	SinceUnknown int     // initiatives whose year of creation is not given
	WithTheme    int     // initiatives with at least one theme
	NoStatus     int
	NoType       int
}

// Figures counts the initiatives by type, theme, status, commune, intercommunalité
// and year of creation.
func (a *Atlas) Figures() Figures {
	f := Figures{Initiatives: len(a.Initiatives), Communes: len(a.Communes)}
	for _, t := range a.Types {
		f.ByType = append(f.ByType, Count{Label: t.Name, URL: t.URL(), N: len(t.Initiatives)})
		if len(t.Initiatives) > 0 {
			f.TypesUsed++
		}
	}
	for _, t := range a.Themes {
		f.ByTheme = append(f.ByTheme, Count{Label: t.Name, URL: t.URL(), N: len(t.Initiatives)})
	}
	for _, s := range a.Statuses {
		f.ByStatus = append(f.ByStatus, Count{Label: s.Name, N: len(s.Initiatives)})
	}
	for _, c := range a.Communes {
		f.ByCommune = append(f.ByCommune, Count{Label: c.Name, URL: c.URL(), N: len(c.Initiatives), Population: c.Population})
		if len(c.Initiatives) > 0 {
			f.CommunesWith++
		}
	}
	for _, x := range a.Intercos {
		pop := 0
		for _, c := range x.Communes {
			if c.Population <= 0 {
				pop = 0
				break
			}
			pop += c.Population
		}
		f.ByInterco = append(f.ByInterco, Count{Label: x.Name, URL: x.URL(), N: len(x.Initiatives), Population: pop})
	}
	years := map[int]int{}
	for _, in := range a.Initiatives {
		if in.Since > 0 {
			years[in.Since]++
		} else {
			f.SinceUnknown++
		}
		if len(in.Themes) > 0 {
			f.WithTheme++
		}
		if in.Status == nil {
			f.NoStatus++
		}
		if in.Type == nil {
			f.NoType++
		}
		switch loc, centre := in.Location(); {
		case loc == nil:
		case centre:
			f.AtCentre++
		default:
			f.Located++
		}
	}
	for y, n := range years {
		f.BySince = append(f.BySince, Count{Label: strconv.Itoa(y), N: n})
	}
	slices.SortFunc(f.BySince, func(x, y Count) int { return cmp.Compare(x.Label, y.Label) })
	return f
}

// Top returns the n entries of counts with the most initiatives, most first, ties in
// their original order.
func Top(counts []Count, n int) []Count {
	out := slices.Clone(counts)
	slices.SortStableFunc(out, func(x, y Count) int { return cmp.Compare(y.N, x.N) })
	return out[:min(n, len(out))]
}

// MatrixGroup is the communes of one intercommunalité in the network overview; a nil
// Interco groups the communes that name none.
type MatrixGroup struct {
	Interco *Interco
	Rows    []MatrixRow
	Totals  []int // per type, in a.Types order: communes of the group with that type
}

// MatrixRow is one commune: its number of initiatives of each type, in a.Types order.
type MatrixRow struct {
	Commune *Commune
	Counts  []int
}

// Matrix returns the network overview, communes × types, grouped by
// intercommunalité in alphabetical order, then the communes without one.
func (a *Atlas) Matrix() []MatrixGroup {
	typeIdx := make(map[*Type]int, len(a.Types))
	for i, t := range a.Types {
		typeIdx[t] = i
	}
	row := func(c *Commune) MatrixRow {
		r := MatrixRow{Commune: c, Counts: make([]int, len(a.Types))}
		for _, g := range c.ByType {
			r.Counts[typeIdx[g.Type]] = len(g.Initiatives)
		}
		return r
	}
	group := func(x *Interco, cs []*Commune) MatrixGroup {
		g := MatrixGroup{Interco: x, Totals: make([]int, len(a.Types))}
		for _, c := range cs {
			r := row(c)
			for i, n := range r.Counts {
				if n > 0 {
					g.Totals[i]++
				}
			}
			g.Rows = append(g.Rows, r)
		}
		return g
	}
	var out []MatrixGroup
	for _, x := range a.Intercos {
		out = append(out, group(x, x.Communes))
	}
	var alone []*Commune
	for _, c := range a.Communes {
		if c.Interco == nil {
			alone = append(alone, c)
		}
	}
	if len(alone) > 0 {
		out = append(out, group(nil, alone))
	}
	return out
}
