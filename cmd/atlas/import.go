package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/importer"
)

const importHelp = `
Import turns a spreadsheet saved as CSV (separated by ; or ,, in UTF-8 or
Windows-1252, as French Excel writes it) or a GoGoCarto export (JSON) into
initiative files of the atlas in DIR, one per row: content/initiatives/<slug>.md,
with a source naming the imported file and the date.

The columns are recognised by their French or English headers (nom/title, commune,
code postal, insee, type, thématiques, statut, adresse, horaires, téléphone,
courriel, site web, description…); --map names the field of another column
("Nom de la structure=title"), leaves one out ("Remarques="), or maps a value of a
type, theme or category to a slug of site.toml ("Marché=circuit-court").

Communes are matched by name, INSEE code or postal code; one the atlas does not
have yet is reported, or created from the code officiel géographique with
--communes. An existing initiative file is never replaced: it is reported, or, with
--update, rewritten with only the fields the row gives.

Every bad row is reported at once as FILE:LINE:COL: message, with exit status 1, and
nothing is written unless every row is good; --skip-bad writes the good ones all the
same. --dry-run writes nothing and says what would be written.`

// mapFlag is --map, which may be given several times.
type mapFlag map[string]string

func (m mapFlag) String() string { return "" }
func (m mapFlag) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(k) == "" {
		return fmt.Errorf("%q is not COLUMN=FIELD", v)
	}
	m[strings.TrimSpace(k)] = strings.TrimSpace(val)
	return nil
}

func runImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", "import [-s DIR] [--dry-run] [--skip-bad] [--update] [--communes] [--status SLUG] [--map COLUMN=FIELD]... FILE.csv|FILE.json", importHelp, stderr)
	src := fs.String("s", ".", "site `folder`")
	dry := fs.Bool("dry-run", false, "write nothing; say what would be written")
	skipBad := fs.Bool("skip-bad", false, "write the good rows even when others are bad")
	update := fs.Bool("update", false, "merge a row into the existing file of the same initiative")
	communes := fs.Bool("communes", false, "create the communes the atlas does not have yet, from the COG")
	status := fs.String("status", "", "status `slug` of rows that give none (default: the first active status of site.toml)")
	day := fs.String("date", "", "date of the import, `YYYY-MM-DD` (default: today)")
	m := mapFlag{}
	fs.Var(m, "map", "`COLUMN=FIELD` for a column, or VALUE=SLUG for a type, theme or category")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return usageError{"import takes one file: a .csv or a GoGoCarto .json"}
	}
	file := rest[0]
	date := time.Now().UTC().Truncate(24 * time.Hour)
	if *day != "" {
		if date, err = time.Parse(time.DateOnly, *day); err != nil {
			return usageError{fmt.Sprintf("--date %q is not a date like 2026-12-01", *day)}
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return usageError{err.Error()}
	}
	site, err := openSite(*src)
	if err != nil {
		return err
	}
	defer site.Close()
	c, d := content.Load(site)
	if len(d) > 0 && c.Site == nil {
		return d
	}
	res, d := importer.Import(c, data, importer.Options{Name: file, Map: m, Communes: *communes, Update: *update, Status: *status, Date: date})
	d.Sort()
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w)
	}
	for _, s := range res.Skipped {
		fmt.Fprintln(stderr, s)
	}
	if len(d) > 0 && !*skipBad {
		fmt.Fprintln(stderr, d.Error())
		fmt.Fprintf(stderr, "atlas: %d of %d rows have a problem: nothing written (--skip-bad writes the good ones)\n", res.Bad, res.Rows)
		return exitError{1}
	}
	written, err := writeImport(*src, res.Files, *dry, stdout)
	if err != nil {
		return err
	}
	verb := "written"
	if *dry {
		verb = "would be written (--dry-run)"
	}
	fmt.Fprintf(stdout, "%d rows read, %d files %s, %d left as they are", res.Rows, written, verb, len(res.Skipped))
	if res.Bad > 0 {
		fmt.Fprintf(stdout, ", %d bad rows skipped", res.Bad)
	}
	fmt.Fprintln(stdout)
	if len(d) > 0 {
		fmt.Fprintln(stderr, d.Error())
		return exitError{1}
	}
	return nil
}

// writeImport writes the files inside the site folder, through os.Root so that no
// link leads a file out of it: a new file never replaces one, an updated one is
// written beside it and renamed over it.
func writeImport(src string, files []importer.File, dry bool, stdout io.Writer) (int, error) {
	root, err := os.OpenRoot(src)
	if err != nil {
		return 0, err
	}
	defer root.Close()
	n := 0
	for _, f := range files {
		what := "new"
		if f.Update {
			what = "updated"
		}
		fmt.Fprintf(stdout, "%s: %s\n", f.Path, what)
		if dry {
			n++
			continue
		}
		if err := root.MkdirAll(path.Dir(f.Path), 0o755); err != nil {
			return n, err
		}
		if f.Update {
			tmp := f.Path + ".atlas-import"
			if err := root.WriteFile(tmp, f.Data, 0o644); err != nil {
				return n, err
			}
			if err := root.Rename(tmp, f.Path); err != nil {
				return n, err
			}
			n++
			continue
		}
		w, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			if errors.Is(err, os.ErrExist) {
				return n, fmt.Errorf("%s already exists", f.Path)
			}
			return n, err
		}
		if _, err := w.Write(f.Data); err != nil {
			w.Close()
			return n, err
		}
		if err := w.Close(); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
