package repo

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// TestOpenDirAbsoluteUse opens repositories on disk whose go.work uses a module by an
// absolute path (go work use /abs/repo/svc): the use is the repository's directory, so
// the module is a workspace member and the workspace's go line governs it, also when
// the path goes through a symbolic link or the repository is opened below a volume's
// root (as audit does). An absolute path outside the repository stays as written.
func TestOpenDirAbsoluteUse(t *testing.T) {
	tests := []struct {
		name    string
		use     func(root, other string) string
		link    bool // the use path goes through a link to the root
		above   bool // open as audit does: top is the volume's root, dir the repository
		wantUse string
		goLine  string
	}{
		{name: "absolute path of the module", use: func(root, _ string) string { return filepath.Join(root, "svc") }, wantUse: "svc", goLine: "go.work:1.26.0"},
		{name: "through a link to the repository", use: func(root, _ string) string { return filepath.Join(root+"-link", "svc") }, link: true, wantUse: "svc", goLine: "go.work:1.26.0"},
		{name: "opened below the volume's root", use: func(root, _ string) string { return filepath.Join(root, "svc") }, above: true, wantUse: "svc", goLine: "go.work:1.26.0"},
		{name: "with a trailing separator", use: func(root, _ string) string { return filepath.Join(root, "svc") + string(filepath.Separator) }, wantUse: "svc", goLine: "go.work:1.26.0"},
		{name: "a module outside the repository", use: func(_, other string) string { return other }, goLine: "svc/go.mod:1.22"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			root, other := filepath.Join(base, "repo"), filepath.Join(base, "other")
			if tt.link {
				if err := os.Symlink(root, root+"-link"); err != nil {
					t.Fatal(err)
				}
			}
			use := tt.use(root, other)
			files := map[string]string{
				"repo/svc/go.mod":  "module example.test/svc\n\ngo 1.22\n",
				"repo/svc/main.go": "package main\n\nfunc main() {}\n",
				"repo/go.work":     "go 1.26.0\n\nuse " + strconv.Quote(use) + "\n",
				"other/go.mod":     "module example.test/other\n\ngo 1.26.0\n",
			}
			for name, src := range files {
				p := filepath.Join(base, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			top, dir := root, "."
			if tt.above {
				top = filepath.VolumeName(root) + string(filepath.Separator)
				rel, err := filepath.Rel(top, root)
				if err != nil {
					t.Fatal(err)
				}
				dir = filepath.ToSlash(rel)
			}
			r, err := OpenDir(context.Background(), top, dir, "repo")
			if err != nil {
				t.Fatal(err)
			}
			if r.Work == nil {
				t.Fatal("no go.work read")
			}
			want := tt.wantUse
			if want == "" {
				want = use
			}
			if !slices.Equal(r.Work.Use, []string{want}) {
				t.Errorf("Use = %q, want [%q]", r.Work.Use, want)
			}
			m, n := r.Main("svc")
			if m == nil {
				t.Fatalf("Main(svc): none of %d", n)
			}
			if v, file, _ := r.GoVersion(m.Package.Module); file+":"+v != tt.goLine {
				t.Errorf("GoVersion = %s:%s, want %s", file, v, tt.goLine)
			}
		})
	}
}
