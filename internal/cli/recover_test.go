package cli

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// killedRun leaves in dir what a run of add killed while moving files leaves: its
// staging directory with the journal, the user's Makefile set aside in saved/ and a
// new one in its place, and a new file in a new directory.
func killedRun(t *testing.T, dir string) {
	t.Helper()
	stage := ".gonew-prod-stage-7"
	made := map[string]string{"Makefile": "include gonew-prod.mk\n# written by the killed run\n", "k8s/x.yaml": "kind: Service\n"}
	digest := func(p string) string { s := sha256.Sum256([]byte(made[p])); return hex.EncodeToString(s[:]) }
	if err := os.Mkdir(filepath.Join(dir, stage), 0o700); err != nil {
		t.Fatal(err)
	}
	journal := strings.Join([]string{
		fmt.Sprintf(`{"op":"begin","tree_inode":%d,"stage_inode":%d}`, inodeOf(t, dir), inodeOf(t, filepath.Join(dir, stage))),
		`{"op":"save","path":"Makefile","mode":420}`,
		fmt.Sprintf(`{"op":"create","path":"Makefile","sha256":%q}`, digest("Makefile")),
		`{"op":"mkdir","path":"k8s"}`,
		fmt.Sprintf(`{"op":"create","path":"k8s/x.yaml","sha256":%q}`, digest("k8s/x.yaml")),
	}, "\n") + "\n"
	mustWrite(t, dir, stage+"/journal", journal)
	mustWrite(t, dir, stage+"/saved/Makefile", service["Makefile"])
	for p, body := range made {
		mustWrite(t, dir, p, body)
	}
}

// inodeOf returns the inode number of the directory p, as a journal's first line
// names the tree and the staging directory it was written for.
func inodeOf(t *testing.T, p string) uint64 {
	t.Helper()
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return treetest.Inode(t, info)
}

// TestAddRollsBackAKilledRun: add rolls back the run killed in the tree from its
// journal before anything else, and says what it did; a dry run (add's, new --force's)
// or update --check refuses the tree, which it would plan against half-written, and a
// tree that no longer matches the journal is refused with nothing changed. A stage whose
// run is still going (live: its lock held) is that run's: refused as add and update
// refuse a second run, never as a stopped run's to roll back.
func TestAddRollsBackAKilledRun(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		after  func(t *testing.T, dir string) // a change made after the kill
		live   bool                           // the stage's run still holds its lock
		code   int
		stderr string
	}{
		{name: "add", args: []string{"add", "--yes", "makefile"}, code: ExitOK,
			stderr: "rolled it back: removed what it had created: k8s/x.yaml, Makefile; put back your files it had set aside: Makefile; removed the directories it had created: k8s"},
		{name: "a dry run", args: []string{"add", "--dry-run", "makefile"}, code: ExitUsage,
			stderr: "gonew-prod new, add or update (not a dry run or a check) rolls it back first, from the journal it holds"},
		{name: "new's dry run", args: newArgs("--dry-run", "--force", "--module", "example.com/acme/inventory", "."), code: ExitUsage,
			stderr: "is left from a gonew-prod run that was stopped while writing, and the tree may hold part of its changes: gonew-prod new, add or update (not a dry run or a check) rolls it back first"},
		{name: "new's dry run during a live run", args: newArgs("--dry-run", "--force", "--module", "example.com/acme/inventory", "."), live: true, code: ExitFailure,
			stderr: "another gonew-prod run (new --force, add or update) is writing in this directory: wait for it to finish"},
		{name: "a created file changed since", args: []string{"add", "--yes", "makefile"}, after: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/x.yaml", "kind: Service # mine now\n")
		}, code: ExitUsage, stderr: "k8s/x.yaml is not what that run wrote there (changed since?); by hand: remove the files that run created"},
		{name: "update", args: []string{"update", "--check"}, code: ExitUsage,
			stderr: "rolls it back first, from the journal it holds"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			killedRun(t, dir)
			if tt.after != nil {
				tt.after(t, dir)
			}
			if tt.live {
				unlock, locked, err := generator.TryLockDir(filepath.Join(dir, ".gonew-prod-stage-7"))
				if err != nil || !locked {
					t.Fatalf("lock the stage as its run does: locked %v, %v", locked, err)
				}
				defer unlock()
			}
			before := treetest.Describe(t, dir)
			r := run(t, dir, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
			if tt.code != ExitOK {
				if after := treetest.Describe(t, dir); !equalTrees(before, after) {
					t.Errorf("a refused run changed the tree:\n%s", treeDiff(before, after))
				}
				return
			}
			if got := readFile(t, dir, "Makefile"); !strings.HasPrefix(got, service["Makefile"]) || !strings.Contains(got, "include gonew-prod.mk") || strings.Contains(got, "killed run") {
				t.Errorf("Makefile after the rolled-back run and add:\n%s", got)
			}
			for _, p := range []string{"k8s", ".gonew-prod-stage-7"} {
				if _, err := os.Lstat(filepath.Join(dir, p)); !os.IsNotExist(err) {
					t.Errorf("%s is still there (%v)", p, err)
				}
			}
		})
	}
}

