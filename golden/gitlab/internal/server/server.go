// Package server holds the HTTP router.
package server

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

// New returns the router.
func New() http.Handler {
	e := echo.New()
	e.GET("/healthz", func(c *echo.Context) error { return c.String(http.StatusOK, "ok") })
	return e
}
