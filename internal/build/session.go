package build

import (
	"hash/maphash"
	"html/template"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/fingerprint"
	"github.com/reseau-ess-92/atlas/internal/markdown"
	"github.com/reseau-ess-92/atlas/internal/parallel"
	"github.com/reseau-ess-92/atlas/internal/render"
	"github.com/reseau-ess-92/atlas/internal/sitefs"
)

// Session builds one site again and again, as atlas serve does after each save, and
// makes only what the changes since the last published build can have changed. The
// files it gives, over the files of the last published build less those it says are
// gone, are exactly the files that Run gives for the same sources: that is the
// promise, which the property test of package server checks edit after edit.
//
// What it keeps between builds, and how each is kept right:
//
//   - the parsed source files (content.Cache), read again when the caller says they
//     changed (Changed);
//   - the converted Markdown of each document, used again while its text and every
//     link it resolved are the same and it had no problem;
//   - the model of the last published build and, for each page of a class that
//     render.Page.Deps describes, a key: a fingerprint of the page's own fields, of
//     the documents it is about and of those Deps lists (package fingerprint), and of
//     what every page shows (site.toml, the free pages of the menu, the date in the
//     footer). A page whose key is the same is not rendered again.
//
// An edit that changes only the Markdown of communes, initiatives or pages, each
// without a problem and with the same typed links, keeps the model: only the pages
// of those documents, the pages of unknown kinds, the feed and the search index
// (which render.Renderer keeps and updates, see search.Indexer) are made. Any other
// edit of those files builds the model again and renders the pages whose key changed,
// the pages that show the model in the large and those of unknown kinds, each
// commune's data files whose key changed, and every other file that is not a page.
// Anything else (site.toml, a template, a static file, a file of a kind this does not
// know, lost watcher events) renders everything.
//
// A Session is not safe for concurrent use.
type Session struct {
	opts  Options
	files *content.Cache
	conv  map[docKey]*converted

	renderer *render.Renderer
	custom   bool // the site has templates of its own: every page is of unknown class

	// What the changes since the last commit ask for.
	full     bool            // render everything
	bodyOnly map[string]bool // content files read again: whether only their Markdown changed

	pub, next *state // the last published build, and the one built but not yet published
	today     time.Time

	emit func(render.File) // BuildTo's, during a build
}

// day is the date of t, in UTC and where the machine is.
func day(t time.Time) string { return t.UTC().Format(time.DateOnly) + t.Format(time.DateOnly) }

// state is what one build leaves for the next.
type state struct {
	model  *atlas.Atlas
	keys   map[string]uint64    // output path of a page → its key
	byPath map[string]atlas.Doc // source file → its document
	stale  []string             // pages made without a key: their keys in keys are gone at Commit
	bodies render.Bodies        // the converted Markdown of model's documents
	pages  map[string]bool      // the output paths of its pages
	groups map[string]string    // the output path of each file of a Group → its Group
	day    string               // the date taken as today
}

// bodyGroups are the Groups a render with Selection.BodiesOnly leaves as they were,
// themeGroups those that one with Selection.SameTheme leaves.
var (
	bodyGroups  = map[string]bool{"data": true, "sitemap": true, "robots": true, "static": true, "lieux": true, "commune-data": true}
	themeGroups = map[string]bool{"robots": true, "static": true}
	// summaryGroups are those left when a summary changed too: the data files are made.
	summaryGroups = map[string]bool{"sitemap": true, "robots": true, "static": true, "lieux": true, "commune-data": true}
)

// outcome returns the next state's groups and the Gone of an output: a file of the
// last publication that this build did not make stays if it is a page of pages or
// a file of a Group in kept.
func outcome(prev *state, made []made, pages, kept map[string]bool) (map[string]string, func(string) bool) {
	paths := make(map[string]bool, len(made))
	groups := map[string]string{}
	if prev != nil {
		for p, g := range prev.groups {
			if kept[g] {
				groups[p] = g
			}
		}
	}
	for _, f := range made {
		paths[f.path] = true
		if f.group != "" {
			groups[f.path] = f.group
		}
	}
	return groups, func(p string) bool { return !paths[p] && !pages[p] && !kept[groups[p]] }
}

// made is a file a build made, as outcome needs it.
type made struct{ path, group string }

// docKey names a document across builds.
type docKey struct{ kind, url string }

// converted is the Markdown of one document, converted without a problem.
type converted struct {
	src      uint64 // hash of the text
	html     template.HTML
	summary  string
	targets  []markdown.Target
	resolved []resolution
}

