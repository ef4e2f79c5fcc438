// Package scratch makes throw-away copies of a project, on which add and update run the
// go command (tidy, vendor, vet, build, test) before anything of the user's is touched.
//
// A copy must never be a way back into the user's files: nothing written in it may land
// outside it. So a symbolic link that stays inside the project is copied as a link to the
// same place in the copy; a link to a file outside the project becomes a regular file with
// that file's content, and a link to a directory outside a directory holding a copy of
// that directory's content (unless git ignores the link: then it is left out, and a
// linked directory too large to copy stops the copy); WriteFile and Remove refuse to go
// through any link.
package scratch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/gonew-prod/gonew-prod/internal/gitview"
)

// Copy copies the directories, regular files and symbolic links below src into dst,
// leaving out every .git, whether a directory, a file (`gitdir: ...`, in a linked work
// tree or a submodule) or a link, so that git finds no repository of the user's from the
// copy, and every directory skip reports (rel is relative to src, slash-separated).
// Sockets, devices and pipes have no place in a build and are left out too, as are links
// that lead nowhere (dangling, or a loop). When src is a symbolic link (or lies below
// one), the directory it leads to is copied. A directory outside src that a link leads to
// is copied in its place (see the package comment), but one that holds a directory being
// copied, which would be copied into itself, is left out, and so is one whose link, in
// src, git ignores (ignored says which, as for the entries below): a tool chain or data
// set there (sysroot -> /usr) is no part of the build. What a linked directory outside
// brings, with the links in it, is capped (outsideEntries, outsideBytes): past the cap
// Copy fails, naming the link.
//
// dst itself, when it lies below src (TMPDIR inside the project), is left out, as is any
// directory Dir made (holding the InUse mark: another run's copy): a copy never copies
// itself, nor a copy.
//
// An entry of src that cannot be read (a database's directory of another owner, mode
// 0700) is left out when git ignores it (ignored, asked once with all of them, says which
// of their paths, relative to src, it does; nil when it is not known); else Copy fails,
// naming the first such path. An entry that cannot be read in a directory outside src
// is left out: it is no file of the project's.
func Copy(src, dst string, skip func(rel string) bool, ignored func(rels []string) ([]string, error)) error {
	root, err := filepath.EvalSymlinks(src)
	if err != nil {
		return err
	}
	c := &copier{root: root, dst: dst, skip: skip, active: []string{root}}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	if c.dstInfo, err = os.Stat(dst); err != nil {
		return err
	}
	if err := c.tree(root, dst, true); err != nil {
		return err
	}
	var rels []string
	for _, u := range c.unreadable {
		rels = append(rels, u.rel)
	}
	for _, o := range c.outside {
		rels = append(rels, o.rel)
	}
	var left []string
	if ignored != nil && len(rels) > 0 {
		if left, err = ignored(rels); err != nil {
			left = nil // git cannot tell: every such entry stops the copy, every link is copied
		}
	}
	for _, u := range c.unreadable {
		if !slices.Contains(left, u.rel) {
			return fmt.Errorf("copy %s (git does not ignore it): %w", u.rel, u.err)
		}
	}
	for _, o := range c.outside {
		if !slices.Contains(left, o.rel) {
			if err := c.linkedTree(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// The most a directory outside the project that a link of the project leads to may
// bring into the copy, the links in it included (variables: tests lower them).
var (
	outsideEntries       = 20000
	outsideBytes   int64 = 512 << 20
)

// outsideLink is a link of the project to a directory outside it: rel is the link's path
// relative to the project, slash-separated, real the directory, target its place in the
// copy.
type outsideLink struct {
	rel, real, target string
}

// linkedTree copies the directory outside the project that the link o leads to, within
// the cap (outsideEntries, outsideBytes).
func (c *copier) linkedTree(o outsideLink) error {
	if err := os.MkdirAll(o.target, 0o755); err != nil {
		return fmt.Errorf("copy %s: %w", o.rel, err)
	}
	c.brought = &brought{link: o}
	defer func() { c.brought = nil }()
	c.active = append(c.active, o.real)
	defer func() { c.active = c.active[:len(c.active)-1] }()
	return c.tree(o.real, o.target, false)
}

// brought counts what the directory outside that link leads to brings into the copy.
type brought struct {
	link    outsideLink
	entries int
	bytes   int64
}

// count adds an entry of size bytes to what the link brings, and fails past the cap.
func (b *brought) count(size int64) error {
	b.entries++
	b.bytes += size
	if b.entries <= outsideEntries && b.bytes <= outsideBytes {
		return nil
	}
	return fmt.Errorf("copy %s: the link leads to %s, a directory outside the project holding more than %d entries or %d MiB; the check build copies a linked directory outside (so that nothing it writes or deletes lands outside the copy) and this one is too large: have git ignore the link (a .gitignore line /%s, without a trailing slash: git takes a link for a file), which the copy then leaves out, or link only what the build needs",
		b.link.rel, b.link.real, outsideEntries, outsideBytes>>20, b.link.rel)
}

// GitIgnored returns, for Copy, what git (run with env, ctx bounding it) says of paths
// relative to dir, a directory of a git work tree: those it ignores.
func GitIgnored(ctx context.Context, env []string, dir string) func(rels []string) ([]string, error) {
	return func(rels []string) ([]string, error) {
		ignored, err := gitview.FindIgnored(ctx, env, dir, rels)
		var out []string
		for _, ig := range ignored {
			out = append(out, ig.Path)
		}
		return out, err
	}
}

// copier is one Copy.
type copier struct {
	root, dst string // the real directory copied, and the copy
	skip      func(rel string) bool
	// active are the real directories being copied: root, and those outside it that
	// links lead to, the innermost last.
	active     []string
	unreadable []unreadable
	// outside are the links of the project to directories outside it, copied once git
	// has said which it ignores; brought counts what the one being copied brings.
	outside []outsideLink
	brought *brought
	dstInfo fs.FileInfo // dst's, to leave it out
}

// scratchDir reports whether the directory p (info its) is the copy being made or one
// Dir made, which Copy leaves out.
func (c *copier) scratchDir(p string, info fs.FileInfo) bool {
	if os.SameFile(info, c.dstInfo) {
		return true
	}
	mark, err := os.Lstat(filepath.Join(p, InUse))
	return err == nil && mark.Mode().IsRegular()
}

// unreadable is an entry of the project Copy could not read: rel is its path relative to
// the project, slash-separated.
type unreadable struct {
	rel string
	err error
}

// tree copies the real directory dir to to: the project's root when own is set, else a
// directory outside it that a link leads to.
func (c *copier) tree(dir, to string, own bool) error {
	// The walk starts at the real directory: WalkDir would take a linked src for a link
	// and not go into it.
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil {
			return rerr
		}
		target := filepath.Join(to, rel)
		if err != nil {
			return c.cannotRead(target, d, err, own)
		}
		info, err := d.Info()
		if err != nil {
			return c.cannotRead(target, d, err, own)
		}
		if !own && rel != "." && c.brought != nil {
			var size int64 // a link's file counts in link
			if info.Mode().IsRegular() {
				size = info.Size()
			}
			if err := c.brought.count(size); err != nil {
				return err
			}
		}
		// .GIT is the repository too on a case-insensitive file system.
		dotGit := strings.EqualFold(d.Name(), ".git") && rel != "."
		switch {
		case d.IsDir() && rel != "." && (dotGit || (own && c.skip != nil && c.skip(filepath.ToSlash(rel))) || c.scratchDir(p, info)):
			return filepath.SkipDir
		case dotGit:
			return nil
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case info.Mode()&fs.ModeSymlink != 0:
			err = c.link(p, target)
		case info.Mode().IsRegular():
			err = copyFile(p, target, info.Mode().Perm())
		}
		if errors.Is(err, fs.ErrPermission) {
			return c.cannotRead(target, d, err, own)
		}
		if err != nil {
			return fmt.Errorf("copy %s: %w", c.name(target), err)
		}
		return nil
	})
}

// cannotRead notes the entry of the copy's path target that could not be read (err), and
// goes on without it: the copy's end decides whether it may be left out. Any other
// failure than a permission's stops the copy.
func (c *copier) cannotRead(target string, d fs.DirEntry, err error, own bool) error {
	if !errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("copy %s: %w", c.name(target), err)
	}
	if own {
		c.unreadable = append(c.unreadable, unreadable{rel: c.name(target), err: err})
	}
	if d != nil && d.IsDir() {
		return filepath.SkipDir
	}
	return nil
}

// name returns the path of target, in the copy, as the project names it.
func (c *copier) name(target string) string {
	if rel, err := filepath.Rel(c.dst, target); err == nil {
		return filepath.ToSlash(rel)
	}
	return target
}

// link copies the symbolic link p to target, as the package comment says.
func (c *copier) link(p, target string) error {
	info, err := os.Stat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ELOOP) {
		return nil // dangling, or a loop: nothing to read, and nothing may be written through it
	}
	if err != nil {
		return err
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return err
	}
	if inside, ok := within(c.root, real); ok {
		link, err := filepath.Rel(filepath.Dir(target), filepath.Join(c.dst, inside))
		if err != nil {
			return err
		}
		return os.Symlink(link, target)
	}
	switch {
	case info.IsDir():
		// A copy, so that nothing the gate writes or removes there leaves the copy; one
		// that holds a directory being copied would be copied into itself.
		for _, a := range c.active {
			if _, ok := within(real, a); ok {
				return nil
			}
		}
		o := outsideLink{rel: c.name(target), real: real, target: target}
		if c.brought == nil {
			// A link of the project's: copied once git has said whether it ignores it.
			c.outside = append(c.outside, o)
			return nil
		}
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		c.active = append(c.active, real)
		defer func() { c.active = c.active[:len(c.active)-1] }()
		return c.tree(real, target, false)
	case info.Mode().IsRegular():
		if c.brought != nil {
			if err := c.brought.count(info.Size()); err != nil {
				return err
			}
		}
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

// repositoryEnv are the variables by which the environment names a git repository, its
// work tree or its index to git (from `git rev-parse --local-env-vars`): a hook that runs
// gonew-prod has them set.
var repositoryEnv = []string{
	"GIT_DIR", "GIT_WORK_TREE", "GIT_IMPLICIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
	"GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_GRAFT_FILE",
	"GIT_SHALLOW_FILE", "GIT_PREFIX", "GIT_INTERNAL_SUPER_PREFIX",
}

// Env returns env for the commands run in the copy at dir: git run there finds no
// repository of the user's, neither one env names (repositoryEnv) nor one above the copy
// (GIT_CEILING_DIRECTORIES stops its search at the copy, which Copy made without .git),
// so a command in the copy cannot read or write the user's index, refs or objects. A
// repository a command makes in the copy (a test's git init) works as usual. git cannot
// be stopped at a directory whose path holds a colon (its list separator): the search
// then stops at the nearest directory above whose path holds none.
func Env(env []string, dir string) []string {
	out := slices.DeleteFunc(slices.Clone(env), func(kv string) bool {
		name, _, _ := strings.Cut(kv, "=")
		return name == "GIT_CEILING_DIRECTORIES" || slices.Contains(repositoryEnv, name)
	})
	ceiling, err := filepath.Abs(filepath.Dir(dir))
	if err != nil {
		return out
	}
	for strings.ContainsRune(ceiling, filepath.ListSeparator) && ceiling != filepath.Dir(ceiling) {
		ceiling = filepath.Dir(ceiling)
	}
	return append(out, "GIT_CEILING_DIRECTORIES="+ceiling)
}

// within returns p relative to root when p is root or below it.
func within(root, p string) (string, bool) {
	rel, err := filepath.Rel(root, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return rel, true
}

// openFile opens a file Copy copies (os.Open; tests make it fail).
var openFile = os.Open

func copyFile(src, dst string, mode fs.FileMode) error {
	in, err := openFile(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode|0o200)
	if err != nil {
		return err
	}
	// The mode as the source's, not as the umask leaves it (077 would take the group's
	// and others' bits away), as WriteFile sets it.
	if err := out.Chmod(mode | 0o200); err != nil {
		out.Close()
		return err
	}
	if err := copyData(out, in); err != nil {
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
