package e2e_test

import (
	"bufio"
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// nonRoot is the numeric user and group the scratch image runs as.
const nonRoot = "65532:65532"

// checkScratchRoot builds an empty root holding exactly what the Dockerfile's final
// stage copies, and runs the static binary in it as the image's non-root user: it must
// serve /healthz and its healthcheck subcommand must pass, with no shell or libc around.
func checkScratchRoot(t *testing.T, p *project) {
	if os.Geteuid() != 0 {
		t.Skip("chroot needs root (CI runs as root)")
	}
	name := p.record.Answers.Name
	final := finalStage(t, p.path("Dockerfile"))
	if !slices.Contains(final, "USER "+nonRoot) {
		t.Errorf("final stage lacks USER %s:\n%s", nonRoot, strings.Join(final, "\n"))
	}
	if !slices.ContainsFunc(final, func(l string) bool {
		return strings.HasPrefix(l, "HEALTHCHECK") && strings.Contains(l, `"/`+name+`", "healthcheck"`)
	}) {
		t.Errorf("final stage lacks a HEALTHCHECK running /%s healthcheck", name)
	}

	// What the e2e root provides for each destination the Dockerfile copies into scratch.
	provide := map[string]func(dst string) error{
		"/" + name:                           func(dst string) error { return copyFile(p.binary(), dst, 0o755) },
		"/etc/ssl/certs/ca-certificates.crt": func(dst string) error { return copyFile("/etc/ssl/certs/ca-certificates.crt", dst, 0o644) },
		"/etc/passwd": func(dst string) error {
			return os.WriteFile(dst, []byte("nonroot:x:65532:65532:nonroot:/:/sbin/nologin\n"), 0o644)
		},
		"/etc/group": func(dst string) error { return os.WriteFile(dst, []byte("nonroot:x:65532:\n"), 0o644) },
	}
	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	var copied []string
	for _, line := range final {
		fields := strings.Fields(line)
		if len(fields) < 3 || fields[0] != "COPY" {
			continue
		}
		dst := fields[len(fields)-1]
		provideFile, ok := provide[dst]
		if !ok {
			t.Fatalf("the Dockerfile copies %s into the scratch image; teach this test to provide it", dst)
		}
		target := filepath.Join(root, dst)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := provideFile(target); err != nil {
			t.Fatal(err)
		}
		copied = append(copied, dst)
	}
	if !slices.Contains(copied, "/"+name) {
		t.Fatalf("the Dockerfile's final stage does not copy /%s (copies %v)", name, copied)
	}

	addr := freeAddr(t)
	env := []string{"HTTP_ADDR=" + addr}
	s := start(t, addr, env, "chroot", "--userspec", nonRoot, root, "/"+name)
	if code, body := s.get("/readyz"); code != http.StatusOK {
		t.Errorf("GET /readyz in the scratch root = %d %s", code, body)
	}
	hc := exec.Command("chroot", "--userspec", nonRoot, root, "/"+name, "healthcheck")
	hc.Env = append(os.Environ(), env...)
	if out, err := hc.CombinedOutput(); err != nil {
		t.Errorf("healthcheck in the scratch root: %v\n%s", err, out)
	}
	s.signal(syscall.SIGTERM)
	if code := s.wait(20 * time.Second); code != 0 {
		t.Errorf("exit code %d in the scratch root, want 0\n%s", code, s.output)
	}
}

// finalStage returns the instructions of the Dockerfile's last stage, one per line with
// continuation lines joined.
func finalStage(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var (
		lines   []string
		pending string
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, "\\") {
			pending += strings.TrimSuffix(line, "\\") + " "
			continue
		}
		lines = append(lines, pending+line)
		pending = ""
	}
	last := -1
	for i, l := range lines {
		if strings.HasPrefix(strings.ToUpper(l), "FROM ") {
			last = i
		}
	}
	if last < 0 || !strings.HasPrefix(lines[last], "FROM scratch") {
		t.Fatalf("%s: the final stage is not FROM scratch", path)
	}
	return lines[last:]
}

func copyFile(src, dst string, mode os.FileMode) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, mode)
}

// ciCommands are what the generated CI must run, whatever the provider.
var ciCommands = []string{"gofmt", "go vet", "golangci-lint", "go test -race", "go mod verify", "go mod tidy -diff", "govulncheck", "make build"}

func checkGitHubWorkflow(t *testing.T, p *project) {
	workflow := ".github/workflows/ci.yml"
	p.run("go", "run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12", "-no-color", workflow)
	data, err := os.ReadFile(p.path(workflow))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range append(slices.Clone(ciCommands), "check-latest: true", "-mod=readonly") {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s does not run %q", workflow, want)
		}
	}
}

func checkGitLabPipeline(t *testing.T, p *project) {
	data, err := os.ReadFile(p.path(".gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var pipeline map[string]any
	if err := yaml.Unmarshal(data, &pipeline); err != nil {
		t.Fatalf(".gitlab-ci.yml does not parse: %v", err)
	}
	var scripts []string
	jobs := 0
	for name, v := range pipeline {
		job, ok := v.(map[string]any)
		if !ok || strings.HasPrefix(name, ".") {
			continue
		}
		script, ok := job["script"].([]any)
		if !ok {
			continue
		}
		jobs++
		for _, line := range script {
			if s, ok := line.(string); ok {
				scripts = append(scripts, s)
			}
		}
	}
	if jobs < 2 {
		t.Errorf(".gitlab-ci.yml has %d jobs with scripts, want a pipeline of several", jobs)
	}
	if !bytes.Contains(data, []byte("-mod=readonly")) {
		t.Errorf(".gitlab-ci.yml does not build with -mod=readonly")
	}
	all := strings.Join(scripts, "\n")
	for _, want := range ciCommands {
		if !strings.Contains(all, want) {
			t.Errorf(".gitlab-ci.yml scripts do not run %q:\n%s", want, all)
		}
	}
}
