// Command plain is a synthetic net/http service that does every checklist item.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

// Version and Commit are set with -ldflags -X.
var Version, Commit string

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	stopping := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health/live", func(w http.ResponseWriter, _ *http.Request) {})
	mux.HandleFunc("GET /health/ready", func(w http.ResponseWriter, _ *http.Request) {
		select {
		case <-stopping:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
		}
	})
	srv := &http.Server{
		Addr:        ":8443",
		Handler:     otelhttp.NewHandler(mux, "plain"),
		ReadTimeout: 10 * time.Second,
		TLSConfig:   &tls.Config{},
	}
	srv.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
	srv.TLSConfig.ClientCAs = x509.NewCertPool()
	srv.TLSConfig.GetConfigForClient = reloaded
	go watchExpiry()

	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, os.Interrupt)
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		<-sigs
		close(stopping)
		ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}()
	if err := srv.ListenAndServeTLS("tls.crt", "tls.key"); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	<-drained
}

func reloaded(*tls.ClientHelloInfo) (*tls.Config, error) { return nil, nil }

func watchExpiry() {
	var leaf *tls.Certificate
	if leaf != nil && leaf.Leaf.NotAfter.Before(time.Now()) {
		log.Print("expired")
	}
}
