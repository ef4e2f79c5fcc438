//go:build linux || darwin || freebsd || netbsd

package generator

import (
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"golang.org/x/sys/unix"
)

// readAttrs returns the extended attributes of the file or directory f, open (read
// through it, whatever its path leads to now), by name; nil when it has none, or they
// cannot be read (a file system without them).
func readAttrs(f *os.File) map[string][]byte {
	fd := int(f.Fd())
	size, err := unix.Flistxattr(fd, nil)
	if err != nil || size == 0 {
		return nil
	}
	buf := make([]byte, size)
	if size, err = unix.Flistxattr(fd, buf); err != nil {
		return nil
	}
	attrs := map[string][]byte{}
	for _, name := range splitNames(buf[:size]) {
		n, err := unix.Fgetxattr(fd, name, nil)
		if err != nil {
			continue
		}
		val := make([]byte, n)
		if n, err = unix.Fgetxattr(fd, name, val); err != nil {
			continue
		}
		attrs[name] = val[:n]
	}
	return attrs
}

// fsetAttrs gives the file or directory f, open, the extended attributes attrs (those
// readAttrs read of the file it replaces or keeps the content of: ACLs, SELinux labels,
// user.* attributes): the one opened, whatever its path leads to now. Those the process
// may not set, or the file system does not keep, are left.
func fsetAttrs(f *os.File, attrs map[string][]byte) error {
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		if err := unix.Fsetxattr(int(f.Fd()), name, attrs[name], 0); err != nil && !ignorable(err) {
			return fmt.Errorf("keep the attribute %s of %s: %w", name, f.Name(), err)
		}
	}
	return nil
}

// userAttr reports whether the extended attribute name is one the owner of a file may
// set on it without privileges (user.* attributes, POSIX ACLs): the only ones a journal,
// which the tree's owner may write, gives back (no SELinux label, no trusted.*).
func userAttr(name string) bool {
	return strings.HasPrefix(name, "user.") || strings.HasPrefix(name, "system.posix_acl_")
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
