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

// TestReadinessProbeAsksStatic audits a service whose /readyz turns 503 once the
// signal is received beside a /healthz that always answers 200: the path the
// readinessProbe asks is readiness, so a probe of /healthz never sees a 503 (WARN),
// while a probe of /readyz, or none, does (PASS), and so must each manifest's.
func TestReadinessProbeAsksStatic(t *testing.T) {
	const routes = "mux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(\"ok\")) })\n\tmux.HandleFunc(\"/readyz\", readyz)"
	manifest := func(name, path string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n          readinessProbe:\n            httpGet: {path: " + path + ", port: 8080}\n"
	}
	deploy := func(manifests map[string]string) map[string]string {
		return withFiles(probeMain("1.24", routes, flipThenDrain), manifests)
	}
	const static = "the readinessProbe asks /healthz, which never answers 503"
	runCheckCases(t, []checkCase{
		{name: "no manifest", files: probeMain("1.24", routes, flipThenDrain), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "the readinessProbe asks /readyz", files: deploy(map[string]string{"deploy/p.yaml": manifest("p", "/readyz")}), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "the readinessProbe asks /healthz", files: deploy(map[string]string{"deploy/p.yaml": manifest("p", "/healthz")}), check: "shutdown", want: Warn, message: static},
		{name: "one manifest asks /readyz, another /healthz", files: deploy(map[string]string{"deploy/a.yaml": manifest("a", "/readyz"), "deploy/b.yaml": manifest("b", "/healthz")}), check: "shutdown", want: Warn, message: static},
		{name: "an overlay's patch moves the readinessProbe to /healthz", files: deploy(map[string]string{
			"deploy/base/p.yaml":                      manifest("p", "/readyz"),
			"deploy/base/kustomization.yaml":          "resources:\n  - p.yaml\n",
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: probe.yaml\n",
			"deploy/overlays/prod/probe.yaml":         manifest("p", "/healthz"),
		}), check: "shutdown", want: Warn, message: static},
		{name: "an overlay's patch moves the readinessProbe from /healthz to /readyz", files: deploy(map[string]string{
			"deploy/base/p.yaml":                      manifest("p", "/healthz"),
			"deploy/base/kustomization.yaml":          "resources:\n  - p.yaml\n",
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: probe.yaml\n",
			"deploy/overlays/prod/probe.yaml":         manifest("p", "/readyz"),
		}), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "the readinessProbe asks /healthz, which reads the flag", files: withFiles(probeMain("1.24", "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)", flipThenDrain), map[string]string{"deploy/p.yaml": manifest("p", "/healthz")}), check: "shutdown", want: Pass, message: "readiness turns 503"},
	})
}
