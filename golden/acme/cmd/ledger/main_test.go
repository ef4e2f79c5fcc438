package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.uber.org/goleak"

	"gitlab.acme.example/payments/ledger/internal/buildinfo"
	"gitlab.acme.example/payments/ledger/internal/config"
	"gitlab.acme.example/payments/ledger/internal/platform/lifecycle"
	"gitlab.acme.example/payments/ledger/internal/platform/logging"
	"gitlab.acme.example/payments/ledger/internal/platform/telemetry"
)

// TestMain fails the package's tests when a goroutine outlives them, such as a
// reader of the binary's logs or a client connection left open.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

func TestRunUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"version flag", []string{"--version"}, nil, 0, "ledger version dev, commit unknown", ""},
		{"help", []string{"-h"}, nil, 0, "", "-version"},
		{"unknown flag", []string{"--verbose"}, nil, 2, "", "flag provided but not defined"},
		{"unknown command", []string{"migrate"}, nil, 2, "", `unknown command "migrate"`},
		// A bad argument of healthcheck is named, not the command.
		{"unknown healthcheck argument", []string{"healthcheck", "readyz"}, nil, 2, "", `healthcheck: unknown argument "readyz" (want: ready)`},
		{"extra healthcheck argument", []string{"healthcheck", "ready", "now"}, nil, 2, "", `healthcheck ready: unexpected argument "now"`},
		{"usage line", []string{"healthcheck", "now"}, nil, 2, "", "usage: ledger [--version] [healthcheck [ready]]"},
		// Arguments are checked before the environment: a usage error exits 2
		// whatever the configuration.
		{"usage error with an invalid config", []string{"healthcheck", "readyz"}, map[string]string{"LOG_LEVEL": "loud"}, 2, "", `unknown argument "readyz"`},
		{"invalid config", nil, map[string]string{"LOG_LEVEL": "loud"}, 1, "", `LOG_LEVEL="loud"`},
		{"invalid downstream url", nil, map[string]string{"DOWNSTREAM_URL": "localhost:8081"}, 1, "", `DOWNSTREAM_URL="localhost:8081"`},
		{"otlp over grpc", nil, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, 1, "", `OTEL_EXPORTER_OTLP_PROTOCOL="grpc"`},
		{"missing outbound ca file", nil, map[string]string{"HTTP_ADDR": freeAddr(t), "DOWNSTREAM_URL": "https://127.0.0.1:1", "OUTBOUND_TLS_CA_FILES": "/nonexistent/ca.crt"}, 1, `"msg":"setup failed","error":"downstream client: outbound tls: `, ""},
		// The scheme is case-insensitive: HTTPS:// must set up TLS too.
		{"missing outbound ca file, upper-case scheme", nil, map[string]string{"HTTP_ADDR": freeAddr(t), "DOWNSTREAM_URL": "HTTPS://127.0.0.1:1", "OUTBOUND_TLS_CA_FILES": "/nonexistent/ca.crt"}, 1, `"msg":"setup failed","error":"downstream client: outbound tls: `, ""},
		{"outbound tls with http downstream", nil, map[string]string{"DOWNSTREAM_URL": "http://127.0.0.1:1", "OUTBOUND_TLS_CA_FILES": "ca.crt"}, 1, "", "only an https DOWNSTREAM_URL uses them"},
		{"missing pprof archive dir", nil, map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef", "PPROF_ARCHIVE_DIR": "/nonexistent/profiles"}, 1, "", `PPROF_ARCHIVE_DIR="/nonexistent/profiles": no such directory`},
		{"missing server certificate", nil, map[string]string{"HTTP_ADDR": freeAddr(t), "TLS_CERT_FILE": "/nonexistent/tls.crt", "TLS_KEY_FILE": "/nonexistent/tls.key"}, 1, `"msg":"setup failed","error":"tls (TLS_CERT_FILE, TLS_KEY_FILE, TLS_CLIENT_CA_FILES): read tls cert: `, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, env(tt.env), &stdout, &stderr)
			if code != tt.wantCode {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.wantCode, &stderr)
			}
			if !strings.Contains(stdout.String(), tt.wantStdout) {
				t.Errorf("stdout = %q, want it to contain %q", &stdout, tt.wantStdout)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", &stderr, tt.wantStderr)
			}
		})
	}
}

