package audit

import (
	"cmp"
	"strings"
)

// The parts of the correct shutdown path, for shutdownService.
const (
	localReady = "var ready atomic.Bool\n\tready.Store(true)"
	serveFatal = "if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {\n\t\t\tlog.Fatal(err)\n\t\t}"
	flipReady  = "ready.Store(false)"
	stopDrain  = "if err := srv.Shutdown(dctx); err != nil {\n\t\tlog.Print(err)\n\t}"
)

// shutdownService is a test service whose /readyz answers 503 once Tested.Load() is
// false. Unless Body replaces it, main goes on from the server with a SIGTERM-aware
// context, a serve goroutine running Serve, the wait for the signal, Flip, a drain
// context dctx with a 20 s timeout, and Stop.
type shutdownService struct {
	Module  string // the module path
	Imports string // more imports, each a line such as "\t\"log/slog\"\n"
	Decls   string // package-level code
	Start   string // the top of main, before the server is made
	Tested  string // the flag /readyz tests
	Body    string // when set, all of main after the server is made
	Serve   string // the serve goroutine's code
	Flip    string // the code after the wait for the signal
	Stop    string // the code after dctx is made
}

func (s shutdownService) files() map[string]string {
	body := strings.NewReplacer(
		"SERVE", s.Serve,
		"FLIP", s.Flip,
		"STOP", s.Stop,
	).Replace(`ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		SERVE
	}()
	<-ctx.Done()
	FLIP
	dctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	STOP`)
	src := strings.NewReplacer(
		"IMPORTS", s.Imports,
		"DECLS", s.Decls,
		"START", s.Start,
		"TESTED", s.Tested,
		"BODY", cmp.Or(s.Body, body),
	).Replace(`package main

import (
	"context"
	"errors"
	"log"
IMPORTS	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

DECLS

func main() {
	START
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !TESTED.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":" + os.Getenv("PORT"), Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	BODY
}
`)
	return mainFiles(s.Module, src)
}
