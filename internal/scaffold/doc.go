// Package scaffold makes the files of a new atlas for a territory: a
// département or several, an intercommunalité (EPCI or EPT) or a list of
// communes, taken from the code officiel géographique of package cog.
//
// [New] takes values and returns files, with every problem of its options at
// once; it reads and writes nothing, so that atlas init alone touches the disk.
// The files are:
//
//	site.toml                        title, description, the default ESS vocabulary
//	                                 (types with keywords, themes, statuses with their
//	                                 stage), [publisher], [freshness], [contribute]
//	content/communes/<slug>.toml     one per commune: name, INSEE code, département,
//	                                 intercommunalité, population; an empty summary
//	content/pages/a-propos.md        the « À propos » page
//	README.md                        how the network adds, checks, previews, publishes
//	.github/workflows/atlas.yml      GitHub Actions: check on pull requests, build and
//	                                 deploy to GitHub Pages on main
//	.gitlab-ci.yml                   the same for GitLab Pages
//	.gitignore                       the output folder
//
// The legal pages are not among them: they are theme defaults, filled from
// [publisher]. The CI files install the atlas command with go install at the
// version given in [Options], when it is one the module proxy can serve.
//
// The output is the same for the same options; the golden tree in testdata
// shows it (go test ./internal/scaffold -update rewrites it).
package scaffold
