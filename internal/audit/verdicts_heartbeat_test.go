package audit

import (
	"strings"
	"testing"
)

// TestHealthChiHeartbeat: chi's middleware.Heartbeat(path) answers GET and HEAD on
// path itself: a health endpoint at that path.
func TestHealthChiHeartbeat(t *testing.T) {
	files := func(chi, use string) map[string]string {
		return mainFiles("example.test/c", strings.NewReplacer("CHI", chi, "USE", use).Replace(`package main

import (
	"net/http"
	"time"

	"CHI"
	"CHI/middleware"
)

func main() {
	r := chi.NewRouter()
	USE
	r.Get("/orders", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`))
	}
	runCheckCases(t, []checkCase{
		{name: "Heartbeat used on the router (chi v5)", files: files("github.com/go-chi/chi/v5", `r.Use(middleware.Heartbeat("/healthz"))`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "Heartbeat used on the router (chi v1)", files: files("github.com/go-chi/chi", `r.Use(middleware.Heartbeat("/health"))`), check: "health", want: Pass, message: "health endpoints: /health"},
		{name: "another middleware with a path", files: files("github.com/go-chi/chi/v5", `r.Use(middleware.StripSlashes)`), check: "health", want: Warn, message: "no health or readiness endpoint"},
	})
}
