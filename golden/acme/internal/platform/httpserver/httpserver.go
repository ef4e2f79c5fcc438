// Package httpserver builds http.Servers with deliberate limits, so that no
// server of the service runs with net/http's unbounded defaults.
package httpserver

import (
	"log"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Timeouts and limits of servers made by New. Handlers of the service answer
// in well under WriteTimeout; a server with longer responses (for example
// streaming profiles) raises WriteTimeout on the returned server.
const (
	// readHeaderTimeout bounds reading the request headers (slow clients).
	readHeaderTimeout = 5 * time.Second
	// readTimeout bounds reading the whole request, body included.
	readTimeout = 15 * time.Second
	// WriteTimeout bounds the time from the end of the headers to the end of
	// the response: a response not written by then never reaches the client,
	// which gets its connection closed instead.
	WriteTimeout = 30 * time.Second
	// AnswerMargin is the part of WriteTimeout that a handler keeps to write
	// its answer after what it waited for gave up: work bounded by at most
	// WriteTimeout - AnswerMargin (such as a downstream call under
	// OUTBOUND_TIMEOUT) can still be answered, e.g. with a 504.
	AnswerMargin = 5 * time.Second
	// idleTimeout bounds how long a keep-alive connection waits for the next
	// request.
	idleTimeout = 120 * time.Second
	// maxHeaderBytes bounds the size of the request headers.
	maxHeaderBytes = 64 << 10
)

// New returns a server for handler on addr with the limits above. Errors of
// the server itself (for example TLS handshakes) go to logger at Warn level,
// as errorLogWriter tells. Every request reaches handler, "OPTIONS *"
// included, which net/http would otherwise answer 200 itself, unseen by the
// handler's request id, access log and tracing, and without the admin
// listener's token.
func New(addr string, handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           handler,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// "OPTIONS *" too is the handler's to answer.
		DisableGeneralOptionsHandler: true,
		ErrorLog:                     log.New(errorLogWriter{logger}, "", 0),
	}
}

// tlsHandshakeError starts the message net/http logs for a failed TLS
// handshake; the client's address, ": " and the error follow.
const tlsHandshakeError = "http: TLS handshake error from "

// errorLogWriter writes the messages of an http.Server's ErrorLog, one per
// Write, to a logger at Warn level. A failed TLS handshake becomes the record
// "TLS handshake failed" with the client's address (remote_addr) and the
// error as fields. A connection closed before it sent any TLS record (the
// error EOF), as a load balancer's TCP health check or a port scan does, is
// no failure of the service: it is logged at Debug level only.
type errorLogWriter struct {
	logger *slog.Logger
}

func (w errorLogWriter) Write(p []byte) (int, error) {
	msg := strings.TrimSuffix(string(p), "\n")
	if rest, ok := strings.CutPrefix(msg, tlsHandshakeError); ok {
		if addr, err, ok := strings.Cut(rest, ": "); ok {
			if err == "EOF" {
				w.logger.Debug("connection closed before the TLS handshake", "remote_addr", addr)
			} else {
				w.logger.Warn("TLS handshake failed", "remote_addr", addr, "error", err)
			}
			return len(p), nil
		}
	}
	w.logger.Warn(msg)
	return len(p), nil
}
