package audit

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/version"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// routerPackages are the import paths of the frameworks of routerMakers whose
// routers are the service's public handler, sorted: importing one makes a program a
// service.
var routerPackages = slices.Sorted(func(yield func(string) bool) {
	for path, m := range routerMakers {
		if m.framework && !yield(path) {
			return
		}
	}
})

// echoV4 are the import paths of Echo whose Start, StartTLS and StartServer serve
// the instance's http.Server without catching a signal or draining (Echo v4, and v3
// under github.com/labstack/echo, whose serving is v4's), unlike Echo v5's Start.
var echoV4 = []string{"github.com/labstack/echo/v4", "github.com/labstack/echo"}

// echoPackage reports whether import path ip is Echo's, of any version, or one of
// its packages.
func echoPackage(ip string) bool {
	return ip == "github.com/labstack/echo" || strings.HasPrefix(ip, "github.com/labstack/echo/")
}

// delegatedShutdown are modules that own signal handling and shutdown when a
// program hands its server to them.
var delegatedShutdown = []string{
	"go.uber.org/fx", "github.com/oklog/run", "github.com/fvbock/endless", "github.com/facebookgo/grace",
	"gopkg.in/tylerb/graceful.v1", "github.com/tylerb/graceful", "github.com/cloudflare/tableflip",
	"github.com/go-kratos/kratos/v2", "github.com/zeromicro/go-zero", "github.com/ory/graceful",
}

// unreadServers are the servers this audit does not read, each with the import
// path, the functions whose call creates or starts one and the types whose
// composite literal creates one: a program serving only through them gets UNKNOWN
// for the checks that read the server.
var unreadServers = []unreadKind{
	{"Fiber", "github.com/gofiber/fiber/v3", []string{"New"}, nil},
	{"Fiber", "github.com/gofiber/fiber/v2", []string{"New"}, nil},
	{"Fiber", "github.com/gofiber/fiber", []string{"New"}, nil},
	{"fasthttp", "github.com/valyala/fasthttp", []string{"ListenAndServe", "ListenAndServeTLS", "Serve", "ServeTLS"}, []string{"Server"}},
	{"Hertz", "github.com/cloudwego/hertz/pkg/app/server", []string{"Default", "New"}, nil},
	{"HTTP/3", "github.com/quic-go/quic-go/http3", []string{"ListenAndServe", "ListenAndServeQUIC", "ListenAndServeTLS"}, []string{"Server"}},
	{"gRPC", "google.golang.org/grpc", []string{"NewServer"}, nil},
	{"Iris", "github.com/kataras/iris/v12", []string{"New", "Default"}, nil},
}

// unreadKind is a kind of server this audit does not read.
type unreadKind struct {
	name, path string
	funcs      []string
	types      []string
}

// unreadSites returns where main's flow creates or starts a server of kind u: the
// calls of its functions and the composite literals of its types.
func (p *program) unreadSites(u unreadKind) []ast.Node {
	var out []ast.Node
	for _, c := range p.callsTo(u.path, u.funcs...) {
		if p.runs(c.site) {
			out = append(out, c.expr)
		}
	}
	for _, l := range p.lits {
		if l.pkg == u.path && slices.Contains(u.types, l.typ) && p.runs(l.site) {
			out = append(out, l.expr)
		}
	}
	return out
}

// unreadServer is code this audit does not read that serves, or may serve, the
// program's HTTP: a server of a kind it does not read, a package of the program that
// was not read, or a module outside the repository handed the program's handlers.
type unreadServer struct {
	// through names the code, as in "the program serves through ...".
	through string
	// may is set when the code may serve, not seen to: it is not known to be a server.
	may bool
	// name names the code in the fix, as in "by hand in the ... setup".
	name string
	at   []repo.Evidence
}

// unread returns the code this audit does not read that serves the program's HTTP,
// when main's flow starts no server it reads, or nil: the first server of a kind
// this audit does not read that main's flow creates; else the first package of the
// program that was not read; else, for a program that builds HTTP handlers but
// neither imports a router framework nor hands shutdown to a module (those are
// judged as services), the calls main's flow makes into modules outside the
// repository, which may serve them.
func (p *program) unread() *unreadServer {
	if len(p.servers()) > 0 || len(p.serveCalls()) > 0 {
		return nil
	}
	for _, u := range unreadServers {
		if at := p.unreadSites(u); len(at) > 0 {
			return &unreadServer{through: fmt.Sprintf("%s (%s), which this audit does not read", u.name, u.path), name: "the " + u.name + " server's", at: []repo.Evidence{p.at(at[0])}}
		}
	}
	if len(p.main.Unread) > 0 {
		u := p.main.Unread[0]
		return &unreadServer{through: "code that was not read (" + u.String() + ")", may: true, name: "the unread code's", at: []repo.Evidence{u.At}}
	}
	if len(p.delegated()) > 0 || slices.ContainsFunc(routerPackages, func(fw string) bool { return len(p.importsOf(fw)) > 0 }) {
		return nil // a service by what it imports, judged as one
	}
	handlers := p.handlerSites()
	if len(handlers) == 0 {
		return nil
	}
	var mods []string
	var at []repo.Evidence
	for _, c := range p.calls {
		if c.pkg == "" || !strings.Contains(strings.Split(c.pkg, "/")[0], ".") || p.pkgs[c.pkg] || slices.Contains(mods, c.pkg) || !p.runs(c.site) {
			continue // no call into a module outside the repository
		}
		mods = append(mods, c.pkg)
		at = append(at, p.at(c.expr))
	}
	if len(mods) == 0 {
		return nil
	}
	return &unreadServer{
		through: fmt.Sprintf("%s, outside the repository, which this audit does not read: the program builds HTTP handlers (%s:%d) but starts no server in the code read", strings.Join(mods, ", "), handlers[0].File, handlers[0].Line),
		may:     true,
		name:    "that code's",
		at:      append(handlers, at...),
	}
}

// handlerSites returns where the program builds HTTP handlers that something must
// serve: blank imports that register on http.DefaultServeMux (net/http/pprof,
// expvar), http.Handle and http.HandleFunc, ServeMuxes, functions that serve requests
// and ServeHTTP methods.
func (p *program) handlerSites() []repo.Evidence {
	var out []repo.Evidence
	for _, ip := range []string{"net/http/pprof", "expvar"} {
		for _, s := range p.imports[ip] {
			if spec := s.node.(*ast.ImportSpec); spec.Name != nil && spec.Name.Name == "_" {
				out = append(out, p.at(spec))
			}
		}
	}
	for _, c := range p.callsTo("net/http", "Handle", "HandleFunc", "NewServeMux") {
		if p.runs(c.site) {
			out = append(out, p.at(c.expr))
		}
	}
	for _, pf := range p.files {
		if !p.pkgs[pf.pkg.ImportPath] {
			continue
		}
		for _, d := range pf.f.Syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && (fd.Recv != nil && fd.Name.Name == "ServeHTTP" || servesRequests(pf, fd.Type)) {
				out = append(out, p.at(fd))
			}
		}
	}
	return out
}

// unreadResult returns, for a program that serves only through code this audit does
// not read, the UNKNOWN result of a check of what, which the reader must check by
// hand.
func (p *program) unreadResult(what string) (Result, bool) {
	u := p.unread()
	if u == nil {
		return Result{}, false
	}
	serves := "serves"
	if u.may {
		serves = "may serve"
	}
	return Result{
		Status:   Unknown,
		Message:  fmt.Sprintf("the program %s through %s: check by hand %s", serves, u.through, what),
		Evidence: u.at,
		Fix:      "Check " + what + " by hand in " + u.name + " setup.",
	}, true
}

