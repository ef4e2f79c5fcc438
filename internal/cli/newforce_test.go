package cli

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/update"
)

// TestNewForceRefuses: new --force into a directory of the user's refuses (exit 2,
// nothing written), its dry run alike, what add and update refuse there: a .dockerignore
// of the user's that, merged, leaves a file the generated Dockerfile's build needs out of
// the build context; a file git is told not to look at, or tracks while the work tree
// lacks it; a git operation in progress; a directory that is a repository of its own; a
// path that differs only in letter case from one of the user's. A tree without any of
// those is written.
func TestNewForceRefuses(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name  string
		files map[string]string // the repository's files, below its root; the project is svc
		setup func(t *testing.T, repo string)
		want  []string // what stderr must name; none: the run is not refused
	}{
		{name: "a whitelist .dockerignore",
			files: map[string]string{"svc/.dockerignore": "# only what the build needs\n*\n!cmd/\n!pkg/\n!go.mod\n!go.sum\n"},
			want:  []string{".dockerignore", "leaves internal/", "out of the Docker build context", "pattern *", "!internal/"}},
		{name: "a whitelist .dockerignore that lets the project in",
			files: map[string]string{"svc/.dockerignore": "*\n!cmd/\n!internal/\n!go.mod\n!go.sum\n"}},
		{name: "a Dockerfile.dockerignore, which Docker reads in place of .dockerignore",
			files: map[string]string{"svc/Dockerfile.dockerignore": "internal/\n"},
			want:  []string{"Dockerfile.dockerignore", "leaves internal/", "(pattern internal)", "!internal/"}},
		{name: "a file marked skip-worktree",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "update-index", "--skip-worktree", "svc/Makefile")
			},
			want: []string{"git is told not to look at Makefile", "git update-index --no-skip-worktree Makefile", "then new again"}},
		{name: "a file marked assume-unchanged",
			files: map[string]string{"svc/README.md": "# mine\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "update-index", "--assume-unchanged", "svc/README.md")
			},
			want: []string{"git is told not to look at README.md", "git update-index --no-assume-unchanged README.md"}},
		{name: "a tracked file the work tree lacks",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n", "svc/notes.txt": "mine\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "update-index", "--skip-worktree", "svc/Makefile")
				if err := os.Remove(filepath.Join(repo, "svc", "Makefile")); err != nil {
					t.Fatal(err)
				}
			},
			want: []string{"git tracks Makefile, which the work tree lacks", "new would write"}},
		{name: "a merge in progress",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"},
			setup: func(t *testing.T, repo string) {
				gitIn(t, repo, false, "checkout", "-q", "-b", "other")
				mustWrite(t, repo, "svc/Makefile", "build:\n\tgo build -v ./...\n")
				gitCommit(t, repo)
				gitIn(t, repo, false, "checkout", "-q", "-")
				mustWrite(t, repo, "svc/Makefile", "build:\n\tgo build -x ./...\n")
				gitCommit(t, repo)
				gitIn(t, repo, true, "merge", "-q", "other") // conflicts
			},
			want: []string{"a merge is in progress", "MERGE_HEAD", "git merge --abort", "then run new again"}},
		{name: "a repository of its own below the project",
			files: map[string]string{"svc/internal/config/notes.txt": "mine\n"},
			setup: func(t *testing.T, repo string) { gitIn(t, filepath.Join(repo, "svc", "internal"), false, "init", "-q") },
			want:  []string{"internal is a git repository of its own", "new would write internal/"}},
		{name: "paths that differ only in letter case",
			files: map[string]string{"svc/readme.md": "# mine\n", "svc/dockerfile": "FROM scratch\n", "svc/K8S/cm.yaml": "kind: ConfigMap\n"},
			want:  []string{"README.md", "readme.md", "Dockerfile", "dockerfile", "K8S", "git mv"}},
		{name: "a repository of another owner, which git refuses",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"},
			setup: func(t *testing.T, repo string) {
				giveToAnotherOwner(t, repo)
			},
			want: []string{"nothing written: git cannot read the work tree at ", "dubious ownership", "run new as the owner of the repository"}},
		{name: "a plain tracked file",
			files: map[string]string{"svc/Makefile": "build:\n\tgo build ./...\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := gitRepo(t, maps.Clone(tt.files))
			if tt.setup != nil {
				tt.setup(t, repo)
			}
			before := readTree(t, filepath.Join(repo, "svc"))
			for _, dry := range []bool{true, false} {
				args := newArgs("--force", "--module", "example.com/acme/orders", "svc")
				if dry {
					args = append(args, "--dry-run")
				}
				r := run(t, repo, args...)
				if len(tt.want) == 0 {
					if r.code != ExitOK {
						t.Fatalf("dry run %v: exit %d, want 0; stderr: %s", dry, r.code, r.stderr)
					}
					continue
				}
				if r.code != ExitUsage {
					t.Errorf("dry run %v: exit %d, want 2; stderr: %s", dry, r.code, r.stderr)
				}
				for _, w := range tt.want {
					if !strings.Contains(r.stderr, w) {
						t.Errorf("dry run %v: stderr does not name %q: %s", dry, w, r.stderr)
					}
				}
				if after := readTree(t, filepath.Join(repo, "svc")); !maps.Equal(before, after) {
					t.Errorf("dry run %v: the tree changed:\nbefore %v\nafter  %v", dry, before, after)
				}
			}
		})
	}
}

