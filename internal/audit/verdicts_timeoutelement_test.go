package audit

import (
	"strings"
	"testing"
)

// elementServerMain returns a main that builds servers with decl, a read timeout of
// 5s in each literal, runs build and serves with serve.
func elementServerMain(global, build, serve string) map[string]string {
	return mainFiles("example.test/t", strings.NewReplacer("GLOBAL", global, "BUILD", build, "SERVE", serve).Replace(`package main

import (
	"log"
	"net/http"
	"time"
)

var _ = time.Second

GLOBAL

func main() {
	BUILD
	log.Fatal(SERVE.ListenAndServe())
}
`))
}

// TestTimeoutSetThroughElement audits a read timeout set to zero after a positive
// one through an element of a slice or map, or through a pointer written out
// ((*p).ReadHeaderTimeout): this audit does not follow which server such a set
// reaches, so a zero (or a value not told) there is UNKNOWN, never PASS; a positive
// one keeps the PASS.
func TestTimeoutSetThroughElement(t *testing.T) {
	const (
		pass    = "every server sets a read timeout"
		through = "1 server(s) get a zero or negative read timeout, or one this audit cannot follow, after a positive one, through an element of a slice or map or through a pointer"
		lit     = "{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}"
	)
	runCheckCases(t, []checkCase{
		{name: "an element of a slice literal zeroed", files: elementServerMain("", "servers := []*http.Server{"+lit+"}\n\tservers[0].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a map literal zeroed", files: elementServerMain("", "m := map[string]*http.Server{\"a\": "+lit+"}\n\tm[\"a\"].ReadHeaderTimeout = 0", "m[\"a\"]"), check: "timeouts", want: Unknown, message: through},
		{name: "a slice holding the server zeroed", files: elementServerMain("", "srv := &http.Server"+lit+"\n\tservers := []*http.Server{srv}\n\tservers[0].ReadHeaderTimeout = 0", "srv"), check: "timeouts", want: Unknown, message: through},
		{name: "the server zeroed through its pointer written out", files: elementServerMain("", "srv := &http.Server"+lit+"\n\t(*srv).ReadHeaderTimeout = 0", "srv"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a package-level slice zeroed", files: elementServerMain("var servers = []*http.Server{"+lit+"}", "servers[0].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a slice literal given another positive value", files: elementServerMain("", "servers := []*http.Server{"+lit+"}\n\tservers[0].ReadHeaderTimeout = 10 * time.Second", "servers[0]"), check: "timeouts", want: Pass, message: pass},
	})
}
