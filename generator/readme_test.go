package generator_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/templates"
)

// envName matches the quoted environment variable names that a generated config package
// reads, e.g. "HTTP_ADDR".
var envName = regexp.MustCompile(`"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"`)

// TestEveryConfigVariableIsDocumented checks, for every golden case, that each variable
// the generated internal/config reads has a row in the generated README's tables, and
// that the README documents no variable the code does not read.
func TestEveryConfigVariableIsDocumented(t *testing.T) {
	for _, name := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(goldenRoot, name)
			code, err := os.ReadFile(filepath.Join(dir, "internal", "config", "config.go"))
			if err != nil {
				t.Fatal(err)
			}
			readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
			if err != nil {
				t.Fatal(err)
			}
			read := map[string]bool{}
			for _, m := range envName.FindAllStringSubmatch(string(code), -1) {
				read[m[1]] = true
			}
			if len(read) < 5 {
				t.Fatalf("found only %d variables in config.go: %v", len(read), read)
			}
			documented := map[string]bool{}
			for _, line := range strings.Split(string(readme), "\n") {
				if cells := strings.Split(line, "|"); len(cells) > 2 {
					if m := regexp.MustCompile("^\\s*`([A-Z][A-Z0-9_]+)`\\s*$").FindStringSubmatch(cells[1]); m != nil {
						documented[m[1]] = true
					}
				}
			}
			for v := range read {
				if !documented[v] {
					t.Errorf("config reads %s but README.md has no table row for it", v)
				}
			}
			for v := range documented {
				if !read[v] && !strings.HasPrefix(v, "OTEL_") && v != "VERSION" && v != "COMMIT" && v != "BUILD_TIME" {
					t.Errorf("README.md documents %s, which the config does not read", v)
				}
			}
		})
	}
}

// TestReadmeMentionsCIOnlyWithCI renders the built-in README for variants with and
// without CI: a project without CI files must not tell its reader that CI checks anything.
func TestReadmeMentionsCIOnlyWithCI(t *testing.T) {
	tests := []struct {
		name     string
		features []string
		ci       string
		want     []string // substrings of README.md
		dontWant []string
	}{
		{"github", []string{"otel", "ci"}, "github", []string{"`go.sum` is committed and CI verifies it", "Give CI the same", "## CI"}, []string{"every machine that builds"}},
		{"gitlab", []string{"ci"}, "gitlab", []string{"`go.sum` is committed and CI verifies it", "Give CI the same", "## CI"}, nil},
		{"without the ci feature", []string{"otel", "docker"}, "github", []string{"`go.sum` is committed and `make verify` checks it", "Give every machine that builds the project the same"}, []string{"CI verifies", "Give CI", "## CI"}},
		{"ci none", []string{"ci"}, "none", []string{"`make verify` checks it"}, []string{"CI verifies", "Give CI", "## CI"}},
		{"no features", []string{}, "github", []string{"`make verify` checks it"}, []string{"CI verifies", "Give CI", "## CI"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26",
				Features: tt.features, CI: tt.ci, HTTPPort: 8080, AdminPort: 6060}
			files, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true})
			if err != nil {
				t.Fatal(err)
			}
			var readme string
			for _, f := range files {
				if f.Path == "README.md" {
					readme = string(f.Content)
				}
			}
			if readme == "" {
				t.Fatal("no README.md rendered")
			}
			for _, w := range tt.want {
				if !strings.Contains(readme, w) {
					t.Errorf("README.md does not contain %q", w)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(readme, w) {
					t.Errorf("README.md contains %q", w)
				}
			}
		})
	}
}

