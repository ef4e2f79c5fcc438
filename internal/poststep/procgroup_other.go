//go:build !unix

package poststep

import (
	"context"
	"os/exec"
)

// RunOwnGroup runs cmd, made with exec.CommandContext(ctx, …). Only Unix has process
// groups to put it in: when ctx is done, cmd's process is killed, not what it started.
func RunOwnGroup(_ context.Context, cmd *exec.Cmd) error {
	return cmd.Run()
}

// tieToRun does nothing: see RunOwnGroup.
func tieToRun(*exec.Cmd) {}

// runGently is RunOwnGroup: only Unix lets a command be sent SIGTERM.
func runGently(ctx context.Context, cmd *exec.Cmd) error {
	return RunOwnGroup(ctx, cmd)
}
