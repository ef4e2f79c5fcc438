package generator

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/answers"
)

func testData(t *testing.T, mutate func(*answers.Answers)) Data {
	t.Helper()
	a := answers.Answers{
		Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26",
		Features: answers.Features(), CI: "github", HTTPPort: 8080, AdminPort: 6060,
	}
	if mutate != nil {
		mutate(&a)
	}
	return NewData(a, map[string]string{"gin": "v1.0.0"})
}

func treeWith(manifest string, files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{ManifestFile: {Data: []byte(manifest)}}
	for name, body := range files {
		fsys[TemplateDir+"/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

func TestRenderSelectsFilesByCondition(t *testing.T) {
	fsys := treeWith(`files:
  - path: always.txt
  - path: cmd/{{.Name}}/main.go
    template: main.go.tmpl
  - path: server.txt
    template: gin.txt.tmpl
    when: {framework: gin}
  - path: server.txt
    template: echo.txt.tmpl
    when: {framework: echo}
  - path: k8s.yaml
    when: {features: [k8s]}
  - path: no-otel.txt
    when: {without: [otel]}
  - path: gitlab.yml
    when: {features: [ci], ci: gitlab}
  - path: run.sh
    mode: "0755"
`, map[string]string{
		"always.txt.tmpl":  "{{.Module}}\n",
		"main.go.tmpl":     "package main\n\nfunc main() {}\n",
		"gin.txt.tmpl":     "gin {{.Versions.gin}}\n",
		"echo.txt.tmpl":    "echo\n",
		"k8s.yaml.tmpl":    "kind: Deployment\n",
		"no-otel.txt.tmpl": "plain\n",
		"gitlab.yml.tmpl":  "stages: []\n",
		"run.sh.tmpl":      "#!/bin/sh\n",
	})
	tests := []struct {
		name   string
		mutate func(*answers.Answers)
		want   map[string]string
	}{
		{"gin all features", nil, map[string]string{
			"always.txt": "example.com/acme/orders\n", "cmd/orders/main.go": "package main\n\nfunc main() {}\n",
			"server.txt": "gin v1.0.0\n", "k8s.yaml": "kind: Deployment\n", "run.sh": "#!/bin/sh\n",
		}},
		{"echo minimal gitlab", func(a *answers.Answers) {
			a.Framework, a.Features, a.CI, a.Name = "echo", []string{"ci"}, "gitlab", "billing-api"
		}, map[string]string{
			"always.txt": "example.com/acme/orders\n", "cmd/billing-api/main.go": "package main\n\nfunc main() {}\n",
			"server.txt": "echo\n", "no-otel.txt": "plain\n", "gitlab.yml": "stages: []\n", "run.sh": "#!/bin/sh\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Render(Request{Templates: fsys, Data: testData(t, tt.mutate)})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for i, f := range files {
				got[f.Path] = string(f.Content)
				if i > 0 && files[i-1].Path >= f.Path {
					t.Errorf("files not sorted: %s before %s", files[i-1].Path, f.Path)
				}
				wantMode := 0o644
				if f.Path == "run.sh" {
					wantMode = 0o755
				}
				if int(f.Mode) != wantMode {
					t.Errorf("%s: mode %o, want %o", f.Path, f.Mode, wantMode)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("rendered %d files %v, want %d", len(got), keys(got), len(tt.want))
			}
			for p, w := range tt.want {
				if got[p] != w {
					t.Errorf("%s = %q, want %q", p, got[p], w)
				}
			}
		})
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestRenderFixesGoImports(t *testing.T) {
	fsys := treeWith("files:\n  - path: main.go\n", map[string]string{
		"main.go.tmpl": `package main

import (
	"fmt"
	"os"
{{- if .Features.OTel}}
	"strings"
{{- end}}
)

func main() {
{{- if .Features.OTel}}
	fmt.Println(strings.ToUpper("x"))
{{- else}}
	fmt.Println("x")
{{- end}}
	  os.Exit(0)
}
`,
	})
	files, err := Render(Request{Templates: fsys, Data: testData(t, func(a *answers.Answers) { a.Features = nil })})
	if err != nil {
		t.Fatal(err)
	}
	want := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"x\")\n\tos.Exit(0)\n}\n"
	if got := string(files[0].Content); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestRenderErrors(t *testing.T) {
	tests := []struct {
		name     string
		manifest string
		files    map[string]string
		want     string
	}{
		{"field typo", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "{{.Nmae}}"}, "can't evaluate field Nmae"},
		{"missing version key", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "{{.Versions.nope}}"}, "map has no entry for key"},
		{"unrepeatable function", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "{{now}}"}, `function "now" not defined`},
		{"random function", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "{{randInt 1 9}}"}, `function "randInt" not defined`},
		{"key generation", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{genCA "x" 1}}`}, `function "genCA" not defined`},
		{"bad go", "files:\n  - path: a.go\n", map[string]string{"a.go.tmpl": "package a\nfunc {"}, "project/a.go.tmpl:2"},
		{"missing template", "files:\n  - path: a.txt\n", nil, "a.txt"},
		{"escaping path", "files:\n  - path: '../{{.Name}}'\n    template: a.tmpl\n", map[string]string{"a.tmpl": ""}, "not a clean relative path"},
		{"duplicate output", "files:\n  - path: a.txt\n  - path: a.txt\n    template: b.tmpl\n", map[string]string{"a.txt.tmpl": "", "b.tmpl": ""}, "also rendered from"},
		{"unknown manifest key", "files:\n  - path: a.txt\n    wen: {}\n", map[string]string{"a.txt.tmpl": ""}, "field wen not found"},
		{"unknown feature", "files:\n  - path: a.txt\n    when: {features: [gpu]}\n", map[string]string{"a.txt.tmpl": ""}, `feature "gpu"`},
		{"bad mode", "files:\n  - path: a.txt\n    mode: rwx\n", map[string]string{"a.txt.tmpl": ""}, "octal permission"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Render(Request{Templates: treeWith(tt.manifest, tt.files), Data: testData(t, nil)})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestRecordListsEveryFile(t *testing.T) {
	fsys := treeWith("files:\n  - path: b.txt\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "a\n", "b.txt.tmpl": "b\n"})
	a := answers.Answers{Module: "example.com/x", Name: "x", Framework: "gin", Go: "1.26", CI: "none", HTTPPort: 1, AdminPort: 2}
	files, err := Render(Request{Templates: fsys, Data: testData(t, nil), Record: NewRecord(a, RecordPreset{Name: "default", Source: "builtin"})})
	if err != nil {
		t.Fatal(err)
	}
	var rec []byte
	for _, f := range files {
		if f.Path == RecordFile {
			rec = f.Content
		}
	}
	for _, want := range []string{
		"version: " + Version,
		"module: example.com/x",
		"- path: a.txt\n    sha256: 87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7",
		"- path: b.txt\n    sha256: 0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f",
	} {
		if !bytes.Contains(rec, []byte(want)) {
			t.Errorf("record lacks %q:\n%s", want, rec)
		}
	}
}

func TestFuncMapHasNoUnrepeatableFunctions(t *testing.T) {
	fm := FuncMap()
	for _, name := range unrepeatable {
		if _, ok := fm[name]; ok {
			t.Errorf("FuncMap has %s", name)
		}
	}
	for _, name := range []string{"upper", "replace", "trimSuffix", "indent", "default"} {
		if _, ok := fm[name]; !ok {
			t.Errorf("FuncMap lacks %s", name)
		}
	}
}

func TestImportName(t *testing.T) {
	tests := map[string]string{
		"fmt":                                   "fmt",
		"net/http":                              "http",
		"github.com/labstack/echo/v5":           "echo",
		"gopkg.in/yaml.v3":                      "yaml",
		"github.com/mattn/go-isatty":            "isatty",
		"go.opentelemetry.io/otel/sdk/trace":    "trace",
		"github.com/KimMachineGun/automemlimit": "automemlimit",
	}
	for in, want := range tests {
		if got := ImportName(in); got != want {
			t.Errorf("ImportName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRenderOverlayAndRemove(t *testing.T) {
	base := treeWith(`files:
  - path: Dockerfile
  - path: README.md
  - path: k8s/deploy.yaml
`, map[string]string{
		"Dockerfile.tmpl":      "FROM golang\n",
		"README.md.tmpl":       "# {{.Name}}\n",
		"k8s/deploy.yaml.tmpl": "kind: Deployment\n",
	})
	overlay := fstest.MapFS{
		"Dockerfile.tmpl":             {Data: []byte("FROM registry.acme.example/go:{{.GoVersion}}\n")},
		".github/CODEOWNERS.tmpl":     {Data: []byte("* @acme/{{.Name}}-owners\n")},
		"docs/{{.Name}}/runbook.tmpl": {Data: []byte("runbook\n")},
	}
	files, err := Render(Request{Templates: base, Overlay: overlay, Remove: []string{"k8s/deploy.yaml"}, Data: testData(t, nil)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Content)
	}
	want := map[string]string{
		"Dockerfile":          "FROM registry.acme.example/go:1.26\n",
		"README.md":           "# orders\n",
		".github/CODEOWNERS":  "* @acme/orders-owners\n",
		"docs/orders/runbook": "runbook\n",
	}
	if len(got) != len(want) {
		t.Errorf("got files %v, want %v", keys(got), keys(want))
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s = %q, want %q", p, got[p], w)
		}
	}

	_, err = Render(Request{Templates: base, Remove: []string{"nope.txt"}, Data: testData(t, nil)})
	if err == nil || !strings.Contains(err.Error(), "remove nope.txt") {
		t.Errorf("removing an unknown path: err = %v", err)
	}
	_, err = Render(Request{Templates: base, Overlay: fstest.MapFS{"x.txt": {}}, Data: testData(t, nil)})
	if err == nil || !strings.Contains(err.Error(), "end in .tmpl") {
		t.Errorf("overlay file without .tmpl: err = %v", err)
	}
}
