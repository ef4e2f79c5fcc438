module example.test/billing

go 1.26

require (
	github.com/KimMachineGun/automemlimit v1.0.1
	github.com/labstack/echo-opentelemetry v0.0.3
	github.com/labstack/echo/v5 v5.4.4
	go.opentelemetry.io/otel v1.47.0
)
