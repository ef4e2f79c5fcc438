package repo

import (
	"fmt"
	"go/ast"
	"go/parser"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// frameworks maps the import path of each HTTP framework to it, in the order of
// precedence used when a program imports several.
var frameworks = []struct {
	path string
	fw   Framework
}{
	{"github.com/gin-gonic/gin", Gin},
	{"github.com/labstack/echo/v5", Echo5},
	{"github.com/labstack/echo/v4", Echo4},
	{"github.com/go-chi/chi/v5", Chi},
	{"github.com/go-chi/chi", Chi},
	{"github.com/gorilla/mux", Gorilla},
	{"net/http", NetHTTP},
}

// handlerless are the HTTP servers that serve no http.Handler (fasthttp and those
// built on it, or a server of its own), by import path prefix, with their names.
var handlerless = []struct{ prefix, name string }{
	{"github.com/gofiber/fiber", "fiber"},
	{"github.com/valyala/fasthttp", "fasthttp"},
	{"github.com/savsgio/atreugo", "atreugo"},
	{"github.com/cloudwego/hertz", "hertz"},
}

// Handlerless returns the first import of m's program (its hand-written files, for
// every platform) of an HTTP server that serves no http.Handler, such as Fiber, with
// the file that holds it and the server's name; ok is false when there is none.
func (m *Main) Handlerless() (f *File, imp Import, name string, ok bool) {
	for _, pkg := range m.Program {
		for _, f := range pkg.AllFiles() {
			for _, imp := range f.Imports {
				for _, h := range handlerless {
					if imp.Path == h.prefix || strings.HasPrefix(imp.Path, h.prefix+"/") {
						return f, imp, h.name, true
					}
				}
			}
		}
	}
	return nil, Import{}, "", false
}

// IsHandlerless reports whether name is that of an HTTP server that serves no
// http.Handler (see Main.Handlerless).
func IsHandlerless(name string) bool {
	return slices.ContainsFunc(handlerless, func(h struct{ prefix, name string }) bool { return h.name == name })
}

// cgoPackages are packages that need cgo, by import path prefix, with the pure-Go
// replacement when one exists.
var cgoPackages = []struct{ prefix, alternative string }{
	{"github.com/mattn/go-sqlite3", "modernc.org/sqlite"},
	{"github.com/confluentinc/confluent-kafka-go", "github.com/twmb/franz-go"},
	{"github.com/mattn/go-oci8", "github.com/sijms/go-ora/v2"},
	{"github.com/godror/godror", "github.com/sijms/go-ora/v2"},
	{"github.com/linxGnu/grocksdb", "github.com/cockroachdb/pebble"},
	{"github.com/tecbot/gorocksdb", "github.com/cockroachdb/pebble"},
	{"github.com/DataDog/zstd", "github.com/klauspost/compress/zstd"},
	{"gopkg.in/gographics/imagick", ""},
	{"github.com/google/gopacket/pcap", ""},
	{"plugin", ""},
}

// findMains finds the main packages that declare func main, or may in a file that
// was not read (see Main.MainUnread), and works out each one's program, framework
// and cgo needs.
func (r *Repo) findMains() {
	byPath := map[string][]*Package{}
	for _, dir := range slices.Sorted(maps.Keys(r.Packages)) {
		if p := r.Packages[dir]; p.ImportPath != "" {
			byPath[p.ImportPath] = append(byPath[p.ImportPath], p)
		}
	}
	notReadIn := r.notReadByDir()
	for _, p := range r.Packages {
		if p.Name != "main" {
			continue
		}
		m := &Main{Package: p}
		m.MainFile, m.MainLine = r.funcMain(p)
		switch {
		case m.MainFile != "":
			m.Generated = !slices.ContainsFunc(p.Files, func(f *File) bool { return f.Path == m.MainFile })
		default:
			if m.MainFile, m.MainLine = r.mainNotRead(p, notReadIn); m.MainFile == "" {
				continue
			}
			m.MainUnread = true
		}
		var outside []Unread
		m.Program, outside = r.program(p, byPath)
		m.Unread = r.unreadOf(m, byPath, notReadIn)
		if m.MainUnread && !slices.ContainsFunc(m.Unread, func(u Unread) bool { return u.File == m.MainFile }) { // outside every module
			m.Unread = slices.Insert(m.Unread, 0, Unread{ImportPath: p.ImportPath, File: m.MainFile, Why: r.notRead[m.MainFile], At: r.At(m.MainFile, m.MainLine)})
		}
		for _, u := range outside {
			if !slices.ContainsFunc(m.Unread, func(v Unread) bool { return v.File == "" && v.ImportPath == u.ImportPath }) {
				m.Unread = append(m.Unread, u)
			}
		}
		r.detect(m)
		r.Mains = append(r.Mains, m)
	}
	slices.SortFunc(r.Mains, func(a, b *Main) int { return strings.Compare(a.Dir(), b.Dir()) })
}

// funcMain returns where p declares func main: in its first file a build without
// tags compiles that does, or else in its first file that does; its hand-written
// files first, then its generated ones (go-swagger writes cmd/<name>-server/main.go).
// A generated file that declares it is parsed whole, as the flow that starts there is
// the program's (see Main.Generated).
func (r *Repo) funcMain(p *Package) (string, int) {
	if file, line := r.funcMainIn(p.Files); file != "" {
		return file, line
	}
	for _, f := range p.Generated {
		if !f.Full && declaresFunc(r.files[f.Path], map[string]bool{"main": true}) {
			if syntax, err := parser.ParseFile(r.Fset, f.Path, r.files[f.Path], parser.SkipObjectResolution); err == nil {
				f.Syntax, f.Full = syntax, true
			}
		}
	}
	return r.funcMainIn(p.Generated)
}

// mainNotRead returns the file of p that was not read where func main may be, when
// no file read declares it: the first of its hand-written files that parse only in
// part, with the line of its first syntax error, else the first Go file of its
// directory that was not read, with line 0; "" when every file of p was read.
func (r *Repo) mainNotRead(p *Package, notReadIn map[string][]string) (string, int) {
	for _, f := range p.Files {
		if _, ok := r.notRead[f.Path]; ok {
			return f.Path, f.errLine
		}
	}
	if files := notReadIn[p.Dir]; len(files) > 0 {
		return files[0], 0
	}
	return "", 0
}

// funcMainIn is funcMain in files.
func (r *Repo) funcMainIn(files []*File) (string, int) {
	for _, tagged := range []bool{false, true} {
		for _, f := range files {
			if f.Tagged != tagged {
				continue
			}
			for _, d := range f.Syntax.Decls {
				if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
					return f.Path, Line(r.Fset, fn.Pos())
				}
			}
		}
	}
	return "", 0
}

