package audit

import (
	"context"
	"go/ast"
	"slices"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// Route is a route the program of a main package registers.
type Route struct {
	Path string // "/healthz": the path of a pattern such as "GET /healthz"
	At   repo.Evidence
}

// Routes returns the routes the program of m registers, read as the health check reads
// them (a literal, or a constant or variable holding it, in route position of a
// registration that the program runs, a GET or HEAD request can reach: a HEAD-only
// route is one, though no probe's), that serve one of paths. A
// route registered on a group or subrouter with a prefix of its own serves its path
// below that prefix (h := r.Group("/health"); h.GET("/live", f) serves /health/live,
// h.GET("", f) serves /health), and a group's prefix is no route of its own (see
// servedPaths).
func Routes(ctx context.Context, r *repo.Repo, m *repo.Main, paths ...string) ([]Route, error) {
	if err := r.Load(ctx, m.Program...); err != nil {
		return nil, err
	}
	if err := r.LoadGenerated(ctx, m.Program...); err != nil {
		return nil, err
	}
	p := newIndex(r, m.Program, nil).view(m)
	var out []Route
	for _, l := range p.routePaths() {
		if !l.route || p.unroutableBy(l.node, l.name, "GET", "HEAD") != "" {
			continue
		}
		for _, served := range p.servedPaths(l) {
			if slices.Contains(paths, served) {
				out = append(out, Route{Path: served, At: p.at(l.node)})
			}
		}
	}
	return out, nil
}

// prefixes returns the path prefixes other than "/" that the routes of recv, the
// receiver of a registration in function fn, are served below: recv is a group or
// subrouter made by r.Group("/api"), chi's r.Route("/api", ...) or
// r.PathPrefix("/api").Subrouter(), or one made from such a group (v1.With(mw),
// api.Group("/v1"), whose prefix is "/api/v1"), through a variable all of whose
// assignments in the function are such calls (one prefix for each that differs), or
// the parameter of the function chi's r.Route("/api", func(r chi.Router) {...}) runs.
// It is nil for anything else (a field, a parameter of another function, a prefix
// that is not a constant): not known to be prefixed.
func (p *program) prefixes(pf *pfile, fn ast.Node, recv ast.Expr, depth int) []string {
	if depth > 8 {
		return nil
	}
	switch x := unparen(recv).(type) {
	case *ast.CallExpr:
		sel, ok := x.Fun.(*ast.SelectorExpr)
		if !ok || !slices.Contains(groupMethods, sel.Sel.Name) && sel.Sel.Name != "PathPrefix" {
			return nil
		}
		outer := p.prefixes(pf, fn, sel.X, depth+1)
		if sel.Sel.Name != "With" && sel.Sel.Name != "Subrouter" && len(x.Args) > 0 {
			if prefix, ok := p.constString(x.Args[0]); ok && strings.Trim(prefix, "/") != "" {
				if len(outer) == 0 {
					return []string{joinRoute("/", prefix)}
				}
				var out []string
				for _, o := range outer {
					out = append(out, joinRoute(o, prefix))
				}
				return out
			}
		}
		return outer
	case *ast.Ident:
		if !isLocal(pf, x) {
			return nil
		}
		for f := fn; f != nil; f = p.parent[f] {
			if slices.Contains(funcParams(f), x.Name) {
				return p.routeFunc(pf, f, depth)
			}
			if defs := p.defs[f][x.Name]; len(defs) > 0 {
				var out []string
				for _, d := range defs {
					pre := p.prefixes(pf, f, d, depth+1)
					if len(pre) == 0 {
						return p.mountPrefixes(pf, f, x.Name, depth)
					}
					out = append(out, pre...)
				}
				return dedupe(out)
			}
		}
	}
	return nil
}

// unknownPrefix stands for the prefix of a router mounted below a path that is not
// a constant (r.Mount(prefix, ops)): the paths its routes serve are not known, so no
// probe path is taken as one of them, and mayServe says what may serve it.
const unknownPrefix = "/…"

// mountPrefixes returns the prefixes below which the router held by variable name,
// assigned in function f, is mounted on another by a call main's flow runs: chi's or
// Fiber's r.Mount("/ops", ops), or a registration of http.StripPrefix("/ops", ops)
// (mux.Handle("/ops/", ...), gorilla's r.PathPrefix("/ops").Handler(...)), each
// below the prefixes of that other router in turn (see prefixes); unknownPrefix
// for a prefix that is not a constant, and "/" too when a server of f serves the
// router itself. It is nil when the router is mounted nowhere.
func (p *program) mountPrefixes(pf *pfile, f ast.Node, name string, depth int) []string {
	if depth > 8 {
		return nil
	}
	named := func(e ast.Expr) bool {
		id, ok := unparen(e).(*ast.Ident)
		return ok && id.Name == name && isLocal(pf, id)
	}
	var out []string
	var mounted []ast.Expr // the router's identifier as each mount names it
	for _, c := range p.calls {
		if c.file != pf || !within(c.fn, f) || !p.runs(c.site) || c.recv == nil {
			continue
		}
		// The pattern the handler is registered with and the handler: mux.Handle(pattern,
		// h), r.Mount(pattern, h), or gorilla's r.PathPrefix(pattern).Handler(h), whose
		// router is r and whose pattern matches every path it begins (gorilla).
		var pattern, handler ast.Expr
		router, gorilla := c.recv, false
		switch {
		case len(c.expr.Args) == 2:
			pattern, handler = c.expr.Args[0], c.expr.Args[1]
		case len(c.expr.Args) == 1 && c.name == "Handler":
			// Any other one-argument Handler (a ServeMux's Handler(req), a route held in
			// a variable) mounts nothing this reads.
			route, ok := unparen(c.recv).(*ast.CallExpr)
			if !ok {
				continue
			}
			sel, ok := route.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "PathPrefix" || len(route.Args) != 1 {
				continue
			}
			pattern, handler, router, gorilla = route.Args[0], c.expr.Args[0], sel.X, true
		default:
			continue
		}
		var prefix ast.Expr
		switch arg := unparen(handler); {
		case c.name == "Mount" && named(arg):
			prefix = pattern
			mounted = append(mounted, arg)
		case slices.Contains([]string{"Handle", "Handler"}, c.name):
			strip, ok := arg.(*ast.CallExpr)
			if !ok || len(strip.Args) != 2 || !named(strip.Args[1]) || p.funcID(pf, strip.Fun) != "net/http.StripPrefix" {
				continue
			}
			prefix = strip.Args[0]
			mounted = append(mounted, strip.Args[1])
		default:
			continue
		}
		v, ok := p.constString(prefix)
		if ok && c.name != "Mount" && !strippedSubtree(p, pattern, v, gorilla) {
			ok = false // the pattern does not serve the paths below v as v strips them
		}
		if !ok {
			out = append(out, unknownPrefix)
			continue
		}
		outer := p.prefixes(c.file, c.fn, router, depth+1)
		if len(outer) == 0 {
			outer = []string{"/"}
		}
		for _, o := range outer {
			out = append(out, joinRoute(o, v))
		}
	}
	if len(out) == 0 {
		return nil
	}
	if usedBeyond(pf, f, name, mounted) {
		return dedupe(append(out, "/"))
	}
	for _, s := range p.servers() {
		if within(s.fn, f) && s.handler != nil && named(s.handler) && p.runs(s.site) {
			out = append(out, "/")
		}
	}
	return dedupe(out)
}

// usedBeyond reports whether f uses the router variable name otherwise than as the
// receiver of a method (ops.Get), the router a mount names (mounted) or where it is
// assigned: handed to a wrapper (http.TimeoutHandler(ops, ...)), assigned to another
// variable, put in a literal or returned, it may be served at its own paths too, and
// those are kept beside the mount's.
func usedBeyond(pf *pfile, f ast.Node, name string, mounted []ast.Expr) bool {
	other := map[*ast.Ident]bool{}
	for _, m := range mounted {
		if id, ok := unparen(m).(*ast.Ident); ok {
			other[id] = true
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			other[n.Sel] = true
			if id, ok := n.X.(*ast.Ident); ok {
				other[id] = true
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				other[id] = true
			}
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					other[id] = true
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				other[id] = true
			}
		}
		return true
	})
	used := false
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && isLocal(pf, id) && !other[id] {
			used = true
		}
		return !used
	})
	return used
}

