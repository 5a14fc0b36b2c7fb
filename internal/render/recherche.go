package render

import (
	"maps"
	"slices"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/search"
)

// searchTexts returns the HTML of the bodies that the search index reads, taken
// before Render drops them: initiatives' bodies and communes' summaries.
func searchTexts(a *atlas.Atlas, bodies Bodies) map[atlas.Doc]string {
	texts := make(map[atlas.Doc]string, len(a.Initiatives)+len(a.Communes))
	for _, x := range a.Initiatives {
		texts[x] = string(bodies[x].HTML)
	}
	for _, c := range a.Communes {
		texts[c] = string(bodies[c].HTML)
	}
	return texts
}

// KeepSearchIndex makes r keep the search index it builds, so that the renders that
// follow make again only what changed in it (search.Indexer): a preview server calls
// it; a single build does not, so as not to hold the index and every text.
func (r *Renderer) KeepSearchIndex() { r.indexer = &search.Indexer{}; r.searchIn = &searchCache{} }

// searchCache is the input of the last search index a Renderer built, for the
// model it was built from, and the HTML each text was read from.
type searchCache struct {
	atlas *atlas.Atlas
	in    search.Input
	html  map[atlas.Doc]string
}

// searchIndex builds the search index of a. It is linear in the size of the atlas,
// and in what changed since the last render when r keeps the index.
// bodies gives the HTML of the documents whose text is searched (see searchTexts).
func (r *Renderer) searchIndex(a *atlas.Atlas, bodies func(atlas.Doc) string) *search.Index {
	plain := func(d atlas.Doc) string { return search.PlainText(bodies(d)) }
	if r.indexer == nil {
		return search.Build(searchInput(a, plain))
	}
	if c := r.searchIn; c.atlas == a {
		// The same model, other bodies: the input is the last one with the texts
		// whose HTML changed read again.
		in := c.in
		in.Initiatives = slices.Clone(in.Initiatives)
		in.Communes = slices.Clone(in.Communes)
		for i, x := range a.Initiatives {
			if h := bodies(x); h != c.html[x] {
				in.Initiatives[i].Text, c.html[x] = search.PlainText(h), h
			}
		}
		for i, x := range a.Communes {
			if h := bodies(x); h != c.html[x] {
				in.Communes[i].Text, c.html[x] = search.PlainText(h), h
			}
		}
		c.in = in
		return r.indexer.Build(in)
	}
	// A new model: the texts whose HTML did not change are taken from the last
	// input, found by the address of their document.
	c := r.searchIn
	type read struct{ html, text string }
	last := make(map[string]read, len(c.html))
	if c.atlas != nil {
		for i, x := range c.atlas.Initiatives {
			last[x.URL()] = read{c.html[x], c.in.Initiatives[i].Text}
		}
		for i, x := range c.atlas.Communes {
			last[x.URL()] = read{c.html[x], c.in.Communes[i].Text}
		}
	}
	html := make(map[atlas.Doc]string, len(a.Initiatives)+len(a.Communes))
	in := searchInput(a, func(d atlas.Doc) string {
		h := bodies(d)
		html[d] = h
		if l, ok := last[d.URL()]; ok && l.html == h {
			return l.text
		}
		return search.PlainText(h)
	})
	c.atlas, c.in, c.html = a, in, html
	return r.indexer.Build(in)
}

