// Package logging sets up the service's structured JSON logs: records of
// log/slog, and the access log, one line per request.
//
// Both write to one Output, which keeps their order. slog records are
// written at once. Access-log lines are written with a dedicated encoder
// (see AccessLog) and may be buffered for a short interval (see Output).
//
// slog records are written with the *Context methods and the request
// context, so a handler that wraps the JSON handler (for example one adding
// trace and span ids) sees the request's values.
package logging

import (
	"context"
	"io"
	"log/slog"
	"runtime/debug"
)

// New returns a logger writing JSON records at level or above to w.
func New(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
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
