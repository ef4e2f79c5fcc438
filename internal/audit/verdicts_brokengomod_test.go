package audit

import (
	"strings"
	"testing"
)

// brokenGoMod is a go.mod that a merge left with conflict markers in its require
// block: it does not parse, so its go line (1.25) is not known.
const brokenGoMod = "module example.test/b\n\ngo 1.25\n\nrequire (\n<<<<<<< HEAD\n\tgithub.com/google/uuid v1.6.0\n=======\n\tgithub.com/google/uuid v1.5.0\n>>>>>>> feature/bump\n)\n"

// brokenModMain returns a service whose http.Server sets a read timeout, with
// memory (code setting a memory limit, or "") run before it serves, and the code
// between them in routes.
func brokenModMain(memory, routes string) string {
	return strings.NewReplacer("MEMORY", memory, "ROUTES", routes).Replace(`package main

import (
	"net/http"
	"runtime/debug"
	"time"
)

var _ = debug.SetMemoryLimit

func main() {
	MEMORY
	mux := http.NewServeMux()
	ROUTES
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServe()
}
`)
}

// TestBrokenGoModVerdicts audits repositories whose go.mod does not parse: the
// go command stops there, so the go line that procs, mtls and the ServeMux
// patterns of health depend on is not known, and neither are its requirements,
// which modverify judges. No verdict takes the go.mod for absent.
func TestBrokenGoModVerdicts(t *testing.T) {
	const goSum = "github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n"
	const workflow = "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n"
	const unparsed = "go.mod does not parse (go.mod:6: "
	service := func(main string) map[string]string {
		return map[string]string{"go.mod": brokenGoMod, "go.sum": goSum, ".github/workflows/ci.yml": workflow, "cmd/api/main.go": main}
	}
	const memory = "debug.SetMemoryLimit(512 << 20)"
	runCheckCases(t, []checkCase{
		{
			name:  "modverify: the requirements of a go.mod that does not parse are not known",
			files: service(brokenModMain(memory, "")),
			check: "modverify", want: Unknown, message: "go.mod could not be read or parsed (go.mod:6: ",
		},
		{
			name:  "procs: GOMAXPROCS depends on the go line, a memory limit set",
			files: service(brokenModMain(memory, "")),
			check: "procs", want: Unknown, message: unparsed,
		},
		{
			name:  "procs: the memory limit is missing whatever the go line",
			files: service(brokenModMain("", "")),
			check: "procs", want: Warn, message: "no memory limit",
		},
		{
			name:  "procs: no go line below 1.25 is claimed",
			files: service(brokenModMain("", "")),
			check: "procs", want: Warn, message: unparsed,
		},
		{
			name:  "health: a method pattern is a route only with a go line of 1.22 or later",
			files: service(brokenModMain(memory, "mux.HandleFunc(\"GET /healthz\", func(w http.ResponseWriter, r *http.Request) {})")),
			check: "health", want: Unknown, message: unparsed,
		},
		{
			name:  "health: a plain pattern is a route whatever the go line",
			files: service(brokenModMain(memory, "mux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) {})")),
			check: "health", want: Pass, message: "health endpoints: /healthz",
		},
		{
			name:  "timeouts: a verdict the go line does not change stands",
			files: service(strings.Replace(brokenModMain(memory, ""), ", ReadHeaderTimeout: 5 * time.Second", "", 1)),
			check: "timeouts", want: Fail, message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:  "mtls: the default TLS minimum depends on the go line",
			files: withGoMod(constService("", ""), brokenGoMod),
			check: "mtls", want: Unknown, message: unparsed,
		},
		{
			name: "procs: a nested go.mod that does not parse is not read as the outer module's go line",
			files: map[string]string{
				"go.mod":                       "module example.test/outer\n\ngo 1.26\n",
				"services/api/go.mod":          brokenGoMod,
				"services/api/cmd/api/main.go": brokenModMain(memory, ""),
			},
			check: "procs", want: Unknown, message: "services/api/go.mod does not parse (services/api/go.mod:6: ",
		},
	})
}
