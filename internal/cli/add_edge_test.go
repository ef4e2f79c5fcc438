package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestAddAfterAnEarlierAdd runs add on a repository an earlier add changed: the files
// are rendered with every recorded component too, so adding one again (or another) keeps
// what the earlier ones brought; and a file add must change that the user edited is
// refused, not kept while recording the component as added.
func TestAddAfterAnEarlierAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	t.Run("makefile again after version", func(t *testing.T) {
		dir := gitRepo(t, service)
		if r := run(t, dir, "add", "--yes", "version", "makefile"); r.code != ExitOK {
			t.Fatalf("add version makefile: exit %d\n%s", r.code, r.stderr)
		}
		mk := readFile(t, dir, "gonew-prod.mk")
		if !strings.Contains(mk, "PROD_BUILDINFO") {
			t.Fatalf("gonew-prod.mk injects no version:\n%s", mk)
		}
		gitCommit(t, dir)
		before := treetest.Describe(t, dir)
		r := run(t, dir, "add", "--yes", "makefile")
		if r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
			t.Errorf("add makefile again: exit %d\n%s", r.code, r.stderr)
		}
		if after := treetest.Describe(t, dir); !equalTrees(before, after) {
			t.Errorf("adding makefile again changed the tree:\n%s", treeDiff(before, after))
		}
	})
	t.Run("otel after an edit to gonew_prod.go", func(t *testing.T) {
		dir := gitRepo(t, service)
		if r := run(t, dir, "add", "--yes", "shutdown"); r.code != ExitOK {
			t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
		}
		mustWrite(t, dir, "gonew_prod.go", readFile(t, dir, "gonew_prod.go")+"\n// my note\n")
		gitCommit(t, dir)
		before := treetest.Describe(t, dir)
		r := run(t, dir, "add", "--yes", "--allow-go-bump", "otel")
		wantCode(t, r, ExitUsage, "add otel")
		if !strings.Contains(r.stderr, "adding otel changes gonew_prod.go, which you edited") {
			t.Errorf("refusal does not name the edited file:\n%s", r.stderr)
		}
		if after := treetest.Describe(t, dir); !equalTrees(before, after) {
			t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
		}
	})
}

