package build_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

// pratique builds testdata/pratique, whose fiches have every practical field or
// none, statuses of every stage, and checks from 2021 and 2026, on 1 June 2026.
func pratique(t *testing.T) map[string][]byte {
	t.Helper()
	res, d := build.Run(build.Options{Source: os.DirFS("testdata/pratique"), Theme: atlas.Theme(),
		Today: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	if len(d) > 0 {
		t.Fatal(d)
	}
	return files(res)
}

// text returns the text of an HTML fragment: tags removed, entities of the
// templates decoded, spaces joined.
func text(html string) string {
	s := regexp.MustCompile(`</?(?:dt|dd|li|p|h[1-6]|div|section|ul|dl|br|header|aside)\b[^>]*>`).ReplaceAllString(html, " ")
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, "")
	s = strings.NewReplacer("&#43;", "+", "&#39;", "’", "&amp;", "&", "&nbsp;", "\u00a0").Replace(s)
	// Only ASCII white space is joined: the no-break spaces of French typography stay.
	return strings.TrimSpace(regexp.MustCompile(`[ \t\r\n]+`).ReplaceAllString(s, " "))
}

func section(t *testing.T, page, start, end string) string {
	t.Helper()
	i := strings.Index(page, start)
	if i < 0 {
		t.Fatalf("no %q in the page", start)
	}
	j := strings.Index(page[i:], end)
	if j < 0 {
		t.Fatalf("no %q after %q", end, start)
	}
	return page[i : i+j+len(end)]
}

func TestPracticalInfos(t *testing.T) {
	site := pratique(t)
	full := string(site["initiatives/ressourcerie-complete/index.html"])
	infos := section(t, full, `<section class="infos"`, `</section>`)
	const nb = "\u00a0"
	want := "Infos pratiques Adresse 1 rue de l’Essai, 92370 Chaville Horaires" +
		" Du lundi au vendredi 9" + nb + "h" + nb + "– 12" + nb + "h et 14" + nb + "h" + nb + "– 17" + nb + "h" + nb + "30" +
		" Samedi 10" + nb + "h" + nb + "– 12" + nb + "h Jours fériés fermé" +
		" Téléphone 01 23 45 67 89 Courriel contact@ressourcerie.exemple.test" +
		" Qui peut venir Sur orientation du CCAS Fauteuil roulant Accès en partie possible en fauteuil roulant" +
		" Site web https://ressourcerie.exemple.test/"
	if got := text(infos); got != want {
		t.Errorf("full fiche's infos:\n got %q\nwant %q", got, want)
	}
	for _, s := range []string{`<a href="tel:&#43;33123456789">01 23 45 67 89</a>`,
		`<a href="mailto:contact@ressourcerie.exemple.test">`, `class="open-now" data-schedule="{&#34;schedule&#34;:{&#34;rules&#34;:[{&#34;d&#34;:[0,1,2,3,4],&#34;s&#34;:[[540,720],[840,1050]]}`,
		`<script src="/pratique/js/horaires.js?v=`} {
		if !strings.Contains(infos+full, s) {
			t.Errorf("full fiche lacks %s", s)
		}
	}
	if strings.Contains(full, "À confirmer") {
		t.Error("a fiche checked a month ago says « À confirmer »")
	}

	// JSON-LD: telephone, email, and the weekly hours on its place.
	m := regexp.MustCompile(`<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(full)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var ld struct {
		Telephone, Email string
		Location         struct {
			Hours []struct {
				DayOfWeek     []string
				Opens, Closes string
			} `json:"openingHoursSpecification"`
		}
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatal(err)
	}
	if ld.Telephone != "01 23 45 67 89" || ld.Email != "contact@ressourcerie.exemple.test" {
		t.Errorf("JSON-LD telephone %q email %q", ld.Telephone, ld.Email)
	}
	var hours []string
	for _, h := range ld.Location.Hours {
		hours = append(hours, strings.Join(h.DayOfWeek, ",")+" "+h.Opens+"-"+h.Closes)
	}
	weekdays := "https://schema.org/Monday,https://schema.org/Tuesday,https://schema.org/Wednesday,https://schema.org/Thursday,https://schema.org/Friday"
	if got, want := strings.Join(hours, "; "), weekdays+" 09:00-12:00; "+weekdays+" 14:00-17:30; https://schema.org/Saturday 10:00-12:00"; got != want {
		t.Errorf("openingHoursSpecification\n got %s\nwant %s", got, want)
	}

	// The empty fiche says what is missing and how to add it, and that it is old.
	empty := string(site["initiatives/ressourcerie-vide/index.html"])
	if got, want := text(section(t, empty, `<section class="infos"`, `</section>`)),
		"Infos pratiques Les sources de cette fiche ne donnent ni l’adresse, ni les horaires, ni le téléphone, ni l’adresse électronique, ni qui peut venir, ni l’accès en fauteuil roulant."+
			" Avant de vous déplacer, renseignez-vous auprès de la mairie de Chaville."+
			" Vous les connaissez\u202f? Signalez-les\u202f: l’équipe de l’atlas les ajoute, d’après une source datée, au fichier content/initiatives/ressourcerie-vide.md (champs address, opening_hours, phone, email, access et wheelchair)."; got != want {
		t.Errorf("empty fiche's infos:\n got %q\nwant %q", got, want)
	}
	if got, want := text(section(t, empty, `<div class="notice stale"`, `</div>`)),
		"À confirmer\u202f: dernière vérification le 17 mars 2021. Les informations de cette fiche ont pu changer depuis."+
			" Vous savez ce qui a changé\u202f? Signalez-le à l’équipe de l’atlas, qui met la fiche à jour d’après une source datée."; got != want {
		t.Errorf("stale notice:\n got %q\nwant %q", got, want)
	}
	// Both send to the page's « Signaler une erreur » box.
	if strings.Count(empty, `href="#signaler"`) != 2 || !strings.Contains(empty, `id="signaler"`) {
		t.Error("the notice and the block do not link to the page's report box")
	}
	if strings.Contains(empty, "horaires.js") || strings.Contains(empty, "data-schedule") {
		t.Error("a fiche without hours loads the hours script")
	}

	// Open data: the same fields in GeoJSON, CSV and JSON.
	var gj struct {
		Features []struct {
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(site["donnees/atlas.geojson"], &gj); err != nil {
		t.Fatal(err)
	}
	var props map[string]any
	for _, f := range gj.Features {
		if f.Properties["slug"] == "ressourcerie-complete" {
			props = f.Properties
		}
	}
	for k, v := range map[string]string{"phone": "01 23 45 67 89", "email": "contact@ressourcerie.exemple.test",
		"opening_hours":      "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00; PH off",
		"opening_hours_text": "du lundi au vendredi, 9 h – 12 h et 14 h – 17 h 30 ; samedi 10 h – 12 h ; jours fériés : fermé",
		"access":             "Sur orientation du CCAS", "wheelchair": "limited", "stage": "active"} {
		if props[k] != v {
			t.Errorf("GeoJSON %s = %q, want %q", k, props[k], v)
		}
	}
	rows, err := csv.NewReader(strings.NewReader(string(site["donnees/atlas.csv"]))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, r := range rows[1:] {
		if r[0] == "ressourcerie-complete" && (r[col["phone"]] != "01 23 45 67 89" || r[col["wheelchair"]] != "limited" || r[col["stage"]] != "active") {
			t.Errorf("CSV row %v", r)
		}
	}
	var js struct {
		Statuses    []struct{ Slug, Stage string }
		Initiatives []map[string]any
	}
	if err := json.Unmarshal(site["donnees/atlas.json"], &js); err != nil {
		t.Fatal(err)
	}
	if len(js.Statuses) != 4 || js.Statuses[0].Stage != "project" || js.Statuses[1].Stage != "active" {
		t.Errorf("atlas.json statuses %+v", js.Statuses)
	}
	for _, in := range js.Initiatives {
		if in["slug"] == "ressourcerie-complete" && in["email"] != "contact@ressourcerie.exemple.test" {
			t.Errorf("atlas.json email %q", in["email"])
		}
	}
}

func TestStageOrder(t *testing.T) {
	site := pratique(t)
	for _, p := range []string{"types/ressourcerie/index.html", "communes/essai/index.html"} {
		page := string(site[p])
		last := -1
		for _, s := range []string{">En activité<", "Ressourcerie complète", "Ressourcerie sans infos", ">En projet<", "Projet de ressourcerie",
			">Réalisées<", "Braderie d’un jour", ">Arrêtées<", "Ancienne ressourcerie"} {
			i := strings.Index(page, s)
			if i <= last {
				t.Errorf("%s: %q is not after the previous one (at %d, previous at %d)", p, s, i, last)
			}
			last = i
		}
	}
	// Each status shows its stage by an icon and a class, not by colour alone.
	page := string(site["types/ressourcerie/index.html"])
	for _, s := range []string{`<span class="status stage-project"><svg class="stage-icon"`, `<span class="status stage-closed"><svg class="stage-icon"`} {
		if !strings.Contains(page, s) {
			t.Errorf("type page lacks %s", s)
		}
	}
}

func TestFreshness(t *testing.T) {
	site := pratique(t)
	commune := text(string(site["communes/essai/index.html"]))
	for _, s := range []string{"adjointe au maire (d’après le compte rendu du 17 mars 2021)",
		"Cette liste date d’avant les élections municipales du 15 mars 2026\u202f: elle peut ne plus être à jour."} {
		if !strings.Contains(commune, s) {
			t.Errorf("commune page lacks %q", s)
		}
	}
	home := text(string(site["index.html"]))
	if !strings.Contains(home, "Dernières fiches vérifiées") || strings.Contains(home, "Récemment vérifiées") ||
		!strings.Contains(home, "Vérifiée le 4 mai 2026") || strings.Contains(home, "Aucune fiche n’a été vérifiée depuis") {
		t.Errorf("home page's latest checks: %s", home)
	}
	if !strings.Contains(home, "Dernière vérification d’une fiche le 4 mai 2026") {
		t.Errorf("footer: %s", home)
	}
	// Seen from 2029, even the latest check is old, and the home page says so.
	res, d := build.Run(build.Options{Source: os.DirFS("testdata/pratique"), Theme: atlas.Theme(),
		Today: time.Date(2029, 1, 1, 0, 0, 0, 0, time.UTC)})
	if len(d) > 0 {
		t.Fatal(d)
	}
	later := files(res)
	if !strings.Contains(text(string(later["index.html"])), "Aucune fiche n’a été vérifiée depuis plus de 24 mois") {
		t.Error("home page seen from 2029 does not say that every fiche is old")
	}
	if !strings.Contains(string(later["initiatives/ressourcerie-complete/index.html"]), "dernière vérification le <time datetime=\"2026-05-04\">4 mai 2026</time>") {
		t.Error("fiche checked in 2026 seen from 2029 has no « À confirmer » notice")
	}
}

// TestOpenNowInBrowser loads the full fiche in Chromium at fixed clocks, in a time
// zone far from Paris, and reads the « Ouvert maintenant » line that js/horaires.js
// writes from the schedule of the page.
func TestOpenNowInBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no " + chromium)
	}
	site := pratique(t)
	// clock is the instant the page's Date says it is, set before each load. The
	// handler runs on the server's goroutines: chromium's exit orders the loads, but
	// not for the race detector, so the value goes through an atomic.
	var clock atomic.Value
	clock.Store("")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/pratique/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, ok := site[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(p, ".html") {
			// A fixed clock, as playwright's clock.setFixedTime installs one: Date
			// without arguments and Date.now give the instant, the rest is Date's.
			fake := `<script>(function(){var T=Date.parse("` + clock.Load().(string) + `"),D=Date;function F(){return arguments.length?new (Function.prototype.bind.apply(D,[null].concat([].slice.call(arguments))))():new D(T)}F.now=function(){return T};F.UTC=D.UTC;F.parse=D.parse;F.prototype=D.prototype;Date=F})();</script>`
			b = []byte(strings.Replace(string(b), "<head>", "<head>"+fake, 1))
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(p)))
		w.Write(b)
	}))
	defer srv.Close()
	const nb = "\u00a0"
	for _, tc := range []struct{ at, want string }{
		{"2026-06-01T08:30:00Z", "Ouvert maintenant — ferme à 12" + nb + "h"}, // Monday 10:30 in Paris
		{"2026-06-01T10:15:00Z", "Fermé — ouvre à 14" + nb + "h"},             // Monday 12:15
		{"2026-06-01T15:00:00Z", "Ouvert maintenant — ferme à 17" + nb + "h" + nb + "30"},
		{"2026-06-05T16:00:00Z", "Fermé — ouvre demain à 10" + nb + "h"},      // Friday 18:00
		{"2026-06-06T11:00:00Z", "Fermé — ouvre lundi à 9" + nb + "h"},        // Saturday 13:00
		{"2026-05-25T08:00:00Z", "Fermé — ouvre demain à 9" + nb + "h"},       // Whit Monday, a public holiday
		{"2026-12-31T22:30:00Z", "Fermé — ouvre samedi à 10" + nb + "h"},      // Thursday 31 December 23:30; Friday 1 January is a holiday
		{"2026-12-31T23:30:00Z", "Fermé — ouvre demain à 10" + nb + "h"},      // 1 January 0:30, a holiday
		{"2026-01-09T08:00:00Z", "Ouvert maintenant — ferme à 12" + nb + "h"}, // winter, UTC+1: Friday 9:00
	} {
		clock.Store(tc.at)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir="+t.TempDir(), "--virtual-time-budget=5000", "--dump-dom", srv.URL+"/pratique/initiatives/ressourcerie-complete/")
		cmd.Env = append(os.Environ(), "TZ=America/New_York")
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Fatalf("chromium: %v", err)
		}
		m := regexp.MustCompile(`<p class="open-now ([^"]*)"[^>]*>([^<]*)</p>`).FindStringSubmatch(string(out))
		if m == nil {
			t.Errorf("%s: no « Ouvert maintenant » line shown", tc.at)
			continue
		}
		if got := strings.ReplaceAll(m[2], "&nbsp;", nb); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.at, got, tc.want)
		}
	}
}
