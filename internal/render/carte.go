package render

import (
	"strconv"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/geo"
)

// Carte is an SVG map drawn at build time: /carte/ and the small map of a commune
// page. Initiatives placed at their commune's centre are drawn as one point per
// commune; those with a location of their own each have a point.
type Carte struct {
	Width, Height int
	Points        []MapPoint
	Labels        bool // whether the points carry their names on the map
	ScaleKm       string
	ScaleLen      float64
	ScaleY        float64

	Listed   []MapCommune // the initiatives on the map, as text, by commune
	Unplaced []MapCommune // initiatives without coordinates, by commune
	// UnplacedShort is set when there are too many initiatives without coordinates
	// to list them: Unplaced then holds the communes only.
	UnplacedShort bool
	Precise       int // initiatives at their own location
	AtCentre      int // initiatives at their commune's centre
	NotPlaced     int // initiatives without coordinates

	Tiles      *content.Map // the site's opt-in tiled map, or nil
	GeoJSON    string       // path of atlas.geojson, for the tiled map
	Caption    string
	Credit     string         // GeoNames' attribution, when a centre of the map comes from it
	Featured   *atlas.Commune // the commune of a commune page's map
	Neighbours int            // other communes drawn on a commune page's map
}

// MapPoint is one point of the map.
type MapPoint struct {
	X, Y, R float64
	LX      float64 // where its label starts
	URL     string
	Title   string // the point's accessible name and tooltip
	Label   string // the name written beside it, or "" when the map has no labels
	Class   string // "centre", "precise", "empty" or "featured"
}

// MapCommune is one commune in the text beside the map.
type MapCommune struct {
	Commune     *atlas.Commune // nil for initiatives without a commune
	AtCentre    int            // initiatives drawn at its centre
	Initiatives []*atlas.Initiative
}

const (
	mapWidth  = 1000
	mapHeight = 1100
	mapPad    = 24
	// maxLabels is how many points a map can have and still write their names.
	maxLabels = 40
	// maxUnplaced is how many initiatives without coordinates /carte/ lists by name.
	maxUnplaced = 2000
)

func pos(l *content.LatLon) geo.Pos { return geo.Pos{Lat: l.Lat, Lon: l.Lon} }

// newCarte draws every initiative of a.
func newCarte(a *atlas.Atlas) *Carte {
	c := &Carte{Tiles: a.Site.Map, GeoJSON: "/donnees/atlas.geojson", Credit: a.GeoNamesCredit()}
	centre := map[*atlas.Commune]int{}
	var precise []*atlas.Initiative
	unplaced := map[*atlas.Commune][]*atlas.Initiative{}
	var noCommune []*atlas.Initiative
	for _, in := range a.Initiatives {
		loc, atCentre := in.Location()
		switch {
		case loc == nil:
			c.NotPlaced++
			if len(in.Communes) == 0 {
				noCommune = append(noCommune, in)
			}
			for _, cm := range in.Communes {
				unplaced[cm] = append(unplaced[cm], in)
			}
		case atCentre:
			c.AtCentre++
			for _, cm := range in.Communes {
				if cm.Location != nil {
					centre[cm]++
					break
				}
			}
		default:
			c.Precise++
			precise = append(precise, in)
		}
	}
	var ps []geo.Pos
	for _, cm := range a.Communes {
		if cm.Location != nil {
			ps = append(ps, pos(cm.Location))
		}
	}
	for _, in := range precise {
		ps = append(ps, pos(in.Initiative.Location))
	}
	c.Unplaced = nil
	preciseBy := map[*atlas.Commune][]*atlas.Initiative{}
	for _, in := range precise {
		var cm *atlas.Commune
		if len(in.Communes) > 0 {
			cm = in.Communes[0]
		}
		preciseBy[cm] = append(preciseBy[cm], in)
	}
	for _, cm := range a.Communes {
		if centre[cm] > 0 || len(preciseBy[cm]) > 0 {
			c.Listed = append(c.Listed, MapCommune{Commune: cm, AtCentre: centre[cm], Initiatives: preciseBy[cm]})
		}
		if len(unplaced[cm]) > 0 {
			c.Unplaced = append(c.Unplaced, MapCommune{Commune: cm, Initiatives: unplaced[cm]})
		}
	}
	if g := preciseBy[nil]; len(g) > 0 {
		c.Listed = append(c.Listed, MapCommune{Initiatives: g})
	}
	if len(noCommune) > 0 {
		c.Unplaced = append(c.Unplaced, MapCommune{Initiatives: noCommune})
	}
	if c.NotPlaced > maxUnplaced {
		c.UnplacedShort = true
		for i := range c.Unplaced {
			c.Unplaced[i].AtCentre = len(c.Unplaced[i].Initiatives)
			c.Unplaced[i].Initiatives = nil
		}
	}
	if len(ps) == 0 {
		return c
	}
	f := geo.Fit(ps, mapWidth, mapHeight, mapPad)
	c.frame(f)
	c.Labels = len(ps) <= maxLabels
	for _, cm := range a.Communes {
		if cm.Location == nil {
			continue
		}
		n := centre[cm]
		p := c.point(f, pos(cm.Location), cm.URL(), cm.Name)
		switch {
		case n > 0:
			p.Class, p.R = "centre", radius(n)
			p.Title = cm.Name + " : " + plural(n, "initiative placée", "initiatives placées") + " au centre de la commune"
		default:
			p.Class, p.R = "empty", 4
			p.Title = cm.Name + " : aucune initiative au centre de la commune"
		}
		p.LX = p.X + p.R + 4
		c.Points = append(c.Points, p)
	}
	for _, in := range precise {
		p := c.point(f, pos(in.Initiative.Location), in.URL(), in.Title)
		p.Class, p.R = "precise", 5
		p.Title = in.Title + " (position de l’initiative)"
		p.LX = p.X + p.R + 4
		c.Points = append(c.Points, p)
	}
	return c
}

