package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v5"

	"gitlab.example.com/platform/payments-api/internal/platform/logging"
	"gitlab.example.com/platform/payments-api/internal/platform/requestid"
)

// panicRouter is the router's middleware chain with a route that panics.
func panicRouter(logs *bytes.Buffer, value any) http.Handler {
	out := logging.NewOutput(logs, 0)
	logger := logging.New(out, slog.LevelInfo)
	access := logging.NewAccessLog(out, slog.LevelInfo, nil)
	e := echo.NewWithConfig(echo.Config{Logger: logger, HTTPErrorHandler: errorHandler(logger)})
	e.Use(accessLog(access), recoverPanic(logger))
	e.GET("/panic", func(*echo.Context) error { panic(value) })
	return requestid.Middleware(e)
}

// partialPanicRouter is the router's middleware chain with a route that
// panics after it sent part of its response.
func partialPanicRouter(logs *bytes.Buffer) http.Handler {
	out := logging.NewOutput(logs, 0)
	logger := logging.New(out, slog.LevelInfo)
	access := logging.NewAccessLog(out, slog.LevelInfo, nil)
	e := echo.NewWithConfig(echo.Config{Logger: logger, HTTPErrorHandler: errorHandler(logger)})
	e.Use(accessLog(access), recoverPanic(logger))
	e.GET("/export", func(c *echo.Context) error {
		c.Response().Header().Set("Content-Type", "application/x-ndjson")
		c.Response().WriteHeader(http.StatusOK)
		_, _ = c.Response().Write([]byte("{\"row\":1}\n{\"row\":2}\n"))
		if err := http.NewResponseController(c.Response()).Flush(); err != nil {
			return err
		}
		panic("connection to the database lost")
	})
	return requestid.Middleware(e)
}

// logLines decodes the JSON log lines in r.
func logLines(t *testing.T, r io.Reader) []map[string]any {
	t.Helper()
	var lines []map[string]any
	dec := json.NewDecoder(r)
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, m)
	}
	return lines
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

	lines := logLines(t, &logs)
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

// A panic after the response started cannot turn into a 500: the client
// must see a broken response, not a complete-looking truncated one, and the
// access log must not record the status that was started.
func TestRecoverPanicAfterResponseStartedAbortsIt(t *testing.T) {
	var logs bytes.Buffer
	srv := httptest.NewServer(partialPanicRouter(&logs))
	resp, err := srv.Client().Get(srv.URL + "/export")
	if err == nil {
		body, readErr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if readErr == nil {
			t.Errorf("client read a complete %d response %q, want a broken one", resp.StatusCode, body)
		}
	}
	srv.Close() // waits for the handler: the log lines are written

	lines := logLines(t, &logs)
	if len(lines) != 2 {
		t.Fatalf("got %d log lines, want panic + access log: %v", len(lines), lines)
	}
	p, access := lines[0], lines[1]
	if p["msg"] != "panic recovered" || p["panic"] != "connection to the database lost" {
		t.Errorf("panic log = %v", p)
	}
	if access["msg"] != "request" || access["status"] != float64(500) || access["aborted"] != true || access["level"] != "ERROR" {
		t.Errorf("access log = %v, want status 500, aborted, at ERROR", access)
	}
}

func TestRecoverPanicKeepsAbortHandler(t *testing.T) {
	var logs bytes.Buffer
	func() {
		defer func() {
			if err, _ := recover().(error); !errors.Is(err, http.ErrAbortHandler) {
				t.Errorf("recovered %v, want http.ErrAbortHandler", err)
			}
		}()
		panicRouter(&logs, http.ErrAbortHandler).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/panic", nil))
	}()
	lines := logLines(t, &logs)
	if len(lines) != 1 || lines[0]["status"] != float64(500) || lines[0]["aborted"] != true {
		t.Errorf("log = %v, want the access log line of an aborted request", lines)
	}
}

// An error a handler returns is answered by its HTTP status, and logged
// with the request's id when the client is not told its cause: one without
// a status (answered 500) or a 5xx that wraps a cause.
func TestHandlerErrorLogged(t *testing.T) {
	tests := []struct {
		name     string
		err      error
		wantCode int
		wantLog  string // the logged error, "" for none
	}{
		{"no status", errors.New("query orders: connection refused"), http.StatusInternalServerError, "query orders: connection refused"},
		{"wrapped cause", echo.ErrBadGateway.Wrap(errors.New("dial inventory: timeout")), http.StatusBadGateway, "dial inventory: timeout"},
		{"client error", echo.NewHTTPError(http.StatusBadRequest, "bad cursor"), http.StatusBadRequest, ""},
		{"bare 503", echo.ErrServiceUnavailable, http.StatusServiceUnavailable, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			out := logging.NewOutput(&logs, 0)
			logger := logging.New(out, slog.LevelInfo)
			access := logging.NewAccessLog(out, slog.LevelInfo, nil)
			e := echo.NewWithConfig(echo.Config{Logger: logger, HTTPErrorHandler: errorHandler(logger)})
			e.Use(accessLog(access), recoverPanic(logger))
			e.GET("/fail", func(*echo.Context) error { return tt.err })
			rec := httptest.NewRecorder()
			req := httptest.NewRequest(http.MethodGet, "/fail", nil)
			req.Header.Set(requestid.Header, "fail-1")
			requestid.Middleware(e).ServeHTTP(rec, req)

			if rec.Code != tt.wantCode {
				t.Fatalf("status = %d, want %d", rec.Code, tt.wantCode)
			}
			lines := logLines(t, &logs)
			var failed []map[string]any
			for _, l := range lines {
				if l["msg"] == "request failed" {
					failed = append(failed, l)
				}
			}
			if tt.wantLog == "" {
				if len(failed) != 0 {
					t.Errorf("logged %v, want no error record", failed)
				}
				return
			}
			if len(failed) != 1 {
				t.Fatalf("got %d error records, want 1: %v", len(failed), lines)
			}
			if msg, _ := failed[0]["error"].(string); !strings.Contains(msg, tt.wantLog) || failed[0]["level"] != "ERROR" || failed[0]["request_id"] != "fail-1" {
				t.Errorf("error record = %v, want %q at ERROR with the request id", failed[0], tt.wantLog)
			}
		})
	}
}
