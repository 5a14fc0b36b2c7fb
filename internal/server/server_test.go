package server

import (
	"bufio"
	"bytes"
	"html"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
	"github.com/reseau-ess-92/atlas/internal/publish"
)

// fixture is a complete small atlas whose baseURL has a sub-path.
const fixture = "../build/testdata/autre"

// copySite copies the site folder src into a new temporary folder.
func copySite(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// logBuffer collects what the server logs, for concurrent use.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start serves dir on a free port until the end of the test.
func start(t testing.TB, dir string) (*Server, *logBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := &logBuffer{}
	s, err := Start(Config{Source: dir, Theme: atlas.Theme(), Log: log, Debounce: 20 * time.Millisecond}, ln)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if _, err := os.Stat(s.tmp); !os.IsNotExist(err) {
			t.Errorf("private folder %s still there after Close (%v)", s.tmp, err)
		}
		if t.Failed() {
			t.Logf("server log:\n%s", log)
		}
	})
	return s, log
}

func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// waitFor polls url until ok accepts the response, and fails the test after a while.
func waitFor(t testing.TB, url, what string, ok func(code int, body string) bool) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		code, body := get(t, url)
		if ok(code, body) {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: still no %s; last status %d, body:\n%s", url, what, code, body)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// events reads the versions a reload stream announces.
func events(t *testing.T, url string) <-chan string {
	t.Helper()
	resp, err := http.Get(url + "_atlas/reload")
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("reload stream Content-Type = %q, want text/event-stream", ct)
	}
	ch := make(chan string, 100)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				ch <- v
			}
		}
		close(ch)
	}()
	return ch
}

func next(t *testing.T, ch <-chan string) string {
	t.Helper()
	select {
	case v, ok := <-ch:
		if !ok {
			t.Fatal("reload stream closed")
		}
		return v
	case <-time.After(15 * time.Second):
		t.Fatal("no event on the reload stream")
	}
	return ""
}

// served returns every file of the served folder.
func served(t *testing.T, s *Server) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	err := fs.WalkDir(s.root.FS(), ".", func(name string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		got[name], err = fs.ReadFile(s.root.FS(), name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// equalsFreshBuild checks that the served folder holds exactly the files of a fresh,
// minified build of dir at the same base URL, and none with the reload script.
func equalsFreshBuild(t *testing.T, s *Server, dir string) {
	t.Helper()
	res, d := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme(), BaseURL: s.URL()})
	if len(d) > 0 {
		t.Fatalf("fresh build: %v", d)
	}
	if err := publish.Minify(res.Files); err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, f := range res.Files {
		want[f.Path] = f.Data
	}
	got := served(t, s)
	if len(want) < 10 {
		t.Fatalf("fresh build has only %d files", len(want))
	}
	for name, w := range want {
		if g, ok := got[name]; !ok {
			t.Errorf("served folder lacks %s", name)
		} else if !bytes.Equal(g, w) {
			t.Errorf("served %s differs from a fresh build", name)
		}
	}
	for name, g := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("served folder has %s, which a fresh build does not", name)
		}
		if bytes.Contains(g, []byte(reloadPath)) {
			t.Errorf("served folder's %s holds the reload script", name)
		}
	}
}

var codeRE = regexp.MustCompile(`<code>([^<]*)</code>`)

