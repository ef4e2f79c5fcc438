package telemetry

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// LogHandler is a slog.Handler that adds the trace_id and span_id of the
// span in a record's context, when there is a valid one, to the record.
// Log with the request's context (logger.InfoContext(ctx, ...)) to get them.
// Within a group opened by WithGroup the ids are added to that group.
type LogHandler struct {
	next slog.Handler
}

// NewLogHandler returns a LogHandler writing to next, typically a
// slog.JSONHandler.
func NewLogHandler(next slog.Handler) *LogHandler {
	return &LogHandler{next: next}
}

// Enabled reports whether next handles records at level.
func (h *LogHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

// Handle adds the trace and span ids of ctx's span to r and passes it on.
func (h *LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		r = r.Clone()
		r.AddAttrs(
			slog.String("trace_id", sc.TraceID().String()),
			slog.String("span_id", sc.SpanID().String()),
		)
	}
	return h.next.Handle(ctx, r)
}

// TraceIDs returns the trace and span ids of the span in ctx, and whether
// it is valid: the logging.TraceIDs of the access log.
func TraceIDs(ctx context.Context) (traceID [16]byte, spanID [8]byte, ok bool) {
	sc := trace.SpanContextFromContext(ctx)
	return sc.TraceID(), sc.SpanID(), sc.IsValid()
}

// WithAttrs returns a LogHandler whose records also carry attrs.
func (h *LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &LogHandler{next: h.next.WithAttrs(attrs)}
}

// WithGroup returns a LogHandler that nests later attributes in group name.
func (h *LogHandler) WithGroup(name string) slog.Handler {
	return &LogHandler{next: h.next.WithGroup(name)}
}
