package lifecycle

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// SignalContext returns a context that is cancelled by the first SIGINT or
// SIGTERM, with the signal as its cause. A second signal calls onSecond
// (which typically exits at once). stop releases the signal handlers.
func SignalContext(parent context.Context, onSecond func(os.Signal)) (ctx context.Context, stop func()) {
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := watchSignals(parent, sigs, onSecond)
	return ctx, func() {
		signal.Stop(sigs)
		cancel()
	}
}

// watchSignals is SignalContext reading from sigs, so tests need no real
// signals.
func watchSignals(parent context.Context, sigs <-chan os.Signal, onSecond func(os.Signal)) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			cancel(fmt.Errorf("received %v", sig))
		case <-done:
			return
		}
		select {
		case sig := <-sigs:
			onSecond(sig)
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() { close(done) })
		cancel(context.Canceled)
	}
}
