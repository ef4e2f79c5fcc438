package audit

import "testing"

// TestStaticImageStaticLink audits cgo builds into scratch that link the binary
// statically (-extldflags -static): the C library is inside the binary, so scratch
// runs it; glibc linked statically still loads shared libraries for its user and
// host lookups (WARN) unless -tags netgo,osusergo keep those off cgo.
func TestStaticImageStaticLink(t *testing.T) {
	files := func(builder, build string) map[string]string {
		return map[string]string{
			"go.mod":          "module example.test/api\n\ngo 1.25\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n",
			"cmd/api/main.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t_ \"github.com/mattn/go-sqlite3\"\n)\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
			"Dockerfile": "FROM " + builder + " AS build\nRUN apk add --no-cache gcc musl-dev || true\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=1 go build " + build + " -o /api ./cmd/api\n" +
				"FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /api /api\nUSER 65532\nENTRYPOINT [\"/api\"]\n",
		}
	}
	const pass = "the final image is static"
	const libc = "the binary links libc for cgo (github.com/mattn/go-sqlite3)"
	runCheckCases(t, []checkCase{
		{name: "musl, -linkmode external -extldflags \"-static\"", files: files("golang:1.25-alpine", `-tags 'osusergo netgo' -ldflags '-linkmode external -extldflags "-static"'`), check: "static-image", want: Pass, message: pass},
		{name: "musl, -extldflags=-static (cgo links externally)", files: files("golang:1.25-alpine", `-ldflags '-s -w -extldflags=-static'`), check: "static-image", want: Pass, message: pass},
		{name: "glibc without netgo,osusergo", files: files("golang:1.25-bookworm", `-ldflags '-linkmode external -extldflags "-static"'`), check: "static-image", want: Warn, message: "linked statically (-extldflags -static) against glibc in golang:1.25-bookworm"},
		{name: "glibc with netgo,osusergo", files: files("golang:1.25-bookworm", `-tags netgo,osusergo -ldflags '-linkmode external -extldflags "-static"'`), check: "static-image", want: Pass, message: pass},
		{name: "-linkmode internal ignores -extldflags", files: files("golang:1.25-alpine", `-ldflags '-linkmode internal -extldflags "-static"'`), check: "static-image", want: Fail, message: libc},
		{name: "no -static", files: files("golang:1.25-alpine", `-ldflags '-s -w'`), check: "static-image", want: Fail, message: libc},
	})
}
