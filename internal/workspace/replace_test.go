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
// with the replacement the go command takes in it, as go list -m says in both: a replace
// of go.work's for a module path takes the place of every go.mod line for that path (of
// any version), and a go.mod line stands where go.work replaces nothing of the module,
// the line of another module's go.mod of the workspace (other/go.mod) as the module's own.
// Where the go command refuses the workspace for two lines of different go.mod files,
// Require refuses too, as it does where the go command's choice depends on the order of
// go.work's use lines.
func TestRequireReplacesAsGoList(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const dep = "example.com/dep"
	tests := []struct {
		name, goMod, goWork, other string // other: other/go.mod's replace lines
		want                       string // the directory the build takes the module from; "" for a conflict
		// quirk: for a conflict, the directory the go command takes in the workspace
		// instead of refusing it (go.work uses svc first: with other first, it refuses)
		quirk string
	}{
		{name: "go.work's versioned line over go.mod's of every version",
			goMod: "replace " + dep + " => ../bymod\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", want: "bywork"},
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
		{name: "go.work's over another module's",
			other: "replace " + dep + " => ../byother\n", goWork: "replace " + dep + " v1.0.0 => ./bywork\n", want: "bywork"},
		{name: "go.work's over go.mod's and another module's that conflict", goMod: "replace " + dep + " => ../bymod\n",
			other: "replace " + dep + " => ../byother\n", goWork: "replace " + dep + " => ./bywork\n", want: "bywork"},
		{name: "conflicting, of every version",
			goMod: "replace " + dep + " => ../bymod\n", other: "replace " + dep + " => ../byother\n"},
		{name: "conflicting, of one version and every version",
			goMod: "replace " + dep + " => ../bymod\n", other: "replace " + dep + " v1.0.0 => ../byother\n"},
		{name: "conflicting, of every version and one version, used first",
			goMod: "replace " + dep + " v1.0.0 => ../bymod\n", other: "replace " + dep + " => ../byother\n", quirk: "byother"},
		{name: "conflicting, of one version",
			goMod: "replace " + dep + " v1.0.0 => ../bymod\n", other: "replace " + dep + " v1.0.0 => ../byother\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			goMod := "module example.com/svc\n\ngo 1.21\n\nrequire " + dep + " v1.0.0\n\n" + tt.goMod
			goWork := "go 1.21\n\nuse ./svc\nuse ./other\n\n" + tt.goWork
			for p, body := range map[string]string{
				"svc/go.mod":     goMod,
				"other/go.mod":   "module example.com/other\n\ngo 1.21\n\n" + tt.other,
				"go.work":        goWork,
				"bymod/go.mod":   "module " + dep + "\n",
				"bywork/go.mod":  "module " + dep + "\n",
				"byother/go.mod": "module " + dep + "\n",
			} {
				write(t, root, p, body)
			}
			inWork, err := goList(filepath.Join(root, "svc"), "GOWORK="+filepath.Join(root, "go.work"))
			if want := cmp.Or(tt.want, tt.quirk); (err != nil) != (want == "") || want != "" && inWork != filepath.Join(root, want) {
				t.Fatalf("go list -m in the workspace: %s (%v), want %q (the test's premise)", inWork, err, tt.want)
			}
			w, err := Parse(filepath.Join(root, "go.work"), []byte(goWork), filepath.Join(root, "svc"))
			if err != nil {
				t.Fatal(err)
			}
			given, err := w.Require("go.mod", []byte(goMod))
			if tt.want == "" {
				if err == nil || !strings.Contains(err.Error(), "conflicting replacements for "+dep) || !strings.Contains(err.Error(), filepath.Join(root, "other", "go.mod")) {
					t.Fatalf("Require: %v, want the conflict named, with other/go.mod\n%s", err, given)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			write(t, root, "copy/go.mod", string(given)) // beside svc: ../bymod resolves alike
			if got := replacedBy(t, filepath.Join(root, "copy"), "GOWORK=off"); got != inWork {
				t.Errorf("go list -m with Require's go.mod: %s, in the workspace %s\n%s", got, inWork, given)
			}
		})
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
