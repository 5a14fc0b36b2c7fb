package build_test

import (
	"encoding/json"
	"encoding/xml"
	stdhtml "html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestExampleSources checks the documents of the example: every initiative links the
// page of each document it cites, the meeting of 17 March 2021 names its communes and
// who spoke for each, and commune pages say at which meetings they were represented.
func TestExampleSources(t *testing.T) {
	res := run(t, example, "")
	got := files(res)
	a := res.Atlas
	if len(a.Sources) != 3 {
		t.Fatalf("the example has %d documents, want 3", len(a.Sources))
	}
	cited := 0
	for _, in := range a.Initiatives {
		page := string(got["initiatives/"+in.Slug+"/index.html"])
		if len(in.Sources) == 0 {
			t.Errorf("%s cites no source", in.Slug)
		}
		for _, s := range in.Sources {
			if s.Doc == nil {
				t.Errorf("%s: source %q is not a document of content/sources", in.Slug, s.Title)
				continue
			}
			cited++
			if want := `<a href="/atlas-ess-92` + s.Doc.URL() + `">`; !strings.Contains(page, want) {
				t.Errorf("%s does not link its source: lacks %s", in.Slug, want)
			}
		}
	}
	if cited < len(a.Initiatives) {
		t.Errorf("%d sources cited for %d initiatives", cited, len(a.Initiatives))
	}

	page := stdhtml.UnescapeString(string(got["sources/reunion-du-17-mars-2021/index.html"]))
	communes := []string{"Asnières-sur-Seine", "Bagneux", "Bois-Colombes", "Bourg-la-Reine", "Châtillon", "Chaville",
		"Clichy", "Issy-les-Moulineaux", "Meudon", "Montrouge", "Puteaux", "Sceaux", "Sèvres", "Vanves"}
	section := between(page, `<h2 id="communes">`, `</section>`)
	if !strings.Contains(page, `<h2 id="communes">15 communes représentées</h2>`) {
		t.Error("the 2021 meeting does not say that 15 communes were represented")
	}
	var listed []string
	for _, m := range regexp.MustCompile(`<li><a href="[^"]+">([^<]+)</a></li>`).FindAllStringSubmatch(section, -1) {
		listed = append(listed, m[1])
	}
	if !slices.Equal(listed, communes) {
		t.Errorf("2021 communes represented:\n got %q\nwant %q", listed, communes)
	}
	participants := between(page, `<h2 id="participants">`, `</section>`)
	for _, s := range []string{"Rita Chriqui-Mengeot", "Thierry Sellier", "Cyrielle Abecassis", "Nicolas Houery",
		"Sylvie Mariaud", "Jean-Pierre Ferre", "Corinne Savary", "Julien Bouchet", "Bernard Gahanssia",
		"Maria Garrigues", "Isabelle Sotto", "Jean-Pierre Daviaud", "Muriel Cohen", "Erwan Martin", "Danyla Guy",
		"Vincent Marchand", `<h3><a href="/atlas-ess-92/communes/sceaux/">Sceaux</a></h3>`, "<h3>Autres participants</h3>"} {
		if !strings.Contains(participants, s) {
			t.Errorf("the 2021 participants lack %s", s)
		}
	}
	if n := strings.Count(between(page, `<h2 id="initiatives">`, `</section>`), `<li>`); n < 60 {
		t.Errorf("the 2021 meeting lists %d initiatives, want all that cite it", n)
	}
	letter := stdhtml.UnescapeString(string(got["sources/lettre-du-18-avril-2011/index.html"]))
	for _, s := range []string{"Guy Janvier", "Vincent Gazeilles", "Patrice Leclerc", "Gennevilliers", "18 avril 2011"} {
		if !strings.Contains(letter, s) {
			t.Errorf("the 2011 letter lacks %s", s)
		}
	}
	list := string(got["sources/index.html"])
	i21, i15, i11 := strings.Index(list, "reunion-du-17-mars-2021"), strings.Index(list, "reunion-du-27-novembre-2015"), strings.Index(list, "lettre-du-18-avril-2011")
	if i21 < 0 || i15 < i21 || i11 < i15 {
		t.Error("/sources/ does not list the documents newest first")
	}

	for _, tc := range []struct{ file, want string }{
		{"communes/clichy/index.html", `<p>Représentée aux réunions du <a href="/atlas-ess-92/sources/reunion-du-27-novembre-2015/">27 novembre 2015</a> et du <a href="/atlas-ess-92/sources/reunion-du-17-mars-2021/">17 mars 2021</a>.</p>`},
		{"communes/bagneux/index.html", `<p>Représentée à la réunion du <a href="/atlas-ess-92/sources/reunion-du-17-mars-2021/">17 mars 2021</a>.</p>`},
		{"communes/sceaux/index.html", `(d’après <a href="/atlas-ess-92/sources/reunion-du-27-novembre-2015/" title="Compte rendu de la réunion du Réseau 92 Économie sociale et solidaire">le document du 27 novembre 2015</a>)`},
		{"communes/garches/index.html", "Le document qui la mentionne\u202f:"},
		{"sources/reunion-du-27-novembre-2015/index.html", `<h2 id="cite-par">`},
		{"donnees/atlas.json", `"source":"reunion-du-17-mars-2021","page":"https://example.org/atlas-ess-92/sources/reunion-du-17-mars-2021/"`},
		{"sitemap.xml", "<loc>https://example.org/atlas-ess-92/sources/reunion-du-17-mars-2021/</loc>"},
		{"sitemap.xml", "<loc>https://example.org/atlas-ess-92/communes/sceaux/integrer/</loc>"},
	} {
		if !strings.Contains(string(got[tc.file]), tc.want) {
			t.Errorf("%s lacks %s", tc.file, tc.want)
		}
	}
	if strings.Contains(string(got["sitemap.xml"]), "/integrer/cadre/") {
		t.Error("the sitemap lists the framed pages, which are not for search engines")
	}
}

// between returns the text of s from the first from to the next to after it.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}

// TestEmbed checks the page a mairie frames and the page that gives its code: the
// frame has no header or footer, opens the atlas in a new tab, loads nothing but the
// site's own stylesheet, and the commune's data hold its initiatives only.
func TestEmbed(t *testing.T) {
	res := run(t, example, "")
	got := files(res)
	sceaux := res.Atlas.Commune("sceaux")
	code := stdhtml.UnescapeString(string(got["communes/sceaux/integrer/index.html"]))
	want := `<iframe src="https://example.org/atlas-ess-92/communes/sceaux/integrer/cadre/" title="Initiatives d’économie sociale et solidaire à Sceaux" style="width:100%;height:600px;border:0" loading="lazy"></iframe>`
	if !strings.Contains(code, `<textarea id="code-iframe" class="code" readonly rows="4" spellcheck="false">`+want+`</textarea>`) {
		t.Errorf("the iframe code is not on /communes/sceaux/integrer/, or not as expected: want %s", want)
	}
	if !strings.Contains(string(got["communes/sceaux/index.html"]), `href="/atlas-ess-92/communes/sceaux/integrer/"`) {
		t.Error("the commune page does not link its /integrer/ page")
	}
	frame := string(got["communes/sceaux/integrer/cadre/index.html"])
	for _, s := range []string{`<title>Initiatives d’économie sociale et solidaire à Sceaux</title>`, `<meta name="robots" content="noindex">`, `<html lang="fr">`} {
		if !strings.Contains(frame, s) {
			t.Errorf("the framed page lacks %s", s)
		}
	}
	for _, s := range []string{"site-header", "site-footer", "<nav", "<script"} {
		if strings.Contains(frame, s) {
			t.Errorf("the framed page has %s", s)
		}
	}
	anchors := regexp.MustCompile(`<a [^>]*>`).FindAllString(frame, -1)
	if len(anchors) < len(sceaux.Initiatives) {
		t.Errorf("the framed page has %d links for %d initiatives", len(anchors), len(sceaux.Initiatives))
	}
	for _, a := range anchors {
		if !strings.Contains(a, `target="_blank"`) || !strings.Contains(a, `rel="noopener"`) || !strings.Contains(a, `href="https://example.org/atlas-ess-92/`) {
			t.Errorf("the framed page's link %s does not open the atlas in a new tab", a)
		}
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(regexp.MustCompile(`<a [^>]*>`).ReplaceAllString(frame, ""), -1) {
		if !strings.HasPrefix(m[1], "/atlas-ess-92/") {
			t.Errorf("the framed page loads %s, which is not a file of the site", m[1])
		}
	}
	for _, in := range sceaux.Initiatives {
		if !strings.Contains(frame, `href="https://example.org/atlas-ess-92/initiatives/`+in.Slug+`/"`) {
			t.Errorf("the framed page lacks %s", in.Slug)
		}
	}

	var gj struct {
		Type     string
		Features []struct{ Properties struct{ Slug string } }
	}
	if err := json.Unmarshal(got["communes/sceaux/integrer/sceaux.geojson"], &gj); err != nil {
		t.Fatal(err)
	}
	var js struct {
		Commune     struct{ Slug, Name string }
		Initiatives []struct{ Slug string }
	}
	if err := json.Unmarshal(got["communes/sceaux/integrer/sceaux.json"], &js); err != nil {
		t.Fatal(err)
	}
	if gj.Type != "FeatureCollection" || len(gj.Features) != len(sceaux.Initiatives) || js.Commune.Name != "Sceaux" || len(js.Initiatives) != len(sceaux.Initiatives) {
		t.Errorf("Sceaux's data: %s with %d features, %q with %d initiatives; want %d", gj.Type, len(gj.Features), js.Commune.Name, len(js.Initiatives), len(sceaux.Initiatives))
	}
	for i, in := range sceaux.Initiatives {
		if i < len(gj.Features) && gj.Features[i].Properties.Slug != in.Slug {
			t.Errorf("feature %d is %s, want %s", i, gj.Features[i].Properties.Slug, in.Slug)
		}
	}
}

// TestParcours checks the fixture's itinerary: its page lists the stops in order,
// draws the route between them (each at its commune's centre, two of them at the same
// one, drawn apart), and its GPX file is well-formed GPX 1.1 (and valid against the
// XSD when xmllint is here). The initiatives it visits link it, and /parcours/ lists
// it. A stop without coordinates is tested in package render.
func TestParcours(t *testing.T) {
	res := run(t, os.DirFS("testdata/autre"), "")
	got := files(res)
	page := stdhtml.UnescapeString(string(got["parcours/de-la-vallee/index.html"]))
	stops := regexp.MustCompile(`<li><h3><a href="/vallee/initiatives/([a-z0-9-]+)/">`).FindAllStringSubmatch(page, -1)
	var order []string
	for _, m := range stops {
		order = append(order, m[1])
	}
	if want := []string{"atelier-numerique", "amap-des-deux-rives", "la-fabrique"}; !slices.Equal(order, want) {
		t.Errorf("stops %q, want %q", order, want)
	}
	for _, s := range []string{
		`<svg class="svgmap routemap"`,
		`<polyline class="route" points="`,
		`<title>1. Atelier numérique (placée au centre de la commune)</title>`,
		`<title>3. La Fabrique (placée au centre de la commune)</title>`,
		`<a href="/vallee/parcours/de-la-vallee/de-la-vallee.gpx" download>`,
		`<p>Les paniers <du> mardi & du vendredi.</p>`,
		"3\u00a0étapes sans adresse précise sont placées au centre de leur commune.",
	} {
		if !strings.Contains(page, s) {
			t.Errorf("the itinerary's page lacks %s", s)
		}
	}
	if strings.Contains(string(got["parcours/de-la-vallee/index.html"]), "<du>") {
		t.Error("a stop's text reached the page as markup")
	}
	if pts := regexp.MustCompile(`points="([^"]*)"`).FindStringSubmatch(page); pts == nil || len(strings.Fields(pts[1])) != 3 {
		t.Errorf("the route joins %v, want the three stops", pts)
	} else if f := strings.Fields(pts[1]); f[0] == f[1] {
		t.Errorf("the two stops at Éveux's centre are drawn on top of each other: %s", pts[1])
	}
	for _, s := range []string{"initiatives/atelier-numerique/index.html", "initiatives/la-fabrique/index.html"} {
		if !strings.Contains(string(got[s]), `<a href="/vallee/parcours/de-la-vallee/">De la vallée à la ville</a>`) {
			t.Errorf("%s does not link the itinerary that stops there", s)
		}
	}
	if !strings.Contains(string(got["parcours/index.html"]), `href="/vallee/parcours/de-la-vallee/"`) {
		t.Error("/parcours/ does not list the itinerary")
	}

	gpx := got["parcours/de-la-vallee/de-la-vallee.gpx"]
	var doc struct {
		XMLName xml.Name
		Version string `xml:"version,attr"`
		Wpt     []struct {
			Lat  string `xml:"lat,attr"`
			Name string `xml:"name"`
		} `xml:"wpt"`
		Rte struct {
			Rtept []struct {
				Lat  string `xml:"lat,attr"`
				Lon  string `xml:"lon,attr"`
				Name string `xml:"name"`
			} `xml:"rtept"`
		} `xml:"rte"`
	}
	if err := xml.Unmarshal(gpx, &doc); err != nil {
		t.Fatalf("GPX: %v", err)
	}
	if doc.XMLName.Space != "http://www.topografix.com/GPX/1/1" || doc.Version != "1.1" || len(doc.Wpt) != 3 || len(doc.Rte.Rtept) != 3 ||
		doc.Rte.Rtept[0].Name != "1. Atelier numérique" || doc.Rte.Rtept[0].Lat != "45.82652" || doc.Rte.Rtept[2].Name != "3. La Fabrique" {
		t.Errorf("GPX: %+v", doc)
	}
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint is not installed: the GPX file is not validated against the XSD (CI installs it)")
	}
	f := filepath.Join(t.TempDir(), "route.gpx")
	if err := os.WriteFile(f, gpx, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(xmllint, "--noout", "--schema", "../../.ci/schemas/gpx.xsd", f).CombinedOutput(); err != nil {
		t.Errorf("the GPX file does not validate against the GPX 1.1 XSD: %v\n%s", err, out)
	}
}

// TestSearchFindsSources checks that the search index has the documents, found by
// the name of someone who took part, and the itineraries.
func TestSearchFindsSources(t *testing.T) {
	for _, tc := range []struct {
		src        string
		word, path string
	}{
		{"../..", "chriqui", "sources/reunion-du-17-mars-2021/"},
		{"../..", "gennevill", "sources/lettre-du-18-avril-2011/"},
		{"testdata/autre", "valle", "parcours/de-la-vallee/"},
	} {
		got := files(run(t, os.DirFS(tc.src), ""))
		found := false
		for p, b := range got {
			if strings.HasPrefix(p, "recherche/d/") && strings.Contains(string(b), `"`+tc.path+`"`) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the search documents lack %s", tc.src, tc.path)
			continue
		}
		shard := ""
		for p, b := range got {
			// Words are indexed by their stem: the test gives the start of one.
			if strings.HasPrefix(p, "recherche/t/"+tc.word[:2]) && strings.Contains(string(b), `"`+tc.word) {
				shard = p
			}
		}
		if shard == "" {
			t.Errorf("%s: no search shard holds %q", tc.src, tc.word)
		}
	}
}
