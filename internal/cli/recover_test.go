package cli

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		t.Skip("no inode numbers here")
	}
	return uint64(st.Ino)
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
			stderr: "gonew-prod new --force, add or update (not a dry run or a check) rolls it back first, from the journal it holds"},
		{name: "new's dry run", args: newArgs("--dry-run", "--force", "--module", "example.com/acme/inventory", "."), code: ExitUsage,
			stderr: "is left from a gonew-prod run that was stopped while writing, and the tree may hold part of its changes: gonew-prod new --force, add or update (not a dry run or a check) rolls it back first"},
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
		code     int
		stderr   string
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
			r := run(t, dir, tt.args...)
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
