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

// TestShutdownThroughAWrapper: a function of the program that always calls Shutdown
// (its first statement, or one that none before may return) closes the listeners where
// main calls it, so a readiness flip after that call comes too late; one that calls
// Shutdown only on some paths, or a call deferred, tells nothing of the sort.
func TestShutdownThroughAWrapper(t *testing.T) {
	const late = "readiness turns 503 only after Shutdown has closed the listeners"
	const pass = "readiness turns 503"
	const wrappers = `func stopServer(s *http.Server, ctx context.Context) error { return s.Shutdown(ctx) }

func stopLogged(s *http.Server, ctx context.Context) {
	if err := s.Shutdown(ctx); err != nil {
		log.Print(err)
	}
}

func stopIf(s *http.Server, ctx context.Context, drain bool) error {
	if drain {
		return s.Shutdown(ctx)
	}
	return s.Close()
}

func stopOnce(s *http.Server, ctx context.Context) error {
	if s == nil {
		return nil
	}
	return s.Shutdown(ctx)
}

type server struct{ http *http.Server }

func (s server) stop(ctx context.Context) error { return s.http.Shutdown(ctx) }`
	service := func(flip, stop string) map[string]string {
		return shutdownService{Module: "example.test/w", Decls: wrappers, Start: localReady, Tested: "ready", Serve: serveFatal, Flip: flip, Stop: stop}.files()
	}
	runCheckCases(t, []checkCase{
		{name: "shutdown: a function returning Shutdown's error, readiness after it", files: service("", "_ = stopServer(srv, dctx)\n\tready.Store(false)"), check: "shutdown", want: Warn, message: late},
		{name: "shutdown: a function returning Shutdown's error in an if, readiness after it", files: service("", "if err := stopServer(srv, dctx); err != nil {\n\t\tlog.Print(err)\n\t}\n\tready.Store(false)"), check: "shutdown", want: Warn, message: late},
		{name: "shutdown: a function calling Shutdown in its if, readiness after it", files: service("", "stopLogged(srv, dctx)\n\tready.Store(false)"), check: "shutdown", want: Warn, message: late},
		{name: "shutdown: a method returning Shutdown's error, readiness after it", files: service("", "w := server{http: srv}\n\t_ = w.stop(dctx)\n\tready.Store(false)"), check: "shutdown", want: Warn, message: late},
		{name: "shutdown: a function returning Shutdown's error, readiness before it", files: service(flipReady, "_ = stopServer(srv, dctx)"), check: "shutdown", want: Pass, message: pass},
		{name: "shutdown: a function returning Shutdown's error, deferred", files: service("", "defer stopServer(srv, dctx)\n\tready.Store(false)"), check: "shutdown", want: Pass, message: pass},
		{name: "shutdown: a function calling Shutdown on one path only", files: service("", "_ = stopIf(srv, dctx, true)\n\tready.Store(false)"), check: "shutdown", want: Pass, message: pass},
		{name: "shutdown: a function that may return before Shutdown", files: service("", "_ = stopOnce(srv, dctx)\n\tready.Store(false)"), check: "shutdown", want: Pass, message: pass},
	})
}
