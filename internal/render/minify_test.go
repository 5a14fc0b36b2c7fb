package render

import (
	"html/template"
	"io/fs"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas"
)

func TestMinifyTemplate(t *testing.T) {
	for _, tt := range []struct{ name, in, want string }{
		{"whitespace between blocks", "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n", "<ul><li>a</li><li>b</li></ul>"},
		{"actions kept whole", `<p class="x">  {{if .A}} un  {{.B | printf "%q  "}} {{end}}  </p>`, `<p class="x">{{if .A}} un {{.B | printf "%q  "}} {{end}}</p>`},
		{"action in an attribute", `<a href="{{url .URL}}"  class="pt {{.Class}}" >x</a>`, `<a href="{{url .URL}}"  class="pt {{.Class}}">x</a>`},
		{"action inside a tag", `<a href="/"{{if .Current}} aria-current="page"{{end}}>x</a>`, `<a href="/"{{if .Current}} aria-current="page"{{end}}>x</a>`},
		{"script with an action left alone", `<script type="application/ld+json">{{ .JSONLD }}</script>`, `<script type="application/ld+json">{{ .JSONLD }}</script>`},
		{"script without an action minified", "<script>\nvar  a = 1 ;\n</script>", "<script>var a=1</script>"},
		{"template comment kept for the parser", "{{/* a comment */}}\n<p>x</p>", "{{/* a comment */}}<p>x</p>"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(minifyTemplate([]byte(tt.in))); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// FuzzMinifyTemplate minifies arbitrary layout text and parses the result: neither may
// panic, and the same text always gives the same bytes. (When the minified text does
// not parse while the original does, New renders with the original.)
func FuzzMinifyTemplate(f *testing.F) {
	theme := atlas.Theme()
	for _, name := range []string{"layouts/initiative.html", "layouts/partials/cards.html", "layouts/base.html", "layouts/partials/chrome.html"} {
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`{{define "main"}}<a href="{{`)
	f.Add(`<script>{{.}}</script><style>{{.}}</style><svg>{{.}}</svg><pre>  {{.}}  </pre>`)
	f.Fuzz(func(t *testing.T, text string) {
		m := minifyTemplate([]byte(text))
		if again := minifyTemplate([]byte(text)); string(again) != string(m) {
			t.Fatalf("two minifications differ: %q and %q", m, again)
		}
		template.New("x").Funcs(template.FuncMap{"url": strings.TrimSpace}).Parse(string(m))
	})
}
