package build_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	stdhtml "html"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
	"github.com/reseau-ess-92/atlas/internal/publish"
	"github.com/reseau-ess-92/atlas/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// example is the bundled Réseau ESS 92 atlas at the module root.
var example = os.DirFS("../..")

func run(t testing.TB, src fs.FS, baseURL string) *build.Result {
	t.Helper()
	res, d := build.Run(build.Options{Source: src, Theme: atlas.Theme(), BaseURL: baseURL})
	if len(d) > 0 {
		t.Fatalf("build: %d problems:\n%v", len(d), d)
	}
	if err := publish.Minify(res.Files); err != nil {
		t.Fatal(err)
	}
	return res
}

func files(res *build.Result) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range res.Files {
		m[f.Path] = f.Data
	}
	return m
}

// TestExamplePages checks that every document of the example has its page.
func TestExamplePages(t *testing.T) {
	res := run(t, example, "")
	got := files(res)
	a := res.Atlas
	if len(a.Communes) < 15 || len(a.Initiatives) < 40 {
		t.Fatalf("example has %d communes and %d initiatives, want about 20 and 50", len(a.Communes), len(a.Initiatives))
	}
	var want []string
	for _, d := range a.Docs() {
		want = append(want, strings.TrimPrefix(d.URL(), "/")+"index.html")
	}
	want = append(want, "index.html", "communes/index.html", "types/index.html", "thematiques/index.html",
		"intercommunalites/index.html", "404.html", "sitemap.xml", "robots.txt", "css/atlas.css")
	for _, p := range want {
		if _, ok := got[p]; !ok {
			t.Errorf("missing %s", p)
		}
	}
	for _, p := range []string{"index.html", "communes/sceaux/index.html"} {
		html := string(got[p])
		for _, s := range []string{`<html lang="fr">`, `<title>`, `<meta name="description"`, `<link rel="canonical" href="https://example.org/atlas-ess-92/`, `class="skip" href="#contenu"`} {
			if !strings.Contains(html, s) {
				t.Errorf("%s lacks %s", p, s)
			}
		}
	}
}

var linkRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)

// checkLinks fails for every link of an HTML file that points inside the site at a
// file that was not built. baseURL is the site's absolute URL: the links of the page
// a mairie frames are absolute, and are checked too.
func checkLinks(t *testing.T, res *build.Result, baseURL string) {
	t.Helper()
	baseURL, basePath := render.SplitBase(baseURL)
	got := files(res)
	bad := 0
	for _, f := range res.Files {
		if path.Ext(f.Path) != ".html" {
			continue
		}
		for _, m := range linkRe.FindAllSubmatch(f.Data, -1) {
			link := strings.ReplaceAll(string(m[1]), "&amp;", "&")
			if strings.HasPrefix(link, baseURL) {
				link = basePath + strings.TrimPrefix(link, baseURL)
			}
			switch {
			case strings.HasPrefix(link, "https://"), strings.HasPrefix(link, "http://"), strings.HasPrefix(link, "mailto:"):
				continue
			case strings.HasPrefix(link, "#"):
				continue
			case !strings.HasPrefix(link, basePath):
				t.Errorf("%s: link %q is not under the base path %s", f.Path, link, basePath)
				bad++
				continue
			}
			p := strings.TrimPrefix(link, basePath)
			p, _, _ = strings.Cut(p, "#")
			p, _, _ = strings.Cut(p, "?")
			if p == "" || strings.HasSuffix(p, "/") {
				p += "index.html"
			}
			if _, ok := got[p]; !ok {
				t.Errorf("%s: broken link %q", f.Path, link)
				bad++
			}
			if bad > 20 {
				t.Fatal("too many broken links")
			}
		}
	}
}

func TestLinksResolve(t *testing.T) {
	for _, tc := range []struct{ name, baseURL, abs string }{
		{"site.toml sub-path", "", "https://example.org/atlas-ess-92/"},
		{"root", "https://example.org/", "https://example.org/"},
		{"deep sub-path", "https://example.org/un/deux/", "https://example.org/un/deux/"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkLinks(t, run(t, example, tc.baseURL), tc.abs)
		})
	}
	t.Run("other vocabulary", func(t *testing.T) {
		checkLinks(t, run(t, os.DirFS("testdata/autre"), ""), "https://exemple.test/vallee/")
	})
}

