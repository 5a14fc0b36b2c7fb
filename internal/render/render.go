// Package render turns the atlas model into the files of the site, handing each file
// to its caller as soon as it is made.
//
// Layout lookup: every page kind has one template file in the theme's layouts/ folder,
// named in Layouts (home.html, initiative.html, commune.html, communes.html,
// intercommunalite.html, intercommunalites.html, type.html, types.html, theme.html,
// themes.html, page.html, reseau.html, etat-des-lieux.html, donnees.html,
// recherche.html, carte.html, contribuer.html, 404.html, alias.html, sources.html,
// source.html, itineraires.html (/parcours/), parcours.html, integrer.html,
// cadre.html). Each is parsed together with
// base.html and every file of layouts/partials/, once. base.html defines the page
// skeleton and calls the "main" template that the page file defines. A site's own
// layouts/ and static/ replace the embedded theme's files name by name (see Overlay).
//
// Template data is always a *Page: the fields common to every page plus one field
// for the document the page is about (Initiative, Commune, Type…), typed, so that a
// misspelt field fails when the template runs on the example. Template functions:
//
//	url PATH        the site path with the base path in front ("/communes/" → "/sub/communes/")
//	abs PATH        the absolute URL of a site path (a page's own is .Permalink)
//	asset NAME      a static file's URL with a content hash, for caching
//	date T          "17 mars 2021"; isodate T "2021-03-17"
//	count N ONE MANY  "1 initiative", "3 initiatives" (French: 0 and 1 are singular)
//	num N           "19 552"
//	fr TEXT         TEXT with French typography (package typo): « Sceaux : » → « Sceaux : »
//	                with a narrow no-break space; the templates' own text gets it when
//	                they are parsed
//	chrome NAME PAGE  the "head", "header" or "footer" template, run on a Chrome view
//	item NAME DOC   a template run on one document: an initiative list item ("card",
//	                "item", "item-typed", "item-where"), "commune-count", "link"
//	items NAME LIST item on each document of a list
//	link DOC        the document's name linked to its page (the "link" template)
//	links LIST      link on each document of a list, separated by ", "
//	crumbs TRAIL    the breadcrumb links above a page (the "crumbs" template)
//	memo NAME VALUE the template NAME run on VALUE, once per build for each distinct
//	                value, which must be comparable: a point of a map ("svgpoint")
//	stages ATLAS LIST          initiatives split by stage of the life cycle (StageGroup):
//	                active first, then projects, done, closed, and statuses without
//	                a stage; one untitled group when site.toml gives no stage
//	stagecommunes ATLAS GROUPS the same for initiatives grouped by commune
//	bytype COMMUNE  a commune's initiatives in the order of its types
//
// An initiative page also has Infos (the « Infos pratiques » block: address, hours in
// French and the schedule that js/horaires.js reads for « Ouvert maintenant », tel:
// link, e-mail, access, wheelchair, website, and what the sources do not give) and,
// when its last check is older than [freshness] months before Renderer.Today, Stale
// (« À confirmer »). The partial practical.html defines "infos", "stale", "status"
// (a status with the icon of its stage) and "stage-icon"; the notice and the block
// send to the « Signaler une erreur » box of the page (#signaler, the "report"
// template) to report a change.
//
// chrome, item, items, link, links, crumbs and memo render a fragment once per build and
// reuse it on every page, which html/template would otherwise run again on each page at
// a cost of a few microseconds per action: the head, header and footer see only a
// *Chrome (the site and the current menu entry), an item or a link only its document,
// never the page that includes them.
//
// Templates are minified once, when parsed (see minifyTemplate), so that pages come
// out minified; an error of the minified templates is placed in the text as written.
//
// cadre.html, the page a mairie's website frames (/communes/<slug>/integrer/cadre/), does
// not call base.html: it has no header, footer or menu, links by absolute URL with
// target="_blank", and loads only the site's stylesheet. Besides pages, Render emits
// each itinerary's GPX 1.1 file (GPXPath) and each commune's own GeoJSON and JSON
// (EmbedPaths, made by package opendata).
//
// Static files are copied to the root of the output as they are named under static/.
package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"math"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/feed"
	"github.com/reseau-ess-92/atlas/internal/nearby"
	"github.com/reseau-ess-92/atlas/internal/opendata"
	"github.com/reseau-ess-92/atlas/internal/parallel"
	"github.com/reseau-ess-92/atlas/internal/search"
	"github.com/reseau-ess-92/atlas/internal/typo"
)

// File is one output file, by slash-separated path from the output root.
type File struct {
	Path    string
	Data    []byte
	Compact bool // Data is as small as its format allows: publish writes it as is
	// Group names the outputs this file is one of when they are made from the model
	// alone, without the Markdown ("data", "search", "sitemap", "robots", "static"):
	// a render with Selection.BodiesOnly leaves those as they were. "" for the others.
	Group string
}

