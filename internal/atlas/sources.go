package atlas

import (
	"cmp"
	"slices"

	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
)

// documents builds the documents of content/sources and resolves every reference to
// one: the sources of the initiatives, the élus' roles, and the documents' own
// communes and participants. It runs once communes and initiatives are known.
func (a *Atlas) documents(c *content.Content) diag.List {
	var d diag.List
	kinds := map[string]*SourceKind{}
	for _, t := range a.Site.SourceKinds {
		k := &SourceKind{Term: t, Slug: t.Slug, Name: t.Name, Plural: t.Plural}
		a.SourceKinds = append(a.SourceKinds, k)
		kinds[t.Slug] = k
	}
	commune := func(r content.Ref, what string) *Commune {
		if cm := a.communes[r.Slug]; cm != nil {
			return cm
		}
		if !a.broken["commune:"+r.Slug] {
			d.Add(r.Pos, "unknown commune %q%s%s", r.Slug, what, diag.Suggest(r.Slug, keys(a.communes)))
		}
		return nil
	}
	for _, cd := range c.Documents {
		if cd.Broken {
			a.broken["source:"+cd.Slug] = true
			continue
		}
		s := &Source{Document: cd, Slug: cd.Slug, Title: cd.Title, Place: cd.Place, Organisation: cd.Organisation,
			Link: cd.URL, Date: cd.Date, Represented: cd.Represented}
		if cd.Kind.Slug != "" {
			if s.Category = kinds[cd.Kind.Slug]; s.Category == nil && !a.broken["sourcekind:*"] {
				d.Add(cd.Kind.Pos, "unknown source kind %q%s", cd.Kind.Slug, diag.Suggest(cd.Kind.Slug, keys(kinds)))
			}
		}
		seen := map[*Commune]bool{}
		for _, r := range cd.Communes {
			cm := commune(r, "")
			if cm == nil {
				continue
			}
			if seen[cm] {
				d.Add(r.Pos, "commune %q is listed twice", r.Slug)
				continue
			}
			seen[cm] = true
			s.Communes = append(s.Communes, cm)
		}
		slices.SortFunc(s.Communes, func(x, y *Commune) int { return cmp.Compare(x.order, y.order) })
		for _, p := range cd.Participants {
			pt := Participant{Name: p.Name, Role: p.Role}
			if p.Commune.Slug != "" {
				what := ""
				if p.Name != "" {
					what = " for " + p.Name
				}
				pt.Commune = commune(p.Commune, what)
			}
			s.Participants = append(s.Participants, pt)
		}
		s.ByCommune = participantGroups(s.Participants)
		a.Sources = append(a.Sources, s)
		a.sources[s.Slug] = s
	}
	sortByName(a.Sources, func(s *Source) string { return s.Title })
	slices.SortStableFunc(a.Sources, func(x, y *Source) int { return y.Date.Compare(x.Date) })
	for _, s := range a.Sources {
		if s.Category != nil {
			s.Category.Sources = append(s.Category.Sources, s)
		}
	}

	source := func(r content.Ref) *Source {
		if s := a.sources[r.Slug]; s != nil {
			return s
		}
		if !a.broken["source:"+r.Slug] {
			d.Add(r.Pos, "unknown source %q%s", r.Slug, diag.Suggest(r.Slug, keys(a.sources)))
		}
		return nil
	}
	for _, in := range a.Initiatives {
		for _, cs := range in.Initiative.Sources {
			ct := Cite{Title: cs.Title, Date: cs.Date, URL: cs.URL}
			if cs.Doc.Slug != "" {
				s := source(cs.Doc)
				if s == nil {
					continue
				}
				ct.Doc, ct.Title, ct.Date = s, s.Title, s.Date
				if ct.URL == "" {
					ct.URL = s.Link
				}
			}
			in.Sources = append(in.Sources, ct)
		}
		slices.SortStableFunc(in.Sources, func(x, y Cite) int { return y.Date.Compare(x.Date) })
	}
	for _, cm := range a.Communes {
		for _, e := range cm.Commune.Elus {
			elu := Elu{Name: e.Name, Role: e.Role, Date: e.Date}
			if e.Source.Slug != "" {
				elu.Source = source(e.Source)
				if elu.Source != nil && elu.Date.IsZero() {
					elu.Date = elu.Source.Date
				}
			}
			cm.Elus = append(cm.Elus, elu)
		}
	}
	return d
}

