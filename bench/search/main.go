// Command search runs the search's quality benchmark (bench/search/queries.toml) on
// the example atlas in atlas's own search and in Pagefind, side by side, in headless
// Chromium, and prints for each query how many results each engine finds, whether
// its first results hold the pages a good answer must contain, and how many bytes it
// fetches; then the totals.
//
//	go run ./bench/search                      # atlas and Pagefind 1.6.0
//	go run ./bench/search -pagefind 1.5.2      # another version of Pagefind
//	go run ./bench/search -pagefind ""         # atlas only
//	go run ./bench/search -site DIR            # a site already built for the root of its host
//
// Run it from the repository's root. It builds the example with the atlas of this
// checkout (go run ./cmd/atlas build) into a temporary folder, installs the npm
// package pagefind at the version asked into another temporary folder (npm install
// --ignore-scripts: the pagefind binary comes from its platform package, such as
// @pagefind/linux-x64, fetched from the npm registry like any other package), and
// indexes the built site with `pagefind --site DIR --force-language fr
// --output-path TMP`, so that nothing is written into the site. It serves both on
// 127.0.0.1, starts Chromium (/usr/bin/chromium, with the flags of the project's
// browser tests and an empty profile) and drives it over the DevTools protocol on a
// pipe (--remote-debugging-pipe), one page load per query and engine, with the
// browser's cache off: every query is measured as a first visit.
//
// atlas is asked through its page, /recherche/?q=…, as a resident would: the query
// is done when the page's status line is set and the network is quiet. Pagefind is
// asked through its JavaScript API on a blank page of the same host, as its default
// interface does: pagefind.search(q), then the data (fragments) of the first 5
// results, which is what that interface shows first; atlas shows and loads 20. The
// fragments of Pagefind's results 6 to 20 are loaded afterwards, outside the count,
// for the quality check.
//
// The bytes of a query are those of the search's own files, as the DevTools network
// events count them: for atlas, js/recherche.js and the files under recherche/
// (index.json, the word shards and the record chunks); for Pagefind, everything under
// pagefind/ (its script, its WebAssembly, index chunks, filters and fragments). Not
// counted: the page itself, its style sheet and, for atlas, the rest of the page's
// scripts, which a visitor has already. "bytes" is the size of the files; "sent" is
// what crossed the network, HTTP headers included, from a server that compresses
// with gzip whatever it makes smaller (Pagefind's index files are gzip already).
//
// A query is answered well by an engine when its first 20 results contain every page
// of "want" and, when "first" is given, its first initiative is one of those; "says"
// (what the status line must say) is checked for atlas only, Pagefind having no such
// line. Recall is the share of the wanted pages in the first 20 results; precision is
// the share of wanted pages among the first N results, N being the number of wanted
// pages (the R-precision).
//
// To compare with another version of atlas, build the example with it for the root
// of a host (atlas build --base-url http://localhost/ -o DIR: its links are then
// /recherche/…) and give -site DIR -pagefind "".
//
// Without Chromium it says so and exits with status 0, measuring nothing; without
// npm, it measures atlas alone. Every step has a time limit (-timeout per page load).
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/BurntSushi/toml"
)

type query struct {
	Q     string
	Want  []string
	First []string
	Says  string
}

// shown is what one engine shows for one query.
type shown struct {
	Links  []string // the pages of the first 20 results, in the order shown
	First  string   // the first initiative
	Status string   // atlas's status line
	Count  int      // results found
	Bytes  int      // size of the search's files fetched
	Sent   int      // bytes received for them, headers included
	Files  int      // how many of them
}

type options struct {
	pagefind, site, queries, chromium string
	root                              string // the repository's, where the example and cmd/atlas are
	timeout                           time.Duration
}

