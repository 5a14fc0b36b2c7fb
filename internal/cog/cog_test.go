package cog

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name string
		code string
		want Commune
		ok   bool
	}{
		{"Sceaux", "92071", cm("92071", "Sceaux", "92", 20884, "Vallée Sud-Grand Paris"), true},
		{"Clichy", "92024", cm("92024", "Clichy", "92", 64410, "Boucle Nord de Seine"), true},
		{"Paris belongs to no EPT", "75056", cm("75056", "Paris", "75", 2103778, "Métropole du Grand Paris"), true},
		{"L'Île-Saint-Denis", "93039", cm("93039", "L'Île-Saint-Denis", "93", 8696, "Plaine Commune"), true},
		{"Lyon", "69123", cm("69123", "Lyon", "69", 519127, "Métropole de Lyon"), true},
		{"Corsica", "2A004", cm("2A004", "Ajaccio", "2A", 76320, "CA du Pays Ajaccien"), true},
		{"overseas département", "97411", cm("97411", "Saint-Denis", "974", 155634, "CA Intercommunale du Nord de la Réunion (CINOR)"), true},
		{"island without EPCI", "22016", cm("22016", "Île-de-Bréhat", "22", 429, ""), true},
		{"no population", "98412", cm("98412", "Archipel des Kerguelen", "984", 0, ""), true},
		{"unknown code", "99999", Commune{}, false},
		{"empty code", "", Commune{}, false},
		{"lower-case Corsica", "2a004", Commune{}, false},
		{"arrondissement municipal", "75115", Commune{}, false},
		{"old département code", "20004", Commune{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Lookup(tt.code)
			if pub(got) != tt.want || ok != tt.ok {
				t.Errorf("Lookup(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// cm returns a commune without centre or postal codes.
func cm(code, name, dep string, pop int, interco string) Commune {
	return Commune{Code: code, Name: name, Departement: dep, Population: pop, Intercommunalite: interco}
}

// pub returns c without its centre and postal codes.
func pub(c Commune) Commune {
	return cm(c.Code, c.Name, c.Departement, c.Population, c.Intercommunalite)
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  []string // codes
	}{
		{"exact", "Sceaux", []string{"92071"}},
		{"lower case", "clichy", []string{"92024"}},
		{"longer name finds nothing", "clichy la garenne", nil},
		{"homonyms sorted by département", "Saint-Denis", []string{"11339", "30247", "93066", "97411"}},
		{"upper case", "NEUILLY", []string{"27429", "58191"}},
		{"accents, apostrophe and hyphens", "L'Île-Saint-Denis", []string{"93039"}},
		{"without the article", "ile saint denis", []string{"93039"}},
		{"without the article Le", "plessis robinson", []string{"92060"}},
		{"with the article", "le plessis-robinson", []string{"92060"}},
		{"ligature", "oeuilly", []string{"02565", "51410"}},
		{"ligature in the query", "Œuilly", []string{"02565", "51410"}},
		{"prefix", "boulogne", []string{"31080", "59093", "60093", "62160", "92012"}},
		{"prefix with parentheses", "bors canton", []string{"16053", "16052"}},
		{"extra separators", "  saint -- denis  ", []string{"11339", "30247", "93066", "97411"}},
		{"empty", "", nil},
		{"only separators", " -' ", nil},
		{"unknown", "Xyzzy", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, c := range Search(tt.query) {
				got = append(got, c.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Search(%q) = %v; want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"L'Île-Saint-Denis", "ile saint denis"},
		{"Le Plessis-Robinson", "plessis robinson"},
		{"Les Lilas", "lilas"},
		{"La Garenne-Colombes", "garenne colombes"},
		{"L'Haÿ-les-Roses", "hay les roses"},
		{"Lacanau", "lacanau"},
		{"Le", "le"},
		{"les", "les"},
		{"Vœuil-et-Giget", "voeuil et giget"},
		{"Bors (Canton de Charente-Sud)", "bors canton de charente sud"},
		{"ÉPINAY-SUR-SEINE", "epinay sur seine"},
		{"\xff", ""},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestAll(t *testing.T) {
	all := All()
	if got, want := len(all), 34969; got != want {
		t.Errorf("len(All()) = %d; want %d", got, want)
	}
	if !slices.IsSortedFunc(all, func(a, b Commune) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("All() is not sorted by code")
	}
	all[0].Name = "changed"
	if c, _ := Lookup(all[0].Code); c.Name == "changed" {
		t.Error("All() shares its slice with Lookup")
	}
	for _, c := range All() {
		if len(c.Code) != 5 || !strings.HasPrefix(c.Code, c.Departement) || c.Name == "" || c.Population < 0 {
			t.Errorf("bad commune %+v", c)
		}
		if !slices.Contains(Search(c.Name), c) {
			t.Errorf("Search(%q) does not find %s", c.Name, c.Code)
		}
	}
}

// TestHautsDeSeine checks that the 36 communes of the Hauts-de-Seine are
// spread over their four EPTs.
func TestHautsDeSeine(t *testing.T) {
	got := make(map[string]int)
	for _, c := range All() {
		if c.Departement == "92" {
			got[c.Intercommunalite]++
		}
	}
	want := map[string]int{
		"Boucle Nord de Seine":    6,
		"Grand Paris Seine Ouest": 8,
		"Paris Ouest La Défense":  11,
		"Vallée Sud-Grand Paris":  11,
	}
	if len(got) != len(want) {
		t.Errorf("intercommunalités in 92 = %v; want %v", got, want)
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("communes of 92 in %s = %d; want %d", name, got[name], n)
		}
	}
}

// sv is a number that raw writes as a signed varint.
type sv int64

// raw gzips the concatenation of parts, strings as they are and ints as
// unsigned varints, to make data for decode.
func raw(t *testing.T, parts ...any) []byte {
	t.Helper()
	var b []byte
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			b = append(b, p...)
		case int:
			b = binary.AppendUvarint(b, uint64(p))
		case sv:
			b = binary.AppendVarint(b, int64(p))
		default:
			t.Fatalf("bad part %T", p)
		}
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return z.Bytes()
}

func TestDecode(t *testing.T) {
	const h = header + "test\n"
	sceaux := cm("92071", "Sceaux", "92", 20884, "EPT A")
	sceaux.lat, sceaux.lon, sceaux.hasCentre, sceaux.postal = 4877644, 229026, true, "92330"
	tests := []struct {
		name    string
		data    []byte
		want    []Commune
		wantErr string
	}{
		{"good", raw(t, h, 1, "EPT A\n", 2, "\x0092071", "\x018412", "Sceaux\nKerguelen\n", 20884, 0, 1, 0,
			1, 0, sv(4877644), sv(229026), 1, 0, "92330"),
			[]Commune{sceaux, cm("98412", "Kerguelen", "984", 0, "")}, ""},
		{"not gzip", []byte("92071\tSceaux"), nil, "gzip: invalid header"},
		{"bad header", raw(t, "# cog v1\n", 0, 0), nil, `bad header "# cog v1"`},
		{"no communes", raw(t, h, 0, 0), nil, "no communes"},
		{"too many communes", raw(t, h, 0, 1<<30), nil, "offset 52: number 1073741824 out of range"},
		{"truncated", raw(t, h, 0, 1, "\x0092071"), nil, "offset 59: missing or empty line"},
		{"empty name", raw(t, h, 0, 1, "\x0092071", "\n", 1, 0), nil, "offset 59: missing or empty line"},
		{"bad prefix length", raw(t, h, 0, 1, "\x0192071", "Sceaux\n", 1, 0), nil, "offset 53: bad code prefix length"},
		{"out of order", raw(t, h, 0, 2, "\x0092071", "\x0324", "Sceaux\nClichy\n", 1, 1, 0, 0), nil, "offset 59: code 92024 out of order"},
		{"population out of range", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1<<31, 0), nil, "offset 66: number 2147483648 out of range"},
		{"bad intercommunalité", raw(t, h, 1, "EPT A\n", 1, "\x0092071", "Sceaux\n", 1, 2), nil, "offset 73: number 2 out of range"},
		{"no centre flags", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0), nil, "offset 68: unexpected end of data"},
		{"bad centre flag", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 2), nil, "offset 68: number 2 out of range"},
		{"centre out of range", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 1, sv(9000001), sv(0), 0), nil, "offset 69: centre 9000001, 0 out of range"},
		{"too many postal codes", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 0, 65), nil, "offset 69: number 65 out of range"},
		{"bad postal code", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 0, 1, "9233x"), nil, `offset 70: bad postal codes "9233x"`},
		{"postal codes out of order", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 0, 2, "9233092290"), nil, `offset 70: bad postal codes "9233092290"`},
		{"missing postal codes", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 0, 1, "923"), nil, "offset 70: unexpected end of data"},
		{"trailing data", raw(t, h, 0, 1, "\x0092071", "Sceaux\n", 1, 0, 0, 0, "x"), nil, "offset 70: trailing data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decode(tt.data)
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if !slices.Equal(got, tt.want) || gotErr != tt.wantErr {
				t.Errorf("decode() = %v, %q; want %v, %q", got, gotErr, tt.want, tt.wantErr)
			}
		})
	}
}

