package retrofit

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"go/build"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gonew-prod/gonew-prod/generator"
	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// TestFindWiring checks, on every fixture, which serving call the main package shows,
// what it becomes and which router it serves.
func TestFindWiring(t *testing.T) {
	tests := []struct {
		fixture, main string
		router        string // variable and framework, "" for none found
		replacement   string
		port          int // the port the call listens on
	}{
		{"gin-root", ".", "r gin", `prodServe(":8080", r)`, 8080},
		{"echo4-cmd", "cmd/api", "e echo/v4", `prodServeServerThenExit(prodEchoServer(e, ":1323"))`, 1323},
		{"chi", ".", "r chi", `prodServe(":3000", routes())`, 3000},
		{"nethttp-server", ".", "mux net/http", "prodServeServerClosed(srv)", 8080},
		{"nested-module", "server", "mux net/http", `prodServeThenExit(":9000", handler())`, 9000},
		{"gowork", "svc", "mux net/http", `prodServe(":8081", routes())`, 8081},
		{"go119", ".", "", `prodServeThenExit(":8082", nil)`, 8082},
		{"vendored", "cmd/catalog", "r gorilla/mux", "prodServeServerThenExit(srv)", 8083},
		{"makefile-ci", ".", "mux net/http", `prodServeThenExit(":8084", mux)`, 8084},
		{"cgo-sqlite", ".", "", `prodServeThenExit(":8085", nil)`, 8085},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			r := fixture(t, tt.fixture)
			m, _ := r.Main(tt.main)
			if m == nil {
				t.Fatalf("no main %s", tt.main)
			}
			w := findWiring(r, m, nil)
			router := ""
			if w.router != nil {
				router = w.router.name + " " + string(w.router.framework)
			}
			if router != tt.router {
				t.Errorf("router = %q (%s), want %q", router, w.routerProblem, tt.router)
			}
			if w.serve == nil {
				t.Fatalf("no serving call chosen: %s", w.problem)
			}
			if got := w.serve.replacement(); got != tt.replacement {
				t.Errorf("replacement = %q, want %q", got, tt.replacement)
			}
			if port, _ := w.serve.port(); port != tt.port {
				t.Errorf("port = %d, want %d", port, tt.port)
			}
			if len(w.others) != 0 || w.selfShutdown != "" {
				t.Errorf("others %d, self shutdown %q: want none", len(w.others), w.selfShutdown)
			}
		})
	}
}

// TestWiringFixtures wires every fixture: the text replaces only the call's lines, which
// the preservation check accepts and no other change; the file stays gofmt-clean; a
// second run changes nothing.
func TestWiringFixtures(t *testing.T) {
	for _, name := range []string{"gin-root", "echo4-cmd", "chi", "nethttp-server", "nested-module", "gowork", "go119", "vendored", "makefile-ci", "cgo-sqlite"} {
		t.Run(name, func(t *testing.T) {
			r := fixture(t, name)
			var m *repo.Main
			for _, c := range r.Mains {
				if c.Framework != "" {
					m = c
				}
			}
			dir := filepath.Join("testdata", "repos", name)
			target := &Target{Dir: dir, Repo: r, Main: m, Module: r.ModuleOf(m.Dir())}
			checkWired(t, target, findWiring(r, m, nil).serve.replacement())
		})
	}
}

// checkWired wires target's serving call and checks the result: one file changed,
// holding the replacement inside the wire block; the preservation check passes with the
// replaced lines and only with them; the file parses and is gofmt-clean; a second run
// changes nothing. It returns the wired file.
func checkWired(t *testing.T, target *Target, replacement string) string {
	t.Helper()
	p, c := wireOne(t, target)
	start, end, ok, err := generator.FindBlock(c.Content, blockWire)
	if err != nil || !ok || !strings.Contains(string(c.Content[start:end]), replacement) {
		t.Fatalf("no wire block holding %s (%v):\n%s", replacement, err, c.Content)
	}
	if err := keepsLines(c.Path, c.Old, c.Content, p.replaced[c.Path]); err != nil {
		t.Error(err)
	}
	if err := keepsLines(c.Path, c.Old, c.Content, nil); err == nil {
		t.Errorf("the preservation check does not notice the replaced call")
	}
	if _, err := parser.ParseFile(token.NewFileSet(), c.Path, c.Content, 0); err != nil {
		t.Errorf("the wired file does not parse: %v\n%s", err, c.Content)
	}
	if formatted, err := format.Source(c.Content); err != nil || !bytes.Equal(formatted, c.Content) {
		t.Errorf("the wired file is not gofmt-clean (%v):\n%s", err, c.Content)
	}
	if len(p.blocks) != 1 || p.blocks[0].SHA256 != generator.Sum(c.Content[start:end]) {
		t.Errorf("recorded blocks %+v, want the wire block as written", p.blocks)
	}
	p2 := newTestPlanner(target, map[string][]byte{c.Path: c.Content})
	if err := p2.wire(findWiring(target.Repo, target.Main, nil)); err != nil || len(p2.goEdits) != 0 {
		t.Errorf("second wire: %v, %d edits", err, len(p2.goEdits))
	}
	return string(c.Content)
}

// TestWireAfterABOM wires a file that starts with a byte order mark: the block takes the
// layout gofmt gives it (the end marker inside the if statement's block), as it does in
// the same file without the mark, and the mark stays.
func TestWireAfterABOM(t *testing.T) {
	const src = `package main

import (
	"log"
	"net/http"
)

func main() {
	if err := http.ListenAndServe(":8080", nil); err != nil {
		log.Fatal(err)
	}
}
`
	for _, bom := range []string{"", "\ufeff"} {
		_, c := wireOne(t, inlineTarget(t, map[string]string{"main.go": bom + src}))
		out := string(c.Content)
		body, ok := strings.CutPrefix(out, bom)
		if !ok {
			t.Errorf("the byte order mark is gone:\n%q", out)
		}
		if formatted, err := format.Source([]byte(body)); err != nil || string(formatted) != body {
			t.Errorf("BOM %q: the wired file is not laid out as gofmt lays it out (%v):\n%s", bom, err, out)
		}
	}
}

// wireOne wires target's serving call and returns the planner and the one change it
// plans, the wired file.
func wireOne(t *testing.T, target *Target) (*planner, generator.Change) {
	t.Helper()
	p := newTestPlanner(target, nil)
	if err := p.wire(findWiring(target.Repo, target.Main, nil)); err != nil {
		t.Fatal(err)
	}
	if err := p.applyGoEdits(); err != nil {
		t.Fatal(err)
	}
	if len(p.plan.Changes) != 1 {
		t.Fatalf("%d changes, want 1 (the wired file); notes: %v", len(p.plan.Changes), p.plan.Notes)
	}
	return p, p.plan.Changes[0]
}

// newTestPlanner returns a planner of target that wires, with contents as the planned
// files.
func newTestPlanner(target *Target, contents map[string][]byte) *planner {
	if contents == nil {
		contents = map[string][]byte{}
	}
	return &planner{ctx: context.Background(), t: target, opts: Options{Wire: true}, plan: &Plan{Target: target},
		contents: contents, replaced: map[string]map[int]bool{},
		goEdits: map[string][]edit{}, goActions: map[string][]string{}, goBlocks: map[string][]string{}}
}

// inlineTarget writes files (gofmt-clean Go, with a go.mod of its own unless given) into
// a new directory and returns it as the target of add, for its main package ".".
func inlineTarget(t *testing.T, files map[string]string) *Target {
	t.Helper()
	return inlineTargetOf(t, files, true)
}

