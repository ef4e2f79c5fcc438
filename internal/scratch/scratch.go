// Package scratch makes throw-away copies of a project, on which add and update run the
// go command (tidy, vendor, vet, build, test) before anything of the user's is touched.
package scratch

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Copy copies the directories, regular files and symbolic links below src into dst,
// leaving out .git directories and every directory skip reports (rel is relative to
// src, slash-separated). Sockets, devices and pipes have no place in a build and are
// left out too.
func Copy(src, dst string, skip func(rel string) bool) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
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
			link, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(link, target)
		case info.Mode().IsRegular():
			return copyFile(p, target, info.Mode().Perm())
		}
		return nil
	})
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
