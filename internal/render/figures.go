package render

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/typo"
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
	// Evolution compares what each document of the atlas mentions; nil when no
	// initiative cites a document.
	Evolution *Evolution
}

// Chart is a horizontal bar chart drawn as inline SVG, and its table, which the page
// shows behind a disclosure right under it. The SVG's description reads the bars, so
// that the chart has a text alternative while the table is closed. A chart whose
// field too few initiatives carry (see minShare) is not drawn: Sparse says how many
// do, and the table stays.
type Chart struct {
	ID      string
	Title   string
	Caption string   // what the table holds
	Head    []string // the table's column headings
	Rows    []Row
	Bars    []Bar
	Width   int
	Height  int
	Desc    string // the bars in words
	Sparse  string // « 1 initiative sur 75 indique son année de création », when not drawn
	Note    string // what the reader must know to read it, or ""
}

// Row is one line of a chart's table: its heading (linked when URL is not "") and
// its cells, written out.
type Row struct {
	Label, URL string
	Cells      []string
	Unknown    bool // the row of what is not given (« Statut non renseigné »)
}

// Bar is one bar of a chart, in the SVG's user units.
type Bar struct {
	Label  string
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

// minShare is the share of initiatives (or of communes, for the figures per
// inhabitant) that must carry a field for its chart to be drawn: at least one in 3.
// Below it, a chart would show a handful of cases as if they were the atlas (the
// example gives the year of creation of 1 initiative in 75).
const minShare = 3

// enough reports whether n of total is enough to draw a chart.
func enough(n, total int) bool { return total > 0 && n*minShare >= total }

// point is one bar to draw: its label and value, and the number written beside it.
type point struct {
	label  string
	value  float64
	number string
}

func drawBars(c *Chart, points []point) {
	c.Width, c.Height = chartWidth, len(points)*rowHeight+4
	top := 0.0
	for _, p := range points {
		top = max(top, p.value)
	}
	var desc []string
	for i, p := range points {
		w := 0.0
		if top > 0 {
			w = p.value * barMax / top
		}
		if p.value > 0 {
			w = max(w, 2)
		}
		c.Bars = append(c.Bars, Bar{Label: p.label, Y: i * rowHeight, Width: round1(w), TextX: round1(w + 6), Number: p.number})
		desc = append(desc, p.label+" : "+p.number)
	}
	c.Desc = typo.String("Diagramme en barres. " + strings.Join(desc, " ; ") + ".")
}

func round1(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 1, 64), 64)
	return v
}

// maxChartBars is how many communes or intercommunalités a chart draws; its table
// lists them all.
const maxChartBars = 20

// largestFirst returns counts sorted by number, the largest first, ties in French
// alphabetical order.
func largestFirst(counts []atlas.Count) []atlas.Count {
	out := slices.Clone(counts)
	atlas.SortByName(out, func(c atlas.Count) string { return c.Label })
	slices.SortStableFunc(out, func(x, y atlas.Count) int { return cmp.Compare(y.N, x.N) })
	return out
}

// countChart is a chart of numbers of initiatives: one bar per entry of counts (the
// first maxChartBars), in their order, and a table of all of them. column heads the
// table's first column.
func countChart(id, column, title, caption string, counts []atlas.Count) Chart {
	c := Chart{ID: id, Title: title, Caption: caption, Head: []string{column, "Initiatives"}}
	var points []point
	for i, x := range counts {
		n := frPrinter.Sprintf("%d", x.N)
		c.Rows = append(c.Rows, Row{Label: x.Label, URL: x.URL, Cells: []string{n}})
		if i < maxChartBars {
			points = append(points, point{x.Label, float64(x.N), n})
		}
	}
	if len(counts) > maxChartBars {
		c.Note = fmt.Sprintf("Le diagramme montre les %d premières lignes du tableau, qui en a %d.", maxChartBars, len(counts))
	}
	drawBars(&c, points)
	return c
}

// sparse turns c into the sentence that says how many initiatives give its field,
// when too few do to draw it: the table stays.
func sparse(c *Chart, n, total int, one, many string) {
	if enough(n, total) {
		return
	}
	verb := one
	if n > 1 {
		verb = many
	}
	initiatives := "initiative"
	if n > 1 {
		initiatives = "initiatives"
	}
	c.Sparse = typo.String(fmt.Sprintf("%s\u00a0%s sur %s %s : trop peu pour en tirer un diagramme.",
		frPrinter.Sprintf("%d", n), initiatives, frPrinter.Sprintf("%d", total), verb))
	c.Bars, c.Desc = nil, ""
}

// perInhabitants is the number of initiatives per 10,000 inhabitants, with one decimal.
func perInhabitants(n, population int) float64 {
	return math.Round(float64(n)*100000/float64(population)) / 10
}

