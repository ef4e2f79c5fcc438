package audit

import "testing"

// deferredService is a service with the usual shutdown path whose code after the wait
// for the signal (flip) and after the drain context (stop) the case gives; the drain
// context's cancel is deferred before stop.
func deferredService(flip, stop string) map[string]string {
	return shutdownService{Module: "example.test/d", Start: localReady, Tested: "ready", Serve: serveFatal, Flip: flip, Stop: stop}.files()
}

// TestDeferredShutdownVerdicts audits services whose readiness flip, drain context
// or Shutdown is deferred: a deferred call runs when its function returns, after the
// code in place, the last deferred first, not where it is written.
func TestDeferredShutdownVerdicts(t *testing.T) {
	const late = "readiness turns 503 only after Shutdown has closed the listeners"
	const done = "Shutdown's context is already over when Shutdown is called"
	runCheckCases(t, []checkCase{
		{
			name:    "shutdown: readiness flipped by a deferred call after the wait, Shutdown in place",
			files:   deferredService("defer ready.Store(false)", stopDrain),
			check:   "shutdown",
			want:    Warn,
			message: late,
		},
		{
			name:    "shutdown: readiness flipped in place, Shutdown deferred after the deferred cancel",
			files:   deferredService(flipReady, "defer srv.Shutdown(dctx)"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "shutdown: readiness flip deferred before a deferred Shutdown, which runs first",
			files:   deferredService("defer ready.Store(false)", "defer srv.Shutdown(dctx)"),
			check:   "shutdown",
			want:    Warn,
			message: late,
		},
		{
			name:    "shutdown: readiness flip deferred after a deferred Shutdown, so it runs first",
			files:   deferredService("", "defer srv.Shutdown(dctx)\n\tdefer ready.Store(false)"),
			check:   "shutdown",
			want:    Pass,
			message: "readiness turns 503",
		},
		{
			name:    "shutdown: cancel deferred after a deferred Shutdown runs before it",
			files:   deferredService(flipReady, "defer srv.Shutdown(dctx)\n\tdefer cancel()"),
			check:   "shutdown",
			want:    Fail,
			message: done,
		},
		{
			name:    "shutdown: cancel called in place before main returns, Shutdown deferred",
			files:   deferredService(flipReady, "defer srv.Shutdown(dctx)\n\tcancel()"),
			check:   "shutdown",
			want:    Fail,
			message: done,
		},
		{
			name:    "shutdown: cancel deferred before the Shutdown in place runs after it",
			files:   deferredService(flipReady, stopDrain+"\n\tdefer cancel()"),
			check:   "shutdown",
			want:    Pass,
			message: "readiness turns 503",
		},
	})
}
