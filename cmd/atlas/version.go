package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

const versionHelp = `Version prints the version of atlas and of the Go toolchain that built it.`

func runVersion(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("version", "version", versionHelp, stderr)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	v, goVersion := version()
	fmt.Fprintf(stdout, "atlas %s (%s)\n", v, goVersion)
	return nil
}

// version returns the module version of atlas, "(devel)" when unknown, and the
// version of Go that built it. atlas init pins the first in the CI files it writes.
func version() (v, goVersion string) {
	v, goVersion = "(devel)", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	return v, goVersion
}
