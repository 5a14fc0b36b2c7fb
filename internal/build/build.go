// Package build is the pipeline shared by atlas build, check and serve and by the
// end-to-end tests: load the content, build the model, convert the Markdown, render
// the pages. Every stage runs even when an earlier one found problems, so that one
// run reports everything; only writing needs a clean run.
//
// Options.Source is read only through a sitefs.FS (build wraps any other fs.FS in
// one), so that no loader, present or future, follows a symbolic link, blocks on a
// named pipe or reads a file over its size limit; what the FS refused is reported
// with the other problems. Write publishes through package publish: into an output
// folder atlas owns, atomically, under a lock.
package build

import (
	"bytes"
	"errors"
	"fmt"
	stdhtml "html"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/markdown"
	"github.com/reseau-ess-92/atlas/internal/parallel"
	"github.com/reseau-ess-92/atlas/internal/progress"
	"github.com/reseau-ess-92/atlas/internal/publish"
	"github.com/reseau-ess-92/atlas/internal/render"
	"github.com/reseau-ess-92/atlas/internal/sitefs"
)

// Options says what to build.
type Options struct {
	Source  fs.FS  // the site folder: site.toml, content/, and optionally layouts/ and static/
	Theme   fs.FS  // the default theme, with layouts/ and static/
	BaseURL string // overrides site.toml's baseURL when not ""
	// Progress, when not nil, shows the stages of a long build and their counts.
	Progress *progress.Line
	// Today is the date taken as today, for the freshness of the fiches (zero: the
	// clock's). The commands read it from SOURCE_DATE_EPOCH when set, for
	// reproducible builds; tests fix it, so that their output does not age.
	Today time.Time
}

// Result is a built site.
type Result struct {
	Atlas *atlas.Atlas
	Files []render.File // sorted by path; nil after Write, which does not keep them
	Count int           // files
	Pages int           // HTML pages among them

	Published publish.Stats // what Write changed in the output folder

	// Warnings are what the site should still fill in, such as the fields of
	// [publisher] that the legal pages show as placeholders. They are not errors:
	// the site builds, check succeeds, and they are printed as path:line:col:
	// warning: message.
	Warnings diag.List
}

// Run builds the site in memory. The diagnostics are sorted; Result is nil only when
// nothing could be rendered.
func Run(opts Options) (*Result, diag.List) {
	var mu sync.Mutex
	var files []render.File
	res, d := run(opts, func(f render.File) {
		f.Data = bytes.Clone(f.Data) // Render reuses the bytes of its pages
		mu.Lock()
		files = append(files, f)
		mu.Unlock()
	})
	if res != nil {
		slices.SortFunc(files, func(x, y render.File) int { return strings.Compare(x.Path, y.Path) })
		res.Files = files
	}
	return res, d
}

