package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file atlas writes at the top of every output folder it makes. A
// folder that holds it is atlas's to replace; it holds a fixed sentence and nothing
// about the machine that built it, since the output is published as it is.
const Marker = ".atlas-output"

const markerText = "This folder is the output of atlas build: the next build replaces all of it.\n"

// RefusedError is an output folder atlas will not write to: bad usage, not bad input.
type RefusedError struct {
	Out    string
	Reason string
}

func (e *RefusedError) Error() string { return fmt.Sprintf("output folder %s %s", e.Out, e.Reason) }

// legacyFiles are files that every atlas build before the marker wrote, with names no
// other tool writes together: an output folder that has them all, and no hidden
// entry, is the output of an older atlas and is recognised as atlas's own.
var legacyFiles = []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "atom.xml",
	"donnees/atlas.json", "donnees/atlas.csv", "donnees/atlas.geojson"}

// CheckOutput reports why atlas must not replace the folder out with a built site,
// as a *RefusedError, or returns nil. site, when not "", is the site folder, whose
// sources out must not be or hold.
//
// atlas replaces only a folder that does not exist, an empty folder, a folder with
// its Marker, or the output of an older atlas (see legacyFiles). It never replaces
// the site folder or one holding it, a folder under the site's content/, layouts/ or
// static/, the filesystem's root, the home folder, the temporary folder, or a file.
func CheckOutput(out, site string) error {
	refuse := func(format string, args ...any) error {
		return &RefusedError{Out: out, Reason: fmt.Sprintf(format, args...)}
	}
	o, err := realPath(out)
	if err != nil {
		return refuse("cannot be resolved: %v", err)
	}
	if o == filepath.Dir(o) {
		return refuse("is the root of the filesystem: choose a folder of its own, such as public")
	}
	if site != "" {
		s, err := realPath(site)
		if err == nil {
			if within(s, o) {
				return refuse("would replace the site folder %s: choose a folder of its own, such as %s", site, filepath.Join(site, "public"))
			}
			for _, dir := range []string{"content", "layouts", "static"} {
				if within(o, filepath.Join(s, dir)) {
					return refuse("is inside the site's %s/ folder, whose files it would replace: choose a folder outside content/, layouts/ and static/, such as %s", dir, filepath.Join(site, "public"))
				}
			}
		}
	}
	for _, x := range []struct{ dir, name string }{{home(), "your home folder"}, {os.TempDir(), "the temporary folder"}} {
		if x.dir == "" {
			continue
		}
		d, err := realPath(x.dir)
		if err != nil {
			continue
		}
		if within(d, o) {
			return refuse("is %s or holds it: atlas replaces all of its output folder; choose a folder of its own, such as public", x.name)
		}
	}
	st, err := os.Stat(o)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return refuse("cannot be read: %v", err)
	}
	if !st.IsDir() {
		return refuse("is a file, not a folder: choose a folder, such as public")
	}
	entries, err := os.ReadDir(o)
	if err != nil {
		return refuse("cannot be read: %v", err)
	}
	if len(entries) == 0 {
		return nil
	}
	if m, err := os.Lstat(filepath.Join(o, Marker)); err == nil && m.Mode().IsRegular() {
		return nil
	}
	for _, name := range []string{"site.toml", "content"} {
		if _, err := os.Lstat(filepath.Join(o, name)); err == nil {
			return refuse("holds %s: it looks like a site, not an output folder", name)
		}
	}
	if legacy(o, entries) {
		return nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return refuse("is not empty and atlas did not make it (it has no %s file; it holds %s): atlas replaces everything in its output folder, so it writes only to a new or empty folder or to one of its own outputs; choose another folder with -o, or empty this one yourself",
		Marker, strings.Join(names, ", "))
}

// legacy reports whether the folder o, with the entries given, is the output of an
// atlas older than the marker.
func legacy(o string, entries []os.DirEntry) bool {
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			return false
		}
	}
	for _, name := range legacyFiles {
		st, err := os.Lstat(filepath.Join(o, filepath.FromSlash(name)))
		if err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// home returns the home folder, or "" when there is none.
func home() string {
	h, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return h
}

// realPath returns the absolute form of p with symbolic links resolved in the part of
// it that exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if dir == filepath.Dir(dir) {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// within reports whether the path p is dir or lies under it; both are absolute.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && (rel == "." || filepath.IsLocal(rel))
}
