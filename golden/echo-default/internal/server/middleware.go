package server

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v5"

	"example.com/acme/billing/internal/platform/logging"
	"example.com/acme/billing/internal/platform/requestid"
)

// accessLog writes one log line per request, with the size of the body sent:
// 0 for HEAD, whatever the handler wrote. Errors returned by the rest of
// the chain are answered here, so the line shows the status sent. It logs
// with the request's context as it is after the rest of the chain ran, so
// middleware registered before it (e.g. tracing) has put its values there.
// A panic that passes through it (http.ErrAbortHandler, see recoverPanic)
// aborts the response: the line then says status 500 and "aborted":true, as
// the client got no complete response, and the panic goes on to net/http,
// which drops the connection.
func accessLog(access *logging.AccessLog) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			start := time.Now()
			completed := false
			defer func() {
				resp, status := echo.ResolveResponseStatus(c.Response(), nil)
				var size int64 // of the body sent: net/http drops what a handler writes for HEAD
				if resp != nil && c.Request().Method != http.MethodHead {
					size = resp.Size
				}
				ctx := c.Request().Context()
				req := logging.Request{
					Method:    c.Request().Method,
					Route:     c.RouteInfo().Path,
					Path:      c.Request().URL.EscapedPath(),
					Status:    status,
					Bytes:     int(size),
					Duration:  time.Since(start),
					RequestID: requestid.FromContext(ctx),
				}
				if !completed {
					req.Status, req.Aborted = http.StatusInternalServerError, true
				}
				access.Log(ctx, req)
			}()
			if err := next(c); err != nil {
				c.Echo().HTTPErrorHandler(c, err)
			}
			completed = true
			return nil
		}
	}
}

// admit stops a request that check answered itself (see Deps.Admit).
func admit(check func(http.ResponseWriter, *http.Request) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			if !check(c.Response(), c.Request()) {
				return nil
			}
			return next(c)
		}
	}
}

// serverOptions answers "OPTIONS *", a request about the server in general
// rather than a resource (RFC 9110 section 9.3.7), used as a ping by some
// health checkers, with 204 and no body, as an OPTIONS at a route's path is
// answered, after the access log and the client certificate check; any
// other request goes on.
func serverOptions(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c *echo.Context) error {
		if c.Request().Method == http.MethodOptions && c.Request().RequestURI == "*" {
			return c.NoContent(http.StatusNoContent)
		}
		return next(c)
	}
}

// recoverPanic turns a panic in a handler into a logged 500 response. When
// the response has already started, a 500 can no longer be sent: the panic
// is logged and the response aborted with http.ErrAbortHandler, so that the
// client sees a broken connection (HTTP/1.1) or a reset stream (HTTP/2)
// instead of a complete-looking, truncated response, as net/http does for a
// panic it recovers itself. http.ErrAbortHandler raised by a handler is
// re-panicked as it is.
func recoverPanic(logger *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) (err error) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				ctx := c.Request().Context()
				logging.LogPanic(ctx, logger, v, requestid.FromContext(ctx))
				if resp, _ := echo.UnwrapResponse(c.Response()); resp != nil && resp.Committed {
					panic(http.ErrAbortHandler)
				}
				err = echo.ErrInternalServerError
			}()
			return next(c)
		}
	}
}
