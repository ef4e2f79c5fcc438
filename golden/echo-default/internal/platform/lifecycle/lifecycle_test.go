package lifecycle

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"example.com/acme/billing/internal/platform/health"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// harness runs a Runner with one plain HTTP server on a loopback port.
type harness struct {
	runner *Runner
	url    string
	client *http.Client
	cancel context.CancelFunc
	done   chan struct{} // closed when Run returned
	err    error         // Run's result, set before done is closed
}

func newHarness(t *testing.T, opts Options, h http.Handler) *harness {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = 5 * time.Second
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := New(opts)
	r.addServer("http", &http.Server{Handler: h, ReadHeaderTimeout: time.Second}, ln)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	return &harness{
		runner: r,
		url:    "http://" + ln.Addr().String(),
		client: &http.Client{Transport: transport, Timeout: 5 * time.Second},
	}
}

func (h *harness) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancelCause(context.Background())
	h.cancel = func() { cancel(errors.New("test shutdown")) }
	h.done = make(chan struct{})
	go func() {
		h.err = h.runner.Run(ctx)
		close(h.done)
	}()
	t.Cleanup(func() {
		h.cancel()
		select {
		case <-h.done:
		case <-time.After(10 * time.Second):
			t.Error("Run did not return")
		}
	})
}

func (h *harness) wait(t *testing.T) error {
	t.Helper()
	select {
	case <-h.done:
		return h.err
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return")
		return nil
	}
}

