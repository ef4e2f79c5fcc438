package audit

import (
	"cmp"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// program indexes the Go code of one main package and the repository packages it
// imports: every call, composite literal, field assignment, qualified reference and
// path-like string literal, each with its file and enclosing function. The programs
// of one repository are views of one index of all their packages (see newIndex and
// view): the maps keyed by node or by "importpath.Name" are shared, and what is
// listed or looked up by name is the program's own.
type program struct {
	// signalReads counts the expressions signalSource has read, its cost (see
	// TestDrainContextFanIn).
	signalReads int
	r           *repo.Repo
	main        *repo.Main
	calls       []call
	lits        []lit
	sets        []fieldSet
	refs        []ref
	sels        []site    // unqualified selectors (x.Field), by Sel
	uses        []ref     // identifiers naming a function of their own package
	paths       []pathLit // string literals that start with "/", and "Authorization"
	// fnID maps each function (declaration or literal) to the id of the declaration
	// holding it: "importpath.Name" (methods by name alone).
	fnID map[ast.Node]string
	// defs maps a function to what each name is assigned in it.
	defs map[ast.Node]map[string][]ast.Expr
	// parent maps each function literal to the function it is written in.
	parent map[ast.Node]ast.Node
	// wrappers are the functions returning an http.Server built from their parameters,
	// by "importpath.Func".
	wrappers map[string]wrapper
	// imports lists, per import path, where the program imports it.
	imports map[string][]site
	// types and funcs are the type declarations and the functions (not methods) of
	// the program, by "importpath.Name"; shutdowns holds the ids of the types that
	// declare a Shutdown method themselves.
	types     map[string]decl[*ast.TypeSpec]
	funcs     map[string]decl[*ast.FuncDecl]
	shutdowns map[string]bool
	// goLits are the function literals run as goroutines (go func() {...}(),
	// g.Go(func() error {...})), goFuncs the ids of functions started with go f().
	goLits  map[ast.Node]bool
	goFuncs map[string]bool
	// globals maps each package-level variable or constant, by "importpath.Name",
	// to the values it is declared with.
	globals map[string][]decl[ast.Expr]
	// pkgs holds the import paths of the program's packages.
	pkgs map[string]bool
	// methods are the method declarations of the program, by name.
	methods map[string][]decl[*ast.FuncDecl]
	// keyed are the elements Name: value of composite literals whose type is not a
	// type of another module (a struct of the program, or elided), as field sets
	// without a target.
	keyed []fieldSet
	// funcNames holds the names of the funcs, for a cheap first test of identifiers.
	funcNames map[string]bool
	// liveIDs caches live, escapedIDs escaped, serverSites servers, serveSites
	// serveCalls and shutdownSites shutdownCalls.
	liveIDs    map[string]bool
	escapedIDs map[string]bool
	// liveEdges are the calls and references between functions that live follows,
	// sureIDs the functions main's flow runs without a method selection of several
	// methods (see dispatch), and dispatches those selections.
	liveEdges  map[string][]string
	sureIDs    map[string]bool
	dispatches []dispatch
	// chosen fixes, for a program judged with one of its dispatches running one
	// method (see choosing), the method id of that selection, by its node.
	chosen map[ast.Node]string
	// reachFrom caches, by method id, what the liveEdges reach from it (see alternative).
	reachFrom map[string]map[string]bool
	// holderUses caches, by statement and variable, whether the statement may leave
	// or use the variable (see setReplaced).
	holderUses map[holderUse]bool
	// fieldChangesOf caches fieldChanges, and funcLitsOf the function literals of
	// each body fieldReachOf reads.
	fieldChangesOf map[fieldChangesKey][]fieldChange
	// methodLeavesOf caches methodLeaves, by method name and field path.
	methodLeavesOf map[[2]string]bool
	funcLitsOf     map[*ast.BlockStmt][]ast.Node
	// callsByFn and setsByFn index the calls and field sets by the function they are
	// written in (see callsIn, setsIn).
	callsByFn map[ast.Node][]call
	setsByFn  map[ast.Node][]fieldSet
	// isolatedOf caches isolated.
	isolatedOf map[isolatedKey]bool
	// defaultMounts caches mountsDefaultMux by call or set, shared by the programs of
	// an index.
	defaultMounts map[ast.Node]bool
	// typed caches methodsOf by selection, shared by the programs of an index;
	// escapedByName caches escapedMethods.
	typed         map[selKey]typedSel
	escapedByName map[string][]string
	serverSites   *[]server
	serveSites    *[]call
	shutdownSites *[]call
	// routeLits are the string literals in route position, routeNames the names
	// passed in that position, and litNames the name each literal is assigned to; the
	// pathLits are marked from them once indexing is done.
	routeLits  map[*ast.BasicLit]bool
	routeNames map[string]bool
	litNames   map[*ast.BasicLit]string
	// consts are the package-level constants of the indexed packages, by
	// "importpath.Name", and locals the constants declared in each function, by
	// name; files are the indexed files in the order of their positions. constValue
	// reads them.
	consts map[string]constDecl
	locals map[ast.Node]map[string]constDecl
	files  []*pfile
	// leftOut are the files of the indexed packages that no build of the programs
	// compiles (see builds.leftOut): not indexed.
	leftOut map[*repo.File]bool
	// workOff are where builds of main run outside the workspace of its module, and
	// workUnsure the GOWORK settings and builds that may (see builds.workOff), as Run
	// reads them for the programs it judges: none when no workspace uses the module.
	workOff, workUnsure []repo.Evidence
	// workAssumed is set when workOff holds workUnsure, to judge the program as a
	// build outside the workspace (see outsideWork).
	workAssumed bool
	// cached are the imports whose code a build outside the workspace takes from
	// elsewhere than the workspace's copy in the repository (see repo.OutsideWork):
	// with workOff, that copy is not in the program. other is the program of the
	// builds that p does not stand for, judged again (see outsideWork, workGuard).
	cached []repo.Unread
	other  *program
	// gopath is set for a main package in no module that Bazel does not build: the
	// go command builds it in GOPATH mode, where it assumes go 1.16.
	gopath bool
	// badMod is the go.mod that governs main's build when it does not parse (see
	// repo.Repo.ModuleProblem): the go command stops there, and its go line is not
	// known. The program is judged as if that go line were 1.25 or later, and, with
	// goOld set, below 1.22 (see modGuard).
	badMod *repo.Problem
	goOld  bool
	// godebug are the GODEBUG entries of the environments that run main's program
	// (the ENV of its images, the env of the manifest containers tied to it), and
	// godebugMaybe those of the containers that may (tied to no main package): see
	// auditor.runtimeEnv. muxGo121 reads them.
	godebug, godebugMaybe []setting
}

// decl is a declaration with the file it is written in.
type decl[T ast.Node] struct {
	node T
	file *pfile
}

// site is a node in a file of the program, inside function fn (nil at package level).
type site struct {
	file *pfile
	fn   ast.Node
	node ast.Node
}

type call struct {
	site
	expr *ast.CallExpr
	pkg  string   // import path of a qualified call (pkg.F), else ""
	name string   // function or method name
	recv ast.Expr // receiver of a method call, else nil
	// noRouter is set for a method of routeCalls called on a receiver that the code
	// tells is no router (see recvReader): bufs.Put(buf) of a sync.Pool, r.Header.Get.
	noRouter bool
}

type lit struct {
	site
	expr      *ast.CompositeLit
	pkg, typ  string
	inWrapper bool
}

type fieldSet struct {
	site
	target ast.Expr // x in x.Field = value
	field  string
	value  ast.Expr
}

type ref struct {
	site
	pkg, name string
}

type pathLit struct {
	site
	value string
	// route is set for a literal that registers a route: an argument of a
	// registration call (see routeCalls), an element of a composite literal (a route
	// table), or the value of a constant or variable that is such an argument.
	route bool
	// name is the constant or variable the literal is the value of, or "".
	name string
}

type pfile struct {
	f     *repo.File
	pkg   *repo.Package
	names map[string]string // local name of each import -> import path
}

type wrapper struct {
	handler, addr int // parameter indexes, -1 when not a parameter
}

// newIndex indexes pkgs, the packages of the programs of one or more main packages,
// no two of which share an import path, but for the files in leftOut, which no build
// of those programs compiles. Its program has no main: view returns each main's.
func newIndex(r *repo.Repo, pkgs []*repo.Package, leftOut map[*repo.File]bool) *program {
	p := &program{
		leftOut:       leftOut,
		r:             r,
		defs:          map[ast.Node]map[string][]ast.Expr{},
		parent:        map[ast.Node]ast.Node{},
		fnID:          map[ast.Node]string{},
		wrappers:      map[string]wrapper{},
		imports:       map[string][]site{},
		types:         map[string]decl[*ast.TypeSpec]{},
		funcs:         map[string]decl[*ast.FuncDecl]{},
		shutdowns:     map[string]bool{},
		methods:       map[string][]decl[*ast.FuncDecl]{},
		defaultMounts: map[ast.Node]bool{},
		goLits:        map[ast.Node]bool{}, goFuncs: map[string]bool{},
		globals:   map[string][]decl[ast.Expr]{},
		funcNames: map[string]bool{},
		pkgs:      map[string]bool{},
		typed:     map[selKey]typedSel{},
		routeLits: map[*ast.BasicLit]bool{}, litNames: map[*ast.BasicLit]string{},
		consts: map[string]constDecl{}, locals: map[ast.Node]map[string]constDecl{},
	}
	// An import of a repository package is known by the name in its package
	// clause (internal/application may hold package app); importName guesses the
	// name of the others.
	pkgNames := map[string]string{}
	for _, pkg := range pkgs {
		if pkg.ImportPath != "" {
			pkgNames[pkg.ImportPath] = pkg.Name
		}
	}
	var files []*pfile
	for _, pkg := range pkgs {
		p.pkgs[pkg.ImportPath] = true
		// A generated file's calls, literals and assignments are part of the flow, but
		// neither its imports nor its path literals are indexed, and Run drops
		// evidence in it. Generated files come last: a function declared both in one
		// and, under a build constraint, in a hand-written file (Wire's injector and
		// its wireinject template) is the generated one in a plain build.
		for _, f := range slices.Concat(pkg.Files, pkg.Generated) {
			if f.Generated && !f.Full || leftOut[f] { // see repo.LoadGenerated
				continue
			}
			pf := &pfile{f: f, pkg: pkg, names: map[string]string{}}
			for _, imp := range f.Imports {
				name := imp.Name
				if name == "" {
					name = pkgNames[imp.Path]
				}
				if name == "" {
					name = importName(imp.Path)
				}
				pf.names[name] = imp.Path
			}
			for _, spec := range f.Syntax.Imports {
				if f.Generated {
					break
				}
				ip, _ := strconv.Unquote(spec.Path.Value)
				p.imports[ip] = append(p.imports[ip], site{file: pf, node: spec})
			}
			files = append(files, pf)
		}
	}
	for _, pf := range files {
		p.findWrappers(pf)
		p.declare(pf)
	}
	p.forwardingWrappers(files)
	for _, pf := range files {
		p.index(pf)
	}
	p.files = slices.SortedFunc(slices.Values(files), func(a, b *pfile) int { return int(a.f.Syntax.FileStart - b.f.Syntax.FileStart) })
	rr := &recvReader{p: p, methods: map[*ast.FuncDecl]routerRecv{}, reading: map[*ast.FuncDecl]bool{}}
	for i, c := range p.calls {
		if c.pkg == "" && c.recv != nil && slices.Contains(routeCalls, c.name) {
			p.calls[i].noRouter = rr.recvOf(c.file, c.fn, c.recv, c.name, 0) != mayRoute
		}
	}
	return p
}

// view returns the program of m, whose packages the index holds: the index's sites,
// imports and methods in m's packages, and its routes as m's flow registers them.
// What is worked out of the program (live, servers…) is m's own. The packages in
// without, whose code m's builds do not take from the repository, are left out.
func (ix *program) view(m *repo.Main, without ...*repo.Package) *program {
	p := *ix
	p.main = m
	p.pkgs = ix.built(m)
	for _, pkg := range without {
		delete(p.pkgs, pkg.ImportPath)
	}
	p.calls = own(&p, ix.calls)
	p.lits = own(&p, ix.lits)
	p.sets = own(&p, ix.sets)
	p.keyed = own(&p, ix.keyed)
	p.refs = own(&p, ix.refs)
	p.uses = own(&p, ix.uses)
	p.sels = own(&p, ix.sels)
	p.paths = own(&p, ix.paths)
	p.imports = map[string][]site{}
	for ip, sites := range ix.imports {
		if sites = own(&p, sites); len(sites) > 0 {
			p.imports[ip] = sites
		}
	}
	p.methods = map[string][]decl[*ast.FuncDecl]{}
	for name, ds := range ix.methods {
		for _, d := range ds {
			if p.pkgs[d.file.pkg.ImportPath] {
				p.methods[name] = append(p.methods[name], d)
			}
		}
	}
	p.routeLits, p.routeNames = maps.Clone(ix.routeLits), map[string]bool{}
	p.liveIDs, p.escapedIDs, p.serverSites, p.serveSites, p.shutdownSites = nil, nil, nil, nil, nil
	p.reachFrom, p.callsByFn, p.setsByFn = nil, nil, nil
	p.escapedByName = map[string][]string{}
	for _, c := range p.calls {
		if p.runs(c.site) {
			p.markRoutes(c)
		}
	}
	for i, l := range p.paths {
		b, _ := l.node.(*ast.BasicLit)
		p.paths[i].route = l.route || p.routeLits[b] || l.name != "" && p.routeNames[l.name]
	}
	return &p
}

// built returns the import paths of the packages of m's program that its builds
// link: all of them, but for those that only files left out of the builds import
// (see leftOut), whose package-level code and init functions then never run.
func (ix *program) built(m *repo.Main) map[string]bool {
	byPath := map[string]*repo.Package{}
	for _, pkg := range m.Program {
		byPath[pkg.ImportPath] = pkg
	}
	reach := func(keep func(*repo.File) bool) map[string]bool {
		seen := map[string]bool{m.Package.ImportPath: true}
		queue := []*repo.Package{m.Package}
		for i := 0; i < len(queue); i++ {
			for _, f := range slices.Concat(queue[i].Files, queue[i].Generated) {
				if !keep(f) {
					continue
				}
				for _, imp := range f.Imports {
					if pkg := byPath[imp.Path]; pkg != nil && !seen[imp.Path] {
						seen[imp.Path] = true
						queue = append(queue, pkg)
					}
				}
			}
		}
		return seen
	}
	pkgs := map[string]bool{}
	for ip := range byPath {
		pkgs[ip] = true
	}
	if len(ix.leftOut) == 0 {
		return pkgs
	}
	// A package the imports do not reach even with every file (one the program
	// takes some other way) stays: only what the left-out files alone import goes.
	all, kept := reach(func(*repo.File) bool { return true }), reach(func(f *repo.File) bool { return !ix.leftOut[f] })
	for ip := range all {
		if !kept[ip] {
			delete(pkgs, ip)
		}
	}
	return pkgs
}

// mainAt returns where the program declares func main: the main package's own place
// for it (repo.Main.MainFile), unless no build compiles that file (see leftOut), and
// then the func main of the files the builds compile.
func (p *program) mainAt() repo.Evidence {
	for f := range p.leftOut {
		if d, ok := p.funcs[p.main.Package.ImportPath+".main"]; ok && f.Path == p.main.MainFile {
			return p.at(d.node)
		}
	}
	return p.r.At(p.main.MainFile, p.main.MainLine)
}

// own returns a new slice of the elements of sites that lie in p's packages.
func own[S interface{ in() *pfile }](p *program, sites []S) []S {
	n := 0
	for _, s := range sites {
		if p.pkgs[s.in().pkg.ImportPath] {
			n++
		}
	}
	out := make([]S, 0, n)
	for _, s := range sites {
		if p.pkgs[s.in().pkg.ImportPath] {
			out = append(out, s)
		}
	}
	return out
}

// in returns the file s is in.
func (s site) in() *pfile { return s.file }

// declID returns the id of a function declaration of pf: "importpath.Name" for a
// function, "importpath.(Type).Name" for a method.
func declID(pf *pfile, fd *ast.FuncDecl) string {
	if fd.Recv != nil && len(fd.Recv.List) == 1 {
		if recv, ok := typeName(fd.Recv.List[0].Type); ok {
			return pf.pkg.ImportPath + ".(" + recv + ")." + fd.Name.Name
		}
	}
	return pf.pkg.ImportPath + "." + fd.Name.Name
}

// methodID returns the id of method m, as indexed when it has a body.
func (p *program) methodID(m decl[*ast.FuncDecl]) string {
	if id, ok := p.fnID[m.node]; ok {
		return id
	}
	return declID(m.file, m.node)
}

// owns reports whether id (see declID) names a declaration of p's packages.
func (p *program) owns(id string) bool {
	i := strings.LastIndex(id, ".")
	if i < 0 {
		return false
	}
	ip := id[:i]
	if strings.HasSuffix(ip, ")") { // a method's
		if j := strings.LastIndex(ip, ".("); j >= 0 {
			ip = ip[:j]
		}
	}
	return p.pkgs[ip]
}

// methodIDs returns the ids of the methods called name declared in package ip.
func (p *program) methodIDs(ip, name string) []string {
	var ids []string
	for _, m := range p.methods[name] {
		if m.file.pkg.ImportPath == ip {
			ids = append(ids, p.methodID(m))
		}
	}
	return ids
}

// routeCalls are the methods that register a route (or a group of routes) on a
// router of net/http, gin, Echo, chi, gorilla/mux, httprouter (HandlerFunc),
// grpc-gateway's runtime.ServeMux (HandlePath) and the like. Of the package-level
// functions, only net/http's Handle and HandleFunc register one: http.Get and the
// like call another service.
var routeCalls = []string{"Handle", "HandleFunc", "Handler", "HandlerFunc", "HandlePath", "Get", "Post", "Put", "Delete", "Patch", "Head", "Options",
	"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "Any", "Match", "Method", "MethodFunc",
	"Route", "Group", "Mount", "Path", "PathPrefix", "Add", "Static"}

// chiHeartbeat reports whether c is chi's middleware.Heartbeat(path), which answers
// GET and HEAD requests to path itself (a liveness endpoint) in front of the routes
// of the router it is used on.
func chiHeartbeat(c call) bool {
	return c.name == "Heartbeat" && chiMiddleware(c.pkg)
}

// chiMiddleware reports whether import path pkg is chi's middleware package, under
// any of chi's import paths: github.com/go-chi/chi/middleware (chi before v5, and
// v1.5) or github.com/go-chi/chi/vN/middleware.
func chiMiddleware(pkg string) bool {
	return pkg == "github.com/go-chi/chi/middleware" || strings.HasPrefix(pkg, "github.com/go-chi/chi/v") && strings.HasSuffix(pkg, "/middleware")
}

// markRoutes marks the arguments of a registration call (one main's flow runs) as in
// route position, chi's middleware.Heartbeat(path) included.
func (p *program) markRoutes(c call) {
	if !chiHeartbeat(c) && !registers(c) {
		return
	}
	lits, names := routeArgs(c)
	for _, b := range lits {
		p.routeLits[b] = true
	}
	for _, n := range names {
		p.routeNames[n] = true
	}
}

// registers reports whether c is a registration call: a method of routeCalls on a
// receiver that may be a router (see recvReader), or net/http's Handle or
// HandleFunc.
func registers(c call) bool {
	return (c.pkg == "" && c.recv != nil && !c.noRouter || c.pkg == "net/http" && (c.name == "Handle" || c.name == "HandleFunc")) && slices.Contains(routeCalls, c.name)
}

// routerTypes are, by import path, the types of the frameworks this audit reads whose
// values routeCalls register routes on. Another type of these packages is no router:
// gin's and Echo's Context, whose Get and Set read and write a key.
var routerTypes = map[string][]string{
	"net/http":                                          {"ServeMux"},
	"github.com/gin-gonic/gin":                          {"Engine", "RouterGroup", "IRouter", "IRoutes"},
	"github.com/labstack/echo":                          {"Echo", "Group", "Router"},
	"github.com/labstack/echo/v4":                       {"Echo", "Group", "Router"},
	"github.com/labstack/echo/v5":                       {"Echo", "Group", "Router"},
	"github.com/go-chi/chi":                             {"Mux", "Router"},
	"github.com/go-chi/chi/v5":                          {"Mux", "Router"},
	"github.com/gorilla/mux":                            {"Router", "Route"},
	"github.com/julienschmidt/httprouter":               {"Router"},
	"github.com/grpc-ecosystem/grpc-gateway/runtime":    {"ServeMux"},
	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime": {"ServeMux"},
	"github.com/gofiber/fiber":                          {"App", "Router", "Group"},
	"github.com/gofiber/fiber/v2":                       {"App", "Router", "Group"},
	"github.com/gofiber/fiber/v3":                       {"App", "Router", "Group", "Register"},
}

// routerRecv says what the receiver of a method call of routeCalls is, as far as the
// code tells.
type routerRecv int

const (
	// mayRoute is a router of routerTypes, or a value this audit cannot tell is none:
	// an interface of the program, a type of a module it does not know, a value it
	// cannot type (a range variable, an element of a slice).
	mayRoute routerRecv = iota
	// stdValue is a value of a type of the standard library other than net/http's
	// ServeMux (a sync.Pool, an http.Header, url.Values), or a field or a method
	// result of one (r.Header, r.URL.Query()): no router.
	stdValue
	// notRouter is a value of another type known to be no router: a type of a
	// framework of routerTypes not listed there, a map, a predeclared type, or a type
	// of the program whose method of that name neither takes a handler nor may
	// register a route.
	notRouter
)

// recvReader tells what the receivers of route calls are (see routerRecv), reading
// the body of each function of the program once: methods holds what bodyRegisters
// found, reading the bodies it is reading, and cycles counts the times one of those was
// asked again.
type recvReader struct {
	p       *program
	methods map[*ast.FuncDecl]routerRecv
	reading map[*ast.FuncDecl]bool
	cycles  int
}

// stdPackage reports whether import path ip, imported in pf, is of the standard
// library: its first element has no dot, and it is not of a module the go.mod of pf
// requires (a module "shared" that a replace directive takes from a directory).
func stdPackage(pf *pfile, ip string) bool {
	first, _, _ := strings.Cut(ip, "/")
	if strings.Contains(first, ".") {
		return false
	}
	if m := pf.pkg.Module; m != nil {
		for _, r := range m.Requires {
			if ip == r.Path || strings.HasPrefix(ip, r.Path+"/") {
				return false
			}
		}
	}
	return true
}

// recvOf tells what x, the receiver of a call of method name in fn of pf, is: by its
// type where the code tells it (a parameter's, a composite literal's, a type
// assertion's, a struct field's, a function's result), by the values a variable is
// assigned (a package-level one by its declaration, bufs = sync.Pool{...}), a call
// of a function of the standard library (but for http.NewServeMux) giving a value of
// it, and so a field or the result of a method of such a value (r.Header,
// r.URL.Query(), w.Header()), but for Load and Swap, which give what an
// atomic.Pointer holds.
func (rr *recvReader) recvOf(pf *pfile, fn ast.Node, x ast.Expr, name string, depth int) routerRecv {
	p := rr.p
	if depth > 8 {
		return mayRoute
	}
	switch e := unparen(x).(type) {
	case *ast.StarExpr:
		return rr.recvOf(pf, fn, e.X, name, depth+1)
	case *ast.TypeAssertExpr:
		if e.Type != nil {
			return rr.typeRecv(pf, e.Type, name, depth+1)
		}
	case *ast.CompositeLit:
		if e.Type != nil {
			return rr.typeRecv(pf, e.Type, name, depth+1)
		}
	case *ast.Ident:
		local, pkg := p.varScope(pf, fn, e.Name)
		switch {
		case local != nil:
			defs, param := p.lookup(fn, e.Name)
			if param != nil {
				return rr.typeRecv(pf, param, name, depth+1)
			}
			values := make([]decl[ast.Expr], len(defs))
			for i, d := range defs {
				values[i] = decl[ast.Expr]{d, pf}
			}
			return rr.valuesRecv(fn, values, name, depth+1)
		case pkg != "":
			return rr.valuesRecv(nil, p.globals[pkg+"."+e.Name], name, depth+1)
		}
	case *ast.SelectorExpr:
		if pkg, v, ok := pf.qualified(e); ok {
			switch {
			case p.inProgram(pkg):
				return rr.valuesRecv(nil, p.globals[pkg+"."+v], name, depth+1)
			case pkg == "net/http" && v == "DefaultServeMux":
				return mayRoute
			case stdPackage(pf, pkg):
				return stdValue
			}
			return mayRoute
		}
		if rr.recvOf(pf, fn, e.X, "", depth+1) == stdValue {
			return stdValue
		}
		if t, tpf := p.typeOf(pf, fn, e, 0); t != nil {
			return rr.typeRecv(tpf, t, name, depth+1)
		}
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "make" && len(e.Args) > 0 && p.funcs[pf.pkg.ImportPath+".make"].node == nil {
			return rr.typeRecv(pf, e.Args[0], name, depth+1) // make(http.Header)
		}
		if pkg, f, ok := pf.qualified(e.Fun); ok && !p.inProgram(pkg) {
			if !stdPackage(pf, pkg) || pkg == "net/http" && f == "NewServeMux" {
				return mayRoute
			}
			// A generic function of the standard library may return what it is given
			// (cmp.Or(cfg.Mux, http.NewServeMux())): a router among its arguments may
			// be its result.
			for _, a := range e.Args {
				switch a := ast.Unparen(a).(type) {
				case *ast.BasicLit, *ast.FuncLit, *ast.BinaryExpr:
					continue // no router
				case *ast.Ident:
					if a.Name == "nil" {
						continue
					}
				}
				if rr.recvOf(pf, fn, a, "", depth+1) == mayRoute {
					return mayRoute
				}
			}
			return stdValue
		}
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name != "Load" && sel.Sel.Name != "Swap" && rr.recvOf(pf, fn, sel.X, "", depth+1) == stdValue {
			return stdValue
		}
		if f, ok := p.funcs[p.funcID(pf, e.Fun)]; ok && f.node.Type.Results != nil && f.node.Type.Results.NumFields() > 1 {
			// v, err := f(): the name may be any of the results.
			for _, r := range f.node.Type.Results.List {
				if rr.typeRecv(f.file, r.Type, name, depth+1) == mayRoute {
					return mayRoute
				}
			}
			return notRouter
		}
		if t, tpf := p.typeOf(pf, fn, e, 0); t != nil {
			return rr.typeRecv(tpf, t, name, depth+1)
		}
	}
	return mayRoute
}

// valuesRecv tells what a variable assigned values (in fn, nil at package level) is:
// a router when any value may be one, a standard library value when all are.
func (rr *recvReader) valuesRecv(fn ast.Node, values []decl[ast.Expr], name string, depth int) routerRecv {
	if len(values) == 0 {
		return mayRoute
	}
	out := stdValue
	for _, v := range values {
		switch rr.recvOf(v.file, fn, v.node, name, depth) {
		case mayRoute:
			return mayRoute
		case notRouter:
			out = notRouter
		}
	}
	return out
}

// typeRecv tells what a value of type t, written in pf, is as the receiver of a call
// of method name ("" for a field selection).
func (rr *recvReader) typeRecv(pf *pfile, t ast.Expr, name string, depth int) routerRecv {
	p := rr.p
	if pf == nil || t == nil || depth > 8 {
		return mayRoute
	}
	if d, id, ok := p.declOf(pf, t); ok {
		return rr.declRecv(d, id, name, depth+1)
	}
	switch bt := baseType(t).(type) {
	case *ast.SelectorExpr:
		pkg, typ, ok := pf.qualified(bt)
		switch {
		case !ok || p.inProgram(pkg) || slices.Contains(routerTypes[pkg], typ):
			return mayRoute
		case stdPackage(pf, pkg):
			return stdValue
		}
		if _, framework := routerTypes[pkg]; framework {
			return notRouter
		}
	case *ast.Ident:
		if types.Universe.Lookup(bt.Name) != nil {
			return notRouter // string, error, any: no route method
		}
	case *ast.MapType, *ast.ArrayType, *ast.ChanType, *ast.FuncType:
		return notRouter
	}
	return mayRoute
}

// declRecv tells what a value of the program's type d (whose id is id) is as the
// receiver of a call of method name: its own method of that name may register a
// route (see methodRecv); a struct's method comes from the fields it embeds, none of
// which may then be a router; an interface may hold any value.
func (rr *recvReader) declRecv(d decl[*ast.TypeSpec], id, name string, depth int) routerRecv {
	if d.node.Assign.IsValid() {
		return rr.typeRecv(d.file, d.node.Type, name, depth+1)
	}
	for _, m := range rr.p.methods[name] {
		if recv, ok := typeName(m.node.Recv.List[0].Type); ok && m.file.pkg.ImportPath+"."+recv == id {
			return rr.methodRecv(m)
		}
	}
	switch t := d.node.Type.(type) {
	case *ast.InterfaceType:
		return mayRoute
	case *ast.StructType:
		embeds := false
		for _, f := range t.Fields.List {
			if len(f.Names) > 0 {
				continue
			}
			embeds = true
			if rr.typeRecv(d.file, f.Type, name, depth+1) == mayRoute {
				return mayRoute
			}
		}
		if embeds {
			return notRouter
		}
		return mayRoute // a method this audit does not see (a file not read)
	}
	if k := rr.typeRecv(d.file, d.node.Type, name, depth+1); k != mayRoute {
		return notRouter // type pool sync.Pool: a type of the program, not the standard library's
	}
	return mayRoute
}

// methodRecv tells whether m, a method of the program called as a route call, may
// register a route: it takes a handler (a function, or a value of a type named
// Handler or HandlerFunc, which it may register later), or its body registers one
// (see bodyRegisters). A method that does neither (a cache's Get(key string))
// registers nothing.
func (rr *recvReader) methodRecv(m decl[*ast.FuncDecl]) routerRecv {
	for _, f := range m.node.Type.Params.List {
		if rr.takesHandler(m.file, f.Type) {
			return mayRoute
		}
	}
	if m.node.Body == nil || rr.bodyRegisters(m) {
		return mayRoute
	}
	return notRouter
}

// bodyRegisters reports whether a call in the body of m, a function or method of the
// program, may register a route: net/http's Handle or HandleFunc, a route call on a
// receiver that may be a router, or a call of a helper of the program whose body
// registers (a.handle("GET", path), register(a.mux, path)); a helper taking a function
// (c.withLock(func() {...})) registers nothing by that. Each call is read afresh, with
// the depth of its own receiver: a function being read, which one of those calls leads
// back to, registers nothing by that.
func (rr *recvReader) bodyRegisters(m decl[*ast.FuncDecl]) bool {
	if m.node.Body == nil {
		return false
	}
	if k, ok := rr.methods[m.node]; ok {
		return k == mayRoute
	}
	if rr.reading[m.node] {
		rr.cycles++
		return false // a method calling itself registers nothing by that
	}
	rr.reading[m.node] = true
	defer delete(rr.reading, m.node)
	cycles := rr.cycles
	k := notRouter
	ast.Inspect(m.node.Body, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || k == mayRoute {
			return k != mayRoute
		}
		pkg, f, qualified := m.file.qualified(c.Fun)
		sel, _ := c.Fun.(*ast.SelectorExpr)
		switch {
		case qualified && pkg == "net/http" && (f == "Handle" || f == "HandleFunc"):
			k = mayRoute
		case !qualified && sel != nil && slices.Contains(routeCalls, sel.Sel.Name) && rr.recvOf(m.file, m.node, sel.X, sel.Sel.Name, 0) == mayRoute:
			k = mayRoute
		default:
			if slices.ContainsFunc(rr.helpers(m, c.Fun), rr.bodyRegisters) {
				k = mayRoute
			}
		}
		return k != mayRoute
	})
	if k == mayRoute || rr.cycles == cycles {
		rr.methods[m.node] = k // not one read while a method it calls was being read
	}
	return k == mayRoute
}

