package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGreet(t *testing.T) {
	w := httptest.NewRecorder()
	routes().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/greet?name=ada", nil))
	if w.Body.String() != "hello, ada" {
		t.Errorf("GET /greet = %q", w.Body)
	}
}
