package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// monorepo returns a git repository whose services/billing gonew-prod new made (preset
// minimal: docker and ci, its workflow below the root, where it never runs), committed.
func monorepo(t *testing.T) string {
	t.Helper()
	dir := gitRepo(t, map[string]string{"README.md": "# mono\n"})
	if r := run(t, dir, newArgs("--preset", "minimal", "--module", "example.com/acme/billing", "services/billing")...); r.code != ExitOK {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	return dir
}

// TestAddAtTheRootOfANewService: add run at the root of a monorepo for the main package
// of a service gonew-prod new made below (its record there) adds ci, whose files run only
// at the root, and nothing else: not the repository-wide k8s that the service's record
// leaves out on purpose, nor a second serving layer (gonew_prod.go, a config package) in
// a service that has its own; a component named is refused, naming the add to run in
// the service's directory.
func TestAddAtTheRootOfANewService(t *testing.T) {
	tests := []struct {
		name   string
		ciAdd  bool   // add ci --main at the root first, and commit
		remove string // a file git rm removes, committed, before the run
		args   []string
		code   int
		stderr []string
		wrote  []string // files the run writes at the root
	}{
		{name: "bare add after add ci", ciAdd: true, args: []string{"add", "--yes"}, code: ExitOK,
			stderr: []string{"left out on purpose by the features of services/billing/.gonew-prod.yaml, not added: otel, mtls, pprof, k8s", "audit finds nothing missing: nothing to add"}},
		{name: "bare add", args: []string{"add", "--yes"}, code: ExitOK,
			stderr: []string{"audit finds missing: ci\n", "added ci"}, wrote: []string{".github/workflows/gonew-prod.yml", ".gonew-prod.yaml"}},
		// What audit finds missing is the service's own (its Dockerfile): it cannot be
		// added from here, which is no success, as when add refuses it.
		{name: "bare add, the service's own missing", ciAdd: true, remove: "services/billing/Dockerfile", args: []string{"add", "--yes"}, code: ExitUsage,
			stderr: []string{"audit finds missing: docker\n", "nothing written: services/billing/.gonew-prod.yaml records the project gonew-prod new made in services/billing", "gonew-prod add --dir %s/services/billing docker,"}},
		{name: "named k8s", args: []string{"add", "--yes", "--main", "./services/billing/cmd/billing", "k8s"}, code: ExitUsage,
			stderr: []string{"nothing written: services/billing/.gonew-prod.yaml records the project gonew-prod new made in services/billing", "gonew-prod add --dir %s/services/billing k8s,"}},
		{name: "all", ciAdd: true, args: []string{"add", "--yes", "all"}, code: ExitUsage,
			stderr: []string{"gonew-prod add --dir %s/services/billing makefile version shutdown procs docker otel mtls pprof k8s,"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := monorepo(t)
			if tt.ciAdd {
				if r := run(t, dir, "add", "--yes", "--main", "./services/billing/cmd/billing", "ci"); r.code != ExitOK {
					t.Fatalf("add ci --main: exit %d: %s", r.code, r.stderr)
				}
				gitCommit(t, dir)
			}
			if tt.remove != "" {
				if err := os.Remove(filepath.Join(dir, filepath.FromSlash(tt.remove))); err != nil {
					t.Fatal(err)
				}
				gitCommit(t, dir)
			}
			before := treetest.Describe(t, dir)
			r := run(t, dir, tt.args...)
			wantCode(t, r, tt.code, tt.args...)
			for _, want := range tt.stderr {
				if want = strings.ReplaceAll(want, "%s", dir); !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			after := treetest.Describe(t, dir)
			var changed []string
			for _, p := range sortedUnion(before, after) {
				isDir := strings.HasPrefix(before[p], "d") || strings.HasPrefix(after[p], "d")
				if before[p] != after[p] && !isDir && !strings.HasPrefix(p, ".git"+string(filepath.Separator)) {
					changed = append(changed, filepath.ToSlash(p))
				}
			}
			if strings.Join(changed, " ") != strings.Join(tt.wrote, " ") {
				t.Errorf("add wrote %q, want %q", changed, tt.wrote)
			}
		})
	}
}

// TestAddCIInANewServiceBelowTheRoot: in a service gonew-prod new made below the root of
// a git repository, whose own workflow never runs there, a bare add agrees with audit
// run there (ci missing, until the root has CI for it) and leaves ci out saying to add
// it at the root with --main; add ci is refused saying the same.
func TestAddCIInANewServiceBelowTheRoot(t *testing.T) {
	tests := []struct {
		name   string
		ciAdd  bool
		args   []string
		code   int
		stderr string
	}{
		// What audit finds missing cannot be added here: no success, as when add refuses it.
		{"bare add", false, []string{"add", "--yes"}, ExitUsage, "ci: GitHub reads workflows"},
		{"add ci", false, []string{"add", "--yes", "ci"}, ExitUsage, "ci: GitHub reads workflows"},
		{"bare add, the root has CI", true, []string{"add", "--yes"}, ExitOK, "audit finds nothing missing: nothing to add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := monorepo(t)
			if tt.ciAdd {
				if r := run(t, dir, "add", "--yes", "--main", "./services/billing/cmd/billing", "ci"); r.code != ExitOK {
					t.Fatalf("add ci --main: exit %d: %s", r.code, r.stderr)
				}
				gitCommit(t, dir)
			}
			svc := filepath.Join(dir, "services", "billing")
			before := treetest.Describe(t, dir)
			r := run(t, svc, tt.args...)
			wantCode(t, r, tt.code, tt.args...)
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, r.stderr)
			}
			if !tt.ciAdd && !strings.Contains(r.stderr, "gonew-prod add --dir "+dir+" --main ./services/billing/cmd/billing ci") {
				t.Errorf("stderr does not name the add to run at the root:\n%s", r.stderr)
			}
			if strings.Contains(r.stderr, "has ci already") {
				t.Errorf("add says the service has ci:\n%s", r.stderr)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("add changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestAddCIToANewProjectWithoutCI: a project new made with ci none gets CI from add ci,
// for the provider --ci names (GitHub by default), and the record takes it; --ci with no
// ci to add is refused.
func TestAddCIToANewProjectWithoutCI(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		file   string // written
		record string // in the record after
		stderr string
	}{
		{"add ci", []string{"ci"}, ExitOK, ".github/workflows/ci.yml", "ci: github", "added ci"},
		{"add ci --ci gitlab", []string{"ci", "--ci", "gitlab"}, ExitOK, ".gitlab-ci.yml", "ci: gitlab", "added ci"},
		{"add pprof --ci github", []string{"pprof", "--ci", "github"}, ExitUsage, "", "ci: none", "--ci github names the CI provider of the ci component, which this add does not add"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if r := run(t, dir, newArgs("--ci", "none", "--without", "otel,mtls,k8s", "--module", "example.com/acme/svc", "svc")...); r.code != ExitOK {
				t.Fatalf("new: exit %d: %s", r.code, r.stderr)
			}
			svc := filepath.Join(dir, "svc")
			gitRepoIn(t, svc)
			args := append([]string{"add", "--yes"}, tt.args...)
			r := run(t, svc, args...)
			wantCode(t, r, tt.code, args...)
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, r.stderr)
			}
			if tt.file != "" {
				if _, err := os.Stat(filepath.Join(svc, tt.file)); err != nil {
					t.Errorf("no %s: %v", tt.file, err)
				}
			}
			if rec := readFile(t, svc, ".gonew-prod.yaml"); !strings.Contains(rec, tt.record) {
				t.Errorf("the record lacks %q:\n%s", tt.record, rec)
			}
		})
	}
}

// TestAddToANewProjectAfterAModuleRename: after the module of a project new made was
// renamed (go.mod and the imports), add names the rename and update, which takes it into
// the record, and works after it.
func TestAddToANewProjectAfterAModuleRename(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	tests := []struct {
		name      string
		component string
	}{
		{"pprof", "pprof"},
		{"k8s", "k8s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if r := run(t, dir, newArgs("--preset", "minimal", "--module", "example.com/acme/r2", "r2")...); r.code != ExitOK {
				t.Fatalf("new: exit %d: %s", r.code, r.stderr)
			}
			svc := filepath.Join(dir, "r2")
			err := filepath.WalkDir(svc, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") && filepath.Base(p) != "go.mod" {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				return os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "example.com/acme/r2", "example.com/acme/renamed")), 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
			gitRepoIn(t, svc)
			before := treetest.Describe(t, svc)
			r := run(t, svc, "add", "--yes", tt.component)
			wantCode(t, r, ExitUsage, "add", tt.component)
			for _, want := range []string{"the module was renamed since (go.mod declares example.com/acme/renamed, .gonew-prod.yaml records example.com/acme/r2)", "run gonew-prod update"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if after := treetest.Describe(t, svc); !equalTrees(before, after) {
				t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
			}
			if r := run(t, svc, "update"); r.code != ExitOK {
				t.Fatalf("update: exit %d\n%s", r.code, r.stderr)
			}
			gitCommit(t, svc)
			if r := run(t, svc, "add", "--yes", tt.component); r.code != ExitOK {
				t.Errorf("add %s after update: exit %d\n%s", tt.component, r.code, r.stderr)
			}
		})
	}
}

// TestAddToANewProjectPrintsTidySteps: add's merge into a project gonew-prod new made
// prints what its gate's go mod tidy changed of go.mod as update prints it, a tidy step
// (here tidy drops the // indirect mark of a require a package of the user's imports, a
// mark update takes from tidy too), and no tidy step for a go.mod tidy leaves as it is
// (round 29 lifecycle/1).
func TestAddToANewProjectPrintsTidySteps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	const (
		require  = "example.com/lib v0.0.0-00010101000000-000000000000"
		tidyLine = "tidy         go.mod (go mod tidy: what the merged code needs; nothing of yours dropped)\n"
	)
	tests := []struct {
		name     string
		mark     string // after the user's require
		wantMod  string // a line of go.mod after the add
		wantTidy bool   // a tidy step for go.mod
	}{
		{"indirect mark tidy drops", " // indirect", "\t" + require + "\n", true},
		{"go.mod tidy leaves", "", "\t" + require + "\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if r := run(t, dir, newArgs("--preset", "minimal", "--without", "docker,ci", "--module", "example.com/acme/svc", "svc")...); r.code != ExitOK {
				t.Fatalf("new: exit %d: %s", r.code, r.stderr)
			}
			svc := filepath.Join(dir, "svc")
			files := map[string]string{
				"lib/go.mod":              "module example.com/lib\n\ngo 1.26\n",
				"lib/lib.go":              "package lib\n\n// Name returns a name.\nfunc Name() string { return \"lib\" }\n",
				"internal/idgen/idgen.go": "package idgen\n\nimport \"example.com/lib\"\n\n// New returns an id.\nfunc New() string { return lib.Name() }\n",
			}
			for name, content := range files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(svc, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(svc, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			mod := readFile(t, svc, "go.mod") + "\nrequire (\n\t" + require + tt.mark + "\n)\n\nreplace example.com/lib => ./lib\n"
			if err := os.WriteFile(filepath.Join(svc, "go.mod"), []byte(mod), 0o644); err != nil {
				t.Fatal(err)
			}
			gitRepoIn(t, svc)
			r := run(t, svc, "add", "--yes", "pprof")
			wantCode(t, r, ExitOK, "add", "pprof")
			after := readFile(t, svc, "go.mod")
			if !strings.Contains(after, tt.wantMod) {
				t.Errorf("go.mod lacks %q:\n%s", tt.wantMod, after)
			}
			if got := strings.Contains(r.stderr, tidyLine); got != tt.wantTidy {
				t.Errorf("tidy step for go.mod printed: %v, want %v (go.mod changed: %v):\n%s", got, tt.wantTidy, after != mod, r.stderr)
			}
			if (after != mod) != tt.wantTidy {
				t.Errorf("go.mod changed: %v, want %v:\n%s", after != mod, tt.wantTidy, after)
			}
		})
	}
}