func main() {
	o := options{root: "."}
	flag.StringVar(&o.pagefind, "pagefind", "1.6.0", "version of the npm package pagefind to compare with, or \"\" for none")
	flag.StringVar(&o.site, "site", "", "a built site to use instead of building the example (built for the root of its host)")
	flag.StringVar(&o.queries, "queries", "bench/search/queries.toml", "the benchmark's queries")
	flag.StringVar(&o.chromium, "chromium", "/usr/bin/chromium", "headless Chromium")
	flag.DurationVar(&o.timeout, "timeout", 30*time.Second, "the longest a query may take in one engine")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: go run ./bench/search [flags]\n\nflags:\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if _, err := exec.LookPath(o.chromium); err != nil {
		fmt.Fprintf(os.Stderr, "bench/search: no Chromium at %s (apt-get install chromium, or -chromium PATH): nothing measured\n", o.chromium)
		return
	}
	if o.pagefind != "" {
		if _, err := exec.LookPath("npm"); err != nil {
			fmt.Fprintln(os.Stderr, "bench/search: no npm in PATH (apt-get install npm): measuring atlas alone, without Pagefind")
			o.pagefind = ""
		}
	}
	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench/search:", err)
		os.Exit(1)
	}
}

// run builds and indexes what it must, measures every query and writes the report to out.
func run(o options, out io.Writer) error {
	var bench struct{ Query []query }
	qpath := o.queries
	if !filepath.IsAbs(qpath) {
		qpath = filepath.Join(o.root, qpath)
	}
	if _, err := toml.DecodeFile(qpath, &bench); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("%v (run it from the repository's root)", err)
		}
		return err
	}
	if len(bench.Query) == 0 {
		return fmt.Errorf("%s: no [[query]]", o.queries)
	}
	tmp, err := os.MkdirTemp("", "atlas-bench-search-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String() + "/"
	// Interrupted, it still ends Chromium, npm or pagefind and removes its folders.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	site := o.site
	if site == "" {
		site = filepath.Join(tmp, "site")
		fmt.Fprintln(os.Stderr, "building the example")
		cmd := exec.CommandContext(ctx, "go", "run", "./cmd/atlas", "build", "-q", "--base-url", base, "-o", site)
		cmd.Dir = o.root
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("building the example: %v", err)
		}
	}
	pfDir := ""
	version := ""
	if o.pagefind != "" {
		pfDir = filepath.Join(tmp, "pagefind")
		if version, err = pagefindIndex(ctx, o.pagefind, filepath.Join(tmp, "npm"), site, pfDir); err != nil {
			return err
		}
	}

	s := &server{root: site, pagefind: pfDir, gz: map[string][]byte{}}
	srv := &http.Server{Handler: s}
	go srv.Serve(ln)
	defer srv.Close()

	if _, err := os.Stat(filepath.Join(site, "recherche", "index.html")); err != nil {
		return fmt.Errorf("%s has no search page, recherche/index.html: is it a site built by atlas?", site)
	}
	engines := []string{"atlas"}
	if pfDir != "" {
		engines = append(engines, "pagefind")
	}
	got, err := measure(ctx, o, base, bench.Query, engines)
	if err != nil {
		return err
	}
	report(out, bench.Query, engines, version, got, time.Now())
	return nil
}

// pagefindIndex installs pagefind@version with npm into npmDir and indexes site into
// out; it returns the version that ran.
func pagefindIndex(ctx context.Context, version, npmDir, site, out string) (string, error) {
	fmt.Fprintf(os.Stderr, "installing pagefind@%s with npm into %s\n", version, npmDir)
	if err := os.MkdirAll(npmDir, 0o755); err != nil {
		return "", err
	}
	// A package.json of its own, so that npm installs here and not in a parent's project.
	if err := os.WriteFile(filepath.Join(npmDir, "package.json"), []byte(`{"private": true}`+"\n"), 0o644); err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, "npm", "install", "--prefix", npmDir, "--no-audit", "--no-fund",
		"--ignore-scripts", "--loglevel=error", "pagefind@"+version)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("npm install pagefind@%s: %v", version, err)
	}
	bin := filepath.Join(npmDir, "node_modules", ".bin", "pagefind")
	v, err := exec.CommandContext(ctx, bin, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %v (is there a pagefind binary for this platform on npm?)", bin, err)
	}
	var log bytes.Buffer
	cmd = exec.CommandContext(ctx, bin, "--site", site, "--force-language", "fr", "--output-path", out)
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("pagefind --site %s: %v\n%s", site, err, log.Bytes())
	}
	return strings.TrimSpace(string(v)), nil
}

