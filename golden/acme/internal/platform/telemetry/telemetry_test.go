package telemetry

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func TestExporterSelection(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
	tests := []struct {
		kind string
		want bool
	}{
		{"", false},
		{"none", false},
		{"console", true},
		{"otlp", true},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			exp, err := newSpanExporter(t.Context(), tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			if got := exp != nil; got != tt.want {
				t.Errorf("span exporter %T, want one: %v", exp, tt.want)
			}
			reader, err := newMetricReader(t.Context(), tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			if got := reader != nil; got != tt.want {
				t.Errorf("metric reader %T, want one: %v", reader, tt.want)
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

func TestUnknownExporterIsAnError(t *testing.T) {
	for _, cfg := range []Config{
		{TracesExporter: "carrier-pigeon"},
		{MetricsExporter: "prometheus"},
	} {
		tel, err := Setup(t.Context(), cfg)
		if err == nil {
			_ = tel.Shutdown(t.Context())
			t.Errorf("Setup(%+v) succeeded", cfg)
		}
	}
}

// TestSetupExportsToOTLPEndpointAndFlushesOnShutdown also checks that the
// exported HTTP server metrics go without the attributes a request chooses
// (httpServerView).
func TestSetupExportsToOTLPEndpointAndFlushesOnShutdown(t *testing.T) {
	var (
		mu              sync.Mutex
		traces, metrics [][]byte
	)
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/v1/traces":
			traces = append(traces, body)
		case "/v1/metrics":
			metrics = append(metrics, body)
		}
	}))
	t.Cleanup(collector.Close)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)

	tel, err := Setup(t.Context(), Config{ServiceName: "orders-test", ServiceVersion: "v1.2.3", TracesExporter: "otlp", MetricsExporter: "otlp"})
	if err != nil {
		t.Fatal(err)
	}
	if !tel.Exporting {
		t.Error("Exporting = false with an OTLP endpoint")
	}
	_, span := otel.Tracer("test").Start(t.Context(), "work")
	span.End()
	duration, err := otel.Meter("test").Float64Histogram("http.server.request.duration")
	if err != nil {
		t.Fatal(err)
	}
	duration.Record(t.Context(), 0.01, metric.WithAttributes(
		attribute.String("http.route", "/v1/orders"),
		attribute.String("server.address", "h1.example"),
		attribute.Int("server.port", 4711),
		attribute.String("http.request.method_original", "FOO"),
	))

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
	if len(metrics) == 0 {
		t.Fatal("no metrics exported")
	}
	if !bytes.Contains(metrics[0], []byte("http.route")) {
		t.Error("exported metrics do not mention http.route")
	}
	for _, key := range requestChosenKeys {
		if bytes.Contains(metrics[0], []byte(key)) {
			t.Errorf("exported HTTP server metrics carry %s", key)
		}
	}
}

func TestShutdownNamesWhatFailedToFlush(t *testing.T) {
	// A collector that takes requests and never answers, as one that hangs.
	collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(collector.Close) // waits for the exports, which give up after OTEL_EXPORTER_OTLP_TIMEOUT
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
	t.Setenv("OTEL_BSP_EXPORT_TIMEOUT", "1000") // the span exporter's retries end with it

	tel, err := Setup(t.Context(), Config{ServiceName: "orders-test", TracesExporter: "otlp", MetricsExporter: "otlp"})
	if err != nil {
		t.Fatal(err)
	}
	_, span := otel.Tracer("test").Start(t.Context(), "work")
	span.End()
	counter, err := otel.Meter("test").Int64Counter("requests")
	if err != nil {
		t.Fatal(err)
	}
	counter.Add(t.Context(), 1)

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	err = tel.Shutdown(ctx)
	if err == nil {
		t.Fatal("shutdown succeeded against a collector that never answers")
	}
	msg := err.Error()
	for _, want := range []string{"flush traces: ", "; flush metrics: "} {
		if !strings.Contains(msg, want) {
			t.Errorf("shutdown error %q does not say %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("shutdown error spans lines: %q", msg)
	}
}

// TestShutdownFlushesEachSignalDespiteAHungOne checks that the backend of one
// signal that never answers does not cost the other signal its final
// export: the providers flush concurrently under the one shutdown context.
func TestShutdownFlushesEachSignalDespiteAHungOne(t *testing.T) {
	for _, hung := range []string{"traces", "metrics"} {
		t.Run(hung+" hung", func(t *testing.T) {
			release := make(chan struct{})
			var mu sync.Mutex
			received := map[string]int{}
			collector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				signal := strings.TrimPrefix(r.URL.Path, "/v1/")
				if signal == hung {
					<-release // answers only once the test is over
					return
				}
				mu.Lock()
				received[signal]++
				mu.Unlock()
			}))
			t.Cleanup(collector.Close)
			t.Cleanup(func() { close(release) }) // runs first: lets the hung export end
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)

			tel, err := Setup(t.Context(), Config{ServiceName: "orders-test", TracesExporter: "otlp", MetricsExporter: "otlp", Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			_, span := otel.Tracer("test").Start(t.Context(), "work")
			span.End()
			counter, err := otel.Meter("test").Int64Counter("requests")
			if err != nil {
				t.Fatal(err)
			}
			counter.Add(t.Context(), 1)

			// Shorter than the exporters' own timeout (10s): the hung flush
			// lasts until this context ends.
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			if err := tel.Shutdown(ctx); err == nil || !strings.Contains(err.Error(), "flush "+hung) {
				t.Errorf("shutdown: %v, want an error naming flush %s", err, hung)
			}
			other := map[string]string{"traces": "metrics", "metrics": "traces"}[hung]
			mu.Lock()
			defer mu.Unlock()
			if received[other] == 0 {
				t.Errorf("no %s exported: the flush of the hung %s used the whole shutdown context", other, hung)
			}
		})
	}
}

