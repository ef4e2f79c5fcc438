package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnModulesCIReaches audits CI in a repository of two modules, each
// with a service: a package pattern stops at a module's go.mod, so go vet and
// go test -race ./... at the root leave the nested module out (WARN, naming it),
// unless a working directory, a cd or go -C reaches it (a go.work does not change
// what ./... matches; it lets a workspace module's import path or directory pattern
// reach it); a command whose
// directory is left to a variable may reach it (UNKNOWN).
func TestVerdictsOnModulesCIReaches(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const left = "services/billing/go.mod, a module that holds a service, is never vetted or race-tested"
	repo := func(steps string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod":                               "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go":                      buildMainGo,
			"services/billing/go.mod":              "module example.test/billing\n\ngo 1.26\n",
			"services/billing/cmd/billing/main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: golangci-lint run --disable=govet\n" + steps,
		}, extra)
	}
	const root = "      - run: go vet ./...\n      - run: go test -race ./...\n"
	// billing checks the nested module; the root module is left to the steps after it
	const billing = "      - run: go vet ./... && go test -race ./...\n        working-directory: services/billing\n"
	const rootLeft = "go.mod, a module that holds a service, is never vetted or race-tested"
	// a go.work at the root and no module there: the go command runs in workspace mode
	noRoot := func(steps, gowork string) map[string]string {
		files := map[string]string{
			"services/orders/go.mod":               "module example.test/orders\n\ngo 1.26\n",
			"services/orders/cmd/api/main.go":      buildMainGo,
			"services/billing/go.mod":              "module example.test/billing\n\ngo 1.26\n",
			"services/billing/cmd/billing/main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: golangci-lint run --disable=govet\n" + steps,
		}
		if gowork != "" {
			files["go.work"] = gowork
		}
		return files
	}
	const work = "go 1.26\n\nuse (\n\t./services/orders\n\t./services/billing\n)\n"
	runCheckCases(t, []checkCase{
		{name: "no root module, a go.work: the modules' directory patterns from the root", files: noRoot("      - run: go vet ./services/orders/... ./services/billing/...\n      - run: go test -race ./services/orders/... ./services/billing/...\n", work), check: "ci", want: Pass, message: pass},
		{name: "no root module, a go.work: the modules' import path patterns from the root", files: noRoot("      - run: go vet example.test/orders/... example.test/billing/...\n      - run: go test -race example.test/orders/... example.test/billing/...\n", work), check: "ci", want: Pass, message: pass},
		{name: "no root module, a go.work: one module's pattern only", files: noRoot("      - run: go vet ./services/orders/...\n      - run: go test -race ./services/orders/...\n", work), check: "ci", want: Warn, message: left},
		{name: "a matrix of modules in defaults.run.working-directory", files: withFiles(noRoot("", work), map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" +
			"    strategy:\n      matrix:\n        module: [services/orders, services/billing]\n    defaults:\n      run:\n        working-directory: ${{ matrix.module }}\n" +
			"    steps:\n      - uses: actions/checkout@v5\n      - run: golangci-lint run --disable=govet\n      - run: go vet ./...\n      - run: go test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "a matrix of modules in a step's working-directory that leaves one out", files: withFiles(noRoot("", work), map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" +
			"    strategy:\n      matrix:\n        module: [services/orders]\n" +
			"    steps:\n      - uses: actions/checkout@v5\n      - run: golangci-lint run --disable=govet\n      - run: go vet ./... && go test -race ./...\n        working-directory: ${{ matrix.module }}\n"}), check: "ci", want: Warn, message: left},
		{name: "no root module and no go.work: the go command refuses", files: noRoot("      - run: go vet ./services/orders/... ./services/billing/...\n      - run: go test -race ./services/orders/... ./services/billing/...\n", ""), check: "ci", want: Warn, message: "never vetted or race-tested"},
		{name: "./... at the root only", files: repo(root, nil), check: "ci", want: Warn, message: left},
		{name: "./... at the root only, golangci-lint's govet", files: withFiles(repo("      - run: go test -race ./...\n", nil), map[string]string{".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n      - run: go test -race ./...\n"}),
			check: "ci", want: Warn, message: left},
		{name: "a step with the module's working-directory", files: repo(root+"      - run: go vet ./... && go test -race ./...\n        working-directory: services/billing\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd into the module", files: repo(root+"      - run: cd services/billing && go vet ./... && go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd under $GITHUB_WORKSPACE", files: repo(root+"      - run: cd $GITHUB_WORKSPACE/services/billing && go vet ./... && go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go -C the module", files: repo(root+"      - run: go vet -C services/billing ./...\n      - run: go test -C=services/billing -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		// ./... stops at services/billing/go.mod in workspace mode too (go list ./... at the root
		// lists the root module's packages only), so a go.work alone does not reach it.
		{name: "a go.work that uses both, ./... at the root", files: repo(root, map[string]string{"go.work": "go 1.26\n\nuse (\n\t.\n\t./services/billing\n)\n"}), check: "ci", want: Warn, message: left},
		{name: "a go.work that uses both, the module's directory pattern", files: repo(root+"      - run: go vet ./services/billing/... && go test -race ./services/billing/...\n", map[string]string{"go.work": "go 1.26\n\nuse (\n\t.\n\t./services/billing\n)\n"}), check: "ci", want: Pass, message: pass},
		{name: "the module's directory pattern without a go.work (outside the main module)", files: repo(root+"      - run: go vet ./services/billing/... && go test -race ./services/billing/...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a go.work, ./services/... above the module", files: repo(root+"      - run: go vet ./services/... && go test -race ./services/...\n", map[string]string{"go.work": "go 1.26\n\nuse (\n\t.\n\t./services/billing\n)\n"}), check: "ci", want: Warn, message: left},
		{name: "a go.work that leaves it out", files: repo(root, map[string]string{"go.work": "go 1.26\n\nuse .\n"}), check: "ci", want: Warn, message: left},
		{name: "the module's import path pattern in the workspace", files: repo("      - run: go vet ./... example.test/billing/...\n      - run: go test -race ./... example.test/billing/...\n", map[string]string{"go.work": "go 1.26\n\nuse (\n\t.\n\t./services/billing\n)\n"}), check: "ci", want: Pass, message: pass},
		{name: "only the vet reaches it", files: repo(root+"      - run: go vet ./...\n        working-directory: services/billing\n", nil), check: "ci", want: Warn, message: "services/billing/go.mod, a module that holds a service, is never race-tested"},
		{name: "a loop with go -C a variable", files: repo("      - run: for d in . services/billing; do go vet -C $d ./...; go test -race -C $d ./...; done\n", nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "a loop with cd to a variable", files: repo("      - run: |\n          for d in . services/billing; do\n            cd $d\n            go vet ./...\n            go test -race ./...\n          done\n", nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "a cd on a line of its own", files: repo(root+"      - run: |\n          cd services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a Task cmd's cd on a line of its own", files: repo(root+"      - run: task billing\n", map[string]string{"Taskfile.yml": "version: '3'\ntasks:\n  billing:\n    cmds:\n      - |\n        cd services/billing\n        go vet ./...\n        go test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "a cd, then the checks in a piped group", files: repo(root+"      - run: |\n          cd services/billing\n          { go vet ./... && go test -race ./...; } 2>&1 | tee test.log\n", nil), check: "ci", want: Warn,
			message: "services/billing/go.mod, a module that holds a service, is vetted and race-tested only where CI ignores the failure (.github/workflows/ci.yml:12), so a failure there never fails the pipeline"},
		{name: "a cd, then the race run || true, a vet that counts", files: repo(root+"      - run: |\n          cd services/billing\n          go vet ./...\n          go test -race ./... || true\n", nil), check: "ci", want: Warn,
			message: "services/billing/go.mod, a module that holds a service, is race-tested only where CI ignores the failure (.github/workflows/ci.yml:13)"},
		{name: "a cd, then the checks in a piped group, with pipefail", files: repo(root+"      - shell: bash\n        run: |\n          cd services/billing\n          { go vet ./... && go test -race ./...; } 2>&1 | tee test.log\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a subshell, the checks after it", files: repo("      - run: |\n          (cd services/billing && go mod download)\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a cd in a subshell over lines, the checks after it", files: repo("      - run: |\n          (\n            cd services/billing\n            go mod download\n          )\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a cd in one subshell, the checks in the next", files: repo("      - run: |\n          (cd services/billing && go mod download); (go vet ./... && go test -race ./...)\n", nil), check: "ci", want: Warn, message: left},
		{name: "a cd in a subshell, the checks in it", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          (cd services/billing && go vet ./... && go test -race ./...)\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a nested subshell, the checks in the outer one", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          (cd services/billing && (cd cmd) && go vet ./... && go test -race ./...)\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          { cd services/billing; }\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a pipe", files: repo("      - run: |\n          cd services/billing | true\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a cd in a { } group in a pipe, the checks in it", files: repo("      - run: |\n          set -o pipefail\n          go vet ./...\n          go test -race ./...\n          { cd services/billing; go vet ./...; go test -race ./...; } | tee log\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group in a pipe, the checks after it", files: repo("      - run: |\n          { cd services/billing; go mod download; } | tee log\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a cd in a { } group with 2>&1 in a pipe, the checks in it and after it", files: repo("      - run: |\n          set -o pipefail\n          { cd services/billing; go vet ./...; go test -race ./...; } 2>&1 | tee log\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group with 2> file in a pipe, the checks in it and after it", files: repo("      - run: |\n          set -o pipefail\n          { cd services/billing; go vet ./...; go test -race ./...; } 2> err.log | tee log\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group over lines in a pipe, the checks in it and after it", files: repo("      - run: |\n          set -o pipefail\n          {\n            cd services/billing\n            go vet ./...\n            go test -race ./...\n          } 2>&1 | tee log\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group over lines in a pipe, the checks after it", files: repo("      - run: |\n          {\n            cd services/billing\n            go mod download\n          } | tee log\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a cd in a { } group over lines, no pipe, the checks after it", files: repo("      - run: |\n          {\n            cd services/billing\n            go vet ./...\n            go test -race ./...\n          } 2>&1\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "a cd in a { } group over lines in the background, the checks after it", files: repo("      - run: |\n          {\n            cd services/billing\n            go vet ./...\n            go test -race ./...\n          } &\n          wait\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group over lines piped into, the checks after it", files: repo("      - run: |\n          echo start | {\n            cd services/billing\n            go vet ./...\n            go test -race ./...\n          }\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a { } group over lines in a pipe, in a script CI runs", files: repo("      - run: bash scripts/test.sh\n", map[string]string{"scripts/test.sh": "#!/bin/bash\nset -eo pipefail\n{\n  cd services/billing\n  go vet ./...\n  go test -race ./...\n} 2>&1 | tee log\ngo vet ./...\ngo test -race ./...\n"}), check: "ci", want: Pass, message: pass},
		{name: "a bare cd, home", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          cd services/billing\n          cd\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "cd -P into the module", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          cd -P services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "cd -L -- into the module", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          cd -L -- services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "cd - back to the root", files: repo("      - run: |\n          cd services/billing\n          go mod download\n          cd -\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "cd - back to the module", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          cd services/billing\n          cd ../..\n          cd -\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "pushd into the module", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          pushd services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "pushd then popd before the checks", files: repo("      - run: |\n          pushd services/billing\n          go mod download\n          popd\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		// bash's directory stack (dirs): where the shell is, then what pushd left, the last first
		{name: "popd on an empty stack, its failure handled: where it was", files: repo(root+"      - run: |\n          cd services/billing\n          popd || true\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "popd on an empty stack: the script stops there under set -e", files: repo(billing+"      - run: |\n          popd\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "pushd +1 back to where pushd left", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          pushd services/billing\n          pushd +1\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "pushd -0, the bottom of the stack", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          pushd services/billing\n          pushd -0\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "pushd +1 of three, rotated", files: repo(root+"      - run: |\n          pushd services/billing\n          pushd ../..\n          pushd cmd\n          pushd +2\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a bare pushd swaps the top two", files: repo("      - run: |\n          go vet ./...\n          go test -race ./...\n          pushd services/billing\n          pushd\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "a bare pushd twice", files: repo(root+"      - run: |\n          pushd services/billing\n          pushd\n          pushd\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "popd +1 removes the entry, staying; popd then fails", files: repo(root+"      - run: |\n          pushd services/billing\n          popd +1\n          popd || true\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "pushd +5 out of the stack, its failure handled", files: repo(root+"      - run: |\n          pushd services/billing\n          pushd +5 || true\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "pushd -n, not read", files: repo(root+"      - run: |\n          pushd -n services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		// GNU coreutils' env -C DIR runs its command in DIR
		{name: "env -C the module", files: repo(root+"      - run: |\n          env -C services/billing go vet ./...\n          env -C services/billing go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "env --chdir= and -C joined, with -i", files: repo(root+"      - run: |\n          env --chdir=services/billing go vet ./...\n          env -iCservices GOFLAGS=-race env -C billing go test ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "env -C moves only its command", files: repo(root+"      - run: |\n          env -C services/billing go mod download\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: left},
		{name: "env -C twice: the last alone", files: repo(root+"      - run: |\n          env -C services -C billing go vet ./...\n          env -C services --chdir=billing go test -race ./...\n", map[string]string{"billing/billing.go": "package billing\n"}), check: "ci", want: Warn, message: left},
		{name: "env -C twice, the last the module", files: repo(root+"      - run: |\n          env -C billing -C services/billing go vet ./...\n          env -Cbilling -C services/billing go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "env -C after a cd", files: repo(root+"      - run: |\n          cd services\n          env -C billing go vet ./...\n          env -C billing go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "env -C an absolute directory", files: repo(root+"      - run: |\n          env -C /src/services/billing go vet ./...\n          env -C /src/services/billing go test -race ./...\n", nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "a cd with a redirection, the checks after it", files: repo(billing+"      - run: |\n          cd services/billing >/dev/null\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "a cd with a redirection of stderr, the checks after it", files: repo(billing+"      - run: |\n          cd services/billing 2>/dev/null\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "pushd with a redirection to a word of its own, the checks after it", files: repo(billing+"      - run: |\n          pushd services/billing > /dev/null\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "command cd, the checks after it", files: repo(billing+"      - run: |\n          command cd services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "builtin cd, the checks after it", files: repo(billing+"      - run: |\n          builtin cd services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "eval cd, the checks after it", files: repo(billing+"      - run: |\n          eval cd services/billing\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "eval of a quoted cd, the checks after it", files: repo(billing+"      - run: |\n          eval \"cd services/billing\"\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Warn, message: rootLeft},
		{name: "pushd and popd with redirections, the checks after them, the checks after it", files: repo(billing+"      - run: |\n          pushd services/billing >/dev/null\n          go mod download\n          popd >/dev/null\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "command -v cd, which moves nothing, the checks after it", files: repo(billing+"      - run: |\n          command -v cd >/dev/null\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a cd in a subshell of a script, the checks after it", files: repo("      - run: ./scripts/test.sh\n", map[string]string{"scripts/test.sh": "#!/bin/sh\nset -e\n(cd services/billing && go mod download)\ngo vet ./...\ngo test -race ./...\n"}), check: "ci", want: Warn, message: left},
		{name: "GitLab: a cd in before_script", files: map[string]string{
			"go.mod": "module example.test/orders\n\ngo 1.26\n", "cmd/api/main.go": buildMainGo,
			"services/billing/go.mod": "module example.test/billing\n\ngo 1.26\n", "services/billing/cmd/billing/main.go": buildMainGo,
			".gitlab-ci.yml": "test:\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\nbilling:\n  before_script:\n    - cd services/billing\n  script:\n    - go vet ./...\n    - go test -race ./...\n",
		}, check: "ci", want: Pass, message: pass},
		{name: "GitLab: the root only", files: map[string]string{
			"go.mod": "module example.test/orders\n\ngo 1.26\n", "cmd/api/main.go": buildMainGo,
			"services/billing/go.mod": "module example.test/billing\n\ngo 1.26\n", "services/billing/cmd/billing/main.go": buildMainGo,
			".gitlab-ci.yml": "test:\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n",
		}, check: "ci", want: Warn, message: left},
		{name: "GitLab: the default before_script's cd, inherited", files: gitlabTwoModules("default:\n  before_script:\n    - cd services/billing\n" + gitlabBillingJob("")), check: "ci", want: Pass, message: pass},
		{name: "GitLab: the top-level before_script's cd, inherited", files: gitlabTwoModules("before_script:\n  - cd services/billing\n" + gitlabBillingJob("")), check: "ci", want: Pass, message: pass},
		{name: "GitLab: the default before_script's cd, from an included file", files: withFiles(gitlabTwoModules("include: ci/defaults.yml\n"+gitlabBillingJob("")),
			map[string]string{"ci/defaults.yml": "default:\n  before_script: [cd services/billing]\n"}), check: "ci", want: Pass, message: pass},
		{name: "GitLab: the job's own before_script replaces the default's", files: gitlabTwoModules("default:\n  before_script:\n    - cd services/billing\n" + gitlabBillingJob("  before_script:\n    - go version\n")),
			check: "ci", want: Warn, message: left},
		{name: "GitLab: inherit: default: false", files: gitlabTwoModules("default:\n  before_script:\n    - cd services/billing\n" + gitlabBillingJob("  inherit:\n    default: false\n")),
			check: "ci", want: Warn, message: left},
		{name: "GitLab: inherit: default: a list without before_script", files: gitlabTwoModules("default:\n  before_script:\n    - cd services/billing\n" + gitlabBillingJob("  inherit:\n    default: [image]\n")),
			check: "ci", want: Warn, message: left},
		{name: "GitLab: inherit: default: a list with before_script", files: gitlabTwoModules("default:\n  before_script:\n    - cd services/billing\n" + gitlabBillingJob("  inherit:\n    default: [before_script]\n")),
			check: "ci", want: Pass, message: pass},
		{name: "GitLab: the default before_script's cd in a job that extends one setting its own", files: gitlabTwoModules("default:\n  before_script:\n    - cd services/billing\n.base:\n  before_script: [go version]\n" + gitlabBillingJob("  extends: .base\n")),
			check: "ci", want: Warn, message: left},
		// A cd to a variable the CI or the script sets before it goes where its value
		// names (each value of a matrix); one set by neither, or set empty, is not placed.
		{name: "GitLab: cd to a variable of a parallel: matrix:", files: gitlabTwoModules("billing:\n  parallel:\n    matrix:\n      - MOD: [\".\", services/billing]\n  script:\n    - cd \"$MOD\"\n    - go vet ./...\n    - go test -race ./...\n"),
			check: "ci", want: Pass, message: pass},
		{name: "GitLab: cd to a variable of the job's variables:", files: gitlabTwoModules("billing:\n  variables:\n    MOD: services/billing\n  script:\n    - cd \"${MOD}\"\n    - go vet ./...\n    - go test -race ./...\n"),
			check: "ci", want: Pass, message: pass},
		{name: "GitLab: cd to a variable the job's variables: name under $CI_PROJECT_DIR", files: gitlabTwoModules("billing:\n  variables:\n    MOD: $CI_PROJECT_DIR/services/billing\n  script:\n    - cd $MOD\n    - go vet ./...\n    - go test -race ./...\n"),
			check: "ci", want: Pass, message: pass},
		{name: "GitLab: cd to a variable set by nothing", files: gitlabTwoModules(gitlabBillingJob("  before_script:\n    - cd \"$MOD\"\n")),
			check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "GitLab: cd to a variable the script sets empty before it", files: gitlabTwoModules("billing:\n  variables:\n    MOD: services/billing\n  script:\n    - MOD=\n    - cd $MOD\n    - go vet ./...\n    - go test -race ./...\n"),
			check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "cd to a variable of the step's env:", files: repo(root+"      - run: cd \"$MOD\" && go vet ./... && go test -race ./...\n        env:\n          MOD: services/billing\n", nil), check: "ci", want: Pass, message: pass},
		{name: "cd to a variable the script assigns on a line of its own", files: repo(root+"      - run: |\n          MOD=services/billing\n          cd \"$MOD\"\n          go vet ./...\n          go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "cd to a variable the script assigns after it", files: repo(root+"      - run: |\n          cd \"$MOD\"\n          MOD=services/billing\n          go vet ./...\n          go test -race ./...\n", nil),
			check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "cd to a variable in single quotes", files: repo(root+"      - run: cd '$MOD' && go vet ./... && go test -race ./...\n        env:\n          MOD: services/billing\n", nil),
			check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "a nested module without a service", files: withFiles(repo(root, nil), map[string]string{"services/billing/cmd/billing/main.go": "package main\n\nfunc main() {}\n"}), check: "ci", want: Pass, message: pass},
	})
}

// TestMakePushdShell audits CI that runs a Makefile recipe with pushd or popd: make
// runs a recipe with /bin/sh unless SHELL says otherwise, which is dash on Debian and
// Ubuntu (GitHub's ubuntu runners too) and busybox's ash on Alpine, neither of which
// has pushd or popd ("pushd: not found": it fails and moves nothing), but bash on
// other systems: the commands after one may not run, or run elsewhere, so a check
// that only they run is UNKNOWN, naming the pushd; under dash too. Under SHELL :=
// /bin/bash they are read as bash runs them.
func TestMakePushdShell(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	repo := func(mk string) map[string]string {
		return map[string]string{
			"go.mod":                               "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go":                      buildMainGo,
			"services/billing/go.mod":              "module example.test/billing\n\ngo 1.26\n",
			"services/billing/cmd/billing/main.go": buildMainGo,
			"Makefile":                             mk,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: golangci-lint run --disable=govet\n      - run: make test\n",
		}
	}
	const root = "test:\n\tgo vet ./...\n\tgo test -race ./...\n"
	const billing = "\tpushd services/billing && go vet ./... && go test -race ./...\n"
	const lines = "\tpushd services/billing\n\tgo vet ./...\n\tgo test -race ./...\n" // under .ONESHELL, one script
	const sh = "its go vet at Makefile:2 may count: it runs after pushd services/billing, which /bin/sh, make's default SHELL, runs as bash does only where /bin/sh is bash: dash"
	runCheckCases(t, []checkCase{
		{name: "pushd && the checks, make's /bin/sh", files: repo("test:\n" + billing), check: "ci", want: Unknown, message: sh},
		{name: "pushd; the checks, SHELL := /bin/sh", files: repo("SHELL := /bin/sh\ntest:\n\tpushd services/billing; go vet ./...; go test -race ./...\n"), check: "ci", want: Unknown, message: "which /bin/sh, the SHELL of Makefile:1, runs as bash does"},
		{name: "pushd >/dev/null, then the checks on the lines after it, .ONESHELL", files: repo(".ONESHELL:\n.SHELLFLAGS := -ec\ntest:\n\tpushd services/billing >/dev/null\n\tgo vet ./...\n\tgo test -race ./...\n"), check: "ci", want: Unknown, message: "it runs after pushd services/billing >/dev/null, which /bin/sh"},
		{name: "pushd in a subshell, the checks after it", files: repo("test:\n\t(pushd services/billing && go mod download); go vet ./... && go test -race ./...\n"), check: "ci", want: Unknown, message: sh},
		{name: "popd, the checks after it", files: repo("test:\n\tpopd; go vet ./... && go test -race ./...\n"), check: "ci", want: Unknown, message: "it runs after popd, which /bin/sh"},
		{name: "SHELL := /bin/dash", files: repo("SHELL := /bin/dash\ntest:\n" + billing), check: "ci", want: Unknown, message: "which dash, the SHELL of Makefile:1, does not have: there it fails (\"pushd: not found\")"},
		{name: "a SHELL this audit cannot tell", files: repo("ifeq ($(FAST),)\nSHELL := /bin/bash\nendif\ntest:\n" + billing), check: "ci", want: Unknown, message: "which the recipe's shell may not have: the SHELL of Makefile:2, whose value this audit cannot tell, names it"},
		{name: "a SHELL of another shell", files: repo("SHELL := ./tools/run\ntest:\n" + billing), check: "ci", want: Unknown, message: "which ./tools/run, the SHELL of Makefile:1, may not have"},
		{name: "SHELL := /bin/bash", files: repo("SHELL := /bin/bash\n" + root + billing), check: "ci", want: Pass, message: pass},
		{name: "SHELL := /usr/bin/env bash", files: repo("SHELL := /usr/bin/env bash\n" + root + billing), check: "ci", want: Pass, message: pass},
		{name: "SHELL := bash, .ONESHELL", files: repo(".ONESHELL:\nSHELL := bash\n.SHELLFLAGS := -ec\n" + root + lines), check: "ci", want: Pass, message: pass},
		{name: "pushd on a line of its own, the checks on the next, make's /bin/sh", files: repo(root + "\tpushd services/billing\n\tgo vet ./...\n"), check: "ci", want: Warn, message: "services/billing/go.mod, a module that holds a service, is never vetted or race-tested"},
		{name: "cd, make's /bin/sh", files: repo(root + "\tcd services/billing && go vet ./... && go test -race ./...\n"), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnGolangciVetReach audits CI whose only vet of a nested module could
// be golangci-lint's govet: golangci-lint lints the packages of the module it runs
// in (./... by default, a path without ./ taken from its directory), and its
// patterns stop at a nested go.mod as go vet's do, so a run at the root leaves
// services/billing unvetted (WARN) while one in the module's directory (the
// action's working-directory, a cd) reaches it; a flag's value is no path.
func TestVerdictsOnGolangciVetReach(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const unvetted = "services/billing/go.mod, a module that holds a service, is never vetted:"
	repo := func(steps string) map[string]string {
		return map[string]string{
			"go.mod":                               "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go":                      buildMainGo,
			"services/billing/go.mod":              "module example.test/billing\n\ngo 1.26\n",
			"services/billing/cmd/billing/main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: go vet ./...\n      - run: go test -race ./...\n      - run: go test -race ./...\n        working-directory: services/billing\n" + steps,
		}
	}
	runCheckCases(t, []checkCase{
		{name: "the action at the root", files: repo("      - uses: golangci/golangci-lint-action@v6\n"), check: "ci", want: Warn, message: unvetted},
		{name: "golangci-lint run at the root, a flag with its value", files: repo("      - run: golangci-lint run --path-prefix services/billing\n"), check: "ci", want: Warn, message: unvetted},
		{name: "golangci-lint run at the root, the module's path", files: repo("      - run: golangci-lint run services/billing/...\n"), check: "ci", want: Warn, message: unvetted},
		{name: "the action at the root and in the module", files: repo("      - uses: golangci/golangci-lint-action@v6\n      - uses: golangci/golangci-lint-action@v6\n        with:\n          working-directory: services/billing\n"), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint run in the module, a flag with its value", files: repo("      - run: cd services/billing && golangci-lint run --timeout 5m ./...\n"), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint run in the module, a path without ./", files: repo("      - run: golangci-lint run cmd/...\n        working-directory: services/billing\n"), check: "ci", want: Pass, message: pass},
		{name: "the action in a job whose defaults.run is the module's directory", files: withFiles(repo(""), map[string]string{".github/workflows/billing.yml": "on: [push]\njobs:\n  billing:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        working-directory: services/billing\n    steps:\n      - uses: actions/checkout@v5\n      - uses: golangci/golangci-lint-action@v6\n"}), check: "ci", want: Warn, message: unvetted},
		{name: "golangci-lint run in the module without govet", files: repo("      - run: golangci-lint run --disable govet\n        working-directory: services/billing\n"), check: "ci", want: Warn, message: unvetted},
	})
}

// TestModuleReachWording checks why the ci check says a module is never vetted or
// race-tested, by the case: a module nested in another's directory that ./... at
// the root leaves out, go commands run where no go.mod or go.work is (which the go
// command refuses), or, in a repository of one module, patterns that name none of
// its packages. A repository of one module has no nested module to leave out.
func TestModuleReachWording(t *testing.T) {
	ci := func(steps string) string {
		return "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
			"      - run: golangci-lint run --disable=govet\n" + steps
	}
	const (
		root   = "      - run: go vet ./...\n      - run: go test -race ./...\n"
		nested = "./... at the root leaves a nested module out"
	)
	tests := []struct {
		name        string
		files       map[string]string
		want, never string
	}{
		{
			name: "one module in a directory, ./... at the root",
			files: map[string]string{
				"service/go.mod": "module example.test/svc\n\ngo 1.26\n", "service/cmd/api/main.go": buildMainGo,
				".github/workflows/ci.yml": ci(root),
			},
			want:  "service/go.mod, a module that holds a service, is never vetted or race-tested: CI's go commands run at the repository's root, where no go.mod or go.work is, and the go command refuses to run there, and no working directory, cd or go -C reaches it",
			never: nested,
		},
		{
			name: "one module at the root, patterns of another module",
			files: map[string]string{
				"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo,
				".github/workflows/ci.yml": ci("      - run: go vet example.test/other/...\n      - run: go test -race example.test/other/...\n"),
			},
			want:  "go.mod, a module that holds a service, is never vetted or race-tested: the package patterns of CI's commands (example.test/other/...) name none of its packages, and no working directory, cd or go -C reaches it",
			never: nested,
		},
		{
			name: "two modules without a root one, ./... at the root",
			files: map[string]string{
				"services/orders/go.mod": "module example.test/orders\n\ngo 1.26\n", "services/orders/cmd/api/main.go": buildMainGo,
				"services/billing/go.mod": "module example.test/billing\n\ngo 1.26\n", "services/billing/cmd/billing/main.go": buildMainGo,
				".github/workflows/ci.yml": ci(root),
			},
			want:  "services/billing/go.mod, services/orders/go.mod, modules that hold a service, are never vetted or race-tested: CI's go commands run at the repository's root, where no go.mod or go.work is, and the go command refuses to run there, and no working directory, cd or go -C reaches them",
			never: nested,
		},
		{
			name: "a module nested in the root one",
			files: map[string]string{
				"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo,
				"services/billing/go.mod": "module example.test/billing\n\ngo 1.26\n", "services/billing/cmd/billing/main.go": buildMainGo,
				".github/workflows/ci.yml": ci(root),
			},
			want: "services/billing/go.mod, a module that holds a service, is never vetted or race-tested: the package patterns of CI's commands stop at a module's go.mod (" + nested + ", with a go.work too), and no working directory, cd or go -C reaches it",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := auditInlineAt(t, tt.files, "", "ci")
			if res.Status != Warn || !strings.Contains(res.Message, tt.want) || tt.never != "" && strings.Contains(res.Message, tt.never) {
				t.Fatalf("ci: %s %q\n\twant WARN with %q", res.Status, res.Message, tt.want)
			}
		})
	}
}

// gitlabTwoModules returns a repository of a root module whose service GitLab job
// root tests, and a nested services/billing module with a service; ci is the rest of
// .gitlab-ci.yml.
func gitlabTwoModules(ci string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/orders\n\ngo 1.26\n", "cmd/api/main.go": buildMainGo,
		"services/billing/go.mod": "module example.test/billing\n\ngo 1.26\n", "services/billing/cmd/billing/main.go": buildMainGo,
		".gitlab-ci.yml": "root:\n  before_script: []\n  script:\n    - go vet ./...\n    - go test -race ./...\n    - golangci-lint run\n" + ci,
	}
}

// gitlabBillingJob returns a GitLab job that runs go vet and go test -race on ./...
// with no before_script of its own, and keys, more of its keys.
func gitlabBillingJob(keys string) string {
	return "billing:\n" + keys + "  script:\n    - go vet ./...\n    - go test -race ./...\n"
}

// TestVerdictsOnScriptGroupsAtScale audits CI run scripts of thousands of lines
// that each open a { } group or a ( ) subshell, the nesting this audit reads in one
// pass (see scriptPieces): a script of 4000 lines each leaving a group open (a
// reading that joins the lines of each group again from every line took over ten
// minutes on it), and groups and subshells 2000 deep over lines whose cd stays in
// them.
func TestVerdictsOnScriptGroupsAtScale(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const root = "go.mod, a module that holds a service, is never vetted or race-tested"
	const billing = "services/billing/go.mod, a module that holds a service, is vetted and race-tested only where CI ignores the failure" // the pipe drops its checks' failures
	repo := func(script string) map[string]string {
		return map[string]string{
			"go.mod":                               "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go":                      buildMainGo,
			"services/billing/go.mod":              "module example.test/billing\n\ngo 1.26\n",
			"services/billing/cmd/billing/main.go": buildMainGo,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: golangci-lint run --disable=govet\n      - run: |\n" + indent(script, "          "),
		}
	}
	const checks = "go vet ./...\ngo test -race ./...\n"
	nested := func(open, inner, close string) string {
		return strings.Repeat(open+"\n", 2000) + inner + strings.Repeat(close+"\n", 2000) + checks
	}
	runCheckCases(t, []checkCase{
		{name: "4000 lines each opening a { } group, the checks after them", files: repo(checks + strings.Repeat("{ cd $GITHUB_WORKSPACE/services/billing\n", 4000) + checks), check: "ci", want: Pass, message: pass},
		{name: "4000 lines each opening a { } group after ||, the checks after them", files: repo(checks + strings.Repeat("false || { cd $GITHUB_WORKSPACE/services/billing\n", 4000) + checks), check: "ci", want: Pass, message: pass},
		{name: "4000 lines each opening a ( ) subshell, the checks after them", files: repo(checks + strings.Repeat("( cd $GITHUB_WORKSPACE/services/billing\n", 4000) + checks), check: "ci", want: Pass, message: pass},
		{name: "{ } groups 2000 deep over lines in a pipe, a cd in them", files: repo("set -o pipefail\n" + nested("{", "cd services/billing\n"+checks, "} 2>&1 | tee -a log")), check: "ci", want: Pass, message: pass},
		{name: "{ } groups 2000 deep over lines in a pipe, a cd in them, without pipefail", files: repo(nested("{", "cd services/billing\n"+checks, "} 2>&1 | tee -a log")), check: "ci", want: Warn, message: billing},
		{name: "( ) subshells 2000 deep in a pipe, a cd in them, without pipefail", files: repo(nested("(", "cd services/billing\n"+checks, ") 2>&1 | tee -a log")), check: "ci", want: Warn, message: billing},
		{name: "{ } groups 2000 deep over lines, no pipe, a cd in them", files: repo(nested("{", "cd services/billing\n"+checks, "}")), check: "ci", want: Warn, message: root},
		{name: "( ) subshells 2000 deep over lines, a cd in them", files: repo(nested("(", "cd services/billing\n"+checks, ")")), check: "ci", want: Pass, message: pass},
	})
}

// TestModuleReachUnsureCommands audits CI whose only go vet and go test -race of a
// nested module are commands this audit cannot tell run, or whose failure it cannot
// tell counts (round 41): a recipe under a .ONESHELL (without -e, only the script's
// last command's failure counts: its go test -race) in a branch of a conditional it
// cannot evaluate, or after a $(Q) that is - in one. The module may be vetted and
// race-tested, so the verdict is UNKNOWN, naming the command, not a WARN that it is
// never vetted.
func TestModuleReachUnsureCommands(t *testing.T) {
	repo := func(mk string) map[string]string {
		return map[string]string{
			"go.mod":                               "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go":                      buildMainGo,
			"services/billing/go.mod":              "module example.test/billing\n\ngo 1.26\n",
			"services/billing/cmd/billing/main.go": buildMainGo,
			"Makefile":                             mk,
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: golangci-lint run --disable=govet\n      - run: go vet ./...\n      - run: go test -race ./...\n      - run: make billing\n",
		}
	}
	const left = "services/billing/go.mod, a module that holds a service, is never vetted or race-tested"
	runCheckCases(t, []checkCase{
		{name: ".ONESHELL under ifdef: the checks in the module or at the root", files: repo("ifdef ONESHELL\n.ONESHELL:\nendif\nbilling:\n\tcd services/billing\n\tgo vet ./...\n\tgo test -race ./...\n"), check: "ci", want: Unknown,
			message: left + ": the package patterns of CI's commands stop at a module's go.mod (./... at the root leaves a nested module out, with a go.work too), and no working directory, cd or go -C reaches it in the commands read; go test -race ./... at Makefile:7, which this audit cannot tell runs or counts, may (Makefile:2 names .ONESHELL in a branch of `ifdef ONESHELL` (Makefile:1)"},
		{name: "$(Q) that is - under ifeq", files: repo("ifeq ($(shell uname),Linux)\nQ := -\nendif\nbilling:\n\t$(Q)cd services/billing && go vet ./... && go test -race ./...\n"), check: "ci", want: Unknown, message: "go vet ./... at Makefile:5, which this audit cannot tell runs or counts, may (Makefile:2 sets Q to -"},
		{name: "the checks in the module, surely", files: repo("billing:\n\tcd services/billing && go vet ./... && go test -race ./...\n"), check: "ci", want: Pass, message: "CI runs go vet, go test -race and a linter"},
		{name: "the race test in the module, its GOFLAGS = -race under ifdef", files: repo("billing: vet-billing race-billing\nvet-billing:\n\tcd services/billing && go vet ./...\nifdef RACE\nrace-billing: export GOFLAGS = -race\nendif\nrace-billing:\n\tcd services/billing && go test ./...\n"), check: "ci", want: Unknown,
			message: "go test ./... at Makefile:8, which this audit cannot tell runs or counts, may (Makefile:5 sets GOFLAGS in a branch of `ifdef RACE` (Makefile:4)"},
		{name: "the checks at the root only, under ifdef's .ONESHELL too", files: repo("ifdef ONESHELL\n.ONESHELL:\nendif\nbilling:\n\t-go vet ./...\n\tgo test -race ./...\n"), check: "ci", want: Warn, message: left},
	})
}
