package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

func sampleFiles() []File {
	return []File{
		{Path: "README.md", Mode: 0o644, Content: []byte("readme\n")},
		{Path: ".github/workflows/ci.yml", Mode: 0o644, Content: []byte("on: push\n")},
		{Path: "cmd/x/main.go", Mode: 0o644, Content: []byte("package main\n")},
		{Path: "internal/a/a.go", Mode: 0o644, Content: []byte("package a\n")},
		{Path: "scripts/run.sh", Mode: 0o755, Content: []byte("#!/bin/sh\n")},
	}
}

func mustWriteFile(t testing.TB, p, body string, mode fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // the umask must not change the mode
		t.Fatal(err)
	}
}

// newChangesFor plans files against dir, as new --force does: everything that is not
// identical is written, with a backup when a file is there.
func newChangesFor(t testing.TB, dir string, files []File) []Change {
	t.Helper()
	var tree fs.FS
	if _, err := os.Stat(dir); err == nil {
		tree = os.DirFS(dir)
	}
	steps, err := Plan(tree, nil, files)
	if err != nil {
		t.Fatal(err)
	}
	var changes []Change
	for _, s := range steps {
		if s.Class != Identical {
			changes = append(changes, Change{Path: s.Path, Content: s.File.Content, Mode: s.File.Mode, Old: s.Old, Backup: s.Exists()})
		}
	}
	return changes
}

func TestWriteNewTree(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, parent string) string // returns the target
	}{
		{"missing target", func(t *testing.T, parent string) string { return filepath.Join(parent, "svc") }},
		{"missing parents", func(t *testing.T, parent string) string { return filepath.Join(parent, "a", "b", "svc") }},
		{"empty target", func(t *testing.T, parent string) string {
			dir := filepath.Join(parent, "svc")
			if err := os.Mkdir(dir, 0o700); err != nil {
				t.Fatal(err)
			}
			return dir
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := tt.setup(t, parent)
			if _, err := Write(context.Background(), dir, newChangesFor(t, dir, sampleFiles()), WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			got := treetest.Describe(t, dir)
			for _, f := range sampleFiles() {
				want := fmt.Sprintf("%s %s", f.Mode, f.Content)
				if got[f.Path] != want {
					t.Errorf("%s = %q, want %q", f.Path, got[f.Path], want)
				}
			}
			assertNoStaging(t, parent)
		})
	}
}

// TestWriteKeepsTheTargetDirectory checks that an existing empty target keeps its inode,
// mode (setgid included) and group: it is written into, not replaced.
func TestWriteKeepsTheTargetDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o2770|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(dir)
	if _, err := Write(context.Background(), dir, newChangesFor(t, dir, sampleFiles()), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	after, _ := os.Stat(dir)
	if !os.SameFile(before, after) {
		t.Errorf("the target directory was replaced")
	}
	if before.Mode() != after.Mode() {
		t.Errorf("mode %s became %s", before.Mode(), after.Mode())
	}
	buid, bgid := treetest.Owner(t, before)
	auid, agid := treetest.Owner(t, after)
	if bgid != agid || buid != auid {
		t.Errorf("owner %d:%d became %d:%d", buid, bgid, auid, agid)
	}
}

