// Package requestid gives every HTTP request an id: the caller's X-Request-ID
// when it is sane, a random one otherwise. The id is echoed in the response
// and stored in the request context for logging.
package requestid

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"math/rand/v2"
	"net/http"
)

// Header is the request and response header carrying the id.
const Header = "X-Request-ID"

// headerKey is Header as http.Header stores it (textproto's canonical
// form): indexing the map with it skips the canonicalisation, and its
// allocation, that Header.Get and Header.Set do on every call.
const headerKey = "X-Request-Id"

// maxLen bounds accepted ids so clients cannot bloat every log line.
const maxLen = 128

type contextKey struct{}

// Middleware sets the request id on the response header and in the request
// context before calling next.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id string
		if v := r.Header[headerKey]; len(v) > 0 {
			id = v[0]
		}
		if !valid(id) {
			id = newID()
		}
		w.Header()[headerKey] = []string{id}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), contextKey{}, id)))
	})
}

// FromContext returns the request id stored by Middleware, or "".
func FromContext(ctx context.Context) string {
	id, _ := ctx.Value(contextKey{}).(string)
	return id
}

// newID returns a random id of 32 hex digits (128 bits). An id only has to
// be unique, not secret: the generator of math/rand/v2 (ChaCha8, seeded by
// the runtime from the operating system, safe for concurrent use) gives that
// at a fraction of crypto/rand's cost.
func newID() string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], rand.Uint64()) //nolint:gosec // unique, not secret (see above)
	binary.BigEndian.PutUint64(b[8:], rand.Uint64()) //nolint:gosec // unique, not secret (see above)
	return hex.EncodeToString(b[:])
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
