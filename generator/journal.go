package generator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
)

// journalFile is the name, in the staging directory, of the journal of a Write into an
// existing tree: one JSON line per step that changes the tree, flushed to disk before
// the step, so that a run killed at any point can be rolled back by the next one.
const journalFile = "journal"

// copyFile is the name, in the staging directory, of the copy a rollback makes of a file
// set aside in saved/ that has other names too, before it goes back (see ownCopy).
const copyFile = "copy"

// Journal operations, in the order Write takes them for a path.
const (
	opBegin  = "begin"  // the first line
	opBackup = "backup" // Path is created as a backup holding SHA256
	opSave   = "save"   // Path is moved into saved/ (its mode bits Mode, as fs.FileMode)
	opMkdir  = "mkdir"  // the directory Path is created
	opCreate = "create" // Path is created holding SHA256
	opRmdir  = "rmdir"  // the directory Path, emptied by the saves before, is removed (its mode Mode, owner UID and GID, extended attributes Xattrs) for a file to go there, or as the deletes left it empty
	// opPlaced: the file the step before it (opCreate, opBackup) staged is at Path now,
	// changed last at CTime (see wroteThere); a line that parseJournal gives that step.
	opPlaced = "placed"
	// opIndex: git's index, IndexFile (File in journals of a gonew-prod before it), is
	// saved in the stage as it was (SHA256, Mode, the inode of its directory DirInode)
	// before Finish changes it; States are what the index says before and after
	// (Index.Before, Index.After).
	opIndex = "index"
	// opDone: every change is in place and Finish has run; the staging directory is
	// being removed (its journal last). A stage whose journal ends so is a finished run's.
	opDone = "done"
	// opUndo: a rollback (Write's after a failure, or Recover's) is about to undo the
	// step Undo on Path (on git's index IndexFile, or File): it may be undone already,
	// or not.
	opUndo = "undo"
)

// specialBits are the setuid, setgid and sticky bits of a file's mode, which a file
// Write replaces keeps (its backup too), and which no rollback adds.
const specialBits = fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky

// modeBits are the bits of a file's mode the journal keeps of a file set aside.
const modeBits = fs.ModePerm | specialBits

// dirModeBits are the bits of a directory's mode the journal keeps of a directory a
// write removes, and a rollback gives back: its permissions, setgid bit (a
// group-shared checkout's g+s) and sticky bit.
const dirModeBits = fs.ModePerm | fs.ModeSetgid | fs.ModeSticky

// journalEntry is one line of the journal; Path is slash-separated, relative to the tree.
// The first line, opBegin, names the tree and the staging directory it was written for
// by their inode numbers: a stage that came from elsewhere (a clone, an archive, a copy
// of the tree) is not this tree's to roll back.
type journalEntry struct {
	Op         string `json:"op"`
	Path       string `json:"path,omitempty"`
	SHA256     string `json:"sha256,omitempty"`
	Mode       uint32 `json:"mode,omitempty"`
	TreeInode  uint64 `json:"tree_inode,omitempty"`
	StageInode uint64 `json:"stage_inode,omitempty"`
	// File is git's index as journals of a gonew-prod before IndexFile name it: an
	// absolute path, JSON text (bytes that are not UTF-8 come out as U+FFFD). Still
	// read, never written.
	File string `json:"file,omitempty"`
	// IndexFile is git's index: slash-separated and relative to the tree when it lies
	// in it (.git/index), so that it is found again once the tree is renamed or moved;
	// absolute otherwise (a linked work tree's, GIT_INDEX_FILE). Bytes (base64 in the
	// JSON), so that a path that is not UTF-8 is kept as it is.
	IndexFile []byte   `json:"index_file,omitempty"`
	DirInode  uint64   `json:"dir_inode,omitempty"`
	States    []string `json:"states,omitempty"`
	Undo      string   `json:"undo,omitempty"`
	// UID and GID are the owner and group of the directory an opRmdir removes, or of
	// git's index an opIndex saves, and Xattrs the directory's extended attributes (ACLs,
	// labels, user.* attributes), by name: a rollback gives them to what it puts back
	// (journaledOwner, remakeDir). None in the journals of a gonew-prod before them.
	UID    *uint32           `json:"uid,omitempty"`
	GID    *uint32           `json:"gid,omitempty"`
	Xattrs map[string][]byte `json:"xattrs,omitempty"`
	// Inode, Size and MTime (nanoseconds since 1970) are the file an opCreate or an
	// opBackup places, as it was staged, and CTime (an opPlaced's) its change time once
	// in place: a rollback that may not read it (a mode of 0200, as a user) knows it by
	// them (wroteThere). None in the journals of a gonew-prod before them (nor for an
	// opBackup, before it journaled them too; nor CTime before it).
	Inode uint64 `json:"inode,omitempty"`
	Size  int64  `json:"size,omitempty"`
	MTime int64  `json:"mtime_ns,omitempty"`
	CTime int64  `json:"ctime_ns,omitempty"`
}

// stagedAs returns e, the opCreate or opBackup of a file staged as info describes,
// naming that file by its inode, size and modification time too (see wroteThere).
func stagedAs(e journalEntry, info fs.FileInfo) journalEntry {
	e.Inode, _ = inode(info)
	e.Size, e.MTime = info.Size(), info.ModTime().UnixNano()
	return e
}