// resolution is one typed link as the model resolved it.
type resolution struct {
	kind, slug   string
	path         string
	found, known bool
}

// NewSession returns a session that builds with the theme and base URL of opts;
// each Build is given the site folder.
func NewSession(opts Options) *Session {
	return &Session{opts: opts, files: content.NewCache(), conv: map[docKey]*converted{}, full: true}
}

// Changed tells the session that the files or folders at these slash paths, from
// the site root, changed (written, created, removed or renamed).
func (s *Session) Changed(paths ...string) {
	for _, p := range paths {
		p = path.Clean(p)
		s.files.Forget(p)
		if !isContent(p) {
			s.full = true
		}
	}
}

// ChangedAll tells the session that anything may have changed: lost events.
func (s *Session) ChangedAll() {
	s.files.ForgetAll()
	s.full = true
}

// isContent reports whether p is, or is under, a folder of the documents that a
// Session follows one by one. Everything else (site.toml, layouts/, static/, a new
// kind of content) is followed as a change of everything.
func isContent(p string) bool {
	for _, dir := range []string{content.CommunesDir, content.InitiativesDir, content.PagesDir} {
		if p == dir || strings.HasPrefix(p, dir+"/") {
			return true
		}
	}
	return false
}

// Output is what one Build made.
type Output struct {
	Result *Result
	// Files are the files made by this build, sorted by path; nil for BuildTo,
	// which gives them to its emit instead.
	Files []render.File
	// Gone reports whether a file of the last published build is not part of this
	// one; the others, when not in Files, stand as they were.
	Gone func(path string) bool
	// Full is true when every file was made.
	Full bool
}

// Build builds the site in src (a fresh sitefs.FS for each build, or any fs.FS,
// which it reads through one, as Run does). On success the caller publishes the
// output and calls Commit, or Reset when publishing failed.
func (s *Session) Build(fsys fs.FS) (*Output, diag.List) { return s.BuildTo(fsys, nil) }

// BuildTo is Build giving each file to emit as soon as it is made, from several
// goroutines at once, rather than keeping them all in Output.Files: at 100,000
// initiatives the first build makes 2.3 GB of files. emit must be done with the
// file's bytes when it returns (see render.Render). On diagnostics, what emit was
// given is not to be published. A nil emit is Build.
func (s *Session) BuildTo(fsys fs.FS, emit func(render.File)) (*Output, diag.List) {
	s.emit = emit
	defer func() { s.emit = nil }()
	s.next = nil
	src := sitefs.New(fsys)
	s.opts.Progress.Set("lecture", 0, 0, "")
	c, d := s.files.Load(src)
	if c.Site != nil {
		d.Append(checkContent(src))
	}
	// What the reader refused is reported by the build that met it only: the builds
	// after it, which may not read that file again, read everything.
	defer func() {
		if len(sitefs.Diagnostics(src)) > 0 {
			s.ChangedAll()
		}
	}()
	for p, only := range s.files.Changed() {
		prev, ok := s.bodyOnly[p]
		if s.bodyOnly == nil {
			s.bodyOnly = map[string]bool{}
		}
		s.bodyOnly[p] = (prev || !ok) && only
	}
	if s.full {
		s.renderer, s.conv = nil, map[docKey]*converted{}
	}
	var rd diag.List
	sameTheme := s.renderer != nil && s.pub != nil
	if s.renderer == nil {
		s.renderer, s.custom, rd = s.newRenderer(src, c)
	}
	// Today is fixed for the build, and counts in the keys of the pages by its date:
	// the freshness of the fiches (« À confirmer ») changes with it.
	s.today = s.opts.Today
	if s.today.IsZero() {
		s.today = time.Now()
	}
	if s.renderer != nil {
		s.renderer.SetToday(s.today)
	}
	if s.pub != nil && s.pub.day != day(s.today) {
		s.bodyOnly = nil // a new day: the model's pages may change
	}
	if s.renderer != nil && len(sitefs.Diagnostics(src)) == 0 {
		if out, ok := s.bodies(c, d); ok {
			return out, nil
		}
	}
	return s.model(src, c, d, rd, sameTheme)
}

