package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a small valid site.
var fixture = map[string]string{
	"site.toml": `title = "Atlas de test"
baseURL = "https://example.org/"

[[types]]
slug = "ressourcerie"
name = "Ressourcerie"

[[themes]]
slug = "reemploi"
name = "Réemploi"

[[statuses]]
slug = "projet"
name = "En projet"

[[statuses]]
slug = "ouvert"
name = "Ouvert"
`,
	"content/communes/sceaux.toml": `name = "Sceaux"
insee = "92071"
departement = "92"
`,
	"content/initiatives/ressourcerie-de-sceaux.md": `+++
title = "Ressourcerie de Sceaux"
communes = ["sceaux"]
type = "ressourcerie"
themes = ["reemploi"]
status = "ouvert"
+++
Une ressourcerie à [Sceaux](commune:sceaux).
`,
}

// writeSite writes the fixture, with files replaced, into a new folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{}
	for p, s := range fixture {
		all[p] = s
	}
	for p, s := range files {
		all[p] = s
	}
	for p, s := range all {
		if s == "" {
			continue
		}
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runAtlas runs the command and returns its exit status and output.
func runAtlas(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestCheckReportsEverything(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"site.toml":                    fixture["site.toml"] + "\n[[themes]]\nslug = \"alimentation\"\nname = \"Alimentation\"\ndescripton = \"Manger\"\n",
		"content/communes/sceaux.toml": "name = \"Sceaux\"\ninsee = \"92999\"\n",
		"content/initiatives/ressourcerie-de-sceaux.md": strings.Replace(fixture["content/initiatives/ressourcerie-de-sceaux.md"],
			`type = "ressourcerie"`, `type = "ressourcery"`, 1),
	})
	code, stdout, stderr := runAtlas("check", "-s", dir)
	want := `content/communes/sceaux.toml:2:9: insee code "92999" does not exist in the code officiel géographique
content/initiatives/ressourcerie-de-sceaux.md:4:8: unknown type "ressourcery" (did you mean "ressourcerie"?)
site.toml:23:1: unknown key "descripton" (did you mean "description"?)
atlas: 3 problems
`
	if code != 1 || stdout != "" || stderr != want {
		t.Errorf("atlas check = %d\nstdout:\n%s\nstderr:\n%s\nwant 1 and stderr:\n%s", code, stdout, stderr, want)
	}
}

