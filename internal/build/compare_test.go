package build_test

import (
	stdhtml "html"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/browsertest"
)

var (
	compareTable = regexp.MustCompile(`(?s)<table class="?compare-table"?[^>]*>.*?</table>`)
	tableRow     = regexp.MustCompile(`(?s)<tr[^>]*>(.*?)</tr>`)
	tableCell    = regexp.MustCompile(`(?s)<t[hd]([^>]*)>(.*?)</t[hd]>`)
	dataK        = regexp.MustCompile(`data-k="?([0-9]+)`)
	firstHref    = regexp.MustCompile(`href="?([^" >]+)`)
	anyTag       = regexp.MustCompile(`<[^>]+>`)
)

// compareCell is one cell of a « Comparer » table: its text, its sort rank ("" when
// it has none) and the address of its first link.
type compareCell struct{ text, k, href string }

// compareRows reads the rows of the « Comparer » table of a page, header row first.
func compareRows(t *testing.T, page string) [][]compareCell {
	t.Helper()
	table := compareTable.FindString(page)
	if table == "" {
		t.Fatal("the page has no « Comparer » table")
	}
	var rows [][]compareCell
	for _, r := range tableRow.FindAllStringSubmatch(table, -1) {
		var row []compareCell
		for _, c := range tableCell.FindAllStringSubmatch(r[1], -1) {
			cell := compareCell{text: stdhtml.UnescapeString(anyTag.ReplaceAllString(c[2], ""))}
			if m := dataK.FindStringSubmatch(c[1]); m != nil {
				cell.k = m[1]
			}
			if m := firstHref.FindStringSubmatch(c[2]); m != nil {
				cell.href = m[1]
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	return rows
}

// TestCompareTable reads the « Comparer » table of the ressourceries of the example:
// one row per ressourcerie, by commune, with its status, year, carrier, last check
// and the document it comes from, linked; unknown values are said, and have no rank.
func TestCompareTable(t *testing.T) {
	site := files(run(t, example, "https://example.org/atlas/"))
	page := string(site["types/ressourcerie/index.html"])
	rows := compareRows(t, page)
	var got []string
	for _, r := range rows {
		var cells []string
		for _, c := range r {
			cells = append(cells, c.text)
		}
		got = append(got, strings.Join(cells, " | "))
	}
	const (
		r2021 = "Compte rendu de la réunion du Réseau ESS 92, 17 mars 2021"
		r2015 = "Compte rendu de la réunion du Réseau 92 Économie sociale et solidaire, 27 novembre 2015"
	)
	want := []string{
		"Initiative | Commune | Statut | Depuis | Porteur | Vérifiée le | Source",
		"Recyclerie Fab Lab de Bagneux | Bagneux | À l’étude | non renseignée | non renseigné | 17 mars 2021 | " + r2021,
		"Ressourcerie axée sur le ménage à Bourg-la-Reine | Bourg-la-Reine | En réflexion | non renseignée | non renseigné | 17 mars 2021 | " + r2021,
		"Ressourcerie de Chaville | Chaville | Ouvert ou en activité | 2019 | non renseigné | 17 mars 2021 | " + r2021,
		"Ressourcerie axée sur la petite enfance et l’enfance à Clichy | Clichy | En projet | non renseignée | non renseigné | 17 mars 2021 | " + r2021,
		"Le Cercle | Nanterre | En cours de mise en place | non renseignée | non renseigné | 27 novembre 2015 | " + r2015,
		"Ressourcerie étudiante de Sceaux | Sceaux | Ouvert ou en activité | non renseignée | non renseigné | 17 mars 2021 | " + r2021,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the table of the ressourceries reads\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows", len(rows))
	}
	cercle := rows[5]
	for col, want := range map[int]string{0: "/atlas/initiatives/le-cercle/", 1: "/atlas/communes/nanterre/", 6: "/atlas/sources/reunion-du-27-novembre-2015/"} {
		if cercle[col].href != want {
			t.Errorf("Le Cercle: column %d links to %q; want %q", col, cercle[col].href, want)
		}
	}
	// The ranks: statuses in their life-cycle order (site.toml), the only known year
	// ranked, the 2015 source before those of 2021, the communes in French order.
	var ranks []string
	for _, col := range []int{1, 2, 3, 4, 6} {
		var ks []string
		for _, r := range rows[1:] {
			ks = append(ks, r[col].k)
		}
		ranks = append(ranks, strings.Join(ks, ","))
	}
	wantRanks := []string{"1,2,3,4,5,6", "2,1,5,3,4,5", ",,1,,,", ",,,,,", "2,2,2,2,1,2"}
	if strings.Join(ranks, " ") != strings.Join(wantRanks, " ") {
		t.Errorf("ranks of commune, status, since, carrier, source: %q; want %q", ranks, wantRanks)
	}
	for _, want := range []string{`<th scope="col" aria-sort="ascending">Commune</th>`,
		"<caption id=\"comparer-legende\">Ressourceries et recycleries du réseau\u202f: une initiative par ligne</caption>", "/atlas/js/comparer."} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	// A type without initiatives has no table.
	for p, b := range site {
		if strings.HasPrefix(p, "types/") && strings.Contains(string(b), "Aucune initiative de ce type n’est encore recensée") && strings.Contains(string(b), "compare-table") {
			t.Errorf("%s: a type without initiatives has a « Comparer » table", p)
		}
	}
}

// TestCompareInBrowser sorts the « Comparer » table of the ressourceries as a person
// does: a click on « Statut » orders the rows by status, a second click reverses
// them, and Enter on the focused « Depuis » button puts the only known year first,
// the rows without one staying in their order below it.
func TestCompareInBrowser(t *testing.T) {
	browsertest.Skip(t)
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	site.Store(&built)
	b := browsertest.Start(t)
	s := b.Page(t)
	b.Call(t, s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false})
	b.Navigate(t, s, srv.URL+"/atlas/types/ressourcerie/")
	b.WaitTrue(t, s, `document.querySelectorAll('.compare-table thead button').length === 7`)
	communes := func() string {
		return b.Eval(t, s, `Array.from(document.querySelectorAll('.compare-table tbody tr')).map(function (r) { return r.cells[1].textContent; }).join(', ')`).(string)
	}
	sorted := func() string {
		return b.Eval(t, s, `Array.from(document.querySelectorAll('.compare-table thead th')).map(function (th) { return th.textContent + '=' + (th.getAttribute('aria-sort') || ''); }).join(' ')`).(string)
	}
	if got, want := communes(), "Bagneux, Bourg-la-Reine, Chaville, Clichy, Nanterre, Sceaux"; got != want {
		t.Fatalf("before sorting, the communes read %q; want %q", got, want)
	}
	b.Eval(t, s, `document.querySelectorAll('.compare-table thead th')[2].querySelector('button').classList.add('statut-test')`)
	b.Click(t, s, ".statut-test")
	if got, want := communes(), "Bourg-la-Reine, Bagneux, Clichy, Nanterre, Chaville, Sceaux"; got != want {
		t.Errorf("sorted by status, the communes read %q; want %q", got, want)
	}
	if got := sorted(); !strings.Contains(got, "Statut=ascending") || strings.Contains(got, "Commune=ascending") {
		t.Errorf("after a click on « Statut », the headers say %q", got)
	}
	b.Click(t, s, ".statut-test")
	if got, want := communes(), "Chaville, Sceaux, Nanterre, Clichy, Bagneux, Bourg-la-Reine"; got != want {
		t.Errorf("sorted by status in reverse, the communes read %q; want %q", got, want)
	}
	if got := sorted(); !strings.Contains(got, "Statut=descending") {
		t.Errorf("after a second click on « Statut », the headers say %q", got)
	}
	b.Eval(t, s, `document.querySelectorAll('.compare-table thead th')[3].querySelector('button').focus()`)
	b.Key(t, s, "Enter")
	if got, want := communes(), "Chaville, Bagneux, Bourg-la-Reine, Clichy, Nanterre, Sceaux"; got != want {
		t.Errorf("sorted by year, the communes read %q; want %q (the rows without a year in the table's first order)", got, want)
	}
	if got, want := sorted(), "Initiative= Commune= Statut= Depuis=ascending Porteur= Vérifiée le= Source="; got != want {
		t.Errorf("after Enter on « Depuis », the headers say %q; want %q", got, want)
	}
	if got := b.Eval(t, s, `document.querySelector('.compare [aria-live]').textContent`); got != "Tableau trié selon la colonne «\u202fDepuis\u202f», dans l’ordre croissant" {
		t.Errorf("the live region says %q", got)
	}
}
