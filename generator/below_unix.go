//go:build unix

package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// walkReads is set where walkFlag opens each directory on the way to read it: one this
// user may write in and search, but not list (mode 0333), cannot be worked below.
const walkReads = walkFlag == unix.O_RDONLY

// belowDir is a directory opened once (the tree a write goes into, its staging
// directory), that the steps of a write and of its rollback are taken below: each one
// walks down from it to the directory its file is in without following a symbolic link,
// and acts on the name there (linkat, renameat, unlinkat). The tree's owner, who may
// swap a directory for a link at any time, cannot lead a run as root outside it so,
// neither by a link in the tree nor by one in the stage (which that owner owns too).
type belowDir struct {
	fd   int
	path string
}

// openTree opens the directory at dir to work below it. A link at dir itself is
// followed, as Write follows it; what is opened must be the directory of the inode ino
// (the journal's TreeInode), unless ino is 0: a directory put at dir since is refused.
func openTree(dir string, ino uint64) (*belowDir, error) {
	fd, err := unix.Open(dir, walkFlag|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: dir, Err: err}
	}
	return checkedDir(fd, dir, ino)
}

// dir opens the directory at rel below d, following no symbolic link, not even at rel
// itself; it must be the directory of the inode ino (the journal's StageInode), unless
// ino is 0.
func (d *belowDir) dir(rel string, ino uint64) (*belowDir, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(d.path, rel)
	fd, err := unix.Openat(parent, name, walkFlag|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, notBelow(p, err)
	}
	return checkedDir(fd, p, ino)
}

// checkedDir returns the directory fd, opened at p, once it is the directory of the
// inode ino (any, when ino is 0); it closes fd otherwise.
func checkedDir(fd int, p string, ino uint64) (*belowDir, error) {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if ino != 0 && uint64(st.Ino) != ino {
		unix.Close(fd)
		return nil, fmt.Errorf("%s is not the directory the run found there (inode %d, not %d): another program put another one at its path meanwhile; nothing is done in it", p, st.Ino, ino)
	}
	return &belowDir{fd: fd, path: p}, nil
}

// Close lets go of the directory.
func (d *belowDir) Close() error {
	return unix.Close(d.fd)
}

// info returns what d is (its owner, group, mode), read through what was opened.
func (d *belowDir) info() (fs.FileInfo, error) {
	fd, err := unix.Dup(d.fd)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: d.path, Err: err}
	}
	f := os.NewFile(uintptr(fd), d.path)
	defer f.Close()
	return f.Stat()
}

// openAt opens the file at rel below d with flags (which hold O_NOFOLLOW), reached
// from the directory above it as opened by parent: a link on the way or at rel is an
// error, not followed.
func (d *belowDir) openAt(rel string, flags int) (*os.File, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(d.path, rel)
	fd, err := unix.Openat(parent, name, flags, 0)
	if err != nil {
		return nil, notBelow(p, err)
	}
	return os.NewFile(uintptr(fd), p), nil
}

// open opens, to read, the file at rel below d, following no symbolic link, neither on
// the way nor at rel itself: one there is an error (ELOOP, ENOTDIR). A run as root in a
// user's tree changes the mode of what it opened so, never a file outside the tree that
// the tree's owner swapped a link in for. A named pipe there does not block the open.
func (d *belowDir) open(rel string) (*os.File, error) {
	return d.openAt(rel, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC)
}

// openDir opens, to list it, the directory at rel below d, reached as open reaches it:
// a link, or a file that is not a directory, at rel is an error (ELOOP, ENOTDIR), not
// followed nor opened.
func (d *belowDir) openDir(rel string) (*os.File, error) {
	return d.openAt(rel, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC)
}

// openWriteOnly opens the file at rel below d to write, reached as open reaches it: a
// file this user may write but not read (mode 0200), opened to change its mode through
// it (nothing is written, nor cut).
func (d *belowDir) openWriteOnly(rel string) (*os.File, error) {
	return d.openAt(rel, unix.O_WRONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC)
}

// openAppend opens the file at rel below d to read it and append to it, reached as open
// reaches it: a link at rel is an error, not followed.
func (d *belowDir) openAppend(rel string) (*os.File, error) {
	return d.openAt(rel, unix.O_RDWR|unix.O_APPEND|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC)
}

