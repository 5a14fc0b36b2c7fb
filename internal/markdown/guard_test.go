package markdown

import (
	"strings"
	"testing"
)

// indentedList is a list nested n levels by indentation, the shape goldmark takes
// cubic time on.
func indentedList(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

// TestGuard checks that the shapes goldmark spends minutes on are reported at their
// line, before conversion, and that ordinary texts pass.
func TestGuard(t *testing.T) {
	const quoteMsg = "quotes and lists nest deeper than 32 levels"
	const linkMsg = `more than 200 links left open ("](" without ")") in one paragraph`
	for _, tt := range []struct {
		name, src string
		want      string
	}{
		{"quotes nested 100,000 deep", "Texte.\n\n" + strings.Repeat("> ", 100_000) + "x\n", "content/initiatives/x.md:5:1: " + quoteMsg},
		{"list nested 2,000 deep on one line", strings.Repeat("- ", 2000) + "x\n", "content/initiatives/x.md:3:1: " + quoteMsg},
		{"list nested 2,000 deep by indentation", indentedList(2000), "content/initiatives/x.md:35:1: " + quoteMsg},
		{"ordered lists", strings.Repeat("1. ", 40) + "x\n", "content/initiatives/x.md:3:1: " + quoteMsg},
		{"link openers", "Début.\n\n" + strings.Repeat("[a](", 40_000) + "\n", "content/initiatives/x.md:5:803: " + linkMsg},
		{"image openers", strings.Repeat("![a](", 40_000) + "\n", "content/initiatives/x.md:3:1004: " + linkMsg},
		{"nested as a writer does", "> - a\n>   - b\n>     > c\n", ""},
		{"list 10 deep", indentedList(10), ""},
		{"many closed links", strings.Repeat("[a](https://example.org/) ", 5000) + "\n", ""},
		{"open links in separate paragraphs", strings.Repeat(strings.Repeat("[a](", 150)+"\n\n", 10), ""},
		{"deep lists in a code block", "```\n" + indentedList(100) + "```\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, d := New("/", false).Convert(body(tt.src, 0), known)
			got := ""
			if len(d) > 0 {
				got = d[0].Error()
			}
			if got != tt.want || len(d) > 1 {
				t.Errorf("got %q (%d problems), want %q", got, len(d), tt.want)
			}
		})
	}
}

// BenchmarkHostileMarkdown converts the slow inputs of the fault-injection round,
// each now refused by guard in time linear in its size: before, "[a](" × 40,000 took
// 8 s to 300 s, "> " × 100,000 12 s, a 2,000-level list 13.5 s (by indentation,
// almost two minutes).
func BenchmarkHostileMarkdown(b *testing.B) {
	c := New("/", false)
	for _, bc := range []struct{ name, src string }{
		{"links=40000", strings.Repeat("[a](", 40_000)},
		{"quotes=100000", strings.Repeat("> ", 100_000) + "x"},
		{"list=2000", strings.Repeat("- ", 2000) + "x"},
		{"indented=2000", indentedList(2000)},
		{"at-limit-links=200", strings.Repeat("[a](", 200)},
		{"at-limit-indented=16", indentedList(16)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			m := body(bc.src, 0)
			b.SetBytes(int64(len(bc.src)))
			for b.Loop() {
				c.Convert(m, known)
			}
		})
	}
}
