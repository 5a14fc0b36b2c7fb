package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/cog"
	"github.com/reseau-ess-92/atlas/internal/content"
)

// year reads a year of creation: 2021, or the year of a date (17/03/2021, 2021-03-17).
func year(v string) (int, bool) {
	if t, ok := date(v); ok {
		v = strconv.Itoa(t.Year())
	}
	n, err := strconv.Atoi(strings.TrimSuffix(v, ".0"))
	if err != nil || n < 1800 || n > 2200 {
		return 0, false
	}
	return n, true
}

// date reads 2021-03-17, 17/03/2021 (French spreadsheets) or 17/03/21.
func date(v string) (time.Time, bool) {
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006", "02/01/06", "02.01.2006", time.RFC3339} {
		if t, err := time.Parse(layout, v); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

// wheelchair reads OpenStreetMap's values and their French words.
func wheelchair(v string) (string, bool) {
	switch cog.Fold(v) {
	case "yes", "oui", "accessible", "o", "y":
		return "yes", true
	case "limited", "partiel", "partielle", "en partie", "partiellement", "limite":
		return "limited", true
	case "no", "non", "n", "inaccessible":
		return "no", true
	}
	return "", false
}

// latLon reads a position in degrees, with a decimal point or a French comma.
func latLon(la, lo string) (*content.LatLon, bool) {
	lat, err1 := strconv.ParseFloat(strings.Replace(la, ",", ".", 1), 64)
	lon, err2 := strconv.ParseFloat(strings.Replace(lo, ",", ".", 1), 64)
	if err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, false
	}
	return &content.LatLon{Lat: lat, Lon: lon}, true
}

// termKeywords are the other words a type or theme is known by.
func termKeywords(t *content.Term) []string { return t.Keywords }