// wroteThere reports whether the file at p in the tree at dir, which info describes
// (Lstat), is the one the step e (opCreate, opBackup) placed there: a regular file that
// holds what the run wrote (e.SHA256). One this process may not read (a mode of 0200,
// as a user) is the run's when it is still the very file the run staged, unchanged: the
// inode, size and modification time e gives it, on the tree's file system, and times
// that tell (timesTell, by e.CTime). It is not removed without being known so: err says
// why, for a journal that names the file by its content alone (a gonew-prod before
// Inode), or by times that cannot tell.
func wroteThere(dir, p string, info fs.FileInfo, e journalEntry) (bool, error) {
	if !info.Mode().IsRegular() {
		return false, nil
	}
	content, rerr := os.ReadFile(p)
	if rerr == nil {
		return sum(content) == e.SHA256, nil
	}
	if !errors.Is(rerr, fs.ErrPermission) {
		return false, nil
	}
	if e.Inode == 0 {
		return false, fmt.Errorf("%s: this user may not read it (%w) to tell whether it still holds what that run wrote, and the journal, of a gonew-prod before this one, names it by its content alone: give yourself read permission on it (chmod u+r %s) and run again", e.Path, rerr, ShellQuote(p))
	}
	tree, err := os.Stat(dir)
	if err != nil {
		return false, nil
	}
	ino, _ := inode(info)
	dev, ok := device(info)
	treeDev, ok2 := device(tree)
	same := ok && ok2 && dev == treeDev && ino == e.Inode && info.Size() == e.Size && info.ModTime().UnixNano() == e.MTime
	if same {
		if err := timesTell(e.Path, p, e.MTime, e.CTime, rerr); err != nil {
			return false, err
		}
	}
	return same, nil
}

// timesTell returns nil when the file at p (path, as the journal names it), which this
// process may not read (rerr) and whose inode, size and modification time are those of
// the file a run wrote at mtime, is known unchanged since: a time is only as fine as the
// file system keeps it (a second on some), and a write in the granule the file was
// written in leaves it as it was, so the file is known unchanged only when it was
// changed last, once in place, at ctime, a later time than mtime, so that any write
// since, later still, changed its time. Otherwise (ctime 0 when it is not known) it
// returns the refusal to take the file for the run's, naming it and what to do.
func timesTell(path, p string, mtime, ctime int64, rerr error) error {
	if ctime > mtime {
		return nil
	}
	return fmt.Errorf("%s: this user may not read it (%w) to tell whether it still holds what that run wrote, and its times cannot tell whether it changed since that run placed it (this file system keeps them too coarsely to tell that run's write from its move into place, or that run was stopped before it journaled the time it placed it): give yourself read permission on it (chmod u+r %s) and run again, and its content decides", path, rerr, ShellQuote(p))
}

// beginEntry returns the first line of the journal of a write into dir staged in stage.
func beginEntry(dir, stage string) (journalEntry, error) {
	tree, err := os.Stat(dir)
	if err != nil {
		return journalEntry{}, err
	}
	st, err := os.Lstat(stage)
	if err != nil {
		return journalEntry{}, err
	}
	e := journalEntry{Op: opBegin}
	e.TreeInode, _ = inode(tree)
	e.StageInode, _ = inode(st)
	return e, nil
}

func sum(content []byte) string {
	s := sha256.Sum256(content)
	return hex.EncodeToString(s[:])
}

// logStep appends e to the journal and flushes it to disk. Once a line could not be
// written whole, nothing more is appended: a line after a torn one would make the
// journal unreadable.
func (w *writer) logStep(e journalEntry) error {
	if w.journal == nil {
		return nil
	}
	if err := w.logLine(e); err != nil {
		return err
	}
	if err := w.journal.Sync(); err != nil {
		return fmt.Errorf("write %s: journal: %w", w.dir, err)
	}
	return nil
}

// logLine appends e to the journal, as logStep does, without flushing it.
func (w *writer) logLine(e journalEntry) error {
	if w.journalErr != nil {
		return w.journalErr
	}
	line, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("write %s: journal: %w", w.dir, err)
	}
	if _, err := w.journal.Write(append(line, '\n')); err != nil {
		w.journalErr = fmt.Errorf("write %s: journal: %w", w.dir, err)
		return w.journalErr
	}
	return nil
}

// logPlaced journals the change time of the file at rel in the tree, which the step
// journaled last (opCreate, opBackup of path) has just moved there (opPlaced), read
// below the tree, and returns it (0 when none is journaled). It is not flushed: a kill
// keeps it (the file holds it), and the next step's flush puts it on disk; one lost, or
// that could not be read, only makes the rollback refuse a file it cannot read
// (timesTell).
func (w *writer) logPlaced(path, rel string) (ctime int64, err error) {
	if w.journal == nil {
		return 0, nil
	}
	ctime, err = w.tree.changeTime(rel)
	if err != nil || ctime == 0 {
		return 0, nil
	}
	return ctime, w.logLine(journalEntry{Op: opPlaced, Path: path, CTime: ctime})
}

// undoStep journals that a rollback is about to undo the step e (Write's own, or
// Recover's), before it does: a rollback stopped on the way (SIGKILL once the grace
// period after SIGTERM is over, a second kill during Recover) leaves a journal that
// tells the next Recover which paths may hold what the rollback put back rather than
// what the run wrote. A journal that can no longer be written does not stop the
// rollback: putting the tree back comes first. Its error is errKilled alone (tests).
func (w *writer) undoStep(e journalEntry) error {
	_ = w.logStep(journalEntry{Op: opUndo, Undo: e.Op, Path: e.Path, File: e.File, IndexFile: e.IndexFile})
	if w.fail != nil {
		p := e.Path
		if p == "" {
			p = e.File + string(e.IndexFile)
		}
		if err := w.fail("undo", p); errors.Is(err, errKilled) {
			return err
		}
	}
	return nil
}

// rel returns p, a path under the tree, slash-separated and relative to it.
func (w *writer) rel(p string) string {
	r, err := filepath.Rel(w.dir, p)
	if err != nil {
		return filepath.ToSlash(p)
	}
	return filepath.ToSlash(r)
}

