package cli

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
)

// TestReadByGo checks which overlay templates make presets validate and new type-check
// a pack's project: whatever the go command reads when it builds, and names whose
// output is not known before the render.
func TestReadByGo(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"internal/x/x.go.tmpl", true},
		{"internal/x/x_amd64.s.tmpl", true},
		{"internal/x/x.S.tmpl", true},
		{"internal/x/x.c.tmpl", true},
		{"internal/x/x.h.tmpl", true},
		{"internal/x/x_windows.syso.tmpl", true},
		{"go.mod.tmpl", true},
		{"go.sum.tmpl", true},
		{"go.work.tmpl", true},
		{"go.work.sum.tmpl", true},
		{"sub/go.work.tmpl", true},
		{"vendor/modules.txt.tmpl", true},
		{"internal/vendor/README.tmpl", true},
		{"cmd/{{.Name}}/extra.txt.tmpl", true},
		{"Makefile.tmpl", false},
		{"README.md.tmpl", false},
		{"docs/go.md.tmpl", false},
		{".github/workflows/extra.yml.tmpl", false},
		{"deploy/vendors.yaml.tmpl", false},
	}
	for _, tt := range tests {
		if got := readByGo(tt.name); got != tt.want {
			t.Errorf("readByGo(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestInterruptedRenderIsNoVerdict checks that presets show and presets validate stopped
// by Ctrl-C in the render of the pack's project (the context done) say they were
// interrupted, never that the pack is invalid.
func TestInterruptedRenderIsNoVerdict(t *testing.T) {
	for _, cmd := range []string{"show", "validate"} {
		t.Run(cmd, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: minimal\n")
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // Ctrl-C before the render
			r := runCtx(t, ctx, dir, "presets", cmd, "./pack")
			if r.code == ExitOK || !strings.Contains(r.stderr, "interrupted") || strings.Contains(r.stderr, "invalid pack") {
				t.Errorf("exit %d, stderr %q: want a failure that says it was interrupted, not that the pack is invalid", r.code, r.stderr)
			}
		})
	}
}

// TestInterruptedTypeCheckIsNoVerdict checks that a type-check whose go command dies of
// Ctrl-C's SIGINT (a terminal sends it to the whole process group) says nothing of the
// pack: validate and new report the interruption, neither calls the pack invalid or
// prints the go command's output.
func TestInterruptedTypeCheckIsNoVerdict(t *testing.T) {
	goCaches() // with the real go command, before it is replaced
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "go"), []byte("#!/bin/sh\necho 'partial vet output'\nkill -INT $$\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	for _, args := range [][]string{
		{"presets", "validate", "./pack"},
		newArgs("--preset", "./pack", "--module", "example.com/acme/service", "svc"),
	} {
		t.Run(args[0], func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: minimal\n")
			mustWrite(t, dir, "pack/overlay/internal/extra/extra.go.tmpl", "package extra\n")
			r := run(t, dir, args...)
			if r.code == ExitOK || !strings.Contains(r.stderr, "interrupted") {
				t.Errorf("exit %d, stderr %q: want a failure that says it was interrupted", r.code, r.stderr)
			}
			for _, wrong := range []string{"invalid pack", "does not type-check", "partial vet output"} {
				if strings.Contains(r.stderr, wrong) {
					t.Errorf("stderr %q says %q", r.stderr, wrong)
				}
			}
		})
	}
}