func (h *harness) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := h.client.Get(h.url + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestReadinessFailsAsSoonAsShutdownStarts(t *testing.T) {
	var probes health.Probes
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", probes.Live)
	mux.HandleFunc("/readyz", probes.Ready)
	h := newHarness(t, Options{ShutdownDelay: 500 * time.Millisecond}, mux)
	h.runner.OnShutdown(probes.ShutDown)
	h.start(t)

	if code, _ := h.get(t, "/readyz"); code != http.StatusOK {
		t.Fatalf("readyz before shutdown = %d, want 200", code)
	}
	h.cancel()
	deadline := time.Now().Add(400 * time.Millisecond)
	for {
		code, _ := h.get(t, "/readyz")
		if code == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("readyz = %d during the shutdown delay, want 503", code)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if code, _ := h.get(t, "/healthz"); code != http.StatusOK {
		t.Errorf("healthz during shutdown = %d, want 200", code)
	}
	if err := h.wait(t); err != nil {
		t.Errorf("Run() = %v, want nil", err)
	}
}

func TestKeepAliveConnectionsCloseOnceShutdownStarts(t *testing.T) {
	var probes health.Probes
	h := newHarness(t, Options{ShutdownDelay: 300 * time.Millisecond}, http.HandlerFunc(probes.Ready))
	h.runner.OnShutdown(probes.ShutDown)
	h.start(t)

	closes := func() bool {
		t.Helper()
		resp, err := h.client.Get(h.url)
		if err != nil {
			t.Fatalf("GET: %v", err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		return resp.Close
	}
	if closes() {
		t.Fatal("response before shutdown asks to close the connection; keep-alive should stay on")
	}
	h.cancel()
	deadline := time.Now().Add(250 * time.Millisecond)
	for !closes() {
		if time.Now().After(deadline) {
			t.Fatal("responses during the shutdown delay keep the connection open; want Connection: close")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := h.wait(t); err != nil {
		t.Errorf("Run() = %v, want nil", err)
	}
}

func TestInFlightRequestCompletesAfterShutdownStarts(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	ctxErr := make(chan error, 1)
	h := newHarness(t, Options{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		ctxErr <- r.Context().Err()
		_, _ = io.WriteString(w, "done")
	}))
	h.start(t)

	type result struct {
		code int
		body string
	}
	res := make(chan result, 1)
	go func() {
		code, body := h.get(t, "/slow")
		res <- result{code, body}
	}()
	<-started
	h.cancel()

	select {
	case <-h.done:
		t.Fatalf("Run returned %v while a request was in flight", h.err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)

	if got := <-res; got.code != http.StatusOK || got.body != "done" {
		t.Errorf("in-flight request = %d %q, want 200 \"done\"", got.code, got.body)
	}
	if err := <-ctxErr; err != nil {
		t.Errorf("request context cancelled by shutdown: %v", err)
	}
	if err := h.wait(t); err != nil {
		t.Errorf("Run() = %v, want nil", err)
	}
}

func TestDrainTimeoutCancelsRemainingRequests(t *testing.T) {
	started := make(chan struct{})
	cause := make(chan error, 1)
	h := newHarness(t, Options{ShutdownTimeout: 100 * time.Millisecond}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-r.Context().Done()
		cause <- context.Cause(r.Context())
	}))
	h.start(t)

	go func() {
		resp, err := h.client.Get(h.url + "/stuck")
		if err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-started
	h.cancel()

	err := h.wait(t)
	if !errors.Is(err, ErrDrainTimeout) {
		t.Errorf("Run() = %v, want ErrDrainTimeout", err)
	}
	select {
	case c := <-cause:
		if !errors.Is(c, ErrDrainTimeout) {
			t.Errorf("request context cause = %v, want ErrDrainTimeout", c)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("handler context was not cancelled")
	}
}

// TestDrainTimeoutWaitsForCancelledHandlers: Run returns only once the
// handlers of the cancelled requests returned, so that their access-log
// lines are written before the final flush; but not longer than handlerWait
// for a handler that ignores its context.
func TestDrainTimeoutWaitsForCancelledHandlers(t *testing.T) {
	const stuck = 5
	var (
		started  sync.WaitGroup
		finished atomic.Int32
	)
	started.Add(stuck)
	h := newHarness(t, Options{ShutdownTimeout: 50 * time.Millisecond}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started.Done()
		<-r.Context().Done()
		time.Sleep(200 * time.Millisecond) // e.g. a downstream call noticing the cancellation
		finished.Add(1)
	}))
	h.start(t)
	for range stuck {
		go func() {
			if resp, err := h.client.Get(h.url + "/stuck"); err == nil {
				_ = resp.Body.Close()
			}
		}()
	}
	started.Wait()
	h.cancel()
	if err := h.wait(t); !errors.Is(err, ErrDrainTimeout) {
		t.Errorf("Run() = %v, want ErrDrainTimeout", err)
	}
	if n := finished.Load(); n != stuck {
		t.Errorf("Run returned with %d of %d cancelled handlers finished", n, stuck)
	}
}

func TestHandlerWaitIsBounded(t *testing.T) {
	var logs syncBuffer
	release := make(chan struct{})
	started := make(chan struct{})
	h := newHarness(t, Options{ShutdownTimeout: 50 * time.Millisecond, Logger: slog.New(slog.NewJSONHandler(&logs, nil))}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release // ignores its context
	}))
	defer close(release)
	h.start(t)
	go func() {
		if resp, err := h.client.Get(h.url + "/deaf"); err == nil {
			_ = resp.Body.Close()
		}
	}()
	<-started
	begin := time.Now()
	h.cancel()
	if err := h.wait(t); !errors.Is(err, ErrDrainTimeout) {
		t.Errorf("Run() = %v, want ErrDrainTimeout", err)
	}
	if elapsed := time.Since(begin); elapsed > handlerWait+2*time.Second {
		t.Errorf("Run took %v with a handler that never returns, want about %v", elapsed, handlerWait)
	}
	if !strings.Contains(logs.String(), `"handlers":1`) {
		t.Errorf("no error naming the handler still running; logs:\n%s", &logs)
	}
}

func TestShutdownOrder(t *testing.T) {
	var (
		mu     sync.Mutex
		events []string
	)
	record := func(e string) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, e)
	}
	h := newHarness(t, Options{}, http.NotFoundHandler())
	h.runner.OnShutdown(func() { record("readiness off") })
	h.runner.AddWorker("poller", func(ctx context.Context) error {
		<-ctx.Done()
		record("worker stopped")
		return ctx.Err()
	})
	h.runner.AddCleanup("first", func(context.Context) error { record("cleanup first"); return nil })
	h.runner.AddCleanup("second", func(context.Context) error { record("cleanup second"); return nil })
	h.start(t)
	h.cancel()
	if err := h.wait(t); err != nil {
		t.Fatalf("Run() = %v, want nil", err)
	}
	want := "readiness off,worker stopped,cleanup first,cleanup second"
	if got := strings.Join(events, ","); got != want {
		t.Errorf("events = %s, want %s", got, want)
	}
}

func TestFailuresStopTheRunner(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, r *Runner)
		want    string
	}{
		{
			name: "worker error",
			prepare: func(t *testing.T, r *Runner) {
				r.AddWorker("poller", func(context.Context) error { return errors.New("boom") })
			},
			want: "worker poller: boom",
		},
		{
			name: "serve error",
			prepare: func(t *testing.T, r *Runner) {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					t.Fatal(err)
				}
				_ = ln.Close()
				r.addServer("admin", &http.Server{ReadHeaderTimeout: time.Second}, ln)
			},
			want: "serve admin:",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, Options{}, http.NotFoundHandler())
			tt.prepare(t, h.runner)
			h.start(t)
			err := h.wait(t)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Run() = %v, want error containing %q", err, tt.want)
			}
		})
	}
}

// TestCleanupErrorIsLoggedNotReturned: a cleanup that fails (a collector that
// is down) is logged with its name, and a clean drain still returns nil.
func TestCleanupErrorIsLoggedNotReturned(t *testing.T) {
	var logs syncBuffer
	h := newHarness(t, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))}, http.NotFoundHandler())
	h.runner.AddCleanup("flush", func(context.Context) error { return errors.New("collector unreachable") })
	h.start(t)
	h.cancel()
	if err := h.wait(t); err != nil {
		t.Errorf("Run() = %v, want nil after a clean drain", err)
	}
	if got := logs.String(); !strings.Contains(got, `msg="cleanup failed" cleanup=flush error="collector unreachable"`) {
		t.Errorf("log does not name the failed cleanup:\n%s", got)
	}
}

