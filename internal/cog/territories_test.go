package cog

import (
	"bytes"
	"compress/gzip"
	"slices"
	"testing"
)

func TestLookupDepartement(t *testing.T) {
	for _, tc := range []struct{ code, of string }{
		{"93", "de la Seine-Saint-Denis"},
		{"92", "des Hauts-de-Seine"},
		{"01", "de l’Ain"},
		{"69", "du Rhône"},
		{"75", "de Paris"},
		{"2A", "de la Corse-du-Sud"},
		{"976", "de Mayotte"},
	} {
		d, ok := LookupDepartement(tc.code)
		if !ok {
			t.Errorf("LookupDepartement(%q) found nothing", tc.code)
			continue
		}
		if got := d.Of(); got != tc.of {
			t.Errorf("LookupDepartement(%q).Of() = %q, want %q", tc.code, got, tc.of)
		}
	}
	for _, code := range []string{"", "20", "99", "9", "2a"} {
		if d, ok := LookupDepartement(code); ok {
			t.Errorf("LookupDepartement(%q) = %+v, want nothing", code, d)
		}
	}
}

func TestLookupIntercommunalite(t *testing.T) {
	g, ok := LookupIntercommunalite("200057867")
	if !ok {
		t.Fatal("Plaine Commune (200057867) not found")
	}
	want := []string{"93001", "93027", "93031", "93039", "93066", "93070", "93072", "93079"}
	if g.Name != "Plaine Commune" || g.Kind != "EPT" || !slices.Equal(g.Members, want) {
		t.Errorf("got %+v, want Plaine Commune, EPT, %v", g, want)
	}
	for _, code := range g.Members {
		c, ok := Lookup(code)
		if !ok || c.Intercommunalite != g.Name {
			t.Errorf("member %s: %+v, want a commune of %s", code, c, g.Name)
		}
	}
	if g, ok := LookupIntercommunalite("200054781"); !ok || g.Kind != "METRO" || len(g.Members) != 130 {
		t.Errorf("Métropole du Grand Paris: %+v, want METRO with 130 communes", g)
	}
	// Every member of every intercommunalité is a current commune.
	for _, g := range territoryList().groups {
		for _, code := range g.Members {
			if _, ok := Lookup(code); !ok {
				t.Errorf("%s %s: member %s is not a current commune", g.SIREN, g.Name, code)
			}
		}
	}
	if _, ok := LookupIntercommunalite("123"); ok {
		t.Error("LookupIntercommunalite(123) found something")
	}
}

func TestDecodeTerritoriesBad(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("not gzip"), gz(t, "# other\n"), gz(t, territoryHeader+"6\nX\t1\n"),
		gz(t, territoryHeader+"6\nD\t93\t9\tX\n"), gz(t, territoryHeader+"6\nD\t93\t3\tA\nD\t92\t4\tB\n")} {
		if _, err := decodeTerritories(in); err == nil {
			t.Errorf("decodeTerritories(%q) gave no error", in)
		}
	}
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
