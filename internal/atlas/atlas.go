package atlas

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/collate"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/hours"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// MaxPeers is how many peer examples an initiative page lists; the type page lists
// them all.
const MaxPeers = 12

// Atlas is the whole cross-linked model.
type Atlas struct {
	Site        *content.Site
	Communes    []*Commune    // French alphabetical order
	Initiatives []*Initiative // by title, French alphabetical order
	Types       []*Type       // in site.toml order
	Themes      []*Theme      // in site.toml order
	Statuses    []*Status     // in site.toml order: the life cycle
	Intercos    []*Interco    // French alphabetical order
	Pages       []*Page       // by weight, then title
	Sources     []*Source     // the documents, newest first, then by title
	SourceKinds []*SourceKind // in site.toml order
	Parcours    []*Parcours   // by title

	communes    map[string]*Commune
	initiatives map[string]*Initiative
	types       map[string]*Type
	themes      map[string]*Theme
	pages       map[string]*Page
	sources     map[string]*Source
	parcours    map[string]*Parcours
	broken      map[string]bool // "kind:slug" of files that could not be read
}

// Doc is anything that has a page: the target of a link and the source of a backlink.
type Doc interface {
	URL() string   // path from the site root, with a trailing slash
	Label() string // the name shown in a link
	Kind() string  // "commune", "initiative", "type", "theme", "interco", "page", "source" or "parcours"
}

// Commune is a commune of the network.
//
// Each document type repeats, as fields of its own, the fields of its content that
// templates read: text/template finds a promoted field only through a breadth-first
// search of the embedded structs (reflect's FieldByNameFunc), which allocates on
// every use, and a field of the type itself at once. New sets them.
type Commune struct {
	*content.Commune
	Slug, Name, INSEE, Departement, Website string
	Population                              int
	Elus                                    []Elu

	// Location is the commune's centre: its own location when its file gives
	// one, else the centre the code officiel géographique has for its INSEE
	// code (GeoNames, see package cog); nil when neither is known.
	Location *content.LatLon
	// PostalCodes are the commune's postal codes: those of its file when it gives
	// them, else those of the code officiel géographique; none when neither does.
	PostalCodes []string
	// CentreFromCOG reports that Location comes from the embedded table, whose
	// licence asks that GeoNames be credited wherever it is shown.
	CentreFromCOG bool
	// Nearest are the other communes of the network whose centres are nearest
	// to its own, nearest first, at most MaxNearest; none without a centre.
	Nearest []Neighbour

	Interco     *Interco      // nil when the commune names none
	Initiatives []*Initiative // by title
	ByType      []TypeGroup   // in type order
	Backlinks   []Doc
	Represented []*Source // the documents (meetings) at which it was represented, oldest first
	Sources     []*Source // every document that mentions it, newest first: represented, a participant, cited by one of its initiatives or élus
	order       int
}

// Elu is an elected official of a commune, with the document that states the role.
type Elu struct {
	Name, Role string
	Date       time.Time // when the role was stated: the file's date, else the document's
	Source     *Source   // nil when the file names none
}

// Neighbour is a commune of the network and its distance from another.
type Neighbour struct {
	Commune *Commune
	Km      float64 // between the two centres, as the crow flies
}

// MaxNearest is how many neighbours by distance a commune lists.
const MaxNearest = 6

// Initiative is one initiative.
type Initiative struct {
	*content.Initiative
	Slug, Title, Carrier, LegalForm, Address, Website string
	Since                                             int
	Verified                                          time.Time
	Sources                                           []Cite // newest first

	// The practical fields (see content.Initiative), "" or nil when not given.
	Phone, Email, OpeningHours, Access, Wheelchair string
	Hours                                          *hours.Schedule

	Communes  []*Commune
	Type      *Type
	Themes    []*Theme
	Status    *Status
	Peers     []*Initiative // same type in other communes: same intercommunalité first
	PeerCount int           // all such peers, of which Peers is the start
	Backlinks []Doc
	Parcours  []*Parcours // the itineraries that stop here, by title
	order     int
}

// Cite is one source of an initiative: a document of the atlas, or a title and a date
// written in the fiche.
type Cite struct {
	Doc   *Source // nil for a source written in place
	Title string
	Date  time.Time
	URL   string
}

