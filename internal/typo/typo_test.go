package typo

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// show makes the spaces of a test visible: ⍽ is U+202F, ~ is U+00A0.
func show(s string) string {
	return strings.NewReplacer("\u202f", "⍽", "\u00a0", "~").Replace(s)
}

func TestString(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"colon", "Le réseau : qui fait quoi", "Le réseau⍽: qui fait quoi"},
		{"semicolon question exclamation", "Ici ; là ? Oui !", "Ici⍽; là⍽? Oui⍽!"},
		{"missing before question", "Pourquoi? Parce que!", "Pourquoi⍽? Parce que⍽!"},
		{"missing before semicolon", "un; deux", "un⍽; deux"},
		{"guillemets", "le type « Ressourcerie »", "le type «⍽Ressourcerie⍽»"},
		{"guillemets without spaces", "«Ressourcerie»", "«⍽Ressourcerie⍽»"},
		{"guillemets with no-break spaces", "«\u00a0mot\u00a0»", "«⍽mot⍽»"},
		{"already right", "Sceaux\u202f: fiche", "Sceaux⍽: fiche"},
		{"line break before colon", "mot\n: suite", "mot⍽: suite"},
		{"number", "20 884 habitants", "20~884~habitants"},
		{"large number", "1 234 567", "1~234~567"},
		{"year then number", "en 2015 120 initiatives", "en 2015 120 initiatives"},
		{"percent", "30 % des communes", "30~% des communes"},
		{"unit", "à 2 km, 15 m²", "à 2~km, 15~m²"},
		{"unit before comma", "5 ans, puis", "5~ans, puis"},
		{"not a unit", "3 communes", "3 communes"},
		{"time", "de 10:30 à 12:00", "de 10:30 à 12:00"},
		{"url", "voir https://example.org/a:b?c=d", "voir https://example.org/a:b?c=d"},
		{"smiley", "merci ;)", "merci ;)"},
		{"double punctuation", "Vraiment ?!", "Vraiment⍽?!"},
		{"colon without space is left", "Note:texte", "Note:texte"},
		{"leading and trailing spaces", " : ", " : "},
		{"decimal", "2,5 000", "2,5 000"},
		{"nothing to do", "Sceaux", "Sceaux"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(String(tc.in)); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func markdown(t *testing.T, src string) string {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, Extension, extension.NewTypographer(
		extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
			extension.LeftDoubleQuote:  []byte("«\u202f"),
			extension.RightDoubleQuote: []byte("\u202f»"),
		}))))
	var b bytes.Buffer
	if err := md.Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return show(b.String())
}

