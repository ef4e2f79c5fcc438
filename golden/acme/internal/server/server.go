// Package server is the HTTP router of the service, built on gin: routes,
// handlers and the middleware chain. Everything framework-independent lives
// in internal/platform.
package server

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"

	"gitlab.acme.example/payments/ledger/internal/buildinfo"
	"gitlab.acme.example/payments/ledger/internal/downstream"
	"gitlab.acme.example/payments/ledger/internal/platform/health"
	"gitlab.acme.example/payments/ledger/internal/platform/logging"
	"gitlab.acme.example/payments/ledger/internal/platform/requestid"
	"gitlab.acme.example/payments/ledger/internal/platform/telemetry"
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
	// Admit, when set, runs after the access log and panic recovery and
	// before routing goes on: when it returns false it has answered the
	// request (tlsreload.Reloader.Admit answers 421 on a connection whose
	// client CA was removed), which then still carries its X-Request-ID and
	// gets its access-log line.
	Admit func(http.ResponseWriter, *http.Request) bool
	// Downstream serves GET /v1/downstream/version; nil leaves the route
	// out (DOWNSTREAM_URL unset).
	Downstream http.Handler
	// Telemetry traces the requests. When it exports spans or metrics, the
	// framework's OpenTelemetry middleware records a span and the HTTP
	// metrics of each request but the health probes; when it exports
	// nothing, requests only continue the caller's trace context, so logs and
	// outbound calls carry the trace at next to no cost. Nil leaves requests
	// untraced.
	Telemetry *telemetry.Telemetry
}

// New returns the service's HTTP handler. The chain of a request is: request
// id and body limit (net/http); when telemetry exports nothing, the trace
// context (telemetry.TraceContext); then inside gin the tracing middleware
// when telemetry exports (otelgin, which skips the health probes), the
// access log (which logs with the span's context), panic recovery,
// the client certificate check (Deps.Admit) and the route's handler
// (serverOptions answers "OPTIONS *").
func New(d Deps) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.ContextWithFallback = true
	// A path that is a route's but for a trailing slash (/healthz/) is no
	// route. gin.New turns on its redirect of such a path, which answers 301
	// or 307 before any middleware runs: without an access-log line or panic
	// recovery, untraced, past the client certificate check.
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

	var h http.Handler = r
	switch t := d.Telemetry; {
	case t == nil:
	case t.Exporting:
		r.Use(otelgin.Middleware("ledger",
			otelgin.WithTracerProvider(t.TracerProvider),
			otelgin.WithMeterProvider(t.MeterProvider),
			otelgin.WithPropagators(t.Propagator),
			otelgin.WithFilter(traced),
		))
	default:
		h = telemetry.TraceContext(t.TracerProvider, t.Propagator)(h)
	}

	r.Use(accessLog(d.AccessLog), recoverPanic(d.Logger))
	if d.Admit != nil {
		r.Use(admit(d.Admit))
	}
	r.Use(serverOptions)
	r.NoRoute(func(c *gin.Context) { writeError(c, http.StatusNotFound, "not found", "") })
	r.NoMethod(noMethod)

	r.Match(getHead, health.LivePath, gin.WrapF(d.Probes.Live))
	r.Match(getHead, health.ReadyPath, gin.WrapF(d.Probes.Ready))
	r.Match(getHead, "/version", version(d.Build))
	r.POST("/v1/orders", createOrder)
	if d.Downstream != nil {
		r.Match(getHead, downstream.Route, gin.WrapH(d.Downstream))
	}

	return requestid.Middleware(limitBody(h))
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

// traced reports whether a request gets a span: the health probes do not. It
// compares the path as sent, as routing does: an escaped spelling of a probe's
// path (/heal%74hz) is no probe but a traced 404.
func traced(r *http.Request) bool {
	path := r.URL.EscapedPath()
	return path != health.LivePath && path != health.ReadyPath
}