// Source is a document behind the facts: a meeting report, a letter, a study.
type Source struct {
	*content.Document
	Slug, Title, Place, Organisation string
	Link                             string // the document online, or ""
	Date                             time.Time
	Category                         *SourceKind // its kind; nil when unknown
	Represented                      int         // communes represented as the document counts them, when it names fewer; else 0

	Communes            []*Commune         // represented, alphabetical
	Participants        []Participant      // in the document's order
	ByCommune           []ParticipantGroup // participants by commune, alphabetical, then those of no commune
	Initiatives         []*Initiative      // the initiatives that cite it, by title
	ByInitiativeCommune []CommuneGroup     // the same by commune
	CitedBy             []*Commune         // communes whose élus' roles it states
	Backlinks           []Doc
}

// SourceKind is one kind of document: compte rendu, lettre, étude…
type SourceKind struct {
	*content.Term
	Slug, Name, Plural string
	Sources            []*Source
}

// Participant is a person a document names, with the public role it gives.
type Participant struct {
	Name, Role string
	Commune    *Commune // nil for someone who speaks for no commune of the atlas
}

// ParticipantGroup is the participants of a document from one commune.
type ParticipantGroup struct {
	Commune      *Commune // nil for those of no commune
	Participants []Participant
}

// Parcours is an itinerary: ordered stops at initiatives.
type Parcours struct {
	*content.Parcours
	Slug, Title, Description string
	Stops                    []Stop
	Communes                 []*Commune // the communes it goes through, in order of first visit
	Backlinks                []Doc
}

// Stop is one step of an itinerary.
type Stop struct {
	N          int // from 1
	Initiative *Initiative
	Text       string
}

// Type is one kind of initiative.
type Type struct {
	*content.Term
	Slug, Name, Plural, Description string

	Initiatives []*Initiative
	ByCommune   []CommuneGroup // communes in alphabetical order
	Without     []*Commune     // communes of the network that have none yet
}

// Theme is one need that initiatives serve.
type Theme struct {
	*content.Term
	Slug, Name, Plural, Description string

	Initiatives []*Initiative
	ByCommune   []CommuneGroup
}

// Status is one step of the life cycle.
type Status struct {
	*content.Term
	Slug, Name, Plural, Description string
	Stage                           string // content.StageActive…; "" when site.toml gives none

	Initiatives []*Initiative
}

// Interco is an intercommunalité (EPT or EPCI) that groups communes.
type Interco struct {
	Slug        string
	Name        string
	Communes    []*Commune
	Initiatives []*Initiative
}

// Page is a free page.
type Page struct {
	*content.Page
	Slug, Title, Description string

	Backlinks []Doc
}

// CommuneGroup is the initiatives of one commune within an index.
type CommuneGroup struct {
	Commune     *Commune
	Initiatives []*Initiative
}

// TypeGroup is the initiatives of one type within a commune.
type TypeGroup struct {
	Type        *Type
	Initiatives []*Initiative
}

func (c *Commune) URL() string    { return "/communes/" + c.Slug + "/" }
func (c *Commune) Label() string  { return c.Name }
func (c *Commune) Kind() string   { return "commune" }
func (i *Initiative) URL() string { return "/initiatives/" + i.Slug + "/" }
func (i *Initiative) Label() string {
	return i.Title
}
func (i *Initiative) Kind() string { return "initiative" }
func (t *Type) URL() string        { return "/types/" + t.Slug + "/" }
func (t *Type) Label() string      { return t.Name }
func (t *Type) Kind() string       { return "type" }
func (t *Theme) URL() string       { return "/thematiques/" + t.Slug + "/" }
func (t *Theme) Label() string     { return t.Name }
func (t *Theme) Kind() string      { return "theme" }
func (s *Status) URL() string      { return "" }
func (s *Status) Label() string    { return s.Name }
func (s *Status) Kind() string     { return "status" }
func (x *Interco) URL() string     { return "/intercommunalites/" + x.Slug + "/" }
func (x *Interco) Label() string   { return x.Name }
func (x *Interco) Kind() string    { return "interco" }
func (p *Page) URL() string        { return "/" + p.Slug + "/" }
func (p *Page) Label() string      { return p.Title }
func (p *Page) Kind() string       { return "page" }
func (s *Source) URL() string      { return "/sources/" + s.Slug + "/" }
func (s *Source) Label() string    { return s.Title }
func (s *Source) Kind() string     { return "source" }
func (p *Parcours) URL() string    { return "/parcours/" + p.Slug + "/" }
func (p *Parcours) Label() string  { return p.Title }
func (p *Parcours) Kind() string   { return "parcours" }

