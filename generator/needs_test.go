package generator_test

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/templates"
)

// unneeded lists the files a built-in file mentions (as TestBuiltinMentionsAreNeeds finds
// them) without calling them: a pack may remove them while the file is built-in, so they
// are not in its needs. Keys are "FILE -> MENTIONED", as manifest.yaml spells the paths.
var unneeded = map[string]string{
	// go.mod and go.sum: every go command needs them; a pack that removes one fails the
	// build check of presets validate and new before anything is written.
	"Makefile -> go.mod":                 "go command",
	"Dockerfile -> go.mod":               "go command",
	"Dockerfile -> go.sum":               "go command",
	"README.md -> go.mod":                "go command",
	"README.md -> go.sum":                "go command",
	".github/workflows/ci.yml -> go.mod": "go command",
	".gitlab-ci.yml -> go.mod":           "go command",
	".gitlab-ci.yml -> go.sum":           "go command",
	// The ignore files list what they keep out.
	".dockerignore -> .gitlab-ci.yml": "keeps it out of the build context",
	".dockerignore -> Dockerfile":     "keeps it out of the build context",
	".dockerignore -> .dockerignore":  "keeps it out of the build context",
	// golangci-lint runs with its defaults without a configuration.
	"Makefile -> .golangci.yml":  "make lint reads it if it is there",
	"README.md -> .golangci.yml": "describes make lint",
	// The README describes these files; none of its commands runs them.
	"README.md -> Makefile":                 "the README names make targets only while the Makefile is built-in (.Builtin)",
	"README.md -> k8s/deployment.yaml":      "describes it",
	"README.md -> k8s/service.yaml":         "describes it",
	"README.md -> .github/workflows/ci.yml": "describes it",
	"README.md -> .gitlab-ci.yml":           "describes it",
	// Comments.
	".dockerignore -> .gitignore": "a comment: the secrets it keeps out, as .gitignore does",
	"Dockerfile -> Makefile":      "a comment on make docker, written only while the Makefile is built-in (.Builtin)",
}

