package generator_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
