package generator

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// Class is what a path of a plan is, comparing a render with an existing tree and the
// project's record.
type Class string

// Classes of a plan.
const (
	// Create: rendered, absent from the tree and from the record.
	Create Class = "create"
	// Identical: the tree has the rendered content and mode. Here and below, a tree's
	// file is compared as git would commit it: CRLF line endings where the render or the
	// record has LF ones are no difference (see Unedited).
	Identical Class = "identical"
	// Unchanged: the tree's file differs from the render but matches the record: nobody
	// edited it since it was generated.
	Unchanged Class = "unchanged"
	// Edited: the tree's file differs from the record: the user edited it.
	Edited Class = "edited"
	// Deleted: recorded and rendered, but absent from the tree: the user deleted it.
	Deleted Class = "deleted"
	// Removed: recorded and in the tree, but no longer rendered: the template dropped it.
	Removed Class = "removed"
	// Conflict: something that is not a regular file is in the way, or an unrecorded file
	// differs from the render.
	Conflict Class = "conflict"
)

// MaxTreeFile bounds the size of a file of an existing tree that a plan reads; a larger
// file in the way of a rendered one is a conflict.
const MaxTreeFile = 64 << 20

// Step is one path of a plan.
type Step struct {
	Path   string
	Class  Class
	Reason string // why the class, e.g. "content differs", "is a directory"
	Owner  Owner  // the render's owner, else the record's
	// File is the render; nil when the template no longer renders the path.
	File *File
	// Old is the tree's content when the path holds a regular file, else nil; OldMode is
	// its mode.
	Old     []byte
	OldMode fs.FileMode
	// Modified reports, for a Removed path, that the tree's file differs from the
	// record (the user edited a file the template dropped).
	Modified bool
	// Large is the size of the regular file at the path when it is larger than
	// MaxTreeFile, which a plan does not read: a Conflict, though a regular file.
	Large int64
}

// Exists reports whether the tree holds a regular file at the step's path.
func (s Step) Exists() bool { return s.Old != nil }

// Plan classifies every rendered path and every recorded path against tree (the existing
// project; nil or empty when there is none) and its record (nil when there is none).
// Steps are sorted by path; a path CheckPath refuses is an error. Plan reads tree and never changes it; symbolic links are
// never followed below its root.
func Plan(tree fs.FS, rec *Record, files []File) ([]Step, error) {
	steps := make([]Step, 0, len(files))
	rendered := map[string]bool{}
	for i := range files {
		f := &files[i]
		if err := CheckPath(f.Path); err != nil {
			return nil, fmt.Errorf("plan: %w", err)
		}
		rendered[f.Path] = true
		s, err := planFile(tree, rec, f)
		if err != nil {
			return nil, err
		}
		steps = append(steps, s)
	}
	if rec != nil {
		for _, e := range rec.Files {
			if rendered[e.Path] {
				continue
			}
			if err := CheckPath(e.Path); err != nil {
				return nil, fmt.Errorf("plan: the record's %w", err)
			}
			s := Step{Path: e.Path, Class: Removed, Owner: e.Owner}
			old, mode, blocker, err := Look(tree, e.Path)
			switch {
			case err != nil:
				return nil, err
			case blocker != "" || old == nil:
				continue // already gone, or something else took its place: nothing to do
			}
			s.Old, s.OldMode = old, mode
			if !Unedited(old, e.SHA256) {
				s.Modified, s.Reason = true, "edited since generation"
			}
			steps = append(steps, s)
		}
	}
	slices.SortFunc(steps, func(a, b Step) int { return strings.Compare(a.Path, b.Path) })
	return steps, nil
}

func planFile(tree fs.FS, rec *Record, f *File) (Step, error) {
	s := Step{Path: f.Path, File: f, Owner: f.Owner}
	old, mode, large, blocker, err := look(tree, f.Path)
	if err != nil {
		return s, err
	}
	s.Large = large
	recorded := rec.Entry(f.Path)
	switch {
	case blocker != "":
		s.Class, s.Reason = Conflict, blocker
	case old == nil && recorded != nil && f.Path != RecordFile:
		s.Class, s.Reason = Deleted, "deleted since generation"
	case old == nil:
		s.Class = Create
	default:
		s.Old, s.OldMode = old, mode
		same := SameText(old, f.Content)
		switch {
		case same && SameMode(mode, f.Mode):
			s.Class = Identical
		case f.Path == RecordFile:
			s.Class, s.Reason = Unchanged, "rewritten on every render"
		case recorded == nil && same:
			s.Class, s.Reason = Conflict, fmt.Sprintf("mode is %04o, want %04o", mode, f.Mode)
		case recorded == nil:
			s.Class, s.Reason = Conflict, "content differs"
		case !Unedited(old, recorded.SHA256):
			s.Class, s.Reason = Edited, "edited since generation"
		case !same:
			s.Class, s.Reason = Unchanged, "not edited since generation"
		default:
			s.Class, s.Reason = Edited, fmt.Sprintf("mode is %04o, want %04o", mode, f.Mode)
		}
	}
	if recorded != nil && s.Owner == "" {
		s.Owner = recorded.Owner
	}
	return s, nil
}

