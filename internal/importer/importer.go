// Package importer turns what networks already keep — a spreadsheet saved as CSV, or
// a GoGoCarto export in JSON — into the initiative files of an atlas.
//
// # Input
//
// A CSV file may be separated by ";" (what French Excel writes) or ",", the one the
// header line uses most; it may be UTF-8, with or without a byte-order mark, or
// Windows-1252 (French Excel's « CSV (séparateur : point-virgule) »), told apart by
// whether the bytes are valid UTF-8. Its first line names the columns, in French or
// English (see Columns); Options.Map names others ("Nom de la structure=title"), or
// leaves a column out ("Remarques="). A GoGoCarto export is the JSON of its API or of
// its « export » page: an array of elements, or an object whose "data" holds them,
// each with name, geo (latitude, longitude), address (streetAddress, postalCode,
// addressLocality), categories (names), description, website, email, telephone and
// openHours ({"Mo": "09:00-12:00,14:00-18:00"}); the custom fields that atlas's own
// export adds (communes, status, opening_hours…) are read back too.
//
// # Matching
//
// A commune is found by INSEE code, postal code or name in the code officiel
// géographique, then in the site by its INSEE code; one the site does not have yet
// is created from the COG with Options.Communes, and reported otherwise. A type, a
// theme or a status is found by slug, name, plural or keyword, accents and case
// aside; Options.Map can also map a value ("Marché=circuit-court"). An unknown one is
// an error that names the valid ones.
//
// # Output
//
// One file per row, content/initiatives/<slug>.md, with a [[sources]] entry naming
// the imported file and the date of the import. A file that exists is never
// replaced: it is reported, or, with Options.Update, rewritten with only the fields
// the row gives changed. Every problem is reported at once, at its place in the file
// (file.csv:ROW:COL, file.json:LINE:COL of the element); the caller writes nothing
// unless every row is good, or the good ones with Options.SkipBad.
package importer

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/fiche"
	"github.com/reseau-ess-92/atlas/internal/hours"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

// Options say how to import.
type Options struct {
	Name     string            // the imported file's name, for diagnostics and sources
	Map      map[string]string // column (or value) → field (or slug); "" leaves a column out
	Communes bool              // create the communes the site does not have, from the COG
	Update   bool              // rewrite existing files with the fields a row gives
	Status   string            // the status of rows that give none; "" for the site's first active one
	Date     time.Time         // the date of the import, for sources
}

// File is a file to write, by slash-separated path from the site root.
type File struct {
	Path   string
	Data   []byte
	Update bool // it replaces an existing file (Options.Update)
	Row    int  // the line of the row that makes it; 0 for a commune
}

// Result is what an import makes.
type Result struct {
	Files    []File   // initiatives and communes to write, in row order
	Skipped  []string // existing files left as they are, with why
	Warnings []string // columns left out, values dropped
	Rows     int      // rows read
	Bad      int      // rows with a problem, whose files are not in Files
}

// row is one row of the input: its values by field, each with its position.
type row struct {
	line   int
	pos    diag.Pos // of the row
	values map[string]cell
}

type cell struct {
	v   string
	pos diag.Pos
}

func (r *row) get(f string) string { return strings.TrimSpace(r.values[f].v) }
func (r *row) at(f string) diag.Pos {
	if c, ok := r.values[f]; ok {
		return c.pos
	}
	return r.pos
}

// importer holds what rows are matched against.
type importer struct {
	site     *content.Content
	o        Options
	communes map[string]*content.Commune // by INSEE code
	inits    map[string]*content.Initiative
	status   string
	created  map[string]string // INSEE → slug of communes created by this import
	slugs    map[string]int    // initiative slugs this import makes, with their line
	res      Result
}

