package generator

import (
	"errors"

	"golang.org/x/sys/unix"
)

// isNoFollow reports whether err is what an open with O_NOFOLLOW gives for a symbolic
// link: EINVAL from openat on DragonFly (as the os package finds); ELOOP and EMLINK,
// which the os package takes for it there too. Every open that notBelow and removeAllAt
// judge has O_NOFOLLOW.
func isNoFollow(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ELOOP) || errors.Is(err, unix.EMLINK)
}
