package audit

import (
	"strings"
	"testing"
)

// probeMain returns a service that serves /healthz and a /readyz answering 503
// while ready is false; ROUTES registers them, DRAIN is the code after the signal.
func probeMain(goLine, routes, drain string) map[string]string {
	files := mainFiles("example.test/p", readyMain("", strings.NewReplacer("ROUTES", routes, "DRAIN", drain).Replace(`mux := http.NewServeMux()
	mux.HandleFunc("/api/orders", func(w http.ResponseWriter, r *http.Request) {})
	ROUTES
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ready.Store(true)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	DRAIN`)))
	files["go.mod"] = "module example.test/p\n\ngo " + goLine + "\n"
	return files
}

const (
	muxProbes     = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
	muxProbesGET  = "mux.HandleFunc(\"GET /healthz\", readyz)\n\tmux.HandleFunc(\"GET /readyz\", readyz)"
	flipThenDrain = "ready.Store(false)\n\t_ = srv.Shutdown(sctx)"
)

// TestReadinessVerdicts audits readiness and health endpoints that no probe can
// reach or that turn 503 too late: registered on http.DefaultServeMux while the
// server serves its own mux, written as Go 1.22 patterns under an older go line,
// and a readiness flag turned off only once Shutdown has closed the listeners.
func TestReadinessVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "shutdown: readiness turns 503 before Shutdown",
			files:   probeMain("1.24", muxProbes, flipThenDrain),
			check:   "shutdown",
			want:    Pass,
			message: "readiness turns 503",
		},
		{
			name:    "shutdown: readiness turns 503 only after Shutdown returns",
			files:   probeMain("1.24", muxProbes, "_ = srv.Shutdown(sctx)\n\tready.Store(false)"),
			check:   "shutdown",
			want:    Warn,
			message: "readiness turns 503 only after Shutdown has closed the listeners",
		},
		{
			name:    "shutdown: readiness turns 503 after a Shutdown whose error is checked",
			files:   probeMain("1.24", muxProbes, "if err := srv.Shutdown(sctx); err != nil {\n\t\tlog.Print(err)\n\t}\n\tready.Store(false)"),
			check:   "shutdown",
			want:    Warn,
			message: "readiness turns 503 only after Shutdown has closed the listeners",
		},
		{
			name:    "shutdown: readiness turns 503 in a RegisterOnShutdown hook",
			files:   probeMain("1.24", muxProbes, "srv.RegisterOnShutdown(func() { ready.Store(false) })\n\t_ = srv.Shutdown(sctx)"),
			check:   "shutdown",
			want:    Warn,
			message: "readiness turns 503 only after Shutdown has closed the listeners",
		},
		{
			name:    "shutdown: readiness turns 503 by a CompareAndSwap before Shutdown",
			files:   probeMain("1.24", muxProbes, "if !ready.CompareAndSwap(true, false) {\n\t\tlog.Print(\"already draining\")\n\t}\n\t_ = srv.Shutdown(sctx)"),
			check:   "shutdown",
			want:    Pass,
			message: "readiness turns 503",
		},
		{
			name:    "shutdown: a CompareAndSwap whose new value answers 200 flips nothing",
			files:   probeMain("1.24", muxProbes, "ready.CompareAndSwap(false, true)\n\t_ = srv.Shutdown(sctx)"),
			check:   "shutdown",
			want:    Warn,
			message: "nothing in main's flow sets what it tests to the value that answers 503",
		},
		{
			name:    "shutdown: readiness turns 503 by a CompareAndSwap only after Shutdown",
			files:   probeMain("1.24", muxProbes, "_ = srv.Shutdown(sctx)\n\tready.CompareAndSwap(true, false)"),
			check:   "shutdown",
			want:    Warn,
			message: "readiness turns 503 only after Shutdown has closed the listeners",
		},
		{
			name:    "shutdown: a deferred Shutdown runs after the flip",
			files:   probeMain("1.24", muxProbes, "defer srv.Shutdown(sctx)\n\tready.Store(false)"),
			check:   "shutdown",
			want:    Pass,
			message: "readiness turns 503",
		},
		{
			name:    "shutdown: a flip after Shutdown on one path only, before it on another",
			files:   probeMain("1.24", muxProbes, "if os.Getenv(\"FAST\") != \"\" {\n\t\t_ = srv.Shutdown(sctx)\n\t}\n\tready.Store(false)\n\t_ = srv.Shutdown(sctx)"),
			check:   "shutdown",
			want:    Pass,
			message: "readiness turns 503",
		},
		{
			name:    "health: probes on http.DefaultServeMux, which no server serves",
			files:   probeMain("1.24", "http.HandleFunc(\"/healthz\", readyz)\n\thttp.HandleFunc(\"/readyz\", readyz)", flipThenDrain),
			check:   "health",
			want:    Warn,
			message: "/healthz, /readyz registered on http.DefaultServeMux, which no server serves",
		},
		{
			name:    "shutdown: readiness on http.DefaultServeMux, which no server serves",
			files:   probeMain("1.24", "http.HandleFunc(\"/healthz\", readyz)\n\thttp.HandleFunc(\"/readyz\", readyz)", flipThenDrain),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "health: probes on http.DefaultServeMux, which the server's mux mounts",
			files:   probeMain("1.24", "http.HandleFunc(\"/healthz\", readyz)\n\tmux.Handle(\"/\", http.DefaultServeMux)", flipThenDrain),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz",
		},
		{
			name:    "health: method patterns under go 1.21 are no routes",
			files:   probeMain("1.21", muxProbesGET, flipThenDrain),
			check:   "health",
			want:    Warn,
			message: "the go line of go.mod is below 1.22",
		},
		{
			name:    "shutdown: a method pattern for readiness under go 1.21 is no route",
			files:   probeMain("1.21", muxProbesGET, flipThenDrain),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "health: method patterns in a go.mod without a go line are no routes",
			files:   with(probeMain("1.24", muxProbesGET, flipThenDrain), map[string]string{"go.mod": "module example.test/p\n"}),
			check:   "health",
			want:    Warn,
			message: "go.mod has no go line, so go 1.16 is assumed and net/http's ServeMux keeps Go 1.21's patterns",
		},
		{
			name:    "shutdown: a method pattern for readiness in a go.mod without a go line is no route",
			files:   with(probeMain("1.24", muxProbesGET, flipThenDrain), map[string]string{"go.mod": "module example.test/p\n"}),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "health: method patterns in a GOPATH-era repository without go.mod are no routes",
			files:   withoutFile(probeMain("1.24", muxProbesGET, flipThenDrain), "go.mod"),
			check:   "health",
			want:    Warn,
			message: "there is no go.mod, so the build runs in GOPATH mode, where the go command assumes go 1.16 and net/http's ServeMux keeps Go 1.21's patterns",
		},
		{
			name:    "health: method patterns without go.mod in a repository that Bazel builds",
			files:   withFile(withoutFile(probeMain("1.24", muxProbesGET, flipThenDrain), "go.mod"), "BUILD.bazel", "load(\"@rules_go//go:def.bzl\", \"go_binary\")\n\ngo_binary(\n    name = \"p\",\n    srcs = [\"main.go\"],\n)\n"),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "health: method patterns under go 1.22",
			files:   probeMain("1.22", muxProbesGET, flipThenDrain),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name: "health: method patterns with godebug httpmuxgo121=1 are no routes",
			files: func() map[string]string {
				f := probeMain("1.24", muxProbesGET, flipThenDrain)
				f["go.mod"] += "\ngodebug httpmuxgo121=1\n"
				return f
			}(),
			check:   "health",
			want:    Warn,
			message: "httpmuxgo121=1",
		},
		{
			name:    "health: plain patterns under go 1.21",
			files:   probeMain("1.21", muxProbes, flipThenDrain),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "pprof: a method pattern under go 1.21 serves no profiles",
			files:   pprofPatternMain("1.21"),
			check:   "pprof",
			want:    Pass,
			message: "pprof is not served",
		},
		{
			name:    "pprof: a method pattern under go 1.22 serves the profiles",
			files:   pprofPatternMain("1.22"),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
	})
}

