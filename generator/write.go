package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// Change is one change Write makes to a tree.
type Change struct {
	Path    string      // slash-separated, relative to the tree's root
	Delete  bool        // remove the file instead of writing Content
	Content []byte      // what the file holds afterwards
	Mode    fs.FileMode // its permission bits afterwards (a file replaced keeps its setuid, setgid and sticky bits)
	// Old is what the plan saw at Path: nil when nothing was there, else the content of
	// the regular file there. Write refuses to touch a path that no longer holds it.
	Old []byte
	// Backup keeps the file Write replaces or deletes beside it, as PATH.orig (or
	// PATH.orig.N when that name is taken), made before anything is written.
	Backup bool
}

// Backup is a file Write kept before replacing or deleting it.
type Backup struct {
	Path string // the file that was replaced or deleted
	Copy string // where its former content is now
}

// WriteOptions tune Write.
type WriteOptions struct {
	// Finish, when set, runs once every change is in place, before Write returns: an
	// error from it undoes the write as any other failure does. It completes what must
	// not stand without the tree (git's index marks of the conflicts written).
	Finish func() error
	// Index, when set, is git's index, which Finish changes: it is saved in the stage
	// and journaled before Finish runs, and put back by a rollback (see Index), unless
	// Finish failed with an IndexUntouched error.
	Index *Index
	// fail, in tests, runs before each filesystem operation named op ("stage", "backup",
	// "mkdir", "replace", "create", "delete", "sync") on path, and can fail it. Failing
	// it with errKilled stops Write there as SIGKILL would: nothing is rolled back.
	fail func(op, path string) error
	// failRemove, in tests, runs before each removal of the stage of a finished write
	// (Write's last step), as fail does before the others.
	failRemove func(path string) error
}

// errKilled, returned by WriteOptions.fail in tests, stops a Write as if the process
// were killed at that point.
var errKilled = errors.New("killed")

// BackupSuffix is the suffix of the first backup name Write tries.
const BackupSuffix = ".orig"

// ErrLocked is returned, wrapped, by LockDir when another process holds the lock.
var ErrLocked = errors.New("another gonew-prod run (new --force, add or update) is writing in this directory: wait for it to finish, then run again")

// Write applies changes to the tree at dir, all or nothing. dir may be missing (it is
// created, with any missing parents) or an existing directory, possibly empty; an
// existing directory keeps its inode, mode and owner. A symbolic link at dir is followed
// when it leads to a directory and refused otherwise.
//
// Before anything is touched, every change's path is checked (CheckPath), every change
// is checked against the tree (its path still holds Old, nothing that is not a directory
// is on the way) and every backup is written.
// Then new content is written into a staging directory and moved into place. Any failure,
// including ctx being cancelled, restores the tree exactly: replaced and deleted files
// come back, created files, directories and backups go. The directories that deletes
// leave empty are removed (pruneDirs), and come back with a rollback too. ctx cancelled
// while opts.Finish runs (which Finish itself may not heed) rolls back too, git's index
// included, once Finish returns.
func Write(ctx context.Context, dir string, changes []Change, opts WriteOptions) ([]Backup, error) {
	dir = filepath.Clean(dir)
	if len(changes) == 0 {
		return nil, nil
	}
	for _, c := range changes {
		if err := CheckPath(c.Path); err != nil {
			return nil, fmt.Errorf("nothing written: write %s: %w", dir, err)
		}
	}
	w := &writer{ctx: ctx, dir: dir, fail: opts.fail, failRemove: opts.failRemove}
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = w.fresh(changes)
	case err != nil:
		return nil, fmt.Errorf("write %s: %w", dir, err)
	case info.Mode()&fs.ModeSymlink != 0:
		target, serr := os.Stat(dir)
		if serr != nil || !target.IsDir() {
			return nil, fmt.Errorf("write %s: a symbolic link that does not lead to a directory is in the way", dir)
		}
		err = w.into(changes)
	case !info.IsDir():
		return nil, fmt.Errorf("write %s: not a directory", dir)
	default:
		err = w.into(changes)
	}
	if errors.Is(err, errKilled) {
		w.release()
		return nil, err
	}
	if err == nil && opts.Index != nil && w.journal != nil {
		err = w.saveIndex(opts.Index)
	}
	if err == nil && opts.Finish != nil {
		err = opts.Finish()
		if _, ok := errors.AsType[*IndexUntouched](err); ok {
			w.indexEntry = nil // the index is not Finish's to put back
		}
	}
	if err == nil && w.indexEntry != nil {
		err = w.keepIndexOwner()
	}
	if errors.Is(err, errKilled) {
		w.release()
		return nil, err
	}
	if err == nil && w.ctx.Err() != nil {
		// A signal that came while Finish ran (git marking update's conflicts, which
		// runs to its end) or after the last file was placed rolls the write back, as
		// one at any step before does: the run is not done until its journal says so.
		err = fmt.Errorf("write %s: %w", dir, w.ctx.Err())
	}
	if err != nil {
		defer w.release()
		stage := w.stage
		rbErr, stageErr := w.rollback()
		switch {
		case errors.Is(rbErr, errKilled):
			return nil, rbErr
		case rbErr != nil && stageErr != nil:
			return nil, fmt.Errorf("%w; restoring the tree also failed: %v; and removing the staging directory %s failed: %v", err, rbErr, stage, stageErr)
		case rbErr != nil:
			return nil, fmt.Errorf("%w; restoring the tree also failed: %v", err, rbErr)
		case stageErr != nil:
			// Every file of the tree is back; what is left is the run's own.
			return nil, fmt.Errorf("nothing written: %w; every file is as it was, but the staging directory %s, the run's own, could not be removed (%w): remove it (rm -r) once the cause is mended", err, stage, stageErr)
		}
		return nil, fmt.Errorf("nothing written: %w", err)
	}
	defer w.release()
	if w.journal != nil {
		// The journal says the run is done before the stage goes, its journal last: a
		// run stopped while removing it leaves a stage Recover knows for a finished one.
		if err := w.logStep(journalEntry{Op: opDone}); err != nil {
			return w.madeBackups(), fmt.Errorf("write %s: every change is in place, but %w", dir, err)
		}
	}
	if err := w.removeStage(w.stage); err != nil {
		return w.madeBackups(), fmt.Errorf("write %s: every change is in place, but removing the staging directory %s failed: %w", dir, w.stage, err)
	}
	return w.madeBackups(), nil
}

// release closes the journal and the directories opened, and lets go of the staging
// directory's lock.
func (w *writer) release() {
	if w.journal != nil {
		w.journal.Close()
	}
	if w.stageDir != nil {
		w.stageDir.Close()
	}
	if w.stageIn != nil { // the tree, in a write into one
		w.stageIn.Close()
	}
	if w.parentsIn != nil {
		w.parentsIn.Close()
	}
	if w.unlockStage != nil {
		w.unlockStage()
	}
}

// writer carries out one Write and remembers how to undo it.
type writer struct {
	ctx   context.Context
	dir   string
	fail  func(op, path string) error
	stage string // staging directory; removed at the end either way
	// tree is the tree at dir, in a write into an existing one, stageDir the staging
	// directory, and stageIn the directory it is in (the tree, or the parent of a new
	// tree), each opened once: the files move between tree and stage, and a rollback
	// removes and puts back, below them, following no link (see belowDir).
	tree, stageDir, stageIn *belowDir
	// stageOwner is the staging directory, given the owner and group of the directory
	// it is in (ownStage): what is made in it gets them.
	stageOwner fs.FileInfo
	// journal, in the staging directory of a write into an existing tree, records each
	// step before it is taken (see Recover); unlockStage releases the stage's lock,
	// which tells Recover that this run is alive.
	journal     *os.File
	journalErr  error // a line could not be written whole: nothing more is appended
	unlockStage func()

	index      *Index        // git's index, saved before Finish (nil when not)
	indexEntry *journalEntry // its journal entry

	created     []string     // directories created, in creation order
	removedDirs []rmdir      // directories removed for a file to go there, in removal order
	placed      []placed     // paths changed, in order
	backups     []madeBackup // backups written
	// parentsIn is the closest directory above a new tree that existed, opened once
	// (mkdirParents), and parentsMade the missing parents made below it, by path, as
	// each was once made: the rollback removes those very directories below it.
	parentsIn   *belowDir
	parentsMade map[string]fs.FileInfo
	// failRemove is WriteOptions.failRemove.
	failRemove func(path string) error
	// beforeMode is RecoverOptions.beforeMode.
	beforeMode func(path string)
}

