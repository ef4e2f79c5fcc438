package audit

import (
	"fmt"
	"slices"
	"testing"
)

// TestProcsEnvironmentValue audits services whose image or Deployment sets
// GOMAXPROCS: the runtime uses the value only when it is a positive integer, so
// only such a value fixes GOMAXPROCS.
func TestProcsEnvironmentValue(t *testing.T) {
	svc := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	image := func(procs string) map[string]string {
		return map[string]string{
			"go.mod":          "module example.test/shop\n\ngo 1.26\n",
			"cmd/svc/main.go": svc,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app ./cmd/svc\n\n" +
				"FROM scratch\nCOPY --from=build /out/app /app\nENV GOMEMLIMIT=400MiB GOMAXPROCS=" + procs + "\nENTRYPOINT [\"/app\"]\n",
		}
	}
	deployment := func(procs string) map[string]string {
		return map[string]string{
			"go.mod":          "module example.test/shop\n\ngo 1.26\n",
			"cmd/svc/main.go": svc,
			"k8s/svc.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc\nspec:\n  template:\n    spec:\n      containers:\n" +
				"        - name: svc\n          image: ghcr.io/acme/svc:1.0.0\n          env:\n" +
				"            - name: GOMEMLIMIT\n              value: \"400MiB\"\n            - name: GOMAXPROCS\n              value: \"" + procs + "\"\n",
		}
	}
	const fixed = "GOMAXPROCS is set to a fixed value"
	const follows = "GOMAXPROCS follows the CPU limit and a memory limit is set"
	runCheckCases(t, []checkCase{
		{name: "GOMAXPROCS=0 in the Deployment is ignored by the runtime", files: deployment("0"), check: "procs", want: Pass, message: follows},
		{name: "GOMAXPROCS=0 in the image", files: image("0"), check: "procs", want: Pass, message: follows},
		{name: "a negative GOMAXPROCS", files: image("-2"), check: "procs", want: Pass, message: follows},
		{name: "a GOMAXPROCS that is not a number", files: deployment("auto"), check: "procs", want: Pass, message: follows},
		{name: "a GOMAXPROCS beyond 32 bits", files: image("99999999999"), check: "procs", want: Pass, message: follows},
		{name: "GOMAXPROCS=4 in the Deployment", files: deployment("4"), check: "procs", want: Fail, message: fixed},
		{name: "GOMAXPROCS=4 in the image", files: image("4"), check: "procs", want: Fail, message: fixed},
		{name: "GOMAXPROCS from a variable reference the audit cannot read", files: deployment("$(CPUS)"), check: "procs", want: Fail, message: fixed},
	})
}

