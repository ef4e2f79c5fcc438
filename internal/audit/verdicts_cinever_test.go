package audit

import "testing"

// TestCIOnlyAfterFailure checks CI checks that never gate a passing pipeline: a
// GitHub job or step whose if: folds to false (false && x, !true, (false)) or is
// true only after a failure (failure(), cancelled()), and a GitLab job with when:
// on_failure, do not count; if: always() and success() || failure() still do.
func TestCIOnlyAfterFailure(t *testing.T) {
	const steps = "    steps:\n      - uses: actions/checkout@v4\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v8\n"
	job := func(cond string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    if: " + cond + "\n" + steps}
	}
	step := func(cond string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - uses: golangci/golangci-lint-action@v8\n      - if: " + cond + "\n        run: go test -race ./...\n"}
	}
	gl := func(ci string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": "lint:\n  image: golang:1.26\n  script:\n    - go vet ./...\n    - golangci-lint run\n" + ci}
	}
	const off, on = "CI does not run go vet, go test -race, a linter", "CI runs go vet, go test -race and a linter"
	runBuildCases(t, []buildCase{
		{name: "job if: false && x", files: job("false && github.event_name == 'push'"), check: "ci", want: Warn, message: off},
		{name: "job if: ${{ false && x }}", files: job("${{ false && github.event_name == 'push' }}"), check: "ci", want: Warn, message: off},
		{name: "job if: x && false", files: job("github.event_name == 'push' && false"), check: "ci", want: Warn, message: off},
		{name: "job if: ${{ !true }}", files: job("${{ !true }}"), check: "ci", want: Warn, message: off},
		{name: "job if: '!true'", files: job("'!true'"), check: "ci", want: Warn, message: off},
		{name: "job if: (false)", files: job("(false)"), check: "ci", want: Warn, message: off},
		{name: "job if: failure()", files: job("failure()"), check: "ci", want: Warn, message: off},
		{name: "job if: ${{ cancelled() }}", files: job("${{ cancelled() }}"), check: "ci", want: Warn, message: off},
		{name: "job if: x || true", files: job("github.event_name == 'push' || true"), check: "ci", want: Pass, message: on},
		{name: "job if: x", files: job("github.event_name == 'push'"), check: "ci", want: Pass, message: on},
		{name: "job if: false || x", files: job("false || github.event_name == 'push'"), check: "ci", want: Pass, message: on},
		{name: "job if: always()", files: job("always()"), check: "ci", want: Pass, message: on},
		{name: "job if: success() || failure()", files: job("${{ success() || failure() }}"), check: "ci", want: Pass, message: on},
		{name: "job if: failure() || x", files: job("failure() || github.event_name == 'push'"), check: "ci", want: Pass, message: on},
		{name: "step if: failure()", files: step("failure()"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "step if: ${{ failure() && x }}", files: step("${{ failure() && github.ref == 'refs/heads/main' }}"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "step if: !cancelled()", files: step("${{ !cancelled() }}"), check: "ci", want: Pass, message: on},
		{name: "step if: always()", files: step("always()"), check: "ci", want: Pass, message: on},
		{name: "GitLab when: on_failure", files: gl("test:\n  image: golang:1.26\n  when: on_failure\n  script:\n    - go test -race ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GitLab rules all say on_failure or never", files: gl("test:\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: never\n    - when: on_failure\n  script:\n    - go test -race ./...\n"), check: "ci", want: Warn, message: "CI does not run go test -race"},
		{name: "GitLab when: always", files: gl("test:\n  when: always\n  script:\n    - go test -race ./...\n"), check: "ci", want: Pass, message: on},
	})
}

// TestGitLabAllowFailureExitCodes checks that allow_failure: {exit_codes: ...}
// lets the job's failure go like allow_failure: true: go test, go vet and the
// linters exit 1 on a failure, make 2.
func TestGitLabAllowFailureExitCodes(t *testing.T) {
	gl := func(allow string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": "lint:\n  script:\n    - go vet ./...\n    - golangci-lint run\n\ntest:\n  allow_failure:\n" + allow + "  script:\n    - go test -race ./...\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "exit_codes [1, 2]", files: gl("    exit_codes: [1, 2]\n"), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure", at: ".gitlab-ci.yml:8"},
		{name: "exit_codes 1", files: gl("    exit_codes: 1\n"), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "exit_codes 2 (make)", files: gl("    exit_codes:\n      - 2\n"), check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "exit_codes through an anchor", files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": ".soft: &soft\n  exit_codes: [1]\n\nlint:\n  script:\n    - go vet ./...\n    - golangci-lint run\n\ntest:\n  allow_failure: *soft\n  script:\n    - go test -race ./...\n"},
			check: "ci", want: Warn, message: "CI runs go test -race but ignores the failure"},
		{name: "exit_codes []", files: gl("    exit_codes: []\n"), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
	})
}
