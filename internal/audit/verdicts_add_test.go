package audit

import (
	"strings"
	"testing"
)

// TestVerdictsOnAddShapes audits repositories shaped as gonew-prod add leaves them
// (a program's own main.go next to a file of serve helpers that hand the server on
// from function to function) and checks one check's status and a part of its
// message.
func TestVerdictsOnAddShapes(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "timeouts: the server is handed through functions to one that fills a zero ReadHeaderTimeout",
			files:   limitsFiles("if srv.ReadHeaderTimeout == 0 && srv.ReadTimeout == 0 {\n\t\tsrv.ReadHeaderTimeout = 5 * time.Second\n\t}"),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: the functions it is handed to set other limits only",
			files:   limitsFiles("if srv.IdleTimeout == 0 {\n\t\tsrv.IdleTimeout = time.Minute\n\t}"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:    "timeouts: the functions it is handed to set ReadTimeout to zero",
			files:   limitsFiles("srv.ReadTimeout = 0"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative, which net/http takes for no timeout",
		},
		{
			name:    "otel: the router gets the middleware a function of the program returns",
			files:   tracingFiles("gin", "r.Use(tracing())"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "otel: the router gets the middleware through a variable",
			files:   tracingFiles("gin", "mw := tracing()\n\tr.Use(mw)"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "otel: an Echo v5 router gets the middleware a function of the program returns",
			files:   tracingFiles("echo", "r.Use(tracing())"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "otel: the middleware is built but the router gets another",
			files:   tracingFiles("gin", "_ = tracing()\n\tr.Use(gin.Logger())"),
			check:   "otel",
			want:    Warn,
			message: "the tracing handler built is not what is served",
		},
		{
			name:    "otel: the server is handed to a function that serves its handler wrapped in the middleware",
			files:   handedFiles("mux.Handle(\"/\", otelhttp.NewHandler(srv.Handler, \"api\"))"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
		{
			name:    "otel: the server is handed to a function that serves its handler without the middleware it builds",
			files:   handedFiles("_ = otelhttp.NewHandler(srv.Handler, \"api\")\n\tmux.Handle(\"/\", srv.Handler)"),
			check:   "otel",
			want:    Warn,
			message: "the tracing handler built is not what is served",
		},
		{
			name:    "mtls: gin's r.Run reaches no Run method of the program's serve helpers nothing calls",
			files:   unwiredFiles(ginMain("_ = r.Run(\":8080\")")),
			check:   "mtls",
			want:    Warn,
			message: "the server speaks plain HTTP",
		},
		{
			name:    "mtls: a TLS configuration built only where main's flow never goes is not served",
			files:   unwiredFiles(netHTTPMain),
			check:   "mtls",
			want:    Warn,
			message: "the server speaks plain HTTP",
		},
		{
			name:    "mtls: the serve helpers called reach the Run methods of the values they build",
			files:   unwiredFiles(ginMain("_ = serveProd(\":8080\", r)")),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: a method promoted from an embedded type of the program is reached",
			files:   promotedFiles("base", "a := &app{}\n\t_ = a.String()"),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: a method of an embedded interface of another module is matched by name",
			files:   promotedFiles("fmt.Stringer", "a := &app{Stringer: &base{}}\n\t_ = a.String()"),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: a method on a value whose type is not told is matched by name",
			files:   promotedFiles("base", "_ = global.String()"),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: a value handed to another module has its methods of that name reached through it",
			files:   promotedFiles("base", "sup := suture.NewSimple(\"app\")\n\tsup.Add(&base{})\n\t_ = sup.String()"),
			check:   "mtls",
			want:    Warn,
			message: "client certificates are required and verified",
		},
		{
			name:    "pprof: an admin listener that main's flow never starts serves nothing",
			files:   unwiredFiles(ginMain("_ = r.Run(\":8080\")")),
			check:   "pprof",
			want:    Pass,
			message: "pprof is not served",
		},
		{
			name:    "pprof: the admin listener the serve helpers start checks a token",
			files:   unwiredFiles(ginMain("_ = serveProd(\":8080\", r)")),
			check:   "pprof",
			want:    Pass,
			message: "pprof is served on a separate listener that checks a token",
		},
		{
			name:    "pprof: the mux handed to the serve helpers registers pprof.Index beside their guarded admin listener",
			files:   unwiredFiles(strings.Replace(pprofNetHTTPMain, "mux.HandleFunc(\"/\", func(w http.ResponseWriter, _ *http.Request) {})\n\tlog.Fatal(http.ListenAndServe(\":8080\", mux))", "mux.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\tlog.Fatal(serveProd(\":8080\", mux))", 1)),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name:    "pprof: the mux handed to the serve helpers registers no profile beside their guarded admin listener",
			files:   unwiredFiles(strings.Replace(netHTTPMain, "http.ListenAndServe(\":8080\", mux)", "serveProd(\":8080\", mux)", 1)),
			check:   "pprof",
			want:    Pass,
			message: "pprof is served on a separate listener that checks a token",
		},
		{
			name:    "pprof: the mux handed through wrappers registers pprof.Index beside a guarded admin listener on a configured address",
			files:   wiredPprofFiles(`mux.HandleFunc("/debug/pprof/", pprof.Index)`, `os.Getenv("ADMIN_ADDR")`),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name:    "pprof: the mux handed through wrappers registers pprof.Index beside a guarded loopback admin listener",
			files:   wiredPprofFiles(`mux.HandleFunc("/debug/pprof/", pprof.Index)`, `"127.0.0.1:6060"`),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name:    "pprof: the mux handed through wrappers registers no profile beside a guarded admin listener",
			files:   wiredPprofFiles(`mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {})`, `os.Getenv("ADMIN_ADDR")`),
			check:   "pprof",
			want:    Pass,
			message: "pprof is served on a separate listener that checks a token",
		},
		{
			name:    "otel: tracing built only where main's flow never goes wraps nothing",
			files:   unwiredFiles(netHTTPMain),
			check:   "otel",
			want:    Warn,
			message: "no tracing middleware wraps the router: incoming trace context is dropped",
		},
		{
			name:    "otel: tracing built by the serve helpers called wraps the router",
			files:   withProvider(unwiredFiles(ginMain("_ = serveProd(\":8080\", r)")), ""),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router and a propagator is installed",
		},
	})
}

// limitsFiles returns a service whose http.Server literal sets no timeout, served
// as add --wire serves one: handed to serveServerThenExit, which hands it to
// serveServer, to run and to limits, whose body is limits.
func limitsFiles(limits string) map[string]string {
	files := mainFiles("example.test/w", `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {})
	s := &http.Server{Addr: ":8080", Handler: mux}
	log.Fatal(serveServerThenExit(s))
}
`)
	files["serve.go"] = `package main

import (
	"context"
	"net/http"
	"os"
	"time"
)

func serveServerThenExit(srv *http.Server) error {
	if err := serveServer(srv); err != nil {
		os.Exit(1)
	}
	os.Exit(0)
	return nil
}

func serveServer(srv *http.Server) error {
	return run(context.Background(), srv)
}

func run(ctx context.Context, srv *http.Server) error {
	limits(srv)
	go func() {
		<-ctx.Done()
		_ = srv.Shutdown(context.Background())
	}()
	return srv.ListenAndServe()
}

func limits(srv *http.Server) {
	_ = time.Second
	` + limits + `
}
`
	return files
}

// tracingFiles returns a service whose router, of framework gin or echo (v5), is
// built in func main, which runs setup on it (r.Use(tracing()), tracing returning
// the framework's tracing middleware) and serves it as add --wire does: serve(addr,
// r) builds an http.Server with it, and serveServer mounts the server's handler on
// a mux that it serves instead.
func tracingFiles(framework, setup string) map[string]string {
	imports := `"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"`
	middleware := `func tracing() gin.HandlerFunc { return otelgin.Middleware("api") }`
	router := "gin.New()"
	route := `r.GET("/", func(c *gin.Context) {})`
	if framework == "echo" {
		imports = `echootel "github.com/labstack/echo-opentelemetry"
	"github.com/labstack/echo/v5"`
		middleware = `func tracing() echo.MiddlewareFunc { return echootel.NewMiddleware("api") }`
		router = "echo.New()"
		route = `r.GET("/", func(c *echo.Context) error { return nil })`
	}
	files := mainFiles("example.test/o", `package main

import (
	"log"

	`+imports+`
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

`+middleware+`

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	r := `+router+`
	`+setup+`
	`+route+`
	if err := serve(":8080", r); err != nil {
		log.Fatal(err)
	}
}
`)
	files["serve.go"] = `package main

import (
	"net/http"
	"time"
)

func serve(addr string, handler http.Handler) error {
	srv := &http.Server{Addr: addr, Handler: handler}
	return serveServer(srv)
}

func serveServer(srv *http.Server) error {
	mux := http.NewServeMux()
	mux.Handle("/", srv.Handler)
	srv.Handler = mux
	srv.ReadHeaderTimeout = time.Second
	return srv.ListenAndServe()
}
`
	files["telemetry.go"] = providerInit
	return files
}

// handedFiles returns a net/http service that serves its mux with serve(addr,
// mux), which builds an http.Server and hands it on to serveServer and run; run
// gives the server a mux of its own after mount, which mounts the server's handler
// on that mux.
func handedFiles(mount string) map[string]string {
	files := mainFiles("example.test/h", `package main

import (
	"log"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {})
	log.Fatal(serve(":8080", mux))
}
`)
	files["serve.go"] = `package main

import (
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func serve(addr string, handler http.Handler) error {
	return serveServer(&http.Server{Addr: addr, Handler: handler})
}

func serveServer(srv *http.Server) error {
	return run(srv)
}

func run(srv *http.Server) error {
	mux := http.NewServeMux()
	` + mount + `
	srv.Handler = mux
	srv.ReadHeaderTimeout = time.Second
	return srv.ListenAndServe()
}
`
	files["telemetry.go"] = providerInit
	return files
}

// ginMain returns a gin service's main.go that builds its router and then runs
// serve.
func ginMain(serve string) string {
	return `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	r.GET("/", func(c *gin.Context) {})
	` + serve + `
}
`
}

// netHTTPMain serves a mux with http.ListenAndServe.
const netHTTPMain = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`

// pprofNetHTTPMain is netHTTPMain importing net/http/pprof.
var pprofNetHTTPMain = strings.Replace(netHTTPMain, "\"net/http\"\n", "\"net/http\"\n\t\"net/http/pprof\"\n", 1)

// wiredPprofFiles returns a service shaped as add --wire leaves a net/http one: main
// registers route on its mux and hands it to serveThenExit, which hands it on through
// wrappers to run, which serves it beside an admin listener on adminAddr whose
// profiles are behind a token.
func wiredPprofFiles(route, adminAddr string) map[string]string {
	imports := "\"log\"\n\t\"net/http\"\n"
	if strings.Contains(route, "pprof.") {
		imports += "\t\"net/http/pprof\"\n"
	}
	files := mainFiles("example.test/w", `package main

import (
	`+imports+`)

func main() {
	mux := http.NewServeMux()
	`+route+`
	log.Fatal(serveThenExit(":8080", mux))
}
`)
	files["serve.go"] = `package main

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

` + guardFunc + `
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: time.Second}
}

func serve(addr string, h http.Handler) error { return run(newServer(addr, h)) }

func serveThenExit(addr string, h http.Handler) error { return serve(addr, h) }

func run(srv *http.Server) error {
	profiles := http.NewServeMux()
	profiles.HandleFunc("/debug/pprof/profile", pprof.Profile)
	admin := newServer(` + adminAddr + `, guard(os.Getenv("PPROF_TOKEN"), profiles))
	go admin.ListenAndServe()
	return srv.ListenAndServe()
}
`
	return files
}

// unwiredFiles returns a service with main.go next to serve helpers shaped as add
// writes them without --wire: serveProd sets up tracing, TLS with client
// certificates (a reloader whose Run method builds the configuration) and a
// token-guarded pprof listener, and hands the servers to a runner whose Run method
// serves them. main.go decides whether anything calls serveProd.
func unwiredFiles(main string) map[string]string {
	files := mainFiles("example.test/u", main)
	files["prod.go"] = `package main

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/pprof"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

type runner struct{ servers []*http.Server }

func (r *runner) Run(ctx context.Context) error {
	for _, s := range r.servers {
		go s.ListenAndServeTLS("", "")
	}
	<-ctx.Done()
	for _, s := range r.servers {
		_ = s.Shutdown(context.Background())
	}
	return nil
}

type reloader struct{ cfg atomic.Pointer[tls.Config] }

func (l *reloader) config(*tls.ClientHelloInfo) (*tls.Config, error) { return l.cfg.Load(), nil }

func (l *reloader) Run(ctx context.Context) error {
	for {
		l.cfg.Store(&tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()})
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Minute):
		}
	}
}

