package main

import (
	"log"
	"net/http"
)

func startAdmin() {
	http.HandleFunc("/debug/ok", func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })
	go func() { log.Println(http.ListenAndServe("localhost:0", nil)) }()
}
