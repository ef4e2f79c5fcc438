package audit

import "testing"

// heldServerMain returns a service whose http.Server is built by newServer (a
// literal without timeouts, or built returns it when given) and whose main runs
// setup, which leaves the server to serve in srv.
func heldServerMain(built, setup string) map[string]string {
	if built == "" {
		built = "return &http.Server{Addr: \":8080\", Handler: h}"
	}
	return mainFiles("example.test/t", `package main

import (
	"errors"
	"net/http"
	"time"
)

type app struct{ srv *http.Server }

type client struct{ ReadTimeout time.Duration }

func newServer(h http.Handler) *http.Server {
	`+built+`
}

func newServerErr(h http.Handler) (*http.Server, error) {
	if h == nil {
		return nil, errors.New("no handler")
	}
	return newServer(h), nil
}

func harden(s *http.Server) { s.ReadHeaderTimeout = 5 * time.Second }

func configure(b *app) { b.srv.ReadHeaderTimeout = 5 * time.Second }

func rename(b *app) { b.srv.Addr = ":9090" }

type option func(*app)

func main() {
	mux := http.NewServeMux()
	var a app
	_ = a
	`+setup+`
	srv.ListenAndServe()
}
`)
}

// TestHeldServerTimeouts audits read timeouts set on a server after it leaves the
// function whose literal builds it: on the variable that receives a constructor's
// result, and on the struct field the server is stored in, there or in a function
// the struct is passed to (a helper, or an option called with it).
func TestHeldServerTimeouts(t *testing.T) {
	const pass, fail = "every server sets a read timeout", "an http.Server without ReadHeaderTimeout or ReadTimeout"
	runCheckCases(t, []checkCase{
		{
			name:  "set on the variable holding a constructor's result",
			files: heldServerMain("", "srv := newServer(mux)\n\tsrv.ReadHeaderTimeout = 5 * time.Second"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "set on a constructor's result returned through a variable",
			files: heldServerMain("s := &http.Server{Addr: \":8080\", Handler: h}\n\treturn s", "srv := newServer(mux)\n\tsrv.ReadTimeout = 5 * time.Second"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "set on the result of a constructor calling the constructor, with an error",
			files: heldServerMain("", "srv, err := newServerErr(mux)\n\tif err != nil {\n\t\treturn\n\t}\n\tsrv.ReadHeaderTimeout = 5 * time.Second"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "a constructor's result passed to a helper that sets it",
			files: heldServerMain("", "srv := newServer(mux)\n\tharden(srv)"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "a constructor's result set to zero",
			files: heldServerMain("", "srv := newServer(mux)\n\tsrv.ReadHeaderTimeout = 0"),
			check: "timeouts", want: Fail, message: "ReadHeaderTimeout or ReadTimeout is zero or negative",
		},
		{
			name:  "a constructor's result set only under a condition",
			files: heldServerMain("", "srv := newServer(mux)\n\tif mux != nil {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"),
			check: "timeouts", want: Unknown, message: "only under a condition",
		},
		{
			name:  "a constructor's result with nothing set",
			files: heldServerMain("", "srv := newServer(mux)"),
			check: "timeouts", want: Fail, message: fail,
		},
		{
			name:  "another value's ReadTimeout beside a constructor's result",
			files: heldServerMain("", "srv := newServer(mux)\n\tc := &client{}\n\tc.ReadTimeout = time.Second\n\t_ = c"),
			check: "timeouts", want: Fail, message: fail,
		},
		{
			name:  "set on the struct field holding the server",
			files: heldServerMain("", "a.srv = &http.Server{Addr: \":8080\", Handler: mux}\n\ta.srv.ReadHeaderTimeout = 5 * time.Second\n\tsrv := a.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "the struct field holding a constructor's result, set",
			files: heldServerMain("", "a.srv = newServer(mux)\n\ta.srv.ReadHeaderTimeout = 5 * time.Second\n\tsrv := a.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "the struct field holding the server passed to a helper that sets it",
			files: heldServerMain("", "a.srv = &http.Server{Addr: \":8080\", Handler: mux}\n\tharden(a.srv)\n\tsrv := a.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "given in the struct's literal, then set on the field",
			files: heldServerMain("", "b := &app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\tb.srv.ReadHeaderTimeout = 5 * time.Second\n\tsrv := b.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "given in the struct's literal, then passed to a helper that sets it",
			files: heldServerMain("", "b := app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\tharden(b.srv)\n\tsrv := b.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "the struct holding the server passed to a helper that sets the field's timeout",
			files: heldServerMain("", "b := &app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\tconfigure(b)\n\tsrv := b.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "the struct holding the server in an assigned field passed by address to a helper that sets it",
			files: heldServerMain("", "a.srv = &http.Server{Addr: \":8080\", Handler: mux}\n\tconfigure(&a)\n\tsrv := a.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "the struct holding the server passed to a helper before the server is stored",
			files: heldServerMain("", "configure(&a)\n\ta.srv = &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv := a.srv"),
			check: "timeouts", want: Fail, message: fail,
		},
		{
			name:  "the struct holding the server passed to a helper that sets another field",
			files: heldServerMain("", "b := &app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\trename(b)\n\tsrv := b.srv"),
			check: "timeouts", want: Fail, message: fail,
		},
		{
			name:  "the struct holding the server given to an option that sets the field's timeout",
			files: heldServerMain("", "opts := []option{func(b *app) { b.srv.ReadHeaderTimeout = 5 * time.Second }}\n\tb := &app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\tfor _, o := range opts {\n\t\to(b)\n\t}\n\tsrv := b.srv"),
			check: "timeouts", want: Pass, message: pass,
		},
		{
			name:  "the struct holding the server given to options none of which sets it",
			files: heldServerMain("", "opts := []option{func(b *app) { b.srv.Addr = \":9090\" }}\n\tb := &app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\tfor _, o := range opts {\n\t\to(b)\n\t}\n\tsrv := b.srv"),
			check: "timeouts", want: Unknown, message: "passed to a function value",
		},
		{
			name:  "given in the struct's literal with a timeout, then set to zero on the field",
			files: heldServerMain("", "b := &app{srv: &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}}\n\tb.srv.ReadHeaderTimeout = 0\n\tsrv := b.srv"),
			check: "timeouts", want: Fail, message: "ReadHeaderTimeout or ReadTimeout is zero or negative",
		},
		{
			name:  "stored in the field with a timeout, then set to zero on the field",
			files: heldServerMain("", "a.srv = &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\ta.srv.ReadHeaderTimeout = 0\n\tsrv := a.srv"),
			check: "timeouts", want: Fail, message: "ReadHeaderTimeout or ReadTimeout is zero or negative",
		},
		{
			name:  "given in one struct's literal, the field of another set",
			files: heldServerMain("", "b := &app{srv: &http.Server{Addr: \":8080\", Handler: mux}}\n\tc := &app{srv: &http.Server{}}\n\tc.srv.ReadHeaderTimeout = 5 * time.Second\n\tsrv := b.srv"),
			check: "timeouts", want: Fail, message: fail,
		},
		{
			name:  "another struct field set, not the one holding the server",
			files: heldServerMain("", "b := struct {\n\t\tsrv   *http.Server\n\t\tother *client\n\t}{}\n\tb.srv = &http.Server{Addr: \":8080\", Handler: mux}\n\tb.other = &client{}\n\tb.other.ReadTimeout = time.Second\n\tsrv := b.srv"),
			check: "timeouts", want: Fail, message: fail,
		},
	})
}

// TestServerChangedUnseen audits a read timeout the literal gives, taken away later
// where the literal's variable is not written: through another name for the server
// (a copy, the variable of a range over a list holding it) or in a function of the
// program the server, or the Echo instance, is passed to (a function literal called
// where it is written included). A zero set there is no
// timeout; a value not followed is UNKNOWN.
func TestServerChangedUnseen(t *testing.T) {
	const (
		zero         = "ReadHeaderTimeout or ReadTimeout is zero or negative"
		untold       = "whose value this audit cannot follow"
		pass         = "every server sets a read timeout"
		echoThenTune = "e.Server.ReadHeaderTimeout = 5 * time.Second\n\ttune(e)"
		lit          = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\t"
		envSet       = "func applyEnv(s *http.Server) {\n\td, err := time.ParseDuration(os.Getenv(\"READ_HEADER_TIMEOUT\"))\n\tif err != nil {\n\t\td = 0\n\t}\n\ts.ReadHeaderTimeout = d\n}"
	)
	echoTuned := func(set, body string) map[string]string {
		files := echoSetMain(set)
		files["main.go"] += "\nfunc tune(e *echo.Echo) { " + body + " }\n"
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "zeroed through a copy", files: timeoutValueMain("", lit+"s2 := srv\n\ts2.ReadHeaderTimeout = 0"), check: "timeouts", want: Fail, message: zero},
		{name: "zeroed through a range variable", files: timeoutValueMain("", lit+"for _, s := range []*http.Server{srv} {\n\t\ts.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Fail, message: zero},
		{name: "zeroed through a range over a list holding it", files: timeoutValueMain("", lit+"servers := []*http.Server{srv}\n\tfor _, s := range servers {\n\t\ts.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Fail, message: zero},
		{name: "set positive through a copy", files: timeoutValueMain("", lit+"s2 := srv\n\ts2.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "zeroed in a function it is passed to", files: timeoutValueMain("func tune(s *http.Server) { s.ReadHeaderTimeout = 0 }", lit+"tune(srv)"), check: "timeouts", want: Fail, message: zero},
		{name: "zeroed in a function literal it is passed to", files: timeoutValueMain("", lit+"func(s *http.Server) { s.ReadHeaderTimeout = 0 }(srv)"), check: "timeouts", want: Fail, message: zero},
		{name: "given a positive value in a function literal it is passed to", files: timeoutValueMain("", lit+"func(s *http.Server) { s.ReadHeaderTimeout = 10 * time.Second }(srv)"), check: "timeouts", want: Pass, message: pass},
		{name: "zeroed in a function it is passed to, after a set", files: timeoutValueMain("func tune(s *http.Server) { s.ReadHeaderTimeout = 0 }", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 5 * time.Second\n\ttune(srv)"), check: "timeouts", want: Fail, message: zero},
		{name: "a parsed value set in a function it is passed to", files: timeoutValueMain(envSet, lit+"applyEnv(srv)"), check: "timeouts", want: Unknown, message: untold},
		{name: "zeroed in a function it is passed to, beside a ReadTimeout", files: timeoutValueMain("func tune(s *http.Server) { s.ReadHeaderTimeout = 0 }", "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second}\n\ttune(srv)"), check: "timeouts", want: Pass, message: pass},
		{name: "zeroed in a function it is passed to, then set positive", files: timeoutValueMain("func tune(s *http.Server) { s.ReadHeaderTimeout = 0 }", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\ttune(srv)\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Unknown, message: "only under a condition"}, // tune may serve it first
		{name: "set positive in a function it is passed to", files: timeoutValueMain("func tune(s *http.Server) { s.ReadHeaderTimeout = 10 * time.Second }", lit+"tune(srv)"), check: "timeouts", want: Pass, message: pass},
		{name: "Echo's server zeroed in a function the instance is passed to", files: echoTuned(echoThenTune, "e.Server.ReadHeaderTimeout = 0"), check: "timeouts", want: Fail, message: "Echo v4's Start with e.Server's zero timeouts"},
		{name: "Echo's server set positive in a function the instance is passed to", files: echoTuned(echoThenTune, "e.Server.ReadHeaderTimeout = time.Minute"), check: "timeouts", want: Pass, message: pass},
		{name: "Echo's server zeroed in a function the instance is passed to, then set positive", files: echoTuned("tune(e)\n\te.Server.ReadHeaderTimeout = 5 * time.Second", "e.Server.ReadHeaderTimeout = 0"), check: "timeouts", want: Pass, message: pass},
	})
}
