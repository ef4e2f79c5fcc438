package server

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"syscall"
)

// statusClientClosedRequest is the status logged for a request whose client
// went away before the answer (nginx's convention); no client sees it.
const statusClientClosedRequest = 499

// readErrorStatus is the status of a request whose body could not be read
// (an *order.ReadError with err): 408 when it did not arrive within the
// server's read timeout; 499 when the client went away mid-body (the
// connection ended before the announced length, was reset, or the request
// was cancelled); 400 otherwise (a malformed chunked encoding).
func readErrorStatus(ctx context.Context, err error) int {
	var netErr net.Error
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return http.StatusRequestTimeout
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || ctx.Err() != nil:
		return statusClientClosedRequest
	}
	return http.StatusBadRequest
}
