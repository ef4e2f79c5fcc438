//go:build unix

package generator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"golang.org/x/sys/unix"
)

// TestWriteKeepsOwners writes as root into a tree a user owns: the files it replaces,
// and their backups, keep the user as owner and group, and the files and directories
// it creates are the user's too; in a directory of root's, a new file is root's.
func TestWriteKeepsOwners(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	dir := t.TempDir()
	if err := os.Chown(dir, uid, gid); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "ops"), 0o755); err != nil { // root's
		t.Fatal(err)
	}
	for _, name := range []string{"main.go", "Makefile"} {
		mustWriteFile(t, filepath.Join(dir, name), "old "+name+"\n", 0o644)
		if err := os.Chown(filepath.Join(dir, name), uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	// A group-shared Makefile: the chown that gives the new file and the backup to the
	// user clears a setgid bit unless Write sets it again.
	if err := os.Chmod(filepath.Join(dir, "Makefile"), 0o755|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	files := []File{
		{Path: "main.go", Mode: 0o644, Content: []byte("new main.go\n")},
		{Path: "Makefile", Mode: 0o644, Content: []byte("new Makefile\n")},
		{Path: "gonew-prod.mk", Mode: 0o644, Content: []byte("prod-build:\n")},
		{Path: "k8s/base/deployment.yaml", Mode: 0o644, Content: []byte("kind: Deployment\n")},
		{Path: "ops/notes.md", Mode: 0o644, Content: []byte("notes\n")},
	}
	changes := newChangesFor(t, dir, files)
	for i := range changes {
		changes[i].Backup = changes[i].Path == "Makefile"
	}
	if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string][2]int{
		"main.go":                  {uid, gid},
		"Makefile":                 {uid, gid},
		"Makefile.orig":            {uid, gid},
		"gonew-prod.mk":            {uid, gid},
		"k8s":                      {uid, gid},
		"k8s/base":                 {uid, gid},
		"k8s/base/deployment.yaml": {uid, gid},
		"ops/notes.md":             {0, 0},
	} {
		info, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		st := info.Sys().(*syscall.Stat_t)
		if got := [2]int{int(st.Uid), int(st.Gid)}; got != want {
			t.Errorf("%s owned by %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]fs.FileMode{"Makefile": 0o644 | fs.ModeSetgid, "Makefile.orig": 0o755 | fs.ModeSetgid} {
		if info, err := os.Lstat(filepath.Join(dir, name)); err != nil || info.Mode()&modeBits != want {
			t.Errorf("%s's mode = %v (%v), want %v", name, info.Mode(), err, want)
		}
	}
}

// TestCheckLinks: the files a plan replaces that have other hard links are all named in
// one refusal, each with its count and the command that gives it a copy of its own; one
// such file keeps the refusal Write makes; a file the plan creates is not looked at.
func TestCheckLinks(t *testing.T) {
	tests := []struct {
		name   string
		linked []string // of Makefile, go.mod, README.md: the files with a second name
		want   []string // in the error; none when nil
	}{
		{"none", nil, nil},
		{"one", []string{"go.mod"}, []string{"go.mod: the file has 2 hard links", "(cp -p go.mod go.mod.tmp && mv go.mod.tmp go.mod)"}},
		{"three", []string{"Makefile", "go.mod", "README.md"}, []string{
			"3 files have other hard links: Makefile (2 hard links), README.md (2 hard links), go.mod (2 hard links)",
			"cp -p Makefile Makefile.tmp && mv Makefile.tmp Makefile; cp -p README.md README.md.tmp && mv README.md.tmp README.md; cp -p go.mod go.mod.tmp && mv go.mod.tmp go.mod",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, other := t.TempDir(), t.TempDir()
			var files []File
			for _, name := range []string{"Makefile", "go.mod", "README.md"} {
				mustWriteFile(t, filepath.Join(dir, name), "old\n", 0o644)
				files = append(files, File{Path: name, Mode: 0o644, Content: []byte("new\n")})
			}
			files = append(files, File{Path: "main.go", Mode: 0o644, Content: []byte("package main\n")})
			for _, name := range tt.linked {
				if err := os.Link(filepath.Join(dir, name), filepath.Join(other, name)); err != nil {
					t.Skipf("no hard links here: %v", err)
				}
			}
			err := CheckLinks(dir, newChangesFor(t, dir, files))
			if tt.want == nil {
				if err != nil {
					t.Fatalf("CheckLinks: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("CheckLinks: nil, want an error naming %v", tt.linked)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("CheckLinks: %v\nwant %q in it", err, w)
				}
			}
		})
	}
}

// TestWriteRefusesHardLinks: a file to replace that has other names is refused before
// anything is written, since the new file would leave them with the old content.
func TestWriteRefusesHardLinks(t *testing.T) {
	dir := t.TempDir()
	mustWriteFile(t, filepath.Join(dir, "my main.go"), "old\n", 0o644)
	other := filepath.Join(t.TempDir(), "my main.go")
	if err := os.Link(filepath.Join(dir, "my main.go"), other); err != nil {
		t.Skipf("no hard links here: %v", err)
	}
	changes := newChangesFor(t, dir, []File{{Path: "my main.go", Mode: 0o644, Content: []byte("new\n")}, {Path: "go.mod", Mode: 0o644, Content: []byte("module x\n")}})
	_, err := Write(context.Background(), dir, changes, WriteOptions{})
	if err == nil || !strings.Contains(err.Error(), "the file has 2 hard links") || !strings.Contains(err.Error(), "(cp -p 'my main.go' 'my main.go.tmp' && mv 'my main.go.tmp' 'my main.go')") {
		t.Fatalf("err = %v, want the hard links named, with a command quoted for the shell", err)
	}
	if b, _ := os.ReadFile(other); string(b) != "old\n" {
		t.Errorf("the other name holds %q", b)
	}
	if _, err := os.Lstat(filepath.Join(dir, "go.mod")); err == nil {
		t.Errorf("go.mod was written")
	}
}

// TestWriteGivesDirectoriesTheOwnerOfTheirParent writes as root where a user owns the
// directory written into (or the one a new tree is made in): every directory the write
// makes gets the owner and group of the directory it is made in, the user's: a new tree
// and each directory in it (else the user could add no file to the project), and a
// staging directory a kill leaves, with its journal and every directory it holds (else
// the user's next run could not roll the killed run back, nor reach the files it set
// aside in saved/).
func TestWriteGivesDirectoriesTheOwnerOfTheirParent(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	userTree := func(t *testing.T, parent string) string {
		for _, name := range []string{"README.md", "scripts/run.sh", "notes.txt"} {
			mustWriteFile(t, filepath.Join(parent, name), "old "+name+"\n", 0o644)
		}
		if err := filepath.WalkDir(parent, func(p string, _ os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Lchown(p, uid, gid)
		}); err != nil {
			t.Fatal(err)
		}
		return parent
	}
	tests := []struct {
		name  string
		dir   func(t *testing.T, parent string) string // where to write; parent is the user's
		kill  func(dir, op, p string) bool             // the operation the write is killed at
		owned func(dir string) []string                // the trees whose directories are checked
		files bool                                     // check their files too
	}{
		{"a new tree", func(_ *testing.T, parent string) string { return filepath.Join(parent, "svc") }, nil,
			func(dir string) []string { return []string{dir} }, true},
		{"a new tree and its missing parents", func(_ *testing.T, parent string) string { return filepath.Join(parent, "a", "b", "svc") }, nil,
			func(dir string) []string { return []string{filepath.Join(dir, "..", "..")} }, true},
		{"the stage of a new tree, killed", func(_ *testing.T, parent string) string { return filepath.Join(parent, "svc") },
			func(dir, op, p string) bool { return op == "create" && p == dir },
			func(dir string) []string {
				parent, prefix := FreshStage(dir)
				left, _ := filepath.Glob(filepath.Join(parent, prefix+"*"))
				return left
			}, false},
		{"the stage in a user's tree, killed", userTree,
			func(_, op, p string) bool { return op == "create" && p == "cmd/x/main.go" },
			func(dir string) []string {
				left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
				return append(left, filepath.Join(left[0], journalFile))
			}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parent := t.TempDir()
			if err := os.Chown(parent, uid, gid); err != nil {
				t.Fatal(err)
			}
			dir := tt.dir(t, parent)
			changes := newChangesFor(t, dir, sampleFiles())
			for i := range changes {
				changes[i].Backup = changes[i].Path == "README.md"
			}
			opts := WriteOptions{}
			if tt.kill != nil {
				opts.fail = func(op, p string) error {
					if tt.kill(dir, op, p) {
						return errKilled
					}
					return nil
				}
			}
			if _, err := Write(context.Background(), dir, changes, opts); tt.kill != nil && !errors.Is(err, errKilled) || tt.kill == nil && err != nil {
				t.Fatalf("write: %v", err)
			}
			roots := tt.owned(dir)
			if len(roots) < 1 {
				t.Fatalf("nothing to check: %v", roots)
			}
			checked := 0
			for _, root := range roots {
				if err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
					if err != nil {
						return err
					}
					if !d.IsDir() && !tt.files && p != root {
						return nil
					}
					info, err := os.Lstat(p)
					if err != nil {
						return err
					}
					checked++
					st := info.Sys().(*syscall.Stat_t)
					if got := [2]int{int(st.Uid), int(st.Gid)}; got != [2]int{uid, gid} {
						t.Errorf("%s owned by %v, want the user's %v", p, got, [2]int{uid, gid})
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			if checked < 3 {
				t.Errorf("checked %d entries in %v, want a tree's", checked, roots)
			}
		})
	}
}

// recoverAsEnv names, in the environment of the test binary, a tree TestMain runs
// Recover on instead of the tests (as another user: see TestRecoverAsTheTreesOwner).
const recoverAsEnv = "GONEW_PROD_TEST_RECOVER_AS"

// TestMain runs Recover on the tree recoverAsEnv names, when it names one, and prints
// what it did, or its error and exits 2.
func TestMain(m *testing.M) {
	if dir := os.Getenv(recoverAsEnv); dir != "" {
		done, err := Recover(dir, RecoverOptions{})
		for _, r := range done {
			fmt.Println(r)
		}
		if err != nil {
			fmt.Println(err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testUID and testGID are the user and group a test run as root runs this test binary
// as, to be a user the tree's files are not all open to: one no name is given to.
const testUID, testGID = 4321, 4322

// reachable returns a new directory the user testUID can reach.
func reachable(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	for _, p := range []string{d, filepath.Dir(d)} {
		if err := os.Chmod(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// userBinary returns a copy of this test binary that the user testUID can run.
func userBinary(t *testing.T) string {
	t.Helper()
	exe, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(reachable(t), "generator.test")
	if err := os.WriteFile(bin, exe, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// asUser reports whether the test t is to go on in this process: when it runs as a
// user. As root, who may read, write and search any directory whatever its mode, it
// runs t instead in this test binary run as the user testUID (as CI and this machine
// run the tests as root, a test of what a user's run may not do runs so there too),
// fails t when that run does not pass, and reports false.
func asUser(t *testing.T) bool {
	t.Helper()
	if os.Geteuid() != 0 {
		return true
	}
	bin := userBinary(t)
	tmp := reachable(t)
	if err := os.Chown(tmp, testUID, testGID); err != nil {
		t.Fatal(err)
	}
	var run []string
	for _, name := range strings.Split(t.Name(), "/") {
		run = append(run, "^"+regexp.QuoteMeta(name)+"$")
	}
	cmd := exec.Command(bin, "-test.run", strings.Join(run, "/"), "-test.count=1", "-test.v")
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: testUID, Gid: testGID}}
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: "+t.Name()) {
		t.Fatalf("%s, run as the user %d: %v\n%s", t.Name(), testUID, err, out)
	}
	return false
}

// TestRecoverAsTheTreesOwner kills a write made as root into a tree a user owns, then
// recovers as that user (this test binary run as the user, see TestMain): the stage the
// root run left is the user's, so the user's recovery puts the tree back; a stage of
// root's alone (left by a gonew-prod that gave it to no one) is refused with a message
// that names it, its owner and what to do, and left as it is.
func TestRecoverAsTheTreesOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("running as another user takes root") // CI and this machine run as root
	}
	const uid, gid = testUID, testGID
	bin := userBinary(t)
	tests := []struct {
		name    string
		after   func(t *testing.T, stage string) // what happens to the stage after the kill
		wantErr []string                         // "" when the recovery must succeed
	}{
		{"the stage a root run left", func(*testing.T, string) {}, nil},
		{"a stage of root's alone", func(t *testing.T, stage string) {
			if err := filepath.WalkDir(stage, func(p string, _ os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				return os.Lchown(p, 0, 0)
			}); err != nil {
				t.Fatal(err)
			}
		}, []string{"is left from a gonew-prod run that was stopped while writing, and this run may not read it", "permission denied", "it belongs to root (uid 0)", "its saved/ directory may hold files of yours", "run gonew-prod add, update or new --force in", "nothing is written"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(reachable(t), "svc")
			for _, name := range []string{"README.md", "scripts/run.sh", "notes.txt"} {
				mustWriteFile(t, filepath.Join(dir, name), "old "+name+"\n", 0o644)
			}
			if err := filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				return os.Lchown(p, uid, gid)
			}); err != nil {
				t.Fatal(err)
			}
			before := treetest.Describe(t, dir)
			changes := newChangesFor(t, dir, sampleFiles())
			opts := WriteOptions{fail: func(op, p string) error {
				if op == "create" && p == "scripts/run.sh" { // README.md set aside, scripts/run.sh too
					return errKilled
				}
				return nil
			}}
			if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed", err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			tt.after(t, left[0])
			killed := treetest.Describe(t, dir)
			cmd := exec.Command(bin)
			cmd.Env = append(os.Environ(), recoverAsEnv+"="+dir)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uid, Gid: gid}}
			out, err := cmd.CombinedOutput()
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Recover as the user: %v\n%s", err, out)
				}
				if after := treetest.Describe(t, dir); !sameFiles(before, after) {
					t.Errorf("tree after the user's recovery differs:\nbefore %v\nafter  %v", before, after)
				}
				return
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 2 {
				t.Fatalf("Recover as the user: %v\n%s\nwant a refusal", err, out)
			}
			for _, want := range append(tt.wantErr, left[0]) {
				if !strings.Contains(string(out), want) {
					t.Errorf("the refusal does not say %q:\n%s", want, out)
				}
			}
			if after := treetest.Describe(t, dir); !maps.Equal(killed, after) {
				t.Errorf("a refused recovery changed the tree:\nbefore %v\nafter  %v", killed, after)
			}
		})
	}
}

// TestRecoverAsTheTreesOwnerPutsBackAFileOfRoots: a write as root into a tree a user
// owns, killed once it had replaced a file of root's there that the user may neither
// read nor write (0640 root:root), is rolled back by that user's Recover in one run:
// the file goes back with the mode it kept, which needs no change, so it is not opened.
func TestRecoverAsTheTreesOwnerPutsBackAFileOfRoots(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("running as another user takes root") // CI and this machine run as root
	}
	bin := userBinary(t)
	dir := filepath.Join(reachable(t), "svc")
	mustWriteFile(t, filepath.Join(dir, "README"), "yours\n", 0o644)
	mustWriteFile(t, filepath.Join(dir, "secret.conf"), "root's\n", 0o640)
	for _, p := range []string{dir, filepath.Join(dir, "README")} {
		if err := os.Chown(p, testUID, testGID); err != nil {
			t.Fatal(err)
		}
	}
	before := treetest.Describe(t, dir)
	changes := []Change{
		{Path: "README", Content: []byte("ours\n"), Mode: 0o644, Old: []byte("yours\n")},
		{Path: "secret.conf", Content: []byte("ours\n"), Mode: 0o640, Old: []byte("root's\n")},
	}
	kill := WriteOptions{Finish: func() error { return errKilled }}
	if _, err := Write(context.Background(), dir, changes, kill); !errors.Is(err, errKilled) {
		t.Fatalf("write: %v, want it killed", err)
	}
	cmd := exec.Command(bin)
	cmd.Env = append(os.Environ(), recoverAsEnv+"="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: testUID, Gid: testGID}}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("Recover as the user: %v\n%s", err, out)
	}
	if after := treetest.Describe(t, dir); !sameFiles(before, after) {
		t.Errorf("tree after the user's recovery differs:\nbefore %v\nafter  %v", before, after)
	}
}

// TestKeepSpecialOnlyWithTheOwner: a replaced file's setuid bit comes back only where
// the new file has the old one's owner, its setgid bit only where it has its group (a
// run that could not give the file away leaves it the process's, which must not run as
// another user than the file it replaces); the sticky bit always.
func TestKeepSpecialOnlyWithTheOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const all = 0o755 | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky
	tests := []struct {
		name     string
		uid, gid int // the replaced file's (the new one is root's)
		want     fs.FileMode
	}{
		{name: "owner and group kept", want: all},
		{name: "another owner", uid: 4321, want: all &^ fs.ModeSetuid},
		{name: "another group", gid: 4322, want: all &^ fs.ModeSetgid},
		{name: "another owner and group", uid: 4321, gid: 4322, want: 0o755 | fs.ModeSticky},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			was, p := filepath.Join(dir, "was"), filepath.Join(dir, "new")
			mustWriteFile(t, was, "old\n", 0o755)
			mustWriteFile(t, p, "new\n", 0o755)
			if err := os.Chown(was, tt.uid, tt.gid); err != nil {
				t.Fatal(err)
			}
			info, err := os.Lstat(was)
			if err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := keepSpecial(f, info, all); err != nil {
				t.Fatal(err)
			}
			if got, err := os.Lstat(p); err != nil || got.Mode()&modeBits != tt.want {
				t.Errorf("mode = %v (%v), want %v", got.Mode(), err, tt.want)
			}
		})
	}
}