// Recovery says what Recover did to roll back a Write that was killed.
type Recovery struct {
	Stage    string   // the staging directory it left, now removed
	Removed  []string // files it had created, removed (slash-separated, relative to the tree)
	Restored []string // files of the user's it had set aside, put back
	Dirs     []string // directories it had created, removed as they were empty
	Kept     []string // directories it had created that hold something now, left
	Index    string   // git's index it had changed, put back as it was ("" when not)
	// Finished is set when the run had finished writing and was stopped while removing
	// its staging directory: the stage is removed, nothing is rolled back.
	Finished bool
	// Empty is set with Finished when the stage was empty (its journal, removed last,
	// gone too): the run had finished writing, or rolling back.
	Empty bool
	// Resumed is set when the run, or an earlier Recover, was stopped while rolling
	// back: this one finished the rollback (what it lists is what was left to undo).
	Resumed bool
}

// String says what was done, in one line.
func (r Recovery) String() string {
	if r.Finished && r.Empty {
		return fmt.Sprintf("a gonew-prod run had finished writing, or rolling back, but was stopped while removing its staging directory %s, empty by then: removed it", r.Stage)
	}
	if r.Finished {
		return fmt.Sprintf("a gonew-prod run had finished writing but was stopped while removing its staging directory %s: removed it (its changes stay)", r.Stage)
	}
	var parts []string
	if len(r.Removed) > 0 {
		parts = append(parts, "removed what it had created: "+strings.Join(r.Removed, ", "))
	}
	if len(r.Restored) > 0 {
		parts = append(parts, "put back your files it had set aside: "+strings.Join(r.Restored, ", "))
	}
	if len(r.Dirs) > 0 {
		parts = append(parts, "removed the directories it had created: "+strings.Join(r.Dirs, ", "))
	}
	if len(r.Kept) > 0 {
		parts = append(parts, "kept the directories it had created, which hold files now: "+strings.Join(r.Kept, ", "))
	}
	if r.Index != "" {
		parts = append(parts, "put back git's index as it was before the run ("+r.Index+")")
	}
	if r.Resumed {
		if len(parts) == 0 {
			parts = append(parts, "nothing was left to undo")
		}
		return fmt.Sprintf("a gonew-prod run was stopped while writing, then while rolling back (its staging directory %s is left); finished rolling it back: %s", r.Stage, strings.Join(parts, "; "))
	}
	if len(parts) == 0 {
		parts = append(parts, "it had changed nothing in the tree")
	}
	return fmt.Sprintf("a gonew-prod run was stopped while writing (its staging directory %s is left); rolled it back: %s", r.Stage, strings.Join(parts, "; "))
}

// Recover rolls back every Write into dir that was killed (SIGKILL, a crash, power
// loss) before it could finish or roll back, using the journal in the staging directory
// it left, and returns what it did. The caller holds dir's lock (LockDir); a staging
// directory still locked by the run writing it is refused, never touched.
//
// Nothing is changed unless the whole tree matches the journal: each file the run
// created still holds what it wrote, each file it set aside is in saved/ with its path
// free, or still at its path. Otherwise Recover refuses, naming the files, and says what
// to do by hand. A staging directory without a journal (left by an older gonew-prod) is
// refused as LeftStage refuses it.
//
// A run that had saved git's index (WriteOptions.Index) gets it back while the index
// says what it said before or after the run's change (opts.Digest reads it); an index
// changed since in another way is refused as a changed file is.
func Recover(dir string, opts RecoverOptions) ([]Recovery, error) {
	var done []Recovery
	for _, stage := range stagesIn(dir) {
		r, err := recoverStage(dir, stage, opts)
		if err != nil {
			return done, err
		}
		done = append(done, r)
	}
	return done, nil
}

// RecoverOptions tune Recover.
type RecoverOptions struct {
	// Digest returns what the git index at path says (see Index.Digest); nil refuses a
	// run that had saved the index and changed it.
	Digest func(path string) (string, error)
	// fail, in tests, runs before each step of the rollback (op "undo", and the path),
	// as WriteOptions.fail does: errKilled stops Recover there as SIGKILL would; and
	// before git's index and its copy are read (op "read", the index's path).
	fail func(op, path string) error
	// beforeMode, in tests, runs once a step of the rollback has made a directory again
	// or put a file back at path, before it sets its mode (a test swaps a link in there).
	beforeMode func(path string)
}

// step is one rollback action that Recover found needed.
type step struct {
	op    string // opCreate (remove), opSave (put back), opMkdir (remove when empty), opRmdir (make again), opIndex (put back)
	path  string
	mode  fs.FileMode  // opSave: the mode the file gets back
	entry journalEntry // the step of the journal it undoes
	// linked: a rollback stopped while it put back the file set aside left it at
	// both names (a hard link): only its name in saved/ is left to remove.
	linked bool
	// info is what rollbackSteps found: the file the run created (opCreate), the file
	// set aside in saved/ (opSave), the directory the run made (opMkdir). The step acts
	// on that very file (device and inode) or on none.
	info fs.FileInfo
}

