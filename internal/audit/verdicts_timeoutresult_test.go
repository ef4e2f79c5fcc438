package audit

import "testing"

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
