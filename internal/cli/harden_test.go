package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/answers"
	"github.com/gonew-prod/gonew-prod/internal/preset"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestNewForceNeverLosesData replays the ways --force lost data: anything that is not a
// file where a file must go is refused before anything is touched, and every file it
// replaces is kept under a name nothing held before, the name its --dry-run plan gives.
func TestNewForceNeverLosesData(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, svc string)
		code  int
		err   string
		// kept maps backup names to what they must hold (the user's former files); every
		// other entry of the user must be unchanged.
		kept map[string]string
		// modes maps replaced files to the mode they must keep.
		modes map[string]fs.FileMode
	}{
		{
			name: "directory where a file goes",
			setup: func(t *testing.T, svc string) {
				mustWrite(t, svc, "README.md/d/f", "precious\n")
			},
			code: ExitUsage, err: "README.md (is a directory)",
		},
		{
			name: "relative symlink where a file goes",
			setup: func(t *testing.T, svc string) {
				mustWrite(t, svc, "../outside.md", "outside\n")
				if err := os.Symlink("../outside.md", filepath.Join(svc, "README.md")); err != nil {
					t.Fatal(err)
				}
			},
			code: ExitUsage, err: "README.md (is a symbolic link)",
		},
		{
			name: "file where a directory goes",
			setup: func(t *testing.T, svc string) {
				mustWrite(t, svc, "cmd", "a file called cmd\n")
			},
			code: ExitUsage, err: "cmd is not a directory",
		},
		{
			name: "directory at the backup name",
			setup: func(t *testing.T, svc string) {
				mustWrite(t, svc, "README.md", "my readme\n")
				mustWrite(t, svc, "README.md.orig/d/f", "precious\n")
			},
			code: ExitOK, kept: map[string]string{"README.md.orig.1": "-rw-r--r-- my readme\n"},
		},
		{
			name: "existing backup file",
			setup: func(t *testing.T, svc string) {
				mustWrite(t, svc, "Makefile", "all:\n")
				mustWrite(t, svc, "Makefile.orig", "an older backup\n")
				mustWrite(t, svc, "README.md", "my readme\n")
				if err := os.Chmod(filepath.Join(svc, "Makefile"), 0o600); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(filepath.Join(svc, "README.md"), 0o750); err != nil {
					t.Fatal(err)
				}
			},
			code: ExitOK, kept: map[string]string{"Makefile.orig.1": "-rw------- all:\n", "README.md.orig": "-rwxr-x--- my readme\n"},
			modes: map[string]fs.FileMode{"Makefile": 0o600, "README.md": 0o750},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			svc := filepath.Join(dir, "svc")
			if err := os.Mkdir(svc, 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, svc)
			before := treetest.Describe(t, dir)
			dry := run(t, dir, newArgs("--dry-run", "--force", "--module", "example.com/acme/orders", "svc")...)
			if tt.code == ExitOK {
				for name := range tt.kept {
					// "conflict  0600 Makefile (content differs; yours kept as Makefile.orig.1)"
					file, _, _ := strings.Cut(name, ".orig")
					if want := " " + file + " (content differs; yours kept as " + name; !strings.Contains(dry.stdout, want+")") && !strings.Contains(dry.stdout, want+";") {
						t.Errorf("the dry run does not name the backup %s (want %q):\n%s", name, want, dry.stdout)
					}
				}
			}
			r := run(t, dir, newArgs("--force", "--module", "example.com/acme/orders", "svc")...)
			if r.code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			after := treetest.Describe(t, dir)
			if tt.code != ExitOK {
				if !strings.Contains(r.stderr, tt.err) || !strings.Contains(r.stderr, "nothing written") {
					t.Errorf("stderr %q, want %q and that nothing was written", r.stderr, tt.err)
				}
				if !maps.Equal(before, after) {
					t.Errorf("a refused run changed the tree:\nbefore %v\nafter  %v", before, after)
				}
				return
			}
			for name, want := range tt.kept {
				if got := after["svc/"+name]; got != want {
					t.Errorf("backup %s = %q, want %q", name, got, want)
				}
				if !strings.Contains(r.stderr, " as "+name) {
					t.Errorf("stderr does not tell where the backup is: %q", r.stderr)
				}
			}
			for name, want := range tt.modes {
				if info, err := os.Stat(filepath.Join(svc, name)); err != nil || info.Mode().Perm() != want {
					t.Errorf("replaced %s: mode %v, %v; want its own, %04o", name, info.Mode(), err, want)
				}
			}
			rec, err := generator.ParseRecord("record", []byte(readFile(t, svc, generator.RecordFile)))
			if err != nil {
				t.Fatal(err)
			}
			for p, desc := range before {
				if rel, ok := strings.CutPrefix(p, "svc/"); ok && rec.Entry(rel) != nil {
					continue // replaced by the render: its former content is in a backup
				}
				if after[p] != desc {
					t.Errorf("%s changed: %q -> %q", p, desc, after[p])
				}
			}
		})
	}
}

// TestNewKeepsTheTargetDirectory checks that an existing empty target, named or the
// working directory itself, keeps its inode, mode and group.
func TestNewKeepsTheTargetDirectory(t *testing.T) {
	for _, dot := range []bool{false, true} {
		t.Run(fmt.Sprintf("dot=%v", dot), func(t *testing.T) {
			dir := t.TempDir()
			svc := filepath.Join(dir, "svc")
			if err := os.Mkdir(svc, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(svc, 0o770|fs.ModeSetgid); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Stat(svc)
			var r result
			if dot {
				r = run(t, svc, newArgs("--module", "example.com/acme/orders", ".")...)
			} else {
				r = run(t, dir, newArgs("--module", "example.com/acme/orders", "svc")...)
			}
			if r.code != ExitOK {
				t.Fatalf("exit code %d; stderr: %s", r.code, r.stderr)
			}
			after, _ := os.Stat(svc)
			_, bgid := treetest.Owner(t, before)
			_, agid := treetest.Owner(t, after)
			if !os.SameFile(before, after) || before.Mode() != after.Mode() || bgid != agid {
				t.Errorf("target %s (inode %d) became %s (inode %d)", before.Mode(), treetest.Inode(t, before), after.Mode(), treetest.Inode(t, after))
			}
			if _, err := os.Stat(filepath.Join(svc, "go.mod")); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestNewTargetShapes(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		code  int
		want  string
	}{
		{"symlink to an empty directory", func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "real"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("real", filepath.Join(dir, "svc")); err != nil {
				t.Fatal(err)
			}
		}, ExitOK, ""},
		{"dangling symlink", func(t *testing.T, dir string) {
			if err := os.Symlink("nowhere", filepath.Join(dir, "svc")); err != nil {
				t.Fatal(err)
			}
		}, ExitUsage, "symbolic link that does not lead to a directory"},
		{"a file", func(t *testing.T, dir string) { mustWrite(t, dir, "svc", "x") }, ExitUsage, "exists and is not a directory"},
		{"a symlink into a .git directory", func(t *testing.T, dir string) {
			if err := os.MkdirAll(filepath.Join(dir, "repo", ".Git", "orders"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(filepath.Join("repo", ".Git", "orders"), filepath.Join(dir, "svc")); err != nil {
				t.Fatal(err)
			}
		}, ExitUsage, "/repo/.Git, a git repository's own directory: new never writes into one"},
		{"in a bare repository", func(t *testing.T, dir string) {
			mustWrite(t, dir, "HEAD", "ref: refs/heads/main\n")
			for _, d := range []string{"objects", "refs"} {
				if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
		}, ExitUsage, "a git repository's own directory: new never writes into one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			before := treetest.Describe(t, dir)
			r := run(t, dir, newArgs("--module", "example.com/acme/orders", "svc")...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("exit code %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
			if tt.code != ExitOK {
				if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
					t.Errorf("tree changed:\nbefore %v\nafter  %v", before, after)
				}
				return
			}
			if info, err := os.Lstat(filepath.Join(dir, "svc")); err != nil || info.Mode()&fs.ModeSymlink == 0 {
				t.Errorf("the link was replaced: %v %v", info, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "real", "go.mod")); err != nil {
				t.Errorf("not written through the link: %v", err)
			}
		})
	}
}

// TestNewTargetUnderAFile: a target whose path runs through a regular file
// (notes.txt/orders) cannot be made: new refuses it as invalid input (exit 2) naming the
// file, writes nothing, and does not print the raw error of the file system.
func TestNewTargetUnderAFile(t *testing.T) {
	for _, target := range []string{"notes.txt/orders", "notes.txt/services/orders"} {
		dir := t.TempDir()
		mustWrite(t, dir, "notes.txt", "mine\n")
		before := treetest.Describe(t, dir)
		r := run(t, dir, newArgs("--module", "example.com/acme/orders", target)...)
		want := "notes.txt is a file, not a directory; choose another directory"
		if r.code != ExitUsage || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "lstat") {
			t.Errorf("%s: exit %d, stderr %q; want %d naming %q", target, r.code, r.stderr, ExitUsage, want)
		}
		if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
			t.Errorf("%s: tree changed:\nbefore %v\nafter  %v", target, before, after)
		}
	}
}

// TestNewUnusableTempDir: without a usable TMPDIR, new with a pack that needs a scratch
// directory refuses naming TMPDIR and writes nothing, and new without one works (git
// needs none).
func TestNewUnusableTempDir(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: default\n")
	mustWrite(t, dir, "pack/overlay/CODEOWNERS.tmpl", "* @acme/platform\n")
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "nowhere"))
	r := run(t, dir, newArgs("--module", "example.com/acme/orders", "--preset", "./pack", "svc")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "nowhere (TMPDIR), cannot take one") || !strings.Contains(r.stderr, "point TMPDIR at a writable directory") {
		t.Errorf("with a pack: exit %d, stderr %q; want 2 naming TMPDIR", r.code, r.stderr)
	}
	if _, err := os.Lstat(filepath.Join(dir, "svc")); err == nil {
		t.Errorf("svc written")
	}
	if _, err := exec.LookPath("git"); err != nil {
		return
	}
	r = run(t, dir, "new", "--yes", "--module", "example.com/acme/orders", "plain")
	if r.code != ExitOK {
		t.Errorf("without a pack: exit %d, stderr %q; want 0", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "plain", ".git")); err != nil {
		t.Errorf("no repository made: %v", err)
	}
}

func TestAnswersFileIsBounded(t *testing.T) {
	r := run(t, "", newArgs("--answers", "/dev/zero", "--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "larger than") {
		t.Fatalf("exit code %d, stderr %q; want 2 and the size limit", r.code, r.stderr)
	}
	// A pipe (--answers <(...)) is read like a file.
	dir := t.TempDir()
	fifo := filepath.Join(dir, "answers.fifo")
	treetest.Mkfifo(t, fifo, 0o600)
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err == nil {
			fmt.Fprintln(f, "framework: echo")
			f.Close()
		}
	}()
	r = run(t, dir, newArgs("--answers", fifo, "--module", "example.com/acme/orders", "svc")...)
	if r.code != ExitOK {
		t.Fatalf("answers from a pipe: exit code %d; stderr %s", r.code, r.stderr)
	}
	if got := replay(t, filepath.Join(dir, "svc"))["framework"]; got != "echo" {
		t.Errorf("framework = %q, want echo from the pipe", got)
	}
}

// TestValidationGaps pins the rules that were missing: each invalid run exits 2 naming
// the flag, each valid one records what was asked.
func TestValidationGaps(t *testing.T) {
	const mod = "example.com/acme/orders"
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr []string
		record map[string]string // recorded answers of a valid run
		gomod  string            // expected go directive of a valid run
	}{
		{"name ending in -", []string{"--module", mod, "--name", "orders-"}, ExitUsage, []string{`--name: invalid name "orders-"`, "not ending in '-'"}, nil, ""},
		{"derived name ending in -", []string{"--module", "example.com/acme/orders_"}, ExitUsage, []string{"pass --name"}, nil, ""},
		{"go above the toolchain", []string{"--module", mod, "--go", "1.99"}, ExitUsage, []string{`--go: invalid go "1.99"`, "newer than the running toolchain"}, nil, ""},
		{"go as a release", []string{"--module", mod, "--go", "1.26.0"}, ExitOK, nil, map[string]string{"go": "1.26.0"}, "go 1.26.0"},
		{"decimal port with a leading zero", []string{"--module", mod, "--http-port", "08080"}, ExitOK, nil, map[string]string{"http_port": "8080"}, ""},
		{"hex port", []string{"--module", mod, "--http-port", "0x1f90"}, ExitUsage, []string{"--http-port", "not a decimal integer"}, nil, ""},
		{"no admin listener: any http port, the admin port moved off it", []string{"--module", mod, "--preset", "minimal", "--http-port", "6060"}, ExitOK, []string{"the admin_port is 6061"}, map[string]string{"http_port": "6060", "admin_port": "6061"}, ""},
		{"http port on the default admin port with pprof", []string{"--module", mod, "--http-port", "6060"}, ExitOK, []string{"the admin_port is 6061 (pprof's admin listener serves on it)"}, map[string]string{"http_port": "6060", "admin_port": "6061"}, ""},
		{"ci none with ci", []string{"--module", mod, "--ci", "none", "--with", "ci"}, ExitUsage, []string{"--ci and --with", "ci none contradicts the ci feature"}, nil, ""},
		{"ci none alone", []string{"--module", mod, "--ci", "none"}, ExitOK, nil, map[string]string{"ci": "none", "features": "otel,mtls,pprof,docker,k8s"}, ""},
		{"equal ports name the flags", []string{"--module", mod, "--http-port", "7000", "--admin-port", "7000"}, ExitUsage, []string{"--http-port and --admin-port: invalid admin_port"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, "", newArgs(append(tt.args, "svc")...)...)
			if r.code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr: %s", r.code, tt.code, r.stderr)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not contain %q", r.stderr, w)
				}
			}
			if tt.code != ExitOK {
				return
			}
			got := replay(t, filepath.Join(r.dir, "svc"))
			for k, v := range tt.record {
				if got[k] != v {
					t.Errorf("recorded %s = %q, want %q", k, got[k], v)
				}
			}
			if tt.gomod != "" && !strings.Contains(readFile(t, r.dir, "svc/go.mod"), "\n"+tt.gomod+"\n") {
				t.Errorf("go.mod lacks %q", tt.gomod)
			}
		})
	}
}

