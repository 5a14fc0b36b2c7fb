package search

import (
	"bufio"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// TestStemSnowball checks the Snowball stemmer that Stem uses against the Snowball
// project's own output, and Stem's plural step.
func TestStemSnowball(t *testing.T) {
	voc, want := readLines(t, "testdata/snowball-fr-voc.txt"), readLines(t, "testdata/snowball-fr-output.txt")
	if len(voc) != len(want) || len(voc) < 20000 {
		t.Fatalf("%d words, %d stems", len(voc), len(want))
	}
	bad := 0
	for i, w := range voc {
		if n := len([]rune(w)); n <= 2 || n >= 4 && (strings.HasSuffix(w, "s") && strings.ContainsAny(w[len(w)-2:len(w)-1], "aiou") || strings.HasSuffix(w, "eux") || strings.HasSuffix(w, "oux")) {
			continue // Stem's own steps, checked below
		}
		if got := Stem(w); got != want[i] {
			bad++
			if bad < 10 {
				t.Errorf("Stem(%q) = %q, want %q", w, got, want[i])
			}
		}
	}
	for _, tc := range [][2]string{
		{"velos", "velo"}, {"velo", "velo"}, {"cinemas", "cinem"}, {"cinema", "cinem"},
		{"lieux", "lieu"}, {"lieu", "lieu"}, {"tierslieux", "tierslieu"}, {"restos", "resto"},
		{"epiceries", "epicer"}, {"ressourceries", "ressourcer"}, {"alimentaires", "alimentair"},
		{"es", "es"}, {"bus", "bus"}, {"92330", "92330"},
	} {
		if got := stemOf(tc[0]); got != tc[1] {
			t.Errorf("stemOf(%q) = %q, want %q", tc[0], got, tc[1])
		}
	}
}

// exampleTexts returns the text of every file of the example atlas.
func exampleTexts(t *testing.T) []string {
	t.Helper()
	var out []string
	root := filepath.Join("..", "..")
	for _, dir := range []string{"content", "site.toml"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, err := os.ReadFile(p)
				if err == nil {
					out = append(out, string(b))
				}
			}
			return nil
		})
	}
	if len(out) < 50 {
		t.Fatalf("only %d files in the example", len(out))
	}
	return out
}

// TestStemAgrees runs the browser's folding, stemming and cutting of queries
// (static/js/recherche.js, in Node) on the Snowball vocabulary, on every word of the
// example atlas and on every line of its files, and checks that they give what the
// Go side gives.
func TestStemAgrees(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node")
	}
	words := readLines(t, "testdata/snowball-fr-voc.txt")
	var lines []string
	for _, text := range exampleTexts(t) {
		for _, l := range strings.Split(text, "\n") {
			if strings.TrimSpace(l) != "" {
				lines = append(lines, l)
			}
			words = append(words, Tokens(l)...)
		}
	}
	lines = append(lines, "co-working", "Tiers lieu", "tiers-lieux", "L’Épicerie d’Issy", "Bourg‑la‑Reine", "ŒUVRE  ß", "92330", "e-", "-x-")
	slices.Sort(words)
	words = slices.Compact(words)

	script := `
const s = require(process.argv[1]);
s.setStop(process.argv[2]);
const rl = require('readline').createInterface({ input: process.stdin });
const out = [];
rl.on('line', l => {
  const [kind, text] = JSON.parse(l);
  if (kind === 'w') { const f = s.fold(text); out.push(JSON.stringify([f, s.stem(f)])); }
  else out.push(JSON.stringify(s.queryWords(text).map(w => [w.text, w.folded, w.stem, w.parts])));
});
rl.on('close', () => process.stdout.write(out.join('\n') + '\n'));
`
	js, _ := filepath.Abs(filepath.Join("..", "..", "static", "js", "recherche.js"))
	cmd := exec.Command(node, "-e", script, js, stopWords)
	var in strings.Builder
	for _, w := range words {
		b, _ := json.Marshal([]string{"w", w})
		in.Write(append(b, '\n'))
	}
	for _, l := range lines {
		b, _ := json.Marshal([]string{"q", l})
		in.Write(append(b, '\n'))
	}
	cmd.Stdin = strings.NewReader(in.String())
	cmd.Stderr = os.Stderr
	outp, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(outp)))
	sc.Buffer(nil, 1<<20)
	bad := 0
	report := func(format string, args ...any) {
		bad++
		if bad <= 20 {
			t.Errorf(format, args...)
		}
	}
	for i := 0; sc.Scan(); i++ {
		switch {
		case i < len(words):
			var got [2]string
			json.Unmarshal(sc.Bytes(), &got)
			f := Fold(words[i])
			if got[0] != f || got[1] != Stem(f) {
				report("%q: browser folds and stems to %q %q, Go to %q %q", words[i], got[0], got[1], f, Stem(f))
			}
		case i < len(words)+len(lines):
			l := lines[i-len(words)]
			var want [][]any
			for _, w := range QueryWords(l) {
				parts := []any{}
				for _, p := range w.Parts {
					parts = append(parts, p)
				}
				want = append(want, []any{w.Text, w.Folded, w.Stem, parts})
			}
			if want == nil {
				want = [][]any{}
			}
			wb, _ := json.Marshal(want)
			if string(wb) != sc.Text() {
				report("query %.80q: browser cuts %.300s, Go %.300s", l, sc.Text(), wb)
			}
		}
	}
	t.Logf("%d words and %d lines compared", len(words), len(lines))
}
