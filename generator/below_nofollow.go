//go:build unix && !freebsd && !netbsd && !dragonfly

package generator

import (
	"errors"

	"golang.org/x/sys/unix"
)

// isNoFollow reports whether err is what an open with O_NOFOLLOW gives for a symbolic
// link: ELOOP, as POSIX says.
func isNoFollow(err error) bool {
	return errors.Is(err, unix.ELOOP)
}
