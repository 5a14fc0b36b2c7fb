package build_test

import (
	"context"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const chromium = "/usr/bin/chromium"

// dumpDOM loads u in headless Chromium, lets its scripts run for a few seconds of
// virtual time and returns the resulting DOM.
func dumpDOM(t *testing.T, u string) string {
	t.Helper()
	return dumpDOMAfter(t, u, 5000)
}

// dumpDOMAfter is dumpDOM with ms milliseconds of virtual time.
func dumpDOMAfter(t *testing.T, u string, ms int) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second+time.Duration(ms)*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget="+strconv.Itoa(ms), "--dump-dom", u)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v", u, err)
	}
	return string(out)
}

// serve serves the files of a build under prefix, as a static host would. The files
// are given once the server runs, since the build needs its URL; until then every
// request fails.
func serve(prefix string, site *atomic.Pointer[map[string][]byte]) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		files := site.Load()
		if files == nil {
			http.Error(w, "no site yet", http.StatusServiceUnavailable)
			return
		}
		p, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, ok := (*files)[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(p)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Write(b)
	}))
}

// TestSearchInBrowser checks what /recherche/ says when nothing matches and what its
// filters show (the page reads its query and filters from the URL), on a site under a
// sub-path. TestSearchQuality runs the benchmark's queries.
func TestSearchInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	if testing.Short() {
		t.Skip("starts a browser")
	}
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	site.Store(&built)
	for _, tc := range []struct{ name, query, want, status string }{
		{"nothing", "zzzz", ``, "Aucun résultat pour «\u202fzzzz\u202f»"},
		// A title from the index gets the typography of the pages.
		{"typography", "ressourcing", "Projet de «\u202fressourcing\u202f» à Clichy", "pour «\u202fressourcing\u202f»"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dom := dumpDOM(t, srv.URL+"/atlas/recherche/?q="+url.QueryEscape(tc.query))
			dom = strings.ReplaceAll(dom, "&nbsp;", "\u00a0")
			if !strings.Contains(dom, tc.want) {
				i := strings.Index(dom, `id="etat"`)
				t.Errorf("results lack %s; status: %.300s", tc.want, dom[max(i, 0):])
			}
			if !strings.Contains(dom, tc.status) {
				t.Errorf("status lacks %q", tc.status)
			}
		})
	}
	t.Run("filter by type", func(t *testing.T) {
		dom := dumpDOM(t, srv.URL+"/atlas/recherche/?type=0")
		if n := strings.Count(dom, `href="/atlas/initiatives/epicerie`); n < 5 {
			t.Errorf("type filter shows %d épiceries, want at least 5", n)
		}
	})
}
