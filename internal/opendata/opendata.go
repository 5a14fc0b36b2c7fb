// Package opendata writes the atlas as open data: atlas.geojson (an RFC 7946
// FeatureCollection, one Feature per initiative), atlas.csv (RFC 4180, one row per
// initiative) and atlas.json (the vocabularies, the communes and the initiatives);
// for other tools, atlas-excel.csv (the same rows as French Excel opens them: UTF-8
// with a byte-order mark, ";", French headers) and, made by GoGoCarto, the elements
// and taxonomy that a GoGoCarto map imports from a URL (gogocarto.json,
// gogocarto-taxonomie.json).
//
// atlas.json also lists the documents behind the facts (SourceFields), and each
// initiative's sources name their document (source, page) when it is one of them.
// Commune makes the same data for one commune, for a mairie's own website.
//
// The three files carry the same fields for an initiative, documented by
// InitiativeFields and CommuneFields, from which the /donnees/ page is written: the
// documentation cannot drift from the data. Lists are in the model's order and
// objects have a fixed key order, so the files are byte-identical across builds.
package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/atlas"
)

// Field documents one field of the data.
type Field struct {
	Name        string
	Type        string // "texte", "nombre", "date", "liste"…
	Description string
}

// InitiativeFields are the fields of an initiative, in the order of the CSV columns.
var InitiativeFields = []Field{
	{"slug", "texte", "Identifiant stable de l’initiative, tiré du nom de son fichier ; c’est aussi la fin de l’adresse de sa page."},
	{"title", "texte", "Nom de l’initiative."},
	{"url", "URL", "Adresse de la page de l’initiative dans l’atlas."},
	{"type", "texte", "Identifiant du type d’initiative (voir les types dans atlas.json)."},
	{"type_name", "texte", "Nom du type d’initiative."},
	{"themes", "liste", "Identifiants des thématiques (séparés par « ; » dans le CSV)."},
	{"theme_names", "liste", "Noms des thématiques (séparés par « ; » dans le CSV)."},
	{"status", "texte", "Identifiant du statut (étape du cycle de vie)."},
	{"status_name", "texte", "Nom du statut."},
	{"communes", "liste", "Identifiants des communes où se trouve l’initiative (séparés par « ; » dans le CSV)."},
	{"commune_names", "liste", "Noms de ces communes."},
	{"insee", "liste", "Codes officiels géographiques (INSEE) de ces communes."},
	{"since", "nombre", "Année de création ; vide si elle n’est pas connue."},
	{"carrier", "texte", "Qui porte l’initiative (association, commune, SCIC…)."},
	{"legal_form", "texte", "Forme juridique du porteur."},
	{"address", "texte", "Adresse postale, quand elle est connue."},
	{"website", "URL", "Site web de l’initiative."},
	{"verified", "date", "Date (AAAA-MM-JJ) à laquelle les informations ont été vérifiées pour la dernière fois."},
	{"lat", "nombre", "Latitude WGS 84 en degrés décimaux ; vide sans coordonnées. Dans le GeoJSON, la position est dans la géométrie [longitude, latitude]."},
	{"lon", "nombre", "Longitude WGS 84 en degrés décimaux ; vide sans coordonnées."},
	{"location", "texte", "D’où vient la position : « initiative » (position propre de l’initiative), « commune » (position approximative : centre de sa première commune, celui du fichier de la commune ou, à défaut, celui de GeoNames) ou vide (aucune position connue ; la géométrie GeoJSON est alors null)."},
	{"stage", "texte", "Étape du cycle de vie que désigne le statut : « project » (idée, étude, projet), « active » (en activité), « done » (action réalisée), « closed » (arrêtée) ; vide si le site ne le dit pas."},
	{"phone", "texte", "Téléphone public de la structure ; vide si les sources n’en donnent pas."},
	{"email", "texte", "Adresse électronique publique de la structure ; vide si les sources n’en donnent pas."},
	{"opening_hours", "texte", "Horaires d’ouverture dans la syntaxe opening_hours d’OpenStreetMap (« Mo-Fr 09:00-12:00; PH off ») ; vide s’ils ne sont pas connus."},
	{"opening_hours_text", "texte", "Les mêmes horaires, en français."},
	{"access", "texte", "Qui peut venir et comment (« sur orientation du CCAS ») ; vide si ce n’est pas précisé."},
	{"wheelchair", "texte", "Accès en fauteuil roulant, comme OpenStreetMap : « yes », « limited », « no », ou vide si ce n’est pas précisé."},
}

