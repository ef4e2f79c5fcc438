//go:build unix && !linux

package generator

import "golang.org/x/sys/unix"

// walkFlag opens a directory on the way to a file below a belowDir, and the belowDir
// itself: to read, where no flag opens it only to search (O_PATH is Linux's), so that
// a directory that cannot be listed (mode 0333) stops a rollback there.
const walkFlag = unix.O_RDONLY
