package audit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

var (
	versionVar = regexp.MustCompile(`(?i)version|release|^v$|tag`)
	commitVar  = regexp.MustCompile(`(?i)commit|revision|sha|hash|rev$`)
)

// xPackages returns the repository packages that -X flags of any build name, for
// loading before the checks read their variables.
func (b *builds) xPackages(r *repo.Repo, mains []*repo.Main) []*repo.Package {
	var out []*repo.Package
	for _, g := range b.goBuilds() {
		for _, x := range g.xflags() {
			for _, pkg := range r.Packages {
				if pkg.ImportPath == x.pkg && !slices.Contains(out, pkg) {
					out = append(out, pkg)
				}
			}
		}
	}
	for _, m := range mains {
		out = append(out, m.Package)
	}
	return out
}

// xGenerated returns the generated files of the programs of mains whose text names a
// variable that an -X flag of any build sets, for parsing whole before the checks: an
// init function or a package-level initialiser there may assign it (see initAssigns),
// and a file that does not name it cannot.
func (b *builds) xGenerated(r *repo.Repo, mains []*repo.Main) []*repo.File {
	var names [][]byte
	for _, g := range b.goBuilds() {
		for _, x := range g.xflags() {
			names = append(names, []byte(x.name))
		}
	}
	var out []*repo.File
	for _, m := range mains {
		for _, pkg := range m.Program {
			for _, f := range pkg.Generated {
				src, _ := r.ReadFile(f.Path)
				if !f.Full && !slices.Contains(out, f) && slices.ContainsFunc(names, func(n []byte) bool { return bytes.Contains(src, n) }) {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

// xTarget is what an -X flag names in the build that sets it.
type xTarget struct {
	// at is where the package-level variable is declared, when the build compiles it.
	at *repo.Evidence
	// not says why the name is no variable of the build although it is declared:
	// a constant, or a variable only in files the build's constraints leave out; and
	// notAt is where.
	not   string
	notAt repo.Evidence
	// inRepo reports whether the package is in the repository at all.
	inRepo bool
	// linkFails is set when the variable is not a string: the linker refuses it.
	linkFails bool
	// overwritten is set, with not and notAt, when the variable exists but an init
	// function assigns it, so that the binary never reports what -X set.
	overwritten bool
	// unsure says why this audit cannot tell whether -X sets the variable: main's
	// program does not import its package as far as read, and part of it was not
	// read; or its initialiser names something of a package this audit does not
	// read. check says what to check then.
	unsure, check string
}

// variable reads the package importPath ("main" for m's package) for a package-level
// variable name, in the files build compiles (see [repo.Build.Compiles]: a file
// whose name or constraint depends on what build leaves unknown is kept).
func (a *auditor) variable(m *repo.Main, importPath, name string, build repo.Build) xTarget {
	pkg := m.Package
	if importPath != "main" && pkg != nil && importPath == pkg.ImportPath {
		// The linker names a main package's symbols main.name, whatever its path.
		return xTarget{not: "the linker knows a main package as main, not by its import path: write -X main." + name, notAt: a.r.At(m.MainFile, m.MainLine), inRepo: true}
	}
	if importPath != "main" {
		// The package the build links is the one m's program imports; a package of
		// the repository that the build would take from the repository, but that
		// m's program does not import, is not in the binary at all.
		pkg = nil
		for _, p := range m.Program {
			if p.ImportPath == importPath {
				pkg = p
			}
		}
		switch {
		case pkg == nil && a.r.Local(m, importPath) && len(m.Unread) == 0:
			return xTarget{not: "package " + importPath + " is not in the binary: " + m.Dir() + " does not import it, directly or through its packages", notAt: a.r.At(m.MainFile, m.MainLine), inRepo: true}
		case pkg == nil && a.r.Local(m, importPath):
			return xTarget{unsure: importPath + ", which " + m.Dir() + " does not import as far as read; " + m.Unread[0].String(), check: "that the binary links the package"}
		case pkg == nil:
			if not, unsure, check := a.unlinked(m, importPath); not != "" {
				return xTarget{not: not, notAt: a.r.At(m.MainFile, m.MainLine), inRepo: true}
			} else if unsure != "" {
				return xTarget{unsure: unsure, check: check}
			}
			for _, p := range a.r.Packages {
				if p.ImportPath == importPath {
					pkg = p
				}
			}
			if pkg == nil && m.Package.Module != nil {
				// A vendored package: the same version the module cache would give.
				vendored, err := a.r.VendoredPackage(m.Package.Module, importPath)
				if err != nil {
					return xTarget{unsure: importPath + ", vendored, which this audit could not read (" + err.Error() + ")", check: "that it declares " + name + " as a string variable"}
				}
				pkg = vendored
			}
		}
	}
	if pkg == nil {
		return xTarget{}
	}
	var t xTarget
	var constAt, outAt *repo.Evidence
	var constIn, outIn, outExpr string
	for _, f := range pkg.AllFiles() {
		if !f.Full {
			return xTarget{} // not loaded: cannot tell
		}
		src, _ := a.r.ReadFile(f.Path)
		compiles, known, expr := build.Compiles(f.Path, src)
		excluded := known && !compiles
		for _, d := range f.Syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR && gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if n.Name != name {
						continue
					}
					ev := a.r.AtPos(n.Pos())
					switch {
					case excluded && gd.Tok == token.VAR:
						outAt, outIn, outExpr = &ev, f.Path, "the platform its name names"
						if expr != "" {
							outExpr = expr
						}
					case excluded:
					case gd.Tok == token.CONST:
						constAt, constIn = &ev, f.Path
					case nonString(pkg, vs, i) != "":
						return xTarget{not: "a variable of type " + nonString(pkg, vs, i) + " in " + f.Path, notAt: ev, inRepo: true, linkFails: true}
					default:
						if why, unsure := a.initNotConstant(pkg, f, vs, i); why != "" {
							return xTarget{not: why + " in " + f.Path + ", and -X sets only a string variable left uninitialised or initialised to a constant string expression", notAt: ev, inRepo: true}
						} else if unsure != "" {
							return xTarget{unsure: "a variable initialised from " + unsure, check: "that it is a constant: -X sets only a string variable left uninitialised or initialised to a constant string expression", inRepo: true}
						}
						if how, at, unsure := initAssigns(m, pkg, build, a.r, name); how != "" {
							return xTarget{not: how + " in " + at.File + " before main runs", notAt: at, inRepo: true, overwritten: true}
						} else if unsure != "" {
							return xTarget{unsure: "a variable that " + unsure + " may assign before main runs", check: "that no init function or package-level initialiser there assigns the variable unconditionally, overwriting what -X sets", inRepo: true}
						}
						return xTarget{at: &ev, inRepo: true}
					}
				}
			}
		}
	}
	switch {
	case constAt != nil && outAt != nil:
		t.not = fmt.Sprintf("a constant in %s; the variable in %s needs %s", constIn, outIn, outExpr)
		t.notAt = *constAt
	case constAt != nil:
		t.not, t.notAt = "a constant in "+constIn, *constAt
	case outAt != nil:
		t.not = fmt.Sprintf("a variable only in %s, which that build leaves out: %s", outIn, outExpr)
		t.notAt = *outAt
	}
	t.inRepo = true
	return t
}

// initAssigns tells where code of m's program that runs before main (an init function,
// or a function literal that a package-level variable's initialiser calls) of a package
// (pkg, whose package-level variable name is, or one of the repository's packages m
// imports), in a file build compiles, generated or not, assigns that variable
// unconditionally (a statement of its body or of a plain block in it, not under an if
// or a loop, or of a function literal called there) a value that does not read the
// variable itself, overwriting the value -X gave it: -X sets the variable's initial
// value, before any package initialisation runs, so the binary then never reports what
// the build injected. how says what assigns it ("init() assigns it"), at where. A
// conditional default (if version == "" {...}) is no such assignment, nor is one that
// keeps the value (Version = strings.TrimPrefix(Version, "v")). unsure names a file
// that names the variable but was not parsed whole, when none assigns it so: it may.
func initAssigns(m *repo.Main, pkg *repo.Package, build repo.Build, r *repo.Repo, name string) (how string, at repo.Evidence, unsure string) {
	// the packages of the program and what of each may assign it: the functions and
	// methods of each that assign it whenever they run (or may), to a fixpoint over all
	// of them, as a function of one package may call one of another that does
	type pkgAssigns struct {
		files  []assigner
		called map[string]*overwrite // by name, "T.m" for a method of type T
	}
	var pkgs []pkgAssigns
	others := map[string]*pkgCode{} // by import path, each named before any file is read (see importOf)
	var program []*repo.Package
	for _, q := range slices.Concat([]*repo.Package{pkg}, m.Program) {
		if others[q.ImportPath] == nil {
			others[q.ImportPath] = &pkgCode{path: q.ImportPath, name: q.Name, funcs: map[string]*ast.FuncDecl{}, methods: map[string][]*ast.FuncDecl{}, types: map[string]*ast.TypeSpec{}, fileOf: map[ast.Node]*repo.File{}, globals: map[string]string{}, through: map[string][]*overwrite{}, called: map[string]*overwrite{}, others: others}
			program = append(program, q)
		}
	}
	for _, q := range program {
		var files []assigner
		code := others[q.ImportPath]
		for _, f := range slices.Concat(q.AllFiles(), q.Generated) {
			src, ok := r.ReadFile(f.Path)
			if !ok && unsure == "" {
				unsure = f.Path + ", which this audit could not read,"
			}
			if compiles, known, _ := build.Compiles(f.Path, src); known && !compiles {
				continue
			}
			if !f.Full {
				if unsure == "" && bytes.Contains(src, []byte(name)) {
					unsure = f.Path + ", which this audit could not parse,"
				}
				continue
			}
			files = append(files, newAssigner(f, pkg, q, name, bytes.Contains(src, []byte(name)), code))
			code.add(f)
			code.assigners = append(code.assigners, files[len(files)-1])
		}
		pkgs = append(pkgs, pkgAssigns{files: files, called: code.called})
	}
	for grown := true; grown; {
		grown = false
		for _, q := range pkgs {
			for _, a := range q.files {
				for _, d := range a.f.Syntax.Decls {
					d, ok := d.(*ast.FuncDecl)
					if !ok || d.Name.Name == "init" && d.Recv == nil || d.Body == nil || shadows(d, a.byName) {
						continue
					}
					key := recvType(d) + d.Name.Name
					if o := q.called[key]; o != nil && o.as != nil {
						continue
					}
					if o := a.overwrites(d.Body.List, q.called); o != nil && (q.called[key] == nil || o.as != nil) {
						q.called[key], grown = o, true
					}
				}
			}
		}
	}
	for _, q := range pkgs {
		called := q.called
		for _, a := range q.files {
			for _, d := range a.f.Syntax.Decls {
				var o *overwrite
				how := "init() assigns it"
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv != nil || d.Name.Name != "init" || d.Body == nil || shadows(d, a.byName) {
						continue
					}
					o = a.overwrites(d.Body.List, called)
				case *ast.GenDecl:
					if d.Tok != token.VAR {
						continue
					}
					how = "the initialiser of a package-level variable assigns it"
					for _, spec := range d.Specs {
						for _, v := range spec.(*ast.ValueSpec).Values {
							o = o.or(func() *overwrite { return a.calledOverwrites(v, called) })
						}
					}
				}
				switch {
				case o == nil:
				case o.as != nil:
					return how, r.AtPos(o.as.Pos()), ""
				case unsure == "":
					at := r.AtPos(o.maybe.Pos())
					unsure = fmt.Sprintf("%s, by %s (%s:%d: %s),", strings.TrimSuffix(how, " assigns it"), types.ExprString(o.maybe.(ast.Expr)), at.File, at.Line, o.why)
				}
			}
		}
	}
	return "", repo.Evidence{}, unsure
}

// overwrite is where code assigns a variable whenever it runs (as), or, when this
// audit cannot tell whether it does, the call that may (maybe) and why.
type overwrite struct {
	as    *ast.AssignStmt
	maybe ast.Node
	why   string
}

// or returns o when it is an assignment, else next's when that is one, else o or
// next's, whichever may assign it.
func (o *overwrite) or(next func() *overwrite) *overwrite {
	if o != nil && o.as != nil {
		return o
	}
	if n := next(); n != nil && (n.as != nil || o == nil) {
		return n
	}
	return o
}

// pkgCode is the code of a package (of import path path, named name) that an assigner
// follows calls into: its files, with the assigner of each, its functions by name, its
// methods by their own name, its types by name, the file of each function, the type
// names of its package-level variables (see writtenType and valueTypeName, qualified:
// "" when not told), the functions that write through a pointer parameter (see
// writesThrough), its functions and methods that may assign the variable (called, see
// initAssigns), the code of each of the program's packages, and the function value that
// may assign the variable (see heldValue) as last found, with the number of entries of
// the program's called then.
type pkgCode struct {
	path      string
	name      string
	files     []*repo.File
	assigners []assigner
	funcs     map[string]*ast.FuncDecl
	methods   map[string][]*ast.FuncDecl
	types     map[string]*ast.TypeSpec
	fileOf    map[ast.Node]*repo.File
	globals   map[string]string
	through   map[string][]*overwrite
	called    map[string]*overwrite
	others    map[string]*pkgCode // by import path
	value     *string
	valueAt   int
	scanning  bool
}

// add adds the code of file f.
func (c *pkgCode) add(f *repo.File) {
	c.files = append(c.files, f)
	for _, d := range f.Syntax.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Body == nil {
				continue
			}
			c.fileOf[d] = f
			if d.Recv != nil {
				c.methods[d.Name.Name] = append(c.methods[d.Name.Name], d)
			} else {
				c.funcs[d.Name.Name] = d
			}
		case *ast.GenDecl:
			if d.Tok == token.TYPE {
				for _, spec := range d.Specs {
					ts := spec.(*ast.TypeSpec)
					c.types[ts.Name.Name] = ts
				}
			}
			if d.Tok != token.VAR {
				continue
			}
			for _, spec := range d.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, id := range vs.Names {
					c.globals[id.Name] = c.qualified(f, writtenType(vs.Type))
					if vs.Type == nil && len(vs.Values) == len(vs.Names) {
						c.globals[id.Name] = c.qualified(f, valueTypeName(vs.Values[i]))
					}
				}
			}
		}
	}
}

// recvType returns the name of the type of method d's receiver followed by a dot
// ("state."), or "" for a function.
func recvType(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) != 1 {
		return ""
	}
	name, _ := typeName(d.Recv.List[0].Type)
	return name + "."
}

// writesThrough returns, for each parameter of the function name of c, what it
// writes through it whenever it runs, when the parameter is a pointer: *p = "dev"
// overwrites what p points to (see overwrites). A parameter of another type (any),
// or one the function assigns itself or takes the address of, is not followed: its
// overwrite has only a why.
func (c *pkgCode) writesThrough(name string) []*overwrite {
	if out, done := c.through[name]; done {
		return out
	}
	c.through[name] = nil // a call of itself adds nothing
	d := c.funcs[name]
	var out []*overwrite
	for _, field := range d.Type.Params.List {
		names := field.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, p := range names {
			o := &overwrite{why: "the variable's address given to a parameter of " + name + " that this audit does not follow"}
			if _, ptr := field.Type.(*ast.StarExpr); p == nil || p.Name == "_" {
				o = nil // unnamed: not used
			} else if ptr && !reassigned(d.Body, p.Name) {
				a := assigner{f: c.fileOf[d], byName: p.Name, code: c,
					names: func(e ast.Expr) bool {
						star, ok := unparen(e).(*ast.StarExpr)
						return ok && isName(unparen(star.X), p.Name)
					},
					addr: func(e ast.Expr) bool { return isName(ast.Unparen(e), p.Name) }}
				o = a.overwrites(d.Body.List, map[string]*overwrite{})
			}
			out = append(out, o)
		}
	}
	c.through[name] = out
	return out
}

// reassigned reports whether body assigns the variable name or takes its address.
func reassigned(body *ast.BlockStmt, name string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			found = found || slices.ContainsFunc(x.Lhs, func(l ast.Expr) bool { return isName(unparen(l), name) })
		case *ast.UnaryExpr:
			found = found || x.Op == token.AND && isName(unparen(x.X), name)
		}
		return !found
	})
	return found
}

// assigner reads the code of a file f for assignments to a package-level variable of
// another package, or of its own: names tells the variable as f's code names it (name
// in its own package, else through f's import of that package; nothing, when f does
// not import it or does not name it), addr its address (&name), and byName is the
// identifier a declaration in a function would shadow it by. code is the code of f's
// package. (For a pointer parameter p of a function, the variable is *p: see
// writesThrough.)
type assigner struct {
	f           *repo.File
	names, addr func(ast.Expr) bool
	byName      string
	code        *pkgCode
}

// newAssigner returns the assigner of file f of package q, whose code is code, for
// the variable name of package pkg; named is false when f's text does not hold the
// name, so that its code cannot assign it (it may still call a function that does).
func newAssigner(f *repo.File, pkg, q *repo.Package, name string, named bool, code *pkgCode) assigner {
	local := ""
	if q != pkg {
		for _, im := range f.Imports {
			if im.Path == pkg.ImportPath && im.Name != "_" {
				local = im.Name
				if local == "" {
					local = pkg.Name
				}
			}
		}
		if local == "" {
			named = false // f cannot name it
		}
	}
	bare := local == "" || local == "." // the code names it name, not local.name
	a := assigner{f: f, byName: local, code: code}
	if bare {
		a.byName = name
	}
	a.names = func(e ast.Expr) bool {
		if !named {
			return false
		}
		if bare {
			id, ok := e.(*ast.Ident)
			return ok && id.Name == name
		}
		sel, ok := e.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != name {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == local
	}
	a.addr = func(e ast.Expr) bool {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr) // (unparen takes & away)
		return ok && u.Op == token.AND && a.names(unparen(u.X))
	}
	return a
}

// overwrites returns the first statement that runs whenever list does and assigns the
// variable a.names tells a value that does not read it: a statement of list, of a
// plain block or labelled statement of it, the init statement of an if, switch or
// for of it (if Version = "dev"; ok {...}), or of the body of a function literal that
// a statement of it calls or starts as a goroutine (go func() {...}()), or of a
// function of the package it calls that does so, called (see calledOverwrites), or
// nil. A function literal that declares a.byName itself (see shadows) assigns its own.
// The statements after one that may leave list (see leaves) run only when it does
// not: if Version != "" { return }; Version = "dev" keeps what -X set. A call that
// may assign it (see calledOverwrites) is returned when no statement surely does.
func (a assigner) overwrites(list []ast.Stmt, called map[string]*overwrite) *overwrite {
	var maybe *overwrite
	for _, st := range list {
		for {
			l, ok := st.(*ast.LabeledStmt)
			if !ok {
				break
			}
			st = l.Stmt
		}
		var found *overwrite
		switch st := st.(type) {
		case *ast.BlockStmt:
			found = a.overwrites(st.List, called)
		case *ast.AssignStmt:
			if st.Tok == token.ASSIGN {
				for i, lhs := range st.Lhs {
					if !a.names(lhs) {
						continue
					}
					rhs := st.Rhs[0] // one call of several results
					if len(st.Rhs) == len(st.Lhs) {
						rhs = st.Rhs[i]
					}
					if !reads(rhs, a.names) {
						return &overwrite{as: st}
					}
				}
			}
			found = a.calledOverwrites(st, called)
		case *ast.ExprStmt, *ast.DeferStmt, *ast.DeclStmt, *ast.GoStmt, *ast.ReturnStmt, *ast.SendStmt, *ast.IncDecStmt:
			found = a.calledOverwrites(st, called)
		case *ast.IfStmt: // its init and condition run whenever it does
			found = a.overwrites([]ast.Stmt{st.Init}, called).or(func() *overwrite { return a.calledOverwrites(st.Cond, called) })
		case *ast.SwitchStmt:
			found = a.overwrites([]ast.Stmt{st.Init}, called).or(func() *overwrite { return a.calledOverwrites(st.Tag, called) })
		case *ast.TypeSwitchStmt:
			found = a.overwrites([]ast.Stmt{st.Init, st.Assign}, called)
		case *ast.ForStmt:
			found = a.overwrites([]ast.Stmt{st.Init}, called).or(func() *overwrite { return a.calledOverwrites(st.Cond, called) })
		case *ast.RangeStmt:
			found = a.calledOverwrites(st.X, called)
		}
		if found != nil && found.as != nil {
			return found
		}
		if maybe == nil {
			maybe = found
		}
		if st != nil && leaves(st) { // (an if's init statement may be nil)
			break
		}
	}
	return maybe
}

// leaves reports whether st, a statement of a function's body, may end the body or
// jump out of the statements around it: it is, or holds outside a function literal,
// a return or a goto. A break or continue, labelled or not, stays inside st: the
// statements overwrites reads are in no loop, switch or select, which alone a
// break or continue can name.
func leaves(st ast.Stmt) bool {
	out := false
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out = true
		case *ast.BranchStmt:
			out = out || n.Tok == token.GOTO
		}
		return !out
	})
	return out
}

// calledOverwrites returns the first assignment (see overwrites) of the body of a
// function literal that n calls whenever it runs, or of a function or method of the
// package that it calls so, one of called (by name, "T.m" for a method of type T,
// with its assignment), or of another package of the program, one of its called (see
// methodOverwrites), or nil: a literal only written there, or called on the right
// of && or ||, may never run. A method promoted from an embedded type counts as that
// type's (see methodKey). The function a sync.Once's Do runs counts when that Do is
// the only one of the variable in the package (the first runs it). A function of the
// package given the variable's address (set(&Version)) assigns it when it writes
// through that parameter whenever it runs (see writesThrough). Without an
// assignment, it returns a call or expression that may assign it and why: a method of
// a value whose type this audit does not tell (none of the program, a field) where a
// method of that name assigns it, a Do that this audit cannot tell runs first, a call
// of a function value (f(), sync.OnceFunc(f)(), h.hook()) where the package holds a
// function value that may assign it (see valueCalled), a function value that may
// assign it given to a call (which may run it), the address given to anything else (a
// function of another package, a method), or the address kept anywhere else (p :=
// &Version, info{&Version}, return &Version), which this audit does not follow.
func (a assigner) calledOverwrites(n ast.Node, called map[string]*overwrite) *overwrite {
	var found *overwrite
	if n == nil {
		return nil
	}
	add := func(o *overwrite) { found = found.or(func() *overwrite { return o }) }
	followed := map[ast.Node]bool{} // the addresses given where they are followed, or only read
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				add(a.calledOverwrites(x.X, called))
				return false
			}
			if x.Op == token.EQL || x.Op == token.NEQ { // p == nil only reads it
				followed[ast.Unparen(x.X)], followed[ast.Unparen(x.Y)] = true, true
			}
		case *ast.StarExpr:
			if _, isID := ast.Unparen(x.X).(*ast.Ident); isID {
				followed[ast.Unparen(x.X)] = true // *p of a pointer parameter p: see writesThrough
			}
		case *ast.CallExpr:
			unfollowed := true // the address given to it is not followed
			switch fun := ast.Unparen(x.Fun).(type) {
			case *ast.FuncLit:
				if !shadows(fun, a.byName) {
					add(a.overwrites(fun.Body.List, called))
				}
			case *ast.Ident:
				add(called[fun.Name])
				if d := a.code.funcs[fun.Name]; d != nil && !isVariadic(d.Type) && len(x.Args) == len(fieldTypes(d.Type.Params)) {
					unfollowed = false
					through := a.code.writesThrough(fun.Name)
					for i, arg := range x.Args[:len(through)] { // (none while through is being found: a call of itself)
						followed[ast.Unparen(arg)] = true
						switch o := through[i]; {
						case !a.addr(arg) || o == nil:
						case o.as == nil && o.maybe == nil:
							add(&overwrite{maybe: x, why: o.why})
						default:
							add(o)
						}
					}
				} else if a.code.funcs[fun.Name] == nil && a.code.types[fun.Name] == nil && !goBuiltin(fun.Name) {
					add(a.code.valueCalled(x, called)) // a variable holding a function
				}
			case *ast.SelectorExpr:
				add(a.methodOverwrites(x, fun, called))
			default: // sync.OnceFunc(f)(), hooks[0]()
				add(a.code.valueCalled(x, called))
			}
			for _, arg := range x.Args {
				if v := a.assigningValue(arg, called); v != "" {
					add(&overwrite{maybe: x, why: v + ", given to a call that may run it"})
				}
				if unfollowed && a.addr(arg) {
					followed[ast.Unparen(arg)] = true
					add(&overwrite{maybe: x, why: "the variable's address given to a function this audit does not follow, which may write through it"})
				}
			}
		case *ast.ParenExpr:
		case ast.Expr:
			if a.addr(x) && !followed[x] {
				add(&overwrite{maybe: x, why: "the variable's address kept, which this audit does not follow: code may write through it"})
			}
		}
		return found == nil || found.as == nil
	})
	return found
}

