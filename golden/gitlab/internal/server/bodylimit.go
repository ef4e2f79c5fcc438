package server

import "net/http"

// maxBodyBytes caps request bodies; larger ones are answered with 413.
const maxBodyBytes = 1 << 20

// limitBody caps the request bodies h reads at maxBodyBytes: a read past the
// limit fails with an *http.MaxBytesError, which the handlers answer with
// 413. A body whose declared length (Content-Length) is already over the
// limit is not read at all: its first read fails so at once, and net/http
// then neither asks the client for it (100 Continue) nor reads it, and
// closes the connection after the answer. A body of undeclared length
// (chunked) is read up to the limit.
func limitBody(h http.Handler) http.Handler {
	capped := http.MaxBytesHandler(h, maxBodyBytes)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength <= maxBodyBytes {
			capped.ServeHTTP(w, r)
			return
		}
		// A handler must not change its request but for reading the body:
		// the handlers get a copy, as http.MaxBytesHandler does.
		declared := *r
		declared.Body = overLimit{}
		h.ServeHTTP(w, &declared)
	})
}

// overLimit is the body of a request whose declared length is over
// maxBodyBytes.
type overLimit struct{}

func (overLimit) Read([]byte) (int, error) {
	return 0, &http.MaxBytesError{Limit: maxBodyBytes}
}

func (overLimit) Close() error { return nil }
