package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gitlab.acme.example/payments/ledger/internal/buildinfo"
	"gitlab.acme.example/payments/ledger/internal/order"
)

// errorResponse is the body of every error response.
type errorResponse struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func writeError(c *gin.Context, code int, msg, field string) {
	c.AbortWithStatusJSON(code, errorResponse{Error: msg, Field: field})
}

// version serves the build metadata.
func version(info buildinfo.Info) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.JSON(http.StatusOK, info)
	}
}

// createOrder handles POST /v1/orders.
func createOrder(c *gin.Context) {
	req, err := order.DecodeRequest(c.Request.Body)
	if err != nil {
		writeRequestError(c, err)
		return
	}
	o, err := order.Create(req)
	if err != nil {
		writeRequestError(c, err)
		return
	}
	c.JSON(http.StatusCreated, o)
}

// writeRequestError answers a request whose body could not be used: 400
// for a body that is not a valid order, 413 for one over maxBodyBytes,
// 408 (closing the connection, RFC 9110 section 15.5.9) for one that did
// not arrive within the server's read timeout, and only the status 499, for
// the access log, when the client went away mid-body.
func writeRequestError(c *gin.Context, err error) {
	var fieldErr *order.FieldError
	var tooLarge *http.MaxBytesError
	var readErr *order.ReadError
	switch {
	case errors.As(err, &fieldErr):
		writeError(c, http.StatusBadRequest, fieldErr.Error(), fieldErr.Field)
	case errors.As(err, &tooLarge):
		writeError(c, http.StatusRequestEntityTooLarge, "request body too large", "")
	case !errors.As(err, &readErr):
		writeError(c, http.StatusBadRequest, "invalid JSON body", "")
	default:
		switch code := readErrorStatus(c.Request.Context(), readErr.Err); code {
		case http.StatusRequestTimeout:
			c.Header("Connection", "close")
			writeError(c, code, "request body not received in time", "")
		case statusClientClosedRequest:
			c.AbortWithStatus(code)
		default:
			writeError(c, code, "unreadable request body", "")
		}
	}
}