// assigningValue describes e when it is a function value that may assign the variable
// (see overwrites and calledOverwrites; "" for anything else): a function literal, a
// function of the package or of another package of the program (other.Set), or a
// method value (x.set, the method of x's type, of the package or another: see
// typeCode, else any method of that name of the program: see methodNamed) that assigns
// it or may.
func (a assigner) assigningValue(e ast.Expr, called map[string]*overwrite) string {
	switch x := ast.Unparen(e).(type) {
	case *ast.FuncLit:
		if !shadows(x, a.byName) && a.overwrites(x.Body.List, called) != nil {
			return "a function literal that may assign the variable"
		}
	case *ast.Ident:
		if a.code.funcs[x.Name] != nil && called[x.Name] != nil {
			return "the function " + x.Name + ", which may assign the variable"
		}
	case *ast.SelectorExpr:
		if id, isID := unparen(x.X).(*ast.Ident); isID {
			if p, ok := a.importOf(id.Name); ok {
				switch c := a.code.others[p]; {
				case c == nil || c.types[x.Sel.Name] != nil:
				case c.funcs[x.Sel.Name] != nil:
					if c.called[x.Sel.Name] != nil {
						return "the function " + types.ExprString(x) + ", which may assign the variable"
					}
				default: // a variable holding a function, perhaps
					if v := c.heldValue(c.called); v != "" {
						return "the function value " + types.ExprString(x) + ", which may be " + v
					}
				}
				return ""
			}
		}
		c, typ, typeCalled := a.typeCode(a.exprType(x.X), called)
		if c == nil {
			return "" // a method of a type of a package outside the program
		}
		if key, ok := c.methodKey(typ, x.Sel.Name, 0); ok {
			if typeCalled[key] != nil {
				return "the method value " + types.ExprString(x) + ", which may assign the variable"
			}
			return ""
		}
		if m := a.code.methodNamed(x.Sel.Name, called); m != "" {
			return "the method value " + types.ExprString(x) + " (the method " + m + " may assign the variable)"
		}
	}
	return ""
}

// valueCalled is calledOverwrites of call, a call of a function value of package c (a
// variable, a field of function type, what a call returns: sync.OnceFunc(f)()): a call
// that may assign the variable when c holds a function value that may (see
// assigningValue: one written anywhere in its files but where it is called), else nil.
// called is what of c may assign it.
func (c *pkgCode) valueCalled(call *ast.CallExpr, called map[string]*overwrite) *overwrite {
	v := c.heldValue(called)
	if v == "" {
		return nil
	}
	return &overwrite{maybe: call, why: "a call of a function value, which may be " + v}
}

// heldValue describes a function value of c that may assign the variable (see
// valueCalled), or returns "". called is what of c may assign it.
func (c *pkgCode) heldValue(called map[string]*overwrite) string {
	if c.scanning {
		return "" // a call in a function value being judged: the value itself is what counts
	}
	known := len(called) // what is known of the program's packages, which only grows
	for _, o := range c.others {
		known += len(o.called)
	}
	if c.value == nil || c.valueAt != known {
		c.scanning = true
		v := ""
		for _, b := range c.assigners {
			skip := map[ast.Node]bool{} // the functions called where they are written, and declared names
			ast.Inspect(b.f.Syntax, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.FuncDecl:
					skip[x.Name] = true
				case *ast.CallExpr:
					skip[ast.Unparen(x.Fun)] = true
				case *ast.SelectorExpr:
					skip[x.Sel] = true
				}
				if e, ok := n.(ast.Expr); ok && !skip[e] && v == "" {
					if v = b.assigningValue(e, called); v != "" {
						v = fmt.Sprintf("%s (in %s)", v, b.f.Path)
					}
				}
				return v == ""
			})
		}
		c.scanning = false
		c.value, c.valueAt = &v, known
	}
	return *c.value
}

// methodOverwrites is calledOverwrites of call, the call of the method sel names
// (x.set()): that method of x's type (see exprType), its own or promoted from an
// embedded type, when it is a type of the package or of another package of the program
// (see typeCode and methodKey), a method of a type of a package outside the program
// being none; when x is a sync.Once, the function its Do runs. Else, when x's type is
// not told, a method of that name of the program (see methodNamed), or a function given
// to a Do, that may assign the variable makes it a call that may; and a call of a field
// of function type is a call of a function value (see valueCalled). A call of a
// function of another package of the program (other.Set()) is followed as that
// package's own calls are, and one of a variable of it (other.Clear()) is a call of a
// function value there.
func (a assigner) methodOverwrites(call *ast.CallExpr, sel *ast.SelectorExpr, called map[string]*overwrite) *overwrite {
	x, isID := unparen(sel.X).(*ast.Ident)
	if isID {
		if p, ok := a.importOf(x.Name); ok {
			switch c := a.code.others[p]; {
			case c == nil || c.types[sel.Sel.Name] != nil:
				return nil // a function of a package outside the program, or a conversion
			case c.funcs[sel.Sel.Name] != nil:
				return c.called[sel.Sel.Name]
			default:
				return c.valueCalled(call, c.called) // a variable holding a function
			}
		}
	}
	typ := a.exprType(sel.X)
	if sel.Sel.Name == "Do" && len(call.Args) == 1 && (typ == "sync.Once" || typ == "") {
		var runs *overwrite
		switch f := unparen(call.Args[0]).(type) {
		case *ast.FuncLit:
			if !shadows(f, a.byName) {
				runs = a.overwrites(f.Body.List, called)
			}
		case *ast.Ident:
			runs = called[f.Name]
		}
		switch {
		case runs == nil:
		case typ == "sync.Once" && (isID && a.code.doCalls(x.Name) == 1 || valueTypeName(sel.X) != ""): // its only Do, or a new one's
			return runs
		case typ == "sync.Once":
			return &overwrite{maybe: call, why: "a sync.Once whose Do is called elsewhere too, so that this one may not run its function"}
		default:
			return &overwrite{maybe: call, why: "a Do of a value whose type this audit does not tell, given a function that assigns the variable"}
		}
	}
	c, t, typeCalled := a.typeCode(typ, called)
	if c == nil {
		return nil // a method of a type of a package outside the program (strings.Builder)
	}
	if t != "" {
		switch key, ok := c.methodKey(t, sel.Sel.Name, 0); {
		case ok && key != "":
			return typeCalled[key]
		case ok:
			return c.valueCalled(call, typeCalled) // a field of function type
		}
	}
	if m := a.code.methodNamed(sel.Sel.Name, called); m != "" {
		return &overwrite{maybe: call, why: "a method of a value whose type this audit does not tell, and the method " + m + " may assign the variable"}
	}
	return a.code.valueCalled(call, called) // a field of function type, perhaps
}

// methodNamed returns a method called name of a package of the program that may
// assign the variable ("T.set" of c, "T.Set of example.com/m/other" of another, the
// first by import path), or "". called is what of c may assign it.
func (c *pkgCode) methodNamed(name string, called map[string]*overwrite) string {
	for _, m := range c.methods[name] {
		if called[recvType(m)+name] != nil {
			return recvType(m) + name
		}
	}
	found, in := "", ""
	for p, o := range c.others {
		for _, m := range o.methods[name] {
			if o != c && o.called[recvType(m)+name] != nil && (found == "" || p < in) {
				found, in = recvType(m)+name, p
			}
		}
	}
	if found == "" {
		return ""
	}
	return found + " of " + in
}

// importOf returns the import path of the package that name names in a.f, when it is
// the name of one of its imports: the name it is imported as, else the name of that
// package of the program, else the last element of a path outside the program.
func (a assigner) importOf(name string) (string, bool) {
	return a.code.importOf(a.f, name)
}

// importOf is assigner.importOf for file f of c.
func (c *pkgCode) importOf(f *repo.File, name string) (string, bool) {
	for _, im := range f.Imports {
		if name == im.Name {
			return im.Path, true
		}
		if o := c.others[im.Path]; im.Name == "" && (o != nil && o.name == name || o == nil && path.Base(im.Path) == name) {
			return im.Path, true
		}
	}
	return "", false
}

// qualified returns typ, a type name as writtenType gives it in file f of c, with the
// import path of its package in place of the name f imports it by
// ("example.com/m/other.Setter", "sync.Once"); a type of c stays as it is ("T").
func (c *pkgCode) qualified(f *repo.File, typ string) string {
	if q, t, ok := strings.Cut(typ, "."); ok {
		if p, ok := c.importOf(f, q); ok {
			return p + "." + t
		}
	}
	return typ
}

// typeCode returns the code of the package that declares typ, a type name as typeOf
// gives it, the name of typ there, and what of that package may assign the variable:
// a's package, and called, for a type of its own or one not told (""), a package of
// the program for a type of another (see qualified), and a nil code for a type of a
// package outside the program, whose methods cannot name the variable.
func (a assigner) typeCode(typ string, called map[string]*overwrite) (*pkgCode, string, map[string]*overwrite) {
	i := strings.LastIndex(typ, ".")
	if i < 0 {
		return a.code, typ, called
	}
	c := a.code.others[typ[:i]]
	if c == nil {
		return nil, "", nil
	}
	return c, typ[i+1:], c.called
}

// exprType returns the name of the type of x as typeOf gives it: an identifier's
// (see typeOf), a package-level variable's of another package of the program
// (other.Default, qualified with its import path), or that T{...}, &T{...} or
// new(T) tells (see valueTypeName); or, when x is a type, the operand of a method
// expression (T.set(v), (*T).set(&v), other.T.Set(v), a method called as a function
// with its receiver first), the type it names (see typeNamed); "" when not told.
func (a assigner) exprType(x ast.Expr) string {
	if t := a.typeNamed(x); t != "" {
		return t
	}
	switch y := unparen(x).(type) {
	case *ast.Ident:
		return a.typeOf(y)
	case *ast.SelectorExpr:
		id, isID := unparen(y.X).(*ast.Ident)
		if !isID {
			return ""
		}
		p, ok := a.importOf(id.Name)
		c := a.code.others[p]
		if !ok || c == nil {
			return ""
		}
		t := c.globals[y.Sel.Name]
		if t != "" && !strings.Contains(t, ".") {
			t = c.path + "." + t // a type of that package
		}
		return t
	}
	return a.code.qualified(a.f, valueTypeName(x))
}

// localType reports whether body, a function's, declares a type called name.
func localType(body *ast.BlockStmt, name string) bool {
	found := false
	if body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			ts, ok := n.(*ast.TypeSpec)
			found = found || ok && ts.Name.Name == name
			return !found
		})
	}
	return found
}

// typeNamed returns the name of the type x names, as typeOf gives it, when x is one:
// T or *T, a type of the package that no function holding x declares anything of that
// name in, or other.T or *other.T, a type of another package of the program (qualified
// with its import path); else "".
func (a assigner) typeNamed(x ast.Expr) string {
	t := unparen(x)
	if star, ok := t.(*ast.StarExpr); ok {
		t = unparen(star.X)
	}
	switch y := t.(type) {
	case *ast.Ident:
		if a.code.types[y.Name] == nil {
			return ""
		}
		declared := false // in a function holding x: a variable, or a type of its own
		ast.Inspect(a.f.Syntax, func(n ast.Node) bool {
			if declared || n == nil || !encloses(n, y) {
				return false
			}
			if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == y.Name {
				declared = true
			}
			switch n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				declared = declared || declaresLocal(n, y.Name) || localType(funcBody(n), y.Name)
			}
			return !declared
		})
		if !declared {
			return y.Name
		}
	case *ast.SelectorExpr:
		if id, isID := unparen(y.X).(*ast.Ident); isID {
			if p, ok := a.importOf(id.Name); ok && a.code.others[p] != nil && a.code.others[p].types[y.Sel.Name] != nil {
				return p + "." + y.Sel.Name
			}
		}
	}
	return ""
}

// methodKey returns the key of called ("T.m") of the method name that a value of
// typ, a type of the package, has: its own, or one promoted from an embedded field
// (type outer struct{ state }, or *state, at any depth); "" with ok when it has none (a
// field of that name, say). ok is false when this audit cannot tell: typ is no type of
// the package, a type defined over another (type outer state) or one embedding a type
// of another package, or embedded fields give two methods of that name.
func (c *pkgCode) methodKey(typ, name string, depth int) (key string, ok bool) {
	if typ == "" || depth > 8 {
		return "", false
	}
	if slices.ContainsFunc(c.methods[name], func(m *ast.FuncDecl) bool { return recvType(m) == typ+"." }) {
		return typ + "." + name, true
	}
	ts := c.types[typ]
	if ts == nil {
		return "", false
	}
	if ts.Assign.IsValid() { // an alias
		t, local := typeName(ts.Type)
		if !local {
			return "", false
		}
		return c.methodKey(t, name, depth+1)
	}
	st, isStruct := ts.Type.(*ast.StructType)
	if !isStruct {
		return "", false
	}
	var embedded []string
	for _, f := range st.Fields.List {
		if len(f.Names) > 0 {
			if slices.ContainsFunc(f.Names, func(id *ast.Ident) bool { return id.Name == name }) {
				return "", true // a field of that name
			}
			continue
		}
		t, local := typeName(f.Type)
		switch {
		case !local:
			return "", false // pkg.T, whose methods this audit does not read
		case t == name:
			return "", true // the embedded field of that name
		}
		embedded = append(embedded, t)
	}
	for _, t := range embedded {
		k, ok := c.methodKey(t, name, depth+1)
		switch {
		case !ok || k != "" && key != "" && k != key:
			return "", false
		case k != "":
			key = k
		}
	}
	return key, true
}

// typeOf returns the name of the type that x, an identifier of a.f, is declared
// with, as written ("T", "sync.Once": see writtenType), by the last declaration of it
// before x in the blocks and functions that hold x (a parameter or receiver too),
// else by the package's (see pkgCode.globals); "" when not told.
func (a assigner) typeOf(x *ast.Ident) string {
	typ, found := "", false
	decl := func(names []*ast.Ident, typeExpr ast.Expr, values []ast.Expr) {
		for i, id := range names {
			if id.Name == x.Name {
				typ, found = a.code.qualified(a.f, writtenType(typeExpr)), true
				if typeExpr == nil && len(values) == len(names) {
					typ = a.code.qualified(a.f, valueTypeName(values[i]))
				}
			}
		}
	}
	params := func(l *ast.FieldList) {
		if l != nil {
			for _, f := range l.List {
				decl(f.Names, f.Type, nil)
			}
		}
	}
	ast.Inspect(a.f.Syntax, func(n ast.Node) bool {
		if n == nil || !encloses(n, x) {
			return false
		}
		var list []ast.Stmt
		switch b := n.(type) {
		case *ast.FuncDecl:
			params(b.Recv)
			params(b.Type.Params)
		case *ast.FuncLit:
			params(b.Type.Params)
		case *ast.BlockStmt:
			list = b.List
		case *ast.CaseClause:
			list = b.Body
		case *ast.CommClause:
			list = b.Body
		case *ast.IfStmt:
			list = []ast.Stmt{b.Init}
		case *ast.SwitchStmt:
			list = []ast.Stmt{b.Init}
		case *ast.ForStmt:
			list = []ast.Stmt{b.Init}
		}
		for _, st := range list {
			if st == nil || st.Pos() >= x.Pos() {
				continue
			}
			switch st := st.(type) {
			case *ast.DeclStmt:
				if gd, ok := st.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, spec := range gd.Specs {
						vs := spec.(*ast.ValueSpec)
						decl(vs.Names, vs.Type, vs.Values)
					}
				}
			case *ast.AssignStmt:
				if st.Tok == token.DEFINE {
					var names []*ast.Ident
					for _, l := range st.Lhs {
						id, _ := l.(*ast.Ident)
						if id == nil {
							id = ast.NewIdent("_")
						}
						names = append(names, id)
					}
					decl(names, nil, st.Rhs)
				}
			}
		}
		return true
	})
	if !found {
		return a.code.globals[x.Name]
	}
	return typ
}

// writtenType returns the name of type t as written ("T" for T, *T or T[P],
// "sync.Once"), or "" for another kind of type.
func writtenType(t ast.Expr) string {
	if t == nil {
		return ""
	}
	switch y := baseType(t).(type) {
	case *ast.Ident:
		return y.Name
	case *ast.SelectorExpr:
		if pkg, ok := y.X.(*ast.Ident); ok {
			return pkg.Name + "." + y.Sel.Name
		}
	}
	return ""
}

// valueTypeName returns the name of the type of v when v tells it: T{...},
// &T{...} (unparen takes & away) or new(T); or "".
func valueTypeName(v ast.Expr) string {
	switch y := unparen(v).(type) {
	case *ast.CompositeLit:
		return writtenType(y.Type)
	case *ast.CallExpr:
		if isName(unparen(y.Fun), "new") && len(y.Args) == 1 {
			return writtenType(y.Args[0])
		}
	}
	return ""
}

// doCalls counts the calls of a method Do on a variable named name in the package.
func (c *pkgCode) doCalls(name string) int {
	n := 0
	for _, f := range c.files {
		ast.Inspect(f.Syntax, func(x ast.Node) bool {
			if call, ok := x.(*ast.CallExpr); ok {
				if sel, ok := unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "Do" && isName(unparen(sel.X), name) {
					n++
				}
			}
			return true
		})
	}
	return n
}

// reads reports whether e reads the variable that names tells (a field of that name,
// as in cfg.Version, is not it).
func reads(e ast.Expr, names func(ast.Expr) bool) bool {
	found := false
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if found {
			return false
		}
		if x, ok := n.(ast.Expr); ok && names(x) {
			found = true
			return false
		}
		if sel, ok := n.(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, visit) // not sel.Sel, a field or method name
			return false
		}
		return true
	}
	ast.Inspect(e, visit)
	return found
}

// shadows reports whether fn, a function declaration or literal, declares name itself
// (a parameter, or a := or var statement of its body), so that its assignments to name
// are not the package's.
func shadows(fn ast.Node, name string) bool {
	found := false
	ast.Inspect(fn, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name {
						found = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				if id.Name == name {
					found = true
				}
			}
		case *ast.Field:
			for _, id := range x.Names {
				if id.Name == name {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// nonString returns the type of the i-th variable of vs, declared in pkg, when it is
// not string (a named string type, an int, the []byte of []byte("dev")), or "" when
// it is string, an alias of it or a type this audit cannot tell.
func nonString(pkg *repo.Package, vs *ast.ValueSpec, i int) string {
	typ := vs.Type
	if typ == nil && len(vs.Values) == len(vs.Names) {
		switch v := unparen(vs.Values[i]).(type) {
		case *ast.BasicLit:
			return map[token.Token]string{token.INT: "int", token.FLOAT: "float64", token.CHAR: "rune", token.IMAG: "complex128"}[v.Kind]
		case *ast.CompositeLit:
			typ = v.Type
		case *ast.CallExpr: // a conversion, T(x), is of type T
			switch fun := unparen(v.Fun).(type) {
			case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.InterfaceType:
				typ = fun
			case *ast.Ident:
				if tok, _ := declaredAs(pkg, fun.Name); tok == token.TYPE || tok == token.ILLEGAL && slices.Contains(basicTypes, fun.Name) {
					typ = fun
				}
			}
		}
	}
	if typ == nil {
		return ""
	}
	id, ok := typ.(*ast.Ident)
	if !ok {
		return types.ExprString(typ) // a pointer, a slice, a qualified type
	}
	if id.Name == "string" {
		return ""
	}
	for _, f := range pkg.Files {
		for _, d := range f.Syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				if ts := spec.(*ast.TypeSpec); ts.Name.Name == id.Name && ts.Assign.IsValid() {
					if t, ok := ts.Type.(*ast.Ident); ok && t.Name == "string" {
						return "" // type Version = string
					}
				}
			}
		}
	}
	return id.Name
}

// initNotConstant returns why the i-th variable of vs, declared in file f of pkg, is
// initialised by an expression that is not constant ("initialised by a function
// call", "initialised from the variable defaultVersion"), which the package's
// initialisation evaluates when the program starts, after the linker set the
// variable: -X has no effect on it (go doc cmd/link: "-X will not work if the
// initializer makes a function call or refers to other variables"). It returns ""
// for a variable without initialiser or with a constant expression: literals,
// constants of the package or of a package of the repository it imports, and
// operators, conversions (string("dev")) and the built-ins len, min and max on
// them. unsure names what this audit cannot tell a constant from a variable: a name
// it finds declared nowhere, or one of a package it does not read.
func (a *auditor) initNotConstant(pkg *repo.Package, f *repo.File, vs *ast.ValueSpec, i int) (why, unsure string) {
	switch {
	case len(vs.Values) == 0:
		return "", ""
	case len(vs.Values) == len(vs.Names):
		return a.notConstant(pkg, f, vs.Values[i])
	}
	return a.notConstant(pkg, f, vs.Values[0]) // one call for several names
}

// notConstant is initNotConstant for the expression e of file f of pkg.
func (a *auditor) notConstant(pkg *repo.Package, f *repo.File, e ast.Expr) (why, unsure string) {
	switch x := e.(type) {
	case *ast.BasicLit:
		return "", ""
	case *ast.ParenExpr:
		return a.notConstant(pkg, f, x.X)
	case *ast.UnaryExpr:
		if x.Op != token.AND && x.Op != token.ARROW {
			return a.notConstant(pkg, f, x.X)
		}
	case *ast.BinaryExpr:
		if why, unsure := a.notConstant(pkg, f, x.X); why != "" || unsure != "" {
			return why, unsure
		}
		return a.notConstant(pkg, f, x.Y)
	case *ast.Ident:
		switch tok, known := declaredAs(pkg, x.Name); {
		case tok == token.CONST:
			return "", ""
		case tok == token.VAR:
			return "initialised from the variable " + x.Name, ""
		case tok != token.ILLEGAL:
		case x.Name == "true" || x.Name == "false" || x.Name == "iota":
			return "", ""
		case !known:
			return "", x.Name + ", in a file of " + pkg.Dir + " this audit did not read"
		default:
			return "", x.Name + ", which this audit finds declared nowhere in " + pkg.Dir
		}
	case *ast.SelectorExpr:
		ip, ok := a.imported(f, x.X)
		if !ok {
			break // a field or method of a variable
		}
		var q *repo.Package
		for _, p := range a.r.Packages {
			if p.ImportPath == ip {
				q = p
			}
		}
		if q == nil {
			return "", types.ExprString(x) + ", of " + ip + ", a package this audit does not read"
		}
		switch tok, known := declaredAs(q, x.Sel.Name); {
		case tok == token.CONST:
			return "", ""
		case tok == token.VAR:
			return "initialised from the variable " + types.ExprString(x), ""
		case tok != token.ILLEGAL:
		case !known:
			return "", types.ExprString(x) + ", in a file of " + q.Dir + " this audit did not read"
		default:
			return "", types.ExprString(x) + ", which this audit finds declared nowhere in " + q.Dir
		}
	case *ast.CallExpr:
		if !a.conversion(pkg, f, x.Fun) && !constBuiltin(pkg, x.Fun) {
			return "initialised by a function call", ""
		}
		for _, arg := range x.Args {
			if why, unsure := a.notConstant(pkg, f, arg); why != "" || unsure != "" {
				return why, unsure
			}
		}
		return "", ""
	}
	return "initialised by " + types.ExprString(e) + ", which is not a constant expression", ""
}

// declaredAs returns the token of the package-level declaration of name in pkg
// (token.CONST, VAR, TYPE, or FUNC), or token.ILLEGAL when none of its files
// declares it; known is false when a file of pkg was not read whole.
func declaredAs(pkg *repo.Package, name string) (tok token.Token, known bool) {
	known = true
	for _, f := range pkg.AllFiles() {
		if !f.Full {
			known = false
			continue
		}
		for _, d := range f.Syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == name {
					return token.FUNC, true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.ValueSpec:
						if slices.ContainsFunc(s.Names, func(n *ast.Ident) bool { return n.Name == name }) {
							return d.Tok, true
						}
					case *ast.TypeSpec:
						if s.Name.Name == name {
							return token.TYPE, true
						}
					}
				}
			}
		}
	}
	return token.ILLEGAL, known
}

