package audit

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// pprofMounters are packages whose use mounts the profiling handlers somewhere.
var pprofMounters = []string{"net/http/pprof", "github.com/gin-contrib/pprof", "github.com/labstack/echo-contrib/pprof", "github.com/felixge/fgprof",
	"github.com/gofiber/fiber/v2/middleware/pprof", "github.com/gofiber/fiber/v3/middleware/pprof", "github.com/hertz-contrib/pprof",
	"github.com/valyala/fasthttp/pprofhandler"}

// mountsPprof reports whether n (a call or reference) mounts profiling handlers: a
// use of a package of pprofMounters, or chi's middleware.Profiler (see chiMiddleware).
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
	return slices.Contains(pprofMounters, pkg) || chiMiddleware(pkg) && name == "Profiler"
}

func (a *auditor) checkPprof(p *program) Result {
	r := p.pprofServed(a.pprofFix(p))
	if g := p.gopsAgent(); g != nil && g.Status.Rank() > r.Status.Rank() {
		return *g
	}
	return r
}

// gopsAgent returns the verdict on a gops agent (github.com/google/gops/agent) that
// main's flow starts, or nil: it serves stack dumps, heap and CPU profiles and
// execution traces to anyone who reaches its port, without authentication. On an
// address that is not loopback (":6061") it is a FAIL, on loopback (its default,
// when Options sets no Addr) a WARN, and on an address this audit cannot read
// UNKNOWN.
func (p *program) gopsAgent() *Result {
	fix := "Stop the gops agent in production builds, or listen on 127.0.0.1 only; serve profiles with gonew-prod add pprof, on a separate admin listener behind a bearer token."
	for _, c := range p.callsTo("github.com/google/gops/agent", "Listen") {
		if !p.runs(c.site) {
			continue
		}
		var addr ast.Expr
		readable := len(c.expr.Args) == 0
		if len(c.expr.Args) == 1 {
			if cl, ok := unparen(c.expr.Args[0]).(*ast.CompositeLit); ok {
				addr, readable = field(cl, "Addr"), true
			}
		}
		ev := []repo.Evidence{p.at(c.expr)}
		s, isConst := p.constString(addr)
		switch {
		case !readable || addr != nil && !isConst:
			return &Result{Status: Unknown, Message: "a gops agent serves stack dumps and profiles without authentication, on an address this audit cannot read: check that it listens on loopback only, or not in production", Evidence: ev, Fix: fix}
		case addr == nil || p.loopback(addr):
			return &Result{Status: Warn, Message: "a gops agent serves stack dumps, heap and CPU profiles on loopback without authentication: any process on the host can profile the service", Evidence: ev, Fix: fix}
		}
		return &Result{Status: Fail, Message: fmt.Sprintf("a gops agent listens on %s, which is not loopback, without authentication: anyone who reaches that port can dump every goroutine's stack, read heap profiles and run CPU profiles", s), Evidence: ev, Fix: fix}
	}
	return nil
}

// runtimeProfiles returns the calls of runtime/pprof that write a profile to the
// response of an HTTP handler: pprof.Lookup(name).WriteTo(w, debug),
// pprof.StartCPUProfile(w) and pprof.WriteHeapProfile(w), where w is the
// http.ResponseWriter of the function (or function literal) they are in. A profile
// written to a file (a -cpuprofile flag) serves nothing.
func (p *program) runtimeProfiles() map[ast.Node]bool {
	out := map[ast.Node]bool{}
	for _, c := range p.calls {
		var w ast.Expr
		switch {
		case c.pkg == "runtime/pprof" && (c.name == "StartCPUProfile" || c.name == "WriteHeapProfile") && len(c.expr.Args) == 1:
			w = c.expr.Args[0]
		case c.name == "WriteTo" && c.recv != nil && len(c.expr.Args) > 0:
			recv := unparen(c.recv)
			if id, ok := recv.(*ast.Ident); ok { // prof := pprof.Lookup("heap"); prof.WriteTo(w, 0)
				if defs := p.defsOf(c.fn, id.Name); len(defs) == 1 {
					recv = unparen(defs[0])
				}
			}
			lookup, ok := recv.(*ast.CallExpr)
			if !ok {
				continue
			}
			if pkg, name, ok := c.file.qualified(lookup.Fun); !ok || pkg != "runtime/pprof" || name != "Lookup" {
				continue
			}
			w = c.expr.Args[0]
		default:
			continue
		}
		var ft *ast.FuncType
		switch f := c.fn.(type) {
		case *ast.FuncDecl:
			ft = f.Type
		case *ast.FuncLit:
			ft = f.Type
		default:
			continue
		}
		if params := paramNames(ft); servesRequests(c.file, ft) && len(params) > 0 && isName(unparen(w), params[0]) {
			out[c.expr] = true
		}
	}
	return out
}

// masksPprof reports whether n is a call mux.Handle("/debug/pprof/",
// http.NotFoundHandler()): a mux answering 404 where importing net/http/pprof registers
// the profiles on http.DefaultServeMux.
func (p *program) masksPprof(pf *pfile, n ast.Node) bool {
	c, ok := n.(*ast.CallExpr)
	if !ok || len(c.Args) != 2 {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Handle" {
		return false
	}
	notFound, ok := unparen(c.Args[1]).(*ast.CallExpr)
	if !ok {
		return false
	}
	if pkg, name, ok := pf.qualified(notFound.Fun); !ok || pkg != "net/http" || name != "NotFoundHandler" {
		return false
	}
	path, ok := p.constString(c.Args[0])
	return ok && path == "/debug/pprof/"
}

// pprofFix is the fix the pprof row offers: what gonew-prod add pprof writes, the
// admin listener on the port the record that governs p's main package names
// (admin_port; 6060 without one), or, when that record's preset locks features to
// a list without pprof (see Options.FeatureLocks), that add cannot add it.
func (a *auditor) pprofFix(p *program) string {
	port := 6060
	if rec := a.record(p.main.Dir()); rec != nil {
		if lock := a.locks[rec.at.File]; lock != "" && !slices.Contains(rec.features, "pprof") {
			return fmt.Sprintf("%s, so gonew-prod add cannot add pprof: if profiles are wanted, %s.", lock, LockedOutFix)
		}
		if n, err := strconv.Atoi(rec.adminPort); err == nil && n > 0 && n < 65536 {
			port = n
		}
	}
	return fmt.Sprintf("gonew-prod add pprof serves profiles on a separate admin listener (127.0.0.1:%d) behind a bearer token.", port)
}

