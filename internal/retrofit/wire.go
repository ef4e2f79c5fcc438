package retrofit

import (
	"fmt"
	"go/ast"
	"go/token"
	"net"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// The functions of the generated wiring file that the user's main package calls.
const (
	fnServe           = "prodServe"         // prodServe(addr string, h http.Handler) error
	fnServeServer     = "prodServeServer"   // prodServeServer(srv *http.Server) error
	fnServeExit       = "prodServeThenExit" // for a server started in a goroutine
	fnServeServerExit = "prodServeServerThenExit"
	fnMiddleware      = "prodOTelMiddleware" // the framework's tracing middleware
)

// Identifiers the generated files of package main declare: the user's package must not.
var generatedIdents = []string{fnServe, fnServeServer, fnServeExit, fnServeServerExit, fnMiddleware,
	"prodConfig", "prodLoadConfig", "prodRun", "prodHandler", "prodServer", "prodAddr"}

// wiringFile is the name of the generated file of package main.
const wiringFile = "gonew_prod.go"

// Block ids of the edits to the user's Go files.
const (
	blockWire = "wire"
	blockOTel = "otel"
)

// router is where the program builds its router.
type router struct {
	file      string // path of the file
	name      string // the variable, e.g. r
	framework repo.Framework
	stmtEnd   token.Pos // end of the statement that builds it
}

// serveCall is the call that blocks serving HTTP.
type serveCall struct {
	file string
	call *ast.CallExpr
	// replacement is the call that replaces it.
	replacement string
	// addr is the source text of the address the call listens on, "" when the call
	// names none (gin's Run(), a server's ListenAndServe()).
	addr string
	// fatal is the statement `log.Fatal(call)` when the call is its only argument, else
	// nil; then the whole statement is replaced.
	fatal     *ast.ExprStmt
	fatalFunc string // e.g. log.Fatal
	// inGoroutine reports a call inside `go func() { ... }()`.
	inGoroutine bool
}

// server is a variable holding an http.Server composite literal.
type server struct {
	pointer bool   // &http.Server{...}
	addr    string // the source of its Addr field, "" when it has none
}

// wiring is what the main package shows of its router and its serving call.
type wiring struct {
	router *router
	serve  *serveCall
	// problems say why the serving call could not be wired, one per candidate found.
	problems []string
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

// routerBuilders are the calls that build a router, per framework.
var routerBuilders = []struct {
	path, fn  string
	framework repo.Framework
}{
	{"github.com/gin-gonic/gin", "Default", repo.Gin},
	{"github.com/gin-gonic/gin", "New", repo.Gin},
	{"github.com/labstack/echo/v5", "New", repo.Echo5},
	{"github.com/labstack/echo/v4", "New", repo.Echo4},
	{"github.com/go-chi/chi/v5", "NewRouter", repo.Chi},
	{"github.com/go-chi/chi", "NewRouter", repo.Chi},
	{"github.com/gorilla/mux", "NewRouter", repo.Gorilla},
	{"net/http", "NewServeMux", repo.NetHTTP},
}

// findWiring looks through the files of the main package for the router and the call
// that serves it.
func findWiring(r *repo.Repo, main *repo.Main) wiring {
	var w wiring
	for _, f := range main.Package.Files {
		if f.Syntax == nil || !f.Full || path.Base(f.Path) == wiringFile {
			continue
		}
		content, _ := r.ReadFile(f.Path)
		src := func(n ast.Node) string {
			start, end := r.Fset.Position(n.Pos()).Offset, r.Fset.Position(n.End()).Offset
			if start < 0 || end > len(content) || start > end {
				return ""
			}
			return string(content[start:end])
		}
		names := importNames(f.Syntax)
		routers := map[string]repo.Framework{} // variable -> framework
		servers := map[string]server{}         // variables holding an http.Server
		builderOf := func(e ast.Expr) (repo.Framework, bool) {
			call, ok := e.(*ast.CallExpr)
			if !ok {
				return "", false
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return "", false
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return "", false
			}
			for _, b := range routerBuilders {
				if name, imported := names[b.path]; imported && name == pkg.Name && sel.Sel.Name == b.fn {
					return b.framework, true
				}
			}
			return "", false
		}
		httpName, hasHTTP := names["net/http"]
		isServerLit := func(e ast.Expr) (srv server, ok bool) {
			if u, isAddr := e.(*ast.UnaryExpr); isAddr && u.Op == token.AND {
				e, srv.pointer = u.X, true
			}
			lit, isLit := e.(*ast.CompositeLit)
			if !isLit || !hasHTTP {
				return srv, false
			}
			sel, isSel := lit.Type.(*ast.SelectorExpr)
			if !isSel {
				return srv, false
			}
			if pkg, isIdent := sel.X.(*ast.Ident); !isIdent || pkg.Name != httpName || sel.Sel.Name != "Server" {
				return srv, false
			}
			for _, elt := range lit.Elts {
				if kv, isKV := elt.(*ast.KeyValueExpr); isKV {
					if key, isIdent := kv.Key.(*ast.Ident); isIdent && key.Name == "Addr" {
						srv.addr = src(kv.Value)
					}
				}
			}
			return srv, true
		}
		// Assignments first: they name the routers and servers the calls use.
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			var lhs []ast.Expr
			var rhs []ast.Expr
			switch s := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = s.Lhs, s.Rhs
			case *ast.ValueSpec:
				for _, id := range s.Names {
					lhs = append(lhs, id)
				}
				rhs = s.Values
			default:
				return true
			}
			if len(lhs) != len(rhs) {
				return true
			}
			for i := range lhs {
				id, ok := lhs[i].(*ast.Ident)
				if !ok {
					continue
				}
				if fw, ok := builderOf(rhs[i]); ok {
					routers[id.Name] = fw
					if w.router == nil {
						w.router = &router{file: f.Path, name: id.Name, framework: fw, stmtEnd: stmtEnd(f.Syntax, n)}
					}
				}
				if srv, ok := isServerLit(rhs[i]); ok {
					servers[id.Name] = srv
				}
			}
			return true
		})
		// Then the serving calls, with what encloses them.
		var stack []ast.Node
		ast.Inspect(f.Syntax, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			stack = append(stack, n)
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sc := classify(names, routers, servers, call, src)
			if sc == nil {
				return true
			}
			sc.file = f.Path
			for i := len(stack) - 2; i >= 0; i-- {
				if lit, ok := stack[i].(*ast.FuncLit); ok && i > 0 {
					if c, ok := stack[i-1].(*ast.CallExpr); ok && c.Fun == lit && i > 1 {
						if _, ok := stack[i-2].(*ast.GoStmt); ok {
							sc.inGoroutine = true
						}
					}
					break
				}
				if _, ok := stack[i].(*ast.FuncDecl); ok {
					break
				}
			}
			if len(stack) >= 3 {
				if outer, ok := stack[len(stack)-2].(*ast.CallExpr); ok && len(outer.Args) == 1 && outer.Args[0] == call {
					if stmt, ok := stack[len(stack)-3].(*ast.ExprStmt); ok && isFatal(outer.Fun) {
						sc.fatal, sc.fatalFunc = stmt, src(outer.Fun)
					}
				}
			}
			if w.serve != nil {
				w.problems = append(w.problems, fmt.Sprintf("%s:%d: another serving call, %s; only the first is wired", f.Path, r.Fset.Position(call.Pos()).Line, src(call)))
				return true
			}
			w.serve = sc
			return true
		})
	}
	return w
}

