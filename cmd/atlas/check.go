package main

import (
	"fmt"
	"io"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

const checkHelp = `
Check reads and validates the whole atlas, renders every page in memory and writes
nothing. Every problem is printed as path:line:col: message, sorted, and the exit
status is 1 when there is any. What is not a problem is printed after, sorted, and
does not change the exit status: suggestions (a status of site.toml without a stage)
as path:line:col: note: …, and what the site should still fill in (the [publisher]
fields that the legal pages show as placeholders) as path:line:col: warning: ….`

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [-s DIR]", checkHelp, stderr)
	src := fs.String("s", ".", "site `folder`")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError{fmt.Sprintf("check takes no arguments, got %q", rest[0])}
	}
	site, err := openSite(*src)
	if err != nil {
		return err
	}
	defer site.Close()
	res, d := build.Run(build.Options{Source: site, Theme: atlas.Theme(), Today: today()})
	if len(d) > 0 {
		return d
	}
	advice := res.Atlas.Site.Notes()
	advice.Append(res.Warnings)
	advice.Sort()
	for _, n := range advice {
		fmt.Fprintln(stderr, n.Error())
	}
	fmt.Fprintf(stdout, "ok: %d communes, %d initiatives, %d pages", len(res.Atlas.Communes), len(res.Atlas.Initiatives), res.Pages)
	if n := len(res.Warnings); n > 0 {
		fmt.Fprintf(stdout, "; %s", count(n, "warning", "warnings"))
	}
	fmt.Fprintln(stdout)
	return nil
}
