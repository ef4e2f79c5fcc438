package logging

import (
	"context"
	"encoding/hex"
	"log/slog"
	"strconv"
	"time"
	"unicode/utf8"
)

// Request describes one completed HTTP request for the access log.
type Request struct {
	Method    string
	Route     string // route pattern, e.g. "/v1/orders/:id"; empty when no route matched
	Path      string // request path as sent, escapes kept (URL.EscapedPath)
	Status    int
	Bytes     int // size of the response body sent: 0 for HEAD
	Duration  time.Duration
	RequestID string
	// Aborted is set when the response was cut off instead of completed (a
	// panic after the response had started): the client saw a broken
	// connection, not Status. The line then says "aborted":true.
	Aborted bool
}

// TraceIDs returns the trace and span ids of the span in ctx, and whether
// ctx holds a valid one.
type TraceIDs func(ctx context.Context) (traceID [16]byte, spanID [8]byte, ok bool)

// AccessLog writes the access log: one JSON line per request, exactly the
// line a slog.JSONHandler writes for the record
//
//	logger.LogAttrs(ctx, level, "request", method, route, path, status,
//		bytes, duration_ms, request_id[, aborted][, trace_id, span_id])
//
// It encodes the line itself instead of going through slog: this line is
// written for every request, and slog's generic path (the caller's program
// counter, a record with attributes, encoding/json for the float) costs
// several times as much CPU and allocates.
type AccessLog struct {
	out   *Output
	level slog.Level
	ids   TraceIDs
	// unavailable is the path whose 503 answers are expected (see
	// ExpectUnavailable).
	unavailable string
}

// NewAccessLog returns an access log writing to out. Lines below level are
// dropped (a level above Info keeps only server errors); ids, when not nil,
// adds the trace_id and span_id of the request's span.
func NewAccessLog(out *Output, level slog.Level, ids TraceIDs) *AccessLog {
	return &AccessLog{out: out, level: level, ids: ids}
}

// ExpectUnavailable makes the 503 answers of path (the readiness probe, which
// answers 503 from the start of a shutdown on) Info lines: at Error level every
// probe of every drain would log an error. Call it before serving.
func (a *AccessLog) ExpectUnavailable(path string) { a.unavailable = path }

// Log writes the line of req, whose context is ctx, at Info level, or at
// Error level for server errors (5xx, but an expected 503), which Output
// writes at once.
// The trace and span ids are those of the span in ctx.
func (a *AccessLog) Log(ctx context.Context, req Request) {
	level := slog.LevelInfo
	if req.Status >= 500 && (req.Status != 503 || a.unavailable == "" || req.Path != a.unavailable) {
		level = slog.LevelError
	}
	if level < a.level {
		return
	}
	var traceID [16]byte
	var spanID [8]byte
	var withIDs bool
	if a.ids != nil {
		traceID, spanID, withIDs = a.ids(ctx)
	}
	now := time.Now()
	a.out.appendLine(func(b []byte) []byte {
		b = appendRequest(b, now, level, req)
		if withIDs {
			b = append(b, `,"trace_id":"`...)
			b = hex.AppendEncode(b, traceID[:])
			b = append(b, `","span_id":"`...)
			b = hex.AppendEncode(b, spanID[:])
			b = append(b, '"')
		}
		return append(b, "}\n"...)
	}, level >= slog.LevelError)
}

// appendRequest appends the line of req without its closing brace.
func appendRequest(b []byte, t time.Time, level slog.Level, req Request) []byte {
	b = append(b, `{"time":"`...)
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","level":"`...)
	b = append(b, level.String()...)
	b = append(b, `","msg":"request","method":`...)
	b = appendString(b, req.Method)
	b = append(b, `,"route":`...)
	b = appendString(b, req.Route)
	b = append(b, `,"path":`...)
	b = appendString(b, req.Path)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(req.Status), 10)
	b = append(b, `,"bytes":`...)
	b = strconv.AppendInt(b, int64(req.Bytes), 10)
	b = append(b, `,"duration_ms":`...)
	b = appendMillis(b, req.Duration)
	b = append(b, `,"request_id":`...)
	b = appendString(b, req.RequestID)
	if req.Aborted {
		b = append(b, `,"aborted":true`...)
	}
	return b
}

// appendMillis appends d in milliseconds with microsecond precision, as
// encoding/json writes float64(d.Microseconds())/1000: no trailing zeros,
// no decimal point for whole milliseconds.
func appendMillis(b []byte, d time.Duration) []byte {
	us := max(d.Microseconds(), 0)
	b = strconv.AppendInt(b, us/1000, 10)
	frac := us % 1000
	if frac == 0 {
		return b
	}
	b = append(b, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string the way slog.JSONHandler does:
// control characters, quote and backslash escaped, invalid UTF-8 replaced
// by U+FFFD, U+2028 and U+2029 escaped, and nothing else (<, > and & stay
// as they are).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
