package generator

import (
	"fmt"
	"io/fs"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// walkFlag opens a directory on the way to a file below a belowDir, and the belowDir
// itself, to search it and name the files in it, not to read it (O_PATH): a directory
// you may write in and search but not list (mode 0333) is on the way of a rollback as
// it is on the way of a path. The *at calls take such a directory, and fstat reads it.
const walkFlag = unix.O_PATH

// syncUnlistable flushes the entries of the directory d, which this user may write in
// and search but not read (mode 0333), so could not open to flush it alone (openErr):
// the whole file system it is on is flushed (syncfs), through the closest directory
// above it on that file system that can be opened.
func syncUnlistable(d string, openErr error) error {
	var st unix.Stat_t
	if err := unix.Lstat(d, &st); err != nil {
		return openErr
	}
	for p := filepath.Dir(d); ; p = filepath.Dir(p) {
		fd, err := unix.Open(p, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err == nil {
			var up unix.Stat_t
			err = unix.Fstat(fd, &up)
			if err == nil && up.Dev == st.Dev {
				err = unix.Syncfs(fd)
				unix.Close(fd)
				if err != nil {
					return &fs.PathError{Op: "syncfs", Path: p, Err: err}
				}
				return nil
			}
			unix.Close(fd)
		}
		if filepath.Dir(p) == p {
			return fmt.Errorf("%w, and no directory above it on its file system can be opened to flush that instead", openErr)
		}
	}
}
