package audit

import (
	"go/ast"
	"slices"
	"strconv"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// connect-go's gRPC health service: grpchealth.NewHandler(checker) returns the path
// of the grpc.health.v1.Health service and its handler, which the same HTTP server
// serves (mux.Handle(grpchealth.NewHandler(checker))); Kubernetes grpc: probes and
// gRPC load balancers call its Check.
const (
	grpchealthPath  = "connectrpc.com/grpchealth"
	grpcHealthRoute = "/grpc.health.v1.Health/"
)

// grpcHealthRoutes returns the registrations of connect-go's gRPC health service
// that main's flow runs, as route literals at grpcHealthRoute: a grpchealth.NewHandler
// call in the arguments of a route registration (mux.Handle(grpchealth.NewHandler(c))),
// or whose results are assigned to names (path, h := grpchealth.NewHandler(c)) that
// a registration in the same function takes (mux.Handle(path, h)); name is then the
// path's name, so that unroutable and servingRoute find the registration.
func (p *program) grpcHealthRoutes() []pathLit {
	var out []pathLit
	for _, c := range p.callsTo(grpchealthPath, "NewHandler") {
		if !p.runs(c.site) {
			continue
		}
		var names []string
		if body := funcBody(c.fn); body != nil {
			ast.Inspect(body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && unparen(as.Rhs[0]) == c.expr {
					for _, l := range as.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
							names = append(names, id.Name)
						}
					}
				}
				return true
			})
		}
		name := ""
		registered := false
		for _, r := range p.calls {
			if !registers(r) || !p.runs(r.site) || len(r.expr.Args) == 0 {
				continue
			}
			if encloses(r.expr, c.expr) && r.expr != c.expr {
				registered = true
				break
			}
			if r.fn == c.fn && len(names) > 0 && slices.ContainsFunc(r.expr.Args, func(a ast.Expr) bool { return slices.Contains(names, lastName(a)) }) {
				registered = true
				if slices.Contains(names, lastName(r.expr.Args[0])) {
					name = lastName(r.expr.Args[0])
				}
				break
			}
		}
		if registered {
			out = append(out, pathLit{site: c.site, value: grpcHealthRoute, route: true, name: name})
		}
	}
	return out
}

// grpcReadiness is what the code tells of whether the gRPC health service a
// program serves (see grpcHealthRoutes) answers NOT_SERVING once the stop signal
// is received.
type grpcReadiness struct {
	// flip is where it does: a Check of the program's own that answers
	// grpchealth.StatusNotServing under a condition that changes on shutdown (see
	// flips), or a SetStatus(service, grpchealth.StatusNotServing) of a checker type
	// of the program's own, run in main's flow once the signal is received.
	flip *repo.Evidence
	// named is where grpchealth's StaticChecker is set NOT_SERVING once the signal
	// is received for a named service only: its Check answers SERVING for the whole
	// server (service ""), which a grpc: probe without a service asks about.
	named *repo.Evidence
	// vague is a SetStatus(service, grpchealth.StatusNotServing) once the signal is
	// received on a checker whose type the code does not tell (see checkerKind), or
	// grpchealth.StatusNotServing handed then to other code (setAll(checker, s)).
	vague *repo.Evidence
	// late is such a SetStatus run only after Shutdown has closed the listeners.
	late *repo.Evidence
	// never is a NOT_SERVING that is never reached on shutdown: set only before the
	// signal is received, or for service "" of a StaticChecker, which ignores it.
	never     *repo.Evidence
	whole     bool // never is a StaticChecker's SetStatus("", ...)
	handlerAt repo.Evidence
}

