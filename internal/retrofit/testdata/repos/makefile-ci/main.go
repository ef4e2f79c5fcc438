// Command inventory serves stock levels.
package main

import (
	"fmt"
	"log"
	"net/http"
)

func stock(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "42") }

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/stock", stock)
	log.Fatal(http.ListenAndServe(":8084", mux))
}
