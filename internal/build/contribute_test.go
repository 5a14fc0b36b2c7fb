package build_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas"
	atlasmodel "github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/browsertest"
	"github.com/reseau-ess-92/atlas/internal/build"
)

// copyExample copies the example's site.toml and content/ into a new folder.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS("../../content")); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../site.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkDir builds the site in dir as `atlas check` does and returns its problems.
func checkDir(dir string) []string {
	_, d := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme()})
	var out []string
	for _, x := range d {
		out = append(out, x.Error())
	}
	return out
}

// TestContributeInBrowser fills the « Proposer une initiative » form as a person would,
// downloads the file it makes, drops it into a copy of the example and checks that
// `atlas check` accepts it and the build shows it; then it types bad values and checks
// that the form flags each with the message `atlas check` gives for the same file.
func TestContributeInBrowser(t *testing.T) {
	browsertest.Skip(t)
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	site.Store(&built)

	b := browsertest.Start(t)
	downloads := t.TempDir()
	b.Call(t, "", "Browser.setDownloadBehavior", map[string]any{"behavior": "allow", "downloadPath": downloads})
	p := &form{b, b.Page(t)}
	b.Navigate(t, p.s, srv.URL+"/atlas/contribuer/")
	p.WaitTrue(t, `!document.getElementById("contribuer").hidden`)

	p.Type(t, "#c-title", "Atelier « Répar’vélo » de Vanves")
	p.Select(t, "#c-commune", "vanves")
	p.Select(t, "#c-commune2", "malakoff")
	p.Select(t, "#c-type", "atelier-velo")
	p.Click(t, `input[name="themes"][value="mobilite"]`)
	p.Select(t, "#c-status", p.String(t, `document.querySelector("#c-status option:nth-child(2)").value`))
	p.Type(t, "#c-since", "2024")
	p.Type(t, "#c-body", "Un atelier où l’on répare soi-même son vélo, avec l’aide d’un \"mécano\" bénévole.\nOuvert à tous.")
	p.Type(t, "#c-address", "1 place de l’Exemple")
	p.Type(t, "#c-hours", "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off")
	p.Type(t, "#c-phone", "01 23 45 67 89")
	p.Type(t, "#c-email", "contact@exemple.fr")
	p.Type(t, "#c-website", "https://exemple.fr/velo")
	p.Type(t, "#c-access", "ouvert à tous, sans inscription")
	p.Select(t, "#c-wheelchair", "limited")
	p.Type(t, "#c-source", "visite sur place")
	p.Type(t, "#c-contact", "06 00 00 00 00")

	if got := p.String(t, `document.getElementById("c-etat").textContent`); !strings.Contains(got, "complet") {
		t.Errorf("status says %q, want the file complete", got)
	}
	wantPath := "content/initiatives/atelier-repar-velo-de-vanves.md"
	if got := p.String(t, `document.getElementById("c-path").textContent`); got != wantPath {
		t.Errorf("path %q, want %q", got, wantPath)
	}
	preview := p.String(t, `document.getElementById("c-apercu").textContent`)
	if strings.Contains(preview, "06 00 00 00 00") {
		t.Errorf("the contributor's own contact is in the file:\n%s", preview)
	}
	issue := p.String(t, `document.getElementById("c-issue").href`)
	if !strings.HasPrefix(issue, "https://github.com/reseau-ess-92/atlas/issues/new?body=") || strings.Contains(issue, "06%2000") {
		t.Errorf("issue link %.200s", issue)
	}

	p.Click(t, "#c-download")
	name := filepath.Join(downloads, "atelier-repar-velo-de-vanves.md")
	var file []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(name); err == nil && len(b) > 0 {
			file = b
			break
		}
	}
	if string(file) != preview {
		t.Fatalf("downloaded file %q differs from the preview %q", file, preview)
	}

	dir := copyExample(t)
	dst := filepath.Join(dir, wantPath)
	if err := os.WriteFile(dst, file, 0o644); err != nil {
		t.Fatal(err)
	}
	if d := checkDir(dir); len(d) > 0 {
		t.Fatalf("atlas check on the proposed file:\n%s\nfile:\n%s", strings.Join(d, "\n"), file)
	}
	res, _ := build.Run(build.Options{Source: os.DirFS(dir), Theme: atlas.Theme()})
	in := res.Atlas.Initiative("atelier-repar-velo-de-vanves")
	if in == nil {
		t.Fatal("the proposed initiative is not in the built atlas")
	}
	if in.Title != "Atelier « Répar’vélo » de Vanves" || len(in.Communes) != 2 || in.Phone != "01 23 45 67 89" ||
		in.Wheelchair != "limited" || in.OpeningHours == "" || len(in.Sources) != 1 || in.Since != 2024 {
		t.Errorf("built initiative: %+v", in.Initiative)
	}

	// Bad values: the form's message is the one `atlas check` gives for the file it makes.
	for _, tc := range []struct{ field, value string }{
		{"#c-phone", "12 34"},
		{"#c-email", "contact@"},
		{"#c-website", "ftp://exemple.fr"},
		{"#c-hours", "Mo-Fr 9:00-12:00"},
		{"#c-hours", "Lundi 09:00-12:00"},
	} {
		t.Run(tc.field+" "+tc.value, func(t *testing.T) {
			good := p.String(t, `document.querySelector(`+jsQuote(tc.field)+`).value`)
			set := func(v string) {
				p.Eval(t, `(() => { const e = document.querySelector(`+jsQuote(tc.field)+`); e.value = ""; })()`)
				p.Type(t, tc.field, v)
			}
			set(tc.value)
			defer set(good)
			got := p.String(t, `(document.querySelector(`+jsQuote(tc.field+"-err .check-msg")+`) || {}).textContent || ""`)
			file := p.String(t, `document.getElementById("c-apercu").textContent`)
			if err := os.WriteFile(dst, []byte(file), 0o644); err != nil {
				t.Fatal(err)
			}
			d := checkDir(dir)
			if len(d) != 1 {
				t.Fatalf("atlas check gives %d problems, want 1: %v", len(d), d)
			}
			// path:line:col: message
			parts := strings.SplitN(d[0], ": ", 2)
			want := "atlas check : " + parts[1]
			if got != want {
				t.Errorf("form says\n  %q\natlas check says\n  %q", got, want)
			}
			if inv := p.String(t, `document.querySelector(`+jsQuote(tc.field)+`).getAttribute("aria-invalid")`); inv != "true" {
				t.Errorf("aria-invalid = %q", inv)
			}
		})
	}
}

