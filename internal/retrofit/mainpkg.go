package retrofit

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/token"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// goFile is a file of the main package as the wiring reads it.
type goFile struct {
	path    string // repository path
	syntax  *ast.File
	content []byte
	names   map[string]string // import path -> the name the file uses for it
}

// src returns the source text of n.
func (f *goFile) src(fset *token.FileSet, n ast.Node) string {
	start, end := fset.Position(n.Pos()).Offset, fset.Position(n.End()).Offset
	if start < 0 || end > len(f.content) || start > end {
		return ""
	}
	return string(f.content[start:end])
}

// pkgNamed returns the import path the file imports as name, or "".
func (f *goFile) pkgNamed(name string) string {
	for p, n := range f.names {
		if n == name {
			return p
		}
	}
	return ""
}

// qualified returns the import path and the name of e when it is pkg.Name for a package
// the file imports.
func (f *goFile) qualified(e ast.Expr) (pkgPath, name string, ok bool) {
	sel, isSel := e.(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	pkg, isIdent := sel.X.(*ast.Ident)
	if !isIdent {
		return "", "", false
	}
	if p := f.pkgNamed(pkg.Name); p != "" {
		return p, sel.Sel.Name, true
	}
	return "", "", false
}

// mainPkg is the main package's files that the default build compiles, with what the
// wiring looks up across them: functions and variables declared at package level, and
// the types of struct fields by name.
type mainPkg struct {
	fset  *token.FileSet
	files []*goFile
	funcs map[string]funcDecl
	// imported are the functions of the repository packages the main package imports
	// and that are parsed whole (see loadProgram), by import path and name: their
	// declared results tell the type of what main builds with them.
	imported map[string]map[string]funcDecl
	// others are the files of those packages; methods and otherFields their exported
	// methods and struct fields by name, for a value of one of their types (a.Router(),
	// a.Engine), matched by name as fields are; a name declared twice is left out.
	others      []*goFile
	methods     map[string]funcDecl
	otherFields map[string]origin
	inits       []*ast.FuncDecl // the init functions, which funcs cannot hold: there may be several
	vars        map[string]origin
	fields      map[string]origin // field name -> its type (origin.typ)
	// unbuilt are the files of the main package that the default build leaves out (a
	// main_windows.go on Linux): another GOOS, GOARCH or build tag compiles them.
	unbuilt []*goFile
}

// funcDecl is a function declared at package level.
type funcDecl struct {
	file *goFile
	decl *ast.FuncDecl
}

// origin is where a name gets its value or its type.
type origin struct {
	file *goFile
	name string
	fn   *ast.FuncDecl // the function declaring it, nil at package level
	// stmt is the statement declaring it inside fn (an assignment or a var declaration),
	// nil for a parameter or a package-level variable.
	stmt  ast.Stmt
	value ast.Expr // the value it is given, nil when only its type is declared
	index int      // which result of value, a call returning several
	typ   ast.Expr // its declared type, nil when not declared
}

// builds reports whether the default build context (GOOS, GOARCH, cgo and build tags of
// this process) compiles the file name of content, as go build and go vet do.
func builds(name string, content []byte) bool {
	ctxt := build.Default
	ctxt.JoinPath = path.Join
	ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(content)), nil }
	ok, err := ctxt.MatchFile(".", path.Base(name))
	return err == nil && ok
}

