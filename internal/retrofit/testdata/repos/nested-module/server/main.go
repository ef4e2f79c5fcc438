// Command server serves the monorepo's status.
package main

import (
	"io"
	"log"
	"net/http"
)

func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "ok\n") })
	return mux
}

func main() {
	log.Fatal(http.ListenAndServe(":9000", handler()))
}
