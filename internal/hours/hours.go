package hours

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Schedule is a parsed opening_hours value: rules applied in order to each day.
type Schedule struct {
	Rules []Rule
}

// Rule is one rule of a schedule. A day is selected when its month is in Months and
// its weekday in Days, or it is a public holiday and PH is set.
type Rule struct {
	Months uint16 // bit m-1 for month m; 0 selects every month
	Days   uint8  // bit 0 for Monday … bit 6 for Sunday; 0 with !PH selects every day
	PH     bool   // selects public holidays
	Off    bool   // closed: the whole day, or only Spans when there are
	Spans  []Span // sorted and merged; nil for the whole day

	all bool // written 24/7
}

// Span is an interval of a day in minutes from midnight, Start < End <= 1440.
type Span struct {
	Start, End int
}

// Error is a problem in a value: Offset is the byte where it starts.
type Error struct {
	Offset int
	Msg    string
	// Unsupported says that the value may be valid OpenStreetMap syntax that atlas
	// does not read, rather than a mistake.
	Unsupported bool
}

func (e *Error) Error() string { return e.Msg }

// Weekday names in the syntax, Monday first.
var dayNames = [7]string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

var monthNames = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// token kinds
const (
	tWord  = iota // letters
	tTime         // digits, possibly with ':' or '.': 09:00, 9, 9.00
	tDash         // -
	tComma        // ,
	tSemi         // ;
	tOther        // anything else, one byte (or one UTF-8 sequence)
)

type token struct {
	kind  int
	text  string
	off   int
	space bool // preceded by white space
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

func tokenize(s string) []token {
	var toks []token
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			space = true
			i++
			continue
		case isLetter(c):
			j := i
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			toks = append(toks, token{tWord, s[i:j], i, space})
			i = j
		case isDigit(c):
			j := i
			for j < len(s) && (isDigit(s[j]) || s[j] == ':' || s[j] == '.') {
				j++
			}
			toks = append(toks, token{tTime, s[i:j], i, space})
			i = j
		case c == '-':
			toks = append(toks, token{tDash, "-", i, space})
			i++
		case c == ',':
			toks = append(toks, token{tComma, ",", i, space})
			i++
		case c == ';':
			toks = append(toks, token{tSemi, ";", i, space})
			i++
		default:
			n := 1
			if c >= 0x80 {
				for n < 4 && i+n < len(s) && s[i+n]&0xC0 == 0x80 {
					n++
				}
			}
			toks = append(toks, token{tOther, s[i : i+n], i, space})
			i += n
		}
		space = false
	}
	return toks
}

type parser struct {
	src       string
	toks      []token
	i         int
	ruleStart int // index of the first token of the current rule
}

func (p *parser) peek() *token {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *parser) end() int { return len(p.src) }

