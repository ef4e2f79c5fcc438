package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"example.com/acme/orders/internal/buildinfo"
	"example.com/acme/orders/internal/downstream"
	"example.com/acme/orders/internal/platform/health"
	"example.com/acme/orders/internal/platform/logging"
	"example.com/acme/orders/internal/platform/outbound"
)

// Two instances of the router, the first calling the second through
// GET /v1/downstream/version, as with DOWNSTREAM_URL in production.

// testBound is how long a test waits for something that should happen at
// once; reaching it means something hangs.
const testBound = 10 * time.Second

// serveRouter serves New with build and downstream and returns its URL.
func serveRouter(t *testing.T, build buildinfo.Info, d http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(New(Deps{
		Logger:     slog.New(slog.DiscardHandler),
		AccessLog:  logging.NewAccessLog(logging.NewOutput(io.Discard, 0), slog.LevelInfo, nil),
		Probes:     &health.Probes{},
		Build:      build,
		Downstream: d,
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// upstream serves an instance whose downstream is url, with a per-call
// timeout.
func upstream(t *testing.T, url string, timeout time.Duration) string {
	t.Helper()
	c, err := outbound.New(outbound.Config{BaseURL: url, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	h := downstream.NewHandler(c, slog.New(slog.DiscardHandler))
	return serveRouter(t, buildinfo.Info{Version: "v1"}, h)
}

// getJSON requests url with ctx and returns the status, decoding the body
// into body when it is not nil.
func getJSON(ctx context.Context, t *testing.T, url string, body any) int {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if body != nil {
		if err := json.NewDecoder(resp.Body).Decode(body); err != nil {
			t.Fatalf("decode body of %d answer: %v", resp.StatusCode, err)
		}
	}
	return resp.StatusCode
}

func TestSecondInstanceAsDownstream(t *testing.T) {
	build := buildinfo.Info{Version: "v2", Commit: "c2", BuildTime: "2026-01-02T03:04:05Z", GoVersion: "go1.26.8"}
	second := serveRouter(t, build, nil)
	first := upstream(t, second, time.Second)

	var got downstream.Response
	want := downstream.Version{Version: build.Version, Commit: build.Commit, BuildTime: build.BuildTime, GoVersion: build.GoVersion}
	if code := getJSON(t.Context(), t, first+downstream.Route, &got); code != http.StatusOK || got.Downstream != want {
		t.Fatalf("status %d, body %+v; want 200 with %+v", code, got, want)
	}
}

func TestDownstreamRouteAbsentWithoutDownstream(t *testing.T) {
	url := serveRouter(t, buildinfo.Info{}, nil)
	if code := getJSON(t.Context(), t, url+downstream.Route, nil); code != http.StatusNotFound {
		t.Fatalf("status %d, want 404", code)
	}
}

// blockingStub is a downstream that blocks until its request is cancelled.
func blockingStub(t *testing.T) (url string, started, cancelled <-chan struct{}) {
	t.Helper()
	startedc, cancelledc := make(chan struct{}), make(chan struct{})
	var startOnce, cancelOnce sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		startOnce.Do(func() { close(startedc) })
		select {
		case <-r.Context().Done():
			cancelOnce.Do(func() { close(cancelledc) })
		case <-time.After(testBound):
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, startedc, cancelledc
}

func TestSlowDownstreamAnswers504(t *testing.T) {
	stub, _, cancelled := blockingStub(t)
	first := upstream(t, stub, 200*time.Millisecond)

	start := time.Now()
	var body struct{ Error string }
	if code := getJSON(t.Context(), t, first+downstream.Route, &body); code != http.StatusGatewayTimeout || body.Error == "" {
		t.Fatalf("status %d, body %+v; want 504 with an error", code, body)
	}
	if elapsed := time.Since(start); elapsed > testBound/2 {
		t.Errorf("504 after %v, want about the 200ms timeout", elapsed)
	}
	select {
	case <-cancelled:
	case <-time.After(testBound):
		t.Fatal("the downstream request was not cancelled")
	}
}

func TestClientCancelReachesDownstream(t *testing.T) {
	stub, started, cancelled := blockingStub(t)
	first := upstream(t, stub, time.Minute)

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, first+downstream.Route, nil)
		if err != nil {
			t.Error(err)
			return
		}
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
			t.Error("the cancelled request got an answer")
		}
	}()
	select {
	case <-started:
	case <-time.After(testBound):
		t.Fatal("the downstream never got the request")
	}
	cancel()
	select {
	case <-cancelled:
	case <-time.After(testBound):
		t.Fatal("cancelling the incoming request did not cancel the downstream call")
	}
	<-done
}
