package cli

import (
	"cmp"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/preset"
)

// TestNewEnclosingNotes checks the notes new prints for a project written inside a git
// repository that holds more than it (its CI configuration is read only at the root) or
// under a go.work that does not use it (the go command does not build it there), and that
// nothing is said otherwise.
func TestNewEnclosingNotes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	const githubNote = "note: GitHub Actions runs only the workflows in .github/workflows at the repository root"
	const gitlabNote = "note: GitLab CI reads .gitlab-ci.yml at the repository root"
	const workNote = "does not use"
	tests := []struct {
		name   string
		repo   bool              // a git repository at the root of the run's directory
		files  map[string]string // written before new runs
		env    []string
		args   []string // after the module
		target string   // services/pay when ""
		want   []string
		absent []string
	}{
		{name: "github workflow below the root", repo: true, want: []string{githubNote + " (ROOT), so services/pay/.github/workflows/ci.yml never runs: move it to ROOT/.github/workflows/pay.yml", "defaults.run.working-directory: 'services/pay'", "cache-dependency-path: 'services/pay/go.sum'", "paths: ['services/pay/**']"}, absent: []string{gitlabNote, workNote}},
		{name: "github workflow below the root, its name taken by a workflow of the root's", repo: true,
			files: map[string]string{".github/workflows/pay.yml": "on: [push]\n", ".github/workflows/pay-ci.yaml": "on: [push]\n"},
			want:  []string{"never runs: move it to ROOT/.github/workflows/pay-ci-2.yml and point it at services/pay"}},
		{name: "dry run says it too", repo: true, args: []string{"--dry-run"}, want: []string{githubNote}},
		{name: "gitlab below the root", repo: true, args: []string{"--ci", "gitlab"}, want: []string{gitlabNote + " (ROOT)", "include: [{local: 'services/pay/.gitlab-ci.yml'}]",
			"does not merge their stages: the root's stages: must list this file's (check, build) along with those its own jobs use (stages: [check, build, test, deploy] for a root that declares none",
			"its top-level image, variables and default would apply to every job of the repository: move them into its jobs\n"}, absent: []string{githubNote}},
		{name: "gitlab below the root, in a directory whose name YAML and the shell quote", repo: true, args: []string{"--ci", "gitlab"}, target: "o'neil, inc/pay",
			want: []string{"include: [{local: 'o''neil, inc/pay/.gitlab-ci.yml'}]", "rules: [{changes: ['o''neil, inc/pay/**']}]"}},
		{name: "no ci", repo: true, args: []string{"--without", "ci"}, absent: []string{githubNote, gitlabNote}},
		{name: "no repository", absent: []string{githubNote, gitlabNote, workNote}},
		{name: "go.work without the project", files: map[string]string{"go.work": "go 1.26\n\nuse ./billing\n", "billing/go.mod": "module example.com/acme/billing\n\ngo 1.26\n"},
			want: []string{"note: ROOT/go.work does not use ROOT/services/pay: the go command builds nothing there", "add it: cd ROOT && go work use ./services/pay\n"}, absent: []string{githubNote}},
		{name: "go.work at an older go line", files: map[string]string{"go.work": "go 1.25\n\nuse ./billing\n", "billing/go.mod": "module example.com/acme/billing\n\ngo 1.25\n"},
			want: []string{"go work use ./services/pay; go work use also raises go.work's go line from 1.25 to 1.26.0, the module's, and in a workspace that line sets the GODEBUG defaults of every module it builds: they become those of go1.26, no longer of go1.25", "add the line `godebug default=go1.25` to go.work\n"}},
		{name: "go.work at an older go line with pinned defaults", files: map[string]string{"go.work": "go 1.25\n\ngodebug default=go1.24\n\nuse ./billing\n", "billing/go.mod": "module example.com/acme/billing\n\ngo 1.25\n"},
			want: []string{"raises go.work's go line from 1.25 to 1.26.0, the module's (the GODEBUG defaults stay as its `godebug default=go1.24` pins them)\n"}},
		{name: "go.work with the project", files: map[string]string{"go.work": "go 1.26\n\nuse ./services/pay\n"}, absent: []string{workNote}},
		{name: "GOWORK=off", files: map[string]string{"go.work": "go 1.26\n\nuse ./billing\n", "billing/go.mod": "module example.com/acme/billing\n\ngo 1.26\n"}, env: []string{"GOWORK=off"}, absent: []string{workNote}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			for p, body := range tt.files {
				mustWrite(t, dir, p, body)
			}
			if tt.repo {
				if out, err := exec.Command("git", "init", "--quiet", dir).CombinedOutput(); err != nil {
					t.Fatalf("git init: %v %s", err, out)
				}
			}
			target := cmp.Or(tt.target, "services/pay")
			args := newArgs(append(append([]string{"--module", "example.com/acme/pay"}, tt.args...), target)...)
			r := runEnv(t, context.Background(), dir, nil, tt.env, args...)
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "ROOT", dir); !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(r.stderr, a) {
					t.Errorf("stderr has %q:\n%s", a, r.stderr)
				}
			}
		})
	}
}