// form is a page of the browser with a form that a test fills as a person does.
type form struct {
	b *browsertest.Browser
	s string // the page's session
}

// Type focuses the field that selector finds and types text into it, key by key.
func (p *form) Type(t *testing.T, selector, text string) {
	t.Helper()
	p.b.Eval(t, p.s, `document.querySelector(`+jsQuote(selector)+`).focus()`)
	p.b.Type(t, p.s, text)
}

// Select chooses value in the list that selector finds, and fires its events.
func (p *form) Select(t *testing.T, selector, value string) {
	t.Helper()
	p.b.Eval(t, p.s, `(() => { const s = document.querySelector(`+jsQuote(selector)+`); s.focus(); s.value = `+jsQuote(value)+
		`; s.dispatchEvent(new Event("input", {bubbles: true})); s.dispatchEvent(new Event("change", {bubbles: true})); })()`)
}

func (p *form) Click(t *testing.T, selector string) { t.Helper(); p.b.Click(t, p.s, selector) }
func (p *form) WaitTrue(t *testing.T, expr string)  { t.Helper(); p.b.WaitTrue(t, p.s, expr) }
func (p *form) Eval(t *testing.T, expr string) any  { t.Helper(); return p.b.Eval(t, p.s, expr) }

// String evaluates expr in the page and returns its value as a string.
func (p *form) String(t *testing.T, expr string) string {
	t.Helper()
	s, _ := p.b.Eval(t, p.s, expr).(string)
	return s
}

func jsQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestReportLinks checks that every initiative and commune page of the example offers
// to report an error, prefilled with its address and its source file, and to edit that
// file on the forge; and that the menu and footer lead to /contribuer/.
func TestReportLinks(t *testing.T) {
	res := run(t, example, "https://exemple.org/atlas/")
	got := files(res)
	for _, d := range res.Atlas.Docs() {
		var path string
		switch d := d.(type) {
		case *atlasmodel.Initiative:
			path = d.Path
		case *atlasmodel.Commune:
			path = d.Path
		default:
			continue
		}
		page := string(got[strings.TrimPrefix(d.URL(), "/")+"index.html"])
		for _, want := range []string{
			`id="signaler"`,
			`href="https://github.com/reseau-ess-92/atlas/edit/main/` + path + `"`,
			`href="https://github.com/reseau-ess-92/atlas/issues/new?body=Page&#43;%3A&#43;` + strings.ReplaceAll(url.QueryEscape("https://exemple.org/atlas"+d.URL()), "+", "&#43;") +
				`%0AFichier&#43;%3A&#43;` + url.QueryEscape(path),
			`<a href="/atlas/contribuer/">Proposer une initiative</a>`,
			`<a href="/atlas/contribuer/">Proposer une initiative ou une correction</a>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("%s lacks %s", d.URL(), want)
			}
		}
	}
}
