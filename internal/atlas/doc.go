// Package atlas builds the cross-linked model of an atlas from its content: references
// resolved, indexes by commune, intercommunalité, type, theme and status, peer
// examples, backlinks and figures. It does no I/O.
//
// URL scheme (paths relative to the site root; every page is a folder with index.html):
//
//	/                          home
//	/initiatives/<slug>/       one initiative
//	/communes/, /communes/<slug>/
//	/intercommunalites/, /intercommunalites/<slug>/   slug derived from the name
//	/types/, /types/<slug>/
//	/thematiques/, /thematiques/<slug>/
//	/<slug>/                   a free page
//	/sources/, /sources/<slug>/        the documents behind the facts (Source)
//	/parcours/, /parcours/<slug>/      itineraries (Parcours), with <slug>.gpx beside the page
//	/communes/<slug>/integrer/         the iframe code for a mairie's website (IntegrerURL), with
//	                                   cadre/ (EmbedURL, the framed page), <slug>.geojson and <slug>.json
//
// The site's own pages and files, which package render makes and which free pages and
// aliases cannot take (Reserved): /reseau/, /etat-des-lieux/, /carte/, /recherche/,
// /donnees/, /sources/, /parcours/, /atom.xml, /sitemap.xml, /robots.txt, /404.html.
//
// Documents resolve every reference to them: the sources of initiatives become Cites
// (with Doc set for a document of the atlas), the élus' roles point to their Source,
// and each document knows the initiatives that cite it, its communes represented and
// its participants by commune. A commune knows the documents at which it was
// represented (Represented, oldest first) and every document that mentions it
// (Sources, newest first). An initiative knows the itineraries that stop there.
//
// Names are sorted with French collation. Every list the model holds is in a fixed
// order that does not depend on map iteration or scheduling, so output is
// deterministic.
package atlas
