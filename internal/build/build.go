// Package build is the pipeline shared by atlas build, check and serve and by the
// end-to-end tests: load the content, build the model, convert the Markdown, render
// the pages. Every stage runs even when an earlier one found problems, so that one
// run reports everything; only writing needs a clean run.
package build

import (
	"bytes"
	"errors"
	stdhtml "html"
	"html/template"
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/markdown"
	"github.com/reseau-ess-92/atlas/internal/publish"
	"github.com/reseau-ess-92/atlas/internal/render"
)

// Options says what to build.
type Options struct {
	Source  fs.FS  // the site folder: site.toml, content/, and optionally layouts/ and static/
	Theme   fs.FS  // the default theme, with layouts/ and static/
	BaseURL string // overrides site.toml's baseURL when not ""
}

// Result is a built site, in memory.
type Result struct {
	Atlas *atlas.Atlas
	Files []render.File
	Pages int // HTML pages among Files
}

// Run builds the site in memory. The diagnostics are sorted; Result is nil only when
// nothing could be rendered.
func Run(opts Options) (*Result, diag.List) {
	c, d := content.Load(opts.Source)
	a, md := atlas.New(c)
	d.Append(md)

	baseURL := opts.BaseURL
	if baseURL == "" && c.Site != nil {
		baseURL = c.Site.BaseURL
	}
	_, basePath := render.SplitBase(baseURL)
	bodies, bd := convert(a, markdown.New(basePath, a.Site.Unsafe))
	d.Append(bd)

	layouts, static, err := theme(opts.Source, opts.Theme)
	if err != nil {
		d.Add(diag.Pos{File: "layouts"}, "%v", err)
		d.Sort()
		return nil, d
	}
	r, rd := render.New(layouts, static, baseURL)
	d.Append(rd)
	if r == nil || len(rd) > 0 {
		d.Sort()
		return nil, d
	}
	files, fd := r.Render(a, bodies)
	d.Append(fd)
	d.Sort()
	res := &Result{Atlas: a, Files: files}
	for _, f := range files {
		if len(f.Path) > 5 && f.Path[len(f.Path)-5:] == ".html" {
			res.Pages++
		}
	}
	return res, d
}

// Write builds the site and publishes it to out. On any diagnostic it writes nothing.
func Write(opts Options, out string) (*Result, diag.List, error) {
	res, d := Run(opts)
	if len(d) > 0 {
		return res, d, nil
	}
	if err := publish.Minify(res.Files); err != nil {
		return res, nil, err
	}
	return res, nil, publish.Write(out, res.Files)
}

// theme returns the layouts and static folders, the site's own files over the
// default theme's.
func theme(src, def fs.FS) (layouts, static fs.FS, err error) {
	sub := func(fsys fs.FS, dir string) (fs.FS, error) {
		if fsys == nil {
			return nil, nil
		}
		if _, err := fs.Stat(fsys, dir); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil
			}
			return nil, err
		}
		return fs.Sub(fsys, dir)
	}
	var parts [4]fs.FS
	for i, x := range []struct {
		fsys fs.FS
		dir  string
	}{{src, "layouts"}, {def, "layouts"}, {src, "static"}, {def, "static"}} {
		if parts[i], err = sub(x.fsys, x.dir); err != nil {
			return nil, nil, err
		}
	}
	if parts[1] == nil || parts[3] == nil {
		return nil, nil, errors.New("the default theme has no layouts/ or static/ folder")
	}
	return render.Overlay(parts[0], parts[1]), render.Overlay(parts[2], parts[3]), nil
}

// convert renders the Markdown of every document in parallel and records the typed
// links between documents as backlinks.
func convert(a *atlas.Atlas, conv *markdown.Converter) (render.Bodies, diag.List) {
	type job struct {
		doc atlas.Doc
		src content.Markdown
	}
	var jobs []job
	for _, c := range a.Communes {
		jobs = append(jobs, job{c, c.Summary})
	}
	for _, in := range a.Initiatives {
		jobs = append(jobs, job{in, in.Body})
	}
	for _, p := range a.Pages {
		jobs = append(jobs, job{p, p.Body})
	}
	type result struct {
		html    []byte
		targets []markdown.Target
		d       diag.List
	}
	results := make([]result, len(jobs))
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				r := &results[i]
				r.html, r.targets, r.d = conv.Convert(jobs[i].src, a)
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()

	bodies := make(render.Bodies, len(jobs))
	links := map[atlas.Doc][]atlas.Doc{}
	var d diag.List
	for i, j := range jobs {
		r := results[i]
		d.Append(r.d)
		if len(r.html) > 0 {
			bodies[j.doc] = render.Body{HTML: template.HTML(r.html), Summary: summary(r.html, 160)}
		}
		for _, t := range r.targets {
			if to, _ := a.Lookup(t.Kind, t.Slug); to != nil {
				links[j.doc] = append(links[j.doc], to)
			}
		}
	}
	a.AddBacklinks(links)
	return bodies, d
}

// summary returns the text of the first paragraph of html, cut at a word boundary
// to at most n characters.
func summary(html []byte, n int) string {
	start := bytes.Index(html, []byte("<p>"))
	if start < 0 {
		return ""
	}
	end := bytes.Index(html[start:], []byte("</p>"))
	if end < 0 {
		return ""
	}
	var b strings.Builder
	in := false
	for _, r := range string(html[start+3 : start+end]) {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	text := strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := string([]rune(text)[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
