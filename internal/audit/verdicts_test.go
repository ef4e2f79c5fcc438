package audit

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// runs is how many times TestVerdicts audits each repository: a verdict that
// depends on map order differs between runs.
const runs = 30

// TestVerdicts audits small repositories written inline, several times each, and
// checks that one check gives the same, expected status and message every time.
func TestVerdicts(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		check string
		want  Status
		// message is the expected message, or a part of it when partial is set.
		message string
		partial bool
		// at is the expected first evidence as file:line, or "" to leave it unchecked.
		at string
	}{
		{
			name: "shutdown context from the innermost enclosing function",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": `package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx := context.Background()
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	done := make(chan struct{})
	go func() {
		defer close(done)
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		stop := func() { srv.Shutdown(ctx) }
		stop()
	}()
	srv.ListenAndServe()
	<-done
}
`,
			},
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown: load balancers keep sending requests while the server drains",
		},
		{
			name: "a signal channel nothing receives from swallows SIGTERM",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": `package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	http.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	defer srv.Shutdown(context.Background())
	log.Fatal(srv.ListenAndServe())
}
`,
			},
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is caught into a channel that nothing receives from: the signal is swallowed, nothing drains, and the process runs on until SIGKILL",
			at:      "main.go:17",
		},
		{
			name: "signal handling only in a function nothing calls",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": `package main

import (
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func wait() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
}

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`,
			},
			check:   "shutdown",
			want:    Fail,
			message: "the only signal handling is in a function that main's flow never calls: SIGTERM kills the process and every in-flight request with it",
			at:      "main.go:13",
		},
		{
			name: "Shutdown only in a function nothing calls drains nothing",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": sigtermMain("// stop is kept for later.\nfunc stop(s *http.Server, c context.Context) { s.Shutdown(c) }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "_ = c"),
			},
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is caught but nothing calls Shutdown where main's flow runs (the Shutdown found is in a function nothing calls): nothing drains in-flight requests",
		},
		{
			name: "Shutdown in a function main calls through a function value drains",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": sigtermMain("func stop(s *http.Server, c context.Context) { s.Shutdown(c) }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "f := stop\n\tf(srv, c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "a readiness flag that is only ever set to ready never turns 503",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": sigtermMain("var ready bool\n\nfunc init() { ready = true }",
					"if !ready {\n\t\tw.WriteHeader(http.StatusServiceUnavailable)\n\t}", "srv.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Warn,
			message: "the readiness endpoint can answer 503, but nothing in main's flow sets what it tests to the value that answers 503 once the signal is received (a flag never set so, or set so only before the wait for the signal, or only the error of a dependency's check): it never turns 503 on shutdown",
		},
		{
			name: "a readiness flag set to not ready before Shutdown turns 503",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": sigtermMain("var ready bool\n\nfunc init() { ready = true }",
					"if !ready {\n\t\tw.WriteHeader(http.StatusServiceUnavailable)\n\t}", "ready = false\n\tsrv.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "a draining flag set in a function nothing calls never turns 503",
			files: map[string]string{
				"go.mod": "module example.test/s\n\ngo 1.26\n",
				"main.go": sigtermMain("type state struct{ draining bool }\n\nvar st state\n\nfunc drain() { st.draining = true }",
					"if st.draining {\n\t\tw.WriteHeader(http.StatusServiceUnavailable)\n\t}", "srv.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Warn,
			message: "the readiness endpoint can answer 503, but nothing in main's flow sets what it tests to the value that answers 503 once the signal is received (a flag never set so, or set so only before the wait for the signal, or only the error of a dependency's check): it never turns 503 on shutdown",
		},
		{
			name:    "a tracing handler that is built but not served wraps nothing",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\")\n\t_ = traced", "app"),
			check:   "otel",
			want:    Warn,
			message: "no tracing middleware wraps the router a server serves (the tracing handler built is not what is served): incoming trace context is dropped",
		},
		{
			name:    "a tracing handler that is served wraps the router",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\")", "traced"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "a propagator of baggage only extracts no trace context",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\")", "traced", "otel.SetTextMapPropagator(propagation.Baggage{})"),
			check:   "otel",
			want:    Fail,
			message: "tracing middleware is installed but the propagator set extracts no trace context (only baggage, or none): every request starts a new trace",
		},
		{
			name:    "an empty composite propagator extracts no trace context",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\")", "traced", "otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator())"),
			check:   "otel",
			want:    Fail,
			message: "tracing middleware is installed but the propagator set extracts no trace context (only baggage, or none): every request starts a new trace",
		},
		{
			name:    "a composite of baggage only extracts no trace context",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\")", "traced", "otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(&propagation.Baggage{}))"),
			check:   "otel",
			want:    Fail,
			message: "tracing middleware is installed but the propagator set extracts no trace context (only baggage, or none): every request starts a new trace",
		},
		{
			name:    "a composite with TraceContext extracts the trace context",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\")", "traced", "otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.Baggage{}, propagation.TraceContext{}))"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "a composite of a spread slice with TraceContext",
			files:   otelGlobal("props := []propagation.TextMapPropagator{propagation.TraceContext{}}\n\ttraced := otelhttp.NewHandler(app, \"api\")", "traced", "otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(props...))"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "only the loopback admin server is traced, not the public one",
			files:   otelFiles("admin := &http.Server{Addr: \"127.0.0.1:9090\", Handler: otelhttp.NewHandler(http.NotFoundHandler(), \"admin\"), ReadHeaderTimeout: time.Second}\n\tgo admin.ListenAndServe()", "app"),
			check:   "otel",
			want:    Warn,
			message: "no tracing middleware wraps the handler of the public server (http.Server on :8080): incoming trace context on the API is dropped; only another server is traced",
		},
		{
			name:    "the public server is traced and the loopback admin server is not",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\")\n\tadmin := &http.Server{Addr: \"127.0.0.1:9090\", Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second}\n\tgo admin.ListenAndServe()", "traced"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			// As gonew-prod add writes it: the traced handler is mounted on a mux that
			// becomes the Handler of the server another function starts.
			name: "a tracing handler mounted on the mux a server field is set to",
			files: map[string]string{
				"telemetry.go": providerInit,
				"go.mod":       "module example.test/o\n\ngo 1.26\n",
				"main.go": `package main

import (
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func wrap(srv *http.Server) {
	handler := srv.Handler
	handler = otelhttp.NewHandler(handler, "api")
	mux := http.NewServeMux()
	mux.Handle("/", handler)
	srv.Handler = mux
}

func serve(srv *http.Server) error {
	wrap(srv)
	s := &http.Server{Addr: srv.Addr, Handler: srv.Handler, ReadHeaderTimeout: time.Second}
	return s.ListenAndServe()
}

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	_ = serve(&http.Server{Addr: ":8080", Handler: http.NewServeMux()})
}
`,
			},
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			// As gonew-prod add wires a net/http service: serve(addr, handler) builds the
			// server with a constructor and hands it on to the function that wraps its handler.
			name: "a handler served by a serving function that wraps it further down",
			files: map[string]string{
				"telemetry.go": providerInit,
				"go.mod":       "module example.test/o\n\ngo 1.26\n",
				"internal/httpserver/httpserver.go": "package httpserver\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n" +
					"// New returns a server of handler on addr.\nfunc New(addr string, handler http.Handler) *http.Server {\n" +
					"\treturn &http.Server{Addr: addr, Handler: handler, ReadHeaderTimeout: time.Second}\n}\n",
				"main.go": `package main

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.test/o/internal/httpserver"
)

func run(srv *http.Server) error {
	handler := otelhttp.NewHandler(srv.Handler, "api")
	mux := http.NewServeMux()
	mux.Handle("/", handler)
	srv.Handler = mux
	return srv.ListenAndServe()
}

func serveServer(srv *http.Server) error { return run(srv) }

