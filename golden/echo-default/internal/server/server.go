// Package server is the HTTP router of the service, built on Echo: routes,
// handlers and the middleware chain. Everything framework-independent lives
// in internal/platform.
package server

import (
	"log/slog"
	"net/http"

	echootel "github.com/labstack/echo-opentelemetry"
	"github.com/labstack/echo/v5"

	"example.com/acme/billing/internal/buildinfo"
	"example.com/acme/billing/internal/downstream"
	"example.com/acme/billing/internal/platform/health"
	"example.com/acme/billing/internal/platform/logging"
	"example.com/acme/billing/internal/platform/requestid"
	"example.com/acme/billing/internal/platform/telemetry"
)

// getHead are the methods of a read route: every GET route answers HEAD too
// (RFC 9110 section 9.1), as health checkers and uptime monitors probe with
// HEAD. net/http sends no body for HEAD.
var getHead = []string{http.MethodGet, http.MethodHead}

// Deps are the dependencies of the handlers.
type Deps struct {
	// Logger receives Echo's own records, those of recovered panics and
	// the errors handlers return without an HTTP status (see errorHandler).
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
// context (telemetry.TraceContext); then inside Echo the tracing middleware
// when telemetry exports (echootel, which skips the health probes), the
// access log (which logs with the span's context), panic recovery,
// the client certificate check (Deps.Admit) and the route's handler
// (serverOptions answers "OPTIONS *").
func New(d Deps) http.Handler {
	e := echo.NewWithConfig(echo.Config{
		Logger:           d.Logger,
		HTTPErrorHandler: errorHandler(d.Logger),
	})

	var h http.Handler = e
	switch t := d.Telemetry; {
	case t == nil:
	case t.Exporting:
		e.Use(echootel.NewMiddlewareWithConfig(echootel.Config{
			TracerProvider: t.TracerProvider,
			MeterProvider:  t.MeterProvider,
			Propagators:    t.Propagator,
			Skipper:        untraced,
		}))
	default:
		h = telemetry.TraceContext(t.TracerProvider, t.Propagator)(h)
	}

	e.Use(accessLog(d.AccessLog), recoverPanic(d.Logger))
	if d.Admit != nil {
		e.Use(admit(d.Admit))
	}
	e.Use(serverOptions)

	e.Match(getHead, health.LivePath, echo.WrapHandler(http.HandlerFunc(d.Probes.Live)))
	e.Match(getHead, health.ReadyPath, echo.WrapHandler(http.HandlerFunc(d.Probes.Ready)))
	e.Match(getHead, "/version", version(d.Build))
	e.POST("/v1/orders", createOrder)
	if d.Downstream != nil {
		e.Match(getHead, downstream.Route, echo.WrapHandler(d.Downstream))
	}

	return requestid.Middleware(limitBody(h))
}

// untraced reports whether a request goes without a span: the health probes
// do. It compares the path as sent, as routing does: an escaped spelling of a
// probe's path (/heal%74hz) is no probe but a traced 404.
func untraced(c *echo.Context) bool {
	path := c.Request().URL.EscapedPath()
	return path == health.LivePath || path == health.ReadyPath
}
