package generator

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sampleFiles() []File {
	return []File{
		{Path: "README.md", Mode: 0o644, Content: []byte("readme\n")},
		{Path: "cmd/x/main.go", Mode: 0o644, Content: []byte("package main\n")},
		{Path: "internal/a/a.go", Mode: 0o644, Content: []byte("package a\n")},
		{Path: "scripts/run.sh", Mode: 0o755, Content: []byte("#!/bin/sh\n")},
	}
}

// snapshot returns every regular file below dir with its content and mode.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = info.Mode().Perm().String() + " " + string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustPlan(t *testing.T, dir string, files []File) []Step {
	t.Helper()
	plan, err := Plan(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func TestWriteNewDirectory(t *testing.T) {
	for _, existing := range []bool{false, true} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "svc")
		if existing {
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		plan := mustPlan(t, dir, sampleFiles())
		for _, s := range plan {
			if s.Action != Create {
				t.Fatalf("%s: action %s, want create", s.Path, s.Action)
			}
		}
		if err := Write(context.Background(), dir, plan, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		got := snapshot(t, dir)
		want := map[string]string{
			"README.md": "-rw-r--r-- readme\n", "cmd/x/main.go": "-rw-r--r-- package main\n",
			"internal/a/a.go": "-rw-r--r-- package a\n", "scripts/run.sh": "-rwxr-xr-x #!/bin/sh\n",
		}
		if len(got) != len(want) {
			t.Errorf("wrote %v, want %v", got, want)
		}
		for p, w := range want {
			if got[p] != w {
				t.Errorf("%s = %q, want %q", p, got[p], w)
			}
		}
		if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o755 {
			t.Errorf("target dir mode: %v %v, want 0755", info.Mode(), err)
		}
		assertNoStaging(t, parent)
	}
}

func assertNoStaging(t *testing.T, parent string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".gonew-prod-") {
			t.Errorf("staging directory %s left behind", e.Name())
		}
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	tests := []struct {
		name     string
		existing map[string]string // files in the target before writing
		force    bool
	}{
		{name: "missing target"},
		{name: "non-empty target", existing: map[string]string{"README.md": "mine\n", "notes.txt": "keep\n"}, force: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "svc")
			for p, body := range tt.existing {
				if err := writeFile(filepath.Join(dir, p), []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, parent)
			injected := errors.New("disk full")
			n := 0
			opts := WriteOptions{Force: tt.force, beforeFile: func(string) error {
				if n++; n == 3 {
					return injected
				}
				return nil
			}}
			err := Write(context.Background(), dir, mustPlan(t, dir, sampleFiles()), opts)
			if !errors.Is(err, injected) {
				t.Fatalf("err = %v, want the injected failure", err)
			}
			if after := snapshot(t, parent); !maps.Equal(before, after) {
				t.Errorf("tree changed after a failed write:\nbefore %v\nafter  %v", before, after)
			}
			assertNoStaging(t, parent)
		})
	}
}

func TestWriteInterrupted(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "svc")
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	opts := WriteOptions{beforeFile: func(string) error {
		if n++; n == 2 {
			cancel() // as SIGINT does, half-way through
		}
		return nil
	}}
	err := Write(ctx, dir, mustPlan(t, dir, sampleFiles()), opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("target exists after an interrupted write: %v", err)
	}
	assertNoStaging(t, parent)
}

func TestWriteConflicts(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "svc")
	files := sampleFiles()
	mustWrite := func(p, body string, mode fs.FileMode) {
		if err := writeFile(filepath.Join(dir, p), []byte(body), mode); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite("README.md", "my own readme\n", 0o644)    // differs: conflict
	mustWrite("cmd/x/main.go", "package main\n", 0o644) // same: identical
	mustWrite("scripts/run.sh", "#!/bin/sh\n", 0o644)   // mode differs: conflict
	mustWrite("mine.txt", "untouched\n", 0o600)

	plan := mustPlan(t, dir, files)
	want := map[string]Action{"README.md": Conflict, "cmd/x/main.go": Identical, "internal/a/a.go": Create, "scripts/run.sh": Conflict}
	for _, s := range plan {
		if s.Action != want[s.Path] {
			t.Errorf("%s: action %s (%s), want %s", s.Path, s.Action, s.Reason, want[s.Path])
		}
	}

	before := snapshot(t, dir)
	err := Write(context.Background(), dir, plan, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "README.md (content differs)") {
		t.Fatalf("err = %v, want a conflict naming README.md", err)
	}
	if after := snapshot(t, dir); !maps.Equal(before, after) {
		t.Fatalf("unforced write changed the tree")
	}

	if err := Write(context.Background(), dir, plan, WriteOptions{Force: true, BackupSuffix: ".orig"}); err != nil {
		t.Fatal(err)
	}
	got := snapshot(t, dir)
	for p, w := range map[string]string{
		"README.md":       "-rw-r--r-- readme\n",
		"README.md.orig":  "-rw-r--r-- my own readme\n",
		"mine.txt":        "-rw------- untouched\n",
		"scripts/run.sh":  "-rwxr-xr-x #!/bin/sh\n",
		"internal/a/a.go": "-rw-r--r-- package a\n",
	} {
		if got[p] != w {
			t.Errorf("%s = %q, want %q", p, got[p], w)
		}
	}
	assertNoStaging(t, parent)
}

func TestPlanFileInTheWay(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cmd"), []byte("a file"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "README.md")); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, s := range mustPlan(t, dir, sampleFiles()) {
		reasons[s.Path] = string(s.Action) + ": " + s.Reason
	}
	if got := reasons["cmd/x/main.go"]; got != "conflict: cmd is not a directory" {
		t.Errorf("cmd/x/main.go: %s", got)
	}
	if got := reasons["README.md"]; got != "conflict: is a symbolic link" {
		t.Errorf("README.md: %s", got)
	}
}
