package main

import (
	"net/http"
	"time"
)

var version, commit string

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
