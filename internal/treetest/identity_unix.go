//go:build unix

package treetest

import (
	"fmt"
	"io/fs"
	"syscall"
)

// identity names the file info describes by its inode, so that a directory replaced by
// another of the same name shows.
func identity(info fs.FileInfo) string {
	return fmt.Sprintf("inode %d", info.Sys().(*syscall.Stat_t).Ino)
}
