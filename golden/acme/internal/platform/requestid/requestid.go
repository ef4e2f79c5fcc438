// Package requestid gives every HTTP request an id: the caller's X-Request-ID
// when it is sane, a random one otherwise. The id is echoed in the response
// and stored in the request context for logging.
package requestid

import (
	"context"
	"crypto/rand"
	"net/http"
)

// Header is the request and response header carrying the id.
const Header = "X-Request-ID"

// maxLen bounds accepted ids so clients cannot bloat every log line.
const maxLen = 128

type contextKey struct{}

// Middleware sets the request id on the response header and in the request
// context before calling next.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(Header)
		if !valid(id) {
			id = rand.Text()
		}
		w.Header().Set(Header, id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), contextKey{}, id)))
	})
}

// FromContext returns the request id stored by Middleware, or "".
func FromContext(ctx context.Context) string {
	id, _ := ctx.Value(contextKey{}).(string)
	return id
}

// valid reports whether id is non-empty, at most maxLen bytes and made only of
// letters, digits and "-_.:", which keeps log lines and headers clean.
func valid(id string) bool {
	if id == "" || len(id) > maxLen {
		return false
	}
	for _, c := range []byte(id) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':':
		default:
			return false
		}
	}
	return true
}
