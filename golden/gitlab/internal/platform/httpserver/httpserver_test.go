package httpserver

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
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

func TestErrorLogGoesToSlog(t *testing.T) {
	var buf bytes.Buffer
	srv := New(":0", http.NotFoundHandler(), slog.New(slog.NewJSONHandler(&buf, nil)))
	srv.ErrorLog.Print("http: TLS handshake error")
	if !strings.Contains(buf.String(), `"level":"WARN"`) || !strings.Contains(buf.String(), "TLS handshake error") {
		t.Errorf("log output = %s", &buf)
	}
}