func TestHealthcheck(t *testing.T) {
	serve := func(code int) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(code)
		}))
		t.Cleanup(srv.Close)
		return srv.Listener.Addr().String()
	}
	hangUp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Hangs up without an answer. The server stays open until the test
		// ends, so no other server can take its port as one can take a port
		// that was just freed.
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(hangUp.Close)

	tests := []struct {
		name string
		addr string
		env  map[string]string
		want int
	}{
		{"healthy", serve(http.StatusOK), nil, 0},
		{"unhealthy", serve(http.StatusInternalServerError), nil, 1},
		{"no answer", hangUp.Listener.Addr().String(), nil, 1},
		// The probe does not try the archive directory (the serving process
		// did): it would create a file in it every few seconds.
		{"archive dir left to the service", serve(http.StatusOK), map[string]string{"PPROF_ENABLED": "true", "PPROF_TOKEN": "0123456789abcdef", "PPROF_ARCHIVE_DIR": "/nonexistent/profiles"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := map[string]string{"HTTP_ADDR": tt.addr}
			for k, v := range tt.env {
				vars[k] = v
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"healthcheck"}, env(vars), &stdout, &stderr); code != tt.want {
				t.Errorf("exit code = %d, want %d (stderr %q)", code, tt.want, &stderr)
			}
		})
	}
}

// TestHealthcheckNoProxy: the health check asks the local instance directly,
// not through the proxy of the environment (HTTP_PROXY), which answers for
// any host here: through it, a check of an address where nothing answers
// would pass. The check runs in a child process (this test binary), since
// net/http reads the proxy variables once a process.
func TestHealthcheckNoProxy(t *testing.T) {
	const childAddr = "PROBE_CHILD_HTTP_ADDR"
	if addr := os.Getenv(childAddr); addr != "" {
		os.Exit(run([]string{"healthcheck"}, env(map[string]string{"HTTP_ADDR": addr}), os.Stdout, os.Stderr))
	}
	proxied := make(chan string, 1)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case proxied <- r.URL.String():
		default:
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer proxy.Close()

	// A name that is neither localhost nor a loopback address, which the
	// proxy would be asked for; it resolves nowhere (RFC 2606).
	child := exec.Command(os.Args[0], "-test.run=^TestHealthcheckNoProxy$")
	child.Env = append(os.Environ(), childAddr+"=probe.invalid:8080",
		"HTTP_PROXY="+proxy.URL, "http_proxy="+proxy.URL, "NO_PROXY=", "no_proxy=")
	out, err := child.CombinedOutput()
	select {
	case u := <-proxied:
		t.Errorf("the health check went through HTTP_PROXY (GET %s)\n%s", u, out)
	default:
	}
	if err == nil {
		t.Errorf("the health check of probe.invalid passed:\n%s", out)
	}
}

// TestBinary builds the service with version ldflags as the Makefile does,
// checks the metadata on --version and GET /version, that SIGTERM drains it
// as main wires the shutdown (see checkDrain) and ends it with exit code 0.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("sends SIGTERM")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go command not found")
	}

	const pkg = "gitlab.acme.example/payments/ledger/internal/buildinfo"
	bin := filepath.Join(t.TempDir(), "ledger")
	build := exec.Command(goTool, "build", "-trimpath", "-o", bin, "-ldflags",
		"-X "+pkg+".Version=v9.8.7 -X "+pkg+".Commit=cafe123 -X "+pkg+".BuildTime=2025-06-01T12:00:00Z", ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("--version: %v", err)
	}
	if want := "ledger version v9.8.7, commit cafe123, built 2025-06-01T12:00:00Z"; !strings.HasPrefix(string(out), want) {
		t.Errorf("--version = %q, want prefix %q", out, want)
	}

	// Long enough for the test to see the drain on a loaded machine
	// (make test runs the packages side by side, under -race).
	const delay = 2 * time.Second
	cmd := exec.Command(bin)
	// Access-log lines are held until the next record: shutdown's first.
	cmd.Env = append(os.Environ(), "HTTP_ADDR="+freeAddr(t), "SHUTDOWN_DELAY="+delay.String(), "SHUTDOWN_TIMEOUT=5s", "LOG_FLUSH_INTERVAL=1h")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	logs := bufio.NewScanner(stdout)
	addr := listenAddr(t, logs)

	defer http.DefaultClient.CloseIdleConnections()
	resp, err := http.Get("http://" + addr + "/version")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	err = json.NewDecoder(resp.Body).Decode(&got)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"version": "v9.8.7", "commit": "cafe123", "build_time": "2025-06-01T12:00:00Z", "go_version": runtime.Version()}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("/version %s = %q, want %q", k, got[k], v)
		}
	}

	check := exec.Command(bin, "healthcheck")
	check.Env = append(os.Environ(), "HTTP_ADDR="+addr)
	if out, err := check.CombinedOutput(); err != nil {
		t.Errorf("healthcheck against the running binary: %v\n%s", err, out)
	}

	// The logs are read while the service shuts down: a full pipe would stall it.
	logsDone := make(chan string, 1)
	go func() {
		var rest strings.Builder
		for logs.Scan() {
			rest.WriteString(logs.Text() + "\n")
		}
		logsDone <- rest.String()
	}()
	signalled := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	checkDrain(t, addr, signalled, delay)
	var rest string
	select {
	case rest = <-logsDone:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the binary did not exit within 30 s of SIGTERM; logs:\n%s", <-logsDone)
	}
	if err := cmd.Wait(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("exit code after SIGTERM = %d, want 0; logs:\n%s", exit.ExitCode(), rest)
		}
		t.Fatal(err)
	}
	if !strings.Contains(rest, `"msg":"shutdown complete"`) {
		t.Errorf("no shutdown complete log line:\n%s", rest)
	}
	access := strings.Index(rest, `"msg":"request","method":"GET","route":"/version"`)
	if started := strings.Index(rest, `"msg":"shutdown started"`); access < 0 || access > started {
		t.Errorf("the access line of GET /version is not written before shutdown starts:\n%s", rest)
	}
}

