package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// plainMain serves with no timeouts and no signal handling.
const plainMain = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux}\n\tlog.Fatal(srv.ListenAndServe())\n}\n"

// goLineOf returns the go line of a go.mod or go.work content.
func goLineOf(content string) string {
	for line := range strings.SplitSeq(content, "\n") {
		if v, ok := strings.CutPrefix(line, "go "); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// TestAbsoluteWorkUse: a go.work that uses its module by an absolute path (go work use
// /abs/repo/svc) uses the repository's module. add raising the module's go line raises
// the workspace's with it (go.work left at the old line would refuse the module), and
// audit judges the module by the workspace's go line.
func TestAbsoluteWorkUse(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	setUp := func(t *testing.T, modGo, workGo string) string {
		dir, err := filepath.EvalSymlinks(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		mustWrite(t, dir, "svc/go.mod", "module example.com/acme/svc\n\ngo "+modGo+"\n")
		mustWrite(t, dir, "svc/main.go", plainMain)
		mustWrite(t, dir, "go.work", "go "+workGo+"\n\nuse "+filepath.Join(dir, "svc")+"\n")
		gitRepoIn(t, dir)
		return dir
	}
	t.Run("add raises go.work with the module", func(t *testing.T) {
		dir := setUp(t, "1.24", "1.24")
		r := run(t, dir, "add", "--yes", "--allow-go-bump", "--main", "./svc", "shutdown")
		if r.code != ExitOK {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
		mod, work := goLineOf(readFile(t, dir, "svc/go.mod")), goLineOf(readFile(t, dir, "go.work"))
		if mod == "1.24" || work != mod {
			t.Errorf("svc/go.mod says go %s, go.work go %s: want both raised together\n%s", mod, work, r.stderr)
		}
	})
	t.Run("audit takes the workspace's go line", func(t *testing.T) {
		dir := setUp(t, "1.22", "1.26.0")
		r := run(t, dir, "audit", "--only", "procs", "--fail-on", "never")
		if r.code != ExitOK {
			t.Fatalf("audit: exit %d\n%s", r.code, r.stderr)
		}
		if strings.Contains(r.stdout, "GOMAXPROCS ignores the container CPU limit") {
			t.Errorf("audit judged svc by its own go 1.22, not go.work's go 1.26.0:\n%s", r.stdout)
		}
	})
}

// TestAddNotInWorkspace: add into a module that the repository's go.work does not use
// (the go command builds nothing in the module's directory then, make prod-build
// included) notes it with the go work use to run, as new does; a go.work that uses the
// module gives no such note.
func TestAddNotInWorkspace(t *testing.T) {
	for _, tt := range []struct {
		name, use string
		want      bool
	}{
		{"not used", "./lib", true},
		{"used", "(\n\t./lib\n\t./svc\n)", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, map[string]string{
				"go.work":     "go 1.26.0\n\nuse " + tt.use + "\n",
				"lib/go.mod":  "module example.com/acme/lib\n\ngo 1.26.0\n",
				"lib/lib.go":  "package lib\n",
				"svc/go.mod":  "module example.com/acme/svc\n\ngo 1.26.0\n",
				"svc/main.go": plainMain,
			})
			r := run(t, dir, "add", "--yes", "--main", "./svc", "makefile")
			if r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
			}
			note := "go.work does not use " + filepath.Join(dir, "svc") + ": the go command builds nothing there"
			if got := strings.Contains(r.stderr, note) && strings.Contains(r.stderr, "&& go work use ./svc"); got != tt.want {
				t.Errorf("note of go work use ./svc: %v, want %v\n%s", got, tt.want, r.stderr)
			}
		})
	}
}

// TestAddNotesPrintable: a note of add's plan names paths as they are, and a path may hold
// a control character (here the repository's directory, in the note that go.work does not
// use the module): add prints it escaped, as update prints its notes, so that the terminal
// does not run it.
func TestAddNotesPrintable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "re\x1b\x07po")
	for p, body := range map[string]string{
		"go.work":     "go 1.26.0\n\nuse ./lib\n",
		"lib/go.mod":  "module example.com/acme/lib\n\ngo 1.26.0\n",
		"lib/lib.go":  "package lib\n",
		"svc/go.mod":  "module example.com/acme/svc\n\ngo 1.26.0\n",
		"svc/main.go": plainMain,
	} {
		mustWrite(t, dir, p, body)
	}
	gitRepoIn(t, dir)
	r := run(t, dir, "add", "--yes", "--main", "./svc", "makefile")
	if r.code != ExitOK {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "note: ") || !strings.Contains(r.stderr, `re\x1b\x07po`) || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("want the note with the directory's control character escaped:\n%q", r.stderr)
	}
}

