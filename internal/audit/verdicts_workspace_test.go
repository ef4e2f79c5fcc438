package audit

import (
	"maps"
	"strings"
	"testing"
)

// TestWorkspaceVerdicts audits services whose builds a go.work governs (above the
// audited directory, in a subdirectory, or set aside with GOWORK=off) or whose
// imports a replace directive sends to another copy of a module.
func TestWorkspaceVerdicts(t *testing.T) {
	const legacy = "the default server minimum of this build is TLS 1.0"
	serve := `srv := &http.Server{Addr: ":8443", Handler: mux, ReadHeaderTimeout: time.Second, TLSConfig: &tls.Config{GetConfigForClient: r.get}}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")`
	svc := inDir("svc", tlsFiles("", serve))
	procsSvc := inDir("svc", map[string]string{"main.go": procsMain("")})
	debugMod := "module example.test/t\n\ngo 1.26\n\ngodebug tls10server=1\n"
	const work = "go 1.26\n\nuse ./svc\n"
	muxSvc := inDir("svc", probeMain("1.21", muxProbesGET, flipThenDrain))
	dockerfile := func(run string) string {
		return "FROM golang:1.26 AS build\n" + run + "\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"
	}
	runCheckCases(t, []checkCase{
		{
			name:    "mtls: a member audited alone follows the godebug lines of the go.work above it",
			files:   with(inDir("w", svc), map[string]string{"w/go.work": work + "\ngodebug tls10server=1\n"}),
			dir:     "w/svc",
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug tls10server=1 in go.work: " + legacy,
		},
		{
			name:    "mtls: a member audited alone at go 1.21 is built with the go line of the go.work above it",
			files:   with(inDir("w", svc), map[string]string{"w/go.work": work, "w/svc/go.mod": "module example.test/t\n\ngo 1.21\n"}),
			dir:     "w/svc",
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: a go.work in a subdirectory governs the modules below it",
			files:   with(inDir("backend", svc), map[string]string{"backend/go.work": work + "\ngodebug tls10server=1\n"}),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug tls10server=1 in go.work: " + legacy,
		},
		{
			name:    "mtls: a member's own godebug lines do not apply in the workspace",
			files:   with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api .")}),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: an image built with ENV GOWORK=off uses the member's godebug lines",
			files:   with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Dockerfile": dockerfile("ENV GOWORK=off\nWORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api .")}),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug tls10server=1 in go.mod, which the build at Dockerfile:5 uses (it runs outside the workspace): " + legacy,
		},
		{
			name:    "mtls: GOWORK=off on the go build command",
			files:   with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "build:\n\tGOWORK=off go build -o bin/api ./svc\n"}),
			check:   "mtls",
			want:    Fail,
			message: "which the build at Makefile:2 uses (it runs outside the workspace)",
		},
		{
			name:    "mtls: GOWORK=off for another service's build only",
			files:   with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "build:\n\tgo build -o bin/api ./svc\n\tGOWORK=off go build -o bin/tool ./tool\n"}),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "mtls: GOWORK=off in a workflow's environment, not tied to a build",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod,
				".github/workflows/ci.yml": "on: push\nenv:\n  GOWORK: \"off\"\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build .\n",
			}),
			check:   "mtls",
			want:    Unknown,
			message: "no MinVersion, and a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work) has godebug tls10server=1 in go.mod",
		},
		{
			name: "mtls: an image built from the member's directory has no go.work: the member's godebug lines apply",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -t api svc\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug tls10server=1 in go.mod, which the build at svc/Dockerfile:4 uses (it runs outside the workspace): " + legacy,
		},
		{
			name: "mtls: an image built from the repository's root holds the go.work",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "mtls: the root's .dockerignore leaves the go.work out of the image's context",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", ".dockerignore": "go.work\ngo.work.sum\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Fail,
			message: "no MinVersion and godebug tls10server=1 in go.mod, which the build at svc/Dockerfile:4 uses (it runs outside the workspace): " + legacy + "",
		},
		{
			name: "mtls: a .dockerignore pattern that matches the go.work",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", ".dockerignore": "# local workspaces\n**/go.work*\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Fail,
			message: "which the build at svc/Dockerfile:4 uses (it runs outside the workspace)",
		},
		{
			name: "mtls: a .dockerignore exception keeps the go.work",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", ".dockerignore": "go.work*\n!go.work\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "mtls: a .dockerignore that leaves out go.work.sum only",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", ".dockerignore": "go.work.sum\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "mtls: the Dockerfile's own ignore file, in place of .dockerignore, leaves the go.work out",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", ".dockerignore": "bin/\n", "svc/Dockerfile.dockerignore": "/go.work\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Fail,
			message: "which the build at svc/Dockerfile:4 uses (it runs outside the workspace)",
		},
		{
			name: "mtls: the Dockerfile's own ignore file keeps the go.work that .dockerignore leaves out",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod, "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", ".dockerignore": "go.work\n", "svc/Dockerfile.dockerignore": "bin/\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name: "mtls: an image of the member's Dockerfile that no build names may be built without the go.work",
			files: with(svc, map[string]string{"go.work": work, "svc/go.mod": debugMod,
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "mtls",
			want:    Unknown,
			message: "no MinVersion, and a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work) has godebug tls10server=1 in go.mod",
		},
		{
			name: "mtls: an image of a member audited alone cannot hold the go.work above it",
			files: with(inDir("w", svc), map[string]string{"w/go.work": work, "w/svc/go.mod": "module example.test/t\n\ngo 1.21\n", "w/svc/Makefile": "image:\n\tdocker build -t api .\n",
				"w/svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			dir:     "w/svc",
			check:   "mtls",
			want:    Fail,
			message: "the go line of go.mod is 1.21, below 1.22",
		},
		{
			name:    "procs: a build with GOWORK=off follows go.mod's go line, below 1.25",
			files:   with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "build:\n\tGOWORK=off go build -o bin/api ./svc\n"}),
			check:   "procs",
			want:    Warn,
			message: "the go line is below 1.25 in go.mod, which the build at Makefile:2 uses (it runs outside the workspace)",
		},
		{
			name:    "procs: a build with GOWORK=off follows go.mod's godebug lines",
			files:   with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.26\n\ngodebug containermaxprocs=0\n", "Makefile": "build:\n\tGOWORK=off go build -o bin/api ./svc\n"}),
			check:   "procs",
			want:    Fail,
			message: "containermaxprocs=0 turns off the container-aware GOMAXPROCS in go.mod, which the build at Makefile:2 uses",
		},
		{
			name:    "procs: go.mod's go line below 1.25 does not matter in the workspace",
			files:   with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "build:\n\tgo build -o bin/api ./svc\n"}),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name: "procs: GOWORK=off not tied to a build, with go.mod below 1.25",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n",
				".github/workflows/ci.yml": "on: push\nenv:\n  GOWORK: \"off\"\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build .\n",
			}),
			check:   "procs",
			want:    Unknown,
			message: "a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work) uses go.mod, where the go line is below 1.25",
		},
		{
			name: "procs: GOWORK=off on go mod verify alone, which builds nothing, with go.mod below 1.25",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: GOWORK=off go mod verify\n        working-directory: svc\n      - run: go build -o /dev/null ./svc\n",
				".gitlab-ci.yml":           "check:\n  script:\n    - cd svc\n    - GOWORK=off go mod verify\n",
			}),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name: "procs: a member's Dockerfile whose context may not hold the go.work, with go.mod below 1.25",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.23\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Unknown,
			message: "GOMAXPROCS: a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work) uses go.mod, where the go line is below 1.25, so it ignores the container CPU limit",
		},
		{
			name: "procs: GOWORK=off not tied to a build, automaxprocs makes up for go.mod's go line",
			files: with(inDir("svc", map[string]string{"main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"runtime/debug\"\n\n\t_ \"go.uber.org/automaxprocs\"\n)\n\nfunc main() {\n\tdebug.SetMemoryLimit(1 << 30)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"}),
				map[string]string{"go.work": "go 1.24\n\nuse ./svc\n", "svc/go.mod": "module example.test/p\n\ngo 1.24\n",
					".github/workflows/ci.yml": "on: push\nenv:\n  GOWORK: \"off\"\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build .\n",
				}),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name: "health: an image built from the member's directory reads method patterns by go.mod's go line, below 1.22",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n", "Makefile": "image:\n\tdocker build -t api svc\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "health",
			want:    Warn,
			message: "the go line of go.mod, which the build at svc/Dockerfile:4 uses (it runs outside the workspace), is below 1.22 (go 1.21), so net/http's ServeMux keeps Go 1.21's patterns",
		},
		{
			name: "shutdown: readiness with a method pattern is no route in an image built without the go.work",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n", "Makefile": "image:\n\tdocker build -t api svc\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name: "health: an image built from the repository's root reads method patterns by the go.work's go line",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n", "Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name: "health: an image of the member's Dockerfile that no build names may be built without the go.work",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "health",
			want:    Unknown,
			message: "a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work) gets WARN: a health or readiness endpoint answers 404: /healthz, /readyz registered with a Go 1.22 pattern (a method or a {wildcard}), which is no route: the go line of go.mod, which a build outside the workspace uses, is below 1.22 (go 1.21)",
		},
		{
			name: "health: the member's Dockerfile copies go.work, so only the repository root builds it",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY go.work ./\nCOPY svc/ svc/\nRUN go build -o /out/api ./svc"),
			}),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name: "health: an image whose stage copies only the member's directory from the root reads method patterns by go.mod's go line",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("WORKDIR /src\nCOPY svc/ /src/\nRUN go build -o /out/api ."),
			}),
			check:   "health",
			want:    Warn,
			message: "the go line of go.mod, which the build at Dockerfile:4 uses (it runs outside the workspace), is below 1.22 (go 1.21)",
		},
		{
			name: "procs: an image whose stage copies only the member's directory from the root follows go.mod's go line",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("WORKDIR /src\nCOPY svc/ /src/\nRUN go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Warn,
			message: "the go line is below 1.25 in go.mod, which the build at Dockerfile:4 uses (it runs outside the workspace)",
		},
		{
			name: "procs: an image whose stage copies the go.work and the member builds in the workspace",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("WORKDIR /src\nCOPY go.work go.work.sum ./\nCOPY svc/ svc/\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name: "procs: a COPY pattern that matches the go.work brings it into the stage",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("WORKDIR /src\nCOPY go.* ./\nCOPY svc/ svc/\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name: "procs: a bind mount of the context's root holds the go.work",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("WORKDIR /src\nRUN --mount=type=bind,target=/src cd svc && go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name: "procs: a stage that copies a directory left to a build argument may hold the go.work",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("ARG SRC\nWORKDIR /src\nCOPY svc/ /src/\nCOPY ${SRC} /src/\nRUN go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Unknown,
			message: "a build that may run outside the workspace",
		},
		{
			name: "procs: a stage that copies from a stage holding the go.work may hold it",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": "FROM alpine AS src\nCOPY . /repo\n\n" + dockerfile("COPY --from=src /repo /src\nWORKDIR /src/svc\nRUN go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Unknown,
			message: "a build that may run outside the workspace",
		},
		{
			name: "procs: a stage that runs go work init may hold a go.work",
			files: with(procsSvc, map[string]string{"go.work": work, "svc/go.mod": "module example.test/p\n\ngo 1.24\n", "Makefile": "image:\n\tdocker build -t api .\n",
				"Dockerfile": dockerfile("WORKDIR /src\nCOPY svc/ svc/\nRUN go work init ./svc\nRUN cd svc && go build -o /out/api ."),
			}),
			check:   "procs",
			want:    Unknown,
			message: "a build that may run outside the workspace",
		},
		{
			name: "shutdown: GOWORK=off not tied to a build, with readiness on a method pattern",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n",
				".github/workflows/ci.yml": "on: push\nenv:\n  GOWORK: \"off\"\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build .\n",
			}),
			check:   "shutdown",
			want:    Unknown,
			message: "gets WARN: no readiness endpoint turns 503 on shutdown",
		},
		{
			name: "pprof: profiles on a method pattern stay FAIL when a build may run outside the workspace",
			files: with(inDir("svc", pprofPatternMain("1.21")), map[string]string{"go.work": "go 1.22\n\nuse ./svc\n",
				"svc/Dockerfile": dockerfile("WORKDIR /src\nCOPY . .\nRUN go build -o /out/api ."),
			}),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name: "health: a build with GOWORK=off follows go.mod's godebug httpmuxgo121=1",
			files: with(muxSvc, map[string]string{"go.work": "go 1.22\n\nuse ./svc\n", "svc/go.mod": "module example.test/p\n\ngo 1.24\n\ngodebug httpmuxgo121=1\n",
				"Makefile": "build:\n\tGOWORK=off go build -o bin/api ./svc\n",
			}),
			check:   "health",
			want:    Warn,
			message: "godebug httpmuxgo121=1 in go.mod, which the build at Makefile:2 uses (it runs outside the workspace), keeps",
		},
		{
			name: "pprof: a replace directive chooses the copy of a module the build compiles",
			files: map[string]string{
				"go.mod":                "module example.test/app\n\ngo 1.26\n\nrequire example.test/platform v0.0.0\n\nreplace example.test/platform => ./platform/v2\n",
				"main.go":               "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n\n\t\"example.test/platform\"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: \":8080\", Handler: platform.Router(), ReadHeaderTimeout: time.Second}\n\t_ = srv.ListenAndServe()\n}\n",
				"platform/v1/go.mod":    "module example.test/platform\n\ngo 1.26\n",
				"platform/v1/router.go": "package platform\n\nimport \"net/http\"\n\n// Router returns the routes.\nfunc Router() http.Handler { return http.NewServeMux() }\n",
				"platform/v2/go.mod":    "module example.test/platform\n\ngo 1.26\n",
				"platform/v2/router.go": "package platform\n\nimport (\n\t\"net/http\"\n\t\"net/http/pprof\"\n)\n\n// Router returns the routes.\nfunc Router() http.Handler {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\treturn mux\n}\n",
			},
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
	})
}