const lockedPrefixPack = `name: acme
module_prefix: gitlab.acme.example
locked: [module_prefix]
`

// TestReplayKeepsThePreset checks that replaying a record re-resolves its preset, with its
// locks and overlay, or refuses when it cannot find it.
func TestReplayKeepsThePreset(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "packs/acme/preset.yaml", lockedPrefixPack)
	mustWrite(t, dir, "packs/acme/overlay/CODEOWNERS.tmpl", "* @acme/{{.Name}}\n")
	if r := run(t, dir, newArgs("--preset", "./packs/acme", "--module", "gitlab.acme.example/team/a", "a")...); r.code != ExitOK {
		t.Fatalf("first run: %d %s", r.code, r.stderr)
	}
	record := filepath.Join("a", generator.RecordFile)
	r := run(t, dir, newArgs("--answers", record, "--module", "example.com/other/b", "b")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "preset acme requires modules under gitlab.acme.example/") {
		t.Errorf("replay outside the locked prefix: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, dir, newArgs("--answers", record, "--module", "gitlab.acme.example/team/c", "c")...)
	if r.code != ExitOK {
		t.Fatalf("replay: %d %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "c/CODEOWNERS"); got != "* @acme/c-owners\n" && got != "* @acme/c\n" {
		t.Errorf("the replayed project lacks the pack's overlay: CODEOWNERS = %q", got)
	}
	if !strings.Contains(readFile(t, dir, "c/"+generator.RecordFile), "name: acme\n  source: ./packs/acme\n") {
		t.Errorf("the replayed record does not name the pack")
	}
	// From elsewhere the pack's relative path means nothing: refused, with the way out.
	other := t.TempDir()
	r = run(t, other, newArgs("--answers", filepath.Join(dir, record), "--module", "gitlab.acme.example/team/d", "d")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "/packs/acme, found from the record's directory: pass --preset ../") {
		t.Errorf("replay from elsewhere: exit %d, stderr %q", r.code, r.stderr)
	}
	r = run(t, other, newArgs("--answers", filepath.Join(dir, record), "--preset", filepath.Join(dir, "packs/acme"), "--module", "gitlab.acme.example/team/d", "d")...)
	if r.code != ExitOK {
		t.Errorf("replay with --preset: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestReplayChangedPack: replaying a record whose pack, found where it names it, has
// another digest than the record holds (which update and add refuse for that project)
// makes the new project from the pack as found, and a note says so; the pack as recorded
// gets no note (round 41 packs, suspected).
func TestReplayChangedPack(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "packs/acme/preset.yaml", "name: acme\nextends: minimal\n")
	if r := run(t, dir, newArgs("--preset", "./packs/acme", "--module", "example.com/acme/a", "a")...); r.code != ExitOK {
		t.Fatalf("first run: %d %s", r.code, r.stderr)
	}
	record := filepath.Join("a", generator.RecordFile)
	const note = "note: preset acme found at ./packs/acme is not the pack the project of " // a/.gonew-prod.yaml was made from
	r := run(t, dir, newArgs("--dry-run", "--answers", record, "--module", "example.com/acme/b", "b")...)
	if r.code != ExitOK || strings.Contains(r.stderr, note) {
		t.Errorf("the pack as recorded: exit %d, stderr %q; want exit 0 and no note", r.code, r.stderr)
	}
	mustWrite(t, dir, "packs/acme/overlay/CODEOWNERS.tmpl", "* @acme/{{.Name}}\n")
	r = run(t, dir, newArgs("--answers", record, "--module", "example.com/acme/c", "c")...)
	if r.code != ExitOK || !strings.Contains(r.stderr, note) || !strings.Contains(r.stderr, "the new project is made from the pack as found") {
		t.Errorf("a changed pack: exit %d, stderr %q; want exit 0 and the note", r.code, r.stderr)
	}
	if got := readFile(t, dir, "c/CODEOWNERS"); got != "* @acme/c\n" {
		t.Errorf("the new project is not made from the pack as found: CODEOWNERS = %q", got)
	}
}

// TestReplayPackDroppingALockedFile: new --answers makes a new project from the pack its
// record names with the checks new --preset makes, so a pack changed since the record to
// leave out the file a base pack's lock selects (by remove, or by an overlay template that
// renders nothing) is refused, naming the lock, and no project is made; the leniency kept
// for a project made from such a pack before is update's, not a new project's.
func TestReplayPackDroppingALockedFile(t *testing.T) {
	tests := []struct {
		name string
		drop func(t *testing.T, dir string)
	}{
		{"remove", func(t *testing.T, dir string) {
			mustWrite(t, dir, "packs/child/preset.yaml", "name: child\nextends: ../base\nremove: [.gitlab-ci.yml]\n")
		}},
		{"a blank template", func(t *testing.T, dir string) {
			mustWrite(t, dir, "packs/child/overlay/.gitlab-ci.yml.tmpl", "{{/* none */}}\n")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "packs/go.mod", "module example.com/packs\n") // the checkout the packs share
			mustWrite(t, dir, "packs/base/preset.yaml", "name: base\nanswers:\n  ci: gitlab\nlocked: [ci]\n")
			mustWrite(t, dir, "packs/child/preset.yaml", "name: child\nextends: ../base\n")
			if r := run(t, dir, newArgs("--preset", "./packs/child", "--module", "example.com/acme/a", "a")...); r.code != ExitOK {
				t.Fatalf("first run: %d %s", r.code, r.stderr)
			}
			tt.drop(t, dir)
			given := run(t, dir, newArgs("--preset", "./packs/child", "--module", "example.com/acme/c", "c")...)
			if given.code != ExitUsage || !strings.Contains(given.stderr, "ci") {
				t.Fatalf("new --preset: exit %d, stderr %q; want the refusal", given.code, given.stderr)
			}
			r := run(t, dir, newArgs("--answers", filepath.Join("a", generator.RecordFile), "--module", "example.com/acme/b", "b")...)
			if r.code != given.code || !strings.Contains(r.stderr, strings.TrimPrefix(given.stderr, "gonew-prod: ")) {
				t.Errorf("new --answers: exit %d, stderr %q; want exit %d and new --preset's refusal %q", r.code, r.stderr, given.code, given.stderr)
			}
			if _, err := os.Lstat(filepath.Join(dir, "b")); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("new --answers made b (%v), want nothing made", err)
			}
		})
	}
}

// TestBareModuleUnderAPrefix checks that a bare module name (no '/' or '.') given as a
// flag or in an answers file means <prefix>/name under a pack's module_prefix, as at the
// prompt, and that without a prefix it is still refused.
func TestBareModuleUnderAPrefix(t *testing.T) {
	tests := []struct {
		name       string
		pack, file string
		args       []string
		wantModule string // "" for a refusal
		wantErr    string
	}{
		{name: "flag, locked prefix", pack: lockedPrefixPack, args: []string{"--module", "orders"}, wantModule: "gitlab.acme.example/orders"},
		{name: "answers file, locked prefix", pack: lockedPrefixPack, file: "module: orders\n", wantModule: "gitlab.acme.example/orders"},
		{name: "flag, prefix not locked", pack: "name: acme\nmodule_prefix: gitlab.acme.example/team\n", args: []string{"--module", "orders"}, wantModule: "gitlab.acme.example/team/orders"},
		{name: "flag over a file, both bare", pack: lockedPrefixPack, file: "module: billing\n", args: []string{"--module", "orders"}, wantModule: "gitlab.acme.example/orders"},
		{name: "a path is not completed", pack: lockedPrefixPack, args: []string{"--module", "example.com/orders"}, wantErr: "preset acme requires modules under gitlab.acme.example/"},
		{name: "no prefix", pack: "name: acme\n", args: []string{"--module", "orders"}, wantErr: "missing dot in first path element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "acme/preset.yaml", tt.pack)
			args := append([]string{"--preset", "./acme"}, tt.args...)
			if tt.file != "" {
				mustWrite(t, dir, "a.yaml", tt.file)
				args = append(args, "--answers", "a.yaml")
			}
			r := run(t, dir, newArgs(append(args, "svc")...)...)
			if tt.wantErr != "" {
				if r.code != ExitUsage || !strings.Contains(r.stderr, tt.wantErr) {
					t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tt.wantErr)
				}
				return
			}
			if r.code != ExitOK {
				t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
			}
			if got := replay(t, filepath.Join(dir, "svc"))[answers.KeyModule]; got != tt.wantModule {
				t.Errorf("module %q, want %q", got, tt.wantModule)
			}
		})
	}
}

