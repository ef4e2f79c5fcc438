package audit

import (
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// readyPaths returns the test of whether a route path of p is a readiness
// endpoint: one whose path names readiness (/readyz, /readiness; see isReadyPath),
// or one that the readinessProbe (httpGet) of a manifest container tied to p's main
// package, or tied to none, probes: a /healthz that turns 503 on shutdown does the
// job of a /readyz when the probe asks it.
func (a *auditor) readyPaths(p *program) func(string) bool {
	var probed []string
	for _, mpath := range a.r.Manifests {
		src, _ := a.r.ReadFile(mpath)
		dec := yaml.NewDecoder(strings.NewReader(string(src)))
		for {
			var doc yaml.Node
			if err := dec.Decode(&doc); err != nil {
				break // io.EOF, or a manifest that does not parse: listed by the checks that read containers
			}
			walkContainers(&doc, func(n *yaml.Node) {
				path := get(get(get(n, "readinessProbe"), "httpGet"), "path")
				if path == nil || path.Kind != yaml.ScalarNode || !strings.HasPrefix(path.Value, "/") {
					return
				}
				var c container
				if name := get(n, "name"); name != nil {
					c.name = name.Value
				}
				if image := get(n, "image"); image != nil {
					c.image = image.Value
				}
				if tied := c.ties(a.r.Mains); len(tied) == 0 || slices.Contains(tied, p.main) {
					v, _, _ := strings.Cut(path.Value, "?")
					probed = append(probed, v)
				}
			})
		}
	}
	return func(v string) bool { return isReadyPath(v) || slices.Contains(probed, v) }
}
