package audit

import (
	"strings"
	"testing"
)

// loggerMain returns a service with a correct SIGTERM, readiness and drain path,
// importing the logging package IMPORT, whose serve goroutine runs SERVE and whose
// code after the signal runs FLIP.
func loggerMain(imp, serve, flip string) map[string]string {
	return shutdownService{Module: "example.test/l", Imports: "\t" + imp + "\n", Decls: "var _ = errors.Is",
		Start: localReady, Tested: "ready", Serve: serve, Flip: flip, Stop: stopDrain}.files()
}

// logrusAsLog is a service that imports logrus under the name log, exits on every
// serve error, and catches SIGTERM only when CAUGHT is true.
func logrusAsLog(caught bool) map[string]string {
	wait := `sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
	ready.Store(false)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_ = srv.Shutdown(ctx)`
	if !caught {
		wait = "_ = os.Args\n\tlog.Fatal(srv.ListenAndServe())"
	}
	src := `package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	log "github.com/sirupsen/logrus"
)

var (
	_ = context.Background
	_ = signal.Notify
	_ = syscall.SIGTERM
	_ = time.Second
)

func main() {
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	SERVE
	WAIT
}
`
	serve := "go func() {\n\t\tif err := srv.ListenAndServe(); err != nil {\n\t\t\tlog.Fatalf(\"serve: %v\", err)\n\t\t}\n\t}()"
	if !caught {
		serve = ""
	}
	return mainFiles("example.test/l", strings.NewReplacer("SERVE", serve, "WAIT", wait).Replace(src))
}

// TestLoggerFatalVerdicts audits the Fatal functions of the logging packages
// (logrus, klog, glog, zerolog), which call os.Exit(1) as log.Fatal does, on the serve
// error and right after the signal; next to the same code that excludes
// http.ErrServerClosed or only logs.
func TestLoggerFatalVerdicts(t *testing.T) {
	const fail = "without http.ErrServerClosed excluded: the serve call returns that error as soon as Shutdown starts, so the process exits (status 1) mid-drain"
	const pass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	const logrus = `"github.com/sirupsen/logrus"`
	cases := []checkCase{
		{
			name:    "shutdown: logrus.Fatalf on every serve error",
			files:   loggerMain(logrus, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tlogrus.Fatalf(\"serve: %v\", err)\n\t\t}", flipReady),
			want:    Fail,
			message: "the serve call's error reaches logrus.Fatalf " + fail,
		},
		{
			name:    "shutdown: klog.Fatalf on every serve error",
			files:   loggerMain(`"k8s.io/klog/v2"`, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tklog.Fatalf(\"serve: %v\", err)\n\t\t}", flipReady),
			want:    Fail,
			message: "reaches klog.Fatalf " + fail,
		},
		{
			name:    "shutdown: glog.Fatal on every serve error",
			files:   loggerMain(`"github.com/golang/glog"`, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tglog.Fatal(err)\n\t\t}", flipReady),
			want:    Fail,
			message: "reaches glog.Fatal " + fail,
		},
		{
			name:    "shutdown: zerolog's Fatal event on every serve error",
			files:   loggerMain(`zlog "github.com/rs/zerolog/log"`, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tzlog.Fatal().Err(err).Msg(\"serve\")\n\t\t}", flipReady),
			want:    Fail,
			message: "reaches zlog.Fatal " + fail,
		},
		{
			name:    "shutdown: the serve call wrapped in logrus.Fatal",
			files:   loggerMain(logrus, "logrus.Fatal(srv.ListenAndServe())", flipReady),
			want:    Fail,
			message: "reaches logrus.Fatal " + fail,
		},
		{
			name:    "shutdown: logrus.Panic on every serve error",
			files:   loggerMain(logrus, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tlogrus.Panic(err)\n\t\t}", flipReady),
			want:    Fail,
			message: "reaches logrus.Panic " + fail,
		},
		{
			name:    "shutdown: logrus imported as log, a Fatal on every serve error",
			files:   logrusAsLog(true),
			want:    Fail,
			message: fail,
		},
		{
			name:    "shutdown: logrus.Fatal right after the signal, before Shutdown",
			files:   loggerMain(logrus, "if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {\n\t\t\tlogrus.Fatal(err)\n\t\t}", "logrus.Fatal(\"received SIGTERM, bye\")\n\t"+flipReady),
			want:    Fail,
			message: "the code that receives SIGTERM exits the process at once (logrus.Fatal before any Shutdown)",
		},
		{
			name:    "shutdown: no signal caught, the serve call wrapped in a logrus imported as log",
			files:   logrusAsLog(false),
			want:    Fail,
			message: "log.Fatal wraps the blocking serve call and no signal is caught",
		},
		{
			name:    "shutdown: logrus.Fatal on a serve error that is not http.ErrServerClosed",
			files:   loggerMain(logrus, "if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {\n\t\t\tlogrus.Fatal(err)\n\t\t}", flipReady),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: zerolog's Error event on every serve error",
			files:   loggerMain(`zlog "github.com/rs/zerolog/log"`, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tzlog.Error().Err(err).Msg(\"serve\")\n\t\t}", flipReady),
			want:    Pass,
			message: pass,
		},
		{
			name: "shutdown: a Fatal function of a package that is not a logging one, its result logged",
			files: func() map[string]string {
				files := loggerMain(`"example.test/l/errs"`, "if err := srv.ListenAndServe(); err != nil {\n\t\t\tlog.Print(\"serve: \", errs.FatalWrap(err))\n\t\t}", flipReady)
				files["errs/errs.go"] = "package errs\n\nimport \"fmt\"\n\n// FatalWrap marks err as fatal for reporting.\nfunc FatalWrap(err error) error { return fmt.Errorf(\"fatal: %w\", err) }\n"
				return files
			}(),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: a logrus line (not Fatal) right after the signal",
			files:   loggerMain(logrus, "if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {\n\t\t\tlogrus.Fatal(err)\n\t\t}", "logrus.Info(\"received SIGTERM, draining\")\n\t"+flipReady),
			want:    Pass,
			message: pass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
