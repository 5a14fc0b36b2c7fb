package render

import (
	"fmt"
	"path"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/feed"
	"github.com/reseau-ess-92/atlas/internal/opendata"
)

// Donnees is the data of /donnees/: the files to download and their fields.
type Donnees struct {
	License          string
	Credit           string // GeoNames' attribution, when the files carry its centres
	Files            []DataFile
	InitiativeFields []opendata.Field
	CommuneFields    []opendata.Field
	Initiatives      int
	Communes         int
}

// DataFile is one downloadable file.
type DataFile struct {
	Name        string
	Path        string
	Format      string
	Description string
	Size        string // approximate, before compression
}

// madeFile is a data file that was written: its path and size.
type madeFile struct {
	path string
	size int
}

func newDonnees(a *atlas.Atlas, files []madeFile) *Donnees {
	d := &Donnees{License: a.Site.License, Credit: a.GeoNamesCredit(), InitiativeFields: opendata.InitiativeFields,
		CommuneFields: opendata.CommuneFields, Initiatives: len(a.Initiatives), Communes: len(a.Communes)}
	what := map[string][2]string{
		".geojson": {"GeoJSON (RFC 7946)", "Une « Feature » par initiative : sa position [longitude, latitude] (null si elle n’en a pas) et ses propriétés. S’ouvre dans QGIS, uMap ou geojson.io."},
		".csv":     {"CSV (RFC 4180, UTF-8, virgules)", "Une ligne par initiative, avec une ligne d’en-tête. S’ouvre dans un tableur ; les listes sont séparées par « ; »."},
		".json":    {"JSON", "Les types, thématiques et statuts, les communes et les initiatives avec leurs sources."},
	}
	for _, f := range files {
		w := what[path.Ext(f.path)]
		d.Files = append(d.Files, DataFile{Name: path.Base(f.path), Path: "/" + f.path, Format: w[0], Description: w[1], Size: size(f.size)})
	}
	d.Files = append(d.Files, DataFile{Name: feed.Path, Path: "/" + feed.Path, Format: "Atom (RFC 4287)",
		Description: fmt.Sprintf("Les %d initiatives vérifiées le plus récemment, à suivre dans un lecteur de flux.", feed.MaxEntries)})
	return d
}

// size is a file size in French: "850 octets", "12 Ko", "3,4 Mo".
func size(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d\u00a0octets", n)
	case n < 1000_000:
		return fmt.Sprintf("%d\u00a0Ko", (n+500)/1000)
	}
	return frPrinter.Sprintf("%.1f\u00a0Mo", float64(n)/1e6)
}
