package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// slowPack is a preset pack whose overlay loops for hours without writing anything.
const slowPack = `{{range until 100000}}{{range until 100000}}{{end}}{{end}}`

// startNew starts gonew-prod new with a pack whose overlay template is overlay, in a
// fresh directory, and returns the command, its stderr and the directory.
func startNew(t *testing.T, overlay string, args ...string) (*exec.Cmd, *bytes.Buffer, string) {
	t.Helper()
	bin, err := exec.LookPath("gonew-prod")
	if err != nil {
		t.Fatalf("gonew-prod is not on PATH (set up by TestMain): %v", err)
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"pack/preset.yaml": "name: p\n", "pack/overlay/README.md.tmpl": overlay} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, append([]string{"new", "--yes", "--no-tidy", "--no-git", "--preset", "./pack", "--module", "example.com/acme/orders"}, args...)...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	return cmd, &stderr, dir
}

// exitCode waits for cmd, killing it (and failing the test) if it has not ended within
// limit: a command that ignores its signal would otherwise render for hours.
func exitCode(t *testing.T, cmd *exec.Cmd, limit time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(limit):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("still running %s after the signal", limit)
		return -1
	}
}

// TestSignalsStopRendering sends SIGINT (three times, as an impatient user does),
// SIGTERM, SIGHUP or SIGQUIT while a preset's template loops: the command stops at once, says that nothing
// was written, and leaves nothing behind.
func TestSignalsStopRendering(t *testing.T) {
	for _, tt := range []struct {
		name    string
		signals []syscall.Signal
	}{
		{"SIGINT", []syscall.Signal{syscall.SIGINT, syscall.SIGINT, syscall.SIGINT}},
		{"SIGTERM", []syscall.Signal{syscall.SIGTERM}},
		{"SIGHUP", []syscall.Signal{syscall.SIGHUP}}, // the terminal closed, the SSH connection dropped
		{"SIGQUIT", []syscall.Signal{syscall.SIGQUIT}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd, stderr, dir := startNew(t, slowPack, "--render-timeout", "10m", "svc")
			waitRendering(t, cmd.Process.Pid)
			for _, sig := range tt.signals {
				_ = cmd.Process.Signal(sig)
			}
			if code := exitCode(t, cmd, 30*time.Second); code != 1 {
				t.Errorf("exit code %d, want 1; stderr: %s", code, stderr)
			}
			if !strings.Contains(stderr.String(), "interrupted, nothing written") {
				t.Errorf("stderr %q does not say that nothing was written", stderr)
			}
			if _, err := os.Stat(filepath.Join(dir, "svc")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("svc exists after an interrupted render: %v", err)
			}
		})
	}
}

// waitRendering waits until the process pid is past its start, with its signal handlers
// installed, and in the slow pack's render loop: until it has used 300 ms of CPU time
// (Linux: utime and stime of /proc/PID/stat), which start-up and loading the pack do
// not come near. A fixed sleep is not enough on a loaded machine: a signal that comes
// before the handlers are installed kills the process outright. Elsewhere it sleeps.
func waitRendering(t *testing.T, pid int) {
	t.Helper()
	stat := fmt.Sprintf("/proc/%d/stat", pid)
	if _, err := os.Stat(stat); err != nil {
		time.Sleep(time.Second)
		return
	}
	const ticks = 30 // of 10 ms: USER_HZ is 100 on Linux
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		data, err := os.ReadFile(stat)
		if err != nil {
			t.Fatalf("the command ended before the signal: %v", err)
		}
		// The fields after the command name, in parentheses: state is the first,
		// utime and stime the 12th and 13th.
		fields := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
		if len(fields) > 12 {
			utime, err1 := strconv.Atoi(fields[11])
			stime, err2 := strconv.Atoi(fields[12])
			if err1 == nil && err2 == nil && utime+stime >= ticks {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the command used less than %d ms of CPU in a minute: %s", ticks*10, data)
		}
	}
}

func TestRenderTimeLimit(t *testing.T) {
	cmd, stderr, dir := startNew(t, slowPack, "--render-timeout", "300ms", "svc")
	if code := exitCode(t, cmd, 30*time.Second); code != 1 {
		t.Errorf("exit code %d, want 1; stderr: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "render took longer than its time limit (300ms); raise it with --render-timeout") {
		t.Errorf("stderr %q does not name the limit and the flag", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "svc")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("svc exists after a timed-out render: %v", err)
	}
}

// TestRepeatLimit: the issue's `repeat 100000000` overlay is a clear usage error from the
// bounded repeat, not an out-of-memory kill (the render's total output limit is tested in
// generator).
func TestRepeatLimit(t *testing.T) {
	cmd, stderr, _ := startNew(t, `{{ repeat 100000000 "aaaaaaaaaa" }}`, "svc")
	if code := exitCode(t, cmd, 30*time.Second); code != 2 {
		t.Errorf("exit code %d, want 2; stderr: %s", code, stderr)
	}
	if !strings.Contains(stderr.String(), "repeat: the result would exceed") {
		t.Errorf("stderr %q is not a clear error", stderr)
	}
}

// TestClosedStdout runs audit with its standard output a pipe nobody reads: the write
// fails with EPIPE and the run ends by itself, not killed by SIGPIPE.
func TestClosedStdout(t *testing.T) {
	bin, err := exec.LookPath("gonew-prod")
	if err != nil {
		t.Fatalf("gonew-prod is not on PATH (set up by TestMain): %v", err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close() // the reader is gone before anything is written
	cmd := exec.Command(bin, "audit", "--fail-on", "never", filepath.Join("..", "..", "internal", "audit", "testdata", "pass-nethttp"))
	cmd.Stdout = w
	err = cmd.Run()
	w.Close()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("audit was killed by %v writing to a closed pipe", ws.Signal())
		}
	}
}
