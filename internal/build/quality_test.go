package build_test

import (
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/reseau-ess-92/atlas/internal/search"
)

// benchQuery is one query of the search's quality benchmark, bench/search/queries.toml.
type benchQuery struct {
	Q     string
	Want  []string
	First []string
	Says  string
	Why   string
}

func readBenchmark(t *testing.T) []benchQuery {
	t.Helper()
	var b struct{ Query []benchQuery }
	if _, err := toml.DecodeFile("../../bench/search/queries.toml", &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Query) < 40 {
		t.Fatalf("%d queries in the benchmark, want at least 40", len(b.Query))
	}
	return b.Query
}

// shown is what the results page shows for a query: the links of the first page of
// results (pages, then initiatives), the first initiative, and the status line.
type shown struct {
	Q      string
	Links  []string
	First  string
	Status string
}

// check returns what is wrong with s for q.
func (q benchQuery) check(s shown) []string {
	var bad []string
	for _, w := range q.Want {
		if !slices.Contains(s.Links, w) {
			bad = append(bad, "lacks "+w)
		}
	}
	if len(q.First) > 0 && !slices.Contains(q.First, s.First) {
		bad = append(bad, fmt.Sprintf("first initiative is %q, want one of %q", s.First, q.First))
	}
	if q.Says != "" && !strings.Contains(s.Status, q.Says) {
		bad = append(bad, fmt.Sprintf("status %q lacks %q", s.Status, q.Says))
	}
	return bad
}

// TestSearchQualityGo runs the benchmark with the Go side of the search, which
// mirrors the browser's script, on the example's published index.
func TestSearchQualityGo(t *testing.T) {
	ix, err := search.Open(files(run(t, example, "")))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range readBenchmark(t) {
		r := ix.Search(q.Q)
		var s shown
		var pages, inits []string
		var outside []string
		for _, id := range r.IDs {
			title, p, near := ix.Doc(id)
			if int(id) >= ix.Meta.Initiatives {
				pages = append(pages, p)
				if p == "" {
					outside = append(outside, title)
					for _, n := range near {
						_, p, _ := ix.Doc(n)
						pages = append(pages, p)
					}
				}
			} else {
				if s.First == "" {
					s.First = p
				}
				inits = append(inits, p)
			}
		}
		s.Links = append(pages[:min(len(pages), search.PageSize)], inits[:min(len(inits), search.PageSize)]...)
		for _, w := range r.Words {
			if w.Corrected != "" {
				s.Status += "pour «\u202f" + w.Corrected + "\u202f» (aucun résultat pour «\u202f" + w.Text + "\u202f»)"
			}
		}
		for _, o := range outside {
			s.Status += o + " ne fait pas (encore) partie de l’atlas"
		}
		if len(r.Missing) > 0 {
			s.Status += "Aucune page n’a tous les mots\u202f: voici celles qui en ont le plus."
		}
		for _, b := range q.check(s) {
			t.Errorf("%q: %s", q.Q, b)
		}
	}
}

// TestSearchQuality runs the benchmark in headless Chromium: every query typed into
// /recherche/ of the example built under a sub-path, one after the other in one
// browser, with the pages the script shows.
func TestSearchQuality(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	queries := readBenchmark(t)
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	var qs []string
	for _, q := range queries {
		qs = append(qs, q.Q)
	}
	list, _ := json.Marshal(qs)
	built["_quality.html"] = []byte(`<!doctype html><meta charset="utf-8"><title>q</title><pre id="out">running</pre><script>
const queries = "` + template.JSEscapeString(string(list)) + `";
` + qualityHarness + `</script>`)
	site.Store(&built)
	dom := dumpDOMAfter(t, srv.URL+"/atlas/_quality.html", 120_000)
	i, j := strings.Index(dom, `<pre id="out">`), strings.Index(dom, `</pre>`)
	if i < 0 || j < i {
		t.Fatalf("no results in %.500s", dom)
	}
	var got []shown
	text := strings.NewReplacer("&quot;", `"`, "&amp;", "&", "&lt;", "<", "&gt;", ">", "&nbsp;", "\u00a0").Replace(dom[i+len(`<pre id="out">`) : j])
	if err := json.Unmarshal([]byte(text), &got); err != nil {
		t.Fatalf("%v in %.500s", err, text)
	}
	if len(got) != len(queries) {
		t.Fatalf("%d results for %d queries", len(got), len(queries))
	}
	failed := 0
	for k, q := range queries {
		s := got[k]
		for i, l := range s.Links {
			s.Links[i] = strings.TrimPrefix(l, "/atlas/")
		}
		s.First = strings.TrimPrefix(s.First, "/atlas/")
		if bad := q.check(s); len(bad) > 0 {
			failed++
			t.Errorf("%q: %s\n\tstatus: %s", q.Q, strings.Join(bad, "; "), s.Status)
		}
	}
	t.Logf("%d of %d queries answered well", len(queries)-failed, len(queries))
}

// qualityHarness loads /recherche/?q=… for each query in a frame, waits for the status
// line to settle and collects what the page shows into #out, as JSON.
const qualityHarness = `
const list = JSON.parse(queries);
const wait = ms => new Promise(r => setTimeout(r, ms));
(async () => {
  const res = [];
  for (const q of list) {
    const f = document.createElement('iframe');
    f.src = 'recherche/?q=' + encodeURIComponent(q);
    const loaded = new Promise(r => f.onload = r);
    document.body.appendChild(f);
    await loaded;
    let last = '', same = 0;
    for (let k = 0; k < 200; k++) {
      await wait(50);
      const e = f.contentDocument.getElementById('etat');
      const t = e ? e.textContent : '';
      if (t && t !== 'Recherche en cours…' && t === last) { if (++same >= 3) break; } else same = 0;
      last = t;
    }
    const d = f.contentDocument;
    const first = d.querySelector('#res-list a');
    res.push({ Q: q, Status: last, Links: Array.from(d.querySelectorAll('#resultats a'), a => a.getAttribute('href')),
      First: first ? first.getAttribute('href') : '' });
    f.remove();
  }
  document.getElementById('out').textContent = JSON.stringify(res);
})();
`

// TestSearchWithoutJavaScript checks that no search form (nor « Autour de moi », nor
// « Imprimer ») is a dead end without JavaScript: every page hides them then (the style in <noscript> of its head), and
// /recherche/ says so and offers the indexes.
func TestSearchWithoutJavaScript(t *testing.T) {
	site := files(run(t, example, ""))
	// « Autour de moi », « Imprimer » and the sentence about the « Comparer » table's
	// sort buttons are hidden the same way, not shown by a script, so that nothing
	// moves once the page is drawn.
	const hide = `<noscript><style>.search-form,.autour,.print-tools,.compare-help{display:none}</style></noscript>`
	search := regexp.MustCompile(`<form[^>]* action="[^"]*/recherche/"`)
	for _, p := range []string{"index.html", "recherche/index.html", "404.html", "communes/sceaux/index.html"} {
		page := string(site[p])
		if !strings.Contains(page, hide) {
			t.Errorf("%s: the head does not hide the search forms without JavaScript", p)
		}
		for _, f := range search.FindAllString(page, -1) {
			if !strings.HasPrefix(f, `<form class="search-form`) {
				t.Errorf("%s: %s is not hidden without JavaScript", p, f)
			}
		}
	}
	page := string(site["recherche/index.html"])
	for _, want := range []string{`<noscript><p class="notice">`, `communes/">Les`, `types/">Les`, `thematiques/">Les`} {
		if !strings.Contains(page, want) {
			t.Errorf("recherche/index.html lacks %s", want)
		}
	}
}
