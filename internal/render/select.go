package render

import "github.com/reseau-ess-92/atlas/internal/atlas"

// Selection says which outputs RenderSelected makes, for a preview server that
// renders again only what an edit can have changed (package build decides).
type Selection struct {
	// Page reports whether to render p; a page it declines is not made, and its
	// previous output stands. It is called from several goroutines.
	Page func(p *Page) bool
	// BodiesOnly says that only the Markdown of documents changed since the outputs
	// of the last render, the model being the same: the outputs made from the model
	// alone (files of the Groups "sitemap", "robots", "static", "lieux" and
	// "commune-data": carte/lieux.json and each commune's data files) are then not made,
	// the search index and its page are, and Page is asked about the others.
	BodiesOnly bool
	// KeepData, with BodiesOnly, says that no summary changed either: the data files
	// (Group "data", whose GoGoCarto export holds the summaries) and their page are
	// not made.
	KeepData bool
	// SameTheme says that the static files and the base URL are those of the last
	// render, by this Renderer: the files they alone make (robots.txt and the
	// static files, Groups "robots" and "static") are not made again. A Renderer
	// reads its static files when it renders them: one whose site folder was closed
	// since must not make them.
	SameTheme bool
	// CommuneData, when not nil, reports whether to make c's data files (EmbedPaths)
	// in a render that is not BodiesOnly; those it declines stand as they were.
	CommuneData func(c *atlas.Commune) bool
}

func (s *Selection) communeData(c *atlas.Commune) bool {
	return s == nil || s.CommuneData == nil || s.CommuneData(c)
}

func (s *Selection) bodiesOnly() bool { return s != nil && s.BodiesOnly }
func (s *Selection) keepData() bool   { return s != nil && s.BodiesOnly && s.KeepData }
func (s *Selection) sameTheme() bool  { return s != nil && s.SameTheme }

// page reports whether to render p; data says that p describes the data files,
// search that it names the version of the search index, which reads the bodies.
func (s *Selection) page(p *Page, data, search bool) bool {
	switch {
	case s == nil:
		return true
	case s.BodiesOnly && data:
		return !s.KeepData
	case s.BodiesOnly && search:
		return true
	}
	return s.Page == nil || s.Page(p)
}

// Class says what a page is known to depend on, for incremental rendering.
type Class int

const (
	// Unknown pages are rendered again after any change: a kind that Deps does not
	// describe, or a site with templates of its own, which may show anything.
	Unknown Class = iota
	// Model pages show the model in the large (lists of all communes, counts,
	// the map): rendered again whenever the model changed, never for a change of
	// Markdown alone.
	Model
	// Local pages show what Deps lists, the Markdown of the document they are
	// about, and their own fields (see package build).
	Local
)

// Level says how much of a document a page shows.
type Level int

const (
	Self Level = iota // its own fields: a name, a status, a population, a location
	Full              // its own fields and its lists (its initiatives, its communes…)
	Item              // an initiative as a list item shows it: see ItemDocs
)

// ItemDocs tells visit the documents whose own fields an initiative's list item
// shows besides the initiative's: its type, status and communes ("card", "item",
// "item-typed", "item-where" in partials/cards.html).
func ItemDocs(in *atlas.Initiative, visit func(atlas.Doc)) {
	if in.Type != nil {
		visit(in.Type)
	}
	if in.Status != nil {
		visit(in.Status)
	}
	for _, c := range in.Communes {
		visit(c)
	}
}

// Deps tells visit every document whose data the default theme shows on p beyond
// the document p is about (the fields of Page that hold a document, which package
// build counts itself), with how much of it p shows. It returns the class of p. It
// describes the templates of the default theme: keep it in step with them; the
// property test of package server fails when a page shows more than Deps says.
// (What a page's own fields show, such as its map, counts with them, and so does
// what every page sees: p.Site.)
func (p *Page) Deps(visit func(d atlas.Doc, l Level)) Class {
	item := func(in *atlas.Initiative) { visit(in, Item) }
	backlinks := func(docs []atlas.Doc) {
		for _, d := range docs {
			visit(d, Self)
		}
	}
	switch p.Kind {
	case "initiative":
		in := p.Initiative
		item(in)
		for _, t := range in.Themes {
			visit(t, Self)
		}
		for _, o := range in.Peers {
			item(o)
		}
		backlinks(in.Backlinks)
		return Local
	case "commune":
		c := p.Commune
		if c.Interco != nil {
			visit(c.Interco, Full)
			for _, o := range c.Interco.Communes {
				visit(o, Full) // its count of initiatives
			}
		}
		for _, n := range c.Nearest {
			visit(n.Commune, Full) // its count of initiatives
		}
		for _, in := range c.Initiatives {
			item(in)
		}
		backlinks(c.Backlinks)
		return Local
	case "type", "theme":
		var groups []atlas.CommuneGroup
		if p.Type != nil {
			groups = p.Type.ByCommune
			for _, c := range p.Type.Without {
				visit(c, Self)
			}
		} else {
			groups = p.Theme.ByCommune
		}
		for _, g := range groups {
			visit(g.Commune, Self)
			for _, in := range g.Initiatives {
				item(in)
			}
		}
		// The « Comparer » table also names each initiative's newest document (see
		// newCompare, made only when the page is).
		if p.Type != nil {
			for _, in := range p.Type.Initiatives {
				if len(in.Sources) > 0 && in.Sources[0].Doc != nil {
					visit(in.Sources[0].Doc, Self)
				}
			}
		}
		return Local
	case "intercommunalite":
		for _, c := range p.Interco.Communes {
			visit(c, Full)
			for _, in := range c.Initiatives {
				item(in)
			}
		}
		return Local
	case "page":
		backlinks(p.FreePage.Backlinks)
		return Local
	case "integrer":
		return Local // the commune's name and slug, and the code to paste
	case "cadre":
		for _, in := range p.Commune.Initiatives {
			item(in) // by type: the type's plural, the title, status and year
		}
		return Local
	case "alias", "404":
		return Local
	case "home", "communes", "types", "themes", "intercommunalites", "reseau",
		"etat-des-lieux", "donnees", "recherche", "carte":
		return Model
	}
	return Unknown
}

// OutPath is the file that serves the site path p: "/communes/sceaux/" is
// "communes/sceaux/index.html".
func OutPath(p string) string { return outPath(p) }
