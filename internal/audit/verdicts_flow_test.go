package audit

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestFlowVerdicts audits small repositories written inline and checks one check's
// status and a part of its message: each case is a shape whose verdict depends on
// following values through the code (configurations, contexts, servers).
func TestFlowVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "mtls: the config GetConfigForClient returns sets no ClientAuth",
			files:   mtlsFiles("r.cur", "r.cur = cfg"),
			check:   "mtls",
			want:    Fail,
			message: "GetConfigForClient returns a tls.Config that sets no ClientAuth",
		},
		{
			name:    "mtls: the config GetConfigForClient returns requires client certificates",
			files:   mtlsFiles("r.cur", "cfg.ClientAuth = tls.RequireAndVerifyClientCert\n\tr.cur = cfg"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: an atomic pointer whose config gets ClientAuth through the field",
			files:   mtlsFiles("r.ptr.Load().config", "m := &material{config: cfg}\n\tm.config.ClientAuth = tls.RequireAndVerifyClientCert\n\tr.ptr.Store(m)"),
			check:   "mtls",
			want:    Pass,
			message: "client certificates are required and verified",
		},
		{
			name:    "mtls: an atomic pointer whose config has no ClientAuth",
			files:   mtlsFiles("r.ptr.Load().config", "r.ptr.Store(&material{config: cfg})"),
			check:   "mtls",
			want:    Fail,
			message: "GetConfigForClient returns a tls.Config that sets no ClientAuth",
		},
		{
			name: "mtls: GetConfigForClient assigned after returns a config without ClientAuth",
			files: mainFiles("example.test/m", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"time"
)

func main() {
	pool := x509.NewCertPool()
	srv := &http.Server{Addr: ":8443", TLSConfig: &tls.Config{}, ReadHeaderTimeout: time.Second}
	srv.TLSConfig.ClientAuth = tls.RequireAndVerifyClientCert
	srv.TLSConfig.GetConfigForClient = func(*tls.ClientHelloInfo) (*tls.Config, error) {
		return &tls.Config{ClientCAs: pool}, nil
	}
	srv.ListenAndServeTLS("tls.crt", "tls.key")
}
`),
			check:   "mtls",
			want:    Fail,
			message: "GetConfigForClient returns a tls.Config that sets no ClientAuth",
		},
		{
			name:    "mtls: a returned config this audit cannot follow",
			files:   mtlsFiles("r.provider.Current()", "_ = cfg"),
			check:   "mtls",
			want:    Unknown,
			message: "GetConfigForClient returns a tls.Config this audit cannot follow",
		},
		{
			name:    "timeouts: servers written as elided literals in a slice",
			files:   mainFiles("example.test/e", elidedServersMain("[]*http.Server{\n\t\t{Addr: \":8080\", Handler: mux},\n\t\t{Addr: \":9090\", Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second},\n\t}")),
			check:   "timeouts",
			want:    Fail,
			message: "1 server(s) without a read timeout",
		},
		{
			name:    "timeouts: servers written as elided literals in a map",
			files:   mainFiles("example.test/e", elidedServersMain("map[string]*http.Server{\n\t\t\"api\": {Addr: \":8080\", Handler: mux},\n\t\t\"ops\": {Addr: \":9090\", Handler: http.NewServeMux()},\n\t}")),
			check:   "timeouts",
			want:    Fail,
			message: "2 server(s) without a read timeout",
		},
		{
			name:    "pprof: the profiles on a server written as an elided literal in a slice",
			files:   mainFiles("example.test/e", elidedServersMain("[]*http.Server{\n\t\t{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: time.Second},\n\t}")),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name:    "shutdown: main returns when the serve call does, Shutdown in a goroutine",
			files:   drainFiles("context.Background()", "if err := srv.ListenAndServe(); err != http.ErrServerClosed {\n\t\tlog.Fatal(err)\n\t}"),
			check:   "shutdown",
			want:    Fail,
			message: "main returns as soon as the serve call does",
		},
		{
			name:    "shutdown: log.Fatal on any serve error",
			files:   drainFiles("context.Background()", "if err := srv.ListenAndServe(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n\t<-done"),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded",
		},
		{
			name:    "shutdown: log.Fatal wraps the serve call",
			files:   drainFiles("context.Background()", "log.Fatal(srv.ListenAndServe())"),
			check:   "shutdown",
			want:    Fail,
			message: "the serve call's error reaches log.Fatal without http.ErrServerClosed excluded",
		},
		{
			name:    "shutdown: ErrServerClosed excluded inside the if on the serve error",
			files:   drainFiles("context.Background()", "if err := srv.ListenAndServe(); err != nil {\n\t\tif errors.Is(err, http.ErrServerClosed) {\n\t\t\t<-done\n\t\t\treturn\n\t\t}\n\t\tlog.Fatal(err)\n\t}"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: log.Fatal on a side server that nothing shuts down",
			files:   drainFiles("context.Background()", "go func() { log.Fatal(http.ListenAndServe(\"localhost:6060\", nil)) }()\n\tsrv.ListenAndServe()\n\t<-done"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: main waits for the drain after the serve call",
			files:   drainFiles("context.Background()", "err := srv.ListenAndServe()\n\tif !errors.Is(err, http.ErrServerClosed) {\n\t\tlog.Fatal(err)\n\t}\n\t<-done"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: the drain context derives from the signal context",
			files:   drainFiles("ctx", "srv.ListenAndServe()\n\t<-done"),
			check:   "shutdown",
			want:    Fail,
			message: "Shutdown's context derives from the signal context (signal.NotifyContext)",
		},
		{
			name:    "shutdown: the drain context keeps the signal context's values only",
			files:   drainFiles("context.WithoutCancel(ctx)", "srv.ListenAndServe()\n\t<-done"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: one of two servers is shut down",
			files:   twoServerFiles("_ = admin.Shutdown(c)"),
			check:   "shutdown",
			want:    Fail,
			message: "the server public is started but never shut down (Shutdown is called on admin only)",
		},
		{
			name:    "shutdown: a metrics and profiles server is left to the exit",
			files:   opsServerFiles("", "m := http.NewServeMux()\n\tm.HandleFunc(\"/metrics\", readyz)\n\tm.HandleFunc(\"/debug/pprof/\", readyz)", "m"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: promhttp's handler on a server left to the exit",
			files:   opsServerFiles("\n\t\"github.com/prometheus/client_golang/prometheus/promhttp\"", "", "promhttp.Handler()"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "shutdown: a server with an API route beside metrics is left to the exit",
			files:   opsServerFiles("", "m := http.NewServeMux()\n\tm.HandleFunc(\"/metrics\", readyz)\n\tm.HandleFunc(\"/v1/orders\", readyz)", "m"),
			check:   "shutdown",
			want:    Fail,
			message: "the server ops is started but never shut down (Shutdown is called on srv only)",
		},
		{
			name:    "shutdown: a server whose routes are not seen is left to the exit",
			files:   opsServerFiles("\n\t\"example.test/lib/api\"", "", "api.Handler()"),
			check:   "shutdown",
			want:    Fail,
			message: "the server ops is started but never shut down (Shutdown is called on srv only)",
		},
		{
			name:    "shutdown: both servers are shut down",
			files:   twoServerFiles("_ = admin.Shutdown(c)\n\t_ = public.Shutdown(c)"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name:    "pprof: the token check of another handler guards nothing the admin server serves",
			files:   adminFiles("httpapi.AdminRoutes()"),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on a separate listener without authentication",
		},
		{
			name:    "pprof: the admin handler is wrapped by a check of the header's scheme only",
			files:   adminFiles("httpapi.RequireToken(httpapi.AdminRoutes())"),
			check:   "pprof",
			want:    Warn,
			message: "without a constant-time compare",
		},
		{
			name: "pprof: http.HandleFunc on DefaultServeMux served by a server without a Handler",
			files: mainFiles("example.test/p", `package main

import (
	"net/http"
	"net/http/pprof"
	"time"
)

func main() {
	http.HandleFunc("/debug/pprof/", pprof.Index)
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`),
			check:   "pprof",
			want:    Fail,
			message: "http.Handle/http.HandleFunc register the profiling handlers on http.DefaultServeMux, which the public server serves",
		},
		{
			name:    "procs: runtime.GOMAXPROCS(-1) only reports the setting",
			files:   gomaxprocsFiles("-1"),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name:    "procs: runtime.GOMAXPROCS(4) fixes it",
			files:   gomaxprocsFiles("4"),
			check:   "procs",
			want:    Fail,
			message: "runtime.GOMAXPROCS(n) fixes GOMAXPROCS",
		},
		{
			name:    "timeouts: new(http.Server) without a read timeout",
			files:   newServerFiles("srv.IdleTimeout = time.Minute"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:    "timeouts: a negative read header timeout is no timeout",
			files:   newServerFiles("srv.ReadHeaderTimeout = -1"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server whose ReadHeaderTimeout is negative, which net/http takes for no timeout on the request headers, whatever ReadTimeout is",
		},
		{
			name:    "timeouts: zero seconds is no timeout",
			files:   newServerFiles("srv.ReadTimeout = 0 * time.Second"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative, which net/http takes for no timeout",
		},
		{
			name:    "timeouts: a zero time.Duration and minus one second are no timeouts",
			files:   newServerFiles("srv.ReadHeaderTimeout = time.Duration(0)\n\tsrv.ReadTimeout = -1 * time.Second"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server whose ReadHeaderTimeout or ReadTimeout is zero or negative, which net/http takes for no timeout",
		},
		{
			name: "timeouts: a literal's negative read header timeout is named",
			files: mainFiles("example.test/n", `package main

import "net/http"

func main() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: -1}
	srv.ListenAndServe()
}
`),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server whose ReadHeaderTimeout is negative",
		},
		{
			name:    "timeouts: half a second written as a division",
			files:   newServerFiles("srv.ReadHeaderTimeout = time.Second / 2"),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "procs: runtime.GOMAXPROCS(0) written as a conversion only reports the setting",
			files:   gomaxprocsFiles("int(0)"),
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name:    "timeouts: new(http.Server) with a read header timeout",
			files:   newServerFiles("srv.ReadHeaderTimeout = time.Second"),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "otel: the propagator is set in a function main never calls",
			files:   propagatorFiles(""),
			check:   "otel",
			want:    Fail,
			message: "otel.SetTextMapPropagator is only called in a function that main's flow never calls",
		},
		{
			name:    "otel: the propagator is set in a function main calls",
			files:   propagatorFiles("setup()"),
			check:   "otel",
			want:    Pass,
			message: "a propagator is installed",
		},
		{
			name:    "shutdown: a package-level signal list without SIGTERM",
			files:   signalFiles("stopSignals..."),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: another package's signal list with SIGTERM",
			files:   signalFiles("sigs.Stop..."),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
		{
			name:    "shutdown: a local variable holding SIGTERM",
			files:   signalFiles("term"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
		{
			name:    "health: a list of paths a logger skips is no route table",
			files:   mainFiles("example.test/h", healthMain(`quiet := []string{"/healthz", "/readyz"}`, `mux.HandleFunc("/orders", func(http.ResponseWriter, *http.Request) { _ = quiet })`)),
			check:   "health",
			want:    Warn,
			message: "no health or readiness endpoint",
		},
		{
			name:    "health: a map from paths to handlers is a route table",
			files:   mainFiles("example.test/h", healthMain(`routes := map[string]http.HandlerFunc{"/healthz": func(http.ResponseWriter, *http.Request) {}}`, "for p, h := range routes {\n\t\tmux.HandleFunc(p, h)\n\t}")),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz",
		},
		{
			name: "procs: go.work's godebug line applies in workspace mode",
			files: map[string]string{
				"go.work": "go 1.26\n\ngodebug containermaxprocs=0\n\nuse .\n",
				"go.mod":  "module example.test/w\n\ngo 1.26\n",
				"main.go": procsMain(""),
			},
			check:   "procs",
			want:    Fail,
			message: "containermaxprocs=0 turns off the container-aware GOMAXPROCS",
		},
		{
			name: "procs: go.mod's godebug line is ignored in workspace mode",
			files: map[string]string{
				"go.work": "go 1.26\n\nuse .\n",
				"go.mod":  "module example.test/w\n\ngo 1.26\n\ngodebug containermaxprocs=0\n",
				"main.go": procsMain(""),
			},
			check:   "procs",
			want:    Pass,
			message: "GOMAXPROCS follows the CPU limit",
		},
		{
			name:    "timeouts: gin's Run on an engine a repository function returns",
			files:   ginFiles("r := router.New()\n\tlog.Fatal(r.Run(\":8080\"))"),
			check:   "timeouts",
			want:    Fail,
			message: "gin's Run (http.ListenAndServe, no timeouts)",
		},
		{
			name:    "shutdown: gin's Run on an engine a repository function returns",
			files:   ginFiles("r := router.New()\n\tlog.Fatal(r.Run(\":8080\"))"),
			check:   "shutdown",
			want:    Fail,
			message: "log.Fatal wraps the blocking serve call and no signal is caught",
		},
		{
			name:    "timeouts: gin's Run on an engine kept in a struct field",
			files:   ginFiles("a := &app{engine: router.New()}\n\tlog.Fatal(a.engine.Run(\":8080\"))"),
			check:   "timeouts",
			want:    Fail,
			message: "gin's Run (http.ListenAndServe, no timeouts)",
		},
		{
			name:    "timeouts: a ReadTimeout of another configuration is not the server's",
			files:   timeoutFiles("cfg := &client{}\n\tcfg.ReadTimeout = time.Second\n\t_ = cfg"),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:    "timeouts: a helper sets the timeouts through its parameter",
			files:   timeoutFiles("harden(srv)"),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name: "timeouts: Echo v4's Start with another configuration's ReadTimeout",
			files: mainFiles("example.test/e", `package main

import (
	"time"

	"github.com/labstack/echo/v4"
)

type options struct{ ReadTimeout time.Duration }

func main() {
	opts := &options{}
	opts.ReadTimeout = time.Second
	e := echo.New()
	e.Start(":8080")
}
`),
			check:   "timeouts",
			want:    Fail,
			message: "Echo v4's Start with e.Server's zero timeouts",
		},
		{
			name: "timeouts: Echo v4's Start with e.Server's ReadTimeout set",
			files: mainFiles("example.test/e", `package main

import (
	"time"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.Server.ReadTimeout = time.Second
	e.Start(":8080")
}
`),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "shutdown: a server shut down through a helper's parameter may be either",
			files:   twoServerFiles("drain := func(s *http.Server) { _ = s.Shutdown(c) }\n\tdrain(public)\n\t_ = admin.Shutdown(c)"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout",
		},
		{
			name: "pprof: a token check with != wrapped around the profile where it is mounted",
			files: mainFiles("example.test/p", `package main

import (
	"net/http"
	"net/http/pprof"
	"time"
)

func auth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer x" {
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	mux := http.NewServeMux()
	mux.Handle("/debug/pprof/", auth(http.HandlerFunc(pprof.Index)))
	admin := &http.Server{Addr: ":6060", Handler: mux, ReadHeaderTimeout: time.Second}
	go admin.ListenAndServe()
	srv := &http.Server{Addr: ":8080", Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`),
			check:   "pprof",
			want:    Warn,
			message: "without a constant-time compare",
		},
		{
			name:    "shutdown: a Fiber app is a service this audit does not read",
			files:   mainFiles("example.test/f", fiberMain),
			check:   "shutdown",
			want:    Unknown,
			message: "the program serves through Fiber (github.com/gofiber/fiber/v2), which this audit does not read",
		},
		{
			name:    "pprof: Fiber's pprof middleware is profiling this audit cannot place",
			files:   mainFiles("example.test/f", fiberMain),
			check:   "pprof",
			want:    Unknown,
			message: "check by hand where the profiling handlers are served",
		},
		{
			name:    "shutdown: a gRPC server's Serve is no HTTP serve call",
			files:   mainFiles("example.test/g", grpcMain),
			check:   "shutdown",
			want:    Unknown,
			message: "the program serves through gRPC (google.golang.org/grpc), which this audit does not read",
		},
		{
			name:    "timeouts: gin's RunListener serves through http.Serve",
			files:   mainFiles("example.test/g", runListenerMain),
			check:   "timeouts",
			want:    Fail,
			message: "gin's RunListener (http.Serve, no timeouts)",
		},
		{
			name:    "shutdown: gin's RunListener is a blocking serve call",
			files:   mainFiles("example.test/g", runListenerMain),
			check:   "shutdown",
			want:    Fail,
			message: "log.Fatal wraps the blocking serve call and no signal is caught",
		},
		{
			name:    "timeouts: Echo v4's StartAutoTLS serves a server of zero timeouts",
			files:   mainFiles("example.test/e", startAutoTLSMain),
			check:   "timeouts",
			want:    Fail,
			message: "Echo v4's StartAutoTLS with e.TLSServer's zero timeouts",
		},
		{
			name:    "shutdown: Echo v4's StartAutoTLS is a blocking serve call",
			files:   mainFiles("example.test/e", startAutoTLSMain),
			check:   "shutdown",
			want:    Fail,
			message: "no signal is caught",
		},
		{
			name:    "timeouts: a type embedding http.Server, built without timeouts",
			files:   mainFiles("example.test/e", embeddedServerMain(`&Server{name: "api"}`, "")),
			check:   "timeouts",
			want:    Fail,
			message: "an http.Server embedded in Server without ReadHeaderTimeout or ReadTimeout",
		},
		{
			name:    "timeouts: a type embedding http.Server, its header timeout set after",
			files:   mainFiles("example.test/e", embeddedServerMain(`&Server{name: "api"}`, "s.ReadHeaderTimeout = 5 * time.Second")),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: a type embedding http.Server, given a server with timeouts",
			files:   mainFiles("example.test/e", embeddedServerMain(`&Server{name: "api", Server: http.Server{ReadHeaderTimeout: time.Second}}`, "")),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "pprof: a method of another type with the name of the one main calls is not run",
			files:   mainFiles("example.test/s", sameNameMethods),
			check:   "pprof",
			want:    Warn,
			message: "nothing serves it now",
		},
		{
			name:    "timeouts: a server in a method nothing calls is not judged",
			files:   mainFiles("example.test/s", sameNameMethods),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: a server without timeouts in a method main calls is",
			files:   mainFiles("example.test/s", strings.Replace(sameNameMethods, "_ = a.Start()", "_ = a.Start()\n\t_ = debug{}.Start()", 1)),
			check:   "timeouts",
			want:    Fail,
			message: "http.ListenAndServe (a server with no timeouts)",
		},
	})
}

// runListenerMain serves a gin engine with RunListener, and startAutoTLSMain an Echo
// v4 instance with StartAutoTLS: both serve through a server without timeouts, and
// neither catches a signal.
const (
	runListenerMain = `package main

import (
	"log"
	"net"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(r.RunListener(ln))
}
`
	startAutoTLSMain = `package main

import "github.com/labstack/echo/v4"

func main() {
	e := echo.New()
	e.Logger.Fatal(e.StartAutoTLS(":443"))
}
`
)

// embeddedServerMain returns a service whose Server type embeds http.Server: newServer
// builds it with the literal lit and then runs set.
func embeddedServerMain(lit, set string) string {
	return `package main

import (
	"net/http"
	"time"
)

// Server is the service's HTTP server with its name.
type Server struct {
	http.Server
	name string
}

func newServer(addr string, h http.Handler) *Server {
	s := ` + lit + `
	s.Addr = addr
	s.Handler = h
	` + set + `
	return s
}

func main() {
	srv := newServer(":8080", http.NewServeMux())
	_ = srv.ListenAndServe()
}

var _ = time.Second
`
}

// sameNameMethods is a service whose main calls the Start method of one type, while
// another type's Start, which nothing calls, would serve the profiles on the
// default mux without timeouts.
const sameNameMethods = `package main

import (
	"net/http"
	_ "net/http/pprof"
	"time"
)

type api struct{ srv *http.Server }

// Start serves the API.
func (a *api) Start() error { return a.srv.ListenAndServe() }

type debug struct{}

// Start serves the profiles on the default mux.
func (debug) Start() error { return http.ListenAndServe(":6060", nil) }

func main() {
	mux := http.NewServeMux()
	a := &api{srv: &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}}
	_ = a.Start()
}
`

// checkCase is a repository written inline, a check and the verdict expected of it.
type checkCase struct {
	name  string
	files map[string]string
	// dir is the directory audited ("" for the root of files): the files outside it
	// stand for what surrounds a repository on disk.
	dir     string
	check   string
	want    Status
	message string // a part of the expected message
	notWant string // a part the message must not hold ("" for none)
}

// runCheckCases audits each case's repository with its one check and compares the
// status and the message.
func runCheckCases(t *testing.T, tests []checkCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := auditInlineAt(t, tt.files, tt.dir, tt.check)
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) {
				t.Fatalf("%s: %s %q\n\twant %s with %q", tt.check, res.Status, res.Message, tt.want, tt.message)
			}
			if tt.notWant != "" && strings.Contains(res.Message, tt.notWant) {
				t.Fatalf("%s: %s %q\n\twant no %q", tt.check, res.Status, res.Message, tt.notWant)
			}
		})
	}
}

// mtlsFiles returns a service whose outer tls.Config requires client certificates
// and whose GetConfigForClient returns ret; store is the code of load that keeps the
// per-handshake configuration cfg (a tls.Config without ClientAuth).
func mtlsFiles(ret, store string) map[string]string {
	return mainFiles("example.test/m", `package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"sync/atomic"
	"time"
)

