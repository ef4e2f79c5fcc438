// Command svc greets over HTTP.
package main

import (
	"io"
	"net/http"

	"example.com/fixtures/work/lib"
)

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/greet", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, lib.Greeting(r.URL.Query().Get("name")))
	})
	return mux
}

func main() {
	if err := http.ListenAndServe(":8081", routes()); err != nil {
		panic(err)
	}
}
