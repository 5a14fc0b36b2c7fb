package importer

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/reseau-ess-92/atlas/internal/content"
)

var day = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// example loads the bundled atlas, whose vocabulary and communes rows are matched
// against.
func example(t *testing.T) *content.Content {
	t.Helper()
	c, d := content.Load(os.DirFS("../.."))
	if len(d) > 0 {
		t.Fatal(d)
	}
	return c
}

func run(t *testing.T, name, data string, o Options) (*Result, []string) {
	t.Helper()
	o.Name, o.Date = name, day
	res, d := Import(example(t), []byte(data), o)
	d.Sort()
	var msgs []string
	for _, x := range d {
		msgs = append(msgs, x.Error())
	}
	return res, msgs
}

func file(t *testing.T, res *Result, p string) string {
	t.Helper()
	for _, f := range res.Files {
		if f.Path == p {
			return string(f.Data)
		}
	}
	var got []string
	for _, f := range res.Files {
		got = append(got, f.Path)
	}
	t.Fatalf("no file %s among %v", p, got)
	return ""
}

const sheet = "Nom;Commune;Code postal;Type;Thématiques;Adresse;Téléphone;Courriel;Horaires;Site web;Accès fauteuil;Description\r\n" +
	"Ressourcerie du Val;Sceaux;92330;Ressourcerie ou recyclerie;Réemploi et recyclage, solidarite;1 rue de l’Exemple;01 23 45 67 89;contact@exemple.fr;\"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00\";www.exemple.fr;oui;\"Une ressourcerie.\nAvec un « atelier ».\"\r\n" +
	"Épicerie des Blagis;Bagneux;;epicerie-solidaire;alimentation;;;;;;;\r\n"

const wantVal = `+++
title = "Ressourcerie du Val"
communes = ["sceaux"]
type = "ressourcerie"
themes = ["reemploi", "solidarite"]
status = "ouvert"
address = "1 rue de l’Exemple"
website = "https://www.exemple.fr"
phone = "01 23 45 67 89"
email = "contact@exemple.fr"
opening_hours = "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00"
wheelchair = "yes"

[[sources]]
title = "Import de tableau.csv"
date = 2026-12-01
+++
Une ressourcerie.
Avec un « atelier ».
`

// TestEncodingsAndSeparators imports the same sheet as French Excel and others
// write it: every encoding and separator gives the same files.
func TestEncodingsAndSeparators(t *testing.T) {
	latin1, err := charmap.Windows1252.NewEncoder().String(strings.ReplaceAll(sheet, "’", "'"))
	if err != nil {
		t.Fatal(err)
	}
	comma := strings.NewReplacer(";", ",", "Réemploi et recyclage, solidarite", "\"Réemploi et recyclage; solidarite\"",
		"Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00", "Mo-Fr 09:00-12:00,14:00-17:30; Sa 10:00-12:00").Replace(sheet)
	for _, tc := range []struct{ name, data, want string }{
		{"UTF-8 ;", sheet, wantVal},
		{"UTF-8 with BOM", "\ufeff" + sheet, wantVal},
		{"Windows-1252", latin1, strings.ReplaceAll(wantVal, "’", "'")},
		{"UTF-8 ,", comma, wantVal},
		{"LF line ends", strings.ReplaceAll(sheet, "\r\n", "\n"), wantVal},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, d := run(t, "tableau.csv", tc.data, Options{})
			if len(d) > 0 {
				t.Fatalf("problems: %v", d)
			}
			if got := file(t, res, "content/initiatives/ressourcerie-du-val.md"); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
			if got := file(t, res, "content/initiatives/epicerie-des-blagis.md"); !strings.Contains(got, "communes = [\"bagneux\"]\ntype = \"epicerie-solidaire\"\nthemes = [\"alimentation\"]") {
				t.Errorf("épicerie:\n%s", got)
			}
			if res.Rows != 2 || len(res.Files) != 2 {
				t.Errorf("%d rows, %d files", res.Rows, len(res.Files))
			}
		})
	}
}

