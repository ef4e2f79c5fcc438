//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
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

// TryLockDir takes an exclusive lock (flock) on the directory dir without waiting, held
// until unlock is called or the process ends, even by SIGKILL: a lock that can be taken
// tells a directory a killed run left from one a live run uses. err is ErrLocked when
// another process holds it; locked is false, and nothing is held, on a file system
// without locks.
func TryLockDir(dir string) (unlock func(), locked bool, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	switch err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); {
	case err == nil:
		return func() { f.Close() }, true, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		f.Close()
		return nil, false, ErrLocked
	case errors.Is(err, syscall.ENOLCK), errors.Is(err, syscall.ENOTSUP), errors.Is(err, syscall.EINVAL):
		f.Close()
		return func() {}, false, nil
	default:
		f.Close()
		return nil, false, err
	}
}
