package build_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/browsertest"
	"github.com/reseau-ess-92/atlas/internal/search"
)

// vanves is a position in Vanves, near its town hall.
var vanves = map[string]any{"latitude": 48.8234, "longitude": 2.2903, "accuracy": 30}

// nearList returns the lines of the « Autour de moi » list, once it has some.
func nearList(t *testing.T, b *browsertest.Browser, session string) []string {
	t.Helper()
	b.WaitTrue(t, session, `document.querySelectorAll('.autour-liste li').length > 0`)
	v := b.Eval(t, session, `Array.from(document.querySelectorAll('.autour-liste li')).map(function (li) { return li.innerText.replace(/\s+/g, ' '); })`)
	var lines []string
	for _, x := range v.([]any) {
		lines = append(lines, x.(string))
	}
	return lines
}

func indexOf(lines []string, part string) int {
	for i, l := range lines {
		if strings.Contains(l, part) {
			return i
		}
	}
	return -1
}

// TestAutourDeMoi presses « Autour de moi » on the home page with the browser in
// Vanves, then types « 92170 » and « Antony » in the field, as a resident would,
// on a site under a sub-path.
func TestAutourDeMoi(t *testing.T) {
	browsertest.Skip(t)
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	site.Store(&built)
	b := browsertest.Start(t)
	s := b.Page(t)
	b.Call(t, "", "Browser.grantPermissions", map[string]any{"origin": srv.URL, "permissions": []string{"geolocation"}})
	b.Call(t, s, "Emulation.setGeolocationOverride", vanves)
	b.Call(t, s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true})
	b.Navigate(t, s, srv.URL+"/atlas/")

	b.WaitTrue(t, s, `!document.querySelector('.autour').hidden`)
	b.Click(t, s, ".autour-moi")
	lines := nearList(t, b, s)
	if len(lines) != 10 {
		t.Errorf("the list shows %d initiatives; want 10 at a time", len(lines))
	}
	// The first three are those of Vanves, the épicerie of Issy-les-Moulineaux and
	// Vanves among them, at the centre of Vanves.
	for i, want := range []string{"Épicerie sociale d’Issy-les-Moulineaux et de Vanves", "Plateforme participative et collaborative de Vanves", "Réseau municipal de solidarité de Vanves"} {
		if i >= len(lines) || !strings.Contains(lines[i], want) || !strings.Contains(lines[i], "à 100 m") {
			t.Errorf("line %d = %q; want %s, « à 100 m »", i+1, lines[min(i, len(lines)-1)], want)
		}
	}
	if i := indexOf(lines, "Casaco"); i != 3 || !strings.Contains(lines[i], "Malakoff · à 800 m") {
		t.Errorf("Casaco, in Malakoff, is line %d: %v", i+1, lines)
	}
	if status := b.Eval(t, s, `document.querySelector('.autour-etat').textContent`).(string); !strings.Contains(status, "Autour de vous, près de Vanves") {
		t.Errorf("status = %q", status)
	}
	// Ten more, then Nanterre comes after Malakoff.
	for b.Eval(t, s, `!document.querySelector('.autour-plus').hidden`) == true {
		b.Click(t, s, ".autour-plus")
	}
	lines = nearList(t, b, s)
	if m, n := indexOf(lines, "Malakoff"), indexOf(lines, "Nanterre"); m < 0 || n < m {
		t.Errorf("Malakoff at %d, Nanterre at %d; want Malakoff before Nanterre", m, n)
	}
	if got := b.Eval(t, s, `document.activeElement.tagName`); got != "A" {
		t.Errorf("after « Voir les suivantes » the focus is on %v; want the first new link", got)
	}

	// The same from the field, with a postal code.
	b.Click(t, s, "#autour-q")
	b.Type(t, s, "92170")
	b.Key(t, s, "Enter")
	b.WaitTrue(t, s, `document.querySelector('.autour-etat').textContent.indexOf('Vanves (92170)') >= 0`)
	lines = nearList(t, b, s)
	if !strings.Contains(lines[0], "Épicerie sociale d’Issy-les-Moulineaux et de Vanves") || indexOf(lines, "Casaco") != 3 {
		t.Errorf("from 92170: %v", lines)
	}

	// A commune of the département outside the network.
	b.Eval(t, s, `document.getElementById('autour-q').value = ''`)
	b.Click(t, s, "#autour-q")
	b.Type(t, s, "Antony")
	b.Key(t, s, "Enter")
	b.WaitTrue(t, s, `document.querySelector('.autour-etat').textContent.indexOf('Antony ne fait pas (encore) partie de l’atlas') >= 0`)
	lines = nearList(t, b, s)
	if !strings.Contains(lines[0], "Sceaux") && !strings.Contains(lines[0], "Bourg-la-Reine") {
		t.Errorf("from Antony, the first is %q; want one of Sceaux or Bourg-la-Reine, its neighbours", lines[0])
	}

	// Refused geolocation says so in French.
	b.Call(t, "", "Browser.resetPermissions", map[string]any{})
	b.Call(t, "", "Browser.setPermission", map[string]any{"origin": srv.URL, "permission": map[string]any{"name": "geolocation"}, "setting": "denied"})
	b.Click(t, s, ".autour-moi")
	b.WaitTrue(t, s, `document.querySelector('.autour-etat').textContent.indexOf('Vous n’avez pas autorisé la localisation') === 0`)
}

// TestAutourDeMoiOnTypePage checks that a type page lists only that type.
func TestAutourDeMoiOnTypePage(t *testing.T) {
	browsertest.Skip(t)
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/"))
	site.Store(&built)
	b := browsertest.Start(t)
	s := b.Page(t)
	b.Navigate(t, s, srv.URL+"/types/epicerie-solidaire/")
	b.Click(t, s, "#autour-q")
	b.Type(t, s, "Vanves")
	b.Key(t, s, "Enter")
	lines := nearList(t, b, s)
	if !strings.Contains(lines[0], "Épicerie sociale d’Issy-les-Moulineaux et de Vanves") {
		t.Errorf("first épicerie from Vanves: %q", lines[0])
	}
	for _, l := range lines {
		if !strings.Contains(strings.ToLower(l), "picerie") {
			t.Errorf("the épiceries page lists %q", l)
		}
	}
}

// TestPostalCodesSearched checks that the postal codes of a commune file are those
// search finds it by, in place of the COG's: « 92330 » is Sceaux's in the COG,
// « 92331 » only in its file.
func TestPostalCodesSearched(t *testing.T) {
	for _, tc := range []struct {
		file        string
		find, avoid string
	}{
		{"", "92330", ""},
		{"postal_codes = [\"92331\"]\n", "92331", "92330"},
	} {
		fsys := site(map[string]string{commune: fixture[commune] + tc.file})
		ix, err := search.Open(files(run(t, fsys, "")))
		if err != nil {
			t.Fatal(err)
		}
		found := func(q string) bool {
			for _, id := range ix.Search(q).IDs {
				if _, p, _ := ix.Doc(id); p == "communes/sceaux/" {
					return true
				}
			}
			return false
		}
		if !found(tc.find) {
			t.Errorf("%q: « %s » does not find Sceaux", tc.file, tc.find)
		}
		if tc.avoid != "" && found(tc.avoid) {
			t.Errorf("%q: « %s » finds Sceaux, whose file gives other codes", tc.file, tc.avoid)
		}
	}
}
