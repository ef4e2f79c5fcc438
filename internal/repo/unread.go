package repo

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Unread is a package of a program that discovery did not read, or a file of one
// that it did not read.
type Unread struct {
	// ImportPath is the package's import path; File is the file of it that was not
	// read, or "" when the package was not read at all.
	ImportPath, File string
	// Why says why, naming the path at fault: "internal/router is a symbolic link out
	// of the repository (../../platform/router)".
	Why string
	// At is where the program imports the package; for the main package, func main.
	At Evidence
	// By is the directive that takes the package's code from outside the repository
	// (a go.work use, a replace), when one does.
	By Evidence
}

// String describes u in a sentence without its final period.
func (u Unread) String() string {
	if u.File != "" {
		why := strings.TrimSuffix(strings.TrimPrefix(u.Why, u.File+": "), ", not read")
		if u.ImportPath == "" { // a main package outside every module
			return fmt.Sprintf("%s was not read: %s", u.File, why)
		}
		return fmt.Sprintf("%s of %s was not read: %s", u.File, u.ImportPath, why)
	}
	return fmt.Sprintf("%s is imported but was not read: %s", u.ImportPath, u.Why)
}

// unreadOf returns the packages of m's program that were not read: the imports of
// its packages that name a package of the repository's modules discovery did not
// read, and the files of its packages that could not be read or parsed (notReadIn,
// from notReadByDir).
func (r *Repo) unreadOf(m *Main, byPath map[string][]*Package, notReadIn map[string][]string) []Unread {
	if len(m.Program) == 0 || m.Package.ImportPath == "" { // outside every module: nothing is local
		return nil
	}
	in := map[string]bool{}
	for _, p := range m.Program {
		in[p.ImportPath] = true
	}
	b := r.modules(m.Package.Module)
	var out []Unread
	seen := map[string]bool{}
	for _, p := range m.Program {
		for _, f := range notReadIn[p.Dir] {
			at := r.At(m.MainFile, m.MainLine)
			if p != m.Package {
				at = r.importedAt(m, p.ImportPath)
			}
			out = append(out, Unread{ImportPath: p.ImportPath, File: f, Why: r.notRead[f], At: at})
		}
		for _, f := range slices.Concat(p.Files, p.Generated) {
			for _, imp := range f.Imports {
				if in[imp.Path] || seen[imp.Path] {
					continue
				}
				if why, ok := r.whyNotRead(b, imp.Path, byPath, notReadIn); ok {
					seen[imp.Path] = true
					out = append(out, Unread{ImportPath: imp.Path, Why: why, At: r.At(f.Path, imp.Line)})
				}
			}
		}
	}
	return out
}

// whyNotRead returns why the package ip, which a program built with module set b
// imports, was not read. ok is false when the build takes ip from no directory of the
// repository (the standard library, a requirement), when program reports it (a
// directory outside the repository, a replace's directory) or when it was read. Which
// directory the build reads is decided by moduleSet.local, as for the program.
func (r *Repo) whyNotRead(b moduleSet, ip string, byPath map[string][]*Package, notReadIn map[string][]string) (why string, ok bool) {
	if found := byPath[ip]; len(found) == 1 && found[0].Name == "main" {
		return "", false // no importable package: the build says so
	}
	dir, _, _, rep, ok := b.local(ip)
	switch {
	case !ok || dir == "" || rep != nil: // outside the repository, or a replace: the program says why
		return "", false
	case r.Packages[dir] != nil:
		return "", false
	}
	for d := dir; ; d = path.Dir(d) {
		if why, ok := r.notRead[d]; ok { // a directory that could not be read or followed
			return why, true
		}
		if d == "." {
			break
		}
	}
	for d := dir; d != "."; d = path.Dir(d) {
		switch name := path.Base(d); {
		case name == "vendor":
			return d + " is a vendor directory, which holds dependencies and is not read", true
		case skipDir(name):
			return d + " is a directory the go command's patterns leave out (testdata, node_modules, or a name starting with . or _), which this audit does not read", true
		}
	}
	if files := notReadIn[dir]; len(files) > 0 {
		return r.notRead[files[0]], true
	}
	return "no Go file of it is in " + dir, true
}