// helpers returns the functions and methods of the program that fun, called in m, may
// name: a plain function (register, routes.Register) or the methods of a receiver of a
// type of the program (a.handle), promoted ones included.
func (rr *recvReader) helpers(m decl[*ast.FuncDecl], fun ast.Expr) []decl[*ast.FuncDecl] {
	p := rr.p
	if f, ok := p.funcs[p.funcID(m.file, fun)]; ok {
		return []decl[*ast.FuncDecl]{f}
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	if t, tpf := p.typeOf(m.file, m.node, sel.X, 0); t == nil {
		return nil
	} else if _, _, ok := p.declOf(tpf, t); !ok {
		return nil // a value of another module's type: what it calls is not the program's
	}
	ids, _ := p.methodsOf(m.file, m.node, sel.X, sel.Sel.Name)
	var out []decl[*ast.FuncDecl]
	for _, h := range p.methods[sel.Sel.Name] {
		if slices.Contains(ids, p.methodID(h)) {
			out = append(out, h)
		}
	}
	return out
}

// takesHandler reports whether a parameter of type t, written in pf, may be a handler:
// a function, a type of the program that is a function (type Endpoint
// func(http.ResponseWriter, *http.Request)) or an interface with a ServeHTTP method, or
// a type named as a handler's (see handlerName).
func (rr *recvReader) takesHandler(pf *pfile, t ast.Expr) bool {
	if e, ok := t.(*ast.Ellipsis); ok {
		t = e.Elt
	}
	if d, _, ok := rr.p.declOf(pf, t); ok {
		switch x := d.node.Type.(type) {
		case *ast.FuncType:
			return true
		case *ast.InterfaceType:
			if slices.ContainsFunc(x.Methods.List, func(f *ast.Field) bool {
				return slices.ContainsFunc(f.Names, func(n *ast.Ident) bool { return n.Name == "ServeHTTP" })
			}) {
				return true
			}
		}
	}
	switch x := baseType(t).(type) {
	case *ast.FuncType:
		return true
	case *ast.SelectorExpr:
		return handlerName(x.Sel.Name)
	case *ast.Ident:
		return handlerName(x.Name)
	}
	return false
}

// handlerName reports whether a type named name may be a handler's: Handle
// (httprouter.Handle), a name holding Handler (http.Handler, gin.HandlerFunc) or one
// ending in Func (echo.MiddlewareFunc).
func handlerName(name string) bool {
	return name == "Handle" || strings.Contains(name, "Handler") || strings.HasSuffix(name, "Func")
}

// routeArgs returns the literals and the names (of constants or variables, health.ReadyPath
// by ReadyPath) in route position among the arguments of a registration call, through
// concatenations ("GET "+health.ReadyPath).
func routeArgs(c call) (lits []*ast.BasicLit, names []string) {
	var mark func(e ast.Expr)
	mark = func(e ast.Expr) {
		switch x := unparen(e).(type) {
		case *ast.BasicLit:
			lits = append(lits, x)
		case *ast.Ident:
			names = append(names, x.Name)
		case *ast.SelectorExpr:
			names = append(names, x.Sel.Name)
		case *ast.BinaryExpr:
			if x.Op == token.ADD {
				mark(x.X)
				mark(x.Y)
			}
		}
	}
	for _, a := range c.expr.Args {
		mark(a)
	}
	return lits, names
}

// importName guesses the package name an import path outside the repository is
// known by without an alias: its last element, without a major version suffix,
// ".vN" or a "go-" prefix.
func importName(ip string) string {
	switch ip {
	case "github.com/labstack/echo-opentelemetry":
		return "echootel"
	}
	base := path.Base(ip)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" && ip != base {
		base = path.Base(path.Dir(ip))
	}
	if i := strings.Index(base, ".v"); i > 0 {
		base = base[:i]
	}
	base = strings.TrimPrefix(base, "go-")
	return strings.ReplaceAll(base, "-", "")
}