// TestRootRunRollsBackAKilledRunBelow: a run at a monorepo's root for the module in
// svc/ (add ci, which the README says to run there; update of the record it moved
// there) works on what a run killed in svc/ left half-written: one that writes rolls
// that run back first, from its journal, and says so; a dry run or update --check
// refuses, naming its stage, rather than plan against the half-written module.
func TestRootRunRollsBackAKilledRunBelow(t *testing.T) {
	mono := map[string]string{"README.md": "# mono\n"}
	for p, body := range service {
		mono["svc/"+p] = body
	}
	tests := []struct {
		name   string
		args   []string
		lifted bool // add ci ran at the root before the kill (the record is there)
		// killedIn is the module the run was killed in, when not svc: tools, a second
		// module of the repository, not the one the run works on.
		killedIn string
		// runIn is the directory the run is started in, when not the repository's top.
		runIn  string
		code   int
		stderr string
	}{
		{name: "add ci with --main", args: []string{"add", "--yes", "--main", "./svc", "ci"}, code: ExitOK,
			stderr: "rolled it back: removed what it had created: k8s/x.yaml, Makefile; put back your files it had set aside: Makefile"},
		{name: "add ci, its main package chosen", args: []string{"add", "--yes", "ci"}, code: ExitOK,
			stderr: "rolled it back: removed what it had created: k8s/x.yaml, Makefile"},
		{name: "a dry run", args: []string{"add", "--dry-run", "--main", "./svc", "ci"}, code: ExitUsage,
			stderr: "svc/.gonew-prod-stage-7 is left from a gonew-prod run that was stopped while writing"},
		{name: "update --check of the record moved to the root", args: []string{"update", "--check"}, lifted: true, code: ExitUsage,
			stderr: "svc/.gonew-prod-stage-7 is left from a gonew-prod run that was stopped while writing"},
		{name: "add ci for svc, a run killed in another module", args: []string{"add", "--yes", "--main", "./svc", "ci"}, killedIn: "tools", code: ExitUsage,
			stderr: "the work tree has modified tracked files (tools/Makefile), and they may be what a gonew-prod run stopped while writing there had written so far, not edits to commit: write DIR/tools: DIR/tools/.gonew-prod-stage-7 is left from a gonew-prod run"},
		{name: "add ci in svc, a run killed in a module below it", args: []string{"add", "--yes", "--main", ".", "ci"}, killedIn: "svc/tools", runIn: "svc", code: ExitUsage,
			stderr: "the work tree has modified tracked files (svc/tools/Makefile), and they may be what a gonew-prod run stopped while writing there had written so far, not edits to commit: write DIR/svc/tools: DIR/svc/tools/.gonew-prod-stage-7 is left from a gonew-prod run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(mono)
			if tt.killedIn != "" {
				for p, body := range service {
					files[tt.killedIn+"/"+p] = body
				}
			}
			dir := gitRepo(t, files)
			if tt.lifted {
				if r := run(t, dir, "add", "--yes", "--main", "./svc", "ci"); r.code != ExitOK {
					t.Fatalf("add ci at the root: exit %d\n%s", r.code, r.stderr)
				}
				gitCommit(t, dir)
			}
			killedRun(t, filepath.Join(dir, cmp.Or(tt.killedIn, "svc")))
			before := treetest.Describe(t, dir)
			r := run(t, filepath.Join(dir, tt.runIn), tt.args...)
			if want := strings.ReplaceAll(tt.stderr, "DIR", dir); r.code != tt.code || !strings.Contains(r.stderr, want) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, want)
			}
			if tt.code != ExitOK {
				if after := treetest.Describe(t, dir); !equalTrees(before, after) {
					t.Errorf("a refused run changed the tree:\n%s", treeDiff(before, after))
				}
				return
			}
			if got := readFile(t, dir, "svc/Makefile"); got != service["Makefile"] {
				t.Errorf("svc/Makefile after the root run:\n%s", got)
			}
			for _, p := range []string{"svc/k8s", "svc/.gonew-prod-stage-7"} {
				if _, err := os.Lstat(filepath.Join(dir, p)); !os.IsNotExist(err) {
					t.Errorf("%s is still there (%v)", p, err)
				}
			}
			if _, err := os.Lstat(filepath.Join(dir, ".github/workflows/gonew-prod.yml")); err != nil {
				t.Errorf("the root run wrote no CI: %v\n%s", err, r.stderr)
			}
		})
	}
}

