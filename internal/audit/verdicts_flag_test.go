package audit

import (
	"testing"
)

// flagMain returns a service whose /readyz answers 503 while TESTED is false; DECLS
// is package-level code, START the code at the top of main, before the server starts
// and the wait for the signal, and DRAIN the code after the signal, before Shutdown.
func flagMain(tested, decls, start, drain string) map[string]string {
	return shutdownService{Module: "example.test/f", Decls: decls, Start: start, Tested: tested, Serve: serveFatal, Flip: drain, Stop: stopDrain}.files()
}

// Two struct types with a flag field each named ready: the api's is what /readyz
// tests, the cache's is what its constructor sets to false.
const twoReadyTypes = `type cache struct {
	ready atomic.Bool
	data  map[string]string
}

func newCache() *cache {
	c := &cache{data: map[string]string{}}
	c.ready.Store(false)
	go func() { c.data["k"] = "v"; c.ready.Store(true) }()
	return c
}

type api struct {
	ready atomic.Bool
	c     *cache
}

func (a *api) stop() { a.ready.Store(false) }`

// TestReadinessFlagVerdicts audits readiness flags that are set to the 503 value
// only where no shutdown is: the declaration of a local flag, a warm-up before the
// wait for the signal, an init function, another type's field of the same name;
// each next to a flag that is set so after the signal.
func TestReadinessFlagVerdicts(t *testing.T) {
	const never = "nothing in main's flow sets what it tests to the value that answers 503 once the signal is received"
	const pass = "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503"
	cases := []checkCase{
		{
			name:    "shutdown: a local flag's declaration is no flip",
			files:   flagMain("ready", "", "var ready atomic.Bool\n\tready.Store(true)", ""),
			want:    Warn,
			message: never,
		},
		{
			name:    "shutdown: a local flag made by new is no flip",
			files:   flagMain("ready", "", "ready := new(atomic.Bool)\n\tready.Store(true)", ""),
			want:    Warn,
			message: never,
		},
		{
			name:    "shutdown: a local flag set to false after the signal",
			files:   flagMain("ready", "", "ready := new(atomic.Bool)\n\tready.Store(true)", "ready.Store(false)"),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: a warm-up sets the flag to false before the wait for the signal only",
			files:   flagMain("ready", "var ready atomic.Bool", "ready.Store(false)\n\ttime.Sleep(time.Second)\n\tready.Store(true)", ""),
			want:    Warn,
			message: never,
		},
		{
			name:    "shutdown: an init function sets the flag to false",
			files:   flagMain("ready", "var ready atomic.Bool\n\nfunc init() { ready.Store(false) }", "go func() { time.Sleep(time.Second); ready.Store(true) }()", ""),
			want:    Warn,
			message: never,
		},
		{
			name:    "shutdown: a warm-up, and the flag set to false again after the signal",
			files:   flagMain("ready", "var ready atomic.Bool", "ready.Store(false)\n\ttime.Sleep(time.Second)\n\tready.Store(true)", "ready.Store(false)"),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: a function called after the signal sets the flag to false",
			files:   flagMain("ready", "var ready atomic.Bool\n\nfunc drain() { ready.Store(false); time.Sleep(5 * time.Second) }", "ready.Store(true)", "drain()"),
			want:    Pass,
			message: pass,
		},
		{
			name: "shutdown: the goroutine that receives the signal sets the flag to false",
			files: flagMain("ready", "var ready atomic.Bool", `ready.Store(true)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		<-sigs
		ready.Store(false)
	}()`, ""),
			want:    Pass,
			message: pass,
		},
		{
			name: "shutdown: the flag set to false between the signal and a second one that forces the exit",
			files: flagMain("ready", "var ready atomic.Bool", `ready.Store(true)
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGTERM)
	go func() {
		<-sigs
		ready.Store(false)
		select {
		case <-sigs:
			os.Exit(1)
		case <-time.After(30 * time.Second):
		}
	}()`, ""),
			want:    Pass,
			message: pass,
		},
		{
			name:    "shutdown: another type's field of the same name is set to false",
			files:   flagMain("a.ready", twoReadyTypes, "a := &api{c: newCache()}\n\ta.ready.Store(true)", ""),
			want:    Warn,
			message: never,
		},
		{
			name:    "shutdown: the tested type's own field is set to false after the signal",
			files:   flagMain("a.ready", twoReadyTypes, "a := &api{c: newCache()}\n\ta.ready.Store(true)", "a.stop()"),
			want:    Pass,
			message: pass,
		},
		{
			name: "shutdown: the field is set to false through the type that embeds it",
			files: flagMain("a.ready", `type probe struct{ ready atomic.Bool }

type api struct{ probe }

func (p *probe) down() { p.ready.Store(false) }`, "a := &api{}\n\ta.ready.Store(true)", "a.down()"),
			want:    Pass,
			message: pass,
		},
		{
			name: "shutdown: two types share the flag through a pointer field",
			files: flagMain("a.ready", `type api struct{ ready *atomic.Bool }

type stopper struct{ ready *atomic.Bool }

func (s *stopper) stop() { s.ready.Store(false) }`, "flag := new(atomic.Bool)\n\ta := &api{ready: flag}\n\ts := &stopper{ready: flag}\n\ta.ready.Store(true)", "s.stop()"),
			want:    Pass,
			message: pass,
		},
	}
	for i := range cases {
		cases[i].check = "shutdown"
	}
	runCheckCases(t, cases)
}