// create creates the file rel below d, to write it, with the permission bits perm (less
// the umask), walking down as open does: nothing may be at rel already, a symbolic link
// neither (fs.ErrExist), and no link on the way is followed. A run as root that stages
// its files in a stage the tree's owner owns so writes no file outside it.
func (d *belowDir) create(rel string, perm fs.FileMode) (*os.File, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(d.path, rel)
	fd, err := unix.Openat(parent, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, uint32(perm.Perm()))
	if err != nil {
		return nil, &fs.PathError{Op: "create", Path: p, Err: err}
	}
	return os.NewFile(uintptr(fd), p), nil
}

// mkdir makes the directory rel below d, with the permission bits perm (less the
// umask) and the owner's read, write and search bits, walking down as open does, and
// opens it: what it returns is the directory it made, or an empty one the tree's owner
// moved to its path meanwhile (which that owner could have made), never a link or a
// directory with files. The caller sets perm alone through it: a directory of mode
// 0333 is opened, and read to be found empty, so too. An error is fs.ErrExist when a
// file is at rel already.
func (d *belowDir) mkdir(rel string, perm fs.FileMode) (*os.File, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(d.path, rel)
	if err := unix.Mkdirat(parent, name, uint32(perm.Perm()|0o700)); err != nil {
		return nil, &fs.PathError{Op: "mkdir", Path: p, Err: err}
	}
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, notBelow(p, err)
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

// remove removes the file at rel below d, or the empty directory when isDir, walking
// down as open does: a link at rel is not followed, and is refused as what is there
// when it is not what the caller expects. When want is not nil, what is at rel must be
// the very file it describes (same device and inode); otherwise it is left as it is.
func (d *belowDir) remove(rel string, isDir bool, want fs.FileInfo) error {
	parent, name, err := d.parent(rel)
	if err != nil {
		return err
	}
	defer unix.Close(parent)
	p := filepath.Join(d.path, rel)
	var st unix.Stat_t
	if err := unix.Fstatat(parent, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return &fs.PathError{Op: "remove", Path: p, Err: err}
	}
	if st.Mode&unix.S_IFMT == unix.S_IFDIR != isDir || want != nil && !sameStat(&st, want) {
		return notTheFile(p)
	}
	flags := 0
	if isDir {
		flags = unix.AT_REMOVEDIR
	}
	if err := unix.Unlinkat(parent, name, flags); err != nil {
		return &fs.PathError{Op: "remove", Path: p, Err: err}
	}
	return nil
}

// removeAll removes name, a file or a directory and all it holds, in d: no symbolic
// link is followed, neither at name nor below it. A name not there is no error. When
// want is not nil, name must be the very directory it describes (a new tree the run
// moved into place): what is emptied is that directory, as opened, and anything else
// at name is left as it is (notTheFile).
func (d *belowDir) removeAll(name string, want fs.FileInfo) error {
	return removeAllAt(d.fd, name, filepath.Join(d.path, name), want)
}

// removeAllAt removes name, at p, in the directory parent, as removeAll does.
func removeAllAt(parent int, name, p string, want fs.FileInfo) error {
	if want == nil {
		err := unix.Unlinkat(parent, name, 0)
		switch {
		case err == nil || errors.Is(err, unix.ENOENT):
			return nil
		case !errors.Is(err, unix.EISDIR) && !errors.Is(err, unix.EPERM):
			return &fs.PathError{Op: "remove", Path: p, Err: err}
		}
	}
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	switch {
	case want != nil && errors.Is(err, unix.ENOENT):
		return nil
	case want != nil && (isNoFollow(err) || errors.Is(err, unix.ENOTDIR)):
		return notTheFile(p)
	case err != nil:
		return &fs.PathError{Op: "remove", Path: p, Err: err}
	}
	dir := os.NewFile(uintptr(fd), p)
	if want != nil {
		if info, err := dir.Stat(); err != nil || !os.SameFile(info, want) {
			dir.Close()
			return notTheFile(p)
		}
	}
	names, err := dir.Readdirnames(-1)
	for _, n := range names {
		if err == nil {
			err = removeAllAt(fd, n, filepath.Join(p, n), nil)
		}
	}
	dir.Close()
	if err != nil {
		return err
	}
	if want != nil { // emptied; the name goes only while it is that directory still
		var st unix.Stat_t
		if err := unix.Fstatat(parent, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil || !sameStat(&st, want) {
			return notTheFile(p)
		}
	}
	if err := unix.Unlinkat(parent, name, unix.AT_REMOVEDIR); err != nil && !errors.Is(err, unix.ENOENT) {
		return &fs.PathError{Op: "remove", Path: p, Err: err}
	}
	return nil
}

// moveBelow moves the file at src below from to dst below to, which must not exist:
// a file that appears at dst meanwhile is never replaced (fs.ErrExist). Both are
// reached as open reaches them, and the file moved must be a regular file of one name
// (a hard link to a file outside is not moved into the tree), the very one want
// describes when want is not nil; anything else is refused and left where it is. It
// links and unlinks (linkat, following no link), as renameat would replace; on a file
// system without hard links it checks for dst, then renames; where the system has no
// linkat to call (see linkBelow) a file is not moved at all. When want is a directory
// (a new tree, staged), src must be that very directory, which is renamed (renameat)
// once nothing is at dst.
func moveBelow(from *belowDir, src string, to *belowDir, dst string, want fs.FileInfo) error {
	sparent, sname, err := from.parent(src)
	if err != nil {
		return err
	}
	defer unix.Close(sparent)
	dparent, dname, err := to.parent(dst)
	if err != nil {
		return err
	}
	defer unix.Close(dparent)
	sp := filepath.Join(from.path, src)
	var st unix.Stat_t
	if err := unix.Fstatat(sparent, sname, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return &fs.PathError{Op: "move", Path: sp, Err: err}
	}
	isDir := want != nil && want.IsDir()
	switch {
	case want != nil && !sameStat(&st, want):
		return notTheFile(sp)
	case isDir && st.Mode&unix.S_IFMT != unix.S_IFDIR:
		return notTheFile(sp)
	case !isDir && (st.Mode&unix.S_IFMT != unix.S_IFREG || st.Nlink != 1):
		return notTheFile(sp)
	}
	if !isDir {
		linked, err := linkBelow(sparent, sname, dparent, dname)
		switch {
		case errors.Is(err, fs.ErrExist):
			return err
		case err != nil:
			return &fs.PathError{Op: "move", Path: sp, Err: err}
		case linked:
			_ = unix.Unlinkat(sparent, sname, 0) // dst holds the file now; src is in the stage, removed at the end
			return nil
		}
	}
	var now unix.Stat_t
	if err := unix.Fstatat(dparent, dname, &now, unix.AT_SYMLINK_NOFOLLOW); err == nil {
		return fs.ErrExist
	} else if !errors.Is(err, unix.ENOENT) {
		return &fs.PathError{Op: "move", Path: filepath.Join(to.path, dst), Err: err}
	}
	if err := unix.Renameat(sparent, sname, dparent, dname); err != nil {
		return &fs.PathError{Op: "move", Path: sp, Err: err}
	}
	return nil
}

// replace renames the file at src below d to dst below d, replacing what is there
// (renameat), both reached as open reaches them: a link on the way is not followed.
func (d *belowDir) replace(src, dst string) error {
	sparent, sname, err := d.parent(src)
	if err != nil {
		return err
	}
	defer unix.Close(sparent)
	dparent, dname, err := d.parent(dst)
	if err != nil {
		return err
	}
	defer unix.Close(dparent)
	if err := unix.Renameat(sparent, sname, dparent, dname); err != nil {
		return &fs.PathError{Op: "rename", Path: filepath.Join(d.path, src), Err: err}
	}
	return nil
}

// ownCopy gives the regular file at rel below d, the very one want describes when want
// is not nil, a copy of its own there when it has other names too (hard links): the
// copy is written at copyFile in d, flushed, and renamed over rel, so that rel holds the
// file's bytes at every moment; it keeps the file's owner (where the process may give
// it) and mode. It returns what is at rel then: want, or the copy. A file of one name,
// or one that is not a regular file (which moveBelow refuses), is left as it is.
func (d *belowDir) ownCopy(rel string, want fs.FileInfo) (fs.FileInfo, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return nil, err
	}
	defer unix.Close(parent)
	p := filepath.Join(d.path, rel)
	var st unix.Stat_t
	if err := unix.Fstatat(parent, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return nil, &fs.PathError{Op: "copy", Path: p, Err: err}
	}
	if st.Nlink == 1 || st.Mode&unix.S_IFMT != unix.S_IFREG {
		return want, nil
	}
	fd, err := unix.Openat(parent, name, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, notBelow(p, err)
	}
	in := os.NewFile(uintptr(fd), p)
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() || want != nil && !os.SameFile(info, want) {
		return nil, notTheFile(p)
	}
	tmp := filepath.Join(d.path, copyFile)
	if err := unix.Unlinkat(d.fd, copyFile, 0); err != nil && !errors.Is(err, unix.ENOENT) { // a copy a kill left
		return nil, &fs.PathError{Op: "remove", Path: tmp, Err: err}
	}
	ofd, err := unix.Openat(d.fd, copyFile, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return nil, &fs.PathError{Op: "create", Path: tmp, Err: err}
	}
	out := os.NewFile(uintptr(ofd), tmp)
	_, err = io.Copy(out, in)
	if err == nil {
		err = fchownIDs(out, st.Uid, st.Gid)
	}
	if err == nil {
		err = out.Chmod(info.Mode() & modeBits) // last: a chown clears the setuid bit
	}
	if err == nil {
		err = out.Sync()
	}
	var copied fs.FileInfo
	if err == nil {
		copied, err = out.Stat()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = unix.Renameat(d.fd, copyFile, parent, name)
	}
	if err != nil {
		_ = unix.Unlinkat(d.fd, copyFile, 0)
		return nil, fmt.Errorf("copy %s, which has other names too, to put it back: %w", p, err)
	}
	return copied, nil
}

// unchanged reports whether what is at rel below d, reached as open reaches it, is the
// very file want describes (same device and inode), of its size and modification time:
// for a file the process may not read to compare its content.
func (d *belowDir) unchanged(rel string, want fs.FileInfo) (bool, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return false, err
	}
	defer unix.Close(parent)
	var st unix.Stat_t
	if err := unix.Fstatat(parent, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return false, &fs.PathError{Op: "stat", Path: filepath.Join(d.path, rel), Err: err}
	}
	return sameStat(&st, want) && st.Size == want.Size() && time.Unix(st.Mtim.Unix()).Equal(want.ModTime()), nil
}