// FuzzDecode checks that corrupt data makes decode fail, not panic.
func FuzzDecode(f *testing.F) {
	f.Add(data)
	f.Add([]byte(header))
	f.Fuzz(func(t *testing.T, data []byte) {
		cs, err := decode(data)
		if err == nil && len(cs) == 0 {
			t.Error("decode() = no communes and no error")
		}
	})
}

func FuzzSearch(f *testing.F) {
	for _, s := range []string{"Sceaux", "clichy la garenne", "L'Île-Saint-Denis", "saint", "Œuilly", "le", "l'", "\xff", "İ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q := fold(query)
		got := Search(query)
		if q == "" && got != nil {
			t.Fatalf("Search(%q) = %d communes for an empty folded query", query, len(got))
		}
		exact := len(got) > 0 && fold(got[0].Name) == q
		for _, c := range got {
			name := fold(c.Name)
			if exact && name != q || !strings.HasPrefix(name, q) {
				t.Fatalf("Search(%q) found %s %q, folded %q, which does not match %q (exact: %v)", query, c.Code, c.Name, name, q, exact)
			}
		}
		if !slices.IsSortedFunc(got, func(a, b Commune) int { return strings.Compare(a.Departement, b.Departement) }) {
			t.Fatalf("Search(%q) is not sorted by département", query)
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildKeys(b *testing.B) {
	cs := communes()
	b.ReportAllocs()
	for b.Loop() {
		buildKeys(cs)
	}
}

func BenchmarkSearch(b *testing.B) {
	Search("Sceaux") // Build the index before timing.
	for b.Loop() {
		Search("Saint-Denis")
	}
}

func TestCentre(t *testing.T) {
	tests := []struct {
		code     string
		lat, lon float64
		ok       bool
	}{
		{"92071", 48.77644, 2.29026, true}, // Sceaux
		{"92075", 48.82345, 2.29025, true}, // Vanves
		// Puteaux shares its code with La Défense, a PPLX of GeoNames: the
		// place named like the commune wins.
		{"92062", 48.88341, 2.23894, true},
		{"97411", -20.88231, 55.4504, true}, // Saint-Denis de La Réunion
		{"98412", 0, 0, false},              // Kerguelen: no populated place
		{"93039", 48.93666, 2.33944, true},  // L'Île-Saint-Denis, from cities1000 by name
	}
	for _, tt := range tests {
		c, _ := Lookup(tt.code)
		lat, lon, ok := c.Centre()
		if lat != tt.lat || lon != tt.lon || ok != tt.ok {
			t.Errorf("Lookup(%q).Centre() = %v, %v, %v; want %v, %v, %v", tt.code, lat, lon, ok, tt.lat, tt.lon, tt.ok)
		}
	}
}

// TestCentres checks how many communes have a centre, and that every centre
// of the Hauts-de-Seine lies inside the département.
func TestCentres(t *testing.T) {
	n := 0
	for _, c := range All() {
		lat, lon, ok := c.Centre()
		if !ok {
			continue
		}
		n++
		if c.Departement == "92" && (lat < 48.72 || lat > 48.96 || lon < 2.14 || lon > 2.34) {
			t.Errorf("%s %s: centre %v, %v outside the Hauts-de-Seine", c.Code, c.Name, lat, lon)
		}
	}
	// 14,735 from cities500 by INSEE code, 19 more from cities1000 by name.
	if n != 14754 {
		t.Errorf("%d communes have a centre; want 14754", n)
	}
	for _, d := range []string{"75", "92", "93"} { // not 94: Marolles-en-Brie is in neither file
		for _, c := range InDepartement(d) {
			if _, _, ok := c.Centre(); !ok {
				t.Errorf("%s %s has no centre", c.Code, c.Name)
			}
		}
	}
}

func TestPostalCodes(t *testing.T) {
	tests := []struct {
		code string
		want []string
	}{
		{"92071", []string{"92330"}},
		{"92002", []string{"92160"}},
		{"92040", []string{"92130"}},
		{"75056", []string{"75001", "75002", "75003", "75004", "75005", "75006", "75007", "75008", "75009", "75010",
			"75011", "75012", "75013", "75014", "75015", "75016", "75017", "75018", "75019", "75020", "75116"}},
		{"98412", nil},
	}
	for _, tt := range tests {
		c, _ := Lookup(tt.code)
		if got := c.PostalCodes(); !slices.Equal(got, tt.want) {
			t.Errorf("Lookup(%q).PostalCodes() = %v; want %v", tt.code, got, tt.want)
		}
	}
}

func TestByPostalCode(t *testing.T) {
	tests := []struct {
		postal string
		want   []string // codes
	}{
		{"92330", []string{"92071"}},
		{"92160", []string{"92002"}},
		{"92170", []string{"92075"}},
		{"75015", []string{"75056"}},
		{"92", nil},
		{"9233x", nil},
		{"00000", nil},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range ByPostalCode(tt.postal) {
			got = append(got, c.Code)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("ByPostalCode(%q) = %v; want %v", tt.postal, got, tt.want)
		}
	}
	// Every postal code finds its commune back.
	for _, c := range All() {
		for _, pc := range c.PostalCodes() {
			if !slices.Contains(ByPostalCode(pc), c) {
				t.Fatalf("ByPostalCode(%q) lacks %s", pc, c.Code)
			}
		}
	}
}

func TestInDepartement(t *testing.T) {
	for _, tt := range []struct {
		dep  string
		n    int
		head string
	}{{"92", 36, "92002"}, {"2A", 124, "2A001"}, {"974", 24, "97401"}, {"99", 0, ""}, {"", 0, ""}} {
		got := InDepartement(tt.dep)
		head := ""
		if len(got) > 0 {
			head = got[0].Code
		}
		if len(got) != tt.n || head != tt.head {
			t.Errorf("InDepartement(%q) = %d communes from %q; want %d from %q", tt.dep, len(got), head, tt.n, tt.head)
		}
	}
}