// TestPresetsValidateAgreesWithNew checks, pack by pack, that presets validate accepts
// exactly what new renders. A pack replacing the CI file of one provider locks ci: validate
// also tries the providers a pack leaves open (TestPresetsValidateTriesTheOpenCIProviders).
func TestPresetsValidateAgreesWithNew(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	tests := []struct {
		name  string
		files map[string]string
		ok    bool
	}{
		{"locks module", map[string]string{"preset.yaml": "name: p\nanswers:\n  module: example.com/acme/only\nlocked: [module]\n"}, true},
		{"removal of one service's file", map[string]string{"preset.yaml": "name: p\nremove: [cmd/service/main_test.go]\n"}, false},
		{"templated removal", map[string]string{"preset.yaml": "name: p\nremove: [\"cmd/{{.Name}}/tls_test.go\"]\n"}, true},
		{"overlay producing the record", map[string]string{"preset.yaml": "name: p\n", "overlay/.gonew-prod.yaml.tmpl": "x\n"}, false},
		{"goprivate injection", map[string]string{"preset.yaml": "name: p\ngoprivate: \"x/*\\\"\\n  EVIL: \\\"injected\"\n"}, false},
		{"overlay with a typo", map[string]string{"preset.yaml": "name: p\n", "overlay/README.md.tmpl": "{{.Nmae}}\n"}, false},
		{"overlay output too large", map[string]string{"preset.yaml": "name: p\n", "overlay/README.md.tmpl": "{{ repeat 100000000 \"aaaaaaaaaa\" }}\n"}, false},
		{"overlay into .git", map[string]string{"preset.yaml": "name: p\n", "overlay/.git/config.tmpl": "[core]\n"}, false},
		{"overlay into .git by a rendered path", map[string]string{"preset.yaml": "name: p\n", "overlay/{{print \".GI\" \"T\"}}/config.tmpl": "[core]\n"}, false},
		{"overlay file named .git", map[string]string{"preset.yaml": "name: p\n", "overlay/.git.tmpl": "gitdir: /elsewhere/.git\n"}, false},
		{"overlay into a staging directory", map[string]string{"preset.yaml": "name: p\n", "overlay/.gonew-prod-stage-1/saved/x.tmpl": "x\n"}, false},
		{"overlay file under a built-in file", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile/x.tmpl": "x\n"}, false},
		{"overlay file under a built-in file by a rendered path", map[string]string{"preset.yaml": "name: p\n", "overlay/{{print \"Makefile\"}}/x.tmpl": "x\n"}, false},
		{"overlay path differing in case from a built-in", map[string]string{"preset.yaml": "name: p\n", "overlay/makefile.tmpl": "x\n"}, false},
		{"overlay name with a newline", map[string]string{"preset.yaml": "name: p\n", "overlay/notes\nidentical 0644 Dockerfile.tmpl": "x\n"}, false},
		{"goprivate for every host", map[string]string{"preset.yaml": "name: p\ngoprivate: \"*\"\n"}, false},
		{"goprivate for a public host", map[string]string{"preset.yaml": "name: p\ngoprivate: github.com/*\n"}, false},
		{"goprivate for an org", map[string]string{"preset.yaml": "name: p\ngoprivate: github.com/acme/*\n"}, true},
		{"http port below 1024", map[string]string{"preset.yaml": "name: p\nanswers:\n  http_port: 80\n"}, false},
		{"overlay .gitignore ignoring the project's files", map[string]string{"preset.yaml": "name: p\n", "overlay/.gitignore.tmpl": "/bin/\ninternal/\ngo.sum\n"}, false},
		{"overlay .gitignore ignoring what the project does not hold", map[string]string{"preset.yaml": "name: p\n", "overlay/.gitignore.tmpl": "/bin/\n*.log\n"}, true},
		{"admin port below 1024 without its listener", map[string]string{"preset.yaml": "name: p\nanswers:\n  admin_port: 600\n  features: [docker]\n"}, false},
		{"http port on the default admin port without its listener", map[string]string{"preset.yaml": "name: p\nanswers:\n  http_port: 6060\n  features: [docker]\n"}, true},
		{"removal of the Makefile the CI runs", map[string]string{"preset.yaml": "name: p\nremove: [Makefile]\n"}, false},
		{"removal of the Dockerfile make docker builds", map[string]string{"preset.yaml": "name: p\nanswers:\n  ci: gitlab\nremove: [Dockerfile]\n"}, false},
		{"removal of the Makefile with the CI replaced", map[string]string{"preset.yaml": "name: p\nremove: [Makefile]\n", "overlay/.github/workflows/ci.yml.tmpl": "on: push\n"}, true},
		{"template for a file the extended pack removes", map[string]string{"preset.yaml": "name: p\nextends: ./base\n", "base/preset.yaml": "name: base\nremove: [Dockerfile]\n", "overlay/Dockerfile.tmpl": "FROM scratch\n"}, true},
		{"overlay Makefile rendering nothing the CI runs", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "{{/* the platform's own tooling */}}\n"}, false},
		{"overlay Makefile rendering nothing with the CI replaced", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "{{/* none */}}\n", "overlay/.github/workflows/ci.yml.tmpl": "on: push\n", "overlay/README.md.tmpl": "# {{.Name}}\n"}, true},
		{"overlay Makefile without the targets the CI runs", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": ".PHONY: all\nall:\n\tgo build ./...\n"}, false},
		{"overlay Makefile with the targets the CI runs", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "build:\n\tgo build ./...\ndocker: build\n\tdocker build .\n"}, true},
		{"overlay Makefile answering the CI's targets with a pattern rule", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "b%:\n\tgo build ./...\nd%:\n\tdocker build .\n"}, true},
		{"overlay Makefile including files by a pattern, without the targets the CI runs", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "include mk/*.mk\n\nall: lint\n", "overlay/mk/lint.mk.tmpl": "lint:\n\tgo vet ./...\n"}, false},
		{"overlay Makefile including files by $(wildcard), without the targets the CI runs", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "include $(wildcard mk/*.mk)\n\nall: lint\n", "overlay/mk/lint.mk.tmpl": "lint:\n\tgo vet ./...\n"}, false},
		{"overlay Makefile including the targets the CI runs by a pattern", map[string]string{"preset.yaml": "name: p\n", "overlay/Makefile.tmpl": "include mk/*.mk\n\nall: build\n", "overlay/mk/build.mk.tmpl": "build:\n\tgo build ./...\n", "overlay/mk/docker.mk.tmpl": "docker: build\n\tdocker build .\n"}, true},
		{"overlay Makefile without the targets, the CI replaced", map[string]string{"preset.yaml": "name: p\nanswers:\n  ci: github\nlocked: [ci]\n", "overlay/Makefile.tmpl": "all:\n\tgo build ./...\n", "overlay/.github/workflows/ci.yml.tmpl": "on: push\n"}, true},
		{"overlay .dockerignore leaving out the build's files", map[string]string{"preset.yaml": "name: p\n", "overlay/.dockerignore.tmpl": "*\n!Dockerfile\n!go.mod\n!cmd/\n"}, false},
		{"overlay Dockerfile.dockerignore leaving out internal/", map[string]string{"preset.yaml": "name: p\n", "overlay/Dockerfile.dockerignore.tmpl": "internal/\n"}, false},
		{"overlay golangci-lint v1 configuration", map[string]string{"preset.yaml": "name: p\n", "overlay/.golangci.yml.tmpl": "linters-settings:\n  govet:\n    enable-all: true\n"}, false},
		{"overlay golangci-lint v2 configuration", map[string]string{"preset.yaml": "name: p\n", "overlay/.golangci.yml.tmpl": "version: \"2\"\nlinters:\n  default: standard\n"}, true},
		{"overlay golangci-lint v2 configuration in TOML", map[string]string{"preset.yaml": "name: p\n", "overlay/.golangci.toml.tmpl": "version = \"2\"\n\n[linters]\ndefault = \"standard\"\n"}, true},
		{"overlay golangci-lint v2 configuration as one line of JSON", map[string]string{"preset.yaml": "name: p\n", "overlay/.golangci.json.tmpl": "{\"version\": \"2\", \"linters\": {\"default\": \"standard\"}}\n"}, true},
		{"overlay golangci-lint configuration that does not parse", map[string]string{"preset.yaml": "name: p\n", "overlay/.golangci.yml.tmpl": "version: \"2\"\n  linters: [\n"}, false},
		{"overlay golangci-lint v1 configuration with the Makefile and CI replaced", map[string]string{"preset.yaml": "name: p\nanswers:\n  ci: github\nlocked: [ci]\n", "overlay/.golangci.yml.tmpl": "linters-settings: {}\n",
			"overlay/Makefile.tmpl": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n", "overlay/.github/workflows/ci.yml.tmpl": "on: push\n"}, true},
		{"overlay .dockerignore letting the build in", map[string]string{"preset.yaml": "name: p\n", "overlay/.dockerignore.tmpl": "*\n!go.mod\n!go.sum\n!cmd/\n!internal/\n"}, true},
		{"overlay .dockerignore with the Dockerfile replaced", map[string]string{"preset.yaml": "name: p\n", "overlay/.dockerignore.tmpl": "*\n", "overlay/Dockerfile.tmpl": "FROM scratch\n"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range tt.files {
				mustWrite(t, dir, "pack/"+p, body)
			}
			v := run(t, dir, "presets", "validate", "./pack")
			args := []string{"--preset", "./pack", "svc"}
			if !strings.Contains(tt.files["preset.yaml"], "module:") {
				args = append(args, "--module", "example.com/acme/service")
			}
			n := run(t, dir, newArgs(args...)...)
			if (v.code == ExitOK) != tt.ok || (n.code == ExitOK) != tt.ok {
				t.Fatalf("validate exit %d (%s), new exit %d (%s); want both to %s", v.code, v.stderr, n.code, n.stderr, map[bool]string{true: "pass", false: "fail"}[tt.ok])
			}
			if !tt.ok && n.code != ExitUsage {
				t.Errorf("new: exit %d, want %d for an invalid pack", n.code, ExitUsage)
			}
			if _, err := os.Lstat(filepath.Join(dir, "svc")); !tt.ok && err == nil {
				t.Errorf("new wrote svc for an invalid pack")
			}
			if tt.name == "templated removal" {
				if _, err := os.Stat(filepath.Join(dir, "svc/cmd/service/tls_test.go")); err == nil {
					t.Errorf("the templated removal did not remove cmd/service/tls_test.go")
				}
			}
		})
	}
}

// TestPackDockerIgnoreOfAnOpenChoice checks that a pack's own .dockerignore that leaves
// the built-in Dockerfile's build files out is refused by presets validate also when the
// pack's answers leave docker off but open, and by new once docker is chosen, naming the
// overlay template and the exceptions to add.
func TestPackDockerIgnoreOfAnOpenChoice(t *testing.T) {
	refusedForOpenChoice(t, map[string]string{
		"preset.yaml":                "name: p\nanswers:\n  features: [ci]\n",
		"overlay/.dockerignore.tmpl": "*\n!go.mod\n!cmd/\n",
	}, "docker", "overlay/.dockerignore.tmpl leaves go.sum and internal/ out of the Docker build context (pattern *), and the go build of the built-in Dockerfile needs them; add !go.sum and !internal/ at its end")
}

