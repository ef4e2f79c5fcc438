package audit

import (
	"strings"
	"testing"
)

// echoAppMain returns an Echo v4 service whose instance a struct of the program
// holds in a field (type app struct{ e *echo.Echo }), with decls and a main that
// runs body.
func echoAppMain(decls, body string) map[string]string {
	files := mainFiles("example.test/t", strings.NewReplacer("DECLS", decls, "BODY", body).Replace(`package main

import (
	"log"
	"time"

	"github.com/labstack/echo/v4"
)

var _ = time.Second

type app struct{ e *echo.Echo }

DECLS

func main() {
	BODY
}
`))
	files["go.mod"] += "\nrequire github.com/labstack/echo/v4 v4.16.0\n"
	return files
}

// TestEchoTimeoutsThroughField audits an Echo v4 instance held in a struct field
// (a.e.Server.ReadTimeout = ..., a.e.Start(...)): a set on the field's server in
// another function than the one starting it (a method, a function given the
// struct) is the instance's, judged as one in a function given the instance is; one
// that may run after the start (the start, or a call that reaches it, before the
// call that reaches the set) is UNKNOWN.
func TestEchoTimeoutsThroughField(t *testing.T) {
	const (
		pass        = "every server sets a read timeout"
		zero        = "Echo v4's Start with e.Server's zero timeouts"
		conditional = "1 server(s) get a read timeout only under a condition"
		build       = "a := &app{e: echo.New()}\n\t"
		configure   = "func (x *app) configure() { x.e.Server.ReadHeaderTimeout = 5 * time.Second }"
		run         = "\n\nfunc (s *app) run() error { return s.e.Start(\":8080\") }"
	)
	runCheckCases(t, []checkCase{
		{name: "set by a method, started in main", files: echoAppMain(configure, build+"a.configure()\n\tlog.Fatal(a.e.Start(\":8080\"))"), check: "timeouts", want: Pass, message: pass},
		{name: "set by a function given the struct, started in main", files: echoAppMain("func configure(c *app) { c.e.Server.ReadTimeout = time.Minute }", build+"configure(a)\n\tlog.Fatal(a.e.Start(\":8080\"))"), check: "timeouts", want: Pass, message: pass},
		{name: "set by a method, started by another with a receiver of another name", files: echoAppMain(configure+run, build+"a.configure()\n\tlog.Fatal(a.run())"), check: "timeouts", want: Pass, message: pass},
		{name: "zeroed by a method, started in main", files: echoAppMain("func (x *app) configure() { x.e.Server.ReadHeaderTimeout = 0 }", build+"a.configure()\n\tlog.Fatal(a.e.Start(\":8080\"))"), check: "timeouts", want: Fail, message: zero},
		{name: "set in main, started by a method", files: echoAppMain(run, build+"a.e.Server.ReadHeaderTimeout = 5 * time.Second\n\tlog.Fatal(a.run())"), check: "timeouts", want: Pass, message: pass},
		{name: "started in a goroutine, then set by a method", files: echoAppMain(configure, build+"go a.e.Start(\":8080\")\n\ta.configure()\n\tselect {}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "started by a method in a goroutine, then set by another", files: echoAppMain(configure+run, build+"go a.run()\n\ta.configure()\n\tselect {}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "set on another value of the struct, started by a method", files: echoAppMain(run, build+"b := &app{e: echo.New()}\n\tb.e.Server.ReadHeaderTimeout = 5 * time.Second\n\tlog.Fatal(a.run())"), check: "timeouts", want: Fail, message: zero},
		{name: "set by a method on another value of the struct", files: echoAppMain(configure, build+"b := &app{e: echo.New()}\n\tb.configure()\n\tlog.Fatal(a.e.Start(\":8080\"))"), check: "timeouts", want: Fail, message: zero},
		{name: "a method that would set it never called", files: echoAppMain(configure, build+"log.Fatal(a.e.Start(\":8080\"))"), check: "timeouts", want: Fail, message: zero},
	})
}
