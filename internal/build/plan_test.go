package build_test

import (
	"strings"
	"sync/atomic"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/browsertest"
)

// TestMapKeyboard uses the interactive map of /carte/ with the keyboard only: Tab
// to the map and to a commune, Enter opens its panel with its initiatives, Tab
// reaches their links, Escape closes it and gives the focus back; + zooms, and the
// type filter changes the counts. A tap on a point opens its panel too.
func TestMapKeyboard(t *testing.T) {
	browsertest.Skip(t)
	var site atomic.Pointer[map[string][]byte]
	srv := serve("/atlas/", &site)
	defer srv.Close()
	built := files(run(t, example, srv.URL+"/atlas/"))
	site.Store(&built)
	b := browsertest.Start(t)
	s := b.Page(t)
	b.Call(t, s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": false})
	b.Navigate(t, s, srv.URL+"/atlas/carte/")
	b.WaitTrue(t, s, `document.querySelectorAll('.plan-pt').length === 20`)
	active := func() string {
		return b.Eval(t, s, `(function (e) { return e.tagName + ' ' + (e.getAttribute('aria-label') || e.textContent.trim()); })(document.activeElement)`).(string)
	}

	b.Eval(t, s, `document.querySelectorAll('.plan-tools select')[1].focus()`)
	b.Key(t, s, "Tab")
	if got := active(); !strings.HasPrefix(got, "svg Carte des initiatives") {
		t.Fatalf("after the filters, Tab reaches %q; want the map", got)
	}
	scale := b.Eval(t, s, `document.querySelector('.plan-svg .scale path').getAttribute('d')`)
	b.Key(t, s, "+")
	if got := b.Eval(t, s, `document.querySelector('.plan-svg .scale path').getAttribute('d')`); got == scale {
		t.Errorf("+ did not zoom: the scale still says %v", got)
	}
	b.Key(t, s, "0")
	b.Key(t, s, "Tab")
	if got := active(); got != "g Asnières-sur-Seine\u00a0: 9\u00a0initiatives" && got != "g Asnières-sur-Seine : 9\u00a0initiatives" {
		t.Fatalf("Tab from the map reaches %q; want the first commune, Asnières-sur-Seine", got)
	}
	b.Key(t, s, "Enter")
	b.WaitTrue(t, s, `!document.querySelector('.plan-panel').hidden`)
	if got := active(); got != "H2 Asnières-sur-Seine" {
		t.Errorf("Enter moves the focus to %q; want the panel's heading", got)
	}
	if got := b.Eval(t, s, `document.querySelector('.plan-pt.open').getAttribute('aria-expanded')`); got != "true" {
		t.Errorf("the open point has aria-expanded=%v", got)
	}
	// On a desktop the panel opens over the map, inside its frame, not below it.
	if got := b.Eval(t, s, `(function () { var v = document.querySelector('.plan-view').getBoundingClientRect(), p = document.querySelector('.plan-panel').getBoundingClientRect(); return p.top >= v.top && p.bottom <= v.bottom && p.left >= v.left && p.right <= v.right; })()`); got != true {
		t.Error("at 1280 px the panel is not over the map")
	}
	n := b.Eval(t, s, `document.querySelectorAll('.plan-panel li a').length`)
	if n != 9.0 {
		t.Errorf("the panel of Asnières-sur-Seine lists %v initiatives; want 9", n)
	}
	b.Key(t, s, "Tab") // the commune's link in the heading
	b.Key(t, s, "Tab") // « Fermer »
	b.Key(t, s, "Tab")
	if got := active(); !strings.HasPrefix(got, "A Aides aux étudiants à Asnières-sur-Seine") {
		t.Errorf("Tab in the panel reaches %q; want the first initiative", got)
	}
	b.Key(t, s, "Escape")
	b.WaitTrue(t, s, `document.querySelector('.plan-panel').hidden`)
	if got := active(); !strings.HasPrefix(got, "g Asnières-sur-Seine") {
		t.Errorf("Escape gives the focus to %q; want the point", got)
	}

	// The type filter: only the épiceries.
	b.Eval(t, s, `(function (sel) { sel.value = '0'; sel.dispatchEvent(new Event('change')); })(document.querySelector('.plan-tools select'))`)
	if got := b.Eval(t, s, `document.querySelector('.plan-etat').textContent`).(string); !strings.Contains(got, "avec ces filtres") || strings.HasPrefix(got, "75") {
		t.Errorf("after filtering, the map says %q", got)
	}

	// A tap on Vanves opens its panel, where the épicerie of Issy and Vanves is.
	b.Eval(t, s, `(function (sel) { sel.value = ''; sel.dispatchEvent(new Event('change')); })(document.querySelector('.plan-tools select'))`)
	b.Eval(t, s, `Array.from(document.querySelectorAll('.plan-pt')).find(function (g) { return g.getAttribute('aria-label').indexOf('Vanves') === 0; }).classList.add('vanves-test')`)
	b.Click(t, s, ".vanves-test circle")
	b.WaitTrue(t, s, `!document.querySelector('.plan-panel').hidden && document.querySelector('.plan-panel h2').textContent === 'Vanves'`)
	if got := b.Eval(t, s, `document.querySelector('.plan-panel').textContent`).(string); !strings.Contains(got, "Épicerie sociale d’Issy-les-Moulineaux et de Vanves") || !strings.Contains(got, "position approximative") {
		t.Errorf("the panel of Vanves says %q", got)
	}
}
