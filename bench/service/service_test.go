//go:build linux

package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"math"
	"net/http"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/pprof/profile"
)

func TestPercentile(t *testing.T) {
	var s []time.Duration
	for i := 1; i <= 100; i++ {
		s = append(s, time.Duration(i))
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50}, {90, 90}, {99, 99}, {100, 100}, {0.1, 1}} {
		if got := percentile(s, c.p); got != c.want {
			t.Errorf("percentile(1..100, %v) = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile([]int64{7}, 99); got != 7 {
		t.Errorf("percentile of one = %d, want 7", got)
	}
	if got := percentile[int64](nil, 50); got != 0 {
		t.Errorf("percentile of none = %d, want 0", got)
	}
}

func TestMedianRatios(t *testing.T) {
	for _, c := range []struct {
		name             string
		rounds           []roundRatio
		wantRPS, wantCPU float64
	}{
		{"none", nil, 0, 0},
		{"odd", []roundRatio{{0.9, 1.2}, {0.5, 3.0}, {0.8, 1.1}}, 0.8, 1.2},
		{"even", []roundRatio{{0.9, 1.2}, {0.7, 1.4}}, 0.8, 1.3},
		{"CPU not measured in a round", []roundRatio{{0.9, 1.2}, {0.8, 0}, {0.7, 1.4}}, 0.8, 1.3},
	} {
		rps, cpu := medianRatios(c.rounds)
		if math.Abs(rps-c.wantRPS) > 1e-9 || math.Abs(cpu-c.wantCPU) > 1e-9 {
			t.Errorf("%s: medianRatios = %v, %v; want %v, %v", c.name, rps, cpu, c.wantRPS, c.wantCPU)
		}
	}
}

func TestClassify(t *testing.T) {
	refused := fmt.Errorf("dial: %w", &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED})
	for _, c := range []struct {
		name  string
		code  int
		err   error
		wrote bool
		want  outcome
	}{
		{"created", http.StatusCreated, nil, true, outcomeOK},
		{"other status", http.StatusServiceUnavailable, nil, true, outcomeBadStatus},
		{"refused", 0, refused, false, outcomeGone},
		{"rerouted", 0, fmt.Errorf("post: %w", errRerouted), false, outcomeGone},
		{"write failed", 0, errors.New("broken pipe"), false, outcomeNotWritten},
		{"lost after write", 0, errors.New("EOF"), true, outcomeInFlight},
	} {
		if got := classify(c.code, c.err, c.wrote); got != c.want {
			t.Errorf("%s: classify = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestBareSourceParses(t *testing.T) {
	for fw, want := range map[string]string{"gin": `"github.com/gin-gonic/gin"`, "echo": `"github.com/labstack/echo/v5"`} {
		src := bareSource(fw)
		f, err := parser.ParseFile(token.NewFileSet(), "main.go", src, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s baseline: %v", fw, err)
		}
		if !slices.ContainsFunc(f.Imports, func(is *ast.ImportSpec) bool { return is.Path.Value == want }) {
			t.Errorf("%s baseline does not import %s", fw, want)
		}
		if formatted, err := format.Source([]byte(src)); err != nil || string(formatted) != src {
			t.Errorf("%s baseline is not gofmt-formatted (%v)", fw, err)
		}
	}
}

func TestStackPartOf(t *testing.T) {
	// stack builds a sample whose frames are names, innermost first.
	stack := func(names ...string) *profile.Sample {
		s := &profile.Sample{}
		for _, n := range names {
			s.Location = append(s.Location, &profile.Location{Line: []profile.Line{{Function: &profile.Function{Name: n}}}})
		}
		return s
	}
	part := func(name string) int {
		for i, p := range stackParts {
			if strings.HasPrefix(p.name, name) {
				return i
			}
		}
		t.Fatalf("no part %q", name)
		return -1
	}
	const server = "example.com/acme/orders/internal/server."
	const logging = "example.com/acme/orders/internal/platform/logging."
	for _, c := range []struct {
		name   string
		sample *profile.Sample
		want   int
	}{
		{"handler inside recovery", stack("encoding/json.(*Decoder).Decode", "example.com/acme/orders/internal/order.DecodeRequest",
			server+"createOrder", "github.com/gin-gonic/gin.(*Context).Next", server+"New.recoverPanic.func7", server+"New.accessLog.func6"), part("route handler")},
		{"recovery's own work", stack("runtime.deferprocStack", server+"New.recoverPanic.func7", server+"New.accessLog.func6"), part("recovery")},
		{"recovery, not inlined", stack("runtime.deferprocStack", server+"recoverPanic.func1"), part("recovery")},
		{"request id inlined into New", stack("crypto/rand.Text", server+"New.Middleware.func13"), part("request id")},
		{"trace context inlined into New", stack("math/rand/v2.Uint64", server+"New.TraceContext.func3.1"), part("tracing")},
		{"echootel", stack("go.opentelemetry.io/otel/sdk/trace.(*tracer).Start", "github.com/labstack/echo-opentelemetry.Config.ToMiddleware.func1.1",
			"github.com/labstack/echo/v5.(*Echo).serveHTTP"), part("tracing")},
		{"read deadline", stack("internal/poll.(*FD).SetReadDeadline", "net.(*conn).SetReadDeadline", "net/http.(*conn).readRequest"), part("timeouts")},
		{"SDK work of the tracing middleware", stack("runtime.mallocgc", "go.opentelemetry.io/otel/sdk/trace.(*tracer).Start",
			"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin.Middleware.func1", "github.com/gin-gonic/gin.(*Context).Next"), part("tracing")},
		{"metrics inside the tracing middleware", stack("go.opentelemetry.io/otel/attribute.NewSet",
			"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin/internal/semconv.HTTPServer.RecordMetrics",
			"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin.Middleware.func1"), part("metrics")},
		{"JSON encoding under the trace-id handler", stack("log/slog.(*handleState).appendAttr", "log/slog.(*JSONHandler).Handle",
			"example.com/acme/orders/internal/platform/telemetry.(*LogHandler).Handle", "log/slog.(*Logger).log"), part("access log")},
		{"trace-id handler's own work", stack("log/slog.Record.Clone",
			"example.com/acme/orders/internal/platform/telemetry.(*LogHandler).Handle", "log/slog.(*Logger).log"), part("trace and span ids")},
		{"access-log line", stack("strconv.AppendInt", logging+"appendRequest", logging+"(*AccessLog).Log.func1", logging+"(*Output).appendLine",
			logging+"(*AccessLog).Log", server+"New.accessLog.func6"), part("access log")},
		{"access-log lines written by the timer", stack("syscall.Syscall", "os.(*File).Write", logging+"(*Output).flushLocked", logging+"(*Output).flushOnTimer"), part("access log")},
		{"trace ids of the access log", stack("go.opentelemetry.io/otel/trace.SpanContextFromContext",
			"example.com/acme/orders/internal/platform/telemetry.TraceIDs", logging+"(*AccessLog).Log"), part("trace and span ids")},
		{"background GC", stack("runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker"), part("garbage collection")},
		{"net/http", stack("syscall.Syscall", "net/http.(*response).finishRequest", "net/http.(*conn).serve"), -1},
	} {
		if got := stackPartOf(c.sample); got != c.want {
			t.Errorf("%s: part %d, want %d", c.name, got, c.want)
		}
	}
}

func TestOTLPReceiver(t *testing.T) {
	recv, err := startOTLPReceiver()
	if err != nil {
		t.Fatal(err)
	}
	defer recv.close()
	before := recv.snapshot()
	resp, err := http.Post("http://"+recv.addr+"/v1/traces", "application/x-protobuf", strings.NewReader("0123456789"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/x-protobuf" {
		t.Errorf("status %d, content type %q; want 200 and protobuf", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if got, want := recv.since(before, 5), "the receiver got 1 trace exports (2 bytes per request served) and 0 metric exports"; got != want {
		t.Errorf("since = %q, want %q", got, want)
	}
}

func TestProcReaders(t *testing.T) {
	before, err := cpuTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// Burn CPU (getrusage calls) until the kernel has counted burn more of it.
	const burn = 100 * time.Millisecond
	for start := rusageCPU(t); rusageCPU(t)-start < burn; {
	}
	low := rusageCPU(t)
	d, err := cpuTime(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	high := rusageCPU(t)
	// Both come from the same counters; /proc truncates user and system time
	// to whole clock ticks each.
	if d < low-2*clockTick || d > high+clockTick {
		t.Errorf("cpuTime = %v, getrusage says between %v and %v", d, low, high)
	}
	if d-before < burn-2*clockTick {
		t.Errorf("cpuTime grew by %v (%v to %v) while the test burned %v of CPU", d-before, before, d, burn)
	}
	m, err := residentMemory(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.rss <= 0 || m.file <= 0 || m.anon <= 0 || m.file+m.anon > m.rss {
		t.Errorf("residentMemory = %+v, want positive parts that add up to at most VmRSS", m)
	}
}

// rusageCPU returns the user and system CPU time of this process, from
// getrusage(2).
func rusageCPU(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