func TestWriteFollowsASymlinkedTarget(t *testing.T) {
	parent := t.TempDir()
	real := filepath.Join(parent, "real")
	if err := os.Mkdir(real, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(parent, "svc")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(context.Background(), link, newChangesFor(t, link, sampleFiles()), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Lstat(link); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the symbolic link was replaced: %v %v", info, err)
	}
	if _, err := os.Stat(filepath.Join(real, "cmd", "x", "main.go")); err != nil {
		t.Errorf("files not written through the link: %v", err)
	}

	dangling := filepath.Join(parent, "dangling")
	if err := os.Symlink("nowhere", dangling); err != nil {
		t.Fatal(err)
	}
	before := treetest.Describe(t, parent)
	_, err := Write(context.Background(), dangling, []Change{{Path: "a", Content: []byte("a"), Mode: 0o644}}, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("dangling link: err = %v", err)
	}
	if after := treetest.Describe(t, parent); !maps.Equal(before, after) {
		t.Errorf("a refused write changed the tree")
	}
}

// TestWriteFailureRestoresEverything injects a failure at every operation of a write
// into each kind of tree and checks that the tree is exactly as before: replaced files
// are back, created files, directories (parents of a nested target included), backups
// and staging are gone.
func TestWriteFailureRestoresEverything(t *testing.T) {
	setups := map[string]func(t *testing.T, parent string) string{
		"missing nested target": func(t *testing.T, parent string) string { return filepath.Join(parent, "deep", "er", "svc") },
		"empty target": func(t *testing.T, parent string) string {
			dir := filepath.Join(parent, "svc")
			if err := os.Mkdir(dir, 0o750); err != nil {
				t.Fatal(err)
			}
			return dir
		},
		"user tree": func(t *testing.T, parent string) string {
			dir := filepath.Join(parent, "svc")
			mustWriteFile(t, filepath.Join(dir, "README.md"), "precious readme\n", 0o600)
			mustWriteFile(t, filepath.Join(dir, "README.md.orig"), "an older backup\n", 0o644)
			mustWriteFile(t, filepath.Join(dir, "scripts/run.sh"), "#!/bin/bash\n", 0o700)
			mustWriteFile(t, filepath.Join(dir, "notes.txt"), "keep\n", 0o644)
			return dir
		},
	}
	for name, setup := range setups {
		// Count the operations of a successful write, then fail each in turn.
		var ops []string
		{
			parent := t.TempDir()
			dir := setup(t, parent)
			opts := WriteOptions{fail: func(op, p string) error { ops = append(ops, op+" "+p); return nil }}
			if _, err := Write(context.Background(), dir, newChangesFor(t, dir, sampleFiles()), opts); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		for i, op := range ops {
			t.Run(fmt.Sprintf("%s/%d %s", name, i, op), func(t *testing.T) {
				parent := t.TempDir()
				dir := setup(t, parent)
				before := treetest.Describe(t, parent)
				injected := errors.New("disk full")
				n := 0
				opts := WriteOptions{fail: func(string, string) error {
					if n++; n == i+1 {
						return injected
					}
					return nil
				}}
				_, err := Write(context.Background(), dir, newChangesFor(t, dir, sampleFiles()), opts)
				if !errors.Is(err, injected) || !strings.HasPrefix(err.Error(), "nothing written: ") {
					t.Fatalf("err = %v, want the injected failure, said to have written nothing", err)
				}
				if after := treetest.Describe(t, parent); !maps.Equal(before, after) {
					t.Errorf("tree changed after a failed write:\nbefore %v\nafter  %v", before, after)
				}
			})
		}
		// A Finish that fails, with every change in place, undoes the write too.
		t.Run(name+"/finish", func(t *testing.T) {
			parent := t.TempDir()
			dir := setup(t, parent)
			before := treetest.Describe(t, parent)
			injected := errors.New("index locked")
			placed := false
			opts := WriteOptions{Finish: func() error {
				b, err := os.ReadFile(filepath.Join(dir, "cmd/x/main.go"))
				placed = err == nil && string(b) == "package main\n"
				return injected
			}}
			_, err := Write(context.Background(), dir, newChangesFor(t, dir, sampleFiles()), opts)
			if !errors.Is(err, injected) || !strings.HasPrefix(err.Error(), "nothing written: ") {
				t.Fatalf("err = %v, want the failure of Finish, said to have written nothing", err)
			}
			if !placed {
				t.Error("Finish ran before the changes were in place")
			}
			if after := treetest.Describe(t, parent); !maps.Equal(before, after) {
				t.Errorf("tree changed after a failed Finish:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestWriteInterrupted(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "svc")
	mustWriteFile(t, filepath.Join(dir, "README.md"), "mine\n", 0o644)
	before := treetest.Describe(t, parent)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	opts := WriteOptions{fail: func(op, _ string) error {
		if n++; n == 4 {
			cancel() // as SIGINT does, half-way through
		}
		return nil
	}}
	_, err := Write(ctx, dir, newChangesFor(t, dir, sampleFiles()), opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if after := treetest.Describe(t, parent); !maps.Equal(before, after) {
		t.Errorf("an interrupted write changed the tree:\nbefore %v\nafter  %v", before, after)
	}
}

func TestWriteBackups(t *testing.T) {
	dir := t.TempDir()
	mustWriteFile(t, filepath.Join(dir, "README.md"), "my readme\n", 0o600)
	mustWriteFile(t, filepath.Join(dir, "Makefile"), "all:\n", 0o644)
	mustWriteFile(t, filepath.Join(dir, "Makefile.orig"), "an older backup\n", 0o644)
	if err := os.MkdirAll(filepath.Join(dir, "go.mod.orig", "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWriteFile(t, filepath.Join(dir, "go.mod"), "module mine\n", 0o644)
	files := []File{
		{Path: "README.md", Mode: 0o644, Content: []byte("readme\n")},
		{Path: "Makefile", Mode: 0o644, Content: []byte("build:\n")},
		{Path: "go.mod", Mode: 0o644, Content: []byte("module example.com/x\n")},
	}
	backups, err := Write(context.Background(), dir, newChangesFor(t, dir, files), WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := treetest.Describe(t, dir)
	for p, want := range map[string]string{
		"README.md.orig":  "-rw------- my readme\n",
		"Makefile.orig":   "-rw-r--r-- an older backup\n",
		"Makefile.orig.1": "-rw-r--r-- all:\n",
		"go.mod.orig.1":   "-rw-r--r-- module mine\n",
		"README.md":       "-rw-r--r-- readme\n",
		"Makefile":        "-rw-r--r-- build:\n",
		"go.mod":          "-rw-r--r-- module example.com/x\n",
		"go.mod.orig/d":   got["go.mod.orig/d"],
		"go.mod.orig":     got["go.mod.orig"],
		".":               got["."],
	} {
		if got[p] != want {
			t.Errorf("%s = %q, want %q", p, got[p], want)
		}
		delete(got, p)
	}
	if len(got) != 0 {
		t.Errorf("unexpected entries: %v", got)
	}
	wantBackups := []Backup{{"Makefile", "Makefile.orig.1"}, {"README.md", "README.md.orig"}, {"go.mod", "go.mod.orig.1"}}
	if !slices.Equal(backups, wantBackups) {
		t.Errorf("backups = %v, want %v", backups, wantBackups)
	}
}

// TestWriteBackupsSkipCaseTwins: a backup name that differs only in letter case from
// a file of the tree, or from a path the write creates, is passed over like one that
// is taken (on macOS and Windows the two would be one file), in the directory of the
// file backed up and below the root alike.
func TestWriteBackupsSkipCaseTwins(t *testing.T) {
	tests := []struct {
		name     string
		existing []string // files of the tree besides those backed up
		files    []File   // what is written; README.md and docs/Guide.md exist
		want     []Backup
	}{
		{
			name:     "no twin",
			existing: []string{"notes.txt"},
			want:     []Backup{{"README.md", "README.md.orig"}, {"docs/Guide.md", "docs/Guide.md.orig"}},
		},
		{
			name:     "a twin of PATH.orig",
			existing: []string{"readme.md.orig", "docs/guide.md.ORIG"},
			want:     []Backup{{"README.md", "README.md.orig.1"}, {"docs/Guide.md", "docs/Guide.md.orig.1"}},
		},
		{
			name:     "twins of PATH.orig and PATH.orig.1, and PATH.orig.2 itself",
			existing: []string{"readme.md.orig", "README.MD.ORIG.1", "README.md.orig.2"},
			want:     []Backup{{"README.md", "README.md.orig.3"}, {"docs/Guide.md", "docs/Guide.md.orig"}},
		},
		{
			name:  "a twin of PATH.orig the write creates",
			files: []File{{Path: "Readme.md.orig", Mode: 0o644, Content: []byte("generated\n")}},
			want:  []Backup{{"README.md", "README.md.orig.1"}, {"docs/Guide.md", "docs/Guide.md.orig"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWriteFile(t, filepath.Join(dir, "README.md"), "my readme\n", 0o644)
			mustWriteFile(t, filepath.Join(dir, "docs", "Guide.md"), "my guide\n", 0o644)
			for _, p := range tt.existing {
				mustWriteFile(t, filepath.Join(dir, filepath.FromSlash(p)), "mine: "+p+"\n", 0o644)
			}
			files := append([]File{
				{Path: "README.md", Mode: 0o644, Content: []byte("readme\n")},
				{Path: "docs/Guide.md", Mode: 0o644, Content: []byte("guide\n")},
			}, tt.files...)
			changes := newChangesFor(t, dir, files)
			names, err := BackupNames(dir, changes)
			if err != nil {
				t.Fatal(err)
			}
			backups, err := Write(context.Background(), dir, changes, WriteOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(backups, tt.want) {
				t.Errorf("backups = %v, want %v", backups, tt.want)
			}
			for _, b := range backups {
				if names[b.Path] != b.Copy {
					t.Errorf("BackupNames named the backup of %s %s, Write made %s", b.Path, names[b.Path], b.Copy)
				}
			}
			for _, p := range tt.existing {
				if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p))); err != nil || string(got) != "mine: "+p+"\n" {
					t.Errorf("%s = %q (%v), want it kept", p, got, err)
				}
			}
			err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || !d.IsDir() {
					return err
				}
				entries, err := os.ReadDir(p)
				seen := map[string]string{}
				for _, e := range entries {
					if other, ok := seen[strings.ToLower(e.Name())]; ok {
						t.Errorf("%s holds %s and %s, which differ only in letter case", p, other, e.Name())
					}
					seen[strings.ToLower(e.Name())] = e.Name()
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestWriteRefusesWhatThePlanDidNotSee(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(t *testing.T, dir string)
		change Change
		want   string
	}{
		{"file appeared", func(t *testing.T, dir string) { mustWriteFile(t, filepath.Join(dir, "a.txt"), "new", 0o644) },
			Change{Path: "a.txt", Content: []byte("x"), Mode: 0o644}, "appeared after the plan"},
		{"file changed", func(t *testing.T, dir string) { mustWriteFile(t, filepath.Join(dir, "a.txt"), "changed", 0o644) },
			Change{Path: "a.txt", Content: []byte("x"), Mode: 0o644, Old: []byte("planned")}, "changed after the plan"},
		{"directory in the way", func(t *testing.T, dir string) {
			mustWriteFile(t, filepath.Join(dir, "README.md", "d", "f"), "precious", 0o644)
		}, Change{Path: "README.md", Content: []byte("x"), Mode: 0o644, Old: []byte("x"), Backup: true}, "is a directory"},
		{"symbolic link in the way", func(t *testing.T, dir string) {
			if err := os.Symlink("../outside", filepath.Join(dir, "README.md")); err != nil {
				t.Fatal(err)
			}
		}, Change{Path: "README.md", Content: []byte("x"), Mode: 0o644}, "is a symbolic link"},
		{"symbolic link on the way", func(t *testing.T, dir string) {
			if err := os.Symlink("/tmp", filepath.Join(dir, "cmd")); err != nil {
				t.Fatal(err)
			}
		}, Change{Path: "cmd/x/main.go", Content: []byte("x"), Mode: 0o644}, "cmd is a symbolic link"},
		{"escaping path", func(*testing.T, string) {}, Change{Path: "../x", Content: []byte("x"), Mode: 0o644}, "not a clean relative path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "svc")
			mustWriteFile(t, filepath.Join(dir, "keep.txt"), "keep", 0o644)
			tt.setup(t, dir)
			before := treetest.Describe(t, parent)
			_, err := Write(context.Background(), dir, []Change{{Path: "ok.txt", Content: []byte("ok"), Mode: 0o644}, tt.change}, WriteOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if after := treetest.Describe(t, parent); !maps.Equal(before, after) {
				t.Errorf("a refused write changed the tree:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func TestWriteDeletes(t *testing.T) {
	dir := t.TempDir()
	mustWriteFile(t, filepath.Join(dir, "old.txt"), "old\n", 0o644)
	mustWriteFile(t, filepath.Join(dir, "keep.txt"), "keep\n", 0o644)
	backups, err := Write(context.Background(), dir, []Change{{Path: "old.txt", Delete: true, Old: []byte("old\n"), Backup: true}}, WriteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := treetest.Describe(t, dir)
	if _, ok := got["old.txt"]; ok || got["old.txt.orig"] != "-rw-r--r-- old\n" || got["keep.txt"] != "-rw-r--r-- keep\n" {
		t.Errorf("tree after delete: %v", got)
	}
	if len(backups) != 1 || backups[0].Copy != "old.txt.orig" {
		t.Errorf("backups = %v", backups)
	}
}

// TestWriteDeletesRemoveEmptiedDirectories deletes files and checks which directories
// go with them: each one the deletes leave empty, up to the tree's root, and none that
// still holds something, a directory a change writes into, or one that was empty before.
func TestWriteDeletesRemoveEmptiedDirectories(t *testing.T) {
	tests := []struct {
		name      string
		files     []string // files of the tree; a path ending in / is an empty directory
		deletes   []string
		creates   []string
		wantGone  []string
		wantStays []string
	}{
		{"every directory above", []string{"keep.txt", "docs/sub/deep/x.md"}, []string{"docs/sub/deep/x.md"}, nil,
			[]string{"docs", "docs/sub", "docs/sub/deep"}, []string{"keep.txt"}},
		{"up to one that holds a file", []string{"docs/README.md", "docs/sub/deep/x.md"}, []string{"docs/sub/deep/x.md"}, nil,
			[]string{"docs/sub", "docs/sub/deep"}, []string{"docs", "docs/README.md"}},
		{"up to one that holds your empty directory", []string{"docs/sub/deep/x.md", "docs/sub/empty/"}, []string{"docs/sub/deep/x.md"}, nil,
			[]string{"docs/sub/deep"}, []string{"docs/sub", "docs/sub/empty"}},
		{"your empty directory elsewhere", []string{"tmp/", "vendor/a/b/c.go", "vendor/a/d/e.go", "vendor/modules.txt"}, []string{"vendor/a/b/c.go", "vendor/a/d/e.go"}, nil,
			[]string{"vendor/a", "vendor/a/b", "vendor/a/d"}, []string{"tmp", "vendor/modules.txt"}},
		{"a directory a change writes into", []string{"a/old.txt"}, []string{"a/old.txt"}, []string{"a/new.txt"},
			nil, []string{"a", "a/new.txt"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			var changes []Change
			for _, p := range tt.files {
				if strings.HasSuffix(p, "/") {
					if err := os.MkdirAll(filepath.Join(dir, p), 0o755); err != nil {
						t.Fatal(err)
					}
					continue
				}
				mustWriteFile(t, filepath.Join(dir, filepath.FromSlash(p)), p+"\n", 0o644)
			}
			for _, p := range tt.deletes {
				changes = append(changes, Change{Path: p, Delete: true, Old: []byte(p + "\n")})
			}
			for _, p := range tt.creates {
				changes = append(changes, Change{Path: p, Content: []byte("new\n"), Mode: 0o644})
			}
			if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			got := treetest.Describe(t, dir)
			for _, p := range tt.wantGone {
				if _, ok := got[p]; ok {
					t.Errorf("%s is left after the write", p)
				}
			}
			for _, p := range tt.wantStays {
				if _, ok := got[p]; !ok {
					t.Errorf("%s is gone after the write", p)
				}
			}
			assertNoStaging(t, dir)
		})
	}
}

func assertNoStaging(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".gonew-prod-") {
			t.Errorf("staging %s left behind", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// FuzzWrite drives Write with random pre-existing trees (files, directories, symbolic
// links, read-only entries) under a random set of rendered files, with a failure injected
// at a random operation, and checks the writer's promise: either the new tree is complete
// and every file it replaced has a byte-identical backup, or the tree is exactly as
// before.
func FuzzWrite(f *testing.F) {
	for _, seed := range []struct {
		seed uint64
		fail uint8
	}{{1, 0}, {2, 3}, {3, 255}, {4, 7}, {5, 1}, {6, 12}, {7, 30}, {8, 2}} {
		f.Add(seed.seed, seed.fail)
	}
	paths := []string{"README.md", "Makefile", "go.mod", "cmd/svc/main.go", "cmd/svc/main_test.go",
		"internal/a/a.go", ".github/workflows/ci.yml", "k8s/deploy.yaml", "scripts/run.sh", "README.md.orig"}
	f.Fuzz(func(t *testing.T, seed uint64, failAt uint8) {
		rng := rand.New(rand.NewPCG(seed, seed>>32|1))
		parent := t.TempDir()
		dir := filepath.Join(parent, "svc")
		if rng.IntN(4) > 0 {
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		// A random pre-existing tree.
		if _, err := os.Stat(dir); err == nil {
			for _, p := range paths {
				full := filepath.Join(dir, filepath.FromSlash(p))
				switch rng.IntN(7) {
				case 0:
					mustWriteFile(t, full, "user's "+p, fs.FileMode(0o600+rng.IntN(2)*0o44))
				case 1:
					mustWriteFile(t, filepath.Join(full, "inside"), "user's dir", 0o644)
				case 2:
					if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.Symlink("../elsewhere", full); err != nil {
						t.Fatal(err)
					}
				case 3:
					mustWriteFile(t, full, "read-only "+p, 0o444)
				}
			}
			if rng.IntN(5) == 0 {
				// A read-only directory: writing below it fails for non-root users.
				_ = os.MkdirAll(filepath.Join(dir, "internal"), 0o755)
				_ = os.Chmod(filepath.Join(dir, "internal"), 0o555)
				t.Cleanup(func() { _ = os.Chmod(filepath.Join(dir, "internal"), 0o755) })
			}
		}
		var files []File
		for _, p := range paths[:len(paths)-1] {
			if rng.IntN(3) > 0 {
				files = append(files, File{Path: p, Mode: 0o644, Content: []byte("generated " + p)})
			}
		}
		var tree fs.FS
		if _, err := os.Stat(dir); err == nil {
			tree = os.DirFS(dir)
		}
		steps, err := Plan(tree, nil, files)
		if err != nil {
			t.Fatal(err)
		}
		var changes []Change
		for _, s := range steps {
			if s.Class == Conflict && !s.Exists() {
				continue // new refuses these before writing; the writer must refuse them too
			}
			if s.Class != Identical {
				changes = append(changes, Change{Path: s.Path, Content: s.File.Content, Mode: s.File.Mode, Old: s.Old, Backup: s.Exists()})
			}
		}
		// Sometimes also hand the writer a change that a blocker stands in the way of.
		for _, s := range steps {
			if s.Class == Conflict && !s.Exists() && rng.IntN(2) == 0 {
				changes = append(changes, Change{Path: s.Path, Content: s.File.Content, Mode: s.File.Mode})
				break
			}
		}
		before := treetest.Describe(t, parent)
		n := 0
		opts := WriteOptions{fail: func(string, string) error {
			if n++; n == int(failAt) {
				return errors.New("injected")
			}
			return nil
		}}
		backups, err := Write(context.Background(), dir, changes, opts)
		after := treetest.Describe(t, parent)
		if err != nil {
			if !maps.Equal(before, after) {
				t.Fatalf("failed write (%v) changed the tree:\nbefore %v\nafter  %v", err, before, after)
			}
			return
		}
		// Complete: every change is in place, every replaced file has a backup.
		for _, c := range changes {
			info, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(c.Path)))
			if err != nil || !info.Mode().IsRegular() || info.Mode().Perm() != c.Mode {
				t.Fatalf("%s: not written (%v %v)", c.Path, info, err)
			}
			data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.Path)))
			if string(data) != string(c.Content) {
				t.Fatalf("%s = %q, want %q", c.Path, data, c.Content)
			}
			if c.Old == nil {
				continue
			}
			i := slices.IndexFunc(backups, func(b Backup) bool { return b.Path == c.Path })
			if i < 0 {
				t.Fatalf("%s replaced without a backup", c.Path)
			}
			kept, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(backups[i].Copy)))
			if string(kept) != string(c.Old) {
				t.Fatalf("backup %s = %q, want %q", backups[i].Copy, kept, c.Old)
			}
		}
		// Nothing else changed.
		for p, desc := range before {
			if slices.ContainsFunc(changes, func(c Change) bool { return "svc/"+c.Path == p }) {
				continue
			}
			if got, ok := after[p]; !ok || got != desc {
				t.Fatalf("%s changed: %q -> %q", p, desc, got)
			}
		}
		assertNoStaging(t, parent)
	})
}

// TestWriteRefusesAKilledWritesStage: the staging directory a killed Write left behind
// holds the user's former files; a new Write refuses to run over it and says where they
// are, changing nothing.
func TestWriteRefusesAKilledWritesStage(t *testing.T) {
	tests := []struct {
		name    string
		saved   map[string]string
		wantErr string
	}{
		{"files of the user's saved", map[string]string{"saved/main.go": "package main\n", "new/main.go": "package main // new\n"}, "its saved/ directory holds 1 file(s) of yours"},
		{"nothing saved", map[string]string{"new/main.go": "package main // new\n"}, "nothing of yours is in it: remove it and run again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{"go.mod": "module x\n"}
			for p, body := range tt.saved {
				files[".gonew-prod-stage-123/"+p] = body
			}
			for p, body := range files {
				full := filepath.Join(dir, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := treetest.Describe(t, dir)
			_, err := Write(context.Background(), dir, []Change{{Path: "main.go", Content: []byte("package main\n"), Mode: 0o644}}, WriteOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), ".gonew-prod-stage-123") {
				t.Fatalf("Write: %v, want an error containing %q", err, tt.wantErr)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Error("a refused write changed the tree")
			}
		})
	}
}

// TestWriteConcurrentEdit has another program write while Write moves files, at the
// moment each operation starts: an edit of a file Write replaces, a file appearing
// where Write creates one, and an edit of a file Write has placed, or of a backup it
// made (or another file put in its place), before a later step fails or the user
// presses Ctrl-C. Write stops, the other program's bytes are where it wrote them, and
// everything else is as before: the backups no one touched are removed.
func TestWriteConcurrentEdit(t *testing.T) {
	const edit = "saved by an editor while gonew-prod ran\n"
	tests := []struct {
		name    string
		op, at  string // the operation and path at which the other program writes
		write   string // the path it writes
		replace bool   // it puts a new file in place of the one at write, rather than writing that one
		cancel  bool   // and the user presses Ctrl-C then
		failAt  string // an operation and path that then fails, or ""
		wantErr string
	}{
		{name: "a file to replace is edited", op: "replace", at: "README.md", write: "README.md", wantErr: "the file changed after the plan was made"},
		{name: "a file appears where one is created", op: "create", at: "scripts/run.sh", write: "scripts/run.sh", wantErr: "a file appeared there while gonew-prod was writing"},
		{name: "a placed file is edited before a later step fails", op: "create", at: "scripts/run.sh", write: "cmd/x/main.go", failAt: "create scripts/run.sh", wantErr: "was written by another program after gonew-prod placed its file"},
		{name: "a backup is edited before a later step fails", op: "create", at: "scripts/run.sh", write: "README.md.orig", failAt: "create scripts/run.sh", wantErr: "README.md.orig was written by another program after gonew-prod made it the backup of README.md: it is left as it is"},
		{name: "a backup is replaced before a later step fails", op: "create", at: "scripts/run.sh", write: "README.md.orig", replace: true, failAt: "create scripts/run.sh", wantErr: "README.md.orig was written by another program after gonew-prod made it the backup of README.md: it is left as it is"},
		{name: "a backup is edited and Ctrl-C pressed before anything is replaced", op: "backup", at: "README.md.orig", write: ".github/workflows/ci.yml.orig", cancel: true, wantErr: "ci.yml.orig was written by another program after gonew-prod made it the backup of .github/workflows/ci.yml: it is left as it is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWriteFile(t, filepath.Join(dir, "README.md"), "my readme\n", 0o644)
			mustWriteFile(t, filepath.Join(dir, ".github", "workflows", "ci.yml"), "on: pull_request\n", 0o644)
			changes := newChangesFor(t, dir, sampleFiles())
			before := treetest.Describe(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			opts := WriteOptions{fail: func(op, p string) error {
				if op == tt.op && p == tt.at {
					p := filepath.Join(dir, filepath.FromSlash(tt.write))
					if tt.replace {
						p += ".new"
					}
					if err := os.WriteFile(p, []byte(edit), 0o644); err != nil {
						t.Fatal(err)
					}
					if tt.replace {
						if err := os.Rename(p, strings.TrimSuffix(p, ".new")); err != nil {
							t.Fatal(err)
						}
					}
					if tt.cancel {
						cancel()
					}
				}
				if op+" "+p == tt.failAt {
					return errors.New("disk full")
				}
				return nil
			}}
			_, err := Write(ctx, dir, changes, opts)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if tt.cancel && !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want it to say the run was stopped", err)
			}
			if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(tt.write))); err != nil || string(got) != edit {
				t.Errorf("%s holds %q (%v), want the other program's %q", tt.write, got, err, edit)
			}
			after := treetest.Describe(t, dir)
			for d := tt.write; d != "."; d = path.Dir(d) { // the file, and the directories that hold it
				delete(after, d)
				delete(before, d)
			}
			if !maps.Equal(before, after) {
				t.Errorf("beyond %s, the tree changed:\nbefore %v\nafter  %v", tt.write, before, after)
			}
		})
	}
}

// TestWriteKeepsSpecialModeBits replaces files of the user's that have a setuid, setgid
// or sticky bit (a group-shared checkout's g+s script): the new file keeps the bits the
// file had, with the change's permission bits, and so does its backup; Write gives no
// file a bit it did not have.
func TestWriteKeepsSpecialModeBits(t *testing.T) {
	tests := []struct {
		name   string
		old    fs.FileMode // the user's file
		mode   fs.FileMode // the change's
		backup bool
		want   fs.FileMode // the file's afterwards
	}{
		{name: "setuid, backed up", old: 0o755 | fs.ModeSetuid, mode: 0o755, backup: true, want: 0o755 | fs.ModeSetuid},
		{name: "setgid, mode changed", old: 0o755 | fs.ModeSetgid, mode: 0o644, want: 0o644 | fs.ModeSetgid},
		{name: "setgid on a file no one executes", old: 0o644 | fs.ModeSetgid, mode: 0o644, backup: true, want: 0o644 | fs.ModeSetgid},
		{name: "sticky", old: 0o644 | fs.ModeSticky, mode: 0o644, want: 0o644 | fs.ModeSticky},
		{name: "none", old: 0o640, mode: 0o755, backup: true, want: 0o755},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "Makefile")
			mustWriteFile(t, p, "old\n", tt.old)
			if info, err := os.Lstat(p); err != nil || info.Mode()&modeBits != tt.old {
				t.Fatalf("setup: Makefile's mode = %v (%v), want %v", info.Mode(), err, tt.old)
			}
			changes := []Change{{Path: "Makefile", Content: []byte("new\n"), Mode: tt.mode, Old: []byte("old\n"), Backup: tt.backup}}
			if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err != nil {
				t.Fatal(err)
			}
			got := map[string]fs.FileMode{}
			want := map[string]fs.FileMode{"Makefile": tt.want}
			if tt.backup {
				want["Makefile.orig"] = tt.old
			}
			for name := range want {
				info, err := os.Lstat(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				got[name] = info.Mode() & modeBits
			}
			if !maps.Equal(got, want) {
				t.Errorf("modes after the write = %v, want %v", got, want)
			}
		})
	}
}

// TestJoinErrors pins that errors joined for the terminal read as one line, each still
// found by errors.Is.
func TestJoinErrors(t *testing.T) {
	a, b := errors.New("render a.go: bad"), fs.ErrPermission
	tests := []struct {
		name string
		errs []error
		want string
	}{
		{"none", []error{nil, nil}, ""},
		{"one", []error{nil, a}, "render a.go: bad"},
		{"two", []error{a, nil, b}, "render a.go: bad; permission denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := joinErrors(tt.errs)
			if got := fmt.Sprint(err); tt.want == "" && err != nil || tt.want != "" && got != tt.want {
				t.Fatalf("joinErrors = %v, want %q", err, tt.want)
			}
			for _, e := range tt.errs {
				if e != nil && !errors.Is(err, e) {
					t.Errorf("errors.Is(%v, %v) is false", err, e)
				}
			}
		})
	}
}

// TestWriteBackupNameTooLong: a file in the way whose name leaves no room for .orig
// (over 250 bytes) is refused before anything is written, naming it and what to do,
// not with the file system's "file name too long" of a backup half made.
func TestWriteBackupNameTooLong(t *testing.T) {
	for _, n := range []int{251, MaxName} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			dir := t.TempDir()
			name := strings.Repeat("a", n)
			mustWriteFile(t, filepath.Join(dir, name), "mine\n", 0o644)
			changes := newChangesFor(t, dir, []File{{Path: name, Mode: 0o644, Content: []byte("generated\n")}})
			if _, err := BackupNames(dir, changes); err == nil || !strings.Contains(err.Error(), "longer than the 255 bytes") {
				t.Errorf("BackupNames: %v, want a refusal naming the backup's length", err)
			}
			_, err := Write(context.Background(), dir, changes, WriteOptions{})
			if err == nil || !strings.Contains(err.Error(), "move "+name+" out of the way") {
				t.Errorf("Write: %v, want a refusal saying to move the file", err)
			}
			if got, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(got) != "mine\n" {
				t.Errorf("%s = %q (%v), want it kept", name, got, err)
			}
		})
	}
}

// TestWriteStagesFollowingNoLink: the tree's owner, who owns the staging directory too,
// swaps a directory of it (or a name the run is about to create there) for a link to
// outside the tree while a run, as root in that user's tree, stages its files: nothing
// is created, written, moved or changed through the link (a root run would truncate the
// file it leads to), the write stops, and the tree is as it was.
func TestWriteStagesFollowingNoLink(t *testing.T) {
	tests := []struct {
		name   string
		fresh  bool   // a tree not there yet, staged beside it
		op, at string // the step (WriteOptions.fail) before which the link is put in
		link   string // what, below the stage, becomes a link
		target string // where to, below the directory outside the tree
		index  bool   // git's index is saved into the stage (WriteOptions.Index)
	}{
		{name: "a directory of new/", op: "stage", at: "sub/b.txt", link: "new/sub"},
		{name: "new/ itself", op: "stage", at: "sub/b.txt", link: "new"},
		{name: "a directory of a new tree's stage", fresh: true, op: "stage", at: "sub/b.txt", link: "tree/sub"},
		{name: "backup/", op: "stage", at: "README", link: "backup"},
		{name: "a directory of saved/", op: "replace", at: "sub/keep.txt", link: "saved/sub"},
		{name: "the index's copy", op: "stage", at: "README", link: indexFile, target: "sub/b.txt", index: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			changes := []Change{
				{Path: "sub/a.txt", Content: []byte("a\n"), Mode: 0o644},
				{Path: "sub/b.txt", Content: []byte("b\n"), Mode: 0o644},
			}
			stages := filepath.Join(dir, stagePrefix+"*")
			if tt.fresh {
				parent, prefix := FreshStage(dir)
				stages = filepath.Join(parent, prefix+"*")
			} else {
				mustWriteFile(t, filepath.Join(dir, "README"), "yours\n", 0o644)
				mustWriteFile(t, filepath.Join(dir, "sub/keep.txt"), "yours\n", 0o644)
				changes = append(changes,
					Change{Path: "sub/keep.txt", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n")},
					Change{Path: "README", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n"), Backup: true})
			}
			var opts WriteOptions
			if tt.index {
				mustWriteFile(t, filepath.Join(dir, ".git", "index"), "entries\n", 0o644)
				index, err := filepath.EvalSymlinks(filepath.Join(dir, ".git", "index"))
				if err != nil {
					t.Fatal(err)
				}
				opts.Index = &Index{Path: index, Before: "entries", After: "entries+marks", Digest: func(p string) (string, error) {
					data, err := os.ReadFile(p)
					return strings.TrimSpace(string(data)), err
				}}
			}
			var tree map[string]string
			if !tt.fresh {
				tree = treetest.Describe(t, dir)
			}
			outside := t.TempDir()
			mustWriteFile(t, filepath.Join(outside, "b.txt"), "root's\n", 0o600)
			mustWriteFile(t, filepath.Join(outside, "sub/b.txt"), "root's\n", 0o600)
			before := treetest.Describe(t, outside)
			swapped := false
			opts.fail = func(op, p string) error {
				if op != tt.op || p != tt.at || swapped {
					return nil
				}
				swapped = true
				left, _ := filepath.Glob(stages)
				if len(left) != 1 {
					t.Fatalf("stages: %v", left)
				}
				link := filepath.Join(left[0], filepath.FromSlash(tt.link))
				if err := os.Rename(link, link+".moved"); err != nil && !errors.Is(err, fs.ErrNotExist) {
					t.Fatal(err)
				}
				if err := os.Symlink(filepath.Join(outside, filepath.FromSlash(tt.target)), link); err != nil {
					t.Fatal(err)
				}
				return nil
			}
			_, err := Write(context.Background(), dir, changes, opts)
			if !swapped {
				t.Fatalf("Write (%v) took no step %s %s", err, tt.op, tt.at)
			}
			if err == nil {
				t.Errorf("Write wrote through a link in its stage")
			}
			if after := treetest.Describe(t, outside); !maps.Equal(before, after) {
				t.Errorf("outside the tree after the write:\n%v\nwant as it was:\n%v", after, before)
			}
			switch _, serr := os.Lstat(dir); {
			case tt.fresh && serr == nil:
				t.Errorf("%s made, want nothing there", dir)
			case !tt.fresh && !maps.Equal(tree, treetest.Describe(t, dir)):
				t.Errorf("the tree after the write:\n%v\nwant as it was:\n%v", treetest.Describe(t, dir), tree)
			}
		})
	}
}

// TestWriteSetsAsideOnlyWhatLeavesTheTree: a file to replace in a directory that takes
// new names but gives none up (chattr +a: linked into the stage, its name in the tree
// stays) is not taken for set aside: the write stops cleanly, the file is as it was and
// no stage is left.
func TestWriteSetsAsideOnlyWhatLeavesTheTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	sub := filepath.Join(dir, "sub")
	mustWriteFile(t, filepath.Join(sub, "keep.txt"), "yours\n", 0o644)
	if out, err := exec.Command("chattr", "+a", sub).CombinedOutput(); err != nil {
		t.Skipf("chattr +a (root, a file system that keeps it): %v: %s", err, out)
	}
	defer exec.Command("chattr", "-a", sub).Run()
	changes := []Change{{Path: "sub/keep.txt", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n")}}
	_, err := Write(context.Background(), dir, changes, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "cannot be removed from its directory") {
		t.Errorf("Write: %v, want the file refused as not removable from its directory", err)
	}
	if data, err := os.ReadFile(filepath.Join(sub, "keep.txt")); err != nil || string(data) != "yours\n" {
		t.Errorf("sub/keep.txt = %q, %v; want yours", data, err)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*")); len(left) > 0 {
		t.Errorf("stage left: %v", left)
	}
}

// TestWriteMakesDirectoriesBelowTheTree: a directory a write into a tree makes for a new
// file is made below the tree, following no symbolic link: one the tree's owner swaps in
// on its way meanwhile (once the write has looked, before it makes the directory) stops
// the write, and nothing is made where it leads.
func TestWriteMakesDirectoriesBelowTheTree(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "svc")
	mustWriteFile(t, filepath.Join(dir, "a/keep.txt"), "yours\n", 0o644)
	outside := t.TempDir()
	changes := []Change{{Path: "a/b/new.txt", Content: []byte("new\n"), Mode: 0o644}}
	swapped := false
	opts := WriteOptions{fail: func(op, p string) error {
		if op != "mkdir" || swapped {
			return nil
		}
		swapped = true
		a := filepath.Join(dir, "a")
		if err := os.Rename(a, a+".moved"); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, a); err != nil {
			t.Fatal(err)
		}
		return nil
	}}
	_, err := Write(context.Background(), dir, changes, opts)
	if !swapped {
		t.Fatalf("Write (%v) made no directory", err)
	}
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link, or a file where a directory was") {
		t.Errorf("Write: %v, want the link on the way refused", err)
	}
	if entries, err := os.ReadDir(outside); err != nil || len(entries) > 0 {
		t.Errorf("where the link leads after the write: %v, %v; want nothing made", entries, err)
	}
}

// TestWriteRemovesDirectoriesBelowTheTree: a directory a write into a tree removes (one
// its deletes left empty, one a file takes the place of) is removed below the tree,
// following no symbolic link: one the tree's owner swaps in on its way meanwhile (once
// the write has journaled the removal, before it removes) leaves the directory where the
// link leads as it is.
func TestWriteRemovesDirectoriesBelowTheTree(t *testing.T) {
	for _, tc := range []struct {
		name    string
		changes []Change
		wantErr bool // the write stops (a file was to go where the directory was)
	}{
		{"emptied by its deletes", []Change{{Path: "a/d/old.txt", Delete: true, Old: []byte("old\n")}}, false},
		{"a file in its place", []Change{
			{Path: "a/d/old.txt", Delete: true, Old: []byte("old\n")},
			{Path: "a/d", Content: []byte("file\n"), Mode: 0o644},
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			mustWriteFile(t, filepath.Join(dir, "a/keep.txt"), "yours\n", 0o644)
			mustWriteFile(t, filepath.Join(dir, "a/d/old.txt"), "old\n", 0o644)
			outside := t.TempDir()
			if err := os.Mkdir(filepath.Join(outside, "d"), 0o755); err != nil {
				t.Fatal(err)
			}
			swapped := false
			opts := WriteOptions{fail: func(op, p string) error {
				if op != "rmdir" || swapped {
					return nil
				}
				swapped = true
				a := filepath.Join(dir, "a")
				if err := os.Rename(a, a+".moved"); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, a); err != nil {
					t.Fatal(err)
				}
				return nil
			}}
			_, err := Write(context.Background(), dir, tc.changes, opts)
			if !swapped {
				t.Fatalf("Write (%v) removed no directory", err)
			}
			if tc.wantErr && (err == nil || !strings.Contains(err.Error(), "is a symbolic link, or a file where a directory was")) {
				t.Errorf("Write: %v, want the link on the way refused", err)
			}
			if info, err := os.Stat(filepath.Join(outside, "d")); err != nil || !info.IsDir() {
				t.Errorf("the directory where the link leads after the write: %v; want it left", err)
			}
		})
	}
}

// TestWriteMarksTheStageOfANewTreeBelowIt: the stage of a new tree is marked as a
// scratch directory below the stage opened once, and the tree staged in it is moved
// into place, and removed by a rollback, below what was opened: a link the owner of the
// directory it is made in swaps in for the stage once it is made leads no mark
// elsewhere, and no directory named tree where it leads (another user's) is moved into
// place nor removed, whether the write finishes or is rolled back.
func TestWriteMarksTheStageOfANewTreeBelowIt(t *testing.T) {
	for _, tc := range []struct {
		name   string
		finish func() error
	}{
		{"finished", nil},
		{"rolled back", func() error { return errors.New("git failed") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			outside := t.TempDir()
			mustWriteFile(t, filepath.Join(outside, "tree", "victim.txt"), "theirs\n", 0o644)
			swapped := false
			opts := WriteOptions{Finish: tc.finish, fail: func(op, p string) error {
				if op != "mark" || swapped {
					return nil
				}
				swapped = true
				if err := os.Rename(p, p+".moved"); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, p); err != nil {
					t.Fatal(err)
				}
				return nil
			}}
			_, err := Write(context.Background(), dir, []Change{{Path: "a.txt", Content: []byte("a\n"), Mode: 0o644}}, opts)
			if !swapped {
				t.Fatalf("Write (%v) marked no stage", err)
			}
			entries, rerr := os.ReadDir(outside)
			if rerr != nil || len(entries) != 1 || entries[0].Name() != "tree" {
				t.Errorf("where the link leads after the write (%v): %v, %v; want only the tree that was there", err, entries, rerr)
			}
			if data, rerr := os.ReadFile(filepath.Join(outside, "tree", "victim.txt")); string(data) != "theirs\n" {
				t.Errorf("the file where the link leads after the write (%v): %q, %v; want it left", err, data, rerr)
			}
			data, rerr := os.ReadFile(filepath.Join(dir, "a.txt"))
			switch {
			case tc.finish == nil && string(data) != "a\n":
				t.Errorf("the new tree's file after the write (%v): %q, %v; want the one staged", err, data, rerr)
			case tc.finish != nil && !errors.Is(rerr, fs.ErrNotExist):
				t.Errorf("the new tree's file after a rolled back write (%v): %q, %v; want it gone", err, data, rerr)
			}
		})
	}
}

// TestWriteRemovesTheParentsOfANewTreeBelowThem: the rollback of a new tree removes the
// missing parents it made below the directory they were made in, as opened then, and
// only the very directories made: the owner of that directory, who owns the parents
// too, swaps a link for the first one in meanwhile (leading to a directory of root's
// that holds a file by the name of the second), and a run as root removes nothing
// where the link leads, neither after the tree was placed (a directory put where it
// goes stops the move) nor once some parents are made (a failure making the next one).
func TestWriteRemovesTheParentsOfANewTreeBelowThem(t *testing.T) {
	for _, tc := range []struct {
		name   string
		parts  []string // the tree, below home: every directory on the way is missing
		op, at string   // the step at which the owner swaps the link in (a path below home)
		stop   error    // what that step then fails with (nil: it goes on)
		filler bool     // a file is put where the tree goes, so that the move fails
	}{
		{"once the tree is staged", []string{"p1", "p2", "svc"}, "create", "p1/p2/svc", nil, true},
		{"while the parents are made", []string{"p1", "p2", "p3", "svc"}, "mkdir", "p1/p2/p3", errors.New("stopped"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := t.TempDir()
			home, victim := filepath.Join(base, "home"), filepath.Join(base, "victim")
			mustWriteFile(t, filepath.Join(victim, "p2"), "root's file\n", 0o644)
			if err := os.MkdirAll(home, 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(append([]string{home}, tc.parts...)...)
			swapped := false
			opts := WriteOptions{fail: func(op, p string) error {
				if op != tc.op || p != filepath.Join(home, filepath.FromSlash(tc.at)) {
					return nil
				}
				swapped = true
				if tc.filler {
					mustWriteFile(t, filepath.Join(dir, "theirs"), "x\n", 0o644)
				}
				p1 := filepath.Join(home, "p1")
				if err := os.Rename(p1, p1+".moved"); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(victim, p1); err != nil {
					t.Fatal(err)
				}
				return tc.stop
			}}
			_, err := Write(context.Background(), dir, []Change{{Path: "a.txt", Content: []byte("a\n"), Mode: 0o644}}, opts)
			if !swapped || err == nil {
				t.Fatalf("Write: %v (link swapped in: %v), want it failed after the swap", err, swapped)
			}
			if _, serr := os.Lstat(filepath.Join(victim, "p2")); serr != nil {
				t.Errorf("the rollback (Write: %v) removed %s, where the link swapped in for p1 led: %v", err, filepath.Join(victim, "p2"), serr)
			}
		})
	}
}

// TestWriteMakesTheParentsOfANewTreeBelowThem: the missing parents of a new tree are
// made below the closest directory above them that exists, as opened, following no
// symbolic link: one its owner swaps in on their way meanwhile (once the first is made,
// before the next) stops the write, and nothing is made where it leads; and the stage
// goes only into the parent so made (markedTempDir refuses another directory at its
// path).
func TestWriteMakesTheParentsOfANewTreeBelowThem(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "a", "b", "svc")
	outside := t.TempDir()
	swapped := false
	opts := WriteOptions{fail: func(op, p string) error {
		if op != "mkdir" || p != filepath.Join(base, "a", "b") || swapped {
			return nil
		}
		swapped = true
		a := filepath.Join(base, "a")
		if err := os.Rename(a, a+".moved"); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(outside, a); err != nil {
			t.Fatal(err)
		}
		return nil
	}}
	_, err := Write(context.Background(), dir, []Change{{Path: "a.txt", Content: []byte("a\n"), Mode: 0o644}}, opts)
	if !swapped {
		t.Fatalf("Write (%v) made no parent", err)
	}
	if err == nil || !strings.Contains(err.Error(), "is a symbolic link, or a file where a directory was") {
		t.Errorf("Write: %v, want the link on the way refused", err)
	}
	if entries, err := os.ReadDir(outside); err != nil || len(entries) > 0 {
		t.Errorf("where the link leads after the write: %v, %v; want nothing made", entries, err)
	}

	parent := t.TempDir()
	info, err := os.Stat(parent)
	if err != nil {
		t.Fatal(err)
	}
	ino, ok := inode(info)
	if !ok {
		return // a file system that gives no inode: the parent is not checked so
	}
	if _, _, _, _, err := markedTempDir(parent, ino+1, "x*", nil); err == nil || !strings.Contains(err.Error(), "not the directory the run found there") {
		t.Errorf("markedTempDir in another directory than the parent made: %v, want a refusal", err)
	}
	if entries, err := os.ReadDir(parent); err != nil || len(entries) > 0 {
		t.Errorf("the parent after a refused markedTempDir: %v, %v; want nothing left", entries, err)
	}
}
