package generator

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"strings"
	"testing"
	"testing/fstest"
	"text/template"
	"time"
)

// testFeatures declares features for test manifests.
const testFeatures = `features:
  - {name: otel, field: OTel, help: tracing}
  - {name: k8s, field: K8s, help: manifests}
  - {name: ci, field: CI, help: pipelines}
`

// testAnswers returns answers for test trees, changed by mutate.
func testAnswers(mutate func(*Answers)) Answers {
	a := Answers{
		Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26",
		Features: []string{"otel", "k8s", "ci"}, CI: "github", HTTPPort: 8080, AdminPort: 6060,
	}
	if mutate != nil {
		mutate(&a)
	}
	return a
}

// testProject renders tree without a record.
func testProject(tree fstest.MapFS, mutate func(*Answers)) Project {
	return Project{Templates: tree, Answers: testAnswers(mutate), NoRecord: true}
}

// treeWith returns a template tree with manifest (its files: section; the test features
// are prepended), a versions table and the given templates.
func treeWith(manifest string, files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		ManifestFile: {Data: []byte(testFeatures + manifest)},
		VersionsFile: {Data: []byte("gin: v1.0.0\n")},
	}
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
		mutate func(*Answers)
		want   map[string]string
	}{
		{"gin all features", nil, map[string]string{
			"always.txt": "example.com/acme/orders\n", "cmd/orders/main.go": "package main\n\nfunc main() {}\n",
			"server.txt": "gin v1.0.0\n", "k8s.yaml": "kind: Deployment\n", "run.sh": "#!/bin/sh\n",
		}},
		{"echo minimal gitlab", func(a *Answers) {
			a.Framework, a.Features, a.CI, a.Name = "echo", []string{"ci"}, "gitlab", "billing-api"
		}, map[string]string{
			"always.txt": "example.com/acme/orders\n", "cmd/billing-api/main.go": "package main\n\nfunc main() {}\n",
			"server.txt": "echo\n", "no-otel.txt": "plain\n", "gitlab.yml": "stages: []\n", "run.sh": "#!/bin/sh\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := Render(context.Background(), testProject(fsys, tt.mutate))
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
	files, err := Render(context.Background(), testProject(fsys, func(a *Answers) { a.Features = nil }))
	if err != nil {
		t.Fatal(err)
	}
	want := "package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n\nfunc main() {\n\tfmt.Println(\"x\")\n\tos.Exit(0)\n}\n"
	if got := string(files[0].Content); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestUnknownFeatureNamesDeclared: a manifest's when: naming a feature it does not declare
// is refused with the features it declares, as a list of names (not Go's [otel k8s ci]).
func TestUnknownFeatureNamesDeclared(t *testing.T) {
	tests := []struct{ name, features, want string }{
		{"declared", testFeatures, `unknown feature "gpu" (declared: otel, k8s, ci)`},
		{"none declared", "", `unknown feature "gpu" (declared: none)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{ManifestFile: {Data: []byte(tt.features + "files:\n  - path: a.txt\n    when: {features: [gpu]}\n")}}
			if _, err := ReadManifest(fsys, ""); err == nil || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("ReadManifest: %v, want an error ending %q", err, tt.want)
			}
		})
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
		{"unknown feature", "files:\n  - path: a.txt\n    when: {features: [gpu]}\n", map[string]string{"a.txt.tmpl": ""}, `unknown feature "gpu"`},
		{"unknown answers key in when", "files:\n  - path: a.txt\n    when: {frmework: gin}\n", map[string]string{"a.txt.tmpl": ""}, `"frmework" is not a string-valued answers key`},
		{"unknown owner", "files:\n  - path: a.txt\n    owner: me\n", map[string]string{"a.txt.tmpl": ""}, `owner "me"`},
		{"feature typo in a template", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "{{.Features.Otel}}"}, `map has no entry for key "Otel"`},
		{"record path", "files:\n  - path: .gonew-prod.yaml\n", map[string]string{".gonew-prod.yaml.tmpl": "x"}, "reserved for the project's record"},
		{"repeat beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ repeat 100000000 "aaaaaaaaaa" }}`}, "repeat: the result would exceed"},
		{"until beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (until 1000000000000) }}`}, "until: the result would exceed"},
		{"indent beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ indent 1000000000 "a\nb" }}`}, "indent: the result would exceed"},
		{"join beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (join (repeat 100 "x") (until 200000)) }}`}, "join: the result would exceed"},
		{"replace beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (replace "" (repeat 16000000 "x") (repeat 1000 "y")) }}`}, "replace: the result would exceed"},
		{"wrapWith beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (wrapWith 1 (repeat 16000000 "x") (repeat 1000 "y ")) }}`}, "wrapWith: the result would exceed"},
		{"regexReplaceAll beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (regexReplaceAll "" (repeat 100000 "y") (repeat 1000 "x")) }}`}, "regexReplaceAll: the result would exceed"},
		{"splitList beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (splitList "" (repeat 16000000 "y")) }}`}, "splitList: the result would exceed"},
		{"printf widths beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (printf "` + strings.Repeat("%999999d", 17) + `"` + strings.Repeat(" 1", 17) + `) }}`}, "printf: the result would exceed"},
		{"printf * widths beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ len (printf "` + strings.Repeat("%*d", 17) + `"` + strings.Repeat(" 999999 1", 17) + `) }}`}, "printf: the result would exceed"},
		{"toPrettyJson of deep nesting beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ $a := list }}{{ range until 3000 }}{{ $a = list $a }}{{ end }}{{ len (toPrettyJson $a) }}`}, "toPrettyJson: the result would exceed"},
		{"a map that contains itself", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ $d := dict }}{{ $_ := set $d "a" $d }}{{ hasKey $d "a" }}`}, "set: the result would exceed"},
		{"cat beyond the value limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ $a := repeat 9000000 "x" }}{{ len (cat $a $a) }}`}, "cat: the arguments exceed"},
		{"output beyond the limit", "files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{ range until 10 }}{{ repeat 1000000 "aaaaaaaaaa" }}{{ end }}`}, "rendered files exceed the output limit of 64 MiB"},
		{"bad mode", "files:\n  - path: a.txt\n    mode: rwx\n", map[string]string{"a.txt.tmpl": ""}, "octal permission"},
		{"needs an unknown path", "files:\n  - path: a.txt\n    needs: {b.txt: reads it}\n", map[string]string{"a.txt.tmpl": ""}, `needs "b.txt": want a path of this manifest`},
		{"needs without what for", "files:\n  - path: a.txt\n    needs: {b.txt: ''}\n  - path: b.txt\n", map[string]string{"a.txt.tmpl": "", "b.txt.tmpl": ""}, `needs "b.txt"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProject(treeWith(tt.manifest, tt.files), nil)
			// The limits, not the clock, must stop these renders: a loaded machine
			// running the race detector must not turn a refusal into a timeout.
			p.Limits.Timeout = 2 * time.Minute
			_, err := Render(context.Background(), p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestRenderValueBudget checks that the values template functions build in one render
// are bounded together, however the template keeps them (a list it appends to, a
// string it doubles), and that the error names the template.
func TestRenderValueBudget(t *testing.T) {
	tests := []struct {
		name, tmpl string
		want       string // "" when the render must succeed
	}{
		{"list kept growing", `{{ $a := list }}{{ range until 100 }}{{ $a = append $a (repeat 100000 "x") }}{{ end }}{{ len $a }}`, "template functions built more than 1048576 bytes of values"},
		{"string doubled", `{{ $s := "xxxxxxxx" }}{{ range until 30 }}{{ $s = print $s $s }}{{ end }}{{ len $s }}`, "template functions built more than"},
		{"printf doubled", `{{ $s := "xxxxxxxx" }}{{ range until 30 }}{{ $s = printf "%s%s" $s $s }}{{ end }}{{ len $s }}`, "template functions built more than"},
		{"js grown", `{{ $s := "\\\\" }}{{ range until 30 }}{{ $s = js $s }}{{ end }}{{ len $s }}`, "template functions built more than"},
		{"dict filled", `{{ $d := dict }}{{ range until 100 }}{{ $_ := set $d (toString .) (repeat 100000 "x") }}{{ end }}{{ len $d }}`, "template functions built more than"},
		{"maps copied", `{{ $s := repeat 100000 "x" }}{{ $a := split "" $s }}{{ $b := deepCopy $a }}{{ $c := deepCopy $a }}{{ len $c }}`, "template functions built more than"},
		{"maps parsed", `{{ $j := printf "{\"a\": [%s1]}" (repeat 5000 "1,") }}{{ $a := list }}{{ range until 40 }}{{ $a = append $a (fromJson $j) }}{{ end }}{{ len $a }}`, "template functions built more than"},
		{"a given map read many times", `{{ $d := dict "m" (dict "k" (repeat 200000 "x")) }}{{ range until 100 }}{{ $m := get $d "m" }}{{ end }}{{ len $d }}`, ""},
		{"within the budget", `{{ $a := list }}{{ range until 100 }}{{ $a = append $a (repeat 1000 "x") }}{{ end }}{{ len $a }}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProject(treeWith("files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": tt.tmpl}), nil)
			p.Limits.MaxValues = 1 << 20
			_, err := Render(context.Background(), p)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			case tt.want != "" && !strings.HasPrefix(err.Error(), "render project/a.txt.tmpl: "):
				t.Errorf("err = %v, want it to start with the template's name", err)
			case tt.want != "" && !errors.Is(err, ErrValueLimit):
				t.Errorf("err = %v, want it to wrap ErrValueLimit", err)
			}
		})
	}
}

func TestRecordListsEveryFile(t *testing.T) {
	fsys := treeWith("files:\n  - path: b.txt\n  - path: a.txt\n    owner: user\n", map[string]string{"a.txt.tmpl": "a\n", "b.txt.tmpl": "b\n"})
	p := testProject(fsys, nil)
	p.NoRecord = false
	p.Version = "v1.2.3"
	p.Preset = Preset{Name: "default", Source: "builtin"}
	files, err := Render(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var rec []byte
	for _, f := range files {
		if f.Path == RecordFile {
			rec = f.Content
		}
	}
	hash, err := TemplatesHash(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"version: v1.2.3\n",
		"templates: " + hash + "\n",
		"module: example.com/acme/orders",
		"- path: a.txt\n    sha256: 87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7\n    owner: user\n",
		"- path: b.txt\n    sha256: 0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f\n    owner: tool\n",
	} {
		if !bytes.Contains(rec, []byte(want)) {
			t.Errorf("record lacks %q:\n%s", want, rec)
		}
	}
	parsed, err := ParseRecord(RecordFile, rec)
	if err != nil {
		t.Fatalf("the record does not parse back: %v", err)
	}
	if parsed.Entry("a.txt").Owner != OwnerUser || parsed.Generator.Version != "v1.2.3" || parsed.Answers.Name != "orders" {
		t.Errorf("parsed record = %+v", parsed)
	}
}

func TestTemplatesHashChangesWithAnyFile(t *testing.T) {
	base := treeWith("files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "a\n"})
	h0, _ := TemplatesHash(base)
	for name, change := range map[string]func(fstest.MapFS){
		"template content": func(f fstest.MapFS) { f[TemplateDir+"/a.txt.tmpl"] = &fstest.MapFile{Data: []byte("b\n")} },
		"template added":   func(f fstest.MapFS) { f[TemplateDir+"/b.txt.tmpl"] = &fstest.MapFile{Data: []byte("a\n")} },
		"versions":         func(f fstest.MapFS) { f[VersionsFile] = &fstest.MapFile{Data: []byte("gin: v1.0.1\n")} },
	} {
		tree := treeWith("files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "a\n"})
		change(tree)
		if h, _ := TemplatesHash(tree); h == h0 {
			t.Errorf("%s: hash unchanged", name)
		}
	}
	if again, _ := TemplatesHash(base); again != h0 {
		t.Errorf("hash not stable: %s then %s", h0, again)
	}
}

func TestParseRecordErrors(t *testing.T) {
	const sum = "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7"
	tests := []struct{ name, data, want string }{
		{"unknown key", "generator: {name: x}\nextra: 1\n", `r.yaml:2:1: unknown key "extra" (known keys: generator, preset, answers, components, vars, files, blocks, conflicts, not_applied)`},
		{"unknown nested key", "generator: {name: x, nme: y}\n", `r.yaml:1:22: unknown key "nme" in generator (known keys: name, version, templates)`},
		{"unknown key of a file", "files:\n  - {path: x, sha: abc}\n", `r.yaml:2:15: unknown key "sha" in files[0] (known keys: path, sha256, owner, mode)`},
		{"key twice", "generator: {name: x}\ngenerator: {name: y}\n", `r.yaml:2:1: key "generator" given twice`},
		{"list where a mapping goes", "answers: [a]\n", "r.yaml:1:10: answers must be a mapping"},
		{"mapping where a list goes", "files: {a: b}\n", "r.yaml:1:8: files must be a list"},
		{"list where a string goes", "answers: {module: [a]}\n", "r.yaml:1:19: answers.module must be a string"},
		{"string where an integer goes", "answers: {http_port: eighty}\n", "r.yaml:1:22: answers.http_port must be an integer"},
		{"integer out of range", "answers: {http_port: 99999999999999999999999}\n", "r.yaml:1:22: answers.http_port must be an integer"},
		{"not a mapping", "- a\n", "r.yaml:1:1: the record must be a mapping"},
		{"syntax", "generator: [\n", "r.yaml:1:"},
		{"empty", "", "r.yaml is empty: it holds no record"},
		{"only comments", "# Written by gonew-prod\n\n", "r.yaml is empty"},
		{"conflict markers", "generator: {name: x}\n<<<<<<< HEAD\nconflicts: [a]\n=======\nconflicts: [b]\n>>>>>>> other\n", "r.yaml:2: a git conflict marker: resolve the conflict in .gonew-prod.yaml first, then run again"},
		{"escaping path", "files:\n  - {path: ../x, sha256: " + sum + ", owner: tool}\n", "not a clean relative path"},
		{"bad sum", "files:\n  - {path: x, sha256: abc, owner: tool}\n", "64 lower-case hex digits"},
		{"bad owner", "files:\n  - {path: x, sha256: " + sum + ", owner: me}\n", `owner "me"`},
		{"twice", "files:\n  - {path: x, sha256: " + sum + "}\n  - {path: x, sha256: " + sum + "}\n", "listed twice"},
		{"two documents", "preset: {name: x}\n---\npreset: {name: y}\n", "only one YAML document"},
		{"too large", strings.Repeat("#", MaxRecordSize+1), "larger than"},
		{"block path", "blocks:\n  - {path: /etc/x, id: makefile, sha256: " + sum + "}\n", "not a clean relative path"},
		{"block id", "blocks:\n  - {path: Makefile, id: 'a b', sha256: " + sum + "}\n", "block id"},
		{"conflict path", "conflicts: [../x]\n", "not a clean relative path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRecord("r.yaml", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if err != nil && (strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), "generator.")) {
				t.Errorf("err = %q: want one line without Go type names", err)
			}
		})
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

// TestFuncMapRepeatable checks that the functions whose sprig or fmt versions depend on
// Go's map order or on memory addresses give the same output every run: keys and values
// follow the sorted keys, and printf refuses %p however it is written.
func TestFuncMapRepeatable(t *testing.T) {
	const letters = "qwertyuiopasdfghjklzxcvbnm" // a dict of 26 keys: map order is never sorted by chance
	var pairs []string
	for i, r := range letters {
		pairs = append(pairs, fmt.Sprintf("%q %d", string(r), i))
	}
	dict := "(dict " + strings.Join(pairs, " ") + ")"
	tests := []struct {
		name, text, want, wantErr string
	}{
		{"keys", "{{ range keys " + dict + " }}{{ . }}{{ end }}", "abcdefghijklmnopqrstuvwxyz", ""},
		{"keys of two dicts", `{{ keys (dict "b" 1 "a" 2) (dict "c" 3 "a" 4) | join "," }}`, "a,a,b,c", ""},
		{"values", `{{ values (dict "b" "2" "a" "1" "c" "3") | join "," }}`, "1,2,3", ""},
		{"printf %p", `{{ printf "%p" (dict "a" 1) }}`, "", "the verb %p prints a memory address"},
		{"printf %#-12p", `{{ printf "x=%#-12p" (list 1) }}`, "", "the verb %p prints a memory address"},
		{"printf with a percent sign before p", `{{ printf "%d%%p" 5 }}`, "5%p", ""},
		{"printf of other verbs", `{{ printf "%s:%05.1f" "a" 2.5 }}`, "a:002.5", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmpl := template.Must(template.New("t").Funcs(FuncMap()).Parse(tt.text))
			for range 5 {
				var b strings.Builder
				err := tmpl.Execute(&b, nil)
				switch {
				case tt.wantErr != "":
					if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
						t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
					}
				case err != nil:
					t.Fatal(err)
				case b.String() != tt.want:
					t.Fatalf("got %q, want %q", b.String(), tt.want)
				}
			}
		})
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
	p := testProject(base, nil)
	p.Preset = Preset{Overlay: overlay, Remove: []string{"k8s/deploy.yaml"}}
	files, err := Render(context.Background(), p)
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

	for _, tt := range []struct {
		name   string
		preset Preset
		want   string
	}{
		{"unknown removal", Preset{Remove: []string{"nope.txt"}}, "remove nope.txt: no built-in file has that path"},
		{"removal of a rendered name", Preset{Remove: []string{"cmd/orders/main.go"}}, "remove cmd/orders/main.go"},
		{"overlay file without .tmpl", Preset{Overlay: fstest.MapFS{"x.txt": {}}}, "end in .tmpl"},
		{"overlay producing the record", Preset{Overlay: fstest.MapFS{RecordFile + ".tmpl": {Data: []byte("x")}}}, "reserved for the project's record"},
	} {
		p := testProject(base, nil)
		p.Preset = tt.preset
		if _, err := Render(context.Background(), p); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

// TestRenderOverlayRenderingToNothing checks that an overlay template whose output is
// empty or only white space writes no file (a pack's file for some variants only), while
// one that is itself empty still writes its empty file.
func TestRenderOverlayRenderingToNothing(t *testing.T) {
	base := treeWith("files:\n  - path: README.md\n", map[string]string{"README.md.tmpl": "# {{.Name}}\n"})
	for _, tt := range []struct {
		name, template string
		want           *string // nil: no file
	}{
		{name: "condition false", template: "{{if eq .Name \"billing\"}}kind: HorizontalPodAutoscaler\n{{end}}"},
		{name: "condition false, white space left", template: "{{- if eq .Name \"billing\"}}\nkind: HorizontalPodAutoscaler\n{{end}}\n\n"},
		{name: "condition true", template: "{{if eq .Name \"orders\"}}kind: HorizontalPodAutoscaler\n{{end}}", want: ptr("kind: HorizontalPodAutoscaler\n")},
		{name: "empty template", template: "", want: ptr("")},
		{name: "blank template", template: "\n", want: ptr("\n")},
	} {
		p := testProject(base, nil)
		p.Preset = Preset{Overlay: fstest.MapFS{"k8s/hpa.yaml.tmpl": {Data: []byte(tt.template)}}}
		files, err := Render(context.Background(), p)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		var got *string
		for _, f := range files {
			if f.Path == "k8s/hpa.yaml" {
				got = ptr(string(f.Content))
			}
			if f.Path == RecordFile && strings.Contains(string(f.Content), "k8s/hpa.yaml") != (tt.want != nil) {
				t.Errorf("%s: the record lists k8s/hpa.yaml: %v, want %v", tt.name, tt.want == nil, tt.want != nil)
			}
		}
		switch {
		case tt.want == nil && got != nil:
			t.Errorf("%s: k8s/hpa.yaml written as %q, want no file", tt.name, *got)
		case tt.want != nil && (got == nil || *got != *tt.want):
			t.Errorf("%s: k8s/hpa.yaml = %v, want %q", tt.name, got, *tt.want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestRemoveIsSpelledAsInTheManifest checks that a removal names the manifest's templated
// path, so that it removes the file whatever the service is called.
func TestRemoveIsSpelledAsInTheManifest(t *testing.T) {
	tree := treeWith("files:\n  - path: cmd/{{.Name}}/main.go\n    template: main.go.tmpl\n  - path: a.txt\n", map[string]string{"main.go.tmpl": "package main\n", "a.txt.tmpl": "a\n"})
	for _, name := range []string{"orders", "billing"} {
		p := testProject(tree, func(a *Answers) { a.Name = name })
		p.Preset.Remove = []string{"cmd/{{.Name}}/main.go"}
		files, err := Render(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if len(files) != 1 || files[0].Path != "a.txt" {
			t.Errorf("%s: rendered %v, want only a.txt", name, files)
		}
	}
}

func TestRenderStopsOnCancelAndTimeout(t *testing.T) {
	// A template that loops without writing anything, for far longer than the 50 ms
	// below (about 0.4 s of CPU), but not for ever: abandoned, nothing stops it, and a
	// loop for minutes would take a core from the tests after it.
	slow := treeWith("files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "{{range 5000000}}{{end}}"})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, err := Render(ctx, testProject(slow, nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
	p := testProject(slow, nil)
	p.Limits.Timeout = 50 * time.Millisecond
	if _, err := Render(context.Background(), p); !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "50ms") {
		t.Errorf("timed out: err = %v, want ErrTimeout naming the limit", err)
	}
}

// TestRenderTimeoutNamesTheTemplate checks that a render stopped by its time limit names
// the template that was running then (its content or its templated path), as the pack
// shows it for an overlay template, and not one that had already run. The slow templates
// write as they loop, so that they stop at their next write once abandoned.
func TestRenderTimeoutNamesTheTemplate(t *testing.T) {
	const slow = "{{range 100000000000}}x{{end}}"
	tests := []struct {
		name     string
		tree     fstest.MapFS
		overlay  fstest.MapFS
		where    map[string]string
		want     string
		notWants string
	}{
		{
			name:     "second built-in template",
			tree:     treeWith("files:\n  - path: a.txt\n  - path: b.txt\n", map[string]string{"a.txt.tmpl": "a\n", "b.txt.tmpl": slow}),
			want:     "render " + TemplateDir + "/b.txt.tmpl: ",
			notWants: "a.txt.tmpl",
		},
		{
			name:    "overlay template, as the pack shows it",
			tree:    treeWith("files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": "a\n"}),
			overlay: fstest.MapFS{"SLOW.md.tmpl": {Data: []byte(slow)}},
			where:   map[string]string{"SLOW.md.tmpl": "pack/overlay/SLOW.md.tmpl"},
			want:    "render pack/overlay/SLOW.md.tmpl: ",
		},
		{
			name: "templated path",
			tree: treeWith("files:\n  - path: a.txt\n  - path: \"{{range 100000000000}}x{{end}}.txt\"\n    template: c.txt.tmpl\n", map[string]string{"a.txt.tmpl": "a\n", "c.txt.tmpl": "c\n"}),
			want: "render path of " + TemplateDir + "/c.txt.tmpl: ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProject(tt.tree, nil)
			if tt.overlay != nil {
				p.Preset.Overlay, p.Preset.Where = tt.overlay, tt.where
			}
			// Long enough for the render to reach the slow template on a loaded machine:
			// a timeout before that names none.
			p.Limits.Timeout = time.Second
			_, err := Render(context.Background(), p)
			if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), tt.want) || tt.notWants != "" && strings.Contains(err.Error(), tt.notWants) {
				t.Errorf("err = %v, want ErrTimeout naming %q", err, tt.want)
			}
		})
	}
}

// TestRenderTimesTheTemplatesOnly: once the templates have run within the time limit, a
// render is not cut by it while its Go files are formatted (which a loaded machine may
// stretch past it), but cancelling ctx still stops it.
func TestRenderTimesTheTemplatesOnly(t *testing.T) {
	// held makes formatting wait until release is closed.
	held := func(release <-chan struct{}) func(string, []byte) ([]byte, error) {
		return func(name string, src []byte) ([]byte, error) {
			<-release
			return formatGo(name, src)
		}
	}
	saved := formatFile
	t.Cleanup(func() { formatFile = saved })
	tree := treeWith("files:\n  - path: main.go\n", map[string]string{"main.go.tmpl": "package main\nfunc main() {}\n"})

	release := make(chan struct{})
	formatFile = held(release)
	p := testProject(tree, nil)
	p.Limits.Timeout = time.Second // the templates run within it, even on a loaded machine
	time.AfterFunc(p.Limits.Timeout+time.Second, func() { close(release) })
	files, err := Render(context.Background(), p)
	if err != nil || len(files) != 1 || string(files[0].Content) != "package main\n\nfunc main() {}\n" {
		t.Fatalf("render formatted past the limit: files %v, err %v; want main.go formatted", files, err)
	}

	cancelled := make(chan struct{})
	defer close(cancelled)
	formatFile = held(cancelled)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	if _, err := Render(ctx, testProject(tree, nil)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled while formatting: err = %v, want context.Canceled", err)
	}
}

func TestBoundedFunctionsKeepSprigResults(t *testing.T) {
	tree := treeWith("files:\n  - path: a.txt\n", map[string]string{"a.txt.tmpl": `{{repeat 3 "ab"}}|{{indent 2 "a\nb"}}|{{nindent 1 "x"}}|{{until 3}}|{{until -2}}|{{untilStep 1 7 2}}|{{untilStep 5 1 -2}}|{{seq 3}}|{{seq 2 4}}|{{seq 1 2 5}}|{{shellQuote "a b'c"}}|{{shellQuote "gitlab.acme.example/x"}}|{{yamlQuote "a\"b"}}`})
	files, err := Render(context.Background(), testProject(tree, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := "ababab|  a\n  b|\n x|[0 1 2]|[0 -1]|[1 3 5]|[5 3]|1 2 3|2 3 4|1 3 5|'a b'\\''c'|gitlab.acme.example/x|\"a\\\"b\""
	if got := string(files[0].Content); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestTemplatesKeepTheirNamesApart renders templates that define, call and redefine
// named templates: each sees only the names it defines, whatever was rendered before.
func TestTemplatesKeepTheirNamesApart(t *testing.T) {
	tree := treeWith("files:\n  - path: a.txt\n  - path: b.txt\n  - path: c.txt\n", map[string]string{
		"a.txt.tmpl": `{{define "x"}}a's x{{end}}{{template "x"}}|{{block "y" .}}a's y{{end}}`,
		"b.txt.tmpl": `b{{- define "x"}}b's x{{end}} {{template "x"}}`,
		"c.txt.tmpl": `{{.Name}} c`,
	})
	files, err := Render(context.Background(), testProject(tree, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.txt": "a's x|a's y", "b.txt": "b b's x", "c.txt": "orders c"}
	for _, f := range files {
		if string(f.Content) != want[f.Path] {
			t.Errorf("%s = %q, want %q", f.Path, f.Content, want[f.Path])
		}
	}
	// A call never reaches a template of another file, shared or not.
	for _, first := range []string{`{{define "x"}}x{{end}}{{block "y" .}}y{{end}}`, "{{.Name}}"} {
		for _, call := range []string{`{{template "x"}}`, `{{ template "y" }}`, `{{- template "project/a.txt.tmpl"}}`} {
			tree := treeWith("files:\n  - path: a.txt\n  - path: b.txt\n", map[string]string{"a.txt.tmpl": first, "b.txt.tmpl": call})
			if _, err := Render(context.Background(), testProject(tree, nil)); err == nil || !strings.Contains(err.Error(), "not defined") {
				t.Errorf("%s after %s: err = %v, want not defined", call, first, err)
			}
		}
	}
}

func TestNamesTemplates(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"", false},
		{"package a\n\n// a template and a block, defined here\n", false},
		{"{{.Name}} {{if .Features.otel}}x{{end}}", false},
		{`{{"{{"}}`, false},
		{`{{define "x"}}{{end}}`, true},
		{`{{- define "x"}}{{end}}`, true},
		{"{{-\n\tblock \"x\" .}}{{end}}", true},
		{"{{ template \"x\" }}", true},
		{"text {{.Name}} then {{template \"x\"}}", true},
		{`{{/* template */}}`, false},
		{`{{templateName}}`, true}, // a function named so: answered yes, which is safe
	}
	for _, tt := range tests {
		if got := namesTemplates(tt.text); got != tt.want {
			t.Errorf("namesTemplates(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestRemoveOfANeededFile checks that a removal is refused while a built-in template
// rendered for the answers calls the file (needs:), naming the caller and the ways out,
// and accepted once the pack writes the file itself, replaces or removes the caller, or
// the answers select neither.
func TestRemoveOfANeededFile(t *testing.T) {
	base := treeWith(`files:
  - path: Makefile
  - path: Dockerfile
    when: {features: [k8s]}
  - path: ci.yml
    when: {features: [ci]}
    needs: {Makefile: "runs make build", Dockerfile: "runs make docker"}
`, map[string]string{"Makefile.tmpl": "build:\n", "Dockerfile.tmpl": "FROM scratch\n", "ci.yml.tmpl": "run: make build\n"})
	own := func(name string) fs.FS { return fstest.MapFS{name: {Data: []byte("x\n")}} }
	// blank returns an overlay whose templates render only white space for the test's
	// answers (each template's text is not blank itself).
	blank := func(names ...string) fs.FS {
		o := fstest.MapFS{}
		for _, n := range names {
			o[n] = &fstest.MapFile{Data: []byte("{{/* none */}}\n")}
		}
		return o
	}
	const nothing = " renders nothing (an overlay template whose output is only white space writes no file), so no "
	tests := []struct {
		name     string
		preset   Preset
		features []string
		want     string // "" for a render that succeeds
	}{
		{"Makefile", Preset{Remove: []string{"Makefile"}}, nil, "remove Makefile: the built-in ci.yml runs make build; replace that file in the overlay too (overlay/ci.yml.tmpl), or keep Makefile"},
		{"Dockerfile", Preset{Remove: []string{"Dockerfile"}}, nil, "remove Dockerfile: the built-in ci.yml runs make docker; replace that file in the overlay too (overlay/ci.yml.tmpl), leave k8s out of the pack's answers (features), or keep Dockerfile"},
		{"caller replaced", Preset{Remove: []string{"Makefile"}, Overlay: own("ci.yml.tmpl")}, nil, ""},
		{"caller removed", Preset{Remove: []string{"Makefile", "ci.yml"}}, nil, ""},
		{"file written by the overlay", Preset{Remove: []string{"Makefile"}, Overlay: own("Makefile.tmpl")}, nil, ""},
		{"caller not selected", Preset{Remove: []string{"Makefile"}}, []string{"k8s"}, ""},
		{"file not selected", Preset{Remove: []string{"Dockerfile"}}, []string{"ci"}, ""},
		{"Makefile rendering nothing", Preset{Overlay: blank("Makefile.tmpl")}, nil, "overlay/Makefile.tmpl" + nothing + "Makefile is written: the built-in ci.yml runs make build; replace that file in the overlay too (overlay/ci.yml.tmpl), or make overlay/Makefile.tmpl write one"},
		{"Dockerfile rendering nothing for these answers", Preset{Overlay: fstest.MapFS{"Dockerfile.tmpl": {Data: []byte("{{if not .Features.OTel}}FROM scratch{{end}}\n")}}}, nil, "overlay/Dockerfile.tmpl" + nothing + "Dockerfile is written: the built-in ci.yml runs make docker; replace that file in the overlay too (overlay/ci.yml.tmpl), leave k8s out of the pack's answers (features), or make overlay/Dockerfile.tmpl write one"},
		{"removed, and rendering nothing", Preset{Remove: []string{"Makefile"}, Overlay: blank("Makefile.tmpl")}, nil, "overlay/Makefile.tmpl" + nothing + "Makefile is written: the built-in ci.yml runs make build; replace that file in the overlay too (overlay/ci.yml.tmpl), or make overlay/Makefile.tmpl write one"},
		{"caller rendering nothing too", Preset{Overlay: blank("Makefile.tmpl", "ci.yml.tmpl")}, nil, ""},
		// make reads a GNUmakefile or makefile in place of the Makefile (the targets the
		// caller runs are checked in it by the command line's pack checks).
		{"makefile written by the overlay", Preset{Remove: []string{"Makefile"}, Overlay: own("makefile.tmpl")}, nil, ""},
		{"GNUmakefile written by the overlay", Preset{Remove: []string{"Makefile"}, Overlay: own("GNUmakefile.tmpl")}, nil, ""},
		{"makefile rendering nothing", Preset{Remove: []string{"Makefile"}, Overlay: blank("makefile.tmpl")}, nil, "remove Makefile: the built-in ci.yml runs make build; replace that file in the overlay too (overlay/ci.yml.tmpl), or make overlay/makefile.tmpl write one, which make reads in place of Makefile"},
		{"GNUmakefile rendering nothing", Preset{Remove: []string{"Makefile"}, Overlay: blank("GNUmakefile.tmpl")}, nil, "remove Makefile: the built-in ci.yml runs make build; replace that file in the overlay too (overlay/ci.yml.tmpl), or make overlay/GNUmakefile.tmpl write one, which make reads in place of Makefile, or keep Makefile"},
		{"makefile of another directory", Preset{Remove: []string{"Makefile"}, Overlay: own("sub/makefile.tmpl")}, nil, "remove Makefile: the built-in ci.yml runs make build; replace that file in the overlay too (overlay/ci.yml.tmpl), or keep Makefile"},
		{"Makefile rendering something", Preset{Overlay: fstest.MapFS{"Makefile.tmpl": {Data: []byte("{{if .Features.K8s}}all:{{end}}\n")}}}, nil, ""},
		{"Makefile rendering nothing, caller not selected", Preset{Overlay: blank("Makefile.tmpl")}, []string{"k8s"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProject(base, func(a *Answers) {
				if tt.features != nil {
					a.Features = tt.features
				}
			})
			p.Preset = tt.preset
			_, err := Render(context.Background(), p)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || err.Error() != tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestRemoveOfAModuleFile checks that a pack may not leave out go.mod or go.sum while
// the project has Go files: the go command refuses every package without them. A module
// file the overlay writes in their place is the pack's.
func TestRemoveOfAModuleFile(t *testing.T) {
	base := treeWith(`files:
  - path: go.mod
  - path: go.sum
  - path: main.go
  - path: README.md
`, map[string]string{"go.mod.tmpl": "module x\n", "go.sum.tmpl": "", "main.go.tmpl": "package main\n\nfunc main() {}\n", "README.md.tmpl": "# x\n"})
	tests := []struct {
		name   string
		preset Preset
		want   []string // substrings of the error; nil for a render that succeeds
	}{
		{"go.mod", Preset{Remove: []string{"go.mod"}}, []string{"remove go.mod: the project cannot do without it", "does not contain main module", "keep go.mod, or give the overlay a go.mod.tmpl of the pack's own"}},
		{"go.sum", Preset{Remove: []string{"go.sum"}}, []string{"remove go.sum: the project cannot do without it", "missing go.sum entry", "keep go.sum"}},
		{"go.mod rendering nothing", Preset{Overlay: fstest.MapFS{"go.mod.tmpl": {Data: []byte("{{/* none */}}\n")}}}, []string{"overlay/go.mod.tmpl renders nothing", "so no go.mod is written: the project cannot do without it", "make overlay/go.mod.tmpl write one"}},
		{"go.mod written by the overlay", Preset{Remove: []string{"go.mod"}, Overlay: fstest.MapFS{"go.mod.tmpl": {Data: []byte("module y\n")}}}, nil},
		{"no Go file left", Preset{Remove: []string{"go.mod", "go.sum", "main.go"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testProject(base, nil)
			p.Preset = tt.preset
			_, err := Render(context.Background(), p)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var re *RemoveError
			if !errors.As(err, &re) || re.Uses != "" {
				t.Fatalf("err = %#v, want a RemoveError that no choice of features avoids (Uses empty)", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("err = %v, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestBuiltinTellsTemplatesWhatThePackReplaced checks that .Builtin reports a file
// rendered from its built-in template, and not one a pack replaces or removes, so that
// a template tests only what the built-in file does.
func TestBuiltinTellsTemplatesWhatThePackReplaced(t *testing.T) {
	base := treeWith("files:\n  - path: Makefile\n  - path: a.txt\n", map[string]string{
		"Makefile.tmpl": "build:\n",
		"a.txt.tmpl":    `{{if .Builtin "Makefile"}}built-in{{else}}the pack's{{end}}`,
	})
	for _, tt := range []struct {
		name   string
		preset Preset
		want   string
	}{
		{"built-in", Preset{}, "built-in"},
		{"replaced", Preset{Overlay: fstest.MapFS{"Makefile.tmpl": {Data: []byte("all:\n")}}}, "the pack's"},
		{"removed", Preset{Remove: []string{"Makefile"}}, "the pack's"},
	} {
		p := testProject(base, nil)
		p.Preset = tt.preset
		files, err := Render(context.Background(), p)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		for _, f := range files {
			if f.Path == "a.txt" && string(f.Content) != tt.want {
				t.Errorf("%s: a.txt = %q, want %q", tt.name, f.Content, tt.want)
			}
		}
	}
}

// TestBuiltinRefusesAPathNoBuiltinTemplateWrites checks that .Builtin of a path no
// built-in template writes (a typo, another letter case, the rendered spelling of a
// templated path) fails the render, naming the template's line and the manifest's
// spelling, instead of answering that the file is the built-in one.
func TestBuiltinRefusesAPathNoBuiltinTemplateWrites(t *testing.T) {
	base := treeWith("files:\n  - path: Makefile\n  - path: cmd/{{.Name}}/main.go\n    template: cmd/main/main.go.tmpl\n", map[string]string{
		"Makefile.tmpl":         "build:\n",
		"cmd/main/main.go.tmpl": "package main\n\nfunc main() {}\n",
	})
	// A tree's other manifest (a retrofit's) renders the same templates, which ask of the
	// main manifest's files.
	base["other.yaml"] = &fstest.MapFile{Data: []byte(testFeatures + "files:\n  - path: NOTES.md\n    template: NOTES.md.tmpl\n")}
	for _, tt := range []struct {
		name, manifest, arg, want string
	}{
		{"the manifest's spelling", "", "Makefile", ""},
		{"a path of the main manifest, rendering another", "other.yaml", "Makefile", ""},
		{"a path of no manifest, rendering another", "other.yaml", "makefile", `.Builtin "makefile": no built-in template writes makefile (Makefile does)`},
		{"a templated path as the manifest spells it", "", "cmd/{{.Name}}/main.go", ""},
		{"another letter case", "", "makefile", `NOTES.md.tmpl:1:5: executing "NOTES.md.tmpl" at <.Builtin>: error calling Builtin: .Builtin "makefile": no built-in template writes makefile (Makefile does); name an output path as templates/manifest.yaml spells it`},
		{"the rendered spelling", "", "cmd/orders/main.go", `.Builtin "cmd/orders/main.go": no built-in template writes cmd/orders/main.go (cmd/{{.Name}}/main.go does)`},
		{"a path nothing writes", "", "no/such/file", `.Builtin "no/such/file": no built-in template writes no/such/file; name an output path as templates/manifest.yaml spells it (Makefile, cmd/{{.Name}}/main.go)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			note := []byte(`{{if .Builtin "` + tt.arg + `"}}built-in{{else}}the pack's{{end}}`)
			p := testProject(base, nil)
			p.Preset = Preset{Overlay: fstest.MapFS{"NOTES.md.tmpl": {Data: note}}}
			if tt.manifest != "" {
				p.Manifest, p.Preset = tt.manifest, Preset{}
				p.Templates = maps.Clone(base)
				p.Templates.(fstest.MapFS)[TemplateDir+"/NOTES.md.tmpl"] = &fstest.MapFile{Data: note}
			}
			_, err := Render(context.Background(), p)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
