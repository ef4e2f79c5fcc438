package main

import (
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// init sets the SDK's TracerProvider, which the tracing middleware records on.
func init() { otel.SetTracerProvider(sdktrace.NewTracerProvider()) }