// grpcPath is grpc-go, whose servers this audit does not read as HTTP servers.
const grpcPath = "google.golang.org/grpc"

// besideUnread judges, for the shutdown verdict r (PASS or WARN) of a program that
// serves HTTP through a server this audit reads, the servers of kinds it does not
// read that main's flow creates beside it (a gRPC API next to an HTTP admin server).
// A gRPC server that nothing stops (no GracefulStop, no Stop on it) is FAIL: its
// in-flight RPCs are cut when the process exits; one handed to code outside the
// repository, which may stop it, is UNKNOWN, as is a server of another kind. A gRPC
// server never served with Serve is an http.Handler of the HTTP server (or is not
// served): the HTTP server's Shutdown drains it.
func (p *program) besideUnread(r Result) Result {
	if len(p.servers()) == 0 && len(p.serveCalls()) == 0 {
		return r // served only through unread code: see unreadResult
	}
	var unknown []string
	var unknownEv []repo.Evidence
	for _, u := range unreadServers {
		if u.path != grpcPath {
			if at := p.unreadSites(u); len(at) > 0 {
				unknown = append(unknown, fmt.Sprintf("the program also serves through %s (%s), which this audit does not read: check by hand that it drains on SIGTERM", u.name, u.path))
				unknownEv = append(unknownEv, p.at(at[0]))
			}
			continue
		}
		stops := p.grpcStops()
		var unstopped []call
		var failEv []repo.Evidence
		served := 0
		for _, c := range p.callsTo(u.path, u.funcs...) {
			if !p.runs(c.site) {
				continue
			}
			on := func(o call) bool { return p.grpcOn(o.file, o.fn, o.recv, c.expr) }
			if i := slices.IndexFunc(stops, on); i >= 0 {
				r.Evidence = append(r.Evidence, p.at(stops[i].expr))
				served++
				continue
			}
			ev := []repo.Evidence{p.at(c.expr)}
			for _, s := range p.methodCalls("Serve") {
				if p.runs(s.site) && p.grpcServer(s.file, s.fn, s.recv) && on(s) {
					ev = append(ev, p.at(s.expr))
				}
			}
			to := p.grpcHandedTo(c.expr)
			if len(ev) == 1 && (to == nil || handlerRole(*to)) {
				// Never served with Serve: an http.Handler (its ServeHTTP) of a server
				// this audit reads, whose Shutdown drains it, or not served at all.
				continue
			}
			served++
			if to != nil {
				unknown = append(unknown, fmt.Sprintf("the gRPC server is handed to %s, outside the repository, and nothing in the code read stops it (GracefulStop or Stop): check by hand that it drains on SIGTERM", callName(to.expr)))
				unknownEv = append(unknownEv, p.at(c.expr), p.at(to.expr))
				continue
			}
			unstopped = append(unstopped, c)
			failEv = append(failEv, ev...)
		}
		if len(unstopped) > 0 {
			return Result{Status: Fail, Message: p.grpcUnstopped(unstopped, served, stops), Evidence: append(failEv, r.Evidence...),
				Fix: "After the signal is received, call GracefulStop on each gRPC server (with Stop after the drain deadline, as for Shutdown), or run gonew-prod add shutdown."}
		}
	}
	if len(unknown) == 0 {
		return r
	}
	msg := strings.Join(dedupe(unknown), "; ")
	if r.Status == Warn {
		return Result{Status: Warn, Message: r.Message + "; " + msg, Evidence: append(r.Evidence, unknownEv...), Fix: r.Fix}
	}
	return Result{Status: Unknown, Message: r.Message + "; but " + msg, Evidence: append(r.Evidence, unknownEv...), Fix: "Check by hand that every server the program starts drains on SIGTERM."}
}

// grpcUnstopped says that the gRPC servers that the grpc.NewServer calls unstopped
// make are never stopped, naming where each is made when the program serves several
// (served), and where stops (see grpcStops), which stop other servers, are.
func (p *program) grpcUnstopped(unstopped []call, served int, stops []call) string {
	var names []string
	for _, c := range unstopped {
		name := callName(c.expr)
		if served > 1 {
			at := p.at(c.expr)
			name += fmt.Sprintf(", %s:%d", at.File, at.Line)
		}
		names = append(names, name)
	}
	msg := "the gRPC server (" + names[0] + ") is never stopped: nothing calls its GracefulStop (or Stop)"
	if len(unstopped) > 1 {
		msg = "the gRPC servers (" + strings.Join(names, "; ") + ") are never stopped: nothing calls their GracefulStop (or Stop)"
	}
	if len(stops) > 0 {
		var at []string
		for _, s := range stops {
			e := p.at(s.expr)
			at = append(at, fmt.Sprintf("%s:%d", e.File, e.Line))
		}
		if at = dedupe(at); len(at) == 1 {
			msg += " (the one at " + at[0] + " stops another gRPC server)"
		} else {
			msg += " (those at " + strings.Join(at, ", ") + " stop other gRPC servers)"
		}
	}
	return msg + ", so when the process exits on SIGTERM its in-flight RPCs are cut"
}

// handlerRole reports whether c takes its arguments as HTTP handlers: a route
// registration, a mount or a handler wrapper (h2c.NewHandler(gs, ...)).
func handlerRole(c call) bool {
	return slices.Contains([]string{"Handle", "HandleFunc", "Mount", "NewHandler", "Handler"}, c.name) || c.pkg == "golang.org/x/net/http2/h2c"
}

// grpcServer reports whether e, in fn of pf, holds a grpc-go server: it is a
// grpc.NewServer call or a variable assigned one, or is of type *grpc.Server.
func (p *program) grpcServer(pf *pfile, fn ast.Node, e ast.Expr) bool {
	return p.grpcServerAt(pf, fn, e, 0)
}

func (p *program) grpcServerAt(pf *pfile, fn ast.Node, e ast.Expr, depth int) bool {
	if e == nil || depth > 6 {
		return false
	}
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		if pkg, name, ok := pf.qualified(x.Fun); ok && pkg == grpcPath && name == "NewServer" {
			return true
		}
	case *ast.Ident:
		if slices.ContainsFunc(p.defsOf(fn, x.Name), func(d ast.Expr) bool { return p.grpcServerAt(pf, fn, d, depth+1) }) {
			return true
		}
	}
	t, tpf := p.typeOf(pf, fn, e, 0)
	if t == nil {
		return false
	}
	tp, name, ok := tpf.qualified(baseType(t))
	return ok && tp == grpcPath && name == "Server"
}

// grpcNewServer returns d, of pf, when it is a grpc.NewServer call.
func grpcNewServer(pf *pfile, d ast.Expr) ast.Node {
	if x, ok := unparen(d).(*ast.CallExpr); ok {
		if pkg, name, ok := pf.qualified(x.Fun); ok && pkg == grpcPath && name == "NewServer" {
			return x
		}
	}
	return nil
}

// grpcOn reports whether e, read in fn of pf, may be the gRPC server that the
// grpc.NewServer call made makes: e is that call, or a variable that holds it,
// followed through the parameters of the program's functions (see heldServers). A
// GracefulStop or Serve on one server does nothing to another. What this audit
// cannot follow (a field, a function's result, a variable also assigned otherwise)
// may be any server.
func (p *program) grpcOn(pf *pfile, fn ast.Node, e ast.Expr, made *ast.CallExpr) bool {
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		if n := grpcNewServer(pf, x); n != nil {
			return n == ast.Node(made)
		}
	case *ast.Ident:
		held, all := p.heldMade(pf, fn, x, grpcNewServer, 0)
		return !all || slices.ContainsFunc(held, func(h heldServer) bool { return h.lit == ast.Node(made) })
	}
	return true
}

