// Package telemetry sets up OpenTelemetry tracing and metrics from the
// standard OTEL_* environment variables.
//
// Exporters are chosen by OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER
// (otlp, console, none; metrics also prometheus), with the OTLP exporter
// configured by OTEL_EXPORTER_OTLP_* as usual. Unlike the OpenTelemetry
// default, nothing is exported when neither the exporter variable nor an OTLP
// endpoint (OTEL_EXPORTER_OTLP_ENDPOINT or the per-signal variant) is set:
// spans still get ids for propagation and log correlation, but no exporter
// retries a collector that does not exist. Propagation follows
// OTEL_PROPAGATORS, W3C trace context and baggage by default.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"go.opentelemetry.io/contrib/exporters/autoexport"
	"go.opentelemetry.io/contrib/propagators/autoprop"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
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
const scope = "gitlab.acme.example/payments/ledger/internal/platform/telemetry"

// Setup installs the global tracer provider, meter provider and propagator,
// which instrumentation libraries read. The returned shutdown flushes and
// stops both providers; call it last during shutdown with a context that
// bounds how long flushing may take.
func Setup(ctx context.Context, cfg Config) (shutdown func(context.Context) error, err error) {
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

	traceOpts := []sdktrace.TracerProviderOption{sdktrace.WithResource(res)}
	if spanExporter != nil {
		traceOpts = append(traceOpts, sdktrace.WithBatcher(spanExporter))
	}
	metricOpts := []sdkmetric.Option{sdkmetric.WithResource(res)}
	if reader != nil {
		metricOpts = append(metricOpts, sdkmetric.WithReader(reader))
	}
	tp := sdktrace.NewTracerProvider(traceOpts...)
	mp := sdkmetric.NewMeterProvider(metricOpts...)
	shutdown = func(ctx context.Context) error {
		return errors.Join(tp.Shutdown(ctx), mp.Shutdown(ctx))
	}
	if cfg.CertExpiry != nil {
		if err := cfg.CertExpiry.register(mp.Meter(scope)); err != nil {
			return nil, errors.Join(err, shutdown(ctx))
		}
	}

	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		logger.Warn("opentelemetry error", "error", err)
	}))
	otel.SetTracerProvider(tp)
	otel.SetMeterProvider(mp)
	otel.SetTextMapPropagator(autoprop.NewTextMapPropagator())
	return shutdown, nil
}

// newSpanExporter returns the span exporter chosen by the environment, or nil
// when none is configured.
func newSpanExporter(ctx context.Context) (sdktrace.SpanExporter, error) {
	exp, err := autoexport.NewSpanExporter(ctx, autoexport.WithFallbackSpanExporter(
		func(ctx context.Context) (sdktrace.SpanExporter, error) {
			if !otlpEndpointSet("TRACES") {
				return nil, nil
			}
			return autoexport.NewSpanExporter(ctx) // OTEL_TRACES_EXPORTER is unset: OTLP
		}))
	if err != nil {
		return nil, err
	}
	if exp == nil || autoexport.IsNoneSpanExporter(exp) {
		return nil, nil
	}
	return exp, nil
}

// newMetricReader returns the metric reader chosen by the environment, or nil
// when none is configured.
func newMetricReader(ctx context.Context) (sdkmetric.Reader, error) {
	reader, err := autoexport.NewMetricReader(ctx, autoexport.WithFallbackMetricReader(
		func(ctx context.Context) (sdkmetric.Reader, error) {
			if !otlpEndpointSet("METRICS") {
				return nil, nil
			}
			return autoexport.NewMetricReader(ctx) // OTEL_METRICS_EXPORTER is unset: OTLP
		}))
	if err != nil {
		return nil, err
	}
	if reader == nil || autoexport.IsNoneMetricReader(reader) {
		return nil, nil
	}
	return reader, nil
}

// otlpEndpointSet reports whether an OTLP endpoint is configured for the
// signal (TRACES, METRICS).
func otlpEndpointSet(signal string) bool {
	return os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" ||
		os.Getenv("OTEL_EXPORTER_OTLP_"+signal+"_ENDPOINT") != ""
}