// TestBadRows checks that every problem of every row is reported at once, at its line
// and the column where its cell starts (in characters), and that no file is given
// for a bad row.
func TestBadRows(t *testing.T) {
	data := "nom;ville;cp;catégorie;statut;tél;mail;horaires;site;remarques\n" +
		"Atelier;Clichy;;atelier-velo;ouvert;;;;;rien\n" +
		"Épicerie;Antony;92160;epicerie;fermé;12;a@;Lundi 9-12;ftp://x;\n" +
		";Paris;;ressourcerie;;;;;;\n" +
		"Boîte;Saint-Cloud;;boite-a-livres;;;;Mo-Fr 09:00-12:00;;\n" +
		"Jardin;Nulle-Part;;jardin-partage;;;;;;\n"
	res, got := run(t, "liste.csv", data, Options{})
	want := []string{
		"liste.csv:1:54: column \"remarques\" is not a field of an initiative: name its field with --map remarques=FIELD, or leave it out with --map remarques=",
		"liste.csv:3:10: commune Antony (92, INSEE 92002) is not in the atlas: add it with atlas new commune \"Antony\", or import with --communes",
		"liste.csv:3:23: type \"epicerie\" is not a type of site.toml: use epicerie-solidaire, ressourcerie, boutique-solidaire, aide-alimentaire, circuit-court, jardin-partage, tiers-lieu, coworking, lieu-solidaire, cafe-associatif, atelier-velo, boite-a-livres, zero-dechet, inclusion-numerique, plateforme, reseau-d-acteurs, projet-participatif, sensibilisation, autre-initiative, action-solidaire, or map it with --map epicerie=SLUG",
		"liste.csv:3:32: status \"fermé\" is not a status of site.toml: use reflexion, etude, projet, mise-en-place, ouvert, realise, non-precise",
		"liste.csv:3:38: phone \"12\" is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939",
		"liste.csv:3:41: email \"a@\" is not an e-mail address like contact@exemple.fr",
		"liste.csv:3:44: opening_hours \"Lundi 9-12\": unknown day \"Lundi\": write Mo",
		"liste.csv:3:55: website \"ftp://x\" must use http, https or mailto, not ftp",
		"liste.csv:4:1: row has no title (name): every initiative needs one",
		"liste.csv:4:2: commune Paris (75, INSEE 75056) is not in the atlas: add it with atlas new commune \"Paris\", or import with --communes",
		"liste.csv:5:7: commune Saint-Cloud (92, INSEE 92064) is not in the atlas: add it with atlas new commune \"Saint-Cloud\", or import with --communes",
		"liste.csv:6:8: no commune is named \"Nulle-Part\" in the code officiel géographique: check the spelling, or give its INSEE code",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if res.Rows != 5 || res.Bad != 4 || len(res.Files) != 1 || res.Files[0].Path != "content/initiatives/atelier.md" {
		t.Errorf("rows %d, bad %d, files %v", res.Rows, res.Bad, res.Files)
	}
}

// TestMapAndCommunes maps a column and a value, leaves a column out, and creates the
// communes the site lacks from the COG.
func TestMapAndCommunes(t *testing.T) {
	data := "Structure,Lieu,Famille,Remarques\nLa Cyclo,Antony,Réparation de vélos,x\nLa Cyclo,Saint-Cloud,atelier-velo,\n"
	res, d := run(t, "l.csv", data, Options{Communes: true, Map: map[string]string{
		"Structure": "title", "Lieu": "communes", "Famille": "type", "Remarques": "", "Réparation de vélos": "atelier-velo"}})
	if len(d) > 0 {
		t.Fatal(d)
	}
	var paths []string
	for _, f := range res.Files {
		paths = append(paths, f.Path)
	}
	want := []string{"content/communes/antony.toml", "content/initiatives/la-cyclo.md",
		"content/communes/saint-cloud.toml", "content/initiatives/la-cyclo-saint-cloud.md"}
	if !slices.Equal(paths, want) {
		t.Errorf("files %v, want %v", paths, want)
	}
	if got := file(t, res, "content/communes/antony.toml"); !strings.HasPrefix(got, "name = \"Antony\"\ninsee = \"92002\"\ndepartement = \"92\"\nintercommunalite = \"Vallée Sud-Grand Paris\"\n") ||
		!strings.Contains(got, "location = { lat = ") {
		t.Errorf("antony.toml:\n%s", got)
	}
}

// TestExistingFiles never replaces a file, and with Update merges only what the row
// gives.
func TestExistingFiles(t *testing.T) {
	data := "nom;commune;type;téléphone\nAtelier vélo de Clichy;Clichy;atelier-velo;01 47 15 30 00\n"
	res, d := run(t, "maj.csv", data, Options{})
	if len(d) > 0 || len(res.Files) != 0 || len(res.Skipped) != 1 ||
		res.Skipped[0] != "content/initiatives/atelier-velo-de-clichy.md: already exists, left as it is (--update merges the row into it)" {
		t.Fatalf("problems %v, files %v, skipped %v", d, res.Files, res.Skipped)
	}
	res, d = run(t, "maj.csv", data, Options{Update: true})
	if len(d) > 0 || len(res.Files) != 1 || !res.Files[0].Update {
		t.Fatalf("problems %v, files %v", d, res.Files)
	}
	got := string(res.Files[0].Data)
	old, _ := os.ReadFile("../../content/initiatives/atelier-velo-de-clichy.md")
	_, oldBody, _ := strings.Cut(strings.TrimPrefix(string(old), "+++\n"), "+++\n")
	if !strings.Contains(got, "phone = \"01 47 15 30 00\"\n") || !strings.Contains(got, "title = \"Import de maj.csv\"\ndate = 2026-12-01\n") ||
		!strings.HasSuffix(got, "+++\n"+strings.TrimSpace(oldBody)+"\n") || !strings.Contains(got, "status = ") {
		t.Errorf("merged file:\n%s", got)
	}
}

const gogo = `{"licence": "ODbL", "ontology": "gogofull", "data": [
  {"id": "1", "name": "Recyclerie du Parc",
   "geo": {"latitude": 48.78, "longitude": 2.29},
   "address": {"streetAddress": "3 allée du Parc", "postalCode": "92330", "addressLocality": "Sceaux", "addressCountry": "FR"},
   "categories": ["Ressourcerie ou recyclerie", "Réemploi et recyclage"],
   "description": "Des objets remis en état.", "website": "https://recyclerie.example", "email": "bonjour@recyclerie.example",
   "telephone": "01 40 00 00 00", "openHours": {"Mo": "09:00-12:00,14:00-18:00", "Tu": "09:00-12:00,14:00-18:00", "We": "09:00-12:00,14:00-18:00", "Sa": "10:00-12:00"},
   "updatedAt": "03/10/2025"},
  {"id": "2", "name": "Marché paysan", "geo": {"latitude": 48.8, "longitude": 2.3}, "address": "place du Marché",
   "categories": [10427, 10428]},
  {"id": "3", "name": "Jardin", "geo": {"latitude": 48.8, "longitude": 2.3}, "address": {"addressLocality": "Vanves"},
   "categories": ["Potager"]}
]}`

// TestGoGoCarto imports a GoGoCarto export: positions, addresses, categories as
// types and themes, hours by day; problems are placed at their element.
func TestGoGoCarto(t *testing.T) {
	res, got := run(t, "export.json", gogo, Options{Map: map[string]string{"Potager": "jardin-partage"}})
	want := []string{
		"export.json:9:3: element \"Marché paysan\" gives its categories by number (10427, 10428): export them by name (GoGoCarto's ontology=gogofull), or give the taxonomy's names",
		"export.json:9:3: row has no commune: give its name, INSEE code or postal code",
		"export.json:9:3: row has no type: use epicerie-solidaire, ressourcerie, boutique-solidaire, aide-alimentaire, circuit-court, jardin-partage, tiers-lieu, coworking, lieu-solidaire, cafe-associatif, atelier-velo, boite-a-livres, zero-dechet, inclusion-numerique, plateforme, reseau-d-acteurs, projet-participatif, sensibilisation, autre-initiative, action-solidaire",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got:\n\t%s\nwant:\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	f := file(t, res, "content/initiatives/recyclerie-du-parc.md")
	for _, w := range []string{"communes = [\"sceaux\"]\ntype = \"ressourcerie\"\nthemes = [\"reemploi\"]\n",
		"address = \"3 allée du Parc\"\nlocation = { lat = 48.78, lon = 2.29 }\n",
		"opening_hours = \"Mo-We 09:00-12:00,14:00-18:00; Sa 10:00-12:00\"\n", "verified = 2025-10-03\n",
		"+++\nDes objets remis en état.\n"} {
		if !strings.Contains(f, w) {
			t.Errorf("recyclerie lacks %q:\n%s", w, f)
		}
	}
	if f := file(t, res, "content/initiatives/jardin.md"); !strings.Contains(f, "communes = [\"vanves\"]\ntype = \"jardin-partage\"\n") {
		t.Errorf("jardin:\n%s", f)
	}
}

// TestOpenHours turns GoGoCarto's days into OpenStreetMap rules.
func TestOpenHours(t *testing.T) {
	for _, tc := range []struct {
		in   map[string]any
		want string
	}{
		{map[string]any{"Mo": "09:00-12:00", "Tu": "09:00-12:00", "Th": "09:00-12:00"}, "Mo,Tu 09:00-12:00; Th 09:00-12:00"},
		{map[string]any{"Mo": "09:00-12:00 & 14:00-18:00", "Su": "10:00-12:00"}, "Mo 09:00-12:00,14:00-18:00; Su 10:00-12:00"},
		{map[string]any{}, ""},
	} {
		if got := openHours(tc.in); got != tc.want {
			t.Errorf("openHours(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDecodeText(t *testing.T) {
	for _, tc := range []struct{ in, want, enc string }{
		{"\xef\xbb\xbfnom", "nom", "UTF-8 with BOM"},
		{"Réemploi", "Réemploi", "UTF-8"},
		{"R\xe9emploi \x80", "Réemploi €", "Windows-1252"},
	} {
		got, enc := decodeText([]byte(tc.in))
		if !bytes.Equal(got, []byte(tc.want)) || enc != tc.enc {
			t.Errorf("decodeText(%q) = %q, %s; want %q, %s", tc.in, got, enc, tc.want, tc.enc)
		}
	}
}
