package render

import (
	"fmt"
	"strconv"

	"github.com/reseau-ess-92/atlas/internal/atlas"
)

// Reseau is the data of /reseau/: the communes × types matrix, one table per
// intercommunalité.
type Reseau struct {
	Types  []*atlas.Type
	Groups []ReseauGroup
	// Full is whether /reseau/ shows every commune; a larger network shows one row
	// per intercommunalité there, and each intercommunalité page its communes.
	Full bool
}

// maxMatrixCommunes is the most communes /reseau/ shows one by one.
const maxMatrixCommunes = 400

// Matrix is one table of the matrix, with the types of its columns.
type Matrix struct {
	Types []*atlas.Type
	Group *ReseauGroup
}

// group returns the table of an intercommunalité.
func (r *Reseau) group(x *atlas.Interco) *Matrix {
	for i := range r.Groups {
		if r.Groups[i].interco == x {
			return &Matrix{Types: r.Types, Group: &r.Groups[i]}
		}
	}
	return nil
}

// Tables returns the tables of every group.
func (r *Reseau) Tables() []Matrix {
	out := make([]Matrix, len(r.Groups))
	for i := range r.Groups {
		out[i] = Matrix{Types: r.Types, Group: &r.Groups[i]}
	}
	return out
}

// ReseauGroup is the table of one intercommunalité.
type ReseauGroup struct {
	ID      string // the table's anchor
	Name    string
	URL     string // "" for the communes without intercommunalité
	Rows    []ReseauRow
	Totals  []int // per type: communes of the group that have one
	Covered int   // types present in the group

	interco *atlas.Interco
}

// ReseauRow is one commune.
type ReseauRow struct {
	Commune *atlas.Commune
	Cells   []Cell
	Total   int
}

// Cell is one commune × type cell: the number of initiatives and the anchor of their
// list on the commune page.
type Cell struct {
	N   int
	URL string
}

func newReseau(a *atlas.Atlas) *Reseau {
	r := &Reseau{Types: a.Types, Full: len(a.Communes) <= maxMatrixCommunes}
	for _, g := range a.Matrix() {
		rg := ReseauGroup{ID: "sans-intercommunalite", Name: "Communes sans intercommunalité", Totals: g.Totals, interco: g.Interco}
		if g.Interco != nil {
			rg.ID, rg.Name, rg.URL = "i-"+g.Interco.Slug, g.Interco.Name, g.Interco.URL()
		}
		for _, n := range g.Totals {
			if n > 0 {
				rg.Covered++
			}
		}
		for _, row := range g.Rows {
			rr := ReseauRow{Commune: row.Commune, Cells: make([]Cell, len(row.Counts)), Total: len(row.Commune.Initiatives)}
			for i, n := range row.Counts {
				rr.Cells[i] = Cell{N: n}
				if n > 0 {
					rr.Cells[i].URL = row.Commune.URL() + "#t-" + a.Types[i].Slug
				}
			}
			rg.Rows = append(rg.Rows, rr)
		}
		r.Groups = append(r.Groups, rg)
	}
	return r
}

// Etat is the data of /etat-des-lieux/.
type Etat struct {
	atlas.Figures
	Charts []Chart
}

// Chart is a horizontal bar chart drawn as inline SVG; its table follows it on the
// page and is its text alternative.
type Chart struct {
	ID      string
	Column  string // heading of the table's first column
	Title   string
	Caption string // what the table holds
	Counts  []atlas.Count
	Bars    []Bar
	Width   int
	Height  int
	Unknown []atlas.Count // rows of the table that are not drawn ("non renseignée")
}

// Bar is one bar of a chart, in the SVG's user units.
type Bar struct {
	Label  string
	N      int
	Y      int     // top of the label
	Width  float64 // of the bar
	TextX  float64 // where the number is written
	Number string
}

// chartWidth is the width of a chart's viewBox, and barMax the longest bar.
const (
	chartWidth = 360
	barMax     = 280
	rowHeight  = 38
)

func newChart(id, column, title, caption string, counts []atlas.Count) Chart {
	c := Chart{ID: id, Column: column, Title: title, Caption: caption, Counts: counts, Width: chartWidth, Height: len(counts)*rowHeight + 4}
	top := 0
	for _, x := range counts {
		top = max(top, x.N)
	}
	for i, x := range counts {
		w := 0.0
		if top > 0 {
			w = float64(x.N) * barMax / float64(top)
		}
		if x.N > 0 {
			w = max(w, 2)
		}
		c.Bars = append(c.Bars, Bar{Label: x.Label, N: x.N, Y: i * rowHeight, Width: round1(w), TextX: round1(w + 6),
			Number: frPrinter.Sprintf("%d", x.N)})
	}
	return c
}

func round1(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 1, 64), 64)
	return v
}

// maxChartBars is how many communes or intercommunalités a chart draws; its table
// lists them all.
const maxChartBars = 20

// topChart draws the entries with the most initiatives and tabulates all of them.
func topChart(id, column, one, many, caption string, counts []atlas.Count) Chart {
	title := "Initiatives par " + one
	if len(counts) > maxChartBars {
		title = fmt.Sprintf("Les %d %s qui comptent le plus d’initiatives", maxChartBars, many)
	}
	c := newChart(id, column, title, caption, atlas.Top(counts, maxChartBars))
	c.Counts = counts
	return c
}

func newEtat(a *atlas.Atlas) *Etat {
	f := a.Figures()
	e := &Etat{Figures: f}
	e.Charts = append(e.Charts,
		newChart("par-type", "Type", "Initiatives par type", "Nombre d’initiatives de chaque type", f.ByType))
	if len(f.ByTheme) > 0 {
		e.Charts = append(e.Charts, newChart("par-thematique", "Thématique", "Initiatives par thématique",
			"Nombre d’initiatives de chaque thématique (une initiative peut en avoir plusieurs)", f.ByTheme))
	}
	st := newChart("par-statut", "Statut", "Initiatives par statut", "Nombre d’initiatives à chaque étape", f.ByStatus)
	if f.NoStatus > 0 {
		st.Unknown = []atlas.Count{{Label: "Statut non renseigné", N: f.NoStatus}}
	}
	e.Charts = append(e.Charts, st)
	yr := newChart("par-annee", "Année", "Initiatives par année de création", "Nombre d’initiatives créées chaque année", f.BySince)
	if f.SinceUnknown > 0 {
		yr.Unknown = []atlas.Count{{Label: "Année non renseignée", N: f.SinceUnknown}}
	}
	e.Charts = append(e.Charts, yr)
	e.Charts = append(e.Charts, topChart("par-commune", "Commune", "commune", "communes", "Nombre d’initiatives de chaque commune", f.ByCommune))
	if len(f.ByInterco) > 0 {
		e.Charts = append(e.Charts, topChart("par-intercommunalite", "Intercommunalité", "intercommunalité", "intercommunalités",
			"Nombre d’initiatives de chaque intercommunalité", f.ByInterco))
	}
	return e
}
