package render

import (
	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
)

// StageGroup is the initiatives of one stage of the life cycle within a list: type,
// theme and commune pages list those « En activité » first, then the projects, then
// the others, so that a project is never mixed with open places.
type StageGroup struct {
	Stage       string // content.StageActive…, or "" for statuses without a stage
	Title       string // « En activité »; "" when the site gives no stage at all
	ID          string // for the heading's id: "en-activite"…
	Initiatives []*atlas.Initiative
	ByCommune   []atlas.CommuneGroup // the same, by commune, for stageCommunes
}

var stageTitles = map[string][2]string{
	content.StageActive:  {"En activité", "en-activite"},
	content.StageProject: {"En projet", "en-projet"},
	content.StageDone:    {"Réalisées", "realisees"},
	content.StageClosed:  {"Arrêtées", "arretees"},
	content.StageUnknown: {"Statut non précisé", "statut-non-precise"},
	"":                   {"Autres", "autres"},
}

// stageOf is the stage of an initiative's status, "" when it has none.
func stageOf(in *atlas.Initiative) string {
	if in.Status == nil {
		return ""
	}
	return in.Status.Stage
}

// staged reports whether any status of the atlas has a stage: a site.toml written
// before stages keeps its lists as they were.
func staged(a *atlas.Atlas) bool {
	for _, s := range a.Statuses {
		if s.Stage != "" {
			return true
		}
	}
	return false
}

var stageOrder = append(append([]string{}, content.Stages...), "")

// stageList splits a list of initiatives by stage, keeping their order in each.
func stageList(a *atlas.Atlas, list []*atlas.Initiative) []StageGroup {
	if !staged(a) {
		return []StageGroup{{Initiatives: list}}
	}
	var out []StageGroup
	for _, st := range stageOrder {
		g := StageGroup{Stage: st, Title: stageTitles[st][0], ID: stageTitles[st][1]}
		for _, in := range list {
			if stageOf(in) == st {
				g.Initiatives = append(g.Initiatives, in)
			}
		}
		if len(g.Initiatives) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// stageCommunes splits initiatives grouped by commune by stage, then by commune.
func stageCommunes(a *atlas.Atlas, groups []atlas.CommuneGroup) []StageGroup {
	if !staged(a) {
		return []StageGroup{{ByCommune: groups}}
	}
	var out []StageGroup
	for _, st := range stageOrder {
		g := StageGroup{Stage: st, Title: stageTitles[st][0], ID: stageTitles[st][1]}
		for _, cg := range groups {
			var ins []*atlas.Initiative
			for _, in := range cg.Initiatives {
				if stageOf(in) == st {
					ins = append(ins, in)
				}
			}
			if len(ins) > 0 {
				g.ByCommune = append(g.ByCommune, atlas.CommuneGroup{Commune: cg.Commune, Initiatives: ins})
				g.Initiatives = append(g.Initiatives, ins...)
			}
		}
		if len(g.ByCommune) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// byType lists the initiatives of a commune in the order of its types.
func byType(c *atlas.Commune) []*atlas.Initiative {
	var out []*atlas.Initiative
	for _, g := range c.ByType {
		out = append(out, g.Initiatives...)
	}
	return out
}
