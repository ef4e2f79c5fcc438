package generator

import (
	"bytes"
	"errors"
	"fmt"
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

// saveIndex copies x.Path into the stage and journals it, before Finish changes it.
func (w *writer) saveIndex(x *Index) error {
	if !filepath.IsAbs(x.Path) || filepath.Clean(x.Path) != x.Path {
		return fmt.Errorf("write %s: git's index %s: not a clean absolute path", w.dir, x.Path)
	}
	if blocker := linkOnTheWay(x.Path); blocker != "" {
		return fmt.Errorf("write %s: git's index %s: %s", w.dir, x.Path, blocker)
	}
	info, err := os.Lstat(x.Path)
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("write %s: git's index %s is not a regular file", w.dir, x.Path)
	}
	parent, err := os.Lstat(filepath.Dir(x.Path))
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	dirInode, _ := inode(parent)
	data, err := os.ReadFile(x.Path)
	if err != nil {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	if err := w.stageFile(indexFile, data, info.Mode().Perm(), func(f *os.File) error { return fsameOwner(f, w.stageOwner) }); err != nil {
		return fmt.Errorf("write %s: save git's index: %w", w.dir, err)
	}
	if err := w.syncDirs(w.stage, nil); err != nil {
		return err
	}
	e := journalEntry{Op: opIndex, IndexFile: []byte(w.indexFile(x.Path)), SHA256: sum(data), Mode: uint32(info.Mode().Perm()), DirInode: dirInode, States: []string{x.Before, x.After}}
	if uid, gid, ok := ownerIDs(info); ok {
		e.UID, e.GID = &uid, &gid
	}
	if err := w.logStep(e); err != nil {
		return err
	}
	w.index, w.indexEntry = x, &e
	return w.check("index", x.Path)
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
// is an error.
func indexRollback(dir, stage string, e journalEntry, digest func(string) (string, error)) (bool, error) {
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
	saved := filepath.Join(stage, indexFile)
	sinfo, err := os.Lstat(saved)
	if err != nil || !sinfo.Mode().IsRegular() {
		return false, fmt.Errorf("git's index %s: its copy %s is not a regular file of that run's", index, saved)
	}
	copyData, err := os.ReadFile(saved)
	if err != nil || sum(copyData) != e.SHA256 {
		return false, fmt.Errorf("git's index %s: its copy %s is not what that run saved", index, saved)
	}
	info, err := os.Lstat(index)
	if err != nil || !info.Mode().IsRegular() {
		return false, fmt.Errorf("git's index %s is gone or no regular file", index)
	}
	now, err := os.ReadFile(index)
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

// keepIndexOwner gives git's index, which Finish changed, back the owner and group it
// had when it was saved: git run as root writes a new index file, root's, in a user's
// repository, whose own git could then no longer stage anything.
func (w *writer) keepIndexOwner() error {
	e := w.indexEntry
	if e.UID == nil || e.GID == nil {
		return nil
	}
	index, err := e.indexAt(w.dir)
	if err != nil {
		return err
	}
	if err := chownIDs(index, *e.UID, *e.GID); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: git's index: %w", w.dir, err)
	}
	return nil
}

// restoreIndex puts the copy of git's index in stage back where e journals it for the
// tree at dir, as git writes its index: a lock file beside it, taken only when no git
// holds it, given the owner and group the index had (journaledOwner; fromJournal for
// Recover's), renamed into place.
func restoreIndex(dir, stage string, e journalEntry, fromJournal bool) error {
	index, err := e.indexAt(dir)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(stage, indexFile))
	if err != nil {
		return err
	}
	lock := index + ".lock"
	f, err := os.OpenFile(lock, os.O_WRONLY|os.O_CREATE|os.O_EXCL, fs.FileMode(e.Mode)&fs.ModePerm)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists: a git process is using the index (or one stopped without removing it); wait for it to finish, or remove the file if no git runs", lock)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(fs.FileMode(e.Mode) & fs.ModePerm)
	}
	if err == nil {
		err = f.Sync()
	}
	tree, _ := os.Stat(dir)
	parent, _ := os.Stat(filepath.Dir(index))
	if uid, gid, ok := journaledOwner(tree, parent, e, fromJournal); ok && err == nil {
		err = chownIDs(lock, uid, gid)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(lock, index)
	}
	if err != nil {
		os.Remove(lock)
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
