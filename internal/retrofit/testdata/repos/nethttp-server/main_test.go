package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestNotes(t *testing.T) {
	w := httptest.NewRecorder()
	newMux().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/notes", nil))
	if w.Code != http.StatusOK || w.Body.String() != "[]" {
		t.Errorf("GET /notes = %d %q", w.Code, w.Body)
	}
}
