package server

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"example.com/acme/orders/internal/platform/logging"
	"example.com/acme/orders/internal/platform/requestid"
)

// accessLog writes one log line per request. It logs with the request's
// context as it is after the rest of the chain ran, so middleware registered
// before it (e.g. tracing) has put its values there.
func accessLog(access *logging.AccessLog) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		ctx := c.Request.Context()
		access.Log(ctx, logging.Request{
			Method:    c.Request.Method,
			Route:     c.FullPath(),
			Path:      c.Request.URL.Path,
			Status:    c.Writer.Status(),
			Bytes:     max(c.Writer.Size(), 0),
			Duration:  time.Since(start),
			RequestID: requestid.FromContext(ctx),
		})
	}
}

// admit stops a request that check answered itself (see Deps.Admit).
func admit(check func(http.ResponseWriter, *http.Request) bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		if !check(c.Writer, c.Request) {
			c.Abort()
		}
	}
}

// recoverPanic turns a panic in a handler into a logged 500 response.
// http.ErrAbortHandler is re-panicked: net/http uses it to abort a response.
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
				c.Abort()
				return
			}
			writeError(c, http.StatusInternalServerError, "internal server error", "")
		}()
		c.Next()
	}
}
