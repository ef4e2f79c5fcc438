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
	tests := []struct {
		name    string
		files   map[string]string
		check   string
		want    Status
		message string // a part of the expected message
	}{
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
			message: "an http.Server without ReadHeaderTimeout or ReadTimeout",
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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := auditInline(t, tt.files, tt.check)
			if got.Status != tt.want || !strings.Contains(got.Message, tt.message) {
				t.Errorf("%s: %s %q, want %s with %q", tt.check, got.Status, got.Message, tt.want, tt.message)
			}
		})
	}
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
	return files
}