// TestReadmeSecondInstancePort renders the README's examples of a second instance (the
// downstream of the first) with ports that take the usual second port, 8081: the second
// instance must listen on neither the HTTP port, which the first holds, nor the admin
// port, and the first must call it there.
func TestReadmeSecondInstancePort(t *testing.T) {
	listen := regexp.MustCompile(`HTTP_ADDR=:(\d+)`)
	downstream := regexp.MustCompile(`DOWNSTREAM_URL=https?://[^:/\s]+:(\d+)`)
	for _, ports := range [][2]int{{8080, 6060}, {8081, 6060}, {8081, 8082}, {8082, 8081}, {9000, 8081}} {
		a := generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26",
			Features: []string{"otel", "mtls", "pprof"}, CI: "github", HTTPPort: ports[0], AdminPort: ports[1]}
		files, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Path != "README.md" {
				continue
			}
			listens, calls := listen.FindAllStringSubmatch(string(f.Content), -1), downstream.FindAllStringSubmatch(string(f.Content), -1)
			if len(listens) != 2 || len(calls) != 2 {
				t.Fatalf("ports %v: README.md has %d HTTP_ADDR= and %d DOWNSTREAM_URL= examples, want 2 of each", ports, len(listens), len(calls))
			}
			for i, m := range listens {
				if p := m[1]; p == strconv.Itoa(ports[0]) || p == strconv.Itoa(ports[1]) || calls[i][1] != p {
					t.Errorf("http port %d, admin port %d: the second instance listens on :%s and is called on :%s", ports[0], ports[1], p, calls[i][1])
				}
			}
		}
	}
}

// TestReadmeGoPrivateCoversTheOrg checks that the GOPRIVATE the README suggests without
// a pack's covers the modules beside the service's, whatever its major version.
func TestReadmeGoPrivateCoversTheOrg(t *testing.T) {
	for mod, want := range map[string]string{
		"example.com/acme/orders":    "go env -w GOPRIVATE='example.com/acme/*'",
		"example.com/acme/orders/v2": "go env -w GOPRIVATE='example.com/acme/*'",
		"github.com/acme/orders/v13": "go env -w GOPRIVATE='github.com/acme/*'",
		"example.com/acme/v2tools":   "go env -w GOPRIVATE='example.com/acme/*'",
		// Right under its host: the module itself, never the whole host or ./*.
		"github.com/acme":    "go env -w GOPRIVATE=github.com/acme",
		"gitlab.com/acme/v2": "go env -w GOPRIVATE=gitlab.com/acme",
		"gopkg.in/orders.v3": "go env -w GOPRIVATE=gopkg.in/orders.v3",
		"orders.example.com": "go env -w GOPRIVATE=orders.example.com",
	} {
		a := generator.Answers{Module: mod, Name: "orders", Framework: "gin", Go: "1.26", Features: []string{}, CI: "github", HTTPPort: 8080, AdminPort: 6060}
		files, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if f.Path == "README.md" && !strings.Contains(string(f.Content), want+"\n") {
				t.Errorf("%s: README.md lacks %q", mod, want)
			}
		}
	}
}

// makeTarget matches a make command a generated document names: make build, `make run`.
var makeTarget = regexp.MustCompile("(?:^|[\\s`(])make ([a-z][a-z-]*)")

