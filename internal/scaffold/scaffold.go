package scaffold

import (
	"bytes"
	"embed"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/template"
	"unicode"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/fiche"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// Module is the import path of the atlas command that the CI files install.
const Module = "github.com/reseau-ess-92/atlas/cmd/atlas"

// GoVersion is the Go release the CI files install atlas with: the go line of
// atlas's go.mod, without its patch number (a test checks that they agree).
const GoVersion = "1.26"

// Options say which territory the new atlas covers: exactly one of
// Departements, EPCI and Communes is set.
type Options struct {
	Departements []string // département codes: "93", "2A"
	EPCI         string   // SIREN of an EPCI or an EPT
	Communes     []string // INSEE codes
	Title        string   // "" makes one from the territory
	Version      string   // the atlas version the CI files install; "" or not a release means "latest"
}

// File is one file of the new atlas.
type File struct {
	Path string // slash-separated, relative to the atlas folder
	Data []byte
}

// territory is what the files say of the area the atlas covers.
type territory struct {
	of       string // "de la Seine-Saint-Denis": introduced by "de"
	communes []cog.Commune
}

//go:embed files
var files embed.FS

var templates = template.Must(template.New("").Funcs(template.FuncMap{
	"toml":    fiche.String,
	"plural":  plural,
	"trimCmd": func(s string) string { return strings.TrimSuffix(s, "/cmd/atlas") },
	"join":    strings.Join,
	"centre":  centre,
}).ParseFS(files, "files/*"))

// New returns the files of a new atlas for the territory of o, sorted by path, or
// the problems with o: each names the flag it comes from.
func New(o Options) ([]File, diag.List) {
	t, d := resolve(o)
	if !utf8.ValidString(o.Title) {
		d.Add(diag.Pos{File: "--title"}, "the title is not valid UTF-8 text")
	} else if strings.IndexFunc(o.Title, content.IsControl) >= 0 {
		d.Add(diag.Pos{File: "--title"}, "the title holds a control character")
	}
	if len(d) > 0 {
		return nil, d
	}
	title := strings.TrimSpace(o.Title)
	if title == "" {
		title = "Atlas de l’ESS " + t.of
	}
	data := view{
		Title:       title,
		Description: "Les initiatives d’économie sociale et solidaire " + t.of + " : où les trouver, qui les porte, depuis quand.",
		Of:          t.of,
		Communes:    len(t.communes),
		Version:     pin(o.Version),
		Module:      Module,
		GoVersion:   GoVersion,
		Types:       views(types),
		Themes:      views(themes),
		Statuses:    views(statuses),
	}
	var out []File
	for _, f := range []struct{ path, tmpl string }{
		{"site.toml", "site.toml"},
		{"README.md", "README.md"},
		{".gitignore", "gitignore"},
		{".github/workflows/atlas.yml", "github.yml"},
		{".gitlab-ci.yml", "gitlab-ci.yml"},
		{"content/pages/a-propos.md", "a-propos.md"},
	} {
		var b bytes.Buffer
		if err := templates.ExecuteTemplate(&b, f.tmpl, data); err != nil {
			// The templates are the package's own and tested: failing is a bug.
			panic("scaffold: " + err.Error())
		}
		out = append(out, File{f.path, b.Bytes()})
	}
	for _, cf := range communeFiles(t.communes) {
		out = append(out, cf)
	}
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}

// resolve finds the communes of the territory of o.
func resolve(o Options) (territory, diag.List) {
	var t territory
	var d diag.List
	n := 0
	for _, set := range []bool{len(o.Departements) > 0, o.EPCI != "", len(o.Communes) > 0} {
		if set {
			n++
		}
	}
	if n != 1 {
		d.Add(diag.Pos{File: "atlas init"}, "give one of --departement, --epci and --communes")
		return t, d
	}
	switch {
	case len(o.Departements) > 0:
		var names []string
		seen := map[string]bool{}
		for _, code := range o.Departements {
			code = strings.ToUpper(strings.TrimSpace(code))
			if seen[code] {
				continue
			}
			seen[code] = true
			dep, ok := cog.LookupDepartement(code)
			cs := cog.InDepartement(code)
			if !ok || len(cs) == 0 {
				d.Add(diag.Pos{File: "--departement"}, "no département has the code %q", code)
				continue
			}
			names = append(names, dep.Of())
			t.communes = append(t.communes, cs...)
		}
		t.of = and(names)
	case o.EPCI != "":
		siren := strings.TrimSpace(o.EPCI)
		g, ok := cog.LookupIntercommunalite(siren)
		if !ok {
			d.Add(diag.Pos{File: "--epci"}, "no EPCI or EPT has the SIREN number %q", siren)
			break
		}
		t.of = groupOf(g)
		for _, code := range g.Members {
			c, ok := cog.Lookup(code)
			if !ok {
				d.Add(diag.Pos{File: "--epci"}, "the commune %s of %s is not in the code officiel géographique", code, g.Name)
				continue
			}
			t.communes = append(t.communes, c)
		}
	default:
		seen := map[string]bool{}
		for _, code := range o.Communes {
			code = strings.ToUpper(strings.TrimSpace(code))
			if code == "" || seen[code] {
				continue
			}
			seen[code] = true
			c, ok := cog.Lookup(code)
			if !ok {
				d.Add(diag.Pos{File: "--communes"}, "no current commune has the INSEE code %q", code)
				continue
			}
			t.communes = append(t.communes, c)
		}
		if len(t.communes) == 0 && len(d) == 0 {
			d.Add(diag.Pos{File: "--communes"}, "no INSEE code given")
		}
		var names []string
		for i, c := range t.communes {
			if i == 2 && len(t.communes) > 3 {
				names = append(names, "de "+strconv.Itoa(len(t.communes)-2)+" autres communes")
				break
			}
			names = append(names, de(c.Name))
		}
		t.of = and(names)
	}
	slices.SortFunc(t.communes, func(a, b cog.Commune) int { return strings.Compare(a.Code, b.Code) })
	d.Sort()
	return t, d
}

// groupOf introduces the name of an intercommunalité by "de", spelling out the
// abbreviations of the COG: "CA Plaine Vallée" is "de la Communauté
// d’agglomération Plaine Vallée".
func groupOf(g cog.Intercommunalite) string {
	for _, p := range []struct{ abbr, full string }{
		{"CC ", "de la Communauté de communes "},
		{"CA ", "de la Communauté d’agglomération "},
		{"CU ", "de la Communauté urbaine "},
	} {
		if rest, ok := strings.CutPrefix(g.Name, p.abbr); ok {
			return p.full + rest
		}
	}
	if g.Kind == "METRO" || g.Kind == "MET69" {
		if rest, ok := strings.CutPrefix(g.Name, "Métropole "); ok {
			return "de la Métropole " + rest
		}
	}
	return de(g.Name)
}

// de introduces a name by "de" as French writes it: "de Sceaux", "d’Antony",
// "du Plessis-Robinson", "des Lilas", "de l’Île-Saint-Denis".
func de(name string) string {
	for _, p := range []struct{ article, contracted string }{
		{"Le ", "du "}, {"Les ", "des "}, {"La ", "de la "}, {"L'", "de l’"}, {"L’", "de l’"},
	} {
		if rest, ok := strings.CutPrefix(name, p.article); ok {
			return p.contracted + rest
		}
	}
	r, _ := utf8.DecodeRuneInString(name)
	if strings.ContainsRune("AEIOUYÀÂÉÈÊËÎÏÔÖÛÜŒ", unicode.ToUpper(r)) {
		return "d’" + name
	}
	return "de " + name
}

// and joins phrases as French lists them: "a", "a et b", "a, b et c".
func and(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " et " + parts[len(parts)-1]
}

// pin returns the version the CI files install: v, when it is a release or a
// pseudo-version that the module proxy can serve, else "latest".
func pin(v string) string {
	if !Pinnable(v) {
		return "latest"
	}
	return v
}

// Pinnable reports whether v, as atlas version prints it, names a version that
// go install can fetch: not "(devel)", not empty, not built from modified files.
func Pinnable(v string) bool {
	return semver.MatchString(v)
}

// semver matches a module version without build metadata: a release, a
// pre-release or a pseudo-version ("v0.0.0-20261201091224-bda06a2abcde").
var semver = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// communeFiles writes one file per commune. Two communes with the same name (in
// different départements) get their INSEE code in their slug.
func communeFiles(cs []cog.Commune) []File {
	count := map[string]int{}
	for _, c := range cs {
		count[slug.Make(c.Name)]++
	}
	var out []File
	for _, c := range cs {
		s := slug.Make(c.Name)
		if count[s] > 1 {
			s += "-" + strings.ToLower(c.Code)
		}
		var b bytes.Buffer
		if err := templates.ExecuteTemplate(&b, "commune.toml", c); err != nil {
			panic("scaffold: " + err.Error())
		}
		out = append(out, File{"content/communes/" + s + ".toml", b.Bytes()})
	}
	return out
}

// view is the data of the templates but the communes'.
type view struct {
	Title, Description string
	Of                 string // the territory introduced by "de"
	Communes           int
	Version            string // "v1.2.0" or "latest"
	Module             string
	GoVersion          string
	Types              []termView
	Themes             []termView
	Statuses           []termView
}

type termView struct {
	Slug, Name, Plural, Description, Stage string
	Keywords                               string // a TOML array, "" when none
}

func views(ts []term) []termView {
	var out []termView
	for _, t := range ts {
		v := termView{Slug: t.slug, Name: t.name, Plural: t.plural, Description: t.description, Stage: t.stage}
		if len(t.keywords) > 0 {
			q := make([]string, len(t.keywords))
			for i, k := range t.keywords {
				q[i] = fiche.String(k)
			}
			v.Keywords = "[" + strings.Join(q, ", ") + "]"
		}
		out = append(out, v)
	}
	return out
}

// centre writes the commune's centre from the COG as a TOML inline table, or ""
// when it has none.
func centre(c cog.Commune) string {
	lat, lon, ok := c.Centre()
	if !ok {
		return ""
	}
	return "{ lat = " + strconv.FormatFloat(lat, 'f', -1, 64) + ", lon = " + strconv.FormatFloat(lon, 'f', -1, 64) + " }"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
