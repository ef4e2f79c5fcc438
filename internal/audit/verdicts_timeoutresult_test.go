package audit

import (
	"strings"
	"testing"
)

// TestTimeoutResultAndGlobal audits a read timeout that is the result of a function
// of the program (followed to its return statements, a parameter returned as is to
// the call's argument) or a package-level variable (followed to what the package
// assigns it, else to its declaration, zero without a value).
func TestTimeoutResultAndGlobal(t *testing.T) {
	const (
		none      = "server(s) without a read timeout"
		some      = "get a read timeout only under a condition"
		untold    = "whose value this audit cannot follow"
		pass      = "every server sets a read timeout"
		envDurDef = `func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}`
	)
	build := func(value string) string {
		return "srv := &http.Server{Handler: mux, ReadHeaderTimeout: " + value + "}"
	}
	runCheckCases(t, []checkCase{
		{name: "a function that returns zero", files: timeoutValueMain("func readHeaderTimeout() time.Duration { return 0 }", build("readHeaderTimeout()")), check: "timeouts", want: Fail, message: none},
		{name: "a function that returns a timeout", files: timeoutValueMain("func readHeaderTimeout() time.Duration { return 5 * time.Second }", build("readHeaderTimeout()")), check: "timeouts", want: Pass, message: pass},
		{name: "a function that returns zero through a local", files: timeoutValueMain("func readHeaderTimeout() time.Duration {\n\tvar d time.Duration\n\td = 0\n\treturn d\n}", build("readHeaderTimeout()")), check: "timeouts", want: Fail, message: none},
		{name: "a function that returns zero on one path", files: timeoutValueMain("func readHeaderTimeout() time.Duration {\n\tif os.Getenv(\"PROD\") != \"\" {\n\t\treturn 5 * time.Second\n\t}\n\treturn 0\n}", build("readHeaderTimeout()")), check: "timeouts", want: Unknown, message: some},
		{name: "an environment helper with a default of zero", files: timeoutValueMain(envDurDef, build(`envDuration("READ_HEADER_TIMEOUT", 0)`)), check: "timeouts", want: Unknown, message: some},
		{name: "an environment helper with a default", files: timeoutValueMain(envDurDef, build(`envDuration("READ_HEADER_TIMEOUT", 5*time.Second)`)), check: "timeouts", want: Pass, message: pass},
		{name: "a function that returns a parameter it reassigns", files: timeoutValueMain("func atLeast(d time.Duration) time.Duration {\n\td = max(d, time.Second)\n\treturn d\n}", build("atLeast(0)")), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level duration nothing assigns", files: timeoutValueMain("var zero time.Duration", build("zero")), check: "timeouts", want: Fail, message: none},
		{name: "a package-level duration declared zero", files: timeoutValueMain("var zero = 0 * time.Second", build("zero")), check: "timeouts", want: Fail, message: none},
		{name: "a package-level duration declared with a timeout", files: timeoutValueMain("var readHeader = 5 * time.Second", build("readHeader")), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level duration set in init", files: timeoutValueMain("var readHeader time.Duration\n\nfunc init() { readHeader = 5 * time.Second }", build("readHeader")), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level duration a function sets", files: timeoutValueMain("var readHeader time.Duration\n\nfunc load() { readHeader = 5 * time.Second }", "load()\n\t"+build("readHeader")), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level duration a function sets to zero", files: timeoutValueMain("var readHeader = 5 * time.Second\n\nfunc load() { readHeader = 0 }", "load()\n\t"+build("readHeader")), check: "timeouts", want: Fail, message: none},
		{name: "a package-level duration a local of another function shadows", files: timeoutValueMain("var zero time.Duration\n\nfunc other() time.Duration {\n\tzero := 5 * time.Second\n\treturn zero\n}", build("zero")), check: "timeouts", want: Fail, message: none},
		{name: "a package-level duration whose address is taken", files: timeoutValueMain("var readHeader time.Duration\n\nfunc load() { _ = json.Unmarshal(nil, &readHeader) }", "load()\n\t"+build("readHeader")), check: "timeouts", want: Unknown, message: untold},
	})
}

// TestGlobalStructField audits a read timeout that is a field of a package-level
// struct variable (var conf = config{ReadHeaderTimeout: 5 * time.Second}, or an
// exported one read from another package, server.Default.ReadHeaderTimeout): read
// from the composite literal of its declaration when nothing in the program may
// change that field (no assignment of the variable, of a struct on the way or of the
// field; no address of them taken; no struct on the way given to a call; no method
// called on it that may change the field); UNKNOWN otherwise, or for a variable
// declared with anything but a composite literal.
func TestGlobalStructField(t *testing.T) {
	const (
		zeroField = "a struct field that is zero where the struct is built"
		untold    = "whose value this audit cannot follow"
		pass      = "every server sets a read timeout"
		conf      = "var conf = config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}"
		assign    = "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = conf.ReadHeaderTimeout"
		inLit     = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: conf.ReadHeaderTimeout}"
	)
	// exported is a service whose server package reads its own exported Default,
	// which main changes with change (empty for none).
	exported := func(change string) map[string]string {
		files := optionsMain("o.ReadHeaderTimeout = Default.ReadHeaderTimeout", "opts")
		files["internal/server/defaults.go"] = "package server\n\nimport \"time\"\n\n// Default are the options to serve with.\nvar Default = Options{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n"
		files["main.go"] = strings.Replace(files["main.go"], "srv := server.New", change+"\n\tsrv := server.New", 1)
		return files
	}
	// exportedZero is a service whose main reads the exported Default of its server
	// package, which leaves the read header timeout out.
	exportedZero := func() map[string]string {
		files := optionsMain("", "opts")
		files["internal/server/defaults.go"] = "package server\n\n// Default are the options to serve with.\nvar Default = Options{Addr: \":8080\"}\n"
		files["main.go"] = strings.Replace(files["main.go"], "_ = srv.ListenAndServe()", "srv.ReadHeaderTimeout = server.Default.ReadHeaderTimeout\n\t_ = srv.ListenAndServe()", 1)
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "exported, read in its package", files: exported(""), check: "timeouts", want: Pass, message: pass},
		{name: "exported, its field set to zero from another package", files: exported("server.Default.ReadHeaderTimeout = 0"), check: "timeouts", want: Unknown, message: untold},
		{name: "exported, read from another package", files: exported("srv0 := server.New(mux, server.Options{ReadHeaderTimeout: server.Default.ReadHeaderTimeout})\n\t_ = srv0.ListenAndServe()"), check: "timeouts", want: Pass, message: pass},
		{name: "exported, leaving it out, read from another package", files: exportedZero(), check: "timeouts", want: Fail, message: zeroField},
		{name: "exported, another field set from another package", files: exported("server.Default.Addr = \":9090\""), check: "timeouts", want: Pass, message: pass},
		{name: "declared with a timeout, assigned to the server", files: timeoutValueMain(conf, assign), check: "timeouts", want: Pass, message: pass},
		{name: "declared with a timeout, in the server's literal", files: timeoutValueMain(conf, inLit), check: "timeouts", want: Pass, message: pass},
		{name: "declared leaving it out", files: timeoutValueMain("var conf = config{Addr: \":8080\"}", assign), check: "timeouts", want: Fail, message: zeroField},
		{name: "declared without a value", files: timeoutValueMain("var conf config", inLit), check: "timeouts", want: Fail, message: zeroField},
		{name: "another field set", files: timeoutValueMain(conf+"\n\nfunc setAddr() { conf.Addr = \":9090\" }", "setAddr()\n\t"+inLit), check: "timeouts", want: Pass, message: pass},
		{name: "another field's address given to a flag", files: timeoutValueMain(conf, "flag.StringVar(&conf.Addr, \"addr\", \":8080\", \"\")\n\t"+inLit), check: "timeouts", want: Pass, message: pass},
		{name: "a method setting another field called", files: timeoutValueMain(conf+"\n\nfunc (c *config) check() {\n\tif c.Addr == \"\" {\n\t\tc.Addr = \":8080\"\n\t}\n}", "conf.check()\n\t"+inLit), check: "timeouts", want: Pass, message: pass},
		{name: "the field set to zero in a function", files: timeoutValueMain(conf+"\n\nfunc dev() { conf.ReadHeaderTimeout = 0 }", "dev()\n\t"+assign), check: "timeouts", want: Unknown, message: untold},
		{name: "the variable assigned in init", files: timeoutValueMain(conf+"\n\nfunc init() { conf = config{} }", inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "the field's address given to a flag", files: timeoutValueMain(conf, "flag.DurationVar(&conf.ReadHeaderTimeout, \"rht\", 0, \"\")\n\t"+inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "the variable's address given to a decoder", files: timeoutValueMain(conf, "_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &conf)\n\t"+inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "a method zeroing it called", files: timeoutValueMain(conf+"\n\nfunc (c *config) reset() { c.ReadHeaderTimeout = 0 }", "conf.reset()\n\t"+inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "the field incremented", files: timeoutValueMain(conf, "conf.ReadHeaderTimeout -= 5 * time.Second\n\t"+inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "declared as a pointer", files: timeoutValueMain("var conf = &config{ReadHeaderTimeout: 5 * time.Second}", inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "declared by a call", files: timeoutValueMain("var conf = load()\n\nfunc load() config { return config{ReadHeaderTimeout: 5 * time.Second} }", inLit), check: "timeouts", want: Unknown, message: untold},
		{name: "a nested field, set", files: timeoutValueMain(nestedConfig("var conf = appConfig{HTTP: httpConfig{ReadHeaderTimeout: 5 * time.Second}}"), "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: conf.HTTP.ReadHeaderTimeout}"), check: "timeouts", want: Pass, message: pass},
		{name: "a nested field, the struct on the way filled by its method", files: timeoutValueMain(nestedConfig("var conf = appConfig{HTTP: httpConfig{ReadHeaderTimeout: 5 * time.Second}}"), "conf.HTTP.fill()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: conf.HTTP.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
		{name: "a nested field, the struct on the way assigned", files: timeoutValueMain(nestedConfig("var conf = appConfig{HTTP: httpConfig{ReadHeaderTimeout: 5 * time.Second}}"), "conf.HTTP = httpConfig{}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: conf.HTTP.ReadHeaderTimeout}"), check: "timeouts", want: Unknown, message: untold},
	})
}
