//go:build unix

package pprofadmin

import (
	"fmt"
	"syscall"
	"time"
)

// processCPUTime returns the user and system CPU time used by the process.
func processCPUTime() (time.Duration, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}
