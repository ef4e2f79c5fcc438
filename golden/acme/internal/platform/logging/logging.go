// Package logging sets up structured JSON logging with log/slog and defines
// the service's canonical log lines (access log, recovered panics).
//
// Records are written with the *Context methods of slog and the request
// context, so a handler that wraps the JSON handler (for example one adding
// trace and span ids) sees the request's values.
package logging

import (
	"context"
	"io"
	"log/slog"
	"runtime/debug"
	"time"
)

// New returns a logger writing JSON records at level or above to w.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// Request describes one completed HTTP request for the access log.
type Request struct {
	Method    string
	Route     string // route pattern, e.g. "/v1/orders/:id"; empty when no route matched
	Path      string // request path as received
	Status    int
	Bytes     int // response body size
	Duration  time.Duration
	RequestID string
}

// LogRequest writes the access-log line for req: one record per request at
// Info level, or Error level for server errors (5xx).
func LogRequest(ctx context.Context, logger *slog.Logger, req Request) {
	level := slog.LevelInfo
	if req.Status >= 500 {
		level = slog.LevelError
	}
	logger.LogAttrs(ctx, level, "request",
		slog.String("method", req.Method),
		slog.String("route", req.Route),
		slog.String("path", req.Path),
		slog.Int("status", req.Status),
		slog.Int("bytes", req.Bytes),
		slog.Float64("duration_ms", float64(req.Duration.Microseconds())/1000),
		slog.String("request_id", req.RequestID),
	)
}

// LogPanic logs a value recovered from a panicking handler together with the
// stack of the panicking goroutine. Call it from the deferred recover.
func LogPanic(ctx context.Context, logger *slog.Logger, recovered any, requestID string) {
	logger.LogAttrs(ctx, slog.LevelError, "panic recovered",
		slog.Any("panic", recovered),
		slog.String("stack", string(debug.Stack())),
		slog.String("request_id", requestID),
	)
}
