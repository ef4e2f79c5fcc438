package audit

import (
	"context"
	"strings"
	"testing"
)

// imageMainGo is a service that serves HTTP and needs no cgo.
const imageMainGo = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n" + serveFunc

// glibcIntoAlpine is a Dockerfile that builds with cgo left on in golang (glibc)
// and runs the binary in alpine (musl), in a build stage whose WORKDIR and RUN are
// given.
func glibcIntoAlpine(workdir, run string) string {
	return "FROM golang:1.26 AS build\nWORKDIR " + workdir + "\nCOPY . /src\nRUN " + run + "\n\nFROM alpine:3.22\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n"
}

// TestDockerfileBuildDirectory checks that a go build of a Dockerfile is placed in
// the repository from the directory it runs in (WORKDIR, cd, -C) through the
// copies of the build context, wherever the Dockerfile sits.
func TestDockerfileBuildDirectory(t *testing.T) {
	files := func(dockerfile, content string, extra ...string) map[string]string {
		out := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": imageMainGo, dockerfile: content}
		for i := 0; i+1 < len(extra); i += 2 {
			out[extra[i]] = extra[i+1]
		}
		return out
	}
	const glibc = "may link glibc"
	workflow := func(step string) string {
		return "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - " + step + "\n"
	}
	runBuildCases(t, []buildCase{
		{name: "package named from the copy's root", files: files("Dockerfile", glibcIntoAlpine("/src", "go build -o /out/api ./cmd/api")), check: "static-image", want: Fail, message: glibc},
		{name: "WORKDIR in the package", files: files("Dockerfile", glibcIntoAlpine("/src/cmd/api", "go build -o /out/api .")), check: "static-image", want: Fail, message: glibc, at: "Dockerfile:6"},
		{name: "cd into the package", files: files("Dockerfile", glibcIntoAlpine("/src", "cd cmd/api && go build -o /out/api .")), check: "static-image", want: Fail, message: glibc},
		{name: "cd to the package's absolute path", files: files("Dockerfile", glibcIntoAlpine("/", "cd /src/cmd/api && go build -o /out/api")), check: "static-image", want: Fail, message: glibc},
		{name: "go build -C", files: files("Dockerfile", glibcIntoAlpine("/src", "go build -C cmd/api -o /out/api .")), check: "static-image", want: Fail, message: glibc},
		{name: "a Dockerfile in a subdirectory, package from the root", files: files("build/api/Dockerfile", glibcIntoAlpine("/src", "go build -o /out/api ./cmd/api")), check: "static-image", want: Fail, message: glibc},
		{name: "a Dockerfile in a subdirectory, cd", files: files("build/api/Dockerfile", glibcIntoAlpine("/src", "cd cmd/api && go build -o /out/api .")), check: "static-image", want: Fail, message: glibc},
		{name: "a Dockerfile in a subdirectory, -C", files: files("build/api/Dockerfile", glibcIntoAlpine("/src", "go build -C cmd/api -o /out/api .")), check: "static-image", want: Fail, message: glibc},
		{name: "a Dockerfile in a subdirectory, WORKDIR", files: files("build/api/Dockerfile", glibcIntoAlpine("/src/cmd/api", "go build -o /out/api")), check: "static-image", want: Fail, message: glibc},
		{
			name:  "a Dockerfile in a subdirectory, the root as context in CI",
			files: files("build/api/Dockerfile", glibcIntoAlpine("/src", "cd cmd/api && go build -o /out/api ."), ".github/workflows/image.yml", workflow("run: docker build -f build/api/Dockerfile -t api .")),
			check: "static-image", want: Fail, message: glibc,
		},
		{
			name:  "a Dockerfile in a subdirectory, its own directory as context in CI",
			files: files("build/api/Dockerfile", glibcIntoAlpine("/src", "cd cmd/api && go build -o /out/api ."), ".github/workflows/image.yml", workflow("run: docker build -t api build/api")),
			check: "static-image", want: Warn, message: "no Dockerfile builds this package",
		},
		{
			name:  "the copies keep the repository's layout",
			files: files("Dockerfile", "FROM golang:1.26 AS build\nWORKDIR /app\nCOPY go.mod ./\nCOPY cmd/ cmd/\nRUN go build -o /out/api ./cmd/api\n\nFROM alpine:3.22\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n"),
			check: "static-image", want: Fail, message: glibc,
		},
		{
			name:  "a bind mount of the context",
			files: files("Dockerfile", "FROM golang:1.26 AS build\nWORKDIR /src\nRUN --mount=type=bind,target=. cd cmd/api && go build -o /out/api .\n\nFROM alpine:3.22\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n"),
			check: "static-image", want: Fail, message: glibc,
		},
		{
			name:  "the package's directory alone copied",
			files: files("Dockerfile", "FROM golang:1.26 AS build\nWORKDIR /build\nCOPY go.mod go.sum ./\nCOPY cmd/api ./\nRUN go build -o /out/api .\n\nFROM alpine:3.22\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n"),
			check: "static-image", want: Fail, message: glibc,
		},
	})
}

