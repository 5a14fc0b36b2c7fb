package server

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/browsertest"
)

// TestBrowserReloads opens a served page in headless Chromium, edits the initiative
// it shows, and sees the page reload by itself: the new text appears and a variable
// set on the old page is gone, though the test never navigates again.
func TestBrowserReloads(t *testing.T) {
	browsertest.Skip(t)
	dir := copySite(t, fixture)
	s, _ := start(t, dir)
	b := browsertest.Start(t)
	session := b.Page(t)
	page := s.URL() + "initiatives/la-fabrique/"
	b.Call(t, session, "Page.navigate", map[string]any{"url": page})
	b.WaitTrue(t, session, `document.readyState === "complete" && document.body.innerText.includes("en projet")`)
	b.Call(t, session, "Runtime.evaluate", map[string]any{"expression": "window.atlasOldPage = true"})

	src := filepath.Join(dir, "content/initiatives/la-fabrique.md")
	writeFile(t, src, strings.Replace(readFile(t, src), "en projet.", "ouvert, marque-5521.", 1))
	b.WaitTrue(t, session, `document.readyState === "complete" && document.body.innerText.includes("marque-5521") && window.atlasOldPage === undefined`)
}