func serve(addr string, handler http.Handler) error {
	srv := httpserver.New(addr, handler)
	return serveServer(srv)
}

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	_ = serve(":3000", routes())
}
`,
			},
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			// As gonew-prod add wires a gin service: the router a function builds, with the
			// middleware through a helper, served by a local function that hands it on to
			// the one that builds the server (and an admin listener with the profiles).
			name: "a gin router served through local serving functions",
			files: map[string]string{
				"telemetry.go": providerInit,
				"go.mod":       "module example.test/o\n\ngo 1.26\n",
				"main.go":      localServing,
			},
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name: "a gin router served through a constructor of another package",
			files: map[string]string{
				"telemetry.go": providerInit,
				"go.mod":       "module example.test/o\n\ngo 1.26\n",
				"internal/httpserver/httpserver.go": "package httpserver\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n" +
					"// New returns a server of handler on addr.\nfunc New(addr string, handler http.Handler) *http.Server {\n" +
					"\treturn &http.Server{Addr: addr, Handler: handler, ReadHeaderTimeout: time.Second}\n}\n",
				"main.go": strings.Replace(strings.Replace(localServing,
					"return serveServer(&http.Server{Addr: addr, Handler: handler})", "return serveServer(httpserver.New(addr, handler))", 1),
					"import (\n", "import (\n\t\"example.test/o/internal/httpserver\"\n", 1),
			},
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name: "a router handed to a serving function that also starts the profiles' listener",
			files: map[string]string{
				"go.mod":  "module example.test/o\n\ngo 1.26\n",
				"main.go": localServing,
			},
			check:   "pprof",
			want:    Warn,
			message: "pprof is served on a separate loopback listener without authentication: any process on the host can profile the service",
		},
		{
			name: "cgo through a gorm driver built with CGO_ENABLED=0 into scratch",
			files: map[string]string{
				"go.mod": "module example.test/g\n\ngo 1.26\n\nrequire (\n\tgorm.io/driver/sqlite v1.6.0\n\tgorm.io/gorm v1.31.0\n)\n\n" +
					"require github.com/mattn/go-sqlite3 v1.14.28 // indirect\n",
				"go.sum": "gorm.io/gorm v1.31.0 h1:synthetic=\n",
				"main.go": `package main

import (
	"net/http"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

func main() {
	db, _ := gorm.Open(sqlite.Open("app.db"), &gorm.Config{})
	_ = db
	http.ListenAndServe(":8080", nil)
}
`,
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\n",
			},
			check: "static-image",
			want:  Fail,
			message: "Dockerfile (final stage FROM scratch): the code needs cgo (gorm.io/driver/sqlite, which uses github.com/mattn/go-sqlite3, required at go.mod:10) but is built with CGO_ENABLED=0: " +
				"switch to the pure-Go github.com/glebarez/sqlite (a gorm driver on modernc.org/sqlite) and keep CGO_ENABLED=0 and scratch, or build with CGO_ENABLED=1 into a libc image such as gcr.io/distroless/base-debian12",
		},
		{
			name:  "-X into variables that only a build tag the build does not set declares",
			files: buildTagFiles("build:\n\tgo build -ldflags \"-X $(BI).Version=1 -X $(BI).Commit=abc\" -o bin/api .\n"),
			check: "ldflags",
			want:  Fail,
			message: "the Makefile build (Makefile:4) sets -X example.test/b/buildinfo.Version, -X example.test/b/buildinfo.Commit into no variable of that build " +
				"(a constant in buildinfo/dev.go; the variable in buildinfo/release.go needs //go:build release && (linux || darwin)): the linker drops it silently",
			at: "Makefile:4",
		},
		{
			name:  "-X into variables that only a legacy +build tag the build does not set declares",
			files: legacyTags(buildTagFiles("build:\n\tgo build -ldflags \"-X $(BI).Version=1 -X $(BI).Commit=abc\" -o bin/api .\n")),
			check: "ldflags",
			want:  Fail,
			message: "the Makefile build (Makefile:4) sets -X example.test/b/buildinfo.Version, -X example.test/b/buildinfo.Commit into no variable of that build " +
				"(a constant in buildinfo/dev.go; the variable in buildinfo/release.go needs //go:build release && (linux || darwin)): the linker drops it silently",
			at: "Makefile:4",
		},
		{
			name:    "-X into variables of a build tag the build sets",
			files:   buildTagFiles("build:\n\tgo build -tags release -ldflags \"-X $(BI).Version=1 -X $(BI).Commit=abc\" -o bin/api .\n"),
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "client certificates required only in a function nothing calls",
			files: map[string]string{
				"go.mod": "module example.test/p\n\ngo 1.26\n",
				"main.go": `package main

import (
	"crypto/tls"
	"net/http"
	"time"
)

func mutual() *tls.Config { return &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert} }

