//go:build unix

// Command live measures live preview: the time from writing a file to the new page
// being served, by atlas serve and by hugo server, on the synthetic twin (package
// bench/twinsite) at several sizes.
//
// For each size it writes the twin, starts the server on a free port of 127.0.0.1,
// waits for its first build, then makes each kind of edit several times, one at a
// time: the body of an initiative (a line added at its end), the title of an
// initiative, the name of a commune. Each time it writes the file, then asks the
// page that shows the change over HTTP, every 2 ms, until the answer holds it; the
// time counted is from just before the write to that answer. One edit of each kind
// comes first, not counted, as a maintainer's first save would. It prints the median,
// minimum and maximum of each, the ratio of atlas's median to Hugo's, and the peak
// memory (maximum resident set) of each server.
//
//	go run ./bench/live                                   # 1,000 and 10,000 initiatives, 7 edits of each kind
//	go run ./bench/live -sizes 100000 -no-hugo -edits 5   # 100,000, atlas only
//
// The Hugo site of the twin has no file per commune: the commune's page is the term
// page of the communes taxonomy, whose title an _index.md file gives, written for
// the commune that is renamed before Hugo starts. Hugo is Debian's (apt-get install
// -y --no-install-recommends hugo), in its default fast render mode. Unix only: the
// servers are stopped with SIGINT and their memory read from /proc.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/reseau-ess-92/atlas/bench/twinsite"
)

func main() {
	sizes := flag.String("sizes", "1000,10000", "numbers of initiatives, comma-separated (communes: a tenth)")
	edits := flag.Int("edits", 7, "edits of each kind, after one not counted")
	noHugo := flag.Bool("no-hugo", false, "measure atlas only")
	hugoMax := flag.Int("hugo-max", 10000, "largest size at which Hugo is measured too")
	dir := flag.String("dir", "", "work `folder` (default: a new temporary folder, removed at the end)")
	flag.Parse()
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 10 {
			fmt.Fprintf(os.Stderr, "live: -sizes: %q is not a number of initiatives (10 or more)\n", s)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	if *edits < 1 {
		fmt.Fprintln(os.Stderr, "live: -edits must be at least 1")
		os.Exit(2)
	}
	if err := run(ns, *edits, *noHugo, *hugoMax, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "live:", err)
		os.Exit(1)
	}
}

// result is the measures of one server on one twin.
type result struct {
	tool  string
	n     int
	times map[string][]time.Duration // by kind of edit
	first time.Duration              // start to first page
	peak  int64                      // bytes
}

var kinds = []string{"body", "title", "commune"}

func run(sizes []int, edits int, noHugo bool, hugoMax int, dir string) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "atlas-live-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	if !noHugo {
		if _, err := exec.LookPath("hugo"); err != nil {
			return errors.New("hugo is not installed: apt-get install -y --no-install-recommends hugo, or run with -no-hugo")
		}
	}
	bin := filepath.Join(dir, "atlas-bin")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/atlas").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	var results []*result
	for _, n := range sizes {
		twin := filepath.Join(dir, strconv.Itoa(n))
		fmt.Fprintf(os.Stderr, "generating %d communes and %d initiatives in %s\n", n/10, n, twin)
		t := twinsite.New(n/10, n, twinsite.DefaultSeed)
		if err := t.Write(twin); err != nil {
			return err
		}
		e := newEditor(t, twin)
		if err := e.hugoCommune(); err != nil {
			return err
		}
		r, err := measure(e, "atlas", n, edits, func(port int) *exec.Cmd {
			return exec.Command(bin, "serve", "-s", filepath.Join(twin, "atlas"), "--addr", "127.0.0.1:"+strconv.Itoa(port))
		})
		if err != nil {
			return err
		}
		results = append(results, r)
		if !noHugo && n <= hugoMax {
			r, err := measure(e, "hugo", n, edits, func(port int) *exec.Cmd {
				return exec.Command("hugo", "server", "-s", filepath.Join(twin, "hugo"), "--bind", "127.0.0.1",
					"--port", strconv.Itoa(port), "--disableLiveReload")
			})
			if err != nil {
				return err
			}
			results = append(results, r)
		}
	}
	report(results, edits)
	return nil
}

// editor makes the edits on both forms of one twin.
type editor struct {
	twin    *twinsite.Twin
	dir     string
	in      twinsite.Initiative // the initiative edited
	commune int                 // the index of the commune renamed: the first of in
	count   int
}

func newEditor(t *twinsite.Twin, dir string) *editor {
	e := &editor{twin: t, dir: dir, in: t.Initiatives[0]}
	for i, c := range t.Communes {
		if c.Slug == e.in.Communes[0] {
			e.commune = i
		}
	}
	return e
}

// hugoCommune gives the renamed commune's term page its title in the Hugo form.
func (e *editor) hugoCommune() error {
	c := e.twin.Communes[e.commune]
	return e.writeHugoCommune(c.Name)
}

func (e *editor) writeHugoCommune(name string) error {
	c := e.twin.Communes[e.commune]
	p := filepath.Join(e.dir, "hugo", "content", "communes", c.Slug, "_index.md")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, fmt.Appendf(nil, "+++\ntitle = %q\n+++\n", name), 0o644)
}

var titleLine = regexp.MustCompile(`(?m)^title = .*$`)