func errAt(off int, format string, args ...any) *Error {
	return &Error{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func unsupported(off int, what string) *Error {
	return &Error{Offset: off, Unsupported: true, Msg: what + " is not supported: atlas reads days, day ranges, several intervals, off, PH, 24/7 and months"}
}

// Parse reads an opening_hours value.
func Parse(s string) (*Schedule, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errAt(0, "is empty")
	}
	p := &parser{src: s, toks: tokenize(s)}
	sch := &Schedule{}
	for {
		r, err := p.rule()
		if err != nil {
			return nil, err
		}
		if err := check(sch.Rules, r, p.toks[p.ruleStart].off); err != nil {
			return nil, err
		}
		sch.Rules = append(sch.Rules, r)
		t := p.peek()
		if t == nil {
			return sch, nil
		}
		// rule() stops only at ";" or at the end.
		p.i++
		if p.peek() == nil {
			return nil, errAt(t.off, "ends with \";\": remove it or add a rule after it")
		}
	}
}

// check refuses the rule r that follows rules, at off, when the reference reads it
// only with a warning: what it says is then ambiguous, and the warning tells how to
// write it.
func check(rules []Rule, r Rule, off int) error {
	selectors := r.Months != 0 || r.Days != 0 || r.PH
	switch {
	case selectors && r.Spans == nil && !r.Off:
		return errAt(off, "has days or months without hours: add them (Mo-Fr 09:00-18:00), or write 00:00-24:00 for the whole day")
	case !selectors && r.Spans == nil && !r.all && len(rules) > 0:
		return errAt(off, "has a rule without days nor hours after other rules, which replaces them all: put it first")
	case len(rules) == 1 && rules[0].all && !r.all:
		return errAt(off, "has rules after 24/7: write open instead of 24/7 before them")
	case !selectors && r.Spans != nil && !r.Off:
		for _, x := range rules {
			if x.Months == 0 && x.Days == 0 && !x.PH && x.Spans != nil && !x.Off {
				return errAt(off, "has two rules with hours only: join them with \",\" (10:00-12:00,14:00-18:00)")
			}
		}
	}
	return nil
}

// word reports whether t is the word w.
func (t *token) is(kind int, text string) bool {
	return t != nil && t.kind == kind && t.text == text
}

func (p *parser) rule() (Rule, error) {
	var r Rule
	p.ruleStart = p.i
	start := p.peek()
	if start == nil || start.kind == tSemi {
		off := p.end()
		if start != nil {
			off = start.off
		}
		return r, errAt(off, "has an empty rule: remove the extra \";\"")
	}
	if err := p.checkUnsupported(); err != nil {
		return r, err
	}
	// 24/7
	if t := p.peek(); t.is(tTime, "24") && p.i+2 < len(p.toks) && p.toks[p.i+1].is(tOther, "/") && p.toks[p.i+2].is(tTime, "7") {
		p.i += 3
		r.all = true
		return r, p.afterRule(&r, true)
	}
	selected := false
	if t := p.peek(); t != nil && t.kind == tWord && monthIndex(t.text) >= 0 {
		m, err := p.months()
		if err != nil {
			return r, err
		}
		r.Months = m
		selected = true
	}
	if t := p.peek(); t != nil && t.kind == tWord && (dayIndex(t.text) >= 0 || t.text == "PH") {
		d, ph, err := p.days()
		if err != nil {
			return r, err
		}
		r.Days, r.PH = d, ph
		selected = true
	}
	if t := p.peek(); t != nil && t.kind == tTime {
		spans, err := p.spans()
		if err != nil {
			return r, err
		}
		r.Spans = spans
		selected = true
	}
	return r, p.afterRule(&r, selected)
}

// afterRule reads the optional modifier and checks that the rule ends there.
func (p *parser) afterRule(r *Rule, selected bool) error {
	if t := p.peek(); t != nil && t.kind == tWord {
		switch t.text {
		case "off", "closed":
			r.Off = true
			p.i++
			selected = true
		case "open":
			p.i++
			selected = true
		}
		if r := p.i - 1; selected && !t.space && r > p.ruleStart && (t.text == "off" || t.text == "closed" || t.text == "open") {
			return errAt(t.off, "needs a space before %q", t.text)
		}
	}
	t := p.peek()
	if t == nil || t.kind == tSemi {
		if !selected {
			off := p.end()
			if t != nil {
				off = t.off
			}
			return errAt(off, "has an empty rule")
		}
		return nil
	}
	if err := p.checkUnsupported(); err != nil {
		return err
	}
	switch {
	case t.kind == tComma:
		if p.i+1 < len(p.toks) && p.toks[p.i+1].kind != tSemi {
			return unsupported(t.off, "an additional rule after \",\"")
		}
		return errAt(t.off, "has a \",\" that starts nothing")
	case t.kind == tWord && (dayIndex(t.text) >= 0 || monthIndex(t.text) >= 0 || t.text == "PH"):
		return errAt(t.off, "has %q out of place: months and days come before the hours", t.text)
	case t.kind == tWord:
		return p.unknownWord(t)
	case t.kind == tTime:
		return errAt(t.off, "has %q out of place: hours come after the days", t.text)
	}
	return errAt(t.off, "has %q out of place", t.text)
}

// checkUnsupported reports, at the current token, a construct of the full syntax that
// atlas does not read.
func (p *parser) checkUnsupported() error {
	t := p.peek()
	if t == nil {
		return nil
	}
	switch t.kind {
	case tWord:
		switch strings.ToLower(t.text) {
		case "sunrise", "sunset", "dawn", "dusk":
			return unsupported(t.off, "a time of the sun ("+t.text+")")
		case "week":
			return unsupported(t.off, "a week number")
		case "easter":
			return unsupported(t.off, "easter")
		case "sh":
			return unsupported(t.off, "school holidays (SH)")
		case "unknown":
			return unsupported(t.off, "unknown")
		}
	case tOther:
		switch t.text {
		case "\"":
			return unsupported(t.off, "a comment")
		case "|":
			return unsupported(t.off, "a fallback rule (||)")
		case "+":
			return unsupported(t.off, "an open end (+)")
		case "[":
			return unsupported(t.off, "a day of the month ([n])")
		case ":":
			return unsupported(t.off, "a \":\" after a selector")
		case "/":
			return unsupported(t.off, "a repetition (/)")
		case "(":
			return unsupported(t.off, "a time of the sun")
		}
	case tTime:
		if len(t.text) == 4 && !strings.ContainsAny(t.text, ":.") {
			return unsupported(t.off, "a year")
		}
	}
	return nil
}

func (p *parser) unknownWord(t *token) error {
	if err := p.checkUnsupported(); err != nil {
		return err
	}
	w := t.text
	for i, d := range dayNames {
		if strings.EqualFold(w, d) || len(w) > 2 && strings.EqualFold(w, englishDays[i]) || len(w) > 2 && strings.EqualFold(w, frenchDays[i]) {
			return errAt(t.off, "unknown day %q: write %s", w, d)
		}
	}
	for i, m := range monthNames {
		if strings.EqualFold(w, m) || len(w) > 3 && strings.EqualFold(w, englishMonths[i]) {
			return errAt(t.off, "unknown month %q: write %s", w, m)
		}
	}
	if strings.EqualFold(w, "PH") {
		return errAt(t.off, "unknown word %q: write PH", w)
	}
	if strings.EqualFold(w, "off") || strings.EqualFold(w, "closed") || strings.EqualFold(w, "open") {
		return errAt(t.off, "unknown word %q: write %s", w, strings.ToLower(w))
	}
	if len(w) == 2 {
		return errAt(t.off, "unknown day %q: use Mo, Tu, We, Th, Fr, Sa, Su or PH", w)
	}
	return errAt(t.off, "unknown word %q: use days (Mo-Fr), months (Jan-Mar), PH, off or 24/7", w)
}

var englishDays = [7]string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
var frenchDays = [7]string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"}
var englishMonths = [12]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

func dayIndex(w string) int   { return slices.Index(dayNames[:], w) }
func monthIndex(w string) int { return slices.Index(monthNames[:], w) }

// items reads a comma-separated list of single names or ranges, which may wrap.
func (p *parser) items(index func(string) int, n int, what string, allowPH bool) (mask uint16, ph bool, err error) {
	for {
		t := p.peek()
		if t == nil || t.kind != tWord {
			off := p.end()
			if t != nil {
				off = t.off
			}
			return 0, false, errAt(off, "expects a %s after \",\"", what)
		}
		if allowPH && t.text == "PH" {
			ph = true
			p.i++
		} else {
			a := index(t.text)
			if a < 0 {
				return 0, false, p.unknownWord(t)
			}
			p.i++
			b := a
			if d := p.peek(); d != nil && d.kind == tDash {
				if d.space {
					return 0, false, errAt(d.off, "has a space before \"-\": write %s-", t.text)
				}
				p.i++
				e := p.peek()
				if e == nil || e.kind != tWord {
					off := p.end()
					if e != nil {
						off = e.off
					}
					return 0, false, errAt(off, "expects a %s after \"-\"", what)
				}
				if e.space {
					return 0, false, errAt(e.off, "has a space after \"-\": write -%s", e.text)
				}
				if b = index(e.text); b < 0 {
					return 0, false, p.unknownWord(e)
				}
				p.i++
			}
			for i := a; ; i = (i + 1) % n {
				mask |= 1 << i
				if i == b {
					break
				}
			}
			if x := p.peek(); x != nil && x.kind == tTime && what == "month" && len(x.text) <= 2 {
				return 0, false, unsupported(t.off, "a date (month and day)")
			}
		}
		c := p.peek()
		if c == nil || c.kind != tComma {
			return mask, ph, nil
		}
		// A comma followed by something other than a name of this list ends it.
		if n := p.i + 1; n >= len(p.toks) || p.toks[n].kind != tWord ||
			(index(p.toks[n].text) < 0 && !(allowPH && p.toks[n].text == "PH")) {
			if n < len(p.toks) && p.toks[n].kind == tWord {
				if what == "month" && dayIndex(p.toks[n].text) >= 0 {
					return 0, false, errAt(c.off, "has a \",\" between the months and the days: write a space")
				}
				return 0, false, p.unknownWord(&p.toks[n])
			}
			return 0, false, errAt(c.off, "has a \",\" that ends the %ss", what)
		}
		if p.toks[p.i+1].space || c.space {
			return 0, false, errAt(c.off, "has a space around \",\": write %s,%s without spaces", p.toks[p.i-1].text, p.toks[p.i+1].text)
		}
		p.i++
	}
}

func (p *parser) months() (uint16, error) {
	m, _, err := p.items(monthIndex, 12, "month", false)
	return m, err
}

func (p *parser) days() (uint8, bool, error) {
	m, ph, err := p.items(dayIndex, 7, "day", true)
	return uint8(m), ph, err
}

// spans reads 09:00-12:00,14:00-17:30.
func (p *parser) spans() ([]Span, error) {
	var out []Span
	for {
		t := p.peek()
		if t == nil || t.kind != tTime {
			off := p.end()
			if t != nil {
				off = t.off
			}
			return nil, errAt(off, "expects hours like 09:00-12:00 after \",\"")
		}
		start, err := p.clock(t, false)
		if err != nil {
			return nil, err
		}
		p.i++
		d := p.peek()
		if d != nil && d.kind == tOther && d.text == "+" {
			return nil, unsupported(d.off, "an open end (+)")
		}
		if d == nil || d.kind != tDash {
			return nil, errAt(t.off, "%s has no end: write %s-12:00", t.text, t.text)
		}
		if d.space {
			return nil, errAt(d.off, "has a space before \"-\": write %s-", t.text)
		}
		p.i++
		e := p.peek()
		if e == nil || e.kind != tTime {
			if e != nil && e.kind == tWord {
				if err := p.checkUnsupported(); err != nil {
					return nil, err
				}
			}
			return nil, errAt(d.off, "%s- has no end: write %s-12:00", t.text, t.text)
		}
		if e.space {
			return nil, errAt(e.off, "has a space after \"-\": write -%s", e.text)
		}
		end, err := p.clock(e, true)
		if err != nil {
			return nil, err
		}
		p.i++
		if x := p.peek(); x != nil && x.kind == tOther && (x.text == "+" || x.text == "/") {
			return nil, p.checkUnsupported()
		}
		switch {
		case end < start:
			return nil, &Error{Offset: t.off, Unsupported: true,
				Msg: fmt.Sprintf("%s-%s goes past midnight, which atlas does not support: write %s-24:00 and the next day 00:00-%s", t.text, e.text, t.text, e.text)}
		case end == start:
			// The reference reads 12:00-12:00 as all day, but We 22:00-22:00 as closed.
			return nil, &Error{Offset: t.off, Unsupported: true,
				Msg: fmt.Sprintf("%s-%s starts and ends at the same time, which atlas does not read: write 00:00-24:00 for the whole day, or off", t.text, e.text)}
		}
		out = append(out, Span{start, end})
		c := p.peek()
		if c == nil || c.kind != tComma {
			return merge(out), nil
		}
		if n := p.i + 1; n >= len(p.toks) || p.toks[n].kind != tTime {
			if n < len(p.toks) && p.toks[n].kind != tSemi {
				if err := (&parser{src: p.src, toks: p.toks, i: n}).checkUnsupported(); err != nil {
					return nil, err
				}
				return nil, unsupported(c.off, "an additional rule after \",\"")
			}
			return nil, errAt(c.off, "has a \",\" that starts nothing")
		}
		if c.space || p.toks[p.i+1].space {
			return nil, errAt(c.off, "has a space around \",\": write %s,%s", e.text, p.toks[p.i+1].text)
		}
		p.i++
	}
}

// clock reads HH:MM; 24:00 only as an end.
func (p *parser) clock(t *token, isEnd bool) (int, error) {
	s := t.text
	if len(s) != 5 || s[2] != ':' || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[3]) || !isDigit(s[4]) {
		hint := ""
		if h, m, ok := looseClock(s); ok {
			hint = fmt.Sprintf(": write %02d:%02d", h, m)
		}
		return 0, errAt(t.off, "hour %q is not written like 09:00%s", s, hint)
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	switch {
	case m > 59:
		return 0, errAt(t.off, "hour %s does not exist: minutes go from 00 to 59", s)
	case h > 24 || h == 24 && m > 0:
		if h < 48 || h == 48 && m == 0 {
			return 0, &Error{Offset: t.off, Unsupported: true, Msg: fmt.Sprintf("hour %s goes past midnight, which atlas does not support", s)}
		}
		return 0, errAt(t.off, "hour %s does not exist: hours go from 00:00 to 24:00", s)
	case h == 24 && !isEnd:
		return 0, errAt(t.off, "hour 24:00 can only end an interval: write 00:00")
	}
	return h*60 + m, nil
}

// looseClock reads what the reference implementation tolerates (9, 9:00, 09.00) to
// suggest the canonical form.
func looseClock(s string) (h, m int, ok bool) {
	hs, ms, _ := strings.Cut(strings.ReplaceAll(s, ".", ":"), ":")
	if len(hs) == 0 || len(hs) > 2 || len(ms) > 2 || strings.Contains(ms, ":") {
		return 0, 0, false
	}
	for _, c := range []byte(hs + ms) {
		if !isDigit(c) {
			return 0, 0, false
		}
	}
	h, _ = strconv.Atoi(hs)
	if ms != "" {
		m, _ = strconv.Atoi(ms)
	}
	return h, m, h <= 24 && m < 60
}

// merge sorts spans and joins those that overlap or touch.
func merge(s []Span) []Span {
	slices.SortFunc(s, func(a, b Span) int { return a.Start - b.Start })
	out := s[:0]
	for _, x := range s {
		if n := len(out); n > 0 && x.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, x.End)
			continue
		}
		out = append(out, x)
	}
	return out
}