// newRenderer parses the templates.
func (s *Session) newRenderer(src fs.FS, c *content.Content) (*render.Renderer, bool, diag.List) {
	var d diag.List
	var limited fs.FS = src
	if c.Site != nil {
		limited = sitefs.WithLimits(src, c.Site.Limits)
	}
	layouts, static, err := theme(limited, s.opts.Theme)
	if err != nil {
		d = append(d, sitefs.Diag("layouts", err))
		return nil, false, d
	}
	r, rd := render.New(layouts, static, s.baseURL(c))
	d.Append(rd)
	if r == nil || len(rd) > 0 {
		return nil, false, d
	}
	r.KeepQRCodes()
	r.KeepSearchIndex()
	custom := false
	fs.WalkDir(src, "layouts", func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			custom = true
			return fs.SkipAll
		}
		return nil
	})
	return r, custom, nil
}

func (s *Session) baseURL(c *content.Content) string {
	if s.opts.BaseURL == "" && c.Site != nil {
		return c.Site.BaseURL
	}
	return s.opts.BaseURL
}

// Commit records that the output of the last Build is published.
func (s *Session) Commit() {
	if s.next == nil {
		return
	}
	for _, p := range s.next.stale {
		delete(s.next.keys, p)
	}
	s.next.stale = nil
	s.pub, s.next = s.next, nil
	s.full, s.bodyOnly = false, nil
}

// Reset forgets what was published: the next build makes everything.
func (s *Session) Reset() {
	s.pub, s.next = nil, nil
	s.full = true
}

// bodies builds the site when only Markdown texts changed since the last published
// build, keeping its model; it reports false when that is not the case.
func (s *Session) bodies(c *content.Content, d diag.List) (*Output, bool) {
	if s.pub == nil || s.full || len(d) > 0 || len(s.bodyOnly) == 0 {
		return nil, false
	}
	a := s.pub.model
	sources := sourcesOf(c, s.bodyOnly)
	changed := map[atlas.Doc]bool{}
	conv := newConverter(a, basePath(s.baseURL(c)))
	updates := map[docKey]*converted{}
	summaries := false // whether a summary changed: the GoGoCarto export holds them
	for p, only := range s.bodyOnly {
		doc, src := s.pub.byPath[p], sources[p]
		if !only || doc == nil || src == nil {
			return nil, false
		}
		k := keyOf(doc)
		old := s.conv[k]
		next, cd := convertOne(conv, *src, a)
		if len(cd) > 0 || next == nil || !sameTargets(a, old, next) {
			return nil, false
		}
		updates[k] = next
		changed[doc] = true
		if old == nil || old.summary != next.summary {
			summaries = true
		}
	}
	// The cache and the bodies change before the build is published; should it not
	// be, the changed files are converted and rendered again all the same.
	bodies := s.pub.bodies
	for doc := range changed {
		k := keyOf(doc)
		s.conv[k] = updates[k]
		if r := updates[k]; len(r.html) > 0 {
			bodies[doc] = render.Body{HTML: r.html, Summary: r.summary}
		} else {
			delete(bodies, doc)
		}
	}
	// The keys of the pages made now no longer describe them: they go at Commit.
	var mu sync.Mutex
	var stale []string
	sel := &render.Selection{BodiesOnly: true, KeepData: !summaries, Page: func(p *render.Page) bool {
		if !s.custom {
			switch p.Deps(func(atlas.Doc, render.Level) {}) {
			case render.Model:
				return false
			case render.Local:
				if !slices.ContainsFunc(pageDocs(p), func(doc atlas.Doc) bool { return changed[doc] }) {
					return false
				}
			}
		}
		mu.Lock()
		stale = append(stale, render.OutPath(p.Path))
		mu.Unlock()
		return true
	}}
	res, files, done, rd := s.render(a, bodies, sel)
	if len(rd) > 0 {
		return nil, false
	}
	res.Warnings = c.Site.Warnings()
	kept := bodyGroups
	if summaries {
		kept = summaryGroups
	}
	groups, gone := outcome(s.pub, done, s.pub.pages, kept)
	s.next = &state{model: a, keys: s.pub.keys, byPath: s.pub.byPath, stale: stale, bodies: bodies,
		pages: s.pub.pages, groups: groups, day: s.pub.day}
	return &Output{Result: res, Files: files, Gone: gone}, true
}

