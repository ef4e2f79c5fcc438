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
		detached = "a goroutine of main starts Shutdown in a goroutine of its own and returns without waiting for it"
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
		{name: "Shutdown started with go as main's last statement", files: drain("go srv.Shutdown(sctx)", ""), check: "shutdown", want: Fail, message: unwaited},
		{name: "Shutdown started with go, then a wait", files: drain("go srv.Shutdown(sctx)\n\ttime.Sleep(11 * time.Second)", ""), check: "shutdown", want: Pass, message: turns},
		{name: "Shutdown started in a goroutine of a group member that returns at once", files: drain("var wg sync.WaitGroup\n\twg.Go(func() {\n\t\tgo func() { _ = srv.Shutdown(sctx) }()\n\t})\n\twg.Wait()", ""), check: "shutdown", want: Fail, message: detached},
		{name: "Shutdown started with go by a group member that returns at once", files: drain("var wg sync.WaitGroup\n\twg.Go(func() {\n\t\tgo srv.Shutdown(sctx)\n\t})\n\twg.Wait()", ""), check: "shutdown", want: Fail, message: detached},
		{name: "Shutdown started in a goroutine of a group member that waits for it", files: drain("var wg sync.WaitGroup\n\twg.Go(func() {\n\t\tdone := make(chan struct{})\n\t\tgo func() {\n\t\t\t_ = srv.Shutdown(sctx)\n\t\t\tclose(done)\n\t\t}()\n\t\t<-done\n\t})\n\twg.Wait()", ""), check: "shutdown", want: Pass, message: turns},
		{name: "Shutdown started in a goroutine of a goroutine, main waiting on the inner one's group", files: drain("var wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\t_ = srv.Shutdown(sctx)\n\t\t}()\n\t}()\n\twg.Wait()", ""), check: "shutdown", want: Pass, message: turns},
		{name: "Shutdown started in a goroutine of a group member, main waiting on its channel", files: drain("done := make(chan struct{})\n\tvar wg sync.WaitGroup\n\twg.Go(func() {\n\t\tgo func() {\n\t\t\tdefer close(done)\n\t\t\t_ = srv.Shutdown(sctx)\n\t\t}()\n\t})\n\twg.Wait()\n\t<-done", ""), check: "shutdown", want: Pass, message: turns},
	})
}

// earlyMain is a service whose signal goroutine runs drain (after ready.Store(false))
// while main serves and then receives from stopping; extra is code of main right
// after stopping is made.
func earlyMain(extra, drain string) map[string]string {
	return mainFiles("example.test/e", `package main

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

func main() {
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	stopping := make(chan struct{})
	`+extra+`
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		ready.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		`+drain+`
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	<-stopping
}

func keep(chan struct{}) {}
`)
}

// TestEarlyReleasedWait audits a main that serves, then waits on a channel that the
// draining goroutine releases: before Shutdown is called, the wait ends as soon as
// the serve call does, so nothing waits for the drain.
func TestEarlyReleasedWait(t *testing.T) {
	const (
		turns = "readiness turns 503"
		early = "main's <-stopping after it is released by close(stopping), which runs before Shutdown is called"
	)
	runCheckCases(t, []checkCase{
		{name: "closed before Shutdown", files: earlyMain("", "close(stopping)\n\t\t_ = srv.Shutdown(ctx)"), check: "shutdown", want: Fail, message: early},
		{name: "sent on before Shutdown", files: earlyMain("", "stopping <- struct{}{}\n\t\t_ = srv.Shutdown(ctx)"), check: "shutdown", want: Fail, message: "main's <-stopping after it is released by stopping <- struct{}{}"},
		{name: "closed after Shutdown", files: earlyMain("", "_ = srv.Shutdown(ctx)\n\t\tclose(stopping)"), check: "shutdown", want: Pass, message: turns},
		{name: "closed by a deferred call", files: earlyMain("", "defer close(stopping)\n\t\t_ = srv.Shutdown(ctx)"), check: "shutdown", want: Pass, message: turns},
		{name: "closed before Shutdown and handed to a function", files: earlyMain("keep(stopping)", "close(stopping)\n\t\t_ = srv.Shutdown(ctx)"), check: "shutdown", want: Pass, message: turns},
	})
}
