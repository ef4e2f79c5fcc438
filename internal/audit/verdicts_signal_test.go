package audit

import (
	"strings"
	"testing"
)

// TestSignalVerdicts audits services that catch SIGTERM at a glance but do not stop
// on it: SIGTERM ignored or reset after the Notify, a signal context nothing waits
// on, a signal list from a function of the program, the image's STOPSIGNAL, an Echo
// v5 start that never shuts down, and Shutdown on a copy of the server; each next to
// the right form of the same shape.
func TestSignalVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "shutdown: signal.Ignore of SIGHUP and SIGTERM after the NotifyContext",
			files:   earlyFiles(afterNotify("signal.Ignore(syscall.SIGHUP, syscall.SIGTERM)")),
			check:   "shutdown",
			want:    Fail,
			message: "signal.Ignore(syscall.SIGHUP, syscall.SIGTERM) undoes the Notify of SIGTERM",
		},
		{
			name:    "shutdown: signal.Reset of SIGTERM after the NotifyContext",
			files:   earlyFiles(afterNotify("signal.Reset(syscall.SIGTERM)")),
			check:   "shutdown",
			want:    Fail,
			message: "signal.Reset(syscall.SIGTERM) undoes the Notify of SIGTERM",
		},
		{
			name:    "shutdown: signal.Reset of every signal after the NotifyContext",
			files:   earlyFiles(afterNotify("signal.Reset()")),
			check:   "shutdown",
			want:    Fail,
			message: "signal.Reset() undoes the Notify of SIGTERM",
		},
		{
			name:    "shutdown: signal.Ignore of SIGHUP alone leaves SIGTERM caught",
			files:   earlyFiles(afterNotify("signal.Ignore(syscall.SIGHUP)")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: signal.Ignore of SIGTERM before the NotifyContext, which catches it again",
			files:   earlyFiles("signal.Ignore(syscall.SIGTERM)\n\t" + afterSignal(timedDrain)),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: signal.Reset of SIGTERM after the signal is received, so that a second one stops the process",
			files:   earlyFiles(strings.Replace(afterSignal(timedDrain), "ready.Store(false)\n", "ready.Store(false)\n\tsignal.Reset(syscall.SIGTERM)\n", 1)),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name: "shutdown: signal.Reset of SIGTERM in a goroutine after it receives the signal",
			files: earlyFiles(afterNotify(`go func() {
		<-ctx.Done()
		signal.Reset(syscall.SIGTERM)
	}()`)),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: signal.Ignore of SIGTERM in a function main calls",
			files:   earlyFiles("daemonize()\n\t" + afterSignal(timedDrain) + "\n}\n\nfunc daemonize() {\n\tsignal.Ignore(syscall.SIGTERM)"),
			check:   "shutdown",
			want:    Unknown,
			message: "whether it runs before or after the Notify",
		},
		{
			name:    "shutdown: the signal context's name is given another context before the wait",
			files:   earlyFiles(afterNotify("ctx, cancelApp := context.WithCancel(context.Background())\n\tdefer cancelApp()")),
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM cancels a context (signal.NotifyContext) that nothing waits on",
		},
		{
			name:    "shutdown: the signal context is put in the blank identifier, another context is waited on",
			files:   earlyFiles(strings.Replace(afterSignal(timedDrain), "ctx, stop :=", "sigCtx, stop :=", 1) + "\n\t_ = sigCtx\n\tctx := context.Background()\n\t_ = ctx"),
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM cancels a context (signal.NotifyContext) that nothing waits on",
		},
		{
			name:    "shutdown: a context derived from the signal context is waited on",
			files:   earlyFiles(afterNotify("ctx, cancelApp := context.WithCancel(ctx)\n\tdefer cancelApp()")),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the signal list is returned by a function of the package, os.Interrupt only",
			files:   earlyFiles(strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "termSignals()...)", 1) + "\n}\n\nfunc termSignals() []os.Signal {\n\treturn []os.Signal{os.Interrupt}"),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: SIGINT and SIGHUP, no SIGTERM",
			files:   earlyFiles(strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "syscall.SIGINT, syscall.SIGHUP)", 1)),
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is not caught (only SIGHUP, SIGINT are): SIGTERM, which Kubernetes and docker stop send, kills the process mid-request",
		},
		{
			name:    "shutdown: the signal list is returned by a function of the package, with SIGTERM",
			files:   earlyFiles(strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "termSignals()...)", 1) + "\n}\n\nfunc termSignals() []os.Signal {\n\treturn []os.Signal{os.Interrupt, syscall.SIGTERM}"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the signal list is returned by a function of another package of the program, os.Interrupt only",
			files:   lifecycleFiles("[]os.Signal{os.Interrupt}"),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: the signal list is a variable another package's function returns, with SIGTERM",
			files:   lifecycleFiles("stop\n}\n\nvar stop = []os.Signal{os.Interrupt, syscall.SIGTERM}\n\nfunc init() {"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the image's STOPSIGNAL is SIGQUIT, which is not caught",
			files:   withDockerfile(earlyFiles(afterSignal(timedDrain)), "STOPSIGNAL SIGQUIT"),
			check:   "shutdown",
			want:    Fail,
			message: "the image's STOPSIGNAL SIGQUIT (Dockerfile) is not caught",
		},
		{
			name:    "shutdown: the image's STOPSIGNAL is 3 (SIGQUIT), inherited from the stage it is built on",
			files:   withDockerfile(earlyFiles(afterSignal(timedDrain)), "STOPSIGNAL 3"),
			check:   "shutdown",
			want:    Fail,
			message: "the image's STOPSIGNAL SIGQUIT (Dockerfile) is not caught",
		},
		{
			name:    "shutdown: the image's STOPSIGNAL is SIGINT, which os.Interrupt catches",
			files:   withDockerfile(earlyFiles(strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "os.Interrupt)", 1)), "STOPSIGNAL SIGINT"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGINT, the stop signal of the image, is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the image's STOPSIGNAL is SIGTERM, os.Interrupt only is caught",
			files:   withDockerfile(earlyFiles(strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "os.Interrupt)", 1)), "STOPSIGNAL SIGTERM"),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: the image's STOPSIGNAL is a build argument",
			files:   withDockerfile(earlyFiles(afterSignal(timedDrain)), "STOPSIGNAL $SIG"),
			check:   "shutdown",
			want:    Unknown,
			message: "the image's STOPSIGNAL $SIG (Dockerfile) cannot be read",
		},
		{
			name:    "shutdown: Echo v5 StartConfig with a negative GracefulTimeout never shuts down",
			files:   startConfigFiles("-1"),
			check:   "shutdown",
			want:    Fail,
			message: "StartConfig has a negative GracefulTimeout: Echo then never calls Shutdown",
		},
		{
			name:    "shutdown: Echo v5 StartConfig with a negative GracefulTimeout in seconds",
			files:   startConfigFiles("-1 * time.Second"),
			check:   "shutdown",
			want:    Fail,
			message: "StartConfig has a negative GracefulTimeout: Echo then never calls Shutdown",
		},
		{
			name:    "shutdown: Echo v5 StartConfig with a zero GracefulTimeout drains within the default",
			files:   startConfigFiles("0"),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "shutdown: Shutdown on the server field of a value receiver, a copy",
			files:   copyFiles("a app", "http.Server"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown is called on a copy of the server: the value receiver a of stop copies the app, and its srv",
		},
		{
			name:    "shutdown: Shutdown on a server held by pointer in a value receiver",
			files:   copyFiles("a app", "*http.Server"),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
		{
			name:    "shutdown: Shutdown on the server field of a pointer receiver",
			files:   copyFiles("a *app", "http.Server"),
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown",
		},
	})
}

