package audit

import (
	"testing"
)

// TestVerdictsOnMiddlewarePropagators audits services whose tracing middleware is
// given its own propagators, which replace the global ones for what it wraps.
func TestVerdictsOnMiddlewarePropagators(t *testing.T) {
	const noTrace = "tracing middleware is given its own propagators (WithPropagators), which replace the global ones for what it wraps and extract no trace context"
	const pass = "tracing middleware wraps the router and a propagator is installed"
	ginFiles := func(use string) map[string]string {
		return mainFiles("example.test/g", `package main

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	r := gin.New()
	`+use+`
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`)
	}
	runCheckCases(t, []checkCase{
		{
			name:    "the handler's own propagator of baggage only",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.Baggage{}))", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the handler's own empty composite propagator, through a variable",
			files:   otelFiles("opt := otelhttp.WithPropagators(propagation.NewCompositeTextMapPropagator())\n\ttraced := otelhttp.NewHandler(app, \"api\", opt)", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the handler's own propagator of baggage only, in a slice of options spread into the call",
			files:   otelFiles("opts := []otelhttp.Option{otelhttp.WithSpanNameFormatter(nil)}\n\topts = append(opts, otelhttp.WithPropagators(&propagation.Baggage{}))\n\ttraced := otelhttp.NewHandler(app, \"api\", opts...)", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the middleware's own propagator of baggage only (otelhttp.NewMiddleware)",
			files:   otelFiles("traced := otelhttp.NewMiddleware(\"api\", otelhttp.WithPropagators(propagation.Baggage{}))(app)", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "gin's middleware with its own propagator of baggage only",
			files:   ginFiles(`r.Use(otelgin.Middleware("orders", otelgin.WithPropagators(propagation.Baggage{})))`),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the handler's own propagators with TraceContext",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})))", "traced"),
			check:   "otel",
			want:    Pass,
			message: pass,
		},
		{
			name:    "gin's middleware with its own propagator with TraceContext",
			files:   withProvider(ginFiles(`r.Use(otelgin.Middleware("orders", otelgin.WithPropagators(propagation.TraceContext{})))`), ""),
			check:   "otel",
			want:    Pass,
			message: pass,
		},
		{
			name:    "the handler's own propagator with TraceContext and no global one",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.TraceContext{}))", "traced", "_ = otel.GetTextMapPropagator()"),
			check:   "otel",
			want:    Pass,
			message: pass + " (the middleware's own, WithPropagators)",
		},
		{
			name:    "the handler's own propagator with TraceContext and a global one of baggage only",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.TraceContext{}))", "traced", "otel.SetTextMapPropagator(propagation.Baggage{})"),
			check:   "otel",
			want:    Pass,
			message: pass + " (the middleware's own, WithPropagators)",
		},
		{
			name:    "one handler with its own propagator, another without, and no global one",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.TraceContext{}))\n\tadmin := &http.Server{Addr: \":9090\", Handler: otelhttp.NewHandler(http.NotFoundHandler(), \"admin\"), ReadHeaderTimeout: time.Second}\n\tgo admin.ListenAndServe()", "traced", "_ = otel.GetTextMapPropagator()"),
			check:   "otel",
			want:    Fail,
			message: "tracing middleware is installed but no propagator is (otel.SetTextMapPropagator)",
		},
		{
			// A client transport's propagators inject into outgoing requests: they
			// are not the server middleware's.
			name:    "a transport's own propagator of baggage only is not the middleware's",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\")\n\thttp.DefaultClient.Transport = otelhttp.NewTransport(http.DefaultTransport, otelhttp.WithPropagators(propagation.Baggage{}))", "traced"),
			check:   "otel",
			want:    Pass,
			message: pass,
		},
		{
			name: "the handler's own propagator of baggage only, built where main's flow never goes",
			files: map[string]string{
				"go.mod":       "module example.test/o\n\ngo 1.26\n",
				"telemetry.go": providerInit,
				"main.go":      otelMain("traced := otelhttp.NewHandler(app, \"api\")", "traced") + "\nfunc unused() http.Handler {\n\treturn otelhttp.NewHandler(nil, \"x\", otelhttp.WithPropagators(propagation.Baggage{}))\n}\n",
			},
			check:   "otel",
			want:    Pass,
			message: pass,
		},
	})
}
