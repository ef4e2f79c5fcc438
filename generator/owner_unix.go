//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// sameOwner gives the file at p the owner and group of the file existing describes,
// when they are not the process's: a run as root (a dev container on a bind mount,
// sudo) must not hand the files of a user's repository it rewrites to root. Giving a
// file away takes privileges; without them (or on a file system that keeps no owners)
// p stays the process's, as every file the process creates.
func sameOwner(p string, existing fs.FileInfo) error {
	st, ok := existing.Sys().(*syscall.Stat_t)
	if !ok {
		return nil
	}
	uid, gid := int(st.Uid), int(st.Gid)
	if uid == os.Geteuid() && gid == os.Getegid() {
		return nil
	}
	err := os.Lchown(p, uid, gid)
	if err == nil || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
		return nil
	}
	return fmt.Errorf("keep the owner of %s: %w", p, err)
}
