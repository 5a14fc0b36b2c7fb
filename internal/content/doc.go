// Package content reads an atlas's source files from an fs.FS and checks each of them
// on its own: syntax, known keys, value types, required fields, slugs, dates,
// coordinates and URLs. References between files (a commune slug in an initiative, a
// type slug…) are kept with their positions and resolved by package atlas.
//
// The files, relative to the site root:
//
//	site.toml                          settings and the vocabularies (types, themes, statuses, source_kinds)
//	content/communes/<slug>.toml       one commune
//	content/initiatives/**/<slug>.md   one initiative: TOML front matter between +++ lines, then Markdown
//	content/pages/<slug>.md            one free page, same format
//	content/sources/<slug>.md          one document behind the facts (Document): a meeting report, a letter…
//	content/parcours/<slug>.md         one itinerary (Parcours): ordered [[stops]] at initiatives
//
// A document has title, kind (a slug of [[source_kinds]]), date, and optionally place,
// organisation, url, communes (those represented), represented (how many communes the
// document says were represented, when it names fewer) and [[participants]] (name,
// role, commune: public roles only). A [[sources]] entry of an initiative names either
// a document, source = "<slug>", whose title and date it then must not repeat, or a
// title and date of its own; an élu's [[elus]] entry may name the document that
// states the role the same way. An itinerary has title, description and [[stops]],
// each with initiative = "<slug>" and an optional plain text.
//
// An initiative may give practical fields, all optional and never guessed: phone and
// email (the structure's public contact, checked by Rules, which the build can write
// as data for a form in the browser), opening_hours (the OpenStreetMap syntax, read by
// package hours and reported at the character where it goes wrong), access (who may
// come and how, free text) and wheelchair (yes, limited or no, as OpenStreetMap).
//
// site.toml's [[statuses]] each say their stage (project, active, done, closed, or
// unknown when the sources do not tell: how the theme shows them); a site.toml
// written before stages still loads, and Notes
// suggests the stage to add. [freshness] sets how old a check may be (months, 24 by
// default) and the date of the last municipal elections (elections). Its [[types]] and
// [[themes]] may list keywords: other words residents search them by, which the search
// index counts as their name.
//
// The slug of a file is its base name without extension. Load never stops at the first
// problem: it returns everything it could read with every diagnostic, and a file that
// could not be read is still listed (Broken) so that references to it are not reported
// again.
//
// Load reads only through the fs.FS it is given, which build makes a sitefs.FS: a
// symbolic link, named pipe or device met there is reported at path:1:1 and the file
// counted as broken. A file with the upper-case extension of a kind (.MD, .TOML) is
// reported rather than skipped. Every text file is refused at the position of a
// control character other than tab, line feed and a CRLF's carriage return (the first
// ten, then a count), and a TOML string that holds one through an escape is refused at
// its key; a TOML file whose arrays or inline tables nest deeper than 16 levels is
// refused at the bracket, before the parser spends time on it. site.toml's [limits]
// table (source_bytes, static_bytes) raises sitefs's size limits.
package content
