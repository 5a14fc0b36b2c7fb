package content

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/parallel"
	"github.com/reseau-ess-92/atlas/internal/sitefs"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// Folders of the content kinds, relative to the site root.
const (
	SiteFile       = "site.toml"
	CommunesDir    = "content/communes"
	InitiativesDir = "content/initiatives"
	PagesDir       = "content/pages"
	SourcesDir     = "content/sources"
	ParcoursDir    = "content/parcours"
)

// Load reads every source file of the site in fsys. It returns what it could read and
// every problem it found, unsorted.
func Load(fsys fs.FS) (*Content, diag.List) { return load(fsys, nil) }

// result is what one source file gave.
type result struct {
	commune    *Commune
	initiative *Initiative
	page       *Page
	document   *Document
	parcours   *Parcours
	d          diag.List
}

// load is Load, taking from cache, when not nil, the files it holds.
func load(fsys fs.FS, cache *Cache) (*Content, diag.List) {
	var d diag.List
	c := &Content{}
	if src, err := fs.ReadFile(fsys, SiteFile); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			d.Add(diag.Pos{File: SiteFile, Line: 1, Col: 1}, "missing site.toml: is this an atlas folder? (use -s DIR)")
		} else {
			d = append(d, sitefs.Diag(SiteFile, err))
		}
	} else {
		c.Site = parseSite(SiteFile, src, &d)
	}
	if c.Site != nil {
		fsys = sitefs.WithLimits(fsys, c.Site.Limits)
	}
	dirs := []string{CommunesDir, InitiativesDir, PagesDir, SourcesDir, ParcoursDir}
	jobs, ld := cache.listing(fsys, dirs, func() (jobs []job, d diag.List) {
		for _, dir := range dirs {
			jobs = append(jobs, list(fsys, dir, &d)...)
		}
		return jobs, d
	})
	d.Append(ld)

	// Files are parsed in parallel; results keep the order of jobs, which WalkDir gives
	// in lexical order, so the output does not depend on scheduling.
	results := make([]result, len(jobs))
	parallel.For(len(jobs), func(i int) {
		j, r := jobs[i], &results[i]
		if c, ok := cache.get(j.path); ok {
			*r = c
			return
		}
		defer func() { cache.put(j.path, *r) }()
		src, err := fs.ReadFile(fsys, j.path)
		if err != nil {
			// Counted as broken without being parsed, so that references to it are not
			// reported again and an unread file is not also an "empty file".
			r.d = append(r.d, sitefs.Diag(j.path, err))
			s, _ := fileSlug(j.path, &r.d)
			switch j.dir {
			case CommunesDir:
				r.commune = &Commune{Slug: s, Path: j.path, Broken: true}
			case InitiativesDir:
				r.initiative = &Initiative{Slug: s, Path: j.path, Broken: true}
			case PagesDir:
				r.page = &Page{Slug: s, Path: j.path, Broken: true}
			}
			return
		}
		switch j.dir {
		case CommunesDir:
			r.commune = parseCommune(j.path, src, &r.d)
		case InitiativesDir:
			r.initiative = parseInitiative(j.path, src, &r.d)
		case PagesDir:
			r.page = parsePage(j.path, src, &r.d)
		case SourcesDir:
			r.document = parseDocument(j.path, src, &r.d)
		case ParcoursDir:
			r.parcours = parseParcours(j.path, src, &r.d)
		}
	})

	seen := map[string]string{}
	for i, j := range jobs {
		r := results[i]
		d.Append(r.d)
		s := strings.TrimSuffix(path.Base(j.path), path.Ext(j.path))
		key := j.dir + "/" + s
		if prev, dup := seen[key]; dup {
			d.Add(diag.Pos{File: j.path, Line: 1, Col: 1}, "duplicate slug %q: %s has the same name", s, prev)
			continue
		}
		seen[key] = j.path
		switch {
		case r.commune != nil:
			c.Communes = append(c.Communes, r.commune)
		case r.initiative != nil:
			c.Initiatives = append(c.Initiatives, r.initiative)
		case r.page != nil:
			c.Pages = append(c.Pages, r.page)
		case r.document != nil:
			c.Documents = append(c.Documents, r.document)
		case r.parcours != nil:
			c.Parcours = append(c.Parcours, r.parcours)
		}
	}
	return c, d
}

