package build_test

import (
	stdhtml "html"
	"regexp"
	"strings"
	"testing"
)

var (
	chartSection = regexp.MustCompile(`(?s)<section class="?chart"? aria-labelledby="?([a-z-]+)"?>(.*?)</section>`)
	barLabel     = regexp.MustCompile(`<g transform="translate\(0 [0-9]+\)"><text x="0" y="15">([^<]*)</text>.*?<text class="n"[^>]*>([^<]*)</text>`)
	evoSection   = regexp.MustCompile(`(?s)<section class="?evolution"?.*?</section>`)
	tableRe      = regexp.MustCompile(`(?s)<table.*?</table>`)
)

// tableText reads the rows of a table as « cell | cell » lines.
func tableText(table string) []string {
	var out []string
	for _, r := range tableRow.FindAllStringSubmatch(table, -1) {
		var cells []string
		for _, c := range tableCell.FindAllStringSubmatch(r[1], -1) {
			cells = append(cells, strings.TrimSpace(stdhtml.UnescapeString(anyTag.ReplaceAllString(c[2], ""))))
		}
		out = append(out, strings.Join(cells, " | "))
	}
	return out
}

// TestEtatDesLieux reads /etat-des-lieux/ of the example: bars sorted from the
// largest number, ties in French order; each table in a disclosure right under its
// chart; the year of creation, which 1 initiative in 75 gives, told in a sentence
// rather than drawn; the initiatives per 10,000 inhabitants; and the « Évolution »
// that compares what the reports of 2015 and 2021 mention, counted from the fiches.
func TestEtatDesLieux(t *testing.T) {
	page := strings.ReplaceAll(string(files(run(t, example, ""))["etat-des-lieux/index.html"]), "\u00a0", " ")
	charts := map[string]string{}
	var order []string
	for _, m := range chartSection.FindAllStringSubmatch(page, -1) {
		charts[m[1]] = m[2]
		order = append(order, m[1])
	}
	if got, want := strings.Join(order, " "), "par-type par-thematique par-statut par-annee par-commune par-habitant-commune par-intercommunalite par-habitant-intercommunalite"; got != want {
		t.Fatalf("charts %q; want %q", got, want)
	}
	bars := func(id string, n int) string {
		var out []string
		for _, m := range barLabel.FindAllStringSubmatch(charts[id], n) {
			out = append(out, m[1]+" "+m[2])
		}
		return strings.Join(out, ", ")
	}
	for _, tc := range []struct{ id, want string }{
		{"par-type", "Épicerie sociale et solidaire 8, Collecte et distribution alimentaire 6, Ressourcerie ou recyclerie 6, Action solidaire 5"},
		{"par-thematique", "Alimentation 19, Solidarité 19, Lien social 18, Développement durable 12"},
		// The statuses keep the order of their life cycle.
		{"par-statut", "En réflexion 4, À l’étude 2, En projet 8, En cours de mise en place 6"},
		{"par-commune", "Clichy 11, Sceaux 10, Sèvres 10, Asnières-sur-Seine 9"},
		{"par-habitant-commune", "Sceaux 4,8, Sèvres 4,5, Clichy 1,7, Chaville 1,5"},
		{"par-intercommunalite", "Grand Paris Seine Ouest 25, Vallée Sud-Grand Paris 23, Boucle Nord de Seine 20, Paris Ouest La Défense 7"},
		{"par-habitant-intercommunalite", "Grand Paris Seine Ouest 1,3, Boucle Nord de Seine 1,1, Vallée Sud-Grand Paris 1,1, Paris Ouest La Défense 0,2"},
	} {
		if got := bars(tc.id, 4); got != tc.want {
			t.Errorf("%s: bars %q; want %q", tc.id, got, tc.want)
		}
	}
	for id, c := range charts {
		svg, det := strings.Index(c, "</svg>"), strings.Index(c, `<details class="chart-table">`)
		switch {
		case det < 0:
			t.Errorf("%s: no table behind a disclosure", id)
		case svg >= 0 && strings.Contains(c[svg:det], "<h") || strings.Contains(c[svg+1:det], "<table"):
			t.Errorf("%s: the disclosure is not right under the chart", id)
		case svg >= 0 && !strings.Contains(c, `<desc id="`+id+`-d">Diagramme en barres.`):
			t.Errorf("%s: the chart has no description of its bars", id)
		}
	}
	year := charts["par-annee"]
	if strings.Contains(year, "<svg") {
		t.Error("the year of creation, which 1 initiative in 75 gives, is drawn")
	}
	if !strings.Contains(year, "1 initiative sur 75 indique son année de création\u202f: trop peu pour en tirer un diagramme.") {
		t.Errorf("the year of creation does not say how many initiatives give it: %.300s", year)
	}
	if got := tableText(tableRe.FindString(year)); strings.Join(got, "\n") != "Année | Initiatives\n2019 | 1\nAnnée non renseignée | 74" {
		t.Errorf("the table of the years reads %q", got)
	}
	density := tableText(tableRe.FindString(charts["par-habitant-commune"]))
	if len(density) < 3 || density[0] != "Commune | Initiatives | Habitants | Pour 10 000 habitants" || density[1] != "Sceaux | 10 | 20 884 | 4,8" || density[2] != "Sèvres | 10 | 22 303 | 4,5" {
		t.Errorf("the table per inhabitant starts %q", density[:min(3, len(density))])
	}

	ev := evoSection.FindString(page)
	if ev == "" {
		t.Fatal("no « Évolution » section")
	}
	tables := tableRe.FindAllString(ev, -1)
	if len(tables) != 3 {
		t.Fatalf("« Évolution » has %d tables; want 3", len(tables))
	}
	want := [][]string{
		{"Nombre | 27 novembre 2015 | 17 mars 2021", "Initiatives mentionnées | 9 | 67", "Communes représentées | 7 | 15"},
		{"Type | 27 novembre 2015 | 17 mars 2021", "Épicerie sociale et solidaire | 0 | 8", "Collecte et distribution alimentaire | 0 | 6", "Ressourcerie ou recyclerie | 1 | 5"},
		{"Commune | 27 novembre 2015 | 17 mars 2021", "Clichy | 3 | 9", "Sceaux | 4 | 6", "Sèvres | 0 | 10"},
	}
	for i, w := range want {
		got := tableText(tables[i])
		if len(got) < len(w) || strings.Join(got[:len(w)], "\n") != strings.Join(w, "\n") {
			t.Errorf("« Évolution » table %d starts\n%s\nwant\n%s", i, strings.Join(got[:min(len(w), len(got))], "\n"), strings.Join(w, "\n"))
		}
	}
	// Malakoff and Nanterre are in the report of 2015 only; Bois-Colombes, in no fiche.
	communes := strings.Join(tableText(tables[2]), "\n")
	for _, w := range []string{"Malakoff | 1 | 0", "Nanterre | 1 | 0"} {
		if !strings.Contains(communes, w) {
			t.Errorf("« Évolution » by commune lacks %q", w)
		}
	}
	if strings.Contains(communes, "Bois-Colombes") {
		t.Error("« Évolution » by commune lists Bois-Colombes, which no fiche names")
	}
	for _, w := range []string{"1 initiative est mentionnée par plusieurs documents.", "Aucune fiche ne cite <a href=\"/atlas-ess-92/sources/lettre-du-18-avril-2011/\">Lettre aux acteurs de l’économie sociale et solidaire du 92</a> (18 avril 2011)."} {
		if !strings.Contains(ev, w) {
			t.Errorf("« Évolution » lacks %q", w)
		}
	}
}
