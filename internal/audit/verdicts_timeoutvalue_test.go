package audit

import (
	"strings"
	"testing"
)

// timeoutValueMain returns a service whose func main builds its server with BUILD
// (which declares srv), after the declarations DECLS.
func timeoutValueMain(decls, build string) map[string]string {
	return mainFiles("example.test/t", strings.NewReplacer("DECLS", decls, "BUILD", build).Replace(`package main

import (
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

var _ = json.Unmarshal
var _ = flag.Parse
var _ = log.Fatal
var _ = os.Getenv
var _ = strconv.Atoi

type config struct {
	Addr              string
	ReadHeaderTimeout time.Duration
}

DECLS

func main() {
	mux := http.NewServeMux()
	BUILD
	_ = srv.ListenAndServe()
}
`))
}

// optionsPackage is a package internal/server whose New builds the http.Server with
// the read header timeout of its Options (BODY runs first).
const optionsPackage = `package server

import (
	"net/http"
	"time"
)

// Options configure the server.
type Options struct {
	Addr              string
	ReadHeaderTimeout time.Duration
}

// New builds the server.
func New(h http.Handler, o Options) *http.Server {
	BODY
	return &http.Server{Addr: o.Addr, Handler: h, ReadHeaderTimeout: o.ReadHeaderTimeout}
}
`

// optionsMain is a service building its server with server.New(mux, OPTS).
func optionsMain(body, opts string) map[string]string {
	files := mainFiles("example.test/t", strings.ReplaceAll(`package main

import (
	"net/http"
	"time"

	"example.test/t/internal/server"
)

var _ = time.Second

func main() {
	mux := http.NewServeMux()
	opts := server.Options{Addr: ":8080"}
	_ = opts
	srv := server.New(mux, OPTS)
	_ = srv.ListenAndServe()
}
`, "OPTS", opts))
	files["internal/server/server.go"] = strings.ReplaceAll(optionsPackage, "BODY", body)
	return files
}

// defaultOptionsMain is optionsMain given server.Defaults(), a function of the
// server package returning Options with a read header timeout of five seconds.
func defaultOptionsMain() map[string]string {
	files := optionsMain("", "server.Defaults()")
	files["internal/server/defaults.go"] = `package server

import "time"

// Defaults are the options to serve with.
func Defaults() Options {
	return Options{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
}
`
	return files
}