// searchInput is what the search index of a is built from; text gives the plain text
// of a document's body, for initiatives and communes.
func searchInput(a *atlas.Atlas, text func(atlas.Doc) string) search.Input {
	in := search.Input{}
	types := map[*atlas.Type]int{}
	themes := map[*atlas.Theme]int{}
	statuses := map[*atlas.Status]int{}
	communes := map[*atlas.Commune]int{}
	for i, t := range a.Types {
		types[t] = i
		in.Types = append(in.Types, search.Term{Name: t.Name, Plural: t.Plural, Path: t.URL(), Count: len(t.Initiatives),
			Keywords: t.Keywords, Description: t.Description})
	}
	for i, t := range a.Themes {
		themes[t] = i
		in.Themes = append(in.Themes, search.Term{Name: t.Name, Path: t.URL(), Count: len(t.Initiatives),
			Keywords: t.Keywords, Description: t.Description})
	}
	for i, s := range a.Statuses {
		statuses[s] = i
		// Active initiatives first, then projects, then those done, then closed ones;
		// a status without a stage after them.
		rank := slices.Index(content.Stages, s.Stage)
		if rank < 0 {
			rank = len(content.Stages)
		}
		in.Statuses = append(in.Statuses, search.Term{Name: s.Name, Count: len(s.Initiatives), Rank: rank})
	}
	for _, x := range a.Intercos {
		in.Intercos = append(in.Intercos, search.Page{Name: x.Name, Path: x.URL(), Count: len(x.Initiatives)})
	}
	for i, c := range a.Communes {
		communes[c] = i
		// The commune's postal codes: those of its file, else the COG's (package atlas).
		p := search.Page{Name: c.Name, Path: c.URL(), Count: len(c.Initiatives), Text: text(c), Postal: c.PostalCodes}
		if c.Interco != nil {
			p.Interco = c.Interco.Name
		}
		in.Communes = append(in.Communes, p)
	}
	// A document is found by its title, and by its date, place, organisation and the
	// names of those who took part: an élu looks for "the meeting where Rita
	// Chriqui-Mengeot spoke". Not by its text, which names so many communes and kinds
	// of initiative that it would answer every query of several words before the
	// initiatives themselves; nor is an itinerary's.
	for _, x := range a.Sources {
		p := search.Page{Name: x.Title, Path: x.URL(), Count: len(x.Initiatives),
			Names: []string{FrenchDate(x.Date)}}
		for _, t := range []string{x.Place, x.Organisation} {
			if t != "" {
				p.Names = append(p.Names, t)
			}
		}
		for _, pt := range x.Participants {
			p.Names = append(p.Names, pt.Name)
		}
		in.Sources = append(in.Sources, p)
	}
	for _, x := range a.Parcours {
		p := search.Page{Name: x.Title, Path: x.URL(), Count: len(x.Stops)}
		if x.Description != "" {
			p.Names = append(p.Names, x.Description)
		}
		in.Parcours = append(in.Parcours, p)
	}
	for _, x := range a.Initiatives {
		s := search.Initiative{Title: x.Title, Path: x.URL(), Type: -1, Status: -1, Text: text(x)}
		if !x.Verified.IsZero() {
			s.Verified = x.Verified.Format("2006-01-02")
		}
		if x.Type != nil {
			s.Type = types[x.Type]
		}
		if x.Status != nil {
			s.Status = statuses[x.Status]
		}
		for _, t := range x.Themes {
			s.Themes = append(s.Themes, themes[t])
		}
		for _, c := range x.Communes {
			s.Communes = append(s.Communes, communes[c])
		}
		for _, t := range []string{x.Carrier, x.Address} {
			if t != "" {
				s.Names = append(s.Names, t)
			}
		}
		if loc, _ := x.Location(); loc != nil {
			s.Lat, s.Lon, s.Located = loc.Lat, loc.Lon, true
		}
		in.Initiatives = append(in.Initiatives, s)
	}
	// The rest of the territory: the communes of the network's départements that are
	// not in the atlas, as carte/lieux.json lists them for « Autour de moi ».
	inAtlas := map[string]bool{}
	deps := map[string]bool{}
	for _, c := range a.Communes {
		inAtlas[c.INSEE] = true
		if c.Departement != "" && c.Departement != atlas.Abroad {
			deps[c.Departement] = true
		}
	}
	for _, d := range slices.Sorted(maps.Keys(deps)) {
		for _, off := range cog.InDepartement(d) {
			if inAtlas[off.Code] {
				continue
			}
			p := search.Place{Name: off.Name, Postal: off.PostalCodes()}
			p.Lat, p.Lon, p.Located = off.Centre()
			in.Outside = append(in.Outside, p)
		}
	}
	return in
}

// Recherche is the data of /recherche/.
type Recherche struct {
	Index string // URL of index.json, with the index's version
	Meta  search.Meta
}