// loadMain returns the files of the main package that the default build compiles, but the
// generated wiring file, with what is declared across them, and those it leaves out. The
// files the record own lists as gonew-prod's (an earlier add's platform packages, which
// set providers and memory limits of their own) are none of the program's: left out.
func loadMain(r *repo.Repo, main *repo.Main, own *generator.Record) *mainPkg {
	m := &mainPkg{fset: r.Fset, funcs: map[string]funcDecl{}, imported: map[string]map[string]funcDecl{}, vars: map[string]origin{}, fields: map[string]origin{},
		methods: map[string]funcDecl{}, otherFields: map[string]origin{}}
	// Names declared twice, of methods and of fields: left out.
	twiceMethods, twiceFields := map[string]bool{}, map[string]bool{}
	byPath := map[string]*repo.Package{}
	for _, p := range main.Program {
		if p.ImportPath != "" {
			byPath[p.ImportPath] = p
		}
	}
	goFiles := func(pkg *repo.Package) []*goFile {
		var out []*goFile
		for _, f := range pkg.AllFiles() {
			content, _ := r.ReadFile(f.Path)
			if f.Syntax == nil || !f.Full || path.Base(f.Path) == wiringFile {
				continue
			}
			if e := own.Entry(f.Path); e != nil && e.Owner == generator.OwnerTool {
				continue
			}
			gf := &goFile{path: f.Path, syntax: f.Syntax, content: content, names: importNames(f.Syntax)}
			if !builds(f.Path, content) {
				if pkg == main.Package {
					m.unbuilt = append(m.unbuilt, gf)
				}
				continue
			}
			for _, spec := range f.Syntax.Imports {
				// A package of the repository is named by its package clause, which
				// the last element of its path need not be (internal/http-routes).
				if p, err := strconv.Unquote(spec.Path.Value); err == nil && spec.Name == nil && byPath[p] != nil {
					gf.names[p] = byPath[p].Name
				}
			}
			out = append(out, gf)
		}
		return out
	}
	for _, pkg := range main.Program {
		if pkg == main.Package || pkg.ImportPath == "" {
			continue
		}
		for _, gf := range goFiles(pkg) {
			m.others = append(m.others, gf)
			for _, d := range gf.syntax.Decls {
				d, ok := d.(*ast.FuncDecl)
				switch {
				case !ok || !d.Name.IsExported():
				case d.Recv == nil:
					if m.imported[pkg.ImportPath] == nil {
						m.imported[pkg.ImportPath] = map[string]funcDecl{}
					}
					m.imported[pkg.ImportPath][d.Name.Name] = funcDecl{gf, d}
				case twiceMethods[d.Name.Name]:
				case m.methods[d.Name.Name].decl != nil:
					delete(m.methods, d.Name.Name)
					twiceMethods[d.Name.Name] = true
				default:
					m.methods[d.Name.Name] = funcDecl{gf, d}
				}
			}
			ast.Inspect(gf.syntax, func(n ast.Node) bool {
				st, ok := n.(*ast.StructType)
				if !ok {
					return true
				}
				for _, field := range st.Fields.List {
					for _, id := range field.Names {
						switch {
						case !id.IsExported() || twiceFields[id.Name]:
						case m.otherFields[id.Name].file != nil:
							delete(m.otherFields, id.Name)
							twiceFields[id.Name] = true
						default:
							m.otherFields[id.Name] = origin{file: gf, name: id.Name, typ: field.Type}
						}
					}
				}
				return true
			})
		}
	}
	for _, gf := range goFiles(main.Package) {
		m.files = append(m.files, gf)
		for _, d := range gf.syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				switch {
				case d.Recv != nil:
				case d.Name.Name == "init":
					m.inits = append(m.inits, d)
				default:
					m.funcs[d.Name.Name] = funcDecl{gf, d}
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if vs, ok := s.(*ast.ValueSpec); ok {
						for i, id := range vs.Names {
							o := origin{file: gf, name: id.Name, typ: vs.Type}
							o.value, o.index = valueAt(vs.Names, vs.Values, i)
							m.vars[id.Name] = o
						}
					}
				}
			}
		}
		ast.Inspect(gf.syntax, func(n ast.Node) bool {
			if st, ok := n.(*ast.StructType); ok {
				for _, field := range st.Fields.List {
					for _, id := range field.Names {
						m.fields[id.Name] = origin{file: gf, name: id.Name, typ: field.Type}
					}
				}
			}
			return true
		})
	}
	return m
}

// valueAt returns the value the i-th of names gets from values, and which result of it.
func valueAt[T any](names []T, values []ast.Expr, i int) (ast.Expr, int) {
	switch {
	case len(values) == len(names):
		return values[i], 0
	case len(values) == 1:
		return values[0], i
	}
	return nil, 0
}

