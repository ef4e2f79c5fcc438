// Command catalog serves products with gorilla/mux.
package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/gorilla/mux"
	"golang.org/x/sys/unix"
)

func router() *mux.Router {
	r := mux.NewRouter()
	r.HandleFunc("/products/{id}", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"id": mux.Vars(r)["id"]})
	}).Methods(http.MethodGet)
	return r
}

// openFiles returns the process's limit of open files, which bounds its connections.
func openFiles() uint64 {
	var lim unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &lim); err != nil {
		return 0
	}
	return lim.Cur
}

func main() {
	log.Printf("catalog: up to %d open files", openFiles())
	srv := &http.Server{Addr: ":8083", Handler: router()}
	log.Fatal(srv.ListenAndServe())
}
