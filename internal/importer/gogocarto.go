package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// days are GoGoCarto's keys of openHours, which are OpenStreetMap's day names.
var days = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// readGoGoCarto reads the elements of a GoGoCarto export. Each value is placed at the
// element that holds it: JSON gives no finer place that a person would look for.
func readGoGoCarto(name string, data []byte, d *diag.List) []*row {
	text, _ := decodeText(data)
	f := diag.NewFile(name, text)
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	fail := func(off int64, format string, args ...any) { d.Add(f.Pos(int(off)), format, args...) }
	tok, err := dec.Token()
	if err != nil {
		fail(dec.InputOffset(), "not JSON: %v", err)
		return nil
	}
	// An object holds the elements in "data", as GoGoCarto's API gives them.
	if tok == json.Delim('{') {
		found := false
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				fail(dec.InputOffset(), "not JSON: %v", err)
				return nil
			}
			if k == "data" {
				found = true
				break
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				fail(dec.InputOffset(), "not JSON: %v", err)
				return nil
			}
		}
		if !found {
			fail(0, "a GoGoCarto export is an array of elements, or an object whose \"data\" holds them")
			return nil
		}
		if tok, err = dec.Token(); err != nil {
			fail(dec.InputOffset(), "not JSON: %v", err)
			return nil
		}
	}
	if tok != json.Delim('[') {
		fail(dec.InputOffset(), "a GoGoCarto export is an array of elements, or an object whose \"data\" holds them")
		return nil
	}
	var rows []*row
	for dec.More() {
		off := int(dec.InputOffset())
		for off < len(text) && (text[off] == ',' || text[off] == ' ' || text[off] == '\n' || text[off] == '\r' || text[off] == '\t') {
			off++
		}
		var el map[string]any
		if err := dec.Decode(&el); err != nil {
			fail(int64(off), "element %d is not a JSON object: %v", len(rows)+1, err)
			return rows
		}
		pos := f.Pos(off)
		r := &row{line: pos.Line, pos: pos, values: map[string]cell{}}
		put := func(field, v string) {
			if v = strings.TrimSpace(v); v != "" {
				r.values[field] = cell{v, pos}
			}
		}
		put("title", first(el, "name", "title", "nom"))
		// atlas's own export gives each initiative's slug as its id; GoGoCarto's
		// own ids (numbers, short codes) are not slugs of a fiche.
		if id := str(el["id"]); slug.Valid(id) && strings.Contains(id, "-") {
			put("slug", id)
		}
		// atlas's own export keeps the sources of each fiche.
		if l, ok := el["sources"].([]any); ok {
			var lines []string
			for _, x := range l {
				if m, ok := x.(map[string]any); ok && str(m["title"]) != "" {
					lines = append(lines, strings.Join([]string{str(m["title"]), str(m["date"]), str(m["url"])}, "\t"))
				}
			}
			if len(lines) > 0 {
				r.values["sources"] = cell{strings.Join(lines, "\n"), pos}
			}
		}
		if g, ok := el["geo"].(map[string]any); ok {
			put("lat", str(g["latitude"]))
			put("lon", str(g["longitude"]))
		} else {
			put("lat", first(el, "latitude", "lat"))
			put("lon", first(el, "longitude", "lng", "long", "lon"))
		}
		// atlas's own export says when the position is only the commune's centre,
		// which the atlas draws by itself.
		if b, _ := el["positionApproximative"].(bool); b {
			delete(r.values, "lat")
			delete(r.values, "lon")
		}
		switch a := el["address"].(type) {
		case string:
			put("address", a)
		case map[string]any:
			put("address", str(a["streetAddress"]))
			put("postal_code", str(a["postalCode"]))
			put("communes", str(a["addressLocality"]))
		}
		if cs := names(el["communes"]); len(cs) > 0 {
			put("communes", strings.Join(cs, "; "))
		}
		var cats []string
		for _, k := range []string{"categories", "taxonomy", "optionValues", "categoriesFull"} {
			for _, c := range names(el[k]) {
				if !slices.Contains(cats, c) {
					cats = append(cats, c)
				}
			}
		}
		if n := ids(el["categories"]); len(cats) == 0 && len(n) > 0 {
			d.Add(pos, "element %q gives its categories by number (%s): export them by name (GoGoCarto's ontology=gogofull), or give the taxonomy's names", r.get("title"), strings.Join(n, ", "))
		}
		put("categories", strings.Join(cats, "; "))
		body := first(el, "description")
		if more := first(el, "descriptionMore"); more != "" {
			body = strings.TrimSpace(body + "\n\n" + more)
		}
		put("body", body)
		put("website", first(el, "website", "site"))
		put("email", first(el, "email"))
		put("phone", first(el, "telephone", "phone"))
		// atlas's own export keeps the OpenStreetMap value; GoGoCarto's own days are
		// turned into one.
		if oh := first(el, "opening_hours"); oh != "" {
			put("opening_hours", oh)
		} else if m, ok := el["openHours"].(map[string]any); ok {
			put("opening_hours", openHours(m))
		}
		put("verified", first(el, "verified", "updatedAt"))
		for _, k := range []string{"status", "since", "carrier", "legal_form", "access", "wheelchair", "insee", "themes", "type"} {
			switch v := el[k].(type) {
			case []any:
				put(k, strings.Join(names(v), "; "))
			default:
				put(k, str(v))
			}
		}
		if len(r.values) == 0 {
			continue
		}
		rows = append(rows, r)
	}
	return rows
}

// openHours writes GoGoCarto's {"Mo": "09:00-12:00,14:00-18:00"} as an
// OpenStreetMap opening_hours value, days of the same hours together.
func openHours(m map[string]any) string {
	var rules []string
	for i := 0; i < len(days); {
		h := strings.ReplaceAll(strings.ReplaceAll(str(m[days[i]]), " ", ""), "&", ",")
		j := i + 1
		for j < len(days) && strings.ReplaceAll(strings.ReplaceAll(str(m[days[j]]), " ", ""), "&", ",") == h {
			j++
		}
		if h != "" {
			sel := days[i]
			switch j - i {
			case 1:
			case 2:
				sel += "," + days[j-1]
			default:
				sel += "-" + days[j-1]
			}
			rules = append(rules, sel+" "+h)
		}
		i = j
	}
	return strings.Join(rules, "; ")
}

// first returns the first of the keys of el that holds a value, as text.
func first(el map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := str(el[k]); s != "" {
			return s
		}
	}
	return ""
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// names returns the names of a list of categories: strings, or objects with a name.
func names(v any) []string {
	var out []string
	switch v := v.(type) {
	case string:
		return splitList(v)
	case []any:
		for _, x := range v {
			switch x := x.(type) {
			case string:
				out = append(out, x)
			case map[string]any:
				if n := str(x["name"]); n != "" {
					out = append(out, n)
				}
			}
		}
	}
	return out
}

// ids returns the numbers of a list of categories given by id.
func ids(v any) []string {
	var out []string
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if n, ok := x.(json.Number); ok {
				out = append(out, n.String())
			}
		}
	}
	return out
}
