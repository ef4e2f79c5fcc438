package audit

import (
	"fmt"
	"testing"
)

// TestProbeJSONPatch audits a service whose base deployment's readinessProbe asks
// /readyz and livenessProbe /healthz, as an overlay's inline JSON 6902 patch deploys
// it: an operation on a probe, its httpGet or its path counts as the same change
// written as a strategic merge does (health WARN for a livenessProbe moved to a path
// no route registers, shutdown WARN for a readinessProbe moved to a path that never
// answers 503), and one that moves a probe back to a served path is PASS; one on the
// probe's timing or headers leaves its path as it was.
func TestProbeJSONPatch(t *testing.T) {
	const routes = "mux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(\"ok\")) })\n\tmux.HandleFunc(\"/readyz\", readyz)"
	base := func(ready, live string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n" +
			"          readinessProbe:\n            httpGet: {path: " + ready + ", port: 8080}\n" +
			"          livenessProbe:\n            httpGet: {path: " + live + ", port: 8080}\n"
	}
	deploy := func(ready, live, ops string) map[string]string {
		return withFiles(probeMain("1.24", routes, flipThenDrain), map[string]string{
			"deploy/base/p.yaml":                      base(ready, live),
			"deploy/base/kustomization.yaml":          "resources:\n  - p.yaml\n",
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - target:\n      kind: Deployment\n      name: p\n    patch: |-\n" + ops,
		})
	}
	op := func(op, at, value string) string {
		if at != "" {
			at = "/" + at
		}
		s := fmt.Sprintf("      - op: %s\n        path: /spec/template/spec/containers/0%s\n", op, at)
		if value != "" {
			s += "        value: " + value + "\n"
		}
		return s
	}
	const (
		static   = "the readinessProbe asks /healthz, which never answers 503"
		turns    = "readiness turns 503"
		restarts = "the livenessProbe asks /live, which no route of the program registers"
		healthy  = "health endpoints: /healthz, /readyz"
	)
	runCheckCases(t, []checkCase{
		{name: "replace of the readinessProbe's path", files: deploy("/readyz", "/healthz", op("replace", "readinessProbe/httpGet/path", "/healthz")), check: "shutdown", want: Warn, message: static},
		{name: "replace of the readinessProbe's httpGet", files: deploy("/readyz", "/healthz", op("replace", "readinessProbe/httpGet", "{path: /healthz, port: 8080}")), check: "shutdown", want: Warn, message: static},
		{name: "add of a whole readinessProbe", files: deploy("/readyz", "/healthz", op("add", "readinessProbe", "{httpGet: {path: /healthz, port: 8080}}")), check: "shutdown", want: Warn, message: static},
		{name: "replace of the whole container", files: deploy("/readyz", "/healthz", op("replace", "", "{name: p, image: ghcr.io/acme/p:1.0, readinessProbe: {httpGet: {path: /healthz, port: 8080}}}")), check: "shutdown", want: Warn, message: static},
		{name: "replace moves the readinessProbe back to /readyz", files: deploy("/healthz", "/healthz", op("replace", "readinessProbe/httpGet/path", "/readyz")), check: "shutdown", want: Pass, message: turns},
		{name: "remove of the readinessProbe that asks /healthz", files: deploy("/healthz", "/healthz", op("remove", "readinessProbe", "")), check: "shutdown", want: Pass, message: turns},
		{name: "replace of the livenessProbe's path", files: deploy("/readyz", "/healthz", op("replace", "livenessProbe/httpGet/path", "/live")), check: "health", want: Warn, message: restarts},
		{name: "replace of another object's probe", files: withFiles(deploy("/readyz", "/healthz", ""), map[string]string{
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - target:\n      kind: Deployment\n      name: other\n    patch: |-\n" + op("replace", "livenessProbe/httpGet/path", "/live"),
		}), check: "health", want: Pass, message: healthy},
		{name: "add of the readinessProbe's initialDelaySeconds keeps its path", files: deploy("/healthz", "/healthz", op("add", "readinessProbe/initialDelaySeconds", "5")), check: "shutdown", want: Warn, message: static},
		{name: "add of the livenessProbe's periodSeconds keeps its path", files: deploy("/readyz", "/live", op("add", "livenessProbe/periodSeconds", "20")), check: "health", want: Warn, message: restarts},
		{name: "add of the livenessProbe's httpHeaders keeps its path", files: deploy("/readyz", "/live", op("add", "livenessProbe/httpGet/httpHeaders", "[{name: X, value: y}]")), check: "health", want: Warn, message: restarts},
		{name: "replace moves the livenessProbe back to /healthz", files: deploy("/readyz", "/live", op("replace", "livenessProbe/httpGet/path", "/healthz")), check: "health", want: Pass, message: healthy},
	})
}
