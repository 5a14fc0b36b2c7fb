package build

import (
	"bytes"
	"maps"
	"os"
	"testing"

	"github.com/reseau-ess-92/atlas"
	atlasmodel "github.com/reseau-ess-92/atlas/internal/atlas"
	"github.com/reseau-ess-92/atlas/internal/content"
	"github.com/reseau-ess-92/atlas/internal/markdown"
	"github.com/reseau-ess-92/atlas/internal/publish"
	"github.com/reseau-ess-92/atlas/internal/render"
)

// BenchmarkStages measures each stage of the pipeline on the example, or on the site
// in $ATLAS_BENCH_SITE (a synthetic twin from go run ./bench/twin -generate-only, say):
//
//	go test ./internal/build -run '^$' -bench Stages
//	ATLAS_BENCH_SITE=/tmp/twin/atlas go test ./internal/build -run '^$' -bench Stages -benchtime 3x
func BenchmarkStages(b *testing.B) {
	dir := os.Getenv("ATLAS_BENCH_SITE")
	if dir == "" {
		dir = "../.."
	}
	src := os.DirFS(dir)
	c, d := content.Load(src)
	if len(d) > 0 {
		b.Fatal(d)
	}
	a, _ := atlasmodel.New(c)
	conv := markdown.New("/", a.Site.Unsafe)
	bodies, _ := convert(a, conv, nil)
	layouts, static, err := theme(src, atlas.Theme())
	if err != nil {
		b.Fatal(err)
	}
	r, rd := render.New(layouts, static, "https://example.org/")
	if len(rd) > 0 {
		b.Fatal(rd)
	}
	var files []render.File
	r.Render(a, maps.Clone(bodies), func(f render.File) {
		f.Data = bytes.Clone(f.Data) // Render reuses the bytes of its pages
		files = append(files, f)
	})

	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			content.Load(src)
		}
	})
	b.Run("model", func(b *testing.B) {
		for b.Loop() {
			atlasmodel.New(c)
		}
	})
	b.Run("markdown", func(b *testing.B) {
		for b.Loop() {
			convert(a, conv, nil)
		}
	})
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			r.Render(a, maps.Clone(bodies), func(render.File) {})
		}
	})
	b.Run("minify+write", func(b *testing.B) {
		out := b.TempDir() + "/public"
		for b.Loop() {
			fs := make([]render.File, len(files))
			copy(fs, files)
			if err := publish.Minify(fs); err != nil {
				b.Fatal(err)
			}
			if err := publish.Write(out, fs); err != nil {
				b.Fatal(err)
			}
		}
	})
}
