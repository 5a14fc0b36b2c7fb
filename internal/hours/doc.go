// Package hours reads opening hours written in the OpenStreetMap opening_hours syntax
// (https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification), for the part
// of it that the fiches of an atlas use, and says them in French.
//
// Supported, as the reference implementation (the npm package opening_hours) reads
// them:
//
//	24/7                                  always open
//	Mo-Fr 09:00-12:00,14:00-17:30         weekdays (Mo Tu We Th Fr Sa Su), ranges (Fr-Mo wraps), lists
//	Sa 10:00-12:00; Su off                rules separated by ";": a later rule replaces
//	                                      what earlier ones said of the days it selects
//	Mo-Fr 09:00-18:00; 12:00-14:00 off    off (or closed) with times closes only those times
//	PH off, Su,PH 10:00-12:00             PH: French public holidays (Alsace-Moselle aside)
//	Jan-Mar Mo-Fr 10:00-12:00; Aug off    months (Jan … Dec), ranges (Nov-Feb wraps), lists
//	Mo-Fr, open                           a day without times is open all day; open alone is 24/7
//
// Anything else of the syntax — times past midnight, comments, school holidays (SH),
// sunrise and sunset, dates, weeks, years, nth weekdays (Mo[1]), additional rules
// separated by ",", fallback rules "||", open ends "+" — is rejected with a message
// that names it, at the byte where it starts: atlas never publishes hours it reads
// differently from OpenStreetMap's editors. What the reference tolerates with a
// warning (9:00, lower-case days, spaces around "-", days without hours, two rules of
// hours only, rules after 24/7) is rejected too, with the canonical form to write.
// .ci/opening-hours checks all this against the reference on the values of its own
// tests (go run ./internal/hours/dump writes what this package reads of them).
//
// A Schedule is the list of rules; Open evaluates a day, French describes the week,
// and MarshalJSON gives the rules to the browser script that says « Ouvert
// maintenant » (static/js/horaires.js), which evaluates them the same way.
package hours
