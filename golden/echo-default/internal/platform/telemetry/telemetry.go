// Package telemetry sets up OpenTelemetry tracing and metrics.
//
// The configuration (internal/config, from OTEL_TRACES_EXPORTER,
// OTEL_METRICS_EXPORTER and the OTLP endpoints) chooses an exporter per
// signal: otlp, console or none. The OTLP exporters speak OTLP over HTTP:
// the gRPC exporters are not compiled in, but the option code the HTTP
// exporters share with them links part of the grpc module (the build tag
// grpcnotrace leaves out its request tracing, which otherwise keeps most of
// the binary's unused methods in it).
// They read OTEL_EXPORTER_OTLP_* themselves; the SDK reads the other standard
// variables (OTEL_TRACES_SAMPLER, OTEL_METRIC_EXPORT_INTERVAL, ...); on a
// sampler or propagator it does not know it only reports an error, so
// internal/config refuses those values at start. When a
// signal exports nothing, nothing is recorded either: spans still get ids,
// so the trace context reaches the logs and the services called, but they
// are not recorded, and metric instruments do nothing. Propagation follows
// OTEL_PROPAGATORS, W3C trace context and baggage by default.
package telemetry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-logr/logr"
	"go.opentelemetry.io/contrib/propagators/autoprop"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	"go.opentelemetry.io/otel/metric"
	metricnoop "go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// Config describes the service to the telemetry backends.
type Config struct {
	// ServiceName and ServiceVersion become the service.name and
	// service.version resource attributes. OTEL_SERVICE_NAME and
	// OTEL_RESOURCE_ATTRIBUTES override them.
	ServiceName    string
	ServiceVersion string
	// TracesExporter and MetricsExporter are otlp, console or none (the
	// empty string): see config.OTel.
	TracesExporter  string
	MetricsExporter string
	// Logger receives errors of the OpenTelemetry SDK, such as failed
	// exports, at WARN, each distinct one at most once a minute, and its
	// internal log (default slog.Default()).
	Logger *slog.Logger
	// CertExpiry, when set, is published as the certificate expiry gauge.
	CertExpiry *CertExpiry
}

// scope is the instrumentation scope of the metrics registered here.
const scope = "example.com/acme/billing/internal/platform/telemetry"

// Telemetry holds the providers Setup installed globally.
type Telemetry struct {
	// TracerProvider records and exports spans when a span exporter is
	// configured; otherwise its spans only carry ids.
	TracerProvider trace.TracerProvider
	// MeterProvider records metrics when a metric exporter is configured;
	// otherwise its instruments do nothing.
	MeterProvider metric.MeterProvider
	// Propagator reads and writes the trace context of HTTP headers.
	Propagator propagation.TextMapPropagator
	// Exporting reports whether spans or metrics leave the process. Without,
	// HTTP servers need no instrumentation beyond TraceContext.
	Exporting bool

	shutdown []func(context.Context) error
}

// Setup installs the global tracer provider, meter provider and propagator,
// which instrumentation libraries read, and returns them. Call Shutdown last
// during shutdown, with a context that bounds how long flushing may take.
func Setup(ctx context.Context, cfg Config) (*Telemetry, error) {
	logger := cfg.Logger
	if logger == nil {
		logger = slog.Default()
	}
	// First: building the resource, the propagator and the tracer provider
	// reports errors of their environment variables (an unknown sampler or
	// propagator, which config.Load refuses) to these, not to the SDK's
	// defaults, which write plain-text lines through the log package.
	otel.SetErrorHandler(newErrorLog(logger, errorInterval))
	otel.SetLogger(logr.FromSlogHandler(sdkLogHandler{logger.Handler()}).WithName("opentelemetry"))
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(),
		resource.WithAttributes(semconv.ServiceName(cfg.ServiceName), semconv.ServiceVersion(cfg.ServiceVersion)),
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, fmt.Errorf("build telemetry resource: %w", err)
	}

	spanExporter, err := newSpanExporter(ctx, cfg.TracesExporter)
	if err != nil {
		return nil, fmt.Errorf("create span exporter: %w", err)
	}
	reader, err := newMetricReader(ctx, cfg.MetricsExporter)
	if err != nil {
		if spanExporter != nil {
			err = errors.Join(err, spanExporter.Shutdown(ctx))
		}
		return nil, fmt.Errorf("create metric reader: %w", err)
	}

	t := &Telemetry{
		TracerProvider: unrecordedProvider{sampler: samplerFromEnv()},
		MeterProvider:  metricnoop.NewMeterProvider(),
		Propagator:     autoprop.NewTextMapPropagator(),
		Exporting:      spanExporter != nil || reader != nil,
	}
	if spanExporter != nil {
		tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithBatcher(spanExporter))
		t.TracerProvider = tp
		t.shutdown = append(t.shutdown, func(ctx context.Context) error {
			if err := tp.Shutdown(ctx); err != nil {
				return fmt.Errorf("flush traces: %w", err)
			}
			return nil
		})
	}
	if reader != nil {
		mp := NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(reader))
		t.MeterProvider = mp
		t.shutdown = append(t.shutdown, func(ctx context.Context) error {
			if err := mp.Shutdown(ctx); err != nil {
				return fmt.Errorf("flush metrics: %w", err)
			}
			return nil
		})
	}
	if cfg.CertExpiry != nil {
		if err := cfg.CertExpiry.register(t.MeterProvider.Meter(scope)); err != nil {
			return nil, errors.Join(err, t.Shutdown(ctx))
		}
	}

	otel.SetTracerProvider(t.TracerProvider)
	otel.SetMeterProvider(t.MeterProvider)
	otel.SetTextMapPropagator(t.Propagator)
	return t, nil
}

