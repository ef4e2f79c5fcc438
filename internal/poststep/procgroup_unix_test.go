//go:build unix

package poststep

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/scratch"
)

// TestStopEndsWhatTheCommandStarted: a command stopped through its context takes down
// every process it started, not only its own (go test's test binaries are the go
// command's children), and Run returns only once they are gone. The command here starts
// a child that would outlive it, its output away from the command's, and waits.
func TestStopEndsWhatTheCommandStarted(t *testing.T) {
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "child.pid")
	script := `sleep 300 >/dev/null 2>&1 </dev/null & echo $! > child.tmp && mv child.tmp child.pid; wait`
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Stopped once the child runs, as a signal would stop the run.
		for {
			if _, err := os.Stat(pidFile); err == nil || ctx.Err() != nil {
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	err := Runner{Env: isolatedEnv(t)}.Run(ctx, dir, "sh", "-c", script)
	if err == nil {
		t.Fatal("Run of a stopped command returned no error")
	}
	data, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatalf("the command did not start its child: %v (Run: %v)", rerr, err)
	}
	pid, perr := strconv.Atoi(strings.TrimSpace(string(data)))
	if perr != nil || pid <= 0 {
		t.Fatalf("child pid %q: %v", data, perr)
	}
	if kerr := syscall.Kill(pid, 0); !errors.Is(kerr, syscall.ESRCH) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the child the command started (pid %d) still runs after Run returned (kill 0: %v)", pid, kerr)
	}
}

// TestStopRemovesTheGoWorkDir: the go command's work directory (GOTMPDIR) is one of
// the run's, below TMPDIR, and is gone once a stopped command returns, with what the
// killed command left in it (go cannot remove its go-build… directory after SIGKILL).
func TestStopRemovesTheGoWorkDir(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	script := `mkdir "$GOTMPDIR/go-build1" && echo "$GOTMPDIR" > work.tmp && mv work.tmp work; sleep 300`
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for {
			if _, err := os.Stat(filepath.Join(dir, "work")); err == nil || ctx.Err() != nil {
				cancel()
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	err := Runner{Env: append(isolatedEnv(t), "TMPDIR="+tmp)}.Run(ctx, dir, "sh", "-c", script)
	if err == nil {
		t.Fatal("Run of a stopped command returned no error")
	}
	data, rerr := os.ReadFile(filepath.Join(dir, "work"))
	if rerr != nil {
		t.Fatalf("the command did not start: %v (Run: %v)", rerr, err)
	}
	work := strings.TrimSpace(string(data))
	if filepath.Dir(work) != tmp {
		t.Errorf("GOTMPDIR %s is not below TMPDIR %s", work, tmp)
	}
	if _, err := os.Lstat(work); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the work directory %s is still there after Run returned (%v)", work, err)
	}
}

// TestKilledRunsGoWorkDirIsSwept: the go command's work directory is marked in use while
// the command runs, so that the one a run killed outright (SIGKILL: nothing removes it)
// leaves is removed by scratch.Sweep in a later run, and never one a live run uses. The
// command copies its work directory as the killed run would leave it.
func TestKilledRunsGoWorkDirIsSwept(t *testing.T) {
	dir, tmp := t.TempDir(), t.TempDir()
	left := filepath.Join(tmp, GoWorkPrefix+"killed")
	script := `cp -R "$GOTMPDIR" "$1" && echo "$GOTMPDIR" > work`
	if err := (Runner{Env: append(isolatedEnv(t), "TMPDIR="+tmp)}).Run(context.Background(), dir, "sh", "-c", script, "sh", left); err != nil {
		t.Fatal(err)
	}
	live, release, err := scratch.Dir(tmp, GoWorkPrefix)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if got := scratch.Sweep(TempDir([]string{"TMPDIR=" + tmp}), GoWorkPrefix); len(got) != 1 || got[0] != left {
		t.Errorf("Sweep removed %q, want only the killed run's %s", got, left)
	}
	if _, err := os.Lstat(left); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the killed run's work directory: %v, want it removed", err)
	}
	if _, err := os.Lstat(live); err != nil {
		t.Errorf("a live run's work directory: %v, want it kept", err)
	}
}

// TestGentleStop: a command run by runGently (git) that its context stops gets SIGTERM
// first, so that it removes the lock file it holds, as git does; one that ignores
// SIGTERM is killed termGrace later, and Run returns. RunOwnGroup (the go command) kills
// outright: the lock stays.
func TestGentleStop(t *testing.T) {
	tests := []struct {
		name     string
		run      func(context.Context, *exec.Cmd) error
		trap     string // the command's trap of SIGTERM
		lockGone bool
	}{
		{name: "cleans up on SIGTERM", run: runGently, trap: `trap 'rm -f lock; exit 143' TERM`, lockGone: true},
		{name: "ignores SIGTERM", run: runGently, trap: `trap '' TERM`},
		{name: "killed outright", run: RunOwnGroup, trap: `trap 'rm -f lock; exit 143' TERM`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			script := tt.trap + `; : > lock; : > started.tmp && mv started.tmp started; while :; do sleep 1; done`
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				for {
					if _, err := os.Stat(filepath.Join(dir, "started")); err == nil || ctx.Err() != nil {
						cancel()
						return
					}
					time.Sleep(10 * time.Millisecond)
				}
			}()
			cmd := exec.CommandContext(ctx, "sh", "-c", script)
			cmd.Dir = dir
			if err := tt.run(ctx, cmd); err == nil {
				t.Fatal("a stopped command returned no error")
			}
			if _, err := os.Stat(filepath.Join(dir, "started")); err != nil {
				t.Fatalf("the command did not start: %v", err)
			}
			if _, err := os.Lstat(filepath.Join(dir, "lock")); errors.Is(err, os.ErrNotExist) != tt.lockGone {
				t.Errorf("lock file: %v; want it gone: %v", err, tt.lockGone)
			}
		})
	}
}
