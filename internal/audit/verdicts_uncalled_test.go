package audit

import "testing"

// uncalledPlatform returns a service on the go line goLine whose internal/platform
// package holds SetProcs (maxprocs.Set), Version (debug.ReadBuildInfo) and a
// constant; main imports the package and runs call, built by a Makefile without -X.
func uncalledPlatform(goLine, call string) map[string]string {
	return map[string]string{
		"go.mod":   "module example.test/svc\n\ngo " + goLine + "\n\nrequire go.uber.org/automaxprocs v1.6.0\n",
		"go.sum":   "",
		"Makefile": "build:\n\tgo build -o bin/api ./cmd/api\n",
		"internal/platform/platform.go": `package platform

import (
	"runtime/debug"

	"go.uber.org/automaxprocs/maxprocs"
)

const Service = "api"

func SetProcs() { _, _ = maxprocs.Set() }

func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.Main.Version
	}
	return "unknown"
}
`,
		"cmd/api/main.go": `package main

import (
	"log"
	"net/http"
	"runtime/debug"
	"time"

	"example.test/svc/internal/platform"
)

func main() {
	debug.SetMemoryLimit(512 << 20)
	` + call + `
	log.Println(platform.Service)
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`,
	}
}

// TestUncalledVerdicts: maxprocs.Set and debug.ReadBuildInfo count only where main's
// flow may call them.
func TestUncalledVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:  "procs: maxprocs.Set in a function main never calls sets nothing",
			files: uncalledPlatform("1.24.0", ""),
			check: "procs", want: Warn, message: "automaxprocs is not used",
		},
		{
			name:  "procs: maxprocs.Set that main calls follows the CPU limit",
			files: uncalledPlatform("1.24.0", "platform.SetProcs()"),
			check: "procs", want: Pass,
		},
		{
			name:  "procs: on go 1.25 an uncalled maxprocs.Set does not turn the runtime's own off",
			files: uncalledPlatform("1.25.0", ""),
			check: "procs", want: Pass,
		},
		{
			name:  "ldflags: debug.ReadBuildInfo in a function main never calls reads nothing",
			files: uncalledPlatform("1.24.0", ""),
			check: "ldflags", want: Warn, message: "injects no version or commit",
		},
		{
			name:  "ldflags: debug.ReadBuildInfo that main calls tells the version",
			files: uncalledPlatform("1.24.0", "log.Println(platform.Version())"),
			check: "ldflags", want: Pass,
		},
	})
}