// syncBuffer is a bytes.Buffer safe for the Runner's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
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

// TestDiagnosticRequestsEndWhenShutdownStarts: a request on a diagnostics
// server (a CPU profile) sees its context cancelled with ErrShuttingDown as
// soon as shutdown starts, answers, and does not hold the drain, while a
// request on the service's server still finishes.
func TestDiagnosticRequestsEndWhenShutdownStarts(t *testing.T) {
	apiStarted, profileStarted := make(chan struct{}), make(chan struct{})
	h := newHarness(t, Options{ShutdownDelay: 100 * time.Millisecond, ShutdownTimeout: 3 * time.Second}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(apiStarted)
		time.Sleep(300 * time.Millisecond)
		if r.Context().Err() != nil {
			http.Error(w, "cancelled", http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "done")
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.runner.AddDiagnosticServer("admin", &http.Server{ReadHeaderTimeout: time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(profileStarted)
		select {
		case <-r.Context().Done(): // net/http/pprof's profile ends early the same way
			_, _ = io.WriteString(w, context.Cause(r.Context()).Error())
		case <-time.After(20 * time.Second):
			_, _ = io.WriteString(w, "ran its full length")
		}
	})})
	h.runner.servers[len(h.runner.servers)-1].ln = ln
	h.start(t)

	type answer struct {
		code int
		body string
	}
	get := func(url string, to chan<- answer) {
		resp, err := h.client.Get(url)
		if err != nil {
			to <- answer{0, err.Error()}
			return
		}
		defer func() { _ = resp.Body.Close() }()
		body, _ := io.ReadAll(resp.Body)
		to <- answer{resp.StatusCode, string(body)}
	}
	api, profile := make(chan answer, 1), make(chan answer, 1)
	go get(h.url+"/work", api)
	go get("http://"+ln.Addr().String()+"/debug/pprof/profile", profile)
	<-apiStarted
	<-profileStarted
	h.cancel()
	if got := <-profile; got.code != http.StatusOK || got.body != ErrShuttingDown.Error() {
		t.Errorf("profile answered %d %q, want 200 %q", got.code, got.body, ErrShuttingDown.Error())
	}
	if got := <-api; got.code != http.StatusOK || got.body != "done" {
		t.Errorf("the service's request answered %d %q, want 200 \"done\"", got.code, got.body)
	}
	if err := h.wait(t); err != nil {
		t.Errorf("Run() = %v, want nil", err)
	}
}

func TestListenError(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = busy.Close() }()
	first, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	r := New(Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	r.addServer("first", &http.Server{ReadHeaderTimeout: time.Second}, first)
	r.AddServer("http", &http.Server{Addr: busy.Addr().String(), ReadHeaderTimeout: time.Second})
	// The cleanups run too, under a live context of their own: what setup
	// started (telemetry) is stopped.
	var cleaned []string
	r.AddCleanup("flush", func(ctx context.Context) error {
		if _, bounded := ctx.Deadline(); !bounded || ctx.Err() != nil {
			t.Errorf("cleanup context: deadline %v, err %v; want a live one with a deadline", bounded, ctx.Err())
		}
		cleaned = append(cleaned, "flush")
		return nil
	})
	err = r.Run(t.Context())
	if err == nil || !strings.HasPrefix(err.Error(), "listen http:") {
		t.Fatalf("Run() = %v, want listen error", err)
	}
	if _, err := first.Accept(); err == nil {
		t.Error("listener of the first server left open")
	}
	if len(cleaned) != 1 {
		t.Errorf("cleanups run: %q, want flush once", cleaned)
	}
}

func TestServesTLSWhenConfigured(t *testing.T) {
	// Borrow httptest's self-signed certificate and a client that trusts it.
	ts := httptest.NewTLSServer(http.NotFoundHandler())
	cert, client := ts.TLS.Certificates[0], ts.Client()
	ts.Close()
	defer client.CloseIdleConnections()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := New(Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), ShutdownTimeout: time.Second})
	r.addServer("https", &http.Server{
		Handler:           http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, r.Proto) }),
		ReadHeaderTimeout: time.Second,
		TLSConfig: &tls.Config{
			MinVersion:   tls.VersionTLS12,
			Certificates: []tls.Certificate{cert},
		},
	}, ln)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	resp, err := client.Get("https://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.TLS == nil || !strings.HasPrefix(string(body), "HTTP/") {
		t.Errorf("response over TLS: %v, body %q", resp.TLS != nil, body)
	}
	client.CloseIdleConnections()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run() = %v, want nil", err)
	}
}