// TestTypeCheckErrorNamesThePackTemplate: a pack Go file that does not type-check is
// refused by presets validate and new with one error line holding go's error, file:line,
// and the overlay template that rendered the file, not go vet's "# PACKAGE" header.
func TestTypeCheckErrorNamesThePackTemplate(t *testing.T) {
	tests := []struct {
		name, template, text, want string
	}{
		{"a file of the pack's", "internal/extra/extra.go.tmpl", "package extra\n\nfunc F() int { return \"x\" }\n",
			`internal/extra/extra.go:3:23: cannot use "x" (untyped string constant) as int value in return statement (internal/extra/extra.go is rendered from pack/overlay/internal/extra/extra.go.tmpl)`},
		{"a built-in file the pack replaces", "cmd/main/main.go.tmpl", "package main\n\nfunc main() { undefinedCall() }\n",
			`cmd/svc/main.go:3:15: undefined: undefinedCall (cmd/svc/main.go is rendered from pack/overlay/cmd/main/main.go.tmpl)`},
	}
	for _, tt := range tests {
		for _, args := range [][]string{
			{"presets", "validate", "./pack"},
			newArgs("--preset", "./pack", "--module", "example.com/acme/svc", "svc"),
		} {
			t.Run(tt.name+"/"+args[0], func(t *testing.T) {
				dir := t.TempDir()
				mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: minimal\nanswers:\n  name: svc\nlocked: [name]\n")
				mustWrite(t, dir, "pack/overlay/"+tt.template, tt.text)
				r := run(t, dir, args...)
				lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
				last := lines[len(lines)-1]
				if r.code == ExitOK || !strings.Contains(last, tt.want) {
					t.Errorf("exit %d, last stderr line %q; want a failure holding %q", r.code, last, tt.want)
				}
			})
		}
	}
}

// TestTypeCheckTidyFailureKeepsGoReason: when go mod tidy fails in the pack's build
// check, the error and stderr keep go's reason (its last line), not only its first
// progress line ("go: finding module for package ...").
func TestTypeCheckTidyFailureKeepsGoReason(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy: skipped with -short")
	}
	files := []generator.File{
		{Path: "go.mod", Mode: 0o644, Content: []byte("module example.com/acme/orders\n\ngo 1.26\n")},
		{Path: "extra/extra.go", Mode: 0o644, Content: []byte("// Package extra is the org's helper.\npackage extra\n\nimport \"example.org/acme/nosuchmod/chi\"\n\n// R is a router.\nvar R = chi.NewRouter\n")},
	}
	var stderr strings.Builder
	env := Env{Stderr: &stderr, Environ: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")}
	err := typeCheck(context.Background(), env, files, true, "cmd/orders")
	const reason = "module lookup disabled by GOPROXY=off"
	if err == nil || !strings.Contains(err.Error(), reason) || !strings.Contains(stderr.String(), reason) {
		t.Errorf("typeCheck = %v, stderr %q; want go's reason %q in both", err, stderr.String(), reason)
	}
}

