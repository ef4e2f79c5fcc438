package retrofit

import (
	"context"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/gonew-prod/gonew-prod/generator"
)

// renderComponents renders what add writes for the components, with the values setVars
// gives a module at the repository's root, by render path.
func renderComponents(t *testing.T, components ...string) map[string]string {
	t.Helper()
	return renderFor(t, "nethttp", components...)
}

// renderFor is renderComponents for a framework (as the record names it: gin, echo4...).
func renderFor(t *testing.T, framework string, components ...string) map[string]string {
	t.Helper()
	a := generator.Answers{Module: "example.com/acme/shop", Name: "shop", Framework: framework, Go: "1.26",
		CI: "github", HTTPPort: 8080, AdminPort: 6060, Features: components}
	vars := map[string]string{"mainPackage": ".", "moduleDir": ".", "dockerfile": "Dockerfile", "aliases": "",
		"goImage": "1.26", "cgo": "false", "cgoReason": "", "cgoAlternative": "", "vendored": "false"}
	files, err := render(context.Background(), a, vars)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = string(f.Content)
	}
	return out
}

// TestVersionMetadataOnlyWithVersion: the image and the make targets pass and declare
// the version metadata (VERSION, COMMIT, BUILD_TIME) only when the version component,
// which reads them, is added.
func TestVersionMetadataOnlyWithVersion(t *testing.T) {
	metadata := map[string][]string{
		"Dockerfile":    {"ARG VERSION", "ARG COMMIT", "ARG BUILD_TIME", "version metadata"},
		"gonew-prod.mk": {"--build-arg VERSION", "--build-arg COMMIT", "--build-arg BUILD_TIME", "PROD_COMMIT", "PROD_BUILD_TIME", "version metadata"},
	}
	tests := []struct {
		components []string
		want       bool
	}{
		{[]string{"makefile", "docker"}, false},
		{[]string{"makefile", "version", "docker"}, true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.components, ","), func(t *testing.T) {
			files := renderComponents(t, tt.components...)
			for name, markers := range metadata {
				text, ok := files[name]
				if !ok {
					t.Fatalf("%s not rendered", name)
				}
				for _, m := range markers {
					if got := strings.Contains(text, m); got != tt.want {
						t.Errorf("%s holds %q: %v, want %v:\n%s", name, m, got, tt.want, text)
					}
				}
			}
			if mk := files["gonew-prod.mk"]; !strings.Contains(mk, "PROD_VERSION    ?=") || !strings.Contains(mk, "PROD_IMAGE      ?= $(PROD_BINARY):$(subst +,-,$(subst /,-,$(PROD_VERSION)))") {
				t.Errorf("gonew-prod.mk has no PROD_VERSION for the image's tag:\n%s", mk)
			}
		})
	}
}

