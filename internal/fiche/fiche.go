// Package fiche writes the source files of an atlas: a commune file from the code
// officiel géographique, an initiative file from its fields. atlas new and atlas
// import write through it, so that what they write reads back as they meant it
// (TestRoundTrip parses every file it writes with package content).
package fiche

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
)

// String quotes s as a TOML basic string. Go's %q is not TOML: it writes \a, \v and
// \x escapes that TOML does not have.
func String(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Strings writes a TOML array of strings.
func Strings(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = String(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func float(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Commune writes the file of commune c, with its centre from GeoNames and a
// commented-out élu stated on date.
func Commune(c cog.Commune, date time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "name = %s\ninsee = %s\ndepartement = %s\n", String(c.Name), String(c.Code), String(c.Departement))
	if c.Intercommunalite != "" {
		fmt.Fprintf(&b, "intercommunalite = %s\n", String(c.Intercommunalite))
	}
	if c.Population > 0 {
		fmt.Fprintf(&b, "population = %d\n", c.Population)
	}
	if lat, lon, ok := c.Centre(); ok {
		// The centre is written so that the file says where the commune is drawn;
		// without it the build would take the same centre from the COG.
		fmt.Fprintf(&b, "location = { lat = %s, lon = %s }   # the commune's centre, from GeoNames (CC BY 4.0); change it at will\n",
			float(lat), float(lon))
	} else {
		b.WriteString("# location = { lat = 48.0, lon = 2.0 }   # the commune's centre, optional\n")
	}
	b.WriteString(`# website = "https://…"
summary = """
La politique de la commune en matière d’économie sociale et solidaire.
"""

# [[elus]]
# name = "Prénom Nom"
# role = "Adjointe au Maire déléguée à l’économie sociale et solidaire"
# date = ` + date.Format(time.DateOnly) + "\n")
	return b.String()
}

// Initiative is what an initiative file says, as atlas import fills it.
type Initiative struct {
	Title                            string
	Communes                         []string // slugs
	Type                             string
	Themes                           []string
	Status                           string
	Since                            int
	Carrier, LegalForm, Address      string
	Location                         *content.LatLon
	Website, Phone, Email            string
	OpeningHours, Access, Wheelchair string
	Verified                         time.Time
	Aliases                          []string
	Sources                          []content.Source
	Body                             string // Markdown
}

// File writes the initiative's Markdown file: TOML front matter between +++ lines,
// then the body.
func (in *Initiative) File() []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	str := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", k, String(v))
		}
	}
	str("title", in.Title)
	fmt.Fprintf(&b, "communes = %s\n", Strings(in.Communes))
	str("type", in.Type)
	if len(in.Themes) > 0 {
		fmt.Fprintf(&b, "themes = %s\n", Strings(in.Themes))
	}
	str("status", in.Status)
	if in.Since > 0 {
		fmt.Fprintf(&b, "since = %d\n", in.Since)
	}
	str("carrier", in.Carrier)
	str("legal_form", in.LegalForm)
	str("address", in.Address)
	if in.Location != nil {
		fmt.Fprintf(&b, "location = { lat = %s, lon = %s }\n", float(in.Location.Lat), float(in.Location.Lon))
	}
	str("website", in.Website)
	str("phone", in.Phone)
	str("email", in.Email)
	str("opening_hours", in.OpeningHours)
	str("access", in.Access)
	str("wheelchair", in.Wheelchair)
	if !in.Verified.IsZero() {
		fmt.Fprintf(&b, "verified = %s\n", in.Verified.Format(time.DateOnly))
	}
	if len(in.Aliases) > 0 {
		fmt.Fprintf(&b, "aliases = %s\n", Strings(in.Aliases))
	}
	for _, s := range in.Sources {
		b.WriteString("\n[[sources]]\n")
		str("title", s.Title)
		if !s.Date.IsZero() {
			fmt.Fprintf(&b, "date = %s\n", s.Date.Format(time.DateOnly))
		}
		str("url", s.URL)
	}
	b.WriteString("+++\n")
	if body := strings.TrimSpace(in.Body); body != "" {
		b.WriteString(body)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