// Shutdown flushes and stops the providers that export, concurrently under
// ctx: a backend that does not answer costs the other signal nothing of the
// time ctx allows. Its error names what failed (flush traces, flush
// metrics), on one line.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	errs := make([]error, len(t.shutdown))
	var wg sync.WaitGroup
	for i, shutdown := range t.shutdown {
		wg.Go(func() { errs[i] = shutdown(ctx) })
	}
	wg.Wait()
	var err error
	for _, e := range errs {
		switch {
		case e == nil:
		case err == nil:
			err = e
		default:
			err = fmt.Errorf("%w; %w", err, e)
		}
	}
	return err
}

// errorInterval is how often the same SDK error is logged at most. An
// unreachable collector fails every export with the same error: every 5s for
// spans (OTEL_BSP_SCHEDULE_DELAY), and more often under load.
const errorInterval = time.Minute

// maxErrorKinds bounds the distinct errors an errorLog remembers.
const maxErrorKinds = 64

// errorLog is the otel.ErrorHandler of the service: it logs the errors the
// SDK and the exporters report (failed exports, dropped data) to logger at
// WARN, "opentelemetry error" with the error in "error", and each distinct
// error at most once per interval. The next record of an error logged again
// after its interval says in "suppressed" how many times it came meanwhile.
type errorLog struct {
	logger   *slog.Logger
	interval time.Duration
	now      func() time.Time

	mu   sync.Mutex
	seen map[string]*errorSeen // by error message
}

// errorSeen is when an error was last logged, and how many times it was
// reported since.
type errorSeen struct {
	logged     time.Time
	suppressed int
}

func newErrorLog(logger *slog.Logger, interval time.Duration) *errorLog {
	return &errorLog{logger: logger, interval: interval, now: time.Now, seen: map[string]*errorSeen{}}
}

// Handle logs err unless the same error was logged less than the interval
// ago.
func (l *errorLog) Handle(err error) {
	if err == nil {
		return
	}
	msg := err.Error()
	l.mu.Lock()
	now := l.now()
	seen, ok := l.seen[msg]
	if ok && now.Sub(seen.logged) < l.interval {
		seen.suppressed++
		l.mu.Unlock()
		return
	}
	suppressed := 0
	if ok {
		suppressed = seen.suppressed
	} else if len(l.seen) >= maxErrorKinds {
		// Forget the errors whose interval is over; if all are recent, the
		// new one is logged each time rather than remembered.
		for m, s := range l.seen {
			if now.Sub(s.logged) >= l.interval {
				delete(l.seen, m)
			}
		}
	}
	if ok || len(l.seen) < maxErrorKinds {
		l.seen[msg] = &errorSeen{logged: now}
	}
	l.mu.Unlock()
	if suppressed > 0 {
		l.logger.Warn("opentelemetry error", "error", msg, "suppressed", suppressed)
		return
	}
	l.logger.Warn("opentelemetry error", "error", msg)
}

// sdkLogHandler is the handler of the SDK's internal log (otel.SetLogger):
// its errors at ERROR, its warnings and information below INFO (logr's V(1)
// is slog level -1, V(4) is DEBUG), the error under the service's key,
// "error", instead of logr's "err".
type sdkLogHandler struct{ slog.Handler }

// Handle renames the attribute "err" of r to "error" and passes it on.
func (h sdkLogHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, r.Message, r.PC)
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			a.Key = "error"
		}
		out.AddAttrs(a)
		return true
	})
	return h.Handler.Handle(ctx, out)
}