// imported returns the import path of the package the identifier x names in file f
// (by its alias, or by the name in the package clause of a package of the
// repository, else the name importName guesses), or false when x is no import.
func (a *auditor) imported(f *repo.File, x ast.Expr) (string, bool) {
	id, ok := x.(*ast.Ident)
	if !ok {
		return "", false
	}
	for _, imp := range f.Imports {
		name := imp.Name
		if name == "" {
			name = importName(imp.Path)
			for _, p := range a.r.Packages {
				if p.ImportPath == imp.Path {
					name = p.Name
				}
			}
		}
		if name == id.Name {
			return imp.Path, true
		}
	}
	return "", false
}

// basicTypes are the predeclared types, which a call converts to.
var basicTypes = []string{"string", "bool", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr",
	"float32", "float64", "complex64", "complex128", "byte", "rune"}

// conversion reports whether fun, called in file f of pkg, names a type whose
// conversion of a constant is a constant: a predeclared type, or a type declared in
// pkg or in a package of the repository f imports (whose conversion a variable's
// type check then judges).
func (a *auditor) conversion(pkg *repo.Package, f *repo.File, fun ast.Expr) bool {
	switch x := fun.(type) {
	case *ast.ParenExpr:
		return a.conversion(pkg, f, x.X)
	case *ast.Ident:
		tok, _ := declaredAs(pkg, x.Name)
		return tok == token.TYPE || tok == token.ILLEGAL && slices.Contains(basicTypes, x.Name)
	case *ast.SelectorExpr:
		ip, ok := a.imported(f, x.X)
		if !ok {
			return false
		}
		for _, p := range a.r.Packages {
			if tok, _ := declaredAs(p, x.Sel.Name); p.ImportPath == ip && tok == token.TYPE {
				return true
			}
		}
	}
	return false
}

// constBuiltin reports whether fun is a built-in function whose call on constants
// is a constant (len, min, max, real, imag, complex), unless pkg declares the name.
func constBuiltin(pkg *repo.Package, fun ast.Expr) bool {
	id, ok := fun.(*ast.Ident)
	if !ok || !slices.Contains([]string{"len", "min", "max", "real", "imag", "complex"}, id.Name) {
		return false
	}
	tok, _ := declaredAs(pkg, id.Name)
	return tok == token.ILLEGAL
}

// platform returns the build g makes as far as its build files tell: the GOOS,
// GOARCH and CGO_ENABLED its environment sets, and its -tags. A build that sets no
// GOOS or GOARCH builds for linux/amd64, the platform this audit reads the
// repository for, except a GoReleaser build, which builds for several platforms
// by default; a value taken from a variable is unknown.
func (g goBuild) platform() repo.Build {
	b := repo.Build{Tags: g.tags}
	env := func(key, def string) string {
		v, ok := g.cmd.getenv(key)
		switch {
		case !ok && g.source != "GoReleaser":
			return def
		case strings.ContainsAny(v, "$`{}"):
			return ""
		}
		return v
	}
	b.GOOS, b.GOARCH = env("GOOS", "linux"), env("GOARCH", "amd64")
	if v, ok := g.cmd.getenv("CGO_ENABLED"); ok && (v == "0" || v == "1") {
		on := v == "1"
		b.Cgo = &on
	} else if !ok {
		b.Cgo = g.cgo
	}
	return b
}

// unlinked returns why importPath, a package outside m's program that no directory of
// the repository gives m's build (a requirement's), is not in m's binary (not), or
// why this audit cannot tell (unsure, with what to check): the program imports it
// only through packages of other modules, which a module cache holds. not is set
// when the program imports no package outside the standard library and the
// repository, or when none of those its vendor directory holds imports it, directly
// or not (see repo.VendoredImport); unsure when part of the program was not read,
// or when it imports packages of other modules this audit does not read. Both are ""
// when the program imports importPath, or when mayHold leaves it to checkLDFlags.
func (a *auditor) unlinked(m *repo.Main, importPath string) (not, unsure, check string) {
	if strings.ContainsAny(importPath, "{}%$`") || !a.mayHold(m, importPath) {
		return "", "", ""
	}
	own := map[string]bool{}
	for _, p := range m.Program {
		own[p.ImportPath] = true
	}
	var outside []string // the imports of other modules' packages
	for _, p := range m.Program {
		for _, f := range slices.Concat(p.AllFiles(), p.Generated) {
			for _, imp := range f.Imports {
				if first, _, _ := strings.Cut(imp.Path, "/"); strings.Contains(first, ".") && !own[imp.Path] && !slices.Contains(outside, imp.Path) {
					outside = append(outside, imp.Path)
				}
			}
		}
	}
	slices.Sort(outside)
	const linked = "that the binary links the package (go version -m lists its module; go tool nm shows the variable)"
	switch {
	case slices.Contains(outside, importPath):
		return "", "", ""
	case len(m.Unread) > 0:
		return "", importPath + ", which " + m.Dir() + " does not import as far as read; " + m.Unread[0].String(), linked
	case len(outside) == 0:
		return "package " + importPath + " is not in the binary: " + m.Dir() + " does not import it, nor any package outside the standard library and the repository that could", "", ""
	}
	if mod := m.Package.Module; mod != nil && mod.Vendor {
		switch _, found, err := a.r.VendoredImport(mod, outside, importPath); {
		case found:
			return "", "", ""
		case err != nil:
			return "", importPath + ", which " + m.Dir() + " does not import itself; " + err.Error(), linked
		}
		return "package " + importPath + " is not in the binary: " + m.Dir() + " does not import it, nor does any package of " + path.Join(mod.Dir, "vendor") + " it imports (their files for linux/amd64 without build tags)", "", ""
	}
	return "", importPath + ", which " + m.Dir() + " does not import itself; it imports packages of other modules (" + strings.Join(outside, ", ") + "), which this audit does not read and which may", linked
}

// mayHold reports whether importPath, which is no package of the repository, may be
// a package of m's build: it lies under a module of the repository (a package this
// audit does not read, generated say) or under a module m's go.mod requires, or the
// build file leaves it to a template. The linker ignores -X into any other path. (A
// path holding a reference this audit cannot expand is judged by checkLDFlags.)
func (a *auditor) mayHold(m *repo.Main, importPath string) bool {
	if strings.ContainsAny(importPath, "{}%") || m.Package.Module == nil {
		return true
	}
	under := func(mod string) bool { return importPath == mod || strings.HasPrefix(importPath, mod+"/") }
	for _, mod := range a.r.Modules {
		if under(mod.Path) {
			return true
		}
	}
	return slices.ContainsFunc(m.Package.Module.Requires, func(req repo.Require) bool { return under(req.Path) })
}

func (a *auditor) checkLDFlags(p *program) Result {
	fix := "gonew-prod add version: a buildinfo package with Version, Commit and BuildTime set by -ldflags -X in the Makefile, falling back to debug.ReadBuildInfo."
	only := a.services == 1
	// ReadBuildInfo counts where main's flow may call it: a function of a package
	// the program imports for something else tells the binary nothing.
	readsBuildInfo := evidenceOf(p, slices.DeleteFunc(p.callsTo("runtime/debug", "ReadBuildInfo"), func(c call) bool { return !p.runs(c.site) }))
	var fails, warns, unknowns []string
	var fixes []string // the fixes of fails other than a -X that reaches nothing
	var ev []repo.Evidence
	n := 0
	for _, g := range a.b.goBuilds() {
		if !g.builds(p.main, only) {
			continue
		}
		g, skipped, unsurePattern := g.forMain(p.main)
		n++
		var version, commit bool
		var absent []string
		not := map[string][]string{}         // why -> the -X targets
		overwritten := map[string][]string{} // the init that assigns them -> the -X targets
		typed := map[string][]string{}       // a variable's type -> the -X targets
		var vars, notAt []repo.Evidence
		var empty []string              // version or commit -X settings whose value is empty
		unsure := map[string][]string{} // what to check -> the -X settings this audit cannot judge
		var unexpanded []string         // -X settings whose package path holds a reference not expanded
		// GoReleaser's default flags, for a build without ldflags: the user wrote
		// none of them, so a target that does not exist (main.builtBy, main.date)
		// is no mistake of theirs, and the linker drops it harmlessly.
		implicit := g.source == "GoReleaser" && g.ldflags == goreleaserLDFlags
		var gitless []string // version or commit -X settings from git where the tree holds no .git
		var literal []string // version or commit -X settings whose value holds a reference no shell expands
		for _, x := range g.xflags() {
			stamp := versionVar.MatchString(x.name) || commitVar.MatchString(x.name)
			if v := strings.Trim(x.value, `"'`); v == "" && stamp {
				empty = append(empty, "-X "+x.pkg+"."+x.name+"=")
				continue
			}
			if stamp && strings.Contains(x.value, quotedDollar) {
				literal = append(literal, "-X "+x.pkg+"."+x.name+"="+asWritten(x.value))
				continue
			}
			if stamp && g.noGit != "" && runsGit(x.value) {
				gitless = append(gitless, "-X "+x.pkg+"."+x.name+"="+x.value)
				continue
			}
			t := a.variable(p.main, x.pkg, x.name, g.platform())
			switch {
			case t.at != nil && x.pkg == "main" && !g.compiles(t.at.File):
				why := fmt.Sprintf("it is declared in %s, which is not among the files the build names", t.at.File)
				not[why] = append(not[why], "-X "+x.pkg+"."+x.name)
				notAt = append(notAt, *t.at)
				continue
			case t.at != nil:
				vars = append(vars, *t.at)
			case t.unsure != "":
				unsure[t.check] = append(unsure[t.check], "-X "+x.pkg+"."+x.name+" into "+t.unsure)
				continue
			case t.linkFails:
				typed[t.not] = append(typed[t.not], "-X "+x.pkg+"."+x.name)
				notAt = append(notAt, t.notAt)
				continue
			case t.overwritten:
				overwritten[t.not] = append(overwritten[t.not], "-X "+x.pkg+"."+x.name)
				notAt = append(notAt, t.notAt)
				continue
			case t.not != "":
				not[t.not] = append(not[t.not], "-X "+x.pkg+"."+x.name)
				notAt = append(notAt, t.notAt)
				continue
			case !t.inRepo && strings.ContainsAny(x.pkg, "$`"):
				// A reference left unexpanded ($(shell grep ... go.mod), ${MODULE}):
				// what it names is not known, so neither is whether it exists.
				unexpanded = append(unexpanded, "-X "+x.pkg+"."+x.name)
				continue
			case t.inRepo, !a.mayHold(p.main, x.pkg):
				if !implicit {
					absent = append(absent, asWritten(x.pkg+"."+x.name))
				}
				continue
			}
			version = version || versionVar.MatchString(x.name)
			commit = commit || commitVar.MatchString(x.name)
		}
		where := g.where()
		ev = append(ev, g.cmd.evidence()...)
		if g.vcsOn != "" && g.noGitTool { // the go command fails the build: nothing else of it matters
			fails = append(fails, fmt.Sprintf("%s builds with %s, but %s: the go command finds the repository's .git but no git to read it, and fails the build (error obtaining VCS status: exec: \"git\": executable file not found in $PATH); install git in the stage (apk add --no-cache git) or drop -buildvcs=true", where, g.vcsOn, g.noGit))
			ev = append(ev, slices.Concat(g.vcsOnAt, g.noGitAt)...)
			fixes = append(fixes, "Install git in the build stage (apk add --no-cache git), or drop -buildvcs=true and let the go command stamp what it can (-buildvcs=auto).")
			continue
		}
		if g.source == "ko" && len(g.unset) > 0 { // ko fails the build: nothing else of it matters
			var xs, actions []string
			for _, e := range empty {
				xs = append(xs, strings.TrimSuffix(e, "="))
			}
			for _, name := range g.unset {
				actions = append(actions, "{{.Env."+name+"}}")
			}
			warns = append(warns, fmt.Sprintf("%s sets %s from %s: %s", where, strings.Join(xs, " and "), strings.Join(actions, ", "), g.unsetWhy))
			ev = append(ev, g.unsetAt...)
			continue
		}
		if len(literal) > 0 && !(version && commit) {
			warns = append(warns, fmt.Sprintf("%s sets %s inside single quotes, where the shell expands no reference, so the binary reports that text as its version; quote the -ldflags value with double quotes", where, strings.Join(literal, " and ")))
			if len(empty) == 0 && len(gitless) == 0 && !version && !commit && len(absent) == 0 && len(not) == 0 && len(overwritten) == 0 && len(typed) == 0 {
				continue
			}
		}
		if len(gitless) > 0 && !(version && commit) {
			warns = append(warns, fmt.Sprintf("%s sets %s from git, but %s: git prints nothing there, so the binary reports an empty version; run git outside the build and pass its output as a build argument (ARG VERSION in the stage, docker build --build-arg VERSION=$(git describe --tags --always))", where, strings.Join(gitless, " and "), g.noGit))
			ev = append(ev, g.noGitAt...)
			if len(empty) == 0 && !version && !commit && len(absent) == 0 && len(not) == 0 && len(overwritten) == 0 && len(typed) == 0 {
				continue
			}
		}
		if len(empty) > 0 && !(version && commit) {
			why := "an empty value"
			switch {
			case len(g.unset) > 0 && g.unsetWhy != "":
				why = "a variable with no value there (" + strings.Join(g.unset, ", ") + ": " + g.unsetWhy + ")"
			case len(g.unset) > 0:
				why = "a variable with no value there (" + strings.Join(g.unset, ", ") + ": no ARG or ENV of the build stage sets it; an ARG declared before the first FROM is in scope for the FROM lines only, so the stage must declare it again with ARG " + g.unset[0] + ")"
			}
			warns = append(warns, fmt.Sprintf("%s sets %s from %s, so the binary reports an empty version", where, strings.Join(empty, " and "), why))
			ev = append(ev, g.unsetAt...)
			if !version && !commit && len(absent) == 0 && len(not) == 0 && len(overwritten) == 0 && len(typed) == 0 {
				continue
			}
		}
		switch {
		case len(absent) > 0 || len(not) > 0 || len(overwritten) > 0 || len(typed) > 0:
			for _, why := range slices.Sorted(maps.Keys(typed)) {
				fails = append(fails, fmt.Sprintf("%s sets %s into %s, but -X sets only a variable of type string: the link fails (\"cannot set with -X: not a var of type string\"); declare it as string", where, strings.Join(typed[why], ", "), why))
			}
			if len(absent) > 0 {
				fails = append(fails, fmt.Sprintf("%s sets -X %s, which does not exist: the linker drops it silently", where, strings.Join(absent, ", -X ")))
			}
			for _, why := range slices.Sorted(maps.Keys(not)) {
				fails = append(fails, fmt.Sprintf("%s sets %s into no variable of that build (%s): the linker drops it silently", where, strings.Join(not[why], ", "), why))
			}
			for _, why := range slices.Sorted(maps.Keys(overwritten)) {
				fails = append(fails, fmt.Sprintf("%s sets %s, but %s, so what -X sets is overwritten: the binary never reports the injected value", where, strings.Join(overwritten[why], ", "), why))
				fixes = append(fixes, "Drop the assignment (in a generated file, from what generates it), or make it a default that assigns only an empty variable (if Version == \"\" {...}).")
			}
			ev = append(ev, notAt...)
		case len(g.droppedX()) > 0:
			fails = append(fails, fmt.Sprintf("%s passes -ldflags more than once: the go command keeps only the last one (-ldflags %q), so %s of an earlier -ldflags never reach the linker; put all the linker flags in one -ldflags", where, asWritten(g.ldflags), strings.Join(g.droppedX(), ", ")))
		case unsurePattern != "" && (version || commit):
			unknowns = append(unknowns, fmt.Sprintf("%s passes -ldflags for the packages of the pattern %s, which this audit cannot match: check that it matches %s (the go command gives a main package the -ldflags without a pattern, or with one that matches it, such as all=)", where, unsurePattern, p.main.Dir()))
		case version && commit:
			ev = append(ev, vars...)
		case len(readsBuildInfo) > 0 && g.noVCS == "":
		case len(unsure) > 0:
			for _, check := range slices.Sorted(maps.Keys(unsure)) {
				unknowns = append(unknowns, fmt.Sprintf("%s sets %s: check %s", where, strings.Join(unsure[check], ", and "), check))
			}
		case len(unexpanded) > 0:
			unknowns = append(unknowns, fmt.Sprintf("%s sets %s, whose package path holds a reference this audit cannot expand: check that it names the package that declares the variable (go list -m is expanded to the module path, outside a go.work)", where, strings.Join(unexpanded, ", ")))
		case g.opaque() != "":
			unknowns = append(unknowns, fmt.Sprintf("%s passes -ldflags with %s, which this audit cannot expand: check that it injects version and commit with -X", where, g.opaque()))
		case version:
			ev = append(ev, g.noVCSAt...)
			warns = append(warns, where+" injects a version but no commit"+notMatched(skipped, p.main)+noStamp(g, readsBuildInfo))
		default:
			ev = append(ev, g.noVCSAt...)
			warns = append(warns, where+" injects no version or commit with -ldflags -X"+notMatched(skipped, p.main)+noStamp(g, readsBuildInfo))
		}
	}
	unread, unreadAt := a.b.buildsUnread(p.main, true)
	scripts, scriptsEv := a.b.scriptsUnread() // which may build it, as a runner call not read may
	switch {
	case len(fails) > 0 && len(fixes) == len(fails):
		return Result{Status: Fail, Message: strings.Join(append(fails, warns...), "; "), Evidence: ev, Fix: strings.Join(dedupe(fixes), " ")}
	case len(fails) > 0:
		return Result{Status: Fail, Message: strings.Join(append(fails, warns...), "; "), Evidence: ev, Fix: strings.Join(dedupe(append(fixes, "Point -X at a package-level string variable that exists (importpath.Name), or run "+fix)), " ")}
	case len(warns) > 0:
		return Result{Status: Warn, Message: strings.Join(warns, "; "), Evidence: ev, Fix: fix}
	case len(unknowns) > 0:
		return Result{Status: Unknown, Message: strings.Join(unknowns, "; "), Evidence: ev, Fix: fix}
	case n == 0 && len(readsBuildInfo) > 0:
		return Result{Status: Pass, Message: "no build file builds this package; the code reads debug.ReadBuildInfo", Evidence: readsBuildInfo}
	case n == 0 && a.unresolvedBuild(""):
		g := a.firstUnresolved("")
		return Result{Status: Unknown, Message: fmt.Sprintf("%s builds %s, which this audit cannot resolve with several services: check that the build of this package injects version and commit with -X", g.where(), g.unresolvedText()), Evidence: g.cmd.evidence(), Fix: fix}
	case n == 0 && a.unshipped(p, only) != "":
		return Result{Status: Unknown, Message: a.unshipped(p, only) + ": check that the build of the image that ships it injects version and commit with -X", Evidence: a.unshippedAt(p, only), builtElsewhere: true, Fix: fix}
	case n == 0 && (len(a.b.runnerCalls()) > 0 || scripts != ""):
		runners, ev := a.b.runnersUnread()
		parts := slices.DeleteFunc([]string{runners, scripts}, func(s string) bool { return s == "" })
		return Result{Status: Unknown, Message: "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package in the files read, and the code does not read debug.ReadBuildInfo; " + strings.Join(parts, "; ") + ": check that its build injects version and commit with -X", Evidence: append(ev, scriptsEv...), Fix: fix}
	case n == 0 && a.bazel():
		bazel, ev := a.b.bazelUnread()
		return Result{Status: Unknown, Message: "no Makefile, Dockerfile, GoReleaser, ko or CI go build of this package in the files read, and the code does not read debug.ReadBuildInfo; " + bazel + ": check that its go_binary sets version and commit with x_defs (and that the build stamps them)", Evidence: ev, builtElsewhere: true, Fix: "Set x_defs = {\"Version\": \"{STABLE_VERSION}\", \"Commit\": \"{STABLE_GIT_COMMIT}\"} on the go_binary and build with --stamp"}
	case n == 0 && unread != "":
		return Result{Status: Unknown, Message: "no Makefile, Dockerfile, GoReleaser, ko or CI go build of this package in the files read, and the code does not read debug.ReadBuildInfo; " + unread + ": check that its build injects version and commit with -X", Evidence: unreadAt, builtElsewhere: true, Fix: fix}
	case n == 0:
		return Result{Status: Warn, Message: "no Makefile, Dockerfile, GoReleaser, ko or CI build of this package, and the code does not read debug.ReadBuildInfo: a binary cannot tell its version", Evidence: []repo.Evidence{p.mainAt()}, Fix: fix, Missing: true}
	}
	msg := fmt.Sprintf("%d build(s) inject version and commit into variables that exist", n)
	if len(readsBuildInfo) > 0 {
		msg += ", or the code reads debug.ReadBuildInfo"
		ev = append(ev, readsBuildInfo...)
	}
	return Result{Status: Pass, Message: msg, Evidence: ev}
}

// gitCall matches a command substitution that runs git ($(git ...) or `git ...`,
// or Make's $(shell git ...)), with the subcommand or first option after it.
var gitCall = regexp.MustCompile("(?:\\$\\((?:shell\\s+)?|`)\\s*git\\s+(\\S+)")

// runsGit reports whether value, an -X value, takes its text from a git command
// that needs a repository (any but git version and git --version).
func runsGit(value string) bool {
	for _, m := range gitCall.FindAllStringSubmatch(value, -1) {
		if sub := strings.TrimRight(m[1], ")`"); sub != "version" && sub != "--version" {
			return true
		}
	}
	return false
}

// notMatched returns, for the -ldflags of a build that do not apply to main m
// (see goBuild.forMain), why the version or commit -X settings among them do not
// reach m's binary; "" when they hold none.
func notMatched(skipped []ldflagsArg, m *repo.Main) string {
	var out []string
	for _, a := range skipped {
		if slices.ContainsFunc((goBuild{ldflags: a.flags}).xflags(), func(x xflag) bool {
			return versionVar.MatchString(x.name) || commitVar.MatchString(x.name)
		}) {
			out = append(out, a.pattern)
		}
	}
	if len(out) == 0 {
		return ""
	}
	return fmt.Sprintf(": its -ldflags %s=... apply only to the packages the pattern matches, and %s is not one of them (the go command gives a main package the -ldflags without a pattern, or with one that matches it, such as all=): drop the pattern or write all=", strings.Join(out, "=... and "), m.Dir())
}

// noStamp returns, for a build whose code reads debug.ReadBuildInfo (reads not
// empty) but that turns VCS stamping off, why that is no evidence; else "".
func noStamp(g goBuild, reads []repo.Evidence) string {
	if len(reads) == 0 || g.noVCS == "" {
		return ""
	}
	how := ", and it builds with " + g.noVCS
	if !strings.HasPrefix(g.noVCS, "-") && !strings.HasPrefix(g.noVCS, "GOFLAGS=") {
		how = ", and " + g.noVCS
	}
	return how + ", so debug.ReadBuildInfo finds no commit (vcs.revision) and the version \"(devel)\""
}

// baseKind classifies a final image by its name: "static" (scratch, distroless
// static, Chainguard static), "toolchain" (a Go image), "libc" (distroless base or
// cc, Chainguard glibc-dynamic), "os" (a distribution, or an image of a language
// runtime or server built on one), or "" when the name does not tell (an image this
// audit does not know, or a reference left to a build argument). Distroless and
// Chainguard images are known by their path whatever the registry (a mirror,
// docker.io/chainguard/static), and others by the last element of the path.
func baseKind(image string) string {
	name, _, _ := strings.Cut(image, "@")
	tag := ""
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, tag = name[:i], name[i+1:]
	}
	if name == "scratch" {
		return "static"
	}
	parts := strings.Split(name, "/")
	last, owner := parts[len(parts)-1], ""
	if len(parts) > 1 {
		owner = parts[len(parts)-2]
	}
	switch {
	case strings.Contains(last, "$"):
	case owner == "distroless" && strings.HasPrefix(last, "static"), owner == "chainguard" && last == "static":
		return "static"
	case last == "golang", owner == "chainguard" && last == "go":
		return "toolchain"
	case owner == "distroless" && (strings.HasPrefix(last, "base") || strings.HasPrefix(last, "cc")), owner == "chainguard" && last == "glibc-dynamic":
		return "libc" // a C library and nothing else of an OS: what a cgo binary needs
	case owner == "distroless", slices.Contains(osImages, last), strings.Contains(tag, "alpine"):
		return "os"
	}
	return ""
}

