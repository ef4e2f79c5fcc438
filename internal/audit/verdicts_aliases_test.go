package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// aliasBomb returns YAML anchors nested levels deep, each listing the one before
// ten times: *a<levels> names 10^(levels+1) copies of line.
func aliasBomb(line string, levels int) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".a0: &a0 [%s]\n", strings.TrimSuffix(strings.Repeat(fmt.Sprintf("%q,", line), 10), ","))
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, ".a%d: &a%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d,", i-1), 10), ","))
	}
	return b.String()
}

// TestCIAliasBudget checks that a CI file whose YAML aliases expand to more nodes
// than maxExpandedNodes is not read (listed under problems, ci UNKNOWN) instead of
// being expanded, and that files of ordinary anchors are still read.
func TestCIAliasBudget(t *testing.T) {
	const lint = "lint:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - golangci-lint run\n"
	gl := func(files map[string]string) map[string]string {
		return withFiles(map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}, files)
	}
	runBuildCases(t, []buildCase{
		{name: "GitLab: nested anchors", files: gl(map[string]string{".gitlab-ci.yml": aliasBomb("go test -race ./...", 4) + lint + "test:\n  script: *a4\n"}),
			check: "ci", want: Unknown, message: ".gitlab-ci.yml could not be read", problem: "YAML aliases expand to more than 50000 nodes"},
		{name: "GitLab: nested anchors in an included file", files: gl(map[string]string{".gitlab-ci.yml": "include:\n  - local: ci/test.yml\n" + lint,
			"ci/test.yml": aliasBomb("go test -race ./...", 4) + "test:\n  script: *a4\n"}),
			check: "ci", want: Unknown, message: "included files, actions or workflows of other repositories that were not read", at: ".gitlab-ci.yml:2"},
		{name: "GitLab: the budget counts every included file", files: gl(map[string]string{".gitlab-ci.yml": "include:\n  - local: ci/build.yml\n  - local: ci/build.yml\n  - local: ci/test.yml\n" + lint,
			"ci/build.yml": aliasBomb("go build ./...", 3) + "build:\n  script: *a3\n",
			"ci/test.yml":  aliasBomb("go test -race ./...", 3) + "test:\n  script: *a3\n"}),
			check: "ci", want: Unknown, message: "CI does not run go test -race in the files read", at: ".gitlab-ci.yml:4"},
		{name: "GitHub: nested anchors", files: gl(map[string]string{".github/workflows/ci.yml": "on: [push]\n" + aliasBomb("go test -race ./...", 4) + "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v8\n"}),
			check: "ci", want: Unknown, message: ".github/workflows/ci.yml could not be read", problem: "YAML aliases expand"},
		{name: "GitLab: anchors within the budget", files: gl(map[string]string{".gitlab-ci.yml": aliasBomb("go test -race ./...", 2) + lint + "test:\n  script: *a2\n"}),
			check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
	})
}

// TestGitLabFanOutBudget checks GitLab files that fan out without YAML aliases: a
// chain of hidden jobs each extending the one before ten times is searched once
// per job, and !reference tags that name lists of !reference tags stop at
// maxExpandedNodes (the file is listed under problems, ci UNKNOWN). Unbounded, they
// ran for hours; the suite's -timeout, not a timer here, would catch that again.
func TestGitLabFanOutBudget(t *testing.T) {
	var ext strings.Builder
	ext.WriteString(".e0:\n  image: golang:1.26\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&ext, ".e%d:\n  extends: [%s]\n", i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf(".e%d, ", i-1), 10), ", "))
	}
	ext.WriteString("test:\n  extends: .e9\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n")
	var ref strings.Builder
	ref.WriteString(".r0:\n  script:\n" + strings.Repeat("    - go test -race ./...\n", 40))
	for i := 1; i <= 3; i++ {
		fmt.Fprintf(&ref, ".r%d:\n  script:\n%s", i, strings.Repeat(fmt.Sprintf("    - !reference [.r%d, script]\n", i-1), 40))
	}
	ref.WriteString("lint:\n  script:\n    - go vet ./...\n    - golangci-lint run\ntest:\n  script:\n    - !reference [.r3, script]\n")
	for _, tt := range []struct {
		name, ci       string
		want           Status
		message, issue string
	}{
		{"extends fan-out", ext.String(), Pass, "CI runs go vet, go test -race and a linter", ""},
		{"!reference fan-out", ref.String(), Unknown, ".gitlab-ci.yml could not be read", "its !reference tags expand to more than 50000 nodes"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// No timer: the budget is proven by the problem it reports (an unbounded
			// expansion would still be running when go test's -timeout ends it).
			rep := auditInlineReport(t, map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": tt.ci}, ".", "ci")
			got := rep.Results[0]
			if got.Status != tt.want || !strings.Contains(got.Message, tt.message) || !strings.Contains(fmt.Sprint(rep.Problems), tt.issue) {
				t.Fatalf("%s %q, problems %v; want %s with %q, a problem with %q", got.Status, got.Message, rep.Problems, tt.want, tt.message, tt.issue)
			}
		})
	}
}

// TestAuditStopsWhenCancelled checks that a done context (a signal) ends Run with
// its error instead of a report, for a repository without a main package too.
func TestAuditStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := openInlineAt(t, map[string]string{"go.mod": buildGoMod, "lib.go": "package lib\n", ".gitlab-ci.yml": "test:\n  script:\n    - go test -race ./...\n"}, ".")
	if rep, err := Run(ctx, r, Options{Only: []string{"ci"}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run with a cancelled context: %v, %v; want context.Canceled", rep, err)
	}
}
