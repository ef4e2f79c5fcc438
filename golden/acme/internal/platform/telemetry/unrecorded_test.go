package telemetry

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/baggage"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

const (
	callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
	callerSpan  = "00f067aa0ba902b7"
)

// serveTraced runs one request with headers through TraceContext and returns
// the span context the handler saw and whether its span was recording.
func serveTraced(t *testing.T, headers map[string]string) (trace.SpanContext, bool) {
	t.Helper()
	var sc trace.SpanContext
	var recording bool
	propagator := propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	h := TraceContext(unrecordedProvider{}, propagator)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		span := trace.SpanFromContext(r.Context())
		sc, recording = span.SpanContext(), span.IsRecording()
	}))
	req := httptest.NewRequest(http.MethodGet, "/v1/orders", nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	h.ServeHTTP(httptest.NewRecorder(), req)
	return sc, recording
}

func TestTraceContextContinuesTheCallersTrace(t *testing.T) {
	tests := []struct {
		name        string
		traceparent string
		tracestate  string
		wantSampled bool
	}{
		{"sampled caller", "00-" + callerTrace + "-" + callerSpan + "-01", "", true},
		{"caller that did not sample", "00-" + callerTrace + "-" + callerSpan + "-00", "", false},
		{"trace state", "00-" + callerTrace + "-" + callerSpan + "-01", "vendor=abc", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, recording := serveTraced(t, map[string]string{"Traceparent": tt.traceparent, "Tracestate": tt.tracestate})
			if recording {
				t.Error("span is recording")
			}
			if sc.TraceID().String() != callerTrace {
				t.Errorf("trace id %s, want the caller's %s", sc.TraceID(), callerTrace)
			}
			if !sc.SpanID().IsValid() || sc.SpanID().String() == callerSpan {
				t.Errorf("span id %s, want a new one", sc.SpanID())
			}
			if sc.IsSampled() != tt.wantSampled {
				t.Errorf("sampled = %v, want the caller's %v", sc.IsSampled(), tt.wantSampled)
			}
			if got := sc.TraceState().String(); got != tt.tracestate {
				t.Errorf("trace state %q, want %q", got, tt.tracestate)
			}
		})
	}
}

func TestTraceContextStartsATraceWithoutCaller(t *testing.T) {
	first, _ := serveTraced(t, nil)
	second, _ := serveTraced(t, map[string]string{"Traceparent": "garbage"})
	for _, sc := range []trace.SpanContext{first, second} {
		if !sc.IsValid() || !sc.IsSampled() || sc.IsRemote() {
			t.Errorf("span context %+v, want new valid, sampled, local ids", sc)
		}
	}
	if first.TraceID() == second.TraceID() || first.SpanID() == second.SpanID() {
		t.Errorf("two requests share ids: %s/%s and %s/%s", first.TraceID(), first.SpanID(), second.TraceID(), second.SpanID())
	}
}

