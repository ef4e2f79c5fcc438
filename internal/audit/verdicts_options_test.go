package audit

import (
	"strings"
	"testing"
)

// optionsServer returns a repository whose internal/server.New builds an
// http.Server and applies functional options to it (for _, o := range opts { o(s) }),
// with the option constructors opts, and whose main calls New with args.
func optionsServer(opts, args string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/orders\n\ngo 1.26\n",
		"internal/server/server.go": `package server

import (
	"net/http"
	"time"
)

// Option changes the server New builds.
type Option func(*http.Server)

var _ = time.Second

` + opts + `
// New builds the server.
func New(addr string, h http.Handler, opts ...Option) *http.Server {
	s := &http.Server{Addr: addr, Handler: h}
	for _, o := range opts {
		o(s)
	}
	return s
}
`,
		"cmd/api/main.go": strings.ReplaceAll(`package main

import (
	"log"
	"net/http"
	"time"

	"example.test/orders/internal/server"
)

var _ = time.Second

func main() {
	srv := server.New(":8080", http.NewServeMux()ARGS)
	log.Fatal(srv.ListenAndServe())
}
`, "ARGS", args),
	}
}

// TestTimeoutsThroughOptions audits a read timeout set by a functional option of a
// server constructor: the option's function literal, built in main's flow, sets
// it (PASS); an option main never builds, or none that sets it, leaves the
// function value called on the server unfollowed (UNKNOWN, never a confident FAIL).
func TestTimeoutsThroughOptions(t *testing.T) {
	const withRHT = "// WithReadHeaderTimeout sets the read header timeout.\nfunc WithReadHeaderTimeout(d time.Duration) Option {\n\treturn func(s *http.Server) { s.ReadHeaderTimeout = d }\n}\n"
	const withIdle = "// WithIdleTimeout sets the idle timeout.\nfunc WithIdleTimeout(d time.Duration) Option {\n\treturn func(s *http.Server) { s.IdleTimeout = d }\n}\n"
	const unknown = "passed to a function value (an option such as o(s)) that this audit cannot follow"
	runCheckCases(t, []checkCase{
		{name: "the option main passes sets ReadHeaderTimeout", files: optionsServer(withRHT+withIdle, ", server.WithReadHeaderTimeout(5*time.Second)"), check: "timeouts", want: Pass, message: "every server sets a read timeout"},
		{name: "a named function as the option", files: withFiles(optionsServer("", ", harden"), map[string]string{"cmd/api/harden.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc harden(s *http.Server) { s.ReadTimeout = 10 * time.Second }\n"}), check: "timeouts", want: Pass, message: "every server sets a read timeout"},
		{name: "the timeout option is never built", files: optionsServer(withRHT+withIdle, ", server.WithIdleTimeout(time.Minute)"), check: "timeouts", want: Unknown, message: unknown},
		{name: "no option sets a read timeout", files: optionsServer(withIdle, ", server.WithIdleTimeout(time.Minute)"), check: "timeouts", want: Unknown, message: unknown},
		{name: "the option sets a zero timeout", files: optionsServer(strings.ReplaceAll(withRHT, "= d", "= 0"), ", server.WithReadHeaderTimeout(5*time.Second)"), check: "timeouts", want: Fail, message: "zero or negative"},
		{name: "an interface option's method sets it", files: withFiles(optionsServer("", ""), map[string]string{
			"internal/server/server.go": "package server\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n// Option changes the server.\ntype Option interface{ apply(*http.Server) }\n\ntype readHeader time.Duration\n\nfunc (d readHeader) apply(s *http.Server) { s.ReadHeaderTimeout = time.Duration(d) }\n\n// WithReadHeaderTimeout sets it.\nfunc WithReadHeaderTimeout(d time.Duration) Option { return readHeader(d) }\n\n// New builds the server.\nfunc New(addr string, h http.Handler, opts ...Option) *http.Server {\n\ts := &http.Server{Addr: addr, Handler: h}\n\tfor _, o := range opts {\n\t\to.apply(s)\n\t}\n\treturn s\n}\n",
			"cmd/api/main.go":           "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.test/orders/internal/server\"\n)\n\nfunc main() {\n\tsrv := server.New(\":8080\", http.NewServeMux(), server.WithReadHeaderTimeout(5*time.Second))\n\tlog.Fatal(srv.ListenAndServe())\n}\n",
		}), check: "timeouts", want: Pass, message: "every server sets a read timeout"},
		{name: "appended to a list: no option, still FAIL", files: withFiles(optionsServer("", ""), map[string]string{"internal/server/server.go": "package server\n\nimport \"net/http\"\n\nvar all []*http.Server\n\n// New builds the server.\nfunc New(addr string, h http.Handler) *http.Server {\n\ts := &http.Server{Addr: addr, Handler: h}\n\tall = append(all, s)\n\treturn s\n}\n"}), check: "timeouts", want: Fail, message: "without ReadHeaderTimeout or ReadTimeout"},
	})
}