// TestWorkspaceCopyVerdicts audits a service whose server comes from a library that
// the go.work takes from the repository, while a build outside the workspace takes
// the version its go.mod requires from the module cache.
func TestWorkspaceCopyVerdicts(t *testing.T) {
	svc := map[string]string{
		"go.work":        "go 1.26\n\nuse (\n\t./lib\n\t./svc\n)\n",
		"lib/go.mod":     "module example.test/lib\n\ngo 1.26\n",
		"lib/httpx/s.go": "package httpx\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n// NewServer returns the server of every service.\nfunc NewServer(addr string, h http.Handler) *http.Server {\n\treturn &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second}\n}\n",
		"svc/go.mod":     "module example.test/svc\n\ngo 1.26\n\nrequire example.test/lib v0.3.0\n",
		"svc/main.go":    "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/lib/httpx\"\n)\n\nfunc main() {\n\tsrv := httpx.NewServer(\":8080\", http.NewServeMux())\n\t_ = srv.ListenAndServe()\n}\n",
		"svc/Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n",
	}
	runCheckCases(t, []checkCase{
		{
			name:    "timeouts: an image built from the member's directory takes the library from the module cache",
			files:   with(svc, map[string]string{"Makefile": "image:\n\tdocker build -t api svc\n"}),
			check:   "timeouts",
			want:    Unknown,
			message: "the verdict rests on code this audit does not read: example.test/lib/httpx: the build at svc/Dockerfile:4, which runs outside the workspace, takes it from the module cache (example.test/lib v0.3.0, required at svc/go.mod:5), not the workspace's copy in lib; without the workspace's copy: UNKNOWN: no http.Server found",
		},
		{
			name: "timeouts: the workspace's copy without a read timeout is no evidence for an image built outside the workspace",
			files: with(svc, map[string]string{"Makefile": "image:\n\tdocker build -t api svc\n",
				"lib/httpx/s.go": strings.Replace(svc["lib/httpx/s.go"], ", ReadHeaderTimeout: 5 * time.Second", ", WriteTimeout: 5 * time.Second", 1),
			}),
			check:   "timeouts",
			want:    Unknown,
			message: "; with it: FAIL: 1 server(s) without a read timeout",
		},
		{
			name: "timeouts: the workspace's copy without a read timeout, built in the workspace",
			files: with(svc, map[string]string{"Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", "svc/Dockerfile": strings.Replace(svc["svc/Dockerfile"], "RUN go build -o /out/api .", "RUN cd svc && go build -o /out/api .", 1),
				"lib/httpx/s.go": strings.Replace(svc["lib/httpx/s.go"], ", ReadHeaderTimeout: 5 * time.Second", ", WriteTimeout: 5 * time.Second", 1),
			}),
			check:   "timeouts",
			want:    Fail,
			message: "without a read timeout",
		},
		{
			name:    "shutdown: a verdict the library's copy does not change stands for an image built outside the workspace",
			files:   with(svc, map[string]string{"Makefile": "image:\n\tdocker build -t api svc\n"}),
			check:   "shutdown",
			want:    Fail,
			message: "no signal",
		},
		{
			name: "pprof: profiles the workspace's copy of the library registers are no evidence for an image built outside the workspace",
			files: with(svc, map[string]string{"Makefile": "image:\n\tdocker build -t api svc\n",
				"lib/httpx/debug.go": "package httpx\n\nimport _ \"net/http/pprof\"\n",
				"svc/main.go":        strings.Replace(svc["svc/main.go"], "http.NewServeMux()", "nil", 1),
			}),
			check:   "pprof",
			want:    Unknown,
			message: "without the workspace's copy: PASS: pprof is not served; with it: FAIL: the blank import of net/http/pprof registers on http.DefaultServeMux",
		},
		{
			name:    "timeouts: a build with GOWORK=off takes the library from the module cache",
			files:   with(svc, map[string]string{"Makefile": "build:\n\tGOWORK=off go build -o bin/api ./svc\n"}),
			check:   "timeouts",
			want:    Unknown,
			message: "the build at Makefile:2, which runs outside the workspace, takes it from the module cache (example.test/lib v0.3.0",
		},
		{
			name: "timeouts: a replace in the member's go.mod keeps the repository's copy outside the workspace",
			files: with(svc, map[string]string{"Makefile": "build:\n\tGOWORK=off go build -o bin/api ./svc\n",
				"svc/go.mod": "module example.test/svc\n\ngo 1.26\n\nrequire example.test/lib v0.3.0\n\nreplace example.test/lib => ../lib\n",
			}),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: an image built from the repository's root builds in the workspace",
			files:   with(svc, map[string]string{"Makefile": "image:\n\tdocker build -f svc/Dockerfile -t api .\n", "svc/Dockerfile": strings.Replace(svc["svc/Dockerfile"], "RUN go build -o /out/api .", "RUN cd svc && go build -o /out/api .", 1)}),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: the member's Dockerfile, which no build names, may be built without the go.work",
			files:   svc,
			check:   "timeouts",
			want:    Unknown,
			message: "a build that may run outside the workspace (GOWORK set where this audit cannot tie it to a build, or a Docker build whose context or stage may not hold the go.work) takes it from the module cache (example.test/lib v0.3.0",
		},
	})
}

