// Command catalog serves products with gorilla/mux.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/gorilla/mux"
)

func router() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/products/{id}", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"id": mux.Vars(r)["id"]})
	}).Methods(http.MethodGet)
	return r
}

func main() {
	srv := &http.Server{Addr: ":8083", Handler: router()}
	log.Fatal(srv.ListenAndServe())
}
