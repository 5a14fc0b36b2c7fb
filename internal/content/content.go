package content

import (
	"bytes"
	"time"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/hours"
	"github.com/reseau-ess-92/atlas/internal/sitefs"
)

// Content is everything read from a site directory.
type Content struct {
	Site        *Site // nil when site.toml is missing or broken
	Communes    []*Commune
	Initiatives []*Initiative
	Pages       []*Page
	Documents   []*Document
	Parcours    []*Parcours
}

// Site is site.toml.
type Site struct {
	Title       string
	Description string
	BaseURL     string
	Language    string
	License     string
	Unsafe      bool // raw HTML in Markdown
	// SchemeRelative lets Markdown link to //host/path, which takes the scheme of the
	// page: off by default, since it reads like a path of the site and is not one.
	SchemeRelative bool
	Map            *Map
	Limits         sitefs.Limits // the [limits] table: sizes of one file; zero fields mean the defaults
	Types          []*Term
	Themes         []*Term
	Statuses       []*Term
	SourceKinds    []*Term    // what a document is: compte rendu, lettre, étude…
	Publisher      *Publisher // never nil once read: the legal pages need one

	// Contribute says where proposals and corrections go ([contribute]); nil when the
	// site names no channel, and then the pages only explain what to send.
	Contribute *Contribute

	// FreshnessMonths is how old, in months, a fiche's last check may be before its
	// page says « À confirmer » ([freshness] months; 24 when not set).
	FreshnessMonths int
	// Elections is the date of the last municipal elections ([freshness] elections):
	// a commune whose élus were stated before it warns that the list may be out of
	// date. Zero when not set.
	Elections time.Time
}

// Stages of the life cycle, which the theme shows apart: a status of site.toml says
// which one it is (stage = "…"), so that another vocabulary needs no Go change.
const (
	StageProject = "project" // not open yet: an idea, a study, a project
	StageActive  = "active"  // open, running
	StageDone    = "done"    // a one-off action that took place
	StageClosed  = "closed"  // stopped
	// StageUnknown is for a status that says the sources do not tell (« Statut non
	// précisé »): an initiative named without saying whether it is open, a project or
	// over is none of the four above.
	StageUnknown = "unknown"
)

// Stages lists the stages in the order the theme lists initiatives.
var Stages = []string{StageActive, StageProject, StageDone, StageClosed, StageUnknown}

// Map is the optional [map] table: a tiled interactive map.
type Map struct {
	Tiles       string
	Attribution string
}

// Term is one entry of a vocabulary.
type Term struct {
	Slug        string
	Name        string
	Plural      string // types only; defaults to Name
	Description string
	Keywords    []string // types and themes: other words residents search them by
	Stage       string   // statuses only: one of Stages, or "" in a site.toml written before stages
	Pos         diag.Pos
}

// Ref is a slug written in a file, with where it was written.
type Ref struct {
	Slug string
	Pos  diag.Pos
}

// LatLon is a WGS 84 position.
type LatLon struct{ Lat, Lon float64 }

// Markdown is a Markdown text and where it starts in its file, so that a problem in
// it is reported at its line.
type Markdown struct {
	Src    []byte
	File   *diag.File
	Offset int // byte offset of Src[0] in File
}

// Pos returns the position in File of the byte at offset off of Src. A string of a
// TOML file is mapped line by line from where it starts, which is exact unless the
// string holds escapes. For many positions in one text, Positions is linear where
// Pos counts from the start for each.
func (m Markdown) Pos(off int) diag.Pos {
	if m.File == nil {
		return diag.Pos{}
	}
	if m.inFile() {
		return m.File.Pos(m.Offset + max(0, min(off, len(m.Src))))
	}
	off = max(0, min(off, len(m.Src)))
	p := m.File.Pos(m.Offset)
	before := m.Src[:off]
	if nl := bytes.LastIndexByte(before, '\n'); nl >= 0 {
		p.Line += bytes.Count(before, []byte("\n"))
		p.Col = utf8.RuneCount(before[nl+1:]) + 1
	} else {
		p.Col += utf8.RuneCount(before)
	}
	return p
}

