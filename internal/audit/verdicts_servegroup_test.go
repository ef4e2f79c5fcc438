package audit

import (
	"strings"
	"testing"
)

// serveGroupMain returns a service with a /readyz that answers 503 once ready is false,
// importing sync and errgroup; BODY is the code of main after the server is made.
func serveGroupMain(body string) map[string]string {
	return shutdownService{Module: "example.test/g", Imports: "\t\"sync\"\n\n\t\"golang.org/x/sync/errgroup\"\n\n",
		Start: localReady, Tested: "ready", Body: body}.files()
}

const (
	// groupServe starts the serve call in an errgroup, http.ErrServerClosed excluded.
	groupServe = `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	`
	// wgServe starts the serve call in a goroutine a WaitGroup counts.
	wgServe = `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Print(err)
		}
	}()
	`
	// drainOn drains on the context named CTX.
	drainOn = `<-CTX.Done()
		ready.Store(false)
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)`
	groupFail = "the group holds only the serve goroutine, which returns as soon as Shutdown starts in a goroutine outside the group"
)

// TestServeGroupVerdicts audits a serve call in an errgroup or a WaitGroup'd
// goroutine whose Shutdown runs in a goroutine outside the group, so that main's
// Wait returns as soon as Shutdown starts; next to groups that hold the drain too,
// and waits that outlast it.
func TestServeGroupVerdicts(t *testing.T) {
	drain := func(ctx string) string { return strings.ReplaceAll(drainOn, "CTX", ctx) }
	cases := []checkCase{
		{
			name:    "shutdown: serve in an errgroup, Shutdown in a goroutine outside it, main returns after Wait",
			files:   serveGroupMain(groupServe + "go func() {\n\t\t" + drain("gctx") + "\n\t}()\n\tif err := g.Wait(); err != nil {\n\t\tlog.Fatal(err)\n\t}"),
			want:    Fail,
			message: "main returns as soon as g.Wait() does, and " + groupFail,
		},
		{
			name:    "shutdown: serve in a WaitGroup'd goroutine, Shutdown in another goroutine, main returns after Wait",
			files:   serveGroupMain(wgServe + "go func() {\n\t\t" + drain("ctx") + "\n\t}()\n\twg.Wait()"),
			want:    Fail,
			message: "main returns as soon as wg.Wait() does, and " + groupFail,
		},
		{
			name:    "shutdown: serve and Shutdown in the same errgroup",
			files:   serveGroupMain(groupServe + "g.Go(func() error {\n\t\t" + drain("gctx") + "\n\t\treturn nil\n\t})\n\tif err := g.Wait(); err != nil {\n\t\tlog.Fatal(err)\n\t}"),
			want:    Pass,
			message: waitedPass,
		},
		{
			name:    "shutdown: serve and Shutdown in goroutines of the same WaitGroup",
			files:   serveGroupMain(strings.ReplaceAll(wgServe, "wg.Add(1)", "wg.Add(2)") + "go func() {\n\t\tdefer wg.Done()\n\t\t" + drain("ctx") + "\n\t}()\n\twg.Wait()"),
			want:    Pass,
			message: waitedPass,
		},
		{
			name:    "shutdown: serve in an errgroup, main waits after Wait for the drain goroutine to end",
			files:   serveGroupMain(groupServe + "done := make(chan struct{})\n\tgo func() {\n\t\tdefer close(done)\n\t\t" + drain("gctx") + "\n\t}()\n\terr := g.Wait()\n\t<-done\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}"),
			want:    Pass,
			message: waitedPass,
		},
		{
			name: "shutdown: serve in a WaitGroup'd goroutine, the WaitGroup handed to the drain function",
			files: serveGroupMain(wgServe + "wg.Add(1)\n\tgo drain(ctx, &wg, srv)\n\twg.Wait()\n}\n\n" + `func drain(ctx context.Context, wg *sync.WaitGroup, srv *http.Server) {
	defer wg.Done()
	` + drain("ctx")),
			want:    Pass,
			message: waitedPass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