` + guardFunc + `
func serveProd(addr string, handler http.Handler) error {
	ctx := context.Background()
	otel.SetTextMapPropagator(propagation.TraceContext{})
	l := &reloader{}
	go l.Run(ctx)
	srv := &http.Server{Addr: addr, Handler: otelhttp.NewHandler(handler, "api"), ReadHeaderTimeout: time.Second,
		TLSConfig: &tls.Config{GetConfigForClient: l.config}}
	profiles := http.NewServeMux()
	profiles.HandleFunc("/debug/pprof/profile", pprof.Profile)
	admin := &http.Server{Addr: "127.0.0.1:6060", Handler: guard("secret", profiles), ReadHeaderTimeout: time.Second}
	r := &runner{servers: []*http.Server{srv, admin}}
	return r.Run(ctx)
}
`
	return files
}

// promotedFiles returns a TLS service whose server is given the configuration of
// certs, which requires client certificates once the String method of base builds
// it; app is a struct of fields (base embedded, or fmt.Stringer holding a *base),
// global a package-level *app, and func main runs call (which may hand a *base to a
// suture supervisor).
func promotedFiles(fields, call string) map[string]string {
	return mainFiles("example.test/p", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/http"
	"time"

	"github.com/thejerf/suture/v4"
)

type base struct{ cfg *tls.Config }

func (b *base) String() string {
	b.cfg = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: x509.NewCertPool()}
	return "base"
}

type app struct{ `+fields+` }

var (
	global = &app{}
	certs  = &base{}
)

var (
	_ fmt.Stringer = (*base)(nil)
	_              = suture.NewSimple
)

func main() {
	`+call+`
	srv := &http.Server{Addr: ":8443", ReadHeaderTimeout: time.Second, TLSConfig: certs.cfg}
	_ = srv.ListenAndServeTLS("tls.crt", "tls.key")
}
`)
}