// strippedSubtree reports whether pattern, the pattern a handler of
// http.StripPrefix(prefix, ...) is registered with, is the subtree below prefix, so
// that a request for prefix+"/healthz" reaches it and leaves "/healthz": "/ops/" for
// "/ops" (a ServeMux's, with a method or not), or chi's "/ops/*". An exact pattern
// ("/ops") answers 404 below it, another subtree ("/admin/") strips nothing of its
// paths, and a prefix ending in "/" leaves a path without its leading slash, which a
// ServeMux redirects: none of them serves the router's paths below prefix. A gorilla
// PathPrefix pattern matches every path it begins, so "/ops" serves them too.
func strippedSubtree(p *program, pattern ast.Expr, prefix string, gorilla bool) bool {
	pv, ok := p.constString(pattern)
	if !ok || prefix == "" || strings.HasSuffix(prefix, "/") {
		return false
	}
	if gorilla {
		return pv == prefix || pv == prefix+"/"
	}
	if method, rest, found := strings.Cut(pv, " "); found && method != "" && !strings.Contains(method, "/") {
		pv = strings.TrimLeft(rest, " \t")
	}
	return pv == prefix+"/" || pv == prefix+"/*"
}

// joinRoute returns the path that route path, registered on a group or subrouter
// below prefix, serves: "/health" and "/live" serve "/health/live"; "" and "/" serve
// the prefix itself.
func joinRoute(prefix, path string) string {
	if strings.Trim(path, "/") == "" {
		return prefix
	}
	return strings.TrimSuffix(prefix, "/") + "/" + strings.TrimPrefix(path, "/")
}

