module example.com/fixtures/echoapi

go 1.22

require github.com/labstack/echo/v4 v4.13.3
