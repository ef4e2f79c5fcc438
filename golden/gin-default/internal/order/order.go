// Package order is the example domain of the service: it validates and
// creates orders. It knows nothing about HTTP frameworks.
package order

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// Limits of a valid request.
const (
	MaxItemLen  = 100
	MinQuantity = 1
	MaxQuantity = 1000
)

// Request is the body of a create-order request.
type Request struct {
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
}

// Order is a created order.
type Order struct {
	ID       string `json:"id"`
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
}

// FieldError reports an invalid field of a request.
type FieldError struct {
	Field  string
	Reason string
}

func (e *FieldError) Error() string {
	return e.Field + " " + e.Reason
}

// ReadError reports that the request could not be read, as opposed to a
// request that is not valid JSON: reading r failed (a read timeout, a client
// that went away mid-body, a body over a size limit). Err is the error of r.
type ReadError struct {
	Err error
}

func (e *ReadError) Error() string {
	return "read request: " + e.Err.Error()
}

func (e *ReadError) Unwrap() error {
	return e.Err
}

// DecodeRequest reads one JSON request from r. Unknown fields and anything
// but whitespace after the object are errors; a field of the wrong type is
// a *FieldError; a failure of r itself is a *ReadError.
func DecodeRequest(r io.Reader) (Request, error) {
	var req Request
	body := &readErrRecorder{r: r}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		if body.err != nil {
			// The decoder's error says no more than that the JSON ended
			// early (io.ErrUnexpectedEOF is also what a client that
			// closes mid-body causes): r's own error is the cause.
			return Request{}, fmt.Errorf("decode request: %w", &ReadError{Err: body.err})
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return Request{}, &FieldError{Field: typeErr.Field, Reason: "must be a " + typeErr.Type.String()}
		}
		return Request{}, fmt.Errorf("decode request: %w", err)
	}
	// Only whitespace may follow the object. dec.More would not tell: it
	// answers false for a stray '}' or ']', and for a failing read such as
	// one past the body's size limit.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if body.err != nil {
			return Request{}, fmt.Errorf("decode request: %w", &ReadError{Err: body.err})
		}
		return Request{}, errors.New("decode request: unexpected data after the JSON object")
	}
	return req, nil
}

// readErrRecorder reads from r and keeps the first error other than io.EOF.
type readErrRecorder struct {
	r   io.Reader
	err error
}

func (rr *readErrRecorder) Read(p []byte) (int, error) {
	n, err := rr.r.Read(p)
	if err != nil && err != io.EOF && rr.err == nil {
		rr.err = err
	}
	return n, err
}

// Validate returns a *FieldError for the first invalid field of req.
func (req Request) Validate() error {
	switch n := utf8.RuneCountInString(req.Item); {
	case n == 0:
		return &FieldError{Field: "item", Reason: "is required"}
	case n > MaxItemLen:
		return &FieldError{Field: "item", Reason: fmt.Sprintf("must be at most %d characters", MaxItemLen)}
	}
	if req.Quantity < MinQuantity || req.Quantity > MaxQuantity {
		return &FieldError{Field: "quantity", Reason: fmt.Sprintf("must be between %d and %d", MinQuantity, MaxQuantity)}
	}
	return nil
}

// Create validates req and returns the new order with a random id.
func Create(req Request) (Order, error) {
	if err := req.Validate(); err != nil {
		return Order{}, err
	}
	return Order{ID: rand.Text(), Item: req.Item, Quantity: req.Quantity}, nil
}