func TestDeterministic(t *testing.T) {
	a, b := run(t, example, ""), run(t, example, "")
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for i := range a.Files {
		if a.Files[i].Path != b.Files[i].Path || !bytes.Equal(a.Files[i].Data, b.Files[i].Data) {
			t.Fatalf("file %d differs: %s / %s", i, a.Files[i].Path, b.Files[i].Path)
		}
	}
}

// TestSourcesDropped checks that no document keeps its Markdown source once the build
// is done: conversion lets each go, so that memory does not hold every source file.
func TestSourcesDropped(t *testing.T) {
	a := run(t, example, "").Atlas
	if len(a.Initiatives) == 0 || len(a.Communes) == 0 || len(a.Pages) == 0 {
		t.Fatal("the example has no initiatives, communes or pages")
	}
	for _, in := range a.Initiatives {
		if in.Body.Src != nil || in.Body.File != nil {
			t.Errorf("initiative %s keeps its source", in.Slug)
		}
	}
	for _, c := range a.Communes {
		if c.Summary.Src != nil || c.Summary.File != nil {
			t.Errorf("commune %s keeps its source", c.Slug)
		}
	}
	for _, p := range a.Pages {
		if p.Body.Src != nil || p.Body.File != nil {
			t.Errorf("page %s keeps its source", p.Slug)
		}
	}
}

