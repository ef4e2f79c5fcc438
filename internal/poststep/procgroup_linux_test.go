package poststep

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// reportEnv, set in the environment of this test binary, makes it print the signal the
// kernel sends it when its parent dies (prctl PR_GET_PDEATHSIG) and exit: the command of
// TestCommandDiesWithTheRun.
const reportEnv = "GONEW_PROD_TEST_REPORT_PDEATHSIG"

// init keeps the main goroutine, which runs TestMain, on the process's first thread when
// this binary is the command that reports: the kernel keeps the parent-death signal per
// thread and gives every new thread none, so read from a thread the runtime started later
// (under load it may move the goroutine there) it would be 0 whatever the parent set.
func init() {
	if os.Getenv(reportEnv) != "" {
		runtime.LockOSThread()
	}
}

func TestMain(m *testing.M) {
	if os.Getenv(reportEnv) != "" {
		var sig int32
		if err := unix.Prctl(unix.PR_GET_PDEATHSIG, uintptr(unsafe.Pointer(&sig)), 0, 0, 0); err != nil {
			fmt.Println("prctl:", err)
			os.Exit(1)
		}
		fmt.Println(sig)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestCommandDiesWithTheRun: a command Runner runs in a session of its own (the gate's go
// test -race, a --verify-cmd) is killed by the kernel when the process that runs it dies,
// killed outright (SIGKILL, the OOM killer) too, instead of running on, orphaned (round
// 21 safety 6). git, which may be writing the user's index when the run is killed, is not:
// killed half-way, it would leave index.lock behind.
func TestCommandDiesWithTheRun(t *testing.T) {
	bin := t.TempDir()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(bin, "git")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin) // where exec looks "git" up
	env := []string{reportEnv + "=1", "PATH=" + bin}
	for _, tt := range []struct {
		name string
		want syscall.Signal
	}{{self, syscall.SIGKILL}, {"git", 0}} {
		out, err := Runner{Env: env}.run(context.Background(), t.TempDir(), tt.name)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(tt.name), err)
		}
		if got := strings.TrimSpace(out); got != fmt.Sprint(int(tt.want)) {
			t.Errorf("%s: the signal it gets when the run dies is %s, want %d (%v)", filepath.Base(tt.name), got, tt.want, tt.want)
		}
	}
}