func main() {
	srv := &http.Server{Addr: ":8443", ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")
}
`,
			},
			check:   "mtls",
			want:    Warn,
			message: "TLS is served without client certificates: any client that reaches the port is accepted (srv.ListenAndServeTLS on :8443)",
		},
		{
			name: "a memory limit set only in a function nothing calls",
			files: map[string]string{
				"go.mod": "module example.test/p\n\ngo 1.26\n",
				"main.go": `package main

import (
	"net/http"
	"time"

	"github.com/KimMachineGun/automemlimit/memlimit"
)

func limit() { _, _ = memlimit.Set(memlimit.WithRatio(0.9)) }

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}
`,
			},
			check:   "procs",
			want:    Warn,
			message: "no memory limit: without GOMEMLIMIT (automemlimit, debug.SetMemoryLimit or the GOMEMLIMIT variable) the GC does not see the container limit until the OOM killer does",
		},
		{
			name: "a godebug default below go1.25 in go.mod turns the container-aware GOMAXPROCS off",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n\ngodebug default=go1.24\n",
				"main.go": procsMain(""),
			},
			check:   "procs",
			want:    Fail,
			message: "godebug default=go1.24 restores the settings of go1.24, containermaxprocs=0 among them: GOMAXPROCS ignores the container CPU limit",
			at:      "go.mod:5",
		},
		{
			name: "a //go:debug default below go1.25 in the main package turns the container-aware GOMAXPROCS off",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": procsMain("//go:debug default=go1.21\n\n"),
			},
			check:   "procs",
			want:    Fail,
			message: "godebug default=go1.21 restores the settings of go1.21, containermaxprocs=0 among them: GOMAXPROCS ignores the container CPU limit",
			at:      "main.go:1",
		},
		{
			name: "containermaxprocs=0 in a godebug block of go.mod",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n\ngodebug (\n\tcontainermaxprocs=0\n)\n",
				"main.go": procsMain(""),
			},
			check:   "procs",
			want:    Fail,
			message: "containermaxprocs=0 turns off the container-aware GOMAXPROCS",
			at:      "go.mod:6",
		},
		{
			name:    "automaxprocs on go 1.25 or later turns the runtime's own GOMAXPROCS off",
			files:   automaxprocsFiles("1.26"),
			check:   "procs",
			want:    Warn,
			message: "go.uber.org/automaxprocs calls runtime.GOMAXPROCS at start, which turns off the runtime's own container-aware GOMAXPROCS (go 1.25+) that follows the CPU limit as it changes; it also rounds down",
		},
		{
			name:    "automaxprocs below go 1.25 follows the CPU limit",
			files:   automaxprocsFiles("1.24"),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit and a memory limit is set",
		},
		{
			name: "a godebug default of go1.25 keeps the container-aware GOMAXPROCS",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n\ngodebug default=go1.25\n",
				"main.go": procsMain(""),
			},
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit and a memory limit is set",
		},
		{
			name: "updatemaxprocs=0 follows the CPU limit at start only",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": procsMain("//go:debug updatemaxprocs=0\n\n"),
			},
			check:   "procs",
			want:    Warn,
			message: "updatemaxprocs=0 sets GOMAXPROCS from the CPU limit at start only: a limit changed later is not followed",
		},
		{
			name: "go test -race only in a hidden GitLab job that no job uses",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabCI("", ""),
			},
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name: "go test -race in a hidden GitLab job that a job extends",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabCI("", "test:\n  extends: [.base, .race]\n"),
			},
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name: "go test -race in a hidden GitLab job that a job merges through an anchor",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabCI("&race", "test:\n  <<: *race\n  stage: test\n"),
			},
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			// GitLab's YAML reader (Psych) applies a merge key where it stands: it
			// replaces the script written before it, and a script after it replaces
			// the merged one.
			name: "a script written before a merge key that brings go test -race",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabCI("&race", "test:\n  script:\n    - go test ./...\n  <<: *race\n"),
			},
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name: "go test -race in a local include that a top-level merge key brings",
			files: map[string]string{
				"go.mod":  "module example.test/c\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": "stages: [test]\n\n.common: &common\n  include:\n    - local: ci/race.yml\n\n<<: *common\n\n" +
					"lint:\n  stage: test\n  script:\n    - go vet ./...\n    - staticcheck ./...\n",
				"ci/race.yml": "race:\n  stage: test\n  script:\n    - go test -race ./...\n",
			},
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name: "GOFLAGS=-race in variables a merge key brings",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabRaceVars(""),
			},
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			// Psych's merge is shallow: the job's own variables: replace the merged ones.
			name: "GOFLAGS=-race in variables a merge key brings, replaced by the job's own",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabRaceVars("  variables:\n    CGO_ENABLED: \"1\"\n"),
			},
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name: "a script written after a merge key that brings go test -race",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabCI("&race", "test:\n  <<: *race\n  script:\n    - go test ./...\n"),
			},
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name: "go test -race in a hidden GitLab job that a job takes with !reference",
			files: map[string]string{
				"go.mod":         "module example.test/c\n\ngo 1.26\n",
				"main.go":        "package main\n\nfunc main() {}\n",
				".gitlab-ci.yml": gitlabCI("", "test:\n  script:\n    - !reference [.race, script]\n"),
			},
			check:   "ci",
			want:    Pass,
			message: "CI runs go vet, go test -race and a linter",
		},
		{
			name: "go test -race only in a GitHub step that is never run",
			files: map[string]string{
				"go.mod":  "module example.test/c\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: staticcheck ./...\n" +
					"      - run: go test ./...\n      - if: ${{ false }}\n        run: go test -race ./...\n",
			},
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name: "go test -race only in a GitHub job that is never run",
			files: map[string]string{
				"go.mod":  "module example.test/c\n\ngo 1.26\n",
				"main.go": "package main\n\nfunc main() {}\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n      - run: staticcheck ./...\n" +
					"  race:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test -race ./...\n",
			},
			check:   "ci",
			want:    Warn,
			message: "CI does not run go test -race",
		},
		{
			name: "the default mux with pprof served through a helper that returns it",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": strings.Replace(pprofMain("", "", "mux"), "func main() {\n", "func appMux() *http.ServeMux {\n\tm := http.DefaultServeMux\n\treturn m\n}\n\nfunc main() {\n\tmux := appMux()\n", 1),
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service",
		},
		{
			name: "a readiness path that is only called on another service is no route",
			files: map[string]string{
				"go.mod":  "module example.test/h\n\ngo 1.26\n",
				"main.go": healthMain(`resp, err := http.Get(base + "/readyz")`, "_, _ = resp, err"),
			},
			check:   "health",
			want:    Warn,
			message: "no health or readiness endpoint (such as /healthz or /readyz) is registered",
		},
		{
			name: "a readiness path in a constant registered on the mux",
			files: map[string]string{
				"go.mod":  "module example.test/h\n\ngo 1.26\n",
				"main.go": healthMain(`const readyPath = "/readyz"`, "mux.HandleFunc(readyPath, func(http.ResponseWriter, *http.Request) {})"),
			},
			check:   "health",
			want:    Pass,
			message: "health endpoints: /readyz",
		},
		{
			name: "health routes registered in a function nothing calls",
			files: map[string]string{
				"go.mod": "module example.test/h\n\ngo 1.26\n",
				"main.go": strings.Replace(healthMain(`_ = 0`, `mux.HandleFunc("/orders", func(http.ResponseWriter, *http.Request) {})`),
					"const base", "func probes(mux *http.ServeMux) {\n\tmux.HandleFunc(\"GET /healthz\", func(http.ResponseWriter, *http.Request) {})\n}\n\nconst base", 1),
			},
			check:   "health",
			want:    Warn,
			message: "no health or readiness endpoint (such as /healthz or /readyz) is registered",
		},
		{
			name: "a readiness path after a method, in a constant of another package",
			files: map[string]string{
				"go.mod":                    "module example.test/h\n\ngo 1.26\n",
				"internal/health/health.go": "package health\n\n// ReadyPath is the readiness probe's path.\nconst ReadyPath = \"/readyz\"\n",
				"main.go": strings.Replace(healthMain(`_ = 0`, `mux.HandleFunc("GET "+probes.ReadyPath, func(http.ResponseWriter, *http.Request) {})`),
					"import (\n", "import (\n\tprobes \"example.test/h/internal/health\"\n", 1),
			},
			check:   "health",
			want:    Pass,
			message: "health endpoints: /readyz",
		},
		{
			name: "a health path in a route table",
			files: map[string]string{
				"go.mod": "module example.test/h\n\ngo 1.26\n",
				"main.go": healthMain(`routes := []struct {
		path string
		h    http.HandlerFunc
	}{{"/healthz", func(http.ResponseWriter, *http.Request) {}}}`, "for _, r := range routes {\n\t\tmux.HandleFunc(r.path, r.h)\n\t}"),
			},
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz",
		},
		{
			name:    "-X flags built with foreach",
			files:   ldflagsFiles("LDFLAGS := -s -w $(foreach v,version=$(VERSION) commit=$(COMMIT),-X main.$(v))\n"),
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name:    "-X flags built with addprefix and patsubst",
			files:   ldflagsFiles("LDFLAGS := $(addprefix -X ,$(patsubst %,main.%=$(VERSION),version commit))\n"),
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			// The Makefile's build, reached by make alone and by CI's just build, is one
			// build: it is the Makefile's however it is reached, and reported once.
			name: "a Makefile build that a just recipe runs",
			files: withFiles(ldflagsFiles("LDFLAGS := -s -w\n"), map[string]string{"justfile": "build:\n    make build\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: just build\n"}),
			check:   "ldflags",
			want:    Warn,
			message: "the Makefile build (Makefile:6) injects no version or commit with -ldflags -X",
		},
		{
			name: "a Taskfile build that a just recipe runs",
			files: withFiles(ldflagsFiles(""), map[string]string{
				"Makefile":                 "test:\n\tgo test ./...\n",
				"justfile":                 "build:\n    task build\n",
				"Taskfile.yml":             "version: '3'\ntasks:\n  build:\n    cmds:\n      - go build -o bin/api .\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: just build\n",
			}),
			check:   "ldflags",
			want:    Warn,
			message: "the Taskfile build (Taskfile.yml:5) injects no version or commit with -ldflags -X",
		},
		{
			name:    "-ldflags built with a function this audit does not expand",
			files:   ldflagsFiles("xflag = -X main.$(1)=$(2)\nLDFLAGS := -s $(call xflag,version,$(VERSION)) $(call xflag,commit,$(COMMIT))\n"),
			check:   "ldflags",
			want:    Unknown,
			message: "the Makefile build (Makefile:7) passes -ldflags with $(call xflag,version,$(shell git describe --tags)), which this audit cannot expand: check that it injects version and commit with -X",
		},
		{
			name:    "a build through a Makefile pattern rule injects version and commit",
			files:   patternRuleFiles(),
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
			at:      "Makefile:7",
		},
		{
			name:    "a Dockerfile that runs make builds through the Makefile's pattern rule",
			files:   patternRuleFiles(),
			check:   "static-image",
			want:    Pass,
			message: "the final image is static and the binary is built with CGO_ENABLED=0",
		},
		{
			name: "two runtime settings on one Dockerfile line",
			files: map[string]string{
				"go.mod":  "module example.test/d\n\ngo 1.26\n",
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nENV GOMAXPROCS=4 GODEBUG=containermaxprocs=0\nCOPY --from=build /app /app\n",
			},
			check:   "procs",
			want:    Fail,
			message: "GODEBUG=containermaxprocs=0 turns off the container-aware GOMAXPROCS; GOMAXPROCS is set to a fixed value: it no longer follows the CPU limit",
		},
		{
			name: "a checksum bypass in a silent Makefile recipe line",
			files: map[string]string{
				"go.mod":   "module example.test/m\n\ngo 1.26\n",
				"main.go":  "package main\n\nfunc main() {}\n",
				"Makefile": "build:\n\t@GOSUMDB=off go build ./...\n",
			},
			check:   "modverify",
			want:    Fail,
			message: "GOSUMDB=off turns the checksum database off",
			partial: true,
		},
		{
			name: "cgo built into a minimal libc image",
			files: map[string]string{
				"go.mod": "module example.test/c\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.28\n",
				"go.sum": "github.com/mattn/go-sqlite3 v1.14.28 h1:synthetic=\n",
				"main.go": `package main

