package audit

import (
	"strings"
	"testing"
)

// ginOrderMain returns a gin service whose public router serves /orders and
// /healthz, with tracing set up and otel, the line that adds the tracing
// middleware, written before the routes or after them; admin sets up the admin
// engine served on adminAddr, its token check held in check.
func ginOrderMain(otel string, otelFirst bool, admin, adminAddr string) string {
	routes := "\trouter.GET(\"/orders\", func(c *gin.Context) { c.JSON(http.StatusOK, []string{}) })\n" +
		"\trouter.GET(\"/healthz\", func(c *gin.Context) { c.Status(http.StatusOK) })\n"
	setup := routes + otel
	if otelFirst {
		setup = otel + routes
	}
	return `package main

import (
	"context"
	"crypto/subtle"
	"log"
	"net/http"
	"os"
	"time"

	"github.com/gin-contrib/pprof"
	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func main() {
	exp, err := otlptracegrpc.New(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp)))
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	router := gin.New()
` + setup + `
	token := os.Getenv("PPROF_TOKEN")
	if len(token) < 32 {
		log.Fatal("PPROF_TOKEN too short")
	}
	check := func(c *gin.Context) {
		if subtle.ConstantTimeCompare([]byte(c.GetHeader("Authorization")), []byte("Bearer "+token)) != 1 {
			c.AbortWithStatus(http.StatusUnauthorized)
			return
		}
		c.Next()
	}
` + admin + `
	adminSrv := &http.Server{Addr: "` + adminAddr + `", Handler: admin, ReadHeaderTimeout: 5 * time.Second}
	go adminSrv.ListenAndServe()
	srv := &http.Server{Addr: ":8080", Handler: router, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`
}

// TestVerdictsOnGinUseOrder audits gin services whose middleware is added with Use
// before or after the routes: gin copies a router's middleware into a route when the
// route is registered, so a Use after every route (or after pprof.Register) wraps
// none of them, for otel and for the pprof token alike; a group made before the Use
// keeps the middleware it had. An admin engine whose token check is Used before the
// profiles, on a port beside the public ":8080", is no public listener.
func TestVerdictsOnGinUseOrder(t *testing.T) {
	const traced = "tracing middleware wraps the router and a propagator is installed"
	const guarded = "pprof is served on a separate listener that checks a token"
	const otelUse = "\trouter.Use(otelgin.Middleware(\"api\"))\n"
	const guardFirst = "\tadmin := gin.New()\n\tadmin.Use(check)\n\tpprof.Register(admin)\n"
	const guardLast = "\tadmin := gin.New()\n\tpprof.Register(admin)\n\tadmin.Use(check)\n"
	files := func(main string) map[string]string {
		return map[string]string{"go.mod": "module example.test/api\n\ngo 1.26\n", "cmd/api/main.go": main}
	}
	runCheckCases(t, []checkCase{
		{name: "otel: Use before the routes", files: files(ginOrderMain(otelUse, true, guardFirst, "127.0.0.1:6060")), check: "otel", want: Pass, message: traced},
		{name: "otel: Use after every route", files: files(ginOrderMain(otelUse, false, guardFirst, "127.0.0.1:6060")), check: "otel", want: Warn, message: "gin applies a middleware only to the routes registered after its Use"},
		{name: "otel: Use between the routes", files: files(ginOrderMain("\trouter.GET(\"/readyz\", func(c *gin.Context) {})\n"+otelUse, true, guardFirst, "127.0.0.1:6060")), check: "otel", want: Pass, message: traced},
		{name: "otel: Use after a group made before it", files: files(ginOrderMain("\tapi := router.Group(\"/api\")\n"+otelUse+"\tapi.GET(\"/items\", func(c *gin.Context) {})\n", false, guardFirst, "127.0.0.1:6060")), check: "otel", want: Warn, message: "only to the routes registered after its Use"},
		{name: "otel: Use before a group", files: files(ginOrderMain(otelUse+"\tapi := router.Group(\"/api\")\n\tapi.GET(\"/items\", func(c *gin.Context) {})\n", false, guardFirst, "127.0.0.1:6060")), check: "otel", want: Pass, message: traced},
		{name: "pprof: token Use before Register, loopback", files: files(ginOrderMain(otelUse, true, guardFirst, "127.0.0.1:6060")), check: "pprof", want: Pass, message: guarded},
		{name: "pprof: token Use after Register, loopback", files: files(ginOrderMain(otelUse, true, guardLast, "127.0.0.1:6060")), check: "pprof", want: Warn, message: "pprof is served on a separate loopback listener without authentication"},
		{name: "pprof: token Use after Register, all interfaces", files: files(ginOrderMain(otelUse, true, guardLast, ":6060")), check: "pprof", want: Fail, message: "pprof is served"},
		{name: "pprof: token Use before Register on :6060 beside :8080", files: files(ginOrderMain(otelUse, true, guardFirst, ":6060")), check: "pprof", want: Pass, message: guarded},
		{name: "pprof: token Use on a group made after it", files: files(ginOrderMain(otelUse, true, "\tadmin := gin.New()\n\tadmin.Use(check)\n\tdebug := admin.Group(\"/debug\")\n\tpprof.RouteRegister(debug, \"pprof\")\n", ":6060")), check: "pprof", want: Pass, message: guarded},
		{name: "pprof: token Use after a group made before it", files: files(ginOrderMain(otelUse, true, "\tadmin := gin.New()\n\tdebug := admin.Group(\"/debug\")\n\tadmin.Use(check)\n\tpprof.RouteRegister(debug, \"pprof\")\n", "127.0.0.1:6060")), check: "pprof", want: Warn, message: "without authentication"},
		{name: "pprof: unguarded admin engine on :6060 beside :8080", files: files(ginOrderMain(otelUse, true, "\tadmin := gin.New()\n\t_ = check\n\tpprof.Register(admin)\n", ":6060")), check: "pprof", want: Fail, message: "pprof is served"},
	})
}

