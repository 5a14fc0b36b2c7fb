package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/fiche"
	"github.com/reseau-ess-92/atlas/internal/sitefs"
	"github.com/reseau-ess-92/atlas/internal/slug"
)

const newHelp = `
New creates the file of a commune or an initiative, named after the slug of its name
("Épicerie sociale de Bourg-la-Reine" → epicerie-sociale-de-bourg-la-reine).

  atlas new commune "Nom"
      content/communes/<slug>.toml with the official name, INSEE code, département,
      population and intercommunalité from the code officiel géographique. When
      several communes have that name, atlas asks which one, or takes --insee.

  atlas new initiative "Nom" --commune SLUG --type SLUG [--status SLUG]
      content/initiatives/<slug>.md: front matter to complete and a body to write.

An existing file is never overwritten.`

// stdin is where atlas new reads answers; tests replace it.
var stdin io.Reader = os.Stdin

func runNew(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("new", `new commune "Nom" | new initiative "Nom" --commune SLUG --type SLUG`, newHelp, stderr)
	src := fs.String("s", ".", "site `folder`")
	insee := fs.String("insee", "", "commune: the INSEE `code`, when the name is ambiguous")
	commune := fs.String("commune", "", "initiative: the `slug` of its commune")
	typ := fs.String("type", "", "initiative: the `slug` of its type")
	status := fs.String("status", "", "initiative: the `slug` of its status (default: the first of site.toml)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 2 {
		fs.Usage()
		return usageError{`new takes a kind (commune or initiative) and a name in quotes`}
	}
	kind, name := rest[0], strings.TrimSpace(rest[1])
	if strings.IndexFunc(name, content.IsControl) >= 0 {
		// The file would be refused: content holds no control character.
		return usageError{fmt.Sprintf("the name %q holds a control character", name)}
	}
	if _, err := os.Stat(filepath.Join(*src, content.SiteFile)); err != nil && (kind == "commune" || kind == "initiative") {
		return usageError{fmt.Sprintf("no %s in %s: run atlas new in an atlas folder or give -s DIR", content.SiteFile, *src)}
	}
	switch kind {
	case "commune":
		return newCommune(*src, name, *insee, stdout, stderr)
	case "initiative":
		if *commune == "" || *typ == "" {
			return usageError{"new initiative needs --commune SLUG and --type SLUG"}
		}
		return newInitiative(*src, name, *commune, *typ, *status, stdout)
	}
	return usageError{fmt.Sprintf("unknown kind %q: use commune or initiative", kind)}
}

func newCommune(src, name, insee string, stdout, stderr io.Writer) error {
	var c cog.Commune
	if insee != "" {
		var ok bool
		if c, ok = cog.Lookup(insee); !ok {
			return usageError{fmt.Sprintf("no commune has the INSEE code %q", insee)}
		}
	} else {
		found := cog.Search(name)
		switch len(found) {
		case 0:
			return usageError{fmt.Sprintf("no commune is named %q in the code officiel géographique; check the spelling or give --insee", name)}
		case 1:
			c = found[0]
		default:
			var err error
			if c, err = choose(found, stderr); err != nil {
				return err
			}
		}
	}
	p := filepath.Join(src, filepath.FromSlash(content.CommunesDir), slug.Make(c.Name)+".toml")
	if err := create(p, fiche.Commune(c, time.Now())); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %s (%s, INSEE %s)\n", p, c.Name, c.Departement, c.Code)
	return nil
}

// choose asks which of several communes with the same name is meant.
func choose(found []cog.Commune, stderr io.Writer) (cog.Commune, error) {
	fmt.Fprintln(stderr, "Several communes have this name:")
	for i, c := range found {
		fmt.Fprintf(stderr, "  %d. %s (%s), INSEE %s, %d habitants\n", i+1, c.Name, c.Departement, c.Code, c.Population)
	}
	fmt.Fprint(stderr, "Which one? (number, or run again with --insee CODE) ")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && (!errors.Is(err, io.EOF) || line == "") {
		fmt.Fprintln(stderr)
		return cog.Commune{}, usageError{"the name is ambiguous: give --insee CODE"}
	}
	n, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || n < 1 || n > len(found) {
		return cog.Commune{}, usageError{fmt.Sprintf("answer with a number from 1 to %d", len(found))}
	}
	return found[n-1], nil
}

func newInitiative(src, name, commune, typ, status string, stdout io.Writer) error {
	s := slug.Make(name)
	if s == "" {
		return usageError{fmt.Sprintf("%q has no letter or digit to make a slug of", name)}
	}
	site, err := openSite(src)
	if err != nil {
		return err
	}
	defer site.Close()
	c, d := content.Load(site)
	d.Append(sitefs.Diagnostics(site))
	if c.Site == nil {
		return d
	}
	var communes []string
	for _, x := range c.Communes {
		communes = append(communes, x.Slug)
	}
	if !slices.Contains(communes, commune) {
		return usageError{fmt.Sprintf("no commune %q in %s%s: create it first with atlas new commune", commune, content.CommunesDir, diag.Suggest(commune, communes))}
	}
	if s := termSlugs(c.Site.Types); !slices.Contains(s, typ) {
		return usageError{fmt.Sprintf("no type %q in site.toml%s", typ, diag.Suggest(typ, s))}
	}
	if status == "" && len(c.Site.Statuses) > 0 {
		status = c.Site.Statuses[0].Slug
	}
	if s := termSlugs(c.Site.Statuses); !slices.Contains(s, status) {
		return usageError{fmt.Sprintf("no status %q in site.toml%s", status, diag.Suggest(status, s))}
	}
	p := filepath.Join(src, filepath.FromSlash(content.InitiativesDir), s+".md")
	text := fmt.Sprintf(`+++
title = %s
communes = [%s]
type = %s
themes = []
status = %s
# since = 2021
# carrier = "qui porte l’initiative"
verified = %s

# [[sources]]
# title = "d’où viennent ces informations"
# date = %s
+++
Ce que fait l’initiative, pour qui, depuis quand : seulement ce que disent les sources.
`, fiche.String(name), fiche.String(commune), fiche.String(typ), fiche.String(status), time.Now().Format(time.DateOnly), time.Now().Format(time.DateOnly))
	if err := create(p, text); err != nil {
		return err
	}
	fmt.Fprintln(stdout, p)
	return nil
}

func termSlugs(terms []*content.Term) []string {
	var out []string
	for _, t := range terms {
		out = append(out, t.Slug)
	}
	return out
}

// create writes a new file, never replacing one.
func create(p, text string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists", p)
		}
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
