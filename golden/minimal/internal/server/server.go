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

// getHead are the methods of a read route: every GET route answers HEAD too
// (RFC 9110 section 9.1), as health checkers and uptime monitors probe with
// HEAD. net/http sends no body for HEAD.
var getHead = []string{http.MethodGet, http.MethodHead}

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
// recovery and the route's handler
// (serverOptions answers "OPTIONS *").
func New(d Deps) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	// A path that is a route's but for a trailing slash (/healthz/) is no
	// route. gin.New turns on its redirect of such a path, which answers 301
	// or 307 before any middleware runs: without an access-log line or panic
	// recovery.
	// Off, it gets NoRoute's JSON 404 through the chain, as in the Echo
	// variant, and so does a route's path in another case (/HEALTHZ), whose
	// redirect gin.New leaves off, kept so here; a method the path has no
	// route for gets noMethod's answer, through the chain too.
	r.RedirectTrailingSlash = false
	r.RedirectFixedPath = false
	r.HandleMethodNotAllowed = true
	// Routes are matched on the path as sent (URL.RawPath when the request
	// escapes it otherwise than Go would), as Echo does: /v1%2Forders is the
	// one segment "v1/orders" and /heal%74hz no spelling of /healthz, so both
	// are 404 instead of being served as the route a gateway in front, which
	// routes and authorizes on the path as sent, took them not to be. Path
	// values are still unescaped (UnescapePathValues, on from gin.New).
	r.UseRawPath = true

	r.Use(accessLog(d.AccessLog), recoverPanic(d.Logger))
	r.Use(serverOptions)
	r.NoRoute(func(c *gin.Context) { writeError(c, http.StatusNotFound, "not found", "") })
	r.NoMethod(noMethod)

	r.Match(getHead, health.LivePath, gin.WrapF(d.Probes.Live))
	r.Match(getHead, health.ReadyPath, gin.WrapF(d.Probes.Ready))
	r.Match(getHead, "/version", version(d.Build))
	r.POST("/v1/orders", createOrder)

	return requestid.Middleware(limitBody(r))
}

// noMethod answers a request whose method the path has no route for as the
// Echo variant does: OPTIONS (RFC 9110 section 9.3.7) with 204 and no body,
// any other method with the JSON 405; each with the Allow header gin has set
// to the path's methods, OPTIONS put first as it is answered too. No CORS is
// configured: the 204 has no Access-Control-Allow-* header, so a browser's
// preflight still fails.
func noMethod(c *gin.Context) {
	c.Header("Allow", http.MethodOptions+", "+c.Writer.Header().Get("Allow"))
	if c.Request.Method == http.MethodOptions {
		c.AbortWithStatus(http.StatusNoContent)
		return
	}
	writeError(c, http.StatusMethodNotAllowed, "method not allowed", "")
}
