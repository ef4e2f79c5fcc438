package audit

import (
	"fmt"
	"testing"
)

// TestProcsGodebugSettledAsTheGoCommand: procs settles containermaxprocs and
// updatemaxprocs as the go command builds DefaultGODEBUG (go list -f
// {{.DefaultGODEBUG}}): a key no line sets takes the go line's (or default='s)
// version's value, 0 below go1.25; the last line that sets a key wins, the main
// package's //go:debug over go.mod's; GODEBUG in the environment over both for
// containermaxprocs=0 and updatemaxprocs, and for containermaxprocs=1 where the
// toolchain surely knows the key (a go line of 1.25 or later, or a line naming it, which
// the go command below go1.25 refuses); else its containermaxprocs=1 alone does not
// count (a toolchain below go1.25 ignores it).
func TestProcsGodebugSettledAsTheGoCommand(t *testing.T) {
	mod := func(goLine, godebug string) string {
		return "module example.test/p\n\ngo " + goLine + "\n\n" + godebug
	}
	const pass = "GOMAXPROCS follows the CPU limit and a memory limit is set"
	const ignored = "GOMAXPROCS ignores the container CPU limit: the go line is below 1.25"
	image := "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nCOPY --from=build /app /app\nENV GODEBUG=%s\nENTRYPOINT [\"/app\"]\n"
	runCheckCases(t, []checkCase{
		{name: "go 1.24 with containermaxprocs=1 and updatemaxprocs=1 in a godebug block",
			files: map[string]string{"go.mod": mod("1.24", "godebug (\n\tcontainermaxprocs=1\n\tupdatemaxprocs=1\n)\n"), "main.go": procsMain("")},
			check: "procs", want: Pass, message: pass},
		{name: "go 1.24 with the same settings as //go:debug lines of the main package",
			files: map[string]string{"go.mod": mod("1.24", ""), "main.go": procsMain("//go:debug containermaxprocs=1\n//go:debug updatemaxprocs=1\n\n")},
			check: "procs", want: Pass, message: pass},
		{name: "go 1.24 with containermaxprocs=1 alone keeps updatemaxprocs=0 of go1.24",
			files: map[string]string{"go.mod": mod("1.24", "godebug containermaxprocs=1\n"), "main.go": procsMain("")},
			check: "procs", want: Warn, message: "updatemaxprocs=0 (the default below go1.25, which no godebug line changes) sets GOMAXPROCS from the CPU limit at start only"},
		{name: "go 1.24 with containermaxprocs=1 alone and GODEBUG=updatemaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.24", "godebug containermaxprocs=1\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "updatemaxprocs=1")},
			check: "procs", want: Pass, message: pass},
		{name: "go 1.24 with GODEBUG=containermaxprocs=1,updatemaxprocs=1 in the image alone",
			files: map[string]string{"go.mod": mod("1.24", ""), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1,updatemaxprocs=1")},
			check: "procs", want: Warn, message: ignored},
		{name: "go 1.24 with containermaxprocs=1 and updatemaxprocs=0 lines, GODEBUG=updatemaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.24", "godebug (\n\tcontainermaxprocs=1\n\tupdatemaxprocs=0\n)\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "updatemaxprocs=1")},
			check: "procs", want: Pass, message: pass},
		{name: "go 1.24 with updatemaxprocs=1 alone still ignores the CPU limit",
			files: map[string]string{"go.mod": mod("1.24", "godebug updatemaxprocs=1\n"), "main.go": procsMain("")},
			check: "procs", want: Warn, message: ignored},
		{name: "go 1.24 with containermaxprocs=0 then =1: the last line wins",
			files: map[string]string{"go.mod": mod("1.24", "godebug (\n\tcontainermaxprocs=0\n\tcontainermaxprocs=1\n\tupdatemaxprocs=1\n)\n"), "main.go": procsMain("")},
			check: "procs", want: Pass, message: pass},
		{name: "a //go:debug containermaxprocs=0 overrides go.mod's =1",
			files: map[string]string{"go.mod": mod("1.26", "godebug containermaxprocs=1\n"), "main.go": procsMain("//go:debug containermaxprocs=0\n\n")},
			check: "procs", want: Fail, message: "containermaxprocs=0 turns off the container-aware GOMAXPROCS"},
		{name: "a //go:debug containermaxprocs=1 overrides go.mod's =0",
			files: map[string]string{"go.mod": mod("1.26", "godebug containermaxprocs=0\n"), "main.go": procsMain("//go:debug containermaxprocs=1\n\n")},
			check: "procs", want: Pass, message: pass},
		{name: "default=go1.24 with containermaxprocs and updatemaxprocs set back to 1",
			files: map[string]string{"go.mod": mod("1.26", "godebug (\n\tdefault=go1.24\n\tcontainermaxprocs=1\n\tupdatemaxprocs=1\n)\n"), "main.go": procsMain("")},
			check: "procs", want: Pass, message: pass},
		{name: "default=go1.24 with containermaxprocs=1 alone keeps updatemaxprocs=0 of go1.24",
			files: map[string]string{"go.mod": mod("1.26", "godebug (\n\tdefault=go1.24\n\tcontainermaxprocs=1\n)\n"), "main.go": procsMain("")},
			check: "procs", want: Warn, message: "updatemaxprocs=0 (the default of godebug default=go1.24, which no godebug line changes)"},
		{name: "go 1.26 with containermaxprocs=0, GODEBUG=containermaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.26", "godebug containermaxprocs=0\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1")},
			check: "procs", want: Pass, message: pass},
		{name: "go 1.24 with containermaxprocs=0 and updatemaxprocs=1 lines, GODEBUG=containermaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.24", "godebug (\n\tcontainermaxprocs=0\n\tupdatemaxprocs=1\n)\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1")},
			check: "procs", want: Pass, message: pass},
		{name: "default=go1.24, GODEBUG=containermaxprocs=1,updatemaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.26", "godebug default=go1.24\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1,updatemaxprocs=1")},
			check: "procs", want: Pass, message: pass},
		{name: "default=go1.24, GODEBUG=containermaxprocs=1 alone in the image keeps updatemaxprocs=0 of go1.24",
			files: map[string]string{"go.mod": mod("1.26", "godebug default=go1.24\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1")},
			check: "procs", want: Warn, message: "updatemaxprocs=0 (the default of godebug default=go1.24, which no godebug line changes)"},
		{name: "go 1.24 with an updatemaxprocs=0 line, GODEBUG=containermaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.24", "godebug updatemaxprocs=0\n"), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1")},
			check: "procs", want: Warn, message: "sets GOMAXPROCS from the CPU limit at start only"},
		{name: "a //go:debug containermaxprocs=0 with GODEBUG=containermaxprocs=1 in the image",
			files: map[string]string{"go.mod": mod("1.26", ""), "main.go": procsMain("//go:debug containermaxprocs=0\n\n"), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1")},
			check: "procs", want: Pass, message: pass},
		{name: "GODEBUG=containermaxprocs=1,containermaxprocs=0 in the image: the last wins",
			files: map[string]string{"go.mod": mod("1.26", ""), "main.go": procsMain(""), "Dockerfile": fmt.Sprintf(image, "containermaxprocs=1,containermaxprocs=0")},
			check: "procs", want: Fail, message: "GODEBUG=containermaxprocs=0 turns off the container-aware GOMAXPROCS"},
	})
}
