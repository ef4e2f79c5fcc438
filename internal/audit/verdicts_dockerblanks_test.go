package audit

import "testing"

// TestVerdictsOnDockerfileBlanksAndBOM audits Dockerfiles written as Docker's parser
// reads them but not with a single space: an instruction is split from its arguments
// at any run of blanks (a tab too), so ENTRYPOINT<TAB>/api is the shell form, which an
// image without a shell cannot start; flags are split so too; and a UTF-8 byte order
// mark before the first instruction is skipped, so the build stage is still read.
func TestVerdictsOnDockerfileBlanksAndBOM(t *testing.T) {
	const pass = "the final image is static and the binary is built with CGO_ENABLED=0"
	const shell = "runs /bin/sh (shell form)"
	files := func(bom, build, entry string) map[string]string {
		return map[string]string{
			"go.mod":          buildGoMod,
			"cmd/api/main.go": imageMainGo,
			"Dockerfile": bom + "FROM golang:1.25 AS build\nWORKDIR /src\nCOPY . .\n" + build + "\n\n" +
				"FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\nUSER 65532\n" + entry + "\n",
		}
	}
	const build = "RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api"
	runCheckCases(t, []checkCase{
		{name: "exec form", files: files("", build, `ENTRYPOINT ["/api"]`), check: "static-image", want: Pass, message: pass},
		{name: "shell form after a space", files: files("", build, "ENTRYPOINT /api"), check: "static-image", want: Fail, message: shell},
		{name: "shell form after a tab", files: files("", build, "ENTRYPOINT\t/api"), check: "static-image", want: Fail, message: shell},
		{name: "shell form after blanks", files: files("", build, "entrypoint \t /api"), check: "static-image", want: Fail, message: shell},
		{name: "a build with a tab after RUN", files: files("", "RUN\tCGO_ENABLED=0 go build -o /out/api ./cmd/api", `ENTRYPOINT ["/api"]`), check: "static-image", want: Pass, message: pass},
		{name: "a tab between RUN's flags", files: files("", "RUN --network=none\t--mount=type=cache,target=/root/.cache CGO_ENABLED=0 go build -o /out/api ./cmd/api", `ENTRYPOINT ["/api"]`), check: "static-image", want: Pass, message: pass},
		{name: "a byte order mark before the first FROM", files: files("\ufeff", build, `ENTRYPOINT ["/api"]`), check: "static-image", want: Pass, message: pass},
	})
}