import (
	"database/sql"
	"net/http"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, _ := sql.Open("sqlite3", "app.db")
	defer db.Close()
	http.ListenAndServe(":8080", nil)
}
`,
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=1 go build -o /app .\n\n" +
					"FROM gcr.io/distroless/base-debian12\nCOPY --from=build /app /app\n",
			},
			check:   "static-image",
			want:    Pass,
			message: "Dockerfile (final stage FROM gcr.io/distroless/base-debian12): the code needs cgo (github.com/mattn/go-sqlite3), and the final image is a minimal libc image (the pure-Go modernc.org/sqlite would allow a static binary in scratch)",
		},
		{
			name: "a module of the repository on a private host is not taken for a private dependency",
			files: map[string]string{
				"go.work": "go 1.26\n\nuse (\n\t.\n\t./lib\n)\n",
				"go.mod": "module git.corp.example/team/api\n\ngo 1.26\n\n" +
					"require (\n\tgit.corp.example/team/auth v1.2.0\n\tgit.corp.example/team/lib v0.0.0\n)\n",
				"go.sum":                   "git.corp.example/team/auth v1.2.0 h1:synthetic=\n",
				"main.go":                  "package main\n\nfunc main() {}\n",
				"lib/go.mod":               "module git.corp.example/team/lib\n\ngo 1.26\n",
				"lib/lib.go":               "// Package lib is shared by the services.\npackage lib\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n",
			},
			check:   "modverify",
			want:    Warn,
			message: "git.corp.example/team/auth looks private (same host as git.corp.example/team/api) but no GOPRIVATE or GONOSUMDB in the build files covers it",
		},
		{
			name: "Shutdown of a value of a repository type that is no server drains nothing",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("type queue struct{}\n\nfunc (q *queue) Shutdown(ctx context.Context) error { return nil }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "q := &queue{}\n\tq.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is caught but nothing calls Shutdown: nothing drains in-flight requests",
		},
		{
			name: "Shutdown of a declared variable of a repository type that is no server drains nothing",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("type queue struct{ jobs chan int }\n\nfunc (q queue) Shutdown(ctx context.Context) error { return nil }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "var q queue\n\tq.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Fail,
			message: "SIGTERM is caught but nothing calls Shutdown: nothing drains in-flight requests",
		},
		{
			name: "Shutdown of a repository type that embeds the server drains it",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("type api struct {\n\tname string\n\t*http.Server\n}",
					"w.WriteHeader(http.StatusServiceUnavailable)", "a := &api{name: \"api\", Server: srv}\n\ta.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "Shutdown of a server a repository function returns drains it",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("func admin() *http.Server { return &http.Server{Addr: \"127.0.0.1:6060\", ReadHeaderTimeout: time.Second} }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "adm := admin()\n\tadm.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "a repository type whose Shutdown shuts its server field down drains it",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("type app struct{ srv *http.Server }\n\nfunc (a *app) Shutdown(ctx context.Context) error { return a.srv.Shutdown(ctx) }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "a := &app{srv: srv}\n\ta.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "Shutdown of what a repository function returns as an interface is taken to drain",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("var current *http.Server\n\ntype stopper interface{ Shutdown(context.Context) error }\n\nfunc serving() stopper { return current }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "current = srv\n\tst := serving()\n\tst.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "Shutdown of a value whose type cannot be told is taken to drain",
			files: map[string]string{
				"go.mod": "module example.test/q\n\ngo 1.26\n",
				"main.go": sigtermMain("type app struct{ stopper interface{ Shutdown(context.Context) error } }",
					"w.WriteHeader(http.StatusServiceUnavailable)", "var a app\n\ta.stopper.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "readiness answering a literal 503",
			files: map[string]string{
				"go.mod":  "module example.test/r\n\ngo 1.26\n",
				"main.go": sigtermMain("", "w.WriteHeader(503)", "srv.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
		{
			name: "a 503 outside any call is no readiness flip",
			files: map[string]string{
				"go.mod":  "module example.test/r\n\ngo 1.26\n",
				"main.go": sigtermMain("const retries = 503", "w.WriteHeader(http.StatusOK)", "srv.Shutdown(c)"),
			},
			check:   "shutdown",
			want:    Warn,
			message: "no readiness endpoint turns 503 on shutdown: load balancers keep sending requests while the server drains",
		},
		{
			name: "http.DefaultServeMux mounted on the public mux serves pprof",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": pprofMain("", "mux := http.NewServeMux()\n\tmux.Handle(\"/\", http.DefaultServeMux)", "mux"),
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service",
		},
		{
			name: "http.DefaultServeMux mounted on a chi router serves pprof",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": pprofMain("\"github.com/go-chi/chi/v5\"", "r := chi.NewRouter()\n\tr.Mount(\"/debug\", http.DefaultServeMux)", "r"),
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service",
		},
		{
			name: "http.DefaultServeMux behind a gorilla path prefix serves pprof",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": pprofMain("\"github.com/gorilla/mux\"", "r := mux.NewRouter()\n\tr.PathPrefix(\"/debug/\").Handler(http.DefaultServeMux)", "r"),
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service",
		},
		{
			name: "http.DefaultServeMux wrapped as the public handler serves pprof",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": pprofMain("", "h := http.TimeoutHandler(http.DefaultServeMux, time.Second, \"slow\")", "h"),
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service",
		},
		{
			name: "http.DefaultServeMux mounted by a function the public mux is passed to serves pprof",
			files: map[string]string{
				"go.mod": "module example.test/p\n\ngo 1.26\n",
				"main.go": pprofMain("", "mux := http.NewServeMux()\n\tdebug(mux)", "mux") +
					"\nfunc debug(m *http.ServeMux) { m.Handle(\"/debug/pprof/\", http.DefaultServeMux) }\n",
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves: anyone can profile the service",
		},
		{
			name: "http.DefaultServeMux served on a loopback listener beside the public mux",
			files: map[string]string{
				"go.mod":  "module example.test/p\n\ngo 1.26\n",
				"main.go": pprofMain("", "mux := http.NewServeMux()\n\tgo http.ListenAndServe(\"127.0.0.1:6060\", http.DefaultServeMux)", "mux"),
			},
			check:   "pprof",
			want:    Warn,
			message: "pprof is served on a separate loopback listener without authentication: any process on the host can profile the service",
		},
		{
			name: "a static binary in a libc image",
			files: map[string]string{
				"go.mod":  "module example.test/d\n\ngo 1.26\n",
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\n" +
					"FROM gcr.io/distroless/base-debian12\nCOPY --from=build /app /app\n",
			},
			check:   "static-image",
			want:    Warn,
			message: "Dockerfile (final stage FROM gcr.io/distroless/base-debian12): the final image carries a C library the binary does not need (the code needs no cgo); use scratch or gcr.io/distroless/static with CGO_ENABLED=0",
		},
		{
			name: "a final stage built on a static stage",
			files: map[string]string{
				"go.mod":  "module example.test/d\n\ngo 1.26\n",
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\n" +
					"FROM scratch AS final\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /app /app\n\nFROM final\nUSER 65532\n",
			},
			check:   "static-image",
			want:    Pass,
			message: "the final image is static and the binary is built with CGO_ENABLED=0",
		},
		{
			name: "a final stage built on a stage that carries an OS",
			files: map[string]string{
				"go.mod":  "module example.test/d\n\ngo 1.26\n",
				"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /app .\n\n" +
					"FROM debian:12 AS final\nCOPY --from=build /app /app\n\nFROM final\nUSER 65532\n",
			},
			check:   "static-image",
			want:    Warn,
			message: "Dockerfile (final stage FROM final, built on debian:12): the final image carries an OS the static binary does not need; use scratch or gcr.io/distroless/static",
		},
		{
			name:    "a cgo-on build in the golang image copied into alpine, which has no glibc",
			files:   alpineFiles("golang:1.26", ""),
			check:   "static-image",
			want:    Fail,
			message: "Dockerfile (final stage FROM alpine:3.20): the binary is built in golang:1.26 without CGO_ENABLED=0, so it may link glibc (net and os/user use cgo by default), which alpine:3.20 (musl) lacks: the binary then cannot start there",
		},
		{
			name:    "a CGO_ENABLED=0 build copied into alpine",
			files:   alpineFiles("golang:1.26", "CGO_ENABLED=0 "),
			check:   "static-image",
			want:    Warn,
			message: "Dockerfile (final stage FROM alpine:3.20): the final image carries an OS the static binary does not need; use scratch or gcr.io/distroless/static",
		},
		{
			name:    "a build in golang's alpine image copied into alpine",
			files:   alpineFiles("golang:1.26-alpine", "apk add build-base && "),
			check:   "static-image",
			want:    Warn,
			message: "Dockerfile (final stage FROM alpine:3.20): the final image carries an OS the static binary does not need; use scratch or gcr.io/distroless/static",
		},
		{
			name: "a build in a RUN heredoc after export CGO_ENABLED=0",
			files: map[string]string{
				"go.mod":          "module example.test/h\n\ngo 1.26\n",
				"cmd/api/main.go": serveMain,
				"Dockerfile": "FROM golang:1.26 AS build\nRUN <<SH\nexport CGO_ENABLED=0\ngo build -o /out/api ./cmd/api\nSH\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\n",
			},
			check:   "static-image",
			want:    Pass,
			message: "the final image is static and the binary is built with CGO_ENABLED=0",
		},
		{
			name: "a build in a RUN heredoc without CGO_ENABLED=0",
			files: map[string]string{
				"go.mod":          "module example.test/h\n\ngo 1.26\n",
				"cmd/api/main.go": serveMain,
				"Dockerfile": "FROM golang:1.26 AS build\nRUN <<SH\nset -e\ngo build -o /out/api ./cmd/api\nSH\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\n",
			},
			check:   "static-image",
			want:    Fail,
			message: "Dockerfile (final stage FROM scratch): the binary is built without CGO_ENABLED=0, so it may link libc, which the final image lacks (net and os/user use cgo by default)",
		},
		{
			name: "a build in a heredoc fed to bash",
			files: map[string]string{
				"go.mod":          "module example.test/h\n\ngo 1.26\n",
				"cmd/api/main.go": serveMain,
				"Dockerfile": "FROM golang:1.26 AS build\nRUN <<-'EOT' bash\n\tset -eux\n\tCGO_ENABLED=0 go build -o /out/api ./cmd/api\n\tEOT\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\n",
			},
			check:   "static-image",
			want:    Pass,
			message: "the final image is static and the binary is built with CGO_ENABLED=0",
		},
		{
			name: "a heredoc fed to another program is no shell script",
			files: map[string]string{
				"go.mod":          "module example.test/h\n\ngo 1.26\n",
				"cmd/api/main.go": serveMain,
				"Dockerfile": "FROM golang:1.26 AS build\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n" +
					"RUN python3 <<EOF\ngo build -o /out/other ./cmd/api\nEOF\n" +
					"RUN <<EOF\n#!/usr/bin/env python3\ngo build -o /out/other ./cmd/api\nEOF\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\n",
			},
			check:   "static-image",
			want:    Pass,
			message: "the final image is static and the binary is built with CGO_ENABLED=0",
		},
		{
			name: "a COPY heredoc is a file, not instructions",
			files: map[string]string{
				"go.mod":          "module example.test/h\n\ngo 1.26\n",
				"cmd/api/main.go": serveMain,
				"Dockerfile": "FROM golang:1.26 AS build\nCOPY <<EOF /notes\nFROM debian:12\nRUN go build -o /out/other ./cmd/api\nEOF\n" +
					"RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\n",
			},
			check:   "static-image",
			want:    Pass,
			message: "the final image is static and the binary is built with CGO_ENABLED=0",
		},
		{
			name: "ldflags of a build in a RUN heredoc",
			files: map[string]string{
				"go.mod":          "module example.test/h\n\ngo 1.26\n",
				"cmd/api/main.go": serveMain + "\nvar version, commit string\n",
				"Dockerfile": "FROM golang:1.26 AS build\nARG VERSION=dev COMMIT=none\nRUN <<SH\nexport CGO_ENABLED=0\n" +
					"go build -ldflags \"-X main.version=$VERSION -X main.commit=$COMMIT\" -o /out/api ./cmd/api\nSH\n\n" +
					"FROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /out/api /api\n",
			},
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "a checksum bypass exported in a RUN heredoc",
			files: map[string]string{
				"go.mod":     "module example.test/h\n\ngo 1.26\n",
				"main.go":    "package main\n\nfunc main() {}\n",
				"Dockerfile": "FROM golang:1.26 AS build\nRUN <<SH\nexport GOFLAGS=-insecure\ngo mod download\nSH\n",
			},
			check:   "modverify",
			want:    Fail,
			message: "GOFLAGS=-insecure fetches modules without checks; CI neither runs go mod verify nor builds with -mod=readonly",
		},
		{
			name: "a build in an included makefile is one build",
			files: map[string]string{
				"go.mod":   "module example.test/i\n\ngo 1.26\n",
				"main.go":  serveMain + "\nvar version, commit string\n",
				"Makefile": "include build.mk\n",
				"build.mk": "build:\n\tgo build -ldflags \"-X main.version=$(VERSION) -X main.commit=$(COMMIT)\" -o bin/api .\n",
			},
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "a wrong build in an included makefile is reported once",
			files: map[string]string{
				"go.mod":   "module example.test/i\n\ngo 1.26\n",
				"main.go":  serveMain + "\nvar version, commit string\n",
				"Makefile": "include build.mk\n",
				"build.mk": "build:\n\tgo build -ldflags \"-X main.version=$(VERSION) -X main.sha=$(COMMIT)\" -o bin/api .\n",
			},
			check:   "ldflags",
			want:    Fail,
			message: "the Makefile build (build.mk:2) sets -X main.sha, which does not exist: the linker drops it silently",
		},
		{
			name: "a checksum bypass in an included makefile, placed in that file",
			files: map[string]string{
				"go.mod":   "module example.test/i\n\ngo 1.26\n",
				"main.go":  "package main\n\nfunc main() {}\n",
				"Makefile": "include env.mk\n\nbuild:\n\tgo build ./...\n",
				"env.mk":   "# Module settings.\nGOSUMDB := off\n",
			},
			check:   "modverify",
			want:    Fail,
			message: "GOSUMDB=off turns the checksum database off",
			partial: true,
			at:      "env.mk:2",
		},
		{
			name: "a checksum bypass exported by a Makefile",
			files: map[string]string{
				"go.mod":   "module example.test/x\n\ngo 1.26\n",
				"main.go":  "package main\n\nfunc main() {}\n",
				"Makefile": "export GOSUMDB=off\nexport GOINSECURE := *\nexport GOFLAGS=-insecure\n\nbuild:\n\tgo build ./...\n",
			},
			check: "modverify",
			want:  Fail,
			message: "GOSUMDB=off turns the checksum database off; GOINSECURE=* fetches modules over plain HTTP without checks; " +
				"GOFLAGS=-insecure fetches modules without checks; CI neither runs go mod verify nor builds with -mod=readonly",
			at: "Makefile:1",
		},
		{
			name: "a bare export in a Makefile sets nothing",
			files: map[string]string{
				"go.mod":   "module example.test/x\n\ngo 1.26\n",
				"main.go":  "package main\n\nfunc main() {}\n",
				"Makefile": "export GOSUMDB\nexport\n\nbuild:\n\tgo build ./...\n",
			},
			check:   "modverify",
			want:    Warn,
			message: "CI neither runs go mod verify nor builds with -mod=readonly",
		},
		{
			name: "-X into a module path with a typo",
			files: map[string]string{
				"go.mod":                          "module example.com/m_wrongmod\n\ngo 1.26\n",
				"main.go":                         "package main\n\nimport (\n\t\"net/http\"\n\n\t_ \"example.com/m_wrongmod/internal/buildinfo\"\n)\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
				"internal/buildinfo/buildinfo.go": "// Package buildinfo holds what the build sets.\npackage buildinfo\n\nvar Version, Commit string\n",
				"Makefile": "PKG := example.com/m_wrongmdo/internal/buildinfo\n\nbuild:\n" +
					"\tgo build -ldflags \"-X $(PKG).Version=$(VERSION) -X example.com/m_wrongmod/internal/buildinfo.Commit=$(COMMIT)\" -o bin/api .\n",
			},
			check:   "ldflags",
			want:    Fail,
			message: "the Makefile build (Makefile:4) sets -X example.com/m_wrongmdo/internal/buildinfo.Version, which does not exist: the linker drops it silently",
		},
		{
			name: "-X into a package of a required module that the program does not link",
			files: map[string]string{
				"go.mod":  "module example.test/x\n\ngo 1.26\n\nrequire github.com/prometheus/common v0.62.0\n",
				"go.sum":  "github.com/prometheus/common v0.62.0 h1:synthetic=\n",
				"main.go": serveMain,
				"Makefile": "V := github.com/prometheus/common/version\n\nbuild:\n" +
					"\tgo build -ldflags \"-X $(V).Version=$(VERSION) -X $(V).Revision=$(COMMIT)\" -o bin/api .\n",
			},
			check:   "ldflags",
			want:    Fail,
			partial: true,
			message: "(package github.com/prometheus/common/version is not in the binary: . does not import it, nor any package outside the standard library and the repository that could): the linker drops it silently",
		},
		{
			name: "-X into a package of a required module that the program imports",
			files: map[string]string{
				"go.mod":  "module example.test/x\n\ngo 1.26\n\nrequire github.com/prometheus/common v0.62.0\n",
				"go.sum":  "github.com/prometheus/common v0.62.0 h1:synthetic=\n",
				"main.go": serveMain,
				"info.go": "package main\n\nimport \"github.com/prometheus/common/version\"\n\nvar _ = version.Info\n",
				"Makefile": "V := github.com/prometheus/common/version\n\nbuild:\n" +
					"\tgo build -ldflags \"-X $(V).Version=$(VERSION) -X $(V).Revision=$(COMMIT)\" -o bin/api .\n",
			},
			check:   "ldflags",
			want:    Pass,
			message: "1 build(s) inject version and commit into variables that exist",
		},
		{
			name: "-X into a package the build file leaves to a shell variable",
			files: map[string]string{
				"go.mod":   "module example.test/x\n\ngo 1.26\n",
				"main.go":  serveMain,
				"Makefile": "build:\n\tgo build -ldflags \"-X $${PKG}.Version=$(VERSION) -X $${PKG}.Commit=$(COMMIT)\" -o bin/api .\n",
			},
			check:   "ldflags",
			want:    Unknown,
			message: "sets -X ${PKG}.Version, -X ${PKG}.Commit, whose package path holds a reference this audit cannot expand",
			partial: true,
		},
		{
			name: "a declared http.Server with its fields assigned",
			files: map[string]string{
				"go.mod":  "module example.test/v\n\ngo 1.26\n",
				"main.go": varServerMain("", "srv.ReadTimeout = time.Second"),
			},
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
			at:      "main.go:14",
		},
		{
			name: "a declared http.Server without a read timeout",
			files: map[string]string{
				"go.mod":  "module example.test/v\n\ngo 1.26\n",
				"main.go": varServerMain("", "srv.WriteTimeout = time.Second"),
			},
			check:   "timeouts",
			want:    Fail,
			message: "1 server(s) without a read timeout: an http.Server without ReadHeaderTimeout or ReadTimeout; slow clients can hold connections open forever",
			at:      "main.go:11",
		},
		{
			name: "a zero http.Server literal with its fields assigned",
			files: map[string]string{
				"go.mod":  "module example.test/v\n\ngo 1.26\n",
				"main.go": strings.Replace(varServerMain("", "srv.ReadHeaderTimeout = time.Second"), "var srv http.Server", "srv := http.Server{}", 1),
			},
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name: "the assigned Handler of a declared http.Server is what it serves",
			files: map[string]string{
				"go.mod":  "module example.test/v\n\ngo 1.26\n",
				"main.go": varServerMain("_ \"net/http/pprof\"", "srv.ReadTimeout = time.Second"),
			},
			check:   "pprof",
			want:    Warn,
			message: "the blank import of net/http/pprof registers on http.DefaultServeMux: nothing serves it now, but any server with a nil Handler would expose it",
		},
		{
			name: "a declared http.Server without a Handler serves http.DefaultServeMux",
			files: map[string]string{
				"go.mod":  "module example.test/v\n\ngo 1.26\n",
				"main.go": strings.Replace(varServerMain("_ \"net/http/pprof\"", "srv.ReadTimeout = time.Second"), "srv.Handler = r", "_ = r", 1),
			},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers on http.DefaultServeMux, which the public server serves: anyone can profile the service",
		},
		{
			name: "a CI file that cannot be read",
			files: map[string]string{
				"go.mod":                   "module example.test/c\n\ngo 1.26\n",
				"main.go":                  "package main\n\nfunc main() {}\n",
				".github/workflows/ci.yml": "jobs:\n  a: [\n",
			},
			check:   "ci",
			want:    Unknown,
			message: ".github/workflows/ci.yml could not be read: check by hand that CI runs go vet, go test -race and a linter",
			at:      ".github/workflows/ci.yml:1",
		},
		{
			name: "a CI file read and one that cannot be",
			files: map[string]string{
				"go.mod":                     "module example.test/c\n\ngo 1.26\n",
				"main.go":                    "package main\n\nfunc main() {}\n",
				".github/workflows/ci.yml":   "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go vet ./...\n",
				".github/workflows/lint.yml": "jobs:\n  a: [\n",
			},
			check:   "ci",
			want:    Unknown,
			message: "CI does not run go test -race, a linter (golangci-lint or staticcheck) in the files read; .github/workflows/lint.yml could not be read and may",
		},
		{
			name: "no requirements and no go.sum",
			files: map[string]string{
				"go.mod":                   "module example.test/n\n\ngo 1.26\n",
				"main.go":                  "package main\n\nfunc main() {}\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n",
			},
			check:   "modverify",
			want:    Pass,
			message: "no go.sum needed (no module requires another), CI verifies modules, no checksum bypass",
		},
		{
			name: "go.sum where modules are required",
			files: map[string]string{
				"go.work":                  "go 1.26\n\nuse (\n\t.\n\t./tool\n)\n",
				"go.mod":                   "module example.test/n\n\ngo 1.26\n\nrequire github.com/google/uuid v1.6.0\n",
				"go.sum":                   "github.com/google/uuid v1.6.0 h1:synthetic=\n",
				"main.go":                  "package main\n\nfunc main() {}\n",
				"tool/go.mod":              "module example.test/n/tool\n\ngo 1.26\n",
				".github/workflows/ci.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go mod verify\n",
			},
			check:   "modverify",
			want:    Pass,
			message: "go.sum present where modules are required, CI verifies modules, no checksum bypass",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var first Result
			for i := range runs {
				res := auditInline(t, tt.files, tt.check)
				if i == 0 {
					first = res
					if res.Status != tt.want || !tt.partial && res.Message != tt.message || tt.partial && !strings.Contains(res.Message, tt.message) {
						t.Fatalf("%s: %s %q\n\twant %s %q", tt.check, res.Status, res.Message, tt.want, tt.message)
					}
					if tt.at != "" && (len(res.Evidence) == 0 || fmt.Sprintf("%s:%d", res.Evidence[0].File, res.Evidence[0].Line) != tt.at) {
						t.Fatalf("%s: evidence %v, want it to start at %s", tt.check, res.Evidence, tt.at)
					}
					continue
				}
				if res.Status != first.Status || res.Message != first.Message || !slices.Equal(res.Evidence, first.Evidence) {
					t.Fatalf("run %d differs from the first:\n\t%s %q %v\n\t%s %q %v", i+1, res.Status, res.Message, res.Evidence, first.Status, first.Message, first.Evidence)
				}
			}
		})
	}
}

// serveMain is a main.go that serves HTTP and nothing else.
const serveMain = "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n"

// sigtermMain returns a main.go that serves HTTP with srv, answers /readyz with
// ready, catches SIGTERM and then runs drain with c, a context with a timeout;
// decls are the declarations before func main.
func sigtermMain(decls, ready, drain string) string {
	return `package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

