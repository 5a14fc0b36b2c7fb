// Package nearby writes carte/lieux.json, the one file that the browser's
// « Autour de moi » (static/js/proximite.js) and the interactive map
// (static/js/carte.js) read: where every initiative is, and the centre and
// postal codes of every commune of the territory, so that the distances the
// browser computes come from the same centres as the pages built in Go.
//
// # The file
//
// carte/lieux.json is one JSON object, written in a fixed key order so that
// it is byte-identical across builds:
//
//	{
//	  "version": 1,
//	  "credit": "Centres des communes : GeoNames (geonames.org), licence CC BY 4.0",
//	  "departements": ["92"],
//	  "types":    [{"slug": "ressourcerie", "name": "Ressourcerie", "plural": "Ressourceries"}, …],
//	  "themes":   [{"slug": "alimentation", "name": "Alimentation"}, …],
//	  "statuses": [{"slug": "ouvert", "name": "Ouvert", "stage": "active"}, …],
//	  "communes": [{"name": "Antony", "insee": "92002", "postal": ["92160"],
//	                "lat": 48.75329, "lon": 2.29668}, …
//	               {"name": "Vanves", "insee": "92075", "postal": ["92170"],
//	                "lat": 48.82345, "lon": 2.29025, "slug": "vanves",
//	                "url": "/communes/vanves/", "initiatives": 3}, …],
//	  "initiatives": [{"title": "…", "url": "/initiatives/…/", "communes": [41],
//	                   "type": 2, "themes": [0, 3], "status": 1,
//	                   "lat": 48.82345, "lon": 2.29025, "approx": true}, …]
//	}
//
// "communes" holds every commune of the code officiel géographique in the
// départements of the network's communes (the territory a resident may type
// a name or postal code from), then the network's communes of other
// départements, sorted by INSEE code. A commune of the network has "slug",
// "url" (from the site root, without the base path) and "initiatives" (its
// number of initiatives); the others have none of the three, which is how a
// script tells « Antony ne fait pas (encore) partie de l'atlas ». "lat" and
// "lon" are its centre, the one the pages use (its file's location, else
// GeoNames'), and are absent when it has none; "postal" may be empty.
//
// "initiatives" lists every initiative in the site's order (by title). Its
// "communes" are indexes into "communes", "type" and "status" indexes into
// "types" and "statuses" (-1 when it has none), "themes" indexes into
// "themes". "lat" and "lon" are where the map draws it, absent when it is
// not placed; "approx" is true when that is only its first commune's centre.
//
// URLs are paths from the site root: a script prefixes them with the base
// path of the site, which the page gives it.
package nearby

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/cog"
)

// Path is where the file is written, from the site root.
const Path = "carte/lieux.json"

// Version is the format's version, which a script checks.
const Version = 1

type term struct {
	Slug   string `json:"slug"`
	Name   string `json:"name"`
	Plural string `json:"plural,omitempty"`
	Stage  string `json:"stage,omitempty"`
}

