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
	v, goVersion := "(devel)", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(stdout, "atlas %s (%s)\n", v, goVersion)
	return nil
}
