package repo

import (
	"io/fs"
	"path"

	"golang.org/x/mod/modfile"

	"github.com/gonew-prod/gonew-prod/generator"
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
	// Nested is true when the directory asked for is the module's root (Module):
	// a module nested in the git work tree at Root.
	Nested bool
}

// Enclosing reports whether the directory dir of fsys (slash-separated, "." for its
// root) lies inside a repository without being its root, as a go command run there
// finds it, in one of two ways. Either dir holds no go.mod and lies inside a module:
// a go.mod in a directory above, with no git work tree's top (a directory holding
// .git) between them, and no directory on the way down from the module that the go
// command's patterns leave out (testdata, vendor, a name starting with "." or "_"),
// where opening the root would not read dir; the repository is then the git work
// tree's top above the module, when there is one and no such directory lies between
// it and dir's module (the module's own directory included), else the module's root
// (the walk from the top would not reach the module). Or dir
// holds a go.mod of its own (a nested module, Nested) inside a git work tree whose
// top is above it, with no such directory on the way down from that top; the
// repository is then that top, where CI and the other modules are.
func Enclosing(fsys fs.FS, dir string) (Enclosure, bool) {
	dir = path.Clean(dir)
	if exists(fsys, path.Join(dir, "go.mod")) {
		return nestedModule(fsys, dir)
	}
	var e Enclosure
	found := false
	for d := dir; ; d = path.Dir(d) {
		if d != dir && !found && exists(fsys, path.Join(d, "go.mod")) {
			b, err := generator.ReadRegular(fsys, path.Join(d, "go.mod"), generator.MaxTreeFile)
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
		if path.Base(d) == "vendor" || walkSkips(path.Base(d)) || hidden(path.Base(d)) {
			if !found {
				return Enclosure{}, false // the walk from the module's root does not reach dir
			}
			break // nor does the walk from a git work tree's top above: the module's root is the repository
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

// nestedModule is Enclosing for dir, which holds a go.mod: the git work tree's top
// above it, when the walk from that top reaches dir.
func nestedModule(fsys fs.FS, dir string) (Enclosure, bool) {
	for d := dir; d != "."; {
		if exists(fsys, path.Join(d, ".git")) {
			return Enclosure{}, false // dir is a work tree's top (or below one that is not above it)
		}
		if path.Base(d) == "vendor" || walkSkips(path.Base(d)) || hidden(path.Base(d)) {
			return Enclosure{}, false // the walk from the top does not reach dir
		}
		d = path.Dir(d)
		if exists(fsys, path.Join(d, ".git")) {
			b, err := generator.ReadRegular(fsys, path.Join(dir, "go.mod"), generator.MaxTreeFile)
			if err != nil {
				return Enclosure{}, false
			}
			e := Enclosure{Root: d, Module: dir, ModulePath: modfile.ModulePath(b), Nested: true, Under: dir}
			if d != "." {
				e.Under = dir[len(d)+1:]
			}
			return e, true
		}
	}
	return Enclosure{}, false
}

// exists reports whether p names something in fsys.
func exists(fsys fs.FS, p string) bool {
	_, err := fs.Stat(fsys, p)
	return err == nil
}