func newImporter(site *content.Content, o Options) *importer {
	im := &importer{site: site, o: o, communes: map[string]*content.Commune{}, inits: map[string]*content.Initiative{},
		created: map[string]string{}, slugs: map[string]int{}}
	for _, c := range site.Communes {
		if c.INSEE != "" {
			im.communes[c.INSEE] = c
		}
	}
	for _, in := range site.Initiatives {
		im.inits[in.Slug] = in
	}
	im.status = o.Status
	if im.status == "" && site.Site != nil {
		// A site.toml written before stages says none: its words tell.
		for _, s := range site.Site.Statuses {
			if s.Stage == content.StageActive || s.Stage == "" && content.GuessStage(s) == content.StageActive {
				im.status = s.Slug
				break
			}
		}
	}
	return im
}

// Import reads the CSV or JSON file data, by its extension, against site.
func Import(site *content.Content, data []byte, o Options) (*Result, diag.List) {
	var d diag.List
	if site.Site == nil {
		d.Add(diag.Pos{File: content.SiteFile}, "the site has no valid site.toml to match types and themes against")
		return &Result{}, d
	}
	var rows []*row
	var warnings []string
	switch strings.ToLower(path.Ext(o.Name)) {
	case ".csv", ".txt":
		rows = readCSV(o.Name, data, o.Map, &d, &warnings)
	case ".json":
		rows = readGoGoCarto(o.Name, data, &d)
	default:
		d.Add(diag.Pos{File: o.Name}, "import reads a spreadsheet saved as .csv or a GoGoCarto export in .json, not %q", path.Ext(o.Name))
		return &Result{}, d
	}
	im := newImporter(site, o)
	im.res.Warnings = warnings
	if o.Status != "" && findTerm(site.Site.Statuses, o.Status) == nil {
		d.Add(diag.Pos{File: o.Name}, "--status %q is not a status of site.toml: use %s", o.Status, slugList(site.Site.Statuses))
	}
	im.res.Rows = len(rows)
	for _, r := range rows {
		var rd diag.List
		files := im.row(r, &rd)
		if len(rd) > 0 {
			im.res.Bad++
			d.Append(rd)
			continue
		}
		im.res.Files = append(im.res.Files, files...)
	}
	return &im.res, d
}