// model builds the model again and renders what it changed.
func (s *Session) model(src fs.FS, c *content.Content, d, rd diag.List, sameTheme bool) (*Output, diag.List) {
	a, md := atlas.New(c)
	d.Append(md)
	bodies, bd := s.convert(a, newConverter(a, basePath(s.baseURL(c))))
	d.Append(bd)
	var limited fs.FS = src
	if c.Site != nil {
		limited = sitefs.WithLimits(src, c.Site.Limits)
	}
	if _, static, err := theme(limited, s.opts.Theme); err == nil {
		d.Append(checkAliasFiles(a, static))
	}
	if s.renderer == nil {
		// As Run does: the problems of the model and the Markdown, with the templates'.
		d.Append(rd)
		return nil, sorted(&d, src)
	}

	var prev map[string]uint64
	if s.pub != nil && !s.full {
		prev = s.pub.keys
	}
	docs := a.Docs()
	for _, st := range a.Statuses {
		docs = append(docs, st)
	}
	fp := fingerprint.All(docs)
	// What every page shows: site.toml, and the page view of the site (menu,
	// footer, the version of the data « Autour de moi » reads…), one for all pages.
	var site *render.Site
	var global uint64
	var globalOnce sync.Once
	// What a list item of each initiative shows, counted once.
	items := make(map[*atlas.Initiative]uint64, len(a.Initiatives))
	itemKeys := make([]uint64, len(a.Initiatives))
	parallel.For(len(a.Initiatives), func(i int) {
		in := a.Initiatives[i]
		var h maphash.Hash
		h.SetSeed(keySeed)
		writeUint(&h, fp.Of(in).Self)
		render.ItemDocs(in, func(d atlas.Doc) { writeUint(&h, fp.Of(d).Self) })
		itemKeys[i] = h.Sum64()
	})
	for i, in := range a.Initiatives {
		items[in] = itemKeys[i]
	}

	var mu sync.Mutex
	listed := map[string]bool{}
	keys := map[string]uint64{}
	sel := &render.Selection{SameTheme: sameTheme, Page: func(p *render.Page) bool {
		out := render.OutPath(p.Path)
		var h maphash.Hash
		h.SetSeed(keySeed)
		class := p.Deps(func(doc atlas.Doc, l render.Level) {
			switch l {
			case render.Full:
				writeUint(&h, fp.Of(doc).Full)
			case render.Item:
				if k, ok := items[doc.(*atlas.Initiative)]; ok {
					writeUint(&h, k)
					break
				}
				writeUint(&h, fp.Of(doc).Self)
				render.ItemDocs(doc.(*atlas.Initiative), func(d atlas.Doc) { writeUint(&h, fp.Of(d).Self) })
			default:
				writeUint(&h, fp.Of(doc).Self)
			}
		})
		mu.Lock()
		listed[out] = true
		mu.Unlock()
		if class != render.Local || s.custom {
			return true
		}
		p.Prepare()
		globalOnce.Do(func() { site, global = p.Site, globalKey(a, p.Site, fp, s.today) })
		if p.Site != site {
			writeUint(&h, fp.Value(p.Site))
		}
		writeUint(&h, global)
		writeUint(&h, pageKey(p, fp))
		key := h.Sum64()
		mu.Lock()
		keys[out] = key
		mu.Unlock()
		old, ok := prev[out]
		return !ok || old != key
	}}
	// A commune's data files show the site's title, licence and credits, the
	// commune, and each of its initiatives as a record: its own fields, the
	// documents it names and the names of its type, status, themes and communes.
	credit := a.GeoNamesCredit()
	sel.CommuneData = func(c *atlas.Commune) bool {
		g, j := render.EmbedPaths(c)
		out := strings.TrimPrefix(g, "/")
		var h maphash.Hash
		h.SetSeed(keySeed)
		h.WriteString(credit)
		writeUint(&h, fp.Value(a.Site))
		writeUint(&h, fp.Of(c).Full)
		for _, in := range c.Initiatives {
			writeUint(&h, fp.Of(in).Full)
			writeUint(&h, items[in])
			for _, t := range in.Themes {
				writeUint(&h, fp.Of(t).Self)
			}
		}
		key := h.Sum64()
		mu.Lock()
		listed[out], listed[strings.TrimPrefix(j, "/")] = true, true
		keys[out] = key
		mu.Unlock()
		old, ok := prev[out]
		return !ok || old != key
	}
	res, files, done, rd := s.render(a, bodies, sel)
	res.Warnings = c.Site.Warnings()
	d.Append(rd)
	if sorted(&d, src); len(d) > 0 {
		return nil, d
	}
	var kept map[string]bool
	if sameTheme {
		kept = themeGroups
	}
	groups, gone := outcome(s.pub, done, listed, kept)
	s.next = &state{model: a, keys: keys, byPath: docsByPath(a), bodies: bodies, pages: listed, groups: groups, day: day(s.today)}
	return &Output{Result: res, Files: files, Full: prev == nil, Gone: gone}, nil
}

