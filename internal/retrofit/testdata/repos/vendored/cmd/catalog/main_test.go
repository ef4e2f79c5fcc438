package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestProduct(t *testing.T) {
	w := httptest.NewRecorder()
	router().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/products/42", nil))
	if w.Body.String() != "{\"id\":\"42\"}\n" {
		t.Errorf("GET /products/42 = %q", w.Body)
	}
}
