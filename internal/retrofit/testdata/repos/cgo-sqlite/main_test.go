package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCount(t *testing.T) {
	db, err := openDB()
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := httptest.NewRecorder()
	count(db)(w, httptest.NewRequest(http.MethodGet, "/count", nil))
	if w.Body.String() != "0\n" {
		t.Errorf("GET /count = %q", w.Body)
	}
}
