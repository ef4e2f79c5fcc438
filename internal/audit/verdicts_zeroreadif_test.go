package audit

import (
	"strings"
	"testing"
)

// The messages of the timeouts check these tests look for.
const (
	zeroReadPass   = "every server sets a read timeout"
	zeroReadIfMsg  = "1 server(s) get a zero or negative read timeout"
	zeroReadEvery  = "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative on every path"
	zeroReadFlagIf = "(or the value of a flag whose default is zero, -read-header-timeout, zero unless it is given) under a condition, after a positive one"
)

// TestZeroFlagUnderCondition audits a read timeout set, under a condition that does
// not test the value, to a duration flag whose default is zero, after a positive one:
// where the condition holds and the flag is not given, the server has no read timeout
// (UNKNOWN, as for a zero set there); a condition that is false for the flag's value
// zero (if *rht > 0, alone or joined by &&) sets only a positive one, while one that
// holds for it too (*rht >= 0, *rht < time.Minute, *rht > 0 || *dev) does not.
func TestZeroFlagUnderCondition(t *testing.T) {
	const flagDecl = `var rht = flag.Duration("read-header-timeout", 0, "")`
	const pos = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}"
	runCheckCases(t, []checkCase{
		{name: "positive in the literal, then the flag under an if", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag under an if", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "a read timeout, then a variable the flag fills under an if", files: timeoutValueMain(``, "var rt time.Duration\n\tflag.DurationVar(&rt, \"read-timeout\", 0, \"\")\n\tflag.Parse()\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadTimeout = rt\n\t}"), check: "timeouts", want: Unknown, message: "the value of a flag whose default is zero, -read-timeout"},
		{name: "positive, then the flag when it is above zero", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in a case that tests it", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tswitch {\n\tcase *rht != 0:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag when it is not negative", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *rht >= 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag when it is below a cap", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *rht < time.Minute {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag when it is above zero or another holds", files: timeoutValueMain(flagDecl+"\nvar dev = flag.Bool(\"dev\", false, \"\")", "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *rht > 0 || *dev {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag in a case that holds for zero", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tswitch {\n\tcase *rht > time.Minute, *rht <= time.Second:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag when it is above zero and another holds", files: timeoutValueMain(flagDecl+"\nvar dev = flag.Bool(\"dev\", false, \"\")", "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif !*dev && (0 < *rht) {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag when it is above a minimum", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *rht >= time.Second {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag under a name the if declares for it", files: timeoutValueMain(flagDecl, pos+"\n\tif v := *rht; v > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the name the if declares for the flag", files: timeoutValueMain(flagDecl, pos+"\n\tif v := *rht; *rht > 0 {\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the name an outer if declares for the flag", files: timeoutValueMain(flagDecl, pos+"\n\tif v := *rht; v != 1 {\n\t\tif *rht > 0 {\n\t\t\tsrv.ReadHeaderTimeout = v\n\t\t}\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in the default of a switch on it with a case of zero", files: timeoutValueMain(flagDecl, pos+"\n\tswitch *rht {\n\tcase 0:\n\t\tlog.Print(\"default\")\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in a default written before the case of zero", files: timeoutValueMain(flagDecl, pos+"\n\tswitch v := *rht; v {\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = v\n\tcase 0:\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in a case of a switch on it that is not zero", files: timeoutValueMain(flagDecl, pos+"\n\tswitch *rht {\n\tcase time.Second, 2 * time.Second:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in a default after a case that holds for zero", files: timeoutValueMain(flagDecl, pos+"\n\tswitch {\n\tcase *rht <= 0:\n\t\tlog.Print(\"default\")\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in the else of an if that holds for zero", files: timeoutValueMain(flagDecl, pos+"\n\tif *rht <= 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in an else if after one that holds for zero", files: timeoutValueMain(flagDecl, pos+"\n\tif !(*rht > 0) {\n\t\tlog.Print(\"default\")\n\t} else if os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in the else of an if that is false for zero", files: timeoutValueMain(flagDecl, pos+"\n\tif *rht > 0 {\n\t\tlog.Print(\"given\")\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag in a default after a case that holds below zero only", files: timeoutValueMain(flagDecl, pos+"\n\tswitch {\n\tcase *rht < 0:\n\t\tlog.Print(\"negative\")\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag in a default the case of zero falls into", files: timeoutValueMain(flagDecl, pos+"\n\tswitch *rht {\n\tcase 0:\n\t\tfallthrough\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag in a case that tests it, fallen into", files: timeoutValueMain(flagDecl+"\nvar dev = flag.Bool(\"dev\", false, \"\")", pos+"\n\tswitch {\n\tcase *dev:\n\t\tfallthrough\n\tcase *rht != 0:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag tested, set to zero and set", files: timeoutValueMain(flagDecl, pos+"\n\tif *rht > 0 {\n\t\t*rht = 0\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the name the if declares, declared again as zero", files: timeoutValueMain(flagDecl, pos+"\n\tif v := *rht; v > 0 {\n\t\tv := time.Duration(0)\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "positive, then the flag tested under an outer name changed before", files: timeoutValueMain(flagDecl, pos+"\n\tif v := *rht; v != 1 {\n\t\t*rht = 0\n\t\tif v > 0 {\n\t\t\tsrv.ReadHeaderTimeout = *rht\n\t\t}\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag replaced under the same if", files: timeoutValueMain(flagDecl, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t\tsrv.ReadHeaderTimeout = time.Minute\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
	})
}

// TestZeroFlagNonZeroOnEveryPath audits a read timeout that is, on every path, either
// positive or a duration flag whose default is zero set only where it is not zero (if
// *rht <= 0 { 5s } else { *rht }): the server has one whether the flag is given or
// not (PASS); a path that leaves it zero where the flag is not given does not count
// (WARN, as for the flag alone).
func TestZeroFlagNonZeroOnEveryPath(t *testing.T) {
	const flagDecl = `var rht = flag.Duration("read-header-timeout", 0, "")`
	const srv = "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\t"
	const zeroFlag = "take their read timeout from a flag whose default is zero (-read-header-timeout)"
	runCheckCases(t, []checkCase{
		{name: "a default where the flag is not above zero, else the flag", files: timeoutValueMain(flagDecl, srv+"if *rht <= 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "the flag where it is above zero, else a default", files: timeoutValueMain(flagDecl, srv+"if v := *rht; v > 0 {\n\t\tsrv.ReadHeaderTimeout = v\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a default in the case of zero, the flag in the default", files: timeoutValueMain(flagDecl, srv+"switch {\n\tcase *rht == 0:\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "nothing where the flag is not above zero, else the flag", files: timeoutValueMain(flagDecl, srv+"if *rht <= 0 {\n\t\tlog.Print(\"no read timeout\")\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "the flag where it is above zero, nothing else", files: timeoutValueMain(flagDecl, srv+"if v := *rht; v > 0 {\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "a default where the flag is below zero only, else the flag", files: timeoutValueMain(flagDecl, srv+"if *rht < 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Warn, message: zeroFlag},
	})
}

// TestZeroOnEveryPath audits a read timeout set to zero on every path after a
// positive one (each branch of an if with an else, each case of a switch with a
// default): the server has no read timeout at all, FAIL as for a plain zero. A branch
// that may set the field again after its zero (a later set, a call the server is
// passed to) does not count: UNKNOWN.
func TestZeroOnEveryPath(t *testing.T) {
	const limits = "func applyLimits(s *http.Server) {\n\ts.ReadHeaderTimeout = 5 * time.Second\n}"
	runCheckCases(t, []checkCase{
		{name: "positive in the literal, zero on both branches of an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Fail, message: zeroReadEvery},
		{name: "positive, zero and negative in each case of a switch with a default", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadTimeout = 10 * time.Second\n\tswitch os.Getenv(\"ENV\") {\n\tcase \"dev\":\n\t\tsrv.ReadTimeout = 0\n\tdefault:\n\t\tsrv.ReadTimeout = -1\n\t}"), check: "timeouts", want: Fail, message: zeroReadEvery},
		{name: "zero on one branch, positive on the other", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = time.Second\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "zero on one branch, a flag of default zero on the other", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "zero in each case, the default then passing the server to a call that sets it", files: timeoutValueMain(limits, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tswitch os.Getenv(\"PROFILE\") {\n\tcase \"dev\":\n\t\tsrv.ReadHeaderTimeout = 0\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = 0\n\t\tapplyLimits(srv)\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "zero in each case, the default then setting a positive one", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tswitch os.Getenv(\"PROFILE\") {\n\tcase \"dev\":\n\t\tsrv.ReadHeaderTimeout = 0\n\tdefault:\n\t\tsrv.ReadHeaderTimeout = 0\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "zero on both branches, the else then setting a positive one under an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 0\n\t\tif os.Getenv(\"PROD\") != \"\" {\n\t\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t\t}\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "zero on both branches, the else setting a positive one first", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Fail, message: zeroReadEvery},
		{name: "zero on both branches, then a call the server is not passed to", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 0\n\t\tlog.Print(\"no limits\")\n\t}"), check: "timeouts", want: Fail, message: zeroReadEvery},
		{name: "zero on both branches, the else then setting zero again under an if", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 0\n\t\tif os.Getenv(\"SLOW\") != \"\" {\n\t\t\tsrv.ReadHeaderTimeout = 0\n\t\t}\n\t}"), check: "timeouts", want: Fail, message: zeroReadEvery},
		{name: "zero on both branches, then positive", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"ENV\") == \"dev\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t} else {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}\n\tsrv.ReadHeaderTimeout = 5 * time.Second"), check: "timeouts", want: Pass, message: zeroReadPass},
	})
}

// TestZeroInCalledFunction audits a read timeout set to zero, after a positive one,
// in a function of the program the server is passed to: FAIL when every call on the
// way runs (no read timeout), UNKNOWN when a call on the way, or the set itself, is
// under a condition (an if, a switch case), since it may not run.
func TestZeroInCalledFunction(t *testing.T) {
	const (
		decls = "func dev(s *http.Server) { s.ReadHeaderTimeout = 0 }\n\nfunc tune(s *http.Server) {\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tdev(s)\n\t}\n}\n\ntype tuner struct{}\n\nfunc (tuner) dev(s *http.Server) { s.ReadTimeout = 0 }"
		pos   = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\t"
		zero  = "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative, which net/http takes for no timeout"
	)
	runCheckCases(t, []checkCase{
		{name: "called", files: timeoutValueMain(decls, pos+"dev(srv)"), check: "timeouts", want: Fail, message: zero},
		{name: "called under an if", files: timeoutValueMain(decls, pos+"if os.Getenv(\"DEV\") != \"\" {\n\t\tdev(srv)\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "called in the else of an if", files: timeoutValueMain(decls, pos+"if os.Getenv(\"PROD\") != \"\" {\n\t\tlog.Print(\"prod\")\n\t} else {\n\t\tdev(srv)\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "called in a switch case", files: timeoutValueMain(decls, pos+"switch os.Getenv(\"ENV\") {\n\tcase \"dev\":\n\t\tdev(srv)\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "called by a function that calls it under an if", files: timeoutValueMain(decls, pos+"tune(srv)"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "a method called under an if", files: timeoutValueMain(decls, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\ttuner{}.dev(srv)\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "a method called", files: timeoutValueMain(decls, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 5 * time.Second}\n\ttuner{}.dev(srv)"), check: "timeouts", want: Fail, message: zero},
		{name: "set under an if in the function", files: timeoutValueMain(decls+"\n\nfunc slow(s *http.Server) {\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\ts.ReadHeaderTimeout = 0\n\t}\n}", pos+"slow(srv)"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
	})
}

// TestDefaultFillAfterZero audits a zero read timeout followed by a default fill (if
// srv.ReadHeaderTimeout == 0 { srv.ReadHeaderTimeout = 5 * time.Second }): the fill
// replaces every value its condition holds for, so the server gets the default.
func TestDefaultFillAfterZero(t *testing.T) {
	const fill = "\n\tif srv.ReadHeaderTimeout == 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"
	runCheckCases(t, []checkCase{
		{name: "zero in the literal, then filled", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 0}"+fill), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "zero in the literal, then filled when not above zero", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 0}\n\tif srv.ReadHeaderTimeout <= 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "zero in the literal, then filled, the comparison reversed", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 0}\n\tif 0 == srv.ReadHeaderTimeout {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "zero under an if, then filled", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"+fill), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, zero under an if, then filled", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"+fill), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a flag of default zero in the literal, then filled", files: timeoutValueMain(`var rht = flag.Duration("read-header-timeout", 0, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: *rht}"+fill), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "negative in the literal, a fill of zero only", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: -1}"+fill), check: "timeouts", want: Fail, message: "ReadHeaderTimeout is negative"},
		{name: "zero under an if, then filled after a call", files: timeoutValueMain(`var slow = flag.Bool("slow", false, "")`, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif *slow {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}\n\tgo srv.ListenAndServe()"+fill), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
	})
}

// echoFlagMain returns an Echo v4 service served by e.Start, with the duration flag
// rht of default zero, whose func main runs set on the instance e first.
func echoFlagMain(set string) map[string]string {
	files := mainFiles("example.test/t", strings.Replace(`package main

import (
	"flag"
	"log"
	"os"
	"time"

	"github.com/labstack/echo/v4"
)

var _ = time.Second

var rht = flag.Duration("read-header-timeout", 0, "")

func main() {
	flag.Parse()
	e := echo.New()
	SET
	log.Fatal(e.Start(":" + os.Getenv("PORT")))
}
`, "SET", set, 1))
	files["go.mod"] += "\nrequire github.com/labstack/echo/v4 v4.16.0\n"
	return files
}

// TestEchoZeroReadIf audits the values an Echo v4 service sets on e.Server as those
// set on an http.Server of the program: a zero one under a condition after a positive
// one is UNKNOWN, zero on every path FAIL, and a flag of default zero WARN.
func TestEchoZeroReadIf(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "positive, then zero under an if", files: echoSetMain("e.Server.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\te.Server.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Unknown, message: zeroReadIfMsg},
		{name: "positive, then zero on both branches", files: echoSetMain("e.Server.ReadTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\te.Server.ReadTimeout = 0\n\t} else {\n\t\te.Server.ReadTimeout = 0\n\t}"), check: "timeouts", want: Fail, message: "Echo v4's Start with e.Server's ReadHeaderTimeout or ReadTimeout zero or negative on every path"},
		{name: "positive, then zero under an if, beside a positive ReadTimeout", files: echoSetMain("e.Server.ReadTimeout = time.Minute\n\te.Server.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\te.Server.ReadHeaderTimeout = 0\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag under an if", files: echoFlagMain("e.Server.ReadHeaderTimeout = 10 * time.Second\n\tif os.Getenv(\"SLOW\") != \"\" {\n\t\te.Server.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "the flag when it is above zero", files: echoFlagMain("if *rht > 0 {\n\t\te.Server.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Warn, message: "take their read timeout from a flag whose default is zero (-read-header-timeout)"},
		{name: "the flag", files: echoFlagMain("e.Server.ReadHeaderTimeout = *rht"), check: "timeouts", want: Warn, message: "take their read timeout from a flag whose default is zero (-read-header-timeout)"},
	})
}

// TestEchoReadAsServer audits the values an Echo v4 service sets on e.Server in the
// forms an http.Server of the program is read in, with the same verdicts: a flag of
// default zero set only where it is not zero (under a name an if declares for it, in
// the default of a switch on it, in the else of an if that holds for zero) is a read
// timeout on its path; a value read through a pointer to a variable a flag fills is
// that flag's; a number without a unit is brief; a positive value replaced by zero is
// none.
func TestEchoReadAsServer(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "positive, then the flag under a name the if declares, above zero", files: echoFlagMain("e.Server.ReadHeaderTimeout = 10 * time.Second\n\tif v := *rht; v > 0 {\n\t\te.Server.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "the flag in the default of a switch on it", files: echoFlagMain("switch *rht {\n\tcase 0:\n\t\te.Server.ReadHeaderTimeout = 5 * time.Second\n\tdefault:\n\t\te.Server.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a default, else the flag", files: echoFlagMain("if *rht <= 0 {\n\t\te.Server.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\te.Server.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then the flag in the else of an if that holds for zero", files: echoFlagMain("e.Server.ReadHeaderTimeout = 10 * time.Second\n\tif *rht <= 0 {\n\t\tlog.Print(\"default\")\n\t} else {\n\t\te.Server.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a variable a flag fills, read through a pointer to it", files: echoFlagMain("var d time.Duration\n\tflag.DurationVar(&d, \"rht\", 0, \"\")\n\tp := &d\n\te.Server.ReadHeaderTimeout = *p"), check: "timeouts", want: Warn, message: "take their read timeout from a flag whose default is zero (-rht)"},
		{name: "a variable a flag fills, zeroed through a pointer to it under a test", files: echoFlagMain("var d time.Duration\n\tflag.DurationVar(&d, \"rht\", 0, \"\")\n\tp := &d\n\te.Server.ReadHeaderTimeout = 10 * time.Second\n\tif d > 0 {\n\t\t*p = 0\n\t\te.Server.ReadHeaderTimeout = d\n\t}"), check: "timeouts", want: Unknown, message: "(or the value of a flag whose default is zero, -rht, zero unless it is given) under a condition, after a positive one"},
		{name: "a number without a unit", files: echoFlagMain("e.Server.ReadHeaderTimeout = 10"), check: "timeouts", want: Warn, message: "ReadHeaderTimeout is a constant of 10ns: a number without a unit"},
		{name: "positive, then zero", files: echoFlagMain("e.Server.ReadHeaderTimeout = 5 * time.Second\n\te.Server.ReadHeaderTimeout = 0"), check: "timeouts", want: Fail, message: "Echo v4's Start with e.Server's zero timeouts"},
		{name: "positive, then the flag under a test", files: echoFlagMain("e.Server.ReadHeaderTimeout = 10 * time.Second\n\tif *rht > 0 {\n\t\te.Server.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
	})
}

// TestZeroReadIfRebound audits a server variable rebound to a second server after a
// read timeout set under a condition on the first: the set is the first server's
// only, so one server is counted.
func TestZeroReadIfRebound(t *testing.T) {
	rebound := "\n\tfirst := srv\n\tsrv = &http.Server{Addr: \":9090\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tgo first.ListenAndServe()"
	runCheckCases(t, []checkCase{
		{name: "zero under an if, then rebound", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = 0\n\t}"+rebound), check: "timeouts", want: Unknown, message: "1 server(s) get a zero or negative read timeout under a condition"},
		{name: "negative under an if, then rebound", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: 10 * time.Second}\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = -1\n\t}"+rebound), check: "timeouts", want: Unknown, message: "1 server(s) get a negative ReadHeaderTimeout under a condition"},
		{name: "zero under an if in a loop that rebinds", files: timeoutValueMain(``, "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\tfor _, a := range os.Args {\n\t\tif a == \"-dev\" {\n\t\t\tsrv.ReadHeaderTimeout = 0\n\t\t}\n\t\tgo srv.ListenAndServe()\n\t\tsrv = &http.Server{Addr: a, Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\t}"), check: "timeouts", want: Unknown, message: "2 server(s) get a zero or negative read timeout under a condition"},
	})
}

// TestZeroFlagChangedBetween audits a duration flag whose default is zero, set only
// where a test of it is false for zero (if *rht > 0, or in the else of if *rht <= 0),
// when something between the test and the set may make it zero by another way than
// its name as written: a write through another pointer (p := rht; *p = 0), flag.Set,
// a function of the program that writes it. The set may then be of zero: not a read timeout on every
// path (WARN, UNKNOWN), never PASS. A call that changes nothing (log.Printf, a
// conversion) keeps the PASS.
func TestZeroFlagChangedBetween(t *testing.T) {
	const flagDecl = `var rht = flag.Duration("read-header-timeout", 0, "")
func reset() { *rht = 0 }`
	const pos = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\t"
	const srv = "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\t"
	const zeroFlag = "take their read timeout from a flag whose default is zero (-read-header-timeout)"
	runCheckCases(t, []checkCase{
		{name: "a default, else the flag zeroed through another pointer", files: timeoutValueMain(flagDecl, "p := rht\n\t"+srv+"if *rht <= 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\t*p = 0\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Warn, message: zeroFlag},
		{name: "positive, then the flag tested, zeroed through another pointer and set", files: timeoutValueMain(flagDecl, "p := rht\n\t"+pos+"if *rht > 0 {\n\t\t*p = 0\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag tested, zeroed by flag.Set and set", files: timeoutValueMain(flagDecl, pos+"if *rht > 0 {\n\t\t_ = flag.Set(\"read-header-timeout\", \"0\")\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag tested under a name, zeroed by a function of the program and set", files: timeoutValueMain(flagDecl, pos+"if v := *rht; v > 0 {\n\t\treset()\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "positive, then the flag tested, logged and set", files: timeoutValueMain(flagDecl, pos+"if *rht > 0 {\n\t\tlog.Printf(\"read header timeout %s\", time.Duration(*rht))\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a default, else the flag after a write through a pointer elsewhere", files: timeoutValueMain(flagDecl, srv+"if *rht <= 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t} else {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}\n\tp := rht\n\t*p = time.Second"), check: "timeouts", want: Pass, message: zeroReadPass},
	})
}

// TestCallsBetweenTestAndSet audits a duration flag whose default is zero, set only
// where a test of it (or of a name the if declares for it) is false for zero, with a
// call between the test and the set. A call that cannot reach the value set keeps
// the PASS: a printing method of a logger of package log or log/slog, or any call
// that does not name a local variable (or a field of a local struct) whose address is
// never taken nor captured by a function literal (if v := *rht; v > 0 { rec.note();
// srv.ReadHeaderTimeout = v }). One that may
// reach it does not: a call between a test of the name and a set of the flag itself
// (flag.Set or a function of the program may zero it), a call of a function literal
// that assigns the name.
func TestCallsBetweenTestAndSet(t *testing.T) {
	const decls = `var rht = flag.Duration("read-header-timeout", 0, "")

var logger = log.New(os.Stderr, "", 0)

type recorder struct{ notes int }

func (r *recorder) note() { r.notes++ }`
	const pos = "rec := &recorder{}\n\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\t"
	// withSlog is timeoutValueMain importing log/slog too.
	withSlog := func(decls, build string) map[string]string {
		files := timeoutValueMain(decls, build)
		files["main.go"] = strings.Replace(files["main.go"], "\t\"log\"\n", "\t\"log\"\n\t\"log/slog\"\n", 1)
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "tested, a logger of package log/slog called, then set", files: withSlog(decls, "sl := slog.New(slog.NewTextHandler(os.Stderr, nil))\n\t"+pos+"if *rht > 0 {\n\t\tsl.Info(\"read header timeout\", \"value\", *rht)\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "tested, a logger of the program called, then set", files: timeoutValueMain(decls+"\n\ntype appLogger struct{}\n\nfunc (appLogger) Info(string) { _ = flag.Set(\"read-header-timeout\", \"0\") }", "var al appLogger\n\t"+pos+"if *rht > 0 {\n\t\tal.Info(\"read header timeout\")\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "tested under a name, a logger of package log called, then the name set", files: timeoutValueMain(decls, "l := log.New(os.Stderr, \"\", 0)\n\t"+pos+"if v := *rht; v > 0 {\n\t\tl.Printf(\"read header timeout %s\", v)\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "tested, a package-level logger of package log called, then set", files: timeoutValueMain(decls, pos+"if *rht > 0 {\n\t\tlogger.Println(\"read header timeout set\")\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "tested under a name, a method of another value called, then the name set", files: timeoutValueMain(decls, pos+"if v := *rht; v > 0 {\n\t\trec.note()\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a local tested, a method of another value called, then set", files: timeoutValueMain(decls, "v := *rht\n\t"+pos+"if v > 0 {\n\t\trec.note()\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "a field of a local config tested, a method of another value called, then set", files: timeoutValueMain(decls, "cfg := config{Addr: \":8080\"}\n\t"+pos+"if cfg.ReadHeaderTimeout > 0 {\n\t\trec.note()\n\t\tsrv.ReadHeaderTimeout = cfg.ReadHeaderTimeout\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "tested under a name, a method of another value called, then the flag set", files: timeoutValueMain(decls, pos+"if v := *rht; v > 0 {\n\t\trec.note()\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "tested, a method of another value called, then the flag set", files: timeoutValueMain(decls, pos+"if *rht > 0 {\n\t\trec.note()\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
		{name: "a local captured by a function literal tested, the literal called, then set", files: timeoutValueMain(decls, "v := *rht\n\tclear := func() { v = 0 }\n\t"+pos+"if v > 0 {\n\t\tclear()\n\t\tsrv.ReadHeaderTimeout = v\n\t}"), check: "timeouts", want: Unknown, message: zeroReadFlagIf},
	})
}

// TestUnknownReadIf audits a read timeout set under a condition, after a positive
// one, to a value this audit cannot follow (a duration parsed with its error ignored,
// a field a decoder fills): where the condition holds it may be zero, so the server
// may have no read timeout there (UNKNOWN, naming the value), as when it is set so
// unconditionally; a value set only where it is not zero, or beside another positive
// read field, keeps the PASS.
func TestUnknownReadIf(t *testing.T) {
	const untold = "1 server(s) take their read timeout from a field of a struct, or a variable, whose value this audit cannot follow"
	const parsed = "d, _ := time.ParseDuration(os.Getenv(\"READ_HEADER_TIMEOUT\"))\n\t"
	const pos = "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 10 * time.Second}\n\t"
	runCheckCases(t, []checkCase{
		{name: "positive, then a duration parsed with its error ignored under an if", files: timeoutValueMain(``, parsed+pos+"if os.Getenv(\"READ_HEADER_TIMEOUT\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = d\n\t}"), check: "timeouts", want: Unknown, message: untold},
		{name: "positive, then a field a decoder fills under an if", files: timeoutValueMain(``, "var cfg config\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg)\n\t"+pos+"if os.Getenv(\"CONFIG\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = cfg.ReadHeaderTimeout\n\t}"), check: "timeouts", want: Unknown, message: untold},
		{name: "positive, then a field a decoder fills where it is above zero", files: timeoutValueMain(``, "var cfg config\n\t_ = json.Unmarshal([]byte(os.Getenv(\"CONFIG\")), &cfg)\n\t"+pos+"if cfg.ReadHeaderTimeout > 0 {\n\t\tsrv.ReadHeaderTimeout = cfg.ReadHeaderTimeout\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "positive, then a duration parsed with its error ignored under an if, beside a read timeout", files: timeoutValueMain(``, parsed+"srv := &http.Server{Addr: \":8080\", Handler: mux, ReadTimeout: time.Minute, ReadHeaderTimeout: 10 * time.Second}\n\tif os.Getenv(\"READ_HEADER_TIMEOUT\") != \"\" {\n\t\tsrv.ReadHeaderTimeout = d\n\t}"), check: "timeouts", want: Pass, message: zeroReadPass},
		{name: "Echo, positive, then a duration parsed with its error ignored under an if", files: echoSetMain("d, _ := time.ParseDuration(os.Getenv(\"READ_TIMEOUT\"))\n\te.Server.ReadTimeout = time.Minute\n\tif os.Getenv(\"READ_TIMEOUT\") != \"\" {\n\t\te.Server.ReadTimeout = d\n\t}"), check: "timeouts", want: Unknown, message: untold},
	})
}

// TestSomePathsValueAfterPositive audits a read timeout set, not under a condition,
// to a local variable that is zero on some paths only (v = 0 under an if), after a
// positive one: the later set replaces the positive value on every path, so where
// the variable is zero the server has no read timeout (UNKNOWN, never PASS).
func TestSomePathsValueAfterPositive(t *testing.T) {
	const (
		onlyIf = "1 server(s) get a read timeout only under a condition"
		some   = "v := 5 * time.Second\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tv = 0\n\t}\n\t"
	)
	runCheckCases(t, []checkCase{
		{name: "a positive set, then a variable zero on some paths", files: timeoutValueMain("", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t"+some+"srv.ReadHeaderTimeout = v"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "a positive literal, then a variable zero on some paths", files: timeoutValueMain("", "srv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\t"+some+"srv.ReadHeaderTimeout = v"), check: "timeouts", want: Unknown, message: onlyIf},
		{name: "a positive set, then a variable positive on every path", files: timeoutValueMain("", "srv := &http.Server{Addr: \":8080\", Handler: mux}\n\tsrv.ReadHeaderTimeout = 5 * time.Second\n\tv := 5 * time.Second\n\tif os.Getenv(\"DEV\") != \"\" {\n\t\tv = time.Minute\n\t}\n\tsrv.ReadHeaderTimeout = v"), check: "timeouts", want: Pass, message: zeroReadPass},
	})
}
