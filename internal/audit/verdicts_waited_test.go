package audit

import (
	"testing"
)

// waitedMain returns a service with a /readyz that answers 503 once ready is false;
// BODY is the code of main after the server is made: the signal handling, the serve
// goroutine and the drain.
func waitedMain(body string) map[string]string {
	return shutdownService{Module: "example.test/w", Decls: `var ready atomic.Bool

func serve(srv *http.Server) {
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}`, Start: "ready.Store(true)", Tested: "ready", Body: body}.files()
}

const (
	// handCancel is a context that a goroutine cancels when SIGTERM comes.
	handCancel = `ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		<-sigs
		cancel()
	}()
	go serve(srv)
	`
	waitedFail = "Shutdown's context derives from a context the code waits on before the drain (<-ctx.Done())"
	waitedPass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
)

// TestWaitedDrainVerdicts audits drain contexts derived from a context that the code
// has waited on (<-ctx.Done()) before Shutdown, which are over before the drain
// starts, whatever cancelled it; next to drain contexts that are not.
func TestWaitedDrainVerdicts(t *testing.T) {
	cases := []checkCase{
		{
			name: "shutdown: the drain context derives from a context the signal cancels by hand, waited on",
			files: waitedMain(handCancel + `<-ctx.Done()
	ready.Store(false)
	dctx, dcancel := context.WithTimeout(ctx, 20*time.Second)
	defer dcancel()
	_ = srv.Shutdown(dctx)`),
			want:    Fail,
			message: waitedFail,
		},
		{
			name: "shutdown: the drain context keeps the waited context's values only",
			files: waitedMain(handCancel + `<-ctx.Done()
	ready.Store(false)
	dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer dcancel()
	_ = srv.Shutdown(dctx)`),
			want:    Pass,
			message: waitedPass,
		},
		{
			name: "shutdown: the drain in the goroutine that waits on the context",
			files: waitedMain(handCancel + `done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		ready.Store(false)
		dctx, dcancel := context.WithTimeout(ctx, 20*time.Second)
		defer dcancel()
		_ = srv.Shutdown(dctx)
	}()
	<-done`),
			want:    Fail,
			message: waitedFail,
		},
		{
			name: "shutdown: the drain in the select case of the waited context",
			files: waitedMain(handCancel + `errc := make(chan error, 1)
	select {
	case err := <-errc:
		log.Fatal(err)
	case <-ctx.Done():
		ready.Store(false)
		dctx, dcancel := context.WithTimeout(ctx, 20*time.Second)
		defer dcancel()
		_ = srv.Shutdown(dctx)
	}`),
			want:    Fail,
			message: waitedFail,
		},
		{
			name: "shutdown: a function waits on the context it is given, then drains from it",
			files: waitedMain(handCancel + `drain(ctx, srv)
}

func drain(ctx context.Context, srv *http.Server) {
	<-ctx.Done()
	ready.Store(false)
	dctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(dctx)`),
			want:    Fail,
			message: waitedFail,
		},
		{
			name: "shutdown: the signal context's name is given the drain context after the wait",
			files: waitedMain(`ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go serve(srv)
	<-ctx.Done()
	ready.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)`),
			want:    Pass,
			message: waitedPass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