// row makes the files of one row.
func (im *importer) row(r *row, d *diag.List) []File {
	var files []File
	in := &fiche.Initiative{
		Title:     r.get("title"),
		Carrier:   r.get("carrier"),
		LegalForm: r.get("legal_form"),
		Address:   r.get("address"),
		Access:    r.get("access"),
		Body:      r.values["body"].v,
	}
	given := map[string]bool{}
	for f, c := range r.values {
		if strings.TrimSpace(c.v) != "" {
			given[f] = true
		}
	}
	if in.Title == "" {
		d.Add(r.at("title"), "row has no title (name): every initiative needs one")
	}
	// Communes.
	communes, more := im.communesOf(r, d)
	in.Communes = communes
	files = append(files, more...)
	// Type, themes and status.
	site := im.site.Site
	if v := r.get("type"); v != "" {
		if t := im.term(site.Types, v); t != nil {
			in.Type = t.Slug
		} else {
			d.Add(r.at("type"), "type %q is not a type of site.toml: use %s, or map it with --map %s=SLUG", v, slugList(site.Types), mapKey(v))
		}
	}
	for _, v := range im.terms(r.get("themes"), site.Themes) {
		if t := im.term(site.Themes, v); t != nil {
			if !slices.Contains(in.Themes, t.Slug) {
				in.Themes = append(in.Themes, t.Slug)
			}
		} else {
			d.Add(r.at("themes"), "theme %q is not a theme of site.toml: use %s, or map it with --map %s=SLUG", v, slugList(site.Themes), mapKey(v))
		}
	}
	// GoGoCarto's categories hold types and themes alike: a name before a keyword.
	// atlas's own export gives the type and themes apart too, which say it better
	// (a type and a theme may have the same name).
	cats := r.get("categories")
	if given["type"] || given["themes"] {
		cats = ""
	}
	for _, v := range im.terms(cats, site.Types, site.Themes) {
		t, isType := im.category(v)
		switch {
		case t == nil:
			d.Add(r.at("categories"), "category %q is neither a type nor a theme of site.toml: map it with --map %s=SLUG (types: %s; themes: %s)",
				v, mapKey(v), slugList(site.Types), slugList(site.Themes))
		case isType:
			if in.Type == "" {
				in.Type = t.Slug
			}
		case !slices.Contains(in.Themes, t.Slug):
			in.Themes = append(in.Themes, t.Slug)
		}
	}
	if in.Type == "" && !given["type"] && !given["categories"] {
		d.Add(r.at("type"), "row has no type: use %s", slugList(site.Types))
	} else if in.Type == "" && given["categories"] && len(*d) == 0 {
		d.Add(r.at("categories"), "no category of this element is a type of site.toml: map one with --map NAME=SLUG (types: %s)", slugList(site.Types))
	}
	in.Status = im.status
	if v := r.get("status"); v != "" {
		if t := im.term(site.Statuses, v); t != nil {
			in.Status = t.Slug
		} else {
			d.Add(r.at("status"), "status %q is not a status of site.toml: use %s", v, slugList(site.Statuses))
		}
	}
	if in.Status == "" {
		d.Add(r.pos, "row has no status, and no status of site.toml has stage = \"active\" to give it: use --status SLUG")
	}
	// Checked values.
	if v := r.get("since"); v != "" {
		n, ok := year(v)
		if !ok {
			d.Add(r.at("since"), "since %q is not a year between 1800 and 2200", v)
		}
		in.Since = n
	}
	if v := r.get("website"); v != "" {
		if !strings.Contains(v, "://") && strings.Contains(v, ".") && !strings.Contains(v, " ") {
			v = "https://" + v // what spreadsheets hold: www.exemple.fr
		}
		if msg := content.CheckURL(v); msg != "" {
			d.Add(r.at("website"), "website %q %s", v, msg)
		}
		in.Website = v
	}
	for _, f := range []struct {
		key string
		dst *string
	}{{"phone", &in.Phone}, {"email", &in.Email}} {
		v := r.get(f.key)
		if f.key == "email" {
			v = strings.TrimPrefix(v, "mailto:")
		}
		if v == "" {
			continue
		}
		if msg := content.CheckField(f.key, v); msg != "" {
			d.Add(r.at(f.key), "%s", msg)
		}
		*f.dst = v
	}
	if v := r.get("wheelchair"); v != "" {
		w, ok := wheelchair(v)
		if !ok {
			d.Add(r.at("wheelchair"), "wheelchair %q must be yes, limited or no (oui, en partie, non)", v)
		}
		in.Wheelchair = w
	}
	if v := r.get("opening_hours"); v != "" {
		if _, err := hours.Parse(v); err != nil {
			d.Add(r.at("opening_hours"), "opening_hours %q: %s", v, err.(*hours.Error).Msg)
		}
		in.OpeningHours = v
	}
	if v := r.get("verified"); v != "" {
		t, ok := date(v)
		if !ok {
			d.Add(r.at("verified"), "verified %q is not a date like 2021-03-17 or 17/03/2021", v)
		}
		in.Verified = t
	}
	// A position that atlas's own files mark as the commune's centre is drawn there
	// anyway: the file need not say it.
	if la, lo := r.get("lat"), r.get("lon"); (la != "" || lo != "") && r.get("location") != "commune" {
		loc, ok := latLon(la, lo)
		if !ok {
			d.Add(r.at("lat"), "position %q, %q is not a latitude and a longitude in degrees", la, lo)
		}
		in.Location = loc
	}
	title := "Import de " + path.Base(im.o.Name)
	if v := r.get("source"); v != "" {
		title += " (" + v + ")"
	}
	src := content.Source{Title: title, Date: im.o.Date}
	if v := r.get("source_url"); v != "" && content.CheckURL(v) == "" {
		src.URL = v
	}
	for _, l := range strings.Split(r.values["sources"].v, "\n") {
		parts := strings.Split(l, "\t")
		if len(parts) != 3 || parts[0] == "" {
			continue
		}
		s := content.Source{Title: parts[0]}
		s.Date, _ = date(parts[1])
		if content.CheckURL(parts[2]) == "" {
			s.URL = parts[2]
		}
		in.Sources = append(in.Sources, s)
	}
	in.Sources = append(in.Sources, src)
	if len(*d) > 0 {
		return nil
	}

	s := slug.Make(in.Title)
	if v := r.get("slug"); v != "" {
		if !slug.Valid(v) {
			d.Add(r.at("slug"), "slug %q is not a slug: use lowercase ASCII letters, digits and hyphens", v)
			return nil
		}
		s = v
	}
	if s == "" {
		d.Add(r.at("title"), "title %q has no letter or digit to name its file", in.Title)
		return nil
	}
	if line, dup := im.slugs[s]; dup {
		// Two rows of one name: the second is told apart by its commune.
		if alt := slug.Make(in.Title + " " + strings.Join(in.Communes, " ")); alt != s && im.slugs[alt] == 0 {
			s = alt
		} else {
			d.Add(r.at("title"), "row names the same initiative as line %d (%s): give them different names", line, s)
			return nil
		}
	}
	im.slugs[s] = r.line
	p := content.InitiativesDir + "/" + s + ".md"
	if old := im.inits[s]; old != nil {
		if !im.o.Update {
			im.res.Skipped = append(im.res.Skipped, fmt.Sprintf("%s: already exists, left as it is (--update merges the row into it)", old.Path))
			return files
		}
		merged := merge(old, in, given)
		return append(files, File{Path: old.Path, Data: merged.File(), Update: true, Row: r.line})
	}
	return append(files, File{Path: p, Data: in.File(), Row: r.line})
}

