module example.test/shop

go 1.25

require (
	github.com/KimMachineGun/automemlimit v1.0.1
	github.com/gin-gonic/gin v1.12.0
	go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin v0.71.0
	go.opentelemetry.io/otel v1.47.0
)
