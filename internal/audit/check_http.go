package audit

import (
	"cmp"
	"context"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// healthPath matches the paths of health and readiness routes, the gRPC health
// service's (grpc.health.v1.Health, see grpcHealthRoutes) included.
var healthPath = regexp.MustCompile(`^/(_?health|healthz|healthcheck|livez?|liveness|readyz?|readiness|grpc\.health\.v1\.Health)(/|$)`)

// prefixedHealthPath matches health and readiness routes under a prefix of literal
// segments, as their last segment: /api/healthz, /-/ready, /-/healthy.
var prefixedHealthPath = regexp.MustCompile(`^(/[^/{}:*]+)+/(_?health|healthz|healthy|healthcheck|livez?|liveness|readyz?|readiness)/?$`)

// healthPaths returns the test of whether a route path of p is a health or readiness
// endpoint: one healthPath matches, one under a prefix (see prefixedHealthPath), or
// one that an httpGet probe (liveness, readiness or startup) of a manifest container
// tied to p's main package, or tied to none, asks, as readyPaths takes it for
// readiness.
func (a *auditor) healthPaths(p *program) func(string) bool {
	probed := a.probedPaths(p, slices.Concat(a.containers(), a.valueProbeContainers(p)), func(c container) []string {
		// A probe of / asks the application's own page, no health endpoint.
		return slices.DeleteFunc(c.probePaths(), func(v string) bool { return v == "/" })
	})
	return func(v string) bool {
		return healthPath.MatchString(v) || prefixedHealthPath.MatchString(v) || slices.Contains(probed, v)
	}
}

// placeOfServer returns the evidence of where the program serves HTTP, for checks of
// something absent; func main when no server is found.
func (p *program) placeOfServer() []repo.Evidence {
	if calls := p.serveCalls(); len(calls) > 0 {
		return []repo.Evidence{p.at(calls[0].expr)}
	}
	if srvs := p.servers(); len(srvs) > 0 {
		return []repo.Evidence{p.at(srvs[0].node)}
	}
	return []repo.Evidence{p.mainAt()}
}

// quoted matches a Go string literal of a path, or of a method and a path.
var quoted = regexp.MustCompile(`"(?:[A-Z]+ )?(/[^"\s]*)"`)

// generatedPath returns the first generated file of the program (an OpenAPI server's
// routes, say) that holds a path match accepts, with the path; "" when none does.
func (p *program) generatedPath(match func(path string) bool) string {
	for _, gen := range p.generatedFiles() {
		src, _ := p.r.ReadFile(gen)
		for _, m := range quoted.FindAllSubmatch(src, -1) {
			if match(string(m[1])) {
				return fmt.Sprintf("%s holds %q", gen, m[1])
			}
		}
	}
	return ""
}

// generatedImport returns the first generated file of the program that imports ip
// under name ("_" for a blank import), or "".
func (p *program) generatedImport(ip, name string) string {
	for _, gen := range p.generatedFiles() {
		src, _ := p.r.ReadFile(gen)
		f, err := parser.ParseFile(token.NewFileSet(), gen, src, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, spec := range f.Imports {
			if path, _ := strconv.Unquote(spec.Path.Value); path == ip && spec.Name != nil && spec.Name.Name == name {
				return gen
			}
		}
	}
	return ""
}

// vendoredImport returns, as the subject of a sentence, the vendored package that
// the program imports, directly or through other vendored packages, and that imports
// ip, with the program's import that leads to it and the vendored import as evidence
// (see repo.VendoredImport); err says why the vendored packages could not all be
// read.
func (p *program) vendoredImport(ip string) (string, []repo.Evidence, error) {
	v, ok, err := p.r.VendoredImport(p.main.Package.Module, slices.Sorted(maps.Keys(p.imports)), ip)
	if !ok {
		return "", nil, err
	}
	subject := "the vendored package " + v.Path + ", which the program imports"
	if v.From != v.Path {
		subject += " through " + v.From
	}
	subject += ", imports " + ip + " (" + v.File + ":" + strconv.Itoa(v.Line) + ")"
	var ev []repo.Evidence
	if sites := p.imports[v.From]; len(sites) > 0 {
		ev = append(ev, p.at(sites[0].node))
	}
	at := p.r.At(v.File, v.Line) // vendor/ is read for its imports only: not held by the repository
	if at.Snippet == "" {
		at.Snippet = v.Snippet
	}
	return subject, append(ev, at), nil
}

// generatedFiles returns the generated files in the directories of the program's
// packages and of the packages of their module they import: a package of generated
// files alone is in no Package.
func (p *program) generatedFiles() []string {
	var dirs []string
	for _, pkg := range p.main.Program {
		dirs = append(dirs, pkg.Dir)
		for _, f := range pkg.Files {
			for _, imp := range f.Imports {
				if m := pkg.Module; m != nil && strings.HasPrefix(imp.Path, m.Path+"/") {
					dirs = append(dirs, path.Join(m.Dir, strings.TrimPrefix(imp.Path, m.Path+"/")))
				}
			}
		}
	}
	slices.Sort(dirs)
	var out []string
	for _, dir := range slices.Compact(dirs) {
		out = append(out, p.r.GeneratedIn(dir)...)
	}
	return out
}

func (a *auditor) checkHealth(p *program) Result {
	if r, ok := p.unreadResult("that a health and a readiness endpoint are registered"); ok {
		return r
	}
	if use, route, ok := p.chiLateUse(); ok {
		return Result{
			Status:   Fail,
			Message:  fmt.Sprintf("the service panics at start and serves nothing, health endpoints included: %s (%s:%d) comes after a route of the same chi router (%s:%d), and chi panics with \"all middlewares must be defined before routes on a mux\"", types.ExprString(use.expr.Fun)+"(...)", p.at(use.expr).File, p.at(use.expr).Line, p.at(route.expr).File, p.at(route.expr).Line),
			Evidence: []repo.Evidence{p.at(use.expr), p.at(route.expr)},
			Fix:      "Call Use on the chi router before any route, Mount, Route, Group or With on it; for middleware of some routes only, use r.With(mw).Get(...) or r.Group(func(r chi.Router) { r.Use(mw); ... }).",
		}
	}
	var ev []repo.Evidence
	var found, reasons []string
	lost := map[string][]string{}          // the routes no request reaches, by why
	lostAt := map[string][]repo.Evidence{} // and their evidence
	isHealth := a.healthPaths(p)
	for _, l := range p.routePaths() {
		if !l.route {
			continue
		}
		// The paths requests ask: a route of a group below its prefix, and no path
		// for the literal of the group's prefix (see servedPaths).
		served := slices.DeleteFunc(p.servedPaths(l), func(v string) bool { return !isHealth(v) })
		if len(served) == 0 {
			continue
		}
		if reason := p.unroutable(l.node, l.name); reason != "" {
			lostAt[reason] = append(lostAt[reason], p.at(l.node))
			if !slices.Contains(reasons, reason) {
				reasons = append(reasons, reason)
			}
			lost[reason] = dedupe(append(lost[reason], served...))
			continue
		}
		ev = append(ev, p.at(l.node))
		for _, v := range served {
			if v == grpcHealthRoute {
				v += " (the gRPC health service)"
			}
			if !slices.Contains(found, v) {
				found = append(found, v)
			}
		}
	}
	// A route registered only for other methods than GET beside one of the
	// same path that takes GET (a POST /readyz that toggles readiness) leaves the path
	// served.
	reasons = slices.DeleteFunc(reasons, func(r string) bool {
		return methodOnlyReason(r) && !slices.ContainsFunc(lost[r], func(v string) bool { return !slices.Contains(found, v) })
	})
	if len(reasons) > 0 {
		// A probe of a route no request reaches gets 404: Kubernetes never marks the
		// pod ready, or restarts it again and again. One registered for other methods
		// only refuses the probe's GET (405 Method Not Allowed, or 404) alike.
		var why []string
		var unreached []repo.Evidence
		methods := 0
		for _, r := range reasons {
			why = append(why, strings.Join(lost[r], ", ")+" "+r)
			unreached = append(unreached, lostAt[r]...)
			if methodOnlyReason(r) {
				methods++
			}
		}
		msg := "a health or readiness endpoint answers 404: " + strings.Join(why, "; ")
		fix := "Register the health and readiness routes on the handler the server serves, as patterns its ServeMux reads."
		switch {
		case methods == len(reasons):
			msg = "a health or readiness endpoint refuses GET: " + strings.Join(why, "; ") + ": httpGet probes and load balancers send GET, which such a route answers with 405 Method Not Allowed (or 404)"
			fix = "Register the health and readiness routes for GET (which serves HEAD too): mux.HandleFunc(\"GET /healthz\", h), r.Get, r.GET, or no Methods restriction."
		case methods > 0:
			msg = "a health or readiness endpoint answers 404 or refuses GET: " + strings.Join(why, "; ") + "; httpGet probes and load balancers send GET, which a route registered for other methods answers with 405 Method Not Allowed (or 404)"
			fix = "Register the health and readiness routes for GET on the handler the server serves, as patterns its ServeMux reads."
		}
		return Result{
			Status:   Warn,
			Message:  msg,
			Evidence: append(unreached, ev...),
			Fix:      fix,
		}
	}
	if len(found) == 0 {
		if gen := p.generatedPath(isHealth); gen != "" {
			return Result{
				Status:   Unknown,
				Message:  "no health or readiness endpoint is registered in the code this audit reads, but generated code names one (" + gen + "); generated files are no evidence: check that the server serves it",
				Evidence: p.placeOfServer(),
			}
		}
		return Result{
			Status:   Warn,
			Message:  "no health or readiness endpoint (such as /healthz or /readyz) is registered",
			Evidence: p.placeOfServer(),
			Fix:      "gonew-prod add shutdown serves /healthz and a /readyz that turns 503 on shutdown; or register GET /healthz on the router.",
			Missing:  true,
		}
	}
	if addrs, at := p.loopbackOnly(isHealth); len(addrs) > 0 {
		return Result{
			Status:   Warn,
			Message:  "health endpoints (" + strings.Join(found, ", ") + ") are served only on a loopback listener (" + strings.Join(addrs, ", ") + "): Kubernetes httpGet probes and load balancers connect to the pod's IP, so they are refused and the pod never turns ready",
			Evidence: append(ev, at...),
			Fix:      "Serve the health and readiness routes on a listener on all interfaces (\":8081\", the probes' port), such as the public server or an admin server that binds \":port\", not 127.0.0.1.",
		}
	}
	if msgs, at, sure := a.probesUnanswered(p); len(msgs) > 0 {
		status := Unknown
		if sure {
			status = Warn
		}
		return Result{
			Status:   status,
			Message:  "health endpoints: " + strings.Join(found, ", ") + "; " + strings.Join(msgs, "; "),
			Evidence: append(at, ev...),
			Fix:      "Point the probe's httpGet at a health route the program registers, on the port of the server that serves it (livenessProbe: httpGet: {path: /healthz, port: 8080}), or register the path it asks.",
		}
	}
	if note, at := a.skippedProbesNote(p, "livenessProbe", "startupProbe"); note != "" {
		return Result{Status: Unknown, Message: "health endpoints: " + strings.Join(found, ", ") + "; but " + note, Evidence: append(at, ev...)}
	}
	return Result{Status: Pass, Message: "health endpoints: " + strings.Join(found, ", "), Evidence: ev}
}

// probesUnanswered judges the livenessProbe and startupProbe of each manifest
// container tied to p's main package, or to none, as shutdown judges its
// readinessProbe: a path no route of the program registers (see probeUnrouted) or a
// port that does not reach the path (see probePort) fails every probe, and the
// kubelet restarts the container again and again. It returns why, with the
// evidence, and sure when one of them is known to fail.
func (a *auditor) probesUnanswered(p *program) (msgs []string, ev []repo.Evidence, sure bool) {
	for _, kind := range []string{"livenessProbe", "startupProbe"} {
		msg, at, known := a.probeUnrouted(p, kind, "")
		if msg == "" {
			msg, at, known = a.probePort(p, kind)
		}
		if msg != "" {
			msgs, ev, sure = append(msgs, msg), append(ev, at...), sure || known
		}
	}
	return msgs, ev, sure
}

// loopbackOnly returns the loopback addresses, with the servers, that serve the
// routes whose path matches (those a request can reach), when every server tied to
// each of them listens on loopback; nil when a route is served elsewhere too, or
// when one cannot be tied to a server or an address this audit can read.
func (p *program) loopbackOnly(match func(string) bool) (addrs []string, at []repo.Evidence) {
	var local []server
	for _, l := range p.routePaths() {
		if !l.route || !slices.ContainsFunc(p.servedPaths(l), match) || p.unroutable(l.node, l.name) != "" {
			continue
		}
		on := p.servingRoute(l)
		if len(on) == 0 || slices.ContainsFunc(on, func(s server) bool { return !p.loopback(p.listenAddr(s)) }) {
			return nil, nil
		}
		for _, s := range on {
			if !slices.ContainsFunc(local, func(o server) bool { return o.node == s.node }) {
				local = append(local, s)
			}
		}
	}
	for _, s := range local {
		a, _ := p.constString(p.listenAddr(s))
		addrs = append(addrs, a)
		at = append(at, p.at(s.node))
	}
	return dedupe(addrs), at
}

// servingRoute returns the servers main's flow starts that serve route l: those
// that serve http.DefaultServeMux (directly or wrapped) for a route registered there
// (http.Handle, http.HandleFunc), else those whose handler is built by code that
// registers it or has it registered on a name it is built from (see mountedOn). It is
// empty when no server can be tied to the route.
func (p *program) servingRoute(l pathLit) []server {
	// registers tells the calls that register l: its literal in their arguments, or
	// the constant or variable that holds it.
	registers := func(pf *pfile, n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		return ok && slices.ContainsFunc(c.Args, func(a ast.Expr) bool {
			return encloses(a, l.node) || l.name != "" && lastName(a) == l.name
		})
	}
	onDefault := false
	for _, c := range p.callsTo("net/http", "Handle", "HandleFunc") {
		onDefault = onDefault || p.runs(c.site) && registers(c.file, c.expr)
	}
	funcs := p.reaching(registers)
	var out []server
	for _, s := range p.servers() {
		if !p.runs(s.site) {
			continue
		}
		ids, names := p.trace(s.file, s.fn, s.handler)
		code := p.handlerCode(s.file, s.fn, s.handler, 0)
		built := func(id string) bool { return funcs[id] }
		switch {
		case onDefault && (s.defaultMux || slices.Contains(ids, "net/http.DefaultServeMux")),
			!onDefault && (slices.ContainsFunc(ids, built) || slices.ContainsFunc(code, built) || p.mountedOn(s, names, funcs, registers)):
			out = append(out, s)
		}
	}
	return out
}

func (a *auditor) checkTimeouts(p *program) Result {
	if r, ok := p.unreadResult("that the server sets a read timeout"); ok {
		return r
	}
	var bad, good, unsure []repo.Evidence
	var conditional, untold []repo.Evidence // read timeouts set only under a condition, or of a value not told
	var headerIf []repo.Evidence            // negative ReadHeaderTimeouts set under a condition
	var zeroIf []repo.Evidence              // zero or negative read timeouts set under a condition after a positive one
	var zeroIfFlags []string                // the flags of default zero among them
	zeroIfCount := 0                        // the servers they are set on
	var setElsewhere []repo.Evidence        // read timeouts not shown positive set in a function whose running is not told
	var setElsewhereIn []string             // the functions that set them
	var throughElement []repo.Evidence      // read timeouts not shown positive set through an element or a pointer
	var reach []repo.Evidence               // the program's calls that reach a server built in generated code
	var why []string
	var brief, flagged []repo.Evidence // read timeouts of a constant below a millisecond; of a flag whose default is zero
	var briefWhy, flags []string
	stop := &stopper{ctx: a.b.ctx}
	// judged adds the server v to the evidence when it gets a read timeout (see
	// readTimeout), one only under a condition, or one of a value not told.
	judged := func(v served) bool {
		set, onlyIf, unshown, from := p.readTimeout(stop, v)
		switch {
		case set != nil:
			if n := p.negativeHeaderIf(v); n != nil {
				headerIf = append(headerIf, p.at(n))
				return true
			}
			if n, always, flag := p.zeroReadIf(stop, v); n != nil {
				switch {
				case always:
					bad, why = append(bad, p.at(n)), append(why, v.reason(everyPathZero))
				case flag != nil:
					zeroIf, zeroIfFlags = append(zeroIf, p.at(n), p.at(flag)), append(zeroIfFlags, p.zeroFlag(flag))
				default:
					zeroIf = append(zeroIf, p.at(n))
				}
				zeroIfCount++
				return true
			}
			if n, from := p.unknownReadIf(stop, v); n != nil {
				untold = append(untold, p.at(n), p.at(from))
				return true
			}
			if n, w := p.unseenSet(stop, v, set); n != nil {
				switch w {
				case shownZero:
					bad, why = append(bad, p.at(n)), append(why, v.reason(zeroTimeouts))
				case shownSomePaths:
					zeroIf = append(zeroIf, p.at(n))
					zeroIfCount++
				default:
					untold = append(untold, p.at(n), p.at(set))
				}
				return true
			}
			if n := p.elementSet(v); n != nil {
				throughElement = append(throughElement, p.at(n), p.at(set))
				return true
			}
			if n, in := p.setInLit(v); n != nil && p.zeroBeforeServe(v, n, in) {
				bad, why = append(bad, p.at(n)), append(why, v.reason(zeroTimeouts))
				return true
			} else if n != nil {
				setElsewhere, setElsewhereIn = append(setElsewhere, p.at(n), p.at(set)), append(setElsewhereIn, p.funcNamed(in))
				return true
			}
			if n, in := p.packageLitSet(v); n != nil {
				setElsewhere, setElsewhereIn = append(setElsewhere, p.at(n), p.at(set)), append(setElsewhereIn, p.funcNamed(in))
				return true
			}
			if at, why := p.briefTimeout(v); at != nil {
				for _, n := range at {
					brief = append(brief, p.at(n))
				}
				briefWhy = append(briefWhy, why)
				return true
			}
			good = append(good, p.at(set))
		case onlyIf != nil:
			conditional = append(conditional, p.at(onlyIf))
		case unshown != nil:
			untold = append(untold, p.at(unshown), p.at(from))
		default:
			return false
		}
		return true
	}
	for _, l := range p.litsOf("net/http", "Server") {
		if stop.stopped() {
			return stop.result()
		}
		if !p.runs(l.site) {
			continue // a server main's flow never builds
		}
		v := served{lit: l, name: "an http.Server"}
		if judged(v) {
			continue
		}
		// The server embedded in a literal of a type of the program (server{http.Server{...}})
		// gets its fields through the variable holding that literal too: s.ReadHeaderTimeout
		// (the promoted field) and s.Server.ReadHeaderTimeout.
		if o, ok := p.embeddingLit(l); ok && judged(served{lit: o, name: v.name}) {
			continue
		}
		if c := p.serverUnfollowed(l, "ReadHeaderTimeout", "ReadTimeout"); c != nil {
			unsure = append(unsure, p.at(c), p.at(l.expr))
			continue
		}
		if set, def, name := p.zeroFlagTimeout(v); set != nil {
			flagged, flags = append(flagged, p.at(set), p.at(def)), append(flags, name)
			continue
		}
		bad, why = p.noReadTimeout(v, bad, why)
		reach = p.generatedReach(l.site, reach)
	}
	for _, l := range p.lits {
		if stop.stopped() {
			return stop.result()
		}
		// A literal of a type of the program that embeds http.Server (type Server
		// struct{ http.Server; ... }) holds a zero server unless it gives one.
		if !p.inProgram(l.pkg) || !p.embedsServer(l.pkg+"."+l.typ) || givesAll(l.expr) || field(l.expr, "Server") != nil || !p.runs(l.site) {
			continue
		}
		v := served{lit: l, name: "an http.Server embedded in " + l.typ}
		if judged(v) {
			continue
		}
		if set, def, name := p.zeroFlagTimeout(v); set != nil {
			flagged, flags = append(flagged, p.at(set), p.at(def)), append(flags, name)
			continue
		}
		bad, why = p.noReadTimeout(v, bad, why)
		reach = p.generatedReach(l.site, reach)
	}
	for _, s := range p.servers() {
		if stop.stopped() {
			return stop.result()
		}
		if !p.runs(s.site) {
			continue
		}
		switch {
		case slices.Contains([]string{"http.ListenAndServe", "http.ListenAndServeTLS", "http.Serve", "http.ServeTLS"}, s.kind):
			why = append(why, s.kind+" (a server with no timeouts)")
		case s.kind == "gin Run" || s.kind == "gin RunTLS":
			why = append(why, "gin's "+strings.TrimPrefix(s.kind, "gin ")+" (http.ListenAndServe, no timeouts)")
		case strings.HasPrefix(s.kind, "gin "):
			why = append(why, "gin's "+strings.TrimPrefix(s.kind, "gin ")+" (http.Serve, no timeouts)")
		case s.kind == "echo/v4 Start":
			// the server e.Server (or e.TLSServer) is judged as the http.Server of a literal is
			start, field := echoServed(s)
			v := served{echo: &s, holder: field, name: "Echo v4's " + start + " with e." + field}
			if judged(v) {
				continue
			}
			if set, def, name := p.zeroFlagTimeout(v); set != nil {
				flagged, flags = append(flagged, p.at(set), p.at(def)), append(flags, name)
				continue
			}
			bad, why = p.noReadTimeout(v, bad, why)
			continue
		case s.kind == "echo/v5 Start" || s.kind == "echo StartConfig":
			good = append(good, p.at(s.node)) // Echo v5 sets ReadTimeout to 30s
			continue
		default:
			continue
		}
		bad = append(bad, p.at(s.node))
	}
	if stop.stopped() || stop.ctx.Err() != nil {
		return stop.result()
	}
	switch {
	case len(bad) > 0:
		return Result{
			Status:   Fail,
			Message:  fmt.Sprintf("%d server(s) without a read timeout: %s; slow clients can hold connections open forever", len(why), strings.Join(dedupe(why), "; ")),
			Evidence: slices.Concat(bad, reach),
			Fix:      "Serve through an http.Server that sets ReadHeaderTimeout (and ReadTimeout, WriteTimeout, IdleTimeout).",
		}
	case len(brief) > 0:
		return Result{
			Status:   Warn,
			Message:  strings.Join(dedupe(briefWhy), "; "),
			Evidence: brief,
			Fix:      "Give the timeout its unit (ReadHeaderTimeout: 10 * time.Second, time.Duration(n) * time.Second).",
		}
	case len(flagged) > 0:
		return Result{
			Status:   Warn,
			Message:  fmt.Sprintf("%d server(s) take their read timeout from a flag whose default is zero (%s): no read timeout, and slow clients can hold connections open forever, unless the flag is given", len(flagged)/2, strings.Join(dedupe(flags), ", ")),
			Evidence: slices.Concat(flagged, good),
			Fix:      "Give the flag a positive default (flag.Duration(\"read-header-timeout\", 10*time.Second, ...)), or set ReadHeaderTimeout in the http.Server literal.",
		}
	case len(unsure) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) passed to a function value (an option such as o(s)) that this audit cannot follow to a read timeout: it may set ReadHeaderTimeout or ReadTimeout; check by hand", len(unsure)/2),
			Evidence: slices.Concat(unsure, good),
			Fix:      "Make sure the options given set ReadHeaderTimeout, or set it in the http.Server literal.",
		}
	case len(conditional) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) get a read timeout only under a condition: otherwise ReadHeaderTimeout and ReadTimeout keep their zero value, no timeout, and slow clients can hold connections open forever; check that the condition always holds in production", len(conditional)),
			Evidence: slices.Concat(conditional, good),
			Fix:      "Set ReadHeaderTimeout unconditionally (in the http.Server literal), with the configured value overriding it when given.",
		}
	case len(headerIf) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) get a negative ReadHeaderTimeout under a condition: where it holds, net/http sets no deadline on the request headers, whatever ReadTimeout is, and slow clients can hold connections open forever; check that the condition never holds in production", len(headerIf)),
			Evidence: slices.Concat(headerIf, good),
			Fix:      "Give ReadHeaderTimeout a positive value on every path (a negative one is no timeout), or leave it unset where ReadTimeout is set.",
		}
	case len(zeroIf) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) get a zero or negative read timeout%s under a condition, after a positive one: where it holds, the server has no read timeout (ReadHeaderTimeout and ReadTimeout both zero or negative), and slow clients can hold connections open forever; check that the condition never holds in production", zeroIfCount, zeroFlagsNote(zeroIfFlags)),
			Evidence: slices.Concat(zeroIf, good),
			Fix:      "Keep a positive ReadHeaderTimeout on every path: override it under the condition with another positive value, not zero.",
		}
	case len(untold) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) take their read timeout from a field of a struct, or a variable, whose value this audit cannot follow (a value from a call, a decoder or a caller it cannot see; a value read through a pointer whose target it cannot tell, *p of a parameter or a field; a field of an element of a slice or map, or of (*p); time.ParseDuration or strconv.Atoi with its error ignored, which gives zero for an empty or bad input such as an unset variable; time.Duration(n) of such a number, which counts nanoseconds): zero means no timeout, and a number of seconds in time.Duration(n) a timeout of nanoseconds; check that it is set in production", len(untold)/2),
			Evidence: slices.Concat(untold, good),
			Fix:      "Give the value a default above zero (where the struct is built, or when parsing fails) and a unit (time.Duration(n) * time.Second), or set ReadHeaderTimeout in the http.Server literal.",
		}
	case len(throughElement) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) get a zero or negative read timeout, or one this audit cannot follow, after a positive one, through an element of a slice or map or through a pointer (servers[0].ReadHeaderTimeout = 0, (*p).ReadHeaderTimeout = 0): this audit does not follow which server such a set reaches, and where it reaches this one, the server has no read timeout (ReadHeaderTimeout and ReadTimeout both zero or negative) and slow clients can hold connections open forever; check by hand", len(throughElement)/2),
			Evidence: slices.Concat(throughElement, good),
			Fix:      "Set the read timeouts where the server is built, and change them afterwards only to another positive value.",
		}
	case len(setElsewhere) > 0:
		return Result{
			Status:   Unknown,
			Message:  fmt.Sprintf("%d server(s) get a zero or negative read timeout, or one this audit cannot follow, after a positive one, from %s: whether and when that runs is not told (a function literal of the function that builds the server, or, for a server a package-level variable holds, any function of its package), and where it runs before the server serves, the server has no read timeout (ReadHeaderTimeout and ReadTimeout both zero or negative) and slow clients can hold connections open forever; check that it never runs in production", len(setElsewhere)/2, strings.Join(setElsewhereIn, ", ")),
			Evidence: slices.Concat(setElsewhere, good),
			Fix:      "Set the read timeouts where the server is built, and change them afterwards only to another positive value.",
		}
	case len(good) == 0:
		return Result{Status: Unknown, Message: "no http.Server found: the server is started somewhere this audit cannot see", Evidence: p.placeOfServer(), Fix: "Serve through an http.Server that sets ReadHeaderTimeout."}
	}
	return Result{Status: Pass, Message: "every server sets a read timeout", Evidence: good}
}

// stopper looks at whether the audit was stopped (its context done) every stopEvery
// of its calls, as the readers of scripts do, and once it has seen it, says so on
// each call: the timeouts check asks it for each server and each assignment it
// judges, and gives up.
type stopper struct {
	ctx   context.Context
	looks int
	err   error
}

func (s *stopper) stopped() bool {
	if s.err == nil {
		s.looks++
		s.err = stopped(s.ctx, s.looks)
	}
	return s.err != nil
}

// result is the result of a check given up as the audit was stopped: the audit
// returns the context's error, not it (see Run).
func (s *stopper) result() Result {
	return Result{Status: Unknown, Message: "the audit was stopped before this check was done"}
}

// zeroFlagTimeout returns where the server v gets its read timeout from a duration
// flag whose default is zero (see flagShown), with the flag's definition and its name
// as -name; or nil: the server has no read timeout unless the flag is given.
func (p *program) zeroFlagTimeout(v served) (set, def ast.Node, name string) {
	var from ast.Node
	set = p.servedSet(v, func(e ast.Expr) bool {
		w, n := p.timeoutShownAt(e, 0)
		if w == shownZero {
			from = n
		}
		return w == shownZero
	}, readFields...)
	if set == nil {
		return nil, nil, ""
	}
	if name := p.zeroFlag(from); name != "" {
		return set, from, name
	}
	return nil, nil, ""
}

// briefTimeout returns where the server v gets a read timeout that is a
// constant below a millisecond (see constDuration), or a value followed to one (see
// valueShown: time.Duration(n) of a variable n holding 5), with where that constant
// is, and why it is wrong; or nil:
// most likely a number without a unit, which counts nanoseconds, so the deadline
// passes before a request arrives. (Half a second may be meant, and is not judged.)
func (p *program) briefTimeout(v served) ([]ast.Node, string) {
	for _, f := range readFields {
		var value ast.Expr
		var from ast.Node
		set := p.servedSet(v, func(e ast.Expr) bool {
			w, n := p.timeoutShownAt(e, 0)
			if w == shownBrief {
				value, from = e, n
			}
			return w == shownBrief
		}, f)
		if set == nil {
			continue
		}
		d, _ := p.constDuration(from.(ast.Expr))
		if from == value {
			return []ast.Node{set}, fmt.Sprintf("%s is a constant of %s: %s, so the deadline passes before a request arrives and every request is refused", f, d, unitMistake(d, f+": 10"))
		}
		return []ast.Node{set, from}, fmt.Sprintf("%s is %s, which holds %s (from %s at %s): %s, so the deadline passes before a request arrives and every request is refused", f, types.ExprString(value), d, types.ExprString(from.(ast.Expr)), p.lineOf(from), unitMistake(d, f+": 10"))
	}
	return nil, ""
}

// unitMistake says what a constant timeout of d, below a second, likely is: below a
// millisecond, a number without a unit (written as in example), which counts
// nanoseconds; else a unit mistake.
func unitMistake(d time.Duration, example string) string {
	if d < time.Millisecond {
		return "a number without a unit (" + example + ", time.Duration(n)) counts nanoseconds"
	}
	return "a unit mistake, such as time.Millisecond for time.Second?"
}

// serverUnfollowed returns a call of a function value that the server of literal l
// is given (o(s) for an option of a server constructor) and that this audit cannot
// follow to a set of one of fields, when no set is found; or nil.
func (p *program) serverUnfollowed(l lit, fields ...string) *ast.CallExpr {
	if l.fn == nil {
		return nil
	}
	anySet := func(fieldSet) bool { return true }
	holds := p.holding(l.fn, l.expr)
	set, calls := p.setThroughAll(l.fn, whole(holds), fields, anySet, map[ast.Node]bool{})
	for _, h := range p.fieldHolders(l.fn, holds) {
		if set != nil {
			break
		}
		var more []*ast.CallExpr
		set, more = p.setThroughAll(l.fn, h.passed(), fields, anySet, map[ast.Node]bool{})
		calls = append(calls, more...)
	}
	if set != nil || len(calls) == 0 {
		return nil
	}
	return calls[0]
}

// embedsServer reports whether the program's type id is a struct that embeds
// net/http's Server, or a pointer to it.
func (p *program) embedsServer(id string) bool {
	return p.embeddedServer(id) >= 0
}

// embeddedServer returns the index, among the fields of the program's struct type id
// (each name of a field counting), of its embedded net/http Server (or pointer to
// one): the element a literal without keys gives it at; or -1.
func (p *program) embeddedServer(id string) int {
	d, ok := p.types[id]
	if !ok {
		return -1
	}
	st, ok := d.node.Type.(*ast.StructType)
	if !ok {
		return -1
	}
	i := 0
	for _, f := range st.Fields.List {
		pkg, name, ok := d.file.qualified(baseType(f.Type))
		if len(f.Names) == 0 && ok && pkg == "net/http" && name == "Server" {
			return i
		}
		i += max(len(f.Names), 1)
	}
	return -1
}

// givesAll reports whether the composite literal cl lists its elements without keys,
// which gives every field of a struct its value.
func givesAll(cl *ast.CompositeLit) bool {
	if len(cl.Elts) == 0 {
		return false
	}
	_, keyed := cl.Elts[0].(*ast.KeyValueExpr)
	return !keyed
}

// embeddingLit returns the literal of a type of the program that embeds http.Server
// whose embedded server the http.Server literal l is (server{Server: http.Server{...}},
// server{http.Server{...}}, or with &), or false.
func (p *program) embeddingLit(l lit) (lit, bool) {
	is := func(e ast.Expr) bool {
		e = unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = unparen(u.X)
		}
		return e == l.expr
	}
	for _, o := range p.lits {
		if o.file != l.file || !p.inProgram(o.pkg) || !encloses(o.expr, l.expr) {
			continue
		}
		i := p.embeddedServer(o.pkg + "." + o.typ)
		switch {
		case i < 0:
		case givesAll(o.expr):
			if i < len(o.expr.Elts) && is(o.expr.Elts[i]) {
				return o, true
			}
		default:
			if v := field(o.expr, "Server"); v != nil && is(v) {
				return o, true
			}
		}
	}
	return lit{}, false
}

func dedupe(s []string) []string {
	var out []string
	for _, x := range s {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// isZero reports whether e is a constant number of zero or less (0, -1,
// 0 * time.Second, time.Duration(0), a named constant: see constValue): for a
// net/http timeout, no timeout.
func (p *program) isZero(e ast.Expr) bool {
	v, ok := p.constValue(e)
	return ok && (v.Kind() == constant.Int || v.Kind() == constant.Float) && constant.Sign(v) <= 0
}

// noReadTimeout adds the server v, which has no read timeout, to the evidence and
// reasons of the timeouts check. A read timeout set to a constant zero or negative
// value is named as such, with its place as evidence, since net/http takes it for no
// timeout; v's name (an http.Server, one embedded in a type, Echo's e.Server) starts
// the reason (see reason).
func (p *program) noReadTimeout(v served, bad []repo.Evidence, why []string) ([]repo.Evidence, []string) {
	var from ast.Node // the literal that leaves out the field a read timeout is taken from
	var value ast.Expr
	zero := func(e ast.Expr) bool {
		w, n := p.timeoutShownAt(e, 0)
		if w == shownZero && n != e {
			from, value = n, e
		}
		return w == shownZero
	}
	if set := p.negativeHeaderTimeout(v); set != nil {
		return append(bad, p.at(set)), append(why, v.reason(negativeHeader))
	}
	if set := p.servedSet(v, zero, "ReadHeaderTimeout", "ReadTimeout"); set != nil {
		if from != nil && !p.isFieldPath(value) {
			// a variable time.Duration(n) converts, n assigned zero
			return append(bad, p.at(set), p.at(from)), append(why, fmt.Sprintf("%s whose ReadHeaderTimeout or ReadTimeout is %s, zero where its value is set (%s), which net/http takes for no timeout", v.name, types.ExprString(value), p.lineOf(from)))
		}
		if from != nil {
			return append(bad, p.at(set), p.at(from)), append(why, v.name+" whose ReadHeaderTimeout or ReadTimeout is a struct field that is zero where the struct is built, which net/http takes for no timeout")
		}
		return append(bad, p.at(set)), append(why, v.reason(zeroTimeouts))
	}
	return append(bad, p.at(v.node())), append(why, v.reason(noTimeouts))
}

// negativeHeaderTimeout returns where the server v gets a ReadHeaderTimeout that is a
// negative constant (see servedSet; named constants of the program count),
// not set under a condition (see setUnderCondition), or set to one on every path (see
// onEveryPath: each branch of an if with an else); or nil. net/http uses a non-zero
// ReadHeaderTimeout instead of ReadTimeout while it reads the headers, and sets no
// deadline there for a negative one, so a client that never ends its headers holds the
// connection for ever, however long ReadTimeout is.
func (p *program) negativeHeaderTimeout(v served) ast.Node {
	return p.servedSet(v, func(e ast.Expr) bool {
		if !p.negativeConst(e) || p.valueReplaced(e) {
			return false
		}
		i := slices.IndexFunc(p.sets, func(s fieldSet) bool { return s.value == e })
		return i < 0 || !setUnderCondition(p.sets[i]) || p.onEveryPath(p.sets[i], []string{"ReadHeaderTimeout"}, p.negativeConst)
	}, "ReadHeaderTimeout")
}

// valueReplaced reports whether e is the value of an assignment of a field (see
// fieldSet) that a later one always replaces (see setReplaced). A literal's value is
// left to litField, which gives the value last assigned to the field.
func (p *program) valueReplaced(e ast.Expr) bool {
	i := slices.IndexFunc(p.sets, func(s fieldSet) bool { return s.value == e })
	return i >= 0 && p.setReplaced(p.sets[i])
}

// setReplaced reports whether the value s sets is always replaced by a later
// assignment of its field on the same expression in its function: one that is a
// statement of a block that holds s in an earlier statement, with nothing between
// them that may leave the block or serve with the value (see mayLeave: a call too;
// in the statement holding s, one that may run after s, see mayLeaveAfter) or use
// the variable set other than by a field (see usesHolder: first := srv; srv =
// &http.Server{...}), s not in a function literal of it. The value s sets is then never the one the server runs
// with (if dev { srv.ReadHeaderTimeout = -1 }; srv.ReadHeaderTimeout = 5 *
// time.Second), while it may be when a call comes between (if dev {
// srv.ReadHeaderTimeout = -1; log.Fatal(srv.ListenAndServe()) }).
func (p *program) setReplaced(s fieldSet) bool {
	body := funcBody(s.fn)
	if body == nil || s.target == nil {
		return false
	}
	target := types.ExprString(unparen(s.target))
	later := map[ast.Node]fieldSet{} // the later sets of the field on the same expression, by statement
	for _, o := range p.setsOf(s.field) {
		if o.fn == s.fn && o.target != nil && o.node.Pos() > s.node.Pos() && types.ExprString(unparen(o.target)) == target {
			later[o.node] = o
		}
	}
	if len(later) == 0 {
		return false
	}
	// replaces reports whether st is a later set, or an if that fills a default with one.
	replaces := func(st ast.Stmt) bool {
		if _, ok := later[st]; ok {
			return true
		}
		is, ok := st.(*ast.IfStmt)
		return ok && slices.ContainsFunc(is.Body.List, func(b ast.Stmt) bool {
			o, ok := later[b]
			return ok && p.fillsDefault(st, o, s.value)
		})
	}
	// Each block that holds s: the statements after the one holding s, up to the
	// first that may leave or use the variable (one statement each, so that a long
	// block costs one reading, not one per later set).
	for _, b := range enclosing(body, s.node) {
		var list []ast.Stmt
		switch x := b.(type) {
		case *ast.BlockStmt:
			list = x.List
		case *ast.CaseClause:
			list = x.Body
		case *ast.CommClause:
			list = x.Body
		}
		i := slices.IndexFunc(list, func(st ast.Stmt) bool { return encloses(st, s.node) })
		if i < 0 || !slices.Contains(enclosing(list[i], s.node), s.node) || mayLeaveAfter(list[i], s.node) || usesHolder(list[i], s.node, s.target) {
			continue
		}
		for _, st := range list[i+1:] {
			if replaces(st) {
				return true
			}
			if p.leavesOrUses(st, s.target, target) {
				break
			}
		}
	}
	return false
}

// holderUse is a statement and a variable (as written) it may leave or use.
type holderUse struct {
	st     ast.Stmt
	holder string
}

// leavesOrUses reports whether st may leave the statements after it or use target,
// written holder, other than by a field (see mayLeave, usesHolder), once for each
// statement and variable: setReplaced asks it of the statements after each set.
func (p *program) leavesOrUses(st ast.Stmt, target ast.Expr, holder string) bool {
	k := holderUse{st, holder}
	if v, ok := p.holderUses[k]; ok {
		return v
	}
	if p.holderUses == nil {
		p.holderUses = map[holderUse]bool{}
	}
	v := mayLeave(st) || usesHolder(st, nil, target)
	p.holderUses[k] = v
	return v
}

// usesHolder reports whether st uses target (an identifier, or fields selected on
// one), or what holds it, other than to select a field of it: assigned (srv =
// &http.Server{...}), copied or kept (first := srv, []*http.Server{srv}), its address
// taken (&srv), declared anew (srv := ..., which a set on target may mean in place of
// the outer one). A later set on target may then be on another server than the value
// an earlier one set. Only the uses after n, a node of st, or in a loop of st that
// holds n, count, and the declarations of st wherever they are (all uses when n is
// nil); every use counts, in function literals too. A target of another form (an
// index, a pointer's element) is always taken as used.
func usesHolder(st ast.Stmt, n ast.Node, target ast.Expr) bool {
	path := map[string]bool{} // target and what holds it, as text: srv; a, a.srv
	for e := unparen(target); ; {
		path[types.ExprString(e)] = true
		if sel, ok := e.(*ast.SelectorExpr); ok {
			e = unparen(sel.X)
			continue
		}
		if _, ok := e.(*ast.Ident); !ok {
			return true
		}
		break
	}
	root := ""
	for k := range path {
		if !strings.Contains(k, ".") {
			root = k
		}
	}
	after := func(x ast.Node) bool {
		return n == nil || x.Pos() >= n.End() || slices.ContainsFunc(enclosing(st, n), func(l ast.Node) bool {
			switch l.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return encloses(l, x)
			}
			return false
		})
	}
	found := false
	astutil.Apply(st, func(c *astutil.Cursor) bool {
		switch x := c.Node().(type) {
		case *ast.AssignStmt:
			found = found || x.Tok == token.DEFINE && slices.ContainsFunc(x.Lhs, func(l ast.Expr) bool { id, ok := l.(*ast.Ident); return ok && id.Name == root })
		case *ast.ValueSpec:
			found = found || slices.ContainsFunc(x.Names, func(id *ast.Ident) bool { return id.Name == root })
		case *ast.Ident, *ast.SelectorExpr:
			sel, inSel := c.Parent().(*ast.SelectorExpr)
			if inSel && sel.Sel == x || !path[types.ExprString(x.(ast.Expr))] || !after(x) {
				break
			}
			found = !inSel || sel.X != x // a field selected on it is not a use of it
		}
		return !found
	}, nil)
	return found
}

// negativeHeaderIf returns where the server v gets a ReadHeaderTimeout that is a
// negative constant under a condition that leaves another value on the other path
// (see negativeHeaderTimeout), or nil: where the condition holds, the request headers
// have no deadline.
func (p *program) negativeHeaderIf(v served) ast.Node {
	if x := p.servedFieldKept(v, "ReadHeaderTimeout"); x != nil && p.negativeConst(x) {
		return x
	}
	for _, s := range p.servedSets(v, "ReadHeaderTimeout") { // whatever the literal sets
		if p.negativeConst(s.value) && setUnderCondition(s) && !p.setReplaced(s) {
			return s.node
		}
	}
	return p.servedSet(v, func(e ast.Expr) bool {
		i := slices.IndexFunc(p.sets, func(s fieldSet) bool { return s.value == e })
		return p.negativeConst(e) && i >= 0 && setUnderCondition(p.sets[i]) && !p.valueReplaced(e)
	}, "ReadHeaderTimeout")
}

// zeroReadIf returns where the server v, which gets a positive read
// timeout, has one of readFields set to zero or a negative value under a condition
// (see zeroUnder) after the positive one, while the other field gets no positive
// value (see setAfterIf); or nil. srv.ReadHeaderTimeout = 10 * time.Second; if slow {
// srv.ReadHeaderTimeout = 0 } serves with no read timeout where slow holds. always
// tells a set of such a value made on every path (each branch of an if with an else):
// then the server has no read timeout at all. flag is the definition of the flag whose
// default of zero the value is, when it is one: zero unless the flag is given.
func (p *program) zeroReadIf(stop *stopper, v served) (set ast.Node, always bool, flag ast.Node) {
	set = p.setAfterIf(stop, v, func(s fieldSet) bool {
		under, every, from := p.zeroUnder(s)
		if under {
			always, flag = every, from
		}
		return under
	})
	return set, always, flag
}

// unknownReadIf returns where the server v, which gets a positive read timeout, has
// one of readFields set after it, under a condition, to a value this audit cannot tell
// (see valueShown: d, _ := time.ParseDuration(...), a field a decoder fills), while the
// other field gets no positive value (see setAfterIf), with where the value is lost;
// or nil. The value may be zero where the condition holds, as it may be when set so on
// every path. A set that is always replaced later (see valueReplaced), or made only
// where the value is not zero (see testedNonZero), does not count.
func (p *program) unknownReadIf(stop *stopper, v served) (set, from ast.Node) {
	set = p.setAfterIf(stop, v, func(s fieldSet) bool {
		w, n := p.timeoutShownAt(s.value, 0)
		if w != shownUnknown || !setUnderCondition(s) || p.valueReplaced(s.value) || p.testedNonZero(s) {
			return false
		}
		if from = n; from == nil {
			from = s.value
		}
		return true
	})
	return set, from
}

// unseenSet returns a set of one of readFields on the server v to a value not shown
// positive (see timeoutShownAt) that the reading of its literal does not see, while
// the other field gets no positive value (see setAfterIf): one in a function of the
// program the server is passed to (tune(srv) with s.ReadHeaderTimeout = 0 there, see
// setThrough; for Echo, one on e.Server outside the function that declares the
// instance), or one after the literal in the function that builds it through another
// name for the server (s2 := srv, a list holding it, the variable of a range over
// one; see serverAliases). A set in a function the server is passed to counts only
// when a call in the function that builds it is given the server, or a selector of
// it (e, e.Server), after timed, the positive value it has there. w is shownZero for
// a set of zero or a negative value not under a condition, in a function called on
// every path from the one that builds the server (see calledAlways); shownSomePaths
// for such a value that may not be set (under a condition, or in a function called
// under one); shownUnknown for a value not told.
func (p *program) unseenSet(stop *stopper, v served, timed ast.Node) (set ast.Node, w shown) {
	home := v.fn
	names := map[string]bool{}
	if v.echo != nil {
		home = p.echoHome(*v.echo)
		if recv, ok := rootIdent(v.echo.handler); ok {
			names[recv] = true
		}
	} else if v.fn != nil {
		names = p.serverAliases(v)
		for name := range p.defs[v.fn] {
			if p.holding(v.fn, v.expr)(ast.NewIdent(name)) {
				names[name] = true
			}
		}
	}
	body := funcBody(home)
	passedAfter := body == nil || !encloses(body, timed) || slices.ContainsFunc(p.calls, func(c call) bool {
		return c.fn == home && c.expr.Pos() > timed.End() && slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool {
			a = unparen(a)
			if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
				a = unparen(u.X)
			}
			for {
				sel, ok := a.(*ast.SelectorExpr)
				if !ok {
					break
				}
				a = unparen(sel.X)
			}
			id, ok := a.(*ast.Ident)
			return ok && names[id.Name]
		})
	})
	var got fieldSet
	unshown := func(s fieldSet) bool {
		if w, _ = p.timeoutShownAt(s.value, 0); w.timed() {
			return false
		}
		if w == shownZero && (setUnderCondition(s) || !p.calledAlways(s.fn, home, map[ast.Node]bool{})) {
			w = shownSomePaths
		} else if w != shownZero {
			w = shownUnknown
		}
		got = s
		return true
	}
	if passedAfter {
		if n := p.setAfterIf(stop, v, func(s fieldSet) bool { return s.fn != home && unshown(s) }); n != nil {
			return n, w
		}
	}
	if v.echo != nil || v.fn == nil {
		return nil, shownUnknown
	}
	aliases := p.serverAliases(v)
	if len(aliases) == 0 {
		return nil, shownUnknown
	}
	for i, f := range readFields {
		if x := p.servedField(v, readFields[1-i]); x != nil {
			if w, _ := p.timeoutShownAt(x, 0); w.timed() {
				continue
			}
		}
		for _, s := range p.setsOf(f) {
			root, ok := rootIdent(s.target)
			if s.fn == v.fn && s.node.Pos() > v.expr.End() && ok && aliases[root] && !stop.stopped() && unshown(s) {
				return got.node, w
			}
		}
	}
	return nil, shownUnknown
}

// setInLit returns a set of one of readFields, to a value not shown positive, on the
// server v, made in a function literal of the function that builds it while the
// other field gets no positive value from the literal: on a variable holding the
// server there (a flag callback with srv.ReadHeaderTimeout = 0,
// func() { srv.ReadHeaderTimeout = 0 }()), or in a function of the program the
// literal passes it to (setup := func() { tune(srv) }, see setThrough); or nil.
// For a server a package-level variable holds (var srv = http.Server{...}), such a
// set in any function of its package that does not declare a variable of that name
// counts, in a literal or not. Whether and when main's flow runs the set is not
// told: the timeout is UNKNOWN. in is the function the set is found from (the
// literal, or the function of the package).
func (p *program) setInLit(v served) (set, in ast.Node) {
	if v.echo != nil {
		return nil, nil
	}
	fields := p.untimedOther(v)
	if v.fn == nil {
		name := globalHolding(v)
		if name == "" {
			return nil, nil
		}
		holds := func(e ast.Expr) bool { root, ok := rootIdent(e); return ok && root == name }
		seen := map[ast.Node]bool{}
		var found ast.Node
		look := func(s site) {
			if found != nil || s.fn == nil || seen[s.fn] || s.file.pkg.ImportPath != v.file.pkg.ImportPath || !p.declaringNone(s.fn, name) {
				return
			}
			seen[s.fn] = true
			if found = p.zeroedIn(fields, s.fn, holds); found != nil {
				in = s.fn
			}
		}
		for _, f := range readFields {
			for _, s := range p.setsOf(f) {
				look(s.site)
			}
		}
		for _, c := range p.calls {
			look(c.site)
		}
		return found, in
	}
	body := funcBody(v.fn)
	if body == nil {
		return nil, nil
	}
	names := p.serverAliases(v)
	for name := range p.defs[v.fn] {
		if p.holding(v.fn, v.expr)(ast.NewIdent(name)) {
			names[name] = true
		}
	}
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		lit, ok := n.(*ast.FuncLit)
		if !ok || found != nil {
			return found == nil
		}
		if found = p.zeroedIn(fields, lit, func(e ast.Expr) bool {
			root, ok := rootIdent(e)
			return ok && names[root] && !declaresOwn(lit, root)
		}); found != nil {
			in = lit
		}
		return found == nil
	})
	return found, in
}

// packageLitSet returns a set of one of readFields, to a value not shown positive,
// while the other field gets no positive value on the server v, made in a function
// literal that a package-level variable holds (var reset = func() {
// srv.ReadHeaderTimeout = 0 }, a literal in its composite literal too): on anything
// (the server, an element of a list or another name for it, a parameter of the
// literal), or in a function of the program the literal hands a value to (tune(srv),
// see setThrough); or nil. The index gives such a literal no enclosing function (its
// sites have fn nil), so which server the set reaches, and whether and when main's
// flow calls the literal, are not followed: the timeout is UNKNOWN. Nor are the
// names the literal's code reads (its locals and parameters have no function either):
// a value set there is shown positive only as a constant (10 * time.Second, a
// package-level constant). A call of a package-level initializer outside a literal
// (var _ = tune(srv)) has no function either, and counts the same. in is the
// literal, or the declaration holding that call.
func (p *program) packageLitSet(v served) (set, in ast.Node) {
	fields := p.untimedOther(v)
	match := func(s fieldSet) bool {
		if !slices.Contains(fields, s.field) {
			return false
		}
		if s.fn == nil {
			w, _, isConst := p.constShown(durationShown, s.value)
			return !isConst || !w.timed()
		}
		w, _ := p.timeoutShownAt(s.value, 0)
		return !w.timed()
	}
	for _, f := range fields {
		for _, s := range p.setsIn(nil, f) {
			if lit := packageLit(s.file, s.node); lit != nil && match(s) {
				return s.node, lit
			}
		}
	}
	for _, c := range p.callsIn(nil) {
		handed := func(e ast.Expr) bool { return slices.Contains(c.expr.Args, e) }
		if set := p.setThrough(nil, handed, fields, match, map[ast.Node]bool{}); set != nil {
			if lit := packageLit(c.file, c.node); lit != nil {
				return set, lit
			}
			if g := packageDecl(c.file, c.node); g != nil {
				return set, g
			}
		}
	}
	return nil, nil
}

// packageDecl returns the package-level declaration of pf that holds n, or nil.
func packageDecl(pf *pfile, n ast.Node) *ast.GenDecl {
	for _, d := range pf.f.Syntax.Decls {
		if g, ok := d.(*ast.GenDecl); ok && encloses(g, n) {
			return g
		}
	}
	return nil
}

// packageLit returns the outermost function literal of a package-level declaration
// of pf that holds n, or nil.
func packageLit(pf *pfile, n ast.Node) *ast.FuncLit {
	g := packageDecl(pf, n)
	if g == nil {
		return nil
	}
	var found *ast.FuncLit
	ast.Inspect(g, func(x ast.Node) bool {
		if fl, ok := x.(*ast.FuncLit); ok && found == nil && encloses(fl, n) {
			found = fl
		}
		return found == nil
	})
	return found
}

// elementSet returns a set of one of readFields, to a value not shown positive, on
// the server v through an element of a slice or map or through a pointer written
// out (servers[0].ReadHeaderTimeout = 0, m["a"].ReadTimeout = 0,
// (*p).ReadHeaderTimeout = 0), while the other field gets no positive value from the
// literal: on a variable that holds the server, may hold it (see serverAliases) or
// holds the list or map whose element its literal is, after the literal in the
// function that builds it (a function literal there included); for a server that a
// package-level variable holds, or holds in a list or map, in any function of its
// package that does not declare a variable of that name; or nil. So does such a set
// on a variable taken from that list or map (s := servers[0], p := &servers[0], all
// := servers, the variables of a range over it; see aliasesFrom), or made in a
// function of the program such a variable or an element is given to (tune(s),
// tune(servers[0]); see setThrough), or the list itself (zero(servers), whose
// parameter is read there as the list). Which server such a set reaches is not
// followed: the timeout is UNKNOWN.
func (p *program) elementSet(v served) ast.Node {
	if v.echo != nil {
		return nil
	}
	fields := p.untimedOther(v)
	unshown := func(s fieldSet) bool { w, _ := p.timeoutShownAt(s.value, 0); return !w.timed() }
	// setOn looks in fns, functions of body, for such a set after the position
	// after, through an element or a pointer of a variable of names or taken, or
	// on a variable of taken, or in a function given one of those (an element, or a
	// variable of taken, the list included: in the function of the program it is
	// given to, its parameter is then read as the list). seen holds the functions
	// already read.
	var setOn func(fns []ast.Node, names, taken map[string]bool, after token.Pos, seen map[ast.Node]bool) ast.Node
	setOn = func(fns []ast.Node, names, taken map[string]bool, after token.Pos, seen map[ast.Node]bool) ast.Node {
		reached := func(fn ast.Node, e ast.Expr) bool {
			if e.Pos() <= after {
				return false
			}
			root, through := elementRoot(e)
			if through {
				return (names[root] || taken[root]) && p.heldElement(fn, e) == nil
			}
			return taken[root]
		}
		for _, fn := range fns {
			for _, f := range fields {
				for _, s := range p.setsIn(fn, f) {
					if reached(fn, s.target) && unshown(s) {
						return s.node
					}
				}
			}
			passed := func(a ast.Expr) bool {
				a = unparen(a)
				if u, ok := a.(*ast.UnaryExpr); ok && u.Op == token.AND {
					a = unparen(u.X)
				}
				switch a.(type) {
				case *ast.Ident, *ast.IndexExpr, *ast.StarExpr: // the value, not a field of it
					return reached(fn, a)
				}
				return false
			}
			if set := p.setThrough(fn, passed, fields, unshown, map[ast.Node]bool{}); set != nil {
				return set
			}
			for _, c := range p.callsIn(fn) {
				fd, ok := p.funcs[p.funcID(c.file, c.expr.Fun)]
				if !ok || seen[fd.node] || fd.node.Body == nil || c.expr.Pos() <= after {
					continue
				}
				params := paramNames(fd.node.Type)
				for i, a := range c.expr.Args {
					if id, ok := unparen(a).(*ast.Ident); !ok || !taken[id.Name] || i >= len(params) || params[i] == "_" {
						continue
					}
					seen[fd.node] = true
					inner := withLits(fd.node)
					list := map[string]bool{params[i]: true}
					innerTaken := p.aliasesFrom(inner, fd.node.Body, list, token.NoPos)
					if innerTaken == nil {
						innerTaken = map[string]bool{}
					}
					innerTaken[params[i]] = true
					if set := setOn(inner, list, innerTaken, token.NoPos, seen); set != nil {
						return set
					}
				}
			}
		}
		return nil
	}
	if v.fn != nil {
		body := funcBody(v.fn)
		if body == nil {
			return nil
		}
		names, lists := map[string]bool{}, map[string]bool{}
		for name := range p.serverAliases(v) {
			names[name] = true
		}
		holds := p.holding(v.fn, v.expr)
		for name, defs := range p.defs[v.fn] {
			if slices.ContainsFunc(defs, func(d ast.Expr) bool { return encloses(d, v.expr) }) {
				names[name] = true
				if !holds(ast.NewIdent(name)) {
					lists[name] = true
				}
			}
		}
		fns := withLits(v.fn)
		taken := p.aliasesFrom(fns, body, lists, v.expr.End())
		if taken == nil {
			taken = map[string]bool{}
		}
		maps.Copy(taken, lists)
		return setOn(fns, names, taken, v.expr.End(), map[ast.Node]bool{})
	}
	name := globalEnclosing(v)
	if name == "" {
		return nil
	}
	for _, pf := range p.files {
		if pf.pkg.ImportPath != v.file.pkg.ImportPath {
			continue
		}
		for _, d := range pf.f.Syntax.Decls {
			// the functions of the package: those declared, and the function
			// literals of the values of package-level variables
			var tops []ast.Node
			ast.Inspect(d, func(n ast.Node) bool {
				switch n.(type) {
				case *ast.FuncDecl, *ast.FuncLit:
					tops = append(tops, n)
					return false
				}
				return true
			})
			for _, top := range tops {
				body := funcBody(top)
				if body == nil || !p.declaringNone(top, name) {
					continue
				}
				fns := slices.DeleteFunc(withLits(top), func(fn ast.Node) bool { return !p.declaringNone(fn, name) })
				global := map[string]bool{name: true}
				taken := p.aliasesFrom(fns, body, global, token.NoPos)
				if taken == nil {
					taken = map[string]bool{}
				}
				taken[name] = name != globalHolding(v) // a list, not the server
				if set := setOn(fns, global, taken, token.NoPos, map[ast.Node]bool{}); set != nil {
					return set
				}
			}
		}
	}
	return nil
}

// withLits returns fn and the function literals written in it.
func withLits(fn ast.Node) []ast.Node {
	fns := []ast.Node{fn}
	if body := funcBody(fn); body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok {
				fns = append(fns, lit)
			}
			return true
		})
	}
	return fns
}

// elementRoot returns the variable that e, the target of a set (x in x.F = v), is
// selected from through an index or a pointer written out (servers[0], m["a"].srv,
// (*p)); false when e is none of those or is rooted in no variable.
func elementRoot(e ast.Expr) (string, bool) {
	through := false
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x.Name, through
		case *ast.SelectorExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.IndexExpr:
			e, through = x.X, true
		case *ast.StarExpr:
			e, through = x.X, true
		default:
			return "", false
		}
	}
}

// zeroBeforeServe reports whether set, which setInLit found in in for the server v
// that a package-level variable holds, surely runs before the server serves and
// leaves it with no read timeout: a zero or negative value (not one this audit cannot
// tell) assigned to the variable's field in func main of package main, by a statement
// of main's body itself (under no condition, in no loop or function literal), with
// nothing before it there that may serve the server (a go statement, a call of a
// function or method of the program, a use of the variable but a data field: see
// servedBefore), no init function of the package starting a goroutine, and nothing
// else that may set the field again: no other set of a read field on the variable in
// its package but those of main before it, no call in the package that gives the
// variable to a function or method of the program, and no use of it but through its
// fields and methods (see aliasedIn) in a function of its package that declares no
// variable of that name (main's body, tune() taking s := &srv after the zero) or in
// the value of a package-level variable (var alias = &srv). It is then no timeout, as
// for a local server.
func (p *program) zeroBeforeServe(v served, set, in ast.Node) bool {
	fd, ok := in.(*ast.FuncDecl)
	name := globalHolding(v)
	if !ok || fd.Recv != nil || fd.Name.Name != "main" || v.file.f.Syntax.Name.Name != "main" || fd.Body == nil || name == "" {
		return false
	}
	var s fieldSet
	found := false
	for _, f := range readFields {
		for _, x := range p.setsIn(fd, f) {
			if x.node == set {
				s, found = x, true
			}
		}
	}
	if !found || !slices.ContainsFunc(fd.Body.List, func(st ast.Stmt) bool { _, ok := st.(*ast.AssignStmt); return ok && encloses(st, s.node) }) {
		return false
	}
	if w, _ := p.timeoutShownAt(s.value, 0); w != shownZero || p.servedBefore(fd, fd.Body.Pos(), s, "") {
		return false
	}
	ofProgram := func(c call) bool {
		if c.recv != nil {
			return len(p.methods[c.name]) > 0
		}
		_, ok := p.funcs[p.funcID(c.file, c.expr.Fun)]
		return ok
	}
	samePkg := func(st site) bool { return st.file.pkg.ImportPath == v.file.pkg.ImportPath }
	for _, c := range p.calls {
		if !samePkg(c.site) || !ofProgram(c) {
			continue
		}
		if encloses(fd.Body, c.expr) && c.expr.Pos() < s.node.Pos() || slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return mentions(a, name) }) {
			return false
		}
	}
	early := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok && g.Pos() < s.node.Pos() {
			early = true
		}
		return !early
	})
	aliased := false
	for _, pf := range p.files {
		if pf.pkg.ImportPath != v.file.pkg.ImportPath {
			continue
		}
		for _, d := range pf.f.Syntax.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				if d.Recv == nil && d.Name.Name == "init" {
					ast.Inspect(d.Body, func(n ast.Node) bool {
						_, ok := n.(*ast.GoStmt)
						early = early || ok
						return !early
					})
				}
				aliased = aliased || p.declaringNone(d, name) && aliasedIn(d.Body, name)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						aliased = aliased || slices.ContainsFunc(vs.Values, func(e ast.Expr) bool { return aliasedIn(e, name) })
					}
				}
			}
		}
	}
	if early || aliased {
		return false
	}
	for _, f := range readFields {
		for _, x := range p.setsOf(f) {
			if root, ok := rootIdent(x.target); !ok || root != name || !samePkg(x.site) || x.node == s.node || x.fn == fd && x.node.Pos() < s.node.Pos() || !p.declaringNone(x.fn, name) {
				continue
			}
			return false
		}
	}
	return true
}

// aliasedIn reports whether body uses the variable name other than through one of
// its fields or methods (srv.ReadHeaderTimeout = 0, srv.Addr, srv.ListenAndServe()),
// the uses this audit reads: as a value of its own (s := srv, &srv, tune(srv), a new
// variable of that name) or through a field's address (p := &srv.ReadHeaderTimeout),
// which a later write (s.ReadHeaderTimeout = time.Second, *p = time.Second) may set
// the server's field through unseen.
func aliasedIn(body ast.Node, name string) bool {
	found := false
	var stack []ast.Node // the nodes visited and those above them
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if found {
			return false
		}
		stack = append(stack, n)
		if !isName(n, name) {
			return true
		}
		k := len(stack) - 2 // the node above n, past parentheses
		for k >= 0 {
			if _, ok := stack[k].(*ast.ParenExpr); !ok {
				break
			}
			k--
		}
		var sel *ast.SelectorExpr
		if k >= 0 {
			sel, _ = stack[k].(*ast.SelectorExpr)
		}
		switch {
		case sel == nil:
			found = true // the variable itself
			return true
		case sel.Sel == n:
			return true // x.srv: a field or method of that name
		}
		for k--; k >= 0; k-- {
			switch up := stack[k].(type) {
			case *ast.ParenExpr, *ast.SelectorExpr, *ast.IndexExpr, *ast.StarExpr:
				continue
			case *ast.UnaryExpr:
				found = up.Op == token.AND // a field's address
			}
			break
		}
		return true
	})
	return found
}

// funcNamed names fn, a function of the program, for a message: "the function
// literal at main.go:12", "func tune (main.go:20)" or "method debug (main.go:24)";
// or a package-level declaration whose initializer runs code (see packageLitSet),
// "the package-level declaration at main.go:8".
func (p *program) funcNamed(fn ast.Node) string {
	at := p.at(fn)
	switch x := fn.(type) {
	case *ast.FuncDecl:
		kind := "func"
		if x.Recv != nil {
			kind = "method"
		}
		return fmt.Sprintf("%s %s (%s:%d)", kind, x.Name.Name, at.File, at.Line)
	case *ast.GenDecl:
		return fmt.Sprintf("the package-level declaration at %s:%d", at.File, at.Line)
	}
	return fmt.Sprintf("the function literal at %s:%d", at.File, at.Line)
}

// untimedOther returns the readFields whose other field gets no positive value on
// the server v, those zeroedIn looks for.
func (p *program) untimedOther(v served) []string {
	var out []string
	for i, f := range readFields {
		if x := p.servedField(v, readFields[1-i]); x != nil {
			if w, _ := p.timeoutShownAt(x, 0); w.timed() {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// zeroedIn returns a set in fn of one of fields (see untimedOther), to a value not
// shown positive, on what holds reports (the server v), or in a function of the
// program fn passes it to (tune(srv), tune(&srv); see setThrough); or nil. A set
// that a later one in fn always replaces (see setReplaced) counts for nothing.
func (p *program) zeroedIn(fields []string, fn ast.Node, holds func(ast.Expr) bool) ast.Node {
	passed := func(e ast.Expr) bool {
		e = unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
			e = unparen(u.X)
		}
		id, ok := e.(*ast.Ident)
		return ok && holds(id)
	}
	for _, f := range fields {
		match := func(s fieldSet) bool {
			w, _ := p.timeoutShownAt(s.value, 0)
			return s.field == f && !w.timed()
		}
		for _, s := range p.setsIn(fn, f) {
			if holds(s.target) && match(s) && !p.setReplaced(s) {
				return s.node
			}
		}
		if set := p.setThrough(fn, passed, []string{f}, match, map[ast.Node]bool{}); set != nil {
			return set
		}
	}
	return nil
}

// globalHolding returns the package-level variable whose declaration is v's literal
// (var srv = http.Server{...}, or &http.Server{...}), or "".
func globalHolding(v served) string {
	return globalDeclaring(v, func(val ast.Expr) bool {
		val = unparen(val)
		if u, ok := val.(*ast.UnaryExpr); ok && u.Op == token.AND {
			val = unparen(u.X)
		}
		return val == v.expr
	})
}

// globalEnclosing returns the package-level variable whose declared value holds v's
// literal, as that value or within it (var servers = []*http.Server{{...}}), or "".
func globalEnclosing(v served) string {
	return globalDeclaring(v, func(val ast.Expr) bool { return encloses(val, v.expr) })
}

// globalDeclaring returns the package-level variable of v's file declared with a
// value that holds accepts, or "".
func globalDeclaring(v served, holds func(ast.Expr) bool) string {
	for _, d := range v.file.f.Syntax.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, val := range vs.Values {
				if holds(val) && i < len(vs.Names) {
					return vs.Names[i].Name
				}
			}
		}
	}
	return ""
}

// calledAlways reports whether fn, a function home reaches through calls, is called
// only where its caller's code runs: every call of it by name or as a method of that
// name (see calling; in code main's flow runs) is not under a condition (an if or else branch, a
// switch or select case), nor is a call of the function that holds it, up to home. A
// set made in fn, dev(srv) under if os.Getenv("DEV") != "", may then not run. A
// function literal is called always when the function holding it is and builds it
// not under a condition (an option appended under if *profiling is not). seen holds
// the functions already read.
func (p *program) calledAlways(fn, home ast.Node, seen map[ast.Node]bool) bool {
	if fn == home || seen[fn] {
		return true
	}
	seen[fn] = true
	if lit, ok := fn.(*ast.FuncLit); ok {
		// A function literal (an option WithoutTimeouts returns) runs only where the
		// function holding it may: not when built under a condition there.
		outer := p.parent[lit]
		body := funcBody(outer)
		return body != nil && !conditional(body, lit) && p.calledAlways(outer, home, seen)
	}
	fd, isDecl := fn.(*ast.FuncDecl)
	if !isDecl {
		return true
	}
	for _, c := range p.calls {
		if c.fn == nil || !p.calling(c, fd) || !p.runs(c.site) {
			continue
		}
		if body := funcBody(c.fn); body != nil && conditional(body, c.expr) || !p.calledAlways(c.fn, home, seen) {
			return false
		}
	}
	return true
}

// conditional reports whether n, code of the function whose body is body, runs only
// under a condition: in an if or else branch, a switch case or a select case.
func conditional(body *ast.BlockStmt, n ast.Node) bool {
	for _, o := range enclosing(body, n) {
		switch x := o.(type) {
		case *ast.IfStmt:
			if encloses(x.Body, n) || x.Else != nil && encloses(x.Else, n) {
				return true
			}
		case *ast.CaseClause, *ast.CommClause:
			return true
		}
	}
	return false
}

// serverAliases returns the variables of the function that builds the literal of v,
// other than those assigned it, that may hold its server: assigned a value that names
// one that holds it (s2 := srv, servers := []*http.Server{srv}), or the variables of a
// range over such a value (see aliasesFrom).
func (p *program) serverAliases(v served) map[string]bool {
	holds := p.holding(v.fn, v.expr)
	named := map[string]bool{} // the variables that hold the server
	for name := range p.defs[v.fn] {
		if holds(ast.NewIdent(name)) {
			named[name] = true
		}
	}
	return p.aliasesFrom([]ast.Node{v.fn}, funcBody(v.fn), named, v.expr.End())
}

// aliasesFrom returns the variables, other than those of named, that may hold what
// those of named hold, or part of it: a variable of one of fns assigned after the
// position after a value that names one of named or of those found so (s := srv,
// s := servers[0], all := servers), or a variable of a range in body over such a
// value (for _, s := range servers); nil when named is empty.
func (p *program) aliasesFrom(fns []ast.Node, body *ast.BlockStmt, named map[string]bool, after token.Pos) map[string]bool {
	if len(named) == 0 {
		return nil
	}
	named = maps.Clone(named) // and those found
	namesOne := func(e ast.Node) bool {
		for n := range named {
			if mentions(e, n) {
				return true
			}
		}
		return false
	}
	aliases := map[string]bool{}
	add := func(name string) bool {
		if named[name] {
			return false
		}
		named[name], aliases[name] = true, true
		return true
	}
	for grew := true; grew; {
		grew = false
		for _, fn := range fns {
			for name, defs := range p.defs[fn] {
				if !named[name] && slices.ContainsFunc(defs, func(d ast.Expr) bool { return d.Pos() > after && namesOne(d) }) {
					grew = add(name) || grew
				}
			}
		}
		if body == nil {
			continue
		}
		ast.Inspect(body, func(n ast.Node) bool {
			r, ok := n.(*ast.RangeStmt)
			if !ok || !namesOne(r.X) {
				return true
			}
			for _, e := range []ast.Expr{r.Key, r.Value} {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					grew = add(id.Name) || grew
				}
			}
			return true
		})
	}
	return aliases
}

// setAfterIf returns where one of readFields is set on the server v by a set that
// match accepts, while the other field gets no positive value (see valueShown): none
// the literal or the sets after it leave it with, and none set not under a condition;
// or nil.
func (p *program) setAfterIf(stop *stopper, v served, match func(fieldSet) bool) ast.Node {
	positive := func(e ast.Expr) bool { w, _ := p.timeoutShownAt(e, 0); return w.timed() }
	for i, f := range readFields {
		other := readFields[1-i]
		if x := p.servedField(v, other); x != nil && positive(x) {
			continue
		}
		if p.servedSet(v, func(e ast.Expr) bool {
			k := slices.IndexFunc(p.sets, func(s fieldSet) bool { return s.value == e })
			return positive(e) && (k < 0 || !setUnderCondition(p.sets[k]))
		}, other) != nil {
			continue
		}
		matched := func(e ast.Expr) bool {
			if stop.stopped() {
				return false
			}
			k := slices.IndexFunc(p.sets, func(s fieldSet) bool { return s.value == e })
			return k >= 0 && match(p.sets[k])
		}
		for _, s := range p.servedSets(v, f) { // whatever the literal sets
			if matched(s.value) {
				return s.node
			}
		}
		if n := p.servedSet(v, matched, f); n != nil {
			return n
		}
	}
	return nil
}

// zeroUnder reports whether s sets a read timeout of zero or a negative value (a
// constant, or a value followed to one, see durationShown; the value of a flag whose
// default is zero, which is zero unless the flag is given, with the flag's definition
// as flag) under a condition that leaves the field as it was on the other path (see
// setUnderCondition; a condition that reads the field, if srv.ReadHeaderTimeout == 0,
// fills a default), the set not always replaced later (see valueReplaced), and not
// under a condition that is false where the value is zero (see testedNonZero: if *rht
// > 0 { srv.ReadHeaderTimeout = *rht } sets only a positive one). always tells that
// every path sets such a value that is not a flag's (see onEveryPath): the field is
// then certainly zero.
func (p *program) zeroUnder(s fieldSet) (under, always bool, flag ast.Node) {
	zero := func(e ast.Expr) (bool, ast.Node) {
		v, n := p.timeoutShownAt(e, 0)
		if v != shownZero {
			return false, nil
		}
		if p.zeroFlag(n) != "" {
			return true, n
		}
		return true, nil
	}
	isZero, from := zero(s.value)
	if !isZero || !setUnderCondition(s) || p.valueReplaced(s.value) || p.testedNonZero(s) {
		return false, false, nil
	}
	always = from == nil && p.onEveryPath(s, []string{s.field}, func(e ast.Expr) bool { z, f := zero(e); return z && f == nil })
	return true, always, from
}

// testedNonZero reports whether the assignment s runs only where the value it assigns
// is not zero, so that the value set there is never zero: under an if whose condition
// is false where the value is zero (see atZero: if *rht > 0 { srv.ReadHeaderTimeout =
// *rht }), in the else of one whose condition holds there (if *rht <= 0 { ... } else {
// srv.ReadHeaderTimeout = *rht }), or in a case of a switch that does not run for it
// (see caseSkipsZero: switch *rht { case 0: ...; default: srv.ReadHeaderTimeout = *rht
// }). The value is told as written (*rht, cfg.ReadHeaderTimeout) or by another name
// the init statement of an if or switch holding s gives it (see aliasesIn: if v :=
// *rht; v > 0 { srv.ReadHeaderTimeout = *rht }), and nothing between that statement
// (or the if or switch that decides) and s may change it (see changesAny). A
// condition that holds for zero too (*rht >= 0, *rht < time.Minute, *rht > 0 || dev)
// does not count, nor a case any of whose expressions holds for it.
func (p *program) testedNonZero(s fieldSet) bool {
	body := funcBody(s.fn)
	if body == nil {
		return false
	}
	names := []ast.Expr{unparen(s.value)} // the value, and the other names it has
	same := func(e ast.Expr) bool {
		return slices.ContainsFunc(names, func(n ast.Expr) bool { return types.ExprString(n) == types.ExprString(unparen(e)) })
	}
	var named token.Pos // the end of the first init statement that gave it another name
	namedAt := 0        // the index in outer of the statement that has it
	outer := enclosing(body, s.node)
	for k, n := range outer {
		var init ast.Stmt
		decided := false
		switch x := n.(type) {
		case *ast.IfStmt:
			init = x.Init
			names = aliasesIn(init, names, same)
			decided = encloses(x.Body, s.node) && p.atZero(x.Cond, same, false) ||
				x.Else != nil && encloses(x.Else, s.node) && p.atZero(x.Cond, same, true)
		case *ast.SwitchStmt:
			init = x.Init
			names = aliasesIn(init, names, same)
			decided = p.caseSkipsZero(x, s.node, same)
		default:
			continue
		}
		from := n.Pos()
		if init != nil {
			from = init.End()
		}
		if named == token.NoPos {
			namedAt = k
			if len(names) > 1 {
				named = from
			}
		}
		if !decided {
			continue
		}
		// A call between must not reach the value set, nor the name tested. When the
		// names come from an init of an outer if or switch, each may carry the value
		// from there to here: all count then.
		reached := names
		if namedAt == k {
			reached = append([]ast.Expr{unparen(s.value)}, namedIn(n, names)...)
		}
		if !p.changesAny(s, body, min(from, cmp.Or(named, from)), s.node.Pos(), names, reached, offPath(outer[namedAt:], s.node)) {
			return true
		}
	}
	return false
}

// namedIn returns those of names (as written) that the condition of the if or switch
// statement n reads: its condition, or its tag and the expressions of its cases.
func namedIn(n ast.Node, names []ast.Expr) []ast.Expr {
	var exprs []ast.Expr
	switch x := n.(type) {
	case *ast.IfStmt:
		exprs = []ast.Expr{x.Cond}
	case *ast.SwitchStmt:
		if x.Tag != nil {
			exprs = append(exprs, x.Tag)
		}
		for _, c := range x.Body.List {
			exprs = append(exprs, c.(*ast.CaseClause).List...)
		}
	}
	var out []ast.Expr
	for _, name := range names {
		written := types.ExprString(name)
		if slices.ContainsFunc(exprs, func(e ast.Expr) bool {
			found := false
			ast.Inspect(e, func(x ast.Node) bool {
				if y, ok := x.(ast.Expr); ok && types.ExprString(unparen(y)) == written {
					found = true
				}
				return !found
			})
			return found
		}) {
			out = append(out, name)
		}
	}
	return out
}

// aliasesIn returns names, the names a value has, with those init (the init statement
// of an if or switch) gives it: a name declared to hold one of them (v := *rht) is
// added, as is what one of them is declared to hold; one of them declared to hold
// something else is dropped.
func aliasesIn(init ast.Stmt, names []ast.Expr, same func(ast.Expr) bool) []ast.Expr {
	a, ok := init.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE {
		return names
	}
	out := slices.Clone(names)
	for i, l := range a.Lhs {
		paired := len(a.Lhs) == len(a.Rhs)
		switch {
		case paired && same(l):
			out = append(out, unparen(a.Rhs[i]))
		case paired && same(a.Rhs[i]):
			out = append(out, l)
		default:
			out = slices.DeleteFunc(out, func(n ast.Expr) bool { return types.ExprString(n) == types.ExprString(l) })
		}
	}
	return out
}

// offPath returns the bodies of the if statements of outer (the nodes that enclose n,
// outermost first, from where a path to n starts) whose else holds n, which that path
// does not run: all but those in a loop of outer, whose earlier turns may run them.
func offPath(outer []ast.Node, n ast.Node) []ast.Node {
	var off []ast.Node
	for _, o := range outer {
		switch x := o.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return off
		case *ast.IfStmt:
			if x.Else != nil && encloses(x.Else, n) {
				off = append(off, x.Body)
			}
		}
	}
	return off
}

// changesAny reports whether something in body, code of the function of s, between
// the positions from and to, out of the nodes of off (see offPath), may change one of names or what holds it: an assignment,
// a declaration, ++ or -- of it, a range into it, or its address taken (*rht = 0
// between if *rht > 0 and a set of *rht sets zero). As this audit does not follow
// pointers, a write through any of them counts too (*p = 0, p := rht), as does a call
// that may reach one of reached (see quietCall, callReaches): flag.Set("read-header-timeout",
// "0"), or a function of the program that writes the flag; not logger.Info("...") between
// if v := *rht; v > 0 and srv.ReadHeaderTimeout = v.
func (p *program) changesAny(s fieldSet, body ast.Node, from, to token.Pos, names, reached []ast.Expr, off []ast.Node) bool {
	holders := map[string]bool{} // the names and what holds them, as text: *rht, rht; cfg.T, cfg
	for _, e := range names {
		for e = unparen(e); e != nil; {
			holders[types.ExprString(e)] = true
			switch x := e.(type) {
			case *ast.StarExpr:
				e = unparen(x.X)
			case *ast.SelectorExpr:
				e = unparen(x.X)
			case *ast.IndexExpr:
				e = unparen(x.X)
			default:
				e = nil
			}
		}
	}
	writes := func(es ...ast.Expr) bool {
		return slices.ContainsFunc(es, func(e ast.Expr) bool {
			if _, star := unparen(e).(*ast.StarExpr); star {
				return true // a write through a pointer, which may point to the value
			}
			return e != nil && holders[types.ExprString(unparen(e))]
		})
	}
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		if found || x == nil || x.End() <= from || x.Pos() >= to || slices.Contains(off, x) {
			return false
		}
		if x.Pos() < from {
			return true // the change is inside it, if anywhere
		}
		switch x := x.(type) {
		case *ast.AssignStmt:
			found = writes(x.Lhs...)
		case *ast.IncDecStmt:
			found = writes(x.X)
		case *ast.RangeStmt:
			found = writes(x.Key, x.Value)
		case *ast.ValueSpec:
			found = slices.ContainsFunc(x.Names, func(id *ast.Ident) bool { return holders[id.Name] })
		case *ast.UnaryExpr:
			found = x.Op == token.AND && holders[types.ExprString(unparen(x.X))]
		case *ast.CallExpr:
			found = !p.quietCall(s.file, s.fn, x) && slices.ContainsFunc(reached, func(e ast.Expr) bool { return p.callReaches(s, x, e) })
		}
		return !found
	})
	return found
}

// callReaches reports whether the call x, in the function of s, may change e, a name
// of the value s sets (as written): always, unless e is a local variable of that
// function, or a field of one held by value (cfg.ReadHeaderTimeout), that only an
// assignment there can change (see isolated) and x does not name it.
func (p *program) callReaches(s fieldSet, x *ast.CallExpr, e ast.Expr) bool {
	root, field := "", ""
	switch v := ast.Unparen(e).(type) {
	case *ast.Ident:
		root = v.Name
	case *ast.SelectorExpr:
		id, ok := ast.Unparen(v.X).(*ast.Ident)
		if !ok {
			return true
		}
		root, field = id.Name, v.Sel.Name
	default:
		return true
	}
	return mentions(x, root) || !p.isolated(s.file, s.fn, root, field)
}

// isolatedKey is what isolated is asked about.
type isolatedKey struct {
	fn          ast.Node
	root, field string
}

// isolated reports whether the variable root, as function fn (of file pf) sees it, is
// one that nothing but an assignment of it in fn can change, so that a call that
// does not name it cannot: a local variable or a parameter of fn itself (not of a
// function around it, whose other code may run beside fn), never addressed (&root,
// &root.F), named by a function literal of fn (which may assign it when called), nor
// selected otherwise than for a field (root.M(), or the method value root.M: a
// method may have a pointer receiver). With field, root is a struct held by value
// whose field that is: each assignment of it a composite literal (T{...}, or var cfg
// T) of a struct type of the program that declares field. Each function, variable
// and field is read once (p.isolatedOf).
func (p *program) isolated(pf *pfile, fn ast.Node, root, field string) bool {
	key := isolatedKey{fn, root, field}
	if v, ok := p.isolatedOf[key]; ok {
		return v
	}
	v := p.isolatedIn(pf, fn, root, field)
	if p.isolatedOf == nil {
		p.isolatedOf = map[isolatedKey]bool{}
	}
	p.isolatedOf[key] = v
	return v
}

// isolatedIn is isolated, read.
func (p *program) isolatedIn(pf *pfile, fn ast.Node, root, field string) bool {
	owner, defs, param := p.declaring(fn, root)
	body := funcBody(owner)
	if owner != fn || body == nil {
		return false
	}
	var typ ast.Expr // the struct type of root, with field
	if field != "" {
		if param >= 0 || len(defs) == 0 {
			return false
		}
		for _, d := range defs {
			cl, ok := ast.Unparen(d).(*ast.CompositeLit)
			if !ok || cl.Type == nil || !p.declaresField(pf, cl.Type, field) {
				return false
			}
			typ = cl.Type
		}
	}
	ok := true
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.UnaryExpr:
			r, rooted := rootIdent(x.X)
			ok = !(x.Op == token.AND && rooted && r == root)
		case *ast.FuncLit:
			ok = !mentions(x, root)
		case *ast.CallExpr:
			sel, isSel := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			ok = !(isSel && isName(ast.Unparen(sel.X), root))
		case *ast.SelectorExpr:
			ok = !isName(ast.Unparen(x.X), root) || typ != nil && p.declaresField(pf, typ, x.Sel.Name)
		}
		return ok
	})
	return ok
}

// quietCall reports whether the call x, in function fn of file pf, changes no
// variable of the program: a predeclared function that writes through none of its
// arguments (not append, clear, copy or delete), a conversion (time.Duration(n), or to
// a type of the package), one of quietFuncs, or one of quietLoggerMethods of a logger
// of package log or log/slog (see stdLogger), which print as those functions do.
func (p *program) quietCall(pf *pfile, fn ast.Node, x *ast.CallExpr) bool {
	switch fun := unparen(x.Fun).(type) {
	case *ast.Ident:
		if _, typ := p.types[pf.pkg.ImportPath+"."+fun.Name]; typ {
			return true
		}
		return slices.Contains(builtinFuncs, fun.Name) && !slices.Contains([]string{"append", "clear", "copy", "delete"}, fun.Name)
	case *ast.SelectorExpr:
		if pkg, name, ok := pf.qualified(fun); ok {
			return slices.Contains(quietFuncs[pkg], name)
		}
		return slices.Contains(quietLoggerMethods, fun.Sel.Name) && p.stdLogger(pf, fn, fun.X)
	}
	return false
}

// quietLoggerMethods are the methods of log.Logger and slog.Logger that print.
var quietLoggerMethods = []string{"Print", "Printf", "Println", "Debug", "DebugContext", "Info", "InfoContext", "Warn", "WarnContext", "Error", "ErrorContext", "Log", "LogAttrs"}

// stdLogger reports whether x, in function fn of file pf, is a logger of package log
// or log/slog (a *log.Logger or *slog.Logger): of such a type as the code tells it (a
// parameter, a field), or a variable every assignment of which (in its function, or
// for one of the package its declaration) is a call of log.New, log.Default, slog.New
// or slog.Default.
func (p *program) stdLogger(pf *pfile, fn ast.Node, x ast.Expr) bool {
	if t, tpf := p.typeOf(pf, fn, x, 0); t != nil {
		pkg, name, ok := tpf.qualified(baseType(t))
		return ok && (pkg == "log" || pkg == "log/slog") && name == "Logger"
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok {
		return false
	}
	var sources []decl[ast.Expr]
	for _, d := range p.defsOf(fn, id.Name) {
		sources = append(sources, decl[ast.Expr]{d, pf})
	}
	if len(sources) == 0 && p.declaringNone(fn, id.Name) {
		sources = p.globalValues(pf.pkg.ImportPath, id.Name)
	}
	return len(sources) > 0 && !slices.ContainsFunc(sources, func(d decl[ast.Expr]) bool {
		c, isCall := ast.Unparen(d.node).(*ast.CallExpr)
		if !isCall {
			return true
		}
		pkg, name, q := d.file.qualified(c.Fun)
		return !q || pkg != "log" && pkg != "log/slog" || name != "New" && name != "Default"
	})
}

// quietFuncs are the functions of the standard library, by package, that change no
// variable of the program they are called from: time.Duration, a conversion, the
// functions that format or print a message, and those that read the environment.
var quietFuncs = map[string][]string{
	"time":     {"Duration"},
	"fmt":      {"Errorf", "Print", "Printf", "Println", "Sprint", "Sprintf", "Sprintln"},
	"log":      {"Print", "Printf", "Println"},
	"log/slog": {"Debug", "Error", "Info", "Warn"},
	"os":       {"Getenv", "LookupEnv"},
}

// caseSkipsZero reports whether the case of switch sw that holds n does not run where
// the value (one of same) is zero: no case before it falls through into it, and its
// expressions are each false there, or a case before it (any case, for the default)
// has an expression that holds there, so that it is chosen instead. In a switch
// without a tag an expression is a condition (see atZero); in one whose tag is the
// value it is a numeric constant, which holds there when it is zero.
func (p *program) caseSkipsZero(sw *ast.SwitchStmt, n ast.Node, same func(ast.Expr) bool) bool {
	at := func(e ast.Expr, want bool) bool { return p.atZero(e, same, want) }
	if sw.Tag != nil {
		if !same(sw.Tag) {
			return false
		}
		at = func(e ast.Expr, want bool) bool {
			c, ok := p.constValue(e)
			return ok && numericConst(c) && (constant.Sign(c) == 0) == want
		}
	}
	i := slices.IndexFunc(sw.Body.List, func(c ast.Stmt) bool { return encloses(c, n) })
	if i < 0 {
		return false
	}
	c := sw.Body.List[i].(*ast.CaseClause)
	if i > 0 {
		prev := sw.Body.List[i-1].(*ast.CaseClause)
		if k := len(prev.Body); k > 0 {
			if b, ok := prev.Body[k-1].(*ast.BranchStmt); ok && b.Tok == token.FALLTHROUGH {
				return false
			}
		}
	}
	holds := func(o ast.Stmt) bool {
		return slices.ContainsFunc(o.(*ast.CaseClause).List, func(e ast.Expr) bool { return at(e, true) })
	}
	if c.List == nil {
		return slices.ContainsFunc(sw.Body.List, holds)
	}
	return !slices.ContainsFunc(c.List, func(e ast.Expr) bool { return !at(e, false) }) ||
		slices.ContainsFunc(sw.Body.List[:i], holds)
}

// atZero reports whether the condition cond is want (true or false) where the value
// (one of same, as written) is zero: a comparison of the value with a constant (see
// constValue; either way round, see comparedWith) that holds, or does not, for zero;
// a ! of a condition that is the other; an && false where one side is (true where
// both are), an || true where one side is (false where both are).
func (p *program) atZero(cond ast.Expr, same func(ast.Expr) bool, want bool) bool {
	switch c := unparen(cond).(type) {
	case *ast.UnaryExpr:
		return c.Op == token.NOT && p.atZero(c.X, same, !want)
	case *ast.BinaryExpr:
		switch {
		case c.Op == token.LAND && !want, c.Op == token.LOR && want:
			return p.atZero(c.X, same, want) || p.atZero(c.Y, same, want)
		case c.Op == token.LAND, c.Op == token.LOR:
			return p.atZero(c.X, same, want) && p.atZero(c.Y, same, want)
		}
		for _, side := range []ast.Expr{c.X, c.Y} {
			if !same(side) {
				continue
			}
			op, bound, ok := comparedWith(c, types.ExprString(unparen(side)))
			if !ok {
				return false
			}
			v, ok := p.constValue(bound)
			return ok && numericConst(v) && constant.Compare(constant.MakeInt64(0), op, v) == want
		}
	}
	return false
}

// comparedWith returns the comparison b (==, !=, <, <=, >, >=) as operand op bound,
// operand as written being one of its sides: 0 < x is x > 0. ok is false when b is
// no comparison or operand is neither side.
func comparedWith(b *ast.BinaryExpr, operand string) (op token.Token, bound ast.Expr, ok bool) {
	switch b.Op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return 0, nil, false
	}
	switch operand {
	case types.ExprString(unparen(b.X)):
		return b.Op, b.Y, true
	case types.ExprString(unparen(b.Y)):
		mirror := map[token.Token]token.Token{token.LSS: token.GTR, token.GTR: token.LSS, token.LEQ: token.GEQ, token.GEQ: token.LEQ}
		if m, ok := mirror[b.Op]; ok {
			return m, b.X, true
		}
		return b.Op, b.X, true
	}
	return 0, nil, false
}

// numericConst reports whether the constant v is a number (an integer or a float).
func numericConst(v constant.Value) bool {
	return v.Kind() == constant.Int || v.Kind() == constant.Float
}

// setAfter reports whether s, an assignment in the function of literal l, may run
// after l is built: it is written after l, or in a loop that holds l too (its next
// turn). One written before l is on another value of the variable that holds l (srv
// := &http.Server{...}; srv.ReadHeaderTimeout = -1; srv = &http.Server{...}).
func setAfter(l lit, s fieldSet) bool {
	if s.node.Pos() > l.expr.End() {
		return true
	}
	body := funcBody(l.fn)
	return body != nil && slices.ContainsFunc(enclosing(body, s.node), func(n ast.Node) bool {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return encloses(n, l.expr)
		}
		return false
	})
}

// fillsDefault reports whether st is an if statement that replaces the value of
// field set on target (as written) by later, a statement of its body, when value is
// what the field holds before it: if srv.ReadHeaderTimeout == 0 {
// srv.ReadHeaderTimeout = 5 * time.Second } fills a default for a zero. The condition
// compares the field with a constant (either way round); value is a constant (see
// constValue) or a value followed to one (see durationShown; the value of a flag whose
// default is zero counts as zero) for which the comparison holds; the if has no init
// and no else, and nothing before later in its body may leave it.
func (p *program) fillsDefault(st ast.Stmt, later fieldSet, value ast.Expr) bool {
	is, ok := st.(*ast.IfStmt)
	if !ok || is.Init != nil || is.Else != nil || later.target == nil {
		return false
	}
	i := slices.IndexFunc(is.Body.List, func(b ast.Stmt) bool { return b == later.node })
	if i < 0 || slices.ContainsFunc(is.Body.List[:i], mayLeave) {
		return false
	}
	cond, ok := unparen(is.Cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	op, bound, ok := comparedWith(cond, types.ExprString(unparen(later.target))+"."+later.field)
	if !ok {
		return false
	}
	c, ok := p.constValue(bound)
	if !ok {
		return false
	}
	v, ok := p.constValue(value)
	if !ok {
		shown, n := p.timeoutShownAt(value, 0)
		if shown != shownZero {
			return false
		}
		if p.zeroFlag(n) != "" {
			v, ok = constant.MakeInt64(0), true
		} else if e, isExpr := n.(ast.Expr); isExpr {
			v, ok = p.constValue(e)
		}
	}
	return ok && numericConst(v) && numericConst(c) && constant.Compare(v, op, c)
}

// zeroFlagsNote names flags, the flags of default zero a read timeout is set from
// under a condition, for the message of the timeouts check; "" when there are none.
func zeroFlagsNote(flags []string) string {
	if len(flags) == 0 {
		return ""
	}
	return " (or the value of a flag whose default is zero, " + strings.Join(dedupe(flags), ", ") + ", zero unless it is given)"
}

// litValueKept returns the value the literal l gives its field key when a later
// assignment replaces it (see litField) with a statement between them that may leave
// the function or serve with it first (see mayLeave; in the statement holding l, one
// after l, see mayLeaveAfter) or use what the assignment sets other than by a field
// (see usesHolder: first := srv; srv = &http.Server{...}), or when the two cannot be
// told apart in order; else nil. srv := &http.Server{ReadHeaderTimeout: -1}; if dev {
// log.Fatal(srv.ListenAndServe()) }; srv.ReadHeaderTimeout = 10 * time.Second serves
// with -1 where dev holds.
func (p *program) litValueKept(l lit, key string) ast.Expr {
	v, last := field(l.expr, key), p.litField(l, key)
	body := funcBody(l.fn)
	if v == nil || last == nil || last == v || body == nil {
		return nil
	}
	i := slices.IndexFunc(body.List, func(st ast.Stmt) bool { return encloses(st, l.expr) })
	j := slices.IndexFunc(body.List, func(st ast.Stmt) bool { return encloses(st, last) })
	if i < 0 || i >= j || mayLeaveAfter(body.List[i], l.expr) || slices.ContainsFunc(body.List[i+1:j], mayLeave) {
		return v
	}
	k := slices.IndexFunc(p.sets, func(s fieldSet) bool { return s.value == last })
	if k < 0 || slices.ContainsFunc(body.List[i+1:j], func(st ast.Stmt) bool { return usesHolder(st, nil, p.sets[k].target) }) {
		return v
	}
	return nil
}

// negativeConst reports whether e is a constant number below zero (see constValue).
func (p *program) negativeConst(e ast.Expr) bool {
	v, ok := p.constValue(e)
	return ok && (v.Kind() == constant.Int || v.Kind() == constant.Float) && constant.Sign(v) < 0
}

// isFieldPath reports whether e selects a field of a struct variable (see fieldPath).
func (p *program) isFieldPath(e ast.Expr) bool {
	pf, _ := p.enclosing(e.Pos())
	_, _, ok := p.fieldPath(pf, e)
	return ok
}

// readFields are the fields of http.Server that bound how long reading a request may take.
var readFields = []string{"ReadHeaderTimeout", "ReadTimeout"}

// serverTimeouts are the fields of net/http's Server that hold a timeout.
var serverTimeouts = []string{"ReadHeaderTimeout", "ReadTimeout", "WriteTimeout", "IdleTimeout"}

// readTimeout judges the read timeout the server v gets after it is built (see
// servedSet). set is where a value shown positive (see valueShown) is set, not
// under a condition that leaves the field as it was on the other path (see
// setUnderCondition; an earlier unconditional set of a positive value on the same
// variable keeps a timeout on that path, unless the later value is a variable zero
// on some paths, which replaces it on all of them; as does a set on every other path,
// see onEveryPath, of a positive value or of a flag's only where it is not zero). Else onlyIf is a set of a value not shown zero
// under such a condition; else unshown is a value this audit cannot tell, a struct
// field, and from where its value is lost. All are nil when the server gets no read
// timeout, or a zero one.
func (p *program) readTimeout(stop *stopper, v served) (set, onlyIf, unshown, from ast.Node) {
	setOf := func(e ast.Expr) (fieldSet, bool) {
		for _, s := range p.sets {
			if s.value == e {
				return s, true
			}
		}
		return fieldSet{}, false
	}
	tested := map[ast.Node]bool{} // testedNonZero of each set, by its statement
	nonZero := func(s fieldSet) bool {
		v, ok := tested[s.node]
		if !ok {
			v = p.testedNonZero(s)
			tested[s.node] = v
		}
		return v
	}
	positive := func(e ast.Expr) bool { w, _ := p.timeoutShownAt(e, 0); return w.timed() }
	// onItsPath tells a value positive, or one zero but for a flag given, set only
	// where it is not zero (see testedNonZero): if *rht <= 0 { srv.ReadHeaderTimeout =
	// 5 * time.Second } else { srv.ReadHeaderTimeout = *rht } sets one on every path.
	onItsPath := func(e ast.Expr) bool {
		if stop.stopped() {
			return false
		}
		w, _ := p.timeoutShownAt(e, 0)
		s, ok := setOf(e)
		return w.timed() || w == shownZero && ok && nonZero(s)
	}
	conditional := func(e ast.Expr) bool {
		if stop.stopped() {
			return false
		}
		if w, _ := p.timeoutShownAt(e, 0); w == shownSomePaths {
			return true // a variable set to zero on one path (timeout = 0 under an if)
		}
		s, ok := setOf(e)
		return ok && (setUnderCondition(s) && !(onItsPath(e) && p.onEveryPath(s, readFields, onItsPath)) || p.servedFirst(v, s))
	}
	if p.negativeHeaderTimeout(v) != nil {
		return nil, nil, nil, nil // no deadline on the headers, whatever ReadTimeout is
	}
	if set := p.servedSet(v, func(e ast.Expr) bool { return onItsPath(e) && !conditional(e) }, readFields...); set != nil {
		return set, nil, nil, nil
	}
	for _, f := range readFields {
		last := p.servedField(v, f)
		if last == nil || !conditional(last) {
			continue
		}
		if w, _ := p.timeoutShownAt(last, 0); w == shownSomePaths {
			continue // a variable zero on some paths replaces the earlier value on all of them
		}
		for _, s := range p.servedSets(v, f) {
			if s.value.Pos() < last.Pos() && !setUnderCondition(s) && !p.servedFirst(v, s) && positive(s.value) {
				return s.value, nil, nil, nil
			}
		}
	}
	if set := p.servedSet(v, func(e ast.Expr) bool { w, _ := p.timeoutShownAt(e, 0); return w != shownZero && conditional(e) }, readFields...); set != nil {
		return nil, set, nil, nil
	}
	if set := p.servedSet(v, func(e ast.Expr) bool { w, n := p.timeoutShownAt(e, 0); from = n; return w == shownUnknown }, readFields...); set != nil {
		return nil, nil, set, from
	}
	return nil, nil, nil, nil
}

// servedBefore reports whether s, an assignment in function fn, comes after something
// there that may serve the server it sets first, where it runs without the value
// (log.Fatal(srv.ListenAndServe()) under an if, go func() { srv.ListenAndServe() }(),
// serve(srv)): any use of the variable s sets, between from and s, other than to
// select a field of the server named in serverDataFields or to call one of
// serverQuietMethods on it. For the http.Server of an Echo v4 instance (s sets
// e.Server.ReadTimeout), instance is the instance's variable: a call of one of
// echoStarts on it (go e.Start(addr)) serves it too, while its other uses (e.GET,
// routes(e)) do not.
func (p *program) servedBefore(fn ast.Node, from token.Pos, s fieldSet, instance string) bool {
	body := funcBody(fn)
	if body == nil || s.fn != fn || s.target == nil || s.node.Pos() <= from {
		return false
	}
	holder := types.ExprString(unparen(s.target))
	found := false
	var stack []ast.Node // the nodes above the one visited
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if found || n.Pos() >= s.node.Pos() {
			return false
		}
		var parent ast.Node
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, n)
		x, ok := n.(ast.Expr)
		if !ok || x.Pos() < from {
			return true
		}
		sel, inSel := parent.(*ast.SelectorExpr)
		if inSel && sel.X == x {
			return true // the selector above is judged
		}
		if _, ok := x.(*ast.SelectorExpr); !ok {
			if _, ok := x.(*ast.Ident); !ok || inSel {
				return true
			}
		}
		text := types.ExprString(x)
		call, isCall := parent.(*ast.CallExpr)
		if instance != "" {
			start, onInstance := strings.CutPrefix(text, instance+".")
			if onInstance && isCall && call.Fun == x && (slices.Contains(echoStarts, start) || start == "StartServer") {
				found = true
				return true
			}
			if text == instance {
				return true // a router as well as a server
			}
		}
		rest, below := strings.CutPrefix(text, holder+".")
		if !strings.HasPrefix(holder+".", text+".") && !below {
			return true // another variable, or another field of what holds it
		}
		switch {
		case below && slices.Contains(serverDataFields, rest) && !(isCall && call.Fun == x):
		case below && isCall && call.Fun == x && slices.Contains(serverQuietMethods, rest):
		default:
			found = true
		}
		return true
	})
	return found
}

// serverDataFields are fields of http.Server a server is read by without serving it;
// serverQuietMethods are its methods that do not serve.
var (
	serverDataFields   = []string{"Addr", "Handler", "TLSConfig", "ReadTimeout", "ReadHeaderTimeout", "WriteTimeout", "IdleTimeout", "MaxHeaderBytes", "ErrorLog"}
	serverQuietMethods = []string{"RegisterOnShutdown", "SetKeepAlivesEnabled"}
)

// onEveryPath reports whether the set s, under a condition (see setUnderCondition), is
// one of sets made on every path through the outermost if or switch of its function
// that holds it: an if with an else (else if ... else included) or a switch with a
// default case, each branch of which sets one of fields on the same variable to a
// value good accepts (in the branch itself, or on every path of an if or switch in it)
// before anything that may leave it (a return, break, continue or goto, or a call),
// with nothing after it in the branch that may set that field again (an assignment of
// it on the variable to a value good does not accept, or a use of the variable other
// than to select a field, see usesHolder: applyLimits(srv)). No path then leaves the
// field as it was, so the set is not conditional.
func (p *program) onEveryPath(s fieldSet, fields []string, good func(ast.Expr) bool) bool {
	body := funcBody(s.fn)
	if body == nil || s.target == nil {
		return false
	}
	var top ast.Stmt
	for _, n := range enclosing(body, s.node) {
		switch x := n.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			top = x.(ast.Stmt)
		}
		if top != nil {
			break
		}
	}
	if top == nil {
		return false
	}
	target := types.ExprString(unparen(s.target))
	// fieldsSet returns the fields (a bit for each of fields) assigned on the variable
	// in an assignment of p.sets that in tells, to a value good accepts or not.
	fieldsSet := func(in func(fieldSet) bool, accepted bool) uint {
		var m uint
		for _, o := range p.sets {
			if i := slices.Index(fields, o.field); i >= 0 && o.target != nil && in(o) &&
				types.ExprString(unparen(o.target)) == target && good(o.value) == accepted {
				m |= 1 << i
			}
		}
		return m
	}
	// A path through statements is told by the fields it certainly leaves with a value
	// good accepts; covers returns those of the paths through st, from none.
	var covers func(st ast.Stmt) []uint
	coversAll := func(list []ast.Stmt) []uint {
		paths := []uint{0}
		for _, st := range list {
			undone := fieldsSet(func(o fieldSet) bool { return encloses(st, o.node) }, false)
			if usesHolder(st, nil, s.target) { // applyLimits(srv) may set any of them
				undone = ^uint(0)
			}
			var next []uint
			outs := covers(st)
			for _, m := range paths {
				for _, c := range outs {
					next = append(next, m&^undone|c)
				}
			}
			slices.Sort(next)
			paths = slices.Compact(next)
			if paths[0] == 0 && mayLeave(st) {
				return []uint{0}
			}
		}
		return paths
	}
	covers = func(st ast.Stmt) []uint {
		switch x := st.(type) {
		case *ast.AssignStmt:
			return []uint{fieldsSet(func(o fieldSet) bool { return o.node == st && o.fn == s.fn }, true)}
		case *ast.BlockStmt:
			return coversAll(x.List)
		case *ast.LabeledStmt:
			return covers(x.Stmt)
		case *ast.IfStmt:
			if x.Else != nil {
				return append(coversAll(x.Body.List), covers(x.Else)...)
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt:
			var clauses []ast.Stmt
			if sw, ok := x.(*ast.SwitchStmt); ok {
				clauses = sw.Body.List
			} else {
				clauses = x.(*ast.TypeSwitchStmt).Body.List
			}
			var paths []uint
			hasDefault := false
			for _, c := range clauses {
				cc := c.(*ast.CaseClause)
				hasDefault = hasDefault || cc.List == nil
				paths = append(paths, coversAll(cc.Body)...)
			}
			if hasDefault {
				return paths
			}
		}
		return []uint{0}
	}
	return !slices.Contains(covers(top), 0)
}

// mayLeave reports whether st holds a return or a branch statement (break, continue,
// goto, fallthrough) or a call outside the function literals in it: what may leave
// the statements that follow it unrun, or run what they would have changed first.
// Any call counts, as this audit does not tell those that never return (log.Fatal,
// os.Exit, panic, a helper that calls one) or that serve (srv.ListenAndServe(),
// serve(srv)) from the others.
func mayLeave(st ast.Stmt) bool {
	return mayLeaveAfter(st, nil)
}

// mayLeaveAfter is mayLeave of st counting only the calls that may run after n, a
// node of st (all of them when n is nil): those written after it, and those of a
// loop of st that holds n (its next turn runs them again). A return or branch
// statement counts wherever it is.
func mayLeaveAfter(st ast.Stmt, n ast.Node) bool {
	var loops []ast.Node
	if n != nil {
		loops = slices.DeleteFunc(enclosing(st, n), func(x ast.Node) bool {
			switch x.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				return false
			}
			return true
		})
	}
	found := false
	ast.Inspect(st, func(x ast.Node) bool {
		switch x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			found = true
		case *ast.CallExpr:
			found = n == nil || x.Pos() >= n.End() || slices.ContainsFunc(loops, func(l ast.Node) bool { return encloses(l, x) })
		}
		return !found
	})
	return found
}

// generatedReach adds to ev, for s in a generated file (no evidence: the report
// drops it), the calls of the function holding s that the program's own code makes
// in main's flow, the lines that reach what the generated code builds.
func (p *program) generatedReach(s site, ev []repo.Evidence) []repo.Evidence {
	if s.fn == nil || !s.file.f.Generated {
		return ev
	}
	id := p.fnID[p.outermost(s.fn)]
	for _, c := range p.calls {
		if !c.file.f.Generated && p.runs(c.site) && p.funcID(c.file, c.expr.Fun) == id {
			ev = append(ev, p.at(c.expr))
		}
	}
	return ev
}

// serverSet returns the value one of fields gets on the server of literal l after
// it is built: assigned to the variable holding it (srv.ReadTimeout = ...), or in a
// function of the program that the variable is passed to, through its parameter
// (harden(srv) with s.ReadTimeout = ... in harden), or passed on from there through
// more functions of the program (serve(srv) calling run(srv) calling harden(srv)); or
// nil. The server is also followed to where it is kept after it is built (see
// setOnHolder): the struct field it is stored in, and the variable that receives it
// from a function of the program that returns it. Only a value keep accepts counts
// (readTimeout's tests tell values shown positive, zero, or neither, and sets under a
// condition, see setUnderCondition; noReadTimeout's finds zero ones); serverSet itself
// takes any set. An assignment to a field of that name on anything else (a Redis or
// MySQL configuration) is not the server's.
func (p *program) serverSet(l lit, keep func(ast.Expr) bool, fields ...string) ast.Node {
	for _, f := range fields {
		if v := p.litField(l, f); v != nil && keep(v) {
			return v
		}
	}
	if l.fn == nil {
		return nil
	}
	match := func(set fieldSet) bool { return keep(set.value) }
	holds := p.holding(l.fn, l.expr)
	if set := p.setThrough(l.fn, holds, fields, match, map[ast.Node]bool{}); set != nil {
		return set
	}
	return p.setOnHolder(l.fn, holds, fields, match, map[ast.Node]bool{})
}

// setOnHolder returns where one of fields is set, to a value match accepts, on the
// value that holds reports in fn once fn has stored it in a struct field (a.srv = srv
// or a := &app{srv: srv}, see fieldHolders, then a.srv.ReadHeaderTimeout = ... in fn,
// or a.srv, or a itself, passed on as setThroughAll follows: configure(a) with
// a.srv.ReadHeaderTimeout = ... in configure);
// or, when fn is a function of the program that returns it, on what each call of fn
// in main's flow gives it to (srv := newServer(mux), then srv.ReadHeaderTimeout = ...
// or harden(srv) in the caller), followed the same way from there (a constructor that
// returns another's result, a caller that stores it in a field); or nil. Only sets
// after the value is stored or received count. seen holds the calls already followed.
func (p *program) setOnHolder(fn ast.Node, holds func(ast.Expr) bool, fields []string, match func(fieldSet) bool, seen map[ast.Node]bool) ast.Node {
	// setOn returns a set in fn after pos on the value that on reports.
	setOn := func(fn ast.Node, pos token.Pos, on func(ast.Expr) bool) ast.Node {
		for _, f := range fields {
			for _, set := range p.setsOf(f) {
				if set.fn == fn && set.node.Pos() > pos && on(set.target) && match(set) {
					return set.node
				}
			}
		}
		return p.setThrough(fn, on, fields, match, map[ast.Node]bool{})
	}
	for _, h := range p.fieldHolders(fn, holds) {
		if set := setOn(fn, h.store.End(), func(e ast.Expr) bool { return types.ExprString(unparen(e)) == h.expr }); set != nil {
			return set
		}
		if set, _ := p.setThroughAll(fn, h.passed(), fields, match, map[ast.Node]bool{}); set != nil {
			return set
		}
	}
	fd, ok := fn.(*ast.FuncDecl)
	if !ok || fd.Recv != nil || !slices.ContainsFunc(returns(fd.Body), func(r *ast.ReturnStmt) bool { return slices.ContainsFunc(r.Results, holds) }) {
		return nil
	}
	id := p.fnID[fd]
	for _, c := range p.calls {
		if c.fn == nil || seen[c.expr] || !p.runs(c.site) || p.funcID(c.file, c.expr.Fun) != id {
			continue
		}
		seen[c.expr] = true
		got := p.holding(c.fn, c.expr)
		if set := setOn(c.fn, c.expr.End(), got); set != nil {
			return set
		}
		if set := p.setOnHolder(c.fn, got, fields, match, seen); set != nil {
			return set
		}
	}
	return nil
}

// holding returns a test of whether an expression in fn is value, a server literal
// or call, a variable that fn assigns it to, or an element of a slice or array
// literal picked by a constant index (see heldElement).
func (p *program) holding(fn ast.Node, value ast.Node) func(ast.Expr) bool {
	return func(e ast.Expr) bool {
		if unparen(e) == value {
			return true
		}
		if x := p.heldElement(fn, e); x != nil {
			return x == value
		}
		id, ok := unparen(e).(*ast.Ident)
		return ok && slices.ContainsFunc(p.defs[fn][id.Name], func(d ast.Expr) bool { return unparen(d) == value })
	}
}

// heldElement returns the composite literal (past & and parentheses) that e,
// written in fn, picks from a slice or array literal: e is x[k], k a decimal integer
// literal, and x a variable fn assigns only that literal (servers :=
// []*http.Server{{...}, {...}}, servers[1]); or nil. An element of another kind
// (servers := []*http.Server{srv}, which a []http.Server would copy) is not followed. Nothing in fn may put another value there: every use of x in
// it is its assignment or such an element whose field or method is selected
// (servers[1].ReadTimeout = ..., servers[1].ListenAndServe()), not x itself (other :=
// servers, keep(servers), a range over it), an element replaced (servers[0] = s),
// given to a call or addressed (&servers[0]): which server those reach is not
// followed, nor are indices written otherwise (servers[first], servers[i]), whose
// sets servedBefore would not tell apart.
func (p *program) heldElement(fn ast.Node, e ast.Expr) ast.Expr {
	ix, ok := unparen(e).(*ast.IndexExpr)
	if !ok {
		return nil
	}
	id, ok := unparen(ix.X).(*ast.Ident)
	k, isIndex := decimalIndex(ix.Index)
	defs := p.defs[fn][id.Name]
	body := funcBody(fn)
	if !ok || !isIndex || len(defs) != 1 || body == nil {
		return nil
	}
	cl, ok := unparen(defs[0]).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	if _, ok := cl.Type.(*ast.ArrayType); !ok {
		return nil
	}
	var elem ast.Expr
	at := 0
	for _, el := range cl.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if at, ok = decimalIndex(kv.Key); !ok {
				return nil
			}
			el = kv.Value
		}
		if at == k {
			elem = unparen(el)
		}
		at++
	}
	if elem == nil {
		return nil
	}
	shared := false
	var stack []ast.Node // the nodes above the one visited
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if shared {
			return false
		}
		stack = append(stack, n)
		if !isName(n, id.Name) {
			return true
		}
		up := func(i int) ast.Node { // the node i levels above n
			if len(stack)-1-i < 0 {
				return nil
			}
			return stack[len(stack)-1-i]
		}
		switch x := up(1).(type) {
		case *ast.SelectorExpr:
			if x.Sel == n {
				return true // a field or method of that name
			}
		case *ast.AssignStmt:
			if i := slices.Index(x.Lhs, ast.Expr(n.(*ast.Ident))); i >= 0 && len(x.Rhs) == len(x.Lhs) && x.Rhs[i] == defs[0] {
				return true // its assignment
			}
		case *ast.ValueSpec:
			if i := slices.Index(x.Names, n.(*ast.Ident)); i >= 0 && i < len(x.Values) && x.Values[i] == defs[0] {
				return true
			}
		case *ast.IndexExpr:
			if sel, ok := up(2).(*ast.SelectorExpr); ok && x.X == n && sel.X == x {
				if _, ok := decimalIndex(x.Index); ok {
					return true // an element's field or method
				}
			}
		}
		shared = true
		return true
	})
	if shared {
		return nil
	}
	if u, ok := elem.(*ast.UnaryExpr); ok && u.Op == token.AND {
		elem = unparen(u.X)
	}
	if _, ok := elem.(*ast.CompositeLit); !ok {
		return nil
	}
	return elem
}

// decimalIndex returns the value of e when it is an integer literal written in
// decimal, as a constant index is compared by its text (see servedBefore).
func decimalIndex(e ast.Expr) (int, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.INT {
		return 0, false
	}
	k, err := strconv.Atoi(b.Value)
	return k, err == nil && strconv.Itoa(k) == b.Value
}

// setThrough returns where one of fields is set, to a value match accepts, on a
// value that a call in fn passes (an argument that holds reports) to a function of
// the program: on the parameter it arrives as, in that function or in one it passes
// the parameter on to; or nil. A function literal called where it is written
// (func(s *http.Server) { ... }(srv)) is read as such a function. A call of a
// function value (o(s), for the options of a server constructor) is followed into
// the function literals and functions of the program that main's flow builds and
// that take the server there, and a method call into the program's methods of that
// name. seen holds the functions already followed.
func (p *program) setThrough(fn ast.Node, holds func(ast.Expr) bool, fields []string, match func(fieldSet) bool, seen map[ast.Node]bool) ast.Node {
	set, _ := p.setThroughAll(fn, whole(holds), fields, match, seen)
	return set
}

// whole returns the test of setThroughAll for the value itself, of what holds
// reports.
func whole(holds func(ast.Expr) bool) func(ast.Expr) (string, bool) {
	return func(e ast.Expr) (string, bool) { return "", holds(e) }
}

// passed returns the test of setThroughAll for the value that h holds: an argument
// after the store that is the field h, or what holds it (a of "a.srv", or &a), with
// the fields below the argument that hold the value (".srv").
func (h fieldHolder) passed() func(ast.Expr) (string, bool) {
	return func(e ast.Expr) (string, bool) {
		if e.Pos() <= h.store.End() {
			return "", false
		}
		return below(h.expr, e)
	}
}

// below returns the selectors that lead from e, an argument, to the value written
// held ("a.srv"): "" when e is it, ".srv" when e is a or &a; false when e is not on
// the way.
func below(held string, e ast.Expr) (string, bool) {
	s := types.ExprString(unparen(e))
	if s == held {
		return "", true
	}
	if strings.HasPrefix(held, s+".") {
		return held[len(s):], true
	}
	return "", false
}

// setThroughAll is setThrough that also follows a value held in a field of what is
// passed (configure(a) for a server in a.srv, with a.srv.ReadHeaderTimeout = ...
// there): at reports whether an argument holds the value, and the selectors that
// lead from it to the value ("" for the value itself, ".srv"). A function value is
// then followed into those that take a type of the program with the first of the
// selectors as a field. It also returns, when it finds no set, the calls of function
// values given the value that it could not follow to a set (no function of the
// program that main's flow builds sets one of fields there): the value may come from
// code this audit cannot tell, so the field may be set.
func (p *program) setThroughAll(fn ast.Node, at func(ast.Expr) (string, bool), fields []string, match func(fieldSet) bool, seen map[ast.Node]bool) (ast.Node, []*ast.CallExpr) {
	var unfollowed []*ast.CallExpr
	for _, c := range p.callsIn(fn) {
		var targets []ast.Node
		value := false
		if fd, ok := p.funcs[p.funcID(c.file, c.expr.Fun)]; ok {
			targets = []ast.Node{fd.node}
		} else if lit, ok := unparen(c.expr.Fun).(*ast.FuncLit); ok {
			targets = []ast.Node{lit} // func(s *http.Server) { ... }(srv)
		} else {
			targets, value = p.funcValueTargets(c)
		}
		for i, a := range c.expr.Args {
			sel, ok := at(a)
			if !ok {
				continue
			}
			if value {
				unfollowed = append(unfollowed, c.expr)
			}
			for _, t := range targets {
				if seen[t] {
					continue
				}
				params := paramNames(funcType(t))
				if i >= len(params) || value && (sel == "" && !p.takesServer(t, i) || sel != "" && !p.takesHolder(t, i, strings.Split(sel, ".")[1])) {
					continue
				}
				param := params[i]
				on := func(target ast.Expr) bool {
					if sel != "" {
						written := types.ExprString(unparen(target))
						return written == param+sel || strings.HasPrefix(written, param+sel+".")
					}
					root, ok := rootIdent(target)
					return ok && root == param
				}
				for _, f := range fields {
					for _, set := range p.setsIn(t, f) {
						if on(set.target) && match(set) {
							return set.node, nil
						}
					}
				}
				seen[t] = true
				set, more := p.setThroughAll(t, func(e ast.Expr) (string, bool) { return below(param+sel, e) }, fields, match, seen)
				if set != nil {
					return set, nil
				}
				unfollowed = append(unfollowed, more...)
			}
		}
	}
	return nil, unfollowed
}

// funcValueTargets returns what the call c, which names no function of the program,
// may run: for a function value (a variable, parameter or package-level variable
// called, o(s)) the function literals and functions of the program that main's flow
// builds or uses, with value true; for a method call the program's live methods of
// that name.
func (p *program) funcValueTargets(c call) (targets []ast.Node, value bool) {
	switch fun := unparen(c.expr.Fun).(type) {
	case *ast.Ident:
		// Not a function or type of the package (funcs were looked up): a variable,
		// a parameter or a range variable holding a function, unless a builtin.
		if _, typ := p.types[c.file.pkg.ImportPath+"."+fun.Name]; typ || slices.Contains(builtinFuncs, fun.Name) {
			if defs, param := p.lookup(c.fn, fun.Name); len(defs) == 0 && param == nil {
				return nil, false
			}
		}
		for fl := range p.parent {
			if p.runs(site{fn: fl}) {
				targets = append(targets, fl)
			}
		}
		for _, fd := range p.funcs {
			if fd.node.Recv == nil && p.live()[p.fnID[fd.node]] {
				targets = append(targets, fd.node)
			}
		}
		return targets, true
	case *ast.SelectorExpr:
		if c.pkg != "" {
			return nil, false
		}
		for _, d := range p.methods[fun.Sel.Name] {
			if p.live()[p.methodID(d)] {
				targets = append(targets, d.node)
			}
		}
	}
	return targets, false
}

// builtinFuncs are the predeclared functions and conversions, which a call by name
// may mean when no variable of that name is in scope.
var builtinFuncs = []string{"append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min", "new", "panic", "print", "println", "real", "recover",
	"any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr"}

// takesServer reports whether parameter i of fn, a function literal or declaration,
// is an http.Server (or a pointer to one), or a type of the program that embeds one.
func (p *program) takesServer(fn ast.Node, i int) bool {
	pf, typ := p.paramType(fn, i)
	switch t := baseType(typ).(type) {
	case nil:
		return false
	case *ast.Ident:
		return p.embedsServer(pf.pkg.ImportPath + "." + t.Name)
	default:
		pkg, name, ok := pf.qualified(t)
		return ok && (pkg == "net/http" && name == "Server" || p.embedsServer(pkg+"."+name))
	}
}

// takesHolder reports whether parameter i of fn, a function literal or declaration,
// is a struct type of the program (or a pointer to one) with a field named name (see
// fieldType).
func (p *program) takesHolder(fn ast.Node, i int, name string) bool {
	pf, typ := p.paramType(fn, i)
	if typ == nil {
		return false
	}
	ft, _ := p.fieldType(pf, typ, name, 0)
	return ft != nil
}

// paramType returns the type of parameter i of fn, a function literal or
// declaration, with the file it is written in; nil when there is none.
func (p *program) paramType(fn ast.Node, i int) (*pfile, ast.Expr) {
	pf, _ := p.enclosing(fn.Pos())
	ft := funcType(fn)
	if pf == nil || ft == nil || ft.Params == nil {
		return nil, nil
	}
	n := 0
	for _, f := range ft.Params.List {
		for range max(len(f.Names), 1) {
			if n == i {
				return pf, f.Type
			}
			n++
		}
	}
	return nil, nil
}

// funcType returns the type of fn, a function literal or declaration, or nil.
func funcType(fn ast.Node) *ast.FuncType {
	switch f := fn.(type) {
	case *ast.FuncDecl:
		return f.Type
	case *ast.FuncLit:
		return f.Type
	}
	return nil
}

// echoServed names the Echo v4 start s and the field of the Echo instance that
// holds the http.Server it serves: StartTLS and StartAutoTLS serve e.TLSServer,
// Start and StartH2CServer e.Server, StartServer the server it is given.
func echoServed(s server) (start, field string) {
	start, field = "Start", "Server"
	c, ok := s.node.(*ast.CallExpr)
	if !ok {
		return start, field
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return start, field
	}
	start = sel.Sel.Name
	switch {
	case start == "StartTLS" || start == "StartAutoTLS":
		field = "TLSServer"
	case start == "StartServer" && len(c.Args) == 1 && lastName(c.Args[0]) == "TLSServer":
		field = "TLSServer"
	}
	return start, field
}

// served is a server whose read timeout the timeouts check judges: the http.Server of
// a composite literal (of http.Server, or of a type of the program that embeds one),
// or the one that the Echo v4 instance an echo start serves holds in its field holder,
// Server or TLSServer (e.Server), which echo.New makes with zero timeouts. name names
// it in the check's reasons.
type served struct {
	lit
	echo   *server
	holder string
	name   string
}

// node is where v is built: the literal, or the Echo start.
func (v served) node() ast.Node {
	if v.echo != nil {
		return v.echo.node
	}
	return v.expr
}

// The kinds of read timeout a server has none by (see reason).
const (
	negativeHeader = iota // a negative ReadHeaderTimeout
	zeroTimeouts          // a zero or negative read timeout
	noTimeouts            // no read timeout set
	everyPathZero         // a zero or negative read timeout on every path
)

// reason says why v has no read timeout, of kind.
func (v served) reason(kind int) string {
	if v.echo != nil {
		switch kind {
		case negativeHeader:
			return v.name + ".ReadHeaderTimeout negative, which net/http takes for no timeout on the request headers, whatever ReadTimeout is"
		case everyPathZero:
			return v.name + "'s ReadHeaderTimeout or ReadTimeout zero or negative on every path"
		}
		return v.name + "'s zero timeouts"
	}
	switch kind {
	case negativeHeader:
		return v.name + " whose ReadHeaderTimeout is negative, which net/http takes for no timeout on the request headers, whatever ReadTimeout is"
	case zeroTimeouts:
		return v.name + " whose ReadHeaderTimeout or ReadTimeout is zero or negative, which net/http takes for no timeout"
	case everyPathZero:
		return v.name + " whose ReadHeaderTimeout or ReadTimeout is zero or negative on every path, which net/http takes for no timeout"
	}
	return v.name + " without ReadHeaderTimeout or ReadTimeout"
}

// servedField returns the value f holds on v once the function that builds it has
// run: litField of the literal; for Echo, the value of the last set of f on the
// server in the function that declares the instance (see echoSets), as litField
// gives it for a literal that leaves f out; or nil.
func (p *program) servedField(v served, f string) ast.Expr {
	if v.echo == nil {
		return p.litField(v.lit, f)
	}
	sets := p.servedSets(v, f)
	if len(sets) == 0 {
		return nil
	}
	return sets[len(sets)-1].value
}

// servedFieldKept is litValueKept of the literal (a value of it that a later set
// replaces only after something that may serve with it); nil for Echo.
func (p *program) servedFieldKept(v served, f string) ast.Expr {
	if v.echo == nil {
		return p.litValueKept(v.lit, f)
	}
	return nil
}

// servedSet is serverSet of v: for Echo, the value servedField gives when keep
// accepts it, else a set of one of fields on the server elsewhere than in the
// function that declares the instance (see echoSets), in code main's flow runs,
// whose value keep accepts.
func (p *program) servedSet(v served, keep func(ast.Expr) bool, fields ...string) ast.Node {
	if v.echo == nil {
		return p.serverSet(v.lit, keep, fields...)
	}
	for _, f := range fields {
		if x := p.servedField(v, f); x != nil && keep(x) {
			return x
		}
	}
	home := p.echoHome(*v.echo)
	if sets := p.echoSets(v, func(s fieldSet) bool { return s.fn != home && p.runs(s.site) && keep(s.value) }, fields...); len(sets) > 0 {
		return sets[0].node
	}
	return nil
}

// servedSets returns the sets of f on v after it is built in the function that
// builds it, in the order of the code: on the variable holding the literal (see
// holding and setAfter), or for Echo on the field of the instance in the function that
// declares it (see echoHome).
func (p *program) servedSets(v served, f string) []fieldSet {
	if v.echo != nil {
		home := p.echoHome(*v.echo)
		return p.echoSets(v, func(s fieldSet) bool { return s.fn == home }, f)
	}
	if v.fn == nil {
		return nil
	}
	holds := p.holding(v.fn, v.expr)
	var out []fieldSet
	for _, s := range p.setsOf(f) {
		if s.fn == v.fn && s.target != nil && holds(s.target) && setAfter(v.lit, s) {
			out = append(out, s)
		}
	}
	return out
}

// servedFirst reports whether s, a set on v, comes after something that may serve v
// first (see servedBefore): after the literal, in the function that builds it; for
// Echo, in the function that declares the instance (see echoHome).
func (p *program) servedFirst(v served, s fieldSet) bool {
	if v.echo == nil {
		return p.servedBefore(v.fn, v.expr.End(), s, "")
	}
	home := p.echoHome(*v.echo)
	if s.fn != home {
		return p.startedBefore(s, home)
	}
	body := funcBody(home)
	recv, ok := rootIdent(v.echo.handler)
	return body != nil && ok && p.servedBefore(home, body.Pos(), s, recv)
}

// startedBefore reports whether s, a set on the http.Server of an Echo v4 instance
// made outside home (the function that starts the instance, or declares it), comes
// after something that may start the instance: in its function, a function literal
// there included, a start on the instance or a call that gives it to home or to a
// function of the program that calls home on the way (go serve(e), serve(e),
// go func() { run(e) }()); or the same before a call of that function that gives it
// the instance, up through its callers (go e.Start(addr), then configure(e) that sets
// it). The instance may then be serving without the value.
func (p *program) startedBefore(s fieldSet, home ast.Node) bool {
	root, ok := rootIdent(s.target)
	if !ok {
		return false
	}
	var decls []*ast.FuncDecl // home and the functions that call it, up to maxStartDepth
	reach := map[ast.Node]bool{home: true}
	for frontier := []ast.Node{home}; len(frontier) > 0 && len(reach) <= maxStartDepth; frontier = frontier[1:] {
		fd, ok := frontier[0].(*ast.FuncDecl)
		if !ok {
			continue
		}
		decls = append(decls, fd)
		for _, c := range p.calls {
			if c.fn != nil && !reach[c.fn] && p.calling(c, fd) {
				reach[c.fn] = true
				frontier = append(frontier, c.fn)
			}
		}
	}
	return p.startsBefore(s.fn, s.node.Pos(), root, decls, map[ast.Node]bool{})
}

// startsBefore is startedBefore for the instance name in fn before pos, or for what
// holds it in a field (a.e.Start, a.run() of a method reaching the start): up
// through the callers of fn for a parameter, and through what each call of the
// method is called on for a receiver (a.configure() for x in func (x *app)
// configure); seen holds the functions already read.
func (p *program) startsBefore(fn ast.Node, pos token.Pos, name string, decls []*ast.FuncDecl, seen map[ast.Node]bool) bool {
	body := funcBody(fn)
	if body == nil || seen[fn] || len(seen) > maxStartDepth {
		return false
	}
	seen[fn] = true
	for _, c := range p.calls {
		if c.expr.Pos() >= pos || !encloses(body, c.expr) {
			continue
		}
		onName := false // a call on name or on what it holds (e.Start, a.e.Start, a.run())
		if c.recv != nil {
			root, ok := rootIdent(c.recv)
			onName = ok && root == name
		}
		if onName && (slices.Contains(echoStarts, c.name) || c.name == "StartServer") {
			return true
		}
		if (onName || slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return mentions(a, name) })) && slices.ContainsFunc(decls, func(fd *ast.FuncDecl) bool { return p.calling(c, fd) }) {
			return true
		}
	}
	fd, ok := fn.(*ast.FuncDecl)
	if !ok {
		return false
	}
	if fd.Recv != nil && slices.ContainsFunc(fd.Recv.List, func(f *ast.Field) bool {
		return slices.ContainsFunc(f.Names, func(n *ast.Ident) bool { return n.Name == name })
	}) {
		// name is the receiver: what each call of the method is called on
		for _, c := range p.calls {
			if c.fn == nil || c.recv == nil || !p.calling(c, fd) {
				continue
			}
			if on, ok := rootIdent(c.recv); ok && p.startsBefore(c.fn, c.expr.Pos(), on, decls, seen) {
				return true
			}
		}
		return false
	}
	i := slices.Index(paramNames(fd.Type), name)
	if i < 0 {
		return false
	}
	for _, c := range p.calls {
		if c.fn == nil || i >= len(c.expr.Args) || !p.calling(c, fd) {
			continue
		}
		if arg, ok := rootIdent(c.expr.Args[i]); ok && p.startsBefore(c.fn, c.expr.Pos(), arg, decls, seen) {
			return true
		}
	}
	return false
}

// maxStartDepth bounds the functions startedBefore follows back from the one that
// starts an Echo instance.
const maxStartDepth = 32

// echoHome returns the function that declares the Echo v4 instance that the start s
// is called on, or the function of the start when the instance is not a variable of
// a function.
func (p *program) echoHome(s server) ast.Node {
	recv, _ := rootIdent(s.handler)
	if owner, _, _ := p.declaring(s.fn, recv); owner != nil {
		return owner
	}
	return s.fn
}

// echoSets returns the sets of one of fields, that in accepts, on the http.Server that
// the Echo v4 start of v serves (e.Server.ReadTimeout = ...), in the order of fields
// and of the code.
func (p *program) echoSets(v served, in func(fieldSet) bool, fields ...string) []fieldSet {
	recv, _ := rootIdent(v.echo.handler)
	var out []fieldSet
	for _, f := range fields {
		for _, set := range p.setsOf(f) {
			sel, ok := unparen(set.target).(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != v.holder || !in(set) {
				continue
			}
			root, _ := rootIdent(sel.X)
			ids, _ := p.trace(set.file, set.fn, sel.X)
			if root == recv && set.file.pkg == v.echo.file.pkg || p.echoFieldSet(v, set, sel.X) || slices.ContainsFunc(ids, func(id string) bool {
				return slices.ContainsFunc(echoV4, func(pkg string) bool { return strings.HasPrefix(id, pkg+".") })
			}) {
				out = append(out, set)
			}
		}
	}
	return out
}

// echoFieldSet reports whether x, the instance whose server a set in another
// function than the one starting v's instance writes (x.Server.ReadTimeout = ...),
// is the struct field that v's start is called on: both select the same field (a.e
// in main, x.e in a method of the struct, c.e in a function given it), which one
// struct type of the program alone declares, as an Echo v4 instance (see
// echoField, which also asks for at most one literal of that type). Which value of
// the struct it is is not told further: a set in a method counts for each start on
// its field, as one in a function given the instance counts for each start of what
// it is given.
func (p *program) echoFieldSet(v served, set fieldSet, x ast.Expr) bool {
	xs, ok := unparen(x).(*ast.SelectorExpr)
	hs, isSel := unparen(v.echo.handler).(*ast.SelectorExpr)
	return ok && isSel && xs.Sel.Name == hs.Sel.Name && set.fn != p.echoHome(*v.echo) && p.echoField(xs.Sel.Name)
}

// echoField reports whether exactly one struct type of the program declares a field
// named name, and declares it as an Echo v4 instance (e *echo.Echo), and the program
// writes at most one composite literal of that type: with two values of it (a := &app{...};
// b := &app{...}), a set on one's field may be read for the start of the other's.
func (p *program) echoField(name string) bool {
	found := 0
	echo := false
	values := 0
	for _, d := range p.types {
		st, ok := d.node.Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, f := range st.Fields.List {
			if !slices.ContainsFunc(f.Names, func(n *ast.Ident) bool { return n.Name == name }) {
				continue
			}
			found++
			t := f.Type
			if star, ok := t.(*ast.StarExpr); ok {
				t = star.X
			}
			pkg, typ, ok := d.file.qualified(t)
			echo = ok && typ == "Echo" && slices.Contains(echoV4, pkg)
			values = len(p.litsOf(d.file.pkg.ImportPath, d.node.Name.Name))
		}
	}
	return found == 1 && echo && values <= 1
}

// signals is what a signal.Notify, NotifyContext, Ignore or Reset call names: the
// signals by name (SIGTERM, SIGINT for os.Interrupt, SIGKILL for os.Kill), every
// signal (no list), or something this audit cannot read: unread says what (the
// first such expression, and why), "" when all is read. partial holds the signals
// named on some paths only (a list variable assigned under a condition), with why.
type signals struct {
	names   map[string]bool
	all     bool
	unread  string
	partial map[string]string
}

// has reports whether s may name signal sig: it names it or every signal, names it
// on some paths, or cannot be read.
func (s signals) has(sig string) bool {
	return s.all || s.unread != "" || s.names[sig] || s.partial[sig] != ""
}

// unsure says why s may name sig but does not surely: what names it on some paths
// only, else what cannot be read.
func (s signals) unsure(sig string) string {
	if why := s.partial[sig]; why != "" && !s.names[sig] {
		return why
	}
	return s.unread
}

// add adds the signals of o to s.
func (s *signals) add(o signals) {
	for n := range o.names {
		s.name(n)
	}
	for n, why := range o.partial {
		if s.partial == nil {
			s.partial = map[string]string{}
		}
		if s.partial[n] == "" {
			s.partial[n] = why
		}
	}
	s.all = s.all || o.all
	if s.unread == "" {
		s.unread = o.unread
	}
}

// name adds signal sig to s.
func (s *signals) name(sig string) {
	if s.names == nil {
		s.names = map[string]bool{}
	}
	s.names[sig] = true
}

// signalsOf reads the signals of a Notify or NotifyContext call (those after its
// channel or context), or of an Ignore or Reset call: qualified names, conversions
// of a constant number (syscall.Signal(15)), variables (local, package-level, or of
// another package of the program) that hold one or, spread with ..., a composite
// literal list of them or an append to such a list, and calls of functions of the
// program, by what their return statements return; all read the same way. A
// package-level variable holds what its declaration and the assignments of the
// init functions of its package (which run before main) give it; a local one, the
// values that may reach the call (see reachingDefs: sigs = []os.Signal{os.Interrupt}
// replaces the list before it), and a signal that only some of them name (one
// assigned under a condition) is not surely caught: s names it only as unread.
func (p *program) signalsOf(c call) signals {
	first := 1
	if c.name == "Ignore" || c.name == "Reset" {
		first = 0
	}
	args := c.expr.Args[min(first, len(c.expr.Args)):]
	var s signals
	if len(args) == 0 {
		s.all = true
	}
	unread := func(e ast.Expr, why string) {
		if s.unread == "" {
			s.unread = types.ExprString(e) + " " + why
		}
	}
	// values returns what the variable e names is declared or assigned with, or
	// what the function of the program e calls returns, with the function to read
	// them in (nil for a package-level variable).
	values := func(pf *pfile, fn ast.Node, e ast.Expr) ([]decl[ast.Expr], ast.Node) {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			defs, param := p.lookup(fn, x.Name)
			if param != nil {
				return nil, nil
			}
			if len(defs) == 0 {
				return p.globalValues(pf.pkg.ImportPath, x.Name), nil
			}
			var out []decl[ast.Expr]
			for _, d := range p.reachingDefs(fn, x) {
				out = append(out, decl[ast.Expr]{d, pf})
			}
			return out, fn
		case *ast.SelectorExpr:
			if pkg, name, ok := pf.qualified(x); ok && p.inProgram(pkg) {
				return p.globalValues(pkg, name), nil
			}
		case *ast.CallExpr:
			id := ""
			switch f := unparen(x.Fun).(type) {
			case *ast.Ident:
				id = pf.pkg.ImportPath + "." + f.Name
			case *ast.SelectorExpr:
				if pkg, name, ok := pf.qualified(f); ok && p.inProgram(pkg) {
					id = pkg + "." + name
				}
			}
			if d, ok := p.funcs[id]; ok && d.node.Body != nil {
				return returned(d), d.node
			}
		}
		return nil, nil
	}
	// seen holds the values being read, so that a list that appends to itself
	// (sigs = append(sigs, syscall.SIGTERM)) is read once.
	seen := map[ast.Expr]bool{}
	var read func(pf *pfile, fn ast.Node, e ast.Expr, spread bool, depth int)
	read = func(pf *pfile, fn ast.Node, e ast.Expr, spread bool, depth int) {
		if cl, ok := unparen(e).(*ast.CompositeLit); ok && spread {
			for _, el := range cl.Elts {
				read(pf, fn, el, false, depth+1)
			}
			return
		}
		if ce, ok := unparen(e).(*ast.CallExpr); ok {
			if f, isID := unparen(ce.Fun).(*ast.Ident); isID && f.Name == "make" && spread && p.funcs[pf.pkg.ImportPath+".make"].node == nil {
				return // an empty list, which appends fill
			}
			if f, isID := unparen(ce.Fun).(*ast.Ident); isID && f.Name == "append" && spread && len(ce.Args) > 0 && p.funcs[pf.pkg.ImportPath+".append"].node == nil {
				read(pf, fn, ce.Args[0], true, depth+1)
				for i, a := range ce.Args[1:] {
					read(pf, fn, a, ce.Ellipsis.IsValid() && i == len(ce.Args)-2, depth+1)
				}
				return
			}
			if pkg, name, isQ := pf.qualified(unparen(ce.Fun)); isQ && len(ce.Args) == 1 && !spread {
				switch {
				case pkg == "os" && name == "Signal":
					read(pf, fn, ce.Args[0], false, depth+1)
					return
				case (pkg == "syscall" || pkg == "golang.org/x/sys/unix") && name == "Signal":
					v, isC := p.constValue(ce.Args[0])
					n, exact := int64(0), false
					if isC && v.Kind() == constant.Int {
						n, exact = constant.Int64Val(v)
					}
					if sig := signalNumbers[strconv.FormatInt(n, 10)]; exact && sig != "" {
						s.name(sig)
					} else {
						unread(e, "is not a signal number this audit reads")
					}
					return
				}
			}
		}
		if pkg, name, ok := pf.qualified(unparen(e)); ok && !p.inProgram(pkg) && !spread {
			switch {
			case pkg == "os" && name == "Interrupt":
				s.name("SIGINT")
			case pkg == "os" && name == "Kill":
				s.name("SIGKILL")
			case strings.HasPrefix(name, "SIG"):
				s.name(name)
			default:
				unread(e, "is of "+pkg+", which this audit does not read")
			}
			return
		}
		vs, in := values(pf, fn, e)
		if len(vs) == 0 || depth > 4 {
			// A parameter, another module's variable or call: cannot tell.
			if pkg, _, ok := pf.qualified(unparen(e)); ok && !p.inProgram(pkg) {
				unread(e, "is of "+pkg+", which this audit does not read")
			} else {
				unread(e, "is not a value this audit reads (a parameter, a field, or the result of a call)")
			}
			return
		}
		_, local := unparen(e).(*ast.Ident)
		local = local && in != nil && len(vs) > 1
		outer, paths := s, []signals{}
		for _, v := range vs {
			if seen[v.node] {
				continue
			}
			if local {
				s = signals{}
			}
			seen[v.node] = true
			read(v.file, in, v.node, spread, depth+1)
			delete(seen, v.node)
			paths = append(paths, s)
		}
		if local {
			s = outer
			s.add(everyPath(e, paths))
		}
	}
	for i, a := range args {
		read(c.file, c.fn, a, c.expr.Ellipsis.IsValid() && i == len(args)-1, 0)
	}
	return s
}

// everyPath returns what the variable e surely holds, given the signals of each
// value that may reach its use, one a path: the signals each names, or every signal
// when each does; one that only some name is partial (a list replaced under a
// condition by one without it), and what one of them cannot read is unread.
func everyPath(e ast.Expr, paths []signals) signals {
	var s signals
	if len(paths) == 0 {
		return s
	}
	s.all = !slices.ContainsFunc(paths, func(o signals) bool { return !o.all })
	for _, o := range paths {
		if s.unread == "" {
			s.unread = o.unread
		}
		for n := range o.names {
			if !slices.ContainsFunc(paths, func(q signals) bool { return !q.all && !q.names[n] }) {
				s.name(n)
				continue
			}
			if s.partial == nil {
				s.partial = map[string]string{}
			}
			s.partial[n] = fmt.Sprintf("%s holds %s on some paths only (a list assigned under a condition or in a loop)", types.ExprString(e), n)
		}
	}
	for _, o := range paths {
		for n, why := range o.partial {
			if s.partial == nil {
				s.partial = map[string]string{}
			}
			if !s.names[n] && s.partial[n] == "" {
				s.partial[n] = why
			}
		}
	}
	return s
}

// globalValues returns what the package-level variable name of package pkg is
// declared with and what the init functions of pkg assign it: they run before
// main. Those of files that only a build tag brings in are left out.
func (p *program) globalValues(pkg, name string) []decl[ast.Expr] {
	out := p.globals[pkg+"."+name]
	for _, pf := range p.files {
		if pf.pkg.ImportPath != pkg || pf.f.Tagged {
			continue
		}
		for _, d := range pf.f.Syntax.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "init" {
				for _, v := range p.defs[fd][name] {
					out = append(out, decl[ast.Expr]{v, pf})
				}
			}
		}
	}
	return out
}

// everySignal returns a Notify or NotifyContext call of notify that names no signal
// and whose channel or context is used, so that any signal starts the shutdown: the
// Go runtime sends the process SIGURG itself to preempt goroutines. A Notify whose
// function compares a value with a signal (a switch on the signal received) is
// taken to sort them, and is not returned; nor is any when another call of notify
// names its signals (the one with none may only log them).
func (p *program) everySignal(notify []call) (call, bool) {
	if slices.ContainsFunc(notify, func(c call) bool { return !p.signalsOf(c).all }) {
		return call{}, false
	}
	for _, c := range notify {
		if !p.signalsOf(c).all || !p.received(c) {
			continue
		}
		if c.name == "Notify" && p.testsSignal(c) {
			continue
		}
		return c, true
	}
	return call{}, false
}

// testsSignal reports whether the function that c is written in (the outermost
// declaration, function literals included) compares a value with a signal (os.Interrupt,
// syscall.SIGTERM) in a == or != or a case of a switch.
func (p *program) testsSignal(c call) bool {
	body := funcBody(p.outermost(c.fn))
	if body == nil {
		return false
	}
	isSig := func(e ast.Expr) bool {
		pkg, name, ok := c.file.qualified(unparen(e))
		return ok && (pkg == "os" && (name == "Interrupt" || name == "Kill") || strings.HasPrefix(name, "SIG"))
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BinaryExpr:
			found = found || (x.Op == token.EQL || x.Op == token.NEQ) && (isSig(x.X) || isSig(x.Y))
		case *ast.CaseClause:
			found = found || slices.ContainsFunc(x.List, isSig)
		}
		return !found
	})
	return found
}

// returned returns what the return statements of function d return, when it has
// one result (not those of the function literals in it).
func returned(d decl[*ast.FuncDecl]) []decl[ast.Expr] {
	var out []decl[ast.Expr]
	for _, r := range returns(d.node.Body) {
		if len(r.Results) == 1 {
			out = append(out, decl[ast.Expr]{r.Results[0], d.file})
		}
	}
	return out
}

// returns returns the return statements of body, a function's, in order; those of the
// function literals in it are their own and left out.
func returns(body *ast.BlockStmt) []*ast.ReturnStmt {
	var out []*ast.ReturnStmt
	if body == nil {
		return nil
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			out = append(out, x)
		}
		return true
	})
	return out
}

// checkShutdown judges the shutdown of p (see shutdownVerdict); a PASS is unknown
// while a bake or compose build that may ship p's binary leaves its stage, and so
// its STOPSIGNAL, unread.
func (a *auditor) checkShutdown(p *program) Result {
	budget := maxJudgings
	r := a.judgeShutdown(p, 0, &budget)
	if r.Status == Pass || r.Status == Warn {
		r = p.besideUnread(r)
	}
	if calls := a.unreadBuilds(p, false); r.Status == Pass && len(calls) > 0 {
		c := calls[0]
		return Result{Status: Unknown, Message: fmt.Sprintf("%s; but the image build at %s:%d: %s, so the STOPSIGNAL of the stage it ships cannot be told: check it by hand", r.Message, c.at.File, c.at.Line, c.unread), Evidence: append(r.Evidence, c.at), Fix: r.Fix}
	}
	return r
}

// maxChoices bounds how many method selections of several methods judgeShutdown
// follows one inside another, maxCandidates the methods of one it judges each, and
// maxJudgings how many programs it judges again in all (each is a shutdownVerdict
// of its own).
const maxChoices, maxCandidates, maxJudgings = 3, 8, 32

// judgeShutdown is shutdownVerdict, judged again for each method main's flow may
// run where a PASS or WARN rests on a signal.Notify or Shutdown call that main's
// flow reaches only through a method selection of several methods, one of which
// does not lead there (see alternative): r.Run() where r holds one of two runners.
// Judged with each method in turn (see choosing), the verdicts of all agree, the
// worst of PASS and WARN counts, and a FAIL of each is a FAIL; where they differ,
// or past maxChoices selections, maxCandidates methods or the judgings budget
// leaves, which one main's flow runs cannot be told, and the result is UNKNOWN
// naming each method's verdict.
func (a *auditor) judgeShutdown(p *program, depth int, budget *int) Result {
	r := a.shutdownVerdict(p)
	if r.Status != Pass && r.Status != Warn {
		return r
	}
	rests := p.signalCalls()
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) == 1 && p.mayBeServer(c) { // not a tracer provider's, say
			rests = append(rests, c)
		}
	}
	for _, c := range rests {
		d, ok := p.alternative(c.site)
		if !ok {
			continue
		}
		names := make([]string, len(d.ids))
		for i, id := range d.ids {
			names[i] = strings.NewReplacer("(", "", ")", "").Replace(path.Base(id))
		}
		at, here := p.at(d.sel.node), p.at(c.expr)
		sel := fmt.Sprintf("%s (%s:%d)", types.ExprString(d.sel.node.(ast.Expr)), at.File, at.Line)
		var each []Result
		if depth < maxChoices && len(d.ids) <= maxCandidates && *budget >= len(d.ids) {
			*budget -= len(d.ids)
			for _, id := range d.ids {
				each = append(each, a.judgeShutdown(p.choosing(d, id), depth+1, budget))
			}
		}
		if v, ok := agreed(each); ok {
			v.Message = fmt.Sprintf("%s (judged with each method %s may call: %s)", v.Message, sel, strings.Join(slices.Sorted(slices.Values(names)), ", "))
			v.Evidence = append([]repo.Evidence{at}, v.Evidence...)
			return v
		}
		var verdicts []string
		for i, v := range each {
			verdicts = append(verdicts, fmt.Sprintf("%s with %s", v.Status, names[i]))
		}
		slices.Sort(verdicts)
		sorted := slices.Sorted(slices.Values(names))
		msg := fmt.Sprintf("%s; but %s (%s:%d) runs only through %s, which may call any of %s, and which one main's flow runs cannot be told", r.Message, types.ExprString(c.expr.Fun), here.File, here.Line, sel, strings.Join(sorted, ", "))
		if len(verdicts) > 0 {
			msg += " (" + strings.Join(verdicts, ", ") + ")"
		}
		msg += ": check that it catches SIGTERM and drains"
		return Result{Status: Unknown, Message: msg, Evidence: append([]repo.Evidence{at, here}, r.Evidence...), Fix: r.Fix}
	}
	return r
}

// agreed returns the verdict of each of several methods as one, when they agree:
// the first WARN of PASSes and WARNs, or the first of FAILs alone.
func agreed(each []Result) (Result, bool) {
	if len(each) == 0 {
		return Result{}, false
	}
	first := each[0]
	for _, v := range each {
		switch {
		case v.Status == Unknown || (v.Status == Fail) != (first.Status == Fail):
			return Result{}, false
		case v.Status == Warn && first.Status == Pass:
			first = v
		}
	}
	return first, true
}

// signalCalls returns the calls that catch the stop signal: signal.Notify and
// signal.NotifyContext, with the signals after their first argument, and
// github.com/oklog/run's SignalHandler(ctx, signals...), whose actor returns when
// one of them arrives; the group's Run then calls every actor's interrupt function
// in turn (a server's Shutdown among them) and waits for the actors to return, so
// it is taken as a NotifyContext whose context is waited on.
func (p *program) signalCalls() []call {
	return slices.Concat(p.callsTo("os/signal", "Notify", "NotifyContext"), p.callsTo("github.com/oklog/run", "SignalHandler"))
}

// shutdownVerdict judges that the signal that stops p's container (SIGTERM, or the
// STOPSIGNAL of the images that ship it) is caught and the server drains with a
// deadline.
func (a *auditor) shutdownVerdict(p *program) Result {
	if r, ok := p.unreadResult("that SIGTERM is caught and the server drains with a deadline"); ok {
		return r
	}
	var notify, deadNotify []call
	for _, c := range p.signalCalls() {
		if p.runs(c.site) {
			notify = append(notify, c)
		} else {
			deadNotify = append(deadNotify, c)
		}
	}
	serve := p.serveCalls()
	var echoV5, startConfig []call
	for _, c := range serve {
		switch p.echoStart(c) {
		case "echo/v5 Start":
			echoV5 = append(echoV5, c)
		case "echo StartConfig":
			startConfig = append(startConfig, c)
		}
	}
	var caught signals
	var sigEv, swallowed []repo.Evidence
	received, swallowedCtx := len(echoV5) > 0, false
	for _, c := range notify {
		caught.add(p.signalsOf(c))
		sigEv = append(sigEv, p.at(c.expr))
		if p.received(c) {
			received = true
		} else {
			swallowed = append(swallowed, p.at(c.expr))
			swallowedCtx = swallowedCtx || c.name == "NotifyContext"
		}
	}
	for _, c := range echoV5 {
		caught.name("SIGTERM")
		caught.name("SIGINT")
		sigEv = append(sigEv, p.at(c.expr))
	}
	serveEv := evidenceOf(p, serve)
	fix := "gonew-prod add shutdown: SIGINT/SIGTERM turn /readyz to 503, then http.Server.Shutdown drains within a timeout."
	if len(notify) == 0 && len(echoV5) == 0 {
		if d := p.delegated(); len(d) > 0 {
			ip := importPath(d[0].node)
			return Result{Status: Unknown, Message: fmt.Sprintf("shutdown is left to %s: check that it catches SIGTERM and drains with a timeout", ip), Evidence: []repo.Evidence{p.at(d[0].node)}, Fix: fix}
		}
		if len(serve) == 0 {
			return Result{Status: Unknown, Message: "no signal handling and no blocking serve call found: the server is started somewhere this audit cannot see", Evidence: p.placeOfServer(), Fix: fix}
		}
		msg := "no signal is caught: SIGTERM kills the process and every in-flight request with it"
		if fatal := p.fatalServe(serve); fatal != "" {
			msg = fatal + " and no signal is caught: SIGTERM kills the process mid-request"
		}
		if len(deadNotify) > 0 {
			msg = "the only signal handling is in a function that main's flow never calls: SIGTERM kills the process and every in-flight request with it"
			serveEv = append(evidenceOf(p, deadNotify), serveEv...)
		}
		return Result{Status: Fail, Message: msg, Evidence: serveEv, Fix: fix, Missing: true}
	}
	stops := a.stopSignals(p)
	var stopNames []string
	for _, st := range stops {
		if st.name == "" {
			return Result{Status: Unknown, Message: fmt.Sprintf("the image's STOPSIGNAL %s (%s) cannot be read: check that the program catches the signal it names and drains on it", st.in.args, st.in.at.File), Evidence: append([]repo.Evidence{st.in.at}, sigEv...), Fix: fix}
		}
		if st.in.name != "" {
			sigEv = append(sigEv, st.in.at)
		}
		stopNames = append(stopNames, st.name)
	}
	if c, ok := p.everySignal(notify); ok {
		what := types.ExprString(c.expr)
		msg := what + " names no signal, so it relays every signal, SIGURG included, which the Go runtime sends the process itself to preempt goroutines: the shutdown starts at random while the server runs"
		if c.name == "NotifyContext" {
			msg = what + " names no signal, so every signal cancels its context, SIGURG included, which the Go runtime sends the process itself to preempt goroutines: the server drains and exits at random while it runs"
		}
		return Result{Status: Fail, Message: msg, Evidence: []repo.Evidence{p.at(c.expr)}, Fix: "List the signals that stop the service (syscall.SIGTERM, os.Interrupt) after the channel or context, or run " + fix}
	}
	for _, st := range stops {
		switch {
		case st.name != "SIGTERM" && !caught.has(st.name):
			return Result{Status: Fail, Message: fmt.Sprintf("the image's STOPSIGNAL %s (%s) is not caught: docker stop, and Kubernetes with containerd or CRI-O, send it to stop the container, and %s", st.name, st.in.at.File, uncaught(st.name)), Evidence: sigEv, Fix: fmt.Sprintf("Catch %s (add it to the signals), or drop the STOPSIGNAL so that SIGTERM is sent, or run %s", st.name, fix)}
		case st.name != "SIGTERM":
		case !caught.has("SIGTERM") && caught.names["SIGKILL"]:
			return Result{Status: Fail, Message: "os.Kill (SIGKILL) cannot be caught, and SIGTERM, which Kubernetes and docker stop send, is not caught", Evidence: sigEv, Fix: "Catch syscall.SIGTERM instead of os.Kill, or run " + fix}
		case !caught.has("SIGTERM"):
			only := "only os.Interrupt (SIGINT) is caught"
			if names := slices.Sorted(maps.Keys(caught.names)); len(names) > 0 && !slices.Equal(names, []string{"SIGINT"}) {
				only = "SIGTERM is not caught (only " + strings.Join(names, ", ") + " are)"
			}
			return Result{Status: Fail, Message: only + ": SIGTERM, which Kubernetes and docker stop send, kills the process mid-request", Evidence: sigEv, Fix: "Add syscall.SIGTERM to the signals, or run " + fix}
		}
		if undo, after := p.undoneSignal(notify, st.name); undo != nil {
			what := types.ExprString(undo.expr)
			if !after {
				return Result{Status: Unknown, Message: fmt.Sprintf("%s names %s, and whether it runs before or after the Notify cannot be told: after it, %s", what, st.name, undoes(undo.name, st.name)), Evidence: append([]repo.Evidence{p.at(undo.expr)}, sigEv...), Fix: "Do not ignore or reset " + st.name + " once it is caught, or run " + fix}
			}
			return Result{Status: Fail, Message: fmt.Sprintf("%s undoes the Notify of %s: %s", what, st.name, undoes(undo.name, st.name)), Evidence: append([]repo.Evidence{p.at(undo.expr)}, sigEv...), Fix: "Remove " + st.name + " from the signals ignored or reset after the Notify, or run " + fix}
		}
		if stop, why := p.stoppedSignal(notify, st.name); stop != nil && stop.pkg != "os/signal" {
			return Result{Status: Fail, Message: fmt.Sprintf("%s, the stop function of signal.NotifyContext, %s: it cancels the context at once, so the wait on it returns and the server shuts down as soon as it starts, and it unregisters the signal, so %s", types.ExprString(stop.expr), why, undoes("Stop", st.name)), Evidence: append([]repo.Evidence{p.at(stop.expr)}, sigEv...), Fix: "Defer the stop function (defer stop()) in the function that waits on the context, or call it only after the wait (<-ctx.Done()), or run " + fix}
		} else if stop != nil {
			return Result{Status: Fail, Message: fmt.Sprintf("%s %s: %s is no longer relayed to the channel, and no other Notify catches it, so %s", types.ExprString(stop.expr), why, st.name, undoes("Stop", st.name)), Evidence: append([]repo.Evidence{p.at(stop.expr)}, sigEv...), Fix: "Stop the relay only once the signal has been received (defer signal.Stop(c) in the function that waits on c), or run " + fix}
		}
	}
	if msg, ev := a.unforwarded(p, stopNames); msg != "" {
		return Result{Status: Fail, Message: msg, Evidence: append(ev, sigEv...), Fix: "Start the server with exec as the script's last command (exec /api \"$@\"), so that it replaces the shell as PID 1 and receives the signal, or trap the signal in the script and pass it on, or run " + fix}
	}
	if !received && swallowedCtx {
		return Result{Status: Fail, Message: "SIGTERM cancels a context (signal.NotifyContext) that nothing waits on: the signal is swallowed, nothing drains, and the process runs on until SIGKILL", Evidence: append(swallowed, serveEv...), Fix: "Wait on that context (<-ctx.Done()), or one derived from it, and call Shutdown after it, or run " + fix}
	}
	if !received {
		return Result{Status: Fail, Message: "SIGTERM is caught into a channel that nothing receives from: the signal is swallowed, nothing drains, and the process runs on until SIGKILL", Evidence: append(swallowed, serveEv...), Fix: "Receive from the channel (<-sig) and call Shutdown after it, or run " + fix}
	}
	d := p.drains(startConfig, echoV5)
	if len(d.never) > 0 {
		return Result{Status: Fail, Message: "Echo's StartConfig has a negative GracefulTimeout: Echo then never calls Shutdown when the context ends, so SIGTERM is swallowed, nothing drains, and the server runs on until SIGKILL", Evidence: d.never, Fix: "Set GracefulTimeout to a positive drain timeout (0 means Echo's 10s default), or run " + fix}
	}
	if len(d.drains) == 0 {
		msg := "SIGTERM is caught but nothing calls Shutdown: nothing drains in-flight requests"
		if len(d.dead) > 0 {
			msg = "SIGTERM is caught but nothing calls Shutdown where main's flow runs (the Shutdown found is in a function nothing calls): nothing drains in-flight requests"
		}
		return Result{Status: Fail, Message: msg, Evidence: slices.Concat(sigEv, d.dead, serveEv), Fix: fix}
	}
	if ev := p.exitsOnSignal(notify); ev != nil {
		return Result{Status: Fail, Message: "the code that receives SIGTERM exits the process at once (" + callName(ev.exit) + " before any Shutdown): nothing drains in-flight requests, and deferred calls do not run", Evidence: []repo.Evidence{p.at(ev.receive), p.at(ev.exit)},
			Fix: "After the signal is received, turn readiness off and call Shutdown with a timeout before the process exits, or run " + fix}
	}
	if len(d.cancelled) > 0 {
		return Result{Status: Fail, Message: "Shutdown's context derives from the signal context (signal.NotifyContext), which is already done when the drain starts: Shutdown returns context.Canceled at once and in-flight requests are cut", Evidence: d.cancelled, Fix: "Derive the drain context from context.WithoutCancel(ctx) or context.Background(): context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second), or run " + fix}
	}
	if len(d.waited) > 0 {
		return Result{Status: Fail, Message: "Shutdown's context derives from a context the code waits on before the drain (<-ctx.Done()), which is over when the drain starts: Shutdown returns context.Canceled at once and in-flight requests are cut", Evidence: d.waited, Fix: "Derive the drain context from context.WithoutCancel(ctx) or context.Background(): context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second), or run " + fix}
	}
	if ev := p.signalBase(); ev != nil {
		return Result{Status: Fail, Message: "the server's " + ev.field + " returns " + ev.what + ", and every request's context derives from it: SIGTERM cancels the requests in flight at once, so handlers that honour r.Context() (database calls, outgoing requests) fail them instead of letting Shutdown drain them", Evidence: ev.at,
			Fix: "Return from " + ev.field + " a context the signal does not cancel (context.WithoutCancel(ctx), or context.Background()), cancelled only once Shutdown has returned if handlers should see the end, or run " + fix}
	}
	if len(d.copied) > 0 {
		return Result{Status: Fail, Message: "Shutdown is called on a copy of the server: " + d.copiedWhy + "; the copy closes the listeners, but the server that serves is not shutting down, so its serve call returns an error at once (not http.ErrServerClosed) and in-flight requests are cut", Evidence: d.copied, Fix: "Give the method a pointer receiver, or hold the server by pointer (*http.Server), or run " + fix}
	}
	if len(d.done) > 0 {
		return Result{Status: Fail, Message: "Shutdown's context is already over when Shutdown is called (a zero or negative timeout, or its cancel function called first, a deferred call running after the code in place, the last deferred first): Shutdown returns at once and in-flight requests are cut", Evidence: d.done, Fix: "Give Shutdown a context with a real timeout, made right before it and cancelled only after it (ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second); defer cancel()), or run " + fix}
	}
	if len(d.closed) > 0 {
		return Result{Status: Fail, Message: "Close is called on the server before Shutdown: Close shuts every listener and connection at once, cutting in-flight requests, and Shutdown then has nothing left to drain", Evidence: d.closed, Fix: "Call Shutdown first, with the drain deadline, and Close only if Shutdown returns an error (the deadline passed), or run " + fix}
	}
	if len(d.short) > 0 {
		return Result{Status: Fail, Message: fmt.Sprintf("Shutdown's drain timeout is a constant of %s: %s, so Shutdown gives up at once and in-flight requests are cut", d.shortest, unitMistake(d.shortest, "context.WithTimeout(ctx, 10)")), Evidence: slices.Concat(d.short, d.drains), Fix: "Give the timeout its unit (15*time.Second, time.Duration(n)*time.Second), or run " + fix}
	}
	if len(d.early) > 0 {
		// A service runs far longer than any drain timeout, so a deadline that counts
		// from before the wait has as good as always passed when Shutdown runs: FAIL, not
		// WARN.
		return Result{Status: Fail, Message: "Shutdown's timeout is set before the wait for the signal: the deadline counts from the start, not from the drain, so once the service has run that long Shutdown returns context.DeadlineExceeded at once and in-flight requests are cut", Evidence: d.early, Fix: "Create the timed context after the signal is received, right before Shutdown: ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second), or run " + fix}
	}
	if msg, ev := p.echoUndrained(); msg != "" {
		return Result{Status: Fail, Message: msg, Evidence: ev, Fix: "Call Shutdown on the server handed to StartServer (srv.Shutdown(ctx)), with the drain deadline, or run " + fix}
	}
	if msg, ev := p.undrained(serve); msg != "" {
		return Result{Status: Fail, Message: msg, Evidence: ev, Fix: "Call Shutdown on every server the program starts, with the same drain deadline, or run " + fix}
	}
	if msg, ev := p.exitsBeforeDrain(serve); msg != "" {
		return Result{Status: Fail, Message: msg, Evidence: ev, Fix: "Exit on a serve error only when it is not http.ErrServerClosed, and wait for Shutdown to return before main does (a channel the draining goroutine closes, a sync.WaitGroup, an errgroup's Wait), or run " + fix}
	}
	var warn []string
	ev := append(sigEv, d.drains...)
	if caught.names["SIGKILL"] {
		warn = append(warn, "os.Kill in the signal list cannot be caught")
	}
	if m := p.unbufferedSignal(notify); m != nil {
		warn = append(warn, "signal.Notify relays to an unbuffered channel ("+types.ExprString(m)+"): os/signal never blocks sending, so a SIGTERM that arrives while nothing waits on the channel (during start-up, say) is dropped and the process runs on until SIGKILL; give it a buffer (make(chan os.Signal, 1))")
		ev = append(ev, p.at(m))
	}
	if len(d.brief) > 0 {
		warn = append(warn, fmt.Sprintf("Shutdown's drain timeout is a constant of %s: requests that take longer are cut (%s)", d.shortest, unitMistake(d.shortest, "")))
		ev = append(ev, d.brief...)
	}
	if len(d.flagged) > 0 {
		warn = append(warn, fmt.Sprintf("Shutdown's drain timeout comes from a flag whose default is zero (%s): unless it is given, Shutdown's context is already over when Shutdown is called, so it returns at once and in-flight requests are cut", strings.Join(dedupe(d.flags), ", ")))
		ev = append(ev, d.flagged...)
	}
	if len(d.timed) == 0 {
		warn = append(warn, "Shutdown has no deadline (its context is context.Background or context.WithoutCancel, which drops its parent's deadline, or derives from them without a timeout): a stuck request blocks the exit until SIGKILL")
		ev = append(ev, d.untimed...)
	}
	grpcEv, grpcWarn, grpcUnknown, grpcHealth := p.grpcShutdown()
	turns := "readiness turns 503"
	isReady, asked := a.readyPaths(p)
	portMsg, portSure := "", false // the readinessProbe's port does not reach readiness
	pathMsg, pathSure := "", false // the readinessProbe's path is no route of the program
	switch flip, never := p.readinessFlip(isReady); {
	case flip != nil:
		ev = append(ev, *flip)
		if addrs, at := p.loopbackOnly(isReady); len(addrs) > 0 {
			warn = append(warn, "readiness turns 503 on shutdown, but it is served only on a loopback listener ("+strings.Join(addrs, ", ")+"): Kubernetes httpGet probes and load balancers, which connect to the pod's IP, never see it")
			ev = append(ev, at...)
		} else if msg, at, sure := a.probePort(p, "readinessProbe"); msg != "" {
			portMsg, portSure = msg, sure
			ev = append(ev, at...)
		}
		if asked == "" {
			route := ""
			for _, l := range p.paths {
				if served := slices.DeleteFunc(p.servedPaths(l), func(v string) bool { return !isReady(v) }); l.route && len(served) > 0 {
					route = patternPath(served[0])
					break
				}
			}
			if msg, at, sure := a.probeUnrouted(p, "readinessProbe", route); msg != "" {
				pathMsg, pathSure = msg, sure
				ev = append(ev, at...)
			}
		}
	case never != nil && p.lateFlip() != nil:
		warn = append(warn, "readiness turns 503 only after Shutdown has closed the listeners (after Shutdown returns, deferred in the function that calls it, or in a RegisterOnShutdown hook): no probe can see it, so load balancers learn of the shutdown from refused connections")
		ev = append(ev, *never, *p.lateFlip())
	case never != nil:
		warn = append(warn, "the readiness endpoint can answer 503, but nothing in main's flow sets what it tests to the value that answers 503 once the signal is received (a flag never set so, or set so only before the wait for the signal, or only the error of a dependency's check): it never turns 503 on shutdown")
		ev = append(ev, *never)
	case grpcHealth: // readiness over gRPC: connect-go's grpchealth on the same server
		ev = append(ev, grpcEv...)
		turns = "readiness (the gRPC health service) turns NOT_SERVING"
		switch {
		case grpcUnknown != "" && len(warn) == 0:
			return Result{Status: Unknown, Message: "SIGTERM is caught and Shutdown drains with a timeout; " + grpcUnknown, Evidence: append(ev, d.timed...), Fix: "Name the service in the probes (readinessProbe: grpc: {port: 8080, service: <name>}), or give grpchealth.NewHandler a Checker of your own whose Check answers NOT_SERVING for service \"\" too once the signal is received."}
		case grpcUnknown != "":
			warn = append(warn, grpcUnknown)
		case grpcWarn != "":
			warn = append(warn, grpcWarn)
		}
	default:
		if gen := p.generatedPath(isReady); gen != "" {
			// Generated files are no evidence: whether that endpoint turns 503 is not read.
			if len(warn) == 0 {
				return Result{Status: Unknown, Message: "SIGTERM is caught and Shutdown drains with a timeout; no readiness endpoint is registered in the code this audit reads, but generated code names one (" + gen + "); generated files are no evidence: check that it turns 503 on shutdown", Evidence: append(ev, d.timed...)}
			}
			warn = append(warn, "the readiness endpoint is in generated code ("+gen+"), which this audit does not read: check that it turns 503 on shutdown")
			break
		}
		msg := "no readiness endpoint turns 503 on shutdown: load balancers keep sending requests while the server drains"
		if asked != "" {
			msg = "no readiness endpoint turns 503 on shutdown: the readinessProbe asks " + asked + ", which never answers 503, so the kubelet keeps the pod ready and load balancers keep sending requests while the server drains"
			if named, _ := p.readinessFlip(isReadyPath); named != nil {
				msg += " (a route named for readiness answers 503 at " + named.File + ":" + strconv.Itoa(named.Line) + ", but no readinessProbe asks it)"
				ev = append(ev, *named)
			}
		}
		for _, l := range p.paths {
			if !l.route || !p.servedAt(l, isReady) {
				continue
			}
			if reason := p.unroutable(l.node, l.name); reason != "" {
				if methodOnlyReason(reason) {
					reason += ": probes send GET"
				}
				msg += " (" + l.value + " is " + reason + ")"
				ev = append(ev, p.at(l.node))
				break
			}
		}
		warn = append(warn, msg)
	}
	var unsure []string // what would make a PASS wrong but cannot be told
	switch {
	case portMsg != "" && (portSure || len(warn) > 0):
		warn = append(warn, portMsg)
	case portMsg != "":
		unsure = append(unsure, portMsg)
	}
	switch {
	case pathMsg != "" && (pathSure || len(warn) > 0):
		warn = append(warn, pathMsg)
	case pathMsg != "":
		unsure = append(unsure, pathMsg)
	}
	if note, at := a.skippedProbesNote(p, "readinessProbe"); note != "" {
		unsure = append(unsure, note)
		ev = append(ev, at...)
	}
	// a grace period too short in a pod spec that may not run p
	graceWarn := false // the grace period is among warn: the fix is the manifest's
	switch msg, at, sure := a.graceShort(p); {
	case msg != "" && (sure || len(warn) > 0):
		warn = append(warn, msg)
		ev = append(ev, at...)
		graceWarn = true
	case msg != "":
		unsure = append(unsure, msg)
		ev = append(ev, at...)
	}
	for _, st := range dedupe(stopNames) {
		if caught.all || caught.names[st] {
			continue
		}
		msg := fmt.Sprintf("Shutdown drains with a timeout, but whether %s is caught cannot be told: %s; check by hand that the signals caught hold %s", st, caught.unsure(st), st)
		also := slices.Concat(warn, unsure)
		if len(also) > 0 {
			msg += "; also, " + strings.Join(also, "; ")
		}
		return Result{Status: Unknown, Message: msg, Evidence: append(ev, d.timed...), Fix: fix}
	}
	if len(warn) > 0 {
		if graceWarn {
			// add shutdown would not change the grace period of the pods
			const graceFix = "Raise terminationGracePeriodSeconds in the pod spec named above (or shorten the preStop hook, the shutdown delay or the drain timeout) until the hook, the delay and the drain fit in it: the kubelet sends SIGKILL when it ends."
			if fix = graceFix; len(warn) > 1 {
				fix = "For the rest: gonew-prod add shutdown. " + graceFix
			}
		}
		return Result{Status: Warn, Message: strings.Join(warn, "; "), Evidence: ev, Fix: fix}
	}
	pass := "SIGTERM is caught, Shutdown drains with a timeout and " + turns
	if stopNames = dedupe(stopNames); !slices.Equal(stopNames, []string{"SIGTERM"}) {
		pass = strings.Join(stopNames, " and ") + ", the stop signal of the image, is caught, Shutdown drains with a timeout and " + turns
	}
	if len(unsure) > 0 {
		return Result{Status: Unknown, Message: pass + "; but " + strings.Join(unsure, "; "), Evidence: append(ev, d.timed...), Fix: fix}
	}
	return Result{Status: Pass, Message: pass, Evidence: append(ev, d.timed...)}
}

// graceShort returns why the termination grace period of the pods that run p is too
// short for its drain, with the evidence, or "": the kubelet sends SIGKILL that many
// seconds after it starts stopping the pod, so the preStop hook, which runs first
// and delays SIGTERM until it ends, plus the shutdown delay and the drain timeout
// (see drainBudget) must fit in it. The grace period is
// terminationGracePeriodSeconds of the pod spec of each manifest container tied to
// p's main package (see tieOf; Kubernetes' default of 30 seconds when a manifest
// sets none), as each deployment gives it: a kustomize overlay's patches may lower
// or raise it, or add a preStop hook (see deployments), and every deployment must
// leave the time, so the one that leaves the shortest time after its preStop hook
// counts. A hook whose time is not read (see readPreStop) may leave the whole grace
// period: it counts only when that is short already. A drain that drainBudget
// cannot tell is read from the configuration (see configuredGraceShort); a grace
// period that cannot be read (a template) is left out,
// but one of a manifest that could not be parsed is named when none is short.
// sure is false when the pod spec that is short may not run p: a container tied to
// no main package, when none is tied to p, or a manifest that could not be parsed
// (see skippedGraces), which the caller makes UNKNOWN where it changes the verdict.
func (a *auditor) graceShort(p *program) (msg string, ev []repo.Evidence, sure bool) {
	need, needEv, ok := p.drainBudget()
	if !ok {
		return a.configuredGraceShort(p)
	}
	left := graceLeft
	// shortestOf returns the container of cs that leaves the least time, among
	// those whose grace period is a value no values file of the chart sets when
	// unset is true, among the others when it is false.
	shortestOf := func(cs []container, unset bool) *container {
		var shortest *container
		for i := range cs {
			if cs[i].graceKnown && (cs[i].graceUnset != "") == unset && (shortest == nil || left(&cs[i]) < left(shortest)) {
				shortest = &cs[i]
			}
		}
		return shortest
	}
	tied, untied := a.deployedFor(p)
	if shortest := shortestOf(tied, false); shortest != nil && left(shortest) < need {
		msg, ev := graceMessage(shortest, left(shortest), need, needEv)
		return msg, ev, true
	}
	// A Helm value that no values file of the chart sets may be set by the install
	// (a parent chart's values, helmfile, Argo CD, --set): Kubernetes' default is
	// what the chart alone gives, which cannot be told to be the one deployed.
	if shortest := shortestOf(tied, true); shortest != nil && left(shortest) < need {
		msg, ev := graceMessage(shortest, left(shortest), need, needEv)
		return msg + ": check the value the install gives it", ev, false
	}
	if len(tied) > 0 {
		untied = nil
	}
	skipped := a.skippedGraces()
	shortest := shortestOf(append(untied, skipped...), false)
	if s := shortestOf(append(untied, skipped...), true); shortest == nil || s != nil && left(s) < left(shortest) {
		shortest = s
	}
	if shortest == nil || left(shortest) >= need {
		for _, c := range skipped {
			if !c.graceKnown && c.graceAt != nil {
				return fmt.Sprintf("the manifest %s, which could not be parsed, may deploy this program, and its terminationGracePeriodSeconds (%s:%d) is not a number this audit reads: whether it leaves the shutdown delay and drain timeout (%s) cannot be told: check which pods run this program", c.skipped, c.graceAt.File, c.graceAt.Line, need), append([]repo.Evidence{*c.graceAt}, needEv...), false
			}
		}
		return "", nil, false
	}
	msg, ev = graceMessage(shortest, left(shortest), need, needEv)
	if shortest.skipped != "" {
		if !strings.HasPrefix(msg, "the pod's") {
			msg = "its " + msg
		}
		return "the manifest " + shortest.skipped + ", which could not be parsed, may deploy this program; read line by line, " + msg + ": check which pods run this program", ev, false
	}
	return fmt.Sprintf("the container %s (image %s), which no name ties to this program or to another main package, may run it; its %s: check which pods run this program", shortest.name, shortest.image, msg), ev, false
}

// graceMessage says why the grace period of the container c, which leaves the time
// left after its preStop hook, is too short for the shutdown delay and drain timeout
// need (see graceShort), with the evidence.
func graceMessage(c *container, left, need time.Duration, needEv []repo.Evidence) (string, []repo.Evidence) {
	what := fmt.Sprintf("terminationGracePeriodSeconds: %d", c.grace)
	var ev []repo.Evidence
	switch {
	case c.graceAt != nil && c.graceUnset != "":
		what = fmt.Sprintf("terminationGracePeriodSeconds: %s (%s:%d), a value that no values file of the chart sets (a parent chart, helmfile, Argo CD or --set may set it at install, which this audit does not read), renders empty without it, and the pod gets Kubernetes' default of 30s; that", c.graceUnset, c.graceAt.File, c.graceAt.Line)
		ev = append(ev, *c.graceAt)
	case c.graceAt != nil && c.graceFrom != nil:
		what += fmt.Sprintf(" (%s, set by %s:%d)", c.graceAt.File, c.graceFrom.File, c.graceFrom.Line)
		ev = append(ev, *c.graceAt, *c.graceFrom)
	case c.graceAt != nil:
		what += " (" + c.graceAt.File + ")"
		ev = append(ev, *c.graceAt)
	default:
		what = "the pod's termination grace period, Kubernetes' default of 30s (no terminationGracePeriodSeconds is set),"
	}
	if c.deployedBy != "" {
		what = "in the kustomize build of " + path.Dir(c.deployedBy) + ", " + what
	}
	hook := c.preStop
	switch {
	case hook == nil || hook.known && hook.lasts == 0:
		return fmt.Sprintf("%s is shorter than the shutdown delay and drain timeout (%s): the kubelet sends SIGKILL %ds after SIGTERM, cutting the requests still in flight before Shutdown's deadline", what, need, c.grace), append(ev, needEv...)
	case !hook.known:
		return fmt.Sprintf("%s is shorter than the shutdown delay and drain timeout (%s), and the preStop hook (%s, %s:%d), which this audit does not time, runs within it before SIGTERM: the kubelet sends SIGKILL at most %ds after SIGTERM, cutting the requests still in flight before Shutdown's deadline", what, need, hook.what, hook.at.File, hook.at.Line, c.grace), append(append(ev, hook.at), needEv...)
	}
	what = fmt.Sprintf("%s is shorter than the preStop hook (%s, %s, %s:%d) plus the shutdown delay and drain timeout (%s): the grace period starts with the preStop hook and SIGTERM comes only once it ends", what, hook.what, hook.lasts, hook.at.File, hook.at.Line, need)
	ev = append(append(ev, hook.at), needEv...)
	if left > 0 {
		return fmt.Sprintf("%s, so the kubelet sends SIGKILL %s after SIGTERM, cutting the requests still in flight before Shutdown's deadline", what, left), ev
	}
	return what + ", so no time is left to drain before the kubelet's SIGKILL", ev
}

// drainBudget returns the longest time p may take from the signal to the end of its
// drain, with the evidence, when it can tell: for each Shutdown call main's flow runs,
// the constant durations of the time.Sleep and time.After calls written before it in
// its function (the shutdown delay that lets load balancers see readiness turn 503),
// plus its context's constant timeout. ok is false when a Shutdown's timeout is not a
// constant this audit reads, or when there is none.
func (p *program) drainBudget() (need time.Duration, ev []repo.Evidence, ok bool) {
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) != 1 || !p.mayBeServer(c) || !p.runs(c.site) {
			continue
		}
		dl := p.deadline(paramArg{call: c})
		if dl == nil {
			return 0, nil, false
		}
		t, known := p.timeoutOf(c.file, dl)
		if !known || t <= 0 {
			return 0, nil, false
		}
		at := []repo.Evidence{p.at(dl)}
		if body := funcBody(c.fn); body != nil {
			ast.Inspect(body, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.CallExpr:
					if pkg, name, isQ := c.file.qualified(x.Fun); isQ && pkg == "time" && (name == "Sleep" || name == "After") && len(x.Args) == 1 && x.End() <= c.expr.Pos() {
						if d, isC := p.constDuration(x.Args[0]); isC && d > 0 {
							t += d
							at = append(at, p.at(x))
						}
					}
				}
				return true
			})
		}
		if t > need {
			need, ev = t, at
		}
	}
	return need, ev, need > 0
}

// imageSignal is a signal that stops the process: the STOPSIGNAL of an image that
// ships it, with the instruction ("" when this audit cannot read it), or SIGTERM,
// which Kubernetes and docker stop send by default (with no instruction).
type imageSignal struct {
	name string
	in   instruction
}

// stopSignals returns the signals that stop p's process: the STOPSIGNAL, or
// SIGTERM, of each image that ships it (see shippedImages), or SIGTERM when none
// does.
func (a *auditor) stopSignals(p *program) []imageSignal {
	var out []imageSignal
	for _, im := range a.shippedImages(p) {
		if name, in, ok := im.final.stopSignal(); ok {
			out = append(out, imageSignal{name: name, in: in})
			continue
		}
		out = append(out, imageSignal{name: "SIGTERM"})
	}
	if len(out) == 0 {
		out = append(out, imageSignal{name: "SIGTERM"})
	}
	return out
}

// unforwarded returns why the stop signal (stops, the names of the images' stop
// signals) never reaches p's process, and where: an image that ships it runs, as
// its ENTRYPOINT (or CMD without one), a shell script of the repository that starts
// the program without exec and traps no stop signal. The shell is then PID 1, and
// a shell neither passes a signal on to the program it waits for, nor, as PID 1
// (no default action), dies of it.
func (a *auditor) unforwarded(p *program, stops []string) (string, []repo.Evidence) {
	for _, im := range a.shippedImages(p) {
		for _, c := range im.final.commands() {
			if c.name == "HEALTHCHECK" {
				continue
			}
			sc, ok := im.df.script(a.r, im.final, c)
			if !ok || !sc.shell && !slices.ContainsFunc(sc.interp, func(w string) bool { return slices.Contains(shells, path.Base(w)) }) {
				continue // no shell script: a binary, or another interpreter
			}
			if execs, traps := scriptExec(string(sc.src), stops); execs || traps {
				continue
			}
			sig := strings.Join(stops, " and ")
			return fmt.Sprintf("the image's %s (%s:%d) runs %s, a shell script that starts the program without exec: the shell stays PID 1 and does not pass %s on to the program it waits for, so the signal handling never runs, nothing drains, and the container is killed (SIGKILL) at the end of the grace period", c.name, c.at.File, c.at.Line, sc.file, sig),
				[]repo.Evidence{c.at, a.r.At(sc.file, 1)}
		}
	}
	return "", nil
}

// shellSeparators split a shell line into its simple commands (roughly: quotes
// are not heeded).
var shellSeparators = regexp.MustCompile(`&&|\|\||[;&|(){}]`)

// scriptExec reads a shell script: whether a command of it is exec with a
// program (not exec with redirections alone), and whether it traps one of the
// signals stops (or TERM, by name or number).
func scriptExec(src string, stops []string) (execs, traps bool) {
	trapped := []string{"TERM", "SIGTERM", "15"}
	for _, s := range stops {
		trapped = append(trapped, s, strings.TrimPrefix(s, "SIG"))
	}
	for _, ll := range logicalLines(src, "\\") {
		line := ll.text
		if i := strings.Index(line, "#"); i == 0 || i > 0 && (line[i-1] == ' ' || line[i-1] == '\t') {
			line = line[:i]
		}
		if words := strings.Fields(line); len(words) > 0 && words[0] == "trap" {
			// trap 'kill -TERM "$pid"; wait' TERM: the action may hold separators
			for _, w := range words[1:] {
				if slices.Contains(trapped, strings.ToUpper(strings.Trim(w, `"';`))) {
					traps = true
				}
			}
		}
		for _, part := range shellSeparators.Split(line, -1) {
			words := strings.Fields(part)
			for len(words) > 0 && slices.Contains([]string{"then", "else", "do", "!", "if", "while", "until", "elif"}, words[0]) {
				words = words[1:]
			}
			if len(words) < 2 {
				continue
			}
			switch words[0] {
			case "exec":
				if w := strings.TrimLeft(words[1], "0123456789"); !strings.HasPrefix(w, ">") && !strings.HasPrefix(w, "<") {
					execs = true
				}
			case "trap":
				for _, w := range words[1:] {
					if slices.Contains(trapped, strings.ToUpper(strings.Trim(w, `"';`))) {
						traps = true
					}
				}
			}
		}
	}
	return execs, traps
}

// uncaught says what signal sig, not caught, does to a Go program.
func uncaught(sig string) string {
	switch sig {
	case "SIGQUIT", "SIGABRT":
		return "the Go runtime dumps every goroutine's stack and exits (status 2) mid-request: nothing drains"
	case "SIGKILL":
		return "SIGKILL cannot be caught: the process dies mid-request"
	case "SIGWINCH", "SIGURG", "SIGCHLD":
		return "its default action ignores it: nothing drains, and the process runs on until SIGKILL"
	}
	return "its default action kills the process mid-request: nothing drains"
}

// undoes says what a signal.Ignore or Reset (name) of sig does once it is caught.
func undoes(name, sig string) string {
	if name == "Ignore" {
		return sig + " is then ignored: nothing drains, and the process runs on until SIGKILL"
	}
	return sig + " then has its default action again and kills the process mid-request: nothing drains"
}

// undoneSignal returns a signal.Ignore or Reset call that main's flow runs and that
// names sig, when one may run after a Notify or NotifyContext of notify that catches
// sig and before the signal comes, and whether it surely does: it is written after
// that Notify in the same function, with no wait between them. One written before
// every such Notify of its function has no effect (Notify catches the signal
// again), and one after a wait in its function (a receive, a select, a Wait) is
// taken to run once the signal has come, so that a second one stops the process at
// once; one in another function may run before or after. An argument this audit
// cannot read is taken not to name sig.
func (p *program) undoneSignal(notify []call, sig string) (undo *call, after bool) {
	var catching []call
	for _, n := range notify {
		if s := p.signalsOf(n); s.all || s.names[sig] {
			catching = append(catching, n)
		}
	}
	for _, c := range p.callsTo("os/signal", "Ignore", "Reset") {
		if s := p.signalsOf(c); c.fn == nil || !p.runs(c.site) || !s.all && !s.names[sig] {
			continue
		}
		sameFn := func(n call) bool { return n.fn == c.fn }
		switch {
		case slices.ContainsFunc(catching, func(n call) bool {
			return sameFn(n) && n.expr.Pos() < c.expr.Pos() && !p.waitsIn(c, n.expr.End())
		}):
			return &c, true
		case len(catching) > 0 && !slices.ContainsFunc(catching, sameFn) && !p.waitsIn(c, funcBody(c.fn).Pos()):
			if undo == nil {
				undo = &c
			}
		}
	}
	return undo, false
}

// stoppedSignal returns a signal.Stop call that main's flow runs and that surely
// ends the relay of sig, before anything receives it, to the channel of every
// Notify of notify that catches sig, with how: deferred in the function that calls
// Notify and returns the channel (the relay ends when it returns); or written after
// that Notify in the same function with nothing between them but calls of functions
// of other modules (no receive, select, Wait, or call of the program or of a method
// that may block). When only one Notify catches sig, a Stop written before a
// receive from the same variable in its function, with no wait before it there,
// counts too (sig := termSignal(); signal.Stop(sig); <-sig). A Stop in any other
// place is taken to run once the signal has come.
func (p *program) stoppedSignal(notify []call, sig string) (*call, string) {
	chanOf := func(c call) string {
		if len(c.expr.Args) == 0 {
			return ""
		}
		if id, ok := unparen(c.expr.Args[0]).(*ast.Ident); ok && id.Name != "_" {
			return id.Name
		}
		return ""
	}
	var catching []call
	for _, n := range notify {
		if s := p.signalsOf(n); s.all || s.names[sig] {
			catching = append(catching, n)
		}
	}
	stops := p.callsTo("os/signal", "Stop")
	stopOf := func(n call) (*call, string) {
		x := chanOf(n)
		body := funcBody(n.fn)
		if n.name == "NotifyContext" && body != nil {
			return p.stoppedContext(n, body)
		}
		if n.name != "Notify" || x == "" || body == nil {
			return nil, ""
		}
		for _, c := range stops {
			if c.fn != n.fn || chanOf(c) != x || !p.runs(c.site) {
				continue
			}
			if deferred(body, c.expr) != nil {
				if slices.ContainsFunc(returns(body), func(r *ast.ReturnStmt) bool {
					return slices.ContainsFunc(r.Results, func(e ast.Expr) bool { return isName(unparen(e), x) })
				}) {
					return &c, "is deferred in the function that returns the channel " + x + ", so it runs when that returns, before anything receives from " + x
				}
				continue
			}
			if c.expr.Pos() > n.expr.End() && !p.mayBlock(c.file, body, n.expr.End(), c.expr.Pos()) {
				return &c, "runs right after the Notify of " + x + ", before anything receives from it"
			}
		}
		return nil, ""
	}
	var first *call
	why := ""
	for _, n := range catching {
		c, w := stopOf(n)
		if c == nil {
			first = nil
			break
		}
		if first == nil {
			first, why = c, w
		}
	}
	if first != nil || len(catching) != 1 {
		return first, why
	}
	for _, c := range stops {
		x := chanOf(c)
		body := funcBody(c.fn)
		if x == "" || body == nil || !p.runs(c.site) || deferred(body, c.expr) != nil || p.waitsIn(c, body.Pos()) {
			continue
		}
		var recv ast.Node
		ast.Inspect(body, func(n ast.Node) bool {
			switch y := n.(type) {
			case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
				return false
			case *ast.UnaryExpr:
				if y.Op == token.ARROW && y.Pos() > c.expr.End() && isName(unparen(y.X), x) {
					recv = y
				}
			}
			return recv == nil
		})
		if recv != nil && !slices.ContainsFunc(notify, func(n call) bool {
			return n.fn == c.fn && chanOf(n) == x && n.expr.Pos() > c.expr.End() && n.expr.Pos() < recv.Pos()
		}) {
			return &c, "runs before the receive from " + x
		}
	}
	return nil, ""
}

// stoppedContext returns the call of the stop function of signal.NotifyContext n
// (ctx, stop := signal.NotifyContext(...), in body) that runs before anything waits
// on ctx, with why: a stop() written straight in body right after n with nothing
// between them that may block, or before the first ctx.Done() of body's own code,
// or deferred in a function that returns ctx. A stop() under a condition, in a
// function literal, or after a wait on ctx does not count.
func (p *program) stoppedContext(n call, body *ast.BlockStmt) (*call, string) {
	var ctxName, stopName string
	for _, st := range body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || unparen(as.Rhs[0]) != n.expr {
			continue
		}
		c, ok1 := as.Lhs[0].(*ast.Ident)
		s, ok2 := as.Lhs[1].(*ast.Ident)
		if ok1 && ok2 && s.Name != "_" {
			ctxName, stopName = c.Name, s.Name
		}
	}
	if stopName == "" {
		return nil, ""
	}
	// dones are the ctx.Done() calls of body's own code (not of the function
	// literals, goroutines or deferred calls in it).
	var dones []token.Pos
	ast.Inspect(body, func(x ast.Node) bool {
		switch y := x.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.CallExpr:
			if sel, ok := y.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" && isName(unparen(sel.X), ctxName) {
				dones = append(dones, y.Pos())
			}
		}
		return true
	})
	for _, c := range p.calls {
		id, ok := c.expr.Fun.(*ast.Ident)
		if !ok || id.Name != stopName || c.fn != n.fn || len(c.expr.Args) > 0 || c.expr.Pos() < n.expr.End() || !p.runs(c.site) {
			continue
		}
		if deferred(body, c.expr) != nil {
			if slices.ContainsFunc(returns(body), func(r *ast.ReturnStmt) bool {
				return slices.ContainsFunc(r.Results, func(e ast.Expr) bool { return isName(unparen(e), ctxName) })
			}) {
				return &c, "is deferred in the function that returns the context " + ctxName + ", so it runs when that returns, before anything waits on " + ctxName
			}
			continue
		}
		if !slices.ContainsFunc(body.List, func(st ast.Stmt) bool {
			es, ok := st.(*ast.ExprStmt)
			return ok && es.X == c.expr
		}) {
			continue // under a condition, or in a goroutine
		}
		if !p.mayBlock(c.file, body, n.expr.End(), c.expr.Pos()) {
			return &c, "runs right after the NotifyContext, before anything waits on " + ctxName
		}
		if i := slices.IndexFunc(dones, func(d token.Pos) bool { return d > n.expr.End() }); i >= 0 && dones[i] > c.expr.End() {
			return &c, "runs before the wait on " + ctxName + " (" + ctxName + ".Done())"
		}
	}
	return nil, ""
}

// mayBlock reports whether code of body (not of the function literals, goroutines
// or deferred calls in it) from from to to may block: a receive, a select, or a
// call other than of a function of a package outside the program (a method call,
// a call of a function of the program or of a func value) or a builtin.
func (p *program) mayBlock(pf *pfile, body *ast.BlockStmt, from, to token.Pos) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found || n == nil || n.End() <= from || n.Pos() >= to {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			found = x.Op == token.ARROW
		case *ast.CallExpr:
			switch f := unparen(x.Fun).(type) {
			case *ast.Ident:
				found = !slices.Contains([]string{"make", "len", "cap", "new", "append", "print", "println"}, f.Name)
			case *ast.SelectorExpr:
				pkg, _, ok := pf.qualified(f)
				found = !ok || p.inProgram(pkg)
			default:
				found = true
			}
		}
		return !found
	})
	return found
}

// waitsIn reports whether the function of call c may wait, from from to c, for
// something other than a timer: a receive, a select, or a Wait method (not in a
// function literal, a goroutine or a deferred call).
func (p *program) waitsIn(c call, from token.Pos) bool {
	found := false
	ast.Inspect(funcBody(c.fn), func(n ast.Node) bool {
		if found || n == nil || n.End() <= from || n.Pos() >= c.expr.Pos() {
			return false
		}
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			return false
		case *ast.SelectStmt:
			found = true
		case *ast.UnaryExpr:
			found = x.Op == token.ARROW && !timerChan(c.file, x.X)
		case *ast.CallExpr:
			found = strings.HasSuffix(callName(x), ".Wait")
		}
		return !found
	})
	return found
}

// signalExit is a receive of the signal followed at once by a call that exits.
type signalExit struct {
	receive ast.Node
	exit    *ast.CallExpr
}

// exitsOnSignal returns a receive of a signal (<-sig from a signal.Notify channel,
// <-ctx.Done() of a signal.NotifyContext context, in the function that makes it or
// a literal in it) whose statement is followed, in its block, by a call that exits
// the process (os.Exit, log.Fatal, panic) before anything that may drain or wait:
// a Shutdown, a call of a function of the program, a receive, a send, a select or a
// Wait. A receive in a function literal written after a receive of the same signal
// that does not exit is a second signal forcing the exit: it does not count.
func (p *program) exitsOnSignal(notify []call) *signalExit {
	for _, c := range notify {
		body := funcBody(p.outermost(c.fn))
		if body == nil || len(c.expr.Args) == 0 {
			continue
		}
		name := ""
		if c.name == "Notify" {
			if id, ok := unparen(c.expr.Args[0]).(*ast.Ident); ok {
				name = id.Name
			}
		} else {
			ast.Inspect(body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && unparen(as.Rhs[0]) == c.expr {
					if id, ok := as.Lhs[0].(*ast.Ident); ok {
						name = id.Name
					}
				}
				return name == ""
			})
		}
		if name == "" || name == "_" {
			continue
		}
		receives := func(n ast.Node) bool {
			u, ok := n.(*ast.UnaryExpr)
			if !ok || u.Op != token.ARROW {
				return false
			}
			if c.name == "Notify" {
				return isName(unparen(u.X), name)
			}
			call, ok := unparen(u.X).(*ast.CallExpr)
			if !ok {
				return false
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			return ok && sel.Sel.Name == "Done" && isName(sel.X, name)
		}
		var draining []ast.Node // receives that do not exit at once
		var exiting []signalExit
		p.eachReceive(p.outermost(c.fn), receives, func(fn, recv ast.Node, after []ast.Stmt) {
			if exit := p.exitFirst(c.file, fn, after); exit != nil {
				exiting = append(exiting, signalExit{receive: recv, exit: exit})
			} else {
				draining = append(draining, recv)
			}
		})
		for _, e := range exiting {
			if !slices.ContainsFunc(draining, func(d ast.Node) bool { return d.Pos() < e.receive.Pos() }) {
				return &e
			}
		}
	}
	return nil
}

// eachReceive calls f for each statement of function outer (and of the function
// literals in it, with the function holding it) that is a receive matching receives (<-sig, v := <-sig, case <-sig:), with
// the statements that follow it in its block or case.
func (p *program) eachReceive(outer ast.Node, receives func(ast.Node) bool, f func(fn, recv ast.Node, after []ast.Stmt)) {
	isReceive := func(s ast.Stmt) ast.Node {
		var e ast.Expr
		switch x := s.(type) {
		case *ast.ExprStmt:
			e = x.X
		case *ast.AssignStmt:
			if len(x.Rhs) == 1 {
				e = x.Rhs[0]
			}
		}
		if e != nil && receives(unparen(e)) {
			return e
		}
		return nil
	}
	var walk func(fn ast.Node, body ast.Node)
	walk = func(fn ast.Node, body ast.Node) {
		ast.Inspect(body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.FuncLit:
				walk(x, x.Body)
				return false
			case *ast.BlockStmt:
				for i, s := range x.List {
					if r := isReceive(s); r != nil {
						f(fn, r, x.List[i+1:])
					}
				}
			case *ast.CommClause:
				if x.Comm != nil {
					if r := isReceive(x.Comm); r != nil {
						f(fn, r, x.Body)
					}
				}
			}
			return true
		})
	}
	walk(outer, funcBody(outer))
}

// quiet reports whether call x calls a function declaration of the program that
// can neither drain nor wait: its body holds no receive, select, method call, call
// of the program or of a func value, and defers nothing (see mayBlock), as a flush
// of buffered metrics or a log line before os.Exit.
func (p *program) quiet(pf *pfile, x *ast.CallExpr) bool {
	fd, ok := p.funcs[p.funcID(pf, x.Fun)]
	if !ok || fd.node.Body == nil {
		return false
	}
	body := fd.node.Body
	deferring := false
	ast.Inspect(body, func(n ast.Node) bool {
		_, d := n.(*ast.DeferStmt)
		deferring = deferring || d
		return !deferring
	})
	return !deferring && !p.mayBlock(fd.file, body, body.Pos(), body.End())
}

// exitFirst returns the first call in stmts (not in function literals, goroutines
// or deferred calls) that exits the process, when nothing that may drain or wait
// comes before it (see exitsOnSignal); or nil.
func (p *program) exitFirst(pf *pfile, fn ast.Node, stmts []ast.Stmt) *ast.CallExpr {
	var exit *ast.CallExpr
	stop := false
	for _, s := range stmts {
		ast.Inspect(s, func(n ast.Node) bool {
			if stop || exit != nil {
				return false
			}
			switch x := n.(type) {
			case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
				return false
			case *ast.SelectStmt, *ast.SendStmt:
				stop = true
			case *ast.UnaryExpr:
				stop = x.Op == token.ARROW
			case *ast.CallExpr:
				switch {
				case isFatal(pf, x):
					exit = x
				case callName(x) == "Shutdown" || strings.HasSuffix(callName(x), ".Shutdown") || strings.HasSuffix(callName(x), ".Wait"):
					stop = true
				default:
					switch f := x.Fun.(type) {
					case *ast.Ident: // a function of the program, or a func value (cancel)
						stop = !isName(f, "close") && !isName(f, "len") && !isName(f, "print") && !isName(f, "println") && !p.quiet(pf, x)
					case *ast.SelectorExpr: // a method of the program: what it does is not followed
						stop = !isQualified(pf, f) && len(p.programMethods(pf, fn, f.X, f.Sel.Name)) > 0
					}
				}
			}
			return !stop && exit == nil
		})
		if stop || exit != nil {
			break
		}
	}
	return exit
}

func importPath(n ast.Node) string {
	if spec, ok := n.(*ast.ImportSpec); ok {
		return strings.Trim(spec.Path.Value, `"`)
	}
	return ""
}

// fatalServe describes a serve call wrapped in a package's Fatal or Panic function
// (log.Fatal, logrus.Fatal; see isFatal), or returns "".
func (p *program) fatalServe(serve []call) string {
	for _, c := range p.calls {
		if c.pkg == "" || c.pkg == "os" || !isFatal(c.file, c.expr) {
			continue
		}
		for _, s := range serve {
			if slices.Contains(c.expr.Args, ast.Expr(s.expr)) {
				return callName(c.expr) + " wraps the blocking serve call"
			}
		}
	}
	return ""
}

// exitsBeforeDrain says how the process may exit while Shutdown drains, with the
// evidence, or returns "": a serve call whose error reaches log.Fatal (or os.Exit,
// panic) without http.ErrServerClosed excluded, which Shutdown makes it return at
// once; or, when every Shutdown runs in a goroutine, func main ending after its
// serve call without waiting for anything, or right after it starts the goroutine of
// a Shutdown (see unwaitedShutdown).
func (p *program) exitsBeforeDrain(serve []call) (string, []repo.Evidence) {
	var shutdowns []call
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) == 1 && p.runs(c.site) && p.mayBeServer(c) {
			shutdowns = append(shutdowns, c)
		}
	}
	var drained []call // the serve calls of servers that may be shut down
	for _, c := range serve {
		if k := p.echoStart(c); k != "echo/v5 Start" && k != "echo StartConfig" && p.runs(c.site) && shutDown(c, shutdowns) {
			drained = append(drained, c)
		}
	}
	for _, c := range drained {
		fatal, via := p.fatalOnClose(c, 0)
		switch {
		case fatal == nil:
			continue
		case len(via) == 0:
			if pf, _ := p.enclosing(fatal.Pos()); pf != nil && !isFatal(pf, fatal) {
				if inner := p.fatalHelper(pf, fatal, 0); inner != nil {
					return "the serve call's error is passed to " + callName(fatal) + ", which calls " + callName(inner) + " on it without http.ErrServerClosed excluded: the serve call returns that error as soon as Shutdown starts, so the process exits (status 1) mid-drain and in-flight requests are cut", []repo.Evidence{p.at(fatal), p.at(inner)}
				}
			}
			return "the serve call's error reaches " + callName(fatal) + " without http.ErrServerClosed excluded: the serve call returns that error as soon as Shutdown starts, so the process exits (status 1) mid-drain and in-flight requests are cut", []repo.Evidence{p.at(fatal)}
		}
		ev := append(append([]repo.Evidence{p.at(c.expr)}, evidenceOf(p, via)...), p.at(fatal))
		if slices.ContainsFunc(via, func(v call) bool { return v.name == "Wait" }) {
			return "the serve call's error reaches " + callName(fatal) + " without http.ErrServerClosed excluded: the serve call returns that error to its group as soon as Shutdown starts, and the group's Wait returns it, so the process exits with status 1 on every clean stop", ev
		}
		return "the serve call's error reaches " + callName(fatal) + " without http.ErrServerClosed excluded: the serve call returns that error as soon as Shutdown starts, and the function of the program that returns it passes it on at once, so the process exits (status 1) mid-drain and in-flight requests are cut", ev
	}
	if slices.ContainsFunc(shutdowns, func(c call) bool { return !p.inGoroutine(c.fn) && p.goStmtOf(c) == nil }) {
		return "", nil
	}
	for _, c := range drained {
		fd, ok := c.fn.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Name.Name != "main" || c.file.pkg != p.main.Package || p.waitsAfter(c, fd) {
			continue
		}
		msg, ev := "main returns as soon as the serve call does, and the serve call returns (http.ErrServerClosed) as soon as Shutdown starts in its goroutine: nothing waits for the drain", []repo.Evidence{p.at(c.expr), p.at(shutdowns[0].expr)}
		if recv, release := p.earlyWait(fd, c.expr); recv != nil {
			msg = fmt.Sprintf("main returns as soon as the serve call does, and the serve call returns (http.ErrServerClosed) as soon as Shutdown starts in its goroutine: main's %s after it is released by %s, which runs before Shutdown is called: nothing waits for the drain", types.ExprString(recv), releaseString(release))
			ev = append(ev, p.at(recv), p.at(release))
		}
		return msg + ", so the process exits mid-drain and in-flight requests are cut", ev
	}
	for _, c := range drained {
		if w := p.serveGroupWait(c, drained, shutdowns); w != nil {
			what := types.ExprString(w.expr)
			return "main returns as soon as " + what + " does, and the group holds only the serve goroutine, which returns as soon as Shutdown starts in a goroutine outside the group: nothing waits for the drain, so the process exits mid-drain and in-flight requests are cut", []repo.Evidence{p.at(c.expr), p.at(w.expr), p.at(shutdowns[0].expr)}
		}
	}
	for _, c := range shutdowns {
		if start := p.unwaitedShutdown(c, serve); start != nil {
			return "main starts Shutdown in a goroutine and then returns without waiting for it: the process exits as soon as main returns, so nothing drains and in-flight requests are cut", []repo.Evidence{p.at(start), p.at(c.expr)}
		}
		if inner, member := p.detachedShutdown(c, serve); inner != nil {
			return "a goroutine of main starts Shutdown in a goroutine of its own and returns without waiting for it, and main waits only for that goroutine (or its group): main returns as soon as Shutdown starts, so the process exits mid-drain and in-flight requests are cut", []repo.Evidence{p.at(member), p.at(inner), p.at(c.expr)}
		}
	}
	return "", nil
}

// serveGroupWait returns the Wait call in func main of the errgroup or
// sync.WaitGroup that holds the goroutine of serve call c (a function literal of
// main handed to g.Go, or started with go and calling wg.Done) when that Wait is, for
// the drain, the serve call itself: the group holds only goroutines of the drained
// serve calls, none of which holds a Shutdown or waits after its serve call, the group
// variable is used for nothing else (handed to no function), and main waits for
// nothing after the Wait (see waitsAfter). It returns nil otherwise.
func (p *program) serveGroupWait(c call, drained, shutdowns []call) *call {
	var lit *ast.FuncLit
	var fd *ast.FuncDecl
	for f := c.fn; f != nil && fd == nil; f = p.parent[f] {
		if l, ok := f.(*ast.FuncLit); ok {
			lit = l
			fd, _ = p.parent[l].(*ast.FuncDecl)
		}
	}
	if fd == nil || fd.Recv != nil || fd.Name.Name != "main" || c.file.pkg != p.main.Package || fd.Body == nil {
		return nil
	}
	serves := func(n ast.Node) bool {
		return slices.ContainsFunc(drained, func(d call) bool { return encloses(n, d.expr) })
	}
	group := ""
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" && len(x.Args) == 1 && x.Args[0] == ast.Expr(lit) {
				group = lastName(sel.X)
			}
		case *ast.GoStmt:
			if x.Call.Fun == ast.Expr(lit) {
				ast.Inspect(lit.Body, func(n ast.Node) bool {
					if dc, ok := n.(*ast.CallExpr); ok && len(dc.Args) == 0 {
						if sel, ok := dc.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
							if id, ok := sel.X.(*ast.Ident); ok {
								group = id.Name
							}
						}
					}
					return group == ""
				})
			}
		}
		return group == ""
	})
	if group == "" {
		return nil
	}
	// Every use of the group's name: its declaration, Go of a serve goroutine, Add,
	// Done in a serve goroutine, Wait; anything else may add a goroutine that drains.
	var members []*ast.FuncLit
	var wait *ast.CallExpr
	uses, known := 0, 0
	var stack []ast.Node
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		switch x := n.(type) {
		case *ast.Ident:
			if x.Name == group {
				uses++
			}
		case *ast.AssignStmt:
			known += countNamed(x.Lhs, group)
		case *ast.ValueSpec:
			for _, id := range x.Names {
				if id.Name == group {
					known++
				}
			}
		case *ast.CallExpr:
			sel, ok := x.Fun.(*ast.SelectorExpr)
			if !ok || !isName(sel.X, group) {
				break
			}
			switch inLit := innermostLit(stack); {
			case sel.Sel.Name == "Go" && len(x.Args) == 1:
				if l, ok := x.Args[0].(*ast.FuncLit); ok && serves(l) {
					members = append(members, l)
					known++
				}
			case sel.Sel.Name == "Add":
				known++
			case sel.Sel.Name == "Wait" && len(x.Args) == 0 && inLit == nil && wait == nil:
				wait = x
				known++
			case sel.Sel.Name == "Done" && inLit != nil && serves(inLit):
				members = append(members, inLit)
				known++
			}
		}
		return true
	})
	if wait == nil || uses != known {
		return nil
	}
	for _, m := range members {
		if slices.ContainsFunc(shutdowns, func(s call) bool { return encloses(m, s.expr) }) {
			return nil
		}
		waits := false
		ast.Inspect(m.Body, func(n ast.Node) bool {
			if n == nil || waits || !slices.ContainsFunc(drained, func(d call) bool { return n.Pos() >= d.expr.End() && encloses(m, d.expr) }) {
				return !waits
			}
			switch x := n.(type) {
			case *ast.UnaryExpr:
				waits = x.Op == token.ARROW
			case *ast.SelectStmt, *ast.RangeStmt:
				waits = true
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok {
					waits = sel.Sel.Name == "Wait" || sel.Sel.Name == "Sleep"
				}
			}
			return !waits
		})
		if waits {
			return nil
		}
	}
	for _, w := range p.methodCalls("Wait") {
		if w.expr == wait && !p.waitsAfter(w, fd) {
			return &w
		}
	}
	return nil
}

// countNamed counts the identifiers called name among es.
func countNamed(es []ast.Expr, name string) int {
	n := 0
	for _, e := range es {
		if isName(e, name) {
			n++
		}
	}
	return n
}

// innermostLit returns the last function literal of stack, or nil.
func innermostLit(stack []ast.Node) *ast.FuncLit {
	for i := len(stack) - 1; i >= 0; i-- {
		if l, ok := stack[i].(*ast.FuncLit); ok {
			return l
		}
	}
	return nil
}

// shutDown reports whether serve call c may be on a server one of shutdowns shuts
// down: a method call (net/http's ListenAndServe has no server to shut down) whose
// receiver is the variable a Shutdown is called on, or one this audit cannot match
// by name.
func shutDown(c call, shutdowns []call) bool {
	if c.recv == nil {
		return false
	}
	recv, ok := unparen(c.recv).(*ast.Ident)
	return slices.ContainsFunc(shutdowns, func(s call) bool {
		id, isID := unparen(s.recv).(*ast.Ident)
		return !ok || !isID || id.Name == recv.Name
	})
}

// echoUndrained names a server that Echo v4's StartServer serves when every
// Shutdown main's flow runs is an Echo instance's: that one shuts down the instance's
// own e.Server and e.TLSServer only, so the server handed to StartServer is never
// drained.
func (p *program) echoUndrained() (string, []repo.Evidence) {
	var shutdowns []call
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) != 1 || !p.runs(c.site) {
			continue
		}
		if !p.from(c, echoV4...) {
			return "", nil
		}
		shutdowns = append(shutdowns, c)
	}
	for _, c := range p.serveCalls() {
		if !p.echoStartServer(c) || !p.runs(c.site) || len(shutdowns) == 0 {
			continue
		}
		if id, ok := unparen(c.expr.Args[0]).(*ast.Ident); ok && p.holdsServer(c, id.Name) {
			return fmt.Sprintf("the server %s is served by Echo's StartServer, but only Echo's Shutdown is called, which shuts down the instance's own e.Server and e.TLSServer, not %s: its in-flight requests are cut when the process exits", id.Name, id.Name),
				[]repo.Evidence{p.at(c.expr), p.at(shutdowns[0].expr)}
		}
	}
	return "", nil
}

// undrained names the servers the program starts but never shuts down, when it
// shuts down some: http.Server variables, fields of a local variable (a.internal)
// and literals served in place ((&http.Server{...}).ListenAndServe()) whose serve
// method is called (or that Echo v4's StartServer serves), against the variables and
// fields Shutdown is called on, matched by the literal they hold (see heldBy). It
// returns "" when a Shutdown's receiver is not one holding an http.Server literal (a
// parameter, s.Shutdown in a loop over a slice), which may be any server. When no
// started server is shut down, or a serve call builds a server of its own that no
// Shutdown of an http.Server can reach (see ownServer: net/http's package-level
// ListenAndServe or Serve, gin's Run, Echo v4's Start), it names them when every
// server Shutdown is called on stays in its function, so that nothing else can start
// it.
func (p *program) undrained(serve []call) (string, []repo.Evidence) {
	drained := map[ast.Node]bool{}
	var drainedNames []string
	kept := true // every server shut down stays in the function that holds it
	var shutdowns []call
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) != 1 || !p.runs(c.site) || !p.mayBeServer(c) {
			continue
		}
		held, all := p.heldBy(c, c.recv)
		if !all {
			return "", nil // a parameter not followed, a value not read, a slice's element: may be any server
		}
		root, _ := rootIdent(unparen(c.recv))
		for _, h := range held {
			drained[h.lit] = true
			drainedNames = append(drainedNames, h.name)
			// A server handed to the Shutdown's function through a parameter is
			// handed on, where code not matched by name may serve it.
			kept = kept && h.via == nil && (root == "" || !p.escapes(c, root))
		}
		shutdowns = append(shutdowns, c)
	}
	if len(drained) == 0 {
		return "", nil
	}
	drainedNames = dedupe(drainedNames)
	var left, started []string
	var ev []repo.Evidence
	seen := map[ast.Node]bool{}
	var own []call // the serve calls of a server of their own (see ownServer)
	for _, c := range serve {
		if !p.runs(c.site) {
			continue
		}
		if p.ownServer(c) != "" {
			own = append(own, c)
			continue
		}
		served := c.recv
		if p.echoStartServer(c) {
			served = c.expr.Args[0]
		}
		if served == nil {
			continue
		}
		held, all := p.heldBy(c, served)
		if _, isID := unparen(served).(*ast.Ident); !isID && !all {
			continue
		}
		for _, h := range held {
			if seen[h.lit] {
				continue
			}
			seen[h.lit] = true
			started = append(started, h.name)
			if !drained[h.lit] && !p.adminOnly(h.lit) {
				left = append(left, h.name)
				ev = append(ev, p.at(c.expr))
				if h.via != nil {
					ev = append(ev, p.at(h.via))
				}
			}
		}
	}
	never := fmt.Sprintf("Shutdown is called on %s, which is never started", strings.Join(drainedNames, ", "))
	for _, c := range own {
		if kept && (len(started) == len(left) || slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool {
			root, ok := rootIdent(a)
			return ok && slices.Contains(drainedNames, root)
		})) {
			return fmt.Sprintf("%s: %s; its in-flight requests are cut when the process exits", p.ownServer(c), never),
				[]repo.Evidence{p.at(c.expr), p.at(shutdowns[0].expr)}
		}
	}
	switch {
	case len(left) == 0:
		return "", nil
	case len(left) < len(started):
		return fmt.Sprintf("the server %s is started but never shut down (Shutdown is called on %s only): its in-flight requests are cut when the process exits", strings.Join(left, ", "), strings.Join(drainedNames, ", ")), ev
	case kept:
		return fmt.Sprintf("the server %s is started but never shut down, and %s: its in-flight requests are cut when the process exits", strings.Join(left, ", "), never), append(ev, p.at(shutdowns[0].expr))
	}
	return "", nil
}

// ownServer says how serve call c serves on a server of its own that no Shutdown
// of an http.Server of the program reaches, or returns "": net/http's
// package-level ListenAndServe or Serve, which builds one; gin's Run (and RunTLS,
// ...), which calls them; Echo v4's Start (and StartTLS, ...), which serves the
// instance's own e.Server, which only the instance's Shutdown drains.
func (p *program) ownServer(c call) string {
	switch {
	case c.recv == nil && c.pkg == "net/http":
		return fmt.Sprintf("http.%s builds a server of its own, which no Shutdown can reach", c.name)
	case c.recv == nil:
	case slices.Contains(ginRuns, c.name) && p.from(c, "github.com/gin-gonic/gin"):
		return fmt.Sprintf("gin's %s serves the engine on a server of its own (net/http's package-level functions), which no Shutdown can reach", c.name)
	case slices.Contains(echoStarts, c.name) && p.echoStart(c) == "echo/v4 Start":
		return fmt.Sprintf("Echo's %s serves the instance's own e.Server, which only Echo's Shutdown drains, and none is called on it", c.name)
	}
	return ""
}

// heldBy returns the http.Server literals that e, read in the function of call c,
// holds: a variable's (see heldServers); a literal served in place, (&http.Server{...});
// or a field of a variable the function (or one around it) declares, x.f, by the
// literals a composite literal of x keys f to (&app{pub: &http.Server{...}}) and
// those assigned to x.f in that function (a.pub = &http.Server{...}). all is false
// when something on the way is not followed: for a field, a variable that is a
// parameter or receiver, or handed on (see escapes), or a value of x.f that is no
// http.Server literal.
func (p *program) heldBy(c call, e ast.Expr) (out []heldServer, all bool) {
	isServer := func(v ast.Expr) (*ast.CompositeLit, bool) {
		v = unparen(v)
		if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
			v = unparen(u.X)
		}
		cl, ok := v.(*ast.CompositeLit)
		if !ok {
			return nil, false
		}
		pkg, typ, ok := c.file.qualified(cl.Type)
		return cl, ok && pkg == "net/http" && typ == "Server"
	}
	switch x := unparen(e).(type) {
	case *ast.Ident:
		return p.heldServers(c.file, c.fn, x, 0)
	case *ast.CompositeLit, *ast.UnaryExpr:
		if cl, ok := isServer(x); ok {
			return []heldServer{{lit: cl, name: "(&http.Server{...})"}}, true
		}
	case *ast.SelectorExpr:
		id, ok := unparen(x.X).(*ast.Ident)
		if !ok {
			return nil, false
		}
		owner, defs, param := p.declaring(c.fn, id.Name)
		if owner == nil || param >= 0 || p.escapes(c, id.Name) {
			return nil, false
		}
		var values []ast.Expr
		for _, d := range defs {
			d = unparen(d)
			if u, ok := d.(*ast.UnaryExpr); ok && u.Op == token.AND {
				d = unparen(u.X)
			}
			cl, ok := d.(*ast.CompositeLit)
			if !ok {
				return nil, false // a holder this audit does not read
			}
			if v := field(cl, x.Sel.Name); v != nil {
				values = append(values, v)
			}
		}
		for _, s := range p.setsOf(x.Sel.Name) {
			if encloses(owner, s.node) && isName(unparen(s.target), id.Name) {
				values = append(values, s.value)
			}
		}
		name := types.ExprString(x)
		for _, v := range values {
			cl, ok := isServer(v)
			if !ok {
				return nil, false
			}
			out = append(out, heldServer{lit: cl, name: name})
		}
		return out, len(out) > 0
	}
	return nil, false
}

// adminOnly reports whether the http.Server literal lit serves only what an admin
// listener serves (metrics, profiles, health; see adminRoute): its handler is
// promhttp's, or it has routes and none of them is of the API. Such a server left
// running until the process exits cuts no request of a client's (a scrape is retried),
// so it need not be shut down. A handler whose routes are not seen is not.
func (p *program) adminOnly(lit ast.Node) bool {
	for _, s := range p.servers() {
		if s.node != lit {
			continue
		}
		if c, ok := unparen(s.handler).(*ast.CallExpr); ok {
			if pkg, _, ok := s.file.qualified(c.Fun); ok && pkg == "github.com/prometheus/client_golang/prometheus/promhttp" {
				return true
			}
		}
		_, names := p.trace(s.file, s.fn, s.handler)
		routes := p.handlerRoutes(s, names, p.handlerCode(s.file, s.fn, s.handler, 0), s.fn)
		return len(routes) > 0 && !slices.ContainsFunc(routes, func(v string) bool { return !adminRoute(v) })
	}
	return false
}

// declaring returns the function, fn or one around it, that declares the variable
// name seen in fn: with the values it is assigned there, or the index of the parameter
// it is (-1 for none); owner is nil when no function of fn's declares it.
func (p *program) declaring(fn ast.Node, name string) (owner ast.Node, defs []ast.Expr, param int) {
	for owner = fn; owner != nil; owner = p.parent[owner] {
		if defs = p.defs[owner][name]; len(defs) > 0 {
			return owner, defs, -1
		}
		if ft := funcType(owner); ft != nil {
			if i := slices.Index(paramNames(ft), name); i >= 0 {
				return owner, nil, i
			}
		}
	}
	return nil, nil, -1
}

// heldServer is a server a variable holds, by the node that makes it (an
// http.Server literal, a grpc.NewServer call): name is the variable that
// holds it in the function that assigns it, and via the call that hands it on to
// the parameter read (nil when it is read there).
type heldServer struct {
	lit  ast.Node
	name string
	via  *ast.CallExpr
}

// heldServers returns the http.Server literals that id, in function fn of file pf,
// holds: those it is assigned, or, for a parameter of a function of the program (a
// declared function, or a function literal called where it is written:
// go func(s *http.Server) {...}(srv)), those that the argument of each call of that
// function main's flow runs holds, followed in turn (go serve(priv)). all is false
// when something on the way is not followed: a method's parameter or receiver, an
// argument that is not a variable, a function no call runs, an assignment of no
// http.Server literal.
func (p *program) heldServers(pf *pfile, fn ast.Node, id *ast.Ident, depth int) (out []heldServer, all bool) {
	return p.heldMade(pf, fn, id, httpServerLit, depth)
}

// httpServerLit returns d, of pf, when it is an http.Server composite literal.
func httpServerLit(pf *pfile, d ast.Expr) ast.Node {
	if cl, ok := unparen(d).(*ast.CompositeLit); ok {
		if pkg, typ, ok := pf.qualified(cl.Type); ok && pkg == "net/http" && typ == "Server" {
			return cl
		}
	}
	return nil
}

// heldMade is heldServers for the servers that made reports (the node that makes
// one, or nil): http.Server literals (httpServerLit), grpc.NewServer calls
// (grpcNewServer).
func (p *program) heldMade(pf *pfile, fn ast.Node, id *ast.Ident, made func(*pfile, ast.Expr) ast.Node, depth int) (out []heldServer, all bool) {
	if depth > 4 {
		return nil, false
	}
	owner, defs, param := p.declaring(fn, id.Name)
	if param < 0 {
		for _, d := range defs {
			if n := made(pf, d); n != nil {
				out = append(out, heldServer{lit: n, name: id.Name})
			}
		}
		return out, len(out) > 0
	}
	var calls []call
	switch f := owner.(type) {
	case *ast.FuncDecl:
		if f.Recv != nil {
			return nil, false
		}
		fid := p.fnID[f]
		for _, c := range p.calls {
			if p.funcID(c.file, c.expr.Fun) == fid && p.runs(c.site) {
				calls = append(calls, c)
			}
		}
	case *ast.FuncLit:
		for _, c := range p.calls {
			if unparen(c.expr.Fun) == ast.Expr(f) && p.runs(c.site) {
				calls = append(calls, c)
			}
		}
	}
	all = len(calls) > 0
	for _, c := range calls {
		arg, isID := ast.Expr(nil), false
		if param < len(c.expr.Args) && !c.expr.Ellipsis.IsValid() {
			arg, isID = unparen(c.expr.Args[param]).(*ast.Ident)
		}
		if !isID {
			all = false
			continue
		}
		held, ok := p.heldMade(c.file, c.fn, arg.(*ast.Ident), made, depth+1)
		all = all && ok
		for _, h := range held {
			if h.via == nil {
				h.via = c.expr
			}
			out = append(out, h)
		}
	}
	return out, all
}

// escapes reports whether the variable name, in the function that holds call c, is
// handed on: passed to a call, assigned, returned, put in a composite literal or
// sent, where code this audit does not match by name may serve it.
func (p *program) escapes(c call, name string) bool {
	body := funcBody(p.outermost(c.fn))
	if body == nil {
		return true
	}
	is := func(e ast.Expr) bool { return isName(unparen(e), name) }
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallExpr:
			found = found || slices.ContainsFunc(x.Args, is)
		case *ast.AssignStmt:
			found = found || slices.ContainsFunc(x.Rhs, is)
		case *ast.ReturnStmt:
			found = found || slices.ContainsFunc(x.Results, is)
		case *ast.CompositeLit:
			found = found || slices.ContainsFunc(x.Elts, is)
		case *ast.KeyValueExpr:
			found = found || is(x.Value)
		case *ast.SendStmt:
			found = found || is(x.Value)
		}
		return !found
	})
	return found
}

// holdsServer reports whether name, in the function of c, holds an http.Server
// literal.
func (p *program) holdsServer(c call, name string) bool {
	defs, _ := p.lookup(c.fn, name)
	for _, d := range defs {
		if cl, ok := unparen(d).(*ast.CompositeLit); ok {
			if pkg, typ, ok := c.file.qualified(cl.Type); ok && pkg == "net/http" && typ == "Server" {
				return true
			}
		}
	}
	return false
}

// inGoroutine reports whether code of fn runs in a goroutine of its own: fn is, or
// is written in, a function literal started with go (or handed to g.Go), or a
// function declaration started with go f().
func (p *program) inGoroutine(fn ast.Node) bool {
	for f := fn; f != nil; f = p.parent[f] {
		if p.goLits[f] {
			return true
		}
	}
	return fn != nil && p.goFuncs[p.fnID[p.outermost(fn)]]
}

// fatalOnClose returns the call that exits the process with the error of call c (a
// serve call, or at depth > 0 a call that passes its error on) when that error may be
// http.ErrServerClosed, and the calls it passes through on the way: log.Fatal(srv.ListenAndServe()) or an if on the error that
// calls log.Fatal, os.Exit or panic (see onClose); or the error returned, unexcluded,
// from a function of the program whose callers' handling is read the same way
// (func run() error), or from a goroutine of an errgroup whose Wait's handling is
// (return srv.ListenAndServe() in g.Go, or the method value g.Go(srv.ListenAndServe),
// then log.Fatal(g.Wait())). It returns nil when the error reaches no such call.
func (p *program) fatalOnClose(c call, depth int) (fatal *ast.CallExpr, via []call) {
	if n := p.onClose(c, func(n ast.Node) bool {
		x, ok := n.(*ast.CallExpr)
		return ok && (isFatal(c.file, x) || p.fatalHelper(c.file, x, 0) != nil)
	}); n != nil {
		return n.(*ast.CallExpr), nil
	}
	var next []call // the calls that get the error c (or c.fn) returns
	if g := p.handedTo(c); g != nil {
		// a method value a group runs (g.Go(srv.ListenAndServe)): it returns the
		// serve call's error to the group, whose Wait returns it
		if g.name == "Go" && len(g.expr.Args) == 1 {
			next = p.groupWaits(*g)
		}
	} else if depth > 3 || p.onClose(c, returnsError) == nil {
		return nil, nil
	} else {
		switch fn := c.fn.(type) {
		case *ast.FuncLit: // a goroutine of a group: its Wait returns the error
			for _, g := range p.methodCalls("Go") {
				if len(g.expr.Args) == 1 && g.expr.Args[0] == ast.Expr(fn) {
					next = append(next, p.groupWaits(g)...)
				}
			}
		case *ast.FuncDecl:
			if fn.Recv != nil {
				break
			}
			id := p.fnID[fn]
			for _, cc := range p.calls {
				if cc.pkg == "" && cc.recv == nil && cc.name == fn.Name.Name && p.funcID(cc.file, cc.expr.Fun) == id && p.runs(cc.site) {
					next = append(next, cc)
				}
			}
		}
	}
	for _, n := range next {
		if fatal, more := p.fatalOnClose(n, depth+1); fatal != nil {
			return fatal, append([]call{n}, more...)
		}
	}
	return nil, nil
}

// groupWaits returns the Wait calls main's flow runs of the group whose Go call is g
// (by the group's name, in the function declaration that holds g): each returns the
// first error a goroutine of the group returns.
func (p *program) groupWaits(g call) []call {
	var out []call
	for _, w := range p.methodCalls("Wait") {
		if lastName(w.recv) == lastName(g.recv) && p.runs(w.site) && p.outermost(w.fn) == p.outermost(g.fn) {
			out = append(out, w)
		}
	}
	return out
}

// onClose returns the first node for which match holds in the code that handles the
// error of call c when that error may be http.ErrServerClosed: the call or return
// statement c is an argument or result of, the body of an if on the error (in its
// init statement, or right after the assignment), or the statement right after the
// assignment that uses the error; code that names ErrServerClosed is taken to
// exclude it. It returns nil when no such node is found.
func (p *program) onClose(c call, match func(ast.Node) bool) ast.Node {
	path, _ := astutil.PathEnclosingInterval(c.file.f.Syntax, c.expr.Pos(), c.expr.End())
	if len(path) < 3 {
		return nil
	}
	switch outer := path[1].(type) {
	case *ast.CallExpr, *ast.ReturnStmt:
		if match(outer) {
			return outer
		}
	}
	as, ok := path[1].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 {
		return nil
	}
	errName := lastName(as.Lhs[0])
	var handlers []ast.Node
	switch x := path[2].(type) {
	case *ast.IfStmt:
		if x.Init == ast.Stmt(as) && mentions(x.Cond, errName) {
			handlers = append(handlers, x)
		}
	case *ast.BlockStmt:
		if i := slices.Index(x.List, ast.Stmt(as)); i >= 0 && i+1 < len(x.List) {
			switch st := x.List[i+1].(type) {
			case *ast.IfStmt:
				if st.Init == nil && mentions(st.Cond, errName) {
					handlers = append(handlers, st)
				}
			default:
				if mentions(st, errName) {
					handlers = append(handlers, st)
				}
			}
		}
	}
	var found ast.Node
	for _, h := range handlers {
		// ErrServerClosed tested anywhere in the if (if errors.Is(err, ...) { return }
		// in its body) is taken to be excluded.
		if mentions(h, "ErrServerClosed") {
			continue
		}
		if is, ok := h.(*ast.IfStmt); ok {
			h = is.Body
		}
		ast.Inspect(h, func(n ast.Node) bool {
			if found == nil && n != nil && match(n) {
				found = n
			}
			return found == nil
		})
	}
	return found
}

// fatalHelper returns the call that exits the process (see isFatal) in a function of
// the program that call x calls, when one of x's arguments reaches it there without
// http.ErrServerClosed excluded: the parameter is passed to it, or tested by the if
// around it (func must(err error) { if err != nil { log.Fatal(err) } }), or handed on
// to another such function. A function that names ErrServerClosed is taken to
// exclude it. It returns nil otherwise.
func (p *program) fatalHelper(pf *pfile, x *ast.CallExpr, depth int) *ast.CallExpr {
	fd, ok := p.funcs[p.funcID(pf, x.Fun)]
	if !ok || depth > 3 || fd.node.Body == nil || mentions(fd.node.Body, "ErrServerClosed") {
		return nil
	}
	params := paramNames(fd.node.Type)
	var found *ast.CallExpr
	for i := range x.Args {
		if i >= len(params) || params[i] == "_" {
			break
		}
		name := params[i]
		ast.Inspect(fd.node.Body, func(n ast.Node) bool {
			switch y := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IfStmt:
				if !mentions(y.Cond, name) {
					return true
				}
				ast.Inspect(y.Body, func(n ast.Node) bool {
					if cx, ok := n.(*ast.CallExpr); ok && found == nil && isFatal(fd.file, cx) {
						found = cx
					}
					_, lit := n.(*ast.FuncLit)
					return found == nil && !lit
				})
			case *ast.CallExpr:
				if !slices.ContainsFunc(y.Args, func(a ast.Expr) bool { return mentions(a, name) }) {
					return true
				}
				if isFatal(fd.file, y) {
					found = y
				} else if f := p.fatalHelper(fd.file, y, depth+1); f != nil {
					found = f
				}
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// returnsError reports whether n is a return statement with a result other than nil.
func returnsError(n ast.Node) bool {
	ret, ok := n.(*ast.ReturnStmt)
	return ok && slices.ContainsFunc(ret.Results, func(e ast.Expr) bool { return !isNil(e) })
}

// isFatal reports whether call exits the process or panics: os.Exit, panic, a
// logging package's Fatal* or Panic* function (log, logrus, klog, glog, zerolog's
// log.Fatal() event, whatever name the package is imported as), or a logger's
// Fatal* method. Another package's Fatal* function (an error constructor,
// errs.FatalWrap(err)) does not exit.
func isFatal(pf *pfile, call *ast.CallExpr) bool {
	if pkg, name, ok := pf.qualified(call.Fun); ok {
		return (strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")) && loggingPackage(pkg) || pkg == "os" && name == "Exit"
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name == "panic"
	case *ast.SelectorExpr:
		return strings.HasPrefix(f.Sel.Name, "Fatal")
	}
	return false
}

// loggingPackage reports whether the package of import path pkg is a logging
// package by its name: log, logrus, klog/v2, glog, zerolog/log, logging.
func loggingPackage(pkg string) bool {
	elem := path.Base(pkg)
	if len(elem) > 1 && elem[0] == 'v' && strings.Trim(elem[1:], "0123456789") == "" && pkg != elem {
		elem = path.Base(path.Dir(pkg))
	}
	return strings.HasPrefix(elem, "log") || strings.HasSuffix(elem, "log")
}

// callName returns how a call is written: log.Fatal, os.Exit, panic, logger.Fatal.
func callName(call *ast.CallExpr) string {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
		return f.Sel.Name
	}
	return "a call"
}

// mentions reports whether e names name (as an identifier or a selector's name).
func mentions(e ast.Node, name string) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		found = found || isName(n, name)
		return !found
	})
	return found
}

// waitsAfter reports whether func main (fd) may wait for something after serve call
// c returns: the statement holding c (an if on its error), a statement after it, or
// a deferred call receives from
// a channel, selects, ranges, calls a Wait or Sleep method or a function of the
// program (what it does is not followed). A serve call started with go (or a
// method value a group runs) does not block main, which then waits elsewhere.
func (p *program) waitsAfter(c call, fd *ast.FuncDecl) bool {
	if p.handedTo(c) != nil {
		return true // a method value a group runs, as in a goroutine: not read
	}
	path, _ := astutil.PathEnclosingInterval(c.file.f.Syntax, c.expr.Pos(), c.expr.End())
	top := -1
	for _, n := range path {
		if _, ok := n.(*ast.GoStmt); ok {
			return true
		}
		if st, ok := n.(ast.Stmt); ok && top < 0 {
			top = slices.Index(fd.Body.List, st)
		}
	}
	if top < 0 {
		return true // not a statement of main's body: not read
	}
	return p.waitsFrom(c.file, fd, top, c.expr, nil, "")
}

// waitsFrom reports whether function fn (func main, or a goroutine of it; of file
// pf) may wait for something from its statement of index top on: that statement, a
// statement after it, or a deferred call receives from a channel, selects, ranges,
// calls a Wait or Sleep method or a function of the program (what it does is not
// followed), or a call blocking tells (a serve call). skip (the serve call, or what
// starts a goroutine) is not read, nor a Wait on group (a group name, or ""), nor a
// receive from a channel that is released before the drain starts (see
// releasedEarly).
func (p *program) waitsFrom(pf *pfile, fn ast.Node, top int, skip ast.Node, blocking func(*ast.CallExpr) bool, group string) bool {
	body := funcBody(fn)
	if body == nil {
		return true
	}
	var after []ast.Node
	for i, st := range body.List {
		if _, ok := st.(*ast.DeferStmt); ok || i >= top {
			after = append(after, st)
		}
	}
	waits := false
	for _, st := range after {
		ast.Inspect(st, func(n ast.Node) bool {
			if n == skip {
				return false
			}
			switch x := n.(type) {
			case *ast.UnaryExpr:
				waits = waits || x.Op == token.ARROW && p.releasedEarly(fn, x.X) == nil
			case *ast.SelectStmt, *ast.RangeStmt:
				waits = true
			case *ast.CallExpr:
				if blocking != nil && blocking(x) {
					waits = true
					break
				}
				switch f := x.Fun.(type) {
				case *ast.Ident:
					_, own := p.funcs[pf.pkg.ImportPath+"."+f.Name]
					waits = waits || own
				case *ast.SelectorExpr:
					pkg, _, qualified := pf.qualified(f)
					groupWait := f.Sel.Name == "Wait" && group != "" && isName(unparen(f.X), group)
					waits = waits || f.Sel.Name == "Wait" && !groupWait || f.Sel.Name == "Sleep" || qualified && p.inProgram(pkg) || !qualified && len(p.methods[f.Sel.Name]) > 0
				}
			}
			return !waits
		})
	}
	return waits
}

// unwaitedShutdown returns what starts the goroutine that runs Shutdown call c in
// func main (a go statement of a function literal or of a function of the program,
// or of the Shutdown itself, go srv.Shutdown(ctx), or a group's Go of a literal)
// when main waits for nothing from there on (see waitsFrom; a serve call of serve
// that blocks main counts as a wait): main returns at once, and the process exits
// with it, cutting the drain; or nil.
func (p *program) unwaitedShutdown(c call, serve []call) ast.Node {
	d, ok := p.funcs[p.main.Package.ImportPath+".main"]
	if !ok || d.node.Body == nil || c.fn == nil {
		return nil
	}
	fd := d.node
	var start ast.Node // the literal main starts, or its go statement
	if g := p.goStmtOf(c); g != nil && c.fn == ast.Node(fd) {
		start = g // go srv.Shutdown(ctx)
	}
	for f := c.fn; f != nil; f = p.parent[f] {
		if l, ok := f.(*ast.FuncLit); ok && p.parent[l] == ast.Node(fd) && p.goLits[l] {
			start = l
		}
	}
	if start == nil {
		if decl, ok := p.outermost(c.fn).(*ast.FuncDecl); ok && decl != fd {
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok && start == nil && p.funcID(d.file, g.Call.Fun) == p.fnID[decl] {
					start = g
				}
				_, lit := n.(*ast.FuncLit)
				return start == nil && !lit
			})
		}
	}
	if start == nil {
		return nil
	}
	top := slices.IndexFunc(fd.Body.List, func(st ast.Stmt) bool { return encloses(st, start) })
	if top < 0 {
		return nil
	}
	blocking := func(x *ast.CallExpr) bool {
		return slices.ContainsFunc(serve, func(s call) bool { return s.expr == x })
	}
	if p.waitsFrom(d.file, fd, top, start, blocking, "") {
		return nil
	}
	if l, ok := start.(*ast.FuncLit); ok {
		path, _ := astutil.PathEnclosingInterval(d.file.f.Syntax, l.Pos(), l.End())
		for _, n := range path {
			if g, ok := n.(*ast.GoStmt); ok {
				return g
			}
			if x, ok := n.(*ast.CallExpr); ok && x.Fun != ast.Expr(l) {
				return x // g.Go(func() error {...})
			}
		}
	}
	return start
}

// goStmtOf returns the go statement whose call is c itself (go srv.Shutdown(ctx)),
// or nil.
func (p *program) goStmtOf(c call) *ast.GoStmt {
	body := funcBody(c.fn)
	if body == nil {
		return nil
	}
	var found *ast.GoStmt
	ast.Inspect(body, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok && g.Call == c.expr {
			found = g
		}
		return found == nil && n != nil && encloses(n, c.expr)
	})
	return found
}

// detachedShutdown returns, for Shutdown call c run in a goroutine (inner: its go
// statement, or the literal started) that a goroutine of main (member: a literal
// main starts with go or hands to a group's Go) starts and does not wait for (see
// waitsFrom: the member returns right after starting it), those two, when main
// waits for nothing but that member from there on: a Wait of the group that holds
// the member does not wait for the drain, which the member has left running. It
// returns nils otherwise (a receive, a Sleep, a serve call that blocks main, a
// function of the program).
func (p *program) detachedShutdown(c call, serve []call) (inner, member ast.Node) {
	d, ok := p.funcs[p.main.Package.ImportPath+".main"]
	if !ok || d.node.Body == nil || c.fn == nil {
		return nil, nil
	}
	fd := d.node
	var starter ast.Node // the function whose code starts inner
	if g := p.goStmtOf(c); g != nil {
		inner, starter = g, c.fn
	} else if p.goLits[c.fn] {
		inner, starter = c.fn, p.parent[c.fn]
	}
	l, ok := starter.(*ast.FuncLit)
	if !ok || p.parent[l] != ast.Node(fd) || !p.goLits[l] {
		return nil, nil
	}
	top := slices.IndexFunc(l.Body.List, func(st ast.Stmt) bool { return encloses(st, inner) })
	if top < 0 || p.waitsFrom(d.file, l, top, inner, nil, "") {
		return nil, nil
	}
	if fl, ok := inner.(*ast.FuncLit); ok {
		ast.Inspect(l.Body, func(n ast.Node) bool {
			if g, ok := n.(*ast.GoStmt); ok && g.Call.Fun == ast.Expr(fl) {
				inner = g
			}
			return n != nil && encloses(n, fl) && n != ast.Node(fl)
		})
	}
	// the group of l: g in g.Go(l), or wg in a wg.Done() that l calls
	group := ""
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if x, ok := n.(*ast.CallExpr); ok && len(x.Args) == 1 && x.Args[0] == ast.Expr(l) {
			if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Go" {
				group = lastName(sel.X)
			}
		}
		return group == ""
	})
	if group == "" {
		ast.Inspect(l.Body, func(n ast.Node) bool {
			if _, ok := n.(*ast.FuncLit); ok {
				return false // a Done of the inner goroutine's group, say
			}
			if x, ok := n.(*ast.CallExpr); ok && len(x.Args) == 0 {
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Done" {
					if id, ok := unparen(sel.X).(*ast.Ident); ok {
						group = id.Name
					}
				}
			}
			return group == ""
		})
	}
	mtop := slices.IndexFunc(fd.Body.List, func(st ast.Stmt) bool { return encloses(st, l) })
	blocking := func(x *ast.CallExpr) bool {
		return slices.ContainsFunc(serve, func(s call) bool { return s.expr == x })
	}
	if mtop < 0 || p.waitsFrom(d.file, fd, mtop, l, blocking, group) {
		return nil, nil
	}
	return inner, l
}

// releasedEarly returns what releases the receive from channel x (read in fn)
// before the drain starts, or nil: x is a channel variable of a function (not a
// parameter, and handed to no call, assignment, return or literal) that every
// close(x) and send on x releases in a goroutine that calls Shutdown after it
// (close(stopping) then srv.Shutdown(ctx)): the receive returns as soon as the drain
// starts, not when it ends, so it does not wait for the drain.
func (p *program) releasedEarly(fn ast.Node, x ast.Expr) ast.Node {
	id, ok := unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	owner, defs, param := p.declaring(fn, id.Name)
	body := funcBody(owner)
	if body == nil || param >= 0 || len(defs) == 0 {
		return nil
	}
	is := func(e ast.Expr) bool { return isName(unparen(e), id.Name) }
	var releases []ast.Node
	escaped := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SendStmt:
			if is(x.Chan) {
				releases = append(releases, x)
			}
			escaped = escaped || is(x.Value)
		case *ast.CallExpr:
			if isName(x.Fun, "close") && len(x.Args) == 1 && is(x.Args[0]) {
				releases = append(releases, x)
				return false
			}
			escaped = escaped || slices.ContainsFunc(x.Args, is)
		case *ast.AssignStmt:
			escaped = escaped || slices.ContainsFunc(x.Rhs, is)
		case *ast.ReturnStmt:
			escaped = escaped || slices.ContainsFunc(x.Results, is)
		case *ast.CompositeLit:
			escaped = escaped || slices.ContainsFunc(x.Elts, is)
		case *ast.KeyValueExpr:
			escaped = escaped || is(x.Value)
		}
		return !escaped
	})
	if escaped || len(releases) == 0 {
		return nil
	}
	for _, r := range releases {
		var lit *ast.FuncLit // the innermost literal holding r
		ast.Inspect(body, func(n ast.Node) bool {
			if l, ok := n.(*ast.FuncLit); ok && encloses(l, r) {
				lit = l
			}
			return n != nil && encloses(n, r)
		})
		if lit == nil || !slices.ContainsFunc(p.shutdownCalls(), func(s call) bool {
			return s.fn == ast.Node(lit) && len(s.expr.Args) == 1 && runsBefore(lit.Body, r, s.expr)
		}) {
			return nil
		}
	}
	return releases[0]
}

// releaseString returns how release, a close call or a send statement, is written.
func releaseString(release ast.Node) string {
	if st, ok := release.(*ast.SendStmt); ok {
		return types.ExprString(st.Chan) + " <- " + types.ExprString(st.Value)
	}
	return types.ExprString(release.(ast.Expr))
}

// earlyWait returns a receive of func main (fd) after node from, and what
// releases it before the drain starts (see releasedEarly), or nils.
func (p *program) earlyWait(fd *ast.FuncDecl, from ast.Node) (recv *ast.UnaryExpr, release ast.Node) {
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		if recv != nil || n == nil {
			return false
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && u.Pos() >= from.End() {
			if r := p.releasedEarly(fd, u.X); r != nil {
				recv, release = u, r
			}
		}
		return recv == nil
	})
	return recv, release
}

// drainSites is what drains finds of the drain: the evidence of the Shutdown calls
// that main's flow may run (and Echo v5 starts, which drain by themselves), among
// them of a deadline (timed) and of none (untimed), of the Shutdown calls in
// functions main's flow never runs (dead), of those whose context derives from the
// signal context (cancelled), and of those whose context gets its deadline before
// the wait for the signal (early: the Shutdown, the deadline and the wait), and of
// those whose context is over before Shutdown is called (done: the Shutdown and
// what ends its context), of the Echo v5 StartConfig starts that never shut down
// (never: a negative GracefulTimeout), and of the Shutdown calls on a copy of the
// server that a value receiver makes (copied: the Shutdown, with the message), of
// the Shutdown calls that a Close of the same server runs before (closed: the
// Shutdown and the Close), and
// of the constant drain timeouts below a millisecond (short: a count of nanoseconds,
// the unit left out) or below a second (brief), with the shortest of them.
type drainSites struct {
	drains, timed, untimed, dead, cancelled, waited, early, done []repo.Evidence
	never                                                        []repo.Evidence
	copied, closed, short, brief                                 []repo.Evidence
	flagged                                                      []repo.Evidence
	copiedWhy                                                    string
	flags                                                        []string
	shortest                                                     time.Duration
}

// drains returns what the program's Shutdown calls tell of the drain.
func (p *program) drains(startConfig, echoV5 []call) drainSites {
	var d drainSites
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) != 1 || !p.mayBeServer(c) {
			continue
		}
		if !p.runs(c.site) {
			d.dead = append(d.dead, p.at(c.expr))
			continue
		}
		d.drains = append(d.drains, p.at(c.expr))
		if from := p.fromSignal(c.file, c.fn, c.expr.Args[0], 0); from != nil {
			d.cancelled = append(d.cancelled, p.at(c.expr), p.at(from))
		} else if w := p.waitedOn(c); w != nil {
			d.waited = append(d.waited, p.at(c.expr), p.at(w))
		}
		if cl := closedBefore(c); cl != nil {
			d.closed = append(d.closed, p.at(c.expr), p.at(cl))
		}
		if why := p.onCopy(c); why != "" {
			d.copied, d.copiedWhy = append(d.copied, p.at(c.expr)), why
		}
		for _, r := range p.contextReads(c) {
			d.judgeContext(p, c, r)
		}
	}
	for _, c := range append(startConfig, echoV5...) {
		if gt := p.gracefulTimeout(c); gt != nil {
			if v, ok := p.constValue(gt); ok && (v.Kind() == constant.Int || v.Kind() == constant.Float) && constant.Sign(v) < 0 {
				d.never = append(d.never, p.at(c.expr), p.at(gt))
				continue
			}
		}
		d.drains = append(d.drains, p.at(c.expr))
		d.timed = append(d.timed, p.at(c.expr)) // Echo v5 drains within GracefulTimeout, 10s by default
	}
	return d
}

// judgeContext adds to d what the context that call r gives Shutdown call c (see
// contextReads) tells of the drain: over before c runs (done), its deadline
// (timed, short or brief, early, flagged), none (untimed), or one from elsewhere,
// whose deadline cannot be seen (timed). The evidence names c, and r's call when
// the context is judged at a call of c's function.
func (d *drainSites) judgeContext(p *program, c call, r paramArg) {
	at := []repo.Evidence{p.at(c.expr)}
	if r.expr != c.expr {
		at = append(at, p.at(r.expr))
	}
	if done := p.doneBefore(r); done != nil {
		d.done = append(append(d.done, at...), p.at(done))
	}
	switch dl := p.deadline(r); {
	case dl != nil:
		d.timed = append(d.timed, p.at(dl))
		if t, ok := p.timeoutOf(r.file, dl); ok && t > 0 && t < time.Second {
			if d.shortest == 0 || t < d.shortest {
				d.shortest = t
			}
			if t < time.Millisecond {
				d.short = append(d.short, p.at(dl))
			} else {
				d.brief = append(d.brief, p.at(dl))
			}
		}
		if wait := p.waitBetween(r.call, dl); wait != nil {
			d.early = append(append(d.early, at...), p.at(dl), p.at(wait))
		}
		if t := timeoutExpr(r.file, dl); t != nil {
			if v, n := p.timeoutShownAt(t, 0); v == shownZero && p.zeroFlag(n) != "" {
				d.flagged, d.flags = append(d.flagged, p.at(dl), p.at(n)), append(d.flags, p.zeroFlag(n))
			}
		}
	case p.background(r):
		d.untimed = append(d.untimed, at...)
	default: // a context from elsewhere: its deadline cannot be seen
		d.timed = append(d.timed, at...)
	}
}

// contextReads returns where the context of Shutdown call c is judged, each as a
// call and the index of the argument that gives it: c itself (its argument), or,
// when that argument is a parameter of c's function that the function does not
// assign before c (func stop(ctx context.Context, s *http.Server) doing
// s.Shutdown(ctx)), the argument of each call of that function main's flow runs
// (see paramArgs: stop(context.Background(), srv)), followed on the same way when
// it is a parameter in turn. A parameter no such call gives (of a function only
// code outside the program calls, or a method on a value whose type the code does
// not tell) is judged at c, as a context from elsewhere.
func (p *program) contextReads(c call) []paramArg {
	var out []paramArg
	var walk func(a paramArg, depth int)
	walk = func(a paramArg, depth int) {
		if id, ok := unparen(a.expr.Args[a.index]).(*ast.Ident); ok && a.fn != nil && depth < 4 {
			if args := p.paramArgs(a.fn, id); len(args) > 0 {
				for _, b := range args {
					walk(b, depth+1)
				}
				return
			}
		}
		out = append(out, a)
	}
	walk(paramArg{call: c}, 0)
	return out
}

// closedBefore returns a Close call on the receiver of Shutdown call c (written the
// same way: srv.Close() before srv.Shutdown(ctx)) that surely runs before c: a
// statement (a call, an assignment of its result, an if's init) of a block that
// holds c, written before it, not deferred or in a goroutine; or nil. Close closes
// the listeners and every connection at once, so Shutdown has nothing left to drain.
func closedBefore(c call) *ast.CallExpr {
	body := funcBody(c.fn)
	if body == nil || c.recv == nil {
		return nil
	}
	recv := types.ExprString(unparen(c.recv))
	isClose := func(e ast.Expr) *ast.CallExpr {
		x, ok := unparen(e).(*ast.CallExpr)
		if !ok || len(x.Args) != 0 {
			return nil
		}
		sel, ok := x.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Close" || types.ExprString(unparen(sel.X)) != recv {
			return nil
		}
		return x
	}
	for _, n := range enclosing(body, c.expr) {
		b, ok := n.(*ast.BlockStmt)
		if !ok {
			continue
		}
		for _, st := range b.List {
			if st.Pos() >= c.expr.Pos() {
				break
			}
			if ifs, ok := st.(*ast.IfStmt); ok && ifs.Init != nil {
				st = ifs.Init
			}
			var found *ast.CallExpr
			switch x := st.(type) {
			case *ast.ExprStmt:
				found = isClose(x.X)
			case *ast.AssignStmt:
				if len(x.Rhs) == 1 {
					found = isClose(x.Rhs[0])
				}
			}
			if found != nil {
				return found
			}
		}
	}
	return nil
}

// onCopy says how Shutdown call c is made on a copy of the server, or returns "": c
// is r.f.Shutdown in a method whose receiver r is a value (not a pointer) of a struct
// type of the program whose field f is an http.Server (not a pointer to one), so
// the method works on a copy of the struct and of the server.
func (p *program) onCopy(c call) string {
	fd, ok := c.fn.(*ast.FuncDecl)
	sel, isSel := unparen(c.recv).(*ast.SelectorExpr)
	if !ok || !isSel || fd.Recv == nil || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 {
		return ""
	}
	r := fd.Recv.List[0].Names[0].Name
	typ := fd.Recv.List[0].Type
	if ix, ok := typ.(*ast.IndexExpr); ok {
		typ = ix.X
	}
	tid, ok := typ.(*ast.Ident)
	if !ok || !isName(unparen(sel.X), r) {
		return "" // a pointer receiver, or a field of something else
	}
	d, ok := p.types[c.file.pkg.ImportPath+"."+tid.Name]
	st, isStruct := d.node.Type.(*ast.StructType)
	if !ok || !isStruct {
		return ""
	}
	for _, f := range st.Fields.List {
		pkg, name, ok := d.file.qualified(f.Type)
		if !ok || pkg != "net/http" || name != "Server" {
			continue
		}
		names := []string{"Server"} // an embedded http.Server
		if len(f.Names) > 0 {
			names = nil
			for _, n := range f.Names {
				names = append(names, n.Name)
			}
		}
		if slices.Contains(names, sel.Sel.Name) {
			return fmt.Sprintf("the value receiver %s of %s copies the %s, and its %s with it", r, fd.Name.Name, tid.Name, sel.Sel.Name)
		}
	}
	return ""
}

// gracefulTimeout returns the GracefulTimeout of the Echo v5 StartConfig that start
// call c is made on: set in the literal c's receiver is, or that the variable it
// names holds, or assigned to that variable's field in c's function; or nil.
func (p *program) gracefulTimeout(c call) ast.Expr {
	recv := unparen(c.recv)
	if u, ok := recv.(*ast.UnaryExpr); ok && u.Op == token.AND {
		recv = unparen(u.X)
	}
	var found ast.Expr
	switch x := recv.(type) {
	case *ast.CompositeLit:
		found = field(x, "GracefulTimeout")
	case *ast.Ident:
		for _, d := range p.defsOf(c.fn, x.Name) {
			if u, ok := unparen(d).(*ast.UnaryExpr); ok && u.Op == token.AND {
				d = u.X
			}
			if cl, ok := unparen(d).(*ast.CompositeLit); ok {
				if v := field(cl, "GracefulTimeout"); v != nil {
					found = v
				}
			}
		}
		for _, s := range p.setsOf("GracefulTimeout") {
			if s.fn == c.fn && isName(unparen(s.target), x.Name) && s.node.Pos() < c.expr.Pos() {
				found = s.value
			}
		}
	}
	return found
}

// waitBetween returns what may block for the signal, or for the server's life,
// between the deadline call dl and Shutdown call c, when dl is written in c's
// function or one enclosing it; or nil. It reads the code that runs from dl to c: in
// the function that holds dl, from dl to the function literal that leads to c (to
// the end of the function when that literal, or c, is deferred), and in each
// literal down to c, from its start. What blocks is a receive (<-sig, <-ctx.Done(),
// a select's case) other than from a timer (time.After, t.C), or a serve call not
// started with go; a goroutine started or a call deferred on the way does not
// block it.
func (p *program) waitBetween(c call, dl *ast.CallExpr) ast.Node {
	var chain []ast.Node // c.fn out to the function holding dl
	for f := c.fn; f != nil && (len(chain) == 0 || !encloses(chain[len(chain)-1], dl)); f = p.parent[f] {
		chain = append(chain, f)
	}
	if len(chain) == 0 || !encloses(chain[len(chain)-1], dl) {
		return nil
	}
	serves := map[*ast.CallExpr]bool{}
	for _, s := range p.serveCalls() {
		serves[s.expr] = true
	}
	var next ast.Node = c.expr // what leads to c in the function read
	for i, f := range chain {
		body := funcBody(f)
		if body == nil {
			return nil
		}
		from, to := body.Pos(), next.Pos()
		if i == len(chain)-1 {
			from = dl.End()
		}
		if deferred(body, next) != nil {
			to = body.End()
		}
		var wait ast.Node
		ast.Inspect(body, func(n ast.Node) bool {
			if wait != nil || n == nil || n.End() <= from || n.Pos() >= to {
				return false
			}
			switch x := n.(type) {
			case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
				return false
			case *ast.UnaryExpr:
				if x.Op == token.ARROW && !timerChan(c.file, x.X) {
					wait = x
				}
			case *ast.CallExpr:
				if serves[x] {
					wait = x
				}
			}
			return wait == nil
		})
		if wait != nil {
			return wait
		}
		next = f
	}
	return nil
}

// funcBody returns the body of a function declaration or literal, or nil.
func funcBody(fn ast.Node) *ast.BlockStmt {
	switch f := fn.(type) {
	case *ast.FuncDecl:
		return f.Body
	case *ast.FuncLit:
		return f.Body
	}
	return nil
}

// deferred returns the defer statement that holds n, code of the function whose
// body is body (not of a function literal nested in it), or nil.
func deferred(body *ast.BlockStmt, n ast.Node) *ast.DeferStmt {
	var found *ast.DeferStmt
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || found != nil || !encloses(x, n) {
			return false
		}
		found, _ = x.(*ast.DeferStmt)
		return found == nil
	})
	return found
}

// runsBefore reports whether a runs before b when both run, a and b being code of the
// function whose body is body (not of a function literal nested in it): code in place
// runs in the order it is written, and the calls of defer statements run after it,
// when the function returns, the last deferred first.
func runsBefore(body *ast.BlockStmt, a, b ast.Node) bool {
	da, db := deferred(body, a), deferred(body, b)
	switch {
	case da == db: // both in place, or in one defer statement
		return a.End() <= b.Pos()
	case da == nil || db == nil:
		return da == nil
	}
	return da.Pos() > db.Pos()
}

// encloses reports whether the source of outer holds that of n.
func encloses(outer, n ast.Node) bool {
	return outer.Pos() <= n.Pos() && n.End() <= outer.End()
}

// enclosing returns the nodes of body that enclose n, outermost first, within n's own
// function: a function literal on the way and the nodes inside it are code of another
// function, and are left out.
func enclosing(body, n ast.Node) []ast.Node {
	var out []ast.Node
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || !encloses(x, n) {
			return false
		}
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		out = append(out, x)
		return true
	})
	return out
}

// timerChan reports whether a receive from e waits on a timer (time.After(d),
// time.Tick(d), t.C) rather than on an event.
func timerChan(pf *pfile, e ast.Expr) bool {
	switch x := unparen(e).(type) {
	case *ast.CallExpr:
		pkg, _, ok := pf.qualified(x.Fun)
		return ok && pkg == "time"
	case *ast.SelectorExpr:
		return x.Sel.Name == "C"
	}
	return false
}

// fromSignal returns the signal.NotifyContext call that context e (in fn) derives
// from, through variables and context.With* (but WithoutCancel) and
// errgroup.WithContext calls, through a parameter to the arguments main's flow
// gives it (see paramArgs), and through a cobra command's Context() to the
// contexts the program runs its commands with (ExecuteContext), or nil. Each
// expression is read once at a depth (again only nearer e), so that a function
// called from many places, whose callers are called from many places, costs the
// calls of the program once, not their product.
func (p *program) fromSignal(pf *pfile, fn ast.Node, e ast.Expr, depth int) *ast.CallExpr {
	return p.signalSource(pf, fn, e, depth, map[readAt]int{})
}

// signalContexts is a context function of an http.Server (BaseContext or
// ConnContext, field) that returns a context over when the drain starts, what, with
// at the evidence of the function and of the signal.NotifyContext call or the wait
// on the context.
type signalContexts struct {
	field, what string
	at          []repo.Evidence
}

// signalBase returns the first http.Server that main's flow builds whose
// BaseContext or ConnContext (in the literal, or assigned to the variable holding
// it: see litField) is a function literal, or a variable assigned one, that returns
// a context deriving from the signal context (see fromSignal) or a context that the
// code waits on before a Shutdown (see waitedOnAt: a goroutine cancels it on the
// signal): the context of every request derives from it, so the signal cancels them
// all. It returns nil when there is none.
func (p *program) signalBase() *signalContexts {
	for _, l := range p.litsOf("net/http", "Server") {
		if l.inWrapper || !p.runs(l.site) {
			continue
		}
		for _, field := range []string{"BaseContext", "ConnContext"} {
			v := p.litField(l, field)
			if v == nil {
				continue
			}
			fls := []ast.Expr{v}
			if id, ok := unparen(v).(*ast.Ident); ok {
				fls = p.reachingDefs(l.fn, id)
			}
			for _, e := range fls {
				fl, ok := unparen(e).(*ast.FuncLit)
				if !ok {
					continue
				}
				for _, ret := range returns(fl.Body) {
					if len(ret.Results) != 1 {
						continue
					}
					r := ret.Results[0]
					if from := p.fromSignal(l.file, fl, r, 0); from != nil {
						return &signalContexts{field: field, what: "the signal context (signal.NotifyContext), or one derived from it", at: []repo.Evidence{p.at(v), p.at(from)}}
					}
					id, ok := unparen(r).(*ast.Ident)
					if !ok {
						continue
					}
					for _, d := range p.reachingDefs(fl, id) {
						for _, c := range p.shutdownCalls() {
							if len(c.expr.Args) != 1 || !p.runs(c.site) {
								continue
							}
							if w := p.waitedOnAt(c.file, c.fn, d, c.expr, 0); w != nil {
								return &signalContexts{field: field, what: "a context the code waits on before the drain (<-ctx.Done()), which is over when the drain starts", at: []repo.Evidence{p.at(v), p.at(w)}}
							}
						}
					}
				}
			}
		}
	}
	return nil
}

// readAt is an expression read in a function.
type readAt struct {
	fn ast.Node
	e  ast.Expr
}

// signalSource is fromSignal, seen holding the least depth each expression was
// read at: a read no nearer finds nothing that one did not.
func (p *program) signalSource(pf *pfile, fn ast.Node, e ast.Expr, depth int, seen map[readAt]int) *ast.CallExpr {
	if depth > 6 {
		return nil
	}
	p.signalReads++
	if d, ok := seen[readAt{fn, e}]; ok && d <= depth {
		return nil
	}
	seen[readAt{fn, e}] = depth
	switch x := unparen(e).(type) {
	case *ast.Ident:
		// A parameter that its function does not assign is given its value by the
		// calls (the ctx of a ConnContext func(ctx context.Context, c net.Conn)
		// hides the ctx of the function around it).
		if _, param := p.lookup(fn, x.Name); param == nil {
			for _, d := range p.reachingDefs(fn, x) {
				if from := p.signalSource(pf, fn, d, depth+1, seen); from != nil {
					return from
				}
			}
		}
		for _, a := range p.paramArgs(fn, x) {
			if from := p.signalSource(a.file, a.fn, a.expr.Args[a.index], depth+1, seen); from != nil {
				return from
			}
		}
	case *ast.CallExpr:
		if p.commandContext(pf, fn, x) {
			for _, ec := range p.methodCalls("ExecuteContext", "ExecuteContextC") {
				if len(ec.expr.Args) != 1 || !p.runs(ec.site) {
					continue
				}
				if from := p.signalSource(ec.file, ec.fn, ec.expr.Args[0], depth+1, seen); from != nil {
					return from
				}
			}
			return nil
		}
		pkg, name, ok := pf.qualified(x.Fun)
		switch {
		case !ok || len(x.Args) == 0:
		case pkg == "os/signal" && name == "NotifyContext":
			return x
		case pkg == "context" && strings.HasPrefix(name, "With") && name != "WithoutCancel",
			pkg == "golang.org/x/sync/errgroup" && name == "WithContext":
			return p.signalSource(pf, fn, x.Args[0], depth+1, seen)
		}
	}
	return nil
}

// paramArgs returns the calls main's flow runs of the function whose parameter use
// (in fn) reads, when no assignment in that function surely runs before use (ctx,
// cancel := context.WithTimeout(ctx, d) reads the parameter), each with the index of
// the argument that the parameter is given: of a function declaration, the calls of
// it; of a method, the calls whose receiver's type the code tells is its type (see
// methodsOf); of a function literal, the calls of it where it is written
// (go func(ctx context.Context) {...}(ctx)). A call with a variadic argument is left
// out.
func (p *program) paramArgs(fn ast.Node, use *ast.Ident) []paramArg {
	owner := fn
	index := -1
	for ; owner != nil; owner = p.parent[owner] {
		if ft := funcType(owner); ft != nil {
			if index = slices.Index(paramNames(ft), use.Name); index >= 0 {
				break
			}
		}
		if len(p.defs[owner][use.Name]) > 0 {
			return nil
		}
	}
	if owner == nil {
		return nil
	}
	if defs := p.defs[owner][use.Name]; len(defs) > 0 && p.lastBefore(owner, use, defs) != nil {
		return nil
	}
	var out []paramArg
	for _, c := range p.calls {
		if index >= len(c.expr.Args) || c.expr.Ellipsis.IsValid() || !p.runs(c.site) {
			continue
		}
		switch f := owner.(type) {
		case *ast.FuncLit:
			if unparen(c.expr.Fun) != ast.Expr(f) {
				continue
			}
		case *ast.FuncDecl:
			if c.name != f.Name.Name {
				continue
			}
			id := p.fnID[f]
			if f.Recv == nil {
				if c.recv != nil || p.funcID(c.file, c.expr.Fun) != id {
					continue
				}
			} else if ids, told := p.methodsOf(c.file, c.fn, c.recv, c.name); c.recv == nil || !told || !slices.Contains(ids, id) {
				continue
			}
		}
		out = append(out, paramArg{call: c, index: index})
	}
	return out
}

// paramArg is a call of a function of the program and the index of one of its
// arguments.
type paramArg struct {
	call
	index int
}

// inLit reports whether n lies in a function literal inside st.
func inLit(st ast.Stmt, n ast.Node) bool {
	found := false
	ast.Inspect(st, func(x ast.Node) bool {
		if lit, ok := x.(*ast.FuncLit); ok && encloses(lit, n) {
			found = true
		}
		return !found && x != nil && encloses(x, n)
	})
	return found
}

// waitedOn returns a receive from the Done channel of the context of Shutdown call c,
// or of a context it derives from (through variables and context.With* calls but
// WithoutCancel, and errgroup.WithContext), that surely runs before c: a statement
// <-ctx.Done() written before c in a block that holds c (or the function literal
// leading to it), in c's function or one enclosing it (any statement of the
// function's body when c, or that literal, is deferred), or the case of a select
// whose body holds c. That context is over, so the drain context is too: Shutdown
// returns context.Canceled at once, whoever cancelled it (a goroutine that calls
// cancel() on the signal, say). When the context is a parameter of the function, the
// argument of each call main's flow runs of it (see paramArgs) is read in turn, at
// that call. It returns nil when there is none.
func (p *program) waitedOn(c call) ast.Node {
	return p.waitedOnAt(c.file, c.fn, c.expr.Args[0], c.expr, 0)
}

// waitedOnAt is waitedOn for the context e read at node at (in fn of pf); e may be
// the value a context variable is assigned (context.WithCancel(...)), whose waits
// count as those on the variable.
func (p *program) waitedOnAt(pf *pfile, fn ast.Node, e ast.Expr, at ast.Node, calls int) ast.Node {
	values := map[ast.Expr]bool{unparen(e): true} // what the contexts on the way are assigned
	params := map[string]bool{}                   // and the names assigned nothing (parameters)
	var args []paramArg                           // the arguments the parameters on the way are given
	var walk func(e ast.Expr, depth int)
	walk = func(e ast.Expr, depth int) {
		if depth > 6 {
			return
		}
		switch x := unparen(e).(type) {
		case *ast.Ident:
			defs := p.reachingDefs(fn, x)
			if len(defs) == 0 {
				params[x.Name] = true
			}
			if calls < 3 {
				for _, a := range p.paramArgs(fn, x) {
					if !slices.ContainsFunc(args, func(b paramArg) bool { return b.expr == a.expr }) {
						args = append(args, a)
					}
				}
			}
			for _, d := range defs {
				if !values[d] {
					values[d] = true
					walk(d, depth+1)
				}
			}
		case *ast.CallExpr:
			pkg, name, ok := pf.qualified(x.Fun)
			if ok && len(x.Args) > 0 && (pkg == "context" && strings.HasPrefix(name, "With") && name != "WithoutCancel" || pkg == "golang.org/x/sync/errgroup" && name == "WithContext") {
				walk(x.Args[0], depth+1)
			}
		}
	}
	walk(e, 0)
	var f ast.Node // the function read
	done := func(s ast.Node) ast.Node {
		var e ast.Expr
		switch x := s.(type) {
		case *ast.ExprStmt:
			e = x.X
		case *ast.AssignStmt:
			if len(x.Rhs) == 1 {
				e = x.Rhs[0]
			}
		}
		u, ok := e.(*ast.UnaryExpr)
		if !ok || u.Op != token.ARROW {
			return nil
		}
		dc, ok := unparen(u.X).(*ast.CallExpr)
		if !ok || len(dc.Args) != 0 {
			return nil
		}
		sel, ok := dc.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Done" {
			return nil
		}
		id, ok := unparen(sel.X).(*ast.Ident)
		if !ok {
			return nil
		}
		defs := p.reachingDefs(f, id)
		if len(defs) == 0 && params[id.Name] || slices.ContainsFunc(defs, func(d ast.Expr) bool { return values[d] }) {
			return u
		}
		return nil
	}
	next := at
	for f = fn; f != nil; next, f = f, p.parent[f] {
		body := funcBody(f)
		if body == nil {
			break
		}
		var found ast.Node
		if deferred(body, next) != nil {
			for _, st := range body.List {
				if found = done(st); found != nil {
					return found
				}
			}
		}
		ast.Inspect(body, func(n ast.Node) bool {
			if found != nil || n == nil || n == next || !encloses(n, next) {
				return false
			}
			if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil && slices.ContainsFunc(cc.Body, func(st ast.Stmt) bool { return encloses(st, next) }) {
				found = done(cc.Comm)
			}
			for _, st := range stmtList(n) {
				if found != nil || st.End() > next.Pos() {
					break
				}
				found = done(st)
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	for _, a := range args {
		if w := p.waitedOnAt(a.file, a.fn, a.expr.Args[a.index], a.expr, calls+1); w != nil {
			return w
		}
	}
	return nil
}

// commandContext reports whether x (in fn) is cmd.Context() of a *cobra.Command:
// the context the command is executed with.
func (p *program) commandContext(pf *pfile, fn ast.Node, x *ast.CallExpr) bool {
	sel, ok := x.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Context" || len(x.Args) != 0 {
		return false
	}
	t, tpf := p.typeOf(pf, fn, sel.X, 0)
	if t == nil {
		return false
	}
	pkg, name, ok := tpf.qualified(baseType(t))
	return ok && pkg == "github.com/spf13/cobra" && name == "Command"
}

// mayBeServer reports whether the receiver of c may be an HTTP server. When the code
// tells its type, that type decides (see kindOf): a value of a type of the program
// that declares its own Shutdown, a queue say, is no server. Otherwise the receiver
// may be one when it traces to net/http or Echo, to a function of the program (what
// it returns cannot be told), or to nothing this audit can follow (a range
// variable); a tracer provider or an exporter is not.
func (p *program) mayBeServer(c call) bool {
	t, tpf := p.typeOf(c.file, c.fn, c.recv, 0)
	switch p.kindOf(tpf, t, 0) {
	case serverKind:
		return true
	case notServerKind:
		return false
	}
	ids, _ := p.trace(c.file, c.fn, c.recv)
	return len(ids) == 0 || slices.ContainsFunc(ids, func(id string) bool {
		pkg := id[:strings.LastIndex(id, ".")]
		return serverPackage(pkg) || p.inProgram(pkg)
	})
}

// deadline returns the call that gives the context that call c gives as its
// argument of index c.index (Shutdown's, or one of contextReads) a timeout or
// deadline (context.WithTimeout and the like), or nil.
func (p *program) deadline(c paramArg) *ast.CallExpr {
	var found *ast.CallExpr
	var walk func(e ast.Expr, depth int)
	walk = func(e ast.Expr, depth int) {
		if found != nil || depth > 4 {
			return
		}
		switch x := unparen(e).(type) {
		case *ast.CallExpr:
			if pkg, name, ok := c.file.qualified(x.Fun); ok && pkg == "context" && (name == "WithTimeout" || name == "WithDeadline" || name == "WithTimeoutCause" || name == "WithDeadlineCause") {
				found = x
			}
		case *ast.Ident:
			for _, d := range p.defsOf(c.fn, x.Name) {
				walk(d, depth+1)
			}
		}
	}
	walk(c.expr.Args[c.index], 0)
	return found
}

// timeoutOf returns the duration a context.WithTimeout (or WithTimeoutCause) call
// dl, written in file pf, gives, when it is a constant (see constValue): an untyped
// number, or time.Duration(n), counts nanoseconds; so does time.Duration(n) of a
// variable n, whose value is the constant below a millisecond it is followed to (see
// countShown), if any. A WithDeadline (or WithDeadlineCause) of time.Now().Add(d)
// gives d, as WithTimeout is written.
func (p *program) timeoutOf(pf *pfile, dl *ast.CallExpr) (time.Duration, bool) {
	t := timeoutExpr(pf, dl)
	if t == nil {
		return 0, false
	}
	if x, ok := p.countConversion(pf, t); ok {
		_, fn := p.enclosing(t.Pos())
		if v, n := p.countShown(pf, fn, x, 0); v == shownBrief {
			return p.constDuration(n.(ast.Expr))
		}
		return 0, false
	}
	return p.constDuration(t)
}

// timeoutExpr returns the duration the context.With* call x of file pf gives its
// context: the timeout of WithTimeout and WithTimeoutCause, or d for a WithDeadline
// or WithDeadlineCause of time.Now().Add(d); or nil.
func timeoutExpr(pf *pfile, x *ast.CallExpr) ast.Expr {
	pkg, name, ok := pf.qualified(x.Fun)
	if !ok || pkg != "context" || len(x.Args) < 2 {
		return nil
	}
	switch name {
	case "WithTimeout", "WithTimeoutCause":
		return x.Args[1]
	case "WithDeadline", "WithDeadlineCause":
		add, ok := unparen(x.Args[1]).(*ast.CallExpr)
		if !ok || len(add.Args) != 1 {
			return nil
		}
		sel, ok := add.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Add" {
			return nil
		}
		if now, ok := unparen(sel.X).(*ast.CallExpr); ok && len(now.Args) == 0 {
			if pkg, name, ok := pf.qualified(now.Fun); ok && pkg == "time" && name == "Now" {
				return add.Args[0]
			}
		}
	}
	return nil
}

// constDuration returns the duration e is when it is a constant (see constValue), an
// integer or a float of a whole number: an untyped number, or time.Duration(n), counts
// nanoseconds.
func (p *program) constDuration(e ast.Expr) (time.Duration, bool) {
	v, ok := p.constValue(e)
	if !ok || v.Kind() != constant.Int && v.Kind() != constant.Float {
		return 0, false
	}
	n, exact := constant.Int64Val(constant.ToInt(v))
	if !exact {
		return 0, false
	}
	return time.Duration(n), true
}

// background reports whether the context that call c gives as its argument of
// index c.index (Shutdown's, or one of contextReads) surely has no deadline:
// it is context.Background(), context.TODO() or context.WithoutCancel(...) (which
// drops the deadline of its parent along with the cancellation), or derives from one
// of them by calls that add no deadline (context.WithCancel, WithCancelCause,
// WithValue), through the variables that hold it (a value that derives from the
// variable itself, ctx = context.WithValue(ctx, k, v), adds nothing to its other
// values).
func (p *program) background(c paramArg) bool {
	open := map[ast.Expr]bool{}
	var untimed func(e ast.Expr, depth int) bool
	untimed = func(e ast.Expr, depth int) bool {
		if open[e] {
			return true
		}
		if depth > 6 {
			return false
		}
		open[e] = true
		defer delete(open, e)
		switch x := unparen(e).(type) {
		case *ast.CallExpr:
			pkg, name, ok := c.file.qualified(x.Fun)
			if !ok || pkg != "context" {
				return false
			}
			switch name {
			case "Background", "TODO", "WithoutCancel":
				return true
			case "WithCancel", "WithCancelCause", "WithValue":
				return len(x.Args) > 0 && untimed(x.Args[0], depth+1)
			}
		case *ast.Ident:
			defs := p.defsOf(c.fn, x.Name)
			return len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool { return !untimed(d, depth+1) })
		}
		return false
	}
	return untimed(c.expr.Args[c.index], 0)
}

// doneBefore returns what ends the context that call c gives as its argument of
// index c.index (Shutdown's, or one of contextReads) before c runs, or nil:
// a context.WithTimeout (or WithTimeoutCause, or a WithDeadline of time.Now().Add(d): see
// timeoutExpr) of zero or a negative duration, or
// the cancel function of the context.With* call that makes it, called in c's
// function so that it runs before c (see runsBefore): written before c, or in place
// while c is deferred (defer srv.Shutdown(ctx) before cancel()), or deferred after a
// deferred c (defer srv.Shutdown(ctx) then defer cancel()).
func (p *program) doneBefore(c paramArg) ast.Node {
	id, ok := unparen(c.expr.Args[c.index]).(*ast.Ident)
	if !ok || c.fn == nil {
		return nil
	}
	var with *ast.CallExpr
	for _, d := range p.defsOf(c.fn, id.Name) {
		if x, ok := unparen(d).(*ast.CallExpr); ok {
			if pkg, name, ok := c.file.qualified(x.Fun); ok && pkg == "context" && strings.HasPrefix(name, "With") {
				with = x
				if t := timeoutExpr(c.file, x); t != nil && p.notPositive(t) {
					return x
				}
			}
		}
	}
	body := funcBody(c.fn)
	if with == nil || body == nil {
		return nil
	}
	cancel := ""
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == 2 && len(as.Rhs) == 1 && unparen(as.Rhs[0]) == with {
			if l, ok := as.Lhs[1].(*ast.Ident); ok {
				cancel = l.Name
			}
		}
		return cancel == ""
	})
	if cancel == "" || cancel == "_" {
		return nil
	}
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt:
			return false
		case *ast.CallExpr:
			if isName(x.Fun, cancel) && x.Pos() > with.End() && x != c.expr && runsBefore(body, x, c.expr) {
				found = x
			}
		}
		return found == nil
	})
	return found
}

// notPositive reports whether duration e is zero or negative: a constant of zero
// or less (0, 0 * time.Second, time.Duration(0), a named constant: see
// constValue), a negation (-d) or a product with such a factor (-1 * d), a local
// variable every value of which that may reach e is one (drain := 10 * time.Second;
// drain = 0; see reachingDefs), time.Duration(n) of a number n followed to zero
// (see countShown), or anything else valueShown follows to zero (a field of a
// struct its composite literals leave out, cfg.ShutdownTimeout; a package-level
// variable; a function's result), but for a duration flag whose default is zero,
// which is zero only unless it is given (see zeroFlag).
func (p *program) notPositive(e ast.Expr) bool {
	return p.notPositiveAt(e, 0)
}

// notPositiveAt is notPositive, depth values deep.
func (p *program) notPositiveAt(e ast.Expr, depth int) bool {
	if depth > 6 {
		return false
	}
	if _, ok := p.constValue(e); ok {
		return p.isZero(e)
	}
	switch x := unparen(e).(type) {
	case *ast.UnaryExpr:
		return x.Op == token.SUB
	case *ast.BinaryExpr:
		return x.Op == token.MUL && (p.notPositiveAt(x.X, depth+1) || p.notPositiveAt(x.Y, depth+1))
	case *ast.CallExpr: // time.Duration(-d), time.Duration(n) of an n assigned 0
		pf, fn := p.enclosing(x.Pos())
		if n, ok := p.countConversion(pf, x); ok {
			if v, _ := p.countShown(pf, fn, n, 0); v == shownZero {
				return true
			}
		}
		if len(x.Args) == 1 && p.notPositiveAt(x.Args[0], depth+1) {
			return true
		}
	case *ast.Ident:
		_, fn := p.enclosing(x.Pos())
		if defs, _ := p.lookup(fn, x.Name); fn != nil && len(defs) > 0 {
			defs := p.reachingDefs(fn, x)
			return len(defs) > 0 && !slices.ContainsFunc(defs, func(d ast.Expr) bool { return !p.notPositiveAt(d, depth+1) })
		}
	}
	v, n := p.timeoutShownAt(e, 0)
	return v == shownZero && p.zeroFlag(n) == ""
}

// zeroFlag returns the name (-name) of the duration flag n defines (see
// flagDuration), the node valueShown gives for a flag whose default is zero, or "".
func (p *program) zeroFlag(n ast.Node) string {
	c, isCall := n.(*ast.CallExpr)
	if !isCall {
		return ""
	}
	pf, _ := p.enclosing(c.Pos())
	if pf == nil {
		return ""
	}
	if _, _, name, ok := flagDuration(pf, c); ok {
		return "-" + name
	}
	return ""
}

// readinessFlip returns where a readiness endpoint can answer 503: a path isReady accepts
// in the program and a 503 status in the package that registers it, or in the code
// of another package's handler registered for it (see handlerFuncs),
// http.StatusServiceUnavailable or 503 passed to a call (w.WriteHeader(503)), in code
// main's flow runs. When the 503 depends on a flag (if !ready.Load()) that nothing
// in main's flow sets to the value that answers 503, it returns that 503 as never.
func (p *program) readinessFlip(isReady func(string) bool) (flip, never *repo.Evidence) {
	var pkgs []string
	handlers := map[string]bool{}
	for _, l := range p.paths {
		if l.route && p.servedAt(l, isReady) && p.unroutable(l.node, l.name) == "" && !p.never503(l) {
			pkgs = append(pkgs, l.file.pkg.ImportPath)
			maps.Copy(handlers, p.handlerFuncs(l))
		}
	}
	serving := func(s site) bool {
		return slices.Contains(pkgs, s.file.pkg.ImportPath) || s.fn != nil && handlers[p.fnID[s.fn]]
	}
	var sites []site
	for _, r := range p.refsTo("net/http", "StatusServiceUnavailable") {
		if serving(r.site) {
			sites = append(sites, r.site)
		}
	}
	for _, c := range p.calls {
		if !serving(c.site) {
			continue
		}
		for _, a := range c.expr.Args {
			if b, ok := a.(*ast.BasicLit); ok && b.Kind == token.INT && b.Value == "503" {
				sites = append(sites, site{file: c.file, fn: c.fn, node: b})
			}
		}
	}
	for _, s := range sites {
		if !p.runs(s) {
			continue
		}
		ev := p.at(s.node)
		if s.fn == nil { // a function literal at package level: not read
			return &ev, nil
		}
		if p.flips(s.file, s.fn, s.node.Pos()) {
			return &ev, nil
		}
		if never == nil {
			never = &ev
		}
	}
	return nil, never
}

// handlerFuncs returns the ids of the functions and methods of the program that a
// call registering route l is given as its handler, or that build it, and of those
// they call or name in turn: the readiness handler of a shared package
// (mux.HandleFunc("/readyz", platform.Readyz), platform.Handler(), h.Readyz) answers
// from there.
func (p *program) handlerFuncs(l pathLit) map[string]bool {
	out := map[string]bool{}
	var queue []string
	add := func(ids ...string) {
		for _, id := range ids {
			if p.owns(id) && !out[id] {
				out[id] = true
				queue = append(queue, id)
			}
		}
	}
	// named returns the ids of the function or method e names (not calls).
	named := func(pf *pfile, fn ast.Node, e ast.Expr) []string {
		var ids []string
		if _, ok := p.funcs[p.funcID(pf, unparen(e))]; ok {
			ids = append(ids, p.funcID(pf, unparen(e)))
		}
		if sel, ok := unparen(e).(*ast.SelectorExpr); ok && !isQualified(pf, sel) {
			ids = append(ids, p.programMethods(pf, fn, sel.X, sel.Sel.Name)...)
		}
		return ids
	}
	// given returns e and what e, an argument of a registration, hands over as the
	// handler: the function of http.HandlerFunc(f), the values a variable is assigned.
	given := func(pf *pfile, fn ast.Node, e ast.Expr) []ast.Expr {
		out := []ast.Expr{e}
		for i := 0; i < len(out) && i < 8; i++ {
			switch x := unparen(out[i]).(type) {
			case *ast.CallExpr:
				if pkg, name, ok := pf.qualified(x.Fun); ok && pkg == "net/http" && name == "HandlerFunc" && len(x.Args) == 1 {
					out = append(out, x.Args[0])
				}
			case *ast.Ident:
				if defs, param := p.lookup(fn, x.Name); param == nil {
					out = append(out, defs...)
				}
			}
		}
		return out
	}
	for _, c := range p.calls {
		if slices.ContainsFunc(c.expr.Args, func(a ast.Expr) bool { return encloses(a, l.node) }) {
			for _, a := range c.expr.Args {
				add(p.handlerCode(c.file, c.fn, a, 0)...)
				for _, v := range given(c.file, c.fn, a) {
					add(named(c.file, c.fn, v)...)
				}
			}
		}
	}
	for depth := 0; len(queue) > 0 && depth < 4; depth++ {
		from := map[string]bool{}
		for _, id := range queue {
			from[id] = true
		}
		queue = nil
		for _, c := range p.calls {
			if !from[p.fnID[c.fn]] {
				continue
			}
			add(p.callee(c))
			for _, a := range c.expr.Args {
				add(named(c.file, c.fn, a)...) // http.HandlerFunc(Readyz)
			}
		}
	}
	return out
}

// never503 reports whether every registration of route l hands it a handler that
// can never answer 503: a function literal, or a function of its package, that
// neither names a 503 status nor reads anything but its parameters, the names it
// declares, imported packages and Go's predeclared names (func(w
// http.ResponseWriter, r *http.Request) {}, one that writes "ok"), so that nothing
// the shutdown sets can change what it answers. A handler of any other kind (a
// method, a wrapped handler, a literal that reads a flag) may.
func (p *program) never503(l pathLit) bool {
	found := false
	for _, c := range p.calls {
		n := len(c.expr.Args)
		if n < 2 || !slices.ContainsFunc(c.expr.Args[:n-1], func(a ast.Expr) bool {
			return encloses(a, l.node) || l.name != "" && lastName(a) == l.name
		}) {
			continue
		}
		var fn ast.Node
		switch h := unparen(c.expr.Args[n-1]).(type) {
		case *ast.FuncLit:
			fn = h
		case *ast.Ident:
			defs, param := p.lookup(c.fn, h.Name)
			if d, ok := p.funcs[c.file.pkg.ImportPath+"."+h.Name]; ok && d.node.Recv == nil && len(defs) == 0 && param == nil {
				fn = d.node
			}
		}
		if fn == nil || !p.closedHandler(c.file, fn) {
			return false
		}
		found = true
	}
	return found
}

// closedHandler reports whether handler fn, a function declaration or literal in
// pf, names no 503 status and reads nothing but its parameters, the names it
// declares, packages outside p and predeclared names (see never503).
func (p *program) closedHandler(pf *pfile, fn ast.Node) bool {
	ft, body := funcType(fn), funcBody(fn)
	if ft == nil || body == nil {
		return false
	}
	own := map[string]bool{"_": true}
	declare := func(l *ast.FieldList) {
		if l != nil {
			for _, f := range l.List {
				for _, id := range f.Names {
					own[id.Name] = true
				}
			}
		}
	}
	declare(ft.Params)
	declare(ft.Results)
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE {
				for _, e := range x.Lhs {
					own[lastName(e)] = true
				}
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				own[id.Name] = true
			}
		case *ast.RangeStmt:
			if x.Tok == token.DEFINE {
				for _, e := range []ast.Expr{x.Key, x.Value} {
					if e != nil {
						own[lastName(e)] = true
					}
				}
			}
		case *ast.FuncLit:
			declare(x.Type.Params)
			declare(x.Type.Results)
		}
		return true
	})
	var closed func(n ast.Node) bool
	closed = func(n ast.Node) bool {
		ok := true
		ast.Inspect(n, func(m ast.Node) bool {
			switch x := m.(type) {
			case *ast.SelectorExpr:
				if pkg, name, q := pf.qualified(x); q {
					ok = !p.inProgram(pkg) && !(pkg == "net/http" && name == "StatusServiceUnavailable")
				} else {
					ok = closed(x.X) // x.Sel is a field or method of what x.X reads
				}
				return false
			case *ast.BasicLit:
				ok = x.Kind != token.INT || x.Value != "503"
			case *ast.Ident:
				ok = own[x.Name] || goBuiltin(x.Name)
			}
			return ok
		})
		return ok
	}
	return closed(body)
}

// afterShutdown reports whether code at s, written in main's flow, runs only once
// a server has closed its listeners: in a function literal handed to
// RegisterOnShutdown, which Shutdown runs after closing them, or after a Shutdown
// call that runs before it on every path (a statement earlier in a block that holds
// s, not one under a condition, deferred or started with go), or in a defer
// statement of a function that calls Shutdown before its deferred calls run (see
// runsBefore): in place, or deferred after s. A readiness flag set there can never
// be seen by a probe.
func (p *program) afterShutdown(s site) bool {
	for _, c := range p.methodCalls("RegisterOnShutdown") {
		if len(c.expr.Args) == 1 && encloses(c.expr.Args[0], s.node) {
			return true
		}
	}
	for _, c := range p.shutdownCalls() {
		if len(c.expr.Args) != 1 || !p.mayBeServer(c) {
			continue
		}
		if p.shutsBefore(c, s) {
			return true
		}
		// A function of the program that always calls Shutdown (func (s *Server)
		// Stop(ctx context.Context) error { return s.http.Shutdown(ctx) }) closes the
		// listeners where it is called.
		for _, w := range p.alwaysCalling(c) {
			if p.shutsBefore(w, s) {
				return true
			}
		}
	}
	return false
}

// shutsBefore reports whether c, a call that closes a server's listeners, runs in main's
// flow before the code at s on every path, as afterShutdown tells.
func (p *program) shutsBefore(c call, s site) bool {
	body := funcBody(c.fn)
	if body == nil || !encloses(body, s.node) || !p.runs(c.site) {
		return false
	}
	if c.fn == s.fn && deferred(body, s.node) != nil && !spawned(body, c.expr) && runsBefore(body, c.expr, s.node) {
		return true
	}
	late := false
	ast.Inspect(body, func(n ast.Node) bool {
		if late {
			return false
		}
		list := stmtList(n)
		for _, st := range list {
			if runsFirst(st, c.expr) && s.node.Pos() >= st.End() && s.node.End() <= list[len(list)-1].End() {
				late = true
			}
		}
		return true
	})
	return late
}

// alwaysCalling returns the calls of the function declared around c, a call in its
// body, when that function runs c whenever it is called: c is in a statement of the
// body itself (or returned by one), and none before it may return. None for a function
// literal, or a c under a condition, a loop, a defer or a go statement.
func (p *program) alwaysCalling(c call) []call {
	fd, ok := c.fn.(*ast.FuncDecl)
	if !ok || fd.Body == nil {
		return nil
	}
	always := false
	for _, st := range fd.Body.List {
		if ret, isRet := st.(*ast.ReturnStmt); runsFirst(st, c.expr) || isRet && slices.ContainsFunc(ret.Results, func(r ast.Expr) bool { return unparen(r) == c.expr }) {
			always = true
			break
		}
		if len(returns(&ast.BlockStmt{List: []ast.Stmt{st}})) > 0 {
			return nil
		}
	}
	if !always {
		return nil
	}
	id := p.fnID[fd]
	var out []call
	for _, w := range p.calls {
		if w.expr != c.expr && p.callee(w) == id {
			out = append(out, w)
		}
	}
	return out
}

// spawned reports whether n, code of the function whose body is body, lies in a go
// statement.
func spawned(body *ast.BlockStmt, n ast.Node) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		if x == nil || found || !encloses(x, n) {
			return false
		}
		_, found = x.(*ast.GoStmt)
		return !found
	})
	return found
}

// runsFirst reports whether statement st always runs call x when it runs: x is the
// statement, the value of an assignment or declaration, or the init or condition of
// an if statement.
func runsFirst(st ast.Stmt, x *ast.CallExpr) bool {
	switch s := st.(type) {
	case *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt:
		return encloses(s, x)
	case *ast.IfStmt:
		return s.Init != nil && encloses(s.Init, x) || encloses(s.Cond, x)
	}
	return false
}

// lateFlip returns where a flag is set (see flagSets, or x = v) in main's flow
// only after a server has closed its listeners (see afterShutdown), or nil.
func (p *program) lateFlip() *repo.Evidence {
	for _, c := range p.flagSets() {
		if p.runs(c.site) && p.afterShutdown(c.site) {
			ev := p.at(c.expr)
			return &ev
		}
	}
	for _, s := range p.sets {
		if _, ok := boolLit(s.value); ok && p.runs(s.site) && p.afterShutdown(s.site) {
			ev := p.at(s.node)
			return &ev
		}
	}
	return nil
}

// shown is what this audit can tell of a duration: zero (or negative), positive,
// positive on one path and zero on another, or none of these; brief is positive but
// below a millisecond, most likely a number of seconds or milliseconds given without
// a unit, which counts nanoseconds.
type shown int

const (
	shownUnknown shown = iota
	shownZero
	shownPositive
	shownSomePaths
	shownBrief
)

// timed reports whether v is a timeout at all: positive, brief or not.
func (v shown) timed() bool { return v == shownPositive || v == shownBrief }

// worse returns, of two judgements of values a duration may hold, the one that
// decides, with its node: zero (no timeout on that path), then zero on some paths
// only, then brief, then unknown, then positive.
func worse(v shown, n ast.Node, w shown, m ast.Node) (shown, ast.Node) {
	rank := map[shown]int{shownPositive: 0, shownUnknown: 1, shownBrief: 2, shownSomePaths: 3, shownZero: 4}
	if rank[w] > rank[v] {
		return w, m
	}
	return v, n
}

// timeoutShownAt is valueShown of e, a duration, in the file and function that hold
// it.
func (p *program) timeoutShownAt(e ast.Expr, depth int) (shown, ast.Node) {
	return p.valueShownAt(durationShown, e, depth)
}

// valueShownAt is valueShown of e in the file and function that hold it.
func (p *program) valueShownAt(j judge, e ast.Expr, depth int) (shown, ast.Node) {
	pf, fn := p.enclosing(e.Pos())
	return p.valueShown(j, pf, fn, e, depth)
}

// judge tells what a constant a followed value may hold is: a duration for the
// timeouts (see durationShown), a number of bytes for the memory limit (see
// noLimitShown and lowLimitShown). Zero is what the check finds wrong, positive what
// it takes.
type judge func(constant.Value) shown

// durationShown judges a constant duration: zero or negative is no timeout (see
// isZero), one below a millisecond is brief (see constDuration), anything else
// (another kind of constant too) is positive.
func durationShown(v constant.Value) shown {
	if v.Kind() != constant.Int && v.Kind() != constant.Float {
		return shownPositive
	}
	if constant.Sign(v) <= 0 {
		return shownZero
	}
	if n, exact := constant.Int64Val(constant.ToInt(v)); exact && time.Duration(n) < time.Millisecond {
		return shownBrief
	}
	return shownPositive
}

// valueShown tells what value e, written in the function fn of file pf, is, with the
// node that decides when it is not positive, as j judges the constants it may hold
// (the words below are those of a duration): a constant is read (see constShown), and
// so is the zero value a declaration without one gives (var d time.Duration: the
// composite literal without elements of zeroValues); a field of a struct named by a variable or parameter (o.ReadHeaderTimeout), or of a
// struct held in its fields (cfg.HTTP.ReadHeaderTimeout), is followed to the values
// that struct may hold (see fieldShown), so a field every composite literal leaves
// out is zero (its zero value, as j judges it); a local variable, to the values that
// may reach it (see localShown); a call of a function of the program, to what it
// returns (see returnedShown); a field of a call's result read in place
// (getCfg().ReadHeaderTimeout), to what the function returns there as a struct
// variable's is (see resultShown: unknown for a call of anything else); a
// package-level variable, to what it is assigned (see globalShown); anything else
// counts as positive, as it may be a real timeout.
func (p *program) valueShown(j judge, pf *pfile, fn ast.Node, e ast.Expr, depth int) (shown, ast.Node) {
	if v, n, ok := p.constShown(j, e); ok {
		return v, n
	}
	if cl, isLit := unparen(e).(*ast.CompositeLit); isLit && len(cl.Elts) == 0 {
		if v := j(zeroValue); v != shownPositive {
			return v, cl // the zero value of a declaration without one (var d time.Duration)
		}
		return shownPositive, nil
	}
	if x, ok := p.countConversion(pf, e); ok {
		return p.countShown(pf, fn, x, depth) // a duration, whatever j is
	}
	if v, n, ok := p.flagShown(j, pf, fn, e, depth); ok {
		return v, n
	}
	if v, n, ok := p.pointedShown(j, pf, fn, e, depth); ok {
		return v, n
	}
	if n := p.parsedIgnoringError(pf, fn, e); n != nil {
		return shownUnknown, n
	}
	if v, n, ok := p.localShown(j, fn, e, depth); ok {
		return v, n
	}
	if v, n, ok := p.returnedShown(j, pf, fn, e, depth); ok {
		return v, n
	}
	if v, n, ok := p.globalShown(j, pf, fn, e, depth); ok {
		return v, n
	}
	if c, path, ok := resultPath(e); ok {
		return p.resultShown(j, pf, c, path, depth)
	}
	x, path, ok := p.fieldPath(pf, e)
	if !ok {
		if pkg, name, path, ok := qualifiedPath(pf, e); ok {
			return p.globalFieldShown(j, pkg, name, e, path, depth)
		}
		if heldUnnamed(e) {
			return shownUnknown, e
		}
		return shownPositive, nil
	}
	return p.fieldShown(j, pf, fn, x, path, depth)
}

// qualifiedPath returns the package-level variable of another package that e,
// written in file pf, selects fields from (server.Default.ReadHeaderTimeout gives
// the import path of server, Default and [ReadHeaderTimeout]); ok is false for
// anything else.
func qualifiedPath(pf *pfile, e ast.Expr) (pkg, name string, path []string, ok bool) {
	if pf == nil {
		return "", "", nil, false
	}
	for {
		sel, isSel := unparen(e).(*ast.SelectorExpr)
		if !isSel {
			return "", "", nil, false
		}
		if pkg, name, ok = pf.qualified(sel); ok {
			return pkg, name, path, len(path) > 0
		}
		path = append([]string{sel.Sel.Name}, path...)
		e = sel.X
	}
}

// heldUnnamed reports whether e selects a field of a struct that no variable names:
// an element of a slice, array or map (cfgs[0].Timeout), a struct read through a
// pointer ((*p).Timeout) or a type assertion's result (v.(config).Timeout). What is
// written there this audit does not follow, so the value is not taken for a timeout.
func heldUnnamed(e ast.Expr) bool {
	sel, isSel := unparen(e).(*ast.SelectorExpr)
	if !isSel {
		return false
	}
	for {
		switch x := unparen(sel.X).(type) {
		case *ast.SelectorExpr:
			sel = x
		case *ast.IndexExpr, *ast.StarExpr, *ast.TypeAssertExpr:
			return true
		default:
			return false
		}
	}
}

// resultPath returns the call c and the fields that e selects in turn from its
// result: getCfg().HTTP.Timeout gives getCfg() and [HTTP Timeout] (parentheses
// aside). ok is false for anything else.
func resultPath(e ast.Expr) (c *ast.CallExpr, path []string, ok bool) {
	for {
		sel, isSel := unparen(e).(*ast.SelectorExpr)
		if !isSel {
			c, ok = unparen(e).(*ast.CallExpr)
			return c, path, ok && len(path) > 0
		}
		path = append([]string{sel.Sel.Name}, path...)
		e = sel.X
	}
}

// shownOf tells what a duration that may hold any of values is, each as judge
// tells it: zero when every one is, with the node of the first; zero on some paths
// when one is and another is not, with the zero one; else the worse of them (see
// worse).
func shownOf[T any](values []T, judge func(T) (shown, ast.Node)) (shown, ast.Node) {
	v, n, zeros := shownPositive, ast.Node(nil), 0
	var zero ast.Node
	for _, x := range values {
		w, m := judge(x)
		switch w {
		case shownZero:
			if zeros++; zero == nil {
				zero = m
			}
			continue
		case shownSomePaths:
			zeros = len(values) + 1
			if zero == nil {
				zero = m
			}
			continue
		}
		v, n = worse(v, n, w, m)
	}
	switch {
	case zeros == len(values) && zeros > 0:
		return shownZero, zero
	case zeros > 0:
		return shownSomePaths, zero
	}
	return v, n
}

// returnedShown tells what duration e, written in function fn of file pf, is when it
// is a call of a function of the program with one result: what each of its return
// statements gives (see shownOf), a parameter returned as is being the call's
// argument for it (envDuration("TIMEOUT", 0) returns its default of zero whenever
// the variable is unset: zero on some paths); a bare return of a named result is
// unknown. ok is false for anything else.
func (p *program) returnedShown(j judge, pf *pfile, fn ast.Node, e ast.Expr, depth int) (v shown, n ast.Node, ok bool) {
	c, isCall := unparen(e).(*ast.CallExpr)
	if !isCall || pf == nil || depth > 4 {
		return shownUnknown, nil, false
	}
	d, isFunc := p.funcs[p.funcID(pf, unparen(c.Fun))]
	if !isFunc || d.node.Body == nil || d.node.Type.Results == nil || len(fieldTypes(d.node.Type.Results)) != 1 {
		return shownUnknown, nil, false
	}
	rets := returns(d.node.Body)
	if len(rets) == 0 {
		return shownUnknown, c, true
	}
	v, n = shownOf(rets, func(r *ast.ReturnStmt) (shown, ast.Node) {
		if len(r.Results) != 1 {
			return shownUnknown, r
		}
		if id, isID := unparen(r.Results[0]).(*ast.Ident); isID {
			if owner, defs, param := p.declaring(d.node, id.Name); owner == ast.Node(d.node) && len(defs) == 0 && param >= 0 {
				if param >= len(c.Args) || c.Ellipsis.IsValid() || isVariadic(d.node.Type) && param >= len(fieldTypes(d.node.Type.Params))-1 {
					return shownUnknown, c
				}
				return p.valueShown(j, pf, fn, c.Args[param], depth+1)
			}
		}
		return p.valueShown(j, d.file, d.node, r.Results[0], depth+1)
	})
	return v, n, true
}

// globalShown tells what duration e, written in function fn of file pf, is when it
// names a package-level variable of pf's package (see globalAssigned; one declared
// without a value, var zero time.Duration, is zero), judged by shownOf. A variable
// changed otherwise is unknown, with where. ok is false for anything else.
func (p *program) globalShown(j judge, pf *pfile, fn ast.Node, e ast.Expr, depth int) (v shown, n ast.Node, ok bool) {
	if depth > 4 {
		return shownUnknown, nil, false
	}
	values, changed, ok := p.globalAssigned(pf, fn, e)
	switch {
	case !ok:
		return shownUnknown, nil, false
	case changed != nil:
		return shownUnknown, changed, true
	}
	v, n = shownOf(values, func(x assigned) (shown, ast.Node) {
		return p.valueShown(j, x.file, x.fn, x.e, depth+1)
	})
	return v, n, true
}

// assigned is a value e assigned in function fn (nil for a declaration at package
// level) of file.
type assigned struct {
	file *pfile
	fn   ast.Node
	e    ast.Expr
}

// globalAssigned returns the values of e, written in function fn of file pf, when it
// names a package-level variable of pf's package (no function from fn outwards
// declares or assigns it): those the functions of the package assign it (see
// varScope; init functions included), else that of its declaration (see
// globalValues; one without a value is the zero composite literal of its type), in
// the order of the code. changed is where the variable is changed otherwise (see
// globalChanged), which makes its values unknown. ok is false for anything else.
func (p *program) globalAssigned(pf *pfile, fn ast.Node, e ast.Expr) (values []assigned, changed ast.Node, ok bool) {
	id, isID := unparen(e).(*ast.Ident)
	if !isID || pf == nil || !p.declaringNone(fn, id.Name) {
		return nil, nil, false
	}
	decls := p.globalValues(pf.pkg.ImportPath, id.Name)
	if len(decls) == 0 {
		return nil, nil, false
	}
	if at := p.globalChanged(pf.pkg.ImportPath, id.Name); at != nil {
		return nil, at, true
	}
	for f, defs := range p.defs {
		ff, _ := p.enclosing(f.Pos())
		if ff == nil || ff.pkg != pf.pkg {
			continue
		}
		if _, scope := p.varScope(ff, f, id.Name); scope == "" {
			continue // a local of that name
		}
		for _, d := range defs[id.Name] {
			values = append(values, assigned{ff, f, d})
		}
	}
	if len(values) == 0 {
		for _, d := range decls {
			if _, dfn := p.enclosing(d.node.Pos()); dfn == nil {
				values = append(values, assigned{d.file, nil, d.node})
			}
		}
	}
	slices.SortFunc(values, func(a, b assigned) int { return cmp.Compare(a.e.Pos(), b.e.Pos()) })
	return values, nil, true
}

// globalChanged returns where the package-level variable name of package pkg is
// changed otherwise than by an assignment this audit follows, or nil: its address
// taken (&d), an operator assignment (d += time.Second) or d++ in the package, or,
// for an exported name, a set from another package (pkg.D = ...).
func (p *program) globalChanged(pkg, name string) ast.Node {
	var found ast.Node
	for _, pf := range p.files {
		if pf.pkg.ImportPath != pkg {
			continue
		}
		ast.Inspect(pf.f.Syntax, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.UnaryExpr:
				if x.Op == token.AND && isName(unparen(x.X), name) {
					found = x
				}
			case *ast.IncDecStmt:
				if isName(unparen(x.X), name) {
					found = x
				}
			case *ast.AssignStmt:
				if x.Tok != token.ASSIGN && x.Tok != token.DEFINE && slices.ContainsFunc(x.Lhs, func(l ast.Expr) bool { return isName(unparen(l), name) }) {
					found = x
				}
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	if token.IsExported(name) {
		for _, s := range p.setsOf(name) {
			if id, isID := unparen(s.target).(*ast.Ident); isID {
				if ip, _, q := s.file.qualified(&ast.SelectorExpr{X: id, Sel: ast.NewIdent(name)}); q && ip == pkg {
					return s.node
				}
			}
		}
	}
	return nil
}

// localShown tells what duration e, read in fn, is when it names a local variable
// (not a parameter), from the values that may reach it there (see reachingDefs),
// each as valueShown tells it: zero when every one is (timeout := 5 * time.Second;
// timeout = 0), with e or the node that decides; shownSomePaths when one is zero and
// another is not (timeout = 0 under an if), with the zero one; else brief when one
// is (d := time.Duration(secs)), with its constant; else unknown when one is, with
// what decides; else positive. ok is false for anything else.
func (p *program) localShown(j judge, fn ast.Node, e ast.Expr, depth int) (v shown, n ast.Node, ok bool) {
	id, isID := unparen(e).(*ast.Ident)
	if !isID || fn == nil || depth > 6 {
		return shownUnknown, nil, false
	}
	if defs, _ := p.lookup(fn, id.Name); len(defs) == 0 {
		return shownUnknown, nil, false
	}
	if at := p.localAddressTaken(fn, id.Name); at != nil {
		return shownUnknown, at, true // what the address is given may set it (json.Unmarshal(b, &d))
	}
	var zero, brief, unknown ast.Node
	zeros, defs := 0, p.reachingDefs(fn, id)
	reaching := len(defs)
	defs = append(defs, p.litAssigned(fn, id)...)
	for i, d := range defs {
		switch dv, dn := p.valueShownAt(j, d, depth+1); dv {
		case shownZero:
			zeros++
			if i >= reaching && zero != nil {
				break // a zero assigned outside a literal tells more (a flag)
			}
			if zero = dn; dn == d {
				zero = e
			}
		case shownSomePaths:
			zeros, zero = len(defs)+1, dn // zero on a path of its own
		case shownBrief:
			if brief == nil {
				brief = dn
			}
		case shownUnknown:
			if unknown == nil {
				unknown = dn
			}
		}
	}
	switch {
	case zeros == len(defs):
		return shownZero, zero, true
	case zeros > 0:
		return shownSomePaths, zero, true
	case brief != nil:
		return shownBrief, brief, true
	case unknown != nil:
		return shownUnknown, unknown, true
	}
	return shownPositive, nil, true
}

// litAssigned returns the values given to the local variable use names, as fn sees
// it, in the function literals of the function that declares it that do not hold
// use (a flag callback, func() { rht = 0 }()): such a literal may run before use,
// so each is one of the values the variable may hold there.
func (p *program) litAssigned(fn ast.Node, use *ast.Ident) []ast.Expr {
	owner, _, _ := p.declaring(fn, use.Name)
	body := funcBody(owner)
	if body == nil {
		return nil
	}
	var out []ast.Expr
	ast.Inspect(body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && !encloses(lit, use) {
			if o, _, _ := p.declaring(p.parent[lit], use.Name); o == owner && !declaresOwn(lit, use.Name) {
				out = append(out, p.defs[lit][use.Name]...)
			}
		}
		return true
	})
	return out
}

// declaresOwn reports whether the function literal lit declares a variable name of
// its own (a parameter, name := ..., var name ...) anywhere in it.
func declaresOwn(lit *ast.FuncLit, name string) bool {
	if slices.Contains(paramNames(lit.Type), name) {
		return true
	}
	found := false
	ast.Inspect(lit.Body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			found = found || x.Tok == token.DEFINE && slices.ContainsFunc(x.Lhs, func(e ast.Expr) bool { return isName(e, name) })
		case *ast.ValueSpec:
			found = found || slices.ContainsFunc(x.Names, func(id *ast.Ident) bool { return id.Name == name })
		case *ast.RangeStmt:
			found = found || x.Tok == token.DEFINE && (isName(x.Key, name) || isName(x.Value, name))
		}
		return !found
	})
	return found
}

// localAddressTaken returns where the address of the local variable name, as fn sees
// it, is taken (&d) in the function that declares it or a function literal in it, or
// nil: what the address is given may change the variable in ways its assignments do
// not tell. A flag bound to it (flag.DurationVar(&d, ...)) is read before, by flagShown.
func (p *program) localAddressTaken(fn ast.Node, name string) ast.Node {
	owner, _, _ := p.declaring(fn, name)
	body := funcBody(owner)
	if body == nil {
		return nil
	}
	var found ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.AND && isName(unparen(u.X), name) {
			if _, at := p.enclosing(u.Pos()); at != nil {
				if o, _, _ := p.declaring(at, name); o == owner {
					found = u
				}
			}
		}
		return found == nil
	})
	return found
}

// constShown tells what e is when it is a constant (see constValue), as j judges
// it, with e as the node when it is not positive; ok is false for anything else.
func (p *program) constShown(j judge, e ast.Expr) (v shown, n ast.Node, ok bool) {
	c, ok := p.constValue(e)
	if !ok {
		return shownUnknown, nil, false
	}
	if v := j(c); v != shownPositive {
		return v, e, true
	}
	return shownPositive, nil, true
}

// zeroValue is the value of a number declared or left out without one.
var zeroValue = constant.MakeInt64(0)

// countConversion returns x when e, written in file pf, is time.Duration(x) of an x
// that is no constant and, as far as the code tells its type, a number (int,
// int64, float64, ...; a type not told counts too): x counts nanoseconds, whatever
// it holds. A conversion of a value of another type (a type of the program whose
// underlying type is time.Duration, a receiver d readHeader) keeps a duration.
func (p *program) countConversion(pf *pfile, e ast.Expr) (ast.Expr, bool) {
	c, ok := unparen(e).(*ast.CallExpr)
	if !ok || pf == nil || len(c.Args) != 1 || c.Ellipsis.IsValid() {
		return nil, false
	}
	if pkg, name, q := pf.qualified(c.Fun); !q || pkg != "time" || name != "Duration" {
		return nil, false
	}
	if _, isConst := p.constValue(c.Args[0]); isConst {
		return nil, false
	}
	_, fn := p.enclosing(c.Pos())
	if t, _ := p.typeOf(pf, fn, c.Args[0], 0); t != nil {
		if id, ok := t.(*ast.Ident); !ok || !numberTypes[id.Name] {
			return nil, false
		}
	}
	return c.Args[0], true
}

// numberTypes are the predeclared types of integers and floats.
var numberTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"float32": true, "float64": true,
}

// countShown tells what time.Duration(x) is for x, written in function fn of file
// pf, a number that is not a constant: x is followed to the constants it may hold, as
// valueShown follows a duration (the default of a flag, an int flag's too, the
// composite literals a struct field is set in), and through the values a local
// variable may hold there (see reachingDefs) or the assignments of a package-level
// one; zero on some of a local's values only is zero on some paths (n = 0 under an
// if; see localShown); each counts nanoseconds, so a
// number of seconds (5) gives a brief timeout. What cannot be followed, a number
// parsed from a string (strconv.Atoi) or returned by a call, is unknown, not
// positive: the unit it is meant in is not known.
func (p *program) countShown(pf *pfile, fn ast.Node, x ast.Expr, depth int) (shown, ast.Node) {
	if depth > 4 || pf == nil {
		return shownUnknown, x
	}
	if v, n, ok := p.constShown(durationShown, x); ok {
		return v, n
	}
	if y, ok := p.countConversion(pf, x); ok {
		return p.countShown(pf, fn, y, depth+1)
	}
	if v, n, ok := p.flagShown(durationShown, pf, fn, x, depth); ok {
		return v, n
	}
	if n := p.parsedIgnoringError(pf, fn, x); n != nil {
		return shownUnknown, n
	}
	if _, path, ok := p.fieldPath(pf, x); ok && len(path) > 0 {
		return p.valueShown(durationShown, pf, fn, x, depth)
	}
	id, ok := unparen(x).(*ast.Ident)
	if !ok {
		return shownUnknown, x
	}
	type source struct {
		file *pfile
		fn   ast.Node
		e    ast.Expr
	}
	var sources []source
	owner, defs, param := p.declaring(fn, id.Name)
	if len(defs) > 0 {
		defs = p.reachingDefs(fn, id)
	}
	for _, d := range defs {
		sources = append(sources, source{pf, owner, d})
	}
	if owner == nil {
		for _, d := range p.globalValues(pf.pkg.ImportPath, id.Name) {
			_, dfn := p.enclosing(d.node.Pos())
			sources = append(sources, source{d.file, dfn, d.node})
		}
	}
	if len(sources) == 0 || param >= 0 {
		return shownUnknown, x
	}
	v, n, zeros := shownPositive, ast.Node(nil), 0
	for _, s := range sources {
		w, m := p.countShown(s.file, s.fn, s.e, depth+1)
		if w == shownZero {
			zeros++
		}
		v, n = worse(v, n, w, m)
	}
	if v == shownZero && owner != nil && zeros < len(sources) {
		return shownSomePaths, n // a local variable zero on some paths only
	}
	return v, n
}

// flagDuration reports whether x, written in file pf, defines a duration flag:
// flag.Duration(name, value, usage) and flag.DurationVar(&v, name, value, usage), of
// package flag or of a FlagSet (fs.Duration), or pflag's Duration, DurationVar,
// DurationP and DurationVarP; def is the flag's default value and name its name ("" when
// not a constant string). An integer flag (Int, Int64, Uint, Uint64 and their Var, P
// and VarP forms) counts too: its value is a duration only through time.Duration(n),
// which counts nanoseconds.
func flagDuration(pf *pfile, x ast.Expr) (c *ast.CallExpr, def ast.Expr, name string, ok bool) {
	c, isCall := unparen(x).(*ast.CallExpr)
	if !isCall || c.Ellipsis.IsValid() {
		return nil, nil, "", false
	}
	sel, isSel := c.Fun.(*ast.SelectorExpr)
	if !isSel {
		return nil, nil, "", false
	}
	if pkg, _, q := pf.qualified(c.Fun); q && pkg != "flag" && pkg != "github.com/spf13/pflag" {
		return nil, nil, "", false
	}
	at, n := 0, 0 // the argument that names the flag, and the number of arguments
	kind, form := "", ""
	for _, k := range []string{"Duration", "Int64", "Int", "Uint64", "Uint"} {
		if rest, ok := strings.CutPrefix(sel.Sel.Name, k); ok {
			kind, form = k, rest
			break
		}
	}
	switch {
	case kind == "":
		return nil, nil, "", false
	case form == "":
		at, n = 0, 3
	case form == "Var":
		at, n = 1, 4
	case form == "P":
		at, n = 0, 4
	case form == "VarP":
		at, n = 1, 5
	default:
		return nil, nil, "", false
	}
	if len(c.Args) != n {
		return nil, nil, "", false
	}
	lit, isLit := unparen(c.Args[at]).(*ast.BasicLit)
	if !isLit || lit.Kind != token.STRING {
		return nil, nil, "", false // not the shape of a flag definition
	}
	name, _ = strconv.Unquote(lit.Value)
	return c, c.Args[n-2], name, true
}

// flagShown tells what duration e, written in function fn of file pf, is when it is
// the value of a duration flag (see flagDuration): *flag.Duration(...), *v for a
// variable v every assignment of which (in its function, or at package level) is
// such a call, or a variable whose address every flag.DurationVar(&v, ...) is given
// (one at least). The flag's default decides, as valueShown tells it, with the
// flag's definition as the node when it is zero: the value is the default unless
// the flag is given. ok is false for anything else.
func (p *program) flagShown(j judge, pf *pfile, fn ast.Node, e ast.Expr, depth int) (v shown, n ast.Node, ok bool) {
	if pf == nil || depth > 4 {
		return shownUnknown, nil, false
	}
	type source struct {
		file *pfile
		x    ast.Expr
	}
	var sources []source
	switch x := unparen(e).(type) {
	case *ast.StarExpr:
		switch y := unparen(x.X).(type) {
		case *ast.CallExpr:
			sources = []source{{pf, y}}
		case *ast.Ident:
			for _, d := range p.defsOf(fn, y.Name) {
				sources = append(sources, source{pf, d})
			}
			if len(sources) == 0 && p.declaringNone(fn, y.Name) {
				for _, d := range p.globalValues(pf.pkg.ImportPath, y.Name) {
					sources = append(sources, source{d.file, d.node})
				}
			}
		}
	case *ast.Ident:
		owner, _, _ := p.declaring(fn, x.Name)
		for _, c := range p.calls {
			if !strings.HasSuffix(c.name, "Var") && !strings.HasSuffix(c.name, "VarP") || len(c.expr.Args) == 0 {
				continue
			}
			u, isAddr := ast.Unparen(c.expr.Args[0]).(*ast.UnaryExpr)
			if !isAddr || u.Op != token.AND {
				continue
			}
			if id, isID := unparen(u.X).(*ast.Ident); !isID || id.Name != x.Name {
				continue
			}
			if o, _, _ := p.declaring(c.fn, x.Name); o != owner || owner == nil && c.file.pkg != pf.pkg {
				continue // another variable of that name
			}
			sources = append(sources, source{c.file, c.expr})
		}
	}
	if len(sources) == 0 {
		return shownUnknown, nil, false
	}
	v = shownPositive
	for _, s := range sources {
		c, def, _, isFlag := flagDuration(s.file, s.x)
		if !isFlag {
			return shownUnknown, nil, false
		}
		_, dfn := p.enclosing(c.Pos())
		switch d, dn := p.valueShown(j, s.file, dfn, def, depth+1); d {
		case shownZero:
			return shownZero, c, true
		case shownBrief:
			v, n = worse(v, n, d, dn) // the default's constant, for its value
		case shownUnknown:
			v, n = worse(v, n, d, c)
		}
	}
	return v, n, true
}

// pointedShown tells what duration e, written in function fn of file pf, is when it
// reads a value through a pointer, *x, that flagShown does not tell. A local variable
// (not a parameter) assigned once, the address of a variable or of a field of one
// (p := &cfg.ReadHeaderTimeout), and only read through in the function that declares
// it (never *p = ..., passed on, its address taken) is judged as what it points at
// (see readOnlyAlias); any other pointer (a parameter, a struct field, a call's
// result, one assigned again or written through) is unknown, with e: this audit
// cannot tell what it points at. ok is false for anything but *x.
func (p *program) pointedShown(j judge, pf *pfile, fn ast.Node, e ast.Expr, depth int) (v shown, n ast.Node, ok bool) {
	star, isStar := unparen(e).(*ast.StarExpr)
	if !isStar {
		return shownUnknown, nil, false
	}
	if to := p.readOnlyAlias(pf, fn, star.X); to != nil && depth <= 4 {
		v, n = p.valueShownAt(j, to, depth+1)
		return v, n, true
	}
	return shownUnknown, e, true
}

// readOnlyAlias returns x when ptr, read in function fn of file pf, names a local
// variable (not a parameter) whose only assignment in the function that declares it
// is &x, x a variable or a field path (cfg.HTTP.ReadHeaderTimeout) of one, and that is
// used nowhere there (a function literal in it included) but read through: *ptr not
// assigned, incremented nor its address taken. Else nil.
func (p *program) readOnlyAlias(pf *pfile, fn ast.Node, ptr ast.Expr) ast.Expr {
	id, isID := ast.Unparen(ptr).(*ast.Ident)
	if !isID || fn == nil {
		return nil
	}
	owner, defs, param := p.declaring(fn, id.Name)
	body := funcBody(owner)
	if body == nil || param >= 0 || len(defs) != 1 {
		return nil
	}
	addr, isAddr := ast.Unparen(defs[0]).(*ast.UnaryExpr)
	if !isAddr || addr.Op != token.AND {
		return nil
	}
	to := ast.Unparen(addr.X)
	if _, isVar := to.(*ast.Ident); !isVar {
		if _, _, isPath := p.fieldPath(pf, to); !isPath {
			return nil
		}
	}
	// read holds each *ptr that only reads; declared, the names that declare it.
	read, declared := map[*ast.Ident]bool{}, map[*ast.Ident]bool{}
	written := func(e ast.Expr) {
		if s, ok := ast.Unparen(e).(*ast.StarExpr); ok {
			if x, ok := ast.Unparen(s.X).(*ast.Ident); ok {
				read[x] = false
			}
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.StarExpr:
			if y, ok := ast.Unparen(x.X).(*ast.Ident); ok {
				if _, seen := read[y]; !seen {
					read[y] = true
				}
			}
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				written(l)
				if y, ok := l.(*ast.Ident); ok && encloses(x, addr) {
					declared[y] = true
				}
			}
		case *ast.ValueSpec:
			for _, y := range x.Names {
				declared[y] = encloses(x, addr)
			}
		case *ast.IncDecStmt:
			written(x.X)
		case *ast.RangeStmt:
			written(x.Key)
			written(x.Value)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				written(x.X)
			}
		}
		return true
	})
	used := false
	ast.Inspect(body, func(n ast.Node) bool {
		if y, ok := n.(*ast.Ident); ok && y.Name == id.Name && !read[y] && !declared[y] {
			used = true
		}
		return !used
	})
	if used {
		return nil
	}
	return to
}

// declaringNone reports whether no function from fn outwards declares name (by an
// assignment, as a parameter, a method's receiver or a named result): a variable of
// the package, if any.
func (p *program) declaringNone(fn ast.Node, name string) bool {
	if owner, _, _ := p.declaring(fn, name); owner != nil {
		return false
	}
	for owner := fn; owner != nil; owner = p.parent[owner] {
		var lists []*ast.FieldList
		if fd, ok := owner.(*ast.FuncDecl); ok {
			lists = append(lists, fd.Recv)
		}
		if ft := funcType(owner); ft != nil {
			lists = append(lists, ft.Results)
		}
		for _, l := range lists {
			if l != nil && slices.ContainsFunc(l.List, func(f *ast.Field) bool {
				return slices.ContainsFunc(f.Names, func(n *ast.Ident) bool { return n.Name == name })
			}) {
				return false
			}
		}
	}
	return true
}

// parsedIgnoringError returns the time.ParseDuration call (or strconv.Atoi,
// ParseInt, ParseUint or ParseFloat, for a number time.Duration(n) converts) that
// the variable e, written in function fn of file pf, is assigned with its error
// thrown away (d, _ := time.ParseDuration(os.Getenv("TIMEOUT"))), or nil: the value
// is zero whenever parsing fails, as for an unset variable, so it cannot be told.
func (p *program) parsedIgnoringError(pf *pfile, fn ast.Node, e ast.Expr) ast.Node {
	id, ok := unparen(e).(*ast.Ident)
	if !ok || pf == nil {
		return nil
	}
	owner, defs, _ := p.declaring(fn, id.Name)
	body := funcBody(owner)
	if body == nil {
		return nil
	}
	for _, d := range defs {
		c, isCall := unparen(d).(*ast.CallExpr)
		if !isCall {
			continue
		}
		if pkg, name, q := pf.qualified(c.Fun); !q || !(pkg == "time" && name == "ParseDuration" || pkg == "strconv" && slices.Contains([]string{"Atoi", "ParseInt", "ParseUint", "ParseFloat"}, name)) {
			continue
		}
		var found ast.Node
		ast.Inspect(body, func(n ast.Node) bool {
			lhs, rhs, ok := assignSides(n)
			if !ok {
				return found == nil
			}
			if len(lhs) == 2 && len(rhs) == 1 && rhs[0] == d {
				if blank, isID := lhs[1].(*ast.Ident); isID && blank.Name == "_" {
					found = c
				}
			}
			return found == nil
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// fieldPath returns the variable x and the fields that e, written in file pf,
// selects in turn from it: x.A.B gives x and [A B] (parentheses aside). ok is false
// for anything else, and for a variable of a package (pkg.Var.A).
func (p *program) fieldPath(pf *pfile, e ast.Expr) (x *ast.Ident, path []string, ok bool) {
	if pf == nil {
		return nil, nil, false
	}
	for {
		sel, isSel := unparen(e).(*ast.SelectorExpr)
		if !isSel {
			return nil, nil, false
		}
		path = append([]string{sel.Sel.Name}, path...)
		if id, isID := unparen(sel.X).(*ast.Ident); isID {
			if _, _, qualified := pf.qualified(sel); qualified {
				return nil, nil, false
			}
			return id, path, true
		}
		e = sel.X
	}
}

// fieldShown tells what the field that path selects from the struct variable x (in
// function fn of file pf) holds, with the node that decides when it is not positive:
// x.f for the path [f], x.HTTP.f, a field of a struct held in a field, for [HTTP f].
// x is followed to what it is assigned in the function that declares it and, for a
// parameter of a function of the program, to the arguments of the calls of that
// function that main's flow runs; a composite literal of a struct type of the program
// that declares the path's first field gives its value there (followed in turn for a
// longer path), or zero when it leaves it out (unknown for a pointer, which is nil
// then); a call of a function of the program is followed to what it returns (see
// resultShown). A set in that function of x.f, or of a struct on the way (x.HTTP =
// ...), that may run before x is read here (see fieldReach) decides when one not under
// a condition (or made on every path of one, see onEveryPath) is positive and still
// holds at the read: nothing that may run between them changes the field otherwise
// (see fieldChanges: a pointer to it or to x written through, a copy of x, a
// pointer, not only read through, &x given to a decoder, a method called on x), sets it to a value not shown positive, or assigns x
// again. Anything else this audit cannot follow: a value returned by another call,
// a variable whose address is taken (&cfg or &cfg.HTTP to a decoder), passed to a
// call (unless held by value; a struct on the way, always) or with a method called
// (on it or on a struct on the way) that may fill the field (see methodLeaves), a
// package-level variable something may change (see globalFieldShown), a literal of
// another type, or no call of the function.
func (p *program) fieldShown(j judge, pf *pfile, fn ast.Node, x *ast.Ident, path []string, depth int) (shown, ast.Node) {
	if depth > 4 {
		return shownUnknown, x
	}
	owner, defs, param := p.declaring(fn, x.Name)
	if owner == nil {
		if pf == nil {
			return shownUnknown, x
		}
		return p.globalFieldShown(j, pf.pkg.ImportPath, x.Name, x, path, depth)
	}
	body := funcBody(owner)
	if body == nil {
		return shownUnknown, x
	}
	// A struct held by value (a composite literal, not its address; a parameter not
	// of a pointer type) is copied when passed to a call, which cannot fill it then.
	// So is the struct a function of the program returns (not a pointer to it).
	byValue := !slices.ContainsFunc(defs, func(d ast.Expr) bool {
		switch x := ast.Unparen(d).(type) {
		case *ast.CompositeLit:
			return false
		case *ast.CallExpr:
			_, _, ptr, ok := p.structResult(pf, x, path[0])
			return !ok || ptr
		}
		return true
	})
	if param >= 0 {
		byValue = byValue && !isPointerParam(funcType(owner), param)
	}
	changes := p.fieldChanges(pf, body, x.Name, path, byValue)
	reach := p.fieldReachOf(body, x)
	// sets are the sets of the field, or of a struct on the way, on x in body that may
	// run before the read; rest is what the value set still leaves to select (none
	// for the field itself); value is what the value set is.
	type pathSet struct {
		fieldSet
		rest  []string
		value shown
		at    ast.Node
	}
	var sets []pathSet
	for k := range path {
		for _, s := range p.setsOf(path[k]) {
			if id, on, ok := p.fieldPath(pf, &ast.SelectorExpr{X: s.target, Sel: ast.NewIdent(path[k])}); ok && id.Name == x.Name && slices.Equal(on, path[:k+1]) && encloses(body, s.value) && reach.before(s.node) {
				sets = append(sets, pathSet{fieldSet: s, rest: path[k+1:]})
			}
		}
	}
	for i, s := range sets {
		if len(s.rest) > 0 {
			pf, fn := p.enclosing(s.fieldSet.value.Pos())
			sets[i].value, sets[i].at = p.sourceShown(j, pf, fn, s.fieldSet.value, s.rest, depth+1)
		} else {
			sets[i].value, sets[i].at = p.valueShownAt(j, s.fieldSet.value, depth+1)
		}
	}
	// keeps reports whether o, a set after another, keeps a timeout: its value is
	// positive, or set only where it is not zero (see testedNonZero: if v := *rht; v
	// > 0 { cfg.Timeout = v }).
	kept := make([]int, len(sets)) // keeps of each set, once told: 1 yes, -1 no
	keeps := func(i int) bool {
		if kept[i] == 0 {
			o := sets[i]
			kept[i] = -1
			if o.value.timed() || o.value == shownZero && len(o.rest) == 0 && p.testedNonZero(o.fieldSet) {
				kept[i] = 1
			}
		}
		return kept[i] > 0
	}
	// held reports whether the value s sets is still the field's at the read.
	held := func(s pathSet) bool {
		for i, o := range sets {
			if o.node != s.node && reach.between(s.node, o.node) && !keeps(i) {
				return false
			}
		}
		return !slices.ContainsFunc(changes, func(c fieldChange) bool { return c.anywhere || reach.between(s.node, c.node) }) &&
			!slices.ContainsFunc(defs, func(d ast.Expr) bool { return reach.between(s.node, d) })
	}
	for _, s := range sets {
		if !s.value.timed() || !held(s) {
			continue
		}
		positive := func(e ast.Expr) bool {
			i := slices.IndexFunc(sets, func(o pathSet) bool { return o.fieldSet.value == e })
			return i >= 0 && sets[i].value.timed() && held(sets[i])
		}
		if !setUnderCondition(s.fieldSet) || p.onEveryPath(s.fieldSet, []string{s.field}, positive) {
			return s.value, s.at
		}
	}
	if len(sets) > 0 {
		return shownUnknown, sets[0].node
	}
	if len(changes) > 0 {
		return shownUnknown, changes[0].node
	}
	type source struct {
		file *pfile
		fn   ast.Node
		e    ast.Expr
	}
	var sources []source
	for _, d := range defs {
		sources = append(sources, source{pf, owner, d})
	}
	if param >= 0 {
		id, ok := p.fnID[owner]
		if d, isFunc := p.funcs[id]; !ok || !isFunc || d.node != owner {
			return shownUnknown, x // a method, or a function literal: its calls are not followed
		}
		for _, c := range p.calls {
			if p.funcID(c.file, c.expr.Fun) != id || !p.runs(c.site) || c.expr.Ellipsis.IsValid() {
				continue
			}
			if param >= len(c.expr.Args) {
				return shownUnknown, c.expr
			}
			sources = append(sources, source{c.file, c.fn, c.expr.Args[param]})
		}
	}
	if len(sources) == 0 {
		return shownUnknown, x
	}
	result, at := shownPositive, ast.Node(nil)
	for _, s := range sources {
		v, n := p.sourceShown(j, s.file, s.fn, s.e, path, depth)
		if v == shownZero {
			return v, n
		}
		result, at = worse(result, at, v, n)
	}
	return result, at
}

// globalFieldShown tells what the field that path selects holds in the
// package-level variable name of package pkg (read at x: conf, or server.Default
// from another package), when nothing may change that field (see
// globalFieldChanged): what the composite literal of each of its declarations gives
// it (see sourceShown; var conf config, without one, its zero value). A variable
// something may change, or declared with anything but a composite literal
// (&config{...}, a call), is unknown.
func (p *program) globalFieldShown(j judge, pkg, name string, x ast.Node, path []string, depth int) (shown, ast.Node) {
	decls := p.globalValues(pkg, name)
	if len(decls) == 0 {
		return shownUnknown, x
	}
	if n := p.globalFieldChanged(pkg, name, path); n != nil {
		return shownUnknown, n
	}
	result, at := shownPositive, ast.Node(nil)
	for _, d := range decls {
		if _, isLit := ast.Unparen(d.node).(*ast.CompositeLit); !isLit {
			return shownUnknown, d.node // a pointer may be copied and written through
		}
		v, n := p.sourceShown(j, d.file, nil, d.node, path, depth+1)
		if v == shownZero {
			return v, n
		}
		result, at = worse(result, at, v, n)
	}
	return result, at
}

// globalFieldChanged returns where code of the program may change the field that
// path selects from name, a package-level struct variable of package pkg, or nil.
// Each use of the variable (in its package, or name qualified by pkg in another)
// is read with the fields it selects: one that selects another field (conf.Addr =
// ..., &conf.Addr) does not count; one on the way to the field or at it does when
// it is assigned (conf = ..., conf.HTTP = ..., conf.ReadHeaderTimeout = ..., or
// ++, or a range variable), its address taken, given to a call (a struct on the way:
// the variable itself is copied), or selected through an index (conf.List[0]), and
// so does a method called on it that may change the field (see methodLeaves). A
// name declared again in a function counts as the variable, for the worse.
func (p *program) globalFieldChanged(pkg, name string, path []string) ast.Node {
	var found ast.Node
	for _, pf := range p.files {
		home := pf.pkg.ImportPath == pkg
		if !home && !token.IsExported(name) {
			continue
		}
		var stack []ast.Node
		ast.Inspect(pf.f.Syntax, func(n ast.Node) bool {
			if found != nil {
				return false
			}
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			defer func() { stack = append(stack, n) }()
			var parent ast.Node
			if len(stack) > 0 {
				parent = stack[len(stack)-1]
			}
			switch x := n.(type) {
			case *ast.Ident:
				if !home || x.Name != name {
					return true
				}
				switch y := parent.(type) {
				case *ast.SelectorExpr:
					if y.Sel == x {
						return true // a field or method of that name
					}
				case *ast.KeyValueExpr:
					if y.Key == x {
						return true // a field key of a composite literal
					}
				case *ast.ValueSpec:
					if slices.Contains(y.Names, x) {
						return true // the declaration
					}
				}
			case *ast.SelectorExpr:
				if ip, sel, ok := pf.qualified(x); home || !ok || ip != pkg || sel != name {
					return true
				}
			default:
				return true
			}
			if globalUseChanges(p, stack, n, path) {
				found = n
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	return nil
}

// globalUseChanges reports whether use, a use of the variable of globalFieldChanged
// under the nodes of stack (its parent last), may change the field path selects.
func globalUseChanges(p *program, stack []ast.Node, use ast.Node, path []string) bool {
	var on []string
	cur, i := use, len(stack)-1
	for ; i >= 0; i-- {
		switch x := stack[i].(type) {
		case *ast.ParenExpr:
		case *ast.SelectorExpr:
			if x.X != cur {
				return false
			}
			on = append(on, x.Sel.Name)
		case *ast.StarExpr:
		case *ast.IndexExpr, *ast.IndexListExpr:
			n := min(len(on), len(path))
			return exprChild(x) == cur && slices.Equal(on[:n], path[:n]) // an element on the way: not told
		default:
			goto climbed
		}
		cur = stack[i]
	}
climbed:
	var parent ast.Node
	if i >= 0 {
		parent = stack[i]
	}
	if c, ok := parent.(*ast.CallExpr); ok && c.Fun == cur && len(on) > 0 {
		sel := unparen(cur.(ast.Expr)).(*ast.SelectorExpr)
		on = on[:len(on)-1] // the method's name
		n := min(len(on), len(path))
		if !slices.Equal(on[:n], path[:n]) || len(on) >= len(path) {
			return false // a method of another field, or of the field's value
		}
		return !p.methodLeaves(sel, path[len(on):])
	}
	if sel, ok := unparen(cur.(ast.Expr)).(*ast.SelectorExpr); ok && len(p.methods[sel.Sel.Name]) > 0 &&
		len(on)-1 < len(path) && slices.Equal(on[:len(on)-1], path[:len(on)-1]) && !p.methodLeaves(sel, path[len(on)-1:]) {
		return true // a method value (flag.BoolFunc(..., conf.devMode)): it may be called anywhere
	}
	n := min(len(on), len(path))
	if !slices.Equal(on[:n], path[:n]) {
		return false // another field
	}
	written := func(es ...ast.Expr) bool { return slices.Contains(es, cur.(ast.Expr)) }
	switch x := parent.(type) {
	case *ast.AssignStmt:
		return written(x.Lhs...)
	case *ast.IncDecStmt:
		return written(x.X)
	case *ast.RangeStmt:
		return written(x.Key, x.Value)
	case *ast.UnaryExpr:
		return x.Op == token.AND
	case *ast.CallExpr:
		return len(on) > 0 && len(on) < len(path) && written(x.Args...)
	}
	return false
}

// exprChild returns the operand an index expression indexes.
func exprChild(n ast.Node) ast.Node {
	switch x := n.(type) {
	case *ast.IndexExpr:
		return x.X
	case *ast.IndexListExpr:
		return x.X
	}
	return nil
}

// sourceShown tells what the field that path selects holds in the struct e, a value
// x of fieldShown is assigned or given (see there).
func (p *program) sourceShown(j judge, pf *pfile, fn ast.Node, e ast.Expr, path []string, depth int) (shown, ast.Node) {
	if depth > 4 {
		return shownUnknown, e
	}
	e = unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = unparen(u.X)
	}
	switch v := e.(type) {
	case *ast.Ident:
		return p.fieldShown(j, pf, fn, v, path, depth+1)
	case *ast.SelectorExpr:
		if x, on, ok := p.fieldPath(pf, v); ok {
			return p.fieldShown(j, pf, fn, x, slices.Concat(on, path), depth+1)
		}
	case *ast.CompositeLit:
		if v.Type == nil || !p.declaresField(pf, v.Type, path[0]) {
			return shownUnknown, v
		}
		if len(v.Elts) > 0 {
			if _, keyed := v.Elts[0].(*ast.KeyValueExpr); !keyed {
				return shownUnknown, v
			}
		}
		val := field(v, path[0])
		switch {
		case val == nil && len(path) > 1:
			if t, _ := p.fieldType(pf, v.Type, path[0], 0); t == nil || !isStructValue(t) {
				return shownUnknown, v // a nil pointer
			}
			return j(zeroValue), v
		case val == nil:
			return j(zeroValue), v
		case len(path) > 1:
			return p.sourceShown(j, pf, fn, val, path[1:], depth+1)
		}
		return p.valueShown(j, pf, fn, val, depth+1)
	case *ast.CallExpr:
		return p.resultShown(j, pf, v, path, depth)
	}
	return shownUnknown, e
}

// resultShown tells what the field that path selects holds in the struct that call,
// written in file pf, returns: for a function of the program (see structResult), what each of its return
// statements gives there (see sourceShown). A return that also gives an error other
// than nil is left out when the caller leaves on that error (see errorTaken), as it
// then takes the error on that path, not the struct;
// a return this audit cannot read (a bare one of named results, another call's
// results), a call of anything else, or a function that returns only errors is unknown.
func (p *program) resultShown(j judge, pf *pfile, call *ast.CallExpr, path []string, depth int) (shown, ast.Node) {
	d, i, _, ok := p.structResult(pf, call, path[0])
	if !ok || depth > 4 {
		return shownUnknown, call
	}
	results := fieldTypes(d.node.Type.Results)
	errorGiven := func(r *ast.ReturnStmt) bool {
		for j, t := range results {
			if j != i && isName(t, "error") && !isName(unparen(r.Results[j]), "nil") && p.errorTaken(call, j) {
				return true
			}
		}
		return false
	}
	result, at, read := shownPositive, ast.Node(nil), false
	for _, r := range returns(d.node.Body) {
		if len(r.Results) != len(results) {
			return shownUnknown, r
		}
		if errorGiven(r) {
			continue
		}
		read = true
		v, n := p.sourceShown(j, d.file, d.node, r.Results[i], path, depth+1)
		if v == shownZero {
			return v, n
		}
		result, at = worse(result, at, v, n)
	}
	if !read {
		return shownUnknown, call
	}
	return result, at
}

// errorTaken reports whether the caller leaves on the error that call gives as its
// result of index j: call is the value of an assignment (v, err := load(), or the
// init of an if) that names the error, and the if that follows it (or holds it) on
// err != nil ends its branch with a return, panic, os.Exit or a fatal log. An error
// thrown away (v, _ := load()) or only logged leaves the struct of that path to the
// caller.
func (p *program) errorTaken(call *ast.CallExpr, j int) bool {
	_, fn := p.enclosing(call.Pos())
	body := funcBody(fn)
	if body == nil {
		return false
	}
	path := enclosing(body, call)
	k := len(path) - 2 // the node above the call
	if k < 1 {
		return false
	}
	as, ok := path[k].(*ast.AssignStmt)
	if !ok || len(as.Rhs) != 1 || unparen(as.Rhs[0]) != call || j >= len(as.Lhs) {
		return false
	}
	errName, ok := as.Lhs[j].(*ast.Ident)
	if !ok || errName.Name == "_" {
		return false
	}
	var check *ast.IfStmt
	switch x := path[k-1].(type) {
	case *ast.IfStmt:
		if x.Init == as {
			check = x
		}
	case *ast.BlockStmt:
		if n := slices.Index(x.List, ast.Stmt(as)); n >= 0 && n+1 < len(x.List) {
			check, _ = x.List[n+1].(*ast.IfStmt)
		}
	}
	if check == nil || len(check.Body.List) == 0 {
		return false
	}
	cond, ok := unparen(check.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !isName(unparen(cond.X), errName.Name) || !isName(unparen(cond.Y), "nil") {
		return false
	}
	pf, _ := p.enclosing(call.Pos())
	switch last := check.Body.List[len(check.Body.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		x, ok := unparen(last.X).(*ast.CallExpr)
		return ok && isFatal(pf, x)
	}
	return false
}

// structResult finds the function of the program that call, written in file pf,
// calls, and the index of its result whose type (or the type it points to, ptr) is a
// struct type of the program that declares field f: the only one of its results that
// is.
func (p *program) structResult(pf *pfile, call *ast.CallExpr, f string) (d decl[*ast.FuncDecl], i int, ptr, ok bool) {
	d, ok = p.funcs[p.funcID(pf, unparen(call.Fun))]
	if !ok || d.node.Body == nil || d.node.Type.Results == nil {
		return d, 0, false, false
	}
	i = -1
	for j, t := range fieldTypes(d.node.Type.Results) {
		star, isPtr := t.(*ast.StarExpr)
		if isPtr {
			t = star.X
		}
		if p.declaresField(d.file, t, f) {
			if i >= 0 {
				return d, 0, false, false
			}
			i, ptr = j, isPtr
		}
	}
	return d, i, ptr, i >= 0
}

// fieldTypes returns the type of each name of l, a parameter or result list (once for
// a field without names).
func fieldTypes(l *ast.FieldList) []ast.Expr {
	var out []ast.Expr
	for _, fl := range l.List {
		for range max(len(fl.Names), 1) {
			out = append(out, fl.Type)
		}
	}
	return out
}

// declaresField reports whether typ, a type name written in file pf, is a struct type
// of the program that declares field f itself (not through an embedded struct), or
// net/http's Server and f one of its timeouts (a server a function of the program
// returns, srv.ReadHeaderTimeout = def.ReadHeaderTimeout).
func (p *program) declaresField(pf *pfile, typ ast.Expr, f string) bool {
	id := ""
	switch t := unparen(typ).(type) {
	case *ast.Ident:
		id = pf.pkg.ImportPath + "." + t.Name
	case *ast.SelectorExpr:
		pkg, name, ok := pf.qualified(t)
		if !ok {
			return false
		}
		id = pkg + "." + name
	}
	if id == "net/http.Server" {
		return slices.Contains(serverTimeouts, f)
	}
	d, ok := p.types[id]
	if !ok {
		return false
	}
	st, ok := d.node.Type.(*ast.StructType)
	return ok && slices.ContainsFunc(st.Fields.List, func(fl *ast.Field) bool {
		return slices.ContainsFunc(fl.Names, func(n *ast.Ident) bool { return n.Name == f })
	})
}

// fieldChange is where something may change a field of a struct variable other than
// by a set of it (see fieldChanges); anywhere tells one that may do so at any time,
// not only where it is written: a pointer to it kept, or code in a function literal.
type fieldChange struct {
	node     ast.Node
	anywhere bool
}

// fieldChangesKey is what fieldChanges is asked about.
type fieldChangesKey struct {
	body    *ast.BlockStmt
	name    string
	path    string
	byValue bool
}

// fieldChanges returns where body (in file pf) may change the field that path
// selects from the struct variable name otherwise than by a set of it, in the order
// of the code: the address of the variable, of a struct on the way or of the field
// taken (&cfg, &cfg.HTTP, &cfg.Timeout; not that of another field, &cfg.Addr), at the
// call it is given to (json.Unmarshal(b, &cfg)) or anywhere when it is kept (p :=
// &cfg.Timeout, unless p is only read through, see readOnlyAlias); the variable passed
// to a call unless it is held by value, or a method called on it; for a field of a
// struct held in a field (cfg.HTTP.Timeout), likewise a struct on the way (cfg.HTTP)
// passed to a call, whose type this audit does not tell, or with a method called on
// it; a copy of the variable when it holds a pointer (dev := cfg, cur = cfg,
// []*config{cfg}), anywhere, unless to _ or a variable only read fields through
// (see onlyReadCopy). What a function literal holds may run anywhere. Each body, variable and path is
// read once (p.fieldChangesOf).
func (p *program) fieldChanges(pf *pfile, body *ast.BlockStmt, name string, path []string, byValue bool) []fieldChange {
	key := fieldChangesKey{body, name, strings.Join(path, "."), byValue}
	if out, ok := p.fieldChangesOf[key]; ok {
		return out
	}
	if p.fieldChangesOf == nil {
		p.fieldChangesOf = map[fieldChangesKey][]fieldChange{}
	}
	// A method that calls itself on its receiver, read again while it is read, may
	// change the field.
	p.fieldChangesOf[key] = []fieldChange{{body, true}}
	// onTheWay reports whether e is the variable or a struct on the way to the field.
	onTheWay := func(e ast.Expr) bool {
		var on []string
		for {
			switch x := unparen(e).(type) {
			case *ast.Ident:
				return x.Name == name && len(on) < len(path) && slices.Equal(on, path[:len(on)])
			case *ast.SelectorExpr:
				on, e = append([]string{x.Sel.Name}, on...), x.X
			default:
				return false
			}
		}
	}
	// holding reports whether e, whose address is taken, holds the field: the
	// variable, a struct on the way, the field or what is in it (any other form
	// rooted at the variable, as this audit does not tell what it holds).
	holding := func(e ast.Expr) bool {
		var on []string
		for {
			switch x := unparen(e).(type) {
			case *ast.Ident:
				n := min(len(on), len(path))
				return x.Name == name && slices.Equal(on[:n], path[:n])
			case *ast.SelectorExpr:
				on, e = append([]string{x.Sel.Name}, on...), x.X
			default:
				root, ok := rootIdent(x)
				return ok && root == name
			}
		}
	}
	var out []fieldChange
	var stack []ast.Node
	lits := 0 // the function literals on the stack
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			if _, ok := stack[len(stack)-1].(*ast.FuncLit); ok {
				lits--
			}
			stack = stack[:len(stack)-1]
			return true
		}
		var parent ast.Node
		if len(stack) > 0 {
			parent = stack[len(stack)-1]
		}
		stack = append(stack, n)
		switch x := n.(type) {
		case *ast.FuncLit:
			lits++
		case *ast.UnaryExpr:
			if x.Op != token.AND || !holding(x.X) {
				break
			}
			if c, ok := parent.(*ast.CallExpr); ok && slices.Contains(c.Args, ast.Expr(x)) {
				out = append(out, fieldChange{c, lits > 0})
			} else if !p.onlyReadThrough(pf, parent, x) {
				out = append(out, fieldChange{x, true})
			}
		case *ast.Ident:
			// A copy of a pointer to the struct (dev := cfg, cur = cfg, []*config{cfg})
			// is another name for it: written through, it changes the field anywhere.
			if !byValue && x.Name == name && copiedOut(parent, x) && !p.onlyReadCopy(body, parent, x) {
				out = append(out, fieldChange{x, true})
			}
		case *ast.SelectorExpr:
			// A method value (flag.BoolFunc(..., cfg.devMode), apply := cfg.reset)
			// binds the variable and may be called anywhere.
			if c, ok := parent.(*ast.CallExpr); (!ok || c.Fun != n) && onTheWay(x.X) && len(p.methods[x.Sel.Name]) > 0 && !p.methodLeaves(x, path[len(fieldsOf(x.X)):]) {
				out = append(out, fieldChange{x, true})
			}
		case *ast.CallExpr:
			if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && onTheWay(sel.X) && !p.methodLeaves(sel, path[len(fieldsOf(sel.X)):]) {
				out = append(out, fieldChange{x, lits > 0})
				break
			}
			if slices.ContainsFunc(x.Args, func(a ast.Expr) bool {
				return !byValue && isName(unparen(a), name) || !isName(unparen(a), name) && onTheWay(a)
			}) {
				out = append(out, fieldChange{x, lits > 0})
			}
		}
		return true
	})
	p.fieldChangesOf[key] = out
	return out
}

// fieldsOf returns the fields e selects in turn from a variable: cfg.HTTP gives
// [HTTP], cfg none (parentheses aside).
func fieldsOf(e ast.Expr) []string {
	var on []string
	for sel, ok := unparen(e).(*ast.SelectorExpr); ok; sel, ok = unparen(sel.X).(*ast.SelectorExpr) {
		on = append([]string{sel.Sel.Name}, on...)
	}
	return on
}

// methodLeaves reports whether the method call of sel (cfg.Validate, cfg.HTTP.Check)
// leaves the field that path selects from its receiver as it is: every method of the
// program of that name (the receiver's type is not told) names no receiver, or
// neither sets the field, a struct on the way or the receiver itself through it (c.F
// = ..., c.HTTP = ..., *c = ...), nor changes it otherwise (see fieldChanges: its
// address taken, the receiver passed to a call or a method called on it that may).
// A method no function of the program declares may change anything.
func (p *program) methodLeaves(sel *ast.SelectorExpr, path []string) bool {
	key := [2]string{sel.Sel.Name, strings.Join(path, ".")}
	if leaves, ok := p.methodLeavesOf[key]; ok {
		return leaves
	}
	if p.methodLeavesOf == nil {
		p.methodLeavesOf = map[[2]string]bool{}
	}
	// A method read again while it is read (it calls one of the same name on its
	// receiver) may change the field.
	p.methodLeavesOf[key] = false
	leaves := p.methodsLeave(p.methods[sel.Sel.Name], path)
	p.methodLeavesOf[key] = leaves
	return leaves
}

// methodsLeave is methodLeaves for the methods of one name, methods.
func (p *program) methodsLeave(methods []decl[*ast.FuncDecl], path []string) bool {
	if len(methods) == 0 || len(path) == 0 {
		return false
	}
	for _, d := range methods {
		recv := d.node.Recv.List[0]
		if len(recv.Names) == 0 || recv.Names[0].Name == "_" {
			continue
		}
		if d.node.Body == nil {
			return false
		}
		r := recv.Names[0].Name
		// sets reports whether e, written to, is the receiver, a struct on the way
		// or the field (or what is in it), or anything else rooted at the receiver.
		sets := func(e ast.Expr) bool {
			var on []string
			for {
				switch x := unparen(e).(type) {
				case *ast.Ident:
					n := min(len(on), len(path))
					return x.Name == r && slices.Equal(on[:n], path[:n])
				case *ast.SelectorExpr:
					on, e = append([]string{x.Sel.Name}, on...), x.X
				case *ast.StarExpr:
					e = x.X
				default:
					root, ok := rootIdent(x)
					return ok && root == r
				}
			}
		}
		written := false
		ast.Inspect(d.node.Body, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.AssignStmt:
				written = slices.ContainsFunc(x.Lhs, sets)
			case *ast.IncDecStmt:
				written = sets(x.X)
			case *ast.RangeStmt:
				written = x.Key != nil && sets(x.Key) || x.Value != nil && sets(x.Value)
			}
			return !written
		})
		if written || len(p.fieldChanges(d.file, d.node.Body, r, path, false)) > 0 {
			return false
		}
	}
	return true
}

// copiedOut reports whether id, whose parent node is parent, is a value copied to
// another name: the value of an assignment or declaration, an element of a composite
// literal, a value sent on a channel.
func copiedOut(parent ast.Node, id *ast.Ident) bool {
	switch x := parent.(type) {
	case *ast.AssignStmt:
		return slices.Contains(x.Rhs, ast.Expr(id))
	case *ast.ValueSpec:
		return slices.Contains(x.Values, ast.Expr(id))
	case *ast.CompositeLit:
		return slices.Contains(x.Elts, ast.Expr(id))
	case *ast.KeyValueExpr:
		return x.Value == id
	case *ast.SendStmt:
		return x.Value == id
	}
	return false
}

// onlyReadCopy reports whether id, copied by st (see copiedOut), goes to _ or to a
// variable st declares in body (dev := cfg, var dev = cfg) that body only reads fields through: every other use
// of it selects a field that is not assigned, incremented, addressed or called.
func (p *program) onlyReadCopy(body *ast.BlockStmt, st ast.Node, id *ast.Ident) bool {
	if x, isAssign := st.(*ast.AssignStmt); isAssign && x.Tok != token.DEFINE && !isName(x.Lhs[0], "_") {
		return false // perhaps a package-level variable, or one of an outer function
	}
	lhs, rhs, ok := assignSides(st)
	if !ok {
		return false
	}
	i := slices.Index(rhs, ast.Expr(id))
	if i < 0 || len(lhs) != len(rhs) {
		return false
	}
	copyName, ok := lhs[i].(*ast.Ident)
	if !ok {
		return false
	}
	if copyName.Name == "_" {
		return true
	}
	read := true
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		use, ok := n.(*ast.Ident)
		if !ok || use.Name != copyName.Name || !read {
			return read
		}
		k := len(stack) - 2
		if as, ok := stack[k].(*ast.AssignStmt); ok && slices.Contains(as.Lhs, ast.Expr(use)) {
			return true // assigned again
		}
		if vs, ok := stack[k].(*ast.ValueSpec); ok && slices.Contains(vs.Names, use) {
			return true
		}
		top := ast.Node(use)
		for k >= 0 {
			sel, ok := stack[k].(*ast.SelectorExpr)
			if !ok || sel.X != top {
				break
			}
			top, k = sel, k-1
		}
		if top == ast.Node(use) || k < 0 {
			read = false
			return false
		}
		switch x := stack[k].(type) {
		case *ast.AssignStmt:
			read = !slices.Contains(x.Lhs, top.(ast.Expr))
		case *ast.IncDecStmt:
			read = false
		case *ast.UnaryExpr:
			read = x.Op != token.AND
		case *ast.CallExpr:
			read = x.Fun != top
		}
		return read
	})
	return read
}

// assignSides returns the left and right sides of n when it is an assignment or a
// variable declaration (var a, b = x, y: the names and the values), and false
// otherwise.
func assignSides(n ast.Node) (lhs, rhs []ast.Expr, ok bool) {
	switch x := n.(type) {
	case *ast.AssignStmt:
		return x.Lhs, x.Rhs, true
	case *ast.ValueSpec:
		for _, id := range x.Names {
			lhs = append(lhs, id)
		}
		return lhs, x.Values, true
	}
	return nil, nil, false
}

// onlyReadThrough reports whether addr, an address taken in statement or
// declaration st, is the value of a local variable that is only read through (see
// readOnlyAlias): p := &cfg.Timeout, then *p read alone.
func (p *program) onlyReadThrough(pf *pfile, st ast.Node, addr *ast.UnaryExpr) bool {
	lhs, rhs, _ := assignSides(st)
	i := slices.Index(rhs, ast.Expr(addr))
	if i < 0 || len(lhs) != len(rhs) {
		return false
	}
	_, fn := p.enclosing(addr.Pos())
	return p.readOnlyAlias(pf, fn, lhs[i]) != nil
}

// fieldReach tells, for nodes of a function's body, whether what they do may hold
// where a variable is read there: see before and between.
type fieldReach struct {
	read ast.Node
	in   bool // whether the body holds the read
	// loops are the loops of the body that hold the read, lits its function literals
	// that hold it, and others the function literals that do not.
	loops, lits, others []ast.Node
}

// fieldReachOf returns the fieldReach of read, a variable read in body.
func (p *program) fieldReachOf(body *ast.BlockStmt, read ast.Node) fieldReach {
	r := fieldReach{read: read, in: encloses(body, read)}
	if !r.in {
		return r
	}
	lits, ok := p.funcLitsOf[body]
	if !ok {
		ast.Inspect(body, func(n ast.Node) bool {
			if l, isLit := n.(*ast.FuncLit); isLit {
				lits = append(lits, l)
			}
			return true
		})
		if p.funcLitsOf == nil {
			p.funcLitsOf = map[*ast.BlockStmt][]ast.Node{}
		}
		p.funcLitsOf[body] = lits
	}
	for _, l := range lits {
		if encloses(l, read) {
			r.lits = append(r.lits, l)
		} else {
			r.others = append(r.others, l)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil || !encloses(n, read) {
			return false
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			r.loops = append(r.loops, n)
		}
		return true
	})
	return r
}

// before reports whether n may run before the read: it is written before it, or in a
// loop that holds the read too (the next turn reads it), or outside a function literal
// that holds the read (which may run later). A read this audit cannot place (not in
// the body) counts as after everything.
func (r fieldReach) before(n ast.Node) bool {
	return !r.in || n.End() <= r.read.Pos() ||
		slices.ContainsFunc(r.loops, func(l ast.Node) bool { return encloses(l, n) }) ||
		slices.ContainsFunc(r.lits, func(l ast.Node) bool { return !encloses(l, n) })
}

// between reports whether n may run after set and before the read: written after set
// and before the read (see before), or in a function literal that does not hold the
// read, which may run at any time.
func (r fieldReach) between(set, n ast.Node) bool {
	return n.Pos() >= set.End() && r.before(n) || slices.ContainsFunc(r.others, func(l ast.Node) bool { return encloses(l, n) })
}

// isStructValue reports whether t, a field's type, holds a struct by value: a type
// name, not a pointer, map or other composite whose zero value is nil.
func isStructValue(t ast.Expr) bool {
	switch unparen(t).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr, *ast.StructType:
		return true
	}
	return false
}

// isPointerParam reports whether the parameter of index i of ft is of a pointer type.
func isPointerParam(ft *ast.FuncType, i int) bool {
	params := fieldTypes(ft.Params)
	if i >= len(params) {
		return false
	}
	_, ok := params[i].(*ast.StarExpr)
	return ok
}
