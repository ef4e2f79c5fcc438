// Command legacy serves time, as written for Go 1.19.
package main

import (
	"fmt"
	"log"
	"net/http"
	"time"
)

func timeHandler(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, time.Unix(0, 0).UTC().Format(time.RFC3339))
}

func main() {
	http.HandleFunc("/time", timeHandler)
	log.Fatal(http.ListenAndServe(":8082", nil))
}
