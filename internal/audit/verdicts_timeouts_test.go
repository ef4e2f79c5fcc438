package audit

import (
	"strings"
	"testing"
)

// echoTimeoutMain returns an Echo v4 service that sets ReadHeaderTimeout on
// server (e.Server or e.TLSServer) and serves with start (a call on e).
func echoTimeoutMain(server, start string) map[string]string {
	files := mainFiles("example.test/t", strings.NewReplacer("SERVER", server, "START", start).Replace(`package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.GET("/healthz", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	SERVER.ReadHeaderTimeout = 5 * time.Second
	go func() {
		if err := e.START; err != nil && !errors.Is(err, http.ErrServerClosed) {
			os.Exit(1)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = e.Shutdown(sctx)
}
`))
	files["go.mod"] += "\nrequire github.com/labstack/echo/v4 v4.16.0\n"
	return files
}

// TestEchoTimeouts audits the read timeout of Echo v4 services: Start and
// StartH2CServer serve e.Server, StartTLS and StartAutoTLS serve e.TLSServer.
func TestEchoTimeouts(t *testing.T) {
	const startTLS = `StartTLS(":8443", "/etc/tls.crt", "/etc/tls.key")`
	runCheckCases(t, []checkCase{
		{
			name:    "Start with e.Server's read timeout",
			files:   echoTimeoutMain("e.Server", `Start(":8080")`),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "Start with e.TLSServer's read timeout only",
			files:   echoTimeoutMain("e.TLSServer", `Start(":8080")`),
			check:   "timeouts",
			want:    Fail,
			message: "Echo v4's Start with e.Server's zero timeouts",
		},
		{
			name:    "StartTLS with e.Server's read timeout only",
			files:   echoTimeoutMain("e.Server", startTLS),
			check:   "timeouts",
			want:    Fail,
			message: "Echo v4's StartTLS with e.TLSServer's zero timeouts",
		},
		{
			name:    "StartAutoTLS with e.Server's read timeout only",
			files:   echoTimeoutMain("e.Server", `StartAutoTLS(":8443")`),
			check:   "timeouts",
			want:    Fail,
			message: "Echo v4's StartAutoTLS with e.TLSServer's zero timeouts",
		},
		{
			name:    "StartTLS with e.TLSServer's read timeout",
			files:   echoTimeoutMain("e.TLSServer", startTLS),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
	})
}
