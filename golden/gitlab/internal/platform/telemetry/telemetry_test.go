package telemetry

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// clearEnv unsets the variables that choose exporters.
func clearEnv(t *testing.T) {
	for _, name := range []string{
		"OTEL_TRACES_EXPORTER", "OTEL_METRICS_EXPORTER",
		"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
		"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_PROPAGATORS", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
	} {
		t.Setenv(name, "")
	}
}

func TestExporterSelection(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		wantTraces bool
		wantReader bool
	}{
		{name: "nothing configured", env: nil},
		{name: "explicit none", env: map[string]string{"OTEL_TRACES_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}},
		{name: "explicit otlp", env: map[string]string{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_METRICS_EXPORTER": "otlp"}, wantTraces: true, wantReader: true},
		{name: "otlp over http/json", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, wantTraces: true, wantReader: true},
		{name: "per-signal protocol wins", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "http/protobuf", "OTEL_METRICS_EXPORTER": "none"}, wantTraces: true},
		{name: "console", env: map[string]string{"OTEL_TRACES_EXPORTER": "console", "OTEL_METRICS_EXPORTER": "console"}, wantTraces: true, wantReader: true},
		{name: "otlp endpoint", env: map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}, wantTraces: true, wantReader: true},
		{name: "traces endpoint only", env: map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"}, wantTraces: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			exp, err := newSpanExporter(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got := exp != nil; got != tt.wantTraces {
				t.Errorf("span exporter %T, want one: %v", exp, tt.wantTraces)
			}
			reader, err := newMetricReader(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got := reader != nil; got != tt.wantReader {
				t.Errorf("metric reader %T, want one: %v", reader, tt.wantReader)
			}
			if exp != nil {
				if err := exp.Shutdown(t.Context()); err != nil {
					t.Error(err)
				}
			}
			if reader != nil {
				if err := reader.Shutdown(t.Context()); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func TestUnsupportedExporterIsAnError(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"unknown traces exporter", map[string]string{"OTEL_TRACES_EXPORTER": "carrier-pigeon"}, `OTEL_TRACES_EXPORTER="carrier-pigeon": want otlp, console or none`},
		{"prometheus", map[string]string{"OTEL_METRICS_EXPORTER": "prometheus"}, `OTEL_METRICS_EXPORTER="prometheus"`},
		{"grpc", map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"}, `OTEL_EXPORTER_OTLP_PROTOCOL="grpc": this service exports OTLP over HTTP only`},
		{"grpc for metrics", map[string]string{"OTEL_METRICS_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL": "grpc"}, `OTEL_EXPORTER_OTLP_METRICS_PROTOCOL="grpc"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clearEnv(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			tel, err := Setup(t.Context(), Config{ServiceName: "orders"})
			if err == nil {
				_ = tel.Shutdown(t.Context())
				t.Fatal("Setup succeeded")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSetupExportsToOTLPEndpointAndFlushesOnShutdown(t *testing.T) {
	var (
		mu     sync.Mutex
		traces [][]byte
	)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.URL.Path == "/v1/traces" {
			mu.Lock()
			traces = append(traces, body)
			mu.Unlock()
		}
	}))
	t.Cleanup(collector.Close)
	clearEnv(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)

	tel, err := Setup(t.Context(), Config{ServiceName: "orders-test", ServiceVersion: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	if !tel.Exporting {
		t.Error("Exporting = false with an OTLP endpoint")
	}
	_, span := otel.Tracer("test").Start(t.Context(), "work")
	span.End()

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := tel.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(traces) == 0 {
		t.Fatal("no spans exported")
	}
	for _, want := range []string{"orders-test", "v1.2.3", "work"} {
		if !bytes.Contains(traces[0], []byte(want)) {
			t.Errorf("exported spans do not mention %q", want)
		}
	}
}

func TestSetupWithoutExporterRecordsNothing(t *testing.T) {
	clearEnv(t)
	tel, err := Setup(t.Context(), Config{ServiceName: "orders"})
	if err != nil {
		t.Fatal(err)
	}
	if tel.Exporting {
		t.Error("Exporting = true without any exporter")
	}
	_, span := otel.Tracer("test").Start(t.Context(), "work")
	if !span.SpanContext().IsValid() || span.IsRecording() {
		t.Errorf("span valid %v, recording %v; want valid ids and no recording", span.SpanContext().IsValid(), span.IsRecording())
	}
	span.End()
	counter, err := otel.Meter("test").Int64Counter("requests")
	if err != nil {
		t.Fatal(err)
	}
	if counter.Enabled(t.Context()) {
		t.Error("a metric instrument is enabled without a reader")
	}
	if err := tel.Shutdown(t.Context()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}

func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(NewLogHandler(slog.NewJSONHandler(&buf, nil))).With("service", "orders")
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("test").Start(t.Context(), "request")
	defer span.End()

	logger.InfoContext(ctx, "in span")
	logger.InfoContext(t.Context(), "no span")

	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want 2:\n%s", len(lines), buf.Bytes())
	}
	var inSpan, noSpan map[string]any
	if err := json.Unmarshal(lines[0], &inSpan); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(lines[1], &noSpan); err != nil {
		t.Fatal(err)
	}
	sc := span.SpanContext()
	if inSpan["trace_id"] != sc.TraceID().String() || inSpan["span_id"] != sc.SpanID().String() || inSpan["service"] != "orders" {
		t.Errorf("log line in span: %s, want trace_id %s, span_id %s and service", lines[0], sc.TraceID(), sc.SpanID())
	}
	if _, ok := noSpan["trace_id"]; ok {
		t.Errorf("log line without span has a trace_id: %s", lines[1])
	}
}