// EmbedURL is the page a mairie's website shows in an iframe: the commune's
// initiatives without the site's header and footer.
func (c *Commune) EmbedURL() string { return c.URL() + "integrer/cadre/" }

// IntegrerURL is the page that gives the iframe code and the commune's own data.
func (c *Commune) IntegrerURL() string { return c.URL() + "integrer/" }

// Location returns where the initiative is and whether that is only its first
// commune's centre; nil when neither is known.
func (i *Initiative) Location() (loc *content.LatLon, atCentre bool) {
	if i.Initiative.Location != nil {
		return i.Initiative.Location, false
	}
	for _, c := range i.Communes {
		if c.Location != nil {
			return c.Location, true
		}
	}
	return nil, false
}

// GeoNamesCredit returns the attribution that GeoNames' licence asks for when
// some commune's centre comes from the code officiel géographique, else "".
func (a *Atlas) GeoNamesCredit() string {
	for _, c := range a.Communes {
		if c.CentreFromCOG {
			return cog.Credit
		}
	}
	return ""
}

// AtCentre reports whether the initiative is placed at its commune's centre,
// for want of a location of its own.
func (i *Initiative) AtCentre() bool {
	loc, atCentre := i.Location()
	return loc != nil && atCentre
}

// Others returns the other communes of c's intercommunalité.
func (c *Commune) Others() []*Commune {
	if c.Interco == nil {
		return nil
	}
	out := make([]*Commune, 0, len(c.Interco.Communes))
	for _, o := range c.Interco.Communes {
		if o != c {
			out = append(out, o)
		}
	}
	return out
}

// Commune returns the commune called slug, or nil.
func (a *Atlas) Commune(slug string) *Commune { return a.communes[slug] }

// Initiative returns the initiative called slug, or nil.
func (a *Atlas) Initiative(slug string) *Initiative { return a.initiatives[slug] }

// Reserved are the paths of the site's own pages and files, which free pages and
// aliases cannot take.
var Reserved = []string{"communes", "initiatives", "types", "thematiques", "intercommunalites",
	"reseau", "etat-des-lieux", "carte", "recherche", "donnees", "contribuer", "sources", "parcours", "static", "atom.xml",
	"sitemap.xml", "robots.txt", "404.html", "index.html"}

