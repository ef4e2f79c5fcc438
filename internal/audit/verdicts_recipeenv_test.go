package audit

import "testing"

// TestRecipeLineExports: the environment a command of a Makefile recipe runs with is
// that of its line's own shell too (round 38 auditmk/1): an export earlier on the
// line (export X=-race; go test $$X ./...) reaches the commands after it, as does
// one of an earlier line under .ONESHELL, but not one of another line (each its own
// shell).
func TestRecipeLineExports(t *testing.T) {
	ci := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk + "vet:\n\tgo vet ./...\nlint:\n\tgolangci-lint run\n",
			".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n      - run: make vet lint test\n",
		}, extra)
	}
	image := func(mk string, extra map[string]string) map[string]string {
		return withFiles(map[string]string{
			"go.mod": buildGoMod, "main.go": buildMainGo, "Makefile": mk,
			"Dockerfile": "FROM golang:1.26 AS build\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /bin/svc /svc\n",
		}, extra)
	}
	const (
		race      = "CI runs go vet"
		noRace    = "CI does not run go test -race"
		static    = "the final image is static and the binary is built with CGO_ENABLED=0"
		notStatic = "the binary is built without CGO_ENABLED=0"
	)
	runBuildCases(t, []buildCase{
		{name: "export X=-race; go test $$X", files: ci("test:\n\texport X=-race; go test $$X ./...\n", nil), check: "ci", want: Pass, message: race},
		{name: "export GOFLAGS=-race && go test", files: ci("test:\n\texport GOFLAGS=-race && go test ./...\n", nil), check: "ci", want: Pass, message: race},
		{name: "an export of another line", files: ci("test:\n\texport GOFLAGS=-race\n\tgo test ./...\n", nil), check: "ci", want: Warn, message: noRace},
		{name: "an export of another line, .ONESHELL", files: ci(".ONESHELL:\ntest:\n\texport GOFLAGS=-race\n\tgo test ./...\n", nil), check: "ci", want: Pass, message: race},
		{name: "export CGO_ENABLED=0; go build", files: image("build:\n\texport CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
		{name: "export CGO_ENABLED=0, then unset", files: image("build:\n\texport CGO_ENABLED=0; unset CGO_ENABLED; go build -o /bin/svc .\n", nil), check: "static-image", want: Fail, message: notStatic},
		{name: "make's export, the line's export over it", files: image("export CGO_ENABLED=1\nbuild:\n\texport CGO_ENABLED=0; go build -o /bin/svc .\n", nil), check: "static-image", want: Pass, message: static},
	})
}
