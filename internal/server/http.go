package server

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net"
	"net/http"
	"path"
	"strings"
	"time"
)

// reloadPath is the stream of versions the injected script listens to.
const reloadPath = "/_atlas/reload"

// ServeHTTP serves the published site, the reload stream and, after a failed build,
// the error page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if !localHost(r.Host) {
		http.Error(w, "hôte non autorisé : ouvrez l’adresse que donne atlas serve", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "méthode non autorisée", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == reloadPath {
		s.serveEvents(w, r)
		return
	}
	st := s.state.Load()
	name, ok := fileName(r.URL.Path)
	if !ok {
		s.serveNotFound(w, r, st)
		return
	}
	info, err := s.root.Stat(name)
	switch {
	case err != nil:
		s.serveNotFound(w, r, st)
		return
	case info.IsDir():
		u := *r.URL
		u.Path += "/"
		http.Redirect(w, r, u.RequestURI(), http.StatusMovedPermanently)
		return
	case strings.HasSuffix(name, ".html") && st.problems != nil:
		s.serveProblems(w, r, st)
		return
	case strings.HasSuffix(name, ".html"):
		s.servePage(w, r, name, http.StatusOK, st)
		return
	}
	f, err := s.root.Open(name)
	if err != nil {
		s.serveNotFound(w, r, st)
		return
	}
	defer f.Close()
	if ct, ok := mediaTypes[path.Ext(name)]; ok {
		w.Header().Set("Content-Type", ct)
	}
	http.ServeContent(w, r, name, time.Time{}, f)
}

// localHost reports whether host, a request's Host header, names the server by an
// IP address or as localhost. Any other name is refused: a page of another site
// whose name is made to resolve to 127.0.0.1 (DNS rebinding) would otherwise read
// the preview, drafts included, as if it were its own.
func localHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	return net.ParseIP(strings.Trim(host, "[]")) != nil
}

// mediaTypes completes mime.TypeByExtension for the files of a site.
var mediaTypes = map[string]string{
	".geojson": "application/geo+json",
}

// fileName returns the file of the published folder that urlPath names, or false
// when urlPath is not a clean absolute path: it has an empty, "." or ".." element,
// once percent-decoded, or a backslash or NUL byte.
func fileName(urlPath string) (string, bool) {
	name, ok := strings.CutPrefix(urlPath, "/")
	if !ok || strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

// servePage serves an HTML file of the site with the reload script.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, name string, code int, st *state) {
	data, err := s.root.ReadFile(name)
	if err != nil {
		s.serveNotFound(w, r, st)
		return
	}
	writeHTML(w, r, code, inject(data, st.version))
}

// serveNotFound serves the site's 404.html with status 404, or the error page after
// a failed build.
func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request, st *state) {
	if st.problems != nil {
		s.serveProblems(w, r, st)
		return
	}
	data, err := s.root.ReadFile("404.html")
	if err != nil {
		data = []byte(`<!doctype html><html lang="fr"><meta charset="utf-8"><title>Page introuvable</title><body><p>Page introuvable.</p></body></html>`)
	}
	writeHTML(w, r, http.StatusNotFound, inject(data, st.version))
}

func writeHTML(w http.ResponseWriter, r *http.Request, code int, data []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// reloadScript reloads the page when the server announces a version other than the
// one the page was served with.
var reloadScript = template.Must(template.New("reload").Parse(
	`<script>(()=>{const v={{.}},e=new EventSource("` + reloadPath + `");` +
		`e.onmessage=m=>{if(m.data!==v){e.close();location.reload()}}})()</script>`))

// inject returns page with the reload script before its last </body>, or at its end.
func inject(page []byte, version string) []byte {
	var script bytes.Buffer
	reloadScript.Execute(&script, version)
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+script.Len())
	out = append(out, page[:i]...)
	out = append(out, script.Bytes()...)
	return append(out, page[i:]...)
}

// errorPage lists the problems of a failed build.
var errorPage = template.Must(template.New("errors").Parse(`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Le site n’a pas pu être construit</title>
<style>
body{font:1rem/1.5 system-ui,sans-serif;margin:0;padding:2rem;background:#fff8f6;color:#1c1b1b}
main{max-width:60rem;margin:auto}
h1{color:#a4161a;font-size:1.5rem}
ol{padding-left:1.5rem}
li{margin:.4rem 0}
code{font:.95rem/1.4 ui-monospace,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
</style>
</head>
<body>
<main>
<h1>Le site n’a pas pu être construit</h1>
<p>{{.Count}} à corriger. La page se rechargera d’elle-même au prochain enregistrement réussi.</p>
<ol>
{{range .Problems}}<li><code>{{.}}</code></li>
{{end}}</ol>
</main>
{{.Script}}</body>
</html>
`))

// serveProblems serves the error page with status 500.
func (s *Server) serveProblems(w http.ResponseWriter, r *http.Request, st *state) {
	var script bytes.Buffer
	reloadScript.Execute(&script, st.version)
	n := "1 problème"
	if len(st.problems) > 1 {
		n = fmt.Sprintf("%d problèmes", len(st.problems))
	}
	var page bytes.Buffer
	err := errorPage.Execute(&page, struct {
		Count    string
		Problems []string
		Script   template.HTML
	}{n, st.problems, template.HTML(script.String())})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	writeHTML(w, r, http.StatusInternalServerError, page.Bytes())
}

// serveEvents streams the version of the site: the current one at once, then each new
// one, until the client or the server goes away.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	ch := make(chan string, 1)
	s.mu.Lock()
	s.clients[ch] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.clients, ch)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	version := s.state.Load().version
	for {
		if _, err := fmt.Fprintf(w, "data: %s\n\n", version); err != nil {
			return
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return
		}
		select {
		case version = <-ch:
		case <-r.Context().Done():
			return
		case <-s.quit:
			return
		}
	}
}
