package build_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas"
	atlasmodel "github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/importer"
)

// TestDataRoundTrip exports the example as GoGoCarto's JSON, as the CSV for Excel and
// as atlas.csv, imports each into a site with the example's site.toml and nothing
// else (the communes created from the COG), builds it, and compares every initiative
// with the example's: everything these formats hold comes back.
func TestDataRoundTrip(t *testing.T) {
	orig := run(t, example, "https://exemple.org/atlas/")
	got := files(orig)
	siteToml, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, export := range []string{"donnees/gogocarto.json", "donnees/atlas-excel.csv", "donnees/atlas.csv"} {
		t.Run(filepath.Base(export), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "site.toml"), siteToml, 0o644); err != nil {
				t.Fatal(err)
			}
			c, d := content.Load(os.DirFS(dir))
			if len(d) > 0 {
				t.Fatal(d)
			}
			res, d := importer.Import(c, got[export], importer.Options{Name: filepath.Base(export), Communes: true,
				Date: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
			if len(d) > 0 {
				t.Fatalf("import: %v", d)
			}
			for _, f := range res.Files {
				p := filepath.Join(dir, filepath.FromSlash(f.Path))
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			back, d := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme()})
			if len(d) > 0 {
				t.Fatalf("build of the imported site: %v", d)
			}
			if len(back.Atlas.Initiatives) != len(orig.Atlas.Initiatives) {
				t.Errorf("%d initiatives imported, want %d", len(back.Atlas.Initiatives), len(orig.Atlas.Initiatives))
			}
			for _, o := range orig.Atlas.Initiatives {
				b := back.Atlas.Initiative(o.Slug)
				if b == nil {
					t.Errorf("%s: not imported", o.Slug)
					continue
				}
				same(t, o, b)
			}
		})
	}
}

// same compares what the exchange formats hold of an initiative.
func same(t *testing.T, o, b *atlasmodel.Initiative) {
	t.Helper()
	slugs := func(cs []*atlasmodel.Commune) (s []string) {
		for _, c := range cs {
			s = append(s, c.Slug)
		}
		return s
	}
	themes := func(ts []*atlasmodel.Theme) (s []string) {
		for _, x := range ts {
			s = append(s, x.Slug)
		}
		return s
	}
	check := func(field string, x, y any) {
		if x != y {
			t.Errorf("%s: %s %v, imported %v", o.Slug, field, x, y)
		}
	}
	check("title", o.Title, b.Title)
	check("type", o.Type.Slug, b.Type.Slug)
	check("status", o.Status.Slug, b.Status.Slug)
	check("since", o.Since, b.Since)
	check("carrier", o.Carrier, b.Carrier)
	check("legal_form", o.LegalForm, b.LegalForm)
	check("address", o.Address, b.Address)
	check("website", o.Website, b.Website)
	check("phone", o.Phone, b.Phone)
	check("email", o.Email, b.Email)
	check("opening_hours", o.OpeningHours, b.OpeningHours)
	check("access", o.Access, b.Access)
	check("wheelchair", o.Wheelchair, b.Wheelchair)
	check("verified", o.Verified.Format(time.DateOnly), b.Verified.Format(time.DateOnly))
	if !slices.Equal(slugs(o.Communes), slugs(b.Communes)) {
		t.Errorf("%s: communes %v, imported %v", o.Slug, slugs(o.Communes), slugs(b.Communes))
	}
	if !slices.Equal(themes(o.Themes), themes(b.Themes)) {
		t.Errorf("%s: themes %v, imported %v", o.Slug, themes(o.Themes), themes(b.Themes))
	}
	ol, oc := o.Location()
	bl, bc := b.Location()
	if (ol == nil) != (bl == nil) || ol != nil && (*ol != *bl || oc != bc) {
		t.Errorf("%s: location %v (centre %v), imported %v (centre %v)", o.Slug, ol, oc, bl, bc)
	}
}
