package repo

import (
	"io/fs"
	"path"

	"golang.org/x/mod/modfile"
)

// Enclosure is where the repository around a directory inside a module is: see
// [Enclosing].
type Enclosure struct {
	// Root is the directory to open instead: the top of the git work tree that holds
	// the module, else the module's root.
	Root string
	// Module is the directory of the go.mod above, and ModulePath its module path.
	Module, ModulePath string
	// Under is the directory asked for, relative to Root (slash-separated).
	Under string
}

// Enclosing reports whether the directory dir of fsys (slash-separated, "." for its
// root) lies inside a module without being its root, as a go command run there finds
// it: no go.mod in dir, one in a directory above, with no git work tree's top (a
// directory holding .git) between them, and no directory on the way down from the
// module that the go command's patterns leave out (testdata, vendor, a name starting
// with "." or "_"), where opening the root would not read dir. The repository is
// then the git work tree's top above the module, when there is one, else the
// module's root.
func Enclosing(fsys fs.FS, dir string) (Enclosure, bool) {
	dir = path.Clean(dir)
	if exists(fsys, path.Join(dir, "go.mod")) {
		return Enclosure{}, false
	}
	var e Enclosure
	found := false
	for d := dir; ; d = path.Dir(d) {
		if d != dir && !found && exists(fsys, path.Join(d, "go.mod")) {
			b, err := fs.ReadFile(fsys, path.Join(d, "go.mod"))
			if err != nil {
				return Enclosure{}, false
			}
			e.Module, e.ModulePath, e.Root, found = d, modfile.ModulePath(b), d, true
		}
		if exists(fsys, path.Join(d, ".git")) {
			if found {
				e.Root = d
			}
			break
		}
		if d == "." {
			break
		}
		if !found && (path.Base(d) == "vendor" || walkSkips(path.Base(d)) || hidden(path.Base(d))) {
			return Enclosure{}, false // the walk from the module's root does not reach dir
		}
	}
	if !found {
		return Enclosure{}, false
	}
	e.Under = dir
	if e.Root != "." {
		e.Under = dir[len(e.Root)+1:]
	}
	return e, true
}

// exists reports whether p names something in fsys.
func exists(fsys fs.FS, p string) bool {
	_, err := fs.Stat(fsys, p)
	return err == nil
}