// densityChart is the chart of the initiatives per 10,000 inhabitants of the
// entries of counts that give their population, the most first.
func densityChart(id, column, title, caption, one, many string, counts []atlas.Count) (Chart, bool) {
	type entry struct {
		atlas.Count
		d float64
	}
	var known []entry
	for _, x := range counts {
		if x.Population > 0 {
			known = append(known, entry{x, perInhabitants(x.N, x.Population)})
		}
	}
	if len(known) == 0 {
		return Chart{}, false
	}
	atlas.SortByName(known, func(e entry) string { return e.Label })
	slices.SortStableFunc(known, func(x, y entry) int { return cmp.Compare(y.d, x.d) })
	c := Chart{ID: id, Title: title, Caption: caption, Head: []string{column, "Initiatives", "Habitants", "Pour 10\u00a0000 habitants"}}
	var points []point
	for i, e := range known {
		d := frPrinter.Sprintf("%.1f", e.d)
		c.Rows = append(c.Rows, Row{Label: e.Label, URL: e.URL, Cells: []string{frPrinter.Sprintf("%d", e.N), frPrinter.Sprintf("%d", e.Population), d}})
		if i < maxChartBars {
			points = append(points, point{e.Label, e.d, d})
		}
	}
	drawBars(&c, points)
	if len(known) > maxChartBars {
		c.Note = fmt.Sprintf("Le diagramme montre les %d premières lignes du tableau, qui en a %d.", maxChartBars, len(known))
	}
	if missing := len(counts) - len(known); missing > 0 {
		c.Note = strings.TrimSpace(c.Note + " " + fmt.Sprintf("%s %s sans population connue n’y %s pas.", frPrinter.Sprintf("%d", missing), plural3(missing, one, many), plural3(missing, "figure", "figurent")))
	}
	if !enough(len(known), len(counts)) {
		c.Sparse = typo.String(fmt.Sprintf("La population n’est connue que pour %s %s sur %s : trop peu pour en tirer un diagramme.",
			frPrinter.Sprintf("%d", len(known)), plural3(len(known), one, many), frPrinter.Sprintf("%d", len(counts))))
		c.Bars, c.Desc = nil, ""
	}
	return c, true
}

func plural3(n int, one, many string) string {
	if n > 1 {
		return many
	}
	return one
}

func newEtat(a *atlas.Atlas) *Etat {
	f := a.Figures()
	e := &Etat{Figures: f}
	total := f.Initiatives

	ty := countChart("par-type", "Type", "Initiatives par type", "Nombre d’initiatives de chaque type, du plus au moins représenté", largestFirst(f.ByType))
	if f.NoType > 0 {
		ty.Rows = append(ty.Rows, Row{Label: "Type non renseigné", Cells: []string{frPrinter.Sprintf("%d", f.NoType)}, Unknown: true})
	}
	sparse(&ty, total-f.NoType, total, "indique son type", "indiquent leur type")
	e.Charts = append(e.Charts, ty)

	if len(f.ByTheme) > 0 {
		th := countChart("par-thematique", "Thématique", "Initiatives par thématique",
			"Nombre d’initiatives de chaque thématique, de la plus à la moins représentée (une initiative peut en avoir plusieurs)", largestFirst(f.ByTheme))
		sparse(&th, f.WithTheme, total, "indique une thématique", "indiquent une thématique")
		e.Charts = append(e.Charts, th)
	}

	// The statuses are a life cycle: their chart keeps its order.
	st := countChart("par-statut", "Statut", "Initiatives par statut", "Nombre d’initiatives à chaque étape, dans l’ordre des étapes", f.ByStatus)
	if f.NoStatus > 0 {
		st.Rows = append(st.Rows, Row{Label: "Statut non renseigné", Cells: []string{frPrinter.Sprintf("%d", f.NoStatus)}, Unknown: true})
	}
	sparse(&st, total-f.NoStatus, total, "indique son statut", "indiquent leur statut")
	e.Charts = append(e.Charts, st)

	// The years are a time line: their chart keeps their order.
	yr := countChart("par-annee", "Année", "Initiatives par année de création", "Nombre d’initiatives créées chaque année, de la plus ancienne à la plus récente", f.BySince)
	if f.SinceUnknown > 0 {
		yr.Rows = append(yr.Rows, Row{Label: "Année non renseignée", Cells: []string{frPrinter.Sprintf("%d", f.SinceUnknown)}, Unknown: true})
	}
	sparse(&yr, total-f.SinceUnknown, total, "indique son année de création", "indiquent leur année de création")
	e.Charts = append(e.Charts, yr)

	cm := countChart("par-commune", "Commune", "Initiatives par commune", "Nombre d’initiatives de chaque commune, de la plus à la moins fournie", largestFirst(f.ByCommune))
	if len(f.ByCommune) > maxChartBars {
		cm.Title = fmt.Sprintf("Les %d communes qui comptent le plus d’initiatives", maxChartBars)
	}
	e.Charts = append(e.Charts, cm)
	if c, ok := densityChart("par-habitant-commune", "Commune", "Initiatives pour 10 000 habitants, par commune",
		"Nombre d’initiatives pour 10 000 habitants de chaque commune, de la plus à la moins fournie", "commune", "communes", f.ByCommune); ok {
		c.Note = strings.TrimSpace("La population est celle qu’indique le fichier de chaque commune. " + c.Note)
		e.Charts = append(e.Charts, c)
	}
	if len(f.ByInterco) > 0 {
		x := countChart("par-intercommunalite", "Intercommunalité", "Initiatives par intercommunalité",
			"Nombre d’initiatives de chaque intercommunalité, de la plus à la moins fournie", largestFirst(f.ByInterco))
		if len(f.ByInterco) > maxChartBars {
			x.Title = fmt.Sprintf("Les %d intercommunalités qui comptent le plus d’initiatives", maxChartBars)
		}
		e.Charts = append(e.Charts, x)
		if c, ok := densityChart("par-habitant-intercommunalite", "Intercommunalité", "Initiatives pour 10 000 habitants, par intercommunalité",
			"Nombre d’initiatives pour 10 000 habitants des communes du réseau dans chaque intercommunalité, de la plus à la moins fournie", "intercommunalité", "intercommunalités", f.ByInterco); ok {
			c.Note = strings.TrimSpace("Les habitants comptés sont ceux des communes de l’intercommunalité qui sont dans l’atlas. " + c.Note)
			e.Charts = append(e.Charts, c)
		}
	}
	e.Evolution = newEvolution(a)
	return e
}

