package audit

import (
	"strings"
	"testing"
)

// TestReadinessOnSignalContextErr: a readiness handler that answers 503 when the
// signal context's Err() is set turns 503 the moment SIGTERM arrives, as the
// select on <-ctx.Done() does; the Err of another context does not.
func TestReadinessOnSignalContextErr(t *testing.T) {
	files := func(cond string) map[string]string {
		return mainFiles("example.test/r", strings.Replace(`package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	bg := context.Background()
	_ = bg
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if COND {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	time.Sleep(5 * time.Second)
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Print(err)
	}
}
`, "COND", cond, 1))
	}
	const pass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	const never = "the readiness endpoint can answer 503, but nothing in main's flow sets what it tests"
	runCheckCases(t, []checkCase{
		{name: "ctx.Err() != nil of the signal context", files: files("ctx.Err() != nil"), check: "shutdown", want: Pass, message: pass},
		{name: "nil != ctx.Err() of the signal context", files: files("nil != ctx.Err()"), check: "shutdown", want: Pass, message: pass},
		{name: "a context no signal cancels", files: files("bg.Err() != nil"), check: "shutdown", want: Warn, message: never},
	})
}
