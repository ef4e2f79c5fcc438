package audit

import (
	"strings"
	"testing"
)

// lifecycleMain is a net/http service whose shutdown, timeouts and health checks
// PASS: SIGTERM caught and received, readiness turned 503, a delay, then Shutdown
// with a deadline; /healthz and /readyz on the mux the server serves.
const lifecycleMain = `package main

import (
	"context"
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

const drainSeconds = 30

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(200)
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ready.Store(true)
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
	ready.Store(false)
	time.Sleep(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)
}

// keep the imports used whatever a case drops
var _ = os.Getpid
`

// probeFiles returns the service of lifecycleMain with each old line (or text)
// of edits replaced by the one after it, and the extra files given after "=" (path=content).
func probeFiles(t *testing.T, edits []string, extra ...string) map[string]string {
	t.Helper()
	src := lifecycleMain
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(src, edits[i]) {
			t.Fatalf("probe fixture: %q not found", edits[i])
		}
		src = strings.Replace(src, edits[i], edits[i+1], 1)
	}
	files := mainFiles("example.test/svc", src)
	for _, e := range extra {
		path, content, _ := strings.Cut(e, "=")
		files[path] = content
	}
	return files
}

// termSignal is a helper in the main package that makes the SIGTERM channel; stop is
// the line after its Notify.
func termSignal(stop string) string {
	return `sig.go=package main

import (
	"os"
	"os/signal"
	"syscall"
)

func termSignal() <-chan os.Signal {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	` + stop + `
	return c
}
`
}

// flushOnExit is a package of the program that catches SIGTERM itself and runs
// then (a flush, an exit) when it comes.
func flushOnExit(then, flush string) string {
	return `internal/metrics/flush.go=package metrics

import (
	"os"
	"os/signal"
	"syscall"
)

// FlushOnExit flushes buffered metrics when the process is asked to stop.
func FlushOnExit() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM, os.Interrupt)
	go func() {
		<-c
		` + then + `
	}()
}

func flush() { ` + flush + ` }
`
}