// TestServe edits, breaks and fixes a site while it is served.
func TestServe(t *testing.T) {
	dir := copySite(t, fixture)
	s, log := start(t, dir)
	url := s.URL()
	stream := events(t, url)
	v0 := next(t, stream)

	page := url + "initiatives/la-fabrique/"
	code, body := get(t, page)
	if code != 200 || !strings.Contains(body, "Un <strong>tiers-lieu</strong> en projet") {
		t.Fatalf("GET %s = %d, without the initiative's body:\n%s", page, code, body)
	}
	if !strings.Contains(body, `new EventSource("/_atlas/reload")`) || !strings.HasSuffix(strings.TrimSpace(body), "</script></body></html>") {
		t.Errorf("GET %s: no reload script just before </body>:\n%s", page, body)
	}

	t.Run("edit", func(t *testing.T) {
		src := filepath.Join(dir, "content/initiatives/la-fabrique.md")
		writeFile(t, src, strings.Replace(readFile(t, src), "en projet.", "ouvert le mardi, marque-7319.", 1))
		waitFor(t, page, "edit", func(code int, body string) bool {
			return code == 200 && strings.Contains(body, "marque-7319")
		})
		if v := next(t, stream); v == v0 {
			t.Errorf("reload stream sent version %q again after an edit", v)
		}
		equalsFreshBuild(t, s, dir)
	})

	t.Run("break and fix", func(t *testing.T) {
		src := filepath.Join(dir, "content/initiatives/la-fabrique.md")
		good := readFile(t, src)
		bad := strings.Replace(good, `type = "tiers-lieu"`, `type = "<b>tiers</b>"`, 1)
		bad = strings.Replace(bad, "Un **tiers-lieu**", "Un [voisin](commune:nulle-part) **tiers-lieu**", 1)
		if bad == good {
			t.Fatal("the fixture changed: nothing to break")
		}
		before := served(t, s)
		writeFile(t, src, bad)
		body := waitFor(t, page, "error page", func(code int, _ string) bool { return code == 500 })
		// The failed build wrote what it made beside the served files, under
		// temporary names: none of it is left, nothing was published.
		after := served(t, s)
		for name, b := range before {
			if !bytes.Equal(after[name], b) {
				t.Errorf("%s changed or went after a failed build", name)
			}
		}
		for name := range after {
			if _, ok := before[name]; !ok {
				t.Errorf("%s appeared after a failed build", name)
			}
		}

		_, d := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme(), BaseURL: url})
		if len(d) < 2 {
			t.Fatalf("the broken site has %d diagnostics, want at least 2: %v", len(d), d)
		}
		if got := problemsOf(body); got != d.Error() {
			t.Errorf("error page lists\n%s\nwant\n%s", got, d.Error())
		}
		for _, x := range d {
			if !regexp.MustCompile(`^content/initiatives/la-fabrique\.md:\d+:\d+: `).MatchString(x.Error()) {
				t.Errorf("diagnostic %q is not at path:line:col", x)
			}
			if !strings.Contains(log.String(), x.Error()+"\n") {
				t.Errorf("log lacks %q", x)
			}
		}
		for _, want := range []string{`<html lang="fr">`, "&lt;b&gt;tiers&lt;/b&gt;", `new EventSource("/_atlas/reload")`} {
			if !strings.Contains(body, want) {
				t.Errorf("error page lacks %s:\n%s", want, body)
			}
		}
		if strings.Contains(body, "<b>tiers</b>") {
			t.Errorf("error page does not escape the diagnostics:\n%s", body)
		}
		// The assets of the last good build are still served.
		if code, _ := get(t, url+"robots.txt"); code != 200 {
			t.Errorf("GET robots.txt after a failed build = %d, want 200", code)
		}

		writeFile(t, src, good)
		waitFor(t, page, "site back", func(code int, body string) bool {
			return code == 200 && strings.Contains(body, "marque-7319")
		})
		equalsFreshBuild(t, s, dir)
	})

	t.Run("vim save", func(t *testing.T) {
		// Vim's save: probe the folder with 4913, move the file to a backup, write a
		// new file, remove the backup.
		src := filepath.Join(dir, "content/initiatives/la-fabrique.md")
		good := readFile(t, src)
		writeFile(t, filepath.Join(filepath.Dir(src), "4913"), "")
		if err := os.Remove(filepath.Join(filepath.Dir(src), "4913")); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(src, src+"~"); err != nil {
			t.Fatal(err)
		}
		writeFile(t, src, strings.Replace(good, "marque-7319", "marque-8830", 1))
		if err := os.Remove(src + "~"); err != nil {
			t.Fatal(err)
		}
		waitFor(t, page, "saved text", func(code int, body string) bool {
			return code == 200 && strings.Contains(body, "marque-8830")
		})
		writeFile(t, src, good)
		waitFor(t, page, "restored text", func(code int, body string) bool {
			return code == 200 && strings.Contains(body, "marque-7319")
		})
	})

	t.Run("new folder", func(t *testing.T) {
		// A folder created after the start is watched: a file written into it
		// once the folder's own rebuild is over is seen too.
		sub := filepath.Join(dir, "content/initiatives/nouveautes")
		rebuilds := strings.Count(log.String(), "rebuilt in ")
		if err := os.Mkdir(sub, 0o755); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(15 * time.Second)
		for strings.Count(log.String(), "rebuilt in ") == rebuilds || !slices.Contains(s.watcher.WatchList(), sub) {
			if time.Now().After(deadline) {
				t.Fatalf("no rebuild or no watch after creating %s; watching %v", sub, s.watcher.WatchList())
			}
			time.Sleep(5 * time.Millisecond)
		}
		src := filepath.Join(sub, "la-fabrique-bis.md")
		writeFile(t, src, strings.Replace(readFile(t, filepath.Join(dir, "content/initiatives/la-fabrique.md")),
			`title = "La Fabrique"`, `title = "La Fabrique bis"`, 1))
		waitFor(t, url+"initiatives/la-fabrique-bis/", "new initiative", func(code int, body string) bool {
			return code == 200 && strings.Contains(body, "La Fabrique bis")
		})
		if err := os.Remove(src); err != nil {
			t.Fatal(err)
		}
		waitFor(t, url+"initiatives/la-fabrique-bis/", "removed initiative", func(code int, _ string) bool { return code == 404 })
		equalsFreshBuild(t, s, dir)
	})

	t.Run("static override", func(t *testing.T) {
		code, css := get(t, url+"css/atlas.css")
		if code != 200 || len(css) < 100 {
			t.Fatalf("GET css/atlas.css = %d, %d bytes", code, len(css))
		}
		writeFile(t, filepath.Join(dir, "static/css/atlas.css"), "body{color:#123456}")
		waitFor(t, url+"css/atlas.css", "new CSS", func(code int, body string) bool {
			return code == 200 && body == "body{color:#123456}"
		})
	})
}