// render renders with sel, and copies the files made, or gives them to s.emit.
func (s *Session) render(a *atlas.Atlas, bodies render.Bodies, sel *render.Selection) (*Result, []render.File, []made, diag.List) {
	var mu sync.Mutex
	var files []render.File
	var done []made
	res := &Result{Atlas: a}
	s.renderer.OnPage = func(done, total int) { s.opts.Progress.Set("rendu", done, total, "pages") }
	d := s.renderer.RenderSelected(a, bodies, func(f render.File) {
		if s.emit != nil {
			s.emit(f)
		} else {
			f.Data = append([]byte(nil), f.Data...) // Render reuses the bytes of its pages
		}
		mu.Lock()
		if s.emit == nil {
			files = append(files, f)
		}
		done = append(done, made{f.Path, f.Group})
		if strings.HasSuffix(f.Path, ".html") {
			res.Pages++
		}
		mu.Unlock()
	}, sel)
	sortFiles(files)
	res.Count = len(done)
	return res, files, done, d
}

// convert is the package's convert, taking from the session's cache the documents
// whose text and links are the same.
func (s *Session) convert(a *atlas.Atlas, conv *markdown.Converter) (render.Bodies, diag.List) {
	jobs := texts(a)
	results := make([]*converted, len(jobs))
	diags := make([]diag.List, len(jobs))
	var done atomic.Int64
	parallel.For(len(jobs), func(i int) {
		defer func() { s.opts.Progress.Set("Markdown", int(done.Add(1)), len(jobs), "textes") }()
		j := jobs[i]
		if old := s.conv[keyOf(j.doc)]; old != nil && old.src == hashSrc(j.src.Src) && stillResolved(a, old) {
			results[i] = old
		} else {
			results[i], diags[i] = convertOne(conv, *j.src, a)
		}
		*j.src = content.Markdown{}
	})
	next := make(map[docKey]*converted, len(jobs))
	links := map[atlas.Doc][]atlas.Doc{}
	var d diag.List
	for i, j := range jobs {
		d.Append(diags[i])
		r := results[i]
		if r == nil {
			continue
		}
		if len(diags[i]) == 0 {
			next[keyOf(j.doc)] = r
		}
		for _, t := range r.targets {
			if to, _ := a.Lookup(t.Kind, t.Slug); to != nil {
				links[j.doc] = append(links[j.doc], to)
			}
		}
	}
	a.AddBacklinks(links)
	s.conv = next
	return s.bodyMap(a), d
}

// bodyMap returns the converted Markdown of a's documents.
func (s *Session) bodyMap(a *atlas.Atlas) render.Bodies {
	ts := texts(a)
	bodies := make(render.Bodies, len(ts))
	for _, t := range ts {
		if r := s.conv[keyOf(t.doc)]; r != nil && len(r.html) > 0 {
			bodies[t.doc] = render.Body{HTML: r.html, Summary: r.summary}
		}
	}
	return bodies
}

// convertOne converts one text as convert does, recording how its links resolved.
// A text with problems gives its diagnostics and the conversion, not to be kept.
func convertOne(conv *markdown.Converter, src content.Markdown, a *atlas.Atlas) (*converted, diag.List) {
	rec := &recorder{a: a}
	html, targets, d := conv.Convert(src, rec)
	return &converted{src: hashSrc(src.Src), targets: targets, resolved: rec.resolved,
		summary: summary(html, 160), html: template.HTML(html)}, d
}

// recorder is the model as a link resolver, noting the links it resolved. (The
// converter asks for candidates only to suggest one for a broken link, a problem:
// such a conversion is not kept.)
type recorder struct {
	a        *atlas.Atlas
	mu       sync.Mutex
	resolved []resolution
}

func (r *recorder) ResolveLink(kind, slug string) (string, bool, bool) {
	p, found, known := r.a.ResolveLink(kind, slug)
	r.mu.Lock()
	r.resolved = append(r.resolved, resolution{kind, slug, p, found, known})
	r.mu.Unlock()
	return p, found, known
}

func (r *recorder) Candidates(kind string) []string { return r.a.Candidates(kind) }

// stillResolved reports whether every link of c resolves in a as it did.
func stillResolved(a *atlas.Atlas, c *converted) bool {
	for _, r := range c.resolved {
		p, found, known := a.ResolveLink(r.kind, r.slug)
		if p != r.path || found != r.found || known != r.known {
			return false
		}
	}
	return true
}