// inDir returns files with dir put before each name.
func inDir(dir string, files map[string]string) map[string]string {
	out := map[string]string{}
	for name, src := range files {
		out[dir+"/"+strings.TrimPrefix(name, "./")] = src
	}
	return out
}

// with returns files with more added, more's replacing those of the same name.
func with(files, more map[string]string) map[string]string {
	out := maps.Clone(files)
	maps.Copy(out, more)
	return out
}

// TestProcsNoMemoryLimit checks the memory limits that set none: GOMEMLIMIT=off or
// empty (the last ENV of the stage counts; automemlimit then sets none either), and
// debug.SetMemoryLimit with math.MaxInt64 or a negative value; and the one below 4 MiB
// it sets with a constant, FAIL as GOMEMLIMIT=512 is.
func TestProcsNoMemoryLimit(t *testing.T) {
	main := func(imports, body string) string {
		return "package main\n\nimport (\n\t\"net/http\"\n" + imports + ")\n\nfunc main() {\n\t" + body + "\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
	}
	image := func(env string) string {
		return "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /svc .\n\nFROM scratch\nCOPY --from=build /svc /svc\n" + env + "ENTRYPOINT [\"/svc\"]\n"
	}
	svc := func(mainGo, dockerfile string) map[string]string {
		return map[string]string{"go.mod": "module example.test/m\n\ngo 1.26\n", "main.go": mainGo, "Dockerfile": dockerfile}
	}
	plain := main("", "")
	auto := main("\n\t_ \"github.com/KimMachineGun/automemlimit\"\n", "")
	limit := func(arg string) string {
		return main("\t\"math\"\n\t\"runtime/debug\"\n", "_ = math.Pi\n\tdebug.SetMemoryLimit("+arg+")")
	}
	runCheckCases(t, []checkCase{
		{name: "GOMEMLIMIT=off", files: svc(plain, image("ENV GOMEMLIMIT=off\n")), check: "procs", want: Warn, message: "GOMEMLIMIT is set to off (or empty)"},
		{name: "GOMEMLIMIT empty", files: svc(plain, image("ENV GOMEMLIMIT=\n")), check: "procs", want: Warn, message: "GOMEMLIMIT is set to off (or empty)"},
		{name: "a later ENV turns it off", files: svc(plain, image("ENV GOMEMLIMIT=400MiB\nENV GOMEMLIMIT=off\n")), check: "procs", want: Warn, message: "GOMEMLIMIT is set to off"},
		{name: "automemlimit with GOMEMLIMIT=off", files: svc(auto, image("ENV GOMEMLIMIT=off\n")), check: "procs", want: Warn, message: "makes automemlimit set none either"},
		{name: "GOMEMLIMIT with a value", files: svc(plain, image("ENV GOMEMLIMIT=400MiB\n")), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "debug.SetMemoryLimit(math.MaxInt64)", files: svc(limit("math.MaxInt64"), image("")), check: "procs", want: Warn, message: "no memory limit"},
		{name: "debug.SetMemoryLimit(-1) only reads", files: svc(limit("-1"), image("")), check: "procs", want: Warn, message: "no memory limit"},
		{name: "debug.SetMemoryLimit(1 << 30)", files: svc(limit("1 << 30"), image("")), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "debug.SetMemoryLimit(512) is bytes", files: svc(limit("512"), image("")), check: "procs", want: Fail, message: "debug.SetMemoryLimit(512) (main.go:11) is 512 bytes, below the 4 MiB heap the GC starts from"},
		{name: "debug.SetMemoryLimit(0)", files: svc(limit("0"), image("")), check: "procs", want: Fail, message: "debug.SetMemoryLimit(0) (main.go:11) is 0 bytes"},
		{name: "debug.SetMemoryLimit of a named constant below 4 MiB", files: svc(main("\t\"runtime/debug\"\n", "const mem = 4<<20 - 1\n\tdebug.SetMemoryLimit(mem)"), image("")), check: "procs", want: Fail, message: "debug.SetMemoryLimit(mem) (main.go:10) is 4194303 bytes"},
		{name: "debug.SetMemoryLimit(4 << 20)", files: svc(limit("4 << 20"), image("")), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "debug.SetMemoryLimit(512) beside GOMEMLIMIT", files: svc(limit("512"), image("ENV GOMEMLIMIT=400MiB\n")), check: "procs", want: Fail, message: "debug.SetMemoryLimit(512)"},
	})
}