// inlineTargetOf is inlineTarget, for Go files that need not be gofmt-clean when
// gofmtClean is false.
func inlineTargetOf(t *testing.T, files map[string]string, gofmtClean bool) *Target {
	t.Helper()
	dir := t.TempDir()
	files = maps.Clone(files)
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/x\n\ngo 1.26\n"
	}
	for name, body := range files {
		if strings.HasSuffix(name, ".go") && gofmtClean {
			body := strings.TrimPrefix(body, "\ufeff") // gofmt drops a byte order mark
			if formatted, err := format.Source([]byte(body)); err != nil || string(formatted) != body {
				t.Fatalf("%s of the test is not gofmt-clean (%v):\n%s", name, err, formatted)
			}
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r, err := repo.OpenIn(context.Background(), os.DirFS(dir), ".", dir)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := r.Main(".")
	if m == nil {
		t.Fatalf("no main package; problems: %v", r.Problems)
	}
	if err := loadProgram(context.Background(), r, m); err != nil {
		t.Fatal(err)
	}
	return &Target{Dir: dir, Repo: r, Main: m, Module: r.ModuleOf(".")}
}

// program returns the content of a file of testdata/programs: programs serving in the
// usual ways, which the add tests of internal/cli build and run.
func program(t *testing.T, name string) string {
	t.Helper()
	return fixtureFile(t, "../programs/"+name)
}

// fixtureFile returns the content of a file of the fixture repositories.
func fixtureFile(t *testing.T, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "repos", filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// appProgram returns a program serving an *http.Server held by a value of its own type
// app: decls declares how (a method of app, functions), and main uses it; imports are
// the packages besides net/http it uses.
func appProgram(imports []string, decls, main string) string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	imports = append(slices.Clone(imports), "net/http")
	slices.Sort(imports)
	for _, p := range imports {
		b.WriteString("\t\"" + p + "\"\n")
	}
	if decls != "" {
		decls += "\n"
	}
	b.WriteString(")\n\ntype app struct {\n\tsrv *http.Server\n}\n\n" + decls + "func main() {\n\ta := &app{srv: &http.Server{Addr: \":8080\", Handler: http.NotFoundHandler()}}\n" + main + "}\n")
	return b.String()
}

// embedsServer returns a program serving through a value s of its own type server, which
// embeds embedded beside a field of its own; decls come before the type.
func embedsServer(embedded, decls string) string {
	imports := "\t\"log\"\n\t\"net/http\"\n"
	if strings.Contains(embedded, "httptest") {
		imports += "\t\"net/http/httptest\"\n"
	}
	return "package main\n\nimport (\n" + imports + "\t\"time\"\n)\n\n" + decls + "type server struct {\n\t" + embedded + "\n\tstarted time.Time\n}\n\n" +
		"func main() {\n\ts := &server{started: time.Now()}\n\tlog.Fatal(s.ListenAndServe())\n}\n"
}

// The serving shapes of TestWireShapes.
var (
	srvErrorsIs = `package main

import (
	"errors"
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatalf("HTTP server error: %v", err)
	}
}
`
	srvNotClosed = `package main

import (
	"log"
	"net/http"
)

func main() {
	srv := http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
`
	srvNilAndNotClosed = `package main

import (
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
`
	srvAssigned = `package main

import (
	"errors"
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	err := srv.ListenAndServe()
	if errors.Is(err, http.ErrServerClosed) {
		return
	}
	log.Fatal(err)
}
`
	srvNaive = `package main

import (
	"log"
	"net/http"
)

func main() {
	admin := &http.Server{Addr: "localhost:6060"}
	go func() {
		if err := admin.ListenAndServe(); err != http.ErrServerClosed {
			log.Print(err)
		}
	}()
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	if err := srv.ListenAndServe(); err != nil {
		log.Fatal(err)
	}
}
`
	goroutineErrThenNaive = `package main

import (
	"log"
	"net/http"
)

func main() {
	go func() {
		err := http.ListenAndServe("localhost:6060", nil)
		if err != nil && err != http.ErrServerClosed {
			log.Print(err)
		}
	}()
	srv := &http.Server{Addr: ":8080", Handler: http.NewServeMux()}
	err := srv.ListenAndServe()
	if err != nil {
		log.Fatal(err)
	}
}
`
	passedToHelper = `package main

import (
	"errors"
	"log"
	"net/http"
	"os"
)

func check(err error) {
	if err != nil {
		os.Exit(1)
	}
}

func main() {
	go func() {
		if err := http.ListenAndServe("localhost:6060", nil); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Print(err)
		}
	}()
	mux := http.NewServeMux()
	check(http.ListenAndServe(":8080", mux))
}
`
	routerElsewhere = `package main

import (
	"log"

	"example.com/acme/svc/internal/server"
)

func main() {
	r := server.NewRouter()
	log.Fatal(r.Run(":8080"))
}
`
	appPkg = `package app

import "github.com/gin-gonic/gin"

// App is the application.
type App struct {
	Engine *gin.Engine
}

// New builds the application.
func New() *App { return &App{Engine: gin.New()} }

// Router returns the router the application serves.
func (a *App) Router() *gin.Engine { return a.Engine }
`
	commandMain = `package main

import "example.com/acme/svc/cmd"

func main() {
	cmd.Execute()
}
`
	commandPkg = `package cmd

import (
	"log"
	"net/http"
)

// Execute runs the service.
func Execute() {
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: 5e9}
	log.Fatal(srv.ListenAndServe())
}
`
	ginRouterPkg = `package server

import "github.com/gin-gonic/gin"

// NewRouter returns the service's routes.
func NewRouter() *gin.Engine {
	r := gin.New()
	r.GET("/ping", func(c *gin.Context) { c.String(200, "pong") })
	return r
}
`
	serverElsewhere = `package main

import (
	"errors"
	"log"
	"net/http"

	"example.com/acme/svc/internal/http-server"
)

func main() {
	srv := httpserver.New(":8080")
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
`
	serverPkg = `package httpserver

import (
	"net/http"
	"time"
)

// New returns the server of the service.
func New(addr string) *http.Server {
	return &http.Server{Addr: addr, Handler: http.NotFoundHandler(), ReadHeaderTimeout: 5 * time.Second}
}
`
	ownListenAndServe = `package main

import (
	"log"
	"net/http"
)

type app struct{ addr string }

// ListenAndServe serves the app.
func (a *app) ListenAndServe() error {
	return http.ListenAndServe(a.addr, http.NotFoundHandler())
}

func main() {
	a := &app{addr: ":8080"}
	log.Fatal(a.ListenAndServe())
}
`
	rawStringCall = `package main

import (
	"io"
	"log"
	"net/http"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, ` + "`" + `hello
world
` + "`" + `)
	})))
}
`
	srvReturned = `package main

import (
	"errors"
	"log"
	"net/http"
)

func run() error {
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	return srv.ListenAndServe()
}

func main() {
	if err := run(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
`
	fatalOnlyHTTP = `package main

import (
	"log"
	"net/http"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`
	fatalRoutes = `package main

import (
	"log"
	"net/http"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", routes()))
}
`
	ginRun = `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	r.GET("/ping", func(c *gin.Context) { c.String(200, "pong") })
	r.Run(":8080")
}
`
	goroutineOneLine = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	go func() { log.Fatal(http.ListenAndServe(":8080", mux)) }()
	select {}
}
`
	elseIf = `package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	srv := &http.Server{Addr: os.Getenv("ADDR")}
	if srv.Addr == "" {
		log.Fatal("ADDR is not set")
	} else if err := srv.ListenAndServe(); err != nil {
		log.Fatal(err)
	}
}
`
	multiLine = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	log.Fatal(http.ListenAndServe(
		":8080",
		mux,
	))
}
`
	oneLineMain = `package main

import (
	"log"
	"net/http"
)

func main() { log.Fatal(http.ListenAndServe(":8080", http.NotFoundHandler())) }
`
	mainAfterAdmin = `package main

import (
	"log"
	"net/http"
)

func main() {
	startAdmin()
	mux := http.NewServeMux()
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`
	twoGoroutines = `package main

import "net/http"

func main() {
	go http.ListenAndServe(":8080", nil)
	go http.ListenAndServe(":8081", nil)
	select {}
}
`
	tlsServer = `package main

import (
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8443"}
	log.Fatal(srv.ListenAndServeTLS("tls.crt", "tls.key"))
}
`
	ginRunTLS = `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.Default()
	r.RunTLS(":8443", "tls.crt", "tls.key")
}
`
	echoStartTLS = `package main

import "github.com/labstack/echo/v4"

func newEcho() *echo.Echo { return echo.New() }

func main() {
	e := newEcho()
	e.Logger.Fatal(e.StartTLS(":8443", "tls.crt", "tls.key"))
}
`
	listener = `package main

import (
	"log"
	"net"
	"net/http"
)

func main() {
	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.Serve(ln, http.NotFoundHandler()))
}
`
	noServe = `package main

import "net/http"

func main() {
	http.HandleFunc("/", http.NotFound)
}
`
	signalErrgroup = `package main

import (
	"context"
	"net/http"
	"os"
	"os/signal"

	"golang.org/x/sync/errgroup"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	srv := &http.Server{Addr: ":8080", Handler: http.NotFoundHandler()}
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() error { return srv.ListenAndServe() })
	g.Go(func() error {
		<-ctx.Done()
		return srv.Shutdown(context.Background())
	})
	if err := g.Wait(); err != nil && err != http.ErrServerClosed {
		os.Exit(1)
	}
}
`
)

// appMain returns a program that serves router, an expression of a, an *app.App.
func appMain(router string) string {
	return `package main

import (
	"log"

	"example.com/acme/svc/internal/app"
)

func main() {
	a := app.New()
	if err := ` + router + `.Run(":8080"); err != nil {
		log.Fatal(err)
	}
}
`
}