func recoverStage(dir, stage string, opts RecoverOptions) (Recovery, error) {
	// Looked at before it is opened to be locked: a named pipe would block the open,
	// and a symbolic link would be followed.
	if info, err := os.Lstat(stage); err != nil || !info.IsDir() {
		return Recovery{}, fmt.Errorf("write %s: %s is in the way of gonew-prod's staging directories and is not a directory gonew-prod made: move it away, then run again", dir, stage)
	}
	unlock, locked, err := TryLockDir(stage)
	switch {
	case errors.Is(err, ErrLocked):
		return Recovery{}, fmt.Errorf("write %s: %s is the staging directory of a gonew-prod run still writing: wait for it to finish, then run again", dir, stage)
	case errors.Is(err, fs.ErrPermission):
		return Recovery{}, unreachableStage(dir, stage, err)
	case err != nil:
		return Recovery{}, fmt.Errorf("write %s: %w", dir, err)
	}
	defer unlock()
	data, err := os.ReadFile(filepath.Join(stage, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		if entries, err := os.ReadDir(stage); err == nil && len(entries) == 0 {
			// A finished run stopped after removing its journal, the stage's last file.
			if err := os.Remove(stage); err != nil {
				return Recovery{}, fmt.Errorf("write %s: removing %s, an empty staging directory a gonew-prod run left, failed: %w; remove it and run again", dir, stage, err)
			}
			return Recovery{Stage: stage, Finished: true, Empty: true}, nil
		}
		return Recovery{}, leftStage(dir, stage)
	}
	if errors.Is(err, fs.ErrPermission) {
		return Recovery{}, unreachableStage(dir, stage, err)
	}
	if err != nil {
		return Recovery{}, fmt.Errorf("write %s: read the journal of %s: %w", dir, stage, err)
	}
	entries, err := parseJournal(data)
	if err != nil {
		return Recovery{}, unreadableJournal(dir, stage, err)
	}
	if !locked {
		return Recovery{}, fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing, and this file system has no locks to tell whether that run is still going: when no gonew-prod runs in %s, %s", dir, stage, dir, byHand(dir, stage, entries))
	}
	if len(entries) == 0 && onlyJournal(stage) {
		// Killed before its first line was on disk: it had changed nothing.
		if err := os.RemoveAll(stage); err != nil {
			return Recovery{}, fmt.Errorf("write %s: removing %s, which a gonew-prod run stopped before it changed anything left, failed: %w; remove it and run again", dir, stage, err)
		}
		return Recovery{Stage: stage}, nil
	}
	if len(entries) == 0 || !writtenFor(dir, stage, entries[0]) {
		return Recovery{}, foreignStage(dir, stage, entries)
	}
	if entries[len(entries)-1].Op == opDone {
		// Finished: what is left of the stage is the run's, no longer needed.
		if err := os.RemoveAll(stage); err != nil {
			return Recovery{}, fmt.Errorf("write %s: removing %s, which a gonew-prod run that had finished writing left, failed: %w; remove it and run again", dir, stage, err)
		}
		return Recovery{Stage: stage, Finished: true}, nil
	}
	steps, problems := rollbackSteps(dir, stage, entries, opts)
	if len(problems) > 0 {
		return Recovery{}, fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing, and the tree no longer matches its journal, so nothing is rolled back: %s; %s", dir, stage, strings.Join(problems, "; "), byHand(dir, stage, entries))
	}
	r := Recovery{Stage: stage, Resumed: len(undoneSteps(entries)) > 0}
	// Each step is journaled before it is taken, as Write's own rollback does, so that
	// this rollback stopped on the way leaves a journal the next Recover follows.
	w := &writer{ctx: context.Background(), dir: dir, fail: opts.fail, beforeMode: opts.beforeMode}
	// The tree and the stage are opened once, and must be those the journal was written
	// for; every step is taken below them, following no link (see belowDir).
	if w.tree, err = openTree(dir, entries[0].TreeInode); err != nil {
		return r, fmt.Errorf("write %s: roll back %s: %w; %s", dir, stage, err, byHand(dir, stage, entries))
	}
	w.stageIn = w.tree
	defer w.release()
	if w.stageDir, err = w.tree.dir(filepath.Base(stage), entries[0].StageInode); err != nil {
		return r, fmt.Errorf("write %s: roll back %s: %w; %s", dir, stage, err, byHand(dir, stage, entries))
	}
	if w.journal, err = appendJournal(w.stageDir, data); err != nil {
		return r, fmt.Errorf("write %s: roll back %s: %w; %s", dir, stage, err, byHand(dir, stage, entries))
	}
	for _, s := range steps {
		p := filepath.Join(dir, filepath.FromSlash(s.path))
		rel := filepath.FromSlash(s.path)
		if err := w.undoStep(s.entry); err != nil {
			return r, err
		}
		switch s.op {
		case opIndex:
			if err := w.restoreIndex(s.entry, true); err != nil {
				return r, fmt.Errorf("write %s: roll back %s: put back git's index: %w; %s", dir, stage, err, byHand(dir, stage, entries))
			}
			r.Index, _ = s.entry.indexAt(dir)
		case opCreate:
			if err := w.tree.remove(rel, false, s.info); err != nil {
				return r, fmt.Errorf("write %s: roll back %s: remove %s: %w; %s", dir, stage, s.path, err, byHand(dir, stage, entries))
			}
			r.Removed = append(r.Removed, s.path)
		case opSave:
			saved := filepath.Join("saved", rel)
			back, mode := s.info, s.mode // the file at rel once put back, and its mode
			if s.linked {
				if err := w.stageDir.remove(saved, false, s.info); err != nil {
					return r, fmt.Errorf("write %s: roll back %s: put back %s: %w; %s", dir, stage, s.path, err, byHand(dir, stage, entries))
				}
			} else {
				if back, err = w.putBackSaved(rel, s.info); err != nil {
					return r, fmt.Errorf("write %s: roll back %s: put back %s: %w; %s", dir, stage, s.path, err, byHand(dir, stage, entries))
				}
				if !os.SameFile(back, s.info) {
					mode &= s.info.Mode() & modeBits // a copy gets no permission the file lacks
				}
			}
			if w.beforeMode != nil {
				w.beforeMode(p)
			}
			if err := setModePutBack(w.tree, rel, mode, back); err != nil {
				return r, fmt.Errorf("write %s: roll back %s: %s: %w; %s", dir, stage, s.path, err, byHand(dir, stage, entries))
			}
			r.Restored = append(r.Restored, s.path)
		case opRmdir:
			if err := w.remakeDir(p, s.entry, true); err != nil {
				return r, fmt.Errorf("write %s: roll back %s: make the directory %s again: %w; %s", dir, stage, s.path, err, byHand(dir, stage, entries))
			}
			r.Restored = append(r.Restored, s.path+"/")
		case opMkdir:
			switch err := w.tree.remove(rel, true, s.info); {
			case err == nil:
				r.Dirs = append(r.Dirs, s.path)
			case errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST):
				r.Kept = append(r.Kept, s.path)
			case !errors.Is(err, fs.ErrNotExist):
				return r, fmt.Errorf("write %s: roll back %s: remove the directory %s: %w; %s", dir, stage, s.path, err, byHand(dir, stage, entries))
			}
		}
	}
	var paths []string
	for _, s := range steps {
		if s.op != opIndex {
			paths = append(paths, s.path)
		}
	}
	if err := w.syncDirs(w.tree, paths); err != nil {
		return r, err
	}
	// Its journal last, so that a kill on the way leaves a stage Recover knows.
	if err := w.removeStage(stage); err != nil {
		return r, fmt.Errorf("write %s: the stopped run is rolled back, but removing %s failed: %w; remove it and run again", dir, stage, err)
	}
	return r, w.syncDirs(w.tree, nil)
}

