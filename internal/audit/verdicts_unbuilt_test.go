package audit

import (
	"context"
	"strings"
	"testing"
)

// TestUnbuiltDockerfile checks a Dockerfile that no docker build read builds while
// the builds read name the Dockerfiles they build (a Dockerfile.dev beside the
// release one that CI pushes): it ships no image, so neither static-image nor
// ldflags judges it, and a PASS names it as not judged. Where a build may build it
// (one that names it, leaves its Dockerfile to a variable, or a CI this audit does
// not read), or no build names any Dockerfile, it is judged as before.
func TestUnbuiltDockerfile(t *testing.T) {
	const release = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nARG VERSION=dev\nARG COMMIT=none\n" +
		"RUN CGO_ENABLED=0 go build -ldflags \"-X main.version=${VERSION} -X main.commit=${COMMIT}\" -o /out/api ./cmd/api\n\n" +
		"FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"
	const dev = "FROM golang:1.26\nWORKDIR /src\nCOPY . .\nRUN go build -race -o /usr/local/bin/api ./cmd/api\nCMD [\"api\"]\n"
	workflow := func(file string) string {
		return "on: push\njobs:\n  image:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n" +
			"      - uses: docker/build-push-action@v6\n        with:\n          context: .\n          file: " + file + "\n          push: true\n          tags: ghcr.io/acme/api:1\n" +
			"          build-args: |\n            VERSION=${{ github.ref_name }}\n            COMMIT=${{ github.sha }}\n"
	}
	files := func(extra ...string) map[string]string {
		out := map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo, "deploy/Dockerfile": release, "Dockerfile.dev": dev}
		for i := 0; i+1 < len(extra); i += 2 {
			out[extra[i]] = extra[i+1]
		}
		return out
	}
	const ci = ".github/workflows/release.yml"
	const toolchain = "Dockerfile.dev (final stage FROM golang:1.26): the final image is the Go toolchain image"
	runBuildCases(t, []buildCase{
		{name: "CI pushes deploy/Dockerfile", files: files(ci, workflow("deploy/Dockerfile")), check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0 (not judged: Dockerfile.dev, which no docker build read builds; those read build deploy/Dockerfile)"},
		{name: "CI pushes deploy/Dockerfile: ldflags", files: files(ci, workflow("deploy/Dockerfile")), check: "ldflags", want: Pass, message: "inject version and commit"},
		{name: "a Makefile target builds Dockerfile.dev too", files: files(ci, workflow("deploy/Dockerfile"), "Makefile", "dev:\n\tdocker build -f Dockerfile.dev -t api:dev .\n"), check: "static-image", want: Fail, message: toolchain},
		{name: "no build names a Dockerfile", files: files("Makefile", "build:\n\tgo build ./cmd/api\n"), check: "static-image", want: Fail, message: toolchain},
		{name: "a build leaves its Dockerfile to a variable", files: files(ci, workflow("deploy/Dockerfile"), "Makefile", "image:\n\tdocker build -f $(DOCKERFILE) -t api .\n"), check: "static-image", want: Fail, message: toolchain},
		{name: "a CI this audit does not read", files: files(ci, workflow("deploy/Dockerfile"), "Jenkinsfile", "pipeline {}\n"), check: "static-image", want: Fail, message: toolchain},
		{name: "the build names deploy/Dockerfile but keeps no image", files: files("Makefile", "check:\n\tdocker build -f deploy/Dockerfile .\n"), check: "static-image", want: Fail, message: toolchain},
		{name: "a GoReleaser dockers entry names its Dockerfile", files: map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo, "Dockerfile.dev": dev,
			".goreleaser.yaml":   "version: 2\nbuilds:\n  - id: api\n    main: ./cmd/api\n    env:\n      - CGO_ENABLED=0\n    goos: [linux]\ndockers:\n  - image_templates: [\"ghcr.io/acme/api:{{ .Version }}\"]\n    dockerfile: Dockerfile.release\n",
			"Dockerfile.release": "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY api /api\nENTRYPOINT [\"/api\"]\n"}, check: "static-image", want: Pass, message: "(not judged: Dockerfile.dev, which no docker build read builds; those read build Dockerfile.release)"},
	})
	// With two services, the one only Dockerfile.dev builds is UNKNOWN, not judged
	// by the image of the other.
	rep, err := Run(context.Background(), openInlineAt(t, map[string]string{"go.mod": buildGoMod, "cmd/api/main.go": buildMainGo, "cmd/worker/main.go": buildMainGo, "Dockerfile.dev": dev,
		"deploy/Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/worker ./cmd/worker\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/worker /worker\nENTRYPOINT [\"/worker\"]\n",
		ci:                  workflow("deploy/Dockerfile")}, "."), Options{Only: []string{"static-image"}})
	if err != nil {
		t.Fatal(err)
	}
	const want = "Dockerfile.dev:4 builds this package only in Dockerfile.dev, which no docker build read builds (those read build deploy/Dockerfile)"
	if len(rep.Results) != 2 || rep.Results[0].Main != "cmd/api" || rep.Results[0].Status != Unknown || !strings.Contains(rep.Results[0].Message, want) || rep.Results[1].Status != Pass {
		t.Fatalf("results %+v, want cmd/api UNKNOWN with %q and cmd/worker PASS", rep.Results, want)
	}
}
