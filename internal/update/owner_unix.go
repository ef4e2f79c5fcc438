//go:build unix

package update

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// objectOwner returns the owner and group of git's object directory objects, and whether
// the objects written there must be given them: the process runs as root (sudo, a root
// container on a bind-mounted checkout) in a repository of another user, whose git
// could not add an object to a directory of root's.
func objectOwner(objects string) (uid, gid int, give bool, err error) {
	if os.Geteuid() != 0 {
		return 0, 0, false, nil
	}
	info, err := os.Stat(objects)
	if err != nil {
		return 0, 0, false, fmt.Errorf("git's object directory: %w", err)
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, 0, false, nil
	}
	uid, gid = int(st.Uid), int(st.Gid)
	return uid, gid, uid != os.Geteuid() || gid != os.Getegid(), nil
}

// giveAway gives the file or directory at p, which the process created, the owner uid
// and group gid. It leaves p alone when the process does not own it (another program
// made it meanwhile), when it is not there (git found the object in a pack and wrote
// none), and when the file system keeps no owners or refuses (root
// squashed on NFS): the object is then as git made it.
func giveAway(p string, uid, gid int) error {
	info, err := os.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("give %s to the repository's owner: %w", p, err)
	}
	if st, ok := info.Sys().(*syscall.Stat_t); !ok || int(st.Uid) != os.Geteuid() {
		return nil
	}
	err = os.Lchown(p, uid, gid)
	if err == nil || errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) || errors.Is(err, syscall.EOPNOTSUPP) {
		return nil
	}
	return fmt.Errorf("give %s to the repository's owner: %w", p, err)
}
