// Command twin measures atlas against Hugo on a synthetic atlas.
//
// It generates the same atlas in atlas's format and as a Hugo site with
// ../shared/bench/gen_twin.py (or -gen), builds atlas from this module, then runs
// `atlas build` and `hugo` alternately, with a `cp -r` of atlas's output as the floor
// for writing it, and prints the median, minimum and maximum wall time of each, the
// ratio of the medians, the pages written and the peak memory (maximum resident set).
//
//	go run ./bench/twin                     # 1,000 communes, 10,000 initiatives, 5 runs each
//	go run ./bench/twin -communes 10000 -initiatives 100000 -runs 3
//
// Hugo is Debian's (apt-get install -y --no-install-recommends hugo; without the flag
// it pulls an old Go into PATH); -install installs it when it is missing.
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
)

func main() {
	communes := flag.Int("communes", 1000, "communes in the synthetic atlas")
	initiatives := flag.Int("initiatives", 10000, "initiatives in the synthetic atlas")
	runs := flag.Int("runs", 5, "runs of each builder")
	dir := flag.String("dir", "", "work `folder` (default: a new temporary folder)")
	gen := flag.String("gen", "../shared/bench/gen_twin.py", "the twin generator")
	install := flag.Bool("install", false, "install Debian's hugo with apt-get when it is missing")
	noHugo := flag.Bool("no-hugo", false, "measure atlas and the floor only")
	flag.Parse()
	if err := run(*communes, *initiatives, *runs, *dir, *gen, *install, *noHugo); err != nil {
		fmt.Fprintln(os.Stderr, "twin:", err)
		os.Exit(1)
	}
}

// sample is one timed run of a command.
type sample struct {
	wall time.Duration
	rss  int64 // peak resident set, bytes
}

func run(nc, ni, runs int, dir, gen string, install, noHugo bool) error {
	if dir == "" {
		d, err := os.MkdirTemp("", "atlas-twin-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
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
	fmt.Printf("generating %d communes and %d initiatives in %s\n", nc, ni, dir)
	if err := command("python3", gen, dir, fmt.Sprint(nc), fmt.Sprint(ni)).Run(); err != nil {
		return fmt.Errorf("%s: %v", gen, err)
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

	atlasOut := filepath.Join(dir, "atlas-public")
	hugoOut := filepath.Join(dir, "hugo-public")
	floorOut := filepath.Join(dir, "floor-public")
	builders := []struct {
		name string
		cmd  func() *exec.Cmd
		out  string
	}{
		{"atlas", func() *exec.Cmd {
			return exec.Command(bin, "build", "-q", "-s", filepath.Join(dir, "atlas"), "-o", atlasOut)
		}, atlasOut},
		{"hugo", func() *exec.Cmd {
			return exec.Command("hugo", "--quiet", "-s", filepath.Join(dir, "hugo"), "-d", hugoOut)
		}, hugoOut},
		{"cp -r (floor)", func() *exec.Cmd { return exec.Command("cp", "-r", atlasOut, floorOut) }, floorOut},
	}
	if noHugo {
		builders = slices.Delete(builders, 1, 2)
	}
	samples := make([][]sample, len(builders))
	// A first atlas build, unmeasured, gives the floor its input.
	if err := builders[0].cmd().Run(); err != nil {
		return fmt.Errorf("atlas build: %v", err)
	}
	for r := range runs {
		for i, b := range builders {
			os.RemoveAll(b.out)
			if b.name == "atlas" {
				// Keep atlas's output for the floor: atlas replaces it whole anyway.
				os.RemoveAll(floorOut)
			}
			s, err := timed(b.cmd())
			if err != nil {
				return fmt.Errorf("%s: %v", b.name, err)
			}
			samples[i] = append(samples[i], s)
			fmt.Fprintf(os.Stderr, "run %d/%d %-14s %7.2fs %6d MB\n", r+1, runs, b.name, s.wall.Seconds(), s.rss>>20)
		}
	}

	fmt.Printf("\n%d communes, %d initiatives, %d runs each, alternating, on %s\n", nc, ni, runs, machine())
	if hugoVersion != "" {
		fmt.Println(hugoVersion)
	}
	fmt.Printf("\n| builder | median | min | max | pages | files | peak memory |\n|---|---|---|---|---|---|---|\n")
	medians := map[string]time.Duration{}
	for i, b := range builders {
		walls := make([]time.Duration, len(samples[i]))
		var rss int64
		for k, s := range samples[i] {
			walls[k] = s.wall
			rss = max(rss, s.rss)
		}
		slices.Sort(walls)
		med := walls[len(walls)/2]
		if len(walls)%2 == 0 {
			med = (walls[len(walls)/2-1] + walls[len(walls)/2]) / 2
		}
		medians[b.name] = med
		pages, files := count(b.out)
		fmt.Printf("| %s | %.2f s | %.2f s | %.2f s | %d | %d | %d MB |\n", b.name, med.Seconds(),
			walls[0].Seconds(), walls[len(walls)-1].Seconds(), pages, files, rss>>20)
	}
	if h, ok := medians["hugo"]; ok {
		fmt.Printf("\natlas / hugo (medians): %.3f\n", medians["atlas"].Seconds()/h.Seconds())
	}
	fmt.Printf("atlas / floor (medians): %.2f\n", medians["atlas"].Seconds()/medians["cp -r (floor)"].Seconds())
	fmt.Printf("atlas per initiative (median): %.1f µs\n", float64(medians["atlas"].Microseconds())/float64(ni))
	return nil
}

func command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Stdout, c.Stderr = os.Stderr, os.Stderr
	return c
}

// timed runs c and returns its wall time and peak resident set.
func timed(c *exec.Cmd) (sample, error) {
	c.Stderr = os.Stderr
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
