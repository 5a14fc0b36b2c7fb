package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/reseau-ess-92/atlas/internal/build"
	"github.com/reseau-ess-92/atlas/internal/diag"
	"github.com/reseau-ess-92/atlas/internal/progress"
	"github.com/reseau-ess-92/atlas/internal/sitefs"
)

// Config says what to serve.
type Config struct {
	Source   string         // the site folder: site.toml, content/, optional layouts/ and static/
	Theme    fs.FS          // the default theme, with layouts/ and static/
	Log      io.Writer      // where builds and errors are reported; nil for nowhere
	Debounce time.Duration  // quiet time that ends a burst of changes; 0 for 10ms
	Progress *progress.Line // shows how far a long build has gone; nil for nothing
}

// Server is a running development server. Its methods are safe for concurrent use.
type Server struct {
	cfg     Config
	url     string // http://host:port/, also the base URL of the builds
	tmp     string // the private folder, removed by Close
	root    *os.Root
	http    *http.Server
	watcher *fsnotify.Watcher

	state atomic.Pointer[state]
	gen   atomic.Int64 // counts relevant file-system events
	done  atomic.Int64 // gen when the last finished rebuild began: all caught up when equal
	kick  chan struct{}
	quit  chan struct{}
	wg    sync.WaitGroup // the watcher and the HTTP server, not the builds

	publishing sync.Mutex // held while a build is published

	mu      sync.Mutex
	clients map[chan string]struct{}

	// changes are the paths, slash-separated from the site folder, that events named
	// since the last build began; all is set when events were lost.
	changesMu sync.Mutex
	changes   []string
	all       bool

	// Owned by the goroutine that builds.
	session *build.Session
	pub     publisher
	nonce   string
	count   int
}

// state is what the last build left to serve.
type state struct {
	version  string
	problems []string // nil when the last build succeeded
}

// Run serves the site on ln until ctx is done, then shuts down cleanly.
func Run(ctx context.Context, cfg Config, ln net.Listener) error {
	s, err := Start(cfg, ln)
	if err != nil {
		return err
	}
	<-ctx.Done()
	err = s.Close()
	fmt.Fprintln(s.cfg.Log, "stopped")
	return err
}

// Start builds the site once, then serves it on ln and watches the site folder until
// Close. A failed first build is served as an error page, not returned: only a server
// that cannot run is an error.
func Start(cfg Config, ln net.Listener) (*Server, error) {
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Debounce <= 0 {
		// An editor's save (Vim's rename dance, an IDE's safe write) is over in a
		// millisecond or two; a longer burst only costs one more build.
		cfg.Debounce = 10 * time.Millisecond
	}
	if st, err := os.Stat(cfg.Source); err != nil {
		return nil, err
	} else if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", cfg.Source)
	}
	s := &Server{
		cfg:     cfg,
		url:     siteURL(ln.Addr()),
		kick:    make(chan struct{}, 1),
		quit:    make(chan struct{}),
		clients: map[chan string]struct{}{},
		nonce:   strconv.FormatInt(time.Now().UnixNano(), 36),
	}
	var err error
	if s.tmp, err = os.MkdirTemp("", "atlas-serve-"); err != nil {
		return nil, err
	}
	pub := filepath.Join(s.tmp, "public")
	if err = os.Mkdir(pub, 0o755); err == nil {
		s.root, err = os.OpenRoot(pub)
	}
	if err == nil {
		s.watcher, err = fsnotify.NewWatcher()
	}
	if err == nil {
		err = s.watchSite()
	}
	if err != nil {
		s.cleanup()
		ln.Close()
		return nil, err
	}
	s.pub.root = s.root
	s.session = build.NewSession(build.Options{Theme: cfg.Theme, BaseURL: s.url, Progress: cfg.Progress})
	s.state.Store(&state{version: s.nonce + "-0"})

	s.wg.Go(s.watch)
	s.rebuild()
	go s.loop()
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.wg.Go(func() {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(s.cfg.Log, "serve: %v\n", err)
		}
	})
	fmt.Fprintf(s.cfg.Log, "serving %s at %s (Ctrl-C to stop)\n", cfg.Source, s.url)
	return s, nil
}

// URL returns the address the site is served at, ending with a slash.
func (s *Server) URL() string { return s.url }

// Close ends the event streams, shuts the HTTP server down, stops watching and removes
// the private folder. It does not wait for a build under way, whose result is dropped.
func (s *Server) Close() error {
	close(s.quit)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := s.http.Shutdown(ctx)
	if werr := s.watcher.Close(); err == nil {
		err = werr
	}
	s.wg.Wait()
	s.publishing.Lock()
	defer s.publishing.Unlock()
	if cerr := s.cleanup(); err == nil {
		err = cerr
	}
	return err
}

