package audit

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// TestLDFlagsModulePathReference: an -X package path built from go list -m (a Make
// $(shell go list -m), a shell's $(go list -m) or `go list -m`) is the path of the
// module where the build runs, so an -X into a package that does not exist is FAIL
// as with the path written out; a path holding a reference this audit cannot expand
// is UNKNOWN, never PASS; and a $(shell ...) holding double quotes inside a
// double-quoted recipe word stays one word, as make expands it before the shell
// reads the quotes.
func TestLDFlagsModulePathReference(t *testing.T) {
	const mainGo = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.com/acme/api/internal/version\"\n)\n\n" +
		"func main() {\n\tlog.Print(version.Version, version.Commit)\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\tlog.Fatal(srv.ListenAndServe())\n}\n"
	makefile := func(module, pkg string) string {
		return "MODULE := " + module + "\nLDFLAGS := -s -w -X $(MODULE)/internal/" + pkg + ".Version=1.2.3 -X $(MODULE)/internal/" + pkg + ".Commit=abcdef\n\n" +
			".PHONY: build\nbuild:\n\tCGO_ENABLED=0 go build -ldflags \"$(LDFLAGS)\" -o bin/api ./cmd/api\n"
	}
	dockerfile := func(module, pkg string) string {
		return "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nARG COMMIT=none\n" +
			"RUN CGO_ENABLED=0 go build -ldflags \"-X " + module + "/internal/" + pkg + ".Version=${VERSION} -X " + module + "/internal/" + pkg + ".Commit=${COMMIT}\" -o /app ./cmd/api\n" +
			"FROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\nENTRYPOINT [\"/app\"]\n"
	}
	tests := []struct {
		name    string
		files   map[string]string
		want    Status
		message string // a part of the message
	}{
		{"Make's go list -m into a missing package", map[string]string{"Makefile": makefile("$(shell go list -m)", "buildinfo")},
			Fail, "sets -X example.com/acme/api/internal/buildinfo.Version, -X example.com/acme/api/internal/buildinfo.Commit into no variable"},
		{"Make's go list -m into the variables", map[string]string{"Makefile": makefile("$(shell go list -m)", "version")},
			Pass, "1 build(s) inject version and commit into variables that exist"},
		{"Make's go list -m -f with the path", map[string]string{"Makefile": makefile("$(shell go list -m -f '{{.Path}}')", "version")},
			Pass, "1 build(s) inject version and commit into variables that exist"},
		{"the shell's go list -m into a missing package", map[string]string{"Dockerfile": dockerfile("$(go list -m)", "buildinfo")},
			Fail, "sets -X example.com/acme/api/internal/buildinfo.Version, -X example.com/acme/api/internal/buildinfo.Commit into no variable"},
		{"the shell's go list -m into the variables", map[string]string{"Dockerfile": dockerfile("$(go list -m)", "version")},
			Pass, "1 build(s) inject version and commit into variables that exist"},
		{"go list -m in backquotes", map[string]string{"Dockerfile": dockerfile("`go list -m`", "buildinfo")},
			Fail, "example.com/acme/api/internal/buildinfo.Version"},
		{"go list -m -f with the path in double quotes", map[string]string{"Dockerfile": dockerfile(`$(go list -m -f "{{.Path}}")`, "buildinfo")},
			Fail, "example.com/acme/api/internal/buildinfo.Version"},
		{"another command in double quotes", map[string]string{"Makefile": makefile(`$(shell grep -m1 "^module " go.mod | cut -d" " -f2)`, "version")},
			Unknown, `sets -X $(shell grep -m1 "^module " go.mod | cut -d" " -f2)/internal/version.Version, -X $(shell grep -m1 "^module " go.mod | cut -d" " -f2)/internal/version.Commit, whose package path holds a reference this audit cannot expand`},
		{"another command in single quotes", map[string]string{"Makefile": makefile(`$(shell grep -m1 '^module ' go.mod | cut -d' ' -f2)`, "version")},
			Unknown, `sets -X $(shell grep -m1 '^module ' go.mod | cut -d' ' -f2)/internal/version.Version`},
		{"go list -m in a module of a go.work", map[string]string{"Makefile": makefile("$(shell go list -m)", "buildinfo"), "go.work": "go 1.25\n\nuse .\n"},
			Unknown, "sets -X $(shell go list -m)/internal/buildinfo.Version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{
				"go.mod":                      "module example.com/acme/api\n\ngo 1.25\n",
				"go.sum":                      "",
				"cmd/api/main.go":             mainGo,
				"internal/version/version.go": "package version\n\nvar (\n\tVersion = \"dev\"\n\tCommit  = \"none\"\n)\n",
			}
			for k, v := range tt.files {
				files[k] = v
			}
			rep, err := Run(context.Background(), openTempRepo(t, files), Options{Only: []string{"ldflags"}, Main: "cmd/api"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1", len(rep.Results))
			}
			if r := rep.Results[0]; r.Status != tt.want || !strings.Contains(r.Message, tt.message) {
				t.Fatalf("ldflags: %s %q\n\twant %s and a message containing %q", r.Status, r.Message, tt.want, tt.message)
			}
		})
	}
}

// TestSplitCommandsSubstitutionQuotes: the quotes inside a $(...) within a
// double-quoted word belong to the substitution, as for sh (and for make, which
// expands $(shell ...) before the shell reads the line).
func TestSplitCommandsSubstitutionQuotes(t *testing.T) {
	tests := []struct {
		line string
		want []string
	}{
		{`go build -ldflags "-X $(shell grep "^module " go.mod)/v.V=1" -o x .`, []string{"go", "build", "-ldflags", `-X $(shell grep "^module " go.mod)/v.V=1`, "-o", "x", "."}},
		{`go build -ldflags "-X $(go list -m -f "{{.Path}}")/v.V=1 -s" .`, []string{"go", "build", "-ldflags", `-X $(go list -m -f "{{.Path}}")/v.V=1 -s`, "."}},
		{`go build -ldflags "-X a/v.V=$(git describe --tags) -s" .`, []string{"go", "build", "-ldflags", "-X a/v.V=$(git describe --tags) -s", "."}},
		{`echo "a \"b\" $x"`, []string{"echo", `a "b" $x`}},
	}
	for _, tt := range tests {
		cmds := splitCommands(tt.line)
		if len(cmds) != 1 || !slices.Equal(cmds[0].words, tt.want) {
			var got [][]string
			for _, c := range cmds {
				got = append(got, c.words)
			}
			t.Errorf("splitCommands(%q) = %q, want one command %q", tt.line, got, tt.want)
		}
	}
}
