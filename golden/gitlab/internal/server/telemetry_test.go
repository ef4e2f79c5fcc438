package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"gitlab.example.com/platform/payments-api/internal/buildinfo"
	"gitlab.example.com/platform/payments-api/internal/platform/health"
	"gitlab.example.com/platform/payments-api/internal/platform/logging"
	"gitlab.example.com/platform/payments-api/internal/platform/telemetry"
)

const (
	traceID     = "4bf92f3577b34da6a3ce929d0e0e4736"
	parentID    = "00f067aa0ba902b7"
	traceparent = "00-" + traceID + "-" + parentID + "-01"
)

// newTracedFixture returns a fixture whose spans go to an in-memory exporter
// and whose logger adds trace and span ids, as in production.
func newTracedFixture(t *testing.T) (fixture, *tracetest.InMemoryExporter) {
	t.Helper()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	t.Cleanup(func() { _ = tp.Shutdown(t.Context()) })
	f := newTelemetryFixture(&telemetry.Telemetry{
		TracerProvider: tp,
		MeterProvider:  noop.NewMeterProvider(),
		Propagator:     propagation.TraceContext{},
		Exporting:      true,
	})
	return f, spans
}

// newTelemetryFixture returns a fixture with tel and a logger that adds trace
// and span ids, as in production.
func newTelemetryFixture(tel *telemetry.Telemetry) fixture {
	var logs bytes.Buffer
	out := logging.NewOutput(&logs, 0)
	probes := &health.Probes{}
	h := New(Deps{
		Logger:    slog.New(telemetry.NewLogHandler(logging.New(out, slog.LevelInfo).Handler())),
		AccessLog: logging.NewAccessLog(out, slog.LevelInfo, telemetry.TraceIDs),
		Probes:    probes,
		Build:     buildinfo.Info{Version: "v1.2.3"},
		Telemetry: tel,
	})
	return fixture{handler: h, probes: probes, logs: &logs}
}

func TestTraceparentContinuesTrace(t *testing.T) {
	f, spans := newTracedFixture(t)
	rec := f.do(http.MethodPost, "/v1/orders", `{"item":"book","quantity":1}`, http.Header{
		"Content-Type": {"application/json"},
		"Traceparent":  {traceparent},
	})
	if rec.Code != http.StatusCreated {
		t.Fatalf("status = %d, want 201; body %s", rec.Code, rec.Body)
	}

	got := spans.GetSpans()
	if len(got) != 1 {
		t.Fatalf("got %d spans, want 1", len(got))
	}
	span := got[0]
	if span.SpanContext.TraceID().String() != traceID || span.Parent.SpanID().String() != parentID {
		t.Errorf("span trace %s parent %s, want trace %s parent %s",
			span.SpanContext.TraceID(), span.Parent.SpanID(), traceID, parentID)
	}
	var route string
	for _, a := range span.Attributes {
		if a.Key == "http.route" {
			route = a.Value.AsString()
		}
	}
	if route != "/v1/orders" || !strings.Contains(span.Name, "/v1/orders") {
		t.Errorf("span %q with http.route %q, want the route /v1/orders in both", span.Name, route)
	}

	line := decode(t, f.logs)
	if line["msg"] != "request" || line["trace_id"] != traceID || line["span_id"] != span.SpanContext.SpanID().String() {
		t.Errorf("access log %v, want trace_id %s and span_id %s", line, traceID, span.SpanContext.SpanID())
	}
}

func TestProbesAreNotTraced(t *testing.T) {
	f, spans := newTracedFixture(t)
	for _, path := range []string{health.LivePath, health.ReadyPath} {
		if rec := f.do(http.MethodGet, path, "", http.Header{"Traceparent": {traceparent}}); rec.Code != http.StatusOK {
			t.Fatalf("%s: status %d, want 200", path, rec.Code)
		}
	}
	if got := spans.GetSpans(); len(got) != 0 {
		t.Fatalf("probes produced %d spans, want none", len(got))
	}
}

// TestTraceIDsWithoutExporter is the production setup without any OTEL_*
// variable (no exporter): nothing is recorded, but the access log carries the
// caller's trace id and a span id of this service.
func TestTraceIDsWithoutExporter(t *testing.T) {
	tel, err := telemetry.Setup(t.Context(), telemetry.Config{ServiceName: "test", TracesExporter: "none", MetricsExporter: "none"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tel.Shutdown(t.Context()) })
	if tel.Exporting {
		t.Fatal("telemetry exports without any OTEL_* variable")
	}
	f := newTelemetryFixture(tel)
	rec := f.do(http.MethodPost, "/v1/orders", `{"item":"book","quantity":1}`, http.Header{
		"Content-Type": {"application/json"},
		"Traceparent":  {traceparent},
	})
	if rec.Code != http.StatusCreated {
		t.Fatalf("status = %d, want 201; body %s", rec.Code, rec.Body)
	}
	line := decode(t, f.logs)
	spanID, _ := line["span_id"].(string)
	if line["trace_id"] != traceID || len(spanID) != 16 || spanID == parentID {
		t.Errorf("access log %v, want trace_id %s and a new span_id", line, traceID)
	}
}
