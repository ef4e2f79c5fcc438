package poststep

import (
	"os/exec"
	"runtime"
	"syscall"
)

// tieToRun has the kernel kill cmd's process when this process dies (PR_SET_PDEATHSIG):
// killed outright (SIGKILL, the OOM killer, a CI step's hard timeout), gonew-prod cannot
// stop the commands it runs in sessions of their own (RunOwnGroup), which would run on,
// orphaned, with no run left to wait for them or to keep their scratch directory.
func tieToRun(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
}

// pinThread keeps the calling goroutine, which starts cmd and waits for it, on its
// thread until the returned function is called, when cmd is tied to the run (tieToRun):
// Linux sends the signal when the thread that started the process ends, not the whole
// process, and a thread the runtime ends early would kill the command half-way.
func pinThread(cmd *exec.Cmd) func() {
	if cmd.SysProcAttr == nil || cmd.SysProcAttr.Pdeathsig == 0 {
		return func() {}
	}
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}
