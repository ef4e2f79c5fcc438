package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"gitlab.acme.example/payments/ledger/internal/platform/logging"
	"gitlab.acme.example/payments/ledger/internal/platform/requestid"
)

// panicRouter is the router's middleware chain with a route that panics.
func panicRouter(logs *bytes.Buffer, value any) http.Handler {
	out := logging.NewOutput(logs, 0)
	logger := logging.New(out, slog.LevelInfo)
	access := logging.NewAccessLog(out, slog.LevelInfo, nil)
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(accessLog(access), recoverPanic(logger))
	r.GET("/panic", func(*gin.Context) { panic(value) })
	return requestid.Middleware(r)
}

func TestRecoverPanic(t *testing.T) {
	var logs bytes.Buffer
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/panic", nil)
	req.Header.Set(requestid.Header, "boom-1")
	panicRouter(&logs, "boom").ServeHTTP(rec, req)

	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	if got := strings.TrimSpace(rec.Body.String()); got != `{"error":"internal server error"}` {
		t.Errorf("body = %s", got)
	}

	var lines []map[string]any
	dec := json.NewDecoder(&logs)
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want panic + access log: %v", len(lines), lines)
	}
	p, access := lines[0], lines[1]
	if p["msg"] != "panic recovered" || p["panic"] != "boom" || p["request_id"] != "boom-1" {
		t.Errorf("panic log = %v", p)
	}
	if stack, _ := p["stack"].(string); !strings.Contains(stack, "server.panicRouter") {
		t.Errorf("stack does not show the panicking handler: %s", stack)
	}
	if access["status"] != float64(500) || access["level"] != "ERROR" || access["request_id"] != "boom-1" {
		t.Errorf("access log = %v", access)
	}
}

func TestRecoverPanicKeepsAbortHandler(t *testing.T) {
	var logs bytes.Buffer
	defer func() {
		if err, _ := recover().(error); !errors.Is(err, http.ErrAbortHandler) {
			t.Errorf("recovered %v, want http.ErrAbortHandler", err)
		}
	}()
	panicRouter(&logs, http.ErrAbortHandler).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/panic", nil))
}