// Evolution is the « Évolution » section of /etat-des-lieux/: for each document of
// the atlas that an initiative cites, oldest first, the initiatives it mentions,
// counted by type and by commune, so that two reports years apart can be compared.
// Only counts from the content: an initiative counts for a document when its fiche
// cites the document among its sources.
type Evolution struct {
	Docs      []*atlas.Source
	Totals    Row   // initiatives each document mentions
	Represent Row   // communes each document names as represented
	ByType    []Row // one row per type mentioned, cells per document
	ByCommune []Row
	Both      int             // initiatives that several documents mention
	Silent    []*atlas.Source // documents that no initiative cites
}

func newEvolution(a *atlas.Atlas) *Evolution {
	ev := &Evolution{}
	for _, s := range slices.Backward(a.Sources) { // a.Sources is newest first
		if len(s.Initiatives) > 0 {
			ev.Docs = append(ev.Docs, s)
		} else {
			ev.Silent = append(ev.Silent, s)
		}
	}
	if len(ev.Docs) == 0 {
		return nil
	}
	n := len(ev.Docs)
	num := func(v int) string { return frPrinter.Sprintf("%d", v) }
	ev.Totals = Row{Label: "Initiatives mentionnées"}
	ev.Represent = Row{Label: "Communes représentées"}
	byType := map[*atlas.Type][]int{}
	byCommune := map[*atlas.Commune][]int{}
	cited := map[*atlas.Initiative]int{}
	for k, s := range ev.Docs {
		ev.Totals.Cells = append(ev.Totals.Cells, num(len(s.Initiatives)))
		r := len(s.Communes)
		if s.Represented > r {
			r = s.Represented
		}
		ev.Represent.Cells = append(ev.Represent.Cells, num(r))
		for _, in := range s.Initiatives {
			cited[in]++
			if in.Type != nil {
				if byType[in.Type] == nil {
					byType[in.Type] = make([]int, n)
				}
				byType[in.Type][k]++
			}
			for _, c := range in.Communes {
				if byCommune[c] == nil {
					byCommune[c] = make([]int, n)
				}
				byCommune[c][k]++
			}
		}
	}
	for _, c := range cited {
		if c > 1 {
			ev.Both++
		}
	}
	rows := func(label func(int) (string, string), counts func(int) []int, m int) []Row {
		type entry struct {
			row   Row
			total int
		}
		var es []entry
		for i := range m {
			cs := counts(i)
			if cs == nil {
				continue
			}
			l, u := label(i)
			e := entry{row: Row{Label: l, URL: u}}
			for _, v := range cs {
				e.row.Cells = append(e.row.Cells, num(v))
				e.total += v
			}
			es = append(es, e)
		}
		atlas.SortByName(es, func(e entry) string { return e.row.Label })
		slices.SortStableFunc(es, func(x, y entry) int { return cmp.Compare(y.total, x.total) })
		out := make([]Row, len(es))
		for i, e := range es {
			out[i] = e.row
		}
		return out
	}
	ev.ByType = rows(func(i int) (string, string) { return a.Types[i].Name, a.Types[i].URL() },
		func(i int) []int { return byType[a.Types[i]] }, len(a.Types))
	ev.ByCommune = rows(func(i int) (string, string) { return a.Communes[i].Name, a.Communes[i].URL() },
		func(i int) []int { return byCommune[a.Communes[i]] }, len(a.Communes))
	return ev
}