// merge returns the existing initiative old with the fields the row gives.
func merge(old *content.Initiative, in *fiche.Initiative, given map[string]bool) *fiche.Initiative {
	m := &fiche.Initiative{
		Title: old.Title, Type: old.Type.Slug, Status: old.Status.Slug, Since: old.Since, Carrier: old.Carrier,
		LegalForm: old.LegalForm, Address: old.Address, Location: old.Location, Website: old.Website, Phone: old.Phone,
		Email: old.Email, OpeningHours: old.OpeningHours, Access: old.Access, Wheelchair: old.Wheelchair,
		Verified: old.Verified, Sources: append(slices.Clone(old.Sources), in.Sources...), Body: string(old.Body.Src),
	}
	for _, c := range old.Communes {
		m.Communes = append(m.Communes, c.Slug)
	}
	for _, t := range old.Themes {
		m.Themes = append(m.Themes, t.Slug)
	}
	for _, a := range old.Aliases {
		m.Aliases = append(m.Aliases, a.Slug)
	}
	set := func(f string, dst *string, v string) {
		if given[f] {
			*dst = v
		}
	}
	set("title", &m.Title, in.Title)
	set("carrier", &m.Carrier, in.Carrier)
	set("legal_form", &m.LegalForm, in.LegalForm)
	set("address", &m.Address, in.Address)
	set("website", &m.Website, in.Website)
	set("phone", &m.Phone, in.Phone)
	set("email", &m.Email, in.Email)
	set("opening_hours", &m.OpeningHours, in.OpeningHours)
	set("access", &m.Access, in.Access)
	set("wheelchair", &m.Wheelchair, in.Wheelchair)
	set("body", &m.Body, in.Body)
	if given["type"] || given["categories"] {
		m.Type = in.Type
	}
	if given["themes"] || given["categories"] {
		m.Themes = in.Themes
	}
	if given["status"] {
		m.Status = in.Status
	}
	if given["communes"] || given["insee"] || given["postal_code"] {
		m.Communes = in.Communes
	}
	if given["since"] {
		m.Since = in.Since
	}
	if given["lat"] {
		m.Location = in.Location
	}
	if given["verified"] {
		m.Verified = in.Verified
	}
	return m
}

