package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Get("/readyz", func(w http.ResponseWriter, r *http.Request) {})
	http.ListenAndServe(":8081", r)
}