// problemsOf returns the problems an error page lists.
func problemsOf(page string) string {
	var got []string
	for _, m := range codeRE.FindAllStringSubmatch(page, -1) {
		got = append(got, html.UnescapeString(m[1]))
	}
	return strings.Join(got, "\n")
}

// TestBrokenStart starts on a broken site.toml, then breaks a template of the site's
// own layouts/: each time the error page lists what a build reports, and each fix
// brings the site back.
func TestBrokenStart(t *testing.T) {
	dir := copySite(t, fixture)
	site := filepath.Join(dir, "site.toml")
	good := readFile(t, site)
	writeFile(t, site, strings.Replace(good, `language = "fr"`, `language = `, 1))
	s, _ := start(t, dir)
	home := s.URL()

	for _, step := range []struct {
		name   string
		file   string
		prefix string // of every problem
	}{
		{"site.toml", "", "site.toml:"},
		{"template", "layouts/initiative.html", "layouts/initiative.html:"},
	} {
		if step.file != "" {
			writeFile(t, filepath.Join(dir, step.file), "{{define \"main\"}}\n<p>{{.Nope</p>\n{{end}}\n")
		}
		page := waitFor(t, home, "error page", func(code int, _ string) bool { return code == 500 })
		_, d := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme(), BaseURL: home})
		if len(d) == 0 {
			t.Fatalf("%s: the broken site builds", step.name)
		}
		if got := problemsOf(page); got != d.Error() {
			t.Errorf("%s: error page lists\n%s\nwant\n%s", step.name, got, d.Error())
		}
		for _, x := range d {
			if !strings.HasPrefix(x.Error(), step.prefix) {
				t.Errorf("%s: problem %q, want it in %s", step.name, x, step.prefix)
			}
		}
		if step.file == "" {
			writeFile(t, site, good)
		} else if err := os.Remove(filepath.Join(dir, step.file)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, home, "site back", func(code int, body string) bool {
			return code == 200 && strings.Contains(body, "Atlas des tiers-lieux de la vallée")
		})
	}
	equalsFreshBuild(t, s, dir)
}

// TestLinks checks that the site is served at the root whatever its baseURL: every
// internal link of the home page works.
func TestLinks(t *testing.T) {
	s, _ := start(t, copySite(t, fixture))
	_, home := get(t, s.URL())
	links := regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(home, -1)
	if len(links) < 10 {
		t.Fatalf("home page has %d internal links, want many", len(links))
	}
	for _, l := range links {
		if strings.HasPrefix(l[1], "/vallee/") {
			t.Errorf("link %s keeps the sub-path of site.toml's baseURL", l[1])
		}
		if code, _ := get(t, s.URL()+strings.TrimPrefix(html.UnescapeString(l[1]), "/")); code != 200 {
			t.Errorf("GET %s = %d, want 200", l[1], code)
		}
	}
}

