package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/builtin"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// newProject renders a project with this build into a fresh directory, without the
// network or git, and returns its directory.
func newProject(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "svc")
	if r := run(t, filepath.Dir(dir), newArgs("--module", "example.com/acme/svc", "--preset", "minimal", dir)...); r.code != ExitOK {
		t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
	}
	return dir
}

// rewriteRecord changes the project's record with change and writes it back.
func rewriteRecord(t *testing.T, dir string, change func(*generator.Record)) {
	t.Helper()
	rec := readRecord(t, dir)
	change(rec)
	f, err := rec.Encode()
	if err != nil {
		t.Fatal(err)
	}
	mustWrite(t, dir, generator.RecordFile, string(f.Content))
}

func wantCode(t *testing.T, r result, code int, args ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("gonew-prod %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
}

// TestUpdateSameVersion checks that a project updated by the build that generated it is
// up to date and stays byte for byte as it is, even with the user's edits.
func TestUpdateSameVersion(t *testing.T) {
	dir := newProject(t)
	appendTo(t, dir, "internal/config/config.go", "\n// Mine.\n")
	if err := os.Remove(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Fatal(err)
	}
	before := treetest.Describe(t, dir)
	for _, args := range [][]string{{"update", "--check"}, {"update", "--dry-run"}, {"update"}} {
		r := run(t, dir, args...)
		wantCode(t, r, ExitOK, args...)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("the update changed the tree:\n%s", treeDiff(before, after))
	}
}

func TestUpdateUsage(t *testing.T) {
	dir := newProject(t)
	broken := newProject(t)
	mustWrite(t, broken, generator.RecordFile, "generator: [\n")
	staged := newProject(t)
	mustWrite(t, staged, ".gonew-prod-stage-1/saved/README.md", "as it was\n")
	huge := newProject(t)
	mustWrite(t, huge, generator.RecordFile, readFile(t, huge, generator.RecordFile)+"# "+strings.Repeat("x", generator.MaxRecordSize)+"\n")
	fifo := newProject(t)
	if err := os.Remove(filepath.Join(fifo, generator.RecordFile)); err != nil {
		t.Fatal(err)
	}
	treetest.Mkfifo(t, filepath.Join(fifo, generator.RecordFile), 0o600)
	edited := newProject(t)
	rewriteRecord(t, edited, func(r *generator.Record) { r.Entry("Makefile").SHA256 = generator.Sum([]byte("edited\n")) })
	owned := newProject(t)
	rewriteRecord(t, owned, func(r *generator.Record) { r.Entry("Dockerfile").Owner = generator.OwnerUser })
	badWork := newProject(t)
	mustWrite(t, badWork, "go.work", "go 1.26.0\n\nuse .\nbogus directive\n")
	tests := []struct {
		name   string
		dir    string
		args   []string
		stderr string
	}{
		{"bad version", dir, []string{"--to", "next"}, `invalid --to "next"`},
		{"short version", dir, []string{"--to", "v0.2"}, `invalid --to "v0.2": want a full version`},
		{"contradicting flags", dir, []string{"--no-verify", "--verify-cmd", "make test"}, "contradict"},
		{"argument", dir, []string{"extra"}, "unknown command"},
		{"unknown flag", dir, []string{"--frobnicate"}, "unknown flag"},
		{"no record", t.TempDir(), nil, "has no .gonew-prod.yaml"},
		{"a subdirectory of the project", filepath.Join(dir, "internal"), nil, "has no .gonew-prod.yaml, but " + dir + " above it has: run update in the project's root directory, or pass --dir " + dir},
		{"no such directory", dir, []string{"--check", "--dir", "nowhere"}, "/nowhere: no such directory"},
		{"dir is a file", dir, []string{"--dir", "Makefile"}, "/Makefile: not a directory"},
		{"malformed record", broken, []string{"--check"}, generator.RecordFile},
		{"the stage of a killed run", staged, []string{"--check"}, "is left from a gonew-prod run that was stopped while writing: its saved/ directory holds 1 file(s) of yours"},
		{"record over the size limit", huge, []string{"--check"}, "read .gonew-prod.yaml: larger than 4194304 bytes"},
		{"record not a regular file", fifo, []string{"--check"}, generator.RecordFile + " is not a regular file"},
		{"recreate a file not deleted", dir, []string{"--recreate", "Makefile", "--no-verify"}, "--recreate Makefile: not a file you deleted"},
		{"resolved a file not deleted", dir, []string{"--resolved", "Makefile", "--no-verify"}, "--resolved Makefile: not a file you deleted whose change an earlier update left not applied (those are: none)"},
		{"unknown preset", dir, []string{"--preset", "nosuch", "--check"}, `unknown preset "nosuch"`},
		{"a record edited by hand", edited, []string{"--no-verify"}, "Makefile differs from its recorded sha256"},
		{"a record edited by hand, checked", edited, []string{"--check"}, "was likely edited by hand"},
		// The plan would obey the owner, the new record drop it (round 28 update/2).
		{"an owner edited into the record", owned, []string{"--no-verify"}, "Dockerfile is recorded with owner user but rendered with owner tool, which the template sets, not the record"},
		{"an owner edited into the record, dry run", owned, []string{"--dry-run"}, "was likely edited by hand"},
		// The go command stops on it: --no-verify, which runs none, is refused too.
		{"a go.work of the project's that does not parse", badWork, []string{"--no-verify"}, "does not parse: " + filepath.Join(badWork, "go.work") + ":4: unknown directive: bogus: every go command run for the project stops on it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := treetest.Describe(t, tt.dir)
			r := run(t, tt.dir, append([]string{"update"}, tt.args...)...)
			wantCode(t, r, ExitUsage, tt.args...)
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.stderr)
			}
			if after := treetest.Describe(t, tt.dir); !equalTrees(before, after) {
				t.Errorf("the tree changed:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestUpdateGOWORKOffIgnoresGoWork: with GOWORK=off the go command ignores go.work
// whatever it holds, so a go.work of the project's that does not parse, which update
// refuses otherwise (TestUpdateUsage), stops nothing: the update runs its checks, as the
// user builds, without it, and writes.
func TestUpdateGOWORKOffIgnoresGoWork(t *testing.T) {
	dir := newProject(t)
	mustWrite(t, dir, "go.work", "go 1.26.0\n\nuse .\nbogus directive\n")
	if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
		t.Fatal(err)
	}
	r := runEnv(t, context.Background(), dir, nil, []string{"GOPROXY=off", "GOFLAGS=", "GOWORK=off"}, "update", "--recreate", "Makefile", "--verify-cmd", "go build ./...")
	wantCode(t, r, ExitOK, "update", "--recreate", "Makefile")
	if _, err := os.Stat(filepath.Join(dir, "Makefile")); err != nil {
		t.Errorf("the Makefile is not back: %v", err)
	}
}

// setUpUnavailableBase turns a project of this build into one whose recorded templates
// are not this build's, so its base cannot be rendered: the project's Makefile (a file
// the user did not edit) and its health package (edited by the user) differ from what
// this build renders. It returns the content this build renders for both.
func setUpUnavailableBase(t *testing.T, dir string) (makefile, health string) {
	t.Helper()
	const healthPath = "internal/platform/health/health.go"
	makefile, health = readFile(t, dir, "Makefile"), readFile(t, dir, healthPath)
	oldMakefile := strings.Replace(makefile, "\n", "\n# an older line\n", 1)
	mustWrite(t, dir, "Makefile", oldMakefile)
	appendTo(t, dir, healthPath, "\n// Edited by the team.\n")
	rewriteRecord(t, dir, func(r *generator.Record) {
		r.Generator.Templates = "sha256:" + strings.Repeat("0", 64)
		r.Entry("Makefile").SHA256 = generator.Sum([]byte(oldMakefile))
		r.Entry(healthPath).SHA256 = generator.Sum([]byte(health + "// an older health.go\n"))
	})
	return makefile, health
}

// TestUpdateUnavailableBase checks an update whose base cannot be rendered: files the user
// did not edit are updated, a file both sides changed becomes a conflict holding both
// versions (a dry run exits 3 as the update does), and the conflict stays pending (exit
// 3, check 4) until it is resolved.
func TestUpdateUnavailableBase(t *testing.T) {
	dir := newProject(t)
	makefile, health := setUpUnavailableBase(t, dir)
	const healthPath = "internal/platform/health/health.go"
	edited := readFile(t, dir, healthPath)

	// A dry run exits as the update would, and writes nothing.
	r := run(t, dir, "update", "--dry-run")
	wantCode(t, r, ExitUpdate, "update", "--dry-run")
	if want := "dry run: nothing written; the update to gonew-prod (devel) would conflict in " + healthPath; !strings.Contains(r.stderr, want) {
		t.Errorf("update --dry-run: stderr\n%s\nwant %q", r.stderr, want)
	}
	if got := readFile(t, dir, healthPath); got != edited {
		t.Fatalf("update --dry-run wrote %s:\n%s", healthPath, got)
	}
	r = run(t, dir, "update", "--check", "--json")
	wantCode(t, r, ExitConflict, "update", "--check", "--json")
	var report struct {
		Status, Base string
		BaseError    string `json:"base_error"`
		Conflicts    []string
		Files        []struct{ Path, Action, Owner, Reason string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if report.Status != "conflict" || report.Base != "unavailable" || !strings.Contains(report.BaseError, "(devel) is not a module version") ||
		!slices.Equal(report.Conflicts, []string{healthPath}) {
		t.Errorf("report: status %q, base %q (%s), conflicts %v", report.Status, report.Base, report.BaseError, report.Conflicts)
	}

	r = run(t, dir, "update")
	wantCode(t, r, ExitUpdate, "update")
	for _, want := range []string{"the base (gonew-prod (devel)) is unavailable", "conflict     " + healthPath, "update       Makefile"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if got := readFile(t, dir, "Makefile"); got != makefile {
		t.Errorf("Makefile not updated to this build's:\n%s", got)
	}
	wantHealth := "<<<<<<< yours\n" + edited + "||||||| gonew-prod (devel) (unavailable)\n=======\n" + health + ">>>>>>> gonew-prod (devel)\n"
	if got := readFile(t, dir, healthPath); got != wantHealth {
		t.Errorf("health.go:\n%s\nwant\n%s", got, wantHealth)
	}
	if rec := readRecord(t, dir); !slices.Equal(rec.Conflicts, []string{healthPath}) || rec.Entry(healthPath).SHA256 != generator.Sum([]byte(health)) {
		t.Errorf("record: conflicts %v, health.go %+v; want the conflict listed and this build's checksum", rec.Conflicts, rec.Entry(healthPath))
	}

	// Pending until the markers are gone, --dry-run too (not up to date, and no plan
	// that takes the markers for edits); --json has no base then, as no plan was made.
	wantCode(t, run(t, dir, "update", "--check"), ExitConflict, "update", "--check")
	for _, args := range [][]string{{"update", "--dry-run", "--json"}, {"update", "--check", "--json"}} {
		r := run(t, dir, args...)
		var pending map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &pending); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, r.stdout)
		}
		if _, hasBase := pending["base"]; pending["status"] != "pending" || hasBase || !strings.Contains(r.stderr, "still hold the conflicts of an earlier update: "+healthPath) {
			t.Errorf("%v with a pending conflict: exit %d, status %v, base %v\n%s", args, r.code, pending["status"], pending["base"], r.stderr)
		}
	}
	if r := run(t, dir, "update"); r.code != ExitUpdate || !strings.Contains(r.stderr, "still hold the conflicts of an earlier update: "+healthPath) {
		t.Errorf("update with a pending conflict: exit %d\n%s", r.code, r.stderr)
	}
	// Resolved: the next update drops the conflict from the record, which it writes, so
	// --check says so (exit 3), and is up to date after it.
	mustWrite(t, dir, healthPath, edited)
	r = run(t, dir, "update", "--check")
	wantCode(t, r, ExitUpdate, "update", "--check")
	if want := "writes .gonew-prod.yaml alone: it drops from the record's conflicts " + healthPath; !strings.Contains(r.stderr, want) {
		t.Errorf("update --check with the conflict resolved: stderr\n%s\nwant %q", r.stderr, want)
	}
	wantCode(t, run(t, dir, "update"), ExitOK, "update")
	if rec := readRecord(t, dir); len(rec.Conflicts) != 0 {
		t.Errorf("resolved conflicts still recorded: %v", rec.Conflicts)
	}
	wantCode(t, run(t, dir, "update", "--check"), ExitOK, "update", "--check")
	if got := readFile(t, dir, healthPath); got != edited {
		t.Errorf("the resolved file changed:\n%s", got)
	}
}

// TestUpdateGate checks that a failing gate writes nothing and prints the failure, and
// that a passing one lets the update through.
func TestUpdateGate(t *testing.T) {
	dir := newProject(t)
	_, health := setUpUnavailableBase(t, dir)
	rewriteRecord(t, dir, func(r *generator.Record) {
		// This build renders health.go as recorded, which keeps the user's edit: only the
		// Makefile changes, a clean update.
		r.Entry("internal/platform/health/health.go").SHA256 = generator.Sum([]byte(health))
	})
	before := treetest.Describe(t, dir)
	r := run(t, dir, "update", "--no-tidy", "--verify-cmd", "echo the tests broke; test -f Makefile && exit 7")
	wantCode(t, r, ExitFailure, "update", "--verify-cmd")
	for _, want := range []string{"the tests broke", "nothing written", "exit status 7"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("a failing gate changed the tree:\n%s", treeDiff(before, after))
	}
	if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".svc.gonew-prod-verify-*")); len(leftovers) > 0 {
		t.Errorf("scratch copies left behind: %v", leftovers)
	}

	r = run(t, dir, "update", "--no-tidy", "--verify-cmd", `grep -q "an older line" Makefile && exit 1; test -f go.mod`)
	wantCode(t, r, ExitOK, "update", "--verify-cmd")
	if strings.Contains(readFile(t, dir, "Makefile"), "an older line") {
		t.Error("the Makefile was not updated")
	}
	if !strings.Contains(readFile(t, dir, "internal/platform/health/health.go"), "// Edited by the team.") {
		t.Error("the user's edit of health.go is gone")
	}
}

// TestUpdateMarksGitIndex checks that conflicts are unmerged paths in git's index, unless
// the index holds content the user staged and then changed again in the file: that entry
// stays, so nothing staged is lost.
func TestUpdateMarksGitIndex(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const healthPath = "internal/platform/health/health.go"
	for _, staged := range []bool{false, true} {
		t.Run(fmt.Sprintf("staged=%v", staged), func(t *testing.T) {
			repo := t.TempDir()
			dir := filepath.Join(repo, "services", "svc")
			if r := run(t, repo, newArgs("--module", "example.com/acme/svc", "--preset", "minimal", dir)...); r.code != ExitOK {
				t.Fatal(r.stderr)
			}
			git := gitAt(t, repo)
			git("init", "-q")
			git("add", "-A")
			git("commit", "-qm", "generated")
			setUpUnavailableBase(t, dir)
			var stagedBlob string
			if staged {
				git("add", "services/svc/"+healthPath)
				stagedBlob = git("rev-parse", ":services/svc/"+healthPath)
				appendTo(t, dir, healthPath, "// Edited again, not staged.\n")
			}
			r := run(t, dir, "update")
			wantCode(t, r, ExitUpdate, "update")
			unmerged := strings.TrimSpace(git("ls-files", "--unmerged"))
			if staged {
				if !strings.Contains(r.stderr, "keeps the content you staged: "+healthPath) || unmerged != "" {
					t.Errorf("stderr:\n%s\nunmerged:\n%s", r.stderr, unmerged)
				}
				if got := git("rev-parse", ":services/svc/"+healthPath); got != stagedBlob {
					t.Errorf("the staged content of %s changed", healthPath)
				}
				return
			}
			if !strings.Contains(r.stderr, "unmerged paths in git's index") {
				t.Errorf("stderr:\n%s", r.stderr)
			}
			var stages []string
			for _, line := range strings.Split(unmerged, "\n") {
				f := strings.Fields(line)
				stages = append(stages, f[2]+" "+f[3])
			}
			want := []string{"2 services/svc/" + healthPath, "3 services/svc/" + healthPath}
			if !slices.Equal(stages, want) {
				t.Errorf("unmerged entries %v, want %v (no base stage: the base is unavailable)", stages, want)
			}
		})
	}
}

// TestUpdateLocked: update refuses while another add or update holds the project's
// directory, and changes nothing.
func TestUpdateLocked(t *testing.T) {
	dir := newProject(t)
	unlock, err := generator.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	before := treetest.Describe(t, dir)
	r := run(t, dir, "update", "--check")
	wantCode(t, r, ExitFailure, "update --check while locked")
	if want := "another gonew-prod run (new --force, add or update) is writing in this directory"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr:\n%s\nwant %q", r.stderr, want)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("a refused update changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestUpdateRefusesWhatGitCannotTake checks that update writes nothing when git could
// not take its result: an index another git process holds locked (the conflicts could
// not be marked unmerged), a failure to mark them once the tree is written (the tree is
// restored), files git is told not to look at that the update would edit, and a tracked
// file a sparse checkout leaves out that the update would create.
func TestUpdateRefusesWhatGitCannotTake(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string, git func(args ...string))
		code  int
		want  string
	}{
		{name: "index locked", code: ExitFailure, want: "/.git/index.lock exists: another git process is using the repository's index",
			setup: func(t *testing.T, dir string, _ func(args ...string)) {
				mustWrite(t, dir, ".git/index.lock", "")
			}},
		{name: "marking fails after the write", code: ExitFailure, want: "nothing written: mark the conflicts unmerged in git's index: git update-index",
			setup: func(t *testing.T, _ string, _ func(args ...string)) {
				// A git that fails to write the index, as one that finds the lock taken
				// between the check and the marking does (the copy update marks first,
				// to know what the marked index says, is written).
				real, err := exec.LookPath("git")
				if err != nil {
					t.Fatal(err)
				}
				bin := t.TempDir()
				mustWrite(t, bin, "git", "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = update-index ] && [ -z \"$GIT_INDEX_FILE\" ] && { echo 'fatal: index locked' >&2; exit 128; }; done\nexec "+real+" \"$@\"\n")
				if err := os.Chmod(filepath.Join(bin, "git"), 0o755); err != nil {
					t.Fatal(err)
				}
				t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			}},
		{name: "assume-unchanged", code: ExitUsage, want: "nothing written: git is told not to look at Makefile (assume-unchanged or skip-worktree): it would neither show nor commit update's edits there; run git update-index --no-assume-unchanged Makefile, then update again",
			setup: func(_ *testing.T, _ string, git func(args ...string)) {
				git("update-index", "--assume-unchanged", "Makefile")
			}},
		{name: "sparse file created", code: ExitUsage, want: "nothing written: git tracks .dockerignore, which the work tree lacks (a sparse checkout, or --skip-worktree)",
			setup: func(t *testing.T, dir string, git func(args ...string)) {
				rewriteRecord(t, dir, func(r *generator.Record) {
					r.Files = slices.DeleteFunc(r.Files, func(e generator.RecordEntry) bool { return e.Path == ".dockerignore" })
				})
				mustWrite(t, dir, ".dockerignore", "the user's own\n")
				git("add", ".dockerignore")
				git("commit", "-qm", "own")
				git("update-index", "--skip-worktree", ".dockerignore")
				if err := os.Remove(filepath.Join(dir, ".dockerignore")); err != nil {
					t.Fatal(err)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := newProject(t)
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			git("init", "-q")
			git("add", "-A")
			git("commit", "-qm", "generated")
			setUpUnavailableBase(t, dir) // the Makefile is updated, health.go conflicts
			tt.setup(t, dir, git)
			if tt.code == ExitUsage {
				// What git is told not to look at refuses a check and a dry run too;
				// an index.lock (which goes away) does not.
				wantRefusal(t, dir, tt.want)
			}
			before := treetest.Describe(t, dir)
			r := run(t, dir, "update", "--no-verify")
			wantCode(t, r, tt.code, "update")
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("the tree changed:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestRecordReason checks the plan line of the record: a project of new names its
// preset, one of add, which has none, its components.
func TestRecordReason(t *testing.T) {
	gen := generator.RecordGenerator{Version: "v0.3.0"}
	tests := []struct {
		name   string
		record generator.Record
		want   string
	}{
		{"preset with a version", generator.Record{Generator: gen, Preset: generator.RecordPreset{Name: "acme", Version: "v1.2.0"}}, "the record: gonew-prod v0.3.0, preset acme v1.2.0"},
		{"built-in preset", generator.Record{Generator: gen, Preset: generator.RecordPreset{Name: "default"}}, "the record: gonew-prod v0.3.0, preset default"},
		{"a record of add", generator.Record{Generator: gen, Components: []string{"makefile", "docker"}}, "the record: gonew-prod v0.3.0, components makefile docker"},
		{"conflicts", generator.Record{Generator: gen, Preset: generator.RecordPreset{Name: "default"}, Conflicts: []string{"Makefile"}}, "the record: gonew-prod v0.3.0, preset default, conflicts in Makefile"},
		{"answers a pack locks anew", generator.Record{Generator: gen, Preset: generator.RecordPreset{Name: "acme", Version: "v2.0.0"}, Answers: generator.Answers{Name: "svc", CI: "gitlab", Features: []string{"otel"}, HTTPPort: 8000}},
			"the record: gonew-prod v0.3.0, preset acme v2.0.0, answers ci github -> gitlab, features [] -> [otel], http_port 8080 -> 8000"},
	}
	from := generator.Record{Answers: generator.Answers{Name: "svc", CI: "github", HTTPPort: 8080}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := from
			if tt.record.Answers.Name == "" {
				from = tt.record
			}
			if got := recordReason(&update.Plan{From: from, Record: tt.record}); got != tt.want {
				t.Errorf("recordReason = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRecordReasonPresetMove: the plan line of the record names the preset the update
// moves from with the one it moves to; by the pack's source when name and version do not
// tell them apart (a pack in a directory records no version).
func TestRecordReasonPresetMove(t *testing.T) {
	gen := generator.RecordGenerator{Version: "v0.3.0"}
	dirPack := func(src string) generator.RecordPreset { return generator.RecordPreset{Name: "org", Source: src} }
	modPack := func(v string) generator.RecordPreset {
		return generator.RecordPreset{Name: "org", Source: "example.com/presets@" + v, Version: v}
	}
	tests := []struct {
		name     string
		from, to generator.RecordPreset
		want     string
	}{
		{"a pack in another directory", dirPack("./p1"), dirPack("./p2"), "the record: gonew-prod v0.3.0, preset org ./p1 -> ./p2"},
		{"a pack at a new version", modPack("v1.0.0"), modPack("v1.1.0"), "the record: gonew-prod v0.3.0, preset org v1.0.0 -> org v1.1.0"},
		{"the built-in preset to a pack", generator.RecordPreset{Name: "default", Source: "builtin"}, modPack("v1.1.0"), "the record: gonew-prod v0.3.0, preset default -> org v1.1.0"},
		{"a pack kept", dirPack("./p1"), dirPack("./p1"), "the record: gonew-prod v0.3.0, preset org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from := generator.Record{Generator: gen, Preset: tt.from}
			if got := recordReason(&update.Plan{From: from, Record: generator.Record{Generator: gen, Preset: tt.to}}); got != tt.want {
				t.Errorf("recordReason = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestNewerThanRunning: without --to, a binary older than the version a project records
// says so and offers no update (which would move the project back to older templates);
// the same version, an older record, --to, and builds without a module version go on as
// before.
func TestNewerThanRunning(t *testing.T) {
	dir := newProject(t)
	tests := []struct {
		name              string
		recorded, running string
		opts              updateOptions
		newer             bool
	}{
		{"a newer record", "v0.2.0", "v0.1.0", updateOptions{}, true},
		{"a newer record, --check --json", "v0.2.0", "v0.1.0", updateOptions{Check: true, JSON: true}, true},
		{"a newer prerelease", "v0.2.0-rc.1", "v0.1.9", updateOptions{Check: true}, true},
		{"the same version", "v0.2.0", "v0.2.0", updateOptions{}, false},
		{"an older record", "v0.1.0", "v0.2.0", updateOptions{Check: true}, false},
		{"a deliberate --to", "v0.2.0", "v0.1.0", updateOptions{To: "v0.1.0"}, false},
		{"a development build", "v0.2.0", "(devel)", updateOptions{}, false},
		{"a record of a development build", "(devel)", "v0.1.0", updateOptions{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rewriteRecord(t, dir, func(r *generator.Record) { r.Generator.Version = tt.recorded })
			proj, err := update.Open(context.Background(), os.Environ(), dir, "v0.1.0")
			if err != nil {
				t.Fatal(err)
			}
			var stdout, stderr strings.Builder
			newer, err := newerThanRunning(Env{Stdout: &stdout, Stderr: &stderr}, tt.opts, proj, tt.running)
			if err != nil || newer != tt.newer {
				t.Fatalf("newer %v, %v; want %v", newer, err, tt.newer)
			}
			if !newer {
				if stderr.Len()+stdout.Len() != 0 {
					t.Errorf("printed %q %q for an update that goes on", stdout.String(), stderr.String())
				}
				return
			}
			want := "was written by gonew-prod " + tt.recorded + ", newer than this gonew-prod " + tt.running + ": nothing to change"
			if !strings.Contains(stderr.String(), want) || !strings.Contains(stderr.String(), "--to "+tt.running) {
				t.Errorf("stderr %q, want %q and the --to that moves back", stderr.String(), want)
			}
			if tt.opts.JSON {
				var report struct{ Status string }
				if err := json.Unmarshal([]byte(stdout.String()), &report); err != nil || report.Status != "newer" {
					t.Errorf("--json: status %q (%v)\n%s", report.Status, err, stdout.String())
				}
			}
		})
	}
}

// packProject makes a project of a directory pack (extends minimal) holding overlay, in
// a git repository with everything committed, and returns the repository, a function
// that runs git there, and a function that writes the pack's next version with overlay
// next and returns its path.
func packProject(t *testing.T, overlay map[string]string) (dir string, git func(args ...string) string, next func(map[string]string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	pack := func(name string, overlay map[string]string) string {
		mustWrite(t, root, name+"/preset.yaml", "name: lc\ndescription: pack\nextends: minimal\n")
		for p, content := range overlay {
			mustWrite(t, root, name+"/overlay/"+p+".tmpl", content)
		}
		return filepath.Join(root, name)
	}
	dir = filepath.Join(root, "svc")
	if r := run(t, root, newArgs("--module", "example.com/lc/svc", "--preset", pack("p1", overlay), dir)...); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	git = gitAt(t, dir)
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "generated")
	return dir, git, func(overlay map[string]string) string { return pack("p2", overlay) }
}

// gitAt returns a function that runs git with args in dir (no system or global
// configuration) and returns its output, failing the test when git fails.
func gitAt(t *testing.T, dir string) func(args ...string) string {
	return func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
}

// TestUpdateConflictsGitDoesNotTrack: a conflict at a path git does not track (the user's
// untracked file where the new version adds one) is written into the file and left out
// of git's index, where git reset --hard would delete it; the last line names as
// unmerged only the files marked so.
func TestUpdateConflictsGitDoesNotTrack(t *testing.T) {
	tests := []struct {
		name      string
		prepare   func(t *testing.T, dir string, git func(...string) string)
		wantSaid  string // a line of stderr
		wantLast  string // the end of the last line
		unmerged  string // git ls-files --unmerged, paths only
		survivors string // a file whose content must survive git reset --hard
	}{
		{name: "untracked file at a new path",
			prepare: func(t *testing.T, dir string, _ func(...string) string) {
				mustWrite(t, dir, "RUNBOOK.md", "my notes, never committed\n")
			},
			wantSaid:  "not marked unmerged in git's index, as git does not track them (marking would put them in the index): RUNBOOK.md",
			wantLast:  "with conflicts in the files: RUNBOOK.md; resolve them, run go mod tidy and your tests, then run gonew-prod update again, which clears the record's conflicts",
			survivors: "RUNBOOK.md"},
		{name: "one staged, one marked",
			prepare: func(t *testing.T, dir string, git func(...string) string) {
				appendTo(t, dir, "NOTES.md", "mine\n")
				git("commit", "-qam", "notes")
				appendTo(t, dir, "CODEOWNERS", "/staged/ @x\n")
				git("add", "CODEOWNERS")
				appendTo(t, dir, "CODEOWNERS", "/worktree/ @x\n")
			},
			wantSaid: "not marked unmerged in git's index, which keeps the content you staged: CODEOWNERS",
			wantLast: "with conflicts in the files: CODEOWNERS, NOTES.md (marked unmerged in git's index: NOTES.md); resolve them (and git add those marked unmerged), run go mod tidy and your tests, then run gonew-prod update again, which clears the record's conflicts",
			unmerged: "NOTES.md NOTES.md NOTES.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, git, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/platform\n", "NOTES.md": "a\nb\n"})
			p2 := next(map[string]string{"CODEOWNERS": "* @lc/platform\n/k8s/ @lc/sre\n", "NOTES.md": "a\nb\ntheirs\n", "RUNBOOK.md": "run book\n"})
			tt.prepare(t, dir, git)
			var before string
			if tt.survivors != "" {
				before = readFile(t, dir, tt.survivors)
			}
			r := run(t, dir, "update", "--preset", p2, "--no-verify")
			wantCode(t, r, ExitUpdate, "update")
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if !slices.Contains(lines, tt.wantSaid) || !strings.HasSuffix(lines[len(lines)-1], tt.wantLast) {
				t.Errorf("stderr:\n%s\nwant the line %q and a last line ending %q", r.stderr, tt.wantSaid, tt.wantLast)
			}
			var unmerged []string
			for _, line := range strings.Split(strings.TrimSpace(git("ls-files", "--unmerged")), "\n") {
				if _, p, ok := strings.Cut(line, "\t"); ok {
					unmerged = append(unmerged, p)
				}
			}
			if got := strings.Join(unmerged, " "); got != tt.unmerged {
				t.Errorf("unmerged paths %q, want %q", got, tt.unmerged)
			}
			if tt.survivors != "" {
				git("reset", "-q", "--hard")
				if got := readFile(t, dir, tt.survivors); !strings.Contains(got, before) {
					t.Errorf("after git reset --hard, %s holds %q, not the user's %q", tt.survivors, got, before)
				}
			}
		})
	}
}

// TestUpdateIntoSubmodule: update refuses, before anything is written, to write, delete or
// leave a conflict in a directory that is a git repository of its own (here a submodule
// shared by other services), as add does: the superproject's git neither sees the
// submodule's skip-worktree marks nor tracks its files, so its checks, the conflicts'
// marks and their rollback would not hold there (round 18 safety 1: update edited a
// skip-worktree file and deleted a tracked one there, and called the conflicted file one
// "git does not track").
func TestUpdateIntoSubmodule(t *testing.T) {
	tests := []struct {
		name    string
		theirs  map[string]string                // the next version's config files
		prepare func(sub func(...string) string) // in the submodule, after it is added
		want    string
	}{
		{name: "a file edited, one dropped",
			theirs:  map[string]string{"config/app.conf": "a=1\nb=2\nc=33\n"},
			prepare: func(sub func(...string) string) { sub("update-index", "--skip-worktree", "app.conf") },
			want:    "nothing written: config is a git repository of its own (a submodule, or a nested clone), and update would write config/app.conf in it"},
		{name: "a file dropped",
			theirs: map[string]string{"config/app.conf": "a=1\nb=2\nc=3\n"},
			want:   "and update would delete config/other.conf in it"},
		{name: "a conflict",
			theirs: map[string]string{"config/app.conf": "a=1\nb=2\nc=33\n", "config/other.conf": "o=1\n"},
			prepare: func(sub func(...string) string) {
				// The submodule's own commit of a change of the user's.
				if err := os.WriteFile(filepath.Join(strings.TrimSpace(sub("rev-parse", "--show-toplevel")), "app.conf"), []byte("a=1\nb=2\nc=4\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				sub("commit", "-qam", "mine")
			},
			want: "and update would write config/app.conf in it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, git, next := packProject(t, map[string]string{"config/app.conf": "a=1\nb=2\nc=3\n", "config/other.conf": "o=1\n"})
			p2 := next(tt.theirs)
			shared := filepath.Join(t.TempDir(), "shared")
			for _, f := range []string{"app.conf", "other.conf"} {
				mustWrite(t, shared, f, readFile(t, dir, "config/"+f))
			}
			sharedGit := gitAt(t, shared)
			sharedGit("init", "-q")
			sharedGit("add", "-A")
			sharedGit("commit", "-qm", "shared")
			git("rm", "-rq", "config")
			git("-c", "protocol.file.allow=always", "submodule", "add", "-q", shared, "config")
			git("commit", "-qm", "config as a submodule")
			if tt.prepare != nil {
				tt.prepare(gitAt(t, filepath.Join(dir, "config")))
			}
			wantRefusal(t, dir, tt.want, "--preset", p2)
			before := treetest.Describe(t, dir)
			r := run(t, dir, "update", "--preset", p2, "--no-verify", "--no-tidy")
			wantCode(t, r, ExitUsage, "update into a submodule")
			if !strings.Contains(r.stderr, tt.want) || !strings.Contains(r.stderr, "cannot tell what that repository tracks or has modified") || strings.Contains(r.stderr, "does not track") {
				t.Errorf("stderr:\n%s\nwant %q, naming the repository", r.stderr, tt.want)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a refused update changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestUpdateDuringGitOperation: update writes nothing while a git operation is in
// progress in the work tree (its writes would end up in the merge commit, or be half
// undone by the abort while the record stays), and names the command that ends it;
// --dry-run, which writes nothing, still runs.
func TestUpdateDuringGitOperation(t *testing.T) {
	tests := []struct {
		name  string
		start [][]string // git commands that leave the operation in progress (may fail)
		args  []string
		code  int
		want  string
	}{
		{name: "merge", start: [][]string{{"merge", "side"}}, args: []string{"update"}, code: ExitUsage,
			want: filepath.Join(".git", "MERGE_HEAD") + " exists): what update writes would become part of it, or be half undone when it is aborted; finish it (resolve, git add and git commit) or end it (git merge --abort), then run update again"},
		{name: "rebase stopped to edit a commit", start: [][]string{{"-c", "sequence.editor=sed -i 1s/^pick/edit/", "rebase", "-i", "HEAD~1"}}, args: []string{"update"}, code: ExitUsage,
			want: "nothing written: a rebase is in progress ("},
		{name: "cherry-pick", start: [][]string{{"cherry-pick", "side"}}, args: []string{"update"}, code: ExitUsage,
			want: "end it (git cherry-pick --abort), then run update again"},
		{name: "dry run during a merge", start: [][]string{{"merge", "side"}}, args: []string{"update", "--dry-run"}, code: ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, git, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/platform\n"})
			p2 := next(map[string]string{"CODEOWNERS": "* @lc/platform\n/k8s/ @lc/sre\n"})
			git("checkout", "-q", "-b", "side")
			mustWrite(t, dir, "notes.txt", "side\n")
			git("add", "notes.txt")
			git("commit", "-qm", "side")
			git("checkout", "-q", "-")
			mustWrite(t, dir, "notes.txt", "main\n")
			git("add", "notes.txt")
			git("commit", "-qm", "main")
			for _, args := range tt.start {
				gitIn(t, dir, true, args...)
			}
			before := git("status", "--porcelain")
			record := readFile(t, dir, generator.RecordFile)
			r := run(t, dir, append(tt.args, "--preset", p2, "--no-verify")...)
			wantCode(t, r, tt.code, tt.args...)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if after := git("status", "--porcelain"); after != before || readFile(t, dir, generator.RecordFile) != record {
				t.Errorf("git status before:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// TestUpdateGitCannotAnswer: update, its dry run and --check refuse (exit 2, nothing
// written) a project whose git cannot be asked what it tracks, ignores and has in
// progress, as add refuses it: a repository of another owner, which git refuses to read
// (root in a container on a bind-mounted checkout), or GIT_DIR in the environment, which
// points git elsewhere. Before, every check that asks git was skipped as in a directory
// of no work tree.
func TestUpdateGitCannotAnswer(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string // the environment to add
		want  string
	}{
		{name: "a repository of another owner", setup: func(t *testing.T, dir string) []string {
			giveToAnotherOwner(t, dir)
			return nil
		}, want: "nothing written: git cannot read the work tree at "},
		{name: "GIT_DIR set", setup: func(t *testing.T, dir string) []string {
			return []string{"GIT_DIR=.git"}
		}, want: "nothing written: GIT_DIR is set (.git): git would answer for that repository, not for the tree update writes; unset it and run update again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/platform\n"})
			p2 := next(map[string]string{"CODEOWNERS": "* @lc/platform\n/k8s/ @lc/sre\n"})
			extra := tt.setup(t, dir)
			before := treetest.Describe(t, dir)
			for _, args := range [][]string{{"update", "--check"}, {"update", "--dry-run"}, {"update", "--no-verify"}} {
				r := runEnv(t, context.Background(), dir, nil, extra, append(args, "--preset", p2)...)
				wantCode(t, r, ExitUsage, args...)
				if !strings.Contains(r.stderr, tt.want) {
					t.Errorf("%v: stderr:\n%s\nwant %q", args, r.stderr, tt.want)
				}
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a refused update changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestUpdateIgnoredFiles: update writes no file git ignores where git tracks none, a new
// one of the version's or one of the user's it would merge (a local secret), and names
// each with its pattern, as add does.
func TestUpdateIgnoredFiles(t *testing.T) {
	tests := []struct {
		name   string
		ignore string
		local  map[string]string // files of the user's, never committed
		want   string
	}{
		{name: "a new file", ignore: "*.txt\n",
			want: "nothing written: git ignores files update would write: RUNBOOK.txt (by .gitignore:"},
		{name: "a file of the user's at a new path", ignore: "RUNBOOK.md\n", local: map[string]string{"RUNBOOK.md": "TOKEN=s3cr3t\n"},
			want: "nothing written: git ignores files update would write: RUNBOOK.md (by .gitignore:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, git, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/platform\n"})
			p2 := next(map[string]string{"CODEOWNERS": "* @lc/platform\n", "RUNBOOK.txt": "run book\n", "RUNBOOK.md": "run book\n"})
			appendTo(t, dir, ".gitignore", tt.ignore)
			git("commit", "-qam", "ignore")
			for name, content := range tt.local {
				mustWrite(t, dir, name, content)
			}
			before := git("status", "--porcelain", "--ignored")
			// A check and a dry run refuse what the update refuses (they said it
			// merges cleanly), --json with status refused.
			wantRefusal(t, dir, tt.want, "--preset", p2)
			r := run(t, dir, "update", "--preset", p2, "--no-verify")
			wantCode(t, r, ExitUsage, "update")
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if after := git("status", "--porcelain", "--ignored"); after != before || git("ls-files", "--stage", "RUNBOOK.md") != "" {
				t.Errorf("git status before:\n%s\nafter:\n%s", before, after)
			}
		})
	}
}

// wantRefusal checks that update --check, --dry-run and --dry-run --json with args refuse
// the update in dir as update would, with exit 2 and want on stderr (the JSON plan with
// status refused and want as its refusal), and write nothing.
func wantRefusal(t *testing.T, dir, want string, args ...string) {
	t.Helper()
	before := treetest.Describe(t, dir)
	for _, mode := range [][]string{{"--check"}, {"--check", "--json"}, {"--dry-run"}, {"--dry-run", "--json"}} {
		cmd := slices.Concat([]string{"update"}, mode, args)
		r := run(t, dir, cmd...)
		wantCode(t, r, ExitUsage, cmd...)
		if !strings.Contains(r.stderr, want) {
			t.Errorf("%v: stderr:\n%s\nwant %q", cmd, r.stderr, want)
		}
		if !slices.Contains(mode, "--json") {
			if !strings.Contains(r.stderr, "status: refused") && mode[0] == "--dry-run" {
				t.Errorf("%v: stderr:\n%s\nwant status: refused", cmd, r.stderr)
			}
			continue
		}
		var report struct{ Status, Refusal string }
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil {
			t.Fatalf("%v: %v\n%s", cmd, err, r.stdout)
		}
		if report.Status != "refused" || !strings.Contains(report.Refusal, want) {
			t.Errorf("%v: status %q, refusal %q; want refused, %q", cmd, report.Status, report.Refusal, want)
		}
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a check or dry run changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestUpdateRevendors: a project with vendor/ committed takes an update whose new code
// needs a module it did not (here one the project replaces by a directory, so nothing is
// downloaded): the update re-vendors in the scratch copy, the gate builds with the new
// requirements (go list fails on "inconsistent vendoring" otherwise), and vendor/ is
// written with the rest. The build check of the pack's own render (new's), which cannot
// resolve the module without the project's replace, does not refuse the update.
func TestUpdateRevendors(t *testing.T) {
	dir, p2, _ := vendoredPackProject(t, false, nil, nil)
	// No -mod=mod for the update: the gate's go list then loads the packages from vendor/.
	r := runEnv(t, context.Background(), dir, nil, []string{"GOPROXY=off", "GOFLAGS=", "GOWORK=off"}, "update", "--preset", p2, "--verify-cmd", "go list ./... >/dev/null")
	wantCode(t, r, ExitOK, "update", "--preset", p2)
	if got := readFile(t, dir, "vendor/example.com/dep/dep.go"); !strings.Contains(got, "const Y = 2") {
		t.Errorf("vendor/ lacks the new module's file: %q", got)
	}
	if txt := readFile(t, dir, "vendor/modules.txt"); !strings.Contains(txt, "# example.com/dep v0.0.0") {
		t.Errorf("vendor/modules.txt lacks the new module:\n%s", txt)
	}
	if !strings.Contains(r.stderr, "go mod vendor") {
		t.Errorf("stderr does not say vendor/ was re-vendored:\n%s", r.stderr)
	}
	// The pack's own render, without the project's replace, cannot be tidied: new's
	// build check says nothing of the pack then, and leaves it to the gate.
	if !strings.Contains(r.stderr, "note: preset lc: its project was not type-checked as new checks it (cannot type-check the rendered project: go mod tidy failed") {
		t.Errorf("stderr does not say the pack's render could not be type-checked:\n%s", r.stderr)
	}
	cmd := exec.Command("go", "list", "./...")
	cmd.Dir, cmd.Env = dir, slices.Concat(os.Environ(), goCaches(), []string{"GOPROXY=off", "GOFLAGS=", "GOWORK=off"})
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the updated tree does not load with its vendor/: %v\n%s", err, out)
	}
}

// TestUpdateJSONNotesPackNotTypeChecked: a move to a pack whose Go files import a module
// go mod tidy cannot resolve (none with the module cache alone, or the network off) is
// not type-checked as new checks it; the note that says so is on stderr and in --json's
// notes alike, as every note: line of update's is.
func TestUpdateJSONNotesPackNotTypeChecked(t *testing.T) {
	dir, _, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/platform\n"})
	p2 := next(map[string]string{"CODEOWNERS": "* @lc/platform\n", "internal/extra/extra.go": "package extra\n\nimport _ \"example.invalid/nosuch/mod\"\n"})
	const want = "preset lc: its project was not type-checked as new checks it (cannot type-check the rendered project: go mod tidy failed"
	for _, args := range [][]string{{"update", "--check", "--json", "--preset", p2}, {"update", "--dry-run", "--json", "--preset", p2}} {
		r := runEnv(t, context.Background(), dir, nil, []string{"GOPROXY=off"}, args...)
		if r.code != ExitOK && r.code != ExitUpdate {
			t.Fatalf("gonew-prod %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
		}
		if !strings.Contains(r.stderr, "note: "+want) {
			t.Errorf("gonew-prod %s: stderr %q, want %q", strings.Join(args, " "), r.stderr, "note: "+want)
		}
		var report struct {
			Notes []string `json:"notes"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || len(report.Notes) != 1 || !strings.HasPrefix(report.Notes[0], want) {
			t.Errorf("gonew-prod %s: notes %q (%v), want one, beginning %q\n%s", strings.Join(args, " "), report.Notes, err, want, r.stdout)
		}
	}
}

// TestUpdateJSONRefusedBeforePlan: a refusal made before a plan is, once the record is
// read (here: the record names its pack by a path relative to where new ran, and update
// runs in the project), gives --json the report with status refused, the message as its
// refusal, as a plan's refusals do: a script reading stdout is told, not given nothing.
func TestUpdateJSONRefusedBeforePlan(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	root := t.TempDir()
	mustWrite(t, root, "p1/preset.yaml", "name: lc\ndescription: pack\nextends: minimal\n")
	if r := run(t, root, newArgs("--module", "example.com/lc/svc", "--preset", "./p1", "svc")...); r.code != ExitOK {
		t.Fatal(r.stderr)
	}
	dir := filepath.Join(root, "svc")
	git := gitAt(t, dir)
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "generated")
	before := treetest.Describe(t, dir)
	want := "cd " + root + " && gonew-prod update --dir svc"
	for _, args := range [][]string{{"update", "--check", "--json"}, {"update", "--dry-run", "--json"}, {"update", "--json", "--no-verify"}} {
		r := run(t, dir, args...)
		wantCode(t, r, ExitUsage, args...)
		if !strings.Contains(r.stderr, want) {
			t.Errorf("gonew-prod %s: stderr lacks %q:\n%s", strings.Join(args, " "), want, r.stderr)
		}
		var report struct {
			Status, Refusal string
			Files, Notes    []any
		}
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || report.Status != "refused" || !strings.Contains(report.Refusal, want) || report.Files == nil || report.Notes == nil {
			t.Errorf("gonew-prod %s: status %q, refusal %q (%v), want refused, %q\n%s", strings.Join(args, " "), report.Status, report.Refusal, err, want, r.stdout)
		}
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused update changed the tree:\n%s", treeDiff(before, after))
	}
}

// vendoredPackProject makes a project of a pack as packProject does, with overlay and
// internal/hello, replaces example.com/dep by a directory beside it, vendors and commits
// it, and writes the pack's next version, whose internal/hello imports dep (so the
// update changes go.mod), with overlay next. With work, the vendor/ is a workspace's: a
// go.work beside the project uses it, and go work vendor writes vendor/ there, outside
// the project. It returns the project, the next version's path and the git function.
func vendoredPackProject(t *testing.T, work bool, overlay, next map[string]string) (dir, p2 string, git func(args ...string) string) {
	t.Helper()
	hello := map[string]string{"internal/hello/hello.go": "package hello\n\nfunc A() int { return 1 }\n"}
	first := maps.Clone(hello)
	maps.Copy(first, overlay)
	dir, git, nextPack := packProject(t, first)
	root := filepath.Dir(dir)
	mustWrite(t, root, "dep/go.mod", "module example.com/dep\n\ngo 1.26\n")
	mustWrite(t, root, "dep/dep.go", "package dep\n\n// Y is two.\nconst Y = 2\n")
	env := []string{"GOPROXY=off", "GOFLAGS=-mod=mod", "GOWORK=off"}
	vendor := []string{"mod", "vendor"}
	if work {
		mustWrite(t, root, "go.work", "go 1.26\n\nuse ./"+filepath.Base(dir)+"\n")
		env, vendor = []string{"GOPROXY=off", "GOFLAGS=", "GOWORK="}, []string{"work", "vendor"}
	}
	for _, args := range [][]string{{"mod", "edit", "-replace", "example.com/dep=../dep"}, vendor} {
		cmd := exec.Command("go", args...)
		cmd.Dir, cmd.Env = dir, slices.Concat(os.Environ(), goCaches(), env)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	git("add", "-A")
	git("commit", "-qm", "vendor")
	files := map[string]string{
		"internal/hello/hello.go": hello["internal/hello/hello.go"],
		"internal/hello/dep.go":   "package hello\n\nimport \"example.com/dep\"\n\n// B is dep's Y.\nfunc B() int { return dep.Y }\n",
	}
	maps.Copy(files, next)
	return dir, nextPack(files), git
}

// TestUpdateConflictsInAVendoredModule: an update left with conflicts runs no gate, so
// it does not re-vendor for the code it wrote, which needs a new module: its last line
// says to run go mod vendor after go mod tidy (vendor/ still holds the old requirements:
// the go command refuses the build as inconsistent vendoring) (finding round30
// update2/1). In a workspace vendored at its root (go work vendor), the command is go
// work vendor: go mod vendor refuses to run in workspace mode.
func TestUpdateConflictsInAVendoredModule(t *testing.T) {
	tests := []struct {
		name   string
		work   bool
		gowork string // GOWORK for the update
		want   string
	}{
		{"the module's vendor", false, "off", "run go mod tidy, then go mod vendor (this update, left with conflicts, did not re-vendor), and your tests"},
		{"the workspace's vendor", true, "", "run go mod tidy, then go work vendor in " + "WORK" + " (this update, left with conflicts, did not re-vendor), and your tests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, p2, git := vendoredPackProject(t, tt.work, map[string]string{"NOTES.md": "a\nb\n"}, map[string]string{"NOTES.md": "a\nb\ntheirs\n"})
			appendTo(t, dir, "NOTES.md", "mine\n")
			git("commit", "-qam", "notes")
			r := runEnv(t, context.Background(), dir, nil, []string{"GOPROXY=off", "GOFLAGS=", "GOWORK=" + tt.gowork}, "update", "--preset", p2, "--verify-cmd", "true")
			wantCode(t, r, ExitUpdate, "update", "--preset", p2)
			if want := strings.ReplaceAll(tt.want, "WORK", filepath.Dir(dir)); !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
		})
	}
}

// TestPackBuildCheckWithoutCompiler: where cgo is on but the C compiler go env CC names
// is missing, the pack build check's go vet cannot run (it fails in runtime/cgo), which
// says nothing of the pack. presets validate and new say the compiler is missing, as
// the update gate does (exit 1, neither "invalid pack" nor "does not type-check"); update
// leaves the check to its gate, which refuses at once as for a pack without Go files,
// while --check and --verify-cmd, which need no race detector, go on (finding round27
// update/1).
func TestPackBuildCheckWithoutCompiler(t *testing.T) {
	const missing = "the C compiler it needs is not installed (go env CC: no-such-cc): install one (apt-get install gcc, apk add build-base) or name yours with CC="
	extra := []string{"CC=no-such-cc", "GOPROXY=off", "GOFLAGS=-mod=mod"}
	owners := map[string]string{"CODEOWNERS": "* @org/platform\n"}
	dir, _, next := packProject(t, owners)
	p2 := next(map[string]string{
		"CODEOWNERS":              owners["CODEOWNERS"],
		"internal/extra/extra.go": "// Package extra is the org's.\npackage extra\n\n// Hello greets.\nfunc Hello() string { return \"hi {{.Name}}\" }\n",
	})
	root := filepath.Dir(dir)
	before := treetest.Describe(t, dir)
	tests := []struct {
		name string
		dir  string
		args []string
		code int
		want string // in the last line of stderr
	}{
		{"presets validate", root, []string{"presets", "validate", p2}, ExitFailure, missing},
		{"new", root, newArgs("--module", "example.com/lc/other", "--preset", p2, "other"), ExitFailure, missing},
		{"update", dir, []string{"update", "--preset", p2}, ExitFailure, "nothing written: the gate runs go test -race ./..., which needs cgo and a C compiler, and cannot run here: " + missing},
		{"update --check", dir, []string{"update", "--check", "--preset", p2}, ExitUpdate, "is available and merges cleanly"},
		{"update --verify-cmd --dry-run", dir, []string{"update", "--dry-run", "--verify-cmd", "true", "--preset", p2}, ExitOK, "status: clean"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runEnv(t, context.Background(), tt.dir, nil, extra, tt.args...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if last := lines[len(lines)-1]; r.code != tt.code || !strings.Contains(last, tt.want) {
				t.Errorf("exit %d, last stderr line %q; want exit %d and %q\n%s", r.code, last, tt.code, tt.want, r.stderr)
			}
			for _, wrong := range []string{"invalid pack", "does not type-check"} {
				if strings.Contains(r.stderr, wrong) {
					t.Errorf("stderr blames the pack (%q):\n%s", wrong, r.stderr)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(root, "other")); err == nil {
		t.Errorf("new wrote ./other")
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused update, a check or a dry run changed the tree:\n%s", treeDiff(before, after))
	}
	// The gate of the user's command needs no race detector: the update is written.
	r := runEnv(t, context.Background(), dir, nil, extra, "update", "--verify-cmd", "true", "--preset", p2)
	wantCode(t, r, ExitOK, "update", "--verify-cmd", "true", "--preset", p2)
	if got := readFile(t, dir, "internal/extra/extra.go"); !strings.Contains(got, "hi svc") {
		t.Errorf("internal/extra/extra.go = %q, want the pack's file", got)
	}
}

// TestUpdateNotAppliedShowsChange: a change to a file the user deleted reaches no file,
// so the update that leaves it not applied prints it (the record then holds the new
// version, and no later run can show the change itself), a later --dry-run prints the
// file as the recorded version has it, and the last line says to pass --resolved PATH
// rather than to edit the record by hand.
func TestUpdateNotAppliedShowsChange(t *testing.T) {
	dir, git, next := packProject(t, map[string]string{"platform.conf": "timeout: 5s\n"})
	p2 := next(map[string]string{"platform.conf": "timeout: 5s\nkeepalive: 30s\n"})
	git("rm", "-q", "platform.conf")
	git("commit", "-qm", "settings moved")
	r := run(t, dir, "update", "--preset", p2, "--no-verify")
	wantCode(t, r, ExitUpdate, "update")
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if !strings.Contains(r.stderr, "    +keepalive: 30s\n") || !strings.Contains(lines[len(lines)-1], "pass --resolved PATH to the next update") || strings.Contains(r.stderr, "drop its path") {
		t.Errorf("update: stderr\n%s\nwant the change printed and a last line naming --resolved PATH", r.stderr)
	}
	r = run(t, dir, "update", "--dry-run")
	wantCode(t, r, ExitUpdate, "update", "--dry-run")
	if !strings.Contains(r.stdout, "+keepalive: 30s") {
		t.Errorf("a later update --dry-run: stdout\n%s\nwant the file as the recorded version has it", r.stdout)
	}
}

// TestHardLinkRefusedWhilePlanning: a file the run replaces that has a second hard link
// is refused by update's dry run and --check as by the run (exit 2, nothing written),
// and by new --force's dry run as by its run: the previews promise nothing the run
// refuses.
func TestHardLinkRefusedWhilePlanning(t *testing.T) {
	dir, _, next := packProject(t, map[string]string{"conf/b.conf": "x=1\n"})
	p2 := next(map[string]string{"conf/b.conf": "x=2\n"})
	if err := os.Link(filepath.Join(dir, "conf", "b.conf"), filepath.Join(t.TempDir(), "b.conf")); err != nil {
		t.Fatal(err)
	}
	const want = "conf/b.conf: the file has 2 hard links"
	// The status of the check and the dry run (text and --json) is refused, naming why.
	wantRefusal(t, dir, want, "--preset", p2, "--no-verify")
	r := run(t, dir, "update", "--preset", p2, "--no-verify")
	wantCode(t, r, ExitUsage, "update")
	if !strings.Contains(r.stderr, want) {
		t.Errorf("update: stderr:\n%s\nwant %q", r.stderr, want)
	}
	if got := readFile(t, dir, "conf/b.conf"); got != "x=1\n" {
		t.Errorf("conf/b.conf = %q", got)
	}

	root := t.TempDir()
	mustWrite(t, root, "svc/README.md", "mine\n")
	if err := os.Link(filepath.Join(root, "svc", "README.md"), filepath.Join(root, "README.copy")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--dry-run"}, {}} {
		r := run(t, root, newArgs(append(args, "--force", "--module", "example.com/acme/orders", "svc")...)...)
		wantCode(t, r, ExitUsage, append([]string{"new", "--force"}, args...)...)
		if !strings.Contains(r.stderr, "README.md: the file has 2 hard links") {
			t.Errorf("new --force %v: stderr:\n%s", args, r.stderr)
		}
	}
}

// TestUpdateRefusesDeletingAnImportedPackage: a pack version whose locked features drop
// otel deletes internal/platform/outbound, which the example gonew-prod generated with
// otel (internal/downstream, the user's, kept) imports: the merged tree would not build,
// so the update refuses, naming the kept file and the package, also in a dry run; once
// the example is gone, it plans.
func TestUpdateRefusesDeletingAnImportedPackage(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "v1/preset.yaml", "name: acme\nextends: default\nanswers:\n  features: [otel, docker, ci]\nlocked: [features]\n")
	mustWrite(t, dir, "v2/preset.yaml", "name: acme\nextends: default\nanswers:\n  features: [docker, ci]\nlocked: [features]\n")
	if r := run(t, dir, newArgs("--preset", "./v1", "--module", "example.com/acme/orders", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
	}
	const want = "internal/downstream/downstream_test.go (keep-dropped: yours, which this version no longer generates) imports example.com/acme/orders/internal/platform/outbound"
	// The status of the check and the dry run (text and --json) is refused, naming why.
	wantRefusal(t, dir, want, "--dir", "svc", "--preset", "./v2")
	r := run(t, dir, "update", "--dir", "svc", "--preset", "./v2", "--no-verify")
	if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("update: exit %d, want %d and %q:\n%s", r.code, ExitUsage, want, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "svc/internal/platform/outbound/outbound.go")); err != nil {
		t.Fatalf("a refused update changed the tree: %v", err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "svc/internal/downstream")); err != nil {
		t.Fatal(err)
	}
	if r := run(t, dir, "update", "--dir", "svc", "--preset", "./v2", "--dry-run"); r.code != ExitOK {
		t.Errorf("update --dry-run without the example: exit %d\n%s", r.code, r.stderr)
	}
}

// TestUpdateModesGitIgnores: with core.fileMode false (git for Windows, WSL's /mnt/c,
// exFAT and SMB mounts), the disk's executable bits are no edit of the user's: git shows
// none and commits the index's mode. A file this version drops is deleted, and one it
// changes is updated with no note of a mode of yours; with core.fileMode true the same
// committed chmod is an edit, kept (round 21 update 1).
func TestUpdateModesGitIgnores(t *testing.T) {
	for _, fileMode := range []string{"false", "true"} {
		t.Run("core.fileMode="+fileMode, func(t *testing.T) {
			dir, git, next := packProject(t, map[string]string{"docs/RUNBOOK.md": "# Runbook\n", "NOTES.md": "a\n"})
			git("config", "core.fileMode", fileMode)
			for _, p := range []string{"docs/RUNBOOK.md", "NOTES.md"} {
				if err := os.Chmod(filepath.Join(dir, p), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			git("commit", "-qam", "chmod", "--allow-empty")
			if st := git("status", "--porcelain"); st != "" {
				t.Fatalf("git status after the commit:\n%s", st)
			}
			p2 := next(map[string]string{"docs/RUNBOOK.md": "{{/* dropped */}}", "NOTES.md": "b\n", "run.sh": "#!/bin/sh\n"})
			appendTo(t, p2, "preset.yaml", "executable: [run.sh.tmpl]\n")
			r := run(t, dir, "update", "--preset", p2, "--dry-run")
			wantCode(t, r, ExitOK, "update", "--dry-run")
			want := []string{`(?m)^ *delete +docs/RUNBOOK\.md \(dropped by this version; you did not edit it\)$`, `(?m)^ *update +NOTES\.md \(you did not edit it\)$`,
				// git add takes a new file as 100644 there: the plan says how to keep +x
				`(?m)^ *create +run\.sh \(new in this version; git ignores file modes here \(core.fileMode false\): git add --chmod=\+x run\.sh records it\)$`}
			if fileMode == "true" {
				want = []string{`(?m)^ *keep-dropped +docs/RUNBOOK\.md \(.*you changed its mode`, `(?m)^ *update +NOTES\.md \(you did not edit it; your file mode 0755 kept \(this version's is 0644\)\)$`,
					`(?m)^ *create +run\.sh \(new in this version\)$`}
			}
			for _, w := range want {
				if !regexp.MustCompile(w).MatchString(r.stdout) {
					t.Errorf("the plan lacks %s:\n%s", w, r.stdout)
				}
			}
		})
	}
}

// TestUpdateDevelBuildOverARelease: a build without a module version ((devel), go build in
// a clone) never moves a record that names a release onto itself without --to (round 21
// update 3). With the recorded templates (and pack) it renders the recorded version
// itself, checked against the record, fetching nothing: the project is up to date and
// the record keeps its version, a newer one too. With other templates it refuses, saying
// what the move would cost; --to devel makes the move on purpose.
func TestUpdateDevelBuildOverARelease(t *testing.T) {
	offline := []string{"GOPROXY=off", "GOFLAGS=-mod=mod"}
	runOff := func(t *testing.T, dir string, args ...string) result {
		t.Helper()
		return runEnv(t, context.Background(), dir, nil, offline, args...)
	}
	for _, recorded := range []string{"v0.5.0", "v9.9.9"} {
		t.Run("same templates, "+recorded, func(t *testing.T) {
			dir := newProject(t)
			appendTo(t, dir, "internal/config/config.go", "\n// Mine.\n")
			rewriteRecord(t, dir, func(r *generator.Record) { r.Generator.Version = recorded })
			before := treetest.Describe(t, dir)
			wantCode(t, runOff(t, dir, "update", "--check"), ExitOK, "update", "--check")
			r := runOff(t, dir, "update", "--no-verify", "--no-tidy")
			wantCode(t, r, ExitOK, "update")
			if !strings.Contains(r.stderr, "up to date with gonew-prod "+recorded) || strings.Contains(r.stderr, "unavailable") || strings.Contains(r.stderr, "fetching") {
				t.Errorf("stderr:\n%s\nwant up to date with %s, nothing fetched", r.stderr, recorded)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Fatalf("the update changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
	t.Run("other templates", func(t *testing.T) {
		dir := newProject(t)
		rewriteRecord(t, dir, func(r *generator.Record) {
			r.Generator.Version, r.Generator.Templates = "v0.5.0", "sha256:"+strings.Repeat("0", 64)
		})
		before := treetest.Describe(t, dir)
		for _, args := range [][]string{{"update", "--check"}, {"update", "--dry-run"}, {"update", "--no-verify"}} {
			r := runOff(t, dir, args...)
			wantCode(t, r, ExitUsage, args...)
			for _, want := range []string{"records gonew-prod v0.5.0", "development build", "(go install github.com/gonew-prod/gonew-prod/cmd/gonew-prod@latest, or --to latest", "--to devel"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("%v: stderr lacks %q:\n%s", args, want, r.stderr)
				}
			}
		}
		r := runOff(t, dir, "update", "--check", "--json")
		var report struct{ Status, Refusal string }
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || report.Status != "refused" || !strings.Contains(report.Refusal, "--to devel") {
			t.Errorf("--check --json: exit %d, status %q, refusal %q (%v)\n%s", r.code, report.Status, report.Refusal, err, r.stdout)
		}
		if after := treetest.Describe(t, dir); !equalTrees(before, after) {
			t.Fatalf("a refused update changed the tree:\n%s", treeDiff(before, after))
		}
		r = runOff(t, dir, "update", "--to", "devel", "--no-verify", "--no-tidy")
		wantCode(t, r, ExitOK, "update", "--to", "devel")
		if rec := readRecord(t, dir); rec.Generator.Version != "(devel)" {
			t.Errorf("--to devel: record version %s, want (devel)", rec.Generator.Version)
		}
	})
}

// TestDevelTarget: the target and the version the running binary renders as, for each
// pairing of a running build and a record (see develTarget).
func TestDevelTarget(t *testing.T) {
	hash, err := builtin.Hash()
	if err != nil {
		t.Fatal(err)
	}
	other := "sha256:" + strings.Repeat("0", 64)
	tests := []struct {
		name                string
		running, recorded   string
		templates           string
		opts                updateOptions
		wantTo, wantRenders string
		refused             string // the error holds it; "" for none
	}{
		{"a release over a release", "v0.6.0", "v0.5.0", other, updateOptions{}, "", "v0.6.0", ""},
		{"devel over devel", "(devel)", "(devel)", other, updateOptions{}, "", "(devel)", ""},
		{"devel with the recorded templates", "(devel)", "v0.5.0", hash, updateOptions{}, "v0.5.0", "v0.5.0", ""},
		{"devel with other templates", "(devel)", "v0.5.0", other, updateOptions{}, "", "", "--to devel to move the project onto this build on purpose"},
		{"devel with the recorded templates, a pack moved", "(devel)", "v0.5.0", hash, updateOptions{Preset: "./p2"}, "", "", "--preset moves the pack"},
		{"devel, --to a version", "(devel)", "v0.5.0", other, updateOptions{To: "v0.6.0"}, "v0.6.0", "(devel)", ""},
		{"devel, --to devel", "(devel)", "v0.5.0", other, updateOptions{To: "devel"}, "", "(devel)", ""},
		{"a release, --to devel", "v0.6.0", "v0.5.0", other, updateOptions{To: "devel"}, "", "", "this gonew-prod is v0.6.0, not a development build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &generator.Record{Generator: generator.RecordGenerator{Version: tt.recorded, Templates: tt.templates}}
			to, renders, err := develTarget(tt.opts, rec, tt.running)
			switch {
			case tt.refused != "":
				if err == nil || !strings.Contains(err.Error(), tt.refused) {
					t.Errorf("err %v, want one with %q", err, tt.refused)
				}
			case err != nil || to != tt.wantTo || renders != tt.wantRenders:
				t.Errorf("to %q, renders as %q, %v; want %q, %q", to, renders, err, tt.wantTo, tt.wantRenders)
			}
		})
	}
}

// TestAddDevelBuildOverARelease: add by a development build to a project a release made,
// or to a repository a release retrofitted, names the ways out, not "update first", which
// leaves such a record as it is; nothing is written, and the record keeps the release.
func TestAddDevelBuildOverARelease(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T) string
		args  []string
	}{
		{"made by new", func(t *testing.T) string {
			dir := newProject(t)
			rewriteRecord(t, dir, func(r *generator.Record) { r.Generator.Version = "v0.5.0" })
			return dir
		}, []string{"k8s"}},
		{"retrofitted by add", func(t *testing.T) string {
			dir := gitRepo(t, service)
			wantCode(t, run(t, dir, "add", "--yes", "makefile"), ExitOK, "add", "makefile")
			rewriteRecord(t, dir, func(r *generator.Record) { r.Generator.Version = "v0.5.0" })
			gitCommit(t, dir) // add wants its changes committed first
			return dir
		}, []string{"version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			before := treetest.Describe(t, dir)
			r := run(t, dir, append([]string{"add", "--yes"}, tt.args...)...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, "development build without a module version ((devel)): run add with gonew-prod v0.5.0 (go install github.com/gonew-prod/gonew-prod/cmd/gonew-prod@v0.5.0)") || !strings.Contains(r.stderr, "update --to devel") || strings.Contains(r.stderr, "update first") {
				t.Errorf("add: exit %d, want %d naming the development build and update --to devel:\n%s", r.code, ExitUsage, r.stderr)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Fatalf("a refused add changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestUpdateChecksThePacksIgnoreFiles: a pack version moved to with --preset whose own
// .dockerignore leaves out what the built-in Dockerfile builds, whose own .gitignore
// ignores files of the project, whose own Makefile lacks a target the built-in CI
// runs, or whose Go files do not build as the project builds its binary (CGO_ENABLED=0
// -tags nomsgpack, which the gate's go build does not pass), is refused as new refuses
// it (exit 2, nothing written), not written into an existing project.
func TestUpdateChecksThePacksIgnoreFiles(t *testing.T) {
	tests := []struct {
		name    string
		overlay map[string]string
		want    string
	}{
		{"dockerignore leaving out internal", map[string]string{".dockerignore": ".git\nbin/\ninternal/\n"},
			"preset lc: overlay/.dockerignore.tmpl leaves internal/ out of the Docker build context (pattern internal), and the go build of the built-in Dockerfile needs it; add !internal/ at its end in the pack (or replace the Dockerfile in the overlay too); nothing written"},
		{"gitignore ignoring a file of the pack", map[string]string{".gitignore": "/bin/\n*.txt\n", "internal/extra/notes.txt": "notes\n"},
			"preset lc: the project's own .gitignore ignores files of the project: internal/extra/notes.txt (by .gitignore:2:*.txt); the update's commit, and every clone, would miss them"},
		{"Makefile without the targets the CI runs", map[string]string{"Makefile": "all:\n\tgo build ./...\n"},
			"overlay/Makefile.tmpl has no target build or docker, which the built-in .github/workflows/ci.yml runs (make build, make docker)"},
		{"Go file the build tags leave out, used by another", map[string]string{
			"cmd/{{.Name}}/extra.go": "//go:build !nomsgpack\n\npackage main\n\nfunc extra() string { return \"x\" }\n",
			"cmd/{{.Name}}/use.go":   "package main\n\nvar _ = extra()\n"},
			"preset lc: the rendered project does not type-check in the build of its binary by make build (Makefile:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, _, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/platform\n"})
			p2 := next(tt.overlay)
			before := treetest.Describe(t, dir)
			for _, mode := range [][]string{{"--dry-run"}, {"--check"}, {"--no-verify"}} {
				cmd := slices.Concat([]string{"update"}, mode, []string{"--preset", p2})
				r := run(t, dir, cmd...)
				wantCode(t, r, ExitUsage, cmd...)
				if !strings.Contains(r.stderr, tt.want) {
					t.Errorf("%v: stderr:\n%s\nwant %q", cmd, r.stderr, tt.want)
				}
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("the refused update changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestUpdatePackChangedInPlaceByMode: a pack directory whose only change since the project
// was made is its executable: list (a git pull of the presets checkout) is refused, instead
// of taking the file it now renders executable for one the user made plain: by the digest
// of the pack's content the record holds, or, in a record written before digests were
// recorded, because it no longer renders the recorded project, as for any change in place.
func TestUpdatePackChangedInPlaceByMode(t *testing.T) {
	for _, tt := range []struct {
		name   string
		digest bool // the record holds the pack's digest
		want   []string
	}{
		{"digest recorded", true, []string{"preset lc found at ", "is not the pack the project was made from"}},
		{"no digest recorded", false, []string{"scripts/run.sh is rendered with mode 0755, not its recorded 0644", "which has likely changed since"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir, git, _ := packProject(t, map[string]string{"scripts/run.sh": "#!/bin/sh\necho deploy\n"})
			if !tt.digest {
				rewriteRecord(t, dir, func(r *generator.Record) { r.Preset.Digest = "" })
				git("commit", "-qam", "a record of before digests")
			}
			mustWrite(t, filepath.Dir(dir), "p1/preset.yaml", "name: lc\ndescription: pack\nextends: minimal\nexecutable: [scripts/run.sh.tmpl]\n")
			for _, mode := range []string{"--dry-run", "--check"} {
				r := run(t, dir, "update", mode)
				wantCode(t, r, ExitUsage, "update", mode)
				for _, want := range tt.want {
					if !strings.Contains(r.stderr, want) {
						t.Errorf("update %s: stderr:\n%s\nwant %q", mode, r.stderr, want)
					}
				}
			}
		})
	}
}

// TestUpdateRecordAloneIsNoUpToDate: an update that writes the record alone, dropping
// from its conflicts a not-applied change --resolved names (or a conflict resolved
// since), is no "up to date": --check exits 3 saying what the update writes, and
// --dry-run and --json say status clean, as the update then rewrites the record; after
// it, the project is up to date.
func TestUpdateRecordAloneIsNoUpToDate(t *testing.T) {
	dir, git, next := packProject(t, map[string]string{"platform.conf": "timeout: 5s\n"})
	p2 := next(map[string]string{"platform.conf": "timeout: 5s\nkeepalive: 30s\n"})
	git("rm", "-q", "platform.conf")
	git("commit", "-qm", "settings moved")
	wantCode(t, run(t, dir, "update", "--preset", p2, "--no-verify"), ExitUpdate, "update")
	git("add", "-A")
	git("commit", "-qm", "update")
	resolved := []string{"update", "--resolved", "platform.conf"}
	tests := []struct {
		args   []string
		code   int
		stdout string // a substring of stdout; the JSON status with --json
		stderr string // a substring of stderr
	}{
		{args: slices.Concat(resolved, []string{"--check"}), code: ExitUpdate, stderr: "writes .gonew-prod.yaml alone: it drops from the record's conflicts platform.conf"},
		{args: slices.Concat(resolved, []string{"--dry-run"}), code: ExitOK, stdout: "update       .gonew-prod.yaml", stderr: "status: clean"},
		{args: slices.Concat(resolved, []string{"--dry-run", "--json"}), code: ExitOK, stdout: "clean"},
		{args: slices.Concat(resolved, []string{"--check", "--json"}), code: ExitUpdate, stdout: "clean"},
	}
	record := readFile(t, dir, generator.RecordFile)
	for _, tt := range tests {
		r := run(t, dir, tt.args...)
		wantCode(t, r, tt.code, tt.args...)
		if slices.Contains(tt.args, "--json") {
			var report struct{ Status string }
			if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || report.Status != tt.stdout {
				t.Errorf("%s: status %q (%v), want %q", strings.Join(tt.args, " "), report.Status, err, tt.stdout)
			}
		} else if !strings.Contains(r.stdout, tt.stdout) || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("%s: stdout\n%s\nstderr\n%s\nwant %q and %q", strings.Join(tt.args, " "), r.stdout, r.stderr, tt.stdout, tt.stderr)
		}
		if readFile(t, dir, generator.RecordFile) != record {
			t.Fatalf("%s wrote the record", strings.Join(tt.args, " "))
		}
	}
	wantCode(t, run(t, dir, append(resolved, "--no-verify")...), ExitOK, resolved...)
	if readFile(t, dir, generator.RecordFile) == record {
		t.Errorf("update --resolved left the record as it was")
	}
	r := run(t, dir, "update", "--check", "--json")
	wantCode(t, r, ExitOK, "update", "--check", "--json")
	if !strings.Contains(r.stdout, `"status": "up-to-date"`) {
		t.Errorf("after the update: %s, want up-to-date", r.stdout)
	}
}

// TestUpdateFlagPathsInAMonorepo: in a project inside a larger git repository
// (services/orders), --recreate and --resolved take a path from the project's
// directory or, as update --help says, from the repository's root, whatever the
// current directory.
func TestUpdateFlagPathsInAMonorepo(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	mustWrite(t, repo, "top.txt", "the repository's\n")
	gitRepoIn(t, repo)
	if r := run(t, repo, newArgs("--module", "example.com/acme/orders", "--preset", "minimal", "services/orders")...); r.code != ExitOK {
		t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
	}
	git := gitAt(t, repo)
	git("add", "-A")
	git("commit", "-qm", "generated")
	git("rm", "-q", "services/orders/Dockerfile")
	git("commit", "-qm", "no Dockerfile")
	project := filepath.Join(repo, "services", "orders")
	tests := []struct {
		name, cwd string
		args      []string
	}{
		{"from the project's directory", repo, []string{"--dir", "services/orders", "--recreate", "Dockerfile"}},
		{"from the repository's root", repo, []string{"--dir", "services/orders", "--recreate", "services/orders/Dockerfile"}},
		{"from the repository's root, in the project", project, []string{"--recreate", "services/orders/Dockerfile"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"update", "--dry-run"}, tt.args...)
			r := run(t, tt.cwd, args...)
			wantCode(t, r, ExitOK, args...)
			if !strings.Contains(r.stdout, "recreate     Dockerfile (you deleted it; brought back by --recreate)") {
				t.Errorf("stdout:\n%s\nwant Dockerfile recreated", r.stdout)
			}
		})
	}
}

// TestNotAppliedTextOffersRecreate checks that the summary of changes left not applied
// offers --recreate only when one of their files is a file this version has: update
// refuses to bring back a file the version drops.
func TestNotAppliedTextOffersRecreate(t *testing.T) {
	kept, dropped := update.Step{Path: "Dockerfile", Action: update.NotApplied, Theirs: []byte("FROM scratch\n")}, update.Step{Path: "docs/notes.txt", Action: update.NotApplied}
	tests := []struct {
		name     string
		steps    []update.Step
		recreate bool
	}{
		{"a file this version has", []update.Step{kept}, true},
		{"a file this version drops", []update.Step{dropped}, false},
		{"both", []update.Step{dropped, kept}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := notAppliedText(&update.Plan{Steps: tt.steps})
			if got := strings.Contains(text, "--recreate"); got != tt.recreate {
				t.Errorf("offers --recreate: %v, want %v: %s", got, tt.recreate, text)
			}
			for _, s := range tt.steps {
				if !strings.Contains(text, s.Path) {
					t.Errorf("text lacks %s: %s", s.Path, text)
				}
			}
		})
	}
}

// TestTidyNamesDroppedRequires: the requires of the module's go.mod (at the root, or
// below it for a project add made) that the user changed and this version dropped are
// handed to the gate, and the tidy line names those tidy dropped, with the go get that
// brings each back; none is named when tidy kept them or the merge had none.
func TestTidyNamesDroppedRequires(t *testing.T) {
	const (
		otel   = "example.com/otel"
		base   = "module example.com/p\n\ngo 1.26\n\nrequire (\n\texample.com/keep v1.0.0\n\texample.com/otel v0.66.0\n)\n"
		ours   = "module example.com/p\n\ngo 1.26\n\nrequire (\n\texample.com/keep v1.0.0\n\texample.com/otel v0.65.0\n)\n"
		theirs = "module example.com/p\n\ngo 1.26\n\nrequire example.com/keep v1.1.0\n"
		merged = "module example.com/p\n\ngo 1.26\n\nrequire (\n\texample.com/keep v1.1.0\n\texample.com/otel v0.65.0\n)\n"
		tidy   = "module example.com/p\n\ngo 1.26\n\nrequire example.com/keep v1.1.0\n"
	)
	tests := []struct {
		name, moduleDir, ours, tidied string
		wantDropped                   []string
		want                          string // in the tidy line, "" for none
	}{
		{"pinned, tidy drops it", "", ours, tidy, []string{otel},
			"dropped 1 require(s) of yours that this version drops and no package imports any more: example.com/otel v0.65.0 (a version you chose matters only to a module the build uses; when code imports it again, go get example.com/otel@v0.65.0 brings yours back)"},
		{"below the root", "svc", ours, tidy, []string{otel}, "no package imports any more: example.com/otel v0.65.0 ("},
		{"pinned, your code imports it", "", ours, merged, []string{otel}, ""},
		{"left as the base had it", "", base, tidy, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod := filepath.ToSlash(filepath.Join(tt.moduleDir, "go.mod"))
			plan := &update.Plan{Record: generator.Record{Vars: map[string]string{"moduleDir": tt.moduleDir}},
				Steps: []update.Step{{Path: mod, Action: update.Merge, Base: []byte(base), Ours: []byte(tt.ours), Theirs: []byte(theirs)}}}
			gate := &update.Gate{Dropped: droppedYours(plan)}
			if !slices.Equal(gate.Dropped, tt.wantDropped) {
				t.Errorf("droppedYours = %q, want %q", gate.Dropped, tt.wantDropped)
			}
			planned := map[string][]byte{mod: []byte(merged)}
			changes := []generator.Change{{Path: mod, Content: []byte(tt.tidied)}}
			gone, err := requiresGone(plan, gate, planned, changes)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == "" {
				if len(gone) > 0 {
					t.Errorf("requiresGone = %v, want none", gone)
				}
				return
			}
			if got := goneText(gone); !strings.Contains(got, tt.want) {
				t.Errorf("tidy line says %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestUpdateTidyKeepsWhatThePlanKeeps: the gate's go mod tidy writes no go.sum the plan
// leaves as it is, one the user deleted (the plan keeps it deleted, and --dry-run says
// so) or one git ignores where it tracks none, whatever tidy makes of it in the scratch
// copy, where the checks build with it; the gate's log says so (round 28 update/1).
func TestUpdateTidyKeepsWhatThePlanKeeps(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, dir string, git func(...string) string)
		want    string // on stderr
	}{
		{name: "deleted and ignored",
			prepare: func(t *testing.T, dir string, git func(...string) string) {
				git("rm", "-q", "go.sum")
				appendTo(t, dir, ".gitignore", "go.sum\n")
				git("commit", "-qam", "we do not keep go.sum")
			},
			want: "go.sum not written: you deleted it, and it stays deleted (gonew-prod update --recreate go.sum brings it back)"},
		{name: "deleted",
			prepare: func(t *testing.T, dir string, git func(...string) string) {
				git("rm", "-q", "go.sum")
				git("commit", "-qam", "no go.sum")
			},
			want: "go.sum not written: you deleted it"},
		{name: "ignored, untracked and stale",
			prepare: func(t *testing.T, dir string, git func(...string) string) {
				git("rm", "-q", "--cached", "go.sum")
				appendTo(t, dir, ".gitignore", "go.sum\n")
				git("commit", "-qam", "go.sum is local")
				sum := strings.SplitAfter(readFile(t, dir, "go.sum"), "\n")
				mustWrite(t, dir, "go.sum", strings.Join(sum[2:], ""))
			},
			want: "go.sum not written: git ignores it (by .gitignore:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, git, next := packProject(t, map[string]string{"CODEOWNERS": "* @lc/a\n"})
			p2 := next(map[string]string{"CODEOWNERS": "* @lc/a @lc/b\n"})
			tt.prepare(t, dir, git)
			before := fileState(t, dir, "go.sum")
			r := run(t, dir, "update", "--preset", p2, "--dry-run")
			wantCode(t, r, ExitOK, "update", "--dry-run")
			r = runEnv(t, context.Background(), dir, nil, offlineNoSumDB, "update", "--preset", p2, "--verify-cmd", "go build ./...")
			wantCode(t, r, ExitOK, "update")
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if after := fileState(t, dir, "go.sum"); after != before {
				t.Errorf("go.sum before the update, %s\nafter, %s", before, after)
			}
			if readFile(t, dir, "CODEOWNERS") != "* @lc/a @lc/b\n" {
				t.Error("CODEOWNERS was not updated")
			}
		})
	}
}

// offlineNoSumDB runs the go commands of a run offline: no module proxy and no checksum
// database. A tidy of a tree whose go.sum was deleted asks the database for the hashes of
// modules already in the module cache; the cache holds its answers only where an earlier
// command looked them up through the proxy, which a fresh machine's has not.
var offlineNoSumDB = []string{"GOFLAGS=-mod=mod", "GOPROXY=off", "GOSUMDB=off"}

// TestUpdateNotesProdMkReadTwice: an include of *.mk added after add wrote gonew-prod.mk
// reads it a second time; update, which leaves the Makefile as it is, says so as add
// does, in a real run, a dry run and a check alike, and --json's notes hold it.
func TestUpdateNotesProdMkReadTwice(t *testing.T) {
	dir := gitRepo(t, service)
	wantCode(t, run(t, dir, "add", "--yes", "makefile"), ExitOK, "add", "makefile")
	mustWrite(t, dir, "Makefile", "-include *.mk\n"+readFile(t, dir, "Makefile"))
	gitCommit(t, dir)
	const want = "Makefile:1 `-include *.mk` includes gonew-prod.mk, which add writes, besides gonew-prod's guarded block makefile in Makefile: make reads it twice"
	for _, args := range [][]string{{"update", "--dry-run"}, {"update", "--check"}, {"update", "--dry-run", "--json"}, {"update", "--check", "--json"}, {"update"}} {
		r := run(t, dir, args...)
		wantCode(t, r, ExitOK, args...)
		if !strings.Contains(r.stderr, "note: "+want) {
			t.Errorf("gonew-prod %s: stderr %q, want %q", strings.Join(args, " "), r.stderr, want)
		}
		if !slices.Contains(args, "--json") {
			continue
		}
		var report struct {
			Notes []string `json:"notes"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &report); err != nil || len(report.Notes) != 1 || !strings.HasPrefix(report.Notes[0], want) {
			t.Errorf("gonew-prod %s: notes %q (%v), want one, beginning %q\n%s", strings.Join(args, " "), report.Notes, err, want, r.stdout)
		}
	}
}

// TestReadmeUpdateStatuses: the README's update --json "status" line lists every status
// update --json prints, a plan's own and update's beside them, and no other.
func TestReadmeUpdateStatuses(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*"status": "([a-z|-]+)",`).FindSubmatch(readme)
	if m == nil {
		t.Fatal(`README.md: no update --json "status" line`)
	}
	listed := strings.Split(string(m[1]), "|")
	want := []string{string(update.UpToDate), string(update.Clean), string(update.Conflicts), statusPending, statusNewer, statusRefused}
	if !slices.Equal(slices.Sorted(slices.Values(listed)), slices.Sorted(slices.Values(want))) {
		t.Errorf("README.md lists the statuses %q, update --json prints %q", listed, want)
	}
}

// TestPresetChange names the preset an update records and where it moves it from: by
// versions, by sources when those do not tell the packs apart, and by the digests of their
// content when the source is the same too (update --preset taking a changed pack); a
// digest only one record holds (one written before digests) is no change.
func TestPresetChange(t *testing.T) {
	const d1, d2 = "sha256:5d4f2e2d9188b159ca3380a3953594cef3e0506e51632d9000ed32cc4bb48a97", "sha256:5a78f6bd57c5dba0e995ea1a9170bea8166114c14eca00ee06e6d13079b8ab38"
	p := func(name, source, version, digest string) generator.RecordPreset {
		return generator.RecordPreset{Name: name, Source: source, Version: version, Digest: digest}
	}
	tests := []struct {
		from, to generator.RecordPreset
		want     string
	}{
		{p("ib", "./ib", "", d1), p("ib", "./ib", "", d1), "ib"},
		{p("org", "example.com/p@v1.0.0", "v1.0.0", ""), p("org", "example.com/p@v1.1.0", "v1.1.0", ""), "org v1.0.0 -> org v1.1.0"},
		{p("ib", "./p1", "", d1), p("ib", "./p2", "", d1), "ib ./p1 -> ./p2"},
		{p("ib", "./ib", "", d1), p("ib", "./ib", "", d2), "ib ./ib, other content (sha256:5d4f2e2d… -> sha256:5a78f6bd…)"},
		{p("ib", "./ib", "", ""), p("ib", "./ib", "", d1), "ib"},
		{p("ib", "./ib", "", d1), p("ib", "./ib", "", ""), "ib"},
	}
	for _, tt := range tests {
		if got := presetChange(tt.from, tt.to); got != tt.want {
			t.Errorf("presetChange(%v, %v) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

// TestUpdateTargetCILockOverAnotherVersion: a move to a pack whose ci lock needs the ci
// feature the project was made without, where another gonew-prod made the project, is
// refused with a way on this gonew-prod can follow (its add refuses a project of another
// version): each command the refusal names, run in its order and committed, then the
// update again, moves the project to the pack.
func TestUpdateTargetCILockOverAnotherVersion(t *testing.T) {
	offline := []string{"GOPROXY=off", "GOFLAGS=-mod=mod"}
	runOff := func(t *testing.T, dir string, args ...string) result {
		t.Helper()
		return runEnv(t, context.Background(), dir, nil, offline, args...)
	}
	root := t.TempDir()
	if r := run(t, root, newArgs("--preset", "minimal", "--ci", "none", "--module", "example.com/acme/svc", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	mustWrite(t, root, "lc/preset.yaml", "name: lc\nextends: minimal\nanswers:\n  ci: gitlab\nlocked: [ci]\n")
	dir := filepath.Join(root, "svc")
	gitRepoIn(t, dir)
	rewriteRecord(t, dir, func(r *generator.Record) { r.Generator.Version = "v0.5.0" })
	gitCommit(t, dir)
	move := []string{"update", "--to", "devel", "--preset", "../lc", "--no-verify", "--no-tidy"}
	before := treetest.Describe(t, dir)
	r := runOff(t, dir, move...)
	wantCode(t, r, ExitUsage, move...)
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("the refused update changed the tree:\n%s", treeDiff(before, after))
	}
	steps := regexp.MustCompile(`\(gonew-prod ([^()]+)\)`).FindAllStringSubmatch(r.stderr, -1)
	if len(steps) == 0 {
		t.Fatalf("the refusal names no command to run:\n%s", r.stderr)
	}
	for _, step := range steps {
		args := strings.Fields(step[1])
		switch args[0] {
		case "update":
			args = append(args, "--no-verify", "--no-tidy")
		case "add":
			args = append(args, "--yes")
		}
		if out := runOff(t, dir, args...); out.code != ExitOK {
			t.Fatalf("the refusal's way on:\n%s\ngonew-prod %s: exit %d\n%s", r.stderr, strings.Join(args, " "), out.code, out.stderr)
		}
		gitCommit(t, dir)
	}
	wantCode(t, runOff(t, dir, move...), ExitOK, move...)
	if rec := readRecord(t, dir); rec.Preset.Name != "lc" || rec.Answers.CI != "gitlab" || !rec.Answers.Has("ci") {
		t.Errorf("after the way on and the update: preset %s, ci %s, features %v; want lc, gitlab, with ci", rec.Preset.Name, rec.Answers.CI, rec.Answers.Features)
	}
}
