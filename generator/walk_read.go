//go:build unix && !linux && !darwin && !freebsd && !solaris

package generator

import "golang.org/x/sys/unix"

// walkFlag opens a directory on the way to a file below a belowDir, and the belowDir
// itself: to read, where no flag opens it only to search (neither O_PATH nor O_SEARCH),
// so that a directory that cannot be listed (mode 0333) stops a walk there (walkReads).
const walkFlag = unix.O_RDONLY