// pprofServed judges where the profiling handlers are served (see checkPprof), with
// fix as the fix of its results (see pprofFix).
func (p *program) pprofServed(fix string) Result {
	var blank []repo.Evidence
	for _, s := range p.imports["net/http/pprof"] {
		if spec := s.node.(*ast.ImportSpec); spec.Name != nil && spec.Name.Name == "_" {
			blank = append(blank, p.at(spec))
		}
	}
	var mounts []repo.Evidence // in code main's flow may run
	for _, r := range p.refs {
		if mountsPprof(r.file, r.node) && p.runs(r.site) && p.noRoute(r.node) == "" {
			mounts = append(mounts, p.at(r.node))
		}
	}
	written := p.runtimeProfiles()
	for _, c := range p.calls {
		if written[c.expr] && p.runs(c.site) {
			mounts = append(mounts, p.at(c.expr))
		}
	}
	// A generated file's blank import registers the profiles too; the file is no
	// evidence, so the verdict names it. So does a vendored package's import, which
	// the verdict names with the program's import that leads to it: vendor/ is read
	// only when http.DefaultServeMux may be served, where that import exposes them.
	// elsewhere says which of them, if any, registers the profiles.
	elsewhere := p.generatedImport("net/http/pprof", "_")
	if elsewhere != "" {
		elsewhere = "the generated file " + elsewhere + " blank-imports net/http/pprof"
	}
	var vend string
	var vendEv []repo.Evidence
	var vendErr error
	if elsewhere == "" && p.defaultMuxServed() {
		vend, vendEv, vendErr = p.vendoredImport("net/http/pprof")
	}
	switch {
	case vend != "":
		elsewhere = vend
	case vendErr != nil && len(blank) == 0 && len(mounts) == 0:
		return Result{Status: Unknown, Message: "pprof is not served by the code read, but http.DefaultServeMux is, and " + vendErr.Error() + ": a vendored package that imports net/http/pprof registers the profiles there", Evidence: p.placeOfServer(), Fix: fix}
	}
	if len(blank) == 0 && len(mounts) == 0 && elsewhere == "" {
		return Result{Status: Pass, Message: "pprof is not served", Evidence: p.placeOfServer(), Fix: fix, Missing: true}
	}
	if r, ok := p.unreadResult("where the profiling handlers are served and that they check a token"); ok {
		if len(blank) > 0 { // the profiles are on http.DefaultServeMux: whatever serves it serves them
			r.Message = "the blank import of net/http/pprof registers the profiles on http.DefaultServeMux, and " + r.Message
			r.Evidence = append(blank, r.Evidence...)
		}
		return r
	}
	// http.Handle and http.HandleFunc register on http.DefaultServeMux too.
	var registered []repo.Evidence
	for _, c := range p.callsTo("net/http", "Handle", "HandleFunc") {
		if p.runs(c.site) && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return containsNode(a, c.file, mountsPprof) }) {
			registered = append(registered, p.at(c.expr))
		}
	}
	onDefault := len(blank) > 0 || len(registered) > 0 || elsewhere != ""
	// With the profiles on http.DefaultServeMux, a call that hands it to a router
	// mounts them (mux.Handle("/", http.DefaultServeMux)).
	mounting := func(pf *pfile, n ast.Node) bool {
		return mountsPprof(pf, n) || written[n] || onDefault && mountsDefaultMux(pf, n)
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
	guarded := func(s server) bool { check, _ := p.authIn(funcs, s); return check != nil }
	// open tells a listener that checks no token on a constant address that is not
	// loopback: beside one that checks a token, it is the public one.
	open := func(s server) bool {
		addr := p.listenAddr(s)
		_, known := p.constString(addr)
		return known && !p.loopback(addr) && !guarded(s)
	}
	// A function of the program that serves the handler it is given with /debug/pprof/
	// answered by http.NotFoundHandler() when that is http.DefaultServeMux (gonew-prod's
	// prodServe) does not serve the profiles net/http/pprof's import registers there.
	masking := p.reaching(p.masksPprof)
	masked := func(s server) bool {
		c, ok := s.node.(*ast.CallExpr)
		return ok && len(registered) == 0 && masking[p.funcID(s.file, c.Fun)]
	}
	var admin, exposed []server
	viaDefault := map[ast.Node]bool{} // servers that serve the blank import's profiles through a handler
	returnsDefault := p.returningDefaultMux()
	defaultFields := p.fieldsHolding(func(pf *pfile, v ast.Expr) bool {
		pkg, name, ok := pf.qualified(unparen(v))
		return ok && pkg == "net/http" && name == "DefaultServeMux"
	})
	for _, s := range servers {
		if !p.runs(s.site) {
			continue // a server main's flow never starts serves nothing
		}
		ids, names := p.trace(s.file, s.fn, s.handler)
		wrapsDefault := onDefault && !s.defaultMux && (slices.ContainsFunc(ids, func(id string) bool {
			_, helper := returnsDefault[id]
			return id == "net/http.DefaultServeMux" || helper
		}) || p.readsField(s, names, defaultFields))
		mounted := p.mountedOn(s, names, funcs, mounting) || slices.ContainsFunc(names, func(n string) bool {
			return p.handedMounted(s.fn, n, funcs, mounting, 0)
		})
		code := p.handlerCode(s.file, s.fn, s.handler, 0) // a.adminMux() too, which trace leaves out
		field := handlerField(s.file, s.handler)
		builtBy := func(id string) bool { return funcs[id] && !p.mountsOnFieldsBut(id, field, funcs, mounting) }
		tainted := s.defaultMux && onDefault && !masked(s) || wrapsDefault ||
			slices.ContainsFunc(ids, builtBy) || slices.ContainsFunc(code, builtBy) || mounted
		if !tainted {
			continue
		}
		viaDefault[s.node] = wrapsDefault || len(mounts) == 0 && !s.defaultMux
		// A framework's router is the service's public handler, unless it listens on
		// loopback beside a server that does not (echo.New() as an admin listener),
		// or checks a token beside a server that checks none on a constant address
		// that is not loopback (admin.Use(tokenCheck) on ":6060" beside ":8080"):
		// then its routes tell, as public does for any server.
		aside := p.loopback(p.listenAddr(s)) && slices.ContainsFunc(servers, func(o server) bool {
			return o.node != s.node && p.runs(o.site) && !p.loopback(p.listenAddr(o))
		}) || guarded(s) && slices.ContainsFunc(servers, func(o server) bool {
			return o.node != s.node && p.runs(o.site) && open(o)
		})
		app := s.defaultMux && len(servers) == 1 || slices.ContainsFunc(ids, func(id string) bool {
			return routers[id] || slices.ContainsFunc(routerPackages, func(r string) bool { return strings.HasPrefix(id, r+".") })
		}) && !(aside && !p.public(s, names, code, servers, p.scope(s)))
		if app || len(servers) == 1 || p.public(s, names, code, servers, s.fn) {
			exposed = append(exposed, s)
		} else {
			admin = append(admin, s)
		}
	}
	// Of listeners that serve no route of the API, one whose handler checks no token
	// and that listens on all interfaces or another address that is not loopback,
	// beside one that checks a token (add's admin listener), is no second admin
	// listener: it is the service's own (its mux handed to prodServe, say), where
	// anyone who reaches the service reads the profiles without the token.
	if len(exposed) == 0 && slices.ContainsFunc(admin, guarded) {
		for _, s := range admin {
			if open(s) {
				exposed = append(exposed, s)
			}
		}
		admin = slices.DeleteFunc(admin, open)
	}
	where := append(blank, mounts...)
	switch {
	case len(exposed) > 0:
		msg := "pprof is served on the public listener: anyone who reaches the service can read its memory and stall it with CPU profiles"
		switch {
		case len(blank) > 0 && exposed[0].defaultMux:
			msg = "the blank import of net/http/pprof registers on http.DefaultServeMux, which the public server serves: anyone can profile the service"
		case elsewhere != "" && len(registered) == 0 && (exposed[0].defaultMux || viaDefault[exposed[0].node]):
			msg = elsewhere + ", which registers /debug/pprof/ on http.DefaultServeMux, which the public server serves: anyone can profile the service"
			where = append(where, vendEv...)
		case len(registered) > 0 && exposed[0].defaultMux:
			msg = "http.Handle/http.HandleFunc register the profiling handlers on http.DefaultServeMux, which the public server serves (its Handler is nil or DefaultServeMux): anyone can profile the service"
			where = append(where, registered...)
		case viaDefault[exposed[0].node]:
			msg = "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service"
			where = append(where, p.defaultMuxMounts()...)
			ids, names := p.trace(exposed[0].file, exposed[0].fn, exposed[0].handler)
			for _, field := range slices.Sorted(maps.Keys(defaultFields)) {
				at := defaultFields[field]
				if p.readsField(exposed[0], names, map[string]repo.Evidence{field: at}) {
					where = append(where, at)
				}
			}
			for _, id := range ids {
				if at, ok := returnsDefault[id]; ok {
					where = append(where, at)
				}
			}
		}
		return Result{Status: Fail, Message: msg, Evidence: append(where, p.at(exposed[0].node)), Fix: fix}
	case len(admin) == 0 && len(blank) > 0 && len(mounts) == 0:
		return Result{Status: Warn, Message: "the blank import of net/http/pprof registers on http.DefaultServeMux: nothing serves it now, but any server with a nil Handler would expose it", Evidence: blank, Fix: fix}
	case len(admin) == 0 && elsewhere != "" && len(mounts) == 0:
		return Result{Status: Warn, Message: elsewhere + ", which registers on http.DefaultServeMux: nothing serves it now, but any server with a nil Handler would expose it", Evidence: append(vendEv, p.placeOfServer()...), Fix: fix}
	case len(admin) == 0:
		return Result{Status: Unknown, Message: "profiling handlers are mounted, but no server found serves them", Evidence: where, Fix: fix}
	}
	s := admin[0]
	auth, unguarded := p.authIn(funcs, s)
	switch {
	case auth == nil:
	case len(unguarded) > 0:
		status, msg := Fail, "pprof is served on a separate listener without authentication on some profile routes: the token check wraps only other routes, and "
		if p.loopback(p.listenAddr(s)) {
			status, msg = Warn, "pprof is served on a separate loopback listener without authentication on some profile routes (any process on the host can profile the service): the token check wraps only other routes, and "
		}
		msg += "a handler mounted without it (pprof.Index serves every named profile: heap, goroutine stacks, allocs, mutex, block) answers anyone"
		return Result{Status: status, Message: msg, Evidence: append(append(unguarded, p.at(s.node)), auth.at),
			Fix: "Check the token in a middleware that wraps the whole admin handler, so that every profile route is behind it: " + fix}
	case auth.emptyMatch:
		return Result{Status: Warn, Message: "pprof's admin listener compares the presented token in constant time with an expected one that is empty when none is configured, and refuses neither when empty: with the token unset, a request without one matches (\"\" equals \"\") and anyone who reaches it can profile the service", Evidence: append(where, p.at(s.node), auth.at),
			Fix: "Refuse to start (or to serve pprof) when pprof is enabled without a token, and refuse a request whose token is empty before the compare: " + fix}
	case auth.bypass != nil:
		return Result{Status: Warn, Message: "pprof's admin listener skips its token check while the token is empty, so with no token configured anyone who reaches it can profile the service", Evidence: append(where, p.at(s.node), auth.at, *auth.bypass),
			Fix: "Refuse to start (or to serve pprof) when pprof is enabled without a token, and check the token on every request: " + fix}
	case !auth.constantTime:
		return Result{Status: Warn, Message: "pprof's admin listener checks the credential without a constant-time compare (with ==, != or a string function): the check may not test the token at all, and response timing leaks how much of a guess is right", Evidence: append(where, p.at(s.node), auth.at),
			Fix: "Compare the bearer token with subtle.ConstantTimeCompare (of equal-length hashes, say sha256 sums) and answer 401 when it differs."}
	default:
		for _, v := range p.pathServers(s) {
			if check, _ := p.authIn(funcs, v); check == nil {
				return Result{Status: Unknown, Message: fmt.Sprintf("pprof is served on a separate listener that checks a token on some paths only: it serves %s, which may be %s (assigned under a condition or in a loop), with no token check; check by hand that this path never runs in production", types.ExprString(s.handler), types.ExprString(v.handler)), Evidence: append(where, p.at(s.node), auth.at, p.at(v.handler)),
					Fix: "Wrap whatever the admin handler ends up being in the token check (h = requireToken(token, h) as its last assignment), or run " + fix}
			}
		}
		return Result{Status: Pass, Message: "pprof is served on a separate listener that checks a token", Evidence: append(where, p.at(s.node), auth.at)}
	}
	status, msg := Fail, "pprof is served on a separate listener without authentication"
	if p.loopback(p.listenAddr(s)) {
		status, msg = Warn, "pprof is served on a separate loopback listener without authentication: any process on the host can profile the service"
	}
	return Result{Status: status, Message: msg, Evidence: append(where, p.at(s.node)), Fix: fix}
}