// TestDockerfileBuildUnplaced checks that with several services a Dockerfile build
// that this audit cannot place in the repository (nothing of the build context is
// copied where it runs) is UNKNOWN for each, not "no Dockerfile builds this
// package", while one it places counts for its package alone.
func TestDockerfileBuildUnplaced(t *testing.T) {
	files := func(run string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "cmd/api/main.go": imageMainGo, "cmd/worker/main.go": imageMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src/cmd/api\n" + run + "\n\nFROM alpine:3.22\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
		}
	}
	tests := []struct {
		name, run, main string
		want            Status
		message         string
	}{
		{"placed, its package", "COPY . /src\nRUN go build -o /out/api .", "cmd/api", Fail, "may link glibc"},
		{"placed, another package", "COPY . /src\nRUN go build -o /out/api .", "cmd/worker", Warn, "no Dockerfile builds this package"},
		{"sources from another stage", "COPY --from=golang:1.26 /usr/local/go/src/cmd/gofmt /src/cmd/api\nRUN go build -o /out/api .", "cmd/api", Unknown, "Dockerfile:4 builds . from a directory this audit cannot map to the repository"},
		{"sources fetched by the RUN", "RUN git clone https://example.test/api.git . && go build -o /out/api .", "cmd/worker", Unknown, "cannot map to the repository"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInline(t, files(tt.run)), Options{Only: []string{"static-image"}, Main: tt.main})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1: %+v", len(rep.Results), rep.Results)
			}
			if got := rep.Results[0]; got.Status != tt.want || !strings.Contains(got.Message, tt.message) {
				t.Fatalf("%s %q, want %s with %q", got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
}

// TestDockerfileNamedByBuild checks that a file a docker build names with -f
// (--file, build-push-action's file) is read as a Dockerfile whatever its name, and
// that the names Docker takes by default are matched in any case.
func TestDockerfileNamedByBuild(t *testing.T) {
	const toolchain = "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /api ./cmd/api\nENTRYPOINT [\"/api\"]\n"
	files := func(name, buildFile, build string) map[string]string {
		out := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": imageMainGo, name: toolchain}
		if buildFile != "" {
			out[buildFile] = build
		}
		return out
	}
	workflow := func(step string) string {
		return "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - " + step + "\n"
	}
	const wf = ".github/workflows/image.yml"
	const image = "the final image is the Go toolchain image"
	runBuildCases(t, []buildCase{
		{name: "Dockerfile-api with -f", files: files("Dockerfile-api", wf, workflow("run: docker build -f Dockerfile-api -t api .")), check: "static-image", want: Fail, message: "Dockerfile-api (final stage FROM golang:1.26): " + image, at: "Dockerfile-api:1"},
		{name: "api.dockerfile with --file", files: files("api.dockerfile", wf, workflow("run: docker buildx build --file=api.dockerfile --push -t api .")), check: "static-image", want: Fail, message: image},
		{name: "a subdirectory's file", files: files("docker/api.dockerfile", wf, workflow("run: docker build -f docker/api.dockerfile -t api .")), check: "static-image", want: Fail, message: image},
		{name: "a file in a hidden directory", files: files(".docker/api", wf, workflow("run: docker build -f .docker/api -t api .")), check: "static-image", want: Fail, message: ".docker/api (final stage"},
		{name: "build-push-action's file", files: files("deploy/image", wf, workflow("uses: docker/build-push-action@v6\n        with:\n          file: deploy/image\n          push: true\n          tags: ghcr.io/acme/api:1")), check: "static-image", want: Fail, message: "deploy/image (final stage"},
		{name: "a Makefile's docker build", files: files("Dockerfile-api", "Makefile", "image:\n\tdocker build -f Dockerfile-api -t api .\n"), check: "static-image", want: Fail, message: image},
		{name: "lowercase dockerfile without a build", files: files("dockerfile", "", ""), check: "static-image", want: Fail, message: "dockerfile (final stage"},
		{name: "lowercase name.dockerfile without a build", files: files("api.dockerfile", "", ""), check: "static-image", want: Fail, message: image},
		{name: "Dockerfile-api named by no build", files: files("Dockerfile-api", "", ""), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "-f out of the repository", files: files("Dockerfile-api", wf, workflow("run: docker build -f ../Dockerfile-api -t api .")), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "-f to a file that is not there", files: files("Dockerfile-api", wf, workflow("run: docker build -f Dockerfile-web -t api .")), check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
	})
}

// TestStaticImagePureGoTags checks builds that leave cgo on but take net and
// os/user in pure Go (-tags netgo,osusergo): static while nothing imports "C".
func TestStaticImagePureGoTags(t *testing.T) {
	files := func(final, tags string, extra ...string) map[string]string {
		out := map[string]string{
			"go.mod": buildGoMod, "cmd/api/main.go": imageMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN go build " + tags + " -o /out/api ./cmd/api\n\nFROM " + final + "\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
		}
		for i := 0; i+1 < len(extra); i += 2 {
			out[extra[i]] = extra[i+1]
		}
		return out
	}
	const cgoFile = "package main\n\n// int one(void) { return 1; }\nimport \"C\"\n\nfunc one() int { return int(C.one()) }\n"
	runBuildCases(t, []buildCase{
		{name: "netgo and osusergo into scratch", files: files("scratch", "-tags netgo,osusergo"), check: "static-image", want: Warn, message: "static only because -tags netgo,osusergo", at: "Dockerfile:6"},
		{name: "the tags in two flags", files: files("scratch", "-tags=netgo -tags osusergo"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "the tags space-separated", files: files("scratch", "-tags 'osusergo netgo'"), check: "static-image", want: Warn, message: "set CGO_ENABLED=0"},
		{name: "netgo alone", files: files("scratch", "-tags netgo"), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "the tags with a cgo file", files: files("scratch", "-tags netgo,osusergo", "cmd/api/one.go", cgoFile), check: "static-image", want: Fail, message: "the binary links libc for cgo (import \"C\""},
		{name: "the tags into alpine", files: files("alpine:3.22", "-tags netgo,osusergo"), check: "static-image", want: Warn, message: "carries an OS the static binary does not need"},
		{name: "no tags into alpine", files: files("alpine:3.22", ""), check: "static-image", want: Fail, message: "may link glibc"},
	})
}

// TestStaticImageTagsPerBuild checks that the cgo needs of an image are judged for
// each go build with its own -tags: a tag of one build does not drop a need from
// another build of the same image.
func TestStaticImageTagsPerBuild(t *testing.T) {
	sqlite := "//go:build !pg\n\npackage main\n\nimport _ \"github.com/mattn/go-sqlite3\"\n"
	gomod := "module example.test/app\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n"
	dockerfile := func(run string) string {
		return "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN " + run + "\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/ /\nENTRYPOINT [\"/api\"]\n"
	}
	files := func(run string) map[string]string {
		return map[string]string{"go.mod": gomod, "main.go": imageMainGo, "db.go": sqlite, "Dockerfile": dockerfile(run)}
	}
	const needsCgo = "needs cgo"
	runCheckCases(t, []checkCase{
		{name: "one build without the tag", files: files("CGO_ENABLED=0 go build -o /out/api ."), check: "static-image", want: Fail, message: needsCgo},
		{name: "one build with the tag", files: files("CGO_ENABLED=0 go build -tags pg -o /out/api ."), check: "static-image", want: Pass},
		{name: "a tagged and an untagged build", files: files("CGO_ENABLED=0 go build -tags pg -o /out/api-pg . && CGO_ENABLED=0 go build -o /out/api ."), check: "static-image", want: Fail, message: needsCgo},
		{name: "an untagged and a tagged build", files: files("CGO_ENABLED=0 go build -o /out/api . && CGO_ENABLED=0 go build -tags pg -o /out/api-pg ."), check: "static-image", want: Fail, message: needsCgo},
	})
}

// TestDockerBuildWords checks that a docker build's command line is read with the
// flags that take a value (a value is no build context) and that a boolean flag set
// to false (--push=false) does not keep the image.
func TestDockerBuildWords(t *testing.T) {
	const dockerfile = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n\n" +
		"FROM golang:1.26 AS debug\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n\n" +
		"FROM scratch AS release\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n"
	files := func(recipe string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": imageMainGo, "deploy/Dockerfile": dockerfile, "Dockerfile": dockerfile, "Makefile": "image:\n\t" + recipe + "\n"}
	}
	const toolchain = "the final image is the Go toolchain image"
	runCheckCases(t, []checkCase{
		{name: "--sbom takes a value", files: files("docker buildx build . --sbom true --target debug -t api"), check: "static-image", want: Fail, message: toolchain},
		{name: "--provenance takes a value", files: files("docker buildx build . --provenance mode=max --target debug -t api"), check: "static-image", want: Fail, message: toolchain},
		{name: "--push=false keeps nothing", files: files("docker buildx build -f deploy/Dockerfile --target debug --push=false . && docker buildx build -f deploy/Dockerfile --target release --push ."), check: "static-image", want: Pass},
		{name: "--push=true keeps the image", files: files("docker buildx build -f deploy/Dockerfile --target debug --push=true . && docker buildx build -f deploy/Dockerfile --target release --push ."), check: "static-image", want: Fail, message: toolchain},
		{name: "--check builds nothing", files: files("docker buildx build -f deploy/Dockerfile --target debug --check -t api . && docker buildx build -f deploy/Dockerfile --target release --push ."), check: "static-image", want: Pass},
	})
}

// TestStaticImageMakeEnvironment checks that a RUN make of a Dockerfile reads the
// Makefile with the stage's ENV and ARG values as environment variables: a ?= of
// the Makefile keeps them, a plain assignment replaces them.
func TestStaticImageMakeEnvironment(t *testing.T) {
	files := func(env, assign string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "cmd/api/main.go": imageMainGo,
			"Makefile":   "CGO_ENABLED " + assign + " 0\n\nbuild:\n\tCGO_ENABLED=$(CGO_ENABLED) go build -o /out/api ./cmd/api\n",
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\n" + env + "COPY . .\nRUN make build\n\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
		}
	}
	runBuildCases(t, []buildCase{
		{name: "ENV CGO_ENABLED=1 and ?=", files: files("ENV CGO_ENABLED=1\n", "?="), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ARG CGO_ENABLED=1 and ?=", files: files("ARG CGO_ENABLED=1\n", "?="), check: "static-image", want: Fail, message: "built without CGO_ENABLED=0"},
		{name: "ENV CGO_ENABLED=1 and =", files: files("ENV CGO_ENABLED=1\n", "="), check: "static-image", want: Pass, message: ""},
		{name: "no ENV and ?=", files: files("", "?="), check: "static-image", want: Pass, message: ""},
	})
}

// TestDockerfileStagesReached checks that the go builds judged for an image are
// those of the stages its build runs (the stage it is built on, and those its COPY
// --from and RUN --mount from= read): a dev stage that only docker build --target dev
// builds is no part of the final image, while one the image copies from is.
func TestDockerfileStagesReached(t *testing.T) {
	const base = "FROM golang:1.26 AS base\nWORKDIR /src\nCOPY . .\n\n"
	const dev = "FROM base AS dev\nRUN go build -race -o /usr/local/bin/api .\nCMD [\"api\"]\n\n"
	const build = "FROM base AS build\nRUN CGO_ENABLED=0 go build -ldflags \"-X main.version=1.2.3 -X main.commit=abc\" -o /out/api .\n\n"
	const final = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\n"
	files := func(dockerfile string, extra ...string) map[string]string {
		out := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, "Dockerfile": dockerfile}
		for i := 0; i+1 < len(extra); i += 2 {
			out[extra[i]] = extra[i+1]
		}
		return out
	}
	const cgoOn = "built without CGO_ENABLED=0"
	runBuildCases(t, []buildCase{
		{name: "a dev stage the final image does not build", files: files(base + dev + build + final + "ENTRYPOINT [\"/api\"]\n"), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
		{name: "a dev stage the final image does not build, ldflags", files: files(base + dev + build + final + "ENTRYPOINT [\"/api\"]\n"), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		{name: "the dev stage copied from", files: files(base + dev + build + final + "COPY --from=dev /usr/local/bin/api /api-race\nENTRYPOINT [\"/api\"]\n"), check: "static-image", want: Fail, message: cgoOn},
		{name: "the dev stage copied from by its index", files: files(base + dev + build + final + "COPY --from=1 /usr/local/bin/api /api-race\nENTRYPOINT [\"/api\"]\n"), check: "static-image", want: Fail, message: cgoOn},
		{name: "the dev stage mounted", files: files(base + dev + strings.Replace(build, "RUN ", "RUN --mount=type=bind,from=dev,source=/usr/local/bin,target=/race ", 1) + final + "ENTRYPOINT [\"/api\"]\n"), check: "static-image", want: Fail, message: cgoOn},
		{name: "a copy from a stage this audit cannot name", files: files(base + dev + build + "FROM gcr.io/distroless/static-debian12:nonroot\nARG FROM_STAGE\nCOPY --from=${FROM_STAGE} /out/api /api\nENTRYPOINT [\"/api\"]\n"), check: "static-image", want: Fail, message: cgoOn},
		{
			name:  "the package built only in a stage the last stage does not reach",
			files: files(base + build + "FROM base AS worker-build\nRUN CGO_ENABLED=0 go build -o /out/worker ./worker\n\n" + final + "ENTRYPOINT [\"/api\"]\n\nFROM gcr.io/distroless/static-debian12:nonroot AS worker\nCOPY --from=worker-build /out/worker /worker\nENTRYPOINT [\"/worker\"]\n"),
			check: "static-image", want: Unknown, message: "Dockerfile:6 builds this package only in stage build, which no image is built from that a docker build read keeps",
		},
		{
			name:  "the package built only in a stage the last stage does not reach, ldflags",
			files: files(base + build + "FROM base AS worker-build\nRUN CGO_ENABLED=0 go build -o /out/worker ./worker\n\n" + final + "ENTRYPOINT [\"/api\"]\n\nFROM gcr.io/distroless/static-debian12:nonroot AS worker\nCOPY --from=worker-build /out/worker /worker\nENTRYPOINT [\"/worker\"]\n"),
			check: "ldflags", want: Unknown, message: "Dockerfile:6 builds this package only in stage build",
		},
		{
			name:  "the dev stage built by CI with --target",
			files: files(base+dev+build+final+"ENTRYPOINT [\"/api\"]\n", ".github/workflows/ci.yml", "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build --target dev -t api:dev . && docker build -t api .\n"),
			check: "ldflags", want: Warn, message: "injects no version or commit",
		},
	})
}

// TestDockerfileContinuedLines checks that a RUN continued with backslashes goes
// on over the lines Docker skips inside it (comments, and empty lines, deprecated
// but still built), and over a backslash followed by blanks.
func TestDockerfileContinuedLines(t *testing.T) {
	files := func(run string) map[string]string {
		return map[string]string{
			"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo,
			"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN " + run + "\n\nFROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
		}
	}
	const build = "CGO_ENABLED=0 \\\n    go build \\\n      -ldflags \"-X main.version=1.2.3 -X main.commit=abc\" \\\n%s      -o /out/api ./cmd/api"
	for _, tt := range []struct{ name, skipped string }{
		{"a comment line", "# the output\n"},
		{"an empty line", "\n"},
		{"a line of blanks", "   \t\n"},
		{"empty lines, CRLF", "\r\n\r\n"},
	} {
		run := strings.Replace(build, "%s", tt.skipped, 1)
		runBuildCases(t, []buildCase{
			{name: tt.name + ", static-image", files: files(run), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
			{name: tt.name + ", ldflags", files: files(run), check: "ldflags", want: Pass, message: "1 build(s) inject version and commit"},
		})
	}
	trailing := strings.Replace(strings.Replace(build, "%s", "", 1), "go build \\\n", "go build \\  \t\n", 1)
	runBuildCases(t, []buildCase{
		{name: "blanks after a backslash", files: files(trailing), check: "static-image", want: Pass, message: "built with CGO_ENABLED=0"},
	})
}
