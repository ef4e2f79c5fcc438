package main

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	if err := e.Start(":1323"); err != nil && !errors.Is(err, http.ErrServerClosed) {
		e.Logger.Fatal("shutting down the server")
	}
}
