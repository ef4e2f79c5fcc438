package audit

import "testing"

// toolsRepo is a repository whose one GitHub job runs steps (each a "- run: ..." or
// "- uses: ..." item, indented), with the files extra.
func toolsRepo(steps string, extra map[string]string) map[string]string {
	return withFiles(map[string]string{
		"go.mod":  buildGoMod,
		"main.go": buildMainGo,
		".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" +
			"      - uses: actions/checkout@v5\n" + steps,
	}, extra)
}

// TestVerdictsOnPinnedTestRunners audits CI that runs gotestsum pinned through go run
// at a version or through go tool (a tool directive), as the linters are: -race
// after its -- counts as go test -race.
func TestVerdictsOnPinnedTestRunners(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	lint := "      - run: go vet ./...\n      - run: go tool staticcheck ./...\n"
	runCheckCases(t, []checkCase{
		{name: "go run gotestsum@version", files: toolsRepo(lint+"      - run: go run gotest.tools/gotestsum@v1.12.0 --format testname -- -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go run with a flag before the package", files: toolsRepo(lint+"      - run: go run -mod=mod gotest.tools/gotestsum@v1.12.0 -- -race ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go tool gotestsum", files: toolsRepo(lint+"      - run: go tool gotestsum -- -race -count=1 ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "go tool gotestsum without -race", files: toolsRepo(lint+"      - run: go tool gotestsum -- ./...\n", nil), check: "ci", want: Warn, message: "CI does not run go test -race"},
	})
}

// TestVerdictsOnGolangciVet audits CI whose only vet is golangci-lint: govet counts
// when the configuration it reads (-c/--config, else .golangci.{yml,yaml,toml,json})
// and the flags of the command leave it on; a configuration that cannot be read makes
// the missing vet UNKNOWN.
func TestVerdictsOnGolangciVet(t *testing.T) {
	const noVet = "CI does not run go vet"
	const pass = "CI runs go vet, go test -race and a linter"
	lint := func(cmd string) string {
		return "      - run: " + cmd + "\n      - run: go test -race ./...\n"
	}
	config := map[string]string{"build/golangci.yml": "version: \"2\"\nlinters:\n  default: none\n  enable: [errcheck, staticcheck]\n"}
	withVet := map[string]string{"build/golangci.yml": "version: \"2\"\nlinters:\n  default: none\n  enable: [errcheck, govet]\n"}
	runCheckCases(t, []checkCase{
		{name: "no configuration", files: toolsRepo(lint("golangci-lint run"), nil), check: "ci", want: Pass, message: pass},
		{name: "--disable=govet", files: toolsRepo(lint("golangci-lint run --disable=govet"), nil), check: "ci", want: Warn, message: noVet},
		{name: "-D govet,errcheck", files: toolsRepo(lint("golangci-lint run -D govet,errcheck"), nil), check: "ci", want: Warn, message: noVet},
		{name: "--default=none --enable=errcheck,staticcheck", files: toolsRepo(lint("golangci-lint run --default=none --enable=errcheck,staticcheck"), nil), check: "ci", want: Warn, message: noVet},
		{name: "--disable-all -E errcheck", files: toolsRepo(lint("golangci-lint run --disable-all -E errcheck"), nil), check: "ci", want: Warn, message: noVet},
		{name: "--enable-only=staticcheck", files: toolsRepo(lint("golangci-lint run --enable-only=staticcheck"), nil), check: "ci", want: Warn, message: noVet},
		{name: "--fast-only", files: toolsRepo(lint("golangci-lint run --fast-only"), nil), check: "ci", want: Warn, message: noVet},
		{name: "go run golangci-lint@version -D govet", files: toolsRepo(lint("go run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.1.0 run -D govet"), nil), check: "ci", want: Warn, message: noVet},
		{name: "the action with args: --disable=govet", files: toolsRepo("      - uses: golangci/golangci-lint-action@v8\n        with:\n          args: --disable=govet --timeout=5m\n      - run: go test -race ./...\n", nil), check: "ci", want: Warn, message: noVet},
		{name: "the action in a directory whose configuration drops govet", files: toolsRepo("      - uses: golangci/golangci-lint-action@v8\n        with:\n          working-directory: svc\n      - run: go test -race ./...\n", map[string]string{"svc/.golangci.yml": "linters:\n  disable: [govet]\n"}), check: "ci", want: Warn, message: noVet},
		{name: "--default=none -E govet", files: toolsRepo(lint("golangci-lint run --default=none -E govet"), nil), check: "ci", want: Pass, message: pass},
		{name: "-c a configuration without govet", files: toolsRepo(lint("golangci-lint run -c build/golangci.yml"), config), check: "ci", want: Warn, message: noVet},
		{name: "--config= a configuration without govet", files: toolsRepo(lint("golangci-lint run --config=build/golangci.yml"), config), check: "ci", want: Warn, message: noVet},
		{name: "-c a configuration with govet", files: toolsRepo(lint("golangci-lint run -c build/golangci.yml"), withVet), check: "ci", want: Pass, message: pass},
		{name: "-c a configuration not in the repository", files: toolsRepo(lint("golangci-lint run -c build/missing.yml"), nil), check: "ci", want: Unknown, message: "golangci-lint's configuration build/missing.yml could not be read and may keep govet"},
		{name: "a root .golangci.toml without govet", files: toolsRepo(lint("golangci-lint run"), map[string]string{".golangci.toml": "version = \"2\"\n\n[linters]\ndefault = \"none\" # only these\nenable = [\n  \"errcheck\",\n  \"staticcheck\",\n]\n"}), check: "ci", want: Warn, message: noVet},
		{name: "a root .golangci.toml disabling govet", files: toolsRepo(lint("golangci-lint run"), map[string]string{".golangci.toml": "[linters]\ndisable = ['govet']\n\n[linters.settings.errcheck]\ncheck-type-assertions = true\n"}), check: "ci", want: Warn, message: noVet},
		{name: "a root .golangci.toml with the standard linters", files: toolsRepo(lint("golangci-lint run"), map[string]string{".golangci.toml": "linters.default = \"standard\"\n\n[run]\ntimeout = \"5m\"\n"}), check: "ci", want: Pass, message: pass},
		{name: "a .golangci.toml this audit cannot read", files: toolsRepo(lint("golangci-lint run"), map[string]string{".golangci.toml": "[linters]\nenable = linters_from_somewhere\n"}), check: "ci", want: Unknown, message: "golangci-lint's configuration .golangci.toml could not be read"},
		{name: "a root .golangci.json disabling govet", files: toolsRepo(lint("golangci-lint run"), map[string]string{".golangci.json": `{"linters": {"disable": ["govet"]}}`}), check: "ci", want: Warn, message: noVet},
		{name: "--no-config skips the root configuration", files: toolsRepo(lint("golangci-lint run --no-config"), map[string]string{".golangci.yml": "linters:\n  disable: [govet]\n"}), check: "ci", want: Pass, message: pass},
	})
}

// TestVerdictsOnLinterThatLintsNothing audits CI whose only linter step lints
// nothing: golangci-lint other than golangci-lint run (fmt, version), the action
// with install-only: true, staticcheck -version. Each is no linter.
func TestVerdictsOnLinterThatLintsNothing(t *testing.T) {
	const pass = "CI runs go vet, go test -race and a linter"
	const noLint = "CI does not run a linter (golangci-lint or staticcheck)"
	base := "      - run: go vet ./...\n      - run: go test -race ./...\n"
	runCheckCases(t, []checkCase{
		{name: "the action with install-only: true", files: toolsRepo(base+"      - uses: golangci/golangci-lint-action@v8\n        with:\n          install-only: true\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "the action with install-only: ${{ true }}", files: toolsRepo(base+"      - uses: golangci/golangci-lint-action@v8\n        with:\n          install-only: ${{ true }}\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "the action with install-only: false", files: toolsRepo(base+"      - uses: golangci/golangci-lint-action@v8\n        with:\n          install-only: false\n", nil), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint fmt --diff", files: toolsRepo(base+"      - run: golangci-lint fmt --diff\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "golangci-lint version", files: toolsRepo(base+"      - run: golangci-lint version\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "golangci-lint --version", files: toolsRepo(base+"      - run: golangci-lint --version\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "go tool golangci-lint fmt", files: toolsRepo(base+"      - run: go tool golangci-lint fmt\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "go run golangci-lint@version run", files: toolsRepo(base+"      - run: go run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.1.0 run ./...\n", nil), check: "ci", want: Pass, message: pass},
		{name: "golangci-lint -v run", files: toolsRepo(base+"      - run: golangci-lint -v run --timeout=5m\n", nil), check: "ci", want: Pass, message: pass},
		{name: "staticcheck -version", files: toolsRepo(base+"      - run: staticcheck -version\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "go run staticcheck@version -debug.version", files: toolsRepo(base+"      - run: go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -debug.version\n", nil), check: "ci", want: Warn, message: noLint},
		{name: "staticcheck ./...", files: toolsRepo(base+"      - run: staticcheck ./...\n", nil), check: "ci", want: Pass, message: pass},
	})
}
