package retrofit

import (
	"cmp"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestChooseCIIrregularGitLab checks that the CI provider add ci detects is not GitHub's
// when .gitlab-ci.yml at the root is there but is no regular file (a named pipe, a
// directory, a symbolic link), which discovery does not read and git does not track: the
// ci component is refused, naming the file and what it is, and --ci says which instead.
// A regular .gitlab-ci.yml is GitLab's, and none at all GitHub's.
func TestChooseCIIrregularGitLab(t *testing.T) {
	for _, tc := range []struct {
		name   string
		make   func(t *testing.T, p string)
		given  string
		want   string // the refusal's text; "" for none
		wantCI string
	}{
		{"named pipe", func(t *testing.T, p string) { treetest.Mkfifo(t, p, 0o600) }, "", ".gitlab-ci.yml is a named pipe, not a regular file", ""},
		{"directory", func(t *testing.T, p string) {
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		}, "", ".gitlab-ci.yml is a directory, not a regular file", ""},
		{"symbolic link", func(t *testing.T, p string) {
			writeTree(t, filepath.Dir(p), map[string]string{"ci/gitlab.yml": "test:\n  script: [go test ./...]\n"})
			if err := os.Symlink("ci/gitlab.yml", p); err != nil {
				t.Fatal(err)
			}
		}, "", ".gitlab-ci.yml is a symbolic link, not a regular file", ""},
		{"named pipe, --ci github", func(t *testing.T, p string) { treetest.Mkfifo(t, p, 0o600) }, "github", "", "github"},
		{"regular file", func(t *testing.T, p string) {
			writeTree(t, filepath.Dir(p), map[string]string{".gitlab-ci.yml": "test:\n  script: [go test ./...]\n"})
		}, "", "", "gitlab"},
		{"none", func(*testing.T, string) {}, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"go.mod":  "module example.test/svc\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
			})
			tc.make(t, filepath.Join(dir, ".gitlab-ci.yml"))
			r, err := repo.OpenDir(t.Context(), dir, ".", "svc")
			if err != nil {
				t.Fatal(err)
			}
			target := &Target{Dir: dir, Repo: r, Module: r.Modules[0]}
			p := newTestPlanner(target, nil)
			p.opts.CI = tc.given
			p.plan.Components = []string{"ci"}
			err = p.chooseCI()
			if tc.want == "" {
				if err != nil || target.Answers.CI != tc.wantCI {
					t.Errorf("chooseCI: CI %q, err %v; want %q and no error", target.Answers.CI, err, tc.wantCI)
				}
				return
			}
			var refusal *Refusal
			if !errors.As(err, &refusal) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--ci github or --ci gitlab") {
				t.Errorf("chooseCI: err %v (CI %q); want a refusal saying %q and naming --ci", err, target.Answers.CI, tc.want)
			}
		})
	}
}

