//go:build !unix

package pprofadmin

import (
	"errors"
	"runtime"
	"time"
)

// processCPUTime fails: the process CPU time is read with getrusage, which
// only Unix systems have.
func processCPUTime() (time.Duration, error) {
	return 0, errors.New("process cpu time is not available on " + runtime.GOOS)
}
