package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnBuildVCS audits services whose code reads debug.ReadBuildInfo for
// its version and commit, built with VCS stamping on or off.
func TestVerdictsOnBuildVCS(t *testing.T) {
	const off = "injects no version or commit with -ldflags -X, and it builds with "
	const pass = "or the code reads debug.ReadBuildInfo"
	files := func(extra map[string]string) map[string]string {
		f := map[string]string{
			"go.mod":  "module example.test/v\n\ngo 1.26\n",
			"main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"runtime/debug\"\n)\n\nfunc main() {\n\tif bi, ok := debug.ReadBuildInfo(); ok {\n\t\tlog.Print(bi.Main.Version)\n\t}\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	dockerfile := func(stage, build string) map[string]string {
		return files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + stage + "RUN CGO_ENABLED=0 go build " + build + "-o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"})
	}
	with := func(f map[string]string, name, text string) map[string]string {
		f[name] = text
		return f
	}
	fileBuild := func(build string) map[string]string {
		f := files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build " + build + "\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"})
		f["cmd/api/main.go"] = f["main.go"]
		delete(f, "main.go")
		return f
	}
	runCheckCases(t, []checkCase{
		{
			name:    "a build of .go files is never stamped",
			files:   fileBuild("-o /out/api ./cmd/api/main.go"),
			check:   "ldflags",
			want:    Warn,
			message: "injects no version or commit with -ldflags -X, and it builds .go files (./cmd/api/main.go), into which the go command never stamps VCS information",
		},
		{
			name:    "a build of .go files is never stamped, -buildvcs=true or not",
			files:   fileBuild("-buildvcs=true -o /out/api cmd/api/main.go"),
			check:   "ldflags",
			want:    Warn,
			message: "so debug.ReadBuildInfo finds no commit (vcs.revision)",
		},
		{
			name:    "a build of the package path is stamped",
			files:   fileBuild("-o /out/api ./cmd/api"),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "-buildvcs=false on the go build line",
			files:   dockerfile("", "-buildvcs=false "),
			check:   "ldflags",
			want:    Warn,
			message: off + "-buildvcs=false, so debug.ReadBuildInfo finds no commit (vcs.revision) and the version \"(devel)\"",
		},
		{
			name:    "--buildvcs=0 on the go build line",
			files:   dockerfile("", "--buildvcs=0 "),
			check:   "ldflags",
			want:    Warn,
			message: off + "--buildvcs=0",
		},
		{
			name:    "GOFLAGS=-buildvcs=false from the stage's ENV",
			files:   dockerfile("ENV GOFLAGS=\"-mod=readonly -buildvcs=false\"\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-mod=readonly -buildvcs=false",
		},
		{
			name:    "GOFLAGS='-buildvcs=false', quoted as the go command reads it, from the stage's ENV",
			files:   dockerfile("ENV GOFLAGS=\"'-buildvcs=false' -mod=readonly\"\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS='-buildvcs=false' -mod=readonly",
		},
		{
			name:    "GOFLAGS=-buildvcs=false from an ARG default of the stage",
			files:   dockerfile("ARG GOFLAGS=-buildvcs=false\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false from an ENV after the RUN applies to later instructions only",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\nENV GOFLAGS=-buildvcs=false\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "GOFLAGS=-buildvcs=false from go env -w",
			files:   dockerfile("RUN go env -w GOFLAGS=-buildvcs=false\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false on a Makefile's command line",
			files:   files(map[string]string{"Makefile": "build:\n\tGOFLAGS=-buildvcs=false go build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false exported by the Makefile",
			files:   files(map[string]string{"Makefile": "export GOFLAGS=-buildvcs=false\n\nbuild:\n\tgo build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false exported by an export directive after it is set",
			files:   files(map[string]string{"Makefile": "GOFLAGS := -buildvcs=false\nexport GOFLAGS\n\nbuild:\n\tgo build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false exported for the build target only",
			files:   files(map[string]string{"Makefile": "build: export GOFLAGS=-buildvcs=false\nbuild:\n\tgo build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "a Makefile GOFLAGS not exported is not in the go command's environment",
			files:   files(map[string]string{"Makefile": "GOFLAGS := -buildvcs=false\n\nbuild:\n\tgo build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "GOFLAGS=-buildvcs=false in the workflow's env",
			files:   files(map[string]string{".github/workflows/release.yml": "on: [push]\nenv:\n  GOFLAGS: -buildvcs=false\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false in the job's env",
			files:   files(map[string]string{".github/workflows/release.yml": "on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: \"-mod=readonly -buildvcs=false\"\n    steps:\n      - uses: actions/checkout@v4\n      - run: go build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-mod=readonly -buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false in another job's env",
			files:   files(map[string]string{".github/workflows/release.yml": "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    env:\n      GOFLAGS: -buildvcs=false\n    steps:\n      - run: go vet ./...\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: go build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    ".dockerignore leaves .git out of the build context",
			files:   with(dockerfile("", ""), ".dockerignore", "bin/\n.git\n"),
			check:   "ldflags",
			want:    Warn,
			message: "its stage holds no .git (.dockerignore leaves it out of the build context), so debug.ReadBuildInfo finds no commit",
		},
		{
			name:    "the stage copies only the module's files",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY go.mod main.go ./\nRUN go build -o /out/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: "its stage holds no .git (its COPY and ADD copy none from the build context)",
		},
		{
			name:    "a stage built on one that copies the context has its .git",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS src\nWORKDIR /src\nCOPY . .\n\nFROM src AS build\nRUN go build -o /out/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "a stage that copies from one holding the context may have its .git",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS src\nWORKDIR /src\nCOPY . .\n\nFROM golang:1.26 AS build\nCOPY --from=src /src /src\nWORKDIR /src\nRUN go build -o /out/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "the context mounted into the RUN",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=target=. go build -o /out/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "-buildvcs=true on the command line wins over GOFLAGS",
			files:   dockerfile("ENV GOFLAGS=-buildvcs=false\n", "-buildvcs=true "),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "the command's own GOFLAGS wins over the stage's",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nENV GOFLAGS=-buildvcs=false\nRUN GOFLAGS=-mod=readonly go build -o /out/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "stamping left on",
			files:   dockerfile("", ""),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "stamping off, but -X injects version and commit",
			files:   files(map[string]string{"main.go": "package main\n\nimport \"net/http\"\n\nvar version, commit string\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n", "Makefile": "build:\n\tgo build -buildvcs=false -ldflags \"-X main.version=1.0.0 -X main.commit=abc\" -o bin/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
	})
}

// TestVerdictsOnGitlessImage audits Dockerfile builds in a golang alpine image, which
// ships no git: the go command then stamps no VCS data (debug.ReadBuildInfo gives
// "(devel)") and a $(git ...) prints nothing, unless a RUN of the stage, or of a stage
// it is built on, installs git before the build. The golang images built on Debian
// ship git.
func TestVerdictsOnGitlessImage(t *testing.T) {
	const readMain = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"runtime/debug\"\n)\n\nfunc main() {\n\tif bi, ok := debug.ReadBuildInfo(); ok {\n\t\tlog.Print(bi.Main.Version)\n\t}\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
	const varMain = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() {\n\tlog.Print(version, commit)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
	const gitX = `-ldflags "-X main.version=$(git describe --tags --always) -X main.commit=$(git rev-parse HEAD)" `
	const nogit = "its stage has no git (golang:1.26-alpine ships none, and no RUN installs it: apk add --no-cache git)"
	const pass = "or the code reads debug.ReadBuildInfo"
	const injected = "1 build(s) inject version and commit"
	service := func(main, stages, build string) map[string]string {
		return map[string]string{
			"go.mod":     "module example.test/v\n\ngo 1.26\n",
			"main.go":    main,
			"Dockerfile": stages + "RUN CGO_ENABLED=0 go build " + build + "-o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n",
		}
	}
	const alpine = "FROM golang:1.26-alpine AS build\nWORKDIR /src\nCOPY . .\n"
	runCheckCases(t, []checkCase{
		{name: "ReadBuildInfo in golang alpine", files: service(readMain, alpine, ""), check: "ldflags", want: Warn,
			message: "injects no version or commit with -ldflags -X, and " + nogit + ", so debug.ReadBuildInfo finds no commit"},
		{name: "ReadBuildInfo in golang alpine by its registry path", files: service(readMain, "FROM docker.io/library/golang:1.26-alpine3.22 AS build\nWORKDIR /src\nCOPY . .\n", ""), check: "ldflags", want: Warn,
			message: "its stage has no git (docker.io/library/golang:1.26-alpine3.22 ships none"},
		{name: "$(git ...) in golang alpine", files: service(varMain, alpine, gitX), check: "ldflags", want: Warn,
			message: "the Dockerfile build (Dockerfile:4) sets -X main.version=$(git describe --tags --always) and -X main.commit=$(git rev-parse HEAD) from git, but " + nogit + ": git prints nothing there"},
		{name: "ReadBuildInfo in golang alpine that installs git", files: service(readMain, alpine+"RUN apk add --no-cache git\n", ""), check: "ldflags", want: Pass, message: pass},
		{name: "a pinned git", files: service(readMain, "FROM golang:1.26-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN apk add --no-cache git=2.49.1-r0 && \\\n    true\n", ""), check: "ldflags", want: Pass, message: pass},
		{name: "git installed by the stage it is built on", files: service(varMain, "FROM golang:1.26-alpine AS base\nRUN apk add --no-cache git make\n\nFROM base AS build\nWORKDIR /src\nCOPY . .\n", gitX), check: "ldflags", want: Pass, message: injected},
		{name: "git installed after the build", files: map[string]string{
			"go.mod":     "module example.test/v\n\ngo 1.26\n",
			"main.go":    readMain,
			"Dockerfile": alpine + "RUN CGO_ENABLED=0 go build -o /out/api .\nRUN apk add --no-cache git\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n",
		}, check: "ldflags", want: Warn, message: nogit},
		{name: "ReadBuildInfo in the Debian golang image", files: service(readMain, "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n", ""), check: "ldflags", want: Pass, message: pass},
		{name: "$(git ...) in the Debian golang image", files: service(varMain, "FROM golang:1.26-bookworm AS build\nWORKDIR /src\nCOPY . .\n", gitX), check: "ldflags", want: Pass, message: injected},
		{name: "apt-get install git in another image", files: service(readMain, "FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y git golang\nWORKDIR /src\nCOPY . .\n", ""), check: "ldflags", want: Pass, message: pass},
		{name: "-buildvcs=true in golang alpine", files: service(readMain, alpine, "-buildvcs=true "), check: "ldflags", want: Fail,
			message: "the Dockerfile build (Dockerfile:4) builds with -buildvcs=true, but " + nogit + ": the go command finds the repository's .git but no git to read it, and fails the build (error obtaining VCS status: exec: \"git\": executable file not found in $PATH); install git in the stage (apk add --no-cache git) or drop -buildvcs=true"},
		{name: "-buildvcs without a value in golang alpine", files: service(readMain, alpine, "-buildvcs "), check: "ldflags", want: Fail, message: "builds with -buildvcs, but " + nogit},
		{name: "GOFLAGS=-buildvcs=true of the stage's ENV in golang alpine", files: service(varMain, alpine+"ENV GOFLAGS=-buildvcs=true\n", gitX), check: "ldflags", want: Fail,
			message: "the Dockerfile build (Dockerfile:5) builds with GOFLAGS=-buildvcs=true, but " + nogit},
		{name: "GOFLAGS=-buildvcs=true of the stage's ARG in golang alpine", files: service(readMain, alpine+"ARG GOFLAGS=\"-mod=readonly -buildvcs=true\"\n", ""), check: "ldflags", want: Fail,
			message: "builds with GOFLAGS=-mod=readonly -buildvcs=true, but " + nogit},
		{name: "GOFLAGS=-buildvcs=true that the command line's -buildvcs=auto overrides", files: service(readMain, alpine+"ENV GOFLAGS=-buildvcs=true\n", "-buildvcs=auto "), check: "ldflags", want: Warn, message: nogit},
		{name: "-buildvcs=true in golang alpine that installs git", files: service(readMain, alpine+"RUN apk add --no-cache git\n", "-buildvcs=true "), check: "ldflags", want: Pass, message: pass},
		{name: "-buildvcs=true in the Debian golang image", files: service(readMain, "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n", "-buildvcs=true "), check: "ldflags", want: Pass, message: pass},
		{name: "version from build arguments in golang alpine", files: service(varMain, alpine+"ARG VERSION=dev\nARG COMMIT=none\n", `-ldflags "-X main.version=${VERSION} -X main.commit=${COMMIT}" `), check: "ldflags", want: Pass, message: injected},
	})
}

// TestStageInstalls checks which RUN commands of a build stage on golang alpine give
// it git (the ldflags check's git-less stage) or a C compiler (static-image's build
// without a compiler): the packages a package manager's install command names, its
// options skipped, and a package that pulls one in; not any word equal to a
// package's name.
func TestStageInstalls(t *testing.T) {
	const readMain = "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"runtime/debug\"\n)\n\nfunc main() {\n\tif bi, ok := debug.ReadBuildInfo(); ok {\n\t\tlog.Print(bi.Main.Version)\n\t}\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
	const noGit = "its stage has no git"
	const hasGit = "or the code reads debug.ReadBuildInfo"
	const noCC = "static only because the build image has no C compiler"
	const hasCC = "built without CGO_ENABLED=0"
	files := func(run string) map[string]string {
		return map[string]string{
			"go.mod":     "module example.test/v\n\ngo 1.26\n",
			"main.go":    readMain,
			"Dockerfile": "FROM golang:1.26-alpine AS build\nWORKDIR /src\n" + run + "\nCOPY . .\nRUN go build -o /svc .\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /svc /svc\n",
		}
	}
	tests := []struct {
		name, run    string
		git, compile bool // the stage has git; a C compiler
	}{
		{name: "apk add", run: "RUN apk add --no-cache git gcc musl-dev", git: true, compile: true},
		{name: "apk options before add", run: "RUN apk --no-cache --update add git", git: true},
		{name: "a pinned version", run: "RUN apk add --no-cache git=2.49.1-r0 gcc~14", git: true, compile: true},
		{name: "apk add --virtual names no package", run: "RUN apk add --virtual gcc git", git: true},
		{name: "apk add -t names no package", run: "RUN apk add -t git build-base", compile: true},
		{name: "git-lfs depends on git", run: "RUN apk add --no-cache git-lfs", git: true},
		{name: "alpine-sdk depends on git and build-base", run: "RUN apk add alpine-sdk", git: true, compile: true},
		{name: "apt-get install", run: "RUN apt-get update && apt-get install -y --no-install-recommends git build-essential", git: true, compile: true},
		{name: "apt-get -o option", run: "RUN apt-get -o Acquire::Retries=3 install -y gcc", compile: true},
		{name: "apt install", run: "RUN apt install -y git/bookworm", git: true},
		{name: "dnf install", run: "RUN dnf install -y --setopt=install_weak_deps=False git-core gcc", git: true, compile: true},
		{name: "microdnf install", run: "RUN microdnf install -y git", git: true},
		{name: "git run by a RUN", run: "RUN git config --global url.https://example.test/.insteadOf git://example.test/", git: true},
		{name: "echo of the names", run: "RUN echo git gcc musl-dev"},
		{name: "apk del", run: "RUN apk del git gcc"},
		{name: "apk search", run: "RUN apk search git gcc"},
		{name: "a package named in another argument", run: "RUN apk add --no-cache --repository https://example.test/git curl"},
		{name: "a directory named gcc", run: "RUN mkdir -p /opt/gcc /opt/git"},
	}
	for _, tt := range tests {
		git, compile := noGit, noCC
		if tt.git {
			git = hasGit
		}
		if tt.compile {
			compile = hasCC
		}
		t.Run(tt.name, func(t *testing.T) {
			res := auditInlineAt(t, files(tt.run), "", "ldflags")
			if !strings.Contains(res.Message, git) {
				t.Errorf("ldflags: %s %q, want it to say %q", res.Status, res.Message, git)
			}
			res = auditInlineAt(t, files(tt.run), "", "static-image")
			if !strings.Contains(res.Message, compile) {
				t.Errorf("static-image: %s %q, want it to say %q", res.Status, res.Message, compile)
			}
		})
	}
}
