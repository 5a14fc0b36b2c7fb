package content

import (
	"testing"
	"testing/fstest"
)

func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

func TestCheckField(t *testing.T) {
	for _, tc := range []struct{ field, value, want string }{
		{"phone", "01 46 01 23 45", ""},
		{"phone", "01.46.01.23.45", ""},
		{"phone", "0146012345", ""},
		{"phone", "+33 1 46 01 23 45", ""},
		{"phone", "3939", ""},
		{"phone", "115", ""},
		{"phone", "01 46 01 23", `phone "01 46 01 23" is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939`},
		{"phone", "01 46 01 23 45 67", `phone "01 46 01 23 45 67" is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939`},
		{"phone", "tel:0146012345", `phone "tel:0146012345" is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939`},
		{"phone", "+33 (0)1 46 01 23 45", `phone "+33 (0)1 46 01 23 45" is not a phone number: write it like 01 23 45 67 89, +33 1 23 45 67 89 or 3939`},
		{"email", "contact@ressourcerie.fr", ""},
		{"email", "accueil.ccas@mairie-chaville.fr", ""},
		{"email", "contact@", `email "contact@" is not an e-mail address like contact@exemple.fr`},
		{"email", "mailto:contact@exemple.fr", `email "mailto:contact@exemple.fr" is not an e-mail address like contact@exemple.fr`},
		{"email", "contact@localhost", `email "contact@localhost" is not an e-mail address like contact@exemple.fr`},
		{"email", "a b@exemple.fr", `email "a b@exemple.fr" is not an e-mail address like contact@exemple.fr`},
		{"wheelchair", "yes", ""},
		{"wheelchair", "limited", ""},
		{"wheelchair", "no", ""},
		{"wheelchair", "oui", `wheelchair "oui" must be yes, limited or no`},
		{"access", "anything", ""},
	} {
		if got := CheckField(tc.field, tc.value); got != tc.want {
			t.Errorf("CheckField(%q, %q)\n got %q\nwant %q", tc.field, tc.value, got, tc.want)
		}
	}
}

func TestGuessStage(t *testing.T) {
	for _, tc := range []struct{ slug, name, want string }{
		{"reflexion", "En réflexion", StageProject},
		{"mise-en-place", "En cours de mise en place", StageProject},
		{"ouvert", "Ouvert ou en activité", StageActive},
		{"realise", "Réalisé", StageDone},
		{"ferme", "Fermé", StageClosed},
		{"idee", "Idée", StageProject},
	} {
		if got := GuessStage(&Term{Slug: tc.slug, Name: tc.name}); got != tc.want {
			t.Errorf("GuessStage(%q, %q) = %q, want %q", tc.slug, tc.name, got, tc.want)
		}
	}
}

func TestNotes(t *testing.T) {
	c, d := Load(mapFS(map[string]string{"site.toml": "title = \"T\"\n[[types]]\nslug = \"a\"\nname = \"A\"\n[[statuses]]\nslug = \"ouvert\"\nname = \"Ouvert\"\n[[statuses]]\nslug = \"ferme\"\nname = \"Fermé\"\nstage = \"closed\"\n"}))
	if len(d) > 0 {
		t.Fatal(d)
	}
	n := c.Site.Notes()
	want := `site.toml:5:1: note: status "ouvert" has no stage: add stage = "active" (project, active, done, closed or unknown) so that the theme shows it apart`
	if len(n) != 1 || n[0].Error() != want {
		t.Errorf("got %v\nwant %s", n, want)
	}
}
