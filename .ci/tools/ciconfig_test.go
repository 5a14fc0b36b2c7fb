// Package citools checks the CI files that atlas init writes, on a freshly
// initialised atlas: the GitHub Actions workflow with actionlint (and shellcheck on
// its run: scripts when it is installed), the GitLab CI file's structure with a YAML
// parser, and, for both, that their check and build commands, run as the CI would,
// check the atlas and build it under the Pages address.
package citools

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v4"
)

// initAtlas builds the atlas command of the repository, starts an atlas with it
// and returns the atlas folder, the folder holding the command, and the version
// the CI files must install.
func initAtlas(t *testing.T) (site, bin, version string) {
	t.Helper()
	bin = t.TempDir()
	// atlas is built in its own module, two folders up, with its own go.sum: this
	// module knows nothing of atlas's dependencies.
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "atlas"), "./cmd/atlas")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site = filepath.Join(t.TempDir(), "atlas")
	if out, err := exec.Command(filepath.Join(bin, "atlas"), "init", site, "--communes", "92071,92002").CombinedOutput(); err != nil {
		t.Fatalf("atlas init: %v\n%s", err, out)
	}
	out, err := exec.Command(filepath.Join(bin, "atlas"), "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	// "atlas v1.2.0 (go1.26.0)": a release is pinned, a development build is not.
	version = strings.Fields(string(out))[1]
	if !regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`).MatchString(version) {
		version = "latest"
	}
	return site, bin, version
}

func TestGitHubWorkflow(t *testing.T) {
	site, bin, version := initAtlas(t)
	path := filepath.Join(site, ".github", "workflows", "atlas.yml")

	opts := &actionlint.LinterOptions{}
	if sc, err := exec.LookPath("shellcheck"); err == nil {
		opts.Shellcheck = sc
	} else {
		t.Log("shellcheck is not installed: actionlint does not check the run: scripts")
	}
	var log bytes.Buffer
	linter, err := actionlint.NewLinter(&log, opts)
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.LintFile(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s:%d:%d: %s [%s]", path, e.Line, e.Column, e.Message, e.Kind)
	}

	var wf struct {
		On struct {
			PullRequest any `yaml:"pull_request"`
			Push        struct {
				Branches []string
			}
		}
		Env  map[string]string
		Jobs map[string]struct {
			If          string
			Needs       any
			Permissions map[string]string
			Steps       []struct {
				ID   string
				Name string
				Uses string
				Run  string
				With map[string]string
				Env  map[string]string
			}
		}
	}
	src := read(t, path)
	if err := yaml.Unmarshal([]byte(src), &wf); err != nil {
		t.Fatal(err)
	}
	if wf.On.PullRequest == nil && !strings.Contains(src, "\n  pull_request:\n") {
		t.Error("the workflow does not run on pull requests")
	}
	if !slices.Equal(wf.On.Push.Branches, []string{"main"}) {
		t.Errorf("push branches = %v, want [main]", wf.On.Push.Branches)
	}
	if got := wf.Env["ATLAS_VERSION"]; got != version {
		t.Errorf("ATLAS_VERSION = %q, want %q (what atlas version prints)", got, version)
	}
	check, build, deploy := wf.Jobs["check"], wf.Jobs["build"], wf.Jobs["deploy"]
	if check.If != "github.event_name == 'pull_request'" || build.If != "github.event_name != 'pull_request'" {
		t.Errorf("check runs if %q, build if %q", check.If, build.If)
	}
	runs := func(job string) []string {
		var out []string
		for _, s := range wf.Jobs[job].Steps {
			if s.Run != "" {
				out = append(out, s.Run)
			}
		}
		return out
	}
	install := `go install "github.com/reseau-ess-92/atlas/cmd/atlas@${ATLAS_VERSION}"`
	if r := runs("check"); !slices.Equal(r, []string{install, "atlas check"}) {
		t.Errorf("check runs %q", r)
	}
	var uses []string
	var buildStep string
	var buildEnv map[string]string
	for _, s := range build.Steps {
		uses = append(uses, s.Uses)
		if strings.HasPrefix(s.Run, "atlas build") {
			buildStep, buildEnv = s.Run, s.Env
		}
	}
	for _, u := range []string{"actions/configure-pages@", "actions/upload-pages-artifact@"} {
		if !slices.ContainsFunc(uses, func(s string) bool { return strings.HasPrefix(s, u) }) {
			t.Errorf("the build job does not use %s", u)
		}
	}
	if buildEnv["PAGES_URL"] != "${{ steps.pages.outputs.base_url }}" {
		t.Errorf("the build step's PAGES_URL is %q, not the Pages base URL", buildEnv["PAGES_URL"])
	}
	if deploy.Permissions["pages"] != "write" || deploy.Permissions["id-token"] != "write" || len(deploy.Steps) != 1 ||
		!strings.HasPrefix(deploy.Steps[0].Uses, "actions/deploy-pages@") {
		t.Errorf("the deploy job does not deploy to GitHub Pages: %+v", deploy)
	}

	// The commands, run as the runner would, with the base URL that
	// configure-pages gives a project site (no final slash).
	env := []string{"PAGES_URL=https://reseau.github.io/atlas-test", "ATLAS_VERSION=" + version}
	sh(t, site, bin, nil, "atlas check")
	sh(t, site, bin, env, buildStep)
	home := read(t, filepath.Join(site, "public", "index.html"))
	if !strings.Contains(home, `<link rel="canonical" href="https://reseau.github.io/atlas-test/">`) ||
		!strings.Contains(home, `href="/atlas-test/communes/"`) {
		t.Errorf("the site is not built for https://reseau.github.io/atlas-test/:\n%.600s", home)
	}
	if _, err := os.Stat(filepath.Join(site, "public", "404.html")); err != nil {
		t.Error(err)
	}
}

func TestGitLabCI(t *testing.T) {
	site, bin, version := initAtlas(t)
	src := read(t, filepath.Join(site, ".gitlab-ci.yml"))
	for _, p := range gitlabProblems(src, version) {
		t.Errorf(".gitlab-ci.yml: %s", p)
	}

	// The commands, run as the runner would, with GitLab's CI_PAGES_URL.
	var doc struct {
		Pages struct{ Script []string }
	}
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	env := []string{"CI_PAGES_URL=https://reseau.gitlab.io/atlas-test", "ATLAS_VERSION=" + version}
	sh(t, site, bin, nil, "atlas check")
	for _, line := range doc.Pages.Script {
		sh(t, site, bin, env, line)
	}
	home := read(t, filepath.Join(site, "public", "index.html"))
	if !strings.Contains(home, `<link rel="canonical" href="https://reseau.gitlab.io/atlas-test/">`) {
		t.Errorf("the site is not built for https://reseau.gitlab.io/atlas-test/:\n%.600s", home)
	}

	// And the structure check finds what is wrong in a broken file.
	for _, tc := range []struct{ old, new, want string }{
		{"  stage: deploy", "  stage: publish", `job pages: stage "publish" is not in stages`},
		{"      - public", "      - site", `pages publishes ["site"], want [public]`},
		{"    - atlas check", "    - atlas build", `check runs ["atlas build"]`},
		{"stages:", "stage:", `"stage" is neither a global key nor a job`},
		{"  script:\n    - atlas check", "  scripts:\n    - atlas check", `job check: unexpected key "scripts"`},
		{`- if: $CI_PIPELINE_SOURCE == "merge_request_event"`, `- when: always`, "job check: rule map[when:always] has no if"},
		{"@${ATLAS_VERSION}", "@main", "before_script = "},
		{"  image: golang:", "  image: node:", "is not a Go image"},
		{"  ATLAS_VERSION: ", "  ATLAS: ", "ATLAS_VERSION = <nil>"},
		{"  script:\n    - atlas check", "  script: [atlas check\n", "not YAML"},
	} {
		if !strings.Contains(src, tc.old) {
			t.Fatalf("no %q in .gitlab-ci.yml", tc.old)
		}
		got := strings.Join(gitlabProblems(strings.Replace(src, tc.old, tc.new, 1), version), "\n")
		if !strings.Contains(got, tc.want) {
			t.Errorf("with %q for %q, the check says\n%s\nwant %q", tc.new, tc.old, got, tc.want)
		}
	}
}

// gitlabProblems checks the structure of a .gitlab-ci.yml that atlas init wrote:
// YAML, global keys and jobs, stages, scripts, rules, the installed version, the
// check job on merge requests and the pages job that publishes public/.
func gitlabProblems(src, version string) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	var doc map[string]any
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		return []string{"not YAML: " + err.Error()}
	}
	strs := func(what string, v any) []string {
		list, ok := v.([]any)
		if !ok {
			bad("%s is not a list: %v", what, v)
			return nil
		}
		var l []string
		for _, x := range list {
			s, ok := x.(string)
			if !ok {
				bad("%s holds %v, not a string", what, x)
			}
			l = append(l, s)
		}
		return l
	}
	firstIf := func(job map[string]any) any {
		rules, _ := job["rules"].([]any)
		if len(rules) == 0 {
			return nil
		}
		m, _ := rules[0].(map[string]any)
		return m["if"]
	}
	// The keys GitLab reads at the top level, besides jobs.
	global := map[string]bool{"variables": true, "default": true, "stages": true, "workflow": true, "include": true}
	stages := strs("stages", doc["stages"])
	jobs := map[string]map[string]any{}
	for _, k := range slices.Sorted(maps.Keys(doc)) {
		if global[k] {
			continue
		}
		job, ok := doc[k].(map[string]any)
		if !ok || job["script"] == nil && job["stage"] == nil {
			bad("%q is neither a global key nor a job", k)
			continue
		}
		jobs[k] = job
		for _, key := range slices.Sorted(maps.Keys(job)) {
			if !slices.Contains([]string{"stage", "script", "rules", "artifacts", "image", "before_script"}, key) {
				bad("job %s: unexpected key %q", k, key)
			}
		}
		if s, _ := job["stage"].(string); !slices.Contains(stages, s) {
			bad("job %s: stage %q is not in stages %v", k, s, stages)
		}
		if job["script"] == nil || len(strs(k+".script", job["script"])) == 0 {
			bad("job %s has no script", k)
		}
		rules, _ := job["rules"].([]any)
		for _, r := range rules {
			if m, ok := r.(map[string]any); !ok || m["if"] == nil {
				bad("job %s: rule %v has no if", k, r)
			}
		}
	}
	vars, _ := doc["variables"].(map[string]any)
	if vars["ATLAS_VERSION"] != version {
		bad("ATLAS_VERSION = %v, want %q", vars["ATLAS_VERSION"], version)
	}
	def, _ := doc["default"].(map[string]any)
	if img, _ := def["image"].(string); !regexp.MustCompile(`^golang:1\.\d+$`).MatchString(img) {
		bad("default image %q is not a Go image", img)
	}
	if install := strs("default.before_script", def["before_script"]); !slices.Equal(install, []string{`go install "github.com/reseau-ess-92/atlas/cmd/atlas@${ATLAS_VERSION}"`}) {
		bad("before_script = %q", install)
	}
	check, pages := jobs["check"], jobs["pages"]
	if check == nil || pages == nil {
		bad("jobs %v, want check and pages", slices.Sorted(maps.Keys(jobs)))
		return out
	}
	if s := strs("check.script", check["script"]); !slices.Equal(s, []string{"atlas check"}) {
		bad("check runs %q", s)
	}
	if r := firstIf(check); r != `$CI_PIPELINE_SOURCE == "merge_request_event"` {
		bad("check runs if %v", r)
	}
	if r := firstIf(pages); r != "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" {
		bad("pages runs if %v", r)
	}
	art, _ := pages["artifacts"].(map[string]any)
	if p := strs("pages.artifacts.paths", art["paths"]); !slices.Equal(p, []string{"public"}) {
		bad("pages publishes %q, want [public]", p)
	}
	if s := strs("pages.script", pages["script"]); len(s) != 1 || !strings.HasPrefix(s[0], "atlas build -o public --base-url ") {
		bad("pages runs %q", s)
	}
	return out
}

// sh runs a CI script line in the atlas folder with the atlas command on the PATH.
func sh(t *testing.T, dir, bin string, env []string, line string) {
	t.Helper()
	cmd := exec.Command("sh", "-ec", line)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append(env, "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", line, err, out)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLintersFail checks that actionlint, as used above, can fail: on a workflow
// with a misspelt key and an unknown action input.
func TestLintersFail(t *testing.T) {
	site, _, _ := initAtlas(t)
	src := read(t, filepath.Join(site, ".github", "workflows", "atlas.yml"))
	bad := strings.Replace(src, "runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1)
	bad = strings.Replace(bad, "path: public", "paths: public", 1)
	linter, err := actionlint.NewLinter(&bytes.Buffer{}, &actionlint.LinterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := linter.Lint("atlas.yml", []byte(bad), nil)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range errs {
		kinds = append(kinds, e.Kind)
	}
	if !slices.Contains(kinds, "syntax-check") || !slices.Contains(kinds, "action") {
		t.Errorf("actionlint on a broken workflow found %v, want syntax-check and action errors", kinds)
	}
}