// TestNewForceAgain: new --force run again with the same answers over what it wrote
// leaves every file of the user's it replaced or merged as it is: no write, no backup
// (FILE.orig.1), and the second run's plan says identical. A merged .gitignore or
// .dockerignore holds the render's patterns already (blank lines between its groups too,
// and after a negation of the user's); a Makefile the user made executable keeps its
// mode (A replaced file keeps its mode), which the dry run names.
func TestNewForceAgain(t *testing.T) {
	tests := []struct {
		name, path, mine string
		mode             os.FileMode
		plan             string // the second dry run's plan line for path
	}{
		{name: "a .gitignore of the user's", path: ".gitignore", mine: "*.secret\n", mode: 0o644,
			plan: "identical 0644 .gitignore\n"},
		{name: "a .gitignore with a negation", path: ".gitignore", mine: "*.log\n!keep.log\n", mode: 0o644,
			plan: "identical 0644 .gitignore\n"},
		{name: "a .dockerignore of the user's", path: ".dockerignore", mine: "secrets.json\n\n# data\n/data/\n", mode: 0o644,
			plan: "identical 0644 .dockerignore\n"},
		{name: "an executable Makefile", path: "Makefile", mine: "old:\n\techo old\n", mode: 0o750,
			plan: "identical 0750 Makefile (your file mode 0750 kept (gonew-prod's is 0644))\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "svc/"+tt.path, tt.mine)
			if err := os.Chmod(filepath.Join(dir, "svc", tt.path), tt.mode); err != nil {
				t.Fatal(err)
			}
			args := newArgs("--force", "--module", "example.com/acme/orders", "svc")
			if r := run(t, dir, args...); r.code != ExitOK {
				t.Fatalf("first run: exit code %d; stderr: %s", r.code, r.stderr)
			}
			first := readFile(t, dir, "svc/"+tt.path)
			firstMode := permOf(t, filepath.Join(dir, "svc", tt.path))
			entries := dirNames(t, filepath.Join(dir, "svc"))
			dry := run(t, dir, newArgs("--dry-run", "--force", "--module", "example.com/acme/orders", "svc")...)
			if dry.code != ExitOK || !strings.Contains(dry.stdout, tt.plan) {
				t.Errorf("second dry run: exit code %d, plan lacks %q:\n%s%s", dry.code, tt.plan, dry.stdout, dry.stderr)
			}
			r := run(t, dir, args...)
			if r.code != ExitOK {
				t.Fatalf("second run: exit code %d; stderr: %s", r.code, r.stderr)
			}
			if strings.Contains(r.stderr, "your "+tt.path) {
				t.Errorf("second run backed up %s: %s", tt.path, r.stderr)
			}
			if got := readFile(t, dir, "svc/"+tt.path); got != first {
				t.Errorf("second run changed %s:\n%q\nwas\n%q", tt.path, got, first)
			}
			if got := permOf(t, filepath.Join(dir, "svc", tt.path)); got != firstMode {
				t.Errorf("second run made %s %04o, was %04o", tt.path, got, firstMode)
			}
			if got := dirNames(t, filepath.Join(dir, "svc")); !slices.Equal(got, entries) {
				t.Errorf("second run left %v in svc, the first %v", got, entries)
			}
		})
	}
}

