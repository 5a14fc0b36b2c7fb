package main

import (
	"fmt"
	"io"
	"os"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

const checkHelp = `
Check reads and validates the whole atlas, renders every page in memory and writes
nothing. Every problem is printed as path:line:col: message, sorted, and the exit
status is 1 when there is any. Suggestions that are not problems (a status of
site.toml without a stage) are printed as path:line:col: note: …, and do not change
the exit status.`

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
	res, d := build.Run(build.Options{Source: os.DirFS(*src), Theme: atlas.Theme(), Today: today()})
	if len(d) > 0 {
		return d
	}
	notes := res.Atlas.Site.Notes()
	notes.Sort()
	for _, n := range notes {
		fmt.Fprintln(stderr, n.Error())
	}
	fmt.Fprintf(stdout, "ok: %d communes, %d initiatives, %d pages\n", len(res.Atlas.Communes), len(res.Atlas.Initiatives), res.Pages)
	return nil
}
