package server

import (
	"bufio"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reseau-ess-92/atlas"
)

// BenchmarkSaveToPage measures what a maintainer waits for: from writing an
// initiative's file to the server answering with the new page, through the batching
// of events, the rebuild, the publication and the reload event, with the server's own
// debounce. The "example" atlas is the bundled one; "twin" is the site folder named by
// $ATLAS_TWIN, such as the atlas/ folder made by
//
//	go run ./bench/twin -dir /tmp/twin -generate-only
//	ATLAS_TWIN=/tmp/twin/atlas go test ./internal/server -run - -bench SaveToPage -benchtime 5x
func BenchmarkSaveToPage(b *testing.B) {
	b.Run("example", func(b *testing.B) { benchSaveToPage(b, "../..") })
	b.Run("twin", func(b *testing.B) {
		dir := os.Getenv("ATLAS_TWIN")
		if dir == "" {
			b.Skip("set ATLAS_TWIN to a site folder, such as one made by go run ./bench/twin -generate-only")
		}
		benchSaveToPage(b, dir)
	})
}

func benchSaveToPage(b *testing.B, src string) {
	dir := b.TempDir()
	for _, name := range []string{"site.toml", "content", "layouts", "static"} {
		from := filepath.Join(src, name)
		st, err := os.Stat(from)
		switch {
		case os.IsNotExist(err):
			continue
		case err != nil:
			b.Fatal(err)
		case st.IsDir():
			err = os.CopyFS(filepath.Join(dir, name), os.DirFS(from))
		default:
			var data []byte
			if data, err = os.ReadFile(from); err == nil {
				err = os.WriteFile(filepath.Join(dir, name), data, 0o644)
			}
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	// The first initiative, which is as costly to change as any other.
	var file, slug string
	fs.WalkDir(os.DirFS(dir), "content/initiatives", func(name string, d fs.DirEntry, err error) error {
		if err == nil && file == "" && strings.HasSuffix(name, ".md") {
			file, slug = filepath.Join(dir, name), strings.TrimSuffix(d.Name(), ".md")
		}
		return err
	})
	if file == "" {
		b.Fatal("no initiative to edit")
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Start(Config{Source: dir, Theme: atlas.Theme()}, ln)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	page := s.URL() + "initiatives/" + slug + "/"
	resp, err := http.Get(s.URL() + "_atlas/reload")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	stream := bufio.NewScanner(resp.Body)

	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		saved := time.Now()
		marker := fmt.Sprintf("marque-%d", i)
		if err := os.WriteFile(file, fmt.Appendf(orig, "\n%s\n", marker), 0o644); err != nil {
			b.Fatal(err)
		}
		// Each reload event is what a browser acts on; the page must then be new.
		for {
			if !stream.Scan() {
				b.Fatalf("reload stream ended: %v", stream.Err())
			}
			if !strings.HasPrefix(stream.Text(), "data: ") {
				continue
			}
			code, body := get(b, page)
			if code == 200 && strings.Contains(body, marker) {
				break
			}
		}
		times = append(times, time.Since(saved))
	}
	// The median resists the other processes of a shared machine better than the mean.
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median/save")
	b.ReportMetric(float64(times[0].Microseconds())/1000, "ms-min/save")
}
