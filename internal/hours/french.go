package hours

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

var frenchMonths = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

const nbsp = "\u00a0"

// clockFR says a time of day the French way: 9 h, 17 h 30.
func clockFR(m int) string {
	if m%60 == 0 {
		return fmt.Sprintf("%d"+nbsp+"h", m/60)
	}
	return fmt.Sprintf("%d"+nbsp+"h"+nbsp+"%02d", m/60, m%60)
}

// spansFR says the intervals of a day: « 9 h – 12 h et 14 h – 17 h 30 ».
func spansFR(s []Span) string {
	if len(s) == 0 {
		return "fermé"
	}
	if len(s) == 1 && s[0] == (Span{0, 1440}) {
		return "24" + nbsp + "h sur 24"
	}
	parts := make([]string, len(s))
	for i, x := range s {
		parts[i] = clockFR(x.Start) + nbsp + "– " + clockFR(x.End)
	}
	return joinFR(parts)
}

// joinFR joins a list with commas and a final « et ».
func joinFR(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " et " + parts[len(parts)-1]
}

// daysFR names a set of weekdays, and says whether it names more than one.
func daysFR(days []int) (string, bool) {
	if len(days) >= 3 && days[len(days)-1]-days[0] == len(days)-1 {
		return "du " + frenchDays[days[0]] + " au " + frenchDays[days[len(days)-1]], true
	}
	names := make([]string, len(days))
	for i, d := range days {
		names[i] = frenchDays[d]
	}
	return joinFR(names), len(days) > 1
}

// Line is a set of days and their hours: « du lundi au vendredi », « 9 h – 12 h ».
// Days is "" when the line is the whole week (Hours then says it: « 24 h sur 24, 7
// jours sur 7 », « fermé »).
type Line struct {
	Days, Hours string
	sep         string // between them in a phrase: ", " after several days, " " after one, " : " after the holidays
}

// String gives the line as a phrase: « du lundi au vendredi, 9 h – 12 h »,
// « samedi 10 h – 12 h ».
func (l Line) String() string {
	if l.Days == "" {
		return l.Hours
	}
	return l.Days + l.sep + l.Hours
}

// week says in French when the place is open in a week of month m, outside public
// holidays, a line per set of days with the same hours, in the order of the week.
func (s *Schedule) week(m int) []Line {
	var spans [7][]Span
	for d := range 7 {
		spans[d] = s.Open(Day{Month: m, Weekday: d})
	}
	all := true
	for d := 1; d < 7; d++ {
		all = all && slices.Equal(spans[d], spans[0])
	}
	if all {
		switch {
		case len(spans[0]) == 0:
			return []Line{{Hours: "fermé"}}
		case len(spans[0]) == 1 && spans[0][0] == (Span{0, 1440}):
			return []Line{{Hours: "24" + nbsp + "h sur 24, 7 jours sur 7"}}
		}
		return []Line{{Days: "tous les jours", Hours: spansFR(spans[0]), sep: ", "}}
	}
	var lines []Line
	done := [7]bool{}
	for d := range 7 {
		if done[d] || len(spans[d]) == 0 {
			continue
		}
		g := []int{d}
		for e := d + 1; e < 7; e++ {
			if !done[e] && slices.Equal(spans[e], spans[d]) {
				g = append(g, e)
				done[e] = true
			}
		}
		label, several := daysFR(g)
		sep := " "
		if several {
			sep = ", "
		}
		lines = append(lines, Line{Days: label, Hours: spansFR(spans[d]), sep: sep})
	}
	if len(lines) == 0 {
		return []Line{{Hours: "fermé"}}
	}
	return lines
}

func joinLines(lines []Line) string {
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = l.String()
	}
	return strings.Join(parts, " ; ")
}

// holidays says what public holidays do, or nil when the schedule says nothing of
// them.
func (s *Schedule) holidays() *Line {
	if !slices.ContainsFunc(s.Rules, func(r Rule) bool { return r.PH }) {
		return nil
	}
	first := s.Open(Day{Month: 1, Weekday: 0, Holiday: true})
	for m := 1; m <= 12; m++ {
		for d := range 7 {
			if !slices.Equal(s.Open(Day{Month: m, Weekday: d, Holiday: true}), first) {
				return &Line{Days: "jours fériés", Hours: "selon le jour", sep: " : "}
			}
		}
	}
	return &Line{Days: "jours fériés", Hours: spansFR(first), sep: " : "}
}

// Period is a part of the year with its hours in French.
type Period struct {
	Months string // « de janvier à juin », « août »; "" for the whole year
	Lines  []Line
}

// Hours gives the hours of the period as a phrase: « du lundi au vendredi, 9 h – 12 h ;
// samedi 10 h – 12 h ».
func (p Period) Hours() string { return joinLines(p.Lines) }

