package audit

import (
	"go/ast"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// pprofMounters are packages whose use mounts the profiling handlers somewhere.
var pprofMounters = []string{"net/http/pprof", "github.com/gin-contrib/pprof", "github.com/labstack/echo-contrib/pprof", "github.com/felixge/fgprof",
	"github.com/gofiber/fiber/v2/middleware/pprof", "github.com/gofiber/fiber/v3/middleware/pprof", "github.com/hertz-contrib/pprof"}

// mountsPprof reports whether n (a call or reference) mounts profiling handlers.
func mountsPprof(pf *pfile, n ast.Node) bool {
	var e ast.Expr
	switch x := n.(type) {
	case *ast.CallExpr:
		e = x.Fun
	case *ast.SelectorExpr:
		e = x
	default:
		return false
	}
	pkg, name, ok := pf.qualified(e)
	if !ok {
		return false
	}
	return slices.Contains(pprofMounters, pkg) || pkg == "github.com/go-chi/chi/v5/middleware" && name == "Profiler"
}

func (a *auditor) checkPprof(p *program) Result {
	fix := "gonew-prod add pprof serves profiles on a separate admin listener (127.0.0.1:6060) behind a bearer token."
	var blank []repo.Evidence
	for _, s := range p.imports["net/http/pprof"] {
		if spec := s.node.(*ast.ImportSpec); spec.Name != nil && spec.Name.Name == "_" {
			blank = append(blank, p.at(spec))
		}
	}
	var mounts []repo.Evidence // in code main's flow may run
	for _, r := range p.refs {
		if mountsPprof(r.file, r.node) && p.runs(r.site) {
			mounts = append(mounts, p.at(r.node))
		}
	}
	if len(blank) == 0 && len(mounts) == 0 {
		return Result{Status: Pass, Message: "pprof is not served", Evidence: p.placeOfServer(), Fix: fix, Missing: true}
	}
	if r, ok := p.unreadResult("where the profiling handlers are served and that they check a token"); ok {
		return r
	}
	// http.Handle and http.HandleFunc register on http.DefaultServeMux too.
	var registered []repo.Evidence
	for _, c := range p.callsTo("net/http", "Handle", "HandleFunc") {
		if p.runs(c.site) && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return containsNode(a, c.file, mountsPprof) }) {
			registered = append(registered, p.at(c.expr))
		}
	}
	onDefault := len(blank) > 0 || len(registered) > 0
	// With the profiles on http.DefaultServeMux, a call that hands it to a router
	// mounts them (mux.Handle("/", http.DefaultServeMux)).
	mounting := func(pf *pfile, n ast.Node) bool {
		return mountsPprof(pf, n) || onDefault && mountsDefaultMux(pf, n)
	}
	funcs := p.reaching(mounting)
	routers := p.reaching(func(pf *pfile, n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		pkg, _, ok := pf.qualified(c.Fun)
		return ok && slices.Contains(routerPackages, pkg)
	})
	servers := p.servers()
	var admin, exposed []server
	viaDefault := map[ast.Node]bool{} // servers that serve the blank import's profiles through a handler
	returnsDefault := p.returningDefaultMux()
	for _, s := range servers {
		if !p.runs(s.site) {
			continue // a server main's flow never starts serves nothing
		}
		ids, names := p.trace(s.file, s.fn, s.handler)
		wrapsDefault := onDefault && !s.defaultMux && slices.ContainsFunc(ids, func(id string) bool {
			_, helper := returnsDefault[id]
			return id == "net/http.DefaultServeMux" || helper
		})
		mounted := p.mountedOn(s, names, funcs, mounting)
		tainted := s.defaultMux && onDefault || wrapsDefault ||
			slices.ContainsFunc(ids, func(id string) bool { return funcs[id] }) || mounted
		if !tainted {
			continue
		}
		viaDefault[s.node] = wrapsDefault || len(mounts) == 0 && !s.defaultMux
		app := s.defaultMux && len(servers) == 1 || slices.ContainsFunc(ids, func(id string) bool {
			return routers[id] || slices.ContainsFunc(routerPackages, func(r string) bool { return strings.HasPrefix(id, r+".") })
		})
		if app || len(servers) == 1 {
			exposed = append(exposed, s)
		} else {
			admin = append(admin, s)
		}
	}
	where := append(blank, mounts...)
	switch {
	case len(exposed) > 0:
		msg := "pprof is served on the public listener: anyone who reaches the service can read its memory and stall it with CPU profiles"
		switch {
		case len(blank) > 0 && exposed[0].defaultMux:
			msg = "the blank import of net/http/pprof registers on http.DefaultServeMux, which the public server serves: anyone can profile the service"
		case len(registered) > 0 && exposed[0].defaultMux:
			msg = "http.Handle/http.HandleFunc register the profiling handlers on http.DefaultServeMux, which the public server serves (its Handler is nil or DefaultServeMux): anyone can profile the service"
			where = append(where, registered...)
		case viaDefault[exposed[0].node]:
			msg = "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service"
			where = append(where, p.defaultMuxMounts()...)
			ids, _ := p.trace(exposed[0].file, exposed[0].fn, exposed[0].handler)
			for _, id := range ids {
				if at, ok := returnsDefault[id]; ok {
					where = append(where, at)
				}
			}
		}
		return Result{Status: Fail, Message: msg, Evidence: append(where, p.at(exposed[0].node)), Fix: fix}
	case len(admin) == 0 && len(blank) > 0 && len(mounts) == 0:
		return Result{Status: Warn, Message: "the blank import of net/http/pprof registers on http.DefaultServeMux: nothing serves it now, but any server with a nil Handler would expose it", Evidence: blank, Fix: fix}
	case len(admin) == 0:
		return Result{Status: Unknown, Message: "profiling handlers are mounted, but no server found serves them", Evidence: where, Fix: fix}
	}
	s := admin[0]
	if auth := p.authIn(funcs, s); auth != nil {
		return Result{Status: Pass, Message: "pprof is served on a separate listener that checks a token", Evidence: append(where, p.at(s.node), *auth)}
	}
	status, msg := Fail, "pprof is served on a separate listener without authentication"
	if loopback(s.addr) {
		status, msg = Warn, "pprof is served on a separate loopback listener without authentication: any process on the host can profile the service"
	}
	return Result{Status: status, Message: msg, Evidence: append(where, p.at(s.node)), Fix: fix}
}