// program returns main and the packages of the repository it imports, directly or
// not: main first, then by directory; and the imports whose code the build takes from
// outside the repository. In a module, an import resolves as the go command resolves
// it (see moduleSet.local): a package no main module or replace provides is a
// requirement's, from the module cache, even when the repository holds a copy.
// Outside every module, an import resolves to the package of the repository with its
// import path; when packages of several modules have it, to the importer's own
// module's package, or to none when none is in the importer's module.
func (r *Repo) program(main *Package, byPath map[string][]*Package) ([]*Package, []Unread) {
	b := r.modules(main.Module)
	seen := map[*Package]bool{main: true}
	queue := []*Package{main}
	unread := map[string]Unread{}
	resolve := func(from *Package, f *File, imp Import) *Package {
		if p, why, by, ok := b.resolve(r, imp.Path); ok {
			if why != "" {
				if _, dup := unread[imp.Path]; !dup {
					unread[imp.Path] = Unread{ImportPath: imp.Path, At: r.At(f.Path, imp.Line), Why: why, By: by}
				}
			}
			return p
		}
		if u, ok := b.unknown(imp.Path); ok {
			if _, dup := unread[imp.Path]; !dup {
				unread[imp.Path] = Unread{ImportPath: imp.Path, At: r.At(f.Path, imp.Line), Why: fmt.Sprintf("%s:%d uses %s, outside the repository, whose go.mod was not read: the package may be there", u.by.File, u.by.Line, u.dir), By: u.by}
			}
		}
		if main.Module != nil { // a requirement's code, from the module cache
			return nil
		}
		found := byPath[imp.Path]
		if len(found) == 1 {
			return found[0]
		}
		for _, p := range found {
			if p.Module == from.Module {
				return p
			}
		}
		if first, _, _ := strings.Cut(imp.Path, "/"); len(found) == 0 && strings.Contains(first, ".") {
			if p := r.gopathPackage(imp.Path); p != nil {
				return p
			}
			// Outside every module, no go.mod says where a package that is not in the
			// standard library comes from: GOPATH, or nowhere (module mode fails).
			if _, dup := unread[imp.Path]; !dup {
				unread[imp.Path] = Unread{ImportPath: imp.Path, At: r.At(f.Path, imp.Line), Why: fmt.Sprintf("the program is in no module (no go.mod in %s or above it in the repository), so no go.mod says where this package is: a build in GOPATH mode takes it from GOPATH, which this audit does not read", from.Dir)}
			}
		}
		return nil
	}
	for i := 0; i < len(queue); i++ {
		for _, f := range slices.Concat(queue[i].Files, queue[i].Generated) {
			for _, imp := range f.Imports {
				if p := resolve(queue[i], f, imp); p != nil && !seen[p] && p.Name != "main" {
					seen[p] = true
					queue = append(queue, p)
				}
			}
		}
	}
	rest := queue[1:]
	slices.SortFunc(rest, func(a, b *Package) int { return strings.Compare(a.Dir, b.Dir) })
	var out []Unread
	for _, ip := range slices.Sorted(maps.Keys(unread)) {
		out = append(out, unread[ip])
	}
	return queue, out
}

