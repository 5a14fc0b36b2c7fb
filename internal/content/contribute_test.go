package content

import "testing"

// TestContributeURLs checks the prefilled addresses of each forge, and of e-mail.
func TestContributeURLs(t *testing.T) {
	title, body := "Correction : Café 115", "Page : https://exemple.org/x/\nFichier : content/initiatives/cafe-115.md\n& la suite ?"
	for _, tc := range []struct {
		name  string
		c     *Contribute
		issue string
	}{
		{"github", &Contribute{Repository: "https://github.com/org/atlas", Forge: "github"},
			"https://github.com/org/atlas/issues/new?body=Page+%3A+https%3A%2F%2Fexemple.org%2Fx%2F%0AFichier+%3A+content%2Finitiatives%2Fcafe-115.md%0A%26+la+suite+%3F&title=Correction+%3A+Caf%C3%A9+115"},
		{"gitlab", &Contribute{Repository: "https://gitlab.com/org/atlas", Forge: "gitlab"},
			"https://gitlab.com/org/atlas/-/issues/new?issue%5Bdescription%5D=Page+%3A+https%3A%2F%2Fexemple.org%2Fx%2F%0AFichier+%3A+content%2Finitiatives%2Fcafe-115.md%0A%26+la+suite+%3F&issue%5Btitle%5D=Correction+%3A+Caf%C3%A9+115"},
		{"forgejo", &Contribute{Repository: "https://codeberg.org/org/atlas", Forge: "forgejo"},
			"https://codeberg.org/org/atlas/issues/new?body=Page+%3A+https%3A%2F%2Fexemple.org%2Fx%2F%0AFichier+%3A+content%2Finitiatives%2Fcafe-115.md%0A%26+la+suite+%3F&title=Correction+%3A+Caf%C3%A9+115"},
		{"gitea", &Contribute{Repository: "https://gitea.exemple.org/org/atlas", Forge: "gitea"},
			"https://gitea.exemple.org/org/atlas/issues/new?body=Page+%3A+https%3A%2F%2Fexemple.org%2Fx%2F%0AFichier+%3A+content%2Finitiatives%2Fcafe-115.md%0A%26+la+suite+%3F&title=Correction+%3A+Caf%C3%A9+115"},
		{"none", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.NewIssueURL(title, body); got != tc.issue {
				t.Errorf("got  %s\nwant %s", got, tc.issue)
			}
		})
	}
	c := &Contribute{Email: "atlas@exemple.org", Edit: "https://github.com/org/atlas/edit/main/{path}"}
	if got, want := c.MailtoURL(title, body), "mailto:atlas@exemple.org?subject=Correction%20%3A%20Caf%C3%A9%20115&body=Page%20%3A%20https%3A%2F%2Fexemple.org%2Fx%2F%0D%0AFichier%20%3A%20content%2Finitiatives%2Fcafe-115.md%0D%0A%26%20la%20suite%20%3F"; got != want {
		t.Errorf("mailto\ngot  %s\nwant %s", got, want)
	}
	if got, want := c.EditURL("content/initiatives/cafe-115.md"), "https://github.com/org/atlas/edit/main/content/initiatives/cafe-115.md"; got != want {
		t.Errorf("edit: got %s, want %s", got, want)
	}
	if c.NewIssueURL(title, body) != "" {
		t.Error("an issue URL without a repository")
	}
	for repo, want := range map[string]string{"https://github.com/a/b": "github", "https://gitlab.com/a/b": "gitlab",
		"https://gitlab.exemple.fr/a/b": "gitlab", "https://codeberg.org/a/b": "forgejo", "https://gitea.exemple.fr/a/b": "gitea",
		"https://forge.exemple.fr/a/b": ""} {
		if got := guessForge(repo); got != want {
			t.Errorf("guessForge(%s) = %q, want %q", repo, got, want)
		}
	}
}
