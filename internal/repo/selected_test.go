package repo

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/mod/module"

	"github.com/gonew-prod/gonew-prod/internal/workspace"
)

// TestLocalReplaceOfTheSelectedVersion: in a workspace the go command builds the highest
// version of a module that a go.mod of the workspace requires, and a replace line of a
// version applies only to that one (as go list -m all shows): go.work's line of the
// version svc requires does not apply once another module requires a higher one.
func TestLocalReplaceOfTheSelectedVersion(t *testing.T) {
	tests := []struct {
		name, line, svcReq, otherReq string
		want                         bool // example.com/x is taken from forks/x
	}{
		{name: "the version both require", line: "v1.0.0", svcReq: "v1.0.0", otherReq: "v1.0.0", want: true},
		{name: "svc's version, another module requiring a higher one", line: "v1.0.0", svcReq: "v1.0.0", otherReq: "v1.1.0"},
		{name: "the higher version another module requires", line: "v1.1.0", svcReq: "v1.0.0", otherReq: "v1.1.0", want: true},
		{name: "svc's version, higher than another module's", line: "v1.1.0", svcReq: "v1.1.0", otherReq: "v1.0.0", want: true},
		{name: "every version", line: "", svcReq: "v1.0.0", otherReq: "v1.1.0", want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			old := "example.com/x"
			if tt.line != "" {
				old += " " + tt.line
			}
			files := map[string]string{
				"go.work":        "go 1.22\n\nuse ./svc\nuse ./other\n\nreplace " + old + " => ./forks/x\n",
				"svc/go.mod":     "module example.com/svc\n\ngo 1.22\n\nrequire example.com/x " + tt.svcReq + "\n",
				"svc/main.go":    "package main\n\nimport \"example.com/x\"\n\nfunc main() { x.F() }\n",
				"other/go.mod":   "module example.com/other\n\ngo 1.22\n\nrequire example.com/x " + tt.otherReq + "\n",
				"forks/x/go.mod": "module example.com/x\n\ngo 1.22\n",
				"forks/x/x.go":   "package x\n\nfunc F() {}\n",
			}
			for name, src := range files {
				p := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := OpenDir(context.Background(), root, ".", "repo")
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Mains) != 1 {
				t.Fatalf("mains: %v", r.Mains)
			}
			if got := r.Local(r.Mains[0], "example.com/x"); got != tt.want {
				t.Errorf("Local(example.com/x) = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestReplaceOfTheUseOrder: audit takes the replace line the go command takes, by add's
// rule (workspace.Take): a go.mod's line of the required version after an earlier
// module's line of every version with another replacement is a conflict the go command
// refuses the workspace for, so no copy of the module is taken (before, audit took the
// later line); in the other use order the later line of every version takes the place
// of the earlier one's of the version.
func TestReplaceOfTheUseOrder(t *testing.T) {
	tests := []struct {
		name, use string
		want      string // the directory example.com/x is taken from, "" for none
	}{
		{name: "lib, then svc's line of the version: refused", use: "use ./lib\nuse ./svc\n"},
		{name: "svc, then lib's line of every version", use: "use ./svc\nuse ./lib\n", want: "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{
				"go.work":     "go 1.22\n\n" + tt.use,
				"lib/go.mod":  "module example.com/lib\n\ngo 1.22\n\nreplace example.com/x => ../b\n",
				"lib/lib.go":  "package lib\n",
				"svc/go.mod":  "module example.com/svc\n\ngo 1.22\n\nrequire example.com/x v1.0.0\n\nreplace example.com/x v1.0.0 => ./a\n",
				"svc/main.go": "package main\n\nimport \"example.com/x\"\n\nfunc main() { x.F() }\n",
			}
			for _, d := range []string{"svc/a", "b"} {
				files[d+"/go.mod"] = "module example.com/x\n\ngo 1.22\n"
				files[d+"/x.go"] = "package x\n\nfunc F() {}\n"
			}
			for name, src := range files {
				p := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r, err := OpenDir(context.Background(), root, ".", "repo")
			if err != nil {
				t.Fatal(err)
			}
			m, _ := r.Main("svc")
			if m == nil {
				t.Fatalf("mains: %v", r.Mains)
			}
			if dir, _, _, _, _ := r.modules(m.Package.Module).local("example.com/x"); dir != tt.want {
				t.Errorf("example.com/x taken from %q, want %q", dir, tt.want)
			}
		})
	}
}

// TestReplaceAsAddTakesIt: audit takes for a build in a workspace the replacement add
// gives the module's copy (workspace.Require and Applied), and none where add refuses the
// workspace as the go command does: two modules' lines of one version, or both of every
// version, with other directories (the same text, ./a, names two), where go.work replaces
// nothing of the module, and a line of the required version after an earlier module's
// line with another replacement. A workspace is written for each case and read by both.
func TestReplaceAsAddTakesIt(t *testing.T) {
	tests := []struct {
		name, work, svc, lib string // go.work's, svc/go.mod's and lib/go.mod's replace lines
		want                 string // the directory example.com/x is taken from, "" for none (add refuses)
	}{
		{name: "both of every version, one directory", svc: "example.com/x => ../b", lib: "example.com/x => ../b", want: "b"},
		{name: "both of every version, two directories of one text", svc: "example.com/x => ./a", lib: "example.com/x => ./a"},
		{name: "both of the version, two directories", svc: "example.com/x v1.0.0 => ./a", lib: "example.com/x v1.0.0 => ../b"},
		{name: "both of a version none requires, two directories, svc's of every version", svc: "example.com/x => ./a\nreplace example.com/x v0.9.0 => ./a", lib: "example.com/x v0.9.0 => ../b"},
		{name: "both of every version, two directories, go.work's of another version", work: "example.com/x v0.9.0 => ./b", svc: "example.com/x => ./a", lib: "example.com/x => ../b", want: "b"},
		{name: "both of every version, two directories, go.work's of the version", work: "example.com/x v1.0.0 => ./b", svc: "example.com/x => ./a", lib: "example.com/x => ./a", want: "b"},
		{name: "svc's of the version, then lib's of every version", svc: "example.com/x v1.0.0 => ./a", lib: "example.com/x => ../b", want: "b"},
		{name: "svc's alone", svc: "example.com/x => ./a", want: "svc/a"},
		// ROOT/b is the directory b, absolute (quoted: a temporary directory's name may
		// hold what go.mod takes only quoted): the go command compares the lines made
		// absolute, so ROOT/b and ../b from lib are one directory (and lib's line, the
		// last, is taken).
		{name: "both of every version, one directory, svc's absolute", svc: "example.com/x => ROOT/b", lib: "example.com/x => ../b", want: "b"},
		{name: "both of every version, two directories, lib's absolute", svc: "example.com/x => ./a", lib: "example.com/x => ROOT/b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			replace := func(l string) string {
				if l == "" {
					return ""
				}
				return "\nreplace " + strings.ReplaceAll(l, "ROOT/b", strconv.Quote(filepath.ToSlash(root)+"/b")) + "\n"
			}
			files := map[string]string{
				"go.work":     "go 1.22\n\nuse ./svc\nuse ./lib\n" + replace(tt.work),
				"svc/go.mod":  "module example.com/svc\n\ngo 1.22\n\nrequire example.com/x v1.0.0\n" + replace(tt.svc),
				"svc/main.go": "package main\n\nimport \"example.com/x\"\n\nfunc main() { x.F() }\n",
				"lib/go.mod":  "module example.com/lib\n\ngo 1.22\n" + replace(tt.lib),
				"lib/lib.go":  "package lib\n",
			}
			for _, d := range []string{"svc/a", "lib/a", "b"} {
				files[d+"/go.mod"] = "module example.com/x\n\ngo 1.22\n"
				files[d+"/x.go"] = "package x\n\nfunc F() {}\n"
			}
			for name, src := range files {
				p := filepath.Join(root, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// add's side.
			svcDir := filepath.Join(root, "svc")
			ws, err := workspace.Parse(filepath.Join(root, "go.work"), []byte(files["go.work"]), svcDir)
			if err != nil {
				t.Fatal(err)
			}
			goMod := []byte(files["svc/go.mod"])
			added := ""
			if _, err := ws.Require("svc/go.mod", goMod); err == nil {
				if r, file := ws.Applied("svc/go.mod", goMod, module.Version{Path: "example.com/x", Version: "v1.0.0"}); r != nil {
					rel, err := filepath.Rel(root, ws.Dir(r, file, "svc/go.mod"))
					if err != nil {
						t.Fatal(err)
					}
					added = filepath.ToSlash(rel)
				}
			}
			// audit's side.
			r, err := OpenDir(context.Background(), root, ".", "repo")
			if err != nil {
				t.Fatal(err)
			}
			m, _ := r.Main("svc")
			if m == nil {
				t.Fatalf("mains: %v", r.Mains)
			}
			audited, _, _, _, _ := r.modules(m.Package.Module).local("example.com/x")
			if added != tt.want || audited != tt.want {
				t.Errorf("example.com/x taken from %q by add, %q by audit, want %q for both", added, audited, tt.want)
			}
		})
	}
}