// placed is one path Write changed, and where its former file waits in the stage.
type placed struct {
	dst   string
	saved string // "" when nothing was there
	// savedInfo is the file set aside at saved, as it was once there: the rollback puts
	// back that very file.
	savedInfo fs.FileInfo
	isNew     bool // dst now holds a new file that rollback removes
	// content is what the new file holds: rollback leaves a file that no longer
	// holds it (written by someone else meanwhile) where it is. nil for a tree.
	content []byte
	// staged is the new file as it was staged, before it moved into place: one of a
	// mode that does not let the process read it is compared by that (placedFile). For
	// a new tree, the tree's directory: the rollback removes only that one.
	staged fs.FileInfo
	// ctime is the new file's change time once in place (logPlaced), 0 when not known:
	// one the process may not read is the run's only when it is later than staged's
	// modification time (timesTell).
	ctime int64
}

// madeBackup is a backup Write made, and the file it placed there, as a new file's
// (placed): the rollback removes only that very file (ownPlaced).
type madeBackup struct {
	Backup
	content []byte      // what it holds: the file's former content
	staged  fs.FileInfo // the backup as it was staged, before it moved into place
	ctime   int64       // its change time once in place (logPlaced), 0 when not known
}

// madeBackups returns the backups made, as Write returns them.
func (w *writer) madeBackups() []Backup {
	out := make([]Backup, len(w.backups))
	for i, b := range w.backups {
		out[i] = b.Backup
	}
	return out
}

func (w *writer) check(op, path string) error {
	if err := w.ctx.Err(); err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	if w.fail != nil {
		if err := w.fail(op, path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
	}
	return nil
}

// FreshStage returns where Write stages a tree that does not exist yet at dir: the
// directory beside it, and the beginning of the stage's name there.
func FreshStage(dir string) (parent, prefix string) {
	dir = filepath.Clean(dir)
	return filepath.Dir(dir), "." + filepath.Base(dir) + ".gonew-prod-new-"
}

// ScratchMark is the name of the file that marks a directory a run holds locked while
// it uses it (a scratch copy, the stage of a new tree): one holding it whose lock can
// be taken was left by a run that ended without removing it (SIGKILL, a crash).
const ScratchMark = ".gonew-prod-scratch-in-use"

// MarkedTempDir makes a new directory in parent, named as os.MkdirTemp names it after
// pattern, locks it (see TryLockDir) and then marks it with ScratchMark, so that a run
// that ends without removing it leaves it for a later run to find and remove, and no
// run removes it while unlock has not been called. Where the file system has no locks,
// the directory is not marked. On an error, the directory is removed.
func MarkedTempDir(parent, pattern string) (dir string, unlock func(), err error) {
	dir, in, made, unlock, err := markedTempDir(parent, 0, pattern, nil)
	if err != nil {
		return "", nil, err
	}
	made.Close()
	in.Close()
	return dir, unlock, nil
}

// markedTempDir is MarkedTempDir, and returns the directory made and the one it is in,
// each opened once: the mark is created below the directory made, opened following no
// link at its name, so that the owner of parent, who may swap a link in for it, leads a
// run as root to create no file elsewhere. The directory it is in must be parent of the
// inode ino, unless ino is 0. beforeMark, when not nil, is called once it is opened and
// locked, before it is marked (a test's kill point).
func markedTempDir(parent string, ino uint64, pattern string, beforeMark func(dir string) error) (dir string, in, made *belowDir, unlock func(), err error) {
	dir, err = os.MkdirTemp(parent, pattern)
	if err != nil {
		return "", nil, nil, nil, err
	}
	in, err = openTree(filepath.Dir(dir), ino)
	if err != nil {
		os.Remove(dir)
		if walkReads && errors.Is(err, fs.ErrPermission) {
			return "", nil, nil, nil, fmt.Errorf("%w: on this system a directory is opened to read it to work below it, so it must be readable too, not only writable (chmod u+r %s)", err, ShellQuote(filepath.Dir(dir)))
		}
		return "", nil, nil, nil, fmt.Errorf("open %s: %w", filepath.Dir(dir), err)
	}
	name := filepath.Base(dir)
	fail := func(err error) (string, *belowDir, *belowDir, func(), error) {
		if made != nil {
			made.Close()
		}
		if unlock != nil {
			unlock()
		}
		_ = in.removeAll(name, nil) // a link put at its name is removed, not followed
		in.Close()
		return "", nil, nil, nil, err
	}
	if made, err = in.dir(name, 0); err != nil {
		return fail(err)
	}
	unlock, locked, err := TryLockDir(dir)
	if err != nil {
		return fail(fmt.Errorf("lock %s: %w", dir, err))
	}
	if !locked {
		return dir, in, made, unlock, nil
	}
	if beforeMark != nil {
		if err := beforeMark(dir); err != nil {
			return fail(err)
		}
	}
	f, err := made.create(ScratchMark, 0o600)
	if err == nil {
		err = f.Close()
	}
	if err != nil {
		return fail(fmt.Errorf("mark %s: %w", dir, err))
	}
	return dir, in, made, unlock, nil
}

// fresh writes a tree that does not exist yet: everything is staged beside it and the
// staged tree is renamed into place.
func (w *writer) fresh(changes []Change) error {
	for _, c := range changes {
		if c.Delete || c.Old != nil {
			return fmt.Errorf("write %s: the plan expects %s to exist, but %s does not", w.dir, c.Path, w.dir)
		}
	}
	parent := filepath.Dir(w.dir)
	parentInode, err := w.mkdirParents(parent)
	if err != nil {
		return err
	}
	_, prefix := FreshStage(w.dir)
	// Marked as a scratch directory is (internal/scratch), so that a later run removes
	// the stage of a run killed meanwhile, and never one in use.
	// It is opened once, in the parent mkdirParents found or made, and marked below
	// what was opened.
	stage, in, made, unlock, err := markedTempDir(parent, parentInode, prefix+"*", func(dir string) error { return w.check("mark", dir) })
	if err != nil {
		return fmt.Errorf("write %s: create staging directory: %w", w.dir, err)
	}
	w.stage, w.stageIn, w.stageDir, w.unlockStage = stage, in, made, unlock
	// The stage, and so the tree made in it and renamed into place, is the owner's of
	// the directory it is created in, as every directory the tree holds.
	if err := w.ownStage(); err != nil {
		return err
	}
	if err := w.stageDirs("tree"); err != nil {
		return err
	}
	if err := w.stageAll("tree", changes); err != nil {
		return err
	}
	staged, err := w.stageDir.dir("tree", 0)
	if err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	defer staged.Close()
	tree, err := staged.info()
	if err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	if err := w.syncDirs(staged, changePaths(changes)); err != nil {
		return err
	}
	if err := w.check("create", w.dir); err != nil {
		return err
	}
	// Moved from the stage to the directory it is in, both as opened, and only while it
	// is the directory staged: the owner of that directory, who owns the stage and may
	// swap a link in for it, leads a run as root to move nothing else into place.
	if err := moveBelow(w.stageDir, "tree", w.stageIn, filepath.Base(w.dir), tree); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("write %s: another program put a file there while gonew-prod was writing; it is left as it is; run again", w.dir)
	} else if err != nil {
		return fmt.Errorf("write %s: move into place: %w", w.dir, err)
	}
	w.placed = append(w.placed, placed{dst: w.dir, isNew: true, staged: tree})
	if err := w.syncDirs(w.stageIn, nil); err != nil {
		return err
	}
	return nil
}

// stagePrefix begins the name of the staging directory into creates in the tree.
const stagePrefix = ".gonew-prod-stage-"

// stagesIn returns the paths of the staging directories in dir, sorted. They are read
// from dir's entries, not matched as a glob: dir's own path may hold glob characters
// (`[`, `*`, `?`), which filepath.Glob would read as a pattern, refusing it or finding
// the stage of another directory. As with filepath.Glob, a directory that cannot be
// read holds none.
func stagesIn(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var stages []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), stagePrefix) {
			stages = append(stages, filepath.Join(dir, e.Name()))
		}
	}
	return stages
}

