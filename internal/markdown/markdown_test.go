package markdown

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
)

// resolver knows a few documents of each kind; "broken" exists but could not be read.
type resolver map[string][]string

func (r resolver) ResolveLink(kind, slug string) (string, bool, bool) {
	if slug == "broken" {
		return "", false, true
	}
	if slices.Contains(r[kind], slug) {
		return "/" + kind + "s/" + slug + "/", true, true
	}
	return "", false, false
}

func (r resolver) Candidates(kind string) []string { return r[kind] }

var known = resolver{
	"commune":    {"sceaux", "bagneux"},
	"initiative": {"ressourcerie-de-sceaux"},
	"type":       {"ressourcerie"},
	"theme":      {"reemploi"},
	"page":       {"a-propos"},
}

// body returns src as the body of a file that starts with a front matter of n lines
// (and its two +++ lines).
func body(src string, n int) content.Markdown {
	head := "+++\n" + strings.Repeat("x = 1\n", n) + "+++\n"
	f := diag.NewFile("content/initiatives/x.md", []byte(head+src))
	return content.Markdown{Src: f.Src()[len(head):], File: f, Offset: len(head)}
}

func TestConvert(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		unsafe    bool
		html      string
		targets   []Target
		diags     []string
	}{
		{
			name:    "typed links",
			src:     "[S](commune:sceaux) [R](initiative:ressourcerie-de-sceaux#histoire) [T](type:ressourcerie) [E](theme:reemploi) [P](page:a-propos)\n",
			html:    `<p><a href="/sub/communes/sceaux/">S</a> <a href="/sub/initiatives/ressourcerie-de-sceaux/#histoire">R</a> <a href="/sub/types/ressourcerie/">T</a> <a href="/sub/themes/reemploi/">E</a> <a href="/sub/pages/a-propos/">P</a></p>` + "\n",
			targets: []Target{{"commune", "sceaux"}, {"initiative", "ressourcerie-de-sceaux"}, {"type", "ressourcerie"}, {"theme", "reemploi"}, {"page", "a-propos"}},
		},
		{
			name:    "dangling links on later lines",
			src:     "Texte.\n\nAvec [un lien](commune:sceau)\net [un autre](type:ressourcery).\n\n> - [cité](initiative:inconnue)\n",
			html:    "<p>Texte.</p>\n<p>Avec <a href=\"\">un lien</a>\net <a href=\"\">un autre</a>.</p>\n<blockquote>\n<ul>\n<li><a href=\"\">cité</a></li>\n</ul>\n</blockquote>\n",
			targets: []Target{{"commune", "sceau"}, {"type", "ressourcery"}, {"initiative", "inconnue"}},
			diags: []string{
				`content/initiatives/x.md:6:6: link to unknown commune "sceau" (did you mean "sceaux"?)`,
				`content/initiatives/x.md:7:4: link to unknown type "ressourcery" (did you mean "ressourcerie"?)`,
				`content/initiatives/x.md:9:5: link to unknown initiative "inconnue"`,
			},
		},
		{
			name:    "link to a broken file is not reported again",
			src:     "[B](commune:broken)\n",
			html:    "<p><a href=\"\">B</a></p>\n",
			targets: []Target{{"commune", "broken"}},
		},
		{
			name:    "reference link",
			src:     "Voir [la ville][v].\n\n[v]: commune:sceau\n",
			html:    "<p>Voir <a href=\"\">la ville</a>.</p>\n",
			targets: []Target{{"commune", "sceau"}},
			diags:   []string{`content/initiatives/x.md:4:6: link to unknown commune "sceau" (did you mean "sceaux"?)`},
		},
		{
			name: "dangerous links",
			src:  "[a](javascript:alert(1)) [b](JavaScript:alert(1)) ![c](data:text/html,x) <vbscript:x>\n",
			html: "<p><a href=\"\">a</a> <a href=\"\">b</a> <img src=\"\" alt=\"c\"> <a href=\"\">vbscript:x</a></p>\n",
			diags: []string{
				`content/initiatives/x.md:4:1: link "javascript:alert(1)" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`,
				`content/initiatives/x.md:4:26: link "JavaScript:alert(1)" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`,
				`content/initiatives/x.md:4:51: link "data:text/html,x" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`,
				`content/initiatives/x.md:4:74: link "vbscript:x" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`,
			},
		},
		{
			name: "raw html is left out",
			src:  "<script>alert(1)</script>\n\nTexte <img src=x onerror=\"alert(1)\"> fin.\n",
			html: "<!-- raw HTML omitted -->\n<p>Texte <!-- raw HTML omitted --> fin.</p>\n",
		},
		{
			name:   "raw html when the site opts in",
			src:    "<mark>brut</mark>\n",
			unsafe: true,
			html:   "<p><mark>brut</mark></p>\n",
		},
		{
			name: "heading anchors keep French letters and stay unique",
			src:  "## Épicerie partagée\n\n## Épicerie partagée\n\n## Sources\n\n### L’œuvre de « Sœur » Ève\n\n## ¿?\n",
			html: "<h2 id=\"epicerie-partagee\">Épicerie partagée</h2>\n<h2 id=\"epicerie-partagee-1\">Épicerie partagée</h2>\n<h2 id=\"sources-1\">Sources</h2>\n<h3 id=\"l-oeuvre-de-soeur-eve\">L’œuvre de «\u202fSœur\u202f» Ève</h3>\n<h2 id=\"section\">¿?</h2>\n",
		},
		{
			name: "external and relative links",
			src:  "[a](https://example.org/x?y=1) [b](mailto:contact@example.org) [c](/communes/) [d](#haut) [e](../x/)\n",
			html: "<p><a href=\"https://example.org/x?y=1\">a</a> <a href=\"mailto:contact@example.org\">b</a> <a href=\"/communes/\">c</a> <a href=\"#haut\">d</a> <a href=\"../x/\">e</a></p>\n",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			html, targets, d := New("/sub/", tt.unsafe).Convert(body(tt.src, 1), known)
			if string(html) != tt.html {
				t.Errorf("html:\n%s\nwant:\n%s", html, tt.html)
			}
			if !slices.Equal(targets, tt.targets) {
				t.Errorf("targets %v, want %v", targets, tt.targets)
			}
			d.Sort()
			var got []string
			for _, x := range d {
				got = append(got, x.Error())
			}
			if !slices.Equal(got, tt.diags) {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.diags, "\n\t"))
			}
		})
	}
}

