package audit

import (
	"testing"
)

// helperMain returns a service with a correct SIGTERM, readiness and drain path whose
// serve goroutine runs SERVE, with HELPERS, functions of the program, declared
// beside main.
func helperMain(helpers, serve string) map[string]string {
	return shutdownService{Module: "example.test/h", Imports: "\t\"log/slog\"\n", Decls: "var (\n\t_ = errors.Is\n\t_ = slog.Error\n)\n\n" + helpers,
		Start: localReady, Tested: "ready", Serve: serve, Flip: flipReady, Stop: stopDrain}.files()
}

const mustHelper = `func must(err error) {
	if err != nil {
		log.Fatalf("fatal: %v", err)
	}
}`

// TestFatalHelperVerdicts audits serve errors handed to a function of the program
// that exits the process on them (must(srv.ListenAndServe())), which the serve call's
// http.ErrServerClosed reaches as soon as Shutdown starts; next to helpers that
// exclude it or do not exit.
func TestFatalHelperVerdicts(t *testing.T) {
	const fail = "without http.ErrServerClosed excluded"
	const pass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	cases := []checkCase{
		{
			name:    "shutdown: the serve call's error passed to a helper that calls log.Fatalf",
			files:   helperMain(mustHelper, "must(srv.ListenAndServe())"),
			want:    Fail,
			message: "the serve call's error is passed to must, which calls log.Fatalf on it " + fail,
		},
		{
			name: "shutdown: the serve error assigned, then checked by a helper that logs and exits",
			files: helperMain(`func check(err error) {
	if err != nil {
		slog.Error("serve", "err", err)
		os.Exit(1)
	}
}`, "err := srv.ListenAndServe()\n\t\tcheck(err)"),
			want:    Fail,
			message: "the serve call's error is passed to check, which calls os.Exit on it " + fail,
		},
		{
			name:    "shutdown: a helper that hands the error on to a fatal helper",
			files:   helperMain(mustHelper+"\n\nfunc fatalIf(what string, err error) { must(err) }", `fatalIf("serve", srv.ListenAndServe())`),
			want:    Fail,
			message: fail,
		},
		{
			name: "shutdown: a helper that excludes http.ErrServerClosed",
			files: helperMain(`func must(err error) {
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("fatal: %v", err)
	}
}`, "must(srv.ListenAndServe())"),
			want:    Pass,
			message: pass,
		},
		{
			name: "shutdown: a helper that only logs the error",
			files: helperMain(`func report(err error) {
	if err != nil {
		log.Printf("serve: %v", err)
	}
}`, "report(srv.ListenAndServe())"),
			want:    Pass,
			message: pass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
