package server

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/bench/twinsite"
	"github.com/reseau-ess-92/atlas/internal/build"
)

// TestIncremental is the property test of incremental rebuilds: on a generated
// atlas, a random sequence of edits of every kind (body, title, type, status,
// communes, themes, a new file, a deleted file, a slug renamed with an alias, a
// commune renamed, a vocabulary changed, a template changed, a broken edit then its
// fix…), each written while the server runs; after each, once the server has caught
// up, every file it serves must be the file a full build of the same sources makes,
// and a broken edit must show the problems a full build reports. Every kind of edit
// comes once in each round, in a random order. ATLAS_PROPERTY_STEPS sets the number
// of edits (50 by default, two rounds and a half, so that CI stays quick) and
// ATLAS_PROPERTY_SEED the sequence.
func TestIncremental(t *testing.T) {
	steps, seed := 50, uint64(1)
	if n, err := strconv.Atoi(os.Getenv("ATLAS_PROPERTY_STEPS")); err == nil {
		steps = n
	}
	if n, err := strconv.ParseUint(os.Getenv("ATLAS_PROPERTY_SEED"), 10, 64); err == nil {
		seed = n
	}
	if testing.Short() {
		steps = min(steps, 10)
	}
	if raceEnabled && os.Getenv("ATLAS_PROPERTY_STEPS") == "" {
		steps = 25 // one round: every kind of edit once
	}
	dir := filepath.Join(t.TempDir(), "site")
	e := newEditor(t, dir, seed)
	s, _ := start(t, dir)
	e.s = s
	e.caughtUp()
	equalsFreshBuild(t, s, dir)
	for step := range steps {
		name, edit := e.pick()
		edit()
		e.caughtUp()
		if t.Failed() {
			break
		}
		_, d := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme(), BaseURL: s.URL()})
		st := s.state.Load()
		if len(d) > 0 {
			var want []string
			for _, x := range d {
				want = append(want, x.Error())
			}
			if !slices.Equal(st.problems, want) {
				t.Fatalf("step %d (%s): the server shows problems\n%s\nwhere a full build reports\n%s",
					step, name, strings.Join(st.problems, "\n"), strings.Join(want, "\n"))
			}
			continue
		}
		if st.problems != nil {
			t.Fatalf("step %d (%s): the server shows problems that a full build has not:\n%s", step, name, strings.Join(st.problems, "\n"))
		}
		equalsFreshBuild(t, s, dir)
		if t.Failed() {
			t.Fatalf("step %d (%s): the served site is not a full build's (seed %d)", step, name, seed)
		}
	}
}

// editor edits a generated atlas at random, keeping it valid but for a broken
// edit, which the next edit fixes.
type editor struct {
	t      *testing.T
	dir    string
	rnd    *rand.Rand
	s      *Server
	twin   *twinsite.Twin
	alias  map[string][]string // initiative slug → its aliases
	n      int
	broken string // a file written broken, and its good text, for the next edit
	good   []byte
	themes []string // theme names, changed by vocabulary edits
	extra  bool     // site.toml has one more type
	order  []int    // the kinds of edit left in this round
}

