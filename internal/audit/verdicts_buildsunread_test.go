package audit

import (
	"strings"
	"testing"
)

// TestBuildsUnread audits services built only by what this audit does not read: a
// CI it does not read (CircleCI), an Earthfile, a flake.nix, a script of the
// repository that a Dockerfile runs. ldflags (and static-image, for the builds of an
// image) are UNKNOWN naming them, not WARN "no build".
func TestBuildsUnread(t *testing.T) {
	base := map[string]string{"go.mod": buildGoMod, "main.go": buildMainGo}
	const script = "#!/bin/sh\nset -eu\nCGO_ENABLED=0 go build -ldflags \"-X main.version=${VERSION:-dev} -X main.commit=${COMMIT:-none}\" -o /out/svc .\n"
	const scriptDockerfile = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN ./scripts/build.sh\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/svc /svc\nENTRYPOINT [\"/svc\"]\n"
	circle := withFiles(base, map[string]string{".circleci/config.yml": "version: 2.1\njobs:\n  build:\n    docker:\n      - image: golang:1.26\n    steps:\n      - checkout\n      - run: go build -ldflags \"-X main.version=$CIRCLE_TAG -X main.commit=$CIRCLE_SHA1\" -o bin/svc .\n"})
	earthly := withFiles(base, map[string]string{"Earthfile": "VERSION 0.8\nFROM golang:1.26\n\nbuild:\n    COPY . .\n    RUN CGO_ENABLED=0 go build -ldflags \"-X main.version=1 -X main.commit=abc\" -o svc .\n    SAVE ARTIFACT svc\n"})
	nix := withFiles(base, map[string]string{"flake.nix": "{\n  outputs = { self, nixpkgs }: {\n    packages.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.buildGoModule {\n      pname = \"svc\";\n      version = \"1.0.0\";\n      src = ./.;\n      ldflags = [ \"-X main.version=1.0.0\" ];\n      vendorHash = null;\n    };\n  };\n}\n"})
	scripted := withFiles(base, map[string]string{"scripts/build.sh": script, "Dockerfile": scriptDockerfile})
	viaMake := withFiles(scripted, map[string]string{"Makefile": "build:\n\t./scripts/build.sh\n", "Dockerfile": strings.Replace(scriptDockerfile, "RUN ./scripts/build.sh", "RUN make build", 1)})
	const scratchDockerfile = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN ./scripts/build.sh\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/svc /svc\n"
	runBuildCases(t, []buildCase{
		{name: "ldflags: CircleCI", files: circle, check: "ldflags", want: Unknown, message: "this audit does not read .circleci/config.yml (CI), which may build it", at: ".circleci/config.yml:1"},
		{name: "ldflags: Earthfile", files: earthly, check: "ldflags", want: Unknown, message: "this audit does not read Earthfile (Earthly), which may build it", at: "Earthfile:1"},
		{name: "static-image: Earthfile", files: earthly, check: "static-image", want: Unknown, message: "no Dockerfile builds this package; this audit does not read Earthfile (Earthly)"},
		{name: "ldflags: flake.nix", files: nix, check: "ldflags", want: Unknown, message: "this audit does not read flake.nix (Nix), which may build it"},
		{name: "static-image: flake.nix", files: nix, check: "static-image", want: Unknown, message: "this audit does not read flake.nix (Nix)"},
		{name: "static-image: CircleCI alone builds no image", files: circle, check: "static-image", want: Warn, message: "no Dockerfile builds this package"},
		{name: "ldflags: a Dockerfile runs a build script", files: scripted, check: "ldflags", want: Unknown, message: "this audit does not read Dockerfile:4 `./scripts/build.sh` (scripts/build.sh), which may build it", at: "Dockerfile:4"},
		{name: "static-image: a Dockerfile runs a build script", files: scripted, check: "static-image", want: Unknown, message: "the binary may be built by scripts/build.sh, which Dockerfile:4 runs and this audit does not read"},
		// round 48: a script that a recipe of the Dockerfile's RUN make build runs is
		// not read either (see builds.scriptRuns)
		// the script read as the Makefile's build (see recipeScript) builds with CGO_ENABLED=0
		{name: "static-image: a Dockerfile's make build runs a build script", files: viaMake, check: "static-image", want: Pass, message: "the final image is static and the binary is built with CGO_ENABLED=0"},
		{name: "static-image: a Dockerfile's make build runs a build script, scratch", files: withFiles(viaMake, map[string]string{"Dockerfile": strings.Replace(scratchDockerfile, "RUN ./scripts/build.sh", "RUN make build", 1)}), check: "static-image", want: Unknown,
			message: "no Dockerfile builds this package; this audit does not read Makefile:2 `./scripts/build.sh` (scripts/build.sh, a recipe line of the make Dockerfile:4 runs)"},
		{name: "static-image: a Dockerfile runs a build script, scratch", files: withFiles(scripted, map[string]string{"Dockerfile": scratchDockerfile}), check: "static-image", want: Unknown,
			message: "no Dockerfile builds this package; this audit does not read Dockerfile:4 `./scripts/build.sh` (scripts/build.sh)"},
		{name: "static-image: a Dockerfile's make build runs a script without a go build", files: withFiles(viaMake, map[string]string{"scripts/build.sh": "#!/bin/sh\necho hello\n"}), check: "static-image", want: Warn, message: "the binary is built outside the Dockerfile"},
		{name: "static-image: a Dockerfile runs a script without a go build", files: withFiles(scripted, map[string]string{"scripts/build.sh": "#!/bin/sh\necho hello\n"}), check: "static-image", want: Warn, message: "the binary is built outside the Dockerfile"},
		{name: "ldflags: a build read beside an Earthfile", files: withFiles(earthly, map[string]string{"Makefile": "build:\n\tgo build -o bin/svc .\n"}), check: "ldflags", want: Warn, message: "the Makefile build (Makefile:2) injects no version or commit"},
	})
}