// TestCheckOK checks a site.toml written before stages: it still builds, and check
// suggests the stages to add without failing.
func TestCheckOK(t *testing.T) {
	code, stdout, stderr := runAtlas("check", "-s", writeSite(t, nil))
	want := noPublisher + `site.toml:12:1: note: status "projet" has no stage: add stage = "project" (project, active, done, closed or unknown) so that the theme shows it apart
site.toml:16:1: note: status "ouvert" has no stage: add stage = "active" (project, active, done, closed or unknown) so that the theme shows it apart
`
	if code != 0 || !strings.HasPrefix(stdout, "ok: 1 communes, 1 initiatives, ") || stderr != want {
		t.Errorf("atlas check = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = runAtlas("check", "-s", writeSite(t, map[string]string{"site.toml": staged(fixture["site.toml"])}))
	if code != 0 || !strings.HasPrefix(stdout, "ok: 1 communes, 1 initiatives, ") || stderr != noPublisher {
		t.Errorf("atlas check with stages = %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// noPublisher is what check says of a site.toml without [publisher].
const noPublisher = "site.toml: warning: no [publisher] table: the legal pages show placeholders for the publisher, its address and contact, the director of publication and the host\n"

// staged returns a site.toml of the fixture with the stages of its statuses.
func staged(site string) string {
	site = strings.ReplaceAll(site, "name = \"En projet\"\n", "name = \"En projet\"\nstage = \"project\"\n")
	return strings.ReplaceAll(site, "name = \"Ouvert\"\n", "name = \"Ouvert\"\nstage = \"active\"\n")
}

// TestCheckWarnings checks that the fields of [publisher] that the legal pages lack
// are warnings, at the table, which change neither the exit status of check nor
// that of build, and that a complete table gives none.
func TestCheckWarnings(t *testing.T) {
	partial := staged(fixture["site.toml"]) + `
[publisher]
name = "Réseau ESS de test"
email = "contact@example.org"
`
	dir := writeSite(t, map[string]string{"site.toml": partial})
	want := `site.toml:22:1: warning: [publisher] has no address (the publisher's postal address): the legal pages show a placeholder
site.toml:22:1: warning: [publisher] has no director (the director of publication): the legal pages show a placeholder
site.toml:22:1: warning: [publisher] has no host (who hosts the site): the legal pages show a placeholder
site.toml:22:1: warning: [publisher] has no host_address (the host's address): the legal pages show a placeholder
`
	code, stdout, stderr := runAtlas("check", "-s", dir)
	if code != 0 || !strings.HasSuffix(stdout, " pages; 4 warnings\n") || stderr != want {
		t.Errorf("atlas check = %d\nstdout:\n%s\nstderr:\n%s\nwant 0 and stderr:\n%s", code, stdout, stderr, want)
	}
	code, _, stderr = runAtlas("build", "-s", dir, "-o", filepath.Join(t.TempDir(), "public"))
	if code != 0 || stderr != want {
		t.Errorf("atlas build = %d\nstderr:\n%s\nwant 0 and stderr:\n%s", code, stderr, want)
	}

	full := partial + `address = "1 place de la Mairie, 92330 Sceaux"
director = "Camille Martin, présidente"
host = "Hébergeur de test"
host_address = "2 rue du Serveur, 75000 Paris"
`
	code, stdout, stderr = runAtlas("check", "-s", writeSite(t, map[string]string{"site.toml": full}))
	if code != 0 || strings.Contains(stdout, "warning") || stderr != "" {
		t.Errorf("atlas check = %d\nstdout:\n%s\nstderr:\n%s\nwant 0 and no warning", code, stdout, stderr)
	}
}

func TestCheckMissingSite(t *testing.T) {
	code, _, stderr := runAtlas("check", "-s", t.TempDir())
	want := "site.toml:1:1: missing site.toml: is this an atlas folder? (use -s DIR)\natlas: 1 problem\n"
	if code != 1 || stderr != want {
		t.Errorf("atlas check = %d, stderr:\n%s\nwant 1, stderr:\n%s", code, stderr, want)
	}
}

func TestUsage(t *testing.T) {
	dir := writeSite(t, nil)
	for _, tt := range []struct {
		args []string
		code int
		want string // in stderr
	}{
		{nil, 2, "usage: atlas <command>"},
		{[]string{"bild"}, 2, `atlas: unknown command "bild"`},
		{[]string{"check", "-x"}, 2, "flag provided but not defined: -x"},
		{[]string{"check", "-s", dir, "extra"}, 2, `atlas: check takes no arguments, got "extra"`},
		{[]string{"build", "--base-url", "example.org"}, 2, `atlas: --base-url "example.org" must be an absolute http or https URL`},
		{[]string{"build", "-s", dir, "-o", dir}, 2, "would replace the site folder"},
		{[]string{"new"}, 2, "atlas: new takes a kind (commune or initiative) and a name in quotes"},
		{[]string{"new", "village", "X", "-s", dir}, 2, `atlas: unknown kind "village": use commune or initiative`},
		{[]string{"new", "initiative", "X", "-s", dir}, 2, "atlas: new initiative needs --commune SLUG and --type SLUG"},
		{[]string{"new", "commune", "Sceaux", "-s", t.TempDir()}, 2, "atlas: no site.toml in "},
		{[]string{"check", "-h"}, 0, "usage: atlas check [-s DIR]"},
	} {
		code, _, stderr := runAtlas(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("atlas %s = %d, stderr:\n%s\nwant %d and %q", strings.Join(tt.args, " "), code, stderr, tt.code, tt.want)
		}
	}
}

// tree reads every file under dir.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestBuildFailureKeepsOutput(t *testing.T) {
	dir := writeSite(t, nil)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runAtlas("build", "-q", "-s", dir, "-o", out); code != 0 {
		t.Fatalf("first build = %d:\n%s", code, stderr)
	}
	before := tree(t, out)
	if len(before) == 0 {
		t.Fatal("the first build wrote nothing")
	}
	broken := filepath.Join(dir, "content/initiatives/ressourcerie-de-sceaux.md")
	if err := os.WriteFile(broken, []byte("+++\ntitle = \n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runAtlas("build", "-s", dir, "-o", out)
	want := "content/initiatives/ressourcerie-de-sceaux.md:2:9: invalid TOML: expected value but found the end of the line instead\natlas: 1 problem\n"
	if code != 1 || stdout != "" || stderr != want {
		t.Errorf("broken build = %d\nstdout:\n%s\nstderr:\n%s\nwant 1 and:\n%s", code, stdout, stderr, want)
	}
	after := tree(t, out)
	if len(after) != len(before) {
		t.Errorf("the output holds %d files after a failed build, %d before", len(after), len(before))
	}
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed after a failed build", p)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("the output's parent holds %d entries, want only the output", len(entries))
	}
}

func TestBuildTwiceIsIdentical(t *testing.T) {
	dir := writeSite(t, nil)
	var trees []map[string]string
	for _, out := range []string{filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")} {
		if code, _, stderr := runAtlas("build", "-q", "-s", dir, "-o", out); code != 0 {
			t.Fatalf("build = %d:\n%s", code, stderr)
		}
		trees = append(trees, tree(t, out))
	}
	for p, b := range trees[0] {
		if trees[1][p] != b {
			t.Errorf("%s differs between two builds", p)
		}
	}
	if len(trees[0]) != len(trees[1]) {
		t.Errorf("two builds wrote %d and %d files", len(trees[0]), len(trees[1]))
	}
}