// TestPackGitignoreOfAnOpenChoice checks that a pack's own .gitignore that ignores files
// only a choice it leaves open adds (k8s/) is refused by presets validate, as new refuses
// it once the choice is made, naming the files and the pattern.
func TestPackGitignoreOfAnOpenChoice(t *testing.T) {
	refusedForOpenChoice(t, map[string]string{
		"preset.yaml":             "name: p\nanswers:\n  features: [ci]\n",
		"overlay/.gitignore.tmpl": "/bin/\nk8s/\n",
	}, "k8s", "the project's own .gitignore ignores files of the project: k8s/deployment.yaml (by .gitignore:2:k8s/)")
}

// refusedForOpenChoice checks that pack, files of a pack whose answers leave feature off
// but open, is refused naming why by presets validate (for the open choice) and by new
// --with feature, and that new without it makes the project.
func refusedForOpenChoice(t *testing.T, pack map[string]string, feature, why string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range pack {
		mustWrite(t, dir, "pack/"+name, content)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string // "" for none expected
	}{
		{"validate", []string{"presets", "validate", "./pack"}, ExitFailure, "a choice the pack leaves open (new --with "},
		{"new with " + feature, newArgs("--preset", "./pack", "--module", "example.com/acme/a", "--with", feature, "a"), ExitUsage, "preset p: " + why},
		{"new without " + feature, newArgs("--preset", "./pack", "--module", "example.com/acme/b", "b"), ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) || tt.code != ExitOK && !strings.Contains(r.stderr, why) {
				t.Errorf("exit %d, stderr %q; want exit %d naming %q and %q", r.code, r.stderr, tt.code, tt.stderr, why)
			}
		})
	}
}

// TestNewRefusesPrivilegedPorts checks that a port below 1024, which the generated
// service (non-root, every capability dropped) could not listen on, is refused by new
// wherever it comes from: a flag, an answers file or a preset, naming the key, where it
// was given and the fix; before any question is asked at a terminal.
func TestNewRefusesPrivilegedPorts(t *testing.T) {
	const mod = "example.com/acme/orders"
	tests := []struct {
		name   string
		files  map[string]string
		args   []string
		stderr []string
	}{
		{"http flag", nil, []string{"--http-port", "80"},
			[]string{`--http-port: invalid http_port "80"`, "below 1024", "non-root", "such as 8080", "map port 80 or 443 to it"}},
		{"http flag with mtls off", nil, []string{"--http-port", "443", "--without", "mtls,k8s"},
			[]string{`--http-port: invalid http_port "443"`, "below 1024"}},
		{"admin flag", nil, []string{"--admin-port", "600"},
			[]string{`--admin-port: invalid admin_port "600"`, "below 1024", "such as 6060"}},
		// Recorded, and used by a later add pprof.
		{"admin flag with pprof off", nil, []string{"--admin-port", "600", "--without", "pprof"},
			[]string{`--admin-port: invalid admin_port "600"`, "pprof is off, but the port is recorded for a later add pprof"}},
		{"admin flag with pprof off, the http port", nil, []string{"--admin-port", "8080", "--without", "pprof"},
			[]string{`--admin-port: invalid admin_port "8080"`, "http_port and admin_port must differ (pprof is off"}},
		{"answers file", map[string]string{"answers.yaml": "module: example.com/acme/orders\nhttp_port: 1023\n"}, []string{"--answers", "answers.yaml"},
			[]string{`answers.yaml:2:12: invalid http_port "1023"`, "below 1024"}},
		{"preset", map[string]string{"pack/preset.yaml": "name: low\nanswers:\n  http_port: 80\n"}, []string{"--preset", "./pack"},
			[]string{`invalid http_port "80"`, "below 1024"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, data := range tt.files {
				mustWrite(t, dir, name, data)
			}
			r := run(t, dir, newArgs(append(append([]string{"--module", mod}, tt.args...), "svc")...)...)
			if r.code != ExitUsage {
				t.Fatalf("exit code %d, want %d; stderr: %s", r.code, ExitUsage, r.stderr)
			}
			for _, w := range tt.stderr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr %q does not contain %q", r.stderr, w)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, "svc")); err == nil {
				t.Error("a refused new left svc behind")
			}
		})
	}
	// The lowest port it can listen on is fine.
	for _, args := range [][]string{{"--http-port", "1024", "--admin-port", "1025"}, {"--admin-port", "1024", "--without", "pprof"}} {
		if r := run(t, "", newArgs(append([]string{"--module", mod, "svc"}, args...)...)...); r.code != ExitOK {
			t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
		}
	}
	// At a terminal the refusal comes before any question.
	p := newFake(t, nil)
	r := runAsk(t, context.Background(), t.TempDir(), p, "new", "--http-port", "80", "svc")
	if r.code != ExitUsage || !strings.Contains(r.stderr, `--http-port: invalid http_port "80"`) || len(p.asked) > 0 {
		t.Fatalf("interactive new --http-port 80: exit %d, asked %v; stderr: %s", r.code, p.asked, r.stderr)
	}
}

// TestUpdateKeepsAPrivilegedPort: the port rule is new's. A project recorded with port 80
// (made before the rule, or with the port its platform lets it bind) is still updated.
func TestUpdateKeepsAPrivilegedPort(t *testing.T) {
	pack, err := preset.Builtin("minimal")
	if err != nil {
		t.Fatal(err)
	}
	flags := answers.Layer{Source: answers.FromFlag, Name: "test"}
	flags.Set(answers.KeyModule, "example.com/acme/svc", "--module")
	flags.Set(answers.KeyHTTPPort, 80, "--http-port")
	a, _, err := pack.Resolve(flags)
	if err != nil {
		t.Fatal(err)
	}
	files, err := render(context.Background(), pack, a, generator.DefaultTimeout)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range files {
		mustWrite(t, dir, f.Path, string(f.Content))
	}
	if !strings.Contains(readFile(t, dir, generator.RecordFile), "http_port: 80\n") {
		t.Fatalf("the record does not hold port 80:\n%s", readFile(t, dir, generator.RecordFile))
	}
	for _, args := range [][]string{{"update", "--check"}, {"update"}} {
		wantCode(t, run(t, dir, args...), ExitOK, args...)
	}
}

// TestUpdateRefusesANewPrivilegedPort: a new pack that locks a port below 1024 would
// give a project made with 8080 a port its service cannot listen on: update refuses it
// as presets validate does, and writes nothing.
func TestUpdateRefusesANewPrivilegedPort(t *testing.T) {
	dir := newProject(t)
	mustWrite(t, filepath.Dir(dir), "lp/preset.yaml", "name: lp\nextends: minimal\nanswers:\n  http_port: 80\nlocked: [http_port]\n")
	before := treetest.Describe(t, dir)
	r := run(t, dir, "update", "--preset", "../lp", "--dry-run", "--no-verify")
	if r.code == ExitOK || !strings.Contains(r.stderr, `invalid http_port "80"`) || !strings.Contains(r.stderr, "below 1024") {
		t.Fatalf("update --preset with a locked port 80: exit %d\n%s", r.code, r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("a refused update changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestPresetFromTheEnvironmentIsNamed: a preset the user did not name on the command line
// but $GONEW_PROD_PRESET did is named with the variable when it cannot be loaded.
func TestPresetFromTheEnvironmentIsNamed(t *testing.T) {
	for _, ref := range []string{"nosuch", "./missing-pack"} {
		r := runEnv(t, context.Background(), t.TempDir(), nil, []string{"GONEW_PROD_PRESET=" + ref}, newArgs("--module", "example.com/acme/orders", "svc")...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, "$GONEW_PROD_PRESET="+ref+": ") {
			t.Errorf("GONEW_PROD_PRESET=%s: exit %d, stderr %q; want %d and the variable named", ref, r.code, r.stderr, ExitUsage)
		}
	}
}

// TestAddUnderALockingPack: add of a component the project's pack locks out is refused
// (exit 2, invalid input, as new and update refuse a locked value) with add's words (not update's: the pack did not change, and add has no --preset),
// and run from inside the project it names the add command to run from where the
// record's pack path leads, with the flags given. A bare add adds none of the features the pack left out.
func TestAddUnderALockingPack(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "lf/preset.yaml", "name: lf\nextends: default\nanswers:\n  features: [docker, ci]\n  ci: gitlab\nlocked: [features, ci]\n")
	if r := run(t, dir, newArgs("--module", "example.com/a/svc", "--preset", "./lf", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
	}
	r := run(t, dir, "add", "--dir", "svc", "--yes", "--dry-run", "k8s")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "preset lf (./lf) locks features to docker,ci, so add cannot add k8s to this project") {
		t.Errorf("add k8s: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, filepath.Join(dir, "svc"), "add", "--yes", "--dry-run", "k8s")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "gonew-prod add --dir svc --dry-run --yes k8s") || strings.Contains(r.stderr, "update") {
		t.Errorf("add k8s inside the project: exit %d\n%s", r.code, r.stderr)
	}
	// A bare add takes what audit finds missing, and the features the pack left out
	// were left out on purpose: it adds none of them, so the lock refuses nothing.
	r = run(t, dir, "add", "--dir", "svc", "--yes", "--dry-run")
	if r.code != ExitOK || strings.Contains(r.stderr, "audit finds missing") || !strings.Contains(r.stderr, "left out on purpose by the features of .gonew-prod.yaml, not added: otel, mtls, pprof, k8s") {
		t.Errorf("bare add under a pack locking features: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, dir, "audit", "svc")
	if strings.Contains(r.stdout, "components to add") || !strings.Contains(r.stdout, "left out on purpose (the features of .gonew-prod.yaml): otel mtls pprof k8s") {
		t.Errorf("audit under a pack locking features: exit %d\n%s", r.code, r.stdout)
	}
}

// TestLeftOutAdviceUnderALockingPack checks that add and audit advise adding a feature
// the project's features leave out only when add can add it: under a pack that locks
// features (found from the working directory or, run inside the project, above it), or
// ci to none (which leaves out the ci feature), they name the lock and what to do instead;
// under a pack that only sets features, they name add, and the advised add is not refused.
func TestLeftOutAdviceUnderALockingPack(t *testing.T) {
	tests := []struct {
		name, pack, from   string
		wantAdd, wantAudit []string
		notWant            []string
		advised            bool // the advice names gonew-prod add
	}{
		{"locked", "  features: [docker, ci]\nlocked: [features]\n", ".",
			[]string{"not added: otel, mtls, pprof, k8s (preset lk (./lk) locks features to docker,ci, so add cannot add them", "gonew-prod update --preset REF"},
			[]string{"fix: preset lk (./lk) locks features to docker,ci, so gonew-prod add cannot add mtls", "(the features of .gonew-prod.yaml): otel mtls pprof k8s; preset lk (./lk) locks features to docker,ci, so gonew-prod add cannot add them", "gonew-prod update --preset REF"},
			[]string{"gonew-prod add otel", "gonew-prod add mtls adds", "gonew-prod add NAME"}, false},
		{"locked, run inside the project", "  features: [docker, ci]\nlocked: [features]\n", "svc",
			[]string{"preset lk (./lk) locks features to docker,ci, so add cannot add them"},
			[]string{"preset lk (./lk) locks features to docker,ci, so gonew-prod add cannot add them"},
			[]string{"gonew-prod add otel", "gonew-prod add mtls adds", "gonew-prod add NAME"}, false},
		{"not locked", "  features: [docker, ci]\n", ".",
			[]string{"name one to add it: gonew-prod add otel"},
			[]string{"fix: gonew-prod add mtls adds it if it is wanted after all", "gonew-prod add NAME adds one"},
			[]string{"locks features"}, true},
		// A lock of ci to none keeps add from adding ci, and only ci.
		{"ci locked to none", "  features: [docker]\n  ci: none\nlocked: [ci]\n", ".",
			[]string{"not added: ci (preset lk (./lk) locks ci to none, so add cannot add them", "not added: otel, mtls, pprof, k8s (name one to add it: gonew-prod add otel)"},
			[]string{"fix: preset lk (./lk) locks ci to none, so gonew-prod add cannot add ci: if it is wanted after all, ask the pack's maintainers not to lock ci to none",
				"(the features of .gonew-prod.yaml): ci; preset lk (./lk) locks ci to none, so gonew-prod add cannot add them", "fix: gonew-prod add mtls adds it", "(the features of .gonew-prod.yaml): otel mtls pprof k8s; gonew-prod add NAME adds one"},
			[]string{"gonew-prod add ci", "locks features"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "lk/preset.yaml", "name: lk\nextends: default\nanswers:\n"+tt.pack)
			if r := run(t, dir, newArgs("--module", "example.com/a/svc", "--preset", "./lk", "svc")...); r.code != ExitOK {
				t.Fatalf("new: exit %d\n%s", r.code, r.stderr)
			}
			from, target := dir, "svc"
			if tt.from == "svc" {
				from, target = filepath.Join(dir, "svc"), "."
			}
			add := run(t, from, "add", "--dir", target, "--dry-run")
			aud := run(t, from, "audit", target)
			for _, w := range tt.wantAdd {
				if !strings.Contains(add.stderr, w) {
					t.Errorf("add lacks %q:\n%s", w, add.stderr)
				}
			}
			for _, w := range tt.wantAudit {
				if !strings.Contains(aud.stdout, w) {
					t.Errorf("audit lacks %q:\n%s", w, aud.stdout)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(add.stderr+aud.stdout, w) {
					t.Errorf("add or audit holds %q:\nadd: %s\naudit: %s", w, add.stderr, aud.stdout)
				}
			}
			if tt.advised {
				if r := run(t, dir, "add", "otel", "--dir", "svc", "--dry-run", "--yes"); r.code != ExitOK {
					t.Errorf("the advised add otel: exit %d\n%s", r.code, r.stderr)
				}
			}
		})
	}
}

func TestNewHelpShowsThePresetDefaults(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "echo/preset.yaml", "name: echo-org\nanswers:\n  framework: echo\n  http_port: 9000\n")
	for _, args := range [][]string{{"new", "--help", "--preset", "./echo"}, {"new", "--preset", "./echo", "--help"}} {
		r := run(t, dir, args...)
		if r.code != ExitOK {
			t.Fatalf("%v: exit %d %s", args, r.code, r.stderr)
		}
		for _, want := range []string{`HTTP framework: gin, echo (default "echo")`, `listener (default 9000)`, "are those of preset echo-org."} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: help lacks %q:\n%s", args, want, r.stdout)
			}
		}
	}
	r := run(t, dir, "new", "--help")
	if !strings.Contains(r.stdout, `(default "gin")`) || !strings.Contains(r.stdout, "are those of preset default.") {
		t.Errorf("help without a preset:\n%s", r.stdout)
	}
}

func TestPresetsShowEscapesControlCharacters(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "p/preset.yaml", "name: p\ndescription: \"evil \\e[2J\\e]0;title\\a\"\n")
	r := run(t, dir, "presets", "show", "./p")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07") {
		t.Errorf("control characters printed: %q", r.stdout)
	}
	if !strings.Contains(r.stdout, `evil \x1b[2J\x1b]0;title\x07`) {
		t.Errorf("description not shown escaped: %q", r.stdout)
	}
}

// TestPresetsShowNamesTheTemplateOfARemovedFile checks that show says which overlay
// template is written for a path the pack chain removes, as new writes it.
func TestPresetsShowNamesTheTemplateOfARemovedFile(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "p/base/preset.yaml", "name: base\nremove: [Dockerfile, k8s/service.yaml]\n")
	mustWrite(t, dir, "p/preset.yaml", "name: p\nextends: ./base\n")
	mustWrite(t, dir, "p/overlay/Dockerfile.tmpl", "FROM scratch\n")
	r := run(t, dir, "presets", "show", "./p")
	want := "remove:\n  Dockerfile (the built-in one; the overlay's Dockerfile.tmpl is written)  (set in p/base/preset.yaml:2:10)\n  k8s/service.yaml  (set in p/base/preset.yaml:2:22)\n"
	if r.code != ExitOK || !strings.Contains(r.stdout, want) {
		t.Errorf("exit %d, stdout:\n%s\nwant the line %q (stderr %s)", r.code, r.stdout, want, r.stderr)
	}
}