// grpcStops returns the calls main's flow makes that stop a gRPC server: any
// GracefulStop (a name only grpc-go's servers use), and Stop on a grpc-go server.
func (p *program) grpcStops() []call {
	var out []call
	for _, c := range p.methodCalls("GracefulStop", "Stop") {
		if p.runs(c.site) && (c.name == "GracefulStop" || p.grpcServer(c.file, c.fn, c.recv)) {
			out = append(out, c)
		}
	}
	return out
}

// grpcHandedTo returns a call main's flow makes that hands the gRPC server that the
// grpc.NewServer call made makes (see grpcOn) to code outside the repository that may
// stop it (a function of another module, or a method the program does not declare),
// or nil; the standard library, grpc-go's own functions and the Register functions
// of services do not stop it.
func (p *program) grpcHandedTo(made *ast.CallExpr) *call {
	for _, c := range p.calls {
		if !p.runs(c.site) || strings.HasPrefix(c.name, "Register") || c.pkg == grpcPath || strings.HasPrefix(c.pkg, grpcPath+"/") {
			continue
		}
		module := strings.Contains(strings.Split(c.pkg, "/")[0], ".") // not the standard library
		outside := module && !p.pkgs[c.pkg] || c.pkg == "" && c.recv != nil && len(p.methods[c.name]) == 0 && !p.grpcServer(c.file, c.fn, c.recv)
		if !outside {
			continue
		}
		for _, a := range c.expr.Args {
			if p.grpcServer(c.file, c.fn, a) && p.grpcOn(c.file, c.fn, a, made) {
				return &c
			}
		}
	}
	return nil
}

// fromUnread reports whether the receiver of c is a server of a kind this audit
// does not read (a gRPC server's Serve is no HTTP serve call).
func (p *program) fromUnread(c call) bool {
	return slices.ContainsFunc(unreadServers, func(u unreadKind) bool { return p.from(c, u.path) })
}

// server is a place where the program starts an HTTP server.
type server struct {
	site
	kind       string   // what starts it, e.g. "http.Server" or "gin Run"
	handler    ast.Expr // nil when it serves http.DefaultServeMux
	defaultMux bool
	addr       ast.Expr
}

// servers returns where the program starts HTTP servers: http.Server literals and
// declared variables, their Handler and Addr set in the literal or assigned after
// (but not those inside a function that builds one from its parameters: its call
// sites count instead), net/http's package-level ListenAndServe and Serve, gin's
// Run and Echo's Start.
func (p *program) servers() []server {
	if p.serverSites != nil {
		return *p.serverSites
	}
	out := []server{}
	defer func() { p.serverSites = &out }()
	for _, l := range p.litsOf("net/http", "Server") {
		if l.inWrapper {
			continue
		}
		h := p.litField(l, "Handler")
		out = append(out, server{site: l.site, kind: "http.Server", handler: h, defaultMux: p.isDefaultMux(l.file, h), addr: p.litField(l, "Addr")})
	}
	for _, c := range p.calls {
		s := server{site: c.site}
		arg := func(i int) ast.Expr {
			if i >= 0 && i < len(c.expr.Args) {
				return c.expr.Args[i]
			}
			return nil
		}
		echo := ""
		if c.recv != nil && slices.Contains(echoStarts, c.name) {
			echo = p.echoStart(c)
		}
		switch {
		case c.pkg != "" && p.wrappers[c.pkg+"."+c.name] != (wrapper{}):
			w := p.wrappers[c.pkg+"."+c.name]
			s.kind, s.handler, s.addr = c.pkg+"."+c.name, arg(w.handler), arg(w.addr)
		case c.pkg == "" && c.recv == nil && p.wrappers[c.file.pkg.ImportPath+"."+c.name] != (wrapper{}):
			w := p.wrappers[c.file.pkg.ImportPath+"."+c.name]
			s.kind, s.handler, s.addr = c.name, arg(w.handler), arg(w.addr)
		case c.pkg == "net/http" && (c.name == "ListenAndServe" || c.name == "ListenAndServeTLS"):
			s.kind, s.handler, s.addr = "http."+c.name, arg(len(c.expr.Args)-1), arg(0)
		case c.pkg == "net/http" && (c.name == "Serve" || c.name == "ServeTLS"):
			s.kind, s.handler = "http."+c.name, arg(1)
		case c.recv != nil && slices.Contains(ginRuns, c.name) && p.from(c, "github.com/gin-gonic/gin"):
			s.kind, s.handler = "gin "+c.name, c.recv
			if c.name == "Run" || c.name == "RunTLS" {
				s.addr = arg(0)
			}
		case echo != "":
			s.kind, s.handler, s.addr = echo, c.recv, arg(0)
			if s.kind == "echo StartConfig" {
				s.handler = arg(1)
			}
		default:
			continue
		}
		s.defaultMux = p.isDefaultMux(c.file, s.handler)
		out = append(out, s)
	}
	for _, c := range p.calls {
		if !p.echoStartServer(c) {
			continue
		}
		// Echo v4's StartServer(srv) serves the Echo instance on srv, over TLS when
		// srv.TLSConfig is set: srv's literal is the server, with the instance as its
		// handler. Given the instance's own e.Server or e.TLSServer, it is an Echo Start.
		if i := slices.IndexFunc(out, func(s server) bool { return p.holds(c.fn, c.expr.Args[0], s.node) }); i >= 0 {
			out[i].handler, out[i].defaultMux = c.recv, false
			continue
		}
		out = append(out, server{site: c.site, kind: "echo/v4 Start", handler: c.recv})
	}
	return out
}

// echoStartServer reports whether c is Echo v4's (or v3's) StartServer(srv).
func (p *program) echoStartServer(c call) bool {
	return c.recv != nil && c.name == "StartServer" && len(c.expr.Args) == 1 && p.from(c, echoV4...)
}

// from reports whether the receiver of c traces to one of packages pkgs, or has a
// type of one as far as the code tells (a function of the program declared to
// return *gin.Engine, a struct field of that type).
func (p *program) from(c call, pkgs ...string) bool {
	ids, _ := p.trace(c.file, c.fn, c.recv)
	if slices.ContainsFunc(ids, func(id string) bool {
		return slices.ContainsFunc(pkgs, func(pkg string) bool { return strings.HasPrefix(id, pkg+".") })
	}) {
		return true
	}
	t, tpf := p.typeOf(c.file, c.fn, c.recv, 0)
	if t == nil {
		return false
	}
	tp, _, ok := tpf.qualified(baseType(t))
	return ok && slices.Contains(pkgs, tp)
}

// ginRuns are the methods of a gin Engine that serve it through net/http's package
// functions, which set no timeouts; echoStarts those of an Echo instance that serve it.
var (
	ginRuns    = []string{"Run", "RunTLS", "RunListener", "RunUnix", "RunFd"}
	echoStarts = []string{"Start", "StartTLS", "StartAutoTLS", "StartH2CServer"}
)

// echoStart names an Echo Start call: "echo/v5 Start" (which catches SIGINT and
// SIGTERM and drains by itself), "echo/v4 Start", "echo StartConfig" (v5, draining
// when its context ends), or "" when c is none of them.
func (p *program) echoStart(c call) string {
	switch {
	case p.from(c, "github.com/labstack/echo/v5") && len(c.expr.Args) == 2 && c.name == "Start":
		return "echo StartConfig"
	case p.from(c, "github.com/labstack/echo/v5"):
		return "echo/v5 Start"
	case p.from(c, echoV4...):
		return "echo/v4 Start"
	}
	return ""
}

