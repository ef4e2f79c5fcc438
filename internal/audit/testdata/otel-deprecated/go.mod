module example.test/j

go 1.26

require (
	github.com/labstack/echo/v4 v4.13.4
	go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho v0.70.0
)