// Write builds the site and publishes it to out, minifying and writing each file as
// soon as it is rendered, so that memory does not grow with the size of the output:
// a page is written from the buffer it was rendered in, which the next page reuses.
// On any diagnostic or error the previous output stays as it was.
func Write(opts Options, out string) (*Result, diag.List, error) {
	w, err := publish.NewWriter(out)
	if err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	var errs []error
	res, d := run(opts, func(f render.File) {
		f, err := publish.MinifyFile(f)
		if err == nil {
			err = w.Write(f)
		}
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	if len(d) > 0 || len(errs) > 0 || res == nil {
		w.Abort()
		return res, d, writeError(errs)
	}
	res.Published, err = w.Commit()
	return res, nil, err
}

// writeError sums up the errors of writing the files of a site. They usually have
// one cause (a full disk, a folder that cannot be written), so one line says it, with
// how many files it hit, instead of one line per file.
func writeError(errs []error) error {
	if len(errs) == 0 {
		return nil
	}
	slices.SortFunc(errs, func(x, y error) int { return strings.Compare(x.Error(), y.Error()) })
	causes := map[string]int{}
	var order []error
	for _, err := range errs {
		cause := err
		var pe *fs.PathError
		if errors.As(err, &pe) {
			cause = pe.Err
		}
		if causes[cause.Error()] == 0 {
			order = append(order, err)
		}
		causes[cause.Error()]++
	}
	var out []error
	for _, err := range order {
		cause := err
		var pe *fs.PathError
		if errors.As(err, &pe) {
			cause = pe.Err
		}
		if n := causes[cause.Error()]; n > 1 {
			err = fmt.Errorf("%w (and %d other files)", err, n-1)
		}
		out = append(out, err)
	}
	return errors.Join(out...)
}

// run is the pipeline; it gives every file to emit, possibly from several goroutines.
// emit must be done with the file's bytes when it returns (see render.Render).
func run(opts Options, emit func(render.File)) (*Result, diag.List) {
	// Every read of the site goes through one sitefs.FS, whatever Source is, so that
	// no loader can follow a symbolic link or block on a named pipe; what it refused is
	// reported with the other problems, at the end.
	src := sitefs.New(opts.Source)
	opts.Progress.Set("lecture", 0, 0, "")
	c, d := content.Load(src)
	if c.Site != nil {
		d.Append(checkContent(src))
	}

	a, md := atlas.New(c)
	d.Append(md)

	baseURL := opts.BaseURL
	if baseURL == "" && c.Site != nil {
		baseURL = c.Site.BaseURL
	}
	_, basePath := render.SplitBase(baseURL)
	bodies, bd := convert(a, newConverter(a, basePath), opts.Progress)
	d.Append(bd)

	var limited fs.FS = src
	if c.Site != nil {
		limited = sitefs.WithLimits(src, c.Site.Limits)
	}
	layouts, static, err := theme(limited, opts.Theme)
	if err != nil {
		d = append(d, sitefs.Diag("layouts", err))
		return nil, sorted(&d, src)
	}
	d.Append(checkAliasFiles(a, static))
	r, rd := render.New(layouts, static, baseURL)
	if r != nil {
		r.SetToday(opts.Today)
	}
	d.Append(rd)
	if r == nil || len(rd) > 0 {
		return nil, sorted(&d, src)
	}
	res := &Result{Atlas: a, Warnings: c.Site.Warnings()}
	var count, pages atomic.Int64
	r.OnPage = func(done, total int) { opts.Progress.Set("rendu", done, total, "pages") }
	d.Append(r.Render(a, bodies, func(f render.File) {
		count.Add(1)
		if strings.HasSuffix(f.Path, ".html") {
			pages.Add(1)
		}
		emit(f)
	}))
	res.Count, res.Pages = int(count.Load()), int(pages.Load())
	return res, sorted(&d, src)
}

// checkAliasFiles reports, and drops, the aliases whose redirection page would
// collide with a file of static/ (the site's or the theme's): /css/atlas.css/ would
// need a folder where the style sheet is. Package atlas, which checks aliases
// against pages, does not see the files.
func checkAliasFiles(a *atlas.Atlas, static fs.FS) diag.List {
	files := map[string]bool{}
	fs.WalkDir(static, ".", func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files[p] = true
		}
		return nil
	})
	var d diag.List
	check := func(refs []content.Ref) []content.Ref {
		var ok []content.Ref
		for _, r := range refs {
			file := strings.TrimPrefix(r.Slug, "/") + "index.html"
			hit := ""
			for p := file; p != "." && hit == ""; p = path.Dir(p) {
				if files[p] {
					hit = p
				}
			}
			if hit != "" {
				d.Add(r.Pos, "alias %q collides with the theme file static/%s", r.Slug, hit)
				continue
			}
			ok = append(ok, r)
		}
		return ok
	}
	for _, c := range a.Communes {
		c.Aliases = check(c.Aliases)
	}
	for _, in := range a.Initiatives {
		in.Aliases = check(in.Aliases)
	}
	for _, p := range a.Pages {
		p.Aliases = check(p.Aliases)
	}
	return d
}

