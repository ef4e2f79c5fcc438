// Command tiny runs the tiny service.
package main

import (
	"log"
	"net/http"

	"example.com/acme/tiny/internal/server"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", server.New()))
}