// TestGolden compares the whole site built from testdata/autre with
// testdata/golden/autre; go test -update rewrites it.
func TestGolden(t *testing.T) {
	// Unminified, so that a change shows as a readable diff.
	// A fixed today, so that the freshness of its fiches does not change the tree.
	res, d := build.Run(build.Options{Source: os.DirFS("testdata/autre"), Theme: atlas.Theme(), Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if len(d) > 0 {
		t.Fatal(d)
	}
	// Files copied unchanged from the theme's static/ folder are checked here, not kept
	// in the golden tree: a CSS change would otherwise rewrite the tree and test nothing.
	var built []render.File
	for _, f := range res.Files {
		if theme, err := fs.ReadFile(atlas.Theme(), "static/"+f.Path); err == nil {
			if !bytes.Equal(theme, f.Data) {
				t.Errorf("%s differs from the theme's static/%s", f.Path, f.Path)
			}
			continue
		}
		built = append(built, f)
	}
	res.Files = built
	dir := filepath.Join("testdata", "golden", "autre")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		if err := publish.Write(dir, res.Files); err != nil {
			t.Fatal(err)
		}
		// The marker that makes the folder atlas's output is not part of the site.
		if err := os.Remove(filepath.Join(dir, publish.Marker)); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return
	}
	got := files(res)
	var want []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		want = append(want, rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if g, ok := got[rel]; !ok {
			t.Errorf("%s: not built", rel)
		} else if !bytes.Equal(g, b) {
			t.Errorf("%s differs from the golden file (go test -update to accept):\ngot:\n%s", rel, g)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p := range got {
		if !slices.Contains(want, p) {
			t.Errorf("%s: built but not in the golden tree", p)
		}
	}
}

// TestFixtureContent checks what the other-vocabulary fixture must show.
func TestFixtureContent(t *testing.T) {
	got := files(run(t, os.DirFS("testdata/autre"), ""))
	for _, tc := range []struct{ file, want string }{
		{"initiatives/amap-des-deux-rives/index.html", `href="/vallee/initiatives/la-fabrique/"`},
		{"initiatives/amap-des-deux-rives/index.html", `href="/vallee/thematiques/numerique/#haut"`},
		{"initiatives/amap-des-deux-rives/index.html", `<dt>Communes</dt>`},
		{"initiatives/la-fabrique/index.html", `<table>`},
		{"initiatives/la-fabrique/index.html", "«\u202faccueillera\u202f»"},
		{"initiatives/la-fabrique/index.html", "Pages qui mentionnent cette page"},
		{"communes/ecully/index.html", "La Fabrique"},
		{"types/amap/index.html", "Communes du réseau sans initiative de ce type"},
		{"amap/index.html", `content="0; url=/vallee/initiatives/amap-des-deux-rives/"`},
		{"communes/index.html", `<a href="/vallee/communes/ecully/">Écully</a></th>`},
	} {
		if !strings.Contains(string(got[tc.file]), tc.want) {
			t.Errorf("%s lacks %s", tc.file, tc.want)
		}
	}
	if strings.Contains(string(got["initiatives/la-fabrique/index.html"]), "<script>alert") {
		t.Error("raw HTML reached the output while the site did not opt in")
	}
	// French alphabetical order: Écully, Éveux, L'Arbresle, Villeurbanne.
	list := stdhtml.UnescapeString(string(got["communes/index.html"]))
	order := []string{"Écully", "Éveux", "L'Arbresle", "Villeurbanne"}
	last := -1
	for _, name := range order {
		i := strings.Index(list, ">"+name+"</a></th>")
		if i < last {
			t.Errorf("communes are not in French order: %s comes too early", name)
		}
		last = i
	}
	if !strings.Contains(string(got["sitemap.xml"]), "<loc>https://exemple.test/vallee/communes/ecully/</loc>") {
		t.Error("sitemap lacks the commune page")
	}
}

// TestWriteSwaps checks that publishing replaces an output folder of atlas's whole.
func TestWriteSwaps(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(filepath.Join(out, "stale"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(out, "stale", "index.html"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(out, publish.Marker), []byte("x"), 0o644)
	if _, d, err := build.Write(build.Options{Source: os.DirFS("testdata/autre"), Theme: atlas.Theme()}, out); err != nil || len(d) > 0 {
		t.Fatal(err, d)
	}
	if _, err := os.Stat(filepath.Join(out, "stale")); !os.IsNotExist(err) {
		t.Errorf("a file of the previous build survived: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
		t.Error(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the output's parent holds %d entries, want only the output", len(entries))
	}
	// The same build again leaves every file as it is.
	res, d, err := build.Write(build.Options{Source: os.DirFS("testdata/autre"), Theme: atlas.Theme()}, out)
	if err != nil || len(d) > 0 {
		t.Fatal(err, d)
	}
	if want := (publish.Stats{Unchanged: res.Count}); res.Published != want {
		t.Errorf("a second build published %+v, want %+v", res.Published, want)
	}
}

// TestWriteMatchesRun checks that the files Write publishes are, byte for byte, those
// Run returns (minified as Write does): pages are written from buffers that later
// pages reuse, and Run must copy them.
func TestWriteMatchesRun(t *testing.T) {
	res, d := build.Run(build.Options{Source: example, Theme: atlas.Theme()})
	if len(d) > 0 {
		t.Fatal(d)
	}
	if err := publish.Minify(res.Files); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, d, err := build.Write(build.Options{Source: example, Theme: atlas.Theme()}, out); err != nil || len(d) > 0 {
		t.Fatal(err, d)
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		seen[f.Path] = true
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Error(err)
		} else if !bytes.Equal(b, f.Data) {
			t.Errorf("%s: written %d bytes that differ from Run's %d", f.Path, len(b), len(f.Data))
		}
	}
	filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			if rel, _ := filepath.Rel(out, p); !seen[filepath.ToSlash(rel)] && rel != publish.Marker {
				t.Errorf("Write wrote %s, which Run did not make", rel)
			}
		}
		return err
	})
}

// TestOpenData checks that the data files hold one record per initiative and parse
// back: the CSV as RFC 4180, the GeoJSON as a FeatureCollection with [lon, lat]
// points, the JSON with its communes, and the Atom feed as XML.
func TestOpenData(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  fs.FS
	}{{"example", example}, {"other vocabulary", os.DirFS("testdata/autre")}} {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, tc.src, "")
			got := files(res)
			n := len(res.Atlas.Initiatives)

			r := csv.NewReader(bytes.NewReader(got["donnees/atlas.csv"]))
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatalf("atlas.csv: %v", err)
			}
			if len(rows) != n+1 {
				t.Errorf("atlas.csv has %d rows, want a header and %d initiatives", len(rows), n)
			}
			if len(rows) > 0 && (rows[0][0] != "slug" || rows[0][1] != "title") {
				t.Errorf("atlas.csv header = %q", rows[0])
			}

			var gj struct {
				Type     string
				Features []struct {
					Type     string
					Geometry *struct {
						Type        string
						Coordinates []float64
					}
					Properties map[string]any
				}
			}
			if err := json.Unmarshal(got["donnees/atlas.geojson"], &gj); err != nil {
				t.Fatalf("atlas.geojson: %v", err)
			}
			if gj.Type != "FeatureCollection" || len(gj.Features) != n {
				t.Errorf("atlas.geojson: %s with %d features, want FeatureCollection with %d", gj.Type, len(gj.Features), n)
			}
			located := 0
			for i, f := range gj.Features {
				in := res.Atlas.Initiatives[i]
				if f.Properties["slug"] != in.Slug {
					t.Errorf("feature %d is %v, want %s", i, f.Properties["slug"], in.Slug)
				}
				loc, _ := in.Location()
				switch {
				case loc == nil && f.Geometry != nil:
					t.Errorf("%s: geometry %v for an initiative without a location", in.Slug, f.Geometry)
				case loc != nil && (f.Geometry == nil || f.Geometry.Coordinates[0] != loc.Lon || f.Geometry.Coordinates[1] != loc.Lat):
					t.Errorf("%s: geometry %v, want [%v, %v]", in.Slug, f.Geometry, loc.Lon, loc.Lat)
				case loc != nil:
					located++
				}
			}

			var js struct {
				Communes    []map[string]any
				Initiatives []map[string]any
			}
			if err := json.Unmarshal(got["donnees/atlas.json"], &js); err != nil {
				t.Fatalf("atlas.json: %v", err)
			}
			if len(js.Communes) != len(res.Atlas.Communes) || len(js.Initiatives) != n {
				t.Errorf("atlas.json: %d communes and %d initiatives, want %d and %d", len(js.Communes), len(js.Initiatives), len(res.Atlas.Communes), n)
			}

			var feed struct {
				XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
				Entries []struct {
					ID string `xml:"id"`
				} `xml:"entry"`
			}
			if err := xml.Unmarshal(got["atom.xml"], &feed); err != nil {
				t.Fatalf("atom.xml: %v", err)
			}
			if len(feed.Entries) == 0 || !strings.HasPrefix(feed.Entries[0].ID, "tag:") {
				t.Errorf("atom.xml: %d entries, first id %v", len(feed.Entries), feed.Entries)
			}
		})
	}
}