// Renderer holds the parsed templates of a theme.
type Renderer struct {
	// OnPage, when not nil, is told after each page how many of the pages to render
	// are done, for a progress line. It is called from several goroutines.
	OnPage func(done, total int)

	baseURL  string // absolute, ending in /
	basePath string // path of baseURL, ending in /
	layouts  fs.FS
	static   fs.FS
	tmpl     map[string]*template.Template
	assets   map[string]string // static file name → its URL with a hash

	// common is the set of base.html and the partials, which fragments run.
	common *template.Template
	cache  *cache // the fragments of the current Render

	// Today is the date the build takes as today, for the freshness of the fiches;
	// zero means the clock's. Tests set it, so that their output does not age.
	Today time.Time

	// qrs, when not nil, keeps the QR code of each URL drawn (KeepQRCodes): a
	// preview server renders the same pages again and again, and a code costs about a
	// millisecond to draw.
	qrs *sync.Map
	// indexer, when not nil, keeps the search index between renders
	// (KeepSearchIndex).
	indexer  *search.Indexer
	searchIn *searchCache

	// plain holds the same templates as written when these are minified: it renders
	// a page again only to place an error of the minified templates in their source.
	plain   *Renderer
	plainMu sync.Mutex // one page at a time: plain has a cache of its own for each
}

// fragmentKey names a fragment of the chrome and item functions: a template and
// what it was run on.
type fragmentKey struct {
	name string
	of   any // the current menu entry for chrome, the document for item and link, the trail for crumbs
}

// SetToday sets Today, of r and of the templates as written that place its errors.
func (r *Renderer) SetToday(t time.Time) {
	r.Today = t
	if r.plain != nil {
		r.plain.Today = t
	}
}

func (r *Renderer) today() time.Time {
	if r.Today.IsZero() {
		return time.Now()
	}
	return r.Today
}

// join renders the template name on each document of list, which is a slice of
// documents, with sep between them.
func (r *Renderer) join(name string, list any, sep string) (template.HTML, error) {
	switch l := list.(type) {
	case []*atlas.Initiative:
		return joinDocs(r, name, l, sep)
	case []*atlas.Commune:
		return joinDocs(r, name, l, sep)
	case []*atlas.Type:
		return joinDocs(r, name, l, sep)
	case []*atlas.Theme:
		return joinDocs(r, name, l, sep)
	case []atlas.Doc:
		return joinDocs(r, name, l, sep)
	case nil:
		return "", nil
	}
	return "", fmt.Errorf("%T is not a list of initiatives, communes, types or themes", list)
}

func joinDocs[D atlas.Doc](r *Renderer, name string, docs []D, sep string) (template.HTML, error) {
	// The fragments are gathered first, so that the result is allocated once at its
	// size: growing it as it goes copied every list about twice.
	var small [16]template.HTML
	hs := small[:0]
	n := 0
	for _, d := range docs {
		h, err := r.fragment(fragmentKey{name, d}, d)
		if err != nil {
			return "", err
		}
		hs = append(hs, h)
		n += len(h) + len(sep)
	}
	var b strings.Builder
	b.Grow(n)
	for i, h := range hs {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(string(h))
	}
	return template.HTML(b.String()), nil
}

// cache holds the fragments of one Render. Those of a document sit in a slot of their
// own, found through a map that is only read while pages are rendered; the others
// (chrome, crumbs) are few and sit in a sync.Map. At 100,000 initiatives a sync.Map of
// every fragment cost 5 % of the build in lookups, and more in collecting its nodes.
type cache struct {
	index map[atlas.Doc]int // every document of the atlas, numbered
	docs  sync.Map          // template name → []atomic.Pointer[template.HTML], by document number
	other sync.Map          // fragmentKey → template.HTML
}

func newCache(a *atlas.Atlas) *cache {
	c := &cache{index: map[atlas.Doc]int{}}
	for i, d := range a.Docs() {
		c.index[d] = i
	}
	return c
}

// fragment runs the template name on data once per key and Render, and reuses it.
// Templates run only within Render and placeError, which give r its cache.
func (r *Renderer) fragment(key fragmentKey, data any) (template.HTML, error) {
	c := r.cache
	var slot *atomic.Pointer[template.HTML]
	if d, ok := key.of.(atlas.Doc); ok {
		if i, ok := c.index[d]; ok {
			slot = &c.slots(key.name)[i]
			if h := slot.Load(); h != nil {
				return *h, nil
			}
		}
	}
	if slot == nil {
		if h, ok := c.other.Load(key); ok {
			return h.(template.HTML), nil
		}
	}
	var b strings.Builder
	if err := r.common.ExecuteTemplate(&b, key.name, data); err != nil {
		return "", err
	}
	h := template.HTML(b.String())
	if slot != nil {
		// Two pages may render the same fragment at once; both get the same bytes.
		slot.CompareAndSwap(nil, &h)
	} else {
		c.other.LoadOrStore(key, h)
	}
	return h, nil
}

// slots returns the fragments of the template name, one slot per document.
func (c *cache) slots(name string) []atomic.Pointer[template.HTML] {
	s, ok := c.docs.Load(name)
	if !ok {
		s, _ = c.docs.LoadOrStore(name, make([]atomic.Pointer[template.HTML], len(c.index)))
	}
	return s.([]atomic.Pointer[template.HTML])
}

