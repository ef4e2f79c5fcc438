// Package e2e_test drives every golden case the way a user drives a freshly generated
// service: vet, the project's own `make test`, `make build` (all with -mod=readonly, since
// the generator writes go.mod and go.sum complete, and nothing is tidied first), a check
// that `go mod tidy` would change nothing, then the binary itself, on the host and inside
// an empty root holding only what the scratch image holds. It is skipped with -short.
package e2e_test

import (
	"debug/elf"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Build metadata injected into every e2e build, to check it reaches the binary.
const (
	e2eVersion = "v9.8.7-e2e"
	e2eCommit  = "e2ec0ffee"
)

// check is one end-to-end check of a built project; when decides which projects get it.
type check struct {
	name string
	when func(*project) bool
	run  func(*testing.T, *project)
}

func always(*project) bool { return true }

// checks run in order after the project is vetted, tested and built. Features add their
// own checks here.
var checks = []check{
	{"static binary", always, checkStatic},
	{"serve and drain", always, checkServeAndDrain},
	{"version flag", always, checkVersionFlag},
	{"mutual tls", hasFeature("mtls"), checkMTLS},
	{"pprof admin listener", hasFeature("pprof"), checkPProf},
	{"opentelemetry console exporter", hasFeature("otel"), checkOTel},
	{"downstream call between two instances", hasFeature("otel"), checkDownstream},
	{"scratch root", func(p *project) bool { return p.has("docker") }, checkScratchRoot},
	{"kubernetes manifests", func(p *project) bool { return p.has("k8s") }, checkKubernetes},
	{"github workflow", func(p *project) bool { return p.has("ci") && p.record.Answers.CI == "github" }, checkGitHubWorkflow},
	{"gitlab pipeline", func(p *project) bool { return p.has("ci") && p.record.Answers.CI == "gitlab" }, checkGitLabPipeline},
}

func TestGeneratedProjects(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end tests build and run every golden case: skipped with -short")
	}
	entries, err := os.ReadDir(filepath.Join("..", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	// No go command may change go.mod or go.sum: they must come complete from the generator.
	// -trimpath (cacheFlags) lets the builds of one run reuse the last run's.
	t.Setenv("GOFLAGS", cacheFlags(t)+" -mod=readonly")
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			p := newProject(t, e.Name())
			p.run("go", "vet", "./...")
			// The generated tests pass whatever the shell running them sets for the
			// service's own variables (a developer's OTEL_ settings, a CI runner's
			// memory limit).
			p.runWith([]string{"OTEL_PROPAGATORS=b3", "OTEL_TRACES_SAMPLER=always_off", "OTEL_SERVICE_NAME=elsewhere", "GOMEMLIMIT=4GiB"}, "make", "test")
			if p.has("mtls") {
				// HTTP/2 turned off by GODEBUG (the environment, or a godebug line in
				// go.mod) changes what the TLS listener and the mTLS client negotiate:
				// their tests hold either way.
				pkgs := []string{"./internal/platform/tlsreload"}
				if p.has("otel") {
					pkgs = append(pkgs, "./internal/platform/outbound")
				}
				p.runWith([]string{"GODEBUG=http2server=0,http2client=0"}, "go", append([]string{"test", "-race", "-count=1"}, pkgs...)...)
			}
			p.run("make", "build", "VERSION="+e2eVersion, "COMMIT="+e2eCommit)
			// Exits non-zero and prints the diff when go.mod or go.sum is not tidy.
			p.run("go", "mod", "tidy", "-diff")
			for _, c := range checks {
				if c.when(p) {
					t.Run(c.name, func(t *testing.T) { c.run(t, p) })
				}
			}
		})
	}
}

// cacheFlags returns the GOFLAGS the go command uses here (environment or go env file),
// which setting the variable would otherwise drop, with -trimpath added. Every project and
// fixture is built in a new temporary directory, and without -trimpath the go command keys
// a package's build by its directory: the projects' own packages (and a vendored fixture's
// every dependency, under vendor/) would compile anew in every run, never from the build
// cache. -trimpath changes no check here: make build builds with it already.
func cacheFlags(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOFLAGS").Output()
	if err != nil {
		t.Fatalf("go env GOFLAGS: %v", err)
	}
	return strings.TrimSpace(strings.TrimSpace(string(out)) + " -trimpath")
}

// checkStatic fails when the binary asks for a dynamic loader or shared libraries.
func checkStatic(t *testing.T, p *project) {
	f, err := elf.Open(p.binary())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			t.Errorf("%s has an ELF interpreter: not statically linked", p.binary())
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v", p.binary(), libs)
	}
}

// checkServeAndDrain starts the binary, checks its endpoints, sends SIGTERM and checks
// that readiness fails during the shutdown delay and that the process exits 0.
func checkServeAndDrain(t *testing.T, p *project) {
	addr := freeAddr(t)
	s := start(t, addr, []string{"HTTP_ADDR=" + addr, "SHUTDOWN_DELAY=1s", "LOG_LEVEL=debug"}, p.binary())
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := s.get(path); code != http.StatusOK {
			t.Errorf("GET %s = %d %s, want 200", path, code, body)
		}
	}
	code, body := s.get("/version")
	var v map[string]string
	if err := json.Unmarshal([]byte(body), &v); code != http.StatusOK || err != nil {
		t.Fatalf("GET /version = %d %q (%v)", code, body, err)
	}
	if v["version"] != e2eVersion || v["commit"] != e2eCommit || v["go_version"] == "" {
		t.Errorf("GET /version = %v, want version %s and commit %s from -ldflags", v, e2eVersion, e2eCommit)
	}

	s.signal(syscall.SIGTERM)
	if !s.notReadyBeforeExit() {
		t.Errorf("/readyz never answered 503 during SHUTDOWN_DELAY\n%s", s.output)
	}
	if code := s.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, s.output)
	}
	// The readiness probe's 503s are the drain working, not errors.
	for _, line := range strings.Split(s.output.String(), "\n") {
		if strings.Contains(line, `"level":"ERROR"`) && strings.Contains(line, "/readyz") {
			t.Errorf("a readiness 503 of the drain was logged as an error: %s", line)
		}
	}
	for _, want := range []string{`"msg":"starting"`, e2eVersion, `"gomaxprocs"`} {
		if !strings.Contains(s.output.String(), want) {
			t.Errorf("log lacks %s:\n%s", want, s.output)
		}
	}
}

func checkVersionFlag(t *testing.T, p *project) {
	out := p.run(p.binary(), "--version")
	if !strings.Contains(out, e2eVersion) || !strings.Contains(out, e2eCommit) {
		t.Errorf("--version printed %q, want %s and %s", out, e2eVersion, e2eCommit)
	}
}
