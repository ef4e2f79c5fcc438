package audit

import "testing"

// TestHealthPrefix audits health and readiness routes under a prefix (/api/healthz,
// Prometheus' /-/healthy and /-/ready) and routes that a manifest container's
// httpGet probes ask, whatever their name: health endpoints (PASS), as shutdown
// takes them for readiness.
func TestHealthPrefix(t *testing.T) {
	deploy := func(routes, probes string) map[string]string {
		return withFiles(probeMain("1.24", routes, flipThenDrain), map[string]string{
			"deploy/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n" + probes,
		})
	}
	const none = "no health or readiness endpoint"
	runCheckCases(t, []checkCase{
		{name: "health routes under /api", files: probeMain("1.24", "mux.HandleFunc(\"/api/healthz\", readyz)\n\tmux.HandleFunc(\"/api/readyz\", readyz)", flipThenDrain), check: "health", want: Pass, message: "health endpoints: /api/healthz, /api/readyz"},
		{name: "Prometheus-style /-/healthy and /-/ready", files: probeMain("1.24", "mux.HandleFunc(\"/-/healthy\", readyz)\n\tmux.HandleFunc(\"/-/ready\", readyz)", flipThenDrain), check: "health", want: Pass, message: "health endpoints: /-/healthy, /-/ready"},
		{name: "a route the livenessProbe asks", files: deploy("mux.HandleFunc(\"/status\", readyz)", "          livenessProbe:\n            httpGet: {path: /status, port: 8080}\n"), check: "health", want: Pass, message: "health endpoints: /status"},
		{name: "a route the startupProbe asks, with a query", files: deploy("mux.HandleFunc(\"/status\", readyz)", "          startupProbe:\n            httpGet: {path: \"/status?full=1\", port: 8080}\n"), check: "health", want: Pass, message: "health endpoints: /status"},
		{name: "a route no probe asks", files: deploy("mux.HandleFunc(\"/status\", readyz)", "          livenessProbe:\n            httpGet: {path: /alive, port: 8080}\n"), check: "health", want: Warn, message: none},
		{name: "a probe of / is no health endpoint", files: deploy("mux.HandleFunc(\"/\", readyz)", "          livenessProbe:\n            httpGet: {path: /, port: 8080}\n"), check: "health", want: Warn, message: none},
		{name: "a ready segment under a wildcard is an API route", files: probeMain("1.24", "mux.HandleFunc(\"/orders/{id}/ready\", readyz)", flipThenDrain), check: "health", want: Warn, message: none},
	})
}