// TestModVerify: for a module a go.work of the checkout uses, the CI job of a plan with ci
// runs go mod verify outside the workspace (modVerify "alone": GOWORK=off), as in
// workspace mode the go command looks up the version a go.mod requires of a module of the
// workspace (golang/go#57735); where go.mod alone gives no module graph the go command can
// load (it requires a module the workspace provides, does not replace it, and go.sum has
// no checksum of that version) the job has no verify step ("none") and a note names the
// requirement. Outside a workspace, for a vendored module (the job sets GOWORK off), and
// for a plan without ci, modVerify is not set: the step stays as it is.
func TestModVerify(t *testing.T) {
	const main = "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n"
	const work = "go 1.26.0\n\nuse (\n\t.\n\t./lib\n)\n"
	const lib = "module example.com/lib\n\ngo 1.26.0\n"
	const work3 = "go 1.26.0\n\nuse (\n\t.\n\t./lib\n\t./lib2\n)\n"
	const libNeeds2 = "module example.com/lib\n\n" // its go line and requirement follow
	const lib2 = "module example.com/lib2\n\ngo 1.26.0\n"
	const withoutCI = "a plan without ci" // the case whose plan has other components only
	tests := []struct {
		name  string
		files map[string]string
		want  string // modVerify
		note  string // in a note, "" for none
	}{
		{"no go.work", map[string]string{"main.go": main}, "", ""},
		{"a go.work that does not use the module", map[string]string{"main.go": main, "go.work": "go 1.26.0\n\nuse ./lib\n", "lib/go.mod": lib}, "", ""},
		{"requires no module of the workspace", map[string]string{"main.go": main, "go.work": work, "lib/go.mod": lib}, "alone", ""},
		{"requires a module of the workspace it replaces itself", map[string]string{"main.go": main, "go.work": work, "lib/go.mod": lib,
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n"}, "alone", ""},
		{"requires a published version of a module of the workspace", map[string]string{"main.go": main, "go.work": work, "lib/go.mod": lib,
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v1.2.0\n",
			"go.sum": "example.com/lib v1.2.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nexample.com/lib v1.2.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"}, "alone", ""},
		{"requires a module of the workspace that only the workspace provides", map[string]string{"main.go": main, "go.work": work, "lib/go.mod": lib,
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n"}, "none",
			"go.mod requires example.com/lib v0.0.0, which the workspace go.work provides (./lib), which go.mod does not replace and go.sum has no checksum of: the CI job has no go mod verify step"},
		{"requires a version go.work replaces", map[string]string{"main.go": main, "go.work": work + "\nreplace example.com/priv v0.1.0 => ./priv\n", "lib/go.mod": lib,
			"priv/go.mod": "module example.com/priv\n\ngo 1.26.0\n",
			"go.mod":      "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/priv v0.1.0\n"}, "none",
			"go.mod requires example.com/priv v0.1.0, which the workspace go.work provides (./priv), which go.mod does not replace and go.sum has no checksum of"},
		// A module go.mod replaces with a directory requires a version only the workspace
		// provides: go mod verify outside the workspace reads its go.mod (and fails) unless
		// the graph is pruned, both go lines 1.17 or above (go 1.26.8, GOPROXY=off: "module
		// lookup disabled" in the three first, "all modules verified" in the last).
		{"a replaced module requires one only the workspace provides, go 1.16", map[string]string{"main.go": main, "go.work": work3,
			"lib/go.mod": libNeeds2 + "go 1.26.0\n\nrequire example.com/lib2 v0.0.0\n", "lib2/go.mod": lib2,
			"go.mod": "module example.com/x\n\ngo 1.16\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n"}, "none",
			"lib/go.mod (of example.com/lib, which go.mod replaces with a directory) requires example.com/lib2 v0.0.0, which the workspace go.work provides (./lib2), which go.mod does not replace and go.sum has no checksum of"},
		{"a replaced module of go 1.16 requires one only the workspace provides", map[string]string{"main.go": main, "go.work": work3,
			"lib/go.mod": libNeeds2 + "go 1.16\n\nrequire example.com/lib2 v0.0.0\n", "lib2/go.mod": lib2,
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n"}, "none",
			"lib/go.mod (of example.com/lib, which go.mod replaces with a directory) requires example.com/lib2 v0.0.0"},
		{"a replaced module requires one only the workspace provides, pruned", map[string]string{"main.go": main, "go.work": work3,
			"lib/go.mod": libNeeds2 + "go 1.26.0\n\nrequire example.com/lib2 v0.0.0\n", "lib2/go.mod": lib2,
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n"}, "alone", ""},
		{"a vendored module", map[string]string{"main.go": main, "go.work": work, "lib/go.mod": lib, "vendor/modules.txt": "",
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n"}, "", ""},
		{withoutCI, map[string]string{"main.go": main, "go.work": work, "lib/go.mod": lib,
			"go.mod": "module example.com/x\n\ngo 1.26.0\n\nrequire example.com/lib v0.0.0\n"}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			target.Answers.Go = target.Module.Go
			p := newTestPlanner(target, nil)
			if tt.name != withoutCI {
				p.plan.Components = []string{"ci"}
			}
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if got := p.vars["modVerify"]; got != tt.want {
				t.Errorf("modVerify = %q, want %q", got, tt.want)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			if tt.note == "" && strings.Contains(notes, "go mod verify") || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q, want one with %q", notes, tt.note)
			}
		})
	}
}

// TestModVerifyRendered: the job of either CI runs go mod verify with GOWORK off for
// modVerify "alone", has no such step for "none" (a comment says why), and runs it as it
// always did without modVerify (records of earlier versions).
func TestModVerifyRendered(t *testing.T) {
	jobs := map[string]string{"github": ".github/workflows/gonew-prod.yml", "gitlab": ".gitlab/gonew-prod.yml"}
	tests := []struct {
		ci, verify string
		want       []string // in the job file
		not        []string
	}{
		{"github", "", []string{"run: go mod verify\n      - name: go vet"}, []string{"GOWORK"}},
		{"github", "alone", []string{"        run: GOWORK=off go mod verify\n"}, nil},
		{"github", "none", []string{"golang/go#57735"}, []string{"go mod verify", "GOWORK"}},
		{"gitlab", "", []string{"    - go mod verify\n"}, []string{"GOWORK"}},
		{"gitlab", "alone", []string{"    - GOWORK=off go mod verify\n"}, nil},
		{"gitlab", "none", []string{"golang/go#57735"}, []string{"go mod verify", "GOWORK"}},
	}
	for _, tt := range tests {
		t.Run(tt.ci+"/"+cmp.Or(tt.verify, "unset"), func(t *testing.T) {
			vars := map[string]string{"mainPackage": ".", "moduleDir": "services/api", "dockerfile": "Dockerfile", "aliases": "",
				"goImage": "1.26", "cgo": "false", "cgoReason": "", "cgoAlternative": "", "vendored": "false", "ciStage": "test"}
			if tt.verify != "" {
				vars["modVerify"] = tt.verify
			}
			files, err := render(t.Context(), generator.Answers{Module: "example.com/api", Name: "api", Framework: "nethttp", Go: "1.26.0", CI: tt.ci, Features: []string{"ci"}, HTTPPort: 8080, AdminPort: 6060}, vars)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == "repo/"+jobs[tt.ci] })
			if i < 0 {
				t.Fatalf("no %s rendered", jobs[tt.ci])
			}
			got := string(files[i].Content)
			for _, s := range tt.want {
				if !strings.Contains(got, s) {
					t.Errorf("%s lacks %q:\n%s", jobs[tt.ci], s, got)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(got, s) {
					t.Errorf("%s has %q:\n%s", jobs[tt.ci], s, got)
				}
			}
		})
	}
}

// TestCIBuildCommand: the job of either CI builds with make prod-build where the makefile
// component's block stays, or where makeBuild says another record's makefile has
// prod-build, and with go build otherwise (render gives the templates ciBuild).
func TestCIBuildCommand(t *testing.T) {
	jobs := map[string]string{"github": "repo/.github/workflows/gonew-prod.yml", "gitlab": "repo/.gitlab/gonew-prod.yml"}
	tests := []struct {
		name       string
		components []string
		vars       map[string]string
		make       bool
	}{
		{"ci alone", []string{"ci"}, nil, false},
		{"with makefile", []string{"makefile", "ci"}, nil, true},
		{"makefile block removed", []string{"makefile", "ci"}, map[string]string{"makefileBlock": "removed"}, false},
		{"makefile of another record", []string{"ci"}, map[string]string{"makeBuild": "true"}, true},
		{"both", []string{"makefile", "ci"}, map[string]string{"makefileBlock": "removed", "makeBuild": "true"}, true},
	}
	for _, ci := range []string{"github", "gitlab"} {
		for _, tt := range tests {
			t.Run(ci+"/"+tt.name, func(t *testing.T) {
				vars := map[string]string{"mainPackage": ".", "moduleDir": ".", "dockerfile": "Dockerfile", "aliases": "",
					"goImage": "1.26", "cgo": "false", "cgoReason": "", "cgoAlternative": "", "vendored": "false", "ciStage": "test"}
				maps.Copy(vars, tt.vars)
				files, err := render(t.Context(), generator.Answers{Module: "example.com/api", Name: "api", Framework: "nethttp", Go: "1.26.0",
					CI: ci, Features: tt.components, HTTPPort: 8080, AdminPort: 6060}, vars)
				if err != nil {
					t.Fatal(err)
				}
				i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == jobs[ci] })
				if i < 0 {
					t.Fatalf("no %s rendered", jobs[ci])
				}
				got := string(files[i].Content)
				if makes := strings.Contains(got, "make prod-build"); makes != tt.make || strings.Contains(got, "go build -trimpath") == tt.make {
					t.Errorf("%s builds with make prod-build: %t, want %t:\n%s", jobs[ci], makes, tt.make, got)
				}
				if _, ok := vars["ciBuild"]; ok {
					t.Errorf("render set ciBuild in the caller's vars, which add records")
				}
			})
		}
	}
}

// TestIncludeAdvice: the advice for an include: of the user's names the job file in the
// include's own style, so that the text, written where it says, is valid YAML that
// includes the job file: an item in a block list, an item in a flow list (a block item
// there is no YAML), a list in place of one file.
func TestIncludeAdvice(t *testing.T) {
	tests := []struct {
		name, include string
		want          string                      // in the advice
		follow        func(advised string) string // the include as the advice leaves it
	}{
		{"a block list", "include:\n  - a.yml\n", "add `- local: .gitlab/gonew-prod.yml` to it",
			func(s string) string { return "include:\n  - a.yml\n  " + s + "\n" }},
		{"a flow list", "include: [a.yml, b.yml]\n", "add `{local: .gitlab/gonew-prod.yml}` to its list",
			func(s string) string { return "include: [a.yml, b.yml, " + s + "]\n" }},
		{"one file", "include: a.yml\n", "`include: [a.yml, {local: .gitlab/gonew-prod.yml}]`",
			func(s string) string { return s + "\n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc yaml.Node
			if err := yaml.Unmarshal([]byte(tt.include), &doc); err != nil {
				t.Fatal(err)
			}
			advice := includeAdvice(doc.Content[0].Content[1])
			if !strings.Contains(advice, tt.want) {
				t.Fatalf("advice %q, want it to hold %q", advice, tt.want)
			}
			_, quoted, _ := strings.Cut(advice, "`")
			quoted, _, _ = strings.Cut(quoted, "`")
			var after yaml.Node
			if err := yaml.Unmarshal([]byte(tt.follow(quoted)), &after); err != nil || !includesJobs(after.Content[0].Content[1]) {
				t.Errorf("the include as the advice %q leaves it:\n%s\ndoes not include the job file (%v)", advice, tt.follow(quoted), err)
			}
		})
	}
}
