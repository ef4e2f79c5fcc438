package e2e_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// fixtureRoot holds the synthetic repositories `gonew-prod add` is tried on.
const fixtureRoot = "../internal/retrofit/testdata/repos"

// addCase is one fixture repository and how add is run on it.
type addCase struct {
	fixture string
	main    string   // the main package's directory
	module  string   // the module's directory
	args    []string // the components and flags after "add --yes --wire"
	// refused, when set, are arguments after "add --yes --wire" that add refuses first
	// (exit 2, nothing written), with a message holding refusal.
	refused []string
	refusal string
	// without are the components args leave out, whose audit checks are not expected to pass.
	without []string
	// ownDockerfile: the repository has a Dockerfile of its own, which add keeps (and audit
	// still judges) beside Dockerfile.prod.
	ownDockerfile bool
}

var addCases = []addCase{
	// go 1.26, while the OpenTelemetry modules declare go 1.26.0: written as 1.26.0, the
	// same language version, without --allow-go-bump.
	{fixture: "gin-root", main: ".", module: ".", args: []string{"all"}},
	{fixture: "echo4-cmd", main: "cmd/api", module: ".", args: []string{"all", "--allow-go-bump"}},
	{fixture: "chi", main: ".", module: ".", args: []string{"all", "--allow-go-bump"}},
	{fixture: "nethttp-server", main: ".", module: ".", args: []string{"all", "--allow-go-bump"}},
	{fixture: "nested-module", main: "server", module: "server", args: []string{"all", "--allow-go-bump"}},
	// svc's go.mod replaces lib with ../lib, which a Docker build of svc/ cannot reach.
	{fixture: "gowork", main: "svc", module: "svc", args: []string{"makefile", "version", "shutdown", "procs", "ci", "otel", "mtls", "pprof", "k8s", "--allow-go-bump"},
		refused: []string{"all", "--allow-go-bump"}, refusal: "leave out docker", without: []string{"docker"}},
	{fixture: "go119", main: ".", module: ".", args: []string{"all", "--allow-go-bump"}, refused: []string{"all"}, refusal: "--allow-go-bump"},
	{fixture: "vendored", main: "cmd/catalog", module: ".", args: []string{"all", "--allow-go-bump"}},
	{fixture: "makefile-ci", main: ".", module: ".", args: []string{"all", "--allow-go-bump"}, ownDockerfile: true},
	{fixture: "cgo-sqlite", main: ".", module: ".", args: []string{"all", "--allow-go-bump"}},
}