// osImages are the last elements of the names of images that carry an OS: Linux
// distributions, and the images of language runtimes and servers built on one.
var osImages = []string{
	"alpine", "debian", "ubuntu", "busybox", "fedora", "centos", "rockylinux", "almalinux", "oraclelinux", "amazonlinux", "archlinux", "photon", "clearlinux",
	"ubi", "ubi-minimal", "ubi-micro", "ubi8", "ubi8-minimal", "ubi8-micro", "ubi9", "ubi9-minimal", "ubi9-micro", "ubi10", "ubi10-minimal", "ubi10-micro",
	"leap", "tumbleweed", "bci-base", "bci-minimal", "bci-micro", "wolfi-base", "buildpack-deps",
	"node", "python", "ruby", "php", "perl", "openjdk", "eclipse-temurin", "amazoncorretto", "nginx", "httpd", "caddy", "haproxy",
}

// dockerBuild is a go build in a Dockerfile with the environment it runs in.
type dockerBuild struct {
	goBuild
	cgoOff bool
	// noCompiler is set when CGO_ENABLED is unset and the stage has no C compiler (a
	// golang alpine image that installs none): the go command turns cgo off itself.
	noCompiler bool
	// stage is the image the build runs in, and libc its C library (see libcOf).
	stage, libc string
	// cgoFrom names the build argument CGO_ENABLED is set from when the docker
	// build takes its value from the environment: the value is unknown.
	cgoFrom string
	// cgoUnsure is set when CGO_ENABLED may be 0 and may be not, as a command of
	// the build's script that this audit cannot tell runs sets it (see cgoOffOf).
	cgoUnsure bool
}

// cgoOffOf returns whether v, the CGO_ENABLED a build runs with (see buildEnv),
// turns cgo off: every value it may have is 0 (off), or some may be and some not
// (unsure), or its values are not known (unsure).
func cgoOffOf(v string) (off, unsure bool) {
	values, start, ok := possibleValues(v)
	zero := slices.Contains(values, "0")
	switch {
	case !ok:
		return false, true
	case zero && !start && !slices.ContainsFunc(values, func(x string) bool { return x != "0" }):
		return true, false
	}
	return false, zero
}

// linksGlibc reports whether b may link glibc: built with cgo on where a C compiler
// is, without -tags netgo,osusergo, in an image built on glibc.
func linksGlibc(b dockerBuild) bool {
	return !b.cgoOff && !b.noCompiler && !b.pureGoTags() && b.libc == "glibc"
}

// unsureUnread returns the script that b's go build runs after and this audit
// cannot read (see exportLog.unread), when that is what leaves its CGO_ENABLED
// unknown: none of its own command line, nil otherwise.
func unsureUnread(b *dockerBuild) *unreadScript {
	if _, set := b.cmd.env["CGO_ENABLED"]; set {
		return nil
	}
	if u, ok := b.cmd.exports.unreadScript(); ok {
		return &u
	}
	return nil
}

// libcOf returns the C library an image is built on, as far as its name tells:
// "musl" for Alpine, "glibc" for the golang, Debian, Ubuntu, Red Hat family and
// distroless libc images, "" when the name does not tell.
func libcOf(image string) string {
	name, _, _ := strings.Cut(image, "@")
	tag := ""
	if i := strings.LastIndex(name, ":"); i > strings.LastIndex(name, "/") {
		name, tag = name[:i], name[i+1:]
	}
	base := name[strings.LastIndex(name, "/")+1:]
	switch {
	case base == "alpine" || strings.Contains(tag, "alpine"):
		return "musl"
	case slices.Contains([]string{"golang", "debian", "ubuntu", "fedora", "centos", "rockylinux", "almalinux", "ubi", "ubi-minimal", "ubi8", "ubi9", "amazonlinux"}, base),
		baseKind(image) == "libc":
		return "glibc"
	}
	return ""
}

// bazel reports whether the repository builds with Bazel (see bazelUnread): a
// package with no build this audit reads may be built there.
func (a *auditor) bazel() bool {
	s, _ := a.b.bazelUnread()
	return s != ""
}

func (a *auditor) checkStaticImage(p *program) Result {
	fix := "gonew-prod add docker: a multi-stage Dockerfile building with CGO_ENABLED=0 into FROM scratch, run as a non-root user."
	only := a.services == 1
	var fails, warns, unknowns, cgoImages []string
	var ev []repo.Evidence
	needs := p.cgoNeeds(true)
	if len(needs) > 0 {
		fix = upperFirst(cgoAdvice(needs[0])) + "."
	}
	n := 0
	images := a.shippedImages(p)
	for _, shipped := range images {
		df, final, builds := shipped.df, shipped.final, shipped.builds
		n++
		if shipped.call != nil && shipped.call.argsUnread {
			continue // its build arguments may set what is judged here: unknown, below
		}
		image := final.root()
		kind := baseKind(image.base)
		ev = append(ev, final.from)
		which := "final stage"
		if final != df.final() {
			which = "stage " + final.name + ", built with --target,"
		}
		with := ""
		if len(shipped.args) > 0 {
			var args []string
			for _, a := range shipped.args {
				args = append(args, a.String())
			}
			with = fmt.Sprintf(", with %s at %s:%d", strings.Join(args, " "), shipped.call.at.File, shipped.call.at.Line)
			ev = append(ev, shipped.call.at)
		}
		name := fmt.Sprintf("%s (%s FROM %s%s)", df.path, which, final.base, with)
		if image != final {
			ev = append(ev, image.from)
			name = fmt.Sprintf("%s (%s FROM %s, built on %s%s)", df.path, which, final.base, image.base, with)
		}
		if arg := df.fromEnvIn(image.base); arg != "" {
			unknowns = append(unknowns, fmt.Sprintf("%s: the base image is set from the build argument %s, which the docker build at %s:%d takes from the environment: check the image it names by hand", name, arg, shipped.call.at.File, shipped.call.at.Line))
			continue
		}
		// mayRun are the builds that this audit cannot tell run (see command.unsure)
		// and that would FAIL the image: in a static one, with cgo on (CGO_ENABLED
		// neither 0 nor unsure: see dockerBuild.cgoUnsure) where a C compiler is,
		// without -tags netgo,osusergo or a static link; in a musl one, linking glibc.
		// Set aside, they make the verdict UNKNOWN unless a build that surely runs
		// decides it; none is the image without a build, sure or not.
		var mayRun []dockerBuild
		if kind == "static" || kind == "os" && libcOf(image.base) == "musl" {
			builds = slices.DeleteFunc(slices.Clone(builds), func(b dockerBuild) bool {
				fails := !b.cgoOff && !b.cgoUnsure && !b.noCompiler && !b.pureGoTags() && !b.linksStatic(len(needs) > 0)
				if kind != "static" {
					fails = linksGlibc(b)
				}
				if b.cmd.unsure != nil && fails {
					mayRun = append(mayRun, b)
					ev = append(ev, b.cmd.evidence()...)
					return true
				}
				return false
			})
		}
		none := len(builds) == 0 && len(mayRun) == 0
		cgoOff, noCompiler, pureGo := len(builds) > 0, len(builds) > 0, len(builds) > 0
		var cgo []repo.CgoNeed // the needs some build of the image compiles, each with its own -tags
		glibcBuild := ""       // the image of a build that may link glibc
		cgoFrom := ""          // a build argument from the environment that sets CGO_ENABLED
		// unsure is the first build whose CGO_ENABLED may be 0 or not (see
		// dockerBuild.cgoUnsure), and sureOn is set for a build it is not 0 for.
		var unsure *dockerBuild
		sureOn := false
		// linked is set when every build with cgo on links the binary statically
		// (-extldflags -static), and staticGlibc names the glibc image of one that
		// does so without -tags netgo,osusergo.
		linked, staticGlibc := len(builds) > 0, ""
		for _, b := range builds {
			if cgoFrom == "" {
				cgoFrom = b.cgoFrom
			}
			ev = append(ev, b.cmd.evidence()...)
			cgoOff = cgoOff && b.cgoOff
			if b.cgoUnsure && unsure == nil {
				unsure = &b
			}
			sureOn = sureOn || !b.cgoOff && !b.cgoUnsure
			noCompiler = noCompiler && (b.cgoOff || b.noCompiler)
			pureGo = pureGo && (b.cgoOff || b.noCompiler || b.pureGoTags())
			if b.cgoOff { // CGO_ENABLED=0 leaves out the files that need the cgo tag
				cgo = addNeeds(cgo, a.needsWithoutCgo(needs, b.platform()))
			} else {
				cgo = addNeeds(cgo, needs)
			}
			static := b.linksStatic(len(needs) > 0)
			linked = linked && (b.cgoOff || static)
			if linksGlibc(b) && glibcBuild == "" {
				glibcBuild = b.stage
				if static && staticGlibc == "" {
					staticGlibc = b.stage
				}
			}
		}
		var released *setting            // the CGO_ENABLED=1 of a GoReleaser build of the image
		var releasedUnset *releasedBuild // a GoReleaser build of the image that leaves CGO_ENABLED unknown
		rels := a.releasedInto(df.path, p.main, only)
		if none { // GoReleaser's builds are those of its images, if any
			cgoOff = len(rels) > 0
			for _, r := range rels {
				switch {
				case r.cgo != nil && r.cgo.value == "0":
					cgo = addNeeds(cgo, a.needsWithoutCgo(needs, r.g.platform()))
					ev = append(ev, r.cgo.at) // the env line that sets CGO_ENABLED=0, not the flags
				case r.cgo != nil && r.cgo.value == "1" && released == nil:
					released, cgoOff = r.cgo, false
					ev = append(ev, r.cgo.at)
				case releasedUnset == nil && released == nil:
					releasedUnset, cgoOff = &r, false
				}
			}
		}
		if none && released == nil && releasedUnset != nil && kind == "static" {
			at, how := releasedUnset.g.cmd.at, "without CGO_ENABLED, which leaves cgo to the go command's default (on where a C compiler is found)"
			if s := releasedUnset.cgo; s != nil {
				at, how = s.at, fmt.Sprintf("with %s=%s, a value this audit cannot read", s.key, s.value)
			}
			ev = append(ev, at)
			warns = append(warns, fmt.Sprintf("%s: the binary is built by GoReleaser (%s:%d) %s, so it may link libc, which the final image lacks; set CGO_ENABLED=0 in the build's env", name, at.File, at.Line, how))
			continue
		} else if none && len(rels) == 0 {
			if g, ok := a.cgoOffElsewhere(p.main, only); ok {
				cgoOff = true
				cgo = a.needsWithoutCgo(needs, g.platform())
				ev = append(ev, g.cmd.at)
			} else if scripts := a.b.scriptRuns(df); kind == "static" && len(scripts) > 0 {
				c := scripts[0]
				unknowns = append(unknowns, fmt.Sprintf("%s: the binary may be built by %s, which %s:%d runs and this audit does not read: check that it builds with CGO_ENABLED=0", name, a.b.repoScript(c), c.at.File, c.at.Line))
				ev = append(ev, c.evidence()...)
				continue
			} else if kind == "static" {
				warns = append(warns, name+": the binary is built outside the Dockerfile and no build found sets CGO_ENABLED=0")
				continue
			}
		}
		if none && !cgoOff {
			cgo = needs
		}
		switch {
		case kind == "toolchain":
			fails = append(fails, name+": the final image is the Go toolchain image, hundreds of MB with a compiler and shell")
		case cgoFrom != "":
			unknowns = append(unknowns, fmt.Sprintf("%s: CGO_ENABLED is set from the build argument %s, which the docker build at %s:%d takes from the environment: check that it is 0", name, cgoFrom, shipped.call.at.File, shipped.call.at.Line))
		case len(cgo) > 0 && kind == "static" && cgoOff:
			fails = append(fails, fmt.Sprintf("%s: the code needs cgo (%s) but is built with CGO_ENABLED=0: %s", name, cgo[0].Reason, cgoAdvice(cgo[0])))
			ev = append(ev, cgo[0].At)
		case kind == "static" && !cgoOff && linked && staticGlibc != "":
			warns = append(warns, fmt.Sprintf("%s: the binary is linked statically (-extldflags -static) against glibc in %s, whose user and host lookups (NSS) still load shared libraries at run time, which the final image lacks; add -tags netgo,osusergo or build in golang:alpine (musl)", name, staticGlibc))
		case kind == "static" && !cgoOff && linked:
			// libc is inside the binary: nothing of the image is needed
		case len(cgo) > 0 && kind == "static":
			fails = append(fails, fmt.Sprintf("%s: the binary links libc for cgo (%s), which %s lacks: %s", name, cgo[0].Reason, image.base, cgoAdvice(cgo[0])))
			ev = append(ev, cgo[0].At)
		case len(cgo) > 0 && kind == "libc" && !cgoOff:
			cgoImages = append(cgoImages, fmt.Sprintf("%s: the code needs cgo (%s), and the final image is a minimal libc image", name, cgo[0].Reason))
			ev = append(ev, cgo[0].At)
		case kind == "" && dockerVar.MatchString(image.base):
			unknowns = append(unknowns, fmt.Sprintf("%s: the base image is left to the build argument %s, which has no value in the files read (no default, and no docker build read passes it): check the image it names by hand", name, dockerVar.FindStringSubmatch(image.base)[1]))
		case kind == "":
			unknowns = append(unknowns, fmt.Sprintf("%s: %s is not an image this audit knows by name (scratch, distroless or Chainguard static under any registry, a distribution or language image): check by hand that it holds nothing but the binary, as scratch and gcr.io/distroless/static do", name, image.base))
		case len(cgo) > 0:
			warns = append(warns, fmt.Sprintf("%s: the image carries a libc because the code needs cgo (%s): %s", name, cgo[0].Reason, cgoAdvice(cgo[0])))
			ev = append(ev, cgo[0].At)
		case kind == "static" && none && released != nil:
			fails = append(fails, fmt.Sprintf("%s: the binary is built by GoReleaser with %s=%s (%s:%d), so it links libc, which the final image lacks", name, released.key, released.value, released.at.File, released.at.Line))
		case kind == "static" && !cgoOff && noCompiler:
			warns = append(warns, name+": the binary is static only because the build image has no C compiler (the go command then turns cgo off); set CGO_ENABLED=0 so that installing one later does not link libc")
		case kind == "static" && !cgoOff && pureGo:
			warns = append(warns, name+": the binary is static only because -tags netgo,osusergo keep net and os/user off cgo and no package this audit reads imports \"C\"; a dependency that uses cgo would still link libc, which the final image lacks: set CGO_ENABLED=0, which makes such a dependency fail the build instead")
		case kind == "static" && unsure != nil && !sureOn && unsureUnread(unsure) != nil:
			u := unsureUnread(unsure)
			why := u.why
			if why == "" {
				why = "a script that this audit cannot tie to a file of the build context (an earlier RUN or a copy from an image may write it)"
			}
			unknowns = append(unknowns, fmt.Sprintf("%s: the go build at %s:%d runs after `%s` (%s:%d), %s, which may set or unset CGO_ENABLED: check that it is 0 there", name, unsure.cmd.at.File, unsure.cmd.at.Line, u.call, u.at.File, u.at.Line, why))
			ev = append(ev, u.at)
		case kind == "static" && unsure != nil && !sureOn:
			unknowns = append(unknowns, fmt.Sprintf("%s: the go build at %s:%d may run with CGO_ENABLED=0 and may not, as a command of its script that this audit cannot tell runs (in a branch, a loop or a function's body, after || or &&), or a Makefile's assignment under a conditional it cannot evaluate, sets or unsets it: check that it is 0 there", name, unsure.cmd.at.File, unsure.cmd.at.Line))
		case kind == "static" && len(mayRun) > 0 && !sureOn:
			b := mayRun[0]
			unknowns = append(unknowns, fmt.Sprintf("%s: the go build at %s:%d builds without CGO_ENABLED=0, so it may link libc, which the final image lacks, but this audit cannot tell it runs: %s; check which build makes the binary, and build it with CGO_ENABLED=0", name, b.cmd.at.File, b.cmd.at.Line, b.cmd.unsure.why))
			ev = append(ev, b.cmd.unsure.at)
		case kind == "static" && !cgoOff:
			fails = append(fails, name+": the binary is built without CGO_ENABLED=0, so it may link libc, which the final image lacks (net and os/user use cgo by default)")
		case kind == "os" && glibcBuild != "" && libcOf(image.base) == "musl":
			fails = append(fails, fmt.Sprintf("%s: the binary is built in %s without CGO_ENABLED=0, so it may link glibc (net and os/user use cgo by default), which %s (musl) lacks: the binary then cannot start there", name, glibcBuild, image.base))
		case kind == "os" && len(mayRun) > 0:
			b := mayRun[0]
			unknowns = append(unknowns, fmt.Sprintf("%s: the go build at %s:%d, in %s without CGO_ENABLED=0, may link glibc, which %s (musl) lacks, but this audit cannot tell it runs: %s; check which build makes the binary, and build it with CGO_ENABLED=0", name, b.cmd.at.File, b.cmd.at.Line, b.stage, image.base, b.cmd.unsure.why))
			ev = append(ev, b.cmd.unsure.at)
		case kind == "os":
			warns = append(warns, name+": the final image carries an OS the static binary does not need; use scratch or gcr.io/distroless/static")
		case kind == "libc":
			warns = append(warns, name+": the final image carries a C library the binary does not need (the code needs no cgo); use scratch or gcr.io/distroless/static with CGO_ENABLED=0")
		}
		if kind == "static" && !strings.Contains(image.base, "debug") && !strings.Contains(image.base, "-dev") {
			for _, c := range final.commands() {
				what := "the container cannot start"
				if c.name == "HEALTHCHECK" {
					what = "the health check can never pass"
				}
				if runsShell(c.args) {
					fails = append(fails, fmt.Sprintf("%s: %s at %s:%d runs /bin/sh (shell form), which %s lacks: %s; write it in exec form ([\"/binary\", \"arg\"])", name, c.name, c.at.File, c.at.Line, image.base, what))
					ev = append(ev, c.at)
				} else if prog := final.missingProgram(c); prog != "" {
					fails = append(fails, fmt.Sprintf("%s: %s at %s:%d runs %s, which no COPY or ADD puts into %s, an image with no programs of its own: %s; run the service's own binary (for a health check, a subcommand of it that calls the health endpoint)", name, c.name, c.at.File, c.at.Line, prog, image.base, what))
					ev = append(ev, c.at)
				} else if sc, ok := df.script(a.r, final, c); ok && len(sc.interp) > 0 && !final.holdsCopied(sc.interp[0]) {
					fails = append(fails, fmt.Sprintf("%s: %s at %s:%d runs the script %s, whose #! line names %s, which %s lacks (the kernel cannot start the script without it: \"no such file or directory\"): %s; run the service's own binary in exec form ([\"/binary\", \"arg\"]), with what the script does done by the binary or by the build", name, c.name, c.at.File, c.at.Line, sc.file, sc.interp[0], image.base, what))
					ev = append(ev, c.at, a.r.At(sc.file, 1))
				}
			}
		}
		if cmd, ok := final.shellArgs(); ok {
			entry, _ := final.start("ENTRYPOINT")
			warns = append(warns, fmt.Sprintf("%s: CMD at %s:%d is in shell form after the exec-form ENTRYPOINT at %s:%d: Docker passes it to the entrypoint as the arguments /bin/sh -c %q, not as the arguments written; write the CMD in exec form with the entrypoint's arguments only (CMD [\"serve\"])", name, cmd.at.File, cmd.at.Line, entry.at.File, entry.at.Line, cmd.args))
			ev = append(ev, cmd.at)
		}
		who, file := final.userNotFound()
		if image.base == "scratch" && final.runsAsRoot() && who == "" {
			why := "no USER"
			if u := final.lastUser(); u != nil {
				why = fmt.Sprintf("USER %s (%s:%d)", u.user, u.userAt.File, u.userAt.Line)
			}
			warns = append(warns, name+": "+why+", so the process runs as root (uid 0); copy a passwd entry from the build stage and set USER 65532:65532")
		}
		if image.base == "scratch" && who != "" {
			u := final.lastUser()
			kind := "user"
			if file == "/etc/group" {
				kind = "group"
			}
			fails = append(fails, fmt.Sprintf("%s: USER %s (%s:%d) names the %s %s, which the runtime looks up in %s, but scratch has none and no COPY or ADD puts one in: the container cannot start (\"unable to find %s %s\"); use a numeric USER (65532:65532) or copy %s from the build stage", name, u.user, u.userAt.File, u.userAt.Line, kind, who, file, kind, who, file))
			ev = append(ev, u.userAt)
		}
		if image.base == "scratch" && !final.inherits(func(s *stage) bool { return s.caCerts }) && len(p.importsOf("golang.org/x/crypto/x509roots/fallback")) == 0 {
			warns = append(warns, name+": no CA certificates are copied into scratch, so outbound TLS fails with \"certificate signed by unknown authority\"; COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ (or import golang.org/x/crypto/x509roots/fallback)")
		}
	}
	for _, c := range a.unreadBuilds(p, true) {
		if msg := fmt.Sprintf("the image build at %s:%d: %s; check the stage and build arguments of its image by hand", c.at.File, c.at.Line, c.unread); !slices.Contains(unknowns, msg) {
			unknowns = append(unknowns, msg)
			ev = append(ev, c.at)
		}
	}
	unread, unreadAt := a.b.buildsUnread(p.main, false) // an image needs a build file, not a CI only
	var koResult Result
	ko := false
	if n == 0 {
		koResult, ko = a.koImage(p, needs, only)
	}
	switch {
	case len(fails) > 0:
		return Result{Status: Fail, Message: strings.Join(append(fails, warns...), "; "), Evidence: ev, Fix: fix}
	case len(warns) > 0:
		return Result{Status: Warn, Message: strings.Join(warns, "; "), Evidence: ev, Fix: fix}
	case len(unknowns) > 0:
		return Result{Status: Unknown, Message: strings.Join(unknowns, "; "), Evidence: ev, Fix: fix}
	case n == 0 && a.unresolvedBuild("Dockerfile"):
		g := a.firstUnresolved("Dockerfile")
		return Result{Status: Unknown, Message: fmt.Sprintf("%s:%d builds %s, which this audit cannot resolve with several services: check the image of this package by hand", g.cmd.at.File, g.cmd.at.Line, g.unresolvedText()), Evidence: g.cmd.evidence(), Fix: fix}
	case n == 0 && ko:
		return koResult
	case n == 0 && a.bazel():
		bazel, ev := a.b.bazelUnread()
		return Result{Status: Unknown, Message: "no Dockerfile builds this package; " + bazel + ": check that its image (rules_oci) is built on a static base from a go_binary with pure = \"on\"", Evidence: ev, builtElsewhere: true, Fix: "Build the image with oci_image on a distroless static base from a go_binary with pure = \"on\" (CGO off)"}
	case n == 0 && unread != "":
		return Result{Status: Unknown, Message: "no Dockerfile builds this package; " + unread + ": check by hand that its image is static and the binary built with CGO_ENABLED=0", Evidence: unreadAt, builtElsewhere: true, Fix: fix}
	case n == 0:
		if u := a.unshipped(p, only); u != "" {
			return Result{Status: Unknown, Message: u + ": check by hand that the image that ships it is static and built with CGO_ENABLED=0", Evidence: a.unshippedAt(p, only), builtElsewhere: true, Fix: fix}
		}
		if r, ok := a.declined(p.main.Dir(), "docker", "container image"); ok {
			return r
		}
		return Result{Status: Warn, Message: "no Dockerfile builds this package", Evidence: []repo.Evidence{p.mainAt()}, Fix: fix, Missing: true}
	case len(cgoImages) > 0:
		msg := strings.Join(cgoImages, "; ")
		if alt := needs[0].Alternative; alt != "" {
			msg += " (the pure-Go " + alt + " would allow a static binary in scratch)"
		}
		return Result{Status: Pass, Message: msg, Evidence: ev}
	}
	return Result{Status: Pass, Message: "the final image is static and the binary is built with CGO_ENABLED=0" + a.unbuiltNote(), Evidence: ev}
}