func TestSetupWithoutExporterRecordsNothing(t *testing.T) {
	tel, err := Setup(t.Context(), Config{ServiceName: "orders", TracesExporter: "none", MetricsExporter: "none"})
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

// TestSetupChecksOTLPFiles: the TLS files of the OTLP exporters are read at
// start, as the exporters read them (a signal's own variable first); a file
// they could not use stops Setup with an error naming the variable, where
// the exporters would go on without it.
func TestSetupChecksOTLPFiles(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeSelfSigned(t, dir)
	notPEM := filepath.Join(dir, "ca.txt")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.pem")
	// A collector over HTTPS that takes everything; ca is its certificate.
	collector := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }))
	defer collector.Close()
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", collector.URL)
	ca := filepath.Join(dir, "ca.crt")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: collector.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		env  map[string]string
		want string // the error of Setup; "" for none
	}{
		{map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": ca, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": cert, "OTEL_EXPORTER_OTLP_CLIENT_KEY": key}, ""},
		{map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": missing, "OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE": ca, "OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE": ca}, ""},
		{map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": missing}, "OTEL_EXPORTER_OTLP_CERTIFICATE: open " + missing},
		{map[string]string{"OTEL_EXPORTER_OTLP_CERTIFICATE": notPEM}, "OTEL_EXPORTER_OTLP_CERTIFICATE: " + notPEM + " holds no PEM certificate"},
		{map[string]string{"OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE": notPEM}, "OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: " + notPEM},
		{map[string]string{"OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE": cert, "OTEL_EXPORTER_OTLP_CLIENT_KEY": notPEM}, "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY: tls: "},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE": missing, "OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY": key}, "OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: open " + missing},
	}
	for i, tt := range tests {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			tel, err := Setup(t.Context(), Config{ServiceName: "orders", TracesExporter: "otlp", MetricsExporter: "otlp"})
			switch {
			case err == nil:
				if err := tel.Shutdown(t.Context()); err != nil {
					t.Error(err)
				}
				if tt.want != "" {
					t.Errorf("%v: Setup succeeded, want an error with %q", tt.env, tt.want)
				}
			case tt.want == "" || !strings.Contains(err.Error(), tt.want):
				t.Errorf("%v: Setup error %q, want %q", tt.env, err, tt.want)
			}
		})
	}
}