// public reports whether s, one of the servers, is the service's public listener
// rather than a separate admin one: its handler (names, as trace follows it where s
// starts, and code, see handlerCode) also serves routes of the API, which are neither
// profiles (/debug/), metrics nor health, registered in scope (or a function it
// calls that builds the handler); or every other server main's flow starts listens
// on loopback only, so that s is the one listener clients can reach. Health routes
// alone decide nothing: admin listeners often answer the probes too.
func (p *program) public(s server, names, code []string, servers []server, scope ast.Node) bool {
	if !p.loopback(p.listenAddr(s)) && !slices.ContainsFunc(servers, func(o server) bool {
		return o.node != s.node && p.runs(o.site) && !p.loopback(p.listenAddr(o))
	}) {
		return true
	}
	return slices.ContainsFunc(p.handlerRoutes(s, names, code, scope), func(v string) bool { return !adminRoute(v) })
}

// handlerRoutes returns the paths of the routes registered on the handler of server s
// (names, as trace follows it where s starts, and code, see handlerCode): literals in
// route position of registration calls on one of names in scope, or in a function
// its handler is built by (func Routes() http.Handler), but not on another field of a
// struct whose field s serves (s.api.HandleFunc while s serves a.admin).
func (p *program) handlerRoutes(s server, names, code []string, scope ast.Node) []string {
	routes := map[ast.Node]string{}
	for _, l := range p.paths {
		if l.route && strings.HasPrefix(l.value, "/") { // not "Authorization" in r.Header.Get
			routes[l.node] = l.value
		}
	}
	field := handlerField(s.file, s.handler)
	var out []string
	for _, c := range p.calls {
		if c.recv == nil || !slices.Contains(routeCalls, c.name) {
			continue
		}
		root, ok := rootIdent(c.recv)
		if !(ok && within(c.fn, scope) && slices.Contains(names, root)) && !(p.owns(p.fnID[c.fn]) && slices.Contains(code, p.fnID[c.fn])) {
			continue
		}
		if field != "" && onOtherField(c, field) {
			continue
		}
		for _, a := range c.expr.Args {
			if v, ok := routes[unparen(a)]; ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// handlerField returns the field a server's handler e serves when e names exactly
// one field of a variable (a.api, or otelhttp.NewHandler(a.api, "api")): the
// handler is that field of a struct that may hold other handlers, such as an admin
// mux beside the public one. Otherwise it returns "".
func handlerField(pf *pfile, e ast.Expr) string {
	if e == nil {
		return "" // http.DefaultServeMux
	}
	field := ""
	ast.Inspect(e, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if isQualified(pf, sel) {
			return false
		}
		if id, ok := unparen(sel.X).(*ast.Ident); ok && isLocal(pf, id) {
			if field != "" && field != sel.Sel.Name {
				field = "-" // two fields: no one field
			} else if field == "" {
				field = sel.Sel.Name
			}
		}
		return true
	})
	if field == "-" {
		return ""
	}
	return field
}

// onOtherField reports whether call c is made on a field of a variable other than
// field (a.admin.HandleFunc while field is api).
func onOtherField(c call, field string) bool {
	sel, ok := unparen(c.recv).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	_, isVar := unparen(sel.X).(*ast.Ident)
	return isVar && sel.Sel.Name != field
}

// mountsOnFieldsBut reports whether function id mounts profiles only through route
// registrations on fields of a variable other than field (a.admin.HandleFunc(
// "/debug/pprof/", pprof.Index) while the server's handler is a.api), and calls no
// other function that mounts them: a constructor that fills a struct with an admin
// mux beside the public one builds the public one without profiles. Any other shape
// (a mount outside a registration, one on the field itself or a variable) is taken
// as mounting on the handler.
func (p *program) mountsOnFieldsBut(id, field string, funcs map[string]bool, mounting func(*pfile, ast.Node) bool) bool {
	if field == "" {
		return false
	}
	var regs []call // the route registrations of id on another field
	for _, c := range p.calls {
		if p.fnID[c.fn] != id {
			continue
		}
		callee := c.file.pkg.ImportPath + "." + c.name
		if c.pkg != "" {
			callee = c.pkg + "." + c.name
		}
		if callee != id && funcs[callee] && c.recv == nil {
			return false // mounts through another function of the program
		}
		if c.recv != nil && slices.Contains(routeCalls, c.name) && onOtherField(c, field) {
			regs = append(regs, c)
		}
	}
	var carrying []call // the registrations that mount profiles
	mountedIn := func(n ast.Node) bool {
		i := slices.IndexFunc(regs, func(c call) bool { return c.expr.Lparen < n.Pos() && n.End() <= c.expr.Rparen })
		if i >= 0 {
			carrying = append(carrying, regs[i])
		}
		return i >= 0
	}
	for _, c := range p.calls {
		if p.fnID[c.fn] == id && mounting(c.file, c.expr) && !mountedIn(c.expr) {
			return false
		}
	}
	for _, r := range p.refs {
		if p.fnID[r.fn] == id && mounting(r.file, r.node) && !mountedIn(r.node) {
			return false
		}
	}
	if len(carrying) == 0 {
		return false
	}
	// A field that carries profiles must not be handed on in id (a.api.Handle("/debug/",
	// a.admin), a.api = a.admin), where it could reach the served one.
	fields := map[string]bool{}
	for _, c := range carrying {
		fields[unparen(c.recv).(*ast.SelectorExpr).Sel.Name] = true
	}
	names := func(e ast.Expr) bool {
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && fields[sel.Sel.Name] {
				_, isVar := unparen(sel.X).(*ast.Ident)
				found = found || isVar
			}
			return !found
		})
		return found
	}
	for _, c := range p.calls {
		if p.fnID[c.fn] == id && slices.ContainsFunc(c.expr.Args, names) {
			return false
		}
	}
	for _, set := range p.sets {
		if p.fnID[set.fn] == id && names(set.value) {
			return false
		}
	}
	return true
}

// scope returns the function whose code sets up what server s serves: a server
// started in a function literal (go func() { ... srv.ListenAndServe() }()) serves
// what the function around it mounts on the names it closes over.
func (p *program) scope(s server) ast.Node {
	if s.fn == nil {
		return nil
	}
	return p.outermost(s.fn)
}

// adminRoute reports whether path v is one an admin listener may serve: a profile
// or another debugging page, metrics, health, or the root.
func adminRoute(v string) bool {
	return v == "/" || v == "/debug" || strings.HasPrefix(v, "/debug/") || v == "/metrics" || strings.HasPrefix(v, "/metrics/") || healthPath.MatchString(v)
}

// mountedOn reports whether profiling handlers are registered on one of names in the
// function that starts s: mux.Handle("/debug/pprof/", pprof.Index), pprof.Register(r),
// r.PathPrefix("/debug/").Handler(h), or a call of a function that mounts them
// (one of funcs) with the router, or on the router with a handler or middleware
// such a function builds (r.Use(tracing())). mounting tells a call or reference that
// mounts. A name carries what is mounted on another name it is handed to
// (api.Handle("/ops/", http.StripPrefix("/ops", dbg))), and a router carries what
// is mounted on a group or subrouter made from it (g := r.Group("/debug"),
// d := r.PathPrefix("/debug").Subrouter()).
func (p *program) mountedOn(s server, names []string, funcs map[string]bool, mounting func(*pfile, ast.Node) bool) bool {
	scope := p.scope(s)
	var calls []call
	for _, c := range p.calls {
		if within(c.fn, scope) && c.node != s.node { // the call that starts the server (serve(addr, r)) mounts nothing on r
			calls = append(calls, c)
		}
	}
	// local returns the name e starts from when it is a variable, not a package.
	local := func(pf *pfile, e ast.Expr) (string, bool) {
		id, ok := rootIdent(e)
		if _, isPkg := pf.names[id]; !ok || isPkg {
			return "", false
		}
		return id, true
	}
	// buildsIn reports whether e, in fn, holds what mounting finds or a call of a
	// function of the program that does (r.Use(tracing()), tracing returning the
	// middleware).
	buildsIn := func(file *pfile, fn ast.Node, e ast.Expr) bool {
		return containsNode(e, file, func(pf *pfile, n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				return mounting(pf, n) || funcs[p.funcID(pf, x.Fun)]
			case *ast.Ident: // mux.HandleFunc("/debug/heap", heap), heap writing a profile
				_, isFunc := p.funcs[pf.pkg.ImportPath+"."+x.Name]
				return isFunc && funcs[pf.pkg.ImportPath+"."+x.Name] && len(p.defsOf(fn, x.Name)) == 0
			}
			return mounting(pf, n)
		})
	}
	carriers := map[string]bool{}
	// A router serves what a field of it holds: r.NotFoundHandler =
	// http.DefaultServeMux (gorilla/mux; httprouter's NotFound), as r.NotFound(h) does.
	var sets []fieldSet
	for _, set := range p.sets {
		if id, ok := unparen(set.target).(*ast.Ident); ok && isLocal(set.file, id) && within(set.fn, scope) {
			sets = append(sets, set)
			carriers[id.Name] = carriers[id.Name] || mounting(set.file, set.node) || buildsIn(set.file, set.fn, set.value)
		}
	}
	for _, c := range calls {
		callee := c.file.pkg.ImportPath + "." + c.name
		if c.pkg != "" {
			callee = c.pkg + "." + c.name
		}
		for _, arg := range c.expr.Args {
			if id, ok := local(c.file, arg); ok && (mounting(c.file, c.expr) || c.recv == nil && funcs[callee]) {
				carriers[id] = true
			}
		}
		id, ok := local(c.file, c.recv)
		if !ok || carriers[id] {
			continue
		}
		if p.useAfterRoutes(c) {
			continue // a gin Use after every route of its router wraps none of them
		}
		builds := func(e ast.Expr) bool { return buildsIn(c.file, c.fn, e) }
		mounted := mounting(c.file, c.expr)
		for _, arg := range c.expr.Args {
			mounted = mounted || builds(arg)
			// h, built before: h = otelhttp.NewHandler(h, ...); mux.Handle("/", h)
			// The result of the call that starts the server (its error: if err :=
			// serve(addr, e); err != nil { e.Logger.Error("stopped", "error", err) })
			// is no handler built for it.
			if id, ok := unparen(arg).(*ast.Ident); ok && !mounted {
				mounted = slices.ContainsFunc(p.defsOf(c.fn, id.Name), func(d ast.Expr) bool { return unparen(d) != s.node && builds(d) })
			}
			// func New(addr string, h http.Handler) { mux.Handle("/", h); ... }, called
			// New(addr, otelhttp.NewHandler(api, "api")): h is what its callers build.
			if id, ok := unparen(arg).(*ast.Ident); ok && !mounted {
				mounted = p.paramBuilt(c.fn, id.Name, funcs, mounting, 0)
			}
			// for p, h := range map[string]http.HandlerFunc{...} { mux.HandleFunc(p, h) }:
			// a route table (see pairsValues) whose handlers the loop mounts; or, the
			// table a slice of structs, for _, r := range []route{...} {
			// mux.HandleFunc(r.path, r.h) }: the loop's value holds them.
			if id, ok := rangeVar(arg); ok && !mounted {
				if table := rangeOver(c.fn, id.Name, c.expr); table != nil {
					mounted = builds(table)
					if tid, ok := unparen(table).(*ast.Ident); ok && !mounted {
						mounted = slices.ContainsFunc(p.defsOf(c.fn, tid.Name), builds)
					}
				}
			}
		}
		carriers[id] = mounted
	}
	for changed := true; changed; {
		changed = false
		for _, c := range calls {
			// g := r.Group("/debug"): what is mounted on g is mounted on r, g being
			// the receiver of a call or an argument (pprof.RouteRegister(g, "pprof")).
			group := func(id string) {
				if carriers[id] {
					for _, d := range p.defsOf(c.fn, id) {
						if from, ok := groupOf(c.file, d); ok && from != id && !carriers[from] {
							carriers[from], changed = true, true
						}
					}
				}
			}
			for _, a := range c.expr.Args {
				if arg, ok := unparen(a).(*ast.Ident); ok && isLocal(c.file, arg) {
					group(arg.Name)
				}
			}
			recv, ok := unparen(c.recv).(*ast.Ident) // a field of s (s.admin) is not s
			if !ok || !isLocal(c.file, recv) {
				continue
			}
			id := recv.Name
			if !carriers[id] && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return namesOneOf(a, carriers) }) {
				carriers[id], changed = true, true
			}
			group(id)
		}
		for _, set := range sets { // r.NotFoundHandler = dbg
			if id := unparen(set.target).(*ast.Ident).Name; !carriers[id] && namesOneOf(set.value, carriers) {
				carriers[id], changed = true, true
			}
		}
	}
	return slices.ContainsFunc(names, func(n string) bool { return carriers[n] })
}

