package audit

import "testing"

// dispatchFiles is a service whose package runner has two implementations of the
// interface Runner: graceful catches SIGTERM and drains, simple serves until the
// process dies. main builds its runner with build, then calls r.Run().
func dispatchFiles(build string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/r\n\ngo 1.26\n",
		"internal/runner/runner.go": `package runner

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

// Runner serves until it is told to stop.
type Runner interface{ Run() error }

type graceful struct{ srv *http.Server }

type simple struct{ h http.Handler }

// Graceful serves h and drains on SIGTERM.
func Graceful(h http.Handler) Runner {
	return &graceful{srv: &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}}
}

// Simple serves h until the process dies.
func Simple(h http.Handler) Runner { return simple{h: h} }

// Pick returns a graceful runner when drain is set.
func Pick(h http.Handler, drain bool) Runner {
	if drain {
		return Graceful(h)
	}
	return simple{h: h}
}

// Ready is true while the service takes traffic.
var Ready atomic.Bool

func (g *graceful) Run() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	Ready.Store(true)
	go func() {
		if err := g.srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	Ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return g.srv.Shutdown(sctx)
}

type notified struct{ srv *http.Server }

// Notified serves h and drains on SIGTERM or SIGINT, read from a channel.
func Notified(h http.Handler) Runner {
	return notified{srv: &http.Server{Addr: ":8080", Handler: h, ReadHeaderTimeout: 5 * time.Second}}
}

// Either returns one of the two draining runners.
func Either(h http.Handler, notify bool) Runner {
	if notify {
		return Notified(h)
	}
	return Graceful(h)
}

func (n notified) Run() error {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	errc := make(chan error, 1)
	Ready.Store(true)
	go func() { errc <- n.srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-sig:
	}
	Ready.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return n.srv.Shutdown(ctx)
}

func (s simple) Run() error {
	srv := &http.Server{Addr: ":8081", Handler: s.h, ReadHeaderTimeout: 5 * time.Second}
	return srv.ListenAndServe()
}
`,
		"main.go": `package main

import (
	"log"
	"net/http"
	"os"

	"example.test/r/internal/runner"
)

var _ = os.Getenv

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !runner.Ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	` + build + `
	log.Fatal(r.Run())
}
`,
	}
}

// TestDispatchVerdicts audits a main that runs one of two implementations of an
// interface method: the constructor's return tells which (PASS or FAIL by that
// implementation), and where the code cannot tell, the verdict is UNKNOWN, naming
// both, rather than the graceful one's PASS.
func TestDispatchVerdicts(t *testing.T) {
	const both = "which may call any of runner.graceful.Run, runner.simple.Run, and which one main's flow runs cannot be told"
	runCheckCases(t, []checkCase{
		{name: "the graceful constructor", files: dispatchFiles("r := runner.Graceful(mux)"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "the simple constructor", files: dispatchFiles("r := runner.Simple(mux)"), check: "shutdown", want: Fail, message: "main's flow never calls"},
		{name: "either constructor, by the environment", files: dispatchFiles("r := runner.Simple(mux)\n\tif os.Getenv(\"DRAIN\") != \"\" {\n\t\tr = runner.Graceful(mux)\n\t}"), check: "shutdown", want: Unknown, message: "signal.NotifyContext (internal/runner/runner.go:42) runs only through r.Run (main.go:24), " + both},
		{name: "a range over both runners runs each", files: dispatchFiles("for _, x := range []runner.Runner{runner.Graceful(mux), runner.Simple(mux)} {\n\t\tgo x.Run()\n\t}\n\tr := runner.Simple(mux)"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "a runner built in a loop's body runs each", files: dispatchFiles("for _, drain := range []bool{true, false} {\n\t\ty := runner.Pick(mux, drain)\n\t\tgo y.Run()\n\t}\n\tr := runner.Simple(mux)"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "a declared interface assigned the graceful runner on both branches", files: dispatchFiles("var r runner.Runner\n\tif os.Getenv(\"TLS\") != \"\" {\n\t\tr = runner.Graceful(mux)\n\t} else {\n\t\tr = runner.Graceful(http.NewServeMux())\n\t}"), check: "shutdown", want: Pass, message: "SIGTERM is caught"},
		{name: "a constructor of either type", files: dispatchFiles("r := runner.Pick(mux, os.Getenv(\"DRAIN\") != \"\")"), check: "shutdown", want: Unknown, message: both + " (FAIL with runner.simple.Run, PASS with runner.graceful.Run)"},
		// Each method judged on its own: both drain, so whichever runs, the service does.
		{name: "a constructor of either draining type", files: dispatchFiles("r := runner.Either(mux, os.Getenv(\"NOTIFY\") != \"\")"), check: "shutdown", want: Pass, message: "(judged with each method r.Run (main.go:21) may call: runner.graceful.Run, runner.notified.Run)"},
	})
}
