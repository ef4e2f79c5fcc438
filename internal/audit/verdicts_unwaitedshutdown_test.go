package audit

import (
	"strings"
	"testing"
)

// TestUnwaitedShutdown audits a main that starts Shutdown in a goroutine while its
// serve call runs in another: main must wait for the drain, else it returns at once
// and the process exits with it, cutting the requests in flight.
func TestUnwaitedShutdown(t *testing.T) {
	const (
		turns    = "readiness turns 503"
		unwaited = "main starts Shutdown in a goroutine and then returns without waiting for it"
	)
	// drain is probeMain with drain after the signal, and the functions of extra.
	drain := func(drain, extra string) map[string]string {
		files := probeMain("1.26", muxProbes, "ready.Store(false)\n\t"+drain)
		files["main.go"] = strings.Replace(files["main.go"], "\"sync/atomic\"\n", "\"sync\"\n\t\"sync/atomic\"\n", 1) + "\nvar _ sync.WaitGroup\n" + extra
		return files
	}
	const drainFunc = "\nfunc drain(srv *http.Server, ctx context.Context) { _ = srv.Shutdown(ctx) }\n"
	runCheckCases(t, []checkCase{
		{name: "Shutdown in main's flow", files: drain("_ = srv.Shutdown(sctx)", ""), check: "shutdown", want: Pass, message: turns},
		{name: "Shutdown in a goroutine main does not wait for", files: drain("go func() {\n\t\t_ = srv.Shutdown(sctx)\n\t}()\n\tlog.Print(\"stopping\")", ""), check: "shutdown", want: Fail, message: unwaited},
		{name: "Shutdown in a function started with go", files: drain("go drain(srv, sctx)", drainFunc), check: "shutdown", want: Fail, message: unwaited},
		{name: "Shutdown in a goroutine of a group never waited", files: drain("var wg sync.WaitGroup\n\twg.Go(func() { _ = srv.Shutdown(sctx) })", ""), check: "shutdown", want: Fail, message: unwaited},
		{name: "Shutdown in a goroutine main waits for on a channel", files: drain("done := make(chan struct{})\n\tgo func() {\n\t\t_ = srv.Shutdown(sctx)\n\t\tclose(done)\n\t}()\n\t<-done", ""), check: "shutdown", want: Pass, message: turns},
		{name: "Shutdown in a goroutine of a group main waits for", files: drain("var wg sync.WaitGroup\n\twg.Go(func() { _ = srv.Shutdown(sctx) })\n\twg.Wait()", ""), check: "shutdown", want: Pass, message: turns},
		{name: "Shutdown in a function started with go, then a wait", files: drain("go drain(srv, sctx)\n\ttime.Sleep(11 * time.Second)", drainFunc), check: "shutdown", want: Pass, message: turns},
	})
}