// TestWireShapes chooses and wires the serving call of programs of many shapes: the
// variant that keeps each shape's exit code after a clean drain, the call main serves
// with, only files the default build compiles, the import kept in use, the layout gofmt
// wants; and refuses, naming why, where there is nothing it can wire.
func TestWireShapes(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string // the replacement; "" when nothing is wired
		// problem is part of what add says when nothing is wired.
		problem string
		others  int // serving calls left as they are
	}{
		{name: "errors.Is ErrServerClosed", files: map[string]string{"main.go": srvErrorsIs}, want: "prodServeServerClosed(srv)"},
		{name: "!= ErrServerClosed, a server value", files: map[string]string{"main.go": srvNotClosed}, want: "prodServeServerClosed(&srv)"},
		{name: "!= nil && != ErrServerClosed", files: map[string]string{"main.go": srvNilAndNotClosed}, want: "prodServeServerClosed(srv)"},
		{name: "assigned, then compared", files: map[string]string{"main.go": srvAssigned}, want: "prodServeServerClosed(srv)"},
		{name: "naive nil check beside a goroutine that checks", files: map[string]string{"main.go": srvNaive}, want: "prodServeServer(srv)", others: 1},
		{name: "returned to a caller that checks", files: map[string]string{"main.go": srvReturned}, want: "prodServeServerClosed(srv)"},
		{name: "returned to a caller that does not check", files: map[string]string{"main.go": strings.Replace(srvReturned, "!errors.Is(err, http.ErrServerClosed)", "err != nil && errors.Is(err, errors.ErrUnsupported)", 1)}, want: "prodServeServer(srv)"},
		{name: "a goroutine's own err checked, then a naive check", files: map[string]string{"main.go": goroutineErrThenNaive}, want: "prodServeServer(srv)", others: 1},
		{name: "passed to a helper beside a goroutine that checks", files: map[string]string{"main.go": passedToHelper}, want: `prodServeThenExit(":8080", mux)`, others: 1},
		{name: "log.Fatal, the only use of net/http", files: map[string]string{"main.go": fatalOnlyHTTP}, want: `prodServeThenExit(":8080", http.DefaultServeMux)`},
		{name: "log.Fatal of routes(), the only use of net/http", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go")}, want: `prodServeThenExit(":8080", http.Handler(routes()))`},
		{name: "gin Run", files: map[string]string{"main.go": ginRun}, want: `prodServe(":8080", r)`},
		{name: "gin Run with UseH2C: it serves r.Handler()", files: map[string]string{"main.go": strings.Replace(ginRun, "\tr.GET(", "\tr.UseH2C = true\n\tr.GET(", 1)}, want: `prodServe(":8080", r.Handler())`},
		{name: "gin Run, UseH2C set where the router is built", files: map[string]string{"main.go": program(t, "gin_setup.go"), "setup.go": "package main\n\nimport \"github.com/gin-gonic/gin\"\n\nfunc h2c(r *gin.Engine) { r.UseH2C = true }\n"}, want: `prodServe(":8080", r.Handler())`},
		{name: "gin router from a function", files: map[string]string{"main.go": program(t, "gin_setup.go")}, want: `prodServe(":8080", r)`},
		{name: "gin router at package level", files: map[string]string{"main.go": program(t, "gin_package.go")}, want: `prodServe("", router)`},
		{name: "echo e.Logger.Fatal", files: map[string]string{"main.go": program(t, "echo_fatal.go")}, want: `prodServeServerThenExit(prodEchoServer(e, ":1323"))`},
		{name: "echo in an if header", files: map[string]string{"main.go": program(t, "echo_closed.go")}, want: `prodServeServerClosed(prodEchoServer(e, ":1323"))`},
		{name: "goroutine on one line", files: map[string]string{"main.go": goroutineOneLine}, want: `prodServeThenExit(":8080", mux)`},
		{name: "else if header", files: map[string]string{"main.go": elseIf}, want: "prodServeServer(srv)"},
		{name: "call over several lines", files: map[string]string{"main.go": multiLine}, want: `prodServeThenExit(":8080", mux)`},
		{name: "func main on one line", files: map[string]string{"main.go": oneLineMain}, want: `prodServeThenExit(":8080", http.NotFoundHandler())`},
		{name: "main's call, not the debug listener's", files: map[string]string{"main.go": mainAfterAdmin, "admin.go": program(t, "admin.go")}, want: `prodServeThenExit(":8080", mux)`, others: 1},
		{name: "files the build leaves out", files: map[string]string{"main.go": mainAfterAdmin, "admin.go": program(t, "admin.go"), "debug.go": program(t, "debug.go"), "debug_plan9.go": strings.Replace(program(t, "debug.go"), "//go:build debug\n\n", "", 1)}, want: `prodServeThenExit(":8080", mux)`, others: 1},
		{name: "two listeners", files: map[string]string{"main.go": twoGoroutines}, problem: `serves HTTP from 2 places (main.go:6 http.ListenAndServe(":8080", nil), main.go:7 http.ListenAndServe(":8081", nil))`},
		{name: "TLS server", files: map[string]string{"main.go": tlsServer}, problem: `main.go:10: srv.ListenAndServeTLS("tls.crt", "tls.key") serves TLS`},
		{name: "gin RunTLS", files: map[string]string{"main.go": ginRunTLS}, problem: "main.go:7: r.RunTLS(" + `":8443", "tls.crt", "tls.key") serves TLS`},
		{name: "echo StartTLS", files: map[string]string{"main.go": echoStartTLS}, problem: "main.go:9: e.StartTLS(" + `":8443", "tls.crt", "tls.key") serves TLS`},
		{name: "a listener", files: map[string]string{"main.go": listener}, problem: "main.go:14: http.Serve(ln, http.NotFoundHandler()) serves a listener the program opens"},
		{name: "no serving call", files: map[string]string{"main.go": noServe}, problem: "no call serving HTTP"},
		{name: "a router built in a package outside the repository", files: map[string]string{"main.go": routerElsewhere}, problem: `main.go:11 r.Run(":8080") may serve one, but add cannot see the type of its receiver`},
		{name: "a router built in a package of the repository", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go": routerElsewhere, "internal/server/server.go": ginRouterPkg}, want: `prodServeThenExit(":8080", r)`},
		{name: "a router a repository type's method returns", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go": appMain("a.Router()"), "internal/app/app.go": appPkg}, want: `prodServe(":8080", a.Router())`},
		{name: "a router in a repository type's field", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go": appMain("a.Engine"), "internal/app/app.go": appPkg}, want: `prodServe(":8080", a.Engine)`},
		{name: "a server started in a package of the repository", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go": commandMain, "cmd/root.go": commandPkg},
			problem: "package main (.) has no serving call: the server starts in cmd/root.go:11 srv.ListenAndServe(), outside package main, where prodServe cannot be called"},
		{name: "a server a repository type's Start method starts", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go":                   "package main\n\nimport (\n\t\"log\"\n\n\t\"example.com/acme/svc/internal/server\"\n)\n\nfunc main() {\n\ts := server.New(\":8088\")\n\tif err := s.Start(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n",
			"internal/server/server.go": "package server\n\nimport \"net/http\"\n\ntype Server struct{ http *http.Server }\n\nfunc New(addr string) *Server {\n\treturn &Server{http: &http.Server{Addr: addr, Handler: http.NotFoundHandler()}}\n}\n\nfunc (s *Server) Start() error { return s.http.ListenAndServe() }\n"},
			problem: "package main (.) has no serving call: the server starts in internal/server/server.go:11 s.http.ListenAndServe(), outside package main"},
		{name: "a server built in a package of the repository named otherwise", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n",
			"main.go": serverElsewhere, "internal/http-server/server.go": serverPkg}, want: "prodServeServerClosed(srv)"},
		{name: "a ListenAndServe method of the package's own type", files: map[string]string{"main.go": ownListenAndServe}, problem: "main.go:17: a.ListenAndServe() is a method of a type of the package's own"},
		{name: "an embedded http.Server's, promoted", files: map[string]string{"main.go": embedsServer("http.Server", "")}, want: "prodServeServerThenExit(&s.Server)"},
		{name: "an embedded *http.Server's, promoted", files: map[string]string{"main.go": embedsServer("*http.Server", "")}, want: "prodServeServerThenExit(s.Server)"},
		{name: "an http.Server embedded in an embedded type of the package's own", files: map[string]string{"main.go": embedsServer("base", "type base struct {\n\thttp.Server\n}\n\n")}, want: "prodServeServerThenExit(&s.base.Server)"},
		{name: "an http.Server embedded beside a type of another package", files: map[string]string{"main.go": strings.Replace(embedsServer("http.Server", ""), "\tstarted time.Time\n", "\tstarted time.Time\n\t*time.Timer\n", 1)}, want: "prodServeServerThenExit(&s.Server)"},
		{name: "a ListenAndServe of the type's own over an embedded http.Server's", files: map[string]string{"main.go": embedsServer("http.Server", "// ListenAndServe serves s.\nfunc (s *server) ListenAndServe() error { return s.Server.ListenAndServe() }\n\n")},
			problem: "main.go:19: s.ListenAndServe() is a method of a type of the package's own (server, main.go:10), not of *http.Server, which add does not rewrite"},
		{name: "a function field ListenAndServe", files: map[string]string{"main.go": strings.Replace(embedsServer("http.Server", ""), "\tstarted time.Time\n", "\tListenAndServe func() error\n", 1)},
			problem: "s.ListenAndServe() calls the field ListenAndServe of server, a type of the package's own (main.go:11), not a method of *http.Server"},
		{name: "a ListenAndServe an embedded type of another package may promote", files: map[string]string{"main.go": embedsServer("*httptest.Server", "")},
			problem: "s.ListenAndServe() is a method of a type of the package's own, server, which add cannot tell is the one of an http.Server it embeds (server embeds *httptest.Server, whose methods add does not read), and does not rewrite; if it is, change the call by hand to prodServeServer(&x.Server)"},
		{name: "a raw string over several lines", files: map[string]string{"main.go": rawStringCall}, problem: "main.go:10: the lines of the serving call hold part of a raw string over several lines"},
		// Caught, not drained: nothing races gonew-prod's shutdown (round 20, finding 5).
		{name: "signals caught without a Shutdown", files: map[string]string{"main.go": "package main\n\nimport (\n\t\"context\"\n\t\"log\"\n\t\"net/http\"\n\t\"os\"\n\t\"os/signal\"\n\t\"syscall\"\n)\n\nfunc main() {\n\tctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)\n\tdefer stop()\n\tgo func() { <-ctx.Done(); log.Print(\"got a signal\") }()\n\tsrv := &http.Server{Addr: \":8080\", Handler: http.NotFoundHandler()}\n\tif err := srv.ListenAndServe(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n"},
			want: "prodServeServer(srv)"},
		{name: "signals and Shutdown of its own", files: map[string]string{"main.go": fixtureFile(t, "own-shutdown/main.go")}, problem: "package main shuts down by itself: it catches SIGINT or SIGTERM (main.go:23 signal.Notify(quit, syscall.SIGINT, syscall.SIGTERM)) and calls Shutdown (main.go:27 srv.Shutdown(ctx))"},
		{name: "a method returning it to a caller that checks ErrServerClosed", files: map[string]string{"main.go": appProgram([]string{"errors", "log"},
			"func (a *app) run() error {\n\treturn a.srv.ListenAndServe()\n}\n",
			"\tif err := a.run(); !errors.Is(err, http.ErrServerClosed) {\n\t\tlog.Fatal(err)\n\t}\n\tlog.Println(\"stopped cleanly\")\n")}, want: "prodServeServerClosed(a.srv)"},
		{name: "a method returning it to log.Fatal", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) run() error {\n\treturn a.srv.ListenAndServe()\n}\n", "\tlog.Fatal(a.run())\n")}, want: "prodServeServerThenExit(a.srv)"},
		{name: "a method returning it to a caller that checks it against nil", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) run() error {\n\treturn a.srv.ListenAndServe()\n}\n", "\tif err := a.run(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")}, want: "prodServeServer(a.srv)"},
		{name: "a method returning it through an exported one to log.Fatal", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) Start() error {\n\treturn a.serve()\n}\n\nfunc (a *app) serve() error {\n\treturn a.srv.ListenAndServe()\n}\n", "\tlog.Fatal(a.Start())\n")}, want: "prodServeServerThenExit(a.srv)"},
		{name: "a function literal returning it to a caller that checks ErrServerClosed", files: map[string]string{"main.go": appProgram([]string{"log"}, "",
			"\trun := func() error {\n\t\treturn a.srv.ListenAndServe()\n\t}\n\tif err := run(); err != http.ErrServerClosed {\n\t\tlog.Fatal(err)\n\t}\n")}, want: "prodServeServerClosed(a.srv)"},
		{name: "a method checking it against nil, started by go", files: map[string]string{"main.go": appProgram([]string{"log", "time"},
			"func (a *app) run() {\n\tif err := a.srv.ListenAndServe(); err != nil {\n\t\tlog.Printf(\"server: %v\", err)\n\t}\n}\n",
			"\tgo a.run()\n\tfor {\n\t\ttime.Sleep(time.Second)\n\t}\n")}, want: "prodServeServerThenExit(a.srv)"},
		{name: "a function checking it against nil, started by go through another", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func run(srv *http.Server) {\n\tif err := srv.ListenAndServe(); err != nil {\n\t\tlog.Printf(\"server: %v\", err)\n\t}\n}\n\nfunc start(a *app) {\n\trun(a.srv)\n}\n",
			"\tgo start(a)\n\tselect {}\n")}, want: "prodServeServerThenExit(srv)"},
		{name: "a function checking it against nil, called by main", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func run(srv *http.Server) {\n\tif err := srv.ListenAndServe(); err != nil {\n\t\tlog.Printf(\"server: %v\", err)\n\t}\n}\n",
			"\trun(a.srv)\n\tlog.Println(\"stopped\")\n")}, want: "prodServeServer(srv)"},
		{name: "a method value", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) run() error {\n\treturn a.srv.ListenAndServe()\n}\n", "\trun := a.run\n\tlog.Fatal(run())\n")},
			problem: "main.go:13: a.srv.ListenAndServe() cannot be wired: add cannot tell what the program does with its error, or whether it waits for it (main.go:18 uses the method value a.run (run := a.run), and add cannot tell what calls it). Change it by hand to prodServeServer(a.srv) if the code its error reaches takes nil as a clean stop (checks it against nil), to prodServeServerClosed(a.srv) if that code checks for http.ErrServerClosed, or to prodServeServerThenExit(a.srv) if the process is to end after the drain"},
		{name: "a function literal handed to other code", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func must(f func() error) {\n\tif err := f(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n", "\tmust(func() error {\n\t\treturn a.srv.ListenAndServe()\n\t})\n")},
			problem: "main.go:20: the function literal holding it is handed to other code (must(func() error { …), and add cannot tell what calls it"},
		{name: "a function handed to other code", files: map[string]string{"main.go": appProgram([]string{"log"},
			"var a0 *app\n\nfunc serve() {\n\tif err := a0.srv.ListenAndServe(); err != nil {\n\t\tlog.Print(err)\n\t}\n}\n", "\ta0 = a\n\thttp.HandleFunc(\"/\", func(http.ResponseWriter, *http.Request) {})\n\tgo func() {}()\n\tdefer log.Print(\"bye\")\n\tf := serve\n\tf()\n")},
			problem: "uses the function serve as a value (f := serve)"},
		{name: "an exported method on a value of a type add cannot tell", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) Start() error {\n\treturn a.srv.ListenAndServe()\n}\n\nfunc serve(s interface{ Start() error }) {\n\tlog.Fatal(s.Start())\n}\n", "\tserve(a)\n")},
			problem: "add cannot tell the type of s in s.Start(), which may be of type app"},
		{name: "two methods of one name, each called on a value of its type", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) Run() error {\n\treturn a.srv.ListenAndServe()\n}\n\ntype worker struct{}\n\nfunc (w *worker) Run() {}\n", "\tw := &worker{}\n\tgo w.Run()\n\tif err := a.Run(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n")},
			want: "prodServeServer(a.srv)"},
		{name: "two methods of one name, called on a value of a type add cannot tell", files: map[string]string{"main.go": appProgram([]string{"log"},
			"func (a *app) run() error {\n\treturn a.srv.ListenAndServe()\n}\n\ntype job struct{}\n\nfunc (job) run() error { return nil }\n", "\trs := []interface{ run() error }{a, job{}}\n\tlog.Fatal(rs[0].run())\n")},
			problem: "main.go:23: add cannot tell the type of rs[0] in rs[0].run(), and package main declares 2 methods named run (main.go:12, main.go:18)"},
		{name: "errgroup with a signal context", files: map[string]string{"main.go": signalErrgroup}, problem: "main.go:13 signal.NotifyContext(context.Background(), os.Interrupt)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			w := findWiring(target.Repo, target.Main, nil)
			if tt.want != "" {
				if w.serve == nil {
					t.Fatalf("nothing to wire: %s", w.problem)
				}
				if got := w.serve.replacement(); got != tt.want {
					t.Errorf("replacement = %s, want %s", got, tt.want)
				}
				if len(w.others) != tt.others {
					t.Errorf("%d other serving calls, want %d", len(w.others), tt.others)
				}
				checkWired(t, target, tt.want)
				return
			}
			p := newTestPlanner(target, nil)
			err := p.wire(w)
			var r *Refusal
			if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.problem) {
				t.Fatalf("wire: %v, want a refusal saying %q", err, tt.problem)
			}
			p = newTestPlanner(target, nil)
			p.opts.Wire = false
			if err := p.wire(w); err != nil {
				t.Fatal(err)
			}
			if len(p.goEdits) != 0 || !strings.Contains(strings.Join(p.plan.Notes, "\n"), tt.problem) {
				t.Errorf("without --wire: %d edits, notes %q; want none and a note saying %q", len(p.goEdits), p.plan.Notes, tt.problem)
			}
			if p.plan.Unwired != nil {
				t.Errorf("a change is advised: %+v", *p.plan.Unwired)
			}
		})
	}
}

// handedServe returns a program that serves srv, an http.Server listening at :9090, by
// handing its ListenAndServe to a group: decl declares the group (with its import) and
// hand is the statement handing it.
func handedServe(imp, decl, srv, hand string) string {
	return `package main

import (
	"log"
	"net/http"

	` + imp + `
)

func main() {
	` + srv + `
	` + decl + `
	` + hand + `
	log.Fatal(g.Wait())
}
`
}

// TestHandedServes: a server's ListenAndServe handed as a method value to a group that
// runs it (g.Go(srv.ListenAndServe)), which audit takes for a serving call there, is
// the serving call add finds too: --wire refuses it, naming it and the variants to write
// by hand, and the image and the Deployment take the port of its server.
func TestHandedServes(t *testing.T) {
	const errgroup, ptr = `"golang.org/x/sync/errgroup"`, `srv := &http.Server{Addr: ":9090", Handler: http.NotFoundHandler()}`
	tests := []struct {
		name, main string
		problem    string // part of the refusal
		port       int
	}{
		{name: "errgroup", main: handedServe(errgroup, "var g errgroup.Group", ptr, "g.Go(srv.ListenAndServe)"),
			problem: "main.go:13: srv.ListenAndServe cannot be wired: add cannot tell what the program does with its error, or whether it waits for it (main.go:13: it is a method value handed to other code (g.Go(srv.ListenAndServe)), and add cannot tell what calls it). Change it by hand to func() error { return prodServeServer(srv) } if",
			port:    9090},
		{name: "errgroup with a context, a server value", main: handedServe(errgroup+"\n\t\"context\"", "g, _ := errgroup.WithContext(context.Background())", `var srv http.Server
	srv.Addr = ":9090"`, "g.Go(srv.ListenAndServe)"),
			problem: "or to func() error { return prodServeServerThenExit(&srv) } if the process is to end after the drain"},
		{name: "oklog run", main: handedServe(`"github.com/oklog/run"`, "var g run.Group", ptr, "g.Add(srv.ListenAndServe, func(error) { srv.Close() })"),
			problem: "(main.go:13: it is a method value handed to other code (g.Add(srv.ListenAndServe, func(error) { srv.Close() }))", port: 9090},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTargetOf(t, map[string]string{"main.go": tt.main}, false)
			w := findWiring(target.Repo, target.Main, nil)
			if w.chosen == nil {
				t.Fatalf("no serving call found: %s", w.problem)
			}
			if port, ok := w.chosen.port(); port != tt.port || ok != (tt.port != 0) {
				t.Errorf("port %d, %v; want %d", port, ok, tt.port)
			}
			if got, _ := target.infer(); got.HTTPPort != cmp.Or(tt.port, 8080) {
				t.Errorf("the image and the Deployment listen on %d, want %d", got.HTTPPort, cmp.Or(tt.port, 8080))
			}
			p := newTestPlanner(target, nil)
			err := p.wire(w)
			var r *Refusal
			if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.problem) {
				t.Fatalf("wire: %v, want a refusal saying %q", err, tt.problem)
			}
			if len(p.goEdits) != 0 {
				t.Errorf("%d edits, want none", len(p.goEdits))
			}
		})
	}
}