// TestRollbackRemakesDirectoriesAsTheyWere: the directories a write removes (emptied by
// its deletes, or for a file to go in their place) come back with a rollback, Write's
// own after a failure or Recover's after a kill, as they were: their mode (setgid and
// sticky bits too), their owner and group (a run as root in a user's tree) and their
// extended attributes. A journal, which the tree's owner may write, gives back no owner
// or group that neither the tree nor the parent has, and no attribute but user.* ones
// and ACLs.
func TestRollbackRemakesDirectoriesAsTheyWere(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	tests := []struct {
		tree    string // of turnedTrees
		killed  bool   // killed in Finish, rolled back by Recover; else Finish fails
		journal bool   // the journal's rmdir lines are edited after the kill: another owner, a trusted.* attribute
	}{
		{tree: "files deleted from directories they leave empty"},
		{tree: "files deleted from directories they leave empty", killed: true},
		{tree: "files deleted from directories they leave empty", killed: true, journal: true},
		{tree: "directory to file"},
		{tree: "directory to file", killed: true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s, killed %v, journal edited %v", tt.tree, tt.killed, tt.journal), func(t *testing.T) {
			sc := turnedTrees()[tt.tree]
			dir := sc.setup(t)
			if err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if err := os.Lchown(p, uid, gid); err != nil || !d.IsDir() || p == dir {
					return err
				}
				mode := 0o775 | fs.ModeSetgid // a group-shared checkout
				if strings.Contains(p, "sub") {
					mode = 0o770 | fs.ModeSetgid | fs.ModeSticky
				}
				if err := os.Chmod(p, mode); err != nil {
					return err
				}
				if err := lsetAttr(p, "user.team", []byte(d.Name())); err != nil {
					t.Skipf("the file system of %s keeps no user attributes: %v", dir, err)
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			before, dirsBefore := treetest.Describe(t, dir), dirMeta(t, dir)
			opts := WriteOptions{Finish: func() error {
				if tt.killed {
					return errKilled
				}
				return errors.New("git update-index failed")
			}}
			_, err := Write(context.Background(), dir, sc.changes, opts)
			if tt.killed != errors.Is(err, errKilled) || err == nil {
				t.Fatalf("write: %v, want it stopped in Finish (killed %v)", err, tt.killed)
			}
			if tt.killed {
				left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
				if len(left) != 1 {
					t.Fatalf("staging directories left: %v, want one", left)
				}
				if tt.journal {
					editRmdirs(t, filepath.Join(left[0], journalFile))
				}
				if _, err := Recover(dir, RecoverOptions{}); err != nil {
					t.Fatalf("Recover: %v", err)
				}
			}
			if after := treetest.Describe(t, dir); !sameFiles(before, after) {
				t.Errorf("tree after the rollback differs:\nbefore %v\nafter  %v", before, after)
			}
			if after := dirMeta(t, dir); !maps.Equal(dirsBefore, after) {
				t.Errorf("directories after the rollback differ:\nbefore %v\nafter  %v", dirsBefore, after)
			}
		})
	}
}