// notReadByDir returns the Go files that were not read, sorted, by directory.
func (r *Repo) notReadByDir() map[string][]string {
	out := map[string][]string{}
	for p := range r.notRead {
		if strings.HasSuffix(p, ".go") {
			out[path.Dir(p)] = append(out[path.Dir(p)], p)
		}
	}
	for _, files := range out {
		slices.Sort(files)
	}
	return out
}

// importedAt returns where m's program first imports ip.
func (r *Repo) importedAt(m *Main, ip string) Evidence {
	for _, p := range m.Program {
		for _, f := range slices.Concat(p.Files, p.Generated) {
			for _, imp := range f.Imports {
				if imp.Path == ip {
					return r.At(f.Path, imp.Line)
				}
			}
		}
	}
	return r.At(m.MainFile, m.MainLine)
}

// maxLinks bounds the symbolic links followed to resolve one path, as the kernel
// bounds them: a loop of links ends there.
const maxLinks = 40

// stat returns the FileInfo of p, following symbolic links inside the repository,
// without opening p: opening a named pipe blocks until a writer comes, and fs.Stat
// opens p when fsys has no Stat (fs.Sub's file systems have none). A link out of the
// repository, to nothing or in a loop is an error.
func stat(fsys fs.FS, p string) (fs.FileInfo, error) {
	if sfs, ok := fsys.(fs.StatFS); ok {
		return sfs.Stat(p)
	}
	real, linked, _, why := resolve(fsys, p)
	switch {
	case why != "" && !linked: // nothing there
		return fs.Lstat(fsys, p)
	case why != "":
		return nil, &fs.PathError{Op: "stat", Path: p, Err: errors.New(why)}
	}
	return fs.Lstat(fsys, real)
}

// resolve returns the path inside the repository that p names once every symbolic
// link on the way is followed, and whether one was. When p cannot be followed, link
// is the link at fault and why says why (a link out of the repository or to nothing,
// or a loop); when p names nothing without a link on the way, why is the error.
func resolve(fsys fs.FS, p string) (real string, linked bool, link, why string) {
	done, parts := ".", strings.Split(p, "/")
	var target string
	for hops := 0; len(parts) > 0; {
		c := parts[0]
		parts = parts[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if done == "." {
				return "", true, link, fmt.Sprintf("a symbolic link out of the repository (%s)", target)
			}
			done = path.Dir(done)
			continue
		}
		next := join(done, c)
		info, err := fs.Lstat(fsys, next)
		switch {
		case err != nil && linked:
			return "", true, link, fmt.Sprintf("a symbolic link to %s, which is not there", target)
		case err != nil:
			return "", false, "", err.Error()
		case info.Mode()&fs.ModeSymlink == 0:
			done = next
			continue
		}
		if hops++; hops > maxLinks {
			return "", true, p, "reached through a loop of symbolic links"
		}
		if target, err = fs.ReadLink(fsys, next); err != nil {
			return "", true, next, err.Error()
		}
		linked, link = true, next
		if path.IsAbs(target) {
			return "", true, link, fmt.Sprintf("a symbolic link out of the repository (%s)", target)
		}
		parts = append(strings.Split(target, "/"), parts...)
	}
	return done, linked, "", ""
}

