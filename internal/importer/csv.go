package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/diag"
)

// Columns are the fields a column can fill, each with the headers, French and
// English, that name it; headers are compared folded (accents, case and punctuation
// aside).
var Columns = []struct {
	Field   string
	Headers []string
}{
	{"slug", []string{"slug", "identifiant", "id"}},
	{"title", []string{"title", "nom", "name", "titre", "intitule", "nom de l initiative", "initiative"}},
	{"communes", []string{"communes", "commune", "communes identifiants", "ville", "city", "localite", "locality", "address locality", "addresslocality"}},
	{"insee", []string{"insee", "code insee", "codes insee", "code commune", "code officiel geographique", "cog"}},
	{"postal_code", []string{"code postal", "cp", "postal code", "postalcode", "postcode", "zip"}},
	{"type", []string{"type", "type identifiant", "type d initiative", "categorie", "category", "famille"}},
	{"themes", []string{"themes", "theme", "thematiques", "thematiques identifiants", "thematique", "besoins", "besoin", "domaines", "domaine"}},
	{"categories", []string{"categories", "taxonomy", "taxonomie"}},
	{"status", []string{"status", "statut", "statut identifiant", "etat", "etape"}},
	{"since", []string{"since", "depuis", "annee", "annee de creation", "creation", "date de creation"}},
	{"carrier", []string{"carrier", "porteur", "structure", "structure porteuse", "porte par", "organisme"}},
	{"legal_form", []string{"legal form", "legal_form", "forme juridique", "statut juridique"}},
	{"address", []string{"address", "adresse", "adresse postale", "street address", "streetaddress", "rue"}},
	{"lat", []string{"lat", "latitude"}},
	{"lon", []string{"lon", "lng", "long", "longitude"}},
	{"website", []string{"website", "site", "site web", "site internet", "web"}},
	{"location", []string{"location", "position"}},
	{"phone", []string{"phone", "telephone", "tel", "tél", "numero de telephone"}},
	{"email", []string{"email", "e mail", "courriel", "mail", "adresse mail", "adresse electronique"}},
	{"opening_hours", []string{"opening hours", "opening_hours", "horaires", "heures d ouverture", "hours"}},
	{"access", []string{"access", "acces", "public", "qui peut venir", "conditions d acces"}},
	{"wheelchair", []string{"wheelchair", "fauteuil roulant", "acces en fauteuil roulant", "acces fauteuil", "acces pmr", "pmr", "accessibilite"}},
	{"body", []string{"body", "description", "presentation", "descriptif", "texte", "activites"}},
	{"source", []string{"source", "sources", "comment le savez vous"}},
	{"source_url", []string{"source url", "lien de la source", "url de la source"}},
	{"verified", []string{"verified", "verifie le", "date de verification", "mise a jour", "mis a jour le", "updated"}},
	// What atlas's own data files add to the fields above, which import leaves out:
	// the page's address, names beside slugs, the stage of the status, hours in words.
	{"", []string{"url", "page", "type name", "theme names", "status name", "commune names", "stage", "etape",
		"opening hours text", "horaires en clair"}},
}

// fieldOf returns the field a header names, or "".
func fieldOf(header string, m map[string]string) (string, bool) {
	if f, ok := m[header]; ok {
		return f, true
	}
	h := cog.Fold(header)
	for k, f := range m {
		if cog.Fold(k) == h {
			return f, true
		}
	}
	for _, c := range Columns {
		if slices.ContainsFunc(c.Headers, func(x string) bool { return cog.Fold(x) == h }) {
			return c.Field, true
		}
	}
	return "", false
}

// decodeText returns data as UTF-8 text: without its byte-order mark, or read as
// Windows-1252 when it is not valid UTF-8.
func decodeText(data []byte) ([]byte, string) {
	if b, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf")); ok {
		return b, "UTF-8 with BOM"
	}
	if utf8.Valid(data) {
		return data, "UTF-8"
	}
	b, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data, "UTF-8"
	}
	return b, "Windows-1252"
}

