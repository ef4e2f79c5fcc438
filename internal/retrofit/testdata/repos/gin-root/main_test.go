package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestPing(t *testing.T) {
	w := httptest.NewRecorder()
	setupRouter().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/ping", nil))
	if w.Code != http.StatusOK || w.Body.String() != `{"message":"pong"}` {
		t.Errorf("GET /ping = %d %s", w.Code, w.Body)
	}
}
