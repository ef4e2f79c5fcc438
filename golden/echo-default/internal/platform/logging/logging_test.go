package logging

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
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
