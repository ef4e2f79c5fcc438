package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func decode(t *testing.T, buf *bytes.Buffer) map[string]any {
	t.Helper()
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("log output %q is not one JSON record: %v", buf, err)
	}
	return rec
}

func TestNewRespectsLevel(t *testing.T) {
	var buf bytes.Buffer
	logger := New(&buf, slog.LevelWarn)
	logger.Info("hidden")
	if buf.Len() != 0 {
		t.Fatalf("info record written at warn level: %s", &buf)
	}
	logger.Warn("shown", "k", "v")
	rec := decode(t, &buf)
	if rec["msg"] != "shown" || rec["level"] != "WARN" || rec["k"] != "v" {
		t.Errorf("record = %v", rec)
	}
}

func TestLogRequest(t *testing.T) {
	tests := []struct {
		status int
		level  string
	}{
		{200, "INFO"},
		{404, "INFO"},
		{503, "ERROR"},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		LogRequest(context.Background(), New(&buf, slog.LevelInfo), Request{
			Method: "GET", Route: "/v1/orders", Path: "/v1/orders", Status: tt.status,
			Bytes: 12, Duration: 1500 * time.Microsecond, RequestID: "abc",
		})
		rec := decode(t, &buf)
		want := map[string]any{
			"level": tt.level, "msg": "request", "method": "GET", "route": "/v1/orders",
			"path": "/v1/orders", "status": float64(tt.status), "bytes": float64(12),
			"duration_ms": 1.5, "request_id": "abc",
		}
		for k, v := range want {
			if rec[k] != v {
				t.Errorf("status %d: %s = %v, want %v", tt.status, k, rec[k], v)
			}
		}
	}
}

func TestLogPanic(t *testing.T) {
	var buf bytes.Buffer
	LogPanic(context.Background(), New(&buf, slog.LevelInfo), "boom", "abc")
	rec := decode(t, &buf)
	if rec["panic"] != "boom" || rec["request_id"] != "abc" || rec["level"] != "ERROR" {
		t.Errorf("record = %v", rec)
	}
	if stack, _ := rec["stack"].(string); !strings.Contains(stack, "TestLogPanic") {
		t.Errorf("stack does not show the caller: %q", stack)
	}
}
