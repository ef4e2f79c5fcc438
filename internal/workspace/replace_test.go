package workspace

import (
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRequireReplacesAsGoList: the go.mod Require writes builds, outside the workspace,
// with the replacement the go command takes in it, as go list -m says in both (the copy
// tidied outside the workspace, as add and update tidy it), with go.work's use lines in
// either order: a replace of go.work's for a module version, or for every version, takes
// the place of every go.mod line for that version; else the go.mod files are read in use
// order, a later go.mod's line of every version taking the place of an earlier one's line
// of the version. Where the go command refuses the workspace, Require refuses too, and
// only there.
func TestRequireReplacesAsGoList(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const dep = "example.com/dep"
	const conflict = "conflict"
	tests := []struct {
		name, goMod, goWork, other string // other: other/go.mod's replace lines
		svcReq, otherReq           string // the version of dep svc's and other's go.mod require; v1.0.0 if ""
		otherDir                   string // other's directory, "other" if ""
		// want: the directory the build takes dep from, or conflict, with go.work using
		// svc first; rev: with other first, if not the same
		want, rev string
	}{
		{name: "go.work's versioned line over go.mod's of every version",
			goMod: "replace " + dep + " => ../bymod\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", want: "bywork"},
		{name: "go.mod's line of every version, for a version go.work's versioned line does not name",
			goMod: "replace " + dep + " => ../bymod\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", svcReq: "v1.1.0", want: "bymod"},
		{name: "another module's line, for a version go.work's versioned line does not name",
			other: "replace " + dep + " v1.1.0 => ../byother\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", otherReq: "v1.1.0", want: "byother"},
		{name: "go.work's line of every version over go.mod's versioned one",
			goMod: "replace " + dep + " v1.0.0 => ../bymod\n", goWork: "replace " + dep + " => ./bywork\n", want: "bywork"},
		{name: "both of the version",
			goMod: "replace " + dep + " v1.0.0 => ../bymod\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", want: "bywork"},
		{name: "go.mod's alone", goMod: "replace " + dep + " => ../bymod\n", want: "bymod"},
		{name: "go.work's alone", goWork: "replace " + dep + " => ./bywork\n", want: "bywork"},
		{name: "go.work's of another module", goMod: "replace " + dep + " => ../bymod\n",
			goWork: "replace example.com/nomod => ./bywork\n", want: "bymod"},
		{name: "another module's", other: "replace " + dep + " => ../byother\n", want: "byother"},
		{name: "another module's versioned", other: "replace " + dep + " v1.0.0 => ../byother\n", want: "byother"},
		{name: "another module's, the same as go.mod's",
			goMod: "replace " + dep + " => ../byother\n", other: "replace " + dep + " v1.0.0 => ../byother\n", want: "byother"},
		{name: "another module's of another version", goMod: "replace " + dep + " => ../bymod\n",
			other: "replace " + dep + " v1.1.0 => ../byother\n", want: "bymod"},
		{name: "another module's of the version it requires, after go.mod's of every version", goMod: "replace " + dep + " => ../bymod\n",
			other: "replace " + dep + " v1.1.0 => ../byother\n", otherReq: "v1.1.0", want: conflict, rev: "bymod"},
		{name: "go.work's over another module's",
			other: "replace " + dep + " => ../byother\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", want: "bywork"},
		{name: "go.work's over go.mod's and another module's that conflict", goMod: "replace " + dep + " => ../bymod\n",
			other: "replace " + dep + " => ../byother\n", goWork: "replace " + dep + " => ./bywork\n", want: "bywork"},
		{name: "conflicting, of every version",
			goMod: "replace " + dep + " => ../bymod\n", other: "replace " + dep + " => ../byother\n", want: conflict},
		{name: "of every version and of the version",
			goMod: "replace " + dep + " => ../bymod\n", other: "replace " + dep + " v1.0.0 => ../byother\n", want: conflict, rev: "bymod"},
		{name: "of the version and of every version",
			goMod: "replace " + dep + " v1.0.0 => ../bymod\n", other: "replace " + dep + " => ../byother\n", want: "byother", rev: conflict},
		{name: "conflicting, of one version",
			goMod: "replace " + dep + " v1.0.0 => ../bymod\n", other: "replace " + dep + " v1.0.0 => ../byother\n", want: conflict},
		{name: "one directory written two ways", otherDir: "x/other",
			goMod: "replace " + dep + " => ../bymod\n", other: "replace " + dep + " v1.0.0 => ../../bymod\n", want: conflict, rev: "bymod"},
		{name: "two directories written one way", otherDir: "x/other",
			goMod: "replace " + dep + " => ../bymod\n", other: "replace " + dep + " v1.0.0 => ../bymod\n", want: "x/bymod", rev: "bymod"},
	}
	for _, tt := range tests {
		for _, otherFirst := range []bool{false, true} {
			want := tt.want
			if otherFirst && tt.rev != "" {
				want = tt.rev
			}
			t.Run(fmt.Sprintf("%s/other first %v", tt.name, otherFirst), func(t *testing.T) {
				t.Parallel()
				root := t.TempDir()
				otherDir := cmp.Or(tt.otherDir, "other")
				goMod := "module example.com/svc\n\ngo 1.21\n\nrequire " + dep + " " + cmp.Or(tt.svcReq, "v1.0.0") + "\n\n" + tt.goMod
				uses := "use ./svc\nuse ./" + otherDir + "\n"
				if otherFirst {
					uses = "use ./" + otherDir + "\nuse ./svc\n"
				}
				goWork := "go 1.21\n\n" + uses + "\n" + tt.goWork
				for p, body := range map[string]string{
					"svc/go.mod":           goMod,
					"svc/main.go":          "package main\n\nimport _ \"example.com/other\"\n\nfunc main() {}\n",
					otherDir + "/go.mod":   "module example.com/other\n\ngo 1.21\n\nrequire " + dep + " " + cmp.Or(tt.otherReq, "v1.0.0") + "\n\n" + tt.other,
					otherDir + "/other.go": "package other\n\nimport _ \"" + dep + "\"\n",
					"go.work":              goWork,
					"bymod/go.mod":         "module " + dep + "\n",
					"bywork/go.mod":        "module " + dep + "\n",
					"byother/go.mod":       "module " + dep + "\n",
					"x/bymod/go.mod":       "module " + dep + "\n",
					"bymod/dep.go":         "package dep\n",
					"bywork/dep.go":        "package dep\n",
					"byother/dep.go":       "package dep\n",
					"x/bymod/dep.go":       "package dep\n",
				} {
					write(t, root, p, body)
				}
				inWork, err := goList(filepath.Join(root, "svc"), "GOWORK="+filepath.Join(root, "go.work"))
				if (err != nil) != (want == conflict) || want != conflict && inWork != filepath.Join(root, want) {
					t.Fatalf("go list -m in the workspace: %s (%v), want %s (the test's premise)", inWork, err, want)
				}
				w, err := Parse(filepath.Join(root, "go.work"), []byte(goWork), filepath.Join(root, "svc"))
				if err != nil {
					t.Fatal(err)
				}
				given, err := w.Require("go.mod", []byte(goMod))
				if want == conflict {
					if err == nil || !strings.Contains(err.Error(), "conflicting replacements for "+dep) || !strings.Contains(err.Error(), filepath.Join(root, otherDir, "go.mod")) {
						t.Fatalf("Require: %v, want the conflict named, with %s/go.mod\n%s", err, otherDir, given)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				write(t, root, "copy/go.mod", string(given)) // beside svc: ../bymod resolves alike
				write(t, root, "copy/main.go", "package main\n\nimport _ \"example.com/other\"\n\nfunc main() {}\n")
				tidy := exec.Command("go", "mod", "tidy")
				tidy.Dir = filepath.Join(root, "copy")
				tidy.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
				if out, err := tidy.CombinedOutput(); err != nil {
					t.Fatalf("go mod tidy with Require's go.mod: %v\n%s\n%s", err, out, given)
				}
				if got := replacedBy(t, filepath.Join(root, "copy"), "GOWORK=off"); got != inWork {
					t.Errorf("go list -m with Require's go.mod: %s, in the workspace %s\n%s", got, inWork, given)
				}
			})
		}
	}
}

// replacedBy returns the directory go list -m, run in dir with env, takes example.com/dep
// from.
func replacedBy(t *testing.T, dir string, env ...string) string {
	t.Helper()
	got, err := goList(dir, env...)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// goList returns the directory go list -m, run in dir with env, takes example.com/dep
// from, or its error and output.
func goList(dir string, env ...string) (string, error) {
	cmd := exec.Command("go", "list", "-m", "-f", "{{with .Replace}}{{.Dir}}{{end}}", "example.com/dep")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local"}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go list -m in %s: %w\n%s", dir, err, out)
	}
	return strings.TrimSpace(string(out)), nil
}
