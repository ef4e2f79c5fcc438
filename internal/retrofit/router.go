package retrofit

import (
	"fmt"
	"go/ast"
	"go/token"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// router is where the program builds the router it serves: the tracing middleware goes
// on the line at offset at of file, indented by indent.
type router struct {
	file      *goFile
	name      string // the variable, e.g. r
	framework repo.Framework
	at        int
	indent    string
}

// servedRouter returns where the router that c serves is built, for the tracing
// middleware (gin and Echo v5 only); without c, or when c's router cannot be traced, the
// only router of those frameworks the package builds.
func (m *mainPkg) servedRouter(c *serveCall) (*router, string) {
	if c != nil && c.handler != nil {
		fn := c.file.enclosing(c.call.Pos())
		if r, why := m.routerSite(c.file, fn, c.handler, 0); r != nil || why != "" {
			return r, why
		}
	}
	var built []origin
	for _, o := range m.builtRouters() {
		if fw, _ := o.file.builder(o.value); fw == repo.Gin || fw == repo.Echo5 {
			built = append(built, o)
		}
	}
	switch len(built) {
	case 0:
		return nil, "no gin or Echo v5 router is built in package main"
	case 1:
		fw, _ := built[0].file.builder(built[0].value)
		return m.siteAfter(built[0], fw)
	}
	return nil, fmt.Sprintf("package main builds %d routers and add cannot tell which one serves", len(built))
}

// routerSite returns where the router e (used in fn of f) is built: after the statement
// that assigns a builder's result (gin.Default()) to a variable, following variables and
// the functions of the package that return one. It returns nil and "" when e cannot be
// traced, and nil and a reason when it can but no line can take the middleware.
func (m *mainPkg) routerSite(f *goFile, fn *ast.FuncDecl, e ast.Expr, depth int) (*router, string) {
	if depth > maxDepth {
		return nil, ""
	}
	switch e := unparen(e).(type) {
	case *ast.Ident:
		o, ok := m.lookup(f, fn, e.Name)
		if ok && o.value == nil {
			var why string
			if o, why = m.assignedLater(o); why != "" {
				return nil, why
			}
		}
		if !ok || o.value == nil {
			return nil, ""
		}
		if fw, ok := o.file.builder(o.value); ok && o.index == 0 {
			return m.siteAfter(o, fw)
		}
		switch v := unparen(o.value).(type) {
		case *ast.Ident:
			return m.routerSite(o.file, o.fn, v, depth+1)
		case *ast.CallExpr:
			fd, ok := m.calledFunc(v)
			if !ok {
				return nil, m.builtElsewhere(o.file, v)
			}
			ret := returned(fd, o.index, m.fset)
			if fw, ok := fd.file.builder(ret); ok {
				// A function returning a new router, set up after it returns.
				return m.siteAfter(o, fw)
			}
			if ret != nil {
				return m.routerSite(fd.file, fd.decl, ret, depth+1)
			}
		}
	case *ast.CallExpr:
		if fd, ok := m.calledFunc(e); ok {
			if ret := returned(fd, 0, m.fset); ret != nil {
				return m.routerSite(fd.file, fd.decl, ret, depth+1)
			}
		} else if why := m.builtElsewhere(f, e); why != "" {
			return nil, why
		}
		if sel, ok := e.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Handler" && len(e.Args) == 0 {
			return m.routerSite(f, fn, sel.X, depth+1) // gin's r.Handler()
		}
	}
	return nil, ""
}

// builtElsewhere says where a router is built when call (in f) calls a function of a
// repository package that returns one: add cannot insert the middleware there, whose
// function is package main's. It returns "" for any other call.
func (m *mainPkg) builtElsewhere(f *goFile, call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	p, name, ok := f.qualified(sel)
	fd, found := m.imported[p][name]
	if !ok || !found || m.resultKind(f, call, 0).framework == "" {
		return ""
	}
	return fmt.Sprintf("the router is built outside package main, by %s (%s:%d), which cannot call package main's %s: have it take the middleware as a parameter",
		f.src(m.fset, sel), fd.file.path, repo.Line(m.fset, fd.decl.Pos()), fnMiddleware)
}

// calledFunc returns the function of the package call calls.
func (m *mainPkg) calledFunc(call *ast.CallExpr) (funcDecl, bool) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return funcDecl{}, false
	}
	fd, ok := m.funcs[id.Name]
	return fd, ok && fd.decl.Body != nil
}

// builtRouters returns the variables the package assigns a router builder's result to.
func (m *mainPkg) builtRouters() []origin {
	var out []origin
	for _, o := range m.vars {
		if _, ok := o.file.builder(o.value); ok && o.index == 0 {
			out = append(out, o)
		}
	}
	for _, fd := range m.funcs {
		if fd.decl.Body == nil {
			continue
		}
		ast.Inspect(fd.decl.Body, func(n ast.Node) bool {
			var lhs, rhs []ast.Expr
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
			for i, l := range lhs {
				id, ok := l.(*ast.Ident)
				if !ok || len(lhs) != len(rhs) {
					continue
				}
				if _, ok := fd.file.builder(rhs[i]); ok {
					o, ok := m.lookup(fd.file, fd.decl, id.Name)
					if ok && o.value == nil {
						o, _ = m.assignedLater(o)
					}
					if ok && o.value == rhs[i] {
						out = append(out, o)
					}
				}
			}
			return true
		})
	}
	slices.SortFunc(out, func(a, b origin) int { return strings.Compare(a.file.path+a.name, b.file.path+b.name) })
	return out
}