// makefileTargets returns the targets a Makefile defines at the start of a line.
func makefileTargets(makefile string) map[string]bool {
	targets := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^([a-z][a-z-]*):`).FindAllStringSubmatch(makefile, -1) {
		targets[m[1]] = true
	}
	return targets
}

// TestReadmeNamesOnlyTheMakefilesTargets checks that the generated README and Dockerfile
// name only make targets the project's Makefile has: those of the built-in Makefile in
// every golden case, and none of the built-in ones under a pack whose overlay replaces
// the Makefile (or removes it), whose targets gonew-prod does not know.
func TestReadmeNamesOnlyTheMakefilesTargets(t *testing.T) {
	for _, name := range goldenCases(t) {
		dir := filepath.Join(goldenRoot, name)
		makefile, err := os.ReadFile(filepath.Join(dir, "Makefile"))
		if err != nil {
			t.Fatal(err)
		}
		targets := makefileTargets(string(makefile))
		for _, doc := range []string{"README.md", "Dockerfile"} {
			text, err := os.ReadFile(filepath.Join(dir, doc))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range makeTarget.FindAllStringSubmatch(string(text), -1) {
				if !targets[m[1]] {
					t.Errorf("%s: %s names make %s, which the Makefile does not define", name, doc, m[1])
				}
			}
		}
	}

	all := []string{"mtls", "pprof", "otel", "docker", "ci", "k8s"}
	packMakefile := ".PHONY: build docker test\nbuild:\n\tgo build ./...\ndocker:\n\tdocker build -t {{.Name}} .\ntest:\n\tgo test ./...\n"
	for _, tt := range []struct {
		name     string
		features []string
		preset   generator.Preset
		targets  map[string]bool
	}{
		{"replaced", all, generator.Preset{Overlay: fstest.MapFS{"Makefile.tmpl": {Data: []byte(packMakefile)}}}, makefileTargets(packMakefile)},
		{"replaced, echo without ci", []string{"mtls", "otel", "docker"}, generator.Preset{Overlay: fstest.MapFS{"Makefile.tmpl": {Data: []byte(packMakefile)}}}, makefileTargets(packMakefile)},
		{"removed", []string{"mtls", "pprof", "otel", "k8s"}, generator.Preset{Remove: []string{"Makefile"}}, map[string]bool{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			framework := "gin"
			if strings.Contains(tt.name, "echo") {
				framework = "echo"
			}
			a := generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: framework, Go: "1.26",
				Features: tt.features, CI: "github", HTTPPort: 8080, AdminPort: 6060}
			files, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, Preset: tt.preset, NoRecord: true})
			if err != nil {
				t.Fatal(err)
			}
			seen := 0
			for _, f := range files {
				if f.Path != "README.md" && f.Path != "Dockerfile" {
					continue
				}
				seen++
				text := string(f.Content)
				for _, m := range makeTarget.FindAllStringSubmatch(text, -1) {
					if !tt.targets[m[1]] {
						t.Errorf("%s names make %s, which the pack's Makefile does not define", f.Path, m[1])
					}
				}
				for _, w := range []string{"BUILD_TAGS", "bin/orders", "make help"} {
					if f.Path == "README.md" && strings.Contains(text, w) {
						t.Errorf("README.md names %s, which only the built-in Makefile has", w)
					}
				}
				if f.Path == "Dockerfile" && strings.Contains(text, "Makefile") {
					t.Errorf("the Dockerfile says what the Makefile does:\n%s", text)
				}
				if f.Path == "README.md" && !strings.Contains(text, "go run ./cmd/orders") {
					t.Error("README.md does not say how to run the service without the built-in Makefile")
				}
			}
			if seen == 0 {
				t.Fatal("no README.md rendered")
			}
		})
	}
}

// TestReadmePProfExampleSharesTheToken runs the Profiling example of every golden case
// with pprof in a clean bash, with the service, openssl and curl replaced by functions
// that record the token the service starts with and the header curl sends: the curl
// must send the service's token, which a PPROF_TOKEN=... prefix of the service's command
// alone keeps from the shell.
func TestReadmePProfExampleSharesTheToken(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("runs the example in bash, which is not installed")
	}
	block := regexp.MustCompile("(?s)```sh\n([^`]*debug/pprof/profile[^`]*)```")
	ran := 0
	for _, name := range goldenCases(t) {
		readme, err := os.ReadFile(filepath.Join(goldenRoot, name, "README.md"))
		if err != nil {
			t.Fatal(err)
		}
		m := block.FindSubmatch(readme)
		if m == nil {
			continue
		}
		ran++
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			script := `unset PPROF_TOKEN
openssl() { echo 0123456789abcdef0123456789abcdef; }
serve() { [ -e served ] || printf '%s\n' "${PPROF_TOKEN-}" >served; }
make() { serve; }
go() { if [ "${1-}" = run ]; then serve; fi; }
curl() { printf '%s\n' "$@" >curl; }
` + string(m[1]) + "wait\n"
			cmd := exec.Command(bash, "--norc", "--noprofile", "-c", script)
			cmd.Dir = dir
			out, _ := cmd.CombinedOutput()
			served, err := os.ReadFile(filepath.Join(dir, "served"))
			if err != nil {
				t.Fatalf("the example started no service: %v\n%s", err, out)
			}
			sent, err := os.ReadFile(filepath.Join(dir, "curl"))
			if err != nil {
				t.Fatalf("the example ran no curl: %v\n%s", err, out)
			}
			token := strings.TrimSpace(string(served))
			if token == "" || !strings.Contains(string(sent), "\nAuthorization: Bearer "+token+"\n") {
				t.Errorf("the service starts with PPROF_TOKEN=%q, curl is run with\n%s\nin the example\n%s", token, sent, m[1])
			}
		})
	}
	if ran == 0 {
		t.Fatal("no golden README has a sh block that fetches debug/pprof/profile")
	}
}
