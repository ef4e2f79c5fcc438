package retrofit

import (
	"context"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/update"
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

// TestDiscoverRecordOfANewerVersion: a record add cannot take (a key or a component this
// gonew-prod does not know) that a later gonew-prod wrote, or any release for a
// development build, is refused with that version to run, as update refuses it
// (update.NewerRecord), not with git's advice, which would take the record back past
// that version's add; a record of this version or older keeps git's advice.
func TestDiscoverRecordOfANewerVersion(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	const (
		unknownKey       = "generator: {name: gonew-prod, version: VERSION, channel: stable}\nanswers: {module: example.com/acme/orders}\nfiles: []\n"
		unknownComponent = "generator: {name: gonew-prod, version: VERSION}\nanswers: {module: example.com/acme/orders}\ncomponents: [fancy]\nfiles: []\n"
	)
	tests := []struct {
		name, record, version, running string
		want                           string // "" for git's advice
	}{
		{"a key, newer", unknownKey, "v9.0.0", "v0.1.0", "written by gonew-prod v9.0.0, newer than this gonew-prod v0.1.0, which cannot read all it records: run gonew-prod v9.0.0 or later (go install " + update.Module + "/cmd/gonew-prod@v9.0.0)"},
		{"a component, newer", unknownComponent, "v9.0.0", "v0.1.0", "written by gonew-prod v9.0.0, newer than this gonew-prod v0.1.0"},
		{"a key, a development build", unknownKey, "v9.0.0", "(devel)", "this gonew-prod is a development build, which may be older: run gonew-prod v9.0.0 or later"},
		{"a key, the same version", unknownKey, "v0.1.0", "v0.1.0", ""},
		{"a component, older", unknownComponent, "v0.1.0", "v0.2.0", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			env := append(os.Environ(), "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_GLOBAL="+os.DevNull,
				"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command("git", args...)
				cmd.Dir, cmd.Env = dir, env
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			writeTree(t, dir, map[string]string{
				"go.mod":             "module example.com/acme/orders\n\ngo 1.26\n",
				"main.go":            "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
				generator.RecordFile: "generator: {name: gonew-prod, version: v0.1.0}\nanswers: {module: example.com/acme/orders}\nfiles: []\n",
			})
			git("init", "-q")
			git("add", "-A")
			git("commit", "-qm", "add")
			writeTree(t, dir, map[string]string{generator.RecordFile: strings.Replace(tt.record, "VERSION", tt.version, 1)})
			git("commit", "-qam", "a later add")
			_, err := Discover(context.Background(), DiscoverOptions{Dir: dir, Env: env, Version: tt.running})
			if err == nil || !strings.Contains(err.Error(), "channel") && !strings.Contains(err.Error(), "fancy") {
				t.Fatalf("Discover: %v, want the record refused", err)
			}
			advice := strings.Contains(err.Error(), "restore it from an earlier commit")
			if tt.want == "" {
				if !advice {
					t.Errorf("Discover: %v, want git's advice", err)
				}
				return
			}
			if advice || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Discover: %v, want %q and no git advice", err, tt.want)
			}
		})
	}
}
