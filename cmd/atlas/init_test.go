package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/cog"
)

// TestInit starts an atlas for a département, an EPT and a list of communes, then
// checks and builds each: the new atlas must pass at once, with a page for every
// commune, the legal pages and their footer links.
func TestInit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		communes int
		some     string // the slug of one of its communes
		title    string
	}{
		{"departement", []string{"--departement", "93"}, 39, "saint-denis", "Atlas de l’ESS de la Seine-Saint-Denis"},
		{"epci", []string{"--epci", "200057867"}, 8, "aubervilliers", "Atlas de l’ESS de Plaine Commune"},
		{"list", []string{"--communes", "92071,92002", "--title", "Atlas de test"}, 2, "sceaux", "Atlas de test"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "atlas")
			code, stdout, stderr := runAtlas(append([]string{"init", dir}, tc.args...)...)
			if code != 0 {
				t.Fatalf("atlas init = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			if !strings.HasPrefix(stdout, dir+": a new atlas of ") {
				t.Errorf("stdout:\n%s", stdout)
			}
			for _, p := range []string{"site.toml", "README.md", ".gitignore", ".gitlab-ci.yml", ".github/workflows/atlas.yml", "content/pages/a-propos.md"} {
				if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
					t.Error(err)
				}
			}
			// Each commune file has the centre of the COG when it has one, so that
			// the map places the commune.
			files, _ := filepath.Glob(filepath.Join(dir, "content", "communes", "*.toml"))
			if len(files) != tc.communes {
				t.Errorf("%d commune files, want %d", len(files), tc.communes)
			}
			located := 0
			for _, f := range files {
				text := read(t, f)
				if strings.Contains(text, "\nlocation = { lat = ") {
					located++
				}
				code := text[strings.Index(text, "insee = \"")+9:][:5]
				c, _ := cog.Lookup(code)
				_, _, ok := c.Centre()
				if got := strings.Contains(text, "\nlocation = { lat = "); got != ok {
					t.Errorf("%s: location written %v, but the COG has a centre: %v", f, got, ok)
				}
			}
			// Every commune of these territories is on the map, L'Île-Saint-Denis
			// (placed by name from GeoNames' cities1000) included.
			if located != tc.communes {
				t.Errorf("%d of %d communes have a location", located, tc.communes)
			}
			code, stdout, stderr = runAtlas("check", "-s", dir)
			if code != 0 || !strings.Contains(stdout, "ok: ") {
				t.Fatalf("atlas check = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
			}
			// The only warnings are the [publisher] fields to fill in.
			for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
				if !strings.Contains(line, ": warning: [publisher] has no ") {
					t.Errorf("unexpected line from check: %s", line)
				}
			}
			out := filepath.Join(t.TempDir(), "public")
			if code, _, stderr := runAtlas("build", "-s", dir, "-o", out); code != 0 {
				t.Fatalf("atlas build = %d\nstderr:\n%s", code, stderr)
			}
			pages, _ := filepath.Glob(filepath.Join(out, "communes", "*", "index.html"))
			if len(pages) != tc.communes {
				t.Errorf("%d commune pages, want %d", len(pages), tc.communes)
			}
			if _, err := os.Stat(filepath.Join(out, "communes", tc.some, "index.html")); err != nil {
				t.Error(err)
			}
			carte := read(t, filepath.Join(out, "carte", "index.html"))
			if !strings.Contains(carte, ">Saint-Denis<") && tc.name != "list" {
				t.Error("the map does not show Saint-Denis")
			}
			if !strings.Contains(carte, "communes de l’atlas") || !strings.Contains(carte, "aucune initiative n’y est encore placée.") {
				t.Error("the map of an atlas without initiatives does not say that it shows only its communes")
			}
			home := read(t, filepath.Join(out, "index.html"))
			if !strings.Contains(home, "<title>"+tc.title+"</title>") {
				t.Errorf("the home page has no title %q", tc.title)
			}
			// Every page links to the legal pages from its footer.
			pages, _ = filepath.Glob(filepath.Join(out, "*", "index.html"))
			more, _ := filepath.Glob(filepath.Join(out, "*", "*", "index.html"))
			for _, p := range append(append(pages, more...), filepath.Join(out, "index.html"), filepath.Join(out, "404.html")) {
				page := read(t, p)
				for _, l := range []string{"mentions-legales", "accessibilite", "donnees-personnelles"} {
					if !strings.Contains(page, `<a href="/`+l+`/"`) {
						t.Errorf("%s does not link to /%s/", p, l)
					}
				}
			}
			for _, p := range []string{"mentions-legales", "accessibilite", "donnees-personnelles", "a-propos"} {
				page := read(t, filepath.Join(out, p, "index.html"))
				if p != "a-propos" && !strings.Contains(page, `class="a-completer"`) {
					t.Errorf("%s shows no placeholder", p)
				}
				if !strings.Contains(home, `href="/`+p+`/"`) {
					t.Errorf("the home page does not link to /%s/", p)
				}
			}
		})
	}
}

func TestInitRefuses(t *testing.T) {
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mes notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "un-fichier")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		args   []string
		stderr string
	}{
		{"not empty", []string{"init", full, "--departement", "93"}, "atlas: " + full + " is not empty: atlas init writes only into a new or empty folder\n"},
		{"a file", []string{"init", file, "--departement", "93"}, "atlas: " + file + " is a file, not a folder\n"},
		{"no territory", []string{"init", filepath.Join(t.TempDir(), "x")}, "atlas: atlas init: give one of --departement, --epci and --communes\n"},
		{"bad codes", []string{"init", filepath.Join(t.TempDir(), "x"), "--communes", "92071,99999", "--communes", "2B999"},
			"atlas: --communes: no current commune has the INSEE code \"2B999\"\n--communes: no current commune has the INSEE code \"99999\"\n"},
		{"bad epci", []string{"init", filepath.Join(t.TempDir(), "x"), "--epci", "200057866"}, "atlas: --epci: no EPCI or EPT has the SIREN number \"200057866\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runAtlas(tc.args...)
			if code != 2 || stdout != "" || stderr != tc.stderr {
				t.Errorf("atlas %s = %d\nstdout:\n%s\nstderr:\n%s\nwant 2 and stderr:\n%s", strings.Join(tc.args, " "), code, stdout, stderr, tc.stderr)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(full, "notes.txt")); err != nil || string(b) != "mes notes" {
		t.Errorf("the file of the non-empty folder was changed: %q, %v", b, err)
	}
	if entries, _ := os.ReadDir(full); len(entries) != 1 {
		t.Errorf("the non-empty folder now has %d entries", len(entries))
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
