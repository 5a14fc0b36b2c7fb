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
//
// The site's own pages and files, which package render makes and which free pages and
// aliases cannot take (Reserved): /reseau/, /etat-des-lieux/, /carte/, /recherche/,
// /donnees/, /atom.xml, /sitemap.xml, /robots.txt, /404.html.
//
// Names are sorted with French collation. Every list the model holds is in a fixed
// order that does not depend on map iteration or scheduling, so output is
// deterministic.
package atlas
