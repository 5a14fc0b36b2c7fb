// Command atlas builds a static website from an atlas of the social and solidarity
// economy: communes in TOML, initiatives and pages in Markdown.
//
// Usage:
//
//	atlas build  [-s DIR] [-o DIR] [--base-url URL]   build the site (default: ./ into ./public)
//	atlas serve  [-s DIR] [--addr 127.0.0.1:1313]      build, serve, watch, reload the browser
//	atlas check  [-s DIR]                              validate everything, write nothing
//	atlas new commune "Nom" [-s DIR]
//	atlas new initiative "Nom" --commune SLUG --type SLUG [-s DIR]
//	atlas init DIR --departement 93 | --epci SIREN | --communes INSEE,…
//	atlas import FILE.csv|FILE.json [-s DIR] [--dry-run] [--skip-bad] [--update] [--communes] [--map COLUMN=FIELD]
//	atlas version
//
// Problems in the content are printed as path:line:col: message, all of them, and the
// exit status is 1; bad usage exits with status 2.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

// command is one subcommand: its flags and help live in its own file.
type command struct {
	name  string
	short string
	run   func(args []string, stdout, stderr io.Writer) error
}

var commands = []command{
	{"build", "build the site", runBuild},
	{"serve", "build, serve, watch and reload the browser", runServe},
	{"check", "validate the content, write nothing", runCheck},
	{"new", "create a commune or an initiative", runNew},
	{"init", "start a new atlas for a territory", runInit},
	{"import", "make initiative files from a spreadsheet (CSV) or a GoGoCarto export", runImport},
	{"version", "print the version", runVersion},
}

// exitError ends the command with its status, the command having said why.
type exitError struct{ status int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.status) }

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, for tests.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			return exitCode(c.run(args[1:], stdout, stderr), stderr)
		}
	}
	fmt.Fprintf(stderr, "atlas: unknown command %q\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: atlas <command> [arguments]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprintln(w, "\nRun 'atlas <command> -h' for the arguments of a command.")
}

func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	var dl diag.List
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.status
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		if ue.msg != "" {
			fmt.Fprintf(stderr, "atlas: %s\n", ue.msg)
		}
		return 2
	case errors.As(err, &dl):
		fmt.Fprintln(stderr, dl.Error())
		fmt.Fprintf(stderr, "atlas: %s\n", count(len(dl), "problem", "problems"))
		return 1
	}
	fmt.Fprintf(stderr, "atlas: %v\n", err)
	return 1
}

// printWarnings prints each warning as path:line:col: warning: message, sorted.
// Warnings never change the exit status.
func printWarnings(w io.Writer, l diag.List) {
	l = slices.Clone(l)
	l.Sort()
	for _, x := range l {
		fmt.Fprintln(w, x.Error())
	}
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// newFlags returns a flag set that reports errors instead of exiting, with help text.
func newFlags(name, synopsis, help string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: atlas %s\n\n%s\n", synopsis, strings.TrimSpace(help))
		if hasFlags(fs) {
			fmt.Fprintln(stderr, "\nflags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// parse parses args, turning flag errors into usage errors. Flags may come after
// positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
