package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestStock(t *testing.T) {
	w := httptest.NewRecorder()
	stock(w, httptest.NewRequest(http.MethodGet, "/stock", nil))
	if w.Body.String() != "42\n" {
		t.Errorf("GET /stock = %q", w.Body)
	}
}
