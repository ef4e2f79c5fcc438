package audit

import "testing"

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
		{name: "version from build arguments in golang alpine", files: service(varMain, alpine+"ARG VERSION=dev\nARG COMMIT=none\n", `-ldflags "-X main.version=${VERSION} -X main.commit=${COMMIT}" `), check: "ldflags", want: Pass, message: injected},
	})
}