// paramBuilt reports whether name, in fn, is a parameter of the function declaration
// (not a method) around fn that every call of it main's flow runs, one at least, is
// given what mounting finds or a call of a function in funcs (a constructor
// server.New(addr, otelhttp.NewHandler(api, "api")) that mounts its handler parameter
// on the mux its server serves): in the argument, in what a variable given there is
// assigned, or in what the caller's callers give for its own parameter handed on.
func (p *program) paramBuilt(fn ast.Node, name string, funcs map[string]bool, mounting func(*pfile, ast.Node) bool, depth int) bool {
	if depth > 4 {
		return false
	}
	id, i, ok := p.paramOf(fn, name)
	if !ok {
		return false
	}
	builds := func(pf *pfile, e ast.Expr) bool {
		return containsNode(e, pf, func(pf *pfile, n ast.Node) bool {
			if x, ok := n.(*ast.CallExpr); ok && funcs[p.funcID(pf, x.Fun)] {
				return true
			}
			return mounting(pf, n)
		})
	}
	calls := 0
	for _, c := range p.callsOfParam(id) {
		calls++
		if i >= len(c.expr.Args) {
			return false
		}
		arg := c.expr.Args[i]
		built := builds(c.file, arg)
		if a, ok := unparen(arg).(*ast.Ident); ok && !built {
			built = slices.ContainsFunc(p.defsOf(c.fn, a.Name), func(d ast.Expr) bool { return builds(c.file, d) }) ||
				p.paramBuilt(c.fn, a.Name, funcs, mounting, depth+1)
		}
		if !built {
			return false
		}
	}
	return calls > 0
}

// paramOf returns the function (its id) and the index of parameter name when name,
// in fn, is a parameter of the function declaration (not a method) around fn that
// nothing there assigns, and not the variadic one.
func (p *program) paramOf(fn ast.Node, name string) (id string, i int, ok bool) {
	var fd *ast.FuncDecl
	for f := fn; f != nil && fd == nil; f = p.parent[f] {
		if len(p.defs[f][name]) > 0 {
			return "", 0, false // assigned: not only what the callers give
		}
		switch x := f.(type) {
		case *ast.FuncLit:
			if slices.Contains(funcParams(x), name) {
				return "", 0, false
			}
		case *ast.FuncDecl:
			fd = x
		}
	}
	if fd == nil || fd.Recv != nil {
		return "", 0, false
	}
	i = slices.Index(paramNames(fd.Type), name)
	id = p.fnID[fd]
	if i < 0 || id == "" || isVariadic(fd.Type) && i == len(paramNames(fd.Type))-1 {
		return "", 0, false
	}
	return id, i, true
}

// callsOfParam returns the calls main's flow runs of the function id (see paramOf).
func (p *program) callsOfParam(id string) []call {
	var out []call
	for _, c := range p.calls {
		callee := c.pkg + "." + c.name
		if c.pkg == "" {
			callee = c.file.pkg.ImportPath + "." + c.name
		}
		if c.recv != nil && c.pkg == "" || callee != id || !p.runs(c.site) {
			continue
		}
		out = append(out, c)
	}
	return out
}

// handedMounted reports whether name, in fn, is a parameter (see paramOf) that a
// call main's flow runs, one at least, gives a variable of the caller that profiling
// handlers are mounted on there (see mountedOn), or a parameter of its own that its
// callers do so for: func serve(addr string, h http.Handler) serves what
// mux.HandleFunc("/debug/pprof/", pprof.Index); serve(":8080", mux) registers.
func (p *program) handedMounted(fn ast.Node, name string, funcs map[string]bool, mounting func(*pfile, ast.Node) bool, depth int) bool {
	if depth > 4 {
		return false
	}
	id, i, ok := p.paramOf(fn, name)
	if !ok {
		return false
	}
	for _, c := range p.callsOfParam(id) {
		if i >= len(c.expr.Args) {
			continue
		}
		a, ok := unparen(c.expr.Args[i]).(*ast.Ident)
		if !ok || !isLocal(c.file, a) {
			continue
		}
		if p.mountedOn(server{site: c.site}, []string{a.Name}, funcs, mounting) || p.handedMounted(c.fn, a.Name, funcs, mounting, depth+1) {
			return true
		}
	}
	return false
}

// isVariadic reports whether the last parameter of ft is variadic (...T).
func isVariadic(ft *ast.FuncType) bool {
	if ft.Params == nil || len(ft.Params.List) == 0 {
		return false
	}
	_, ok := ft.Params.List[len(ft.Params.List)-1].Type.(*ast.Ellipsis)
	return ok
}

// rangeVar returns the variable that e names or whose field it selects (h, r.h): a
// key or value of a range loop over a route table in mountedOn.
func rangeVar(e ast.Expr) (*ast.Ident, bool) {
	if sel, ok := unparen(e).(*ast.SelectorExpr); ok {
		e = sel.X
	}
	id, ok := unparen(e).(*ast.Ident)
	return id, ok
}

// rangeOver returns what the range loop of fn that declares name as its key or
// value, and whose body holds at, ranges over (a route table), or nil.
func rangeOver(fn ast.Node, name string, at ast.Node) ast.Expr {
	body := funcBody(fn)
	if body == nil {
		return nil
	}
	var out ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || !encloses(r.Body, at) {
			return n == nil || out == nil
		}
		for _, v := range []ast.Expr{r.Key, r.Value} {
			if id, ok := v.(*ast.Ident); ok && id.Name == name {
				out = r.X // the innermost loop that declares it wins
			}
		}
		return true
	})
	return out
}

// groupMethods are the methods that make a group or subrouter whose routes are its
// router's: gin's and Echo's Group, chi's Route, Group and With, gorilla/mux's
// Subrouter.
var groupMethods = []string{"Group", "Route", "With", "Subrouter"}

// groupOf returns the router that e, a call, makes a group or subrouter of
// (r.Group("/debug"), r.PathPrefix("/debug").Subrouter()): a variable of the
// function, not a field.
func groupOf(pf *pfile, e ast.Expr) (string, bool) {
	call, ok := unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !slices.Contains(groupMethods, sel.Sel.Name) {
		return "", false
	}
	x := unparen(sel.X)
	for { // r.PathPrefix("/debug").Subrouter(): the router is r
		inner, ok := x.(*ast.CallExpr)
		if !ok {
			break
		}
		isel, ok := inner.Fun.(*ast.SelectorExpr)
		if !ok {
			return "", false
		}
		x = unparen(isel.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok || !isLocal(pf, id) {
		return "", false
	}
	return id.Name, true
}

// isLocal reports whether id names a variable rather than an imported package.
func isLocal(pf *pfile, id *ast.Ident) bool {
	_, isPkg := pf.names[id.Name]
	return !isPkg
}

// namesOneOf reports whether e names one of names (an identifier, not a field).
func namesOneOf(e ast.Expr, names map[string]bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(x.X, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				found = found || ok && names[id.Name]
				return !found
			})
			return false
		case *ast.FuncLit:
			return false
		case *ast.Ident:
			found = found || names[x.Name]
		}
		return !found
	})
	return found
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
// that mounts it, or a wrapper that serves it; or an assignment of it to a field,
// which a router serves (r.NotFoundHandler = http.DefaultServeMux).
func mountsDefaultMux(pf *pfile, n ast.Node) bool {
	var args []ast.Expr
	switch x := n.(type) {
	case *ast.CallExpr:
		if pkg, name, ok := pf.qualified(x.Fun); ok && pkg == "net/http" && slices.Contains(serveFuncs, name) {
			return false
		}
		args = x.Args
	case *ast.AssignStmt:
		for i, l := range x.Lhs {
			if _, ok := l.(*ast.SelectorExpr); ok && len(x.Rhs) == len(x.Lhs) {
				args = append(args, x.Rhs[i])
			}
		}
	}
	found := false
	for _, arg := range args {
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
		for _, ret := range returns(f.node.Body) {
			if len(ret.Results) == 0 {
				continue
			}
			if ids, _ := p.trace(f.file, f.node, ret.Results[0]); slices.Contains(ids, "net/http.DefaultServeMux") {
				out[id] = p.at(ret)
			}
		}
	}
	return out
}