// New builds the model. Diagnostics report references to things that do not exist,
// with the nearest valid slug; references to files that exist but could not be read
// are not reported again.
func New(c *content.Content) (*Atlas, diag.List) {
	var d diag.List
	a := &Atlas{
		Site:        c.Site,
		communes:    map[string]*Commune{},
		initiatives: map[string]*Initiative{},
		types:       map[string]*Type{},
		themes:      map[string]*Theme{},
		pages:       map[string]*Page{},
		sources:     map[string]*Source{},
		parcours:    map[string]*Parcours{},
		broken:      map[string]bool{},
	}
	if a.Site == nil {
		// Without site.toml no vocabulary is known: links to types and themes are
		// not reported, as site.toml's own problem already is.
		a.Site = &content.Site{Title: "Atlas", Language: "fr"}
		a.broken["type:*"] = true
		a.broken["theme:*"] = true
		a.broken["sourcekind:*"] = true
	}
	statuses := map[string]*Status{}
	for _, t := range a.Site.Types {
		x := &Type{Term: t, Slug: t.Slug, Name: t.Name, Plural: t.Plural, Description: t.Description}
		a.Types = append(a.Types, x)
		a.types[t.Slug] = x
	}
	for _, t := range a.Site.Themes {
		x := &Theme{Term: t, Slug: t.Slug, Name: t.Name, Plural: t.Plural, Description: t.Description}
		a.Themes = append(a.Themes, x)
		a.themes[t.Slug] = x
	}
	for _, t := range a.Site.Statuses {
		x := &Status{Term: t, Slug: t.Slug, Name: t.Name, Plural: t.Plural, Description: t.Description, Stage: t.Stage}
		a.Statuses = append(a.Statuses, x)
		statuses[t.Slug] = x
	}

	// Communes and their intercommunalités.
	intercos := map[string]*Interco{}
	for _, cc := range c.Communes {
		if cc.Broken {
			a.broken["commune:"+cc.Slug] = true
			continue
		}
		cm := &Commune{Commune: cc, Slug: cc.Slug, Name: cc.Name, INSEE: cc.INSEE, Departement: cc.Departement,
			Website: cc.Website, Population: cc.Population, Location: cc.Location, PostalCodes: cc.PostalCodes}
		if cm.PostalCodes == nil && cc.Departement != Abroad {
			if off, ok := cog.Lookup(cc.INSEE); ok {
				cm.PostalCodes = off.PostalCodes()
			}
		}
		if cm.Location == nil && cc.Departement != Abroad {
			if off, ok := cog.Lookup(cc.INSEE); ok {
				if lat, lon, ok := off.Centre(); ok {
					cm.Location, cm.CentreFromCOG = &content.LatLon{Lat: lat, Lon: lon}, true
				}
			}
		}
		a.Communes = append(a.Communes, cm)
		a.communes[cc.Slug] = cm
		if cc.Intercommunalite != "" {
			s := slug.Make(cc.Intercommunalite)
			x := intercos[s]
			if x == nil {
				x = &Interco{Slug: s, Name: cc.Intercommunalite}
				intercos[s] = x
				a.Intercos = append(a.Intercos, x)
			}
			cm.Interco = x
		}
	}
	sortByName(a.Communes, func(c *Commune) string { return c.Name })
	for i, cm := range a.Communes {
		cm.order = i
		if cm.Interco != nil {
			cm.Interco.Communes = append(cm.Interco.Communes, cm)
		}
	}
	sortByName(a.Intercos, func(x *Interco) string { return x.Name })

	// Initiatives and their references.
	for _, ci := range c.Initiatives {
		if ci.Broken {
			a.broken["initiative:"+ci.Slug] = true
			continue
		}
		in := &Initiative{Initiative: ci, Slug: ci.Slug, Title: ci.Title, Carrier: ci.Carrier, LegalForm: ci.LegalForm,
			Address: ci.Address, Website: ci.Website, Since: ci.Since, Verified: ci.Verified,
			Phone: ci.Phone, Email: ci.Email, OpeningHours: ci.OpeningHours, Access: ci.Access, Wheelchair: ci.Wheelchair, Hours: ci.Hours}
		a.Initiatives = append(a.Initiatives, in)
		a.initiatives[ci.Slug] = in
		seen := map[string]bool{}
		for _, r := range ci.Communes {
			if seen[r.Slug] {
				d.Add(r.Pos, "commune %q is listed twice", r.Slug)
				continue
			}
			seen[r.Slug] = true
			if cm := a.communes[r.Slug]; cm != nil {
				in.Communes = append(in.Communes, cm)
			} else if !a.broken["commune:"+r.Slug] {
				d.Add(r.Pos, "unknown commune %q%s", r.Slug, diag.Suggest(r.Slug, keys(a.communes)))
			}
		}
		if ci.Type.Slug != "" {
			if in.Type = a.types[ci.Type.Slug]; in.Type == nil && c.Site != nil {
				d.Add(ci.Type.Pos, "unknown type %q%s", ci.Type.Slug, diag.Suggest(ci.Type.Slug, keys(a.types)))
			}
		}
		if ci.Status.Slug != "" {
			if in.Status = statuses[ci.Status.Slug]; in.Status == nil && c.Site != nil {
				d.Add(ci.Status.Pos, "unknown status %q%s", ci.Status.Slug, diag.Suggest(ci.Status.Slug, keys(statuses)))
			}
		}
		seenTheme := map[string]bool{}
		for _, r := range ci.Themes {
			if seenTheme[r.Slug] {
				d.Add(r.Pos, "theme %q is listed twice", r.Slug)
				continue
			}
			seenTheme[r.Slug] = true
			if th := a.themes[r.Slug]; th != nil {
				in.Themes = append(in.Themes, th)
			} else if c.Site != nil {
				d.Add(r.Pos, "unknown theme %q%s", r.Slug, diag.Suggest(r.Slug, keys(a.themes)))
			}
		}
		slices.SortFunc(in.Themes, func(x, y *Theme) int {
			return cmp.Compare(slices.Index(a.Themes, x), slices.Index(a.Themes, y))
		})
	}
	sortByName(a.Initiatives, func(i *Initiative) string { return i.Title })
	for i, in := range a.Initiatives {
		in.order = i
	}

	for _, cp := range c.Pages {
		if cp.Broken {
			a.broken["page:"+cp.Slug] = true
			continue
		}
		if slices.Contains(Reserved, cp.Slug) {
			d.Add(diag.Pos{File: cp.Path, Line: 1, Col: 1}, "page slug %q is taken by the site's own /%s/ page: rename the file", cp.Slug, cp.Slug)
			continue
		}
		p := &Page{Page: cp, Slug: cp.Slug, Title: cp.Title, Description: cp.Description}
		a.Pages = append(a.Pages, p)
		a.pages[cp.Slug] = p
	}
	sortByName(a.Pages, func(p *Page) string { return p.Title })
	slices.SortStableFunc(a.Pages, func(x, y *Page) int { return cmp.Compare(x.Weight, y.Weight) })

	d.Append(a.documents(c))
	d.Append(a.itineraries(c))
	a.index()
	a.indexSources()
	a.nearest()
	d.Append(a.checkAliases())
	d.Append(a.checkINSEE())
	return a, d
}