// writeSelfSigned writes a self-signed certificate and its key, in PEM, to
// dir and returns their paths.
func writeSelfSigned(t *testing.T, dir string) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "otel-collector"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "tls.crt"), filepath.Join(dir, "tls.key")
	for file, block := range map[string]*pem.Block{certFile: {Type: "CERTIFICATE", Bytes: der}, keyFile: {Type: "PRIVATE KEY", Bytes: keyDER}} {
		if err := os.WriteFile(file, pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return certFile, keyFile
}

// TestSetupReportsSDKErrorsToLogger: the errors the SDK reports while Setup
// builds the propagator and the tracer provider reach cfg.Logger at WARN,
// not the log package.
func TestSetupReportsSDKErrorsToLogger(t *testing.T) {
	t.Setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidration")
	t.Setenv("OTEL_PROPAGATORS", "tracecontext,b3mulit")
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	tel, err := Setup(t.Context(), Config{ServiceName: "orders", TracesExporter: "console", Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if err := tel.Shutdown(t.Context()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	logs := buf.String()
	for _, want := range []string{"unsupported sampler: parentbased_traceidration", "unknown propagator: b3mulit"} {
		found := false
		for line := range strings.Lines(logs) {
			if strings.Contains(line, `"level":"WARN"`) && strings.Contains(line, `"msg":"opentelemetry error"`) && strings.Contains(line, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("no WARN opentelemetry error with %q; logs:\n%s", want, logs)
		}
	}
}

// TestSDKErrorsAreJSONRecords: after Setup, an error the SDK reports through
// otel.Handle (a failed export) and its internal log (a header entry the
// exporter cannot parse) are JSON records of the service's logger, not
// plain-text lines of the log package.
func TestSDKErrorsAreJSONRecords(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:1/v1/traces")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "Authorization:Basic")
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	tel, err := Setup(t.Context(), Config{ServiceName: "orders", TracesExporter: "otlp", Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tel.Shutdown(context.Background()) })
	otel.Handle(fmt.Errorf("traces export: %w", io.ErrUnexpectedEOF))

	tests := []struct {
		level, logger, msg, err string
	}{
		{"WARN", "", "opentelemetry error", "traces export: unexpected EOF"},
		{"ERROR", "opentelemetry", "parse headers", "missing '="},
	}
	for _, tt := range tests {
		found := false
		for line := range strings.Lines(buf.String()) {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("not a JSON record: %q", line)
			}
			name, _ := rec["logger"].(string)
			if rec["level"] == tt.level && name == tt.logger && rec["msg"] == tt.msg && rec["error"] == tt.err {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s record %q with error %q; logs:\n%s", tt.level, tt.msg, tt.err, buf.String())
		}
	}
}

// TestErrorLogLimitsRepeats: each distinct error is logged at most once per
// interval; the next record of a repeated one says how many were left out.
func TestErrorLogLimitsRepeats(t *testing.T) {
	var buf bytes.Buffer
	l := newErrorLog(slog.New(slog.NewJSONHandler(&buf, nil)), time.Minute)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l.now = func() time.Time { return now }
	refused := fmt.Errorf("traces export: %w", io.ErrUnexpectedEOF)

	steps := []struct {
		advance time.Duration
		err     error
		want    string // the record written, "" for none
	}{
		{0, refused, `"error":"traces export: unexpected EOF"}`},
		{time.Second, refused, ""},
		{58 * time.Second, refused, ""},
		{0, io.ErrClosedPipe, `"error":"io: read/write on closed pipe"}`},
		{time.Second, refused, `"error":"traces export: unexpected EOF","suppressed":2}`},
		{time.Minute, refused, `"error":"traces export: unexpected EOF"}`},
		{0, nil, ""},
	}
	for i, st := range steps {
		now = now.Add(st.advance)
		buf.Reset()
		l.Handle(st.err)
		got := buf.String()
		switch {
		case st.want == "" && got != "":
			t.Errorf("step %d: logged %q, want nothing", i, got)
		case st.want != "" && (!strings.Contains(got, `"level":"WARN","msg":"opentelemetry error",`+st.want) || strings.Count(got, "\n") != 1):
			t.Errorf("step %d: logged %q, want one record ending %s", i, got, st.want)
		}
	}
}

// TestErrorLogForgetsOldErrors: the distinct errors remembered are bounded;
// past maxErrorKinds, those whose interval is over make room.
func TestErrorLogForgetsOldErrors(t *testing.T) {
	var buf bytes.Buffer
	l := newErrorLog(slog.New(slog.NewJSONHandler(&buf, nil)), time.Minute)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l.now = func() time.Time { return now }
	for i := range maxErrorKinds + 10 {
		l.Handle(fmt.Errorf("export %d failed", i))
	}
	if n := len(l.seen); n != maxErrorKinds {
		t.Fatalf("remembers %d errors, want %d", n, maxErrorKinds)
	}
	if n := strings.Count(buf.String(), "\n"); n != maxErrorKinds+10 {
		t.Errorf("logged %d records, want %d (each error once)", n, maxErrorKinds+10)
	}
	now = now.Add(time.Minute)
	l.Handle(fmt.Errorf("export %d failed", maxErrorKinds+10))
	if n := len(l.seen); n != 1 {
		t.Errorf("remembers %d errors after their interval, want 1", n)
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent writes and reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
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

func TestTraceIDs(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	ctx, span := tp.Tracer("test").Start(t.Context(), "request")
	defer span.End()
	sc := span.SpanContext()
	if traceID, spanID, ok := TraceIDs(ctx); !ok || traceID != sc.TraceID() || spanID != sc.SpanID() {
		t.Errorf("TraceIDs in a span = %x, %x, %v; want %s, %s, true", traceID, spanID, ok, sc.TraceID(), sc.SpanID())
	}
	if _, _, ok := TraceIDs(t.Context()); ok {
		t.Error("TraceIDs without a span reports ids")
	}
}