// separator returns the separator the header line uses most, ";" or ",", or a tab.
func separator(text []byte) rune {
	line, _, _ := bytes.Cut(text, []byte("\n"))
	best, n := ';', bytes.Count(line, []byte(";"))
	for _, c := range []rune{',', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

// readCSV reads the rows of a CSV file; each cell's position is its line and the
// column, counted in characters, where it starts.
func readCSV(name string, data []byte, m map[string]string, d *diag.List, warn *[]string) []*row {
	text, _ := decodeText(data)
	f := diag.NewFile(name, text)
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = separator(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	header, err := r.Read()
	if err != nil {
		d.Add(csvErrPos(f, err), "%s", csvErrMsg(err))
		return nil
	}
	fields := make([]string, len(header))
	seen := map[string]int{}
	for i, h := range header {
		line, col := r.FieldPos(i)
		pos := at(f, line, col)
		fld, ok := fieldOf(strings.TrimSpace(h), m)
		switch {
		case !ok:
			if strings.TrimSpace(h) != "" {
				d.Add(pos, "column %q is not a field of an initiative: name its field with --map %s=FIELD, or leave it out with --map %s=", h, mapKey(h), mapKey(h))
			}
		case fld == "":
			// left out on purpose
		case seen[fld] > 0:
			// atlas's own files give a slug, then a name: the first column wins.
			*warn = append(*warn, fmt.Sprintf("%s: column %q left out: column %d already gives the %s", pos, h, seen[fld], fld))
		default:
			if !slices.ContainsFunc(Columns, func(c struct {
				Field   string
				Headers []string
			}) bool {
				return c.Field == fld
			}) {
				d.Add(pos, "--map %s=%s: %q is not a field: use %s", mapKey(h), fld, fld, fieldNames())
				continue
			}
			fields[i] = fld
			seen[fld] = i + 1
		}
	}
	if seen["title"] == 0 && len(*d) == 0 {
		d.Add(f.LineCol(1, 1), "no column names the initiatives: call one « nom » or « title », or use --map COLUMN=title")
	}
	var rows []*row
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			d.Add(csvErrPos(f, err), "%s", csvErrMsg(err))
			if _, ok := err.(*csv.ParseError); ok && !errors.Is(err, csv.ErrFieldCount) {
				break // the rest of the file cannot be read in step
			}
			continue
		}
		line, _ := r.FieldPos(0)
		rw := &row{line: line, pos: at(f, line, 1), values: map[string]cell{}}
		empty := true
		for i, v := range rec {
			if strings.TrimSpace(v) != "" {
				empty = false
			}
			if i >= len(fields) || fields[i] == "" {
				continue
			}
			l, c := r.FieldPos(i)
			rw.values[fields[i]] = cell{v, at(f, l, c)}
		}
		if !empty {
			rows = append(rows, rw)
		}
	}
	return rows
}

// at is the position of the byte column col (from 1) of line, in characters.
func at(f *diag.File, line, col int) diag.Pos {
	return f.Pos(f.Offset(line) + max(col, 1) - 1)
}

func fieldNames() string {
	var s []string
	for _, c := range Columns {
		s = append(s, c.Field)
	}
	return strings.Join(s, ", ")
}

func csvErrPos(f *diag.File, err error) diag.Pos {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return at(f, pe.Line, pe.Column)
	}
	return f.LineCol(1, 1)
}

func csvErrMsg(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		switch {
		case errors.Is(pe.Err, csv.ErrQuote), errors.Is(pe.Err, csv.ErrBareQuote):
			return "a quote \" inside a cell that is not quoted: put the cell between quotes and double the quote (\"\")"
		case errors.Is(pe.Err, csv.ErrFieldCount):
			return "row has another number of cells than the header"
		}
		return pe.Err.Error()
	}
	return err.Error()
}
