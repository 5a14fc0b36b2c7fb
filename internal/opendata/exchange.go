package opendata

import (
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/hours"
)

// The files other tools read: a CSV that French Excel opens as it is, and the
// elements and taxonomy of a GoGoCarto map.
const (
	ExcelPath    = "donnees/atlas-excel.csv"
	GoGoPath     = "donnees/gogocarto.json"
	GoGoTaxoPath = "donnees/gogocarto-taxonomie.json"
)

// FrenchHeaders are the column headers of atlas-excel.csv, by field name: words a
// person reads, which atlas import reads back.
var FrenchHeaders = map[string]string{
	"slug": "Identifiant", "title": "Nom", "url": "Page", "type": "Type (identifiant)", "type_name": "Type",
	"themes": "Thématiques (identifiants)", "theme_names": "Thématiques", "status": "Statut (identifiant)",
	"status_name": "Statut", "communes": "Communes (identifiants)", "commune_names": "Communes",
	"insee": "Codes INSEE", "since": "Depuis", "carrier": "Porteur", "legal_form": "Forme juridique",
	"address": "Adresse", "website": "Site web", "verified": "Vérifié le", "lat": "Latitude", "lon": "Longitude",
	"location": "Position", "stage": "Étape", "phone": "Téléphone", "email": "Courriel",
	"opening_hours": "Horaires", "opening_hours_text": "Horaires en clair", "access": "Accès",
	"wheelchair": "Accès en fauteuil roulant",
}

// excelCSV is atlas.csv as French Excel opens it with a double click: UTF-8 with a
// byte-order mark (without it Excel reads Windows-1252), ";" between cells (the list
// separator of French Windows), French headers.
func excelCSV(recs []record) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.UseCRLF = true
	head := make([]string, len(InitiativeFields))
	for i, f := range InitiativeFields {
		head[i] = FrenchHeaders[f.Name]
	}
	w.Write(head)
	for _, r := range recs {
		w.Write(csvRow(r))
	}
	w.Flush()
	return b.Bytes()
}

// gogoElement is an initiative as GoGoCarto's « import dynamique » reads it: the
// fields it knows (name, geo, address, categories, description, website, email,
// telephone, openHours), and atlas's own as custom fields, which GoGoCarto keeps and
// atlas import reads back.
type gogoElement struct {
	ID              string            `json:"id"`
	Name            string            `json:"name"`
	Geo             *gogoGeo          `json:"geo,omitempty"`
	Approximate     bool              `json:"positionApproximative,omitempty"`
	Address         gogoAddress       `json:"address"`
	Categories      []string          `json:"categories"`
	Description     string            `json:"description,omitempty"`
	Website         string            `json:"website,omitempty"`
	Email           string            `json:"email,omitempty"`
	Telephone       string            `json:"telephone,omitempty"`
	OpenHours       map[string]string `json:"openHours,omitempty"`
	OpenHoursString string            `json:"openHoursString,omitempty"`
	UpdatedAt       string            `json:"updatedAt,omitempty"` // d/m/Y, as GoGoCarto writes it
	URL             string            `json:"url"`
	Type            string            `json:"type,omitempty"`   // the slugs of the type and themes,
	Themes          []string          `json:"themes,omitempty"` // which categories name
	Communes        []string          `json:"communes"`
	INSEE           []string          `json:"insee"`
	Status          string            `json:"status,omitempty"`
	Since           *int              `json:"since,omitempty"`
	Carrier         string            `json:"carrier,omitempty"`
	LegalForm       string            `json:"legal_form,omitempty"`
	OpeningHours    string            `json:"opening_hours,omitempty"`
	Access          string            `json:"access,omitempty"`
	Wheelchair      string            `json:"wheelchair,omitempty"`
	Sources         []source          `json:"sources,omitempty"`
}

