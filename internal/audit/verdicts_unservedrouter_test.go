package audit

import (
	"strings"
	"testing"
)

// TestUnservedRouters audits health and readiness routes registered on a router of
// gin, chi, Echo or gorilla/mux that no server serves (the ops router was never
// started: probes get 404), and the usual ways such a router is served, which must
// keep them served: run or started, given to a helper, a server's Handler, mounted
// into the served router, or wrapped in middleware.
func TestUnservedRouters(t *testing.T) {
	// service is a service that serves r (a ServeMux) and sets up ops with OPS,
	// after importing IMPORT; /readyz on ops turns 503 once ready is false.
	service := func(imp, ops string) map[string]string {
		return mainFiles("example.test/o", strings.NewReplacer("IMPORT", imp, "OPS", ops).Replace(`package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	IMPORT
)

var ready atomic.Bool

func readyz(w http.ResponseWriter, _ *http.Request) {
	if !ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func serveOps(h http.Handler) { _ = http.ListenAndServe(":9090", h) }

func wrap(h http.Handler) http.Handler { return h }

func main() {
	r := http.NewServeMux()
	r.HandleFunc("/v1/orders", func(w http.ResponseWriter, _ *http.Request) {})
	OPS
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ready.Store(true)
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`))
	}
	const (
		gin      = `"github.com/gin-gonic/gin"`
		ginOps   = "ops := gin.New()\n\tops.GET(\"/healthz\", gin.WrapF(readyz))\n\tops.GET(\"/readyz\", gin.WrapF(readyz))\n\t"
		chi      = `"github.com/go-chi/chi/v5"`
		chiOps   = "ops := chi.NewRouter()\n\tops.Get(\"/healthz\", readyz)\n\tops.Get(\"/readyz\", readyz)\n\t"
		gorilla  = `"github.com/gorilla/mux"`
		gmuxOps  = "ops := mux.NewRouter()\n\tops.HandleFunc(\"/healthz\", readyz).Methods(http.MethodGet)\n\tops.HandleFunc(\"/readyz\", readyz).Methods(http.MethodGet)\n\t"
		echo     = `"github.com/labstack/echo/v4"`
		echoOps  = "ops := echo.New()\n\tops.GET(\"/healthz\", echo.WrapHandler(http.HandlerFunc(readyz)))\n\tops.GET(\"/readyz\", echo.WrapHandler(http.HandlerFunc(readyz)))\n\t"
		served   = "health endpoints: /healthz, /readyz"
		turns503 = "readiness turns 503"
	)
	runCheckCases(t, []checkCase{
		{name: "gin: an engine nothing runs", files: service(gin, ginOps), check: "health", want: Warn,
			message: "a health or readiness endpoint answers 404: /healthz, /readyz registered on the gin engine ops, which no server serves"},
		{name: "gin: readiness on an engine nothing runs", files: service(gin, ginOps), check: "shutdown", want: Warn, message: "no readiness endpoint turns 503 on shutdown"},
		{name: "gin: middleware does not serve it", files: service(gin, ginOps+"ops.Use(gin.Recovery())"), check: "health", want: Warn, message: "registered on the gin engine ops, which no server serves"},
		{name: "gin: run in a goroutine", files: service(gin, ginOps+"go func() { _ = ops.Run(\":9090\") }()"), check: "health", want: Pass, message: served},
		{name: "gin: readiness on an engine run in a goroutine", files: service(gin, ginOps+"go func() { _ = ops.Run(\":9090\") }()"), check: "shutdown", want: Pass, message: turns503},
		{name: "gin: served through a helper", files: service(gin, ginOps+"go serveOps(ops)"), check: "health", want: Pass, message: served},
		{name: "gin: the Handler of a server", files: service(gin, ginOps+"opsSrv := &http.Server{Addr: \":9090\", Handler: ops, ReadHeaderTimeout: time.Second}\n\tgo func() { _ = opsSrv.ListenAndServe() }()"), check: "health", want: Pass, message: served},
		{name: "gin: mounted into the served mux", files: service(gin, ginOps+"r.Handle(\"/\", ops)"), check: "health", want: Pass, message: served},
		{name: "gin: wrapped in middleware", files: service(gin, ginOps+"go serveOps(wrap(ops))"), check: "health", want: Pass, message: served},
		{name: "gin: its Handler served", files: service(gin, ginOps+"r.Handle(\"/\", ops.Handler())"), check: "health", want: Pass, message: served},
		{name: "chi: a router nothing serves", files: service(chi, chiOps), check: "health", want: Warn, message: "/healthz, /readyz registered on the chi router ops, which no server serves"},
		// Mounted below /ops, its routes are served there alone.
		{name: "chi: mounted into the served mux", files: service(chi, chiOps+"r.Handle(\"/ops/\", http.StripPrefix(\"/ops\", ops))"), check: "health", want: Pass, message: "health endpoints: /ops/healthz, /ops/readyz"},
		{name: "chi: mounted on another chi router", files: service(chi, chiOps+"root := chi.NewRouter()\n\troot.Mount(\"/ops\", ops)\n\tr.Handle(\"/\", root)"), check: "health", want: Pass, message: "health endpoints: /ops/healthz, /ops/readyz"},
		{name: "gorilla/mux: chained registrations on a router nothing serves", files: service(gorilla, gmuxOps), check: "health", want: Warn, message: "registered on the gorilla/mux router ops, which no server serves"},
		{name: "gorilla/mux: served by ListenAndServe", files: service(gorilla, gmuxOps+"go func() { log.Fatal(http.ListenAndServe(\":9090\", ops)) }()"), check: "health", want: Pass, message: served},
		{name: "echo: an instance nothing starts", files: service(echo, echoOps), check: "health", want: Warn, message: "registered on the Echo instance ops, which no server serves"},
		{name: "echo: started in a goroutine", files: service(echo, echoOps+"go func() { _ = ops.Start(\":9090\") }()"), check: "health", want: Pass, message: served},
	})
}
