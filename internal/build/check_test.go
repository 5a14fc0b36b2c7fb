package build_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

// fixture is a small valid site: two communes, two initiatives, a page.
var fixture = map[string]string{
	"site.toml": `title = "Atlas de test"
baseURL = "https://example.org/"

[[types]]
slug = "ressourcerie"
name = "Ressourcerie"

[[types]]
slug = "epicerie-solidaire"
name = "Épicerie solidaire"

[[themes]]
slug = "alimentation"
name = "Alimentation"

[[themes]]
slug = "reemploi"
name = "Réemploi"

[[statuses]]
slug = "projet"
name = "En projet"

[[statuses]]
slug = "ouvert"
name = "Ouvert"
`,
	"content/communes/sceaux.toml": `name = "Sceaux"
insee = "92071"
departement = "92"
intercommunalite = "Vallée Sud-Grand Paris"
summary = """
La commune soutient la [ressourcerie](initiative:ressourcerie-de-sceaux)."""
`,
	"content/communes/bagneux.toml": `name = "Bagneux"
insee = "92007"
departement = "92"
`,
	"content/initiatives/ressourcerie-de-sceaux.md": `+++
title = "Ressourcerie de Sceaux"
communes = ["sceaux"]
type = "ressourcerie"
themes = ["reemploi"]
status = "ouvert"
verified = 2021-03-17

[[sources]]
title = "Réunion du réseau"
date = 2021-03-17
+++
Une ressourcerie à [Sceaux](commune:sceaux).
`,
	"content/initiatives/epicerie-de-bagneux.md": `+++
title = "Épicerie de Bagneux"
communes = ["bagneux"]
type = "epicerie-solidaire"
status = "projet"
+++
Voir aussi la [ressourcerie](initiative:ressourcerie-de-sceaux).
`,
	"content/pages/a-propos.md": `+++
title = "À propos"
+++
Un atlas.
`,
}

// site returns the fixture with files replaced; an empty string removes a file.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range fixture {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	for p, s := range files {
		if s == "" {
			delete(fsys, p)
			continue
		}
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

const (
	initiative = "content/initiatives/ressourcerie-de-sceaux.md"
	commune    = "content/communes/sceaux.toml"
)

// withFM returns the ressourcerie with its front matter lines replaced.
func withFM(fm string) string {
	return "+++\n" + fm + "+++\nUne ressourcerie.\n"
}