// Chrome is the data of the "head", "header" and "footer" templates. It holds only
// what is the same on every page but for the current menu entry, so that they are
// rendered once per entry and not once per page.
type Chrome struct {
	Site    *Site
	Current string // site path of the current menu entry: "/", "/communes/", a free page's path
}

// Layouts are the page templates a theme must provide.
var Layouts = []string{"home", "initiative", "commune", "communes", "intercommunalite",
	"intercommunalites", "type", "types", "theme", "themes", "page", "404", "alias",
	"reseau", "etat-des-lieux", "donnees", "recherche", "carte", "contribuer",
	"mentions-legales", "accessibilite", "donnees-personnelles", "sources", "source",
	"itineraires", "parcours", "integrer", "cadre"}

// Legal are the legal pages of a French public site, which the theme provides
// filled from site.toml's [publisher]: each is at /<kind>/ unless the site has a
// free page of that slug, which then replaces it.
var Legal = []Crumb{
	{"Mentions légales", "/mentions-legales/"},
	{"Accessibilité", "/accessibilite/"},
	{"Données personnelles", "/donnees-personnelles/"},
}

// New parses the templates of layouts (with base.html and partials/) and indexes
// the files of static. baseURL is the site's absolute URL; "" means "/".
//
// The templates are parsed twice: as written, which places parse errors, and minified
// (see minifyTemplate), which renders the pages. A page whose minified templates fail
// is rendered again with those as written, only to place the error in their text.
func New(layouts, static fs.FS, baseURL string) (*Renderer, diag.List) {
	abs, basePath := SplitBase(baseURL)
	var d diag.List
	assets, err := hashAssets(static, basePath)
	if err != nil {
		d.Add(diag.Pos{File: "static"}, "%v", err)
	}
	renderer := func() *Renderer {
		return &Renderer{baseURL: abs, basePath: basePath, layouts: layouts, static: static, assets: assets}
	}
	plain := renderer()
	if d.Append(plain.parse(nil)); len(d) > 0 {
		return nil, d
	}
	r := renderer()
	if len(r.parse(func(b []byte) []byte { return minifyTemplate(typo.Template(b)) })) > 0 {
		// The minifier broke a template that parses as written: render as written,
		// with its typography.
		r = renderer()
		if len(r.parse(typo.Template)) > 0 {
			return plain, nil
		}
	}
	r.plain = plain
	return r, nil
}

// hashAssets maps each file of static to its URL under basePath with a hash of its
// content, for caching.
func hashAssets(static fs.FS, basePath string) (map[string]string, error) {
	assets := map[string]string{}
	err := fs.WalkDir(static, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		assets[p] = basePath + p + "?v=" + hex.EncodeToString(sum[:4])
		return nil
	})
	return assets, err
}

// parse parses base.html, the partials and the page templates of r.layouts, each
// text passed through transform first unless it is nil.
func (r *Renderer) parse(transform func([]byte) []byte) diag.List {
	var d diag.List
	common := template.New("").Funcs(r.funcs())
	files := []string{"base.html"}
	if partials, err := fs.Glob(r.layouts, "partials/*.html"); err == nil {
		files = append(files, partials...)
	}
	for _, name := range files {
		d.Append(parseFile(common, r.layouts, name, transform))
	}
	if len(d) > 0 {
		return d
	}
	r.common = common
	r.tmpl = map[string]*template.Template{}
	for _, kind := range Layouts {
		t, err := common.Clone()
		if err != nil {
			d.Add(diag.Pos{File: "layouts"}, "%v", err)
			continue
		}
		if err := parseFile(t, r.layouts, kind+".html", transform); err != nil {
			d.Append(err)
			continue
		}
		r.tmpl[kind] = t
	}
	return d
}

// SplitBase normalizes baseURL to end in a slash and returns it with its path.
func SplitBase(baseURL string) (abs, basePath string) {
	if baseURL == "" {
		return "/", "/"
	}
	if !strings.HasSuffix(baseURL, "/") {
		baseURL += "/"
	}
	u, err := url.Parse(baseURL)
	if err != nil || u.Path == "" {
		return baseURL, "/"
	}
	return baseURL, u.Path
}

var tmplErr = regexp.MustCompile(`template: ([^:\s]+):(\d+)(?::(\d+))?: `)

// templateDiag turns a template error into a diagnostic at its file, line and column.
// An error raised in a template that another one calls (through item or chrome) is
// placed where it was raised, the innermost position in the message.
func templateDiag(name string, err error) diag.List {
	var d diag.List
	msg := err.Error()
	if ms := tmplErr.FindAllStringSubmatchIndex(msg, -1); ms != nil {
		m := ms[len(ms)-1]
		file := msg[m[2]:m[3]]
		line, _ := strconv.Atoi(msg[m[4]:m[5]])
		col := 0
		if m[6] >= 0 {
			// text/template counts columns from 0, diagnostics from 1.
			col, _ = strconv.Atoi(msg[m[6]:m[7]])
			col++
		}
		if !strings.Contains(file, "/") && !strings.HasSuffix(name, file) {
			file = name
		}
		d.Add(diag.Pos{File: "layouts/" + strings.TrimPrefix(file, "layouts/"), Line: line, Col: col}, "%s", msg[m[1]:])
		return d
	}
	d.Add(diag.Pos{File: "layouts/" + name}, "%s", msg)
	return d
}