// setModePutBack gives the file a rollback put back at rel in the tree the mode bits
// mode, when it has others: rename keeps the mode, and one changed since (by hand, by a
// tool) is set back. The file is opened below the tree without following a link, and
// changed through what was opened: the tree's owner may swap a link in for it
// meanwhile, which a run as root must not follow. What is there then, other than the
// regular file put back (the one want describes: same device and inode), is refused
// and left as it is. One this user may write but not read (made 0200 since) is opened
// to write instead. One this user may neither read nor write (a file of root's in a
// tree of the user's, after a run as root) is known by its identity, below the tree,
// when it has mode already (want's, which a move keeps): there is nothing to change;
// rollbackSteps refuses, before anything is changed, one of another mode.
func setModePutBack(tree *belowDir, rel string, mode fs.FileMode, want fs.FileInfo) error {
	f, err := tree.open(rel)
	if errors.Is(err, fs.ErrPermission) {
		f, err = tree.openWriteOnly(rel)
	}
	if errors.Is(err, fs.ErrPermission) && want.Mode()&modeBits == mode {
		same, serr := tree.unchanged(rel, want)
		if serr == nil && !same {
			serr = errors.New("what is there now is not the file put back: another program put it there; it is left as it is")
		}
		return serr
	}
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() || !os.SameFile(info, want) {
		return fmt.Errorf("what is there now is not the file put back (%v): another program put it there; it is left as it is", info.Mode().Type())
	}
	if info.Mode()&modeBits == mode {
		return nil
	}
	return f.Chmod(mode)
}

// modeUnchangeable returns why a rollback could not give the file of the tree at rel
// (slash-separated), which waits at p as info describes, the mode it gets back (mode):
// setModePutBack changes it through the file opened, to read or to write, and this
// user may do neither; "" when it may, or when the file has that mode already. Said
// before anything is changed, so that the rollback does not stop half done.
func modeUnchangeable(rel, p string, info fs.FileInfo, mode fs.FileMode) string {
	if info.Mode()&modeBits == mode {
		return ""
	}
	for _, flag := range []int{os.O_RDONLY, os.O_WRONLY} {
		f, err := os.OpenFile(p, flag, 0)
		if err == nil {
			f.Close()
			return ""
		}
		if !errors.Is(err, fs.ErrPermission) {
			return ""
		}
	}
	owner := "its owner"
	if name := ownerName(info); name != "" {
		owner += " (" + name + ")"
	}
	return fmt.Sprintf("%s: your former file waits in %s with the mode %v, and the rollback gives it back its mode %v, but this user may neither read nor write it to change that: as %s, give it read permission (chmod u+r %s), and run again", rel, p, info.Mode()&modeBits, mode, owner, ShellQuote(p))
}

// unreadableJournal refuses stage, whose journal cannot be parsed (err).
func unreadableJournal(dir, stage string, err error) error {
	return fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing, but its journal is unreadable (%v): %s", dir, stage, err, savedAdvice(stage))
}

// foreignStage refuses stage, whose journal (entries) was not written by a run into dir
// with that very staging directory: Recover does not follow it.
func foreignStage(dir, stage string, entries []journalEntry) error {
	why := "not of one that wrote into this directory (it came with a clone, an archive or a copy of the tree, or the tree was moved to another file system)"
	if len(entries) > 0 && entries[0].TreeInode == 0 && entries[0].StageInode == 0 {
		why = "one written by an older gonew-prod, whose journal does not name the directory it wrote into"
	}
	return fmt.Errorf("write %s: %s holds the journal of a gonew-prod run, but %s, so gonew-prod does not follow it: look at what it holds; if a run of yours left it, the files in %s are yours, set aside by that run: put each back at its path (the journal lists what the run did: check it before you act on it, as a link in the tree may lead elsewhere), then remove the directory; if it came with a clone or an archive, remove it", dir, stage, why, filepath.Join(stage, "saved"))
}

