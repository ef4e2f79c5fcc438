package scratch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestCopy(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	for p, body := range map[string]string{"a.txt": "a", "d/b.go": "b", ".git/HEAD": "ref", "vendor/m/x.go": "x", "sub/vendor/y.go": "y", "sub/.git": "gitdir: ../.git/modules/sub", "other/.GIT/HEAD": "ref"} {
		full := filepath.Join(src, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o640); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(full, 0o640); err != nil { // whatever the umask
			t.Fatal(err)
		}
	}
	if err := os.Symlink("a.txt", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	if err := Copy(src, dst, func(rel string) bool { return rel == "vendor" }, nil); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]string{"a.txt": "a", "d/b.go": "b", "sub/vendor/y.go": "y"} {
		got, err := os.ReadFile(filepath.Join(dst, p))
		if err != nil || string(got) != want {
			t.Errorf("%s = %q, %v", p, got, err)
		}
	}
	for _, p := range []string{".git", "vendor", "sub/.git", "other/.GIT"} {
		if _, err := os.Lstat(filepath.Join(dst, p)); err == nil {
			t.Errorf("%s was copied", p)
		}
	}
	if link, err := os.Readlink(filepath.Join(dst, "link")); err != nil || link != "a.txt" {
		t.Errorf("link = %q, %v", link, err)
	}
	if info, err := os.Stat(filepath.Join(dst, "a.txt")); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, %v", info.Mode(), err)
	}
}

