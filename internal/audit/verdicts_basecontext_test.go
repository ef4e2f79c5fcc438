package audit

import (
	"testing"
)

// baseContextMain returns a service whose main, after the server is made, runs body:
// the signal handling, the server's BaseContext or ConnContext, the serve goroutine
// and the drain.
func baseContextMain(body string) map[string]string {
	return shutdownService{Module: "example.test/b", Imports: "\t\"net\"\n", Decls: `var ready atomic.Bool

type connKey struct{}

func serve(srv *http.Server) {
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}`, Start: "ready.Store(true)", Tested: "ready", Body: body}.files()
}

const (
	// signalWait is the signal context, the serve goroutine and the wait for the signal.
	signalWait = `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	`
	// drainAfterWait serves, waits for the signal context, turns readiness off and
	// drains with a fresh timeout.
	drainAfterWait = `
	go serve(srv)
	<-ctx.Done()
	ready.Store(false)
	dctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(dctx)`
	baseFail = "the server's BaseContext returns the signal context (signal.NotifyContext), or one derived from it, and every request's context derives from it"
	basePass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
)

// TestBaseContextVerdicts audits servers whose BaseContext or ConnContext hands the
// requests a context that SIGTERM cancels (the signal context, one derived from it,
// or one the code waits on before the drain): the drain then cannot let the
// requests in flight finish; next to base contexts that outlive the signal.
func TestBaseContextVerdicts(t *testing.T) {
	cases := []checkCase{
		{
			name: "shutdown: BaseContext in the server's literal returns the signal context",
			files: mainFiles("example.test/b", `package main

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	var shuttingDown atomic.Bool
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if shuttingDown.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	go srv.ListenAndServe()
	<-ctx.Done()
	shuttingDown.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
}
`),
			want:    Fail,
			message: baseFail,
		},
		{
			name:    "shutdown: BaseContext assigned after the literal returns a context derived from the signal context",
			files:   baseContextMain(signalWait + "srv.BaseContext = func(net.Listener) context.Context {\n\t\tbctx, _ := context.WithCancel(ctx)\n\t\treturn bctx\n\t}" + drainAfterWait),
			want:    Fail,
			message: baseFail,
		},
		{
			name:    "shutdown: BaseContext held in a variable returns the signal context",
			files:   baseContextMain(signalWait + "base := func(net.Listener) context.Context { return ctx }\n\tsrv.BaseContext = base" + drainAfterWait),
			want:    Fail,
			message: baseFail,
		},
		{
			name:    "shutdown: ConnContext derives the connection's context from the signal context",
			files:   baseContextMain(signalWait + "srv.ConnContext = func(_ context.Context, c net.Conn) context.Context { return context.WithValue(ctx, connKey{}, c) }" + drainAfterWait),
			want:    Fail,
			message: "the server's ConnContext returns the signal context",
		},
		{
			name: "shutdown: BaseContext returns a context a goroutine cancels on the signal, waited on before the drain",
			files: baseContextMain(`ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel()
	}()
	srv.BaseContext = func(net.Listener) context.Context { return ctx }
	go serve(srv)
	<-ctx.Done()
	ready.Store(false)
	dctx, dcancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer dcancel()
	_ = srv.Shutdown(dctx)`),
			want:    Fail,
			message: "the server's BaseContext returns a context the code waits on before the drain (<-ctx.Done())",
		},
		{
			name:    "shutdown: BaseContext keeps the signal context's values only",
			files:   baseContextMain(signalWait + "srv.BaseContext = func(net.Listener) context.Context { return context.WithoutCancel(ctx) }" + drainAfterWait),
			want:    Pass,
			message: basePass,
		},
		{
			name: "shutdown: BaseContext returns a context cancelled once the drain is over",
			files: baseContextMain(signalWait + `base, cancelBase := context.WithCancel(context.Background())
	srv.BaseContext = func(net.Listener) context.Context { return base }
	defer cancelBase()` + drainAfterWait),
			want:    Pass,
			message: basePass,
		},
		{
			name:    "shutdown: ConnContext derives the connection's context from the base context it is given",
			files:   baseContextMain(signalWait + "srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context { return context.WithValue(ctx, connKey{}, c) }" + drainAfterWait),
			want:    Pass,
			message: basePass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