// checkDrain follows the shutdown of the service at addr, sent SIGTERM at
// signalled with SHUTDOWN_DELAY=delay, as a load balancer sees it: /readyz
// answers 503 while the listener still serves (/healthz answers 200), then
// the listener closes, no sooner than delay after the signal. It waits for
// each step, up to 30 s, and asserts no fixed time but that lower bound,
// which a loaded machine only makes easier to meet. Every request is on a
// new connection: a refused one means the listener has closed.
func checkDrain(t *testing.T, addr string, signalled time.Time, delay time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	get := func(path string) (int, error) {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			return 0, err
		}
		_ = resp.Body.Close()
		return resp.StatusCode, nil
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, err := get("/readyz")
		if code == http.StatusServiceUnavailable {
			break
		}
		if errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("the listener closed %v after SIGTERM and /readyz never answered 503; want 503 for SHUTDOWN_DELAY=%v first", time.Since(signalled), delay)
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("/readyz did not answer 503 within 30 s of SIGTERM (last: %d, %v)", code, err)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, err := get("/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz while /readyz answers 503 = %d (%v), want 200: the listener serves until the drain", code, err)
	}
	for {
		code, err := get("/readyz")
		if errors.Is(err, syscall.ECONNREFUSED) {
			break
		}
		if err == nil && code != http.StatusServiceUnavailable {
			t.Errorf("GET /readyz after it answered 503 = %d, want 503 until the listener closes", code)
		}
		if time.Now().After(deadline) {
			t.Errorf("the listener did not close within 30 s of SIGTERM (last: %d, %v)", code, err)
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	if served := time.Since(signalled); served < delay {
		t.Errorf("the listener closed %v after SIGTERM, want no sooner than SHUTDOWN_DELAY=%v", served, delay)
	}
}

// TestShutdownFlushesTelemetry checks that the shutdown of what setUp built
// flushes the OpenTelemetry providers: a metric recorded before it reaches the
// OTLP endpoint by the time the runner returns, long before the next periodic
// export.
func TestShutdownFlushesTelemetry(t *testing.T) {
	var (
		mu      sync.Mutex
		metrics [][]byte
	)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		metrics = append(metrics, body)
	}))
	t.Cleanup(collector.Close)
	// The exporter reads its endpoint from the environment, and the rest of its
	// settings too: a developer's compression, timeout, headers or certificates
	// (set empty, which it takes for unset) would change what the stub receives.
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", collector.URL+"/v1/metrics")
	for _, setting := range []string{"COMPRESSION", "TIMEOUT", "HEADERS", "CERTIFICATE", "CLIENT_CERTIFICATE", "CLIENT_KEY"} {
		t.Setenv("OTEL_EXPORTER_OTLP_"+setting, "")
		t.Setenv("OTEL_EXPORTER_OTLP_METRICS_"+setting, "")
	}
	cfg, err := config.Load(env(map[string]string{
		"HTTP_ADDR":             freeAddr(t),
		"OTEL_TRACES_EXPORTER":  "none",
		"OTEL_METRICS_EXPORTER": "otlp",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer // written under the Output's lock
	a := testApp(cfg, &logs)
	ctx, cancel := context.WithCancel(t.Context())
	if err := a.setUp(ctx, buildinfo.Get()); err != nil {
		cancel()
		t.Fatalf("setUp: %v", err)
	}
	const name = "test.before_shutdown"
	counter, err := otel.Meter("test").Int64Counter(name)
	if err != nil {
		t.Fatal(err)
	}
	counter.Add(t.Context(), 1)
	// The runner shuts down at once.
	cancel()
	if err := a.runner.Run(ctx); err != nil {
		t.Errorf("run: %v", err)
	}

	mu.Lock()
	defer mu.Unlock()
	if !bytes.Contains(bytes.Join(metrics, nil), []byte(name)) {
		t.Errorf("the OTLP endpoint received no export of %s by the end of the shutdown (%d exports); logs:\n%s", name, len(metrics), &logs)
	}
}

// TestTelemetryStoppedOnFailedStart: when setUp fails after it started telemetry
// (here the server certificate is missing), it stops telemetry: the metrics
// reader's last export, which only its shutdown sends (the interval being an
// hour), reaches the collector. So it does when a signal cancelled the start's
// context: the flush has its own.
func TestTelemetryStoppedOnFailedStart(t *testing.T) {
	for _, tt := range []struct {
		name      string
		cancelled bool
	}{
		{"start context live", false},
		{"start context cancelled by a signal", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			exports := make(chan struct{}, 1)
			collector := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				select {
				case exports <- struct{}{}:
				default:
				}
			}))
			defer collector.Close()
			t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", collector.URL+"/v1/metrics")
			t.Setenv("OTEL_METRIC_EXPORT_INTERVAL", "3600000")
			for _, setting := range []string{"COMPRESSION", "TIMEOUT", "HEADERS", "CERTIFICATE", "CLIENT_CERTIFICATE", "CLIENT_KEY"} {
				t.Setenv("OTEL_EXPORTER_OTLP_"+setting, "")
				t.Setenv("OTEL_EXPORTER_OTLP_METRICS_"+setting, "")
			}
			dir := t.TempDir()
			cfg, err := config.Load(env(map[string]string{
				"HTTP_ADDR":             freeAddr(t),
				"TLS_CERT_FILE":         filepath.Join(dir, "missing.crt"),
				"TLS_KEY_FILE":          filepath.Join(dir, "missing.key"),
				"OTEL_TRACES_EXPORTER":  "none",
				"OTEL_METRICS_EXPORTER": "otlp",
			}))
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			a := testApp(cfg, &logs)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			if tt.cancelled {
				cancel()
			}
			err = a.setUp(ctx, buildinfo.Get())
			if err == nil || !strings.Contains(err.Error(), "missing.crt") || strings.Contains(err.Error(), "flush") {
				t.Fatalf("setUp() = %v, want the error of the missing certificate alone", err)
			}
			select {
			case <-exports:
			default:
				t.Errorf("setUp returned with telemetry still running: no export of its shutdown reached the collector; logs:\n%s", &logs)
			}
		})
	}
}