// into writes into an existing directory, file by file.
func (w *writer) into(changes []Change) error {
	if err := w.listable(); err != nil {
		return err
	}
	if err := LeftStage(w.dir); err != nil {
		return err
	}
	deleted := map[string]bool{}
	for _, c := range changes {
		if c.Delete {
			deleted[c.Path] = true
		}
	}
	for _, c := range changes {
		if err := w.verify(c, deleted); err != nil {
			return err
		}
	}
	stage, err := os.MkdirTemp(w.dir, stagePrefix+"*")
	if err != nil {
		return fmt.Errorf("write %s: create staging directory: %w", w.dir, err)
	}
	w.stage = stage
	begin, err := beginEntry(w.dir, stage)
	if err == nil {
		w.tree, err = openTree(w.dir, begin.TreeInode)
	}
	if err == nil {
		w.stageIn = w.tree
		w.stageDir, err = w.tree.dir(filepath.Base(stage), begin.StageInode)
	}
	if err != nil {
		os.Remove(stage)
		w.stage = ""
		return fmt.Errorf("write %s: open the staging directory: %w", w.dir, err)
	}
	// The stage, what it holds and your files it sets aside in saved/ are the owner's of
	// the tree, as any directory created there: a run as root killed in your tree leaves
	// them where your own next run can roll it back.
	if err := w.ownStage(); err != nil {
		return err
	}
	unlock, _, err := TryLockDir(stage)
	if err != nil {
		return fmt.Errorf("write %s: lock the staging directory: %w", w.dir, err)
	}
	w.unlockStage = unlock
	if w.journal, err = w.stageDir.create(journalFile, 0o600); err != nil {
		return fmt.Errorf("write %s: create the journal: %w", w.dir, err)
	}
	if err := fsameOwner(w.journal, w.stageOwner); err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	if err := w.logStep(begin); err != nil {
		return err
	}
	if err := w.syncDirs(w.tree, []string{w.rel(stage) + "/" + journalFile}); err != nil { // the stage and its journal survive a power loss
		return err
	}
	// The record goes last, so that a run stopped before the end leaves the record of
	// the run before it, which describes the tree once the rest is rolled back.
	changes = deletesFirst(recordLast(changes))
	if err := w.stageAll("new", changes); err != nil {
		return err
	}
	if err := w.backupAll(changes); err != nil {
		return err
	}
	if len(w.backups) > 0 {
		var made []string
		for _, b := range w.backups {
			made = append(made, b.Copy)
		}
		if err := w.syncDirs(w.tree, made); err != nil { // the backups stay before anything is replaced
			return err
		}
	}
	// Another program (an editor's save, a second terminal) may write while the files
	// move: a file is compared with the plan again right before it is set aside, and
	// once more where it was set aside; a new file never replaces one that appeared
	// at its path. Either way the run stops and the tree is restored.
	for _, c := range changes {
		rel := filepath.FromSlash(c.Path)
		dst := filepath.Join(w.dir, rel)
		if c.Old != nil {
			keep := filepath.Join("saved", rel)
			if err := w.stageDirs(filepath.Dir(keep)); err != nil {
				return err
			}
			info, err := os.Lstat(dst)
			if err != nil {
				return fmt.Errorf("write %s: %w", c.Path, err)
			}
			if err := w.logStep(journalEntry{Op: opSave, Path: c.Path, Mode: uint32(info.Mode() & modeBits)}); err != nil {
				return err
			}
			if err := w.check("replace", c.Path); err != nil {
				return err
			}
			if err := w.verify(c, nil); err != nil {
				return err
			}
			// Moved below the tree and the stage, as the rollback moves it back: the
			// tree's owner, who owns the stage too, leads it out of neither by a link.
			if info, err = os.Lstat(dst); err != nil {
				return fmt.Errorf("write %s: %w", c.Path, err)
			}
			if err := moveBelow(w.tree, rel, w.stageDir, keep, info); err != nil {
				return fmt.Errorf("write %s: set aside the existing file: %w", c.Path, err)
			}
			if still, err := w.tree.unchanged(rel, info); err == nil && still {
				// Linked into the stage, but its name in the tree could not be removed
				// (a directory the process may not write in): it is not set aside.
				_ = w.stageDir.remove(keep, false, info)
				return fmt.Errorf("write %s: set aside the existing file: it cannot be removed from its directory", c.Path)
			}
			// Its identity where it is now: a hard link keeps the inode number only where
			// the file system numbers files, not names (a FUSE file system without
			// use_ino, CIFS with noserverino), and the rollback puts back only this file.
			savedInfo := info
			if si, err := os.Lstat(filepath.Join(w.stage, keep)); err == nil {
				savedInfo = si
			}
			w.placed = append(w.placed, placed{dst: dst, saved: filepath.Join(w.stage, keep), savedInfo: savedInfo})
			if now, err := placedFile(w.stageDir, filepath.ToSlash(keep), c.Old, nil, 0); err != nil || now == nil {
				return fmt.Errorf("write %s: the file changed while gonew-prod was writing; run again", c.Path)
			}
		}
		if c.Delete {
			continue
		}
		if err := w.mkdirBelow(filepath.Dir(dst)); err != nil {
			return err
		}
		if info, err := os.Lstat(dst); err == nil && info.IsDir() && c.Old == nil {
			if err := w.rmdirs(c.Path); err != nil {
				return err
			}
		}
		staged, err := os.Lstat(filepath.Join(stage, "new", rel))
		if err != nil {
			return fmt.Errorf("write %s: %w", c.Path, err)
		}
		if err := w.logStep(stagedAs(journalEntry{Op: opCreate, Path: c.Path, SHA256: sum(c.Content)}, staged)); err != nil {
			return err
		}
		if err := w.check("create", c.Path); err != nil {
			return err
		}
		if err := moveBelow(w.stageDir, filepath.Join("new", rel), w.tree, rel, staged); errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write %s: a file appeared there while gonew-prod was writing; it is left as it is; run again", c.Path)
		} else if err != nil {
			return fmt.Errorf("write %s: move into place: %w", c.Path, err)
		}
		ctime, err := w.logPlaced(c.Path, rel)
		if err != nil {
			return err
		}
		if c.Old != nil {
			w.placed[len(w.placed)-1].isNew = true
			w.placed[len(w.placed)-1].content = c.Content
			w.placed[len(w.placed)-1].staged = staged
			w.placed[len(w.placed)-1].ctime = ctime
		} else {
			w.placed = append(w.placed, placed{dst: dst, isNew: true, content: c.Content, staged: staged, ctime: ctime})
		}
	}
	if err := w.pruneDirs(changes); err != nil {
		return err
	}
	if err := w.syncDirs(w.tree, changePaths(changes)); err != nil {
		return err
	}
	return nil
}

