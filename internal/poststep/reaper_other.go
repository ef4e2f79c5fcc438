//go:build unix && !linux

package poststep

// adoptOrphans does nothing where there is no child subreaper: a stopped command's
// orphans are PID 1's, and endGroup waits for it to reap them.
func adoptOrphans() {}