func parseFile(t *template.Template, layouts fs.FS, name string, transform func([]byte) []byte) diag.List {
	b, err := fs.ReadFile(layouts, name)
	if err != nil {
		var d diag.List
		d.Add(diag.Pos{File: "layouts/" + name}, "missing template: %v", err)
		return d
	}
	if transform != nil {
		b = transform(b)
	}
	if _, err := t.New(name).Parse(string(b)); err != nil {
		return templateDiag(name, err)
	}
	return nil
}

var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre"}

// FrenchDate formats t as "17 mars 2021" ("1er mars 2021" on the first).
func FrenchDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return day + " " + frMonths[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

var frPrinter = message.NewPrinter(language.French)

// Km writes a distance in French as the pages and « Autour de moi » show it:
// "800 m" under a kilometre, "1,2 km" under ten, "12 km" beyond, with a
// no-break space. static/js/proximite.js writes distances the same way.
func Km(km float64) string {
	switch {
	case km < 1:
		m := int(math.Round(km*10)) * 100
		if m == 1000 {
			return "1,0\u00a0km"
		}
		return strconv.Itoa(max(m, 100)) + "\u00a0m"
	case km < 9.95:
		return strings.Replace(strconv.FormatFloat(math.Round(km*10)/10, 'f', 1, 64), ".", ",", 1) + "\u00a0km"
	}
	return frPrinter.Sprintf("%d", int(math.Round(km))) + "\u00a0km"
}

func (r *Renderer) funcs() template.FuncMap {
	return template.FuncMap{
		"url": func(p string) string { return r.basePath + strings.TrimPrefix(p, "/") },
		"abs": func(p string) string { return r.baseURL + strings.TrimPrefix(p, "/") },
		"asset": func(name string) (string, error) {
			if u, ok := r.assets[name]; ok {
				return u, nil
			}
			return "", fmt.Errorf("no static file %q", name)
		},
		"date":    FrenchDate,
		"isodate": func(t time.Time) string { return t.Format(time.DateOnly) },
		"count": func(n int, one, many string) string {
			if n <= 1 {
				return frPrinter.Sprintf("%d", n) + "\u00a0" + one
			}
			return frPrinter.Sprintf("%d", n) + "\u00a0" + many
		},
		"num": func(n int) string { return frPrinter.Sprintf("%d", n) },
		"km":  Km,
		"fr":  typo.String,
		"add": func(a, b int) int { return a + b },
		// stages and stagecommunes split a list of initiatives, or of initiatives by
		// commune, by stage of the life cycle (see StageGroup).
		"stages":        stageList,
		"stagecommunes": stageCommunes,
		"bytype":        byType,
		"item": func(name string, d atlas.Doc) (template.HTML, error) {
			return r.fragment(fragmentKey{name, d}, d)
		},
		// items is range plus item in one call: a list of a thousand initiatives
		// costs one call through reflection, not two thousand.
		"items": func(name string, list any) (template.HTML, error) {
			return r.join(name, list, "")
		},
		"memo": func(name string, v any) (template.HTML, error) {
			if v == nil || !reflect.TypeOf(v).Comparable() {
				return "", fmt.Errorf("memo: %T cannot be a key: it must be comparable", v)
			}
			return r.fragment(fragmentKey{name, v}, v)
		},
		"link": func(d atlas.Doc) (template.HTML, error) {
			return r.fragment(fragmentKey{"link", d}, d)
		},
		"links": func(list any) (template.HTML, error) {
			return r.join("link", list, ", ")
		},
		"crumbs": func(cs []Crumb) (template.HTML, error) {
			var key strings.Builder
			for _, c := range cs {
				key.WriteString(c.Path)
				key.WriteByte(0)
				key.WriteString(c.Title)
				key.WriteByte(0)
			}
			return r.fragment(fragmentKey{"crumbs", key.String()}, cs)
		},
		"chrome": func(name string, p *Page) (template.HTML, error) {
			current := "/"
			switch {
			case p.FreePage != nil:
				current = p.Path
			case p.Kind != "home":
				current = "/" + p.Section() + "/"
			}
			return r.fragment(fragmentKey{name, current}, &Chrome{Site: p.Site, Current: current})
		},
	}
}

// Page is the data of every template.
type Page struct {
	Site        *Site
	Atlas       *atlas.Atlas
	Kind        string // the layout name: "home", "commune"…
	Path        string // site path of the page, e.g. "/communes/sceaux/"
	Permalink   string // absolute URL of the page: abs .Path, made once
	Title       string // of the page, without the site title
	Description string
	Crumbs      []Crumb // from the home page to the parent of this page
	NoIndex     bool    // 404 and alias pages

	Body template.HTML // the page's Markdown, rendered: initiative body, commune summary, free page

	Initiative *atlas.Initiative
	Commune    *atlas.Commune
	Type       *atlas.Type
	Theme      *atlas.Theme
	Interco    *atlas.Interco
	FreePage   *atlas.Page
	Source     *atlas.Source   // a document's page
	Parcours   *atlas.Parcours // an itinerary's page
	Target     string          // alias pages: the path redirected to

	Reseau     *Reseau     // /reseau/
	Matrix     *Matrix     // an intercommunalité page: its communes × types
	Etat       *Etat       // /etat-des-lieux/
	Compare    *Compare    // a type page: the « Comparer » table, nil without initiatives
	Donnees    *Donnees    // /donnees/
	Recherche  *Recherche  // /recherche/
	Carte      *Carte      // /carte/, and the small map of a commune page (nil without a location)
	Contribuer *Contribuer // /contribuer/
	Report     *Report     // initiative and commune pages: « Signaler une erreur »
	Route      *Route      // an itinerary's map
	Embed      *Embed      // a commune's /integrer/ page and the page it frames

	JSONLD template.JS // schema.org description of the page's subject, or ""

	Infos *Infos     // an initiative page: the « Infos pratiques » block
	Stale *Freshness // an initiative checked longer ago than [freshness] months: « À confirmer »
	// ElusBefore is, on a commune page whose élus were stated before the last
	// municipal elections ([freshness] elections), the date of those elections.
	ElusBefore time.Time
	// LatestStale says, on the home page, that even the latest check is older than
	// [freshness] months.
	LatestStale bool

	// QR is the QR code of the page's URL as inline SVG, printed in the header of the
	// sheets an élu prints (commune, type, intercommunalité, réseau pages), or "".
	QR template.HTML
	// Printable is whether the page offers an « Imprimer » button.
	Printable bool

	// prepare fills the fields that cost something to make (maps, tables), when the
	// page is rendered or its fields are needed: a render that leaves most pages as
	// they were does not make them for nothing.
	prepare func(*Page)
}

// Prepare fills the fields of p that are made only when needed. Render calls it;
// whoever reads p's fields before must too.
func (p *Page) Prepare() {
	if f := p.prepare; f != nil {
		p.prepare = nil
		f(p)
	}
}

// Site is what every page knows of the site.
type Site struct {
	Title       string
	Description string
	Language    string
	License     string
	Pages       []*atlas.Page      // free pages, for the menu and footer, but those replacing a legal page
	Generated   string             // latest verification date, for the footer
	Publisher   *content.Publisher // [publisher], for the legal pages; never nil
	Legal       []Crumb            // the legal pages, linked from the footer
	Sources     bool               // whether the atlas has documents, for the footer
	Parcours    bool               // whether it has itineraries
	Months      int                // [freshness] months
	// Lieux is the URL of carte/lieux.json (package nearby), for « Autour de moi »
	// and the interactive map.
	Lieux string
}

// Crumb is one step of the breadcrumbs.
type Crumb struct {
	Title string
	Path  string
}

// Body is the rendered Markdown of a document.
type Body struct {
	HTML    template.HTML
	Summary string // the first paragraph as plain text, shortened: for descriptions
}

// Bodies holds the rendered Markdown of each document.
type Bodies map[atlas.Doc]Body

// Render renders every page of a. It takes the HTML of bodies, leaving their
// summaries: each body is dropped once its page is rendered (RenderSelected with a
// selection leaves bodies as they are). Each file's bytes do not
// depend on how pages are spread across goroutines; only the order in which they
// reach emit does.
//
// Render gives each file to emit as soon as it is made, from several goroutines at
// once, so that a caller can write files while others are still rendered and nothing
// holds the whole site in memory. A page's bytes live in a buffer that the next page
// reuses: emit must be done with f.Data when it returns, and copy what it keeps.
func (r *Renderer) Render(a *atlas.Atlas, bodies Bodies, emit func(File)) diag.List {
	return r.RenderSelected(a, bodies, emit, nil)
}

// RenderSelected is Render making only what sel selects (everything when sel is nil).
func (r *Renderer) RenderSelected(a *atlas.Atlas, bodies Bodies, emit func(File), sel *Selection) diag.List {
	r.cache = newCache(a)
	defer func() { r.cache = nil }()
	site := &Site{
		Title:       a.Site.Title,
		Description: a.Site.Description,
		Language:    a.Site.Language,
		License:     a.Site.License,
		Generated:   FrenchDate(a.LastVerified()),
		Months:      a.Site.FreshnessMonths,
		Publisher:   a.Site.Publisher,
		Legal:       Legal,
		Sources:     len(a.Sources) > 0,
		Parcours:    len(a.Parcours) > 0,
	}
	if site.Publisher == nil {
		site.Publisher = &content.Publisher{Accessibility: content.Compliance[0]}
	}
	own := map[string]bool{} // the legal pages that the site writes itself
	for _, p := range a.Pages {
		if slices.ContainsFunc(Legal, func(c Crumb) bool { return c.Path == p.URL() }) {
			own[p.URL()] = true
		} else {
			site.Pages = append(site.Pages, p)
		}
	}
	// carte/lieux.json is made from the model alone. Its URL has no version (the
	// script asks the server whether its copy is current): a title edited changes no
	// page but those that show the title.
	if !sel.bodiesOnly() {
		emit(File{Path: nearby.Path, Data: nearby.Build(a), Compact: true, Group: "lieux"})
	}
	site.Lieux = r.basePath + nearby.Path
	home := Crumb{"Accueil", "/"}
	var pages []*Page
	add := func(p *Page) {
		p.Site, p.Atlas, p.Permalink = site, a, r.baseURL+strings.TrimPrefix(p.Path, "/")
		pages = append(pages, p)
	}

	add(&Page{Kind: "home", Path: "/", Title: a.Site.Title, Description: a.Site.Description,
		LatestStale: stale(a.LastVerified(), r.today(), a.Site.FreshnessMonths)})
	add(&Page{Kind: "communes", Path: "/communes/", Title: "Communes", Crumbs: []Crumb{home},
		Description: fmt.Sprintf("Les %d communes du réseau et leurs initiatives d’économie sociale et solidaire.", len(a.Communes))})
	add(&Page{Kind: "types", Path: "/types/", Title: "Types d’initiatives", Crumbs: []Crumb{home},
		Description: "Les initiatives par type : ressourceries, épiceries solidaires, tiers-lieux…"})
	add(&Page{Kind: "themes", Path: "/thematiques/", Title: "Thématiques", Crumbs: []Crumb{home},
		Description: "Les initiatives par besoin auquel elles répondent."})
	add(&Page{Kind: "intercommunalites", Path: "/intercommunalites/", Title: "Intercommunalités", Crumbs: []Crumb{home},
		Description: "Les communes du réseau groupées par intercommunalité."})
	reseau := sync.OnceValue(func() *Reseau { return newReseau(a) })
	add(&Page{Kind: "reseau", Path: "/reseau/", Title: "Le réseau : qui fait quoi", Crumbs: []Crumb{home},
		Description: "Les communes du réseau et leurs initiatives, type par type, groupées par intercommunalité.",
		prepare:     func(p *Page) { p.Reseau = reseau() }})
	add(&Page{Kind: "etat-des-lieux", Path: "/etat-des-lieux/", Title: "État des lieux", Crumbs: []Crumb{home},
		Description: "Les initiatives de l’atlas en chiffres : par type, thématique, statut, année de création, commune et intercommunalité.",
		prepare:     func(p *Page) { p.Etat = newEtat(a) }})
	// The data files and the search index are made beside the pages, on goroutines of
	// their own, and given to emit at once rather than kept: at 100,000 initiatives
	// they weigh about 200 MB. Their two pages are rendered once they are done.
	var side sync.WaitGroup
	donnees := &Page{Kind: "donnees", Path: "/donnees/", Title: "Données ouvertes", Crumbs: []Crumb{home},
		Description: "Les initiatives et les communes de l’atlas à télécharger en GeoJSON, CSV et JSON, et le flux Atom des mises à jour."}
	add(donnees)
	// GoGoCarto's elements carry the first paragraph of each initiative's page, kept
	// apart: the bodies are emptied while the pages are rendered.
	summaries := make(map[*atlas.Initiative]string, len(a.Initiatives))
	for _, in := range a.Initiatives {
		summaries[in] = bodies[in].Summary
	}
	side.Go(func() {
		if sel.keepData() {
			return
		}
		var made []madeFile
		keep := func(f opendata.File) {
			made = append(made, madeFile{f.Path, len(f.Data)})
			emit(File{Path: f.Path, Data: f.Data, Compact: true, Group: "data"})
		}
		opendata.Build(a, r.baseURL, keep)
		opendata.GoGoCarto(a, r.baseURL, func(in *atlas.Initiative) string { return summaries[in] }, keep)
		donnees.Donnees = newDonnees(a, made)
	})
	add(&Page{Kind: "carte", Path: "/carte/", Title: "Carte des initiatives", Crumbs: []Crumb{home},
		Description: "Toutes les initiatives de l’atlas sur une carte, et la liste de celles qui n’ont pas encore de coordonnées.",
		prepare:     func(p *Page) { p.Carte = newCarte(a) }})
	recherche := &Page{Kind: "recherche", Path: "/recherche/", Title: "Recherche", Crumbs: []Crumb{home},
		Description: "Chercher une initiative, une commune, un type ou une thématique dans l’atlas."}
	add(recherche)
	// A full render drops the bodies as it goes: the index reads them from a copy.
	texts := func(d atlas.Doc) string { return string(bodies[d].HTML) }
	if sel == nil {
		m := searchTexts(a, bodies)
		texts = func(d atlas.Doc) string { return m[d] }
	}
	side.Go(func() {
		ix := r.searchIndex(a, texts)
		recherche.Recherche = &Recherche{Index: r.basePath + "recherche/index.json?v=" + ix.Meta.Version, Meta: ix.Meta}
		for _, f := range ix.Files {
			emit(File{Path: f.Path, Data: f.Data, Compact: true, Group: "search"})
		}
	})
	add(&Page{Kind: "contribuer", Path: "/contribuer/", Title: "Proposer une initiative", Crumbs: []Crumb{home},
		Description: "Proposer une initiative qui manque à l’atlas, ou corriger une fiche : un formulaire qui prépare le fichier à envoyer.", Contribuer: newContribuer(a)})
	add(&Page{Kind: "404", Path: "/404.html", Title: "Page introuvable", NoIndex: true})
	for _, l := range Legal {
		if !own[l.Path] {
			add(&Page{Kind: strings.Trim(l.Path, "/"), Path: l.Path, Title: l.Title, Crumbs: []Crumb{home},
				Description: legalDescriptions[l.Path]})
		}
	}

	for _, in := range a.Initiatives {
		desc := bodies[in].Summary
		if desc == "" {
			desc = in.Title
			if in.Type != nil {
				desc = in.Type.Name + " : " + in.Title
			}
			if names := communeNames(in.Communes); names != "" {
				desc += ", " + names
			}
		}
		crumbs := []Crumb{home}
		if len(in.Communes) > 0 {
			crumbs = append(crumbs, Crumb{"Communes", "/communes/"}, Crumb{in.Communes[0].Name, in.Communes[0].URL()})
		}
		p := &Page{Kind: "initiative", Path: in.URL(), Title: in.Title, Description: desc, Crumbs: crumbs, Initiative: in, Body: bodies[in].HTML,
			prepare: func(p *Page) {
				p.Infos = newInfos(in)
				p.Report = newReport(a.Site.Contribute, in.Title, r.baseURL+strings.TrimPrefix(in.URL(), "/"), in.Path)
			}}
		if stale(in.Verified, r.today(), a.Site.FreshnessMonths) {
			p.Stale = &Freshness{Verified: in.Verified}
		}
		add(p)
	}
	for _, c := range a.Communes {
		desc := fmt.Sprintf("L’économie sociale et solidaire à %s : %s.", c.Name, plural(len(c.Initiatives), "initiative", "initiatives"))
		add(&Page{Kind: "commune", Path: c.URL(), Title: c.Name, Crumbs: []Crumb{home, {"Communes", "/communes/"}},
			Description: desc, Commune: c, Body: bodies[c].HTML, ElusBefore: elusBefore(c, a.Site.Elections),
			prepare: func(p *Page) {
				p.Carte = newCommuneMap(c)
				p.Report = newReport(a.Site.Contribute, c.Name, r.baseURL+strings.TrimPrefix(c.URL(), "/"), c.Path)
			}})
	}
	for _, x := range a.Intercos {
		add(&Page{Kind: "intercommunalite", Path: x.URL(), Title: x.Name, Crumbs: []Crumb{home, {"Intercommunalités", "/intercommunalites/"}},
			Description: fmt.Sprintf("%s : %s du réseau et leurs initiatives.", x.Name, plural(len(x.Communes), "commune", "communes")),
			Interco:     x, prepare: func(p *Page) { p.Matrix = reseau().group(x) }})
	}
	for _, t := range a.Types {
		desc := t.Description
		if desc == "" {
			desc = t.Plural + " des communes du réseau."
		}
		add(&Page{Kind: "type", Path: t.URL(), Title: t.Plural, Description: desc, Crumbs: []Crumb{home, {"Types", "/types/"}}, Type: t,
			prepare: func(p *Page) { p.Compare = newCompare(a, t) }})
	}
	for _, t := range a.Themes {
		desc := t.Description
		if desc == "" {
			desc = "Les initiatives de la thématique « " + t.Name + " »."
		}
		add(&Page{Kind: "theme", Path: t.URL(), Title: t.Name, Description: desc, Crumbs: []Crumb{home, {"Thématiques", "/thematiques/"}}, Theme: t})
	}
	for _, p := range a.Pages {
		desc := p.Description
		if desc == "" {
			desc = bodies[p].Summary
		}
		add(&Page{Kind: "page", Path: p.URL(), Title: p.Title, Description: desc, Crumbs: []Crumb{home}, FreePage: p, Body: bodies[p].HTML})
	}
	r.memoryPages(a, bodies, site, add, emit, sel)
	aliases := func(refs []content.Ref, target string) {
		for _, al := range refs {
			add(&Page{Kind: "alias", Path: al.Slug, Title: "Page déplacée", Target: target, NoIndex: true})
		}
	}
	for _, c := range a.Communes {
		aliases(c.Aliases, c.URL())
	}
	for _, in := range a.Initiatives {
		aliases(in.Aliases, in.URL())
	}
	for _, p := range a.Pages {
		aliases(p.Aliases, p.URL())
	}

	// The sitemap is made now, so that each page can go once rendered: at 100,000
	// initiatives the pages, with their JSON-LD and small maps, weigh some 150 MB.
	if !sel.bodiesOnly() {
		emit(r.sitemap(a, pages))
	}
	errs := make([]diag.List, len(pages))
	render := func(i int) {
		p := pages[i]
		defer func() { pages[i] = nil }()
		if !sel.page(p, p == donnees, p == recherche) {
			return
		}
		p.Prepare()
		// JSON-LD is made here, on all cores, rather than with the page list.
		switch {
		case p.Initiative != nil:
			p.JSONLD = r.initiativeLD(p.Initiative, p.Description)
		case p.Commune != nil && p.Kind == "commune":
			p.JSONLD = r.communeLD(p.Commune, p.Description)
		}
		switch p.Kind {
		case "commune", "type", "intercommunalite", "reseau":
			p.QR = r.qr(p.Permalink)
			p.Printable = true
		case "initiative", "theme", "etat-des-lieux":
			p.Printable = true
		}
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		if err := r.tmpl[p.Kind].ExecuteTemplate(buf, p.Kind+".html", p); err != nil {
			errs[i] = templateDiag(p.Kind+".html", r.placeError(p, err))
			return
		}
		emit(File{Path: outPath(p.Path), Data: buf.Bytes()})
	}
	// Each body now lives in its page only, which drops it once rendered: at 100,000
	// initiatives the bodies weigh some 300 MB, which the collector need not keep. A
	// selective render leaves them: its caller keeps them for the next.
	if sel == nil {
		for d, b := range bodies {
			b.HTML = ""
			bodies[d] = b
		}
	}
	// The pages of the data files and of the search wait for the side goroutines.
	var now, late []int
	for i, p := range pages {
		if p == donnees || p == recherche {
			late = append(late, i)
		} else {
			now = append(now, i)
		}
	}
	var done atomic.Int64
	progress := func(k int, f func(int)) {
		f(k)
		if r.OnPage != nil {
			r.OnPage(int(done.Add(1)), len(pages))
		}
	}
	parallel.For(len(now), func(k int) { progress(now[k], render) })
	side.Wait()
	parallel.For(len(late), func(k int) { progress(late[k], render) })

	var d diag.List
	seenErr := map[string]bool{}
	for _, e := range errs {
		for _, x := range e {
			// One broken template fails on every page of its kind: report it once.
			if !seenErr[x.Error()] {
				seenErr[x.Error()] = true
				d = append(d, x)
			}
		}
	}
	emit(File{Path: feed.Path, Data: feed.Build(a, r.baseURL, func(in *atlas.Initiative) string { return bodies[in].Summary })})
	if sel.bodiesOnly() || sel.sameTheme() {
		return d
	}
	emit(File{Path: "robots.txt", Data: r.robots(), Group: "robots"})
	statics, sd := r.statics(a.Site.Map != nil)
	d.Append(sd)
	for _, f := range statics {
		f.Group = "static"
		emit(f)
	}
	return d
}

var legalDescriptions = map[string]string{
	"/mentions-legales/":     "Qui publie et héberge l’atlas, qui en dirige la publication, et la licence de ses données.",
	"/accessibilite/":        "Déclaration d’accessibilité de l’atlas : état de conformité au RGAA, vérifications faites, comment signaler un problème.",
	"/donnees-personnelles/": "Les données personnelles que publie l’atlas (les fonctions publiques des élus), et comment demander leur correction ou leur retrait.",
}

// placeError returns err, which page p's minified templates returned, as the templates
// as written return it: with a line and column in the files the user wrote.
func (r *Renderer) placeError(p *Page, err error) error {
	if r.plain == nil {
		return err
	}
	r.plainMu.Lock()
	defer r.plainMu.Unlock()
	r.plain.cache = &cache{index: r.cache.index}
	defer func() { r.plain.cache = nil }()
	if perr := r.plain.tmpl[p.Kind].ExecuteTemplate(io.Discard, p.Kind+".html", p); perr != nil {
		return perr
	}
	return err
}

// buffers are the pages' rendering buffers, reused across pages.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// outPath maps a site path to the file that serves it.
func outPath(p string) string {
	if strings.HasSuffix(p, "/") {
		return strings.TrimPrefix(p, "/") + "index.html"
	}
	return strings.TrimPrefix(p, "/")
}

func communeNames(cs []*atlas.Commune) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

func plural(n int, one, many string) string {
	if n <= 1 {
		return strconv.Itoa(n) + " " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (r *Renderer) robots() []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + r.baseURL + "sitemap.xml\n")
}

// sitemap lists every indexable page, with the date its facts were verified where
// there is one.
func (r *Renderer) sitemap(a *atlas.Atlas, pages []*Page) File {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range pages {
		if p.NoIndex {
			continue
		}
		b.WriteString("<url><loc>")
		template.HTMLEscape(&b, []byte(r.baseURL+strings.TrimPrefix(p.Path, "/")))
		b.WriteString("</loc>")
		if p.Initiative != nil && !p.Initiative.Verified.IsZero() {
			b.WriteString("<lastmod>" + p.Initiative.Verified.Format(time.DateOnly) + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return File{Path: "sitemap.xml", Data: b.Bytes(), Group: "sitemap"}
}

// leafletDir holds the vendored Leaflet, copied only for a site whose site.toml opts
// in to a tiled map.
const leafletDir = "vendor/leaflet"

func (r *Renderer) statics(tiles bool) ([]File, diag.List) {
	var files []File
	var d diag.List
	err := fs.WalkDir(r.static, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if p == leafletDir && !tiles {
				return fs.SkipDir
			}
			return nil
		}
		b, err := fs.ReadFile(r.static, p)
		if err != nil {
			return err
		}
		files = append(files, File{Path: path.Clean(p), Data: b})
		return nil
	})
	if err != nil {
		d.Add(diag.Pos{File: "static"}, "%v", err)
	}
	return files, d
}

// Section is the first segment of the page's path: "communes" for /communes/sceaux/.
// Initiative pages belong to no menu section.
func (p *Page) Section() string {
	s, _, _ := strings.Cut(strings.TrimPrefix(p.Path, "/"), "/")
	return s
}