// grpcReadinessOf reads how the gRPC health service registered at routes (see
// grpcHealthRoutes, none unreachable) turns NOT_SERVING on shutdown. A SetStatus
// whose receiver cannot be tied to the checker a NewHandler is given by name (an
// inline grpchealth.NewStaticChecker(...) is set by nothing) does not count.
func (p *program) grpcReadinessOf(routes []pathLit) grpcReadiness {
	r := grpcReadiness{handlerAt: p.at(routes[0].node)}
	var checkers []string // the names of the checkers given to NewHandler
	anyChecker := false   // a checker whose name is not told (a call of the program)
	for _, l := range routes {
		c, _ := l.node.(*ast.CallExpr)
		if c == nil || len(c.Args) == 0 {
			continue
		}
		if n := lastName(c.Args[0]); n != "" {
			checkers = append(checkers, n)
			continue
		}
		if inner, ok := unparen(c.Args[0]).(*ast.CallExpr); ok {
			if pkg, _, ok := l.file.qualified(inner.Fun); !ok || pkg != grpchealthPath {
				anyChecker = true
			}
		}
	}
	for _, ref := range p.refsTo(grpchealthPath, "StatusNotServing") {
		// grpchealth calls the Check method of the checker it is given, which no
		// code of the program may call.
		fd, _ := p.outermost(ref.fn).(*ast.FuncDecl)
		inCheck := fd != nil && fd.Recv != nil && fd.Name.Name == "Check"
		if !p.runs(ref.site) && !inCheck {
			continue
		}
		var set *call
		for _, c := range p.methodCalls("SetStatus") {
			if len(c.expr.Args) == 2 && unparen(c.expr.Args[1]) == ref.node {
				set = &c
				break
			}
		}
		at, ev := ref.site, p.at(ref.node)
		kind, service, isConst := vagueChecker, "", false
		switch {
		case set == nil && inCheck: // the answer of a Check of the program's own
			if p.flips(ref.file, ref.fn, ref.node.Pos()) {
				r.flip = &ev
				return r
			}
			if r.never == nil {
				r.never = &ev
			}
			continue
		case set != nil:
			if !anyChecker && !slices.Contains(checkers, lastName(set.recv)) {
				continue
			}
			at, ev = set.site, p.at(set.expr)
			service, isConst = p.constString(set.expr.Args[0])
			kind = p.checkerKind(*set)
		}
		// else handed to code that may set a checker with it (a helper of the program)
		switch {
		case p.beforeSignal(at):
			if r.never == nil {
				r.never = &ev
			}
		case p.afterShutdown(at):
			if r.late == nil {
				r.late = &ev
			}
		case kind == ownChecker:
			r.flip = &ev
			return r
		case kind == staticChecker && isConst && service == "":
			r.never, r.whole = &ev, true
		case kind == staticChecker:
			if r.named == nil {
				r.named = &ev
			}
		default:
			if r.vague == nil {
				r.vague = &ev
			}
		}
	}
	return r
}

// routePaths returns the path literals of the program, the registrations of the
// gRPC health service as literals at its path (see grpcHealthRoutes), and the health
// endpoints grpc-gateway's ServeMux options register (see gatewayHealthRoutes).
func (p *program) routePaths() []pathLit {
	return slices.Concat(p.paths, p.grpcHealthRoutes(), p.gatewayHealthRoutes())
}

// gatewayRuntime is grpc-gateway v2's runtime package, whose ServeMux options
// WithHealthzEndpoint(client) and WithHealthEndpointAt(client, path) register a GET
// route (/healthz, or path) on the mux that answers from the gRPC health service.
const gatewayRuntime = "github.com/grpc-ecosystem/grpc-gateway/v2/runtime"

// gatewayHealthRoutes returns the health endpoints that grpc-gateway's ServeMux
// options register, in calls main's flow runs, as route literals at their path
// (a WithHealthEndpointAt path that is not a constant is left out).
func (p *program) gatewayHealthRoutes() []pathLit {
	var out []pathLit
	for _, c := range p.callsTo(gatewayRuntime, "WithHealthzEndpoint", "WithHealthEndpointAt") {
		if !p.runs(c.site) {
			continue
		}
		path := "/healthz"
		if c.name == "WithHealthEndpointAt" {
			v, ok := "", false
			if len(c.expr.Args) == 2 {
				v, ok = p.constString(c.expr.Args[1])
			}
			if !ok {
				continue
			}
			path = v
		}
		out = append(out, pathLit{site: c.site, value: path, route: true})
	}
	return out
}