// CommuneFields are the fields of a commune in atlas.json.
var CommuneFields = []Field{
	{"slug", "texte", "Identifiant stable de la commune."},
	{"name", "texte", "Nom officiel."},
	{"url", "URL", "Adresse de la page de la commune dans l’atlas."},
	{"insee", "texte", "Code officiel géographique (INSEE), 5 caractères."},
	{"departement", "texte", "Code du département."},
	{"intercommunalite", "texte", "Intercommunalité (EPT ou EPCI) de la commune."},
	{"population", "nombre", "Population municipale ; absente si elle n’est pas indiquée."},
	{"postal_codes", "liste", "Codes postaux de la commune : ceux de son fichier, sinon ceux du code officiel géographique."},
	{"lat", "nombre", "Latitude du centre de la commune : celle de son fichier, sinon celle de GeoNames (CC BY 4.0, voir attribution) ; absente si elle n’est pas connue."},
	{"lon", "nombre", "Longitude du centre de la commune."},
	{"website", "URL", "Site web de la commune."},
	{"initiatives", "liste", "Identifiants des initiatives de la commune."},
}

// File is one data file, by path from the site root.
type File struct {
	Path string
	Data []byte
}

// Build makes atlas.geojson, atlas.csv, atlas-excel.csv and atlas.json, in that order, with absolute
// URLs under baseURL (which ends with a slash), and gives each to emit as soon as it
// is made: at 10,000 initiatives they weigh from 2.7 to 6 MB each, and grow with
// the initiatives; none needs to wait for the others. emit owns the File it receives.
func Build(a *atlas.Atlas, baseURL string, emit func(File)) {
	recs := make([]record, len(a.Initiatives))
	for i, in := range a.Initiatives {
		recs[i] = newRecord(in, baseURL)
	}
	emit(File{"donnees/atlas.geojson", geoJSON(recs)})
	emit(File{"donnees/atlas.csv", csvFile(recs)})
	emit(File{ExcelPath, excelCSV(recs)})
	emit(File{"donnees/atlas.json", jsonFile(a, recs, baseURL)})
}

// record is an initiative as the data files show it; the JSON keys are the names of
// InitiativeFields.
type record struct {
	Slug         string   `json:"slug"`
	Title        string   `json:"title"`
	URL          string   `json:"url"`
	Type         string   `json:"type"`
	TypeName     string   `json:"type_name"`
	Themes       []string `json:"themes"`
	ThemeNames   []string `json:"theme_names"`
	Status       string   `json:"status"`
	StatusName   string   `json:"status_name"`
	Communes     []string `json:"communes"`
	CommuneNames []string `json:"commune_names"`
	INSEE        []string `json:"insee"`
	Since        *int     `json:"since"`
	Carrier      string   `json:"carrier"`
	LegalForm    string   `json:"legal_form"`
	Address      string   `json:"address"`
	Website      string   `json:"website"`
	Verified     string   `json:"verified"`
	Lat          *float64 `json:"lat"`
	Lon          *float64 `json:"lon"`
	Location     string   `json:"location"`
	Stage        string   `json:"stage"`
	Phone        string   `json:"phone"`
	Email        string   `json:"email"`
	OpeningHours string   `json:"opening_hours"`
	HoursText    string   `json:"opening_hours_text"`
	Access       string   `json:"access"`
	Wheelchair   string   `json:"wheelchair"`
	Sources      []source `json:"sources,omitempty"`
}

type source struct {
	Source string `json:"source,omitempty"` // the slug of a document of the atlas
	Page   string `json:"page,omitempty"`   // that document's page
	Title  string `json:"title"`
	Date   string `json:"date,omitempty"`
	URL    string `json:"url,omitempty"`
}

