package audit

import (
	"maps"
	"strings"
	"testing"
)

// buildTagsService is a service that drains on SIGTERM behind a readiness flip, with
// a version variable for -X, and the files of extra beside it.
func buildTagsService(extra map[string]string) map[string]string {
	files := map[string]string{
		"go.mod": "module example.test/svc\n\ngo 1.25.0\n",
		"go.sum": "",
		"cmd/api/main.go": `package main

import (
	"context"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go srv.ListenAndServe()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	println(version)
}
`,
	}
	maps.Copy(files, extra)
	return files
}

// buildTagsDockerfile builds ./cmd/api with run's go build flags.
func buildTagsDockerfile(env, flags string) string {
	return "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\n" + env + "RUN CGO_ENABLED=0 go build " + flags + " -ldflags \"-X main.version=1\" -o /out/api ./cmd/api\n" +
		"FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"
}

const debugPprofFile = `//go:build debug

package main

import (
	"net/http"
	_ "net/http/pprof"
)

func init() {
	go func() { _ = http.ListenAndServe(":6060", nil) }()
}
`

// TestBuildTagsVerdicts audits services with files that only some build tags bring
// in: each check judges the files the repository's builds compile, with their -tags.
func TestBuildTagsVerdicts(t *testing.T) {
	prodMain := `//go:build prod

package main

import "net/http"

var version = "dev"

func main() {
	println(version)
	_ = http.ListenAndServe(":8080", http.NewServeMux())
}
`
	runCheckCases(t, []checkCase{
		{
			name: "pprof: a debug-tagged file no build compiles serves nothing",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				"Dockerfile":             buildTagsDockerfile("", ""),
			}),
			check: "pprof", want: Pass, message: "pprof is not served",
		},
		{
			name: "timeouts: the listener of a debug-tagged file no build compiles is no server",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				"Dockerfile":             buildTagsDockerfile("", ""),
			}),
			check: "timeouts", want: Pass, message: "every server sets a read timeout",
		},
		{
			name: "pprof: a package only a debug-tagged file imports starts no listener",
			files: buildTagsService(map[string]string{
				"cmd/api/debug.go":         "//go:build debug\n\npackage main\n\nimport _ \"example.test/svc/internal/debugsrv\"\n",
				"internal/debugsrv/srv.go": "package debugsrv\n\nimport (\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\nfunc init() {\n\tgo func() { _ = http.ListenAndServe(\":6060\", nil) }()\n}\n",
				"Dockerfile":               buildTagsDockerfile("", ""),
			}),
			check: "pprof", want: Pass, message: "pprof is not served",
		},
		{
			name: "pprof: a build with -tags debug compiles the debug file",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				"Dockerfile":             buildTagsDockerfile("", "-tags debug"),
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "pprof: GOFLAGS=-tags=debug in the stage compiles the debug file",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				"Dockerfile":             buildTagsDockerfile("ENV GOFLAGS=-tags=debug\n", ""),
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "pprof: GOFLAGS='-tags=debug netgo', quoted as the go command reads it, compiles the debug file",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				"Dockerfile":             buildTagsDockerfile("ENV GOFLAGS=\"'-tags=debug netgo'\"\n", ""),
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "pprof: tags left to a build argument may set debug",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				"Dockerfile":             buildTagsDockerfile("ARG TAGS\n", "-tags \"$TAGS\""),
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "pprof: a build of packages left to a variable may not build this main",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_on.go": strings.Replace(debugPprofFile, "//go:build debug", "//go:build !lean", 1),
				"cmd/tool/main.go":    "package main\n\nfunc main() {}\n",
				"Makefile":            "build:\n\tgo build -tags lean -o bin/x \"$$PKG\"\n",
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "pprof: a GoReleaser build's tags compile the debug file",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				".goreleaser.yaml":       "version: 2\nbuilds:\n  - main: ./cmd/api\n    env: [CGO_ENABLED=0]\n    tags: [debug]\n",
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "pprof: a GoReleaser build without tags leaves the debug file out",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
				".goreleaser.yaml":       "version: 2\nbuilds:\n  - main: ./cmd/api\n    env: [CGO_ENABLED=0]\n    tags: [netgo]\n",
			}),
			check: "pprof", want: Pass, message: "pprof is not served",
		},
		{
			name: "pprof: without a build to read, a tagged file counts",
			files: buildTagsService(map[string]string{
				"cmd/api/pprof_debug.go": debugPprofFile,
			}),
			check: "pprof", want: Fail, message: "without authentication",
		},
		{
			name: "procs: automaxprocs in a prod-tagged file no build compiles",
			files: buildTagsService(map[string]string{
				"go.mod":                 "module example.test/svc\n\ngo 1.24.0\n\nrequire go.uber.org/automaxprocs v1.6.0\n",
				"cmd/api/limits_prod.go": "//go:build prod\n\npackage main\n\nimport _ \"go.uber.org/automaxprocs\"\n",
				"cmd/api/memlimit.go":    "package main\n\nimport \"runtime/debug\"\n\nfunc init() { debug.SetMemoryLimit(512 << 20) }\n",
				"Dockerfile":             buildTagsDockerfile("", ""),
			}),
			check: "procs", want: Warn, message: "automaxprocs is not used",
		},
		{
			name: "procs: automaxprocs in a prod-tagged file the -tags prod build compiles",
			files: buildTagsService(map[string]string{
				"go.mod":                 "module example.test/svc\n\ngo 1.24.0\n\nrequire go.uber.org/automaxprocs v1.6.0\n",
				"cmd/api/limits_prod.go": "//go:build prod\n\npackage main\n\nimport _ \"go.uber.org/automaxprocs\"\n",
				"cmd/api/memlimit.go":    "package main\n\nimport \"runtime/debug\"\n\nfunc init() { debug.SetMemoryLimit(512 << 20) }\n",
				"Dockerfile":             buildTagsDockerfile("", "-tags prod"),
			}),
			check: "procs", want: Pass,
		},
		{
			name: "shutdown: the main of -tags prod is judged, not the !prod one",
			files: func() map[string]string {
				f := buildTagsService(map[string]string{"cmd/api/main_prod.go": prodMain, "Dockerfile": buildTagsDockerfile("", "-tags prod")})
				f["cmd/api/main_dev.go"] = "//go:build !prod\n\n" + f["cmd/api/main.go"]
				delete(f, "cmd/api/main.go")
				return f
			}(),
			check: "shutdown", want: Fail,
		},
		{
			name: "shutdown: the !prod main is judged when the build sets no tags",
			files: func() map[string]string {
				f := buildTagsService(map[string]string{"cmd/api/main_prod.go": prodMain, "Dockerfile": buildTagsDockerfile("", "")})
				f["cmd/api/main_dev.go"] = "//go:build !prod\n\n" + f["cmd/api/main.go"]
				delete(f, "cmd/api/main.go")
				return f
			}(),
			check: "shutdown", want: Pass,
		},
	})
}
