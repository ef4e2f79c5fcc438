package gitview

import (
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestCommitModes: with core.fileMode false the mode of a tracked file is the index
// entry's, whatever the disk shows (0644 for all, or 0777 for all); with it true, or for
// a file git does not track, the disk's.
func TestCommitModes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		fileMode string // core.fileMode
		path     string
		disk     fs.FileMode
		want     fs.FileMode
	}{
		{"false", "sub/run.sh", 0o644, 0o755}, // committed 100755, shown without exec bits
		{"false", "sub/run.sh", 0o600, 0o700},
		{"false", "sub/doc.md", 0o777, 0o666}, // committed 100644, shown with all bits
		{"false", "sub/doc.md", 0o644, 0o644},
		{"false", "sub/new.md", 0o755, 0o755}, // untracked: the disk's
		{"true", "sub/run.sh", 0o644, 0o644},
		{"true", "sub/doc.md", 0o777, 0o777},
		{"", "sub/doc.md", 0o755, 0o755}, // unset: true
	}
	for _, tt := range tests {
		t.Run(tt.fileMode+" "+tt.path, func(t *testing.T) {
			root := t.TempDir()
			env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = root, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			write := func(rel string, mode fs.FileMode) {
				t.Helper()
				p := filepath.Join(root, rel)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(rel+"\n"), mode); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(p, mode); err != nil {
					t.Fatal(err)
				}
			}
			git("init", "-q")
			write("sub/run.sh", 0o755)
			write("sub/doc.md", 0o644)
			git("add", "-A")
			if tt.fileMode != "" {
				git("config", "core.fileMode", tt.fileMode)
			}
			write("sub/new.md", 0o755)
			m, err := CommitModes(context.Background(), env, filepath.Join(root, "sub"))
			if err != nil {
				t.Fatal(err)
			}
			if m.Ignored() != (tt.fileMode == "false") {
				t.Errorf("Ignored() = %v with core.fileMode %q", m.Ignored(), tt.fileMode)
			}
			rel := tt.path[len("sub/"):]
			if got := m.Of(rel, tt.disk); got != tt.want {
				t.Errorf("Of(%s, %04o) = %04o, want %04o", rel, tt.disk, got, tt.want)
			}
		})
	}
	// Outside a work tree: the disk's.
	m, err := CommitModes(context.Background(), nil, t.TempDir())
	if err != nil || m.Ignored() || m.Of("a", 0o751) != 0o751 {
		t.Errorf("outside a work tree: %v, Ignored %v, Of %04o", err, m.Ignored(), m.Of("a", 0o751))
	}
}
