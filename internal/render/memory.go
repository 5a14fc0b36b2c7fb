package render

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"strconv"
	"strings"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/geo"
	"github.com/reseau-ess-92/atlas/internal/opendata"
	"github.com/reseau-ess-92/atlas/internal/parallel"
)

// Route is the SVG map of an itinerary: its stops, numbered, joined in order by a
// line. A stop is drawn at its initiative's own location, else at its commune's
// centre; a stop without either is left off the map and listed in Missing.
type Route struct {
	Width, Height int
	Line          string // the points of the polyline, "x,y x,y …"
	Points        []RoutePoint
	Places        []RoutePlace // the centres of the communes it goes through, for bearings
	ScaleKm       string
	ScaleLen      float64
	ScaleY        float64
	AtCentre      int          // stops drawn at their commune's centre
	Missing       []atlas.Stop // stops without coordinates
	GPX           string       // site path of the GPX file
}

// RoutePoint is one numbered stop on the route map.
type RoutePoint struct {
	N        int
	X, Y     float64
	URL      string
	Title    string
	AtCentre bool
}

// RoutePlace is a commune centre drawn under the route, with its name.
type RoutePlace struct {
	X, Y float64
	Name string
}

// GPXPath is the site path of an itinerary's GPX file.
func GPXPath(p *atlas.Parcours) string { return p.URL() + p.Slug + ".gpx" }

// newRoute draws p; nil when no stop has coordinates.
func newRoute(p *atlas.Parcours) *Route {
	rt := &Route{GPX: GPXPath(p)}
	var ps []geo.Pos
	type placed struct {
		st       atlas.Stop
		pos      geo.Pos
		atCentre bool
	}
	var stops []placed
	for _, st := range p.Stops {
		loc, atCentre := st.Initiative.Location()
		if loc == nil {
			rt.Missing = append(rt.Missing, st)
			continue
		}
		if atCentre {
			rt.AtCentre++
		}
		ps = append(ps, pos(loc))
		stops = append(stops, placed{st, pos(loc), atCentre})
	}
	if len(stops) == 0 {
		return rt
	}
	for _, cm := range p.Communes {
		if cm.Location != nil {
			ps = append(ps, pos(cm.Location))
		}
	}
	f := geo.Fit(ps, 800, 640, 60)
	rt.Width, rt.Height = int(f.Width), int(f.Height)
	km, l := f.Scale()
	rt.ScaleKm, rt.ScaleLen, rt.ScaleY = strconv.FormatFloat(km, 'f', -1, 64), l, f.Height-12
	// Stops drawn at the same place (two initiatives at one commune's centre) are
	// set around it, so that each number can be read and clicked.
	at := map[[2]float64]int{}
	var line strings.Builder
	for i, s := range stops {
		x, y := f.XY(s.pos)
		k := [2]float64{x, y}
		if n := at[k]; n > 0 {
			x += 38 * float64((n+1)/2) * float64(1-2*(n%2))
		}
		at[k]++
		if i > 0 {
			line.WriteByte(' ')
		}
		line.WriteString(strconv.FormatFloat(x, 'f', -1, 64) + "," + strconv.FormatFloat(y, 'f', -1, 64))
		title := strconv.Itoa(s.st.N) + ". " + s.st.Initiative.Title
		if s.atCentre {
			title += " (placée au centre de la commune)"
		}
		rt.Points = append(rt.Points, RoutePoint{N: s.st.N, X: x, Y: y, URL: s.st.Initiative.URL(), Title: title, AtCentre: s.atCentre})
	}
	rt.Line = line.String()
	for _, cm := range p.Communes {
		if cm.Location != nil {
			x, y := f.XY(pos(cm.Location))
			rt.Places = append(rt.Places, RoutePlace{X: x, Y: y, Name: cm.Name})
		}
	}
	return rt
}

