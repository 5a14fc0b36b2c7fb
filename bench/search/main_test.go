package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestSearchFile(t *testing.T) {
	for _, tc := range []struct {
		engine, url string
		want        bool
	}{
		{"atlas", "http://127.0.0.1:1/js/recherche.js", true},
		{"atlas", "http://127.0.0.1:1/recherche/index.json", true},
		{"atlas", "http://127.0.0.1:1/recherche/t/ve.json?x=1", true},
		{"atlas", "http://127.0.0.1:1/recherche/?q=velo", false}, // the page itself
		{"atlas", "http://127.0.0.1:1/recherche/index.html", false},
		{"atlas", "http://127.0.0.1:1/js/carte.js", false},
		{"atlas", "http://127.0.0.1:1/css/atlas.css", false},
		{"atlas", "http://127.0.0.1:1/pagefind/pagefind.js", false},
		{"pagefind", "http://127.0.0.1:1/pagefind/pagefind.js", true},
		{"pagefind", "http://127.0.0.1:1/pagefind/fragment/fr_1.pf_fragment", true},
		{"pagefind", "http://127.0.0.1:1/_pagefind.html?q=velo", false},
		{"pagefind", "http://127.0.0.1:1/recherche/index.json", false},
		{"pagefind", "data:text/plain,x", false},
	} {
		if got := searchFile(tc.engine, tc.url); got != tc.want {
			t.Errorf("searchFile(%q, %q) = %v, want %v", tc.engine, tc.url, got, tc.want)
		}
	}
}

func TestPassAndScores(t *testing.T) {
	q := query{Q: "velo", Want: []string{"a/", "b/"}, First: []string{"b/"}, Says: "pour"}
	for _, tc := range []struct {
		engine            string
		s                 shown
		ok                bool
		why               string
		recall, precision int
	}{
		{"atlas", shown{Links: []string{"a/", "b/", "c/"}, First: "b/", Status: "2 pour velo"}, true, "", 2, 2},
		{"atlas", shown{Links: []string{"c/", "a/", "b/"}, First: "b/", Status: "2 pour velo"}, true, "", 2, 1},
		{"atlas", shown{Links: []string{"a/"}, First: "a/"}, false, `lacks b/; first initiative is "a/"; does not say "pour"`, 1, 1},
		{"pagefind", shown{Links: []string{"b/", "a/"}, First: "b/"}, true, "", 2, 2}, // says is atlas's only
		{"pagefind", shown{}, false, `lacks a/; lacks b/; first initiative is ""`, 0, 0},
	} {
		ok, why := pass(q, tc.s, tc.engine)
		r, p := scores(q, tc.s)
		if ok != tc.ok || why != tc.why || r != tc.recall || p != tc.precision {
			t.Errorf("%s %v: pass %v %q, scores %d %d; want %v %q, %d %d", tc.engine, tc.s, ok, why, r, p, tc.ok, tc.why, tc.recall, tc.precision)
		}
	}
}

func TestReport(t *testing.T) {
	qs := []query{{Q: "velo", Want: []string{"a/", "b/"}}, {Q: "clichy", Want: []string{"c/"}}}
	got := map[string][]shown{
		"atlas":    {{Links: []string{"a/", "b/"}, Count: 2, Bytes: 300, Sent: 100}, {Links: []string{"c/"}, Count: 1, Bytes: 200, Sent: 90}},
		"pagefind": {{Links: []string{"x/", "a/"}, Count: 9, Bytes: 900, Sent: 500}, {Links: []string{"c/"}, Count: 4, Bytes: 1000, Sent: 600}},
	}
	var b bytes.Buffer
	report(&b, qs, []string{"atlas", "pagefind"}, "pagefind 1.6.0", got, time.Date(2026, 12, 1, 12, 30, 0, 0, time.UTC))
	want := `query                      | atlas    results recall  prec.   bytes    sent | pagefind results recall  prec.   bytes    sent
velo                       | ok             2    2/2    2/2     300     100 | FAIL           9    1/2    1/2     900     500
      pagefind: lacks b/
clichy                     | ok             1    1/1    1/1     200      90 | ok             4    1/1    1/1    1000     600

2 queries, 2026-12-01 12:30 UTC
atlas: 2 answered well; recall 3/3 (100 %), precision 3/3 (100 %)
  bytes per query: median 300, min 200, max 300, total 500
  sent per query:  median 100, min 90, max 100, total 190
pagefind 1.6.0: 1 answered well; recall 2/3 (67 %), precision 2/3 (67 %)
  bytes per query: median 1000, min 900, max 1000, total 1900
  sent per query:  median 600, min 500, max 600, total 1100
atlas / pagefind: bytes, total 0.26, per query 0.20 to 0.33; sent, total 0.17, per query 0.15 to 0.20
`
	if b.String() != want {
		t.Errorf("report:\n%s\nwant:\n%s", b.String(), want)
	}
}

// TestRunAtlas runs the command on the example with three of the benchmark's
// queries, atlas alone (Pagefind would need the npm registry), in headless Chromium.
func TestRunAtlas(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	if testing.Short() {
		t.Skip("builds the example and starts a browser")
	}
	dir := t.TempDir()
	qs := `[[query]]
q = "velo"
want = ["initiatives/atelier-velo-de-clichy/", "types/atelier-velo/"]
[[query]]
q = "épicrie"
want = ["types/epicerie-solidaire/"]
says = "pour «\u202fépicerie\u202f» (aucun résultat pour «\u202fépicrie\u202f»)"
[[query]]
q = "Antony"
want = ["initiatives/amap-de-sceaux/", "initiatives/absente/"]
`
	if err := os.WriteFile(dir+"/q.toml", []byte(qs), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	o := options{root: "../..", queries: dir + "/q.toml", chromium: chromium, timeout: 30 * time.Second}
	if err := run(o, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{
		"\nvelo                       | ok             4    2/2    1/2 ",
		"\népicrie                    | ok   ",
		"\nAntony                     | FAIL           1    1/2    1/2 ",
		"      atlas: lacks initiatives/absente/\n",
		"\natlas: 2 answered well; recall 4/5 (80 %)",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q:\n%s", want, text)
		}
	}
}