// isDefaultMux reports whether h means http.DefaultServeMux: nil, absent, or named.
func (p *program) isDefaultMux(pf *pfile, h ast.Expr) bool {
	if h == nil || isNil(h) {
		return true
	}
	pkg, name, ok := pf.qualified(unparen(h))
	return ok && pkg == "net/http" && name == "DefaultServeMux"
}

// serveCalls returns the blocking calls that serve HTTP: the places a missing
// shutdown belongs. A method value x.ListenAndServe handed to a group that runs it
// (g.Go(srv.ListenAndServe) of an errgroup, oklog/run's g.Add(srv.ListenAndServe,
// ...)) is taken as a call of it there, x.ListenAndServe() placed at the method value
// (see handedTo).
func (p *program) serveCalls() []call {
	if p.serveSites != nil {
		return *p.serveSites
	}
	out := []call{}
	defer func() { p.serveSites = &out }()
	for _, c := range p.calls {
		if v := p.servedValue(c); v != nil {
			out = append(out, *v)
			continue
		}
		switch {
		case c.pkg == "net/http" && slices.Contains(serveFuncs, c.name):
		case c.recv != nil && slices.Contains(serveFuncs, c.name) && !p.fromUnread(c):
		case c.recv != nil && slices.Contains(ginRuns, c.name) && p.from(c, "github.com/gin-gonic/gin"):
		case c.recv != nil && slices.Contains(echoStarts, c.name) && p.echoStart(c) != "":
		case p.echoStartServer(c):
		default:
			continue
		}
		out = append(out, c)
	}
	return out
}

// servedValue returns, for a call g that hands a method value x.ListenAndServe (of a
// value x, not a package's function) to a group that runs it (a Go method, or
// oklog/run's Group.Add as its execute function), that method value taken as the
// serve call x.ListenAndServe() at its place; else nil.
func (p *program) servedValue(g call) *call {
	if g.recv == nil || len(g.expr.Args) == 0 || g.name != "Go" && (g.name != "Add" || !p.from(g, "github.com/oklog/run")) {
		return nil
	}
	sel, ok := unparen(g.expr.Args[0]).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "ListenAndServe" {
		return nil
	}
	if _, _, qualified := g.file.qualified(sel); qualified {
		return nil
	}
	c := call{site: g.site, expr: &ast.CallExpr{Fun: sel, Lparen: sel.End() - 1, Rparen: sel.End() - 1}, name: sel.Sel.Name, recv: sel.X}
	if p.fromUnread(c) {
		return nil
	}
	c.node = c.expr
	return &c
}

// HandedServe is a method value x.ListenAndServe that the program hands to a group
// that runs it (see servedValue): Value is the method value, Group the call handing it,
// g.Go in g.Go(srv.ListenAndServe).
type HandedServe struct {
	Value *ast.SelectorExpr
	Group *ast.CallExpr
}

// HandedServes returns the method values x.ListenAndServe that the program of m hands
// to a group that runs them (g.Go(srv.ListenAndServe) of an errgroup, oklog/run's
// g.Add(srv.ListenAndServe, ...)): the serve calls audit's checks take at those places,
// read as they read them. It reads the files of m's program that r has parsed whole and
// loads none (add reads the main package and the packages it imports).
func HandedServes(r *repo.Repo, m *repo.Main) []HandedServe {
	p := newIndex(r, m.Program, nil).view(m)
	var out []HandedServe
	for _, c := range p.calls {
		if v := p.servedValue(c); v != nil {
			out = append(out, HandedServe{Value: v.expr.Fun.(*ast.SelectorExpr), Group: c.expr})
		}
	}
	return out
}

// handedTo returns the call that serve call c is handed to as a method value (see
// servedValue): g.Go in g.Go(srv.ListenAndServe); nil for a call written as such.
func (p *program) handedTo(c call) *call {
	for _, g := range p.calls {
		if g.recv != nil && len(g.expr.Args) > 0 && unparen(g.expr.Args[0]) == c.expr.Fun {
			return &g
		}
	}
	return nil
}

// delegated returns where the program imports a module that handles shutdown for it.
func (p *program) delegated() []site {
	var out []site
	for _, mod := range delegatedShutdown {
		out = append(out, p.importsOf(mod)...)
	}
	return out
}

// isService reports whether the program serves HTTP (or hands a server to a module
// that does), as opposed to a tool.
func (p *program) isService() bool {
	if len(p.servers()) > 0 || len(p.serveCalls()) > 0 || len(p.delegated()) > 0 || p.unread() != nil {
		return true
	}
	for _, fw := range routerPackages {
		if len(p.importsOf(fw)) > 0 {
			return true
		}
	}
	return false
}

// reaching returns the ids of the functions that contain a call, reference or
// assignment to a field matching seed, or call such a function, directly or not. Calls are matched by
// name: a method call counts as a call of any function or method of that name in the
// caller's package.
func (p *program) reaching(seed func(pf *pfile, n ast.Node) bool) map[string]bool {
	marked := map[string]bool{}
	edges := map[string][]string{}
	for _, c := range p.calls {
		from := p.fnID[c.fn]
		if from == "" {
			continue
		}
		if seed(c.file, c.expr) {
			marked[from] = true
		}
		switch {
		case c.pkg != "":
			edges[from] = append(edges[from], c.pkg+"."+c.name)
		case c.recv != nil:
			edges[from] = append(edges[from], p.methodIDs(c.file.pkg.ImportPath, c.name)...)
			fallthrough
		default:
			edges[from] = append(edges[from], c.file.pkg.ImportPath+"."+c.name)
		}
	}
	for _, r := range p.refs {
		if from := p.fnID[r.fn]; from != "" && seed(r.file, r.node) {
			marked[from] = true
		}
	}
	for _, s := range p.sets { // r.NotFoundHandler = h: its assignment statement
		if from := p.fnID[s.fn]; from != "" && seed(s.file, s.node) {
			marked[from] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for from, tos := range edges {
			if marked[from] {
				continue
			}
			if slices.ContainsFunc(tos, func(to string) bool { return marked[to] }) {
				marked[from] = true
				changed = true
			}
		}
	}
	return marked
}

// serves reports whether a server of the program that main's flow may start serves
// what mounting finds: its handler is built by a call or reference mounting matches,
// or by a function of the program that holds one, or one is mounted on the handler
// where the server starts (r.Use(mw), mux.Handle("/x", mw(h))), or the server is
// handed to functions of the program that give it such a handler (run(srv) setting
// srv.Handler to a mux that mounts otelhttp.NewHandler(srv.Handler)). A program
// whose servers this audit cannot see is taken to serve it.
func (p *program) serves(mounting func(*pfile, ast.Node) bool) bool {
	servers := p.servers()
	if len(servers) == 0 {
		return true
	}
	funcs := p.reaching(mounting)
	for _, l := range p.litsOf("net/http", "Server") {
		if l.inWrapper {
			servers = append(servers, server{site: l.site}) // serve(addr, h) building one to hand on
		}
	}
	return slices.ContainsFunc(servers, func(s server) bool { return p.runs(s.site) && p.servesOn(s, funcs, mounting) })
}

// servesOn reports whether server s serves what mounting finds, as serves tells it
// for every server; funcs are the functions of the program that reach it.
func (p *program) servesOn(s server, funcs map[string]bool, mounting func(*pfile, ast.Node) bool) bool {
	if s.handler != nil && p.handlerServes(s, s.handler, funcs, mounting) {
		return true
	}
	servesSet := func(set fieldSet) bool { return p.handlerServes(server{site: set.site}, set.value, funcs, mounting) }
	if s.fn != nil && p.setThrough(s.fn, p.holding(s.fn, s.node), []string{"Handler"}, servesSet, map[ast.Node]bool{}) != nil {
		return true
	}
	// srv.Handler, set elsewhere (srv.Handler = mux, in the function that builds it).
	if sel, ok := unparen(s.handler).(*ast.SelectorExpr); ok && sel.Sel.Name == "Handler" {
		for _, set := range p.setsOf("Handler") {
			if set.file.pkg == s.file.pkg && p.handlerServes(server{site: set.site}, set.value, funcs, mounting) {
				return true
			}
		}
	}
	return false
}

// handlerServes reports whether handler, the handler s serves (or one assigned to it
// in s's function), or a value its variables may hold there (see trace), is built by
// what mounting finds, by a function in funcs, or has it mounted.
func (p *program) handlerServes(s server, handler ast.Expr, funcs map[string]bool, mounting func(*pfile, ast.Node) bool) bool {
	ids, names, values := p.traceValues(s.file, s.fn, handler)
	if slices.ContainsFunc(ids, func(id string) bool { return funcs[id] }) || p.mountedOn(s, names, funcs, mounting) {
		return true
	}
	if handler != nil && containsNode(handler, s.file, mounting) {
		return true
	}
	return slices.ContainsFunc(values, func(d ast.Expr) bool { return containsNode(d, s.file, mounting) })
}

// pathServers returns s once for each value its handler may hold when it is a local
// variable that holds one of several where s is built (one assigned under a
// condition, see reachingDefs: h := auth(admin); if debug { h = logRequests(admin) }),
// with that value as its handler; nil when it holds one. A check that s passes, but
// not on each of these, passes on some paths only.
func (p *program) pathServers(s server) []server {
	id, ok := unparen(s.handler).(*ast.Ident)
	if !ok || s.fn == nil {
		return nil
	}
	defs := p.reachingDefs(s.fn, id)
	if len(defs) < 2 {
		return nil
	}
	out := make([]server, len(defs))
	for i, d := range defs {
		out[i] = s
		out[i].handler = d
	}
	return out
}

// containsNode reports whether e holds a node that match reports.
func containsNode(e ast.Expr, pf *pfile, match func(*pfile, ast.Node) bool) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		found = found || n != nil && match(pf, n)
		return !found
	})
	return found
}

