package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestUser(t *testing.T) {
	w := httptest.NewRecorder()
	newServer().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/7", nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"id":"7"`) {
		t.Errorf("GET /users/7 = %d %s", w.Code, w.Body)
	}
}
