//go:build unix

package scratch

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
)

// TestSweep: Sweep removes the copies whose runs were killed, of each prefix it is given,
// and leaves a copy in use, one without the mark, a link, and what does not begin with
// one of the prefixes.
func TestSweep(t *testing.T) {
	parent := t.TempDir()
	live, release, err := Dir(parent, "gp-add-")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	killed := killedCopy(t, parent, "gp-add-")
	killedFetch := killedCopy(t, parent, "gp-fetch-")
	unmarked := filepath.Join(parent, "gp-add-old")
	other := filepath.Join(parent, "gp-other-1")
	for _, d := range []string{unmarked, other} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(other, InUse), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "gp-add-link")
	if err := os.Symlink(killed, link); err != nil {
		t.Fatal(err)
	}
	got := Sweep(parent, "gp-add-", "gp-fetch-")
	slices.Sort(got)
	if want := []string{killed, killedFetch}; !slices.Equal(got, want) {
		t.Errorf("Sweep removed %v, want %v", got, want)
	}
	for _, d := range []string{live, unmarked, other} {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s: %v, want it kept", d, err)
		}
	}
	if _, err := os.Lstat(link); err != nil {
		t.Errorf("the link: %v, want it kept", err)
	}
	release()
	if _, err := os.Stat(live); !os.IsNotExist(err) {
		t.Errorf("after release: %v, want the copy removed", err)
	}
}

// killedCopy has a child process make a scratch directory in parent, named after prefix,
// then kills it with SIGKILL, and returns the directory it left.
func killedCopy(t *testing.T, parent, prefix string) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledCopyHelper$")
	cmd.Env = append(os.Environ(), "SCRATCH_KILLED_PARENT="+parent, "SCRATCH_KILLED_PREFIX="+prefix)
	out, err := cmd.Output()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("helper: %v, output %q; want it killed", err, out)
	}
	dir := string(out)
	if _, err := os.Stat(filepath.Join(dir, InUse)); err != nil {
		t.Fatalf("the killed run's copy: %v", err)
	}
	return dir
}

// TestKilledCopyHelper is the child process of killedCopy.
func TestKilledCopyHelper(t *testing.T) {
	parent := os.Getenv("SCRATCH_KILLED_PARENT")
	if parent == "" {
		t.Skip("the child process of killedCopy")
	}
	dir, _, err := Dir(parent, os.Getenv("SCRATCH_KILLED_PREFIX"))
	if err != nil {
		t.Fatal(err)
	}
	os.Stdout.WriteString(dir)
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
}