// TestWiredByHand: a program that calls prodServe itself, as the advice says, is wired:
// --wire changes nothing and refuses nothing, and the port is the one it names.
func TestWiredByHand(t *testing.T) {
	target := inlineTarget(t, map[string]string{"main.go": `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	log.Fatal(prodServeThenExit(":3000", mux))
}
`})
	w := findWiring(target.Repo, target.Main, nil)
	if port, _ := w.chosen.port(); port != 3000 || w.router == nil || w.router.name != "mux" {
		t.Errorf("port %d, router %+v; want 3000 and mux", port, w.router)
	}
	p := newTestPlanner(target, nil)
	if err := p.wire(w); err != nil || len(p.goEdits) != 0 || !strings.Contains(strings.Join(p.plan.Notes, "\n"), "main.go:10: prodServeThenExit(\":3000\", mux) serves through gonew-prod already") {
		t.Errorf("wire: %v, %d edits, notes %q", err, len(p.goEdits), p.plan.Notes)
	}
}

// TestWireAdvice: without --wire, the plan names the call and its replacement for the
// note that advises the change (Plan.Unwired, the lines of a call over several without
// the indentation of its first), and changes nothing.
func TestWireAdvice(t *testing.T) {
	tests := []struct {
		name string
		main string
		want Rewrite
	}{
		{"one line", fatalOnlyHTTP, Rewrite{At: "main.go:9", Old: `http.ListenAndServe(":8080", nil)`, New: `prodServeThenExit(":8080", http.DefaultServeMux)`}},
		{"several lines", strings.Replace(fatalOnlyHTTP, `http.ListenAndServe(":8080", nil)`, "http.ListenAndServe(\n\t\t\":8080\", // the port\n\t\tnil,\n\t)", 1),
			Rewrite{At: "main.go:9", Old: "http.ListenAndServe(\n\t\":8080\", // the port\n\tnil,\n)", New: `prodServeThenExit(":8080", http.DefaultServeMux)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, map[string]string{"main.go": tt.main})
			p := newTestPlanner(target, nil)
			p.opts.Wire = false
			if err := p.wire(findWiring(target.Repo, target.Main, nil)); err != nil {
				t.Fatal(err)
			}
			if p.plan.Unwired == nil || *p.plan.Unwired != tt.want || len(p.plan.Notes) != 0 || len(p.goEdits) != 0 {
				t.Errorf("unwired %+v, notes %q, %d edits; want %+v, no note and no edit", p.plan.Unwired, p.plan.Notes, len(p.goEdits), tt.want)
			}
		})
	}
}

// TestMiddlewareSite inserts the tracing middleware on the router the program serves,
// where it is built, and says where it goes when no line can take it.
func TestMiddlewareSite(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		// after is the line the block follows, "" when none is inserted and note says
		// why.
		after, use, note string
	}{
		{name: "built in main", files: map[string]string{"main.go": ginRun}, after: "\tr := gin.Default()\n", use: "\tr.Use(prodOTelMiddleware())\n"},
		{name: "built in a package of the repository", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n", "main.go": routerElsewhere, "internal/server/server.go": ginRouterPkg},
			note: "the router is built outside package main, by server.NewRouter (internal/server/server.go:6), which cannot call package main's prodOTelMiddleware: have it take the middleware as a parameter; add r.Use(prodOTelMiddleware())"},
		{name: "built in a function, another router unused", files: map[string]string{"main.go": program(t, "gin_setup.go")}, after: "\tengine := gin.Default()\n", use: "\tengine.Use(prodOTelMiddleware())\n"},
		{name: "package level", files: map[string]string{"main.go": program(t, "gin_package.go")}, after: "func main() {\n", use: "\trouter.Use(prodOTelMiddleware())\n"},
		{name: "package level, used by init", files: map[string]string{"main.go": program(t, "gin_package.go") + "\nfunc init() { router.GET(\"/v\", func(c *gin.Context) {}) }\n"}, note: "an init function uses the router router before main runs"},
		// Package-level initializers run before main too, and so do the functions they
		// and init call: routes registered there never run a middleware main adds.
		{name: "package level, used by a variable's initializer", files: map[string]string{"main.go": program(t, "gin_package.go") + "\nvar registered = register()\n\nfunc register() bool {\n\trouter.GET(\"/v\", func(c *gin.Context) {})\n\treturn true\n}\n"},
			note: "the initializer of registered (main.go:12) uses the router router before main runs"},
		{name: "package level, used by a function init calls", files: map[string]string{"main.go": program(t, "gin_package.go") + "\nfunc init() { register() }\n\nfunc register() { router.GET(\"/v\", func(c *gin.Context) {}) }\n"},
			note: "an init function uses the router router before main runs"},
		{name: "package level, in a function literal no initializer calls", files: map[string]string{"main.go": program(t, "gin_package.go") + "\nvar register = func() { router.GET(\"/v\", func(c *gin.Context) {}) }\n"},
			after: "func main() {\n", use: "\trouter.Use(prodOTelMiddleware())\n"},
		{name: "in an if header", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

func main() {
	if r := gin.Default(); r != nil {
		r.Run(":8080")
	}
}
`}, note: "main.go:6: the router r is built where no line can follow"},
		{name: "a parameter, one router built", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

func serve(r *gin.Engine) {
	r.Run(":8080")
}

func main() {
	e := gin.New()
	serve(e)
}
`}, after: "\te := gin.New()\n", use: "\te.Use(prodOTelMiddleware())\n"},
		{name: "a parameter, two routers built", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

func serve(r *gin.Engine) {
	r.Run(":8080")
}

func main() {
	a, b := gin.New(), gin.New()
	b.GET("/", nil)
	serve(a)
}
`}, note: "builds 2 routers"},
		// A variable declared without a value and built by a later assignment: the
		// middleware follows the assignment, or the statement holding all of them.
		{name: "declared, then assigned", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

func main() {
	var r *gin.Engine
	r = gin.New()
	r.GET("/ping", nil)
	r.Run(":8080")
}
`}, after: "\tr = gin.New()\n", use: "\tr.Use(prodOTelMiddleware())\n"},
		{name: "declared, then assigned in if and else", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

var debug bool

func main() {
	var r *gin.Engine
	if debug {
		r = gin.Default()
	} else {
		r = gin.New()
	}
	r.GET("/ping", nil)
	r.Run(":8080")
}
`}, after: "\t}\n", use: "\tr.Use(prodOTelMiddleware())\n"},
		{name: "declared, then assigned twice in a row", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

func main() {
	var r *gin.Engine
	r = gin.New()
	r = gin.Default()
	r.Run(":8080")
}
`}, note: "main.go:7 and main.go:8 both build the router r"},
		{name: "declared, then assigned and used in if and else", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

var debug bool

func main() {
	var r *gin.Engine
	if debug {
		r = gin.Default()
		r.GET("/debug", nil)
	} else {
		r = gin.New()
	}
	r.Run(":8080")
}
`}, note: "main.go:10 and main.go:13 both build the router r"},
		{name: "declared, then assigned, served by a function", files: map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

func serve(r *gin.Engine) {
	r.Run(":8080")
}

func main() {
	var e *gin.Engine
	e = gin.New()
	serve(e)
}
`}, after: "\te = gin.New()\n", use: "\te.Use(prodOTelMiddleware())\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			p := newTestPlanner(target, nil)
			if err := p.insertMiddleware(findWiring(target.Repo, target.Main, nil)); err != nil {
				t.Fatal(err)
			}
			if tt.after == "" {
				if len(p.goEdits) != 0 || !strings.Contains(strings.Join(p.plan.Notes, "\n"), tt.note) {
					t.Errorf("%d edits, notes %q; want none and a note saying %q", len(p.goEdits), p.plan.Notes, tt.note)
				}
				return
			}
			if err := p.applyGoEdits(); err != nil {
				t.Fatal(err)
			}
			if len(p.plan.Changes) != 1 {
				t.Fatalf("%d changes, want 1; notes %q", len(p.plan.Changes), p.plan.Notes)
			}
			out := string(p.plan.Changes[0].Content)
			want := tt.after + "\t// >>> gonew-prod:otel (added by gonew-prod add: traces with the route as span name)\n" + tt.use
			if !strings.Contains(out, want) {
				t.Errorf("the block does not follow %q:\n%s", tt.after, out)
			}
			if formatted, err := format.Source([]byte(out)); err != nil || string(formatted) != out {
				t.Errorf("not gofmt-clean (%v):\n%s", err, out)
			}
		})
	}
}

// TestWireAndMiddlewareOnOneLine: the middleware inserted at the start of main, right
// where the wired call's lines start, lands before them.
func TestWireAndMiddlewareOnOneLine(t *testing.T) {
	target := inlineTarget(t, map[string]string{"main.go": `package main

import "github.com/gin-gonic/gin"

var router = gin.Default()

func main() {
	router.Run()
}
`})
	p := newTestPlanner(target, nil)
	w := findWiring(target.Repo, target.Main, nil)
	if err := p.insertMiddleware(w); err != nil {
		t.Fatal(err)
	}
	if err := p.wire(w); err != nil {
		t.Fatal(err)
	}
	if err := p.applyGoEdits(); err != nil {
		t.Fatal(err)
	}
	out := string(p.plan.Changes[0].Content)
	use, wired := strings.Index(out, "router.Use("), strings.Index(out, `prodServe("", router)`)
	if use < 0 || wired < 0 || use > wired {
		t.Errorf("want the middleware before the wired call:\n%s", out)
	}
	if formatted, err := format.Source([]byte(out)); err != nil || string(formatted) != out {
		t.Errorf("not gofmt-clean (%v):\n%s", err, out)
	}
}

// TestCheckNames refuses names that package main and the generated files would both
// use, in test files and in files of other platforms or build tags too (the generated
// files have no build constraint), and accepts the names the
// generated files import gonew-prod's packages under being free.
func TestCheckNames(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		clash string // "" when none
	}{
		{name: "type config and func health", files: map[string]string{"main.go": fatalRoutes + "\ntype config struct{}\n\nfunc health() {}\n\nvar json = 1\n", "routes.go": program(t, "routes.go")}},
		{name: "prodRun in a test file", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "main_test.go": "package main\n\nfunc prodRun() {}\n"},
			clash: "main_test.go declares func prodRun, and gonew_prod.go declares func prodRun"},
		{name: "a test helper of the same name", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "x_test.go": "package main\n\nimport \"testing\"\n\nfunc prodEnv(t *testing.T) {}\n"},
			clash: "x_test.go declares func prodEnv, and gonew_prod_test.go declares func prodEnv"},
		{name: "a package-level name an import of the wiring takes", files: map[string]string{"main.go": fatalRoutes + "\nvar slog = 1\n", "routes.go": program(t, "routes.go")},
			clash: "main.go declares var slog, and gonew_prod.go imports log/slog as slog"},
		{name: "an external test package", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "main_ext_test.go": "package main_test\n\nfunc prodRun() {}\n"}},
		{name: "a file for another platform", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "x_plan9.go": "package main\n\nfunc prodRun() {}\n"},
			clash: "x_plan9.go declares func prodRun, and gonew_prod.go declares func prodRun"},
		{name: "a file of another GOOS by its constraint", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "exit.go": "//go:build windows || plan9\n\npackage main\n\nfunc prodExit(err error) error { return err }\n"},
			clash: "exit.go declares func prodExit, and gonew_prod.go declares func prodExit"},
		{name: "a test of a build tag", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "integration_test.go": "//go:build integration\n\npackage main\n\nimport \"testing\"\n\nfunc prodGet(t *testing.T, url string) (int, string) { return 0, \"\" }\n"},
			clash: "integration_test.go declares func prodGet, and gonew_prod_test.go declares func prodGet"},
		{name: "an import name of a tagged file", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "debug.go": "//go:build debug\n\npackage main\n\nimport prodRun \"fmt\"\n\nvar _ = prodRun.Sprint\n"},
			clash: "debug.go imports fmt as prodRun, and gonew_prod.go declares func prodRun"},
		{name: "a generator script of package main", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "gen.go": "//go:build ignore\n\npackage main\n\nfunc main() {}\n\nfunc prodRun() {}\n", "old.go": "//go:build ignore && linux\n\npackage main\n\nfunc prodRun() {}\n"}},
		{name: "files the go command never reads", files: map[string]string{"main.go": fatalRoutes, "routes.go": program(t, "routes.go"), "_old.go": "package main\n\nfunc prodRun() {}\n", ".x.go": "package main\n\nfunc prodRun() {}\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			target.Answers = generator.Answers{Module: "example.com/x", Name: "x", Framework: "nethttp", Go: "1.26", CI: "github", HTTPPort: 8080, AdminPort: 6060}
			p := newTestPlanner(target, nil)
			p.plan.Components = []string{"version", "shutdown"}
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if err := p.render(); err != nil {
				t.Fatal(err)
			}
			err := p.checkNames()
			var r *Refusal
			switch {
			case tt.clash == "" && err != nil:
				t.Errorf("checkNames: %v", err)
			case tt.clash != "" && (!errors.As(err, &r) || !strings.Contains(err.Error(), tt.clash)):
				t.Errorf("checkNames: %v, want a refusal naming %q", err, tt.clash)
			}
		})
	}
}

func TestServeCallPort(t *testing.T) {
	for addr, want := range map[string]int{`":3000"`: 3000, `"0.0.0.0:8443"`: 8443, "`:9000`": 9000, "addr": 0, `""`: 0, `":http"`: 0, `":70000"`: 0, `"[::1]:81"`: 81} {
		got, ok := (&serveCall{addr: addr}).port()
		if got != want || ok != (want != 0) {
			t.Errorf("port of %s = %d, %v; want %d", addr, got, ok, want)
		}
	}
}

// TestApplyEditsAtOneOffset: an insertion and a replacement starting at the same offset
// apply in either order given, the insertion first.
func TestApplyEditsAtOneOffset(t *testing.T) {
	content := []byte("a\nb\nc\n")
	insert, replace := edit{start: 2, end: 2, text: "I\n"}, edit{start: 2, end: 4, text: "B\n"}
	for _, edits := range [][]edit{{insert, replace}, {replace, insert}} {
		out, err := applyEdits(content, edits)
		if err != nil || string(out) != "a\nI\nB\nc\n" {
			t.Errorf("applyEdits = %q, %v", out, err)
		}
	}
}

// errFateProgram returns a program serving mux from serve(), whose body is body, with
// main as its func main; imports are the packages besides net/http it uses.
func errFateProgram(imports []string, body, main string) string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	imports = append(slices.Clone(imports), "net/http")
	slices.Sort(imports)
	for _, p := range imports {
		b.WriteString("\t\"" + p + "\"\n")
	}
	b.WriteString(")\n\nfunc serve() error {\n\tmux := http.NewServeMux()\n" + body + "}\n\nfunc main() {\n" + main + "}\n")
	return b.String()
}

// TestWireErrorFates chooses the variant by what the program does with the serving
// call's error, so that a clean drain ends the process with 0: an error passed on,
// wrapped or followed by an exit gets ThenExit (the plain variant's nil would be logged
// as a failure, or wrapped into one); one checked against nil, or compared, the plain
// variant; one compared with http.ErrServerClosed, the Closed one; one returned, what
// its callers do, and ThenExit when they disagree.
func TestWireErrorFates(t *testing.T) {
	const (
		checkNil    = "\tif err := serve(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n"
		checkClosed = "\tif err := serve(); !errors.Is(err, http.ErrServerClosed) {\n\t\tlog.Fatal(err)\n\t}\n"
	)
	tests := []struct {
		name       string
		imports    []string
		body, main string
		want       string
	}{
		{name: "wrapped by fmt.Errorf and returned", imports: []string{"fmt", "log"},
			body: "\treturn fmt.Errorf(\"serve: %w\", http.ListenAndServe(\":8080\", mux))\n", main: checkNil, want: `prodServeThenExit(":8080", mux)`},
		{name: "assigned, then log.Fatalf whatever it is", imports: []string{"log"},
			body: "\terr := http.ListenAndServe(\":8080\", mux)\n\tlog.Fatalf(\"server stopped: %v\", err)\n\treturn nil\n", main: checkNil, want: `prodServeThenExit(":8080", mux)`},
		{name: "declared, logged, then os.Exit", imports: []string{"log", "os"},
			body: "\tvar err = http.ListenAndServe(\":8080\", mux)\n\tlog.Printf(\"stopped: %v\", err)\n\tos.Exit(1)\n\treturn nil\n", main: "\t_ = serve()\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "dropped, then os.Exit", imports: []string{"os"},
			body: "\thttp.ListenAndServe(\":8080\", mux)\n\tos.Exit(1)\n\treturn nil\n", main: "\t_ = serve()\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "dropped, then return", imports: nil,
			body: "\thttp.ListenAndServe(\":8080\", mux)\n\treturn nil\n", main: "\t_ = serve()\n", want: `prodServe(":8080", mux)`},
		{name: "checked against nil, then wrapped", imports: []string{"fmt", "log"},
			body: "\tif err := http.ListenAndServe(\":8080\", mux); err != nil {\n\t\treturn fmt.Errorf(\"serve: %w\", err)\n\t}\n\treturn nil\n", main: checkNil, want: `prodServe(":8080", mux)`},
		{name: "compared with nil in the condition", imports: []string{"errors", "log"},
			body: "\tif http.ListenAndServe(\":8080\", mux) != nil {\n\t\treturn errors.New(\"serve failed\")\n\t}\n\treturn nil\n", main: checkNil, want: `prodServe(":8080", mux)`},
		{name: "checked against nil, then an error returned whatever it was", imports: []string{"errors", "log"},
			body: "\tif err := http.ListenAndServe(\":8080\", mux); err != nil {\n\t\treturn err\n\t}\n\treturn errors.New(\"server stopped unexpectedly\")\n", main: checkNil, want: `prodServeThenExit(":8080", mux)`},
		{name: "assigned, checked against nil, then a wrapped error returned", imports: []string{"fmt", "log"},
			body: "\terr := http.ListenAndServe(\":8080\", mux)\n\tif err != nil {\n\t\treturn err\n\t}\n\treturn fmt.Errorf(\"stopped: %w\", err)\n", main: checkNil, want: `prodServeThenExit(":8080", mux)`},
		{name: "compared with nil in the condition, then an error returned", imports: []string{"errors", "log"},
			body: "\tif http.ListenAndServe(\":8080\", mux) != nil {\n\t\tlog.Print(\"serve failed\")\n\t}\n\treturn errors.New(\"stopped\")\n", main: checkNil, want: `prodServeThenExit(":8080", mux)`},
		{name: "checked against nil, then the variable returned", imports: []string{"log"},
			body: "\terr := http.ListenAndServe(\":8080\", mux)\n\tif err != nil {\n\t\tlog.Print(err)\n\t}\n\treturn err\n", main: checkNil, want: `prodServe(":8080", mux)`},
		{name: "in main, checked against nil, then panic", imports: []string{"log"},
			body: "\t_ = mux\n\treturn nil\n", main: "\tif err := http.ListenAndServe(\":8080\", nil); err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tpanic(\"unreachable\")\n", want: `prodServeThenExit(":8080", nil)`},
		{name: "in main, checked against nil and logged, then os.Exit", imports: []string{"log", "os"},
			body: "\t_ = mux\n\treturn nil\n", main: "\tif err := http.ListenAndServe(\":8080\", nil); err != nil {\n\t\tlog.Println(err)\n\t}\n\tos.Exit(1)\n", want: `prodServeThenExit(":8080", nil)`},
		{name: "in main, the nil branch of == exits", imports: []string{"log"},
			body: "\t_ = mux\n\treturn nil\n", main: "\tif err := http.ListenAndServe(\":8080\", nil); err == nil {\n\t\tlog.Fatal(\"stopped\")\n\t}\n", want: `prodServeThenExit(":8080", nil)`},
		{name: "in main, the else branch exits", imports: []string{"log"},
			body: "\t_ = mux\n\treturn nil\n", main: "\tif err := http.ListenAndServe(\":8080\", nil); err != nil {\n\t\tlog.Print(err)\n\t} else {\n\t\tlog.Fatal(\"stopped\")\n\t}\n", want: `prodServeThenExit(":8080", nil)`},
		{name: "in main, checked against nil, then a clean return", imports: []string{"log"},
			body: "\t_ = mux\n\treturn nil\n", main: "\tif err := http.ListenAndServe(\":8080\", nil); err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tlog.Print(\"bye\")\n", want: `prodServe(":8080", nil)`},
		{name: "dropped, then an error returned", imports: []string{"errors"},
			body: "\thttp.ListenAndServe(\":8080\", mux)\n\treturn errors.New(\"stopped\")\n", main: "\t_ = serve()\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "errors.Is ErrServerClosed of the call", imports: []string{"errors", "log"},
			body: "\tif !errors.Is(http.ListenAndServe(\":8080\", mux), http.ErrServerClosed) {\n\t\treturn errors.New(\"serve failed\")\n\t}\n\treturn nil\n", main: checkNil, want: `prodServeClosed(":8080", mux)`},
		{name: "assigned and returned to a caller that checks ErrServerClosed", imports: []string{"errors", "log"},
			body: "\terr := http.ListenAndServe(\":8080\", mux)\n\treturn err\n", main: checkClosed, want: `prodServeClosed(":8080", mux)`},
		{name: "returned to log.Fatal", imports: []string{"log"},
			body: "\treturn http.ListenAndServe(\":8080\", mux)\n", main: "\tlog.Fatal(serve())\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "returned through run to a caller that checks ErrServerClosed", imports: []string{"errors", "log"},
			body: "\treturn http.ListenAndServe(\":8080\", mux)\n", main: "\tif err := run(); !errors.Is(err, http.ErrServerClosed) {\n\t\tlog.Fatal(err)\n\t}\n}\n\nfunc run() error {\n\treturn serve()\n", want: `prodServeClosed(":8080", mux)`},
		{name: "in a retry loop, checked against nil", imports: []string{"log", "time"},
			body: "\tfor {\n\t\tif err := http.ListenAndServe(\":8080\", mux); err != nil {\n\t\t\tlog.Printf(\"serve: %v\", err)\n\t\t}\n\t\ttime.Sleep(time.Second)\n\t}\n", main: checkNil, want: `prodServeThenExit(":8080", mux)`},
		{name: "in a function literal called in a loop's place", imports: []string{"log"},
			body: "\trun := func() error {\n\t\treturn http.ListenAndServe(\":8080\", mux)\n\t}\n\tfor range 1 {\n\t\t_ = 0\n\t}\n\treturn run()\n", main: checkNil, want: `prodServe(":8080", mux)`},
		{name: "checked against nil in a function started by go", imports: []string{"log"},
			body: "\tif err := http.ListenAndServe(\":8080\", mux); err != nil {\n\t\tlog.Print(err)\n\t}\n\treturn nil\n", main: "\tgo serve()\n\tselect {}\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "returned to a caller in a function started by go", imports: []string{"log"},
			body: "\treturn http.ListenAndServe(\":8080\", mux)\n", main: "\tgo run()\n\tselect {}\n}\n\nfunc run() {\n\tif err := serve(); err != nil {\n\t\tlog.Print(err)\n\t}\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "returned to a caller in a loop", imports: []string{"log"},
			body: "\treturn http.ListenAndServe(\":8080\", mux)\n", main: "\tfor {\n\t\tif err := serve(); err != nil {\n\t\t\tlog.Print(err)\n\t\t}\n\t}\n", want: `prodServeThenExit(":8080", mux)`},
		{name: "returned to callers that disagree", imports: []string{"errors", "log", "os"},
			body: "\treturn http.ListenAndServe(\":8080\", mux)\n", main: "\tif len(os.Args) > 1 {\n\t\tif err := serve(); err != nil {\n\t\t\tlog.Fatal(err)\n\t\t}\n\t}\n\tif err := serve(); !errors.Is(err, http.ErrServerClosed) {\n\t\tlog.Fatal(err)\n\t}\n", want: `prodServeThenExit(":8080", mux)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, map[string]string{"main.go": errFateProgram(tt.imports, tt.body, tt.main)})
			w := findWiring(target.Repo, target.Main, nil)
			if w.serve == nil {
				t.Fatalf("nothing to wire: %s", w.problem)
			}
			if got := w.serve.replacement(); got != tt.want {
				t.Errorf("replacement = %s, want %s", got, tt.want)
			}
			checkWired(t, target, tt.want)
		})
	}
}

