//go:build unix

package treetest

import (
	"io/fs"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// inode returns the inode number of the file info describes.
func inode(info fs.FileInfo) (uint64, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return uint64(st.Ino), true
}

// owner returns the user and group ids that own the file info describes.
func owner(info fs.FileInfo) (uid, gid uint32, ok bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false
	}
	return st.Uid, st.Gid, true
}

// mkfifo makes a named pipe at path.
func mkfifo(path string, perm fs.FileMode) error {
	return unix.Mkfifo(path, uint32(perm.Perm()))
}

// openWriter opens the named pipe at path for writing without waiting for a reader.
func openWriter(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|syscall.O_NONBLOCK, 0)
}
