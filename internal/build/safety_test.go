package build_test

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
	"github.com/reseau-ess-92/atlas/internal/publish"
)

// hostile is content written to inject script through every value a contributor
// controls: names, titles, descriptions, vocabularies, addresses and bodies.
var hostile = map[string]string{
	"site.toml": `title = "Atlas <script>alert('site')</script>"
description = "<img src=x onerror=alert('desc')>"
baseURL = "https://example.org/"

[[types]]
slug = "ressourcerie"
name = "<script>alert('type')</script>"
description = "<b onmouseover=alert('typedesc')>x</b>"

[[themes]]
slug = "reemploi"
name = "\"><script>alert('theme')</script>"

[[statuses]]
slug = "ouvert"
name = "<script>alert('status')</script>"
`,
	"content/communes/sceaux.toml": `name = "Sceaux"
insee = "92071"
intercommunalite = "<script>alert('interco')</script>"
summary = """
<script>alert('summary')</script>
<img src=x onerror=alert('summary-img')>
"""

[[elus]]
name = "</script><script>alert('elu')</script>"
role = "<iframe src=javascript:alert('role')>"
`,
	"content/initiatives/ressourcerie.md": `+++
title = "</title><script>alert('title')</script>"
communes = ["sceaux"]
type = "ressourcerie"
themes = ["reemploi"]
status = "ouvert"
carrier = "<svg onload=alert('carrier')>"
address = "1 rue <script>alert('address')</script>"
legal_form = "';alert('legal');'"
verified = 2021-03-17

[[sources]]
title = "<script>alert('source')</script>"
url = "https://example.org/\"><script>alert('url')</script>"
+++
<script>alert('body')</script>

<img src=x onerror=alert('body-img')>

Un [lien](https://example.org/ "<script>alert('linktitle')</script>") et <a href="javascript:alert('a')">un autre</a>.

<div onclick="alert('div')">bloc</div>
`,
	"content/pages/a-propos.md": `+++
title = "<script>alert('page')</script>"
description = "\u003cscript>alert('pagedesc')</script>"
+++
<style>body{background:url(javascript:alert('style'))}</style>
`,
}

// TestNoScriptInjection builds hostile content and checks, with an HTML lexer, that
// no value reached the output as markup: no event handler attribute, no javascript:
// URL, no frame, and no script element that would run a contributor's code. Text
// that merely shows "<script>" escaped is fine.
func TestNoScriptInjection(t *testing.T) {
	res, d := build.Run(build.Options{Source: mapFS(hostile), Theme: atlas.Theme()})
	if len(d) > 0 {
		t.Fatalf("build: %d problems:\n%v", len(d), d)
	}
	if err := publish.Minify(res.Files); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, ".html") || strings.HasSuffix(f.Path, ".svg") {
			n++
			data := f.Data
			if strings.HasSuffix(f.Path, "/integrer/index.html") {
				// The theme's own preview of the page a mairie frames is the one
				// frame allowed: the site's own path, made from the commune's slug.
				data = ownPreview.ReplaceAll(data, []byte("<div>"))
			}
			for _, p := range injections(data, 0) {
				t.Errorf("%s: %s", f.Path, p)
			}
		}
	}
	if n == 0 {
		t.Fatal("no HTML file was built")
	}
}

// ownPreview is the preview frame of a commune's /integrer/ page, as minified.
var ownPreview = regexp.MustCompile(`<iframe class="?embed-preview"? src="?/communes/[a-z0-9-]+/integrer/cadre/"?[ >][^<>]*>?`)

// injections returns what in an HTML document could run script.
func injections(doc []byte, depth int) []string {
	var found []string
	l := html.NewLexer(parse.NewInputBytes(doc))
	tag, scriptType := "", ""
	for {
		tt, raw := l.Next()
		switch tt {
		case html.ErrorToken:
			return found
		case html.StartTagToken:
			tag, scriptType = strings.ToLower(string(l.Text())), ""
			switch tag {
			case "iframe", "frame", "object", "embed", "base":
				found = append(found, "element <"+tag+">")
			}
		case html.EndTagToken:
			tag = ""
		case html.AttributeToken:
			k := strings.ToLower(string(l.AttrKey()))
			v := strings.ToLower(stdhtml.UnescapeString(strings.Trim(string(l.AttrVal()), `"'`)))
			v = strings.Join(strings.Fields(v), "")
			switch {
			case strings.HasPrefix(k, "on"):
				found = append(found, "attribute "+k+" on <"+tag+">")
			case k == "href" || k == "src" || k == "action" || k == "formaction" || k == "xlink:href" || k == "data" || k == "poster":
				if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:text") {
					found = append(found, k+"="+v+" on <"+tag+">")
				}
			case k == "content" && strings.Contains(v, "url=javascript:"):
				found = append(found, "refresh to "+v)
			case tag == "script" && k == "type":
				scriptType = v
			}
		case html.TextToken:
			text := strings.ToLower(string(l.Text()))
			if tag == "script" && scriptType != "application/ld+json" && strings.Contains(text, "alert(") {
				found = append(found, "script running "+text)
			}
			if tag == "style" && strings.Contains(text, "javascript") {
				found = append(found, "style "+text)
			}
		case html.SVGToken:
			// The lexer returns inline SVG whole; its children are tags too.
			if i := bytes.IndexByte(raw, '>'); depth == 0 && i >= 0 {
				found = append(found, injections(raw[i+1:], depth+1)...)
			}
		}
	}
}

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

// TestRawHTMLOptIn checks that raw HTML in Markdown reaches the output only when
// site.toml opts in.
func TestRawHTMLOptIn(t *testing.T) {
	body := map[string]string{
		initiative: fixture[initiative] + "\n<mark class=\"raw\">brut</mark>\n",
	}
	for _, unsafe := range []bool{false, true} {
		files := map[string]string{}
		for k, v := range body {
			files[k] = v
		}
		if unsafe {
			files["site.toml"] = fixture["site.toml"] + "\n[markdown]\nunsafe = true\n"
		}
		res, d := build.Run(build.Options{Source: site(files), Theme: atlas.Theme()})
		if len(d) > 0 {
			t.Fatalf("build: %v", d)
		}
		var page string
		for _, f := range res.Files {
			if f.Path == "initiatives/ressourcerie-de-sceaux/index.html" {
				page = string(f.Data)
			}
		}
		if got := strings.Contains(page, `<mark class="raw">brut</mark>`); got != unsafe {
			t.Errorf("unsafe = %v: raw HTML in the output is %v, want %v", unsafe, got, unsafe)
		}
	}
}
