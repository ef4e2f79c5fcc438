package preset

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestCheckoutPackAgreesWithItsTaggedCommit: a directory pack inside a module that is a
// git work tree resolves only when every file of it, and of the packs of the module it
// extends, is in the commit git add -A makes, of which the go command makes the zip of a
// version (git archive, with export-ignore turned off): a file git ignores and does not
// track, by a pattern of the module's or of the repository above it, or one in a
// repository of its own, is refused, naming it and why. A file git tracks whatever
// pattern matches it, one not yet added that git would add, and one .gitattributes marks
// export-ignore (which the go command does not honour) are in the tag: accepted.
func TestCheckoutPackAgreesWithItsTaggedCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const mod = "module example.com/presets\n\ngo 1.24\n"
	tests := []struct {
		name  string
		top   string            // the repository's top, relative to the test directory: "presets" or "."
		files map[string]string // besides presets/go.mod and presets/acme/preset.yaml
		force []string          // added with git add -f
		repos []string          // repositories of their own, made before the commit
		later map[string]string // written after the commit
		want  []string          // in the error; none when the pack resolves
	}{
		{name: "an ignored overlay file", top: "presets",
			files: map[string]string{"presets/.gitignore": ".env*\n", "presets/acme/overlay/.env.example.tmpl": "SERVICE={{.Name}}\n"},
			want:  []string{"presets/acme/overlay/.env.example.tmpl: git ignores it (by ", "/presets/.gitignore:1:.env*) and does not track it, so no commit holds it, and no version of module example.com/presets", "git add -f"}},
		{name: "ignored by the repository above the module", top: ".",
			files: map[string]string{".gitignore": "*.yaml.tmpl\n", "presets/acme/overlay/deploy/values.yaml.tmpl": "x\n"},
			want:  []string{"presets/acme/overlay/deploy/values.yaml.tmpl: git ignores it (by ", "/.gitignore:1:*.yaml.tmpl)"}},
		{name: "ignored, but tracked", top: "presets",
			files: map[string]string{"presets/.gitignore": ".env*\n", "presets/acme/overlay/.env.example.tmpl": "SERVICE={{.Name}}\n"},
			force: []string{"acme/overlay/.env.example.tmpl"}},
		{name: "not yet added", top: "presets",
			later: map[string]string{"presets/acme/overlay/CODEOWNERS.tmpl": "* @acme\n"}},
		{name: "export-ignore, which the go command turns off", top: "presets",
			files: map[string]string{"presets/.gitattributes": "acme/overlay/deploy/** export-ignore\n", "presets/acme/overlay/deploy/values.yaml.tmpl": "x\n"}},
		{name: "the pack in a repository of its own", top: "presets",
			files: map[string]string{"presets/acme/overlay/CODEOWNERS.tmpl": "* @acme\n"},
			repos: []string{"presets/acme"},
			want:  []string{"presets/acme/preset.yaml: it is in ", "/presets/acme, a git repository of its own inside the module's", "move the pack's files into the module's own repository"}},
		// The ways out name the nested repository, not the pattern that ignores it.
		{name: "the pack in a repository of its own, which the module's ignores", top: "presets",
			files: map[string]string{"presets/.gitignore": "/acme/\n"},
			repos: []string{"presets/acme"},
			want:  []string{"presets/acme/preset.yaml: it is in ", "/presets/acme, a git repository of its own inside the module's", "give that repository a go.mod of its own at its top ("}},
		{name: "the pack in a repository of its own, the module below the repository's top", top: ".",
			repos: []string{"presets/acme"},
			want:  []string{"presets/acme/preset.yaml: it is in ", "/presets/acme, a git repository of its own inside the module's"}},
		{name: "an extended pack in a repository of its own", top: "presets",
			files: map[string]string{"presets/acme/preset.yaml": "name: acme\nextends: ../sub/base\n", "presets/sub/base/preset.yaml": "name: base\n"},
			repos: []string{"presets/sub"},
			want:  []string{"presets/sub/base/preset.yaml: it is in ", "/presets/sub, a git repository of its own inside the module's"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			files := maps.Clone(tt.files)
			if files == nil {
				files = map[string]string{}
			}
			files["presets/go.mod"] = mod
			if _, ok := files["presets/acme/preset.yaml"]; !ok {
				files["presets/acme/preset.yaml"] = "name: acme\nextends: minimal\n"
			}
			writeTree(t, dir, files)
			top := filepath.Join(dir, tt.top)
			git(t, top, "init", "-q")
			for _, r := range tt.repos {
				git(t, filepath.Join(dir, r), "init", "-q")
				git(t, filepath.Join(dir, r), "add", "-A")
				git(t, filepath.Join(dir, r), "commit", "-q", "-m", "its own")
			}
			git(t, top, "add", "-A")
			for _, f := range tt.force {
				git(t, filepath.Join(dir, "presets"), "add", "-f", "--", f)
			}
			git(t, top, "commit", "-q", "-m", "v1")
			writeTree(t, dir, tt.later)
			_, err := Resolver{Dir: dir}.Resolve(context.Background(), "./presets/acme")
			if len(tt.want) > 0 {
				for _, w := range tt.want {
					if err == nil || !strings.Contains(err.Error(), w) {
						t.Errorf("err = %v, want it to contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Accepted: the commit the go command archives holds every file of the pack,
			// once what is not yet added is.
			git(t, top, "add", "-A")
			git(t, top, "commit", "-q", "--allow-empty", "-m", "v2")
			// As the go command makes the zip: export-subst and export-ignore turned off.
			mustAppend(t, filepath.Join(top, ".git", "info", "attributes"), "\n* -export-subst -export-ignore\n")
			cmd := exec.Command("git", "archive", "--format=tar", "HEAD")
			cmd.Dir = top
			out, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			tr := tar.NewReader(bytes.NewReader(out))
			for {
				h, err := tr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				names = append(names, h.Name)
			}
			for _, p := range slices.Concat(slices.Collect(maps.Keys(files)), slices.Collect(maps.Keys(tt.later))) {
				rel, err := filepath.Rel(top, filepath.Join(dir, p))
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Contains(names, filepath.ToSlash(rel)) {
					t.Errorf("the tagged commit's archive lacks %s (it holds %v)", rel, names)
				}
			}
		})
	}
}

// TestPackInASubmoduleOfAService: the presets repository, no module, used as a
// submodule of a service module's repository is refused (no version of the service
// module holds the pack), with the ways out that work, each checked: the pack used from a
// clone beside the service, and the presets repository given a go.mod of its own, which
// makes the submodule a module of its own.
func TestPackInASubmoduleOfAService(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
	src, svc := filepath.Join(dir, "presets-src"), filepath.Join(dir, "svc")
	writeTree(t, dir, map[string]string{
		"presets-src/acme/preset.yaml":             "name: acme\nextends: minimal\n",
		"presets-src/acme/overlay/CODEOWNERS.tmpl": "* @acme/platform\n",
		"svc/go.mod":  "module example.com/svc\n\ngo 1.24\n",
		"svc/main.go": "package main\n\nfunc main() {}\n",
	})
	for _, d := range []string{src, svc} {
		git(t, d, "init", "-q")
		git(t, d, "add", "-A")
		git(t, d, "commit", "-q", "-m", "v1")
	}
	git(t, svc, "-c", "protocol.file.allow=always", "submodule", "add", "-q", src, "presets")
	git(t, svc, "commit", "-q", "-m", "presets")

	resolve := func(ref string) error {
		_, err := Resolver{Dir: svc}.Resolve(context.Background(), ref)
		return err
	}
	err = resolve("./presets/acme")
	for _, w := range []string{
		"presets/acme/preset.yaml: it is in " + filepath.Join(svc, "presets") + ", a git repository of its own inside the module's (a submodule, a nested clone)",
		"no version of module example.com/svc",
		"use the pack from a clone of that repository outside the module's directory (beside it)",
		"give that repository a go.mod of its own at its top (" + filepath.Join(svc, "presets", "go.mod") + ")",
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("the pack in the service's submodule: err = %v, want it to contain %q", err, w)
		}
	}
	if err := resolve("../presets-src/acme"); err != nil {
		t.Errorf("the pack from a clone beside the service: %v", err)
	}
	writeTree(t, dir, map[string]string{"presets-src/go.mod": "module example.com/acme/presets\n\ngo 1.24\n"})
	git(t, src, "add", "-A")
	git(t, src, "commit", "-q", "-m", "a module")
	git(t, filepath.Join(svc, "presets"), "pull", "-q", "origin", "HEAD")
	if err := resolve("./presets/acme"); err != nil {
		t.Errorf("the pack in the service's submodule, a module of its own: %v", err)
	}
}

// TestPackRoot: the root bounding a directory pack is the nearest directory at or above
// it holding go.mod or .git, but a repository of its own (a nested clone, or a submodule,
// whose .git is a file) inside the work tree of a module's repository is not taken for a
// checkout that is no module: its root is the module's, whose zip check refuses its
// files. A repository inside a module directory that is in no work tree, or in one that
// ignores it (a home directory's dotfiles repository ignoring *), stays its own root, and
// so does a pack's own repository that is a module. Git looks for work trees no higher
// than the test's directory (GIT_CEILING_DIRECTORIES), wherever TMPDIR is.
func TestPackRoot(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const gitDir, gitFile, mod = "ref: refs/heads/main\n", "gitdir: ../.git/modules/acme\n", "module example.com/presets\n"
	tests := []struct {
		name   string
		files  map[string]string // a .git in them is a nested repository's, which git is not asked about
		repos  []string          // work trees, made with git init
		force  []string          // files added with git add -f in the work tree that holds them
		pack   string
		root   string
		marker string
	}{
		{name: "a nested clone in the module's repository", repos: []string{"presets"},
			files: map[string]string{"presets/go.mod": mod, "presets/acme/.git/HEAD": gitDir}, pack: "presets/acme", root: "presets", marker: "go.mod"},
		{name: "a submodule in the module's repository", repos: []string{"presets"},
			files: map[string]string{"presets/go.mod": mod, "presets/acme/.git": gitFile}, pack: "presets/acme", root: "presets", marker: "go.mod"},
		{name: "a nested clone in a module below its repository's top", repos: []string{"."},
			files: map[string]string{"presets/go.mod": mod, "presets/team/.git/HEAD": gitDir}, pack: "presets/team/acme", root: "presets", marker: "go.mod"},
		{name: "a pack in a repository that is no module", repos: []string{"presets"},
			pack: "presets/acme", root: "presets", marker: ".git"},
		{name: "a repository in a module directory that is in no work tree",
			files: map[string]string{"go.mod": mod, "presets/.git/HEAD": gitDir}, pack: "presets/acme", root: "presets", marker: ".git"},
		{name: "a repository in a module directory its work tree ignores", repos: []string{"."},
			files: map[string]string{".gitignore": "*\n", "home/svc/go.mod": mod, "home/svc/presets/.git": gitFile}, pack: "home/svc/presets/acme", root: "home/svc/presets", marker: ".git"},
		{name: "a repository in a module directory whose go.mod its work tree tracks, though it ignores it", repos: []string{"."},
			files: map[string]string{".gitignore": "*\n", "svc/go.mod": mod, "svc/presets/.git": gitFile}, force: []string{"svc/go.mod"}, pack: "svc/presets/acme", root: "svc", marker: "go.mod"},
		{name: "a pack whose own repository is a module, in another's", repos: []string{"presets"},
			files: map[string]string{"presets/go.mod": mod, "presets/acme/.git/HEAD": gitDir, "presets/acme/go.mod": mod + "/acme\n"}, pack: "presets/acme", root: "presets/acme", marker: "go.mod"},
		{name: "a pack in a module", files: map[string]string{"presets/go.mod": mod}, pack: "presets/acme", root: "presets", marker: "go.mod"},
		// A home directory's dotfiles repository ignoring * holds no pack below it.
		{name: "a pack in a work tree that ignores it", repos: []string{"."},
			files: map[string]string{".gitignore": "*\n"}, pack: "packs/acme", root: "packs/acme", marker: ""},
		{name: "a pack in a work tree that ignores it, in a module above it", repos: []string{"home"},
			files: map[string]string{"go.mod": mod, "home/.gitignore": "*\n"}, pack: "home/packs/acme", root: ".", marker: "go.mod"},
		{name: "a pack whose preset.yaml its work tree tracks, though it ignores it", repos: []string{"."},
			files: map[string]string{".gitignore": "*\n", "packs/acme/preset.yaml": "name: acme\n"}, force: []string{"packs/acme/preset.yaml"}, pack: "packs/acme", root: ".", marker: ".git"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
			for _, r := range tt.repos {
				if err := os.MkdirAll(filepath.Join(dir, r), 0o755); err != nil {
					t.Fatal(err)
				}
				git(t, filepath.Join(dir, r), "init", "-q")
			}
			writeTree(t, dir, tt.files)
			for _, f := range tt.force {
				git(t, dir, "add", "-f", "--", f)
			}
			pack := filepath.Join(dir, filepath.FromSlash(tt.pack))
			if err := os.MkdirAll(pack, 0o755); err != nil {
				t.Fatal(err)
			}
			root, marker, err := packRoot(context.Background(), os.Environ(), pack)
			if err != nil {
				t.Fatal(err)
			}
			if want := filepath.Join(dir, filepath.FromSlash(tt.root)); root != want || marker != tt.marker {
				t.Errorf("packRoot = %s, %q; want %s, %q", root, marker, want, tt.marker)
			}
		})
	}
}

// TestPackIndexNamedPipe: a directory pack in a git work tree whose index is a named
// pipe is refused at once, naming the index, instead of waiting for good in the git
// ls-files that bound the pack: in a checkout that is no module (is the pack ignored?),
// in a module's (which files would its version hold?), and in a nested clone inside a
// module's work tree (does that work tree hold the module?).
func TestPackIndexNamedPipe(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const mod = "module example.com/presets\n\ngo 1.24\n"
	tests := []struct {
		name  string
		repos []string          // work trees, made with git init, each committing what it holds
		files map[string]string // besides presets/acme/preset.yaml
		pipe  string            // the index made a named pipe
	}{
		{name: "a checkout", repos: []string{"presets"}, pipe: "presets/.git/index"},
		{name: "a module's checkout", repos: []string{"presets"}, files: map[string]string{"presets/go.mod": mod}, pipe: "presets/.git/index"},
		{name: "a nested clone in a module's checkout", repos: []string{"presets", "presets/acme"}, files: map[string]string{"presets/go.mod": mod}, pipe: "presets/.git/index"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(dir))
			writeTree(t, dir, tt.files)
			writeTree(t, dir, map[string]string{"presets/acme/preset.yaml": "name: acme\n"})
			for _, r := range slices.Backward(tt.repos) {
				git(t, filepath.Join(dir, r), "init", "-q")
				git(t, filepath.Join(dir, r), "add", "-A")
				git(t, filepath.Join(dir, r), "commit", "-q", "--allow-empty", "-m", "x")
			}
			pipe := filepath.Join(dir, filepath.FromSlash(tt.pipe))
			if err := os.Remove(pipe); err != nil {
				t.Fatal(err)
			}
			treetest.Mkfifo(t, pipe, 0o600)
			err = treetest.Returns(t, pipe, 5*time.Second, "the pack's git waited on the named pipe "+tt.pipe, func() error {
				_, err := Resolver{Dir: dir, Env: os.Environ()}.Resolve(context.Background(), "./presets/acme")
				return err
			})
			if want := "git's index " + pipe + ": not a regular file"; !errors.Is(err, generator.ErrNotRegular) || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want one saying %q", err, want)
			}
		})
	}
}

// git runs git with args in dir, as a user with a name and an email.
func git(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v in %s: %v\n%s", args, dir, err, out)
	}
}

// mustAppend appends text to the file p, making it when it does not exist.
func mustAppend(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
