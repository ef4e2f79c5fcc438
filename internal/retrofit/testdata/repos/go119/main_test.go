package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestTime(t *testing.T) {
	w := httptest.NewRecorder()
	timeHandler(w, httptest.NewRequest(http.MethodGet, "/time", nil))
	if w.Body.String() != "1970-01-01T00:00:00Z\n" {
		t.Errorf("GET /time = %q", w.Body)
	}
}