// TestPprofMaskedDefaultMux audits a program that blank-imports net/http/pprof and
// serves http.DefaultServeMux through a function shaped as add --wire's prodServe: one
// that answers 404 under /debug/pprof/ when the handler it is given is that mux, beside a
// token-guarded admin listener. The public listener serves no profile then; it does
// without the 404, and a profiling handler registered at another path stays served.
func TestPprofMaskedDefaultMux(t *testing.T) {
	const mask = `if defaultMux {
		mux := http.NewServeMux()
		mux.Handle("/", handler)
		mux.Handle(debugPProf, http.NotFoundHandler())
		handler = mux
	}
	`
	runCheckCases(t, []checkCase{
		{name: "the wrapper answers 404 under /debug/pprof/", files: maskedPprofFiles("", mask), check: "pprof", want: Pass, message: "pprof is served on a separate listener that checks a token"},
		{name: "the wrapper serves http.DefaultServeMux as it is", files: maskedPprofFiles("", "_ = defaultMux\n\t"), check: "pprof", want: Fail, message: "the blank import of net/http/pprof registers on http.DefaultServeMux, which the public server serves"},
		{name: "a profiling handler registered at another path", files: maskedPprofFiles(`http.HandleFunc("/profile", pprof.Profile)`, mask), check: "pprof", want: Fail, message: "anyone can profile the service"},
	})
}

