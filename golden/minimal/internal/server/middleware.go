package server

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"example.com/acme/tiny/internal/platform/logging"
	"example.com/acme/tiny/internal/platform/requestid"
)

// accessLog writes one log line per request, with the size of the body sent:
// 0 for HEAD, whatever the handler wrote. It logs with the request's
// context as it is after the rest of the chain ran, so middleware registered
// before it (e.g. tracing) has put its values there. A panic that passes
// through it (http.ErrAbortHandler, see recoverPanic) aborts the response:
// the line then says status 500 and "aborted":true, as the client got no
// complete response, and the panic goes on to net/http, which drops the
// connection.
func accessLog(access *logging.AccessLog) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		completed := false
		defer func() {
			ctx := c.Request.Context()
			size := 0 // of the body sent: net/http drops what a handler writes for HEAD
			if c.Request.Method != http.MethodHead {
				size = max(c.Writer.Size(), 0)
			}
			req := logging.Request{
				Method:    c.Request.Method,
				Route:     c.FullPath(),
				Path:      c.Request.URL.EscapedPath(),
				Status:    c.Writer.Status(),
				Bytes:     size,
				Duration:  time.Since(start),
				RequestID: requestid.FromContext(ctx),
			}
			if !completed {
				req.Status, req.Aborted = http.StatusInternalServerError, true
			}
			access.Log(ctx, req)
		}()
		c.Next()
		completed = true
	}
}

// serverOptions answers "OPTIONS *", a request about the server in general
// rather than a resource (RFC 9110 section 9.3.7), used as a ping by some
// health checkers, with 204 and no body, as an OPTIONS at a route's path is
// answered, after the access log; any
// other request goes on.
func serverOptions(c *gin.Context) {
	if c.Request.Method == http.MethodOptions && c.Request.RequestURI == "*" {
		c.AbortWithStatus(http.StatusNoContent)
	}
}

// recoverPanic turns a panic in a handler into a logged 500 response. When
// the response has already started, a 500 can no longer be sent: the panic
// is logged and the response aborted with http.ErrAbortHandler, so that the
// client sees a broken connection (HTTP/1.1) or a reset stream (HTTP/2)
// instead of a complete-looking, truncated response, as net/http does for a
// panic it recovers itself. http.ErrAbortHandler raised by a handler is
// re-panicked as it is.
func recoverPanic(logger *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			ctx := c.Request.Context()
			logging.LogPanic(ctx, logger, v, requestid.FromContext(ctx))
			if c.Writer.Written() {
				panic(http.ErrAbortHandler)
			}
			writeError(c, http.StatusInternalServerError, "internal server error", "")
		}()
		c.Next()
	}
}
