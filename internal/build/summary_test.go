package build

import (
	stdhtml "html"
	"strings"
	"testing"
)

// wholeSummary is summary as it was before it stopped reading early: it reads the
// whole paragraph, then cuts it as summary does. summary must give the same text.
func wholeSummary(html []byte, n int) string {
	s := string(html)
	start := strings.Index(s, "<p>")
	if start < 0 {
		return ""
	}
	end := strings.Index(s[start:], "</p>")
	if end < 0 {
		return ""
	}
	var b strings.Builder
	in := false
	for _, r := range s[start+3 : start+end] {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return shorten(strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " "), n)
}

func TestSummary(t *testing.T) {
	long := strings.Repeat("Une ressourcerie collecte et revend. ", 10)
	for _, tt := range []struct{ html, want string }{
		{"", ""},
		{"<h2>Titre</h2>", ""},
		{"<p>Court.</p>", "Court."},
		{"<h2>Titre</h2>\n<p>Le <em>premier</em> &amp; <a href=\"/x/\">seul</a>.</p><p>Second.</p>", "Le premier & seul."},
		{"<p>" + long + "</p>", "Une ressourcerie collecte et revend. Une ressourcerie collecte et revend. Une ressourcerie collecte et revend. Une ressourcerie collecte et revend. Une…"},
		{"<p>  espaces \n\n en   trop  </p>", "espaces en trop"},
	} {
		if got := summary([]byte(tt.html), 160); got != tt.want {
			t.Errorf("summary(%q) = %q, want %q", tt.html, got, tt.want)
		}
		if got, want := summary([]byte(tt.html), 160), wholeSummary([]byte(tt.html), 160); got != want {
			t.Errorf("summary(%q) = %q, reading the whole paragraph gives %q", tt.html, got, want)
		}
	}
}

// FuzzSummary checks that reading only the start of the paragraph changes nothing.
func FuzzSummary(f *testing.F) {
	f.Add("<p>Le <em>premier</em> &amp; <a href=\"/x/\">seul</a>.</p>", 10)
	f.Add("<p>"+strings.Repeat("a &amp;&lt; b   ", 30)+"</p>", 20)
	f.Add("<p>   x y   z  </p>", 3)
	f.Fuzz(func(t *testing.T, html string, n int) {
		if n < 1 || n > 400 {
			return
		}
		if got, want := summary([]byte(html), n), wholeSummary([]byte(html), n); got != want {
			t.Errorf("summary(%q, %d) = %q, reading the whole paragraph gives %q", html, n, got, want)
		}
	})
}
