package audit

import "testing"

// TestReviewdogLinters audits GitHub workflows whose linter runs through reviewdog's
// actions: a linter whose findings fail the step only as fail_level (or the older
// fail_on_error) asks, by default never.
func TestReviewdogLinters(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "CI runs a linter (golangci-lint or staticcheck) but ignores the failure"
	workflow := func(vet, step string) map[string]string {
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				vet + "      - run: go test -race ./...\n" + step,
		}
	}
	const vet = "      - run: go vet ./...\n"
	runCheckCases(t, []checkCase{
		{name: "golangci-lint, fail_level error", files: workflow(vet, "      - uses: reviewdog/action-golangci-lint@v2\n        with:\n          fail_level: error\n"), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint, fail_level any in an expression", files: workflow(vet, "      - uses: reviewdog/action-golangci-lint@v2\n        with:\n          fail_level: ${{ 'any' }}\n"), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint, fail_on_error true", files: workflow(vet, "      - uses: reviewdog/action-golangci-lint@v2\n        with:\n          fail_on_error: true\n"), check: "ci", want: Pass, message: pass},
		{name: "staticcheck, fail_level warning", files: workflow(vet, "      - uses: reviewdog/action-staticcheck@v1\n        with:\n          fail_level: warning\n"), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint, the default fail_level", files: workflow(vet, "      - uses: reviewdog/action-golangci-lint@v2\n"), check: "ci", want: Warn, message: ignored},
		{name: "golangci-lint, fail_level none", files: workflow(vet, "      - uses: reviewdog/action-golangci-lint@v2\n        with:\n          fail_level: none\n          fail_on_error: false\n"), check: "ci", want: Warn, message: ignored},
		{name: "golangci-lint's govet through its flags stands for go vet", files: workflow("", "      - uses: reviewdog/action-golangci-lint@v2\n        with:\n          golangci_lint_flags: --enable-only govet\n          fail_level: error\n"), check: "ci", want: Pass, message: pass},
	})
}