// pass tells whether s answers q well, and what is wrong otherwise.
func pass(q query, s shown, engine string) (bool, string) {
	var bad []string
	for _, w := range q.Want {
		if !slices.Contains(s.Links, w) {
			bad = append(bad, "lacks "+w)
		}
	}
	if len(q.First) > 0 && !slices.Contains(q.First, s.First) {
		bad = append(bad, fmt.Sprintf("first initiative is %q", s.First))
	}
	if engine == "atlas" && q.Says != "" && !strings.Contains(s.Status, q.Says) {
		bad = append(bad, fmt.Sprintf("does not say %q", q.Says))
	}
	return len(bad) == 0, strings.Join(bad, "; ")
}

// recall is the number of wanted pages in the results; precise the number of
// wanted pages among the first len(q.Want) results.
func scores(q query, s shown) (recall, precise int) {
	for i, l := range s.Links {
		if slices.Contains(q.Want, l) {
			recall++
			if i < len(q.Want) {
				precise++
			}
		}
	}
	return recall, precise
}

// report prints the table of what each engine showed for each query, then the totals.
func report(w io.Writer, queries []query, engines []string, version string, got map[string][]shown, now time.Time) {
	fmt.Fprintf(w, "%-26s", "query")
	for _, e := range engines {
		fmt.Fprintf(w, " | %-8s %7s %6s %6s %7s %7s", e, "results", "recall", "prec.", "bytes", "sent")
	}
	fmt.Fprintln(w)
	type total struct {
		passed, recall, precise, want int
		bytes, sent                   []int
	}
	totals := make([]total, len(engines))
	for qi, q := range queries {
		fmt.Fprintf(w, "%-26s", q.Q)
		var complaints []string
		for k, e := range engines {
			s := got[e][qi]
			ok, why := pass(q, s, e)
			mark := "ok"
			if ok {
				totals[k].passed++
			} else {
				mark = "FAIL"
				complaints = append(complaints, e+": "+why)
			}
			r, p := scores(q, s)
			t := &totals[k]
			t.recall, t.precise, t.want = t.recall+r, t.precise+p, t.want+len(q.Want)
			t.bytes, t.sent = append(t.bytes, s.Bytes), append(t.sent, s.Sent)
			fmt.Fprintf(w, " | %-8s %7d %6s %6s %7d %7d", mark, s.Count, fmt.Sprintf("%d/%d", r, len(q.Want)), fmt.Sprintf("%d/%d", p, len(q.Want)), s.Bytes, s.Sent)
		}
		fmt.Fprintln(w)
		for _, c := range complaints {
			fmt.Fprintln(w, "      "+c)
		}
	}
	fmt.Fprintf(w, "\n%d queries, %s\n", len(queries), now.UTC().Format("2006-01-02 15:04 UTC"))
	for k, e := range engines {
		t := totals[k]
		name := e
		if e == "pagefind" && version != "" {
			name = version // "pagefind 1.6.0"
		}
		fmt.Fprintf(w, "%s: %d answered well; recall %d/%d (%.0f %%), precision %d/%d (%.0f %%)\n", name,
			t.passed, t.recall, t.want, pct(t.recall, t.want), t.precise, t.want, pct(t.precise, t.want))
		fmt.Fprintf(w, "  bytes per query: median %d, min %d, max %d, total %d\n", median(t.bytes), slices.Min(t.bytes), slices.Max(t.bytes), sum(t.bytes))
		fmt.Fprintf(w, "  sent per query:  median %d, min %d, max %d, total %d\n", median(t.sent), slices.Min(t.sent), slices.Max(t.sent), sum(t.sent))
	}
	if len(engines) == 2 {
		a, p := totals[0], totals[1]
		fmt.Fprintf(w, "atlas / pagefind: bytes, total %.2f, per query %.2f to %.2f; sent, total %.2f, per query %.2f to %.2f\n",
			ratio(sum(a.bytes), sum(p.bytes)), minRatio(a.bytes, p.bytes), maxRatio(a.bytes, p.bytes),
			ratio(sum(a.sent), sum(p.sent)), minRatio(a.sent, p.sent), maxRatio(a.sent, p.sent))
	}
}

