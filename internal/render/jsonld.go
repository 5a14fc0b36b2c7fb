package render

import (
	"bytes"
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/atlas"
)

// The schema.org vocabulary of the JSON-LD in initiative and commune pages. Fields
// are typed so that the output has a fixed key order.
type ldThing struct {
	Context     string        `json:"@context,omitempty"`
	Type        string        `json:"@type"`
	ID          string        `json:"@id,omitempty"`
	Name        string        `json:"name"`
	URL         string        `json:"url,omitempty"`
	Description string        `json:"description,omitempty"`
	SameAs      string        `json:"sameAs,omitempty"`
	Identifier  *ldIdentifier `json:"identifier,omitempty"`
	Address     *ldAddress    `json:"address,omitempty"`
	Geo         *ldGeo        `json:"geo,omitempty"`
	Location    *ldThing      `json:"location,omitempty"`
	AreaServed  []ldThing     `json:"areaServed,omitempty"`
	Contained   *ldThing      `json:"containedInPlace,omitempty"`
	Keywords    string        `json:"keywords,omitempty"`
	Additional  string        `json:"additionalType,omitempty"`
	Founding    string        `json:"foundingDate,omitempty"`
	LegalName   string        `json:"legalName,omitempty"`
	Modified    string        `json:"dateModified,omitempty"`
	Telephone   string        `json:"telephone,omitempty"`
	Email       string        `json:"email,omitempty"`
	Hours       any           `json:"openingHoursSpecification,omitempty"`
}

type ldIdentifier struct {
	Type       string `json:"@type"`
	PropertyID string `json:"propertyID"`
	Value      string `json:"value"`
}

type ldAddress struct {
	Type     string `json:"@type"`
	Street   string `json:"streetAddress,omitempty"`
	Locality string `json:"addressLocality,omitempty"`
	Country  string `json:"addressCountry"`
}

type ldGeo struct {
	Type      string  `json:"@type"`
	Latitude  float64 `json:"latitude"`
	Longitude float64 `json:"longitude"`
}

func ldJSON(v any) template.JS {
	var b bytes.Buffer
	// Encode escapes <, > and & so that the script element cannot be closed early.
	if err := json.NewEncoder(&b).Encode(v); err != nil {
		return ""
	}
	return template.JS(strings.TrimSpace(b.String()))
}

func (r *Renderer) abs(p string) string { return r.baseURL + strings.TrimPrefix(p, "/") }

// initiativeLD describes an initiative as an Organization, with its public telephone
// and email; its place has its address and geo only when the initiative has its own,
// never its commune's centre, and its weekly opening hours when they do not depend on
// the month.
func (r *Renderer) initiativeLD(in *atlas.Initiative, desc string) template.JS {
	o := ldThing{Context: "https://schema.org", Type: "Organization", ID: r.abs(in.URL()) + "#organisation",
		Name: in.Title, URL: r.abs(in.URL()), Description: desc, SameAs: in.Website, LegalName: in.Carrier}
	if in.Since > 0 {
		o.Founding = strconv.Itoa(in.Since)
	}
	if in.Type != nil {
		o.Additional = r.abs(in.Type.URL())
		kw := []string{in.Type.Name}
		for _, t := range in.Themes {
			kw = append(kw, t.Name)
		}
		o.Keywords = strings.Join(kw, ", ")
	}
	o.Telephone, o.Email = in.Phone, in.Email
	var spec []map[string]any
	if in.Hours != nil {
		spec = in.Hours.OpeningHoursSpecification()
	}
	loc, centre := in.Location()
	if in.Address != "" || (loc != nil && !centre) || spec != nil {
		place := &ldThing{Type: "Place", Name: in.Title}
		if in.Address != "" {
			place.Address = &ldAddress{Type: "PostalAddress", Street: in.Address, Country: "FR"}
			if len(in.Communes) > 0 {
				place.Address.Locality = in.Communes[0].Name
			}
		}
		if loc != nil && !centre {
			place.Geo = &ldGeo{Type: "GeoCoordinates", Latitude: loc.Lat, Longitude: loc.Lon}
		}
		if spec != nil {
			// schema.org gives opening hours to a Place, not to an Organization.
			place.Hours = spec
		}
		o.Location = place
	}
	for _, c := range in.Communes {
		o.AreaServed = append(o.AreaServed, ldThing{Type: "AdministrativeArea", Name: c.Name, URL: r.abs(c.URL())})
	}
	if !in.Verified.IsZero() {
		o.Modified = in.Verified.Format("2006-01-02")
	}
	return ldJSON(o)
}

// communeLD describes a commune as an AdministrativeArea, a kind of Place.
func (r *Renderer) communeLD(c *atlas.Commune, desc string) template.JS {
	p := ldThing{Context: "https://schema.org", Type: "AdministrativeArea", ID: r.abs(c.URL()) + "#commune",
		Name: c.Name, URL: r.abs(c.URL()), Description: desc, SameAs: c.Website,
		Address: &ldAddress{Type: "PostalAddress", Locality: c.Name, Country: "FR"}}
	if c.INSEE != "" {
		p.Identifier = &ldIdentifier{Type: "PropertyValue", PropertyID: "INSEE", Value: c.INSEE}
	}
	if c.Location != nil {
		p.Geo = &ldGeo{Type: "GeoCoordinates", Latitude: c.Location.Lat, Longitude: c.Location.Lon}
	}
	if c.Interco != nil {
		p.Contained = &ldThing{Type: "AdministrativeArea", Name: c.Interco.Name, URL: r.abs(c.Interco.URL())}
	}
	return ldJSON(p)
}
