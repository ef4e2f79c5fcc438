//go:build !unix

package update

import "os/exec"

// ownProcessGroup leaves cmd as it is: only Unix terminals signal a process group.
func ownProcessGroup(*exec.Cmd) {}
