package content

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/hours"
)

// Rule is how one practical field of an initiative is checked. Pattern is written in
// the syntax that Go's regexp and JavaScript's RegExp read alike, so that the build
// can write the rules as data (Rules) for a form in the browser to check a value
// exactly as `atlas check` does; Message is the diagnostic, with {value} standing
// for the value quoted.
type Rule struct {
	Field   string   `json:"field"`
	Pattern string   `json:"pattern"`
	Message string   `json:"message"`
	Values  []string `json:"values,omitempty"` // the allowed values, for a select
}

// Rules are the checks of the practical fields with a fixed form. opening_hours is
// checked by package hours, whose messages say where the value goes wrong.
var Rules = []Rule{
	{
		Field: "phone",
		// A French number of ten digits, an international one after +, or a short
		// number (115, 3939); digits may be grouped by spaces, dots or hyphens.
		Pattern: `^(?:0[1-9](?:[ .-]?[0-9]{2}){4}|\+[1-9](?:[ .-]?[0-9]){6,14}|[1-9][0-9]{2,5})$`,
		Message: "phone {value} is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939",
	},
	{
		Field:   "email",
		Pattern: `^[A-Za-z0-9.!#$%&'*+/=?^_{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`,
		Message: "email {value} is not an e-mail address like contact@exemple.fr",
	},
	{
		Field:   "wheelchair",
		Pattern: `^(?:yes|limited|no)$`,
		Message: "wheelchair {value} must be yes, limited or no",
		Values:  []string{"yes", "limited", "no"},
	},
}

var rulePatterns = func() map[string]*regexp.Regexp {
	m := map[string]*regexp.Regexp{}
	for _, r := range Rules {
		m[r.Field] = regexp.MustCompile(r.Pattern)
	}
	return m
}()

// CheckField returns the diagnostic for value of a practical field, or "" when it is
// valid (or the field has no Rule).
func CheckField(field, value string) string {
	for _, r := range Rules {
		if r.Field == field && !rulePatterns[field].MatchString(value) {
			return strings.ReplaceAll(r.Message, "{value}", strconv.Quote(value))
		}
	}
	return ""
}

// practical reads the optional practical fields of an initiative.
func (t *table) practical(in *Initiative) {
	for _, f := range []struct {
		key string
		dst *string
	}{{"phone", &in.Phone}, {"email", &in.Email}, {"wheelchair", &in.Wheelchair}} {
		v := t.str(f.key, false)
		if v == "" {
			continue
		}
		if msg := CheckField(f.key, v); msg != "" {
			t.d.Add(t.pos(f.key), "%s", msg)
			continue
		}
		*f.dst = v
	}
	in.Access = t.str("access", false)
	if v := t.str("opening_hours", false); v != "" {
		raw, _ := t.m["opening_hours"].(string)
		s, err := hours.Parse(v)
		if err != nil {
			e := err.(*hours.Error)
			// The value was trimmed: find the offset in the raw string, then in the file.
			off := e.Offset + strings.Index(raw, v)
			t.d.Add(t.stringPos("opening_hours", raw, off), "opening_hours %q: %s", v, e.Msg)
			return
		}
		in.OpeningHours, in.Hours = v, s
	}
}

// stringPos returns the position of byte off of the string value of key, counting
// from after its opening quotes; exact for a one-line string without escapes.
func (t *table) stringPos(key, value string, off int) diag.Pos {
	p := t.pos(key)
	if pi, ok := t.idx[joinKey(t.path, key)]; ok {
		src := t.src[pi.value:]
		q := 0
		for q < len(src) && q < 3 && (src[q] == '"' || src[q] == '\'') {
			q++
		}
		if q == 2 { // "" is an empty string, not an opening of three quotes
			q = 1
		}
		p.Col += q
	}
	p.Col += utf8.RuneCountInString(value[:min(off, len(value))])
	return p
}
