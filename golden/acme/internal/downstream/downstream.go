// Package downstream is the service's example of calling another service.
//
// GET /v1/downstream/version answers with the build metadata that the
// service at DOWNSTREAM_URL reports on its GET /version. Every instance of
// this service serves /version, so a second instance is a valid downstream:
// the example shows deadline propagation, tracing and mutual TLS
// between two copies of the same binary, and tells an operator which version
// the dependency runs.
//
// The handler is a plain http.Handler, mounted by the router of either
// framework. It answers 504 when the call ran out of time (the per-call
// timeout or the incoming request's deadline) and 502 when the downstream
// failed or answered with an error. When the incoming request is cancelled
// (the client went away), nobody is left to answer: the handler logs at
// debug level and writes only the status 499 for the access log.
package downstream

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
)

// Route is the path of the example endpoint.
const Route = "/v1/downstream/version"

// VersionPath is the downstream endpoint the example calls.
const VersionPath = "/version"

// StatusClientClosedRequest is the status logged for a request whose client
// went away before the answer (nginx's convention); it is never seen by a
// client.
const StatusClientClosedRequest = 499

// Caller calls the downstream service: *outbound.Client in production.
type Caller interface {
	GetJSON(ctx context.Context, path string, v any) error
}

// Version is the build metadata a downstream instance of this service
// reports on GET /version.
type Version struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	BuildTime string `json:"build_time"`
	GoVersion string `json:"go_version"`
}

// Response is the body of a successful answer.
type Response struct {
	Downstream Version `json:"downstream"`
}

// errorResponse is the body of an error answer, the same shape as the
// router's.
type errorResponse struct {
	Error string `json:"error"`
}

// Handler serves the example endpoint. Create it with [NewHandler].
type Handler struct {
	caller Caller
	logger *slog.Logger
}

// NewHandler returns the handler of GET /v1/downstream/version.
func NewHandler(caller Caller, logger *slog.Logger) *Handler {
	return &Handler{caller: caller, logger: logger}
}

// ServeHTTP calls the downstream under the request's context, so its
// deadline and cancellation reach the downstream call.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var v Version
	err := h.caller.GetJSON(ctx, VersionPath, &v)
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, Response{Downstream: v})
	case errors.Is(ctx.Err(), context.Canceled):
		h.logger.DebugContext(ctx, "downstream call abandoned: request cancelled", "cause", context.Cause(ctx), "error", err)
		w.WriteHeader(StatusClientClosedRequest)
	case timedOut(err):
		h.logger.WarnContext(ctx, "downstream call timed out", "error", err)
		writeJSON(w, http.StatusGatewayTimeout, errorResponse{Error: "downstream timed out"})
	default:
		h.logger.WarnContext(ctx, "downstream call failed", "error", err)
		writeJSON(w, http.StatusBadGateway, errorResponse{Error: "downstream unavailable"})
	}
}

// timedOut reports whether err means the call ran out of time: a context
// deadline or a transport timeout (such as waiting for response headers).
func timedOut(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout())
}

// writeJSON writes v as the JSON body with the given status.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client may be gone; nothing to do
}
