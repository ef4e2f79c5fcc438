package generator

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Index is git's index, a file outside the tree that WriteOptions.Finish changes (update
// marks its conflicts unmerged there). Write saves a copy of it in the stage and journals
// it before Finish runs; a rollback, or Recover after a kill, puts the copy back, as it
// puts back the files the run replaced.
type Index struct {
	// Path is the index file: absolute, with no symbolic link on the way
	// (filepath.EvalSymlinks).
	Path string
	// Before and After are what Digest says of the index before Finish and as Finish
	// leaves it. The copy is put back only while the index says one of them: an index
	// changed since in another way (something staged) is left, and Recover refuses.
	Before, After string
	// Digest returns what the index file at path holds (its entries, not the stat data
	// git refreshes): RecoverOptions.Digest of a later run says the same.
	Digest func(path string) (string, error)
}

// IndexUntouched is an error of WriteOptions.Finish that it returned before it changed
// git's index: the rollback leaves the index as it is, holding what another git process
// staged there since it was saved (which is why Finish stopped), never the copy.
type IndexUntouched struct{ Err error }

func (e *IndexUntouched) Error() string { return e.Err.Error() }
func (e *IndexUntouched) Unwrap() error { return e.Err }

// indexFile is the name, in the stage, of the copy of git's index.
const indexFile = "index"

// saveIndex copies x.Path into the stage and journals it, before Finish changes it. It
// is read below its directory, opened as indexDir opens it.
func (w *writer) saveIndex(x *Index) error {
	if !filepath.IsAbs(x.Path) || filepath.Clean(x.Path) != x.Path {
		return fmt.Errorf("write %s: git's index %s: not a clean absolute path", w.dir, x.Path)
	}
	if blocker := linkOnTheWay(x.Path); blocker != "" {
		return fmt.Errorf("write %s: git's index %s: %s", w.dir, x.Path, blocker)
	}
	file := w.indexFile(x.Path)
	d, name, err := w.indexDir(file, 0)
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	defer d.Close()
	f, err := d.open(name)
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("write %s: git's index %s is not a regular file", w.dir, x.Path)
	}
	parent, err := d.info()
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	dirInode, _ := inode(parent)
	data, err := io.ReadAll(f)
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	if err := w.stageFile(indexFile, data, info.Mode().Perm(), func(f *os.File) error { return fsameOwner(f, w.stageOwner) }); err != nil {
		return fmt.Errorf("write %s: save git's index: %w", w.dir, err)
	}
	if err := w.syncDirs(w.stageDir, nil); err != nil {
		return err
	}
	e := journalEntry{Op: opIndex, IndexFile: []byte(file), SHA256: sum(data), Mode: uint32(info.Mode().Perm()), DirInode: dirInode, States: []string{x.Before, x.After}}
	if uid, gid, ok := ownerIDs(info); ok {
		e.UID, e.GID = &uid, &gid
	}
	if err := w.logStep(e); err != nil {
		return err
	}
	w.index, w.indexEntry = x, &e
	return w.check("index", x.Path)
}

// indexDir opens the directory of git's index, which the journal names file (see
// indexFile; File, absolute, in a journal of an older gonew-prod), and returns it with
// the index's name in it: below the tree when it lies in it, below the file system's
// root otherwise, following no symbolic link on the way (the index's path has none),
// and only while it is the directory of the inode ino (any, when ino is 0). A run as
// root reads, writes and gives away git's index of a user's repository through it: a
// link that user swaps in on the way meanwhile leads it nowhere else.
func (w *writer) indexDir(file string, ino uint64) (*belowDir, string, error) {
	if !filepath.IsAbs(file) {
		rel := filepath.FromSlash(file)
		d, err := w.tree.dir(filepath.Dir(rel), ino)
		return d, filepath.Base(rel), err
	}
	top := filepath.VolumeName(file) + string(filepath.Separator)
	rel, err := filepath.Rel(top, filepath.Dir(file))
	if err != nil {
		return nil, "", err
	}
	root, err := openTree(top, 0)
	if err != nil {
		return nil, "", err
	}
	defer root.Close()
	d, err := root.dir(rel, ino)
	return d, filepath.Base(file), err
}

