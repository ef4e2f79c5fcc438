package generator_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
)

// TestDockerignoreKeepsSecretsOut: the .dockerignore of every golden project
// leaves out of the Docker build context, as Docker matches it, the files its
// .gitignore calls local certificates and secrets, at the root and below, and
// keeps what the build stage compiles.
func TestDockerignoreKeepsSecretsOut(t *testing.T) {
	for _, name := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(goldenRoot, name, ".dockerignore"))
			if os.IsNotExist(err) {
				t.Skip("no .dockerignore")
			}
			if err != nil {
				t.Fatal(err)
			}
			patterns, err := ignorefile.ReadAll(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			for _, tt := range []struct {
				path     string
				excluded bool
			}{
				{".env", true},
				{"deploy/dev/.env", true},
				{"server.key", true},
				{"internal/platform/tlsreload/testdata/client.key", true},
				{"tls.pem", true},
				{"certs/ca.pem", true},
				{"go.mod", false},
				{"go.sum", false},
				{"cmd/main.go", false},
				{"internal/config/config.go", false},
				{".envrc", false},
			} {
				got, err := patternmatcher.MatchesOrParentMatches(tt.path, patterns)
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.excluded {
					t.Errorf("%s: excluded from the build context %v, want %v", tt.path, got, tt.excluded)
				}
			}
		})
	}
}