// index fills the lists that point back from communes, types, themes, statuses and
// intercommunalités to initiatives, and the peers. Initiatives are visited in title
// order, so every list is in title order. Each step is linear in the number of
// initiatives, apart from the MaxPeers bound.
func (a *Atlas) index() {
	statusIdx := map[*Status]bool{}
	for _, in := range a.Initiatives {
		for _, cm := range in.Communes {
			cm.Initiatives = append(cm.Initiatives, in)
		}
		if in.Type != nil {
			in.Type.Initiatives = append(in.Type.Initiatives, in)
		}
		for _, th := range in.Themes {
			th.Initiatives = append(th.Initiatives, in)
		}
		if in.Status != nil {
			in.Status.Initiatives = append(in.Status.Initiatives, in)
			statusIdx[in.Status] = true
		}
	}
	for _, x := range a.Intercos {
		seen := map[*Initiative]bool{}
		for _, cm := range x.Communes {
			for _, in := range cm.Initiatives {
				if !seen[in] {
					seen[in] = true
					x.Initiatives = append(x.Initiatives, in)
				}
			}
		}
		slices.SortFunc(x.Initiatives, func(p, q *Initiative) int { return cmp.Compare(p.order, q.order) })
	}
	for _, cm := range a.Communes {
		for _, t := range a.Types {
			var g []*Initiative
			for _, in := range cm.Initiatives {
				if in.Type == t {
					g = append(g, in)
				}
			}
			if len(g) > 0 {
				cm.ByType = append(cm.ByType, TypeGroup{Type: t, Initiatives: g})
			}
		}
	}
	for _, t := range a.Types {
		t.ByCommune = byCommune(a.Communes, t.Initiatives)
		has := map[*Commune]bool{}
		for _, g := range t.ByCommune {
			has[g.Commune] = true
		}
		for _, cm := range a.Communes {
			if !has[cm] {
				t.Without = append(t.Without, cm)
			}
		}
		a.peers(t)
	}
	for _, th := range a.Themes {
		th.ByCommune = byCommune(a.Communes, th.Initiatives)
	}
}

// byCommune groups initiatives by commune, communes in alphabetical order; an
// initiative of two communes is in both groups.
func byCommune(communes []*Commune, ins []*Initiative) []CommuneGroup {
	groups := map[*Commune][]*Initiative{}
	for _, in := range ins {
		for _, cm := range in.Communes {
			groups[cm] = append(groups[cm], in)
		}
	}
	out := make([]CommuneGroup, 0, len(groups))
	for cm, g := range groups {
		out = append(out, CommuneGroup{Commune: cm, Initiatives: g})
	}
	slices.SortFunc(out, func(x, y CommuneGroup) int { return cmp.Compare(x.Commune.order, y.Commune.order) })
	return out
}