// listable refuses a tree this process may not list (mode 0333, as a user: write and
// search alone): the stage of a run stopped while writing there would be in a directory
// that LeftStage and Recover, which find stages by listing the tree, cannot see, and the
// tree would stay half written with no command to tell. Checked before anything is
// made; a directory below the tree that cannot be listed is written into as any other.
func (w *writer) listable() error {
	f, err := os.Open(w.dir)
	if err == nil {
		_, err = f.Readdirnames(1)
		f.Close()
		if errors.Is(err, io.EOF) {
			err = nil
		}
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("write %s: this user may not list it (%w), and a run stopped while writing in it would leave its staging directory, which holds your files it set aside, where no later run finds it to roll it back: give yourself read permission on it (chmod u+r %s) and run again", w.dir, err, ShellQuote(w.dir))
	case err != nil:
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	return nil
}

// pruneDirs removes the directories the deletes of changes left empty, deepest first,
// each journaled as rmdirs journals them (removeDir): the directory of a deleted file when
// nothing is left in it, then its parent when that leaves it empty, up to the tree's
// root. A directory that holds anything else, a directory of yours that was empty
// before (it held no deleted file), and a symbolic link stay, and so does one that
// cannot be read or removed (a parent without write permission): an empty directory is
// no content to roll the whole write back for.
func (w *writer) pruneDirs(changes []Change) error {
	// Every directory a deleted file was in, and each of their parents: a parent can
	// only be empty once the child in it is gone, and a directory that held no deleted
	// file below it is never looked at.
	var dirs []string
	for _, c := range changes {
		if !c.Delete {
			continue
		}
		for d := path.Dir(c.Path); d != "."; d = path.Dir(d) {
			dirs = append(dirs, d)
		}
	}
	// Deepest first, so that a parent is looked at once its children are gone.
	slices.SortFunc(dirs, func(a, b string) int {
		if n := strings.Count(b, "/") - strings.Count(a, "/"); n != 0 {
			return n
		}
		return strings.Compare(a, b)
	})
	for _, rel := range slices.Compact(dirs) {
		// Looked at and removed below the tree, following no link (see belowDir).
		f, err := w.tree.openDir(filepath.FromSlash(rel))
		if err != nil {
			// Gone, a file or a link in its place (a directory turned into a file), or
			// unreadable: left as it is, as an empty directory is no change of content.
			continue
		}
		if _, err := f.Readdirnames(1); !errors.Is(err, io.EOF) {
			f.Close()
			continue // not empty, or unreadable
		}
		// A parent without write permission fails the removal (rmErr): the empty
		// directory stays.
		_, err = w.removeDir(rel, f)
		f.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// removeDir removes the empty directory rel (slash-separated, relative to the tree), which
// f is, opened below the tree: journaled first with its mode, owner, group and extended
// attributes, so that a rollback, or Recover after a kill, makes it again as it was
// (remakeDir), then removed below the tree, and only while it is that very directory
// (belowDir.remove). err stops the write (the journal could not be written, or a test's
// kill point); rmErr is the removal's own error, for the caller to decide on.
func (w *writer) removeDir(rel string, f *os.File) (rmErr, err error) {
	info, err := f.Stat()
	if err != nil {
		return err, nil
	}
	d := filepath.Join(w.dir, filepath.FromSlash(rel))
	e := journalEntry{Op: opRmdir, Path: rel, Mode: uint32(info.Mode() & dirModeBits), Xattrs: readAttrs(f)}
	if uid, gid, ok := ownerIDs(info); ok {
		e.UID, e.GID = &uid, &gid
	}
	if err := w.logStep(e); err != nil {
		return nil, err
	}
	if err := w.check("rmdir", d); err != nil {
		return nil, err
	}
	if err := w.tree.remove(filepath.FromSlash(rel), true, info); err != nil {
		return err, nil
	}
	w.removedDirs = append(w.removedDirs, rmdir{dir: d, entry: e})
	return nil, nil
}

// LeftStage refuses a tree that holds the staging directory of a Write that was killed
// (SIGKILL, a crash, power loss) before it could finish or roll back. Commands that
// write call Recover first, which rolls back such a run from its journal; LeftStage
// stops the others (a dry run, a check) and any run that Recover could not help.
// Commands check it before anything else, since the tree it explains looks edited.
// A stage whose lock another process holds is a live run's, not a killed one's: that
// is refused with ErrLocked, as LockDir refuses a second add or update.
func LeftStage(dir string) error {
	left := stagesIn(dir)
	// A finished run's stage holds nothing the tree needs: add or update removes it.
	left = slices.DeleteFunc(left, finishedStage)
	if len(left) == 0 {
		return nil
	}
	for _, stage := range left {
		if liveStage(stage) {
			return fmt.Errorf("%s: %w", dir, ErrLocked)
		}
	}
	// Said as Recover would find it: a journal it does not follow is refused as Recover
	// refuses it, not promised a rollback.
	data, err := os.ReadFile(filepath.Join(left[0], journalFile))
	switch {
	case errors.Is(err, fs.ErrPermission):
		return unreachableStage(dir, left[0], err)
	case err != nil:
		return leftStage(dir, left[0])
	}
	entries, err := parseJournal(data)
	switch {
	case err != nil:
		return unreadableJournal(dir, left[0], err)
	case len(entries) == 0 && onlyJournal(left[0]):
		// Killed before its first line was on disk: nothing of it is in the tree.
	case len(entries) == 0 || !writtenFor(dir, left[0], entries[0]):
		return foreignStage(dir, left[0], entries)
	}
	return fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing, and the tree may hold part of its changes: gonew-prod new, add or update (not a dry run or a check) rolls it back first, from the journal it holds", dir, left[0])
}

// StageBelow is the error of LeftStageBelow: the directory Dir below the one a run works
// in holds what LeftStage refuses (Err).
type StageBelow struct {
	Dir string
	Err error
}

func (e *StageBelow) Error() string { return e.Err.Error() }
func (e *StageBelow) Unwrap() error { return e.Err }

// LeftStageBelow is LeftStage for each directory from root down to root/rel
// (slash-separated), root's own left out (the run's own, which it rolls back or refuses
// itself): a run in root that works on the module in such a directory (add ci at a
// monorepo's root for the service in svc/, update of the record add moved there) would
// plan against what a run stopped while writing there left half-written. Its error is a
// *StageBelow, for the directory nearest to root.
func LeftStageBelow(root, rel string) error {
	rel = path.Clean(rel)
	if rel == "." || !fs.ValidPath(rel) {
		return nil
	}
	d := root
	for _, part := range strings.Split(rel, "/") {
		d = filepath.Join(d, part)
		if err := LeftStage(d); err != nil {
			return &StageBelow{Dir: d, Err: err}
		}
	}
	return nil
}

// liveStage reports whether another process holds the lock of stage, the staging
// directory of a Write still going (as Recover tells it). Anything but a directory is
// not opened: a named pipe would block the open.
func liveStage(stage string) bool {
	if info, err := os.Lstat(stage); err != nil || !info.IsDir() {
		return false
	}
	unlock, _, err := TryLockDir(stage)
	if err != nil {
		return errors.Is(err, ErrLocked)
	}
	unlock()
	return false
}

// leftStage refuses stage, a staging directory without a journal (from a gonew-prod
// older than the journal): its saved/ holds the user's former files of the paths it had
// replaced, which only the user can put back.
func leftStage(dir, stage string) error {
	saved := 0
	_ = filepath.WalkDir(filepath.Join(stage, "saved"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			saved++
		}
		return nil
	})
	if saved == 0 {
		return fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing; nothing of yours is in it: remove it and run again", dir, stage)
	}
	return fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing: its saved/ directory holds %d file(s) of yours, as they were before that run, at their paths in the tree; put them back (mv each one to its path keeps its mode), undo the rest of that run, which git status shows (the files it created, and %s when it wrote one), remove %s and run again", dir, stage, saved, RecordFile, stage)
}

// verify checks that c's path still holds what the plan saw and that nothing but
// directories is on the way to it, or a file that a change before c deletes (a file
// turned into a directory: deleted holds the paths the changes delete, which come before
// the paths below them).
func (w *writer) verify(c Change, deleted map[string]bool) error {
	old, _, blocker, err := Look(os.DirFS(w.dir), c.Path)
	onTheWay, _ := strings.CutSuffix(blocker, " is not a directory")
	switch {
	case err != nil:
		return fmt.Errorf("write %s: %w", c.Path, err)
	case c.Old == nil && onTheWay != "" && deleted[onTheWay]:
	case c.Old == nil && blocker == "is a directory" && deletesBelow(deleted, c.Path):
		// A directory turned into a file: emptied by the deletes first (deletesFirst),
		// removed once empty (rmdirs), else the write stops.
	case blocker != "":
		return fmt.Errorf("write %s: %s; move it away and run again", c.Path, blocker)
	case c.Old == nil && old != nil:
		return fmt.Errorf("write %s: the file appeared after the plan was made; run again", c.Path)
	case c.Old != nil && !bytes.Equal(old, c.Old):
		return fmt.Errorf("write %s: the file changed after the plan was made; run again", c.Path)
	}
	if err := checkHardLinks(w.dir, c); err != nil {
		return fmt.Errorf("write %w", err)
	}
	return nil
}

// CheckLinks refuses changes that replace or delete a file of the tree at dir that has
// more than one hard link: Write puts a new file in its place, and the other names would
// keep the old content. Write refuses them too; a command checks them while it plans, so
// that its dry run (and update --check) says what the real run does. It names every such
// file at once, as a command names every file in the way that is not a regular one.
func CheckLinks(dir string, changes []Change) error {
	var linked, undo []string
	var first error
	for _, c := range changes {
		n, err := hardLinks(dir, c)
		if err != nil {
			return err
		}
		if n > 1 {
			if first == nil {
				first = hardLinked(c.Path, n)
			}
			linked = append(linked, fmt.Sprintf("%s (%d hard links)", c.Path, n))
			undo = append(undo, ownCopy(c.Path))
		}
	}
	if len(linked) < 2 {
		return first
	}
	return fmt.Errorf("%d files have other hard links: %s; gonew-prod puts a new file in place of each: the other names would keep the old content; give each a copy of its own (%s) and run again", len(linked), strings.Join(linked, ", "), strings.Join(undo, "; "))
}

// hardLinks returns the number of hard links of the file of dir that the change c
// replaces or deletes; 0 when it creates one.
func hardLinks(dir string, c Change) (uint64, error) {
	if c.Old == nil {
		return 0, nil
	}
	info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(c.Path)))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", c.Path, err)
	}
	return links(info), nil
}

