package content

import (
	"strings"

	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// Notes returns suggestions that are not errors: a site.toml written before stages
// still builds, and `atlas check` prints these so that its author adds them.
func (s *Site) Notes() diag.List {
	var d diag.List
	if s == nil {
		return d
	}
	for _, t := range s.Statuses {
		if t.Stage == "" {
			d.Add(t.Pos, "note: status %q has no stage: add stage = %q (project, active, done, closed or unknown) so that the theme shows it apart", t.Slug, GuessStage(t))
		}
	}
	return d
}

// GuessStage guesses the stage of a status from the French words of its slug and
// name, for the suggestion only: what a site says is what counts.
func GuessStage(t *Term) string {
	words := slug.Make(t.Slug + " " + t.Name)
	for _, w := range []struct{ stem, stage string }{
		{"precis", StageUnknown}, {"inconnu", StageUnknown},
		{"ferm", StageClosed}, {"arret", StageClosed}, {"cess", StageClosed}, {"dissou", StageClosed},
		{"realis", StageDone}, {"termin", StageDone}, {"acheve", StageDone},
		{"ouvert", StageActive}, {"activ", StageActive}, {"fonctionn", StageActive},
	} {
		for _, x := range strings.Split(words, "-") {
			if strings.HasPrefix(x, w.stem) {
				return w.stage
			}
		}
	}
	return StageProject
}
