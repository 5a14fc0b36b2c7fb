package render

import (
	"fmt"
	"path"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/feed"
	"github.com/reseau-ess-92/atlas/internal/opendata"
)

// Donnees is the data of /donnees/: the files to download and their fields.
type Donnees struct {
	License          string
	LicenseURL       string // the licence's text, when it is one atlas knows
	Date             string // of the latest verification the files carry
	Credit           string // GeoNames' attribution, when the files carry its centres
	Files            []DataFile
	InitiativeFields []opendata.Field
	CommuneFields    []opendata.Field
	SourceFields     []opendata.Field
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
	d := &Donnees{License: a.Site.License, LicenseURL: licenseURL(a.Site.License), Date: FrenchDate(a.LastVerified()), Credit: a.GeoNamesCredit(), InitiativeFields: opendata.InitiativeFields,
		CommuneFields: opendata.CommuneFields, SourceFields: opendata.SourceFields, Initiatives: len(a.Initiatives), Communes: len(a.Communes)}
	what := map[string][2]string{
		".geojson": {"GeoJSON (RFC 7946)", "Une « Feature » par initiative : sa position [longitude, latitude] (null si elle n’en a pas) et ses propriétés. S’ouvre dans QGIS, uMap ou geojson.io."},
		".csv":     {"CSV (RFC 4180, UTF-8, virgules)", "Une ligne par initiative, avec une ligne d’en-tête. S’ouvre dans un tableur ; les listes sont séparées par « ; »."},
		".json":    {"JSON", "Les types, thématiques et statuts, les communes, les initiatives avec leurs sources, et les documents sources."},
	}
	named := map[string][2]string{
		opendata.ExcelPath:    {"CSV pour Excel (UTF-8 avec BOM, points-virgules, en-têtes en français)", "Les mêmes lignes que atlas.csv, que la version française d’Excel ouvre telles quelles d’un double clic."},
		opendata.GoGoPath:     {"JSON GoGoCarto", "Les initiatives au format que lit l’« import dynamique » d’une carte GoGoCarto (depuis son adresse) : position, adresse, catégories (type et thématiques), description, contact, horaires ; les autres champs de l’atlas y sont gardés comme champs personnalisés."},
		opendata.GoGoTaxoPath: {"JSON GoGoCarto (taxonomie)", "Les types et les thématiques de l’atlas, comme catégories d’une carte GoGoCarto."},
	}
	for _, f := range files {
		w, ok := named[f.path]
		if !ok {
			w = what[path.Ext(f.path)]
		}
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

// licenses are the texts of the licences open data is most often published under in
// France, by the names sites give them.
var licenses = map[string]string{
	"licence ouverte":     "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
	"licence ouverte 2 0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
	"etalab 2 0":          "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
	"odbl":                "https://opendatacommons.org/licenses/odbl/1-0/",
	"cc by 4 0":           "https://creativecommons.org/licenses/by/4.0/deed.fr",
	"cc by sa 4 0":        "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
	"cc0":                 "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
}

// licenseURL returns the text of the licence called name, or "".
func licenseURL(name string) string {
	return licenses[cog.Fold(name)]
}