// fieldsHolding returns the names of the struct fields that code main's flow may run
// sets to a value match accepts, in a keyed literal (&App{Router:
// http.DefaultServeMux}) or by assignment (a.Router = http.DefaultServeMux), each
// with where it is first set so.
func (p *program) fieldsHolding(match func(*pfile, ast.Expr) bool) map[string]repo.Evidence {
	out := map[string]repo.Evidence{}
	for _, f := range slices.Concat(p.keyed, p.sets) {
		if _, ok := out[f.field]; !ok && p.runs(f.site) && match(f.file, f.value) {
			out[f.field] = p.at(f.value)
		}
	}
	return out
}

// readsField reports whether the handler of s, or what the names it traces to
// (names) are assigned, reads a field named one of fields (Handler: a.Router).
func (p *program) readsField(s server, names []string, fields map[string]repo.Evidence) bool {
	if len(fields) == 0 || s.handler == nil {
		return false
	}
	exprs := []ast.Expr{s.handler}
	for _, n := range names {
		exprs = append(exprs, p.defsOf(s.fn, n)...)
	}
	return slices.ContainsFunc(exprs, func(e ast.Expr) bool {
		return containsNode(e, s.file, func(pf *pfile, n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return false
			}
			_, holds := fields[sel.Sel.Name]
			return holds && !isQualified(pf, sel)
		})
	})
}

// defaultMuxMounts returns where http.DefaultServeMux is handed to a router or a
// wrapper, or assigned to a field.
func (p *program) defaultMuxMounts() []repo.Evidence {
	var out []repo.Evidence
	for _, c := range p.calls {
		if mountsDefaultMux(c.file, c.expr) {
			out = append(out, p.at(c.expr))
		}
	}
	for _, s := range p.sets {
		if mountsDefaultMux(s.file, s.node) {
			out = append(out, p.at(s.node))
		}
	}
	return out
}

// authIn returns the authentication check (a constant-time compare, basic auth, or
// a read of the Authorization header, whose failure refuses the request: see
// refusingCheck) on the path of the admin server s's requests, or nil. The path is what serves them: the functions and types s's
// handler is built from (a middleware wrapping the mux, the function returning it)
// and the ServeHTTP methods of those types, middleware added with Use on it, a
// wrapper or handler the profiles are mounted with (mux.Handle("/debug/pprof/",
// auth(h)), a func(w, r) that serves a profile), and the functions and methods all
// these call. The function that starts s is not on it, nor a middleware that wraps
// other handlers: such a check guards nothing the admin server serves.
//
// A check that only the wrapper or handler of some profile routes holds guards
// those alone: unguarded then lists the registrations on s's handler of profiles
// (mux.HandleFunc("/debug/pprof/", pprof.Index)) whose own path holds none, while
// the check of a middleware wrapping the whole handler guards them all.
func (p *program) authIn(funcs map[string]bool, s server) (check *authCheck, unguarded []repo.Evidence) {
	byFn := map[string][]call{}
	for _, c := range p.calls {
		if from := p.fnID[c.fn]; from != "" {
			byFn[from] = append(byFn[from], c)
		}
	}
	_, names := p.trace(s.file, s.fn, s.handler)
	holdsProfile := func(c call) bool {
		return slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return containsNode(a, c.file, mountsPprof) })
	}
	// mountsProfile tells a registration that mounts profiles on the router it
	// names: pprof.Register(r), r.GET("/debug/pprof/", gin.WrapF(pprof.Index)),
	// debugRoutes(r).
	mountsProfile := func(c call) bool {
		return mountsPprof(c.file, c.expr) || holdsProfile(c) || funcs[p.funcID(c.file, c.expr.Fun)]
	}
	// whole seeds a path with what serves every request of s: its handler and the
	// middleware added where s starts (r.Use(auth)), but a gin Use after a profile
	// registration, which that profile route never runs.
	whole := func(rp *reqPath) {
		if s.handler != nil {
			rp.handler(s.file, s.fn, s.handler)
		}
		for _, c := range p.calls {
			if c.name == "Use" && within(c.fn, p.scope(s)) && c.node != s.node {
				if before, _, gin := p.ginUse(c); gin && slices.ContainsFunc(before, mountsProfile) {
					continue
				}
				if root, ok := rootIdent(c.recv); ok && slices.Contains(names, root) {
					for _, a := range c.expr.Args {
						rp.handler(c.file, c.fn, a)
					}
				}
			}
		}
	}
	// mounted seeds a path with a wrapper or handler a profile is mounted with:
	// mux.Handle("/debug/pprof/", auth(h)), mux.HandleFunc("/debug/pprof/",
	// func(w, r) {...; pprof.Index(w, r)}).
	mounted := func(rp *reqPath, c call) {
		for _, a := range c.expr.Args {
			rp.markLits(a)
			ast.Inspect(a, func(n ast.Node) bool {
				if inner, ok := n.(*ast.CallExpr); ok {
					rp.add(p.funcID(c.file, inner.Fun))
				}
				return true
			})
		}
	}
	all := p.newReqPath()
	whole(all)
	for _, c := range p.calls {
		if holdsProfile(c) {
			mounted(all, c)
		}
	}
	// A function serving a profile itself, which main's flow may run: func
	// profile(w http.ResponseWriter, r *http.Request).
	live := p.live()
	for id := range funcs {
		if f, ok := p.funcs[id]; ok && live[id] && servesRequests(f.file, f.node.Type) {
			all.add(id)
		}
	}
	for _, ms := range p.methods {
		for _, m := range ms {
			if id := p.methodID(m); funcs[id] && live[id] && servesRequests(m.file, m.node.Type) {
				all.add(id)
			}
		}
	}
	all.close(byFn, nil)
	check = p.refusingCheck(all.in)
	if check == nil {
		return nil, nil
	}
	// The registrations of profiles on s's handler, in the function that starts s
	// or one its handler is built by, that main's flow runs; the calls in their
	// arguments wrap one route, not the handler.
	code := p.handlerCode(s.file, s.fn, s.handler, 0)
	var regs []call
	wrapping := map[ast.Node]bool{}
	for _, c := range p.calls {
		if c.recv == nil && !(c.pkg == "net/http" && (c.name == "Handle" || c.name == "HandleFunc")) || !slices.Contains(routeCalls, c.name) || !holdsProfile(c) || !p.runs(c.site) || p.noRoute(c.expr) != "" {
			continue
		}
		for _, a := range c.expr.Args {
			ast.Inspect(a, func(n ast.Node) bool {
				if inner, ok := n.(*ast.CallExpr); ok {
					wrapping[inner] = true
				}
				return true
			})
		}
		if c.recv != nil {
			root, ok := rootIdent(c.recv)
			if !(ok && within(c.fn, p.scope(s)) && slices.Contains(names, root)) && !(p.owns(p.fnID[c.fn]) && slices.Contains(code, p.fnID[c.fn])) {
				continue
			}
		}
		regs = append(regs, c)
	}
	regs = slices.DeleteFunc(regs, func(c call) bool { return wrapping[c.expr] }) // the outermost
	w := p.newReqPath()
	whole(w)
	w.close(byFn, wrapping)
	if p.refusingCheck(w.in) != nil {
		return check, nil
	}
	for _, c := range regs {
		rp := p.newReqPath()
		mounted(rp, c)
		rp.close(byFn, nil)
		if p.refusingCheck(rp.in) == nil {
			unguarded = append(unguarded, p.at(c.expr))
		}
	}
	return check, unguarded
}

// reqPath is code on the path of requests (see authIn): functions and methods of
// the program by id, and function literals.
type reqPath struct {
	p      *program
	onPath map[string]bool
	queue  []string
	lits   map[ast.Node]bool
}

func (p *program) newReqPath() *reqPath {
	return &reqPath{p: p, onPath: map[string]bool{}, lits: map[ast.Node]bool{}}
}

// add puts the functions and methods ids of the program on the path.
func (rp *reqPath) add(ids ...string) {
	for _, id := range ids {
		if rp.p.owns(id) && !rp.onPath[id] {
			rp.onPath[id] = true
			rp.queue = append(rp.queue, id)
		}
	}
}

// markLits puts the function literals in e on the path (fnID puts them in the
// function holding them).
func (rp *reqPath) markLits(e ast.Node) {
	ast.Inspect(e, func(n ast.Node) bool {
		if fl, ok := n.(*ast.FuncLit); ok {
			rp.lits[fl] = true
		}
		return true
	})
}

