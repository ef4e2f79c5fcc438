//go:build !unix

package generator

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"syscall"
)

// walkReads is unset: a file system without unix permissions has no directory one may
// write in but not list.
const walkReads = false

// belowDir is a directory opened once (the tree a write goes into, its staging
// directory), that the steps of a write and of its rollback are taken below, through an
// os.Root, which leaves the tree by no symbolic link. A directory opened below another
// (dir) shares its os.Root: a file moves between them within it.
type belowDir struct {
	root  *os.Root
	base  string // slash-separated, relative to root; "" for root itself
	path  string
	owned bool // root is this one's to close
}

// openTree opens the directory at dir to work below it. It must be the directory of
// the inode ino (the journal's TreeInode), unless ino is 0 or the file system gives
// none.
func openTree(dir string, ino uint64) (*belowDir, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	d := &belowDir{root: root, path: dir, owned: true}
	if err := d.checkInode(".", ino); err != nil {
		root.Close()
		return nil, err
	}
	return d, nil
}

// dir opens the directory at rel below d, which must be a directory and not a link, of
// the inode ino unless ino is 0.
func (d *belowDir) dir(rel string, ino uint64) (*belowDir, error) {
	info, err := d.root.Lstat(d.name(rel))
	if err != nil {
		return nil, err
	}
	p := filepath.Join(d.path, rel)
	if !info.IsDir() {
		return nil, notTheFile(p)
	}
	sub := &belowDir{root: d.root, base: d.name(rel), path: p}
	if err := sub.checkInode(".", ino); err != nil {
		return nil, err
	}
	return sub, nil
}

// checkInode refuses the directory at rel below d unless it has the inode ino (any,
// when ino is 0 or the file system gives none).
func (d *belowDir) checkInode(rel string, ino uint64) error {
	info, err := d.root.Stat(d.name(rel))
	if err != nil {
		return err
	}
	if n, ok := inode(info); ok && ino != 0 && n != ino {
		return fmt.Errorf("%s is not the directory the run found there (inode %d, not %d): another program put another one at its path meanwhile; nothing is done in it", filepath.Join(d.path, rel), n, ino)
	}
	return nil
}

// name returns rel, below d, as a name in d's os.Root.
func (d *belowDir) name(rel string) string {
	return path.Join(d.base, filepath.ToSlash(rel))
}

// Close lets go of the directory.
func (d *belowDir) Close() error {
	if !d.owned {
		return nil
	}
	return d.root.Close()
}

// info returns what d is (its mode), read below the root.
func (d *belowDir) info() (fs.FileInfo, error) {
	return d.root.Stat(d.name("."))
}

// open opens, to read, the file at rel below d.
func (d *belowDir) open(rel string) (*os.File, error) {
	return d.root.Open(d.name(rel))
}

// openDir opens, to list it, the directory at rel below d, which must be a directory
// and not a link.
func (d *belowDir) openDir(rel string) (*os.File, error) {
	info, err := d.root.Lstat(d.name(rel))
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, notTheFile(filepath.Join(d.path, rel))
	}
	return d.root.Open(d.name(rel))
}

// openWriteOnly opens the file at rel below d to write: one this user may write but not
// read, opened to change its mode through it (nothing is written, nor cut).
func (d *belowDir) openWriteOnly(rel string) (*os.File, error) {
	return d.root.OpenFile(d.name(rel), os.O_WRONLY, 0)
}

// openAppend opens the file at rel below d to read it and append to it.
func (d *belowDir) openAppend(rel string) (*os.File, error) {
	return d.root.OpenFile(d.name(rel), os.O_RDWR|os.O_APPEND, 0)
}

// create creates the file rel below d, to write it, with the permission bits perm:
// nothing may be at rel already (fs.ErrExist).
func (d *belowDir) create(rel string, perm fs.FileMode) (*os.File, error) {
	return d.root.OpenFile(d.name(rel), os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm.Perm())
}