// editRmdirs rewrites the rmdir lines of the journal at p as the tree's owner could:
// each names another owner and group (uid and gid 999) and a trusted.* attribute.
func editRmdirs(t *testing.T, p string) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	edited := 0
	for line := range strings.Lines(string(data)) {
		var e journalEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Op == opRmdir {
			other := uint32(999)
			e.UID, e.GID = &other, &other
			if e.Xattrs == nil {
				e.Xattrs = map[string][]byte{}
			}
			e.Xattrs["trusted.gonew-prod-test"] = []byte("x")
			edited++
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, b...), '\n')
	}
	if edited == 0 {
		t.Fatalf("no rmdir in the journal:\n%s", data)
	}
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// dirMeta describes every directory below root (root's own too): its mode bits
// (setgid and sticky included), owner and group, and extended attributes.
func dirMeta(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		st := info.Sys().(*syscall.Stat_t)
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		attrs := readAttrs(f)
		f.Close()
		var names []string
		for _, name := range slices.Sorted(maps.Keys(attrs)) {
			names = append(names, name+"="+string(attrs[name]))
		}
		rel, _ := filepath.Rel(root, p)
		out[rel] = fmt.Sprintf("%v %d:%d %s", info.Mode()&dirModeBits, st.Uid, st.Gid, strings.Join(names, ","))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGitsIndexKeepsItsOwner: git's index of a user's repository, which Finish writes
// anew as root (git update-index, run by a root update, renames a new file of root's
// over it), is the user's again once the write is done, and once a rollback, Write's
// own or Recover's after a kill, has put it back.
func TestGitsIndexKeepsItsOwner(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	const before, marked = "entries\nstat 1\n", "entries+marks\nstat 2\n"
	tests := []struct {
		name   string
		finish error // what Finish returns once it has written the index
	}{
		{name: "the marks written"},
		{name: "rolled back", finish: errors.New("index locked")},
		{name: "killed, recovered", finish: errKilled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, before)
			for _, p := range []string{dir, filepath.Dir(index), index} {
				if err := os.Lchown(p, uid, gid); err != nil {
					t.Fatal(err)
				}
			}
			opts := WriteOptions{Index: ix, Finish: func() error {
				if err := os.Remove(index); err != nil {
					return err
				}
				if err := os.WriteFile(index, []byte(marked), 0o644); err != nil {
					return err
				}
				return tt.finish
			}}
			_, err := Write(context.Background(), dir, killChanges(t, dir), opts)
			if !errors.Is(err, tt.finish) {
				t.Fatalf("write: %v, want %v", err, tt.finish)
			}
			if tt.finish == errKilled {
				if _, err := Recover(dir, RecoverOptions{Digest: ix.Digest}); err != nil {
					t.Fatalf("Recover: %v", err)
				}
			}
			want := marked
			if tt.finish != nil {
				want = before
			}
			info, err := os.Lstat(index)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(index)
			st := info.Sys().(*syscall.Stat_t)
			if string(data) != want || st.Uid != uid || st.Gid != gid {
				t.Errorf("git's index holds %q, owned by %d:%d; want %q, owned by the user (%d:%d)", data, st.Uid, st.Gid, want, uid, gid)
			}
		})
	}
}

