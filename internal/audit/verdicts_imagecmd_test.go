package audit

import "testing"

// TestVerdictsOnShellCmdAfterEntrypoint audits scratch images whose CMD follows an
// ENTRYPOINT: in shell form, Docker hands it to an exec-form entrypoint as the
// arguments /bin/sh -c "...", which the binary then gets instead of the ones written.
func TestVerdictsOnShellCmdAfterEntrypoint(t *testing.T) {
	const pass = "the final image is static and the binary is built with CGO_ENABLED=0"
	const shellArgs = "is in shell form after the exec-form ENTRYPOINT at Dockerfile:9: Docker passes it to the entrypoint as the arguments /bin/sh -c \"/api serve\""
	files := func(start string) map[string]string {
		return map[string]string{
			"go.mod":          buildGoMod,
			"cmd/api/main.go": imageMainGo,
			"Dockerfile": "FROM golang:1.25-bookworm AS b\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /api ./cmd/api\n" +
				"FROM scratch\nCOPY --from=b /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=b /api /api\nUSER 65532\n" + start,
		}
	}
	runCheckCases(t, []checkCase{
		{name: "a shell-form CMD after an exec-form ENTRYPOINT", files: files("ENTRYPOINT [\"/api\"]\nCMD /api serve\n"), check: "static-image", want: Warn, message: shellArgs},
		{name: "an exec-form CMD after an exec-form ENTRYPOINT", files: files("ENTRYPOINT [\"/api\"]\nCMD [\"serve\"]\n"), check: "static-image", want: Pass, message: pass},
		{name: "an exec-form ENTRYPOINT alone", files: files("ENTRYPOINT [\"/api\"]\n"), check: "static-image", want: Pass, message: pass},
	})
}

// TestVerdictsOnBinaryCopiedAsFile audits scratch images whose ENTRYPOINT runs a
// program under a path that a COPY writes as a file: Docker writes one source
// without a trailing slash as that file (COPY --from=b /out/api /app makes /app the
// binary), so nothing lies under it. A source that may be a directory, a trailing
// slash, several sources, or a WORKDIR or copy that makes the path a directory, leave
// the program possibly there.
func TestVerdictsOnBinaryCopiedAsFile(t *testing.T) {
	const pass = "the final image is static and the binary is built with CGO_ENABLED=0"
	files := func(final string) map[string]string {
		return map[string]string{
			"go.mod":          buildGoMod,
			"cmd/api/main.go": imageMainGo,
			"Dockerfile": "FROM golang:1.25-bookworm AS b\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n" +
				"FROM scratch\nCOPY --from=b /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\n" + final + "USER 65532\n",
		}
	}
	runCheckCases(t, []checkCase{
		{name: "the binary copied as the file /app, run as /app/api", files: files("COPY --from=b /out/api /app\nENTRYPOINT [\"/app/api\"]\n"), check: "static-image", want: Fail,
			message: "ENTRYPOINT at Dockerfile:8 runs /app/api, which no COPY or ADD puts into scratch"},
		{name: "the binary copied as the file /app, run as /app", files: files("COPY --from=b /out/api /app\nENTRYPOINT [\"/app\"]\n"), check: "static-image", want: Pass, message: pass},
		{name: "the binary copied into /app/", files: files("COPY --from=b /out/api /app/\nENTRYPOINT [\"/app/api\"]\n"), check: "static-image", want: Pass, message: pass},
		{name: "the output directory copied as /app", files: files("COPY --from=b /out /app\nENTRYPOINT [\"/app/api\"]\n"), check: "static-image", want: Pass, message: pass},
		{name: "a WORKDIR makes /app a directory", files: files("WORKDIR /app\nCOPY --from=b /out/api /app\nENTRYPOINT [\"/app/api\"]\n"), check: "static-image", want: Pass, message: pass},
		{name: "another copy makes /app a directory", files: files("COPY --from=b /etc/ssl/certs/ca-certificates.crt /app/certs/\nCOPY --from=b /out/api /app\nENTRYPOINT [\"/app/api\"]\n"), check: "static-image", want: Pass, message: pass},
	})
}