// dirNames returns the names in the directory dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// permOf returns the permission bits of the file at p.
func permOf(t *testing.T, p string) os.FileMode {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

// TestNewForceRefusesLargeFile: a regular file larger than generator.MaxTreeFile where
// new --force writes a file is refused (exit 2, nothing written), its dry run named as a
// conflict, the refusal naming the file, its size and the limit, never as "not a file";
// with a directory in the way too, both are named, each for what it is.
func TestNewForceRefusesLargeFile(t *testing.T) {
	tests := []struct {
		name string
		dir  string // a directory of the user's where a file goes; "" for none
		want []string
		not  []string
	}{
		{name: "a large README", want: []string{"README.md (67108865 bytes)", "larger than 64 MiB (67108864 bytes)", "nothing written"},
			not: []string{"not a file"}},
		{name: "and a directory in the way", dir: "Makefile", want: []string{"README.md (67108865 bytes)", "larger than 64 MiB", "not a file: Makefile (is a directory)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mustWrite(t, dir, "svc/README.md", "my notes\n")
			readme := filepath.Join(dir, "svc", "README.md")
			if err := os.Truncate(readme, generator.MaxTreeFile+1); err != nil { // sparse: nothing is read
				t.Fatal(err)
			}
			if tt.dir != "" {
				if err := os.MkdirAll(filepath.Join(dir, "svc", tt.dir), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			before := dirNames(t, filepath.Join(dir, "svc"))
			r := run(t, dir, newArgs("--force", "--module", "example.com/acme/orders", "svc")...)
			if r.code != ExitUsage {
				t.Errorf("exit code %d, want %d; stderr: %s", r.code, ExitUsage, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q: %s", w, r.stderr)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(r.stderr, w) {
					t.Errorf("stderr says %q: %s", w, r.stderr)
				}
			}
			if got := dirNames(t, filepath.Join(dir, "svc")); !slices.Equal(got, before) {
				t.Errorf("svc holds %v, before the run %v", got, before)
			}
			if info, err := os.Stat(readme); err != nil || info.Size() != generator.MaxTreeFile+1 {
				t.Errorf("README.md changed: %v %v", info, err)
			}
		})
	}
}

// TestNewForceIgnoredInARepositoryOfItsOwn: new --force into a directory that is not yet
// a git repository, whose .gitignore files of the user's ignore files new would write
// (merged after the render's patterns, or in a directory of the project), refuses before
// writing anything, as it does inside a work tree, naming each file and the user's
// pattern at its line in the user's file: its git init's git add would fail after every
// file is written. With --no-git a note names them. A negation that keeps the files, or
// patterns that match none, let new write and commit the project.
func TestNewForceIgnoredInARepositoryOfItsOwn(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	tests := []struct {
		name   string
		files  map[string]string // the user's, in svc
		outer  string            // the .gitignore of a work tree around svc; "": none
		noGit  bool
		dryRun bool
		code   int
		want   string
	}{
		{name: "the record ignored", files: map[string]string{".gitignore": "*.yaml\n"}, code: ExitUsage,
			want: "nothing written: git ignores files new would write: .gonew-prod.yaml (by .gitignore:1:*.yaml); a commit would leave them out"},
		{name: "the dry run says it too", files: map[string]string{".gitignore": "*.yaml\n"}, dryRun: true, code: ExitUsage,
			want: "git ignores files new would write: .gonew-prod.yaml (by .gitignore:1:*.yaml)"},
		{name: "the line is the user's", files: map[string]string{".gitignore": "# mine\r\n\r\n*.yaml  \r\n"}, code: ExitUsage,
			want: ".gonew-prod.yaml (by .gitignore:3:*.yaml)"},
		{name: "a .gitignore of the user's in a directory of the project", files: map[string]string{"cmd/.gitignore": "*.go\n"}, code: ExitUsage,
			want: "cmd/svc/main.go (by cmd/.gitignore:1:*.go), cmd/svc/main_test.go (by cmd/.gitignore:1:*.go)"},
		{name: "in a work tree that ignores the whole project", files: map[string]string{".gitignore": "*.yaml\n"}, outer: "*\n!.gitignore\n", code: ExitUsage,
			want: "nothing written: git ignores files new would write: .gonew-prod.yaml (by .gitignore:1:*.yaml)"},
		{name: "--no-git: a note", files: map[string]string{".gitignore": "*.yaml\n"}, noGit: true, code: ExitOK,
			want: "note: your .gitignore ignores files new writes: .gonew-prod.yaml (by .gitignore:1:*.yaml); once "},
		{name: "a negation keeps them", files: map[string]string{".gitignore": "*.yaml\n!.gonew-prod.yaml\n"}, code: ExitOK},
		{name: "nothing ignored", files: map[string]string{".gitignore": "*.log\n", "cmd/.gitignore": "*.exe\n"}, code: ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				mustWrite(t, dir, "svc/"+name, content)
			}
			if tt.outer != "" {
				mustWrite(t, dir, ".gitignore", tt.outer)
				gitIn(t, dir, false, "init", "-q")
			}
			before := readTree(t, filepath.Join(dir, "svc"))
			args := newArgs("--force", "--preset", "minimal", "--module", "example.com/acme/svc", "svc")
			if !tt.noGit {
				args = slices.DeleteFunc(args, func(a string) bool { return a == "--no-git" })
			}
			if tt.dryRun {
				args = append(args, "--dry-run")
			}
			r := run(t, dir, args...)
			wantCode(t, r, tt.code, args...)
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if tt.code != ExitOK || tt.dryRun {
				if after := readTree(t, filepath.Join(dir, "svc")); !maps.Equal(before, after) {
					t.Errorf("the tree changed:\nbefore %v\nafter  %v", before, after)
				}
				if _, err := os.Lstat(filepath.Join(dir, "svc", ".git")); err == nil {
					t.Errorf("a repository was made")
				}
				return
			}
			if tt.noGit {
				return
			}
			ls := exec.Command("git", "ls-files")
			ls.Dir = filepath.Join(dir, "svc")
			out, err := ls.Output()
			if err != nil {
				t.Fatalf("git ls-files: %v", err)
			}
			tracked := strings.Split(string(out), "\n")
			for _, p := range []string{".gonew-prod.yaml", ".gitignore", "cmd/svc/main.go"} {
				if !slices.Contains(tracked, p) {
					t.Errorf("the first commit lacks %s: %s", p, tracked)
				}
			}
		})
	}
}

// TestNewForceShadowedByAPack: new --force with a pack whose file a tool reads in place
// of one of the user's that stays, as update checks it (update.Shadows): the pack's
// Dockerfile.dockerignore, which Docker reads for the Dockerfile in place of the
// .dockerignore, takes the user's .dockerignore lines after its own (the dry run says
// so); the pack's GNUmakefile, which make reads in place of the user's Makefile (the pack
// removes the built-in one, so the user's stays), is refused unless it includes it: exit
// 2, nothing written.
func TestNewForceShadowedByAPack(t *testing.T) {
	const pack = "name: m\nextends: default\nanswers:\n  features: [ci, docker]\n"
	const gnu = ".PHONY: build docker\nbuild:\n\tgo build -o bin/{{.Name}} ./cmd/{{.Name}}\ndocker:\n\tdocker build -t {{.Name}} .\n"
	tests := []struct {
		name  string
		pack  map[string]string // the pack's files
		mine  map[string]string // the user's, in svc
		code  int
		say   string            // in stderr (the refusal) or the dry run's plan
		after map[string]string // files of svc after, with their content's end
	}{
		{"Dockerfile.dockerignore", map[string]string{"preset.yaml": pack, "overlay/Dockerfile.dockerignore.tmpl": ".git\nbin/\n"},
			map[string]string{".dockerignore": "secrets/\n"}, ExitOK, "create    0644 Dockerfile.dockerignore (" + update.ShadowJoined + ")",
			map[string]string{"Dockerfile.dockerignore": ".git\nbin/\nsecrets/\n"}},
		{"GNUmakefile over your Makefile", map[string]string{"preset.yaml": pack + "remove: [Makefile]\n", "overlay/GNUmakefile.tmpl": gnu},
			map[string]string{"Makefile": "deploy:\n\t./deploy.sh\n"}, ExitUsage,
			"nothing written: GNUmakefile, which new creates, is what make reads in place of Makefile", nil},
		{"GNUmakefile including your Makefile", map[string]string{"preset.yaml": pack + "remove: [Makefile]\n", "overlay/GNUmakefile.tmpl": "-include Makefile\n" + gnu},
			map[string]string{"Makefile": "deploy:\n\t./deploy.sh\n"}, ExitOK, "create    0644 GNUmakefile", map[string]string{"Makefile": "./deploy.sh\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for p, content := range tt.pack {
				mustWrite(t, dir, "p/"+p, content)
			}
			for p, content := range tt.mine {
				mustWrite(t, dir, "svc/"+p, content)
			}
			args := newArgs("--force", "--preset", "./p", "--module", "example.com/acme/orders", "svc")
			dry := run(t, dir, append(args, "--dry-run")...)
			wantCode(t, dry, tt.code, "--dry-run")
			r := run(t, dir, args...)
			wantCode(t, r, tt.code, args...)
			if !strings.Contains(dry.stdout+dry.stderr, tt.say) || tt.code != ExitOK && !strings.Contains(r.stderr, tt.say) {
				t.Errorf("output lacks %q:\n%s\n%s\n%s", tt.say, dry.stdout, dry.stderr, r.stderr)
			}
			if tt.code != ExitOK {
				if _, err := os.Stat(filepath.Join(dir, "svc", "go.mod")); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("a refused new wrote go.mod: %v", err)
				}
				return
			}
			for p, end := range tt.after {
				if got := readFile(t, dir, "svc/"+p); !strings.HasSuffix(got, end) {
					t.Errorf("%s =\n%s\nwant it to end in\n%s", p, got, end)
				}
			}
		})
	}
}

