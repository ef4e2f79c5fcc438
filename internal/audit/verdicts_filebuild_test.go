package audit

import (
	"fmt"
	"testing"
)

// TestGoBuildOfFileArguments audits builds that name .go files (go build
// ./cmd/api/main.go): they build the package of the files' directory, from those
// files only, so a variable of a sibling file is not in the binary.
func TestGoBuildOfFileArguments(t *testing.T) {
	mainGo := "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n%s\nfunc main() {\n\t(&http.Server{Addr: \":8080\", ReadHeaderTimeout: time.Second}).ListenAndServe()\n}\n"
	files := func(vars, versionGo, dockerfile, makefile string) map[string]string {
		out := map[string]string{"go.mod": "module example.test/api\n\ngo 1.25\n", "cmd/api/main.go": fmt.Sprintf(mainGo, vars)}
		if versionGo != "" {
			out["cmd/api/version.go"] = versionGo
		}
		if dockerfile != "" {
			out["Dockerfile"] = dockerfile
		}
		if makefile != "" {
			out["Makefile"] = makefile
		}
		return out
	}
	const scratchCgo = "FROM golang:1.25-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /api ./cmd/api/main.go\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n"
	const stamp = "build:\n\tgo build -ldflags \"-X main.version=1.0 -X main.commit=abc\" -o bin/api %s\n"
	const versionGo = "package main\n\nvar version, commit string\n"
	runCheckCases(t, []checkCase{
		{name: "cgo left on into scratch", files: files("var version, commit string", "", scratchCgo, ""), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "-X into variables of the named file", files: files("var version, commit string", "", "", fmt.Sprintf(stamp, "./cmd/api/main.go")), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "-X into variables of a sibling file the build does not name", files: files("", versionGo, "", fmt.Sprintf(stamp, "./cmd/api/main.go")), check: "ldflags", want: Fail,
			message: "sets -X main.version, -X main.commit into no variable of that build (it is declared in cmd/api/version.go, which is not among the files the build names)"},
		{name: "both files named, from the package's directory", files: files("", versionGo, "", "build:\n\tcd cmd/api && go build -ldflags \"-X main.version=1.0 -X main.commit=abc\" -o ../../bin/api main.go version.go\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the package, not its files", files: files("", versionGo, "", fmt.Sprintf(stamp, "./cmd/api")), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
	})
}
