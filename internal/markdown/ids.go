package markdown

import (
	"strconv"

	"github.com/yuin/goldmark/ast"

	"github.com/reseau-ess-92/atlas/internal/slug"
)

// reservedIDs are the id attributes that the default theme gives to elements of the
// pages that show a body: no heading of a body takes one, so that ids stay unique.
var reservedIDs = []string{"ailleurs", "apercu", "backlinks", "carte-commune", "carte-parcours",
	"cite-par", "code", "communes", "contenu", "documents", "donnees", "elus", "etapes", "fiche",
	"initiatives", "integrer", "menu", "parcours", "participants", "sources", "voisines"}

// headingIDs gives the headings of a document anchors folded the way slugs are, so
// that French keeps its letters: "Épicerie partagée" becomes "epicerie-partagee",
// where goldmark's own ids drop every accented letter ("picerie-partage"). A repeated
// anchor gets -1, -2… It implements goldmark's parser.IDs.
type headingIDs map[string]bool

func newHeadingIDs() headingIDs {
	ids := headingIDs{}
	for _, id := range reservedIDs {
		ids[id] = true
	}
	return ids
}

func (ids headingIDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for i := 1; ids[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	ids[id] = true
	return []byte(id)
}

func (ids headingIDs) Put(value []byte) { ids[string(value)] = true }