type material struct{ config *tls.Config }

type provider interface{ Current() *tls.Config }

type reloader struct {
	cur      *tls.Config
	ptr      atomic.Pointer[material]
	provider provider
}

func (r *reloader) load() {
	cfg := &tls.Config{ClientCAs: x509.NewCertPool()}
	`+store+`
}

func (r *reloader) config() *tls.Config {
	return &tls.Config{
		ClientAuth: tls.RequireAndVerifyClientCert,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return `+ret+`, nil
		},
	}
}

func watch(c *x509.Certificate) bool { return time.Until(c.NotAfter) < time.Hour }

func main() {
	r := &reloader{}
	r.load()
	_ = watch
	srv := &http.Server{Addr: ":8443", TLSConfig: r.config(), ReadHeaderTimeout: time.Second}
	srv.ListenAndServeTLS("", "")
}
`)
}

// adminFiles returns a service whose public API is behind a token middleware and
// whose admin server on :6060 serves the profiles with the handler admin.
func adminFiles(admin string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/a\n\ngo 1.26\n",
		"internal/httpapi/httpapi.go": `package httpapi

import (
	"net/http"
	"net/http/pprof"
	"strings"
)

// RequireToken rejects requests without a bearer token.
func RequireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Routes returns the public API.
func Routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /orders", RequireToken(http.NotFoundHandler()))
	return mux
}

