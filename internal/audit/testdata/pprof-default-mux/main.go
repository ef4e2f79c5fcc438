package main

import (
	"net/http"
	_ "net/http/pprof"
	"time"
)

func main() {
	http.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