// TestGitsIndexBelowTheTree: git's index of a user's repository is given back its owner
// (once Finish wrote it anew) and put back (by a rollback) below its directory as
// opened, following no symbolic link: a link the user swaps in for .git meanwhile, to a
// directory of root's holding a file named index, leads a run as root to give away or
// replace nothing there; the write fails, naming the link.
func TestGitsIndexBelowTheTree(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	const before, marked, roots = "entries\nstat 1\n", "entries+marks\nstat 2\n", "root's\n"
	tests := []struct {
		name   string
		finish error  // what Finish returns once it has written the index
		swapAt string // the step before which .git becomes a link: "finish", or "undo" (the rollback's, of the index)
	}{
		{"given back its owner", nil, "finish"},
		{"put back", errors.New("index locked"), "undo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, index, ix := indexSetup(t, before)
			for _, p := range []string{dir, filepath.Dir(index), index} {
				if err := os.Lchown(p, uid, gid); err != nil {
					t.Fatal(err)
				}
			}
			outside := t.TempDir() // root's
			mustWriteFile(t, filepath.Join(outside, "index"), roots, 0o600)
			git := filepath.Join(dir, ".git")
			swap := func() {
				if err := os.Rename(git, git+".moved"); err != nil {
					t.Fatal(err)
				}
				if err := os.Symlink(outside, git); err != nil {
					t.Fatal(err)
				}
			}
			opts := WriteOptions{Index: ix, Finish: func() error {
				if err := os.Remove(index); err != nil {
					return err
				}
				if err := os.WriteFile(index, []byte(marked), 0o644); err != nil {
					return err
				}
				if tt.swapAt == "finish" {
					swap()
				}
				return tt.finish
			}, fail: func(op, p string) error {
				if op == "undo" && p == ".git/index" && tt.swapAt == "undo" {
					swap()
				}
				return nil
			}}
			_, err := Write(context.Background(), dir, killChanges(t, dir), opts)
			if err == nil || !strings.Contains(err.Error(), "symbolic link") {
				t.Errorf("write: %v, want the link on the way to git's index named", err)
			}
			info, err := os.Lstat(filepath.Join(outside, "index"))
			if err != nil {
				t.Fatal(err)
			}
			data, _ := os.ReadFile(filepath.Join(outside, "index"))
			if st := info.Sys().(*syscall.Stat_t); string(data) != roots || st.Uid != 0 {
				t.Errorf("root's file named index where the link leads holds %q, owned by %d; want %q, root's", data, st.Uid, roots)
			}
			if _, err := os.Lstat(filepath.Join(outside, "index.lock")); err == nil {
				t.Error("an index.lock was made where the link leads")
			}
		})
	}
}

// skipUnlessUnlistableWalks skips a test of a write into a directory below the tree that
// cannot be listed (mode 0333) where such a write is refused: where walkFlag opens each
// directory on the way to read it (walkReads), at that directory; elsewhere than on
// Linux, where no call flushes it (syncUnlistable), once the files are in it.
func skipUnlessUnlistableWalks(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("a directory that cannot be listed cannot be flushed on %s: a write into one is refused", runtime.GOOS)
	}
}

// TestRollbackInAnUnlistableDirectory: a user's run writes into a directory of the tree
// that user may write in and search, but not list (mode 0333, a drop box), and fails
// (Write's own rollback) or is killed (Recover's): the rollback puts the user's file
// back there, and removes the new one, as a path reaches them without reading the
// directory. Run as the user testUID when the tests run as root (see asUser).
func TestRollbackInAnUnlistableDirectory(t *testing.T) {
	skipUnlessUnlistableWalks(t)
	if !asUser(t) {
		return
	}
	changes := []Change{
		{Path: "box/keep.txt", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n")},
		{Path: "box/new.txt", Content: []byte("new\n"), Mode: 0o644},
	}
	tests := []struct {
		name     string
		rollback func(t *testing.T, dir string) error
	}{
		{"Write", func(t *testing.T, dir string) error {
			_, err := Write(context.Background(), dir, changes, WriteOptions{Finish: func() error { return errors.New("git failed") }})
			if err == nil || !strings.HasPrefix(err.Error(), "nothing written: ") {
				return err
			}
			return nil
		}},
		{"Recover", func(t *testing.T, dir string) error {
			kill := WriteOptions{fail: func(op, p string) error {
				if op == "sync" && filepath.Base(p) == "box" { // its files moved into place
					return errKilled
				}
				return nil
			}}
			if _, err := Write(context.Background(), dir, changes, kill); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed", err)
			}
			_, err := Recover(dir, RecoverOptions{})
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			mustWriteFile(t, filepath.Join(dir, "box/keep.txt"), "yours\n", 0o644)
			box := filepath.Join(dir, "box")
			if err := os.Chmod(box, 0o333); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { os.Chmod(box, 0o755) })
			if err := tt.rollback(t, dir); err != nil {
				t.Errorf("rollback: %v", err)
			}
			if data, err := os.ReadFile(filepath.Join(box, "keep.txt")); err != nil || string(data) != "yours\n" {
				t.Errorf("box/keep.txt = %q, %v; want yours, put back", data, err)
			}
			if _, err := os.Lstat(filepath.Join(box, "new.txt")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("box/new.txt after the rollback: %v, want it removed", err)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*")); len(left) > 0 {
				t.Errorf("staging directories left: %v", left)
			}
		})
	}
}

