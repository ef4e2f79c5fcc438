package main

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"example.test/mono/internal/probe"
)

func main() {
	r := gin.New()
	r.GET(probe.Path, func(c *gin.Context) { c.Status(http.StatusOK) })
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	srv.ListenAndServe()
}
