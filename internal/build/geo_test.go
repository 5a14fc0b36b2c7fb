package build_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestExampleGeoJSONPlacesAll checks that atlas.geojson of the example has a Point
// inside the Hauts-de-Seine for every initiative, and that the map and the pages
// say when the point is only the centre of the commune.
func TestExampleGeoJSONPlacesAll(t *testing.T) {
	got := files(run(t, example, ""))
	var fc struct {
		Features []struct {
			Geometry *struct {
				Type        string     `json:"type"`
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Slug     string   `json:"slug"`
				Location string   `json:"location"`
				INSEE    []string `json:"insee"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(got["donnees/atlas.geojson"], &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) < 50 {
		t.Fatalf("atlas.geojson has %d features; want every initiative of the example", len(fc.Features))
	}
	for _, f := range fc.Features {
		p := f.Properties
		if f.Geometry == nil || f.Geometry.Type != "Point" {
			t.Errorf("%s: geometry %v; want a Point", p.Slug, f.Geometry)
			continue
		}
		// The bounding box of the Hauts-de-Seine, 48.73–48.95 N, 2.15–2.34 E.
		lon, lat := f.Geometry.Coordinates[0], f.Geometry.Coordinates[1]
		if lat < 48.72 || lat > 48.96 || lon < 2.14 || lon > 2.34 {
			t.Errorf("%s: point %v, %v outside the Hauts-de-Seine", p.Slug, lat, lon)
		}
		if len(p.INSEE) == 0 || !strings.HasPrefix(p.INSEE[0], "92") {
			t.Errorf("%s: insee %v; want a commune of the 92", p.Slug, p.INSEE)
		}
		if p.Location == "commune" {
			page := string(got["initiatives/"+p.Slug+"/index.html"])
			if !strings.Contains(page, "position approximative\u202f: centre de la commune") {
				t.Errorf("%s is placed at its commune's centre but its page does not say so", p.Slug)
			}
		}
	}
	carte := string(got["carte/index.html"])
	for _, want := range []string{"Centres des communes\u202f: GeoNames (geonames.org), licence CC BY 4.0", `class="pt centre"`} {
		if !strings.Contains(carte, want) {
			t.Errorf("carte/index.html lacks %s", want)
		}
	}
	if strings.Contains(carte, "La carte ne peut encore placer aucune initiative") || strings.Contains(carte, `id="sans-coordonnees"`) {
		t.Error("carte/index.html still says that initiatives lack coordinates")
	}
	if !strings.Contains(string(got["donnees/index.html"]), "GeoNames") {
		t.Error("donnees/index.html does not credit GeoNames")
	}
	if !strings.Contains(string(got["donnees/atlas.json"]), `"attribution":"Centres des communes : GeoNames (geonames.org), licence CC BY 4.0"`) {
		t.Error("atlas.json does not credit GeoNames")
	}
}