// peers fills Peers and PeerCount for the initiatives of t: the initiatives of the same
// type that share no commune with it, those of the same intercommunalité first, then
// by commune in alphabetical order.
func (a *Atlas) peers(t *Type) {
	// ordered is t's initiatives by first commune, then title; byInterco the same,
	// split by the first commune's intercommunalité.
	ordered := slices.Clone(t.Initiatives)
	first := func(in *Initiative) int {
		if len(in.Communes) == 0 {
			return len(a.Communes)
		}
		return in.Communes[0].order
	}
	slices.SortStableFunc(ordered, func(x, y *Initiative) int { return cmp.Compare(first(x), first(y)) })
	byInterco := map[*Interco][]*Initiative{}
	byCommune := map[*Commune][]*Initiative{} // t's initiatives in each of their communes
	for _, in := range ordered {
		if len(in.Communes) > 0 && in.Communes[0].Interco != nil {
			byInterco[in.Communes[0].Interco] = append(byInterco[in.Communes[0].Interco], in)
		}
		for _, cm := range in.Communes {
			byCommune[cm] = append(byCommune[cm], in)
		}
	}
	shares := func(x, y *Initiative) bool {
		for _, c := range x.Communes {
			if slices.Contains(y.Communes, c) {
				return true
			}
		}
		return false
	}
	for _, in := range ordered {
		var ix *Interco
		if len(in.Communes) > 0 {
			ix = in.Communes[0].Interco
		}
		var peers []*Initiative
		for _, o := range byInterco[ix] {
			if len(peers) == MaxPeers {
				break
			}
			if o != in && !shares(in, o) {
				peers = append(peers, o)
			}
		}
		for _, o := range ordered {
			if len(peers) == MaxPeers {
				break
			}
			sameInterco := ix != nil && len(o.Communes) > 0 && o.Communes[0].Interco == ix
			if o != in && !sameInterco && !shares(in, o) {
				peers = append(peers, o)
			}
		}
		in.Peers = peers
		// The others that share none of in's communes, counted from the initiatives of
		// each of its communes, never by going through all of t's: that was quadratic,
		// 0.85 s of the model's 1.46 s at 100,000 initiatives.
		switch len(in.Communes) {
		case 0:
			in.PeerCount = len(ordered) - 1
		case 1:
			in.PeerCount = len(ordered) - len(byCommune[in.Communes[0]])
		default:
			sharing := map[*Initiative]bool{}
			for _, cm := range in.Communes {
				for _, o := range byCommune[cm] {
					sharing[o] = true // in among them
				}
			}
			in.PeerCount = len(ordered) - len(sharing)
		}
	}
}

// checkAliases reports aliases that are not site paths, collide with each other or
// with a real page.
func (a *Atlas) checkAliases() diag.List {
	var d diag.List
	real := map[string]bool{"/": true}
	for _, r := range Reserved {
		real["/"+r+"/"] = true
	}
	for _, doc := range a.Docs() {
		real[doc.URL()] = true
	}
	seen := map[string]diag.Pos{}
	check := func(refs []content.Ref) []content.Ref {
		var ok []content.Ref
		for _, r := range refs {
			p, msg := NormalizeAlias(r.Slug)
			switch {
			case msg != "":
				d.Add(r.Pos, "alias %q %s", r.Slug, msg)
			case real[p]:
				d.Add(r.Pos, "alias %q is the path of an existing page", r.Slug)
			case seen[p] != diag.Pos{}:
				d.Add(r.Pos, "alias %q is already used at %s", r.Slug, seen[p])
			default:
				seen[p] = r.Pos
				ok = append(ok, content.Ref{Slug: p, Pos: r.Pos})
			}
		}
		return ok
	}
	for _, cm := range a.Communes {
		cm.Aliases = check(cm.Aliases)
	}
	for _, in := range a.Initiatives {
		in.Aliases = check(in.Aliases)
	}
	for _, p := range a.Pages {
		p.Aliases = check(p.Aliases)
	}
	return d
}

// NormalizeAlias turns an alias into a site path with leading and trailing slashes,
// or says why it cannot be one.
func NormalizeAlias(s string) (string, string) {
	if !strings.HasPrefix(s, "/") {
		return "", "must be a path from the site root, starting with /"
	}
	p := strings.TrimSuffix(s, "index.html")
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	for _, part := range strings.Split(strings.Trim(p, "/"), "/") {
		if part == "" || part == "." || part == ".." || strings.ContainsAny(part, "?#\\%") {
			return "", "is not a clean path"
		}
		// An alias becomes a folder name and a URL in a redirection page: letters,
		// digits and - . _ ~ only, so that no space, line break or markup (<svg …>)
		// reaches either.
		for _, r := range part {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !strings.ContainsRune("-._~", r) {
				return "", fmt.Sprintf("holds %q: use letters, digits, -, ., _ and ~ between the slashes", r)
			}
		}
	}
	return p, ""
}

