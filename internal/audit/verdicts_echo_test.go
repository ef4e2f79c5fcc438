package audit

import (
	"strings"
	"testing"
)

// echoStartServerMain returns an Echo v4 service served by e.StartServer(arg) on
// the server s, whose literal holds fields; drain is the receiver of Shutdown.
func echoStartServerMain(fields, arg, drain string) map[string]string {
	return mainFiles("example.test/e", strings.NewReplacer("FIELDS", fields, "ARG", arg, "DRAIN", drain).Replace(`package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
)

var pool = x509.NewCertPool()

var _ tls.Config

func main() {
	e := echo.New()
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	s := &http.Server{Addr: ":8443", ReadHeaderTimeout: 5 * time.Second, FIELDS}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := e.StartServer(ARG); err != nil && !errors.Is(err, http.ErrServerClosed) {
			os.Exit(1)
		}
	}()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = DRAIN.Shutdown(sctx)
}
`))
}

// TestEchoStartServer audits services that Echo v4's StartServer serves on a
// server of their own: it serves the Echo instance (not http.DefaultServeMux) over
// TLS when the server has a TLSConfig, and Echo's Shutdown does not drain it.
func TestEchoStartServer(t *testing.T) {
	const mtlsConfig = "TLSConfig: &tls.Config{ClientCAs: pool, ClientAuth: tls.RequireAndVerifyClientCert, MinVersion: tls.VersionTLS12}"
	runCheckCases(t, []checkCase{
		{
			name:    "a TLSConfig requiring client certificates is served",
			files:   echoStartServerMain(mtlsConfig, "s", "s"),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified, but the client CA pool is fixed at start",
		},
		{
			name:    "without a TLSConfig the server speaks plain HTTP",
			files:   echoStartServerMain("IdleTimeout: time.Minute", "s", "s"),
			check:   "mtls",
			want:    Warn,
			message: "the server speaks plain HTTP",
		},
		{
			name:    "the server serves the Echo instance, not the DefaultServeMux net/http/pprof registers on",
			files:   echoStartServerMain(mtlsConfig, "s", "s"),
			check:   "pprof",
			want:    Warn,
			message: "nothing serves it now",
		},
		{
			name:    "Echo's Shutdown does not drain the server handed to StartServer",
			files:   echoStartServerMain(mtlsConfig, "s", "e"),
			check:   "shutdown",
			want:    Fail,
			message: "the server s is served by Echo's StartServer, but only Echo's Shutdown is called",
		},
		{
			name:    "the server handed to StartServer is shut down",
			files:   echoStartServerMain(mtlsConfig, "s", "s"),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "Echo's Shutdown drains e.Server, which StartServer serves",
			files:   echoStartServerMain(mtlsConfig, "e.Server", "e"),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
	})
}