// qualified returns the import path and name of a pkg.Name expression.
func (pf *pfile) qualified(e ast.Expr) (pkg, name string, ok bool) {
	sel, isSel := e.(*ast.SelectorExpr)
	if !isSel {
		return "", "", false
	}
	id, isID := sel.X.(*ast.Ident)
	if !isID {
		return "", "", false
	}
	ip, known := pf.names[id.Name]
	return ip, sel.Sel.Name, known
}

// findWrappers records the functions of pf that return an http.Server literal whose
// Handler is one of their parameters.
func (p *program) findWrappers(pf *pfile) {
	for _, d := range pf.f.Syntax.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Body == nil {
			continue
		}
		params := paramNames(fd.Type)
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			if pkg, typ, ok := pf.qualified(cl.Type); !ok || pkg != "net/http" || typ != "Server" {
				return true
			}
			w := wrapper{handler: -1, addr: -1}
			for _, el := range cl.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, _ := kv.Key.(*ast.Ident)
				val, _ := kv.Value.(*ast.Ident)
				if key == nil || val == nil {
					continue
				}
				switch key.Name {
				case "Handler":
					w.handler = slices.Index(params, val.Name)
				case "Addr":
					w.addr = slices.Index(params, val.Name)
				}
			}
			if w.handler >= 0 {
				p.wrappers[pf.pkg.ImportPath+"."+fd.Name.Name] = w
			}
			return true
		})
	}
}