// importNames maps the import paths of a file to the names it uses for them.
func importNames(f *ast.File) map[string]string {
	names := map[string]string{}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := p[strings.LastIndex(p, "/")+1:]
		if strings.HasPrefix(name, "v") && isDigits(name[1:]) && strings.Contains(p, "/") {
			q := p[:strings.LastIndex(p, "/")]
			name = q[strings.LastIndex(q, "/")+1:]
		}
		if spec.Name != nil {
			name = spec.Name.Name
		}
		names[p] = name
	}
	return names
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// lookup finds where name, used inside fn of f (nil at package level), is declared: a
// parameter, an assignment or a var declaration in fn (the first in source order), else
// a package-level variable.
func (m *mainPkg) lookup(f *goFile, fn *ast.FuncDecl, name string) (origin, bool) {
	if fn != nil {
		var found *origin
		fields := func(list *ast.FieldList) {
			if list == nil || found != nil {
				return
			}
			for _, field := range list.List {
				for _, id := range field.Names {
					if id.Name == name && found == nil {
						found = &origin{file: f, name: name, fn: fn, typ: field.Type}
					}
				}
			}
		}
		fields(fn.Recv)
		fields(fn.Type.Params)
		fields(fn.Type.Results)
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			switch s := n.(type) {
			case *ast.FuncLit:
				fields(s.Type.Params)
			case *ast.AssignStmt:
				for i, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name {
						o := origin{file: f, name: name, fn: fn, stmt: s}
						o.value, o.index = valueAt(s.Lhs, s.Rhs, i)
						found = &o
						return false
					}
				}
			case *ast.DeclStmt:
				gd, ok := s.Decl.(*ast.GenDecl)
				if !ok {
					return true
				}
				for _, spec := range gd.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for i, id := range vs.Names {
						if id.Name == name {
							o := origin{file: f, name: name, fn: fn, stmt: s, typ: vs.Type}
							o.value, o.index = valueAt(vs.Names, vs.Values, i)
							found = &o
							return false
						}
					}
				}
			}
			return true
		})
		if found != nil {
			return *found, true
		}
	}
	o, ok := m.vars[name]
	return o, ok
}

// kind is what a value is, as far as the code tells: a router of a framework, or an
// http.Server (lit is its composite literal when the code builds it).
type kind struct {
	framework repo.Framework
	server    bool
	pointer   bool // *http.Server
	lit       *ast.CompositeLit
	// own is set for a value of a type the package declares itself (an unqualified
	// name): neither a server nor a router, whatever its methods are called; name is
	// that type's.
	own  bool
	name string
	// typ is the import path and name of a type a repository package declares, of a
	// value one of its functions returns (server.New() returning *Server:
	// "example.com/x/server.Server"): neither a server nor a router add can wire.
	typ string
}

// routerName is a name a package declares for routers of its framework.
type routerName struct {
	path, name string
	framework  repo.Framework
}

// frameworkOf returns the framework of pkgPath.name in names.
func frameworkOf(names []routerName, pkgPath, name string) (repo.Framework, bool) {
	for _, n := range names {
		if n.path == pkgPath && n.name == name {
			return n.framework, true
		}
	}
	return "", false
}

// routerBuilders are the functions that build a router, per framework.
var routerBuilders = []routerName{
	{"github.com/gin-gonic/gin", "Default", repo.Gin},
	{"github.com/gin-gonic/gin", "New", repo.Gin},
	{"github.com/labstack/echo/v5", "New", repo.Echo5},
	{"github.com/labstack/echo/v4", "New", repo.Echo4},
	{"github.com/go-chi/chi/v5", "NewRouter", repo.Chi},
	{"github.com/go-chi/chi", "NewRouter", repo.Chi},
	{"github.com/gorilla/mux", "NewRouter", repo.Gorilla},
	{"net/http", "NewServeMux", repo.NetHTTP},
}

// routerTypes are the types of routers, per framework.
var routerTypes = []routerName{
	{"github.com/gin-gonic/gin", "Engine", repo.Gin},
	{"github.com/labstack/echo/v5", "Echo", repo.Echo5},
	{"github.com/labstack/echo/v4", "Echo", repo.Echo4},
	{"github.com/go-chi/chi/v5", "Mux", repo.Chi},
	{"github.com/go-chi/chi/v5", "Router", repo.Chi},
	{"github.com/go-chi/chi", "Mux", repo.Chi},
	{"github.com/go-chi/chi", "Router", repo.Chi},
	{"github.com/gorilla/mux", "Router", repo.Gorilla},
	{"net/http", "ServeMux", repo.NetHTTP},
}

// builder returns the framework of the router call e builds, when it is a builder.
func (f *goFile) builder(e ast.Expr) (repo.Framework, bool) {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	p, name, ok := f.qualified(call.Fun)
	if !ok {
		return "", false
	}
	return frameworkOf(routerBuilders, p, name)
}