// Look reads the regular file at rel (slash-separated) in tree. It returns nil content when nothing is
// there, and a blocker when something that is not a regular file is at rel or on the
// way to it.
func Look(tree fs.FS, rel string) (content []byte, mode fs.FileMode, blocker string, err error) {
	content, mode, _, blocker, err = look(tree, rel)
	return content, mode, blocker, err
}

// LargeAt returns the size of the regular file at rel in tree when it is larger than
// MaxTreeFile, which Look reports in the way without reading it; 0 for anything else.
func LargeAt(tree fs.FS, rel string) int64 {
	info, err := fs.Lstat(tree, rel)
	if err != nil || !info.Mode().IsRegular() || info.Size() <= MaxTreeFile {
		return 0
	}
	return info.Size()
}

// TooLarge ends the refusal of command (add, update) of a regular file of size bytes,
// larger than MaxTreeFile, which it reads for use ("to compare it ..."): it names the size
// and the bound, and says to move the file out of the project or make it smaller.
func TooLarge(command string, size int64, use string) string {
	return fmt.Sprintf("it is %d bytes, and %s reads a file of the project up to %d MiB, %s: move it out of the project (or make it smaller)", size, command, MaxTreeFile>>20, use)
}

// look is Look, which also returns the size of a regular file at rel that is larger than
// MaxTreeFile (a blocker, not read); 0 for anything else.
func look(tree fs.FS, rel string) (content []byte, mode fs.FileMode, large int64, blocker string, err error) {
	if tree == nil {
		return nil, 0, 0, "", nil
	}
	parts := strings.Split(rel, "/")
	for i := range parts {
		p := strings.Join(parts[:i+1], "/")
		info, err := fs.Lstat(tree, p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, 0, 0, "", nil
		}
		if err != nil {
			return nil, 0, 0, "", planError(rel, path.Dir(p), true, err)
		}
		last := i == len(parts)-1
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			if last {
				return nil, 0, 0, "is a symbolic link", nil
			}
			return nil, 0, 0, p + " is a symbolic link", nil
		case last && info.IsDir():
			return nil, 0, 0, "is a directory", nil
		case last && !info.Mode().IsRegular():
			return nil, 0, 0, "is not a regular file", nil
		case last && info.Size() > MaxTreeFile:
			return nil, 0, info.Size(), fmt.Sprintf("is larger than %d bytes", MaxTreeFile), nil
		case last:
			data, err := ReadLimited(tree, p, MaxTreeFile)
			if err != nil {
				return nil, 0, 0, "", planError(rel, p, false, err)
			}
			if data == nil {
				data = []byte{}
			}
			return data, info.Mode().Perm(), 0, "", nil
		case !info.IsDir():
			return nil, 0, 0, p + " is not a directory", nil
		}
	}
	return nil, 0, 0, "", nil
}

// An UnreadableError is a file of the tree in the way of a path being planned, or a
// directory on the way to one, that gonew-prod may not read (permission denied): the
// plan cannot tell what the user has there, so it refuses, as for any input it cannot
// take, before anything is written.
type UnreadableError struct {
	Path string // slash-separated, relative to the tree's root ("." for the root)
	Dir  bool   // Path is a directory gonew-prod may not list or search
	Err  error
}

func (e *UnreadableError) Error() string {
	what, perm := e.Path, "u+r"
	if e.Dir {
		what, perm = "the directory "+e.Path, "u+rx"
	}
	return fmt.Sprintf("nothing written: %s cannot be read (%v): make it readable to you (chmod %s), or move it out of the way, and run again", what, e.Err, perm)
}

func (e *UnreadableError) Unwrap() error { return e.Err }

// planError is the error of planning rel when reading at (a file, or a directory when
// dir) failed with err: an UnreadableError for a permission denied.
func planError(rel, at string, dir bool, err error) error {
	if errors.Is(err, fs.ErrPermission) {
		err = &UnreadableError{Path: at, Dir: dir, Err: err}
	}
	return fmt.Errorf("plan %s: %w", rel, err)
}

// ErrTooLarge matches (errors.Is) the error ReadLimited returns for a file over its
// limit.
var ErrTooLarge = errors.New("larger than the limit")

// limitError is a file over a limit of ReadLimited.
type limitError struct{ limit int64 }

func (e limitError) Error() string        { return fmt.Sprintf("larger than %d bytes", e.limit) }
func (e limitError) Is(target error) bool { return target == ErrTooLarge }

// ReadLimited reads name from fsys, failing when it holds more than limit bytes whatever
// size it reports (devices and pipes report none): every file a user hands the tool is
// read through it.
func ReadLimited(fsys fs.FS, name string, limit int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimit(f, limit)
}

