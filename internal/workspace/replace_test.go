package workspace

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRequireReplacesAsGoList: the go.mod Require writes builds, outside the workspace,
// with the replacement the go command takes in it, as go list -m says in both: a replace
// of go.work's for a module path takes the place of every go.mod line for that path (of
// any version), and a go.mod line stands where go.work replaces nothing of the module.
func TestRequireReplacesAsGoList(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
	const dep = "example.com/dep"
	tests := []struct {
		name, goMod, goWork string
		want                string // the directory the build takes the module from
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
			goWork: "replace example.com/other => ./bywork\n", want: "bymod"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			goMod := "module example.com/svc\n\ngo 1.21\n\nrequire " + dep + " v1.0.0\n\n" + tt.goMod
			goWork := "go 1.21\n\nuse ./svc\n\n" + tt.goWork
			for p, body := range map[string]string{
				"svc/go.mod":    goMod,
				"go.work":       goWork,
				"bymod/go.mod":  "module " + dep + "\n",
				"bywork/go.mod": "module " + dep + "\n",
			} {
				write(t, root, p, body)
			}
			inWork := replacedBy(t, filepath.Join(root, "svc"), "GOWORK="+filepath.Join(root, "go.work"))
			if inWork != filepath.Join(root, tt.want) {
				t.Fatalf("go list -m in the workspace: %s, want %s (the test's premise)", inWork, tt.want)
			}
			w, err := Parse(filepath.Join(root, "go.work"), []byte(goWork), filepath.Join(root, "svc"))
			if err != nil {
				t.Fatal(err)
			}
			given, err := w.Require("go.mod", []byte(goMod))
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
	cmd := exec.Command("go", "list", "-m", "-f", "{{with .Replace}}{{.Dir}}{{end}}", "example.com/dep")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local"}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -m in %s: %v\n%s", dir, err, out)
	}
	return strings.TrimSpace(string(out))
}
