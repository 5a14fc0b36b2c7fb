package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestNewCommune(t *testing.T) {
	dir := writeSite(t, nil)
	code, stdout, stderr := runAtlas("new", "commune", "bourg la reine", "-s", dir)
	p := filepath.Join(dir, "content", "communes", "bourg-la-reine.toml")
	if code != 0 || stdout != p+": Bourg-la-Reine (92, INSEE 92014)\n" {
		t.Fatalf("atlas new commune = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"name = \"Bourg-la-Reine\"\n", "insee = \"92014\"\n", "departement = \"92\"\n",
		"intercommunalite = \"Vallée Sud-Grand Paris\"\n", "population = ",
		"location = { lat = 48.77888, lon = 2.31781 }   # the commune's centre, from GeoNames (CC BY 4.0); change it at will\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("%s lacks %q:\n%s", p, want, b)
		}
	}
	if code, _, stderr := runAtlas("check", "-s", dir); code != 0 {
		t.Errorf("atlas check after atlas new commune = %d:\n%s\n%s", code, stderr, b)
	}
	// A second run never overwrites the file.
	if code, _, stderr := runAtlas("new", "commune", "Bourg-la-Reine", "-s", dir); code != 1 || !strings.Contains(stderr, "already exists") {
		t.Errorf("second atlas new commune = %d:\n%s", code, stderr)
	}
}

func TestNewCommuneAmbiguous(t *testing.T) {
	old := stdin
	defer func() { stdin = old }()
	list := `Several communes have this name:
  1. Saint-Denis (11), INSEE 11339, 523 habitants
  2. Saint-Denis (30), INSEE 30247, 296 habitants
  3. Saint-Denis (93), INSEE 93066, 149077 habitants
  4. Saint-Denis (974), INSEE 97411, 155634 habitants
Which one? (number, or run again with --insee CODE) `
	for _, tt := range []struct {
		answer string
		code   int
		insee  string // in the file written
		want   string // stderr
	}{
		{"3\n", 0, "93066", list},
		{" 4", 0, "97411", list},
		{"", 2, "", list + "\natlas: the name is ambiguous: give --insee CODE\n"},
		{"99\n", 2, "", list + "atlas: answer with a number from 1 to 4\n"},
	} {
		dir := writeSite(t, nil)
		stdin = strings.NewReader(tt.answer)
		code, _, stderr := runAtlas("new", "commune", "Saint-Denis", "-s", dir)
		if code != tt.code || stderr != tt.want {
			t.Errorf("answer %q: atlas new commune = %d, stderr:\n%s\nwant %d and:\n%s", tt.answer, code, stderr, tt.code, tt.want)
		}
		if tt.insee == "" {
			continue
		}
		b, _ := os.ReadFile(filepath.Join(dir, "content", "communes", "saint-denis.toml"))
		if !strings.Contains(string(b), "insee = \""+tt.insee+"\"\n") {
			t.Errorf("answer %q wrote:\n%s\nwant insee %s", tt.answer, b, tt.insee)
		}
		if code, _, stderr := runAtlas("check", "-s", dir); code != 0 {
			t.Errorf("answer %q: atlas check = %d:\n%s", tt.answer, code, stderr)
		}
	}
	dir := writeSite(t, nil)
	stdin = strings.NewReader("")
	if code, _, stderr := runAtlas("new", "commune", "Saint-Denis", "--insee", "97411", "-s", dir); code != 0 {
		t.Errorf("atlas new commune --insee = %d:\n%s", code, stderr)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "content", "communes", "saint-denis.toml"))
	if !strings.Contains(string(b), "insee = \"97411\"\ndepartement = \"974\"\n") {
		t.Errorf("--insee 97411 wrote:\n%s", b)
	}
}

func TestNewCommuneUnknown(t *testing.T) {
	dir := writeSite(t, nil)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"new", "commune", "Sceauxville", "-s", dir}, `atlas: no commune is named "Sceauxville" in the code officiel géographique; check the spelling or give --insee`},
		{[]string{"new", "commune", "X", "--insee", "92999", "-s", dir}, `atlas: no commune has the INSEE code "92999"`},
	} {
		code, _, stderr := runAtlas(tt.args...)
		if code != 2 || stderr != tt.want+"\n" {
			t.Errorf("atlas %s = %d, stderr:\n%s\nwant 2 and:\n%s", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
}

func TestNewInitiative(t *testing.T) {
	dir := writeSite(t, nil)
	// A control character would make the file unreadable: it is bad usage.
	if code, _, stderr := runAtlas("new", "initiative", "Épicerie\a", "--commune", "sceaux", "--type", "ressourcerie", "-s", dir); code != 2 || !strings.Contains(stderr, "holds a control character") {
		t.Errorf("atlas new initiative with a control character = %d:\n%s", code, stderr)
	}
	name := "Épicerie \"solidaire\" de Sceaux\t"
	code, stdout, stderr := runAtlas("new", "initiative", name, "--commune", "sceaux", "--type", "ressourcerie", "-s", dir)
	p := filepath.Join(dir, "content", "initiatives", "epicerie-solidaire-de-sceaux.md")
	if code != 0 || stdout != p+"\n" {
		t.Fatalf("atlas new initiative = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	today := time.Now().Format(time.DateOnly)
	want := "+++\ntitle = \"Épicerie \\\"solidaire\\\" de Sceaux\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nthemes = []\nstatus = \"projet\"\n"
	if !strings.HasPrefix(string(b), want) || !strings.Contains(string(b), "verified = "+today+"\n") {
		t.Errorf("%s:\n%s\nwant it to start with:\n%s", p, b, want)
	}
	if code, _, stderr := runAtlas("check", "-s", dir); code != 0 {
		t.Errorf("atlas check after atlas new initiative = %d:\n%s\n%s", code, stderr, b)
	}
}

func TestNewInitiativeBadSlugs(t *testing.T) {
	dir := writeSite(t, nil)
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--commune", "sceau", "--type", "ressourcerie"}, `atlas: no commune "sceau" in content/communes (did you mean "sceaux"?): create it first with atlas new commune`},
		{[]string{"--commune", "sceaux", "--type", "ressourcery"}, `atlas: no type "ressourcery" in site.toml (did you mean "ressourcerie"?)`},
		{[]string{"--commune", "sceaux", "--type", "ressourcerie", "--status", "ouverte"}, `atlas: no status "ouverte" in site.toml (did you mean "ouvert"?)`},
	} {
		args := append([]string{"new", "initiative", "Une initiative", "-s", dir}, tt.args...)
		code, _, stderr := runAtlas(args...)
		if code != 2 || stderr != tt.want+"\n" {
			t.Errorf("atlas %s = %d, stderr:\n%s\nwant 2 and:\n%s", strings.Join(tt.args, " "), code, stderr, tt.want)
		}
	}
}