// forwardingWrappers adds to the wrappers the functions of the program that pass a
// handler parameter on to a wrapper as its handler (serve(addr, h) calling
// serveServer(&http.Server{Addr: addr, Handler: h}), or httpserver.New(addr, h)), until
// none is left to add.
func (p *program) forwardingWrappers(files []*pfile) {
	for added := true; added; {
		added = false
		for _, pf := range files {
			for _, d := range pf.f.Syntax.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || fd.Body == nil {
					continue
				}
				id := pf.pkg.ImportPath + "." + fd.Name.Name
				if p.wrappers[id] != (wrapper{}) {
					continue
				}
				params := paramNames(fd.Type)
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					c, ok := n.(*ast.CallExpr)
					if !ok || p.wrappers[id] != (wrapper{}) {
						return p.wrappers[id] == (wrapper{})
					}
					key := ""
					switch fn := c.Fun.(type) {
					case *ast.Ident: // serveServer(...)
						key = pf.pkg.ImportPath + "." + fn.Name
					case *ast.SelectorExpr: // httpserver.New(...)
						if pkg, name, ok := pf.qualified(fn); ok {
							key = pkg + "." + name
						}
					}
					callee, ok := p.wrappers[key]
					if !ok || callee.handler >= len(c.Args) {
						return true
					}
					arg := func(i int) int {
						if i < 0 || i >= len(c.Args) {
							return -1
						}
						if a, ok := unparen(c.Args[i]).(*ast.Ident); ok {
							return slices.Index(params, a.Name)
						}
						return -1
					}
					if h := arg(callee.handler); h >= 0 {
						p.wrappers[id] = wrapper{handler: h, addr: arg(callee.addr)}
						added = true
					}
					return true
				})
			}
		}
	}
}

