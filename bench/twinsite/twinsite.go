// Package twinsite makes the synthetic twin that atlas is measured on: one made-up
// atlas of N communes and M initiatives, written twice, in atlas's format and as the
// equivalent Hugo site (communes, types and themes as taxonomies, the same texts, a
// peer list of the same type on every initiative).
//
// It is the Go port of shared/bench/gen_twin.py and writes, for the same numbers and
// seed, the same files byte for byte (TestMatchesPython checks it when python3 and
// the script are there): it draws from a copy of Python's Mersenne Twister in the
// same order as the script did.
package twinsite

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DefaultSeed is the seed gen_twin.py used when given none.
const DefaultSeed = 42

var (
	types = []string{"ressourcerie", "recyclerie", "epicerie-solidaire", "epicerie-sociale", "tiers-lieu",
		"coworking", "jardin-partage", "cafe-associatif", "atelier-velo", "amap",
		"boite-a-livres", "banque-alimentaire", "fab-lab", "boutique-solidaire", "scic"}
	themes   = []string{"alimentation", "reemploi", "insertion", "mobilite", "numerique", "aines", "jeunesse", "culture", "environnement", "finances-solidaires"}
	statuses = []string{"idee", "etude", "projet", "ouvert", "ferme"}
	words    = strings.Fields("économie sociale solidaire commune réseau habitants association coopérative " +
		"insertion emploi réemploi collecte épicerie jardin partagé atelier vélo " +
		"quartier élus projet lieu accueil bénévoles salariés territoire transition " +
		"alimentation circuit court solidarité échange formation public jeunes aînés " +
		"ressourcerie recyclerie tiers-lieu numérique culture financement mairie")
)

// Types, Themes and Statuses are the slugs of the twin's vocabularies.
func Types() []string    { return slices.Clone(types) }
func Themes() []string   { return slices.Clone(themes) }
func Statuses() []string { return slices.Clone(statuses) }

// Commune is one made-up commune.
type Commune struct {
	Slug, Name, INSEE, Interco string
	Lat, Lon                   float64
}

// Initiative is one made-up initiative.
type Initiative struct {
	Slug, Title string
	Communes    []string // slugs
	Type        string
	Themes      []string
	Status      string
	Since       int
	Verified    string // YYYY-MM-DD
	Link        string // the initiative its body links to
	Body        string // Markdown, without the closing link
}

// Twin is the made-up atlas.
type Twin struct {
	Communes    []Commune
	Initiatives []Initiative
}

// New makes a twin of nc communes and ni initiatives (both at least 1) from seed.
func New(nc, ni int, seed uint32) *Twin {
	rnd := newPyRandom(seed)
	say := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = choice(rnd, words)
		}
		return strings.Join(ws, " ")
	}
	intercos := make([]string, max(1, nc/12))
	for i := range intercos {
		intercos[i] = fmt.Sprintf("Interco %d", i)
	}
	t := &Twin{Communes: make([]Commune, nc), Initiatives: make([]Initiative, ni)}
	for c := range t.Communes {
		t.Communes[c] = Commune{
			Slug: fmt.Sprintf("commune-%05d", c), Name: fmt.Sprintf("Commune %05d", c),
			INSEE: fmt.Sprintf("%05d", 10000+c), Interco: intercos[c%len(intercos)],
		}
		t.Communes[c].Lat = 43 + rnd.random()*7
		t.Communes[c].Lon = -1 + rnd.random()*7
	}
	for i := range t.Initiatives {
		it := &t.Initiatives[i]
		it.Communes = []string{t.Communes[rnd.below(nc)].Slug}
		if rnd.random() < 0.05 {
			if other := t.Communes[rnd.below(nc)].Slug; other != it.Communes[0] {
				it.Communes = append(it.Communes, other)
			}
		}
		it.Slug = fmt.Sprintf("initiative-%06d", i)
		it.Title = fmt.Sprintf("Initiative %06d %s", i, say(2))
		it.Type = choice(rnd, types)
		it.Themes = rnd.sample(themes, rnd.randint(1, 3))
		slices.Sort(it.Themes) // sorted(set(…)): sample never repeats
		it.Status = choice(rnd, statuses)
		it.Since = 2000 + rnd.below(24)
		y := 15 + rnd.below(9)
		m := 1 + rnd.below(12)
		it.Verified = fmt.Sprintf("20%02d-%02d-%02d", y, m, 1+rnd.below(28))
	}
	for i := range t.Initiatives {
		it := &t.Initiatives[i]
		it.Link = t.Initiatives[rnd.below(ni)].Slug
		var parts []string
		for range 3 {
			h := capitalize(say(3))
			parts = append(parts, fmt.Sprintf("## %s\n\n%s.\n", h, capitalize(say(80))))
		}
		a := say(6)
		b := say(6)
		parts = append(parts, fmt.Sprintf("- %s\n- %s\n- %s\n", a, b, say(6)))
		it.Body = strings.Join(parts, "\n")
	}
	return t
}