// journaledIndex returns how the journal's step e names git's index (see indexDir).
func (e journalEntry) journaledIndex() string {
	if e.IndexFile == nil {
		return e.File
	}
	return string(e.IndexFile)
}

// indexFile is how the journal names git's index at p (absolute, no link on the way):
// relative to the tree, slash-separated, when p lies in it, so that the tree renamed or
// moved after a kill still finds it; p otherwise.
func (w *writer) indexFile(p string) string {
	tree, err := filepath.Abs(w.dir)
	if err == nil {
		tree, err = filepath.EvalSymlinks(tree)
	}
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(tree, p); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return p
}

// indexAt returns the path of git's index that e journals, for the tree at dir:
// IndexFile joined to dir when relative, as it is when absolute; File in a journal of
// an older gonew-prod.
func (e journalEntry) indexAt(dir string) (string, error) {
	p := string(e.IndexFile)
	switch {
	case e.IndexFile == nil && (!filepath.IsAbs(e.File) || filepath.Clean(e.File) != e.File):
		return "", fmt.Errorf("git's index %q: not a clean absolute path", e.File)
	case e.IndexFile == nil:
		return e.File, nil
	case filepath.IsAbs(p) && filepath.Clean(p) != p:
		return "", fmt.Errorf("git's index %q: not a clean absolute path", p)
	case filepath.IsAbs(p):
		return p, nil
	case !fs.ValidPath(p) || p == ".":
		return "", fmt.Errorf("git's index %q: not a clean path in the tree", p)
	}
	return filepath.Join(dir, filepath.FromSlash(p)), nil
}

// indexRollback says whether the index that e journals, for the tree at dir, is to be
// put back from the copy in stage: false when it still holds what the copy holds. An
// index that is no longer the one the run saved (its directory replaced, a link on the
// way), or that says neither what it said before the run nor what the run made it say,
// is an error. The index and its copy are read below their directories, opened once
// (readRegularIn): the repository's owner, who owns the stage too, may swap a link or a
// named pipe in for either meanwhile, and a run as root neither follows the one nor
// waits on the other. fail, in tests, runs before they are read (op "read").
func indexRollback(dir, stage string, e journalEntry, digest func(string) (string, error), fail func(op, path string) error) (bool, error) {
	index, err := e.indexAt(dir)
	if err != nil {
		return false, err
	}
	// An index in the tree is looked at from the tree, which Recover found to be the
	// run's own by its inode, whatever path leads to it now.
	blocker := linkOnTheWay(index)
	if rel := string(e.IndexFile); e.IndexFile != nil && !filepath.IsAbs(rel) {
		blocker = notDirOnTheWay(dir, rel)
	}
	if blocker != "" {
		return false, fmt.Errorf("git's index %s: %s, which the run did not find there", index, blocker)
	}
	parent, err := os.Lstat(filepath.Dir(index))
	if err != nil {
		return false, fmt.Errorf("git's index %s: its directory is gone (%w), or the run saved it from another one", index, err)
	}
	if ino, ok := inode(parent); ok && ino != e.DirInode {
		return false, fmt.Errorf("git's index %s: its directory is not the one the run saved it from", index)
	}
	if fail != nil {
		if err := fail("read", index); err != nil {
			return false, err
		}
	}
	saved := filepath.Join(stage, indexFile)
	copyData, err := readRegularIn(stage, 0, indexFile)
	if err != nil {
		return false, fmt.Errorf("git's index %s: its copy %s is not a regular file of that run's: %w", index, saved, err)
	}
	if sum(copyData) != e.SHA256 {
		return false, fmt.Errorf("git's index %s: its copy %s is not what that run saved", index, saved)
	}
	now, err := readRegularIn(filepath.Dir(index), e.DirInode, filepath.Base(index))
	if errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("git's index %s is gone or no regular file", index)
	}
	if err != nil {
		return false, fmt.Errorf("git's index %s: %w", index, err)
	}
	if bytes.Equal(now, copyData) {
		return false, nil
	}
	if digest == nil {
		return false, fmt.Errorf("git's index %s changed, and this command cannot read it", index)
	}
	says, err := digest(index)
	if err != nil {
		return false, fmt.Errorf("git's index %s: %w", index, err)
	}
	if !slices.Contains(e.States, says) || says == "" {
		return false, fmt.Errorf("git's index %s was changed since that run (something staged or unstaged)", index)
	}
	return true, nil
}

