//go:build unix

package poststep

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// groupGone bounds the wait, once a command is stopped, for every process it started
// to end: SIGKILL ends a process at once unless it is stuck in the kernel (a hung
// network file system).
const groupGone = 10 * time.Second

// RunOwnGroup runs cmd, made with exec.CommandContext(ctx, …), in a session and process
// group of its own, and stops everything it started when ctx is done. Out of the
// terminal's session, the command is out of reach of the SIGINT and SIGHUP a terminal
// sends (a command that must finish what a written tree needs is not killed half-way
// by them), and it can never stop waiting to read a terminal it runs behind: a prompt
// on /dev/tty fails at once. When ctx is done the whole group is killed, not only cmd's
// process: the go command's children (compilers, vet, test binaries) would otherwise
// run on, orphaned; RunOwnGroup returns once they are gone. Other attributes cmd has
// (SysProcAttr) are kept.
func RunOwnGroup(ctx context.Context, cmd *exec.Cmd) error {
	return runGroup(ctx, cmd, syscall.SIGKILL)
}

// termGrace bounds the wait, once runGently sends SIGTERM to a command's group, for the
// command to end before it is killed.
const termGrace = 5 * time.Second

// runGently is RunOwnGroup for a command that must clean up when stopped: when ctx is
// done, its group is sent SIGTERM, and it is killed only when it has not ended termGrace
// later (then the rest of its group with it). Git removes the lock files it holds
// (.git/index.lock, a ref's .lock) when such a signal stops it, and a hook it waits for
// gets the signal too; killed outright, it leaves them, and every later git command in
// the repository fails on them ("Unable to create .../index.lock: File exists").
func runGently(ctx context.Context, cmd *exec.Cmd) error {
	return runGroup(ctx, cmd, syscall.SIGTERM)
}

// runGroup runs cmd as RunOwnGroup does, sending stop to its group when ctx is done,
// and SIGKILL termGrace later while cmd has not ended.
func runGroup(ctx context.Context, cmd *exec.Cmd, stop syscall.Signal) error {
	adopt.Do(adoptOrphans)
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Setsid = true
	ended := make(chan struct{})
	cmd.Cancel = func() error {
		pgid := cmd.Process.Pid
		if stop != syscall.SIGKILL {
			go func() {
				select {
				case <-ended:
				case <-time.After(termGrace):
					_ = signalGroup(pgid, syscall.SIGKILL)
				}
			}()
		}
		return signalGroup(pgid, stop)
	}
	unpin := pinThread(cmd)
	err := cmd.Run()
	close(ended)
	unpin()
	if ctx.Err() != nil && cmd.Process != nil {
		if gerr := endGroup(cmd.Process.Pid); gerr != nil {
			return errors.Join(err, gerr)
		}
	}
	return err
}

var adopt sync.Once

// signalGroup sends sig to every process of the process group pgid.
func signalGroup(pgid int, sig syscall.Signal) error {
	err := syscall.Kill(-pgid, sig)
	if errors.Is(err, syscall.ESRCH) {
		return os.ErrProcessDone
	}
	return err
}

// endGroup kills what is left of the process group pgid, whose leader has been waited
// for, and waits until the group is empty. Its other processes are not this process's
// children unless they were given to it as orphans (adoptOrphans), which are reaped
// here; their end is polled.
func endGroup(pgid int) error {
	deadline := time.Now().Add(groupGone)
	for {
		if err := signalGroup(pgid, syscall.SIGKILL); errors.Is(err, os.ErrProcessDone) {
			return nil
		}
		var ws syscall.WaitStatus
		for {
			if pid, err := syscall.Wait4(-pgid, &ws, syscall.WNOHANG, nil); err != nil || pid <= 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("processes the command started (process group %d) still run %s after SIGKILL", pgid, groupGone)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
