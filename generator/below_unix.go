//go:build unix

package generator

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// openBelow opens, to read, the file at rel in the tree at dir, walking down from dir
// without following a symbolic link, neither on the way nor at rel itself: one there is
// an error (ELOOP, ENOTDIR). A run as root in a user's tree changes the mode of what it
// opened so, never a file outside the tree that the tree's owner swapped a link in for.
// A named pipe there does not block the open.
func openBelow(dir, rel string) (*os.File, error) {
	parent, name, err := parentBelow(dir, rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(dir, rel)
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	return os.NewFile(uintptr(fd), p), nil
}

// mkdirBelow makes the directory rel in the tree at dir, with the permission bits perm
// (less the umask), walking down as openBelow does, and opens it: what it returns is
// the directory it made, or an empty one the tree's owner moved to its path meanwhile
// (which that owner could have made), never a link or a directory with files. An error
// is fs.ErrExist when a file is at rel already.
func mkdirBelow(dir, rel string, perm fs.FileMode) (*os.File, error) {
	parent, name, err := parentBelow(dir, rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(dir, rel)
	if err := unix.Mkdirat(parent, name, uint32(perm.Perm())); err != nil {
		return nil, &fs.PathError{Op: "mkdir", Path: p, Err: err}
	}
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	f := os.NewFile(uintptr(fd), p)
	if names, err := f.Readdirnames(1); err != io.EOF {
		f.Close()
		if err == nil {
			err = fmt.Errorf("it holds %s: another program put another directory there", names[0])
		}
		return nil, fmt.Errorf("open the directory %s just made: %w", p, err)
	}
	return f, nil
}

// parentBelow opens the directory rel is in, in the tree at dir, following no symbolic
// link below dir, and returns it with the last name of rel.
func parentBelow(dir, rel string) (fd int, name string, err error) {
	fd, err = unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, "", &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	names := strings.Split(filepath.ToSlash(rel), "/")
	for i, n := range names[:len(names)-1] {
		next, err := unix.Openat(fd, n, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		if err != nil {
			return -1, "", &fs.PathError{Op: "open", Path: filepath.Join(dir, filepath.Join(names[:i+1]...)), Err: err}
		}
		fd = next
	}
	return fd, names[len(names)-1], nil
}