// handler puts handler e, in fn, on the path: what builds and serves it (see
// handlerCode), the literals in it and in what the names it traces to are
// assigned, the functions it names (http.HandlerFunc(check), r.Use(check)), and
// what a variable it calls holds (guard(admin), guard := func(next http.Handler)
// http.Handler {...}: the handler the literal returns serves the requests).
func (rp *reqPath) handler(pf *pfile, fn ast.Node, e ast.Expr) {
	p := rp.p
	_, names, values := p.traceValues(pf, fn, e)
	rp.add(p.handlerCode(pf, fn, e, 0)...)
	rp.markLits(e)
	ast.Inspect(e, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := unparen(c.Fun).(*ast.Ident); ok && isLocal(pf, id) {
				for _, d := range p.reachingDefs(fn, id) {
					rp.markLits(d)
					rp.add(p.handlerCode(pf, fn, d, 0)...)
				}
			}
		}
		return true
	})
	for _, n := range names {
		if _, ok := p.funcs[pf.pkg.ImportPath+"."+n]; ok && len(p.defsOf(fn, n)) == 0 {
			rp.add(pf.pkg.ImportPath + "." + n)
		}
	}
	for _, d := range values {
		rp.markLits(d)
	}
}

// close adds what the path calls, and the middleware it adds with Use, but for the
// calls in skip.
func (rp *reqPath) close(byFn map[string][]call, skip map[ast.Node]bool) {
	p := rp.p
	for i := 0; i < len(rp.queue); i++ {
		for _, c := range byFn[rp.queue[i]] {
			if skip[c.expr] {
				continue
			}
			switch {
			case c.recv != nil:
				rp.add(p.programMethods(c.file, c.fn, c.recv, c.name)...)
				if c.name == "Use" {
					for _, a := range c.expr.Args {
						rp.handler(c.file, c.fn, a)
					}
				}
			case c.pkg == "":
				if id := c.file.pkg.ImportPath + "." + c.name; len(p.defsOf(c.fn, c.name)) == 0 {
					rp.add(id)
				}
			default:
				rp.add(c.pkg + "." + c.name)
			}
		}
	}
}

// in reports whether at is code on the path.
func (rp *reqPath) in(at site) bool {
	for fn := at.fn; fn != nil; fn = rp.p.parent[fn] {
		if rp.lits[fn] {
			return true
		}
	}
	return at.fn != nil && rp.onPath[rp.p.fnID[at.fn]]
}

// authCheck is a credential check on the admin path whose failure refuses the
// request.
type authCheck struct {
	at repo.Evidence
	// constantTime is set when the credential is compared in constant time
	// (subtle.ConstantTimeCompare, hmac.Equal), not with == or !=.
	constantTime bool
	// bypass is where the check is skipped while the expected token is empty
	// (if token != "" && ...), or nil.
	bypass *repo.Evidence
	// emptyMatch is set when the constant-time compare matches an empty presented
	// token with an empty expected one, and nothing refuses either (see emptyMatch).
	emptyMatch bool
}

// refusingCheck returns the best credential check among the sites in reports on
// the admin path (see authIn): a constant-time compare, a basic-auth read or a
// read of the Authorization header, each counted only where an if statement's
// condition holds it (or a call of the function returning it) and that if refuses
// the request when the check fails: its body returns or answers 401/403, or it
// serves the request when the check passes and the code after it refuses. A
// constant-time check without an empty-token bypass is best; nil when none refuses.
func (p *program) refusingCheck(in func(site) bool) *authCheck {
	type cand struct {
		site
		constantTime bool
	}
	var cands []cand
	for _, r := range p.refs {
		if (r.pkg == "crypto/subtle" && r.name == "ConstantTimeCompare" || r.pkg == "crypto/hmac" && r.name == "Equal") && in(r.site) {
			cands = append(cands, cand{r.site, true})
		}
	}
	for _, c := range p.methodCalls("BasicAuth") {
		if in(c.site) {
			cands = append(cands, cand{c.site, false})
		}
	}
	for _, l := range p.paths {
		if strings.EqualFold(l.value, "Authorization") && in(l.site) {
			cands = append(cands, cand{l.site, false})
		}
	}
	var best *authCheck
	for _, c := range cands {
		for _, g := range p.guards(c.site, in, 0) {
			check := &authCheck{at: p.at(c.node), constantTime: c.constantTime, bypass: g.bypass}
			if c.constantTime && g.bypass == nil && g.stmt != nil && p.emptyMatch(c.site, g) {
				check.emptyMatch = true
			}
			if better(check, best) {
				best = check
			}
		}
	}
	return best
}

// better reports whether check a is a stronger one than b (nil: none).
func better(a, b *authCheck) bool {
	score := func(c *authCheck) int {
		switch {
		case c == nil:
			return 0
		case c.bypass != nil || c.emptyMatch:
			return 1
		case !c.constantTime:
			return 2
		}
		return 3
	}
	return score(a) > score(b)
}

// guard is an if statement that refuses a request when the check it holds fails.
type guard struct {
	stmt   *ast.IfStmt
	fn     ast.Node // the function whose body holds stmt
	bypass *repo.Evidence
}

// guards returns the refusing if statements of at's function that hold at's node
// in their init or condition, or test a variable that the statement holding the
// node assigns (token := r.Header.Get("Authorization")); and, when the node is in
// a return statement of a declared function, the guards holding a call of that
// function on the admin path (if !authorized(r) {...}), which in tells; or, when
// it is in a return statement of a function literal handed to another module's
// function (a middleware's validator), that literal.
func (p *program) guards(at site, in func(site) bool, depth int) []guard {
	body := funcBody(at.fn)
	if body == nil || depth > 3 {
		return nil
	}
	var assigned []string
	var inReturn bool
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // at's node is not in a function inside at's function
		}
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Pos() <= at.node.Pos() && at.node.End() <= x.End() {
				for _, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						assigned = append(assigned, id.Name)
					}
				}
			}
		case *ast.ReturnStmt:
			inReturn = inReturn || x.Pos() <= at.node.Pos() && at.node.End() <= x.End()
		}
		return true
	})
	var out []guard
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false // its statements are its own
		}
		is, ok := n.(*ast.IfStmt)
		if !ok {
			return true
		}
		holds := func(e ast.Node) bool {
			return e != nil && e.Pos() <= at.node.Pos() && at.node.End() <= e.End()
		}
		tests := holds(is.Cond) || is.Init != nil && holds(is.Init)
		if !tests && len(assigned) > 0 {
			ast.Inspect(is.Cond, func(n ast.Node) bool {
				id, ok := n.(*ast.Ident)
				tests = tests || ok && slices.Contains(assigned, id.Name)
				return !tests
			})
		}
		if !tests {
			return true
		}
		if refuse, allow := refuses(is.Body), serves(is.Body); refuse && !allow && !fallsThrough(body, is) || allow && refusesAfter(body, is) {
			g := guard{stmt: is, fn: at.fn}
			if e := emptyBypass(is.Cond, allow); e != nil {
				ev := p.at(e)
				g.bypass = &ev
			} else if e := p.skipsWhenEmpty(body, is); e != nil {
				ev := p.at(e)
				g.bypass = &ev
			}
			out = append(out, g)
		}
		return true
	})
	if inReturn && at.fn != nil {
		// A validator handed to another module's middleware
		// (middleware.KeyAuth(func(key string, c echo.Context) (bool, error) {...})),
		// which refuses the request when it returns false.
		if lit, ok := at.fn.(*ast.FuncLit); ok && slices.ContainsFunc(p.calls, func(c call) bool {
			return c.pkg != "" && !p.inProgram(c.pkg) && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return unparen(a) == lit })
		}) {
			out = append(out, guard{})
		}
		if fd, ok := at.fn.(*ast.FuncDecl); ok && fd.Body != nil {
			id := p.fnID[fd]
			for _, c := range p.calls {
				if in(c.site) && p.callee(c) == id {
					out = append(out, p.guards(c.site, in, depth+1)...)
				}
			}
		}
	}
	return out
}

// callee returns the id of the function or method of the program c calls, as
// funcID and programMethods name it, or "".
func (p *program) callee(c call) string {
	if c.recv != nil {
		if ids := p.programMethods(c.file, c.fn, c.recv, c.name); len(ids) > 0 {
			return ids[0]
		}
		return ""
	}
	return p.funcID(c.file, c.expr.Fun)
}

// refuses reports whether block b refuses the request: it returns, answers 401 or
// 403, or aborts (gin's AbortWithStatus, http.Error).
func refuses(b ast.Node) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		case *ast.BasicLit:
			found = found || x.Value == "401" || x.Value == "403"
		case *ast.SelectorExpr:
			found = found || x.Sel.Name == "StatusUnauthorized" || x.Sel.Name == "StatusForbidden" || strings.HasPrefix(x.Sel.Name, "Abort")
		}
		return !found
	})
	return found
}

// serves reports whether block b hands the request on: it calls ServeHTTP or a
// framework's Next.
func serves(b ast.Node) bool {
	found := false
	ast.Inspect(b, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "ServeHTTP" || sel.Sel.Name == "Next") {
				found = true
			}
		}
		_, lit := n.(*ast.FuncLit)
		return !found && !lit
	})
	return found
}

// refusesAfter reports whether the statements of body after if statement is (at
// its level) answer 401 or 403: what follows an if that serves the request when
// the check passes.
func refusesAfter(body *ast.BlockStmt, is *ast.IfStmt) bool {
	if is.Else != nil && refuses(is.Else) {
		return true
	}
	return slices.ContainsFunc(stmtsAfter(body, is), func(s ast.Stmt) bool { return refuses(s) && !isReturn(s) })
}

// fallsThrough reports whether the refusing branch of if statement is answers 401
// or 403 but lets the request go on: it neither returns nor aborts, and a
// statement after it (at its level in body) hands the request on (an http.Error
// with no return before next.ServeHTTP: the client gets the 401 status, then the
// handler's body).
func fallsThrough(body *ast.BlockStmt, is *ast.IfStmt) bool {
	stops := false
	ast.Inspect(is.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			stops = true
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Abort") {
				stops = true
			} else if id, ok := x.Fun.(*ast.Ident); ok && id.Name == "panic" {
				stops = true
			}
		}
		return !stops
	})
	return !stops && slices.ContainsFunc(stmtsAfter(body, is), func(s ast.Stmt) bool { return serves(s) })
}

