package audit

import (
	"cmp"
	"fmt"
	"go/ast"
	"maps"
	"net"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gonew-prod/gonew-prod/internal/repo"
	"go.yaml.in/yaml/v3"
)

// readyPaths returns the test of whether a route path of p is the readiness
// endpoint that shutdown judges. The readinessProbe (httpGet) of a manifest
// container tied to p's main package, or tied to none, tells it: the kubelet asks
// that path alone, so a /healthz that turns 503 on shutdown does the job of a
// /readyz when the probe asks it, and a /readyz that no probe asks does not when the
// probe asks a path that never answers 503. Each path that such probes ask and the
// program registers must turn 503: the first that does not (see readinessFlip) is
// the one judged, and asked returns it; when every one does, any of them is.
// Without a probe that asks a path the program registers, readiness is a route
// whose path names it (/readyz, /readiness; see isReadyPath), and asked is "".
func (a *auditor) readyPaths(p *program) (isReady func(string) bool, asked string) {
	var routed []string
	// The probes as each deployment gives them: a kustomize overlay may patch them.
	for _, v := range a.probedPaths(p, a.probeContainers(p), func(c container) []string {
		if c.ready().path == "" {
			return nil
		}
		return []string{c.ready().path}
	}) {
		if !slices.Contains(routed, v) && slices.ContainsFunc(p.paths, func(l pathLit) bool { return l.route && p.servedAt(l, func(s string) bool { return routeOf(s, v) }) }) {
			routed = append(routed, v)
		}
	}
	if len(routed) == 0 {
		return isReadyPath, ""
	}
	for _, v := range routed {
		is := func(route string) bool { return routeOf(route, v) }
		if flip, _ := p.readinessFlip(is); flip == nil {
			return is, v
		}
	}
	return func(route string) bool {
		return slices.ContainsFunc(routed, func(v string) bool { return routeOf(route, v) })
	}, ""
}

// routeOf reports whether a route registered with pattern route serves the
// requests for path: the pattern is the path, with a method before it or not
// ("GET /readyz").
func routeOf(route, path string) bool {
	return patternPath(route) == path
}

// patternPath returns the path of the route pattern route, without the method a
// net/http pattern may start with ("GET /readyz" gives /readyz).
func patternPath(route string) string {
	if method, rest, ok := strings.Cut(route, " "); ok && method != "" && !strings.Contains(method, "/") {
		return strings.TrimLeft(rest, " \t")
	}
	return route
}

// probedPaths returns the paths that paths gives for each container of cs tied to p's
// main package, or tied to none.
func (a *auditor) probedPaths(p *program, cs []container, paths func(container) []string) []string {
	var out []string
	for _, c := range cs {
		if a.tieOf(c, p) != tiedElsewhere {
			out = append(out, paths(c)...)
		}
	}
	return out
}

// probeFailure says what comes of a probe of kind (one of probeKinds) that always
// fails.
func probeFailure(kind string) string {
	switch kind {
	case "livenessProbe":
		return "the kubelet restarts the container again and again, cutting the requests in flight"
	case "startupProbe":
		return "the kubelet kills the container before it counts as started, again and again"
	}
	return "the pod never turns ready"
}

