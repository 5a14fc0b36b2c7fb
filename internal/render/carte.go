package render

import (
	"slices"
	"strconv"
	"unicode/utf8"

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
	// Wide and Narrow are where its label goes when the map is shown wide and on a
	// phone, where the theme draws names and points larger (placeLabels).
	Wide, Narrow Place
	URL          string
	Title        string // the point's accessible name and tooltip
	Label        string // the name written beside it, or "" when the map has no labels
	Class        string // "centre", "precise", "empty" or "featured"
	// population is the commune's, for a commune's point: of two points of the
	// same size, the name of the larger commune is placed first (Saint-Denis
	// before L'Île-Saint-Denis, its neighbour).
	population int
}

// OneLabel reports whether the point writes its name at the same place on every
// screen, as on the small map of a commune page.
func (p MapPoint) OneLabel() bool { return p.Wide == p.Narrow }

// Place is where the name of a point is written, or Show false when it does not
// fit.
type Place struct {
	X, Y   float64
	Anchor string // text-anchor: "start", "end" or "middle"
	Show   bool
}

// Sizes of names and points of the SVG maps, in map units, as the theme's CSS
// draws them (atlas.css: .svgmap font-size, .svgmap-wrap .pt circle scale).
const (
	wideFont, narrowFont     = 26.0, 40.0
	wideScale, narrowScale   = 1.6, 2.4
	smallFont, smallScale    = 30.0, 1.0
	charWidth, lineHeight    = 0.6, 1.2 // of the font size, for a sans-serif font
	labelGap, labelMargin    = 4.0, 3.0
	scaleBarWidth, scaleBarH = 150.0, 44.0
)

// placeLabels chooses where each labelled point writes its name so that no two
// names overlap, no name covers another point, and none leaves the map: it tries
// the right, the left, above, below and the four diagonals, for the points with the most initiatives
// first, then those of the most populous communes, and drops a name that fits
// nowhere. font and scale are the size of the
// names and the factor by which the theme enlarges the points; set picks the
// Place to fill.
func placeLabels(ps []MapPoint, width, height, font, scale float64, set func(*MapPoint) *Place) {
	type box struct{ x0, y0, x1, y1 float64 }
	overlap := func(a, b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }
	var taken []box
	circles := make([]box, len(ps))
	for i, p := range ps {
		r := p.R * scale
		circles[i] = box{p.X - r, p.Y - r, p.X + r, p.Y + r}
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	rank := func(p MapPoint) int {
		switch p.Class {
		case "featured":
			return 0
		case "centre":
			return 1
		}
		return 2
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if c := rank(ps[a]) - rank(ps[b]); c != 0 {
			return c
		}
		if c := cmpFloat(ps[b].R, ps[a].R); c != 0 {
			return c
		}
		return ps[b].population - ps[a].population
	})
	scaleBar := box{0, height - scaleBarH, scaleBarWidth, height}
	for _, i := range order {
		p := &ps[i]
		if p.Label == "" {
			continue
		}
		w := charWidth * font * float64(utf8.RuneCountInString(p.Label))
		h := lineHeight * font
		r := p.R * scale
		tries := []Place{
			{p.X + r + labelGap, p.Y, "start", true},
			{p.X - r - labelGap, p.Y, "end", true},
			{p.X, p.Y - r - labelGap - h/2, "middle", true},
			{p.X, p.Y + r + labelGap + h/2, "middle", true},
			// Then the four diagonals, where a name often fits between neighbours.
			{p.X + 0.7*r + labelGap, p.Y - 0.7*r - h/2, "start", true},
			{p.X - 0.7*r - labelGap, p.Y - 0.7*r - h/2, "end", true},
			{p.X + 0.7*r + labelGap, p.Y + 0.7*r + h/2, "start", true},
			{p.X - 0.7*r - labelGap, p.Y + 0.7*r + h/2, "end", true},
		}
		for _, t := range tries {
			b := box{t.X, t.Y - h/2, t.X + w, t.Y + h/2}
			switch t.Anchor {
			case "end":
				b.x0, b.x1 = t.X-w, t.X
			case "middle":
				b.x0, b.x1 = t.X-w/2, t.X+w/2
			}
			ok := b.x0 >= labelMargin && b.y0 >= labelMargin && b.x1 <= width-labelMargin && b.y1 <= height-labelMargin && !overlap(b, scaleBar)
			for _, o := range taken {
				ok = ok && !overlap(b, o)
			}
			for j, c := range circles {
				ok = ok && (j == i || !overlap(b, c))
			}
			if ok {
				taken = append(taken, b)
				t.X, t.Y = round1(t.X), round1(t.Y)
				*set(p) = t
				break
			}
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MapCommune is one commune in the text beside the map.
type MapCommune struct {
	Commune     *atlas.Commune // nil for initiatives without a commune
	AtCentre    int            // initiatives drawn at its centre
	Initiatives []*atlas.Initiative
	// All lists every initiative drawn at its centre or near it, for the list
	// beside /carte/'s map, which is the map without JavaScript; nil beyond
	// maxUnplaced initiatives, where the list gives counts only.
	All []*atlas.Initiative
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
	atCentreBy := map[*atlas.Commune][]*atlas.Initiative{}
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
					atCentreBy[cm] = append(atCentreBy[cm], in)
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
			mc := MapCommune{Commune: cm, AtCentre: centre[cm], Initiatives: preciseBy[cm]}
			if c.AtCentre+c.Precise <= maxUnplaced {
				mc.All = append(slices.Clone(atCentreBy[cm]), preciseBy[cm]...)
			}
			c.Listed = append(c.Listed, mc)
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
		p.population = cm.Population
		switch {
		case n > 0:
			p.Class, p.R = "centre", radius(n)
			p.Title = cm.Name + " : " + plural(n, "initiative placée", "initiatives placées") + " au centre de la commune"
		default:
			p.Class, p.R = "empty", 4
			p.Title = cm.Name + " : aucune initiative au centre de la commune"
		}
		c.Points = append(c.Points, p)
	}
	for _, in := range precise {
		p := c.point(f, pos(in.Initiative.Location), in.URL(), in.Title)
		p.Class, p.R = "precise", 5
		p.Title = in.Title + " (position de l’initiative)"
		p.Label = ""
		c.Points = append(c.Points, p)
	}
	if c.Labels {
		h := float64(c.Height)
		placeLabels(c.Points, mapWidth, h, wideFont, wideScale, func(p *MapPoint) *Place { return &p.Wide })
		placeLabels(c.Points, mapWidth, h, narrowFont, narrowScale, func(p *MapPoint) *Place { return &p.Narrow })
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
	f := geo.Fit(ps, 600, 420, 64)
	c.frame(f)
	c.Labels = true
	for _, o := range others {
		if o.Location != nil {
			p := c.point(f, pos(o.Location), o.URL(), o.Name)
			p.Class, p.R, p.Title = "empty", 7, o.Name
			p.population = o.Population
			c.Neighbours++
			c.Points = append(c.Points, p)
		}
	}
	p := c.point(f, pos(cm.Location), cm.URL(), cm.Name)
	p.Class, p.R = "featured", 13
	p.Title = cm.Name + " : centre de la commune"
	if c.AtCentre > 0 {
		p.Title += ", où sont placées " + plural(c.AtCentre, "initiative", "initiatives") + " sans adresse précise"
	}
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
	placeLabels(c.Points, float64(c.Width), float64(c.Height), smallFont, smallScale, func(p *MapPoint) *Place { return &p.Wide })
	for i := range c.Points {
		c.Points[i].Narrow = c.Points[i].Wide
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
