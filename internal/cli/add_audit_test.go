package cli

import (
	"maps"
	"strings"
	"testing"
)

// TestAddPassesAuditTimeouts: after add --wire, audit's timeouts check passes on the
// tree add wrote: neither gonew_prod.go nor the wired call builds an http.Server
// without timeouts; a server of the program's own, embedded in a type of its own too,
// passed to gonew_prod.go as &s.Server, gets its read timeout there.
func TestAddPassesAuditTimeouts(t *testing.T) {
	tests := []struct {
		name string
		main string
		// limited: the program's own server is passed to gonew_prod.go, whose
		// prodLimits gives it its ReadHeaderTimeout: the evidence cites that line.
		limited bool
	}{
		{name: "log.Fatal of a handler", main: service["main.go"]},
		{name: "log.Fatal of a nil handler, the only use of net/http", main: strings.Replace(service["main.go"], "http.NotFoundHandler()", "nil", 1)},
		{name: "a server with ReadHeaderTimeout", main: `package main

import (
	"errors"
	"log"
	"net/http"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler(), ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
`},
		{name: "a type embedding http.Server given positionally", main: embeddedServerMain(`server{http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}}`), limited: true},
		{name: "a type embedding http.Server the literal leaves zero", main: embeddedServerMain("server{}\n\ts.Addr, s.Handler = \":8080\", http.NotFoundHandler()"), limited: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := maps.Clone(service)
			files["main.go"] = tt.main
			dir := serviceRepo(t, files)
			if r := run(t, dir, "add", "--yes", "--wire", "shutdown"); r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r := run(t, dir, "audit", "--only", "timeouts", dir)
			switch {
			case tt.limited && (r.code != ExitOK || !strings.Contains(r.stdout, "PASS") || !strings.Contains(r.stdout, "gonew_prod.go")):
				t.Errorf("audit --only timeouts: exit %d, want 0 and PASS citing prodLimits in gonew_prod.go\n%s%s", r.code, r.stdout, r.stderr)
			case !tt.limited && (r.code != ExitOK || !strings.Contains(r.stdout, "PASS") || strings.Contains(r.stdout, "gonew_prod.go")):
				t.Errorf("audit --only timeouts: exit %d, want 0 and PASS citing nothing of gonew_prod.go\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// embeddedServerMain returns a main that serves, through log.Fatal, the server
// embedded in a type of its own, held by s := lit.
func embeddedServerMain(lit string) string {
	return `package main

import (
	"log"
	"net/http"
)

type server struct{ http.Server }

func main() {
	s := &` + lit + `
	log.Fatal(s.ListenAndServe())
}
`
}

// TestAddPassesAuditCIRaceWithCgoOff: the GitLab job add writes runs go test -race with
// cgo on though the user's .gitlab-ci.yml turns it off for every job (a top-level
// variables: CGO_ENABLED: "0", for static builds), which would reach add's job too: the
// go command refuses -race without cgo, and audit's ci check says the race step runs no
// test.
func TestAddPassesAuditCIRaceWithCgoOff(t *testing.T) {
	const config = "variables:\n  CGO_ENABLED: \"0\"\n\nstages: [build, test]\n\nbuild:\n  stage: build\n  script: go build -o app .\n"
	for _, components := range [][]string{{"ci"}, {"ci", "makefile"}} {
		t.Run(strings.Join(components, " "), func(t *testing.T) {
			dir := serviceWith(t, map[string]string{".gitlab-ci.yml": config})
			if r := run(t, dir, append([]string{"add", "--yes"}, components...)...); r.code != ExitOK {
				t.Fatalf("add: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r := run(t, dir, "audit", "--only", "ci", dir)
			if r.code != ExitOK || !strings.Contains(r.stdout, "PASS") || strings.Contains(r.stdout, "runs no test") {
				t.Errorf("audit --only ci: exit %d, want 0 and PASS\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
