package retrofit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWorkAbove places go.work files around a module as repositories have them, and
// checks which one add refuses for: one the go command would use for the module other
// than the repository's own go.work at its root.
func TestWorkAbove(t *testing.T) {
	const uses = "go 1.26.0\n\nuse ./svc\n"
	tests := []struct {
		name  string
		files map[string]string // below a parent directory; the repository is parent/repo
		env   []string
		want  string // in the refusal, "" for none
	}{
		{"no go.work", nil, nil, ""},
		{"the repository's own", map[string]string{"repo/go.work": uses}, nil, ""},
		{"above the repository", map[string]string{"go.work": "go 1.26.0\n\nuse ./repo/svc\n"}, nil, "--dir " + "PARENT --main ./repo/svc"},
		{"above, not using the module", map[string]string{"go.work": "go 1.26.0\n\nuse ./other\n"}, nil, ""},
		{"nested in the repository", map[string]string{"repo/go.work": "go 1.26.0\n\nuse ./x\n", "repo/svc/go.work": "go 1.26.0\n\nuse .\n"}, nil, "add --dir PARENT/repo/svc, or"},
		{"the repository's go.work found first", map[string]string{"go.work": "go 1.26.0\n\nuse ./repo/svc\n", "repo/go.work": "go 1.26.0\n\nuse ./x\n"}, nil, ""},
		{"GOWORK=off", map[string]string{"go.work": "go 1.26.0\n\nuse ./repo/svc\n"}, []string{"GOWORK=off"}, ""},
		{"GOWORK names one", map[string]string{"elsewhere/my.work": "go 1.26.0\n\nuse ../repo/svc\n"}, []string{"GOWORK=PARENT/elsewhere/my.work"}, "a directory that holds both"},
		{"does not parse", map[string]string{"go.work": "use (\n"}, nil, "does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			for p, body := range tt.files {
				f := filepath.Join(parent, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			repoDir := filepath.Join(parent, "repo")
			var env []string
			for _, kv := range tt.env {
				env = append(env, strings.ReplaceAll(kv, "PARENT", parent))
			}
			err := workAbove(repoDir, filepath.Join(repoDir, "svc"), "svc", env)
			want := strings.ReplaceAll(tt.want, "PARENT", parent)
			switch {
			case want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
				t.Errorf("got %v, want a refusal with %q", err, want)
			}
		})
	}
}
