package render_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/hours"
	"github.com/reseau-ess-92/atlas/internal/slug"
	"github.com/reseau-ess-92/atlas/internal/typo"
)

// node runs script with Node.js, the lines of input on its standard input, and returns
// the lines it prints. The test is skipped without Node.js.
func node(t *testing.T, script string, input []string) []string {
	t.Helper()
	bin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node: the browser scripts are checked against Go where Node.js is installed")
	}
	js, err := filepath.Abs("../../static/js")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-e", script, js)
	var in bytes.Buffer
	for _, s := range input {
		b, _ := json.Marshal(s)
		in.Write(b)
		in.WriteByte('\n')
	}
	cmd.Stdin = &in
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(input) {
		t.Fatalf("node printed %d lines for %d inputs", len(lines), len(input))
	}
	return lines
}

// words are names, with every accent and ligature of French and some others, that
// both slug functions must agree on.
func words(t *testing.T) []string {
	ws := []string{"Épicerie sociale de Bourg-la-Reine", "Œuvre d’Ærø", "L’Haÿ-les-Roses", "Straße", "Łódź", "Ðþ",
		"  --  ", "", "Café 115", "ÇA VA ?", "naïve « citation »", "São Tomé", "İstanbul", "ﬁn", "x²", "Ｆｕｌｌ", "日本",
		"Crème brûlée", "Noël à l’Île-d’Yeu", "Saint-Étienne-du-Rouvray", "über", "Ångström", "æther", "ŒUVRE"}
	for _, f := range []string{"../../.ci/opening-hours/corpus.txt"} {
		if b, err := os.ReadFile(f); err == nil {
			ws = append(ws, strings.Split(string(b), "\n")...)
		}
	}
	// Every title of the example.
	matches, _ := filepath.Glob("../../content/initiatives/*.md")
	for _, m := range matches {
		b, _ := os.ReadFile(m)
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "title = "); ok {
				ws = append(ws, strings.Trim(v, `"`))
			}
		}
	}
	return ws
}

// TestSlugScriptAgrees checks that the contribution form names a file as
// `atlas new` would: slug in static/js/contribuer.js is slug.Make.
func TestSlugScriptAgrees(t *testing.T) {
	ws := words(t)
	got := node(t, `const c = require(process.argv[1] + "/contribuer.js");
		require("readline").createInterface({input: process.stdin}).on("line", l => console.log(JSON.stringify(c.slug(JSON.parse(l)))));`, ws)
	n := 0
	for i, w := range ws {
		want, _ := json.Marshal(slug.Make(w))
		if got[i] != string(want) {
			t.Errorf("slug(%q): script %s, Go %s", w, got[i], want)
			if n++; n > 20 {
				t.FailNow()
			}
		}
	}
}

// TestHoursScriptAgrees checks that the contribution form reads opening hours as
// `atlas check` does: static/js/horaires-syntaxe.js and package hours give the same
// validity, message and rules on the reference implementation's corpus, on atlas's
// own examples, and on every value of those cut short and with each space removed.
func TestHoursScriptAgrees(t *testing.T) {
	var values []string
	for _, f := range []string{"../../.ci/opening-hours/corpus.txt", "../../.ci/opening-hours/atlas.txt"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			if v := sc.Text(); v != "" {
				values = append(values, v)
			}
		}
	}
	if len(values) < 200 {
		t.Fatalf("corpus has %d values, want at least 200", len(values))
	}
	seen := map[string]bool{}
	var input []string
	add := func(v string) {
		if !seen[v] {
			seen[v] = true
			input = append(input, v)
		}
	}
	for _, v := range values {
		add(v)
		for i := 1; i < len(v); i += 3 {
			if utf8.RuneStart(v[i]) { // what a person types is valid text
				add(v[:i])
			}
		}
		for i := range len(v) {
			if v[i] == ' ' {
				add(v[:i] + v[i+1:])
			}
		}
		add(strings.ToLower(v))
	}
	got := node(t, `const h = require(process.argv[1] + "/horaires-syntaxe.js");
		require("readline").createInterface({input: process.stdin}).on("line", l => {
			const r = h.parse(JSON.parse(l));
			console.log(JSON.stringify(r.error ? {error: r.error.message, offset: r.error.offset, unsupported: r.error.unsupported}
				: {rules: r.rules.map(x => [x.months, x.days, x.ph, x.off, x.spans])}));
		});`, input)
	n := 0
	for i, v := range input {
		type result struct {
			Error       string  `json:"error,omitempty"`
			Offset      int     `json:"offset"`
			Unsupported bool    `json:"unsupported"`
			Rules       [][]any `json:"rules,omitempty"`
		}
		var want result
		s, err := hours.Parse(v)
		if err != nil {
			e := err.(*hours.Error)
			want = result{Error: e.Msg, Offset: e.Offset, Unsupported: e.Unsupported}
		} else {
			for _, r := range s.Rules {
				var spans any
				if r.Spans != nil {
					var ss [][2]int
					for _, x := range r.Spans {
						ss = append(ss, [2]int{x.Start, x.End})
					}
					spans = ss
				}
				want.Rules = append(want.Rules, []any{r.Months, r.Days, r.PH, r.Off, spans})
			}
		}
		var js result
		if err := json.Unmarshal([]byte(got[i]), &js); err != nil {
			t.Fatalf("%q: script printed %s", v, got[i])
		}
		wb, _ := json.Marshal(want)
		jb, _ := json.Marshal(js)
		if !bytes.Equal(wb, jb) {
			t.Errorf("%q:\n  script %s\n  Go     %s", v, jb, wb)
			if n++; n > 20 {
				t.FailNow()
			}
		}
	}
	t.Logf("%d values read alike", len(input))
}

// TestTypoScriptAgrees checks that the search results that static/js/recherche.js
// writes have the typography of the pages: its fr is typo.String, on the names of
// the example, the words of the slug test and the cases of package typo's tests.
func TestTypoScriptAgrees(t *testing.T) {
	ws := append(words(t), "Le réseau : qui fait quoi", "Ici ; là ? Oui !", "Pourquoi? Parce que!", "un; deux",
		"le type « Ressourcerie »", "«Ressourcerie»", "«\u00a0mot\u00a0»", "Sceaux\u202f: fiche", "mot\n: suite",
		"20 884 habitants", "1 234 567", "en 2015 120 initiatives", "30 % des communes", "à 2 km, 15 m²", "5 ans, puis",
		"3 communes", "de 10:30 à 12:00", "voir https://example.org/a:b?c=d", "merci ;)", "Vraiment ?!", "Note:texte",
		" : ", "2,5 000", "A &amp; B : oui", "Projet de « ressourcing » à Clichy", "(oui)? non", "x  :  y", "« »", "»a«",
		"12 000 000 €", "1 500 habitants.", "le 3 mai", "4 h", "Épicerie · Sceaux · En projet", "«", "»", "?", "1 2")
	got := node(t, `const r = require(process.argv[1] + "/recherche.js");
		require("readline").createInterface({input: process.stdin}).on("line", l => console.log(JSON.stringify(r.fr(JSON.parse(l)))));`, ws)
	n := 0
	for i, w := range ws {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(typo.String(w))
		if got[i] != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("fr(%q): script %s, Go %s", w, got[i], want.String())
			if n++; n > 20 {
				t.FailNow()
			}
		}
	}
}
