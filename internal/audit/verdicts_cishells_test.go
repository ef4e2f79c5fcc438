package audit

import "testing"

// TestVerdictsOnChecksCIDoesNotHeed audits CI whose go vet, go test -race or linter
// runs where its failure fails nothing, or does not run at all: a GitLab
// after_script, a PowerShell or cmd script where it is not the last command, a
// golangci-lint told to exit 0, a Makefile target whose later recipe make runs, a
// command run in the background and never waited on, a step gated on an event the
// workflow never receives, go vet -vettool; and the ordinary forms of each that
// count, including container steps (uses: docker://).
func TestVerdictsOnChecksCIDoesNotHeed(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const ignored = "but ignores the failure"
	const noRace = "CI does not run go test -race"
	workflow := func(on, runsOn, steps string) map[string]string {
		return map[string]string{
			"go.mod":  buildGoMod,
			"main.go": buildMainGo,
			".github/workflows/ci.yml": "on: " + on + "\njobs:\n  test:\n    runs-on: " + runsOn + "\n    steps:\n      - uses: actions/checkout@v5\n" +
				steps,
		}
	}
	lintAction := "      - uses: golangci/golangci-lint-action@v8\n"
	vetRace := "          go vet ./...\n          go test -race ./...\n"
	gitlab := func(ci string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".gitlab-ci.yml": ci +
			"lint:\n  image: golangci/golangci-lint:v2.5\n  script:\n    - golangci-lint run\n"}
	}
	runCheckCases(t, []checkCase{
		// GitLab runs after_script after the job's script; its status is only logged.
		{name: "GitLab: vet and race test in a job's after_script",
			files: gitlab("test:\n  image: golang:1.25\n  script:\n    - go build ./...\n  after_script:\n    - go vet ./...\n    - go test -race ./...\n"),
			check: "ci", want: Warn, message: "CI runs go test -race " + ignored},
		{name: "GitLab: vet and race test in default: after_script",
			files: gitlab("default:\n  after_script:\n    - go vet ./...\n    - go test -race ./...\ntest:\n  script:\n    - go build ./...\n"),
			check: "ci", want: Warn, message: "CI runs go test -race " + ignored},
		{name: "GitLab: vet and race test in script, a report in after_script",
			files: gitlab("test:\n  script:\n    - go vet ./...\n    - go test -race ./...\n  after_script:\n    - go test -json ./... > report.json\n"),
			check: "ci", want: Pass, message: pass},
		{name: "GitLab: a race test in the background, its status collected",
			files: gitlab("test:\n  script:\n    - go vet ./...\n    - go test -race ./... &\n    - pid=$!\n    - wait $pid\n"),
			check: "ci", want: Pass, message: pass},

		// PowerShell goes on after a native command fails: only the last one's status counts.
		{name: "Windows runner: pwsh by default, race test not last",
			files: workflow("[push]", "windows-2022", lintAction+"      - run: |\n"+vetRace+"          echo done\n"),
			check: "ci", want: Warn, message: "CI runs go test -race " + ignored},
		{name: "shell: pwsh, race test not last",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - shell: pwsh\n        run: |\n"+vetRace+"          echo done\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "Windows runner in a list of labels",
			files: workflow("[push]", "[self-hosted, windows]", lintAction+"      - run: |\n"+vetRace+"          echo done\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "Windows runner from a matrix",
			files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    strategy:\n      matrix:\n        os: [windows-latest]\n    runs-on: ${{ matrix.os }}\n    steps:\n" +
				lintAction + "      - run: |\n" + vetRace + "          echo done\n"},
			check: "ci", want: Warn, message: ignored},
		{name: "shell: cmd, race test not last",
			files: workflow("[push]", "windows-2022", lintAction+"      - shell: cmd\n        run: |\n"+vetRace+"          echo done\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "Windows runner: $PSNativeCommandUseErrorActionPreference = $true (GitHub prepends Stop)",
			files: workflow("[push]", "windows-2022", lintAction+"      - run: |\n          $PSNativeCommandUseErrorActionPreference = $true\n"+vetRace+"          echo done\n"),
			check: "ci", want: Pass, message: pass},
		{name: "a pwsh template: $ErrorActionPreference = 'Stop' alone does not stop on native commands",
			files: workflow("[push]", "windows-2022", lintAction+"      - shell: pwsh -File {0}\n        run: |\n          $ErrorActionPreference = 'Stop'\n"+vetRace+"          echo done\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "a pwsh template with both preferences",
			files: workflow("[push]", "windows-2022", lintAction+"      - shell: pwsh -File {0}\n        run: |\n          $ErrorActionPreference = 'Stop'\n          $PSNativeCommandUseErrorActionPreference = $true\n"+vetRace+"          echo done\n"),
			check: "ci", want: Pass, message: pass},
		{name: "Windows runner: $LASTEXITCODE checked",
			files: workflow("[push]", "windows-2022", lintAction+"      - run: |\n          go vet ./...\n          if ($LASTEXITCODE -ne 0) { exit 1 }\n          go test -race ./...\n          if ($LASTEXITCODE -ne 0) { exit 1 }\n          echo done\n"),
			check: "ci", want: Pass, message: pass},
		{name: "Windows runner: one command a step",
			files: workflow("[push]", "windows-2022", lintAction+"      - run: go vet ./...\n      - run: go test -race ./...\n"),
			check: "ci", want: Pass, message: pass},
		{name: "Windows runner, shell: bash",
			files: workflow("[push]", "windows-2022", lintAction+"      - shell: bash\n        run: |\n"+vetRace+"          echo done\n"),
			check: "ci", want: Pass, message: pass},

		// golangci-lint told to exit 0 reports and fails nothing.
		{name: "golangci-lint-action with --issues-exit-code=0",
			files: workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v8\n        with:\n          args: --issues-exit-code=0\n"),
			check: "ci", want: Warn, message: "CI runs go vet, a linter (golangci-lint or staticcheck) " + ignored},
		{name: "golangci-lint run with run.issues-exit-code: 0",
			files: withFiles(workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - run: golangci-lint run ./...\n"), map[string]string{".golangci.yml": "version: \"2\"\nrun:\n  issues-exit-code: 0\n"}),
			check: "ci", want: Warn, message: ignored},
		{name: "golangci-lint run with --issues-exit-code 1 over the configuration's 0",
			files: withFiles(workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - run: golangci-lint run --issues-exit-code 1 ./...\n"), map[string]string{".golangci.yml": "run:\n  issues-exit-code: 0\n"}),
			check: "ci", want: Pass, message: pass},
		{name: "golangci-lint run with issues-exit-code = 0 in .golangci.toml",
			files: withFiles(workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - run: golangci-lint run ./...\n"), map[string]string{".golangci.toml": "version = \"2\"\n\n[run]\ntimeout = \"5m\" # long\nissues-exit-code = 0\n"}),
			check: "ci", want: Warn, message: ignored},
		{name: "golangci-lint run with issues-exit-code = 0 in another TOML table",
			files: withFiles(workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - run: golangci-lint run ./...\n"), map[string]string{".golangci.toml": "[output]\nissues-exit-code = 0\n"}),
			check: "ci", want: Pass, message: pass},
		{name: "golangci-lint run given --issues-exit-code twice, the last 0",
			files: workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - run: golangci-lint run --issues-exit-code 1 --issues-exit-code=0 ./...\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "golangci-lint-action with --issues-exit-code=2",
			files: workflow("[push]", "ubuntu-latest", "      - run: go test -race ./...\n      - uses: golangci/golangci-lint-action@v8\n        with:\n          args: --issues-exit-code=2 --timeout=5m\n"),
			check: "ci", want: Pass, message: pass},

		// A job started in the background: set -e never sees it, a bare wait returns 0.
		{name: "race test in the background, a bare wait",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - shell: bash\n        run: |\n          go vet ./...\n          go test -race ./... &\n          golangci-lint run\n          wait\n"),
			check: "ci", want: Warn, message: "CI runs go test -race " + ignored},
		{name: "race test in the background, never waited on",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: |\n          go vet ./...\n          go test -race ./... & echo started\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "race test in the background, wait $pid",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - shell: bash\n        run: |\n          go vet ./...\n          go test -race ./... &\n          pid=$!\n          golangci-lint run\n          wait $pid\n"),
			check: "ci", want: Pass, message: pass},
		{name: "race test in the background, wait -n",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: |\n          go vet ./...\n          go test -race ./... &\n          wait -n\n"),
			check: "ci", want: Pass, message: pass},
		{name: "race test in the background, wait $pid || true",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: |\n          go vet ./...\n          go test -race ./... &\n          wait $! || true\n"),
			check: "ci", want: Warn, message: ignored},
		{name: "a redirection 2>&1 is no background job",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - shell: bash\n        run: |\n          go vet ./... 2>&1\n          go test -race ./... >test.log 2>&1\n          echo done\n"),
			check: "ci", want: Pass, message: pass},

		// github.event_name is one of the events on: lists.
		{name: "a step gated on pull_request in a push-only workflow",
			files: workflow("\n  push:\n    branches: [main]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - if: github.event_name == 'pull_request'\n        run: go test -race ./...\n"),
			check: "ci", want: Warn, message: noRace},
		{name: "a job gated on ${{ github.event_name != 'push' }} in a push-only workflow",
			files: map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".github/workflows/ci.yml": "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n" + lintAction + "      - run: go vet ./...\n" +
				"  race:\n    if: ${{ github.event_name != 'push' }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n"},
			check: "ci", want: Warn, message: noRace},
		{name: "a step gated on pull_request in a workflow it triggers",
			files: workflow("[push, pull_request]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - if: github.event_name == 'pull_request'\n        run: go test -race ./...\n"),
			check: "ci", want: Pass, message: pass},
		{name: "a step gated on push in a push-only workflow",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - if: github.event_name == 'push'\n        run: go test -race ./...\n"),
			check: "ci", want: Pass, message: pass},

		// go vet -vettool runs the tool it names instead of vet's analyzers.
		{name: "go vet -vettool as the only vet",
			files: workflow("[push]", "ubuntu-latest", "      - run: go vet -vettool=$(which shadow) ./...\n      - run: go test -race ./...\n      - uses: dominikh/staticcheck-action@v1\n"),
			check: "ci", want: Warn, message: "runs none of vet's own analyzers"},
		{name: "go vet -vettool beside a plain go vet",
			files: workflow("[push]", "ubuntu-latest", "      - run: go vet -vettool $(which shadow) ./...\n      - run: go vet ./...\n      - run: go test -race ./...\n      - uses: dominikh/staticcheck-action@v1\n"),
			check: "ci", want: Pass, message: pass},

		// uses: docker://IMAGE runs its args (an image without an entrypoint).
		{name: "docker:// steps with args",
			files: workflow("[push]", "ubuntu-latest", "      - uses: docker://golang:1.25\n        with:\n          args: go vet ./...\n      - uses: docker://golang:1.25\n        with:\n          args: go test -race ./...\n      - uses: docker://golangci/golangci-lint:v2.5\n        with:\n          args: golangci-lint run\n"),
			check: "ci", want: Pass, message: pass},
		{name: "docker:// step with entrypoint sh and -c",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - uses: docker://golang:1.25\n        with:\n          entrypoint: /bin/sh\n          args: -c \"go vet ./... && go test -race ./...\"\n"),
			check: "ci", want: Pass, message: pass},
		// the entrypoint is the shell that reads the -c script: bash runs a command substitution without set -e, and a script without a shebang in a new bash (checked with bash 5.2 and dash)
		{name: "docker:// step with entrypoint bash, out=$(go test; echo) in -c",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - uses: docker://golang:1.25\n        with:\n          entrypoint: bash\n          args: -c \"set -e; out=$(go test -race ./... 2>&1; echo done); echo $out\"\n"),
			check: "ci", want: Warn, message: "CI runs go test -race " + ignored},
		{name: "docker:// step with entrypoint sh, out=$(go test; echo) in -c",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - uses: docker://golang:1.25\n        with:\n          entrypoint: sh\n          args: -c \"set -e; out=$(go test -race ./... 2>&1; echo done); echo $out\"\n"),
			check: "ci", want: Pass, message: pass},
		{name: "docker:// step with entrypoint /bin/bash runs a script without a shebang",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - uses: docker://golang:1.25\n        with:\n          entrypoint: /bin/bash\n          args: -c ./scripts/ci.sh\n"),
				map[string]string{"scripts/ci.sh": "set -e\nout=$(go test -race ./... 2>&1; echo done)\necho \"$out\"\n"}),
			check: "ci", want: Warn, message: "CI runs go test -race " + ignored},
		{name: "docker:// step with entrypoint sh runs a script without a shebang",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - uses: docker://golang:1.25\n        with:\n          entrypoint: sh\n          args: -c ./scripts/ci.sh\n"),
				map[string]string{"scripts/ci.sh": "set -e\nout=$(go test -race ./... 2>&1; echo done)\necho \"$out\"\n"}),
			check: "ci", want: Pass, message: pass},
		{name: "docker:// step without args",
			files: workflow("[push]", "ubuntu-latest", lintAction+"      - run: go vet ./...\n      - uses: docker://example.test/tester:1\n"),
			check: "ci", want: Unknown, message: noRace},

		// make runs the last recipe a target is given.
		{name: "a Makefile target with two recipes, the last without -race",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: make vet test\n"), map[string]string{
				"Makefile": ".PHONY: vet test\nvet:\n\tgo vet ./...\ntest:\n\tgo test -race ./...\n\ntest:\n\tgo test -short ./...\n"}),
			check: "ci", want: Warn, message: noRace},
		{name: "a Makefile target with two recipes, the last with -race",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: make vet test\n"), map[string]string{
				"Makefile": ".PHONY: vet test\nvet:\n\tgo vet ./...\ntest:\n\tgo test -short ./...\n\ntest:\n\tgo test -race ./...\n"}),
			check: "ci", want: Pass, message: pass},
		{name: "a double-colon target: every recipe runs",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: make vet test\n"), map[string]string{
				"Makefile": ".PHONY: vet test\nvet:\n\tgo vet ./...\ntest::\n\tgo test -race ./...\ntest::\n\tgo test -short ./...\n"}),
			check: "ci", want: Pass, message: pass},
		// Where QUICK is defined (the runner's environment may define it), make runs
		// the second recipe in place of the first, and no go test -race: the first
		// recipe's lines run only where the branch is not taken, so they prove
		// nothing, as an assignment in the branch leaves its variable unknown (round
		// 42; round 19 counted them, a PASS make does not promise).
		{name: "a second recipe under a conditional this audit cannot evaluate",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: make vet test\n"), map[string]string{
				"Makefile": ".PHONY: vet test\nvet:\n\tgo vet ./...\ntest:\n\tgo test -race ./...\nifdef QUICK\ntest:\n\tgo test -short ./...\nendif\n"}),
			check: "ci", want: Unknown, message: "its go test -race at Makefile:5 may count: the recipe of `test` at Makefile:7, in a branch of `ifdef QUICK` (Makefile:6), a conditional this audit cannot evaluate, replaces this one where that branch is taken"},
		{name: "a prerequisite-only rule keeps the recipe",
			files: withFiles(workflow("[push]", "ubuntu-latest", lintAction+"      - run: make vet test\n"), map[string]string{
				"Makefile": ".PHONY: vet test\nvet:\n\tgo vet ./...\ntest:\n\tgo test -race ./...\ntest: vet\n"}),
			check: "ci", want: Pass, message: pass},
	})
}

