package generator_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

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