// TestTimeoutValues audits read timeouts set only under a condition, and read
// timeouts taken from a field of a struct: followed to the composite literals that
// build it (a field left out is zero) or, where it cannot be, UNKNOWN.
func TestTimeoutValues(t *testing.T) {
	const (
		conditional = "only under a condition"
		zeroField   = "a struct field that is zero where the struct is built"
		untold      = "whose value this audit cannot follow"
		pass        = "every server sets a read timeout"
		zeroFlag    = "from a flag whose default is zero (-read-header-timeout): no read timeout"
		zeroIf      = "1 server(s) get a zero or negative read timeout under a condition, after a positive one: where it holds, the server has no read timeout"
	)
	runCheckCases(t, []checkCase{
		{name: "an int flag of seconds converted", files: timeoutValueMain(``, "secs := flag.Int(\"read-timeout\", 5, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(*secs)}"), check: "timeouts", want: Warn, message: "ReadHeaderTimeout is time.Duration(*secs), which holds 5ns (from 5 at main.go:"},
		{name: "a variable an int flag of seconds fills, converted", files: timeoutValueMain(``, "var secs int64\n\tflag.Int64Var(&secs, \"read-timeout\", 5, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Warn, message: "which holds 5ns"},
		{name: "an int flag of default zero converted", files: timeoutValueMain(``, "secs := flag.Int(\"read-timeout\", 0, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(*secs)}"), check: "timeouts", want: Warn, message: "from a flag whose default is zero (-read-timeout)"},
		{name: "a config field of seconds converted", files: timeoutValueMain("type limits struct{ ReadTimeoutSeconds int }", "lim := limits{ReadTimeoutSeconds: 5}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(lim.ReadTimeoutSeconds)}"), check: "timeouts", want: Warn, message: "ReadHeaderTimeout is time.Duration(lim.ReadTimeoutSeconds), which holds 5ns"},
		{name: "a local number of seconds converted", files: timeoutValueMain(``, "secs := 5\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Warn, message: "which holds 5ns"},
		{name: "a package number of seconds converted", files: timeoutValueMain(`var secs = 5`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Warn, message: "which holds 5ns"},
		{name: "a number parsed with its error ignored, converted", files: timeoutValueMain(``, "secs, _ := strconv.Atoi(os.Getenv(\"READ_HEADER_TIMEOUT\"))\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a number parsed with its error checked, converted", files: timeoutValueMain(``, "secs, err := strconv.Atoi(os.Getenv(\"READ_HEADER_TIMEOUT\"))\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a local zero converted", files: timeoutValueMain(``, "secs := 0\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Fail, message: "an http.Server whose ReadHeaderTimeout or ReadTimeout is time.Duration(secs), zero where its value is set (main.go:"},
		{name: "a local number of nanoseconds converted", files: timeoutValueMain(``, "ns := 5_000_000_000\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(ns)}"), check: "timeouts", want: Pass, message: pass},
		{name: "a local number of seconds given its unit", files: timeoutValueMain(``, "secs := 5\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs) * time.Second}"), check: "timeouts", want: Pass, message: pass},
		{name: "a duration of a named type converted", files: timeoutValueMain("type timeout time.Duration\n\nfunc (t timeout) server(h http.Handler) *http.Server {\n\treturn &http.Server{Addr: \":8080\", Handler: h, ReadHeaderTimeout: time.Duration(t)}\n}", "srv := timeout(5 * time.Second).server(mux)"), check: "timeouts", want: Pass, message: pass},
		{name: "a local zero replaced by seconds, converted", files: timeoutValueMain(``, "secs := 0\n\tsecs = 5\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Warn, message: "which holds 5ns"},
		{name: "local seconds replaced by zero, converted", files: timeoutValueMain(``, "secs := 5\n\tsecs = 0\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Fail, message: "is time.Duration(secs), zero where its value is set (main.go:"},
		{name: "local seconds zeroed under a condition, converted", files: timeoutValueMain(``, "secs := 5_000_000_000\n\tif os.Getenv(\"DEBUG\") != \"\" {\n\t\tsecs = 0\n\t}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Duration(secs)}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "a local declared without a value", files: timeoutValueMain(``, "var rht time.Duration\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Fail, message: "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative"},
		{name: "a local declared without a value, set under a condition", files: timeoutValueMain(``, "var rht time.Duration\n\tif v := os.Getenv(\"READ_HEADER_TIMEOUT\"); v != \"\" {\n\t\td, err := time.ParseDuration(v)\n\t\tif err != nil {\n\t\t\tpanic(err)\n\t\t}\n\t\trht = d\n\t}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "a local declared without a value, set under a condition after a default", files: timeoutValueMain(``, "var rht time.Duration\n\trht = 5 * time.Second\n\tif v := os.Getenv(\"READ_HEADER_TIMEOUT\"); v != \"\" {\n\t\td, err := time.ParseDuration(v)\n\t\tif err != nil {\n\t\t\tpanic(err)\n\t\t}\n\t\trht = d\n\t}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Pass, message: pass},
		{name: "a local declared without a value, filled through its address", files: timeoutValueMain(``, "var rht time.Duration\n\t_ = json.Unmarshal([]byte(os.Getenv(\"READ_HEADER_TIMEOUT\")), &rht)\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a local duration of converted seconds", files: timeoutValueMain(``, "secs := 5\n\td := time.Duration(secs)\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: d}"), check: "timeouts", want: Warn, message: "which holds 5ns"},
		{name: "set only when a flag of default zero is given", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "set only when a flag of a positive default is given", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 5*time.Second, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "a local flag of default zero", files: timeoutValueMain(``, "rht := flag.Duration(\"read-header-timeout\", 0, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *rht}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a flag of default zero read in place", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *flag.Duration(\"read-header-timeout\", 0, \"\")}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a package flag of default zero", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *rht}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a FlagSet flag of default zero", files: timeoutValueMain(``, "fs := flag.NewFlagSet(\"api\", flag.ExitOnError)\n\trht := fs.Duration(\"read-header-timeout\", 0, \"\")\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *rht}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a variable a flag of default zero fills", files: timeoutValueMain(``, "var rht time.Duration\n\tflag.DurationVar(&rht, \"read-header-timeout\", 0, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a local flag of a positive default", files: timeoutValueMain(``, "rht := flag.Duration(\"read-header-timeout\", 5*time.Second, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *rht}"), check: "timeouts", want: Pass, message: pass},
		{name: "a variable a flag of a positive default fills", files: timeoutValueMain(``, "var rht time.Duration\n\tflag.DurationVar(&rht, \"read-header-timeout\", 5*time.Second, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Pass, message: pass},
		{name: "a duration parsed with its error ignored", files: timeoutValueMain(``, "rht, _ := time.ParseDuration(os.Getenv(\"READ_HEADER_TIMEOUT\"))\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a duration parsed with its error checked", files: timeoutValueMain(``, "rht, err := time.ParseDuration(os.Getenv(\"READ_HEADER_TIMEOUT\"))\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: rht}"), check: "timeouts", want: Pass, message: pass},
		{name: "a number without a unit", files: timeoutValueMain(`const readHeaderTimeout = 10 // seconds`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: readHeaderTimeout}"), check: "timeouts", want: Warn, message: "ReadHeaderTimeout is a constant of 10ns: a number without a unit"},
		{name: "a read timeout of microseconds", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 200 * time.Microsecond}"), check: "timeouts", want: Warn, message: "ReadTimeout is a constant of 200µs: a number without a unit"},
		{name: "a negative header timeout beside a read timeout", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second, ReadHeaderTimeout: -1}"), check: "timeouts", want: Fail, message: "an http.Server whose ReadHeaderTimeout is negative, which net/http takes for no timeout on the request headers, whatever ReadTimeout is"},
		{name: "a named negative header timeout beside a read timeout", files: timeoutValueMain(`const noHeaderTimeout = -time.Second`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second}\n\tsrv.ReadHeaderTimeout = noHeaderTimeout"), check: "timeouts", want: Fail, message: "whose ReadHeaderTimeout is negative"},
		{name: "a negative header timeout replaced by a positive one", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second, ReadHeaderTimeout: -1}\n\tsrv.ReadHeaderTimeout = 2 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "a negative read timeout beside a header timeout", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: -1, ReadHeaderTimeout: 5 * time.Second}"), check: "timeouts", want: Pass, message: pass},
		{name: "a header timeout of nanoseconds beside a read timeout", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second, ReadHeaderTimeout: 10}"), check: "timeouts", want: Warn, message: "ReadHeaderTimeout is a constant of 10ns"},
		{name: "a read timeout of a millisecond", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: time.Millisecond}"), check: "timeouts", want: Pass, message: pass},
		{name: "set only in one case of a switch", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tswitch os.Getenv(\"ENV\") {\n\tcase \"prod\":\n\t\tsrv.ReadTimeout = time.Minute\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "set only when a config field of that name is above zero", files: timeoutValueMain("var cfg config\n\nfunc init() { _ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg) }", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif cfg.ReadHeaderTimeout > 0 {\n\t\tsrv.ReadHeaderTimeout = cfg.ReadHeaderTimeout\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "a default filled when the field is zero", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif srv.ReadHeaderTimeout == 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "positive, then zero under an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Unknown, message: zeroIf},
		{name: "positive in the literal, then zero under an if", files: timeoutValueMain(`var slow = flag.Bool("slow", false, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *slow {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Unknown, message: zeroIf},
		{name: "positive in the literal, then negative read timeout under an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadTimeout = -1\n\t}"), check: "timeouts", want: Unknown, message: zeroIf},
		{name: "positive, then a local of zero under an if", files: timeoutValueMain(``, "var none time.Duration\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = none\n\t}"), check: "timeouts", want: Unknown, message: zeroIf},
		{name: "positive, then zero in one case of a switch", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tswitch os.Getenv(\"ENV\") {\n\tcase \"dev\":\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Unknown, message: zeroIf},
		{name: "positive, then zero under an if, beside a read timeout", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 10 * time.Second, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "positive, then zero under an if, then positive", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "positive, then positive under an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "positive, then a default filled when the field is zero", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif srv.ReadHeaderTimeout == 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "a default set, then overridden under a condition", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 5 * time.Second\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "the literal's timeout, overridden under a condition", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "a field of a local config literal that leaves it out", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Fail, message: zeroField},
		{name: "a field of a declared zero config", files: timeoutValueMain(``, "var cfg config\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Fail, message: zeroField},
		{name: "a field of a local config literal that sets it", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a field of a config literal set afterwards", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tcfg.ReadHeaderTimeout = 5 * time.Second\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a field of a config a decoder fills", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg)\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a field a flag fills through its address", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tflag.DurationVar(&cfg.ReadHeaderTimeout, \"read-header-timeout\", 0, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		// a value read through a pointer: one assigned the address of a variable or field, and only read through, is that value; any other is unknown
		{name: "a field a flag fills, read through a pointer to it", files: timeoutValueMain(`var cfg config`, "flag.DurationVar(&cfg.ReadHeaderTimeout, \"read-header-timeout\", 0, \"\")\n\tflag.Parse()\n\tp := &cfg.ReadHeaderTimeout\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = *p"), check: "timeouts", want: Unknown, message: untold},
		{name: "a variable a flag fills, read through a pointer to it", files: timeoutValueMain(``, "var rht time.Duration\n\tflag.DurationVar(&rht, \"read-header-timeout\", 0, \"\")\n\tflag.Parse()\n\tp := &rht\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = *p"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a field set, then read through a pointer to it", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tcfg.ReadHeaderTimeout = 5 * time.Second\n\tp := &cfg.ReadHeaderTimeout\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: *p}"), check: "timeouts", want: Pass, message: pass},
		{name: "a field set, then zeroed through a pointer to it", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tcfg.ReadHeaderTimeout = 5 * time.Second\n\tp := &cfg.ReadHeaderTimeout\n\t*p = 0\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: *p}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a field set, then read through a pointer passed to a call", files: timeoutValueMain("func reset(d *time.Duration) { *d = 0 }", "cfg := config{Addr: \":8080\"}\n\tcfg.ReadHeaderTimeout = 5 * time.Second\n\tp := &cfg.ReadHeaderTimeout\n\treset(p)\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: *p}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a field set, then read through a pointer assigned again", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tcfg.ReadHeaderTimeout = 5 * time.Second\n\tvar none time.Duration\n\tp := &cfg.ReadHeaderTimeout\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tp = &none\n\t}\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: *p}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a zero variable read through a pointer parameter", files: timeoutValueMain("func build(mux http.Handler, d *time.Duration) *http.Server {\n\treturn &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *d}\n}", "var none time.Duration\n\tsrv := build(mux, &none)"), check: "timeouts", want: Unknown, message: untold},
		{name: "read through a pointer field of a struct", files: timeoutValueMain("type limits struct{ ReadHeader *time.Duration }\n\nvar lim = limits{ReadHeader: new(time.Duration)}", "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *lim.ReadHeader}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a flag of default zero read through a copy of its pointer", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "q := rht\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *q}"), check: "timeouts", want: Unknown, message: untold},
		{name: "set on both branches of an if/else", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "set on every branch of an if/else if/else", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t} else if os.Getenv(\"ENV\") == \"ci\" {\n\t\tsrv.ReadTimeout = time.Minute\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "set on both branches of an if/else, one then zeroing the other field", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t\tsrv.ReadTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "set on both branches of an if/else, one then zeroing it", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "set on if and else if, no final else", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t} else if os.Getenv(\"ENV\") == \"prod\" {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "set on every case of a switch with a default", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tswitch os.Getenv(\"ENV\") {\n\tcase \"dev\":\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "a switch case that may break before its set", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tswitch os.Getenv(\"ENV\") {\n\tcase \"dev\":\n\t\tif os.Getenv(\"FAST\") != \"\" {\n\t\t\tbreak\n\t\t}\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "the else branch sets zero", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t} else {\n\t\tsrv.ReadTimeout = 0\n\t}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "the else branch sets zero, a flag of a positive default", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", time.Second, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t} else {\n\t\tsrv.ReadTimeout = 0\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "a config field set on both branches of an if/else", files: timeoutValueMain(``, "cfg := config{Addr: \":8080\"}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tcfg.ReadHeaderTimeout = time.Minute\n\t} else {\n\t\tcfg.ReadHeaderTimeout = 5 * time.Second\n\t}\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a field of a config a function returns", files: timeoutValueMain(`func load() config { return config{Addr: ":8080", ReadHeaderTimeout: time.Second} }`, "cfg := load()\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a config a function returns, then passed by value", files: timeoutValueMain("func load() config {\n\tc := config{Addr: \":8080\", ReadHeaderTimeout: time.Second}\n\tif v := os.Getenv(\"ADDR\"); v != \"\" {\n\t\tc.Addr = v\n\t}\n\treturn c\n}\n\nfunc show(c config) {}", "cfg := load()\n\tshow(cfg)\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a config a function returns with an error", files: timeoutValueMain("func load() (config, error) {\n\tif os.Getenv(\"BAD\") != \"\" {\n\t\treturn config{}, os.ErrInvalid\n\t}\n\treturn config{Addr: \":8080\", ReadHeaderTimeout: time.Second}, nil\n}", "cfg, err := load()\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a config a function returns, leaving the field out", files: timeoutValueMain(`func load() config { return config{Addr: ":8080"} }`, "cfg := load()\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Fail, message: zeroField},
		{name: "a config a function fills from a decoder", files: timeoutValueMain("func load() config {\n\tvar c config\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &c)\n\treturn c\n}", "cfg := load()\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a config of a method's result", files: timeoutValueMain("type loader struct{}\n\nfunc (loader) load() config { return config{ReadHeaderTimeout: time.Second} }", "cfg := loader{}.load()\n\tsrv := &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		{name: "options a constructor of their package returns", files: defaultOptionsMain(), check: "timeouts", want: Pass, message: pass},
		{name: "options whose only caller leaves the field out", files: optionsMain("", `server.Options{Addr: ":8080"}`), check: "timeouts", want: Fail, message: zeroField},
		{name: "options whose caller gives five seconds", files: optionsMain("", `server.Options{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}`), check: "timeouts", want: Pass, message: pass},
		{name: "options left out, with a default New fills", files: optionsMain("if o.ReadHeaderTimeout == 0 {\n\t\to.ReadHeaderTimeout = 5 * time.Second\n\t}", `server.Options{Addr: ":8080"}`), check: "timeouts", want: Pass, message: pass},
		{name: "options held in a variable that leaves the field out", files: optionsMain("", `opts`), check: "timeouts", want: Fail, message: zeroField},
		// a set after the server may serve without it (a serve or exit on a path) holds only on the other paths
		{name: "served under an if that exits, then set", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tlog.Fatal(srv.ListenAndServe())\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: conditional},
		{name: "served in a goroutine, then set", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tgo func() { _ = srv.ListenAndServe() }()\n\tsrv.ReadTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: conditional},
		{name: "handed to a function under an if, then set", files: timeoutValueMain("func serve(s *http.Server) { log.Fatal(s.ListenAndServe()) }", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tserve(srv)\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: conditional},
		{name: "served under an if that exits, then set, then raised under an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tlog.Fatal(srv.ListenAndServe())\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t}"), check: "timeouts", want: Unknown, message: conditional},
		{name: "set after calls that do not take the server, then served", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tlog.Print(\"dev\")\n\t}\n\tsrv.Handler = http.TimeoutHandler(mux, time.Second, \"\")\n\tlog.Printf(\"listening on %s\", srv.Addr)\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Pass, message: pass},
	})
}

// nestedConfig declares a configuration that groups the server's settings in a
// struct of its own (cfg.HTTP.ReadHeaderTimeout), by value and through a pointer,
// after the declarations decls.
func nestedConfig(decls string) string {
	return `type httpConfig struct {
	ReadHeaderTimeout time.Duration
}

func (h *httpConfig) fill() { _ = json.Unmarshal([]byte(os.Getenv("HTTP")), h) }

type appConfig struct {
	Addr string
	HTTP httpConfig
}

type ptrConfig struct {
	HTTP *httpConfig
}

type outerConfig struct {
	Server appConfig
}

` + decls
}

// TestNestedTimeoutValues audits read timeouts taken from a field of a struct held
// in a field of another (cfg.HTTP.ReadHeaderTimeout): followed, as one level is, to
// the composite literals and sets that build each level.
func TestNestedTimeoutValues(t *testing.T) {
	const (
		zeroField = "a struct field that is zero where the struct is built"
		untold    = "whose value this audit cannot follow"
		pass      = "every server sets a read timeout"
		serve     = "\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfg.HTTP.ReadHeaderTimeout}"
	)
	runCheckCases(t, []checkCase{
		{name: "a nested literal that sets it", files: timeoutValueMain(nestedConfig(""), "cfg := appConfig{Addr: \":8080\", HTTP: httpConfig{ReadHeaderTimeout: 5 * time.Second}}"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a nested literal that leaves it out", files: timeoutValueMain(nestedConfig(""), "cfg := appConfig{Addr: \":8080\", HTTP: httpConfig{}}"+serve), check: "timeouts", want: Fail, message: zeroField},
		{name: "a literal that leaves the nested struct out", files: timeoutValueMain(nestedConfig(""), "cfg := appConfig{Addr: \":8080\"}"+serve), check: "timeouts", want: Fail, message: zeroField},
		{name: "a declared zero config", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig"+serve), check: "timeouts", want: Fail, message: zeroField},
		{name: "a nested field set afterwards", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig\n\tcfg.HTTP.ReadHeaderTimeout = 5 * time.Second"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a nested field set to zero afterwards", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig\n\tcfg.HTTP.ReadHeaderTimeout = 0"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "the nested struct set afterwards", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig\n\tcfg.HTTP = httpConfig{ReadHeaderTimeout: 5 * time.Second}"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a loader that sets the nested field", files: timeoutValueMain(nestedConfig("func load() appConfig {\n\tvar c appConfig\n\tc.HTTP.ReadHeaderTimeout = 5 * time.Second\n\treturn c\n}"), "cfg := load()"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a loader that leaves the nested field out", files: timeoutValueMain(nestedConfig("func load() appConfig { return appConfig{Addr: \":8080\"} }"), "cfg := load()"+serve), check: "timeouts", want: Fail, message: zeroField},
		{name: "a config a decoder fills", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg)"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a nested struct a decoder fills", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig\n\t_ = json.Unmarshal([]byte(os.Getenv(\"HTTP\")), &cfg.HTTP)"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a nested struct a method fills", files: timeoutValueMain(nestedConfig(""), "var cfg appConfig\n\tcfg.HTTP.fill()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a nested struct through a pointer that sets it", files: timeoutValueMain(nestedConfig(""), "cfg := ptrConfig{HTTP: &httpConfig{ReadHeaderTimeout: 5 * time.Second}}"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a nested pointer left out", files: timeoutValueMain(nestedConfig(""), "cfg := ptrConfig{}"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "two levels deep, set", files: timeoutValueMain(nestedConfig(""), "cfg := outerConfig{Server: appConfig{HTTP: httpConfig{ReadHeaderTimeout: time.Second}}}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfg.Server.HTTP.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "two levels deep, left out", files: timeoutValueMain(nestedConfig(""), "cfg := outerConfig{Server: appConfig{Addr: \":8080\"}}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfg.Server.HTTP.ReadHeaderTimeout}"), check: "timeouts", want: Fail, message: zeroField},
		{name: "the nested struct held in a variable of its own", files: timeoutValueMain(nestedConfig(""), "cfg := appConfig{Addr: \":8080\", HTTP: httpConfig{}}\n\thc := cfg.HTTP\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: hc.ReadHeaderTimeout}"), check: "timeouts", want: Fail, message: zeroField},
	})
}

// TestFieldSetThenChanged audits a read timeout taken from a field of a struct
// variable that a set gives a positive value, when something may change the field
// between that set and the read: a pointer to the field or the struct (taken after
// the set, or kept from before it) written through, the address given to a call, a
// method called on the struct that may change it (its body is read: one that sets
// other fields only does not), a later set of zero. The set then tells nothing
// (UNKNOWN); a set the read comes before tells nothing either (the literal's zero,
// FAIL). What cannot reach the field keeps the PASS. A field of a struct no variable
// names (cfgs[0].ReadHeaderTimeout, (*cfg).ReadHeaderTimeout) is not followed:
// UNKNOWN, never a timeout taken for granted.
func TestFieldSetThenChanged(t *testing.T) {
	const (
		untold = "whose value this audit cannot follow"
		pass   = "every server sets a read timeout"
		decls  = "var cfg config\n\nfunc (c *config) reset() { c.ReadHeaderTimeout = 0 }"
		set    = "cfg.ReadHeaderTimeout = 5 * time.Second\n\t"
		serve  = "\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"
	)
	runCheckCases(t, []checkCase{
		{name: "set, then zeroed through a pointer to the field", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"p := &cfg.ReadHeaderTimeout\n\t*p = 0"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then zeroed through a pointer to the field, assigned to the server", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"p := &cfg.ReadHeaderTimeout\n\t*p = 0\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = cfg.ReadHeaderTimeout"), check: "timeouts", want: Unknown, message: untold},
		{name: "a pointer to the struct kept, set, then zeroed through it", files: timeoutValueMain(decls, "cfg := config{}\n\tp := &cfg\n\t"+set+"p.ReadHeaderTimeout = 0"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then the struct's address given to a decoder", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg)"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then a method called on the struct", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"cfg.reset()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then zero", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"cfg.ReadHeaderTimeout = 0"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set after the read", files: timeoutValueMain(decls, "cfg := config{}"+serve+"\n\t"+set), check: "timeouts", want: Fail, message: "a struct field that is zero where the struct is built"},
		{name: "a package-level struct set, then zeroed through a pointer to the field", files: timeoutValueMain(decls, set+"p := &cfg.ReadHeaderTimeout\n\t*p = 0"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "filled by a decoder, then set", files: timeoutValueMain(decls, "cfg := config{}\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg)\n\t"+set+serve), check: "timeouts", want: Pass, message: pass},
		{name: "set, then the struct logged by value", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"log.Print(cfg)"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "set, then another field's address given to a decoder", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"_ = json.Unmarshal([]byte(os.Getenv(\"ADDR\")), &cfg.Addr)"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "set, then read through a pointer only read", files: timeoutValueMain(decls, "cfg := config{}\n\t"+set+"p := &cfg.ReadHeaderTimeout\n\tlog.Print(*p)"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "a pointer to the struct copied, zeroed through the copy", files: timeoutValueMain("", ptrCfg+"dev := cfg\n\tdev.ReadHeaderTimeout = 0"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a pointer to the struct in a range list, zeroed through its variable", files: timeoutValueMain("", ptrCfg+"for _, c := range []*config{cfg} {\n\t\tc.ReadHeaderTimeout = 0\n\t}"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a pointer to the struct copied to a package-level variable", files: timeoutValueMain("var cur *config\n\nfunc reset() { cur.ReadHeaderTimeout = 0 }", ptrCfg+"cur = cfg\n\treset()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "a pointer to the struct copied, only read through the copy", files: timeoutValueMain("", ptrCfg+"dev := cfg\n\tlog.Print(dev.Addr, dev.ReadHeaderTimeout)"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "set, then a method called on the struct that sets another field", files: timeoutValueMain(decls+"\n\nfunc (c *config) Validate() error {\n\tif c.Addr == \"\" {\n\t\tc.Addr = \":8080\"\n\t}\n\treturn nil\n}", "cfg := config{}\n\t"+set+"_ = cfg.Validate()"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "set, then a method called on the struct that replaces it whole", files: timeoutValueMain(decls+"\n\nfunc (c *config) Validate() error {\n\t*c = config{Addr: c.Addr}\n\treturn nil\n}", "cfg := config{}\n\t"+set+"_ = cfg.Validate()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then a method called on the struct that hands it to a function zeroing it", files: timeoutValueMain(decls+"\n\nfunc clear(c *config) { c.ReadHeaderTimeout = 0 }\n\nfunc (c *config) Validate() error {\n\tclear(c)\n\treturn nil\n}", "cfg := config{}\n\t"+set+"_ = cfg.Validate()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then a method called on the struct that calls one zeroing it", files: timeoutValueMain(decls+"\n\nfunc (c *config) Validate() error {\n\tc.reset()\n\treturn nil\n}", "cfg := config{}\n\t"+set+"_ = cfg.Validate()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then a method called on the struct that zeroes it in a goroutine", files: timeoutValueMain(decls+"\n\nfunc (c *config) Watch() {\n\tgo func() { c.ReadHeaderTimeout = 0 }()\n}", "cfg := config{}\n\t"+set+"cfg.Watch()"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "set, then a method calling itself on the struct", files: timeoutValueMain(decls+"\n\nfunc (c *config) check(n int) {\n\tif n > 0 {\n\t\tc.check(n - 1)\n\t}\n}", "cfg := config{}\n\t"+set+"cfg.check(3)"+serve), check: "timeouts", want: Unknown, message: untold},
		{name: "an element of a slice zeroed", files: timeoutValueMain("", "cfgs := []config{{ReadHeaderTimeout: 5 * time.Second}}\n\tcfgs[0].ReadHeaderTimeout = 0\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: cfgs[0].ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		{name: "an element of a map zeroed, assigned to the server", files: timeoutValueMain("", "cfgs := map[string]*config{\"api\": {ReadHeaderTimeout: 5 * time.Second}}\n\tcfgs[\"api\"].ReadHeaderTimeout = 0\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = cfgs[\"api\"].ReadHeaderTimeout"), check: "timeouts", want: Unknown, message: untold},
		{name: "a struct read through a pointer in parentheses, zeroed", files: timeoutValueMain("", ptrCfg+"(*cfg).ReadHeaderTimeout = 0\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: (*cfg).ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
	})
}

// ptrCfg declares cfg, a pointer to a config with a read timeout.
const ptrCfg = "cfg := &config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\t"

// TestCallResultField audits a read timeout that is a field of a call's result read
// in place (getCfg().ReadHeaderTimeout): followed, as the result held in a variable
// is, into a function of the program that returns the struct, and UNKNOWN for what
// cannot be followed (a method's result, a struct a decoder fills), never a timeout
// taken for granted.
func TestCallResultField(t *testing.T) {
	const (
		untold = "whose value this audit cannot follow"
		pass   = "every server sets a read timeout"
		serve  = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: CALL.ReadHeaderTimeout}"
	)
	in := func(call string) string { return strings.Replace(serve, "CALL", call, 1) }
	runCheckCases(t, []checkCase{
		{name: "a function filling it from a decoder", files: timeoutValueMain("func getCfg() config {\n\tvar c config\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &c)\n\treturn c\n}", in("getCfg()")), check: "timeouts", want: Unknown, message: untold},
		{name: "a method's result", files: timeoutValueMain("type loader struct{}\n\nfunc (loader) load() config { return config{ReadHeaderTimeout: time.Second} }", in("loader{}.load()")), check: "timeouts", want: Unknown, message: untold},
		{name: "a pointer a function returns, filled from a decoder", files: timeoutValueMain("func getCfg() *config {\n\tc := &config{}\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), c)\n\treturn c\n}", in("getCfg()")), check: "timeouts", want: Unknown, message: untold},
		{name: "a pointer a function returns, filled from a decoder, held in a variable", files: timeoutValueMain("func getCfg() *config {\n\tc := &config{}\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), c)\n\treturn c\n}", "cfg := getCfg()\n\t"+in("cfg")), check: "timeouts", want: Unknown, message: untold},
		{name: "a nested field of a function filling it from a decoder", files: timeoutValueMain(nestedConfig("func getCfg() appConfig {\n\tvar c appConfig\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &c)\n\treturn c\n}"), "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: getCfg().HTTP.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a function leaving it out", files: timeoutValueMain("func getCfg() config { return config{Addr: \":8080\"} }", in("getCfg()")), check: "timeouts", want: Fail, message: "getCfg().ReadHeaderTimeout, zero where its value is set"},
		{name: "a function setting it", files: timeoutValueMain("func getCfg() config { return config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second} }", in("getCfg()")), check: "timeouts", want: Pass, message: pass},
		{name: "a function setting it, assigned to the server", files: timeoutValueMain("func getCfg() config { return config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second} }", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = getCfg().ReadHeaderTimeout"), check: "timeouts", want: Pass, message: pass},
		{name: "a pointer a function keeps in a package-level variable another function zeroes", files: timeoutValueMain("var cur *config\n\nfunc reset() { cur.ReadHeaderTimeout = 0 }\n\nfunc getCfg() *config {\n\tc := &config{ReadHeaderTimeout: 5 * time.Second}\n\tcur = c\n\treset()\n\treturn c\n}", in("getCfg()")), check: "timeouts", want: Unknown, message: untold},
	})
}

// TestLoaderErrorPath audits a read timeout that is a field of the struct a loader
// returns beside an error: a return with an error leaves its struct to the caller
// (zero where it leaves the field out) unless the caller leaves on that error.
func TestLoaderErrorPath(t *testing.T) {
	const (
		loader = "func loadConfig() (config, error) {\n\tif os.Getenv(\"CONFIG\") == \"\" {\n\t\treturn config{Addr: \":8080\"}, os.ErrNotExist\n\t}\n\treturn config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}, nil\n}"
		serve  = "\n\tsrv = &http.Server{Addr: cfg.Addr, Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout}"
		zero   = "zero where the struct is built"
		pass   = "every server sets a read timeout"
	)
	runCheckCases(t, []checkCase{
		{name: "the error thrown away", files: timeoutValueMain(loader, "var srv *http.Server\n\tcfg, _ := loadConfig()"+serve), check: "timeouts", want: Fail, message: zero},
		{name: "the error only logged", files: timeoutValueMain(loader, "var srv *http.Server\n\tcfg, err := loadConfig()\n\tif err != nil {\n\t\tlog.Print(err)\n\t}"+serve), check: "timeouts", want: Fail, message: zero},
		{name: "the error not checked", files: timeoutValueMain(loader, "var srv *http.Server\n\tcfg, err := loadConfig()\n\t_ = err"+serve), check: "timeouts", want: Fail, message: zero},
		{name: "the error fatal", files: timeoutValueMain(loader, "var srv *http.Server\n\tcfg, err := loadConfig()\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "the error returned on", files: timeoutValueMain(loader, "var srv *http.Server\n\tcfg, err := loadConfig()\n\tif err != nil {\n\t\treturn\n\t}"+serve), check: "timeouts", want: Pass, message: pass},
		{name: "the error in the if's init", files: timeoutValueMain(loader, "var srv *http.Server\n\tif cfg, err := loadConfig(); err != nil {\n\t\tos.Exit(1)\n\t} else {"+serve+"\n\t}"), check: "timeouts", want: Pass, message: pass},
	})
}

// TestIfInitNames audits a read timeout that is a name an if or switch declares in
// its init statement, read in its body: the value that init gives, whatever other
// ifs of the function give a variable of that name (each its own).
func TestIfInitNames(t *testing.T) {
	const zeroFirst = "if v := time.Duration(0); v != 0 {\n\t\tlog.Print(v)\n\t}\n\t"
	runCheckCases(t, []checkCase{
		{name: "an if's name, beside a zero one of another if", files: timeoutValueMain(``, "var srv *http.Server\n\t"+zeroFirst+"if v := 5 * time.Second; v > 0 {\n\t\tsrv = &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: v}\n\t}"), check: "timeouts", want: Pass, message: "every server sets a read timeout"},
		{name: "a switch's name, beside a zero one of an if", files: timeoutValueMain(``, "var srv *http.Server\n\t"+zeroFirst+"switch v := 5 * time.Second; {\n\tdefault:\n\t\tsrv = &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: v}\n\t}"), check: "timeouts", want: Pass, message: "every server sets a read timeout"},
		{name: "an if's name assigned zero in its body", files: timeoutValueMain(``, "var srv *http.Server\n\tif v := 5 * time.Second; v > 0 {\n\t\tv = 0\n\t\tsrv = &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: v}\n\t}"), check: "timeouts", want: Fail, message: "zero"},
	})
}

// TestVerdictsOnConditionalNegativeHeaderTimeout audits servers with a ReadTimeout
// whose ReadHeaderTimeout is set negative after the literal under a condition: on
// the path where it holds the request headers get no deadline (UNKNOWN), and on
// every path (each branch of an if with an else) none at all (FAIL).
func TestVerdictsOnConditionalNegativeHeaderTimeout(t *testing.T) {
	const pass = "every server sets a read timeout"
	const onlyIf = "1 server(s) get a negative ReadHeaderTimeout under a condition: where it holds, net/http sets no deadline on the request headers"
	const negative = "an http.Server whose ReadHeaderTimeout is negative, which net/http takes for no timeout on the request headers, whatever ReadTimeout is"
	lit := "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 10 * time.Second"
	runCheckCases(t, []checkCase{
		{name: "negative under an if", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if, after a positive one", files: timeoutValueMain(``, lit+", ReadHeaderTimeout: time.Second}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -time.Second\n\t}"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative in one case of a switch", files: timeoutValueMain(``, lit+"}\n\tswitch os.Getenv(\"ENV\") {\n\tcase \"dev\":\n\t\tsrv.ReadHeaderTimeout = -1\n\t}"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative on both branches of an if", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t} else {\n\t\tsrv.ReadHeaderTimeout = -2\n\t}"), check: "timeouts", want: Fail, message: negative},
		{name: "negative on one branch, positive on the other", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t} else {\n\t\tsrv.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "positive under an if", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"ENV\") == \"prod\" {\n\t\tsrv.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "negative under an if, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "negative under an if, then zero", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tsrv.ReadHeaderTimeout = 0"), check: "timeouts", want: Pass, message: pass},
		{name: "negative under an if, then negative", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tsrv.ReadHeaderTimeout = -2"), check: "timeouts", want: Fail, message: negative},
		{name: "positive, then negative under an if", files: timeoutValueMain(``, lit+"}\n\tsrv.ReadHeaderTimeout = 5 * time.Second\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative, then positive", files: timeoutValueMain(``, lit+"}\n\tsrv.ReadHeaderTimeout = -1\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "negative in the literal, then positive", files: timeoutValueMain(``, lit+", ReadHeaderTimeout: -1}\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "negative in the literal, then positive under an if", files: timeoutValueMain(``, lit+", ReadHeaderTimeout: -1}\n\tif os.Getenv(\"ENV\") == \"prod\" {\n\t\tsrv.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Fail, message: negative},
		{name: "negative and positive under one if", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\tsrv.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Pass, message: pass},
		{name: "negative under an if that serves, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\tsrv.ListenAndServe()\n\t\treturn\n\t}\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if that serves through log.Fatal, then positive", files: timeoutValueMain(`var dev = flag.Bool("dev", false, "")`, lit+"}\n\tif *dev {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\tlog.Fatal(srv.ListenAndServe())\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if that serves, then exits, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\t_ = srv.ListenAndServe()\n\t\tos.Exit(1)\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if that panics, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\tpanic(srv.ListenAndServe())\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if that hands the server on, then positive", files: timeoutValueMain("func serve(s *http.Server) { _ = s.ListenAndServe() }", lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\tserve(srv)\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if, a call between, then positive", files: timeoutValueMain("func start(s *http.Server) { go s.ListenAndServe() }", lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tstart(srv)\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if in a loop that calls before it, then positive", files: timeoutValueMain(``, lit+"}\n\tfor _, a := range os.Args {\n\t\t_ = srv.ListenAndServe()\n\t\tif a == \"-dev\" {\n\t\t\tsrv.ReadHeaderTimeout = -1\n\t\t}\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative in the literal, served under an if that exits, then positive", files: timeoutValueMain(``, lit+", ReadHeaderTimeout: -1}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tlog.Fatal(srv.ListenAndServe())\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if, the server kept, the variable rebound, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tfirst := srv\n\tsrv = &http.Server{Addr: \":9090\", Handler: mux, ReadTimeout: 10 * time.Second}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tgo first.ListenAndServe()"), check: "timeouts", want: Unknown, message: "get a negative ReadHeaderTimeout under a condition"},
		{name: "negative under an if, the server in a slice, the variable rebound, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tservers := []*http.Server{srv}\n\tsrv = &http.Server{Addr: \":9090\", Handler: mux, ReadTimeout: 10 * time.Second}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tfor _, s := range servers {\n\t\tgo s.ListenAndServe()\n\t}"), check: "timeouts", want: Unknown, message: "get a negative ReadHeaderTimeout under a condition"},
		{name: "negative under an if, the variable rebound in it, then positive", files: timeoutValueMain(``, lit+"}\n\tfirst := srv\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t\tsrv = &http.Server{Addr: \":9090\", Handler: mux, ReadTimeout: 10 * time.Second}\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tgo first.ListenAndServe()"), check: "timeouts", want: Unknown, message: "get a negative ReadHeaderTimeout under a condition"},
		{name: "negative under an if on a copied server, then positive", files: timeoutValueMain(``, strings.Replace(lit, "&http", "http", 1)+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tdev := srv\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tgo dev.ListenAndServe()"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "negative under an if on a shadowing variable, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv := &http.Server{Addr: \":9090\", Handler: mux, ReadTimeout: 10 * time.Second}\n\t\tgo srv.ListenAndServe()\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Unknown, message: "get a negative ReadHeaderTimeout under a condition"},
		{name: "negative under an if, a field set and read between, then positive", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tsrv.Handler = mux\n\taddr := srv.Addr\n\t_ = addr\n\tsrv.ReadHeaderTimeout = 10 * time.Second"), check: "timeouts", want: Pass, message: pass},
		{name: "negative in the literal, the server kept, the variable rebound, then positive", files: timeoutValueMain(``, lit+", ReadHeaderTimeout: -1}\n\tfirst := srv\n\tsrv = &http.Server{Addr: \":9090\", Handler: mux, ReadTimeout: 10 * time.Second}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tgo first.ListenAndServe()"), check: "timeouts", want: Unknown, message: "get a negative ReadHeaderTimeout under a condition"},
		{name: "negative under an if, then positive under another", files: timeoutValueMain(``, lit+"}\n\tif os.Getenv(\"SLOW_CLIENTS\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}\n\tif os.Getenv(\"ENV\") == \"prod\" {\n\t\tsrv.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Unknown, message: onlyIf},
	})
}