// TestBlockAsWritten: a guarded block add writes is rendered for update with the line
// endings it was written with: those the record's checksum is of, or, when the checksum
// is of another text (another version's block), those of the block in the file.
func TestBlockAsWritten(t *testing.T) {
	text := makefileBlock()
	crlfText := withCRLF(text)
	other := strings.Replace(text, "include", "-include", 1)
	tests := []struct {
		name, recorded, file, want string
	}{
		{"recorded with LF", text, "all:\r\n" + crlfText, text},
		{"recorded with CRLF", crlfText, "", crlfText},
		{"another text, CRLF in the file", other, "all:\r\n" + withCRLF(other), crlfText},
		{"another text, LF in the file", withCRLF(other), "all:\n" + other, text},
		{"another text, the file gone", other, "", text},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			read := func(string) ([]byte, error) {
				if tt.file == "" {
					return nil, os.ErrNotExist
				}
				return []byte(tt.file), nil
			}
			b := generator.RecordBlock{Path: "Makefile", ID: "makefile", SHA256: generator.Sum([]byte(tt.recorded))}
			if got := string(blockAsWritten(b, text, read)); got != tt.want {
				t.Errorf("blockAsWritten = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestMakeFragmentVersion: in a monorepo, gonew-prod.mk takes PROD_VERSION from the
// module's own release tags (<dir>/vX.Y.Z, as the go command names them), without the
// prefix, never from another module's; the image tag has no / or +.
func TestMakeFragmentVersion(t *testing.T) {
	gitTool, err1 := exec.LookPath("git")
	makeTool, err2 := exec.LookPath("make")
	if err1 != nil || err2 != nil {
		t.Skip("git or make not found")
	}
	tests := []struct {
		components []string
		parent     string // a directory name may hold what the shell and make quote: a tag can too
	}{
		{[]string{"makefile", "version", "docker"}, "services"},
		{[]string{"makefile", "docker"}, "services"},
		{[]string{"makefile", "version", "docker"}, "it's-100%"},
	}
	for _, tt := range tests {
		components := tt.components
		t.Run(strings.Join(components, ",")+" in "+tt.parent, func(t *testing.T) {
			repo := t.TempDir()
			dir := filepath.Join(repo, tt.parent, "shop")
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{"Makefile": "all:\n\ninclude gonew-prod.mk\n", "gonew-prod.mk": renderComponents(t, components...)["gonew-prod.mk"]}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			git := func(args ...string) {
				t.Helper()
				cmd := exec.Command(gitTool, append([]string{"-c", "user.name=test", "-c", "user.email=test@example.com", "-c", "commit.gpgSign=false", "-c", "tag.gpgSign=false"}, args...)...)
				cmd.Dir = repo
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git %v: %v\n%s", args, err, out)
				}
			}
			git("init", "-q")
			git("add", "-A")
			git("commit", "-q", "-m", "shop")
			git("tag", tt.parent+"/shop/v1.2.0")
			git("commit", "-q", "--allow-empty", "-m", "billing")
			git("tag", "billing/v3.0.0")
			cmd := exec.Command(makeTool, "-n", "prod-docker")
			cmd.Dir = dir
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("make -n prod-docker: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "-t shop:v1.2.0-1-g") || strings.Contains(string(out), "billing") {
				t.Errorf("make -n prod-docker: want the image shop:v1.2.0-1-g<commit>:\n%s", out)
			}
			cmd = exec.Command(makeTool, "-n", "prod-docker", "PROD_VERSION=services/shop/v1.2.0+build.1")
			cmd.Dir = dir
			if out, err = cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "-t shop:services-shop-v1.2.0-build.1 ") {
				t.Errorf("make -n prod-docker with / and + in the version: %v, want the image shop:services-shop-v1.2.0-build.1:\n%s", err, out)
			}
		})
	}
}

// TestProdFileDocComments: each function of the Go files add writes into package main has
// its doc comment above it, apart from the previous declaration, for every framework: a
// template trim marker that ate the blank line made "} // prodServeThenExit is ..." a
// comment of the previous function's closing brace, and go/doc lost the doc comment.
func TestProdFileDocComments(t *testing.T) {
	for _, framework := range []string{"nethttp", "gin", "echo", "echo4", "chi", "gorilla"} {
		t.Run(framework, func(t *testing.T) {
			for _, components := range [][]string{{"shutdown"}, {"shutdown", "version", "otel", "pprof", "procs", "mtls"}} {
				checkDocComments(t, renderFor(t, framework, components...))
			}
		})
	}
}

// checkDocComments checks the doc comments of the functions of the Go files add writes
// into package main, in the rendered files.
func checkDocComments(t *testing.T, files map[string]string) {
	t.Helper()
	for _, name := range []string{"main/gonew_prod.go", "main/gonew_prod_test.go"} {
		text, ok := files[name]
		if !ok {
			t.Fatalf("%s not rendered", name)
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, text, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fd.Doc == nil {
				t.Errorf("%s:%d: func %s has no doc comment", name, fset.Position(fd.Pos()).Line, fd.Name.Name)
				continue
			}
			// The comment starts a line of its own, after a blank line.
			start := fset.Position(fd.Doc.Pos()).Offset
			if start < 2 || text[start-2:start] != "\n\n" {
				t.Errorf("%s:%d: the doc comment of %s does not follow a blank line", name, fset.Position(fd.Doc.Pos()).Line, fd.Name.Name)
			}
		}
	}
}

// TestCIBuildStep runs the build step of the CI files add writes without makefile in a
// module whose other program needs cgo: the step builds the service as its image does
// (with CGO_ENABLED=0 here), and that program, which go vet and go test build with cgo
// on, does not fail it.
func TestCIBuildStep(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":            "module example.com/acme/shop\n\ngo 1.26\n",
		"cmd/shop/main.go":  "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n",
		"cmd/probe/main.go": "package main\n\nfunc main() { println(answer()) }\n",
		"cmd/probe/c.go":    "package main\n\n// static int answer(void) { return 42; }\nimport \"C\"\n\nfunc answer() int { return int(C.answer()) }\n",
	})
	for _, ci := range []string{"github", "gitlab"} {
		t.Run(ci, func(t *testing.T) {
			a := generator.Answers{Module: "example.com/acme/shop", Name: "shop", Framework: "nethttp", Go: "1.26",
				CI: ci, HTTPPort: 8080, AdminPort: 6060, Features: []string{"ci"}}
			vars := map[string]string{"mainPackage": "./cmd/shop", "moduleDir": ".", "dockerfile": "Dockerfile", "aliases": "",
				"goImage": "1.26", "cgo": "false", "cgoReason": "", "cgoAlternative": "", "vendored": "false", "ciStage": "test"}
			files, err := render(context.Background(), a, vars)
			if err != nil {
				t.Fatal(err)
			}
			var build []string
			for _, f := range files {
				for _, line := range strings.Split(string(f.Content), "\n") {
					if _, cmd, ok := strings.Cut(line, "CGO_ENABLED="); ok && strings.Contains(cmd, "go build") { // not the race tests' CGO_ENABLED=1
						build = append(build, "CGO_ENABLED="+cmd)
					}
				}
			}
			if len(build) != 1 {
				t.Fatalf("want one build step, found %q", build)
			}
			cmd := exec.Command("sh", "-c", build[0])
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=readonly")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("the CI build step %q fails: %v\n%s", build[0], err, out)
			}
		})
	}
}

