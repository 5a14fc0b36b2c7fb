package build_test

import (
	"bytes"
	stdhtml "html"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// badTypo finds, in the text of a page, what French typography forbids: a breaking
// space before « ; : ! ? » » or after « «, and a breaking space inside a number
// written in groups (« 20 884 »).
var badTypo = regexp.MustCompile(`[ \t\n][;:!?»](?:\s|$|[.,])|«[ \t\n]|(?:^|[^0-9,.])[0-9]{1,3} [0-9]{3}(?:[^0-9]|$)`)

// TestFrenchTypography reads the text of every page of the example and of the test
// atlas, as a browser would show it, and fails where a colon, a question mark or a
// guillemet could start a line; it also checks that no narrow no-break space reached
// an attribute, a script or code, where the text is to be copied as written.
func TestFrenchTypography(t *testing.T) {
	for _, site := range []struct {
		name string
		res  map[string][]byte
	}{
		{"exemple", files(run(t, example, ""))},
		{"autre", files(run(t, os.DirFS("testdata/autre"), ""))},
	} {
		t.Run(site.name, func(t *testing.T) {
			var names []string
			for p := range site.res {
				if strings.HasSuffix(p, ".html") {
					names = append(names, p)
				}
			}
			slices.Sort(names)
			bad := 0
			for _, p := range names {
				for _, problem := range typoProblems(site.res[p]) {
					bad++
					if bad <= 4000 {
						t.Errorf("%s: %s", p, problem)
					}
				}
			}
			if bad > 4000 {
				t.Errorf("and %d more", bad-40)
			}
		})
	}
}

// typoProblems lists what TestFrenchTypography reports in one page.
func typoProblems(page []byte) []string {
	var out []string
	l := html.NewLexer(parse.NewInputBytes(bytes.Clone(page)))
	raw := 0
	var text strings.Builder
	flush := func() {
		s := stdhtml.UnescapeString(text.String())
		text.Reset()
		for _, m := range badTypo.FindAllStringIndex(s, -1) {
			out = append(out, "text "+strings.TrimSpace(s[max(m[0]-30, 0):min(m[1]+10, len(s))]))
		}
	}
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return out
		case html.StartTagToken, html.EndTagToken:
			name := strings.ToLower(strings.Trim(string(data), "</>"))
			switch name {
			case "script", "style", "code", "pre", "textarea":
				if tt == html.StartTagToken {
					raw++
				} else {
					raw--
				}
			case "p", "li", "td", "th", "h1", "h2", "h3", "h4", "dt", "dd", "div", "section", "title", "caption", "figcaption", "br", "option", "summary", "button":
				// A block ends the text a line can be broken in.
				flush()
			}
		case html.AttributeToken:
			if bytes.Contains(l.AttrVal(), []byte("\u202f")) {
				out = append(out, "narrow space in attribute "+string(data))
			}
		case html.TextToken:
			if raw > 0 {
				if bytes.Contains(data, []byte("\u202f")) {
					out = append(out, "narrow space in code or script: "+string(data))
				}
				continue
			}
			text.Write(data)
		}
	}
}
