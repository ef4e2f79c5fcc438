//go:build unix && !linux

package poststep

import "os/exec"

// tieToRun does nothing where the kernel has no parent-death signal for it (Linux's
// PR_SET_PDEATHSIG): a command of a run killed outright runs on until it ends.
func tieToRun(*exec.Cmd) {}

// pinThread does nothing: see tieToRun.
func pinThread(*exec.Cmd) func() { return func() {} }