// TestMapsAndFigures checks the map, the network matrix and the figures on the
// fixture, where only Écully has a location of its own and the other communes
// take their centre from the code officiel géographique.
func TestMapsAndFigures(t *testing.T) {
	got := files(run(t, os.DirFS("testdata/autre"), ""))
	for _, tc := range []struct{ file, want string }{
		{"carte/index.html", "<a href=\"/vallee/communes/ecully/\" class=\"pt centre\"><title>Écully\u202f: 1 initiative placée au centre de la commune</title>"},
		{"carte/index.html", "<a href=\"/vallee/communes/eveux/\" class=\"pt centre\"><title>Éveux\u202f: 2 initiatives placées au centre de la commune</title>"},
		{"communes/eveux/index.html", `<svg class="svgmap"`},
		{"communes/eveux/index.html", `"geo":{"@type":"GeoCoordinates","latitude":45.82652,"longitude":4.623}`},
		{"communes/ecully/index.html", `<svg class="svgmap"`},
		{"communes/ecully/index.html", "Le grand point marque le centre de la commune\u202f: 1\u00a0initiative sans adresse précise y est placée."},
		{"reseau/index.html", `<td class="has st-none"><a class="stage" href="/vallee/initiatives/la-fabrique/"><span class="stage-dot" aria-hidden="true">•</span>1<span class="visually-hidden"> au statut non précisé</span></a></td>`},
		{"reseau/index.html", `<th scope="rowgroup" colspan="5" id="sans-intercommunalite">`},
		{"communes/ecully/index.html", `<h3 id="t-tiers-lieu">`},
		{"intercommunalites/metropole-de-lyon/index.html", `<table class="matrix">`},
		{"etat-des-lieux/index.html", `<svg class="bars"`},
		{"etat-des-lieux/index.html", `Année non renseignée`},
		{"recherche/index.html", `data-index="/vallee/recherche/index.json?v=`},
		{"index.html", `<link rel="alternate" type="application/atom+xml"`},
		{"initiatives/la-fabrique/index.html", `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization"`},
		{"communes/ecully/index.html", `"@type":"AdministrativeArea"`},
		{"communes/ecully/index.html", `"geo":{"@type":"GeoCoordinates","latitude":45.7744,"longitude":4.7775}`},
	} {
		if !strings.Contains(string(got[tc.file]), tc.want) {
			t.Errorf("%s lacks %s", tc.file, tc.want)
		}
	}
	if strings.Contains(string(got["carte/index.html"]), `id="sans-coordonnees"`) {
		t.Error("carte/index.html lists initiatives without coordinates, though every commune has a centre")
	}
	for p, b := range got {
		if strings.HasSuffix(p, ".html") && strings.Contains(string(b), "leaflet") {
			t.Errorf("%s refers to Leaflet though the site did not opt in", p)
		}
	}
}

