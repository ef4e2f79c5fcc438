package health

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them, such as a
// check whose connection was never closed.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

func TestProbes(t *testing.T) {
	var p Probes
	probe := func(h http.HandlerFunc) (int, string) {
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		return rec.Code, strings.TrimSpace(rec.Body.String())
	}

	if code, body := probe(p.Ready); code != http.StatusOK || body != `{"status":"ok"}` {
		t.Errorf("ready before shutdown: %d %s", code, body)
	}
	p.ShutDown()
	if code, body := probe(p.Ready); code != http.StatusServiceUnavailable || body != `{"status":"shutting down"}` {
		t.Errorf("ready after shutdown: %d %s", code, body)
	}
	if code, _ := probe(p.Live); code != http.StatusOK {
		t.Errorf("live after shutdown: %d, want 200", code)
	}
}

func TestLocalURL(t *testing.T) {
	tests := []struct {
		scheme, addr, path, want string
	}{
		{"http", ":8080", LivePath, "http://127.0.0.1:8080/healthz"},
		{"https", "0.0.0.0:8443", ReadyPath, "https://127.0.0.1:8443/readyz"},
		{"http", "[::]:8080", LivePath, "http://127.0.0.1:8080/healthz"},
		{"http", "[::1]:8080", LivePath, "http://[::1]:8080/healthz"},
		{"http", "localhost:8080", LivePath, "http://localhost:8080/healthz"},
		{"http", "[fe80::1%eth0]:8080", LivePath, "http://[fe80::1%25eth0]:8080/healthz"},
	}
	for _, tt := range tests {
		got, err := LocalURL(tt.scheme, tt.addr, tt.path)
		if err != nil || got != tt.want {
			t.Errorf("LocalURL(%q, %q, %q) = %q, %v; want %q", tt.scheme, tt.addr, tt.path, got, err, tt.want)
		}
	}
	if _, err := LocalURL("http", "no-port", LivePath); err == nil {
		t.Error("malformed address: want error")
	}
}

func TestCheck(t *testing.T) {
	client := &http.Client{Timeout: time.Second}
	serve := func(code int) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != LivePath {
				http.NotFound(w, r)
				return
			}
			w.WriteHeader(code)
		}))
		t.Cleanup(srv.Close)
		return srv.URL + LivePath
	}

	if err := Check(t.Context(), client, serve(http.StatusOK)); err != nil {
		t.Errorf("healthy server: %v", err)
	}
	if err := Check(t.Context(), client, serve(http.StatusInternalServerError)); err == nil {
		t.Error("server answering 500: want error")
	}

	hangUp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		// Hangs up without an answer. The server stays open until the test
		// ends, so no other server can take its port as one can take a port
		// that was just freed.
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		}
	}))
	defer hangUp.Close()
	if err := Check(t.Context(), client, hangUp.URL+LivePath); err == nil {
		t.Error("no answer: want error")
	}
}
