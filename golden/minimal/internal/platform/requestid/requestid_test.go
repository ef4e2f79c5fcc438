package requestid

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestMiddleware(t *testing.T) {
	tests := []struct {
		name     string
		incoming string
		keep     bool
	}{
		{"honours a sane id", "req-42_a.b:c", true},
		{"generates when absent", "", false},
		{"replaces unsafe characters", "bad id\nx", false},
		{"replaces a too long id", strings.Repeat("a", maxLen+1), false},
		{"keeps the longest allowed id", strings.Repeat("a", maxLen), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen string
			h := Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = FromContext(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.incoming != "" {
				req.Header.Set(Header, tt.incoming)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			got := rec.Header().Get(Header)
			if got == "" || got != seen {
				t.Fatalf("response id %q, context id %q: want equal and non-empty", got, seen)
			}
			if tt.keep != (got == tt.incoming) {
				t.Errorf("id = %q, incoming %q, want kept: %v", got, tt.incoming, tt.keep)
			}
			if !valid(got) {
				t.Errorf("id %q is not valid", got)
			}
		})
	}
}

func TestGeneratedIDsDiffer(t *testing.T) {
	h := Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	seen := map[string]bool{}
	for range 100 {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
		id := rec.Header().Get(Header)
		if seen[id] {
			t.Fatalf("id %q generated twice", id)
		}
		seen[id] = true
	}
}

func TestHeaderKeyIsCanonical(t *testing.T) {
	if got := http.CanonicalHeaderKey(Header); got != headerKey {
		t.Errorf("canonical form of %s is %s, headerKey is %s", Header, got, headerKey)
	}
}

func TestGeneratedIDs(t *testing.T) {
	id := newID()
	if len(id) != 32 || strings.Trim(id, "0123456789abcdef") != "" || !valid(id) {
		t.Errorf("generated id %q, want 32 lower-case hex digits", id)
	}
}

func TestFromContextWithoutID(t *testing.T) {
	if id := FromContext(t.Context()); id != "" {
		t.Errorf("FromContext() = %q, want empty", id)
	}
}
