package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHello(t *testing.T) {
	w := httptest.NewRecorder()
	routes().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/hello/ada", nil))
	if w.Body.String() != "hello, ada\n" {
		t.Errorf("GET /hello/ada = %q", w.Body)
	}
}