// TestMarkedTempDirInAWriteOnlyParent: a scratch directory is made, locked and marked
// in a parent this user may write in and search but not list (mode 0333, a drop-box
// TMPDIR), where walkFlag opens a directory only to search it (O_PATH, O_SEARCH);
// elsewhere it is refused saying the parent must be readable too, not that it is not
// writable. Run as the user testUID when the tests run as root (see asUser).
func TestMarkedTempDirInAWriteOnlyParent(t *testing.T) {
	if !asUser(t) {
		return
	}
	parent := filepath.Join(t.TempDir(), "drop")
	if err := os.Mkdir(parent, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(parent, 0o333); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(parent, 0o755) })
	dir, unlock, err := MarkedTempDir(parent, "scratch-*")
	if walkReads {
		if err == nil || !strings.Contains(err.Error(), "must be readable too, not only writable (chmod u+r "+parent+")") {
			t.Errorf("MarkedTempDir in a parent this system cannot work below: %v, want it to say the parent must be readable", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("MarkedTempDir: %v", err)
	}
	defer unlock()
	if _, err := os.Lstat(filepath.Join(dir, ScratchMark)); err != nil {
		t.Errorf("the mark in the directory made: %v", err)
	}
}

// TestWriteIntoAnUnlistableDirectory: a user's run writes into a directory of the tree
// that user may write in and search, but not list (mode 0333, a drop box): the write
// succeeds, its entries there flushed with the file system's (the directory cannot be
// opened to be flushed alone). Run as the user testUID when the tests run as root (see
// asUser).
func TestWriteIntoAnUnlistableDirectory(t *testing.T) {
	skipUnlessUnlistableWalks(t)
	if !asUser(t) {
		return
	}
	changes := []Change{
		{Path: "box/keep.txt", Content: []byte("replaced\n"), Mode: 0o644, Old: []byte("yours\n")},
		{Path: "box/new.txt", Content: []byte("new\n"), Mode: 0o644},
		{Path: "box/deeper/new.txt", Content: []byte("deeper\n"), Mode: 0o644},
	}
	dir := filepath.Join(t.TempDir(), "svc")
	mustWriteFile(t, filepath.Join(dir, "box/keep.txt"), "yours\n", 0o644)
	box := filepath.Join(dir, "box")
	if err := os.Chmod(box, 0o333); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(box, 0o755) })
	if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err != nil {
		t.Fatalf("write: %v", err)
	}
	for _, c := range changes {
		if data, err := os.ReadFile(filepath.Join(dir, c.Path)); err != nil || !bytes.Equal(data, c.Content) {
			t.Errorf("%s = %q, %v; want %q", c.Path, data, err, c.Content)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*")); len(left) > 0 {
		t.Errorf("staging directories left: %v", left)
	}
}

// TestWriteRefusesATreeYouCannotList: a user's run into a tree whose root that user may
// write in and search but not list (mode 0333) is refused before anything is made, as
// the stage of a run stopped there would be where LeftStage and Recover, which list the
// tree, never find it. Run as the user testUID when the tests run as root (see asUser).
func TestWriteRefusesATreeYouCannotList(t *testing.T) {
	if !asUser(t) {
		return
	}
	dir := filepath.Join(t.TempDir(), "svc")
	mustWriteFile(t, filepath.Join(dir, "README"), "yours\n", 0o644)
	if err := os.Chmod(dir, 0o333); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	changes := []Change{
		{Path: "README", Content: []byte("ours\n"), Mode: 0o644, Old: []byte("yours\n")},
		{Path: "new.txt", Content: []byte("new\n"), Mode: 0o644},
	}
	_, err := Write(context.Background(), dir, changes, WriteOptions{Finish: func() error { return errKilled }})
	if err == nil || !strings.HasPrefix(err.Error(), "nothing written: ") || !strings.Contains(err.Error(), "chmod u+r "+dir) {
		t.Errorf("write: %v; want it refused, nothing written, saying to give yourself read permission", err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if data, _ := os.ReadFile(filepath.Join(dir, "README")); string(data) != "yours\n" || len(entries) != 1 {
		t.Errorf("the tree after the refusal: README %q, %v; want only README, as it was", data, entries)
	}
}

// TestRollbackRemovesANewFileYouCannotRead: a user's failed run had placed a new file of
// a mode that does not let that user read it (0200): the rollback removes it all the
// same, as the very file it placed (same inode, size and time, changed last once in
// place at a later time than it was written), and leaves one written since. Where the
// times cannot tell (a file system of coarse times, as on Linux before 6.13, changes
// the file in place within the granule it was written in), it leaves the file too, as
// Recover does, naming it and saying what to do: one rewritten to the same size within
// that granule is the other program's. Run as the user testUID when the tests run as
// root (see asUser).
func TestRollbackRemovesANewFileYouCannotRead(t *testing.T) {
	if !asUser(t) {
		return
	}
	untold := []string{"secret.key is left as it is: secret.key: this user may not read it", "its times cannot tell whether it changed since that run placed it", "chmod u+r"}
	tests := []struct {
		name string
		// coarse: the file is staged with a time no earlier than the one it is placed
		// at, as a file system of coarse times keeps the two within one granule.
		coarse    bool
		meanwhile func(t *testing.T, p string) // before the rollback, on the file placed at p
		wantLeft  string                       // what the file left holds; "" when it is removed
		wantErr   []string
	}{
		{"as placed", false, func(*testing.T, string) {}, "", nil},
		{"written since", false, func(t *testing.T, p string) {
			if err := os.WriteFile(p, []byte("another key\n"), 0); err != nil {
				t.Fatal(err)
			}
		}, "another key\n", []string{"written by another program"}},
		{"rewritten since within the file system's granule", true, func(t *testing.T, p string) {
			info, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("K\n"), 0); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, time.Time{}, info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, "K\n", untold},
		{"as placed, on a file system of coarse times", true, func(*testing.T, string) {}, "k\n", untold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			mustWriteFile(t, filepath.Join(dir, "README"), "yours\n", 0o644)
			p := filepath.Join(dir, "secret.key")
			changes := []Change{
				{Path: "secret.key", Content: []byte("k\n"), Mode: 0o200},
				{Path: "z.txt", Content: []byte("z\n"), Mode: 0o644},
			}
			wantLeft, wantErr := tt.wantLeft, tt.wantErr
			_, err := Write(context.Background(), dir, changes, WriteOptions{
				fail: func(op, name string) error {
					if op == "stage" && name == "z.txt" && tt.coarse { // secret.key is staged
						stages, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*", "new", "secret.key"))
						if len(stages) != 1 {
							t.Fatalf("staged secret.key: %v, want one", stages)
						}
						if err := os.Chtimes(stages[0], time.Time{}, time.Now().Add(time.Hour)); err != nil {
							t.Fatal(err)
						}
					}
					return nil
				},
				Finish: func() error {
					if stages, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*")); wantErr == nil && len(stages) == 1 && placedInItsGranule(t, stages[0], "secret.key") {
						// This file system's times are coarse (Linux before 6.13, ramfs):
						// the file no one touched is left, as in the last row.
						wantLeft, wantErr = "k\n", untold
					}
					tt.meanwhile(t, p)
					return errors.New("git failed")
				},
			})
			if err == nil || !strings.Contains(err.Error(), "git failed") {
				t.Fatalf("write: %v, want git's failure", err)
			}
			for _, want := range wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("write: %v\nwant it to say %q", err, want)
				}
			}
			if wantLeft == "" {
				if _, lerr := os.Lstat(p); lerr == nil {
					t.Errorf("secret.key left after the rollback (%v), want it removed", err)
				}
				return
			}
			if cerr := os.Chmod(p, 0o600); cerr != nil {
				t.Fatalf("secret.key after the rollback: %v (%v), want it left", cerr, err)
			}
			if data, _ := os.ReadFile(p); string(data) != wantLeft {
				t.Errorf("secret.key after the rollback holds %q, want %q", data, wantLeft)
			}
		})
	}
}

