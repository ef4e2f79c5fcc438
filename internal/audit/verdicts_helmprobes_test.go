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
		literal    = "          livenessProbe:\n            httpGet:\n              path: /livez\n              port: 8080\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n"
		rendered   = "          {{- toYaml .Values.container | nindent 10 }}\n"
		values     = "image:\n  repository: ghcr.io/acme/p\n  tag: \"1.0\"\n"
		created    = "          {{- with .Values.livenessProbe }}\n          livenessProbe:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n          {{- with .Values.readinessProbe }}\n          readinessProbe:\n            {{- toYaml . | nindent 12 }}\n          {{- end }}\n"
		execProbes = "          {{- if .Values.probes }}\n          livenessProbe:\n            exec:\n              command: [\"redis-cli\", \"ping\"]\n          readinessProbe:\n            exec:\n              command: [\"redis-cli\", \"ping\"]\n          {{- end }}\n"
		skipped    = "the manifest charts/p/templates/deployment.yaml (not read: yaml: line 3: did not find expected key), which could not be parsed, may deploy this program with a "
	)
	// createdValues are the probes of helm create's values.yaml, the liveness one
	// asking path on port.
	createdValues := func(path, port string) string {
		return "livenessProbe:\n  httpGet:\n    path: " + path + "\n    port: " + port + "\nreadinessProbe:\n  httpGet:\n    path: /readyz\n    port: 8080\n"
	}
	// redis is a Redis chart's StatefulSet template whose container part is container.
	redis := func(container string) map[string]string {
		return map[string]string{
			"deploy/redis/Chart.yaml": "apiVersion: v2\nname: redis\nversion: 0.1.0\n",
			"deploy/redis/templates/statefulset.yaml": "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: {{ .Release.Name }}-redis\nspec:\n  template:\n    spec:\n      containers:\n        - name: redis\n" +
				"          image: \"redis:7\"\n" + container,
		}
	}
	runCheckCases(t, []checkCase{
		{name: "health: literal probes in the template", files: chart(literal, values), check: "health", want: Unknown, message: "health endpoints: /healthz, /readyz; but " + skipped + "livenessProbe or startupProbe whose path and port this audit cannot read"},
		{name: "shutdown: literal probes in the template", files: chart(literal, values), check: "shutdown", want: Unknown, message: "readiness turns 503; but " + skipped + "readinessProbe whose path and port"},
		{name: "health: probes rendered from the chart's values", files: chart(rendered, values+"container:\n  livenessProbe:\n    httpGet: {path: /livez, port: 8080}\n"), check: "health", want: Warn, message: "the livenessProbe asks /livez, which no route of the program registers"},
		// helm create's chart: each probe rendered from the values of its name.
		{name: "health: helm create probes from values.yaml, served", files: chart(created, values+createdValues("/healthz", "8080")), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "shutdown: helm create probes from values.yaml, served", files: chart(created, values+createdValues("/healthz", "8080")), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "health: helm create probes from values.yaml, a path not served", files: chart(created, values+createdValues("/livez", "8080")), check: "health", want: Warn, message: "the livenessProbe asks /livez, which no route of the program registers"},
		{name: "health: helm create probes from values.yaml, a path the values leave out", files: chart(created, values+"livenessProbe:\n  httpGet:\n    port: 8080\n"), check: "health", want: Unknown, message: skipped + "livenessProbe or startupProbe"},
		{name: "health: helm create exec probes from values.yaml", files: chart(created, values+"livenessProbe:\n  exec:\n    command: [/p, healthcheck]\n"), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		// Another workload's template beside the service's own manifests: its
		// images are written out and are not the program's.
		{name: "health: a Redis template with exec probes", files: withFiles(probeMain("1.24", probes, flipThenDrain), redis(execProbes)), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "shutdown: a Redis template with exec probes", files: withFiles(probeMain("1.24", probes, flipThenDrain), redis(execProbes)), check: "shutdown", want: Pass, message: "readiness turns 503"},
		{name: "health: a Redis template with httpGet probes", files: withFiles(probeMain("1.24", probes, flipThenDrain), redis(literal)), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "health: a template with exec probes of the program's image", files: chart("          livenessProbe:\n            exec:\n              command: [/p, healthcheck]\n", values), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "health: a template without probes", files: chart("", values), check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "shutdown: a template with a livenessProbe only", files: chart("          livenessProbe:\n            httpGet: {path: /healthz, port: 8080}\n", values), check: "shutdown", want: Pass, message: "readiness turns 503"},
	})
}
