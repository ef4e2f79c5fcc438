// Command api serves the users API.
package main

import (
	"log"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

func newServer() *echo.Echo {
	e := echo.New()
	e.Use(middleware.Recover())
	e.GET("/users/:id", func(c echo.Context) error {
		return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id")})
	})
	return e
}

func main() {
	e := newServer()
	log.Fatal(e.Start(":1323"))
}
