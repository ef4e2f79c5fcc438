// Package server is the HTTP router of the service, built on Echo: routes,
// handlers and the middleware chain. Everything framework-independent lives
// in internal/platform.
package server

import (
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v5"

	"gitlab.example.com/platform/payments-api/internal/buildinfo"
	"gitlab.example.com/platform/payments-api/internal/platform/health"
	"gitlab.example.com/platform/payments-api/internal/platform/requestid"
)

// maxBodyBytes caps request bodies; larger ones are answered with 413.
const maxBodyBytes = 1 << 20

// Deps are the dependencies of the handlers.
type Deps struct {
	Logger *slog.Logger
	Probes *health.Probes
	Build  buildinfo.Info
}

// New returns the service's HTTP handler. The chain of a request is:
// request id and body limit (net/http), then inside Echo the access log,
// panic recovery and the route's handler.
func New(d Deps) http.Handler {
	e := echo.NewWithConfig(echo.Config{
		Logger:           d.Logger,
		HTTPErrorHandler: handleError,
	})

	e.Use(accessLog(d.Logger), recoverPanic(d.Logger))

	e.GET("/healthz", echo.WrapHandler(http.HandlerFunc(d.Probes.Live)))
	e.GET("/readyz", echo.WrapHandler(http.HandlerFunc(d.Probes.Ready)))
	e.GET("/version", version(d.Build))
	e.POST("/v1/orders", createOrder)

	return requestid.Middleware(http.MaxBytesHandler(e, maxBodyBytes))
}