// edit makes one edit of kind on tool's form of the twin and returns the page that
// shows it and the marker that the page will hold.
func (e *editor) edit(tool, kind string) (write func() error, page, marker string) {
	e.count++
	marker = fmt.Sprintf("zq%dzq", e.count)
	initiative := func(body, title string) func() error {
		return func() error {
			p := filepath.Join(e.dir, tool, "content", "initiatives", e.in.Slug+".md")
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if title != "" {
				b = titleLine.ReplaceAll(b, []byte(fmt.Sprintf("title = %q", title)))
			}
			b = append(b, body...)
			return os.WriteFile(p, b, 0o644)
		}
	}
	switch kind {
	case "body":
		return initiative("\nUne ligne de plus, "+marker+".\n", ""), "/initiatives/" + e.in.Slug + "/", marker
	case "title":
		return initiative("", e.in.Title+" "+marker), "/initiatives/" + e.in.Slug + "/", marker
	}
	c := e.twin.Communes[e.commune]
	name := c.Name + " " + marker
	if tool == "hugo" {
		return func() error { return e.writeHugoCommune(name) }, "/communes/" + c.Slug + "/", marker
	}
	return func() error {
		c := c
		c.Name = name
		return os.WriteFile(filepath.Join(e.dir, "atlas", "content", "communes", c.Slug+".toml"), twinsite.CommuneFile(c), 0o644)
	}, "/communes/" + c.Slug + "/", marker
}

// measure starts a server, waits for its first page, then times the edits.
func measure(e *editor, tool string, n, edits int, command func(port int) *exec.Cmd) (*result, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := command(port)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	client := &http.Client{Timeout: 30 * time.Second}
	r := &result{tool: tool, n: n, times: map[string][]time.Duration{}}
	first := "/initiatives/" + e.in.Slug + "/"
	if err := poll(client, base+first, e.in.Slug, 10*time.Minute); err != nil {
		return nil, fmt.Errorf("%s serve: %v\n%s", tool, err, log.String())
	}
	r.first = time.Since(start)
	fmt.Fprintf(os.Stderr, "%s, %d initiatives: first page after %.1f s\n", tool, n, r.first.Seconds())
	time.Sleep(time.Second)
	for _, kind := range kinds {
		for i := range edits + 1 {
			write, page, marker := e.edit(tool, kind)
			t0 := time.Now()
			if err := write(); err != nil {
				return nil, err
			}
			if err := poll(client, base+page, marker, 5*time.Minute); err != nil {
				return nil, fmt.Errorf("%s, %s edit: %v\n%s", tool, kind, err, log.String())
			}
			d := time.Since(t0)
			if i > 0 {
				r.times[kind] = append(r.times[kind], d)
			}
			fmt.Fprintf(os.Stderr, "%s, %d initiatives, %s edit %d: %.0f ms\n", tool, n, kind, i, ms(d))
			// Let the server finish whatever follows (feeds, other pages) before
			// the next edit.
			time.Sleep(400 * time.Millisecond)
		}
	}
	r.peak = peakRSS(cmd.Process.Pid)
	return r, nil
}

// poll asks url every 2 ms until the answer is 200 and holds marker.
func poll(client *http.Client, url, marker string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		resp, err := client.Get(url)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && bytes.Contains(body, []byte(marker)) {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s still without %q after %v (last error %v)", url, marker, limit, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// peakRSS reads the peak resident set of process pid (VmHWM), in bytes.
func peakRSS(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func stats(ds []time.Duration) (median, lo, hi time.Duration) {
	s := slices.Clone(ds)
	slices.Sort(s)
	median = s[len(s)/2]
	if len(s)%2 == 0 {
		median = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return median, s[0], s[len(s)-1]
}

// report prints the table, in Markdown.
func report(results []*result, edits int) {
	fmt.Printf("\nlive preview: from writing a file to the new page served, %d edits of each kind, on %s\n", edits, machine())
	if out, err := exec.Command("hugo", "version").Output(); err == nil {
		fmt.Println(strings.TrimSpace(string(out)))
	}
	fmt.Printf("\n| initiatives | edit | atlas serve | hugo server | atlas / hugo |\n|---|---|---|---|---|\n")
	byKey := map[string]*result{}
	var sizes []int
	for _, r := range results {
		byKey[r.tool+strconv.Itoa(r.n)] = r
		if !slices.Contains(sizes, r.n) {
			sizes = append(sizes, r.n)
		}
	}
	cell := func(r *result, kind string) (string, time.Duration) {
		if r == nil {
			return "—", 0
		}
		m, lo, hi := stats(r.times[kind])
		return fmt.Sprintf("%.0f ms [%.0f – %.0f]", ms(m), ms(lo), ms(hi)), m
	}
	for _, n := range sizes {
		a, h := byKey["atlas"+strconv.Itoa(n)], byKey["hugo"+strconv.Itoa(n)]
		for _, kind := range kinds {
			ac, am := cell(a, kind)
			hc, hm := cell(h, kind)
			ratio := "—"
			if hm > 0 {
				ratio = fmt.Sprintf("%.2f", float64(am)/float64(hm))
			}
			fmt.Printf("| %d | %s | %s | %s | %s |\n", n, kind, ac, hc, ratio)
		}
		mem := func(r *result) string {
			if r == nil {
				return "—"
			}
			return fmt.Sprintf("%d MB (first page after %.1f s)", r.peak>>20, r.first.Seconds())
		}
		fmt.Printf("| %d | peak memory | %s | %s | |\n", n, mem(a), mem(h))
	}
}

func machine() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "this machine"
	}
	model, n := "", 0
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "model name") {
			n++
			_, model, _ = strings.Cut(line, ": ")
		}
	}
	return fmt.Sprintf("%d × %s", n, model)
}
