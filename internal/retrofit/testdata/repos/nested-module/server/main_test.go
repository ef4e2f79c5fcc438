package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestStatus(t *testing.T) {
	w := httptest.NewRecorder()
	handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/status", nil))
	if w.Body.String() != "ok\n" {
		t.Errorf("GET /status = %q", w.Body)
	}
}
