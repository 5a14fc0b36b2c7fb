// Package content reads an atlas's source files from an fs.FS and checks each of them
// on its own: syntax, known keys, value types, required fields, slugs, dates,
// coordinates and URLs. References between files (a commune slug in an initiative, a
// type slug…) are kept with their positions and resolved by package atlas.
//
// The files, relative to the site root:
//
//	site.toml                          settings and the vocabularies (types, themes, statuses)
//	content/communes/<slug>.toml       one commune
//	content/initiatives/**/<slug>.md   one initiative: TOML front matter between +++ lines, then Markdown
//	content/pages/<slug>.md            one free page, same format
//
// The slug of a file is its base name without extension. Load never stops at the first
// problem: it returns everything it could read with every diagnostic, and a file that
// could not be read is still listed (Broken) so that references to it are not reported
// again.
package content
