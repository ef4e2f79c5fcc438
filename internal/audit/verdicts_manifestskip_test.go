package audit

import (
	"fmt"
	"strings"
	"testing"
)

// TestManifestNotParsed: a manifest that does not parse as YAML (a Helm template's
// {{ }} lines), or the rest of a multi-document file after a document that does not,
// or one too large to read, is listed under problems, and makes a procs verdict it
// could change UNKNOWN.
func TestManifestNotParsed(t *testing.T) {
	main := "package main\n\nimport (\n\t\"net/http\"\n\n\t_ \"github.com/KimMachineGun/automemlimit\"\n)\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"
	deployment := func(env string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"api.fullname\" . }}\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: \"{{ .Values.image.repository }}\"\n          env:\n" +
			"            {{- if .Values.debug }}\n            - name: LOG_LEVEL\n              value: debug\n            {{- end }}\n" + env
	}
	fixed := "            - name: GOMAXPROCS\n              value: \"4\"\n"
	base := func(path, manifest string) map[string]string {
		return map[string]string{"go.mod": "module example.test/api\n\ngo 1.26\n", "cmd/api/main.go": main, path: manifest}
	}
	plain := "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n"
	chart := func(path, manifest string) map[string]string {
		files := base(path, manifest)
		files["charts/api/Chart.yaml"] = "apiVersion: v2\nname: api\nversion: 0.1.0\n"
		files["charts/api/values.yaml"] = "image:\n  repository: ghcr.io/acme/api\nenv:\n  GOMAXPROCS: \"4\"\n"
		return files
	}
	// large is an all-in-one install manifest larger than the bound of the files read:
	// many CRDs, then tail.
	large := func(tail string) string {
		crd := "---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.acme.io\nspec:\n  description: " + strings.Repeat("lorem ipsum ", 80) + "\n"
		return strings.Repeat(crd, (4<<20)/len(crd)+1) + tail
	}
	deployed := "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n" + fixed
	ranged := "            {{- range $k, $v := .Values.env }}\n            - name: {{ $k }}\n              value: {{ $v | quote }}\n            {{- end }}\n"
	tests := []struct {
		name    string
		files   map[string]string
		want    Status
		message string
		problem string // a part of the problems listed, or ""
	}{
		{"a Helm template that sets GOMAXPROCS", base("charts/api/templates/deployment.yaml", deployment(fixed)),
			Unknown, "charts/api/templates/deployment.yaml (not read: yaml: line", "charts/api/templates/deployment.yaml: not read"},
		{"a Helm template whose env comes from values", base("charts/api/templates/deployment.yaml", deployment("            {{- toYaml .Values.env | nindent 12 }}\n")),
			Unknown, "from what was read, PASS", "charts/api/templates/deployment.yaml"},
		{"a Helm template whose env ranges over values", chart("charts/api/templates/deployment.yaml", deployment(ranged)),
			Unknown, "its chart's values set GOMAXPROCS at charts/api/values.yaml:4); from what was read, PASS", "charts/api/templates/deployment.yaml"},
		{"a Helm template whose env is an included template", base("charts/api/templates/deployment.yaml", strings.Replace(deployment(""), "          env:\n", "          env:\n            {{- include \"api.env\" . | nindent 12 }}\n", 1)),
			Unknown, "from what was read, PASS", "charts/api/templates/deployment.yaml"},
		{"a Helm template that ranges over values outside env", chart("charts/api/templates/ingress.yaml", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: api\nspec:\n  rules:\n    {{- range .Values.ingress.hosts }}\n    - host: {{ .host | quote }}\n    {{- end }}\n"),
			Pass, "a memory limit is set", "charts/api/templates/ingress.yaml"},
		{"the second document of a file does not parse", base("k8s/all.yaml", plain+"---\n"+deployment(fixed)),
			Unknown, "not read after its document 1", "k8s/all.yaml: not read after its document 1"},
		{"a template that sets nothing of procs", base("charts/api/templates/service.yaml", plain+"  labels:\n    {{- include \"api.labels\" . | nindent 4 }}\n  annotations: {{ .x }: }\n"),
			Pass, "a memory limit is set", "charts/api/templates/service.yaml"},
		{"an install manifest too large to read that names GOMAXPROCS", base("deploy/install.yaml", large(deployed)),
			Unknown, "deploy/install.yaml (larger than 4194304 bytes, not read; it names GOMAXPROCS); from what was read, PASS", "deploy/install.yaml: larger than 4194304 bytes"},
		{"a JSON manifest too large to read that names GOMEMLIMIT", base("deploy/install.json", `{"apiVersion": "v1", "kind": "List", "items": [{"description": "`+strings.Repeat("x", 4<<20)+`"}, {"name": "GOMEMLIMIT", "value": "off"}]}`),
			Unknown, "deploy/install.json (larger than 4194304 bytes, not read; it names GOMEMLIMIT)", "deploy/install.json: larger than 4194304 bytes"},
		{"a manifest too large to read that names none of them", base("deploy/install.yaml", large("")),
			Pass, "a memory limit is set", "deploy/install.yaml: larger than 4194304 bytes"},
		{"a fixed value read elsewhere stands", base("k8s/all.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n"+fixed+"---\nkind: Deployment\napiVersion: v1\nenv: [GOMEMLIMIT\n"),
			Fail, "GOMAXPROCS is set to a fixed value", "k8s/all.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := auditInlineReport(t, tt.files, "", "procs")
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1", len(rep.Results))
			}
			res := rep.Results[0]
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) {
				t.Fatalf("procs: %s %q\n\twant %s with %q (problems %v)", res.Status, res.Message, tt.want, tt.message, rep.Problems)
			}
			if problems := fmt.Sprint(rep.Problems); !strings.Contains(problems, tt.problem) {
				t.Fatalf("problems %s, want %q", problems, tt.problem)
			}
		})
	}
}
