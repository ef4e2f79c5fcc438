package server

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"example.com/acme/orders/internal/buildinfo"
	"example.com/acme/orders/internal/platform/health"
	"example.com/acme/orders/internal/platform/logging"
	"example.com/acme/orders/internal/platform/telemetry"
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
	// The sampler production's default is, whatever OTEL_TRACES_SAMPLER the
	// shell running the tests sets.
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans), sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())))
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
	// An escaped spelling of a probe's path is no probe: a 404, traced.
	if rec := f.do(http.MethodGet, "/heal%74hz", "", http.Header{"Traceparent": {traceparent}}); rec.Code != http.StatusNotFound {
		t.Fatalf("/heal%%74hz: status %d, want 404", rec.Code)
	}
	if got := spans.GetSpans(); len(got) != 1 {
		t.Fatalf("/heal%%74hz produced %d spans, want 1", len(got))
	}
}

// TestTraceIDsWithoutExporter is the production setup without any OTEL_*
// variable (no exporter): nothing is recorded, but the access log carries the
// caller's trace id and a span id of this service.
func TestTraceIDsWithoutExporter(t *testing.T) {
	// Setup reads the OTEL_ variables; those of the shell running the tests
	// (OTEL_PROPAGATORS=b3...) are unset for this test, and restored after it.
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "OTEL_") {
			t.Setenv(name, "")
			if err := os.Unsetenv(name); err != nil {
				t.Fatal(err)
			}
		}
	}
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

// TestRequestsDoNotChooseMetricSeries sends what a scanner sends: distinct
// Host headers and made-up methods. Had they become attribute values (the
// Host header's name and port as server.address and server.port, the raw
// method as http.request.method_original), each would start a series of
// http.server.request.duration, and a few thousand would fill the SDK's
// cardinality limit, after which real routes' series land in the overflow
// series. The metrics stay keyed by method, route and status.
func TestRequestsDoNotChooseMetricSeries(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := telemetry.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(t.Context()) })
	f := newTelemetryFixture(&telemetry.Telemetry{
		TracerProvider: sdktrace.NewTracerProvider(),
		MeterProvider:  mp,
		Propagator:     propagation.TraceContext{},
		Exporting:      true,
	})
	const n = 20
	for i := range n {
		req := httptest.NewRequest(http.MethodGet, "/version", nil)
		req.Host = fmt.Sprintf("h%d.example:%d", i, 1000+i)
		f.handler.ServeHTTP(httptest.NewRecorder(), req)
		f.handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(fmt.Sprintf("FOO%d", i), "/version", nil))
	}

	var rm metricdata.ResourceMetrics
	if err := reader.Collect(t.Context(), &rm); err != nil {
		t.Fatal(err)
	}
	var series []string
	var version uint64
	chosen := map[string]int{} // key: series that have it
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if m.Name != "http.server.request.duration" {
				continue
			}
			hist, ok := m.Data.(metricdata.Histogram[float64])
			if !ok {
				t.Fatalf("http.server.request.duration is a %T, want a histogram", m.Data)
			}
			for _, dp := range hist.DataPoints {
				series = append(series, dp.Attributes.Encoded(attribute.DefaultEncoder()))
				for _, key := range []attribute.Key{"server.address", "server.port", "http.request.method_original"} {
					if dp.Attributes.HasValue(key) {
						chosen[string(key)]++
					}
				}
				method, _ := dp.Attributes.Value("http.request.method")
				route, _ := dp.Attributes.Value("http.route")
				status, _ := dp.Attributes.Value("http.response.status_code")
				if method.AsString() == http.MethodGet && route.AsString() == "/version" && status.AsInt64() == http.StatusOK {
					version += dp.Count
				}
			}
		}
	}
	if len(chosen) > 0 {
		t.Errorf("series carry attributes the request chooses (key: number of series): %v", chosen)
	}
	if version != n {
		t.Errorf("series of GET /version 200 count %d requests, want %d", version, n)
	}
	// One series for GET /version, at most one or two for the made-up
	// methods (_OTHER, by status).
	if len(series) > 3 {
		t.Errorf("%d series of http.server.request.duration for %d requests to one route, want at most 3; the first:\n%s",
			len(series), 2*n, strings.Join(series[:3], "\n"))
	}
}
