package audit

import "testing"

// TestReadinessProbePath audits a service whose one /healthz answers 503 once the
// signal is received: it is the readiness endpoint when a manifest container's
// readinessProbe asks it (PASS), not when only a livenessProbe does, or when the
// readinessProbe asks another path (WARN).
func TestReadinessProbePath(t *testing.T) {
	const healthzOnly = "mux.HandleFunc(\"/healthz\", readyz)"
	deploy := func(probes string) map[string]string {
		return withFiles(probeMain("1.24", healthzOnly, flipThenDrain), map[string]string{
			"deploy/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n" + probes,
		})
	}
	const none = "no readiness endpoint turns 503 on shutdown"
	runCheckCases(t, []checkCase{
		{name: "no manifest", files: probeMain("1.24", healthzOnly, flipThenDrain), check: "shutdown", want: Warn, message: none},
		{name: "the readinessProbe asks /healthz", files: deploy("          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n"), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "the readinessProbe asks /healthz with a query", files: deploy("          readinessProbe:\n            httpGet: {path: \"/healthz?full=1\", port: 8080}\n"), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "only the livenessProbe asks /healthz", files: deploy("          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: 8080\n"), check: "shutdown", want: Warn, message: none},
		{name: "the readinessProbe asks another path", files: deploy("          readinessProbe:\n            httpGet:\n              path: /status\n              port: 8080\n"), check: "shutdown", want: Warn, message: none},
	})
}