// TestGateStepsNameWhatRaisedVersions: the tidy step for a go.sum the gate changed names
// what raised the module versions whose checksums it dropped, the update or add's code,
// as each command passes it.
func TestGateStepsNameWhatRaisedVersions(t *testing.T) {
	tests := []struct{ raiser, want string }{
		{"the update", "checksums of module versions the update raised past)"},
		{"the added code", "checksums of module versions the added code raised past)"},
	}
	for _, tt := range tests {
		t.Run(tt.raiser, func(t *testing.T) {
			var stderr strings.Builder
			plan := &update.Plan{Record: generator.Record{Vars: map[string]string{}}}
			planned := map[string][]byte{"go.sum": []byte("a v1.0.0 h1:x=\n")}
			written := []generator.Change{{Path: "go.sum", Content: []byte("a v1.1.0 h1:y=\n")}}
			if err := printGateSteps(Env{Stderr: &stderr}, plan, nil, planned, written, tt.raiser); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("tidy step lacks %q:\n%s", tt.want, stderr.String())
			}
		})
	}
}

// TestAddToANewServiceInAWorkspace: a service gonew-prod new made in a monorepo whose
// go.work at the root uses it, and whose code imports another module of the workspace
// through go.work alone, gets k8s from add run in its directory, as update runs there:
// the merge is gated in the workspace. add run at the root is refused, writing nothing,
// naming that one invocation, which then works.
func TestAddToANewServiceInAWorkspace(t *testing.T) {
	dir := monorepo(t)
	writeTree(t, dir, map[string]string{
		"go.work":                                "go 1.26.0\n\nuse (\n\t./libs/util\n\t./services/billing\n)\n",
		"libs/util/go.mod":                       "module example.com/acme/util\n\ngo 1.26.0\n",
		"libs/util/util.go":                      "// Package util greets.\npackage util\n\n// Hello greets.\nfunc Hello() string { return \"hi\" }\n",
		"services/billing/internal/useutil/u.go": "// Package useutil uses the workspace's util.\npackage useutil\n\nimport \"example.com/acme/util\"\n\n// H greets.\nfunc H() string { return util.Hello() }\n",
	})
	gitCommit(t, dir)
	svc := filepath.Join(dir, "services", "billing")
	before := treetest.Describe(t, dir)

	r := run(t, dir, "add", "--yes", "--main", "./services/billing/cmd/billing", "k8s")
	wantCode(t, r, ExitUsage, "add k8s at the root")
	want := "gonew-prod add --dir " + svc + " k8s"
	if !strings.Contains(r.stderr, want) {
		t.Fatalf("the refusal at the root does not name %q:\n%s", want, r.stderr)
	}
	for _, args := range [][]string{{"add", "--yes", "--dry-run", "k8s"}, {"add", "--dry-run", "k8s"}} {
		r = run(t, svc, args...)
		wantCode(t, r, ExitOK, args...)
		if strings.Contains(r.stderr, "used by the workspace") {
			t.Errorf("%s in the service is refused for the workspace:\n%s", args, r.stderr)
		}
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("a refused add or a dry run changed the tree:\n%s", treeDiff(before, after))
	}
	if testing.Short() {
		return // the write runs go mod tidy and go vet
	}
	r = run(t, svc, "add", "--yes", "k8s")
	wantCode(t, r, ExitOK, "add --yes k8s in the service")
	if !strings.Contains(r.stderr, "in the workspace "+filepath.Join(dir, "go.work")) {
		t.Errorf("the gate did not check in the workspace:\n%s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(svc, "k8s", "deployment.yaml")); err != nil {
		t.Errorf("add k8s wrote no k8s/deployment.yaml: %v", err)
	}
	if mod := readFile(t, svc, "go.mod"); strings.Contains(mod, "example.com/acme/util") {
		t.Errorf("go.mod took the workspace's module:\n%s", mod)
	}
}

// TestAddIgnoredByTheRootsGitignore: in a service gonew-prod new made below the root of a
// git repository, a file add would write that the root's .gitignore ignores is refused
// naming that .gitignore from the service's directory, as the paths are: ../../.gitignore,
// not .gitignore (the service's own, with no such line).
func TestAddIgnoredByTheRootsGitignore(t *testing.T) {
	dir := monorepo(t)
	writeTree(t, dir, map[string]string{".gitignore": "/bin/\nservices/*/k8s/deployment.yaml\n"})
	gitCommit(t, dir)
	svc := filepath.Join(dir, "services", "billing")
	before := treetest.Describe(t, dir)
	r := run(t, svc, "add", "--yes", "--dry-run", "k8s")
	wantCode(t, r, ExitUsage, "add k8s")
	if want := "git ignores files add would write: k8s/deployment.yaml (by ../../.gitignore:2:services/*/k8s/deployment.yaml)"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddFromInsideAProjectOfARelativePack: add run inside a project whose record names
// its pack by a path relative to the directory new ran in, above it, is refused with the
// command to run from there, which carries the flags given (--ci gitlab, --yes): run as
// printed, it adds GitLab CI.
func TestAddFromInsideAProjectOfARelativePack(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "packs", "q"), 0o755); err != nil {
		t.Fatal(err)
	}
	pack := "name: q\nextends: minimal\nanswers:\n  features: [docker]\n  ci: none\n"
	if err := os.WriteFile(filepath.Join(dir, "packs", "q", "preset.yaml"), []byte(pack), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, newArgs("--preset", "./packs/q", "--module", "example.com/acme/svc", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	svc := filepath.Join(dir, "svc")
	gitRepoIn(t, svc)
	args := []string{"add", "--yes", "--ci", "gitlab", "ci"}
	r := run(t, svc, args...)
	wantCode(t, r, ExitUsage, args...)
	want := "run add from there, cd " + dir + " && gonew-prod add --dir svc --ci=gitlab --yes ci"
	if !strings.HasSuffix(strings.TrimSpace(r.stderr), want) {
		t.Fatalf("stderr does not end in %q:\n%s", want, r.stderr)
	}
	printed := strings.Fields(want[strings.Index(want, "gonew-prod add")+len("gonew-prod "):])
	r = run(t, dir, printed...)
	wantCode(t, r, ExitOK, printed...)
	if _, err := os.Stat(filepath.Join(svc, ".gitlab-ci.yml")); err != nil {
		t.Errorf("the command printed added no GitLab CI: %v", err)
	}
}

// TestAddRefusesAnotherPackOfTheRecordedName: the record of a project made from ./ib (new
// run above it) holds the pack's digest; run inside the project, where another pack named
// ib sits at ./ib, add refuses it before anything is written, naming it, the directory
// to run add from (new's, where ./ib is the recorded pack) and the update --preset that
// takes it; that update moves the project to it (the record holds its
// digest), and add then renders with it.
func TestAddRefusesAnotherPackOfTheRecordedName(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	dir := t.TempDir()
	mustWrite(t, dir, "ib/preset.yaml", "name: ib\nextends: minimal\n")
	if r := run(t, dir, newArgs("--preset", "./ib", "--without", "k8s", "--module", "example.com/acme/svc", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	svc := filepath.Join(dir, "svc")
	gitRepoIn(t, svc)
	const other = "# another pack's Deployment\n"
	mustWrite(t, svc, "ib/preset.yaml", "name: ib\nextends: minimal\n")
	mustWrite(t, svc, "ib/overlay/k8s/deployment.yaml.tmpl", other)
	before := treetest.Describe(t, svc)
	r := run(t, svc, "add", "--yes", "k8s")
	wantCode(t, r, ExitUsage, "add", "k8s")
	for _, want := range []string{"preset ib found at " + filepath.Join(svc, "ib") + " is not the pack the project was made from",
		"run add from there, cd " + generator.ShellQuote(dir) + " && gonew-prod add --dir svc --yes k8s;", "gonew-prod update --preset ./ib, then run add again"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
		}
	}
	if after := treetest.Describe(t, svc); !equalTrees(before, after) {
		t.Fatalf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
	if r := run(t, svc, "update", "--preset", "./ib"); r.code != ExitOK {
		t.Fatalf("update --preset ./ib: exit %d\n%s", r.code, r.stderr)
	}
	gitCommit(t, svc)
	if r := run(t, svc, "add", "--yes", "k8s"); r.code != ExitOK {
		t.Fatalf("add k8s after the move: exit %d\n%s", r.code, r.stderr)
	}
	if got := readFile(t, svc, "k8s/deployment.yaml"); got != other {
		t.Errorf("k8s/deployment.yaml is not the pack's taken:\n%s", got)
	}
}
