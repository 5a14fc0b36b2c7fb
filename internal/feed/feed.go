// Package feed writes /atom.xml, an Atom 1.0 feed (RFC 4287) of the initiatives most
// recently checked, newest first.
//
// An initiative's entry is updated when its verified date changes; its id is a tag:
// URI (RFC 4151) that does not change with it: the authority is the host of the
// site's base URL, the date is the earliest dated source of the initiative (else its
// verified date), and the specific part is the initiative's path, which the atlas
// keeps stable.
package feed

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/internal/atlas"
)

// MaxEntries is how many initiatives the feed lists.
const MaxEntries = 50

// Path is the feed's path from the site root.
const Path = "atom.xml"

// Build returns the feed of a, with absolute URLs under baseURL (ending with a slash).
// summary gives the text of an entry's summary; it may return "".
func Build(a *atlas.Atlas, baseURL string, summary func(*atlas.Initiative) string) []byte {
	// Newest first; the model's title order breaks ties. The newest are kept as they
	// come, in order, rather than all sorted: at 100,000 initiatives a stable sort took
	// a tenth of a second, which a preview server pays on every edit.
	ins := make([]*atlas.Initiative, 0, MaxEntries+1)
	for _, in := range a.Initiatives {
		if in.Verified.IsZero() {
			continue
		}
		if len(ins) == MaxEntries && !in.Verified.After(ins[len(ins)-1].Verified) {
			continue
		}
		// After every entry as new or newer: an equal date keeps the model's order.
		i := sort.Search(len(ins), func(k int) bool { return ins[k].Verified.Before(in.Verified) })
		ins = slices.Insert(ins, i, in)
		if len(ins) > MaxEntries {
			ins = ins[:MaxEntries]
		}
	}

	u, _ := url.Parse(baseURL)
	host, basePath := "atlas.invalid", "/"
	if u != nil && u.Host != "" {
		host = u.Hostname()
	}
	if u != nil && u.Path != "" {
		basePath = u.Path
	}
	abs := func(p string) string { return baseURL + strings.TrimPrefix(p, "/") }
	updated := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if len(ins) > 0 {
		updated = ins[0].Verified
	}

	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="` + attr(cmp.Or(a.Site.Language, "fr")) + `">` + "\n")
	elem(&b, "id", abs(Path))
	elem(&b, "title", a.Site.Title)
	elem(&b, "subtitle", "Les initiatives nouvelles ou mises à jour, par date de vérification")
	elem(&b, "updated", stamp(updated))
	b.WriteString(`<link rel="self" type="application/atom+xml" href="` + attr(abs(Path)) + `"/>` + "\n")
	b.WriteString(`<link rel="alternate" type="text/html" href="` + attr(abs("/")) + `"/>` + "\n")
	b.WriteString("<author><name>")
	xml.EscapeText(&b, []byte(a.Site.Title))
	b.WriteString("</name><uri>")
	xml.EscapeText(&b, []byte(abs("/")))
	b.WriteString("</uri></author>\n")
	if a.Site.License != "" {
		elem(&b, "rights", "Données sous "+a.Site.License)
	}
	b.WriteString(`<generator uri="https://github.com/reseau-ess-92/atlas">atlas</generator>` + "\n")
	for _, in := range ins {
		b.WriteString("<entry>\n")
		elem(&b, "id", "tag:"+host+","+tagDate(in)+":"+basePath+strings.TrimPrefix(in.URL(), "/"))
		elem(&b, "title", in.Title)
		elem(&b, "updated", stamp(in.Verified))
		b.WriteString(`<link rel="alternate" type="text/html" href="` + attr(abs(in.URL())) + `"/>` + "\n")
		if in.Type != nil {
			b.WriteString(`<category term="` + attr(in.Type.Slug) + `" label="` + attr(in.Type.Name) + `" scheme="` + attr(abs("/types/")) + `"/>` + "\n")
		}
		for _, th := range in.Themes {
			b.WriteString(`<category term="` + attr(th.Slug) + `" label="` + attr(th.Name) + `" scheme="` + attr(abs("/thematiques/")) + `"/>` + "\n")
		}
		elem(&b, "summary", entrySummary(in, summary(in)))
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// entrySummary says what, where and at which stage, then the first sentences.
func entrySummary(in *atlas.Initiative, text string) string {
	var parts []string
	if in.Type != nil {
		parts = append(parts, in.Type.Name)
	}
	var names []string
	for _, c := range in.Communes {
		names = append(names, c.Name)
	}
	if len(names) > 0 {
		parts = append(parts, strings.Join(names, ", "))
	}
	if in.Status != nil {
		parts = append(parts, in.Status.Name)
	}
	s := strings.Join(parts, " · ")
	if text != "" {
		if s != "" {
			s += ". "
		}
		s += text
	}
	return s
}

// tagDate is the date of an entry's tag: URI.
func tagDate(in *atlas.Initiative) string {
	var first time.Time
	for _, s := range in.Sources {
		if !s.Date.IsZero() && (first.IsZero() || s.Date.Before(first)) {
			first = s.Date
		}
	}
	if first.IsZero() {
		first = in.Verified
	}
	return first.Format(time.DateOnly)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func elem(b *bytes.Buffer, name, text string) {
	b.WriteString("<" + name + ">")
	xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">\n")
}

func attr(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
