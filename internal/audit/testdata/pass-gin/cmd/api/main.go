// Command api is a synthetic gin service that does every checklist item.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	_ "github.com/KimMachineGun/automemlimit"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.test/shop/internal/web"
)

var (
	version string
	commit  string
)

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var pool *x509.CertPool
	srv := &http.Server{
		Addr:              ":8443",
		Handler:           web.Router(version, commit),
		ReadHeaderTimeout: 5 * time.Second,
		TLSConfig: &tls.Config{
			MinVersion: tls.VersionTLS12,
			GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
				return &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}, nil
			},
		},
	}
	admin := &http.Server{Addr: "127.0.0.1:6060", Handler: web.Admin(os.Getenv("PPROF_TOKEN")), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = admin.ListenAndServe() }()
	go func() {
		if err := srv.ListenAndServeTLS("server.crt", "server.key"); err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	web.Draining()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdownCtx)
	_ = admin.Shutdown(shutdownCtx)
}

// expiresSoon reports whether a certificate expires within a week.
func expiresSoon(c *x509.Certificate) bool {
	return time.Until(c.NotAfter) < 7*24*time.Hour
}