// TestUnfetchablePresetIsARuntimeFailure checks that a module pack that cannot be
// downloaded exits 1 (the network or proxy failed), not 2 (the reference is fine).
func TestUnfetchablePresetIsARuntimeFailure(t *testing.T) {
	dir := t.TempDir()
	home := treetest.QuietHome(t)
	var stdout, stderr strings.Builder
	code := Run(context.Background(), newArgs("--module", "example.com/acme/orders", "--preset", "example.com/nowhere@v1.0.0", "svc"), Env{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Environ: []string{"HOME=" + home, "PATH=" + os.Getenv("PATH"), "GOPROXY=off",
			"GOMODCACHE=" + filepath.Join(t.TempDir(), "modcache"), "GOFLAGS=-modcacherw"},
		Dir: dir,
	})
	if code != ExitFailure || !strings.Contains(stderr.String(), "preset example.com/nowhere@v1.0.0: go mod download") {
		t.Errorf("exit %d, stderr %q; want 1 naming the preset and go mod download", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q", stdout.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "svc")); err == nil {
		t.Errorf("svc was written")
	}
}

// TestPresetsValidateTypeChecksOverlayGo checks that validate compiles the project a pack
// with Go templates renders, so that Go which parses but does not type-check is refused
// there rather than found after new.
func TestPresetsValidateTypeChecksOverlayGo(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("type-checks a rendered project with go vet: skipped with -short")
	}
	for _, tt := range []struct {
		name, code string
		ok         bool
	}{
		{"type error", "package extra\n\n// F returns a number.\nfunc F() int { return \"x\" }\n", false},
		{"valid", "package extra\n\n// F returns a number.\nfunc F() int { return 1 }\n", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: minimal\n") // fewer packages to compile
			mustWrite(t, dir, "pack/overlay/internal/extra/extra.go.tmpl", tt.code)
			var stdout, stderr strings.Builder
			code := Run(context.Background(), []string{"presets", "validate", "./pack"}, Env{
				Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
				Environ: os.Environ(), Dir: dir,
			})
			if (code == ExitOK) != tt.ok {
				t.Fatalf("exit %d, want ok=%v\n%s%s", code, tt.ok, stdout.String(), stderr.String())
			}
			if !tt.ok && !strings.Contains(stderr.String(), "does not type-check") {
				t.Errorf("stderr %q does not say the project does not type-check", stderr.String())
			}
		})
	}
}

// TestPresetsValidateAndNewAgreeOnBuild checks that presets validate, new and new
// --dry-run refuse the same packs whose project would not build, whatever makes it so (a removed Go file or
// go.sum, an assembly file, a go.work, Go that does not type-check), and that new then
// writes nothing; a pack that changes only what the go command never reads is left alone.
func TestPresetsValidateAndNewAgreeOnBuild(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("type-checks rendered projects with go vet: skipped with -short")
	}
	tests := []struct {
		name  string
		files map[string]string // pack files besides preset.yaml
		yaml  string            // extra preset.yaml lines
		want  string            // in validate's and new's stderr; "" when the pack is fine
	}{
		{name: "removed Go file", yaml: "remove: [internal/config/config.go]\n", want: "does not type-check"},
		{name: "removed go.sum", yaml: "remove: [go.sum]\n", want: "missing go.sum entry"},
		{name: "assembly", files: map[string]string{"overlay/internal/config/x_amd64.s.tmpl": "TEXT ·Nope(SB),$0\n  BADINSTR\n"}, want: "does not type-check"},
		{name: "go.work", files: map[string]string{"overlay/go.work.tmpl": "go 1.26\n\nuse ./nope\n"}, want: "does not type-check"},
		{name: "type error", files: map[string]string{"overlay/internal/x/x.go.tmpl": "package x\n\n// F returns a number.\nfunc F() int { return \"s\" }\n"}, want: "does not type-check"},
		{name: "makefile only", files: map[string]string{"overlay/Makefile.tmpl": "all build docker:\n\t@echo ok\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pk/preset.yaml", "name: p\nextends: minimal\n"+tt.yaml) // fewer packages to compile
			for rel, content := range tt.files {
				mustWrite(t, dir, "pk/"+rel, content)
			}
			for _, args := range [][]string{
				{"presets", "validate", "./pk"},
				// A dry run makes the checks the real run makes before writing.
				{"new", "--yes", "--no-git", "--module", "example.com/a/svc", "--preset", "./pk", "--dry-run", "./nt"},
				{"new", "--yes", "--no-git", "--module", "example.com/a/svc", "--preset", "./pk", "./nt"},
			} {
				var stdout, stderr strings.Builder
				code := Run(context.Background(), args, Env{
					Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
					Environ: os.Environ(), Dir: dir,
				})
				if tt.want == "" {
					if code != ExitOK {
						t.Errorf("%s: exit %d, want 0\n%s", args[0], code, stderr.String())
					}
					continue
				}
				if code == ExitOK {
					t.Errorf("%s: exit 0, want the pack refused\n%s", args[0], stderr.String())
				}
				if !strings.Contains(stderr.String(), tt.want) {
					t.Errorf("%s: stderr does not contain %q:\n%s", args[0], tt.want, stderr.String())
				}
				if _, err := os.Stat(filepath.Join(dir, "nt")); args[0] == "new" && err == nil {
					t.Errorf("new wrote ./nt for a pack whose project does not build")
				}
			}
		})
	}
}

// TestTidyInterrupted: a signal during new's go mod tidy, once the files are written,
// says the run was interrupted (not that tidy failed) and what to run later.
func TestTidyInterrupted(t *testing.T) {
	dir := t.TempDir()
	mustWrite(t, dir, "go.mod", "module example.com/x\n\ngo 1.26\n")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stderr strings.Builder
	err := postSteps(ctx, Env{Stderr: &stderr, Environ: os.Environ()}, newOptions{}, dir, tidyOther, []string{"go.mod"}, false)
	if err == nil || !strings.HasPrefix(err.Error(), "interrupted during go mod tidy: the files are written; run it later: cd ") {
		t.Errorf("postSteps with a cancelled context = %v", err)
	}
}

