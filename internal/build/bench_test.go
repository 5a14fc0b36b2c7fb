package build_test

import (
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
