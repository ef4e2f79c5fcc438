package audit

import (
	"strings"
	"testing"
)

// drainConfigMain returns a service whose shutdown delay and drain timeout come
// from its configuration, as gonew-prod's own services read them: a loader reads
// each from an environment variable with a default (delay and timeout are the
// expressions of config's literal), a runner's options carry them, its run method
// sleeps the delay and calls drain, which times out Shutdown's context.
func drainConfigMain(delay, timeout string) string {
	return strings.NewReplacer("DELAY", delay, "TIMEOUT", timeout).Replace(`package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func readyz(w http.ResponseWriter, r *http.Request) {
	if !ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

type loader struct{ lookup func(string) (string, bool) }

func (l loader) duration(name string, def time.Duration) time.Duration {
	v, ok := l.lookup(name)
	if !ok {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return def
	}
	return d
}

func envDuration(name string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(name))
	return d
}

type config struct {
	ShutdownDelay   time.Duration
	ShutdownTimeout time.Duration
}

func load() config {
	l := loader{lookup: os.LookupEnv}
	return config{
		ShutdownDelay:   DELAY,
		ShutdownTimeout: TIMEOUT,
	}
}

// fileConfig is filled by a decoder, which sets no field in the code.
type fileConfig struct{ ShutdownTimeout time.Duration }

func decode(src []byte) fileConfig {
	var c fileConfig
	_ = json.Unmarshal(src, &c)
	return c
}

type options struct{ Delay, Timeout time.Duration }

type runner struct {
	opts options
	srv  *http.Server
}

func (r *runner) run(ctx context.Context) {
	<-ctx.Done()
	ready.Store(false)
	if d := r.opts.Delay; d > 0 {
		time.Sleep(d)
	}
	r.drain()
}

func (r *runner) drain() {
	ctx, cancel := context.WithTimeout(context.Background(), r.opts.Timeout)
	defer cancel()
	_ = r.srv.Shutdown(ctx)
}

func main() {
	cfg := load()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", readyz)
	mux.HandleFunc("/readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ready.Store(true)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	r := &runner{opts: options{Delay: cfg.ShutdownDelay, Timeout: cfg.ShutdownTimeout}, srv: srv}
	r.run(ctx)
}
`)
}

