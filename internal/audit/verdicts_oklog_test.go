package audit

import (
	"strings"
	"testing"
)

// oklogFiles is a service run by a github.com/oklog/run group: signals are the
// actors that stop it (a run.SignalHandler, or none), and the server's actor drains
// in its interrupt function.
func oklogFiles(signals string) map[string]string {
	return mainFiles("example.test/o", strings.Replace(`package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/oklog/run"
)

var (
	_ = syscall.SIGTERM
	_ = os.Interrupt
	_ = context.Background
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
	var g run.Group
	SIGNALS
	g.Add(func() error {
		return srv.ListenAndServe()
	}, func(error) {
		ready.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	log.Println(g.Run())
}
`, "SIGNALS", signals, 1))
}

// TestOklogRunVerdicts audits services whose signals are caught by oklog/run's
// SignalHandler: its actor returns on one of the signals it lists, and the group
// then runs every interrupt function, so the signals, the Shutdown and its deadline
// are all in the program's code. A group without it is still left to the module.
func TestOklogRunVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "SignalHandler of SIGINT and SIGTERM", files: oklogFiles("g.Add(run.SignalHandler(context.Background(), syscall.SIGINT, syscall.SIGTERM))"), check: "shutdown", want: Pass, message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"},
		{name: "SignalHandler of os.Interrupt only", files: oklogFiles("g.Add(run.SignalHandler(context.Background(), os.Interrupt))"), check: "shutdown", want: Fail, message: "only os.Interrupt (SIGINT) is caught"},
		{name: "no SignalHandler", files: oklogFiles(""), check: "shutdown", want: Unknown, message: "shutdown is left to github.com/oklog/run"},
		{name: "an actor that runs the method value of a second server nothing shuts down", files: oklogFiles("g.Add(run.SignalHandler(context.Background(), syscall.SIGTERM))\n\tfiles := &http.Server{Addr: \":9090\", Handler: http.FileServer(http.Dir(\"/srv\")), ReadHeaderTimeout: time.Second}\n\tg.Add(files.ListenAndServe, func(error) {})"), check: "shutdown", want: Fail, message: "the server files is started but never shut down"},
	})
}