// capitalize is Python's str.capitalize on the twin's lower-case words.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToTitle(r)) + strings.ToLower(s[n:])
}

func q(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func qa(xs []string) string {
	qs := make([]string, len(xs))
	for i, x := range xs {
		qs[i] = q(x)
	}
	return "[" + strings.Join(qs, ", ") + "]"
}

func label(slug string) string { return capitalize(strings.ReplaceAll(slug, "-", " ")) }

// SiteTOML is the atlas's site.toml.
func (t *Twin) SiteTOML() []byte {
	var b strings.Builder
	b.WriteString("title = \"Atlas synthétique\"\nbaseURL = \"https://example.org/\"\nlanguage = \"fr\"\n\n")
	for _, s := range types {
		fmt.Fprintf(&b, "[[types]]\nslug = %s\nname = %s\nplural = %s\n\n", q(s), q(label(s)), q(label(s)+"s"))
	}
	for _, s := range themes {
		fmt.Fprintf(&b, "[[themes]]\nslug = %s\nname = %s\n\n", q(s), q(label(s)))
	}
	for _, s := range statuses {
		fmt.Fprintf(&b, "[[statuses]]\nslug = %s\nname = %s\n\n", q(s), q(capitalize(s)))
	}
	return []byte(b.String())
}

// CommuneFile is the atlas's content/communes/<slug>.toml for c.
func CommuneFile(c Commune) []byte {
	return fmt.Appendf(nil, "name = %s\ninsee = %s\ndepartement = \"99\"\nintercommunalite = %s\nlocation = { lat = %s, lon = %s }\n",
		q(c.Name), q(c.INSEE), q(c.Interco), strconv.FormatFloat(c.Lat, 'f', 4, 64), strconv.FormatFloat(c.Lon, 'f', 4, 64))
}

// InitiativeFile is the atlas's content/initiatives/<slug>.md for it.
func InitiativeFile(it Initiative) []byte {
	b := fmt.Appendf(nil, "+++\ntitle = %s\ncommunes = %s\ntype = %s\nthemes = %s\nstatus = %s\nsince = %d\nverified = %s\n[[sources]]\ntitle = \"Synthèse\"\n+++\n",
		q(it.Title), qa(it.Communes), q(it.Type), qa(it.Themes), q(it.Status), it.Since, it.Verified)
	return fmt.Appendf(b, "%s\nVoir aussi [une autre initiative](initiative:%s).\n", it.Body, it.Link)
}

// Atlas gives each file of the atlas form to emit, by its slash-separated path.
func (t *Twin) Atlas(emit func(name string, data []byte) error) error {
	if err := emit("site.toml", t.SiteTOML()); err != nil {
		return err
	}
	for _, c := range t.Communes {
		if err := emit("content/communes/"+c.Slug+".toml", CommuneFile(c)); err != nil {
			return err
		}
	}
	for _, it := range t.Initiatives {
		if err := emit("content/initiatives/"+it.Slug+".md", InitiativeFile(it)); err != nil {
			return err
		}
	}
	return nil
}

// Hugo gives each file of the Hugo form to emit, by its slash-separated path.
func (t *Twin) Hugo(emit func(name string, data []byte) error) error {
	if err := emit("hugo.toml", []byte(hugoConfig)); err != nil {
		return err
	}
	for _, it := range t.Initiatives {
		b := fmt.Appendf(nil, "+++\ntitle = %s\ncommunes = %s\ntypes = [%s]\nthemes = %s\nstatus = %s\nsince = %d\ndate = %s\n+++\n",
			q(it.Title), qa(it.Communes), q(it.Type), qa(it.Themes), q(it.Status), it.Since, it.Verified)
		b = fmt.Appendf(b, "%s\nVoir aussi [une autre initiative]({{< relref \"%s\" >}}).\n", it.Body, it.Link)
		if err := emit("content/initiatives/"+it.Slug+".md", b); err != nil {
			return err
		}
	}
	for _, l := range hugoLayouts {
		if err := emit(l.name, []byte(l.text)); err != nil {
			return err
		}
	}
	return nil
}

// Write writes the twin to dir/atlas and dir/hugo, replacing whatever was there
// under those two names (as gen_twin.py did).
func (t *Twin) Write(dir string) error {
	for _, form := range []struct {
		sub   string
		files func(func(string, []byte) error) error
		dirs  []string
	}{
		{"atlas", t.Atlas, []string{"content/communes", "content/initiatives"}},
		{"hugo", t.Hugo, []string{"content/initiatives", "layouts/_default", "layouts/partials"}},
	} {
		root := filepath.Join(dir, form.sub)
		if err := os.RemoveAll(root); err != nil {
			return err
		}
		for _, d := range form.dirs {
			if err := os.MkdirAll(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil {
				return err
			}
		}
		err := form.files(func(name string, data []byte) error {
			return os.WriteFile(filepath.Join(root, filepath.FromSlash(name)), data, 0o644)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

const hugoConfig = `baseURL = "https://example.org/"
languageCode = "fr"
title = "Atlas synthétique"
disableKinds = []
[taxonomies]
  commune = "communes"
  type = "types"
  theme = "themes"
[minify]
  minifyOutput = true
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]
[services.rss]
  limit = 50
`

// hugoLayouts are the Hugo site's templates: the same pages as atlas's initiatives,
// commune, type and theme term pages and home, with a peer list on each initiative.
// One feed, like atlas's /atom.xml, instead of Hugo's default feed per list page.
var hugoLayouts = []struct{ name, text string }{
	{"layouts/_default/baseof.html", `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><link rel="canonical" href="{{ .Permalink }}"></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a> <nav><a href="{{ "/communes/" | relURL }}">Communes</a> <a href="{{ "/types/" | relURL }}">Types</a> <a href="{{ "/themes/" | relURL }}">Thématiques</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>{{ site.Title }}</footer></body></html>`},
	{"layouts/_default/single.html", `{{ define "main" }}<article><h1>{{ .Title }}</h1>
<dl><dt>Communes</dt><dd>{{ range .GetTerms "communes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Type</dt><dd>{{ range .GetTerms "types" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>Thématiques</dt><dd>{{ range .GetTerms "themes" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>
<dt>Statut</dt><dd>{{ .Params.status }}</dd><dt>Depuis</dt><dd>{{ .Params.since }}</dd></dl>
{{ .Content }}
<h2>Ailleurs dans le réseau</h2><ul>{{ $self := . }}{{ $t := index .Params.types 0 }}
{{ range first 6 (index site.Taxonomies.types (urlize $t)).Pages }}{{ if ne .RelPermalink $self.RelPermalink }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ul>
</article>{{ end }}`},
	{"layouts/_default/list.html", `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}`},
	{"layouts/_default/terms.html", `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}`},
	{"layouts/_default/term.html", `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> — {{ .Params.status }}</li>{{ end }}</ul>{{ end }}`},
	{"layouts/index.html", `{{ define "main" }}<h1>{{ site.Title }}</h1>
<p>{{ len (where site.RegularPages "Section" "initiatives") }} initiatives</p>
<h2>Types</h2><ul>{{ range site.Taxonomies.types.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
<h2>Thématiques</h2><ul>{{ range site.Taxonomies.themes.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}`},
}