func pct(a, b int) float64 { return 100 * ratio(a, b) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func median(xs []int) int {
	s := slices.Clone(xs)
	sort.Ints(s)
	return s[len(s)/2]
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func minRatio(a, b []int) float64 {
	m := -1.0
	for i := range a {
		if b[i] > 0 && (m < 0 || ratio(a[i], b[i]) < m) {
			m = ratio(a[i], b[i])
		}
	}
	return m
}

func maxRatio(a, b []int) float64 {
	m := 0.0
	for i := range a {
		m = max(m, ratio(a[i], b[i]))
	}
	return m
}

// server serves the site, Pagefind's index under /pagefind/ and the page that asks
// Pagefind, with no caching, compressing with gzip what that makes smaller.
type server struct {
	root, pagefind string
	mu             sync.Mutex
	gz             map[string][]byte // file → its gzip, or nil when not smaller
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	p := r.URL.Path
	if p == "/_pagefind.html" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, pagefindPage)
		return
	}
	name := path.Clean(p)
	if strings.HasSuffix(p, "/") {
		name = path.Join(name, "index.html")
	}
	file := filepath.Join(s.root, filepath.FromSlash(name))
	if rest, ok := strings.CutPrefix(name, "/pagefind/"); ok && s.pagefind != "" {
		file = filepath.Join(s.pagefind, filepath.FromSlash(rest))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
	}
	if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		if z := s.gzip(file, b); z != nil {
			w.Header().Set("Content-Encoding", "gzip")
			b = z
		}
	}
	w.Write(b)
}

func (s *server) gzip(file string, b []byte) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	if z, ok := s.gz[file]; ok {
		return z
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	var z []byte
	if buf.Len() < len(b) {
		z = buf.Bytes()
	}
	s.gz[file] = z
	return z
}

