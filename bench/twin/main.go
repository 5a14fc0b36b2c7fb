//go:build unix

// Command twin measures atlas against Hugo on a synthetic atlas.
//
// It generates the same atlas in atlas's format and as a Hugo site (package
// bench/twinsite, the port of the gen_twin.py that first made it), builds atlas from
// this module, then runs
// `atlas build` and `hugo` alternately, in two cases: cold, into a new folder, with a
// `cp -r` of atlas's output as the floor for writing it; and rebuild, over the tool's
// previous output from the same sources. Every run starts after a sync. It prints the
// median, minimum and maximum wall time of each, the ratio of the medians, the pages
// written and the peak memory (maximum resident set).
//
//	go run ./bench/twin                     # 1,000 communes, 10,000 initiatives, 5 runs each
//	go run ./bench/twin -communes 10000 -initiatives 100000 -runs 3
//	go run ./bench/twin -dir /tmp/twin -generate-only   # writes /tmp/twin/atlas and /tmp/twin/hugo
//
// Hugo is Debian's (apt-get install -y --no-install-recommends hugo; without the flag
// it pulls an old Go into PATH); -install installs it when it is missing. The command
// runs on Unix only: it calls cp, sync(2) and reads the peak resident set from rusage.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/reseau-ess-92/atlas/bench/twinsite"
)

func main() {
	communes := flag.Int("communes", 1000, "communes in the synthetic atlas")
	initiatives := flag.Int("initiatives", 10000, "initiatives in the synthetic atlas")
	runs := flag.Int("runs", 5, "runs of each builder")
	dir := flag.String("dir", "", "work `folder` (default: a new temporary folder)")
	seed := flag.Uint("seed", twinsite.DefaultSeed, "seed of the synthetic atlas")
	generateOnly := flag.Bool("generate-only", false, "write the twin into -dir (atlas/ and hugo/, replaced) and stop")
	install := flag.Bool("install", false, "install Debian's hugo with apt-get when it is missing")
	noHugo := flag.Bool("no-hugo", false, "measure atlas and the floor only")
	keep := flag.Bool("keep", false, "keep the outputs and the twin instead of deleting them at the end (on ext4, deleting many files slows the creation of files for a few minutes after, which would skew a benchmark run right after this one)")
	flag.Parse()
	if *communes < 1 || *initiatives < 1 || *runs < 1 {
		fmt.Fprintln(os.Stderr, "twin: -communes, -initiatives and -runs must be at least 1")
		os.Exit(2)
	}
	if *generateOnly {
		if *dir == "" {
			fmt.Fprintln(os.Stderr, "twin: -generate-only needs -dir")
			os.Exit(2)
		}
		if err := generate(*dir, *communes, *initiatives, uint32(*seed)); err != nil {
			fmt.Fprintln(os.Stderr, "twin:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*communes, *initiatives, *runs, *dir, uint32(*seed), *install, *noHugo, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "twin:", err)
		os.Exit(1)
	}
}

// sample is one timed run of a command.
type sample struct {
	wall time.Duration
	rss  int64 // peak resident set, bytes
}

// generate writes the twin into dir/atlas and dir/hugo.
func generate(dir string, nc, ni int, seed uint32) error {
	fmt.Printf("generating %d communes and %d initiatives in %s\n", nc, ni, dir)
	return twinsite.New(nc, ni, seed).Write(dir)
}

func run(nc, ni, runs int, dir string, seed uint32, install, noHugo, keep bool) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "atlas-twin-")
		if err != nil {
			return err
		}
		if !keep {
			defer os.RemoveAll(d)
		}
		dir = d
	}
	if !noHugo {
		if _, err := exec.LookPath("hugo"); err != nil {
			if !install {
				return fmt.Errorf("hugo is not installed: apt-get install -y --no-install-recommends hugo, or run with -install or -no-hugo")
			}
			for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "--no-install-recommends", "hugo"}} {
				if err := command("apt-get", args...).Run(); err != nil {
					return fmt.Errorf("apt-get %s: %v", args[0], err)
				}
			}
		}
	}
	if err := generate(dir, nc, ni, seed); err != nil {
		return err
	}
	bin := filepath.Join(dir, "atlas-bin")
	if err := command("go", "build", "-o", bin, "./cmd/atlas").Run(); err != nil {
		return fmt.Errorf("go build: %v", err)
	}
	hugoVersion := ""
	if !noHugo {
		out, _ := exec.Command("hugo", "version").Output()
		hugoVersion = strings.TrimSpace(string(out))
	}

	type builder struct {
		name string
		cmd  func(out string) *exec.Cmd
	}
	atlas := builder{"atlas", func(out string) *exec.Cmd {
		return exec.Command(bin, "build", "-q", "-s", filepath.Join(dir, "atlas"), "-o", out)
	}}
	hugo := builder{"hugo", func(out string) *exec.Cmd {
		return exec.Command("hugo", "--quiet", "-s", filepath.Join(dir, "hugo"), "-d", out)
	}}
	outputs, err := os.MkdirTemp(dir, "outputs-")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintf(os.Stderr, "outputs kept in %s\n", outputs)
	} else {
		defer os.RemoveAll(outputs)
	}
	lastAtlas := ""
	floor := builder{"cp -r (floor)", func(out string) *exec.Cmd { return exec.Command("cp", "-r", lastAtlas, out) }}
	tools := []builder{atlas, hugo}
	if noHugo {
		tools = tools[:1]
	}

	// Cold: each run writes a folder that does not exist yet. Nothing is deleted
	// until the end: on ext4, creating files soon after deleting many is slower, and
	// whichever tool came after a deletion would pay for it.
	coldBuilders := append(slices.Clone(tools), floor)
	cold := make([]*result, len(coldBuilders))
	for i, b := range coldBuilders {
		cold[i] = &result{name: b.name}
	}
	for r := range runs {
		for i, b := range coldBuilders {
			out := filepath.Join(outputs, fmt.Sprintf("cold-%d-%s", r, strings.Fields(b.name)[0]))
			s, err := timed(b.cmd(out))
			if err != nil {
				return fmt.Errorf("%s: %v", b.name, err)
			}
			if b.name == "atlas" {
				lastAtlas = out
			}
			cold[i].samples = append(cold[i].samples, s)
			cold[i].out = out
			fmt.Fprintf(os.Stderr, "cold    run %d/%d %-14s %7.2fs %6d MB\n", r+1, runs, b.name, s.wall.Seconds(), s.rss>>20)
		}
	}
	// Rebuild: each tool builds again over its own output, from the same sources.
	warm := make([]*result, len(tools))
	for i, b := range tools {
		warm[i] = &result{name: b.name, out: filepath.Join(outputs, "cold-0-"+b.name)}
	}
	for r := range runs {
		for i, b := range tools {
			s, err := timed(b.cmd(warm[i].out))
			if err != nil {
				return fmt.Errorf("%s: %v", b.name, err)
			}
			warm[i].samples = append(warm[i].samples, s)
			fmt.Fprintf(os.Stderr, "rebuild run %d/%d %-14s %7.2fs %6d MB\n", r+1, runs, b.name, s.wall.Seconds(), s.rss>>20)
		}
	}

	fmt.Printf("\n%d communes, %d initiatives, %d runs each, alternating, on %s\n", nc, ni, runs, machine())
	if hugoVersion != "" {
		fmt.Println(hugoVersion)
	}
	table("cold (into a new folder)", cold)
	table("rebuild (over the previous output, same sources)", warm)
	fmt.Println()
	atlasCold, floorCold := cold[0].median(), cold[len(cold)-1].median()
	if !noHugo {
		fmt.Printf("atlas / hugo, cold (medians):    %.3f\n", atlasCold.Seconds()/cold[1].median().Seconds())
		fmt.Printf("atlas / hugo, rebuild (medians): %.3f\n", warm[0].median().Seconds()/warm[1].median().Seconds())
	}
	fmt.Printf("atlas / floor, cold (medians):   %.2f\n", atlasCold.Seconds()/floorCold.Seconds())
	fmt.Printf("atlas per initiative, cold (median): %.1f µs\n", float64(atlasCold.Microseconds())/float64(ni))
	return nil
}