// linkedGoFile adds the Go file p, a symbolic link, to goFiles when it leads to a
// regular file inside the repository (read in its place), and records it as not
// read otherwise.
func (r *Repo) linkedGoFile(fsys fs.FS, p string, goFiles *[]string) {
	real, _, link, why := resolve(fsys, p)
	if why == "" {
		// resolve followed every link, so real is none: Lstat learns its type without
		// opening it (fs.Stat opens a file when fsys has no Stat, and opening a named
		// pipe blocks until a writer comes).
		if info, err := fs.Lstat(fsys, real); err != nil {
			link, why = p, err.Error()
		} else if !info.Mode().IsRegular() {
			link, why = p, "a symbolic link to "+real+", which is not a regular file"
		}
	}
	if why != "" {
		r.problem(p, fmt.Errorf("%s: not read", why))
		r.notRead[p] = link + " is " + why
		return
	}
	r.links[p] = real
	*goFiles = append(*goFiles, p)
}

// readGo reads the Go file p, or the file it links to, within the size bound of Go
// files.
func (r *Repo) readGo(fsys fs.FS, p string) ([]byte, error) {
	if real, ok := r.links[p]; ok {
		return readLimited(fsys, real, maxGoFile)
	}
	return readLimited(fsys, p, maxGoFile)
}

// followLinks reads the packages that Go files import through a symbolic link to a
// directory (internal/router -> ../shared/router), which the go command follows for
// imports but the walk does not: a link inside the repository is read as if its
// directory were there, while one out of the repository, to nothing or in a loop is
// recorded as not read. A directory only reached so that holds package main is
// dropped: no program imports it.
func (r *Repo) followLinks(ctx context.Context, fsys fs.FS) error {
	tried := map[string]bool{}
	sets := map[*Module]moduleSet{}
	for {
		var dirs []string
		for _, pkg := range r.Packages {
			b, ok := sets[pkg.Module]
			if !ok {
				b = r.modules(pkg.Module)
				sets[pkg.Module] = b
			}
			for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
				for _, imp := range f.Imports {
					if dir, why, _, _, ok := b.local(imp.Path); ok && dir != "" && why == "" && r.Packages[dir] == nil && !tried[dir] {
						tried[dir] = true
						dirs = append(dirs, dir)
					}
				}
			}
		}
		if len(dirs) == 0 {
			return nil
		}
		slices.Sort(dirs)
		var goFiles []string
		for _, dir := range dirs {
			real, linked, link, why := resolve(fsys, dir)
			switch {
			case !linked: // not there, or left out by the walk: see whyNotRead
			case why != "":
				if !slices.ContainsFunc(r.Problems, func(p Problem) bool { return p.File == link }) {
					r.problem(link, fmt.Errorf("%s: not read", why))
				}
				r.notRead[dir] = link + " is " + why
			default:
				goFiles = r.linkedDir(fsys, dir, real, goFiles)
			}
		}
		if err := r.parseGo(ctx, fsys, goFiles); err != nil {
			return err
		}
		for _, dir := range dirs {
			if pkg := r.Packages[dir]; pkg != nil && pkg.Name == "main" {
				delete(r.Packages, dir)
			}
		}
	}
}

// linkedDir adds to goFiles the Go files of dir, a directory reached through a
// symbolic link, whose real path is real, and returns them.
func (r *Repo) linkedDir(fsys fs.FS, dir, real string, goFiles []string) []string {
	entries, err := fs.ReadDir(fsys, real)
	if err != nil {
		r.problem(dir, err)
		r.notRead[dir] = err.Error()
		return goFiles
	}
	for _, e := range entries {
		p := dir + "/" + e.Name()
		switch {
		case e.IsDir() || classify(p, e.Name()) != kindGo:
		case e.Type()&fs.ModeSymlink != 0:
			r.linkedGoFile(fsys, p, &goFiles)
		case !e.Type().IsRegular():
			r.problem(p, fmt.Errorf("%s, not a regular file: not read", Irregular(e.Type())))
			r.notRead[p] = p + " is " + Irregular(e.Type()) + ", not a regular file"
		default:
			r.links[p] = real + "/" + e.Name()
			goFiles = append(goFiles, p)
		}
	}
	return goFiles
}