// measure asks every engine every query in one Chromium, one page load each.
func measure(ctx context.Context, o options, base string, queries []query, engines []string) (map[string][]shown, error) {
	profile, err := os.MkdirTemp("", "atlas-bench-chromium-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	n := &network{loaded: make(chan struct{}, 16), requests: map[string]*request{}, sessions: map[string]bool{}}
	b, err := startBrowser(o.chromium, profile, n.event)
	if err != nil {
		return nil, err
	}
	defer b.close()
	var target struct{ TargetID string }
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, fmt.Errorf("chromium: %v", err)
	}
	var att struct{ SessionID string }
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, fmt.Errorf("chromium: %v", err)
	}
	sess := att.SessionID
	n.mu.Lock()
	n.session = sess
	n.sessions[sess] = true
	n.mu.Unlock()
	// Workers start paused until their network is followed too.
	n.mu.Lock()
	n.attach = func(worker string) {
		c, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		b.call(c, worker, "Network.enable", nil, nil)
		b.call(c, worker, "Network.setCacheDisabled", map[string]any{"cacheDisabled": true}, nil)
		b.call(c, worker, "Runtime.runIfWaitingForDebugger", nil, nil)
	}
	n.mu.Unlock()
	for _, c := range []struct {
		method string
		params any
	}{{"Page.enable", nil}, {"Runtime.enable", nil}, {"Network.enable", nil},
		{"Network.setCacheDisabled", map[string]any{"cacheDisabled": true}},
		{"Target.setAutoAttach", map[string]any{"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}},
		{"Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false}}} {
		if err := b.call(ctx, sess, c.method, c.params, nil); err != nil {
			return nil, fmt.Errorf("chromium: %v", err)
		}
	}
	got := map[string][]shown{}
	for _, e := range engines {
		fmt.Fprintf(os.Stderr, "%s: %d queries ", e, len(queries))
		for _, q := range queries {
			s, err := ask(ctx, b, sess, n, o.timeout, base, e, q.Q)
			if err != nil {
				fmt.Fprintln(os.Stderr)
				return nil, fmt.Errorf("%s, query %q: %v", e, q.Q, err)
			}
			got[e] = append(got[e], s)
			fmt.Fprint(os.Stderr, ".")
		}
		fmt.Fprintln(os.Stderr)
	}
	return got, nil
}

// ask loads the page that asks engine for q and returns what it shows and what the
// search fetched.
func ask(ctx context.Context, b *browser, sess string, n *network, timeout time.Duration, base, engine, q string) (shown, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var s shown
	u := base + "recherche/?q=" + urlQuery(q)
	wait, done := atlasWait, atlasShown
	if engine == "pagefind" {
		u = base + "_pagefind.html?q=" + urlQuery(q)
		wait, done = "window.pfShown", "window.pfMore()"
	}
	n.start(engine)
	var nav struct{ ErrorText string }
	if err := b.call(ctx, sess, "Page.navigate", map[string]any{"url": u}, &nav); err != nil {
		return s, err
	}
	if nav.ErrorText != "" {
		return s, fmt.Errorf("loading %s: %s", u, nav.ErrorText)
	}
	if err := n.waitLoad(ctx); err != nil {
		return s, fmt.Errorf("loading %s: %v", u, err)
	}
	if err := eval(ctx, b, sess, wait, nil); err != nil {
		return s, err
	}
	if err := n.waitIdle(ctx); err != nil {
		return s, err
	}
	s.Bytes, s.Sent, s.Files = n.stop()
	if err := eval(ctx, b, sess, done, &s); err != nil {
		return s, err
	}
	origin := strings.TrimSuffix(base, "/")
	for i, l := range s.Links {
		s.Links[i] = strings.TrimPrefix(strings.TrimPrefix(l, origin), "/")
	}
	s.First = strings.TrimPrefix(strings.TrimPrefix(s.First, origin), "/")
	return s, nil
}

func urlQuery(q string) string {
	return strings.ReplaceAll(url.QueryEscape(q), "+", "%20")
}

// eval evaluates expr in the page, waits for the promise it gives and decodes its value.
func eval(ctx context.Context, b *browser, sess, expr string, v any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception *struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := b.call(ctx, sess, "Runtime.evaluate", map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true}, &r); err != nil {
		return err
	}
	if x := r.ExceptionDetails; x != nil {
		msg := x.Text
		if x.Exception != nil {
			msg = x.Exception.Description
		}
		return fmt.Errorf("in the page: %s", msg)
	}
	if v != nil {
		return json.Unmarshal(r.Result.Value, v)
	}
	return nil
}

// network follows the page's requests from the DevTools events, and adds up those of
// the search's files while a measure runs.
type network struct {
	mu       sync.Mutex
	session  string          // the page's
	sessions map[string]bool // the page's and its workers'
	attach   func(session string)
	engine   string // the engine measured, or "" between measures
	requests map[string]*request
	bytes    int
	sent     int
	files    int
	last     time.Time // of the last request started or ended
	loaded   chan struct{}
}

type request struct {
	url    string
	search bool // counted
	bytes  int
}

func (n *network) start(engine string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.engine, n.bytes, n.sent, n.files = engine, 0, 0, 0
	for len(n.loaded) > 0 { // load events of an earlier page
		<-n.loaded
	}
}

func (n *network) stop() (bytes, sent, files int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.engine = ""
	return n.bytes, n.sent, n.files
}

func (n *network) event(m message) {
	if m.Method == "Target.attachedToTarget" {
		// A worker of the page (Pagefind searches in one): its requests are
		// reported in its own session, which must be set up like the page's.
		var p struct{ SessionID string }
		json.Unmarshal(m.Params, &p)
		n.mu.Lock()
		parent, attach := n.sessions[m.SessionID], n.attach
		if parent {
			n.sessions[p.SessionID] = true
		}
		n.mu.Unlock()
		if parent && attach != nil {
			go attach(p.SessionID) // not here: its answers come through this goroutine
		}
		return
	}
	n.mu.Lock()
	ours := n.sessions[m.SessionID]
	n.mu.Unlock()
	if !ours {
		return
	}
	var p struct {
		RequestID         string  `json:"requestId"`
		DataLength        int     `json:"dataLength"`
		EncodedDataLength float64 `json:"encodedDataLength"`
		Request           struct {
			URL string `json:"url"`
		} `json:"request"`
	}
	switch m.Method {
	case "Page.loadEventFired":
		if m.SessionID != n.session {
			return
		}
		select {
		case n.loaded <- struct{}{}:
		default:
		}
		return
	case "Network.requestWillBeSent", "Network.dataReceived", "Network.loadingFinished", "Network.loadingFailed":
	default:
		return
	}
	json.Unmarshal(m.Params, &p)
	// A worker's script is asked for in the page's session and ends in the
	// worker's: request ids are the browser's, the same in every session.
	n.mu.Lock()
	defer n.mu.Unlock()
	n.last = time.Now()
	switch m.Method {
	case "Network.requestWillBeSent":
		n.requests[p.RequestID] = &request{url: p.Request.URL, search: n.engine != "" && searchFile(n.engine, p.Request.URL)}
	case "Network.dataReceived":
		if r := n.requests[p.RequestID]; r != nil {
			r.bytes += p.DataLength
		}
	case "Network.loadingFinished":
		if r := n.requests[p.RequestID]; r != nil && r.search && n.engine != "" {
			n.bytes += r.bytes
			n.sent += int(p.EncodedDataLength)
			n.files++
		}
		delete(n.requests, p.RequestID)
	case "Network.loadingFailed":
		delete(n.requests, p.RequestID)
	}
}

func (n *network) waitLoad(ctx context.Context) error {
	select {
	case <-n.loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("no load event: %v", ctx.Err())
	}
}

// waitIdle waits until no request has been pending for 300 ms.
func (n *network) waitIdle(ctx context.Context) error {
	for {
		n.mu.Lock()
		idle := len(n.requests) == 0 && time.Since(n.last) > 300*time.Millisecond
		var pending []string
		for _, r := range n.requests {
			pending = append(pending, r.url)
		}
		n.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-time.After(50 * time.Millisecond):
		case <-ctx.Done():
			sort.Strings(pending)
			return fmt.Errorf("requests still pending (%s): %v", strings.Join(pending, ", "), ctx.Err())
		}
	}
}

