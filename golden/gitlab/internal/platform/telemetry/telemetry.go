// Package telemetry sets up OpenTelemetry tracing and metrics from the
// standard OTEL_* environment variables.
//
// Exporters are chosen by OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER
// (otlp, console or none), with the OTLP exporter configured by
// OTEL_EXPORTER_OTLP_* as usual; OTLP goes over HTTP (http/protobuf, the
// default, or http/json), not gRPC, which keeps gRPC out of the binary.
// Unlike the OpenTelemetry default, nothing is exported when neither the
// exporter variable nor an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or the
// per-signal variant) is set, and then nothing is recorded either: spans
// still get ids, so the trace context reaches the logs and the services
// called, but they are not recorded, and metric instruments do nothing.
// Propagation follows OTEL_PROPAGATORS, W3C trace context and baggage by
// default.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"go.opentelemetry.io/contrib/propagators/autoprop"
	"go.opentelemetry.io/otel"
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
	// Logger receives errors of the OpenTelemetry SDK, such as failed
	// exports (default slog.Default()).
	Logger *slog.Logger
	// CertExpiry, when set, is published as the certificate expiry gauge.
	CertExpiry *CertExpiry
}

// scope is the instrumentation scope of the metrics registered here.
const scope = "gitlab.example.com/platform/payments-api/internal/platform/telemetry"

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
	res, err := resource.New(ctx,
		resource.WithTelemetrySDK(),
		resource.WithAttributes(semconv.ServiceName(cfg.ServiceName), semconv.ServiceVersion(cfg.ServiceVersion)),
		resource.WithFromEnv(),
	)
	if err != nil {
		return nil, fmt.Errorf("build telemetry resource: %w", err)
	}

	spanExporter, err := newSpanExporter(ctx)
	if err != nil {
		return nil, fmt.Errorf("create span exporter: %w", err)
	}
	reader, err := newMetricReader(ctx)
	if err != nil {
		if spanExporter != nil {
			err = errors.Join(err, spanExporter.Shutdown(ctx))
		}
		return nil, fmt.Errorf("create metric reader: %w", err)
	}

	t := &Telemetry{
		TracerProvider: unrecordedProvider{},
		MeterProvider:  metricnoop.NewMeterProvider(),
		Propagator:     autoprop.NewTextMapPropagator(),
		Exporting:      spanExporter != nil || reader != nil,
	}
	if spanExporter != nil {
		tp := sdktrace.NewTracerProvider(sdktrace.WithResource(res), sdktrace.WithBatcher(spanExporter))
		t.TracerProvider = tp
		t.shutdown = append(t.shutdown, tp.Shutdown)
	}
	if reader != nil {
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(reader))
		t.MeterProvider = mp
		t.shutdown = append(t.shutdown, mp.Shutdown)
	}
	if cfg.CertExpiry != nil {
		if err := cfg.CertExpiry.register(t.MeterProvider.Meter(scope)); err != nil {
			return nil, errors.Join(err, t.Shutdown(ctx))
		}
	}

	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		logger.Warn("opentelemetry error", "error", err)
	}))
	otel.SetTracerProvider(t.TracerProvider)
	otel.SetMeterProvider(t.MeterProvider)
	otel.SetTextMapPropagator(t.Propagator)
	return t, nil
}

// Shutdown flushes and stops the providers that export.
func (t *Telemetry) Shutdown(ctx context.Context) error {
	var errs []error
	for _, shutdown := range t.shutdown {
		errs = append(errs, shutdown(ctx))
	}
	return errors.Join(errs...)
}

// newSpanExporter returns the span exporter chosen by the environment, or nil
// when none is configured.
func newSpanExporter(ctx context.Context) (sdktrace.SpanExporter, error) {
	kind, err := exporterKind("TRACES")
	if err != nil {
		return nil, err
	}
	switch kind {
	case "otlp":
		return otlptracehttp.New(ctx)
	case "console":
		return stdouttrace.New()
	}
	return nil, nil
}

// newMetricReader returns the metric reader chosen by the environment, or nil
// when none is configured. It reads and exports every
// OTEL_METRIC_EXPORT_INTERVAL (60s by default).
func newMetricReader(ctx context.Context) (sdkmetric.Reader, error) {
	kind, err := exporterKind("METRICS")
	if err != nil {
		return nil, err
	}
	var exp sdkmetric.Exporter
	switch kind {
	case "otlp":
		exp, err = otlpmetrichttp.New(ctx)
	case "console":
		exp, err = stdoutmetric.New()
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return sdkmetric.NewPeriodicReader(exp), nil
}

// exporterKind returns the exporter of signal (TRACES or METRICS): otlp,
// console or none. OTEL_<signal>_EXPORTER chooses it; when that is unset,
// otlp if an OTLP endpoint is configured for the signal, none otherwise.
func exporterKind(signal string) (string, error) {
	name := "OTEL_" + signal + "_EXPORTER"
	kind := strings.TrimSpace(os.Getenv(name))
	if kind == "" {
		kind = "none"
		if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || os.Getenv("OTEL_EXPORTER_OTLP_"+signal+"_ENDPOINT") != "" {
			kind = "otlp"
		}
	}
	switch kind {
	case "none", "console":
		return kind, nil
	case "otlp":
		return kind, otlpProtocol(signal)
	}
	return "", fmt.Errorf("%s=%q: want otlp, console or none", name, kind)
}

// otlpProtocol checks the OTLP protocol of signal: the exporters compiled in
// speak OTLP over HTTP.
func otlpProtocol(signal string) error {
	for _, name := range []string{"OTEL_EXPORTER_OTLP_" + signal + "_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		switch p := os.Getenv(name); p {
		case "":
			continue
		case "http/protobuf", "http/json":
			return nil
		default:
			return fmt.Errorf("%s=%q: this service exports OTLP over HTTP only: set http/protobuf (the collector's port 4318) or unset it", name, p)
		}
	}
	return nil
}