// A copy is never a way back into files outside it: links inside the tree stay links into
// the copy, a link to a file outside becomes a copy of that file, and WriteFile and Remove
// refuse every link on their way.
func TestCopyLinks(t *testing.T) {
	base := t.TempDir()
	src, outside, dst := filepath.Join(base, "src"), filepath.Join(base, "outside"), filepath.Join(base, "dst")
	for p, body := range map[string]string{"src/go.mod.real": "module m\n", "src/d/x.go": "package d\n", "outside/go.sum": "theirs\n", "outside/lib/y.go": "package lib\n"} {
		full := filepath.Join(base, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links := map[string]string{
		"go.mod":   "go.mod.real",                            // inside, relative
		"d/abs.go": filepath.Join(src, "d", "x.go"),          // inside, absolute
		"go.sum":   filepath.Join(outside, "go.sum"),         // outside file
		"rel.sum":  "../outside/go.sum",                      // outside file, relative
		"lib":      filepath.Join(outside, "lib"),            // outside directory
		"gone":     filepath.Join(outside, "does-not-exist"), // dangling
	}
	for p, to := range links {
		if err := os.Symlink(to, filepath.Join(src, p)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Copy(src, dst, nil, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path     string
		link     bool
		resolves string // where the link leads, or "" for a regular file
		content  string
	}{
		{"go.mod", true, filepath.Join(dst, "go.mod.real"), "module m\n"},
		{"d/abs.go", true, filepath.Join(dst, "d", "x.go"), "package d\n"},
		{"go.sum", false, "", "theirs\n"},
		{"rel.sum", false, "", "theirs\n"},
		{"lib/y.go", false, "", "package lib\n"}, // a copy: nothing done in it reaches outside
	}
	for _, tt := range tests {
		p := filepath.Join(dst, filepath.FromSlash(tt.path))
		info, err := os.Lstat(p)
		if err != nil {
			t.Errorf("%s: %v", tt.path, err)
			continue
		}
		if got := info.Mode()&os.ModeSymlink != 0; got != tt.link {
			t.Errorf("%s: link = %v, want %v", tt.path, got, tt.link)
		}
		if tt.resolves != "" {
			if real, err := filepath.EvalSymlinks(p); err != nil || real != tt.resolves {
				t.Errorf("%s leads to %q (%v), want %q", tt.path, real, err, tt.resolves)
			}
		}
		if tt.content != "" {
			if got, err := os.ReadFile(p); err != nil || string(got) != tt.content {
				t.Errorf("%s = %q, %v", tt.path, got, err)
			}
		}
	}
	if _, err := os.Lstat(filepath.Join(dst, "gone")); err == nil {
		t.Error("a dangling link was copied")
	}
	// Writes in the copy stay in the copy.
	if err := WriteFile(dst, "go.sum", []byte("ours\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "go.sum")); string(got) != "theirs\n" {
		t.Errorf("outside go.sum = %q after a write in the copy", got)
	}
	if err := WriteFile(dst, "go.mod", []byte("x"), 0o644); err == nil {
		t.Errorf("WriteFile go.mod through a link succeeded")
	}
	for _, rel := range []string{"lib/y.go", "lib/new.go"} {
		if err := WriteFile(dst, rel, []byte("x"), 0o644); err != nil {
			t.Errorf("WriteFile %s in the copy of a linked directory: %v", rel, err)
		}
	}
	if got, _ := os.ReadFile(filepath.Join(outside, "lib", "y.go")); string(got) != "package lib\n" {
		t.Errorf("outside lib/y.go = %q", got)
	}
	if _, err := os.Stat(filepath.Join(outside, "lib", "new.go")); err == nil {
		t.Error("a write in the copy created lib/new.go outside")
	}
	if err := WriteFile(dst, "new/dir/z.go", []byte("package dir\n"), 0o644); err != nil {
		t.Errorf("WriteFile of a new file: %v", err)
	}
	// Removals in the copy stay in the copy.
	if err := Remove(dst, "go.mod"); err == nil {
		t.Errorf("Remove go.mod through a link succeeded")
	}
	if err := Remove(dst, "lib/y.go"); err != nil {
		t.Errorf("Remove lib/y.go in the copy of a linked directory: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "lib", "y.go")); err != nil {
		t.Errorf("outside lib/y.go after a removal in the copy: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dst, "go.mod")); err != nil {
		t.Errorf("the link go.mod after a refused removal: %v", err)
	}
	if err := Remove(dst, "d/x.go"); err != nil {
		t.Errorf("Remove of a file of the copy: %v", err)
	}
	if _, err := os.Lstat(filepath.Join(dst, "d", "x.go")); err == nil {
		t.Error("d/x.go is still in the copy after Remove")
	}
}

// A project reached through a symbolic link to its root (cd into a link, or --dir
// naming one) is copied as the directory the link leads to, with its links inside the
// project still leading inside the copy.
func TestCopyLinkedRoot(t *testing.T) {
	base := t.TempDir()
	real, link, dst := filepath.Join(base, "real"), filepath.Join(base, "link"), t.TempDir()
	for p, body := range map[string]string{"go.mod": "module m\n", "d/x.go": "package d\n"} {
		full := filepath.Join(real, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(real, "d", "x.go"), filepath.Join(real, "abs.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, link); err != nil {
		t.Fatal(err)
	}
	if err := Copy(link, dst, nil, nil); err != nil {
		t.Fatalf("Copy through a linked root: %v", err)
	}
	for p, want := range map[string]string{"go.mod": "module m\n", "d/x.go": "package d\n", "abs.go": "package d\n"} {
		if got, err := os.ReadFile(filepath.Join(dst, p)); err != nil || string(got) != want {
			t.Errorf("%s = %q, %v", p, got, err)
		}
	}
	if got, err := filepath.EvalSymlinks(filepath.Join(dst, "abs.go")); err != nil || got != filepath.Join(dst, "d", "x.go") {
		t.Errorf("abs.go leads to %q (%v), want the copy's d/x.go", got, err)
	}
}

// TestOutOfRoom tells a copy that ran out of room (or quota), which more room fixes,
// from any other failure.
func TestOutOfRoom(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&os.PathError{Op: "write", Path: "/tmp/x", Err: syscall.ENOSPC}, true},
		{fmt.Errorf("copy: %w", &os.PathError{Op: "write", Path: "/tmp/x", Err: syscall.EDQUOT}), true},
		{&os.PathError{Op: "open", Path: "/repo/key", Err: syscall.EACCES}, false},
		{errors.New("something else"), false},
	}
	for _, tt := range tests {
		if got := OutOfRoom(tt.err); got != tt.want {
			t.Errorf("OutOfRoom(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestEnv: the environment of commands in a copy names no repository and stops git's
// search for one at the copy, whatever the user's environment held.
func TestEnv(t *testing.T) {
	tests := []struct {
		name, dir string
		env       []string
		want      []string
	}{
		{"a hook's repository", "/w/.p.gonew-prod-verify-1", []string{"HOME=/h", "GIT_DIR=/r/.git", "GIT_WORK_TREE=/r", "GIT_INDEX_FILE=/r/.git/index", "GIT_AUTHOR_NAME=a"},
			[]string{"HOME=/h", "GIT_AUTHOR_NAME=a", "GIT_CEILING_DIRECTORIES=/w"}},
		{"the user's ceiling", "/w/x/copy", []string{"GIT_CEILING_DIRECTORIES=/other", "PATH=/bin"},
			[]string{"PATH=/bin", "GIT_CEILING_DIRECTORIES=/w/x"}},
		{"a colon in the path", "/w/a:b/c/copy", []string{"GIT_COMMON_DIR=/r/.git"},
			[]string{"GIT_CEILING_DIRECTORIES=/w"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Env(tt.env, tt.dir); !slices.Equal(got, tt.want) {
				t.Errorf("Env = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestCopyLeavesOut: links that lead nowhere (a loop) and a linked directory that holds
// the project are left out; a file that cannot be read is left out when git ignores it
// (ignored says so), and otherwise fails the copy, naming it.
func TestCopyLeavesOut(t *testing.T) {
	base := t.TempDir()
	src := filepath.Join(base, "src")
	for p, body := range map[string]string{"go.mod": "module m\n", ".cache/secret": "s\n", "conf/key": "k\n"} {
		full := filepath.Join(src, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for p, to := range map[string]string{".cache/a": "b", ".cache/b": "a", "up": base} {
		if err := os.Symlink(to, filepath.Join(src, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	unreadableFile := map[string]bool{filepath.Join(src, ".cache", "secret"): true, filepath.Join(src, "conf", "key"): true}
	openFile = func(name string) (*os.File, error) {
		if unreadableFile[name] {
			return nil, &fs.PathError{Op: "open", Path: name, Err: syscall.EACCES}
		}
		return os.Open(name)
	}
	t.Cleanup(func() { openFile = os.Open })
	tests := []struct {
		name    string
		ignored []string
		wantErr string
	}{
		{"all ignored", []string{".cache/secret", "conf/key"}, ""},
		{"one not ignored", []string{".cache/secret"}, "copy conf/key (git does not ignore it)"},
		{"git cannot tell", nil, "copy .cache/secret (git does not ignore it)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dst := t.TempDir()
			var asked []string
			err := Copy(src, dst, nil, func(rels []string) ([]string, error) {
				asked = rels
				if tt.ignored == nil {
					return nil, errors.New("not a git repository")
				}
				return tt.ignored, nil
			})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Copy: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Copy: %v, want an error containing %q", err, tt.wantErr)
			}
			if want := []string{".cache/secret", "conf/key"}; !slices.Equal(asked, want) {
				t.Errorf("git was asked of %v, want %v", asked, want)
			}
			if tt.wantErr != "" {
				return
			}
			for _, p := range []string{".cache/a", ".cache/b", "up", ".cache/secret", "conf/key"} {
				if _, err := os.Lstat(filepath.Join(dst, filepath.FromSlash(p))); err == nil {
					t.Errorf("%s was copied", p)
				}
			}
			if _, err := os.Stat(filepath.Join(dst, "go.mod")); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCopyOutsideLinks: a link of the project to a directory outside it that git ignores
// (sysroot -> /usr) is left out of the copy; one git does not ignore is copied, unless
// what it brings (the links in it included) passes the cap, which fails the copy naming
// the link.
func TestCopyOutsideLinks(t *testing.T) {
	base := t.TempDir()
	src := filepath.Join(base, "src")
	for p, body := range map[string]string{"src/go.mod": "module m\n", "big/a": "1\n", "big/b": "2\n", "big/sub/c": "3\n", "small/x.go": "package x\n", "other/y": "y\n"} {
		full := filepath.Join(base, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// small/more leads on to another directory outside: what it brings counts too.
	if err := os.Symlink(filepath.Join(base, "other"), filepath.Join(base, "small", "more")); err != nil {
		t.Fatal(err)
	}
	for p, to := range map[string]string{"sysroot": filepath.Join(base, "big"), "lib": filepath.Join(base, "small")} {
		if err := os.Symlink(to, filepath.Join(src, p)); err != nil {
			t.Fatal(err)
		}
	}
	defer func(entries int, bytes int64) { outsideEntries, outsideBytes = entries, bytes }(outsideEntries, outsideBytes)
	tests := []struct {
		name    string
		ignored []string
		entries int
		bytes   int64
		wantErr string
		copied  []string // paths of the copy that must be there
		leftOut []string // paths of the copy that must not
	}{
		{name: "ignored link left out", ignored: []string{"sysroot"}, entries: 100, bytes: 1 << 20,
			copied: []string{"go.mod", "lib/x.go", "lib/more/y"}, leftOut: []string{"sysroot"}},
		{name: "both copied within the cap", entries: 100, bytes: 12,
			copied: []string{"go.mod", "lib/x.go", "lib/more/y", "sysroot/a", "sysroot/sub/c"}},
		{name: "too many entries", entries: 3, bytes: 1 << 20,
			wantErr: "copy sysroot: the link leads to " + filepath.Join(base, "big") + ", a directory outside the project holding more than 3 entries"},
		{name: "too many bytes, through a link in it", ignored: []string{"sysroot"}, entries: 100, bytes: 11,
			wantErr: "copy lib: the link leads to " + filepath.Join(base, "small")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outsideEntries, outsideBytes = tt.entries, tt.bytes
			dst := t.TempDir()
			err := Copy(src, dst, nil, func(rels []string) ([]string, error) {
				if want := []string{"lib", "sysroot"}; !slices.Equal(slices.Sorted(slices.Values(rels)), want) {
					t.Errorf("git was asked of %v, want %v", rels, want)
				}
				return tt.ignored, nil
			})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Copy: %v", err)
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Copy: %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			for _, p := range tt.copied {
				if info, err := os.Lstat(filepath.Join(dst, filepath.FromSlash(p))); err != nil {
					t.Errorf("%s: %v", p, err)
				} else if info.Mode()&fs.ModeSymlink != 0 {
					t.Errorf("%s is a link, want a copy", p)
				}
			}
			for _, p := range tt.leftOut {
				if _, err := os.Lstat(filepath.Join(dst, filepath.FromSlash(p))); err == nil {
					t.Errorf("%s was copied", p)
				}
			}
		})
	}
}

// TestCopyLeavesOutItself: a copy made below the directory it copies (TMPDIR inside the
// project) leaves itself out, and so does it leave out another run's copy (a directory
// holding the InUse mark) there; the project's own files are all copied.
func TestCopyLeavesOutItself(t *testing.T) {
	tests := []struct {
		name  string
		dst   string // below src
		other string // a marked directory of another run below src, or ""
	}{
		{"in a temporary directory of the project", ".tmp/gonew-prod-add-1", ""},
		{"right in the project", "gonew-prod-add-1", ""},
		{"beside another run's copy", ".tmp/gonew-prod-add-2", ".tmp/gonew-prod-add-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			files := map[string]string{"go.mod": "module m\n", "main.go": "package main\n", ".tmp/notes": "n\n"}
			if tt.other != "" {
				files[tt.other+"/"+InUse] = ""
				files[tt.other+"/go.mod"] = "module m\n"
			}
			for p, body := range files {
				full := filepath.Join(src, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			dst := filepath.Join(src, filepath.FromSlash(tt.dst))
			if err := os.MkdirAll(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := Copy(src, dst, nil, nil); err != nil {
				t.Fatalf("Copy: %v", err)
			}
			var got []string
			err := filepath.WalkDir(dst, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dst, p)
					got = append(got, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{".tmp/notes", "go.mod", "main.go"}; !slices.Equal(got, want) {
				t.Errorf("the copy holds %v, want %v", got, want)
			}
		})
	}
}
