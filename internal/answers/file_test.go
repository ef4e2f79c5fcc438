package answers_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
)

func TestParseFile(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]answers.Value
	}{
		{name: "empty file", in: "", want: nil},
		{name: "only a comment", in: "# nothing yet\n", want: nil},
		{
			name: "every key",
			in: `module: example.com/acme/orders
name: orders
framework: echo
go: "1.27"
features: [otel, docker]
ci: gitlab
http_port: 8081
admin_port: 6061
`,
			want: map[string]answers.Value{
				"module":     {Raw: "example.com/acme/orders", Where: "answers.yaml:1:9"},
				"name":       {Raw: "orders", Where: "answers.yaml:2:7"},
				"framework":  {Raw: "echo", Where: "answers.yaml:3:12"},
				"go":         {Raw: "1.27", Where: "answers.yaml:4:5"},
				"features":   {Raw: []string{"otel", "docker"}, Where: "answers.yaml:5:11"},
				"ci":         {Raw: "gitlab", Where: "answers.yaml:6:5"},
				"http_port":  {Raw: 8081, Where: "answers.yaml:7:12"},
				"admin_port": {Raw: 6061, Where: "answers.yaml:8:13"},
			},
		},
		{
			name: "go as an unquoted number keeps its spelling",
			in:   "go: 1.30\n",
			want: map[string]answers.Value{"go": {Raw: "1.30", Where: "answers.yaml:1:5"}},
		},
		{
			name: "block list of features",
			in:   "# comment\nfeatures:\n  - k8s\n  - ci\n",
			want: map[string]answers.Value{"features": {Raw: []string{"k8s", "ci"}, Where: "answers.yaml:3:3"}},
		},
		{
			name: "empty features list",
			in:   "features: []\n",
			want: map[string]answers.Value{"features": {Raw: []string{}, Where: "answers.yaml:1:11"}},
		},
		{
			name: "quoted strings",
			in:   "framework: 'gin'\nci: \"none\"\n",
			want: map[string]answers.Value{
				"framework": {Raw: "gin", Where: "answers.yaml:1:12"},
				"ci":        {Raw: "none", Where: "answers.yaml:2:5"},
			},
		},
		{
			name: "values given again through aliases",
			in:   "name: &k k8s\nframework: &f echo\nci: *f\nfeatures: [*k, ci]\nhttp_port: &p 8081\nadmin_port: *p\n",
			want: map[string]answers.Value{
				"name":       {Raw: "k8s", Where: "answers.yaml:1:7"},
				"framework":  {Raw: "echo", Where: "answers.yaml:2:12"},
				"ci":         {Raw: "echo", Where: "answers.yaml:3:5"},
				"features":   {Raw: []string{"k8s", "ci"}, Where: "answers.yaml:4:11"},
				"http_port":  {Raw: 8081, Where: "answers.yaml:5:12"},
				"admin_port": {Raw: 8081, Where: "answers.yaml:6:13"},
			},
		},
		{
			// Decimal, as the flags read them, whatever the digits after a leading zero:
			// YAML reads 08080 as a float and 010000 as an int (round 41 packs/5).
			name: "ports with a leading zero",
			in:   "http_port: 08080\nadmin_port: 010000\n",
			want: map[string]answers.Value{
				"http_port":  {Raw: 8080, Where: "answers.yaml:1:12"},
				"admin_port": {Raw: 10000, Where: "answers.yaml:2:13"},
			},
		},
		{
			// Values are validated by Resolve, which names the same position.
			name: "a bad value parses; Resolve refuses it",
			in:   "framework: chi\n",
			want: map[string]answers.Value{"framework": {Raw: "chi", Where: "answers.yaml:1:12"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := answers.ParseFile("answers.yaml", []byte(tt.in))
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			if l.Source != answers.FromFile || l.Name != "answers.yaml" {
				t.Errorf("layer source, name = %q, %q; want %q, %q", l.Source, l.Name, answers.FromFile, "answers.yaml")
			}
			if len(l.Values) != len(tt.want) {
				t.Errorf("got %d values %v, want %d", len(l.Values), l.Values, len(tt.want))
			}
			for key, want := range tt.want {
				if got, ok := l.Values[key]; !ok || !reflect.DeepEqual(got, want) {
					t.Errorf("value %s = %#v, want %#v", key, got, want)
				}
			}
		})
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // substrings of the error
	}{
		{"unknown key", "module: example.com/a\nframwork: gin\n", []string{"answers.yaml:2:1:", `unknown key "framwork"`, "known keys: module, name"}},
		{"unknown key indented", "{module: example.com/a,\n   colour: red}\n", []string{"answers.yaml:2:4:", `unknown key "colour"`}},
		{"duplicate key", "ci: github\nname: a\nci: gitlab\n", []string{"answers.yaml:3:1:", `key "ci" given twice`}},
		{"features not a list", "features: otel\n", []string{"answers.yaml:1:11:", "features must be a list"}},
		{"features a mapping", "features: {otel: true}\n", []string{"answers.yaml:1:11:", "must be a list"}},
		{"feature not a string", "features: [otel, 3]\n", []string{"answers.yaml:1:18:", "entries must be feature names"}},
		{"feature a list", "features: [[otel]]\n", []string{"answers.yaml:1:12:", "entries must be feature names"}},
		{"unknown feature", "features:\n  - otel\n  - kafka\n", []string{"answers.yaml:3:5:", `invalid features "kafka"`, "unknown feature"}},
		{"port as string", "http_port: \"8080\"\n", []string{"answers.yaml:1:12:", `http_port must be an integer, got the quoted string "8080"; write it without quotes (http_port: 8080)`}},
		{"port in single quotes", "admin_port: '6061'\n", []string{"answers.yaml:1:13:", `got the quoted string "6061"; write it without quotes (admin_port: 6061)`}},
		{"port as a word", "http_port: \"eighty\"\n", []string{"answers.yaml:1:12:", `http_port must be an integer (decimal digits), got "eighty"`}},
		{"port as float", "admin_port: 60.5\n", []string{"answers.yaml:1:13:", "admin_port must be an integer"}},
		{"port as a whole float", "admin_port: 6060.0\n", []string{"answers.yaml:1:13:", "admin_port must be an integer"}},
		{"port in exponent notation", "admin_port: 6e3\n", []string{"answers.yaml:1:13:", "admin_port must be an integer"}},
		{"port as hex", "admin_port: 0x17\n", []string{"answers.yaml:1:13:", "must be an integer"}},
		{"port too large for int", "http_port: 99999999999999999999999\n", []string{"answers.yaml:1:12:", "must be an integer"}},
		{"port as list", "http_port: [8080]\n", []string{"answers.yaml:1:12:", "must be an integer"}},
		{"module as list", "module: [example.com/a]\n", []string{"answers.yaml:1:9:", "module must be a string"}},
		{"module as number", "module: 12\n", []string{"answers.yaml:1:9:", "module must be a string"}},
		{"module null", "module:\n", []string{"answers.yaml:1:", "module must be a string"}},
		{"name as bool", "name: true\n", []string{"answers.yaml:1:7:", "name must be a string"}},
		{"framework as mapping", "framework:\n  name: gin\n", []string{"answers.yaml:2:3:", "framework must be a string"}},
		{"ci as number", "ci: 1.5\n", []string{"answers.yaml:1:5:", "ci must be a string"}}, // floats only for go
		{"go as int", "go: 1\n", []string{"answers.yaml:1:5:", "go must be a string"}},
		{"alias", "x: &a gin\n", []string{"answers.yaml:1:1:", `unknown key "x"`}},
		{"merge key", "<<: {framework: gin}\n", []string{"answers.yaml:1:1:", `unknown key "<<"`}},
		{"not a mapping: list", "- module\n- name\n", []string{"answers.yaml:1:1:", "must be a mapping of answers keys"}},
		{"not a mapping: scalar", "example.com/acme/orders\n", []string{"answers.yaml:1:1:", "must be a mapping"}},
		{"not a mapping: null document", "---\n", []string{"answers.yaml:", "must be a mapping"}},
		{"invalid YAML: tab", "module: a\n\tname: b\n", []string{"answers.yaml:2:1: invalid YAML"}},
		{"invalid YAML: unclosed", "features: [otel, docker\n", []string{"answers.yaml:1:11: invalid YAML"}},
		{"invalid YAML: bad indent", "module: a\n  name: b\n", []string{"answers.yaml:1:9: invalid YAML"}},
		{"second document", "module: example.com/a\n---\nframework: echo\n", []string{"answers.yaml:2:1:", "only one YAML document"}},
		{"invalid second document", "module: example.com/a\n---\n[\n", []string{"answers.yaml:", "invalid YAML"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := answers.ParseFile("answers.yaml", []byte(tt.in))
			if err == nil {
				t.Fatalf("ParseFile = %+v, want an error", l.Values)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if strings.Contains(err.Error(), ": yaml: ") {
				t.Errorf("error %q carries the YAML library's prefix", err)
			}
		})
	}
}

func TestParseFileTooLarge(t *testing.T) {
	tests := []struct {
		size   int
		wantOK bool
	}{
		{answers.MaxFileSize, true},
		{answers.MaxFileSize + 1, false},
		{4 * answers.MaxFileSize, false},
	}
	for _, tt := range tests {
		// A valid file padded with a comment to exactly size bytes.
		data := []byte("ci: none\n#")
		data = append(data, bytes.Repeat([]byte("x"), tt.size-len(data))...)
		l, err := answers.ParseFile("big.yaml", data)
		switch {
		case tt.wantOK && err != nil:
			t.Errorf("size %d: %v", tt.size, err)
		case tt.wantOK && l.Values["ci"].Raw != "none":
			t.Errorf("size %d: values %v", tt.size, l.Values)
		case !tt.wantOK && err == nil:
			t.Errorf("size %d: no error, want the file refused", tt.size)
		case !tt.wantOK && !strings.Contains(err.Error(), fmt.Sprintf("big.yaml: file is larger than %d bytes", answers.MaxFileSize)):
			t.Errorf("size %d: error %q does not name the file and the limit", tt.size, err)
		}
	}
}

// TestParseFileRecord replays a real .gonew-prod.yaml as written by the generator.
func TestParseFileRecord(t *testing.T) {
	want := answers.Answers{
		Module: "example.com/acme/orders", Name: "orders-api", Framework: "echo", Go: "1.26",
		Features: []string{"otel", "docker"}, CI: "gitlab", HTTPPort: 8081, AdminPort: 6061,
	}
	record := generator.Record{
		Generator: generator.RecordGenerator{Name: "gonew-prod", Version: "v0.1.0", Templates: "sha256:00"},
		Preset:    generator.RecordPreset{Name: "acme", Source: "example.com/packs@v1.2.0/acme", Version: "v1.2.0"},
		Answers:   want,
		// What update records besides; a replay ignores it.
		Conflicts:  []string{"main.go"},
		NotApplied: []string{"main.go"},
	}
	rec, err := record.File([]generator.File{
		{Path: "go.mod", Mode: 0o644, Content: []byte("module example.com/acme/orders\n")},
		{Path: "main.go", Mode: 0o644, Content: []byte("package main\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"conflicts:", "not_applied:"} {
		if !bytes.Contains(rec.Content, []byte("\n"+key)) {
			t.Fatalf("the record lacks %s:\n%s", key, rec.Content)
		}
	}
	l, err := answers.ParseFile(generator.RecordFile, rec.Content)
	if err != nil {
		t.Fatalf("ParseFile(record): %v\n%s", err, rec.Content)
	}
	if len(l.Values) != len(answers.Keys()) {
		t.Errorf("record gave %d values (%v), want one per key", len(l.Values), l.Values)
	}
	for key, v := range l.Values {
		if !strings.HasPrefix(v.Where, generator.RecordFile+":") {
			t.Errorf("value %s comes from %q, want a position in %s", key, v.Where, generator.RecordFile)
		}
	}
	if l.Preset == nil || *l.Preset != record.Preset {
		t.Errorf("replayed preset = %+v, want %+v", l.Preset, record.Preset)
	}
	got, _, err := answers.Resolve(l)
	if err != nil {
		t.Fatalf("Resolve(record): %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("replayed answers = %+v, want %+v", got, want)
	}
}

func TestParseFileRecordShapes(t *testing.T) {
	const head = "generator:\n  name: gonew-prod\n  version: 0.1.0\npreset:\n  name: default\n"
	tests := []struct {
		name    string
		in      string
		want    map[string]any // raw values, when valid
		wantErr []string
	}{
		{
			name: "answers last",
			in:   head + "answers:\n  module: example.com/a\n  framework: echo\n",
			want: map[string]any{"module": "example.com/a", "framework": "echo"},
		},
		{
			name: "answers first, files ignored",
			in:   "answers:\n  module: example.com/a\n  ci: none\n  http_port: 1\n" + head + "files:\n  - path: x\n    sha256: abc\n  - bogus: [1]\n",
			want: map[string]any{"module": "example.com/a", "ci": "none", "http_port": 1},
		},
		{
			name: "answers in the middle",
			in:   "generator: {name: gonew-prod}\nanswers: {module: example.com/a, go: \"1.26\", features: [k8s]}\nfiles: []\n",
			want: map[string]any{"module": "example.com/a", "go": "1.26", "features": []string{"k8s"}},
		},
		{
			name: "name derived from the module is dropped",
			in:   head + "answers:\n  module: example.com/acme/Order_Svc/v2\n  name: order-svc\n",
			want: map[string]any{"module": "example.com/acme/Order_Svc/v2"},
		},
		{
			name: "name other than the derived one is kept",
			in:   head + "answers:\n  module: example.com/acme/orders\n  name: orders-api\n",
			want: map[string]any{"module": "example.com/acme/orders", "name": "orders-api"},
		},
		{
			name: "name without a module is kept",
			in:   head + "answers:\n  name: orders\n",
			want: map[string]any{"name": "orders"},
		},
		{
			name: "a plain answers file keeps a derivable name",
			in:   "module: example.com/acme/orders\nname: orders\n",
			want: map[string]any{"module": "example.com/acme/orders", "name": "orders"},
		},
		{
			name:    "unknown record key after answers",
			in:      head + "answers:\n  module: example.com/a\nextra: 1\n",
			wantErr: []string{"answers.yaml:8:1:", `unknown key "extra" in a .gonew-prod.yaml record`, "generator, preset, answers, components, vars, files, blocks, conflicts"},
		},
		{
			name:    "unknown record key before answers",
			in:      "generator: {}\nanwsers: {module: example.com/a}\n",
			wantErr: []string{"answers.yaml:2:1:", `unknown key "anwsers"`},
		},
		{
			name:    "unknown answers key inside a record",
			in:      head + "answers:\n  module: example.com/a\n  colour: red\n",
			wantErr: []string{"answers.yaml:8:3:", `unknown key "colour"`},
		},
		{
			name:    "wrong type inside a record",
			in:      head + "answers:\n  http_port: eighty\n",
			wantErr: []string{"answers.yaml:7:14:", "http_port must be an integer"},
		},
		{
			name:    "answers not a mapping",
			in:      head + "answers: [module]\n",
			wantErr: []string{"answers.yaml:6:10:", "answers must be a mapping"},
		},
		{
			name:    "no answers",
			in:      head,
			wantErr: []string{"answers.yaml:1:1:", "answers"},
		},
		{
			name: "a preset with its digest",
			in:   head + "  source: ./packs/acme\n  version: v1.2.0\n  digest: sha256:" + strings.Repeat("0", 64) + "\nanswers:\n  module: example.com/a\n",
			want: map[string]any{"module": "example.com/a"},
		},
		{
			name:    "preset not a mapping",
			in:      "generator: {name: gonew-prod}\npreset: [default]\nanswers:\n  module: example.com/a\n",
			wantErr: []string{"answers.yaml:2:9:", "preset must be a mapping of name, source, version and digest"},
		},
		{
			name:    "unknown preset key",
			in:      head + "  sourec: ./packs/acme\nanswers:\n  module: example.com/a\n",
			wantErr: []string{"answers.yaml:6:3:", `unknown key "sourec" in preset`, "known keys: name, source, version, digest"},
		},
		{
			name:    "malformed digest",
			in:      head + "  source: ./packs/acme\n  digest: sha256:xyz\nanswers:\n  module: example.com/a\n",
			wantErr: []string{"answers.yaml:7:11:", `preset digest "sha256:xyz" is not sha256: and 64 lower-case hex digits`},
		},
		{
			name:    "digest in upper case",
			in:      head + "  source: ./packs/acme\n  digest: sha256:" + strings.Repeat("A", 64) + "\nanswers:\n  module: example.com/a\n",
			wantErr: []string{"answers.yaml:7:11:", "is not sha256: and 64 lower-case hex digits"},
		},
		{
			name:    "digest not a string",
			in:      head + "  digest: [sha256]\nanswers:\n  module: example.com/a\n",
			wantErr: []string{"answers.yaml:6:11:", "preset.digest"},
		},
		{
			name:    "answers twice",
			in:      head + "answers: {module: example.com/a}\nanswers: {module: example.com/b}\n",
			wantErr: []string{"answers.yaml:7:1:", `"answers" given twice`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := answers.ParseFile("answers.yaml", []byte(tt.in))
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("ParseFile = %v, want an error", l.Values)
				}
				for _, w := range tt.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseFile: %v", err)
			}
			got := map[string]any{}
			for k, v := range l.Values {
				got[k] = v.Raw
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("values = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestParseFileThenResolve checks that an error in a file names the file position through
// Resolve, and that the file sits between the preset and the flags.
func TestParseFileThenResolve(t *testing.T) {
	preset := answers.Layer{Source: answers.FromPreset, Name: "preset p"}
	preset.Set(answers.KeyCI, "gitlab", "preset p")
	preset.Set(answers.KeyFramework, "echo", "preset p")
	flags := answers.Layer{Source: answers.FromFlag, Name: "flags"}
	flags.Set(answers.KeyModule, "example.com/acme/orders", "--module")
	flags.Set(answers.KeyCI, "none", "--ci")

	l, err := answers.ParseFile("a.yaml", []byte("ci: github\nframework: gin\nhttp_port: 9000\n"))
	if err != nil {
		t.Fatal(err)
	}
	a, origins, err := answers.Resolve(preset, l, flags)
	if err != nil {
		t.Fatal(err)
	}
	if a.CI != "none" || a.Framework != "gin" || a.HTTPPort != 9000 {
		t.Errorf("got ci %q, framework %q, http_port %d; want none (flag), gin (file), 9000 (file)", a.CI, a.Framework, a.HTTPPort)
	}
	if origins[answers.KeyFramework] != answers.FromFile || origins[answers.KeyCI] != answers.FromFlag {
		t.Errorf("origins = %v", origins)
	}

	bad, err := answers.ParseFile("a.yaml", []byte("# ports\nhttp_port: 8080\nadmin_port: 70000\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = answers.Resolve(bad, flags)
	var ae *answers.Error
	if !errors.As(err, &ae) || ae.Where != "a.yaml:3:13" || ae.Key != answers.KeyAdminPort {
		t.Fatalf("Resolve error = %v (%+v), want an *Error at a.yaml:3:13 for admin_port", err, ae)
	}
}

// TestParseFileEveryRecordField replays a record with every field set, as add writes them
// (components, vars, blocks) and update leaves them (conflicts): each key is known, and
// the record, add's (it lists components), is refused as one new cannot replay.
func TestParseFileEveryRecordField(t *testing.T) {
	rec := generator.Record{
		Generator:  generator.RecordGenerator{Name: "gonew-prod", Version: "v0.1.0", Templates: "sha256:" + strings.Repeat("0", 64)},
		Preset:     generator.RecordPreset{Name: "minimal", Source: "builtin"},
		Answers:    generator.Answers{Module: "example.com/acme/orders"},
		Components: []string{"makefile"},
		Vars:       map[string]string{"mainPackage": "."},
		Files:      []generator.RecordEntry{{Path: "gonew-prod.mk", SHA256: strings.Repeat("0", 64), Owner: generator.OwnerTool}},
		Blocks:     []generator.RecordBlock{{Path: "Makefile", ID: "makefile", SHA256: strings.Repeat("0", 64)}},
		Conflicts:  []string{"Makefile"}, NotApplied: []string{"Makefile"},
	}
	f, err := rec.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range generator.RecordKeys() {
		if !strings.Contains(string(f.Content), "\n"+key+":") && !strings.HasPrefix(string(f.Content), key+":") {
			t.Fatalf("the encoded record lacks %q: fill every field of Record here\n%s", key, f.Content)
		}
	}
	_, err = answers.ParseFile(generator.RecordFile, f.Content)
	if err == nil || strings.Contains(err.Error(), "unknown key") || !strings.Contains(err.Error(), "the record gonew-prod add wrote") {
		t.Fatalf("ParseFile of a full record = %v, want add's record refused, every key known", err)
	}
	rec.Components = nil
	if f, err = rec.Encode(); err != nil {
		t.Fatal(err)
	}
	l, err := answers.ParseFile(generator.RecordFile, f.Content)
	if err != nil {
		t.Fatalf("ParseFile of a full record without components: %v", err)
	}
	if l.Values["module"].Raw != "example.com/acme/orders" {
		t.Errorf("module = %q", l.Values["module"].Raw)
	}
}

// TestParseFileAddRecord: the record gonew-prod add wrote (it lists components) is
// refused as answers, naming the record as add's, why new cannot replay it and what to
// do instead, before any of its answers is checked (add records a framework and features
// new has not); a record that lists none replays (round 29 lifecycle/2).
func TestParseFileAddRecord(t *testing.T) {
	const (
		head    = "generator:\n  name: gonew-prod\n  version: v0.1.0\n"
		nethttp = "answers:\n  module: example.com/legacy/api\n  framework: nethttp\n  features: [makefile]\n"
		gin     = "answers:\n  module: example.com/legacy/api\n  framework: gin\n  features: [docker]\n"
	)
	tests := []struct {
		name    string
		in      string
		wantErr []string // nil: replayed
	}{
		{"add's record", head + nethttp + "components: [makefile]\nfiles: []\n", []string{
			"a.yaml:8:1: a.yaml is the record gonew-prod add wrote when it retrofitted makefile into an existing repository",
			"not the answers of a project gonew-prod new made",
			"--framework gin|echo", "otel, mtls, pprof, docker, ci, k8s",
			"run gonew-prod add makefile there",
		}},
		{"components before answers", head + "components: [docker, ci]\n" + nethttp, []string{"a.yaml:4:1:", "retrofitted docker, ci into", "run gonew-prod add docker ci there"}},
		{"add's record of a gin repository", head + gin + "components: [docker]\n", []string{"record gonew-prod add wrote"}},
		{"no components", head + gin + "components: []\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := answers.ParseFile("a.yaml", []byte(tt.in))
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ParseFile: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("ParseFile accepted add's record")
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}
