package render

import (
	"encoding/json"
	"html/template"

	"github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
)

// Report is the « Signaler une erreur ou compléter cette fiche » box of an initiative or
// commune page: the channels of site.toml [contribute], each prefilled with the page's
// address and the path of its source file, so that a maintainer knows at once what
// to open. Fields are "" when the site does not name that channel.
type Report struct {
	Mail  string // mailto: with subject and body
	Issue string // the forge's new-issue page, prefilled
	Edit  string // the source file's page on the forge
	Forge string // "GitHub", "GitLab"…: what Issue and Edit lead to
	Path  string // the source file, from the site root
}

// Any reports whether the site names at least one channel.
func (r *Report) Any() bool { return r.Mail != "" || r.Issue != "" || r.Edit != "" }

// forgeNames are the forges as the pages name them.
var forgeNames = map[string]string{"github": "GitHub", "gitlab": "GitLab", "forgejo": "Forgejo", "gitea": "Gitea"}

// newReport makes the Report of the page at permalink about the document called
// title, whose source file is path.
func newReport(c *content.Contribute, title, permalink, path string) *Report {
	subject := "Correction : " + title
	body := "Page : " + permalink + "\nFichier : " + path +
		"\n\nCe qui est inexact ou manque (adresse, horaires, contact, statut…) :\n\n\n" +
		"Comment le savez-vous ? (site de la structure, visite, document…) :\n\n"
	r := &Report{
		Mail:  c.MailtoURL(subject, body),
		Issue: c.NewIssueURL(subject, body),
		Edit:  c.EditURL(path),
		Path:  path,
	}
	if c != nil {
		r.Forge = forgeNames[c.Forge]
	}
	return r
}

// Contribuer is the data of /contribuer/, « Proposer une initiative »: the form is
// built from the site's vocabulary (in .Atlas), and Rules gives its script the checks
// of `atlas check`, so that the two cannot drift.
type Contribuer struct {
	Contribute *content.Contribute // nil when the site names no channel
	Mail       string              // mailto: of the site's address, without a body
	Forge      string              // "GitHub"…, when Contribute names a repository
	Issue      string              // the forge's new-issue page, without a prefill
	Rules      template.JS         // formRules as JSON, for static/js/contribuer.js
}

// formRules are the checks of a proposed initiative that the form's script runs: the
// messages are those of `atlas check`, with {value} and {key} to fill in.
type formRules struct {
	Required  []string       `json:"required"`  // keys an initiative must have
	Missing   string         `json:"missing"`   // the message of a missing key
	Empty     string         `json:"empty"`     // the message of a blank one
	Fields    []content.Rule `json:"fields"`    // phone, email, wheelchair
	URL       urlMessages    `json:"url"`       // website
	Forge     string         `json:"forge"`     // github, gitlab, forgejo or gitea
	Repo      string         `json:"repo"`      // the repository's URL
	Email     string         `json:"email"`     // where proposals go
	Directory string         `json:"directory"` // content/initiatives
}

// urlMessages are the endings of checkURL's messages in package content.
type urlMessages struct {
	Invalid, NoHost, NoAddress, Relative, Scheme string
}

func newContribuer(a *atlas.Atlas) *Contribuer {
	c := a.Site.Contribute
	k := &Contribuer{Contribute: c, Mail: c.MailtoURL("Proposition d’initiative", ""), Issue: c.NewIssueURL("", "")}
	if c != nil {
		k.Forge = forgeNames[c.Forge]
	}
	rules := formRules{
		Required:  []string{"title", "communes", "type", "status"},
		Missing:   `missing required key "{key}"`,
		Empty:     "{key} must not be empty",
		Fields:    content.Rules,
		URL:       urlMessages(content.URLMessages),
		Directory: content.InitiativesDir,
	}
	if c != nil {
		rules.Forge, rules.Repo, rules.Email = c.Forge, c.Repository, c.Email
	}
	b, err := json.Marshal(rules)
	if err != nil {
		panic(err) // formRules holds only strings
	}
	k.Rules = template.JS(b)
	return k
}