// participantGroups groups participants by commune, communes in alphabetical order
// and those of no commune last, each group in the document's order.
func participantGroups(ps []Participant) []ParticipantGroup {
	var out []ParticipantGroup
	at := map[*Commune]int{}
	for _, p := range ps {
		i, ok := at[p.Commune]
		if !ok {
			i = len(out)
			at[p.Commune] = i
			out = append(out, ParticipantGroup{Commune: p.Commune})
		}
		out[i].Participants = append(out[i].Participants, p)
	}
	order := func(g ParticipantGroup) int {
		if g.Commune == nil {
			return int(^uint(0) >> 1)
		}
		return g.Commune.order
	}
	slices.SortStableFunc(out, func(x, y ParticipantGroup) int { return cmp.Compare(order(x), order(y)) })
	return out
}

// itineraries builds the parcours of content/parcours, resolving their stops.
func (a *Atlas) itineraries(c *content.Content) diag.List {
	var d diag.List
	for _, cp := range c.Parcours {
		if cp.Broken {
			a.broken["parcours:"+cp.Slug] = true
			continue
		}
		p := &Parcours{Parcours: cp, Slug: cp.Slug, Title: cp.Title, Description: cp.Description}
		seen := map[*Commune]bool{}
		for _, st := range cp.Stops {
			if st.Initiative.Slug == "" {
				continue
			}
			in := a.initiatives[st.Initiative.Slug]
			if in == nil {
				if !a.broken["initiative:"+st.Initiative.Slug] {
					d.Add(st.Initiative.Pos, "unknown initiative %q%s", st.Initiative.Slug, diag.Suggest(st.Initiative.Slug, keys(a.initiatives)))
				}
				continue
			}
			p.Stops = append(p.Stops, Stop{N: len(p.Stops) + 1, Initiative: in, Text: st.Text})
			for _, cm := range in.Communes {
				if !seen[cm] {
					seen[cm] = true
					p.Communes = append(p.Communes, cm)
				}
			}
		}
		a.Parcours = append(a.Parcours, p)
		a.parcours[p.Slug] = p
	}
	sortByName(a.Parcours, func(p *Parcours) string { return p.Title })
	for _, p := range a.Parcours {
		for _, st := range p.Stops {
			if !slices.Contains(st.Initiative.Parcours, p) {
				st.Initiative.Parcours = append(st.Initiative.Parcours, p)
			}
		}
	}
	return d
}

// indexSources fills the lists that point from documents to what cites them and from
// communes to the documents that mention them.
func (a *Atlas) indexSources() {
	mentions := map[*Commune]map[*Source]bool{}
	mention := func(cm *Commune, s *Source) {
		if mentions[cm] == nil {
			mentions[cm] = map[*Source]bool{}
		}
		mentions[cm][s] = true
	}
	for _, in := range a.Initiatives {
		for _, ct := range in.Sources {
			if ct.Doc == nil || slices.Contains(ct.Doc.Initiatives, in) {
				continue
			}
			ct.Doc.Initiatives = append(ct.Doc.Initiatives, in)
			for _, cm := range in.Communes {
				mention(cm, ct.Doc)
			}
		}
	}
	for _, cm := range a.Communes {
		for _, e := range cm.Elus {
			if e.Source != nil {
				mention(cm, e.Source)
				if !slices.Contains(e.Source.CitedBy, cm) {
					e.Source.CitedBy = append(e.Source.CitedBy, cm)
				}
			}
		}
	}
	for _, s := range a.Sources {
		s.ByInitiativeCommune = byCommune(a.Communes, s.Initiatives)
		for _, cm := range s.Communes {
			mention(cm, s)
		}
		for _, p := range s.Participants {
			if p.Commune != nil {
				mention(p.Commune, s)
			}
		}
	}
	for i := len(a.Sources) - 1; i >= 0; i-- { // oldest first
		s := a.Sources[i]
		for _, cm := range s.Communes {
			cm.Represented = append(cm.Represented, s)
		}
	}
	for _, s := range a.Sources { // newest first
		for _, cm := range a.Communes {
			if mentions[cm][s] {
				cm.Sources = append(cm.Sources, s)
			}
		}
	}
}
