package audit

import (
	"strings"
	"testing"
)

// TestDrainVerdicts audits services whose drain looks right at a glance but is not:
// a drain deadline that counts from start-up, a drain context that is cobra's
// command context (the signal context), and a serve error that an errgroup hands to
// log.Fatal on every clean stop; each next to the right form of the same shape.
func TestDrainVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "shutdown: a drain timeout of a variable number of seconds, converted",
			files:   earlyFiles(serveUntilSignal + "secs := 10\n\tc, cancel := context.WithTimeout(context.Background(), time.Duration(secs))\n\tdefer cancel()\n\t_ = srv.Shutdown(c)"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's drain timeout is a constant of 10ns",
		},
		{
			name:    "shutdown: a drain timeout of a variable zero, converted",
			files:   earlyFiles(serveUntilSignal + "secs := 0\n\tc, cancel := context.WithTimeout(context.Background(), time.Duration(secs))\n\tdefer cancel()\n\t_ = srv.Shutdown(c)"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called (a zero or negative timeout",
		},
		{
			name:    "shutdown: a drain timeout of a variable number of seconds, given its unit",
			files:   earlyFiles(serveUntilSignal + "secs := 10\n\tc, cancel := context.WithTimeout(context.Background(), time.Duration(secs)*time.Second)\n\tdefer cancel()\n\t_ = srv.Shutdown(c)"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name: "shutdown: the drain timeout is made at start-up, the goroutine waits for the signal",
			files: earlyFiles(`c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-sig
		ready.Store(false)
		_ = srv.Shutdown(c)
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	<-done`),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's timeout is set before the wait for the signal",
		},
		{
			name:    "shutdown: the drain timeout is made before the serve goroutine and the wait, in one function",
			files:   earlyFiles(drainTimeout + serveUntilSignal + "_ = srv.Shutdown(c)"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's timeout is set before the wait for the signal",
		},
		{
			name:    "shutdown: a deferred Shutdown with a timeout made before the wait",
			files:   earlyFiles(drainTimeout + "defer srv.Shutdown(c)\n\t" + strings.TrimSpace(serveUntilSignal)),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's timeout is set before the wait for the signal",
		},
		{
			name:    "shutdown: the drain timeout is made after the wait, Shutdown in a goroutine main waits for",
			files:   earlyFiles(serveUntilSignal + drainTimeout + "done := make(chan error, 1)\n\tgo func() { done <- srv.Shutdown(c) }()\n\t<-done"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: a pause on a timer between the timeout and Shutdown is no wait for the signal",
			files:   earlyFiles(serveUntilSignal + drainTimeout + "<-time.After(2 * time.Second)\n\t_ = srv.Shutdown(c)"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the drain context derives from cobra's command context, the signal context",
			files:   cobraFiles(true, "cmd.Context()"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context derives from the signal context (signal.NotifyContext)",
		},
		{
			name:    "shutdown: the drain context keeps the command context's values only",
			files:   cobraFiles(true, "context.WithoutCancel(cmd.Context())"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the command context is no signal context, the command catches the signal",
			files:   cobraFiles(false, "cmd.Context()"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: an errgroup's serve goroutine returns ErrServerClosed to a fatal Wait",
			files:   groupFiles("return srv.ListenAndServe()", "if err := g.Wait(); err != nil {\n\t\tlog.Fatal(err)\n\t}"),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded: the serve call returns that error to its group",
		},
		{
			name:    "shutdown: an errgroup's serve goroutine returns any serve error, Wait's error exits",
			files:   groupFiles("if err := srv.ListenAndServe(); err != nil {\n\t\t\treturn err\n\t\t}\n\t\treturn nil", "if err := g.Wait(); err != nil {\n\t\tos.Exit(1)\n\t}"),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches os.Exit without http.ErrServerClosed excluded",
		},
		{
			name:    "shutdown: an errgroup's serve goroutine excludes ErrServerClosed",
			files:   groupFiles("if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {\n\t\t\treturn err\n\t\t}\n\t\treturn nil", "if err := g.Wait(); err != nil {\n\t\tlog.Fatal(err)\n\t}"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the group's Wait error is logged, not fatal",
			files:   groupFiles("return srv.ListenAndServe()", "if err := g.Wait(); err != nil {\n\t\tlog.Print(err)\n\t}"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: an errgroup runs the method value srv.ListenAndServe, Wait's error reaches log.Fatal",
			files:   groupGoFiles("srv.ListenAndServe", "if err := g.Wait(); err != nil {\n\t\tlog.Fatal(err)\n\t}"),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded: the serve call returns that error to its group",
		},
		{
			name:    "shutdown: an errgroup runs the method value srv.ListenAndServe, Wait's error excludes ErrServerClosed",
			files:   groupGoFiles("srv.ListenAndServe", "if err := g.Wait(); !errors.Is(err, http.ErrServerClosed) {\n\t\tlog.Fatal(err)\n\t}"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: an errgroup runs the method value srv.ListenAndServe, Wait's error is logged",
			files:   groupGoFiles("srv.ListenAndServe", "if err := g.Wait(); err != nil {\n\t\tlog.Print(err)\n\t}"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name: "shutdown: run's group runs the method value srv.ListenAndServe, run's caller exits on its error",
			files: groupRunFiles(`g.Go(srv.ListenAndServe)
	g.Go(drain)
	return g.Wait()`),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded: the serve call returns that error to its group",
		},
		{
			name: "shutdown: a second server started as a method value in the group is never shut down",
			files: groupRunFiles(`files := &http.Server{Addr: ":9090", Handler: http.FileServer(http.Dir("/srv")), ReadHeaderTimeout: time.Second}
	g.Go(func() error {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(files.ListenAndServe)
	g.Go(drain)
	return g.Wait()`),
			check:   "shutdown",
			want:    Fail,
			message: "the server files is started but never shut down",
		},
		{
			name:    "shutdown: the serve error assigned, then passed to log.Fatal",
			files:   drainFiles("context.Background()", "err := srv.ListenAndServe()\n\tlog.Fatal(err)"),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded",
		},
		{
			name: "shutdown: the group's Wait error is returned from run, whose caller exits on it",
			files: groupRunFiles(`g.Go(func() error {
		return srv.ListenAndServe()
	})
	g.Go(drain)
	return g.Wait()`),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded: the serve call returns that error to its group",
		},
		{
			name: "shutdown: run returns the serve error at once, its caller exits on it",
			files: groupRunFiles(`go drain()
	if err := srv.ListenAndServe(); err != nil {
		return err
	}
	return g.Wait()`),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded: the serve call returns that error as soon as Shutdown starts, and the function of the program that returns it passes it on at once",
		},
		{
			name:    "shutdown: net/http's ListenAndServe serves the fields of the server Shutdown stops",
			files:   earlyFiles(serveAndDrain("http.ListenAndServe(srv.Addr, srv.Handler)", timedDrain)),
			check:   "shutdown",
			want:    Fail,
			message: "http.ListenAndServe builds a server of its own, which no Shutdown can reach: Shutdown is called on srv, which is never started",
		},
		{
			name:    "shutdown: a copy of the server is started, the original is shut down",
			files:   earlyFiles("api := &http.Server{Addr: srv.Addr, Handler: srv.Handler, ReadHeaderTimeout: time.Second}\n\t" + serveAndDrain("api.ListenAndServe()", timedDrain)),
			check:   "shutdown",
			want:    Fail,
			message: "the server api is started but never shut down, and Shutdown is called on srv, which is never started",
		},
		{
			name:    "shutdown: the server is handed to a function that serves it, a debug server on net/http's own",
			files:   withFiles(earlyFiles("go func() { log.Fatal(http.ListenAndServe(\"localhost:6060\", nil)) }()\n\t"+serveAndDrain("serve(srv)", timedDrain)), map[string]string{"serve.go": "package main\n\nimport \"net/http\"\n\nfunc serve(s *http.Server) error { return s.ListenAndServe() }\n"}),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name: "shutdown: the goroutine that receives SIGTERM exits at once, Shutdown only in an admin handler",
			files: earlyFiles(`sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	go func() {
		<-sig
		ready.Store(false)
		log.Print("signal received")
		os.Exit(0)
	}()
	mux.HandleFunc("POST /admin/drain", func(w http.ResponseWriter, r *http.Request) {
		` + timedDrain + `
	})
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}`),
			check:   "shutdown",
			want:    Fail,
			message: "the code that receives SIGTERM exits the process at once (os.Exit before any Shutdown)",
		},
		{
			name: "shutdown: a select on the signal context calls log.Fatal, Shutdown deferred in main",
			files: earlyFiles(`defer func() {
		` + timedDrain + `
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		select {
		case <-ctx.Done():
			log.Fatal("stopping")
		}
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Print(err)
	}`),
			check:   "shutdown",
			want:    Fail,
			message: "the code that receives SIGTERM exits the process at once (log.Fatal before any Shutdown)",
		},
		{
			name: "shutdown: a second signal forces the exit while the first drains",
			files: earlyFiles(`sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-sig
		go func() {
			<-sig
			os.Exit(1)
		}()
		ready.Store(false)
		` + timedDrain + `
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	<-done`),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: os.Exit after the drain",
			files:   earlyFiles(afterSignal(timedDrain + "\n\tos.Exit(0)")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: /readyz answers 503 only when the database ping fails",
			files:   pingFiles("if err := db.PingContext(r.Context()); err != nil {"),
			check:   "shutdown",
			want:    Warn,
			message: "the readiness endpoint can answer 503, but nothing in main's flow sets what it tests",
		},
		{
			name:    "shutdown: /readyz answers 503 when draining or when the database ping fails",
			files:   pingFiles("if err := db.PingContext(r.Context()); !ready.Load() || err != nil {"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "shutdown: /readyz answers 503 on an error of the program's own check",
			files:   pingFiles("if err := check(r.Context(), db); err != nil {"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name:    "shutdown: a drain context from context.WithCancel has no deadline",
			files:   earlyFiles(afterSignal("c, cancel := context.WithCancel(context.Background())\n\tdefer cancel()\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: a drain context that strips the signal context's cancellation has no deadline either",
			files:   earlyFiles(afterSignal("_ = srv.Shutdown(context.WithoutCancel(ctx))")),
			check:   "shutdown",
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: context.WithoutCancel drops the deadline of the timed context it wraps",
			files:   earlyFiles(afterSignal("c, cancel := context.WithTimeout(context.Background(), 10*time.Second)\n\tdefer cancel()\n\td := context.WithoutCancel(c)\n\t_ = srv.Shutdown(d)")),
			check:   "shutdown",
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: a timeout around context.WithoutCancel of the signal context",
			files:   earlyFiles(afterSignal("c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)\n\tdefer cancel()\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: values added to context.WithoutCancel of the signal context add no deadline",
			files:   earlyFiles(afterSignal("type ctxKey struct{}\n\tc := context.WithValue(context.WithoutCancel(ctx), ctxKey{}, 1)\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: a drain context that a variable takes from context.Background, then from itself with values",
			files:   earlyFiles(afterSignal("type ctxKey struct{}\n\tc := context.Background()\n\tc = context.WithValue(c, ctxKey{}, 1)\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Warn,
			message: "Shutdown has no deadline",
		},
		{
			name:    "shutdown: a drain context with a zero timeout",
			files:   earlyFiles(afterSignal("c, cancel := context.WithTimeout(context.Background(), 0)\n\tdefer cancel()\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called",
		},
		{
			name:    "shutdown: a drain context with a negative timeout",
			files:   earlyFiles(afterSignal("c, cancel := context.WithTimeout(context.Background(), -1*time.Second)\n\tdefer cancel()\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called",
		},
		{
			name:    "shutdown: the drain context cancelled before Shutdown",
			files:   earlyFiles(afterSignal("c, cancel := context.WithCancel(context.Background())\n\tcancel()\n\t_ = srv.Shutdown(c)")),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context is already over when Shutdown is called",
		},
		{
			name:    "shutdown: the timed drain context cancelled after Shutdown",
			files:   earlyFiles(afterSignal("c, cancel := context.WithTimeout(context.Background(), 10*time.Second)\n\t_ = srv.Shutdown(c)\n\tcancel()")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
	})
}

// drainTimeout makes c, the drain context with a timeout; serveUntilSignal starts
// srv and waits for SIGTERM, then turns readiness 503. Both are statements of func
// main (see earlyFiles).
const (
	drainTimeout     = "c, cancel := context.WithTimeout(context.Background(), 10*time.Second)\n\tdefer cancel()\n\t"
	serveUntilSignal = "ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()\n\tgo srv.ListenAndServe()\n\t<-ctx.Done()\n\tready.Store(false)\n\t"
)

// earlyFiles returns a service whose func main builds srv, a server with the
// readiness endpoint, then runs body.
func earlyFiles(body string) map[string]string {
	return mainFiles("example.test/e", readyMain("", `mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	`+body))
}

// pingFiles returns a service whose /readyz answers 503 under the if statement
// opened by cond, which may test db (a *sql.DB), the readiness flag ready (turned
// off on SIGTERM) or check, a function of the program that pings db.
func pingFiles(cond string) map[string]string {
	return mainFiles("example.test/ping", `package main

import (
	"context"
	"database/sql"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

func check(ctx context.Context, db *sql.DB) error {
	return db.PingContext(ctx)
}

func main() {
	db, err := sql.Open("pgx", os.Getenv("DSN"))
	if err != nil {
		log.Fatal(err)
	}
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		`+cond+`
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	`+serveAndDrain("srv.ListenAndServe()", timedDrain)+`
}
`)
}

// afterSignal returns the body of a main (see earlyFiles) that serves srv in a
// goroutine, waits for SIGTERM, turns readiness off and runs drain.
func afterSignal(drain string) string {
	return serveAndDrain("srv.ListenAndServe()", drain)
}

// timedDrain shuts srv down with a ten-second timeout.
const timedDrain = "c, cancel := context.WithTimeout(context.Background(), 10*time.Second)\n\tdefer cancel()\n\t_ = srv.Shutdown(c)"

// serveAndDrain returns the body of a main (see earlyFiles) that runs serve in a
// goroutine, log.Fatal on an error other than http.ErrServerClosed, waits for
// SIGTERM, turns readiness off and runs drain.
func serveAndDrain(serve, drain string) string {
	return `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := ` + serve + `; !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	` + drain
}

// cobraFiles returns a service whose main executes its cobra root command with a
// signal context (signal.NotifyContext) when fromSignal is set, else with
// context.Background(); the serve command catches SIGTERM itself and drains with a
// timeout derived from parent.
func cobraFiles(fromSignal bool, parent string) map[string]string {
	imports, run := "", "context.Background()"
	if fromSignal {
		imports = "\t\"os/signal\"\n\t\"syscall\"\n"
		run = "ctx"
	}
	main := `package main

import (
	"context"
	"os"
` + imports + `
	"example.test/cobrasrv/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if err := cli.NewRoot().ExecuteContext(` + run + `); err != nil {
		os.Exit(1)
	}
}
`
	if !fromSignal {
		main = strings.Replace(main, "\tctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\tdefer stop()\n", "", 1)
	}
	return map[string]string{
		"go.mod":          "module example.test/cobrasrv\n\ngo 1.26\n\nrequire github.com/spf13/cobra v1.10.2\n",
		"cmd/api/main.go": main,
		"internal/cli/serve.go": `// Package cli holds the commands.
package cli

import (
	"context"
	"errors"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"
)

// NewRoot returns the root command.
func NewRoot() *cobra.Command {
	root := &cobra.Command{Use: "api"}
	root.AddCommand(newServe())
	return root
}

func newServe() *cobra.Command {
	return &cobra.Command{
		Use: "serve",
		RunE: func(cmd *cobra.Command, _ []string) error {
			var draining atomic.Bool
			mux := http.NewServeMux()
			mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
				if draining.Load() {
					w.WriteHeader(http.StatusServiceUnavailable)
				}
			})
			srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
			stopped, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM)
			defer stop()
			errc := make(chan error, 1)
			go func() { errc <- srv.ListenAndServe() }()
			select {
			case err := <-errc:
				return err
			case <-stopped.Done():
			}
			draining.Store(true)
			ctx, cancel := context.WithTimeout(` + parent + `, 20*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				return err
			}
			if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
}
`,
	}
}

// groupFiles returns a service that runs serve (the body of an errgroup goroutine)
// and a drain goroutine in one group, then handles the group's error with wait.
func groupFiles(serve, wait string) map[string]string {
	return groupGoFiles("func() error {\n\t\t"+serve+"\n\t}", wait)
}

// groupGoFiles is groupFiles with the function the serve goroutine runs given
// whole: a function literal, or a method value (srv.ListenAndServe).
func groupGoFiles(serve, wait string) map[string]string {
	files := mainFiles("example.test/g", readyMain("\n\t\"golang.org/x/sync/errgroup\"", `mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	g, gctx := errgroup.WithContext(ctx)
	g.Go(`+serve+`)
	g.Go(func() error {
		<-gctx.Done()
		ready.Store(false)
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(c)
	})
	`+wait))
	files["go.mod"] += "\nrequire golang.org/x/sync v0.19.0\n"
	return files
}

// groupRunFiles returns a service whose main exits with log.Fatal on the error of
// run; run declares srv, an errgroup g and drain (which waits for SIGTERM and shuts
// srv down), then runs body.
func groupRunFiles(body string) map[string]string {
	files := mainFiles("example.test/r", readyMain("\n\t\"golang.org/x/sync/errgroup\"", `if err := run(); err != nil {
		log.Fatal(err)
	}`)+`
func run() error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	var g errgroup.Group
	drain := func() error {
		<-ctx.Done()
		ready.Store(false)
		c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(c)
	}
	`+body+`
}
`)
	files["go.mod"] += "\nrequire golang.org/x/sync v0.19.0\n"
	return files
}