// unroutable returns why the route registrations that hold n in their arguments, or
// (when name is not "") take a pattern named name, register nothing a request can
// reach; "" when one of them can, when there is none, or when it cannot be told. A
// registration on http.DefaultServeMux (http.Handle, http.HandleFunc) reaches
// nothing while every server main's flow starts serves a handler of its own that
// does not mount DefaultServeMux; one on a ServeMux or router no server can serve,
// see unservedMux; one with a Go 1.22 pattern on a ServeMux, see oldPattern; and,
// but for connect-go's gRPC health service (gRPC asks with POST), one whose methods
// hold no GET, which the GET of probes and load balancers does not reach, see
// methodOnly.
func (p *program) unroutable(n ast.Node, name string) string {
	return p.unroutableBy(n, name, "GET")
}

// unroutableBy is unroutable for a request of one of methods: a registration whose
// methods hold none of them reaches none.
func (p *program) unroutableBy(n ast.Node, name string, methods ...string) string {
	grpc := func(c call) bool {
		x, ok := n.(*ast.CallExpr)
		if !ok {
			return false
		}
		pkg, f, ok := c.file.qualified(x.Fun)
		return ok && pkg == grpchealthPath && f == "NewHandler"
	}
	return p.unreached(n, name, true, func(c call) string {
		if c.pkg == "net/http" && !p.defaultMuxServed() {
			return "registered on http.DefaultServeMux, which no server serves: each server serves a handler of its own (http.Handle and http.HandleFunc register on DefaultServeMux)"
		}
		if mux, kind := p.unservedMux(c); kind == "ServeMux" {
			return "registered on the ServeMux " + mux + ", which no server serves: its name is used for nothing but registering routes (never a server's Handler, an argument, assigned, returned or served by ServeHTTP)"
		} else if mux != "" {
			return "registered on the " + kind + " " + mux + ", which no server serves: its name is used for nothing but registering routes and middleware (never run or started, a server's Handler, an argument, assigned, returned or served by ServeHTTP)"
		}
		if c.pkg == "net/http" || p.from(c, "net/http") {
			if old := p.oldPattern(c, true); old != "" {
				return old
			}
		}
		if grpc(c) {
			return ""
		}
		return p.methodOnly(c, methods) // a router's patterns are its own, but for their methods
	})
}

// methodOnlyPrefix starts the reason methodOnly gives.
const methodOnlyPrefix = "registered only for "

// methodOnly returns why registration c registers nothing that a request of one of
// methods (GET, for probes) reaches: the methods it is registered for (see
// routeMethods) hold none of them; or "". HEAD alone is no GET: a ServeMux "GET"
// pattern serves HEAD too, but a "HEAD" one, gorilla/mux's Methods(http.MethodHead),
// chi's Head, gin's and Echo's HEAD answer GET with 405 Method Not Allowed.
func (p *program) methodOnly(c call, methods []string) string {
	registered := p.routeMethods(c)
	if registered == nil || slices.ContainsFunc(registered, func(m string) bool { return slices.Contains(methods, m) }) {
		return ""
	}
	return methodOnlyPrefix + strings.Join(registered, ", ")
}

// methodOnlyReason reports whether reason, of unroutable, is methodOnly's.
func methodOnlyReason(reason string) bool {
	return strings.HasPrefix(reason, methodOnlyPrefix)
}

// httpMethods are the request methods a registration may name.
var httpMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"}

// methodTaking are the registrations whose first argument, of three or more, is the
// method: gin's and httprouter's Handle, httprouter's Handler and HandlerFunc, chi's
// Method and MethodFunc, Echo's Add, grpc-gateway's HandlePath.
var methodTaking = []string{"Handle", "Handler", "HandlerFunc", "HandlePath", "Method", "MethodFunc", "Add"}