// unbuiltNote names the Dockerfiles that no docker build read builds (see
// markUnbuilt), which are not judged, for a PASS: "" when there are none.
func (a *auditor) unbuiltNote() string {
	var names []string
	built := ""
	for _, df := range a.b.dockerfiles {
		if df.unbuilt != "" {
			names, built = append(names, df.path), df.unbuilt
		}
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf(" (not judged: %s, which no docker build read builds; those read build %s)", strings.Join(names, ", "), built)
}

// cgoWrappers are packages that need cgo through a module they import, with that
// module and the pure-Go replacement.
var cgoWrappers = []struct{ pkg, uses, alternative string }{
	{"gorm.io/driver/sqlite", "github.com/mattn/go-sqlite3", "github.com/glebarez/sqlite (a gorm driver on modernc.org/sqlite)"},
	{"github.com/golang-migrate/migrate/v4/database/sqlite3", "github.com/mattn/go-sqlite3", "github.com/golang-migrate/migrate/v4/database/sqlite (modernc.org/sqlite)"},
}

// CgoNeeds returns why the program of m needs cgo, as the static-image check judges
// it (see cgoNeeds), for add to build its Dockerfile, gonew-prod.mk and CI with: the
// reasons name no go.mod line, which moves as go.mod changes. It reads the imports of
// m's program, which r holds whether or not it has parsed the files whole, and loads
// none.
func CgoNeeds(r *repo.Repo, m *repo.Main) []repo.CgoNeed {
	return newIndex(r, m.Program, nil).view(m).cgoNeeds(false)
}

// cgoNeeds returns why p needs cgo: the packages the repository package discovery
// knows, then the imports of packages that need cgo through a module they import,
// named, when requiredAt is set, with the go.mod line that requires that module
// (// indirect included) when there is one.
func (p *program) cgoNeeds(requiredAt bool) []repo.CgoNeed {
	needs := slices.Clone(p.main.Cgo)
	for _, w := range cgoWrappers {
		sites := p.imports[w.pkg]
		if len(sites) == 0 {
			continue
		}
		reason := fmt.Sprintf("%s, which uses %s", w.pkg, w.uses)
		if m := p.main.Package.Module; m != nil && requiredAt {
			for _, req := range m.Requires {
				if req.Path == w.uses {
					reason += fmt.Sprintf(", required at %s:%d", path.Join(m.Dir, "go.mod"), req.Line)
				}
			}
		}
		needs = append(needs, repo.CgoNeed{Reason: reason, Alternative: w.alternative, At: p.at(sites[0].node)})
	}
	return needs
}

// needsWithoutCgo returns the cgo needs whose file build compiles with
// CGO_ENABLED=0 (the cgo tag false), and those of a file left out only because it
// imports "C" (the go command leaves it out then) whose package has no pure-Go
// fallback for it: that build fails.
func (a *auditor) needsWithoutCgo(needs []repo.CgoNeed, build repo.Build) []repo.CgoNeed {
	off := false
	build.Cgo = &off
	var out []repo.CgoNeed
	for _, n := range needs {
		src, _ := a.r.ReadFile(n.At.File)
		if compiles, known, _ := build.Compiles(n.At.File, src); compiles || !known ||
			build.LeavesOutForCgo(n.At.File, src) && !a.cgoFallback(n.At.File, src, build) {
			out = append(out, n)
		}
	}
	return out
}

// cgoAdvice names the way out of a cgo need.
func cgoAdvice(c repo.CgoNeed) string {
	if c.Alternative != "" {
		return fmt.Sprintf("switch to the pure-Go %s and keep CGO_ENABLED=0 and scratch, or build with CGO_ENABLED=1 into a libc image such as gcr.io/distroless/base-debian12", c.Alternative)
	}
	return "build with CGO_ENABLED=1 into a libc image such as gcr.io/distroless/base-debian12"
}

// shippedImage is a stage of a Dockerfile that is shipped as an image (its final
// stage, or one built with --target) and that runs the package's binary, with the
// go builds of the Dockerfile that build it.
type shippedImage struct {
	df     *dockerfile
	final  *stage
	builds []dockerBuild
	// args are the build arguments that the docker build at call sets, which the
	// Dockerfile declares; df is read with them.
	args []buildArg
	call *dockerCall
}

// shippedImages returns the images of the repository's Dockerfiles that ship the
// binary of p's main package: those whose Dockerfile builds it, or, when it is the
// only service, builds no other main package and runs a program it copies (a
// binary built elsewhere). A stage whose FROM names no image
// is left out. They are read once for each main package.
func (a *auditor) shippedImages(p *program) []shippedImage {
	if images, ok := a.images[p.main]; ok {
		return images
	}
	only := a.services == 1
	calls := a.b.calls
	var out []shippedImage
	for _, plain := range a.b.dockerfiles {
		for _, sh := range plain.shipped(calls) {
			df, final := plain, sh.stage
			builds, other := a.dockerBuilds(df, final, p.main, only)
			if len(sh.args) > 0 { // read with the build's arguments, kept when they change the image
				wdf := parseDockerfileWith(a.r, plain.path, plain.contexts, sh.args)
				wfinal := wdf.stages[final.index]
				wbuilds, wother := a.dockerBuilds(wdf, wfinal, p.main, only)
				if sameImage(final, wfinal, builds, wbuilds) && other == wother {
					sh.args = nil
				} else {
					df, final, builds, other = wdf, wfinal, wbuilds, wother
				}
			}
			if final.root().base == "" || slices.ContainsFunc(out, func(im shippedImage) bool { return im.final == final }) {
				continue // no image, or one read already (a build's arguments changed nothing)
			}
			if len(builds) == 0 && (other || !only || !final.runsCopied()) {
				continue // builds another program, or none and runs what its base image holds
			}
			out = append(out, shippedImage{df: df, final: final, builds: builds, args: sh.args, call: sh.call})
		}
	}
	if a.images == nil {
		a.images = map[*repo.Main][]shippedImage{}
	}
	a.images[p.main] = out
	return out
}

// unreadBuilds returns the bake and compose builds whose files do not tell the
// stage they build, or with args its build arguments either, of an image that may
// ship p's binary: one of an unknown Dockerfile or of that of a shipped image.
func (a *auditor) unreadBuilds(p *program, args bool) []dockerCall {
	images := a.shippedImages(p)
	var out []dockerCall
	for _, c := range a.b.calls {
		if c.unread == "" || c.argsUnread && !args || c.file != "" && !slices.ContainsFunc(images, func(im shippedImage) bool { return im.df.path == c.file }) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// sameImage reports whether two readings of a stage and the go builds of its
// Dockerfile give the checks the same image: base, stop signal, and each build's
// cgo setting, build image and tags.
func sameImage(s, t *stage, sb, tb []dockerBuild) bool {
	ssig, _, _ := s.stopSignal()
	tsig, _, _ := t.stopSignal()
	return s.root().base == t.root().base && ssig == tsig && slices.EqualFunc(sb, tb, func(x, y dockerBuild) bool {
		return x.cgoOff == y.cgoOff && x.cgoUnsure == y.cgoUnsure && x.noCompiler == y.noCompiler && x.cgoFrom == y.cgoFrom && x.stage == y.stage && x.libc == y.libc && slices.Equal(x.tags, y.tags)
	})
}

// dockerBuilds returns the go builds of df that build m (any go build when m is the
// only service) in the stages that building image, a stage of df, runs (see
// reached), with whether CGO_ENABLED=0 applies to each, and reports whether those
// stages build another main package instead.
func (a *auditor) dockerBuilds(df *dockerfile, image *stage, m *repo.Main, only bool) (out []dockerBuild, other bool) {
	reached := df.reached(image)
	for _, s := range df.stages {
		if !reached[s] {
			continue // a stage of another image (docker build --target dev), not of this one
		}
		for i := range s.runs {
			for _, c := range a.b.follow(s.inEnv(i)) { // RUN make build runs the Makefile's recipes
				g, ok := readGoBuild(c, "Dockerfile")
				if !ok || a.b.discards(g) {
					continue
				}
				if !g.builds(m, only) {
					other = true
					continue
				}
				if !df.holds(image, s, g, binaryName(m, only)) {
					continue // built, but the image takes its binary nowhere
				}
				cgo, ok := s.buildEnv(i, c, "CGO_ENABLED")
				g.cgo = s.cgoOn(i, c)
				off, unsure := cgoOffOf(cgo)
				out = append(out, dockerBuild{goBuild: g, cgoOff: off, cgoUnsure: unsure, noCompiler: !ok && s.noCompiler(&s.runs[i]), libc: libcOf(s.root().base), stage: s.root().base, cgoFrom: df.fromEnvIn(cgo)})
			}
		}
	}
	return out, other && len(out) == 0
}

// unshipped says where a Dockerfile builds p's package in a stage that no image a
// docker build read keeps is built from (see builds.unshipped), or "".
func (a *auditor) unshipped(p *program, only bool) string {
	g, stage, ok := a.b.unshipped(p.main, only)
	if !ok {
		if g, ok := a.untaken(p.main, only); ok {
			return fmt.Sprintf("%s:%d builds this package into %s, which no image a docker build read keeps takes (no COPY --from of that path into it, nor a stage it is built from)", g.cmd.at.File, g.cmd.at.Line, g.outPath)
		}
		return ""
	}
	if i := slices.IndexFunc(a.b.dockerfiles, func(df *dockerfile) bool { return df.path == g.cmd.at.File }); i >= 0 && a.b.dockerfiles[i].unbuilt != "" {
		return fmt.Sprintf("%s:%d builds this package only in %s, which no docker build read builds (those read build %s)", g.cmd.at.File, g.cmd.at.Line, g.cmd.at.File, a.b.dockerfiles[i].unbuilt)
	}
	return fmt.Sprintf("%s:%d builds this package only in stage %s, which no image is built from that a docker build read keeps (the last stage, or one it names with --target, and the stages those reach through FROM, COPY --from and RUN --mount from=)", g.cmd.at.File, g.cmd.at.Line, stage)
}

// unshippedAt is the evidence of unshipped.
func (a *auditor) unshippedAt(p *program, only bool) []repo.Evidence {
	g, _, ok := a.b.unshipped(p.main, only)
	if !ok {
		g, _ = a.untaken(p.main, only)
	}
	return g.cmd.evidence()
}

// binaryName is the file name go build gives m's binary in a directory (-o /out/):
// its directory's name, or "" when that is not told (the module's for the root, any
// go build's for the only service).
func binaryName(m *repo.Main, only bool) string {
	name := path.Base(m.Dir())
	if only || name == "." {
		return ""
	}
	return name
}

// untaken returns the first go build of m in a stage that an image a docker build
// keeps is built from (see dockerfile.used) whose binary that image does not hold
// (see dockerfile.holds): a stage building two programs, of which the image copies
// the other.
func (a *auditor) untaken(m *repo.Main, only bool) (goBuild, bool) {
	name := binaryName(m, only)
	for _, df := range a.b.dockerfiles {
		for _, sh := range df.shipped(a.b.calls) {
			reached := df.reached(sh.stage)
			for _, s := range df.stages {
				if !reached[s] {
					continue
				}
				for i := range s.runs {
					for _, c := range a.b.follow(s.inEnv(i)) {
						if g, ok := readGoBuild(c, "Dockerfile"); ok && !a.b.discards(g) && g.builds(m, only) && !df.holds(sh.stage, s, g, name) {
							return g, true
						}
					}
				}
			}
		}
	}
	return goBuild{}, false
}

// unresolvedBuild reports whether a go build of source ("" for any) leaves its
// package to a variable this audit cannot resolve, when there are several services
// (with one, such a build is taken to build it).
func (a *auditor) unresolvedBuild(source string) bool {
	return a.services > 1 && a.firstUnresolved(source).source != ""
}

// firstUnresolved returns the first go build of source ("" for any) whose package is
// left to a variable, or the zero goBuild.
func (a *auditor) firstUnresolved(source string) goBuild {
	for _, g := range a.b.goBuilds() {
		if g.unresolved() && (source == "" || g.source == source) {
			return g
		}
	}
	return goBuild{}
}

// koImage judges the image ko builds of this package (ok false when no ko build
// builds it): a build of a .ko.yaml, else a ko build (or publish) that CI runs
// naming the package, which ko builds with its defaults. The base image is the
// baseImageOverrides entry of the package, else the KO_DEFAULTBASEIMAGE of the
// environment CI runs ko with (ko reads its options with the KO_ prefix from the
// environment first), else defaultBaseImage, else ko's default,
// cgr.dev/chainguard/static; CGO_ENABLED is the build's env's, else that of the
// environment ko runs with, else 0, ko's default.
func (a *auditor) koImage(p *program, needs []repo.CgoNeed, only bool) (Result, bool) {
	calls := a.b.koCalls()
	var envBase, envCgo []setting // from the CI's environment of ko
	for _, k := range calls {
		envBase = append(envBase, k.env("KO_DEFAULTBASEIMAGE")...)
		envCgo = append(envCgo, k.env("CGO_ENABLED")...)
	}
	// base is the base image of ko's configuration; override is set when it is
	// one for the package (or a GoReleaser kos entry's), which the environment's
	// KO_DEFAULTBASEIMAGE does not replace.
	judge := func(base setting, override bool, g goBuild, at repo.Evidence, cgoSet *setting) Result {
		// The build, the env entry that sets CGO_ENABLED when one does (else ko's
		// default, 0, applies to the build), and the base image.
		ev := []repo.Evidence{at}
		cgo := "0"
		if cgoSet != nil {
			cgo = cgoSet.value
			ev = append(ev, cgoSet.at)
		} else if i := slices.IndexFunc(envCgo, func(s setting) bool { return s.value != "0" }); i >= 0 {
			cgo = envCgo[i].value
			ev = append(ev, envCgo[i].at)
		} else if len(envCgo) > 0 {
			ev = append(ev, envCgo[0].at)
		}
		from := ""
		if !override && len(envBase) > 0 {
			// the base that may carry most: one that is not static, if any
			i := max(0, slices.IndexFunc(envBase, func(s setting) bool { return baseKind(s.value) != "static" }))
			base = envBase[i]
			from = fmt.Sprintf(" (KO_DEFAULTBASEIMAGE in the environment CI runs ko with, %s:%d)", base.at.File, base.at.Line)
		}
		if base.at != at {
			ev = append(ev, base.at)
		}
		name := fmt.Sprintf("ko (%s:%d) builds the image on %s%s", at.File, at.Line, base.value, from)
		switch kind := baseKind(base.value); {
		case kind == "static" && cgo == "0" && len(a.needsWithoutCgo(needs, g.platform())) > 0:
			need := a.needsWithoutCgo(needs, g.platform())[0]
			return Result{Status: Fail, Message: fmt.Sprintf("%s with CGO_ENABLED=0, but the code needs cgo (%s): %s", name, need.Reason, cgoAdvice(need)), Evidence: append(ev, need.At), Fix: upperFirst(cgoAdvice(need)) + "."}
		case kind == "static" && cgo == "0":
			return Result{Status: Pass, Message: name + ", a static image, and builds with CGO_ENABLED=0", Evidence: ev}
		case kind == "static":
			return Result{Status: Fail, Message: name + " with CGO_ENABLED=" + cgo + ", so the binary may link libc, which that image lacks", Evidence: ev, Fix: "Leave CGO_ENABLED at ko's default (0) in the build's env."}
		case kind == "":
			return Result{Status: Unknown, Message: name + ", which is not an image this audit knows by name: check by hand that it holds nothing but the binary, as cgr.dev/chainguard/static (ko's default) and gcr.io/distroless/static do", Evidence: ev, Fix: "Set defaultBaseImage to cgr.dev/chainguard/static, or remove it to use ko's default."}
		default:
			return Result{Status: Warn, Message: name + ", which carries more than a static binary needs; use cgr.dev/chainguard/static (ko's default) or gcr.io/distroless/static", Evidence: ev, Fix: "Set defaultBaseImage (and KO_DEFAULTBASEIMAGE, where set) to cgr.dev/chainguard/static, or remove it to use ko's default."}
		}
	}
	// configured returns the base image the .ko.yaml c gives the package (nil c:
	// none, ko's default).
	configured := func(c *ciFile, at repo.Evidence) (setting, bool) {
		if c == nil {
			return setting{key: "defaultBaseImage", value: koBaseImage, at: at}, false
		}
		if o, found := c.baseImage[p.main.Package.ImportPath]; found {
			return o, true
		}
		return c.baseImage[""], false
	}
	for _, c := range a.b.releasers {
		for _, k := range c.kos {
			for i, cmd := range c.commands {
				rel := c.releases[i]
				if k.build != rel.id && (k.build != "" || len(c.commands) > 1) {
					continue
				}
				if k.main != "" {
					cmd.words = append(slices.Clone(cmd.words[:len(cmd.words)-1]), k.main)
				}
				if g, ok := readGoBuild(cmd, "ko"); ok && g.builds(p.main, only) {
					return judge(k.base, true, g, k.at, rel.cgo), true
				}
			}
		}
	}
	for _, c := range a.b.kos {
		for i, cmd := range c.commands {
			g, ok := readGoBuild(cmd, "ko")
			if !ok || !g.builds(p.main, only) {
				continue
			}
			base, override := configured(c, c.releases[i].at)
			return judge(base, override, g, c.releases[i].at, c.releases[i].cgo), true
		}
	}
	for _, k := range calls {
		if g, ok := k.goBuild(); ok && g.builds(p.main, only) {
			var c *ciFile // the .ko.yaml ko reads where it runs
			for _, kc := range a.b.kos {
				if path.Dir(kc.path) == k.cmd.dir {
					c = kc
				}
			}
			base, override := configured(c, k.cmd.at)
			return judge(base, override, g, k.cmd.at, nil), true
		}
	}
	return Result{}, false
}

// cgoOffElsewhere returns a Makefile, GoReleaser or CI build of m that sets
// CGO_ENABLED=0, for images that copy a binary built outside.
func (a *auditor) cgoOffElsewhere(m *repo.Main, only bool) (goBuild, bool) {
	for _, g := range a.b.goBuilds() {
		if cgo, _ := g.cmd.getenv("CGO_ENABLED"); g.source != "Dockerfile" && g.source != "ko" && g.builds(m, only) && cgo == "0" {
			return g, true
		}
	}
	return goBuild{}, false
}

// releasedBuild is a GoReleaser build and the env entry that sets its
// CGO_ENABLED (nil when it sets none).
type releasedBuild struct {
	g   goBuild
	cgo *setting
}

// releasedInto returns the GoReleaser builds of m whose binaries a dockers entry of
// the same file copies into the Dockerfile at df.
func (a *auditor) releasedInto(df string, m *repo.Main, only bool) []releasedBuild {
	var out []releasedBuild
	for _, c := range a.b.releasers {
		for i, rel := range c.releases {
			g, ok := readGoBuild(c.commands[i], "GoReleaser")
			if !ok || !g.builds(m, only) {
				continue
			}
			if slices.ContainsFunc(c.images, func(img releaseImage) bool {
				return img.dockerfile == df && (img.ids == nil || rel.id != "" && slices.Contains(img.ids, rel.id))
			}) {
				out = append(out, releasedBuild{g: g, cgo: rel.cgo})
			}
		}
	}
	return out
}

// addNeeds adds to needs the cgo needs of more it does not hold yet.
func addNeeds(needs, more []repo.CgoNeed) []repo.CgoNeed {
	for _, n := range more {
		if !slices.Contains(needs, n) {
			needs = append(needs, n)
		}
	}
	return needs
}

// linter reports whether c runs a Go linter: golangci-lint only as golangci-lint
// run (its fmt, version, cache, config and help lint nothing), and none of them
// when asked only for its version, help or the list of its checks.
func linter(c command) bool {
	tool, args := toolCall(c)
	if !slices.Contains([]string{"golangci-lint", "staticcheck", "revive"}, tool) {
		return false
	}
	if slices.ContainsFunc(args, func(w string) bool {
		flag, _, _ := strings.Cut(w, "=")
		return strings.HasPrefix(flag, "-") && slices.Contains([]string{"version", "debug.version", "h", "help", "explain", "list-checks"}, strings.TrimLeft(flag, "-"))
	}) {
		return false
	}
	return tool != "golangci-lint" || slices.Contains(args, "run")
}

// toolName returns the name of the program c runs: its command, or the tool that go
// run (a package at a version: go run honnef.co/go/tools/cmd/staticcheck@v0.8.2) or
// go tool (a tool directive of go.mod) runs, without its path and version.
func toolName(c command) string {
	tool, _ := toolCall(c)
	return tool
}

// toolCall returns toolName(c) and the arguments c gives that program.
func toolCall(c command) (string, []string) {
	tool, args := c.words[0], c.words[1:]
	if c.is("go", "run") || c.is("go", "tool") {
		tool, args = "", nil
		for i, w := range c.words[2:] {
			if !strings.HasPrefix(w, "-") { // the flags of go run (-mod=mod) come first
				tool, args = w, c.words[3+i:]
				break
			}
		}
	}
	tool, _, _ = strings.Cut(path.Base(tool), "@")
	return tool, args
}

// racePlatforms are the GOOS/GOARCH pairs the race detector supports, as Go 1.26's
// internal/platform.RaceDetectorSupported lists them: the go command refuses -race
// on any other ("-race is not supported on linux/386").
var racePlatforms = []string{"linux/amd64", "linux/arm64", "linux/loong64", "linux/ppc64le", "linux/riscv64", "linux/s390x", "darwin/amd64", "darwin/arm64", "freebsd/amd64", "netbsd/amd64", "windows/amd64"}

// raceRefused returns why the go command refuses the -race of c, a go test of the
// CI, so that it runs no test, with where the CI sets what makes it so and how to
// fix it; "" when it does not, as far as this audit can tell: CGO_ENABLED=0 in its
// environment (-race requires cgo); a GOOS or GOARCH there with which no platform
// of racePlatforms fits; or, where the environment sets none of those, a job image
// without a C compiler (see command.noCompiler), where the go command turns cgo off
// itself, or, with CGO_ENABLED=1 there, the build of runtime/cgo fails.
func (a *auditor) raceRefused(c command) (why, fix string, at []repo.Evidence) {
	cgo, cgoSet := c.runEnv("CGO_ENABLED")
	if cgoSet && cgo == "0" {
		// go: -race requires cgo; enable cgo by setting CGO_ENABLED=1
		return "CGO_ENABLED=0 in its environment: the go command refuses -race without cgo",
			"Set CGO_ENABLED=1 for the go test -race step (in its env:, or as CGO_ENABLED=1 go test -race): the go command refuses -race without cgo", a.b.ciSettingAt(c, "CGO_ENABLED", cgo)
	}
	goos, osSet := c.runEnv("GOOS")
	goarch, archSet := c.runEnv("GOARCH")
	osSet, archSet = osSet && goos != "", archSet && goarch != "" // empty is the default
	if osSet || archSet {
		if strings.ContainsAny(goos+goarch, "${}") || slices.ContainsFunc(racePlatforms, func(pl string) bool {
			o, arch, _ := strings.Cut(pl, "/")
			return (!osSet || o == goos) && (!archSet || arch == goarch)
		}) {
			return "", "", nil
		}
		var set []string
		for _, kv := range [][2]string{{"GOOS", goos}, {"GOARCH", goarch}} {
			if kv[1] != "" {
				set = append(set, kv[0]+"="+kv[1])
				at = append(at, a.b.ciSettingAt(c, kv[0], kv[1])...)
			}
		}
		return strings.Join(set, " and ") + " in its environment, on which the race detector does not run (it runs on " + strings.Join(racePlatforms, ", ") + "): the go command refuses -race",
			"Run go test -race without GOOS and GOARCH set to a platform the race detector does not support (" + strings.Join(racePlatforms, ", ") + "), and test that platform without -race in a job of its own", at
	}
	const ccFix = "Install a C compiler in the job before go test -race (apk add --no-cache build-base), or run it in a golang image built on Debian (golang:1.26), which ships gcc"
	if img := c.noCompiler; img != nil && !cgoSet {
		return "it runs in " + img.value + ", which has no C compiler, and no command of the job before it installs one: the go command turns cgo off there and refuses -race",
			ccFix, []repo.Evidence{img.at}
	}
	if img := c.noCompiler; img != nil && cgo == "1" {
		// # runtime/cgo: cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH
		return "CGO_ENABLED=1 in its environment, while it runs in " + img.value + ", which has no C compiler, and no command of the job before it installs one: the build of the race detector's cgo fails, C compiler \"gcc\" not found",
			ccFix, append([]repo.Evidence{img.at}, a.b.ciSettingAt(c, "CGO_ENABLED", cgo)...)
	}
	return "", "", nil
}

func (a *auditor) checkCI() Result {
	fix := "gonew-prod add ci: a workflow running go mod verify, go vet, golangci-lint, go test -race and the build."
	var unread []repo.Evidence
	for _, f := range a.b.unreadCI {
		unread = append(unread, a.r.At(f, 1))
	}
	if len(a.b.ci) == 0 {
		if len(unread) > 0 {
			return Result{Status: Unknown, Message: strings.Join(a.b.unreadCI, ", ") + " could not be read: check by hand that CI runs go vet, go test -race and a linter", Evidence: unread, Fix: fix}
		}
		if len(a.b.otherCI) > 0 {
			return Result{Status: Unknown, Message: "this CI is not read (GitHub Actions and GitLab CI are): check by hand that it runs go vet, go test -race and a linter", Evidence: []repo.Evidence{a.r.At(a.b.otherCI[0].Path, 1)}, Fix: fix}
		}
		if r, ok := a.declined(a.under, "ci", "CI"); ok {
			return r
		}
		if len(a.b.uncalledCI) > 0 {
			var at []repo.Evidence
			for _, f := range a.b.uncalledCI {
				at = append(at, a.r.At(f, 1))
			}
			return Result{Status: Warn, Message: "no CI runs: " + strings.Join(a.b.uncalledCI, ", ") + " never runs by itself: it is a reusable workflow (on: workflow_call) that no workflow of the repository calls", Evidence: at,
				Fix: "Add push and pull_request to its on: triggers, or call it from a workflow that runs on them (jobs.<id>.uses: ./" + a.b.uncalledCI[0] + "), or run " + fix}
		}
		return Result{Status: Warn, Message: "no CI configuration (GitHub Actions or GitLab CI)", Evidence: a.rootPlace(), Fix: fix, Missing: true}
	}
	var vet, race, lint []repo.Evidence
	var ignored [3][]repo.Evidence // of vet, race, lint: commands whose failure CI ignores
	var vetUnread []string         // golangci-lint configurations not read, which may keep govet
	// where each of vetUnread is: the file, or the command naming one not in the repository
	var vetUnreadEv []repo.Evidence
	// raceRef is the first reference this audit cannot expand that stands for whole
	// words of a go test (a Make variable a conditional sets): it may hold -race.
	var raceRef string
	var raceRefEv []repo.Evidence
	// and whether raceRef is not a go test's word but the name of a command with
	// -race ($(GOTEST) -race ./..., GOTEST set by make's caller): it may be go test
	var raceRefCmd bool
	// the go vet (golangci-lint with govet too) and go test -race commands heeded,
	// for the modules they reach
	var vetCmds, raceCmds []command
	var noTest []repo.Evidence      // a go test -race that runs no test, and why
	var noTestWhy, noTestFix string // and how to make it run the tests, when known
	var noVet []repo.Evidence       // a go vet that does not count, and why
	var noVetWhy string
	var unsure []command // commands this audit cannot tell run at all (see command.unsure)
	cmds := a.b.ciCommands(true)
	for _, c := range cmds {
		goflags, _ := c.runEnv("GOFLAGS") // the GOFLAGS go test applies: a step's env: replaces its job's
		if c.unsure != nil {
			unsure = append(unsure, c) // no evidence, but it may run what is missing
			continue
		}
		if why, fix := runsNoTest(c); why != "" && (c.is("go", "test") || toolName(c) == "gotestsum") && !runsTestBinary(c, cmds) {
			if noTest == nil && raceFlagged(c) {
				noTest, noTestWhy, noTestFix = c.evidence(), why, fix
			}
			continue // no test runs under it, with -race or not
		}
		if why, fix, at := a.raceRefused(c); why != "" && raceTest(c, goflags) {
			if noTest == nil {
				noTest, noTestWhy, noTestFix = append(at, c.evidence()...), why, fix
			}
			continue
		}
		if why, inGoflags := vetUncounted(c, goflags); why != "" {
			if noVet == nil {
				noVet, noVetWhy = c.evidence(), why
				if inGoflags {
					noVet = append(a.b.ciSettingAt(c, "GOFLAGS", goflags), noVet...)
				}
			}
			continue // no go vet: its findings fail nothing, or it vets nothing, or too little
		}
		if c.ignored == nil && linter(c) && toolName(c) == "golangci-lint" {
			c.ignored = a.golangciExitsZero(c) // it reports, and exits 0
		}
		vet, race, lint := &vet, &race, &lint
		switch { // those whose failure CI ignores too: a module only they reach is not one none reaches
		case c.is("go", "vet"):
			vetCmds = append(vetCmds, c)
		case raceFlagged(c), (c.is("go", "test") || toolName(c) == "gotestsum") && raceOn(goflagsEntries(goflags)):
			raceCmds = append(raceCmds, c)
		}
		if c.ignored != nil { // evidence: where the failure is ignored, then the command
			vet, race, lint = &ignored[0], &ignored[1], &ignored[2]
			c.via = nil
			if *c.ignored != c.at {
				c.via = []repo.Evidence{*c.ignored}
			}
		}
		switch {
		case c.is("go", "vet"):
			*vet = append(*vet, c.evidence()...)
		case raceFlagged(c):
			*race = append(*race, c.evidence()...)
		case (c.is("go", "test") || toolName(c) == "gotestsum") && raceOn(goflagsEntries(goflags)):
			*race = append(append(*race, a.b.ciSettingAt(c, "GOFLAGS", goflags)...), c.evidence()...)
		case (c.is("go", "test") || toolName(c) == "gotestsum") && c.ignored == nil && unexpanded(c) != "":
			ref := unexpanded(c)
			var set []setting // the CI's settings of a shell variable $NAME, ${NAME}
			if name := strings.Trim(strings.TrimPrefix(ref, "$"), "{}"); !strings.HasPrefix(ref, "$(") && !strings.HasPrefix(ref, "${{") {
				set = a.b.ciSettingsOf(c, name)
			}
			switch i := slices.IndexFunc(set, func(s setting) bool { return raceOn(strings.Fields(s.value)) }); {
			case i >= 0:
				*race = append(append(*race, set[i].at), c.evidence()...)
				raceCmds = append(raceCmds, c)
			case len(set) > 0: // set, without -race
			case raceRef == "":
				raceRef, raceRefEv = ref, c.evidence()
			}
		case c.ignored == nil && unexpandedCommand(c) != "" && raceOn(envWords(c)):
			if raceRef == "" { // a command this audit cannot name, with -race: it may be go test
				raceRef, raceRefEv, raceRefCmd = unexpandedCommand(c), c.evidence(), true
			}
		case linter(c):
			*lint = append(*lint, c.evidence()...)
			if toolName(c) == "golangci-lint" {
				switch on, unread := a.golangciRunsVet(c); {
				case on:
					*vet = append(*vet, c.evidence()...)
					vetCmds = append(vetCmds, golangciVetRun(c))
				case unread != "" && !slices.Contains(vetUnread, unread):
					vetUnread = append(vetUnread, unread)
					at := c.at
					if _, ok := a.r.ReadFile(unread); ok {
						at = a.r.At(unread, 1)
					}
					vetUnreadEv = append(vetUnreadEv, at)
				}
			}
		}
	}
	var missing []string
	ev := slices.Concat(first(vet), first(race), first(lint))
	for _, m := range []struct {
		ev   []repo.Evidence
		what string
	}{{vet, "go vet"}, {race, "go test -race"}, {lint, "a linter (golangci-lint or staticcheck)"}} {
		if len(m.ev) == 0 {
			missing = append(missing, m.what)
		}
	}
	// Bazel tests, which this audit does not read, may run the race detector: not
	// missing, but not judged either (UNKNOWN).
	bazelTests, bazelTestsEv := "", []repo.Evidence(nil)
	if slices.Contains(missing, "go test -race") {
		if bazelTests, bazelTestsEv = a.b.bazelTestsUnread(); bazelTests != "" {
			missing = slices.DeleteFunc(missing, func(s string) bool { return s == "go test -race" })
		}
	}
	// what each item is, as a command this audit cannot tell runs (see command.unsure)
	// may run it: one of unsure, whose failure may count (see the may of each below)
	unsureRuns := []struct {
		what, name string
		is         func(c command) bool
	}{
		{"go vet", "go vet", func(c command) bool { return c.is("go", "vet") || toolName(c) == "golangci-lint" }},
		{"go test -race", "go test -race", mayRaceTest},
		{"a linter (golangci-lint or staticcheck)", "linter", linter},
	}
	var unheeded []string // run, but their failure ignored
	var unheededEv []repo.Evidence
	for i, m := range []struct {
		ev   []repo.Evidence
		what string
	}{{vet, "go vet"}, {race, "go test -race"}, {lint, "a linter (golangci-lint or staticcheck)"}} {
		if len(m.ev) == 0 && len(ignored[i]) > 0 {
			if !slices.ContainsFunc(unsure, func(c command) bool { return c.ignored == nil && unsureRuns[i].is(c) }) {
				missing = slices.DeleteFunc(missing, func(s string) bool { return s == m.what })
			} // else it may run where its failure counts: missing, UNKNOWN below
			unheeded = append(unheeded, m.what)
			unheededEv = append(unheededEv, first(ignored[i])...)
		}
	}
	if len(unheeded) > 0 && len(missing) == 0 {
		return Result{Status: Warn, Message: "CI runs " + strings.Join(unheeded, ", ") + " but ignores the failure (|| true, or || and a command that may succeed such as echo or a run without -race; an if or loop condition whose failure exits nothing; set +e before it, a pipe into another command without pipefail, a command followed by more of the script after ; or &&, continue-on-error or allow_failure, the - prefix of a make or just recipe line, .IGNORE, make -i, Task's ignore_error, a GitLab child pipeline triggered without strategy: depend, a GitLab after_script, a PowerShell or cmd script (the default shell of a Windows runner is pwsh) of which it is not the last command, a command run in the background (&) that no wait $pid collects, a command substitution whose status the command it stands in replaces (echo \"$(go test ./...)\", export OUT=$(...)), a pipeline negated with ! outside an if (! go test ./...: it succeeds where the command fails), golangci-lint's issues-exit-code 0, reviewdog's fail_level none, its default), so it never fails the pipeline", Evidence: slices.Concat(unheededEv, ev), Fix: "Let the command's failure fail the job: drop the || true (or end what follows || with exit 1: cmd || { echo ...; exit 1; }), set +e, continue-on-error, allow_failure, - prefix, .IGNORE, make -i or ignore_error; set strategy: depend on a GitLab trigger job; move it from after_script to script; in PowerShell set $PSNativeCommandUseErrorActionPreference = $true (or check $LASTEXITCODE), or use shell: bash; wait on the background job's PID (wait $pid); assign a command substitution on a line of its own (out=$(go test ./...), then echo \"$out\"); drop the ! that negates the command (if ! cmd; then exit 1; fi keeps the failure); drop issues-exit-code 0; set reviewdog's fail_level (to error, say); run a pipe under set -o pipefail (shell: bash sets it; in a Makefile, SHELL := bash with .SHELLFLAGS := -eu -o pipefail -c) and join commands with && rather than ;, or run " + fix}
	}
	if len(missing) == 0 && bazelTests != "" {
		// The modules Bazel's targets reach are not go package patterns: not judged.
		return Result{Status: Unknown, Message: "CI runs go vet and a linter; " + bazelTests, Evidence: slices.Concat(bazelTestsEv, ev), Fix: "Check that the Bazel test run has --@rules_go//go/config:race (on the command line or on a test or build line of .bazelrc); or run " + fix}
	}
	if len(missing) == 0 {
		// the go vet and go test -race commands this audit cannot tell run, whose
		// failure counts, may reach what the others leave out
		var maybeVet, maybeRace []command
		for _, c := range unsure {
			switch {
			case c.ignored != nil:
			case c.is("go", "vet"):
				maybeVet = append(maybeVet, c)
			case mayRaceTest(c):
				maybeRace = append(maybeRace, c)
			}
		}
		if r, ok := a.modulesUnreached(vetCmds, raceCmds, maybeVet, maybeRace, ev, fix); ok {
			return r
		}
	}
	if len(missing) == 0 {
		return Result{Status: Pass, Message: "CI runs go vet, go test -race and a linter", Evidence: ev}
	}
	var files []repo.Evidence
	var notes []repo.Evidence
	for _, c := range a.b.ci {
		files = append(files, a.r.At(c.path, 1))
		notes = append(notes, c.notes...)
	}
	dormant, dormantEv := a.b.dormantCI()
	msg := "CI does not run " + strings.Join(missing, ", ") + dormant
	files = append(files, dormantEv...)
	if len(unheeded) > 0 {
		msg += "; it runs " + strings.Join(unheeded, ", ") + " but ignores the failure"
		files = append(files, unheededEv...)
	}
	if slices.Contains(missing, "go vet") && noVet != nil {
		at := noVet[len(noVet)-1]
		msg += fmt.Sprintf("; its go vet at %s:%d %s", at.File, at.Line, noVetWhy)
		files = append(files, noVet...)
	}
	if slices.Contains(missing, "go test -race") && noTest != nil {
		at := noTest[len(noTest)-1]
		msg += fmt.Sprintf("; its go test -race at %s:%d runs no test (%s)", at.File, at.Line, noTestWhy)
		files = append(files, noTest...)
		if noTestFix != "" {
			fix = noTestFix + "; or run " + fix
		}
	}
	for _, m := range []struct {
		what string
		is   func(c command) bool
	}{
		{"go vet", func(c command) bool { return c.is("go", "vet") }},
		{"go test -race", raceFlagged},
	} {
		if c, at, ok := a.b.unrunCI(m.is); ok && slices.Contains(missing, m.what) {
			msg += fmt.Sprintf("; its %s at %s:%d never runs (%s)", m.what, c.at.File, c.at.Line, c.never)
			files = append(files, at...)
		}
	}
	var may []string
	if len(notes) > 0 {
		may = append(may, "included files, actions or workflows of other repositories that were not read may")
	}
	if len(unread) > 0 {
		may = append(may, strings.Join(a.b.unreadCI, ", ")+" could not be read and may")
	}
	if other, otherEv := a.b.otherCIUnread(); other != "" {
		may = append(may, other)
		notes = append(notes, otherEv...)
	}
	runners, runnerEv := a.b.runnersUnread()
	if runners != "" {
		may = append(may, runners+" and may")
	}
	if scripts, scriptsEv := a.b.scriptsUnread(); scripts != "" {
		may = append(may, scripts+", which may")
		runnerEv = append(runnerEv, scriptsEv...)
	}
	if mk, mkEv := a.b.makeRulesUnread(); mk != "" {
		may = append(may, mk)
		runnerEv = append(runnerEv, mkEv...)
	}
	stale := a.b.staleRecipes(func(c command) bool {
		return c.is("go", "vet") || c.is("go", "test") || toolName(c) == "gotestsum" || linter(c)
	})
	if stale.never != "" {
		msg += "; " + stale.never
		files = append(files, stale.neverEv...)
		runnerEv = append(runnerEv, stale.neverEv...)
		fix = "List the target in .PHONY (.PHONY: " + strings.Join(stale.targets, " ") + ") so that make runs its recipe whatever files are there; or run " + fix
	}
	if stale.may != "" {
		may = append(may, stale.may)
		runnerEv = append(runnerEv, stale.mayEv...)
	}
	if slices.Contains(missing, "go test -race") && raceRef != "" {
		if raceRefCmd {
			may = append(may, "a command named by "+raceRef+" may be go test, with its -race: this audit cannot expand "+raceRef+" (a Make variable make's caller or a conditional sets, a variable set outside the files read, a GitHub expression whose value is not in the repository)")
		} else {
			may = append(may, "go test's "+raceRef+", which this audit cannot expand (a Make variable a conditional sets, a variable set outside the files read, a GitHub expression whose value is not in the repository), may hold -race")
		}
		notes = append(notes, raceRefEv...)
	}
	if bazelTests != "" {
		may = append(may, bazelTests)
		notes = append(notes, bazelTestsEv...)
	}
	for _, m := range unsureRuns {
		if i := slices.IndexFunc(unsure, m.is); i >= 0 && slices.Contains(missing, m.what) {
			c := unsure[i]
			may = append(may, fmt.Sprintf("its %s at %s:%d may count: %s", m.name, c.at.File, c.at.Line, c.unsure.why))
			notes = append(notes, c.unsure.at, c.at)
		}
	}
	if slices.Contains(missing, "go vet") {
		for i, f := range vetUnread {
			may = append(may, "golangci-lint's configuration "+f+" could not be read and may keep govet")
			notes = append(notes, vetUnreadEv[i])
		}
	}
	if len(may) > 0 {
		return Result{Status: Unknown, Message: msg + " in the files read; " + strings.Join(may, "; "), Evidence: slices.Concat(notes, unread, runnerEv, ev), Fix: fix}
	}
	return Result{Status: Warn, Message: msg, Evidence: append(files, ev...), Fix: fix}
}

// raceTest reports whether c is a go test (or gotestsum) with the race detector on,
// by its flags or by goflags, the GOFLAGS it runs with.
func raceTest(c command, goflags string) bool {
	return raceFlagged(c) || (c.is("go", "test") || toolName(c) == "gotestsum") && raceOn(goflagsEntries(goflags))
}

// raceFlagged reports whether c is a go test (or gotestsum) whose own flags turn the
// race detector on (see goTestWords): a -race that go test passes to the test binary
// does not (go test ./... -args -race).
func raceFlagged(c command) bool {
	words, _, ok := goTestWords(c)
	return ok && raceOn(words)
}

// goTestWords returns the words of c, a go test or gotestsum command, that go test
// reads as its own flags and packages, and those after its -args, which it passes
// to the test binary (see goTestOwn), with the variables of its environment
// expanded (see envWords); for gotestsum, those of the go test it runs (see
// gotestsumArgs). ok is false for any other command.
func goTestWords(c command) (words, binary []string, ok bool) {
	if c.is("go", "test") {
		words, binary = goTestOwn(envWordsFrom(c, 2))
		return words, binary, true
	}
	tool, args := toolCall(c)
	if tool != "gotestsum" {
		return nil, nil, false
	}
	testDir, _ := c.runEnv("TEST_DIRECTORY")
	args, raw := gotestsumArgs(envWordsFrom(c, len(c.words)-len(args)), testDir)
	switch {
	case !raw:
		words, binary = goTestOwn(args)
	case len(args) >= 2 && args[0] == "go" && args[1] == "test":
		words, binary = goTestOwn(args[2:])
	default:
		words = args // a command of its own (--raw-command), read as written
	}
	return words, binary, true
}

// goTestOwn returns those of words, the words of a go test command line after go
// test, that go test reads itself, as Go 1.26's go test does, and binary, the words
// after -args (or --args), which it passes to the test binary after the flags it
// gives it itself, where the binary's flag parser reads them (go test ./... -args
// -test.run X): own are all up to -args or the flag terminator --, after which it
// passes every word to the test binary (whose flag parser stops at --), and up to
// a word that is no flag where the package list has ended
// (go test ./... -v extra -race: extra and -race go to the binary; go test ./...
// -race reads -race), unless it follows a flag go test does not know written
// without =value, which it takes for that flag's value and reads on (go test ./...
// -myflag x -race reads -race; a flag it does not know ends a package list not
// begun too). A reference this audit left as written (go test ./... -v $(EXTRA)
// -race) may be flags: it ends nothing.
func goTestOwn(words []string) (own, binary []string) {
	pkgsSeen, inPkgs, afterUnknown := false, false, false
	for i := 0; i < len(words); i++ {
		w := words[i]
		wasAfterUnknown := afterUnknown
		afterUnknown = false
		if w == "--" {
			return words[:i], nil
		}
		if len(w) < 2 || w[0] != '-' {
			switch {
			case !pkgsSeen || inPkgs:
				pkgsSeen, inPkgs = true, true
			case strings.HasPrefix(w, "$"): // a reference left as written: flags, maybe
				afterUnknown = true
			case !wasAfterUnknown:
				return words[:i], nil // the binary's flag parser stops at w
			}
			continue
		}
		inPkgs = false
		name, _, eq := strings.Cut(w, "=")
		name = "-" + strings.TrimLeft(name, "-")
		if name == "-args" {
			return words[:i], words[i+1:]
		}
		if short, ok := strings.CutPrefix(name, "-test."); ok && slices.Contains(goTestBinaryFlags, "-"+short) {
			name = "-" + short // -test.v, -test.run X: go test knows them as -v, -run
		}
		switch {
		case slices.Contains(valueFlags, name) || slices.Contains(testValueFlags, name):
			if !eq {
				i++ // its value, whatever it is
			}
		case !slices.Contains(goTestBoolFlags, name):
			pkgsSeen, afterUnknown = true, !eq
		}
	}
	return words, nil
}

// goTestBoolFlags are the flags of go test (Go 1.26) that take no value: those of
// the build, its own and those it passes to the test binary (see goTestBinaryFlags).
var goTestBoolFlags = []string{"-a", "-n", "-x", "-asan", "-msan", "-race", "-linkshared", "-trimpath", "-work", "-modcacherw", "-buildvcs", "-cover", "-json", "-c",
	"-artifacts", "-benchmem", "-failfast", "-fullpath", "-short", "-v"}

// goTestBinaryFlags are the flags go test passes to the test binary, which it knows
// with the test. prefix too (-test.run): Go 1.26's passFlagToTest.
var goTestBinaryFlags = []string{"-artifacts", "-bench", "-benchmem", "-benchtime", "-blockprofile", "-blockprofilerate", "-count", "-coverprofile", "-cpu", "-cpuprofile",
	"-failfast", "-fullpath", "-fuzz", "-fuzzminimizetime", "-fuzztime", "-list", "-memprofile", "-memprofilerate", "-mutexprofile", "-mutexprofilefraction", "-outputdir",
	"-parallel", "-run", "-short", "-shuffle", "-skip", "-timeout", "-trace", "-v"}

// gotestsumArgs returns the words of the go test that gotestsum runs, given the
// words after gotestsum, as gotestsum (v1.13.0) reads them: its own flags come first
// (a flag of its own takes its value from the next word but for those that take
// none: gotestsumValueFlags), and the words after them, after -- or from the first
// that is no flag, are those of go test (go test -json and them; without any,
// go test -json ./...), with the packages of its --packages flags put before -args
// or at the end, else testDir, the value of TEST_DIRECTORY in the environment it
// runs with, as one word, when not empty (given no word, in place of ./...); a flag
// it does not know, -race, is one of its own, which it refuses. raw is set for
// --raw-command, where those words are the command run.
func gotestsumArgs(words []string, testDir string) (args []string, raw bool) {
	var packages []string
	i := 0
	for ; i < len(words); i++ {
		w := words[i]
		if w == "--" {
			i++
			break
		}
		if len(w) < 2 || w[0] != '-' {
			break
		}
		name, value, eq := strings.Cut(w, "=")
		if slices.Contains(gotestsumValueFlags, name) && !eq && i+1 < len(words) {
			i++
			value = words[i]
		}
		switch name {
		case "--packages":
			packages = append(packages, strings.Fields(value)...)
		case "--raw-command":
			raw = value == "" || value == "true"
		}
	}
	args = words[i:]
	if raw {
		return args, true
	}
	switch {
	case packages != nil:
	case testDir != "":
		packages = []string{testDir}
	case len(args) == 0:
		packages = []string{"./..."}
	}
	at := len(args)
	if j := slices.IndexFunc(args, func(w string) bool { return w == "-args" || w == "--args" }); j >= 0 {
		at = j
	}
	return slices.Concat([]string{"-json"}, args[:at], packages, args[at:]), false
}

// gotestsumValueFlags are gotestsum's own flags (v1.13.0) that take a value, which
// they take from the next word unless written --flag=value.
var gotestsumValueFlags = []string{"-f", "--format", "--format-icons", "--jsonfile", "--jsonfile-timing-events", "--no-summary", "--hide-summary",
	"--post-run-command", "--max-fails", "--junitfile", "--junitfile-testsuite-name", "--junitfile-testcase-classname", "--junitfile-project-name",
	"--rerun-fails-max-failures", "--packages", "--rerun-fails-report"}

// mayRaceTest reports whether c, a command this audit is not sure runs as written
// (see command.unsure), may be a go test (or gotestsum) with the race detector on:
// by its flags, or by one of the values its GOFLAGS may have (see possibleValues),
// as a Makefile's test: export GOFLAGS = -race under a conditional this audit
// cannot evaluate leaves it -race or what make's caller gives.
func mayRaceTest(c command) bool {
	goflags, _ := c.runEnv("GOFLAGS")
	values, _, _ := possibleValues(goflags)
	return raceTest(c, goflags) || slices.ContainsFunc(values, func(v string) bool { return raceTest(c, v) })
}

// envWords returns the words of c with each that is a whole reference to a variable
// of the environment c runs with ($TESTFLAGS, ${TESTFLAGS}: see command.shellValue), not
// written in single quotes, replaced by the words of its value: a recipe's
// $$TESTFLAGS that make's environment, or its export, gives the recipe's shell, and
// a $VETFLAGS of a GitHub env: (of the workflow, job or step). A variable the script
// assigns before c (see command.vars, command.lineVars) is left as written.
func envWords(c command) []string {
	return envWordsFrom(c, 0)
}

// envWordsFrom is envWords for the words of c from its word from on.
func envWordsFrom(c command, from int) []string {
	var out []string
	for i := from; i < len(c.words); i++ {
		w := c.words[i]
		name := strings.TrimPrefix(w, "$")
		if strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}") {
			name = name[1 : len(name)-1]
		}
		_, onLine := c.vars.lookup(name)
		if _, assigned := c.lineVars.lookup(name); assigned || onLine {
			out = append(out, w) // the script's own, maybe under a condition: not expanded
			continue
		}
		if v, ok := c.shellValue(name); ok && name != w && isEnvName(name) && len(c.literal[i]) == 0 {
			out = append(out, strings.Fields(v)...)
			continue
		}
		out = append(out, w)
	}
	return out
}

// raceOn reports whether the flags in words, read in order as go's flag parser reads
// them (see goWords), turn the race detector on: the last of -race, --race and
// -race=<bool> (-race=true, -race=1) that is on, not -race=false, nor a -race that
// is the value of the flag before it (go test -coverprofile -race).
func raceOn(words []string) bool {
	on := false
	for _, w := range goWords(words) {
		if w.flag != "-race" {
			continue
		}
		b, err := strconv.ParseBool(w.value)
		on = !w.eq || err == nil && b
	}
	return on
}

// unexpanded returns the first argument of c that is a whole reference this audit
// did not expand, and so may stand for any flags: a Make reference left as written
// ($(TESTFLAGS), ${TESTFLAGS}: a variable a conditional sets), a command
// substitution, a shell variable ($FLAGS) that nothing before c sets, or a GitHub
// expression left as written (${{ vars.FLAGS }}: see addMatrixScript). It returns
// "" when there is none.
func unexpanded(c command) string {
	for i, w := range c.words[1:] {
		if name, value, _ := strings.Cut(w, "="); (name == "-race" || name == "--race") && strings.HasPrefix(value, "$") {
			return w // -race=${{ inputs.race }}, -race=$RACE: on or off
		}
		if slices.Contains(valueFlags, c.words[i]) || slices.Contains(testValueFlags, c.words[i]) {
			continue // a flag's value (-p $(nproc)) holds no flags
		}
		if unexpandedRef(c, w) {
			return w
		}
	}
	return ""
}

// unexpandedCommand returns the first word of c when it is a whole reference this
// audit did not expand (see unexpandedRef), and so may name any command: a recipe's
// $(GOTEST) that make's caller sets may be go test. It returns "" otherwise.
func unexpandedCommand(c command) string {
	if len(c.words) > 0 && unexpandedRef(c, c.words[0]) {
		return c.words[0]
	}
	return ""
}

// unexpandedRef reports whether the word w of c is a whole reference this audit did
// not expand: a Make reference left as written, a shell variable that nothing
// before c sets, or a GitHub expression left as written; not a command
// substitution, $(go list ./...).
func unexpandedRef(c command, w string) bool {
	if !strings.HasPrefix(w, "$") {
		return false
	}
	name := strings.TrimPrefix(w, "$")
	switch {
	case strings.HasPrefix(name, "{{") && strings.HasSuffix(name, "}}"):
		return true // a GitHub expression whose value is not in the repository (${{ vars.FLAGS }})
	case strings.HasPrefix(name, "{") && strings.HasSuffix(name, "}"):
		name = name[1 : len(name)-1]
	case strings.HasPrefix(name, "(") && strings.HasSuffix(name, ")"):
		name = name[1 : len(name)-1]
	}
	if _, ok := c.shellVar(name); ok || !makeName(name) {
		return false
	}
	return true
}

// runsNoTest says why the go test (or gotestsum) c runs no test, or returns "": it
// lists them (-list), compiles the test binary only (-c), prints the commands it
// would run (-n), its -run pattern matches no test name (one that can only match
// an empty name, such as ^$: a benchmark or fuzz run that skips the tests), or its
// test binary stops before any test runs on a flag -args gives it: go 1.26's
// binary knows go test's flags with the test. prefix alone (-test.run, -test.list),
// so that go test ./... -args -run X fails (flag provided but not defined: -run)
// unless the tests define a flag -run of their own, and given -h or -help it
// prints its usage and exits 0. It reads the flags go test reads itself (see
// goTestWords), then those its -args give the test binary, whose -test.run wins
// over go test's -run, given before it, up to the first word that is no flag or
// --; a flag this audit does not know (a flag of the tests' own, -update) it reads
// as one that takes no value: the binary refuses it and fails, or reads on, and a
// -test.run ^$ after it may count. fix says how to make it run the tests, when
// that is known.
func runsNoTest(c command) (why, fix string) {
	own, binary, ok := goTestWords(c)
	if !ok {
		return "", ""
	}
	run := ""
	for _, w := range goWords(own) {
		on := !w.eq || w.value == "true"
		switch w.flag {
		case "-list":
			return "-list lists the tests and runs none", ""
		case "-n":
			if on {
				return "-n prints the commands and runs no test", ""
			}
		case "-c":
			if on {
				return "-c compiles the test binary and runs no test", ""
			}
		case "-run":
			run = w.value
		}
	}
	for i := 0; i < len(binary); i++ {
		w := binary[i]
		if w == "--" || len(w) < 2 || w[0] != '-' {
			break
		}
		name, value, eq := strings.Cut(strings.TrimPrefix(w[1:], "-"), "=")
		short, ok := strings.CutPrefix(name, "test.")
		if name == "h" || name == "help" {
			return "its test binary, given -" + name + " after -args, prints its flags' usage and exits 0 before any test runs", "Drop -" + name + " after -args"
		}
		if !ok && slices.Contains(goTestBinaryFlags, "-"+name) {
			return "its test binary, given -" + name + " after -args, knows it as -test." + name + " alone and fails before any test runs (flag provided but not defined: -" + name + "), unless the tests define a flag -" + name + " of their own",
				"Give -" + name + " to go test before -args, or write it -test." + name + " after -args"
		}
		if !ok && (slices.Contains(goTestBoolFlags, "-"+name) || slices.Contains(testValueFlags, "-"+name) || slices.Contains(valueFlags, "-"+name)) {
			return "its test binary, given -" + name + " after -args, a flag of go test's and none of the binary's, fails before any test runs (flag provided but not defined: -" + name + "), unless the tests define a flag -" + name + " of their own",
				"Give -" + name + " to go test before -args"
		}
		if !ok || !slices.Contains(goTestBinaryFlags, "-"+short) {
			continue // read as taking no value, so that a -test.run after it counts
		}
		if !eq && !slices.Contains(goTestBoolFlags, "-"+short) && i+1 < len(binary) {
			i++
			value = binary[i]
		}
		switch short {
		case "list":
			return "-list lists the tests and runs none", ""
		case "run":
			run = value
		}
	}
	if run == "" || strings.Contains(run, "$(") {
		return "", ""
	}
	top, _, _ := strings.Cut(run, "/") // the pattern of the top-level tests
	re, err := syntax.Parse(top, syntax.Perl)
	if err != nil || consumes(re) {
		return "", ""
	}
	if ok, _ := regexp.MatchString(top, "TestName"); ok {
		return "", ""
	}
	return "-run " + run + " matches no test name", ""
}

// runsTestBinary reports whether the go test -c -o FILE c writes a test binary that
// another command of cmds runs (./FILE): that command runs the tests.
func runsTestBinary(c command, cmds []command) bool {
	if !c.is("go", "test") {
		return false
	}
	out := ""
	for i, w := range c.words {
		if v, ok := strings.CutPrefix(w, "-o="); ok {
			out = v
		} else if w == "-o" && i+1 < len(c.words) {
			out = c.words[i+1]
		}
	}
	if out == "" {
		return false
	}
	return slices.ContainsFunc(cmds, func(o command) bool {
		return len(o.words) > 0 && o.dir == c.dir && path.Clean(o.words[0]) == path.Clean(out) && strings.Contains(o.words[0], "/")
	})
}

// vetUncounted says why the go vet c does not count as one, or returns "" when it
// does; as go 1.26's go vet does (each checked on a package with a finding):
// -vettool runs another analysis tool in place of vet's own analyzers; a package
// word that starts with - (go vet -- -json, go vet ./... -json: see goVetArgs) makes
// it fail whatever the code (malformed import path "-json": leading dash); -json
// writes the findings as JSON and exits 0, and -fix applies the fixes and exits 0,
// so neither can fail the job, while -fix -diff prints the fixes as a diff, applies
// none, and exits 1 where there is one, 0 on findings that have none (-diff
// without -fix, or with -json, always fails); -V (-V=false too) prints vet's version and -flags
// the analyzers' flags, each exiting 0 having vetted nothing; any of these, or an
// analyzer's flag, given a value that is no boolean (-V=full, which go tool vet
// takes and go vet does not) makes it fail whatever the code (invalid boolean
// value "full" for -V, exit 2); -n prints the
// commands and vets nothing, failing only on findings the build cache replays
// from an earlier go vet of the same packages with the same flags, not on the
// code it is given; an analyzer's flag
// that is on (-printf, -printf=true) runs the analyzers so named alone (see
// vetSelected). It reads the flags of its command line after those of goflags,
// the GOFLAGS it runs with, which go vet applies but for -vettool, the last of each
// counting (GOFLAGS=-json go vet -json=false reports); inGoflags says the flag that
// makes it so is one of goflags.
func vetUncounted(c command, goflags string) (why string, inGoflags bool) {
	if !c.is("go", "vet") {
		return "", false
	}
	own, pkgs := goVetArgs(envWordsFrom(c, 2))
	for _, w := range own {
		if w.flag == "-vettool" {
			return "runs none of vet's own analyzers (" + w.flag + " runs the tool it names in their place)", false
		}
	}
	for _, p := range pkgs {
		if strings.HasPrefix(p, "-") {
			return "always fails, whatever the code (go vet reads " + p + ", after -- or after a package, as a package: malformed import path \"" + p + "\": leading dash), and vets nothing", false
		}
	}
	fromGoflags, _ := goVetArgs(goflagsEntries(goflags))
	for i, w := range slices.Concat(fromGoflags, own) {
		name := strings.TrimPrefix(w.flag, "-")
		if _, err := strconv.ParseBool(w.value); !w.eq || err == nil ||
			!slices.Contains([]string{"json", "n", "fix", "diff", "V", "flags"}, name) && !slices.Contains(vetAnalyzers, name) && vetAnalyzerAliases[name] == "" {
			continue
		}
		in := ""
		if i < len(fromGoflags) {
			in = " in GOFLAGS"
		}
		return fmt.Sprintf("always fails, whatever the code (go vet takes %s as on or off alone, and refuses %s=%s%s: invalid boolean value %q), and vets nothing", w.flag, w.flag, w.value, in, w.value), i < len(fromGoflags)
	}
	on := map[string]bool{}   // -json, -n, -fix, -diff, -V and -flags: whether the last of each is on
	from := map[string]bool{} // and whether that last one is of GOFLAGS
	for i, w := range slices.Concat(fromGoflags, own) {
		if !slices.Contains([]string{"-json", "-n", "-fix", "-diff", "-V", "-flags"}, w.flag) {
			continue
		}
		b, err := strconv.ParseBool(w.value)
		on[w.flag], from[w.flag] = !w.eq || err == nil && (b || w.flag == "-V"), i < len(fromGoflags) // -V=false prints the version too
	}
	if on["-diff"] {
		in := ""
		if from["-diff"] {
			in = " in GOFLAGS"
		}
		switch {
		case !on["-fix"]:
			return "always fails, whatever the code (-diff" + in + " without -fix: go vet -diff flag requires -fix), and vets nothing", from["-diff"]
		case on["-json"]:
			return "always fails, whatever the code (-json and -diff" + in + " cannot be used together), and vets nothing", from["-diff"] || from["-json"]
		}
		return "fails only on the findings that have a fix (-fix -diff" + in + " prints their fixes as a diff, applying none, and exits 1 where there is one; it drops the findings without one, such as printf's wrong verb for an argument, and exits 0)", from["-diff"] || from["-fix"]
	}
	for _, f := range []struct{ flag, why string }{
		{"-json", "cannot fail the job (-json%s writes the findings as JSON and exits 0)"},
		{"-n", "vets nothing (-n%s prints the commands; it fails only on findings the build cache replays from an earlier go vet of the same packages with the same flags, never on code none vetted)"},
		{"-fix", "cannot fail the job (-fix%s applies the fixes and exits 0)"},
		{"-V", "vets nothing (-V%s prints vet's version and exits 0, -V=false too)"},
		{"-flags", "vets nothing (-flags%s prints the analyzers' flags as JSON and exits 0)"},
	} {
		if !on[f.flag] {
			continue
		}
		in := ""
		if from[f.flag] {
			in = " in GOFLAGS"
		}
		return fmt.Sprintf(f.why, in), from[f.flag]
	}
	if sel, inGoflags := vetSelected(fromGoflags, own); len(sel) > 0 {
		in := ""
		if inGoflags {
			in = " in GOFLAGS"
		}
		return "runs only " + strings.Join(sel, ", ") + " of vet's analyzers (-" + strings.Join(sel, ", -") + in + " selects them: go vet runs the analyzers whose flags are on alone)", inGoflags
	}
	return "", false
}

// vetSelected returns the analyzers of go vet (vetAnalyzers) that the flags of
// goflags, then those of own, select: those whose last flag is on (-printf,
// -printf=true, the older -rangeloops for loopclosure), when any is, which go vet
// runs alone (go 1.26); an analyzer turned off (-composites=false) leaves the
// others to run, and selects none. inGoflags says the last flag of one of them is
// of goflags.
func vetSelected(goflags, own []cliWord) (sel []string, inGoflags bool) {
	on := map[string]bool{}
	from := map[string]bool{}
	for i, w := range slices.Concat(goflags, own) {
		name := strings.TrimPrefix(w.flag, "-")
		if newer, ok := vetAnalyzerAliases[name]; ok {
			name = newer
		}
		if !slices.Contains(vetAnalyzers, name) {
			continue
		}
		b, _ := strconv.ParseBool(w.value) // one it refuses: see vetUncounted
		on[name], from[name] = !w.eq || b, i < len(goflags)
	}
	for _, a := range vetAnalyzers {
		if on[a] {
			sel = append(sel, a)
			inGoflags = inGoflags || from[a]
		}
	}
	return sel, inGoflags
}

// vetAnalyzers are the analyzers of go 1.26's vet (go tool vet help), each with a
// flag of its name, and vetAnalyzerAliases the older names of four of them, which
// set the same flag.
var (
	vetAnalyzers = []string{"appends", "asmdecl", "assign", "atomic", "bools", "buildtag", "cgocall", "composites", "copylocks", "defers", "directive", "errorsas",
		"framepointer", "hostport", "httpresponse", "ifaceassert", "loopclosure", "lostcancel", "nilfunc", "printf", "shift", "sigchanyzer", "slog", "stdmethods",
		"stdversion", "stringintconv", "structtag", "testinggoroutine", "tests", "timeformat", "unmarshal", "unreachable", "unsafeptr", "unusedresult", "waitgroup"}
	vetAnalyzerAliases = map[string]string{"bool": "bools", "buildtags": "buildtag", "methods": "stdmethods", "rangeloops": "loopclosure"}
)

// goVetArgs reads words, those of a go vet command line after go vet, as Go 1.26's
// go vet does: its flags (--flag is -flag) run up to -- or the first word that is
// no flag, a flag taking the next word for its value when it is one of the build
// flags that take one (valueFlags), -vettool, or one of vetValueFlags, unless
// written -flag=value; every word after them is a package (go vet ./... -json vets
// a package named -json, and fails: malformed import path).
func goVetArgs(words []string) (flags []cliWord, pkgs []string) {
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "--" {
			return flags, words[i+1:]
		}
		if len(w) < 2 || w[0] != '-' {
			return flags, words[i:]
		}
		name, value, eq := strings.Cut(strings.TrimPrefix(w, "-"), "=")
		name = "-" + strings.TrimPrefix(name, "-")
		if !eq && (slices.Contains(valueFlags, name) || slices.Contains(vetValueFlags, name)) && i+1 < len(words) {
			i++
			value = words[i]
		}
		flags = append(flags, cliWord{flag: name, value: value, eq: eq})
	}
	return flags, nil
}

