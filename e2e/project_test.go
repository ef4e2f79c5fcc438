package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// project is a copy of one golden case in a temporary directory, driven the way a user
// drives a freshly generated service.
type project struct {
	t      *testing.T
	dir    string
	record generator.Record
}

// newProject copies golden/<name> into a fresh temporary directory.
func newProject(t *testing.T, name string) *project {
	t.Helper()
	src := filepath.Join("..", "golden", name)
	dst := filepath.Join(t.TempDir(), name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, info.Mode().Perm())
	})
	if err != nil {
		t.Fatalf("copy %s: %v", src, err)
	}
	p := &project{t: t, dir: dst}
	data, err := os.ReadFile(filepath.Join(dst, generator.RecordFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &p.record); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *project) has(feature string) bool { return p.record.Answers.Has(feature) }

func (p *project) path(rel string) string { return filepath.Join(p.dir, filepath.FromSlash(rel)) }

// binary is the path `make build` writes.
func (p *project) binary() string { return p.path("bin/" + p.record.Answers.Name) }

// run runs a command in the project and fails the test with its output if it fails.
func (p *project) run(name string, args ...string) string {
	p.t.Helper()
	return p.runWith(nil, name, args...)
}

// runWith is run with the variables env added to the environment.
func (p *project) runWith(env []string, name string, args ...string) string {
	p.t.Helper()
	start := time.Now()
	cmd := exec.Command(name, args...)
	cmd.Dir = p.dir
	cmd.Env = append(treetest.OutsideMake(os.Environ()), env...) // a generated Makefile runs as a user runs it
	out, err := cmd.CombinedOutput()
	p.t.Logf("%s %s (%s)", name, strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	if err != nil {
		p.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// freeAddr returns a loopback address with a port that was free a moment ago.
func freeAddr(t *testing.T) string {
	t.Helper()
	return freeAddrs(t, 1)[0]
}

// freeAddrs returns n loopback addresses with ports that were free a moment ago, each
// another: all are held until the last is known, so that the kernel cannot hand out
// one it has just freed again.
func freeAddrs(t *testing.T, n int) []string {
	t.Helper()
	var addrs []string
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer ln.Close()
		addrs = append(addrs, ln.Addr().String())
	}
	return addrs
}

// syncBuffer collects a process's output safely while it runs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// service is a running instance of a built binary.
type service struct {
	t      *testing.T
	cmd    *exec.Cmd
	addr   string // host:port of the public listener
	output *syncBuffer
	done   chan error
}

// start runs argv (the binary, or a chroot wrapper around it) with env added to the
// environment, and waits until GET /healthz on addr answers 200.
func start(t *testing.T, addr string, env []string, argv ...string) *service {
	t.Helper()
	probe := &service{t: t, addr: addr}
	return startUntil(t, addr, env, func() bool {
		code, _ := probe.get("/healthz")
		return code == http.StatusOK
	}, argv...)
}

// startUntil runs argv with env added to the environment and waits until ready reports
// true.
func startUntil(t *testing.T, addr string, env []string, ready func() bool, argv ...string) *service {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	out := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %v: %v", argv, err)
	}
	s := &service{t: t, cmd: cmd, addr: addr, output: out, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-s.done
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for !ready() {
		select {
		case err := <-s.done:
			t.Fatalf("%v exited before serving: %v\n%s", argv, err, out)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v: not ready within 15s\n%s", argv, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s
}

// get returns the status code and body of GET path on the service.
func (s *service) get(path string) (int, string) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.addr+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// notReadyBeforeExit polls /readyz once the service was sent its stop signal until it
// answers 503, as it must while the shutdown delay lasts, and reports whether it did
// before its listener closed (a refused connection) or 20 s passed: no fixed budget
// shorter than the delay, which a loaded machine may use up.
func (s *service) notReadyBeforeExit() bool {
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		code, msg := s.get("/readyz")
		if code == http.StatusServiceUnavailable {
			return true
		}
		if code == 0 && strings.Contains(msg, "connection refused") {
			return false
		}
	}
	return false
}

// signal sends sig to the service.
func (s *service) signal(sig syscall.Signal) {
	if err := s.cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("signal %v: %v", sig, err)
	}
}

// wait waits for the service to exit and returns its exit code.
func (s *service) wait(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.done:
		return s.cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		s.t.Fatalf("still running %s after the signal\n%s", timeout, s.output)
		return -1
	}
}

func (s *service) String() string { return fmt.Sprintf("service at %s", s.addr) }
