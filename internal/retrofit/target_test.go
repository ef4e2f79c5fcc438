package retrofit

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// writeTree writes files (content by slash-separated path) below root.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for rel, content := range files {
		p := filepath.Join(root, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestMainGone: a recorded main package is gone when its directory is, or when none of
// the directory's Go files (tests aside) is a package main declaring func main; a file
// that does not parse counts as one that does.
func TestMainGone(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  bool
	}{
		{"no directory", nil, true},
		{"other files only", map[string]string{"cmd/hand/README.md": "# hand\n", "cmd/hand/testdata/x.txt": "x\n"}, true},
		{"package main without func main", map[string]string{"cmd/hand/gonew_prod.go": "package main\n\nfunc serve() {}\n"}, true},
		{"a test's func main", map[string]string{"cmd/hand/main_test.go": "package main\n\nfunc main() {}\n"}, true},
		{"a library's func main", map[string]string{"cmd/hand/lib.go": "package hand\n\nfunc main() {}\n"}, true},
		{"a main package", map[string]string{"cmd/hand/main.go": "package main\n\nfunc main() {}\n"}, false},
		{"a method named main", map[string]string{"cmd/hand/main.go": "package main\n\ntype s struct{}\n\nfunc (s) main() {}\n"}, true},
		{"a file that does not parse", map[string]string{"cmd/hand/main.go": "package main\n\nfunc main( {\n"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			writeTree(t, root, tt.files)
			got, err := mainGone(root, "cmd/hand")
			if err != nil || got != tt.want {
				t.Errorf("mainGone = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

// TestFollowMoveRefusesAFileLeftBehind: when the main package's files moved (from a
// directory of its own, or from the module's root), the record's files and guarded
// blocks of the package, its Go files, follow it, and those of the module stay; when a
// file add wrote for it is still in the old directory, add refuses and says to move it,
// rather than write it again beside the package and leave the old one behind.
func TestFollowMoveRefusesAFileLeftBehind(t *testing.T) {
	tests := []struct {
		name    string
		was     string // the recorded main package
		now     string // where the main package is now
		left    bool   // gonew_prod.go is still where the package was
		wantErr string
	}{
		{"moved with the package", "./cmd/hand", "cmd/api", false, ""},
		{"left behind", "./cmd/hand", "cmd/api", true, "but cmd/hand/gonew_prod.go, which add wrote for it, is still in cmd/hand: move it with the package's files (git mv cmd/hand/gonew_prod.go cmd/api/)"},
		{"left behind, the command quoted", "./cmd/hand", "cmd/my api", true, "(git mv cmd/hand/gonew_prod.go 'cmd/my api/')"},
		{"moved from the module's root", ".", "cmd/api", false, ""},
		{"left behind in the module's root", ".", "cmd/api", true, "but gonew_prod.go, which add wrote for it, is still in .: move it with the package's files (git mv gonew_prod.go cmd/api/)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			was := path.Clean(tt.was)
			files := map[string]string{tt.now + "/main.go": "package main\n\nfunc main() {}\n", tt.now + "/gonew_prod.go": "package main\n"}
			if tt.left {
				files = map[string]string{tt.now + "/main.go": files[tt.now+"/main.go"], path.Join(was, "gonew_prod.go"): "package main\n"}
			}
			writeTree(t, root, files)
			rec := &generator.Record{
				Components: []string{"shutdown"},
				Vars:       map[string]string{"moduleDir": ".", "mainPackage": tt.was},
				Files:      []generator.RecordEntry{{Path: path.Join(was, "gonew_prod.go")}, {Path: "gonew-prod.mk"}, {Path: "internal/platform/health/health.go"}},
				Blocks:     []generator.RecordBlock{{Path: path.Join(was, "main.go"), ID: "wire"}, {Path: ".gitignore", ID: "bin"}},
			}
			tg := &Target{Record: rec, Module: &repo.Module{Dir: "."}, Main: &repo.Main{Package: &repo.Package{Dir: tt.now}}}
			err := tg.followMove(root)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("followMove: %v", err)
			case tt.wantErr == "":
				var got []string
				for _, f := range tg.Record.Files {
					got = append(got, f.Path)
				}
				for _, b := range tg.Record.Blocks {
					got = append(got, b.Path)
				}
				want := []string{tt.now + "/gonew_prod.go", "gonew-prod.mk", "internal/platform/health/health.go", tt.now + "/main.go", ".gitignore"}
				if tg.MovedFrom != was || !slices.Equal(got, want) || tg.Record.Vars["mainPackage"] != "./"+tt.now {
					t.Errorf("moved from %q, paths %v, main package %q; want the record moved to %s: %v", tg.MovedFrom, got, tg.Record.Vars["mainPackage"], tt.now, want)
				}
			case err == nil || !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("followMove: %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// TestChooseMainByPath: --main given as a directory names the main package whatever its
// spelling (relative to --dir, cleaned or not, with a trailing slash, absolute, or through
// a symbolic link to the repository); one outside --dir is refused with the add to run
// there, and one inside that is no main package with the list to choose from.
func TestChooseMainByPath(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "mono")
	main := "package main\n\nimport \"net/http\"\n\nfunc main() {\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
	writeTree(t, root, map[string]string{
		"go.mod":             "module example.com/mono\n\ngo 1.26.0\n",
		"cmd/api/main.go":    main,
		"cmd/worker/main.go": main,
	})
	writeTree(t, base, map[string]string{
		"other/.git/HEAD":         "ref: refs/heads/main\n",
		"other/go.mod":            "module example.com/other\n\ngo 1.26.0\n",
		"other/cmd/other/main.go": main,
	})
	if err := os.Symlink(root, filepath.Join(base, "link")); err != nil {
		t.Fatal(err)
	}
	r, err := repo.OpenDir(t.Context(), root, ".", root)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, sel string
		want      string   // the main package's directory, or "" for a refusal
		refusal   []string // what the refusal says
	}{
		{"relative", "./cmd/api", "cmd/api", nil},
		{"trailing slash", "./cmd/api/", "cmd/api", nil},
		{"uncleaned", "./cmd/../cmd/api", "cmd/api", nil},
		{"absolute", filepath.Join(root, "cmd", "api"), "cmd/api", nil},
		{"absolute uncleaned", root + "/cmd/worker/../api/", "cmd/api", nil},
		{"absolute through a link", filepath.Join(base, "link", "cmd", "worker"), "cmd/worker", nil},
		{"import path", "example.com/mono/cmd/worker", "cmd/worker", nil},
		{"last element", "worker", "cmd/worker", nil},
		{"absolute outside", filepath.Join(base, "other", "cmd", "other"),
			"", []string{"is outside --dir " + root, "gonew-prod add --dir " + filepath.Join(base, "other") + " --main ./cmd/other"}},
		{"relative outside", "../other/cmd/other",
			"", []string{"is outside --dir " + root, "gonew-prod add --dir " + filepath.Join(base, "other") + " --main ./cmd/other"}},
		{"absolute, no main there but one of its last element", filepath.Join(root, "api"),
			"", []string{"no main package there"}},
		{"absolute inside, no main", filepath.Join(root, "cmd"),
			"", []string{"no main package there", "./cmd/api (net/http), ./cmd/worker (net/http)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := chooseMain(r, root, tt.sel)
			if tt.want != "" {
				if err != nil || m.Dir() != tt.want {
					t.Fatalf("chooseMain(%q) = %v, %v; want %s", tt.sel, m, err, tt.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("chooseMain(%q) = %s; want a refusal", tt.sel, m.Dir())
			}
			for _, s := range tt.refusal {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("chooseMain(%q): %v\nwant it to say %q", tt.sel, err, s)
				}
			}
		})
	}
}
