package build_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

const (
	document = "content/sources/reunion.md"
	parcours = "content/parcours/balade.md"
)

// withKinds is the fixture's site.toml with a vocabulary of documents.
var withKinds = fixture["site.toml"] + "\n[[source_kinds]]\nslug = \"compte-rendu\"\nname = \"Compte rendu\"\nplural = \"Comptes rendus\"\n"

// memory is what the fixture needs for documents, itineraries and the references
// to them: a document, an initiative and a commune that cite it, an itinerary.
var memory = map[string]string{
	"site.toml": withKinds,
	document: `+++
title = "Réunion du réseau"
kind = "compte-rendu"
date = 2021-03-17
place = "Sceaux"
communes = ["sceaux", "bagneux"]
represented = 3

[[participants]]
name = "Camille Essai"
role = "Adjointe au Maire"
commune = "sceaux"

[[participants]]
name = "Dominique Témoin"
role = "Directeur"
+++
Le réseau se réunit ; voir la [ressourcerie](initiative:ressourcerie-de-sceaux).
`,
	initiative: withFM("title = \"Ressourcerie de Sceaux\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n\n[[sources]]\nsource = \"reunion\"\n\n[[sources]]\ntitle = \"Lettre\"\ndate = 2011-04-18\n"),
	commune:    fixture[commune] + "\n[[elus]]\nname = \"Camille Essai\"\nrole = \"Adjointe au Maire\"\nsource = \"reunion\"\n",
	parcours: `+++
title = "Balade"

[[stops]]
initiative = "ressourcerie-de-sceaux"
text = "Le début."

[[stops]]
initiative = "epicerie-de-bagneux"
+++
D'après la [réunion](source:reunion).
`,
}

// with returns memory with files replaced.
func with(files map[string]string) map[string]string {
	out := map[string]string{}
	for p, s := range memory {
		out[p] = s
	}
	for p, s := range files {
		out[p] = s
	}
	return out
}

var sourceTests = []struct {
	name  string
	files map[string]string
	want  []string
}{
	{"valid", with(nil), nil},
	{"dangling references", with(map[string]string{
		initiative: strings.Replace(memory[initiative], `source = "reunion"`, `source = "reunoin"`, 1),
		commune:    strings.Replace(memory[commune], `source = "reunion"`, `source = "reunions"`, 1),
		parcours:   strings.Replace(strings.Replace(memory[parcours], "source:reunion", "source:reunio", 1), `"epicerie-de-bagneux"`, `"epicerie-bagneux"`, 1),
	}), []string{
		commune + ":11:10: unknown source \"reunions\" (did you mean \"reunion\"?)",
		initiative + ":8:10: unknown source \"reunoin\" (did you mean \"reunion\"?)",
		parcours + ":9:14: unknown initiative \"epicerie-bagneux\" (did you mean \"epicerie-de-bagneux\"?)",
		parcours + ":11:12: link to unknown source \"reunio\" (did you mean \"reunion\"?)",
	}},
	{"a source names a document and repeats its title", with(map[string]string{
		initiative: withFM("title = \"R\"\ncommunes = [\"sceaux\"]\ntype = \"ressourcerie\"\nstatus = \"ouvert\"\n[[sources]]\nsource = \"reunion\"\ntitle = \"Réunion\"\ndate = 2021-03-17\nurl = \"https://exemple.test/cr\"\n"),
	}), []string{
		initiative + ":8:1: title comes from the document \"reunion\": remove it here",
		initiative + ":9:1: date comes from the document \"reunion\": remove it here",
	}},
	{"document problems", with(map[string]string{
		document: "+++\nkind = \"compte-rendue\"\ncommunes = [\"sceaux\", \"bagneu\", \"sceaux\"]\nrepresented = 2\nurl = \"ftp://x\"\nlieu = \"Sceaux\"\n\n[[participants]]\nrole = \"Maire\"\ncommune = \"bagnex\"\n\n[[participants]]\nname = \"Camille Essai\"\ncommune = \"sceau\"\n+++\n",
	}), []string{
		document + ":1:1: missing required key \"date\"",
		document + ":1:1: missing required key \"title\"",
		document + ":2:8: unknown source kind \"compte-rendue\" (did you mean \"compte-rendu\"?)",
		document + ":3:23: unknown commune \"bagneu\" (did you mean \"bagneux\"?)",
		document + ":3:33: commune \"sceaux\" is listed twice",
		document + ":4:15: represented 2 is not more than the 3 communes listed: remove it",
		document + ":5:7: url \"ftp://x\" must use http, https or mailto, not ftp",
		document + ":6:1: unknown key \"lieu\"",
		document + ":8:1: missing required key \"name\" in [[participants]]",
		document + ":10:11: unknown commune \"bagnex\" (did you mean \"bagneux\"?)",
		document + ":14:11: unknown commune \"sceau\" for Camille Essai (did you mean \"sceaux\"?)",
	}},
	{"an itinerary without stops", with(map[string]string{
		parcours: "+++\ntitle = \"Balade\"\netapes = []\n+++\n",
	}), []string{
		parcours + ":1:1: missing [[stops]]: an itinerary needs at least one stop",
		parcours + ":3:1: unknown key \"etapes\"",
	}},
	{"a stop without an initiative", with(map[string]string{
		parcours: "+++\ntitle = \"Balade\"\n[[stops]]\ntext = \"Ici.\"\n[[stops]]\ninitiative = \"ressourcerie-de-sceaux\"\ntexte = \"Là.\"\n+++\n",
	}), []string{
		parcours + ":3:1: missing required key \"initiative\" in [[stops]]",
		parcours + ":7:1: unknown key \"texte\" (did you mean \"text\"?)",
	}},
	{"a document of an unknown kind without a vocabulary", with(map[string]string{
		"site.toml": fixture["site.toml"],
	}), []string{
		document + ":3:8: unknown source kind \"compte-rendu\"",
	}},
	{"a broken document causes no cascade", with(map[string]string{
		document: "+++\ntitle = \n+++\n",
	}), []string{
		document + ":2:9: invalid TOML: expected value but found the end of the line instead",
	}},
}

func TestCheckSources(t *testing.T) {
	for _, tt := range sourceTests {
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