// readLimit reads r to its end, failing when it holds more than limit bytes.
func readLimit(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, limitError{limit}
	}
	return data, nil
}

// ErrNotRegular is the error of ReadRegular for a file that is not a regular one.
var ErrNotRegular = errors.New("not a regular file")

// ReadRegular reads name from fsys, following a symbolic link, when it is a regular file
// of at most limit bytes. Anything else fails without being opened: the open of a named
// pipe waits for a writer, for good, and a device may never end. Every file of a user's
// tree that add, new and update read while planning (a configuration they only note on,
// a go.work, a manifest) is read through it or through Look. A regular file swapped for
// a named pipe after the check is not waited on either where fsys is an os.DirFS (see
// openRegular), or opens its files with OpenNonblock (repo.OSDir).
func ReadRegular(fsys fs.FS, name string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, name)
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	case info.Size() > limit:
		return nil, &fs.PathError{Op: "read", Path: name, Err: limitError{limit}}
	}
	f, err := openRegular(fsys, name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimit(f, limit)
}

// openRegular opens name in fsys for reading when it is a regular file, and fails
// otherwise (ErrNotRegular). In an os.DirFS the open itself does not wait: it is made
// with openNonblock (O_NONBLOCK where the system has it), with which a named pipe opens
// at once without a writer, and the file opened is then checked (fstat). O_NONBLOCK
// changes nothing of the reads of a regular file. Another fs.FS's files are opened as it
// opens them: only the check ReadRegular makes before (a stat) keeps a named pipe from it.
func openRegular(fsys fs.FS, name string) (fs.File, error) {
	var f fs.File
	var err error
	if dir, ok := osDir(fsys); ok && fs.ValidPath(name) {
		var osf *os.File
		if osf, err = OpenNonblock(filepath.Join(dir, filepath.FromSlash(name))); err == nil {
			f = osf
		} else if pe, ok := errors.AsType[*fs.PathError](err); ok {
			pe.Path = name // as os.DirFS names it
		}
	} else {
		f, err = fsys.Open(name)
	}
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
		f.Close()
		return nil, err
	case !info.Mode().IsRegular():
		f.Close()
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrNotRegular}
	}
	return f, nil
}

// OpenNonblock opens the file at name for reading without waiting: with O_NONBLOCK where
// the system has it, with which a named pipe opens at once without a writer (a read of it
// then returns at once too). It changes nothing of the reads of a regular file or a
// directory. The caller checks what it opened (f.Stat) before reading.
func OpenNonblock(name string) (*os.File, error) {
	return os.OpenFile(name, os.O_RDONLY|openNonblock, 0)
}

// osDirType is the type of os.DirFS's file systems, whose value is their directory.
var osDirType = reflect.TypeOf(os.DirFS("."))

// osDir returns the directory of fsys when it is an os.DirFS: os gives no other way to
// learn it. Should a later os make its type other than a string, osDir reports false and
// ReadRegular keeps its stat check alone.
func osDir(fsys fs.FS) (string, bool) {
	if fsys == nil || reflect.TypeOf(fsys) != osDirType || osDirType.Kind() != reflect.String {
		return "", false
	}
	return reflect.ValueOf(fsys).String(), true
}

// SameMode reports whether mode, a file's in a tree, is want as git records a mode:
// whether the owner may execute the file (100755 or 100644). The rest of a mode is the
// work tree's alone: a checkout leaves the write bits of the group and others as the
// umask says (0664 under umask 002, 0644 under 022), and a user may keep a file from
// others (0600); neither is an edit. MergeMode keeps them when the file is rewritten.
func SameMode(mode, want fs.FileMode) bool {
	return mode&0o100 == want&0o100
}

// MergeMode returns the mode a file of a tree whose mode is ours gets when gonew-prod
// writes over it the version whose mode is theirs, base being the mode gonew-prod gave it
// before (theirs again when that is unknown, as for add, whose record holds no mode). It
// merges the permission bits three ways, as git merges a file's content: a bit ours
// changed from base (chmod +x, which git records, or -x; a umask's group write bit; a
// 0600 of the user's) stays as ours has it, and any other bit is taken from theirs (a
// new executable bit of the template's, a 0600 of its own). A class (group, others) the
// result gives no read permission then gets no write or execute permission either, but
// for one ours gives none already: a 0600 of the user's that theirs makes executable
// becomes 0700, not 0711, and a 0664 checkout of a file theirs makes 0600 becomes 0600.
func MergeMode(ours, base, theirs fs.FileMode) fs.FileMode {
	ours, base, theirs = ours.Perm(), base.Perm(), theirs.Perm()
	mine := ours ^ base
	merged := ours&mine | theirs&^mine
	for _, class := range []fs.FileMode{0o070, 0o007} {
		if merged&class&0o444 != 0 {
			continue
		}
		kept := fs.FileMode(0)
		if ours&class&0o444 == 0 {
			kept = ours // the user's own mode for the class, unreadable already
		}
		merged &^= class & 0o333 &^ kept
	}
	return merged
}