// mountedOn reports whether profiling handlers are registered on one of names in the
// function that starts s: mux.Handle("/debug/pprof/", pprof.Index), pprof.Register(r),
// r.PathPrefix("/debug/").Handler(h), or a call of a function that mounts them
// (one of funcs) with the router, or on the router with a handler or middleware
// such a function builds (r.Use(tracing())). mounting tells a call or reference that
// mounts.
func (p *program) mountedOn(s server, names []string, funcs map[string]bool, mounting func(*pfile, ast.Node) bool) bool {
	for _, c := range p.calls {
		if c.fn != s.fn && (c.fn == nil || s.fn == nil || c.fn.Pos() < s.fn.Pos() || c.fn.End() > s.fn.End()) {
			continue
		}
		if c.node == s.node {
			continue // the call that starts the server (serve(addr, r)) mounts nothing on r
		}
		var onName bool
		if id, ok := rootIdent(c.recv); ok && slices.Contains(names, id) {
			onName = true
		}
		callee := c.file.pkg.ImportPath + "." + c.name
		if c.pkg != "" {
			callee = c.pkg + "." + c.name
		}
		for _, arg := range c.expr.Args {
			if id, ok := rootIdent(arg); ok && slices.Contains(names, id) && (mounting(c.file, c.expr) || c.recv == nil && funcs[callee]) {
				return true
			}
		}
		if !onName {
			continue
		}
		// builds reports whether e holds what mounting finds or a call of a function
		// of the program that does (r.Use(tracing()), tracing returning the middleware).
		builds := func(e ast.Expr) bool {
			return containsNode(e, c.file, func(pf *pfile, n ast.Node) bool {
				inner, isCall := n.(*ast.CallExpr)
				return mounting(pf, n) || isCall && funcs[p.funcID(pf, inner.Fun)]
			})
		}
		mounted := false
		for _, arg := range c.expr.Args {
			mounted = mounted || builds(arg)
			// h, built before: h = otelhttp.NewHandler(h, ...); mux.Handle("/", h)
			if id, ok := unparen(arg).(*ast.Ident); ok && !mounted {
				mounted = slices.ContainsFunc(p.defsOf(c.fn, id.Name), builds)
			}
		}
		if mounted || mounting(c.file, c.expr) {
			return true
		}
	}
	return false
}

// rootIdent returns the name an expression starts from: r for r, r.x, &r, (r) and
// r.PathPrefix("/debug/").
func rootIdent(e ast.Expr) (string, bool) {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name, true
		case *ast.SelectorExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.CallExpr:
			e = x.Fun
		default:
			return "", false
		}
	}
}