// TestIgnoreCheckInterrupted: a signal while new --force asks git whether it ignores the
// files new writes (before anything is written) says "interrupted, nothing written", as
// every other interrupt point before the write says, not that git failed in a scratch
// directory: whether the signal cancels the run (git killed by it) or reaches git too
// (a terminal sends Ctrl-C's SIGINT to the whole process group).
func TestIgnoreCheckInterrupted(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name      string
		cancelled bool   // the run's context is cancelled already
		git       string // a script in place of git, or "" for git itself
	}{
		{name: "the run cancelled", cancelled: true},
		{name: "git dies of SIGINT", git: "#!/bin/sh\nkill -INT $$\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.git != "" {
				bin := t.TempDir()
				if err := os.WriteFile(filepath.Join(bin, "git"), []byte(tt.git), 0o755); err != nil {
					t.Fatal(err)
				}
				t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
			}
			dir := t.TempDir()
			mustWrite(t, dir, ".gitignore", "*.log\n")
			steps, err := generator.Plan(treeFS(dir), nil, []generator.File{
				{Path: ".gitignore", Mode: 0o644, Content: []byte("/bin/\n")},
				{Path: "main.go", Mode: 0o644, Content: []byte("package main\n")},
			})
			if err != nil {
				t.Fatal(err)
			}
			if steps, err = joinIgnoreFiles(dir, steps); err != nil {
				t.Fatal(err)
			}
			steps = keptModes(steps)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancelled {
				cancel()
			}
			var stderr strings.Builder
			_, err = ignoredByGit(ctx, Env{Stderr: &stderr, Environ: os.Environ()}, dir, steps, true)
			if !errors.Is(err, errInterrupted) {
				t.Errorf("ignoredByGit = %v, want %v", err, errInterrupted)
			}
		})
	}
}

// TestGitStepLater: when new's git step does not run to its end (a signal before it or
// while git add holds the index's lock, git killed outright), the command it prints to
// run later makes the commit new would have made: after --force, of the files new wrote
// alone, not the user's other files or the FILE.orig backups, and authored as new's
// commit is (gonew-prod) where git knows no user.name or user.email. Git stopped by the signal
// removes its lock files itself; a lock file that a git killed outright left is named in
// a note, with the command that removes it.
func TestGitStepLater(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const (
		interrupted = "interrupted during git init: the files are written; run it later: "
		failed      = "the files are written, but "
	)
	tests := []struct {
		name  string
		force bool
		stop  string // "" a signal before the git step, "hook" a signal while git add waits on a hook, "killed" git killed holding the index's lock
		msg   string // how the error begins
		want  string // the files of the first commit
		// author: who git knows to author commits, for new and the later command alike:
		// "" GIT_AUTHOR_NAME and the rest (t) for the later command alone, "none" nobody
		// (new's fallback, gonew-prod, is the author), "config" the user.name and user.email
		// of the user's ~/.gitconfig (u), which the command must not override
		author string
	}{
		{name: "force", force: true, msg: interrupted, want: "go.mod\nmain file.go\n"},
		{name: "without --force, all the directory holds is new's", msg: interrupted, want: "Makefile.orig\ngo.mod\nmain file.go\nnotes.txt\n"},
		{name: "a signal while git add waits on a hook", force: true, stop: "hook", msg: interrupted, want: "go.mod\nmain file.go\n"},
		{name: "git killed holding the index's lock", force: true, stop: "killed", msg: failed, want: "go.mod\nmain file.go\n"},
		{name: "no author known: new's own", msg: interrupted, want: "Makefile.orig\ngo.mod\nmain file.go\nnotes.txt\n", author: "none"},
		{name: "no author known, git killed", force: true, stop: "killed", msg: failed, want: "go.mod\nmain file.go\n", author: "none"},
		{name: "the user's own author kept", force: true, msg: interrupted, want: "go.mod\nmain file.go\n", author: "config"},
	}
	path := os.Getenv("PATH")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range []string{"go.mod", "main file.go", "notes.txt", "Makefile.orig"} {
				mustWrite(t, dir, f, f+"\n")
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			home := treetest.QuietHome(t)
			if tt.author == "config" {
				mustWrite(t, home, ".gitconfig", "[user]\n\tname = u\n\temail = u@localhost\n")
			}
			environ := append(os.Environ(), "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME=", "EMAIL=")
			switch tt.stop {
			case "":
				cancel()
			case "hook":
				// A core.fsmonitor hook (a watchman setup) that git add waits on: it says
				// through a named pipe that it runs, and the run is stopped then.
				bin := t.TempDir()
				fifo := filepath.Join(bin, "running")
				treetest.Mkfifo(t, fifo, 0o600)
				hook := filepath.Join(bin, "fsmonitor")
				if err := os.WriteFile(hook, []byte("#!/bin/sh\necho running > "+fifo+"\nexec sleep 600\n"), 0o755); err != nil {
					t.Fatal(err)
				}
				environ = append(environ, "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=core.fsmonitor", "GIT_CONFIG_VALUE_0="+hook)
				go func() {
					if f, err := os.Open(fifo); err == nil {
						_, _ = f.Read(make([]byte, 16))
						f.Close()
					}
					cancel()
				}()
				defer func() { // a hook that never ran: let the goroutine end
					if f, err := os.OpenFile(fifo, os.O_RDWR, 0); err == nil {
						f.Close()
					}
				}()
			case "killed":
				// A git that dies of SIGKILL (the OOM killer) in git add, its lock taken.
				bin := t.TempDir()
				fake := "#!/bin/sh\ncase \"$1\" in\nrev-parse) exit 128 ;;\ninit) mkdir -p .git; exit 0 ;;\nesac\n: > .git/index.lock\nkill -KILL $$\n"
				if err := os.WriteFile(filepath.Join(bin, "git"), []byte(fake), 0o755); err != nil {
					t.Fatal(err)
				}
				t.Setenv("PATH", bin+string(os.PathListSeparator)+path)
			}
			var stderr strings.Builder
			opts := newOptions{NoTidy: true, Force: tt.force}
			err := postSteps(ctx, Env{Stderr: &stderr, Environ: environ}, opts, dir, tidyNone, []string{"go.mod", "main file.go"}, false)
			if err == nil || !strings.HasPrefix(err.Error(), tt.msg) {
				t.Fatalf("postSteps = %v, want an error beginning %q", err, tt.msg)
			}
			_, later, _ := strings.Cut(err.Error(), "run it later: ")
			_, rm, noted := strings.Cut(stderr.String(), "remove them: ")
			if noted != (tt.stop == "killed") {
				t.Errorf("stderr %q: a note on lock files left is %v, want %v", stderr.String(), noted, tt.stop == "killed")
			}
			if noted {
				later = strings.TrimSpace(rm) + " && " + later
			}
			sh := exec.Command("sh", "-c", "("+later+") >/dev/null && git ls-files && git log -1 --format='%an <%ae>'")
			sh.Dir = dir
			sh.Env = append(os.Environ(), "PATH="+path, "HOME="+home, "GIT_CONFIG_NOSYSTEM=1", "XDG_CONFIG_HOME=", "EMAIL=")
			author := "t <t@localhost>"
			switch tt.author {
			case "":
				sh.Env = append(sh.Env, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@localhost", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@localhost")
			case "none":
				author = "gonew-prod <gonew-prod@localhost>"
			case "config":
				author = "u <u@localhost>"
			}
			var errOut strings.Builder
			sh.Stderr = &errOut
			out, err := sh.Output()
			if err != nil {
				t.Fatalf("%s: %v\n%s", later, err, errOut.String())
			}
			if want := tt.want + author + "\n"; string(out) != want {
				t.Errorf("%s committed:\n%s\nwant:\n%s", later, out, want)
			}
		})
	}
}

// TestPresetsValidateChecksOpenChoices: a pack whose overlay Go file needs otel's
// package while it leaves features unlocked is refused by presets validate, naming the
// choice (new --without otel under it would be refused); locking features makes it valid.
func TestPresetsValidateChecksOpenChoices(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("type-checks rendered projects with go vet: skipped with -short")
	}
	const orgtel = "// Package orgtel wires the org's telemetry.\npackage orgtel\n\nimport \"{{.Module}}/internal/platform/telemetry\"\n\n// Setup is the org's telemetry setup.\nvar Setup = telemetry.Setup\n"
	for _, tt := range []struct{ name, yaml, want string }{
		{"features open", "name: ot\nextends: minimal\nanswers:\n  features: [otel]\n", "with features otel off, a choice the pack leaves open (new --without otel)"},
		{"features locked", "name: ot\nextends: minimal\nanswers:\n  features: [otel]\nlocked: [features, framework]\n", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "ot/preset.yaml", tt.yaml)
			mustWrite(t, dir, "ot/overlay/internal/orgtel/orgtel.go.tmpl", orgtel)
			var stdout, stderr strings.Builder
			code := Run(context.Background(), []string{"presets", "validate", "./ot"}, Env{
				Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Environ: os.Environ(), Dir: dir,
			})
			if tt.want == "" {
				if code != ExitOK {
					t.Errorf("exit %d, want 0\n%s", code, stderr.String())
				}
				return
			}
			if code == ExitOK || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("exit %d, want the pack refused with %q:\n%s%s", code, tt.want, stdout.String(), stderr.String())
			}
		})
	}
}

// TestPresetsValidateTriesTheOpenCIProviders: a pack that leaves ci unlocked is rendered
// and checked by presets validate with every other provider, as new --ci would render
// it: a .gitignore ignoring the GitLab CI file, a Makefile without the target the GitHub
// CI runs, a template failing for one provider are refused, naming the choice; with ci
// locked (or a provider that breaks nothing) the pack is valid.
func TestPresetsValidateTriesTheOpenCIProviders(t *testing.T) {
	tests := []struct {
		name, yaml string
		overlay    map[string]string
		want       string // in stderr of a refusal; "" for a valid pack
	}{
		{"gitignore ignoring the other provider's CI file", "name: a\nanswers:\n  ci: github\n", map[string]string{".gitignore": ".gitlab-ci.yml\n"},
			"with ci gitlab, a choice the pack leaves open (new --ci gitlab): preset a: the project's own .gitignore ignores files of the project: .gitlab-ci.yml"},
		{"the same, ci locked", "name: a\nanswers:\n  ci: github\nlocked: [ci]\n", map[string]string{".gitignore": ".gitlab-ci.yml\n"}, ""},
		{"Makefile without the target a provider's CI runs", "name: b\nanswers:\n  ci: none\n", map[string]string{"Makefile": "build:\n\tgo build ./...\n"},
			"with ci github, a choice the pack leaves open (new --ci github --with ci): preset b: b/overlay/Makefile.tmpl has no target docker, which the built-in .github/workflows/ci.yml runs (make docker)"},
		{"template failing for one provider", "name: c\n", map[string]string{"NOTES.md": `{{if eq .CI "gitlab"}}{{fail "no gitlab"}}{{end}}notes` + "\n"},
			"with ci gitlab, a choice the pack leaves open (new --ci gitlab): "},
		{"a pack every provider takes", "name: d\nanswers:\n  ci: gitlab\n", map[string]string{".gitignore": "/bin/\n", "Makefile": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name, _, _ := strings.Cut(strings.TrimPrefix(tt.yaml, "name: "), "\n")
			mustWrite(t, dir, name+"/preset.yaml", tt.yaml)
			for f, body := range tt.overlay {
				mustWrite(t, dir, name+"/overlay/"+f+".tmpl", body)
			}
			r := run(t, dir, "presets", "validate", "./"+name)
			if tt.want == "" {
				if r.code != ExitOK {
					t.Errorf("exit %d, want 0:\n%s", r.code, r.stderr)
				}
				return
			}
			if r.code != ExitFailure || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d naming %q", r.code, r.stderr, ExitFailure, tt.want)
			}
		})
	}
}

