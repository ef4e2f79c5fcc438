package audit

import "testing"

// TestTimeoutSetInPackageLit audits a read timeout set after a positive one inside a
// function literal a package-level variable holds (var reset = func() {
// srv.ReadHeaderTimeout = 0 }), on the server, an element or alias of it, or in a
// function of the program the literal, or a package-level initializer (var _ =
// tune(srv)), hands it to: such code has no enclosing function in the index, and
// whether and when main's flow calls the literal is not told, so a value not shown
// positive there is UNKNOWN, never PASS; a positive one keeps the PASS.
func TestTimeoutSetInPackageLit(t *testing.T) {
	const (
		pass   = "every server sets a read timeout"
		from   = "after a positive one, from the function literal at main.go:"
		lit    = "{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}"
		global = "var srv = &http.Server" + lit + "\n\n"
		list   = "var servers = []*http.Server{" + lit + "}\n\n"
		tune   = "\n\nfunc tune(s *http.Server) { s.ReadHeaderTimeout = 0 }"
	)
	runCheckCases(t, []checkCase{
		{name: "a package-level server zeroed", files: elementServerMain(global+"var reset = func() { srv.ReadHeaderTimeout = 0 }", "reset()", "srv"), check: "timeouts", want: Unknown, message: from},
		{name: "an element of a package-level list zeroed", files: elementServerMain(list+"var reset = func() { servers[0].ReadHeaderTimeout = 0 }", "reset()", "servers[0]"), check: "timeouts", want: Unknown, message: from},
		{name: "the value of a range over a package-level list zeroed", files: elementServerMain(list+"var reset = func() {\n\tfor _, s := range servers {\n\t\ts.ReadHeaderTimeout = 0\n\t}\n}", "reset()", "servers[0]"), check: "timeouts", want: Unknown, message: from},
		{name: "a package-level server zeroed through an alias", files: elementServerMain(global+"var reset = func() {\n\ts := srv\n\ts.ReadHeaderTimeout = 0\n}", "reset()", "srv"), check: "timeouts", want: Unknown, message: from},
		{name: "a package-level server handed to a function zeroing it", files: elementServerMain(global+"var reset = func() { tune(srv) }"+tune, "reset()", "srv"), check: "timeouts", want: Unknown, message: from},
		{name: "a local server given to the literal's parameter and zeroed", files: elementServerMain("var reset = func(s *http.Server) { s.ReadHeaderTimeout = 0 }", "srv := &http.Server"+lit+"\n\treset(srv)", "srv"), check: "timeouts", want: Unknown, message: from},
		{name: "a package-level server zeroed in a literal of a struct's field", files: elementServerMain(global+"var hooks = struct{ reset func() }{reset: func() { srv.ReadHeaderTimeout = 0 }}", "hooks.reset()", "srv"), check: "timeouts", want: Unknown, message: from},
		{name: "a package-level server given a value not told", files: elementServerMain(global+"var limit string\n\nvar reset = func() {\n\td, _ := time.ParseDuration(limit)\n\tsrv.ReadHeaderTimeout = d\n}", "reset()", "srv"), check: "timeouts", want: Unknown, message: from},
		{name: "a package-level server handed by a package-level initializer to a function zeroing it", files: elementServerMain(global+"var _ = tune(srv)\n\nfunc tune(s *http.Server) bool {\n\ts.ReadHeaderTimeout = 0\n\treturn true\n}", "", "srv"), check: "timeouts", want: Unknown, message: "after a positive one, from the package-level declaration at main.go:"},
		{name: "a package-level server handed by a package-level initializer to a function giving it a positive value", files: elementServerMain(global+"var _ = tune(srv)\n\nfunc tune(s *http.Server) bool {\n\ts.ReadHeaderTimeout = time.Minute\n\treturn true\n}", "", "srv"), check: "timeouts", want: Pass, message: pass},
		{name: "a package-level server given a positive value", files: elementServerMain(global+"var reset = func() { srv.ReadHeaderTimeout = 10 * time.Second }", "reset()", "srv"), check: "timeouts", want: Pass, message: pass},
		{name: "an element of a package-level list given a positive value", files: elementServerMain(list+"var reset = func() { servers[0].ReadTimeout = 10 * time.Second }", "reset()", "servers[0]"), check: "timeouts", want: Pass, message: pass},
	})
}
