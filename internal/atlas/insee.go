package atlas

import (
	"strings"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// Abroad is INSEE's département code for places outside France.
const Abroad = "99"

// checkINSEE reports communes whose INSEE code is not in the code officiel
// géographique, names another commune, is given twice, or whose département is not
// the code's. Names are compared folded (accents, case, hyphens and apostrophes do not
// count) but must otherwise be the official name: "Clichy-la-Garenne" is reported,
// with "Clichy".
//
// A commune whose departement is "99", INSEE's code for places abroad, is outside
// the code officiel géographique and is not checked against it: an atlas may reach
// across a border, and the synthetic atlases of the benchmarks use it.
func (a *Atlas) checkINSEE() diag.List {
	var d diag.List
	seen := map[string]*Commune{}
	for _, cm := range a.Communes {
		code := cm.INSEE
		if utf8.RuneCountInString(code) != 5 {
			continue // package content reported it
		}
		if prev := seen[code]; prev != nil {
			d.Add(cm.INSEEPos, "insee code %q is already the code of %s", code, prev.Path)
			continue
		}
		seen[code] = cm
		if cm.Departement == Abroad {
			continue
		}
		off, ok := cog.Lookup(code)
		if !ok {
			if up, found := cog.Lookup(strings.ToUpper(code)); found {
				d.Add(cm.INSEEPos, "insee code %q does not exist in the code officiel géographique (did you mean %q, %s?)", code, up.Code, up.Name)
			} else {
				d.Add(cm.INSEEPos, "insee code %q does not exist in the code officiel géographique", code)
			}
			continue
		}
		if cm.Name != "" && slug.Make(cm.Name) != slug.Make(off.Name) {
			d.Add(cm.INSEEPos, "insee code %q is %s, not %q", code, off.Name, cm.Name)
		}
		if cm.Departement != "" && cm.Departement != off.Departement {
			d.Add(cm.DepartementPos, "departement %q does not match insee code %q: want %q", cm.Departement, code, off.Departement)
		}
	}
	return d
}