// serveFuncs are the functions and methods of net/http that serve a handler rather
// than mount it.
var serveFuncs = []string{"ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"}

// mountsDefaultMux reports whether n is a call that hands http.DefaultServeMux, or a
// handler wrapping it, to something other than net/http's serve functions: a router
// that mounts it, or a wrapper that serves it.
func mountsDefaultMux(pf *pfile, n ast.Node) bool {
	c, ok := n.(*ast.CallExpr)
	if !ok {
		return false
	}
	if pkg, name, ok := pf.qualified(c.Fun); ok && pkg == "net/http" && slices.Contains(serveFuncs, name) {
		return false
	}
	found := false
	for _, arg := range c.Args {
		ast.Inspect(arg, func(n ast.Node) bool {
			if e, ok := n.(ast.Expr); ok {
				pkg, name, ok := pf.qualified(e)
				found = found || ok && pkg == "net/http" && name == "DefaultServeMux"
			}
			return !found
		})
	}
	return found
}

// returningDefaultMux returns the functions of the program that return
// http.DefaultServeMux (func Mux() *http.ServeMux { return http.DefaultServeMux }), by
// id, with where they return it.
func (p *program) returningDefaultMux() map[string]repo.Evidence {
	out := map[string]repo.Evidence{}
	for id, f := range p.funcs {
		if f.node.Body == nil || !p.owns(id) {
			continue
		}
		ast.Inspect(f.node.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // its returns are its own
			}
			ret, ok := n.(*ast.ReturnStmt)
			if !ok || len(ret.Results) == 0 {
				return true
			}
			ids, _ := p.trace(f.file, f.node, ret.Results[0])
			if slices.Contains(ids, "net/http.DefaultServeMux") {
				out[id] = p.at(ret)
			}
			return true
		})
	}
	return out
}

// defaultMuxMounts returns where http.DefaultServeMux is handed to a router or a
// wrapper.
func (p *program) defaultMuxMounts() []repo.Evidence {
	var out []repo.Evidence
	for _, c := range p.calls {
		if mountsDefaultMux(c.file, c.expr) {
			out = append(out, p.at(c.expr))
		}
	}
	return out
}

// authIn returns evidence of an authentication check (a constant-time compare, an
// Authorization header or basic auth) on the path of the admin server s's requests:
// in a function that mounts the profiles (funcs) or one its handler is built with
// (a middleware wrapping it), in a ServeHTTP method of a package that mounts them,
// or in the function that starts s. A check elsewhere, such as the public API's
// middleware, guards nothing the admin server serves.
func (p *program) authIn(funcs map[string]bool, s server) *repo.Evidence {
	onPath := map[string]bool{p.fnID[s.fn]: s.fn != nil}
	for id := range funcs {
		onPath[id] = true
		onPath[id[:strings.LastIndex(id, ".")]+".ServeHTTP"] = true
	}
	ids, _ := p.trace(s.file, s.fn, s.handler)
	for _, id := range ids {
		onPath[id] = true
	}
	// A wrapper applied where a profile is mounted: mux.Handle("/debug/pprof/", auth(h)).
	for _, c := range p.calls {
		if !slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return containsNode(a, c.file, mountsPprof) }) {
			continue
		}
		for _, a := range c.expr.Args {
			ast.Inspect(a, func(n ast.Node) bool {
				if inner, ok := n.(*ast.CallExpr); ok {
					onPath[p.funcID(c.file, inner.Fun)] = true
				}
				return true
			})
		}
	}
	delete(onPath, "")
	in := func(at site) bool { return at.fn != nil && onPath[p.fnID[at.fn]] }
	for _, r := range p.refsTo("crypto/subtle", "ConstantTimeCompare") {
		if in(r.site) {
			ev := p.at(r.node)
			return &ev
		}
	}
	for _, c := range p.methodCalls("BasicAuth") {
		if in(c.site) {
			ev := p.at(c.expr)
			return &ev
		}
	}
	for _, l := range p.paths {
		if strings.EqualFold(l.value, "Authorization") && in(l.site) {
			ev := p.at(l.node)
			return &ev
		}
	}
	return nil
}

// loopback reports whether addr is a string literal naming a loopback host.
func loopback(addr ast.Expr) bool {
	b, ok := unparenLit(addr)
	if !ok {
		return false
	}
	host, _, err := net.SplitHostPort(b)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

func unparenLit(e ast.Expr) (string, bool) {
	if e == nil {
		return "", false
	}
	b, ok := unparen(e).(*ast.BasicLit)
	if !ok {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}