type gogoGeo struct {
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

type gogoAddress struct {
	StreetAddress   string `json:"streetAddress,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	AddressLocality string `json:"addressLocality,omitempty"`
	AddressCountry  string `json:"addressCountry"`
}

type gogoCategory struct {
	Name    string       `json:"name"`
	Options []gogoOption `json:"options"`
}

type gogoOption struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// GoGoCarto makes the elements and the taxonomy of the atlas for a GoGoCarto map:
// every initiative, its type and themes as categories by name. describe gives the
// text of an initiative's description (the first paragraph of its page).
func GoGoCarto(a *atlas.Atlas, baseURL string, describe func(*atlas.Initiative) string, emit func(File)) {
	var b bytes.Buffer
	b.WriteString(`{"licence":`)
	writeJSON(&b, a.Site.License)
	b.WriteString(`,"ontology":"gogofull","data":[`)
	for i, in := range a.Initiatives {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		writeJSON(&b, gogo(in, baseURL, describe(in)))
	}
	b.WriteString("\n]}\n")
	emit(File{GoGoPath, b.Bytes()})

	var tb bytes.Buffer
	taxo := []gogoCategory{{Name: "Types", Options: []gogoOption{}}, {Name: "Thématiques", Options: []gogoOption{}}}
	for _, t := range a.Types {
		taxo[0].Options = append(taxo[0].Options, gogoOption{t.Name, t.Description})
	}
	for _, t := range a.Themes {
		taxo[1].Options = append(taxo[1].Options, gogoOption{t.Name, t.Description})
	}
	writeJSON(&tb, taxo)
	tb.WriteByte('\n')
	emit(File{GoGoTaxoPath, tb.Bytes()})
}

func gogo(in *atlas.Initiative, baseURL, description string) gogoElement {
	r := newRecord(in, baseURL)
	e := gogoElement{
		ID: in.Slug, Name: in.Title, Address: gogoAddress{StreetAddress: in.Address, AddressCountry: "FR"},
		Categories: []string{}, Description: description, Website: in.Website, Email: in.Email, Telephone: in.Phone,
		OpenHoursString: r.HoursText, URL: r.URL, Type: r.Type, Themes: r.Themes, Communes: r.CommuneNames, INSEE: r.INSEE, Status: r.StatusName,
		Since: r.Since, Carrier: in.Carrier, LegalForm: in.LegalForm, OpeningHours: in.OpeningHours,
		Access: in.Access, Wheelchair: in.Wheelchair, Sources: r.Sources,
	}
	if !in.Verified.IsZero() {
		e.UpdatedAt = in.Verified.Format("02/01/2006")
	}
	if r.Lat != nil {
		e.Geo = &gogoGeo{*r.Lat, *r.Lon}
		e.Approximate = r.Location == "commune"
	}
	if len(in.Communes) > 0 {
		c := in.Communes[0]
		e.Address.AddressLocality = c.Name
		if k, ok := cog.Lookup(c.INSEE); ok {
			if pc := k.PostalCodes(); len(pc) > 0 {
				e.Address.PostalCode = pc[0]
			}
		}
	}
	if in.Type != nil {
		e.Categories = append(e.Categories, in.Type.Name)
	}
	for _, t := range in.Themes {
		e.Categories = append(e.Categories, t.Name)
	}
	if in.Hours != nil {
		e.OpenHours = weekHours(in.Hours)
	}
	return e
}

// weekHours says a schedule as GoGoCarto's openHours, the hours of each day of the
// week, when it holds them: a schedule that changes with the months does not fit,
// and gives nil (its opening_hours and openHoursString still say it).
func weekHours(s *hours.Schedule) map[string]string {
	for _, r := range s.Rules {
		if r.Months != 0 {
			return nil
		}
	}
	m := map[string]string{}
	for w, name := range []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"} {
		var parts []string
		for _, sp := range s.Open(hours.Day{Month: 1, Weekday: w}) {
			parts = append(parts, clock(sp.Start)+"-"+clock(sp.End))
		}
		if len(parts) > 0 {
			m[name] = strings.Join(parts, ",")
		}
	}
	return m
}

func clock(min int) string {
	return string([]byte{byte('0' + min/600), byte('0' + min/60%10), ':', byte('0' + min%60/10), byte('0' + min%10)})
}