type commune struct {
	Name        string   `json:"name"`
	INSEE       string   `json:"insee"`
	Postal      []string `json:"postal"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
	Slug        string   `json:"slug,omitempty"`
	URL         string   `json:"url,omitempty"`
	Initiatives *int     `json:"initiatives,omitempty"`
}

type initiative struct {
	Title    string   `json:"title"`
	URL      string   `json:"url"`
	Communes []int    `json:"communes"`
	Type     int      `json:"type"`
	Themes   []int    `json:"themes"`
	Status   int      `json:"status"`
	Lat      *float64 `json:"lat,omitempty"`
	Lon      *float64 `json:"lon,omitempty"`
	Approx   bool     `json:"approx,omitempty"`
}

type file struct {
	Version      int          `json:"version"`
	Credit       string       `json:"credit,omitempty"`
	Departements []string     `json:"departements"`
	Types        []term       `json:"types"`
	Themes       []term       `json:"themes"`
	Statuses     []term       `json:"statuses"`
	Communes     []commune    `json:"communes"`
	Initiatives  []initiative `json:"initiatives"`
}

// Build returns the content of carte/lieux.json for a.
func Build(a *atlas.Atlas) []byte {
	f := file{Version: Version, Credit: a.GeoNamesCredit(), Departements: []string{},
		Types: []term{}, Themes: []term{}, Statuses: []term{}, Communes: []commune{}, Initiatives: []initiative{}}
	types := map[*atlas.Type]int{}
	for i, t := range a.Types {
		types[t] = i
		f.Types = append(f.Types, term{Slug: t.Slug, Name: t.Name, Plural: t.Plural})
	}
	themes := map[*atlas.Theme]int{}
	for i, t := range a.Themes {
		themes[t] = i
		f.Themes = append(f.Themes, term{Slug: t.Slug, Name: t.Name})
	}
	statuses := map[*atlas.Status]int{}
	for i, s := range a.Statuses {
		statuses[s] = i
		f.Statuses = append(f.Statuses, term{Slug: s.Slug, Name: s.Name, Stage: s.Term.Stage})
	}

	// The territory: every commune of the network's départements, and the
	// network's communes, by INSEE code; a network commune abroad (département
	// 99) has no COG entry and is keyed by its own code.
	byCode := map[string]*atlas.Commune{}
	deps := map[string]bool{}
	for _, c := range a.Communes {
		byCode[c.INSEE] = c
		if c.Departement != "" && c.Departement != atlas.Abroad {
			deps[c.Departement] = true
		}
	}
	for d := range deps {
		f.Departements = append(f.Departements, d)
	}
	slices.Sort(f.Departements)
	type entry struct {
		code string
		off  cog.Commune
		cm   *atlas.Commune
	}
	var all []entry
	seen := map[string]bool{}
	for _, d := range f.Departements {
		for _, off := range cog.InDepartement(d) {
			all = append(all, entry{off.Code, off, byCode[off.Code]})
			seen[off.Code] = true
		}
	}
	for _, c := range a.Communes {
		if !seen[c.INSEE] {
			off, _ := cog.Lookup(c.INSEE)
			all = append(all, entry{c.INSEE, off, c})
			seen[c.INSEE] = true
		}
	}
	slices.SortFunc(all, func(x, y entry) int { return strings.Compare(x.code, y.code) })
	index := map[*atlas.Commune]int{}
	for i, e := range all {
		cm := commune{Name: e.off.Name, INSEE: e.code, Postal: e.off.PostalCodes()}
		if cm.Postal == nil {
			cm.Postal = []string{}
		}
		if lat, lon, ok := e.off.Centre(); ok {
			cm.Lat, cm.Lon = &lat, &lon
		}
		if c := e.cm; c != nil {
			index[c] = i
			cm.Name, cm.Slug, cm.URL = c.Name, c.Slug, c.URL()
			if c.PostalCodes != nil {
				cm.Postal = c.PostalCodes
			}
			n := len(c.Initiatives)
			cm.Initiatives = &n
			cm.Lat, cm.Lon = nil, nil
			if c.Location != nil {
				lat, lon := c.Location.Lat, c.Location.Lon
				cm.Lat, cm.Lon = &lat, &lon
			}
		}
		f.Communes = append(f.Communes, cm)
	}

	for _, in := range a.Initiatives {
		r := initiative{Title: in.Title, URL: in.URL(), Communes: []int{}, Type: -1, Themes: []int{}, Status: -1}
		for _, c := range in.Communes {
			r.Communes = append(r.Communes, index[c])
		}
		if in.Type != nil {
			r.Type = types[in.Type]
		}
		for _, t := range in.Themes {
			r.Themes = append(r.Themes, themes[t])
		}
		if in.Status != nil {
			r.Status = statuses[in.Status]
		}
		if loc, atCentre := in.Location(); loc != nil {
			lat, lon := loc.Lat, loc.Lon
			r.Lat, r.Lon, r.Approx = &lat, &lon, atCentre
		}
		f.Initiatives = append(f.Initiatives, r)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(f) // cannot fail: only strings, numbers and slices
	return b.Bytes()
}