// gpx writes the GPX 1.1 file of p: one waypoint per stop and the route through
// them, in order, with links to the atlas. Stops without coordinates are left out;
// those placed at their commune's centre say so.
func (r *Renderer) gpx(p *atlas.Parcours, site string) File {
	var b bytes.Buffer
	esc := func(s string) string {
		var e bytes.Buffer
		xml.EscapeText(&e, []byte(s))
		return e.String()
	}
	abs := func(path string) string { return esc(r.baseURL + strings.TrimPrefix(path, "/")) }
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<gpx version="1.1" creator="atlas" xmlns="http://www.topografix.com/GPX/1/1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">` + "\n")
	b.WriteString("<metadata><name>" + esc(p.Title) + "</name>")
	if p.Description != "" {
		b.WriteString("<desc>" + esc(p.Description) + "</desc>")
	}
	b.WriteString(`<link href="` + abs(p.URL()) + `"><text>` + esc(p.Title+" · "+site) + "</text></link></metadata>\n")
	type pt struct {
		lat, lon string
		body     string
	}
	var pts []pt
	for _, st := range p.Stops {
		loc, atCentre := st.Initiative.Location()
		if loc == nil {
			continue
		}
		var e strings.Builder
		e.WriteString("<name>" + esc(strconv.Itoa(st.N)+". "+st.Initiative.Title) + "</name>")
		desc := st.Text
		if atCentre {
			desc = strings.TrimSpace(desc + " (Position approximative : centre de la commune.)")
		}
		if desc != "" {
			e.WriteString("<desc>" + esc(desc) + "</desc>")
		}
		e.WriteString(`<link href="` + abs(st.Initiative.URL()) + `"><text>` + esc(st.Initiative.Title) + "</text></link>")
		if st.Initiative.Type != nil {
			e.WriteString("<type>" + esc(st.Initiative.Type.Name) + "</type>")
		}
		pts = append(pts, pt{strconv.FormatFloat(loc.Lat, 'f', -1, 64), strconv.FormatFloat(loc.Lon, 'f', -1, 64), e.String()})
	}
	for _, x := range pts {
		b.WriteString(`<wpt lat="` + x.lat + `" lon="` + x.lon + `">` + x.body + "</wpt>\n")
	}
	b.WriteString("<rte><name>" + esc(p.Title) + "</name>")
	b.WriteString(`<link href="` + abs(p.URL()) + `"><text>` + esc(p.Title) + "</text></link>\n")
	for _, x := range pts {
		b.WriteString(`<rtept lat="` + x.lat + `" lon="` + x.lon + `">` + x.body + "</rtept>\n")
	}
	b.WriteString("</rte>\n</gpx>\n")
	return File{Path: strings.TrimPrefix(GPXPath(p), "/"), Data: b.Bytes(), Compact: true}
}

// Embed is the data of a commune's /integrer/ page: the iframe code a mairie pastes
// into its own website, and the commune's own data files.
type Embed struct {
	Frame   string // site path of the page the iframe shows
	Code    string // the <iframe> element to paste, as text
	GeoJSON string // site paths of the commune's data files
	JSON    string
}

// EmbedPaths returns the site paths of a commune's GeoJSON and JSON files.
func EmbedPaths(c *atlas.Commune) (geojson, json string) {
	return c.IntegrerURL() + c.Slug + ".geojson", c.IntegrerURL() + c.Slug + ".json"
}

// newEmbed makes the iframe code of c. The iframe names the commune in its title,
// which screen readers announce on entering it.
func (r *Renderer) newEmbed(c *atlas.Commune) *Embed {
	e := &Embed{Frame: c.EmbedURL()}
	e.GeoJSON, e.JSON = EmbedPaths(c)
	src := r.baseURL + strings.TrimPrefix(e.Frame, "/")
	title := "Initiatives d’économie sociale et solidaire à " + c.Name
	e.Code = `<iframe src="` + template.HTMLEscapeString(src) + `" title="` + template.HTMLEscapeString(title) +
		`" style="width:100%;height:600px;border:0" loading="lazy"></iframe>`
	return e
}

