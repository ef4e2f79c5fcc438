package generator

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

func TestCheckPath(t *testing.T) {
	for _, ok := range []string{"Makefile", "a/b/c.go", ".github/workflows/ci.yml", ".gitignore", ".gitattributes", "x.git", "git/config", "docs/.gitkeep", "naïve/ünïcode.md", RecordFile, strings.Repeat("a", MaxName), "docs/" + strings.Repeat("ü", MaxName/2)} {
		if err := CheckPath(ok); err != nil {
			t.Errorf("CheckPath(%q) = %v, want nil", ok, err)
		}
	}
	for _, tt := range []struct{ path, want string }{
		{".git", "inside git's repository"},
		{".git/config", "inside git's repository"},
		{".GIT/hooks/pre-commit", "inside git's repository"},
		{".Git/config", "inside git's repository"},
		{"sub/.git/config", "inside git's repository"},
		{"sub/.git", "inside git's repository"},
		{".git./config", "inside git's repository"},
		{".git /config", "inside git's repository"},
		{"GIT~1/config", "inside git's repository"},
		{".g\u200cit/config", "inside git's repository"},
		{"\ufeff.git/config", "inside git's repository"},
		{".gonew-prod-stage-1/saved/x", "staging directories"},
		{"sub/.GONEW-PROD-STAGE-x", "staging directories"},
		{"notes\nidentical 0644 Dockerfile", "control character U+000A"},
		{"a\tb", "control character U+0009"},
		{"a\x7fb", "control character U+007F"},
		{"a\u0085b", "control character U+0085"},
		{"a\u202eb", "control character U+202E"},
		{"a\u2028b", "control character U+2028"},
		{"a\xffb", "not valid UTF-8"},
		{"../x", "not a clean relative path"},
		{"a\\b", "not a clean relative path"},
		{".", "not a clean relative path"},
		{strings.Repeat("a", MaxName+1), "has a name of 256 bytes, longer than the 255 bytes"},
		{"docs/" + strings.Repeat("ü", MaxName/2+1) + "/x.md", "has a name of 256 bytes"},
	} {
		if err := CheckPath(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CheckPath(%q) = %v, want %q", tt.path, err, tt.want)
		}
	}
}

