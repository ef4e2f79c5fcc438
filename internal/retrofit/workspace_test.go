package retrofit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
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

// TestWithWorkspace gives a go.mod what its workspace gives the module, for go mod tidy
// outside it, and takes it out again: what the user's go.mod says is kept as it is.
func TestWithWorkspace(t *testing.T) {
	ws := &workspace{file: "go.work", dir: "/repo", members: map[string]string{
		"example.com/lib":    "/repo/lib",
		"example.com/old/v2": "/repo/old",
		"example.com/mine":   "/repo/mine",
	}}
	ws.replaces = append(ws.replaces, replaceOf(t, "example.com/fork v1.0.0 => /repo/fork"))
	const ours = "module example.com/svc\n\ngo 1.26.0\n\nrequire example.com/mine v1.2.0\n\nreplace example.com/mine => ../mine-fork\n"
	with, err := ws.withWorkspace("go.mod", []byte(ours))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"example.com/lib v0.0.0-00010101000000-000000000000",
		"example.com/old/v2 v2.0.0-00010101000000-000000000000",
		"example.com/lib => /repo/lib",
		"example.com/old/v2 => /repo/old",
		"example.com/fork v1.0.0 => /repo/fork",
		"example.com/mine v1.2.0",
		"example.com/mine => ../mine-fork",
	} {
		if !strings.Contains(string(with), want) {
			t.Errorf("with the workspace, no %q:\n%s", want, with)
		}
	}
	if strings.Contains(string(with), "example.com/mine => /repo/mine") {
		t.Errorf("the user's replacement was overridden:\n%s", with)
	}
	// What tidy would write: an added requirement, and the members it found imported.
	tidied := strings.Replace(string(with), "require (", "require (\n\tgolang.org/x/sync v0.10.0", 1)
	without, err := ws.withoutWorkspace("go.mod", []byte(ours), []byte(tidied))
	if err != nil {
		t.Fatal(err)
	}
	for _, gone := range []string{"example.com/lib", "example.com/old", "example.com/fork", "/repo/"} {
		if strings.Contains(string(without), gone) {
			t.Errorf("without the workspace, %q is left:\n%s", gone, without)
		}
	}
	for _, kept := range []string{"golang.org/x/sync v0.10.0", "example.com/mine v1.2.0", "example.com/mine => ../mine-fork"} {
		if !strings.Contains(string(without), kept) {
			t.Errorf("without the workspace, %q is gone:\n%s", kept, without)
		}
	}
}

// replaceOf parses one replace directive.
func replaceOf(t *testing.T, directive string) *modfile.Replace {
	t.Helper()
	f, err := modfile.Parse("go.mod", []byte("module m\n\nreplace "+directive+"\n"), nil)
	if err != nil || len(f.Replace) != 1 {
		t.Fatalf("replace %s: %v", directive, err)
	}
	return f.Replace[0]
}