// job is one source file to read, and the folder of its kind.
type job struct {
	path, dir string
}

// list returns the source files under dir, in lexical order.
func list(fsys fs.FS, dir string, d *diag.List) []job {
	var jobs []job
	ext := ".md"
	if dir == CommunesDir {
		ext = ".toml"
	}
	err := fs.WalkDir(fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			*d = append(*d, sitefs.Diag(p, err))
			return nil
		}
		name := e.Name()
		if p != dir && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			return nil
		}
		if x := path.Ext(name); x != ext {
			if strings.EqualFold(x, ext) {
				d.Add(diag.Pos{File: p, Line: 1, Col: 1}, "extension %q is not read: rename the file %s", x, strings.TrimSuffix(name, x)+ext)
			}
			return nil
		}
		jobs = append(jobs, job{p, dir})
		return nil
	})
	if err != nil {
		*d = append(*d, sitefs.Diag(dir, err))
	}
	return jobs
}

// fileSlug returns the slug of the file at p, reporting a name that is not a slug.
// For such a name it returns the slug it should have and false: the file is then
// read and checked but counted as broken, so that references to that slug are not
// reported again.
func fileSlug(p string, d *diag.List) (string, bool) {
	base := path.Base(p)
	s := strings.TrimSuffix(base, path.Ext(base))
	if !slug.Valid(s) {
		hint := ""
		if m := slug.Make(s); m != "" {
			hint = " (rename it " + m + path.Ext(base) + ")"
		}
		d.Add(diag.Pos{File: p, Line: 1, Col: 1}, "file name %q is not a slug: use lowercase ASCII letters, digits and hyphens%s", base, hint)
		return slug.Make(s), false
	}
	return s, true
}

// checkText reports an empty file or invalid UTF-8, which stop any further reading.
func checkText(f *diag.File, d *diag.List) bool {
	src := f.Src()
	if len(bytes.TrimSpace(bytes.TrimPrefix(src, []byte("\uFEFF")))) == 0 {
		d.Add(f.LineCol(1, 1), "empty file")
		return false
	}
	if !utf8.Valid(src) {
		i := 0
		for i < len(src) {
			r, n := utf8.DecodeRune(src[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		d.Add(f.Pos(i), "invalid UTF-8: save the file as UTF-8")
		return false
	}
	return checkControls(f, d)
}

// maxControls is how many control characters of one file are reported one by one.
const maxControls = 10

// checkControls reports the control characters of a file, but tab, line feed and the
// carriage return of a Windows line end: NUL, BEL, ESC and the like would reach the
// pages and the CSV as they are, where they mean nothing to a reader and something
// to a terminal or a parser.
func checkControls(f *diag.File, d *diag.List) bool {
	src := f.Src()
	n := 0
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if IsControl(r) && !(r == '\r' && i+1 < len(src) && src[i+1] == '\n') {
			if n < maxControls {
				d.Add(f.Pos(i), "control character %U is not allowed: remove it", r)
			}
			n++
		}
		i += size
	}
	if n > maxControls {
		d.Add(f.Pos(len(src)), "%d more control characters in this file", n-maxControls)
	}
	return n == 0
}

// isControl reports whether r is a control character other than tab and line feed.
func IsControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' || r >= 0x7f && r <= 0x9f
}

// maxDepth is how deeply arrays and inline tables may nest in a TOML file. atlas's
// files nest two levels; the TOML parser and the key index recurse once per level,
// and a 70 kB file nested 10,000 deep took 28 s and 2.2 GB.
const maxDepth = 16

// checkDepth reports an array or inline table nested deeper than maxDepth, at its
// opening bracket, before the parser sees it.
func checkDepth(f *diag.File, text string, d *diag.List) bool {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '"', '\'':
			i = skipString(text, i) - 1
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '[', '{':
			// A table header's brackets, [a] and [[a]], open no value; they come
			// first on their line, where a value never does.
			if c == '[' && depth == 0 && lineStart(text, i) {
				for i < len(text) && text[i] != '\n' && text[i] != ']' {
					if text[i] == '"' || text[i] == '\'' {
						i = skipString(text, i) - 1
					}
					i++
				}
				continue
			}
			depth++
			if depth > maxDepth {
				d.Add(f.Pos(i), "arrays and inline tables nest deeper than %d levels", maxDepth)
				return false
			}
		case ']', '}':
			depth = max(0, depth-1)
		}
	}
	return true
}