// appendJournal opens the journal in the stage d, which holds data, to append the steps
// of a rollback to it; a last line the kill tore is cut first, so that the lines
// appended after it parse. It is opened below the stage, as the rollback's steps are
// taken (see belowDir), and must be a regular file of one name that still holds data:
// a link the tree's owner swapped in for it meanwhile is neither followed, nor cut, nor
// written to.
func appendJournal(d *belowDir, data []byte) (*os.File, error) {
	f, err := d.openAppend(journalFile)
	if err != nil {
		return nil, fmt.Errorf("open its journal: %w", err)
	}
	info, err := f.Stat()
	var now []byte
	if err == nil && info.Mode().IsRegular() && links(info) == 1 { // a named pipe is not read
		now, err = io.ReadAll(f)
	}
	switch {
	case err != nil:
		err = fmt.Errorf("read its journal again: %w", err)
	case !info.Mode().IsRegular() || links(info) != 1 || !bytes.Equal(now, data):
		err = fmt.Errorf("its journal %s is not the one read (another program put another file, a link, or other steps there meanwhile): it is left as it is", f.Name())
	}
	if whole := bytes.LastIndexByte(data, '\n') + 1; err == nil && whole != len(data) {
		if err = f.Truncate(int64(whole)); err != nil {
			err = fmt.Errorf("cut the torn last line of its journal: %w", err)
		}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// onlyJournal reports whether the staging directory stage holds its journal and
// nothing else.
func onlyJournal(stage string) bool {
	entries, err := os.ReadDir(stage)
	return err == nil && len(entries) == 1 && entries[0].Name() == journalFile && entries[0].Type().IsRegular()
}

// writtenFor reports whether begin, the first line of the journal in stage, was
// written by a run into dir with that very staging directory.
func writtenFor(dir, stage string, begin journalEntry) bool {
	tree, err := os.Stat(dir)
	if err != nil {
		return false
	}
	st, err := os.Lstat(stage)
	if err != nil {
		return false
	}
	treeInode, ok := inode(tree)
	stageInode, ok2 := inode(st)
	return ok && ok2 && begin.TreeInode == treeInode && begin.StageInode == stageInode
}

// parseJournal reads the journal's lines. A last line without its newline was being
// written when the run was killed, so the step it announces was not taken: it is
// dropped. An opPlaced line gives the step right before it its CTime, and is no entry
// of its own.
func parseJournal(data []byte) ([]journalEntry, error) {
	lines := bytes.Split(data, []byte("\n"))
	lines = lines[:len(lines)-1] // the part after the last newline: empty, or torn
	var out []journalEntry
	for i, line := range lines {
		var e journalEntry
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		if i == 0 && e.Op != opBegin {
			return nil, fmt.Errorf("line 1 is not its beginning")
		}
		if i > 0 && e.Op == opDone {
			if e.Path != "" || i != len(lines)-1 {
				return nil, fmt.Errorf("line %d: a done step with a path, or not the last", i+1)
			}
		} else if i > 0 && e.Op == opIndex {
			if _, err := e.indexAt("."); e.Path != "" || err != nil || len(e.States) != 2 {
				return nil, fmt.Errorf("line %d: a step on git's index without its path and states", i+1)
			}
		} else if i > 0 && e.Op == opPlaced {
			if last := len(out) - 1; e.CTime == 0 || out[last].Path != e.Path || out[last].Op != opCreate && out[last].Op != opBackup {
				return nil, fmt.Errorf("line %d: a placed step without its time, or not right after the step that placed its file", i+1)
			}
			out[len(out)-1].CTime = e.CTime
			continue
		} else if i > 0 && e.Op == opUndo && e.Undo == opIndex {
			if _, err := e.indexAt("."); e.Path != "" || err != nil {
				return nil, fmt.Errorf("line %d: an undo on git's index without its path", i+1)
			}
		} else if i > 0 && e.Op == opUndo {
			if !fs.ValidPath(e.Path) || e.Path == "." || !slices.Contains([]string{opBackup, opSave, opMkdir, opCreate, opRmdir}, e.Undo) {
				return nil, fmt.Errorf("line %d: unknown undo %q on %q", i+1, e.Undo, e.Path)
			}
		} else if i > 0 && (!fs.ValidPath(e.Path) || e.Path == "." || !slices.Contains([]string{opBackup, opSave, opMkdir, opCreate, opRmdir}, e.Op)) {
			return nil, fmt.Errorf("line %d: unknown step %q on %q", i+1, e.Op, e.Path)
		}
		out = append(out, e)
	}
	return out, nil
}

// rollbackSteps works out, newest first, what undoes the journal's steps in the tree
// as it is now, and what in the tree does not match the journal.
//
// A step that a rollback stopped on the way journaled as being undone (opUndo) may be
// undone already: a file the run created that no longer holds what it wrote is then
// left as it is (one this process may not read and whose times cannot tell is refused,
// as it may be the run's still), and a path where the rollback put back a file set aside (or made a
// directory again) no longer holds the file the run created there.
func rollbackSteps(dir, stage string, entries []journalEntry, opts RecoverOptions) (steps []step, problems []string) {
	gone := map[string]bool{} // paths the rollback removes before it reaches a step
	journaled := map[string]bool{}
	undone := undoneSteps(entries)
	for i := len(entries) - 1; i > 0; i-- {
		e := entries[i]
		switch e.Op {
		case opUndo:
			continue
		case opIndex:
			switch back, err := indexRollback(dir, stage, e, opts.Digest, opts.fail); {
			case err != nil:
				problems = append(problems, err.Error())
			case back:
				steps = append(steps, step{op: opIndex, entry: e})
			}
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(e.Path))
		u := undone[undoKey(e.Op, e.Path)]
		// The rollback follows no symbolic link: what is on the way to a journal's
		// path must be a directory of the tree, as it was when the run wrote there.
		// A file the run put where a directory was (opRmdir) is removed first; a file
		// the rollback put back where the run had made a directory is past.
		if blocker := notDirOnTheWay(dir, e.Path); blocker != "" && !goneOnTheWay(gone, e.Path) {
			if u && e.Op != opSave && e.Op != opRmdir {
				continue
			}
			problems = append(problems, fmt.Sprintf("%s: %s, which the run did not leave there", e.Path, blocker))
			continue
		}
		info, err := os.Lstat(p)
		present := err == nil && !gone[e.Path]
		if errors.Is(err, syscall.ENOTDIR) && goneOnTheWay(gone, e.Path) {
			err = fs.ErrNotExist
		}
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			problems = append(problems, fmt.Sprintf("%s: %v", e.Path, err))
			continue
		}
		switch e.Op {
		case opBackup, opCreate:
			if !present {
				continue // the run was stopped before it placed the file, or its rollback removed it
			}
			if putBack(dir, stage, e.Path, undone) {
				continue // removed by the rollback, which put back what was there before
			}
			ours, werr := wroteThere(dir, p, info, e)
			if !ours {
				if u && werr == nil {
					continue // removed by the rollback: what is there now is not the run's
				}
				// One whose times cannot tell may be the run's still, undone or not.
				if werr != nil {
					problems = append(problems, werr.Error())
				} else {
					problems = append(problems, fmt.Sprintf("%s is not what that run wrote there (changed since?)", e.Path))
				}
				continue
			}
			steps = append(steps, step{op: opCreate, path: e.Path, entry: e, info: info})
			gone[e.Path] = true
		case opSave:
			journaled[e.Path] = true
			saved := filepath.Join(stage, "saved", filepath.FromSlash(e.Path))
			sinfo, serr := os.Lstat(saved)
			if blocker := notDirOnTheWay(filepath.Join(stage, "saved"), e.Path); blocker != "" || serr == nil && !sinfo.Mode().IsRegular() {
				problems = append(problems, fmt.Sprintf("%s: what waits in %s is not a regular file of that run's", e.Path, saved))
				continue
			}
			if serr == nil {
				if why := modeUnchangeable(e.Path, saved, sinfo, restoredMode(fs.FileMode(e.Mode), sinfo.Mode())); why != "" {
					problems = append(problems, why)
					continue
				}
			}
			switch {
			case serr == nil && present && os.SameFile(sinfo, info):
				// A rollback stopped while it put the file back: linked, not yet unlinked.
				steps = append(steps, step{op: opSave, path: e.Path, mode: restoredMode(fs.FileMode(e.Mode), sinfo.Mode()), entry: e, linked: true, info: sinfo})
			case serr == nil && present:
				problems = append(problems, fmt.Sprintf("%s: your former file waits in %s, but another file is at its path", e.Path, saved))
			case serr == nil:
				steps = append(steps, step{op: opSave, path: e.Path, mode: restoredMode(fs.FileMode(e.Mode), sinfo.Mode()), entry: e, info: sinfo})
				gone[e.Path] = false
			case !errors.Is(serr, fs.ErrNotExist):
				problems = append(problems, fmt.Sprintf("%s: %v", saved, serr))
			case !present:
				problems = append(problems, fmt.Sprintf("%s: your former file is neither at its path nor in %s", e.Path, saved))
			}
		case opRmdir:
			switch {
			case present && !info.IsDir():
				problems = append(problems, fmt.Sprintf("%s: a directory was there before that run, but another file is at its path", e.Path))
			case !present:
				steps = append(steps, step{op: opRmdir, path: e.Path, entry: e})
			}
		case opMkdir:
			if err == nil && info.IsDir() {
				steps = append(steps, step{op: opMkdir, path: e.Path, entry: e, info: info})
				// Removed before an earlier step puts back a file there (one this
				// run turned into a directory); kept when not empty, and then that
				// file cannot go back, which the rollback reports.
				gone[e.Path] = true
			}
		}
	}
	_ = filepath.WalkDir(filepath.Join(stage, "saved"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		r, _ := filepath.Rel(filepath.Join(stage, "saved"), p)
		if !journaled[filepath.ToSlash(r)] {
			problems = append(problems, fmt.Sprintf("%s is in saved/ but not in the journal", filepath.ToSlash(r)))
		}
		return nil
	})
	return steps, problems
}

// undoKey names the step op on path (a file of the tree, or git's index) among the
// steps a rollback undoes.
func undoKey(op, path string) string {
	return op + "\x00" + path
}

// undoneSteps returns the steps of the journal that a rollback journaled as being
// undone (opUndo), by undoKey.
func undoneSteps(entries []journalEntry) map[string]bool {
	undone := map[string]bool{}
	for _, e := range entries {
		if e.Op == opUndo {
			undone[undoKey(e.Undo, e.Path+e.File+string(e.IndexFile))] = true
		}
	}
	return undone
}

// putBack reports whether a stopped rollback put back at rel (slash-separated) what
// was there before the run: the file set aside (no longer in saved/, or at both names
// while it was being moved), or the directory removed for a file to go there.
func putBack(dir, stage, rel string, undone map[string]bool) bool {
	if undone[undoKey(opSave, rel)] {
		saved, err := os.Lstat(filepath.Join(stage, "saved", filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			return true
		}
		now, nerr := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		if err == nil && nerr == nil && os.SameFile(saved, now) {
			return true
		}
	}
	if undone[undoKey(opRmdir, rel)] {
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(rel)))
		return err == nil && info.IsDir()
	}
	return false
}