// routeMethods returns the methods registration c serves its route for, when the code
// tells them: the method a router's method-named registration is for (r.Post, gin's
// POST; Any and the other registrations take every method), the method argument of
// a registration that takes one (see methodTaking), the list of a Match, the method
// of a ServeMux pattern ("POST /healthz", also put together: http.MethodPost+" "+path,
// as chi's Handle reads it too), or the methods of a gorilla/mux Methods call chained
// on the registration, before or after it (r.HandleFunc("/x", h).Methods("POST"),
// r.Methods("POST").Path("/x")). It is nil when any method is served, or when a
// method is not a constant this audit reads.
func (p *program) routeMethods(c call) []string {
	if m := strings.ToUpper(c.name); slices.Contains(httpMethods, m) {
		return []string{m}
	}
	switch {
	case c.name == "Match" && len(c.expr.Args) > 1:
		list, ok := unparen(c.expr.Args[0]).(*ast.CompositeLit)
		if !ok {
			return nil
		}
		var out []string
		for _, e := range list.Elts {
			m, ok := p.httpMethod(c.file, e)
			if !ok {
				return nil
			}
			out = append(out, m)
		}
		return out
	case slices.Contains(methodTaking, c.name) && len(c.expr.Args) >= 3:
		if m, ok := p.httpMethod(c.file, c.expr.Args[0]); ok {
			return []string{m}
		}
		return nil
	case (c.name == "Handle" || c.name == "HandleFunc") && len(c.expr.Args) > 0:
		pattern, _ := p.patternText(c.file, c.expr.Args[0])
		if i := strings.Index(pattern, " "); i > 0 && !strings.Contains(pattern[:i], "/") {
			return []string{pattern[:i]}
		}
	}
	// gorilla/mux's Methods, on the route the registration makes or is made on
	var chained []*ast.CallExpr
	for e := c.recv; e != nil; {
		x, ok := unparen(e).(*ast.CallExpr)
		if !ok {
			break
		}
		chained = append(chained, x)
		sel, ok := x.Fun.(*ast.SelectorExpr)
		if !ok {
			break
		}
		e = sel.X
	}
	for cur := ast.Expr(c.expr); cur != nil; {
		var next ast.Expr
		for _, o := range p.calls {
			if o.recv != nil && unparen(o.recv) == cur {
				chained, next = append(chained, o.expr), o.expr
				break
			}
		}
		cur = next
	}
	for _, x := range chained {
		if sel, ok := x.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Methods" || len(x.Args) == 0 {
			continue
		}
		var out []string
		for _, e := range x.Args {
			m, ok := p.httpMethod(c.file, e)
			if !ok {
				return nil
			}
			out = append(out, m)
		}
		return out
	}
	return nil
}

// httpMethod returns the request method e names, upper-cased: a string constant
// (see constString), or net/http's MethodPost and the like, or Echo's POST and the
// like.
func (p *program) httpMethod(pf *pfile, e ast.Expr) (string, bool) {
	if sel, ok := unparen(e).(*ast.SelectorExpr); ok {
		if pkg, name, ok := pf.qualified(sel); ok {
			m := ""
			switch {
			case pkg == "net/http" && strings.HasPrefix(name, "Method"):
				m = strings.ToUpper(strings.TrimPrefix(name, "Method"))
			case echoPackage(pkg):
				m = name
			}
			return m, slices.Contains(httpMethods, m)
		}
	}
	s, ok := p.constString(e)
	if !ok || s == "" || strings.ContainsAny(s, "/ ") {
		return "", false
	}
	return strings.ToUpper(s), true
}

// patternText returns the text of route pattern e as far as it is constant (see
// constString), net/http's method names (http.MethodPost) read as their values and
// concatenations read from the left; complete is false when a part was not read,
// which ends the text.
func (p *program) patternText(pf *pfile, e ast.Expr) (text string, complete bool) {
	if s, ok := p.constString(e); ok {
		return s, true
	}
	switch x := unparen(e).(type) {
	case *ast.SelectorExpr:
		if pkg, name, ok := pf.qualified(x); ok && pkg == "net/http" && strings.HasPrefix(name, "Method") {
			if m := strings.ToUpper(strings.TrimPrefix(name, "Method")); slices.Contains(httpMethods, m) {
				return m, true
			}
		}
	case *ast.BinaryExpr:
		if x.Op == token.ADD {
			l, ok := p.patternText(pf, x.X)
			if !ok {
				return l, false
			}
			r, ok := p.patternText(pf, x.Y)
			return l + r, ok
		}
	}
	return "", false
}

// routerMakers are the functions, by import path, that make a router of its own
// that only its methods serve (Run, Start, ServeHTTP) or code it is handed to, with
// the name the messages give it.
var routerMakers = map[string]routerMaker{
	"net/http":                            {"ServeMux", []string{"NewServeMux", "ServeMux"}, false},
	"github.com/gin-gonic/gin":            {"gin engine", []string{"New", "Default"}, true},
	"github.com/go-chi/chi":               {"chi router", []string{"NewRouter", "NewMux"}, true},
	"github.com/go-chi/chi/v5":            {"chi router", []string{"NewRouter", "NewMux"}, true},
	"github.com/labstack/echo":            {"Echo instance", []string{"New"}, true},
	"github.com/labstack/echo/v4":         {"Echo instance", []string{"New"}, true},
	"github.com/labstack/echo/v5":         {"Echo instance", []string{"New"}, true},
	"github.com/gorilla/mux":              {"gorilla/mux router", []string{"NewRouter"}, true},
	"github.com/julienschmidt/httprouter": {"httprouter router", []string{"New"}, false},
}

// routerMaker is how a package of routerMakers makes a router.
type routerMaker struct {
	// kind names the router in messages.
	kind string
	// funcs are the functions (or the type, for a composite literal) that make one.
	funcs []string
	// framework is set for a framework whose router is the service's public handler
	// (see routerPackages).
	framework bool
}

// routerSetup are the methods of a router, besides its route registrations, that
// set it up without serving it or handing it on: middleware and fallback handlers.
var routerSetup = []string{"Use", "NoRoute", "NoMethod", "NotFound", "MethodNotAllowed", "Pre"}

// ginUse returns, for c, a Use call on a gin engine or group held in a variable of
// its function (admin := gin.New(); r.Group("/api")), the calls of that function
// that may register routes on it, split by where they stand against c: gin copies
// a group's middleware into a route when the route is registered, so Use applies
// only to the routes registered after it (in statement order), and not to a group
// made before it. A registration is a route call (GET, Handle, Any, Group, ...) on
// the router or a group of it, or a call the router or group is handed to
// (pprof.Register(r), routes(r)); one on a group made before c comes before it.
// ok is false for any other call, whose middleware this audit takes to wrap every
// route.
func (p *program) ginUse(c call) (before, after []call, ok bool) {
	id, isID := unparen(c.recv).(*ast.Ident)
	if c.name != "Use" || !isID || !isLocal(c.file, id) || c.fn == nil {
		return nil, nil, false
	}
	// made maps the router and its groups to where the first group of the chain
	// that makes it is made (NoPos for the router itself): a group holds the
	// middleware its router had then.
	made := map[string]token.Pos{}
	if !p.ginRouter(c.file, c.fn, id.Name, 0) {
		return nil, nil, false
	}
	made[id.Name] = token.NoPos
	for changed := true; changed; {
		changed = false
		for name, defs := range p.defs[c.fn] {
			if _, ok := made[name]; ok {
				continue
			}
			for _, d := range defs {
				if from, ok := groupOf(c.file, d); ok && from != name {
					if _, ok := made[from]; ok {
						made[name], changed = d.Pos(), true
						if made[from] != token.NoPos {
							made[name] = min(d.Pos(), made[from])
						}
						break
					}
				}
			}
		}
	}
	for _, d := range p.calls {
		if d.fn != c.fn || d.node == c.node {
			continue
		}
		on := ""
		if root, ok := rootIdent(d.recv); ok && d.recv != nil && slices.Contains(routeCalls, d.name) {
			on = root
		}
		if _, ok := made[on]; !ok {
			on = ""
			for _, a := range d.expr.Args {
				if arg, ok := unparen(a).(*ast.Ident); ok && isLocal(d.file, arg) {
					if _, ok := made[arg.Name]; ok {
						on = arg.Name
					}
				}
			}
		}
		if on == "" {
			continue
		}
		if d.expr.Pos() > c.expr.Pos() && (made[on] == token.NoPos || made[on] > c.expr.Pos()) {
			after = append(after, d)
		} else {
			before = append(before, d)
		}
	}
	return before, after, true
}

// useAfterRoutes reports whether c is a Use on a gin router or group after every route
// registered on it (see ginUse): its middleware wraps none of them.
func (p *program) useAfterRoutes(c call) bool {
	before, after, gin := p.ginUse(c)
	return gin && len(before) > 0 && len(after) == 0
}