func paramNames(ft *ast.FuncType) []string {
	var names []string
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			names = append(names, "_")
		}
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
	}
	return names
}

func unparen(e ast.Expr) ast.Expr {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return e
			}
			e = x.X
		default:
			return e
		}
	}
}

// index walks pf once, recording every site the checks read.
func (p *program) index(pf *pfile) {
	ast.Inspect(pf.f.Syntax, func(n ast.Node) bool {
		fd, ok := n.(*ast.FuncDecl)
		if !ok {
			if n != nil {
				p.visit(site{file: pf, node: n}, nil)
			}
			return true
		}
		if fd.Body == nil {
			return false
		}
		var wrapperFn ast.Node
		if _, ok := p.wrappers[pf.pkg.ImportPath+"."+fd.Name.Name]; ok && fd.Recv == nil {
			wrapperFn = fd
		}
		stack := []ast.Node{fd}
		p.fnID[fd] = declID(pf, fd)
		ast.Inspect(fd.Body, p.bodyVisitor(pf, &stack, wrapperFn))
		return false
	})
}

// bodyVisitor returns the ast.Inspect function for a function body, keeping stack
// in step with nested function literals.
func (p *program) bodyVisitor(pf *pfile, stack *[]ast.Node, wrapperFn ast.Node) func(ast.Node) bool {
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if n == nil {
			return true
		}
		fn := (*stack)[len(*stack)-1]
		if fl, ok := n.(*ast.FuncLit); ok {
			p.fnID[fl] = p.fnID[(*stack)[0]]
			p.parent[fl] = fn
			*stack = append(*stack, fl)
			ast.Inspect(fl.Body, visit)
			*stack = (*stack)[:len(*stack)-1]
			return false
		}
		p.visit(site{file: pf, fn: fn, node: n}, wrapperFn)
		return true
	}
	return visit
}

func (p *program) visit(at site, wrapperFn ast.Node) {
	pf := at.file
	switch x := at.node.(type) {
	case *ast.CallExpr:
		c := call{site: at, expr: x}
		if pkg, name, ok := pf.qualified(x.Fun); ok {
			c.pkg, c.name = pkg, name
		} else if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
			c.name, c.recv = sel.Sel.Name, sel.X
		} else if id, ok := x.Fun.(*ast.Ident); ok {
			c.name = id.Name
		}
		p.calls = append(p.calls, c)
		if c.recv != nil && c.name == "Go" && len(x.Args) == 1 { // errgroup, WaitGroup.Go
			if fl, ok := x.Args[0].(*ast.FuncLit); ok {
				p.goLits[fl] = true
			}
		}
	case *ast.CompositeLit:
		if pkg, _, ok := pf.qualified(x.Type); (!ok || pkg != "net/url" && pkg != "net/http") && pairsValues(x) {
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if b, ok := kv.Key.(*ast.BasicLit); ok {
						p.routeLits[b] = true // a map from paths to handlers
					}
					el = kv.Value
				}
				if b, ok := el.(*ast.BasicLit); ok {
					p.routeLits[b] = true // a route table
				}
			}
		}
		if pkg, _, ok := pf.qualified(x.Type); !ok || p.inProgram(pkg) {
			for _, el := range x.Elts {
				if kv, ok := el.(*ast.KeyValueExpr); ok {
					if key, ok := kv.Key.(*ast.Ident); ok {
						p.keyed = append(p.keyed, fieldSet{site: at, field: key.Name, value: kv.Value})
					}
				}
			}
		}
		p.elidedLits(at, x, wrapperFn)
		if pkg, typ, ok := pf.qualified(x.Type); ok {
			l := lit{site: at, expr: x, pkg: pkg, typ: typ, inWrapper: wrapperFn != nil && at.fn == wrapperFn}
			p.lits = append(p.lits, l)
		} else if id, ok := x.Type.(*ast.Ident); ok { // a type of the file's package
			p.lits = append(p.lits, lit{site: at, expr: x, pkg: pf.pkg.ImportPath, typ: id.Name, inWrapper: wrapperFn != nil && at.fn == wrapperFn})
		}
	case *ast.SelectorExpr:
		if pkg, name, ok := pf.qualified(x); ok {
			p.refs = append(p.refs, ref{site: at, pkg: pkg, name: name})
		} else {
			p.sels = append(p.sels, at)
		}
	case *ast.Ident:
		if p.funcNames[x.Name] {
			if _, ok := p.funcs[pf.pkg.ImportPath+"."+x.Name]; ok {
				p.uses = append(p.uses, ref{site: at, pkg: pf.pkg.ImportPath, name: x.Name})
			}
		}
	case *ast.BasicLit:
		if x.Kind == token.STRING && !pf.f.Generated { // generated routes: see generatedPath
			v, err := strconv.Unquote(x.Value)
			if method, pattern, ok := strings.Cut(v, " "); ok && strings.ToUpper(method) == method && strings.HasPrefix(pattern, "/") {
				v = pattern // a net/http pattern such as "GET /healthz"
			}
			if err == nil && (strings.HasPrefix(v, "/") && len(v) < 64 || strings.EqualFold(v, "Authorization")) {
				p.paths = append(p.paths, pathLit{site: at, value: v, route: p.routeLits[x], name: p.litNames[x]})
			}
		}
	case *ast.GoStmt:
		if fl, ok := x.Call.Fun.(*ast.FuncLit); ok {
			p.goLits[fl] = true
		} else if id := p.funcID(pf, x.Call.Fun); id != "" {
			p.goFuncs[id] = true
		}
	case *ast.GenDecl:
		if x.Tok == token.CONST {
			p.declareConsts(at, x)
		}
	case *ast.AssignStmt:
		p.assign(at, x.Lhs, p.newValues(at, x.Rhs, wrapperFn))
	case *ast.ValueSpec:
		lhs := make([]ast.Expr, len(x.Names))
		for i, n := range x.Names {
			lhs[i] = n
		}
		values := x.Values
		if len(values) == 0 && x.Type != nil {
			values = zeroValues(x)
			for _, v := range values {
				p.visit(site{file: pf, fn: at.fn, node: v}, wrapperFn) // a literal, as T{} is
			}
		}
		p.assign(at, lhs, p.newValues(at, values, wrapperFn))
	}
}

// elidedLits records the elements of a slice, array or map literal whose element
// type is another package's type (T or *T) and which elide it ([]*http.Server{{Addr:
// ":8080"}}, map[string]*http.Server{"api": {...}}) as literals of that type.
func (p *program) elidedLits(at site, cl *ast.CompositeLit, wrapperFn ast.Node) {
	var elt ast.Expr
	switch t := cl.Type.(type) {
	case *ast.ArrayType:
		elt = t.Elt
	case *ast.MapType:
		elt = t.Value
	default:
		return
	}
	if star, ok := elt.(*ast.StarExpr); ok {
		elt = star.X
	}
	pkg, typ, ok := at.file.qualified(elt)
	if !ok {
		return
	}
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if inner, ok := unparen(el).(*ast.CompositeLit); ok && inner.Type == nil {
			p.lits = append(p.lits, lit{site: site{file: at.file, fn: at.fn, node: inner}, expr: inner, pkg: pkg, typ: typ, inWrapper: wrapperFn != nil && at.fn == wrapperFn})
		}
	}
}

// newValues returns values with each new(T) of a type of another package replaced by
// the zero composite literal &T{}, placed at T, which it visits: what the variable
// assigned holds, as trace, typeOf and servers read it (srv := new(http.Server)).
func (p *program) newValues(at site, values []ast.Expr, wrapperFn ast.Node) []ast.Expr {
	var out []ast.Expr
	for i, v := range values {
		c, ok := v.(*ast.CallExpr)
		if !ok || len(c.Args) != 1 || !isName(c.Fun, "new") {
			continue
		}
		if _, _, ok := at.file.qualified(c.Args[0]); !ok {
			continue
		}
		if out == nil {
			out = slices.Clone(values)
		}
		cl := &ast.CompositeLit{Type: c.Args[0], Lbrace: c.Args[0].End(), Rbrace: c.Args[0].End()}
		p.visit(site{file: at.file, fn: at.fn, node: cl}, wrapperFn)
		out[i] = &ast.UnaryExpr{OpPos: c.Pos(), Op: token.AND, X: cl}
	}
	if out == nil {
		return values
	}
	return out
}

func (p *program) assign(at site, lhs, rhs []ast.Expr) {
	for i, l := range lhs {
		var r ast.Expr
		switch {
		case len(rhs) == len(lhs):
			r = rhs[i]
		case len(rhs) == 1:
			r = rhs[0] // v, err := f()
		default:
			continue
		}
		if b, ok := r.(*ast.BasicLit); ok {
			if id, ok := l.(*ast.Ident); ok {
				p.litNames[b] = id.Name
			}
		}
		switch x := l.(type) {
		case *ast.Ident:
			if at.fn == nil {
				// A package-level variable declared in several files: the declarations
				// of files only a build tag brings in give way to the others (see
				// replaces); those of one kind are kept together.
				id := at.file.pkg.ImportPath + "." + x.Name
				if old := p.globals[id]; len(old) > 0 && old[0].file.f.Tagged != at.file.f.Tagged {
					if !replaces(old[0].file, at.file) {
						continue
					}
					p.globals[id] = nil
				}
				p.globals[id] = append(p.globals[id], decl[ast.Expr]{r, at.file})
				continue
			}
			m := p.defs[at.fn]
			if m == nil {
				m = map[string][]ast.Expr{}
				p.defs[at.fn] = m
			}
			m[x.Name] = append(m[x.Name], r)
		case *ast.SelectorExpr:
			p.sets = append(p.sets, fieldSet{site: at, target: x.X, field: x.Sel.Name, value: r})
		}
	}
}