// notDirOnTheWay returns what, on the way from root to rel (slash-separated), is not
// a directory: a symbolic link or a file; "" when every parent of rel that exists is a
// directory.
func notDirOnTheWay(root, rel string) string {
	parts := strings.Split(rel, "/")
	for i := 1; i < len(parts); i++ {
		p := strings.Join(parts[:i], "/")
		info, err := os.Lstat(filepath.Join(root, filepath.FromSlash(p)))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return ""
		case err != nil:
			return fmt.Sprintf("%s: %v", p, err)
		case info.Mode()&fs.ModeSymlink != 0:
			return p + " is a symbolic link"
		case !info.IsDir():
			return p + " is not a directory"
		}
	}
	return ""
}

// restoredMode is the mode a file set aside gets back: the journal's permission bits,
// and of its setuid, setgid and sticky bits only those the file still has (a rename
// keeps them), so that a journal never makes a file setuid.
func restoredMode(journaled, now fs.FileMode) fs.FileMode {
	return journaled&fs.ModePerm | journaled&specialBits&now
}

// byHand says how to roll back by hand what the journal records, as the tree and the
// stage are now: the files the run created that still hold what it wrote (not those
// its rollback removed, nor a file of the user's at such a path), and the files that
// wait in saved/ (not those its rollback put back, nor those it never set aside).
func byHand(dir, stage string, entries []journalEntry) string {
	var created, saved, occupied []string
	index := ""
	for _, e := range entries {
		if (e.Op == opBackup || e.Op == opCreate) && holds(dir, e) && !slices.Contains(created, e.Path) {
			created = append(created, e.Path)
		}
	}
	for _, e := range entries {
		switch e.Op {
		case opIndex:
			if _, err := os.Lstat(filepath.Join(stage, indexFile)); err == nil {
				index, _ = e.indexAt(dir)
			}
		case opSave:
			info, err := os.Lstat(filepath.Join(stage, "saved", filepath.FromSlash(e.Path)))
			if err != nil || !info.Mode().IsRegular() || slices.Contains(saved, e.Path) || slices.Contains(occupied, e.Path) {
				continue
			}
			if _, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(e.Path))); err == nil && !slices.Contains(created, e.Path) {
				occupied = append(occupied, e.Path)
			} else {
				saved = append(saved, e.Path)
			}
		}
	}
	var parts []string
	if len(created) > 0 {
		parts = append(parts, "remove the files that run created that still hold what it wrote (keep any other: it is yours): "+strings.Join(created, ", "))
	}
	if len(saved) > 0 {
		parts = append(parts, fmt.Sprintf("move back each file of yours that waits in %s to its path in %s (mv keeps its mode): %s", filepath.Join(stage, "saved"), dir, strings.Join(saved, ", ")))
	}
	if len(occupied) > 0 {
		parts = append(parts, fmt.Sprintf("compare each file of yours that waits in %s with the file at its path in %s now, and keep the one you want: %s", filepath.Join(stage, "saved"), dir, strings.Join(occupied, ", ")))
	}
	if index != "" {
		parts = append(parts, fmt.Sprintf("git's index %s holds the conflict marks of that run (git status lists the files as unmerged): unless you staged something since, copy %s over it (cp -p), else undo the marks of the files that no longer hold a conflict (git reset -q -- FILE)", index, filepath.Join(stage, indexFile)))
	}
	parts = append(parts, "remove "+stage+" and run again")
	return "by hand: " + strings.Join(parts, "; then ")
}