// moduleSet is what chooses the copy of a module that a build compiles: the main
// modules (a workspace's used modules, or the main package's own module) and the
// replace directives that apply, one of each module path (see taken).
type moduleSet struct {
	mains    []mainModule
	replaces []Replace
	// unread are the modules a go.work uses from outside the repository whose module
	// path is not known.
	unread []mainModule
	// mainAt and replaceAt index mains and replaces by module path (the first of a
	// path), and requires holds the module paths the main modules require.
	mainAt, replaceAt map[string]int
	requires          map[string]bool
}

// mainModule is a main module of a build: in the repository (mod set) or a module a
// go.work uses from outside it (path read from its go.mod; by is the use line).
type mainModule struct {
	path, dir string
	mod       *Module
	by        Evidence
}

// modules returns the module set of a build of a main package of module m (nil for
// none: the set is empty).
func (r *Repo) modules(m *Module) moduleSet {
	b := moduleSet{mainAt: map[string]int{}, replaceAt: map[string]int{}, requires: map[string]bool{}}
	if m == nil {
		return b
	}
	w := r.WorkOf(m)
	if w == nil {
		return alone(m)
	}
	var used []*Module
	for i, dir := range w.Use {
		if !inside(dir) {
			if mod, ok := w.UsePaths[dir]; ok {
				b.mains = append(b.mains, mainModule{path: mod, dir: dir, by: w.UseAt[i]})
			} else {
				b.unread = append(b.unread, mainModule{dir: dir, by: w.UseAt[i]})
			}
			continue
		}
		if u := r.moduleAt(dir); u != nil {
			b.mains = append(b.mains, mainModule{path: u.Path, dir: u.Dir, mod: u})
			used = append(used, u)
		}
	}
	mods := make([][]Replace, len(used))
	for i, u := range used {
		mods[i] = u.Replaces
	}
	b.replaces = taken(w.Replaces, mods, used, r.osRoot)
	b.index(used)
	return b
}