// TestProcsMemoryLimitFollowed checks debug.SetMemoryLimit(x) of an x that is no
// constant, followed to the values it may hold as the timeouts are: none or below
// 4 MiB wherever it gets its value is judged as the constant would be; a value parsed
// from the environment (its error checked) or from a flag with a limit for default
// is a limit; none or below 4 MiB on some paths, a flag's default of 0, a number
// parsed with its error thrown away (0 when parsing fails) or a call that runs only
// when the value is asked for is UNKNOWN, with the reason (the last two, and none on
// some paths, only when nothing else sets a limit), or a WARN of GOMAXPROCS naming it
// (go 1.24 without automaxprocs ignores the CPU limit whatever the memory limit is).
func TestProcsMemoryLimitFollowed(t *testing.T) {
	image := func(env string) string {
		return "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /svc .\n\nFROM scratch\nCOPY --from=build /svc /svc\n" + env + "ENTRYPOINT [\"/svc\"]\n"
	}
	// svc is a service whose main runs body; decls are the package's declarations.
	svc := func(body, decls, env string) map[string]string {
		src := "package main\n\nimport (\n\t\"flag\"\n\t\"math\"\n\t\"net/http\"\n\t\"os\"\n\t\"runtime/debug\"\n\t\"strconv\"\n)\n\n" +
			"var _, _, _, _ = flag.Parse, math.Pi, os.Getenv, strconv.Atoi\n\n" + decls +
			"func main() {\n\t" + body + "\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
		return map[string]string{"go.mod": "module example.test/m\n\ngo 1.26\n", "main.go": src, "Dockerfile": image(env)}
	}
	parsed := "limit, err := strconv.ParseInt(os.Getenv(\"MEM_LIMIT\"), 10, 64)\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\tdebug.SetMemoryLimit(limit)"
	onSomePaths := func(first, call string) string {
		return "limit := int64(" + first + ")\n\tif v, err := strconv.ParseInt(os.Getenv(\"MEM_LIMIT\"), 10, 64); err == nil {\n\t\tlimit = v\n\t}\n\t" + call
	}
	const set, guarded = "debug.SetMemoryLimit(limit)", "if limit > 0 {\n\t\tdebug.SetMemoryLimit(limit)\n\t}"
	const env = "ENV GOMEMLIMIT=400MiB\n"
	go124 := func(files map[string]string) map[string]string {
		files["go.mod"] = "module example.test/m\n\ngo 1.24\n"
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "a local of -1", files: svc("limit := int64(-1)\n\t"+set, "", ""), check: "procs", want: Warn, message: "no memory limit"},
		{name: "a local of math.MaxInt64", files: svc("limit := int64(math.MaxInt64)\n\t"+set, "", ""), check: "procs", want: Warn, message: "no memory limit"},
		{name: "a function returning -1", files: svc("debug.SetMemoryLimit(memoryLimit())", "func memoryLimit() int64 { return -1 }\n\n", ""), check: "procs", want: Warn, message: "no memory limit"},
		{name: "a local of 512", files: svc("limit := int64(512)\n\t"+set, "", ""), check: "procs", want: Fail,
			message: "debug.SetMemoryLimit(limit) (main.go:16) is below the 4 MiB heap the GC starts from wherever limit gets its value"},
		{name: "a package variable without a value", files: svc(set, "var limit int64\n\n", ""), check: "procs", want: Fail, message: "wherever limit gets its value (main.go:14)"},
		{name: "a local declared without a value", files: svc("var limit int64\n\t"+set, "", ""), check: "procs", want: Fail, message: "debug.SetMemoryLimit(limit) (main.go:16) is below the 4 MiB heap the GC starts from wherever limit gets its value: the GC runs all the time"},
		{name: "a local declared without a value, set on some paths", files: svc("var limit int64\n\tif v, err := strconv.ParseInt(os.Getenv(\"MEM_LIMIT\"), 10, 64); err == nil {\n\t\tlimit = v\n\t}\n\t"+set, "", ""), check: "procs", want: Unknown, message: "may set a limit below the 4 MiB heap the GC starts from: limit is below it on some paths"},
		{name: "a field the literal leaves out", files: svc("cfg := config{}\n\tdebug.SetMemoryLimit(cfg.MemoryLimit)", "type config struct{ MemoryLimit int64 }\n\n", ""),
			check: "procs", want: Fail, message: "debug.SetMemoryLimit(cfg.MemoryLimit) (main.go:18) is below the 4 MiB heap"},
		{name: "a local of 512 beside GOMEMLIMIT", files: svc("limit := int64(512)\n\t"+set, "", env), check: "procs", want: Fail, message: "debug.SetMemoryLimit(limit)"},
		{name: "a local of 1 << 30", files: svc("limit := int64(1 << 30)\n\t"+set, "", ""), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "parsed from the environment", files: svc(parsed, "", ""), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "a flag with a limit for default", files: svc("mem := flag.Int64(\"memory-limit\", 1<<30, \"bytes\")\n\tflag.Parse()\n\tdebug.SetMemoryLimit(*mem)", "", ""), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "a flag of default 0", files: svc("mem := flag.Int64(\"memory-limit\", 0, \"bytes\")\n\tflag.Parse()\n\tdebug.SetMemoryLimit(*mem)", "", env), check: "procs", want: Unknown,
			message: "debug.SetMemoryLimit(*mem) (main.go:17) is the default of the flag -memory-limit (main.go:15) unless the flag is given"},
		{name: "a flag of default -1", files: svc("mem := flag.Int64(\"memory-limit\", -1, \"bytes\")\n\tflag.Parse()\n\tdebug.SetMemoryLimit(*mem)", "", ""), check: "procs", want: Unknown,
			message: "is the default of the flag -memory-limit (main.go:15) unless the flag is given, which sets no memory limit"},
		{name: "a flag of default -1 beside GOMEMLIMIT", files: svc("mem := flag.Int64(\"memory-limit\", -1, \"bytes\")\n\tflag.Parse()\n\tdebug.SetMemoryLimit(*mem)", "", env), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "parsed with its error thrown away", files: svc("limit, _ := strconv.ParseInt(os.Getenv(\"MEM_LIMIT\"), 10, 64)\n\t"+set, "", ""), check: "procs", want: Unknown,
			message: "as what limit holds cannot be followed (main.go:15): a number parsed with its error thrown away"},
		{name: "none on some paths", files: svc(onSomePaths("-1", set), "", ""), check: "procs", want: Unknown, message: "sets no memory limit on some paths: limit is negative or math.MaxInt64 on some"},
		{name: "none on some paths beside GOMEMLIMIT", files: svc(onSomePaths("-1", set), "", env), check: "procs", want: Pass, message: "a memory limit is set"},
		{name: "0 on some paths", files: svc(onSomePaths("0", set), "", ""), check: "procs", want: Unknown, message: "may set a limit below the 4 MiB heap the GC starts from: limit is below it on some paths"},
		{name: "0 on some paths beside GOMEMLIMIT", files: svc(onSomePaths("0", set), "", env), check: "procs", want: Unknown, message: "may set a limit below"},
		{name: "asked for", files: svc(onSomePaths("0", guarded), "", ""), check: "procs", want: Unknown, message: "runs only when the condition at main.go:19 holds, which reads its value"},
		{name: "asked for beside GOMEMLIMIT", files: svc(onSomePaths("0", guarded), "", env), check: "procs", want: Pass, message: "a memory limit is set"},
		// a GOMAXPROCS WARN is certain whatever the limit: it is kept, naming the doubt
		{name: "parsed with its error thrown away on go 1.24", files: go124(svc("limit, _ := strconv.ParseInt(os.Getenv(\"MEM_LIMIT\"), 10, 64)\n\t"+set, "", "")), check: "procs", want: Warn,
			message: "GOMAXPROCS ignores the container CPU limit: the go line is below 1.25 and automaxprocs is not used, so a throttled container runs one thread per host CPU; the memory limit cannot be told: debug.SetMemoryLimit(limit) (main.go:16) sets a limit this audit cannot tell"},
		{name: "0 on some paths beside GOMEMLIMIT on go 1.24", files: go124(svc(onSomePaths("0", set), "", env)), check: "procs", want: Warn, message: "the memory limit cannot be told: debug.SetMemoryLimit(limit) (main.go:19) may set a limit below"},
		{name: "GOMEMLIMIT of a build argument without a value on go 1.24", files: go124(svc("", "", "ARG MEM\nENV GOMEMLIMIT=${MEM}\n")), check: "procs", want: Warn,
			message: "GOMAXPROCS ignores the container CPU limit: the go line is below 1.25 and automaxprocs is not used, so a throttled container runs one thread per host CPU; the memory limit cannot be told: GOMEMLIMIT is set from a variable with no value"},
		{name: "GOMEMLIMIT of a build argument without a value", files: svc("", "", "ARG MEM\nENV GOMEMLIMIT=${MEM}\n"), check: "procs", want: Unknown, message: "GOMEMLIMIT is set from a variable with no value"},
	})
}