// vetValueFlags are the flags of go vet (Go 1.26) besides the build flags that take
// a value: -vettool, and those of vet's own analyzers (go tool vet -flags).
var vetValueFlags = []string{"-vettool", "-c", "-printf.funcs", "-printfuncs", "-unusedfuncs", "-unusedresult.funcs", "-unusedresult.stringmethods", "-unusedstringmethods"}

// consumes reports whether re holds a part that matches a character (a literal,
// a class, .): one that does not can only match an empty string.
func consumes(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral, syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return true
	}
	return slices.ContainsFunc(re.Sub, consumes)
}

// testValueFlags are the flags of go test besides the build flags (valueFlags) that
// take a value.
var testValueFlags = []string{"-run", "-skip", "-timeout", "-count", "-cpu", "-parallel", "-coverprofile", "-bench", "-benchtime", "-exec", "-shuffle", "-vet", "-outputdir", "-fuzz", "-fuzztime", "-list",
	"-blockprofile", "-blockprofilerate", "-cpuprofile", "-fuzzminimizetime", "-memprofile", "-memprofilerate", "-mutexprofile", "-mutexprofilefraction", "-trace"}

// goWords reads words, those of a go command (go test -race ./...) or its flags, in
// order as go's flag parser does (see cliWords): a flag that takes a value
// (valueFlags, testValueFlags) takes the next word, whatever it is, unless written
// -flag=value (in go test -coverprofile -race ./..., -race is the profile's file:
// no race detector); --flag is -flag, and a flag go test passes to the test binary
// written with the test. prefix is that flag, as go test reads it (-test.run X is
// -run X: see goTestBinaryFlags).
func goWords(words []string) []cliWord {
	norm := make([]string, len(words))
	for i, w := range words {
		if strings.HasPrefix(w, "--") && w != "--" {
			w = w[1:]
		}
		name, _, _ := strings.Cut(w, "=")
		if short, ok := strings.CutPrefix(name, "-test."); ok && slices.Contains(goTestBinaryFlags, "-"+short) {
			w = "-" + w[len("-test."):]
		}
		norm[i] = w
	}
	return cliWords(norm, slices.Concat(valueFlags, testValueFlags))
}