// checkHardLinks refuses the change c when the file of dir it replaces or deletes has
// more than one hard link.
func checkHardLinks(dir string, c Change) error {
	n, err := hardLinks(dir, c)
	if err != nil || n < 2 {
		return err
	}
	return hardLinked(c.Path, n)
}

// hardLinked is the refusal of the file at rel, which has n hard links.
func hardLinked(rel string, n uint64) error {
	return fmt.Errorf("%s: the file has %d hard links, and gonew-prod puts a new file in its place: the other names would keep the old content; give it a copy of its own (%s) and run again", rel, n, ownCopy(rel))
}

// ownCopy returns the shell command that gives the file at rel a copy of its own.
func ownCopy(rel string) string {
	q, tmp := ShellQuote(rel), ShellQuote(rel+".tmp")
	return fmt.Sprintf("cp -p %s %s && mv %s %s", q, tmp, tmp, q)
}

// stageAll writes every new file under root, a directory below the staging directory
// (stageFile).
func (w *writer) stageAll(root string, changes []Change) error {
	for _, c := range changes {
		if c.Delete {
			continue
		}
		if err := w.check("stage", c.Path); err != nil {
			return err
		}
		staged := filepath.Join(root, filepath.FromSlash(c.Path))
		if err := w.stageDirs(filepath.Dir(staged)); err != nil {
			return err
		}
		if c.Old == nil { // a new file is the owner's of the directory it goes in
			dir, err := w.dirOwner(c.Path)
			if err == nil {
				err = w.stageFile(staged, c.Content, c.Mode, func(f *os.File) error {
					return fsameOwner(f, dir)
				})
			}
			if err != nil {
				return fmt.Errorf("write %s: %w", c.Path, err)
			}
			continue
		}
		// The file replaced keeps its setuid, setgid and sticky bits (a group-shared
		// checkout's g+s), its owner, and its ACLs, labels…, read through it, opened
		// below the tree (see belowDir).
		was, err := w.tree.open(filepath.FromSlash(c.Path))
		if err != nil {
			return fmt.Errorf("write %s: %w", c.Path, err)
		}
		info, err := was.Stat()
		if err == nil {
			mode := c.Mode&fs.ModePerm | info.Mode()&specialBits
			err = w.stageFile(staged, c.Content, mode, sameFile(was, info, mode))
		}
		was.Close()
		if err != nil {
			return fmt.Errorf("write %s: %w", c.Path, err)
		}
	}
	return nil
}

// sameFile returns what stageFile gives a file that replaces the file old, open, or
// keeps its content (a backup), which was describes (old's Stat): its owner and group,
// its extended attributes, and then mode again when mode has a setuid, setgid or sticky
// bit (keepSpecial).
func sameFile(old *os.File, was fs.FileInfo, mode fs.FileMode) func(*os.File) error {
	return func(f *os.File) error {
		if err := fsameOwner(f, was); err != nil {
			return err
		}
		if err := fsetAttrs(f, readAttrs(old)); err != nil {
			return err
		}
		return keepSpecial(f, was, mode)
	}
}

// keepSpecial sets the mode of f, a file just given the owner of the file was describes
// (fsameOwner), to mode again when mode has a setuid, setgid or sticky bit: a chown
// clears setuid and setgid. The setuid bit stays only where f has was's owner, setgid
// only where it has its group: a file the process could not give away stays the
// process's, and would otherwise run as another user than the file it replaces.
func keepSpecial(f *os.File, was fs.FileInfo, mode fs.FileMode) error {
	if mode&specialBits == 0 {
		return nil
	}
	info, err := f.Stat()
	if err != nil {
		return err
	}
	user, group := sameIDs(info, was)
	if !user {
		mode &^= fs.ModeSetuid
	}
	if !group {
		mode &^= fs.ModeSetgid
	}
	if info.Mode()&modeBits == mode {
		return nil
	}
	return f.Chmod(mode)
}

// journaledOwner returns the owner and group that e journals (UID, GID) for a file or
// directory a rollback of a write into the tree puts back in the directory parent, and
// whether there is one to give; tree and parent are as read (nil when they could not
// be). An entry without them (a gonew-prod before them journaled none) gives the
// parent's, as a file a run creates gets. A journal read from disk (fromJournal:
// Recover's), which the tree's owner may write, gives no owner or group that neither the
// parent nor the tree has: the parent's stand instead.
func journaledOwner(tree, parent fs.FileInfo, e journalEntry, fromJournal bool) (uid, gid uint32, ok bool) {
	if parent == nil {
		return 0, 0, false
	}
	uid, gid, ok = ownerIDs(parent)
	if !ok || e.UID == nil || e.GID == nil {
		return uid, gid, ok
	}
	tuid, tgid := uid, gid
	if tree != nil {
		tuid, tgid, _ = ownerIDs(tree)
	}
	if !fromJournal || *e.UID == tuid {
		uid = *e.UID
	}
	if !fromJournal || *e.GID == tgid {
		gid = *e.GID
	}
	return uid, gid, true
}

// ownedAs gives p the owner and group of dir, or of the closest directory above it
// that exists (ownerDir).
func ownedAs(p, dir string) error {
	if info := ownerDir(dir); info != nil {
		return sameOwner(p, info)
	}
	return nil
}

// ownerDir returns the directory dir, or the closest one above it that exists (where
// missing ones will be created, as mkdirParents gives them their owner), whose owner and
// group what is made at dir gets; nil when none can be read.
func ownerDir(dir string) fs.FileInfo {
	for {
		info, err := os.Stat(dir)
		if err == nil {
			return info
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(dir) == dir {
			return nil
		}
		dir = filepath.Dir(dir)
	}
}

// dirOwner returns the directory the new file rel (slash-separated) goes in, or the
// closest one above it that is one (missing, or a file a delete turns into a directory),
// opened below the tree, following no symbolic link: the tree itself at the most. In a
// new tree, the stage, which has the owner of the directory the tree is made in
// (ownStage).
func (w *writer) dirOwner(rel string) (fs.FileInfo, error) {
	if w.tree == nil {
		return w.stageOwner, nil
	}
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if sub, err := w.tree.dir(filepath.FromSlash(d), 0); err == nil {
			defer sub.Close()
			return sub.info()
		}
	}
	return w.tree.info()
}

// ownStage gives the staging directory the owner and group of the directory it is in
// (the tree, or the parent of a new tree), both read and changed through what was
// opened (w.stageIn, w.stageDir), and keeps them in stageOwner for what is made in it.
func (w *writer) ownStage() error {
	info, err := w.stageIn.info()
	if err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	f, err := w.stageDir.open(".")
	if err != nil {
		return fmt.Errorf("write %s: open the staging directory: %w", w.dir, err)
	}
	defer f.Close()
	if err := fsameOwner(f, info); err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	if w.stageOwner, err = f.Stat(); err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	return nil
}

