package server

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v5"

	"gitlab.example.com/platform/payments-api/internal/buildinfo"
	"gitlab.example.com/platform/payments-api/internal/order"
	"gitlab.example.com/platform/payments-api/internal/platform/requestid"
)

// errorResponse is the body of every error response.
type errorResponse struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

// errorHandler returns the handler of the errors returned by handlers and
// middleware (unknown routes, wrong methods, recovered panics): it answers
// them with an errorResponse, HEAD too: net/http drops its body and sends
// the Content-Type and Content-Length of GET's answer (RFC 9110 section
// 9.3.2). An error whose cause the client is not told, one without an HTTP
// status (a failed database call a handler returns, answered 500) or a 5xx
// *echo.HTTPError that wraps a cause, is logged to logger with the request's
// context, even when the response has already started. recoverPanic logs the
// panics itself.
func errorHandler(logger *slog.Logger) echo.HTTPErrorHandler {
	return func(c *echo.Context, err error) {
		code := echo.StatusCode(err)
		if code == 0 || code >= http.StatusInternalServerError && errors.Unwrap(err) != nil {
			ctx := c.Request().Context()
			logger.LogAttrs(ctx, slog.LevelError, "request failed",
				slog.String("error", err.Error()),
				slog.String("request_id", requestid.FromContext(ctx)),
			)
		}
		if resp, _ := echo.UnwrapResponse(c.Response()); resp != nil && resp.Committed {
			return
		}
		if code == 0 {
			code = http.StatusInternalServerError
		}
		_ = c.JSON(code, errorResponse{Error: strings.ToLower(http.StatusText(code))})
	}
}

// version serves the build metadata.
func version(info buildinfo.Info) echo.HandlerFunc {
	return func(c *echo.Context) error {
		return c.JSON(http.StatusOK, info)
	}
}

// createOrder handles POST /v1/orders.
func createOrder(c *echo.Context) error {
	req, err := order.DecodeRequest(c.Request().Body)
	if err != nil {
		return writeRequestError(c, err)
	}
	o, err := order.Create(req)
	if err != nil {
		return writeRequestError(c, err)
	}
	return c.JSON(http.StatusCreated, o)
}

// writeRequestError answers a request whose body could not be used: 400
// for a body that is not a valid order, 413 for one over maxBodyBytes,
// 408 (closing the connection, RFC 9110 section 15.5.9) for one that did
// not arrive within the server's read timeout, and only the status 499, for
// the access log, when the client went away mid-body.
func writeRequestError(c *echo.Context, err error) error {
	var fieldErr *order.FieldError
	var tooLarge *http.MaxBytesError
	var readErr *order.ReadError
	switch {
	case errors.As(err, &fieldErr):
		return c.JSON(http.StatusBadRequest, errorResponse{Error: fieldErr.Error(), Field: fieldErr.Field})
	case errors.As(err, &tooLarge):
		return c.JSON(http.StatusRequestEntityTooLarge, errorResponse{Error: "request body too large"})
	case !errors.As(err, &readErr):
		return c.JSON(http.StatusBadRequest, errorResponse{Error: "invalid JSON body"})
	}
	switch code := readErrorStatus(c.Request().Context(), readErr.Err); code {
	case http.StatusRequestTimeout:
		c.Response().Header().Set("Connection", "close")
		return c.JSON(code, errorResponse{Error: "request body not received in time"})
	case statusClientClosedRequest:
		return c.NoContent(code)
	default:
		return c.JSON(code, errorResponse{Error: "unreadable request body"})
	}
}