// communesOf finds the communes of a row, creating those the site lacks when asked.
func (im *importer) communesOf(r *row, d *diag.List) ([]string, []File) {
	var found []cog.Commune
	names := splitList(r.get("communes"))
	insee := r.get("insee")
	postal := r.get("postal_code")
	switch {
	case insee != "":
		for _, code := range splitList(insee) {
			c, ok := cog.Lookup(strings.ToUpper(code))
			if !ok {
				d.Add(r.at("insee"), "no commune has the INSEE code %q", code)
				continue
			}
			found = append(found, c)
		}
	case len(names) > 0:
		for i, n := range names {
			c, ok := im.commune(n, postal, i == 0, r, d)
			if ok {
				found = append(found, c)
			}
		}
	case postal != "":
		cs := cog.ByPostalCode(postal)
		switch len(cs) {
		case 0:
			d.Add(r.at("postal_code"), "no commune has the postal code %q", postal)
		case 1:
			found = append(found, cs[0])
		default:
			d.Add(r.at("postal_code"), "postal code %s serves %s: give the commune's name", postal, cogNames(cs))
		}
	default:
		d.Add(r.pos, "row has no commune: give its name, INSEE code or postal code")
	}
	var slugs []string
	var files []File
	for _, c := range found {
		s, file := im.siteCommune(c, r, d)
		if s != "" && !slices.Contains(slugs, s) {
			slugs = append(slugs, s)
		}
		if file != nil {
			files = append(files, *file)
		}
	}
	return slugs, files
}

// commune finds the commune called name, using the row's postal code (for the first
// commune) to choose between homonyms, and the site's own communes first.
func (im *importer) commune(name, postal string, first bool, r *row, d *diag.List) (cog.Commune, bool) {
	if c, ok := cog.Lookup(strings.ToUpper(name)); ok && len(name) == 5 {
		return c, true // an INSEE code in the commune column
	}
	if cs := cog.ByPostalCode(name); len(cs) == 1 {
		return cs[0], true
	}
	key := cog.Fold(name)
	for _, c := range im.site.Communes {
		if cog.Fold(c.Name) == key || c.Slug == slug.Make(name) {
			if k, ok := cog.Lookup(c.INSEE); ok {
				return k, true
			}
		}
	}
	cs := cog.Search(name)
	exact := cs[:0:0]
	for _, c := range cs {
		if cog.Fold(c.Name) == key {
			exact = append(exact, c)
		}
	}
	if len(exact) > 0 {
		cs = exact
	}
	if len(cs) > 1 && first && postal != "" {
		var byPostal []cog.Commune
		for _, c := range cs {
			if slices.Contains(c.PostalCodes(), postal) {
				byPostal = append(byPostal, c)
			}
		}
		if len(byPostal) > 0 {
			cs = byPostal
		}
	}
	if len(cs) > 1 {
		// Prefer the départements of the site.
		var near []cog.Commune
		for _, c := range cs {
			for _, sc := range im.site.Communes {
				if sc.Departement == c.Departement {
					near = append(near, c)
					break
				}
			}
		}
		if len(near) == 1 {
			cs = near
		}
	}
	switch len(cs) {
	case 0:
		d.Add(r.at("communes"), "no commune is named %q in the code officiel géographique: check the spelling, or give its INSEE code", name)
	case 1:
		return cs[0], true
	default:
		d.Add(r.at("communes"), "%q may be %s: give the postal code or the INSEE code", name, cogNames(cs))
	}
	return cog.Commune{}, false
}

