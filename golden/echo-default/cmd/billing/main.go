// Command billing runs the billing service.
package main

import (
	"log"
	"net/http"

	"example.com/acme/billing/internal/server"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", server.New()))
}
