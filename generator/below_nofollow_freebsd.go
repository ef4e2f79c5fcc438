package generator

import (
	"errors"

	"golang.org/x/sys/unix"
)

// isNoFollow reports whether err is what an open with O_NOFOLLOW gives for a symbolic
// link: EMLINK on FreeBSD (open(2)), ELOOP elsewhere.
func isNoFollow(err error) bool {
	return errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK)
}
