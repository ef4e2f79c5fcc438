//go:build !unix

package treetest

import (
	"errors"
	"io/fs"
	"os"
)

// inode has no inode number to give where the system has none.
func inode(fs.FileInfo) (uint64, bool) {
	return 0, false
}

// owner has no user and group ids to give where the system has none.
func owner(fs.FileInfo) (uid, gid uint32, ok bool) {
	return 0, 0, false
}

// mkfifo cannot make a named pipe in the file system where the system has no mkfifo.
func mkfifo(string, fs.FileMode) error {
	return errors.ErrUnsupported
}

// openWriter has no named pipe to open where the system has no mkfifo.
func openWriter(string) (*os.File, error) {
	return nil, errors.ErrUnsupported
}