// TestNewIgnoredByTheUsersExcludes: new refuses before writing anything a project some of
// whose files, its pack's overlay files among them, the user's own excludes file ignores
// (core.excludesFile, by default ~/.config/git/ignore), or the .git/info/exclude that git
// init copies from the user's template directory: its git add would fail after every
// file is written, and a later git add -A would leave them out, silently. The refusal
// names the file and its line, and how to keep the pattern (--no-git, then git add -f);
// with --no-git a note says so, and the files are written. A negation in the user's
// .gitignore keeps them, and the first commit holds them.
func TestNewIgnoredByTheUsersExcludes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	pack := map[string]string{"pack/preset.yaml": "name: p\nextends: minimal\n", "pack/overlay/scripts/lint.sh.tmpl": "#!/bin/sh\nexit 0\n"}
	tests := []struct {
		name     string
		excludes string            // the user's ~/.config/git/ignore
		core     string            // core.excludesFile's content (~/my-ignore), "": not set
		template string            // the info/exclude of init.templateDir, "": none
		files    map[string]string // the user's, in the work directory (svc/... with --force)
		args     []string
		code     int
		want     []string
	}{
		{name: "the default excludes file", excludes: "# mine\nk8s/\n", args: []string{"--with", "k8s"}, code: ExitUsage,
			want: []string{"nothing written: git ignores files new would write: k8s/deployment.yaml (by HOME/.config/git/ignore:2:k8s/), k8s/service.yaml (by HOME/.config/git/ignore:2:k8s/)",
				"HOME/.config/git/ignore is your own excludes file (core.excludesFile), which git reads in every repository of yours: to keep the pattern there, run new with --no-git, then commit them in the project's repository with git add -f -- k8s/deployment.yaml k8s/service.yaml"}},
		{name: "core.excludesFile", core: "*.yaml\n", code: ExitUsage,
			want: []string{".gonew-prod.yaml (by HOME/my-ignore:1:*.yaml)", "HOME/my-ignore is your own excludes file"}},
		{name: "git init's template", template: "# x\n.golangci.yml\n", code: ExitUsage,
			want: []string{".golangci.yml (by .git/info/exclude:2:.golangci.yml)", ".git/info/exclude is what git init copies from your template directory (init.templateDir)"}},
		{name: "a pack's overlay file", excludes: "scripts/\n", files: pack, args: []string{"--preset", "./pack"}, code: ExitUsage,
			want: []string{"scripts/lint.sh (by HOME/.config/git/ignore:1:scripts/)"}},
		{name: "--no-git: a note", excludes: "k8s/\n", args: []string{"--with", "k8s", "--no-git"}, code: ExitOK,
			want: []string{"note: git ignores files new writes: k8s/deployment.yaml (by HOME/.config/git/ignore:1:k8s/)", "commit them there with git add -f -- k8s/deployment.yaml k8s/service.yaml"}},
		{name: "a negation of the user's keeps them", excludes: "k8s/\n", files: map[string]string{"svc/.gitignore": "!k8s/\n"}, args: []string{"--with", "k8s", "--force"}, code: ExitOK},
		{name: "nothing ignored", excludes: "*.log\n.idea/\n", args: []string{"--with", "k8s"}, code: ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, home := t.TempDir(), t.TempDir()
			var extra []string
			if tt.excludes != "" {
				mustWrite(t, home, ".config/git/ignore", tt.excludes)
			}
			if tt.core != "" {
				mustWrite(t, home, "my-ignore", tt.core)
				mustWrite(t, home, ".gitconfig", "[core]\n\texcludesFile = ~/my-ignore\n")
			}
			if tt.template != "" {
				mustWrite(t, home, "template/info/exclude", tt.template)
				extra = append(extra, "GIT_TEMPLATE_DIR="+filepath.Join(home, "template"))
			}
			for name, content := range tt.files {
				mustWrite(t, dir, name, content)
			}
			extra = append(extra, "HOME="+home, "XDG_CONFIG_HOME=", "GIT_CONFIG_NOSYSTEM=1")
			args := slices.Concat([]string{"new", "--yes", "--no-tidy", "--preset", "minimal", "--module", "example.com/acme/svc"}, tt.args, []string{"svc"})
			r := runEnv(t, context.Background(), dir, nil, extra, args...)
			wantCode(t, r, tt.code, args...)
			for _, w := range tt.want {
				if w = strings.ReplaceAll(w, "HOME/", home+"/"); !strings.Contains(r.stderr, w) {
					t.Errorf("stderr:\n%s\nwant %q", r.stderr, w)
				}
			}
			if tt.code != ExitOK {
				if _, err := os.Lstat(filepath.Join(dir, "svc", "go.mod")); err == nil {
					t.Errorf("svc/go.mod written")
				}
				if _, err := os.Lstat(filepath.Join(dir, "svc", ".git")); err == nil {
					t.Errorf("a repository was made")
				}
				return
			}
			if slices.Contains(tt.args, "--no-git") {
				if _, err := os.Lstat(filepath.Join(dir, "svc", "k8s", "deployment.yaml")); err != nil {
					t.Errorf("not written: %v", err)
				}
				return
			}
			ls := exec.Command("git", "ls-files")
			ls.Dir, ls.Env = filepath.Join(dir, "svc"), slices.Concat(os.Environ(), extra)
			out, err := ls.Output()
			if err != nil {
				t.Fatalf("git ls-files: %v", err)
			}
			tracked := strings.Split(string(out), "\n")
			for _, p := range []string{".gonew-prod.yaml", "k8s/deployment.yaml", "k8s/service.yaml", "cmd/svc/main.go"} {
				if !slices.Contains(tracked, p) {
					t.Errorf("the first commit lacks %s: %s", p, tracked)
				}
			}
		})
	}
}