// servedPaths returns the paths that requests ask to reach route literal l: its value
// below the prefix of each group or subrouter a registration that names it (main's
// flow runs) is made on (h.GET("/live") of h := r.Group("/health") serves
// /health/live), its value where no prefix is known, in a route table, or when no such
// registration names it. A literal that is only the prefix of a group
// (r.Group("/health"), chi's r.Route("/health", fn)) serves no path of its own: none.
func (p *program) servedPaths(l pathLit) []string {
	b, ok := l.node.(*ast.BasicLit)
	if !ok {
		return []string{l.value}
	}
	var out []string
	named := false
	for _, c := range p.calls {
		if !p.runs(c.site) || !registers(c) {
			continue
		}
		lits, names := routeArgs(c)
		if !slices.Contains(lits, b) && (l.name == "" || !slices.Contains(names, l.name)) {
			continue
		}
		named = true
		if (c.name == "Group" || c.name == "Route") && len(c.expr.Args) > 0 {
			first, _ := routeArgs(call{expr: &ast.CallExpr{Args: c.expr.Args[:1]}})
			if slices.Contains(first, b) || l.name != "" && lastName(c.expr.Args[0]) == l.name {
				out = append(out, p.servedBare(p.prefixes(c.file, c.fn, c.expr, 0))...)
				continue
			}
		}
		pre := p.prefixes(c.file, c.fn, c.recv, 0)
		if len(pre) == 0 {
			out = append(out, l.value)
		}
		for _, x := range pre {
			out = append(out, joinRoute(x, l.value))
		}
	}
	if !named {
		return []string{l.value}
	}
	return dedupe(out)
}

// servedAt reports whether route literal l is served at a path that match accepts
// (see servedPaths): a probe's path, or a test of readiness or health, is matched
// against the path a request asks, not the literal a group's route is written with.
func (p *program) servedAt(l pathLit, match func(string) bool) bool {
	return slices.ContainsFunc(p.servedPaths(l), match)
}

// servedBare returns those of the group prefixes that a route registered on the group
// with an empty path serves itself (h := r.Group("/healthz"); h.GET("", ok), as gin,
// Echo and Fiber take it), in code main's flow runs.
func (p *program) servedBare(prefixes []string) []string {
	if len(prefixes) == 0 {
		return nil
	}
	var out []string
	for _, c := range p.calls {
		if c.name == "Group" || c.name == "Route" || len(c.expr.Args) == 0 || !p.runs(c.site) || !registers(c) {
			continue
		}
		if path, ok := p.constString(c.expr.Args[0]); !ok || path != "" {
			continue
		}
		for _, x := range p.prefixes(c.file, c.fn, c.recv, 0) {
			if slices.Contains(prefixes, x) && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// routeFunc returns the prefixes of the group that a group call below a prefix runs
// function literal f with (chi's r.Route("/api", f), or r.Group(f) of a prefixed r);
// nil when f is no such literal.
func (p *program) routeFunc(pf *pfile, f ast.Node, depth int) []string {
	lit, ok := f.(*ast.FuncLit)
	if !ok {
		return nil
	}
	for _, c := range p.calls {
		if c.file == pf && (c.name == "Route" || c.name == "Group") && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return unparen(a) == lit }) {
			return p.prefixes(pf, c.fn, c.expr, depth+1)
		}
	}
	return nil
}