// rawGet sends target as is, unlike http.Get, which cleans it.
func rawGet(t *testing.T, addr, target string) (int, string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET "+target+" HTTP/1.1\r\nHost: "+addr+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestTraversal(t *testing.T) {
	const secret = "secret-4ac1f"
	s, _ := start(t, copySite(t, fixture))
	addr := strings.TrimSuffix(strings.TrimPrefix(s.URL(), "http://"), "/")
	// A secret beside the served folder, and a link to it planted inside.
	writeFile(t, filepath.Join(s.tmp, "secret.txt"), secret)
	if err := os.Symlink("../secret.txt", filepath.Join(s.tmp, "public", "lien.txt")); err != nil {
		t.Fatal(err)
	}
	if code, body := rawGet(t, addr, "/robots.txt"); code != 200 || body == "" {
		t.Fatalf("GET /robots.txt = %d %q, want 200 and the file", code, body)
	}
	for _, target := range []string{
		"/../secret.txt",
		"/css/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/..%2fsecret.txt",
		"/%2e%2e%2fsecret.txt",
		"/css/..%2f..%2fsecret.txt",
		"/css/%2e%2e/%2e%2e/secret.txt",
		"/..%5csecret.txt",
		"/.%2e/secret.txt",
		"//secret.txt",
		"/lien.txt",
	} {
		code, body := rawGet(t, addr, target)
		if code != 404 || strings.Contains(body, secret) {
			t.Errorf("GET %s = %d, want 404 without the secret; body:\n%.200s", target, code, body)
		}
	}
}

func TestFileName(t *testing.T) {
	for _, tt := range []struct {
		path string
		want string // "" for refused
	}{
		{"/", "index.html"},
		{"/communes/", "communes/index.html"},
		{"/communes/ecully/", "communes/ecully/index.html"},
		{"/css/atlas.css", "css/atlas.css"},
		{"", ""},
		{"/..", ""},
		{"/../x", ""},
		{"/a/../x", ""},
		{"/./x", ""},
		{"//x", ""},
		{"/a//x", ""},
		{"/a\\..\\x", ""},
		{"/x\x00", ""},
	} {
		got, ok := fileName(tt.path)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("fileName(%q) = %q, %v; want %q", tt.path, got, ok, tt.want)
		}
	}
}

func TestRelevant(t *testing.T) {
	s := &Server{cfg: Config{Source: "/site"}}
	for _, tt := range []struct {
		name string
		op   fsnotify.Op
		want bool
	}{
		{"/site/site.toml", fsnotify.Write, true},
		{"/site/content/initiatives/a.md", fsnotify.Write, true},
		{"/site/content/initiatives/a.md", fsnotify.Rename, true},
		{"/site/content/initiatives/new", fsnotify.Create, true},
		{"/site/layouts/base.html", fsnotify.Write, true},
		{"/site/static/css/atlas.css", fsnotify.Create, true},
		{"/site/content", fsnotify.Remove, true},
		{"/site/content/initiatives/a.md", fsnotify.Chmod, false},
		{"/site/content/initiatives/.a.md.swp", fsnotify.Write, false},
		{"/site/content/initiatives/a.md~", fsnotify.Create, false},
		{"/site/content/initiatives/.#a.md", fsnotify.Create, false},
		{"/site/content/initiatives/#a.md#", fsnotify.Create, false},
		{"/site/content/initiatives/4913", fsnotify.Create, false},
		{"/site/content/.git/index", fsnotify.Write, false},
		{"/site/public/index.html", fsnotify.Write, false},
		{"/site/.git/index", fsnotify.Write, false},
		{"/site/README.md", fsnotify.Write, false},
		{"/elsewhere/site.toml", fsnotify.Write, false},
	} {
		rel, got := s.relevant(fsnotify.Event{Name: tt.name, Op: tt.op})
		if got != tt.want {
			t.Errorf("relevant(%s %s) = %v, want %v", tt.op, tt.name, got, tt.want)
		}
		if want := strings.TrimPrefix(tt.name, "/site/"); got && rel != want {
			t.Errorf("relevant(%s %s) names %q, want %q", tt.op, tt.name, rel, want)
		}
	}
}

func TestInject(t *testing.T) {
	for _, tt := range []struct{ page, want string }{
		{"<p>a</p></body></html>", "<p>a</p>S</body></html>"},
		{"<p></body></p></body></html>", "<p></body></p>S</body></html>"},
		{"<p>a</p>", "<p>a</p>S"},
	} {
		var script bytes.Buffer
		reloadScript.Execute(&script, "v1")
		got := string(inject([]byte(tt.page), "v1"))
		if want := strings.Replace(tt.want, "S", script.String(), 1); got != want {
			t.Errorf("inject(%q) = %q, want %q", tt.page, got, want)
		}
	}
}
