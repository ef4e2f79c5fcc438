package audit

import (
	"strings"
	"testing"
)

// heldMain returns a service whose main registers its probes on mux, runs start (the
// servers it builds and starts), waits for SIGTERM and runs drain (after
// ready.Store(false) and a 20s drain context sctx); imports are added to the
// standard ones, and require is the go.mod's require line ("" for none).
func heldMain(imports, require, start, drain string) map[string]string {
	files := mainFiles("example.test/h", strings.NewReplacer("IMPORTS", imports, "START", start, "DRAIN", drain).Replace(`package main

import (
	"context"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
	IMPORTS
)

type app struct {
	pub      *http.Server
	internal *http.Server
}

var _ = log.Print

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	imux := http.NewServeMux()
	imux.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	START
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	DRAIN
}
`))
	if require != "" {
		files["go.mod"] += "\nrequire " + require + "\n"
	}
	return files
}

// TestUndrainedHeldServers audits started servers that no Shutdown reaches although
// another server is shut down: servers held in struct fields of a local variable,
// a server literal served in place, and gin's and Echo v4's own servers beside an
// http.Server that is never started; each next to the form that drains.
func TestUndrainedHeldServers(t *testing.T) {
	const (
		turns  = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
		fields = "a.pub = &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\ta.internal = &http.Server{Addr: \":8081\", Handler: imux, ReadHeaderTimeout: 5 * time.Second}\n\t"
		keyed  = "a := &app{\n\t\tpub:      &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second},\n\t\tinternal: &http.Server{Addr: \":8081\", Handler: imux, ReadHeaderTimeout: 5 * time.Second},\n\t}\n\t"
		serveA = "go a.pub.ListenAndServe()\n\tgo a.internal.ListenAndServe()"
		srv    = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\t"
		gin    = "\"github.com/gin-gonic/gin\""
		echo   = "\"github.com/labstack/echo/v4\""
	)
	cases := []checkCase{
		{name: "fields assigned, one shut down", files: heldMain("", "", "a := &app{}\n\t"+fields+serveA, "_ = a.pub.Shutdown(sctx)"), want: Fail, message: "the server a.internal is started but never shut down (Shutdown is called on a.pub only)"},
		{name: "fields of the literal, one shut down", files: heldMain("", "", keyed+serveA, "_ = a.pub.Shutdown(sctx)"), want: Fail, message: "the server a.internal is started but never shut down (Shutdown is called on a.pub only)"},
		{name: "fields assigned, both shut down", files: heldMain("", "", "a := &app{}\n\t"+fields+serveA, "_ = a.pub.Shutdown(sctx)\n\t_ = a.internal.Shutdown(sctx)"), want: Pass, message: turns},
		{name: "fields of a holder handed on, one shut down", files: heldMain("", "", keyed+serveA+"\n\tkeep(a)", "_ = a.pub.Shutdown(sctx)\n}\n\nfunc keep(*app) {"), want: Pass, message: turns},
		{name: "a literal served in place, another shut down", files: heldMain("", "", srv+"go (&http.Server{Addr: \":8081\", Handler: imux, ReadHeaderTimeout: 5 * time.Second}).ListenAndServe()", "_ = srv.Shutdown(sctx)"), want: Fail, message: "the server (&http.Server{...}) is started but never shut down, and Shutdown is called on srv, which is never started"},
		{name: "gin's Run, Shutdown on a server never started", files: heldMain(gin, "github.com/gin-gonic/gin v1.10.0", "r := gin.New()\n\tr.Any(\"/*any\", gin.WrapH(mux))\n\t"+strings.Replace(srv, "mux", "r", 1)+"go func() { log.Print(r.Run(\":8080\")) }()", "_ = srv.Shutdown(sctx)"), want: Fail, message: "gin's Run serves the engine on a server of its own (net/http's package-level functions), which no Shutdown can reach: Shutdown is called on srv, which is never started"},
		{name: "gin's engine served by the server shut down", files: heldMain(gin, "github.com/gin-gonic/gin v1.10.0", "r := gin.New()\n\tr.Any(\"/*any\", gin.WrapH(mux))\n\t"+strings.Replace(srv, "mux", "r", 1)+"go func() { log.Print(srv.ListenAndServe()) }()", "_ = srv.Shutdown(sctx)"), want: Pass, message: turns},
		{name: "Echo's Start, Shutdown on a server never started", files: heldMain(echo, "github.com/labstack/echo/v4 v4.13.3", "e := echo.New()\n\te.Any(\"/*\", echo.WrapHandler(mux))\n\t"+strings.Replace(srv, "mux", "e", 1)+"go func() { log.Print(e.Start(\":8080\")) }()", "_ = srv.Shutdown(sctx)"), want: Fail, message: "Echo's Start serves the instance's own e.Server, which only Echo's Shutdown drains"},
		{name: "Echo's Start, Echo's Shutdown", files: heldMain(echo, "github.com/labstack/echo/v4 v4.13.3", "e := echo.New()\n\te.Server.ReadHeaderTimeout = 5 * time.Second\n\te.Any(\"/*\", echo.WrapHandler(mux))\n\tgo func() { log.Print(e.Start(\":8080\")) }()", "_ = e.Shutdown(sctx)"), want: Pass, message: turns},
		{name: "Echo's StartServer of the server shut down", files: heldMain(echo, "github.com/labstack/echo/v4 v4.13.3", "e := echo.New()\n\te.Any(\"/*\", echo.WrapHandler(mux))\n\t"+strings.Replace(srv, "mux", "e", 1)+"go func() { log.Print(e.StartServer(srv)) }()", "_ = srv.Shutdown(sctx)"), want: Pass, message: turns},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