// TestBuiltinMentionsAreNeeds checks that every file a built-in template mentions, for
// every feature on and for each framework and CI provider, is either in its needs in
// manifest.yaml (a pack may not remove it while the template is built-in) or in
// unneeded, with the reason it is safe to remove: a file the Makefile runs (go run
// ./tools/certs) cannot be left out silently. A file mentions another by its path, a Go
// file's package by ./DIR (the Makefile's $(BINARY) read as the name), and the Makefile by
// a make command. Go files are left to the build check, which type-checks what a pack
// leaves.
func TestBuiltinMentionsAreNeeds(t *testing.T) {
	m, err := generator.ReadManifest(templates.FS(), "")
	if err != nil {
		t.Fatal(err)
	}
	all := []string{"otel", "mtls", "pprof", "docker", "ci", "k8s"}
	seen := map[string]bool{}
	// The second case replaces the Makefile, and the README then gives go commands.
	for _, c := range []struct {
		framework, ci string
		overlay       fstest.MapFS
	}{
		{"gin", "github", nil},
		{"echo", "gitlab", fstest.MapFS{"Makefile.tmpl": {Data: []byte("build:\n\tgo build ./...\ndocker:\n\tdocker build .\n")}}},
	} {
		a := generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: c.framework, Go: "1.26",
			Features: all, CI: c.ci, HTTPPort: 8080, AdminPort: 6060}
		files, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true, Preset: generator.Preset{Overlay: c.overlay}})
		if err != nil {
			t.Fatal(err)
		}
		// A make command runs a target of the Makefile.
		var targets []string
		for _, f := range files {
			if f.Path == "Makefile" {
				for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z-]*):`).FindAllStringSubmatch(string(f.Content), -1) {
					targets = append(targets, regexp.QuoteMeta(m[1]))
				}
			}
		}
		makeRun := regexp.MustCompile(`\bmake (` + strings.Join(targets, "|") + `)\b`)
		// spelled maps each rendered path to the manifest's spelling of it.
		spelled := map[string]generator.Entry{}
		for _, e := range m.Files {
			if e.When.Holds(a, nil) {
				spelled[strings.ReplaceAll(e.Path, "{{.Name}}", a.Name)] = e
			}
		}
		for _, f := range files {
			caller, ok := spelled[f.Path]
			if !ok {
				t.Fatalf("%s: no manifest entry", f.Path)
			}
			if path.Ext(f.Path) == ".go" || c.overlay[caller.TemplateName()] != nil {
				continue
			}
			text := string(f.Content)
			if f.Path == "Makefile" {
				text = strings.ReplaceAll(text, "$(BINARY)", a.Name)
			}
			for _, g := range files {
				callee := spelled[g.Path]
				var mentioned bool
				switch {
				case g.Path == "Makefile":
					mentioned = makeRun.MatchString(text) || mentions(text, g.Path)
				case strings.HasSuffix(g.Path, ".go") && !strings.HasSuffix(g.Path, "_test.go"):
					mentioned = mentions(text, "./"+path.Dir(g.Path))
				default:
					mentioned = mentions(text, g.Path)
				}
				if !mentioned || f.Path == g.Path && g.Path != "README.md" && g.Path != ".dockerignore" {
					continue
				}
				key := fmt.Sprintf("%s -> %s", caller.Path, callee.Path)
				seen[key] = true
				if _, ok := caller.Needs[callee.Path]; !ok && unneeded[key] == "" {
					t.Errorf("framework %s, ci %s: the built-in %s mentions %s, which is neither in its needs in %s (what it does with it) nor in this test's unneeded (why a pack may remove it)", c.framework, c.ci, caller.Path, callee.Path, generator.ManifestFile)
				}
			}
		}
	}
	for _, key := range slices.Sorted(func(yield func(string) bool) {
		for k := range unneeded {
			if !yield(k) {
				return
			}
		}
	}) {
		if !seen[key] {
			t.Errorf("unneeded lists %s, which no built-in file mentions any more: drop it", key)
		}
	}
}

// mentions reports whether text holds p as a whole path: neither preceded nor followed
// by a character of a path.
func mentions(text, p string) bool {
	isPath := func(r byte) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.IndexByte("_./-", r) >= 0
	}
	for i := 0; ; {
		j := strings.Index(text[i:], p)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(p)
		if (start == 0 || !isPath(text[start-1])) && (end == len(text) || !isPath(text[end])) {
			return true
		}
		i = start + 1
	}
}

// TestBuiltinRemovalOfACalledFile checks removals from the built-in templates that leave
// no Go file broken, so that only needs can refuse them: the files the Makefile, the
// Dockerfile and the README run.
func TestBuiltinRemovalOfACalledFile(t *testing.T) {
	tests := []struct {
		name     string
		remove   []string
		features []string
		want     string // "" for a render that succeeds
	}{
		{"tools/certs", []string{"tools/certs/main.go", "tools/certs/main_test.go"}, []string{"mtls"},
			"remove tools/certs/main.go: the built-in Makefile runs it (make certs, make certs-rotate); the built-in README.md tells to make the development certificates with it (make certs, go run ./tools/certs); replace those files in the overlay too (overlay/Makefile.tmpl, overlay/README.md.tmpl), leave mtls out of the pack's answers (features), or keep tools/certs/main.go"},
		{"tools/certs without mtls", []string{"tools/certs/main.go", "tools/certs/main_test.go"}, []string{"docker"}, ""},
		{"the main package", []string{"cmd/{{.Name}}/main.go", "cmd/{{.Name}}/main_test.go"}, []string{"docker"},
			"remove cmd/{{.Name}}/main.go: the built-in Makefile builds the binary from its package (make build, make run); the built-in README.md tells to run and build the service from its package (make run, go run); the built-in Dockerfile builds the binary from its package (go build ./cmd/NAME); replace those files in the overlay too (overlay/Makefile.tmpl, overlay/README.md.tmpl, overlay/Dockerfile.tmpl), or keep cmd/{{.Name}}/main.go"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26",
				Features: tt.features, CI: "none", HTTPPort: 8080, AdminPort: 6060}
			_, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true, Preset: generator.Preset{Remove: tt.remove}})
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || err.Error() != tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}