// Docs returns every document that has a page, in a fixed order.
func (a *Atlas) Docs() []Doc {
	var docs []Doc
	for _, x := range a.Communes {
		docs = append(docs, x)
	}
	for _, x := range a.Initiatives {
		docs = append(docs, x)
	}
	for _, x := range a.Types {
		docs = append(docs, x)
	}
	for _, x := range a.Themes {
		docs = append(docs, x)
	}
	for _, x := range a.Intercos {
		docs = append(docs, x)
	}
	for _, x := range a.Pages {
		docs = append(docs, x)
	}
	for _, x := range a.Sources {
		docs = append(docs, x)
	}
	for _, x := range a.Parcours {
		docs = append(docs, x)
	}
	return docs
}

// Lookup finds the document of a typed link ("commune", "initiative", "type", "theme"
// and, for completeness, "page"). known is true for a document whose file exists but
// could not be read: a link to it is not a second problem.
func (a *Atlas) Lookup(kind, s string) (doc Doc, known bool) {
	switch kind {
	case "commune":
		if x := a.communes[s]; x != nil {
			return x, true
		}
	case "initiative":
		if x := a.initiatives[s]; x != nil {
			return x, true
		}
	case "type":
		if x := a.types[s]; x != nil {
			return x, true
		}
	case "theme":
		if x := a.themes[s]; x != nil {
			return x, true
		}
	case "page":
		if x := a.pages[s]; x != nil {
			return x, true
		}
	case "source":
		if x := a.sources[s]; x != nil {
			return x, true
		}
	case "parcours":
		if x := a.parcours[s]; x != nil {
			return x, true
		}
	}
	return nil, a.broken[kind+":"+s] || a.broken[kind+":*"]
}

// Candidates returns the slugs of kind, for suggestions.
func (a *Atlas) Candidates(kind string) []string {
	switch kind {
	case "commune":
		return keys(a.communes)
	case "initiative":
		return keys(a.initiatives)
	case "type":
		return keys(a.types)
	case "theme":
		return keys(a.themes)
	case "page":
		return keys(a.pages)
	case "source":
		return keys(a.sources)
	case "parcours":
		return keys(a.parcours)
	}
	return nil
}

// AddBacklinks records, for every document of links, that it links to each of its
// targets, and sets the targets' Backlinks, sorted by kind then label. It is called
// once, with every typed link of the site.
func (a *Atlas) AddBacklinks(links map[Doc][]Doc) {
	targets := map[Doc][]Doc{}
	for from, tos := range links {
		seen := map[Doc]bool{}
		for _, to := range tos {
			if to != from && !seen[to] {
				seen[to] = true
				targets[to] = append(targets[to], from)
			}
		}
	}
	col := newCollator()
	for to, froms := range targets {
		sortDocs(col, froms)
		switch x := to.(type) {
		case *Commune:
			x.Backlinks = froms
		case *Initiative:
			x.Backlinks = froms
		case *Page:
			x.Backlinks = froms
		case *Source:
			x.Backlinks = froms
		case *Parcours:
			x.Backlinks = froms
		}
	}
}

var kindOrder = map[string]int{"initiative": 0, "commune": 1, "page": 2, "source": 3, "parcours": 4, "type": 5, "theme": 6, "interco": 7}

func sortDocs(col *collate.Collator, docs []Doc) {
	keys := collationKeys(col, docs, Doc.Label)
	idx := make([]int, len(docs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(i, j int) int {
		return cmp.Or(cmp.Compare(kindOrder[docs[i].Kind()], kindOrder[docs[j].Kind()]),
			strings.Compare(keys[i], keys[j]), cmp.Compare(docs[i].URL(), docs[j].URL()))
	})
	sorted := make([]Doc, len(docs))
	for k, i := range idx {
		sorted[k] = docs[i]
	}
	copy(docs, sorted)
}

// RecentlyVerified returns up to n initiatives, most recently verified first.
func (a *Atlas) RecentlyVerified(n int) []*Initiative {
	out := slices.Clone(a.Initiatives)
	slices.SortStableFunc(out, func(x, y *Initiative) int { return y.Verified.Compare(x.Verified) })
	return out[:min(n, len(out))]
}

// LastVerified is the latest verified date of all initiatives.
func (a *Atlas) LastVerified() time.Time {
	var t time.Time
	for _, in := range a.Initiatives {
		if in.Verified.After(t) {
			t = in.Verified
		}
	}
	return t
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// ResolveLink finds the site path of a typed link, for package markdown.
func (a *Atlas) ResolveLink(kind, slug string) (path string, found, known bool) {
	doc, known := a.Lookup(kind, slug)
	if doc == nil {
		return "", false, known
	}
	return doc.URL(), true, true
}
