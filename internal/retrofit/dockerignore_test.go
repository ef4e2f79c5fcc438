package retrofit

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/repo"
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

// TestEmbedsInAPathOfGlobCharacters: what a //go:embed directive names is found below the
// repository whatever its path and its directories are called; the path (`[` made the
// match fail, finding nothing) and the directory names (`web[1]`) are no pattern, only
// the directive's own is.
func TestEmbedsInAPathOfGlobCharacters(t *testing.T) {
	tests := []struct {
		name string
		repo string // the repository's directory name
		pkg  string // the main package's directory in it
	}{
		{name: "plain", repo: "svc", pkg: "cmd/app"},
		{name: "a bracket in the repository's path", repo: "or[ders", pkg: "cmd/app"},
		{name: "a star and a question mark", repo: "svc*?", pkg: "cmd/app"},
		{name: "a class in the package's directory", repo: "svc", pkg: "cmd/web[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), tt.repo)
			files := map[string]string{
				"go.mod":                  "module example.com/svc\n\ngo 1.22\n",
				tt.pkg + "/main.go":       "package main\n\nimport \"embed\"\n\n//go:embed static/*.html\nvar static embed.FS\n\nfunc main() { _ = static }\n",
				tt.pkg + "/static/a.html": "a\n",
				tt.pkg + "/static/b.html": "b\n",
				tt.pkg + "/static/c.txt":  "c\n",
			}
			if strings.Contains(tt.pkg, "[") {
				// a sibling the unquoted directory name would match as a pattern
				files["cmd/web1/static/x.html"] = "x\n"
			}
			for name, body := range files {
				if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := repo.OpenIn(context.Background(), os.DirFS(dir), ".", dir)
			if err != nil {
				t.Fatal(err)
			}
			var program []*repo.Package
			for _, m := range r.Mains {
				if err := r.Load(context.Background(), m.Package); err != nil {
					t.Fatal(err)
				}
				program = append(program, m.Program...)
			}
			var got []string
			for _, e := range embeds(r, dir, program) {
				got = append(got, e.path)
			}
			want := []string{tt.pkg + "/static/a.html", tt.pkg + "/static/b.html"}
			if !slices.Equal(got, want) {
				t.Errorf("embeds: %q, want %q", got, want)
			}
		})
	}
}