// TestWireDebugNote: add says so when the serving call serves http.DefaultServeMux in a
// package importing net/http/pprof or expvar (the wired call hides their paths), and
// says nothing for a program serving a mux of its own.
func TestWireDebugNote(t *testing.T) {
	const pprofNil = `package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"
)

func main() {
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`
	const expvarServer = `package main

import (
	_ "expvar"
	"log"
	"net/http"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	log.Fatal(srv.ListenAndServe())
}
`
	tests := []struct {
		name  string
		main  string
		wire  bool
		pprof bool
		note  string // "" for none
	}{
		{name: "nil handler, wired", main: pprofNil, wire: true, pprof: true, note: "main.go imports net/http/pprof, registering /debug/pprof/ or /debug/vars on http.DefaultServeMux, which main.go:10 serves: the wired call answers 404 there on the public listener; profiles are served on the admin listener"},
		{name: "nil handler, not wired", main: pprofNil, note: "anyone can profile the service or read its variables there until the call is wired, after which the public listener answers 404 there; add pprof serves profiles"},
		{name: "http.DefaultServeMux named", main: strings.Replace(pprofNil, `":8080", nil`, `":8080", http.DefaultServeMux`, 1), wire: true, note: "main.go:10 serves: the wired call answers 404"},
		{name: "a server without a Handler, expvar", main: expvarServer, wire: true, note: "main.go imports expvar, registering /debug/pprof/ or /debug/vars on http.DefaultServeMux, which main.go:11 serves"},
		{name: "a mux of its own", main: strings.Replace(pprofNil, `":8080", nil`, `":8080", http.NewServeMux()`, 1), wire: true},
		{name: "no debug import", main: fatalOnlyHTTP, wire: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, map[string]string{"main.go": tt.main})
			p := newTestPlanner(target, nil)
			p.opts.Wire = tt.wire
			if tt.pprof {
				p.plan.Components = []string{"shutdown", "pprof"}
			}
			if err := p.wire(findWiring(target.Repo, target.Main, nil)); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			if got := strings.Contains(notes, "/debug/pprof/"); got != (tt.note != "") || !strings.Contains(notes, tt.note) {
				t.Errorf("notes %q, want one saying %q", notes, tt.note)
			}
		})
	}
}