// typeKind returns the kind of a value of the type t, written in f.
func (f *goFile) typeKind(t ast.Expr) kind {
	var k kind
	if star, ok := t.(*ast.StarExpr); ok {
		t, k.pointer = star.X, true
	}
	p, name, ok := f.qualified(t)
	if !ok {
		if id, local := t.(*ast.Ident); local {
			return kind{own: true, name: id.Name}
		}
		return kind{}
	}
	if p == "net/http" && name == "Server" {
		k.server = true
		return k
	}
	fw, _ := frameworkOf(routerTypes, p, name)
	return kind{framework: fw}
}

// maxDepth bounds how far the wiring follows names to values (a := b; b := a).
const maxDepth = 8

// kindOf returns the kind of e, used inside fn of f.
func (m *mainPkg) kindOf(f *goFile, fn *ast.FuncDecl, e ast.Expr, depth int) kind {
	if depth > maxDepth {
		return kind{}
	}
	switch e := unparen(e).(type) {
	case *ast.Ident:
		o, ok := m.lookup(f, fn, e.Name)
		if !ok {
			return kind{}
		}
		if o.typ != nil {
			return o.file.typeKind(o.typ)
		}
		if o.value == nil {
			return kind{}
		}
		if o.index > 0 {
			return m.resultKind(o.file, o.value, o.index)
		}
		return m.kindOf(o.file, o.fn, o.value, depth+1)
	case *ast.SelectorExpr:
		if o, ok := m.fields[e.Sel.Name]; ok {
			return o.file.typeKind(o.typ)
		}
		if o, ok := m.otherFields[e.Sel.Name]; ok {
			k := o.file.typeKind(o.typ)
			k.own, k.name = false, "" // a type of the other package, not of package main
			return k
		}
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			k := m.kindOf(f, fn, e.X, depth+1)
			k.pointer = k.server
			return k
		}
	case *ast.CompositeLit:
		k := f.typeKind(e.Type)
		if k.server {
			k.lit = e
		}
		return k
	case *ast.CallExpr:
		if fw, ok := f.builder(e); ok {
			return kind{framework: fw}
		}
		return m.resultKind(f, e, 0)
	}
	return kind{}
}

// resultKind returns the kind of the index-th result of call (in f) when it calls a
// function whose results say: one of the package, or of a repository package it
// imports (routes.New() returning *gin.Engine).
func (m *mainPkg) resultKind(f *goFile, e ast.Expr, index int) kind {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return kind{}
	}
	var fd funcDecl
	imported, pkg := false, ""
	switch fun := call.Fun.(type) {
	case *ast.Ident:
		fd, ok = m.funcs[fun.Name]
	case *ast.SelectorExpr:
		if p, name, qualified := f.qualified(fun); qualified {
			fd, ok = m.imported[p][name]
			pkg = p
		} else {
			fd, ok = m.methods[fun.Sel.Name] // a method of a repository package's type
		}
		imported = true
	default:
		ok = false
	}
	if !ok || fd.decl.Type.Results == nil {
		return kind{}
	}
	i := 0
	for _, field := range fd.decl.Type.Results.List {
		n := max(1, len(field.Names))
		if index < i+n {
			k := fd.file.typeKind(field.Type)
			if imported {
				if k.own && pkg != "" {
					k.typ = pkg + "." + k.name // server.New() returning *Server: a server.Server
				}
				k.own, k.name = false, "" // a type of the other package, not of package main
			}
			return k
		}
		i += n
	}
	return kind{}
}

// returned returns the expression fd returns as its index-th result: the one expression
// all its return statements but those returning nil agree on, else nil.
func returned(fd funcDecl, index int, fset *token.FileSet) ast.Expr {
	var out ast.Expr
	same := true
	ast.Inspect(fd.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if index >= len(n.Results) {
				return true
			}
			r := n.Results[index]
			if id, ok := r.(*ast.Ident); ok && id.Name == "nil" {
				return true
			}
			if out != nil && fd.file.src(fset, out) != fd.file.src(fset, r) {
				same = false
			}
			out = r
		}
		return true
	})
	if !same {
		return nil
	}
	return out
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// enclosing returns the function declaration of f that holds pos, or nil.
func (f *goFile) enclosing(pos token.Pos) *ast.FuncDecl {
	for _, d := range f.syntax.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Pos() <= pos && pos < fd.End() {
			return fd
		}
	}
	return nil
}