// stmtsAfter returns the statements after if statement is in the block of body
// that holds it, or nil.
func stmtsAfter(body *ast.BlockStmt, is *ast.IfStmt) []ast.Stmt {
	var out []ast.Stmt
	ast.Inspect(body, func(n ast.Node) bool {
		if out != nil {
			return false
		}
		b, ok := n.(*ast.BlockStmt)
		if !ok {
			return true
		}
		if i := slices.IndexFunc(b.List, func(s ast.Stmt) bool { return s == is }); i >= 0 {
			out = b.List[i+1:]
			return false
		}
		return true
	})
	return out
}

// isReturn reports whether s is a bare return statement.
func isReturn(s ast.Stmt) bool {
	_, ok := s.(*ast.ReturnStmt)
	return ok
}

// emptyMatch reports whether the constant-time compare at (subtle.ConstantTimeCompare
// or hmac.Equal), which guard g holds, lets a request in with an empty token while
// the expected one is empty (a variable that is unset): both of its operands may be
// empty (neither is built with a non-empty string literal, "Bearer "+token; hashes
// of two empty strings are equal too), and no refusing if of g's function or of the
// compare's, before g or in g's own condition, tests a value for emptiness (if
// token == "" || ...), nor does an if or case anywhere in the program that stops
// (refuses, returns, exits, panics) when a value named like an operand, or a
// token, secret, key or password, is empty.
func (p *program) emptyMatch(at site, g guard) bool {
	i := slices.IndexFunc(p.calls, func(c call) bool { return c.expr.Fun == at.node })
	if i < 0 || len(p.calls[i].expr.Args) != 2 {
		return false
	}
	c := p.calls[i]
	names := map[string]bool{}
	for _, a := range c.expr.Args {
		if !p.mayBeEmpty(c.fn, a, 0) {
			return false
		}
		ast.Inspect(a, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.Ident:
				names[strings.ToLower(x.Name)] = true
			case *ast.SelectorExpr:
				names[strings.ToLower(x.Sel.Name)] = true
			}
			return true
		})
	}
	for _, fn := range []ast.Node{g.fn, c.fn} {
		body := funcBody(fn)
		if body == nil {
			continue
		}
		refused := false
		ast.Inspect(body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok || refused {
				return false
			}
			if is, ok := n.(*ast.IfStmt); ok && is.Pos() <= g.stmt.Pos() && emptyRefusal(is.Cond, is.Body) {
				refused = true
			}
			return true
		})
		if refused {
			return false
		}
	}
	named := func(e ast.Expr) bool {
		text := strings.ToLower(types.ExprString(e))
		if slices.ContainsFunc([]string{"token", "secret", "key", "password"}, func(w string) bool { return strings.Contains(text, w) }) {
			return true
		}
		found := false
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.Ident:
				found = found || names[strings.ToLower(x.Name)]
			case *ast.SelectorExpr:
				found = found || names[strings.ToLower(x.Sel.Name)]
			}
			return !found
		})
		return found
	}
	stops := false
	visit := func(body *ast.BlockStmt) {
		ast.Inspect(body, func(n ast.Node) bool {
			if stops {
				return false
			}
			switch x := n.(type) {
			case *ast.IfStmt:
				stops = emptyRefusal(x.Cond, x.Body) && emptySubject(x.Cond, named) ||
					emptyReplaced(x.Cond, x.Body, named) || p.servesOnlyWhenSet(x, named)
			case *ast.CaseClause:
				for _, e := range x.List {
					stops = stops || emptyRefusal(e, &ast.BlockStmt{List: x.Body}) && emptySubject(e, named)
				}
			}
			return true
		})
	}
	for _, f := range p.funcs {
		if f.node.Body != nil {
			visit(f.node.Body)
		}
	}
	for _, ms := range p.methods {
		for _, m := range ms {
			if m.node.Body != nil {
				visit(m.node.Body)
			}
		}
	}
	return !stops
}

// emptyReplaced reports whether cond tests that a value named accepts is empty
// (the whole condition) and body gives it another value, neither "" nor read from
// the environment (if token == "" { token = randomToken() }): past the if, the
// value is not empty.
func emptyReplaced(cond ast.Expr, body *ast.BlockStmt, named func(ast.Expr) bool) bool {
	b, ok := unparen(cond).(*ast.BinaryExpr)
	if !ok || !emptyTest(b, token.EQL) || !named(b.X) && !named(b.Y) {
		return false
	}
	subject := types.ExprString(b.X)
	if _, lit := unparenLit(b.X); lit {
		subject = types.ExprString(b.Y)
	}
	if c, ok := unparen(b.X).(*ast.CallExpr); ok && isName(c.Fun, "len") && len(c.Args) == 1 {
		subject = types.ExprString(c.Args[0])
	}
	replaced := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || replaced {
			return false
		}
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			return true
		}
		for i, l := range as.Lhs {
			if types.ExprString(l) != subject {
				continue
			}
			if v, lit := unparenLit(as.Rhs[i]); lit && v == "" {
				continue
			}
			if c, ok := unparen(as.Rhs[i]).(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && isName(sel.X, "os") && strings.HasSuffix(sel.Sel.Name, "Getenv") {
					continue
				}
			}
			replaced = true
		}
		return true
	})
	return replaced
}

// servesOnlyWhenSet reports whether is runs its body only when a value named
// accepts is not empty (if token != "" { ... }, or a conjunct of its condition)
// and that body serves the profiles: it names net/http/pprof or starts a server
// (ListenAndServe, Serve): without a token there is nothing to reach.
func (p *program) servesOnlyWhenSet(is *ast.IfStmt, named func(ast.Expr) bool) bool {
	test := emptyBypass(is.Cond, false)
	if b, ok := unparen(is.Cond).(*ast.BinaryExpr); ok && emptyTest(b, token.NEQ) {
		test = b
	}
	if test == nil {
		return false
	}
	if b := test.(*ast.BinaryExpr); !named(b.X) && !named(b.Y) {
		return false
	}
	in := func(pos token.Pos) bool { return is.Body.Pos() <= pos && pos < is.Body.End() }
	for _, r := range p.refs {
		if slices.Contains(pprofMounters, r.pkg) && in(r.pos()) {
			return true
		}
	}
	starts := false
	ast.Inspect(is.Body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && slices.Contains([]string{"ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"}, sel.Sel.Name) {
				starts = true
			}
		}
		return !starts
	})
	return starts
}

// mayBeEmpty reports whether e, an operand of a compare in fn, may be empty: it
// holds no concatenation with a non-empty string literal ("Bearer "+token), nor do
// all the values a variable it is assigned.
func (p *program) mayBeEmpty(fn ast.Node, e ast.Expr, depth int) bool {
	prefixed := false
	ast.Inspect(e, func(n ast.Node) bool {
		if b, ok := n.(*ast.BinaryExpr); ok && b.Op == token.ADD {
			for _, o := range []ast.Expr{b.X, b.Y} {
				if v, ok := unparenLit(o); ok && v != "" {
					prefixed = true
				}
			}
		}
		return !prefixed
	})
	if prefixed {
		return false
	}
	if depth > 3 {
		return true
	}
	var x ast.Expr = unparen(e)
	for { // []byte(token), sum[:]
		switch y := x.(type) {
		case *ast.CallExpr:
			if len(y.Args) == 1 {
				if _, isConv := y.Fun.(*ast.ArrayType); isConv {
					x = unparen(y.Args[0])
					continue
				}
			}
		case *ast.SliceExpr:
			x = unparen(y.X)
			continue
		}
		break
	}
	if id, ok := x.(*ast.Ident); ok {
		defs := p.defsOf(fn, id.Name)
		return len(defs) == 0 || slices.ContainsFunc(defs, func(d ast.Expr) bool { return p.mayBeEmpty(fn, d, depth+1) })
	}
	return true
}

// emptyRefusal reports whether cond, the condition of a branch whose statements
// are body, holds a test that a value is empty (x == "", len(x) == 0; the whole
// condition or one of its || operands), and body stops the request or the program
// (returns, answers 401/403, aborts, exits, panics) without serving it.
func emptyRefusal(cond ast.Expr, body *ast.BlockStmt) bool {
	b, ok := unparen(cond).(*ast.BinaryExpr)
	if !ok || !emptyTest(b, token.EQL) && emptyBypass(cond, true) == nil {
		return false
	}
	if serves(body) {
		return false
	}
	if refuses(body) {
		return true
	}
	exits := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			switch f := c.Fun.(type) {
			case *ast.Ident:
				exits = exits || f.Name == "panic"
			case *ast.SelectorExpr:
				exits = exits || strings.HasPrefix(f.Sel.Name, "Fatal") || f.Sel.Name == "Exit" || strings.HasPrefix(f.Sel.Name, "Panic")
			}
		}
		return !exits
	})
	return exits
}

// emptySubject reports whether a test of cond that a value is empty (see
// emptyRefusal) tests a value that named accepts.
func emptySubject(cond ast.Expr, named func(ast.Expr) bool) bool {
	var tests []*ast.BinaryExpr
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		b, ok := unparen(e).(*ast.BinaryExpr)
		if !ok {
			return
		}
		switch {
		case b.Op == token.LOR:
			walk(b.X)
			walk(b.Y)
		case emptyTest(b, token.EQL):
			tests = append(tests, b)
		}
	}
	walk(cond)
	return slices.ContainsFunc(tests, func(b *ast.BinaryExpr) bool { return named(b.X) || named(b.Y) })
}