// TestPresetsValidateFeatureChoicesUnderALockedCI: a pack locking ci (to a provider,
// or none) still has every other feature's choices checked by presets validate, as new
// takes them: the ci feature the lock holds is left out of the "every feature off" and
// "every one on" sets, not the whole choice dropped. Any choice Resolve refuses is
// noted, not skipped in silence.
func TestPresetsValidateFeatureChoicesUnderALockedCI(t *testing.T) {
	tests := []struct {
		name, yaml, tmpl string
		want             string // in stderr of the refusal
	}{
		{"ci locked to a provider, every feature off",
			"name: pa\nextends: default\nanswers:\n  ci: gitlab\nlocked: [ci]\n",
			`{{if not .Features.OTel}}{{fail "this pack needs otel"}}{{end}}owners` + "\n",
			"a choice the pack leaves open (new --without otel,mtls,pprof,docker,k8s): preset pa: render: template: pa/overlay/OWNERS.tmpl"},
		{"ci locked to none, every feature on",
			"name: pb\nextends: minimal\nanswers:\n  ci: none\nlocked: [ci]\n",
			`{{if .Features.K8s}}{{fail "k8s breaks this pack"}}{{end}}owners` + "\n",
			"a choice the pack leaves open (new --with otel,mtls,pprof,k8s): preset pb: render: template: pb/overlay/OWNERS.tmpl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			name, _, _ := strings.Cut(strings.TrimPrefix(tt.yaml, "name: "), "\n")
			mustWrite(t, dir, name+"/preset.yaml", tt.yaml)
			mustWrite(t, dir, name+"/overlay/OWNERS.tmpl", tt.tmpl)
			r := run(t, dir, "presets", "validate", "./"+name)
			if r.code != ExitFailure || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d naming %q", r.code, r.stdout, r.stderr, ExitFailure, tt.want)
			}
			if strings.Contains(r.stderr, "is refused") {
				t.Errorf("a choice was noted as refused, want every choice new takes:\n%s", r.stderr)
			}
		})
	}
}

// TestTemplateFailMessageIsEscaped checks that the message of a pack template's fail,
// untrusted text, reaches the terminal as one line with its control characters escaped
// (\x1b, \x0d, \x0a), from presets validate and new alike: an escape sequence must not
// drive the terminal, nor a CR or newline make the refusal read as something else.
func TestTemplateFailMessageIsEscaped(t *testing.T) {
	tests := []struct {
		name, message, want string
	}{
		{"escape sequences", `\x1b]52;c;ZWNobw==\x07\x1b[2Kgone`, `\x1b]52;c;ZWNobw==\x07\x1b[2Kgone`},
		{"carriage return", `\rpreset p is valid`, `\x0dpreset p is valid`},
		{"newline", `x\npreset p is valid\n`, `x\x0apreset p is valid\x0a`},
		{"C1 control and bidi override", `a\u009bb\u202ec`, `a\x9bb\u202ec`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pack/preset.yaml", "name: p\nextends: minimal\n")
			mustWrite(t, dir, "pack/overlay/NOTES.md.tmpl", `{{fail "`+tt.message+`"}}`+"\n")
			for _, args := range [][]string{
				{"presets", "validate", "./pack"},
				newArgs("--preset", "./pack", "--module", "example.com/acme/svc", "svc"),
			} {
				r := run(t, dir, args...)
				if r.code == ExitOK {
					t.Fatalf("%s: exit 0 for a template that fails", args[0])
				}
				body := strings.TrimSuffix(r.stderr, "\n")
				if i := strings.IndexFunc(body, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }); i >= 0 {
					t.Errorf("%s: stderr holds the control character %q: %q", args[0], body[i:i+1], r.stderr)
				}
				if !strings.Contains(r.stderr, "error calling fail: "+tt.want) {
					t.Errorf("%s: stderr %q does not show the message escaped as %s", args[0], r.stderr, tt.want)
				}
			}
		})
	}
}

// TestPresetsValidateRenderTimeout checks that presets validate takes --render-timeout, as
// new and update do, and that a render past it names the template running then and the
// flag to raise: a pack whose templates need longer can be validated with the limit it is
// used with. The slow template writes as it loops, so that it stops at its next write once
// abandoned: a loop that writes nothing runs on in the test process (text/template cannot
// be stopped), taking a core from every test after it.
func TestPresetsValidateRenderTimeout(t *testing.T) {
	tests := []struct {
		name     string
		template string
		args     []string
		code     int
		want     string // in stderr; "" for a valid pack
	}{
		// A loop that runs for hours, under a limit the built-in templates meet with room
		// to spare under -race; it writes a byte every thousand turns (the output limit,
		// 64 MiB, lies hours of turns away), and so stops within a thousand once abandoned.
		{"past the limit", "{{range $i := 100000000000}}{{if not (mod $i 1000)}}.{{end}}{{end}}\n", []string{"--render-timeout", "5s"}, ExitFailure,
			"render p/overlay/SLOW.md.tmpl: render took longer than its time limit (5s); raise it with --render-timeout"},
		{"within a raised limit", "slow enough\n", []string{"--render-timeout", "5m"}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "p/preset.yaml", "name: p\nextends: minimal\n")
			mustWrite(t, dir, "p/overlay/SLOW.md.tmpl", tt.template)
			r := run(t, dir, append(append([]string{"presets", "validate"}, tt.args...), "./p")...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d naming %q", r.code, r.stderr, tt.code, tt.want)
			}
		})
	}
}

// TestPackBuildsAsTheProjectBuilds checks that presets validate and new type-check a
// pack's Go files as the generated project builds its binary, and not only with the
// machine's defaults: with CGO_ENABLED=0 (make build, the Dockerfile, the generated
// main_test.go) and with the Makefile's BUILD_TAGS (nomsgpack for gin), and without tags
// (make build BUILD_TAGS=). A file that only cgo builds, or that the build tags leave
// out, while another file uses it, is refused, and new writes nothing; a file with a
// twin for the other build is fine.
func TestPackBuildsAsTheProjectBuilds(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("type-checks rendered projects with the go command: skipped with -short")
	}
	_, cc := exec.LookPath("cc")
	const use = "package main\n\nvar one = extra()\n"
	tests := []struct {
		name   string
		files  map[string]string // overlay files in cmd/{{.Name}}/
		want   string            // in stderr of a refusal; "" for a valid pack
		remove string            // the pack's remove list, "" for none
	}{
		{"file only cgo builds", map[string]string{
			"cone.go.tmpl": "package main\n\n// static int one(void) { return 1; }\nimport \"C\"\n\nfunc extra() int { return int(C.one()) }\n",
			"use.go.tmpl":  use,
		}, map[bool]string{true: "CGO_ENABLED=0 go build -tags nomsgpack ./cmd/", false: "does not type-check"}[cc == nil], ""},
		{"file the build tags leave out", map[string]string{
			"extra.go.tmpl": "//go:build !nomsgpack\n\npackage main\n\nfunc extra() int { return 1 }\n",
			"use.go.tmpl":   use,
		}, "CGO_ENABLED=0 go build -tags nomsgpack ./cmd/", ""},
		{"file only the build tags take", map[string]string{
			"extra.go.tmpl": "//go:build nomsgpack\n\npackage main\n\nfunc extra() int { return 1 }\n",
			"use.go.tmpl":   use,
		}, "does not type-check", ""},
		{"twins for either tag set", map[string]string{
			"extra.go.tmpl":  "//go:build !nomsgpack\n\npackage main\n\nfunc extra() int { return 1 }\n",
			"extra2.go.tmpl": "//go:build nomsgpack\n\npackage main\n\nfunc extra() int { return 2 }\n",
			"use.go.tmpl":    use,
		}, "", ""},
		{"func main the build tags leave out", map[string]string{
			"main.go.tmpl":      "//go:build !nomsgpack\n\npackage main\n\nfunc main() { _ = other }\n",
			"other.go.tmpl":     "package main\n\nvar other = 1\n",
			"main_test.go.tmpl": "package main\n\nimport \"testing\"\n\nfunc TestOther(t *testing.T) {\n\tif other != 1 {\n\t\tt.Fatal(other)\n\t}\n}\n",
		}, "function main is undeclared in the main package: none of the files this build compiles (other.go) declares func main",
			`["cmd/{{.Name}}/main.go", "cmd/{{.Name}}/main_test.go"]`},
		{"twins with and without cgo", map[string]string{
			"cone.go.tmpl":   "package main\n\n// static int one(void) { return 1; }\nimport \"C\"\n\nfunc extra() int { return int(C.one()) }\n",
			"nocone.go.tmpl": "//go:build !cgo\n\npackage main\n\nfunc extra() int { return 1 }\n",
			"use.go.tmpl":    use,
		}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			pack := "name: p\nextends: minimal\nlocked: [features, framework]\n"
			if tt.remove != "" {
				pack += "remove: " + tt.remove + "\n"
			}
			mustWrite(t, dir, "pk/preset.yaml", pack)
			for name, body := range tt.files {
				mustWrite(t, dir, "pk/overlay/cmd/{{.Name}}/"+name, body)
			}
			for _, args := range [][]string{
				{"presets", "validate", "./pk"},
				{"new", "--yes", "--no-git", "--no-tidy", "--module", "example.com/a/svc", "--preset", "./pk", "./nt"},
			} {
				var stdout, stderr strings.Builder
				code := Run(context.Background(), args, Env{
					Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
					Environ: os.Environ(), Dir: dir,
				})
				if tt.want == "" {
					if code != ExitOK {
						t.Errorf("%s: exit %d, want 0\n%s", args[0], code, stderr.String())
					}
					os.RemoveAll(filepath.Join(dir, "nt"))
					continue
				}
				if code == ExitOK || !strings.Contains(stderr.String(), tt.want) {
					t.Errorf("%s: exit %d, want the pack refused naming %q:\n%s", args[0], code, tt.want, stderr.String())
				}
				if _, err := os.Stat(filepath.Join(dir, "nt")); args[0] == "new" && err == nil {
					t.Errorf("new wrote ./nt for a pack whose project does not build")
				}
			}
		})
	}
}

// TestPackMakefileLacksTheCITargets checks that a pack's own Makefile lacking a target
// the built-in CI runs (make build, make docker) is refused by presets validate, also for
// a choice the pack leaves open (--with docker, which adds CI's make docker), and by new
// once the choice is made, naming the template, the targets and the CI file.
func TestPackMakefileLacksTheCITargets(t *testing.T) {
	refusedForOpenChoice(t, map[string]string{
		"preset.yaml":           "name: p\nextends: minimal\nanswers:\n  features: [ci]\n",
		"overlay/Makefile.tmpl": "build:\n\tgo build ./cmd/{{.Name}}\n",
	}, "docker", "pack/overlay/Makefile.tmpl has no target docker, which the built-in .github/workflows/ci.yml runs (make docker)")
}

