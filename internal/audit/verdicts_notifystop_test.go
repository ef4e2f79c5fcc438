package audit

import "testing"

// notifyStopService returns a service that catches SIGTERM with signal.NotifyContext
// and runs before where main goes on from it, after where it has waited on the
// context; decls is package-level code, signal how ctx and stop are made.
func notifyStopService(decls, signal, before, after string) map[string]string {
	return shutdownService{
		Module: "example.test/s",
		Decls:  decls,
		Start:  localReady,
		Tested: "ready",
		Body: signal + `
	` + before + `
	go func() {
		` + serveFatal + `
	}()
	<-ctx.Done()
	` + after + `
	` + flipReady + `
	dctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	` + stopDrain,
	}.files()
}

// TestNotifyContextStop audits services that call the stop function of
// signal.NotifyContext: before anything waits on the context it cancels the
// context at once and unregisters the signal.
func TestNotifyContextStop(t *testing.T) {
	const notify = "ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)"
	runCheckCases(t, []checkCase{
		{
			name:    "stop() right after NotifyContext (defer forgotten)",
			files:   notifyStopService("", notify, "stop()", ""),
			check:   "shutdown",
			want:    Fail,
			message: "stop(), the stop function of signal.NotifyContext, runs right after the NotifyContext, before anything waits on ctx: it cancels the context at once",
		},
		{
			name:    "stop() before the wait on the context, with code that may block between",
			files:   notifyStopService("", notify, "srv.RegisterOnShutdown(func() {})\n\tstop()", ""),
			check:   "shutdown",
			want:    Fail,
			message: "stop(), the stop function of signal.NotifyContext, runs before the wait on ctx (ctx.Done())",
		},
		{
			name:    "stop() after the wait on the context",
			files:   notifyStopService("", notify, "", "stop()"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "defer stop()",
			files:   notifyStopService("", notify, "defer stop()", ""),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "stop() only on an early exit",
			files:   notifyStopService("", notify, "if os.Getenv(\"DISABLED\") != \"\" {\n\t\tstop()\n\t\treturn\n\t}\n\tdefer stop()", ""),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "stop() in a goroutine once the context is done",
			files:   notifyStopService("", notify, "go func() {\n\t\t<-ctx.Done()\n\t\tstop()\n\t}()", ""),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "stop deferred in the function that returns the context",
			files: notifyStopService(`func signalContext() context.Context {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	return ctx
}`, "ctx := signalContext()", "", ""),
			check:   "shutdown",
			want:    Fail,
			message: "stop(), the stop function of signal.NotifyContext, is deferred in the function that returns the context ctx",
		},
	})
}