// makeName reports whether s can name a variable: a word without spaces, quotes,
// parentheses or $.
func makeName(s string) bool {
	return s != "" && !strings.ContainsAny(s, " \t$()'\"{}")
}

// first returns the evidence chain of the first finding: up to its own line.
func first(ev []repo.Evidence) []repo.Evidence {
	return ev[:min(len(ev), 2)]
}

// golangciLinters is the linters section of a golangci-lint configuration (v1 and v2
// keys), with the flags of the command line applied over it.
type golangciLinters struct {
	Default    string   `yaml:"default"`     // v2: standard, all, none or fast
	DisableAll bool     `yaml:"disable-all"` // v1
	EnableAll  bool     `yaml:"enable-all"`  // v1
	Enable     []string `yaml:"enable"`
	Disable    []string `yaml:"disable"`
	only       []string // --enable-only: these linters and no other
	fast       bool     // --fast (v1), --fast-only (v2): only the fast linters, which govet is not
}

// vet reports whether the linters l leaves on include govet (vet is its old name).
func (l golangciLinters) vet() bool {
	isVet := func(s string) bool { return s == "govet" || s == "vet" }
	switch {
	case l.only != nil:
		return slices.ContainsFunc(l.only, isVet)
	case l.fast, slices.ContainsFunc(l.Disable, isVet):
		return false
	case slices.ContainsFunc(l.Enable, isVet):
		return true
	}
	return !l.DisableAll && l.Default != "none" && l.Default != "fast" || l.EnableAll || l.Default == "all"
}

// GolangciConfigs are the names golangci-lint looks for its configuration under, in its
// order, in the directory it runs in and then in each directory above.
var GolangciConfigs = []string{".golangci.yml", ".golangci.yaml", ".golangci.toml", ".golangci.json"}

// golangciRun is what a golangci-lint command line says: the configuration file
// -c/--config names (named) or --no-config refuses, the flags that change the
// linters (--default, --disable-all, --enable-all, -E/--enable, -D/--disable,
// --enable-only, --fast, --fast-only), --issues-exit-code when given, and the words
// that are neither a flag nor its value (args: the package patterns, of the words
// after run).
type golangciRun struct {
	file            string
	named, noConfig bool
	flags           golangciLinters
	exitCode        *string
	args            []string
}

