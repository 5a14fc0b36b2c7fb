package render

import (
	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/search"
)

// searchIndex builds the search index of a. It is linear in the size of the atlas.
func searchIndex(a *atlas.Atlas) *search.Index {
	in := search.Input{}
	types := map[*atlas.Type]int{}
	themes := map[*atlas.Theme]int{}
	statuses := map[*atlas.Status]int{}
	communes := map[*atlas.Commune]int{}
	for i, t := range a.Types {
		types[t] = i
		in.Types = append(in.Types, search.Term{Name: t.Name, Plural: t.Plural, Path: t.URL(), Count: len(t.Initiatives)})
	}
	for i, t := range a.Themes {
		themes[t] = i
		in.Themes = append(in.Themes, search.Term{Name: t.Name, Path: t.URL(), Count: len(t.Initiatives)})
	}
	for i, s := range a.Statuses {
		statuses[s] = i
		in.Statuses = append(in.Statuses, search.Term{Name: s.Name, Count: len(s.Initiatives)})
	}
	for i, c := range a.Communes {
		communes[c] = i
		in.Communes = append(in.Communes, search.Page{Name: c.Name, Path: c.URL(), Count: len(c.Initiatives)})
	}
	for _, x := range a.Intercos {
		in.Intercos = append(in.Intercos, search.Page{Name: x.Name, Path: x.URL(), Count: len(x.Initiatives)})
	}
	// A document is found by its title, its date, where it was held and who took
	// part: an élu looks for "the meeting where Rita Chriqui-Mengeot spoke".
	for _, x := range a.Sources {
		p := search.Page{Name: x.Title, Path: x.URL(), Count: len(x.Initiatives), Text: []string{FrenchDate(x.Date)}}
		for _, t := range []string{x.Place, x.Organisation} {
			if t != "" {
				p.Text = append(p.Text, t)
			}
		}
		for _, pt := range x.Participants {
			p.Text = append(p.Text, pt.Name)
		}
		in.Sources = append(in.Sources, p)
	}
	for _, x := range a.Parcours {
		p := search.Page{Name: x.Title, Path: x.URL(), Count: len(x.Stops)}
		if x.Description != "" {
			p.Text = append(p.Text, x.Description)
		}
		in.Parcours = append(in.Parcours, p)
	}
	for _, x := range a.Initiatives {
		s := search.Initiative{Title: x.Title, Path: x.URL(), Type: -1, Status: -1}
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
				s.Text = append(s.Text, t)
			}
		}
		in.Initiatives = append(in.Initiatives, s)
	}
	return search.Build(in)
}

// Recherche is the data of /recherche/.
type Recherche struct {
	Index string // URL of index.json, with the index's version
	Meta  search.Meta
}