` + decls + `

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	http.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) { ` + ready + ` })
	go srv.ListenAndServe()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM)
	<-sig
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	` + drain + `
}
`
}

// buildTagFiles returns a repository whose buildinfo package declares Version and
// Commit as variables under //go:build release and as constants otherwise, built by
// the Makefile rules of makefile, which follow a BI variable naming the package.
func buildTagFiles(makefile string) map[string]string {
	return map[string]string{
		"go.mod":   "module example.test/b\n\ngo 1.26\n",
		"Makefile": "BI := example.test/b/buildinfo\n\n" + makefile,
		"main.go": `package main

import (
	"net/http"

	"example.test/b/buildinfo"
)

func main() {
	println(buildinfo.Version, buildinfo.Commit)
	http.ListenAndServe(":8080", nil)
}
`,
		"buildinfo/dev.go":     "//go:build !release\n\n// Package buildinfo names the build.\npackage buildinfo\n\nconst (\n\tVersion = \"dev\"\n\tCommit  = \"none\"\n)\n",
		"buildinfo/release.go": "//go:build release && (linux || darwin)\n\npackage buildinfo\n\nvar (\n\tVersion = \"dev\"\n\tCommit  = \"none\"\n)\n",
	}
}

// alpineFiles returns a service whose Dockerfile builds it in the image builder with
// the RUN line prefix before go build, and copies it into alpine.
func alpineFiles(builder, prefix string) map[string]string {
	return map[string]string{
		"go.mod":  "module example.test/d\n\ngo 1.26\n",
		"main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
		"Dockerfile": "FROM " + builder + " AS build\nRUN " + prefix + "go build -o /app .\n\n" +
			"FROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532\n",
	}
}

// legacyTags returns files with each //go:build line of the buildinfo package written
// as the legacy // +build lines of Go 1.16, as a repository of that time has them.
func legacyTags(files map[string]string) map[string]string {
	files["buildinfo/dev.go"] = strings.Replace(files["buildinfo/dev.go"], "//go:build !release", "// +build !release", 1)
	files["buildinfo/release.go"] = strings.Replace(files["buildinfo/release.go"], "//go:build release && (linux || darwin)", "// +build release\n// +build linux darwin", 1)
	return files
}

// procsMain returns a main.go, starting with header, that sets a memory limit and
// serves HTTP.
func procsMain(header string) string {
	return header + "package main\n\nimport (\n\t\"net/http\"\n\t\"runtime/debug\"\n)\n\n" +
		"func main() {\n\tdebug.SetMemoryLimit(1 << 30)\n\thttp.ListenAndServe(\":8080\", nil)\n}\n"
}

// gitlabRaceVars returns a GitLab CI file whose test job takes GOFLAGS=-race from a
// merge key, then the job lines own.
func gitlabRaceVars(own string) string {
	return "stages: [test]\n\n.race: &race\n  variables:\n    GOFLAGS: -race\n\ntest:\n  stage: test\n  <<: *race\n" + own +
		"  script:\n    - go vet ./...\n    - go test ./...\n    - staticcheck ./...\n"
}

// gitlabCI returns a .gitlab-ci.yml whose lint job runs go vet and staticcheck and
// whose hidden job .race, marked with anchor, runs go test -race; jobs follow.
func gitlabCI(anchor, jobs string) string {
	return "stages: [lint, test]\n\n.base:\n  image: golang:1.26\n\n.race: " + anchor + "\n  stage: test\n  script:\n    - go test -race ./...\n\n" +
		"lint:\n  extends: .base\n  script:\n    - go vet ./...\n    - staticcheck ./...\n\n" + jobs
}

// healthMain returns a main.go that runs setup, then register with mux, and serves
// mux; base names another service.
func healthMain(setup, register string) string {
	return `package main

