package outbound

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

func TestOtelTransportPropagatesTrace(t *testing.T) {
	exporter := tracetest.NewInMemoryExporter()
	// Sampled whatever OTEL_TRACES_SAMPLER the shell running the tests sets.
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter), sdktrace.WithSampler(sdktrace.AlwaysSample()))
	t.Cleanup(func() {
		if err := tp.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	prop := propagation.TraceContext{}

	var seen trace.SpanContext
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = trace.SpanContextFromContext(prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header)))
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, Config{BaseURL: srv.URL, Wrap: func(rt http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(rt, otelhttp.WithTracerProvider(tp), otelhttp.WithPropagators(prop))
	}})

	// The span of the incoming request, as the router's middleware starts it.
	ctx, span := tp.Tracer("test").Start(t.Context(), "GET /v1/downstream/version")
	var v struct{}
	err := c.GetJSON(ctx, "/version", &v)
	span.End()
	if err != nil {
		t.Fatal(err)
	}

	want := span.SpanContext().TraceID()
	if !seen.IsValid() || seen.TraceID() != want {
		t.Fatalf("downstream saw trace %v (valid %v), want %v", seen.TraceID(), seen.IsValid(), want)
	}
	var client sdktrace.ReadOnlySpan
	for _, s := range exporter.GetSpans().Snapshots() {
		if s.SpanKind() == trace.SpanKindClient {
			client = s
		}
	}
	if client == nil {
		t.Fatal("no client span exported")
	}
	if client.Parent().SpanID() != span.SpanContext().SpanID() || client.SpanContext().SpanID() != seen.SpanID() {
		t.Errorf("client span %v with parent %v; want the child of %v that the downstream continues (%v)",
			client.SpanContext().SpanID(), client.Parent().SpanID(), span.SpanContext().SpanID(), seen.SpanID())
	}
}