// TestProcsHelmValues audits a Helm chart whose template (plain YAML but for its
// {{ }} actions) sets GOMAXPROCS or GOMEMLIMIT from the chart's values: the value
// the values files give is judged, and an action this audit does not resolve is a
// value it cannot read (not an empty one).
func TestProcsHelmValues(t *testing.T) {
	withLimit := "package main\n\nimport (\n\t\"net/http\"\n\n\t_ \"github.com/KimMachineGun/automemlimit\"\n)\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	noLimit := "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	chart := func(main, env, values string, extra ...string) map[string]string {
		files := map[string]string{
			"go.mod":                 "module example.test/api\n\ngo 1.26\n",
			"cmd/api/main.go":        main,
			"charts/api/Chart.yaml":  "apiVersion: v2\nname: api\nversion: 0.1.0\n",
			"charts/api/values.yaml": "image:\n  repository: ghcr.io/acme/api\n" + values,
			"charts/api/templates/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n" +
				"        - name: api\n          image: \"{{ .Values.image.repository }}:{{ .Chart.AppVersion }}\"\n" + env,
		}
		for i := 0; i+1 < len(extra); i += 2 {
			files[extra[i]] = extra[i+1]
		}
		return files
	}
	envOf := func(name, value string) string {
		return "          env:\n            - name: " + name + "\n              value: " + value + "\n"
	}
	const fixed = "GOMAXPROCS is set to a fixed value"
	const follows = "GOMAXPROCS follows the CPU limit and a memory limit is set"
	runCheckCases(t, []checkCase{
		{name: "quote of a value set to 4", files: chart(withLimit, envOf("GOMAXPROCS", "{{ .Values.gomaxprocs | quote }}"), "gomaxprocs: 4\n"), check: "procs", want: Fail, message: fixed},
		{name: "a quoted action of a value set to 4", files: chart(withLimit, envOf("GOMAXPROCS", "\"{{ .Values.gomaxprocs }}\""), "gomaxprocs: 4\n"), check: "procs", want: Fail, message: fixed},
		{name: "an unquoted action with a comment after it", files: chart(withLimit, envOf("GOMAXPROCS", "{{ .Values.gomaxprocs }} # threads"), "gomaxprocs: 4\n"), check: "procs", want: Fail, message: fixed},
		{name: "$.Values of a value set to 0, through two functions", files: chart(withLimit, envOf("GOMAXPROCS", "\"{{- $.Values.gomaxprocs | toString | trim -}}\""), "gomaxprocs: 0\n"), check: "procs", want: Pass, message: follows},
		{name: "a value set to 0, which the runtime ignores", files: chart(withLimit, envOf("GOMAXPROCS", "{{ .Values.gomaxprocs | quote }}"), "gomaxprocs: 0\n"), check: "procs", want: Pass, message: follows},
		{name: "a nested value set by another values file", files: chart(withLimit, envOf("GOMAXPROCS", "{{ .Values.runtime.procs | quote }}"), "runtime: {}\n", "charts/api/values-prod.yaml", "runtime:\n  procs: 6\n"), check: "procs", want: Fail, message: fixed},
		{name: "an action this audit does not resolve", files: chart(withLimit, envOf("GOMAXPROCS", "{{ .Values.cpus | default 2 | quote }}"), ""), check: "procs", want: Fail, message: fixed},
		{name: "a ConfigMap template that sets GOMAXPROCS", files: chart(withLimit, "          envFrom:\n            - configMapRef:\n                name: api-env\n", "gomaxprocs: 4\n",
			"charts/api/templates/configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-env\ndata:\n  GOMAXPROCS: {{ .Values.gomaxprocs | quote }}\n"), check: "procs", want: Fail, message: fixed},
		{name: "GOMEMLIMIT from a value set in the chart", files: chart(noLimit, envOf("GOMEMLIMIT", "{{ .Values.gomemlimit | quote }}"), "gomemlimit: 450MiB\n"), check: "procs", want: Pass, message: follows},
		{name: "GOMEMLIMIT from a value set to off", files: chart(noLimit, envOf("GOMEMLIMIT", "{{ .Values.gomemlimit }}"), "gomemlimit: \"off\"\n"), check: "procs", want: Warn, message: "GOMEMLIMIT is set to off"},
		{name: "GOMEMLIMIT from a value no values file sets", files: chart(noLimit, envOf("GOMEMLIMIT", "{{ .Values.gomemlimit | quote }}"), ""), check: "procs", want: Unknown, message: "GOMEMLIMIT is set from a variable with no value"},
	})
}

// TestProcsNoGoLine checks that a go.mod without a go line is cited where the line
// belongs, at its module line (after a comment too), never as line 0.
func TestProcsNoGoLine(t *testing.T) {
	const src = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: time.Second}\n\t_ = srv.ListenAndServe()\n}\n"
	for _, tt := range []struct{ goMod, want string }{
		{"module example.test/ng\n", "go.mod:1 module example.test/ng"},
		{"// The service.\n\nmodule example.test/ng\n", "go.mod:3 module example.test/ng"},
	} {
		got := auditInline(t, map[string]string{"go.mod": tt.goMod, "main.go": src}, "procs")
		var cited []string
		for _, e := range got.Evidence {
			if e.File == "go.mod" {
				cited = append(cited, fmt.Sprintf("%s:%d %s", e.File, e.Line, e.Snippet))
			}
		}
		if got.Status != Warn || !slices.Contains(cited, tt.want) {
			t.Fatalf("%s %q citing %q, want WARN citing %q", got.Status, got.Message, cited, tt.want)
		}
	}
}
