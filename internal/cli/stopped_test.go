package cli

import (
	"context"
	"fmt"
	"os/exec"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/poststep"
)

// TestStopped tells a failure that a signal caused (a child that died of the terminal's
// SIGINT before the context knew, or a cancelled context) from a command that failed.
func TestStopped(t *testing.T) {
	died := func(script string) error {
		err := exec.Command("sh", "-c", script).Run()
		if err == nil {
			t.Fatalf("sh -c %q succeeded", script)
		}
		return fmt.Errorf("in a copy of the module: %w", &poststep.CommandError{Command: "go mod tidy", Err: err})
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want bool
	}{
		{"a child killed by SIGINT", context.Background(), died("kill -INT $$"), true},
		{"a child killed by SIGHUP", context.Background(), died("kill -HUP $$"), true},
		{"a child that failed", context.Background(), died("exit 1"), false},
		{"a child killed by SIGSEGV", context.Background(), died("kill -SEGV $$"), false},
		{"a cancelled context", cancelled, died("exit 1"), true},
		{"context.Canceled", context.Background(), fmt.Errorf("write: %w", context.Canceled), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := stopped(tt.ctx, tt.err); got != tt.want {
				t.Errorf("stopped(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}