// alone returns the module set of a build of a main package of module m in module
// mode, outside any workspace: m and the replace directives of its go.mod.
func alone(m *Module) moduleSet {
	b := moduleSet{mainAt: map[string]int{}, replaceAt: map[string]int{}, requires: map[string]bool{}}
	b.mains = []mainModule{{path: m.Path, dir: m.Dir, mod: m}}
	b.replaces = taken(nil, [][]Replace{m.Replaces}, []*Module{m}, "")
	b.index([]*Module{m})
	return b
}

// OutsideWork returns the imports of m's program whose code a build of m outside
// its workspace (GOWORK=off, a Docker build context without the go.work) does not
// take from the package the workspace build takes: a package of another module of
// the workspace that neither m's module nor a replace directive of its go.mod
// provides comes from the module cache, at the version m's go.mod requires; one
// such a replace provides, from the replace's directory. Only the imports that enter
// such packages from the rest of the program are returned, each where it is first
// imported; cut holds every package of the program the build does not take from
// the repository as the workspace does. build names the build in Why: "the build at
// svc/Dockerfile:4, which runs outside the workspace,". Outside a workspace both are
// empty.
func (r *Repo) OutsideWork(m *Main, build string) (entries []Unread, cut []*Package) {
	mod := m.Package.Module
	if mod == nil || !r.InWork(mod) {
		return nil, nil
	}
	b := alone(mod)
	why := map[*Package]Unread{}
	for _, p := range m.Program {
		if p.Module == nil || p.Module == mod {
			continue
		}
		dir, _, _, rep, ok := b.local(p.ImportPath)
		switch {
		case ok && dir == p.Dir:
			continue
		case ok && rep != nil:
			why[p] = Unread{Why: fmt.Sprintf("%s takes it from %s (%s:%d replaces %s), not the workspace's copy in %s", build, rep.New, rep.At.File, rep.At.Line, rep.Old, p.Module.Dir), By: rep.At}
		case ok:
			why[p] = Unread{Why: fmt.Sprintf("%s takes it from %s, not the workspace's copy in %s", build, dir, p.Module.Dir)}
		default:
			req, at := "", Evidence{}
			for _, q := range mod.Requires {
				if Within(p.ImportPath, q.Path) && len(q.Path) > len(req) {
					req, at = q.Path+" "+q.Version, r.At(join(mod.Dir, "go.mod"), q.Line)
				}
			}
			if req == "" {
				why[p] = Unread{Why: fmt.Sprintf("%s takes it from no module: %s requires none that provides it, and the workspace's copy in %s is not used", build, join(mod.Dir, "go.mod"), p.Module.Dir)}
				break
			}
			why[p] = Unread{Why: fmt.Sprintf("%s takes it from the module cache (%s, required at %s:%d), not the workspace's copy in %s", build, req, at.File, at.Line, p.Module.Dir), By: at}
		}
		cut = append(cut, p)
	}
	byPath := make(map[string]Unread, len(why))
	for q, u := range why {
		byPath[q.ImportPath] = u
	}
	entered := map[string]bool{}
	for _, p := range m.Program {
		if _, in := why[p]; in {
			continue
		}
		for _, f := range slices.Concat(p.Files, p.Generated) {
			for _, imp := range f.Imports {
				if u, ok := byPath[imp.Path]; ok && !entered[imp.Path] {
					entered[imp.Path] = true
					u.ImportPath, u.At = imp.Path, r.At(f.Path, imp.Line)
					entries = append(entries, u)
				}
			}
		}
	}
	slices.SortFunc(entries, func(a, b Unread) int { return strings.Compare(a.ImportPath, b.ImportPath) })
	return entries, cut
}

// index fills b's maps from its mains, its replaces and the requirements of used.
func (b moduleSet) index(used []*Module) {
	for i, m := range b.mains {
		if _, dup := b.mainAt[m.path]; !dup {
			b.mainAt[m.path] = i
		}
	}
	for i, rep := range b.replaces {
		if _, dup := b.replaceAt[rep.Old]; !dup {
			b.replaceAt[rep.Old] = i
		}
	}
	for _, u := range used {
		for _, req := range u.Requires {
			b.requires[req.Path] = true
		}
	}
}

