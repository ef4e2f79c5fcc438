package audit

import "testing"

// TestGraceHelmValues audits a Helm chart's grace period that its values files
// leave unset, which Helm renders empty (Kubernetes' default of 30 s), and the
// optional-field idiom {{- with .Values.grace }} terminationGracePeriodSeconds:
// {{ . }} {{- end }}, whose template is read line by line, as it is not YAML.
func TestGraceHelmValues(t *testing.T) {
	const (
		probes    = "mux.HandleFunc(\"/healthz\", readyz)\n\tmux.HandleFunc(\"/readyz\", readyz)"
		longDrain = "ready.Store(false)\n\ttime.Sleep(25 * time.Second)\n\t_ = srv.Shutdown(sctx)" // 35s
		withGrace = "      {{- with .Values.grace }}\n      terminationGracePeriodSeconds: {{ . }}\n      {{- end }}\n"
	)
	// chart is a service whose drain is drain, deployed by a chart (or, without
	// Chart.yaml, by a manifest) whose pod spec starts with podSpec; values is
	// values.yaml.
	chart := func(drain, podSpec, values string, isChart bool) map[string]string {
		files := map[string]string{
			"deploy/chart/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n" + podSpec + "      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n",
			"deploy/chart/values.yaml":               values,
		}
		if isChart {
			files["deploy/chart/Chart.yaml"] = "apiVersion: v2\nname: p\nversion: 0.1.0\n"
		}
		return withFiles(probeMain("1.24", probes, drain), files)
	}
	const (
		pass    = "readiness turns 503"
		skipped = "the manifest deploy/chart/templates/deployment.yaml (not read: yaml: line 7: did not find expected node content), which could not be parsed, may deploy this program; read line by line, "
		long    = "is shorter than the shutdown delay and drain timeout (35s)"
	)
	runCheckCases(t, []checkCase{
		{name: "a value no values file of the chart sets: the install may set it", files: chart(longDrain, "      terminationGracePeriodSeconds: {{ .Values.grace }}\n", "replicas: 2\n", true), check: "shutdown", want: Unknown,
			message: "terminationGracePeriodSeconds: {{ .Values.grace }} (deploy/chart/templates/deployment.yaml:8), a value that no values file of the chart sets (a parent chart, helmfile, Argo CD or --set may set it at install, which this audit does not read), renders empty without it, and the pod gets Kubernetes' default of 30s; that " + long},
		{name: "a value no values file sets, quoted", files: chart(longDrain, "      terminationGracePeriodSeconds: \"{{ .Values.grace }}\"\n", "", true), check: "shutdown", want: Unknown, message: "a value that no values file of the chart sets"},
		{name: "a subchart's value that only the parent chart's values set", files: func() map[string]string {
			files := chart(longDrain, "      terminationGracePeriodSeconds: {{ .Values.grace }}\n", "replicas: 2\n", true)
			files["deploy/Chart.yaml"] = "apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n  - name: p\n    version: 0.1.0\n"
			files["deploy/values.yaml"] = "chart:\n  grace: 60\n"
			return files
		}(), check: "shutdown", want: Unknown, message: "check the value the install gives it"},
		{name: "a value no values file sets beside a chart of a known short grace", files: withFiles(chart(longDrain, "      terminationGracePeriodSeconds: {{ .Values.grace }}\n", "replicas: 2\n", true), map[string]string{
			"deploy/other/Chart.yaml":                "apiVersion: v2\nname: p\nversion: 0.1.0\n",
			"deploy/other/values.yaml":               "grace: 10\n",
			"deploy/other/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: p\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: {{ .Values.grace }}\n      containers:\n        - name: p\n          image: ghcr.io/acme/p:1.0\n",
		}), check: "shutdown", want: Warn, message: "terminationGracePeriodSeconds: 10 (deploy/other/templates/deployment.yaml, set by deploy/other/values.yaml:1) " + long},
		{name: "a value no values file sets, with a drain within 30s", files: chart(flipThenDrain, "      terminationGracePeriodSeconds: {{ .Values.grace }}\n", "replicas: 2\n", true), check: "shutdown", want: Pass, message: pass},
		{name: "a value values.yaml sets to 60", files: chart(longDrain, "      terminationGracePeriodSeconds: {{ .Values.grace }}\n", "grace: 60\n", true), check: "shutdown", want: Pass, message: pass},
		{name: "a template outside a chart is not read", files: chart(longDrain, "      terminationGracePeriodSeconds: {{ .Values.grace }}\n", "", false), check: "shutdown", want: Pass, message: pass},
		{name: "with: values.yaml gives 10", files: chart(longDrain, withGrace, "grace: 10\n", true), check: "shutdown", want: Unknown,
			message: skipped + "its terminationGracePeriodSeconds: 10 (deploy/chart/templates/deployment.yaml, set by deploy/chart/values.yaml:1) " + long},
		{name: "with: values.yaml gives 60", files: chart(longDrain, withGrace, "grace: 60\n", true), check: "shutdown", want: Pass, message: pass},
		{name: "with: no values file sets it, so the block renders nothing", files: chart(longDrain, withGrace, "replicas: 2\n", true), check: "shutdown", want: Unknown, message: skipped + "the pod's termination grace period, Kubernetes' default of 30s"},
		{name: "with: values.yaml gives 0, so the block renders nothing", files: chart(flipThenDrain, withGrace, "grace: 0\n", true), check: "shutdown", want: Pass, message: pass},
		{name: "with: under an if", files: chart(longDrain, "      {{- if .Values.graceful }}\n"+withGrace+"      {{- end }}\n", "grace: 10\n", true), check: "shutdown", want: Unknown, message: "terminationGracePeriodSeconds: 10 (deploy/chart/templates/deployment.yaml, set by deploy/chart/values.yaml:1) " + long},
		{name: "with of a value's pipes: | default 60", files: chart(longDrain, "      {{- with .Values.grace | default 60 }}\n      terminationGracePeriodSeconds: {{ . }}\n      {{- end }}\n", "replicas: 2\n", true), check: "shutdown", want: Pass, message: pass},
		{name: "the dot of a range is not read", files: chart(flipThenDrain, "      {{- range .Values.graces }}\n      terminationGracePeriodSeconds: {{ . }}\n      {{- end }}\n", "graces: [10]\n", true), check: "shutdown", want: Unknown,
			message: "may deploy this program, and its terminationGracePeriodSeconds (deploy/chart/templates/deployment.yaml:9) is not a number this audit reads: whether it leaves the shutdown delay and drain timeout (10s) cannot be told"},
		{name: "an include is not read", files: chart(flipThenDrain, "      {{- if true }}\n      terminationGracePeriodSeconds: {{ include \"p.grace\" . }}\n      {{- end }}\n", "", true), check: "shutdown", want: Unknown, message: "is not a number this audit reads"},
	})
}
