package audit

import (
	"strings"
	"testing"
)

// TestSignalListVerdicts audits services whose signal list is a conversion of a
// number, a list of another module, a package variable an init function extends, an
// append in main, or no list at all (every signal, the runtime's SIGURG included).
func TestSignalListVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "shutdown: syscall.Signal(2) is SIGINT alone",
			files:   signalArgFiles("syscall.Signal(2))", ""),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: a constant syscall.Signal(15) is SIGTERM",
			files:   signalArgFiles("sigTerm)", "\n}\n\nconst sigTerm = syscall.Signal(15)\n\nfunc init() {"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: a signal number this audit does not name",
			files:   signalArgFiles("syscall.Signal(40))", ""),
			check:   "shutdown",
			want:    Unknown,
			message: "whether SIGTERM is caught cannot be told: syscall.Signal(40) is not a signal number this audit reads",
		},
		{
			name:    "shutdown: the signal list of another module is not read",
			files:   platformFiles(),
			check:   "shutdown",
			want:    Unknown,
			message: "whether SIGTERM is caught cannot be told: lifecycle.StopSignals is of example.org/platform/lifecycle, which this audit does not read",
		},
		{
			name:    "shutdown: a signal list that is a parameter of main's helper",
			files:   signalArgFiles("sigs()...)", "\n}\n\nfunc sigs(extra ...os.Signal) []os.Signal {\n\treturn extra"),
			check:   "shutdown",
			want:    Unknown,
			message: "whether SIGTERM is caught cannot be told: extra is not a value this audit reads",
		},
		{
			name:    "shutdown: an init function appends SIGTERM to the package's list",
			files:   initFiles("", "syscall.SIGTERM"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: an init function appends SIGHUP alone to the package's list",
			files:   initFiles("", "syscall.SIGHUP"),
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is not caught (only SIGHUP, SIGINT are)",
		},
		{
			name:    "shutdown: the init function that appends SIGTERM is in a file only a build tag compiles",
			files:   initFiles("//go:build prod\n\n", "syscall.SIGTERM"),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: main appends SIGTERM to a list of its own",
			files:   signalArgFiles("sigs...)", "").withBefore("sigs := []os.Signal{os.Interrupt}\n\tsigs = append(sigs, syscall.SIGTERM)\n\t"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: main appends SIGHUP to a list of its own",
			files:   signalArgFiles("sigs...)", "").withBefore("sigs := []os.Signal{os.Interrupt}\n\tsigs = append(sigs, syscall.SIGHUP)\n\t"),
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is not caught (only SIGHUP, SIGINT are)",
		},
		{
			name:    "shutdown: main appends SIGTERM to an empty list it makes",
			files:   signalArgFiles("sigs...)", "").withBefore("sigs := make([]os.Signal, 0, 2)\n\tsigs = append(sigs, os.Interrupt, syscall.SIGTERM)\n\t"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: main appends os.Interrupt alone to an empty list it makes",
			files:   signalArgFiles("sigs...)", "").withBefore("sigs := make([]os.Signal, 0, 2)\n\tsigs = append(sigs, os.Interrupt)\n\t"),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: a Notify of every signal beside the NotifyContext of SIGTERM that drains",
			files:   signalArgFiles("syscall.SIGTERM)", "").withBefore("all := make(chan os.Signal, 1)\n\tsignal.Notify(all)\n\tgo func() {\n\t\tfor s := range all {\n\t\t\tlog.Print(s)\n\t\t}\n\t}()\n\t"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: NotifyContext with no signal is cancelled by the runtime's SIGURG",
			files:   signalArgFiles(")", ""),
			check:   "shutdown",
			want:    Fail,
			message: "signal.NotifyContext(context.Background()) names no signal, so every signal cancels its context, SIGURG included",
		},
		{
			name:    "shutdown: Notify with no signal, the shutdown started on any signal received",
			files:   earlyFiles(notifyAll("<-sig")),
			check:   "shutdown",
			want:    Fail,
			message: "signal.Notify(sig) names no signal, so it relays every signal, SIGURG included",
		},
		{
			name:    "shutdown: Notify with no signal, the signal received tested against SIGTERM",
			files:   earlyFiles(notifyAll("for s := range sig {\n\t\tif s == syscall.SIGTERM {\n\t\t\tbreak\n\t\t}\n\t}")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
	})
}

// signalFileSet is the files of a service, with a method to add code to its main.
type signalFileSet map[string]string

// withBefore returns fs with code written in main right before the NotifyContext.
func (fs signalFileSet) withBefore(code string) map[string]string {
	fs["main.go"] = strings.Replace(fs["main.go"], "ctx, stop := signal.NotifyContext(", code+"ctx, stop := signal.NotifyContext(", 1)
	return fs
}

// signalArgFiles returns a service (see earlyFiles) whose NotifyContext takes,
// after its context, the signals args (with the closing parenthesis), and whose
// main.go ends with more (which opens a function that main's closing brace ends).
func signalArgFiles(args, more string) signalFileSet {
	return earlyFiles(strings.Replace(afterSignal(timedDrain), ", syscall.SIGTERM)", strings.Replace(", "+args, ", )", ")", 1), 1) + more)
}

// platformFiles returns a service whose NotifyContext takes the signal list of a
// package of another module, which the repository does not hold.
func platformFiles() map[string]string {
	files := mainFiles("example.test/e", readyMain(`	"example.org/platform/lifecycle"`, `mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	`+strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "lifecycle.StopSignals...)", 1)))
	files["go.mod"] += "\nrequire example.org/platform v1.2.0\n"
	return files
}

// initFiles returns a service whose NotifyContext takes stopSignals, the package's
// list (os.Interrupt), to which an init function in signals_unix.go, headed by
// head, appends sig.
func initFiles(head, sig string) map[string]string {
	files := earlyFiles(strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "stopSignals...)", 1))
	files["signals_unix.go"] = head + "package main\n\nimport \"syscall\"\n\nfunc init() {\n\tstopSignals = append(stopSignals, " + sig + ")\n\t_ = syscall.SIGTERM\n}\n"
	return files
}

// notifyAll returns the body of a main (see earlyFiles) that relays every signal to
// a channel, serves, runs wait, turns readiness off and drains.
func notifyAll(wait string) string {
	body := strings.Replace(afterSignal(timedDrain), "ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()", "sig := make(chan os.Signal, 1)\n\tsignal.Notify(sig)", 1)
	return strings.Replace(body, "<-ctx.Done()", wait, 1)
}
