package audit

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestLDFlagsPatternForm: the go command gives a main package the -ldflags without a
// pattern, or whose pattern (-ldflags "PATTERN=flags") matches it: all=, ./...=, its
// directory or its import path; of those, the last. One whose pattern matches other
// packages only (./internal/...=, std=) sets nothing of the binary (WARN naming it),
// and replaces no earlier -ldflags; one this audit cannot match is UNKNOWN.
func TestLDFlagsPatternForm(t *testing.T) {
	const x = "-X main.version=1.2.3 -X main.commit=abc"
	const mainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar version, commit string\n\n" + serveFunc
	tests := []struct {
		name    string
		build   string // the go build of the Makefile
		ci      string // a CI run step, or ""
		want    Status
		message string // a part of the message
	}{
		{"a pattern of other packages", `go build -ldflags "./internal/...=` + x + `" -o bin/api ./cmd/api`, "",
			Warn, "the Makefile build (Makefile:2) injects no version or commit with -ldflags -X: its -ldflags ./internal/...=... apply only to the packages the pattern matches, and cmd/api is not one of them"},
		{"std", `go build -ldflags "std=` + x + `" -o bin/api ./cmd/api`, "",
			Warn, "its -ldflags std=... apply only to the packages the pattern matches"},
		{"an import path pattern of other packages", `go build -ldflags "example.test/svc/internal/...=` + x + `" -o bin/api ./cmd/api`, "",
			Warn, "its -ldflags example.test/svc/internal/...=... apply only"},
		{"all", `go build -ldflags "all=` + x + `" -o bin/api ./cmd/api`, "", Pass, "1 build(s) inject version and commit"},
		{"./...", `go build -ldflags "./...=` + x + `" -o bin/api ./cmd/api`, "", Pass, "1 build(s) inject version and commit"},
		{"the directory", `go build -ldflags=./cmd/api=` + `"` + x + `" -o bin/api ./cmd/api`, "", Pass, "1 build(s) inject version and commit"},
		{"the import path", `go build -ldflags "example.test/svc/cmd/...=` + x + `" -o bin/api ./cmd/api`, "", Pass, "1 build(s) inject version and commit"},
		{"the directory from where the build runs", `cd cmd && go build -ldflags "./api=` + x + `" -o ../bin/api ./api`, "", Pass, "1 build(s) inject version and commit"},
		{"file arguments, their directory", `go build -ldflags "./cmd/api=` + x + `" -o bin/api ./cmd/api/main.go`, "", Pass, "1 build(s) inject version and commit"},
		{"file arguments, the import path", `go build -ldflags "example.test/svc/cmd/api=` + x + `" -o bin/api ./cmd/api/main.go`, "",
			Warn, "its -ldflags example.test/svc/cmd/api=... apply only"},
		{"-X, then a pattern of other packages", `go build -ldflags "` + x + `" -ldflags "std=-s -w" -o bin/api ./cmd/api`, "", Pass, "1 build(s) inject version and commit"},
		{"-X for other packages, then -s -w", `go build -ldflags "std=` + x + `" -ldflags "-s -w" -o bin/api ./cmd/api`, "",
			Warn, "its -ldflags std=... apply only"},
		{"-X, then a pattern of the package without", `go build -ldflags "` + x + `" -ldflags "./cmd/...=-s" -o bin/api ./cmd/api`, "",
			Fail, "so -X main.version, -X main.commit of an earlier -ldflags never reach the linker"},
		{"a pattern left to a variable", "", `go build -ldflags "${PKGS}=` + x + `" -o bin/api ./cmd/api`,
			Unknown, "the CI build (.github/workflows/ci.yml:6) passes -ldflags for the packages of the pattern ${PKGS}, which this audit cannot match: check that it matches cmd/api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": mainGo, "internal/x/x.go": "package x\n"}
			if tt.build != "" {
				files["Makefile"] = "build:\n\t" + tt.build + "\n"
			}
			if tt.ci != "" {
				files[".github/workflows/ci.yml"] = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: " + tt.ci + "\n"
			}
			if got := auditInline(t, files, "ldflags"); got.Status != tt.want || !strings.Contains(got.Message, tt.message) {
				t.Errorf("%s %q, want %s with %q", got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
}

// TestLDFlagsPatternAsTheGoCommandAppliesIt: ldflags PASSes a build whose -ldflags
// carry patterns exactly when the binary the go command builds with them reports the
// version and commit -X set. Each set of -ldflags is built and run, and compared with
// the verdict of the same build in a Makefile.
func TestLDFlagsPatternAsTheGoCommandAppliesIt(t *testing.T) {
	const x = "-X main.version=1.2.3 -X main.commit=abc"
	// The binary prints its variables (a program without net/http, which links
	// quickly); the audit reads a service with the same variables.
	const printer = "package main\n\nimport \"os\"\n\nvar version, commit string\n\nfunc main() { os.Stdout.WriteString(version + \" \" + commit + \"\\n\") }\n"
	const service = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar version, commit string\n\n" + serveFunc
	files := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": service, "internal/x/x.go": "package x\n"}
	dir := t.TempDir()
	for name, src := range map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": printer, "internal/x/x.go": "package x\n"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, ldflags := range [][]string{
		{x}, {"./internal/...=" + x}, {"std=" + x}, {"all=" + x}, {"./...=" + x}, {"./cmd/api=" + x},
		{"example.test/svc/cmd/...=" + x}, {"example.test/svc/internal/...=" + x},
		{x, "std=-s -w"}, {"std=" + x, "-s -w"}, {x, "./cmd/...=-s"}, {"-s", "./cmd/...=" + x},
	} {
		var args []string
		var words []string
		for _, f := range ldflags {
			args = append(args, "-ldflags", f)
			words = append(words, `-ldflags "`+f+`"`)
		}
		t.Run(strings.Join(words, " "), func(t *testing.T) {
			build := exec.Command("go", append(append([]string{"build"}, args...), "-o", "prog", "./cmd/api")...)
			build.Dir, build.Env = dir, append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			out, err := exec.Command(filepath.Join(dir, "prog")).Output()
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			injected := strings.TrimSpace(string(out)) == "1.2.3 abc"
			withMake := map[string]string{"Makefile": "build:\n\tgo build " + strings.Join(words, " ") + " -o bin/api ./cmd/api\n"}
			for name, src := range files {
				withMake[name] = src
			}
			if got := auditInline(t, withMake, "ldflags"); injected != (got.Status == Pass) {
				t.Errorf("the binary prints %q; audit %s %q", strings.TrimSpace(string(out)), got.Status, got.Message)
			}
		})
	}
}
