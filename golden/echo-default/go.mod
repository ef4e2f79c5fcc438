module example.com/acme/billing

go 1.26.0

require (
	github.com/KimMachineGun/automemlimit v1.0.1
	github.com/labstack/echo/v5 v5.4.4
	go.uber.org/goleak v1.3.0
)
