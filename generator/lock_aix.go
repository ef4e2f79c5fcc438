package generator

import (
	"errors"
	"fmt"
	"runtime"
)

// TryLockDir refuses to lock a directory: golang.org/x/sys/unix has no flock on AIX,
// and the lock fcntl takes instead cannot be an exclusive one on a directory (F_WRLCK
// needs a descriptor open for writing, which a directory never is). Without a lock a
// run could not tell a directory a live run uses from one a killed run left, so none
// is written in.
func TryLockDir(string) (unlock func(), locked bool, err error) {
	return nil, false, fmt.Errorf("locking a directory needs flock, which this build for %s does not have: %w", runtime.GOOS, errors.ErrUnsupported)
}