// probePort judges the port that the probe of kind (one of probeKinds) of each
// manifest container tied to p's main package, or to none, asks (a number, or a name
// of the container's ports) against the listeners of the servers that serve the path
// it asks (see servingRoute), as far as their addresses are constants (see
// surePort): the kubelet asks that path on that port alone. It returns why the probe
// does not reach the path, with the evidence, when the port is a name no port of the
// container declares, which the kubelet cannot resolve, when it is a constant address
// of a started server that does not serve the path (a port has one listener), or when
// every server has a constant address and none is on the port (sure, unless the
// container is tied to no main package); and, not sure, when the path is known to be
// served on another port while a server whose address is not a constant may or may
// not be on the probed one. It returns "" when the probe reaches the path, and when
// nothing tells: a port not read, a path no server can be tied to, addresses that
// are not constants.
func (a *auditor) probePort(p *program, kind string) (msg string, ev []repo.Evidence, sure bool) {
	var servers []server // the servers main's flow may start
	for _, s := range p.servers() {
		if p.runs(s.site) {
			servers = append(servers, s)
		}
	}
	fails := probeFailure(kind)
	if kind == "readinessProbe" {
		fails += " and the readiness that turns 503 is never asked"
	}
	unsureMsg, unsureEv := "", []repo.Evidence(nil)
	for _, c := range a.probeContainers(p) {
		tie := a.tieOf(c, p)
		pr := c.probe(kind)
		if tie == tiedElsewhere || pr.path == "" {
			continue
		}
		if c.undeclaredPort(pr) {
			declared := slices.Sorted(maps.Keys(c.ports))
			ports := "it declares none"
			if len(declared) > 0 {
				ports = "it declares " + strings.Join(declared, ", ")
			}
			return fmt.Sprintf("the %s asks port %s, which no port of container %s is named (%s): the kubelet cannot resolve it (\"couldn't find port\"), so every probe fails: %s", kind, pr.port, c.name, ports, fails), []repo.Evidence{pr.portAt}, tie == tiedHere
		}
		port, ok := c.probedPort(pr)
		if !ok {
			continue
		}
		on := p.servingPath(pr.path)
		if len(on) == 0 {
			continue
		}
		probed := strconv.Itoa(port)
		asks := "the " + kind + " asks :" + probed + pr.path
		var served []string // the ports of on, "" for one not known
		reached := false
		for _, s := range on {
			v, known := p.surePort(s)
			reached = reached || known && v == probed
			if !known {
				v = ""
			}
			served = append(served, v)
		}
		if reached {
			if msg, ev := p.schemeMismatch(on, probed, pr, fails); msg != "" {
				return asks + msg, append([]repo.Evidence{pr.portAt}, ev...), tie == tiedHere
			}
			continue
		}
		where := "on a listener whose address is not a constant"
		path := pr.path
		if known := slices.DeleteFunc(dedupe(slices.Clone(served)), func(v string) bool { return v == "" }); len(known) > 0 {
			where = "on :" + strings.Join(known, ", :")
		}
		var onPort *server // a started server of a constant address on the probed port
		allKnown := true
		for i, s := range servers {
			v, known := p.surePort(s)
			allKnown = allKnown && known
			if known && v == probed && onPort == nil && p.started(s) && !slices.ContainsFunc(on, func(o server) bool { return o.node == s.node }) {
				onPort = &servers[i]
			}
		}
		at := []repo.Evidence{pr.portAt}
		for _, s := range on {
			at = append(at, p.at(s.node))
		}
		switch {
		case onPort != nil:
			return fmt.Sprintf("%s, which the server %s on :%s does not serve (%s is served %s): the kubelet never sees it, so %s", asks, p.serverName(*onPort), probed, path, where, fails), append(at, p.at(onPort.node)), tie == tiedHere
		case allKnown:
			return fmt.Sprintf("%s, but no server of the program listens on :%s (%s is served %s): the kubelet's probe is refused, so %s", asks, probed, path, where, fails), at, tie == tiedHere
		case slices.ContainsFunc(served, func(v string) bool { return v != "" }) && unsureMsg == "":
			unsureMsg = fmt.Sprintf("%s, and %s is served %s; whether the listener on :%s serves it cannot be told (a server's address is not a constant): if not, %s", asks, path, where, probed, probeFailure(kind))
			unsureEv = at
		}
	}
	return unsureMsg, unsureEv, false
}