// exampleBodies returns the Markdown of every content file of the example.
func exampleBodies(tb testing.TB) []string {
	var srcs []string
	paths, _ := filepath.Glob("../../content/*/*.md")
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if _, after, ok := strings.Cut(string(b), "\n+++\n"); ok {
			srcs = append(srcs, after)
		}
	}
	return srcs
}

func FuzzConvert(f *testing.F) {
	for _, src := range exampleBodies(f) {
		f.Add(src)
	}
	f.Add("[a](commune:sceau) <javascript:x> ![i](type:x#y) [r][x]\n\n[x]: theme:z\n")
	conv := New("/", false)
	f.Fuzz(func(t *testing.T, src string) {
		m := body(src, 2)
		html, _, d := conv.Convert(m, known)
		if strings.Contains(strings.ToLower(string(html)), "href=\"javascript:") {
			t.Errorf("javascript: link in the output: %s", html)
		}
		lines := strings.Split(string(m.File.Src()), "\n")
		for _, x := range d {
			if x.Pos.Line < 5 || x.Pos.Line > len(lines) {
				t.Errorf("%v: line outside the body (lines 5 to %d)", x, len(lines))
				continue
			}
			if n := utf8.RuneCountInString(lines[x.Pos.Line-1]); x.Pos.Col < 1 || x.Pos.Col > n+1 {
				t.Errorf("%v: column outside the line's %d characters", x, n)
			}
		}
	})
}

// unlinkedCases are texts that mayLinkify lets through without linkify: every inline
// construct that shares linkify's triggers (spaces, line heads, *, _, ~, parentheses).
var unlinkedCases = []string{
	"Un texte simple, sur une ligne.\n",
	"Deux lignes\nde suite,  avec deux espaces  \net une fin de ligne dure\\\nici.\n",
	"*emphase* _emphase_ **fort** __fort__ ~~barré~~ (entre parenthèses) * étoile seule _ tiret seul ~ tilde (\n",
	"Des « guillemets », \"droits\", l'apostrophe -- et --- les tirets... fin.\n",
	"# Titre\n\n## Sous-titre *mis en avant*\n\n- [ ] à faire\n- [x] fait\n\n| a | b |\n|---|---|\n| *c* | (d) |\n",
	"[lien](commune:sceaux) [autre](/chemin/) ![image](i.png) <mailto:x> `code ~x~ (y)` \\*échappé\\*\n",
	"   Indenté\n\n    bloc de code (indenté)\n\n> citation _ici_\n> (suite)\n",
	"Tabulation\tet\u00a0espace insécable * (fin) ~~\n",
}

