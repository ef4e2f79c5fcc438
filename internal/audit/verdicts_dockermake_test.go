package audit

import "testing"

// dockerMakeRepo returns a service built by a Dockerfile whose build stage copies
// the context and runs run, with the Makefile makefile and the files more.
func dockerMakeRepo(makefile, run string, more map[string]string) map[string]string {
	files := map[string]string{
		"go.mod":     buildGoMod,
		"main.go":    buildMainGo,
		"Makefile":   makefile,
		"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + run + "\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /src/bin/svc /svc\nENTRYPOINT [\"/svc\"]\n",
	}
	for name, src := range more {
		files[name] = src
	}
	return files
}

// TestDockerMakeWithoutGit checks a Dockerfile RUN make build in a stage that holds
// no .git: the Makefile's $(shell git ...) prints nothing there, and
// debug.ReadBuildInfo finds no VCS data, as for a go build written in the RUN itself
// (WARN, naming the Dockerfile line and the recipe); with .git in the stage, or a
// version passed on make's command line, the build injects what it says (PASS).
func TestDockerMakeWithoutGit(t *testing.T) {
	const gitMake = "VERSION ?= $(shell git describe --tags --always --dirty)\nCOMMIT ?= $(shell git rev-parse --short HEAD)\n\nbuild:\n\tCGO_ENABLED=0 go build -ldflags \"-X main.version=$(VERSION) -X main.commit=$(COMMIT)\" -o bin/svc .\n"
	const plainMake = "build:\n\tCGO_ENABLED=0 go build -o bin/svc .\n"
	noGit := map[string]string{".dockerignore": ".git\nbin/\n"}
	buildInfo := map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"runtime/debug\"\n\t\"time\"\n)\n\nfunc init() {\n\tif bi, ok := debug.ReadBuildInfo(); ok {\n\t\tfmt.Println(bi.Main.Version)\n\t}\n}\n\n" + serveFunc}
	runCheckCases(t, []checkCase{
		{name: "RUN make build, $(shell git ...) in a stage without .git", files: dockerMakeRepo(gitMake, "RUN make build", noGit), check: "ldflags", want: Warn,
			message: "the Dockerfile build (Dockerfile:4, which runs Makefile:5) sets -X main.version=$(shell git describe --tags --always --dirty) and -X main.commit=$(shell git rev-parse --short HEAD) from git, but its stage holds no .git (.dockerignore leaves it out of the build context)"},
		{name: "RUN make build, $(shell git ...) in a stage with .git", files: dockerMakeRepo(gitMake, "RUN make build", nil), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "RUN make build with the version on make's command line, without .git", files: dockerMakeRepo(gitMake, "RUN make build VERSION=1.2.3 COMMIT=abc", noGit), check: "ldflags", want: Pass, message: "2 build(s) inject version and commit"},
		{name: "ReadBuildInfo, RUN make build in a stage without .git", files: dockerMakeRepo(plainMake, "RUN make build", with(noGit, buildInfo)), check: "ldflags", want: Warn,
			message: "the Dockerfile build (Dockerfile:4, which runs Makefile:2) injects no version or commit with -ldflags -X, and its stage holds no .git"},
		{name: "ReadBuildInfo, RUN make build in a stage with .git", files: dockerMakeRepo(plainMake, "RUN make build", buildInfo), check: "ldflags", want: Pass, message: "or the code reads debug.ReadBuildInfo"},
	})
}