import (
	"net/http"
	"time"
)

const base = "http://users:8080"

func main() {
	` + setup + `
	mux := http.NewServeMux()
	` + register + `
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`
}

// ldflagsFiles returns a repository whose main package declares version and commit,
// built by a Makefile that sets LDFLAGS with the line ldflags.
func ldflagsFiles(ldflags string) map[string]string {
	return map[string]string{
		"go.mod":   "module example.test/l\n\ngo 1.26\n",
		"main.go":  "package main\n\nimport \"net/http\"\n\nvar version, commit = \"dev\", \"none\"\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
		"Makefile": "VERSION ?= $(shell git describe --tags)\nCOMMIT ?= $(shell git rev-parse HEAD)\n" + ldflags + "\nbuild:\n\tgo build -ldflags \"$(LDFLAGS)\" -o bin/api .\n",
	}
}

// patternRuleFiles returns a repository whose Makefile builds cmd/api with a pattern
// rule (bin/%) that its build target names through addprefix, and whose Dockerfile
// runs make build and copies the binary into scratch.
func patternRuleFiles() map[string]string {
	return map[string]string{
		"go.mod":          "module example.test/r\n\ngo 1.26\n",
		"cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nvar version, commit string\n\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
		"Makefile": "BINARIES := api\nLDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT)\n\nbuild: $(addprefix bin/,$(BINARIES))\n\n" +
			"bin/%: go.mod\n\tCGO_ENABLED=0 go build -ldflags \"$(LDFLAGS)\" -o $@ ./cmd/$*\n",
		"Dockerfile": "FROM golang:1.26 AS build\nWORKDIR /src\nCOPY . .\nRUN make build\n\nFROM scratch\nUSER 65532\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=build /src/bin/api /api\nENTRYPOINT [\"/api\"]\n",
	}
}

// automaxprocsFiles returns a repository on go line goVersion whose main package
// imports automaxprocs, sets a memory limit and serves HTTP.
func automaxprocsFiles(goVersion string) map[string]string {
	return map[string]string{
		"go.mod":  "module example.test/p\n\ngo " + goVersion + "\n\nrequire go.uber.org/automaxprocs v1.6.0\n",
		"go.sum":  "go.uber.org/automaxprocs v1.6.0 h1:synthetic=\n",
		"main.go": strings.Replace(procsMain(""), "\"runtime/debug\"\n", "\"runtime/debug\"\n\n\t_ \"go.uber.org/automaxprocs\"\n", 1),
	}
}

// otelMain returns a main.go that installs a propagator, builds a router app, runs
// setup and serves handler.
func otelMain(setup, handler string) string {
	return `package main

import (
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {})
	return mux
}

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	app := routes()
	` + setup + `
	srv := &http.Server{Addr: ":8080", Handler: ` + handler + `, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`
}

// otelFiles is a module whose main.go is otelMain(setup, handler), with the SDK's
// TracerProvider set in telemetry.go (see providerInit).
func otelFiles(setup, handler string) map[string]string {
	return map[string]string{"go.mod": "module example.test/o\n\ngo 1.26\n", "main.go": otelMain(setup, handler), "telemetry.go": providerInit}
}

// otelGlobal is otelFiles with the global propagator's statement replaced by global.
func otelGlobal(setup, handler, global string) map[string]string {
	files := otelFiles(setup, handler)
	files["main.go"] = strings.Replace(files["main.go"], "otel.SetTextMapPropagator(propagation.TraceContext{})", global, 1)
	return files
}

// pprofMain returns a main.go that imports net/http/pprof for its side effect and
// the packages named by imports, runs setup and serves handler publicly.
func pprofMain(imports, setup, handler string) string {
	return `package main

import (
	"net/http"
	_ "net/http/pprof"
	"time"
	` + imports + `
)

func main() {
	` + setup + `
	srv := &http.Server{Addr: ":8080", Handler: ` + handler + `, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`
}

// varServerMain returns a main.go that declares var srv http.Server, assigns its
// Addr and Handler, then set, and serves it; imports are added to net/http and time.
func varServerMain(imports, set string) string {
	return `package main

import (
	"net/http"
	"time"
	` + imports + `
)

func main() {
	r := http.NewServeMux()
	var srv http.Server
	srv.Addr = ":8080"
	srv.Handler = r
	` + set + `
	go srv.ListenAndServe()
	select {}
}
`
}

// auditInline audits the repository made of files with the one check id and
// returns its result; the repository must have one main package serving HTTP, or
// the check must be repository-wide.
func auditInline(t *testing.T, files map[string]string, id string) Result {
	t.Helper()
	return auditInlineAt(t, files, ".", id)
}

// auditInlineAt is auditInline for the directory dir of files ("" or "." for their
// root), as the command audits a directory on disk.
func auditInlineAt(t *testing.T, files map[string]string, dir, id string) Result {
	t.Helper()
	return auditInlineReport(t, files, dir, id).Results[0]
}

// auditInlineReport is auditInlineAt returning the whole report, which holds one
// result.
func auditInlineReport(t *testing.T, files map[string]string, dir, id string) *Report {
	t.Helper()
	rep, err := Run(context.Background(), openInlineAt(t, files, dir), Options{Only: []string{id}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("%d results, want 1: %+v", len(rep.Results), rep.Results)
	}
	return rep
}

// TestGoBuildsOrder reads a Makefile whose targets sit on the same line as those of
// the file it includes, several times: the builds come out in the order make reads
// them, the included ones where the include is.
func TestGoBuildsOrder(t *testing.T) {
	tree := fstest.MapFS{
		"go.mod":     {Data: []byte("module example.test/i\n\ngo 1.26\n")},
		"main.go":    {Data: []byte("package main\n\nfunc main() {}\n")},
		"Makefile":   {Data: []byte("include release.mk\nbuild:\n\tgo build -o bin/app .\n")},
		"release.mk": {Data: []byte("# Release builds.\nrelease:\n\tgo build -trimpath -o dist/app .\n")},
	}
	r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
	if err != nil {
		t.Fatal(err)
	}
	want := []repo.Evidence{r.At("release.mk", 3), r.At("Makefile", 3)}
	for i := range runs {
		mf, err := parseMakefile(context.Background(), r, "Makefile")
		if err != nil {
			t.Fatal(err)
		}
		b := &builds{r: r, ctx: context.Background(), makefiles: []*makefile{mf}}
		var got []repo.Evidence
		for _, g := range b.goBuilds() {
			got = append(got, g.cmd.at)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("run %d: builds at %v, want %v", i+1, got, want)
		}
	}
}

// TestLacking checks the components a report finds lacking: those of the checks
// that ran, with makefile and k8s, which no check judges, only when all ran and
// there is a main package to add them for.
func TestLacking(t *testing.T) {
	const dir = "testdata/shutdown-interrupt-only"
	program, err := repo.OpenIn(context.Background(), caseFS(t, dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	library, err := repo.OpenIn(context.Background(), fstest.MapFS{
		"go.mod": {Data: []byte("module example.test/lib\n\ngo 1.26\n")},
		"lib.go": {Data: []byte("// Package lib has no main.\npackage lib\n")},
	}, ".", "library")
	if err != nil {
		t.Fatal(err)
	}
	withRecord := func(name, record string) *repo.Repo {
		tree := caseFS(t, dir)
		tree[".gonew-prod.yaml"] = &fstest.MapFile{Data: []byte(record)}
		r, err := repo.OpenIn(context.Background(), tree, ".", name)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// The features gonew-prod new recorded leave otel, mtls, pprof and k8s out on
	// purpose; the features of add's record are only what it added so far.
	byNew := withRecord("new", "answers:\n  name: svc\n  features: [docker, ci]\n")
	byAdd := withRecord("add", "answers:\n  name: svc\n  features: [version]\ncomponents: [version]\n")
	// A monorepo whose root was made by gonew-prod new without otel, mtls, pprof and
	// k8s, with a service in a nested module that has no record: the root's record
	// does not govern the nested module's main package.
	const serve = "package main\n\nimport \"net/http\"\n\nfunc main() { _ = http.ListenAndServe(\":8080\", nil) }\n"
	mono, err := repo.OpenIn(context.Background(), fstest.MapFS{
		"go.mod":                               {Data: []byte("module example.test/mono\n\ngo 1.26\n")},
		".gonew-prod.yaml":                     {Data: []byte("answers:\n  name: api\n  features: [docker, ci]\n")},
		"cmd/api/main.go":                      {Data: []byte(serve)},
		"services/billing/go.mod":              {Data: []byte("module example.test/billing\n\ngo 1.26\n")},
		"services/billing/cmd/billing/main.go": {Data: []byte(serve)},
		"services/orders/go.mod":               {Data: []byte("module example.test/orders\n\ngo 1.26\n")},
		"services/orders/.gonew-prod.yaml":     {Data: []byte("answers:\n  name: orders\n  features: [docker, ci, otel]\n")},
		"services/orders/cmd/orders/main.go":   {Data: []byte(serve)},
	}, ".", "mono")
	if err != nil {
		t.Fatal(err)
	}
	all := []string{"otel", "mtls", "pprof", "k8s"}
	tests := []struct {
		name    string
		r       *repo.Repo
		only    []string
		main    string
		want    []string
		leftOut map[string][]string
	}{
		{"every check", program, nil, "", []string{"makefile", "version", "shutdown", "procs", "docker", "ci", "otel", "mtls", "pprof", "k8s"}, nil},
		{"features left out by new", byNew, nil, "", []string{"makefile", "version", "shutdown", "procs", "docker", "ci"}, map[string][]string{".gonew-prod.yaml": all}},
		{"features not yet added by add", byAdd, nil, "", []string{"makefile", "version", "shutdown", "procs", "docker", "ci", "otel", "mtls", "pprof", "k8s"}, nil},
		{"one check", program, []string{"shutdown"}, "", []string{"shutdown"}, nil},
		{"a check that passes but finds its component missing", program, []string{"pprof", "timeouts"}, "", []string{"pprof"}, nil},
		{"no main package, nothing for add to retrofit", library, nil, "", nil, nil},
		{"monorepo: each module's own record", mono, []string{"otel", "mtls"}, "", []string{"otel", "mtls"},
			map[string][]string{".gonew-prod.yaml": all, "services/orders/.gonew-prod.yaml": {"mtls", "pprof", "k8s"}}},
		{"monorepo: the root's main", mono, []string{"otel", "mtls"}, "cmd/api", nil,
			map[string][]string{".gonew-prod.yaml": all, "services/orders/.gonew-prod.yaml": {"mtls", "pprof", "k8s"}}},
		{"monorepo: a nested main without a record", mono, []string{"otel", "mtls"}, "services/billing/cmd/billing", []string{"otel", "mtls"},
			map[string][]string{".gonew-prod.yaml": all, "services/orders/.gonew-prod.yaml": {"mtls", "pprof", "k8s"}}},
		{"monorepo: a nested main with its own record", mono, []string{"otel", "mtls"}, "services/orders/cmd/orders", []string{"otel"},
			map[string][]string{".gonew-prod.yaml": all, "services/orders/.gonew-prod.yaml": {"mtls", "pprof", "k8s"}}},
	}
	for _, tt := range tests {
		r := tt.r
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), r, Options{Only: tt.only})
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Lacking(tt.main); !slices.Equal(got, tt.want) {
				t.Errorf("Lacking(%q) = %v, want %v", tt.main, got, tt.want)
			}
			if got, _ := rep.LeftOut(); !maps.EqualFunc(got, tt.leftOut, slices.Equal) {
				t.Errorf("LeftOut = %v, want %v", got, tt.leftOut)
			}
		})
	}
}

// localServing is a gin service as gonew-prod add wires one: the router a function
// builds, with the tracing middleware through a helper, served by a local function that
// hands it on to the one that builds the server and starts an admin listener with the
// profiles.
const localServing = `package main

import (
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func middleware() gin.HandlerFunc { return otelgin.Middleware("api") }

func router() *gin.Engine {
	r := gin.New()
	r.Use(middleware())
	r.GET("/orders", func(c *gin.Context) {})
	return r
}

func serve(addr string, handler http.Handler) error {
	return serveServer(&http.Server{Addr: addr, Handler: handler})
}

func serveServer(srv *http.Server) error {
	admin := http.NewServeMux()
	admin.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go (&http.Server{Addr: "127.0.0.1:6060", Handler: admin, ReadHeaderTimeout: time.Second}).ListenAndServe()
	srv.ReadHeaderTimeout = time.Second
	return srv.ListenAndServe()
}

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	r := router()
	_ = serve(":8080", r)
}
`

// TestHealthInGeneratedCode: routes an OpenAPI generator registers are in files that
// are no evidence, so a health path there makes health UNKNOWN, not "none registered",
// and a readiness path there makes shutdown, which drains right otherwise, UNKNOWN, not
// "no readiness endpoint"; a generated file without one leaves the WARNs.
func TestHealthInGeneratedCode(t *testing.T) {
	const gen = "// Code generated by an OpenAPI generator. DO NOT EDIT.\n\npackage api\n\nimport \"net/http\"\n\n// Register mounts the API.\nfunc Register(mux *http.ServeMux, h http.Handler) {\n\tmux.Handle(\"GET %s\", h)\n}\n"
	main := `package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.com/acme/svc/internal/api"
)

func main() {
	mux := http.NewServeMux()
	api.Register(mux, http.NotFoundHandler())
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5e9}
	go srv.ListenAndServe()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	<-ctx.Done()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(c)
}
`
	tests := []struct {
		path           string
		health, drains Status
	}{
		{"/healthz", Unknown, Warn},
		{"/readyz", Unknown, Unknown},
		{"/orders", Warn, Warn},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			files := map[string]string{
				"go.mod":              "module example.com/acme/svc\n\ngo 1.26\n",
				"main.go":             main,
				"internal/api/api.go": fmt.Sprintf(gen, tt.path),
			}
			if res := auditInline(t, files, "health"); res.Status != tt.health {
				t.Errorf("health %s (%s), want %s", res.Status, res.Message, tt.health)
			}
			if res := auditInline(t, files, "shutdown"); res.Status != tt.drains {
				t.Errorf("shutdown %s (%s), want %s", res.Status, res.Message, tt.drains)
			}
		})
	}
}
