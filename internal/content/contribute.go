package content

import (
	"net/url"
	"strings"
)

// Forges that a [contribute] repository can be on: each names how its « new issue »
// page is prefilled.
var Forges = []string{"github", "gitlab", "forgejo", "gitea"}

// Contribute is the [contribute] table of site.toml: where the people who know a fiche
// is wrong or missing send what they know. Every field is optional.
type Contribute struct {
	// Email receives proposals and corrections (« Envoyer par courriel »).
	Email string
	// Repository is the URL of the site's repository on a forge, for « Ouvrir une
	// demande » (a prefilled new issue).
	Repository string
	// Forge is which forge Repository is on: one of Forges, guessed from the host
	// (github.com, gitlab.com, codeberg.org) when not set.
	Forge string
	// Edit is the URL of a source file's page on the forge, with {path} standing for
	// the file's path from the site root, for « Modifier la source ».
	Edit string
}

func parseContribute(t *table) *Contribute {
	c := &Contribute{}
	if e := t.str("email", false); e != "" {
		if msg := CheckField("email", e); msg != "" {
			t.d.Add(t.pos("email"), "%s", msg)
		} else {
			c.Email = e
		}
	}
	c.Repository = strings.TrimSuffix(t.url("repository"), "/")
	c.Forge = t.str("forge", false)
	switch {
	case c.Forge != "":
		if !contains(Forges, c.Forge) {
			t.d.Add(t.pos("forge"), "forge %q must be github, gitlab, forgejo or gitea", c.Forge)
			c.Forge = ""
		}
	case c.Repository != "":
		c.Forge = guessForge(c.Repository)
		if c.Forge == "" {
			t.d.Add(t.pos("repository"), "repository %q: say which forge it is on with forge = \"github\", \"gitlab\", \"forgejo\" or \"gitea\"", c.Repository)
		}
	}
	if c.Forge != "" && c.Repository == "" {
		t.d.Add(t.pos("forge"), "forge %q needs repository, the URL of the site's repository", c.Forge)
	}
	if e := t.url("edit"); e != "" {
		if !strings.Contains(e, "{path}") {
			t.d.Add(t.pos("edit"), "edit %q must contain {path}, which stands for the file's path", e)
		} else {
			c.Edit = e
		}
	}
	t.unknown("email", "repository", "forge", "edit")
	if *c == (Contribute{}) {
		return nil
	}
	return c
}

// guessForge names the forge of a repository URL from its host, or "".
func guessForge(repo string) string {
	u, err := url.Parse(repo)
	if err != nil {
		return ""
	}
	switch h := strings.ToLower(u.Hostname()); {
	case h == "github.com":
		return "github"
	case h == "gitlab.com" || strings.HasPrefix(h, "gitlab."):
		return "gitlab"
	case h == "codeberg.org" || strings.HasPrefix(h, "forgejo."):
		return "forgejo"
	case strings.HasPrefix(h, "gitea."):
		return "gitea"
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// NewIssueURL returns the address of the forge's « new issue » page for c.Repository,
// prefilled with title and body, or "" when c names no repository.
func (c *Contribute) NewIssueURL(title, body string) string {
	if c == nil || c.Repository == "" {
		return ""
	}
	page, tk, bk := "/issues/new", "title", "body" // GitHub, Forgejo and Gitea
	if c.Forge == "gitlab" {
		page, tk, bk = "/-/issues/new", "issue[title]", "issue[description]"
	}
	q := url.Values{}
	if title != "" {
		q.Set(tk, title)
	}
	if body != "" {
		q.Set(bk, body)
	}
	if len(q) == 0 {
		return c.Repository + page
	}
	return c.Repository + page + "?" + q.Encode()
}

// MailtoURL returns a mailto: address to c.Email with subject and body, or "".
func (c *Contribute) MailtoURL(subject, body string) string {
	if c == nil || c.Email == "" {
		return ""
	}
	u := "mailto:" + c.Email + "?subject=" + mailEscape(subject)
	if body != "" {
		u += "&body=" + mailEscape(body)
	}
	return u
}

// EditURL returns the forge's page of the source file at path, or "".
func (c *Contribute) EditURL(path string) string {
	if c == nil || c.Edit == "" {
		return ""
	}
	return strings.ReplaceAll(c.Edit, "{path}", path)
}

// mailEscape percent-encodes s for a mailto: header (RFC 6068): lines end in CRLF,
// and a space is %20, since mail clients show the "+" of url.QueryEscape as is.
func mailEscape(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