// taken returns, for each module path that the replace directives of go.work (work) or
// of the main modules' go.mod files (mods, in go.work's use order) replace, the one the
// go command applies to a build of the main modules mains (mods[i] being mains[i]'s), by
// the rule add holds too (workspace.Take): go.work's line of the version the build
// selects, else its line of every version, else the last go.mod's that applies, in use
// order, a file's line of the version before its line of every version. The version is
// taken as the highest a main module requires (workspace.Selected): a lower bound, as
// minimal version selection takes the whole module graph and audit runs no go command (a
// higher version a dependency's go.mod requires is not looked up, and its line, if any, is
// missed). A module none requires is built at a version not known here: only lines of
// every version apply to it. A module whose lines the go command refuses the workspace
// for (as it loads it, or at the version the build selects) gets none: the build fails,
// and takes no copy of it. root is the repository's OS directory (Repo.osRoot), from which
// the modules' directories are given to workspace.Take absolute, as the go command
// compares their lines (a relative line with an absolute one of the same directory is no
// clash); "" where it is not known (or one module's lines alone are read), which compares
// such lines as different directories.
func taken(work []Replace, mods [][]Replace, mains []*Module, root string) []Replace {
	of := map[*modfile.Replace]Replace{} // the lines given to workspace.Take, back
	lines := func(reps []Replace) []*modfile.Replace {
		out := make([]*modfile.Replace, len(reps))
		for i, rep := range reps {
			out[i] = &modfile.Replace{Old: module.Version{Path: rep.Old, Version: rep.OldVersion}, New: module.Version{Path: rep.New, Version: rep.NewVersion}}
			of[out[i]] = rep
		}
		return out
	}
	workLines := lines(work)
	files, dirs := make([]*modfile.File, len(mods)), make([]string, len(mods))
	for i, reps := range mods {
		files[i], dirs[i] = &modfile.File{Replace: lines(reps)}, mains[i].Dir
		if root != "" {
			dirs[i] = filepath.Join(root, filepath.FromSlash(mains[i].Dir))
		}
		for _, req := range mains[i].Requires {
			files[i].Require = append(files[i].Require, &modfile.Require{Mod: module.Version{Path: req.Path, Version: req.Version}})
		}
	}
	var out []Replace
	seen := map[string]bool{}
	for _, rep := range slices.Concat(append([][]Replace{work}, mods...)...) {
		if seen[rep.Old] {
			continue
		}
		seen[rep.Old] = true
		version, _ := workspace.Selected(files, rep.Old)
		if r, _ := workspace.Take(workLines, files, dirs, module.Version{Path: rep.Old, Version: version}); r != nil {
			out = append(out, of[r])
		}
	}
	return out
}

// moduleAt returns the module whose go.mod is in dir, or nil.
func (r *Repo) moduleAt(dir string) *Module {
	for _, m := range r.Modules {
		if m.Dir == dir {
			return m
		}
	}
	return nil
}