// TestStaticBuilds checks which builds of the binary the pack build check runs besides go
// vet: one per tag set of the Makefile's BUILD_TAGS and of the Dockerfile's ARG
// BUILD_TAGS, and one without tags, each once, naming who runs it; a BUILD_TAGS made of
// other variables is not known and not built.
func TestStaticBuilds(t *testing.T) {
	const untagged = "a build without tags (make build BUILD_TAGS=, the generated main_test.go)"
	tests := []struct {
		name  string
		files map[string]string
		want  []staticBuild
	}{
		{"built-in gin", map[string]string{
			"Makefile":   "# Build tags\nBUILD_TAGS ?= nomsgpack\n\nbuild:\n\tgo build -tags \"$(BUILD_TAGS)\" ./cmd/x\n",
			"Dockerfile": "FROM golang AS build\nARG BUILD_TAGS=nomsgpack\nRUN go build\n",
		}, []staticBuild{
			{"nomsgpack", []string{"make build (Makefile:2)", "the Dockerfile (Dockerfile:2)"}},
			{"", []string{untagged}},
		}},
		{"no tags", map[string]string{
			"Makefile":   "BUILD_TAGS ?=\n",
			"Dockerfile": "ARG BUILD_TAGS=\n",
		}, []staticBuild{
			{"", []string{"make build (Makefile:1)", "the Dockerfile (Dockerfile:1)", untagged}},
		}},
		{"tags apart, spaces and quotes", map[string]string{
			"Makefile":   "BUILD_TAGS := nomsgpack grpcnotrace\n",
			"Dockerfile": "ARG BUILD_TAGS=\"netgo\"\n",
		}, []staticBuild{
			{"nomsgpack,grpcnotrace", []string{"make build (Makefile:1)"}},
			{"netgo", []string{"the Dockerfile (Dockerfile:1)"}},
			{"", []string{untagged}},
		}},
		{"tags of other variables, no Dockerfile", map[string]string{
			"Makefile": "TAGS = a\nBUILD_TAGS ?= $(TAGS)\n",
		}, []staticBuild{
			{"", []string{untagged}},
		}},
	}
	for _, tt := range tests {
		var files []generator.File
		for p, body := range tt.files {
			files = append(files, generator.File{Path: p, Content: []byte(body)})
		}
		if got := staticBuilds(files); !slices.EqualFunc(got, tt.want, func(a, b staticBuild) bool { return a.tags == b.tags && slices.Equal(a.by, b.by) }) {
			t.Errorf("%s: staticBuilds = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestPresetsShowSaysWhereValuesComeFrom checks that presets show names no pack as
// extending itself, shows the chain as such, names the pack file that set each answer,
// lock, removal and overlay template, and prints a description of several lines as
// indented lines (presets list folds it into one). The features it prints are those new
// resolves: a pack that sets ci none over a parent's features leaves ci out, saying so;
// a locked set keeps it (new refuses ci none, and presets validate the pack).
func TestPresetsShowSaysWhereValuesComeFrom(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "packs/go.mod", "module example.com/packs\n")
	mustWrite(t, dir, "packs/solo/preset.yaml", "name: solo\ndescription: |\n  Acme services.\n  Built from the mirror.\nanswers: {framework: echo}\n")
	mustWrite(t, dir, "packs/base/preset.yaml", "name: base\nextends: default\nmodule_prefix: gitlab.acme.example\nanswers:\n  framework: echo\nlocked: [framework, module_prefix]\nremove: [k8s/service.yaml]\n")
	mustWrite(t, dir, "packs/base/overlay/CODEOWNERS.tmpl", "* @acme\n")
	mustWrite(t, dir, "packs/acme/preset.yaml", "name: acme\nextends: ../base\nanswers:\n  ci: gitlab\nlocked: [ci]\n")
	mustWrite(t, dir, "packs/acme/overlay/X.tmpl", "x\n")
	mustWrite(t, dir, "packs/noci/preset.yaml", "name: noci\nextends: default\nanswers:\n  ci: none\n")
	mustWrite(t, dir, "packs/lockci/preset.yaml", "name: lockci\nextends: default\nanswers:\n  features: [otel, ci]\nlocked: [features]\n")
	tests := []struct {
		ref           string
		want, notWant []string
	}{
		{"default", []string{"extends:       (none)\n", "  framework:  gin  (set in preset default/preset.yaml:4:14)\n"}, []string{"extends:       default", "chain:"}},
		{"./packs/solo", []string{"extends:       (none)\n", "description:   Acme services.\n               Built from the mirror.\nsource:"}, []string{`\x0a`, "extends:       solo"}},
		{"./packs/acme", []string{
			"extends:       base\n",
			"chain:         default -> base -> acme (base first)\n",
			"module_prefix: gitlab.acme.example (locked)  (set in packs/base/preset.yaml:3:16; locked in packs/base/preset.yaml:6:21)\n",
			"  framework:  echo  (locked)  (set in packs/base/preset.yaml:5:14; locked in packs/base/preset.yaml:6:10)\n",
			"  features:   [otel, mtls, pprof, docker, ci, k8s]  (set in preset default/preset.yaml:5:13)\n",
			"  ci:         gitlab  (locked)  (set in packs/acme/preset.yaml:4:7; locked in packs/acme/preset.yaml:5:10)\n",
			"  k8s/service.yaml  (set in packs/base/preset.yaml:7:10)\n",
			"  CODEOWNERS.tmpl  (packs/base/overlay/CODEOWNERS.tmpl)\n",
			"  X.tmpl  (packs/acme/overlay/X.tmpl)\n",
		}, []string{"extends:       default -> base -> acme"}},
		{"./packs/noci", []string{"  features:   [otel, mtls, pprof, docker, k8s]  (set in preset default/preset.yaml:5:13; ci left out: ci is none, packs/noci/preset.yaml:4:7)\n"}, []string{"docker, ci"}},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			r := run(t, dir, "presets", "show", tt.ref)
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(r.stdout, w) {
					t.Errorf("stdout holds %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestPresetsShowRefusesWhatValidateRefuses checks that presets show refuses, with
// validate's exit code and error, a pack whose own answers or their render presets
// validate refuses (ci none under a locked feature set with ci, a port new refuses, a
// template failing as it runs), rather than show it and exit 0; and a pack that does not
// load (an unknown key, a template that does not parse, a removal or a blank template of
// a file a lock of the pack it extends selects, no pack at the path) alike: exit 1 with
// validate's error, as README's Presets gives both commands (not 2, bad usage).
func TestPresetsShowRefusesWhatValidateRefuses(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "packs/go.mod", "module example.com/packs\n")
	mustWrite(t, dir, "packs/lockci/preset.yaml", "name: lockci\nextends: default\nanswers:\n  features: [otel, ci]\nlocked: [features]\n")
	mustWrite(t, dir, "packs/lockednoci/preset.yaml", "name: lockednoci\nextends: ../lockci\nanswers:\n  ci: none\n")
	mustWrite(t, dir, "packs/lowport/preset.yaml", "name: lowport\nanswers:\n  http_port: 80\n")
	mustWrite(t, dir, "packs/sameport/preset.yaml", "name: sameport\nanswers:\n  http_port: 6060\n  admin_port: 6060\n")
	mustWrite(t, dir, "packs/badtmpl/preset.yaml", "name: badtmpl\n")
	mustWrite(t, dir, "packs/badtmpl/overlay/X.tmpl", "{{.Nope}}\n")
	mustWrite(t, dir, "packs/unknownkey/preset.yaml", "name: unknownkey\nlock: [ci]\n")
	mustWrite(t, dir, "packs/noparse/preset.yaml", "name: noparse\n")
	mustWrite(t, dir, "packs/noparse/overlay/X.tmpl", "{{if}}\n")
	mustWrite(t, dir, "packs/lockgitlab/preset.yaml", "name: lockgitlab\nextends: default\nanswers:\n  ci: gitlab\nlocked: [ci]\n")
	mustWrite(t, dir, "packs/dropci/preset.yaml", "name: dropci\nextends: ../lockgitlab\nremove: [.gitlab-ci.yml]\n")
	mustWrite(t, dir, "packs/blankci/preset.yaml", "name: blankci\nextends: ../lockgitlab\n")
	mustWrite(t, dir, "packs/blankci/overlay/.gitlab-ci.yml.tmpl", "{{/* none */}}\n")
	tests := []struct{ ref, want string }{
		{"./packs/unknownkey", `invalid pack: packs/unknownkey/preset.yaml:2:1: unknown key "lock"`},
		{"./packs/noparse", "invalid pack: packs/noparse/overlay/X.tmpl:1: missing value for if"},
		{"./packs/dropci", "invalid pack: packs/dropci/preset.yaml:3:10: remove .gitlab-ci.yml: the built-in .gitlab-ci.yml is written by the locks of preset lockgitlab"},
		{"./packs/blankci", "invalid pack: packs/blankci/overlay/.gitlab-ci.yml.tmpl: renders nothing whatever the answers"},
		{"./packs/none", "invalid pack: "},
		{"./packs/lockednoci", `invalid pack: packs/lockednoci/preset.yaml:4:7: invalid ci "none"`},
		{"./packs/lowport", `invalid pack: packs/lowport/preset.yaml:3:14: invalid http_port "80": ports below 1024`},
		{"./packs/sameport", `http_port and admin_port must differ`},
		{"./packs/badtmpl", "packs/badtmpl/overlay/X.tmpl:1:2: executing"},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			v := run(t, dir, "presets", "validate", tt.ref)
			s := run(t, dir, "presets", "show", tt.ref)
			if v.code != ExitFailure || !strings.Contains(v.stderr, tt.want) {
				t.Fatalf("validate: exit %d, stderr %q; want exit %d and %q", v.code, v.stderr, ExitFailure, tt.want)
			}
			if s.code != v.code || s.stderr != v.stderr {
				t.Errorf("show: exit %d, stderr %q; want validate's: exit %d, stderr %q", s.code, s.stderr, v.code, v.stderr)
			}
			if s.stdout != "" {
				t.Errorf("show printed the pack it refuses:\n%s", s.stdout)
			}
		})
	}
}

// TestParagraph checks how a description of several lines is printed: as lines under
// the first, indented, or folded into one line, without its trailing line break and with
// control characters other than line breaks escaped.
func TestParagraph(t *testing.T) {
	tests := []struct {
		text, prefix, want string
	}{
		{"one line", "  ", "one line"},
		{"first\nsecond\n", "  ", "first\n  second"},
		{"first\r\nsecond\r\n\n", "  ", "first\n  second"},
		{"first\nsecond\n", "", "first second"},
		{"first\n\n  second\n", "", "first second"},
		{"evil \x1b[2J\nnext", "  ", `evil \x1b[2J` + "\n  next"},
	}
	for _, tt := range tests {
		if got := paragraph(tt.text, tt.prefix); got != tt.want {
			t.Errorf("paragraph(%q, %q) = %q, want %q", tt.text, tt.prefix, got, tt.want)
		}
	}
}

// TestChoiceThePackRulesOut checks README's remedy for a removed Dockerfile: a pack whose
// answers leave docker out may remove it. presets validate accepts it, notes that new
// refuses the open choice that turns docker on (and how to lock it out), and still
// type-checks the other features of that choice; new with docker turned on by the user
// is refused naming what turned it on, not with the pack author's remedies. A pack whose
// own answers hold docker is still refused with them.
func TestChoiceThePackRulesOut(t *testing.T) {
	const rd = "name: rd\nextends: default\nanswers:\n  features: [otel, ci, k8s]\nremove: [Dockerfile]\n"
	tests := []struct {
		name, pack string
		args       []string
		code       int
		stdout     []string
		stderr     []string
		notStderr  []string
	}{
		{"validate", rd, []string{"presets", "validate", "./p"}, ExitOK,
			[]string{"preset rd is valid", "features mtls, pprof on"},
			[]string{"note: a choice the pack leaves open is refused: new --with docker (it leaves out Dockerfile, and the built-in Makefile builds the image from it", "lock features (locked: [features])"},
			[]string{"pack's answers"}},
		{"new --with docker", rd, newArgs("--preset", "./p", "--module", "example.com/acme/svc", "--with", "docker", "svc"), ExitUsage, nil,
			[]string{"--with docker: preset rd cannot have docker: it leaves out Dockerfile (remove, p/preset.yaml:5:10), and with docker the built-in Makefile builds the image from it", "leave docker out (the pack's own features are otel, ci, k8s)"},
			[]string{"pack's answers", "replace"}},
		{"new with an answers file", rd, newArgs("--preset", "./p", "--module", "example.com/acme/svc", "--answers", "a.yaml", "svc"), ExitUsage, nil,
			[]string{"a.yaml:1:11 (features holding docker): preset rd cannot have docker"},
			[]string{"pack's answers"}},
		{"new with the pack's answers", rd, newArgs("--preset", "./p", "--module", "example.com/acme/svc", "svc"), ExitOK, nil, nil, nil},
		{"validate of a pack whose answers hold docker", "name: rd\nextends: default\nremove: [Dockerfile]\n", []string{"presets", "validate", "./p"}, ExitFailure, nil,
			[]string{"remove Dockerfile: the built-in Makefile builds the image from it", "leave docker out of the pack's answers (features)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "p/preset.yaml", tt.pack)
			mustWrite(t, dir, "a.yaml", "features: [otel, docker]\n")
			r := run(t, dir, tt.args...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			for _, w := range tt.stdout {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			for _, w := range tt.notStderr {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr holds %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

// TestPresetsValidateChecksANameWithADash checks that presets validate renders and
// type-checks a pack also with a service name holding a "-" (preset-check), which new
// allows (order-api): a Go template writing the name where Go needs an identifier is
// refused by validate as new refuses it for such a name, naming the choice, through the
// module when validate chooses it and with --name when the pack gives the module; a
// template that makes an identifier of the name, or a pack that locks the name, is valid.
func TestPresetsValidateChecksANameWithADash(t *testing.T) {
	const (
		asIs    = "// Package {{.Name}} holds the service's own code.\npackage {{.Name}}\n"
		cleaned = "// Package {{.Name | replace \"-\" \"\"}} holds the service's own code.\npackage {{.Name | replace \"-\" \"\"}}\n"
		locked  = "locked: [features, framework]\n"
	)
	tests := []struct {
		name, preset, doc string
		newArgs           []string // new's answers for a service named with a "-"
		want              string   // in validate's stderr; "" for a valid pack
	}{
		{"name as a package name", "name: p\nextends: minimal\n" + locked, asIs,
			[]string{"--module", "example.com/x/order-api"},
			"invalid pack: with name preset-check, a choice the pack leaves open (new --module example.com/preset-check/preset-check): preset p: render pack/overlay/internal/{{.Name}}/doc.go.tmpl: rendered Go does not parse"},
		{"name as a package name, the pack giving the module", "name: p\nextends: minimal\nanswers:\n  module: example.com/acme/orders\nlocked: [features, framework, module]\n", asIs,
			[]string{"--name", "order-api"},
			"invalid pack: with name preset-check, a choice the pack leaves open (new --name preset-check): preset p: render pack/overlay/internal/{{.Name}}/doc.go.tmpl: rendered Go does not parse"},
		{"name made an identifier", "name: p\nextends: minimal\n" + locked, cleaned,
			[]string{"--module", "example.com/x/order-api"}, ""},
		{"name locked", "name: p\nextends: minimal\nanswers:\n  name: orders\nlocked: [features, framework, name]\n", asIs,
			[]string{"--module", "example.com/x/order-api"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pack/preset.yaml", tt.preset)
			mustWrite(t, dir, "pack/overlay/internal/{{.Name}}/doc.go.tmpl", tt.doc)
			v := run(t, dir, "presets", "validate", "./pack")
			n := run(t, dir, newArgs(append(tt.newArgs, "--preset", "./pack", "svc")...)...)
			if tt.want == "" {
				if v.code != ExitOK || n.code != ExitOK {
					t.Fatalf("validate exit %d, new exit %d; want both 0\nvalidate:\n%s\nnew:\n%s", v.code, n.code, v.stderr, n.stderr)
				}
				return
			}
			if v.code != ExitFailure || !strings.Contains(v.stderr, tt.want) {
				t.Errorf("validate: exit %d, stderr:\n%s\nwant %d and %q", v.code, v.stderr, ExitFailure, tt.want)
			}
			if n.code != ExitUsage {
				t.Errorf("new %v: exit %d, want %d (validate must refuse what new refuses)\n%s", tt.newArgs, n.code, ExitUsage, n.stderr)
			}
		})
	}
}