// changeTime returns the time the file at rel below d, reached as open reaches it, was
// changed last (its ctime, in nanoseconds since 1970).
func (d *belowDir) changeTime(rel string) (int64, error) {
	parent, name, err := d.parent(rel)
	if err != nil {
		return 0, err
	}
	defer unix.Close(parent)
	var st unix.Stat_t
	if err := unix.Fstatat(parent, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return 0, &fs.PathError{Op: "stat", Path: filepath.Join(d.path, rel), Err: err}
	}
	return st.Ctim.Nano(), nil
}

// sameStat reports whether st is of the file want describes: the same device and inode.
func sameStat(st *unix.Stat_t, want fs.FileInfo) bool {
	w, ok := want.Sys().(*syscall.Stat_t)
	return ok && uint64(w.Dev) == uint64(st.Dev) && uint64(w.Ino) == uint64(st.Ino)
}

// parent opens the directory rel is in, below d, following no symbolic link, and
// returns it with the last name of rel.
func (d *belowDir) parent(rel string) (fd int, name string, err error) {
	fd, err = unix.Openat(d.fd, ".", walkFlag|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1, "", &fs.PathError{Op: "open", Path: d.path, Err: err}
	}
	names := strings.Split(filepath.ToSlash(rel), "/")
	for i, n := range names[:len(names)-1] {
		next, err := unix.Openat(fd, n, walkFlag|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		unix.Close(fd)
		if err != nil {
			return -1, "", notBelow(filepath.Join(d.path, filepath.Join(names[:i+1]...)), err)
		}
		fd = next
	}
	return fd, names[len(names)-1], nil
}

// notBelow is the error of opening p, on the way down below a directory, with err:
// a symbolic link or a file where a directory was (isNoFollow: ELOOP, or what the
// system gives instead; ENOTDIR) is named as what another program put there (and is
// err still, to errors.Is).
func notBelow(p string, err error) error {
	if isNoFollow(err) || errors.Is(err, unix.ENOTDIR) {
		return &putThereError{p: p, err: err}
	}
	return &fs.PathError{Op: "open", Path: p, Err: err}
}

// putThereError is notBelow's error for a link or a file at p, which err (ELOOP, or
// what the system gives instead; ENOTDIR) says.
type putThereError struct {
	p   string
	err error
}

func (e *putThereError) Error() string {
	return e.p + " is a symbolic link, or a file where a directory was: another program put it there; nothing is done through it, and it is left as it is"
}

func (e *putThereError) Unwrap() error { return e.err }

// putThere reports whether err is notBelow's for a link or a file where a directory was.
func putThere(err error) bool {
	return errors.As(err, new(*putThereError))
}
