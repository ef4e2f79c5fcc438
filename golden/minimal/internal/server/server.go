// Package server is the HTTP router of the service, built on gin: routes,
// handlers and the middleware chain. Everything framework-independent lives
// in internal/platform.
package server

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"example.com/acme/tiny/internal/buildinfo"
	"example.com/acme/tiny/internal/platform/health"
	"example.com/acme/tiny/internal/platform/logging"
	"example.com/acme/tiny/internal/platform/requestid"
)

// maxBodyBytes caps request bodies; larger ones are answered with 413.
const maxBodyBytes = 1 << 20

// Deps are the dependencies of the handlers.
type Deps struct {
	// Logger receives the records of recovered panics.
	Logger *slog.Logger
	// AccessLog writes the line of every request.
	AccessLog *logging.AccessLog
	Probes    *health.Probes
	Build     buildinfo.Info
}

// New returns the service's HTTP handler. The chain of a request is: request
// id and body limit (net/http), then inside gin the access log, panic
// recovery and the route's handler.
func New(d Deps) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	r.HandleMethodNotAllowed = true

	r.Use(accessLog(d.AccessLog), recoverPanic(d.Logger))
	r.NoRoute(func(c *gin.Context) { writeError(c, http.StatusNotFound, "not found", "") })
	r.NoMethod(func(c *gin.Context) { writeError(c, http.StatusMethodNotAllowed, "method not allowed", "") })

	r.GET(health.LivePath, gin.WrapF(d.Probes.Live))
	r.GET(health.ReadyPath, gin.WrapF(d.Probes.Ready))
	r.GET("/version", version(d.Build))
	r.POST("/v1/orders", createOrder)

	return requestid.Middleware(http.MaxBytesHandler(r, maxBodyBytes))
}