// lineStart reports whether only blanks come before s[i] on its line.
func lineStart(s string, i int) bool {
	for j := i - 1; j >= 0 && s[j] != '\n'; j-- {
		if s[j] != ' ' && s[j] != '\t' {
			return false
		}
	}
	return true
}

// decode parses src as TOML and returns its root table, reporting a syntax error at
// its position.
func decode(f *diag.File, src []byte, d *diag.List) (*table, bool) {
	m := map[string]any{}
	text := string(src)
	// The parser drops a byte order mark and counts offsets after it; blanking it
	// instead keeps offsets equal to file offsets.
	if strings.HasPrefix(text, "\uFEFF") {
		text = "   " + text[3:]
	}
	if !checkDepth(f, text, d) {
		return nil, false
	}
	if _, err := toml.Decode(text, &m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if msg == "" {
				msg = pe.Error()
			}
			d.Add(f.Pos(pe.Position.Start), "invalid TOML: %s", tomlMessage(msg))
		} else {
			d.Add(f.LineCol(1, 1), "invalid TOML: %v", err)
		}
		return nil, false
	}
	return newTable(m, "", "", f, text, indexKeys(text), d), true
}

// tomlMessages rewrites the parser's phrases that read badly in a diagnostic.
var tomlMessages = strings.NewReplacer(
	`'\n'`, "the end of the line",
	`'\r'`, "a carriage return",
	"Key ", "key ",
)