// OwnedAsParents gives root, and every file and directory below it that the process
// owns, the owner and group of the directory each is in, as Write gives what it
// creates (where the process may give them): for what another program made for a run
// as root in a user's directory, such as the repository of new's first commit, which
// the user's own git must be able to write in. A root that is not there is left.
func OwnedAsParents(root string) error {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil || !ownedByProcess(info) {
			return err
		}
		return ownedAs(p, filepath.Dir(p))
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// backupAll copies every file a change replaces or deletes with Backup set to a name
// nothing holds, before any of them is touched.
func (w *writer) backupAll(changes []Change) error {
	names, err := BackupNames(w.dir, changes)
	if err != nil {
		return err
	}
	for _, c := range changes {
		name, ok := names[c.Path]
		if !ok {
			continue
		}
		// The backup is written whole in the stage, then linked into place, so that
		// the tree never holds a part of it.
		staged := filepath.Join("backup", filepath.FromSlash(name))
		if err := w.stageDirs(filepath.Dir(staged)); err != nil {
			return err
		}
		// It gets the file's owner, mode and attributes, read through the file opened
		// below the tree.
		src, err := w.tree.open(filepath.FromSlash(c.Path))
		if err != nil {
			return fmt.Errorf("write %s: back up: %w", c.Path, err)
		}
		info, err := src.Stat()
		if err == nil {
			mode := info.Mode() & modeBits
			err = w.stageFile(staged, c.Old, mode, sameFile(src, info, mode))
		}
		src.Close()
		var stagedInfo fs.FileInfo
		if err == nil {
			stagedInfo, err = os.Lstat(filepath.Join(w.stage, staged))
		}
		if err != nil {
			return fmt.Errorf("write %s: back up to %s: %w", c.Path, name, err)
		}
		// Journaled by its identity too, as a new file is: a backup of a file this user
		// may not read (root's, after a run as root; made 0200 since) is known by it.
		if err := w.logStep(stagedAs(journalEntry{Op: opBackup, Path: name, SHA256: sum(c.Old)}, stagedInfo)); err != nil {
			return err
		}
		if err := w.check("backup", name); err != nil {
			return err
		}
		if err := moveBelow(w.stageDir, staged, w.tree, filepath.FromSlash(name), stagedInfo); err != nil {
			return fmt.Errorf("write %s: back up to %s: %w", c.Path, name, err)
		}
		ctime, err := w.logPlaced(name, filepath.FromSlash(name))
		if err != nil {
			return err
		}
		w.backups = append(w.backups, madeBackup{Backup: Backup{Path: c.Path, Copy: name}, content: c.Old, staged: stagedInfo, ctime: ctime})
	}
	return nil
}

// recordLast returns changes with those of the record (RecordFile, at any depth) moved
// to the end, the order kept otherwise.
func recordLast(changes []Change) []Change {
	out := slices.Clone(changes)
	slices.SortStableFunc(out, func(a, b Change) int {
		ra, rb := path.Base(a.Path) == RecordFile, path.Base(b.Path) == RecordFile
		switch {
		case ra == rb:
			return 0
		case rb:
			return -1
		}
		return 1
	})
	return out
}

// BackupNames returns the name of the backup Write makes in dir of each change of
// changes that it backs up (Backup set, over a file: Old not nil), by the change's path:
// PATH.orig, or PATH.orig.N for the smallest N such that nothing in dir is at it and no
// change or earlier backup uses it. Write names its backups with it, and a dry run
// names them so before it.
func BackupNames(dir string, changes []Change) (map[string]string, error) {
	taken := map[string]bool{}
	for _, c := range changes {
		taken[c.Path] = true
	}
	names := map[string]string{}
	for _, c := range changes {
		if !c.Backup || c.Old == nil {
			continue
		}
		name, err := freeName(dir, c.Path+BackupSuffix, taken)
		if err != nil {
			return nil, err
		}
		taken[name] = true
		names[c.Path] = name
	}
	return names, nil
}

// freeName returns name, or name.N for the smallest N, such that nothing in dir is at it
// nor beside it under a name that differs from it only in letter case (readme.md.orig
// of yours beside a README.md.orig would be one file on macOS and Windows), and no
// change or earlier backup uses it, in any case. Only the last element is compared:
// the backup goes in the directory its file is in, however a file system that ignores
// case spells that directory (K8S/ found as k8s/).
func freeName(dir, name string, taken map[string]bool) (string, error) {
	folded := map[string]bool{}
	for p := range taken {
		folded[strings.ToLower(p)] = true
	}
	for n := 0; n < 1000; n++ {
		cand := name
		if n > 0 {
			cand = name + "." + strconv.Itoa(n)
		}
		if folded[strings.ToLower(cand)] {
			continue
		}
		if b := path.Base(cand); len(b) > MaxName {
			return "", fmt.Errorf("back up %s: its backup would be named %s, %d bytes, longer than the %d bytes a file system takes for a name; move %s out of the way (or rename it) yourself and run again", strings.TrimSuffix(name, BackupSuffix), b, len(b), MaxName, strings.TrimSuffix(name, BackupSuffix))
		}
		_, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(cand)))
		switch {
		case err == nil:
			continue
		case !errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("write %s: %w", cand, err)
		}
		entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(path.Dir(cand))))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("write %s: %w", cand, err)
		}
		base := path.Base(cand)
		if !slices.ContainsFunc(entries, func(e fs.DirEntry) bool { return strings.EqualFold(e.Name(), base) }) {
			return cand, nil
		}
	}
	return "", fmt.Errorf("write %s: no free backup name (tried %s to %s.999)", name, name, name)
}

// mkdirParents creates dir, the directory a new tree goes into, and its missing
// parents, shallowest first, each remembered for rollback and given the owner and group
// of the closest directory above that exists, and returns the inode of dir. That
// directory is opened once (a link at its path is followed, as Write follows one at
// the tree's), and the missing ones are made and given their owner below it, following
// no symbolic link (see belowDir): its owner, who may swap a link in for one meanwhile,
// leads a run as root to make or give away nothing elsewhere. It stays open, for the
// rollback to remove them below it (removeCreated).
func (w *writer) mkdirParents(dir string) (uint64, error) {
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		info, err := os.Stat(d)
		if err == nil {
			if !info.IsDir() {
				return 0, fmt.Errorf("write %s: %s is not a directory", w.dir, d)
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return 0, fmt.Errorf("write %s: %w", w.dir, err)
		}
		missing = append(missing, d)
		if filepath.Dir(d) == d {
			break
		}
	}
	top := dir
	if len(missing) > 0 {
		top = filepath.Dir(missing[len(missing)-1])
	}
	d, err := openTree(top, 0)
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", w.dir, err)
	}
	if len(missing) == 0 {
		defer d.Close()
	} else {
		w.parentsIn, w.parentsMade = d, map[string]fs.FileInfo{}
	}
	owner, err := d.info()
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", w.dir, err)
	}
	made := owner
	for i := len(missing) - 1; i >= 0; i-- {
		if err := w.check("mkdir", missing[i]); err != nil {
			return 0, err
		}
		rel, err := filepath.Rel(top, missing[i])
		if err != nil {
			return 0, fmt.Errorf("write %s: %w", w.dir, err)
		}
		f, err := d.mkdir(rel, 0o755)
		if err != nil {
			return 0, fmt.Errorf("write %s: %w", w.dir, err)
		}
		w.created = append(w.created, missing[i])
		made, err = f.Stat()
		if err == nil {
			w.parentsMade[missing[i]] = made
			err = fsameOwner(f, owner)
		}
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("write %s: %w", w.dir, err)
		}
	}
	ino, _ := inode(made)
	return ino, nil
}