func (s *Server) cleanup() error {
	if s.watcher != nil {
		s.watcher.Close()
	}
	if s.root != nil {
		s.root.Close()
	}
	return os.RemoveAll(s.tmp)
}

// siteURL is the address to print and to build with; an unspecified listening address
// (0.0.0.0 or ::) is reached as localhost.
func siteURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}

// loop waits for a change, lets the burst settle, and rebuilds.
func (s *Server) loop() {
	for {
		select {
		case <-s.quit:
			return
		case <-s.kick:
		}
		if !s.settle() {
			return
		}
		s.rebuild()
	}
}

// settle waits until no change came for the debounce time, and reports false if the
// server is closing.
func (s *Server) settle() bool {
	t := time.NewTimer(s.cfg.Debounce)
	defer t.Stop()
	for {
		if s.closing() {
			return false
		}
		select {
		case <-s.quit:
			return false
		case <-s.kick:
			t.Reset(s.cfg.Debounce)
		case <-t.C:
			return true
		}
	}
}

func (s *Server) closing() bool {
	select {
	case <-s.quit:
		return true
	default:
		return false
	}
}

// changed records that an event named the file or folder at rel, a slash path from
// the site folder.
func (s *Server) changed(rel string) {
	s.changesMu.Lock()
	s.changes = append(s.changes, rel)
	s.changesMu.Unlock()
}

// lost records that events were lost: anything may have changed.
func (s *Server) lost() {
	s.changesMu.Lock()
	s.all = true
	s.changesMu.Unlock()
}

// rebuild builds the site and publishes the result: the new files, or the problems.
// The session makes only what the changes named by events can have changed.
func (s *Server) rebuild() {
	start := time.Now()
	gen := s.gen.Load()
	defer s.done.Store(gen)
	s.changesMu.Lock()
	changes, all := s.changes, s.all
	s.changes, s.all = nil, false
	s.changesMu.Unlock()
	if all {
		s.session.ChangedAll()
	} else {
		s.session.Changed(changes...)
	}
	var out *build.Output
	var d diag.List
	// Each file goes to disk as it is made, under a temporary name, and is
	// published at the end only if the build is good.
	st := s.pub.begin()
	s.cfg.Progress.Restart()
	defer s.cfg.Progress.Clear()
	// A fresh sitefs.FS for each build: what it records is that build's.
	if site, err := sitefs.Open(s.cfg.Source); err != nil {
		d.Add(diag.Pos{File: "."}, "%v", err)
		s.session.ChangedAll()
	} else {
		out, d = s.session.BuildTo(site, st.file)
		site.Close()
	}
	built := time.Since(start)
	s.cfg.Progress.Clear()
	// Close waits for a publication, never for a build: a build that ends after
	// Close is dropped.
	s.publishing.Lock()
	defer s.publishing.Unlock()
	if s.closing() {
		st.abort()
		return
	}
	var problems []string
	if len(d) > 0 {
		st.abort()
		if s.gen.Load() != gen {
			// The folder changed while building: the rebuild that is due will tell.
			return
		}
		for _, x := range d {
			problems = append(problems, x.Error())
		}
		fmt.Fprintf(s.cfg.Log, "%s\nserve: %s; the browser shows them until the next good build\n",
			d.Error(), count(len(d), "problem", "problems"))
		s.setState(problems)
		return
	}
	changed, err := st.commit(out.Gone)
	if err != nil {
		s.session.Reset()
		fmt.Fprintf(s.cfg.Log, "serve: %v\n", err)
		s.setState([]string{err.Error()})
		return
	}
	s.session.Commit()
	res := out.Result
	old := s.state.Load()
	if changed == 0 && old.problems == nil && s.count > 0 {
		fmt.Fprintf(s.cfg.Log, "rebuilt in %v: nothing changed\n", built.Round(time.Millisecond))
		return
	}
	s.setState(nil)
	if s.count == 1 {
		fmt.Fprintf(s.cfg.Log, "built %d pages, %d files in %v\n", res.Pages, res.Count, time.Since(start).Round(time.Millisecond))
		return
	}
	fmt.Fprintf(s.cfg.Log, "rebuilt in %v (build %v), %s\n", time.Since(start).Round(time.Millisecond),
		built.Round(time.Millisecond), count(changed, "file changed", "files changed"))
}

// setState records a new version and tells every open page about it.
func (s *Server) setState(problems []string) {
	s.count++
	st := &state{version: s.nonce + "-" + strconv.Itoa(s.count), problems: problems}
	s.state.Store(st)
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.clients {
		// Only the latest version matters: replace one the client has not taken yet.
		select {
		case <-ch:
		default:
		}
		ch <- st.version
	}
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