// TestAddSparseCheckout runs add ci in sparse checkouts of svc/: the CI provider is the
// one git tracks (a .gitlab-ci.yml the checkout leaves out makes it GitLab, and add then
// refuses to write over the committed file), and files add would create outside the
// sparse definition, which git add does not stage, are refused, naming the git
// sparse-checkout add to run (cone mode takes in the top's files).
func TestAddSparseCheckout(t *testing.T) {
	tests := []struct {
		name   string
		gitlab bool     // the repository tracks a .gitlab-ci.yml
		set    []string // git sparse-checkout set arguments
		want   []string
	}{
		{"a hidden .gitlab-ci.yml", true, []string{"--no-cone", "/svc/"}, []string{"git tracks .gitlab-ci.yml, which the work tree lacks"}},
		{"cone mode", false, []string{"--cone", "svc"}, []string{"add would create .github/workflows/gonew-prod.yml outside the sparse checkout's definition", "git sparse-checkout add .github/workflows)"}},
		{"non-cone mode", false, []string{"--no-cone", "/svc/"}, []string{"add would create .github/workflows/gonew-prod.yml, .gonew-prod.yaml outside", "git sparse-checkout add /.github/workflows/ /.gonew-prod.yaml)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"svc/go.mod": "module example.com/acme/svc\n\ngo 1.26.0\n", "svc/main.go": plainMain, "README": "r\n"}
			if tt.gitlab {
				files[".gitlab-ci.yml"] = "test:\n  script:\n    - go test ./...\n"
			}
			src := gitRepo(t, files)
			dir := filepath.Join(t.TempDir(), "wt")
			gitIn(t, src, false, "clone", "-q", "--no-checkout", src, dir)
			gitIn(t, dir, false, append([]string{"sparse-checkout", "set"}, tt.set...)...)
			gitIn(t, dir, false, "checkout", "-q")
			r := run(t, dir, "add", "--yes", "--main", "./svc", "ci")
			if r.code != ExitUsage {
				t.Fatalf("add: exit %d, want a refusal\n%s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("the refusal does not say %q:\n%s", w, r.stderr)
				}
			}
			for _, f := range []string{".github", ".gonew-prod.yaml", "svc/Makefile"} {
				if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s was written", f)
				}
			}
		})
	}
}

// TestAddNestedModuleInternal: a module nested at internal/ would own the packages add
// writes under internal/; add refuses before anything is written (and before go mod tidy
// would look them up as modules on the proxy), naming internal/go.mod. A bare add leaves
// out the components that write Go packages there, saying why, and adds the others.
func TestAddNestedModuleInternal(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		want  []string
		wrote []string // paths written (none of internal/ ever)
	}{
		{"named", []string{"shutdown"}, ExitUsage, []string{"shutdown would write internal/platform/", "a module of its own (internal/go.mod)", "or leave out shutdown"}, nil},
		{"bare", nil, ExitOK, []string{
			"audit finds missing version too, left out: version would write internal/buildinfo/buildinfo.go, internal/buildinfo/buildinfo_test.go into internal, a module of its own (internal/go.mod)",
			"audit finds missing shutdown too, left out: shutdown would write internal/platform/",
			"(procs, otel, mtls, pprof, k8s, which need it, are left out too)",
		}, []string{"Dockerfile", "gonew-prod.mk", ".github/workflows/gonew-prod.yml", ".gonew-prod.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, map[string]string{
				"go.mod":             "module example.com/acme/svc\n\ngo 1.26.0\n",
				"main.go":            plainMain,
				"internal/go.mod":    "module example.com/acme/svc/internal\n\ngo 1.26.0\n",
				"internal/util/u.go": "package util\n",
			})
			r := run(t, dir, append([]string{"add", "--yes"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("add: exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("add does not say %q:\n%s", w, r.stderr)
				}
			}
			for _, f := range []string{"internal/platform", "internal/buildinfo", "gonew_prod.go"} {
				if _, err := os.Lstat(filepath.Join(dir, f)); err == nil {
					t.Errorf("%s was written", f)
				}
			}
			for _, f := range tt.wrote {
				if _, err := os.Lstat(filepath.Join(dir, f)); err != nil {
					t.Errorf("%s was not written: %v", f, err)
				}
			}
		})
	}
}

// TestInnerWorkspaceRecords: a monorepo's service in services/go.work gets the components
// other than ci from an add run in services (its record there) and ci from an add at the
// root (a record of its own there). ci at the root after makefile in services took the
// Makefile's guarded block for the sign of a root record gone missing, and refused with
// the advice to restore it from git, which has none; it now adds ci with a note naming
// the record in services, and later adds and updates, at the root and in services, run.
func TestInnerWorkspaceRecords(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := gitRepo(t, map[string]string{
		"services/go.work":     "go 1.26.0\n\nuse ./api\n",
		"services/api/go.mod":  "module example.com/api\n\ngo 1.26.0\n",
		"services/api/main.go": plainMain,
		".gitlab-ci.yml":       "stages: [test]\nunit:\n  stage: test\n  script: [echo ok]\n",
	})
	services := filepath.Join(dir, "services")
	steps := []struct {
		dir  string
		args []string
		want string
	}{
		{services, []string{"add", "--yes", "--main", "./api", "makefile"}, "added makefile"},
		{dir, []string{"add", "--yes", "--main", "./services/api", "ci"}, "note: services/.gonew-prod.yaml records what earlier adds run in services wrote for this service (services/api/Makefile (its block makefile)): it stays there"},
		{dir, []string{"add", "--yes", "--main", "./services/api", "ci"}, "nothing to change"},
		{dir, []string{"update", "--check"}, ""},
		{services, []string{"update", "--check"}, ""},
	}
	for _, s := range steps {
		r := run(t, s.dir, s.args...)
		if r.code != ExitOK || !strings.Contains(r.stderr, s.want) {
			t.Fatalf("%v in %s: exit %d, want 0 and %q:\n%s", s.args, s.dir, r.code, s.want, r.stderr)
		}
		gitIn(t, dir, false, "add", "-A")
		gitIn(t, dir, true, "commit", "-qm", "step") // nothing to commit after the steps that change nothing
	}
	for _, rec := range []string{generator.RecordFile, "services/" + generator.RecordFile} {
		if _, err := os.Stat(filepath.Join(dir, rec)); err != nil {
			t.Errorf("%s: %v", rec, err)
		}
	}
}