// pairsValues reports whether a composite literal pairs its literals with something
// else, a handler say ({"/healthz", health}, {Path: "/healthz", Handler: h},
// map[string]http.HandlerFunc{"/healthz": h}): what a route table does. A list of
// literals only ([]string{"/healthz", "/metrics"}, a logging skip-list) or a map of
// them to literals or booleans registers nothing.
func pairsValues(cl *ast.CompositeLit) bool {
	return slices.ContainsFunc(cl.Elts, func(el ast.Expr) bool {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value
		}
		if _, ok := boolLit(el); ok {
			return false
		}
		_, ok := unparen(el).(*ast.BasicLit)
		return !ok
	})
}

// zeroValues returns, for each name of a var declaration without values (var srv
// http.Server), the zero composite literal of the declared type, placed at the type:
// what such a variable holds, as trace, typeOf and servers read it.
func zeroValues(spec *ast.ValueSpec) []ast.Expr {
	values := make([]ast.Expr, len(spec.Names))
	for i := range values {
		values[i] = &ast.CompositeLit{Type: spec.Type, Lbrace: spec.Type.End(), Rbrace: spec.Type.End()}
	}
	return values
}

// trace follows e inside fn to what produces it. It returns the ids ("importpath.Name")
// of the functions called and the types and values referenced on the way, and the
// local names passed through: names are followed to what they may hold where they
// are read (see reachingDefs; in fn or in the functions around it), method calls to
// their receiver, and calls to their arguments (a handler wrapped by
// otelhttp.NewHandler(mux) traces to mux).
func (p *program) trace(pf *pfile, fn ast.Node, e ast.Expr) (ids, names []string) {
	ids, names, _ = p.traceValues(pf, fn, e)
	return ids, names
}

// traceValues is trace, with the values the names were followed to.
func (p *program) traceValues(pf *pfile, fn ast.Node, e ast.Expr) (ids, names []string, values []ast.Expr) {
	seen := map[ast.Expr]bool{}
	var walk func(e ast.Expr, depth int)
	walk = func(e ast.Expr, depth int) {
		if e == nil || depth > 6 || seen[e] {
			return
		}
		seen[e] = true
		switch x := unparen(e).(type) {
		case *ast.CallExpr:
			switch f := x.Fun.(type) {
			case *ast.Ident:
				ids = append(ids, pf.pkg.ImportPath+"."+f.Name)
			case *ast.SelectorExpr:
				if pkg, name, ok := pf.qualified(f); ok {
					ids = append(ids, pkg+"."+name)
				} else if ms := p.programMethods(pf, fn, f.X, f.Sel.Name); len(ms) > 0 && !p.usesReceiver(ms) {
					// a.debug() of the program that does not use a: what it
					// returns is a handler of its own, not a.
					ids = append(ids, ms...)
				} else {
					walk(f.X, depth+1)
				}
			}
			for _, a := range x.Args {
				walk(a, depth+1)
			}
		case *ast.CompositeLit:
			if pkg, typ, ok := pf.qualified(x.Type); ok {
				ids = append(ids, pkg+"."+typ)
			}
		case *ast.SelectorExpr:
			if pkg, name, ok := pf.qualified(x); ok {
				ids = append(ids, pkg+"."+name)
			} else {
				walk(x.X, depth+1)
			}
		case *ast.Ident:
			names = append(names, x.Name)
			for _, def := range p.reachingDefs(fn, x) {
				values = append(values, def)
				walk(def, depth+1)
			}
		}
	}
	walk(e, 0)
	return ids, names, values
}

// usesReceiver reports whether one of the methods ids may use its receiver: names it
// in its body, or cannot be found. A method that does not (func (a *app) debug()
// http.Handler building a mux of its own) returns nothing of the receiver and
// mounts nothing on it.
func (p *program) usesReceiver(ids []string) bool {
	for _, id := range ids {
		name := id[strings.LastIndex(id, ".")+1:]
		i := slices.IndexFunc(p.methods[name], func(m decl[*ast.FuncDecl]) bool { return p.methodID(m) == id })
		if i < 0 {
			return true
		}
		d := p.methods[name][i].node
		if d.Body == nil || d.Recv == nil || len(d.Recv.List) == 0 {
			return true
		}
		names := d.Recv.List[0].Names
		if len(names) == 0 || names[0].Name == "_" {
			continue // a receiver without a name cannot be used
		}
		recv := names[0].Name
		used := false
		ast.Inspect(d.Body, func(n ast.Node) bool {
			used = used || isName(n, recv)
			return !used
		})
		if used {
			return true
		}
	}
	return false
}

// defsOf returns what name is assigned in fn or, when fn assigns nothing to it, in
// the innermost function enclosing fn that does: every assignment, wherever it is
// written. What a variable may hold where it is read is reachingDefs.
func (p *program) defsOf(fn ast.Node, name string) []ast.Expr {
	for ; fn != nil; fn = p.parent[fn] {
		if defs := p.defs[fn][name]; len(defs) > 0 {
			return defs
		}
	}
	return nil
}

// reachingDefs returns the values of defsOf(fn, use.Name) that the variable may
// hold at use, in fn: when one is assigned by a statement that surely runs before
// use (see lastBefore), the last such and those assigned after it and before use
// (h := requireToken(admin); h = logRequests(admin); Handler: h serves the second;
// ctx is the drain context, not the signal context, in <-ctx.Done(); ctx, cancel :=
// context.WithTimeout(context.Background(), d); srv.Shutdown(ctx)), one under a
// condition or in a loop included, so that several values mean it depends on the
// path; else all of them. An assignment whose statement holds use (h =
// logRequests(h)) gives its value only after use. A value assigned later still
// reaches use when a loop holds both but not the last sure assignment (the next
// turn reads it), or when use is in a function literal (a goroutine, a deferred
// call, a callback) written before the assignment, outside the literal, while the
// last sure assignment is not in the literal: the literal may run after it.
func (p *program) reachingDefs(fn ast.Node, use *ast.Ident) []ast.Expr {
	f := fn
	for ; f != nil && len(p.defs[f][use.Name]) == 0; f = p.parent[f] {
	}
	defs := p.defsOf(fn, use.Name)
	body := funcBody(f)
	if len(defs) < 2 || body == nil {
		return defs
	}
	last := p.lastBefore(f, use, defs)
	if last == nil {
		return defs
	}
	// lit is the function literal of f (not nested in another one) holding use.
	var lit *ast.FuncLit
	for l := fn; l != nil && l != f; l = p.parent[l] {
		if x, ok := l.(*ast.FuncLit); ok && p.parent[l] == f && encloses(x, use) {
			lit = x
		}
	}
	var loops []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if encloses(n, use) && !encloses(n, last) {
				loops = append(loops, n)
			}
		}
		return n == nil || encloses(n, use)
	})
	var out []ast.Expr
	for _, d := range defs {
		switch {
		case d == last:
		case d.Pos() < last.Pos():
			continue // replaced by last before use
		case d.Pos() < use.Pos() && !assignHolds(body, d, use): // assigned before use
		case slices.ContainsFunc(loops, func(l ast.Node) bool { return encloses(l, d) }):
		case lit != nil && d.Pos() >= lit.End() && !encloses(lit, last):
		default:
			continue
		}
		out = append(out, d)
	}
	return out
}

// initOf returns the init statement of n, an if or switch statement, or nil.
func initOf(n ast.Node) ast.Stmt {
	switch x := n.(type) {
	case *ast.IfStmt:
		return x.Init
	case *ast.SwitchStmt:
		return x.Init
	case *ast.TypeSwitchStmt:
		return x.Init
	}
	return nil
}

// assignHolds reports whether the assignment or declaration statement of body that
// assigns d also holds n (x = f(x) reads x before it assigns it).
func assignHolds(body *ast.BlockStmt, d ast.Expr, n ast.Node) bool {
	holds := false
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || holds || !encloses(x, d) {
			return false
		}
		switch x.(type) {
		case *ast.AssignStmt, *ast.DeclStmt:
			holds = encloses(x, n)
		}
		return !holds
	})
	return holds
}

// lastBefore returns the last of defs (the values of use's name in f) assigned by a
// statement that surely runs before use in f (a statement, written before it, of a
// block that holds it, or the init statement of an if or switch that holds it, not in
// a function literal but one on the way to use), or nil.
func (p *program) lastBefore(f ast.Node, use *ast.Ident, defs []ast.Expr) ast.Expr {
	body := funcBody(f)
	if body == nil {
		return nil
	}
	var last ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || !encloses(n, use) {
			return false
		}
		if lit, ok := n.(*ast.FuncLit); ok && lit != f {
			return true // a literal on the way to use: its statements are read below
		}
		stmts := stmtList(n)
		if init := initOf(n); init != nil {
			stmts = []ast.Stmt{init}
		}
		for _, st := range stmts {
			if st.End() > use.Pos() {
				break
			}
			switch st.(type) {
			case *ast.AssignStmt, *ast.DeclStmt:
				for _, d := range defs {
					if encloses(st, d) && (last == nil || d.Pos() > last.Pos()) && !inLit(st, d) {
						last = d
					}
				}
			}
		}
		return true
	})
	return last
}

// at returns the evidence for a node.
func (p *program) at(n ast.Node) repo.Evidence {
	return p.r.AtPos(n.Pos())
}

// pos returns where the node of s starts.
func (s site) pos() token.Pos { return s.node.Pos() }

// evidenceOf returns the evidence for each of sites (calls, literals: anything
// holding a site).
func evidenceOf[S interface{ pos() token.Pos }](p *program, sites []S) []repo.Evidence {
	var ev []repo.Evidence
	for _, s := range sites {
		ev = append(ev, p.r.AtPos(s.pos()))
	}
	return ev
}

// callsTo returns the calls of pkg.name.
func (p *program) callsTo(pkg string, names ...string) []call {
	var out []call
	for _, c := range p.calls {
		if c.pkg == pkg && slices.Contains(names, c.name) {
			out = append(out, c)
		}
	}
	return out
}

