//go:build darwin || freebsd || solaris

package generator

import "golang.org/x/sys/unix"

// walkFlag opens a directory on the way to a file below a belowDir, and the belowDir
// itself, to search it and name the files in it, not to read it (O_SEARCH): a directory
// you may write in and search but not list (mode 0333, a drop-box TMPDIR) is on the way
// of a path. The *at calls take such a directory, and fstat reads it.
const walkFlag = unix.O_SEARCH
