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
