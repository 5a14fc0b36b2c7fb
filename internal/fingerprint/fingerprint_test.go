package fingerprint

import (
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
)

func model() (*atlas.Initiative, *atlas.Commune) {
	c := &atlas.Commune{Commune: &content.Commune{Slug: "sceaux", Name: "Sceaux"}, Slug: "sceaux", Name: "Sceaux"}
	in := &atlas.Initiative{Initiative: &content.Initiative{Slug: "le-cercle", Title: "Le Cercle",
		Body: content.Markdown{Src: []byte("texte")}, Communes: []content.Ref{{Slug: "sceaux", Pos: diag.Pos{File: "a.md", Line: 3}}}},
		Slug: "le-cercle", Title: "Le Cercle", Communes: []*atlas.Commune{c}, Verified: time.Date(2021, 3, 17, 0, 0, 0, 0, time.UTC)}
	c.Initiatives = []*atlas.Initiative{in}
	return in, c
}

// TestOf checks what changes a document's fingerprints and what does not.
func TestOf(t *testing.T) {
	in, c := model()
	base := All([]atlas.Doc{in, c})
	f0, c0 := base.Of(in), base.Of(c)
	for _, tt := range []struct {
		name       string
		edit       func(*atlas.Initiative, *atlas.Commune)
		self, full bool // whether the initiative's fingerprints change
		commune    bool // whether the commune's full fingerprint changes
	}{
		{"nothing", func(*atlas.Initiative, *atlas.Commune) {}, false, false, false},
		{"title", func(in *atlas.Initiative, _ *atlas.Commune) { in.Title = "Autre" }, true, true, true},
		{"content field", func(in *atlas.Initiative, _ *atlas.Commune) { in.Initiative.Address = "1 rue" }, true, true, false},
		{"verified", func(in *atlas.Initiative, _ *atlas.Commune) { in.Verified = in.Verified.Add(time.Hour) }, true, true, false},
		{"Markdown", func(in *atlas.Initiative, _ *atlas.Commune) { in.Initiative.Body.Src = []byte("autre") }, false, false, false},
		{"position", func(in *atlas.Initiative, _ *atlas.Commune) { in.Initiative.Communes[0].Pos.Line = 9 }, false, false, false},
		{"commune renamed", func(_ *atlas.Initiative, c *atlas.Commune) { c.Name = "Ville" }, false, true, true},
		{"peer added", func(in *atlas.Initiative, c *atlas.Commune) { in.Peers = []*atlas.Initiative{in} }, false, true, false},
		{"peer count", func(in *atlas.Initiative, _ *atlas.Commune) { in.PeerCount = 4 }, true, true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in, c := model()
			tt.edit(in, c)
			s := All([]atlas.Doc{in, c})
			f, fc := s.Of(in), s.Of(c)
			if got := f.Self != f0.Self; got != tt.self {
				t.Errorf("Self changed = %v, want %v", got, tt.self)
			}
			if got := f.Full != f0.Full; got != tt.full {
				t.Errorf("Full changed = %v, want %v", got, tt.full)
			}
			if got := fc.Full != c0.Full; got != tt.commune {
				t.Errorf("commune's Full changed = %v, want %v", got, tt.commune)
			}
		})
	}
}

// TestValue checks views: a document inside counts by identity, a map by content.
func TestValue(t *testing.T) {
	in, c := model()
	s := All([]atlas.Doc{in, c})
	type view struct {
		Doc   *atlas.Commune
		N     int
		Names map[string]int
	}
	v0 := s.Value(view{c, 1, map[string]int{"a": 1, "b": 2}})
	if v := s.Value(view{c, 1, map[string]int{"b": 2, "a": 1}}); v != v0 {
		t.Error("the same view gives two fingerprints")
	}
	c.Population = 5 // not shown by a link
	if v := s.Value(view{c, 1, map[string]int{"a": 1, "b": 2}}); v != v0 {
		t.Error("a field behind a document's identity counts")
	}
	if v := s.Value(view{c, 1, map[string]int{"a": 1, "b": 3}}); v == v0 {
		t.Error("a map entry does not count")
	}
	if v := s.Value(view{c, 2, map[string]int{"a": 1, "b": 2}}); v == v0 {
		t.Error("a number does not count")
	}
}