// pprofPatternMain returns a service that mounts pprof.Index with a Go 1.22 method
// pattern on its one public server, in a module with the given go line.
func pprofPatternMain(goLine string) map[string]string {
	files := probeMain(goLine, muxProbes+"\n\tmux.HandleFunc(\"GET /debug/pprof/\", pprof.Index)", flipThenDrain)
	files["main.go"] = strings.Replace(files["main.go"], "\"net/http\"\n", "\"net/http\"\n\t\"net/http/pprof\"\n", 1)
	return files
}

// TestReadinessOtherPackage audits a readiness handler of a shared package that main
// registers by reference: its 503 and the flag it tests are read in that package.
func TestReadinessOtherPackage(t *testing.T) {
	const flips = "ready.Store(false)\n\t"
	runCheckCases(t, []checkCase{
		{name: "a function of the package", files: sharedReadyFiles(`mux.HandleFunc("/readyz", platform.Readyz)`, flips),
			check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "a method value of the package's type", files: sharedReadyFiles(`h := &platform.Health{}`+"\n\t"+`mux.HandleFunc("/readyz", h.Readyz)`, flips),
			check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "a handler the package builds", files: sharedReadyFiles(`mux.Handle("/readyz", platform.Handler())`, flips),
			check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "a function of the package through http.HandlerFunc", files: sharedReadyFiles(`mux.Handle("/readyz", http.HandlerFunc(platform.Readyz))`, flips),
			check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "a function of the package held in a variable", files: sharedReadyFiles(`ready := platform.Readyz`+"\n\t"+`mux.HandleFunc("/readyz", ready)`, flips),
			check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "a flag nothing turns off after the signal", files: sharedReadyFiles(`mux.HandleFunc("/readyz", platform.Readyz)`, ""),
			check: "shutdown", want: Warn, message: "nothing in main's flow sets what it tests to the value that answers 503"},
		{name: "a handler of the package that never answers 503", files: sharedReadyFiles(`mux.HandleFunc("/readyz", platform.Healthz)`, flips),
			check: "shutdown", want: Warn, message: "no readiness endpoint turns 503 on shutdown"},
	})
}

// sharedReadyFiles returns a service whose main registers routes on mux and runs
// internal/platform's server, which drains on SIGTERM after running flip.
func sharedReadyFiles(routes, flip string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/shop\n\ngo 1.25\n",
		"internal/platform/platform.go": `package platform

import (
	"context"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func Readyz(w http.ResponseWriter, _ *http.Request) {
	if !ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func Healthz(w http.ResponseWriter, _ *http.Request) {}

func Handler() http.Handler { return http.HandlerFunc(Readyz) }

type Health struct{}

func (*Health) Readyz(w http.ResponseWriter, r *http.Request) { Readyz(w, r) }

func Run(mux *http.ServeMux) error {
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ready.Store(true)
	go func() { _ = srv.ListenAndServe() }()
	<-ctx.Done()
	` + flip + `sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
`,
		"cmd/api/main.go": `package main

import (
	"log"
	"net/http"

	"example.test/shop/internal/platform"
)

func main() {
	mux := http.NewServeMux()
	` + routes + `
	log.Fatal(platform.Run(mux))
}
`,
	}
}