// TestCIVendoredInWorkspace runs the go vet of the CI job add writes for a vendored
// module that a committed go.work uses, with the job's variables (GitHub's env:, the
// GitLab job's variables:) and go.work checked out: the job builds the module with its
// vendor/, as add checks it, which in the workspace, where -mod=vendor means the
// workspace's vendor/ (go work vendor), fails ("inconsistent vendoring").
func TestCIVendoredInWorkspace(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.work":     "go 1.26\n\nuse (\n\t./svc\n\t./one\n)\n",
		"one/go.mod":  "module example.com/one\n\ngo 1.26\n",
		"one/one.go":  "package one\n\nconst A = 1\n",
		"svc/go.mod":  "module example.com/svc\n\ngo 1.26\n\nrequire example.com/one v0.0.0\n\nreplace example.com/one => ../one\n",
		"svc/main.go": "package main\n\nimport \"example.com/one\"\n\nfunc main() { println(one.A) }\n",
	})
	vendor := exec.Command("go", "mod", "vendor")
	vendor.Dir = filepath.Join(dir, "svc")
	vendor.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := vendor.CombinedOutput(); err != nil {
		t.Fatalf("go mod vendor: %v\n%s", err, out)
	}
	tests := []struct {
		ci, file string
		env      func(doc map[string]any) any // the variables of the job that runs go vet
	}{
		{"github", "repo/.github/workflows/gonew-prod.yml", func(doc map[string]any) any { return doc["env"] }},
		{"gitlab", "repo/.gitlab/gonew-prod.yml", func(doc map[string]any) any {
			job, _ := doc["prod-check"].(map[string]any)
			return job["variables"]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.ci, func(t *testing.T) {
			a := generator.Answers{Module: "example.com/svc", Name: "svc", Framework: "nethttp", Go: "1.26",
				CI: tt.ci, HTTPPort: 8080, AdminPort: 6060, Features: []string{"ci"}}
			vars := map[string]string{"mainPackage": ".", "moduleDir": "svc", "dockerfile": "Dockerfile", "aliases": "",
				"goImage": "1.26", "cgo": "false", "cgoReason": "", "cgoAlternative": "", "vendored": "true", "ciStage": "test"}
			files, err := render(context.Background(), a, vars)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(files, func(f generator.File) bool { return f.Path == tt.file })
			if i < 0 {
				t.Fatalf("%s not rendered", tt.file)
			}
			var doc map[string]any
			if err := yaml.Unmarshal(files[i].Content, &doc); err != nil {
				t.Fatalf("%s: %v", tt.file, err)
			}
			variables, _ := tt.env(doc).(map[string]any)
			if variables["GOFLAGS"] == nil {
				t.Fatalf("%s sets no GOFLAGS for the job:\n%s", tt.file, files[i].Content)
			}
			env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
				return strings.HasPrefix(kv, "GOWORK=") || strings.HasPrefix(kv, "GOFLAGS=")
			})
			for k, v := range variables {
				if _, ok := v.(bool); ok { // GOWORK: off, unquoted
					t.Fatalf("%s: the job's %s is the YAML boolean %v, not a string", tt.file, k, v)
				}
				env = append(env, fmt.Sprint(k, "=", v))
			}
			vet := exec.Command("go", "vet", "./...")
			vet.Dir = filepath.Join(dir, "svc")
			vet.Env = append(env, "GOPROXY=off")
			if out, err := vet.CombinedOutput(); err != nil {
				t.Errorf("the job's go vet (%v) fails in the workspace: %v\n%s", variables, err, out)
			}
		})
	}
}