// methodCalls returns the calls of methods named name on any receiver.
func (p *program) methodCalls(names ...string) []call {
	var out []call
	for _, c := range p.calls {
		if c.recv != nil && slices.Contains(names, c.name) {
			out = append(out, c)
		}
	}
	return out
}

// refsTo returns the references to pkg.name (any name when names is empty).
func (p *program) refsTo(pkg string, names ...string) []ref {
	var out []ref
	for _, r := range p.refs {
		if r.pkg == pkg && (len(names) == 0 || slices.Contains(names, r.name)) {
			out = append(out, r)
		}
	}
	return out
}

// litsOf returns the composite literals of type pkg.typ.
func (p *program) litsOf(pkg, typ string) []lit {
	var out []lit
	for _, l := range p.lits {
		if l.pkg == pkg && l.typ == typ {
			out = append(out, l)
		}
	}
	return out
}

// litField returns the value key has in literal l once the function l is written
// in has run: the value last assigned to that field of the variable l is assigned
// to, in that function (srv := http.Server{}; srv.Handler = mux), when l does not set
// it or when the assignment comes after l and runs whenever the function does (a
// statement of its body, not under an if or in a loop: srv.ReadHeaderTimeout = 0
// undoes the literal's timeout), or in an if statement of the body that fills a
// default for the value the field holds before it (see fillsDefault: if
// srv.ReadHeaderTimeout == 0 { srv.ReadHeaderTimeout = 5 * time.Second }); else the
// value in l; or nil. For a literal of a type of the program that embeds http.Server (see embedsServer), an assignment
// through the embedded field (srv.Server.ReadHeaderTimeout = ...) counts as one to
// the promoted field; for an http.Server literal that is the embedded server of such
// a literal in the same function (see embeddingLit), so does one to the variable
// holding that literal (s := server{http.Server{...}}; s.ReadHeaderTimeout = ...).
// A struct field the function stores l in (see fieldHolders) holds it too, for the
// assignments after the store: s := &app{pub: &http.Server{...}}, or s.pub =
// &http.Server{...}, then s.pub.ReadHeaderTimeout = 0.
func (p *program) litField(l lit, key string) ast.Expr {
	v := field(l.expr, key)
	var last ast.Expr
	held := []ast.Expr{l.expr} // the literals a variable assigned holds l through
	embeds := p.inProgram(l.pkg) && p.embedsServer(l.pkg+"."+l.typ)
	if l.pkg == "net/http" && l.typ == "Server" {
		if o, ok := p.embeddingLit(l); ok && o.fn == l.fn {
			held, embeds = append(held, o.expr), true
		}
	}
	var fields []fieldHolder
	if l.fn != nil {
		for _, h := range held {
			fields = append(fields, p.fieldHolders(l.fn, p.holding(l.fn, h))...)
		}
	}
	for _, s := range p.setsOf(key) {
		target := unparen(s.target)
		if sel, ok := target.(*ast.SelectorExpr); ok && embeds && sel.Sel.Name == "Server" {
			target = unparen(sel.X)
		}
		if s.fn != l.fn || l.fn == nil {
			continue
		}
		id, ok := target.(*ast.Ident)
		byVar := ok && slices.ContainsFunc(p.defs[l.fn][id.Name], func(d ast.Expr) bool { return slices.Contains(held, unparen(d)) }) ||
			slices.Contains(held, p.heldElement(l.fn, target))
		if !byVar && !slices.ContainsFunc(fields, func(h fieldHolder) bool { return h.holds(s.node, target) }) {
			continue
		}
		before := cmp.Or(last, v) // the value the field holds before s
		if v == nil || s.value.Pos() > l.expr.End() && slices.ContainsFunc(funcBody(l.fn).List, func(st ast.Stmt) bool {
			as, ok := st.(*ast.AssignStmt)
			return ok && encloses(as, s.value) || p.fillsDefault(st, s, before)
		}) {
			last = s.value
		}
	}
	if last != nil {
		return last
	}
	return v
}

// fieldHolder is a struct field that a function stores a value in, as written there
// ("a.srv"), and where the store is.
type fieldHolder struct {
	expr  string
	store ast.Node
}

// holds reports whether target, written in the statement at (of the same function),
// is the field h after it is stored.
func (h fieldHolder) holds(at ast.Node, target ast.Expr) bool {
	return at.Pos() > h.store.End() && types.ExprString(unparen(target)) == h.expr
}

// fieldHolders returns the struct fields that fn stores a value that holds reports
// in: assigned (a.srv = srv, "a.srv"), or given as the element of a composite literal
// of a type of the program that a variable of fn is assigned (s := &app{pub: srv},
// "s.pub"), in the order they are written. The embedded http.Server of such a literal
// of a type that embeds one is its field Server, given by its key or positionally
// (s := &server{http.Server{...}}, "s.Server"), or the literal's own server when it
// leaves it zero (s := &server{} for a value that holds reports that literal): what
// &s.Server, passed on, points to.
func (p *program) fieldHolders(fn ast.Node, holds func(ast.Expr) bool) []fieldHolder {
	var out []fieldHolder
	heldBy := func(outer *ast.CompositeLit, field string) {
		for name, defs := range p.defs[fn] {
			if slices.ContainsFunc(defs, func(d ast.Expr) bool { return unparen(d) == outer }) {
				out = append(out, fieldHolder{name + "." + field, outer})
			}
		}
	}
	for _, stored := range p.sets {
		if stored.fn == fn && holds(stored.value) {
			out = append(out, fieldHolder{types.ExprString(unparen(stored.target)) + "." + stored.field, stored.node})
		}
	}
	for _, el := range p.keyed {
		outer, ok := el.node.(*ast.CompositeLit)
		if el.fn != fn || !ok || !holds(el.value) {
			continue
		}
		heldBy(outer, el.field)
	}
	for _, o := range p.lits {
		if o.fn != fn || !p.inProgram(o.pkg) {
			continue
		}
		i := p.embeddedServer(o.pkg + "." + o.typ)
		switch {
		case i < 0:
		case givesAll(o.expr) && i < len(o.expr.Elts) && holds(o.expr.Elts[i]),
			field(o.expr, "Server") == nil && !givesAll(o.expr) && holds(o.expr):
			heldBy(o.expr, "Server")
		}
	}
	slices.SortStableFunc(out, func(a, b fieldHolder) int { return cmp.Compare(a.store.Pos(), b.store.Pos()) })
	return out
}

// field returns the value of key in a keyed composite literal, or nil.
func field(cl *ast.CompositeLit, key string) ast.Expr {
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok && id.Name == key {
				return kv.Value
			}
		}
	}
	return nil
}

// callsIn returns the calls written in fn (not in the function literals it holds),
// in the order of p.calls; they are indexed once, by function.
func (p *program) callsIn(fn ast.Node) []call {
	if p.callsByFn == nil {
		p.callsByFn = map[ast.Node][]call{}
		for _, c := range p.calls {
			p.callsByFn[c.fn] = append(p.callsByFn[c.fn], c)
		}
	}
	return p.callsByFn[fn]
}

// setsIn returns the assignments to a field named name written in fn (not in the
// function literals it holds), in the order of p.sets; they are indexed once, by
// function.
func (p *program) setsIn(fn ast.Node, name string) []fieldSet {
	if p.setsByFn == nil {
		p.setsByFn = map[ast.Node][]fieldSet{}
		for _, s := range p.sets {
			p.setsByFn[s.fn] = append(p.setsByFn[s.fn], s)
		}
	}
	return setsNamed(p.setsByFn[fn], name)
}

// setsOf returns the assignments to a field named name (x.Name = ...).
func (p *program) setsOf(name string) []fieldSet { return setsNamed(p.sets, name) }

// keyedOf returns the composite literal elements F: value of the program whose key
// is name.
func (p *program) keyedOf(name string) []fieldSet { return setsNamed(p.keyed, name) }

// setsNamed returns those of sets whose field is name.
func setsNamed(sets []fieldSet, name string) []fieldSet {
	var out []fieldSet
	for _, s := range sets {
		if s.field == name {
			out = append(out, s)
		}
	}
	return out
}

// importsOf returns where the program imports a package whose path is prefix or
// lies under it.
func (p *program) importsOf(prefix string) []site {
	var out []site
	for ip, sites := range p.imports {
		if ip == prefix || strings.HasPrefix(ip, prefix+"/") {
			out = append(out, sites...)
		}
	}
	slices.SortFunc(out, func(a, b site) int { return int(a.node.Pos() - b.node.Pos()) })
	return out
}

// isNil reports whether e is the identifier nil.
func isNil(e ast.Expr) bool {
	id, ok := unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

// constDecl is a named constant: the expression and type it is declared with (those
// of the spec before it in its block when it repeats them implicitly), its iota, and
// where it is written.
type constDecl struct {
	value, typ ast.Expr
	iota       int
	file       *pfile
	fn         ast.Node
}

// declareConsts records the constants of gd, a const declaration at at.
func (p *program) declareConsts(at site, gd *ast.GenDecl) {
	var values []ast.Expr
	var typ ast.Expr
	for i, spec := range gd.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		if len(vs.Values) > 0 {
			values, typ = vs.Values, vs.Type
		}
		for j, name := range vs.Names {
			if name.Name == "_" || j >= len(values) {
				continue
			}
			d := constDecl{value: values[j], typ: typ, iota: i, file: at.file, fn: at.fn}
			if at.fn == nil {
				if replaces(p.consts[at.file.pkg.ImportPath+"."+name.Name].file, at.file) {
					p.consts[at.file.pkg.ImportPath+"."+name.Name] = d
				}
				continue
			}
			if p.locals[at.fn] == nil {
				p.locals[at.fn] = map[string]constDecl{}
			}
			p.locals[at.fn][name.Name] = d
		}
	}
}