// TestTelemetryStoppedOnFailedListen: when the runner cannot listen (here
// HTTP_ADDR is in use), it stops the telemetry setUp started, as a failed
// setUp does: the tracer provider and the meter provider are flushed, so a
// span and a metric recorded before the start reach the collector, which
// only their shutdown sends them to (the span batch delay and the metric
// interval being an hour).
func TestTelemetryStoppedOnFailedListen(t *testing.T) {
	var (
		mu      sync.Mutex
		exports = map[string][]byte{} // the bodies received, by path
	)
	collector := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		exports[r.URL.Path] = append(exports[r.URL.Path], body...)
	}))
	defer collector.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.URL+"/v1/traces")
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", collector.URL+"/v1/metrics")
	t.Setenv("OTEL_BSP_SCHEDULE_DELAY", "3600000")
	t.Setenv("OTEL_METRIC_EXPORT_INTERVAL", "3600000")
	// The span is recorded whatever sampler the shell running the tests
	// names.
	t.Setenv("OTEL_TRACES_SAMPLER", "always_on")
	t.Setenv("OTEL_TRACES_SAMPLER_ARG", "")
	for _, setting := range []string{"COMPRESSION", "TIMEOUT", "HEADERS", "CERTIFICATE", "CLIENT_CERTIFICATE", "CLIENT_KEY"} {
		t.Setenv("OTEL_EXPORTER_OTLP_"+setting, "")
		t.Setenv("OTEL_EXPORTER_OTLP_TRACES_"+setting, "")
		t.Setenv("OTEL_EXPORTER_OTLP_METRICS_"+setting, "")
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = busy.Close() }()
	cfg, err := config.Load(env(map[string]string{
		"HTTP_ADDR":             busy.Addr().String(),
		"OTEL_TRACES_EXPORTER":  "otlp",
		"OTEL_METRICS_EXPORTER": "otlp",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	a := testApp(cfg, &logs)
	if err := a.setUp(t.Context(), buildinfo.Get()); err != nil {
		t.Fatalf("setUp: %v", err)
	}
	const spanName, metricName = "test.span_before_failed_start", "test.metric_before_failed_start"
	_, span := otel.Tracer("test").Start(t.Context(), spanName)
	span.End()
	counter, err := otel.Meter("test").Int64Counter(metricName)
	if err != nil {
		t.Fatal(err)
	}
	counter.Add(t.Context(), 1)
	if err := a.runner.Run(t.Context()); err == nil || !strings.Contains(err.Error(), "listen http") {
		t.Fatalf("Run() = %v, want the error of the address in use", err)
	}

	mu.Lock()
	defer mu.Unlock()
	for path, name := range map[string]string{"/v1/traces": spanName, "/v1/metrics": metricName} {
		if !bytes.Contains(exports[path], []byte(name)) {
			t.Errorf("Run returned with telemetry not flushed: %s received no export of %s (%d bytes); logs:\n%s", path, name, len(exports[path]), &logs)
		}
	}
}

// TestShutdownTellsWrongTokensHeldBack: the requests to pprof with a wrong
// token that were held back for the warning at the end of their minute are
// told by the shutdown, which comes first here.
func TestShutdownTellsWrongTokensHeldBack(t *testing.T) {
	admin := freeAddr(t)
	cfg, err := config.Load(env(map[string]string{
		"HTTP_ADDR":             freeAddr(t),
		"ADMIN_ADDR":            admin,
		"PPROF_ENABLED":         "true",
		"PPROF_TOKEN":           "0123456789abcdef",
		"OTEL_TRACES_EXPORTER":  "none",
		"OTEL_METRICS_EXPORTER": "none",
	}))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer // read once the runner returned
	a := testApp(cfg, &logs)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := a.setUp(ctx, buildinfo.Get()); err != nil {
		t.Fatalf("setUp: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- a.runner.Run(ctx) }()

	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	// wrong sends a request with a wrong token and reports whether it was
	// answered (401): the admin listener may not be open yet.
	wrong := func() bool {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://"+admin+"/debug/pprof/", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer wrong-token-0123456789")
		resp, err := client.Do(req)
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong token: status %d, want 401", resp.StatusCode)
		}
		return true
	}
	for deadline := time.Now().Add(10 * time.Second); !wrong(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			cancel()
			<-done
			t.Fatalf("the admin listener did not answer; logs:\n%s", &logs)
		}
	}
	for range 5 {
		if !wrong() {
			t.Error("the admin listener stopped answering")
			break
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v, want a clean shutdown", err)
	}
	if got := logs.String(); !strings.Contains(got, `"msg":"pprof requests with a wrong token not logged","suppressed":5`) {
		t.Errorf("the shutdown did not tell the 5 wrong tokens held back; logs:\n%s", got)
	}
}

// testApp is the app serve builds for cfg, what the tests call setUp on: its logs
// go to w, and its runner shuts down at once, with no shutdown delay, giving a
// connection a test leaves open (one the client has just closed, which the
// server may not have seen yet) a few seconds to end, as serve does.
func testApp(cfg config.Config, w io.Writer) *app {
	out := logging.NewOutput(w, 0)
	logger := logging.New(out, slog.LevelInfo)
	return &app{
		cfg:    cfg,
		logger: logger,
		access: logging.NewAccessLog(out, slog.LevelInfo, telemetry.TraceIDs),
		runner: lifecycle.New(lifecycle.Options{Logger: logger, ShutdownTimeout: 5 * time.Second}),
	}
}

// TestMakefileVersion: in a repository that holds other modules (a
// monorepo), the Makefile takes VERSION from this module's own release tags,
// <dir>/vX.Y.Z as the go command names them, without the prefix; not from
// the tags of other modules, and -dirty only for changes in its directory.
func TestMakefileVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("runs git and make")
	}
	gitTool, err1 := exec.LookPath("git")
	makeTool, err2 := exec.LookPath("make")
	if err1 != nil || err2 != nil {
		t.Skip("git or make not found")
	}
	makefile, err := os.ReadFile(filepath.Join("..", "..", "Makefile"))
	if errors.Is(err, os.ErrNotExist) {
		t.Skip("the project has no Makefile")
	}
	if err != nil {
		t.Fatal(err)
	}
	// A directory name may hold what the shell and make quote: a tag can too.
	for _, parent := range []string{"services", "it's-100%"} {
		t.Run(parent, func(t *testing.T) {
			repo := t.TempDir()
			dir := filepath.Join(repo, parent, "ledger")
			other := filepath.Join(repo, "billing")
			for _, d := range []string{dir, other} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			write := func(name, text string) {
				t.Helper()
				if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			write(filepath.Join(dir, "Makefile"), string(makefile))
			write(filepath.Join(other, "main.go"), "package main\n")
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command(gitTool, append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false"}, args...)...)
				cmd.Dir = repo
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			version := func() string {
				t.Helper()
				cmd := exec.Command(makeTool, "-n", "build")
				cmd.Dir = dir
				out, err := cmd.CombinedOutput()
				if err != nil {
					t.Fatalf("make -n build: %v\n%s", err, out)
				}
				_, v, _ := strings.Cut(string(out), "/internal/buildinfo.Version=")
				v, _, _ = strings.Cut(v, " ")
				return v
			}

			git("init", "-q")
			git("add", "-A")
			git("commit", "-q", "-m", "first")
			if v := version(); v == "" || strings.Contains(v, "/") || strings.HasPrefix(v, "v") {
				t.Errorf("VERSION without a tag of the module = %q, want the commit", v)
			}
			git("tag", parent+"/ledger/v1.2.0")
			if v := version(); v != "v1.2.0" {
				t.Errorf("VERSION on the module's tag = %q, want v1.2.0", v)
			}
			write(filepath.Join(other, "main.go"), "package main\n\nfunc main() {}\n")
			git("commit", "-q", "-a", "-m", "billing")
			git("tag", "billing/v3.0.0")
			git("tag", "v4.0.0") // a module at the root
			write(filepath.Join(other, "main.go"), "package main // uncommitted\n")
			if v := version(); !strings.HasPrefix(v, "v1.2.0-1-g") || strings.HasSuffix(v, "-dirty") {
				t.Errorf("VERSION after another module's release, with its changes uncommitted = %q, want v1.2.0-1-g<commit>", v)
			}
			write(filepath.Join(dir, "Makefile"), string(makefile)+"\n")
			if v := version(); !strings.HasPrefix(v, "v1.2.0-1-g") || !strings.HasSuffix(v, "-dirty") {
				t.Errorf("VERSION with a change in the module = %q, want v1.2.0-1-g<commit>-dirty", v)
			}
			cmd := exec.Command(makeTool, "-n", "docker", "VERSION=services/ledger/v1.2.0+build.1")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("make -n docker: %v\n%s", err, out)
			}
			if want := `-t "ledger:services-ledger-v1.2.0-build.1"`; !strings.Contains(string(out), want) {
				t.Errorf("make -n docker with a VERSION holding / and +: want the image tag %s:\n%s", want, out)
			}
		})
	}
}

// freeAddr returns a loopback address with a port that was free a moment
// ago (HTTP_ADDR refuses port 0).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String()
}

// listenAddr reads JSON log lines until the HTTP server reports its address.
func listenAddr(t *testing.T, logs *bufio.Scanner) string {
	t.Helper()
	found := make(chan string, 1)
	go func() {
		for logs.Scan() {
			var rec struct{ Msg, Server, Addr string }
			if json.Unmarshal(logs.Bytes(), &rec) == nil && rec.Msg == "server listening" && rec.Server == "http" {
				found <- rec.Addr
				return
			}
		}
		close(found)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			t.Fatal("binary exited before listening")
		}
		return addr
	case <-time.After(30 * time.Second):
		t.Fatal("binary did not report its listen address")
	}
	return ""
}
