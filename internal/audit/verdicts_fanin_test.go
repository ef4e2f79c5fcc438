package audit

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestDrainContextFanIn audits a drain whose context parameter is handed down
// through levels of functions, each called by every function of the level above,
// from a context that no signal cancels: reading where the context comes from must
// read each call once, not each path of calls (10 callers a level over 6 levels are
// a million paths), so the audit ends at once. The reads are counted where the
// drain's context is looked for: without the memory of what was read, they are the
// paths of calls.
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
	files := mainFiles("example.test/fan", b.String())
	runCheckCases(t, []checkCase{
		{name: "a drain context handed through 6 levels of 10 callers each", files: files, check: "shutdown", want: Pass, message: "SIGTERM is caught, Shutdown drains with a timeout"},
	})

	r := openInlineAt(t, files, "")
	m := r.Mains[0]
	if err := r.Load(context.Background(), m.Program...); err != nil {
		t.Fatal(err)
	}
	p := newIndex(r, m.Program, nil).view(m)
	var asked bool
	for _, c := range p.methodCalls("Shutdown") {
		if !strings.HasSuffix(p.fnID[c.fn], ".drain") {
			continue
		}
		asked = true
		if from := p.fromSignal(c.file, c.fn, c.expr.Args[0], 0); from != nil {
			t.Fatalf("drain's context derives from %v, want from none: main's comes from context.Background()", p.at(from))
		}
	}
	if !asked {
		t.Fatal("no srv.Shutdown(ctx) in drain")
	}
	// Each of the width*levels+2 functions reads its context parameter and the
	// arguments of its calls, each at no more than the 7 depths fromSignal goes.
	if limit := 7 * 2 * (width*width*levels + width + 2); p.signalReads > limit {
		t.Errorf("fromSignal read %d expressions, want at most %d (once per call and depth, not per path of calls)", p.signalReads, limit)
	}
	t.Logf("fromSignal read %d expressions", p.signalReads)
}