// assignedLater follows a variable its function declares without a value (var r
// *gin.Engine) to the assignments that give it one (r = gin.New()), outside function
// literals: one assignment is the origin; several building routers of one framework
// (if debug { r = gin.Default() } else { r = gin.New() }) make the statement holding them
// all the origin, when there is one. It returns o unchanged when nothing assigns it, and
// a reason when several assignments cannot be followed.
func (m *mainPkg) assignedLater(o origin) (origin, string) {
	decl, ok := o.stmt.(*ast.DeclStmt)
	if o.fn == nil || o.fn.Body == nil || !ok || o.value != nil {
		return o, ""
	}
	var assigns []*ast.AssignStmt
	ast.Inspect(o.fn.Body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == o.name && s.Tok == token.ASSIGN && s.Pos() > decl.End() {
					assigns = append(assigns, s)
					break
				}
			}
		}
		return true
	})
	at := func(s *ast.AssignStmt) origin {
		later := origin{file: o.file, name: o.name, fn: o.fn, stmt: s, typ: o.typ}
		for i, l := range s.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == o.name {
				later.value, later.index = valueAt(s.Lhs, s.Rhs, i)
				break
			}
		}
		return later
	}
	switch len(assigns) {
	case 0:
		return o, ""
	case 1:
		return at(assigns[0]), ""
	}
	lines := make([]string, len(assigns))
	for i, s := range assigns {
		lines[i] = fmt.Sprintf("%s:%d", o.file.path, repo.Line(m.fset, s.Pos()))
	}
	both := "both"
	if len(lines) > 2 {
		both = "all"
	}
	why := fmt.Sprintf("%s and %s %s build the router %s and add cannot tell which one serves", strings.Join(lines[:len(lines)-1], ", "), lines[len(lines)-1], both, o.name)
	first := at(assigns[0])
	fw, _ := o.file.builder(first.value)
	for _, s := range assigns {
		if later := at(s); later.index != 0 || fw == "" {
			return o, why
		} else if other, _ := o.file.builder(later.value); other != fw {
			return o, why
		}
	}
	// The innermost statement of a list that holds every assignment and is none of them.
	var holder ast.Stmt
	ast.Inspect(o.fn.Body, func(n ast.Node) bool {
		list, _ := stmtList(n)
		for _, s := range list {
			if s.Pos() <= assigns[0].Pos() && assigns[len(assigns)-1].End() <= s.End() {
				if _, isAssign := s.(*ast.AssignStmt); !isAssign {
					holder = s
				}
			}
		}
		return true
	})
	if holder == nil || holder.Pos() < decl.End() {
		return o, why
	}
	// The router must not be used inside the statement, before the middleware follows it.
	lhs := map[ast.Node]bool{}
	for _, s := range assigns {
		for _, l := range s.Lhs {
			lhs[l] = true
		}
	}
	used := false
	ast.Inspect(holder, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == o.name && !lhs[id] {
			used = true
		}
		return !used
	})
	if used {
		return o, why
	}
	first.stmt = holder
	return first, ""
}

// siteAfter returns the line after the statement of o building a router of fw: inside a
// function, the next line, when the statement is one of a block's and ends its line; at
// package level, the start of func main, unless code that runs before main uses the
// router first (see usedBeforeMain): gin copies the middleware into each route as it is
// registered, so a route registered before would never be traced.
func (m *mainPkg) siteAfter(o origin, fw repo.Framework) (*router, string) {
	r := &router{name: o.name, framework: fw}
	if o.fn == nil {
		if by := m.usedBeforeMain(o.name); by != "" {
			return nil, fmt.Sprintf("%s uses the router %s before main runs", by, o.name)
		}
		main, ok := m.funcs["main"]
		if !ok || main.decl.Body == nil || len(main.decl.Body.List) == 0 {
			return nil, "func main is not among the files the build compiles"
		}
		body, content := main.decl.Body, main.file.content
		brace := m.fset.PositionFor(body.Lbrace, false)
		first := m.fset.PositionFor(body.List[0].Pos(), false)
		if first.Line == brace.Line || !restIsBlank(content, brace.Offset+1) {
			return nil, "func main starts on the line of its brace"
		}
		r.file, r.at, r.indent = main.file, lineEnd(content, brace.Offset), indentAt(content, lineStart(content, first.Offset))
		return r, ""
	}
	end := m.fset.Position(o.stmt.End()).Offset
	if !inList(o.fn.Body, o.stmt) || !restIsBlank(o.file.content, end) {
		return nil, fmt.Sprintf("%s:%d: the router %s is built where no line can follow (another statement on its line, or in an if or for header)", o.file.path, repo.Line(m.fset, o.stmt.Pos()), o.name)
	}
	start := m.fset.Position(o.stmt.Pos()).Offset
	r.file, r.at, r.indent = o.file, lineEnd(o.file.content, end), indentAt(o.file.content, lineStart(o.file.content, start))
	return r, ""
}