func newEditor(t *testing.T, dir string, seed uint64) *editor {
	e := &editor{t: t, dir: dir, rnd: rand.New(rand.NewPCG(seed, 7)),
		twin: twinsite.New(30, 60, uint32(seed)), alias: map[string][]string{}}
	if err := e.twin.Atlas(func(name string, data []byte) error {
		e.write(name, data)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	// What the twin lacks: free pages, a commune with a summary, typed links.
	e.write("content/pages/a-propos.md", []byte("+++\ntitle = \"À propos\"\nweight = 1\n+++\nVoir [la première](initiative:"+e.twin.Initiatives[0].Slug+").\n"))
	e.write("content/pages/methode.md", []byte("+++\ntitle = \"Méthode\"\n+++\nLes fiches de [la commune](commune:commune-00001).\n"))
	e.writeCommune(0, "Une commune [engagée](page:methode).")
	return e
}

func (e *editor) write(name string, data []byte) {
	e.t.Helper()
	p := filepath.Join(e.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) remove(name string) {
	if err := os.Remove(filepath.Join(e.dir, filepath.FromSlash(name))); err != nil {
		e.t.Fatal(err)
	}
}

// caughtUp waits until the server has seen every event and finished the rebuild
// that followed, with no event for a while.
func (e *editor) caughtUp() {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	quiet := 0
	for quiet < 4 {
		if time.Now().After(deadline) {
			e.t.Fatal("the server did not catch up with the edits")
		}
		time.Sleep(25 * time.Millisecond)
		if g := e.s.gen.Load(); g == e.s.done.Load() && len(e.s.kick) == 0 {
			quiet++
		} else {
			quiet = 0
		}
	}
}

func (e *editor) initiative(i int) {
	it := e.twin.Initiatives[i]
	data := twinsite.InitiativeFile(it)
	if as := e.alias[it.Slug]; len(as) > 0 {
		data = []byte(strings.Replace(string(data), "\n[[sources]]", "\naliases = [\""+strings.Join(as, "\", \"")+"\"]\n[[sources]]", 1))
	}
	e.write("content/initiatives/"+it.Slug+".md", data)
}

func (e *editor) writeCommune(i int, summary string) {
	data := twinsite.CommuneFile(e.twin.Communes[i])
	if summary != "" {
		data = fmt.Appendf(data, "summary = %q\n", summary)
	}
	e.write("content/communes/"+e.twin.Communes[i].Slug+".toml", data)
}

func (e *editor) siteTOML() {
	s := string(e.twin.SiteTOML())
	for i, name := range e.themes {
		if name != "" {
			s = strings.Replace(s, "name = "+strconv.Quote(themeName(twinsite.Themes()[i])), "name = "+strconv.Quote(name), 1)
		}
	}
	if e.extra {
		s += "[[types]]\nslug = \"ressourcerie-mobile\"\nname = \"Ressourcerie mobile\"\nplural = \"Ressourceries mobiles\"\n"
	}
	e.write("site.toml", []byte(s))
}

func themeName(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (e *editor) some() int { return e.rnd.IntN(len(e.twin.Initiatives)) }

// communeOf returns the index of the first commune of the initiative at i: an edit
// of a commune that has initiatives shows on more pages.
func (e *editor) communeOf(i int) int {
	for k, c := range e.twin.Communes {
		if c.Slug == e.twin.Initiatives[i].Communes[0] {
			return k
		}
	}
	return 0
}

// pick returns an edit, at random, by name; the fix of a broken file comes first.
func (e *editor) pick() (string, func()) {
	e.n++
	if e.broken != "" {
		return "fix", func() {
			e.write(e.broken, e.good)
			e.broken = ""
		}
	}
	types := twinsite.Types()
	if e.extra {
		types = append(types, "ressourcerie-mobile")
	}
	edits := []struct {
		name string
		do   func()
	}{
		{"body", func() {
			i := e.some()
			e.twin.Initiatives[i].Body += fmt.Sprintf("\nAjout %d.\n", e.n)
			e.initiative(i)
		}},
		{"first paragraph", func() {
			i := e.some()
			it := &e.twin.Initiatives[i]
			it.Body = fmt.Sprintf("Un nouveau début %d.\n\n", e.n) + it.Body
			e.initiative(i)
		}},
		{"body link", func() {
			i, j := e.some(), e.some()
			e.twin.Initiatives[i].Body += fmt.Sprintf("\nVoir [celle-ci](initiative:%s).\n", e.twin.Initiatives[j].Slug)
			e.initiative(i)
		}},
		{"title", func() {
			i := e.some()
			e.twin.Initiatives[i].Title = fmt.Sprintf("Titre changé %d", e.n)
			e.initiative(i)
		}},
		{"type", func() {
			i := e.some()
			e.twin.Initiatives[i].Type = types[e.rnd.IntN(len(types))]
			e.initiative(i)
		}},
		{"status", func() {
			i := e.some()
			e.twin.Initiatives[i].Status = twinsite.Statuses()[e.rnd.IntN(len(twinsite.Statuses()))]
			e.initiative(i)
		}},
		{"communes", func() {
			i := e.some()
			cs := []string{e.twin.Communes[e.rnd.IntN(len(e.twin.Communes))].Slug}
			if e.rnd.IntN(3) == 0 {
				if o := e.twin.Communes[e.rnd.IntN(len(e.twin.Communes))].Slug; o != cs[0] {
					cs = append(cs, o)
				}
			}
			e.twin.Initiatives[i].Communes = cs
			e.initiative(i)
		}},
		{"themes", func() {
			i := e.some()
			all := twinsite.Themes()
			th := []string{all[e.rnd.IntN(len(all))]}
			if o := all[e.rnd.IntN(len(all))]; o != th[0] {
				th = append(th, o)
			}
			slices.Sort(th)
			e.twin.Initiatives[i].Themes = th
			e.initiative(i)
		}},
		{"verified", func() {
			i := e.some()
			e.twin.Initiatives[i].Verified = fmt.Sprintf("2025-%02d-%02d", 1+e.rnd.IntN(12), 1+e.rnd.IntN(28))
			e.initiative(i)
		}},
		{"new file", func() {
			it := e.twin.Initiatives[e.some()]
			it.Slug = fmt.Sprintf("nouvelle-%d", e.n)
			it.Title = fmt.Sprintf("Nouvelle initiative %d", e.n)
			e.twin.Initiatives = append(e.twin.Initiatives, it)
			e.initiative(len(e.twin.Initiatives) - 1)
		}},
		{"deleted file", func() {
			i := e.some()
			slug := e.twin.Initiatives[i].Slug
			if slug == "initiative-000000" || len(e.twin.Initiatives) < 3 {
				return // the free page links to it
			}
			// Links to it would break: they go elsewhere first.
			other := e.twin.Initiatives[(i+1)%len(e.twin.Initiatives)].Slug
			for k := range e.twin.Initiatives {
				it := &e.twin.Initiatives[k]
				body := strings.ReplaceAll(it.Body, "(initiative:"+slug+")", "(initiative:"+other+")")
				if k != i && (it.Link == slug || body != it.Body) {
					if it.Link == slug {
						it.Link = other
					}
					it.Body = body
					e.initiative(k)
				}
			}
			e.remove("content/initiatives/" + slug + ".md")
			e.twin.Initiatives = slices.Delete(e.twin.Initiatives, i, i+1)
		}},
		{"renamed slug", func() {
			i := e.some()
			it := &e.twin.Initiatives[i]
			old := it.Slug
			if old == "initiative-000000" {
				return
			}
			e.remove("content/initiatives/" + old + ".md")
			it.Slug = fmt.Sprintf("renommee-%d", e.n)
			e.alias[it.Slug] = append(e.alias[old], "/initiatives/"+old+"/")
			for k := range e.twin.Initiatives {
				if e.twin.Initiatives[k].Link == old || strings.Contains(e.twin.Initiatives[k].Body, "(initiative:"+old+")") {
					if e.twin.Initiatives[k].Link == old {
						e.twin.Initiatives[k].Link = it.Slug
					}
					e.twin.Initiatives[k].Body = strings.ReplaceAll(e.twin.Initiatives[k].Body, "(initiative:"+old+")", "(initiative:"+it.Slug+")")
					if k != i {
						e.initiative(k)
					}
				}
			}
			e.initiative(i)
		}},
		{"commune renamed", func() {
			c := e.communeOf(e.some())
			e.twin.Communes[c].Name = fmt.Sprintf("Ville %d", e.n)
			if e.rnd.IntN(2) == 0 {
				// A name that keeps the commune's place in alphabetical order: no list
				// is reordered, so that only what shows the name changes.
				e.twin.Communes[c].Name = fmt.Sprintf("Commune %s (%d)", strings.TrimPrefix(e.twin.Communes[c].Slug, "commune-"), e.n)
			}
			summary := ""
			if c == 0 {
				summary = "Une commune [engagée](page:methode)."
			}
			e.writeCommune(c, summary)
		}},
		{"commune summary", func() {
			e.writeCommune(0, fmt.Sprintf("Une commune [engagée](page:methode), %d fois.", e.n))
		}},
		{"commune moved", func() {
			c := e.communeOf(e.some())
			e.twin.Communes[c].Lat += 0.01
			e.twin.Communes[c].Interco = e.twin.Communes[e.rnd.IntN(len(e.twin.Communes))].Interco
			e.writeCommune(c, "")
		}},
		{"free page", func() {
			e.write("content/pages/methode.md", []byte(fmt.Sprintf("+++\ntitle = \"Méthode %d\"\n+++\nLes fiches de [la commune](commune:commune-00002), %d.\n", e.n, e.n)))
		}},
		{"vocabulary", func() {
			if e.themes == nil {
				e.themes = make([]string, len(twinsite.Themes()))
			}
			e.themes[e.rnd.IntN(len(e.themes))] = fmt.Sprintf("Besoin %d", e.n)
			e.extra = !e.extra
			if !e.extra {
				for k := range e.twin.Initiatives {
					if e.twin.Initiatives[k].Type == "ressourcerie-mobile" {
						e.twin.Initiatives[k].Type = "ressourcerie"
						e.initiative(k)
					}
				}
			}
			e.siteTOML()
		}},
		{"template", func() {
			const name = "layouts/initiative.html"
			p := filepath.Join(e.dir, name)
			if _, err := os.Stat(p); err == nil {
				e.remove(name)
				return
			}
			def, err := fs.ReadFile(atlas.Theme(), name)
			if err != nil {
				e.t.Fatal(err)
			}
			e.write(name, []byte(strings.Replace(string(def), "<h2 id=\"fiche\">Fiche</h2>", fmt.Sprintf("<h2 id=\"fiche\">Fiche %d</h2>", e.n), 1)))
		}},
		{"broken", func() {
			i := e.some()
			name := "content/initiatives/" + e.twin.Initiatives[i].Slug + ".md"
			e.good = twinsite.InitiativeFile(e.twin.Initiatives[i])
			if as := e.alias[e.twin.Initiatives[i].Slug]; len(as) > 0 {
				e.initiative(i)
				b, _ := os.ReadFile(filepath.Join(e.dir, name))
				e.good = b
			}
			e.broken = name
			bad := strings.Replace(string(e.good), "type = ", "type = [", 1)
			if e.rnd.IntN(2) == 0 {
				bad = strings.Replace(string(e.good), "communes = [", "communes = [\"nulle-part\", ", 1)
			}
			e.write(name, []byte(bad))
		}},
	}
	// Every kind of edit comes once in each round of len(edits), in a random order.
	if len(e.order) == 0 {
		e.order = e.rnd.Perm(len(edits))
	}
	x := edits[e.order[0]]
	e.order = e.order[1:]
	return x.name, x.do
}
