package httpserver

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestNewSetsEveryLimit(t *testing.T) {
	h := http.NotFoundHandler()
	srv := New(":1234", h, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if srv.Addr != ":1234" || srv.Handler == nil {
		t.Errorf("Addr %q, Handler %v", srv.Addr, srv.Handler)
	}
	if srv.ReadHeaderTimeout <= 0 || srv.ReadTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
		t.Errorf("unbounded timeout: %+v", srv)
	}
	if srv.WriteTimeout != WriteTimeout || AnswerMargin <= 0 || AnswerMargin >= WriteTimeout {
		t.Errorf("WriteTimeout %v, want %v with a margin %v inside it", srv.WriteTimeout, WriteTimeout, AnswerMargin)
	}
	if srv.ReadHeaderTimeout > srv.ReadTimeout {
		t.Errorf("ReadHeaderTimeout %v exceeds ReadTimeout %v", srv.ReadHeaderTimeout, srv.ReadTimeout)
	}
	if srv.MaxHeaderBytes <= 0 {
		t.Errorf("MaxHeaderBytes = %d", srv.MaxHeaderBytes)
	}
}

// TestOptionsAsteriskReachesHandler: a server made by New hands "OPTIONS *"
// to its handler, as any other request, instead of answering it 200 itself.
func TestOptionsAsteriskReachesHandler(t *testing.T) {
	var reached []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached = append(reached, r.Method+" "+r.RequestURI)
		w.WriteHeader(http.StatusTeapot)
	})
	srv := httptest.NewUnstartedServer(h)
	srv.Config = New("", h, slog.New(slog.NewTextHandler(io.Discard, nil)))
	srv.Start()
	t.Cleanup(srv.Close)
	req := &http.Request{Method: http.MethodOptions, URL: &url.URL{Scheme: "http", Host: srv.Listener.Addr().String(), Opaque: "*"}, Header: http.Header{}}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusTeapot || len(reached) != 1 || reached[0] != "OPTIONS *" {
		t.Errorf("OPTIONS * = %d, the handler got %q; want the handler's 418 for OPTIONS *", resp.StatusCode, reached)
	}
}

func TestErrorLogGoesToSlog(t *testing.T) {
	var buf bytes.Buffer
	srv := New(":0", http.NotFoundHandler(), slog.New(slog.NewJSONHandler(&buf, nil)))
	srv.ErrorLog.Print("http: superfluous response.WriteHeader call")
	if !strings.Contains(buf.String(), `"level":"WARN"`) || !strings.Contains(buf.String(), `"msg":"http: superfluous response.WriteHeader call"`) {
		t.Errorf("log output = %s", &buf)
	}
}

// TestTLSHandshakeErrors serves over TLS with New's error log. A client
// that fails the handshake (here: it does not trust the certificate) is a
// WARN with its address and the error as fields; a TCP connection closed
// before any TLS record, as a load balancer's TCP health check makes one, is
// only a DEBUG record.
func TestTLSHandshakeErrors(t *testing.T) {
	var logs lockedBuffer
	srv := httptest.NewUnstartedServer(http.NotFoundHandler())
	srv.Config.ErrorLog = New(":0", srv.Config.Handler, slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))).ErrorLog
	srv.StartTLS()
	t.Cleanup(srv.Close)
	addr := srv.Listener.Addr().String()

	probe, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	probeAddr := probe.LocalAddr().String()
	_ = probe.Close()
	client, err := tls.Dial("tcp", addr, &tls.Config{}) // no root trusts httptest's certificate
	if err == nil {
		_ = client.Close()
		t.Fatal("handshake succeeded without a trusted root")
	}

	var records []map[string]any
	for deadline := time.Now().Add(5 * time.Second); len(records) < 2; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d records 5 s after two failed handshakes, want 2:\n%s", len(records), logs.String())
		}
		records = records[:0]
		for line := range strings.Lines(logs.String()) {
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("log line %q is not JSON: %v", line, err)
			}
			records = append(records, m)
		}
	}
	var warned, debugged bool
	for _, r := range records {
		switch r["remote_addr"] {
		case probeAddr:
			debugged = r["level"] == "DEBUG" && r["msg"] == "connection closed before the TLS handshake"
		case nil, "":
		default:
			errText, _ := r["error"].(string)
			warned = r["level"] == "WARN" && r["msg"] == "TLS handshake failed" && strings.Contains(errText, "bad certificate")
		}
	}
	if !debugged || !warned {
		t.Errorf("want a DEBUG record for the TCP probe (%s) and a WARN one with remote_addr and error for the refused client; got\n%s", probeAddr, logs.String())
	}
}

// lockedBuffer is a bytes.Buffer safe for a server's writes and a test's
// reads.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