// TestAdd runs `gonew-prod add --yes --wire` on every fixture repository as a user would,
// and checks what the issue asks of a retrofit: the module builds, vets and passes its
// own and the new tests under -race; audit passes every added item; git shows no
// deleted line beyond the wired call; the binary answers /healthz, fails readiness and
// drains on SIGTERM; and a second add changes nothing.
func TestAdd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end tests of add build and run every fixture: skipped with -short")
	}
	bin := gonewProd(t)
	// The go commands of add's own checks inherit it too: a user's GOFLAGS.
	t.Setenv("GOFLAGS", cacheFlags(t))
	for _, c := range addCases {
		t.Run(c.fixture, func(t *testing.T) {
			dir := setUpFixture(t, c.fixture)
			mod := filepath.Join(dir, filepath.FromSlash(c.module))
			add := append([]string{"add", "--yes", "--wire"}, c.args...)
			if c.refused != nil {
				out, code := runIn(t, dir, bin, append([]string{"add", "--yes", "--wire"}, c.refused...)...)
				if code != 2 || !strings.Contains(out, c.refusal) {
					t.Fatalf("add %s: exit %d, want 2 and %q:\n%s", strings.Join(c.refused, " "), code, c.refusal, out)
				}
				if status := gitOut(t, dir, "status", "--porcelain"); status != "" {
					t.Fatalf("a refused add changed the tree:\n%s", status)
				}
			}
			out, code := runIn(t, dir, bin, add...)
			if code != 0 {
				t.Fatalf("add: exit %d\n%s", code, out)
			}
			t.Logf("add:\n%s", out)
			checkNoLineLost(t, dir)
			mustRun(t, mod, "go", "build", "./...")
			mustRun(t, mod, "go", "vet", "./...")
			mustRun(t, mod, "go", "test", "-race", "-count=1", "./...")
			checkAuditPasses(t, bin, dir, c)
			checkServes(t, mod, c)
			if !slices.Contains(c.without, "k8s") {
				checkRetrofitManifests(t, mod)
			}

			before := gitOut(t, dir, "status", "--porcelain", "--untracked-files=all")
			snapshot := treeDigest(t, dir)
			out, code = runIn(t, dir, bin, append(add, "--allow-dirty")...)
			if code != 0 || !strings.Contains(out, "nothing to change") {
				t.Errorf("second add: exit %d, want 0 and nothing to change:\n%s", code, out)
			}
			if after := gitOut(t, dir, "status", "--porcelain", "--untracked-files=all"); after != before || !maps.Equal(treeDigest(t, dir), snapshot) {
				t.Errorf("the second add changed the tree:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// gonewProd builds the gonew-prod binary once for every test of the package, into a
// directory removed when the tests end (TestMain).
var gonewProd = func() func(t *testing.T) string {
	var (
		once sync.Once
		bin  string
		err  error
	)
	return func(t *testing.T) string {
		t.Helper()
		once.Do(func() {
			bin = filepath.Join(binDir, "gonew-prod")
			var out []byte
			if out, err = exec.Command("go", "build", "-o", bin, "../cmd/gonew-prod").CombinedOutput(); err != nil {
				err = fmt.Errorf("%w\n%s", err, out)
			}
		})
		if err != nil {
			t.Fatalf("build gonew-prod: %v", err)
		}
		return bin
	}
}()

// setUpFixture copies a fixture into a temporary git repository, as a user's
// repository looks: go.sum from go mod tidy, vendor/ where the fixture vendors, and
// everything committed.
func setUpFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(fixtureRoot, name)
	dir := filepath.Join(t.TempDir(), name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "go.mod" {
			mustRun(t, filepath.Dir(p), "go", "mod", "tidy")
		}
		return err
	})
	if name == "vendored" {
		mustRun(t, dir, "go", "mod", "vendor")
	}
	mustRun(t, dir, "git", "init", "-q")
	mustRun(t, dir, "git", "add", "-A")
	mustRun(t, dir, "git", "-c", "user.name=fixture", "-c", "user.email=fixture@example.invalid", "commit", "-q", "-m", "fixture")
	return dir
}

// checkNoLineLost reads git diff --numstat: no file loses a line, except the one whose
// serving call was wired (the call's lines, now in a comment) and the module files
// (go.mod and go.work raise versions by rewriting their lines; add checks them by
// meaning: every requirement, replace, exclude, retract and use is kept).
func checkNoLineLost(t *testing.T, dir string) {
	t.Helper()
	wired := gitOut(t, dir, "grep", "-l", ">>> gonew-prod:wire")
	for _, line := range strings.Split(gitOut(t, dir, "diff", "--numstat"), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		deleted, _ := strconv.Atoi(f[1])
		path := f[2]
		switch base := filepath.Base(path); {
		case deleted == 0, base == "go.mod", base == "go.work", strings.HasPrefix(path, "vendor/"):
		case strings.Contains(wired, path) && deleted <= 3:
		default:
			t.Errorf("%s lost %d line(s):\n%s", path, deleted, gitOut(t, dir, "diff", "--", path))
		}
	}
}

// auditResult is the part of audit's JSON this test reads.
type auditResult struct {
	Check, Status, Message, Component string
	Main                              string
}

// checkAuditPasses runs audit on the repository: every check of an added component
// passes.
func checkAuditPasses(t *testing.T, bin, dir string, c addCase) {
	t.Helper()
	cmd := exec.Command(bin, "audit", "--format", "json", "--fail-on", "never", "--main", c.main, ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("audit: %v\n%s", err, out)
	}
	var rep struct{ Results []auditResult }
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("audit JSON: %v", err)
	}
	for _, r := range rep.Results {
		if r.Component == "" || r.Status == "PASS" || slices.Contains(c.without, r.Component) {
			continue
		}
		if r.Check == "static-image" && c.ownDockerfile && strings.HasPrefix(r.Message, "Dockerfile (final stage") && !strings.Contains(r.Message, "Dockerfile.prod") {
			continue // the repository's own Dockerfile, kept as it was; Dockerfile.prod passes
		}
		t.Errorf("audit %s: %s: %s", r.Check, r.Status, r.Message)
	}
}

// checkRetrofitManifests decodes the manifests add wrote strictly into the Kubernetes
// API types and checks that the container listens where it is probed: HTTP_ADDR names
// the container port.
func checkRetrofitManifests(t *testing.T, mod string) {
	t.Helper()
	d, _ := readManifests(t, mod)
	c := d.Spec.Template.Spec.Containers[0]
	if len(c.Ports) != 1 {
		t.Fatalf("container ports %v, want one", c.Ports)
	}
	want := fmt.Sprintf(":%d", c.Ports[0].ContainerPort)
	for _, e := range c.Env {
		if e.Name == "HTTP_ADDR" {
			if e.Value != want {
				t.Errorf("HTTP_ADDR %q, container port %d", e.Value, c.Ports[0].ContainerPort)
			}
			return
		}
	}
	t.Errorf("the deployment sets no HTTP_ADDR")
}

// checkServes builds the main package and runs it: /healthz answers 200, SIGTERM turns
// /readyz to 503 during SHUTDOWN_DELAY, and the process drains and exits 0.
func checkServes(t *testing.T, mod string, c addCase) {
	t.Helper()
	mainPkg := "./" + strings.TrimPrefix(strings.TrimPrefix(c.main, c.module), "/")
	if c.main == c.module {
		mainPkg = "."
	}
	binary := filepath.Join(t.TempDir(), "svc")
	mustRun(t, mod, "go", "build", "-o", binary, mainPkg)
	addr := freeAddr(t)
	s := start(t, addr, []string{"HTTP_ADDR=" + addr, "SHUTDOWN_DELAY=1s"}, binary)
	if code, body := s.get("/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz = %d %s", code, body)
	}
	s.signal(syscall.SIGTERM)
	if !s.notReadyBeforeExit() {
		t.Errorf("/readyz never answered 503 after SIGTERM\n%s", s.output)
	}
	if code := s.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, s.output)
	}
}

// runIn runs bin with args in dir and returns its combined output and exit code.
func runIn(t *testing.T, dir, bin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

func mustRun(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
	return string(out)
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	out, _ := cmd.Output() // git grep exits 1 when nothing matches
	return strings.TrimSpace(string(out))
}

// treeDigest describes the repository at dir (treetest.Describe), leaving out .git, which
// git's own commands may touch.
func treeDigest(t *testing.T, dir string) map[string]string {
	t.Helper()
	d := treetest.Describe(t, dir)
	maps.DeleteFunc(d, func(p, _ string) bool { return p == ".git" || strings.HasPrefix(p, ".git/") })
	return d
}