// mkdirBelow creates dir, in the tree, and its missing parents, shallowest first, each
// journaled before it is made and remembered for rollback, looked for and made below
// the tree, following no symbolic link (see belowDir), and given the owner and group of
// its parent as opened there: a run as root in a user's tree makes no directory the
// user cannot write in, and a link the tree's owner swaps in on the way meanwhile stops
// the write, and nothing is made where it leads.
func (w *writer) mkdirBelow(dir string) error {
	rel := w.rel(dir)
	if rel == "." {
		return nil
	}
	names := strings.Split(rel, "/")
	for i := range names {
		d := filepath.Join(names[:i+1]...)
		parent, err := w.tree.dir(filepath.Dir(d), 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", w.dir, err)
		}
		err = w.mkdirIn(parent, d)
		parent.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// mkdirIn makes the directory d (relative to the tree) in parent, opened below the
// tree, unless a directory is there already: journaled first, remembered for rollback,
// and given parent's owner and group.
func (w *writer) mkdirIn(parent *belowDir, d string) error {
	if sub, err := w.tree.dir(d, 0); err == nil {
		return sub.Close()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	p := filepath.Join(w.dir, d)
	if err := w.logStep(journalEntry{Op: opMkdir, Path: filepath.ToSlash(d)}); err != nil {
		return err
	}
	if err := w.check("mkdir", p); err != nil {
		return err
	}
	f, err := w.tree.mkdir(d, 0o755)
	if err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	defer f.Close()
	w.created = append(w.created, p)
	owner, err := parent.info()
	if err == nil {
		err = fsameOwner(f, owner)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", w.dir, err)
	}
	return nil
}

// stageDirs creates the directory rel below the staging directory and its missing
// parents, shallowest first, as belowDir.mkdir makes them (following no link), each with
// the stage's owner and group (stageOwner): a run as root in a user's tree leaves no
// stage the user cannot roll back. One already there is kept; a link there stops what is
// made below it (belowDir.create, mkdir).
func (w *writer) stageDirs(rel string) error {
	names := strings.Split(filepath.ToSlash(rel), "/")
	for i := range names {
		d := filepath.Join(names[:i+1]...)
		f, err := w.stageDir.mkdir(d, 0o755)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", w.dir, err)
		}
		err = fsameOwner(f, w.stageOwner)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", w.dir, err)
		}
	}
	return nil
}

// rollback undoes what was done, newest first. Each undo is journaled before it is
// taken (undoStep), so that a run killed during its rollback (SIGTERM, then SIGKILL once
// a grace period is over) leaves a stage Recover finishes rolling back; the stage goes
// last, its journal last in it. A failure to remove the stage, where nothing of the
// tree's is left (the tree's files are all back), is returned apart, as stageErr.
func (w *writer) rollback() (err, stageErr error) {
	var errs []error
	if w.indexEntry != nil {
		back, err := indexRollback(w.dir, w.stage, *w.indexEntry, w.index.Digest, nil)
		if err == nil && back {
			if err := w.undoStep(*w.indexEntry); err != nil {
				return err, nil
			}
			err = w.restoreIndex(*w.indexEntry, false)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("git's index is left as it is (its copy from before the run is in %s): %w", filepath.Join(w.stage, indexFile), err))
			w.stage = "" // keep the stage: it holds the copy
		}
	}
	for i := len(w.placed) - 1; i >= 0; i-- {
		p := w.placed[i]
		var placedInfo fs.FileInfo // the file placed, in a write into a tree
		if p.isNew && p.content != nil {
			info, err := w.ownPlaced(p.dst, "placed its file", p.content, p.staged, p.ctime)
			if err != nil {
				errs = append(errs, err)
			}
			p.isNew, placedInfo = info != nil, info
		}
		if p.isNew {
			if err := w.undoStep(journalEntry{Op: opCreate, Path: w.rel(p.dst)}); err != nil {
				return err, nil
			}
			var rmErr error
			if w.tree == nil { // a new tree, below the directory it was moved into
				rmErr = w.stageIn.removeAll(filepath.Base(p.dst), p.staged)
			} else {
				rmErr = w.tree.remove(w.rel(p.dst), false, placedInfo)
			}
			if rmErr != nil && !errors.Is(rmErr, fs.ErrNotExist) {
				errs = append(errs, rmErr)
			}
		}
		if p.saved != "" {
			if err := w.undoRmdirs(p.dst, &errs); err != nil {
				return err, nil
			}
			// A file turned into a directory: the directories made in its place go
			// first (empty once what the run placed in them is removed).
			for i := len(w.created) - 1; i >= 0; i-- {
				if d := w.created[i]; d == p.dst || strings.HasPrefix(d, p.dst+string(filepath.Separator)) {
					if err := w.undoStep(journalEntry{Op: opMkdir, Path: w.rel(d)}); err != nil {
						return err, nil
					}
					if err := w.removeCreated(d); err == nil || errors.Is(err, fs.ErrNotExist) {
						w.created = slices.Delete(w.created, i, i+1)
					}
				}
			}
			if err := w.undoStep(journalEntry{Op: opSave, Path: w.rel(p.dst)}); err != nil {
				return err, nil
			}
			if _, err := w.putBackSaved(filepath.FromSlash(w.rel(p.dst)), p.savedInfo); err != nil {
				errs = append(errs, fmt.Errorf("restore %s (its former content is in %s): %w", p.dst, p.saved, err))
				w.stage = "" // keep the stage: it holds the user's file
			}
		}
	}
	if err := w.undoRmdirs("", &errs); err != nil {
		return err, nil
	}
	for _, b := range w.backups {
		// A backup another program wrote since, or put another file in the place of,
		// is its now: left, and named.
		info, err := w.ownPlaced(filepath.Join(w.dir, filepath.FromSlash(b.Copy)), "made it the backup of "+b.Path, b.content, b.staged, b.ctime)
		if err != nil {
			errs = append(errs, err)
		}
		if info == nil {
			continue
		}
		if err := w.undoStep(journalEntry{Op: opBackup, Path: b.Copy}); err != nil {
			return err, nil
		}
		if err := w.tree.remove(filepath.FromSlash(b.Copy), false, info); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	// The directories the run created go before its stage, whose journal lists them,
	// but for those the stage is in (the parents of a new tree), which go after it.
	var around []string
	for i := len(w.created) - 1; i >= 0; i-- {
		d := w.created[i]
		if strings.HasPrefix(w.stage, d+string(filepath.Separator)) {
			around = append(around, d)
			continue
		}
		if err := w.undoStep(journalEntry{Op: opMkdir, Path: w.rel(d)}); err != nil {
			return err, nil
		}
		if err := w.removeCreated(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if w.stage != "" {
		if err := w.removeStage(w.stage); errors.Is(err, errKilled) {
			return err, nil
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			stageErr = err
		}
	}
	for _, d := range around {
		if err := w.removeCreated(d); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return joinErrors(errs), stageErr
}

// joinErrors returns the errors of errs that are not nil as one, nil when there are
// none: each of them is what errors.Is and errors.As look through (as errors.Join), and
// its text is theirs separated by "; ", one line for the terminal, not one a line.
func joinErrors(errs []error) error {
	errs = slices.DeleteFunc(slices.Clone(errs), func(err error) bool { return err == nil })
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	args := make([]any, len(errs))
	for i, err := range errs {
		args[i] = err
	}
	return fmt.Errorf(strings.Repeat("%w; ", len(errs)-1)+"%w", args...)
}

// stageFile writes content to the new file rel below the staging directory, of mode
// mode, created there as belowDir.create creates it (following no link, nothing there
// before), and gives it what set sets (its owner, its attributes) through the file
// opened: nothing the tree's owner, who owns the stage, swaps a link in for meanwhile is
// written or changed. It is flushed before it is closed, to be moved into place.
func (w *writer) stageFile(rel string, content []byte, mode fs.FileMode, set func(*os.File) error) error {
	f, err := w.stageDir.create(rel, mode)
	if err != nil {
		return err
	}
	_, err = f.Write(content)
	if err == nil {
		err = f.Chmod(mode) // the umask must not change generated modes
	}
	if err == nil {
		err = set(f)
	}
	if err == nil {
		err = f.Sync() // on disk before it is moved into place
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// changePaths returns the paths of changes.
func changePaths(changes []Change) []string {
	out := make([]string, len(changes))
	for i, c := range changes {
		out[i] = c.Path
	}
	return out
}

// syncDirs flushes to disk the entries of root and of every directory between root and
// paths (slash-separated, relative to root), so that the files moved or
// created there stay after a crash or a power loss, as the files' own Sync keeps their
// content. Each is opened below root as opened, following no symbolic link (see
// belowDir): a link or a named pipe the tree's owner swaps in is not opened. Directories
// that no longer exist, or where a link or a file is now, are skipped.
func (w *writer) syncDirs(root *belowDir, paths []string) error {
	if runtime.GOOS == "windows" {
		return nil // a directory cannot be flushed there; NTFS journals the renames
	}
	dirs := map[string]bool{".": true}
	for _, p := range paths {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[filepath.FromSlash(d)] = true
		}
	}
	for _, rel := range slices.Sorted(maps.Keys(dirs)) {
		d := filepath.Join(root.path, rel)
		if err := w.check("sync", d); err != nil {
			return err
		}
		f, err := root.openDir(rel)
		if errors.Is(err, fs.ErrNotExist) || putThere(err) {
			continue // gone, or a file in its place again (a rollback of a file turned into a directory), or a link
		}
		if errors.Is(err, fs.ErrPermission) {
			// A directory this user may write in and search, but not list (mode
			// 0333), cannot be opened to be flushed: its file system is, whole.
			if err := syncUnlistable(d, err); err != nil {
				return fmt.Errorf("write %s: sync %s: %w", w.dir, d, err)
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("write %s: sync %s: %w", w.dir, d, err)
		}
		err = f.Sync()
		if errors.Is(err, syscall.EINVAL) || errors.Is(err, syscall.ENOTSUP) {
			err = nil // a file system that cannot flush a directory (some network ones)
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("write %s: sync %s: %w", w.dir, d, err)
		}
	}
	return nil
}

// putBackSaved moves the file set aside at rel in saved/ back to rel in the tree
// (moveBelow), the very file want describes when want is not nil, and returns what is
// at rel then. One that a hard-link snapshot of the tree (cp -al, rsnapshot) taken since
// gave other names too is not linked into the tree, where a write to it would change the
// snapshot: saved/ gets a copy of its own first (ownCopy), which goes back, and the
// snapshot keeps the file.
func (w *writer) putBackSaved(rel string, want fs.FileInfo) (fs.FileInfo, error) {
	saved := filepath.Join("saved", rel)
	want, err := w.stageDir.ownCopy(saved, want)
	if err != nil {
		return nil, err
	}
	return want, moveBelow(w.stageDir, saved, w.tree, rel, want)
}

// placedFile returns what is at rel in the tree, reached below it as belowDir.open
// reaches it, when it is the regular file holding content that the run placed there;
// nil when another file is there. One the process may not read (a mode of 0200, as a
// user) is the run's when it is still the file staged describes, unchanged (see
// belowDir.unchanged), and was changed last, once in place, at ctime, a time that tells
// (timesTell): where it cannot, err says so, naming the file.
func placedFile(tree *belowDir, rel string, content []byte, staged fs.FileInfo, ctime int64) (fs.FileInfo, error) {
	f, err := tree.open(filepath.FromSlash(rel))
	if errors.Is(err, fs.ErrPermission) && staged != nil {
		if same, serr := tree.unchanged(filepath.FromSlash(rel), staged); serr != nil || !same {
			return nil, serr
		}
		if err := timesTell(rel, filepath.Join(tree.path, filepath.FromSlash(rel)), staged.ModTime().UnixNano(), ctime, err); err != nil {
			return nil, err
		}
		return staged, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, err
	}
	if now, err := io.ReadAll(f); err != nil || !bytes.Equal(now, content) {
		return nil, err
	}
	return info, nil
}

// ownPlaced returns what is at dst, where the run placed a file holding content (a new
// file, a backup), staged as staged describes and changed last, once in place, at ctime,
// while it is still that file (placedFile), for the rollback to remove that very file;
// nil when it is gone, and nil with an error naming it, to be left as it is, when it is
// not known to be the run's (what says what the run made of it: "placed its file").
func (w *writer) ownPlaced(dst, what string, content []byte, staged fs.FileInfo, ctime int64) (fs.FileInfo, error) {
	info, err := placedFile(w.tree, w.rel(dst), content, staged, ctime)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil // gone already
	case err != nil:
		return nil, fmt.Errorf("%s is left as it is: %w", dst, err)
	case info == nil:
		return nil, fmt.Errorf("%s was written by another program after gonew-prod %s: it is left as it is", dst, what)
	}
	return info, nil
}

// removeCreated removes d, a directory the run created, when empty, following no link
// (see belowDir): below the tree in a write into one; for a new tree, one of its
// missing parents, below the directory they were made in (parentsIn), and only while it
// is the directory made there: the owner of that directory, who may swap a link in for
// one meanwhile, leads a run as root to remove nothing elsewhere.
func (w *writer) removeCreated(d string) error {
	if w.tree != nil {
		return w.tree.remove(filepath.FromSlash(w.rel(d)), true, nil)
	}
	if w.parentsIn == nil {
		return fmt.Errorf("%s: not a directory the run made", d)
	}
	rel, err := filepath.Rel(w.parentsIn.path, d)
	if err != nil {
		return err
	}
	return w.parentsIn.remove(rel, true, w.parentsMade[d])
}

// notTheFile refuses to act on p, which is not what the run left there.
func notTheFile(p string) error {
	return fmt.Errorf("%s is not what the run left there (another program put another file, a link or a directory there meanwhile): it is left as it is", p)
}

// rmdir is a directory Write removed, emptied, for a file to go in its place or as
// its deletes left it empty, and its journal entry, which says how to make it again.
type rmdir struct {
	dir   string
	entry journalEntry
}

// deletesBelow reports whether deleted holds a path below p.
func deletesBelow(deleted map[string]bool, p string) bool {
	for d := range deleted {
		if strings.HasPrefix(d, p+"/") {
			return true
		}
	}
	return false
}

// deletesFirst returns changes with each delete of a path below a path another change
// writes moved to the front (in order): a directory turned into a file is emptied
// before the file is written.
func deletesFirst(changes []Change) []Change {
	written := map[string]bool{}
	for _, c := range changes {
		if !c.Delete {
			written[c.Path] = true
		}
	}
	below := func(c Change) bool {
		for d := path.Dir(c.Path); c.Delete && d != "."; d = path.Dir(d) {
			if written[d] {
				return true
			}
		}
		return false
	}
	var first, rest []Change
	for _, c := range changes {
		if below(c) {
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	return append(first, rest...)
}

// rmdirs removes the directory at rel (the change's path), which the deletes before
// emptied of files, and the directories in it, deepest first, each looked at below the
// tree (following no link) and journaled as removeDir journals it: a file goes there.
// Anything else in it stops the write.
func (w *writer) rmdirs(rel string) error {
	var dirs []string
	var walk func(d string) error
	walk = func(d string) error {
		f, err := w.tree.openDir(filepath.FromSlash(d))
		if err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
		entries, err := f.ReadDir(-1)
		f.Close()
		if err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
		dirs = append(dirs, d)
		for _, e := range entries {
			p := path.Join(d, e.Name())
			if !e.IsDir() {
				return fmt.Errorf("write %s: %s is in the directory this version replaces by a file, and the update does not delete it; move it away and run again", rel, p)
			}
			if err := walk(p); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(rel); err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		f, err := w.tree.openDir(filepath.FromSlash(dirs[i]))
		if err != nil {
			return fmt.Errorf("write %s: %w", rel, err)
		}
		rmErr, err := w.removeDir(dirs[i], f)
		f.Close()
		if err != nil {
			return err
		}
		if rmErr != nil {
			return fmt.Errorf("write %s: remove the directory %s: %w", rel, dirs[i], rmErr)
		}
	}
	return nil
}

// undoRmdirs makes again, shallowest first, the directories rmdirs removed that lead to
// p, or all of them when p is "" (a rollback). One it cannot make again (a file in its
// place, its parent gone) is added to errs, which the rollback reports. Its error is
// errKilled alone (tests).
func (w *writer) undoRmdirs(p string, errs *[]error) error {
	for i := len(w.removedDirs) - 1; i >= 0; i-- {
		d := w.removedDirs[i]
		if p != "" && !strings.HasPrefix(p, d.dir+string(filepath.Separator)) {
			continue
		}
		if err := w.undoStep(journalEntry{Op: opRmdir, Path: w.rel(d.dir)}); err != nil {
			return err
		}
		err := w.remakeDir(d.dir, d.entry, false)
		w.removedDirs = slices.Delete(w.removedDirs, i, i+1)
		if err != nil {
			*errs = append(*errs, fmt.Errorf("make again the directory %s (of mode %v), which the write removed for its files: %w", d.dir, fs.FileMode(d.entry.Mode)&dirModeBits, err))
		}
	}
	return nil
}

// remakeDir makes again at p the directory that e, an opRmdir of a write into the tree
// at dir, journals as removed: with its mode (setgid and sticky bits included, whatever
// the umask), then its owner and group where the process may give them (a run as root
// in a user's tree, see journaledOwner), and its extended attributes. A directory at p
// already (made by another program meanwhile) is left as it is. A journal read from
// disk (fromJournal: Recover's), which the tree's owner may write, gives back no
// extended attribute but user.* ones and ACLs (an SELinux label comes from the file
// system's policy, as for any new directory).
func (w *writer) remakeDir(p string, e journalEntry, fromJournal bool) error {
	mode := fs.FileMode(e.Mode) & dirModeBits
	rel, err := filepath.Rel(w.dir, p)
	if err != nil {
		return err
	}
	// Made and opened below the tree, and changed through what was opened: the tree's
	// owner may swap a link in for it meanwhile, which a run as root must not follow.
	f, err := w.tree.mkdir(rel, mode)
	if errors.Is(err, fs.ErrExist) {
		if info, serr := os.Lstat(p); serr == nil && info.IsDir() {
			return nil
		}
		return err
	} else if err != nil {
		return err
	}
	defer f.Close()
	if w.beforeMode != nil {
		w.beforeMode(p)
	}
	// The owners of the tree and of the parent are read through them, opened below.
	tree, _ := w.tree.info()
	var parent fs.FileInfo
	if d, err := w.tree.dir(filepath.Dir(rel), 0); err == nil {
		parent, _ = d.info()
		d.Close()
	}
	if uid, gid, ok := journaledOwner(tree, parent, e, fromJournal); ok {
		if err := fchownIDs(f, uid, gid); err != nil {
			return err
		}
	}
	attrs := e.Xattrs
	if fromJournal {
		attrs = maps.Clone(attrs)
		maps.DeleteFunc(attrs, func(name string, _ []byte) bool { return !userAttr(name) })
	}
	if err := fsetAttrs(f, attrs); err != nil {
		return err
	}
	// Last: a chown clears the setgid bit, and the mode is the ACL's mask.
	return f.Chmod(mode)
}
