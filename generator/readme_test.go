package generator_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
