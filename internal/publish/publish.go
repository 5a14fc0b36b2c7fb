// Package publish minifies the files of a built site and writes them to the output
// folder. It is the only package that writes to disk.
//
// A site is written into a new folder beside the output and renamed into place only
// once every file is written, so a failed build leaves the previous output as it was
// and no file of an earlier build survives in the new one.
package publish

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"

	"github.com/reseau-ess-92/atlas/internal/render"
)

var minifier = func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]json$"), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]xml$"), xml.Minify)
	return m
}()

var mediaTypes = map[string]string{
	".html":    "text/html",
	".css":     "text/css",
	".js":      "application/javascript",
	".svg":     "image/svg+xml",
	".json":    "application/json",
	".geojson": "application/geo+json",
}

// Minify minifies HTML, CSS, JavaScript, SVG and JSON files in place, in parallel.
// A file the minifier cannot parse is reported, never half-written.
func Minify(files []render.File) error {
	errs := make([]error, len(files))
	parallel(len(files), func(i int) {
		mt, ok := mediaTypes[path.Ext(files[i].Path)]
		if !ok {
			return
		}
		var buf bytes.Buffer
		buf.Grow(len(files[i].Data))
		if err := minifier.Minify(mt, &buf, bytes.NewReader(files[i].Data)); err != nil {
			errs[i] = fmt.Errorf("%s: minify: %v", files[i].Path, err)
			return
		}
		files[i].Data = buf.Bytes()
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// Write writes files into a new folder beside out, then swaps it into place.
func Write(out string, files []render.File) error {
	out = filepath.Clean(out)
	if st, err := os.Stat(out); err == nil && !st.IsDir() {
		return fmt.Errorf("%s exists and is not a folder", out)
	}
	parent, base := filepath.Dir(out), filepath.Base(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := writeTree(tmp, files); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	old := ""
	if _, err := os.Stat(out); err == nil {
		old = filepath.Join(parent, "."+base+".old-"+filepath.Base(tmp)[len(base)+6:])
		if err := os.Rename(out, old); err != nil {
			os.RemoveAll(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, out); err != nil {
		if old != "" {
			os.Rename(old, out)
		}
		os.RemoveAll(tmp)
		return err
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// writeTree creates the folders first, once each, then writes the files in parallel.
func writeTree(root string, files []render.File) error {
	dirs := map[string]bool{}
	for _, f := range files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return fmt.Errorf("refusing to write %q outside the output folder", f.Path)
		}
		for d := path.Dir(f.Path); d != "." && !dirs[d]; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	// Sorted by length, a parent comes before its children.
	sortByLen(list)
	for _, d := range list {
		if err := os.Mkdir(filepath.Join(root, filepath.FromSlash(d)), 0o755); err != nil && !os.IsExist(err) {
			return err
		}
	}
	errs := make([]error, len(files))
	parallel(len(files), func(i int) {
		errs[i] = os.WriteFile(filepath.Join(root, filepath.FromSlash(files[i].Path)), files[i].Data, 0o644)
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func sortByLen(s []string) {
	// Insertion into buckets keeps this linear; folder depth is small.
	buckets := map[int][]string{}
	maxDepth := 0
	for _, d := range s {
		n := strings.Count(d, "/")
		buckets[n] = append(buckets[n], d)
		maxDepth = max(maxDepth, n)
	}
	s = s[:0]
	for n := 0; n <= maxDepth; n++ {
		s = append(s, buckets[n]...)
	}
}

// parallel calls f(0) … f(n-1) on every core.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, 256)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