// TestRecoverRemovesANewFileYouCannotRead: a user's run killed once it had placed files
// of a mode that does not let that user read them (0200: a new one, and one that
// replaces a file of the user's, backed up) is rolled back by that user's Recover all
// the same: a file the run created, its backup too (made 0200 since, or root's after a
// run as root), is known by the inode, size and time the journal gives it, not read; a
// file of the user's it had set aside that the user may no longer read (made 0200
// since) goes back with its mode all the same. One written since (to another size, to
// the same size at another time, or another file of the same size and time put in its
// place), one whose times cannot tell (placed and rewritten within the file system's
// granule, or a journal without the time it was placed at), or one a journal names by
// its content alone (a gonew-prod before the inode), is refused, naming the file and
// what to do. Run as the user testUID when the tests
// run as root (see asUser).
func TestRecoverRemovesANewFileYouCannotRead(t *testing.T) {
	if !asUser(t) {
		return
	}
	tests := []struct {
		name    string
		after   func(t *testing.T, dir, stage string) // after the kill
		wantErr []string                              // nil when Recover must roll back
	}{
		{"as placed", func(*testing.T, string, string) {}, nil},
		{"your file set aside made unreadable since", func(t *testing.T, _, stage string) {
			if err := os.Chmod(filepath.Join(stage, "saved", "README"), 0o200); err != nil {
				t.Fatal(err)
			}
		}, nil},
		{"your file set aside made unreadable and unwritable since", func(t *testing.T, _, stage string) {
			if err := os.Chmod(filepath.Join(stage, "saved", "README"), 0); err != nil {
				t.Fatal(err)
			}
		}, []string{"README: your former file waits in", "with the mode ----------", "gives it back its mode -rw-r--r--", "chmod u+r"}},
		{"your backup made unreadable since", func(t *testing.T, dir, _ string) {
			if err := os.Chmod(filepath.Join(dir, "README.orig"), 0o200); err != nil {
				t.Fatal(err)
			}
		}, nil},
		{"written since", func(t *testing.T, dir, _ string) {
			if err := os.WriteFile(filepath.Join(dir, "secret.key"), []byte("another key\n"), 0); err != nil {
				t.Fatal(err)
			}
		}, []string{"secret.key is not what that run wrote there"}},
		{"rewritten since, of the same size", func(t *testing.T, dir, _ string) {
			p := filepath.Join(dir, "secret.key")
			info, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("K\n"), 0); err != nil {
				t.Fatal(err)
			}
			// Another time than the one placed, whatever the file system's granule.
			if err := os.Chtimes(p, time.Time{}, info.ModTime().Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}, []string{"secret.key is not what that run wrote there"}},
		{"another file since, of the same size and time", func(t *testing.T, dir, _ string) {
			p, tmp := filepath.Join(dir, "secret.key"), filepath.Join(dir, "secret.key.tmp")
			info, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(tmp, []byte("K\n"), 0o200); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(tmp, time.Time{}, info.ModTime()); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, p); err != nil {
				t.Fatal(err)
			}
		}, []string{"secret.key is not what that run wrote there"}},
		// What a file system of coarse times (a second, on some) journals of a file
		// moved in the granule it was written in, and shows of the file rewritten in
		// that granule too: the time it was written.
		{"rewritten since within the file system's granule", func(t *testing.T, dir, stage string) {
			p := filepath.Join(dir, "secret.key")
			info, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			editJournal(t, stage, func(e map[string]any) {
				if e["op"] == "placed" && e["path"] == "secret.key" {
					e["ctime_ns"] = info.ModTime().UnixNano()
				}
			})
			if err := os.WriteFile(p, []byte("K\n"), 0); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(p, time.Time{}, info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}, []string{"secret.key: this user may not read it", "its times cannot tell whether it changed since that run placed it", "chmod u+r", "README"}},
		// What such a file system journals of a file no one touched since: its times
		// cannot tell it from one rewritten within the granule, so it is refused too,
		// saying why, and read once the user gives themselves read permission.
		{"as placed, on a file system of coarse times", func(t *testing.T, dir, stage string) {
			info, err := os.Lstat(filepath.Join(dir, "secret.key"))
			if err != nil {
				t.Fatal(err)
			}
			editJournal(t, stage, func(e map[string]any) {
				if e["op"] == "placed" && e["path"] == "secret.key" {
					e["ctime_ns"] = info.ModTime().UnixNano()
				}
			})
		}, []string{"secret.key: this user may not read it", "its times cannot tell whether it changed since that run placed it", "this file system keeps them too coarsely", "chmod u+r", "README"}},
		{"a journal without the time it was placed at", func(t *testing.T, _, stage string) {
			editJournal(t, stage, func(e map[string]any) {
				if e["op"] == "placed" {
					clear(e)
				}
			})
		}, []string{"secret.key: this user may not read it", "its times cannot tell whether it changed since that run placed it", "chmod u+r", "README"}},
		{"a journal without the inode", func(t *testing.T, _, stage string) {
			p := filepath.Join(stage, journalFile)
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			old := regexp.MustCompile(`,"(inode|size|mtime_ns)":[0-9]+`).ReplaceAll(data, nil)
			if bytes.Equal(old, data) {
				t.Fatalf("the journal names no file by its inode:\n%s", data)
			}
			if err := os.WriteFile(p, old, 0o600); err != nil {
				t.Fatal(err)
			}
		}, []string{"secret.key: this user may not read it", "chmod u+r", "README"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			mustWriteFile(t, filepath.Join(dir, "README"), "yours\n", 0o644)
			t.Cleanup(func() { // the refused cases leave files of mode 0200 to remove
				_ = filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
					if err == nil {
						os.Chmod(p, 0o755)
					}
					return nil
				})
			})
			before := treetest.Describe(t, dir)
			changes := []Change{
				{Path: "secret.key", Content: []byte("k\n"), Mode: 0o200},
				{Path: "README", Content: []byte("ours\n"), Mode: 0o200, Old: []byte("yours\n"), Backup: true},
			}
			kill := WriteOptions{Finish: func() error { return errKilled }} // every file placed
			if _, err := Write(context.Background(), dir, changes, kill); !errors.Is(err, errKilled) {
				t.Fatalf("write: %v, want it killed", err)
			}
			left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
			if len(left) != 1 {
				t.Fatalf("staging directories left: %v, want one", left)
			}
			wantErr := tt.wantErr
			if wantErr == nil && placedInItsGranule(t, left[0], "secret.key") {
				// This file system's times are coarse (Linux before 6.13, ramfs): the
				// file no one touched is refused, as in the row above.
				wantErr = []string{"secret.key: this user may not read it", "this file system keeps them too coarsely", "chmod u+r"}
			}
			tt.after(t, dir, left[0])
			_, err := Recover(dir, RecoverOptions{})
			if wantErr == nil {
				if err != nil {
					t.Fatalf("Recover: %v", err)
				}
				if after := treetest.Describe(t, dir); !sameFiles(before, after) {
					t.Errorf("tree after Recover differs:\nbefore %v\nafter  %v", before, after)
				}
				return
			}
			if err == nil {
				t.Fatal("Recover: nil, want a refusal")
			}
			for _, want := range wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Recover: %v\nwant it to say %q", err, want)
				}
			}
			if _, serr := os.Lstat(filepath.Join(left[0], "saved", "README")); serr != nil {
				t.Errorf("your file set aside after a refused Recover: %v, want it left where it waits, nothing changed", serr)
			}
		})
	}
}