// sameTargets reports whether old and next link to the same documents, so that no
// backlink changes.
func sameTargets(a *atlas.Atlas, old, next *converted) bool {
	if old == nil {
		return len(next.targets) == 0
	}
	set := func(ts []markdown.Target) map[atlas.Doc]bool {
		m := map[atlas.Doc]bool{}
		for _, t := range ts {
			if to, _ := a.Lookup(t.Kind, t.Slug); to != nil {
				m[to] = true
			}
		}
		return m
	}
	x, y := set(old.targets), set(next.targets)
	if len(x) != len(y) {
		return false
	}
	for doc := range x {
		if !y[doc] {
			return false
		}
	}
	return true
}

var keySeed = maphash.MakeSeed()

func hashSrc(b []byte) uint64 { return maphash.Bytes(keySeed, b) }

func writeUint(h *maphash.Hash, x uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(x >> (8 * i))
	}
	h.Write(b[:])
}

func keyOf(d atlas.Doc) docKey { return docKey{d.Kind(), d.URL()} }

// globalKey is the fingerprint of what every page shows: site.toml and the site as
// pages see it (the free pages of the menu, the date in the footer…).
func globalKey(a *atlas.Atlas, site *render.Site, fp *fingerprint.Set, today time.Time) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	h.WriteString(day(today))
	writeUint(&h, fp.Value(a.Site))
	writeUint(&h, fp.Value(site))
	return h.Sum64()
}

// pageFields are the fields of render.Page: those that hold a document, which count
// by their full fingerprint, and the others but the site and the model.
var pageFields = sync.OnceValue(func() (f struct{ docs, other []int }) {
	t := reflect.TypeFor[render.Page]()
	docType := reflect.TypeFor[atlas.Doc]()
	for i := range t.NumField() {
		ft := t.Field(i)
		switch {
		case !ft.IsExported() || ft.Name == "Site" || ft.Name == "Atlas":
		case ft.Type.Kind() == reflect.Pointer && ft.Type.Implements(docType):
			f.docs = append(f.docs, i)
		default:
			f.other = append(f.other, i)
		}
	}
	return f
})

// pageDocs returns the documents p is about: its fields that hold one.
func pageDocs(p *render.Page) []atlas.Doc {
	v := reflect.ValueOf(p).Elem()
	var docs []atlas.Doc
	for _, i := range pageFields().docs {
		if f := v.Field(i); !f.IsNil() {
			docs = append(docs, f.Interface().(atlas.Doc))
		}
	}
	return docs
}

// pageKey is the fingerprint of p's own fields and of the documents it is about.
func pageKey(p *render.Page, fp *fingerprint.Set) uint64 {
	var h maphash.Hash
	h.SetSeed(keySeed)
	writeUint(&h, fp.Fields(reflect.ValueOf(p).Elem(), pageFields().other))
	for _, doc := range pageDocs(p) {
		writeUint(&h, fp.Of(doc).Full)
	}
	return h.Sum64()
}

// sourcesOf returns the Markdown of the documents of c whose source files are in
// paths, by source file (a map of every file costs more than the rest of a body
// edit's reading, at 100,000 initiatives).
func sourcesOf(c *content.Content, paths map[string]bool) map[string]*content.Markdown {
	m := map[string]*content.Markdown{}
	for _, x := range c.Communes {
		if _, ok := paths[x.Path]; ok {
			m[x.Path] = &x.Summary
		}
	}
	for _, x := range c.Initiatives {
		if _, ok := paths[x.Path]; ok {
			m[x.Path] = &x.Body
		}
	}
	for _, x := range c.Pages {
		if _, ok := paths[x.Path]; ok {
			m[x.Path] = &x.Body
		}
	}
	return m
}

// docsByPath returns the document of each source file of a.
func docsByPath(a *atlas.Atlas) map[string]atlas.Doc {
	m := map[string]atlas.Doc{}
	for _, x := range a.Communes {
		m[x.Path] = x
	}
	for _, x := range a.Initiatives {
		m[x.Path] = x
	}
	for _, x := range a.Pages {
		m[x.Path] = x
	}
	return m
}

// basePath is the path of baseURL, ending in a slash.
func basePath(baseURL string) string {
	_, p := render.SplitBase(baseURL)
	return p
}

func sortFiles(files []render.File) {
	slices.SortFunc(files, func(x, y render.File) int { return strings.Compare(x.Path, y.Path) })
}