// AdminRoutes returns the profiles.
func AdminRoutes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	return mux
}
`,
		"main.go": `package main

import (
	"net/http"
	"time"

	"example.test/a/internal/httpapi"
)

func main() {
	admin := &http.Server{Addr: ":6060", Handler: ` + admin + `, ReadHeaderTimeout: time.Second}
	go admin.ListenAndServe()
	srv := &http.Server{Addr: ":8080", Handler: httpapi.Routes(), ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`,
	}
}

// gomaxprocsFiles returns a go 1.26 service with a memory limit that calls
// runtime.GOMAXPROCS(n).
func gomaxprocsFiles(n string) map[string]string {
	return mainFiles("example.test/g", `package main

import (
	"log/slog"
	"net/http"
	"runtime"
	"runtime/debug"
)

func main() {
	debug.SetMemoryLimit(1 << 30)
	slog.Info("start", "gomaxprocs", runtime.GOMAXPROCS(`+n+`))
	http.ListenAndServe(":8080", nil)
}
`)
}

// newServerFiles returns a service that builds its server with new(http.Server)
// and then runs set.
func newServerFiles(set string) map[string]string {
	return mainFiles("example.test/n", `package main

import (
	"net/http"
	"time"
)

func main() {
	srv := new(http.Server)
	srv.Addr = ":8080"
	srv.Handler = http.NewServeMux()
	`+set+`
	srv.ListenAndServe()
}
`)
}

// propagatorFiles returns a service whose server is wrapped by otelhttp, whose
// setup sets the propagator, and whose main runs start.
func propagatorFiles(start string) map[string]string {
	return withProvider(mainFiles("example.test/o", `package main

import (
	"net/http"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func unused() { otel.SetTextMapPropagator(propagation.TraceContext{}) }

func setup() { unused() }

func main() {
	`+start+`
	srv := &http.Server{Addr: ":8080", Handler: otelhttp.NewHandler(http.NewServeMux(), "api"), ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`), "")
}

// ginFiles returns a service whose gin engine is built by internal/router and whose
// func main runs serve.
func ginFiles(serve string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/g\n\ngo 1.26\n\nrequire github.com/gin-gonic/gin v1.10.0\n",
		"internal/router/router.go": `package router

import "github.com/gin-gonic/gin"

// New returns the engine.
func New() *gin.Engine {
	r := gin.New()
	r.GET("/healthz", func(c *gin.Context) {})
	return r
}
`,
		"main.go": `package main

import (
	"log"

	"github.com/gin-gonic/gin"

	"example.test/g/internal/router"
)

type app struct{ engine *gin.Engine }

func main() {
	` + serve + `
}
`,
	}
}

// timeoutFiles returns a service whose http.Server literal sets no timeout, with a
// harden helper that sets them through its parameter; func main runs setup before
// serving.
func timeoutFiles(setup string) map[string]string {
	return mainFiles("example.test/t", `package main

import (
	"net/http"
	"time"
)

type client struct{ ReadTimeout time.Duration }

func harden(s *http.Server) {
	s.ReadHeaderTimeout = 5 * time.Second
	s.IdleTimeout = time.Minute
}

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NewServeMux()}
	`+setup+`
	srv.ListenAndServe()
}
`)
}

// fiberMain serves a Fiber app with its pprof middleware.
const fiberMain = `package main

import (
	"log"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/pprof"
)

func main() {
	app := fiber.New()
	app.Use(pprof.New())
	log.Fatal(app.Listen(":3000"))
}
`

// grpcMain serves gRPC and stops gracefully on SIGTERM.
const grpcMain = `package main

import (
	"net"
	"os"
	"os/signal"
	"syscall"

	"google.golang.org/grpc"
)

func main() {
	lis, _ := net.Listen("tcp", ":9090")
	s := grpc.NewServer()
	go func() {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGTERM)
		<-sig
		s.GracefulStop()
	}()
	s.Serve(lis)
}
`

// TestUnreadServers checks which main packages count as services when they serve
// through a server this audit does not read: a Fiber app or a gRPC server does, a
// tool that is only a gRPC client does not.
func TestUnreadServers(t *testing.T) {
	client := "package main\n\nimport \"google.golang.org/grpc\"\n\nfunc main() { _, _ = grpc.NewClient(\"localhost:9090\") }\n"
	tests := []struct {
		name, main string
		service    bool
	}{
		{"fiber", fiberMain, true},
		{"grpc server", grpcMain, true},
		{"grpc client", client, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := fstest.MapFS{
				"go.mod":  {Data: []byte("module example.test/u\n\ngo 1.26\n")},
				"main.go": {Data: []byte(tt.main)},
			}
			r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), r, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Mains) != 1 || rep.Mains[0].Service != tt.service {
				t.Fatalf("mains %+v, want one with Service %v", rep.Mains, tt.service)
			}
		})
	}
}

// readyMain returns a main.go whose readyz handler answers 503 once ready is false,
// and whose func main runs body; extra are more import lines.
func readyMain(extra, body string) string {
	return `package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
` + extra + `
)

var stopSignals = []os.Signal{os.Interrupt}

var ready atomic.Bool

func readyz(w http.ResponseWriter, r *http.Request) {
	if !ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func main() {
	_, _ = errors.Is, log.Fatal
	` + body + `
}
`
}

// drainFiles returns a service that flips readiness and calls Shutdown, with a
// context derived from parent, in a goroutine that closes done; serve is the end of
// func main.
func drainFiles(parent, serve string) map[string]string {
	return mainFiles("example.test/d", readyMain("", `mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", readyz)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		ready.Store(false)
		c, cancel := context.WithTimeout(`+parent+`, 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(c)
	}()
	`+serve))
}

// twoServerFiles returns a service with a public and an admin server that, on
// SIGTERM, flips readiness and runs drain with c, a context with a timeout.
func twoServerFiles(drain string) map[string]string {
	return mainFiles("example.test/two", readyMain("", `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ops := http.NewServeMux()
	ops.HandleFunc("/readyz", readyz)
	public := &http.Server{Addr: ":8080", Handler: http.NewServeMux(), ReadHeaderTimeout: time.Second}
	admin := &http.Server{Addr: ":9090", Handler: ops, ReadHeaderTimeout: time.Second}
	go public.ListenAndServe()
	go admin.ListenAndServe()
	<-ctx.Done()
	ready.Store(false)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	`+drain))
}

// opsServerFiles returns a service that drains its server srv (readiness on it) and
// leaves a second server, ops, serving handler (built by setup) on :9090 to the exit.
func opsServerFiles(imports, setup, handler string) map[string]string {
	return mainFiles("example.test/ops", readyMain(imports, `ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", readyz)
	mux.HandleFunc("/v1/orders", readyz)
	`+setup+`
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	ops := &http.Server{Addr: ":9090", Handler: `+handler+`, ReadHeaderTimeout: time.Second}
	go srv.ListenAndServe()
	go ops.ListenAndServe()
	<-ctx.Done()
	ready.Store(false)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(c)`))
}

// signalFiles returns a service that drains on the signals args of
// signal.NotifyContext; package main declares stopSignals (os.Interrupt only) and a
// local term (SIGTERM), package sigs a list Stop with both.
func signalFiles(args string) map[string]string {
	files := mainFiles("example.test/s", readyMain("\n\t\"example.test/s/internal/sigs\"", `term := syscall.SIGTERM
	_, _ = sigs.Stop, stopSignals
	ctx, stop := signal.NotifyContext(context.Background(), `+args+`)
	defer stop()
	http.HandleFunc("/readyz", readyz)
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	go srv.ListenAndServe()
	<-ctx.Done()
	ready.Store(false)
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(c)
	_ = term`))
	files["internal/sigs/sigs.go"] = `package sigs

import (
	"os"
	"syscall"
)

// Stop are the signals that start a graceful stop.
var Stop = []os.Signal{os.Interrupt, syscall.SIGTERM}
`
	return files
}

// mainFiles returns a go 1.26 module named module whose main.go is src.
func mainFiles(module, src string) map[string]string {
	return map[string]string{"go.mod": "module " + module + "\n\ngo 1.26\n", "main.go": src}
}

// elidedServersMain returns a main that mounts the profiles on mux and starts and
// shuts down each of servers, a slice or map literal of http.Servers.
func elidedServersMain(servers string) string {
	return `package main

import (
	"context"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"time"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	servers := ` + servers + `
	for _, s := range servers {
		go s.ListenAndServe()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, s := range servers {
		s.Shutdown(sctx)
	}
}
`
}