// holds reports whether the file at e.Path in dir, reached through directories alone,
// is the one the step e (opCreate, opBackup) placed there (wroteThere).
func holds(dir string, e journalEntry) bool {
	if notDirOnTheWay(dir, e.Path) != "" {
		return false
	}
	p := filepath.Join(dir, filepath.FromSlash(e.Path))
	info, err := os.Lstat(p)
	if err != nil {
		return false
	}
	ours, _ := wroteThere(dir, p, info, e)
	return ours
}

// unreachableStage refuses stage, which this process may not read (err): another user's
// run left it (one as root in your tree, by a gonew-prod that gave its stage to no one),
// and its saved/ may hold your former files, which only that user can reach.
func unreachableStage(dir, stage string, err error) error {
	who := "the user who ran it"
	if info, serr := os.Lstat(stage); serr == nil {
		if name := ownerName(info); name != "" {
			who = name
		}
	}
	return fmt.Errorf("write %s: %s is left from a gonew-prod run that was stopped while writing, and this run may not read it (%w): it belongs to %s, and its saved/ directory may hold files of yours that run set aside; nothing is written: as %s (with sudo, for root), run gonew-prod add, update or new --force in %s, which rolls the stopped run back first, or, as %s, %s", dir, stage, err, who, who, dir, who, savedAdvice(stage))
}

// savedAdvice says what to do with a staging directory that cannot be read.
func savedAdvice(stage string) string {
	return fmt.Sprintf("move back the files of yours that wait in %s to their paths in the tree, remove the files that run created (git status shows them), remove %s and run again", filepath.Join(stage, "saved"), stage)
}

// finishedStage reports whether stage is what a finished Write leaves when stopped while
// removing it: its journal ends with opDone, or it is empty (the journal, removed last,
// is gone too).
func finishedStage(stage string) bool {
	entries, err := os.ReadDir(stage)
	if err == nil && len(entries) == 0 {
		return true
	}
	data, err := os.ReadFile(filepath.Join(stage, journalFile))
	if err != nil {
		return false
	}
	lines, err := parseJournal(data)
	return err == nil && len(lines) > 0 && lines[len(lines)-1].Op == opDone
}

// removeStage removes the staging directory of a finished Write, whose journal ends with
// opDone: everything but the journal first, then the journal, then the directory, so
// that a run stopped on the way leaves a stage Recover recognises as finished.
//
// It is removed below the directory it is in, and what it holds below it, as they were
// opened (see belowDir): a link the tree's owner swaps in for it, or for a directory in
// it, is not followed.
func (w *writer) removeStage(stage string) error {
	f, err := w.stageDir.open(".")
	if err != nil {
		return err
	}
	all, err := f.Readdirnames(-1)
	var info fs.FileInfo
	if err == nil {
		info, err = f.Stat()
	}
	f.Close()
	if err != nil {
		return err
	}
	names := slices.DeleteFunc(all, func(n string) bool { return n == journalFile })
	// Not stopped by ctx: the run is done, and its stage goes whatever comes now.
	stopped := func(p string) error {
		if w.failRemove != nil {
			return w.failRemove(p)
		}
		return nil
	}
	for _, p := range append(names, journalFile) {
		if err := stopped(filepath.Join(stage, p)); err != nil {
			return err
		}
		if err := w.stageDir.removeAll(p, nil); err != nil {
			return err
		}
	}
	if err := stopped(stage); err != nil {
		return err
	}
	return w.stageIn.remove(filepath.Base(stage), true, info)
}

// goneOnTheWay reports whether a directory above rel (slash-separated) is a path the
// rollback removes before it reaches rel's step: a file the run put where a directory
// was.
func goneOnTheWay(gone map[string]bool, rel string) bool {
	for d := path.Dir(rel); d != "."; d = path.Dir(d) {
		if gone[d] {
			return true
		}
	}
	return false
}