// grpcShutdown reads the gRPC health service as the readiness that turns on
// shutdown, for a program whose HTTP routes have none (see readinessFlip): ok is
// false when the program serves no gRPC health service a request can reach. With
// it, ev is the evidence, and warn or unknown says why it does not surely turn
// NOT_SERVING on shutdown (both "" when it does).
func (p *program) grpcShutdown() (ev []repo.Evidence, warn, unknown string, ok bool) {
	var routes []pathLit
	for _, l := range p.grpcHealthRoutes() {
		if p.unroutable(l.node, l.name) == "" {
			routes = append(routes, l)
		}
	}
	if len(routes) == 0 {
		return nil, "", "", false
	}
	g := p.grpcReadinessOf(routes)
	ev = []repo.Evidence{g.handlerAt}
	at := func(e repo.Evidence) string { return e.File + ":" + strconv.Itoa(e.Line) }
	switch {
	case g.flip != nil:
		return append(ev, *g.flip), "", "", true
	case g.named != nil:
		return append(ev, *g.named), "", "readiness is the gRPC health service (grpchealth.NewHandler, " + at(g.handlerAt) + "), whose checker is set NOT_SERVING on shutdown for a named service only (" + at(*g.named) + "): grpchealth's StaticChecker answers SERVING for the whole server (service \"\"), which a Kubernetes grpc: probe without a service asks about; check that the readiness probes and load balancers name that service", true
	case g.vague != nil:
		return append(ev, *g.vague), "", "readiness is the gRPC health service (grpchealth.NewHandler, " + at(g.handlerAt) + "), whose checker is set NOT_SERVING on shutdown (" + at(*g.vague) + ") by code this audit cannot tie to a checker (a SetStatus on a value whose type it cannot tell, or the status handed to other code): check that its Check then answers NOT_SERVING for what the readiness probes ask about (grpchealth's StaticChecker always answers SERVING for service \"\")", true
	case g.late != nil:
		return append(ev, *g.late), "the gRPC health service is set NOT_SERVING only after Shutdown has closed the listeners (after Shutdown returns, deferred in the function that calls it, or in a RegisterOnShutdown hook): no probe can see it, so load balancers learn of the shutdown from refused connections", "", true
	case g.whole:
		return append(ev, *g.never), "the gRPC health service's checker is set NOT_SERVING on shutdown only for service \"\", which grpchealth's StaticChecker ignores (its Check always answers SERVING for the whole server): it never turns NOT_SERVING on shutdown; set each service the probes ask about, or use a Checker of your own", "", true
	case g.never != nil:
		return append(ev, *g.never), "the gRPC health service can answer NOT_SERVING, but nothing in main's flow makes it do so once the signal is received (set so only before the wait for the signal, or a flag never set so): it never turns NOT_SERVING on shutdown", "", true
	}
	return ev, "the gRPC health service (grpchealth.NewHandler) never answers NOT_SERVING on shutdown: nothing in main's flow sets its checker to grpchealth.StatusNotServing once the signal is received (checker.SetStatus(service, grpchealth.StatusNotServing)), so load balancers keep sending requests while the server drains", "", true
}

// The kinds of gRPC health checkers a SetStatus call is made on (see checkerKind).
const (
	vagueChecker  = iota // the code does not tell
	staticChecker        // grpchealth's StaticChecker
	ownChecker           // a type of the program, whose Check answers what it does
)

// checkerKind tells the checker a SetStatus call c is made on: a value of a type of
// the program (its declared or literal type), grpchealth's StaticChecker (of that
// type, or a variable every value of which is a grpchealth.NewStaticChecker call),
// or neither as far as the code tells.
func (p *program) checkerKind(c call) int {
	if t, tpf := p.typeOf(c.file, c.fn, c.recv, 0); t != nil {
		if _, _, ok := p.declOf(tpf, t); ok {
			return ownChecker
		}
		if pkg, name, ok := tpf.qualified(baseType(t)); ok && pkg == grpchealthPath && name == "StaticChecker" {
			return staticChecker
		}
		return vagueChecker
	}
	id, ok := unparen(c.recv).(*ast.Ident)
	if !ok {
		return vagueChecker
	}
	defs := p.defsOf(c.fn, id.Name)
	if len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool {
		x, ok := unparen(d).(*ast.CallExpr)
		if !ok {
			return true
		}
		pkg, name, ok := c.file.qualified(x.Fun)
		return !ok || pkg != grpchealthPath || name != "NewStaticChecker"
	}) {
		return staticChecker
	}
	return vagueChecker
}