// subtract removes the spans of b from a.
func subtract(a, b []Span) []Span {
	var out []Span
	for _, x := range a {
		parts := []Span{x}
		for _, y := range b {
			var next []Span
			for _, z := range parts {
				if y.End <= z.Start || y.Start >= z.End {
					next = append(next, z)
					continue
				}
				if z.Start < y.Start {
					next = append(next, Span{z.Start, y.Start})
				}
				if y.End < z.End {
					next = append(next, Span{y.End, z.End})
				}
			}
			parts = next
		}
		out = append(out, parts...)
	}
	return out
}

// Day is what Open needs to know of a date.
type Day struct {
	Month   int // 1 … 12
	Weekday int // 0 for Monday … 6 for Sunday
	Holiday bool
}

// Open returns when the place is open on day d, in order.
func (s *Schedule) Open(d Day) []Span {
	var cur []Span
	for _, r := range s.Rules {
		if !r.selects(d) {
			continue
		}
		switch {
		case r.Off && r.Spans == nil:
			cur = nil
		case r.Off:
			cur = subtract(cur, r.Spans)
		case r.Spans == nil:
			cur = []Span{{0, 1440}}
		default:
			cur = slices.Clone(r.Spans)
		}
	}
	return cur
}

func (r *Rule) selects(d Day) bool {
	if r.Months != 0 && r.Months&(1<<(d.Month-1)) == 0 {
		return false
	}
	if r.Days == 0 && !r.PH {
		return true
	}
	return r.Days&(1<<d.Weekday) != 0 || r.PH && d.Holiday
}
