package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestReadinessProbeUnroutedPath: a readinessProbe that asks a path no route of the
// program registers, while a route named for readiness turns 503, is WARN when it is
// known that nothing serves the path (the pod never turns ready), and UNKNOWN, saying
// what may serve it, when it is not.
func TestReadinessProbeUnroutedPath(t *testing.T) {
	program := func(routes, wrap string) string {
		return `package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/ready", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	` + routes + `
	srv := &http.Server{Addr: ":8080", Handler: ` + wrap + `, ReadHeaderTimeout: 5 * time.Second}
	ready.Store(true)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`
	}
	deployment := func(container, path string, port int) string {
		return fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n"+
			"        - name: %s\n          image: ghcr.io/acme/%s:1.0\n          readinessProbe:\n            httpGet:\n              path: %s\n              port: %d\n", container, container, path, port)
	}
	const gate = `func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/readyz" {
			return
		}
		mux.ServeHTTP(w, r)
	}`
	tests := []struct {
		name             string
		routes, wrap     string
		manifest         string
		want             Status
		message, notWant string
		at               string // an evidence file:line, or ""
	}{
		{name: "the probe asks the route that turns 503", wrap: "mux", manifest: deployment("api", "/ready", 8080),
			want: Pass, message: "readiness turns 503"},
		{name: "the probe asks a path no route serves", wrap: "mux", manifest: deployment("api", "/readyz", 8080),
			want: Warn, message: "the readinessProbe asks /readyz, which no route of the program registers (it registers /healthz, /ready): the route that turns 503 (/ready) is not the one the kubelet asks, and /readyz answers 404, so the pod never turns ready",
			at: "deploy/api.yaml:13"},
		{name: "a catch-all route may serve it", routes: `mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})`, wrap: "mux", manifest: deployment("api", "/readyz", 8080),
			want: Unknown, message: "if nothing serves /readyz, it answers 404 and the pod never turns ready (the route / at cmd/api/main.go:24 is a pattern that may serve it)", notWant: "so the pod never turns ready"},
		{name: "a wildcard route may serve it", routes: `mux.HandleFunc("GET /{name}", func(w http.ResponseWriter, r *http.Request) {})`, wrap: "mux", manifest: deployment("api", "/readyz", 8080),
			want: Unknown, message: "the route /{name} at cmd/api/main.go:24 is a pattern"},
		{name: "a route whose path is not a constant", routes: `for _, p := range []string{"/live", "/readyz"} { mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {}) }`, wrap: "mux", manifest: deployment("api", "/readyz", 8080),
			want: Unknown, message: "if nothing serves /readyz"},
		{name: "the handler answers the path itself", wrap: "http.HandlerFunc(" + gate + ")", manifest: deployment("api", "/readyz", 8080),
			want: Unknown, message: "the program names /readyz at cmd/api/main.go"},
		{name: "a container tied to no main package", wrap: "mux", manifest: deployment("web", "/readyz", 8080),
			want: Unknown, message: "the container is tied to no main package"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"go.mod":          "module example.com/acme/api\n\ngo 1.25\n",
				"cmd/api/main.go": program(tt.routes, tt.wrap),
				"deploy/api.yaml": tt.manifest,
			}
			rep, err := Run(context.Background(), openTempRepo(t, files), Options{Only: []string{"shutdown"}, Main: "cmd/api"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1", len(rep.Results))
			}
			r := rep.Results[0]
			if r.Status != tt.want || !strings.Contains(r.Message, tt.message) || tt.notWant != "" && strings.Contains(r.Message, tt.notWant) {
				t.Fatalf("shutdown: %s %q\n\twant %s and a message containing %q", r.Status, r.Message, tt.want, tt.message)
			}
			if tt.at == "" {
				return
			}
			for _, e := range r.Evidence {
				if fmt.Sprintf("%s:%d", e.File, e.Line) == tt.at {
					return
				}
			}
			t.Errorf("evidence %v lacks %s", r.Evidence, tt.at)
		})
	}
}