// TestRenderRefusesUnsafeOverlayPaths checks that a pack's overlay, untrusted input,
// cannot render into git's repository, gonew-prod's own names, a name that prints as
// something else, or paths that clash in letter case or as file and directory.
func TestRenderRefusesUnsafeOverlayPaths(t *testing.T) {
	base := treeWith("files:\n  - path: Makefile\n  - path: cmd/{{.Name}}/main.go\n    template: main.go.tmpl\n", map[string]string{
		"Makefile.tmpl": "all:\n",
		"main.go.tmpl":  "package main\n",
	})
	for _, tt := range []struct {
		name    string
		overlay map[string]string
		want    string
	}{
		{"git config", map[string]string{".git/config.tmpl": "[core]\n"}, "render .git/config.tmpl: output path .git/config is inside git's repository"},
		{"git file", map[string]string{".git.tmpl": "gitdir: /elsewhere/.git\n"}, "output path .git is inside git's repository"},
		{"git in upper case", map[string]string{".GIT/config.tmpl": "x"}, "inside git's repository"},
		{"nested git", map[string]string{"sub/.git/hooks/pre-commit.tmpl": "x"}, "inside git's repository"},
		{"git by a rendered path", map[string]string{"{{print \".gi\" \"t\"}}/config.tmpl": "x"}, "output path .git/config is inside git's repository"},
		{"staging directory", map[string]string{".gonew-prod-stage-1/saved/cmd/orders/main.go.tmpl": "package main\n"}, "staging directories"},
		{"copy of theirs", map[string]string{"Makefile.gonew-prod-theirs.tmpl": "x"}, "reserved for gonew-prod's own files"},
		{"record in another case", map[string]string{".GONEW-PROD.yaml.tmpl": "x"}, "reserved for the project's record"},
		{"newline", map[string]string{"notes\nidentical 0644 Dockerfile.tmpl": "x"}, "control character U+000A"},
		{"invalid utf-8", map[string]string{"a\xff.tmpl": "x"}, "not valid UTF-8"},
		{"case clash with a built-in", map[string]string{"makefile.tmpl": "x"}, "output path makefile differs only in letter case from Makefile, rendered from project/Makefile.tmpl: a case-insensitive file system (macOS, Windows) holds one file for both; make reads makefile in place of Makefile, so leave the built-in Makefile out (remove: [Makefile]) to ship the pack's own, or name the pack's GNUmakefile"},
		{"case clash with a built-in makefile by a rendered path", map[string]string{"{{lower \"MAKEFILE\"}}.tmpl": "x"}, "render {{lower \"MAKEFILE\"}}.tmpl: output path makefile differs only in letter case from Makefile, rendered from project/Makefile.tmpl: a case-insensitive file system (macOS, Windows) holds one file for both; make reads makefile in place of Makefile, so leave the built-in Makefile out (remove: [Makefile]) to ship the pack's own, or name the pack's GNUmakefile"},
		{"case clash in a rendered path", map[string]string{"CMD/{{.Name}}/main.go.tmpl": "package main\n"}, "differs only in letter case from cmd/orders/main.go"},
		{"directory case clash with a built-in", map[string]string{"CMD/notes.txt.tmpl": "x"}, "render CMD/notes.txt.tmpl: output path CMD/notes.txt is in the directory CMD, which differs only in letter case from the directory cmd of cmd/orders/main.go, rendered from project/main.go.tmpl"},
		{"directory case clash in a rendered path", map[string]string{"cmd/{{upper .Name}}/notes.txt.tmpl": "x"}, "output path cmd/ORDERS/notes.txt is in the directory cmd/ORDERS, which differs only in letter case from the directory cmd/orders of cmd/orders/main.go"},
		{"directory case clash within the overlay", map[string]string{"Docs/a.md.tmpl": "x", "docs/b.md.tmpl": "x"}, "output path docs/b.md is in the directory docs, which differs only in letter case from the directory Docs of Docs/a.md, rendered from Docs/a.md.tmpl"},
		{"file and directory", map[string]string{"Makefile/x.tmpl": "x"}, "render project/Makefile.tmpl: output path Makefile is a file, but Makefile/x, rendered from Makefile/x.tmpl, needs a directory there"},
		{"file and directory in another case", map[string]string{"makefile/x.tmpl": "x"}, "output path Makefile is a file, but makefile/x"},
		{"file and directory within the overlay", map[string]string{"docs.tmpl": "x", "docs/a.md.tmpl": "x"}, "output path docs is a file, but docs/a.md"},
		{"name too long by a rendered path", map[string]string{`{{repeat 300 "a"}}.txt.tmpl`: "x"}, `render {{repeat 300 "a"}}.txt.tmpl: output path ` + strings.Repeat("a", 300) + ".txt has a name of 304 bytes"},
		{"directory name too long by a rendered path", map[string]string{`docs/{{.Name}}{{repeat 250 "b"}}/x.md.tmpl`: "x"}, "output path docs/orders" + strings.Repeat("b", 250) + "/x.md has a name of 256 bytes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			overlay := fstest.MapFS{}
			for n, body := range tt.overlay {
				overlay[n] = &fstest.MapFile{Data: []byte(body)}
			}
			p := testProject(base, nil)
			p.Preset = Preset{Overlay: overlay}
			files, err := Render(context.Background(), p)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q (files %v)", err, tt.want, files)
			}
		})
	}
	// Replacing a built-in template keeps its path: no clash.
	p := testProject(base, nil)
	p.Preset = Preset{Overlay: fstest.MapFS{"Makefile.tmpl": {Data: []byte("all: pack\n")}}}
	if _, err := Render(context.Background(), p); err != nil {
		t.Errorf("an overlay replacing Makefile: %v", err)
	}
}

// TestPlanAndWriteRefuseUnsafePaths checks the last line of defence: whatever produced
// the files, neither a plan nor a write ever reaches into .git or a staging directory.
func TestPlanAndWriteRefuseUnsafePaths(t *testing.T) {
	for _, rel := range []string{".git/config", ".GIT/config", "sub/.git/hooks/post-checkout", ".git", ".gonew-prod-stage-1/saved/x", "a\nb"} {
		t.Run(rel, func(t *testing.T) {
			if _, err := Plan(nil, nil, []File{{Path: "ok.txt"}, {Path: rel, Content: []byte("x"), Mode: 0o644}}); err == nil {
				t.Errorf("Plan accepted %q", rel)
			}
			parent := t.TempDir()
			dir := filepath.Join(parent, "svc")
			changes := []Change{{Path: "ok.txt", Content: []byte("ok"), Mode: 0o644}, {Path: rel, Content: []byte("x"), Mode: 0o644}}
			if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err == nil {
				t.Errorf("Write into a new tree accepted %q", rel)
			}
			if _, err := os.Lstat(dir); !os.IsNotExist(err) {
				t.Errorf("a refused write into a new tree left %s (%v)", dir, err)
			}
			mustWriteFile(t, filepath.Join(dir, ".git", "config"), "[core]\n", 0o644)
			before := treetest.Describe(t, parent)
			if _, err := Write(context.Background(), dir, changes, WriteOptions{}); err == nil {
				t.Errorf("Write into an existing tree accepted %q", rel)
			}
			if after := treetest.Describe(t, parent); !maps.Equal(before, after) {
				t.Errorf("a refused write changed the tree:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}
