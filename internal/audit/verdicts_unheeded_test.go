package audit

import "testing"

// TestVerdictsOnUnheededRunScripts audits GitHub workflows whose go test -race runs
// in a script whose exit status does not carry its failure: after set +e, in a pipe
// without pipefail, or under a constant continue-on-error expression.
func TestVerdictsOnUnheededRunScripts(t *testing.T) {
	const ignored = "CI runs go test -race but ignores the failure"
	const pass = "CI runs go vet, go test -race and a linter"
	workflow := func(job, test string) map[string]string {
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + job + "    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: go vet ./...\n" + test + "      - uses: golangci/golangci-lint-action@v8\n",
		}
	}
	runCheckCases(t, []checkCase{
		{
			name:    "set +e, then an echo last",
			files:   workflow("", "      - run: |\n          set +e\n          go test -race ./...\n          echo \"tests done\"\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			name:    "a template shell without -e, the test not last",
			files:   workflow("", "      - run: |\n          go test -race ./...\n          echo done\n        shell: bash {0}\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			name:    "a pipe into tee under shell: sh",
			files:   workflow("", "      - run: go test -race ./... | tee test.log\n        shell: sh\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			// An unspecified shell is bash -e {0}: no pipefail.
			name:    "a pipe into tee under the unspecified shell",
			files:   workflow("", "      - run: go test -race ./... 2>&1 | tee test.log\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			name:    "a pipe into tee under the job's default shell sh",
			files:   workflow("    defaults:\n      run:\n        shell: sh\n", "      - run: go test -race ./... | tee test.log\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			name:    "continue-on-error: ${{ true }} on the job",
			files:   workflow("    continue-on-error: ${{ true }}\n", "      - run: go test -race ./...\n"),
			check:   "ci",
			want:    Warn,
			message: "CI runs go vet, go test -race, a linter (golangci-lint or staticcheck) but ignores the failure",
		},
		{
			name:    "continue-on-error: ${{ true }} on the step",
			files:   workflow("", "      - run: go test -race ./...\n        continue-on-error: ${{ true }}\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			// set -e does not act on a command followed by &&: the script goes on.
			name:    "the test && echo, with more of the script after it",
			files:   workflow("", "      - run: |\n          go test -race ./... && echo ok\n          echo done\n"),
			check:   "ci",
			want:    Warn,
			message: ignored,
		},
		{
			name:    "a template shell without -e, the test && echo last",
			files:   workflow("", "      - run: |\n          echo start\n          go test -race ./... && echo ok\n        shell: bash {0}\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "a pipe into tee under shell: bash, which sets pipefail",
			files:   workflow("", "      - run: go test -race ./... | tee test.log\n        shell: bash\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "a pipe into tee under the workflow's default shell bash",
			files:   map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": "on: [push]\ndefaults:\n  run:\n    shell: bash\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: go test -race ./... | tee test.log\n      - uses: golangci/golangci-lint-action@v8\n"},
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "set -o pipefail before the pipe",
			files:   workflow("", "      - run: |\n          set -euo pipefail\n          go test -race ./... | tee test.log\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "a template shell with -eo pipefail",
			files:   workflow("", "      - run: go test -race ./... | tee test.log\n        shell: bash --noprofile --norc -eo pipefail {0}\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "set +e, and the status kept and returned",
			files:   workflow("", "      - run: |\n          set +e\n          go test -race ./...\n          status=$?\n          echo \"tests done\"\n          exit $status\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "set +e, with the test last",
			files:   workflow("", "      - run: |\n          set +e\n          echo start\n          go test -race ./...\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "set +e, then set -e again before the test",
			files:   workflow("", "      - run: |\n          set +e\n          rm -f test.log\n          set -e\n          go test -race ./...\n          echo done\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
		{
			name:    "set +e, and the test's failure handled with || exit 1",
			files:   workflow("", "      - run: |\n          set +e\n          go test -race ./... || exit 1\n          echo done\n"),
			check:   "ci",
			want:    Pass,
			message: pass,
		},
	})
}
