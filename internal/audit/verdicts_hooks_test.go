package audit

import (
	"testing"
)

// hooksMain returns a service with a correct SIGTERM and readiness path that drains
// with DRAIN, run after the signal with the context dctx (a 20 s timeout), beside
// the package-level DECLS.
func hooksMain(decls, drain string) map[string]string {
	return shutdownService{Module: "example.test/k", Decls: decls, Start: localReady, Tested: "ready", Serve: serveFatal, Flip: flipReady, Stop: drain}.files()
}

const callHooks = `
	for _, h := range hooks {
		if err := h(dctx); err != nil {
			log.Print(err)
		}
	}`

// TestShutdownHooksVerdicts audits servers shut down through a method value
// (srv.Shutdown) called as a func value: a variable, a slice or map of shutdown
// hooks called in a loop; next to hooks that hold no server's Shutdown.
func TestShutdownHooksVerdicts(t *testing.T) {
	const pass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	cases := []checkCase{
		{
			name:    "shutdown: a slice of shutdown hooks holds srv.Shutdown",
			files:   hooksMain("", "hooks := []func(context.Context) error{srv.Shutdown}"+callHooks),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: srv.Shutdown assigned to a variable and called",
			files:   hooksMain("", "drain := srv.Shutdown\n\t_ = drain(dctx)"),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: srv.Shutdown appended to the hooks",
			files:   hooksMain("", "var hooks []func(context.Context) error\n\thooks = append(hooks, srv.Shutdown)"+callHooks),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: a map of shutdown hooks holds srv.Shutdown",
			files:   hooksMain("", `hooks := map[string]func(context.Context) error{"http": srv.Shutdown}`+callHooks),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: the hook's context has no deadline",
			files:   hooksMain("", "drain := srv.Shutdown\n\t_ = drain(context.Background())"),
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: the hooks hold only a flusher's Shutdown, no server's",
			files:   hooksMain("type flusher struct{}\n\nfunc (flusher) Shutdown(context.Context) error { return nil }", "f := flusher{}\n\thooks := []func(context.Context) error{f.Shutdown}"+callHooks),
			want:    Fail,
			message: "SIGTERM is caught but nothing calls Shutdown",
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