// mkdir makes the directory rel below d, with the permission bits perm, and opens it.
// An error is fs.ErrExist when a file is at rel already.
func (d *belowDir) mkdir(rel string, perm fs.FileMode) (*os.File, error) {
	if err := d.root.Mkdir(d.name(rel), perm.Perm()); err != nil {
		return nil, err
	}
	return d.root.Open(d.name(rel))
}

// remove removes the file at rel below d, or the empty directory when isDir; when want
// is not nil, only the very file it describes.
func (d *belowDir) remove(rel string, isDir bool, want fs.FileInfo) error {
	info, err := d.root.Lstat(d.name(rel))
	if err != nil {
		return err
	}
	if info.IsDir() != isDir || want != nil && !os.SameFile(info, want) {
		return notTheFile(filepath.Join(d.path, rel))
	}
	return d.root.Remove(d.name(rel))
}

// removeAll removes name, a file or a directory and all it holds, in d; when want is
// not nil, only while name is the very directory it describes.
func (d *belowDir) removeAll(name string, want fs.FileInfo) error {
	if want != nil {
		info, err := d.root.Lstat(d.name(name))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !info.IsDir() || !os.SameFile(info, want) {
			return notTheFile(filepath.Join(d.path, name))
		}
	}
	return d.root.RemoveAll(d.name(name))
}

// moveBelow moves the regular file at src below from to dst below to, which must not
// exist (fs.ErrExist), when it is the very file want describes (want not nil), or the
// very directory when want is one (a new tree, staged; renamed); both must be below one
// os.Root.
func moveBelow(from *belowDir, src string, to *belowDir, dst string, want fs.FileInfo) error {
	if from.root != to.root {
		return errors.New("move between two trees")
	}
	s, t := from.name(src), to.name(dst)
	info, err := from.root.Lstat(s)
	if err != nil {
		return err
	}
	isDir := want != nil && want.IsDir()
	if want != nil && !os.SameFile(info, want) || isDir && !info.IsDir() || !isDir && (!info.Mode().IsRegular() || links(info) != 1) {
		return notTheFile(filepath.Join(from.path, src))
	}
	if !isDir {
		err = from.root.Link(s, t)
		if err == nil {
			_ = from.root.Remove(s)
			return nil
		}
		if errors.Is(err, fs.ErrExist) {
			return fs.ErrExist
		}
	}
	if _, lerr := from.root.Lstat(t); lerr == nil {
		return fs.ErrExist
	} else if !errors.Is(lerr, fs.ErrNotExist) {
		return lerr
	}
	return from.root.Rename(s, t)
}

// replace renames the file at src below d to dst below d, replacing what is there.
func (d *belowDir) replace(src, dst string) error {
	return d.root.Rename(d.name(src), d.name(dst))
}

// ownCopy returns want: the names of a file (hard links) are not counted here (see
// links), and moveBelow moves the file as it is.
func (d *belowDir) ownCopy(_ string, want fs.FileInfo) (fs.FileInfo, error) {
	return want, nil
}

// unchanged reports whether what is at rel below d is the very file want describes, of
// its size and modification time.
func (d *belowDir) unchanged(rel string, want fs.FileInfo) (bool, error) {
	info, err := d.root.Lstat(d.name(rel))
	if err != nil {
		return false, err
	}
	return os.SameFile(info, want) && info.Size() == want.Size() && info.ModTime().Equal(want.ModTime()), nil
}

// changeTime returns 0: a file system without unix permissions gives no file a mode
// its owner may not read, which wroteThere would know by its times.
func (d *belowDir) changeTime(string) (int64, error) {
	return 0, nil
}

// syncUnlistable gives back openErr, the error of opening the directory to flush it:
// a file system without unix permissions has no directory one may write in but not
// read.
func syncUnlistable(_ string, openErr error) error {
	return openErr
}

// putThere reports whether err is of a link or a file where a directory was, on the way
// down below a directory.
func putThere(err error) bool {
	return errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ELOOP)
}
