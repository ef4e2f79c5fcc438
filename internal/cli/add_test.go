package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// gitRepo copies files into a new git repository with everything committed.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		mustWrite(t, dir, p, body)
	}
	gitRepoIn(t, dir)
	return dir
}

// service is a small net/http service with a Makefile of its own.
var service = map[string]string{
	"go.mod":   "module example.com/acme/inventory\n\ngo 1.26\n",
	"Makefile": "build:\n\tgo build ./...\n",
	"main.go": `package main

import (
	"log"
	"net/http"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", http.NotFoundHandler()))
}
`,
}

// TestAuditFixesPromiseWhatAddWrites: the fix lines of audit that name add ci or add
// docker promise only what add writes into an existing repository: each tool, flag or
// property a fix line names is in the file add writes for that component.
func TestAuditFixesPromiseWhatAddWrites(t *testing.T) {
	const workflow = ".github/workflows/gonew-prod.yml"
	tests := []struct {
		component, named string // a fix line of add component naming named
		file, written    string // what the file add writes then holds
	}{
		{"ci", "gofmt", workflow, "gofmt"},
		{"ci", "go vet", workflow, "go vet ./..."},
		{"ci", "golangci-lint", workflow, "golangci-lint"},
		{"ci", "go test -race", workflow, "go test -race"},
		{"ci", "go mod verify", workflow, "go mod verify"},
		{"ci", "tidy -diff", workflow, "go mod tidy -diff"},
		{"ci", "-mod=readonly", workflow, "-mod=readonly"},
		{"ci", "the build", workflow, "go build"},
		{"docker", "multi-stage", "Dockerfile", " AS build"},
		{"docker", "CGO_ENABLED=0", "Dockerfile", "CGO_ENABLED=0"},
		{"docker", "FROM scratch", "Dockerfile", "FROM scratch"},
		{"docker", "non-root", "Dockerfile", "USER 65532"},
		{"docker", "healthcheck", "Dockerfile", "HEALTHCHECK"},
	}
	dir := serviceRepo(t, map[string]string{"go.mod": service["go.mod"], "main.go": service["main.go"]})
	audit := run(t, dir, "audit")
	fixes := map[string][]string{}
	for _, line := range strings.Split(audit.stdout+audit.stderr, "\n") {
		if _, fix, ok := strings.Cut(line, "fix: gonew-prod add "); ok {
			component, what, _ := strings.Cut(fix, ": ")
			fixes[component] = append(fixes[component], what)
		}
	}
	if len(fixes["ci"]) == 0 || len(fixes["docker"]) == 0 {
		t.Fatalf("audit gives no fix naming add ci and add docker:\n%s%s", audit.stdout, audit.stderr)
	}
	if r := run(t, dir, "add", "--yes", "ci", "docker"); r.code != ExitOK {
		t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, tt := range tests {
		for _, fix := range fixes[tt.component] {
			if strings.Contains(strings.ToLower(fix), strings.ToLower(tt.named)) && !strings.Contains(readFile(t, dir, tt.file), tt.written) {
				t.Errorf("audit says fix: gonew-prod add %s: %s, but %s add writes has no %s", tt.component, fix, tt.file, tt.written)
			}
		}
	}
}

// TestAddContract pins add's exit codes and refusals, with the components that add no
// Go code (so no go command runs).
func TestAddContract(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	tests := []struct {
		name   string
		args   []string
		setup  func(t *testing.T, dir string)
		code   int
		stderr string
		wrote  bool
	}{
		{name: "no terminal without --yes", args: []string{"add", "makefile"}, code: ExitUsage, stderr: "pass --yes"},
		{name: "unknown component", args: []string{"add", "--yes", "kafka"}, code: ExitUsage, stderr: `unknown component "kafka"`},
		{name: "unknown component without a terminal", args: []string{"add", "shutdwon"}, code: ExitUsage, stderr: `unknown component "shutdwon": components are makefile, version`},
		{name: "unknown component beside a known one, without a terminal", args: []string{"add", "makefile", "kafka"}, code: ExitUsage, stderr: `unknown component "kafka"`},
		{name: "dirty tree", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", service["main.go"]+"\n// edited\n")
		}, code: ExitUsage, stderr: "modified tracked files (main.go): commit or stash them, or pass --allow-dirty"},
		{name: "dirty tree allowed", args: []string{"add", "--yes", "--allow-dirty", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", service["main.go"]+"\n// edited\n")
		}, code: ExitOK, wrote: true},
		{name: "dry run", args: []string{"add", "--dry-run", "makefile", "ci"}, code: ExitOK, stderr: "dry run: nothing written"},
		{name: "no main package", args: []string{"add", "--yes", "--main", "./cmd/nope", "makefile"}, code: ExitUsage, stderr: "--main ./cmd/nope: no main package there"},
		{name: "a variable gonew-prod.mk sets", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "PROD_BINARY := mk-server\nrelease:\n\tgo build -o dist/$(PROD_BINARY) .\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "Makefile:1 sets PROD_BINARY, which gonew-prod.mk, included from Makefile at its end, sets to its own value"},
		{name: "a variable gonew-prod.mk defaults", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "PROD_VERSION = 1.2.3\nrelease:\n\tgo build .\n")
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true},
		{name: "files git ignores", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "*.mk\n.*\n!.gitignore\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "git ignores the record add writes with every component, .gonew-prod.yaml (by .gitignore:2:.*): a commit would leave it out, and a clone would have no record for gonew-prod update and later adds; add the line !/.gonew-prod.yaml at the end of the .gitignore beside it (made if there is none) and run add again; git ignores these files add would create too: gonew-prod.mk (by .gitignore:1:*.mk); change the pattern (or add a !exception), or leave out makefile\n"},
		{name: "files of two components git ignores, and the record", args: []string{"add", "--yes", "makefile", "docker"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "*.mk\n.*\n!.gitignore\nDockerfile\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "; git ignores these files add would create too: Dockerfile (by .gitignore:4:Dockerfile), gonew-prod.mk (by .gitignore:1:*.mk); change the pattern (or add a !exception), or leave out makefile, docker\n"},
		// The Makefile add creates for its guarded block is makefile's: the refusal names it.
		{name: "a Makefile add would create, git ignores", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "Makefile")); err != nil {
				t.Fatal(err)
			}
			mustWrite(t, dir, ".gitignore", "Makefile\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "git ignores files add would create: Makefile (by .gitignore:1:Makefile); a commit would leave them out and a clone would miss them; change the pattern (or add a !exception) and run add again, or leave out makefile\n"},
		// Every component writes the record: no component can be left out to avoid it.
		{name: "the record git ignores", args: []string{"add", "--yes", "version"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "/bin/\n*.yaml\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "gonew-prod: git ignores the record add writes with every component, .gonew-prod.yaml (by .gitignore:2:*.yaml): a commit would leave it out, and a clone would have no record for gonew-prod update and later adds; add the line !/.gonew-prod.yaml at the end of the .gitignore beside it (made if there is none) and run add again\n"},
		{name: "the record git ignores, kept by its exception", args: []string{"add", "--yes", "version"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "/bin/\n*.yaml\n!/.gonew-prod.yaml\n")
			gitCommit(t, dir)
		}, code: ExitOK, stderr: "added version", wrote: true},
		{name: "files a negation keeps", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "*.mk\n!gonew-prod.mk\n")
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true},
		{name: "an empty record", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gonew-prod.yaml", "\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: ".gonew-prod.yaml is empty; the only commit that has it ("},
		{name: "a record of a comment alone", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gonew-prod.yaml", "# written by hand\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: ".gonew-prod.yaml is empty: it holds no record; the only commit that has it ("},
		{name: "a record with conflict markers", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gonew-prod.yaml", "generator:\n<<<<<<< ours\n  version: v0.1.0\n=======\n  version: v0.2.0\n>>>>>>> theirs\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: ".gonew-prod.yaml:2: a git conflict marker: resolve the conflict in .gonew-prod.yaml first, then run again\n"},
		{name: "a tracked file the work tree lacks", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "gonew-prod.mk", "ours:\n")
			gitCommit(t, dir)
			cmd := exec.Command("git", "update-index", "--skip-worktree", "gonew-prod.mk") // as a sparse checkout marks it
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git update-index: %v\n%s", err, out)
			}
			if err := os.Remove(filepath.Join(dir, "gonew-prod.mk")); err != nil {
				t.Fatal(err)
			}
		}, code: ExitUsage, stderr: "nothing written: git tracks gonew-prod.mk, which the work tree lacks (a sparse checkout, or --skip-worktree)"},
		{name: "a tracked file the user deleted", args: []string{"add", "--yes", "--allow-dirty", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "gonew-prod.mk", "ours:\n")
			gitCommit(t, dir)
			if err := os.Remove(filepath.Join(dir, "gonew-prod.mk")); err != nil {
				t.Fatal(err)
			}
		}, code: ExitUsage, stderr: "nothing written: you deleted gonew-prod.mk, which git still tracks: add would write its own over the committed file; restore it"},
		{name: "a file to edit that git is told not to look at", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			for _, flag := range []string{"--assume-unchanged", "--skip-worktree"} {
				cmd := exec.Command("git", "update-index", flag, "Makefile")
				cmd.Dir = dir
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("git update-index: %v\n%s", err, out)
				}
			}
		}, code: ExitUsage, stderr: "nothing written: Makefile is marked assume-unchanged or skip-worktree: git would neither show nor commit add's edits there; run git update-index --no-assume-unchanged Makefile and git update-index --no-skip-worktree Makefile, then add again"},
		{name: "a bisect in progress", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			gitIn(t, dir, false, "bisect", "start")
		}, code: ExitUsage, stderr: filepath.Join(".git", "BISECT_LOG") + " exists): what add writes would become part of it, or be half undone when it is aborted; end it (git bisect reset), then run add again"},
		{name: "a merge in progress, the dirty tree allowed", args: []string{"add", "--yes", "--allow-dirty", "makefile"}, setup: func(t *testing.T, dir string) {
			gitIn(t, dir, false, "checkout", "-q", "-b", "side")
			mustWrite(t, dir, "Makefile", service["Makefile"]+"side:\n")
			gitCommit(t, dir)
			gitIn(t, dir, false, "checkout", "-q", "-")
			mustWrite(t, dir, "Makefile", service["Makefile"]+"main:\n")
			gitCommit(t, dir)
			gitIn(t, dir, true, "merge", "side") // stops at the conflict in Makefile
		}, code: ExitUsage, stderr: "a merge is in progress"},
		{name: "the end marker of add's Makefile block deleted", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", service["Makefile"]+"\n# >>> gonew-prod:makefile\ninclude gonew-prod.mk\ndeploy:\n\t./deploy.sh\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "nothing written: Makefile: the guarded block makefile has a begin marker but no end marker (<<< gonew-prod:makefile); restore it or remove the begin marker, then run add again"},
		{name: "a work tree git cannot read", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".git/index", "not an index\n") // git status: index file smaller than expected
		}, code: ExitUsage, stderr: "nothing written: git cannot read the work tree at "},
		{name: "a repository of another owner, which git refuses", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			giveToAnotherOwner(t, dir)
		}, code: ExitUsage, stderr: "detected dubious ownership in repository at"},
		{name: "another run in the directory", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			unlock, err := generator.LockDir(dir) // as a run of add or update in progress holds it
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(unlock)
		}, code: ExitFailure, stderr: "another gonew-prod run (new --force, add or update) is writing in this directory: wait for it to finish, then run again"},
		{name: "a file where the binary's directory goes", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "bin", "#!/bin/sh\nexec go run . \"$@\"\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "bin is a file (one of yours?), and make prod-build writes the binary into a directory of that name (bin/inventory): move it away, or leave out makefile"},
		{name: "the stage of a killed run", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			// A run killed while moving files left main.go half-written and its own saved.
			mustWrite(t, dir, ".gonew-prod-stage-1/saved/main.go", service["main.go"])
			mustWrite(t, dir, "main.go", service["main.go"]+"// written by the killed run\n")
		}, code: ExitUsage, stderr: "is left from a gonew-prod run that was stopped while writing: its saved/ directory holds 1 file(s) of yours"},
		{name: "a main.go that does not parse", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", service["main.go"]+"func broken( {\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main package .: main.go was not read (main.go:"},
		{name: "a main.go with merge conflict markers in func main, beside a tool", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", strings.Replace(service["main.go"], "func main() {", "func main() {\n<<<<<<< HEAD\n=======\n>>>>>>> feature", 1))
			mustWrite(t, dir, "tools/gen/main.go", "package main\n\nfunc main() {}\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main package .: main.go was not read (main.go:"},
		{name: "--main naming a main package whose main.go has merge conflict markers", args: []string{"add", "--yes", "--main", ".", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", strings.Replace(service["main.go"], "func main() {", "func main() {\n<<<<<<< HEAD\n=======\n>>>>>>> feature", 1))
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "--main .: main.go was not read (main.go:"},
		{name: "a directory at go.sum", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "go.sum/README", "not a go.sum\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "go.sum is not a regular file: add reads and edits only regular files of the repository; make it one (go mod tidy writes it)"},
		{name: "a generated main.go", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", "// Code generated by svcgen. DO NOT EDIT.\n\n"+service["main.go"])
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "no main package found that add may edit: main.go declares func main but is generated"},
		{name: "--main naming a main package whose func main is generated", args: []string{"add", "--yes", "--main", "./cmd/pets-server", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "cmd/pets-server/main.go", "// Code generated by go-swagger; DO NOT EDIT.\n\n"+service["main.go"])
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "--main ./cmd/pets-server: cmd/pets-server/main.go declares func main but is generated"},
		{name: "a named pipe at .gitignore", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			treetest.Mkfifo(t, filepath.Join(dir, ".gitignore"), 0o644) // git would wait on it for good
		}, code: ExitUsage, stderr: ".gitignore: not a regular file, which git reads for its ignore rules"},
		{name: "a go.work of the repository's that does not parse", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "go.work", "go 1.26.0\n\nuse .\nbogus directive\n") // the go command stops on it, make's targets too
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "go.work:4: unknown directive: bogus: every go command run for the module stops on it, add's checks too; fix it and run add again, or set GOWORK=off when the module builds without it"},
		{name: "a record over the size limit", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gonew-prod.yaml", "generator:\n  name: gonew-prod\n# "+strings.Repeat("x", generator.MaxRecordSize)+"\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "read .gonew-prod.yaml: larger than 4194304 bytes: a record is a few kB; the only commit that has it ("},
		{name: "a record that is a directory", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gonew-prod.yaml/x", "x\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: ".gonew-prod.yaml is not a regular file"},
		{name: "a record with an unknown component", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gonew-prod.yaml", "generator:\n  name: gonew-prod\n  version: v0.1.0\n  templates: sha256:x\nanswers:\n  module: example.com/acme/inventory\ncomponents: [procs, bogus]\nfiles: []\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: `.gonew-prod.yaml: components: unknown component "bogus"`},
		{name: "no such directory", args: []string{"add", "--yes", "--dir", "nowhere", "makefile"}, code: ExitUsage, stderr: "--dir "},
		{name: "a go.mod with a byte order mark", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "go.mod", "\ufeff"+service["go.mod"]) // the go command rejects it
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main package .: its go.mod cannot be read: go.mod:1: unexpected input character '\\ufeff'; save it without the byte order mark"},
		{name: "a module below whose go.mod does not parse", args: []string{"add", "--yes", "--main", "./svc", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "svc/go.mod", "module example.com/acme/svc\n\ngo 1.26\nrequire (\n")
			mustWrite(t, dir, "svc/main.go", service["main.go"])
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main package svc: its go.mod cannot be read: svc/go.mod:"},
		{name: "a whitelist .dockerignore", args: []string{"add", "--yes", "docker", "shutdown"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".dockerignore", "*\n!go.mod\n!go.sum\n!*.go\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: ".dockerignore leaves internal/platform/config/config.go, internal/platform/health/health.go, internal/platform/httpserver/httpserver.go, internal/platform/lifecycle/lifecycle.go, internal/platform/lifecycle/signal.go out of the Docker build context (pattern *), and the image's go build needs them; add an exception (!internal/) at its end, or leave out docker"},
		// What the program embeds, the image's go build needs as much as its Go files.
		{name: "a .dockerignore leaving out embedded files", args: []string{"add", "--yes", "docker"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".dockerignore", ".git\nweb/dist\n")
			mustWrite(t, dir, "web/dist/index.html", "<h1>app</h1>\n")
			mustWrite(t, dir, "main.go", "package main\n\nimport (\n\t\"embed\"\n\t\"log\"\n\t\"net/http\"\n)\n\n//go:embed \"web/dist\"\nvar dist embed.FS\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(\":8080\", http.FileServerFS(dist)))\n}\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: ".dockerignore leaves web/dist (main.go:9 embeds it: //go:embed web/dist) out of the Docker build context (pattern web/dist), and the image's go build needs it; add an exception (!web/dist) at its end, or give the Dockerfile add writes an ignore file of its own (Dockerfile.dockerignore) that keeps it, or leave out docker"},
		// BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile in place of the
		// context's .dockerignore.
		{name: "a Dockerfile.dockerignore", args: []string{"add", "--yes", "docker", "shutdown"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Dockerfile.dockerignore", "**/*.go\n!main.go\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "Dockerfile.dockerignore (which Docker reads for Dockerfile in place of .dockerignore) leaves gonew_prod.go, internal/platform/config/config.go, internal/platform/health/health.go, internal/platform/httpserver/httpserver.go, internal/platform/lifecycle/lifecycle.go, internal/platform/lifecycle/signal.go out of the Docker build context (pattern **/*.go), and the image's go build needs them; add the exceptions (!gonew_prod.go and !internal/) at its end, or leave out docker"},
		{name: "a .dockerignore a Dockerfile.dockerignore stands in for", args: []string{"add", "--yes", "docker", "shutdown"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".dockerignore", "*\n")
			mustWrite(t, dir, "Dockerfile.dockerignore", "bin/\n")
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true},
		{name: "a Dockerfile.prod.dockerignore", args: []string{"add", "--yes", "docker", "shutdown"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Dockerfile", "FROM scratch\n")
			mustWrite(t, dir, "Dockerfile.dockerignore", "**/*.go\n") // for the user's Dockerfile, not add's
			mustWrite(t, dir, "Dockerfile.prod.dockerignore", "internal/\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "Dockerfile.prod.dockerignore (which Docker reads for Dockerfile.prod in place of .dockerignore) leaves internal/platform/"},
		// Your own Dockerfile builds the program from a whitelisted context: the Go files
		// add writes must get in, or that image no longer builds once main calls them.
		{name: "a whitelist .dockerignore of your Dockerfile", args: []string{"add", "--yes", "shutdown", "version"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Dockerfile", "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n")
			mustWrite(t, dir, ".dockerignore", "*\n!go.mod\n!go.sum\n!main.go\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "(pattern *), which add writes for version, shutdown: that image's go build then misses them; add !gonew_prod.go and !internal/ to .dockerignore, or leave out version, shutdown"},
		{name: "a whitelist .dockerignore of your Dockerfile naming add's files", args: []string{"add", "--yes", "--dry-run", "shutdown", "version"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Dockerfile", "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n")
			mustWrite(t, dir, ".dockerignore", "*\n!go.mod\n!go.sum\n!main.go\n!gonew_prod.go\n!internal/buildinfo/\n!internal/platform/\n")
			gitCommit(t, dir)
		}, code: ExitOK},
		{name: "a whitelist .dockerignore of your Dockerfile that builds no Go", args: []string{"add", "--yes", "--dry-run", "shutdown"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Dockerfile", "FROM scratch\nCOPY bin/app /app\n")
			mustWrite(t, dir, ".dockerignore", "*\n!bin/app\n!main.go\n")
			gitCommit(t, dir)
		}, code: ExitOK},
		// kubectl apply -f k8s/ would apply a second Deployment or Service of one name.
		{name: "a Deployment and a Service of the service's name in k8s/", args: []string{"add", "--yes", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/app.yaml", "# ours\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: inventory\nspec:\n  replicas: 3\n---\napiVersion: v1\nkind: Service\nmetadata: {name: inventory}\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "k8s/app.yaml:2 defines Deployment inventory, k8s/app.yaml:9 defines Service inventory, as k8s/deployment.yaml and k8s/service.yaml, which add writes, do"},
		{name: "a Service of the service's name in k8s/ below", args: []string{"add", "--yes", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/base/svc.yml", "kind: Service\nmetadata:\n  name: inventory\n  namespace: shop\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "k8s/base/svc.yml:1 defines Service inventory, as k8s/service.yaml, which add writes, does"},
		{name: "a Deployment of the service's name in JSON in k8s/", args: []string{"add", "--yes", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/app.json", "{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\",\n \"metadata\": {\"name\": \"inventory\"}}\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "k8s/app.json:1 defines Deployment inventory, as k8s/deployment.yaml, which add writes, does"},
		{name: "a Service of the service's name in a List in k8s/", args: []string{"add", "--yes", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/all.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: inventory\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "k8s/all.yaml:4 defines Service inventory, as k8s/service.yaml, which add writes, does"},
		{name: "other objects in k8s/", args: []string{"add", "--yes", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/db.yaml", "kind: Deployment\nmetadata:\n  name: inventory-db\n---\nkind: ConfigMap\nmetadata:\n  name: inventory\n")
			mustWrite(t, dir, "k8s/chart/templates/x.yaml", "kind: Service\nmetadata:\n  name: {{ .Release.Name }}\n")
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true},
		// kubectl apply -k k8s deploys only what the Kustomization lists.
		{name: "a Kustomization in k8s/ that lists one of add's files", args: []string{"add", "--yes", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "k8s/kustomization.yaml", "kind: Kustomization\nnamespace: payments\nresources: [configmap.yaml, ./service.yaml]\n")
			mustWrite(t, dir, "k8s/configmap.yaml", "kind: ConfigMap\nmetadata:\n  name: inventory-config\n")
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true, stderr: "note: k8s/kustomization.yaml does not list deployment.yaml under resources:, so kubectl apply -k k8s leaves it out (and its namespace and patches do not reach it): add it to its resources:"},
		{name: "files read at run time", args: []string{"add", "--yes", "docker"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", strings.Replace(service["main.go"], "func main() {\n", "func main() {\n\t_, _ = os.ReadFile(\"config/app.yaml\")\n", 1))
			mustWrite(t, dir, "main.go", strings.Replace(readFile(t, dir, "main.go"), "\"net/http\"\n", "\"net/http\"\n\t\"os\"\n", 1))
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true, stderr: `the program reads files at run time by a relative path (main.go:10 os.ReadFile("config/app.yaml"))`},
		{name: "a fasthttp server", args: []string{"add", "--yes", "--main", ".", "shutdown", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "main.go", "package main\n\nimport \"github.com/gofiber/fiber/v2\"\n\nfunc main() { _ = fiber.New().Listen(\":3000\") }\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main.go:3 imports github.com/gofiber/fiber/v2, which serves with fasthttp, not net/http: shutdown cannot be added"},
		{name: "a tool that serves no HTTP", args: []string{"add", "--yes", "--main", "./cmd/migrate", "procs"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "cmd/migrate/main.go", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"migrated\") }\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main package ./cmd/migrate serves no HTTP"},
		// A raw TCP or gRPC server has no handler to wrap or probe: with nothing named,
		// add brings what needs none and says what it left out.
		{name: "nothing named for a server of no HTTP", args: []string{"add", "--yes", "--main", "./cmd/tcp"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "cmd/tcp/main.go", "package main\n\nimport \"net\"\n\nfunc main() { l, _ := net.Listen(\"tcp\", \":7000\"); _ = l.Close() }\n")
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true, stderr: "main package ./cmd/tcp (no HTTP framework or net/http import seen), module example.com/acme/inventory (go 1.26)\naudit finds missing k8s too, left out: each works around an http.Handler, and main package ./cmd/tcp serves no HTTP"},
		{name: "k8s for a server of no HTTP", args: []string{"add", "--yes", "--main", "./cmd/tcp", "k8s"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "cmd/tcp/main.go", "package main\n\nimport \"net\"\n\nfunc main() { l, _ := net.Listen(\"tcp\", \":7000\"); _ = l.Close() }\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "main package ./cmd/tcp serves no HTTP (it imports no HTTP framework or net/http): shutdown, k8s cannot be added"},
		{name: "path taken", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "gonew-prod.mk", "mine\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "these paths are taken: gonew-prod.mk (content differs); move them away, or leave out makefile"},
		// Components named: every path in the way is named, of every component, in one run.
		{name: "paths taken of two components", args: []string{"add", "--yes", "makefile", "docker"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "gonew-prod.mk", "mine\n")
			mustWrite(t, dir, "Dockerfile", "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n")
			mustWrite(t, dir, "Dockerfile.prod", "FROM scratch\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "these paths are taken: Dockerfile.prod (content differs), gonew-prod.mk (content differs); move them away, or leave out makefile, docker"},
		// Many: the first ten, and how many more.
		{name: "files of three components git ignores", args: []string{"add", "--yes", "--dry-run", "version", "procs"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "/internal/\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "internal/buildinfo/buildinfo.go (by .gitignore:1:/internal/), internal/buildinfo/buildinfo_test.go (by .gitignore:1:/internal/), internal/platform/config/config.go (by .gitignore:1:/internal/), internal/platform/config/config_test.go (by .gitignore:1:/internal/), internal/platform/health/health.go (by .gitignore:1:/internal/), internal/platform/health/health_test.go (by .gitignore:1:/internal/), internal/platform/httpserver/httpserver.go (by .gitignore:1:/internal/), internal/platform/httpserver/httpserver_test.go (by .gitignore:1:/internal/), internal/platform/lifecycle/lifecycle.go (by .gitignore:1:/internal/), internal/platform/lifecycle/lifecycle_test.go (by .gitignore:1:/internal/) and 4 more; a commit would leave them out and a clone would miss them; change the pattern (or add a !exception) and run add again, or leave out version, shutdown, procs\n"},
		// A bare add leaves out the component whose file is taken, or ignored, and says
		// so, and plans the others.
		{name: "bare add, Dockerfile.prod taken", args: []string{"add", "--dry-run"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Dockerfile", "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n")
			mustWrite(t, dir, "Dockerfile.prod", "FROM golang:1.26 AS b\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static\nCOPY --from=b /app /app\nENTRYPOINT [\"/app\"]\n")
			gitCommit(t, dir)
		}, code: ExitOK, stderr: "audit finds missing docker too, left out: add writes new files only, and these paths are taken: Dockerfile.prod (content differs); move them away, or leave out docker\n"},
		{name: "bare add, k8s/ ignored", args: []string{"add", "--dry-run"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "/k8s/\n")
			gitCommit(t, dir)
		}, code: ExitOK, stderr: "audit finds missing k8s too, left out: git ignores files add would create: k8s/deployment.yaml (by .gitignore:1:/k8s/), k8s/service.yaml (by .gitignore:1:/k8s/); a commit would leave them out and a clone would miss them; change the pattern (or add a !exception) and run add again, or leave out k8s\n"},
		// No component can be left out to avoid the record: a bare add refuses.
		{name: "bare add, the record and k8s/ ignored", args: []string{"add", "--dry-run"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, ".gitignore", "*.yaml\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "add the line !/.gonew-prod.yaml at the end of the .gitignore beside it (made if there is none) and run add again; git ignores these files add would create too: k8s/deployment.yaml (by .gitignore:1:*.yaml), k8s/service.yaml (by .gitignore:1:*.yaml); change the pattern (or add a !exception), or leave out k8s\n"},
		{name: "makefile", args: []string{"add", "--yes", "makefile"}, code: ExitOK, stderr: "added makefile", wrote: true},
		// make reads the files of a pattern include: a PROD_* variable or a prod-* recipe
		// of theirs clashes as one of a file included by name does.
		{name: "a PROD_* variable in a wildcard-included file", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "include $(wildcard mk/*.mk)\n"+service["Makefile"])
			mustWrite(t, dir, "mk/deploy.mk", "PROD_BINARY = inventory-linux-amd64\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "mk/deploy.mk:1 sets PROD_BINARY, which gonew-prod.mk, included from Makefile at its end, sets to its own value"},
		{name: "a prod-build recipe in a pattern-included file", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "include mk/*.mk\n"+service["Makefile"])
			mustWrite(t, dir, "mk/prod.mk", "prod-build:\n\techo mine\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "mk/prod.mk:1 gives prod-build a recipe"},
		{name: "unguarded include of gonew-prod.mk", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", service["Makefile"]+"\n-include gonew-prod.mk\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "Makefile:4 includes gonew-prod.mk already, outside gonew-prod's guarded block"},
		// A pattern that matches gonew-prod.mk once add writes it: make would read it at
		// the top (prod-help the default goal) and again from the block.
		{name: "an include of *.mk at the top", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "-include *.mk\n\n"+service["Makefile"])
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "Makefile:1 `-include *.mk` would include gonew-prod.mk, which add writes, besides gonew-prod's guarded block at the end of Makefile"},
		{name: "an include of $(wildcard *.mk) at the end", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", service["Makefile"]+"include $(wildcard *.mk)\n")
			mustWrite(t, dir, "deploy.mk", "deploy:\n\t@true\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "Makefile:3 `include $(wildcard *.mk)` would include gonew-prod.mk"},
		{name: "an include of *.mk in an included file", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "include mk/all.mk\n"+service["Makefile"])
			mustWrite(t, dir, "mk/all.mk", "sinclude *.mk\n")
			gitCommit(t, dir)
		}, code: ExitUsage, stderr: "mk/all.mk:1 `sinclude *.mk` would include gonew-prod.mk"},
		{name: "an include of *.mk less gonew-prod.mk", args: []string{"add", "--yes", "makefile"}, setup: func(t *testing.T, dir string) {
			mustWrite(t, dir, "Makefile", "-include $(filter-out gonew-prod.mk,$(wildcard *.mk))\n\n"+service["Makefile"])
			gitCommit(t, dir)
		}, code: ExitOK, wrote: true, stderr: "added makefile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			if tt.setup != nil {
				tt.setup(t, dir)
			}
			before := treetest.Describe(t, dir)
			r := run(t, dir, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
			after := treetest.Describe(t, dir)
			changed := len(before) != len(after)
			for p, d := range before {
				if after[p] != d {
					changed = true
				}
			}
			if changed != tt.wrote {
				t.Errorf("tree changed: %v, want %v", changed, tt.wrote)
			}
		})
	}
}

// TestAddRecordElsewhere: a service retrofitted from the repository's root and then
// from its own directory, or the other way round, is told where the record is and the
// command that runs add from there.
func TestAddRecordElsewhere(t *testing.T) {
	for _, first := range []string{"root", "service"} {
		t.Run("first from the "+first, func(t *testing.T) {
			dir := t.TempDir()
			for p, body := range service {
				mustWrite(t, dir, "svc/"+p, body)
			}
			gitRepoIn(t, dir)
			svc := filepath.Join(dir, "svc")
			firstDir, firstArgs, laterDir, laterArgs := dir, []string{"--main", "./svc"}, svc, []string(nil)
			wantAt, wantRun := filepath.Join(dir, ".gonew-prod.yaml"), "gonew-prod add --dir "+dir+" --main ./svc makefile"
			if first == "service" {
				firstDir, firstArgs, laterDir, laterArgs = svc, nil, dir, []string{"--main", "./svc"}
				wantAt, wantRun = filepath.Join(svc, ".gonew-prod.yaml"), "gonew-prod add --dir "+svc+" makefile"
			}
			wantCode(t, run(t, firstDir, slices.Concat([]string{"add", "--yes"}, firstArgs, []string{"docker", "makefile"})...), ExitOK, "the first add")
			gitCommit(t, dir)
			before := treetest.Describe(t, dir)
			r := run(t, laterDir, slices.Concat([]string{"add", "--yes"}, laterArgs, []string{"makefile"})...)
			wantCode(t, r, ExitUsage, "the later add")
			if want := "nothing written: an earlier gonew-prod add recorded this service in " + wantAt + ", run from another directory; run add from there: " + wantRun; !strings.Contains(r.stderr, want) {
				t.Errorf("stderr does not say where the record is:\n%s\nwant %s", r.stderr, want)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestAddBelowTheModuleRoot: add run in the main package's directory below the module's
// root (cd cmd/api, or --dir cmd/api) names the module it is in and the command that
// runs add from the module's directory, where it writes the Makefile, the Dockerfile and
// the record; and a directory in no module at all says so.
func TestAddBelowTheModuleRoot(t *testing.T) {
	files := map[string]string{"go.mod": service["go.mod"], "cmd/api/main.go": service["main.go"]}
	tests := []struct {
		name, at string
		args     []string
		want     string
	}{
		{"run in cmd/api", "cmd/api", nil, "main package . is inside module example.com/acme/inventory, whose go.mod is at %[1]s/go.mod, above the directory add works in (%[1]s/cmd/api): add works from the module's directory; run gonew-prod add --dir %[1]s --main ./cmd/api"},
		{"--dir cmd/api", ".", []string{"--dir", "cmd/api"}, "main package . is inside module example.com/acme/inventory, whose go.mod is at %[1]s/go.mod, above the directory add works in (%[1]s/cmd/api): add works from the module's directory; run gonew-prod add --dir %[1]s --main ./cmd/api"},
		{"--dir cmd", ".", []string{"--dir", "cmd", "--main", "./api"}, "main package api is inside module example.com/acme/inventory, whose go.mod is at %[1]s/go.mod, above the directory add works in (%[1]s/cmd): add works from the module's directory; run gonew-prod add --dir %[1]s --main ./cmd/api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, files)
			before := treetest.Describe(t, dir)
			r := run(t, filepath.Join(dir, tt.at), slices.Concat([]string{"add", "--dry-run"}, tt.args, []string{"makefile"})...)
			wantCode(t, r, ExitUsage, "add below the module root")
			if want := fmt.Sprintf(tt.want, dir); !strings.Contains(r.stderr, want) {
				t.Errorf("stderr:\n%s\nwant %s", r.stderr, want)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
	t.Run("no module at all", func(t *testing.T) {
		dir := gitRepo(t, map[string]string{"main.go": service["main.go"]})
		for d := filepath.Dir(dir); d != filepath.Dir(d); d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				t.Skipf("%s has a go.mod above it, which governs it", dir)
			}
		}
		r := run(t, dir, "add", "--dry-run", "makefile")
		wantCode(t, r, ExitUsage, "add in no module")
		if want := "main package . is in no module: there is no go.mod in " + dir + " or above it; run go mod init in the directory that is to be the module's root, then run add again"; !strings.Contains(r.stderr, want) {
			t.Errorf("stderr:\n%s\nwant %s", r.stderr, want)
		}
	})
}

// TestAddVendorFlagWithoutVendor: GOFLAGS=-mod=vendor from the environment, in a module
// without vendor/, is named as the cause instead of a failed check of the added code.
func TestAddVendorFlagWithoutVendor(t *testing.T) {
	dir := gitRepo(t, service)
	before := treetest.Describe(t, dir)
	r := runEnv(t, context.Background(), dir, nil, []string{"GOFLAGS=-mod=vendor"}, "add", "--yes", "shutdown")
	wantCode(t, r, ExitUsage, "add with GOFLAGS=-mod=vendor")
	if want := "GOFLAGS has -mod=vendor, but module example.com/acme/inventory has no vendor directory"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not name GOFLAGS:\n%s", r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddGitDirSet: a GIT_DIR left in the environment (a dotfiles setup, a hook)
// points git at another repository, whose files the git checks would judge instead.
func TestAddGitDirSet(t *testing.T) {
	dir := gitRepo(t, service)
	other := gitRepo(t, map[string]string{"f": "x\n"})
	mustWrite(t, other, "f", "edited\n")
	before := treetest.Describe(t, dir)
	r := runEnv(t, context.Background(), dir, nil, []string{"GIT_DIR=" + filepath.Join(other, ".git")}, "add", "--yes", "makefile")
	wantCode(t, r, ExitUsage, "add with GIT_DIR set")
	if want := "nothing written: GIT_DIR is set (" + filepath.Join(other, ".git") + "): git would answer for that repository, not for the tree add writes"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not name GIT_DIR:\n%s", r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddIntoNestedRepository: a service that is a git repository of its own inside
// the work tree (a submodule, a nested clone), retrofitted from the outer one, is
// refused before anything is written: git there does not answer for its files.
func TestAddIntoNestedRepository(t *testing.T) {
	dir := t.TempDir()
	for p, body := range service {
		mustWrite(t, dir, "svc/"+p, body)
	}
	gitRepoIn(t, filepath.Join(dir, "svc"))
	mustWrite(t, dir, "README.md", "the platform\n")
	gitRepoIn(t, dir)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "--main", "./svc", "makefile")
	wantCode(t, r, ExitUsage, "add --main ./svc from the outer repository")
	if want := "svc is a git repository of its own (a submodule, or a nested clone)"; !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "run gonew-prod add --dir "+filepath.Join(dir, "svc")) {
		t.Errorf("stderr does not name the nested repository and what to run:\n%s", r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddTempDirFull: a file system without room for the copy of the module that add
// checks beside it (data git ignores included) is named, with what to do; a TMPDIR
// without room for the go command's work, where the copy fits, fails the build of main's
// test binary, which is said as it is, not as a failure of the package's initialisation.
func TestAddTempDirFull(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system takes root")
	}
	tests := []struct {
		name     string
		repoFull bool // the repository on the small file system, else TMPDIR
		want     []string
	}{
		{"no room beside the module", true, []string{"add checks the module in a copy beside it (", "with room for the whole module"}},
		{"no room in TMPDIR", false, []string{"could not be built in the copy of the module", "no space left on device"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			small := t.TempDir()
			if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small).CombinedOutput(); err != nil {
				t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
			}
			t.Cleanup(func() { _ = exec.Command("umount", small).Run() })
			files := maps.Clone(service)
			files[".gitignore"] = "/data/\n"
			var dir string
			if tt.repoFull {
				dir = filepath.Join(small, "svc")
				for p, body := range files {
					mustWrite(t, dir, p, body)
				}
				gitRepoIn(t, dir)
			} else {
				dir = gitRepo(t, files)
				t.Setenv("TMPDIR", small)
			}
			mustWrite(t, dir, "data/dump.bin", strings.Repeat("x", 2<<20))
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "shutdown")
			wantCode(t, r, ExitFailure, "add without room")
			for _, want := range tt.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "fails as it starts") {
				t.Errorf("a failed build is said to be a failing initialisation:\n%s", r.stderr)
			}
			if after := treetest.Describe(t, dir); !equalTrees(before, after) {
				t.Errorf("a failed add changed the tree:\n%s", treeDiff(before, after))
			}
		})
	}
}

// TestAddUnusableTempDir: a TMPDIR that cannot take the scratch copy is named, with
// what to do, before anything is planned.
func TestAddUnusableTempDir(t *testing.T) {
	dir := gitRepo(t, service)
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "nowhere"))
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "makefile")
	wantCode(t, r, ExitUsage, "add with a TMPDIR that is not there")
	if want := "nowhere (TMPDIR), cannot take one"; !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "point TMPDIR at a writable directory") {
		t.Errorf("stderr does not name TMPDIR:\n%s", r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Errorf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}
}

// TestAddLinksOutside: a file add must read or edit that is a symbolic link is refused
// before anything is written, dry run or not, and no file outside the repository changes —
// not even in the scratch copy where add runs the go command. A link add need not follow
// (the user's Dockerfile) stays as it is.
func TestAddLinksOutside(t *testing.T) {
	tests := []struct {
		name, link string
		args       []string
		code       int
		stderr     string
		wrote      []string
	}{
		{name: "Makefile, dry run", link: "Makefile", args: []string{"add", "--dry-run", "makefile"}, code: ExitUsage, stderr: "Makefile is a symbolic link"},
		{name: "Makefile", link: "Makefile", args: []string{"add", "--yes", "makefile"}, code: ExitUsage, stderr: "Makefile is a symbolic link"},
		{name: "go.sum", link: "go.sum", args: []string{"add", "--yes", "version"}, code: ExitUsage, stderr: "go.sum is a symbolic link"},
		{name: "go.mod, dry run", link: "go.mod", args: []string{"add", "--dry-run", "version"}, code: ExitUsage, stderr: "go.mod is a symbolic link"},
		{name: "Dockerfile is the user's", link: "Dockerfile", args: []string{"add", "--yes", "docker"}, code: ExitOK, wrote: []string{"Dockerfile.prod"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(service)
			files["go.sum"] = ""
			files["Dockerfile"] = "FROM scratch\n"
			dir := gitRepo(t, files)
			outside := filepath.Join(t.TempDir(), tt.link)
			if err := os.Rename(filepath.Join(dir, tt.link), outside); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, filepath.Join(dir, tt.link)); err != nil {
				t.Fatal(err)
			}
			gitCommit(t, dir)
			want, err := os.ReadFile(outside)
			if err != nil {
				t.Fatal(err)
			}
			before := treetest.Describe(t, dir)
			r := run(t, dir, tt.args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
			if got, err := os.ReadFile(outside); err != nil || string(got) != string(want) {
				t.Errorf("the file outside the repository changed: %q, %v", got, err)
			}
			after := treetest.Describe(t, dir)
			if after[tt.link] != before[tt.link] {
				t.Errorf("the link changed: %s", after[tt.link])
			}
			for _, p := range tt.wrote {
				if _, ok := after[p]; !ok {
					t.Errorf("%s was not written", p)
				}
			}
			if tt.wrote == nil && !maps.Equal(before, after) {
				for p := range after {
					if before[p] != after[p] {
						t.Errorf("%s changed", p)
					}
				}
				for p := range before {
					if _, ok := after[p]; !ok {
						t.Errorf("%s was removed", p)
					}
				}
			}
		})
	}
}

// TestAddMakefile checks what the makefile component does to a Makefile of the user's:
// one guarded include at the end, aliases only for the names it lacks, and nothing more
// on a second run.
func TestAddMakefile(t *testing.T) {
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	mk := readFile(t, dir, "Makefile")
	if !strings.HasPrefix(mk, service["Makefile"]) || !strings.HasSuffix(mk, "# >>> gonew-prod:makefile (added by gonew-prod add: production targets prod-*)\ninclude gonew-prod.mk\n# <<< gonew-prod:makefile\n") {
		t.Errorf("Makefile:\n%s", mk)
	}
	inc := readFile(t, dir, "gonew-prod.mk")
	if strings.Contains(inc, "\nbuild: prod-build") || !strings.Contains(inc, "\ntest: prod-test") {
		t.Errorf("aliases: want test (missing) and not build (the user's):\n%s", inc)
	}
	// make runs the test suite itself, so it is there.
	cmd := makeIn(dir, "-n", "prod-build")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "go build -trimpath") {
		t.Errorf("make -n prod-build: %v\n%s", err, out)
	}
	cmd = makeIn(dir, "-n")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "go build ./...") {
		t.Errorf("the default goal is no longer the user's build: %v\n%s", err, out)
	}
	cmd = makeIn(dir, "prod-help")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "prod-build") {
		t.Errorf("make prod-help (reads the included file by name): %v\n%s", err, out)
	}
	gitCommit(t, dir)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "makefile")
	if r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("second add: exit %d, stderr %q", r.code, r.stderr)
	}
	after := treetest.Describe(t, dir)
	for p, d := range before {
		if after[p] != d {
			t.Errorf("second add changed %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, ".gonew-prod.yaml")); err != nil {
		t.Errorf("no record: %v", err)
	}
}

// TestAddMakefileRaceUnderExportedCgoOff: gonew-prod.mk's prod-test (and the test alias)
// runs go test -race with cgo on though the Makefile that includes it exports
// CGO_ENABLED := 0 for its static build: the go command refuses -race without cgo. The
// go make runs is a script that prints the CGO_ENABLED it is given.
func TestAddMakefileRaceUnderExportedCgoOff(t *testing.T) {
	dir := serviceWith(t, map[string]string{"Makefile": "export CGO_ENABLED := 0\n\nbuild:\n\tgo build -o bin/app .\n"})
	if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	bin := t.TempDir()
	mustWrite(t, bin, "go", "#!/bin/sh\necho \"go CGO_ENABLED=$CGO_ENABLED $*\"\n")
	if err := os.Chmod(filepath.Join(bin, "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, goal := range []string{"prod-test", "test"} {
		cmd := makeIn(dir, "-s", goal)
		cmd.Env = append(cmd.Env, "PATH="+bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "go CGO_ENABLED=1 test -race") {
			t.Errorf("make %s: %v, want go test -race run with CGO_ENABLED=1:\n%s", goal, err, out)
		}
	}
}

// TestAddMakefileLaterPatternInclude: an include of *.mk added after an earlier add
// wrote gonew-prod.mk reads it a second time, before the Makefile's rules: a later add
// says so, whether gonew-prod's guarded block includes it or an include of the user's
// that takes the block's place (the block's line kept without its markers).
func TestAddMakefileLaterPatternInclude(t *testing.T) {
	for _, tt := range []struct {
		name string
		own  func(makefile string) string // the Makefile as the user leaves it, before -include *.mk
		want string                       // the note
	}{
		{name: "besides the block", own: func(mk string) string { return mk },
			want: "note: Makefile:1 `-include *.mk` includes gonew-prod.mk, which add writes, besides gonew-prod's guarded block at the end of Makefile: make reads it twice"},
		{name: "besides the block's include kept as the user's", own: func(mk string) string {
			return regexp.MustCompile(`(?m)^# .*gonew-prod:makefile.*\n`).ReplaceAllString(mk, "")
		}, want: "note: Makefile:1 `-include *.mk` includes gonew-prod.mk, which add writes, besides Makefile:5 `include gonew-prod.mk`: make reads it twice"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			mustWrite(t, dir, "Makefile", "-include *.mk\n"+tt.own(readFile(t, dir, "Makefile")))
			gitCommit(t, dir)
			r := run(t, dir, "add", "--yes", "makefile")
			if r.code != ExitOK || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("second add: exit %d, stderr %q; want 0 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

// TestAddMakefileShapes runs add makefile on makefiles of other shapes: add edits the
// file make reads, and defines no plain alias that could override a target of the user's
// defined in an included file, or when it cannot read every included file.
func TestAddMakefileShapes(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		makefile  string   // the file that gets the include block
		aliases   []string // plain targets gonew-prod.mk defines
		notes     string   // in add's output
		userBuild string   // what make -n build prints, when the user defines build
	}{
		{
			name:      "build in an included file",
			files:     map[string]string{"Makefile": "all: build\ninclude mk/build.mk\n", "mk/build.mk": "build:\n\techo users-build\n"},
			makefile:  "Makefile",
			aliases:   []string{"test", "vet", "lint", "verify"},
			userBuild: "echo users-build",
		},
		{
			name:      "GNUmakefile",
			files:     map[string]string{"GNUmakefile": "build:\n\techo gnu-build\n"},
			makefile:  "GNUmakefile",
			aliases:   []string{"test", "vet", "lint", "verify"},
			userBuild: "echo gnu-build",
		},
		{
			name:      "lower-case makefile",
			files:     map[string]string{"makefile": "build:\n\techo lower-build\n"},
			makefile:  "makefile",
			aliases:   []string{"test", "vet", "lint", "verify"},
			userBuild: "echo lower-build",
		},
		{
			name:     "optional include of a missing file",
			files:    map[string]string{"Makefile": "-include .env\nall:\n\t@true\n"},
			makefile: "Makefile",
			aliases:  []string{"build", "test", "vet", "lint", "verify"},
		},
		{ // the pattern is resolved as make resolves it: build is the user's
			name:      "include of a pattern",
			files:     map[string]string{"Makefile": "all:\n\t@true\ninclude $(wildcard mk/*.mk)\n", "mk/build.mk": "build:\n\techo pattern-build\n"},
			makefile:  "Makefile",
			aliases:   []string{"test", "vet", "lint", "verify"},
			userBuild: "echo pattern-build",
		},
		{
			name:      "include of a bare pattern",
			files:     map[string]string{"Makefile": "all:\n\t@true\ninclude mk/*.mk\n", "mk/build.mk": "build:\n\techo pattern-build\n", "mk/lint.mk": "lint:\n\techo pattern-lint\n"},
			makefile:  "Makefile",
			aliases:   []string{"test", "vet", "verify"},
			userBuild: "echo pattern-build",
		},
		{ // the pattern leaves out gonew-prod.mk, which the block includes at the end
			name:      "include of a pattern less gonew-prod.mk",
			files:     map[string]string{"Makefile": "-include $(filter-out gonew-prod.mk,$(wildcard *.mk))\nall:\n\t@true\n", "build.mk": "build:\n\techo pattern-build\n"},
			makefile:  "Makefile",
			aliases:   []string{"test", "vet", "lint", "verify"},
			userBuild: "echo pattern-build",
		},
		{ // an alias build would run the pattern rule's recipe after prod-build
			name:      "build answered by a pattern rule",
			files:     map[string]string{"Makefile": "b%:\n\techo pattern-$*\n"},
			makefile:  "Makefile",
			aliases:   []string{"test", "vet", "lint", "verify"},
			userBuild: "echo pattern-uild",
		},
		{
			name:      "lint made with $(eval)",
			files:     map[string]string{"Makefile": "define LINT_RULE\nlint:\n\t@echo user-lint\nendef\n$(eval $(LINT_RULE))\nbuild:\n\techo eval-build\n"},
			makefile:  "Makefile",
			notes:     "add cannot know every target Makefile defines (Makefile:5 makes rules with $(eval) while make reads it): gonew-prod.mk defines only the prod-* targets, no plain aliases such as build; should a rule of yours answer one of the goals it defines (prod-help, prod-build, prod-test, prod-vet, prod-lint, prod-verify), gonew-prod.mk's recipe, read last, runs for it in place of yours",
			userBuild: "echo eval-build",
		},
		{ // make runs the recipe of .DEFAULT for every goal without a rule: an alias would take build over
			name:      ".DEFAULT rule delegating every goal",
			files:     map[string]string{"Makefile": "# every goal goes to the services' makefiles\n.DEFAULT:\n\t@echo delegated $@\n"},
			makefile:  "Makefile",
			notes:     "add cannot know every target Makefile defines (Makefile:2 has a .DEFAULT rule, whose recipe make runs for any goal without a rule of its own): gonew-prod.mk defines only the prod-* targets, no plain aliases such as build",
			userBuild: "echo delegated build",
		},
		{
			name:      ".DEFAULT rule in an included file",
			files:     map[string]string{"Makefile": "all:\n\t@true\ninclude mk/delegate.mk\n", "mk/delegate.mk": "# the services' goals\n.DEFAULT: ; @echo delegated $@\n"},
			makefile:  "Makefile",
			notes:     "(mk/delegate.mk:2 has a .DEFAULT rule, whose recipe make runs for any goal without a rule of its own)",
			userBuild: "echo delegated build",
		},
		{ // a .DEFAULT: in a recipe, an assignment or a define's body is no rule
			name:     ".DEFAULT in a recipe, an assignment and a define",
			files:    map[string]string{"Makefile": "define HELP\n.DEFAULT: is not used\nendef\nNOTE = no .DEFAULT: here\nall:\n\t@echo .DEFAULT: none\n"},
			makefile: "Makefile",
			aliases:  []string{"build", "test", "vet", "lint", "verify"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWithoutMakefile(t, tt.files)
			r := run(t, dir, "add", "--yes", "makefile")
			if r.code != ExitOK {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout+r.stderr, tt.notes) {
				t.Errorf("output lacks %q:\n%s%s", tt.notes, r.stdout, r.stderr)
			}
			mk := readFile(t, dir, tt.makefile)
			if !strings.HasPrefix(mk, tt.files[tt.makefile]) || !strings.HasSuffix(mk, "include gonew-prod.mk\n# <<< gonew-prod:makefile\n") {
				t.Errorf("%s:\n%s", tt.makefile, mk)
			}
			if _, ok := tt.files["Makefile"]; !ok {
				if _, err := os.Lstat(filepath.Join(dir, "Makefile")); err == nil {
					t.Errorf("add wrote a Makefile next to %s, which make reads instead", tt.makefile)
				}
			}
			inc := readFile(t, dir, "gonew-prod.mk")
			for _, target := range []string{"build", "test", "vet", "lint", "verify"} {
				want := slices.Contains(tt.aliases, target)
				if got := strings.Contains(inc, "\n"+target+": prod-"+target); got != want {
					t.Errorf("alias %s defined: %v, want %v:\n%s", target, got, want, inc)
				}
			}
			cmd := makeIn(dir, "-n", "build")
			out, err := cmd.CombinedOutput()
			if err != nil || strings.Contains(string(out), "overriding") {
				t.Errorf("make -n build: %v\n%s", err, out)
			}
			if tt.userBuild != "" && !strings.Contains(string(out), tt.userBuild) {
				t.Errorf("make -n build does not run the user's build (%s):\n%s", tt.userBuild, out)
			}
			cmd = makeIn(dir, "-n", "prod-build")
			if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "go build -trimpath") {
				t.Errorf("make -n prod-build: %v\n%s", err, out)
			}
			gitCommit(t, dir)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("second add: exit %d, stderr %q", r.code, r.stderr)
			}
		})
	}
}

func gitCommit(t *testing.T, dir string) {
	t.Helper()
	for _, args := range [][]string{{"add", "-A"}, {"-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", "step"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// makeIn returns make with args, to run in dir without the variables by which a make
// that runs these tests (make test, make -j) hands its flags and jobserver down: those
// would reach this make, whose output the tests read (make[2]: warning: jobserver
// unavailable).
func makeIn(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command("make", args...)
	cmd.Dir = dir
	cmd.Env = treetest.OutsideMake(os.Environ())
	return cmd
}

// gitIn runs git with args in dir, failing the test when git does unless mayFail.
func gitIn(t *testing.T, dir string, mayFail bool, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.invalid"}, args...)...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil && !mayFail {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

// TestUpdateOfARetrofit runs update on a repository add retrofitted: it renders what add
// wrote (files and guarded blocks) as its base and theirs, so the repository is up to
// date, and an edit of the user to a file add owns is kept.
func TestUpdateOfARetrofit(t *testing.T) {
	dir := gitRepo(t, service)
	if r := run(t, dir, "add", "--yes", "makefile", "docker", "ci"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--check"); r.code != ExitOK {
		t.Fatalf("update --check after add: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	mk := readFile(t, dir, "gonew-prod.mk") + "\n# my own note\n"
	mustWrite(t, dir, "gonew-prod.mk", mk)
	if err := os.Remove(filepath.Join(dir, "Dockerfile")); err != nil {
		t.Fatal(err)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "update", "--no-verify"); r.code != ExitOK {
		t.Fatalf("update: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if got := readFile(t, dir, "gonew-prod.mk"); got != mk {
		t.Errorf("update changed the edited gonew-prod.mk")
	}
	if _, err := os.Stat(filepath.Join(dir, "Dockerfile")); err == nil {
		t.Errorf("update brought back the deleted Dockerfile")
	}
}

// TestAddToANewProject adds a feature to a project made by gonew-prod new: the project is
// rendered again with it, merged into the tree as update merges (an edit of the user's in
// a file the feature changes is kept), and the record lists it.
func TestAddToANewProject(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, newArgs("--preset", "minimal", "--module", "example.com/acme/orders", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	svc := filepath.Join(dir, "svc")
	gitRepoIn(t, svc)
	readme := readFile(t, svc, "README.md") + "\nOur own notes.\n"
	mustWrite(t, svc, "README.md", readme)
	gitCommit(t, svc)
	r := run(t, svc, "add", "--yes", "k8s", "makefile")
	if r.code != ExitOK {
		t.Fatalf("add k8s: exit %d: %s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "has makefile, shutdown already") {
		t.Errorf("stderr does not say makefile was there: %s", r.stderr)
	}
	for _, f := range []string{"k8s/deployment.yaml", "k8s/service.yaml"} {
		if _, err := os.Stat(filepath.Join(svc, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if got := readFile(t, svc, "README.md"); got != readme {
		t.Errorf("add changed the README the user owns")
	}
	if rec := readFile(t, svc, ".gonew-prod.yaml"); !strings.Contains(rec, "features: [docker, ci, k8s]") {
		t.Errorf("the record does not list k8s:\n%s", rec)
	}
	gitCommit(t, svc)
	if r := run(t, svc, "add", "--yes", "k8s"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("second add: exit %d: %s", r.code, r.stderr)
	}
}

// gitRepoIn makes dir a git repository with everything committed.
func gitRepoIn(t *testing.T, dir string) {
	t.Helper()
	cmd := exec.Command("git", "init", "-q")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	gitCommit(t, dir)
}

// TestAddToANewProjectIsGated: the merged project must vet in a scratch copy before
// anything is written; a project that does not compile is left as it was.
func TestAddToANewProjectIsGated(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, newArgs("--preset", "minimal", "--module", "example.com/acme/orders", "svc")...); r.code != ExitOK {
		t.Fatalf("new: exit %d: %s", r.code, r.stderr)
	}
	svc := filepath.Join(dir, "svc")
	mustWrite(t, svc, "internal/broken/broken.go", "package broken\n\nfunc Broken() int { return undefinedThing }\n")
	gitRepoIn(t, svc)
	before := treetest.Describe(t, svc)
	r := run(t, svc, "add", "--yes", "k8s")
	if r.code != ExitFailure || !strings.Contains(r.stderr, "undefinedThing") || !strings.Contains(r.stderr, "nothing written") {
		t.Fatalf("add k8s to a project that does not compile: exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "--no-") {
		t.Errorf("add names a flag of update's, which it has not: %s", r.stderr)
	}
	if after := treetest.Describe(t, svc); !maps.Equal(before, after) {
		t.Error("a failed gate changed the tree")
	}
}

// TestAddToANewProjectTidyKeepsWhatThePlanKeeps: add's merge into a project gonew-prod
// new made is gated as update's is, and its go mod tidy writes no go.sum the plan leaves
// as it is, one the user deleted (the plan keeps it deleted, and --dry-run says so) or one
// git ignores where it tracks none, whatever tidy makes of it in the scratch copy; the
// gate's log says why (as TestUpdateTidyKeepsWhatThePlanKeeps for update).
func TestAddToANewProjectTidyKeepsWhatThePlanKeeps(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, svc string)
		dryRun  string // on stdout or stderr of --dry-run, "" for nothing to check
		want    string // on stderr
	}{
		{name: "deleted",
			prepare: func(t *testing.T, svc string) {
				gitIn(t, svc, false, "rm", "-q", "go.sum")
				gitCommit(t, svc)
			},
			dryRun: "keep-deleted go.sum",
			want:   "go.sum not written: you deleted it, and it stays deleted (gonew-prod update --recreate go.sum brings it back)"},
		{name: "ignored, untracked and stale",
			prepare: func(t *testing.T, svc string) {
				gitIn(t, svc, false, "rm", "-q", "--cached", "go.sum")
				appendTo(t, svc, ".gitignore", "go.sum\n")
				gitCommit(t, svc)
				sum := strings.SplitAfter(readFile(t, svc, "go.sum"), "\n")
				mustWrite(t, svc, "go.sum", strings.Join(sum[2:], ""))
			},
			want: "go.sum not written: git ignores it (by .gitignore:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if r := run(t, dir, newArgs("--preset", "minimal", "--module", "example.com/acme/orders", "svc")...); r.code != ExitOK {
				t.Fatalf("new: exit %d: %s", r.code, r.stderr)
			}
			svc := filepath.Join(dir, "svc")
			gitRepoIn(t, svc)
			tt.prepare(t, svc)
			before := fileState(t, svc, "go.sum")
			r := run(t, svc, "add", "--dry-run", "k8s")
			wantCode(t, r, ExitOK, "add", "--dry-run", "k8s")
			if !strings.Contains(r.stdout+r.stderr, tt.dryRun) {
				t.Errorf("add --dry-run does not say %q:\n%s%s", tt.dryRun, r.stdout, r.stderr)
			}
			r = runEnv(t, context.Background(), svc, nil, offlineNoSumDB, "add", "--yes", "k8s")
			wantCode(t, r, ExitOK, "add", "--yes", "k8s")
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr:\n%s\nwant %q", r.stderr, tt.want)
			}
			if after := fileState(t, svc, "go.sum"); after != before {
				t.Errorf("go.sum before add, %s\nafter, %s", before, after)
			}
			if _, err := os.Stat(filepath.Join(svc, "k8s", "deployment.yaml")); err != nil {
				t.Errorf("k8s was not added: %v", err)
			}
		})
	}
}

// TestAddPortFromTheCode: the image and the manifests use the port the serving call names,
// and a second add, after --wire replaced that call, still does (from the record).
func TestAddPortFromTheCode(t *testing.T) {
	files := maps.Clone(service)
	files["main.go"] = strings.Replace(service["main.go"], `":8080"`, `":3000"`, 1)
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "--wire", "k8s", "docker"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	for file, want := range map[string]string{"k8s/deployment.yaml": "containerPort: 3000", "Dockerfile": "EXPOSE 3000"} {
		if got := readFile(t, dir, file); !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", file, want, got)
		}
	}
	if got := readFile(t, dir, "k8s/deployment.yaml"); !strings.Contains(got, "- name: HTTP_ADDR\n              value: \":3000\"") {
		t.Errorf("the deployment does not set HTTP_ADDR to the port it probes:\n%s", got)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--yes", "--wire", "k8s", "docker"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("second add: exit %d: %s", r.code, r.stderr)
	}
}

// TestAddDockerignoreExceptionsAtOnce: when the ignore file of the Dockerfile add writes
// leaves out files the image's go build needs, one refusal names every `!` exception to
// add, and offers to leave out only what this run adds; with the exceptions added at the
// end of the ignore file, the same add goes through.
func TestAddDockerignoreExceptionsAtOnce(t *testing.T) {
	whitelist := "*\n!go.mod\n!go.sum\n!*.go\n"
	tests := []struct {
		name    string
		ignore  string // .dockerignore
		files   map[string]string
		earlier []string // the components of an earlier add, committed
		args    []string // the components of the refused add
		want    string   // part of the refusal
		leave   string   // what the refusal offers to leave out, "" for nothing
	}{
		{name: "docker and Go components", ignore: whitelist, args: []string{"docker", "version", "shutdown"},
			want: "leaves internal/buildinfo/buildinfo.go, internal/platform/config/config.go, internal/platform/health/health.go, internal/platform/httpserver/httpserver.go, internal/platform/lifecycle/lifecycle.go, internal/platform/lifecycle/signal.go out of the Docker build context (pattern *)", leave: "docker"},
		{name: "Go components after an earlier add of docker", ignore: whitelist, earlier: []string{"docker"}, args: []string{"version", "shutdown"},
			want: "add an exception (!internal/) at its end", leave: "version, shutdown"},
		{name: "go.sum, a file of the program and an embedded one", ignore: "*\n!go.mod\n!main.go\n", args: []string{"docker"},
			files: map[string]string{"handler.go": "package main\n\nimport _ \"embed\"\n\n//go:embed banner.txt\nvar banner string\n", "banner.txt": "hi\n"},
			want:  "leaves go.sum, handler.go, banner.txt (handler.go:5 embeds it: //go:embed banner.txt) out of the Docker build context (pattern *), and the image's go build needs them; add the exceptions (!banner.txt and !go.sum and !handler.go) at its end", leave: "docker"},
		{name: "a file of the program after an earlier add of docker", ignore: "*\n!go.mod\n!go.sum\n!main.go\n!gonew_prod.go\n!internal/\n", earlier: []string{"docker", "shutdown"}, args: []string{"version"},
			files: map[string]string{"handler.go": "package main\n"}, want: "leaves handler.go out of the Docker build context (pattern *)"},
	}
	exceptions := regexp.MustCompile(`add (?:an exception|the exceptions) \(([^)]*)\) at its end`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(service)
			files[".dockerignore"] = tt.ignore
			if tt.earlier != nil && tt.files != nil {
				files[".dockerignore"] += "!handler.go\n" // the file is let in at first
			}
			maps.Copy(files, tt.files)
			dir := gitRepo(t, files)
			if tt.earlier != nil {
				if r := run(t, dir, append([]string{"add", "--yes"}, tt.earlier...)...); r.code != ExitOK {
					t.Fatalf("earlier add: exit %d: %s", r.code, r.stderr)
				}
				mustWrite(t, dir, ".dockerignore", tt.ignore)
				gitCommit(t, dir)
			}
			args := append([]string{"add", "--yes"}, tt.args...)
			r := run(t, dir, args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Fatalf("add: exit %d, stderr %q; want %d and %q", r.code, r.stderr, ExitUsage, tt.want)
			}
			if leave := tt.leave; leave != "" && !strings.HasSuffix(strings.TrimSpace(r.stderr), "or leave out "+leave) {
				t.Errorf("the refusal does not offer to leave out %s alone: %s", leave, r.stderr)
			} else if leave == "" && strings.Contains(r.stderr, "leave out") {
				t.Errorf("the refusal offers to leave out a component this add does not add: %s", r.stderr)
			}
			m := exceptions.FindStringSubmatch(r.stderr)
			if m == nil {
				t.Fatalf("the refusal names no exception: %s", r.stderr)
			}
			ignore := readFile(t, dir, ".dockerignore")
			for _, e := range strings.Split(m[1], " and ") {
				ignore += e + "\n"
			}
			mustWrite(t, dir, ".dockerignore", ignore)
			gitCommit(t, dir)
			if r := run(t, dir, args...); r.code != ExitOK {
				t.Errorf("add with the exceptions added: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestAddPortAfterAnEarlierAdd: a later add takes the ports from the serving calls as they
// are then, not from what an earlier add recorded (which named no port, or a port the
// program no longer uses), and says so when they differ; the recorded port stays where
// the code names none.
func TestAddPortAfterAnEarlierAdd(t *testing.T) {
	tests := []struct {
		name          string
		first, second []string          // the args of the two adds
		old, new      string            // main.go's text replaced between them
		want          map[string]string // a file and what it holds after the second add
		note          string            // part of what the second add says, "" for no note of a moved port
	}{
		{
			name: "makefile, then the program moved", first: []string{"makefile"}, second: []string{"k8s", "docker"},
			old: `":8080"`, new: `":9090"`,
			want: map[string]string{"k8s/deployment.yaml": "containerPort: 9090", "Dockerfile": "EXPOSE 9090", generator.RecordFile: "http_port: 9090"},
			note: `main.go:9: http.ListenAndServe(":9090", http.NotFoundHandler()) names port 9090, not the 8080 an earlier add recorded (http_port): the Dockerfile's EXPOSE and the Deployment (its container port, probes and HTTP_ADDR) take 9090`,
		},
		{
			name: "k8s wired, then the port changed in the wired call", first: []string{"--wire", "k8s"}, second: []string{"docker"},
			old: `prodServeThenExit(":8080"`, new: `prodServeThenExit(":9090"`,
			want: map[string]string{"k8s/deployment.yaml": "value: \":9090\"", "Dockerfile": "EXPOSE 9090"},
			note: "names port 9090, not the 8080 an earlier add recorded (http_port)",
		},
		{
			name: "k8s, then an address add cannot read", first: []string{"k8s"}, second: []string{"docker"},
			old: `http.ListenAndServe(":8080",`, new: `http.ListenAndServe(os.Args[1],`,
			want: map[string]string{"k8s/deployment.yaml": "containerPort: 8080", "Dockerfile": "EXPOSE 8080"},
		},
		{
			name: "makefile, then the program's own pprof on the recorded admin port", first: []string{"makefile"}, second: []string{"pprof"},
			old: "func main() {\n", new: "func main() {\n\tgo func() { log.Println(http.ListenAndServe(\"localhost:6060\", nil)) }()\n",
			want: map[string]string{generator.RecordFile: "admin_port: 6061", "internal/platform/config/config.go": `"127.0.0.1:6061"`},
			note: "it listens on port 6060, the admin_port an earlier add recorded, so pprof's admin listener takes 127.0.0.1:6061 (ADMIN_ADDR) instead",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := gitRepo(t, service)
			if r := run(t, dir, append([]string{"add", "--yes"}, tt.first...)...); r.code != ExitOK {
				t.Fatalf("first add: exit %d: %s", r.code, r.stderr)
			}
			main := readFile(t, dir, "main.go")
			if !strings.Contains(main, tt.old) {
				t.Fatalf("main.go lacks %q:\n%s", tt.old, main)
			}
			main = strings.Replace(main, tt.old, tt.new, 1)
			if strings.Contains(tt.new, "os.Args") {
				main = strings.Replace(main, "\"net/http\"\n", "\"net/http\"\n\t\"os\"\n", 1)
			}
			mustWrite(t, dir, "main.go", main)
			gitCommit(t, dir)
			r := run(t, dir, append([]string{"add", "--yes"}, tt.second...)...)
			if r.code != ExitOK {
				t.Fatalf("second add: exit %d: %s", r.code, r.stderr)
			}
			for file, want := range tt.want {
				if got := readFile(t, dir, file); !strings.Contains(got, want) {
					t.Errorf("%s lacks %q:\n%s", file, want, got)
				}
			}
			if tt.note != "" && !strings.Contains(r.stderr, tt.note) {
				t.Errorf("the second add does not say %q:\n%s", tt.note, r.stderr)
			}
			if tt.note == "" && strings.Contains(r.stderr, "an earlier add recorded") {
				t.Errorf("the second add says the port moved:\n%s", r.stderr)
			}
		})
	}
}

// serviceWithoutMakefile makes a git repository of service without its Makefile, with
// the files of extra added.
func serviceWithoutMakefile(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := maps.Clone(service)
	delete(files, "Makefile")
	maps.Copy(files, extra)
	return gitRepo(t, files)
}

// serviceWith makes a git repository of service with the files of extra added or
// replaced.
func serviceWith(t *testing.T, extra map[string]string) string {
	t.Helper()
	files := maps.Clone(service)
	maps.Copy(files, extra)
	return gitRepo(t, files)
}

// TestAddGeneratedCode: generated files are compiled like the others, so their imports
// count: a cgo binding of generated files alone keeps cgo on in gonew-prod.mk, and a main
// package whose net/http server a generated file builds is one that serves HTTP.
func TestAddGeneratedCode(t *testing.T) {
	gen := "// Code generated by a tool. DO NOT EDIT.\n\n"
	dir := serviceWith(t, map[string]string{
		"main.go":                   "package main\n\nimport (\n\t\"log\"\n\n\t\"example.com/acme/inventory/internal/native\"\n)\n\nfunc main() {\n\tprintln(native.Twice(2))\n\tlog.Fatal(newServer(\":8080\").ListenAndServe())\n}\n",
		"server_gen.go":             gen + "package main\n\nimport \"net/http\"\n\nfunc newServer(addr string) *http.Server { return &http.Server{Addr: addr} }\n",
		"internal/native/native.go": gen + "package native\n\n// int twice(int x) { return 2*x; }\nimport \"C\"\n\n// Twice doubles x in C.\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n",
	})
	if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
		t.Fatalf("add makefile: exit %d: %s", r.code, r.stderr)
	}
	if mk := readFile(t, dir, "gonew-prod.mk"); !regexp.MustCompile(`PROD_CGO\s*\?= 1`).MatchString(mk) {
		t.Errorf("gonew-prod.mk turns cgo off for a program whose generated binding imports \"C\":\n%s", mk)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--dry-run", "--yes", "version"); r.code != ExitOK {
		t.Errorf("add version: exit %d: %s", r.code, r.stderr)
	}
}

// TestAddMakefileRecipePrefix: gonew-prod.mk, whose recipes start with a tab, works in a
// Makefile that chose another recipe prefix (.RECIPEPREFIX), and gives the Makefile its
// prefix back: GNU make runs the user's targets, those after the include too, and prod-*.
func TestAddMakefileRecipePrefix(t *testing.T) {
	tests := []struct {
		name, makefile, later string
	}{
		{name: "recursive", makefile: ".RECIPEPREFIX = >\nhello:\n> @echo user-hello\n", later: "later:\n> @echo user-later\n"},
		{name: "simple", makefile: ".RECIPEPREFIX := |\nhello:\n| @echo user-hello\n", later: "later:\n| @echo user-later\n"},
		{name: "tab", makefile: "hello:\n\t@echo user-hello\n", later: "later:\n\t@echo user-later\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{"Makefile": tt.makefile})
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			mustWrite(t, dir, "Makefile", readFile(t, dir, "Makefile")+tt.later)
			for goal, want := range map[string]string{"hello": "user-hello", "later": "user-later", "prod-help": "prod-build", "-n prod-build": "go build -trimpath"} {
				cmd := makeIn(dir, strings.Fields(goal)...)
				out, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains(string(out), want) || strings.Contains(string(out), "warning") {
					t.Errorf("make %s: %v\n%s", goal, err, out)
				}
			}
		})
	}
}

// TestAddMakefileRecipeClash: a makefile of the user's (or a file it includes) that gives
// a recipe to a target gonew-prod.mk gives one too is refused, naming where, and nothing
// is written; a rule that only adds prerequisites to a prod-* target is no clash.
func TestAddMakefileRecipeClash(t *testing.T) {
	tests := []struct {
		name   string
		files  map[string]string
		stderr string // the refusal, "" when add goes ahead
	}{
		{name: "in the Makefile", files: map[string]string{"Makefile": "all:\n\techo all\nprod-build:\n\techo mine\n"},
			stderr: "Makefile:3 gives prod-build a recipe, and so does gonew-prod.mk"},
		{name: "in an included file", files: map[string]string{"Makefile": "all:\n\techo all\ninclude mk/prod.mk\n", "mk/prod.mk": "\nprod-lint:\n\tgolangci-lint run --fast\n"},
			stderr: "mk/prod.mk:2 gives prod-lint a recipe"},
		{name: "with another recipe prefix", files: map[string]string{"Makefile": ".RECIPEPREFIX = >\nprod-test:\n> go test ./...\n"},
			stderr: "Makefile:2 gives prod-test a recipe"},
		// make prefers gonew-prod.mk's explicit rules to a pattern rule of the user's.
		{name: "a pattern rule", files: map[string]string{"Makefile": "ENV ?= dev\nbuild:\n\tgo build -tags $(ENV) ./...\n\n# with the production settings\nprod-%:\n\t$(MAKE) ENV=prod $*\n"},
			stderr: "Makefile:6 has a pattern rule prod-%, which answers prod-help, prod-build, prod-test, prod-vet, prod-lint, prod-verify; gonew-prod.mk, which add includes from Makefile, gives them recipes of its own, which make prefers to a pattern rule's"},
		{name: "a pattern rule in an included file", files: map[string]string{"Makefile": "all:\n\techo all\ninclude mk/prod.mk\n", "mk/prod.mk": "%-lint:\n\tgolangci-lint run $*\n"},
			stderr: "mk/prod.mk:1 has a pattern rule %-lint, which answers prod-lint;"},
		{name: "prerequisites only", files: map[string]string{"Makefile": "all:\n\techo all\nprod-build: generate\ngenerate:\n\techo gen\n"}},
		{name: "a pattern rule of other goals", files: map[string]string{"Makefile": "all:\n\techo all\nprod-build: generate\ngenerate:\n\techo gen\nrelease-%:\n\techo $*\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, tt.files)
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "makefile")
			if tt.stderr == "" {
				if r.code != ExitOK {
					t.Fatalf("add: exit %d: %s", r.code, r.stderr)
				}
				cmd := makeIn(dir, "-n", "prod-build")
				if out, err := cmd.CombinedOutput(); err != nil || strings.Contains(string(out), "overriding") || !strings.Contains(string(out), "echo gen") {
					t.Errorf("make -n prod-build does not run the user's prerequisite and ours: %v\n%s", err, out)
				}
				return
			}
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, ExitUsage, tt.stderr)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Error("a refused add changed the tree")
			}
		})
	}
}

// TestAddGitLab: the jobs add includes from .gitlab-ci.yml run in a stage the pipeline
// has (GitLab rejects a configuration whose job names a stage it lacks, and a job without
// stage: is in test); an include: of the user's, however its key is written, a job of the
// same name as one of add's, a file that is no YAML, and one the appended include: block
// would leave outside the configuration (JSON, a document end, an indented top level) are
// refused with nothing written.
func TestAddGitLab(t *testing.T) {
	const job = "build:\n  stage: build\n  script: [go build ./...]\n"
	tests := []struct {
		name, config string
		stage        string // the stage of the included jobs
		refusal      string
	}{
		{name: "stages without test", config: "stages: [build, deploy]\n" + job, stage: ".pre"},
		{name: "stages with test", config: "stages:\n  - build\n  - test\n" + job, stage: "test"},
		{name: "default stages", config: job, stage: "test"},
		{name: "a default: of another language", config: "default:\n  image: node:20\n  before_script: [npm ci]\n  after_script: [npm run report]\n" + job, stage: "test"},
		{name: "stages from an anchor", config: "x: &s [build]\nstages: *s\n" + job, stage: ".pre"},
		{name: "a header document", config: "spec:\n  inputs:\n    env: {default: dev}\n---\nstages: [build]\n" + job, stage: ".pre"},
		// Merge keys are applied as GitLab applies them.
		{name: "stages through a merge key", config: ".common: &common\n  stages: [build, deploy]\n<<: *common\n" + job, stage: ".pre"},
		{name: "stages through merge keys, the first gives them", config: ".a: &a\n  stages: [build]\n.b: &b\n  stages: [build, test]\n<<: [*a, *b]\n" + job, stage: ".pre"},
		{name: "stages written after a merge key", config: ".a: &a\n  stages: [build]\n<<: *a\nstages: [build, test]\n" + job, stage: "test"},
		{name: "an include through a merge key", config: ".common: &common\n  include:\n    - local: ci/more.yml\n<<: *common\n" + job, refusal: ".gitlab-ci.yml:2 (through the merge key at line 4) has an include: of its own, and one add appended would replace it; add `- local: .gitlab/gonew-prod.yml` to it yourself"},
		{name: "an include of the job file through a merge key", config: ".common: &common\n  include:\n    - local: ci/more.yml\n    - local: .gitlab/gonew-prod.yml\n<<: *common\n" + job, stage: "test"},
		{name: "a job of add's name through a merge key", config: job + ".x: &x\n  prod-lint:\n    script: [make lint]\n<<: *x\n", refusal: ".gitlab-ci.yml:5 (through the merge key at line 7) defines prod-lint, a job .gitlab/gonew-prod.yml defines too"},
		{name: "double-quoted include", config: job + "\"include\":\n  - local: ci/more.yml\n", refusal: ".gitlab-ci.yml:4 has an include: of its own, and a second would be invalid YAML; add `- local: .gitlab/gonew-prod.yml` to it yourself"},
		// A list item under a string or a mapping would be invalid YAML: the advice is a list.
		{name: "single-quoted include", config: job + "'include': ci/more.yml\n", refusal: ".gitlab-ci.yml:4 has an include: of its own, and a second would be invalid YAML; make it a list holding your include and the job file, `include: [ci/more.yml, {local: .gitlab/gonew-prod.yml}]` yourself"},
		{name: "an include of one mapping", config: job + "include:\n  project: grp/templates # shared\n  file: '/go.yml'\n", refusal: "make it a list holding your include and the job file, `include: [{project: grp/templates, file: '/go.yml'}, {local: .gitlab/gonew-prod.yml}]` yourself"},
		{name: "flow include", config: "{include: ci/more.yml, build: {script: [go build]}}\n", refusal: ".gitlab-ci.yml:1 has an include: of its own"},
		{name: "an include of the job file", config: "include:\n  - template: Security/SAST.gitlab-ci.yml\n  - local: .gitlab/gonew-prod.yml\n" + job, stage: "test"},
		{name: "an include of the job file by a string", config: "stages: [build]\ninclude: /.gitlab/gonew-prod.yml\n" + job, stage: ".pre"},
		{name: "a job of add's name", config: job + "prod-lint:\n  script: [make lint]\n", refusal: ".gitlab-ci.yml:4 defines prod-lint, a job .gitlab/gonew-prod.yml defines too"},
		{name: "no YAML", config: "build:\n  script: [go build\n", refusal: ".gitlab-ci.yml:"},
		// An include: block appended to these would be outside the configuration, or no YAML.
		{name: "JSON", config: `{"stages": ["build"], "build": {"stage": "build", "script": ["go build ./..."]}}` + "\n", refusal: ".gitlab-ci.yml: add's include: block, appended at its end, would not give the same configuration plus the include (its top level is a flow mapping"},
		{name: "a document end", config: "---\n" + job + "...\n", refusal: "(its document ends with ...)"},
		{name: "an indented top level", config: "  build:\n    stage: build\n    script: [go build ./...]\n", refusal: "(its top level is indented"},
		{name: "JSON that includes the job file", config: `{"include": [{"local": ".gitlab/gonew-prod.yml"}], "build": {"stage": "build", "script": ["go build ./..."]}}` + "\n", stage: "test"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{".gitlab-ci.yml": tt.config})
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "ci")
			if tt.refusal != "" {
				if r.code != ExitUsage || !strings.Contains(r.stderr, tt.refusal) {
					t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, ExitUsage, tt.refusal)
				}
				if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
					t.Error("a refused add changed the tree")
				}
				return
			}
			if r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			config := readFile(t, dir, ".gitlab-ci.yml")
			if !strings.HasPrefix(config, tt.config) {
				t.Errorf(".gitlab-ci.yml lost the user's lines:\n%s", config)
			}
			stages, jobs := gitlabStages(t, config, readFile(t, dir, ".gitlab/gonew-prod.yml"))
			for name, stage := range jobs {
				if stage != tt.stage || !slices.Contains(stages, stage) {
					t.Errorf("job %s is in stage %q, want %q of the pipeline's %v", name, stage, tt.stage, stages)
				}
			}
			gitCommit(t, dir)
			if r := run(t, dir, "add", "--yes", "ci"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("second add: exit %d, stderr %q", r.code, r.stderr)
			}
			if r := run(t, dir, "update", "--check"); r.code != ExitOK {
				t.Errorf("update --check after add: exit %d: %s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// gitlabStages reads a GitLab configuration, the last document of config, as GitLab
// would: the stages its pipeline has (.pre and .post always; build, test and deploy
// unless it lists its own), and the stage of each job of the included file jobs (test
// when it names none). It fails the test when config includes no jobs file.
func gitlabStages(t *testing.T, config, jobs string) ([]string, map[string]string) {
	t.Helper()
	docs := strings.Split(config, "\n---\n")
	var top struct {
		Stages  []string  `yaml:"stages"`
		Include yaml.Node `yaml:"include"`
	}
	if err := yaml.Unmarshal([]byte(docs[len(docs)-1]), &top); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v\n%s", err, config)
	}
	// An include is a file, a list of files, or of mappings with local: (and others).
	entries := []*yaml.Node{&top.Include}
	if top.Include.Kind == yaml.SequenceNode {
		entries = top.Include.Content
	}
	jobsIncluded := 0
	for _, e := range entries {
		var local struct{ Local string }
		if e.Kind == yaml.MappingNode && e.Decode(&local) == nil {
			e = &yaml.Node{Kind: yaml.ScalarNode, Value: local.Local}
		}
		if e.Kind == yaml.ScalarNode && strings.TrimPrefix(e.Value, "/") == ".gitlab/gonew-prod.yml" {
			jobsIncluded++
		}
	}
	if jobsIncluded != 1 {
		t.Fatalf(".gitlab-ci.yml includes the jobs %d times, want once:\n%s", jobsIncluded, config)
	}
	stages := top.Stages
	if stages == nil {
		stages = []string{"build", "test", "deploy"}
	}
	stages = append([]string{".pre"}, append(stages, ".post")...)
	var defined map[string]struct {
		Stage   string `yaml:"stage"`
		Inherit struct {
			Default yaml.Node `yaml:"default"`
		} `yaml:"inherit"`
	}
	if err := yaml.Unmarshal([]byte(jobs), &defined); err != nil {
		t.Fatalf(".gitlab/gonew-prod.yml: %v\n%s", err, jobs)
	}
	out := map[string]string{}
	for name, j := range defined {
		// The user's default: (an image, a before_script of another language) must not
		// reach add's jobs: they inherit at most where and how long a job runs.
		var keep []string
		if d := j.Inherit.Default; d.Kind != yaml.ScalarNode || d.Value != "false" {
			if err := d.Decode(&keep); err != nil || d.Kind != yaml.SequenceNode {
				t.Errorf("job %s inherits every default: keyword of the user's (inherit: default: %q)", name, d.Value)
			}
		}
		for _, k := range keep {
			if !slices.Contains([]string{"tags", "interruptible", "retry", "timeout"}, k) {
				t.Errorf("job %s inherits the user's default: %s", name, k)
			}
		}
		out[name] = j.Stage
		if j.Stage == "" {
			out[name] = "test"
		}
	}
	if len(out) == 0 {
		t.Fatalf("no job in .gitlab/gonew-prod.yml:\n%s", jobs)
	}
	return stages, out
}

// TestAddCIBelowTheGitRoot: CI providers read their files only at the root of the git
// repository, so add refuses ci in a directory below it (nothing written), and run at
// the root with --main it writes them there, running in the module's directory.
func TestAddCIBelowTheGitRoot(t *testing.T) {
	tests := []struct {
		name   string
		gitlab bool
		want   map[string][]string // files written at the root run, and what they hold
	}{
		{name: "GitHub", want: map[string][]string{".github/workflows/gonew-prod.yml": {"working-directory: \"svc\"", "go-version-file: \"svc/go.mod\"", "cache-dependency-path: \"svc/go.sum\""}}},
		{name: "GitLab", gitlab: true, want: map[string][]string{".gitlab/gonew-prod.yml": {"- \"cd svc\""}, ".gitlab-ci.yml": {"- local: .gitlab/gonew-prod.yml"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{}
			for p, body := range service {
				files["svc/"+p] = body
			}
			if tt.gitlab {
				files[".gitlab-ci.yml"] = "lint:\n  script: [make lint]\n"
				files["svc/.gitlab-ci.yml"] = files[".gitlab-ci.yml"]
			}
			dir := gitRepo(t, files)
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "--dir", "svc", "ci")
			if r.code != ExitUsage || !strings.Contains(r.stderr, "only at the root of the git repository") || !strings.Contains(r.stderr, "--main ./svc ci") {
				t.Fatalf("add --dir svc ci: exit %d, stderr %q; want a refusal", r.code, r.stderr)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Error("a refused add changed the tree")
			}
			if r := run(t, dir, "add", "--yes", "--main", "./svc", "ci"); r.code != ExitOK {
				t.Fatalf("add --main ./svc ci: exit %d: %s", r.code, r.stderr)
			}
			for file, wants := range tt.want {
				got := readFile(t, dir, file)
				for _, want := range wants {
					if !strings.Contains(got, want) {
						t.Errorf("%s lacks %q:\n%s", file, want, got)
					}
				}
			}
		})
	}
}

// TestAddKeepsTheRecordsByteOrderMark: a UTF-8 byte order mark an editor saved at the
// start of the record stays there when add rewrites the record, with the team's comment
// and the record's line endings.
func TestAddKeepsTheRecordsByteOrderMark(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		t.Run(fmt.Sprintf("crlf=%v", crlf), func(t *testing.T) {
			dir := gitRepo(t, service)
			if r := run(t, dir, "add", "--yes", "makefile"); r.code != ExitOK {
				t.Fatalf("add makefile: exit %d\n%s", r.code, r.stderr)
			}
			rec := "\ufeff# owned by team-a\n" + readFile(t, dir, generator.RecordFile)
			if crlf {
				rec = strings.ReplaceAll(rec, "\n", "\r\n")
			}
			mustWrite(t, dir, generator.RecordFile, rec)
			gitCommit(t, dir)
			if r := run(t, dir, "add", "--yes", "docker"); r.code != ExitOK {
				t.Fatalf("add docker: exit %d\n%s", r.code, r.stderr)
			}
			got := readFile(t, dir, generator.RecordFile)
			if !strings.HasPrefix(got, "\ufeff# owned by team-a") || !strings.Contains(got, "components: [makefile, docker]") || generator.CRLF([]byte(got)) != crlf {
				t.Errorf("the record after add docker (want its byte order mark, the comment and CRLF %v):\n%q", crlf, got)
			}
		})
	}
}

// TestAddCIAfterAnAddBelowTheRoot: after add run in the module's directory below the git
// root (its record there), add ci at the root with --main takes that record over: it moves
// to the root with its paths, the comments the team added to it, and its mode, the files
// the earlier add wrote are its own (not refused as another run's), and a later add there
// finds nothing to change.
func TestAddCIAfterAnAddBelowTheRoot(t *testing.T) {
	for _, crlf := range []bool{false, true} {
		t.Run(fmt.Sprintf("crlf=%v", crlf), func(t *testing.T) { testAddCIAfterAnAddBelowTheRoot(t, crlf) })
	}
}

// testAddCIAfterAnAddBelowTheRoot is TestAddCIAfterAnAddBelowTheRoot with the record
// below written with CRLF line endings (crlf), which the moved record keeps.
func testAddCIAfterAnAddBelowTheRoot(t *testing.T, crlf bool) {
	files := map[string]string{}
	for p, body := range service {
		files["svc/"+p] = body
	}
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "--dir", "svc", "makefile", "docker"); r.code != ExitOK {
		t.Fatalf("add --dir svc: exit %d\n%s", r.code, r.stderr)
	}
	below := filepath.Join(dir, "svc", generator.RecordFile)
	data, err := os.ReadFile(below)
	if err != nil {
		t.Fatal(err)
	}
	commented := strings.Replace(strings.Replace(string(data), "\ncomponents:", "\n# OPS-9: reviewed by SRE\ncomponents:", 1),
		"\n  - path: Dockerfile\n", "\n  # the base image is pinned by OPS-12\n  - path: Dockerfile\n", 1)
	if crlf {
		commented = strings.ReplaceAll(commented, "\n", "\r\n")
	}
	if err := os.WriteFile(below, []byte(commented), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(below, 0o600); err != nil {
		t.Fatal(err)
	}
	gitCommit(t, dir)
	r := run(t, dir, "add", "--yes", "--dir", "svc", "ci")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "--main ./svc ci, which writes them there to run in svc (it moves the record of the earlier add here to the root)") {
		t.Fatalf("add --dir svc ci: exit %d, stderr %q; want a refusal naming the root run", r.code, r.stderr)
	}
	r = run(t, dir, "add", "--yes", "--main", "./svc", "ci")
	if r.code != ExitOK || !strings.Contains(r.stderr, "the record moves to .gonew-prod.yaml here") {
		t.Fatalf("add --main ./svc ci at the root: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "svc", generator.RecordFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the record below stays: %v", err)
	}
	rec := readFile(t, dir, generator.RecordFile)
	if got := strings.Contains(rec, "\r\n"); got != crlf {
		t.Errorf("the moved record has CRLF endings: %v, want %v", got, crlf)
	}
	rec = strings.ReplaceAll(rec, "\r\n", "\n")
	for _, want := range []string{"# OPS-9: reviewed by SRE\ncomponents: [makefile, docker, ci]", "moduleDir: svc",
		"path: svc/gonew-prod.mk", "  # the base image is pinned by OPS-12\n  - path: svc/Dockerfile\n"} {
		if !strings.Contains(rec, want) {
			t.Errorf("the record lacks %q:\n%s", want, rec)
		}
	}
	if info, err := os.Stat(filepath.Join(dir, generator.RecordFile)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("the record's mode: %v, %v; want the 0600 it had below", info.Mode(), err)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--yes", "--main", "./svc", "makefile"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("add again at the root: exit %d\n%s", r.code, r.stderr)
	}
}

// TestAddCINameAtThePrompt: where add ci at the root takes over the record of an earlier
// add below it, the service name question offers the recorded name, and the name typed
// is the one recorded, not replaced by the record taken over.
func TestAddCINameAtThePrompt(t *testing.T) {
	files := map[string]string{}
	for p, body := range service {
		files["svc/"+p] = body
	}
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "--dir", "svc", "makefile"); r.code != ExitOK {
		t.Fatalf("add --dir svc: exit %d\n%s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	below, err := generator.ParseRecord("svc/"+generator.RecordFile, []byte(readFile(t, dir, "svc/"+generator.RecordFile)))
	if err != nil {
		t.Fatal(err)
	}
	// The name the record holds is not the one add would infer at the root.
	if got := below.Answers.Name; got == "" || got == "billing" {
		t.Fatalf("the record below names the service %q", got)
	}
	p := newFake(t, map[string][]any{qName: {"billing"}, qWrite: {true}})
	r := runAsk(t, context.Background(), dir, p, "add", "--main", "./svc", "ci")
	if r.code != ExitOK {
		t.Fatalf("add --main ./svc ci: exit %d\n%s", r.code, r.stderr)
	}
	if p.offered[qName] != below.Answers.Name {
		t.Errorf("the name question offered %q, want the recorded %q", p.offered[qName], below.Answers.Name)
	}
	if rec := readFile(t, dir, generator.RecordFile); !strings.Contains(rec, "  name: billing\n") {
		t.Errorf("the record lacks the name typed:\n%s", rec)
	}
}

// TestAddCIWithBothProviders: in a repository with GitHub workflows and a GitLab pipeline,
// add ci asks which one with --ci instead of choosing; --ci writes for the one named,
// and once it wrote ci, another --ci is refused.
func TestAddCIWithBothProviders(t *testing.T) {
	dir := serviceWith(t, map[string]string{
		".gitlab-ci.yml":           "build:\n  script: [go build ./...]\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go build ./...\n",
	})
	before := treetest.Describe(t, dir)
	for _, tt := range []struct {
		args    []string
		refusal string
	}{
		{[]string{"ci"}, "both GitHub Actions workflows (.github/workflows/ci.yml) and a GitLab pipeline (.gitlab-ci.yml)"},
		{[]string{"--ci", "jenkins", "ci"}, "--ci jenkins: add writes CI for github or gitlab"},
		{[]string{"--ci", "github", "makefile"}, "--ci github names the CI provider of the ci component"},
	} {
		r := run(t, dir, append([]string{"add", "--yes"}, tt.args...)...)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tt.refusal) {
			t.Fatalf("add %v: exit %d, stderr %q; want %d and %q", tt.args, r.code, r.stderr, ExitUsage, tt.refusal)
		}
		if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
			t.Fatalf("a refused add %v changed the tree", tt.args)
		}
	}
	if r := run(t, dir, "add", "--yes", "--ci", "github", "ci"); r.code != ExitOK {
		t.Fatalf("add --ci github ci: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, ".github/workflows/gonew-prod.yml")); err != nil {
		t.Errorf("no workflow written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitlab/gonew-prod.yml")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a GitLab job file written too: %v", err)
	}
	if got := readFile(t, dir, ".gitlab-ci.yml"); got != "build:\n  script: [go build ./...]\n" {
		t.Errorf(".gitlab-ci.yml changed:\n%s", got)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--yes", "ci"); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
		t.Errorf("add ci again: exit %d\n%s", r.code, r.stderr)
	}
	if r := run(t, dir, "add", "--yes", "--ci", "gitlab", "ci"); r.code != ExitUsage || !strings.Contains(r.stderr, "an earlier add wrote ci for github") {
		t.Errorf("add --ci gitlab after github: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestAddCRLF: the lines add appends to a Makefile or a .gitlab-ci.yml whose lines end in
// CRLF end in CRLF too; a second add changes nothing and update finds the repository up
// to date. A file of mixed line endings gets "\n".
func TestAddCRLF(t *testing.T) {
	tests := []struct {
		name, file, content, component string
		crlf                           bool // every line ends in CRLF afterwards
	}{
		{name: "Makefile", file: "Makefile", content: "build:\r\n\tgo build ./...\r\n", component: "makefile", crlf: true},
		{name: "Makefile without a last newline", file: "Makefile", content: "build:\r\n\tgo build ./...", component: "makefile", crlf: true},
		{name: ".gitlab-ci.yml", file: ".gitlab-ci.yml", content: "lint:\r\n  script: [make lint]\r\n", component: "ci", crlf: true},
		{name: "mixed", file: "Makefile", content: "build:\r\n\tgo build ./...\n", component: "makefile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{tt.file: tt.content})
			if r := run(t, dir, "add", "--yes", tt.component); r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			got := readFile(t, dir, tt.file)
			if !strings.HasPrefix(got, tt.content) {
				t.Errorf("%s lost the user's lines: %q", tt.file, got)
			}
			added := strings.TrimPrefix(got, tt.content)
			want := 0
			if tt.crlf {
				want = strings.Count(added, "\n")
			}
			if n := strings.Count(added, "\r\n"); n != want {
				t.Errorf("%d of the lines add appended to %s end in CRLF, want %d: %q", n, tt.file, want, added)
			}
			if tt.file == "Makefile" {
				cmd := makeIn(dir, "-n", "build", "prod-build")
				if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "go build -trimpath") {
					t.Errorf("make -n build prod-build: %v\n%s", err, out)
				}
			}
			gitCommit(t, dir)
			before := treetest.Describe(t, dir)
			if r := run(t, dir, "add", "--yes", tt.component); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("second add: exit %d, stderr %q", r.code, r.stderr)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Error("the second add changed the tree")
			}
			if r := run(t, dir, "update", "--check"); r.code != ExitOK {
				t.Errorf("update --check after add: exit %d: %s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestAddCaseClashes: a path add creates that differs only in case from one of the
// user's counts as taken, as a case-insensitive file system (macOS, Windows) sees it: the
// Dockerfile goes beside the user's as Dockerfile.prod, and any other such path is
// refused, naming both.
func TestAddCaseClashes(t *testing.T) {
	tests := []struct {
		name      string
		files     map[string]string
		component string
		code      int
		stderr    string
		created   []string // paths the tree has afterwards, exactly so
		absent    []string // paths it must not have
	}{
		{name: "dockerfile", files: map[string]string{"dockerfile": "FROM golang:1.26\n"}, component: "docker", code: ExitOK,
			created: []string{"dockerfile", "Dockerfile.prod"}, absent: []string{"Dockerfile"}},
		{name: "a K8s directory", files: map[string]string{"K8s/notes.md": "ours\n"}, component: "k8s", code: ExitUsage,
			stderr: "nothing written: add would create k8s/deployment.yaml (K8s is there), k8s/service.yaml (K8s is there), which differ only in case from paths of yours: a case-insensitive file system (macOS, Windows) holds one file for both; rename yours, or leave out k8s\n", absent: []string{"k8s"}},
		{name: "MAKEFILE", files: map[string]string{"MAKEFILE": "build:\n\tgo build ./...\n"}, component: "makefile", code: ExitUsage,
			stderr: "Makefile (MAKEFILE is there), which differ only in case from paths of yours", absent: []string{"Makefile", "gonew-prod.mk"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := serviceWithoutMakefile(t, tt.files)
			r := run(t, dir, "add", "--yes", tt.component)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
				t.Fatalf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, tt.code, tt.stderr)
			}
			entries := map[string]bool{}
			for _, rel := range append(slices.Clone(tt.created), tt.absent...) {
				names, err := os.ReadDir(filepath.Join(dir, filepath.Dir(rel)))
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range names {
					entries[filepath.Join(filepath.Dir(rel), e.Name())] = true
				}
			}
			for _, rel := range tt.created {
				if !entries[rel] {
					t.Errorf("%s is missing", rel)
				}
			}
			for _, rel := range tt.absent {
				if entries[rel] {
					t.Errorf("%s was created", rel)
				}
			}
		})
	}
}

// TestAddInACRLFCheckout runs add and update in a clone with core.autocrlf, whose files
// git wrote with CRLF line endings where the commits have LF ones: the files an earlier
// add wrote are its own, unedited (as git would commit them), and the record keeps the
// clone's line endings.
func TestAddInACRLFCheckout(t *testing.T) {
	origin := gitRepo(t, service)
	if r := run(t, origin, "add", "--yes", "makefile", "docker"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	gitCommit(t, origin)
	dir := filepath.Join(t.TempDir(), "clone")
	for _, args := range [][]string{{"-c", "core.autocrlf=true", "clone", "-q", origin, dir}, {"-C", dir, "config", "core.autocrlf", "true"}} {
		if out, err := exec.Command("git", args...).CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	if !generator.CRLF([]byte(readFile(t, dir, "Dockerfile"))) {
		t.Fatal("the clone's Dockerfile has no CRLF line endings: the test checks nothing")
	}
	if r := run(t, dir, "update", "--dry-run"); r.code != ExitOK || strings.Contains(r.stdout+r.stderr, "you edited it") {
		t.Errorf("update --dry-run: exit %d, says files are edited:\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := run(t, dir, "add", "--yes", "ci")
	if r.code != ExitOK || strings.Contains(r.stdout+r.stderr, "you edited it") {
		t.Errorf("add ci: exit %d, says files are edited:\n%s%s", r.code, r.stdout, r.stderr)
	}
	if rec := readFile(t, dir, generator.RecordFile); !generator.CRLF([]byte(rec)) || !strings.Contains(rec, "components: [makefile, docker, ci]") {
		t.Errorf("the record after add ci is not the clone's CRLF one listing ci:\n%q", rec)
	}
}

// TestAddNoteOnce: the note that gonew-prod.mk defines no plain alias is printed once,
// also when the plan is made again for a raised go line.
func TestAddNoteOnce(t *testing.T) {
	dir := serviceWith(t, map[string]string{
		"go.mod":   "module example.com/acme/inventory\n\ngo 1.22\n",
		"Makefile": "all:\n\t@true\ninclude mk/$(ENV).mk\n",
	})
	r := run(t, dir, "add", "--dry-run", "--allow-go-bump", "makefile", "version")
	if r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	if n := strings.Count(r.stdout+r.stderr, "no plain aliases"); n != 1 {
		t.Errorf("the note is printed %d times:\n%s%s", n, r.stdout, r.stderr)
	}
}

// TestAddGoLineReleaseForm: a module at go 1.26 gets components whose requirements
// declare go 1.26.0 without --allow-go-bump: the line is written as go mod tidy writes
// it, the same language version and GODEBUG defaults, and a note says so.
func TestAddGoLineReleaseForm(t *testing.T) {
	dir := serviceWith(t, nil) // go 1.26
	r := run(t, dir, "add", "--dry-run", "otel")
	if r.code != ExitOK {
		t.Fatalf("add --dry-run otel: exit %d, want 0: %s", r.code, r.stderr)
	}
	out := r.stdout + r.stderr
	if want := "wrote the go line 1.26 as 1.26.0, as go mod tidy does (the same language version, go1.26"; !strings.Contains(out, want) {
		t.Errorf("no note %q:\n%s", want, out)
	}
	if strings.Contains(out, "--allow-go-bump") || strings.Contains(out, "language version is now") {
		t.Errorf("the note speaks of a raise that changes the code's meaning:\n%s", out)
	}
}

// goModule is the go.mod of the wiring tests' repositories, requiring what they import.
func goModule(requires ...string) string {
	mod := "module example.com/acme/svc\n\ngo 1.26.0\n" // as the OpenTelemetry modules: no raise of the go line
	for _, r := range requires {
		mod += "\nrequire " + r + "\n"
	}
	return mod
}

// serviceRepo writes files into a new git repository, with a go.sum from go mod tidy
// when go.mod requires anything, everything committed.
func serviceRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, body := range files {
		mustWrite(t, dir, p, body)
	}
	if strings.Contains(files["go.mod"], "require") {
		goRun(t, dir, "mod", "tidy")
	}
	gitRepoIn(t, dir)
	return dir
}

// goRun runs the go command in dir, with the test process's caches and GOFLAGS=-trimpath
// (goCaches).
func goRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), goCaches()...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// checkDrains builds the main package of dir and runs it: /healthz answers 200, and so
// do the paths of paths their status, SIGTERM turns /readyz to 503 during
// SHUTDOWN_DELAY, and the process drains and exits 0.
func checkDrains(t *testing.T, dir string, paths map[string]int) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "svc")
	goRun(t, dir, "build", "-o", bin, ".")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var out bytes.Buffer
	cmd := exec.Command(bin)
	// The delay is the window in which readiness answers 503: wide, so that a loaded
	// machine's slow signal delivery or requests do not close it before the test looks.
	cmd.Env = append(os.Environ(), "HTTP_ADDR="+addr, "SHUTDOWN_DELAY=2s", "SHUTDOWN_TIMEOUT=5s")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{}) // closed once Wait has returned
	go func() { _ = cmd.Wait(); close(exited) }()
	defer func() {
		select {
		case <-exited:
		default:
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	client := &http.Client{Timeout: time.Second}
	status := func(path string) int {
		resp, err := client.Get("http://" + addr + path)
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for deadline := time.Now().Add(20 * time.Second); status("/healthz") != http.StatusOK; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("/healthz never answered 200\n%s", out.String())
		}
	}
	for path, want := range paths {
		if got := status(path); got != want {
			t.Errorf("GET %s = %d, want %d", path, got, want)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// Until readiness answers 503, or the service is gone without it having done so:
	// no fixed budget shorter than the delay, which a loaded machine may use up.
	notReady, gone := false, false
	for deadline := time.Now().Add(20 * time.Second); !notReady && !gone && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-exited:
			gone = true
		default:
			notReady = status("/readyz") == http.StatusServiceUnavailable
		}
	}
	if !notReady {
		t.Errorf("/readyz never answered 503 after SIGTERM (exited before it did: %v)", gone)
	}
	select {
	case <-exited:
		if code := cmd.ProcessState.ExitCode(); code != 0 {
			t.Errorf("exit code %d after SIGTERM, want 0\n%s", code, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("still running 20s after SIGTERM\n%s", out.String())
	}
}

// program returns a file of the programs serving in the usual ways that the wiring's
// unit tests use too.
func program(t *testing.T, name string) string {
	t.Helper()
	return readFile(t, "../retrofit/testdata/programs", name)
}

// TestAddTestsRepeatable adds the components that bring tests of their own, then runs
// those tests as developers and CI runners do: again in the same test binary (-count=2,
// -cpu 1,2), with the service's own variables set in the environment (GOMEMLIMIT,
// OTEL_*) and with GODEBUG settings a go.mod's godebug lines also make (older
// defaults, HTTP/2 off). Each way they pass, as the tests of the program passed before add.
func TestAddTestsRepeatable(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("builds and runs the tests add writes: skipped with -short")
	}
	repos := map[string]struct {
		files      map[string]string
		components []string
	}{
		"net/http": {files: map[string]string{"go.mod": goModule(), "main.go": service["main.go"]}, components: []string{"shutdown", "procs", "otel", "mtls"}},
		"gin":      {files: map[string]string{"go.mod": goModule("github.com/gin-gonic/gin v1.10.0"), "main.go": program(t, "gin_setup.go")}, components: []string{"shutdown", "otel"}},
	}
	dirs := map[string]string{}
	for name, repo := range repos {
		dirs[name] = serviceRepo(t, repo.files)
		if r := run(t, dirs[name], append([]string{"add", "--yes", "--wire"}, repo.components...)...); r.code != ExitOK {
			t.Fatalf("add in the %s repository: exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
	}
	pinnedAtLeast(t, dirs["gin"], "gin-otel")
	tests := []struct {
		name  string
		repo  string   // a key of repos
		pkg   string   // the package tested, relative to the repository
		flags []string // the test binary's flags, as go test hands them on
		env   []string
	}{
		{name: "shutdown, run twice", repo: "net/http", pkg: ".", flags: []string{"-test.count=2"}},
		{name: "shutdown, with two -cpu settings", repo: "net/http", pkg: ".", flags: []string{"-test.cpu=1,2", "-test.run=^TestProdServe"}},
		{name: "procs, GOMEMLIMIT set", repo: "net/http", pkg: "./internal/platform/runtimeinfo", env: []string{"GOMEMLIMIT=200MiB"}},
		{name: "procs, AUTOMEMLIMIT set", repo: "net/http", pkg: "./internal/platform/runtimeinfo", env: []string{"AUTOMEMLIMIT=0.5"}},
		{name: "otel, OTEL_SERVICE_NAME set", repo: "net/http", pkg: "./internal/platform/telemetry", env: []string{"OTEL_SERVICE_NAME=orders"}},
		{name: "otel, OTEL_PROPAGATORS set", repo: "net/http", pkg: "./internal/platform/telemetry", env: []string{"OTEL_PROPAGATORS=b3"}},
		{name: "otel, resource, sampler and exporter set", repo: "net/http", pkg: "./internal/platform/telemetry",
			env: []string{"OTEL_RESOURCE_ATTRIBUTES=service.name=orders,deployment.environment=prod", "OTEL_TRACES_SAMPLER=always_off", "OTEL_TRACES_EXPORTER=console"}},
		{name: "otel with gin, sampler always_off", repo: "gin", pkg: ".", flags: []string{"-test.run=^TestProdOTel"}, env: []string{"OTEL_TRACES_SAMPLER=always_off"}},
		{name: "otel with gin, sampler ratio 0", repo: "gin", pkg: ".", flags: []string{"-test.run=^TestProdOTel"}, env: []string{"OTEL_TRACES_SAMPLER=traceidratio", "OTEL_TRACES_SAMPLER_ARG=0"}},
		{name: "mtls, defaults of go1.22 (key pairs without Leaf)", repo: "net/http", pkg: "./internal/platform/tlsreload", env: []string{"GODEBUG=x509keypairleaf=0"}},
		{name: "mtls, HTTP/2 server off", repo: "net/http", pkg: "./internal/platform/tlsreload", env: []string{"GODEBUG=http2server=0"}},
		{name: "mtls, HTTP/2 client off", repo: "net/http", pkg: "./internal/platform/tlsreload", env: []string{"GODEBUG=http2client=0"}},
	}
	// go test builds a package's test binary and runs it in the package's directory with
	// the environment it was given and its own flags as -test.*: each package's binary is
	// built once here (go test -c), then run so for every row, as go test would run it.
	binaries := map[string]string{}
	for _, tt := range tests {
		key := tt.repo + " " + tt.pkg
		if binaries[key] != "" {
			continue
		}
		binaries[key] = filepath.Join(t.TempDir(), "pkg.test")
		cmd := exec.Command("go", "test", "-c", "-o", binaries[key], tt.pkg)
		cmd.Dir = dirs[tt.repo]
		cmd.Env = slices.Concat(os.Environ(), goCaches())
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go test -c %s in the %s repository: %v\n%s", tt.pkg, tt.repo, err, out)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(binaries[tt.repo+" "+tt.pkg], tt.flags...)
			cmd.Dir = filepath.Join(dirs[tt.repo], tt.pkg)
			cmd.Env = slices.Concat(os.Environ(), goCaches(), tt.env)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s go test %s %s: %v\n%s", strings.Join(tt.env, " "), tt.pkg, strings.Join(tt.flags, " "), err, out)
			}
		})
	}
}

// pinnedAtLeast checks that the go.mod add wrote in dir requires every module that the
// dependency set named (templates/project/deps/SET) pins at the set's version or above:
// go mod tidy alone would keep what the added modules require (otelgin v0.71.0:
// mimetype v1.4.15, which its author retracted), below what new's go.mod selects.
func pinnedAtLeast(t *testing.T, dir, set string) {
	t.Helper()
	parse := func(name string, data []byte) *modfile.File {
		f, err := modfile.ParseLax(name, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	pins := parse(set, regexp.MustCompile(`(?m)^.*\{\{.*$`).ReplaceAll([]byte(readFile(t, "../../templates/project/deps/"+set, "go.mod.tmpl")), nil))
	got := parse("go.mod", []byte(readFile(t, dir, "go.mod")))
	for _, pin := range pins.Require {
		for _, r := range got.Require {
			if r.Mod.Path == pin.Mod.Path && semver.Compare(r.Mod.Version, pin.Mod.Version) < 0 {
				t.Errorf("go.mod after add requires %s, below %s of the %s set", r.Mod, pin.Mod.Version, set)
			}
		}
	}
}

// embeddedServer serves through the ListenAndServe its own type promotes from the
// http.Server it embeds.
const embeddedServer = `package main

import (
	"log"
	"net/http"
	"time"
)

type server struct {
	http.Server
	started time.Time
}

func main() {
	s := &server{started: time.Now()}
	s.Addr = ":8080"
	s.Handler = http.NotFoundHandler()
	log.Fatal(s.ListenAndServe())
}
`

// serveChecking is a program serving an http.Server whose error it checks with cond
// (log.Fatalf when true).
func serveChecking(cond string) string {
	imports := "\t\"log\"\n\t\"net/http\"\n"
	if strings.Contains(cond, "errors.") {
		imports = "\t\"errors\"\n" + imports
	}
	return "package main\n\nimport (\n" + imports + `)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	if err := srv.ListenAndServe(); ` + cond + ` {
		log.Fatalf("HTTP server error: %v", err)
	}
}
`
}

// serveReturning is a program whose func serve, with body after building mux, returns
// the error main checks against nil; imports are the packages it uses besides log and
// net/http.
func serveReturning(body string, imports ...string) string {
	var imp strings.Builder
	for _, p := range append(imports, "log", "net/http") {
		imp.WriteString("\t\"" + p + "\"\n")
	}
	return "package main\n\nimport (\n" + imp.String() + `)

func main() {
	if err := serve(); err != nil {
		log.Fatal(err)
	}
}

func serve() error {
	mux := http.NewServeMux()
	mux.Handle("/", http.NotFoundHandler())
` + body + "}\n"
}

// debugMuxService serves http.DefaultServeMux, where its imports of net/http/pprof and
// expvar register /debug/pprof/ and /debug/vars.
const debugMuxService = `package main

import (
	_ "expvar"
	"io"
	"log"
	"net/http"
	_ "net/http/pprof"
)

func main() {
	http.HandleFunc("/hello", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "hi") })
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`

// TestAddWireServes wires programs serving HTTP in each of the usual ways with
// add --yes --wire, then builds and runs them: each answers /healthz, fails readiness on
// SIGTERM, and exits 0 after the drain, whatever its code does with the serving call's
// error (checks it against http.ErrServerClosed, passes it to log.Fatal, or checks it
// against nil only). The user's files stay gofmt-clean, and a second add changes nothing.
func TestAddWireServes(t *testing.T) {
	t.Parallel() // slow (it builds and tests generated projects): beside the other slow ones, at the end
	if testing.Short() {
		t.Skip("builds and runs a service per serving idiom: skipped with -short")
	}
	gin, echo := "github.com/gin-gonic/gin v1.10.0", "github.com/labstack/echo/v4 v4.13.3"
	tests := []struct {
		name       string
		files      map[string]string
		components []string
		wired      string         // the call in the wired file
		paths      map[string]int // paths and the status they answer with while serving
		note       string         // part of what add says
	}{
		{name: "errors.Is ErrServerClosed", files: map[string]string{"main.go": serveChecking("!errors.Is(err, http.ErrServerClosed)")}, wired: "prodServeServerClosed(srv)"},
		{name: "!= ErrServerClosed", files: map[string]string{"main.go": serveChecking("err != http.ErrServerClosed")}, wired: "prodServeServerClosed(srv)"},
		{name: "!= nil && != ErrServerClosed", files: map[string]string{"main.go": serveChecking("err != nil && err != http.ErrServerClosed")}, wired: "prodServeServerClosed(srv)"},
		{name: "naive nil check", files: map[string]string{"main.go": serveChecking("err != nil")}, wired: "prodServeServer(srv)"},
		{name: "log.Fatal, the only use of net/http", files: map[string]string{"main.go": service["main.go"]}, wired: "prodServeThenExit(\":8080\", http.NotFoundHandler())"},
		{name: "log.Fatal of a nil handler, the only use of net/http", files: map[string]string{"main.go": strings.Replace(service["main.go"], "http.NotFoundHandler()", "nil", 1)}, wired: `prodServeThenExit(":8080", http.DefaultServeMux)`},
		{name: "log.Fatal of routes()", files: map[string]string{"main.go": strings.Replace(service["main.go"], "http.NotFoundHandler()", "routes()", 1), "routes.go": program(t, "routes.go")}, wired: `prodServeThenExit(":8080", http.Handler(routes()))`},
		{name: "main's call, not the debug listener's", files: map[string]string{"main.go": strings.Replace(service["main.go"], "func main() {\n", "func main() {\n\tstartAdmin()\n", 1), "admin.go": program(t, "admin.go"), "debug.go": program(t, "debug.go")}, wired: "prodServeThenExit(\":8080\", http.NotFoundHandler())"},
		{name: "gin, router from a function", files: map[string]string{"main.go": program(t, "gin_setup.go"), "go.mod": goModule(gin)}, components: []string{"otel"}, wired: `prodServe(":8080", r)`},
		{name: "gin, router at package level", files: map[string]string{"main.go": program(t, "gin_package.go"), "go.mod": goModule(gin)}, components: []string{"otel"}, wired: `prodServe("", router)`},
		{name: "echo, e.Logger.Fatal", files: map[string]string{"main.go": program(t, "echo_fatal.go"), "go.mod": goModule(echo)}, wired: `prodServeServerThenExit(prodEchoServer(e, ":1323"))`},
		{name: "error wrapped by fmt.Errorf and returned", files: map[string]string{"main.go": serveReturning("\treturn fmt.Errorf(\"serve: %w\", http.ListenAndServe(\":8080\", mux))\n", "fmt")}, wired: `prodServeThenExit(":8080", mux)`},
		{name: "error assigned, then log.Fatalf whatever it is", files: map[string]string{"main.go": serveReturning("\terr := http.ListenAndServe(\":8080\", mux)\n\tlog.Fatalf(\"server stopped: %v\", err)\n\treturn nil\n")}, wired: `prodServeThenExit(":8080", mux)`},
		{name: "checked against nil, then an error returned whatever it was", files: map[string]string{"main.go": serveReturning("\tif err := http.ListenAndServe(\":8080\", mux); err != nil {\n\t\treturn err\n\t}\n\treturn errors.New(\"server stopped unexpectedly\")\n", "errors")}, wired: `prodServeThenExit(":8080", mux)`},
		{name: "http.DefaultServeMux with net/http/pprof and expvar", files: map[string]string{"main.go": debugMuxService}, components: []string{"pprof"}, wired: `prodServeThenExit(":8080", nil)`,
			note:  "main.go imports net/http/pprof and main.go imports expvar, registering /debug/pprof/ or /debug/vars on http.DefaultServeMux, which main.go:13 serves: the wired call answers 404 there on the public listener",
			paths: map[string]int{"/hello": http.StatusOK, "/debug/pprof/": http.StatusNotFound, "/debug/pprof/heap?debug=1": http.StatusNotFound, "/debug/pprof/cmdline": http.StatusNotFound, "/debug/vars": http.StatusNotFound}},
		{name: "echo, != nil && !errors.Is ErrServerClosed", files: map[string]string{"main.go": program(t, "echo_closed.go"), "go.mod": goModule(echo)}, wired: `prodServeServerClosed(prodEchoServer(e, ":1323"))`},
		{name: "a type of the program's own embedding http.Server", files: map[string]string{"main.go": embeddedServer}, wired: "prodServeServerThenExit(&s.Server)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(tt.files)
			if files["go.mod"] == "" {
				files["go.mod"] = goModule()
			}
			dir := serviceRepo(t, files)
			args := append([]string{"add", "--yes", "--wire", "shutdown"}, tt.components...)
			r := run(t, dir, args...)
			if r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.note) {
				t.Errorf("add does not say %q:\n%s", tt.note, r.stderr)
			}
			if got := readFile(t, dir, "main.go"); !strings.Contains(got, tt.wired) {
				t.Errorf("main.go does not call %s:\n%s", tt.wired, got)
			}
			if out := goRun(t, dir, "vet", "-tags", "debug", "./..."); out != "" {
				t.Errorf("go vet -tags debug: %s", out)
			}
			cmd := exec.Command("gofmt", "-l", ".")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil || len(out) != 0 {
				t.Errorf("gofmt -l: %v\n%s", err, out)
			}
			checkDrains(t, dir, tt.paths)
			gitCommit(t, dir)
			if r := run(t, dir, args...); r.code != ExitOK || !strings.Contains(r.stderr, "nothing to change") {
				t.Errorf("second add: exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// TestAddWireRefusals: where add cannot wire without guessing or racing the program's
// own shutdown, --wire is refused (exit 2, nothing written) with the reason and the
// place; without --wire, add goes on and the note says the same, advising no change.
func TestAddWireRefusals(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		why   string
	}{
		{name: "signals and Shutdown of its own", files: map[string]string{"main.go": readFile(t, "../retrofit/testdata/repos/own-shutdown", "main.go")}, why: "package main shuts down by itself: it catches SIGINT or SIGTERM (main.go:23 signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)) and calls Shutdown (main.go:27 srv.Shutdown(ctx))"},
		{name: "TLS", files: map[string]string{"main.go": strings.Replace(service["main.go"], `http.ListenAndServe(":8080", http.NotFoundHandler())`, `http.ListenAndServeTLS(":8443", "tls.crt", "tls.key", http.NotFoundHandler())`, 1)},
			why: `main.go:9: http.ListenAndServeTLS(":8443", "tls.crt", "tls.key", http.NotFoundHandler()) serves TLS`},
		{name: "two listeners", files: map[string]string{"main.go": `package main

import "net/http"

func main() {
	go http.ListenAndServe(":8080", nil)
	go http.ListenAndServe(":8081", nil)
	select {}
}
`}, why: "package main serves HTTP from 2 places"},
		{name: "none", files: map[string]string{"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.HandleFunc(\"/\", http.NotFound) }\n"}, why: "no call serving HTTP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(tt.files)
			files["go.mod"] = goModule()
			dir := serviceRepo(t, files)
			before := treetest.Describe(t, dir)
			r := run(t, dir, "add", "--yes", "--wire", "shutdown")
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.why) {
				t.Fatalf("add --wire: exit %d, stderr %q; want %d and %q", r.code, r.stderr, ExitUsage, tt.why)
			}
			if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
				t.Error("a refused add changed the tree")
			}
			r = run(t, dir, "add", "--yes", "shutdown")
			if r.code != ExitOK || !strings.Contains(r.stderr, tt.why) || strings.Contains(r.stderr, "change\n") {
				t.Errorf("add: exit %d, stderr %q; want 0 and a note %q advising no change", r.code, r.stderr, tt.why)
			}
			if got := readFile(t, dir, "main.go"); got != files["main.go"] {
				t.Errorf("add changed main.go:\n%s", got)
			}
		})
	}
}

// TestAddNames: names of the user's package main that gonew_prod.go would import under
// (config, health, json) are no clash; one it declares, in a test file too, is refused
// by name before anything is written.
func TestAddNames(t *testing.T) {
	files := maps.Clone(service)
	files["names.go"] = "package main\n\ntype config struct{}\n\nfunc health() {}\n\nvar json = config{}\n\nvar _ = health\n"
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "--wire", "shutdown", "version"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	files["main_test.go"] = "package main\n\nfunc prodRun() {}\n"
	dir = gitRepo(t, files)
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "--wire", "shutdown")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "main_test.go declares func prodRun, and gonew_prod.go declares func prodRun") {
		t.Fatalf("add: exit %d, stderr %q; want a refusal naming prodRun", r.code, r.stderr)
	}
	if after := treetest.Describe(t, dir); !maps.Equal(before, after) {
		t.Error("a refused add changed the tree")
	}
}

// TestAddGoBumpKeepsReplaceDirs: a raised go line makes the template values anew, and the
// Dockerfile still copies the go.mod of a module go.mod replaces with a directory inside
// the module before its go mod download, as it does without the raise.
func TestAddGoBumpKeepsReplaceDirs(t *testing.T) {
	dir := serviceWith(t, map[string]string{
		"go.mod":     "module example.com/acme/inventory\n\ngo 1.24\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ./lib\n",
		"lib/go.mod": "module example.com/lib\n\ngo 1.22\n",
		"lib/lib.go": "package lib\n\n// Port is the port.\nconst Port = \":8080\"\n",
		"main.go":    "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\n\t\"example.com/lib\"\n)\n\nfunc main() {\n\tlog.Fatal(http.ListenAndServe(lib.Port, http.NotFoundHandler()))\n}\n",
	})
	r := run(t, dir, "add", "--yes", "--allow-go-bump", "docker", "version")
	if r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	if df := readFile(t, dir, "Dockerfile"); !strings.Contains(df, "COPY lib/go.mod lib/\nRUN go mod download") {
		t.Errorf("the Dockerfile does not copy lib/go.mod before go mod download:\n%s", df)
	}
	gitCommit(t, dir)
	if r := run(t, dir, "add", "--yes", "docker", "version"); r.code != ExitOK || !strings.Contains(r.stdout+r.stderr, "nothing to change") {
		t.Errorf("a second add: exit %d, not a no-op:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestAddPprofBesideOwnListener: a program that already serves net/http/pprof on
// localhost:6060 keeps that listener, and pprof's admin listener takes another port,
// which the note on that call names.
func TestAddPprofBesideOwnListener(t *testing.T) {
	dir := serviceWith(t, map[string]string{
		"main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\nfunc main() {\n\tgo func() { log.Println(http.ListenAndServe(\"localhost:6060\", nil)) }()\n\tmux := http.NewServeMux()\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n",
	})
	r := run(t, dir, "add", "--yes", "--wire", "shutdown", "pprof")
	if r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	if rec := readFile(t, dir, generator.RecordFile); !strings.Contains(rec, "admin_port: 6061") {
		t.Errorf("the admin listener does not move off the program's own 6060:\n%s", rec)
	}
	if !strings.Contains(r.stdout+r.stderr, "it listens on port 6060, so pprof's admin listener takes 127.0.0.1:6061 (ADMIN_ADDR) instead") {
		t.Errorf("no note names the port the admin listener takes:\n%s%s", r.stdout, r.stderr)
	}
}

// TestAddNotesGolangciV1: golangci-lint v2, which the CI job and make prod-lint run,
// refuses a v1 configuration; add says so, naming the file and golangci-lint migrate,
// and says nothing of a v2 one.
func TestAddNotesGolangciV1(t *testing.T) {
	v1 := "run:\n  timeout: 5m\nlinters:\n  disable-all: true\n  enable:\n    - errcheck\n"
	for _, tc := range []struct {
		name, file, config string
		note               bool
	}{
		{"v1 yml", ".golangci.yml", v1, true},
		{"v1 toml", ".golangci.toml", "[run]\ntimeout = \"5m\"\n", true},
		{"v2 yml", ".golangci.yml", "version: \"2\"\n" + strings.Replace(v1, "disable-all: true", "default: none", 1), false},
		{"v2 json", ".golangci.json", "{\n  \"version\": \"2\"\n}\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := serviceWith(t, map[string]string{tc.file: tc.config})
			r := run(t, dir, "add", "--yes", "ci", "makefile")
			if r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			want := tc.file + " is a golangci-lint v1 configuration (no version: \"2\"), which golangci-lint v2, the one the CI job's lint step and make prod-lint run, refuses"
			if got := strings.Contains(r.stdout+r.stderr, want) && strings.Contains(r.stdout+r.stderr, "golangci-lint migrate"); got != tc.note {
				t.Errorf("note of a v1 configuration: %v, want %v:\n%s%s", got, tc.note, r.stdout, r.stderr)
			}
		})
	}
}

// TestAddPprofOnThePublicMux: a program that serves the profiling handlers on the router
// it serves keeps them public whatever add writes: add pprof names the registration in a
// note, and a bare add after it, while audit still finds pprof public, does not blame the
// wiring, which is in place, but names the registration again (round 20, finding 2).
func TestAddPprofOnThePublicMux(t *testing.T) {
	if testing.Short() {
		t.Skip("runs add twice and audit")
	}
	tests := []struct {
		name, main, registration string
		requires                 []string
		bare                     bool // audit still finds pprof public once wired
	}{
		{name: "pprof.Index on the served mux",
			main:         "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"net/http/pprof\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n",
			registration: `main.go:11 mux.HandleFunc("/debug/pprof/", pprof.Index)`, bare: true},
		{name: "chi's profiler mounted on the served router",
			main:         "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n\t\"github.com/go-chi/chi/v5/middleware\"\n)\n\nfunc main() {\n\tr := chi.NewRouter()\n\tr.Mount(\"/debug\", middleware.Profiler())\n\thttp.ListenAndServe(\":8080\", r)\n}\n",
			registration: `main.go:12 r.Mount("/debug", middleware.Profiler())`,
			requires:     []string{"github.com/go-chi/chi/v5 v5.2.3"}, bare: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(service)
			files["main.go"], files["go.mod"] = tt.main, goModule(tt.requires...)
			dir := serviceRepo(t, files)
			r := run(t, dir, "add", "--yes", "--wire", "shutdown", "pprof")
			if r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, "note: audit: pprof is served on the public listener") || !strings.Contains(r.stderr, tt.registration) {
				t.Errorf("no note names the public registration %s:\n%s", tt.registration, r.stderr)
			}
			if !tt.bare {
				return
			}
			gitCommit(t, dir)
			r = run(t, dir, "add", "--dry-run")
			if strings.Contains(r.stderr, "run add --wire") {
				t.Errorf("bare add blames the wiring, which is in place:\n%s", r.stderr)
			}
			if !strings.Contains(r.stderr, "serves through gonew-prod's code already") || !strings.Contains(r.stderr, tt.registration) {
				t.Errorf("bare add does not name the public registration %s:\n%s", tt.registration, r.stderr)
			}
		})
	}
}

// TestAddPortOfAServerElsewhere: a program that starts its server in a package of the
// repository has no serving call add reads a port from: the Dockerfile and the Deployment
// assume 8080, and a note says so, naming the address main hands on (round 20, finding 4).
func TestAddPortOfAServerElsewhere(t *testing.T) {
	files := maps.Clone(service)
	files["main.go"] = "package main\n\nimport (\n\t\"log\"\n\n\t\"example.com/acme/inventory/internal/server\"\n)\n\nfunc main() {\n\ts := server.New(\":8088\")\n\tif err := s.Start(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n"
	files["internal/server/server.go"] = "package server\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\ntype Server struct{ http *http.Server }\n\nfunc New(addr string) *Server {\n\treturn &Server{http: &http.Server{Addr: addr, Handler: http.NotFoundHandler(), ReadHeaderTimeout: 5 * time.Second}}\n}\n\nfunc (s *Server) Start() error { return s.http.ListenAndServe() }\n"
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--yes", "k8s", "docker")
	if r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"note: add finds no serving call in package main to read a port from, so the Dockerfile EXPOSEs 8080 and the Deployment's container port is 8080",
		`(main.go:10 server.New(":8088") names port 8088)`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("no note %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "cannot see the type of its receiver") {
		t.Errorf("add says it cannot see the type of s, which server.New declares:\n%s", r.stderr)
	}
}

// TestAddDockerfileHowToBuild: the Dockerfile's header names make prod-docker only when
// gonew-prod.mk, which defines it, is written too, and the docker build command otherwise
// (round 20, finding 6).
func TestAddDockerfileHowToBuild(t *testing.T) {
	tests := []struct {
		components []string
		want, not  string
	}{
		{components: []string{"docker"}, want: "`docker build -f Dockerfile .` in the repository", not: "make prod-docker"},
		{components: []string{"docker", "makefile"}, want: "`make prod-docker`", not: "docker build -f"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.components, "+"), func(t *testing.T) {
			dir := serviceWithoutMakefile(t, nil)
			if r := run(t, dir, append([]string{"add", "--yes"}, tt.components...)...); r.code != ExitOK {
				t.Fatalf("add: exit %d: %s", r.code, r.stderr)
			}
			head, _, _ := strings.Cut(readFile(t, dir, "Dockerfile"), "\n\n")
			if !strings.Contains(head, tt.want) || strings.Contains(head, tt.not) {
				t.Errorf("the Dockerfile's header does not name %q alone:\n%s", tt.want, head)
			}
		})
	}
}

// TestAddSecondMainServingNoHTTP: after an add for one main package, an add for another
// that serves no HTTP is refused for the record's main package, not for components the
// user did not name (the record's shutdown) (round 20, finding 7).
func TestAddSecondMainServingNoHTTP(t *testing.T) {
	files := maps.Clone(service)
	delete(files, "main.go")
	files["cmd/api/main.go"] = service["main.go"]
	files["cmd/worker/main.go"] = "package main\n\nimport \"time\"\n\nfunc main() {\n\tfor {\n\t\ttime.Sleep(time.Second)\n\t}\n}\n"
	dir := gitRepo(t, files)
	if r := run(t, dir, "add", "--yes", "--main", "./cmd/api", "shutdown"); r.code != ExitOK {
		t.Fatalf("add: exit %d: %s", r.code, r.stderr)
	}
	gitCommit(t, dir)
	r := run(t, dir, "add", "--dry-run", "--main", "./cmd/worker", "makefile")
	const want = ".gonew-prod.yaml records gonew-prod add for mainPackage ./cmd/api, not ./cmd/worker: add serves one main package per repository"
	if r.code != ExitUsage || !strings.Contains(r.stderr, want) {
		t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, ExitUsage, want)
	}
}

// TestAddNoGoLine: a go.mod without a go line is read as go 1.16, as the go command
// reads it, and the messages say it has none rather than naming a 1.16 go.mod does not
// hold (round 20, finding 8).
func TestAddNoGoLine(t *testing.T) {
	files := maps.Clone(service)
	files["go.mod"] = "module example.com/acme/inventory\n"
	dir := gitRepo(t, files)
	r := run(t, dir, "add", "--dry-run", "shutdown")
	if want := "go.mod has no go line (the go command reads it as go 1.16), but"; r.code != ExitUsage || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "go line is 1.16") {
		t.Errorf("without --allow-go-bump: exit %d, stderr %q; want %d and %q", r.code, r.stderr, ExitUsage, want)
	}
	r = run(t, dir, "add", "--dry-run", "--allow-go-bump", "shutdown")
	if want := "note: added the go line 1.26.0 (go.mod had none, which the go command reads as go 1.16; --allow-go-bump)"; r.code != ExitOK || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "from 1.16") {
		t.Errorf("with --allow-go-bump: exit %d, stderr %q; want %q", r.code, r.stderr, want)
	}
}

// TestAddSecondMainNamedFromTheRoot: an add for a second main package, in the record's
// module or in another one nested in the repository, is refused naming both packages
// from the repository's root, as --main takes them, not by their path in their own
// module ("." for a nested module's root).
func TestAddSecondMainNamedFromTheRoot(t *testing.T) {
	const mainGo = "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n"
	files := map[string]string{
		"go.mod":            "module example.com/m\n\ngo 1.26\n",
		"cmd/api/main.go":   mainGo,
		"tools/go.mod":      "module example.com/m/tools\n\ngo 1.26\n",
		"tools/main.go":     mainGo,
		"svc/go.mod":        "module example.com/m/svc\n\ngo 1.26\n",
		"svc/cmd/a/main.go": mainGo,
		"svc/cmd/b/main.go": mainGo,
	}
	tests := []struct {
		first, second, want string
	}{
		{"./cmd/api", "./tools", "records gonew-prod add for mainPackage ./cmd/api, not ./tools:"},
		{"./tools", "./cmd/api", "records gonew-prod add for mainPackage ./tools, not ./cmd/api:"},
		{"./svc/cmd/a", "./svc/cmd/b", "records gonew-prod add for mainPackage ./svc/cmd/a, not ./svc/cmd/b:"},
		{"./tools", "./svc/cmd/a", "records gonew-prod add for mainPackage ./tools, not ./svc/cmd/a:"},
	}
	for _, tt := range tests {
		t.Run(tt.first+" then "+tt.second, func(t *testing.T) {
			dir := gitRepo(t, files)
			if r := run(t, dir, "add", "--yes", "--main", tt.first, "makefile"); r.code != ExitOK {
				t.Fatalf("add --main %s: exit %d: %s", tt.first, r.code, r.stderr)
			}
			gitCommit(t, dir)
			r := run(t, dir, "add", "--yes", "--main", tt.second, "makefile")
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("add --main %s: exit %d, stderr %q; want %d and %q", tt.second, r.code, r.stderr, ExitUsage, tt.want)
			}
		})
	}
}

// giveToAnotherOwner gives dir and all in it to another user (uid 1000), whose
// repository git then refuses to read ("detected dubious ownership"); it skips the test
// when not run as root, which that takes.
func giveToAnotherOwner(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the repository another owner")
	}
	if err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, 1000, 1000)
	}); err != nil {
		t.Fatal(err)
	}
}