// TestPackMakefileMakeReads checks that a pack's Makefile is judged as make reads it:
// one make refuses to read (an ifeq without endif) is refused naming the template and
// the line, and a CI target defined only in a branch make does not take is missing;
// one in a branch the CI runner's environment may decide counts.
func TestPackMakefileMakeReads(t *testing.T) {
	tests := []struct {
		name, makefile string
		want           string // in stderr of a refusal; "" for a valid pack
	}{
		{"ifeq without endif", "build:\n\t@echo build\ndocker:\n\t@echo docker\nifeq ($(CI),true)\n.PHONY: build docker\n",
			"preset pk: pk/overlay/Makefile.tmpl: line 5 of the rendered Makefile: ifeq has no endif, so make stops there (\"missing 'endif'\"): every make run, CI's first, would fail"},
		{"stray endif", "build:\n\t@echo build\ndocker:\n\t@echo docker\nendif\n",
			"pk/overlay/Makefile.tmpl: line 5 of the rendered Makefile: endif without ifeq, ifneq, ifdef or ifndef"},
		{"targets in a branch not taken", "LEGACY := no\nifeq ($(LEGACY),yes)\nbuild:\n\t@echo build\ndocker:\n\t@echo docker\nendif\nall:\n\t@echo all\n",
			"pk/overlay/Makefile.tmpl has no target build or docker"},
		{"targets in a branch of the environment", "ifeq ($(CI),true)\nbuild:\n\t@echo build\ndocker:\n\t@echo docker\nendif\n", ""},
		{"targets in a branch a ?= variable decides", "LEGACY ?= no\nifeq ($(LEGACY),yes)\nbuild:\n\t@echo build\ndocker:\n\t@echo docker\nendif\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "pk/preset.yaml", "name: pk\nanswers:\n  features: [ci, docker]\n")
			mustWrite(t, dir, "pk/overlay/Makefile.tmpl", tt.makefile)
			r := run(t, dir, "presets", "validate", "./pk")
			if tt.want == "" {
				if r.code != ExitOK {
					t.Errorf("exit %d, want 0:\n%s", r.code, r.stderr)
				}
				return
			}
			if r.code == ExitOK || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want the pack refused naming %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

// TestPackGNUmakefileIsTheMakefileMakeReads checks that a pack's own GNUmakefile, which
// make reads instead of the Makefile, is judged as a pack's Makefile is: one lacking a
// target the built-in CI runs is refused by presets validate and new, naming the
// template, the targets, the CI file and the Makefile it hides; one that includes the
// Makefile, or defines the targets, is accepted. So is a makefile, or a GNUmakefile, in
// place of the built-in Makefile the pack removes; a makefile beside it, which differs
// from it only in letter case, is refused with that way out.
func TestPackGNUmakefileIsTheMakefileMakeReads(t *testing.T) {
	tests := []struct {
		name    string
		overlay map[string]string
		want    string // in stderr of a refusal; "" for a valid pack
		remove  bool   // the pack removes the built-in Makefile
	}{
		{"GNUmakefile without the targets", map[string]string{"GNUmakefile": ".PHONY: lint\nlint:\n\t@echo lint\n"},
			"pk/overlay/GNUmakefile.tmpl has no target build or docker, which the built-in .github/workflows/ci.yml runs (make build, make docker): make reads GNUmakefile, not the built-in Makefile, so its first run would stop at \"No rule to make target\"; add build and docker to the pack's GNUmakefile (include Makefile in it keeps the Makefile's targets)", false},
		{"GNUmakefile beside the pack's Makefile", map[string]string{"GNUmakefile": "build:\n\tgo build ./...\n", "Makefile": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n"},
			"pk/overlay/GNUmakefile.tmpl has no target docker, which the built-in .github/workflows/ci.yml runs (make docker): make reads GNUmakefile, not the pack's Makefile, so", false},
		{"GNUmakefile including the Makefile", map[string]string{"GNUmakefile": "include Makefile\n\n.PHONY: lint\nlint:\n\t@echo lint\n"}, "", false},
		{"GNUmakefile with the targets", map[string]string{"GNUmakefile": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n"}, "", false},
		// A makefile and the built-in Makefile differ only in letter case: the pack
		// removes the built-in one, and make reads the pack's in its place.
		{"makefile beside the built-in Makefile", map[string]string{"makefile": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n"},
			"pk/overlay/makefile.tmpl: renders makefile, which differs only in letter case from Makefile, rendered from the built-in project/Makefile.tmpl: a case-insensitive file system (macOS, Windows) holds one file for both; make reads makefile in place of Makefile, so leave the built-in Makefile out (remove: [Makefile]) to ship the pack's own, or name the pack's GNUmakefile", false},
		{"makefile in place of the removed Makefile", map[string]string{"makefile": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n"}, "", true},
		{"GNUmakefile in place of the removed Makefile", map[string]string{"GNUmakefile": "build:\n\tgo build ./...\ndocker:\n\tdocker build .\n"}, "", true},
		{"GNUmakefile including the removed Makefile", map[string]string{"GNUmakefile": "include Makefile\n\nbuild:\n\tgo build ./...\ndocker:\n\tdocker build .\n"},
			"pk/overlay/GNUmakefile.tmpl:1: include Makefile, which the render does not hold (the pack removes it, or it renders blank): every make run would stop there", true},
		{"makefile in place of the removed Makefile, without the targets", map[string]string{"makefile": "build:\n\tgo build ./...\n"},
			"pk/overlay/makefile.tmpl has no target docker, which the built-in .github/workflows/ci.yml runs (make docker): its first run would stop at \"No rule to make target\"; add docker to the pack's makefile", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			yaml := "name: pk\n"
			if tt.remove {
				yaml += "remove: [Makefile]\n"
			}
			mustWrite(t, dir, "pk/preset.yaml", yaml)
			for name, body := range tt.overlay {
				mustWrite(t, dir, "pk/overlay/"+name+".tmpl", body)
			}
			for _, args := range [][]string{
				{"presets", "validate", "./pk"},
				newArgs("--preset", "./pk", "--module", "example.com/acme/orders", "orders"),
			} {
				r := run(t, dir, args...)
				if tt.want == "" {
					if r.code != ExitOK {
						t.Errorf("%s: exit %d, want 0:\n%s", args[0], r.code, r.stderr)
					}
					continue
				}
				if r.code == ExitOK || !strings.Contains(r.stderr, tt.want) {
					t.Errorf("%s: exit %d, stderr %q; want the pack refused naming %q", args[0], r.code, r.stderr, tt.want)
				}
			}
		})
	}
	// Also for a choice the pack leaves open: --with docker adds CI's make docker.
	t.Run("open choice", func(t *testing.T) {
		refusedForOpenChoice(t, map[string]string{
			"preset.yaml":              "name: p\nextends: minimal\nanswers:\n  features: [ci]\n",
			"overlay/GNUmakefile.tmpl": "build:\n\tgo build ./cmd/{{.Name}}\n",
		}, "docker", "pack/overlay/GNUmakefile.tmpl has no target docker, which the built-in .github/workflows/ci.yml runs (make docker): make reads GNUmakefile, not the built-in Makefile")
	})
}

// TestPackDefaultGoNewerThanToolchain: a pack whose default go (not locked) is newer than
// the Go gonew-prod was built with is usable with --go, which replaces the default; new
// without it is refused naming the pack's line and --go, and presets validate checks the
// pack with the toolchain's go and says so. A locked one is refused with advice that can be
// followed (a newer gonew-prod), not "use 1.N", which the lock refuses.
func TestPackDefaultGoNewerThanToolchain(t *testing.T) {
	lang := answers.DefaultGo()
	dir := t.TempDir()
	mustWrite(t, dir, "pg/preset.yaml", "name: pg\nextends: default\nanswers:\n  go: \"1.99\"\n")
	mustWrite(t, dir, "pl/preset.yaml", "name: pl\nextends: default\nanswers:\n  go: \"1.99\"\nlocked: [go]\n")
	if r := run(t, dir, newArgs("--preset", "./pg", "--module", "example.com/acme/svc", "--go", lang, "--dry-run", "out")...); r.code != ExitOK {
		t.Errorf("new --go %s under a pack whose default go is 1.99: exit %d\n%s", lang, r.code, r.stderr)
	}
	r := run(t, dir, newArgs("--preset", "./pg", "--module", "example.com/acme/svc", "--dry-run", "out")...)
	if want := filepath.Join("pg", "preset.yaml") + `:4:7: invalid go "1.99"`; r.code != ExitUsage || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "pass --go "+lang) {
		t.Errorf("new under a pack whose default go is 1.99: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, dir, newArgs("--preset", "./pl", "--module", "example.com/acme/svc", "--dry-run", "out")...)
	if r.code != ExitUsage || !strings.Contains(r.stderr, "preset pl locks it: run a gonew-prod built with Go 1.99 or newer") || strings.Contains(r.stderr, "use "+lang) {
		t.Errorf("new under a pack that locks go 1.99: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, dir, "presets", "validate", "./pg")
	if r.code != ExitOK || !strings.Contains(r.stderr, "checked with --go "+lang) {
		t.Errorf("presets validate of a pack whose default go is 1.99: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a dry run wrote out: %v", err)
	}
}

// TestReplayRelativePack checks where new --answers looks for the directory pack another
// project's record names by a relative path: from the current directory, as when the record
// was written; a pack found only from the record's project (or a directory above it) is
// named with the --preset to pass, and a pack here that is another directory than the one
// found from there is refused, naming both, not used silently.
func TestReplayRelativePack(t *testing.T) {
	const pack = "name: acme\n"
	tests := []struct {
		name  string
		where string            // the directory new runs in, below the test's root
		here  map[string]string // files written there besides
		want  string            // "" for a run that succeeds
	}{
		{"where it was written", "work", nil, ""},
		{"elsewhere, no pack there", "else", nil, "the record names preset pack ./packs/acme, a path relative to where gonew-prod ran when it wrote the record; it is not at ROOT/else/packs/acme, but is at ROOT/work/packs/acme, found from the record's directory: pass --preset ../work/packs/acme"},
		{"inside the record's project", "work/a", nil, "it is not at ROOT/work/a/packs/acme, but is at ROOT/work/packs/acme, found from the record's directory: pass --preset ../packs/acme"},
		{"elsewhere, another pack there", "else", map[string]string{"packs/acme/preset.yaml": pack}, "the record names preset pack ./packs/acme, a path relative to where gonew-prod ran when it wrote the record, which leads here to ROOT/else/packs/acme, and from the record's directory to ROOT/work/packs/acme, another directory: pass --preset with the pack meant (--preset ./packs/acme or --preset ../work/packs/acme)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			work := filepath.Join(root, "work")
			mustWrite(t, work, "packs/acme/preset.yaml", pack)
			if r := run(t, work, newArgs("--preset", "./packs/acme", "--module", "example.com/acme/a", "a")...); r.code != ExitOK {
				t.Fatalf("first run: %d %s", r.code, r.stderr)
			}
			at := filepath.Join(root, tt.where)
			mustWrite(t, at, "keep", "")
			for name, content := range tt.here {
				mustWrite(t, at, name, content)
			}
			r := run(t, at, newArgs("--answers", filepath.Join(work, "a", generator.RecordFile), "--module", "example.com/acme/b", "--dry-run", "b")...)
			stderr := strings.ReplaceAll(r.stderr, root, "ROOT")
			switch {
			case tt.want == "" && r.code != ExitOK:
				t.Errorf("exit %d, stderr %q", r.code, stderr)
			case tt.want != "" && (r.code != ExitUsage || !strings.Contains(stderr, tt.want)):
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, stderr, ExitUsage, tt.want)
			}
		})
	}
}
