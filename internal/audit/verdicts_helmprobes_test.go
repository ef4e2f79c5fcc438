package audit

import "testing"

// TestHelmTemplateProbes audits a service deployed by a Helm chart whose template,
// not YAML for its {{ }} lines, gives the container probes: they are not read, so a
// health or shutdown PASS that they may undo is UNKNOWN naming the template (round
// 32 audit/2: the probes asked /livez and /ready, which the program never serves).
func TestHelmTemplateProbes(t *testing.T) {
	const probes = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
	// chart deploys the service with a template whose container part is container,
	// and values.yaml values.
	chart := func(container, values string) map[string]string {
		return withFiles(probeMain("1.24", probes, flipThenDrain), map[string]string{
			"charts/p/Chart.yaml":  "apiVersion: v2\nname: p\nversion: 0.1.0\n",
			"charts/p/values.yaml": values,
			"charts/p/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-p\nspec:\n  template:\n    spec:\n      containers:\n        - name: p\n" +
				"          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n" + container,
		})
	}
	const (
		literal  = "          livenessProbe:\n            httpGet:\n              path: /livez\n              port: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n"
		rendered = "          {{- toYaml .Values.container | nindent 10 }}\n"
		values   = "image:\n  repository: ghcr.io/acme/p\n  tag: \"1.0\"\n"
		skipped  = "the manifest charts/p/templates/deployment.yaml (not read: yaml: line 3: did not find expected key), which could not be parsed, may deploy this program with a "
	)
	runCheckCases(t, []checkCase{
		{name: "health: literal probes in the template", files: chart(literal, values), check: "health", want: Unknown, message: "health endpoints: /healthz, /readyz; but " + skipped + "livenessProbe or startupProbe whose path and port this audit cannot read"},
		{name: "shutdown: literal probes in the template", files: chart(literal, values), check: "shutdown", want: Unknown, message: "readiness turns 503; but " + skipped + "readinessProbe whose path and port"},
		{name: "health: probes rendered from the chart's values", files: chart(rendered, values+"container:\n  livenessProbe:\n    httpGet: {path: /livez, port: 8080}\n"), check: "health", want: Unknown, message: skipped + "livenessProbe or startupProbe"},
		{name: "health: a template without probes", files: chart("", values), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "shutdown: a template with a livenessProbe only", files: chart("          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n", values), check: "shutdown", want: Pass, message: "readiness turns 503"},
	})
}
