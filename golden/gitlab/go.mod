module gitlab.example.com/platform/payments-api

go 1.26

require (
	github.com/labstack/echo/v5 v5.4.4
)