// readRegularIn reads the file name in the directory at dir, which must be the
// directory of the inode ino (any, when ino is 0), opened once: the file is opened below
// it as belowDir.open opens it, a link there not followed and a named pipe not waited
// on, and read only when it is a regular file.
func readRegularIn(dir string, ino uint64, name string) ([]byte, error) {
	d, err := openTree(dir, ino)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.readRegular(name)
}

// readRegular reads the regular file at rel below d, opened as open opens it; anything
// else there (a named pipe, a device) is an error, not read.
func (d *belowDir) readRegular(rel string) ([]byte, error) {
	f, err := d.open(rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%v): another program put it there; it is not read", f.Name(), info.Mode().Type())
	}
	return io.ReadAll(f)
}

// keepIndexOwner gives git's index, which Finish changed, back the owner and group it
// had when it was saved: git run as root writes a new index file, root's, in a user's
// repository, whose own git could then no longer stage anything. It is given through
// the file opened below its directory (indexDir), and only while it is a regular file
// of one name: a link, or a file of root's the repository's owner linked there, is left
// as it is.
func (w *writer) keepIndexOwner() error {
	e := w.indexEntry
	if e.UID == nil || e.GID == nil {
		return nil
	}
	d, name, err := w.indexDir(e.journaledIndex(), e.DirInode)
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	defer d.Close()
	f, err := d.open(name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) {
		return nil // no index, or one this user could not give away anyway
	}
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	if !info.Mode().IsRegular() || links(info) != 1 {
		return fmt.Errorf("write %s: git's index %s is not a regular file of one name: another program put it there; its owner is left as it is", w.dir, f.Name())
	}
	if err := fchownIDs(f, *e.UID, *e.GID); err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	return nil
}

// restoreIndex puts the copy of git's index in the stage back where e journals it, as
// git writes its index: a lock file beside it, taken only when no git holds it, given
// the owner and group the index had (journaledOwner; fromJournal for Recover's), renamed
// into place; all of it below the index's directory, opened as indexDir opens it, and
// the copy read below the stage.
func (w *writer) restoreIndex(e journalEntry, fromJournal bool) error {
	data, err := w.stageDir.readRegular(indexFile)
	if err != nil {
		return err
	}
	d, name, err := w.indexDir(e.journaledIndex(), e.DirInode)
	if err != nil {
		return err
	}
	defer d.Close()
	lock := name + ".lock"
	f, err := d.create(lock, fs.FileMode(e.Mode)&fs.ModePerm)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: a git process is using the index (or one stopped without removing it); wait for it to finish, or remove the file if no git runs", filepath.Join(d.path, lock))
	}
	if err != nil {
		return err
	}
	made, err := f.Stat()
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Chmod(fs.FileMode(e.Mode) & fs.ModePerm)
	}
	if err == nil {
		err = f.Sync()
	}
	tree, _ := w.tree.info()
	parent, _ := d.info()
	if uid, gid, ok := journaledOwner(tree, parent, e, fromJournal); ok && err == nil {
		err = fchownIDs(f, uid, gid)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = d.replace(lock, name)
	}
	if err != nil {
		if made != nil {
			_ = d.remove(lock, false, made)
		}
		return err
	}
	return nil
}

// linkOnTheWay returns what, on the absolute path p, is a symbolic link, "" when none is.
func linkOnTheWay(p string) string {
	vol := filepath.VolumeName(p)
	parts := strings.Split(strings.TrimPrefix(p[len(vol):], string(filepath.Separator)), string(filepath.Separator))
	cur := vol + string(filepath.Separator)
	for _, part := range parts {
		cur = filepath.Join(cur, part)
		info, err := os.Lstat(cur)
		if err != nil {
			return ""
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return cur + " is a symbolic link"
		}
	}
	return ""
}