// TestRecoverRefusesAnUndoneFileItCannotTell: a run's own rollback killed once it
// journaled the undo of a new file of mode 0200, before it removed it, leaves the file
// in the tree; where its times cannot tell whether it changed since it was placed (a
// file system of coarse times journals a change time equal to its mtime), Recover, as
// the user who may not read it, refuses naming it and saying what to do, rather than
// take it for a file put there after the rollback removed the run's and leave it named
// nowhere. Run as the user testUID when the tests run as root (see asUser).
func TestRecoverRefusesAnUndoneFileItCannotTell(t *testing.T) {
	if !asUser(t) {
		return
	}
	dir := filepath.Join(t.TempDir(), "svc")
	mustWriteFile(t, filepath.Join(dir, "README"), "yours\n", 0o644)
	changes := []Change{{Path: "secret.key", Content: []byte("k\n"), Mode: 0o200}}
	opts := WriteOptions{
		Finish: func() error { return errors.New("git failed") },
		fail: func(op, p string) error {
			if op == "undo" && p == "secret.key" {
				return errKilled // once the undo is journaled, before the file goes
			}
			return nil
		},
	}
	if _, err := Write(context.Background(), dir, changes, opts); !errors.Is(err, errKilled) {
		t.Fatalf("write: %v, want it killed in its rollback", err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, stagePrefix+"*"))
	if len(left) != 1 {
		t.Fatalf("staging directories left: %v, want one", left)
	}
	info, err := os.Lstat(filepath.Join(dir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	editJournal(t, left[0], func(e map[string]any) {
		if e["op"] == "placed" {
			e["ctime_ns"] = info.ModTime().UnixNano()
		}
	})
	r, err := Recover(dir, RecoverOptions{})
	if err == nil {
		t.Fatalf("Recover: %v, nil; want a refusal naming secret.key", r)
	}
	for _, want := range []string{"secret.key: this user may not read it", "its times cannot tell whether it changed since that run placed it", "chmod u+r"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Recover: %v\nwant it to say %q", err, want)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "secret.key")); err != nil {
		t.Errorf("secret.key after a refused Recover: %v, want it left as it is", err)
	}
}

// TestWroteThereKnowsAFileOnItsDevice: a file this user may not read is the one a step
// placed only when it is on the tree's file system too (a file of another with the
// same inode number, size and time, on another device, is not), as well as of the
// journaled inode, size and time; and only when it was placed at a later time than it
// was written, else a write since may have left its time as it was: that is refused. Run as the user testUID when the tests run as root
// (see asUser).
func TestWroteThereKnowsAFileOnItsDevice(t *testing.T) {
	if !asUser(t) {
		return
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "secret.key")
	mustWriteFile(t, p, "k\n", 0o200)
	if err := os.Chmod(p, 0o200); err != nil {
		t.Fatal(err)
	}
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	e := stagedAs(journalEntry{Op: opCreate, Path: "secret.key", SHA256: sum([]byte("k\n"))}, info)
	st := *info.Sys().(*syscall.Stat_t)
	st.Dev++
	for _, tc := range []struct {
		name    string
		info    fs.FileInfo
		ctime   int64 // the change time journaled once placed, after e.MTime by so many ns
		want    bool
		wantErr string
	}{
		{"on the tree's device", info, 1, true, ""},
		{"on another device", statInfo{info, &st}, 1, false, ""},
		// A write in the granule it was staged in leaves its time as it was.
		{"placed in the granule it was written in", info, 0, false, "may not read it (open " + p + ": permission denied) to tell whether it still holds what that run wrote, and its times cannot tell whether it changed since that run placed it (this file system keeps them too coarsely"},
		{"without the time it was placed at", info, -e.MTime, false, "chmod u+r"},
	} {
		e := e
		e.CTime = e.MTime + tc.ctime
		got, err := wroteThere(dir, p, tc.info, e)
		if got != tc.want || tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
			t.Errorf("%s: wroteThere = %v, %v; want %v, an error saying %q", tc.name, got, err, tc.want, tc.wantErr)
		}
	}
}

// placedInItsGranule reports whether the journal in stage gives the file the run placed
// at rel a change time, once in place, no later than the time it was written: what a
// file system of coarse times journals.
func placedInItsGranule(t *testing.T, stage, rel string) bool {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(stage, journalFile))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := parseJournal(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Op == opCreate && e.Path == rel {
			return e.CTime <= e.MTime
		}
	}
	t.Fatalf("the journal in %s does not create %s:\n%s", stage, rel, data)
	return false
}

// editJournal rewrites each line of the journal in stage as edit changes it; a line it
// empties goes.
func editJournal(t *testing.T, stage string, edit func(e map[string]any)) {
	t.Helper()
	p := filepath.Join(stage, journalFile)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		var e map[string]any
		if err := d.Decode(&e); err != nil {
			t.Fatal(err)
		}
		if edit(e); len(e) == 0 {
			continue
		}
		line, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(append(out, line...), '\n')
	}
	if err := os.WriteFile(p, out, 0o600); err != nil {
		t.Fatal(err)
	}
}

// statInfo is a FileInfo whose Sys is st.
type statInfo struct {
	fs.FileInfo
	st *syscall.Stat_t
}

func (i statInfo) Sys() any { return i.st }