// stdConsts are the constants of the standard library the checks read, by
// "importpath.Name".
var stdConsts = map[string]int64{
	"time.Nanosecond": 1, "time.Microsecond": 1e3, "time.Millisecond": 1e6,
	"time.Second": 1e9, "time.Minute": 60e9, "time.Hour": 3600e9,
	"crypto/tls.VersionSSL30": 0x0300, "crypto/tls.VersionTLS10": 0x0301, "crypto/tls.VersionTLS11": 0x0302,
	"crypto/tls.VersionTLS12": 0x0303, "crypto/tls.VersionTLS13": 0x0304,
	"crypto/tls.NoClientCert": 0, "crypto/tls.RequestClientCert": 1, "crypto/tls.RequireAnyClientCert": 2,
	"crypto/tls.VerifyClientCertIfGiven": 3, "crypto/tls.RequireAndVerifyClientCert": 4,
	"math.MaxInt64": math.MaxInt64, "math.MaxInt": math.MaxInt64, // on the 64-bit platforms images run
}

// constTypes are the types of the standard library a constant is converted to
// (time.Duration(0), tls.ClientAuthType(4)), besides the predeclared ones.
var constTypes = []string{"time.Duration", "crypto/tls.ClientAuthType", "crypto/tls.CurveID", "crypto/tls.SignatureScheme"}

// constValue returns the value of e when it is a constant expression of the
// program: literals; named constants, local, of e's package or, qualified, of
// another package of the program, typed or not, with iota; the constants of the
// standard library in stdConsts; and operators, parentheses and conversions of
// those. Names are resolved in the function and file e is written in, found by its
// position, without type-checking: a name that a variable or a parameter shadows is
// no constant.
func (p *program) constValue(e ast.Expr) (constant.Value, bool) {
	if e == nil {
		return nil, false
	}
	var pf *pfile
	var fn ast.Node
	found := false
	scope := func() (*pfile, ast.Node) {
		if !found {
			pf, fn = p.enclosing(e.Pos())
			found = true
		}
		return pf, fn
	}
	return p.evalConst(scope, e, -1, 0)
}

// evalConst evaluates e (see constValue) in the file and function scope returns,
// with the iota of the constant declaration e is in (-1 outside one).
func (p *program) evalConst(scope func() (*pfile, ast.Node), e ast.Expr, iota, depth int) (constant.Value, bool) {
	if depth > 16 {
		return nil, false
	}
	switch x := e.(type) {
	case *ast.ParenExpr:
		return p.evalConst(scope, x.X, iota, depth+1)
	case *ast.BasicLit:
		return constOp(func() constant.Value { return constant.MakeFromLiteral(x.Value, x.Kind, 0) })
	case *ast.Ident:
		pf, fn := scope()
		if pf == nil {
			return nil, false
		}
		return p.namedConst(pf, fn, x.Name, iota, depth)
	case *ast.SelectorExpr:
		pf, _ := scope()
		if pf == nil {
			return nil, false
		}
		pkg, name, ok := pf.qualified(x)
		if !ok {
			return nil, false
		}
		if n, ok := stdConsts[pkg+"."+name]; ok {
			return constant.MakeInt64(n), true
		}
		if d, ok := p.consts[pkg+"."+name]; ok {
			return p.declValue(d, depth)
		}
	case *ast.UnaryExpr:
		v, ok := p.evalConst(scope, x.X, iota, depth+1)
		if !ok || x.Op == token.AND || x.Op == token.ARROW {
			return nil, false
		}
		if x.Op == token.XOR && v.Kind() == constant.Int {
			return nil, false // ^x depends on the width of x's type
		}
		return constOp(func() constant.Value { return constant.UnaryOp(x.Op, v, 0) })
	case *ast.BinaryExpr:
		l, okL := p.evalConst(scope, x.X, iota, depth+1)
		r, okR := p.evalConst(scope, x.Y, iota, depth+1)
		if !okL || !okR {
			return nil, false
		}
		switch op := x.Op; op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if (l.Kind() == constant.Bool || l.Kind() == constant.String || r.Kind() == constant.String) && l.Kind() != r.Kind() {
				return nil, false
			}
			return constOp(func() constant.Value { return constant.MakeBool(constant.Compare(l, op, r)) })
		case token.SHL, token.SHR:
			s, ok := constant.Uint64Val(constant.ToInt(r))
			if !ok || s > 1024 || constant.ToInt(l).Kind() != constant.Int {
				return nil, false
			}
			return constOp(func() constant.Value { return constant.Shift(constant.ToInt(l), op, uint(s)) })
		case token.QUO, token.REM:
			if r.Kind() != constant.Bool && r.Kind() != constant.String && constant.Sign(r) == 0 {
				return nil, false
			}
			if op == token.QUO && l.Kind() == constant.Int && r.Kind() == constant.Int {
				op = token.QUO_ASSIGN // integer division
			}
			return binaryConst(l, op, r)
		default:
			return binaryConst(l, op, r)
		}
	case *ast.CallExpr:
		if len(x.Args) != 1 || x.Ellipsis.IsValid() || !p.isConstType(scope, x.Fun) {
			return nil, false
		}
		v, ok := p.evalConst(scope, x.Args[0], iota, depth+1)
		if !ok || v.Kind() == constant.String || v.Kind() == constant.Bool {
			return nil, false // string(65) and the like are not kept
		}
		return v, true
	}
	return nil, false
}

// binaryConst applies op to l and r, refusing operands of kinds that do not mix.
func binaryConst(l constant.Value, op token.Token, r constant.Value) (constant.Value, bool) {
	numeric := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float || k == constant.Complex }
	switch {
	case l.Kind() == r.Kind() && l.Kind() == constant.String && op == token.ADD,
		l.Kind() == r.Kind() && l.Kind() == constant.Bool && (op == token.LAND || op == token.LOR),
		numeric(l.Kind()) && numeric(r.Kind()) && op != token.LAND && op != token.LOR:
		return constOp(func() constant.Value { return constant.BinaryOp(l, op, r) })
	}
	return nil, false
}

// constOp returns the value op computes, unless go/constant does not define the
// operation for its operands (it panics then) or the value is unknown.
func constOp(op func() constant.Value) (v constant.Value, ok bool) {
	defer func() {
		if recover() != nil {
			v, ok = nil, false
		}
	}()
	v = op()
	return v, v.Kind() != constant.Unknown
}

// isConstType reports whether fun, in a conversion fun(x), names a numeric type: a
// predeclared one, one of constTypes, or a type declared in the program.
func (p *program) isConstType(scope func() (*pfile, ast.Node), fun ast.Expr) bool {
	switch f := fun.(type) {
	case *ast.ParenExpr:
		return p.isConstType(scope, f.X)
	case *ast.Ident:
		if slices.Contains([]string{"int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "byte", "rune"}, f.Name) {
			return true
		}
		pf, _ := scope()
		if pf == nil {
			return false
		}
		_, declared := p.types[pf.pkg.ImportPath+"."+f.Name]
		return declared
	case *ast.SelectorExpr:
		pf, _ := scope()
		if pf == nil {
			return false
		}
		pkg, name, ok := pf.qualified(f)
		_, declared := p.types[pkg+"."+name]
		return ok && (slices.Contains(constTypes, pkg+"."+name) || declared)
	}
	return false
}

// namedConst returns the value of the constant name refers to in fn (of pf): a
// constant declared in fn or a function around it, or in pf's package; none when a
// variable or a parameter of that name is in the way, or iota in a declaration.
func (p *program) namedConst(pf *pfile, fn ast.Node, name string, iota, depth int) (constant.Value, bool) {
	if name == "iota" && iota >= 0 {
		return constant.MakeInt64(int64(iota)), true
	}
	for f := fn; f != nil; f = p.parent[f] {
		if d, ok := p.locals[f][name]; ok {
			return p.declValue(d, depth)
		}
		if len(p.defs[f][name]) > 0 || slices.Contains(funcParams(f), name) {
			return nil, false
		}
	}
	if d, ok := p.consts[pf.pkg.ImportPath+"."+name]; ok {
		return p.declValue(d, depth)
	}
	switch name {
	case "true", "false":
		return constant.MakeBool(name == "true"), true
	}
	return nil, false
}

// declValue evaluates the constant d in the scope it is declared in.
func (p *program) declValue(d constDecl, depth int) (constant.Value, bool) {
	return p.evalConst(func() (*pfile, ast.Node) { return d.file, d.fn }, d.value, d.iota, depth+1)
}

// funcParams returns the names of the receiver, parameters and results of fn, a
// function declaration or literal.
func funcParams(fn ast.Node) []string {
	var ft *ast.FuncType
	var lists []*ast.FieldList
	switch f := fn.(type) {
	case *ast.FuncDecl:
		ft, lists = f.Type, []*ast.FieldList{f.Recv}
	case *ast.FuncLit:
		ft = f.Type
	default:
		return nil
	}
	lists = append(lists, ft.Params, ft.Results)
	var names []string
	for _, l := range lists {
		if l == nil {
			continue
		}
		for _, f := range l.List {
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
		}
	}
	return names
}

// enclosing returns the indexed file that pos is in and the innermost function
// (declaration or literal) around pos, nil at package level; or a nil file.
func (p *program) enclosing(pos token.Pos) (*pfile, ast.Node) {
	i := sort.Search(len(p.files), func(i int) bool { return p.files[i].f.Syntax.FileEnd >= pos })
	if i == len(p.files) || p.files[i].f.Syntax.FileStart > pos {
		return nil, nil
	}
	pf := p.files[i]
	var fn ast.Node
	ast.Inspect(pf.f.Syntax, func(n ast.Node) bool {
		if n == nil || n.Pos() > pos || n.End() <= pos {
			return false
		}
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			if _, indexed := p.fnID[n]; indexed {
				fn = n
			}
		}
		return true
	})
	return pf, fn
}
