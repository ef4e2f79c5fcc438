package main

import (
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

// main would be a second service, catching SIGTERM, if testdata were read.
func main() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGTERM)
	http.ListenAndServe(":8081", nil)
}
