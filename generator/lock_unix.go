//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io/fs"
)

// LockDir takes an exclusive lock on the directory dir, held until unlock is called or
// the process exits, or fails at once with ErrLocked when another process holds it: two
// runs of add or update in one tree would each plan against the tree as it was and
// write over what the other wrote. The lock is on the directory itself (flock), so it
// leaves no file behind. A directory that is not there, or a file system without
// locks, is not locked: the run goes on and fails, or not, as it would otherwise.
func LockDir(dir string) (unlock func(), err error) {
	unlock, _, err = TryLockDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return func() {}, nil
	case errors.Is(err, ErrLocked):
		return nil, fmt.Errorf("%s: %w", dir, ErrLocked)
	case err != nil:
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	return unlock, nil
}
