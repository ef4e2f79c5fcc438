// Package web holds the router and the admin handler.
package web

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
)

var draining atomic.Bool

// Draining turns readiness to 503.
func Draining() { draining.Store(true) }

// Router returns the public router.
func Router(version, commit string) http.Handler {
	r := gin.New()
	r.Use(otelgin.Middleware("shop"))
	r.GET("/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })
	r.GET("/readyz", func(c *gin.Context) {
		if draining.Load() {
			c.Status(http.StatusServiceUnavailable)
			return
		}
		c.Status(http.StatusOK)
	})
	r.GET("/version", func(c *gin.Context) { c.String(http.StatusOK, version+" "+commit) })
	return r
}

// Admin serves pprof behind a bearer token.
func Admin(token string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		mux.ServeHTTP(w, r)
	})
}
