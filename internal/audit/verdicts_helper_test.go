package audit

import (
	"strings"
	"testing"
)

// helperMain returns a service with a correct SIGTERM, readiness and drain path whose
// serve goroutine runs SERVE, with HELPERS, functions of the program, declared
// beside main.
func helperMain(helpers, serve string) map[string]string {
	return mainFiles("example.test/h", strings.NewReplacer("HELPERS", helpers, "SERVE", serve).Replace(`package main

import (
	"context"
	"errors"
	"log"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	_ = errors.Is
	_ = slog.Error
)

HELPERS

func main() {
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		SERVE
	}()
	<-ctx.Done()
	ready.Store(false)
	dctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(dctx); err != nil {
		log.Print(err)
	}
}
`))
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
