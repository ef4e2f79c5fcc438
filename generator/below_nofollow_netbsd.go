package generator

import (
	"errors"

	"golang.org/x/sys/unix"
)

// isNoFollow reports whether err is what an open with O_NOFOLLOW gives for a symbolic
// link: EFTYPE on NetBSD (open(2)); ELOOP and EMLINK, which the os package takes for it
// there too.
func isNoFollow(err error) bool {
	return errors.Is(err, unix.EFTYPE) || errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK)
}
