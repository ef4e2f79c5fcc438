//go:build unix

// Package dirlock takes advisory locks (flock) on directories, held until released or
// until the process that took them ends, even by SIGKILL: a lock that can be taken
// tells a directory a killed run left from one a live run is using.
package dirlock

import (
	"errors"
	"os"
	"syscall"
)

// ErrBusy is returned by Try when another process holds the lock.
var ErrBusy = errors.New("locked by another process")

// Try takes an exclusive lock on the directory dir without waiting, held until unlock
// is called or the process exits. locked is false, and nothing is held, on a file
// system without locks; err is ErrBusy when another process holds the lock.
func Try(dir string) (unlock func(), locked bool, err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false, err
	}
	switch err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); {
	case err == nil:
		return func() { f.Close() }, true, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		f.Close()
		return nil, false, ErrBusy
	case errors.Is(err, syscall.ENOLCK), errors.Is(err, syscall.ENOTSUP), errors.Is(err, syscall.EINVAL):
		f.Close()
		return func() {}, false, nil
	default:
		f.Close()
		return nil, false, err
	}
}