// WithAttrs returns an sdkLogHandler whose records also carry attrs.
func (h sdkLogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return sdkLogHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup returns an sdkLogHandler that nests later attributes in name.
func (h sdkLogHandler) WithGroup(name string) slog.Handler {
	return sdkLogHandler{h.Handler.WithGroup(name)}
}

// requestChosenKeys are the attributes of the HTTP server metrics whose
// values the client chooses: server.address and server.port come from the
// Host header, http.request.method_original is the raw method of a request
// with a non-standard one. The HTTP semantic conventions make the first two
// opt-in on metrics, as they "may allow an attacker to trigger cardinality
// limits", and the third is a span attribute. Kept, each distinct value
// would start a series: a client sending a few thousand Host headers or
// methods would fill the SDK's cardinality limit (2000 series per
// instrument), after which every new route, method and status series lands
// in the otel.metric.overflow series until the process restarts.
var requestChosenKeys = []attribute.Key{"server.address", "server.port", "http.request.method_original"}

// httpServerView drops requestChosenKeys from the HTTP server metrics
// (http.server.*) of every instrumentation: the framework's middleware or
// otelhttp. They stay keyed by method, route, status code, scheme and
// protocol; spans keep every attribute.
var httpServerView = sdkmetric.NewView(
	sdkmetric.Instrument{Name: "http.server.*"},
	sdkmetric.Stream{AttributeFilter: attribute.NewDenyKeysFilter(requestChosenKeys...)},
)

// NewMeterProvider returns an SDK meter provider with opts and the views of
// the service (httpServerView). Setup builds the provider that exports with
// it; tests build one with a manual reader.
func NewMeterProvider(opts ...sdkmetric.Option) *sdkmetric.MeterProvider {
	return sdkmetric.NewMeterProvider(append(opts, sdkmetric.WithView(httpServerView))...)
}

// checkOTLPFiles reads the TLS files of the OTLP exporter of signal (TRACES
// or METRICS) as the exporter will: the CA bundle (the signal's
// OTEL_EXPORTER_OTLP_*CERTIFICATE, else the general one) and the client
// certificate and key. On a file it cannot read or parse, the exporter only
// writes a plain-text line and goes on with the system roots and without a
// client certificate, so every export to a collector behind a private CA or
// asking for a client certificate fails. config.Load checks that a certificate
// has its key.
func checkOTLPFiles(signal string) error {
	get := func(name string) (string, string) {
		for _, n := range []string{"OTEL_EXPORTER_OTLP_" + signal + "_" + name, "OTEL_EXPORTER_OTLP_" + name} {
			if v := strings.TrimSpace(os.Getenv(n)); v != "" {
				return n, v
			}
		}
		return "", ""
	}
	var errs []error
	if name, file := get("CERTIFICATE"); file != "" {
		if pem, err := os.ReadFile(file); err != nil { //nolint:gosec // the path is configuration
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		} else if !x509.NewCertPool().AppendCertsFromPEM(pem) {
			errs = append(errs, fmt.Errorf("%s: %s holds no PEM certificate", name, file))
		}
	}
	certName, certFile := get("CLIENT_CERTIFICATE")
	keyName, keyFile := get("CLIENT_KEY")
	if certFile != "" && keyFile != "" {
		if _, err := tls.LoadX509KeyPair(certFile, keyFile); err != nil {
			errs = append(errs, fmt.Errorf("%s and %s: %w", certName, keyName, err))
		}
	}
	return errors.Join(errs...)
}

// newSpanExporter returns the span exporter of kind, or nil for none.
func newSpanExporter(ctx context.Context, kind string) (sdktrace.SpanExporter, error) {
	switch kind {
	case "otlp":
		if err := checkOTLPFiles("TRACES"); err != nil {
			return nil, err
		}
		return otlptracehttp.New(ctx)
	case "console":
		return stdouttrace.New()
	case "", "none":
		return nil, nil
	}
	return nil, fmt.Errorf("unknown traces exporter %q", kind)
}

// newMetricReader returns a reader that exports to the metric exporter of
// kind every OTEL_METRIC_EXPORT_INTERVAL (60s by default), or nil for none.
func newMetricReader(ctx context.Context, kind string) (sdkmetric.Reader, error) {
	var exp sdkmetric.Exporter
	var err error
	switch kind {
	case "otlp":
		if err := checkOTLPFiles("METRICS"); err != nil {
			return nil, err
		}
		exp, err = otlpmetrichttp.New(ctx)
	case "console":
		exp, err = stdoutmetric.New()
	case "", "none":
		return nil, nil
	default:
		return nil, fmt.Errorf("unknown metrics exporter %q", kind)
	}
	if err != nil {
		return nil, err
	}
	return sdkmetric.NewPeriodicReader(exp), nil
}
