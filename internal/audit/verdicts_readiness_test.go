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
	})
}
