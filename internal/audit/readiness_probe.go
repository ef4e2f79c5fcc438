package audit

import "slices"

// readyPaths returns the test of whether a route path of p is a readiness
// endpoint: one whose path names readiness (/readyz, /readiness; see isReadyPath),
// or one that the readinessProbe (httpGet) of a manifest container tied to p's main
// package, or tied to none, probes: a /healthz that turns 503 on shutdown does the
// job of a /readyz when the probe asks it.
func (a *auditor) readyPaths(p *program) func(string) bool {
	var probed []string
	for _, c := range a.containers() {
		if c.readyPath == "" {
			continue
		}
		if tied := c.ties(a.r.Mains); len(tied) == 0 || slices.Contains(tied, p.main) {
			probed = append(probed, c.readyPath)
		}
	}
	return func(v string) bool { return isReadyPath(v) || slices.Contains(probed, v) }
}
