package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/scaffold"
)

const initHelp = `
Init starts a new atlas in DIR, which must not exist or be empty, for a territory:

  atlas init DIR --departement 93 [--departement 94]   the communes of one or more départements
  atlas init DIR --epci 200057867                      the communes of an EPCI or EPT (SIREN number)
  atlas init DIR --communes 92071,92002                the communes of a list (INSEE codes)

It writes site.toml with a default ESS vocabulary and the [publisher] table of the
legal pages, one file per commune from the code officiel géographique, an « À
propos » page, a README for the network, and CI files for GitHub Pages and GitLab
Pages that install this version of atlas. The new atlas builds and passes check
at once.`

// stringList is a flag that may be given several times, each time with one or
// more comma-separated values.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, ",") }

func (l *stringList) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

func runInit(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("init", "init DIR --departement CODE | --epci SIREN | --communes INSEE,…", initHelp, stderr)
	var deps, communes stringList
	fs.Var(&deps, "departement", "a département `code` (repeat or separate by commas for several)")
	epci := fs.String("epci", "", "the SIREN `number` of an EPCI or EPT")
	fs.Var(&communes, "communes", "INSEE `codes`, separated by commas")
	title := fs.String("title", "", "the atlas's `title` (default: from the territory)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fs.Usage()
		return usageError{"init takes one folder"}
	}
	dir := rest[0]
	v, _ := version()
	files, d := scaffold.New(scaffold.Options{Departements: deps, EPCI: *epci, Communes: communes, Title: *title, Version: v})
	if len(d) > 0 {
		return usageError{d.Error()}
	}
	if err := emptyDir(dir); err != nil {
		return err
	}
	if err := writeAll(dir, files); err != nil {
		return err
	}
	n := 0
	for _, f := range files {
		if strings.HasPrefix(f.Path, "content/communes/") {
			n++
		}
	}
	fmt.Fprintf(stdout, "%s: a new atlas of %s, %d files\n", dir, count(n, "commune", "communes"), len(files))
	if !scaffold.Pinnable(v) {
		fmt.Fprintf(stderr, "atlas init: this atlas command is version %s, not a release: the CI files install atlas@latest; set ATLAS_VERSION in them to pin one\n", v)
	}
	fmt.Fprintf(stdout, "next: cd %s && atlas check && atlas serve\n", dir)
	return nil
}

// emptyDir makes dir if it does not exist, and refuses one that holds anything:
// init never writes over a user's files.
func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return os.MkdirAll(dir, 0o755)
	case err != nil:
		if fi, serr := os.Stat(dir); serr == nil && !fi.IsDir() {
			return usageError{fmt.Sprintf("%s is a file, not a folder", dir)}
		}
		return err
	case len(entries) > 0:
		return usageError{fmt.Sprintf("%s is not empty: atlas init writes only into a new or empty folder", dir)}
	}
	return nil
}

// writeAll creates each file under dir through an os.Root, so that nothing is
// written outside it, and never replaces a file.
func writeAll(dir string, files []scaffold.File) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range files {
		if d := path.Dir(f.Path); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		w, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := w.Write(f.Data); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return nil
}
