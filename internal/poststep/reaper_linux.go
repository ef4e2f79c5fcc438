package poststep

import "syscall"

// prSetChildSubreaper is prctl(2)'s PR_SET_CHILD_SUBREAPER.
const prSetChildSubreaper = 36

// adoptOrphans makes this process the one that the orphans of the commands it starts are
// given to (a child subreaper), instead of PID 1: the processes of a stopped command's
// group are then its children, reaped as soon as they die, which a PID 1 that reaps late
// or never (a container's) would otherwise hold up. Best effort.
func adoptOrphans() {
	_, _, _ = syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
}
