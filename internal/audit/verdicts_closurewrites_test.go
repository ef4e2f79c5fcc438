package audit

import (
	"strings"
	"testing"
)

// TestMethodValueChanges audits a read timeout taken from a struct field whose
// struct has a method taken as a method value (apply := cfg.reset,
// flag.BoolFunc(..., cfg.devMode)): the value binds the struct and may be called
// anywhere, so a method that may change the field makes the read UNKNOWN, as a call
// of it does; one that leaves the field keeps the timeout.
func TestMethodValueChanges(t *testing.T) {
	const (
		untold = "whose value this audit cannot follow"
		pass   = "every server sets a read timeout"
		reset  = "func (c *config) reset() { c.ReadHeaderTimeout = 0 }\n\nfunc (c *config) rename() { c.Addr = \":9090\" }"
		serve  = "\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"
		local  = "cfg := config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\t"
		global = "var cfg = config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\n"
	)
	runCheckCases(t, []checkCase{
		{name: "a local struct's zeroing method taken as a value and called", files: timeoutValueMain(reset, local+"apply := cfg.reset\n\tapply()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a local struct's zeroing method given to a flag", files: timeoutValueMain(reset, local+"flag.BoolFunc(\"dev\", \"\", func(string) error { f := cfg.reset; f(); return nil })\n\tflag.Parse()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a local struct's method setting another field taken as a value", files: timeoutValueMain(reset, local+"apply := cfg.rename\n\tapply()"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level struct's zeroing method taken as a value", files: timeoutValueMain(global+reset, "apply := cfg.reset\n\tapply()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a package-level struct's method setting another field taken as a value", files: timeoutValueMain(global+reset, "apply := cfg.rename\n\tapply()"+serve), check: "timeouts", want: Pass, message: pass},
	})
}

// TestLocalSetInFuncLit audits a read timeout given by a local variable that a
// function literal of the function declaring it assigns (a flag callback, one
// called where it is written): the literal may run before the read, so a zero there
// is a value the variable may hold (UNKNOWN), never a timeout taken for granted; a
// literal declaring a variable of that name of its own changes nothing.
func TestLocalSetInFuncLit(t *testing.T) {
	const (
		pass  = "every server sets a read timeout"
		serve = "\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"
		rht   = "rht := 5 * time.Second\n\t"
	)
	runCheckCases(t, []checkCase{
		{name: "zeroed in a flag callback", files: timeoutValueMain("", rht+"flag.BoolFunc(\"debug\", \"\", func(string) error {\n\t\trht = 0\n\t\treturn nil\n\t})"+serve), check: "timeouts", want: Unknown},
		{name: "zeroed in a literal called where it is written", files: timeoutValueMain("", rht+"func() { rht = 0 }()"+serve), check: "timeouts", want: Unknown},
		{name: "set positive in a flag callback", files: timeoutValueMain("", rht+"flag.BoolFunc(\"slow\", \"\", func(string) error {\n\t\trht = time.Minute\n\t\treturn nil\n\t})"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a literal's own variable of that name zeroed", files: timeoutValueMain("", rht+"func() {\n\t\trht := 0\n\t\trht = 0\n\t\t_ = rht\n\t}()"+serve), check: "timeouts", want: Pass, message: pass},
	})
}

// TestServerSetInFuncLit audits a server whose read timeout a function literal of
// the function building it may zero: on the variable holding it (a flag callback,
// one called where it is written, one called under an if) or in a function of the
// program the literal passes it to. Whether the literal runs before the server
// serves is not told: UNKNOWN, never a timeout taken for granted. A literal that
// only serves the server, or sets a positive timeout, keeps the PASS. A server a
// package-level variable holds is followed into every function of its package, in a
// literal or not.
func TestServerSetInFuncLit(t *testing.T) {
	const (
		pass  = "every server sets a read timeout"
		build = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\t"
		tune  = "func tune(s *http.Server) { s.ReadHeaderTimeout = 0 }\n\nfunc serve(s *http.Server) { _ = s.ListenAndServe() }"
		// global is a package-level server with a read header timeout.
		global = "var h = http.NewServeMux()\n\nvar srv = http.Server{Addr: \":8080\", Handler: h, ReadHeaderTimeout: 5 * time.Second}\n\n"
	)
	runCheckCases(t, []checkCase{
		{name: "zeroed in a flag callback", files: timeoutValueMain(tune, build+"flag.BoolFunc(\"debug\", \"\", func(string) error {\n\t\tsrv.ReadHeaderTimeout = 0\n\t\treturn nil\n\t})\n\tflag.Parse()"), check: "timeouts", want: Unknown},
		{name: "zeroed in a literal called under an if", files: timeoutValueMain(tune, build+"debug := func() { srv.ReadHeaderTimeout = 0 }\n\tif os.Getenv(\"DEBUG\") != \"\" {\n\t\tdebug()\n\t}"), check: "timeouts", want: Unknown},
		{name: "zeroed by a function a literal passes it to", files: timeoutValueMain(tune, build+"setup := func() { tune(srv) }\n\tsetup()"), check: "timeouts", want: Unknown},
		{name: "zeroed in a literal called where it is written", files: timeoutValueMain(tune, build+"func() { srv.ReadHeaderTimeout = 0 }()"), check: "timeouts", want: Unknown, message: "from the function literal at main.go:"},
		{name: "served by a literal", files: timeoutValueMain(tune, build+"go func() { serve(srv) }()"), check: "timeouts", want: Pass, message: pass},
		{name: "set positive in a literal", files: timeoutValueMain(tune, build+"func() { srv.ReadHeaderTimeout = time.Minute }()"), check: "timeouts", want: Pass, message: pass},
		{name: "package-level, zeroed in a literal called where it is written", files: timeoutValueMain(global+tune, "_ = mux\n\tfunc() { srv.ReadHeaderTimeout = 0 }()"), check: "timeouts", want: Unknown, message: "from the function literal at main.go:"},
		{name: "package-level, zeroed in a flag callback", files: timeoutValueMain(global+tune, "_ = mux\n\tflag.BoolFunc(\"debug\", \"\", func(string) error {\n\t\tsrv.ReadHeaderTimeout = 0\n\t\treturn nil\n\t})\n\tflag.Parse()"), check: "timeouts", want: Unknown},
		{name: "package-level, zeroed by a function a literal passes it to", files: timeoutValueMain(global+tune, "_ = mux\n\tfunc() { tune(&srv) }()"), check: "timeouts", want: Unknown},
		// round 42: a zero main's body sets before anything that may serve the server,
		// which nothing else may set again, is its value, as for a local server
		{name: "package-level, zeroed in main before it serves", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0"), check: "timeouts", want: Fail, message: "1 server(s) without a read timeout: an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative"},
		{name: "package-level, zeroed in main under an if", files: timeoutValueMain(global+tune, "_ = mux\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main after a goroutine starts", files: timeoutValueMain(global+tune, "_ = mux\n\tgo func() { log.Print(\"started\") }()\n\tsrv.ReadHeaderTimeout = 0"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main after a function of the program", files: timeoutValueMain(global+tune+"\n\nfunc setup() {}", "_ = mux\n\tsetup()\n\tsrv.ReadHeaderTimeout = 0"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then given to a function of the program", files: timeoutValueMain(global+tune+"\n\nfunc harden(s *http.Server) { s.ReadHeaderTimeout = time.Second }", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tharden(&srv)"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then set positive by another function", files: timeoutValueMain(global+tune+"\n\nfunc harden() { srv.ReadHeaderTimeout = time.Second }", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tharden()"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then set positive through an alias", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\ts := &srv\n\ts.ReadHeaderTimeout = time.Second"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then set positive through the field's address", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tp := &srv.ReadHeaderTimeout\n\t*p = time.Second"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, the field's address taken, zeroed in main, set positive through it", files: timeoutValueMain(global+tune, "_ = mux\n\tp := &srv.ReadHeaderTimeout\n\tsrv.ReadHeaderTimeout = 0\n\t*p = time.Second"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then given to a literal's variable", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tfunc(s *http.Server) { s.ReadHeaderTimeout = time.Second }(&srv)"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		// round 43: a function of the package main calls after the zero may set the
		// field through an alias of the variable it takes there, or one declared at
		// package level: never the zero taken for the server's value
		{name: "package-level, zeroed in main, then set positive through an alias another function takes", files: timeoutValueMain(global+tune+"\n\nfunc harden() {\n\ts := &srv\n\ts.ReadHeaderTimeout = 5 * time.Second\n}", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tharden()"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then set positive through the field's address another function takes", files: timeoutValueMain(global+tune+"\n\nfunc harden() {\n\tp := &srv.ReadHeaderTimeout\n\t*p = 5 * time.Second\n}", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tharden()"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then set positive through a package-level alias", files: timeoutValueMain(global+tune+"\n\nvar alias = &srv\n\nfunc harden() { alias.ReadHeaderTimeout = 5 * time.Second }", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tharden()"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, then set positive through an alias in a method", files: timeoutValueMain(global+tune+"\n\ntype app struct{}\n\nfunc (app) harden() {\n\ts := &srv\n\ts.ReadHeaderTimeout = 5 * time.Second\n}", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tapp{}.harden()"), check: "timeouts", want: Unknown, message: "after a positive one, from func main (main.go:"},
		{name: "package-level, zeroed in main, another function aliasing a variable of its own of that name", files: timeoutValueMain(global+tune+"\n\nfunc harden() {\n\tsrv := http.Server{ReadHeaderTimeout: time.Second}\n\ts := &srv\n\ts.ReadHeaderTimeout = 5 * time.Second\n}", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tharden()"), check: "timeouts", want: Fail, message: "1 server(s) without a read timeout"},
		{name: "package-level, zeroed in main, another function reading its fields", files: timeoutValueMain(global+tune+"\n\nfunc report() { log.Print(srv.Addr, srv.ReadHeaderTimeout) }", "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\treport()"), check: "timeouts", want: Fail, message: "1 server(s) without a read timeout"},
		{name: "package-level, zeroed in main, then its fields read and set", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tsrv.Handler = mux\n\tlog.Print(srv.Addr, srv.ReadHeaderTimeout)\n\tsrv.SetKeepAlivesEnabled(false)"), check: "timeouts", want: Fail, message: "1 server(s) without a read timeout"},
		// round 41: a zero a later positive set in the same function always replaces is
		// not the server's value
		{name: "package-level, zeroed then set positive in main", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "package-level, zeroed, a call, then set positive in main", files: timeoutValueMain(global+tune, "_ = mux\n\tsrv.ReadHeaderTimeout = 0\n\tgo srv.ListenAndServe()\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: "from func main (main.go:"},
		{name: "package-level, a parameter of its name zeroed", files: timeoutValueMain(global+tune+"\n\nfunc other(srv *http.Server) { srv.ReadHeaderTimeout = 0 }", "_ = mux"), check: "timeouts", want: Pass, message: pass},
		// round 41: a method's receiver or a named result of the name is not the server
		{name: "package-level, a receiver of its name zeroed", files: timeoutValueMain(global+tune+"\n\ntype admin struct{ http.Server }\n\nfunc (srv *admin) debug() { srv.ReadHeaderTimeout = 0 }", "_ = mux"), check: "timeouts", want: Pass, message: pass},
		{name: "package-level, a named result of its name zeroed", files: timeoutValueMain(global+tune+"\n\nfunc debug() (srv http.Server) {\n\tsrv.ReadHeaderTimeout = 0\n\treturn\n}", "_ = mux"), check: "timeouts", want: Pass, message: pass},
		{name: "package-level, zeroed in a method whose receiver has another name", files: timeoutValueMain(global+tune+"\n\ntype admin struct{}\n\nfunc (a *admin) debug() { srv.ReadHeaderTimeout = 0 }", "_ = mux"), check: "timeouts", want: Unknown, message: "from method debug (main.go:"},
		{name: "package-level, set positive in a literal", files: timeoutValueMain(global+tune, "_ = mux\n\tfunc() { srv.ReadHeaderTimeout = time.Minute }()"), check: "timeouts", want: Pass, message: pass},
		{name: "zeroed in a literal while the other field keeps a timeout", files: timeoutValueMain(tune, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: time.Minute}\n\tfunc() { srv.ReadHeaderTimeout = 0 }()"), check: "timeouts", want: Pass, message: pass},
	})
}

// optionMain is a main whose server New builds with a 5s read header timeout and
// the options main gives it; WithoutTimeouts returns one that zeroes it, and USE
// is how main adds it to opts.
func optionMain(use string) map[string]string {
	return mainFiles("example.test/t", strings.ReplaceAll(`package main

import (
	"flag"
	"net/http"
	"time"
)

type Option func(*http.Server)

func WithAddr(a string) Option { return func(s *http.Server) { s.Addr = a } }

func WithoutTimeouts() Option {
	return func(s *http.Server) { s.ReadHeaderTimeout = 0 }
}

func New(opts ...Option) *http.Server {
	s := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
	for _, o := range opts {
		o(s)
	}
	return s
}

func main() {
	profiling := flag.Bool("profiling", false, "")
	flag.Parse()
	opts := []Option{WithAddr(":9090")}
	USE
	_ = profiling
	srv := New(opts...)
	_ = srv.ListenAndServe()
}
`, "USE", use))
}

// TestConditionalOption audits a functional option that zeroes the read timeout:
// added to the options under a condition it is no timeout on one path (UNKNOWN),
// as tune(srv) under an if is; added always it is FAIL.
func TestConditionalOption(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "the option's constructor called under an if", files: optionMain("if *profiling {\n\t\topts = append(opts, WithoutTimeouts())\n\t}"), check: "timeouts", want: Unknown},
		{name: "the option written as a literal under an if", files: optionMain("if *profiling {\n\t\topts = append(opts, func(s *http.Server) { s.ReadHeaderTimeout = 0 })\n\t}"), check: "timeouts", want: Unknown},
		{name: "the option added always", files: optionMain("opts = append(opts, WithoutTimeouts())"), check: "timeouts", want: Fail},
	})
}
