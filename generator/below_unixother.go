//go:build unix && !linux

package generator

import "golang.org/x/sys/unix"

// walkFlag opens a directory on the way to a file below a belowDir, and the belowDir
// itself: to read, where no flag opens it only to search (O_PATH is Linux's), so that
// a directory that cannot be listed (mode 0333) stops a rollback there.
const walkFlag = unix.O_RDONLY

// syncUnlistable gives back openErr, the error of opening the directory d to flush it:
// here, where each directory below the tree is opened to read on the way to a file
// (walkFlag), a write into a directory this user may not list (mode 0333) is refused
// at that directory before anything is flushed, and no call flushes one file system
// alone (sync(2) may return before the buffers are written).
func syncUnlistable(_ string, openErr error) error {
	return openErr
}