// chiRouteMethods are the methods of a chi Mux that build its handler, after which
// its Use panics ("chi: all middlewares must be defined before routes on a mux"):
// the route registrations, Mount, Route, Group and With.
var chiRouteMethods = []string{"Handle", "HandleFunc", "Get", "Post", "Put", "Delete", "Patch", "Head", "Options", "Connect", "Trace",
	"Method", "MethodFunc", "Mount", "Route", "Group", "With"}

// chiLateUse returns the first Use, in main's flow, on a chi router held in a
// variable of its function (chi.NewRouter(), chi.NewMux()) that comes after a call
// of chiRouteMethods on it in that function (r.Get, r.With(mw).Get), with that
// call: chi panics at the Use, so the program never serves. ok is false when there
// is none.
func (p *program) chiLateUse() (use, route call, ok bool) {
	for _, c := range p.calls {
		id, isID := unparen(c.recv).(*ast.Ident)
		if c.name != "Use" || !isID || !isLocal(c.file, id) || c.fn == nil || !p.runs(c.site) || !p.chiRouter(c.file, c.fn, id.Name) {
			continue
		}
		for _, d := range p.calls {
			if d.fn != c.fn || d.expr.Pos() >= c.expr.Pos() || !slices.Contains(chiRouteMethods, d.name) {
				continue
			}
			if r, ok := unparen(d.recv).(*ast.Ident); ok && r.Name == id.Name {
				return c, d, true
			}
		}
	}
	return call{}, call{}, false
}

// chiRouter reports whether name, in function fn, is assigned only a chi router
// (chi.NewRouter(), chi.NewMux()).
func (p *program) chiRouter(pf *pfile, fn ast.Node, name string) bool {
	defs := p.defsOf(fn, name)
	return len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool { return routerKind(pf, d) != "chi router" })
}

// routerKind returns the kind of router (see routerMakers) that d, an expression of pf,
// makes (gin.New(), chi.NewRouter(), &http.ServeMux{}), or "".
func routerKind(pf *pfile, d ast.Expr) string {
	e := unparen(d)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	var t ast.Expr
	switch x := e.(type) {
	case *ast.CallExpr:
		t = x.Fun
	case *ast.CompositeLit:
		t = x.Type
	default:
		return ""
	}
	pkg, fname, ok := pf.qualified(t)
	maker, known := routerMakers[pkg]
	if !ok || !known || !slices.Contains(maker.funcs, fname) {
		return ""
	}
	return maker.kind
}

// ginRouter reports whether name, in function fn, holds a gin engine (gin.New(),
// gin.Default()) or a group made from one.
func (p *program) ginRouter(pf *pfile, fn ast.Node, name string, depth int) bool {
	if depth > 5 {
		return false
	}
	for _, d := range p.defsOf(fn, name) {
		if routerKind(pf, d) == "gin engine" {
			return true
		}
		if from, ok := groupOf(pf, d); ok && from != name && p.ginRouter(pf, fn, from, depth+1) {
			return true
		}
	}
	return false
}

// unservedMux returns the name of the variable registration c is made on, with the
// kind of router it holds (see routerMakers), when it holds a ServeMux of its own
// (http.NewServeMux(), &http.ServeMux{}) or a router of gin, chi, Echo, gorilla/mux
// or httprouter (gin.New(), chi.NewRouter(), ...) that nothing can serve: in the
// function that declares it, the name is used only to declare it and as the
// receiver of route registrations and setup calls (see routerSetup) whose results
// are dropped or only chained on (never run or started, a server's Handler, an
// argument, assigned, returned, or its ServeHTTP called); or "".
func (p *program) unservedMux(c call) (name, kind string) {
	id, ok := unparen(c.recv).(*ast.Ident)
	body := funcBody(p.outermost(c.fn))
	if !ok || body == nil {
		return "", ""
	}
	defs := p.defsOf(c.fn, id.Name)
	if len(defs) == 0 {
		return "", "" // a package-level mux, or a parameter
	}
	// registering reports whether x, a call whose result is dropped or only chained
	// on (r.HandleFunc("/healthz", h).Methods("GET")), registers on the name.
	registering := func(x *ast.CallExpr) bool {
		sel, ok := x.Fun.(*ast.SelectorExpr)
		return ok && isName(sel.X, id.Name) && len(x.Args) > 0 && (slices.Contains(routeCalls, sel.Sel.Name) || slices.Contains(routerSetup, sel.Sel.Name))
	}
	uses, allowed := 0, 0
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Ident:
			if x.Name == id.Name {
				uses++
			}
		case *ast.ExprStmt:
			e, _ := unparen(x.X).(*ast.CallExpr)
			for e != nil && !registering(e) {
				sel, isSel := e.Fun.(*ast.SelectorExpr)
				if !isSel {
					break
				}
				e, _ = unparen(sel.X).(*ast.CallExpr)
			}
			if e != nil && registering(e) {
				allowed++
			}
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE && len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if isName(l, id.Name) && slices.ContainsFunc(defs, func(d ast.Expr) bool { return d == x.Rhs[i] }) {
						allowed++
					}
				}
			}
		case *ast.ValueSpec:
			if len(x.Names) == len(x.Values) {
				for i, l := range x.Names {
					if l.Name == id.Name && slices.ContainsFunc(defs, func(d ast.Expr) bool { return d == x.Values[i] }) {
						allowed++
					}
				}
			}
		}
		return true
	})
	if uses != allowed {
		return "", "" // handed on, or served: Run, ServeHTTP, a conversion, a wrapper
	}
	for _, d := range defs {
		k := routerKind(c.file, d)
		if k == "" || kind != "" && kind != k {
			return "", ""
		}
		kind = k
	}
	return id.Name, kind
}

// noRoute returns why the net/http route registrations that hold n in their
// arguments register nothing a request can reach, by their pattern alone (see
// oldPattern); or "". The GODEBUG of a container that only may run the program
// does not count here: a route it would hide may well be served.
func (p *program) noRoute(n ast.Node) string {
	return p.unreached(n, "", false, func(c call) string { return p.oldPattern(c, false) })
}

// oldPattern returns why registration c, a Go 1.22 pattern on a ServeMux (a method,
// "GET /healthz", or a {wildcard}), is no route: the mux runs with Go 1.21's
// patterns (see muxGo121, and maybe there); or "".
func (p *program) oldPattern(c call, maybe bool) string {
	if !newPattern(patternOf(c.expr.Args[0])) {
		return ""
	}
	if old := p.muxGo121(maybe); old != "" {
		return "registered with a Go 1.22 pattern (a method or a {wildcard}), which is no route: " + old
	}
	return ""
}

// unreached returns the reason why of the last net/http route registration (Handle
// or HandleFunc, of the package or on a ServeMux, that main's flow runs) holding n
// or taking a pattern named name (in any argument, through concatenations: see
// routeNames), and with routers of the last registration on a
// router variable of another package (see unservedMux) too, when why gives one for
// each of them; or "".
func (p *program) unreached(n ast.Node, name string, routers bool, why func(call) string) string {
	reason := ""
	for _, c := range p.calls {
		if len(c.expr.Args) == 0 || !p.runs(c.site) {
			continue
		}
		isHTTP := (c.name == "Handle" || c.name == "HandleFunc") && (c.pkg == "net/http" || c.recv != nil && p.from(c, "net/http"))
		if !isHTTP && (!routers || !registers(c)) {
			continue
		}
		if !encloses(c.expr, n) && (name == "" || !slices.Contains(routeNames(c), name)) {
			continue
		}
		if reason = why(c); reason == "" {
			return "" // a registration a request can reach
		}
	}
	return reason
}