// searchFile tells whether the file at u is one of the search's, for engine.
func searchFile(engine, u string) bool {
	i := strings.Index(u, "://")
	if i < 0 {
		return false
	}
	p := u[i+3:]
	if j := strings.IndexByte(p, '/'); j >= 0 {
		p = p[j:]
	}
	if j := strings.IndexAny(p, "?#"); j >= 0 {
		p = p[:j]
	}
	if engine == "pagefind" {
		return strings.HasPrefix(p, "/pagefind/")
	}
	return p == "/js/recherche.js" || strings.HasPrefix(p, "/recherche/") && !strings.HasSuffix(p, "/") && !strings.HasSuffix(p, ".html")
}

// atlasWait waits, in /recherche/, until the status line is set and has stayed the
// same for 150 ms; it fails after 20 s.
const atlasWait = `new Promise((ok, fail) => {
  let last = '', same = 0, k = 0;
  const tick = () => {
    const e = document.getElementById('etat');
    const t = e ? e.textContent : '';
    if (t && t !== 'Recherche en cours…' && t === last) { if (++same >= 3) return ok(true); } else same = 0;
    last = t;
    if (++k > 400) return fail(new Error('the status line did not settle: ' + JSON.stringify(t)));
    setTimeout(tick, 50);
  };
  tick();
})`

// atlasShown collects what /recherche/ shows: the links of the results, the first
// initiative, the status line and the number of results it announces.
const atlasShown = `(() => {
  const last = document.getElementById('etat').textContent;
  const first = document.querySelector('#res-list a');
  const num = re => { const m = last.match(re); return m ? +m[1].replace(/\D/g, '') : 0; };
  const away = document.querySelectorAll('#resultats section[aria-labelledby="res-out"] > ul > li').length;
  return { Links: Array.from(document.querySelectorAll('#resultats a'), a => a.getAttribute('href')),
    First: first ? first.getAttribute('href') : '', Status: last,
    Count: num(/^([\d\s]+)initiatives? trouvée/) + num(/ et ([\d\s]+)pages? de commune/) + away };
})()`

// pagefindPage asks Pagefind's JavaScript API for the query of its address, as
// Pagefind's default interface does: the results, then the data of the first 5
// (window.pfShown resolves then); window.pfMore() loads those of the first 20 and
// returns what they are.
const pagefindPage = `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Pagefind</title><script>
window.pfShown = (async () => {
  const q = new URLSearchParams(location.search).get('q');
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const r = await pf.search(q);
  const data = [];
  for (const x of r.results.slice(0, 5)) data.push(await x.data());
  window.pfMore = async () => {
    for (const x of r.results.slice(5, 20)) data.push(await x.data());
    const links = data.map(d => d.url);
    return { Links: links, First: links.find(u => u.indexOf('/initiatives/') >= 0) || '', Status: '', Count: r.results.length };
  };
  return true;
})();
</script></html>`
