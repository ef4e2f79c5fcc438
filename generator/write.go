package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Action is what writing a file into a directory would do.
type Action string

// Actions of a plan.
const (
	Create    Action = "create"    // the file does not exist yet
	Identical Action = "identical" // the file exists with the same content and mode: skipped
	Conflict  Action = "conflict"  // something else is at the path: written only when forced
)

// Step is one file of a plan and what writing it would do.
type Step struct {
	File
	Action Action
	// Reason explains a conflict, e.g. "content differs".
	Reason string
}

// Plan compares files with what is in dir. dir need not exist.
func Plan(dir string, files []File) ([]Step, error) {
	steps := make([]Step, 0, len(files))
	for _, f := range files {
		s := Step{File: f, Action: Create}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		info, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscallNotDir):
			if blocker := fileOnPath(dir, f.Path); blocker != "" {
				s.Action, s.Reason = Conflict, blocker+" is not a directory"
			}
		case err != nil:
			return nil, fmt.Errorf("plan %s: %w", f.Path, err)
		case info.Mode()&fs.ModeSymlink != 0:
			s.Action, s.Reason = Conflict, "is a symbolic link"
		case !info.Mode().IsRegular():
			s.Action, s.Reason = Conflict, "is not a regular file"
		default:
			old, err := os.ReadFile(p)
			if err != nil {
				return nil, fmt.Errorf("plan %s: %w", f.Path, err)
			}
			switch {
			case !bytes.Equal(old, f.Content):
				s.Action, s.Reason = Conflict, "content differs"
			case info.Mode().Perm() != f.Mode:
				s.Action, s.Reason = Conflict, fmt.Sprintf("mode is %04o, want %04o", info.Mode().Perm(), f.Mode)
			default:
				s.Action = Identical
			}
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// fileOnPath returns the first parent of rel below dir that exists but is not a directory.
func fileOnPath(dir, rel string) string {
	parts := strings.Split(rel, "/")
	for i := 1; i < len(parts); i++ {
		parent := strings.Join(parts[:i], "/")
		info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(parent)))
		if err != nil {
			return ""
		}
		if !info.IsDir() {
			return parent
		}
	}
	return ""
}

// WriteOptions tune Write.
type WriteOptions struct {
	// Force writes conflicting files over what is there.
	Force bool
	// BackupSuffix, when set, keeps each overwritten file beside it with this suffix.
	BackupSuffix string

	// beforeFile, in tests, runs before each file is staged and can fail the write.
	beforeFile func(path string) error
}

// Write carries out plan in dir, all or nothing. Every file is first written into a
// temporary directory beside dir; when dir is missing or empty, that directory is then
// renamed into place, otherwise files are moved in one by one and rolled back on failure.
// An error (including ctx being cancelled) leaves dir as it was.
func Write(ctx context.Context, dir string, plan []Step, opts WriteOptions) (err error) {
	var conflicts []string
	for _, s := range plan {
		if s.Action == Conflict {
			conflicts = append(conflicts, s.Path+" ("+s.Reason+")")
		}
	}
	if len(conflicts) > 0 && !opts.Force {
		return fmt.Errorf("write %s: %d file(s) would be overwritten: %s", dir, len(conflicts), strings.Join(conflicts, ", "))
	}
	dir = filepath.Clean(dir)
	fresh, err := IsEmptyOrMissing(dir)
	if err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".gonew-prod-")
	if err != nil {
		return fmt.Errorf("write %s: create staging directory: %w", dir, err)
	}
	defer func() {
		if rmErr := os.RemoveAll(stage); rmErr != nil && err == nil {
			err = fmt.Errorf("write %s: remove staging directory: %w", dir, rmErr)
		}
	}()
	root := filepath.Join(stage, "tree")
	for _, s := range plan {
		if s.Action == Identical {
			continue
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("write %s: %w", dir, err)
		}
		if opts.beforeFile != nil {
			if err := opts.beforeFile(s.Path); err != nil {
				return fmt.Errorf("write %s: %w", s.Path, err)
			}
		}
		if err := writeFile(filepath.Join(root, filepath.FromSlash(s.Path)), s.Content, s.Mode); err != nil {
			return fmt.Errorf("write %s: %w", s.Path, err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	if fresh {
		if err := os.MkdirAll(root, 0o755); err != nil {
			return fmt.Errorf("write %s: %w", dir, err)
		}
		if err := os.Remove(dir); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("write %s: %w", dir, err)
		}
		if err := os.Rename(root, dir); err != nil {
			return fmt.Errorf("write %s: move into place: %w", dir, err)
		}
		return nil
	}
	return moveInto(dir, stage, root, plan, opts.BackupSuffix)
}

// moveInto moves staged files into the existing dir, keeping what it replaces under stage
// until every move has succeeded, and putting everything back if one fails.
func moveInto(dir, stage, root string, plan []Step, backupSuffix string) error {
	type undo struct{ dst, saved string }
	var done []undo
	rollback := func() {
		for i := len(done) - 1; i >= 0; i-- {
			u := done[i]
			os.Remove(u.dst)
			if u.saved != "" {
				os.Rename(u.saved, u.dst)
			}
		}
	}
	saved := filepath.Join(stage, "replaced")
	for _, s := range plan {
		if s.Action == Identical {
			continue
		}
		rel := filepath.FromSlash(s.Path)
		dst := filepath.Join(dir, rel)
		u := undo{dst: dst}
		if s.Action == Conflict {
			if _, err := os.Lstat(dst); err == nil {
				u.saved = filepath.Join(saved, rel)
				if err := os.MkdirAll(filepath.Dir(u.saved), 0o755); err != nil {
					rollback()
					return fmt.Errorf("write %s: %w", s.Path, err)
				}
				if err := os.Rename(dst, u.saved); err != nil {
					rollback()
					return fmt.Errorf("write %s: set aside existing file: %w", s.Path, err)
				}
			}
		}
		done = append(done, u)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			rollback()
			return fmt.Errorf("write %s: %w", s.Path, err)
		}
		if err := os.Rename(filepath.Join(root, rel), dst); err != nil {
			rollback()
			return fmt.Errorf("write %s: move into place: %w", s.Path, err)
		}
	}
	if backupSuffix == "" {
		return nil
	}
	for _, u := range done {
		if u.saved == "" {
			continue
		}
		if err := copyFile(u.saved, u.dst+backupSuffix); err != nil {
			return fmt.Errorf("write %s: keep backup: %w", u.dst+backupSuffix, err)
		}
	}
	return nil
}

func writeFile(p string, content []byte, mode fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(p, content, mode); err != nil {
		return err
	}
	return os.Chmod(p, mode) // the umask must not change generated modes
}

func copyFile(src, dst string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return writeFile(dst, data, info.Mode().Perm())
}

// IsEmptyOrMissing reports whether dir does not exist or has no entries.
func IsEmptyOrMissing(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return len(entries) == 0, nil
}
