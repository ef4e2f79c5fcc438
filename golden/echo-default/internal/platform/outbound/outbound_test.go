package outbound

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such as
// a pooled connection or a downstream call nobody cancelled.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testBound is how long a test waits for something that should happen at
// once; reaching it means the code under test hangs.
const testBound = 10 * time.Second

// roundTripperFunc adapts a function to http.RoundTripper.
type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// newClient returns a client for cfg whose idle connections are closed when
// the test ends.
func newClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.CloseIdleConnections)
	return c
}

// blockingDownstream is a downstream whose handler blocks until its request
// is cancelled (or testBound passes) and reports the cancellation.
type blockingDownstream struct {
	url       string
	started   chan struct{} // closed when the first request arrives
	cancelled chan struct{} // closed when a request's context is done
	once      sync.Once
}

func newBlockingDownstream(t *testing.T, flushHeaders bool) *blockingDownstream {
	t.Helper()
	d := &blockingDownstream{started: make(chan struct{}), cancelled: make(chan struct{})}
	var startOnce sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		startOnce.Do(func() { close(d.started) })
		if flushHeaders {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"partial":`)
			_ = http.NewResponseController(w).Flush()
		}
		select {
		case <-r.Context().Done():
			d.once.Do(func() { close(d.cancelled) })
		case <-time.After(testBound):
		}
	}))
	t.Cleanup(srv.Close)
	d.url = srv.URL
	return d
}

// waitCancelled fails the test unless the downstream saw its request
// cancelled within testBound.
func (d *blockingDownstream) waitCancelled(t *testing.T) {
	t.Helper()
	select {
	case <-d.cancelled:
	case <-time.After(testBound):
		t.Fatal("the downstream request was not cancelled")
	}
}

func TestNewValidatesConfig(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr string
	}{
		{name: "empty url", cfg: Config{}, wantErr: "absolute http or https"},
		{name: "relative url", cfg: Config{BaseURL: "/v1"}, wantErr: "absolute http or https"},
		{name: "other scheme", cfg: Config{BaseURL: "ftp://host"}, wantErr: "absolute http or https"},
		{name: "no host", cfg: Config{BaseURL: "http://:8081"}, wantErr: "absolute http or https"},
		{name: "query", cfg: Config{BaseURL: "http://host/?a=b"}, wantErr: "query"},
		{name: "user info", cfg: Config{BaseURL: "http://u:p@host"}, wantErr: "user info"},
		{name: "unparsable", cfg: Config{BaseURL: "http://host:port:x"}, wantErr: "downstream url"},
		{name: "negative timeout", cfg: Config{BaseURL: "http://host", Timeout: -time.Second}, wantErr: "negative"},
		{name: "valid", cfg: Config{BaseURL: "https://host:8443/api"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.cfg)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("New: %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestTransportSettings(t *testing.T) {
	c := newClient(t, Config{BaseURL: "http://host"})
	tr := c.transport
	if c.timeout != DefaultTimeout {
		t.Errorf("timeout %v, want the default %v", c.timeout, DefaultTimeout)
	}
	if tr.DialContext == nil || tr.TLSHandshakeTimeout <= 0 || tr.ResponseHeaderTimeout != DefaultTimeout || tr.IdleConnTimeout <= 0 {
		t.Errorf("transport phase timeouts not all set: %+v", tr)
	}
	if tr.MaxIdleConnsPerHost <= http.DefaultMaxIdleConnsPerHost || !tr.ForceAttemptHTTP2 {
		t.Errorf("MaxIdleConnsPerHost %d, ForceAttemptHTTP2 %v; want more than %d and true",
			tr.MaxIdleConnsPerHost, tr.ForceAttemptHTTP2, http.DefaultMaxIdleConnsPerHost)
	}
}

func TestCallContextNeverExceedsCallerDeadline(t *testing.T) {
	c := newClient(t, Config{BaseURL: "http://host", Timeout: time.Second})

	t.Run("caller deadline first", func(t *testing.T) {
		parent, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		want, _ := parent.Deadline()
		ctx, cancelCall := c.callContext(parent)
		defer cancelCall()
		if got, ok := ctx.Deadline(); !ok || !got.Equal(want) {
			t.Fatalf("deadline %v, want the caller's %v", got, want)
		}
	})
	t.Run("per-call timeout first", func(t *testing.T) {
		parent, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		before := time.Now()
		ctx, cancelCall := c.callContext(parent)
		defer cancelCall()
		got, _ := ctx.Deadline()
		if got.Before(before.Add(time.Second)) || got.After(time.Now().Add(time.Second)) {
			t.Fatalf("deadline in %v, want about 1s", time.Until(got))
		}
	})
	t.Run("no caller deadline", func(t *testing.T) {
		before := time.Now()
		ctx, cancelCall := c.callContext(context.Background())
		defer cancelCall()
		got, ok := ctx.Deadline()
		if !ok || got.Before(before.Add(time.Second)) || got.After(time.Now().Add(time.Second)) {
			t.Fatalf("deadline %v (set %v), want about 1s from now", got, ok)
		}
	})
	t.Run("caller deadline passed", func(t *testing.T) {
		parent, cancel := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
		defer cancel()
		ctx, cancelCall := c.callContext(parent)
		defer cancelCall()
		if !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("err %v, want context.DeadlineExceeded at once", ctx.Err())
		}
	})
}

func TestDoSendsCallerDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "{}") }))
	t.Cleanup(srv.Close)
	var seen time.Time
	c := newClient(t, Config{BaseURL: srv.URL, Timeout: time.Hour, Wrap: func(next http.RoundTripper) http.RoundTripper {
		return roundTripperFunc(func(r *http.Request) (*http.Response, error) {
			seen, _ = r.Context().Deadline()
			return next.RoundTrip(r)
		})
	}})

	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	want, _ := ctx.Deadline()
	var v struct{}
	if err := c.GetJSON(ctx, "/", &v); err != nil {
		t.Fatal(err)
	}
	if !seen.Equal(want) {
		t.Fatalf("request deadline %v, want the caller's %v", seen, want)
	}
}

func TestSlowDownstreamCutOffAtCallerDeadline(t *testing.T) {
	d := newBlockingDownstream(t, false)
	c := newClient(t, Config{BaseURL: d.url, Timeout: time.Minute})

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	var v struct{}
	err := c.GetJSON(ctx, "/slow", &v)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("GetJSON: %v, want context.DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > testBound {
		t.Fatalf("GetJSON returned after %v, not at the caller's deadline", elapsed)
	}
	d.waitCancelled(t)
}

func TestSlowDownstreamCutOffByPerCallTimeout(t *testing.T) {
	d := newBlockingDownstream(t, false)
	c := newClient(t, Config{BaseURL: d.url, Timeout: 200 * time.Millisecond})

	var v struct{}
	if err := c.GetJSON(context.Background(), "/slow", &v); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("GetJSON: %v, want context.DeadlineExceeded", err)
	}
	d.waitCancelled(t)
}

func TestSlowBodyCutOffAtCallerDeadline(t *testing.T) {
	d := newBlockingDownstream(t, true) // headers at once, then nothing
	c := newClient(t, Config{BaseURL: d.url, Timeout: time.Minute})

	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	var v map[string]any
	if err := c.GetJSON(ctx, "/slow", &v); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("GetJSON: %v, want context.DeadlineExceeded", err)
	}
	d.waitCancelled(t)
}

func TestCancelledCallerCancelsDownstream(t *testing.T) {
	d := newBlockingDownstream(t, false)
	c := newClient(t, Config{BaseURL: d.url, Timeout: time.Minute})

	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		var v struct{}
		errc <- c.GetJSON(ctx, "/slow", &v)
	}()
	select {
	case <-d.started:
	case <-time.After(testBound):
		t.Fatal("the downstream never got the request")
	}
	cancel()
	d.waitCancelled(t)
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("GetJSON: %v, want context.Canceled", err)
		}
	case <-time.After(testBound):
		t.Fatal("GetJSON did not return after the caller was cancelled")
	}
}

func TestGetJSON(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/version":
			if r.Header.Get("Accept") != "application/json" || r.URL.RawQuery != "verbose=1" {
				http.Error(w, "bad request", http.StatusBadRequest)
				return
			}
			_, _ = io.WriteString(w, `{"version":"v1.2.3"}`)
		case "/api/moved":
			http.Redirect(w, r, "/api/version", http.StatusFound)
		case "/api/broken":
			_, _ = io.WriteString(w, `{"version":`)
		default:
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, Config{BaseURL: srv.URL + "/api"})

	var v struct {
		Version string `json:"version"`
	}
	if err := c.GetJSON(t.Context(), "/version?verbose=1", &v); err != nil || v.Version != "v1.2.3" {
		t.Fatalf("GetJSON: %+v, %v; want version v1.2.3", v, err)
	}

	for path, code := range map[string]int{"/fail": http.StatusInternalServerError, "/moved": http.StatusFound} {
		var statusErr *StatusError
		if err := c.GetJSON(t.Context(), path, &v); !errors.As(err, &statusErr) || statusErr.Code != code {
			t.Errorf("%s: %v, want a *StatusError with code %d", path, err, code)
		}
	}
	if err := c.GetJSON(t.Context(), "/broken", &v); err == nil || !strings.Contains(err.Error(), "decode") {
		t.Errorf("truncated body: %v, want a decode error", err)
	}
}

func TestDoRefusesAbsoluteURLs(t *testing.T) {
	c := newClient(t, Config{BaseURL: "http://downstream"})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, "http://elsewhere/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp, err := c.Do(t.Context(), req); err == nil {
		_ = resp.Body.Close()
		t.Fatal("Do sent a request to another host")
	}
}

func TestConnectionsReused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fail" {
			http.Error(w, strings.Repeat("x", 4096), http.StatusServiceUnavailable)
			return
		}
		_, _ = io.WriteString(w, "{}")
	}))
	t.Cleanup(srv.Close)
	c := newClient(t, Config{BaseURL: srv.URL})

	var reused []bool
	ctx := httptrace.WithClientTrace(t.Context(), &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) { reused = append(reused, info.Reused) },
	})
	var v struct{}
	for _, path := range []string{"/", "/fail", "/"} {
		_ = c.GetJSON(ctx, path, &v)
	}
	if len(reused) != 3 || reused[0] || !reused[1] || !reused[2] {
		t.Fatalf("connection reused %v, want [false true true]", reused)
	}
}
