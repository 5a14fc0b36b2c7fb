package server

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// watched are the folders of a site that the build reads, besides site.toml.
var watched = []string{"content", "layouts", "static"}

// watchSite watches the site folder itself, for site.toml and for watched folders
// that appear, and every folder under the watched ones.
func (s *Server) watchSite() error {
	if err := s.watcher.Add(s.cfg.Source); err != nil {
		return err
	}
	for _, dir := range watched {
		if err := s.watchTree(filepath.Join(s.cfg.Source, dir)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// watchTree watches dir and the folders under it, hidden ones excepted.
func (s *Server) watchTree(dir string) error {
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if name != dir && ignored(d.Name()) {
			return filepath.SkipDir
		}
		return s.watcher.Add(name)
	})
}

// watch turns file-system events into rebuild requests, and watches new folders.
func (s *Server) watch() {
	for {
		select {
		case ev, ok := <-s.watcher.Events:
			if !ok {
				return
			}
			rel, ok := s.relevant(ev)
			if !ok {
				continue
			}
			s.changed(rel)
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
					if err := s.watchTree(ev.Name); err != nil && !errors.Is(err, fs.ErrNotExist) {
						fmt.Fprintf(s.cfg.Log, "serve: watch %s: %v\n", ev.Name, err)
					}
				}
			}
			s.gen.Add(1)
			select {
			case s.kick <- struct{}{}:
			default:
			}
		case err, ok := <-s.watcher.Errors:
			if !ok {
				return
			}
			// An overflow loses events: rebuild everything to be sure.
			fmt.Fprintf(s.cfg.Log, "serve: watch: %v\n", err)
			s.lost()
			select {
			case s.kick <- struct{}{}:
			default:
			}
		}
	}
}

// relevant reports whether ev may change the site: a change to site.toml or under a
// watched folder, other than a change of permissions or a temporary file. It returns
// the path that changed, slash-separated from the site folder.
func (s *Server) relevant(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod {
		return "", false
	}
	rel, err := filepath.Rel(s.cfg.Source, ev.Name)
	if err != nil || !filepath.IsLocal(rel) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	parts := strings.Split(rel, "/")
	if len(parts) == 1 && parts[0] == "site.toml" {
		return rel, true
	}
	top := false
	for _, dir := range watched {
		top = top || parts[0] == dir
	}
	if !top {
		return "", false
	}
	for _, p := range parts[1:] {
		if ignored(p) {
			return "", false
		}
	}
	return rel, true
}

// ignored reports whether a file or folder name is hidden or an editor's temporary
// file: Vim's .swp, .swx and 4913, Emacs's .#name, #name# and name~, and the like.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") ||
		strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, ".swx") ||
		strings.HasSuffix(name, ".tmp") ||
		name == "4913"
}
