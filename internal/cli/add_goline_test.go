package cli

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/internal/treetest"
)

// TestAddGoLineInAWorkspace adds otel to a module of a workspace whose go lines say 1.26,
// while the OpenTelemetry modules declare go 1.26.0: the go command would raise the
// module's line to 1.26.0, and a go.work that still said 1.26 would then refuse the
// module. Without --allow-go-bump add refuses and names the requirement; with it, go.mod
// and go.work are raised together and the workspace builds.
func TestAddGoLineInAWorkspace(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go mod tidy and go vet")
	}
	dir := gitRepo(t, map[string]string{
		"go.work":     "go 1.26\n\nuse (\n\t./lib\n\t./svc\n)\n",
		"lib/go.mod":  "module example.com/lib\n\ngo 1.26\n",
		"lib/lib.go":  "// Package lib greets.\npackage lib\n\n// Greeting is a greeting.\nconst Greeting = \"hello\"\n",
		"svc/go.mod":  "module example.com/svc\n\ngo 1.26\n",
		"svc/main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))\n}\n",
	})
	before := treetest.Describe(t, dir)
	r := run(t, dir, "add", "--yes", "otel")
	wantCode(t, r, ExitUsage, "add otel")
	if !strings.Contains(r.stderr, "needs go 1.26.0") || !strings.Contains(r.stderr, "--allow-go-bump") {
		t.Errorf("refusal does not name the requirement and the flag:\n%s", r.stderr)
	}
	if after := treetest.Describe(t, dir); !equalTrees(before, after) {
		t.Fatalf("a refused add changed the tree:\n%s", treeDiff(before, after))
	}

	r = run(t, dir, "add", "--yes", "--allow-go-bump", "otel")
	if r.code != ExitOK {
		t.Fatalf("add --allow-go-bump otel: exit %d\n%s", r.code, r.stderr)
	}
	for _, f := range []string{"svc/go.mod", "go.work"} {
		if !strings.Contains("\n"+readFile(t, dir, f), "\ngo 1.26.0\n") {
			t.Errorf("%s not raised to go 1.26.0:\n%s", f, readFile(t, dir, f))
		}
	}
	cmd := exec.Command("go", "vet", "./svc/...", "./lib/...")
	cmd.Dir = dir
	cmd.Env = append(cmd.Environ(), goCaches()...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet in the workspace: %v\n%s", err, out)
	}
}