func newRecord(in *atlas.Initiative, baseURL string) record {
	r := record{
		Slug: in.Slug, Title: in.Title, URL: baseURL + strings.TrimPrefix(in.URL(), "/"),
		Themes: []string{}, ThemeNames: []string{}, Communes: []string{}, CommuneNames: []string{}, INSEE: []string{},
		Carrier: in.Carrier, LegalForm: in.LegalForm, Address: in.Address, Website: in.Website,
		Verified: isoDate(in.Verified),
		Phone:    in.Phone, Email: in.Email, OpeningHours: in.OpeningHours, Access: in.Access, Wheelchair: in.Wheelchair,
	}
	if in.Hours != nil {
		r.HoursText = strings.ReplaceAll(in.Hours.String(), "\u00a0", " ")
	}
	if in.Type != nil {
		r.Type, r.TypeName = in.Type.Slug, in.Type.Name
	}
	if in.Status != nil {
		r.Status, r.StatusName, r.Stage = in.Status.Slug, in.Status.Name, in.Status.Stage
	}
	for _, t := range in.Themes {
		r.Themes = append(r.Themes, t.Slug)
		r.ThemeNames = append(r.ThemeNames, t.Name)
	}
	for _, c := range in.Communes {
		r.Communes = append(r.Communes, c.Slug)
		r.CommuneNames = append(r.CommuneNames, c.Name)
		r.INSEE = append(r.INSEE, c.INSEE)
	}
	if in.Since > 0 {
		y := in.Since
		r.Since = &y
	}
	if loc, centre := in.Location(); loc != nil {
		lat, lon := loc.Lat, loc.Lon
		r.Lat, r.Lon = &lat, &lon
		r.Location = "initiative"
		if centre {
			r.Location = "commune"
		}
	}
	for _, s := range in.Sources {
		src := source{Title: s.Title, Date: isoDate(s.Date), URL: s.URL}
		if s.Doc != nil {
			src.Source, src.Page = s.Doc.Slug, baseURL+strings.TrimPrefix(s.Doc.URL(), "/")
		}
		r.Sources = append(r.Sources, src)
	}
	return r
}

func isoDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

type feature struct {
	Type       string    `json:"type"`
	Geometry   *point    `json:"geometry"`
	Properties *geoProps `json:"properties"`
}

type point struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// geoProps is a record without its coordinates, which are in the geometry, and
// without its sources, which atlas.json carries.
type geoProps struct {
	record
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
	Sources []source `json:"sources,omitempty"`
}

func geoJSON(recs []record) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, r := range recs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		f := feature{Type: "Feature", Properties: &geoProps{record: r}}
		if r.Lat != nil {
			f.Geometry = &point{Type: "Point", Coordinates: [2]float64{*r.Lon, *r.Lat}}
		}
		writeJSON(&b, f)
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// CSV writes RFC 4180 records, with CRLF line ends, through Cell: every CSV atlas
// writes goes through it.
type CSV struct{ w *csv.Writer }

// NewCSV returns a CSV writing to w.
func NewCSV(w io.Writer) *CSV {
	c := &CSV{csv.NewWriter(w)}
	c.w.UseCRLF = true
	return c
}

// Write writes one record, each field made safe by Cell.
func (c *CSV) Write(fields []string) error {
	safe := make([]string, len(fields))
	for i, f := range fields {
		safe[i] = Cell(f)
	}
	return c.w.Write(safe)
}

// Flush writes what is buffered and returns the first error.
func (c *CSV) Flush() error {
	c.w.Flush()
	return c.w.Error()
}

// Cell returns s as a CSV cell that no spreadsheet runs as a formula: OWASP's rule
// for CSV injection, a text that starts with =, +, -, @, a tab or a carriage return
// is prefixed with an apostrophe, which spreadsheets take for "this is text" and do
// not show. A number ("-2.35", "+33") is left as it is: it is no formula, and it must
// stay a number.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}

func csvFile(recs []record) []byte {
	var b bytes.Buffer
	w := NewCSV(&b)
	head := make([]string, len(InitiativeFields))
	for i, f := range InitiativeFields {
		head[i] = f.Name
	}
	w.Write(head)
	for _, r := range recs {
		w.Write(csvRow(r))
	}
	w.Flush()
	return b.Bytes()
}

