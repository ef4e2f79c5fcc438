package main

import (
	"crypto/tls"
	"net/http"
	"time"
)

func main() {
	srv := &http.Server{
		Addr:              ":8443",
		ReadHeaderTimeout: time.Second,
		TLSConfig:         &tls.Config{ClientAuth: tls.VerifyClientCertIfGiven},
	}
	srv.ListenAndServeTLS("tls.crt", "tls.key")
}