// result is the runs of one builder in one case, and the output of its last run.
type result struct {
	name    string
	samples []sample
	out     string
}

// walls returns the wall times of the runs, shortest first.
func (r *result) walls() []time.Duration {
	walls := make([]time.Duration, len(r.samples))
	for k, s := range r.samples {
		walls[k] = s.wall
	}
	slices.Sort(walls)
	return walls
}

func (r *result) median() time.Duration {
	w := r.walls()
	if len(w)%2 == 0 {
		return (w[len(w)/2-1] + w[len(w)/2]) / 2
	}
	return w[len(w)/2]
}

// table prints one case as a Markdown table.
func table(title string, results []*result) {
	fmt.Printf("\n%s\n\n| builder | median | min | max | pages | files | peak memory |\n|---|---|---|---|---|---|---|\n", title)
	for _, res := range results {
		var rss int64
		for _, s := range res.samples {
			rss = max(rss, s.rss)
		}
		walls := res.walls()
		pages, files := count(res.out)
		fmt.Printf("| %s | %.2f s | %.2f s | %.2f s | %d | %d | %d MB |\n", res.name, res.median().Seconds(),
			walls[0].Seconds(), walls[len(walls)-1].Seconds(), pages, files, rss>>20)
	}
}

func command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	return c
}

// timed runs c and returns its wall time and peak resident set.
//
// Each run starts after sync(2): the files a build writes stay dirty in the page cache
// for 30 seconds, and the kernel threads that write them back later take CPU from
// whichever run comes then. After a sync, no run pays for another's output.
func timed(c *exec.Cmd) (sample, error) {
	c.Stderr = os.Stderr
	syscall.Sync()
	start := time.Now()
	if err := c.Run(); err != nil {
		return sample{}, err
	}
	s := sample{wall: time.Since(start)}
	if ru, ok := c.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rss = ru.Maxrss * 1024 // kilobytes on Linux
	}
	return s, nil
}

// count returns the HTML pages and all files under dir.
func count(dir string) (pages, files int) {
	filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			files++
			if strings.HasSuffix(p, ".html") {
				pages++
			}
		}
		return nil
	})
	return pages, files
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
