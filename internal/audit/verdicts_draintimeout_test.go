package audit

import (
	"strings"
	"testing"
)

// TestDrainTimeoutFollowed audits a drain timeout that valueShown follows to its
// value: a struct field to its composite literals, a package-level variable, a
// function's result (zero: Shutdown's context is over at once, FAIL), and a duration
// flag whose default is zero (no drain unless the flag is given, WARN).
func TestDrainTimeoutFollowed(t *testing.T) {
	const (
		done    = "Shutdown's context is already over when Shutdown is called"
		flagged = "Shutdown's drain timeout comes from a flag whose default is zero (-shutdown-timeout)"
		pass    = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	)
	// drain is probeMain whose drain context times out after timeout, declared
	// after cfg := lit; decls are added at the end of main.go.
	drain := func(lit, timeout, decls string) map[string]string {
		files := probeMain("1.26", muxProbes, "cfg := "+lit+"\n\tready.Store(false)\n\tdc, dcancel := context.WithTimeout(context.Background(), "+timeout+")\n\tdefer dcancel()\n\t_, _ = srv.Shutdown(dc), sctx")
		files["main.go"] = strings.Replace(files["main.go"], "\"errors\"\n", "\"errors\"\n\t\"flag\"\n", 1) + `
var _ = flag.Parse

type config struct {
	Addr            string
	ShutdownTimeout time.Duration
}
` + decls
		return files
	}
	const lit = `config{Addr: ":8080"}`
	runCheckCases(t, []checkCase{
		{name: "a field its literal sets", files: drain(`config{Addr: ":8080", ShutdownTimeout: 10 * time.Second}`, "cfg.ShutdownTimeout", ""), check: "shutdown", want: Pass, message: pass},
		{name: "a field its literal leaves out", files: drain(lit, "cfg.ShutdownTimeout", ""), check: "shutdown", want: Fail, message: done},
		{name: "a field its literal sets to zero", files: drain(`config{Addr: ":8080", ShutdownTimeout: 0}`, "cfg.ShutdownTimeout", ""), check: "shutdown", want: Fail, message: done},
		{name: "a package-level duration nothing assigns", files: drain(lit, "drainTimeout", "\nvar drainTimeout time.Duration\n"), check: "shutdown", want: Fail, message: done},
		{name: "a package-level duration declared with a timeout", files: drain(lit, "drainTimeout", "\nvar drainTimeout = 10 * time.Second\n"), check: "shutdown", want: Pass, message: pass},
		{name: "a function that returns zero", files: drain(lit, "drainTimeout()", "\nfunc drainTimeout() time.Duration { return 0 }\n"), check: "shutdown", want: Fail, message: done},
		{name: "a duration flag whose default is zero", files: drain(lit, "*drainFlag", "\nvar drainFlag = flag.Duration(\"shutdown-timeout\", 0, \"drain\")\n"), check: "shutdown", want: Warn, message: flagged},
		{name: "a duration flag whose default is zero, through a local", files: drain(lit+"\n\td := *drainFlag", "d", "\nvar drainFlag = flag.Duration(\"shutdown-timeout\", 0, \"drain\")\n"), check: "shutdown", want: Warn, message: flagged},
		{name: "a duration flag with a default", files: drain(lit, "*drainFlag", "\nvar drainFlag = flag.Duration(\"shutdown-timeout\", 10*time.Second, \"drain\")\n"), check: "shutdown", want: Pass, message: pass},
	})
}