// TestGraceConfiguredDrain audits the termination grace period of a service whose
// shutdown delay and drain timeout are no constants but read from environment
// variables with defaults: the values the manifest container's env gives them
// count, else the defaults; a grace period shorter than that is WARN, one that the
// audit cannot compare (a value it cannot read) UNKNOWN, never a silent PASS.
func TestGraceConfiguredDrain(t *testing.T) {
	const (
		fromEnv   = `l.duration("SHUTDOWN_DELAY", 0)`
		timeout30 = `l.duration("SHUTDOWN_TIMEOUT", 30*time.Second)`
		pass      = "readiness turns 503"
	)
	// deploy returns the service with a Deployment of the container name (image
	// ghcr.io/acme/<name>:1.0), its pod spec's lines podSpec and env entries env.
	deploy := func(delay, timeout, name, podSpec, env string) map[string]string {
		files := mainFiles("example.test/p", drainConfigMain(delay, timeout))
		if env != "" {
			env = "          env:\n" + env
		}
		files["deploy/deployment.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n" + podSpec + "      containers:\n        - name: " + name + "\n          image: ghcr.io/acme/" + name + ":1.0\n" + env
		return files
	}
	grace := func(s string) string { return "      terminationGracePeriodSeconds: " + s + "\n" }
	envs := func(kv ...string) string {
		var b strings.Builder
		for i := 0; i+1 < len(kv); i += 2 {
			b.WriteString("            - name: " + kv[i] + "\n" + kv[i+1])
		}
		return b.String()
	}
	value := func(v string) string { return "              value: " + v + "\n" }
	generated := envs("SHUTDOWN_DELAY", value("5s"), "SHUTDOWN_TIMEOUT", value("30s"))
	runCheckCases(t, []checkCase{
		{name: "the manifest's values against a short grace period", files: deploy(fromEnv, timeout30, "p", grace("3"), generated), check: "shutdown", want: Warn,
			message: "terminationGracePeriodSeconds: 3 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (35s): the kubelet sends SIGKILL 3s after SIGTERM, cutting the requests still in flight before Shutdown's deadline (the delay and timeout read from the configuration: SHUTDOWN_DELAY=5s (deploy/deployment.yaml:13), SHUTDOWN_TIMEOUT=30s (deploy/deployment.yaml:15))"},
		{name: "the manifest's values within the grace period", files: deploy(fromEnv, timeout30, "p", grace("60"), generated), check: "shutdown", want: Pass, message: pass},
		{name: "the manifest's value above the default", files: deploy(fromEnv, timeout30, "p", grace("40"), envs("SHUTDOWN_TIMEOUT", value("50s"))), check: "shutdown", want: Warn,
			message: "(50s): the kubelet sends SIGKILL 40s after SIGTERM, cutting the requests still in flight before Shutdown's deadline (the delay and timeout read from the configuration: SHUTDOWN_DELAY unset, its default 0s (main.go:51), SHUTDOWN_TIMEOUT=50s (deploy/deployment.yaml:13))"},
		{name: "the defaults when the manifest sets none", files: deploy(fromEnv, timeout30, "p", grace("20"), ""), check: "shutdown", want: Warn,
			message: "terminationGracePeriodSeconds: 20 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (30s)"},
		{name: "the defaults within Kubernetes' default grace period", files: deploy(fromEnv, `l.duration("SHUTDOWN_TIMEOUT", 20*time.Second)`, "p", "", ""), check: "shutdown", want: Pass, message: pass},
		{name: "a default written as a string", files: deploy(`l.duration("SHUTDOWN_DELAY", 0)`, `l.duration("SHUTDOWN_TIMEOUT", "45s")`, "p", "", ""), check: "shutdown", want: Warn,
			message: "Kubernetes' default of 30s (no terminationGracePeriodSeconds is set), is shorter than the shutdown delay and drain timeout (45s)"},
		{name: "a value from a Secret", files: deploy(fromEnv, timeout30, "p", grace("40"), envs("SHUTDOWN_TIMEOUT", "              valueFrom:\n                secretKeyRef: {name: s, key: t}\n")), check: "shutdown", want: Unknown,
			message: "whether terminationGracePeriodSeconds: 40 (deploy/deployment.yaml) leaves the shutdown delay and drain timeout their time cannot be told: SHUTDOWN_TIMEOUT=(valueFrom) (deploy/deployment.yaml:13) is no duration this audit reads"},
		{name: "a value that is no duration", files: deploy(fromEnv, timeout30, "p", grace("40"), envs("SHUTDOWN_TIMEOUT", value("'{{ .Values.drain }}'"))), check: "shutdown", want: Unknown,
			message: "is no duration this audit reads"},
		{name: "a short grace period even with a value not read", files: deploy(fromEnv, timeout30, "p", grace("3"), envs("SHUTDOWN_DELAY", value("5s"), "SHUTDOWN_TIMEOUT", "              valueFrom:\n                secretKeyRef: {name: s, key: t}\n")), check: "shutdown", want: Warn,
			message: "terminationGracePeriodSeconds: 3 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (5s)"},
		{name: "a variable with no default, unset", files: deploy(fromEnv, `envDuration("SHUTDOWN_TIMEOUT")`, "p", grace("40"), ""), check: "shutdown", want: Unknown,
			message: "SHUTDOWN_TIMEOUT, which the container does not set, is read at main.go:52 with no default this audit reads"},
		{name: "a variable with no default, set", files: deploy(fromEnv, `envDuration("SHUTDOWN_TIMEOUT")`, "p", grace("40"), envs("SHUTDOWN_TIMEOUT", value("45s"))), check: "shutdown", want: Warn,
			message: "is shorter than the shutdown delay and drain timeout (45s)"},
		{name: "a value not followed", files: deploy(fromEnv, `time.Duration(len(os.Args)) * time.Minute`, "p", grace("40"), ""), check: "shutdown", want: Unknown,
			message: "cannot be told: time.Duration(len(os.Args)) * time.Minute (main.go:52) is a value this audit does not follow"},
		{name: "a field set only from a decoder's field of that name", files: deploy(fromEnv, `decode(nil).ShutdownTimeout`, "p", grace("40"), ""), check: "shutdown", want: Unknown,
			message: "cannot be told: cfg.ShutdownTimeout (main.go:101) is a value this audit does not follow"},
		{name: "a short pod no name ties to the program", files: deploy(fromEnv, timeout30, "other", grace("3"), generated), check: "shutdown", want: Unknown,
			message: "but the container other (image ghcr.io/acme/other:1.0), which no name ties to this program or to another main package, may run it; its terminationGracePeriodSeconds: 3 (deploy/deployment.yaml) is shorter than the shutdown delay and drain timeout (35s)"},
		{name: "no manifest", files: mainFiles("example.test/p", drainConfigMain(fromEnv, `envDuration("SHUTDOWN_TIMEOUT")`)), check: "shutdown", want: Pass, message: pass},
	})
}