var checkTests = []struct {
	name  string
	files map[string]string
	want  []string
}{
	{"valid", nil, nil},
	{"bom and crlf", map[string]string{
		initiative:  "\uFEFF" + strings.ReplaceAll(fixture[initiative], "\n", "\r\n"),
		commune:     "\uFEFF" + strings.ReplaceAll(fixture[commune], "\n", "\r\n"),
		"site.toml": "\uFEFF" + strings.ReplaceAll(fixture["site.toml"], "\n", "\r\n"),
	}, nil},
	{"missing site.toml", map[string]string{"site.toml": ""}, []string{
		"site.toml:1:1: missing site.toml: is this an atlas folder? (use -s DIR)",
	}},
	{"toml syntax error", map[string]string{
		initiative: withFM("title = \"Ressourcerie\ncommunes = [\"sceaux\"]\n"),
	}, []string{
		initiative + ":2:22: invalid TOML: strings cannot contain newlines",
	}},
	{"toml duplicate key", map[string]string{
		commune: "name = \"Sceaux\"\nname = \"Bagneux\"\n",
	}, []string{
		commune + ":2:1: invalid TOML: key 'name' has already been defined",
	}},
	{"toml syntax error after bom", map[string]string{
		commune: "\uFEFFname = \"Sceaux\ninsee = \"92071\"\n",
	}, []string{
		commune + ":1:15: invalid TOML: strings cannot contain newlines",
	}},
	{"misspelt keys", map[string]string{
		initiative: withFM("titel = \"Ressourcerie\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nverifed = 2021-03-17\n"),
		commune:    fixture[commune] + "populaton = 20000\n",
	}, []string{
		commune + ":7:1: unknown key \"populaton\" (did you mean \"population\"?)",
		initiative + ":1:1: missing required key \"title\"",
		initiative + ":2:1: unknown key \"titel\" (did you mean \"title\"?)",
		initiative + ":6:1: unknown key \"verifed\" (did you mean \"verified\"?)",
	}},
	{"bad postal codes", map[string]string{
		commune: fixture[commune] + "postal_codes = [\"92330\", \"9233\", \"92 330\", 92330]\n",
	}, []string{
		commune + ":7:26: postal code \"9233\" must be 5 digits",
		commune + ":7:34: postal code \"92 330\" must be 5 digits",
		commune + ":7:44: postal_codes must hold strings, not an integer",
	}},
	{"missing required keys", map[string]string{
		initiative:                  withFM("title = \"Ressourcerie\"\n"),
		commune:                     "intercommunalite = \"Vallée Sud-Grand Paris\"\n",
		"content/pages/a-propos.md": "+++\ndescription = \"x\"\n+++\n",
	}, []string{
		commune + ":1:1: missing required key \"insee\"",
		commune + ":1:1: missing required key \"name\"",
		initiative + ":1:1: missing required key \"communes\"",
		initiative + ":1:1: missing required key \"status\"",
		initiative + ":1:1: missing required key \"type\"",
		"content/pages/a-propos.md:1:1: missing required key \"title\"",
	}},
	{"empty required values", map[string]string{
		initiative: withFM("title = \" \"\ncommunes = []\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n"),
	}, []string{
		initiative + ":2:9: title must not be empty",
		initiative + ":3:12: communes must not be empty",
	}},
	{"missing keys in tables", map[string]string{
		initiative:  withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nlocation = { lon = 2.29 }\n[[sources]]\ntitre = \"Réunion\"\n"),
		commune:     fixture[commune] + "\n[[elus]]\nname = \"Florence Presson\"\n",
		"site.toml": fixture["site.toml"] + "\n[[types]]\nslug = \"tiers-lieu\"\nnom = \"Tiers-lieu\"\n",
	}, []string{
		commune + ":8:1: missing required key \"role\" in [[elus]]",
		initiative + ":6:12: missing required key \"lat\" in location",
		initiative + ":7:1: missing required key \"title\" in [[sources]]",
		initiative + ":8:1: unknown key \"titre\" (did you mean \"title\"?)",
		"site.toml:28:1: missing required key \"name\" in [[types]]",
		"site.toml:30:1: unknown key \"nom\" (did you mean \"name\"?)",
	}},
	{"unknown slugs", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceau\", \"bagneux\"]\ntype = \"ressourcery\"\nthemes = [\"reemploi\", \"alimentaton\"]\nstatus = \"ouverte\"\n"),
	}, []string{
		initiative + ":3:13: unknown commune \"sceau\" (did you mean \"sceaux\"?)",
		initiative + ":4:8: unknown type \"ressourcery\" (did you mean \"ressourcerie\"?)",
		initiative + ":5:23: unknown theme \"alimentaton\" (did you mean \"alimentation\"?)",
		initiative + ":6:10: unknown status \"ouverte\" (did you mean \"ouvert\"?)",
	}},
	{"unknown slug far from any", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"boulangerie\"\nstatus = \"ouvert\"\n"),
	}, []string{
		initiative + ":4:8: unknown type \"boulangerie\"",
	}},
	{"slugs in a multi-line array", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\n  \"sceaux\", # la ville\n  \"bagnex\",\n]\ntype = \"ressourcerie\"\nthemes = [\"reemploi\",\n\t\"alimentaton\"]\nstatus = \"ouvert\"\n"),
	}, []string{
		initiative + ":5:3: unknown commune \"bagnex\" (did you mean \"bagneux\"?)",
		initiative + ":9:2: unknown theme \"alimentaton\" (did you mean \"alimentation\"?)",
	}},
	{"slugs in a crlf file with a bom", map[string]string{
		initiative: "\uFEFF" + strings.ReplaceAll(withFM("title = \"R\"\ncommunes = [\"sceau\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n"), "\n", "\r\n"),
	}, []string{
		initiative + ":3:13: unknown commune \"sceau\" (did you mean \"sceaux\"?)",
	}},
	{"type errors", map[string]string{
		initiative: withFM("title = 3\ncommunes = [\"sceaux\", 92]\ntype = [\"ressourcerie\"]\nthemes = \"reemploi\"\nstatus = \"ouvert\"\nsince = \"2021\"\nlocation = [48.7, 2.29]\n"),
	}, []string{
		initiative + ":2:9: title must be a string, not an integer",
		initiative + ":3:23: communes must hold strings, not an integer",
		initiative + ":4:8: type must be a string, not an array",
		initiative + ":5:10: themes must be an array of strings: write [\"reemploi\"]",
		initiative + ":7:9: since must be an integer, not a string",
		initiative + ":8:12: location must be a table { lat = …, lon = … }, not an array",
	}},
	{"dates that are not dates", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nverified = \"not a date\"\n[[sources]]\ntitle = \"Réunion\"\ndate = 2021\n[[sources]]\ntitle = \"Réunion\"\ndate = 2021-03-17T10:00:00\n"),
		commune:    fixture[commune] + "\n[[elus]]\nname = \"F\"\nrole = \"Maire\"\ndate = \"17/03/2021\"\n",
	}, []string{
		commune + ":11:8: date \"17/03/2021\" is not a date like 2021-03-17",
		initiative + ":6:12: verified \"not a date\" is not a date like 2021-03-17",
		initiative + ":9:8: date must be a date like 2021-03-17, not an integer",
		initiative + ":12:8: date must be a date like 2021-03-17, without a time",
	}},
	{"practical fields", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n" +
			"phone = \"01 46 01\"\nemail = \"contact@\"\nwheelchair = \"oui\"\naccess = \"Sur orientation du CCAS\"\n" +
			"opening_hours = \"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-25:00\"\n"),
	}, []string{
		initiative + ":6:9: phone \"01 46 01\" is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939",
		initiative + ":7:9: email \"contact@\" is not an e-mail address like contact@exemple.fr",
		initiative + ":8:14: wheelchair \"oui\" must be yes, limited or no",
		initiative + ":10:58: opening_hours \"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-25:00\": hour 25:00 goes past midnight, which atlas does not support",
	}},
	{"opening hours", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n" +
			"opening_hours = \"Mo-Fx 09:00-12:00\"\n"),
		"content/initiatives/epicerie-de-bagneux.md": withFM("title = \"É\"\ncommunes = [\"bagneux\"]\ntype = \"ressourcerie\"\nstatus = \"projet\"\n" +
			"opening_hours = '  Mo-Fr 9:00-12:00'\nphone = 33\n"),
	}, []string{
		"content/initiatives/epicerie-de-bagneux.md:6:26: opening_hours \"Mo-Fr 9:00-12:00\": hour \"9:00\" is not written like 09:00: write 09:00",
		"content/initiatives/epicerie-de-bagneux.md:7:9: phone must be a string, not an integer",
		initiative + ":6:21: opening_hours \"Mo-Fx 09:00-12:00\": unknown day \"Fx\": use Mo, Tu, We, Th, Fr, Sa, Su or PH",
	}},
	{"stages and freshness", map[string]string{
		"site.toml": strings.Replace(fixture["site.toml"], "name = \"Ouvert\"\n", "name = \"Ouvert\"\nstage = \"open\"\n", 1) +
			"\n[freshness]\nmonths = 0\nelections = \"mars 2026\"\nmois = 3\n",
	}, []string{
		"site.toml:27:9: stage \"open\" must be project, active, done, closed or unknown",
		"site.toml:30:10: months 0 is out of range [1, 1200]",
		"site.toml:31:13: elections \"mars 2026\" is not a date like 2021-03-17",
		"site.toml:32:1: unknown key \"mois\"",
	}},
	{"contribute", map[string]string{
		"site.toml": fixture["site.toml"] +
			"\n[contribute]\nemail = \"atlas@\"\nrepository = \"https://forge.exemple.org/reseau/atlas\"\nedit = \"https://forge.exemple.org/reseau/atlas/edit\"\nforum = \"x\"\n",
	}, []string{
		"site.toml:29:9: email \"atlas@\" is not an e-mail address like contact@exemple.fr",
		"site.toml:30:14: repository \"https://forge.exemple.org/reseau/atlas\": say which forge it is on with forge = \"github\", \"gitlab\", \"forgejo\" or \"gitea\"",
		"site.toml:31:8: edit \"https://forge.exemple.org/reseau/atlas/edit\" must contain {path}, which stands for the file's path",
		"site.toml:32:1: unknown key \"forum\" (did you mean \"forge\"?)",
	}},
	{"contribute forge", map[string]string{
		"site.toml": fixture["site.toml"] + "\n[contribute]\nforge = \"sourcehut\"\nrepository = \"ftp://exemple.org/atlas\"\n",
	}, []string{
		"site.toml:29:9: forge \"sourcehut\" must be github, gitlab, forgejo or gitea",
		"site.toml:30:14: repository \"ftp://exemple.org/atlas\" must use http, https or mailto, not ftp",
	}},
	{"search keywords", map[string]string{
		"site.toml": strings.Replace(strings.Replace(strings.Replace(fixture["site.toml"],
			"name = \"Ressourcerie\"\n", "name = \"Ressourcerie\"\nkeywords = \"meuble\"\n", 1),
			"name = \"Alimentation\"\n", "name = \"Alimentation\"\nkeywords = [\"colis\", \" \", 3]\n", 1),
			"name = \"Ouvert\"\n", "name = \"Ouvert\"\nkeywords = [\"actif\"]\n", 1),
	}, []string{
		"site.toml:7:12: keywords must be an array of strings: write [\"meuble\"]",
		"site.toml:16:22: keywords must not hold an empty string",
		"site.toml:16:27: keywords must hold strings, not an integer",
		"site.toml:29:1: unknown key \"keywords\"",
	}},
	{"invalid date literal", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nverified = 2021-13-45\n"),
	}, []string{
		initiative + ":6:12: invalid TOML: invalid datetime: \"2021-13-45\"",
	}},
	{"coordinates out of range", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nlocation = { lat = 148.77, lon = 2.29 }\n"),
		commune:    fixture[commune] + "location.lat = 48.77\nlocation.lon = -200\n",
	}, []string{
		commune + ":8:16: lon -200 is out of range [-180, 180]",
		initiative + ":6:20: lat 148.77 is out of range [-90, 90]",
	}},
	{"urls", map[string]string{
		initiative:                      withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nwebsite = \"javascript:alert(1)\"\n[[sources]]\ntitle = \"Réunion\"\nurl = \"ftp://example.org/cr.pdf\"\n"),
		commune:                         fixture[commune] + "website = \"www.sceaux.fr\"\n",
		"content/communes/bagneux.toml": fixture["content/communes/bagneux.toml"] + "website = \"mailto:mairie@bagneux92.fr\"\n",
	}, []string{
		commune + ":7:11: website \"www.sceaux.fr\" must be absolute (http, https or mailto)",
		initiative + ":6:11: website \"javascript:alert(1)\" must use http, https or mailto, not javascript",
		initiative + ":9:7: url \"ftp://example.org/cr.pdf\" must use http, https or mailto, not ftp",
	}},
	{"insee codes", map[string]string{
		commune:                          "name = \"Sceaux\"\ninsee = \"9207\"\n",
		"content/communes/bagneux.toml":  "name = \"Bagneux\"\ninsee = \"92999\"\n",
		"content/communes/antony.toml":   "name = \"Antony\"\ninsee = \"92071\"\ndepartement = \"92\"\n",
		"content/communes/clichy.toml":   "name = \"Clichy-la-Garenne\"\ninsee = \"92024\"\n",
		"content/communes/ajaccio.toml":  "name = \"Ajaccio\"\ninsee = \"2a004\"\n",
		"content/communes/malakoff.toml": "name = \"Malakoff\"\ninsee = \"92046\"\ndepartement = \"93\"\n",
		"content/communes/vanves.toml":   "name = \"vanves\"\ninsee = \"92075\"\n",
		"content/communes/vanves-2.toml": "name = \"Vanves\"\ninsee = \"92075\"\n",
		// Département 99 is abroad: outside the COG, not checked against it.
		"content/communes/geneve.toml": "name = \"Genève\"\ninsee = \"10000\"\ndepartement = \"99\"\n",
	}, []string{
		"content/communes/ajaccio.toml:2:9: insee code \"2a004\" does not exist in the code officiel géographique (did you mean \"2A004\", Ajaccio?)",
		"content/communes/antony.toml:2:9: insee code \"92071\" is Sceaux, not \"Antony\"",
		"content/communes/bagneux.toml:2:9: insee code \"92999\" does not exist in the code officiel géographique",
		"content/communes/clichy.toml:2:9: insee code \"92024\" is Clichy, not \"Clichy-la-Garenne\"",
		"content/communes/malakoff.toml:3:15: departement \"93\" does not match insee code \"92046\": want \"92\"",
		commune + ":2:9: insee code \"9207\" must be 5 characters",
		"content/communes/vanves-2.toml:2:9: insee code \"92075\" is already the code of content/communes/vanves.toml",
	}},
	{"dangling links in a body", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n") +
			"\nÀ côté, l’[épicerie](initiative:epicerie-de-bagneu) et\nla [mairie](commune:sceau), une [ressourcerie](type:ressourcery),\n\n- [alimentation](theme:alimentaton \"titre\")\n- [page](page:a-propo) et [autre](type:boulangerie)\n",
	}, []string{
		initiative + ":9:11: link to unknown initiative \"epicerie-de-bagneu\" (did you mean \"epicerie-de-bagneux\"?)",
		initiative + ":10:4: link to unknown commune \"sceau\" (did you mean \"sceaux\"?)",
		initiative + ":10:33: link to unknown type \"ressourcery\" (did you mean \"ressourcerie\"?)",
		initiative + ":12:3: link to unknown theme \"alimentaton\" (did you mean \"alimentation\"?)",
		initiative + ":13:3: link to unknown page \"a-propo\" (did you mean \"a-propos\"?)",
		initiative + ":13:27: link to unknown type \"boulangerie\"",
	}},
	{"bad links in a body", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n") +
			"[x](javascript:alert(1)) et ![y](data:image/svg+xml,x)\n<vbscript:msgbox>\n[z](comune:sceaux) [w](https://)\n",
	}, []string{
		initiative + ":8:1: link \"javascript:alert(1)\" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)",
		initiative + ":8:29: link \"data:image/svg+xml,x\" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)",
		initiative + ":9:1: link \"vbscript:msgbox\" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)",
		initiative + ":10:1: link \"comune:sceaux\" must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:) (did you mean \"commune\"?)",
		initiative + ":10:20: link \"https://\" is not a valid URL",
	}},
	{"dangling link in a commune summary", map[string]string{
		commune: strings.Replace(fixture[commune], "initiative:ressourcerie-de-sceaux)", "initiative:ressourcerie-de-sceaux).\nVoir [Bagneux](commune:bagneu)", 1),
	}, []string{
		commune + ":7:6: link to unknown commune \"bagneu\" (did you mean \"bagneux\"?)",
	}},
	{"dangling link in a crlf commune summary", map[string]string{
		commune: strings.ReplaceAll(strings.Replace(fixture[commune], "initiative:ressourcerie-de-sceaux)", "initiative:ressourcerie-de-sceau)", 1), "\n", "\r\n"),
	}, []string{
		commune + ":6:24: link to unknown initiative \"ressourcerie-de-sceau\" (did you mean \"ressourcerie-de-sceaux\"?)",
	}},
	{"dangling link in a one-line summary", map[string]string{
		"content/communes/bagneux.toml": fixture["content/communes/bagneux.toml"] + "summary = \"Voir [Sceaux](commune:sceau).\"\n",
	}, []string{
		"content/communes/bagneux.toml:4:17: link to unknown commune \"sceau\" (did you mean \"sceaux\"?)",
	}},
	{"inline array of sources", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\nsources = [\n  { title = \"Réunion, mars\", date = 2021-03-17 },\n  { title = \"Réunion\", date = \"hier\", lien = \"x\" },\n  \"CR\",\n]\n"),
	}, []string{
		initiative + ":8:31: date \"hier\" is not a date like 2021-03-17",
		initiative + ":8:39: unknown key \"lien\"",
		initiative + ":9:3: sources must hold tables, not a string",
	}},
	{"duplicate slugs", map[string]string{
		"content/initiatives/2021/ressourcerie-de-sceaux.md": fixture[initiative],
	}, []string{
		initiative + ":1:1: duplicate slug \"ressourcerie-de-sceaux\": content/initiatives/2021/ressourcerie-de-sceaux.md has the same name",
	}},
	{"file names that are not slugs", map[string]string{
		commune:                        "",
		"content/communes/Sceaux.toml": fixture[commune],
		"content/initiatives/Épicerie_Bagneux.md": fixture["content/initiatives/epicerie-de-bagneux.md"],
		"content/pages/--.md":                     fixture["content/pages/a-propos.md"],
	}, []string{
		"content/communes/Sceaux.toml:1:1: file name \"Sceaux.toml\" is not a slug: use lowercase ASCII letters, digits and hyphens (rename it sceaux.toml)",
		"content/initiatives/Épicerie_Bagneux.md:1:1: file name \"Épicerie_Bagneux.md\" is not a slug: use lowercase ASCII letters, digits and hyphens (rename it epicerie-bagneux.md)",
		"content/pages/--.md:1:1: file name \"--.md\" is not a slug: use lowercase ASCII letters, digits and hyphens",
	}},
	{"aliases", map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\naliases = [\"/communes/sceaux/\", \"/initiatives/ancienne/\", \"ancienne\", \"/a/../b/\"]\n"),
		"content/initiatives/epicerie-de-bagneux.md": "+++\ntitle = \"É\"\ncommunes = [\"bagneux\"]\ntype = \"epicerie-solidaire\"\nstatus = \"projet\"\naliases = [\"/initiatives/ancienne/index.html\"]\n+++\n",
		"content/pages/a-propos.md":                  "+++\ntitle = \"À propos\"\naliases = [\"/types/\"]\n+++\n",
	}, []string{
		initiative + ":6:12: alias \"/communes/sceaux/\" is the path of an existing page",
		initiative + ":6:33: alias \"/initiatives/ancienne/\" is already used at content/initiatives/epicerie-de-bagneux.md:6:12",
		initiative + ":6:59: alias \"ancienne\" must be a path from the site root, starting with /",
		initiative + ":6:71: alias \"/a/../b/\" is not a clean path",
		"content/pages/a-propos.md:3:12: alias \"/types/\" is the path of an existing page",
	}},
	{"empty file", map[string]string{
		commune:    " \n\n",
		initiative: "\uFEFF",
	}, []string{
		commune + ":1:1: empty file",
		initiative + ":1:1: empty file",
	}},
	{"invalid utf-8", map[string]string{
		commune:    "name = \"Sc\xe9aux\"\ninsee = \"92071\"\n",
		initiative: withFM("title = \"R\"\n") + "Caf\xe9\n",
	}, []string{
		commune + ":1:11: invalid UTF-8: save the file as UTF-8",
		initiative + ":5:4: invalid UTF-8: save the file as UTF-8",
	}},
	{"front matter", map[string]string{
		initiative: "+++\ntitle = \"R\"\ncommunes = [\"sceaux\"]\n",
		"content/initiatives/epicerie-de-bagneux.md": "title = \"É\"\n",
	}, []string{
		"content/initiatives/epicerie-de-bagneux.md:1:1: missing front matter: the file must start with a +++ line",
		initiative + ":1:1: front matter is never closed: add a +++ line after it",
	}},
	{"broken commune causes no cascade", map[string]string{
		commune: "name = \"Sceaux\nsummary = 1\n",
		"content/initiatives/epicerie-de-bagneux.md": fixture["content/initiatives/epicerie-de-bagneux.md"] + "[Sceaux](commune:sceaux)\n",
	}, []string{
		commune + ":1:15: invalid TOML: strings cannot contain newlines",
	}},
	{"broken initiative causes no cascade", map[string]string{
		initiative: "+++\ntitle = \n+++\n",
	}, []string{
		initiative + ":2:9: invalid TOML: expected value but found the end of the line instead",
	}},
	{"broken site.toml causes no cascade", map[string]string{
		"site.toml": "title = \"Atlas\"\n[[types]\nslug = \"x\"\n",
		"content/initiatives/epicerie-de-bagneux.md": fixture["content/initiatives/epicerie-de-bagneux.md"] + "[x](type:ressourcerie) [y](theme:alimentation)\n",
	}, []string{
		"site.toml:2:8: invalid TOML: expected end of table array name delimiter ']', but got the end of the line instead",
	}},
	{"vocabularies", map[string]string{
		"site.toml": fixture["site.toml"] + "\n[[themes]]\nslug = \"reemploi\"\nname = \"Réemploi\"\n\n[[themes]]\nslug = \"Vélo\"\nname = \"Vélo\"\n",
	}, []string{
		"site.toml:29:8: duplicate slug \"reemploi\" in [[themes]]",
		"site.toml:33:8: slug \"Vélo\" is not a slug: use lowercase ASCII letters, digits and hyphens",
	}},
	// Pages are rendered from minified templates; errors are placed in the text as
	// written, whose lines and columns the minifier changes.
	{"template parse error", map[string]string{
		"layouts/initiative.html": "{{template \"base\" .}}\n{{define \"main\"}}\n<h1>\n  {{.Title}\n</h1>\n{{end}}\n",
	}, []string{
		"layouts/initiative.html:4: bad character U+007D '}'",
	}},
	{"template execution error", map[string]string{
		"layouts/initiative.html": "{{template \"base\" .}}\n{{define \"main\"}}\n<article>\n  <h1>{{.Title}}</h1>\n    <p>{{.Nope}}</p>\n</article>\n{{end}}\n",
	}, []string{
		"layouts/initiative.html:5:10: executing \"main\" at <.Nope>: can't evaluate field Nope in type *render.Page",
	}},
	{"template execution error in a partial", map[string]string{
		"layouts/partials/cards.html": "{{define \"item\"}}\n<li>\n  <a href=\"{{url .URL}}\">{{.Title}}</a>\n  {{.Nope}}\n</li>\n{{end}}\n" +
			"{{define \"list\"}}<ul>{{items \"item\" .}}</ul>{{end}}{{define \"list-typed\"}}{{end}}{{define \"list-where\"}}{{end}}{{define \"cards\"}}{{end}}{{define \"backlinks\"}}{{end}}{{define \"commune-links\"}}{{end}}",
	}, []string{
		"layouts/partials/cards.html:4:5: executing \"item\" at <.Nope>: can't evaluate field Nope in type *atlas.Initiative",
	}},
	{"memo of a value that cannot be a key", map[string]string{
		"layouts/initiative.html": "{{template \"base\" .}}\n{{define \"main\"}}\n<ul>{{memo \"link\" .Initiative.Communes}}</ul>\n{{end}}\n",
	}, []string{
		"layouts/initiative.html:3:7: executing \"main\" at <memo \"link\" .Initiative.Communes>: error calling memo: memo: []*atlas.Commune cannot be a key: it must be comparable",
	}},
}

func TestCheck(t *testing.T) {
	for _, tt := range checkTests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := build.Run(build.Options{Source: site(tt.files), Theme: atlas.Theme()})
			var got []string
			for _, x := range d {
				got = append(got, x.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}