// TestDockerBuildOutsideWorkspace runs go list in a module whose directory, the image's
// build context, holds a go.work (use .), with the environment the build stage of the
// Dockerfile add writes sets: the image builds the module alone, with go.mod's go line
// and so its GODEBUG defaults, as add's notes and dockerContext's checks take it, not in
// the workspace that COPY . . would bring.
func TestDockerBuildOutsideWorkspace(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go is not installed")
	}
	dockerfile := renderComponents(t, "docker")["Dockerfile"]
	var env []string // the ENV lines of the build stage, up to its go build
	for line := range strings.Lines(dockerfile[strings.Index(dockerfile, " AS build\n"):]) {
		if strings.HasPrefix(line, "RUN CGO_ENABLED=") {
			break
		}
		if kv, ok := strings.CutPrefix(line, "ENV "); ok {
			env = append(env, strings.TrimSpace(kv))
		}
	}
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"go.mod":  "module example.com/svc\n\ngo 1.20\n",
		"go.work": "go 1.26.0\n\nuse .\n",
		"main.go": "package main\n\nfunc main() {}\n",
	})
	defaults := func(env []string) string {
		cmd := exec.Command("go", "list", "-f", "{{.DefaultGODEBUG}}", ".")
		cmd.Dir = dir
		cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool { return strings.HasPrefix(kv, "GOWORK=") }),
			append([]string{"GOFLAGS=-mod=readonly", "GOPROXY=off"}, env...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list (%v): %v\n%s", env, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	if image, alone := defaults(env), defaults([]string{"GOWORK=off"}); image != alone {
		t.Errorf("the image's build (ENV %v) has the GODEBUG defaults %q, the module alone %q", env, image, alone)
	}
}

// TestProdFileConstraint: gonew_prod.go and its test, files of the main package, are
// compiled by exactly the builds that compile its func main (by the constraint of the
// file declaring it, or of any of the files declaring it): else a build for another
// platform compiles them alone, a package main without func main, which does not link
// (GOOS=darwin go build ./... of a //go:build linux program).
func TestProdFileConstraint(t *testing.T) {
	const serve = "func main() {\n\tlog.Fatal(http.ListenAndServe(\":8080\", http.NotFoundHandler()))\n}\n"
	program := func(header, imports string) string {
		return header + "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n" + imports + ")\n\n" + serve
	}
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"unconstrained", map[string]string{"main.go": program("", "")}},
		{"a //go:build line", map[string]string{"main.go": program("//go:build linux\n\n", "")}},
		{"a name suffix", map[string]string{"main_linux.go": program("", "")}},
		{"GOOS and GOARCH suffixes", map[string]string{"main_linux_amd64.go": program("", "")}},
		{"legacy +build lines", map[string]string{"main.go": program("// Copyright.\n\n// +build linux darwin\n// +build amd64 arm64\n\n", "")}},
		{"a main per GOOS", map[string]string{"main_linux.go": program("", ""), "main_windows.go": program("", "")}},
		{"a main for Linux, one for the others", map[string]string{"main_linux.go": program("", ""), "main_other.go": program("//go:build !linux\n\n", "")}},
		{"import \"C\"", map[string]string{"main.go": program("//go:build linux\n\n", "\n\t\"C\"\n")}},
		{"a go run generator beside it", map[string]string{"main.go": program("//go:build linux\n\n", ""), "gen.go": "//go:build ignore\n\npackage main\n\nfunc main() {}\n"}},
	}
	builds := []build.Context{}
	for _, platform := range []string{"linux/amd64", "linux/arm64", "android/arm64", "darwin/arm64", "darwin/amd64", "windows/amd64", "plan9/386"} {
		for _, cgo := range []bool{true, false} {
			ctxt := build.Default
			ctxt.GOOS, ctxt.GOARCH, _ = strings.Cut(platform, "/")
			ctxt.CgoEnabled = cgo
			builds = append(builds, ctxt)
		}
	}
	compiles := func(ctxt build.Context, name, src string) bool {
		ctxt.JoinPath = path.Join
		ctxt.OpenFile = func(string) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(src)), nil }
		ok, err := ctxt.MatchFile(".", name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// MatchFile leaves to Import that a file importing "C" is left out without cgo.
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cgo := slices.ContainsFunc(f.Imports, func(im *ast.ImportSpec) bool { return im.Path.Value == `"C"` })
		return ok && (ctxt.CgoEnabled || !cgo)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTargetOf(t, tt.files, false), nil) // gofmt adds a //go:build line to +build ones
			p.plan.Components = []string{"shutdown"}
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			files, err := p.renderFiles()
			if err != nil {
				t.Fatal(err)
			}
			for _, ctxt := range builds {
				var mains []string
				for name, src := range tt.files {
					if strings.Contains(src, "func main()") && name != "gen.go" && compiles(ctxt, name, src) {
						mains = append(mains, name)
					}
				}
				for _, f := range files {
					if f.Path != wiringFile && f.Path != "gonew_prod_test.go" {
						continue
					}
					if got := compiles(ctxt, f.Path, string(f.Content)); got != (len(mains) > 0) {
						t.Errorf("%s/%s, cgo %v: compiles %s: %v, but func main in %v", ctxt.GOOS, ctxt.GOARCH, ctxt.CgoEnabled, f.Path, got, mains)
					}
				}
			}
		})
	}
}
