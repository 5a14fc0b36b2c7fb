package markdown

import (
	"strings"
	"testing"
)

// TestEscapes checks that a link is checked as the browser reads it: character
// references and backslash escapes decoded, and that scheme-relative links are
// refused unless the site allows them, with unsafe HTML on or off.
func TestEscapes(t *testing.T) {
	const at = "content/initiatives/x.md:3:1: "
	for _, tt := range []struct {
		name, src string
		opts      []Option
		html      string
		diag      string
	}{
		{"numeric reference", "[a](&#106;avascript:alert(1))", nil, `<p><a href="">a</a></p>`,
			at + `link "javascript:alert(1)" (written "&#106;avascript:alert(1)") must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`},
		{"hexadecimal reference", "[a](&#x6A;avascript:x)", nil, `<p><a href="">a</a></p>`,
			at + `link "javascript:x" (written "&#x6A;avascript:x") must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`},
		{"named reference", "[a](javascript&colon;alert(1))", nil, `<p><a href="">a</a></p>`,
			at + `link "javascript:alert(1)" (written "javascript&colon;alert(1)") must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`},
		{"reference definition", "[a]\n\n[a]: &#106;avascript:x", nil, `<p><a href="">a</a></p>`,
			at + `link "javascript:x" (written "&#106;avascript:x") must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`},
		{"image", "![i](&#106;avascript:x)", nil, `<p><img src="" alt="i"></p>`,
			at + `link "javascript:x" (written "&#106;avascript:x") must use http, https, mailto or a typed link (commune:, initiative:, type:, theme:)`},
		{"newline before the scheme", "[a](&#10;javascript:x)", nil, `<p><a href="">a</a></p>`,
			at + `link "\njavascript:x" (written "&#10;javascript:x") holds a control character: write it %-encoded`},
		{"scheme-relative", "[a](//evil.example/x)", nil, `<p><a href="">a</a></p>`,
			at + `link "//evil.example/x" leaves the site without saying how: write it with https:, or allow it with [markdown] scheme_relative = true`},
		{"scheme-relative with a backslash", `[a](/\\evil.example/x)`, nil, `<p><a href="">a</a></p>`,
			at + `link "/\\evil.example/x" (written "/\\\\evil.example/x") leaves the site without saying how: write it with https:, or allow it with [markdown] scheme_relative = true`},
		{"scheme-relative allowed", "[a](//example.org/x)", []Option{SchemeRelative}, `<p><a href="//example.org/x">a</a></p>`, ""},
		{"encoded https is fine", "[a](https&colon;//example.org/)", nil, `<p><a href="https://example.org/">a</a></p>`, ""},
		{"encoded typed link", "[a](commune&colon;sceaux)", nil, `<p><a href="/communes/sceaux/">a</a></p>`, ""},
		{"ampersand in a query", "[a](https://example.org/?a=1&amp;b=2)", nil, `<p><a href="https://example.org/?a=1&amp;b=2">a</a></p>`, ""},
	} {
		for _, unsafe := range []bool{false, true} {
			html, _, d := New("/", unsafe, tt.opts...).Convert(body(tt.src, 0), known)
			got := ""
			if len(d) > 0 {
				got = d[0].Error()
			}
			if strings.TrimSpace(string(html)) != tt.html || got != tt.diag || len(d) > 1 {
				t.Errorf("%s (unsafe %v):\n got %s\n%v\nwant %s\n%s", tt.name, unsafe, html, d, tt.html, tt.diag)
			}
		}
	}
}