// TestUnrecordedSpansFollowTheSampler: without an exporter, what the
// services called are told about sampling is what OTEL_TRACES_SAMPLER
// decides, as with one: an edge service that does not export must not make
// every service behind it record every trace it starts.
func TestUnrecordedSpansFollowTheSampler(t *testing.T) {
	const sampledCaller, unsampledCaller = "00-" + callerTrace + "-" + callerSpan + "-01", "00-" + callerTrace + "-" + callerSpan + "-00"
	tests := []struct {
		sampler, arg string
		traceparent  string // "" starts a new trace
		wantSampled  bool
	}{
		{"", "", "", true},
		{"", "", sampledCaller, true},
		{"", "", unsampledCaller, false},
		{"parentbased_always_on", "", "", true},
		{"traceidratio", "0", "", false},
		{"traceidratio", "0", sampledCaller, false},
		{"traceidratio", "1", unsampledCaller, true},
		{"traceidratio", "", "", true},
		{"parentbased_traceidratio", "0", "", false},
		{"parentbased_traceidratio", "0", sampledCaller, true},
		{" ParentBased_TraceIDRatio ", " 0 ", "", false},
		{"always_off", "", sampledCaller, false},
		{"always_on", "", unsampledCaller, true},
		{"parentbased_always_off", "", "", false},
		{"parentbased_always_off", "", sampledCaller, true},
	}
	for _, tt := range tests {
		t.Run(tt.sampler+"/"+tt.arg+"/"+tt.traceparent, func(t *testing.T) {
			t.Setenv("OTEL_TRACES_SAMPLER", tt.sampler)
			t.Setenv("OTEL_TRACES_SAMPLER_ARG", tt.arg)
			tel, err := Setup(t.Context(), Config{ServiceName: "orders", TracesExporter: "none", MetricsExporter: "none"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = tel.Shutdown(t.Context()) })
			var sc trace.SpanContext
			h := TraceContext(tel.TracerProvider, tel.Propagator)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				sc = trace.SpanContextFromContext(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, "/v1/orders", nil)
			if tt.traceparent != "" {
				req.Header.Set("Traceparent", tt.traceparent)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if !sc.IsValid() || sc.IsSampled() != tt.wantSampled {
				t.Errorf("span context %+v: sampled %v, want %v", sc, sc.IsSampled(), tt.wantSampled)
			}
		})
	}
}

// TestSamplerAddsNoAllocation: applying a configured sampler costs no
// allocation per span beyond the default's.
func TestSamplerAddsNoAllocation(t *testing.T) {
	t.Setenv("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
	t.Setenv("OTEL_TRACES_SAMPLER_ARG", "0.1")
	sampler := samplerFromEnv()
	if sampler == nil {
		t.Fatal("no sampler for parentbased_traceidratio")
	}
	for _, parent := range []string{"", "00-" + callerTrace + "-" + callerSpan + "-01"} {
		ctx := t.Context()
		if parent != "" {
			ctx = propagation.TraceContext{}.Extract(ctx, propagation.MapCarrier{"traceparent": parent})
		}
		start := func(tracer trace.Tracer) float64 {
			return testing.AllocsPerRun(100, func() {
				_, span := tracer.Start(ctx, "request")
				span.End()
			})
		}
		if plain, sampled := start(unrecordedProvider{}.Tracer("test")), start(unrecordedProvider{sampler: sampler}.Tracer("test")); sampled > plain {
			t.Errorf("parent %q: %v allocations per span with the sampler, %v without", parent, sampled, plain)
		}
	}
}

func TestUnrecordedTracerNewRoot(t *testing.T) {
	tracer := unrecordedProvider{}.Tracer("test")
	ctx, parent := tracer.Start(t.Context(), "parent")
	_, child := tracer.Start(ctx, "child")
	_, root := tracer.Start(ctx, "root", trace.WithNewRoot())
	if child.SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Error("child span is not in its parent's trace")
	}
	if root.SpanContext().TraceID() == parent.SpanContext().TraceID() {
		t.Error("WithNewRoot kept the parent's trace")
	}
	if _, ok := child.TracerProvider().(unrecordedProvider); !ok {
		t.Errorf("span's tracer provider is %T", child.TracerProvider())
	}
}

func TestHeaderCarrierReadsLikeHeaderCarrier(t *testing.T) {
	h := http.Header{}
	h.Set("Traceparent", "00-"+callerTrace+"-"+callerSpan+"-01")
	h.Set("Tracestate", "vendor=abc")
	h.Add("Baggage", "user=42")
	h.Add("Baggage", "tenant=acme")
	h.Set("X-B3-Traceid", callerTrace)
	for _, key := range []string{"traceparent", "tracestate", "baggage", "x-b3-traceid", "X-B3-TraceId", "uber-trace-id", "Traceparent"} {
		want := propagation.HeaderCarrier(h)
		if got := headerCarrier(h).Get(key); got != want.Get(key) {
			t.Errorf("Get(%q) = %q, HeaderCarrier gives %q", key, got, want.Get(key))
		}
		if got := headerCarrier(h).Values(key); !slices.Equal(got, want.Values(key)) {
			t.Errorf("Values(%q) = %q, HeaderCarrier gives %q", key, got, want.Values(key))
		}
	}
	if got, want := headerCarrier(h).Keys(), propagation.HeaderCarrier(h).Keys(); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(want))) {
		t.Errorf("Keys() = %q, HeaderCarrier gives %q", got, want)
	}
	headerCarrier(h).Set("traceparent", "x")
	if h.Get("Traceparent") != "x" {
		t.Errorf("Set did not replace Traceparent: %q", h.Values("Traceparent"))
	}
}

func TestTraceContextKeepsBaggage(t *testing.T) {
	var got baggage.Baggage
	propagator := propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})
	h := TraceContext(unrecordedProvider{}, propagator)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = baggage.FromContext(r.Context())
	}))
	req := httptest.NewRequest(http.MethodGet, "/v1/orders", nil)
	req.Header.Add("Baggage", "user=42")
	req.Header.Add("Baggage", "tenant=acme")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if got.Member("user").Value() != "42" || got.Member("tenant").Value() != "acme" {
		t.Errorf("baggage %q, want user=42 and tenant=acme from both headers", got)
	}
}
