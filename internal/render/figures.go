package render

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
)

// Reseau is the data of /reseau/: the communes × types matrix of the whole network,
// its rows grouped by intercommunalité.
type Reseau struct {
	Types  []*atlas.Type
	Groups []*ReseauGroup
	// Full is whether /reseau/ shows every commune; a larger network shows one row
	// per intercommunalité there, and each intercommunalité page its communes.
	Full bool
	// Stages are the stages the matrix's cells show, in the order of the legend.
	Stages []string
}

// maxMatrixCommunes is the most communes /reseau/ shows one by one.
const maxMatrixCommunes = 400

// Matrix is one table of communes × types: the whole network on /reseau/, one
// intercommunalité on its page.
type Matrix struct {
	Types   []*atlas.Type
	Groups  []*ReseauGroup
	Stages  []string
	Caption string
	Totals  []int // per type: communes of the table that have one
}

func newMatrix(types []*atlas.Type, groups []*ReseauGroup, stages []string, caption string) *Matrix {
	m := &Matrix{Types: types, Groups: groups, Stages: stages, Caption: caption, Totals: make([]int, len(types))}
	for _, g := range groups {
		for i, n := range g.Totals {
			m.Totals[i] += n
		}
	}
	return m
}

// group returns the table of an intercommunalité.
func (r *Reseau) group(x *atlas.Interco) *Matrix {
	for _, g := range r.Groups {
		if g.interco == x {
			return newMatrix(r.Types, []*ReseauGroup{g}, r.Stages, "Initiatives de chaque type dans les communes de "+g.Name)
		}
	}
	return nil
}

// Matrix returns the table of the whole network.
func (r *Reseau) Matrix() *Matrix {
	return newMatrix(r.Types, r.Groups, r.Stages, "Initiatives de chaque type dans chaque commune du réseau, par intercommunalité")
}

// ReseauGroup is the communes of one intercommunalité.
type ReseauGroup struct {
	ID      string // the group's anchor
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

// Cell is one commune × type cell: its initiatives counted by stage.
type Cell struct {
	N      int
	Stages []StageCount
}

// StageCount is the number of a cell's initiatives at one stage, and a link to what
// it counts: the initiative itself when there is one, else their list. Stage is ""
// for initiatives whose status has no stage or that have no status.
type StageCount struct {
	Stage string
	N     int
	URL   string
}

// cellStageOrder orders a cell's stages: what runs first, then projects, then the rest.
var cellStageOrder = map[string]int{content.StageActive: 0, content.StageProject: 1, content.StageDone: 2, content.StageClosed: 3, "": 4}

func newReseau(a *atlas.Atlas) *Reseau {
	r := &Reseau{Types: a.Types, Full: len(a.Communes) <= maxMatrixCommunes}
	used := map[string]bool{}
	isStaged := staged(a)
	for _, g := range a.Matrix() {
		rg := &ReseauGroup{ID: "sans-intercommunalite", Name: "Communes sans intercommunalité", Totals: g.Totals, interco: g.Interco}
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
			// The cells are made even when /reseau/ is compact: the page of each
			// intercommunalité shows them.
			for _, tg := range row.Commune.ByType {
				i := slices.Index(a.Types, tg.Type)
				if i < 0 {
					continue
				}
				rr.Cells[i] = newCell(row.Commune, tg, isStaged)
				for _, sc := range rr.Cells[i].Stages {
					used[sc.Stage] = true
				}
			}
			rg.Rows = append(rg.Rows, rr)
		}
		r.Groups = append(r.Groups, rg)
	}
	for _, st := range append(slices.Clone(content.Stages), "") {
		if used[st] {
			r.Stages = append(r.Stages, st)
		}
	}
	return r
}

// newCell counts the initiatives of one type in one commune by stage. Several
// initiatives of one stage link to their list on the type page, under the stage's
// heading (commune pages list by stage, not by type), or on the commune page under
// the type's heading when the site gives no stages.
func newCell(c *atlas.Commune, tg atlas.TypeGroup, isStaged bool) Cell {
	cell := Cell{N: len(tg.Initiatives)}
	first := map[string]*atlas.Initiative{}
	for _, in := range tg.Initiatives {
		st := stageOf(in)
		k := slices.IndexFunc(cell.Stages, func(s StageCount) bool { return s.Stage == st })
		if k < 0 {
			cell.Stages = append(cell.Stages, StageCount{Stage: st})
			k = len(cell.Stages) - 1
			first[st] = in
		}
		cell.Stages[k].N++
	}
	for k := range cell.Stages {
		sc := &cell.Stages[k]
		switch {
		case sc.N == 1:
			sc.URL = first[sc.Stage].URL()
		case isStaged:
			sc.URL = tg.Type.URL() + "#c-" + stageTitles[sc.Stage][1] + "-" + c.Slug
		default:
			sc.URL = c.URL() + "#t-" + tg.Type.Slug
		}
	}
	slices.SortFunc(cell.Stages, func(x, y StageCount) int { return cellStageOrder[x.Stage] - cellStageOrder[y.Stage] })
	return cell
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