// French says the schedule in French, by part of the year when it depends on the
// month, then what public holidays do when the schedule names them.
func (s *Schedule) French() []Period {
	var weeks [12][]Line
	for m := 1; m <= 12; m++ {
		weeks[m-1] = s.week(m)
	}
	var out []Period
	same := func(a, b []Line) bool { return slices.Equal(a, b) }
	all := true
	for m := 1; m < 12; m++ {
		all = all && same(weeks[m], weeks[0])
	}
	if all {
		out = append(out, Period{Lines: weeks[0]})
	} else {
		for m := 0; m < 12; {
			e := m
			for e+1 < 12 && same(weeks[e+1], weeks[m]) {
				e++
			}
			label := frenchMonths[m]
			switch {
			case e == m+1:
				label = frenchMonths[m] + " et " + frenchMonths[e]
			case e > m:
				label = "de " + frenchMonths[m] + " à " + frenchMonths[e]
			}
			out = append(out, Period{Months: label, Lines: weeks[m]})
			m = e + 1
		}
	}
	if h := s.holidays(); h != nil {
		if len(out) == 1 && out[0].Months == "" {
			out[0].Lines = append(out[0].Lines, *h)
		} else {
			out = append(out, Period{Lines: []Line{*h}})
		}
	}
	return out
}

// String gives the French description on one line.
func (s *Schedule) String() string {
	var parts []string
	for _, p := range s.French() {
		if p.Months != "" {
			parts = append(parts, p.Months+" : "+p.Hours())
		} else {
			parts = append(parts, p.Hours())
		}
	}
	return strings.Join(parts, " ; ")
}

// MarshalJSON gives the rules to the browser script: {"rules":[{"m":[1,2],"d":[0,1],
// "ph":true,"off":true,"s":[[540,720]]}]}, months from 1, weekdays from 0 for Monday,
// minutes from midnight; a missing m or d selects every month or day, a missing s the
// whole day.
func (s *Schedule) MarshalJSON() ([]byte, error) {
	type rule struct {
		M   []int    `json:"m,omitempty"`
		D   []int    `json:"d,omitempty"`
		PH  bool     `json:"ph,omitempty"`
		Off bool     `json:"off,omitempty"`
		S   [][2]int `json:"s,omitempty"`
	}
	out := struct {
		Rules []rule `json:"rules"`
	}{Rules: []rule{}}
	for _, r := range s.Rules {
		var x rule
		for m := range 12 {
			if r.Months&(1<<m) != 0 {
				x.M = append(x.M, m+1)
			}
		}
		for d := range 7 {
			if r.Days&(1<<d) != 0 {
				x.D = append(x.D, d)
			}
		}
		x.PH, x.Off = r.PH, r.Off
		for _, sp := range r.Spans {
			x.S = append(x.S, [2]int{sp.Start, sp.End})
		}
		out.Rules = append(out.Rules, x)
	}
	return json.Marshal(out)
}

// OpeningHoursSpecification gives the schema.org form of the weekly hours, or nil
// when the schedule depends on the month or is not open any day.
func (s *Schedule) OpeningHoursSpecification() []map[string]any {
	var weeks [12][7][]Span
	for m := range 12 {
		for d := range 7 {
			weeks[m][d] = s.Open(Day{Month: m + 1, Weekday: d})
		}
	}
	for m := 1; m < 12; m++ {
		for d := range 7 {
			if !slices.Equal(weeks[m][d], weeks[0][d]) {
				return nil
			}
		}
	}
	var out []map[string]any
	names := [7]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	hm := func(m int) string {
		if m == 1440 {
			return "23:59"
		}
		return fmt.Sprintf("%02d:%02d", m/60, m%60)
	}
	// One entry per set of days sharing an interval, in the order of the week.
	type key struct{ start, end int }
	var order []key
	days := map[key][]string{}
	for d := range 7 {
		for _, sp := range weeks[0][d] {
			k := key{sp.Start, sp.End}
			if _, ok := days[k]; !ok {
				order = append(order, k)
			}
			days[k] = append(days[k], "https://schema.org/"+names[d])
		}
	}
	for _, k := range order {
		out = append(out, map[string]any{
			"@type":     "OpeningHoursSpecification",
			"dayOfWeek": days[k],
			"opens":     hm(k.start),
			"closes":    hm(k.end),
		})
	}
	return out
}

// Holiday reports whether the date is a public holiday in France (outside
// Alsace-Moselle): the same list as the reference implementation's for France.
func Holiday(t time.Time) bool {
	y, m, d := t.Date()
	for _, f := range FixedHolidays {
		if int(m) == f[0] && d == f[1] {
			return true
		}
	}
	e := Easter(y)
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	for _, off := range EasterOffsets {
		if day.Equal(e.AddDate(0, 0, off)) {
			return true
		}
	}
	return false
}

// FixedHolidays are the French public holidays on a fixed date, month and day, and
// EasterOffsets those that follow Easter (Monday, Ascension, Whit Monday), in days.
// The browser script gets both from the build.
var (
	FixedHolidays = [][2]int{{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}}
	EasterOffsets = []int{1, 39, 50}
)

// Easter returns Easter Sunday of year y (Gregorian calendar; anonymous algorithm).
func Easter(y int) time.Time {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}
