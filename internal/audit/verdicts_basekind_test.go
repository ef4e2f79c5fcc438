package audit

import "testing"

// TestBaseKind checks that a final image is known by its path whatever the
// registry (a mirror of gcr.io, Docker Hub's chainguard/static), and that a name
// this audit does not know, or one left to a build argument, is "" (unknown), not
// an image with an OS.
func TestBaseKind(t *testing.T) {
	for _, tc := range []struct{ image, want string }{
		{"scratch", "static"},
		{"gcr.io/distroless/static-debian12:nonroot", "static"},
		{"gcr.io/distroless/static@sha256:0123abcd", "static"},
		{"registry.example.com/gcr.io/distroless/static-debian12:nonroot", "static"},
		{"mirror.example.com:5000/distroless/static:latest", "static"},
		{"${REGISTRY}/distroless/static-debian12", "static"},
		{"cgr.dev/chainguard/static", "static"},
		{"chainguard/static:latest", "static"},
		{"docker.io/chainguard/static", "static"},
		{"golang:1.26", "toolchain"},
		{"docker.io/library/golang:1.26-alpine", "toolchain"},
		{"cgr.dev/chainguard/go", "toolchain"},
		{"gcr.io/distroless/base-debian12", "libc"},
		{"registry.example.com/distroless/cc-debian12:nonroot", "libc"},
		{"chainguard/glibc-dynamic", "libc"},
		{"gcr.io/distroless/java17-debian12", "os"},
		{"alpine:3.22", "os"},
		{"docker.io/library/debian:12-slim", "os"},
		{"registry.access.redhat.com/ubi9/ubi-minimal", "os"},
		{"registry.example.com/base/runtime:2-alpine", "os"},
		{"${RUNTIME_IMAGE}", ""},
		{"gcr.io/distroless/${FLAVOR}", ""},
		{"registry.example.com/platform/go-runtime:3", ""},
		{"acme/base", ""},
	} {
		if got := baseKind(tc.image); got != tc.want {
			t.Errorf("baseKind(%q) = %q, want %q", tc.image, got, tc.want)
		}
	}
}

// TestStaticImageBaseByPath checks the static-image verdict of final images named
// by path under another registry (PASS), and of images whose name does not tell
// what they hold: an unknown base and a FROM left to a build argument without a
// value are UNKNOWN, not WARN "carries an OS"; an OS image is still WARN.
func TestStaticImageBaseByPath(t *testing.T) {
	files := func(global, final string, extra ...string) map[string]string {
		out := map[string]string{
			"go.mod": buildGoMod, "cmd/api/main.go": imageMainGo,
			"Dockerfile": global + "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n\nFROM " + final + "\nCOPY --from=build /out/api /api\nUSER 65532:65532\nENTRYPOINT [\"/api\"]\n",
		}
		for i := 0; i+1 < len(extra); i += 2 {
			out[extra[i]] = extra[i+1]
		}
		return out
	}
	const static = "the final image is static and the binary is built with CGO_ENABLED=0"
	runBuildCases(t, []buildCase{
		{name: "distroless static through a registry mirror", files: files("", "registry.example.com/gcr.io/distroless/static-debian12:nonroot"), check: "static-image", want: Pass, message: static},
		{name: "Chainguard static on Docker Hub", files: files("", "chainguard/static:latest"), check: "static-image", want: Pass, message: static},
		{name: "distroless static under a registry from a build argument", files: files("ARG REGISTRY\n", "${REGISTRY}/distroless/static-debian12:nonroot"), check: "static-image", want: Pass, message: static},
		{name: "a base image left to a build argument without a value", files: files("ARG RUNTIME_IMAGE\n", "${RUNTIME_IMAGE}"), check: "static-image", want: Unknown, message: "Dockerfile (final stage FROM ${RUNTIME_IMAGE}): the base image is left to the build argument RUNTIME_IMAGE, which has no value in the files read"},
		{name: "the same build argument passed by the docker build", files: files("ARG RUNTIME_IMAGE\n", "${RUNTIME_IMAGE}", "Makefile", "image:\n\tdocker build --build-arg RUNTIME_IMAGE=gcr.io/distroless/static-debian12 -t api .\n"), check: "static-image", want: Pass, message: static},
		{name: "a private base image this audit does not know", files: files("", "registry.example.com/platform/go-runtime:3"), check: "static-image", want: Unknown, message: "registry.example.com/platform/go-runtime:3 is not an image this audit knows by name"},
		{name: "a distribution is still an OS", files: files("", "docker.io/library/debian:12-slim"), check: "static-image", want: Warn, message: "the final image carries an OS the static binary does not need"},
	})
	ko := func(base string) map[string]string {
		return map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo, ".ko.yaml": "defaultBaseImage: " + base + "\nbuilds:\n  - id: svc\n    main: .\n"}
	}
	runBuildCases(t, []buildCase{
		{name: "ko on Chainguard static through a mirror", files: ko("mirror.example.com/cgr.dev/chainguard/static"), check: "static-image", want: Pass, message: "a static image, and builds with CGO_ENABLED=0"},
		{name: "ko on an image this audit does not know", files: ko("registry.example.com/platform/base:1"), check: "static-image", want: Unknown, message: "builds the image on registry.example.com/platform/base:1, which is not an image this audit knows by name"},
	})
}
