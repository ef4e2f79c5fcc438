package cli

import (
	"cmp"
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
