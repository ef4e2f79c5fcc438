package main

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho"
)

func main() {
	e := echo.New()
	e.Use(otelecho.Middleware("j"))
	srv := &http.Server{Addr: ":8080", Handler: e, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