// dirFS copies the files of dir into memory, for a test to change some.
func dirFS(dir string) fstest.MapFS {
	fsys := fstest.MapFS{}
	src := os.DirFS(dir)
	fs.WalkDir(src, ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			b, _ := fs.ReadFile(src, p)
			fsys[p] = &fstest.MapFile{Data: b}
		}
		return err
	})
	return fsys
}

// TestUnplaced checks the map of a site whose communes have no centre: Éveux and
// L'Arbresle are moved abroad (INSEE's département 99, outside the code officiel
// géographique), so the AMAP they share has no coordinates.
func TestUnplaced(t *testing.T) {
	fsys := dirFS("testdata/autre")
	for _, name := range []string{"eveux", "l-arbresle"} {
		p := "content/communes/" + name + ".toml"
		text := strings.Replace(string(fsys[p].Data), `departement = "69"`, `departement = "99"`, 1)
		text = strings.Replace(text, `insee = "690`, `insee = "991`, 1)
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
	}
	got := files(run(t, fsys, ""))
	for _, want := range []string{`id="sans-coordonnees"`, `href="/vallee/initiatives/amap-des-deux-rives/"`} {
		if !strings.Contains(string(got["carte/index.html"]), want) {
			t.Errorf("carte/index.html lacks %s", want)
		}
	}
	if strings.Contains(string(got["communes/eveux/index.html"]), `class="svgmap"`) {
		t.Error("Éveux has no location but its page draws a map")
	}
}

// TestTiledMapOptIn checks that Leaflet is copied and used only by a site whose
// site.toml has a [map] table.
func TestTiledMapOptIn(t *testing.T) {
	fsys := dirFS("testdata/autre")
	src := os.DirFS("testdata/autre")
	site := string(fsys["site.toml"].Data)
	site = strings.Replace(site, "[[types]]", "[map]\ntiles = \"https://tuiles.exemple.test/{z}/{x}/{y}.png\"\nattribution = \"© contributeurs d'OpenStreetMap\"\n\n[[types]]", 1)
	fsys["site.toml"] = &fstest.MapFile{Data: []byte(site)}
	opted := files(run(t, fsys, ""))
	plain := files(run(t, src, ""))
	page := string(opted["carte/index.html"])
	for _, want := range []string{`src="/vallee/vendor/leaflet/leaflet.js?v=`, `href="/vallee/vendor/leaflet/leaflet.css?v=`,
		`data-tiles="https://tuiles.exemple.test/{z}/{x}/{y}.png"`, `data-geojson="/vallee/donnees/atlas.geojson"`} {
		if !strings.Contains(page, want) {
			t.Errorf("carte/index.html of the opted-in site lacks %s", want)
		}
	}
	for _, p := range []string{"vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css", "vendor/leaflet/LICENSE"} {
		if _, ok := opted[p]; !ok {
			t.Errorf("opted-in site lacks %s", p)
		}
		if _, ok := plain[p]; ok {
			t.Errorf("site without [map] has %s", p)
		}
	}
	if strings.Contains(string(plain["carte/index.html"]), "tuiles") {
		t.Error("the map of a site without [map] refers to tiles")
	}
}
