package audit

import "testing"

// TestVerdictsOnServicesCIReaches audits CI whose go vet and go test -race run in the
// service's module but on package patterns that may leave the service out: a pattern
// reaches the service when it names its main package or a package of its module that
// it imports (go test -race ./pkg/... beside cmd/api and internal/handler: WARN,
// naming it); one this audit cannot read (a variable) may (UNKNOWN).
func TestVerdictsOnServicesCIReaches(t *testing.T) {
	const mainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.test/acme/internal/handler\"\n)\n\n" +
		"func main() {\n\tsrv := &http.Server{Addr: \":8080\", Handler: handler.New(), ReadHeaderTimeout: time.Second}\n\tsrv.ListenAndServe()\n}\n"
	repoWith := func(steps string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod":                      "module example.test/acme\n\ngo 1.26\n",
			"cmd/api/main.go":             mainGo,
			"internal/handler/handler.go": "package handler\n\nimport \"net/http\"\n\nfunc New() http.Handler { return http.NewServeMux() }\n",
			"pkg/strutil/strutil.go":      "package strutil\n\nfunc Rev(s string) string { return s }\n",
			".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n" +
				"      - run: golangci-lint run --disable=govet\n" + steps,
		}, extra)
	}
	both := func(patterns string) string {
		return "      - run: go vet " + patterns + "\n      - run: go test -race " + patterns + "\n"
	}
	const pass = "CI runs go vet, go test -race and a linter"
	const left = "CI runs go vet, go test -race and a linter, but cmd/api, a service, is never vetted or race-tested: the package patterns of CI's commands (./pkg/...) name neither its main package nor a package of its module that it imports"
	runCheckCases(t, []checkCase{
		{name: "./pkg/... only", files: repoWith(both("./pkg/..."), nil), check: "ci", want: Warn, message: left},
		{name: "./...", files: repoWith(both("./..."), nil), check: "ci", want: Pass, message: pass},
		{name: "./internal/...: a package the service imports", files: repoWith(both("./internal/..."), nil), check: "ci", want: Pass, message: pass},
		{name: "./cmd/...", files: repoWith(both("./cmd/..."), nil), check: "ci", want: Pass, message: pass},
		{name: "the service's package by name", files: repoWith(both("./internal/handler"), nil), check: "ci", want: Pass, message: pass},
		{name: "./pkg/... and ./cmd/api", files: repoWith(both("./pkg/... ./cmd/api"), nil), check: "ci", want: Pass, message: pass},
		{name: "only the race tests leave it out", files: repoWith("      - run: go vet ./...\n      - run: go test -race ./pkg/...\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "an import path pattern that leaves it out", files: repoWith(both("example.test/acme/pkg/..."), nil), check: "ci", want: Warn, message: "cmd/api, a service, is never vetted or race-tested"},
		{name: "the module's import path pattern", files: repoWith(both("example.test/acme/..."), nil), check: "ci", want: Pass, message: pass},
		{name: "a working directory in the service", files: repoWith("      - run: go vet . && go test -race .\n        working-directory: cmd/api\n", nil), check: "ci", want: Pass, message: pass},
		{name: "$(go list ./... | grep -v /e2e)", files: repoWith(both("$(go list ./... | grep -v /e2e)"), nil), check: "ci", want: Pass, message: pass},
		{name: "$(go list ./pkg/...)", files: repoWith(both("$(go list ./pkg/...)"), nil), check: "ci", want: Warn, message: "cmd/api, a service, is never vetted or race-tested"},
		{name: "$(go list ./... | grep internal): a filter this audit does not read", files: repoWith(both("$(go list ./... | grep internal)"), nil), check: "ci", want: Unknown, message: "whose packages this audit cannot tell, may"},
		{name: "`go list ./... | grep -v /e2e` (backticks)", files: repoWith(both("`go list ./... | grep -v /e2e`"), nil), check: "ci", want: Pass, message: pass},
		{name: "`go list ./pkg/...` (backticks)", files: repoWith(both("`go list ./pkg/...`"), nil), check: "ci", want: Warn, message: "cmd/api, a service, is never vetted or race-tested"},
		{name: "PKGS=$(go list ./...) earlier in the script", files: repoWith("      - run: |\n          PKGS=$(go list ./... | grep -v /e2e)\n          go vet $PKGS\n          go test -race ${PKGS}\n", nil), check: "ci", want: Pass, message: pass},
		{name: "PKGS=./pkg/... earlier in the script", files: repoWith("      - run: |\n          PKGS=./pkg/...\n          go vet $PKGS\n          go test -race $PKGS\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never vetted or race-tested"},
		{name: "PKGS in the step's env", files: repoWith("      - run: go vet $PKGS && go test -race $PKGS\n        env:\n          PKGS: ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "packages in a variable nothing sets", files: repoWith(both("$PKGS"), nil), check: "ci", want: Unknown, message: "go vet $PKGS, whose packages this audit cannot tell, may"},
		{name: "a flags variable beside ./...", files: repoWith("      - run: go vet ./...\n      - run: go test -race $TESTFLAGS ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a Makefile's $(shell go list ./...)", files: repoWith("      - run: make check\n", map[string]string{"Makefile": "PKGS := $(shell go list ./...)\ncheck:\n\tgo vet $(PKGS)\n\tgo test -race $(PKGS)\n"}), check: "ci", want: Pass, message: pass},
		{name: "GitLab: $(go list ./... | grep -v /vendor/)", files: withFiles(repoWith("", nil), map[string]string{".github/workflows/ci.yml": "",
			".gitlab-ci.yml": "test:\n  script:\n    - golangci-lint run\n    - go vet $(go list ./... | grep -v /vendor/)\n    - go test -race $(go list ./... | grep -v /vendor/)\n"}), check: "ci", want: Pass, message: pass},
		// gotestsum v1.13.0 runs go test -json ./... when given no go test word, and
		// go test -json with its words otherwise, on . when they name no package
		{name: "gotestsum: ./... when given no go test word, GOFLAGS=-race for its go test", files: repoWith("      - run: go vet ./...\n      - run: GOFLAGS=-race gotestsum --format testname\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum: . when its go test words name no package", files: repoWith("      - run: go vet ./...\n      - run: gotestsum --format testname -- -race -count=1\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "gotestsum ./... -race without --", files: repoWith("      - run: go vet ./...\n      - run: gotestsum ./... -race\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum ./pkg/... -race without --", files: repoWith("      - run: go vet ./...\n      - run: gotestsum --format testname ./pkg/... -race\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "go test -race ./pkg/... -v ./cmd/...: ./cmd/... for the test binary", files: repoWith("      - run: go vet ./...\n      - run: go test -race ./pkg/... -v ./cmd/...\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "go test -race ./pkg/... -args ./cmd/...", files: repoWith("      - run: go vet ./...\n      - run: go test -race ./pkg/... -args ./cmd/...\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "gotestsum --packages", files: repoWith("      - run: go vet ./...\n      - run: gotestsum --packages ./pkg/... -- -race\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		// and, with no --packages, on the packages of TEST_DIRECTORY, one word, put
		// with the words' own: go test -json [words before -args] $TEST_DIRECTORY
		// [-args ...] (gotestsum v1.13.0's cmdArgPackageList, v1.12.0's alike)
		{name: "gotestsum: TEST_DIRECTORY in place of ./... when given no go test word", files: repoWith("      - run: go vet ./...\n      - run: GOFLAGS=-race TEST_DIRECTORY=./pkg/... gotestsum --format testname\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "gotestsum: TEST_DIRECTORY in the step's env, with go test words", files: repoWith("      - run: go vet ./...\n      - run: gotestsum --format testname -- -race -count=1\n        env:\n          TEST_DIRECTORY: ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum: TEST_DIRECTORY beside the words' packages", files: repoWith("      - run: go vet ./...\n      - run: TEST_DIRECTORY=./cmd/... gotestsum -- -race ./pkg/... -args -test.v\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum: TEST_DIRECTORY beside the words' packages, -args -x, which the test binary refuses", files: repoWith("      - run: go vet ./...\n      - run: TEST_DIRECTORY=./cmd/... gotestsum -- -race ./pkg/... -args -x\n", nil), check: "ci", want: Warn, message: "runs no test (its test binary, given -x after -args"},
		{name: "gotestsum: --packages over TEST_DIRECTORY", files: repoWith("      - run: go vet ./...\n      - run: TEST_DIRECTORY=./... gotestsum --packages ./pkg/... -- -race\n", nil), check: "ci", want: Warn, message: "cmd/api, a service, is never race-tested"},
		{name: "gotestsum: an empty TEST_DIRECTORY", files: repoWith("      - run: go vet ./...\n      - run: TEST_DIRECTORY= GOFLAGS=-race gotestsum\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum alone, GOFLAGS=-race", files: repoWith("      - run: go vet ./...\n      - run: GOFLAGS=-race gotestsum\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum: two --packages flags, whose lists it joins", files: repoWith("      - run: go vet ./...\n      - run: gotestsum --packages ./cmd/... --packages ./pkg/... -- -race\n", nil), check: "ci", want: Pass, message: pass},
		{name: "gotestsum with packages after --", files: repoWith("      - run: go vet ./...\n      - run: gotestsum --packages ./pkg/... -- -race ./cmd/...\n", nil), check: "ci", want: Pass, message: pass},
		// go vet's flags end at the first word that is no flag, a vet flag's value
		// aside (go tool vet -flags: -c and the analyzers' lists take one)
		{name: "go vet -c 3 ./pkg/...: 3 the value of -c", files: repoWith("      - run: go vet -c 3 ./pkg/...\n      - run: go test -race ./...\n", nil), check: "ci", want: Warn,
			message: "cmd/api, a service, is never vetted: the package patterns of CI's commands (./pkg/...) name neither"},
		{name: "go vet -printf.funcs Wrapf ./pkg/...", files: repoWith("      - run: go vet -printf.funcs Wrapf ./pkg/...\n      - run: go test -race ./...\n", nil), check: "ci", want: Warn,
			message: "cmd/api, a service, is never vetted: the package patterns of CI's commands (./pkg/...) name neither"},
		{name: "go vet -- ./...: the packages after --", files: repoWith("      - run: go vet -- ./...\n      - run: go test -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "a second service left out", files: repoWith(both("./cmd/api/... ./internal/..."), map[string]string{"cmd/worker/main.go": buildMainGo}), check: "ci", want: Warn, message: "but cmd/worker, a service, is never vetted or race-tested"},
		{name: "a main package that serves no HTTP is no service", files: repoWith(both("./cmd/api/... ./internal/..."), map[string]string{"cmd/tool/main.go": "package main\n\nfunc main() {}\n"}), check: "ci", want: Pass, message: pass},
	})
}
