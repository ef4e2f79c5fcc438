package repo

import (
	"context"
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
		return fmt.Sprintf("%s of %s was not read: %s", u.File, u.ImportPath, why)
	}
	return fmt.Sprintf("%s is imported but was not read: %s", u.ImportPath, u.Why)
}

// unreadOf returns the packages of m's program that were not read: the imports of
// its packages that name a package of the repository's modules discovery did not
// read, and the files of its packages that could not be read or parsed.
func (r *Repo) unreadOf(m *Main, byPath map[string][]*Package) []Unread {
	if len(m.Program) == 0 || m.Package.ImportPath == "" { // outside every module: nothing is local
		return nil
	}
	in := map[string]bool{}
	for _, p := range m.Program {
		in[p.ImportPath] = true
	}
	var out []Unread
	seen := map[string]bool{}
	for _, p := range m.Program {
		for _, f := range r.notReadIn(p.Dir) {
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
				if why, ok := r.whyNotRead(p, imp.Path, byPath); ok {
					seen[imp.Path] = true
					out = append(out, Unread{ImportPath: imp.Path, Why: why, At: r.At(f.Path, imp.Line)})
				}
			}
		}
	}
	return out
}

// whyNotRead returns why the package ip, which a file of from imports, was not read.
// ok is false when ip is no package of the repository's modules (the standard
// library, a dependency) or when it was read. Every reason an import goes unread is
// decided here.
func (r *Repo) whyNotRead(from *Package, ip string, byPath map[string][]*Package) (why string, ok bool) {
	if found := byPath[ip]; len(found) == 1 && found[0].Name == "main" {
		return "", false // no importable package: the build says so
	}
	dir, why, ok := r.localDir(from, ip)
	switch {
	case !ok:
		return "", false
	case why != "":
		return why, true
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
		case skipDir(d, name):
			return d + " is a directory the go command's patterns leave out (testdata, node_modules, or a name starting with . or _), which this audit does not read", true
		}
	}
	if files := r.notReadIn(dir); len(files) > 0 {
		return r.notRead[files[0]], true
	}
	return "no Go file of it is in " + dir, true
}

// localDir returns the directory of the repository that holds package ip for an
// importer in package from. ip's module is the repository's module with the longest
// path ip starts with (from's own among several of that path), unless from's module
// requires a module of a longer path, which comes from the module cache. ok is false
// when ip is no package of the repository's modules; why says why the directory
// cannot be told.
func (r *Repo) localDir(from *Package, ip string) (dir, why string, ok bool) {
	var best []*Module
	for _, m := range r.Modules {
		switch {
		case ip != m.Path && !strings.HasPrefix(ip, m.Path+"/"):
		case len(best) == 0 || len(m.Path) > len(best[0].Path):
			best = []*Module{m}
		case len(m.Path) == len(best[0].Path):
			best = append(best, m)
		}
	}
	if len(best) == 0 {
		return "", "", false
	}
	if from.Module != nil {
		for _, req := range from.Module.Requires {
			if len(req.Path) > len(best[0].Path) && (ip == req.Path || strings.HasPrefix(ip, req.Path+"/")) {
				return "", "", false
			}
		}
	}
	m := best[0]
	if len(best) > 1 {
		i := slices.Index(best, from.Module)
		if i < 0 {
			var dirs []string
			for _, b := range best {
				dirs = append(dirs, b.Dir)
			}
			return "", fmt.Sprintf("the modules in %s all have the path %s and none is the importer's: which one the build uses is not known", strings.Join(dirs, ", "), m.Path), true
		}
		m = best[i]
	}
	if rest := strings.TrimPrefix(ip, m.Path+"/"); rest != ip {
		return join(m.Dir, rest), "", true
	}
	return m.Dir, "", true
}

// notReadIn returns the Go files directly in dir that were not read, sorted.
func (r *Repo) notReadIn(dir string) []string {
	var out []string
	for p := range r.notRead {
		if strings.HasSuffix(p, ".go") && path.Dir(p) == dir {
			out = append(out, p)
		}
	}
	slices.Sort(out)
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
		if info, err := fs.Stat(fsys, real); err != nil {
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
	for {
		var dirs []string
		for _, pkg := range r.Packages {
			for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
				for _, imp := range f.Imports {
					if dir, why, ok := r.localDir(pkg, imp.Path); ok && why == "" && r.Packages[dir] == nil && !tried[dir] {
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
			r.problem(p, fmt.Errorf("%s, not a regular file: not read", irregular(e.Type())))
			r.notRead[p] = p + " is " + irregular(e.Type()) + ", not a regular file"
		default:
			r.links[p] = real + "/" + e.Name()
			goFiles = append(goFiles, p)
		}
	}
	return goFiles
}
