//go:build !unix

package generator

import (
	"io/fs"
	"os"
)

// openBelow opens, to read, the file at rel in the tree at dir, through an os.Root,
// which leaves the tree by no symbolic link.
func openBelow(dir, rel string) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(rel)
}

// mkdirBelow makes the directory rel in the tree at dir, with the permission bits perm,
// through an os.Root, and opens it. An error is fs.ErrExist when a file is at rel
// already.
func mkdirBelow(dir, rel string, perm fs.FileMode) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	if err := root.Mkdir(rel, perm.Perm()); err != nil {
		return nil, err
	}
	return root.Open(rel)
}