// siteCommune returns the slug of the site's commune c, creating its file when asked.
func (im *importer) siteCommune(c cog.Commune, r *row, d *diag.List) (string, *File) {
	if sc := im.communes[c.Code]; sc != nil {
		return sc.Slug, nil
	}
	if s, ok := im.created[c.Code]; ok {
		return s, nil
	}
	if !im.o.Communes {
		d.Add(r.at("communes"), "commune %s (%s, INSEE %s) is not in the atlas: add it with atlas new commune %q, or import with --communes",
			c.Name, c.Departement, c.Code, c.Name)
		return "", nil
	}
	s := slug.Make(c.Name)
	for _, sc := range im.site.Communes {
		if sc.Slug == s {
			s += "-" + strings.ToLower(c.Code) // a homonym the site already has
		}
	}
	im.created[c.Code] = s
	return s, &File{Path: content.CommunesDir + "/" + s + ".toml", Data: []byte(fiche.Commune(c, im.o.Date))}
}

func cogNames(cs []cog.Commune) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, fmt.Sprintf("%s (%s, INSEE %s)", c.Name, c.Departement, c.Code))
	}
	return strings.Join(parts, ", ")
}

// term finds the term of list that v names: by --map, slug, name, plural or keyword.
func (im *importer) term(list []*content.Term, v string) *content.Term {
	if to, ok := im.o.Map[v]; ok && to != "" {
		v = to
	}
	return findTerm(list, v)
}

func findTerm(list []*content.Term, v string) *content.Term {
	if t := namedTerm(list, v); t != nil {
		return t
	}
	return keywordTerm(list, v)
}

// category finds the type or theme a category names, by name before keyword.
func (im *importer) category(v string) (t *content.Term, isType bool) {
	if to, ok := im.o.Map[v]; ok && to != "" {
		v = to
	}
	s := im.site.Site
	if t := namedTerm(s.Types, v); t != nil {
		return t, true
	}
	if t := namedTerm(s.Themes, v); t != nil {
		return t, false
	}
	if t := keywordTerm(s.Types, v); t != nil {
		return t, true
	}
	return keywordTerm(s.Themes, v), false
}

// namedTerm finds the term of list whose slug, name or plural is v.
func namedTerm(list []*content.Term, v string) *content.Term {
	key := cog.Fold(v)
	s := slug.Make(v)
	for _, t := range list {
		if t.Slug == v || t.Slug == s || cog.Fold(t.Name) == key || cog.Fold(t.Plural) == key {
			return t
		}
	}
	return nil
}

// keywordTerm finds the term of list that has v among its keywords.
func keywordTerm(list []*content.Term, v string) *content.Term {
	key := cog.Fold(v)
	for _, t := range list {
		for _, k := range termKeywords(t) {
			if cog.Fold(k) == key {
				return t
			}
		}
	}
	return nil
}

func slugList(list []*content.Term) string {
	var s []string
	for _, t := range list {
		s = append(s, t.Slug)
	}
	return strings.Join(s, ", ")
}

// mapKey writes a value as the left side of a --map argument, quoted for a shell
// when it needs it.
func mapKey(v string) string {
	if strings.ContainsAny(v, " '\"&;|<>()$`\\") {
		return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
	}
	return v
}

// splitList splits a cell that holds several values: by ";", "|" or lines, and by
// "," when there is none of those.
func splitList(s string) []string {
	var out []string
	seps := func(r rune) bool { return r == ';' || r == '|' || r == '\n' }
	if !strings.ContainsFunc(s, seps) {
		seps = func(r rune) bool { return r == ',' }
	}
	for _, p := range strings.FieldsFunc(s, seps) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// terms splits a cell of types or themes like splitList, keeping whole a value that
// names a term although it holds a comma (« Enfance, jeunesse et étudiants »).
func (im *importer) terms(s string, lists ...[]*content.Term) []string {
	known := func(v string) bool {
		for _, l := range lists {
			if im.term(l, v) != nil {
				return true
			}
		}
		return false
	}
	if known(strings.TrimSpace(s)) {
		return []string{strings.TrimSpace(s)}
	}
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == '\n' }) {
		if p = strings.TrimSpace(p); p == "" {
			continue
		} else if known(p) || !strings.Contains(p, ",") {
			out = append(out, p)
		} else {
			out = append(out, splitList(p)...)
		}
	}
	return out
}