// gopathPackage returns the package of the repository, outside every module, that a
// build in GOPATH mode of a checkout at $GOPATH/src/<root> takes for the import path
// ip: the one whose directory is the longest tail of ip (example.com/acme/orders/internal/obs
// is internal/obs of a checkout at example.com/acme/orders), the root left being no
// path of the standard library; nil when none is. The package takes ip as its import
// path.
func (r *Repo) gopathPackage(ip string) *Package {
	for i := strings.Index(ip, "/"); i >= 0; {
		root, dir := ip[:i], ip[i+1:]
		if first, _, _ := strings.Cut(root, "/"); strings.Contains(first, ".") {
			if p := r.Packages[dir]; p != nil && p.Module == nil && p.Name != "main" && (p.ImportPath == "" || p.ImportPath == ip) {
				p.ImportPath = ip // the program names its declarations by it
				return p
			}
		}
		j := strings.Index(ip[i+1:], "/")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return nil
}

// unknown returns the first module a go.work uses from outside the repository
// whose module path is not known, when import path ip may be one of its packages:
// no package of the standard library (whose first element has no dot), of a main
// module or of a required module.
func (b moduleSet) unknown(ip string) (mainModule, bool) {
	first, _, _ := strings.Cut(ip, "/")
	if len(b.unread) == 0 || !strings.Contains(first, ".") {
		return mainModule{}, false
	}
	for mod := ip; mod != "."; mod = path.Dir(mod) {
		if _, main := b.mainAt[mod]; main || b.requires[mod] {
			return mainModule{}, false
		}
	}
	return b.unread[0], true
}

// local returns the directory of the repository that holds package ip in a build with
// module set b, deciding as the go command does by the longest module path ip starts
// with: a main module first, then a replace directive, then a requirement (the module
// cache). ok is false when none provides ip: the code of a requirement or of the
// standard library, never a copy in the repository. dir is "" when the code is
// outside the repository, with why and by saying so when it is a directory the build
// reads (a replace, a go.work use); rep is the replace that provides ip, if one does.
func (b moduleSet) local(ip string) (dir, why string, by Evidence, rep *Replace, ok bool) {
	for mod := ip; mod != "." && mod != "/"; mod = path.Dir(mod) {
		rest := strings.TrimPrefix(strings.TrimPrefix(ip, mod), "/")
		if i, found := b.mainAt[mod]; found {
			m := b.mains[i]
			if m.mod == nil {
				return "", fmt.Sprintf("%s:%d uses %s (module %s), outside the repository", m.by.File, m.by.Line, m.dir, m.path), m.by, nil, true
			}
			return path.Join(m.dir, rest), "", Evidence{}, nil, true
		}
		if i, found := b.replaceAt[mod]; found {
			rep := &b.replaces[i]
			switch {
			case rep.NewVersion != "": // another module's code, outside the repository like any requirement's
				return "", "", Evidence{}, rep, true
			case rep.Outside():
				return "", fmt.Sprintf("%s:%d replaces %s with %s, outside the repository", rep.At.File, rep.At.Line, rep.Old, rep.New), rep.At, rep, true
			}
			return path.Join(rep.Dir, rest), "", Evidence{}, rep, true
		}
		if b.requires[mod] {
			break
		}
	}
	return "", "", Evidence{}, nil, false
}

// Local reports whether a build of m takes the package with import path ip from a
// directory of the repository: a main module of the build (m's module, or one its
// go.work uses) or a replace directive into the repository provides ip (see
// moduleSet.local). Such a package is linked into m's binary only when m's
// program imports it, and m.Program lists every package of the program that was
// read: when m.Unread is empty, a local ip that m.Program does not hold is no
// package of the binary.
func (r *Repo) Local(m *Main, ip string) bool {
	if m.Package.Module == nil {
		return false
	}
	dir, _, _, _, ok := r.modules(m.Package.Module).local(ip)
	return ok && dir != ""
}

// resolve returns the package of the repository that the build compiles for import
// path ip when a main module or a replace directive provides ip (ok set): the package
// (nil when it is outside the repository or missing), and why and by when its code is
// in a directory outside the repository or a replace's directory holds no package.
// ok is false when neither provides ip.
func (b moduleSet) resolve(r *Repo, ip string) (pkg *Package, why string, by Evidence, ok bool) {
	dir, why, by, rep, ok := b.local(ip)
	switch {
	case !ok || dir == "":
		return nil, why, by, ok
	case rep != nil:
		if p := r.Packages[dir]; p != nil {
			return p, "", Evidence{}, true
		}
		return nil, fmt.Sprintf("%s:%d replaces %s with %s, where no package %s was read", rep.At.File, rep.At.Line, rep.Old, rep.New, dir), rep.At, true
	}
	if p := r.Packages[dir]; p != nil && p.ImportPath == ip {
		return p, "", Evidence{}, true
	}
	return nil, "", Evidence{}, true
}

// detect sets the framework and the cgo needs of m from the imports of its program,
// generated files included: the build compiles them (a cgo binding, a generated
// server), though they are no evidence of what the user wrote.
func (r *Repo) detect(m *Main) {
	best := len(frameworks)
	for _, p := range m.Program {
		for _, f := range slices.Concat(p.Files, p.Generated) {
			for _, imp := range f.Imports {
				for i, fw := range frameworks {
					if imp.Path == fw.path && i < best {
						best = i
						m.Framework, m.FrameworkAt = fw.fw, r.At(f.Path, imp.Line)
					}
				}
				if need, ok := cgoNeed(imp.Path); ok {
					need.At = r.At(f.Path, imp.Line)
					m.Cgo = append(m.Cgo, need)
				}
			}
		}
	}
}

// importLastElements returns the last element of m's import path, and, for a
// major version suffix (example.com/acme/orders/v2), the element before it too,
// the name go build gives its binary. A main package at a module's root has no
// directory name of its own to go by (its directory is ".").
func importLastElements(m *Main) []string {
	ip := m.Package.ImportPath
	if ip == "" {
		return nil
	}
	out := []string{path.Base(ip)}
	if dir, last := path.Split(ip); dir != "" && len(last) > 1 && last[0] == 'v' && strings.Trim(last[1:], "0123456789") == "" {
		out = append(out, path.Base(strings.TrimSuffix(dir, "/")))
	}
	return out
}

func cgoNeed(importPath string) (CgoNeed, bool) {
	if importPath == "C" {
		return CgoNeed{Reason: `import "C"`}, true
	}
	for _, c := range cgoPackages {
		if importPath == c.prefix || strings.HasPrefix(importPath, c.prefix+"/") {
			return CgoNeed{Reason: importPath, Alternative: c.alternative}, true
		}
	}
	return CgoNeed{}, false
}

// Main returns the main package selected by sel: its directory ("cmd/api", "./cmd/api"),
// its import path, or the last element of its directory, else of its import path
// (see importLastElements: a main package at the root), each when unique (two
// modules may share a path). It returns how many main packages sel names otherwise.
func (r *Repo) Main(sel string) (*Main, int) {
	return r.MainUnder(sel, ".")
}

// MainUnder is Main among the main packages in the directory dir or below it (see
// MainsUnder). For dir other than ".", a directory is first taken relative to dir
// (the directory the user named: cmd/api of services/orders), then to the root.
func (r *Repo) MainUnder(sel, dir string) (*Main, int) {
	clean := strings.TrimSuffix(strings.TrimPrefix(sel, "./"), "/")
	if clean == "" {
		clean = "."
	}
	mains := r.MainsUnder(dir)
	if dir = path.Clean(dir); dir != "." {
		for _, m := range mains {
			if m.Dir() == path.Join(dir, clean) {
				return m, 1
			}
		}
	}
	var byPath, byBase, byImportBase []*Main
	for _, m := range mains {
		switch {
		case m.Dir() == clean:
			return m, 1
		case m.Package.ImportPath == sel:
			byPath = append(byPath, m)
		case m.Dir() != "." && path.Base(m.Dir()) == clean:
			byBase = append(byBase, m)
		case slices.Contains(importLastElements(m), clean):
			byImportBase = append(byImportBase, m)
		}
	}
	for _, found := range [][]*Main{byPath, byBase, byImportBase} {
		switch len(found) {
		case 0:
		case 1:
			return found[0], 1
		default:
			return nil, len(found)
		}
	}
	return nil, 0
}

// MainsUnder returns the main packages in the directory dir (slash-separated,
// relative to the root; "." for every one) or below it.
func (r *Repo) MainsUnder(dir string) []*Main {
	dir = path.Clean(dir)
	return slices.DeleteFunc(slices.Clone(r.Mains), func(m *Main) bool {
		return dir != "." && m.Dir() != dir && !strings.HasPrefix(m.Dir(), dir+"/")
	})
}
