// Genterritories writes territories.txt.gz, the départements and the
// intercommunalités (EPCI à fiscalité propre and EPT) with their member
// communes that package cog embeds, from the JSON files of the npm package
// @etalab/decoupage-administratif.
//
// Usage:
//
//	go run ./genterritories [-src dir] [-o file] [-version v]
//
// -src is the package's data directory, holding departements.json, epci.json
// and ept.json; its parent must hold the package.json whose version is
// -version. The output is gzip-compressed text, one territory a line, fields
// separated by tabs:
//
//	# cog territories v1 from @etalab/decoupage-administratif 6.0.0
//	D  code   article  name                       a département
//	I  siren  kind     name  code code code…      an intercommunalité
//
// The article is INSEE's "type de nom en clair" (TNCC, 0 to 8), which says
// how the name is introduced ("de la Seine-Saint-Denis", "des
// Hauts-de-Seine"). The kind is EPT, METRO, MET69, CU, CA or CC. Lines are
// sorted by kind of line, then by code; member codes are sorted.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

const header = "# cog territories v1 from @etalab/decoupage-administratif "

func main() {
	src := flag.String("src", "", "data directory of @etalab/decoupage-administratif")
	out := flag.String("o", "territories.txt.gz", "output file")
	version := flag.String("version", "", "expected version of the npm package")
	flag.Parse()
	if *src == "" || *version == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	b, err := generate(*src, *version)
	if err == nil {
		err = os.WriteFile(*out, b, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genterritories:", err)
		os.Exit(1)
	}
}

type departement struct {
	Code        string `json:"code"`
	Nom         string `json:"nom"`
	TypeLiaison int    `json:"typeLiaison"`
}

type group struct {
	Code    string `json:"code"`
	Nom     string `json:"nom"`
	Type    string `json:"type"`
	Membres []struct {
		Code string `json:"code"`
	} `json:"membres"`
}

func generate(src, version string) ([]byte, error) {
	var pkg struct{ Version string }
	if err := readJSON(filepath.Join(src, "..", "package.json"), &pkg); err != nil {
		return nil, err
	}
	if pkg.Version != version {
		return nil, fmt.Errorf("the package is version %s, not %s", pkg.Version, version)
	}
	var deps []departement
	var epci, ept []group
	for name, v := range map[string]any{"departements.json": &deps, "epci.json": &epci, "ept.json": &ept} {
		if err := readJSON(filepath.Join(src, name), v); err != nil {
			return nil, err
		}
	}
	var text bytes.Buffer
	text.WriteString(header + version + "\n")
	slices.SortFunc(deps, func(a, b departement) int { return strings.Compare(a.Code, b.Code) })
	for _, d := range deps {
		if d.Code == "" || d.Nom == "" || d.TypeLiaison < 0 || d.TypeLiaison > 8 || strings.ContainsAny(d.Nom, "\t\n") {
			return nil, fmt.Errorf("bad département %+v", d)
		}
		fmt.Fprintf(&text, "D\t%s\t%d\t%s\n", d.Code, d.TypeLiaison, d.Nom)
	}
	groups := append(epci, ept...)
	slices.SortFunc(groups, func(a, b group) int { return strings.Compare(a.Code, b.Code) })
	for i, g := range groups {
		if len(g.Code) != 9 || g.Nom == "" || g.Type == "" || len(g.Membres) == 0 || strings.ContainsAny(g.Nom, "\t\n") {
			return nil, fmt.Errorf("bad intercommunalité %s %q", g.Code, g.Nom)
		}
		if i > 0 && groups[i-1].Code == g.Code {
			return nil, fmt.Errorf("two intercommunalités have the SIREN %s", g.Code)
		}
		var codes []string
		for _, m := range g.Membres {
			if len(m.Code) != 5 {
				return nil, fmt.Errorf("%s: bad member code %q", g.Code, m.Code)
			}
			codes = append(codes, m.Code)
		}
		slices.Sort(codes)
		if len(slices.Compact(slices.Clone(codes))) != len(codes) {
			return nil, errors.New(g.Code + ": a commune is listed twice")
		}
		fmt.Fprintf(&text, "I\t%s\t%s\t%s\t%s\n", g.Code, g.Type, g.Nom, strings.Join(codes, " "))
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	zw.Write(text.Bytes())
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func readJSON(p string, v any) error {
	b, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	return nil
}
