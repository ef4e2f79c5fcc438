// Package server holds the HTTP router.
package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// New returns the router.
func New() http.Handler {
	r := gin.New()
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	return r
}
