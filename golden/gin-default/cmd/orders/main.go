// Command orders runs the orders service.
package main

import (
	"log"
	"net/http"

	"example.com/acme/orders/internal/server"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", server.New()))
}
