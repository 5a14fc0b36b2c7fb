package scaffold

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden tree in testdata")

func TestDe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Sceaux", "de Sceaux"},
		{"Antony", "d’Antony"},
		{"Le Plessis-Robinson", "du Plessis-Robinson"},
		{"Les Lilas", "des Lilas"},
		{"La Courneuve", "de la Courneuve"},
		{"L'Île-Saint-Denis", "de l’Île-Saint-Denis"},
		{"Épinay-sur-Seine", "d’Épinay-sur-Seine"},
		{"Houilles", "de Houilles"},
	} {
		if got := de(tc.in); got != tc.want {
			t.Errorf("de(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPin(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"v1.2.0", "v1.2.0"},
		{"v0.0.0-20261201091224-bda06a2abcde", "v0.0.0-20261201091224-bda06a2abcde"},
		{"v1.2.0+dirty", "latest"},
		{"(devel)", "latest"},
		{"v1.2", "latest"},
		{"v1.2.0: x", "latest"},
		{"", "latest"},
	} {
		if got := pin(tc.in); got != tc.want {
			t.Errorf("pin(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTitles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		o     Options
		title string
		n     int
	}{
		{"departement", Options{Departements: []string{"93"}}, "Atlas de l’ESS de la Seine-Saint-Denis", 39},
		{"two departements", Options{Departements: []string{"93", "94", "93"}}, "Atlas de l’ESS de la Seine-Saint-Denis et du Val-de-Marne", 39 + 47},
		{"ept", Options{EPCI: "200057867"}, "Atlas de l’ESS de Plaine Commune", 8},
		{"ca", Options{EPCI: "200058782"}, "Atlas de l’ESS de la Communauté d’agglomération de Saint Quentin en Yvelines", 12},
		{"one commune", Options{Communes: []string{"92002"}}, "Atlas de l’ESS d’Antony", 1},
		{"three communes", Options{Communes: []string{"92071", "92002", "92046"}}, "Atlas de l’ESS de Sceaux, d’Antony et de Malakoff", 3},
		{"many communes", Options{Communes: []string{"92071", "92002", "92046", "92014"}}, "Atlas de l’ESS de Sceaux, d’Antony et de 2 autres communes", 4},
		{"title", Options{Communes: []string{"92071"}, Title: "Mon atlas"}, "Mon atlas", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, d := New(tc.o)
			if len(d) > 0 {
				if tc.title == "" {
					return
				}
				t.Fatal(d)
			}
			site := string(find(t, files, "site.toml"))
			if want := "title = \"" + tc.title + "\"\n"; !strings.Contains(site, want) {
				t.Errorf("site.toml has no %q:\n%s", want, site[:200])
			}
			n := 0
			for _, f := range files {
				if strings.HasPrefix(f.Path, "content/communes/") {
					n++
				}
			}
			if n != tc.n {
				t.Errorf("%d commune files, want %d", n, tc.n)
			}
		})
	}
}

func TestBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		o    Options
		want string
	}{
		{"none", Options{}, "atlas init: give one of --departement, --epci and --communes"},
		{"two", Options{EPCI: "200057867", Communes: []string{"92071"}}, "atlas init: give one of --departement, --epci and --communes"},
		{"departement", Options{Departements: []string{"93", "99", "20"}}, "--departement: no département has the code \"20\"\n--departement: no département has the code \"99\""},
		{"epci", Options{EPCI: "123456789"}, "--epci: no EPCI or EPT has the SIREN number \"123456789\""},
		{"communes", Options{Communes: []string{"92071", "93059", "x"}}, "--communes: no current commune has the INSEE code \"93059\"\n--communes: no current commune has the INSEE code \"X\""},
		{"empty list", Options{Communes: []string{" ", ""}}, "--communes: no INSEE code given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files, d := New(tc.o)
			if files != nil {
				t.Errorf("got %d files, want none", len(files))
			}
			if got := d.Error(); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestHomonyms checks that two communes of the same name get distinct slugs.
func TestHomonyms(t *testing.T) {
	files, d := New(Options{Communes: []string{"93066", "97411"}})
	if len(d) > 0 {
		t.Fatal(d)
	}
	find(t, files, "content/communes/saint-denis-93066.toml")
	find(t, files, "content/communes/saint-denis-97411.toml")
}

// TestGoVersion checks that the CI files install atlas with the Go release that
// atlas's go.mod asks for.
func TestGoVersion(t *testing.T) {
	b, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			if !strings.HasPrefix(v+".", GoVersion+".") {
				t.Errorf("go.mod says go %s, GoVersion is %s", v, GoVersion)
			}
			return
		}
	}
	t.Error("no go line in go.mod")
}

// TestGolden compares the files made for two communes with testdata/golden.
func TestGolden(t *testing.T) {
	files, d := New(Options{Communes: []string{"92071", "92002"}, Version: "v1.4.0"})
	if len(d) > 0 {
		t.Fatal(d)
	}
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(dir, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			want[filepath.ToSlash(rel)] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !want[f.Path] {
			t.Errorf("%s is not in the golden tree (go test -update rewrites it)", f.Path)
			continue
		}
		delete(want, f.Path)
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != string(f.Data) {
			t.Errorf("%s differs from the golden tree (go test -update rewrites it):\ngot\n%s", f.Path, f.Data)
		}
	}
	for p := range want {
		t.Errorf("%s is in the golden tree but was not made", p)
	}
}

func find(t *testing.T, files []File, p string) []byte {
	t.Helper()
	for _, f := range files {
		if f.Path == p {
			return f.Data
		}
	}
	t.Fatalf("no file %s", p)
	return nil
}