// schemeMismatch says why probe pr, which asks port probed of the servers on
// (those that serve its path), fails on the scheme: it asks over HTTP (its scheme,
// or none) while every serve call main's flow runs on those of them that surely
// listen on that port serves TLS only (ListenAndServeTLS, ServeTLS), which Go
// answers 400 Bad Request ("Client sent an HTTP request to an HTTPS server"); or over
// HTTPS while every such call serves plain HTTP (ListenAndServe), whose listener
// fails the TLS handshake. It returns "" when the scheme of the probe or of a serve
// call is not known (Serve of a listener that may be a TLS one, a framework's start)
// or both are served.
func (p *program) schemeMismatch(on []server, probed string, pr probe, fails string) (string, []repo.Evidence) {
	wantTLS, known := pr.tls()
	if !known {
		return "", nil
	}
	var tlsAt, plainAt []repo.Evidence
	for _, s := range on {
		if v, known := p.surePort(s); !known || v != probed {
			continue
		}
		for _, c := range p.serveCalls() {
			if !p.runs(c.site) || ast.Node(c.expr) != s.node && (c.recv == nil || !p.holds(c.fn, c.recv, s.node)) {
				continue
			}
			switch {
			case c.name == "ListenAndServeTLS" || c.name == "ServeTLS":
				tlsAt = append(tlsAt, p.at(c.expr))
			case c.name == "ListenAndServe":
				plainAt = append(plainAt, p.at(c.expr))
			default: // Serve(l) of a listener that may serve TLS, gin's Run, Echo's Start, ...
				return "", nil
			}
		}
	}
	asked := "over HTTP (scheme " + cmp.Or(pr.scheme, "not set, so HTTP") + ")"
	var ev []repo.Evidence
	if pr.scheme != "" {
		ev = append(ev, pr.schemeAt)
	}
	switch {
	case !wantTLS && len(tlsAt) > 0 && len(plainAt) == 0:
		return fmt.Sprintf(" %s, but the server on :%s serves only TLS (%s:%d): Go answers a plain request with 400 Bad Request (\"Client sent an HTTP request to an HTTPS server\"), so %s", asked, probed, tlsAt[0].File, tlsAt[0].Line, fails), append(ev, tlsAt[0])
	case wantTLS && len(plainAt) > 0 && len(tlsAt) == 0:
		return fmt.Sprintf(" over HTTPS (scheme HTTPS), but the server on :%s serves plain HTTP only (%s:%d): the TLS handshake fails, so %s", probed, plainAt[0].File, plainAt[0].Line, fails), append(ev, plainAt[0])
	}
	return "", nil
}

// servingPath returns the servers that serve the route of path v (see servingRoute),
// for every route literal a request for v reaches; nil when there is none, or when
// one of them cannot be tied to a server.
func (p *program) servingPath(v string) []server {
	var out []server
	for _, l := range p.paths {
		if !l.route || !slices.ContainsFunc(p.servedPaths(l), func(s string) bool { return routeOf(s, v) }) || p.unroutable(l.node, l.name) != "" {
			continue
		}
		on := p.servingRoute(l)
		if len(on) == 0 {
			return nil
		}
		for _, s := range on {
			if !slices.ContainsFunc(out, func(o server) bool { return o.node == s.node }) {
				out = append(out, s)
			}
		}
	}
	return out
}

// surePort returns the port server s surely listens on: that of its address (see
// listenAddr) when it is a string constant (see givenString: a parameter every call
// gives the same one counts) with a numeric port and, for an http.Server literal, no
// assignment of Addr main's flow may run gives another.
func (p *program) surePort(s server) (string, bool) {
	addr, ok := p.givenString(p.listenAddr(s), 0)
	if !ok {
		return "", false
	}
	_, port, err := net.SplitHostPort(addr)
	if _, numeric := strconv.Atoi(port); err != nil || numeric != nil {
		return "", false
	}
	if _, lit := s.node.(*ast.CompositeLit); lit {
		for _, set := range p.setsOf("Addr") {
			if !p.runs(set.site) || !p.holds(set.fn, set.target, s.node) {
				continue
			}
			if v, ok := p.givenString(set.value, 0); !ok || v != addr {
				return "", false
			}
		}
	}
	return port, true
}

