//go:build unix

package update

import (
	"os/exec"
	"syscall"
)

// ownProcessGroup starts cmd in a process group of its own, out of reach of the SIGINT a
// terminal sends to the foreground group on Ctrl-C: a command that must finish what a
// written tree needs is not killed half-way by it.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
