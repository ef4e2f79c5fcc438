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

// echoSetMain returns an Echo v4 service served by e.Start, whose func main runs set
// on the instance e first.
func echoSetMain(set string) map[string]string {
	files := mainFiles("example.test/t", strings.Replace(`package main

import (
	"log"
	"os"
	"time"

	"github.com/labstack/echo/v4"
)

var _ = time.Second

func main() {
	e := echo.New()
	SET
	log.Fatal(e.Start(":" + os.Getenv("PORT")))
}
`, "SET", set, 1))
	files["go.mod"] += "\nrequire github.com/labstack/echo/v4 v4.16.0\n"
	return files
}

// TestEchoTimeoutValues audits the values an Echo v4 service sets on e.Server,
// judged as those of an http.Server of the program: zero is no timeout, a negative
// ReadHeaderTimeout none on the headers whatever ReadTimeout is, and a value set
// under a condition a timeout on one path only.
func TestEchoTimeoutValues(t *testing.T) {
	const pass = "every server sets a read timeout"
	const zero = "Echo v4's Start with e.Server's zero timeouts"
	runCheckCases(t, []checkCase{
		{name: "ReadHeaderTimeout 0", files: echoSetMain("e.Server.ReadHeaderTimeout = 0"), check: "timeouts", want: Fail, message: zero},
		{name: "ReadTimeout 0 * time.Second", files: echoSetMain("e.Server.ReadTimeout = 0 * time.Second"), check: "timeouts", want: Fail, message: zero},
		{name: "a negative ReadHeaderTimeout beside a ReadTimeout", files: echoSetMain("e.Server.ReadTimeout = time.Minute\n\te.Server.ReadHeaderTimeout = -1"), check: "timeouts", want: Fail,
			message: "Echo v4's Start with e.Server.ReadHeaderTimeout negative, which net/http takes for no timeout on the request headers, whatever ReadTimeout is"},
		{name: "a negative ReadHeaderTimeout under an if", files: echoSetMain("e.Server.ReadTimeout = time.Minute\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\te.Server.ReadHeaderTimeout = -1\n\t}"), check: "timeouts", want: Unknown,
			message: "1 server(s) get a negative ReadHeaderTimeout under a condition"},
		{name: "a negative ReadHeaderTimeout under an if, then a positive one", files: echoSetMain("e.Server.ReadTimeout = time.Minute\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\te.Server.ReadHeaderTimeout = -1\n\t}\n\te.Server.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "a negative ReadHeaderTimeout, then a positive one", files: echoSetMain("e.Server.ReadHeaderTimeout = -1\n\te.Server.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "ReadHeaderTimeout only under an if", files: echoSetMain("if os.Getenv(\"ENV\") == \"prod\" {\n\t\te.Server.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Unknown,
			message: "1 server(s) get a read timeout only under a condition"},
		{name: "ReadHeaderTimeout on both branches", files: echoSetMain("if os.Getenv(\"ENV\") == \"prod\" {\n\t\te.Server.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\te.Server.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "a ReadTimeout parsed with its error ignored", files: echoSetMain("d, _ := time.ParseDuration(os.Getenv(\"READ_TIMEOUT\"))\n\te.Server.ReadTimeout = d"), check: "timeouts", want: Unknown, message: "take their read timeout from a field of a struct, or a variable, whose value this audit cannot follow"},
		{name: "ReadHeaderTimeout positive", files: echoSetMain("e.Server.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
	})
}

// echoServeMain returns an Echo v4 service whose main runs body, then waits for
// SIGTERM and shuts the instance down.
func echoServeMain(body string) map[string]string {
	files := mainFiles("example.test/t", strings.Replace(`package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
)

var _ = log.Fatal

func routes(e *echo.Echo) {
	e.GET("/healthz", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
}

func main() {
	e := echo.New()
	BODY
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = e.Shutdown(sctx)
	_ = os.Stdout
}
`, "BODY", body, 1))
	files["go.mod"] += "\nrequire github.com/labstack/echo/v4 v4.16.0\n"
	return files
}

// TestEchoServedBeforeSet audits an Echo v4 service that sets e.Server's read
// timeout after something that may serve it first, as for an http.Server of the
// program: a start on the instance (in a goroutine, or under an if) or a use of
// e.Server that serves it; the set then holds only on the other paths (UNKNOWN).
// The instance's other uses (routes, a function it is given) do not serve it, but
// giving it to a function of the program that starts it (go serve(e), or one that
// calls that) does.
func TestEchoServedBeforeSet(t *testing.T) {
	const (
		pass        = "every server sets a read timeout"
		conditional = "1 server(s) get a read timeout only under a condition"
		set         = "e.Server.ReadHeaderTimeout = 5 * time.Second\n\t"
	)
	runCheckCases(t, []checkCase{
		{name: "started in a goroutine, then set", files: echoServeMain("go e.Start(\":8080\")\n\t" + set), check: "timeouts", want: Unknown, message: conditional},
		{name: "started in a goroutine literal, then set", files: echoServeMain("go func() { log.Fatal(e.Start(\":8080\")) }()\n\t" + set), check: "timeouts", want: Unknown, message: conditional},
		{name: "started with TLS in a goroutine, then set on its server", files: echoServeMain("go e.StartTLS(\":8443\", \"cert.pem\", \"key.pem\")\n\te.TLSServer.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Unknown, message: conditional},
		{name: "its server served in a goroutine, then set", files: echoServeMain("go e.StartServer(e.Server)\n\t" + set), check: "timeouts", want: Unknown, message: conditional},
		{name: "set, then started in a goroutine", files: echoServeMain(set + "go e.Start(\":8080\")"), check: "timeouts", want: Pass, message: pass},
		{name: "routes added and given to a function, then set, then started", files: echoServeMain("e.GET(\"/\", func(c echo.Context) error { return nil })\n\troutes(e)\n\te.Server.Addr = \":8080\"\n\t" + set + "go e.Start(\":8080\")"), check: "timeouts", want: Pass, message: pass},
		{name: "given to a function that starts it, in a goroutine, then set", files: echoServedBy("go serve(e)\n\t" + set), check: "timeouts", want: Unknown, message: conditional},
		{name: "given to a function that starts it, then set", files: echoServedBy("serve(e)\n\t" + set), check: "timeouts", want: Unknown, message: conditional},
		{name: "given to one that starts it through another, in a goroutine literal, then set", files: echoServedBy("go func() { run(e) }()\n\t" + set), check: "timeouts", want: Unknown, message: conditional},
		{name: "set, then given to a function that starts it, in a goroutine", files: echoServedBy(set + "go serve(e)"), check: "timeouts", want: Pass, message: pass},
		{name: "given to routes, set, then given to a function that starts it", files: echoServedBy("routes(e)\n\t" + set + "go run(e)"), check: "timeouts", want: Pass, message: pass},
		{name: "started in a goroutine, then given to a function that sets it", files: echoConfigured("go e.Start(\":8080\")\n\tconfigure(e)"), check: "timeouts", want: Unknown, message: conditional},
		{name: "given to a function that starts it, then to one that sets it", files: echoConfigured("go serve(e)\n\tconfigure(e)"), check: "timeouts", want: Unknown, message: conditional},
		{name: "given to a function that sets it, then started in a goroutine", files: echoConfigured("configure(e)\n\tgo e.Start(\":8080\")"), check: "timeouts", want: Pass, message: pass},
		{name: "started, a function that would set it never called", files: echoConfigured("go e.Start(\":8080\")"), check: "timeouts", want: Fail, message: "Echo v4's Start with e.Server's zero timeouts"},
	})
}

// echoServedBy is echoServeMain with body and two functions of the program that
// start the instance they are given: serve, and run through serve.
func echoServedBy(body string) map[string]string {
	files := echoServeMain(body)
	files["serve.go"] = `package main

import (
	"log"

	"github.com/labstack/echo/v4"
)

func serve(e *echo.Echo) { log.Fatal(e.Start(":8080")) }

func run(e *echo.Echo) { serve(e) }
`
	return files
}

// echoConfigured is echoServedBy with a function configure that sets the read
// header timeout of the instance it is given.
func echoConfigured(body string) map[string]string {
	files := echoServedBy(body)
	files["configure.go"] = `package main

import (
	"time"

	"github.com/labstack/echo/v4"
)

func configure(e *echo.Echo) { e.Server.ReadHeaderTimeout = 5 * time.Second }
`
	return files
}
