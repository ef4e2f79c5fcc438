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
// reaches (but see TestTimeoutSetThroughConstIndex), so a zero (or a value not told)
// there is UNKNOWN, never PASS; a positive one keeps the PASS.
func TestTimeoutSetThroughElement(t *testing.T) {
	const (
		pass    = "every server sets a read timeout"
		through = "1 server(s) get a zero or negative read timeout, or one this audit cannot follow, after a positive one, through an element of a slice or map or through a pointer"
		lit     = "{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}"
	)
	runCheckCases(t, []checkCase{
		{name: "an element of a slice literal zeroed by a variable index", files: elementServerMain("", "servers := []*http.Server{"+lit+"}\n\ti := 0\n\tservers[i].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a map literal zeroed", files: elementServerMain("", "m := map[string]*http.Server{\"a\": "+lit+"}\n\tm[\"a\"].ReadHeaderTimeout = 0", "m[\"a\"]"), check: "timeouts", want: Unknown, message: through},
		{name: "a slice holding the server zeroed", files: elementServerMain("", "srv := &http.Server"+lit+"\n\tservers := []*http.Server{srv}\n\tservers[0].ReadHeaderTimeout = 0", "srv"), check: "timeouts", want: Unknown, message: through},
		{name: "the server zeroed through its pointer written out", files: elementServerMain("", "srv := &http.Server"+lit+"\n\t(*srv).ReadHeaderTimeout = 0", "srv"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a package-level slice zeroed", files: elementServerMain("var servers = []*http.Server{"+lit+"}", "servers[0].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a slice literal given another positive value", files: elementServerMain("", "servers := []*http.Server{"+lit+"}\n\tservers[0].ReadHeaderTimeout = 10 * time.Second", "servers[0]"), check: "timeouts", want: Pass, message: pass},
	})
}

// TestTimeoutSetThroughConstIndex audits a read timeout set through an element of a
// local slice or array literal picked by a constant index (servers[1].ReadTimeout =
// ...): the set is the literal's at that index, judged as one on its variable, as
// long as nothing in the function may put another server there (the variable used
// but through such an element's fields and methods: assigned, given to a call,
// ranged over, an element replaced or its address taken), else it stays UNKNOWN.
func TestTimeoutSetThroughConstIndex(t *testing.T) {
	const (
		pass    = "every server sets a read timeout"
		fail    = "1 server(s) without a read timeout"
		through = "through an element of a slice or map or through a pointer"
		lit     = "{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}"
		bare    = "{Addr: \":9090\"}"
	)
	runCheckCases(t, []checkCase{
		{name: "the only element zeroed", files: elementServerMain("", "servers := []*http.Server{"+lit+"}\n\tservers[0].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Fail, message: fail},
		{name: "the second element zeroed", files: elementServerMain("", "servers := []*http.Server{"+lit+", "+lit+"}\n\tservers[1].ReadHeaderTimeout = 0\n\tgo servers[1].ListenAndServe()", "servers[0]"), check: "timeouts", want: Fail, message: fail},
		{name: "an element without a timeout given one", files: elementServerMain("", "servers := []*http.Server{"+lit+", "+bare+"}\n\tservers[1].ReadTimeout = 10 * time.Second\n\tgo servers[1].ListenAndServe()", "servers[0]"), check: "timeouts", want: Pass, message: pass},
		{name: "an element of an array of values given one", files: elementServerMain("", "servers := [2]http.Server{"+bare+", "+lit+"}\n\tservers[0].ReadHeaderTimeout = 10 * time.Second\n\tgo servers[1].ListenAndServe()", "servers[0]"), check: "timeouts", want: Pass, message: pass},
		{name: "an element at a keyed index given one", files: elementServerMain("", "servers := []*http.Server{1: "+bare+", 0: "+lit+"}\n\tservers[1].ReadTimeout = 10 * time.Second\n\tgo servers[1].ListenAndServe()", "servers[0]"), check: "timeouts", want: Pass, message: pass},
		{name: "an element given one after it serves", files: elementServerMain("", "servers := []*http.Server{"+lit+", "+bare+"}\n\tgo servers[1].ListenAndServe()\n\tservers[1].ReadTimeout = 10 * time.Second", "servers[0]"), check: "timeouts", want: Unknown},
		{name: "an element replaced, then given one", files: elementServerMain("", "servers := []*http.Server{"+bare+"}\n\tservers[0] = &http.Server"+lit+"\n\tservers[0].ReadTimeout = 10 * time.Second", "servers[0]"), check: "timeouts", want: Fail, message: fail},
		{name: "the slice handed to a call, then an element given one", files: elementServerMain("func keep([]*http.Server) {}", "servers := []*http.Server{"+bare+"}\n\tkeep(servers)\n\tservers[0].ReadTimeout = 10 * time.Second", "servers[0]"), check: "timeouts", want: Fail, message: fail},
		{name: "an element given to a call, then zeroed through its index", files: elementServerMain("func serve(s *http.Server) { _ = s.ListenAndServe() }", "servers := []*http.Server{"+lit+"}\n\tgo serve(servers[0])\n\tservers[0].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "a named constant index zeroed", files: elementServerMain("const first = 0", "servers := []*http.Server{"+lit+"}\n\tservers[first].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
	})
}

// TestTimeoutSetThroughListAlias audits a read timeout set to zero after a positive
// one through a variable that takes a server out of the local slice, array or map
// literal that holds it (s := servers[0], the variable of a range over it, another
// name for the list): which server such a variable reaches is not followed, so a
// zero (or a value not told) set through it, or in a function of the program given
// it, an element or the list, is UNKNOWN, never PASS; a positive one keeps the PASS.
func TestTimeoutSetThroughListAlias(t *testing.T) {
	const (
		pass    = "every server sets a read timeout"
		through = "through an element of a slice or map or through a pointer"
		lit     = "{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}"
		list    = "servers := []*http.Server{" + lit + "}\n\t"
		tune    = "func tune(s *http.Server) { s.ReadHeaderTimeout = 0 }"
	)
	runCheckCases(t, []checkCase{
		{name: "an element taken into a variable, then zeroed", files: elementServerMain("", list+"s := servers[0]\n\ts.ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the value of a range over the list zeroed", files: elementServerMain("", list+"for _, s := range servers {\n\t\ts.ReadHeaderTimeout = 0\n\t}", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element zeroed by the index of a range", files: elementServerMain("", list+"for i := range servers {\n\t\tservers[i].ReadHeaderTimeout = 0\n\t}", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of another name for the list zeroed", files: elementServerMain("", list+"all := servers\n\tall[0].ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element taken into a variable, then zeroed in a function literal", files: elementServerMain("", list+"s := servers[0]\n\tfunc() { s.ReadHeaderTimeout = 0 }()", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the address of an element of an array of values zeroed", files: elementServerMain("", "servers := [1]http.Server{"+lit+"}\n\tp := &servers[0]\n\tp.ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a map taken into a variable, then zeroed", files: elementServerMain("", "m := map[string]*http.Server{\"a\": "+lit+"}\n\ts := m[\"a\"]\n\ts.ReadHeaderTimeout = 0", "m[\"a\"]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element taken into a variable, then given a positive value", files: elementServerMain("", list+"s := servers[0]\n\ts.ReadHeaderTimeout = 10 * time.Second", "servers[0]"), check: "timeouts", want: Pass, message: pass},
		{name: "the value of a range over the list given a positive value", files: elementServerMain("", list+"for _, s := range servers {\n\t\ts.ReadTimeout = 10 * time.Second\n\t}", "servers[0]"), check: "timeouts", want: Pass, message: pass},
		{name: "an element taken into a variable, then given to a function zeroing it", files: elementServerMain(tune, list+"s := servers[0]\n\ttune(s)", "servers[0]"), check: "timeouts", want: Unknown},
		{name: "an element given to a function zeroing it", files: elementServerMain(tune, list+"tune(servers[0])", "servers[0]"), check: "timeouts", want: Unknown},
		{name: "the list given to a function zeroing an element", files: elementServerMain("func zero(ss []*http.Server) { ss[0].ReadHeaderTimeout = 0 }", list+"zero(servers)", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the list given to a function zeroing the value of a range over it", files: elementServerMain("func zero(ss []*http.Server) {\n\tfor _, s := range ss {\n\t\ts.ReadHeaderTimeout = 0\n\t}\n}", list+"zero(servers)", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the list given to a function giving each a positive value", files: elementServerMain("func tune(ss []*http.Server) {\n\tfor _, s := range ss {\n\t\ts.ReadTimeout = 10 * time.Second\n\t}\n}", list+"tune(servers)", "servers[0]"), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level list given to a function zeroing an element", files: elementServerMain("var servers = []*http.Server{"+lit+"}\n\nfunc zero(ss []*http.Server) { ss[0].ReadHeaderTimeout = 0 }", "zero(servers)", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "an element of a package-level list taken into a variable, then zeroed", files: elementServerMain("var servers = []*http.Server{"+lit+"}", "s := servers[0]\n\ts.ReadHeaderTimeout = 0", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the value of a range over a package-level list zeroed", files: elementServerMain("var servers = []*http.Server{"+lit+"}", "for _, s := range servers {\n\t\ts.ReadHeaderTimeout = 0\n\t}", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the value of a range given to a function literal zeroing it", files: elementServerMain("", list+"for _, s := range servers {\n\t\tfunc(x *http.Server) { x.ReadHeaderTimeout = 0 }(s)\n\t}", "servers[0]"), check: "timeouts", want: Unknown, message: through},
		{name: "the value of a range given to a function zeroing it", files: elementServerMain(tune, list+"for _, s := range servers {\n\t\ttune(s)\n\t}", "servers[0]"), check: "timeouts", want: Unknown},
	})
}
