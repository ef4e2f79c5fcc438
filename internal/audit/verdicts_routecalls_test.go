package audit

import (
	"strings"
	"testing"
)

// TestRouteCallsGatewayHTTPRouter: grpc-gateway's runtime.ServeMux.HandlePath and
// httprouter's Router.HandlerFunc register a route at their path argument, as
// Handle and HandleFunc do: a health route there is registered, and a readiness
// route there that turns 503 is the shutdown's readiness.
func TestRouteCallsGatewayHTTPRouter(t *testing.T) {
	gateway := func(route string) map[string]string {
		return mainFiles("example.test/gw", strings.ReplaceAll(`package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var ready atomic.Bool
	ready.Store(true)
	gw := runtime.NewServeMux()
	if err := gw.HandlePath(http.MethodGet, ROUTE, func(w http.ResponseWriter, _ *http.Request, _ map[string]string) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}); err != nil {
		log.Fatal(err)
	}
	srv := &http.Server{Addr: ":8080", Handler: gw, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`, "ROUTE", route))
	}
	router := func(call string) map[string]string {
		return mainFiles("example.test/hr", strings.ReplaceAll(`package main

import (
	"net/http"
	"time"

	"github.com/julienschmidt/httprouter"
)

func main() {
	r := httprouter.New()
	CALL
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServe()
}
`, "CALL", call))
	}
	runCheckCases(t, []checkCase{
		{name: "grpc-gateway HandlePath /healthz", files: gateway(`"/healthz"`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "grpc-gateway HandlePath /readyz turns 503", files: gateway(`"/readyz"`), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "grpc-gateway HandlePath of an API route only", files: gateway(`"/v1/orders"`), check: "health", want: Warn, message: "no health or readiness endpoint"},
		{name: "httprouter HandlerFunc /healthz", files: router(`r.HandlerFunc(http.MethodGet, "/healthz", func(w http.ResponseWriter, _ *http.Request) {})`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "httprouter GET /healthz", files: router(`r.GET("/healthz", func(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) {})`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "http.HandlerFunc conversion is no route", files: router(`r.GET("/orders", func(w http.ResponseWriter, _ *http.Request, _ httprouter.Params) {})
	_ = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("/healthz")) })`), check: "health", want: Warn, message: "no health or readiness endpoint"},
	})
}