// TestIncludeMergeStages: the stages the note asks the root to list hold GitLab's
// default stages and the included file's, each in its own order.
func TestIncludeMergeStages(t *testing.T) {
	tests := []struct{ stages, want string }{
		{"[check, build]", "stages: [check, build, test, deploy]"},
		{"[lint, test]", "stages: [build, lint, test, deploy]"},
		{"[test, release]", "stages: [build, test, deploy, release]"},
		{"[build, test, deploy]", "stages: [build, test, deploy]"},
	}
	for _, tt := range tests {
		got := includeMerge([]byte("stages: " + tt.stages + "\n\njob:\n  script: [true]\n"))
		if !strings.Contains(got, tt.want) {
			t.Errorf("stages %s: %q, want %q", tt.stages, got, tt.want)
		}
	}
}

// TestNoTidySkippedNote: with --no-tidy, a project whose pack's Go files import other
// modules than the built-in templates (needsTidy) is written with the built-in templates'
// go.mod and go.sum, which may not build it: a note says go mod tidy did not run and gives
// the commands that run it (and amend the first commit new made); nothing is said when no
// tidy is needed (round 41 packs/3). Where the pack's Go files import only some of the
// built-in packages (tidyDrops), the project builds: the note says so, and that go mod
// tidy -diff reports the requirements to spare, not that it may not build.
func TestNoTidySkippedNote(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	const (
		other = "note: --no-tidy: go mod tidy did not run, though the pack's Go files import other modules than the built-in templates, whose go.mod and go.sum the project has: it may not build"
		drops = "note: --no-tidy: go mod tidy did not run, though the pack's Go files import only some of the packages the built-in templates import, whose go.mod and go.sum the project has: it builds, but they keep requirements and checksums it does not need, which `go mod tidy -diff` (make verify, the generated CI) reports until go mod tidy runs"
	)
	tests := []struct {
		name   string
		tidy   tidyNeed
		noGit  bool
		note   string // "" for no note
		want   string
		absent string
	}{
		{"no git", tidyOther, true, other, "&& go mod tidy\n", "it builds"},
		{"the first commit made", tidyOther, false, other, "&& go mod tidy && git add go.mod go.sum && git", "it builds"},
		{"imports dropped, no git", tidyDrops, true, drops, "&& go mod tidy\n", "may not build"},
		{"imports dropped, the first commit made", tidyDrops, false, drops, "&& go mod tidy && git add go.mod go.sum && git", "may not build"},
		{"no tidy needed", tidyNone, false, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "go.mod", "module example.com/a/b\n\ngo 1.22\n")
			var stderr strings.Builder
			environ := append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@localhost", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@localhost")
			err := postSteps(context.Background(), Env{Stderr: &stderr, Environ: environ}, newOptions{NoTidy: true, NoGit: tt.noGit}, dir, tt.tidy, []string{"go.mod"}, true)
			if err != nil {
				t.Fatal(err)
			}
			got := stderr.String()
			if tt.note == "" {
				if strings.Contains(got, "--no-tidy") {
					t.Errorf("stderr %q, want no note", got)
				}
				return
			}
			if !strings.Contains(got, tt.note) || !strings.Contains(got, tt.want) || !strings.Contains(got, "cd "+dir) || strings.Contains(got, tt.absent) {
				t.Errorf("stderr %q, want the note %q holding %q, without %q", got, tt.note, tt.want, tt.absent)
			}
			if !tt.noGit && !strings.Contains(got, "commit --amend --no-edit") {
				t.Errorf("stderr %q, want the amend of the first commit", got)
			}
		})
	}
}