// emptyBypass returns the test in cond that skips the check while a token is
// empty: a conjunct x != "" (or len(x) > 0) of a refusing if's condition, or a
// disjunct x == "" (len(x) == 0) of one that serves when the check passes.
func emptyBypass(cond ast.Expr, allow bool) ast.Expr {
	op, test := token.LAND, token.NEQ
	if allow {
		op, test = token.LOR, token.EQL
	}
	var found ast.Expr
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		b, ok := unparen(e).(*ast.BinaryExpr)
		if !ok || found != nil {
			return
		}
		if b.Op == op {
			walk(b.X)
			walk(b.Y)
			return
		}
		if emptyTest(b, test) {
			found = b
		}
	}
	if b, ok := unparen(cond).(*ast.BinaryExpr); ok && b.Op == op {
		walk(b)
	}
	return found
}

// emptyTest reports whether b compares a value with "" or its length with 0 by
// op (token.NEQ: is not empty; token.EQL: is empty), or tests a length that an
// empty value has (len(x) < 32 holds for "") or cannot have (len(x) >= 32).
func emptyTest(b *ast.BinaryExpr, op token.Token) bool {
	empty := func(e ast.Expr) bool {
		s, ok := unparenLit(e)
		return ok && s == ""
	}
	// n returns the value of an integer literal, or -1.
	n := func(e ast.Expr) int {
		l, ok := unparen(e).(*ast.BasicLit)
		if !ok || l.Kind != token.INT {
			return -1
		}
		v, err := strconv.Atoi(l.Value)
		if err != nil {
			return -1
		}
		return v
	}
	isLen := func(e ast.Expr) bool {
		c, ok := unparen(e).(*ast.CallExpr)
		return ok && isName(c.Fun, "len")
	}
	x, y, cmp := b.X, b.Y, b.Op
	if isLen(y) && !isLen(x) { // 32 > len(x): len(x) < 32
		x, y = y, x
		cmp = map[token.Token]token.Token{token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ}[cmp]
		if cmp == 0 {
			cmp = b.Op
		}
	}
	switch {
	case b.Op == op && (empty(b.X) || empty(b.Y)):
		return true
	case cmp == op && isLen(x) && n(y) == 0:
		return true
	case !isLen(x) || n(y) < 0:
		return false
	case op == token.NEQ: // len(x) > N, len(x) >= N+1: never empty past it
		return cmp == token.GTR || cmp == token.GEQ && n(y) > 0
	case op == token.EQL: // len(x) < N+1, len(x) <= N: true of an empty x too
		return cmp == token.LSS && n(y) > 0 || cmp == token.LEQ
	}
	return false
}

// skipsWhenEmpty returns the condition of an if statement of body before is that
// serves the request when a value is empty (if token == "" { next.ServeHTTP(w, r);
// return }): the check after it is skipped while no token is set; or nil.
func (p *program) skipsWhenEmpty(body *ast.BlockStmt, is *ast.IfStmt) ast.Expr {
	var found ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || found != nil {
			return false
		}
		other, ok := n.(*ast.IfStmt)
		if !ok || other == is || other.Pos() > is.Pos() {
			return true
		}
		if b, ok := unparen(other.Cond).(*ast.BinaryExpr); ok && emptyTest(b, token.EQL) && serves(other.Body) {
			found = b
		} else if e := emptyBypass(other.Cond, true); e != nil && serves(other.Body) {
			found = e
		}
		return true
	})
	return found
}

// handlerCode returns the ids of the functions and methods of the program that
// build or serve handler e (in fn): the functions and methods called to build it or
// the handlers it wraps (guard(profiles), a.adminMux()), and the ServeHTTP methods
// of its type and theirs (profiles := pprofadmin.New(cfg), requireKey{next: mux}).
// Unlike trace, it leaves out what builds the receiver of a method call: in
// server.New().Admin(), New builds the value whose Admin method builds the handler.
func (p *program) handlerCode(pf *pfile, fn ast.Node, e ast.Expr, depth int) []string {
	if e == nil || depth > 6 {
		return nil
	}
	ids := p.programMethods(pf, fn, e, "ServeHTTP")
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		if sel, ok := x.Fun.(*ast.SelectorExpr); ok && !isQualified(pf, sel) {
			ids = append(ids, p.programMethods(pf, fn, sel.X, sel.Sel.Name)...)
		} else if id := p.funcID(pf, x.Fun); p.owns(id) {
			ids = append(ids, id)
		}
		for _, a := range x.Args {
			ids = append(ids, p.handlerCode(pf, fn, a, depth+1)...)
		}
	case *ast.Ident:
		for _, d := range p.reachingDefs(fn, x) {
			ids = append(ids, p.handlerCode(pf, fn, d, depth+1)...)
		}
	}
	return ids
}

// isQualified reports whether sel is a pkg.Name expression.
func isQualified(pf *pfile, sel *ast.SelectorExpr) bool {
	_, _, ok := pf.qualified(sel)
	return ok
}

// programMethods returns the ids of the methods called name of x's type (in fn),
// when the code tells it is a type of the program: a value of another module's type
// or of an interface calls none that this audit can name.
func (p *program) programMethods(pf *pfile, fn ast.Node, x ast.Expr, name string) []string {
	t, tpf := p.typeOf(pf, fn, x, 0)
	d, id, ok := p.declOf(tpf, t)
	if !ok || t == nil {
		return nil
	}
	ids, _ := p.methodsOfType(d, id, name, 0)
	return ids
}

// servesRequests reports whether a function of type ft, in pf, is an HTTP handler:
// its first parameter is an http.ResponseWriter.
func servesRequests(pf *pfile, ft *ast.FuncType) bool {
	if len(ft.Params.List) == 0 {
		return false
	}
	pkg, name, ok := pf.qualified(ft.Params.List[0].Type)
	return ok && pkg == "net/http" && name == "ResponseWriter"
}

// listenAddr returns the address server s listens on: its Addr (see addrOf), unless
// it is served with Serve(ln) or ServeTLS(ln, ...), which never read Addr: then the
// address of the net.Listen (or tls.Listen) call ln comes from, through variables
// and wrapping listeners (tls.NewListener(ln, cfg)); of several, the first that is
// not a loopback one. It is nil when a listener cannot be followed.
func (p *program) listenAddr(s server) ast.Expr {
	addr, served := p.addrOf(s), false
	for _, c := range p.serveCalls() {
		if c.name != "Serve" && c.name != "ServeTLS" || len(c.expr.Args) == 0 || !p.runs(c.site) {
			continue
		}
		if c.recv == nil {
			if s.node != c.expr { // http.Serve(ln, h) is a server of its own
				continue
			}
		} else if !p.holds(c.fn, c.recv, s.node) {
			continue
		}
		a := p.listenerAddr(c.file, c.fn, c.expr.Args[0], 0)
		if !served || p.loopback(addr) && !p.loopback(a) {
			addr, served = a, true
		}
	}
	return addr
}

// listenerAddr returns the address argument of the net.Listen or tls.Listen call
// listener e (in fn) comes from, through variables and listeners that wrap another
// (tls.NewListener(ln, cfg), netutil.LimitListener(ln, n)); or nil.
func (p *program) listenerAddr(pf *pfile, fn ast.Node, e ast.Expr, depth int) ast.Expr {
	if depth > 6 {
		return nil
	}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		if defs := p.defsOf(fn, x.Name); len(defs) == 1 {
			return p.listenerAddr(pf, fn, defs[0], depth+1)
		}
	case *ast.CallExpr:
		pkg, name, ok := pf.qualified(x.Fun)
		switch {
		case !ok:
		case (pkg == "net" || pkg == "crypto/tls") && name == "Listen" && len(x.Args) >= 2:
			return x.Args[1]
		case (pkg == "crypto/tls" && name == "NewListener" || pkg == "golang.org/x/net/netutil" && name == "LimitListener") && len(x.Args) > 0:
			return p.listenerAddr(pf, fn, x.Args[0], depth+1)
		}
	}
	return nil
}

// within reports whether fn is inner or a function literal written in it.
func within(fn, outer ast.Node) bool {
	return fn == outer || fn != nil && outer != nil && fn.Pos() >= outer.Pos() && fn.End() <= outer.End()
}

// addrOf returns the Addr of server s: for an http.Server literal, the value in
// the literal unless an assignment (srv.Addr = ..., in main's flow) may replace it,
// in its function or in a function the server is passed to. An assignment written
// straight in the body of the literal's function, after it, replaces what comes
// before; of the values left, the first that is not loopback is returned, and nil
// (no address known) when an assignment in a function the server is passed to is
// not loopback. For other servers, their address as found.
func (p *program) addrOf(s server) ast.Expr {
	cl, ok := s.node.(*ast.CompositeLit)
	if !ok || s.fn == nil {
		return s.addr
	}
	if p.setThrough(s.fn, p.holding(s.fn, s.node), []string{"Addr"}, func(set fieldSet) bool { return !p.loopback(set.value) }, map[ast.Node]bool{}) != nil {
		return nil
	}
	values := []ast.Expr{field(cl, "Addr")} // nil, all interfaces, when not set
	body := funcBody(s.fn)
	for _, set := range p.setsOf("Addr") {
		if !p.runs(set.site) || !p.holds(set.fn, set.target, s.node) {
			continue
		}
		if st, ok := set.node.(ast.Stmt); ok && set.fn == s.fn && body != nil && slices.Contains(body.List, st) && st.Pos() > cl.End() {
			values = values[:0]
		}
		values = append(values, set.value)
	}
	for _, v := range values {
		if !p.loopback(v) {
			return v
		}
	}
	return values[len(values)-1]
}

// constString returns the value of e when it is a string constant (see
// constValue).
func (p *program) constString(e ast.Expr) (string, bool) {
	v, ok := p.constValue(e)
	if !ok || v.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(v), true
}

// loopback reports whether addr is a string constant (see constValue) naming a
// loopback host.
func (p *program) loopback(addr ast.Expr) bool {
	b, ok := p.constString(addr)
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
