module example.com/acme/orders

go 1.26.0

require (
	github.com/KimMachineGun/automemlimit v1.0.1
	github.com/gin-gonic/gin v1.12.0
	go.uber.org/goleak v1.3.0
)
