package scaffold

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reseau-ess-92/atlas/internal/content"
)

// FuzzNew gives New any territory and title: it must not panic, and what it makes
// must be an atlas that content reads without a problem, whatever the title holds.
func FuzzNew(f *testing.F) {
	f.Add("93", "", "", "")
	f.Add("", "200057867", "", "Atlas « ESS » \"test\"\\")
	f.Add("", "", "92071,92002", "ligne\nautre\t\x00\u2028")
	f.Add("2a,2B", "", "", "")
	f.Add("", "", "97411,93066,x", "")
	f.Fuzz(func(t *testing.T, deps, epci, communes, title string) {
		split := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, ",")
		}
		files, d := New(Options{Departements: split(deps), EPCI: epci, Communes: split(communes), Title: title, Version: title})
		if len(d) > 0 {
			if files != nil {
				t.Fatal("files and diagnostics")
			}
			return
		}
		fsys := fstest.MapFS{}
		for _, f := range files {
			if !fs.ValidPath(f.Path) {
				t.Fatalf("invalid path %q", f.Path)
			}
			fsys[f.Path] = &fstest.MapFile{Data: f.Data}
		}
		c, ld := content.Load(fsys)
		if len(ld) > 0 {
			t.Fatalf("the new atlas does not load:\n%v", ld)
		}
		if c.Site == nil || c.Site.Title != strings.TrimSpace(title) && strings.TrimSpace(title) != "" {
			t.Fatalf("title %q read back as %+v", title, c.Site)
		}
	})
}