// routeNames returns the names in route position among the arguments of
// registration c (see routeArgs): those a pattern named name is taken by, as
// servedPaths reads them (mux.HandleFunc("GET "+readyPath, h), gin's r.Handle("POST",
// readyPath, h)).
func routeNames(c call) []string {
	_, names := routeArgs(c)
	return names
}

// patternOf returns the constant text of a route pattern, with what it cannot read
// (a name, a call) left out: "GET " for "GET "+path.
func patternOf(e ast.Expr) string {
	switch x := unparen(e).(type) {
	case *ast.BasicLit:
		s, err := strconv.Unquote(x.Value)
		if err == nil {
			return s
		}
	case *ast.BinaryExpr:
		return patternOf(x.X) + patternOf(x.Y)
	}
	return ""
}

// newPattern reports whether a ServeMux pattern uses what Go 1.22 added: a method
// before the path ("GET /healthz") or a {wildcard}.
func newPattern(s string) bool {
	return strings.Contains(s, "{") || strings.Contains(s, " ") && !strings.HasPrefix(s, "/")
}

// muxGo121 returns why net/http's ServeMux keeps Go 1.21's patterns in main's
// build, where "GET /healthz" is a pattern for the host "GET " and {id} a literal
// path element: a //go:debug directive sets httpmuxgo121=1, or the lines that govern
// the build (see governing) do: a godebug setting of httpmuxgo121=1 or default=go1.21
// and older, or a go line below 1.22 or none (go 1.16 is then assumed, as it is in
// GOPATH mode, see gopath). A build that runs outside the workspace (see workOff) is
// governed by main's own go.mod, which counts too. GODEBUG=httpmuxgo121=1 in the
// environment that runs the program (see program.godebug; with maybe, that of a
// container that may run it too) overrides them all. It returns "" when the mux
// reads Go 1.22's patterns.
func (p *program) muxGo121(maybe bool) string {
	if why := muxEnv(p.godebug, ""); why != "" {
		return why
	}
	if why := muxEnv(p.godebugMaybe, ", a container this audit cannot tie to a main package, which may run it,"); maybe && why != "" {
		return why
	}
	for _, f := range p.main.Package.Files {
		for _, g := range f.GoDebug {
			if g.Key == "httpmuxgo121" {
				if g.Value == "1" {
					return "//go:debug httpmuxgo121=1 keeps net/http's ServeMux on Go 1.21's patterns (drop the directive, or drop the method)"
				}
				return ""
			}
		}
	}
	if p.badMod != nil { // its go line is not known: see modGuard
		if p.goOld {
			return "with a go line below 1.22 or none in " + p.badMod.File + ", net/http's ServeMux keeps Go 1.21's patterns (give it a go line of 1.22 or later, or drop the method)"
		}
		return ""
	}
	m := p.main.Package.Module
	if m == nil {
		if p.gopath {
			return "there is no go.mod, so the build runs in GOPATH mode, where the go command assumes go 1.16 and net/http's ServeMux keeps Go 1.21's patterns (add a go.mod with a go line of 1.22 or later, or drop the method)"
		}
		return ""
	}
	if why := muxLines(governing(p.r, m, false), ""); why != "" || len(p.workOff) == 0 {
		return why
	}
	used := ", which a build outside the workspace uses,"
	if at := p.workOff[0]; !p.workAssumed {
		used = fmt.Sprintf(", which the build at %s:%d uses (it runs outside the workspace),", at.File, at.Line)
	}
	return muxLines(governing(p.r, m, true), used)
}

// muxEnv returns why the GODEBUG entries env, of the environment a program runs
// in, keep net/http's ServeMux on Go 1.21's patterns: one sets httpmuxgo121=1 (the
// last setting of the key in a value holds), with who said of the file that holds
// it; or "".
func muxEnv(env []setting, who string) string {
	for _, e := range env {
		old := false
		for _, kv := range strings.Split(e.value, ",") {
			if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == "httpmuxgo121" {
				old = v == "1"
			}
		}
		if old {
			return fmt.Sprintf("GODEBUG=httpmuxgo121=1 in the environment of %s:%d%s keeps net/http's ServeMux on Go 1.21's patterns (drop the setting, or drop the method)", e.at.File, e.at.Line, who)
		}
	}
	return ""
}

// muxLines returns why the go and godebug lines g keep net/http's ServeMux on Go
// 1.21's patterns (see muxGo121), with used said of the file that holds them; or "".
func muxLines(g goLines, used string) string {
	for _, st := range g.settings { // a setting of httpmuxgo121 itself overrides default=
		if st.Key == "httpmuxgo121" && st.Value == "1" {
			return "godebug httpmuxgo121=1 in " + path.Base(g.debugFile) + used + " keeps net/http's ServeMux on Go 1.21's patterns (drop the setting, or drop the method)"
		}
		if st.Key == "httpmuxgo121" {
			return ""
		}
	}
	for _, st := range g.settings {
		if st.Key == "default" && version.IsValid(st.Value) && version.Compare(st.Value, "go1.22") < 0 {
			return "godebug default=" + st.Value + " in " + path.Base(g.debugFile) + used + " restores Go 1.21's settings, httpmuxgo121=1 among them, so net/http's ServeMux keeps Go 1.21's patterns (raise the default, or drop the method)"
		}
	}
	switch {
	case g.goVer == "": // the go command assumes go 1.16, which sets httpmuxgo121=1
		return path.Base(g.goFile) + used + " has no go line, so go 1.16 is assumed and net/http's ServeMux keeps Go 1.21's patterns (add a go line of 1.22 or later, or drop the method)"
	case version.Compare("go"+g.goVer, "go1.22") < 0:
		return "the go line of " + path.Base(g.goFile) + used + " is below 1.22 (go " + g.goVer + "), so net/http's ServeMux keeps Go 1.21's patterns (raise the go line to 1.22, or drop the method)"
	}
	return ""
}

// defaultMuxServed reports whether http.DefaultServeMux may be served: a server
// main's flow starts serves it (a nil Handler), or a handler that traces to it or to
// what this audit cannot follow, or a call or a field assignment hands it to a
// router or wrapper; or no server is found at all.
func (p *program) defaultMuxServed() bool {
	mounts := func(pf *pfile, n ast.Node) bool {
		v, ok := p.defaultMounts[n]
		if !ok {
			v = mountsDefaultMux(pf, n)
			p.defaultMounts[n] = v
		}
		return v
	}
	for _, c := range p.calls {
		if mounts(c.file, c.expr) && p.runs(c.site) {
			return true
		}
	}
	for _, s := range p.sets {
		if mounts(s.file, s.node) && p.runs(s.site) {
			return true
		}
	}
	returnsDefault := p.returningDefaultMux()
	defaultFields := p.fieldsHolding(func(pf *pfile, v ast.Expr) bool {
		pkg, name, ok := pf.qualified(unparen(v))
		return ok && pkg == "net/http" && name == "DefaultServeMux"
	})
	found := false
	for _, s := range p.servers() {
		if !p.runs(s.site) {
			continue
		}
		found = true
		ids, names := p.trace(s.file, s.fn, s.handler)
		if s.defaultMux || len(ids) == 0 || p.readsField(s, names, defaultFields) || slices.ContainsFunc(ids, func(id string) bool {
			_, helper := returnsDefault[id]
			return id == "net/http.DefaultServeMux" || helper
		}) {
			return true
		}
	}
	return !found
}
