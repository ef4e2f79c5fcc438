package audit

import (
	"slices"
	"strings"
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
	for _, v := range a.probedPaths(p, a.deployedContainers(), func(c container) []string {
		if c.readyPath == "" {
			return nil
		}
		return []string{c.readyPath}
	}) {
		if !slices.Contains(routed, v) && slices.ContainsFunc(p.paths, func(l pathLit) bool { return l.route && routeOf(l.value, v) }) {
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
	if method, rest, ok := strings.Cut(route, " "); ok && method != "" && !strings.Contains(method, "/") {
		route = strings.TrimLeft(rest, " \t")
	}
	return route == path
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