// tomlMessage makes a parser message look like atlas's own: lower-case first letter,
// no final period.
func tomlMessage(s string) string {
	s = strings.TrimRight(tomlMessages.Replace(s), ". ")
	if s == "" || strings.HasPrefix(s, "TOML") {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(r) && (len(s) == n || !unicode.IsUpper(rune(s[n]))) {
		s = string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

func parseSite(p string, src []byte, d *diag.List) *Site {
	f := diag.NewFile(p, src)
	if !checkText(f, d) {
		return nil
	}
	t, ok := decode(f, src, d)
	if !ok {
		return nil
	}
	s := &Site{
		Title:       t.str("title", true),
		Description: t.str("description", false),
		BaseURL:     t.url("baseURL"),
		Language:    t.str("language", false),
		License:     t.str("license", false),
	}
	if s.Language == "" {
		s.Language = "fr"
	}
	if md := t.sub("markdown"); md != nil {
		s.Unsafe = md.boolean("unsafe")
		s.SchemeRelative = md.boolean("scheme_relative")
		md.unknown("unsafe", "scheme_relative")
	}
	if mp := t.sub("map"); mp != nil {
		s.Map = &Map{Tiles: mp.str("tiles", true), Attribution: mp.str("attribution", true)}
		if msg := checkURL(strings.NewReplacer("{", "", "}", "").Replace(s.Map.Tiles)); s.Map.Tiles != "" && msg != "" {
			d.Add(mp.pos("tiles"), "tiles %q %s", s.Map.Tiles, msg)
		}
		mp.unknown("tiles", "attribution")
	}
	if lt := t.sub("limits"); lt != nil {
		s.Limits.Source = int64(lt.integer("source_bytes", 1, 1<<31-1))
		s.Limits.Static = int64(lt.integer("static_bytes", 1, 1<<31-1))
		lt.unknown("source_bytes", "static_bytes")
	}
	s.FreshnessMonths = 24
	if fr := t.sub("freshness"); fr != nil {
		if n := fr.integer("months", 1, 1200); n > 0 {
			s.FreshnessMonths = n
		}
		s.Elections = fr.date("elections", false)
		fr.unknown("months", "elections")
	}
	if ct := t.sub("contribute"); ct != nil {
		s.Contribute = parseContribute(ct)
	}
	s.Types = terms(t, "types", true)
	s.Themes = terms(t, "themes", false)
	s.Statuses = terms(t, "statuses", false)
	s.SourceKinds = terms(t, "source_kinds", true)
	s.Publisher = parsePublisher(t, p)
	t.unknown("title", "description", "baseURL", "language", "license", "markdown", "map", "limits", "freshness", "contribute", "types", "themes", "statuses", "publisher", "source_kinds")
	return s
}

func terms(t *table, key string, plural bool) []*Term {
	var out []*Term
	seen := map[string]bool{}
	for _, tt := range t.tables(key) {
		term := &Term{
			Slug:        tt.str("slug", true),
			Name:        tt.str("name", true),
			Description: tt.str("description", false),
			Pos:         tt.pos(""),
		}
		allowed := []string{"slug", "name", "description"}
		if key == "statuses" {
			allowed = append(allowed, "stage")
			if st := tt.str("stage", false); st != "" {
				if slices.Contains(Stages, st) {
					term.Stage = st
				} else {
					tt.d.Add(tt.pos("stage"), "stage %q must be project, active, done, closed or unknown%s", st, diag.Suggest(st, Stages))
				}
			}
		}
		if plural {
			term.Plural = tt.str("plural", false)
			allowed = append(allowed, "plural")
		}
		if term.Plural == "" {
			term.Plural = term.Name
		}
		if key == "types" || key == "themes" {
			for _, k := range tt.strings("keywords", false) {
				if strings.TrimSpace(k.Slug) == "" {
					tt.d.Add(k.Pos, "keywords must not hold an empty string")
					continue
				}
				term.Keywords = append(term.Keywords, k.Slug)
			}
			allowed = append(allowed, "keywords")
		}
		tt.unknown(allowed...)
		switch {
		case term.Slug == "":
			continue
		case !slug.Valid(term.Slug):
			tt.d.Add(tt.pos("slug"), "slug %q is not a slug: use lowercase ASCII letters, digits and hyphens", term.Slug)
			continue
		case seen[term.Slug]:
			tt.d.Add(tt.pos("slug"), "duplicate slug %q in [[%s]]", term.Slug, key)
			continue
		}
		seen[term.Slug] = true
		out = append(out, term)
	}
	return out
}

func parseCommune(p string, src []byte, d *diag.List) *Commune {
	s, valid := fileSlug(p, d)
	c := &Commune{Slug: s, Path: p, Broken: true}
	f := diag.NewFile(p, src)
	if !checkText(f, d) {
		return c
	}
	t, ok := decode(f, src, d)
	if !ok {
		return c
	}
	c.Broken = !valid
	c.Name = t.str("name", true)
	c.INSEE = t.str("insee", true)
	c.INSEEPos = t.pos("insee")
	if c.INSEE != "" && utf8.RuneCountInString(c.INSEE) != 5 {
		d.Add(t.pos("insee"), "insee code %q must be 5 characters", c.INSEE)
	}
	c.Departement = t.str("departement", false)
	c.DepartementPos = t.pos("departement")
	c.Intercommunalite = t.str("intercommunalite", false)
	c.Population = t.integer("population", 0, 1e8)
	for _, pc := range t.strings("postal_codes", false) {
		if !postalCode(pc.Slug) {
			d.Add(pc.Pos, "postal code %q must be 5 digits", pc.Slug)
			continue
		}
		c.PostalCodes = append(c.PostalCodes, pc.Slug)
	}
	c.Location = t.latlon("location")
	c.Website = t.url("website")
	c.Summary = t.markdown("summary")
	c.Aliases = t.strings("aliases", false)
	for _, e := range t.tables("elus") {
		elu := Elu{Name: e.str("name", true), Role: e.str("role", true), Date: e.date("date", false)}
		if _, ok := e.m["source"]; ok {
			elu.Source = e.ref("source", true)
		}
		c.Elus = append(c.Elus, elu)
		e.unknown("name", "role", "date", "source")
	}
	t.unknown("name", "insee", "departement", "intercommunalite", "population", "postal_codes", "location", "website", "summary", "elus", "aliases")
	return c
}

// postalCode reports whether s is a French postal code: five digits.
func postalCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// markdown reads a string holding Markdown, keeping where it starts in the file.
func (t *table) markdown(key string) Markdown {
	s := t.str(key, false)
	if s == "" {
		return Markdown{}
	}
	off := 0
	if p, ok := t.idx[joinKey(t.path, key)]; ok {
		src := t.src
		end := skipValue(src, p.value)
		off = p.value
		// Skip the opening quotes and, for a multi-line string, the newline after
		// them; then find where the trimmed text starts.
		for off < end && (src[off] == '"' || src[off] == '\'') {
			off++
		}
		if i := strings.Index(src[off:end], s[:min(len(s), 16)]); i >= 0 {
			off += i
		} else if strings.HasPrefix(src[off:], "\r\n") {
			off += 2
		} else if strings.HasPrefix(src[off:], "\n") {
			off++
		}
	}
	return Markdown{Src: []byte(s), File: t.f, Offset: off}
}

// splitFrontMatter finds the TOML front matter between +++ lines at the start of src.
// It returns the front matter with the opening line (and any byte order mark) blanked,
// so that TOML positions are file positions, and the offset where the body starts.
func splitFrontMatter(f *diag.File, d *diag.List) (fm []byte, body int, ok bool) {
	src := f.Src()
	start := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		start = 3
	}
	first, _, _ := bytes.Cut(src[start:], []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "+++" {
		d.Add(f.LineCol(1, 1), "missing front matter: the file must start with a +++ line")
		return nil, 0, false
	}
	off := start + len(first) + 1
	for off <= len(src) {
		line, _, found := bytes.Cut(src[off:], []byte("\n"))
		if string(bytes.TrimRight(line, " \t\r")) == "+++" {
			fm = bytes.Clone(src[:off])
			for i := range start + 3 {
				fm[i] = ' '
			}
			body = off + len(line)
			if found {
				body++
			}
			return fm, body, true
		}
		if !found {
			break
		}
		off += len(line) + 1
	}
	d.Add(f.LineCol(1, 1), "front matter is never closed: add a +++ line after it")
	return nil, 0, false
}

func parseFrontMatter(p string, src []byte, d *diag.List) (*table, Markdown, bool) {
	f := diag.NewFile(p, src)
	if !checkText(f, d) {
		return nil, Markdown{}, false
	}
	fm, body, ok := splitFrontMatter(f, d)
	if !ok {
		return nil, Markdown{}, false
	}
	t, ok := decode(f, fm, d)
	if !ok {
		return nil, Markdown{}, false
	}
	return t, Markdown{Src: src[body:], File: f, Offset: body}, true
}

func parseInitiative(p string, src []byte, d *diag.List) *Initiative {
	s, valid := fileSlug(p, d)
	in := &Initiative{Slug: s, Path: p, Broken: true}
	t, body, ok := parseFrontMatter(p, src, d)
	if !ok {
		return in
	}
	in.Broken = !valid
	in.Body = body
	in.Title = t.str("title", true)
	in.Communes = t.strings("communes", true)
	in.Type = t.ref("type", true)
	in.Themes = t.strings("themes", false)
	in.Status = t.ref("status", true)
	in.Since = t.integer("since", 1800, 2200)
	in.Carrier = t.str("carrier", false)
	in.LegalForm = t.str("legal_form", false)
	in.Address = t.str("address", false)
	in.Location = t.latlon("location")
	in.Website = t.url("website")
	in.Verified = t.date("verified", false)
	in.Aliases = t.strings("aliases", false)
	t.practical(in)
	for _, s := range t.tables("sources") {
		in.Sources = append(in.Sources, source(s))
	}
	t.unknown("title", "communes", "type", "themes", "status", "since", "carrier", "legal_form",
		"address", "location", "website", "verified", "aliases", "sources",
		"phone", "email", "opening_hours", "access", "wheelchair")
	slices.SortStableFunc(in.Sources, func(a, b Source) int { return b.Date.Compare(a.Date) })
	return in
}

func parsePage(p string, src []byte, d *diag.List) *Page {
	s, valid := fileSlug(p, d)
	pg := &Page{Slug: s, Path: p, Broken: true}
	t, body, ok := parseFrontMatter(p, src, d)
	if !ok {
		return pg
	}
	pg.Broken = !valid
	pg.Body = body
	pg.Title = t.str("title", true)
	pg.Description = t.str("description", false)
	pg.Weight = t.integer("weight", -1e6, 1e6)
	pg.Aliases = t.strings("aliases", false)
	t.unknown("title", "description", "weight", "aliases")
	return pg
}

// source reads one [[sources]] entry of an initiative: either source = "<slug>", a
// document of content/sources whose title and date it takes, or a title (and a date)
// written in place. A url may go with either: the page of the document that was read.
func source(t *table) Source {
	if _, ok := t.m["source"]; ok {
		src := Source{Doc: t.ref("source", true), URL: t.url("url")}
		for _, k := range []string{"title", "date"} {
			if _, ok := t.m[k]; ok {
				t.used[k] = true
				t.d.Add(t.keyPos(k), "%s comes from the document %q: remove it here", k, src.Doc.Slug)
			}
		}
		t.unknown("source", "url", "title", "date")
		return src
	}
	src := Source{Title: t.str("title", true), Date: t.date("date", false), URL: t.url("url")}
	t.unknown("title", "date", "url", "source")
	return src
}

func parseDocument(p string, src []byte, d *diag.List) *Document {
	s, valid := fileSlug(p, d)
	doc := &Document{Slug: s, Path: p, Broken: true}
	t, body, ok := parseFrontMatter(p, src, d)
	if !ok {
		return doc
	}
	doc.Broken = !valid
	doc.Body = body
	doc.Title = t.str("title", true)
	doc.Kind = t.ref("kind", true)
	doc.Date = t.date("date", true)
	doc.Place = t.str("place", false)
	doc.Organisation = t.str("organisation", false)
	doc.URL = t.url("url")
	doc.Communes = t.strings("communes", false)
	doc.Represented = t.integer("represented", 0, 1e6)
	if doc.Represented > 0 && doc.Represented <= len(doc.Communes) {
		d.Add(t.pos("represented"), "represented %d is not more than the %d communes listed: remove it", doc.Represented, len(doc.Communes))
		doc.Represented = 0
	}
	for _, pt := range t.tables("participants") {
		part := Participant{Name: pt.str("name", true), Role: pt.str("role", false)}
		if _, ok := pt.m["commune"]; ok {
			part.Commune = pt.ref("commune", true)
		}
		doc.Participants = append(doc.Participants, part)
		pt.unknown("name", "role", "commune")
	}
	t.unknown("title", "kind", "date", "place", "organisation", "url", "communes", "represented", "participants")
	return doc
}

func parseParcours(p string, src []byte, d *diag.List) *Parcours {
	s, valid := fileSlug(p, d)
	pc := &Parcours{Slug: s, Path: p, Broken: true}
	t, body, ok := parseFrontMatter(p, src, d)
	if !ok {
		return pc
	}
	pc.Broken = !valid
	pc.Body = body
	pc.Title = t.str("title", true)
	pc.Description = t.str("description", false)
	before := len(*d)
	stops := t.tables("stops")
	if len(stops) == 0 && len(*d) == before { // not when stops is already reported as malformed
		d.Add(t.pos(""), "missing [[stops]]: an itinerary needs at least one stop")
	}
	for _, st := range stops {
		pc.Stops = append(pc.Stops, Stop{Initiative: st.ref("initiative", true), Text: st.str("text", false)})
		st.unknown("initiative", "text")
	}
	t.unknown("title", "description", "stops")
	return pc
}
