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
	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"
)

// TestGitHubCIRunsTheLatestPatch: the GitHub workflow of every golden project
// installs the latest patch release of the go line's minor version, as the
// Docker build stage does (golang:1.26), not go.mod's go line: setup-go
// installs a version with a patch number (go 1.26.0) exactly as written.
func TestGitHubCIRunsTheLatestPatch(t *testing.T) {
	for _, name := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(goldenRoot, name)
			data, err := os.ReadFile(filepath.Join(dir, ".github/workflows/ci.yml"))
			if os.IsNotExist(err) {
				t.Skip("no GitHub workflow")
			}
			if err != nil {
				t.Fatal(err)
			}
			modData, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err != nil {
				t.Fatal(err)
			}
			mod, err := modfile.ParseLax("go.mod", modData, nil)
			if err != nil || mod.Go == nil {
				t.Fatalf("go.mod: %v", err)
			}
			minor := strings.Join(strings.SplitN(mod.Go.Version, ".", 3)[:2], ".")

			var workflow struct {
				Jobs map[string]struct {
					Steps []struct {
						Uses string            `yaml:"uses"`
						With map[string]string `yaml:"with"`
					} `yaml:"steps"`
				} `yaml:"jobs"`
			}
			if err := yaml.Unmarshal(data, &workflow); err != nil {
				t.Fatal(err)
			}
			setups := 0
			for job, j := range workflow.Jobs {
				for _, step := range j.Steps {
					if !strings.HasPrefix(step.Uses, "actions/setup-go@") {
						continue
					}
					setups++
					if got := step.With["go-version"]; got != minor+".x" || step.With["check-latest"] != "true" || step.With["go-version-file"] != "" {
						t.Errorf("job %s: setup-go with %v, want go-version %s.x and check-latest true", job, step.With, minor)
					}
				}
			}
			if setups == 0 {
				t.Error("no setup-go step")
			}
			if df, err := os.ReadFile(filepath.Join(dir, "Dockerfile")); err == nil {
				if !regexp.MustCompile(`(?m)^FROM \S*golang:` + regexp.QuoteMeta(minor) + `-`).Match(df) {
					t.Errorf("the Dockerfile's build stage is not on Go %s", minor)
				}
			}
		})
	}
}

// TestGoPatchAnsweredTakesTheSeries: a Go version answered with a patch (1.26.3) is
// go.mod's minimum; CI and the build image take the latest patch release of its
// series (1.26.x, golang:1.26), which setup-go can resolve (1.26.3.x it cannot).
func TestGoPatchAnsweredTakesTheSeries(t *testing.T) {
	for _, ci := range []string{"github", "gitlab"} {
		a := generator.Answers{Module: "example.com/acme/orders", Name: "orders", Framework: "gin", Go: "1.26.3",
			Features: []string{"ci", "docker"}, CI: ci, HTTPPort: 8080, AdminPort: 6060}
		files, err := generator.Render(context.Background(), generator.Project{Templates: templates.FS(), Answers: a, NoRecord: true})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"go.mod":     "\ngo 1.26.3\n",
			"Dockerfile": "FROM golang:1.26-alpine AS build\n",
			"README.md":  "latest patch release of Go 1.26 (",
		}
		if ci == "github" {
			want[".github/workflows/ci.yml"] = "go-version: \"1.26.x\"\n"
		} else {
			want[".gitlab-ci.yml"] = "image: \"golang:1.26\"\n"
		}
		for _, f := range files {
			content := string(f.Content)
			if w, ok := want[f.Path]; ok {
				// Compared as words: the README's prose is wrapped.
				if !strings.Contains(strings.Join(strings.Fields(content), " "), strings.TrimSpace(w)) {
					t.Errorf("%s: %s lacks %q", ci, f.Path, w)
				}
				delete(want, f.Path)
			}
			if strings.Contains(content, "1.26.3.") || strings.Contains(content, "golang:1.26.3") {
				t.Errorf("%s: %s names a Go version CI or docker cannot resolve, or an exact old one: %q", ci, f.Path, content)
			}
		}
		for p := range want {
			t.Errorf("%s: no %s rendered", ci, p)
		}
	}
}