// TestWriteSyncsBelowTheTree: the directories a write flushes once its files are in
// them (a new tree's, staged; those of a tree written into) are opened below the
// directory they are in as opened, following no link: a named pipe the owner of that
// directory swaps in for one meanwhile is not opened (an open to read would wait for a
// writer for ever), and the write goes on.
func TestWriteSyncsBelowTheTree(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fresh bool // a new tree, staged beside it
	}{
		{"a new tree", true},
		{"a tree written into", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			if !tc.fresh {
				mustWriteFile(t, filepath.Join(dir, "keep.txt"), "yours\n", 0o644)
			}
			var pipe string
			opts := WriteOptions{fail: func(op, p string) error {
				if op == "sync" && filepath.Base(p) == "a" && pipe == "" {
					pipe = p
					if err := os.Rename(p, p+".moved"); err != nil {
						t.Fatal(err)
					}
					if err := unix.Mkfifo(p, 0o600); err != nil {
						t.Fatal(err)
					}
				}
				return nil
			}}
			done := make(chan error, 1)
			go func() {
				_, err := Write(context.Background(), dir, []Change{{Path: "a/f.txt", Content: []byte("new\n"), Mode: 0o644}}, opts)
				done <- err
			}()
			select {
			case err := <-done:
				if pipe == "" {
					t.Fatalf("Write (%v) flushed no directory a", err)
				}
			case <-time.After(10 * time.Second):
				treetest.Unblock(pipe, func() bool { return len(done) == 0 }) // let the open go: a writer at the other end
				<-done
				t.Fatalf("Write waited on the named pipe swapped in at %s", pipe)
			}
		})
	}
}

// TestBelowKnowsALinkAsPutThere: a symbolic link where a directory or a file is looked
// for below a directory (opened with O_NOFOLLOW, which gives ELOOP on Linux, EMLINK on
// FreeBSD, EFTYPE on NetBSD, EINVAL on DragonFly) is what another program put there
// (putThere), on the way and at the name itself, so that a write names it as such, and
// syncDirs passes it by as it passes a directory gone; a write whose directory is
// swapped for a link while it flushes goes on.
func TestBelowKnowsALinkAsPutThere(t *testing.T) {
	base := t.TempDir()
	if err := os.Mkdir(filepath.Join(base, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWriteFile(t, filepath.Join(base, "real", "f"), "x\n", 0o644)
	if err := os.Symlink("real", filepath.Join(base, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real/f", filepath.Join(base, "flink")); err != nil {
		t.Fatal(err)
	}
	d, err := openTree(base, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	file := func(f *os.File, err error) error {
		if err == nil {
			f.Close()
		}
		return err
	}
	for name, open := range map[string]func() error{
		"a directory": func() error {
			sub, err := d.dir("link", 0)
			if err == nil {
				sub.Close()
			}
			return err
		},
		"on the way":          func() error { return file(d.open(filepath.Join("link", "f"))) },
		"a file":              func() error { return file(d.open("flink")) },
		"a directory to list": func() error { return file(d.openDir("link")) },
	} {
		if err := open(); !putThere(err) || !strings.Contains(fmt.Sprint(err), "is a symbolic link, or a file where a directory was") {
			t.Errorf("%s: a link there: %v, want it named as put there", name, err)
		}
	}

	dir := filepath.Join(t.TempDir(), "svc")
	mustWriteFile(t, filepath.Join(dir, "keep.txt"), "yours\n", 0o644)
	swapped := false
	opts := WriteOptions{fail: func(op, p string) error {
		if op == "sync" && filepath.Base(p) == "a" && !swapped {
			swapped = true
			if err := os.Rename(p, p+".moved"); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(p+".moved", p); err != nil {
				t.Fatal(err)
			}
		}
		return nil
	}}
	_, err = Write(context.Background(), dir, []Change{{Path: "a/f.txt", Content: []byte("new\n"), Mode: 0o644}}, opts)
	if !swapped || err != nil {
		t.Errorf("Write with a link swapped in for a directory it flushes: %v (swapped: %v), want it gone on", err, swapped)
	}
}

// TestWriteReadsOwnersBelowTheTree: the owner, mode bits and attributes a write as root
// gives the file it stages for a path of the tree (a new file: its directory's owner; a
// file it replaces: that file's owner, setuid bit…) are read below the tree, following
// no symbolic link: one the tree's owner swaps in on the way while the file is staged,
// and back before it is placed, gives it nothing of what the link leads to.
func TestWriteReadsOwnersBelowTheTree(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user takes root") // CI and this machine run as root
	}
	const uid, gid = 4321, 4322
	for _, tc := range []struct {
		name   string
		change Change
	}{
		{"a new file", Change{Path: "a/f.txt", Content: []byte("new\n"), Mode: 0o755}},
		{"a file replaced", Change{Path: "a/f.txt", Old: []byte("old\n"), Content: []byte("new\n"), Mode: 0o755}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "svc")
			mustWriteFile(t, filepath.Join(dir, "a/keep.txt"), "yours\n", 0o644)
			if tc.change.Old != nil {
				mustWriteFile(t, filepath.Join(dir, "a/f.txt"), "old\n", 0o755)
			}
			outside := t.TempDir() // another user's, with a setuid file of theirs
			mustWriteFile(t, filepath.Join(outside, "f.txt"), "theirs\n", 0o755)
			for _, p := range []string{outside, filepath.Join(outside, "f.txt")} {
				if err := os.Chown(p, uid, gid); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Chmod(filepath.Join(outside, "f.txt"), 0o755|fs.ModeSetuid); err != nil {
				t.Fatal(err)
			}
			a := filepath.Join(dir, "a")
			swap := func(from, to string) {
				if err := os.Rename(from, to); err != nil {
					t.Fatal(err)
				}
			}
			swapped := false
			opts := WriteOptions{fail: func(op, p string) error {
				switch {
				case op == "stage" && p == "a/f.txt":
					swap(a, a+".moved")
					if err := os.Symlink(outside, a); err != nil {
						t.Fatal(err)
					}
					swapped = true
				case op == "stage" && p == "z.txt" && swapped:
					if err := os.Remove(a); err != nil {
						t.Fatal(err)
					}
					swap(a+".moved", a)
				}
				return nil
			}}
			changes := []Change{tc.change, {Path: "z.txt", Content: []byte("z\n"), Mode: 0o644}}
			_, err := Write(context.Background(), dir, changes, opts)
			if !swapped {
				t.Fatalf("Write (%v) staged no file", err)
			}
			if info, lerr := os.Lstat(a); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
				// The write stopped on the link: the tree is as it was once it goes.
				if err == nil {
					t.Fatal("Write placed its files through the link")
				}
				if err := os.Remove(a); err != nil {
					t.Fatal(err)
				}
				swap(a+".moved", a)
			}
			info, serr := os.Lstat(filepath.Join(dir, "a/f.txt"))
			if errors.Is(serr, fs.ErrNotExist) && tc.change.Old == nil && err != nil {
				return // nothing written
			}
			if serr != nil {
				t.Fatalf("after Write (%v): %v", err, serr)
			}
			if st := info.Sys().(*syscall.Stat_t); st.Uid == uid || st.Gid == gid || info.Mode()&fs.ModeSetuid != 0 {
				t.Errorf("Write: %v; a/f.txt is %v %d:%d, want nothing of the file the link led to", err, info.Mode(), st.Uid, st.Gid)
			}
		})
	}
}
