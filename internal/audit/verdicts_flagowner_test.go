package audit

import (
	"strings"
	"testing"
)

// healthPackageFiles returns a service whose /readyz is internal/health's Readyz,
// which answers 503 while health's own ready is false; main runs flip once the
// signal is received, and declares decl at package level.
func healthPackageFiles(decl, flip string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/acme\n\ngo 1.26\n",
		"internal/health/health.go": `package health

import (
	"net/http"
	"sync/atomic"
)

var ready atomic.Bool

func SetReady() { ready.Store(true) }

func SetDraining() { ready.Store(false) }

func Readyz(w http.ResponseWriter, r *http.Request) {
	if !ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}
`,
		"cmd/api/main.go": `package main

import (
	"context"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"example.test/acme/internal/health"
)

var _ atomic.Bool

` + decl + `

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", health.Readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() { _ = srv.ListenAndServe() }()
	health.SetReady()
	<-ctx.Done()
	` + flip + `
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`,
	}
}

// TestReadinessFlagOwner audits which readiness flag a set after the signal turns
// off: the variable /readyz tests, not another of the same name (one of main's
// package beside that of a health package, or a local that shadows it).
func TestReadinessFlagOwner(t *testing.T) {
	const (
		turns = "readiness turns 503"
		never = "nothing in main's flow sets what it tests to the value that answers 503"
	)
	// boolFlag is probeMain with the package-level flag a plain bool.
	boolFlag := func(drain string) map[string]string {
		files := probeMain("1.26", muxProbes, drain)
		files["main.go"] = strings.NewReplacer("var ready atomic.Bool", "var ready bool", "!ready.Load()", "!ready", "ready.Store(true)", "ready = true").Replace(files["main.go"])
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "the package-level flag /readyz tests", files: probeMain("1.26", muxProbes, flipThenDrain), check: "shutdown", want: Pass, message: turns},
		{name: "a plain bool of the package assigned", files: boolFlag("ready = false\n\t_ = srv.Shutdown(sctx)"), check: "shutdown", want: Pass, message: turns},
		{name: "a local that shadows the flag", files: probeMain("1.26", muxProbes, "var ready atomic.Bool\n\tready.Store(false)\n\t_ = srv.Shutdown(sctx)"), check: "shutdown", want: Warn, message: never},
		{name: "a local bool that shadows the flag", files: boolFlag("ready := true\n\tready = false\n\t_, _ = srv.Shutdown(sctx), ready"), check: "shutdown", want: Warn, message: never},
		{name: "the other package's flag, through its function", files: healthPackageFiles("", "health.SetDraining()"), check: "shutdown", want: Pass, message: turns},
		{name: "main's own flag of the same name", files: healthPackageFiles("var ready atomic.Bool", "ready.Store(false)"), check: "shutdown", want: Warn, message: never},
		{name: "main's own bool of the same name", files: healthPackageFiles("var ready bool", "ready = false"), check: "shutdown", want: Warn, message: never},
	})
}