// maskedPprofFiles returns a main that blank-imports net/http/pprof, runs register and
// serves http.DefaultServeMux with serveThenExit (":8080", nil), whose run masks it with
// mask (its handler, and defaultMux whether that is http.DefaultServeMux) and serves the
// profiles on a token-guarded admin listener.
func maskedPprofFiles(register, mask string) map[string]string {
	pprofImport := `_ "net/http/pprof"`
	if register != "" {
		pprofImport = `"net/http/pprof"`
	}
	files := mainFiles("example.test/m", `package main

import (
	"log"
	"net/http"
	`+pprofImport+`
)

func main() {
	http.HandleFunc("/work", func(w http.ResponseWriter, r *http.Request) {})
	`+register+`
	log.Fatal(serveThenExit(":8080", nil))
}
`)
	if register != "" {
		files["blank.go"] = "package main\n\nimport _ \"net/http/pprof\"\n"
	}
	files["serve.go"] = `package main

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

const debugPProf = "/debug/pprof/"

` + guardFunc + `
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: time.Second}
}

func serveThenExit(addr string, h http.Handler) error { return run(newServer(addr, h)) }

func run(srv *http.Server) error {
	handler := srv.Handler
	defaultMux := handler == nil || handler == http.Handler(http.DefaultServeMux)
	if handler == nil {
		handler = http.DefaultServeMux
	}
	` + mask + `srv.Handler = handler
	profiles := http.NewServeMux()
	profiles.HandleFunc("/debug/pprof/profile", pprof.Profile)
	admin := newServer("127.0.0.1:6060", guard(os.Getenv("PPROF_TOKEN"), profiles))
	go admin.ListenAndServe()
	return srv.ListenAndServe()
}
`
	return files
}