// chiOrderMain returns a chi service that registers /healthz and /orders, with use,
// a Use of middleware on the router, written before the routes or after them.
func chiOrderMain(use string, first bool) string {
	routes := "\tr.Get(\"/healthz\", func(w http.ResponseWriter, _ *http.Request) {})\n" +
		"\tr.With(middleware.NoCache).Get(\"/orders\", func(w http.ResponseWriter, _ *http.Request) {})\n"
	setup := routes + use
	if first {
		setup = use + routes
	}
	return `package main

import (
	"log"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func main() {
	r := chi.NewRouter()
` + setup + `	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`
}

// TestVerdictsOnChiUseOrder audits chi services: a Use on a chi router after a
// route, With, Group, Route or Mount on it panics at start ("all middlewares must be
// defined before routes on a mux"), so the health endpoints are never served (FAIL);
// a Use before them, or inside a Group's function, is fine.
func TestVerdictsOnChiUseOrder(t *testing.T) {
	files := func(main string) map[string]string {
		return map[string]string{"go.mod": "module example.test/api\n\ngo 1.26\n", "cmd/api/main.go": main}
	}
	const use = "\tr.Use(middleware.Recoverer)\n"
	runCheckCases(t, []checkCase{
		{name: "Use before the routes", files: files(chiOrderMain(use, true)), check: "health", want: Pass, message: "health endpoints: /healthz"},
		{name: "Use after the routes", files: files(chiOrderMain(use, false)), check: "health", want: Fail, message: "the service panics at start"},
		{name: "Use after a With only", files: files(strings.Replace(chiOrderMain(use, true), use, "\tnc := r.With(middleware.NoCache)\n\t_ = nc\n"+use, 1)), check: "health", want: Fail, message: "all middlewares must be defined before routes on a mux"},
		{name: "Use in a Group's function after the routes", files: files(chiOrderMain("\tr.Group(func(g chi.Router) {\n\t\tg.Use(middleware.NoCache)\n\t\tg.Get(\"/v1\", nil)\n\t})\n", false)), check: "health", want: Pass, message: "health endpoints: /healthz"},
	})
}