// TestUnlinked checks that a text which mayLinkify says linkify cannot change comes
// out of the converter without linkify byte for byte as out of the one with it, on
// these cases and on every Markdown text of the example; and that texts linkify does
// change are sent to it.
func TestUnlinked(t *testing.T) {
	conv := New("/sub/", false)
	srcs := append(slices.Clone(unlinkedCases), exampleBodies(t)...)
	unlinked := 0
	for _, src := range srcs {
		if mayLinkify([]byte(src)) {
			continue
		}
		unlinked++
		if with, without := withAndWithout(conv, src); with != without {
			t.Errorf("%q:\nwith linkify:    %s\nwithout linkify: %s", src, with, without)
		}
	}
	if unlinked < len(unlinkedCases) {
		t.Errorf("only %d texts converted without linkify; the cases alone are %d", unlinked, len(unlinkedCases))
	}
	for _, src := range []string{
		"Voir http://example.org ici.\n",
		"Voir https://example.org ici.\n",
		"Voir ftp://example.org ici.\n",
		"Voir www.example.org ici.\n",
		"Écrire à contact@example.org.\n",
	} {
		if !mayLinkify([]byte(src)) {
			t.Errorf("%q: mayLinkify is false, but linkify links it", src)
		}
		if with, without := withAndWithout(conv, src); with == without || !strings.Contains(with, "<a href=") {
			t.Errorf("%q: linkify made no link: %s", src, with)
		}
	}
}

// withAndWithout converts src with linkify and without it.
func withAndWithout(conv *Converter, src string) (with, without string) {
	m := body(src, 2)
	w, _, _ := conv.convert(conv.md, m, known)
	wo, _, _ := conv.convert(conv.unlinked, m, known)
	return string(w), string(wo)
}

// lineEnd is white space at the end of a line of the output; before a hard line
// break, no-break spaces too (typography may make the last space of « 0 », then
// « $ » on the next line, a no-break one when goldmark has trimmed the others, which
// it keeps with linkify): a browser shows none of it.
var lineEnd = regexp.MustCompile(`[ \t\r]+(<br>|\n)|[ \t\r\x{00a0}\x{202f}]+(<br>)`)

// FuzzUnlinked checks TestUnlinked's property on any text, but for white space at the
// end of a line: linkify, which is tried at every space, makes goldmark keep spaces,
// tabs and carriage returns there ("a \t\nb" gives "a \nb", and "a\nb" without it),
// which a browser shows the same. The example has no such line.
func FuzzUnlinked(f *testing.F) {
	for _, src := range unlinkedCases {
		f.Add(src)
	}
	conv := New("/", false)
	f.Fuzz(func(t *testing.T, src string) {
		// Content refuses invalid UTF-8 before any Markdown is converted; typography,
		// which rewrites text as runes, writes U+FFFD for an invalid byte only in the
		// pieces it changes, and linkify cuts the text into other pieces. It refuses
		// control characters too, a carriage return alone among them, which goldmark
		// reads as a line end with linkify and as a space without it ("0\r \n000").
		if mayLinkify([]byte(src)) || !utf8.ValidString(src) || refusedControl(src) {
			return
		}
		with, without := withAndWithout(conv, src)
		if lineEnd.ReplaceAllString(with, "$1$2") != lineEnd.ReplaceAllString(without, "$1$2") {
			t.Errorf("with linkify:    %s\nwithout linkify: %s", with, without)
		}
	})
}

// refusedControl reports whether src has a character the content loader refuses: a
// control character other than tab, line feed and the carriage return of a Windows
// line end.
func refusedControl(src string) bool {
	for i, r := range src {
		if content.IsControl(r) && !(r == '\r' && strings.HasPrefix(src[i+1:], "\n")) {
			return true
		}
	}
	return false
}
