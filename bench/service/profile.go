//go:build linux

package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"time"

	"github.com/google/pprof/profile"
)

// profileResult is a CPU profile of the full service under load, broken down by the
// part of the stack each sample was spent in.
type profileResult struct {
	label    string
	requests int             // requests answered while the profile ran
	total    time.Duration   // CPU time in the profile
	parts    []time.Duration // per stackPart, in stackParts order
	exported string
}

// perRequest returns d per request in µs.
func (r profileResult) perRequest(d time.Duration) float64 {
	if r.requests == 0 {
		return 0
	}
	return float64(d) / float64(time.Microsecond) / float64(r.requests)
}

// stackPart is one part of the request path, recognised by the functions in a
// sample's stack.
type stackPart struct {
	name  string
	funcs *regexp.Regexp // matches the names of its functions
}

// stackParts classify profile samples by the middleware, handler or background task
// they were spent in: each sample goes to the part of the innermost frame in its stack
// that is one of the functions listed. The functions are entry points (a middleware's
// closure, a handler, an exporter's loop), never library internals, so the work a
// middleware does through a library (e.g. the OpenTelemetry SDK), the allocations and
// the GC assists it pays for count for that middleware, while the handlers it calls
// count for themselves. What it does through the framework's own methods (e.g. gin's
// ClientIP) counts for the framework. Samples that match nothing are net/http, the
// runtime and the rest, which the bare server has too.
var stackParts = []stackPart{
	// Closures are named after the function they are inlined into, e.g.
	// server.New.recoverPanic.func7 or server.New.Middleware.func13 for requestid's.
	{"recovery", regexp.MustCompile(`/internal/server\..*recoverPanic\.func`)},
	{"request id", regexp.MustCompile(`/platform/requestid\.Middleware|/internal/server\.New\.Middleware\.func`)},
	{"access log (JSON line and its write)", regexp.MustCompile(`/internal/server\..*accessLog\.func|/platform/logging\.\(\*(AccessLog|Output)\)|^log/slog\.\(\*JSONHandler\)`)},
	{"trace and span ids in log lines", regexp.MustCompile(`/platform/telemetry\.(\(\*LogHandler\)|TraceIDs$)`)},
	// echootel records its metrics inside its middleware: with Echo they count as
	// tracing.
	{"tracing (span, propagation)", regexp.MustCompile(`/otelgin\.Middleware|^github\.com/labstack/echo-opentelemetry\.|TraceContext\.func`)},
	{"metrics (HTTP server metrics, otelgin)", regexp.MustCompile(`semconv\.HTTPServer\.RecordMetrics`)},
	{"export (span queue, OTLP encoding and sending)", regexp.MustCompile(`sdk/trace\.\(\*batchSpanProcessor\)|sdk/metric\.\(\*PeriodicReader\)|^go\.opentelemetry\.io/otel/exporters/`)},
	{"timeouts (server read and write deadlines)", regexp.MustCompile(`^net\.\(\*conn\)\.Set(Read|Write)?Deadline$`)},
	{"body limit and drain wrapper", regexp.MustCompile(`/internal/server\..*limitBody\.func|MaxBytesHandler|^net/http\.\(\*maxBytesReader\)|\(\*Runner\)\.closeWhenDraining`)},
	{"route handler (POST /v1/orders)", regexp.MustCompile(`/internal/server\.createOrder|/internal/order\.`)},
	{"framework router (gin/Echo)", regexp.MustCompile(`^github\.com/gin-gonic/gin\.|^github\.com/labstack/echo/v5\.`)},
	{"garbage collection in the background", regexp.MustCompile(`^runtime\.(gcBgMarkWorker|bgsweep|bgscavenge)$`)},
}

// stackPartOf returns the index in stackParts of the sample's part, or -1.
func stackPartOf(s *profile.Sample) int {
	for _, loc := range s.Location { // innermost first
		for i := len(loc.Line) - 1; i >= 0; i-- { // inlined frames first
			if loc.Line[i].Function == nil {
				continue
			}
			name := loc.Line[i].Function.Name
			for p, part := range stackParts {
				if part.funcs.MatchString(name) {
					return p
				}
			}
		}
	}
	return -1
}

// profileStack starts the full service in configuration fc with pprof on, loads it
// like the throughput rounds do and takes a CPU profile of the measured window through
// the admin listener, which it also writes to saveAs (kept with -keep).
func profileStack(ctx context.Context, o options, p *project, fc fullConfig, recv *otlpReceiver, logPath, saveAs string) (profileResult, error) {
	res := profileResult{label: fc.label}
	addr, err1 := freeAddr()
	admin, err2 := freeAddr()
	if err1 != nil || err2 != nil {
		return res, fmt.Errorf("no free port: %v %v", err1, err2)
	}
	token := rand.Text()
	env := append([]string{"HTTP_ADDR=" + addr, "ADMIN_ADDR=" + admin,
		"PPROF_ENABLED=true", "PPROF_TOKEN=" + token,
		// Under load the process is busy: the CPU ceiling must not refuse the profile.
		"PPROF_CPU_CEILING=1"}, fc.env...)
	sp, err := startProc(p.binary, p.dir, env, logPath)
	if err != nil {
		return res, err
	}
	defer sp.kill()
	if _, err := waitHealthy(ctx, sp, "http://"+addr, newPollClient(nil)); err != nil {
		return res, err
	}
	seconds := max(1, int(o.window.Round(time.Second)/time.Second))
	window := time.Duration(seconds) * time.Second

	type fetched struct {
		prof *profile.Profile
		err  error
	}
	got := make(chan fetched, 1)
	go func() {
		time.Sleep(o.warmup)
		prof, err := fetchProfile(ctx, "http://"+admin, token, seconds)
		got <- fetched{prof, err}
	}()
	var before map[string]otlpCount
	if fc.env != nil && recv != nil {
		before = recv.snapshot()
	}
	load := runLoad(ctx, "http://"+addr, 0, o.clients, o.warmup, window)
	f := <-got
	if f.err != nil {
		return res, f.err
	}
	if err := saveProfile(f.prof, saveAs); err != nil {
		return res, err
	}
	if load.errors+load.badStatus > 0 {
		return res, fmt.Errorf("load: %s", load)
	}
	if before != nil {
		res.exported = recv.since(before, load.total)
	}
	res.requests = load.requests
	res.parts = make([]time.Duration, len(stackParts))
	// The CPU profile's sample values are count and nanoseconds.
	ns := len(f.prof.SampleType) - 1
	for i, st := range f.prof.SampleType {
		if st.Unit == "nanoseconds" {
			ns = i
		}
	}
	for _, s := range f.prof.Sample {
		d := time.Duration(s.Value[ns])
		res.total += d
		if p := stackPartOf(s); p >= 0 {
			res.parts[p] += d
		}
	}
	return res, nil
}

// fetchProfile takes a CPU profile of seconds through the service's pprof endpoint.
func fetchProfile(ctx context.Context, base, token string, seconds int) (*profile.Profile, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Duration(seconds)*time.Second+requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/debug/pprof/profile?seconds=%d", base, seconds), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /debug/pprof/profile: status %d", resp.StatusCode)
	}
	return profile.Parse(resp.Body)
}

// saveProfile writes prof to path in pprof's format.
func saveProfile(prof *profile.Profile, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := prof.Write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