// TestWireLineInRawString: a serving call whose line begins inside a raw string
// (statements after it on its last line: valid Go, though not gofmt's layout) is not
// spliced, as commenting the line out would end the string early.
func TestWireLineInRawString(t *testing.T) {
	target := inlineTargetOf(t, map[string]string{"main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\tbanner := `svc\nready`; fmt.Println(banner); log.Fatal(http.ListenAndServe(\":8080\", http.NotFoundHandler()))\n}\n"}, false)
	err := newTestPlanner(target, nil).wire(findWiring(target.Repo, target.Main, nil))
	var r *Refusal
	if want := "main.go:11: the lines of the serving call hold part of a raw string over several lines"; !errors.As(err, &r) || !strings.Contains(err.Error(), want) {
		t.Fatalf("wire: %v, want a refusal saying %q", err, want)
	}
}

// TestWireUnbuiltFiles: a main package with a func main per build constraint (per GOOS,
// or per build tag) serves from files the default build leaves out; add sees only the
// file it builds, so a note names each other file's serving call and its constraint. A
// file only //go:build ignore builds, or one that serves through gonew-prod, is not named.
func TestWireUnbuiltFiles(t *testing.T) {
	serving := func(constraint, addr, call string) string {
		head := ""
		if constraint != "" {
			head = constraint + "\n\n"
		}
		return head + `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	log.Fatal(` + call + `("` + addr + `", mux))
}
`
	}
	perTag := map[string]string{
		"main_a.go": serving("//go:build !other", ":8080", "http.ListenAndServe"),
		"main_b.go": serving("//go:build other", ":9090", "http.ListenAndServe"),
	}
	tests := []struct {
		name  string
		files map[string]string
		wire  bool
		note  string // "" when no note may name an unbuilt file
	}{
		{name: "a build tag", wire: true, files: perTag, note: "add wired only main_a.go, the file this GOOS (" + build.Default.GOOS + ") builds; main_b.go:12 (//go:build other) serves too: wire it by hand"},
		{name: "a GOOS file name", wire: true, files: map[string]string{
			"main.go":       serving("//go:build !plan9", ":8080", "http.ListenAndServe"),
			"main_plan9.go": serving("", ":9090", "http.ListenAndServe"),
		}, note: "main_plan9.go:10 (by its name's GOOS or GOARCH suffix) serves too"},
		{name: "without --wire", files: perTag, note: "add looked only at the files this GOOS (" + build.Default.GOOS + ") builds; main_b.go:12 (//go:build other) serves too"},
		{name: "//go:build ignore", wire: true, files: map[string]string{
			"main.go": serving("", ":8080", "http.ListenAndServe"),
			"gen.go":  serving("//go:build ignore", ":9090", "http.ListenAndServe"),
		}},
		{name: "served through gonew-prod already", wire: true, files: map[string]string{
			"main_a.go": serving("//go:build !other", ":8080", "http.ListenAndServe"),
			"main_b.go": serving("//go:build other", ":9090", "prodServeThenExit"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			p := newTestPlanner(target, nil)
			p.opts.Wire = tt.wire
			if err := p.wire(findWiring(target.Repo, target.Main, nil)); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			switch {
			case tt.note == "" && strings.Contains(notes, "serves too"):
				t.Errorf("a note names an unbuilt file:\n%s", notes)
			case tt.note != "" && !strings.Contains(notes, tt.note):
				t.Errorf("notes\n%s\nwant one holding %q", notes, tt.note)
			}
		})
	}
}

// TestWireLineDirectives: //line directives rename the lines that follow them for the
// compiler's messages, but add's notes and refusals name main.go's own lines.
func TestWireLineDirectives(t *testing.T) {
	const src = `package main

import (
	"log"
	"net/http"
)

//line api.tmpl:10
func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})
	// served below
//line api.tmpl:20
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`
	target := inlineTargetOf(t, map[string]string{"main.go": src}, false)
	for _, wire := range []bool{false, true} {
		p := newTestPlanner(target, nil)
		p.opts.Wire = wire
		if err := p.wire(findWiring(target.Repo, target.Main, nil)); err != nil {
			t.Fatal(err)
		}
		notes := strings.Join(p.plan.Notes, "\n")
		switch { // the note advising the change, or telling of it
		case !wire && p.plan.Unwired != nil:
			notes = p.plan.Unwired.At + ": " + notes
		case wire && p.plan.Wired != nil:
			notes = p.plan.Wired.At + ": " + notes
		}
		if !strings.HasPrefix(notes, "main.go:14: ") {
			t.Errorf("--wire %v: notes %q, want them to name main.go:14", wire, notes)
		}
	}
	two := "package main\n\nimport \"net/http\"\n\n//line api.tmpl:10\nfunc main() {\n\tgo http.ListenAndServe(\":8080\", nil)\n//line api.tmpl:30\n\tgo http.ListenAndServe(\":8081\", nil)\n\tselect {}\n}\n"
	target = inlineTargetOf(t, map[string]string{"main.go": two}, false)
	err := newTestPlanner(target, nil).wire(findWiring(target.Repo, target.Main, nil))
	if want := `(main.go:7 http.ListenAndServe(":8080", nil), main.go:9 http.ListenAndServe(":8081", nil))`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("two listeners: %v, want %s", err, want)
	}
}

