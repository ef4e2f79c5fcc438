package audit

import (
	"strings"
	"testing"
)

// drainParamMain returns a service whose drain is a function of the program,
// drain(ctx, srv), that derives its timeout from its context parameter; BODY is the
// code of main after the server is made.
func drainParamMain(body string) map[string]string {
	return waitedMain(body + `
}

func drain(ctx context.Context, srv *http.Server) {
	ready.Store(false)
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)`)
}

// httpxService returns a repository whose internal/httpx package declares a server
// type with Start and Stop(ctx) methods, Stop deriving the drain timeout from its
// parameter, and whose main runs MAIN (the code after the server is made).
func httpxService(main string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/ledger\n\ngo 1.26\n",
		"internal/httpx/server.go": `package httpx

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"time"
)

type Server struct {
	srv   *http.Server
	ready atomic.Bool
}

func New(addr string, h http.Handler) *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.Handle("/", h)
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !s.ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	s.srv = &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 3 * time.Second}
	return s
}

func (s *Server) Start() error {
	s.ready.Store(true)
	if err := s.srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (s *Server) Stop(ctx context.Context) error {
	s.ready.Store(false)
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}
`,
		"cmd/api/main.go": strings.ReplaceAll(`package main

import (
	"context"
	"log"
	"net/http"
	"os/signal"
	"syscall"

	"example.test/ledger/internal/httpx"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	srv := httpx.New(":8080", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	go func() {
		if err := srv.Start(); err != nil {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	MAIN
}
`, "MAIN", main),
	}
}

// TestDrainParamVerdicts audits drain contexts that a function of the program
// derives from its context parameter, which main's flow gives the signal context or
// a context it has waited on (both over when the drain starts); next to the same
// functions given a context that is not over.
func TestDrainParamVerdicts(t *testing.T) {
	const cancelled = "Shutdown's context derives from the signal context (signal.NotifyContext), which is already done when the drain starts"
	const signalCtx = `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go serve(srv)
	<-ctx.Done()
	`
	cases := []checkCase{
		{
			name:    "shutdown: a drain function of package main given the signal context",
			files:   drainParamMain(signalCtx + "drain(ctx, srv)"),
			want:    Fail,
			message: cancelled,
		},
		{
			name:    "shutdown: a drain function given a context derived from the signal context",
			files:   drainParamMain(signalCtx + "sctx, scancel := context.WithCancel(ctx)\n\tdefer scancel()\n\tdrain(sctx, srv)"),
			want:    Fail,
			message: cancelled,
		},
		{
			name:    "shutdown: a drain function given a context waited on",
			files:   drainParamMain(handCancel + "<-ctx.Done()\n\tdrain(ctx, srv)"),
			want:    Fail,
			message: waitedFail,
		},
		{
			name:    "shutdown: a Stop method of a server package given the signal context",
			files:   httpxService("if err := srv.Stop(ctx); err != nil {\n\t\tlog.Print(err)\n\t}"),
			want:    Fail,
			message: cancelled,
		},
		{
			name:    "shutdown: a drain function given context.Background()",
			files:   drainParamMain(signalCtx + "drain(context.Background(), srv)"),
			want:    Pass,
			message: waitedPass,
		},
		{
			name:    "shutdown: a drain function given the signal context without its cancel",
			files:   drainParamMain(signalCtx + "drain(context.WithoutCancel(ctx), srv)"),
			want:    Pass,
			message: waitedPass,
		},
		{
			name:    "shutdown: a drain function given a context that is not over",
			files:   drainParamMain(handCancel + "<-ctx.Done()\n\tdctx, dcancel := context.WithCancel(context.Background())\n\tdefer dcancel()\n\tdrain(dctx, srv)"),
			want:    Pass,
			message: waitedPass,
		},
		{
			name:    "shutdown: a Stop method of a server package given context.Background()",
			files:   httpxService("if err := srv.Stop(context.Background()); err != nil {\n\t\tlog.Print(err)\n\t}"),
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}

// stopParamMain is drainParamMain with a helper stop(ctx, srv) that hands its context
// parameter to Shutdown as it is: the drain's deadline is what each call gives it.
func stopParamMain(body string) map[string]string {
	return waitedMain(body + `
}

func stop(ctx context.Context, srv *http.Server) {
	ready.Store(false)
	_ = srv.Shutdown(ctx)`)
}

// TestDrainParamDeadline audits a Shutdown whose context is the parameter of a
// helper main calls after the signal: the context each call gives is judged, as the
// same Shutdown written in main is.
func TestDrainParamDeadline(t *testing.T) {
	const signalCtx = `ctx, sstop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer sstop()
	go serve(srv)
	<-ctx.Done()
	`
	cases := []checkCase{
		{
			name:    "shutdown: a helper given context.Background()",
			files:   stopParamMain(signalCtx + "stop(context.Background(), srv)"),
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: a helper given a context with a zero timeout",
			files:   stopParamMain(signalCtx + "dctx, dcancel := context.WithTimeout(context.Background(), 0)\n\tdefer dcancel()\n\tstop(dctx, srv)"),
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called",
		},
		{
			name:    "shutdown: a helper given a context cancelled before the call",
			files:   stopParamMain(signalCtx + "dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Second)\n\tdcancel()\n\tstop(dctx, srv)"),
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called",
		},
		{
			name:    "shutdown: a helper given a context with a timeout made before the wait",
			files:   stopParamMain("dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Second)\n\tdefer dcancel()\n\t" + signalCtx + "stop(dctx, srv)"),
			want:    Fail,
			message: "Shutdown's timeout is set before the wait for the signal",
		},
		{
			name:    "shutdown: a helper handing the context on to another",
			files:   stopParamMain(signalCtx + "halt(context.Background(), srv)\n}\n\nfunc halt(ctx context.Context, srv *http.Server) {\n\tstop(ctx, srv)"),
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: a helper given a context with a timeout",
			files:   stopParamMain(signalCtx + "dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Second)\n\tdefer dcancel()\n\tstop(dctx, srv)"),
			want:    Pass,
			message: waitedPass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