// givenString returns the value of e when it is a string constant (see constString),
// or a parameter of a function declaration (see paramOf) that every call of it main's
// flow runs, one at least, gives the same such value, directly or through a
// parameter of its own handed on (server.New(":8080") for func New(addr string)
// building &http.Server{Addr: addr}).
func (p *program) givenString(e ast.Expr, depth int) (string, bool) {
	if v, ok := p.constString(e); ok || depth > 4 {
		return v, ok
	}
	id, ok := unparen(e).(*ast.Ident)
	if !ok {
		return "", false
	}
	_, fn := p.enclosing(id.Pos())
	callee, i, ok := p.paramOf(fn, id.Name)
	if !ok {
		return "", false
	}
	given, known := "", false
	for _, c := range p.callsOfParam(callee) {
		if i >= len(c.expr.Args) {
			return "", false
		}
		v, ok := p.givenString(c.expr.Args[i], depth+1)
		if !ok || known && v != given {
			return "", false
		}
		given, known = v, true
	}
	return given, known
}

// started reports whether server s is started where the code tells it: s is a serve
// call itself (http.ListenAndServe, gin's Run), or a serve call main's flow runs is
// made on a variable holding it.
func (p *program) started(s server) bool {
	return slices.ContainsFunc(p.serveCalls(), func(c call) bool {
		return p.runs(c.site) && (ast.Node(c.expr) == s.node || c.recv != nil && p.holds(c.fn, c.recv, s.node))
	})
}

// serverName names server s for a message: the variable holding it, else what
// starts it.
func (p *program) serverName(s server) string {
	if s.fn != nil {
		for _, name := range slices.Sorted(maps.Keys(p.defs[s.fn])) {
			if slices.ContainsFunc(p.defs[s.fn][name], func(d ast.Expr) bool { return unparen(d) == s.node }) {
				return name
			}
		}
	}
	return s.kind
}

// probeUnrouted judges the path that the probe of kind (one of probeKinds) of each
// manifest container tied to p's main package, or to none, asks against the routes
// the program registers, when none of them is that path (for the readinessProbe,
// see readyPaths, which then falls back to a route named for readiness, the
// readiness route that turns 503, given, which is then not the one the kubelet
// asks): a path nothing serves answers 404, so the probe always fails (see
// probeFailure). It returns why, with the evidence, and sure when it is known that
// nothing serves the path: the container is tied to p, the probed port is that of a
// server (a constant address) that serves routes of the program, every registration
// main's flow may run has a constant path and none is a pattern that may serve the
// path (a subtree "/api/" above it, a wildcard "{id}", ":id", "*"), and the program
// names the path in no other string. Otherwise the message says what may serve it.
func (a *auditor) probeUnrouted(p *program, kind, readiness string) (msg string, ev []repo.Evidence, sure bool) {
	routes := p.routePaths()
	var served []string // the paths the program's routes serve, for the message
	for _, l := range routes {
		if l.route && p.unroutable(l.node, l.name) == "" {
			for _, v := range p.servedPaths(l) {
				served = append(served, patternPath(v))
			}
		}
	}
	served = dedupe(served)
	slices.Sort(served)
	for _, c := range a.probeContainers(p) {
		tie := a.tieOf(c, p)
		pr := c.probe(kind)
		if tie == tiedElsewhere || pr.path == "" || slices.ContainsFunc(routes, func(l pathLit) bool {
			return l.route && p.servedAt(l, func(s string) bool { return routeOf(s, pr.path) })
		}) {
			continue
		}
		asks := "the " + kind + " asks " + pr.path
		if len(served) > 0 {
			asks += ", which no route of the program registers (it registers " + strings.Join(served, ", ") + ")"
		} else {
			asks += ", which no route of the program registers"
		}
		ev = []repo.Evidence{pr.pathAt}
		if readiness != "" {
			asks += ": the route that turns 503 (" + readiness + ") is not the one the kubelet asks"
		}
		why := p.mayServe(pr.path, c, pr)
		if why == "" && tie == tiedHere {
			return asks + ", and " + pr.path + " answers 404, so " + probeFailure(kind), ev, true
		}
		if why == "" {
			why = "the container is tied to no main package by its name, and may not run this program"
		}
		return asks + "; if nothing serves " + pr.path + ", it answers 404 and " + probeFailure(kind) + " (" + why + ")", ev, false
	}
	return "", nil, false
}

