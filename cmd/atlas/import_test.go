package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestImport runs atlas import as a maintainer would: a sheet with a bad row writes
// nothing and exits 1, --dry-run writes nothing, --skip-bad writes the good rows, the
// result passes atlas check, and a second import never replaces a file.
func TestImport(t *testing.T) {
	dir := writeSite(t, nil)
	sheet := filepath.Join(t.TempDir(), "liste.csv")
	data := "nom;commune;type\nRessourcerie du Lycée;Sceaux;ressourcerie\nAtelier;Sceaux;inconnu\n"
	if err := os.WriteFile(sheet, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	made := filepath.Join(dir, "content", "initiatives", "ressourcerie-du-lycee.md")

	code, _, stderr := runAtlas("import", "-s", dir, "--date", "2026-12-01", sheet)
	if code != 1 || !strings.Contains(stderr, sheet+":3:16: type \"inconnu\" is not a type of site.toml") ||
		!strings.Contains(stderr, "1 of 2 rows have a problem: nothing written") {
		t.Fatalf("import with a bad row = %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(made); err == nil {
		t.Fatal("a file was written although a row is bad")
	}
	code, stdout, _ := runAtlas("import", "-s", dir, "--dry-run", "--skip-bad", sheet)
	if code != 1 || !strings.Contains(stdout, "content/initiatives/ressourcerie-du-lycee.md: new\n") || !strings.Contains(stdout, "would be written") {
		t.Fatalf("dry run = %d:\n%s", code, stdout)
	}
	if _, err := os.Stat(made); err == nil {
		t.Fatal("--dry-run wrote a file")
	}
	code, stdout, stderr = runAtlas("import", "-s", dir, "--skip-bad", "--date", "2026-12-01", sheet)
	if code != 1 || !strings.Contains(stdout, "2 rows read, 1 files written, 0 left as they are, 1 bad rows skipped") {
		t.Fatalf("--skip-bad = %d:\n%s\n%s", code, stdout, stderr)
	}
	b, err := os.ReadFile(made)
	if err != nil || !strings.Contains(string(b), "title = \"Import de liste.csv\"\ndate = 2026-12-01\n") {
		t.Fatalf("imported file: %v\n%s", err, b)
	}
	if code, _, stderr := runAtlas("check", "-s", dir); code != 0 {
		t.Errorf("check after import = %d:\n%s", code, stderr)
	}
	// The same sheet again leaves the file as it is.
	if err := os.WriteFile(made, append(b, "Complété à la main.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runAtlas("import", "-s", dir, "--skip-bad", sheet)
	if after, _ := os.ReadFile(made); !strings.HasSuffix(string(after), "Complété à la main.\n") || !strings.Contains(stderr, "already exists, left as it is") {
		t.Errorf("second import = %d, replaced the file:\n%s\n%s", code, after, stderr)
	}
	if code, _, stderr := runAtlas("import", "-s", dir, "liste.ods"); code != 2 {
		t.Errorf("import of a missing file = %d:\n%s", code, stderr)
	}
	if code, _, _ := runAtlas("import", "-s", dir); code != 2 {
		t.Errorf("import without a file = %d", code)
	}
}