// afterNotify returns the body of a main (see earlyFiles) that serves, waits for
// SIGTERM and drains like afterSignal, with code right after the NotifyContext.
func afterNotify(code string) string {
	return strings.Replace(afterSignal(timedDrain), "defer stop()\n", "defer stop()\n\t"+code+"\n", 1)
}

// withDockerfile adds to files a Dockerfile whose build stage builds the service
// and whose final stage, built on a runtime stage that holds instr, runs it.
func withDockerfile(files map[string]string, instr string) map[string]string {
	files["Dockerfile"] = `FROM golang:1.26 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/svc .
FROM gcr.io/distroless/static-debian12:nonroot AS runtime
` + instr + `
FROM runtime
COPY --from=build /out/svc /svc
ENTRYPOINT ["/svc"]
`
	return files
}

// lifecycleFiles returns a service whose NotifyContext takes the signals that
// lifecycle.Signals, in another package of the program, returns: ret.
func lifecycleFiles(ret string) map[string]string {
	files := mainFiles("example.test/e", readyMain(`	"example.test/e/internal/lifecycle"`, `mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	`+strings.Replace(afterSignal(timedDrain), "syscall.SIGTERM)", "lifecycle.Signals()...)", 1)))
	files["internal/lifecycle/signals.go"] = `// Package lifecycle holds what stops the service.
package lifecycle

import (
	"os"
	"syscall"
)

var _ = syscall.SIGTERM

// Signals returns the signals that stop the service.
func Signals() []os.Signal {
	return ` + ret + `
}
`
	return files
}

