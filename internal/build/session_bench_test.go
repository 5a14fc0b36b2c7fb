package build_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"testing"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
)

// BenchmarkSessionBody measures a Session rebuilding after a change to the body of
// one initiative, in memory, on the site in $ATLAS_BENCH_SITE (a copy is edited):
//
//	go run ./bench/twin -dir /tmp/twin -generate-only
//	ATLAS_BENCH_SITE=/tmp/twin/atlas go test ./internal/build -run '^$' -bench Session -benchtime 20x
//
// ATLAS_BENCH_PROFILE names a file for a CPU profile of the rebuilds alone, without
// the first build (which -cpuprofile would count too).
func BenchmarkSessionBody(b *testing.B) { benchSession(b, false) }

// BenchmarkSessionTitle is the same for a change of the title.
func BenchmarkSessionTitle(b *testing.B) { benchSession(b, true) }

func benchSession(b *testing.B, title bool) {
	src := os.Getenv("ATLAS_BENCH_SITE")
	if src == "" {
		b.Skip("set ATLAS_BENCH_SITE to a site folder")
	}
	dir := b.TempDir()
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		b.Fatal(err)
	}
	s := build.NewSession(build.Options{Theme: atlas.Theme()})
	if _, d := s.Build(os.DirFS(dir)); len(d) > 0 {
		b.Fatal(d)
	}
	s.Commit()
	ents, err := os.ReadDir(filepath.Join(dir, "content/initiatives"))
	if err != nil || len(ents) == 0 {
		b.Fatal("no initiatives", err)
	}
	rel := "content/initiatives/" + ents[0].Name()
	orig, err := os.ReadFile(filepath.Join(dir, rel))
	if err != nil {
		b.Fatal(err)
	}
	if p := os.Getenv("ATLAS_BENCH_PROFILE"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			b.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	i := 0
	for b.Loop() {
		i++
		var data []byte
		if title {
			data = replaceTitle(orig, fmt.Sprintf("Titre %d", i))
		} else {
			data = fmt.Appendf(append([]byte(nil), orig...), "\nmarque-%d\n", i)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), data, 0o644); err != nil {
			b.Fatal(err)
		}
		s.Changed(rel)
		if _, d := s.Build(os.DirFS(dir)); len(d) > 0 {
			b.Fatal(d)
		}
		s.Commit()
	}
}

// replaceTitle returns the file src with title as its title.
func replaceTitle(src []byte, title string) []byte {
	var out [][]byte
	for _, line := range bytes.Split(src, []byte("\n")) {
		if bytes.HasPrefix(line, []byte("title = ")) {
			line = fmt.Appendf(nil, "title = %q", title)
		}
		out = append(out, line)
	}
	return bytes.Join(out, []byte("\n"))
}
