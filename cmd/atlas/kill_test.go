package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain runs the test binary as atlas itself when ATLAS_TEST_CHILD is set, so that
// tests can start a build as a child process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv("ATLAS_TEST_CHILD") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// child returns the command that runs atlas with args in a child process.
func child(t *testing.T, args ...string) *exec.Cmd {
	exe, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "ATLAS_TEST_CHILD=1")
	return cmd
}

// twoSites copies the example atlas twice, the second with another title, so that
// every page differs between them, and returns both with the tree each builds.
func twoSites(t *testing.T) (sites [2]string, trees [2]map[string]string) {
	for i := range sites {
		dir := filepath.Join(t.TempDir(), "site")
		for _, name := range []string{"site.toml", "content", "layouts", "static"} {
			if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join("../..", name))); err != nil && name != "site.toml" {
				t.Fatal(err)
			}
		}
		// os.CopyFS copies a folder; site.toml is a file.
		b, err := os.ReadFile("../../site.toml")
		if err != nil {
			t.Fatal(err)
		}
		os.RemoveAll(filepath.Join(dir, "site.toml"))
		if i == 1 {
			b = bytes.Replace(b, []byte("title = \""), []byte("title = \"Nouveau : "), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, "site.toml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		sites[i] = dir
		out := filepath.Join(t.TempDir(), "ref")
		if code, _, stderr := runAtlas("build", "-q", "-s", dir, "-o", out); code != 0 {
			t.Fatalf("build = %d:\n%s", code, stderr)
		}
		trees[i] = tree(t, out)
	}
	if maps.Equal(trees[0], trees[1]) {
		t.Fatal("the two sites build the same tree")
	}
	return sites, trees
}

// which returns 0 or 1 when the output folder holds exactly the tree of that site,
// else -1 with what differs.
func which(t *testing.T, out string, trees [2]map[string]string) (int, string) {
	got := tree(t, out)
	for i, want := range trees {
		if maps.Equal(got, want) {
			return i, ""
		}
	}
	var old, new, neither int
	for p, data := range got {
		switch data {
		case trees[0][p]:
			old++
		case trees[1][p]:
			new++
		default:
			neither++
		}
	}
	return -1, fmt.Sprintf("%d files: %d of the old site, %d of the new, %d of neither; the old site has %d, the new %d",
		len(got), old, new, neither, len(trees[0]), len(trees[1]))
}

// TestKillDuringPublish kills a build, run as a child process, at many moments
// spread over its whole run, the swap included, and checks that the output is then
// wholly the old site or wholly the new one; the next build removes what the killed
// ones left beside the output.
func TestKillDuringPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example atlas some twenty times")
	}
	sites, trees := twoSites(t)
	parent := t.TempDir()
	out := filepath.Join(parent, "public")
	if code, _, stderr := runAtlas("build", "-q", "-s", sites[0], "-o", out); code != 0 {
		t.Fatalf("build = %d:\n%s", code, stderr)
	}
	// The kills are placed by what the child has done, not by the clock, which a busy
	// machine makes worthless: once its staging folder holds a given share of the
	// files, then, for most, a little after it holds them all, when the swap comes.
	total := len(trees[0])
	type moment struct {
		share float64
		delay time.Duration
	}
	var moments []moment
	for _, share := range []float64{0, 0.25, 0.5, 0.75, 0.9} {
		moments = append(moments, moment{share, 0})
	}
	for _, us := range []int{0, 50, 100, 200, 400, 700, 1000, 1500, 2500, 4000, 8000, 20000, 60000} {
		moments = append(moments, moment{1, time.Duration(us) * time.Microsecond})
	}
	seen := [2]int{}
	current := 0
	for _, m := range moments {
		leftover := staging(parent, nil)
		// Always the other site, so that every completed swap shows.
		cmd := child(t, "build", "-q", "-s", sites[1-current], "-o", out)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan struct{})
		go func() { cmd.Wait(); close(exited) }()
		// Wait for the share of files; a build that ends first was simply too quick.
	poll:
		for {
			select {
			case <-exited:
				break poll
			default:
			}
			if n := stagedFiles(parent, leftover); float64(n) >= m.share*float64(total) && (m.share < 1 || n >= total) {
				time.Sleep(m.delay)
				break
			}
			time.Sleep(50 * time.Microsecond)
		}
		cmd.Process.Kill()
		<-exited
		n, diff := which(t, out, trees)
		if n < 0 {
			t.Fatalf("killed once %.0f%% of the files were staged and %v later, the output is a mix: %s", 100*m.share, m.delay, diff)
		}
		if n == current {
			seen[0]++
		} else {
			seen[1]++
		}
		current = n
	}
	t.Logf("after %d kills the output was still the old site %d times, the new one %d times", len(moments), seen[0], seen[1])
	code, stdout, stderr := runAtlas("build", "-s", sites[0], "-o", out)
	if code != 0 {
		t.Fatalf("build after the kills = %d:\n%s", code, stderr)
	}
	if n, diff := which(t, out, trees); n != 0 {
		t.Errorf("after a whole build the output is not the site built: %s", diff)
	}
	entries, _ := os.ReadDir(parent)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 {
		t.Errorf("beside the output after a whole build: %q\nstdout: %s", names, stdout)
	}
}

// staging returns the staging folders beside the output in parent, but those in skip.
func staging(parent string, skip map[string]bool) map[string]bool {
	found := map[string]bool{}
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.new-") && !skip[e.Name()] {
			found[e.Name()] = true
		}
	}
	return found
}

// stagedFiles counts the files in the staging folders beside the output, but those
// in skip.
func stagedFiles(parent string, skip map[string]bool) int {
	n := 0
	for name := range staging(parent, skip) {
		filepath.WalkDir(filepath.Join(parent, name), func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
	}
	return n
}

// TestTwoBuildsAtOnce starts two builds of different sites into the same folder at
// once, four times: both succeed, the second waits for the first, and the output is
// wholly one of the sites.
func TestTwoBuildsAtOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the example atlas ten times")
	}
	sites, trees := twoSites(t)
	out := filepath.Join(t.TempDir(), "public")
	waited := 0
	for range 4 {
		var wg sync.WaitGroup
		var outputs [2]bytes.Buffer
		var errs [2]error
		for i := range 2 {
			cmd := child(t, "build", "-q", "-s", sites[i], "-o", out)
			cmd.Stdout, cmd.Stderr = &outputs[i], &outputs[i]
			wg.Go(func() { errs[i] = cmd.Run() })
		}
		wg.Wait()
		for i := range 2 {
			if errs[i] != nil {
				t.Errorf("build %d: %v\n%s", i, errs[i], outputs[i].String())
			}
			if strings.Contains(outputs[i].String(), "waiting for it to end") {
				waited++
			}
		}
		if n, diff := which(t, out, trees); n < 0 {
			t.Fatalf("after two builds at once the output is a mix: %s", diff)
		}
	}
	t.Logf("a build waited for the other %d times in 4", waited)
}