// TestGreenIfOn checks the folding of github.event_name comparisons with the
// events of the workflow.
func TestGreenIfOn(t *testing.T) {
	for _, tt := range []struct {
		expr         string
		events       []string
		value, known bool
	}{
		{"github.event_name == 'pull_request'", []string{"push"}, false, true},
		{"github.event_name == 'Push'", []string{"push"}, true, true},
		{"'pull_request' == github.event_name", []string{"push"}, false, true},
		{"github.event_name != 'pull_request'", []string{"push"}, true, true},
		{"github.event_name != 'push'", []string{"push"}, false, true},
		{"github.event_name == 'push'", []string{"push", "pull_request"}, false, false},
		{"github.event_name == 'schedule'", []string{"push", "pull_request"}, false, true},
		{"github.event_name == 'pull_request' && success()", []string{"push"}, false, true},
		{"github.event_name == 'pull_request' || github.ref == 'refs/heads/main'", []string{"push"}, false, false},
		{"github.event_name == 'pull_request'", nil, false, false},
		{"github.event_name.x == 'push'", []string{"push"}, false, false},
		{"github.event_name < 'push'", []string{"push"}, false, false},
		{"github.event_name == github.ref", []string{"push"}, false, false},
		{"'push'", []string{"push"}, false, false},
	} {
		v, known := greenIf(tt.expr, tt.events, nil)
		if v != tt.value || known != tt.known {
			t.Errorf("greenIf(%q, %q) = %v, %v; want %v, %v", tt.expr, tt.events, v, known, tt.value, tt.known)
		}
	}
}
