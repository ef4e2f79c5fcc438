package audit

import (
	"strings"
	"testing"
)

// TestHealthGroupPaths audits health routes registered on groups and subrouters with a
// prefix: the message names the paths served (the prefix joined to the route), which
// are those a probe must ask, and not the prefix of the group alone.
func TestHealthGroupPaths(t *testing.T) {
	gin := func(routes string) map[string]string {
		return mainFiles("example.test/g", strings.Replace(`package main

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	ROUTES
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}
`, "ROUTES", routes, 1))
	}
	chi := mainFiles("example.test/c", `package main

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Route("/health", func(r chi.Router) {
		r.Get("/live", func(w http.ResponseWriter, _ *http.Request) {})
		r.Get("/ready", func(w http.ResponseWriter, _ *http.Request) {})
	})
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}
`)
	ok := "func(c *gin.Context) { c.Status(http.StatusOK) }"
	runCheckCases(t, []checkCase{
		{name: "gin group /health", files: gin(`h := r.Group("/health")
	h.GET("/live", ` + ok + `)
	h.GET("/ready", ` + ok + `)`), check: "health", want: Pass, message: "health endpoints: /health/live, /health/ready"},
		{name: "nested gin groups", files: gin(`api := r.Group("/api")
	v1 := api.Group("/v1")
	v1.GET("/healthz", ` + ok + `)`), check: "health", want: Pass, message: "health endpoints: /api/v1/healthz"},
		{name: "a route on the engine keeps its path", files: gin(`r.GET("/healthz", ` + ok + `)`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		// A route of the empty path on a group serves the group's prefix itself.
		{name: "gin group with an empty route", files: gin(`h := r.Group("/healthz")
	h.GET("", ` + ok + `)`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "gin group called in place with an empty route", files: gin(`r.Group("/healthz").GET("", ` + ok + `)`), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "chi Route", files: chi, check: "health", want: Pass, message: "health endpoints: /health/live, /health/ready"},
	})
	// The message names no other path: not the prefix alone, not a bare segment.
	for _, files := range []map[string]string{gin(`h := r.Group("/health")
	h.GET("/live", ` + ok + `)
	h.GET("/ready", ` + ok + `)`), chi} {
		if res := auditInlineAt(t, files, "", "health"); res.Message != "health endpoints: /health/live, /health/ready" {
			t.Errorf("health: %s %q, want only the served paths", res.Status, res.Message)
		}
	}
}
