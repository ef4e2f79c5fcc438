//go:build unix && !aix

package generator

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

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
	switch err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); {
	case err == nil:
		return func() { f.Close() }, true, nil
	case errors.Is(err, unix.EWOULDBLOCK):
		f.Close()
		return nil, false, ErrLocked
	case errors.Is(err, unix.ENOLCK), errors.Is(err, unix.ENOTSUP), errors.Is(err, unix.EINVAL):
		f.Close()
		return func() {}, false, nil
	default:
		f.Close()
		return nil, false, err
	}
}