// golangciFlags reads the golangci-lint command line words; a flag given twice
// keeps its last value, as the command's flag parsing does.
func golangciFlags(words []string) golangciRun {
	var run golangciRun
	list := func(v string) []string {
		var out []string
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	for i := 0; i < len(words); i++ {
		if !strings.HasPrefix(words[i], "-") {
			run.args = append(run.args, words[i])
			continue
		}
		name, value, hasValue := strings.Cut(words[i], "=")
		if golangciTakesValue(name) && !hasValue {
			if i+1 >= len(words) {
				break
			}
			i++
			value = words[i]
		}
		switch name {
		case "-c", "--config":
			run.file, run.named = value, true
		case "--no-config":
			run.noConfig = true
		case "--default":
			run.flags.Default = value
		case "--disable-all":
			run.flags.DisableAll = true
		case "--enable-all":
			run.flags.EnableAll = true
		case "-E", "--enable":
			run.flags.Enable = append(run.flags.Enable, list(value)...)
		case "-D", "--disable":
			run.flags.Disable = append(run.flags.Disable, list(value)...)
		case "--enable-only":
			run.flags.only = append(run.flags.only, list(value)...)
		case "--fast", "--fast-only":
			run.flags.fast = true
		case "--issues-exit-code":
			run.exitCode = &value
		}
	}
	return run
}

// golangciValueFlags are the flags of golangci-lint run (v1 and v2) whose value may
// be the next word: no package path.
var golangciValueFlags = []string{"-c", "--config", "--default", "-E", "--enable", "-D", "--disable", "--enable-only", "--issues-exit-code",
	"--timeout", "--build-tags", "-j", "--concurrency", "--modules-download-mode", "--go", "--out-format", "--path-prefix", "--path-mode",
	"--new-from-rev", "--new-from-patch", "--new-from-merge-base", "--max-issues-per-linter", "--max-same-issues", "-e", "--exclude",
	"--exclude-dirs", "--exclude-files", "--skip-dirs", "--skip-files", "-p", "--presets", "--sort-order", "--color",
	"--cpu-profile-path", "--mem-profile-path", "--trace-path"}

// golangciTakesValue reports whether flag, a golangci-lint flag written without
// =value, takes the next word as its value: one of golangciValueFlags, or v2's
// --output.FORMAT.path.
func golangciTakesValue(flag string) bool {
	return slices.Contains(golangciValueFlags, flag) || strings.HasPrefix(flag, "--output.") && strings.HasSuffix(flag, ".path")
}

// golangciVetRun returns the golangci-lint run c as a command naming the package
// patterns its govet is given, for the modules they reach (see reachOf):
// golangci-lint lints ./... when given no path, and a path that does not start with
// . (services/billing/...) is taken from its directory (./services/billing/...);
// like go vet's, its patterns stop at a nested module's go.mod, so a module below
// the directory it runs in is reached only by a run there (golangci-lint-action's
// working-directory, a cd).
func golangciVetRun(c command) command {
	_, args := toolCall(c)
	if i := slices.Index(args, "run"); i >= 0 {
		args = args[i+1:]
	}
	var paths []string
	for _, w := range golangciFlags(args).args {
		if !strings.HasPrefix(w, ".") && !strings.HasPrefix(w, "$") && !strings.HasPrefix(w, "`") && !path.IsAbs(w) {
			w = "./" + w
		}
		paths = append(paths, w)
	}
	if len(paths) == 0 {
		paths = []string{"./..."}
	}
	c.words = append([]string{"golangci-lint", "run"}, paths...)
	return c
}

// golangciRunsVet reports whether the golangci-lint run c keeps govet, one of its
// default linters: by the configuration it reads (see golangciConfig) and the flags
// that change the linters. unread names a configuration this audit cannot read (not
// in the repository, or not parsed), so that it cannot tell.
func (a *auditor) golangciRunsVet(c command) (on bool, unread string) {
	run := golangciFlags(c.words)
	var l golangciLinters
	file, ok := a.golangciConfig(c, run)
	if !ok {
		return false, file
	}
	if file != "" {
		src, ok := a.r.ReadFile(file)
		if !ok {
			return false, file
		}
		if l, ok = readGolangciLinters(file, src); !ok {
			return false, file
		}
	}
	flags := run.flags
	if flags.Default != "" || flags.DisableAll || flags.EnableAll { // the flags choose the default set
		l.Default, l.DisableAll, l.EnableAll = flags.Default, flags.DisableAll, flags.EnableAll
	}
	l.Enable = append(l.Enable, flags.Enable...)
	l.Disable = append(l.Disable, flags.Disable...)
	l.only, l.fast = flags.only, flags.fast
	return l.vet(), ""
}

// golangciConfig returns the configuration file the golangci-lint run c reads:
// the file -c/--config names, none with --no-config, else the first of
// GolangciConfigs in its directory or one above it. ok is false when the file named
// is left to a variable or outside the repository (file is then returned as named).
func (a *auditor) golangciConfig(c command, run golangciRun) (string, bool) {
	switch {
	case run.noConfig:
		return "", true
	case run.named && (strings.Contains(run.file, "$") || path.IsAbs(run.file)):
		return run.file, false
	case run.named:
		return path.Join(c.dir, run.file), true
	}
	return a.b.findUp(c.dir, GolangciConfigs), true
}

// golangciExitsZero returns where the golangci-lint run c is told to exit 0
// whatever it finds (--issues-exit-code=0, or issues-exit-code = 0 in the run
// section of the configuration it reads, YAML, JSON or TOML), or nil: its findings
// fail nothing.
func (a *auditor) golangciExitsZero(c command) *repo.Evidence {
	run := golangciFlags(c.words)
	if run.exitCode != nil { // a flag over the configuration's
		if *run.exitCode == "0" {
			at := c.at
			return &at
		}
		return nil
	}
	file, ok := a.golangciConfig(c, run)
	if !ok || file == "" {
		return nil
	}
	src, ok := a.r.ReadFile(file)
	if !ok {
		return nil
	}
	if strings.HasSuffix(file, ".toml") {
		entries, _ := tomlEntries(string(src))
		for _, e := range entries {
			if e.key == "run.issues-exit-code" && e.value == "0" {
				at := a.r.At(file, e.line)
				return &at
			}
		}
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(src, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	if v := get(get(doc.Content[0], "run"), "issues-exit-code"); v != nil && v.Kind == yaml.ScalarNode && v.Value == "0" {
		at := a.r.At(file, v.Line)
		return &at
	}
	return nil
}

// readGolangciLinters reads the linters section of the golangci-lint configuration
// src, read from p: YAML, JSON (which YAML reads) or TOML (see tomlLinters).
func readGolangciLinters(p string, src []byte) (golangciLinters, bool) {
	if strings.HasSuffix(p, ".toml") {
		return tomlLinters(string(src))
	}
	var cfg struct {
		Linters golangciLinters `yaml:"linters"`
	}
	if yaml.Unmarshal(src, &cfg) != nil {
		return golangciLinters{}, false
	}
	return cfg.Linters, true
}

// tomlEntry is one key = value line of a TOML file: key with its table's name in
// front (linters.enable), value as written (an array over several lines joined on
// one), line the 1-based line of the key.
type tomlEntry struct {
	key, value string
	line       int
}

// tomlEntries reads the key = value lines of the TOML src, under the table headers
// before them. ok is false at a line that is neither (a multi-line string, say): the
// entries read up to it are returned.
func tomlEntries(src string) (entries []tomlEntry, ok bool) {
	table := ""
	lines := strings.Split(src, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(tomlComment(lines[i]))
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") {
			table = strings.TrimSpace(strings.Trim(line, "[]"))
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			return entries, false
		}
		e := tomlEntry{key: strings.Trim(strings.TrimSpace(key), `"'`), value: strings.TrimSpace(value), line: i + 1}
		if table != "" {
			e.key = table + "." + e.key
		}
		for strings.HasPrefix(e.value, "[") && strings.Count(e.value, "[") > strings.Count(e.value, "]") && i+1 < len(lines) {
			i++
			e.value += " " + strings.TrimSpace(tomlComment(lines[i]))
		}
		entries = append(entries, e)
	}
	return entries, true
}

// tomlLinters reads the keys of golangciLinters from the [linters] table of a TOML
// configuration (or linters.key at the top): strings, booleans and arrays of strings,
// an array over several lines too. Any other value of the table makes it unread.
func tomlLinters(src string) (golangciLinters, bool) {
	var l golangciLinters
	entries, ok := tomlEntries(src)
	if !ok {
		return l, false
	}
	str := func(v string) (string, bool) {
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			return v[1 : len(v)-1], true
		}
		return "", false
	}
	for _, e := range entries {
		key, ok := strings.CutPrefix(e.key, "linters.")
		if !ok || strings.Contains(key, ".") {
			continue // another table, or linters.settings
		}
		value := e.value
		switch key {
		case "default":
			if l.Default, ok = str(value); !ok {
				return l, false
			}
		case "disable-all", "enable-all":
			if value != "true" && value != "false" {
				return l, false
			}
			if key == "disable-all" {
				l.DisableAll = value == "true"
			} else {
				l.EnableAll = value == "true"
			}
		case "enable", "disable":
			if !strings.HasPrefix(value, "[") || !strings.HasSuffix(value, "]") {
				return l, false
			}
			var names []string
			for _, item := range strings.Split(strings.Trim(value, "[]"), ",") {
				if item = strings.TrimSpace(item); item == "" {
					continue
				}
				name, ok := str(item)
				if !ok {
					return l, false
				}
				names = append(names, name)
			}
			if key == "enable" {
				l.Enable = names
			} else {
				l.Disable = names
			}
		}
	}
	return l, true
}

// tomlComment returns line without a comment: from a # outside a string.
func tomlComment(line string) string {
	quote := byte(0)
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case quote != 0 && ch == quote:
			quote = 0
		case quote == 0 && (ch == '"' || ch == '\''):
			quote = ch
		case quote == 0 && ch == '#':
			return line[:i]
		}
	}
	return line
}

// rootPlace is the evidence for something absent from the whole repository: the
// module line of the root go.mod or, in a repository without go.mod, func main of
// the first main package, else the first line of the first Go file, else of the
// first build file. Only a repository with none of these has no place.
func (a *auditor) rootPlace() []repo.Evidence {
	for _, m := range a.r.Modules {
		return []repo.Evidence{a.r.At(path.Join(m.Dir, "go.mod"), 1)}
	}
	for _, m := range a.r.Mains {
		return []repo.Evidence{a.r.At(m.MainFile, m.MainLine)}
	}
	var first string
	for _, pkg := range a.r.Packages {
		for _, f := range pkg.Files {
			if first == "" || f.Path < first {
				first = f.Path
			}
		}
	}
	if first == "" {
		files := slices.Concat(a.r.Makefiles, a.r.Dockerfiles)
		for _, c := range a.r.CI {
			files = append(files, c.Path)
		}
		if len(files) == 0 {
			return nil
		}
		first = slices.Min(files)
	}
	return []repo.Evidence{a.r.At(first, 1)}
}

// publicHosts are code hosts whose modules are public unless GOPRIVATE says so.
var publicHosts = []string{"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "git.sr.ht", "gitea.com", "golang.org", "google.golang.org", "gopkg.in", "go.uber.org", "go.opentelemetry.io", "k8s.io", "sigs.k8s.io", "honnef.co", "cloud.google.com", "dario.cat", "go.yaml.in", "gotest.tools", "modernc.org"}

// publicCovered returns the public hosts (publicHosts) all of whose modules the
// GOPRIVATE or GONOSUMDB patterns match, or "any host" for a pattern that matches
// every module: a whole host's checksums left unchecked.
func publicCovered(patterns string) []string {
	const probe = "/someone/something" // any owner and repository on the host
	if module.MatchPrefixPatterns(patterns, "any.example"+probe) {
		return []string{"any host"}
	}
	var out []string
	for _, host := range publicHosts {
		if module.MatchPrefixPatterns(patterns, host+probe) {
			out = append(out, host)
		}
	}
	return out
}

// unheededVerify is the fix of a module verification whose failure CI ignores.
const unheededVerify = "let go mod verify fail the job: drop the || true, set +e, continue-on-error, allow_failure or - prefix"

func (a *auditor) checkModVerify() Result {
	fix := "gonew-prod add ci: go mod verify and -mod=readonly (-mod=vendor with a vendor directory) in CI."
	var fails, warns, fixes []string
	var failEv, warnEv, okEv []repo.Evidence
	for _, m := range a.r.Modules {
		gomod, sum := path.Join(m.Dir, "go.mod"), path.Join(m.Dir, "go.sum")
		if len(m.Requires) > 0 && !m.GoSum {
			fails = append(fails, sum+" is missing: dependencies are not pinned by checksum")
			failEv = append(failEv, a.r.At(gomod, 1))
			fixes = append(fixes, "run go mod tidy and commit go.sum")
		}
		switch at, by, ok := a.ignoredSum(sum); {
		case ok && by.File != "": // this clone's exclude file, or the user's
			fails = append(fails, fmt.Sprintf("%s is git-ignored (by %s:%d: %s), so it is never committed", sum, by.File, by.Line, by.Pattern))
			failEv = append(failEv, at)
			fixes = append(fixes, "commit go.sum with git add -f (git keeps a tracked file whatever the patterns say), or remove the pattern from "+by.File)
		case ok:
			fails = append(fails, sum+" is git-ignored, so it is never committed")
			failEv = append(failEv, at)
			fixes = append(fixes, "remove go.sum from .gitignore and commit it")
		}
	}
	settings := a.b.settings()
	var private []string
	for _, s := range settings {
		switch v := strings.TrimSpace(s.value); {
		case s.key == "GOSUMDB" && v == "off", s.key == "GONOSUMCHECK" && v == "1", s.key == "GONOSUMDB" && v == "*":
			fails = append(fails, s.key+"="+v+" turns the checksum database off")
			failEv = append(failEv, s.at)
			fixes = append(fixes, "remove "+s.key+" and list private modules in GOPRIVATE instead")
		case s.key == "GOINSECURE" && v != "":
			fails = append(fails, "GOINSECURE="+v+" fetches modules over plain HTTP without checks")
			failEv = append(failEv, s.at)
			fixes = append(fixes, "remove GOINSECURE and serve the modules over HTTPS")
		case s.key == "GOFLAGS" && strings.Contains(v, "-insecure"):
			fails = append(fails, "GOFLAGS=-insecure fetches modules without checks")
			failEv = append(failEv, s.at)
			fixes = append(fixes, "remove -insecure from GOFLAGS")
		case (s.key == "GOPRIVATE" || s.key == "GONOSUMDB") && len(publicCovered(v)) > 0:
			fails = append(fails, fmt.Sprintf("%s=%s turns the checksum database off for every module on %s", s.key, v, strings.Join(publicCovered(v), ", ")))
			failEv = append(failEv, s.at)
			fixes = append(fixes, "list only the private modules' paths in "+s.key+" (example.com/acme/*), never a whole public host or *")
		case s.key == "GOPRIVATE" || s.key == "GONOSUMDB":
			private = append(private, v)
		}
	}
	var verified []repo.Evidence
	var unheeded []repo.Evidence // the first verification whose failure CI ignores: where, then the command
	// readonlyFlags returns the GOFLAGS that c, a go build or go test, runs with (its
	// own or the CI's: a step's env: replaces its job's) when their last -mod is
	// -mod=readonly, read as the go command reads them (repo.GOFLAG); or "".
	readonlyFlags := func(c command) string {
		flags, _ := c.runEnv("GOFLAGS")
		if (c.is("go", "build") || c.is("go", "test")) && repo.GOFLAG(flags, "mod") == "readonly" {
			return flags
		}
		return ""
	}
	verifies := func(c command) bool {
		return c.is("go", "mod", "verify") || (c.is("go", "build") || c.is("go", "test")) && slices.Contains(c.words, "-mod=readonly") || readonlyFlags(c) != ""
	}
	for _, c := range a.b.ciCommands(true) {
		if !verifies(c) {
			continue
		}
		switch {
		case c.ignored == nil:
			if flags := readonlyFlags(c); flags != "" {
				verified = append(verified, a.b.ciSettingAt(c, "GOFLAGS", flags)...)
			}
			verified = append(verified, c.evidence()...)
		case unheeded == nil && *c.ignored != c.at:
			unheeded = append([]repo.Evidence{*c.ignored}, c.evidence()...)
		case unheeded == nil:
			unheeded = c.evidence()
		}
	}
	noCI := len(a.b.ci) == 0 && len(a.b.unreadCI) == 0
	declined, isDeclined := a.declined(a.under, "ci", "CI")
	stale := a.b.staleRecipes(verifies) // after ciCommands, which finds them
	scripts, scriptsEv := a.b.scriptsUnread()
	var unknowns []string
	var unknownEv []repo.Evidence
	switch {
	case len(verified) > 0:
		okEv = append(okEv, first(verified)...)
	case len(unheeded) > 0:
		warns = append(warns, "CI runs go mod verify (or -mod=readonly) but ignores the failure (|| true, set +e before it, continue-on-error, allow_failure, the - prefix of a make recipe line, ...), so a module that does not match go.sum never fails the pipeline")
		warnEv = append(warnEv, unheeded...)
		fixes = append(fixes, unheededVerify)
		fix = upperFirst(unheededVerify) + ", or run " + fix
	case noCI && len(a.b.otherCI) > 0:
		unknowns = append(unknowns, "this CI is not read (GitHub Actions and GitLab CI are): check by hand that it runs go mod verify or builds with -mod=readonly")
		unknownEv = append(unknownEv, a.r.At(a.b.otherCI[0].Path, 1))
	case noCI && isDeclined:
		okEv = append(okEv, declined.Evidence...)
	case slices.ContainsFunc(a.b.ci, func(c *ciFile) bool { return len(c.notes) > 0 }):
		unknowns = append(unknowns, "CI neither runs go mod verify nor builds with -mod=readonly in the files read; included files, actions or workflows of other repositories that were not read may")
		for _, c := range a.b.ci {
			unknownEv = append(unknownEv, c.notes...)
		}
	case len(a.b.unreadCI) > 0:
		unknowns = append(unknowns, strings.Join(a.b.unreadCI, ", ")+" could not be read: check by hand that CI runs go mod verify or builds with -mod=readonly")
		for _, f := range a.b.unreadCI {
			unknownEv = append(unknownEv, a.r.At(f, 1))
		}
	case len(a.b.otherCI) > 0: // beside the CI read, which runs neither
		other, ev := a.b.otherCIUnread()
		unknowns = append(unknowns, "CI neither runs go mod verify nor builds with -mod=readonly in the files read; "+other)
		unknownEv = append(unknownEv, ev...)
	case len(a.b.runnerCalls()) > 0 || scripts != "":
		runners, ev := a.b.runnersUnread()
		var parts []string
		if runners != "" {
			parts = append(parts, runners+" and may")
		}
		if scripts != "" {
			parts = append(parts, scripts+", which may")
		}
		unknowns = append(unknowns, "CI neither runs go mod verify nor builds with -mod=readonly in the files read; "+strings.Join(parts, "; "))
		unknownEv = append(append(unknownEv, ev...), scriptsEv...)
	case stale.may != "":
		unknowns = append(unknowns, "CI neither runs go mod verify nor builds with -mod=readonly in the files read; "+stale.may)
		unknownEv = append(unknownEv, stale.mayEv...)
	case stale.never != "":
		warns = append(warns, "CI neither runs go mod verify nor builds with -mod=readonly: "+stale.never)
		warnEv = append(warnEv, stale.neverEv...)
		fix = "List the target in .PHONY (.PHONY: " + strings.Join(stale.targets, " ") + ") so that make runs its recipe whatever files are there; or run " + fix
	default:
		dormant, dormantEv := a.b.dormantCI()
		warns = append(warns, "CI neither runs go mod verify nor builds with -mod=readonly"+dormant)
		if len(a.b.ci) > 0 {
			warnEv = append(warnEv, a.r.At(a.b.ci[0].path, 1))
		} else {
			warnEv = append(warnEv, a.rootPlace()...)
		}
		warnEv = append(warnEv, dormantEv...)
	}
	ciUnknown, unknownFix := len(unknowns) > 0, fix
	for _, pr := range a.r.Problems {
		if path.Base(pr.File) != "go.mod" {
			continue
		}
		// Not among the modules: what it requires, and whether a go.sum pins it, is not known.
		why, _, _ := strings.Cut(pr.String(), "\n")
		unknowns = append(unknowns, pr.File+" could not be read or parsed ("+why+"): what it requires, and whether go.sum pins it, is not known")
		unknownEv = append(unknownEv, a.r.At(pr.File, 1))
		if !ciUnknown {
			unknownFix = "Fix " + pr.File + " so that it parses (at the line the error names), then run the audit again."
		}
	}
	local := map[string]bool{} // modules of this repository, found on disk, never fetched
	for _, m := range a.r.Modules {
		local[m.Path] = true
	}
	for _, m := range a.r.Modules {
		host, _, _ := strings.Cut(m.Path, "/")
		if !strings.Contains(host, ".") || slices.Contains(publicHosts, host) {
			continue
		}
		for _, req := range m.Requires {
			if local[req.Path] || !strings.HasPrefix(req.Path, host+"/") || slices.ContainsFunc(private, func(pat string) bool { return module.MatchPrefixPatterns(pat, req.Path) }) {
				continue
			}
			warns = append(warns, fmt.Sprintf("%s looks private (same host as %s) but no GOPRIVATE or GONOSUMDB in the build files covers it", req.Path, m.Path))
			warnEv = append(warnEv, a.r.At(path.Join(m.Dir, "go.mod"), req.Line))
		}
	}
	switch {
	case len(fails) > 0:
		// A go.sum missing or ignored and a checksum bypass are fixed by hand: only
		// the warnings beside them (CI that does not verify) are add ci's to fix.
		return Result{Status: Fail, Message: strings.Join(append(fails, warns...), "; "), Evidence: append(failEv, warnEv...), Fix: upperFirst(strings.Join(dedupe(fixes), "; ")) + ".", noComponent: len(warns) == 0}
	case len(warns) > 0:
		return Result{Status: Warn, Message: strings.Join(warns, "; "), Evidence: append(warnEv, okEv...), Fix: fix}
	case len(unknowns) > 0:
		return Result{Status: Unknown, Message: strings.Join(unknowns, "; "), Evidence: append(unknownEv, okEv...), Fix: unknownFix, noComponent: !ciUnknown}
	}
	var sums []repo.Evidence
	sum := "go.sum present"
	required := false
	for _, m := range a.r.Modules {
		sums = append(sums, a.r.At(path.Join(m.Dir, "go.mod"), 1))
		required = required || len(m.Requires) > 0
		if !m.GoSum {
			sum = "go.sum present where modules are required"
		}
	}
	if !required && (len(a.r.Modules) == 0 || slices.ContainsFunc(a.r.Modules, func(m *repo.Module) bool { return !m.GoSum })) {
		sum = "no go.sum needed (no module requires another)"
	}
	if len(verified) == 0 { // CI left out on purpose
		return Result{Status: Pass, Message: sum + ", no checksum bypass; no CI to verify modules, left out on purpose: the features of " + a.record(a.under).at.File + " do not include ci", Evidence: append(okEv, sums...), Fix: declined.Fix, Missing: true}
	}
	return Result{Status: Pass, Message: sum + ", CI verifies modules, no checksum bypass", Evidence: append(okEv, sums...)}
}

// GitIgnores is git's own answer, in a git work tree, to which of some files of the
// repository it ignores (see Options.Git): a file a pattern of a .gitignore, of
// .git/info/exclude or of the core.excludesFile matches, and that git does not track
// (a tracked file is committed whatever the patterns say).
type GitIgnores struct {
	// Asked are the files git was asked about, slash-separated from the root.
	Asked []string
	// Ignored are those of Asked that git ignores, each with the pattern that does.
	Ignored map[string]GitPattern
}

// GitPattern is a pattern of git's ignore files: the file, slash-separated from the
// root (through ../ for one above it) or absolute for one outside the work tree (a
// linked work tree's .git/info/exclude, the core.excludesFile), its line and the
// pattern.
type GitPattern struct {
	File    string
	Line    int
	Pattern string
}

// SumFiles returns the go.sum of each module of r, slash-separated from the root:
// the files modverify asks git about (see Options.Git).
func SumFiles(r *repo.Repo) []string {
	var out []string
	for _, m := range r.Modules {
		if p := path.Join(m.Dir, "go.sum"); fs.ValidPath(p) {
			out = append(out, p)
		}
	}
	return out
}

// ignoredSum reports whether git ignores p, the go.sum of a module, and where: git's
// own answer when it was asked (Options.Git), else the .gitignore files' (see
// ignored). by is the pattern when it is not a .gitignore's of the repository
// (.git/info/exclude, the core.excludesFile); the evidence is then its line when the
// file is inside the root, else p itself.
func (a *auditor) ignoredSum(p string) (at repo.Evidence, by GitPattern, ok bool) {
	if a.git == nil || !slices.Contains(a.git.Asked, p) {
		at, ok := a.ignored(p)
		return at, GitPattern{}, ok
	}
	pat, ok := a.git.Ignored[p]
	switch {
	case !ok:
		return repo.Evidence{}, GitPattern{}, false
	case path.Base(pat.File) == ".gitignore" && fs.ValidPath(pat.File):
		return a.r.At(pat.File, pat.Line), GitPattern{}, true
	case fs.ValidPath(pat.File):
		return repo.Evidence{File: pat.File, Line: pat.Line, Snippet: pat.Pattern}, pat, true
	}
	return a.r.At(p, 1), pat, true
}

// ignored reports whether git ignores the file at p, as the .gitignore files of
// the repository say, and the line of the pattern that decides: a directory above p
// that is ignored takes p with it (git does not look inside it); else the last
// pattern that matches p wins, those of a deeper .gitignore over a shallower one's.
func (a *auditor) ignored(p string) (repo.Evidence, bool) {
	parts := strings.Split(p, "/")
	for i := 1; i <= len(parts); i++ {
		if at, ok := a.ignoredAs(strings.Join(parts[:i], "/"), i < len(parts)); ok {
			return at, true
		}
	}
	return repo.Evidence{}, false
}

// ignoredAs reports whether the last pattern of the .gitignore files from the root
// down to p's directory that matches p (a directory when dir is set) ignores it, and
// where that pattern is.
func (a *auditor) ignoredAs(p string, dir bool) (repo.Evidence, bool) {
	var at repo.Evidence
	ignored := false
	base := "."
	for {
		file := path.Join(base, ".gitignore")
		rel := strings.TrimPrefix(p, base+"/")
		if base == "." {
			rel = p
		}
		if src, ok := a.r.ReadFile(file); ok {
			for i, line := range strings.Split(string(src), "\n") {
				if negated, ok := gitignoreMatch(line, rel, dir); ok {
					ignored, at = !negated, a.r.At(file, i+1)
				}
			}
		}
		next, _, more := strings.Cut(rel, "/")
		if !more {
			break
		}
		base = path.Join(base, next)
	}
	return at, ignored
}

// gitignoreMatch reports whether a line of a .gitignore matches rel, a path relative
// to that file's directory (a directory when dir is set), and whether the line is a
// negation (!pattern). A pattern without a slash but at its end matches a name at any
// depth; one with a slash matches from the .gitignore's directory, ** standing for
// any number of directories, none included.
func gitignoreMatch(line, rel string, dir bool) (negated, ok bool) {
	line = strings.TrimRight(strings.TrimSuffix(line, "\r"), " \t")
	if line == "" || strings.HasPrefix(line, "#") {
		return false, false
	}
	if negated = strings.HasPrefix(line, "!"); negated {
		line = line[1:]
	}
	line = strings.TrimPrefix(line, "\\") // \# and \! stand for themselves
	pattern, dirOnly := strings.CutSuffix(line, "/")
	if pattern == "" || dirOnly && !dir {
		return negated, false
	}
	if !strings.Contains(pattern, "/") {
		return negated, globSegments([]string{pattern}, []string{path.Base(rel)})
	}
	return negated, globSegments(strings.Split(strings.TrimPrefix(pattern, "/"), "/"), strings.Split(rel, "/"))
}

// globSegments matches the segments of a path against those of a pattern, a ** segment
// matching any number of them. Each pair of a pattern position and a name position
// is matched once, from the ends: the cost is len(pattern)·len(name) whatever the
// number of ** segments.
func globSegments(pattern, name []string) bool {
	next := make([]bool, len(name)+1) // next[j]: pattern[i+1:] matches name[j:]
	next[len(name)] = true
	for i := len(pattern) - 1; i >= 0; i-- {
		cur := make([]bool, len(name)+1)
		for j := len(name); j >= 0; j-- {
			switch {
			case pattern[i] == "**":
				cur[j] = next[j] || j < len(name) && cur[j+1]
			case j < len(name):
				ok, _ := path.Match(pattern[i], name[j])
				cur[j] = ok && next[j+1]
			}
		}
		next = cur
	}
	return next[0]
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
