package render

import (
	"cmp"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/reseau-ess-92/atlas/internal/atlas"
)

// Compare is the « Comparer » table of a type page: one row per initiative of the
// type, to answer « which other communes run one, since when, who carries it? ». The
// table is complete without JavaScript; js/comparer.js sorts it by any column, using
// each cell's rank (CompareRow.Keys), computed here with French collation so that the
// browser's order is the build's.
type Compare struct {
	Caption string
	Rows    []CompareRow
}

// The columns of the « Comparer » table, in order; CompareRow.Keys is indexed by them.
const (
	colInitiative = iota
	colCommune
	colStatus
	colSince
	colCarrier
	colVerified
	colSource
	compareColumns
)

// CompareRow is one initiative of a « Comparer » table.
type CompareRow struct {
	Initiative *atlas.Initiative
	Source     *atlas.Cite // its newest source, nil when it names none
	// Keys is the row's rank in each column, 1 for the first in ascending order, and
	// 0 when the cell is empty (no status, year, carrier, check or source): such rows
	// go last whichever way the column is sorted. Equal values have equal ranks.
	Keys [compareColumns]int
}

// newCompare makes the « Comparer » table of type t, its rows by commune (the first
// of each initiative's communes) then by name.
func newCompare(a *atlas.Atlas, t *atlas.Type) *Compare {
	if len(t.Initiatives) == 0 {
		return nil
	}
	c := &Compare{Caption: t.Plural + " du réseau : une initiative par ligne"}
	rows := make([]CompareRow, len(t.Initiatives))
	for i, in := range t.Initiatives {
		rows[i].Initiative = in
		if len(in.Sources) > 0 {
			rows[i].Source = &in.Sources[0]
		}
	}
	col := collate.New(language.French, collate.Numeric)
	var buf collate.Buffer
	key := func(s string) string {
		k := string(col.KeyFromString(&buf, s))
		buf.Reset()
		return k
	}
	titles := make([]string, len(rows))
	communes := make([]string, len(rows))
	carriers := make([]string, len(rows))
	sources := make([]string, len(rows))
	for i, r := range rows {
		in := r.Initiative
		titles[i] = key(in.Title)
		if len(in.Communes) > 0 {
			communes[i] = key(in.Communes[0].Name)
		}
		if in.Carrier != "" {
			carriers[i] = key(in.Carrier)
		}
		if r.Source != nil {
			sources[i] = key(r.Source.Title)
		}
	}
	byTitle := func(i, j int) int {
		return cmp.Or(strings.Compare(titles[i], titles[j]), strings.Compare(rows[i].Initiative.Slug, rows[j].Initiative.Slug))
	}
	rank(rows, colInitiative, func(i int) bool { return true }, byTitle, false)
	rank(rows, colCommune, func(i int) bool { return communes[i] != "" },
		func(i, j int) int { return cmp.Or(strings.Compare(communes[i], communes[j]), byTitle(i, j)) }, false)
	statusIdx := map[*atlas.Status]int{}
	for k, s := range a.Statuses {
		statusIdx[s] = k
	}
	rank(rows, colStatus, func(i int) bool { return rows[i].Initiative.Status != nil },
		func(i, j int) int {
			return cmp.Compare(statusIdx[rows[i].Initiative.Status], statusIdx[rows[j].Initiative.Status])
		}, true)
	rank(rows, colSince, func(i int) bool { return rows[i].Initiative.Since > 0 },
		func(i, j int) int { return cmp.Compare(rows[i].Initiative.Since, rows[j].Initiative.Since) }, true)
	rank(rows, colCarrier, func(i int) bool { return carriers[i] != "" },
		func(i, j int) int { return strings.Compare(carriers[i], carriers[j]) }, true)
	rank(rows, colVerified, func(i int) bool { return !rows[i].Initiative.Verified.IsZero() },
		func(i, j int) int { return rows[i].Initiative.Verified.Compare(rows[j].Initiative.Verified) }, true)
	rank(rows, colSource, func(i int) bool { return rows[i].Source != nil },
		func(i, j int) int {
			return cmp.Or(rows[i].Source.Date.Compare(rows[j].Source.Date), strings.Compare(sources[i], sources[j]))
		}, true)
	slices.SortStableFunc(rows, func(x, y CompareRow) int { return cmp.Compare(x.Keys[colCommune], y.Keys[colCommune]) })
	c.Rows = rows
	return c
}

// rank sets column k of the rows' Keys: 0 for the rows without a value (has false),
// else their rank in the order of compare. With ties, equal values share a rank;
// without, every row has its own (compare is then a total order).
func rank(rows []CompareRow, k int, has func(int) bool, compare func(i, j int) int, ties bool) {
	var idx []int
	for i := range rows {
		if has(i) {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, compare)
	n := 0
	for p, i := range idx {
		if p == 0 || !ties || compare(idx[p-1], i) != 0 {
			n = p + 1
		}
		rows[i].Keys[k] = n
	}
}