// TestWireShadowedRoutes: routes of the program's own at the paths the wired call
// answers itself (/healthz, /readyz, /version with the version component), as audit's
// health check reads routes, are never wired over: --wire refuses naming them, without
// it a note says so and gives no change to make. A path only called on another service
// is no route, nor is one registered only below a group's prefix (it is served at
// /api/version, not /version).
func TestWireShadowedRoutes(t *testing.T) {
	const own = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) })
	mux.HandleFunc("/version", func(w http.ResponseWriter, _ *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`
	// postOnly registers /readyz for POST alone (a toggle): gonew-prod's serving code
	// answers GET and HEAD there only, so the POST still reaches the program.
	const postOnly = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /readyz", func(w http.ResponseWriter, _ *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`
	// headOnly registers /readyz for HEAD alone: gonew-prod's serving code answers
	// HEAD there too, so the program's route would never be reached.
	const headOnly = `package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("HEAD /readyz", func(w http.ResponseWriter, _ *http.Request) {})
	log.Fatal(http.ListenAndServe(":8080", mux))
}
`
	const ginOwn = `package main

import "github.com/gin-gonic/gin"

const livePath = "/healthz"

func main() {
	r := gin.New()
	r.GET(livePath, func(c *gin.Context) { c.String(200, "mine") })
	r.Run(":8080")
}
`
	const client = `package main

import (
	"log"
	"net/http"
)

func main() {
	go func() { _, _ = http.Get("http://peer" + "/readyz") }()
	log.Fatal(http.ListenAndServe(":8080", http.NotFoundHandler()))
}
`
	const ginGroup = `package main

import "github.com/gin-gonic/gin"

const versionPath = "/version"

func main() {
	r := gin.New()
	api := r.Group("/api")
	v1 := api.Group("")
	v1.GET(versionPath, func(c *gin.Context) { c.String(200, "api version") })
	r.Group("/internal").GET("/healthz", func(c *gin.Context) {})
	r.Run(":8080")
}
`
	const chiRoute = `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func main() {
	r := chi.NewRouter()
	r.Route("/api", func(r chi.Router) {
		r.Get("/readyz", func(w http.ResponseWriter, _ *http.Request) {})
		r.Group(func(r chi.Router) {
			r.Use(middleware.Logger)
			r.With(middleware.NoCache).Get("/healthz", func(w http.ResponseWriter, _ *http.Request) {})
		})
	})
	http.ListenAndServe(":8080", r)
}
`
	const muxSub = `package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func main() {
	r := mux.NewRouter()
	s := r.PathPrefix("/api").Subrouter()
	s.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {})
	http.ListenAndServe(":8080", r)
}
`
	// a group at the root, and a path registered both below a prefix and at the root,
	// are the program's own at that path
	const rootGroup = `package main

import "github.com/gin-gonic/gin"

const readyPath = "/readyz"

func main() {
	r := gin.New()
	g := r.Group("/")
	g.GET("/healthz", func(c *gin.Context) {})
	r.Group("/api").GET(readyPath, func(c *gin.Context) {})
	r.GET(readyPath, func(c *gin.Context) {})
	r.Run(":8080")
}
`
	const chiGroupAtRoot = `package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func main() {
	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Get("/readyz", func(w http.ResponseWriter, _ *http.Request) {})
	})
	http.ListenAndServe(":8080", r)
}
`
	// a group whose prefix is a probe's path serves only what is registered on it:
	// /healthz/live, and with an empty path /healthz itself
	const probeGroup = `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.New()
	h := r.Group("/healthz")
	h.GET("/live", func(c *gin.Context) {})
	r.Run(":8080")
}
`
	const probeGroupBare = `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.New()
	h := r.Group("/readyz")
	h.GET("", func(c *gin.Context) {})
	r.Run(":8080")
}
`
	tests := []struct {
		name       string
		main       string
		components []string
		wire       bool
		want       string // "" when the call is wired (or advised)
	}{
		{name: "readyz, wired", main: own, components: []string{"shutdown"}, wire: true, want: "--wire: the program registers /readyz itself (main.go:10 /readyz), which gonew-prod's serving code answers before the program's handler (/healthz, /readyz)"},
		{name: "readyz and version, wired", main: own, components: []string{"shutdown", "version"}, wire: true, want: "registers /readyz, /version itself (main.go:10 /readyz; main.go:11 /version)"},
		{name: "readyz, not wired", main: own, components: []string{"shutdown"}, want: "so add does not wire it"},
		{name: "readyz for POST only, wired", main: postOnly, components: []string{"shutdown"}, wire: true},
		{name: "readyz for HEAD only, wired", main: headOnly, components: []string{"shutdown"}, wire: true, want: "registers /readyz itself (main.go:10 /readyz)"},
		{name: "gin, a constant", main: ginOwn, components: []string{"shutdown"}, wire: true, want: "registers /healthz itself (main.go:5 /healthz)"},
		{name: "a call to another service", main: client, components: []string{"shutdown", "version"}, wire: true},
		{name: "gin groups with a prefix", main: ginGroup, components: []string{"shutdown", "version"}, wire: true},
		{name: "chi Route with a prefix", main: chiRoute, components: []string{"shutdown"}, wire: true},
		{name: "gorilla subrouter with a prefix", main: muxSub, components: []string{"shutdown"}, wire: true},
		{name: "a group at the root, and a path at both", main: rootGroup, components: []string{"shutdown"}, wire: true, want: "registers /readyz, /healthz itself (main.go:5 /readyz; main.go:10 /healthz)"},
		{name: "chi group without a prefix", main: chiGroupAtRoot, components: []string{"shutdown"}, wire: true, want: "registers /readyz itself (main.go:12 /readyz)"},
		{name: "a group at a probe's path", main: probeGroup, components: []string{"shutdown"}, wire: true},
		{name: "a group at a probe's path, a route of the empty path", main: probeGroupBare, components: []string{"shutdown"}, wire: true, want: "registers /readyz itself (main.go:7 /readyz)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, map[string]string{"main.go": tt.main})
			p := newTestPlanner(target, nil)
			p.opts.Wire, p.plan.Components = tt.wire, tt.components
			err := p.wire(findWiring(target.Repo, target.Main, nil))
			notes := strings.Join(p.plan.Notes, "\n")
			var r *Refusal
			switch {
			case tt.want == "":
				if err != nil || len(p.goEdits) == 0 {
					t.Errorf("wire: %v, %d edits, notes %q; want the call wired", err, len(p.goEdits), notes)
				}
			case tt.wire:
				if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("wire: %v, want a refusal saying %q", err, tt.want)
				}
			default:
				if err != nil || len(p.goEdits) != 0 || !strings.Contains(notes, tt.want) || p.plan.Unwired != nil {
					t.Errorf("wire: %v, %d edits, notes %q; want no change and a note saying %q, without the change to make", err, len(p.goEdits), notes, tt.want)
				}
			}
		})
	}
}

// TestOwnTracingNetHTTP: a program that serves through net/http and traces with
// otelhttp (or another tracing middleware) itself: add otel records it (the var
// ownTracing), says so, and the serving code it renders does not wrap the handler in
// otelhttp a second time; without a middleware of its own, or without otel, nothing
// changes.
func TestOwnTracingNetHTTP(t *testing.T) {
	const traced = `package main

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

func main() {
	mux := http.NewServeMux()
	_ = http.ListenAndServe(":8080", otelhttp.NewHandler(mux, "svc"))
}
`
	const handlerElsewhere = `package main

import (
	"net/http"

	"example.com/acme/svc/internal/web"
)

func main() {
	_ = http.ListenAndServe(":8080", web.Handler())
}
`
	const webPkg = `package web

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
)

// Handler serves the site.
func Handler() http.Handler { return otelhttp.NewHandler(http.NewServeMux(), "web") }
`
	tests := []struct {
		name       string
		files      map[string]string
		components []string
		own        string // where the note says the program traces, "" for no note
	}{
		{name: "otelhttp.NewHandler, otel", files: map[string]string{"main.go": traced}, components: []string{"shutdown", "otel"}, own: "main.go:11 otelhttp.NewHandler"},
		{name: "otelhttp.NewHandler in a package main imports, otel", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n", "main.go": handlerElsewhere, "internal/web/web.go": webPkg}, components: []string{"shutdown", "otel"}, own: "internal/web/web.go:10 otelhttp.NewHandler"},
		{name: "otelhttp.NewHandler, no otel", files: map[string]string{"main.go": traced}, components: []string{"shutdown"}},
		{name: "no middleware, otel", files: map[string]string{"main.go": fatalOnlyHTTP}, components: []string{"shutdown", "otel"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			p := newTestPlanner(target, nil)
			p.plan.Components = tt.components
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if err := p.editMain(); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			say := tt.own + " traces the requests already: gonew-prod's serving code does not wrap the handler in otelhttp a second time"
			own := tt.own != ""
			if got := p.vars["ownTracing"] == "true"; got != own || strings.Contains(notes, say) != own {
				t.Errorf("ownTracing %q, notes %q; want it set and the note %q: %v", p.vars["ownTracing"], notes, say, own)
			}
			if !slices.Contains(tt.components, "otel") {
				return
			}
			vars := maps.Clone(p.vars)
			vars["aliases"] = ""
			a := target.Answers
			a.Features = tt.components
			files, err := render(context.Background(), a, vars)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				if path.Base(f.Path) == wiringFile {
					if wraps := strings.Contains(string(f.Content), "otelhttp.NewHandler(handler"); wraps == own {
						t.Errorf("%s wraps the handler in otelhttp: %v, want %v", f.Path, wraps, !own)
					}
					return
				}
			}
			t.Errorf("%s not rendered", wiringFile)
		})
	}
}

