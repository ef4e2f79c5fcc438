//go:build unix && !solaris && !aix

package generator

import (
	"errors"
	"io/fs"

	"golang.org/x/sys/unix"
)

// linkBelow links the file sname in the directory sparent as dname in dparent, which
// must not exist (linkat, following no link): linked is false, with no error, where
// the file system has no hard links, and err is fs.ErrExist when dname is there.
func linkBelow(sparent int, sname string, dparent int, dname string) (linked bool, err error) {
	err = unix.Linkat(sparent, sname, dparent, dname, 0)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EEXIST):
		return false, fs.ErrExist
	}
	return false, nil
}