// mayServe returns why something this audit does not judge may serve the path v that
// probe pr of c asks, though no route of p registers it, or "": see probeUnrouted.
func (p *program) mayServe(v string, c container, pr probe) string {
	for _, l := range p.paths {
		if !l.route && l.value == v {
			return "the program names " + v + " at " + p.lineOf(l.node) + ", outside a route registration"
		}
	}
	for _, l := range p.routePaths() {
		if !l.route || p.unroutable(l.node, l.name) != "" {
			continue
		}
		for _, s := range p.servedPaths(l) {
			s = patternPath(s)
			if strings.HasPrefix(s, "/") && strings.HasSuffix(s, "/") && !strings.ContainsAny(s, "{*:") && !strings.HasPrefix(v, s) && v != strings.TrimSuffix(s, "/") {
				continue // a subtree serves the paths below it alone
			}
			if strings.HasSuffix(s, "/") || strings.ContainsAny(s, "{*:") {
				return "the route " + s + " at " + p.lineOf(l.node) + " is a pattern that may serve it"
			}
		}
	}
	for _, call := range p.calls {
		if !registers(call) || !p.runs(call.site) || len(call.expr.Args) == 0 {
			continue
		}
		if (call.name == "Handler" || call.name == "HandlerFunc") && len(call.expr.Args) == 1 {
			continue // a gorilla route's handler: its Path or PathPrefix call names the path
		}
		// The path is the first argument, but after the method of a registration
		// that takes one (see methodTaking) and the method list of a Match.
		arg := call.expr.Args[0]
		if call.name == "Match" && len(call.expr.Args) > 1 || slices.Contains(methodTaking, call.name) && len(call.expr.Args) >= 3 {
			arg = call.expr.Args[1]
		}
		prefix, ok := p.constString(arg)
		if !ok {
			return "the route registered at " + p.lineOf(call.expr) + " has a path that is not a constant"
		}
		if slices.Contains([]string{"Mount", "PathPrefix", "Static"}, call.name) && strings.HasPrefix(v, strings.TrimSuffix(prefix, "/")) {
			return "the handler " + call.name + " serves below " + prefix + " at " + p.lineOf(call.expr) + " may serve it"
		}
	}
	port, ok := c.probedPort(pr)
	if !ok {
		return "the port the probe asks is not read"
	}
	for _, l := range p.routePaths() {
		if !l.route {
			continue
		}
		for _, s := range p.servingRoute(l) {
			if v, known := p.surePort(s); known && v == strconv.Itoa(port) {
				return ""
			}
		}
	}
	return "no server known to listen on :" + strconv.Itoa(port) + " serves the routes this audit reads"
}

// lineOf returns "file:line" of node n, for a message.
func (p *program) lineOf(n ast.Node) string {
	at := p.at(n)
	return at.File + ":" + strconv.Itoa(at.Line)
}

// skippedProbes returns the manifests that could not be parsed (see containers; a
// Helm template whose {{ }} lines are not YAML) and may give a container of a pod
// spec (a containers: key) that may run p an HTTP probe of one of kinds whose path
// and port this audit cannot read (see templateProbes): the text gives the kind an
// httpGet, or renders it from the chart's values (toYaml .Values.livenessProbe, or
// a container rendered whole from them) whose httpGet path or port is not a value
// they set. Each is "path (why)", with where it names the probe. Such a manifest may
// deploy p, and its probes may ask a path p never registers; the probes that the
// values give are judged as a manifest's (see valueProbeContainers).
func (a *auditor) skippedProbes(p *program, kinds ...string) (files []string, ev []repo.Evidence) {
	a.containers() // reads the manifests once, noting those it skips
	for _, s := range a.manifestSkipped {
		if s.unseen || !strings.Contains(s.text, "containers:") || a.runsOther(p, s) {
			continue
		}
		_, unread := a.templateProbes(s)
		for _, kind := range kinds {
			if at, ok := unread[kind]; ok {
				files, ev = append(files, s.path+" ("+s.err+")"), append(ev, at)
				break
			}
		}
	}
	return files, ev
}

