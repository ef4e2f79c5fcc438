// Package scratch makes throw-away copies of a project, on which add and update run the
// go command (tidy, vendor, vet, build, test) before anything of the user's is touched.
//
// A copy must never be a way back into the user's files: nothing written in it may land
// outside it. So a symbolic link that stays inside the project is copied as a link to the
// same place in the copy; a link to a file outside the project becomes a regular file with
// that file's content; a link to a directory outside stays a link (the go command may read
// through it), and WriteFile and Remove refuse to go through any link.
package scratch

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Copy copies the directories, regular files and symbolic links below src into dst,
// leaving out .git directories and every directory skip reports (rel is relative to
// src, slash-separated). Sockets, devices and pipes have no place in a build and are
// left out too, as are links that lead nowhere. When src is a symbolic link (or lies
// below one), the directory it leads to is copied.
func Copy(src, dst string, skip func(rel string) bool) error {
	root, err := filepath.EvalSymlinks(src)
	if err != nil {
		return err
	}
	// The walk starts at the real directory: WalkDir would take a linked src for a link
	// and not go into it.
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.IsDir() && rel != "." && (d.Name() == ".git" || (skip != nil && skip(filepath.ToSlash(rel)))):
			return filepath.SkipDir
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case info.Mode()&fs.ModeSymlink != 0:
			return copyLink(root, dst, p, target)
		case info.Mode().IsRegular():
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil
	})
}

// copyLink copies the symbolic link p of the tree whose real path is root to target, in
// the copy dst, as the package comment says.
func copyLink(root, dst, p, target string) error {
	real, err := filepath.EvalSymlinks(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a dangling link: nothing to read, and nothing may be written through it
	}
	if err != nil {
		return err
	}
	info, err := os.Stat(real)
	if err != nil {
		return err
	}
	if inside, ok := within(root, real); ok {
		link, err := filepath.Rel(filepath.Dir(target), filepath.Join(dst, inside))
		if err != nil {
			return err
		}
		return os.Symlink(link, target)
	}
	switch {
	case info.IsDir():
		return os.Symlink(real, target)
	case info.Mode().IsRegular():
		return copyFile(real, target, info.Mode().Perm())
	}
	return nil
}

// Real returns the directory dir as the go command sees it from inside: with every
// symbolic link on its way resolved (filepath.EvalSymlinks), so that a relative path
// from it, such as a go.mod's `replace example.com/lib => ../lib`, leads where it leads
// for the go command run there. A project reached through a link to its root (--dir
// naming one, or a working directory entered through one) is its real directory; dir
// itself when it cannot be resolved.
func Real(dir string) string {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		return real
	}
	return dir
}

// within returns p relative to root when p is root or below it.
func within(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode|0o200)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// WriteFile writes data to rel (slash-separated) below the copy dir, creating the
// directories it needs and replacing a regular file there. It refuses when rel or a
// directory on the way is a symbolic link, so that no write through a link leaves the copy.
func WriteFile(dir, rel string, data []byte, mode fs.FileMode) error {
	if err := noLink(dir, rel); err != nil {
		return err
	}
	full := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(full, data, mode|0o200); err != nil {
		return err
	}
	return os.Chmod(full, mode|0o200)
}

// Remove removes the file rel (slash-separated) below the copy dir. Like WriteFile, it
// refuses when rel or a directory on the way is a symbolic link, so that no removal
// through a link leaves the copy.
func Remove(dir, rel string) error {
	if err := noLink(dir, rel); err != nil {
		return err
	}
	return os.Remove(filepath.Join(dir, filepath.FromSlash(rel)))
}

// noLink refuses rel below dir when it, or a directory on the way to it, is a symbolic
// link. The parts of rel that do not exist yet hold no link.
func noLink(dir, rel string) error {
	p := dir
	parts := strings.Split(rel, "/")
	for i, part := range parts {
		p = filepath.Join(p, part)
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link: refusing to change the copy through it", strings.Join(parts[:i+1], "/"))
		}
	}
	return nil
}

// OutOfRoom reports whether err, from Copy, says the file system of the copy ran out of
// room (or of the user's quota): more room is then what makes the copy work, and
// nothing else is.
func OutOfRoom(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}
