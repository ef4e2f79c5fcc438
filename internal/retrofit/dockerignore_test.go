package retrofit

import (
	"strings"
	"testing"
)

// TestDockerignore reads .dockerignore files as Docker builds its context: the last
// pattern that matches decides, a directory takes what is below it, ** spans directories.
func TestDockerignore(t *testing.T) {
	tests := []struct {
		ignore   string
		path     string
		excluded bool
	}{
		{"*\n!go.mod\n!*.go\n", "main.go", false},
		{"*\n!go.mod\n!*.go\n", "go.mod", false},
		{"*\n!go.mod\n!*.go\n", "internal/platform/health/health.go", true},
		{"*\n!go.mod\n!*.go\n!internal/\n", "internal/platform/health/health.go", false},
		{"# comment\n/bin\n*.md\n", "bin/app", true},
		{"# comment\n/bin\n*.md\n", "docs/a.md", false},
		{"**/*.md\n", "docs/a.md", true},
		{"**/testdata\n", "internal/x/testdata/a.json", true},
		{"internal/*/secret?.go\n", "internal/x/secret1.go", true},
		{".git\nvendor\n", "internal/vendor.go", false},
	}
	for _, tt := range tests {
		got, _, err := DockerExcluded([]byte(tt.ignore), tt.path)
		if err != nil || got != tt.excluded {
			t.Errorf("%q with %q: excluded %v, want %v", tt.path, tt.ignore, got, tt.excluded)
		}
	}
}

// TestDockerignoreBadPattern: a pattern Docker's matcher refuses is named in the error,
// which the matcher's own ("syntax error in pattern") does not do.
func TestDockerignoreBadPattern(t *testing.T) {
	for _, ignore := range []string{"# build context\nbin/\n\\internal\n", "bin/\n[a-\n"} {
		_, _, err := DockerExcluded([]byte(ignore), "internal/x/x.go")
		bad := strings.Split(strings.TrimSpace(ignore), "\n")
		if want := strings.ReplaceAll(strings.TrimSpace(bad[len(bad)-1]), `\`, `\\`); err == nil || !strings.Contains(err.Error(), "pattern \""+want+"\"") {
			t.Errorf("%q: err %v, want one naming the pattern %q", ignore, err, want)
		}
	}
}

// TestEmbedPatterns splits a //go:embed directive as the go command does: by spaces,
// a quoted pattern being one.
func TestEmbedPatterns(t *testing.T) {
	got := embedPatterns(`web/dist "a b" ` + "`c d`" + `  all:static *.html`)
	want := []string{"web/dist", "a b", "c d", "all:static", "*.html"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pattern %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