// templateImage matches the image line of a container in a manifest's text, with
// its value.
var templateImage = regexp.MustCompile(`^\s*(?:- )?image:\s*(.*?)\s*$`)

// templateImages returns the images of the containers of the manifest text, as
// written, without quotes or a comment after them.
func templateImages(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if m := templateImage.FindStringSubmatch(l); m != nil {
			v := m[1]
			if !strings.Contains(v, "{{") {
				v, _, _ = strings.Cut(v, " #")
			}
			out = append(out, strings.Trim(strings.TrimSpace(v), `"'`))
		}
	}
	return out
}

// runsOther reports whether the manifest s, which could not be parsed, runs other
// programs than p alone: every container image it names is written out (no {{ }})
// and none is tied to p's main package, as a manifest container is (see tieOf;
// redis:7 of a Redis StatefulSet beside the service's own chart).
func (a *auditor) runsOther(p *program, s skippedManifest) bool {
	images := templateImages(s.text)
	return len(images) > 0 && !slices.ContainsFunc(images, func(image string) bool {
		return strings.Contains(image, "{{") || a.tieOf(container{image: image}, p) == tiedHere
	})
}

// valueProbeContainers returns, for each manifest that could not be parsed and holds
// a pod spec that may run p (see runsOther), one container for each values file of
// its chart whose probes it renders (see templateProbes), with the httpGet path and
// port those values give and the manifest's image (its Helm values as the values
// files set them): the probes the kubelet makes, which health and shutdown judge as
// those of a manifest container.
func (a *auditor) valueProbeContainers(p *program) []container {
	a.containers() // reads the manifests once, noting those it skips
	var out []container
	for _, s := range a.manifestSkipped {
		if s.unseen || !strings.Contains(s.text, "containers:") || a.runsOther(p, s) {
			continue
		}
		cs, _ := a.templateProbes(s)
		out = append(out, cs...)
	}
	return out
}

// probeContainers returns the containers whose probes health and shutdown judge for
// p: the deployed ones (see deployedContainers) and those whose probes a Helm
// template renders from its chart's values (see valueProbeContainers).
func (a *auditor) probeContainers(p *program) []container {
	return slices.Concat(a.deployedContainers(), a.valueProbeContainers(p))
}

// valuesRef matches a Helm action that renders a value of the chart's values whole:
// toYaml .Values.x, or with .Values.x (whose dot the block renders); the submatch is
// the value's keys.
var valuesRef = regexp.MustCompile(`\b(?:toYaml|with)\s+\$?\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)`)

