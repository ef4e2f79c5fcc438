// Command payments-api runs the payments-api service.
package main

import (
	"log"
	"net/http"

	"gitlab.example.com/platform/payments-api/internal/server"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", server.New()))
}
