module example.com/acme/orders

go 1.26

require (
	github.com/gin-gonic/gin v1.12.0
)
