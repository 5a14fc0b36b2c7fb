package content

import (
	"slices"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

// Publisher is the [publisher] table of site.toml: who publishes the atlas, which
// the legal pages (mentions légales, accessibilité, données personnelles) say.
// Every field is optional; a page shows a placeholder for what is missing.
type Publisher struct {
	Name          string    // who publishes the atlas: an association, a commune, a CRESS
	Address       string    // its postal address
	Email         string    // where to write: corrections, personal data
	Director      string    // directeur ou directrice de la publication
	Host          string    // who hosts the site
	HostAddress   string    // the host's address
	Website       string    // the publisher's own site, optional
	Accessibility string    // RGAA compliance: one of Compliance; "non conforme" when not set
	AuditDate     time.Time // of the RGAA audit; zero when none was made
	Pos           diag.Pos  // of the table, or the whole site.toml when it has none
}

// Compliance are the states of compliance a déclaration d'accessibilité may
// give (RGAA 4.1). Without an audit, a site is "non conforme".
var Compliance = []string{"non conforme", "partiellement conforme", "totalement conforme"}

// PublisherFields are the keys of [publisher] that the legal pages need, with
// what each is, in the order the warnings give them.
var PublisherFields = []struct{ Key, What string }{
	{"name", "who publishes the atlas"},
	{"address", "the publisher's postal address"},
	{"email", "where to write to the publisher"},
	{"director", "the director of publication"},
	{"host", "who hosts the site"},
	{"host_address", "the host's address"},
}

// Missing returns the keys of PublisherFields that p does not set.
func (p *Publisher) Missing() []string {
	var out []string
	for _, f := range PublisherFields {
		if p.field(f.Key) == "" {
			out = append(out, f.Key)
		}
	}
	return out
}

func (p *Publisher) field(key string) string {
	switch key {
	case "name":
		return p.Name
	case "address":
		return p.Address
	case "email":
		return p.Email
	case "director":
		return p.Director
	case "host":
		return p.Host
	case "host_address":
		return p.HostAddress
	}
	return ""
}

// parsePublisher reads [publisher]; it returns a Publisher even when the table is
// missing, so that the legal pages always have one.
func parsePublisher(t *table, file string) *Publisher {
	pt := t.sub("publisher")
	if pt == nil {
		return &Publisher{Accessibility: Compliance[0], Pos: diag.Pos{File: file}}
	}
	p := &Publisher{
		Name:          pt.str("name", false),
		Address:       pt.str("address", false),
		Email:         pt.str("email", false),
		Director:      pt.str("director", false),
		Host:          pt.str("host", false),
		HostAddress:   pt.str("host_address", false),
		Website:       pt.url("website"),
		Accessibility: pt.str("accessibility", false),
		AuditDate:     pt.date("audit_date", false),
		Pos:           pt.pos(""),
	}
	if p.Email != "" && !validEmail(p.Email) {
		pt.d.Add(pt.pos("email"), "email %q is not an e-mail address", p.Email)
		p.Email = ""
	}
	switch {
	case p.Accessibility == "":
		p.Accessibility = Compliance[0]
	case !slices.Contains(Compliance, p.Accessibility):
		pt.d.Add(pt.pos("accessibility"), "accessibility %q must be %q, %q or %q", p.Accessibility, Compliance[0], Compliance[1], Compliance[2])
		p.Accessibility = Compliance[0]
	}
	if p.Accessibility != Compliance[0] && p.AuditDate.IsZero() {
		pt.d.Add(pt.pos("accessibility"), "accessibility %q needs the audit_date of the audit that found it: without an audit a site is %q", p.Accessibility, Compliance[0])
	}
	keys := []string{"accessibility", "audit_date", "website"}
	for _, f := range PublisherFields {
		keys = append(keys, f.Key)
	}
	pt.unknown(keys...)
	return p
}

// validEmail is a plain check of an address: one @ with something on each side,
// a dot in the domain, no spaces and nothing that would break a mailto: link.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") &&
		!strings.HasSuffix(domain, ".") && !strings.ContainsAny(s, " \t\n<>()[]\\,;:\"?&/") && !strings.Contains(domain, "@")
}

// Warnings returns what site.toml leaves for the maintainers to fill in before
// publishing: the fields of [publisher] that the legal pages show as placeholders.
// They are not errors: the site builds and check succeeds. Each message starts
// with "warning: ", as those of Notes start with "note: ".
func (s *Site) Warnings() diag.List {
	var d diag.List
	if s == nil || s.Publisher == nil {
		return d
	}
	if s.Publisher.Pos.Line == 0 {
		d.Add(s.Publisher.Pos, "warning: no [publisher] table: the legal pages show placeholders for the publisher, its address and contact, the director of publication and the host")
		return d
	}
	for _, f := range PublisherFields {
		if s.Publisher.field(f.Key) == "" {
			d.Add(s.Publisher.Pos, "warning: [publisher] has no %s (%s): the legal pages show a placeholder", f.Key, f.What)
		}
	}
	return d
}