// TestNoTidyDryRunNote: the dry run of new --no-tidy with a pack whose Go files import
// another package says go mod tidy will not run, as the run says it did not (round 41
// packs/3).
func TestNoTidyDryRunNote(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks a rendered project with the go command: skipped with -short")
	}
	dir := t.TempDir()
	mustWrite(t, dir, "p/preset.yaml", "name: p\nextends: minimal\n")
	mustWrite(t, dir, "p/overlay/internal/extra/extra.go.tmpl", "package extra\n\nimport \"github.com/gin-gonic/gin/binding\"\n\n// B is a binding.\nvar B = binding.JSON\n")
	for _, tt := range []struct{ flag, want string }{
		{"--no-tidy", "note: --no-tidy: go mod tidy will not run"},
		{"--no-git", "note: go mod tidy will change go.mod and go.sum"},
	} {
		r := run(t, dir, "new", "--yes", "--no-git", tt.flag, "--dry-run", "--preset", "./p", "--module", "example.com/a/b", "out")
		if r.code != ExitOK || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 0 and %q", tt.flag, r.code, r.stderr, tt.want)
		}
	}
}

// TestNeedsTidyDrops: needsTidy tells a pack whose Go files import only some of the
// packages the built-in templates import (tidyDrops: the built-in go.mod and go.sum
// build them, with requirements to spare) from one whose files import another package,
// or that has module files of its own (tidyOther: they may not build).
func TestNeedsTidyDrops(t *testing.T) {
	const noMemlimit = "package runtimeinfo\n"
	tests := []struct {
		name  string
		files map[string]string // the pack's files below p/
		want  tidyNeed
	}{
		{"another package imported", map[string]string{"overlay/internal/extra/extra.go.tmpl": "package extra\n\nimport \"github.com/gin-gonic/gin/binding\"\n\n// B is a binding.\nvar B = binding.JSON\n"}, tidyOther},
		{"a built-in package imported again", map[string]string{"overlay/internal/extra/extra.go.tmpl": "package extra\n\nimport \"github.com/gin-gonic/gin\"\n\n// M is a mode.\nvar M = gin.ReleaseMode\n"}, tidyNone},
		{"imports dropped", map[string]string{
			"overlay/internal/platform/runtimeinfo/runtimeinfo.go.tmpl":      noMemlimit,
			"overlay/internal/platform/runtimeinfo/runtimeinfo_test.go.tmpl": noMemlimit,
		}, tidyDrops},
		{"imports dropped, another imported", map[string]string{
			"overlay/internal/platform/runtimeinfo/runtimeinfo.go.tmpl":      noMemlimit,
			"overlay/internal/platform/runtimeinfo/runtimeinfo_test.go.tmpl": "package runtimeinfo\n\nimport \"github.com/gin-gonic/gin/binding\"\n\nvar _ = binding.JSON\n",
		}, tidyOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "p/preset.yaml", "name: p\nextends: minimal\n")
			for p, body := range tt.files {
				mustWrite(t, dir, "p/"+p, body)
			}
			pack, err := preset.Resolver{Dir: dir}.Resolve(t.Context(), "./p")
			if err != nil {
				t.Fatal(err)
			}
			flags := answers.Layer{Source: answers.FromFlag, Name: "test"}
			flags.Set(answers.KeyModule, "example.com/acme/svc", "--module")
			a, _, err := pack.Resolve(flags)
			if err != nil {
				t.Fatal(err)
			}
			files, err := render(t.Context(), pack, a, generator.DefaultTimeout)
			if err != nil {
				t.Fatal(err)
			}
			got, err := needsTidy(t.Context(), pack, a, files)
			if err != nil || got != tt.want {
				t.Errorf("needsTidy = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
