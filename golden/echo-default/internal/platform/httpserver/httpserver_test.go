package httpserver

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
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

// TestHeaderLimits pins what the README says of the request headers. Over
// HTTP/1.1, net/http reads the request line and headers up to MaxHeaderBytes
// plus 4096 bytes of slack of its own: a request of 69632 bytes up to its
// blank line is served, one byte more is 431. Over HTTP/2 it advertises (and
// enforces with 431) a header list size, each field's name and value and 32
// bytes, of MaxHeaderBytes plus 320.
func TestHeaderLimits(t *testing.T) {
	const http1Limit, http2Limit = maxHeaderBytes + 4096, maxHeaderBytes + 320
	h := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })

	plain := httptest.NewUnstartedServer(h)
	plain.Config = New("", h, slog.New(slog.DiscardHandler))
	plain.Start()
	t.Cleanup(plain.Close)
	for _, tt := range []struct {
		name   string
		size   int // of the request line and headers, up to the blank line
		status int
	}{
		{"67 KiB", 67 << 10, http.StatusNoContent},
		{"the limit", http1Limit, http.StatusNoContent},
		{"a byte over", http1Limit + 1, http.StatusRequestHeaderFieldsTooLarge},
	} {
		t.Run("HTTP/1.1 "+tt.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", plain.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = conn.Close() }()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			const head, end = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: ", "\r\n\r\n"
			if _, err := io.WriteString(conn, head+strings.Repeat("a", tt.size-len(head)-len(end))+end); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Errorf("a request of %d bytes: status %d, want %d", tt.size, resp.StatusCode, tt.status)
			}
		})
	}

	t.Run("HTTP/2", func(t *testing.T) {
		tlsSrv := httptest.NewUnstartedServer(h)
		tlsSrv.Config = New("", h, slog.New(slog.DiscardHandler))
		tlsSrv.EnableHTTP2 = true
		tlsSrv.StartTLS()
		defer tlsSrv.Close()
		roots := x509.NewCertPool()
		roots.AddCert(tlsSrv.Certificate())
		conn, err := tls.Dial("tcp", tlsSrv.Listener.Addr().String(), &tls.Config{RootCAs: roots, NextProtos: []string{"h2"}, MinVersion: tls.VersionTLS12})
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = conn.Close() }()
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		if p := conn.ConnectionState().NegotiatedProtocol; p != "h2" {
			t.Fatalf("negotiated %q, want h2", p)
		}
		// The client preface and an empty SETTINGS frame; the server's first
		// frame is its SETTINGS: 6-byte entries of an id and a value.
		if _, err := io.WriteString(conn, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00"); err != nil {
			t.Fatal(err)
		}
		frame := make([]byte, 9)
		if _, err := io.ReadFull(conn, frame); err != nil {
			t.Fatal(err)
		}
		if frame[3] != 0x4 {
			t.Fatalf("first frame of type %d, want SETTINGS (4)", frame[3])
		}
		settings := make([]byte, int(frame[0])<<16|int(frame[1])<<8|int(frame[2]))
		if _, err := io.ReadFull(conn, settings); err != nil {
			t.Fatal(err)
		}
		const maxHeaderListSize = 0x6
		var got uint32
		for e := settings; len(e) >= 6; e = e[6:] {
			if binary.BigEndian.Uint16(e) == maxHeaderListSize {
				got = binary.BigEndian.Uint32(e[2:])
			}
		}
		if got != http2Limit {
			t.Errorf("SETTINGS_MAX_HEADER_LIST_SIZE %d, want %d", got, http2Limit)
		}
	})
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
