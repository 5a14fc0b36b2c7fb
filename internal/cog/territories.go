package cog

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The territories are written by the program in genterritories, from the same
// npm package as the communes (see the package comment).
//go:generate go run ./genterritories -src ${COG_SRC} -version 6.0.0

//go:embed territories.txt.gz
var territoryData []byte

// Departement is a département, or an overseas collectivity that has a code of
// its own.
type Departement struct {
	Code    string // "93", "2A", "971"
	Name    string // "Seine-Saint-Denis"
	Article int    // INSEE's type de nom en clair (TNCC), 0 to 8: how the name is introduced
}

// Of returns the name introduced by "de" as French writes it: "de la
// Seine-Saint-Denis", "des Hauts-de-Seine", "de l’Ain", "du Rhône", "de Paris".
func (d Departement) Of() string {
	switch d.Article {
	case 1:
		return "d’" + d.Name
	case 2:
		return "du " + d.Name
	case 3:
		return "de la " + d.Name
	case 4, 6:
		return "des " + d.Name
	case 5:
		return "de l’" + d.Name
	case 7:
		return "de las " + d.Name
	case 8:
		return "de los " + d.Name
	}
	return "de " + d.Name
}

// Intercommunalite is an EPCI à fiscalité propre or an établissement public
// territorial (EPT) of the Métropole du Grand Paris, with its member communes.
type Intercommunalite struct {
	SIREN   string   // 9 digits
	Kind    string   // EPT, METRO (métropole), MET69 (Métropole de Lyon), CU, CA or CC
	Name    string   // "Plaine Commune"
	Members []string // INSEE codes, sorted
}

type territories struct {
	deps   []Departement      // sorted by code
	groups []Intercommunalite // sorted by SIREN
}

var territoryList = sync.OnceValue(func() territories {
	t, err := decodeTerritories(territoryData)
	if err != nil {
		panic("cog: embedded territories: " + err.Error())
	}
	return t
})

const territoryHeader = "# cog territories v1 from @etalab/decoupage-administratif "

// maxTerritoryData bounds the decompressed size that decodeTerritories accepts.
const maxTerritoryData = 1 << 22

func decodeTerritories(gz []byte) (territories, error) {
	var t territories
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return t, err
	}
	b, err := io.ReadAll(io.LimitReader(zr, maxTerritoryData+1))
	if err != nil {
		return t, err
	}
	if len(b) > maxTerritoryData {
		return t, errors.New("data too large")
	}
	text := string(b)
	if !strings.HasPrefix(text, territoryHeader) {
		return t, errors.New("bad header")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")[1:]
	for i, line := range lines {
		f := strings.Split(line, "\t")
		bad := errors.New("line " + strconv.Itoa(i+2) + ": bad fields")
		switch {
		case len(f) == 4 && f[0] == "D":
			n, err := strconv.Atoi(f[2])
			if err != nil || n < 0 || n > 8 || f[1] == "" || f[3] == "" {
				return t, bad
			}
			t.deps = append(t.deps, Departement{Code: f[1], Name: f[3], Article: n})
		case len(f) == 5 && f[0] == "I":
			if len(f[1]) != 9 || f[2] == "" || f[3] == "" || f[4] == "" {
				return t, bad
			}
			t.groups = append(t.groups, Intercommunalite{SIREN: f[1], Kind: f[2], Name: f[3], Members: strings.Fields(f[4])})
		default:
			return t, bad
		}
	}
	if !slices.IsSortedFunc(t.deps, func(a, b Departement) int { return strings.Compare(a.Code, b.Code) }) ||
		!slices.IsSortedFunc(t.groups, func(a, b Intercommunalite) int { return strings.Compare(a.SIREN, b.SIREN) }) {
		return t, errors.New("territories not sorted")
	}
	return t, nil
}

// LookupDepartement finds a département by its code, written as in the COG:
// "93", "2A", "971".
func LookupDepartement(code string) (Departement, bool) {
	deps := territoryList().deps
	i, ok := slices.BinarySearchFunc(deps, code, func(d Departement, c string) int { return strings.Compare(d.Code, c) })
	if !ok {
		return Departement{}, false
	}
	return deps[i], true
}

// LookupIntercommunalite finds an EPCI or an EPT by its SIREN number. The
// returned Members slice belongs to the caller.
func LookupIntercommunalite(siren string) (Intercommunalite, bool) {
	gs := territoryList().groups
	i, ok := slices.BinarySearchFunc(gs, siren, func(g Intercommunalite, s string) int { return strings.Compare(g.SIREN, s) })
	if !ok {
		return Intercommunalite{}, false
	}
	g := gs[i]
	g.Members = slices.Clone(g.Members)
	return g, true
}
