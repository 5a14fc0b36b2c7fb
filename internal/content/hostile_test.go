package content

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/reseau-ess-92/atlas/internal/diag"
)

const front = "+++\ntitle = \"T\"\ncommunes = [\"a\"]\ntype = \"t\"\nstatus = \"s\"\n"

// TestHostileText checks that control characters and deep nesting are reported at
// their position, before the parser spends time on them.
func TestHostileText(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
	}{
		{"NUL in the body", front + "+++\nUn\x00texte\n", []string{"x.md:7:3: control character U+0000 is not allowed: remove it"}},
		{"BEL and ESC", front + "+++\n\x07\n\x1b[31mrouge\n", []string{
			"x.md:7:1: control character U+0007 is not allowed: remove it",
			"x.md:8:1: control character U+001B is not allowed: remove it"}},
		{"DEL and a C1 control", front + "carrier = \"a\x7f\u0085\"\n+++\n", []string{
			"x.md:6:13: control character U+007F is not allowed: remove it",
			"x.md:6:14: control character U+0085 is not allowed: remove it"}},
		{"Windows line ends and tabs are fine", strings.ReplaceAll(front, "\n", "\r\n") + "+++\r\n\tTexte\r\n", nil},
		{"a carriage return alone is not", front + "+++\nun\rdeux\n", []string{"x.md:7:3: control character U+000D is not allowed: remove it"}},
		{"many", front + "+++\n" + strings.Repeat("\x00", 25) + "\n", many()},
		{"arrays nested deep", front + "themes = " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n+++\n", []string{
			"x.md:6:26: arrays and inline tables nest deeper than 16 levels"}},
		{"inline tables nested deep", front + "location = " + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n+++\n", []string{
			"x.md:6:60: arrays and inline tables nest deeper than 16 levels"}},
		{"brackets in strings and comments do not count", front + "carrier = \"" + strings.Repeat("[", 100) + "\" # " + strings.Repeat("{", 100) + "\n[[sources]]\ntitle = \"x\"\n+++\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d diag.List
			parseInitiative("x.md", []byte(tc.src), &d)
			var got []string
			for _, x := range d {
				if !strings.Contains(x.Msg, "control") && !strings.Contains(x.Msg, "nest") {
					continue // the fixture's own problems, such as a bad file name
				}
				got = append(got, x.Error())
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// many is what 25 NUL on line 7 give: the first ten, then how many more.
func many() []string {
	var out []string
	for col := 1; col <= 10; col++ {
		out = append(out, "x.md:7:"+strconv.Itoa(col)+": control character U+0000 is not allowed: remove it")
	}
	out = append(out, "x.md:8:1: 15 more control characters in this file")
	slices.Sort(out)
	return out
}

// BenchmarkHostileTOML parses the slow inputs of the fault-injection round: a
// one-line themes array of 100,000 entries (1.1 MB), which took 32 s while each
// element's column was counted from the start of the line, and inline tables nested
// 10,000 deep (70 kB), which took 28 s and 2.2 GB. Both now cost what their size does.
func BenchmarkHostileTOML(b *testing.B) {
	for _, bc := range []struct{ name, src string }{
		{"themes=100000", front + "themes = [" + strings.Repeat(`"reemploi", `, 100_000) + "]\n+++\n"},
		{"themes=10000", front + "themes = [" + strings.Repeat(`"reemploi", `, 10_000) + "]\n+++\n"},
		{"nested=10000", front + "location = " + strings.Repeat("{a=", 10_000) + "1" + strings.Repeat("}", 10_000) + "\n+++\n"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			src := []byte(bc.src)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				var d diag.List
				parseInitiative("x.md", src, &d)
			}
		})
	}
}
