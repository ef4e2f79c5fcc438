package audit

import "slices"

// readyPaths returns the test of whether a route path of p is a readiness
// endpoint: one whose path names readiness (/readyz, /readiness; see isReadyPath),
// or one that the readinessProbe (httpGet) of a manifest container tied to p's main
// package, or tied to none, probes: a /healthz that turns 503 on shutdown does the
// job of a /readyz when the probe asks it.
func (a *auditor) readyPaths(p *program) func(string) bool {
	probed := a.probedPaths(p, func(c container) []string {
		if c.readyPath == "" {
			return nil
		}
		return []string{c.readyPath}
	})
	return func(v string) bool { return isReadyPath(v) || slices.Contains(probed, v) }
}

// probedPaths returns the paths that paths gives for each manifest container tied to
// p's main package, or tied to none.
func (a *auditor) probedPaths(p *program, paths func(container) []string) []string {
	var out []string
	for _, c := range a.containers() {
		if tied := c.ties(a.r.Mains); len(tied) == 0 || slices.Contains(tied, p.main) {
			out = append(out, paths(c)...)
		}
	}
	return out
}
