package audit

import (
	"strings"
	"testing"
)

// chiProfilerMain returns a chi service under import path chi (github.com/go-chi/chi
// or github.com/go-chi/chi/v5) that mounts middleware.Profiler() on the router its
// public server serves.
func chiProfilerMain(chi string) map[string]string {
	return withGoMod(mainFiles("example.test/c", strings.ReplaceAll(`package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"CHI"
	"CHI/middleware"
)

func main() {
	r := chi.NewRouter()
	r.Get("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	r.Mount("/debug", middleware.Profiler())
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go srv.ListenAndServe()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`, "CHI", chi)), "module example.test/c\n\ngo 1.26\n\nrequire "+chi+" v4.1.2+incompatible\n")
}

// TestChiProfilerPaths checks that chi's middleware.Profiler() mounted on the public
// router is seen under chi's import paths before v5 as under v5.
func TestChiProfilerPaths(t *testing.T) {
	const public = "pprof is served on the public listener"
	runCheckCases(t, []checkCase{
		{name: "chi v5", files: chiProfilerMain("github.com/go-chi/chi/v5"), check: "pprof", want: Fail, message: public},
		{name: "chi before v5 (github.com/go-chi/chi)", files: chiProfilerMain("github.com/go-chi/chi"), check: "pprof", want: Fail, message: public},
	})
}
