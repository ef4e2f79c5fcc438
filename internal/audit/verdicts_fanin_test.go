package audit

import (
	"fmt"
	"strings"
	"testing"
)

// TestDrainContextFanIn audits a drain whose context parameter is handed down
// through levels of functions, each called by every function of the level above,
// from a context that no signal cancels: reading where the context comes from must
// read each call once, not each path of calls (10 callers a level over 6 levels are
// a million paths), so the audit ends at once.
func TestDrainContextFanIn(t *testing.T) {
	const width, levels = 10, 6
	var b strings.Builder
	b.WriteString(`package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func drain(ctx context.Context, srv *http.Server) {
	ready.Store(false)
	_ = srv.Shutdown(ctx)
}
`)
	name := func(level, i int) string {
		if level == 0 {
			return "drain"
		}
		return fmt.Sprintf("stop%d_%d", level, i)
	}
	for level := 1; level <= levels; level++ {
		for i := range width {
			fmt.Fprintf(&b, "\nfunc %s(ctx context.Context, srv *http.Server) {\n", name(level, i))
			for j := range width {
				if level == 1 && j > 0 {
					break
				}
				fmt.Fprintf(&b, "\t%s(ctx, srv)\n", name(level-1, j))
			}
			b.WriteString("}\n")
		}
	}
	b.WriteString(`
func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ready.Store(true)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			os.Exit(1)
		}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
`)
	for i := range width {
		fmt.Fprintf(&b, "\t%s(ctx, srv)\n", name(levels, i))
	}
	b.WriteString("}\n")
	runCheckCases(t, []checkCase{
		{name: "a drain context handed through 6 levels of 10 callers each", files: mainFiles("example.test/fan", b.String()), check: "shutdown", want: Pass, message: "SIGTERM is caught, Shutdown drains with a timeout"},
	})
}
