package telemetry

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
	"go.opentelemetry.io/otel/trace/noop"
)

// TraceContext returns the HTTP middleware of a service that exports
// nothing, in place of the framework's OpenTelemetry middleware: it reads
// the caller's trace context with the propagator and starts a span of tp
// (see Telemetry.TracerProvider), so log lines and outbound calls carry the
// trace, at the cost of a few small allocations per request.
func TraceContext(tp trace.TracerProvider, propagator propagation.TextMapPropagator) func(http.Handler) http.Handler {
	tracer := tp.Tracer("gitlab.example.com/platform/payments-api/internal/platform/telemetry")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := propagator.Extract(r.Context(), headerCarrier(r.Header))
			ctx, span := tracer.Start(ctx, "request")
			defer span.End()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// headerCarrier is propagation.HeaderCarrier reading the headers of the
// default propagators (W3C trace context and baggage) under their canonical
// names directly: HeaderCarrier canonicalises the lower-case name a
// propagator asks for on every read, an allocation each time.
type headerCarrier http.Header

// Get returns the first value of the header key.
func (c headerCarrier) Get(key string) string {
	if v := c[canonicalName(key)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Values returns every value of the header key.
func (c headerCarrier) Values(key string) []string {
	return c[canonicalName(key)]
}

// Set sets the header key to value.
func (c headerCarrier) Set(key, value string) {
	http.Header(c).Set(key, value)
}

// Keys lists the header names.
func (c headerCarrier) Keys() []string {
	return propagation.HeaderCarrier(c).Keys()
}

// canonicalName returns the canonical form of a header name, without
// computing it for the names of the default propagators.
func canonicalName(key string) string {
	switch key {
	case "traceparent":
		return "Traceparent"
	case "tracestate":
		return "Tracestate"
	case "baggage":
		return "Baggage"
	}
	return http.CanonicalHeaderKey(key)
}

// unrecordedProvider is the tracer provider when no span exporter is
// configured. Its spans record nothing, but each gets a new span id, and a
// new trace id when it has no parent, so the ids reach the logs and the
// services called. Whether a span is marked sampled, which the services
// called follow, is what the configured sampler decides, as when spans are
// exported: with the default sampler (parentbased_always_on, sampler nil) a
// span keeps its parent's trace flags and trace state, passing on the
// caller's decision unchanged, and a new trace is marked sampled, so the
// services called record their part.
type unrecordedProvider struct {
	embedded.TracerProvider
	// sampler is the sampler of OTEL_TRACES_SAMPLER (see samplerFromEnv);
	// nil for the default, which costs nothing to apply.
	sampler sdktrace.Sampler
}

// Tracer returns a tracer of unrecorded spans.
func (p unrecordedProvider) Tracer(string, ...trace.TracerOption) trace.Tracer {
	return unrecordedTracer{sampler: p.sampler}
}

type unrecordedTracer struct {
	embedded.Tracer
	sampler sdktrace.Sampler
}

// Start returns ctx with a new unrecorded span, the child of the span in ctx
// unless opts ask for a new root.
func (t unrecordedTracer) Start(ctx context.Context, name string, opts ...trace.SpanStartOption) (context.Context, trace.Span) {
	parent := trace.SpanContextFromContext(ctx)
	newRoot := false
	if len(opts) > 0 {
		if cfg := trace.NewSpanStartConfig(opts...); cfg.NewRoot() {
			parent, newRoot = trace.SpanContext{}, true
		}
	}
	cfg := trace.SpanContextConfig{
		TraceID:    parent.TraceID(),
		SpanID:     newSpanID(),
		TraceFlags: parent.TraceFlags(),
		TraceState: parent.TraceState(),
	}
	if !parent.IsValid() {
		cfg = trace.SpanContextConfig{TraceID: newTraceID(), SpanID: cfg.SpanID, TraceFlags: trace.FlagsSampled}
	}
	if t.sampler != nil {
		// As the SDK decides for a span it would record: the sampler sees
		// the parent in the context (none for a new root) and the trace id.
		sampleCtx := ctx
		if newRoot {
			sampleCtx = trace.ContextWithSpanContext(ctx, parent)
		}
		res := t.sampler.ShouldSample(sdktrace.SamplingParameters{ParentContext: sampleCtx, TraceID: cfg.TraceID, Name: name})
		cfg.TraceFlags = cfg.TraceFlags.WithSampled(res.Decision == sdktrace.RecordAndSample)
		cfg.TraceState = res.Tracestate
	}
	span := &unrecordedSpan{sc: trace.NewSpanContext(cfg), sampler: t.sampler}
	return trace.ContextWithSpan(ctx, span), span
}

// unrecordedSpan is a span that records nothing but has its own ids.
type unrecordedSpan struct {
	noop.Span
	sc      trace.SpanContext
	sampler sdktrace.Sampler
}

// SpanContext returns the span's ids, flags and trace state.
func (s *unrecordedSpan) SpanContext() trace.SpanContext { return s.sc }

// TracerProvider returns the provider of unrecorded spans.
func (s *unrecordedSpan) TracerProvider() trace.TracerProvider {
	return unrecordedProvider{sampler: s.sampler}
}

// samplerFromEnv returns the sampler OTEL_TRACES_SAMPLER and
// OTEL_TRACES_SAMPLER_ARG configure, read as the SDK reads them for the
// spans it records (sdk/trace/sampler_env.go, which it does not export):
// nil when unset or parentbased_always_on, the default. config.Load refuses
// the values the SDK would not take; were one set anyway, the SDK's own
// fallback (a ratio of 1) applies.
func samplerFromEnv() sdktrace.Sampler {
	ratio := 1.0
	if arg := strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER_ARG")); arg != "" {
		if r, err := strconv.ParseFloat(arg, 64); err == nil && r >= 0 && r <= 1 {
			ratio = r
		}
	}
	switch strings.ToLower(strings.TrimSpace(os.Getenv("OTEL_TRACES_SAMPLER"))) {
	case "always_on":
		return sdktrace.AlwaysSample()
	case "always_off":
		return sdktrace.NeverSample()
	case "traceidratio":
		return sdktrace.TraceIDRatioBased(ratio)
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample())
	case "parentbased_traceidratio":
		return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))
	}
	return nil
}

// newTraceID returns a random, valid (non-zero) trace id. The generator of
// math/rand/v2 is seeded from the operating system and safe for concurrent
// use without a lock.
func newTraceID() trace.TraceID {
	var id trace.TraceID
	for !id.IsValid() {
		binary.BigEndian.PutUint64(id[:8], rand.Uint64()) //nolint:gosec // unique, not secret, as the SDK's ids
		binary.BigEndian.PutUint64(id[8:], rand.Uint64()) //nolint:gosec // unique, not secret, as the SDK's ids
	}
	return id
}

// newSpanID returns a random, valid (non-zero) span id.
func newSpanID() trace.SpanID {
	var id trace.SpanID
	for !id.IsValid() {
		binary.BigEndian.PutUint64(id[:], rand.Uint64()) //nolint:gosec // unique, not secret, as the SDK's ids
	}
	return id
}
