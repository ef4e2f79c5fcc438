package main

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/stdout/stdouttrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// exporter writes the spans to stdout.
var exporter, _ = stdouttrace.New()

// init sets the SDK's TracerProvider, which the tracing middleware records on
// and which exports its spans.
func init() { otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))) }