// communeData makes c's own GeoJSON and JSON files.
func (r *Renderer) communeData(a *atlas.Atlas, c *atlas.Commune) []File {
	g, j := opendata.Commune(a, c, r.baseURL)
	gp, jp := EmbedPaths(c)
	return []File{
		{Path: strings.TrimPrefix(gp, "/"), Data: g, Compact: true, Group: "commune-data"},
		{Path: strings.TrimPrefix(jp, "/"), Data: j, Compact: true, Group: "commune-data"},
	}
}

// memoryPages adds the pages of the documents, the itineraries and each commune's
// page for a mairie's website, and emits the files that go with them (GPX, the
// commune's data).
func (r *Renderer) memoryPages(a *atlas.Atlas, bodies Bodies, site *Site, add func(*Page), emit func(File), sel *Selection) {
	home := Crumb{"Accueil", "/"}
	add(&Page{Kind: "sources", Path: "/sources/", Title: "Sources", Crumbs: []Crumb{home},
		Description: "Les comptes rendus, lettres et études d’où viennent les informations de l’atlas, avec ce que chacun rapporte."})
	for _, s := range a.Sources {
		desc := bodies[s].Summary
		if desc == "" {
			desc = s.Title + ", " + FrenchDate(s.Date) + " : participants, communes représentées et initiatives citées."
		}
		add(&Page{Kind: "source", Path: s.URL(), Title: s.Title + ", " + FrenchDate(s.Date), Description: desc,
			Crumbs: []Crumb{home, {"Sources", "/sources/"}}, Source: s, Body: bodies[s].HTML,
			Report: newReport(a.Site.Contribute, s.Title, r.baseURL+strings.TrimPrefix(s.URL(), "/"), s.Path)})
	}
	add(&Page{Kind: "itineraires", Path: "/parcours/", Title: "Parcours", Crumbs: []Crumb{home},
		Description: "Des itinéraires de visite d’initiatives de l’ESS, étape par étape, à imprimer ou à charger dans un GPS."})
	for _, p := range a.Parcours {
		desc := p.Description
		if desc == "" {
			desc = bodies[p].Summary
		}
		if desc == "" {
			desc = p.Title + " : " + plural(len(p.Stops), "étape", "étapes") + "."
		}
		add(&Page{Kind: "parcours", Path: p.URL(), Title: p.Title, Description: desc,
			Crumbs: []Crumb{home, {"Parcours", "/parcours/"}}, Parcours: p, Body: bodies[p].HTML, Route: newRoute(p),
			Report: newReport(a.Site.Contribute, p.Title, r.baseURL+strings.TrimPrefix(p.URL(), "/"), p.Path)})
		emit(r.gpx(p, site.Title))
	}
	for _, c := range a.Communes {
		e := r.newEmbed(c)
		add(&Page{Kind: "integrer", Path: c.IntegrerURL(), Title: "Les initiatives de " + c.Name + " sur le site de la mairie",
			Description: "Le code à coller pour montrer les initiatives de l’ESS de " + c.Name + " sur un autre site, et leurs données.",
			Crumbs:      []Crumb{home, {"Communes", "/communes/"}, {c.Name, c.URL()}}, Commune: c, Embed: e})
		add(&Page{Kind: "cadre", Path: e.Frame, Title: "Initiatives d’économie sociale et solidaire à " + c.Name,
			NoIndex: true, Commune: c, Embed: e})
	}
	if sel.bodiesOnly() {
		return // the communes' data files hold no Markdown
	}
	var todo []*atlas.Commune
	for _, c := range a.Communes {
		if sel.communeData(c) {
			todo = append(todo, c)
		}
	}
	parallel.For(len(todo), func(i int) {
		for _, f := range r.communeData(a, todo[i]) {
			emit(f)
		}
	})
}