// TestLifecycleVerdicts audits services whose shutdown, read timeout or probes look
// right at a glance but are not: the relay of SIGTERM stopped before the wait, a
// second SIGTERM handler that exits, a drain deadline of nanoseconds, Close before
// Shutdown, a read timeout reset to zero, probes on a mux no server serves; each
// next to the right form of the same shape.
func TestLifecycleVerdicts(t *testing.T) {
	const (
		makeSig   = "\tsig := make(chan os.Signal, 1)\n\tsignal.Notify(sig, syscall.SIGTERM)\n"
		useHelper = "\tsig := termSignal()\n"
		flushCall = "\tready.Store(true)\n"
		withFlush = "\tmetrics.FlushOnExit()\n\tready.Store(true)\n"
		importLog = "\t\"log\"\n"
		importMet = "\t\"log\"\n\n\t\"example.test/svc/internal/metrics\"\n"
		drain     = "context.WithTimeout(context.Background(), 10*time.Second)"
		shutdown  = "\t_ = srv.Shutdown(ctx)\n"
		srvLine   = "\tready.Store(true)\n"
		probesOn  = "\tmux.HandleFunc(\"/healthz\""
	)
	runCheckCases(t, []checkCase{
		// 1: signal.Stop before the wait.
		{
			name:    "shutdown: the helper that returns the channel defers signal.Stop",
			files:   probeFiles(t, []string{makeSig, useHelper}, termSignal("defer signal.Stop(c)")),
			check:   "shutdown",
			want:    Fail,
			message: "is deferred in the function that returns the channel c",
		},
		{
			name:    "shutdown: the helper stops the relay right after the Notify",
			files:   probeFiles(t, []string{makeSig, useHelper}, termSignal("signal.Stop(c)")),
			check:   "shutdown",
			want:    Fail,
			message: "runs right after the Notify of c",
		},
		{
			name:    "shutdown: main stops the relay before it receives",
			files:   probeFiles(t, []string{makeSig, useHelper + "\tsignal.Stop(sig)\n"}, termSignal("")),
			check:   "shutdown",
			want:    Fail,
			message: "runs before the receive from sig",
		},
		{
			name:    "shutdown: main defers signal.Stop and waits",
			files:   probeFiles(t, []string{makeSig, makeSig + "\tdefer signal.Stop(sig)\n"}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: main stops the relay once the signal is received",
			files:   probeFiles(t, []string{"\t<-sig\n", "\t<-sig\n\tsignal.Stop(sig)\n"}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the helper returns the channel and keeps the relay",
			files:   probeFiles(t, []string{makeSig, useHelper}, termSignal("")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		// 2: a second handler that exits.
		{
			name:    "shutdown: a package's SIGTERM handler flushes and exits",
			files:   probeFiles(t, []string{flushCall, withFlush, importLog, importMet}, flushOnExit("flush()\n\t\tos.Exit(0)", "")),
			check:   "shutdown",
			want:    Fail,
			message: "exits the process at once (os.Exit before any Shutdown)",
		},
		{
			name:    "shutdown: a package's SIGTERM handler flushes and does not exit",
			files:   probeFiles(t, []string{flushCall, withFlush, importLog, importMet}, flushOnExit("flush()", "")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the handler calls a function that may wait before it exits",
			files:   probeFiles(t, []string{flushCall, withFlush, importLog, importMet}, flushOnExit("flush()\n\t\tos.Exit(0)", "<-make(chan int)")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		// 3: a drain timeout of nanoseconds.
		{
			name:    "shutdown: an untyped drain timeout counts nanoseconds",
			files:   probeFiles(t, []string{drain, "context.WithTimeout(context.Background(), 10)"}),
			check:   "shutdown",
			want:    Fail,
			message: "drain timeout is a constant of 10ns",
		},
		{
			name:    "shutdown: time.Duration of a count of seconds without the unit",
			files:   probeFiles(t, []string{drain, "context.WithTimeout(context.Background(), time.Duration(drainSeconds))"}),
			check:   "shutdown",
			want:    Fail,
			message: "drain timeout is a constant of 30ns",
		},
		{
			name:    "shutdown: a drain timeout of milliseconds",
			files:   probeFiles(t, []string{drain, "context.WithTimeout(context.Background(), 300*time.Millisecond)"}),
			check:   "shutdown",
			want:    Warn,
			message: "drain timeout is a constant of 300ms",
		},
		{
			name:    "shutdown: a count of seconds with its unit",
			files:   probeFiles(t, []string{drain, "context.WithTimeout(context.Background(), time.Duration(drainSeconds)*time.Second)"}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		// 3b: a deadline of time.Now().Add(d) is a timeout of d.
		{
			name:    "shutdown: a deadline nanoseconds from now",
			files:   probeFiles(t, []string{drain, "context.WithDeadline(context.Background(), time.Now().Add(10))"}),
			check:   "shutdown",
			want:    Fail,
			message: "drain timeout is a constant of 10ns",
		},
		{
			name:    "shutdown: a deadline milliseconds from now",
			files:   probeFiles(t, []string{drain, "context.WithDeadline(context.Background(), time.Now().Add(300*time.Millisecond))"}),
			check:   "shutdown",
			want:    Warn,
			message: "drain timeout is a constant of 300ms",
		},
		{
			name:    "shutdown: a deadline that is over already",
			files:   probeFiles(t, []string{drain, "context.WithDeadline(context.Background(), time.Now().Add(0))"}),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called",
		},
		{
			name:    "shutdown: a deadline a minute from now against the default grace period",
			files:   probeFiles(t, []string{drain, "context.WithDeadline(context.Background(), time.Now().Add(time.Minute))"}, "deploy.yaml=apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n        - name: svc\n          image: ghcr.io/acme/svc:1\n"),
			check:   "shutdown",
			want:    Warn,
			message: "Kubernetes' default of 30s (no terminationGracePeriodSeconds is set), is shorter than the shutdown delay and drain timeout (1m5s)",
		},
		{
			name:    "shutdown: a deadline seconds from now",
			files:   probeFiles(t, []string{drain, "context.WithDeadline(context.Background(), time.Now().Add(10*time.Second))"}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		// 4: Close before Shutdown.
		{
			name:    "shutdown: Close runs before Shutdown",
			files:   probeFiles(t, []string{shutdown, "\t_ = srv.Close()\n" + shutdown}),
			check:   "shutdown",
			want:    Fail,
			message: "Close is called on the server before Shutdown",
		},
		{
			name:    "shutdown: Close only when Shutdown fails",
			files:   probeFiles(t, []string{shutdown, "\tif err := srv.Shutdown(ctx); err != nil {\n\t\t_ = srv.Close()\n\t}\n"}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		// 5: a read timeout reset after the literal.
		{
			name:    "timeouts: ReadHeaderTimeout reset to zero after the literal",
			files:   probeFiles(t, []string{srvLine, "\tsrv.ReadHeaderTimeout = 0\n" + srvLine}),
			check:   "timeouts",
			want:    Fail,
			message: "whose ReadHeaderTimeout or ReadTimeout is zero or negative",
		},
		{
			name:    "timeouts: ReadHeaderTimeout reset to zero, ReadTimeout set",
			files:   probeFiles(t, []string{srvLine, "\tsrv.ReadHeaderTimeout = 0\n\tsrv.ReadTimeout = 10 * time.Second\n" + srvLine}),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: ReadHeaderTimeout raised after the literal",
			files:   probeFiles(t, []string{srvLine, "\tsrv.ReadHeaderTimeout = 10 * time.Second\n" + srvLine}),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		// 6: probes on a mux no server serves.
		{
			name:    "health: the probes are on a mux no server serves",
			files:   probeFiles(t, []string{probesOn, "\tprobes := http.NewServeMux()\n\tprobes.HandleFunc(\"/healthz\"", "\tmux.HandleFunc(\"/readyz\"", "\tprobes.HandleFunc(\"/readyz\""}),
			check:   "health",
			want:    Warn,
			message: "registered on the ServeMux probes, which no server serves",
		},
		{
			name:    "shutdown: the readiness route is on a mux no server serves",
			files:   probeFiles(t, []string{probesOn, "\tprobes := http.NewServeMux()\n\tprobes.HandleFunc(\"/healthz\"", "\tmux.HandleFunc(\"/readyz\"", "\tprobes.HandleFunc(\"/readyz\""}),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "health: the probes' mux is mounted on the served one",
			files:   probeFiles(t, []string{probesOn, "\tprobes := http.NewServeMux()\n\tmux.Handle(\"/\", probes)\n\tprobes.HandleFunc(\"/healthz\"", "\tmux.HandleFunc(\"/readyz\"", "\tprobes.HandleFunc(\"/readyz\""}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: a route of the served mux hands its requests to the probes' mux",
			files:   probeFiles(t, []string{probesOn, "\tprobes := http.NewServeMux()\n\tmux.HandleFunc(\"/health/\", func(w http.ResponseWriter, r *http.Request) { probes.ServeHTTP(w, r) })\n\tprobes.HandleFunc(\"/healthz\"", "\tmux.HandleFunc(\"/readyz\"", "\tprobes.HandleFunc(\"/readyz\""}),
			check:   "health",
			want:    Pass,
			message: "/healthz, /readyz",
		},
		{
			name:    "health: the probes' mux is held as a handler that a second server serves",
			files:   probeFiles(t, []string{probesOn, "\tprobes := http.NewServeMux()\n\tvar h http.Handler = probes\n\tgo http.ListenAndServe(\":9090\", h)\n\tprobes.HandleFunc(\"/healthz\"", "\tmux.HandleFunc(\"/readyz\"", "\tprobes.HandleFunc(\"/readyz\""}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: the probes' mux is served by a second server",
			files:   probeFiles(t, []string{probesOn, "\tprobes := http.NewServeMux()\n\tgo http.ListenAndServe(\":9090\", probes)\n\tprobes.HandleFunc(\"/healthz\"", "\tmux.HandleFunc(\"/readyz\"", "\tprobes.HandleFunc(\"/readyz\""}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
	})
}