// checkContent reports a site without a content/ folder, rather than take it for an
// empty atlas: a content/ folder deleted or renamed while serving would otherwise
// publish an empty site.
func checkContent(src fs.FS) diag.List {
	var d diag.List
	st, err := fs.Stat(src, "content")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		d.Add(diag.Pos{File: "content", Line: 1, Col: 1}, "missing content/ folder: an atlas keeps its communes, initiatives and pages in it")
	case err != nil:
		d = append(d, sitefs.Diag("content", err))
	case !st.IsDir():
		d.Add(diag.Pos{File: "content", Line: 1, Col: 1}, "content is not a folder")
	}
	return d
}

// sorted adds the problems src recorded to d and sorts it.
func sorted(d *diag.List, src fs.FS) diag.List {
	d.Append(sitefs.Diagnostics(src))
	d.Sort()
	return *d
}

// newConverter returns the Markdown converter of a's site under basePath.
func newConverter(a *atlas.Atlas, basePath string) *markdown.Converter {
	var mdOpts []markdown.Option
	if a.Site.SchemeRelative {
		mdOpts = append(mdOpts, markdown.SchemeRelative)
	}
	return markdown.New(basePath, a.Site.Unsafe, mdOpts...)
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

// text is a document with Markdown of its own, and that Markdown: the document's own
// field, emptied once converted.
type text struct {
	doc atlas.Doc
	src *content.Markdown
}

// texts returns every text of a, in a fixed order: the one list that convert and
// Session follow, so that a new kind of document with a text is added here only.
func texts(a *atlas.Atlas) []text {
	var jobs []text
	for _, c := range a.Communes {
		jobs = append(jobs, text{c, &c.Summary})
	}
	for _, in := range a.Initiatives {
		jobs = append(jobs, text{in, &in.Body})
	}
	for _, p := range a.Pages {
		jobs = append(jobs, text{p, &p.Body})
	}
	for _, s := range a.Sources {
		jobs = append(jobs, text{s, &s.Body})
	}
	for _, p := range a.Parcours {
		jobs = append(jobs, text{p, &p.Body})
	}
	return jobs
}

// convert renders the Markdown of every document in parallel and records the typed
// links between documents as backlinks. It lets each source file go as soon as its
// Markdown is converted: nothing after reads them, and at 100,000 initiatives they
// weigh 300 MB, which would make the collector run more often all through conversion.
func convert(a *atlas.Atlas, conv *markdown.Converter, line *progress.Line) (render.Bodies, diag.List) {
	jobs := texts(a)
	type result struct {
		html    template.HTML
		summary string
		targets []markdown.Target
		d       diag.List
	}
	results := make([]result, len(jobs))
	var converted atomic.Int64
	parallel.For(len(jobs), func(i int) {
		defer func() { line.Set("Markdown", int(converted.Add(1)), len(jobs), "textes") }()
		r := &results[i]
		var html []byte
		html, r.targets, r.d = conv.Convert(*jobs[i].src, a)
		*jobs[i].src = content.Markdown{}
		r.summary = summary(html, 160)
		// The string is made here, so that each buffer can go at once rather than
		// all of them at the end: at 100,000 initiatives they weigh 250 MB.
		r.html = template.HTML(html)
	})

	bodies := make(render.Bodies, len(jobs))
	links := map[atlas.Doc][]atlas.Doc{}
	var d diag.List
	for i, j := range jobs {
		r := results[i]
		d.Append(r.d)
		if len(r.html) > 0 {
			bodies[j.doc] = render.Body{HTML: r.html, Summary: r.summary}
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
// to at most n characters. It reads only as much of the paragraph as the cut needs.
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
	// seen counts the characters of the text so far, as few as they may turn out:
	// a run of spaces as one and an entity as none. Once it passes n, the rest of the
	// paragraph cannot change the cut (spaces at either end, which go, count two).
	in, entity, space, seen := false, false, false, 0
	for _, r := range string(html[start+3 : start+end]) {
		if seen > n+3 {
			break
		}
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
			switch {
			case r == '&':
				entity = true
			case entity:
				entity = r != ';'
			case unicode.IsSpace(r):
				if !space {
					seen++
				}
				space = true
				continue
			default:
				seen++
			}
			space = false
		}
	}
	return shorten(strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " "), n)
}

// shorten cuts text at a word boundary to at most n characters, with "…" when cut.
func shorten(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	cut := string([]rune(text)[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
