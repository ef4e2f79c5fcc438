package audit

import "testing"

// TestVerdictsOnBuildVCS audits services whose code reads debug.ReadBuildInfo for
// its version and commit, built with VCS stamping on or off.
func TestVerdictsOnBuildVCS(t *testing.T) {
	const off = "injects no version or commit with -ldflags -X, and it builds with "
	const pass = "or the code reads debug.ReadBuildInfo"
	files := func(extra map[string]string) map[string]string {
		f := map[string]string{
			"go.mod":  "module example.test/v\n\ngo 1.26\n",
			"main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"runtime/debug\"\n)\n\nfunc main() {\n\tif bi, ok := debug.ReadBuildInfo(); ok {\n\t\tlog.Print(bi.Main.Version)\n\t}\n\thttp.ListenAndServe(\":8080\", nil)\n}\n",
		}
		for k, v := range extra {
			f[k] = v
		}
		return f
	}
	dockerfile := func(stage, build string) map[string]string {
		return files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\n" + stage + "RUN CGO_ENABLED=0 go build " + build + "-o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"})
	}
	runCheckCases(t, []checkCase{
		{
			name:    "-buildvcs=false on the go build line",
			files:   dockerfile("", "-buildvcs=false "),
			check:   "ldflags",
			want:    Warn,
			message: off + "-buildvcs=false, so debug.ReadBuildInfo finds no commit (vcs.revision) and the version \"(devel)\"",
		},
		{
			name:    "--buildvcs=0 on the go build line",
			files:   dockerfile("", "--buildvcs=0 "),
			check:   "ldflags",
			want:    Warn,
			message: off + "--buildvcs=0",
		},
		{
			name:    "GOFLAGS=-buildvcs=false from the stage's ENV",
			files:   dockerfile("ENV GOFLAGS=\"-mod=readonly -buildvcs=false\"\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-mod=readonly -buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false from an ARG default of the stage",
			files:   dockerfile("ARG GOFLAGS=-buildvcs=false\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false from go env -w",
			files:   dockerfile("RUN go env -w GOFLAGS=-buildvcs=false\n", ""),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "GOFLAGS=-buildvcs=false on a Makefile's command line",
			files:   files(map[string]string{"Makefile": "build:\n\tGOFLAGS=-buildvcs=false go build -o bin/api .\n"}),
			check:   "ldflags",
			want:    Warn,
			message: off + "GOFLAGS=-buildvcs=false",
		},
		{
			name:    "-buildvcs=true on the command line wins over GOFLAGS",
			files:   dockerfile("ENV GOFLAGS=-buildvcs=false\n", "-buildvcs=true "),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "the command's own GOFLAGS wins over the stage's",
			files:   files(map[string]string{"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nENV GOFLAGS=-buildvcs=false\nRUN GOFLAGS=-mod=readonly go build -o /out/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "stamping left on",
			files:   dockerfile("", ""),
			check:   "ldflags",
			want:    Pass,
			message: pass,
		},
		{
			name:    "stamping off, but -X injects version and commit",
			files:   files(map[string]string{"main.go": "package main\n\nimport \"net/http\"\n\nvar version, commit string\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n", "Makefile": "build:\n\tgo build -buildvcs=false -ldflags \"-X main.version=1.0.0 -X main.commit=abc\" -o bin/api .\n"}),
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
	})
}
