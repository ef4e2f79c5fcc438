//go:build unix && !linux

package generator

import "golang.org/x/sys/unix"

// walkFlag opens a directory on the way to a file below a belowDir, and the belowDir
// itself: to read, where no flag opens it only to search (O_PATH is Linux's), so that
// a directory that cannot be listed (mode 0333) stops a rollback there.
const walkFlag = unix.O_RDONLY

// syncUnlistable flushes the entries of the directory d, which this user may write in
// and search but not read (mode 0333), so could not open to flush it alone (openErr):
// every file system is flushed (sync), as no call here flushes one alone.
func syncUnlistable(string, error) error {
	unix.Sync()
	return nil
}