// TestEchoStartServer: Echo v4's e.StartServer(s) listens at s.Addr, which add reads for
// the image and the manifests as it does for s.ListenAndServe(); the call is not wired,
// and the refusal says how to wire it by hand.
func TestEchoStartServer(t *testing.T) {
	target := inlineTarget(t, map[string]string{"main.go": `package main

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	s := &http.Server{Addr: ":1323", ReadTimeout: 20 * time.Second}
	e.Logger.Fatal(e.StartServer(s))
}
`})
	w := findWiring(target.Repo, target.Main, nil)
	if w.chosen == nil {
		t.Fatalf("no serving call: %s", w.problem)
	}
	if port, ok := w.chosen.port(); port != 1323 || !ok {
		t.Errorf("port = %d, %v; want 1323", port, ok)
	}
	if w.serve != nil || !strings.Contains(w.problem, "main.go:13: e.StartServer(s) serves a server Echo sets up itself") || !strings.Contains(w.problem, "s.Handler = e") {
		t.Errorf("wired %v, problem %q; want none, and by hand s.Handler = e", w.serve != nil, w.problem)
	}
}

// TestProgramMemoryLimit: a program that sets its memory limit itself
// (debug.SetMemoryLimit) keeps it once procs is added (runtimeinfo leaves a limit set
// before it alone), and add says so, naming the call; without procs, or without such a
// call, there is no note.
func TestProgramMemoryLimit(t *testing.T) {
	const limited = `package main

import (
	"log"
	"net/http"
	"runtime/debug"
)

func main() {
	debug.SetMemoryLimit(900 << 20)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`
	const renamed = `package main

import (
	"log"
	"net/http"
	rd "runtime/debug"
)

func main() {
	rd.SetMemoryLimit(900 << 20)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`
	tests := []struct {
		name       string
		main       string
		components []string
		at         string // where the note says the program sets its limit, "" for no note
	}{
		{"debug.SetMemoryLimit, procs", limited, []string{"shutdown", "procs"}, "main.go:10 debug.SetMemoryLimit"},
		{"renamed import, procs", renamed, []string{"shutdown", "procs"}, "main.go:10 rd.SetMemoryLimit"},
		{"debug.SetMemoryLimit, no procs", limited, []string{"shutdown"}, ""},
		{"no limit of its own, procs", fatalOnlyHTTP, []string{"shutdown", "procs"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{"main.go": tt.main}), nil)
			p.plan.Components = tt.components
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if err := p.editMain(); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			noted := strings.Contains(notes, "procs keeps the memory limit the program sets itself")
			if noted != (tt.at != "") || tt.at != "" && !strings.Contains(notes, tt.at+": procs keeps") {
				t.Errorf("notes %q; want a note naming %q: %v", notes, tt.at, tt.at != "")
			}
		})
	}
}

// TestEmptyAddrNote: net/http's ListenAndServe listens at ":http" (port 80) for an empty
// address. The serving code of a net/http, chi or gorilla program keeps that (prodAddr);
// that of a gin or Echo program reads an empty address as gin's Run does, so wiring a
// net/http call there whose address may be empty says what changes. A literal with a port,
// or gin's own Run, needs no word.
func TestEmptyAddrNote(t *testing.T) {
	const ginEnv = `package main

import (
	"log"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	log.Fatal(http.ListenAndServe(os.Getenv("LISTEN_ADDR"), r))
}
`
	const ginServer = `package main

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	srv := &http.Server{Handler: gin.New()}
	log.Fatal(srv.ListenAndServe())
}
`
	const ginLiteral = `package main

import (
	"log"
	"net/http"

	"github.com/gin-gonic/gin"
)

func main() {
	r := gin.New()
	log.Fatal(http.ListenAndServe(":8080", r))
}
`
	const ginRun = `package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.New()
	_ = r.Run()
}
`
	const netHTTPEnv = `package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	log.Fatal(http.ListenAndServe(os.Getenv("LISTEN_ADDR"), nil))
}
`
	tests := []struct {
		name string
		main string
		want string // what the wired note says of the empty address, "" for nothing
	}{
		{"gin, http.ListenAndServe from the environment", ginEnv, `where os.Getenv("LISTEN_ADDR") is empty, ListenAndServe listened at ":http" (port 80)`},
		{"gin, a server without Addr", ginServer, `where the http.Server's Addr is empty, ListenAndServe listened at ":http" (port 80)`},
		{"gin, a literal address", ginLiteral, ""},
		{"gin's Run", ginRun, ""},
		{"net/http from the environment", netHTTPEnv, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newTestPlanner(inlineTarget(t, map[string]string{"main.go": tt.main}), nil)
			p.plan.Components = []string{"shutdown"}
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if err := p.editMain(); err != nil {
				t.Fatal(err)
			}
			if p.plan.Wired == nil {
				t.Fatalf("not wired: %q", p.plan.Notes)
			}
			notes := strings.Join(append(p.plan.Notes, p.plan.Wired.More), "\n")
			said := strings.Contains(notes, "port 80")
			if said != (tt.want != "") || tt.want != "" && !strings.Contains(notes, tt.want) {
				t.Errorf("notes %q; want %q: %v", notes, tt.want, tt.want != "")
			}
		})
	}
}

// TestOwnProvider: a program that installs OpenTelemetry providers of its own
// (otel.SetTracerProvider, otel.SetMeterProvider) keeps them once otel is added: add
// records it (the var ownProvider), says so, and the serving code it renders does not
// call the telemetry package's Setup, which would replace them, nor is the package
// written, unused; the handler is still traced (with the program's provider) unless the
// program traces it itself. Without such a call, or without otel, nothing changes.
func TestOwnProvider(t *testing.T) {
	const provider = `package main

import (
	"log"
	"net/http"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func main() {
	otel.SetTracerProvider(sdktrace.NewTracerProvider())
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`
	const meterElsewhere = `package main

import (
	"log"
	"net/http"

	"example.com/acme/svc/internal/obs"
)

func main() {
	obs.Init()
	log.Fatal(http.ListenAndServe(":8080", nil))
}
`
	const obsPkg = `package obs

import (
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// Init installs the meter provider.
func Init() { otel.SetMeterProvider(sdkmetric.NewMeterProvider()) }
`
	const ginProvider = `package main

import (
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func main() {
	otel.SetTracerProvider(sdktrace.NewTracerProvider())
	r := gin.New()
	_ = r.Run()
}
`
	tests := []struct {
		name       string
		files      map[string]string
		components []string
		own        string // where the note says the program sets its provider, "" for no note
		wraps      bool   // the rendered serving code wraps the handler in otelhttp
		recorded   string // a file the record lists as gonew-prod's (an earlier add's)
	}{
		{name: "otel.SetTracerProvider, otel", files: map[string]string{"main.go": provider}, components: []string{"shutdown", "otel"}, own: "main.go:12 otel.SetTracerProvider", wraps: true},
		{name: "otel.SetMeterProvider in a package main imports, otel", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n", "main.go": meterElsewhere, "internal/obs/obs.go": obsPkg}, components: []string{"shutdown", "otel"}, own: "internal/obs/obs.go:9 otel.SetMeterProvider", wraps: true},
		{name: "gin, otel.SetTracerProvider, otel", files: map[string]string{"main.go": ginProvider}, components: []string{"shutdown", "otel"}, own: "main.go:10 otel.SetTracerProvider"},
		{name: "otel.SetMeterProvider in a package an earlier add wrote, otel", files: map[string]string{"go.mod": "module example.com/acme/svc\n\ngo 1.26\n", "main.go": meterElsewhere, "internal/obs/obs.go": obsPkg}, components: []string{"shutdown", "otel"}, recorded: "internal/obs/obs.go", wraps: true},
		{name: "otel.SetTracerProvider, no otel", files: map[string]string{"main.go": provider}, components: []string{"shutdown"}},
		{name: "no provider, otel", files: map[string]string{"main.go": fatalOnlyHTTP}, components: []string{"shutdown", "otel"}, wraps: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := inlineTarget(t, tt.files)
			if tt.recorded != "" {
				target.Record = &generator.Record{Files: []generator.RecordEntry{{Path: tt.recorded, Owner: generator.OwnerTool}}}
			}
			p := newTestPlanner(target, nil)
			p.plan.Components = tt.components
			if err := p.setVars(); err != nil {
				t.Fatal(err)
			}
			if err := p.editMain(); err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(p.plan.Notes, "\n")
			say := tt.own + ": the program sets up OpenTelemetry itself"
			own := tt.own != ""
			if got := p.vars["ownProvider"] == "true"; got != own || strings.Contains(notes, say) != own {
				t.Errorf("ownProvider %q, notes %q; want it set and the note %q: %v", p.vars["ownProvider"], notes, say, own)
			}
			if !slices.Contains(tt.components, "otel") {
				return
			}
			vars := maps.Clone(p.vars)
			vars["aliases"] = ""
			a := target.Answers
			a.Features, a.Framework = tt.components, frameworkAnswer[target.Main.Framework]
			files, err := render(context.Background(), a, vars)
			if err != nil {
				t.Fatal(err)
			}
			telemetry := slices.ContainsFunc(files, func(f generator.File) bool {
				return strings.HasPrefix(f.Path, "internal/platform/telemetry/")
			})
			if telemetry == own {
				t.Errorf("internal/platform/telemetry rendered: %v, want %v (the wiring calls its Setup: %v)", telemetry, !own, !own)
			}
			for _, f := range files {
				if f.Path == "internal/platform/telemetry/telemetry.go" && bytes.Contains(f.Content, []byte("internal/config")) {
					t.Errorf("%s names internal/config, where new's configuration is; add's is internal/platform/config", f.Path)
				}
			}
			for _, f := range files {
				if path.Base(f.Path) != wiringFile {
					continue
				}
				src := string(f.Content)
				if setup := strings.Contains(src, "prodtelemetry.Setup("); setup == own {
					t.Errorf("%s calls prodtelemetry.Setup: %v, want %v", f.Path, setup, !own)
				}
				if wraps := strings.Contains(src, "otelhttp.NewHandler(handler"); wraps != tt.wraps {
					t.Errorf("%s wraps the handler in otelhttp: %v, want %v", f.Path, wraps, tt.wraps)
				}
				if _, err := parser.ParseFile(token.NewFileSet(), f.Path, f.Content, 0); err != nil {
					t.Errorf("%s does not parse: %v", f.Path, err)
				}
				return
			}
			t.Errorf("%s not rendered", wiringFile)
		})
	}
}
