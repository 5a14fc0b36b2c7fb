package render

import (
	"encoding/json"
	"html/template"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/hours"
)

// Infos is the « Infos pratiques » block at the top of an initiative page: what a
// resident needs to go there, as the sources give it, and what they do not give.
type Infos struct {
	Address    string
	Hours      []HoursPeriod // in French, by part of the year
	Schedule   string        // the rules and French public holidays, as JSON, for js/horaires.js
	Phone      string
	Tel        template.URL // tel:+33…, made from the checked phone number
	Email      string
	Access     string
	Wheelchair string // in French
	Website    string
	Missing    string         // what the sources do not give: « les horaires, le téléphone et … »
	None       string         // the same when they give nothing: « ni l’adresse, ni les horaires… »
	Path       string         // the fiche's source file, where the fields are added
	Empty      bool           // the sources give none of the practical fields
	Mairie     *atlas.Commune // the first commune, whose mairie to ask when nothing is known
}

// HoursPeriod is a part of the year and its hours, a line per set of days, as the
// page shows them: « Du lundi au vendredi » · « 9 h – 12 h et 14 h – 17 h 30 ».
type HoursPeriod struct {
	Months string // « De janvier à juin »; "" for the whole year
	Lines  []HoursLine
}

// HoursLine is a set of days and their hours; Days is "" for the whole week.
type HoursLine struct {
	Days, Hours string
}

func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// wheelchairFR says OpenStreetMap's wheelchair values in French.
var wheelchairFR = map[string]string{
	"yes":     "Accessible en fauteuil roulant",
	"limited": "Accès en partie possible en fauteuil roulant",
	"no":      "Non accessible en fauteuil roulant",
}

func newInfos(in *atlas.Initiative) *Infos {
	x := &Infos{Address: in.Address, Phone: in.Phone, Email: in.Email, Access: in.Access,
		Wheelchair: wheelchairFR[in.Wheelchair], Website: in.Website}
	if in.Initiative != nil {
		x.Path = in.Path
	}
	if len(in.Communes) > 0 {
		x.Mairie = in.Communes[0]
	}
	if in.Phone != "" {
		x.Tel = template.URL(telURL(in.Phone))
	}
	if in.Hours != nil {
		for _, p := range in.Hours.French() {
			hp := HoursPeriod{Months: upperFirst(p.Months)}
			for _, l := range p.Lines {
				hp.Lines = append(hp.Lines, HoursLine{Days: upperFirst(l.Days), Hours: l.Hours})
			}
			x.Hours = append(x.Hours, hp)
		}
		x.Schedule = scheduleJSON(in.Hours)
	}
	var missing []string
	for _, m := range []struct {
		missing bool
		what    string
	}{
		{in.Address == "", "l’adresse"},
		{in.Hours == nil, "les horaires"},
		{in.Phone == "", "le téléphone"},
		{in.Email == "", "l’adresse électronique"},
		{in.Access == "", "qui peut venir"},
		{in.Wheelchair == "", "l’accès en fauteuil roulant"},
	} {
		if m.missing {
			missing = append(missing, m.what)
		}
	}
	if len(missing) > 0 {
		x.Missing = missing[0]
		if n := len(missing); n > 1 {
			x.Missing = strings.Join(missing[:n-1], ", ") + " et " + missing[n-1]
		}
		x.None = "ni " + strings.Join(missing, ", ni ")
	}
	x.Empty = in.Hours == nil && in.Phone == "" && in.Email == "" && in.Access == "" && in.Wheelchair == ""
	return x
}

// telURL makes a tel: URL of a phone number that content.Rules accepted: digits only,
// a French number of ten digits in the international form.
func telURL(phone string) string {
	var b strings.Builder
	for _, c := range phone {
		if c == '+' || c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	n := b.String()
	if len(n) == 10 && n[0] == '0' {
		n = "+33" + n[1:]
	}
	return "tel:" + n
}

// scheduleJSON is what js/horaires.js evaluates: the rules of the schedule and the
// French public holidays (fixed dates and days after Easter), so that the script holds
// no list of its own.
func scheduleJSON(s *hours.Schedule) string {
	b, err := json.Marshal(struct {
		Rules  *hours.Schedule `json:"schedule"`
		Fixed  [][2]int        `json:"fixed"`
		Easter []int           `json:"easter"`
	}{s, hours.FixedHolidays, hours.EasterOffsets})
	if err != nil {
		return ""
	}
	return string(b)
}

// Freshness is the « À confirmer » notice of a fiche checked too long ago.
type Freshness struct {
	Verified time.Time // zero when the fiche was never checked
}

// stale reports whether a check on verified is older than months before today.
func stale(verified, today time.Time, months int) bool {
	if verified.IsZero() {
		return true
	}
	if months <= 0 {
		months = 24
	}
	return verified.AddDate(0, months, 0).Before(today)
}

// elusBefore returns elections when some élu of c was stated before them (or
// without a date), else zero: the list may then be out of date.
func elusBefore(c *atlas.Commune, elections time.Time) time.Time {
	if elections.IsZero() {
		return time.Time{}
	}
	for _, e := range c.Elus {
		if e.Date.IsZero() || e.Date.Before(elections) {
			return elections
		}
	}
	return time.Time{}
}