func TestMarkdown(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"paragraph", "Ouverte en 2021 : une ressourcerie !", "<p>Ouverte en 2021⍽: une ressourcerie⍽!</p>\n"},
		{"across emphasis", "**Sceaux** : la fiche", "<p><strong>Sceaux</strong>⍽: la fiche</p>\n"},
		{"across a link", "[la ressourcerie](/r/) ?", "<p><a href=\"/r/\">la ressourcerie</a>⍽?</p>\n"},
		{"line break before colon", "une ligne\n: la suite", "<p>une ligne⍽: la suite</p>\n"},
		{"line break after guillemet", "le «\nmot »", "<p>le «⍽mot⍽»</p>\n"},
		{"line break kept", "une ligne\nla suite", "<p>une ligne\nla suite</p>\n"},
		{"hard line break kept", "une ligne :  \nla suite", "<p>une ligne⍽:<br>\nla suite</p>\n"},
		{"straight quotes", `le "Cercle" ici`, "<p>le «⍽Cercle⍽» ici</p>\n"},
		{"typed guillemets", "le « Cercle »", "<p>le «⍽Cercle⍽»</p>\n"},
		{"number and unit", "20 884 habitants, 30 %", "<p>20~884~habitants, 30~%</p>\n"},
		{"number across emphasis", "**12** 345", "<p><strong>12</strong>~345</p>\n"},
		{"code across emphasis", "**1234** 567 et 2021 000", "<p><strong>1234</strong> 567 et 2021 000</p>\n"},
		{"entity kept", "A &amp; B : oui", "<p>A &amp; B⍽: oui</p>\n"},
		{"escape kept", `\*non\* : oui`, "<p>*non*⍽: oui</p>\n"},
		{"code span left alone", "tapez `a : b ?` : voilà", "<p>tapez <code>a : b ?</code>⍽: voilà</p>\n"},
		{"code block left alone", "```\na : b\n```", "<pre><code>a : b\n</code></pre>\n"},
		{"link destination and title left alone", `[ici](https://ex.org/a:b "t : u") !`, "<p><a href=\"https://ex.org/a:b\" title=\"t : u\">ici</a>⍽!</p>\n"},
		{"autolink left alone", "voir https://ex.org/?a=1 : ok", "<p>voir <a href=\"https://ex.org/?a=1\">https://ex.org/?a=1</a>⍽: ok</p>\n"},
		{"image alt left alone", "![photo : un atelier](/p.png)", "<p><img src=\"/p.png\" alt=\"photo : un atelier\"></p>\n"},
		{"heading", "## Qui : où ?", "<h2>Qui⍽: où⍽?</h2>\n"},
		{"table cell", "| a | b |\n|---|---|\n| x : y | 1 000 |", "<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>x⍽: y</td>\n<td>1~000</td>\n</tr>\n</tbody>\n</table>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := markdown(t, tc.in); got != tc.want {
				t.Errorf("markdown(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestTemplate(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"text", `<h1>Le réseau : qui fait quoi</h1>`, `<h1>Le réseau⍽: qui fait quoi</h1>`},
		{"beside actions", `<p>{{.Name}} : {{.Role}}</p>`, `<p>{{.Name}}⍽: {{.Role}}</p>`},
		{"guillemets around an action", `Voir le type « {{.Type.Name}} ».`, `Voir le type «⍽{{.Type.Name}}⍽».`},
		{"entities", `«&#160;{{.X}}&nbsp;»`, `«⍽{{.X}}⍽»`},
		{"attribute left alone", `<a title="Sceaux : fiche" href="/a:b?c">Fiche : ici</a>`, `<a title="Sceaux : fiche" href="/a:b?c">Fiche⍽: ici</a>`},
		{"action left alone", `{{if eq .A "b : c"}}x{{end}}`, `{{if eq .A "b : c"}}x{{end}}`},
		{"comment action left alone", `{{/* a : b */}}`, `{{/* a : b */}}`},
		{"script left alone", `<script>var a = b ? c : d;</script> ok ?`, `<script>var a = b ? c : d;</script> ok⍽?`},
		{"code left alone", `<code>a : b</code> : c`, `<code>a : b</code>⍽: c`},
		{"apostrophe in a leading comment", "{{/* the cells' data-k */}}\n<p>Pour chaque initiative : sa commune</p>", "{{/* the cells' data-k */}}\n<p>Pour chaque initiative⍽: sa commune</p>"},
		{"apostrophe in a trimmed comment", "{{- /* l'atlas \"a : b\" */ -}}<p>a : b</p>", "{{- /* l'atlas \"a : b\" */ -}}<p>a⍽: b</p>"},
		{"two comments", "{{/* it's */}}<p>x : y</p>{{/* don't */}}<p>« z »</p>", "{{/* it's */}}<p>x⍽: y</p>{{/* don't */}}<p>«⍽z⍽»</p>"},
		{"unclosed comment left alone", "{{/* it's <p>a : b</p>", "{{/* it's <p>a : b</p>"},
		{"colon ending the text of an element", "<dt>Adresse :</dt>", "<dt>Adresse⍽:</dt>"},
		{"semicolon before a tag", "<p>une ligne ;<a href=\"/x\">y</a></p>", "<p>une ligne⍽;<a href=\"/x\">y</a></p>"},
		{"colon before an inline end tag", "<strong>Ouvert :</strong> oui", "<strong>Ouvert⍽:</strong> oui"},
		{"question mark ending an element", "<p>Pourquoi?</p>", "<p>Pourquoi⍽?</p>"},
		{"unit ending a cell", "<td>30 %</td>", "<td>30~%</td>"},
		{"time before an action left alone", "<p>10:{{.M}}</p>", "<p>10:{{.M}}</p>"},
		{"colon right before a tag without space left alone", "<p>Note:<b>x</b></p>", "<p>Note:<b>x</b></p>"},
		{"unchanged", "<!DOCTYPE html>\n<ul>\n<li><a href=\"{{url .P}}\">{{.T}}</a></li>\n</ul>", "<!DOCTYPE html>\n<ul>\n<li><a href=\"{{url .P}}\">{{.T}}</a></li>\n</ul>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := show(string(Template([]byte(tc.in)))); got != tc.want {
				t.Errorf("Template(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzString(f *testing.F) {
	for _, s := range []string{"Le réseau : qui", "« mot »", "20 884 habitants", "Pourquoi?", "30 %"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := String(s)
		// Typography only changes spaces: the text without them is the same.
		strip := strings.NewReplacer(" ", "", "\t", "", "\n", "", "\u00a0", "", "\u202f", "")
		if strip.Replace(got) != strip.Replace(strings.ToValidUTF8(s, "\uFFFD")) && strings.ToValidUTF8(s, "") == s {
			t.Errorf("String(%q) = %q changes more than spaces", s, got)
		}
		if String(got) != got {
			t.Errorf("String is not idempotent on %q: %q then %q", s, got, String(got))
		}
	})
}

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{`<p>{{.Name}} : {{.Role}}</p>`, `<a title="a : b">c ?</a>`, `<script>a ? b : c</script>`, `<!-- x : y`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Template([]byte(s))
		strip := strings.NewReplacer(" ", "", "\t", "", "\n", "", "\u00a0", "", "\u202f", "", "&nbsp;", "", "&#160;", "")
		if strip.Replace(string(got)) != strip.Replace(s) && strings.ToValidUTF8(s, "") == s {
			t.Errorf("Template(%q) = %q changes more than spaces", s, got)
		}
	})
}

func TestJoinable(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"0 \"", " & 0", true},
		{" &", " 0", true}, // an ampersand before a space begins no reference
		{"a &am", "p; b", false},
		{"a &", "amp; b", false},
		{"a &#", "160;", false},
		{"a &amp; b", "c", true},
		{"a \\", "*", false},
		{"a &amp", " b", true},
		{"", "x", true},
	} {
		if got := joinable([]byte(tc.a), []byte(tc.b)); got != tc.want {
			t.Errorf("joinable(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