// stoppedNew leaves in dir, an empty directory, what a run of new killed while it wrote
// there leaves: its staging directory with the journal, and the files and directories
// it had created.
func stoppedNew(t *testing.T, dir string) {
	t.Helper()
	stage := ".gonew-prod-stage-9"
	made := map[string]string{"go.mod": "module example.com/acme/orders\n", "cmd/orders/main.go": "package main // written by the killed run\n"}
	digest := func(p string) string { s := sha256.Sum256([]byte(made[p])); return hex.EncodeToString(s[:]) }
	if err := os.Mkdir(filepath.Join(dir, stage), 0o700); err != nil {
		t.Fatal(err)
	}
	journal := strings.Join([]string{
		fmt.Sprintf(`{"op":"begin","tree_inode":%d,"stage_inode":%d}`, inodeOf(t, dir), inodeOf(t, filepath.Join(dir, stage))),
		fmt.Sprintf(`{"op":"create","path":"go.mod","sha256":%q}`, digest("go.mod")),
		`{"op":"mkdir","path":"cmd"}`,
		`{"op":"mkdir","path":"cmd/orders"}`,
		fmt.Sprintf(`{"op":"create","path":"cmd/orders/main.go","sha256":%q}`, digest("cmd/orders/main.go")),
	}, "\n") + "\n"
	mustWrite(t, dir, stage+"/journal", journal)
	for p, body := range made {
		mustWrite(t, dir, p, body)
	}
}

// TestNewRollsBackAStoppedRunInItsDirectory: new into a directory where a new killed
// while writing left its stage and part of the project (the directory was empty: mkdir
// orders, then new) rolls that run back before it judges the directory, and writes
// into it as into the empty directory it was, without --force; what the rollback leaves
// there, a file of the user's, still makes it non-empty (refused, the file kept). A dry
// run refuses the half-written tree as a stopped run's, not as a non-empty directory.
func TestNewRollsBackAStoppedRunInItsDirectory(t *testing.T) {
	tests := []struct {
		name   string
		args   []string // run in the parent directory of orders
		yours  bool     // a file of the user's is in orders too
		code   int
		stderr string
	}{
		{name: "new DIR", args: newArgs("--module", "example.com/acme/orders", "orders"), code: ExitOK,
			stderr: "rolled it back: removed what it had created: cmd/orders/main.go, go.mod; removed the directories it had created: cmd/orders, cmd"},
		{name: "new named after the module", args: newArgs("--module", "example.com/acme/orders"), code: ExitOK, stderr: "rolled it back"},
		{name: "a file of yours too", args: newArgs("--module", "example.com/acme/orders", "orders"), yours: true, code: ExitUsage,
			stderr: "exists and is non-empty; choose another directory or pass --force"},
		{name: "a dry run", args: newArgs("--dry-run", "--module", "example.com/acme/orders", "orders"), code: ExitUsage,
			stderr: "stopped while writing, and the tree may hold part of its changes: gonew-prod new, add or update (not a dry run or a check) rolls it back first"},
		{name: "a dry run beside a file of yours", args: newArgs("--dry-run", "--module", "example.com/acme/orders", "orders"), yours: true, code: ExitUsage,
			stderr: "rolls it back first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "orders")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			stoppedNew(t, dir)
			if tt.yours {
				mustWrite(t, dir, "notes.txt", "mine\n")
			}
			before := treetest.Describe(t, dir)
			r := run(t, parent, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
			if strings.Contains(tt.name, "dry run") {
				if after := treetest.Describe(t, dir); !equalTrees(before, after) {
					t.Errorf("a dry run changed the tree:\n%s", treeDiff(before, after))
				}
				return
			}
			for _, p := range []string{".gonew-prod-stage-9", "go.mod.orig", "cmd/orders/main.go.orig"} {
				if _, err := os.Lstat(filepath.Join(dir, p)); !os.IsNotExist(err) {
					t.Errorf("%s is there (%v)", p, err)
				}
			}
			if tt.yours {
				if got := readFile(t, dir, "notes.txt"); got != "mine\n" {
					t.Errorf("your notes.txt: %q", got)
				}
				if got := listTree(t, dir); !slices.Equal(got, []string{"notes.txt"}) {
					t.Errorf("after the refusal the directory holds %v, want your notes.txt alone", got)
				}
				if _, err := os.Lstat(filepath.Join(dir, "cmd")); !os.IsNotExist(err) {
					t.Errorf("cmd, the stopped run's directory, is there (%v)", err)
				}
				return
			}
			if got := readFile(t, dir, "cmd/orders/main.go"); strings.Contains(got, "killed run") {
				t.Errorf("main.go is the killed run's:\n%s", got)
			}
			if _, err := os.Stat(filepath.Join(dir, ".gonew-prod.yaml")); err != nil {
				t.Errorf("no record: %v", err)
			}
		})
	}
}