// classify returns the serving call call is, or nil; src returns a node's source text.
func classify(names map[string]string, routers map[string]repo.Framework, servers map[string]server, call *ast.CallExpr, src func(ast.Node) string) *serveCall {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	recv := src(sel.X)
	args := make([]string, len(call.Args))
	for i, a := range call.Args {
		args[i] = src(a)
	}
	switch fw, isRouter := routers[recv]; {
	case isRouter && fw == repo.Gin && sel.Sel.Name == "Run":
		if len(args) == 0 {
			return &serveCall{call: call, replacement: fnServe + `("", ` + recv + ")"}
		}
		return &serveCall{call: call, replacement: fnServe + "(" + args[0] + ", " + recv + ")", addr: args[0]}
	case isRouter && (fw == repo.Echo4 || fw == repo.Echo5) && sel.Sel.Name == "Start" && len(args) == 1:
		return &serveCall{call: call, replacement: fnServe + "(" + args[0] + ", " + recv + ")", addr: args[0]}
	case sel.Sel.Name == "ListenAndServe" && len(args) == 2 && recv == names["net/http"]:
		return &serveCall{call: call, replacement: fnServe + "(" + args[0] + ", " + args[1] + ")", addr: args[0]}
	case sel.Sel.Name == "ListenAndServe" && len(args) == 0:
		srv, known := servers[recv]
		arg := recv
		if known && !srv.pointer {
			arg = "&" + recv
		}
		return &serveCall{call: call, replacement: fnServeServer + "(" + arg + ")", addr: srv.addr}
	}
	return nil
}

// port returns the port of the address the call listens on when its source is a string
// literal such as ":3000" or "0.0.0.0:3000".
func (c *serveCall) port() (int, bool) {
	addr, err := strconv.Unquote(c.addr)
	if err != nil {
		return 0, false
	}
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(p)
	if err != nil || n <= 0 || n >= 1<<16 {
		return 0, false
	}
	return n, true
}

// isFatal reports whether fun logs and exits, as log.Fatal and its kin do.
func isFatal(fun ast.Expr) bool {
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		id, ok := fun.(*ast.Ident)
		return ok && id.Name == "panic"
	}
	switch sel.Sel.Name {
	case "Fatal", "Fatalln", "Panic", "Panicln":
		return true
	}
	return false
}

// stmtEnd returns the end of the statement n (an assignment, or a value spec whose
// declaration statement ends it).
func stmtEnd(f *ast.File, n ast.Node) token.Pos {
	if _, ok := n.(*ast.ValueSpec); ok {
		end := n.End()
		ast.Inspect(f, func(m ast.Node) bool {
			if d, ok := m.(*ast.DeclStmt); ok && d.Pos() <= n.Pos() && n.End() <= d.End() {
				end = d.End()
			}
			return true
		})
		return end
	}
	return n.End()
}

// declared returns the identifiers the package declares at top level that the generated
// files would declare too.
func declared(main *repo.Main) []string {
	var clash []string
	for _, f := range main.Package.Files {
		if f.Syntax == nil || path.Base(f.Path) == wiringFile {
			continue // the wiring itself, from an earlier add
		}
		for _, d := range f.Syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && slices.Contains(generatedIdents, d.Name.Name) {
					clash = append(clash, f.Path+": func "+d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, id := range s.Names {
							if slices.Contains(generatedIdents, id.Name) {
								clash = append(clash, f.Path+": "+id.Name)
							}
						}
					case *ast.TypeSpec:
						if slices.Contains(generatedIdents, s.Name.Name) {
							clash = append(clash, f.Path+": type "+s.Name.Name)
						}
					}
				}
			}
		}
	}
	return clash
}