// csvRow is the record as a row of InitiativeFields, lists joined by ";".
func csvRow(r record) []string {
	join := func(xs []string) string { return strings.Join(xs, ";") }
	since := ""
	if r.Since != nil {
		since = strconv.Itoa(*r.Since)
	}
	return []string{r.Slug, r.Title, r.URL, r.Type, r.TypeName, join(r.Themes), join(r.ThemeNames),
		r.Status, r.StatusName, join(r.Communes), join(r.CommuneNames), join(r.INSEE), since,
		r.Carrier, r.LegalForm, r.Address, r.Website, r.Verified, coord(r.Lat), coord(r.Lon), r.Location,
		r.Stage, r.Phone, r.Email, r.OpeningHours, r.HoursText, r.Access, r.Wheelchair}
}

func coord(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

type term struct {
	Slug        string `json:"slug"`
	Name        string `json:"name"`
	Plural      string `json:"plural,omitempty"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	Stage       string `json:"stage,omitempty"` // statuses only
}

type commune struct {
	Slug             string   `json:"slug"`
	Name             string   `json:"name"`
	URL              string   `json:"url"`
	INSEE            string   `json:"insee"`
	Departement      string   `json:"departement"`
	Intercommunalite string   `json:"intercommunalite"`
	Population       int      `json:"population,omitempty"`
	PostalCodes      []string `json:"postal_codes"`
	Lat              *float64 `json:"lat,omitempty"`
	Lon              *float64 `json:"lon,omitempty"`
	Website          string   `json:"website,omitempty"`
	Initiatives      []string `json:"initiatives"`
}

type dataset struct {
	Title       string     `json:"title"`
	URL         string     `json:"url"`
	License     string     `json:"license,omitempty"`
	Attribution string     `json:"attribution,omitempty"`
	Verified    string     `json:"verified,omitempty"`
	Types       []term     `json:"types"`
	Themes      []term     `json:"themes"`
	Statuses    []term     `json:"statuses"`
	Communes    []commune  `json:"communes"`
	Initiatives []record   `json:"initiatives"`
	Sources     []document `json:"sources"`
}

// document is a document of content/sources in atlas.json.
type document struct {
	Slug         string        `json:"slug"`
	Title        string        `json:"title"`
	URL          string        `json:"url"` // its page in the atlas
	Kind         string        `json:"kind,omitempty"`
	KindName     string        `json:"kind_name,omitempty"`
	Date         string        `json:"date"`
	Place        string        `json:"place,omitempty"`
	Organisation string        `json:"organisation,omitempty"`
	Link         string        `json:"link,omitempty"` // the document online
	Communes     []string      `json:"communes"`       // represented
	Represented  int           `json:"represented,omitempty"`
	Participants []participant `json:"participants"`
	Initiatives  []string      `json:"initiatives"` // that cite it
}

type participant struct {
	Name    string `json:"name"`
	Role    string `json:"role,omitempty"`
	Commune string `json:"commune,omitempty"`
}

// SourceFields are the fields of a document in atlas.json.
var SourceFields = []Field{
	{"slug", "texte", "Identifiant stable du document."},
	{"title", "texte", "Titre du document."},
	{"url", "URL", "Adresse de la page du document dans l’atlas."},
	{"kind", "texte", "Identifiant de la sorte de document (compte rendu, lettre…) ; kind_name en donne le nom."},
	{"date", "date", "Date du document (AAAA-MM-JJ)."},
	{"place", "texte", "Lieu de la réunion ou de l’envoi, quand il est indiqué."},
	{"organisation", "texte", "Organisme auteur ou organisateur."},
	{"link", "URL", "Le document en ligne, quand il l’est."},
	{"communes", "liste", "Identifiants des communes représentées."},
	{"represented", "nombre", "Nombre de communes représentées selon le document, quand il en nomme moins."},
	{"participants", "liste", "Personnes nommées : nom, rôle public et identifiant de la commune pour laquelle elles parlent."},
	{"initiatives", "liste", "Identifiants des initiatives qui citent ce document."},
}

func jsonFile(a *atlas.Atlas, recs []record, baseURL string) []byte {
	abs := func(p string) string { return baseURL + strings.TrimPrefix(p, "/") }
	d := dataset{Title: a.Site.Title, URL: baseURL, License: a.Site.License, Attribution: a.GeoNamesCredit(), Verified: isoDate(a.LastVerified()),
		Types: []term{}, Themes: []term{}, Statuses: []term{}, Communes: []commune{}, Initiatives: recs, Sources: []document{}}
	for _, t := range a.Types {
		d.Types = append(d.Types, term{t.Slug, t.Name, t.Plural, t.Description, abs(t.URL()), ""})
	}
	for _, t := range a.Themes {
		d.Themes = append(d.Themes, term{t.Slug, t.Name, "", t.Description, abs(t.URL()), ""})
	}
	for _, s := range a.Statuses {
		d.Statuses = append(d.Statuses, term{s.Slug, s.Name, "", s.Description, "", s.Stage})
	}
	for _, c := range a.Communes {
		d.Communes = append(d.Communes, newCommune(c, baseURL))
	}
	for _, s := range a.Sources {
		d.Sources = append(d.Sources, newDocument(s, baseURL))
	}
	var b bytes.Buffer
	writeJSON(&b, d)
	b.WriteByte('\n')
	return b.Bytes()
}

func newDocument(s *atlas.Source, baseURL string) document {
	doc := document{Slug: s.Slug, Title: s.Title, URL: baseURL + strings.TrimPrefix(s.URL(), "/"), Date: isoDate(s.Date),
		Place: s.Place, Organisation: s.Organisation, Link: s.Link, Represented: s.Document.Represented,
		Communes: []string{}, Participants: []participant{}, Initiatives: []string{}}
	if s.Category != nil {
		doc.Kind, doc.KindName = s.Category.Slug, s.Category.Name
	}
	for _, c := range s.Communes {
		doc.Communes = append(doc.Communes, c.Slug)
	}
	for _, p := range s.Participants {
		pt := participant{Name: p.Name, Role: p.Role}
		if p.Commune != nil {
			pt.Commune = p.Commune.Slug
		}
		doc.Participants = append(doc.Participants, pt)
	}
	for _, in := range s.Initiatives {
		doc.Initiatives = append(doc.Initiatives, in.Slug)
	}
	return doc
}

func newCommune(c *atlas.Commune, baseURL string) commune {
	cm := commune{Slug: c.Slug, Name: c.Name, URL: baseURL + strings.TrimPrefix(c.URL(), "/"), INSEE: c.INSEE,
		Departement: c.Departement, Population: c.Population, PostalCodes: c.PostalCodes, Website: c.Website, Initiatives: []string{}}
	if cm.PostalCodes == nil {
		cm.PostalCodes = []string{}
	}
	if c.Interco != nil {
		cm.Intercommunalite = c.Interco.Name
	}
	if c.Location != nil {
		lat, lon := c.Location.Lat, c.Location.Lon
		cm.Lat, cm.Lon = &lat, &lon
	}
	for _, in := range c.Initiatives {
		cm.Initiatives = append(cm.Initiatives, in.Slug)
	}
	return cm
}

// Commune makes the data of one commune of a, for a mairie's own website: a GeoJSON
// FeatureCollection of its initiatives, with the same fields as atlas.geojson, and a
// JSON file with the commune (CommuneFields) and its initiatives (InitiativeFields
// and their sources), with the licence and credits of atlas.json.
func Commune(a *atlas.Atlas, c *atlas.Commune, baseURL string) (geojson, js []byte) {
	recs := make([]record, len(c.Initiatives))
	for i, in := range c.Initiatives {
		recs[i] = newRecord(in, baseURL)
	}
	var b bytes.Buffer
	writeJSON(&b, struct {
		Title       string   `json:"title"`
		URL         string   `json:"url"`
		License     string   `json:"license,omitempty"`
		Attribution string   `json:"attribution,omitempty"`
		Commune     commune  `json:"commune"`
		Initiatives []record `json:"initiatives"`
	}{a.Site.Title, baseURL, a.Site.License, a.GeoNamesCredit(), newCommune(c, baseURL), recs})
	b.WriteByte('\n')
	return geoJSON(recs), b.Bytes()
}

// writeJSON writes v without HTML escaping: the files are data, not HTML.
func writeJSON(b *bytes.Buffer, v any) {
	e := json.NewEncoder(b)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		panic(err) // the types above always encode
	}
	b.Truncate(b.Len() - 1) // Encode's newline
}
