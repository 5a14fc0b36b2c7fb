package build_test

import (
	"os"
	"testing"

	"github.com/reseau-ess-92/atlas"
	"github.com/reseau-ess-92/atlas/internal/build"
	"github.com/reseau-ess-92/atlas/internal/publish"
)

// BenchmarkExample builds the bundled example in memory, minified, without writing.
func BenchmarkExample(b *testing.B) {
	for b.Loop() {
		res, d := build.Run(build.Options{Source: example, Theme: atlas.Theme()})
		if len(d) > 0 {
			b.Fatal(d)
		}
		if err := publish.Minify(res.Files); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSite builds the site in $ATLAS_BENCH_SITE (for example a synthetic twin
// from go run ./bench/twin -generate-only), in memory.
func BenchmarkSite(b *testing.B) {
	dir := os.Getenv("ATLAS_BENCH_SITE")
	if dir == "" {
		b.Skip("set ATLAS_BENCH_SITE to a site folder")
	}
	src := os.DirFS(dir)
	for b.Loop() {
		if _, d := build.Run(build.Options{Source: src, Theme: atlas.Theme()}); len(d) > 0 {
			b.Fatal(d)
		}
	}
}
