//go:build linux || darwin || freebsd || netbsd

package generator

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// sameAttrs copies the extended attributes of the file at from (ACLs, SELinux labels,
// user.* attributes) to the file at p, which replaces it or keeps its content. Those
// the process may not set, or the file system does not keep, are left.
func sameAttrs(p, from string) error {
	size, err := unix.Llistxattr(from, nil)
	if err != nil || size == 0 {
		return nil // none, or a file system without them
	}
	buf := make([]byte, size)
	if size, err = unix.Llistxattr(from, buf); err != nil {
		return nil
	}
	for _, name := range splitNames(buf[:size]) {
		n, err := unix.Lgetxattr(from, name, nil)
		if err != nil {
			continue
		}
		val := make([]byte, n)
		if n, err = unix.Lgetxattr(from, name, val); err != nil {
			continue
		}
		if err := unix.Lsetxattr(p, name, val[:n], 0); err != nil && !ignorable(err) {
			return fmt.Errorf("keep the attribute %s of %s: %w", name, p, err)
		}
	}
	return nil
}

// splitNames splits a list of NUL-terminated attribute names.
func splitNames(buf []byte) []string {
	var names []string
	start := 0
	for i, b := range buf {
		if b == 0 {
			if i > start {
				names = append(names, string(buf[start:i]))
			}
			start = i + 1
		}
	}
	return names
}
