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

// echoInstancesMain returns a service with two Echo instances: app, with the API's
// routes (on a group of it when grouped), started on appAddr in a goroutine, and
// admin, with the profiles behind guard when guarded, started on adminAddr; and a
// metrics server on :9090.
func echoInstancesMain(appAddr, adminAddr string, grouped, guarded bool) map[string]string {
	routes := `app.GET("/v1/orders", list)`
	if grouped {
		routes = "v1 := app.Group(\"/v1\")\n\tv1.GET(\"/orders\", list)"
	}
	use := ""
	if guarded {
		use = `admin.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if subtle.ConstantTimeCompare([]byte(c.Request().Header.Get("Authorization")), []byte("Bearer "+os.Getenv("PPROF_TOKEN"))) != 1 {
				return c.NoContent(http.StatusUnauthorized)
			}
			return next(c)
		}
	})`
	}
	return mainFiles("example.test/e", strings.NewReplacer("ROUTES", routes, "USE", use, "APPADDR", appAddr, "ADMINADDR", adminAddr).Replace(`package main

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"github.com/labstack/echo/v4"
)

var _ = subtle.ConstantTimeCompare

func list(c echo.Context) error { return c.String(http.StatusOK, "[]") }

func main() {
	app := echo.New()
	ROUTES
	admin := echo.New()
	USE
	admin.GET("/debug/pprof/*", echo.WrapHandler(http.HandlerFunc(pprof.Index)))
	metrics := &http.Server{Addr: ":9090", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second}
	go func() { _ = metrics.ListenAndServe() }()
	go func() { _ = admin.Start("ADMINADDR") }()
	go func() { _ = app.Start("APPADDR") }()
	select {}
}
`))
}

// TestEchoAdminInstance: an Echo instance can be the admin listener. One on loopback,
// beside servers that are not, or one that checks a token beside a server that
// checks none on an address that is not loopback, is judged by its routes, as any
// server is; the app's
// own instance, on loopback behind a mesh's proxy, stays the public one by the API
// routes registered on it or on a group of it.
func TestEchoAdminInstance(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "an admin instance on loopback behind a token",
			files:   echoInstancesMain(":8080", "127.0.0.1:6060", false, true),
			check:   "pprof",
			want:    Pass,
			message: "pprof is served on a separate listener that checks a token",
		},
		{
			name:    "an admin instance on loopback without a token",
			files:   echoInstancesMain(":8080", "127.0.0.1:6060", false, false),
			check:   "pprof",
			want:    Warn,
			message: "pprof is served on a separate loopback listener without authentication",
		},
		{
			name:    "an admin instance on all interfaces without a token",
			files:   echoInstancesMain("127.0.0.1:8080", ":6060", false, false),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{ // beside it, the metrics server on ":9090" checks none: that one is public
			name:    "an admin instance on all interfaces behind a token",
			files:   echoInstancesMain("127.0.0.1:8080", ":6060", false, true),
			check:   "pprof",
			want:    Pass,
			message: "pprof is served on a separate listener that checks a token",
		},
	})
	// The profiles on the app's own instance, on loopback, with the API on a group.
	files := echoInstancesMain("127.0.0.1:8080", "127.0.0.1:6060", true, true)
	files["main.go"] = strings.Replace(files["main.go"], "admin.GET(\"/debug/pprof/*\"", "app.GET(\"/debug/pprof/*\"", 1)
	runCheckCases(t, []checkCase{{
		name:    "the profiles on the app's instance on loopback, its API on a group",
		files:   files,
		check:   "pprof",
		want:    Fail,
		message: "pprof is served on the public listener",
	}})
}
