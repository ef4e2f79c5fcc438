package audit

import "testing"

// TestVerdictsOnPublicEndpoint: tracing middleware given WithPublicEndpoint (or
// WithPublicEndpointFn) starts a new trace for each request and only links the
// incoming one: WARN, named, since that is right only at a public edge.
func TestVerdictsOnPublicEndpoint(t *testing.T) {
	const warn = "it starts a new trace for each request and only links the incoming one"
	runCheckCases(t, []checkCase{
		{name: "WithPublicEndpoint on the handler that is served",
			files: otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPublicEndpoint())", "traced"),
			check: "otel", want: Warn, message: "tracing middleware is given WithPublicEndpoint (main.go:21): " + warn},
		{name: "WithPublicEndpointFn",
			files: otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPublicEndpointFn(func(*http.Request) bool { return true }))", "traced"),
			check: "otel", want: Warn, message: "tracing middleware is given WithPublicEndpointFn (main.go:21)"},
		{name: "WithPublicEndpoint in a slice of options",
			files: otelFiles("opts := []otelhttp.Option{otelhttp.WithSpanNameFormatter(nil)}\n\topts = append(opts, otelhttp.WithPublicEndpoint())\n\ttraced := otelhttp.NewHandler(app, \"api\", opts...)", "traced"),
			check: "otel", want: Warn, message: "tracing middleware is given WithPublicEndpoint (main.go:22)"},
		{name: "WithPublicEndpoint on NewMiddleware",
			files: otelFiles("traced := otelhttp.NewMiddleware(\"api\", otelhttp.WithPublicEndpoint())(app)", "traced"),
			check: "otel", want: Warn, message: "tracing middleware is given WithPublicEndpoint"},
		{name: "no public endpoint option",
			files: otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithSpanNameFormatter(nil))", "traced"),
			check: "otel", want: Pass, message: "tracing middleware wraps the router and a propagator is installed"},
	})
}
