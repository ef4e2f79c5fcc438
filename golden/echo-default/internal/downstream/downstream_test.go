package downstream

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"example.com/acme/billing/internal/platform/outbound"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// a downstream call that was never cancelled.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testBound is how long a test waits for something that should happen at
// once; reaching it means the handler hangs.
const testBound = 10 * time.Second

var testVersion = Version{Version: "v1.2.3", Commit: "abc123", BuildTime: "2026-01-02T03:04:05Z", GoVersion: "go1.26.8"}

// syncBuffer is a bytes.Buffer safe for concurrent use, for captured logs.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
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

// downstreamStub is a downstream whose GET /version is given by the test.
type downstreamStub struct {
	url       string
	started   chan struct{} // closed when the first request arrives
	cancelled chan struct{} // closed when a request's context is done
}

// newStub serves handle as the downstream. With block set, /version blocks
// until its request is cancelled instead.
func newStub(t *testing.T, block bool, handle http.HandlerFunc) *downstreamStub {
	t.Helper()
	d := &downstreamStub{started: make(chan struct{}), cancelled: make(chan struct{})}
	var startOnce, cancelOnce sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		startOnce.Do(func() { close(d.started) })
		if !block {
			handle(w, r)
			return
		}
		select {
		case <-r.Context().Done():
			cancelOnce.Do(func() { close(d.cancelled) })
		case <-time.After(testBound):
		}
	}))
	t.Cleanup(srv.Close)
	d.url = srv.URL
	return d
}

func (d *downstreamStub) waitCancelled(t *testing.T) {
	t.Helper()
	select {
	case <-d.cancelled:
	case <-time.After(testBound):
		t.Fatal("the downstream request was not cancelled")
	}
}

// newHandler returns a Handler calling url with the real outbound client and
// the logs it writes at debug level and above.
func newHandler(t *testing.T, url string, timeout time.Duration) (*Handler, *syncBuffer) {
	t.Helper()
	c, err := outbound.New(outbound.Config{BaseURL: url, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	logs := &syncBuffer{}
	return NewHandler(c, slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))), logs
}

// serve runs one request with ctx through h and returns the recorder.
func serve(ctx context.Context, h http.Handler) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequestWithContext(ctx, http.MethodGet, Route, nil))
	return rec
}

func versionHandler(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != VersionPath {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(testVersion)
}

// wantError checks an error answer's status and JSON body.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, code int, msg string) {
	t.Helper()
	if rec.Code != code {
		t.Fatalf("status %d, want %d; body %s", rec.Code, code, rec.Body)
	}
	var body errorResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error != msg {
		t.Fatalf("body %s (%v), want error %q", rec.Body, err, msg)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
}

func TestVersionOfDownstream(t *testing.T) {
	d := newStub(t, false, versionHandler)
	h, _ := newHandler(t, d.url, time.Second)

	rec := serve(t.Context(), h)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d, want 200; body %s", rec.Code, rec.Body)
	}
	var got Response
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Downstream != testVersion {
		t.Fatalf("body %s (%v), want downstream %+v", rec.Body, err, testVersion)
	}
}

func TestSlowDownstreamAnswers504AtCallerDeadline(t *testing.T) {
	d := newStub(t, true, nil)
	h, _ := newHandler(t, d.url, time.Minute) // the caller's deadline comes first

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	rec := serve(ctx, h)
	if elapsed := time.Since(start); elapsed > testBound {
		t.Fatalf("answered after %v, not at the caller's deadline", elapsed)
	}
	wantError(t, rec, http.StatusGatewayTimeout, "downstream timed out")
	d.waitCancelled(t)
}

func TestSlowDownstreamAnswers504AtPerCallTimeout(t *testing.T) {
	d := newStub(t, true, nil)
	h, _ := newHandler(t, d.url, 200*time.Millisecond)

	wantError(t, serve(t.Context(), h), http.StatusGatewayTimeout, "downstream timed out")
	d.waitCancelled(t)
}

func TestDownstreamFailureAnswers502(t *testing.T) {
	hangUp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Hangs up without an answer. The server stays open until the test
		// ends, so no other server can take its port as one can take a port
		// that was just freed.
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	t.Cleanup(hangUp.Close)
	tests := map[string]string{
		"error status": newStub(t, false, func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}).url,
		"not json": newStub(t, false, func(w http.ResponseWriter, _ *http.Request) {
			_, _ = io.WriteString(w, "<html>")
		}).url,
		"no answer": hangUp.URL,
	}
	for name, url := range tests {
		t.Run(name, func(t *testing.T) {
			h, logs := newHandler(t, url, time.Second)
			wantError(t, serve(t.Context(), h), http.StatusBadGateway, "downstream unavailable")
			if !strings.Contains(logs.String(), `"msg":"downstream call failed"`) {
				t.Errorf("failure not logged; logs:\n%s", logs)
			}
		})
	}
}

func TestCancelledRequestCancelsDownstream(t *testing.T) {
	d := newStub(t, true, nil)
	h, logs := newHandler(t, d.url, time.Minute)

	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() { done <- serve(ctx, h) }()
	select {
	case <-d.started:
	case <-time.After(testBound):
		t.Fatal("the downstream never got the request")
	}
	cancel()
	d.waitCancelled(t)

	select {
	case rec := <-done:
		if rec.Code != StatusClientClosedRequest || rec.Body.Len() != 0 {
			t.Fatalf("status %d with body %q, want %d without body", rec.Code, rec.Body, StatusClientClosedRequest)
		}
	case <-time.After(testBound):
		t.Fatal("the handler did not return after the request was cancelled")
	}
	if !strings.Contains(logs.String(), `"level":"DEBUG","msg":"downstream call abandoned`) {
		t.Errorf("no debug log of the abandoned call; logs:\n%s", logs)
	}
}
