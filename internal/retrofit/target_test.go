package retrofit

import (
	"os"
	"path/filepath"
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

// TestFollowMoveRefusesAFileLeftBehind: when the main package's files moved but a file
// add wrote for it is still in the old directory, add refuses and says to move it,
// rather than write it again beside the package and leave the old one behind.
func TestFollowMoveRefusesAFileLeftBehind(t *testing.T) {
	tests := []struct {
		name    string
		now     string // where the main package is now
		left    bool   // gonew_prod.go is still in cmd/hand
		wantErr string
	}{
		{"moved with the package", "cmd/api", false, ""},
		{"left behind", "cmd/api", true, "but cmd/hand/gonew_prod.go, which add wrote for it, is still in cmd/hand: move it with the package's files (git mv cmd/hand/gonew_prod.go cmd/api/)"},
		{"left behind, the command quoted", "cmd/my api", true, "(git mv cmd/hand/gonew_prod.go 'cmd/my api/')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{tt.now + "/main.go": "package main\n\nfunc main() {}\n", tt.now + "/gonew_prod.go": "package main\n"}
			if tt.left {
				files = map[string]string{tt.now + "/main.go": files[tt.now+"/main.go"], "cmd/hand/gonew_prod.go": "package main\n"}
			}
			writeTree(t, root, files)
			rec := &generator.Record{
				Components: []string{"shutdown"},
				Vars:       map[string]string{"moduleDir": ".", "mainPackage": "./cmd/hand"},
				Files:      []generator.RecordEntry{{Path: "cmd/hand/gonew_prod.go"}},
			}
			tg := &Target{Record: rec, Module: &repo.Module{Dir: "."}, Main: &repo.Main{Package: &repo.Package{Dir: tt.now}}}
			err := tg.followMove(root)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("followMove: %v", err)
			case tt.wantErr == "":
				if tg.MovedFrom != "cmd/hand" || tg.Record.Files[0].Path != "cmd/api/gonew_prod.go" {
					t.Errorf("moved from %q, files %v; want the record moved to cmd/api", tg.MovedFrom, tg.Record.Files)
				}
			case err == nil || !strings.Contains(err.Error(), tt.wantErr):
				t.Errorf("followMove: %v, want %q", err, tt.wantErr)
			}
		})
	}
}
