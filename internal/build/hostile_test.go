package build_test

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

// TestHostileContent checks the escapes and the smaller findings of the
// fault-injection round, each with the exact message at its position.
func TestHostileContent(t *testing.T) {
	fm := func(extra string) map[string]string {
		return map[string]string{initiative: strings.Replace(fixture[initiative], "verified = 2021-03-17\n", "verified = 2021-03-17\n"+extra, 1)}
	}
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"control character written as a TOML escape", fm(`carrier = "a\u0007b"` + "\n"), []string{
			initiative + ":8:11: carrier holds the control character U+0007: remove it"}},
		{"aliases that are not clean paths", fm(`aliases = ["/a b/", "/x\ny/", "/<svg onload=alert(1)>/"]` + "\n"), []string{
			initiative + `:8:12: alias "/a b/" holds ' ': use letters, digits, -, ., _ and ~ between the slashes`,
			initiative + `:8:21: alias "/x\ny/" holds '\n': use letters, digits, -, ., _ and ~ between the slashes`,
			initiative + `:8:31: alias "/<svg onload=alert(1)>/" holds '<': use letters, digits, -, ., _ and ~ between the slashes`}},
		{"alias over a theme file", fm(`aliases = ["/css/atlas.css/"]` + "\n"), []string{
			initiative + `:8:12: alias "/css/atlas.css/" collides with the theme file static/css/atlas.css`}},
		{"a theme twice", map[string]string{initiative: strings.Replace(fixture[initiative], `themes = ["reemploi"]`, `themes = ["reemploi", "reemploi"]`, 1)}, []string{
			initiative + `:5:23: theme "reemploi" is listed twice`}},
		{"reserved page slug", map[string]string{"content/pages/carte.md": "+++\ntitle = \"Carte\"\n+++\nx\n"}, []string{
			`content/pages/carte.md:1:1: page slug "carte" is taken by the site's own /carte/ page: rename the file`}},
		{"entity-encoded link", map[string]string{initiative: fixture[initiative] + "\n[clic](&#106;avascript:alert(1))\n"}, []string{
			initiative + `:15:1: link "javascript:alert(1)" (written "&#106;avascript:alert(1)") must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`}},
		{"scheme-relative link", map[string]string{initiative: fixture[initiative] + "\n[clic](//evil.example/x)\n"}, []string{
			initiative + `:15:1: link "//evil.example/x" leaves the site without saying how: write it with https:, or allow it with [markdown] scheme_relative = true`}},
		{"upper-case extension", map[string]string{"content/initiatives/autre.MD": "x"}, []string{
			`content/initiatives/autre.MD:1:1: extension ".MD" is not read: rename the file autre.md`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, d := build.Run(build.Options{Source: site(tt.files), Theme: atlas.Theme()})
			var got []string
			for _, x := range d {
				got = append(got, x.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestCSVFormulas checks that no cell of atlas.csv starts as a formula a
// spreadsheet would run, and that numbers stay numbers.
func TestCSVFormulas(t *testing.T) {
	res := run(t, site(map[string]string{initiative: strings.Replace(fixture[initiative], "verified = 2021-03-17\n",
		"verified = 2021-03-17\ncarrier = '=HYPERLINK(\"https://evil.example/\",\"x\")'\nlegal_form = \"@SUM(A1)\"\naddress = \"-2+3 rue du Fort\"\n", 1)}), "")
	rows, err := csv.NewReader(bytes.NewReader(files(res)["donnees/atlas.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q starts as a formula", cell)
			}
		}
	}
	joined := strings.Join(slices.Concat(rows...), "|")
	for _, want := range []string{`'=HYPERLINK("https://evil.example/","x")`, "'@SUM(A1)", "'-2+3 rue du Fort"} {
		if !strings.Contains(joined, want) {
			t.Errorf("atlas.csv lacks %q", want)
		}
	}
}