// newCommuneMap draws a commune, the other communes of its intercommunalité and
// the initiatives of the commune that have their own location; nil when the commune
// has no location.
func newCommuneMap(cm *atlas.Commune) *Carte {
	if cm.Location == nil {
		return nil
	}
	c := &Carte{Featured: cm}
	if cm.CentreFromCOG {
		c.Credit = cog.Credit
	}
	ps := []geo.Pos{pos(cm.Location)}
	others := cm.Others()
	for _, o := range others {
		if o.Location != nil {
			ps = append(ps, pos(o.Location))
			if o.CentreFromCOG {
				c.Credit = cog.Credit
			}
		}
	}
	var precise []*atlas.Initiative
	for _, in := range cm.Initiatives {
		if loc, atCentre := in.Location(); loc != nil && !atCentre {
			precise = append(precise, in)
			ps = append(ps, pos(loc))
		} else if loc != nil {
			c.AtCentre++
		}
	}
	f := geo.Fit(ps, 600, 420, 36)
	c.frame(f)
	c.Labels = true
	for _, o := range others {
		if o.Location != nil {
			p := c.point(f, pos(o.Location), o.URL(), o.Name)
			p.Class, p.R, p.Title = "empty", 7, o.Name
			c.Neighbours++
			p.LX = p.X + p.R + 4
			c.Points = append(c.Points, p)
		}
	}
	p := c.point(f, pos(cm.Location), cm.URL(), cm.Name)
	p.Class, p.R = "featured", 13
	p.Title = cm.Name + " : centre de la commune"
	if c.AtCentre > 0 {
		p.Title += ", où sont placées " + plural(c.AtCentre, "initiative", "initiatives") + " sans adresse précise"
	}
	p.LX = p.X + p.R + 4
	c.Points = append(c.Points, p)
	for _, in := range precise {
		p := c.point(f, pos(in.Initiative.Location), in.URL(), in.Title)
		p.Class, p.R, p.Title, p.Label = "precise", 8, in.Title, ""
		c.Points = append(c.Points, p)
		c.Precise++
	}
	if len(precise) > 0 {
		c.Listed = []MapCommune{{Commune: cm, Initiatives: precise}}
	}
	return c
}

func (c *Carte) frame(f geo.Frame) {
	c.Width, c.Height = int(f.Width), int(f.Height)
	km, l := f.Scale()
	c.ScaleKm = strconv.FormatFloat(km, 'f', -1, 64)
	c.ScaleLen = l
	c.ScaleY = f.Height - 10
}

// point places p on the map, labelled with name when the map has labels: set Labels
// first.
func (c *Carte) point(f geo.Frame, p geo.Pos, url, name string) MapPoint {
	x, y := f.XY(p)
	mp := MapPoint{X: x, Y: y, URL: url}
	if c.Labels {
		mp.Label = name
	}
	return mp
}

// radius grows with the square root of n, so that areas compare.
func radius(n int) float64 {
	r := 5.0
	for k := 1; k*k < n && r < 22; k++ {
		r += 2
	}
	return r
}