// TestAddAfterAModuleRename: a file add must change that differs from what it wrote is
// refused; when the module was renamed since (go.mod's module line and every import
// rewritten), the refusal names update, which takes the rename, and add works after it.
func TestAddAfterAModuleRename(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		want   string
		update bool // the refusal names update, after which add works
	}{
		{"renamed", func(t *testing.T, dir string) {
			err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") && filepath.Base(p) != "go.mod" {
					return err
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				return os.WriteFile(p, []byte(strings.ReplaceAll(string(data), "example.com/acme/inventory", "example.com/acme/orders")), 0o644)
			})
			if err != nil {
				t.Fatal(err)
			}
		}, "the module was renamed since (go.mod declares example.com/acme/orders, .gonew-prod.yaml records example.com/acme/inventory), and its rewritten imports count as edits here: run gonew-prod update", true},
		{"edited", func(t *testing.T, dir string) {
			mustWrite(t, dir, "gonew_prod.go", readFile(t, dir, "gonew_prod.go")+"\n// my note\n")
		}, "adding version changes gonew_prod.go, which you edited since gonew-prod wrote it", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			if r := run(t, dir, "add", "--yes", "shutdown"); r.code != ExitOK {
				t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
			}
			tt.change(t, dir)
			gitCommit(t, dir)
			r := run(t, dir, "add", "--yes", "version")
			wantCode(t, r, ExitUsage, "add version")
			if !strings.Contains(r.stderr, tt.want) || strings.Contains(r.stderr, "gonew-prod update") != tt.update {
				t.Errorf("refusal: %s\nwant %q, naming update: %v", r.stderr, tt.want, tt.update)
			}
			if !tt.update {
				return
			}
			if r := run(t, dir, "update"); r.code != ExitOK {
				t.Fatalf("update: exit %d\n%s", r.code, r.stderr)
			}
			gitCommit(t, dir)
			if r := run(t, dir, "add", "--yes", "version"); r.code != ExitOK {
				t.Errorf("add version after update: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAddWithAFindingOfVet adds shutdown to a service go vet already finds fault with:
// the finding was there before add, so add writes and notes it; a finding the added code
// brings would refuse the add (newFindings in internal/retrofit).
func TestAddWithAFindingOfVet(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	files := maps.Clone(service)
	files["main.go"] = strings.Replace(service["main.go"], "func main() {\n", "func main() {\n\tlog.Printf(\"starting %d\", \"now\")\n", 1)
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--yes", "shutdown")
	if r.code != ExitOK {
		t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "go vet reports 1 finding(s) that were there before add") || !strings.Contains(r.stderr, "main.go:9:23: log.Printf format %d has arg") {
		t.Errorf("the finding of the user's is not noted:\n%s", r.stderr)
	}
}

// TestAddOutsideGit adds the makefile to a directory that is no git work tree: add
// writes, and its last line does not send the user to git diff.
func TestAddOutsideGit(t *testing.T) {
	dir := t.TempDir()
	for p, body := range service {
		mustWrite(t, dir, p, body)
	}
	r := run(t, dir, "add", "--yes", "makefile")
	if r.code != ExitOK {
		t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "git diff") || !strings.Contains(r.stderr, "not in a git work tree") {
		t.Errorf("outside git, add says:\n%s", r.stderr)
	}
}

// TestAddNotesRaisedRequirements adds otel to a service that pins an older
// golang.org/x/sys than the OpenTelemetry modules need: add raises it (it never lowers a
// requirement) and says so, keeping the user's comment.
func TestAddNotesRaisedRequirements(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	files := maps.Clone(service)
	files["go.mod"] = "module example.com/acme/inventory\n\ngo 1.26.0\n\nrequire golang.org/x/sys v0.28.0 // pinned: older kernels\n"
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--yes", "otel")
	if r.code != ExitOK {
		t.Fatalf("add otel: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "raised requirements of yours, for the added code (go mod tidy): golang.org/x/sys v0.28.0 to v0.") {
		t.Errorf("the raise is not noted:\n%s", r.stderr)
	}
	if mod := readFile(t, dir, "go.mod"); !strings.Contains(mod, "pinned: older kernels") || strings.Contains(mod, "golang.org/x/sys v0.28.0") {
		t.Errorf("go.mod:\n%s", mod)
	}
}

// TestUpdateAfterAddCreatedTheMakefile adds the makefile to a repository that has none:
// add creates the Makefile whole, with its include block, and records it as a file, not
// as a block too, so update finds the repository up to date, and a second add changes
// nothing.
func TestUpdateAfterAddCreatedTheMakefile(t *testing.T) {
	files := maps.Clone(service)
	delete(files, "Makefile")
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "makefile", "docker"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Errorf("update --check after add created the Makefile: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "add", "--yes", "makefile", "docker"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("second add: exit %d: %s", r.code, r.stderr)
	}
	mustWrite(t, dir, "Makefile", readFile(t, dir, "Makefile")+"\nrun:\n\tgo run .\n")
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Errorf("update --check after an edit of the Makefile: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAddKeepsLineEndsAndUnsortedSum adds to a service whose go.mod, go.sum and main.go
// end their lines in CRLF and whose go.sum is out of order: they keep CRLF,
// and the go.sum, a set the go command keeps sorted, is checked as a set (its lines were
// refused as lost when checked as lines).
func TestAddKeepsLineEndsAndUnsortedSum(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	files := maps.Clone(service)
	files["go.mod"] = strings.ReplaceAll(service["go.mod"], "\n", "\r\n")
	files["main.go"] = strings.ReplaceAll(service["main.go"], "\n", "\r\n")
	files["go.sum"] = "go.uber.org/goleak v1.3.0/go.mod h1:CoHD4mav9JJNrW/WLlf7HGZPjdw8EucARQHekz1X6bE=\r\n" +
		"go.uber.org/goleak v1.3.0 h1:2K3zAYmnTNqV73imy9J1T3WC+gmCePx2hEGkimedGto=\r\n"
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--yes", "--wire", "shutdown")
	if r.code != ExitOK {
		t.Fatalf("add --wire shutdown: exit %d\n%s", r.code, r.stderr)
	}
	for _, f := range []string{"go.mod", "main.go", "go.sum"} {
		content := readFile(t, dir, f)
		if strings.Count(content, "\n") != strings.Count(content, "\r\n") {
			t.Errorf("%s has lines that no longer end in CRLF:\n%q", f, content)
		}
	}
	if sum := readFile(t, dir, "go.sum"); !strings.Contains(sum, "goleak v1.3.0/go.mod h1:") || !strings.Contains(sum, "goleak v1.3.0 h1:") {
		t.Errorf("go.sum lost a checksum:\n%s", sum)
	}
}

// TestAddDryRunVendor plans shutdown for a vendored service: the plan shows vendor/ as
// one line with modules.txt's diff, not a diff of every vendored file of other modules.
func TestAddDryRunVendor(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go mod vendor")
	}
	files := maps.Clone(service)
	files["vendor/modules.txt"] = ""
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--dry-run", "shutdown")
	if r.code != ExitOK {
		t.Fatalf("add --dry-run shutdown: exit %d\n%s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`(?m)^vendor +vendor/ \(go mod vendor: \d+ to create`).MatchString(r.stdout) ||
		!strings.Contains(r.stdout, "vendor/modules.txt") || !strings.Contains(r.stdout, "+# go.uber.org/goleak v1.3.0") {
		t.Errorf("vendor/ is not summed up with modules.txt's diff:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "create    vendor/go.uber.org/") {
		t.Errorf("the plan lists vendored files one by one:\n%s", r.stdout)
	}
}

// TestAddOTelWithATracingMiddleware adds otel to a gin service that installs otelgin
// itself: add does not insert a second middleware (every request would be recorded
// twice), and says so.
func TestAddOTelWithATracingMiddleware(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy")
	}
	dir := gitRepo(t, map[string]string{
		"go.mod": "module example.com/acme/traced\n\ngo 1.26.0\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.12.0\n\tgo.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin v0.71.0\n)\n",
		"main.go": `package main

import (
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
)

func main() {
	r := gin.New()
	r.Use(otelgin.Middleware("traced"))
	r.GET("/", func(c *gin.Context) { c.String(200, "ok") })
	_ = r.Run(":8080")
}
`,
	})
	r := run(t, dir, "add", "--dry-run", "--allow-go-bump", "otel")
	if r.code != ExitOK {
		t.Fatalf("add --dry-run otel: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "the tracing middleware is not inserted: main.go:10 otelgin.Middleware installs one already") {
		t.Errorf("add does not say why it leaves the middleware out:\n%s", r.stderr)
	}
	if strings.Contains(r.stdout, "gonew-prod:otel") {
		t.Errorf("add inserts a second tracing middleware:\n%s", r.stdout)
	}
}

// TestAddK8sForATLSService adds k8s to a service that serves TLS on :8443, which add does
// not wire: the manifests name the port the program listens on, and add says the probes
// need the wiring (the program itself answers neither /healthz nor /readyz).
func TestAddK8sForATLSService(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	files := maps.Clone(service)
	files["main.go"] = strings.Replace(service["main.go"], `http.ListenAndServe(":8080", http.NotFoundHandler())`, `http.ListenAndServeTLS(":8443", "tls.crt", "tls.key", http.NotFoundHandler())`, 1)
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--yes", "k8s")
	if r.code != ExitOK {
		t.Fatalf("add k8s: exit %d\n%s", r.code, r.stderr)
	}
	if d := readFile(t, dir, "k8s/deployment.yaml"); !strings.Contains(d, "containerPort: 8443") {
		t.Errorf("the Deployment does not name the port the program listens on:\n%s", d)
	}
	if !strings.Contains(r.stderr, "k8s: the Deployment's probes ask /healthz and /readyz") {
		t.Errorf("add does not say the probes need the wiring:\n%s", r.stderr)
	}
}

// TestAddKeepsWhatYouRemoved removes what an earlier add wrote: the wired call's block
// (the original call restored), the Makefile's include block and the Dockerfile. The same
// add again leaves all three removed and says so, update neither fails nor puts them
// back, --recreate brings back what it names (and only what was removed), and a wired
// block the user edited since does not make update refuse its base.
func TestAddKeepsWhatYouRemoved(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	dir := gitRepo(t, service)
	args := []string{"add", "--yes", "--wire", "shutdown", "makefile", "docker"}
	if r := run(t, dir, args...); r.code != ExitOK {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(readFile(t, dir, "main.go"), "gonew-prod:wire") {
		t.Fatalf("add wired nothing:\n%s", readFile(t, dir, "main.go"))
	}
	mustWrite(t, dir, "main.go", service["main.go"])
	mustWrite(t, dir, "Makefile", service["Makefile"])
	if err := os.Remove(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Fatal(err)
	}
	gitCommit(t, dir)
	before := treetest.Describe(t, dir)

	r := run(t, dir, args...)
	if r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Fatalf("add again: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"note: main.go: you removed the guarded block wire an earlier add inserted; it stays removed (gonew-prod add --recreate main.go --wire inserts it again)",
		"note: Makefile: you removed the guarded block makefile an earlier add inserted; it stays removed (gonew-prod add --recreate Makefile inserts it again)",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("add again does not say %q:\n%s", want, r.stderr)
		}
	}
	if want := "keep      Dockerfile (you deleted it; it stays deleted (--recreate Dockerfile brings it back))"; !strings.Contains(r.stdout, want) {
		t.Errorf("the plan does not show %q:\n%s", want, r.stdout)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("add put back what was removed:\n%s", treeDiff(before, after))
	}
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Errorf("update --check after the removals: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// update says so too, and points --recreate of a block at add, which inserts blocks.
	r = run(t, dir, "update", "--dry-run")
	for _, want := range []string{
		"keep         Makefile (block makefile: you removed it, it stays removed (gonew-prod add --recreate Makefile inserts it again))",
		"keep         main.go (block wire: you removed it, it stays removed (gonew-prod add --recreate main.go inserts it again))",
	} {
		if r.code != ExitOK || !strings.Contains(r.stdout, want) {
			t.Errorf("update --dry-run after the removals: exit %d, want 0 and %q:\n%s%s", r.code, want, r.stdout, r.stderr)
		}
	}
	r = run(t, dir, "update", "--dry-run", "--recreate", "Makefile")
	wantCode(t, r, ExitUsage, "update --recreate of a removed block")
	if want := "--recreate Makefile: update does not insert the guarded blocks you removed from it (or deleted with it), gonew-prod add does: run gonew-prod add --recreate Makefile"; !strings.Contains(r.stderr, want) {
		t.Errorf("update --recreate Makefile does not say %q:\n%s", want, r.stderr)
	}

	r = run(t, dir, "add", "--yes", "--recreate", "gonew_prod.go", "shutdown")
	wantCode(t, r, ExitUsage, "add --recreate of a file nobody deleted")
	if want := "--recreate gonew_prod.go: not a file, or a file's guarded block, that an earlier add wrote and you deleted (those are Dockerfile, Makefile, main.go)"; !strings.Contains(r.stderr, want) {
		t.Errorf("refusal does not say %q:\n%s", want, r.stderr)
	}

	// The wire block replaces the serving call: --recreate without --wire says so.
	r = run(t, dir, "add", "--yes", "--recreate", "main.go", "shutdown")
	if want := "note: --recreate main.go: the guarded block wire, which replaces the serving call, comes back only with --wire: run gonew-prod add --recreate main.go --wire"; r.code != ExitOK || !strings.Contains(r.stderr, want) {
		t.Errorf("add --recreate main.go without --wire: exit %d, want 0 and %q:\n%s", r.code, want, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("add --recreate main.go without --wire changed the tree:\n%s", treeDiff(before, after))
	}

	r = run(t, dir, append([]string{"add", "--yes", "--wire", "--recreate", "./main.go,Dockerfile"}, args[3:]...)...)
	if r.code != ExitOK {
		t.Fatalf("add --recreate: exit %d\n%s", r.code, r.stderr)
	}
	if want := "wrote Dockerfile, main.go in " + dir + " ("; !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "added ") {
		t.Errorf("the summary does not name what --recreate wrote (%q):\n%s", want, r.stderr)
	}
	if !strings.Contains(readFile(t, dir, "main.go"), "gonew-prod:wire") {
		t.Errorf("--recreate main.go did not wire it again:\n%s", readFile(t, dir, "main.go"))
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Errorf("--recreate Dockerfile: %v", err)
	}
	if got := readFile(t, dir, "Makefile"); got != service["Makefile"] {
		t.Errorf("--recreate of other files put the Makefile block back:\n%s", got)
	}
	if n := strings.Count(readFile(t, dir, ".gonew-prod.yaml"), "id: wire"); n != 1 {
		t.Errorf("the record lists the wire block %d times", n)
	}
	gitCommit(t, dir)

	// An edit inside the wired block: the block holds the user's lines, read as they stand.
	main := readFile(t, dir, "main.go")
	edited := strings.Replace(main, "\t// <<< gonew-prod:wire", "\t// Served by gonew-prod.\n\t// <<< gonew-prod:wire", 1)
	if edited == main {
		t.Fatalf("no end of the wire block in main.go:\n%s", main)
	}
	mustWrite(t, dir, "main.go", edited)
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Errorf("update --check after an edit of the wired block: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A later add rewrites the record: it keeps the checksum of the block add wrote, so
	// that update still tells the user's edit from add's text.
	wireSum := regexp.MustCompile(`(?m)^  - path: main\.go\n    id: wire\n    sha256: (\w+)$`)
	was := wireSum.FindStringSubmatch(readFile(t, dir, ".gonew-prod.yaml"))
	if r := run(t, dir, "add", "--yes", "k8s"); r.code != ExitOK {
		t.Fatalf("add k8s: exit %d\n%s", r.code, r.stderr)
	}
	now := wireSum.FindStringSubmatch(readFile(t, dir, ".gonew-prod.yaml"))
	if was == nil || now == nil || was[1] != now[1] {
		t.Errorf("the record's checksum of the wire block went from %q to %q: it is to stay what add wrote", was, now)
	}
}

// TestAddCIBuildWithoutTheInclude adds ci after the user removed the guarded block that
// includes gonew-prod.mk from the Makefile (it stays removed): the CI, GitHub's and
// GitLab's alike, builds with go build, as make would find no prod-build, and add says
// so; add --recreate Makefile brings the block and make prod-build back. A CI file the
// user edited keeps its build step (add does not merge), and the plan says what it runs.
func TestAddCIBuildWithoutTheInclude(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	for _, tt := range []struct {
		ci, file, gitlab string // the provider, the CI file add writes, the repository's .gitlab-ci.yml
		make, goBuild    string // the build step, with the include and without
	}{
		{ci: "github", file: ".github/workflows/gonew-prod.yml",
			make: "run: make prod-build", goBuild: "run: CGO_ENABLED=0 go build -trimpath -o /dev/null ."},
		{ci: "gitlab", file: ".gitlab/gonew-prod.yml", gitlab: "unit:\n  script: [go test ./...]\n",
			make: "- make prod-build", goBuild: "- CGO_ENABLED=0 go build -trimpath -o /dev/null ."},
	} {
		t.Run(tt.ci, func(t *testing.T) {
			files := maps.Clone(service)
			if tt.gitlab != "" {
				files[".gitlab-ci.yml"] = tt.gitlab
			}
			dir := gitRepo(t, files)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
			}
			gitCommit(t, dir)
			mustWrite(t, dir, "Makefile", service["Makefile"]) // the include block removed
			gitCommit(t, dir)

			r := run(t, dir, "add", "--yes", "ci")
			if r.code != ExitOK {
				t.Fatalf("add ci: exit %d\n%s", r.code, r.stderr)
			}
			if got := readFile(t, dir, tt.file); !strings.Contains(got, tt.goBuild) || strings.Contains(got, "make prod-build") {
				t.Errorf("%s without the include: want the build step %q:\n%s", tt.file, tt.goBuild, got)
			}
			if want := "note: Makefile: you removed the guarded block makefile an earlier add inserted; it stays removed (gonew-prod add --recreate Makefile inserts it again); until then the CI builds the service with go build, as make prod-build needs it"; !strings.Contains(r.stderr, want) {
				t.Errorf("add ci does not say %q:\n%s", want, r.stderr)
			}
			gitCommit(t, dir)
			if r := run(t, dir, "update", "--check"); r.code != ExitOK {
				t.Errorf("update --check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}

			if r := run(t, dir, "add", "--yes", "--recreate", "Makefile"); r.code != ExitOK {
				t.Fatalf("add --recreate Makefile: exit %d\n%s", r.code, r.stderr)
			}
			if got := readFile(t, dir, tt.file); !strings.Contains(got, tt.make) {
				t.Errorf("%s with the include back: want the build step %q:\n%s", tt.file, tt.make, got)
			}
			gitCommit(t, dir)

			// An edited CI file keeps its build step: add says it needs the include.
			edited := readFile(t, dir, tt.file) + "# mine\n"
			mustWrite(t, dir, tt.file, edited)
			mustWrite(t, dir, "Makefile", service["Makefile"])
			gitCommit(t, dir)
			r = run(t, dir, "add", "--yes", "ci")
			if r.code != ExitOK {
				t.Fatalf("add ci with the CI file edited: exit %d\n%s", r.code, r.stderr)
			}
			if got := readFile(t, dir, tt.file); got != edited {
				t.Errorf("add changed %s, which the user edited:\n%s", tt.file, got)
			}
			if want := "note: " + tt.file + ", which you edited, builds with make prod-build, which the makefile no longer includes: bring the block back (gonew-prod add --recreate Makefile), or build with go build there"; !strings.Contains(r.stderr, want) {
				t.Errorf("add ci with the CI file edited does not say %q:\n%s", want, r.stderr)
			}

			// One the user made build with go build needs no such note.
			mustWrite(t, dir, tt.file, strings.ReplaceAll(edited, "make prod-build", "go build ./..."))
			gitCommit(t, dir)
			r = run(t, dir, "add", "--yes", "ci")
			if r.code != ExitOK || strings.Contains(r.stderr, "which you edited, builds with make prod-build") {
				t.Errorf("add ci with the CI file building with go build: exit %d, yet a note that it runs make prod-build:\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAddTakesYourIncludeOfProdMk adds ci after the user replaced the guarded block that
// includes gonew-prod.mk with an include of their own (the block's line kept without its
// markers, or a pattern that takes in gonew-prod.mk): that include is the block's, so add
// neither refuses the Makefile nor inserts a second include, the CI builds with make
// prod-build, and the record keeps the block add wrote; --recreate of the Makefile, which
// would include gonew-prod.mk twice, is refused with a way on.
func TestAddTakesYourIncludeOfProdMk(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	for _, tt := range []struct {
		name string
		own  func(makefile string) string // the Makefile as the user leaves it
		at   string                       // the include the note names
	}{
		{name: "the block's include kept, its markers removed", own: func(mk string) string {
			return regexp.MustCompile(`(?m)^# .*gonew-prod:makefile.*\n`).ReplaceAllString(mk, "")
		}, at: "Makefile:4 `include gonew-prod.mk`"},
		{name: "the block replaced by a pattern include", own: func(string) string {
			return service["Makefile"] + "\n-include *.mk\n"
		}, at: "Makefile:4 `-include *.mk`"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
			}
			gitCommit(t, dir)
			blockSum := regexp.MustCompile(`(?m)^  - path: Makefile\n    id: makefile\n    sha256: \w+$`)
			recorded := blockSum.FindString(readFile(t, dir, ".gonew-prod.yaml"))
			own := tt.own(readFile(t, dir, "Makefile"))
			if strings.Contains(own, "gonew-prod:makefile") || !strings.Contains(own, "include") {
				t.Fatalf("the user's Makefile is not as meant:\n%s", own)
			}
			mustWrite(t, dir, "Makefile", own)
			gitCommit(t, dir)

			r := run(t, dir, "add", "--yes", "ci")
			if r.code != ExitOK {
				t.Fatalf("add ci: exit %d, want 0: the user's include is the block's\n%s", r.code, r.stderr)
			}
			if got := readFile(t, dir, "Makefile"); got != own {
				t.Errorf("add ci changed the Makefile:\n%s", got)
			}
			if got := readFile(t, dir, ".github/workflows/gonew-prod.yml"); !strings.Contains(got, "run: make prod-build") {
				t.Errorf("the CI does not build with make prod-build, which the user's include gives:\n%s", got)
			}
			if want := "note: " + tt.at + ", an include of yours, includes gonew-prod.mk in place of the guarded block makefile an earlier add inserted in Makefile: add takes it as the include and inserts no block"; !strings.Contains(r.stderr, want) {
				t.Errorf("add ci does not say %q:\n%s", want, r.stderr)
			}
			if strings.Contains(r.stderr, "stays removed") {
				t.Errorf("add ci takes the block for removed:\n%s", r.stderr)
			}
			if got := blockSum.FindString(readFile(t, dir, ".gonew-prod.yaml")); recorded == "" || got != recorded {
				t.Errorf("the record's makefile block went from %q to %q: it is to stay what add wrote", recorded, got)
			}
			gitCommit(t, dir)
			before := treetest.Describe(t, dir)

			r = run(t, dir, "add", "--yes", "--recreate", "Makefile")
			if want := "--recreate Makefile: " + tt.at + " includes gonew-prod.mk in place of gonew-prod's guarded block, which would include it a second time; remove that include"; r.code != ExitUsage || !strings.Contains(r.stderr, want) {
				t.Errorf("add --recreate Makefile: exit %d, want %d and %q:\n%s", r.code, ExitUsage, want, r.stderr)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Fatalf("the refused add --recreate Makefile changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestAddRemembersTheMain: in a repository with several HTTP main packages, a later add
// works on the one the record names, without --main; and the plan says it creates a
// go.sum there was none of.
func TestAddRemembersTheMain(t *testing.T) {
	files := maps.Clone(service)
	files["cmd/demo/main.go"] = service["main.go"]
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--dry-run", "--main", ".", "shutdown")
	if r.code != ExitOK || !strings.Contains(r.stdout, "create    go.sum (checksums of the new requirements)") {
		t.Errorf("add --dry-run: exit %d, want the plan to create go.sum:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "add", "--yes", "--main", ".", "shutdown"); r.code != ExitOK {
		t.Fatalf("add --main .: exit %d\n%s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--yes", "shutdown"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("add without --main: exit %d\n%s", r.code, r.stderr)
	}
}

// absent stands for a file that does not exist.
const absent = "\x00absent"

// TestAddIgnoresTheBinary: make prod-build writes bin/NAME, which add has git ignore with
// a guarded block in the module's .gitignore, unless git ignores it already.
func TestAddIgnoresTheBinary(t *testing.T) {
	const block = "# >>> gonew-prod:gitignore (added by gonew-prod add: what make prod-build writes)\n/bin/inventory\n# <<< gonew-prod:gitignore\n"
	tests := []struct {
		name      string
		gitignore string // absent when there is none
		want      string // the .gitignore afterwards, absent when none
	}{
		{name: "no .gitignore", gitignore: absent, want: block},
		{name: "empty", gitignore: "", want: block},
		{name: "other patterns", gitignore: "*.log", want: "*.log\n\n" + block},
		{name: "CRLF", gitignore: "*.log\r\n", want: "*.log\r\n\r\n" + strings.ReplaceAll(block, "\n", "\r\n")},
		{name: "ignored already", gitignore: "/bin/\n", want: "/bin/\n"},
		{name: "ignored by a wider pattern", gitignore: "bin\n", want: "bin\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(service)
			if tt.gitignore != absent {
				files[".gitignore"] = tt.gitignore
			}
			dir := gitRepo(t, files)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
			}
			got, err := os.ReadFile(filepath.Join(dir, ".gitignore"))
			if err != nil && tt.want != absent {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf(".gitignore:\n%q\nwant\n%q", got, tt.want)
			}
			mustWrite(t, dir, "bin/inventory", "a binary\n")
			cmd := exec.Command("git", "status", "--porcelain", "--untracked-files=all")
			cmd.Dir = dir
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(out), "bin/inventory") {
				t.Errorf("git does not ignore the binary make prod-build writes:\n%s", out)
			}
			gitCommit(t, dir)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("second add: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
	t.Run("ignored by this clone's exclude file only", func(t *testing.T) {
		dir := gitRepo(t, service)
		mustWrite(t, dir, ".git/info/exclude", "bin/\n")
		if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
		if got := readFile(t, dir, ".gitignore"); got != block {
			t.Errorf(".gitignore:\n%q\nwant the block, for the clones without this exclude", got)
		}
	})
	t.Run("a file of the user's at bin/NAME", func(t *testing.T) {
		files := maps.Clone(service)
		files["bin/inventory"] = "#!/bin/sh\nexec go run . \"$@\"\n"
		dir := gitRepo(t, files)
		before := treetest.Describe(t, dir)
		r := run(t, dir, "add", "--yes", "makefile")
		wantCode(t, r, ExitUsage, "add makefile over bin/inventory")
		if want := "bin/inventory is a file git does not ignore (one of yours?), and make prod-build writes the binary there"; !strings.Contains(r.stderr, want) {
			t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
		}
		if after := treetest.Describe(t, dir); !equalTrees(before, after) {
			t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
		}
	})
	t.Run("un-ignored by a negation of the user's", func(t *testing.T) {
		const gitignore = "/bin/*\n!/bin/inventory\n"
		files := maps.Clone(service)
		files[".gitignore"] = gitignore
		dir := gitRepo(t, files)
		r := run(t, dir, "add", "--yes", "makefile")
		if r.code != ExitOK {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
		if got := readFile(t, dir, ".gitignore"); got != gitignore {
			t.Errorf(".gitignore:\n%q\nwant it as the user left it", got)
		}
		if want := "note: make prod-build writes bin/inventory; ignoring it in .gitignore would put the pattern /bin/inventory after your !/bin/inventory, which it may undo: .gitignore left as it is"; !strings.Contains(r.stderr, want) {
			t.Errorf("add does not say %q:\n%s", want, r.stderr)
		}
	})
	t.Run("un-ignored by a negation of the user's in a .gitignore above the module", func(t *testing.T) {
		const gitignore = "/svc/bin/*\n!/svc/bin/inventory\n"
		files := map[string]string{".gitignore": gitignore}
		for p, body := range service {
			files["svc/"+p] = body
		}
		dir := gitRepo(t, files)
		r := run(t, dir, "add", "--yes", "--dir", "svc", "makefile")
		if r.code != ExitOK {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "svc", ".gitignore")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("svc/.gitignore written (%v), whose /bin/inventory would undo the user's negation", err)
		}
		if want := "would put the pattern /svc/bin/inventory after your !/svc/bin/inventory, which it may undo (in ../.gitignore): .gitignore left as it is"; !strings.Contains(r.stderr, want) {
			t.Errorf("add does not say %q:\n%s", want, r.stderr)
		}
	})
	t.Run("a symbolic link", func(t *testing.T) {
		files := maps.Clone(service)
		files["ignore.txt"] = "*.log\n"
		dir := gitRepo(t, files)
		if err := os.Symlink("ignore.txt", filepath.Join(dir, ".gitignore")); err != nil {
			t.Fatal(err)
		}
		gitCommit(t, dir)
		r := run(t, dir, "add", "--yes", "makefile")
		if r.code != ExitOK {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
		if want := "note: make prod-build writes bin/inventory, which git does not ignore, and .gitignore is a symbolic link: have git ignore the binary yourself"; !strings.Contains(r.stderr, want) {
			t.Errorf("add does not say %q:\n%s", want, r.stderr)
		}
		if got := readFile(t, dir, "ignore.txt"); got != "*.log\n" {
			t.Errorf("the file the link leads to changed:\n%s", got)
		}
	})
}

// TestAddAfterMovingItsMakefile: the user moved gonew-prod.mk (git mv to mk/, the
// include line changed to match); a later add of another component takes the moved
// targets for neither a clash nor its own, and leaves the move as it is.
func TestAddAfterMovingItsMakefile(t *testing.T) {
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
		t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
	}
	mustWrite(t, dir, "mk/gonew-prod.mk", readFile(t, dir, "gonew-prod.mk"))
	if err := os.Remove(filepath.Join(dir, "gonew-prod.mk")); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, dir, "Makefile", strings.Replace(readFile(t, dir, "Makefile"), "include gonew-prod.mk", "include mk/gonew-prod.mk", 1))
	gitCommit(t, dir)
	r := run(t, dir, "add", "--yes", "ci")
	if r.code != ExitOK {
		t.Fatalf("add ci after moving gonew-prod.mk: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "gonew-prod.mk")); !os.IsNotExist(err) {
		t.Errorf("add wrote gonew-prod.mk again beside the moved one: %v", err)
	}
	if !strings.Contains(readFile(t, dir, "Makefile"), "include mk/gonew-prod.mk") {
		t.Errorf("the include of the moved file changed:\n%s", readFile(t, dir, "Makefile"))
	}
}

// TestAddVendored adds to a module with vendor/: the record lists none of vendor/'s files
// (go mod vendor copies modules' Makefiles, which are not add's), so update --check
// passes; and a patch of the user's to a vendored module whose version add does not
// change, or a file of theirs in no vendored module, is refused, not undone or deleted
// by add's go mod vendor.
func TestAddVendored(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy, go mod vendor and go vet")
	}
	files := maps.Clone(service)
	files["vendor/modules.txt"] = ""
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "shutdown"); r.code != ExitOK {
		t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
	}
	if rec := readFile(t, dir, ".gonew-prod.yaml"); strings.Contains(rec, "path: vendor/") {
		t.Errorf("the record lists files of vendor/:\n%s", rec)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Errorf("update --check after add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	matches, err := filepath.Glob(filepath.Join(dir, "vendor", "go.uber.org", "goleak", "*.go"))
	if err != nil || len(matches) == 0 {
		t.Fatalf("no vendored goleak file to patch (%v)", err)
	}
	rel, _ := filepath.Rel(dir, matches[0])
	rel = filepath.ToSlash(rel)
	vendored := readFile(t, dir, rel)
	mustWrite(t, dir, rel, vendored+"\n// patched here\n")
	gitCommit(t, dir)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "procs")
	wantCode(t, r, ExitUsage, "add procs over a patched vendored file")
	if want := rel + " (of go.uber.org/goleak v"; !strings.Contains(r.stderr, want) {
		t.Errorf("the refusal does not name %q:\n%s", want, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
	// A file of the user's in vendor/ that no vendored module holds, which go mod
	// vendor would delete.
	mustWrite(t, dir, rel, vendored)
	mustWrite(t, dir, "vendor/README.team", "why we vendor\n")
	gitCommit(t, dir)
	before = treetest.Describe(t, dir)
	r = run(t, dir, "add", "--yes", "procs")
	wantCode(t, r, ExitUsage, "add procs over a file of no module in vendor/")
	if want := "vendor/ holds files of no vendored module, which its go mod vendor would delete: vendor/README.team"; !strings.Contains(r.stderr, want) {
		t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddVendoredRaised: a patch of the user's to a vendored module whose version add
// raises (otel needs a newer golang.org/x/sys) is refused, naming the file, not
// replaced by the new version's file; the vendored files as the module has them pass.
func TestAddVendoredRaised(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go mod vendor")
	}
	dir := vendoredSys(t)
	const patched = "vendor/golang.org/x/sys/unix/syscall.go"
	mustWrite(t, dir, patched, readFile(t, dir, patched)+"// a fix of ours\n")
	gitRepoIn(t, dir)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "otel")
	wantCode(t, r, ExitUsage, "add otel over a patched vendored file of a module it raises")
	if want := patched + " (of golang.org/x/sys v0.30.0, which add raises to v"; !strings.Contains(r.stderr, want) {
		t.Errorf("the refusal does not name %q:\n%s", want, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// vendoredSys returns a new directory (no git repository yet) holding the service with
// golang.org/x/sys v0.30.0 required, used and vendored.
func vendoredSys(t *testing.T) string {
	t.Helper()
	files := maps.Clone(service)
	files["go.mod"] = "module example.com/acme/inventory\n\ngo 1.26.0\n\nrequire golang.org/x/sys v0.30.0\n"
	files["sys.go"] = "package main\n\nimport \"golang.org/x/sys/unix\"\n\nvar _ = unix.Getpid\n"
	dir := t.TempDir()
	for p, body := range files {
		mustWrite(t, dir, p, body)
	}
	goRun(t, dir, "mod", "tidy")
	goRun(t, dir, "mod", "vendor")
	return dir
}

// TestAddVendorOutOfDate: vendor/modules.txt that disagrees with go.mod (a merge that
// bumped go.mod but not vendor/, or the reverse) is refused before anything is planned,
// naming the disagreement and go mod vendor: the module does not build with -mod=vendor
// as it stands, and add could not tell changes of the user's in vendor/ from those of
// the versions (the vendored files here are go.mod's version, modules.txt names another).
func TestAddVendorOutOfDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go mod vendor")
	}
	dir := vendoredSys(t)
	mustWrite(t, dir, "vendor/modules.txt", strings.Replace(readFile(t, dir, "vendor/modules.txt"), "golang.org/x/sys v0.30.0", "golang.org/x/sys v0.29.0", 1))
	gitRepoIn(t, dir)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "shutdown")
	wantCode(t, r, ExitUsage, "add over a vendor/ out of date with go.mod")
	if want := "nothing written: vendor/modules.txt is out of date with go.mod (golang.org/x/sys is v0.30.0 in go.mod, v0.29.0 in vendor/), so the module does not build with -mod=vendor as it stands; run go mod vendor, review and commit what it changes, then run add again"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr:\n%s\nwant %s", r.stderr, want)
	}
	if strings.Contains(r.stderr, "changes of yours") || strings.Contains(r.stderr, "raises") {
		t.Errorf("stderr blames changes of the user's or a raise:\n%s", r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddWithoutItsRecord: the files of an earlier add are there but the record is gone
// (deleted, or lost in a merge). Without it they look like the user's (a Dockerfile.prod
// would go beside add's own Dockerfile), so add refuses and says how to restore the
// record: with the git command that brings it back, which works, when a commit has it,
// and without sending to git when none has it (it was never committed).
func TestAddWithoutItsRecord(t *testing.T) {
	tests := []struct {
		name       string
		components []string
		files      string // named in the refusal
		committed  bool   // the record is committed before it is deleted
		want       string // how the refusal says to restore it
	}{
		{name: "docker and k8s", components: []string{"docker", "k8s"}, files: "(gonew_prod.go, gonew_prod_test.go, internal/platform/config/config.go and 11 more)",
			want: ": no commit has it, so git cannot restore it: put it back from your backup"},
		{name: "makefile", components: []string{"makefile"}, files: "(gonew-prod.mk, Makefile (its block makefile))",
			want: ": no commit has it, so git cannot restore it: put it back from your backup"},
		{name: "makefile, its record committed", components: []string{"makefile"}, files: "(gonew-prod.mk, Makefile (its block makefile))", committed: true,
			want: ": commit "},
	}
	restoreRE := regexp.MustCompile(`restore it with (git -C .+? -- \.gonew-prod\.yaml), and run add again`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			args := append([]string{"add", "--yes"}, tt.components...)
			if r := run(t, dir, args...); r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
			}
			if tt.committed {
				gitCommit(t, dir)
			}
			if err := os.Remove(filepath.Join(dir, ".gonew-prod.yaml")); err != nil {
				t.Fatal(err)
			}
			gitCommit(t, dir)
			before := treetest.Describe(t, dir)
			r := run(t, dir, args...)
			wantCode(t, r, ExitUsage, "add without the record")
			if want := "nothing written: .gonew-prod.yaml is missing, but an earlier gonew-prod add wrote here " + tt.files + tt.want; !strings.Contains(r.stderr, want) {
				t.Errorf("the refusal does not say %q:\n%s", want, r.stderr)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
			}
			m := restoreRE.FindStringSubmatch(r.stderr)
			if (m != nil) != tt.committed {
				t.Fatalf("names a command that restores the record: %t, want %t:\n%s", m != nil, tt.committed, r.stderr)
			}
			if m == nil {
				return
			}
			if out, err := exec.Command("sh", "-c", m[1]).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", m[1], err, out)
			}
			gitCommit(t, dir)
			if r := run(t, dir, args...); r.code != ExitOK {
				t.Errorf("add after %s and a commit: exit %d\n%s", m[1], r.code, r.stderr)
			}
		})
	}
}

// TestAddAfterTheUserTookFilesOut: add's files the user deleted stay deleted; where a file
// of theirs still includes one, add says that it fails; and a GitLab include list from
// which the user took add's job file out (the file deleted too) is theirs: later adds go
// on without asking it back.
func TestAddAfterTheUserTookFilesOut(t *testing.T) {
	t.Run("gonew-prod.mk", func(t *testing.T) {
		dir := gitRepo(t, service)
		if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
			t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
		}
		if err := os.Remove(filepath.Join(dir, "gonew-prod.mk")); err != nil {
			t.Fatal(err)
		}
		gitCommit(t, dir)
		r := run(t, dir, "add", "--yes", "makefile")
		if want := "note: Makefile includes gonew-prod.mk, which you deleted: make stops at the include; remove the include, or bring the file back with --recreate gonew-prod.mk"; r.code != ExitOK || !strings.Contains(r.stderr, want) {
			t.Errorf("add again: exit %d, want 0 and %q:\n%s", r.code, want, r.stderr)
		}
		// The note's own form, no component named: the file comes back, and nothing
		// else (not every component audit finds missing).
		gitIn(t, dir, true, "commit", "-qam", "step")
		if r := run(t, dir, "add", "--yes", "--recreate", "gonew-prod.mk"); r.code != ExitOK {
			t.Fatalf("add --recreate gonew-prod.mk: exit %d\n%s", r.code, r.stderr)
		}
		cmd := exec.Command("git", "status", "--porcelain", "--untracked-files=all")
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Fields(string(out)), []string{"M", generator.RecordFile, "??", "gonew-prod.mk"}; !slices.Equal(got, want) && !slices.Equal(got, want[2:]) {
			t.Errorf("add --recreate gonew-prod.mk changed more than the file:\n%s", out)
		}
	})
	t.Run("GitLab jobs", func(t *testing.T) {
		files := maps.Clone(service)
		files[".gitlab-ci.yml"] = "include:\n  - template: Jobs/SAST.gitlab-ci.yml\n  - local: .gitlab/gonew-prod.yml\n\nunit:\n  stage: test\n  script: [go test ./...]\n"
		dir := gitRepo(t, files)
		if r := run(t, dir, "add", "--yes", "ci"); r.code != ExitOK {
			t.Fatalf("add ci: exit %d\n%s", r.code, r.stderr)
		}
		if err := os.RemoveAll(filepath.Join(dir, ".gitlab")); err != nil {
			t.Fatal(err)
		}
		gitCommit(t, dir)
		r := run(t, dir, "add", "--yes", "docker")
		if want := "note: .gitlab-ci.yml includes .gitlab/gonew-prod.yml, which you deleted: GitLab rejects the pipeline"; r.code != ExitOK || !strings.Contains(r.stderr, want) {
			t.Fatalf("add docker: exit %d, want 0 and %q:\n%s", r.code, want, r.stderr)
		}
		gitCommit(t, dir)
		mustWrite(t, dir, ".gitlab-ci.yml", strings.Replace(files[".gitlab-ci.yml"], "  - local: .gitlab/gonew-prod.yml\n", "", 1))
		gitCommit(t, dir)
		before := readFile(t, dir, ".gitlab-ci.yml")
		if r := run(t, dir, "add", "--yes", "k8s"); r.code != ExitOK {
			t.Fatalf("add k8s after the include was taken out: exit %d\n%s", r.code, r.stderr)
		}
		if got := readFile(t, dir, ".gitlab-ci.yml"); got != before {
			t.Errorf("add changed .gitlab-ci.yml:\n%s", got)
		}
		if _, err := os.Stat(filepath.Join(dir, ".gitlab", "gonew-prod.yml")); err == nil {
			t.Errorf("add wrote the job file the user deleted")
		}
	})
}

// TestAddDockerWithALocalReplace: go.mod replaces a module with a directory inside the
// module; the image's module download reads that directory's go.mod, so the Dockerfile
// copies it before the download step. The script's steps up to it run in a directory
// holding what the COPY lines put there.
func TestAddDockerWithALocalReplace(t *testing.T) {
	files := map[string]string{
		"go.mod":             "module example.com/acme/billing\n\ngo 1.26\n\nrequire example.com/money v0.0.0\n\nreplace example.com/money => ./lib/money\n",
		"lib/money/go.mod":   "module example.com/money\n\ngo 1.26\n",
		"lib/money/money.go": "// Package money formats amounts.\npackage money\n\n// Cents formats an amount in cents.\nfunc Cents(n int) string { return \"¢\" }\n",
		"main.go":            "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\n\t\"example.com/money\"\n)\n\nfunc main() {\n\t_ = money.Cents(1)\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n",
	}
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "docker"); r.code != ExitOK {
		t.Fatalf("add docker: exit %d\n%s", r.code, r.stderr)
	}
	docker := readFile(t, dir, "Dockerfile")
	if want := "COPY go.mod go.sum* ./\nCOPY lib/money/go.mod lib/money/\nRUN go mod download && go mod verify\n"; !strings.Contains(docker, want) {
		t.Fatalf("the Dockerfile does not copy the replaced module's go.mod before the download:\n%s", docker)
	}
	ctx := t.TempDir()
	for _, rel := range []string{"go.mod", "lib/money/go.mod"} {
		mustWrite(t, ctx, rel, readFile(t, dir, rel))
	}
	cmd := exec.Command("go", "mod", "download")
	cmd.Dir = ctx
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go mod download with what the COPY lines copy: %v\n%s", err, out)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Errorf("update --check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAddWhatAuditStillMisses: after an add without --wire, audit still finds shutdown
// missing (nothing serves through gonew-prod's code); add without components says the
// earlier add brought it and that --wire is what is left, and goes on with the
// components no add brought.
func TestAddWhatAuditStillMisses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "shutdown", "version", "makefile", "docker", "ci", "k8s"); r.code != ExitOK {
		t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	r := run(t, dir, "add", "--dry-run", "--allow-go-bump")
	if want := "audit finds missing shutdown, which an earlier add brought: they take effect once the program serves through gonew-prod's code; run add --wire"; r.code != ExitOK || !strings.Contains(r.stderr, want) {
		t.Errorf("add: exit %d, want 0 and %q:\n%s", r.code, want, r.stderr)
	}
	if want := "audit finds missing: procs, otel, mtls, pprof\n"; !strings.Contains(r.stderr, want) {
		t.Errorf("add does not go on with the components no add brought (%q):\n%s", want, r.stderr)
	}
}

// TestAddFromALinkedRoot runs add in a repository reached through a symbolic link to
// its root (cd into the link, or --dir naming it): the module is checked in a copy of
// the directory the link leads to, and add writes there, leaving the link a link.
func TestAddFromALinkedRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	real := gitRepo(t, service)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	r := run(t, link, "add", "--yes", "shutdown")
	if r.code != ExitOK {
		t.Fatalf("add shutdown through a linked root: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(real, "gonew_prod.go")); err != nil {
		t.Errorf("add did not write into the directory the link leads to: %v", err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link is no longer a link: %v, %v", info, err)
	}
}

// TestAddAfterTwoBranchesAdded: two branches each add a component to a repository an
// earlier add retrofitted; git merges what add wrote cleanly, and the record, which
// conflicts, is resolved by taking one side. Adding the component that side lacks finds
// every file as add writes it (the other branch's Dockerfile is add's own, not the
// user's, even when a checkout under umask 002 made it group-writable), and records the
// component.
func TestAddAfterTwoBranchesAdded(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	tests := []struct {
		name  string
		take  string // the side of the record taken: --ours (branch docker) or --theirs (branch shutdown)
		again string
	}{
		{"the record of the shutdown branch", "--theirs", "docker"},
		{"the record of the docker branch", "--ours", "shutdown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil && args[0] != "merge" {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			add := func(components ...string) {
				t.Helper()
				if r := run(t, dir, append([]string{"add", "--yes"}, components...)...); r.code != ExitOK {
					t.Fatalf("add %v: exit %d\n%s", components, r.code, r.stderr)
				}
				gitCommit(t, dir)
			}
			add("makefile", "version")
			git("checkout", "-q", "-b", "shutdown")
			add("shutdown")
			git("checkout", "-q", "-")
			git("checkout", "-q", "-b", "docker")
			add("docker")
			git("merge", "-q", "shutdown")
			git("checkout", tt.take, ".gonew-prod.yaml")
			gitCommit(t, dir)
			// git keeps only the executable bit: a checkout under umask 002 leaves the
			// files add wrote group-writable.
			for _, f := range []string{"Dockerfile", "gonew-prod.mk"} {
				if err := os.Chmod(filepath.Join(dir, f), 0o664); err != nil {
					t.Fatal(err)
				}
			}
			mk := readFile(t, dir, "gonew-prod.mk")

			r := run(t, dir, "add", "--yes", tt.again)
			if r.code != ExitOK {
				t.Fatalf("add %s: exit %d\n%s", tt.again, r.code, r.stderr)
			}
			if rec := readRecord(t, dir); !slices.Equal(rec.Components, []string{"makefile", "version", "shutdown", "docker"}) || rec.Vars["dockerfile"] != "Dockerfile" {
				t.Errorf("record: components %v, dockerfile %q; want all four and add's Dockerfile", rec.Components, rec.Vars["dockerfile"])
			}
			if got := readFile(t, dir, "gonew-prod.mk"); got != mk {
				t.Errorf("gonew-prod.mk changed, though git merged it into what add writes:\n%s", got)
			}
			if _, err := os.Stat(filepath.Join(dir, "Dockerfile.prod")); err == nil {
				t.Errorf("add wrote Dockerfile.prod beside its own Dockerfile")
			}
			if r := run(t, dir, "update", "--check"); r.code != ExitOK {
				t.Errorf("update --check after the add: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAddAfterTwoBranchesAddedApart: two branches each ran add on a repository no add
// had retrofitted, one makefile, the other docker, and the merge kept one side's record.
// The other side's file is what add wrote for fewer components (gonew-prod.mk without
// docker's prod-docker, the Dockerfile without makefile's make prod-docker): adding the
// component the record lacks takes it as add's own and brings it up to date, with no
// refusal and no second Dockerfile.
func TestAddAfterTwoBranchesAddedApart(t *testing.T) {
	tests := []struct {
		name  string
		take  string // the side of the record kept: --ours (branch docker) or --theirs (branch makefile)
		again string
	}{
		{"the record of the docker branch", "--ours", "makefile"},
		{"the record of the makefile branch", "--theirs", "docker"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			add := func(components ...string) {
				t.Helper()
				if r := run(t, dir, append([]string{"add", "--yes"}, components...)...); r.code != ExitOK {
					t.Fatalf("add %v: exit %d\n%s", components, r.code, r.stderr)
				}
				gitCommit(t, dir)
			}
			gitIn(t, dir, false, "checkout", "-q", "-b", "makefile")
			add("makefile")
			gitIn(t, dir, false, "checkout", "-q", "-")
			gitIn(t, dir, false, "checkout", "-q", "-b", "docker")
			add("docker")
			gitIn(t, dir, true, "merge", "-q", "makefile") // a conflict in the record only
			gitIn(t, dir, false, "checkout", tt.take, generator.RecordFile)
			gitCommit(t, dir)

			r := run(t, dir, "add", "--yes", tt.again)
			if r.code != ExitOK {
				t.Fatalf("add %s: exit %d\n%s", tt.again, r.code, r.stderr)
			}
			if rec := readRecord(t, dir); !slices.Equal(rec.Components, []string{"makefile", "docker"}) || rec.Vars["dockerfile"] != "Dockerfile" {
				t.Errorf("record: components %v, dockerfile %q; want makefile and docker, and add's Dockerfile", rec.Components, rec.Vars["dockerfile"])
			}
			if _, err := os.Stat(filepath.Join(dir, "Dockerfile.prod")); err == nil {
				t.Errorf("add wrote Dockerfile.prod beside its own Dockerfile")
			}
			if mk := readFile(t, dir, "gonew-prod.mk"); !strings.Contains(mk, "prod-docker: ") || !strings.Contains(mk, "docker build -f Dockerfile ") {
				t.Errorf("gonew-prod.mk has no prod-docker building the Dockerfile:\n%s", mk)
			}
			if df := readFile(t, dir, "Dockerfile"); !strings.Contains(df, "`make prod-docker`") {
				t.Errorf("the Dockerfile does not say to build it with make prod-docker:\n%s", df)
			}
			gitCommit(t, dir)
			if r := run(t, dir, "add", "--yes", "makefile", "docker"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("add again: exit %d\n%s", r.code, r.stderr)
			}
			if r := run(t, dir, "update", "--check"); r.code != ExitOK {
				t.Errorf("update --check after the add: exit %d\n%s", r.code, r.stderr)
			}
		})
	}
}

// TestAddFollowsAMovedMain: after the main package add retrofitted is renamed (git mv),
// update refuses and names add as the way to move the record; add moves the record and
// writes what it wrote for the old path for the new one; update is then up to date. The
// record moves even when no file add wrote names the path (Go components alone), and
// when the old directory still holds other files (only the package's files moved).
func TestAddFollowsAMovedMain(t *testing.T) {
	tests := []struct {
		name, from, to string
		components     []string
		embeds         []string // the files add wrote that name the main package's path
		keep           string   // a file of the user's left in the old directory, or ""
	}{
		{"renamed", "cmd/hand", "cmd/api", []string{"makefile", "docker"}, []string{"gonew-prod.mk", "Dockerfile"}, ""},
		{"moved deeper", "cmd/hand", "services/hand/cmd", []string{"makefile", "docker"}, []string{"gonew-prod.mk", "Dockerfile"}, ""},
		{"Go components only", "cmd/hand", "cmd/api", []string{"version"}, nil, ""},
		{"the old directory keeps a README", "cmd/hand", "cmd/api", []string{"makefile", "docker"}, []string{"gonew-prod.mk", "Dockerfile"}, "README.md"},
		{"out of the module's root", ".", "cmd/api", []string{"makefile", "docker"}, []string{"gonew-prod.mk", "Dockerfile"}, "README.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(service)
			delete(files, "main.go")
			files[tt.from+"/main.go"] = service["main.go"]
			if tt.keep != "" {
				files[tt.from+"/"+tt.keep] = "# hand\n"
			}
			dir := gitRepo(t, files)
			if r := run(t, dir, append([]string{"add", "--yes"}, tt.components...)...); r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s", r.code, r.stderr)
			}
			gitCommit(t, dir)
			from, to := filepath.Join(dir, tt.from), filepath.Join(dir, tt.to)
			if tt.keep != "" {
				from, to = filepath.Join(from, "main.go"), filepath.Join(to, "main.go")
			}
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(from, to); err != nil {
				t.Fatal(err)
			}
			gitCommit(t, dir)

			r := run(t, dir, "update", "--check")
			wantCode(t, r, ExitUsage, "update", "--check")
			if want := "records gonew-prod add for the main package in " + tt.from + ", which is gone (renamed or moved?): run gonew-prod add " + tt.components[0]; !strings.Contains(r.stderr, want) {
				t.Errorf("update --check after the move:\n%s\nwant %q", r.stderr, want)
			}
			r = run(t, dir, "add", "--yes", tt.components[0])
			wantCode(t, r, ExitOK, "add", tt.components[0])
			if !strings.Contains(r.stderr, "moved from "+tt.from+" to "+tt.to) {
				t.Errorf("add does not say it follows the move:\n%s", r.stderr)
			}
			if strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("add says nothing changes, though the record moves:\n%s", r.stderr)
			}
			rec := readRecord(t, dir)
			if rec.Vars["mainPackage"] != "./"+tt.to {
				t.Errorf("recorded mainPackage %q, want ./%s", rec.Vars["mainPackage"], tt.to)
			}
			for _, f := range rec.Files {
				if strings.HasPrefix(f.Path, tt.from+"/") {
					t.Errorf("the record still lists %s", f.Path)
				}
			}
			for _, f := range tt.embeds {
				// (The module's root is in every ./... too: only the new path is looked for.)
				if got := readFile(t, dir, f); tt.from != "." && strings.Contains(got, "./"+tt.from) || !strings.Contains(got, "./"+tt.to) {
					t.Errorf("%s still builds ./%s:\n%s", f, tt.from, got)
				}
			}
			gitCommit(t, dir)
			wantCode(t, run(t, dir, "update", "--check"), ExitOK, "update", "--check")
		})
	}
}

// TestAddKeepsTheRecordsMode: a later add rewrites the record with the mode the user gave
// it, as it keeps the mode of every other file it replaces (a record made private stays
// private).
func TestAddKeepsTheRecordsMode(t *testing.T) {
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
		t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	rec := filepath.Join(dir, ".gonew-prod.yaml")
	if err := os.Chmod(rec, 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "add", "--yes", "docker"); r.code != ExitOK {
		t.Fatalf("add docker: exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(readFile(t, dir, ".gonew-prod.yaml"), "docker") {
		t.Fatalf("the record does not list docker: the test needs add to rewrite it")
	}
	info, err := os.Stat(rec)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("record mode after add docker: %v, want -rw------- as the user left it", info.Mode().Perm())
	}
}

// TestAddKeepsTheRecordsComments: a later add that rewrites the record keeps the
// comments a team added to it.
func TestAddKeepsTheRecordsComments(t *testing.T) {
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
		t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
	}
	const note = "# SEC-42: the port is fixed by the mesh\n"
	rec := readFile(t, dir, ".gonew-prod.yaml")
	if !strings.Contains(rec, "\nanswers:\n") {
		t.Fatalf("record without answers:\n%s", rec)
	}
	mustWrite(t, dir, ".gonew-prod.yaml", strings.Replace(rec, "\nanswers:\n", "\n"+note+"answers:\n", 1))
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--yes", "version"); r.code != ExitOK {
		t.Fatalf("add version: exit %d\n%s", r.code, r.stderr)
	}
	got := readFile(t, dir, ".gonew-prod.yaml")
	if !regexp.MustCompile(`(?m)^components: \[.*\bversion\b`).MatchString(got) {
		t.Fatalf("the record does not list version: the test needs add to rewrite it:\n%s", got)
	}
	if !strings.Contains(got, note+"answers:\n") {
		t.Errorf("the record lost the team's comment:\n%s", got)
	}
}

// TestAddKeepsAFilesMode: a later add that rewrites a file an earlier add wrote
// (gonew-prod.mk, when version joins makefile) keeps the mode the file has: a chmod +x the
// user committed (git records it), said in the plan, and a 0600 of the work tree's. Where
// git ignores the disk's executable bits (core.fileMode false: git for Windows, WSL's
// /mnt/c), a +x on the disk is no mode of the user's, and the plan says none.
func TestAddKeepsAFilesMode(t *testing.T) {
	for _, tt := range []struct {
		mode        fs.FileMode
		commit      bool
		fileModeOff bool // core.fileMode false
		says        string
	}{
		{0o755, true, false, "gonew-prod.mk (your file mode 0755 kept (gonew-prod's is 0644))"},
		{0o600, false, false, ""},
		{0o755, false, true, ""},
	} {
		t.Run(fmt.Sprintf("%04o fileModeOff=%v", tt.mode, tt.fileModeOff), func(t *testing.T) {
			dir := gitRepo(t, service)
			if tt.fileModeOff {
				gitIn(t, dir, false, "config", "core.fileMode", "false")
			}
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
			}
			gitCommit(t, dir)
			mk := filepath.Join(dir, "gonew-prod.mk")
			before := readFile(t, dir, "gonew-prod.mk")
			if err := os.Chmod(mk, tt.mode); err != nil {
				t.Fatal(err)
			}
			if tt.commit {
				gitCommit(t, dir)
			}
			r := run(t, dir, "add", "--yes", "version")
			if r.code != ExitOK {
				t.Fatalf("add version: exit %d\n%s", r.code, r.stderr)
			}
			if readFile(t, dir, "gonew-prod.mk") == before {
				t.Fatal("add version left gonew-prod.mk as it was: the test needs add to rewrite it")
			}
			info, err := os.Stat(mk)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != tt.mode {
				t.Errorf("gonew-prod.mk mode after add version: %04o, want %04o as the user left it", info.Mode().Perm(), tt.mode)
			}
			if !strings.Contains(r.stdout+r.stderr, tt.says) {
				t.Errorf("add does not say %q:\n%s%s", tt.says, r.stdout, r.stderr)
			}
			if tt.says == "" && strings.Contains(r.stdout+r.stderr, "file mode") {
				t.Errorf("add speaks of a file mode of yours, git records none:\n%s%s", r.stdout, r.stderr)
			}
		})
	}
}

// TestAddIntoAPackageOfYours: add refuses, before writing, to put gonew-prod's package
// files into a directory holding a Go package of the user's at the same path (its files
// would join that package: gonew-prod's TestMain governs the user's tests, its names meet
// theirs), and names the directory and the files. A directory where an earlier add wrote
// is gonew-prod's package, which the user may have extended: bringing back a file of add's
// there is not refused.
func TestAddIntoAPackageOfYours(t *testing.T) {
	tests := []struct {
		name, component, file, content, want string
	}{
		{"health", "shutdown", "internal/platform/health/watch.go", "// Package health is the team's own.\npackage health\n\n// Watch watches.\nfunc Watch() {}\n",
			"internal/platform/health (add writes health.go, health_test.go; yours: watch.go)"},
		{"buildinfo", "version", "internal/buildinfo/version.go", "package buildinfo\n\n// Version is set at build time.\nvar Version = \"dev\"\n",
			"internal/buildinfo (add writes buildinfo.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{tt.file: tt.content})
			r := run(t, dir, "add", "--yes", tt.component)
			wantCode(t, r, ExitUsage, "add into a package of the user's")
			if !strings.Contains(r.stderr, tt.component+" would write gonew-prod's packages into directories that hold a Go package of yours: "+tt.want) {
				t.Errorf("the refusal does not name the component, the directory and the files (%s, %q):\n%s", tt.component, tt.want, r.stderr)
			}
			if out := gitOut(t, dir, "status", "--porcelain", "--untracked-files=all"); out != "" {
				t.Errorf("the refusal changed the tree:\n%s", out)
			}
		})
	}
	t.Run("a bare add leaves the component out", func(t *testing.T) {
		// audit finds shutdown missing among others: add leaves it out, and what needs
		// it, says why, and adds the rest.
		dir := serviceWith(t, map[string]string{tests[0].file: tests[0].content})
		r := run(t, dir, "add", "--yes")
		wantCode(t, r, ExitOK, "a bare add with a package of the user's in shutdown's directory")
		if want := "audit finds missing shutdown too, left out: shutdown would write gonew-prod's packages into directories that hold a Go package of yours: " + tests[0].want; !strings.Contains(r.stderr, want) {
			t.Errorf("add does not say %q:\n%s", want, r.stderr)
		}
		for _, f := range []string{"Dockerfile", "internal/buildinfo/buildinfo.go"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("%s, of a component left in, is not written: %v\n%s%s", f, err, r.stdout, r.stderr)
			}
		}
		for _, f := range []string{"internal/platform/health/health.go", "gonew_prod.go"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
				t.Errorf("%s, of shutdown, is written", f)
			}
		}
	})
	t.Run("gonew-prod's package, extended", func(t *testing.T) {
		dir := gitRepo(t, service)
		if r := run(t, dir, "add", "--yes", "shutdown"); r.code != ExitOK {
			t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
		}
		mustWrite(t, dir, "internal/platform/health/extra.go", "package health\n\n// Extra is the team's.\nfunc Extra() {}\n")
		if err := os.Remove(filepath.Join(dir, "internal/platform/health/health_test.go")); err != nil {
			t.Fatal(err)
		}
		gitCommit(t, dir)
		if r := run(t, dir, "add", "--yes", "--recreate", "internal/platform/health/health_test.go"); r.code != ExitOK {
			t.Fatalf("add --recreate into gonew-prod's own package: exit %d\n%s", r.code, r.stderr)
		}
	})
}

// gitOut runs git with args in dir and returns its output.
func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return string(out)
}

// TestAddVendoredBeforeGo117: for a main module whose go line is below 1.17, go mod
// vendor copies each vendored module's go.mod (and go.sum) into vendor/; from 1.17 on it
// does not. add, raising the go line, takes such a copy that matches the module's own as
// the go command's (deleted by its go mod vendor), and still refuses one the user edited.
func TestAddVendoredBeforeGo117(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go mod vendor")
	}
	const copied = "vendor/github.com/pbnjay/memory/go.mod"
	for _, edited := range []bool{false, true} {
		t.Run(fmt.Sprintf("edited=%v", edited), func(t *testing.T) {
			files := maps.Clone(service)
			files["go.mod"] = "module example.com/acme/inventory\n\ngo 1.16\n\nrequire github.com/pbnjay/memory v0.0.0-20210728143218-7b4eea64cf58\n"
			files["memory.go"] = "package main\n\nimport \"github.com/pbnjay/memory\"\n\nvar _ = memory.TotalMemory\n"
			dir := t.TempDir()
			for p, body := range files {
				mustWrite(t, dir, p, body)
			}
			goRun(t, dir, "mod", "tidy")
			goRun(t, dir, "mod", "vendor")
			if _, err := os.Stat(filepath.Join(dir, copied)); err != nil {
				t.Fatalf("go mod vendor of a go 1.16 module copied no %s: %v", copied, err)
			}
			if edited {
				mustWrite(t, dir, copied, readFile(t, dir, copied)+"// ours\n")
			}
			gitRepoIn(t, dir)
			r := run(t, dir, "add", "--yes", "--allow-go-bump", "shutdown")
			if edited {
				wantCode(t, r, ExitUsage, "add over an edited vendored go.mod")
				if want := copied + " (of github.com/pbnjay/memory v0.0.0-20210728143218-7b4eea64cf58)"; !strings.Contains(r.stderr, want) {
					t.Errorf("the refusal does not name %q:\n%s", want, r.stderr)
				}
				return
			}
			if r.code != ExitOK {
				t.Fatalf("add over vendor/ as go mod vendor wrote it: exit %d\n%s", r.code, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, copied)); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%s stays after go mod vendor at go 1.26: %v", copied, err)
			}
		})
	}
}

// TestAddToAVendoredWorkspace: a workspace vendored by go work vendor (vendor/ beside
// go.work) would not build once add brings requirements to one of its modules, as add
// re-vendors a module's vendor/ only: add refuses, naming go work vendor, and writes
// nothing.
func TestAddToAVendoredWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go work vendor")
	}
	files := map[string]string{
		"go.work":     "go 1.26.0\n\nuse (\n\t./svc\n\t./lib\n)\n\nreplace example.com/lib v0.0.0 => ./lib\n",
		"lib/go.mod":  "module example.com/lib\n\ngo 1.26.0\n",
		"lib/lib.go":  "package lib\n\n// Hello greets.\nfunc Hello() string { return \"hi\" }\n",
		"svc/go.mod":  "module example.com/acme/inventory\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n",
		"svc/main.go": strings.Replace(service["main.go"], "\"net/http\"\n", "\"net/http\"\n\n\t\"example.com/lib\"\n", 1) + "\nvar _ = lib.Hello\n",
	}
	dir := t.TempDir()
	for p, body := range files {
		mustWrite(t, dir, p, body)
	}
	goRun(t, dir, "work", "vendor")
	gitRepoIn(t, dir)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "--main", "./svc", "shutdown")
	wantCode(t, r, ExitUsage, "add to a module of a vendored workspace")
	if want := "nothing written: the workspace go.work is vendored (vendor/modules.txt, written by go work vendor)"; !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "run go work vendor") {
		t.Errorf("the refusal does not say %q and go work vendor:\n%s", want, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddLeavesOutWhatItWouldRefuse: with no component named, add adds what audit finds
// missing; one of those it would refuse (docker, for a go.mod replace out of the module;
// ci, run below the repository's root) is left out with the reason, and the others are
// added. Named, it is refused as before.
func TestAddLeavesOutWhatItWouldRefuse(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy")
	}
	const main = "package main\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"net/http\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() {\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, lib.Hi()) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n"
	files := map[string]string{
		"lib/go.mod":  "module example.com/lib\n\ngo 1.26\n",
		"lib/lib.go":  "package lib\n\nfunc Hi() string { return \"hi\" }\n",
		"api/go.mod":  "module example.com/api\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n",
		"api/main.go": main,
	}
	tests := []struct {
		name      string
		args      []string
		code      int
		want, not []string
	}{
		{"nothing named, at the root", []string{"--main", "./api"}, ExitOK,
			[]string{"audit finds missing docker too, left out: api/go.mod replaces example.com/lib with the directory ../lib", "create    api/gonew_prod.go", "create    .github/workflows/gonew-prod.yml"},
			[]string{"api/Dockerfile", "api/.dockerignore"}},
		{"nothing named, in the module", []string{"--dir", "api"}, ExitOK,
			[]string{"audit finds missing docker too, left out: go.mod replaces example.com/lib", "audit finds missing ci too, left out: ci: GitHub reads workflows", "create    gonew_prod.go"},
			[]string{"create    Dockerfile", "create    .github"}},
		{"named", []string{"--main", "./api", "shutdown", "docker"}, ExitUsage, []string{"leave out docker"}, []string{"left out"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, files)
			r := run(t, dir, append([]string{"add", "--dry-run"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("add %s: exit %d, want %d\n%s", strings.Join(tt.args, " "), r.code, tt.code, r.stderr)
			}
			out := r.stdout + r.stderr
			for _, want := range tt.want {
				if !strings.Contains(out, want) {
					t.Errorf("the output lacks %q:\n%s", want, out)
				}
			}
			for _, not := range tt.not {
				if strings.Contains(out, not) {
					t.Errorf("the output holds %q:\n%s", not, out)
				}
			}
		})
	}
}

// TestAddMainInitUnderGoTest adds shutdown, whose gonew_prod_test.go would be the first
// test file of package main, to programs whose initialisation fails under go test (a
// variable that requires the environment, flag.Parse in init): add refuses, naming what
// failed, and writes nothing, since go test ./... passed before ("no test files") and
// would fail after. A package main with tests of its own ran its initialisation under
// go test already, and a program whose initialisation starts is added to, as is one only
// a build tag brings in: gonew_prod_test.go carries its constraint, and go test ./...
// leaves both out. A go vet finding that was there before add does not switch the check
// off; a main that does not build before add is added to, with a note that the start
// was not checked (go test ./... fails before add too).
func TestAddMainInitUnderGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	const mustEnv = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"os\"\n)\n\nvar dsn = mustEnv(\"GONEW_PROD_TEST_UNSET_DSN\")\n\nfunc mustEnv(k string) string {\n\tv := os.Getenv(k)\n\tif v == \"\" {\n\t\tlog.Fatalf(\"%s is required\", k)\n\t}\n\treturn v\n}\n\nfunc main() {\n\tlog.Print(dsn)\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n"
	// A finding of go vet's (go test does not run its unreachable analyzer) that add
	// leaves to the user: the check that main's test binary starts still runs.
	const unreachable = "package util\n\nfunc Hello() string {\n\treturn \"hi\"\n\tpanic(\"unreachable\")\n}\n"
	const flagInit = "package main\n\nimport (\n\t\"flag\"\n\t\"log\"\n\t\"net/http\"\n)\n\nvar addr = flag.String(\"addr\", \":8080\", \"listen address\")\n\nfunc init() { flag.Parse() }\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(*addr, nil))\n}\n"
	tests := []struct {
		name  string
		files map[string]string
		code  int
		want  string
	}{
		{"a variable that requires the environment", map[string]string{"main.go": mustEnv}, ExitUsage, "GONEW_PROD_TEST_UNSET_DSN is required"},
		{"flag.Parse in init", map[string]string{"main.go": flagInit}, ExitUsage, "flag provided but not defined"},
		{"a variable that requires the environment, beside a go vet finding of before add", map[string]string{"main.go": mustEnv, "internal/util/util.go": unreachable}, ExitUsage, "GONEW_PROD_TEST_UNSET_DSN is required"},
		{"a main that does not build before add", map[string]string{"main.go": strings.Replace(mustEnv, "log.Print(dsn)", "var n int = dsn\n\tlog.Print(n)", 1)}, ExitOK, "so add could not check that it starts"},
		{"tests of the user's already", map[string]string{"main.go": mustEnv, "main_test.go": "package main\n"}, ExitOK, "create    gonew_prod_test.go"},
		{"an initialisation that starts", map[string]string{"main.go": service["main.go"]}, ExitOK, "create    gonew_prod_test.go"},
		{"a main only a build tag brings in, which go test ./... leaves out", map[string]string{"main.go": "//go:build prod\n\n" + mustEnv}, ExitOK, "create    gonew_prod_test.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"go.mod": "module example.com/acme/fl\n\ngo 1.26\n"}
			maps.Copy(files, tt.files)
			dir := gitRepo(t, files)
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "shutdown")
			if r.code != tt.code {
				t.Fatalf("add shutdown: exit %d, want %d\n%s", r.code, tt.code, r.stderr)
			}
			if out := r.stdout + r.stderr; !strings.Contains(out, tt.want) {
				t.Errorf("the output lacks %q:\n%s", tt.want, out)
			}
			if tt.code == ExitOK {
				return
			}
			if !strings.Contains(r.stderr, "gonew_prod_test.go would be the first test file of main package .") {
				t.Errorf("the refusal does not name the test file:\n%s", r.stderr)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestAddCgoHeadersBesideTheModule adds shutdown to a module of a repository whose cgo
// directive reaches the C headers beside it (-I${SRCDIR}/../include, a monorepo's
// shape): add's copy of the module is made beside it, as update's gate makes its own,
// so that the go vet of the copy finds the headers as go vet in the tree does; a copy
// elsewhere failed, and the failure was noted as a finding of the user's, there before
// add. No copy is left beside the module.
func TestAddCgoHeadersBesideTheModule(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet with cgo")
	}
	if _, err := exec.LookPath("gcc"); err != nil {
		t.Skip("needs a C compiler")
	}
	dir := gitRepo(t, map[string]string{
		"include/lib.h": "static int answer(void) { return 42; }\n",
		"svc/go.mod":    "module example.com/svc\n\ngo 1.26\n",
		"svc/main.go": "package main\n\n// #cgo CFLAGS: -I${SRCDIR}/../include\n// #include \"lib.h\"\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"net/http\"\n)\n\n" +
			"func main() {\n\thttp.HandleFunc(\"/\", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, int(C.answer())) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n",
	})
	r := runEnv(t, context.Background(), dir, nil, []string{"CGO_ENABLED=1", "CC=gcc"}, "add", "--yes", "--dir", filepath.Join(dir, "svc"), "shutdown")
	if r.code != ExitOK {
		t.Fatalf("add shutdown: exit %d\n%s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "lib.h") || strings.Contains(r.stderr, "were there before add") {
		t.Errorf("a failure of the copy's own is noted as the user's:\n%s", r.stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".svc.gonew-prod-verify-*")); len(left) > 0 {
		t.Errorf("scratch copies left beside the module: %v", left)
	}
}

// TestAddNotUTF8 adds version to a repository whose directory name is not UTF-8 (a
// Latin-1 "café"): add's copies beside the module are named in ASCII, where go vet
// runs; one named after the repository could not be vetted, and add blamed the added
// code. Below a directory whose name is not UTF-8, where go vet cannot run at all, add
// refuses before it writes, naming that directory.
func TestAddNotUTF8(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go vet")
	}
	tests := []struct {
		name, parent, repo string
		refused            bool
	}{
		{"the repository's name", "", "caf\xe9", false},
		{"its parent's name", "par\xe9", "svc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := filepath.Join(t.TempDir(), tt.parent)
			dir := filepath.Join(parent, tt.repo)
			for p, body := range service {
				mustWrite(t, dir, p, body)
			}
			// A file of its own, so that go vet runs and does not replay a result it cached.
			mustWrite(t, dir, "run.go", fmt.Sprintf("package main\n\nconst run = %d\n", time.Now().UnixNano()))
			gitRepoIn(t, dir)
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "version")
			switch {
			case !tt.refused && r.code != ExitOK:
				t.Fatalf("add version: exit %d\n%s", r.code, r.stderr)
			case !tt.refused && strings.Contains(r.stderr, "there before add"):
				t.Errorf("go vet's failure in the copy is noted as a finding of the user's:\n%s", r.stderr)
			case tt.refused:
				if r.code != ExitUsage || !strings.Contains(r.stderr, fmt.Sprintf("the name of %q is not UTF-8", parent)) || strings.Contains(r.stderr, "would not build") {
					t.Errorf("add version: exit %d, want %d and a refusal naming %q\n%s", r.code, ExitUsage, parent, r.stderr)
				}
				if after := treetest.Describe(t, dir); !equalTrees(before, after) {
					t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
				}
			}
			if left, _ := filepath.Glob(filepath.Join(parent, ".*.gonew-prod-verify-*")); len(left) > 0 {
				t.Errorf("scratch copies left beside the repository: %q", left)
			}
		})
	}
}

// TestAddOwnProviderLater: after add otel wrote internal/platform/telemetry, the program
// sets up OpenTelemetry itself, and a later add (of another component) records the var
// ownProvider: the telemetry files, which that render no longer writes, leave the record,
// so that update accepts it; the later add deletes those the user did not edit, keeps one
// the user edited, and keeps them all while code of the user's imports the package (a
// test file of the user's too, which go mod tidy reads: deleted, the package would be
// looked for on the network), naming the importer, and a note says what the serving code
// no longer does.
func TestAddOwnProviderLater(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	const telemetry = "internal/platform/telemetry/"
	added := gitRepo(t, service)
	if r := run(t, added, "add", "--yes", "otel"); r.code != ExitOK {
		t.Fatalf("add otel: exit %d\n%s", r.code, r.stderr)
	}
	gitCommit(t, added)
	written, err := filepath.Glob(filepath.Join(added, filepath.FromSlash(telemetry), "*.go"))
	if err != nil || len(written) == 0 {
		t.Fatalf("add otel wrote no %s: %v", telemetry, err)
	}
	own := func(imports, uses string) string {
		return "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\n\t\"go.opentelemetry.io/otel\"\n\t\"go.opentelemetry.io/otel/trace/noop\"\n" + imports + ")\n\n" +
			"func main() {\n\totel.SetTracerProvider(noop.NewTracerProvider())\n" + uses + "\tlog.Fatal(http.ListenAndServe(\":8080\", http.NotFoundHandler()))\n}\n"
	}
	const edited = telemetry + "loghandler.go"
	const importerTest = "package tools\n\nimport (\n\t\"testing\"\n\n\t\"example.com/acme/inventory/internal/platform/telemetry\"\n)\n\nfunc TestConfig(t *testing.T) { _ = telemetry.Config{} }\n"
	tests := []struct {
		name     string
		main     string
		test     string   // tools/tools_test.go, if not ""
		edit     bool     // the user edited loghandler.go
		kept     []string // the telemetry files (base names) the later add keeps
		importer string   // the file:line that keeps them all, "" for none
	}{
		{"unedited", own("", ""), "", false, nil, ""},
		{"one edited", own("", ""), "", true, []string{"loghandler.go"}, ""},
		{"imported by the program", own("\n\t\"example.com/acme/inventory/internal/platform/telemetry\"\n", "\t_ = telemetry.Config{}\n"), "", false, nil, "main.go:10"},
		{"imported by a test file alone", own("", ""), importerTest, false, nil, "tools/tools_test.go:6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(added)); err != nil {
				t.Fatal(err)
			}
			mustWrite(t, dir, "main.go", tt.main)
			if tt.test != "" {
				mustWrite(t, dir, "tools/tools_test.go", tt.test)
			}
			if tt.edit {
				mustWrite(t, dir, edited, readFile(t, dir, edited)+"\n// Mine.\n")
			}
			before := map[string]string{}
			for _, f := range written {
				rel := telemetry + filepath.Base(f)
				before[rel] = readFile(t, dir, rel)
			}
			gitCommit(t, dir)
			r := run(t, dir, "add", "--yes", "version")
			if r.code != ExitOK {
				t.Fatalf("add version: exit %d\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "the program now sets up OpenTelemetry itself") || !strings.Contains(r.stderr, "no longer reads OTEL_*") {
				t.Errorf("add version does not note the change:\n%s", r.stderr)
			}
			kept := tt.kept
			if tt.importer != "" {
				if want := "but " + tt.importer + " imports its package: kept, yours from now on"; !strings.Contains(r.stdout, want) {
					t.Errorf("add does not name the importer that keeps the package, %q:\n%s", want, r.stdout)
				}
				kept = slices.Sorted(maps.Keys(before))
				for i := range kept {
					kept[i] = filepath.Base(kept[i])
				}
			}
			for rel, was := range before {
				data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
				switch want := slices.Contains(kept, filepath.Base(rel)); {
				case want && (err != nil || string(data) != was):
					t.Errorf("%s not kept as it was: %v", rel, err)
				case !want && !errors.Is(err, fs.ErrNotExist):
					t.Errorf("%s, unedited and no longer written, is not deleted: %v", rel, err)
				}
			}
			rec, err := generator.ParseRecord(generator.RecordFile, []byte(readFile(t, dir, generator.RecordFile)))
			if err != nil {
				t.Fatal(err)
			}
			if rec.Vars["ownProvider"] != "true" {
				t.Errorf("the record's ownProvider is %q", rec.Vars["ownProvider"])
			}
			for _, e := range rec.Files {
				if strings.HasPrefix(e.Path, telemetry) {
					t.Errorf("the record still lists %s, which add no longer writes", e.Path)
				}
			}
			gitCommit(t, dir)
			if r := run(t, dir, "update", "--check"); r.code != ExitOK {
				t.Errorf("update --check after the later add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