// templateProbes reads the probes of the manifest s, which could not be parsed, that
// its chart's values give: for each value it renders whole (see valuesRef) that is a
// probe (.Values.livenessProbe), or a container or a list of them holding probes
// (.Values.container), the httpGet of each probe, as each values file of the chart
// sets it. A values file whose probes give an httpGet path and port gives a
// container with those probes (and the manifest's image, when it names one that its
// values resolve). unread holds, by kind, where an HTTP probe this audit cannot read
// is named: an httpGet in the manifest's own lines under the kind (a Helm template's
// lines are not read as YAML), or one in the values without a path or port (a
// template, a value left out); a probe without httpGet (exec, tcpSocket, grpc) is
// none.
func (a *auditor) templateProbes(s skippedManifest) (cs []container, unread map[string]repo.Evidence) {
	unread = map[string]repo.Evidence{}
	lines := strings.Split(s.text, "\n")
	for _, kind := range probeKinds {
		if line := httpProbeLine(lines, kind); line > 0 {
			unread[kind] = a.r.At(s.path, line)
		}
	}
	refs := valuesRef.FindAllStringSubmatch(s.text, -1)
	image := a.templateImage(s)
	for _, vpath := range a.chartValues(s.path) {
		src, _ := a.r.ReadFile(vpath)
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) != 1 {
			continue
		}
		at := func(line int) repo.Evidence { return a.r.At(vpath, line) }
		c := container{image: image}
		read := false
		for _, ref := range refs {
			keys := strings.Split(strings.TrimPrefix(ref[1], "."), ".")
			n := doc.Content[0]
			for _, k := range keys {
				n = get(n, k)
			}
			if n == nil {
				continue
			}
			var holders []*yaml.Node // mappings whose probe keys are the probes
			switch last := keys[len(keys)-1]; {
			case slices.Contains(probeKinds[:], last):
				holders = []*yaml.Node{{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: last}, n}}}
			case n.Kind == yaml.SequenceNode:
				holders = seqItems(n)
			default:
				holders = []*yaml.Node{n}
			}
			for _, h := range holders {
				for _, kind := range probeKinds {
					hg := get(get(h, kind), "httpGet")
					if hg == nil {
						continue
					}
					pr := container{}
					pr.patchProbes(h, at)
					if got := pr.probe(kind); got.path == "" || got.port == "" || strings.Contains(got.port, "{{") {
						unread[kind] = at(hg.Line)
						continue
					}
					c.probes[slices.Index(probeKinds[:], kind)] = pr.probe(kind)
					read = true
				}
			}
		}
		if read {
			cs = append(cs, c)
		}
	}
	return cs, unread
}

// templateImage returns the image of the only container image line of the manifest
// s, which could not be parsed, with the Helm actions in it rendered as the chart's
// values.yaml sets them (see manifestValues); "" when it names several, or an action
// renders what this audit cannot read.
func (a *auditor) templateImage(s skippedManifest) string {
	images := templateImages(s.text)
	if len(images) != 1 {
		return ""
	}
	unread := false
	image := helmAction.ReplaceAllStringFunc(images[0], func(action string) string {
		values := a.manifestValues(s.path, &yaml.Node{Kind: yaml.ScalarNode, Value: action})
		if len(values) == 0 || strings.Contains(values[0], "{{") {
			unread = true
			return ""
		}
		return values[0]
	})
	if unread {
		return ""
	}
	return image
}

// httpProbeLine returns the line, from 1, of lines (a manifest's, read line by
// line) that first names the probe kind as a key (livenessProbe:) whose block (the
// lines indented more, or its flow mapping) names httpGet; 0 when none does.
func httpProbeLine(lines []string, kind string) int {
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") || !strings.HasPrefix(strings.TrimPrefix(t, "- "), kind+":") {
			continue
		}
		if strings.Contains(l, "httpGet") {
			return i + 1
		}
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		for _, next := range lines[i+1:] {
			t := strings.TrimSpace(next)
			if t == "" || strings.HasPrefix(t, "{{") || strings.HasPrefix(t, "#") {
				continue
			}
			if len(next)-len(strings.TrimLeft(next, " \t")) <= indent {
				break
			}
			if strings.Contains(next, "httpGet") {
				return i + 1
			}
		}
	}
	return 0
}

// skippedProbesNote says that the probes of kinds of the manifests skippedProbes
// returns are not read, for a message, with the evidence; "" when there are none.
func (a *auditor) skippedProbesNote(p *program, kinds ...string) (string, []repo.Evidence) {
	files, ev := a.skippedProbes(p, kinds...)
	if len(files) == 0 {
		return "", nil
	}
	return "the manifest " + strings.Join(files, ", ") + ", which could not be parsed, may deploy this program with a " + strings.Join(kinds, " or ") + " whose path and port this audit cannot read: check by hand that it asks a path the program registers, on the port of the server that serves it", ev
}
