//go:build !unix

package treetest

import "io/fs"

// identity has no inode to give where the system has none; such a directory replaced by
// another of the same name and permissions does not show.
func identity(fs.FileInfo) string {
	return "inode unknown"
}
