// Package geo projects WGS 84 positions onto the canvas of an SVG map drawn at
// build time, with the Web Mercator projection of tiled maps, so that the map
// needs no other host.
package geo

import (
	"math"
)

// Pos is a WGS 84 position in degrees.
type Pos struct{ Lat, Lon float64 }

// Frame is a projection that fits a set of positions into a canvas Width units
// wide, with Pad units of margin on every side.
type Frame struct {
	Width, Height float64
	Pad           float64
	minX, maxY    float64 // Mercator units of the top left corner
	scale         float64 // canvas units per Mercator unit
	midLat        float64
}

// minSpan is the smallest extent, in degrees, a frame shows: a single point is
// shown within a few kilometres.
const minSpan = 0.04

// Fit returns the frame that shows every position of ps in a canvas width units
// wide and at most maxHeight units high.
func Fit(ps []Pos, width, maxHeight, pad float64) Frame {
	f := Frame{Width: width, Pad: pad}
	if len(ps) == 0 {
		f.Height = maxHeight
		return f
	}
	minLat, maxLat, minLon, maxLon := ps[0].Lat, ps[0].Lat, ps[0].Lon, ps[0].Lon
	for _, p := range ps[1:] {
		minLat, maxLat = min(minLat, p.Lat), max(maxLat, p.Lat)
		minLon, maxLon = min(minLon, p.Lon), max(maxLon, p.Lon)
	}
	if d := minSpan - (maxLat - minLat); d > 0 {
		minLat, maxLat = minLat-d/2, maxLat+d/2
	}
	if d := minSpan - (maxLon - minLon); d > 0 {
		minLon, maxLon = minLon-d/2, maxLon+d/2
	}
	f.midLat = (minLat + maxLat) / 2
	x0, x1 := mercX(minLon), mercX(maxLon)
	y0, y1 := mercY(minLat), mercY(maxLat)
	f.minX, f.maxY = x0, y1
	inner := width - 2*pad
	f.scale = inner / (x1 - x0)
	if h := (y1 - y0) * f.scale; h > maxHeight-2*pad {
		f.scale = (maxHeight - 2*pad) / (y1 - y0)
		// Centre horizontally what is now narrower than the canvas.
		f.minX -= (inner/f.scale - (x1 - x0)) / 2
	}
	f.Height = math.Ceil((y1-y0)*f.scale + 2*pad)
	return f
}

// XY returns where p is drawn, rounded to a tenth of a unit.
func (f Frame) XY(p Pos) (x, y float64) {
	x = f.Pad + (mercX(p.Lon)-f.minX)*f.scale
	y = f.Pad + (f.maxY-mercY(p.Lat))*f.scale
	return round1(x), round1(y)
}

// Scale returns a scale bar: a round number of kilometres and its length in
// canvas units, about a fifth of the canvas wide.
func (f Frame) Scale() (km float64, length float64) {
	if f.scale == 0 {
		return 0, 0
	}
	// One Mercator unit is one radian of longitude: 6371 km × cos(latitude).
	kmPerUnit := 6371 * math.Cos(f.midLat*math.Pi/180) / f.scale
	target := f.Width / 5 * kmPerUnit
	for _, n := range []float64{0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000} {
		km = n
		if n*2 > target {
			break
		}
	}
	return km, round1(km / kmPerUnit)
}

func mercX(lon float64) float64 { return lon * math.Pi / 180 }

func mercY(lat float64) float64 {
	lat = max(-85, min(85, lat))
	return math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360))
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// earthKm is the mean radius of the Earth, in kilometres.
const earthKm = 6371.0088

// Distance returns the great-circle distance between p and q in kilometres,
// by the haversine formula on a sphere: within 0.5 % of the ellipsoid, which
// is far better than a commune's centre is.
func Distance(p, q Pos) float64 {
	rad := math.Pi / 180
	dLat := (q.Lat - p.Lat) * rad
	dLon := (q.Lon - p.Lon) * rad
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(p.Lat*rad)*math.Cos(q.Lat*rad)*math.Sin(dLon/2)*math.Sin(dLon/2)
	return 2 * earthKm * math.Asin(math.Sqrt(min(1, h)))
}

// MinCellKm returns a lower bound of the width, in kilometres, of a cell of
// deg degrees of latitude and longitude within one cell of latitude lat: a
// degree of longitude shrinks towards the poles, so it takes the cell's
// edge farthest from the equator.
func MinCellKm(deg, lat float64) float64 {
	far := math.Min(89.9, math.Abs(lat)+2*deg)
	return deg * math.Pi / 180 * earthKm * math.Cos(far*math.Pi/180)
}