// usedBeforeMain returns what runs before main and refers to the package-level name: an
// init function, or a package-level variable's initializer, itself or through the
// functions of the package they call (a function literal counts where it is called);
// "" when nothing does.
func (m *mainPkg) usedBeforeMain(name string) string {
	followed := map[string]bool{}
	var runs func(n ast.Node) bool
	runs = func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				return false // runs when called: see the call
			case *ast.CallExpr:
				switch fun := unparen(x.Fun).(type) {
				case *ast.FuncLit:
					found = found || runs(fun.Body)
				case *ast.Ident:
					if fd, ok := m.funcs[fun.Name]; ok && fd.decl.Body != nil && !followed[fun.Name] {
						followed[fun.Name] = true
						found = found || runs(fd.decl.Body)
					}
				}
			case *ast.Ident:
				found = found || x.Name == name
			}
			return !found
		})
		return found
	}
	for _, fd := range m.inits {
		if fd.Body != nil && runs(fd.Body) {
			return "an init function"
		}
	}
	for _, f := range m.files {
		for _, d := range f.syntax.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for _, v := range vs.Values {
					if runs(v) {
						return fmt.Sprintf("the initializer of %s (%s:%d)", vs.Names[0].Name, f.path, repo.Line(m.fset, vs.Pos()))
					}
				}
			}
		}
	}
	return ""
}

// inList reports whether stmt is one of the statements of a block, a case or a select
// clause inside body.
func inList(body *ast.BlockStmt, stmt ast.Stmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		list, _ := stmtList(n)
		found = found || slices.Contains(list, stmt)
		return !found
	})
	return found
}

// stmtList returns the statements n holds as a list: a block's, a case's or a select
// clause's; ok is false for any other node.
func stmtList(n ast.Node) (list []ast.Stmt, ok bool) {
	switch b := n.(type) {
	case *ast.BlockStmt:
		return b.List, true
	case *ast.CaseClause:
		return b.Body, true
	case *ast.CommClause:
		return b.Body, true
	}
	return nil, false
}

// restIsBlank reports whether the line holding offset holds nothing from offset on but
// blanks and a line comment.
func restIsBlank(content []byte, offset int) bool {
	rest := strings.TrimSpace(string(content[offset:lineEnd(content, offset)]))
	return rest == "" || strings.HasPrefix(rest, "//")
}

// callSet is a set of functions of one package, by import path: the package's name
// where its path does not end in it, and the names of the functions.
type callSet map[string]struct {
	pkg   string
	calls []string
}

// tracingCalls are the calls that install a tracing middleware.
var tracingCalls = callSet{
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin":  {"", []string{"Middleware"}},
	"go.opentelemetry.io/contrib/instrumentation/github.com/labstack/echo/otelecho": {"", []string{"Middleware"}},
	"github.com/labstack/echo-opentelemetry":                                        {"echootel", []string{"NewMiddleware", "NewMiddlewareWithConfig", "Middleware"}},
	"go.opentelemetry.io/contrib/instrumentation/github.com/gorilla/mux/otelmux":    {"", []string{"Middleware"}},
	"github.com/riandyrn/otelchi":                                                   {"", []string{"Middleware"}},
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp":                 {"", []string{"NewHandler", "NewMiddleware"}},
}

// tracingMiddleware returns where the main package, or a repository package it imports
// (where the router or the handler may be built), installs a tracing middleware of its
// own ("main.go:14 otelgin.Middleware"), or "".
func (m *mainPkg) tracingMiddleware() string { return m.uses(tracingCalls) }

// uses returns where the main package, or a repository package it imports, first names
// one of the functions of set ("main.go:14 otelgin.Middleware"), or "".
func (m *mainPkg) uses(set callSet) string {
	for _, f := range slices.Concat(m.files, m.others) {
		found := ""
		ast.Inspect(f.syntax, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok || found != "" {
				return found == ""
			}
			pkg, name, ok := f.qualified(sel)
			if !ok {
				// A package whose path does not end in its name, imported without one.
				for p, t := range set {
					if id, isIdent := sel.X.(*ast.Ident); isIdent && t.pkg != "" && t.pkg == id.Name && f.names[p] != "" && !token.IsIdentifier(f.names[p]) {
						pkg, name = p, sel.Sel.Name
					}
				}
			}
			if slices.Contains(set[pkg].calls, name) {
				found = fmt.Sprintf("%s:%d %s", f.path, repo.Line(m.fset, sel.Pos()), f.src(m.fset, sel))
			}
			return found == ""
		})
		if found != "" {
			return found
		}
	}
	return ""
}
