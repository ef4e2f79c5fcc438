//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// sameOwner gives the file or directory at p the owner and group of the one existing
// describes (the file p replaces, or the directory p is created in), when they are
// not the process's: a run as root (a dev container on a bind mount, sudo) must not
// hand the files of a user's repository it writes to root. Giving a file away takes
// privileges; without them (or on a file system that keeps no owners) p stays the
// process's, as every file the process creates.
func sameOwner(p string, existing fs.FileInfo) error {
	uid, gid, ok := ownerIDs(existing)
	if !ok || int(uid) == os.Geteuid() && int(gid) == os.Getegid() {
		return nil
	}
	return chownIDs(p, uid, gid)
}

// fsameOwner gives f, open, the owner and group of the one existing describes, as
// sameOwner gives them to a path: the file opened, whatever its path leads to now.
func fsameOwner(f *os.File, existing fs.FileInfo) error {
	uid, gid, ok := ownerIDs(existing)
	if !ok || int(uid) == os.Geteuid() && int(gid) == os.Getegid() {
		return nil
	}
	return fchownIDs(f, uid, gid)
}

// ownerIDs returns the owner (uid) and group (gid) of the file info describes, and
// whether the file system gave them.
func ownerIDs(info fs.FileInfo) (uid, gid uint32, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return st.Uid, st.Gid, true
}

// chownIDs gives the file or directory at p the owner uid and the group gid, where the
// process may give them (see sameOwner).
func chownIDs(p string, uid, gid uint32) error {
	if info, err := os.Lstat(p); err == nil {
		if u, g, ok := ownerIDs(info); ok && u == uid && g == gid {
			return nil
		}
	}
	err := os.Lchown(p, int(uid), int(gid))
	if err == nil || ignorable(err) {
		return nil
	}
	return fmt.Errorf("keep the owner of %s: %w", p, err)
}

// fchownIDs gives the file or directory f, open, the owner uid and the group gid, where
// the process may give them (see chownIDs): the one opened, whatever its path leads to
// now.
func fchownIDs(f *os.File, uid, gid uint32) error {
	if info, err := f.Stat(); err == nil {
		if u, g, ok := ownerIDs(info); ok && u == uid && g == gid {
			return nil
		}
	}
	err := f.Chown(int(uid), int(gid))
	if err == nil || ignorable(err) {
		return nil
	}
	return fmt.Errorf("keep the owner of %s: %w", f.Name(), err)
}

// sameIDs reports whether the file info describes has the owner (user) and the group
// of the one was describes.
func sameIDs(info, was fs.FileInfo) (user, group bool) {
	a, ok := was.Sys().(*syscall.Stat_t)
	b, ok2 := info.Sys().(*syscall.Stat_t)
	if !ok || !ok2 {
		return false, false
	}
	return a.Uid == b.Uid, a.Gid == b.Gid
}

// ignorable reports whether err means the process may not change a file's owner or
// attributes, or the file system does not keep them.
func ignorable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.EACCES)
}

// ownedByProcess reports whether the process's user owns the file info describes.
func ownedByProcess(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// ownerName names the owner of the file info describes: its user name and uid, or the
// uid alone when no user has it.
func ownerName(info fs.FileInfo) string {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	uid := strconv.FormatUint(uint64(st.Uid), 10)
	if u, err := user.LookupId(uid); err == nil && u.Username != "" {
		return u.Username + " (uid " + uid + ")"
	}
	return "uid " + uid
}

// links returns the number of names the file info describes has (hard links).
func links(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}

// inode returns the inode number info describes, and whether the file system gave one.
func inode(info fs.FileInfo) (uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Ino), true
}

// device returns the number of the device (the file system) the file info describes
// is on, and whether the file system gave one.
func device(info fs.FileInfo) (uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Dev), true
}
