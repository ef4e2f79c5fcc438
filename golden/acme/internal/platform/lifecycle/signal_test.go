package lifecycle

import (
	"context"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestWatchSignals(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	second := make(chan os.Signal, 1)
	ctx, stop := watchSignals(context.Background(), sigs, func(s os.Signal) { second <- s })
	defer stop()

	sigs <- syscall.SIGTERM
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("first signal did not cancel the context")
	}
	if got, want := context.Cause(ctx).Error(), "received terminated"; got != want {
		t.Errorf("cause = %q, want %q", got, want)
	}
	select {
	case s := <-second:
		t.Fatalf("onSecond(%v) called after one signal", s)
	default:
	}

	sigs <- os.Interrupt
	select {
	case s := <-second:
		if s != os.Interrupt {
			t.Errorf("onSecond(%v), want interrupt", s)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("second signal did not call onSecond")
	}
}

func TestWatchSignalsStop(t *testing.T) {
	sigs := make(chan os.Signal, 1)
	ctx, stop := watchSignals(context.Background(), sigs, func(os.Signal) { t.Error("onSecond called") })
	stop()
	stop()
	if ctx.Err() == nil {
		t.Error("context not cancelled by stop")
	}
}

func TestSignalContextStop(t *testing.T) {
	ctx, stop := SignalContext(context.Background(), func(os.Signal) {})
	stop()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the context is not done after stop")
	}
}