// TestTimeoutFromDefaultServer audits a server of the program's own handed to limits
// code shaped as add --wire's prodLimits: a zero read timeout takes the one of a default
// server that a function of the program builds (def := defaults();
// srv.ReadHeaderTimeout = def.ReadHeaderTimeout). The default server's literal decides.
func TestTimeoutFromDefaultServer(t *testing.T) {
	const limits = "def := defaults()\n\tif srv.ReadHeaderTimeout == 0 && srv.ReadTimeout == 0 {\n\t\tsrv.ReadHeaderTimeout = def.ReadHeaderTimeout\n\t}"
	withDefaults := func(lit string) map[string]string {
		files := limitsFiles(limits)
		files["defaults.go"] = "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nvar _ = time.Second\n\nfunc defaults() *http.Server {\n\treturn " + lit + "\n}\n"
		return files
	}
	runCheckCases(t, []checkCase{
		{name: "the default server sets ReadHeaderTimeout", files: withDefaults("&http.Server{ReadHeaderTimeout: 5 * time.Second, IdleTimeout: time.Minute}"), check: "timeouts", want: Pass, message: "every server sets a read timeout"},
		{name: "the default server sets no ReadHeaderTimeout", files: withDefaults("&http.Server{IdleTimeout: time.Minute}"), check: "timeouts", want: Fail, message: "without a read timeout"},
		{name: "the default server sets it to zero", files: withDefaults("&http.Server{ReadHeaderTimeout: 0}"), check: "timeouts", want: Fail, message: "without a read timeout"},
	})
}

// TestPprofServingCallsError audits an Echo v5 program wired as add pprof --wire leaves
// it: its router handed to a serve helper that serves the profiles on a token-guarded
// admin listener of its own, the helper's error logged through the router
// (e.Logger.Error(..., err)). The error of the call that starts the server is no handler
// built for the router: the profiles stay on the admin listener.
func TestPprofServingCallsError(t *testing.T) {
	runCheckCases(t, []checkCase{
		{name: "the serving call's error logged through the router", files: servingErrorFiles(`e.Logger.Error("failed to start server", "error", err)`), check: "pprof", want: Pass, message: "pprof is served on a separate listener that checks a token"},
		{name: "the serving call's error passed to a function", files: servingErrorFiles(`report(e, err)`), check: "pprof", want: Pass, message: "pprof is served on a separate listener that checks a token"},
		{name: "the admin handler mounted on the router", files: servingErrorFiles(`e.Any("/debug/*", echo.WrapHandler(admin()))`), check: "pprof", want: Fail, message: "pprof is served on the public listener"},
	})
}

// servingErrorFiles returns an Echo v5 main whose router e is served by
// serve(":1323", e), which also serves the profiles on a token-guarded admin listener,
// with onErr run when the call returns an error.
func servingErrorFiles(onErr string) map[string]string {
	files := mainFiles("example.test/e5", `package main

import (
	"net/http"

	"github.com/labstack/echo/v5"
)

func report(e *echo.Echo, err error) { e.Logger.Error("stopped", "error", err) }

func main() {
	e := echo.New()
	e.GET("/", func(c *echo.Context) error { return c.String(http.StatusOK, "ok") })
	if err := serve(":1323", e); err != nil {
		`+onErr+`
	}
}
`)
	files["serve.go"] = `package main

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

` + guardFunc + `
func newServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: time.Second}
}

func admin() http.Handler {
	profiles := http.NewServeMux()
	profiles.HandleFunc("/debug/pprof/profile", pprof.Profile)
	return guard(os.Getenv("PPROF_TOKEN"), profiles)
}

func serve(addr string, h http.Handler) error { return run(newServer(addr, h)) }

func run(srv *http.Server) error {
	adm := newServer("127.0.0.1:6060", admin())
	go adm.ListenAndServe()
	return srv.ListenAndServe()
}
`
	return files
}
