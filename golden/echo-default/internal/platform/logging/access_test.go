package logging

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

var (
	testTraceID = [16]byte{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36}
	testSpanID  = [8]byte{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7}
)

// fixedIDs is a TraceIDs that finds testTraceID and testSpanID in every
// context.
func fixedIDs(context.Context) ([16]byte, [8]byte, bool) {
	return testTraceID, testSpanID, true
}

// newAccessLog returns an access log at level writing to w through an
// Output with interval, without trace ids.
func newAccessLog(w io.Writer, interval time.Duration, level slog.Level) *AccessLog {
	return NewAccessLog(NewOutput(w, interval), level, nil)
}

// slogLine is what slog.JSONHandler writes for the access-log record of req
// made at t, with the ids when withIDs is set.
func slogLine(t *testing.T, at time.Time, level slog.Level, req Request, withIDs bool) string {
	t.Helper()
	var buf bytes.Buffer
	r := slog.NewRecord(at, level, "request", 0)
	r.AddAttrs(appendRequestAttrs(nil, req, withIDs)...)
	if err := slog.NewJSONHandler(&buf, nil).Handle(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// appendRequestAttrs appends the attributes of the access-log record of req
// to attrs, with the ids when withIDs is set.
func appendRequestAttrs(attrs []slog.Attr, req Request, withIDs bool) []slog.Attr {
	attrs = append(attrs,
		slog.String("method", req.Method),
		slog.String("route", req.Route),
		slog.String("path", req.Path),
		slog.Int("status", req.Status),
		slog.Int("bytes", req.Bytes),
		slog.Float64("duration_ms", float64(req.Duration.Microseconds())/1000),
		slog.String("request_id", req.RequestID),
	)
	if req.Aborted {
		attrs = append(attrs, slog.Bool("aborted", true))
	}
	if withIDs {
		attrs = append(attrs, slog.String("trace_id", hex.EncodeToString(testTraceID[:])), slog.String("span_id", hex.EncodeToString(testSpanID[:])))
	}
	return attrs
}

func TestAccessLogWritesWhatSlogWrites(t *testing.T) {
	base := Request{Method: "GET", Route: "/v1/orders/:id", Path: "/v1/orders/42", Status: 200, Bytes: 12, Duration: 1500 * time.Microsecond, RequestID: "abc"}
	with := func(f func(*Request)) Request {
		r := base
		f(&r)
		return r
	}
	tests := []struct {
		name  string
		req   Request
		level slog.Level
	}{
		{"plain", base, slog.LevelInfo},
		{"client error", with(func(r *Request) { r.Status = 404; r.Route = "" }), slog.LevelInfo},
		{"server error", with(func(r *Request) { r.Status = 503 }), slog.LevelError},
		{"readiness during a drain", with(func(r *Request) { r.Status = 503; r.Route = "/readyz"; r.Path = "/readyz" }), slog.LevelInfo},
		{"readiness failing otherwise", with(func(r *Request) { r.Status = 500; r.Route = "/readyz"; r.Path = "/readyz" }), slog.LevelError},
		{"whole milliseconds", with(func(r *Request) { r.Duration = 2 * time.Second }), slog.LevelInfo},
		{"microseconds", with(func(r *Request) { r.Duration = 7 * time.Microsecond }), slog.LevelInfo},
		{"trailing zeros", with(func(r *Request) { r.Duration = 1230 * time.Microsecond }), slog.LevelInfo},
		{"below a microsecond", with(func(r *Request) { r.Duration = 999 }), slog.LevelInfo},
		{"long", with(func(r *Request) { r.Duration = 90*time.Minute + 123456*time.Microsecond }), slog.LevelInfo},
		{"escapes", with(func(r *Request) { r.Path = "/a\"b\\c\n\r\t\x00\x1f\x7f<>&" }), slog.LevelInfo},
		{"unicode", with(func(r *Request) { r.Path = "/é/日本/\u2028\u2029/\U0001F600" }), slog.LevelInfo},
		{"invalid UTF-8", with(func(r *Request) { r.Path = "/\xff\xfe/a\xc3" }), slog.LevelInfo},
		{"empty", Request{}, slog.LevelInfo},
		{"aborted", with(func(r *Request) { r.Status = 500; r.Aborted = true }), slog.LevelError},
	}
	for _, tt := range tests {
		for _, withIDs := range []bool{false, true} {
			var buf bytes.Buffer
			var ids TraceIDs
			if withIDs {
				ids = fixedIDs
			}
			before := time.Now()
			l := NewAccessLog(NewOutput(&buf, 0), slog.LevelDebug, ids)
			l.ExpectUnavailable("/readyz")
			l.Log(context.Background(), tt.req)
			at := lineTime(t, buf.Bytes(), before, time.Now())
			if want := slogLine(t, at, tt.level, tt.req, withIDs); buf.String() != want {
				t.Errorf("%s, ids %v:\n got %s\nwant %s", tt.name, withIDs, buf.String(), want)
			}
		}
	}
}

// lineTime returns the time of line, a line written between before and
// after. It fails t unless the time is written as slog.JSONHandler writes
// it (RFC 3339 with the fraction of a second to the nanosecond, trailing
// zeros dropped) and lies between before and after.
func lineTime(t *testing.T, line []byte, before, after time.Time) time.Time {
	t.Helper()
	var fields struct{ Time string }
	if err := json.Unmarshal(line, &fields); err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	at, err := time.Parse(time.RFC3339Nano, fields.Time)
	if err != nil {
		t.Fatalf("time %q: %v", fields.Time, err)
	}
	if want := at.Format(time.RFC3339Nano); fields.Time != want {
		t.Errorf("time %q, slog writes that time as %q", fields.Time, want)
	}
	if at.Before(before) || at.After(after) {
		t.Errorf("time %s, want between %s and %s", fields.Time, before.Format(time.RFC3339Nano), after.Format(time.RFC3339Nano))
	}
	return at
}

func TestAccessLogLevel(t *testing.T) {
	ok := Request{Method: "GET", Path: "/", Status: 200}
	failed := Request{Method: "GET", Path: "/", Status: 500}
	tests := []struct {
		level      slog.Level
		ok, failed bool
	}{
		{slog.LevelDebug, true, true},
		{slog.LevelInfo, true, true},
		{slog.LevelWarn, false, true},
		{slog.LevelError, false, true},
		{slog.LevelError + 1, false, false},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		log := newAccessLog(&buf, 0, tt.level)
		log.Log(context.Background(), ok)
		gotOK := buf.Len() > 0
		buf.Reset()
		log.Log(context.Background(), failed)
		if gotFailed := buf.Len() > 0; gotOK != tt.ok || gotFailed != tt.failed {
			t.Errorf("level %v: 200 logged %v, 500 logged %v; want %v, %v", tt.level, gotOK, gotFailed, tt.ok, tt.failed)
		}
	}
}

func TestAccessLogWithoutSpan(t *testing.T) {
	var buf bytes.Buffer
	noSpan := func(context.Context) ([16]byte, [8]byte, bool) { return [16]byte{}, [8]byte{}, false }
	NewAccessLog(NewOutput(&buf, 0), slog.LevelInfo, noSpan).Log(context.Background(), Request{Status: 200})
	if strings.Contains(buf.String(), "trace_id") || strings.Contains(buf.String(), "span_id") {
		t.Errorf("line without a span has ids: %s", &buf)
	}
}

// FuzzAppendString checks that strings are encoded byte for byte as
// slog.JSONHandler encodes them.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "/v1/orders", "a\"b\\c", "\n\r\t\x00\x01\x1f\x7f", "<>&'", "é日本\U0001F600", "\u2028\u2029", "\xff", "a\xc3", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		drop := func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey || a.Key == slog.MessageKey {
				return slog.Attr{}
			}
			return a
		}
		slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: drop})).Info("", "k", s)
		want := strings.TrimSuffix(strings.TrimPrefix(buf.String(), `{"k":`), "}\n")
		if got := string(appendString(nil, s)); got != want {
			t.Errorf("appendString(%q) = %s, slog writes %s", s, got, want)
		}
	})
}

// BenchmarkAccessLog and BenchmarkAccessLogThroughSlog compare the access
// log with the same line written through slog.
func BenchmarkAccessLog(b *testing.B) {
	log := NewAccessLog(NewOutput(io.Discard, 0), slog.LevelInfo, fixedIDs)
	req := Request{Method: "POST", Route: "/v1/orders", Path: "/v1/orders", Status: 201, Bytes: 60, Duration: 1234 * time.Microsecond, RequestID: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
	b.ReportAllocs()
	for b.Loop() {
		log.Log(context.Background(), req)
	}
}

func BenchmarkAccessLogThroughSlog(b *testing.B) {
	logger := New(io.Discard, slog.LevelInfo)
	req := Request{Method: "POST", Route: "/v1/orders", Path: "/v1/orders", Status: 201, Bytes: 60, Duration: 1234 * time.Microsecond, RequestID: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
	var attrs []slog.Attr
	b.ReportAllocs()
	for b.Loop() {
		attrs = appendRequestAttrs(attrs[:0], req, true)
		logger.LogAttrs(context.Background(), slog.LevelInfo, "request", attrs...)
	}
}
