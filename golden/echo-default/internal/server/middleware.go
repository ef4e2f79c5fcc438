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

// accessLog writes one log line per request. Errors returned by the rest of
// the chain are answered here, so the line shows the status sent. It logs
// with the request's context as it is after the rest of the chain ran, so
// middleware registered before it (e.g. tracing) has put its values there.
func accessLog(access *logging.AccessLog) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c *echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Echo().HTTPErrorHandler(c, err)
			}
			resp, status := echo.ResolveResponseStatus(c.Response(), nil)
			var size int64
			if resp != nil {
				size = resp.Size
			}
			ctx := c.Request().Context()
			access.Log(ctx, logging.Request{
				Method:    c.Request().Method,
				Route:     c.RouteInfo().Path,
				Path:      c.Request().URL.Path,
				Status:    status,
				Bytes:     int(size),
				Duration:  time.Since(start),
				RequestID: requestid.FromContext(ctx),
			})
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

// recoverPanic turns a panic in a handler into a logged 500 response.
// http.ErrAbortHandler is re-panicked: net/http uses it to abort a response.
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
				err = echo.ErrInternalServerError
			}()
			return next(c)
		}
	}
}