// inFile reports whether Src is the very bytes of File at Offset, as the body of a
// Markdown file is, rather than a TOML string decoded from it.
func (m Markdown) inFile() bool {
	src := m.File.Src()
	return len(m.Src) > 0 && m.Offset >= 0 && m.Offset+len(m.Src) <= len(src) && &src[m.Offset] == &m.Src[0]
}

// Positions returns Pos for many offsets of one text: it indexes the lines of Src
// once, when Src is not the file's own bytes.
func (m Markdown) Positions() func(off int) diag.Pos {
	if m.File == nil || len(m.Src) == 0 || m.inFile() {
		return m.Pos
	}
	idx := diag.NewFile(m.File.Name, m.Src)
	base := m.File.Pos(m.Offset)
	return func(off int) diag.Pos {
		p := idx.Pos(off)
		if p.Line == 1 {
			p.Col += base.Col - 1
		}
		p.Line += base.Line - 1
		return p
	}
}

// Commune is content/communes/<slug>.toml.
type Commune struct {
	Slug             string
	Path             string
	Broken           bool // the file could not be read or is misnamed; do not publish it
	Name             string
	INSEE            string
	INSEEPos         diag.Pos
	Departement      string
	DepartementPos   diag.Pos
	Intercommunalite string
	Population       int
	PostalCodes      []string // postal_codes, in the order written; nil when not given
	Location         *LatLon
	Website          string
	Summary          Markdown
	Elus             []Elu
	Aliases          []Ref
}

// Elu is an elected official with a public role.
type Elu struct {
	Name   string
	Role   string
	Date   time.Time // when the role was stated; zero when not given
	Source Ref       // the document that states the role; Slug "" when not given
}

// Initiative is content/initiatives/**/<slug>.md.
type Initiative struct {
	Slug      string
	Path      string
	Broken    bool
	Title     string
	Communes  []Ref
	Type      Ref
	Themes    []Ref
	Status    Ref
	Since     int
	Carrier   string
	LegalForm string
	Address   string
	Location  *LatLon
	Website   string
	Verified  time.Time
	Aliases   []Ref
	Sources   []Source
	Body      Markdown

	// The practical fields, all optional and never guessed: the structure's public
	// phone and e-mail (checked by Rules), its opening hours in the OpenStreetMap
	// syntax (OpeningHours as written, Hours as read by package hours), who may come
	// and how (Access, free text) and wheelchair access as OpenStreetMap says it
	// (yes, limited or no).
	Phone        string
	Email        string
	OpeningHours string
	Hours        *hours.Schedule
	Access       string
	Wheelchair   string
}

// Source is where the facts of an initiative come from: a document of
// content/sources named by its slug, or a title and a date written in place.
type Source struct {
	Doc   Ref // the document's slug; Slug "" for a source written in place
	Title string
	Date  time.Time
	URL   string
}

// Document is content/sources/<slug>.md: a meeting report, a letter, a study behind
// the facts of the atlas.
type Document struct {
	Slug         string
	Path         string
	Broken       bool
	Title        string
	Kind         Ref // a slug of site.toml [[source_kinds]]
	Date         time.Time
	Place        string
	Organisation string
	URL          string
	Communes     []Ref // communes represented
	Represented  int   // how many communes the document says were represented, when it names fewer; 0 otherwise
	Participants []Participant
	Body         Markdown
}

// Participant is a person named by a document, with the public role it gives.
type Participant struct {
	Name    string
	Role    string
	Commune Ref // Slug "" for someone who speaks for no commune
}

// Parcours is content/parcours/<slug>.md: an itinerary through initiatives.
type Parcours struct {
	Slug        string
	Path        string
	Broken      bool
	Title       string
	Description string
	Stops       []Stop
	Body        Markdown
}

// Stop is one step of an itinerary.
type Stop struct {
	Initiative Ref
	Text       string // plain text: what to see there
}

// Page is content/pages/<slug>.md.
type Page struct {
	Slug        string
	Path        string
	Broken      bool
	Title       string
	Description string
	Weight      int
	Aliases     []Ref
	Body        Markdown
}