// startConfigFiles returns an Echo v5 service started by a StartConfig with the
// signal context and GracefulTimeout timeout.
func startConfigFiles(timeout string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/e\n\ngo 1.26\n\nrequire github.com/labstack/echo/v5 v5.4.4\n",
		"main.go": `package main

import (
	"context"
	"log"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"github.com/labstack/echo/v5"
)

func main() {
	e := echo.New()
	e.GET("/healthz", func(c *echo.Context) error { return c.NoContent(http.StatusOK) })
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	_ = time.Second
	sc := echo.StartConfig{Address: ":8080", GracefulTimeout: ` + timeout + `}
	if err := sc.Start(ctx, e); err != nil {
		log.Fatal(err)
	}
}
`,
	}
}

// copyFiles returns a service whose app holds its server in a field of type typ
// (http.Server or a pointer to one) and shuts it down in a method stop with
// receiver recv.
func copyFiles(recv, typ string) map[string]string {
	lit := "http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}"
	if strings.HasPrefix(typ, "*") {
		lit = "&" + lit
	}
	return mainFiles("example.test/c", `package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"syscall"
	"time"
)

type app struct{ srv `+typ+` }

func (`+recv+`) stop(ctx context.Context) error { return a.srv.Shutdown(ctx) }

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	a := &app{srv: `+lit+`}
	go func() {
		if err := a.srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = a.stop(sctx)
}
`)
}

// TestStopSignalBakeStage checks that a bake target whose build arguments this
// audit cannot read still names the stage it ships: its STOPSIGNAL is judged there,
// while static-image, which the build arguments may change, is unknown.
func TestStopSignalBakeStage(t *testing.T) {
	const dockerfile = "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/svc .\n\n" +
		"FROM gcr.io/distroless/static-debian12:nonroot AS quitting\nSTOPSIGNAL SIGQUIT\nCOPY --from=build /out/svc /svc\nENTRYPOINT [\"/svc\"]\n\n" +
		"FROM gcr.io/distroless/static-debian12:nonroot AS plain\nCOPY --from=build /out/svc /svc\nENTRYPOINT [\"/svc\"]\n"
	files := func(bake, make string) map[string]string {
		f := earlyFiles(afterSignal(timedDrain))
		f["Dockerfile"], f["docker-bake.hcl"], f["Makefile"] = dockerfile, bake, "image:\n\t"+make+"\n"
		return f
	}
	target := func(args string) string {
		return "target \"default\" {\n  target = \"quitting\"\n  args = " + args + "\n  tags = [\"x\"]\n}\n"
	}
	runCheckCases(t, []checkCase{
		{name: "literal args", files: files(target("{ VERSION = \"1\" }"), "docker buildx bake"), check: "shutdown", want: Fail, message: "SIGQUIT"},
		{name: "args from an expression", files: files(target("merge({}, {})"), "docker buildx bake"), check: "shutdown", want: Fail, message: "SIGQUIT"},
		{name: "args from an expression, static-image", files: files(target("merge({}, {})"), "docker buildx bake"), check: "static-image", want: Unknown, message: "sets args to an expression"},
		{name: "args from an expression and --set", files: files(target("merge({}, {})"), "docker buildx bake --set default.target=plain"), check: "static-image", want: Unknown, message: "sets args to an expression"},
		{name: "the stage from an expression", files: files("variable \"S\" { default = \"plain\" }\ntarget \"default\" {\n  target = S\n  tags = [\"x\"]\n}\n", "docker buildx bake"), check: "shutdown", want: Unknown, message: "the STOPSIGNAL of the stage it ships cannot be told"},
		{name: "the stage overridden by --set", files: files(target("{ VERSION = \"1\" }"), "docker buildx bake --set default.target=plain"), check: "shutdown", want: Unknown, message: "--set default.target=plain overrides the bake files"},
	})
}
