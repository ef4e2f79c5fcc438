package audit

import (
	"strings"
	"testing"
)

// TestHealthMethodVerdicts audits health and readiness routes registered for methods
// other than GET (a ServeMux pattern "POST /healthz" or "HEAD /healthz", gorilla/mux's
// .Methods, chi's Post, gin's and Echo's POST, Handle or Add with a method): httpGet
// probes and load balancers send GET, which such a route refuses, so it is no health
// or readiness route; beside the forms that do take GET, which keep it one.
func TestHealthMethodVerdicts(t *testing.T) {
	// service is a service that serves r, made by ROUTER after importing IMPORT, with
	// the routes ROUTES; readyz turns 503 once ready is false, on SIGTERM.
	service := func(imp, router, routes string) map[string]string {
		return mainFiles("example.test/m", strings.NewReplacer("IMPORT", imp, "ROUTER", router, "ROUTES", routes).Replace(`package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	IMPORT
)

var ready atomic.Bool

func readyz(w http.ResponseWriter, _ *http.Request) {
	if !ready.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func main() {
	r := ROUTER
	ROUTES
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ready.Store(true)
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`))
	}
	const (
		serveMux   = "http.NewServeMux()"
		gorilla    = `"github.com/gorilla/mux"`
		gorillaNew = "mux.NewRouter()"
		chi        = `"github.com/go-chi/chi/v5"`
		chiNew     = "chi.NewRouter()"
		gin        = `"github.com/gin-gonic/gin"`
		ginNew     = "gin.New()"
		echo       = `"github.com/labstack/echo/v4"`
		echoNew    = "echo.New()"
		echoReady  = "echo.WrapHandler(http.HandlerFunc(readyz))"
		served     = "health endpoints: /healthz, /readyz"
		turns503   = "readiness turns 503"
		no503      = "no readiness endpoint turns 503 on shutdown"
	)
	runCheckCases(t, []checkCase{
		{name: "ServeMux: POST /healthz and PUT /readyz", files: service("", serveMux, "r.HandleFunc(\"POST /healthz\", readyz)\n\tr.HandleFunc(\"PUT /readyz\", readyz)"), check: "health", want: Warn,
			message: "a health or readiness endpoint refuses GET: /healthz registered only for POST; /readyz registered only for PUT: httpGet probes and load balancers send GET"},
		{name: "ServeMux: readiness only on PUT /readyz", files: service("", serveMux, "r.HandleFunc(\"POST /healthz\", readyz)\n\tr.HandleFunc(\"PUT /readyz\", readyz)"), check: "shutdown", want: Warn,
			message: "(/readyz is registered only for PUT: probes send GET)"},
		{name: "ServeMux: a method put before the path by a concatenation", files: service("", serveMux, "const ready = \"/readyz\"\n\tr.HandleFunc(\"GET /healthz\", readyz)\n\tr.HandleFunc(http.MethodPost+\" \"+ready, readyz)"), check: "health", want: Warn,
			message: "/readyz registered only for POST"},
		{name: "ServeMux: GET patterns", files: service("", serveMux, "r.HandleFunc(\"GET /healthz\", readyz)\n\tr.HandleFunc(\"GET /readyz\", readyz)"), check: "health", want: Pass, message: served},
		{name: "ServeMux: a HEAD pattern takes no GET", files: service("", serveMux, "r.HandleFunc(\"HEAD /healthz\", readyz)\n\tr.HandleFunc(\"/readyz\", readyz)"), check: "health", want: Warn, message: "/healthz registered only for HEAD"},
		{name: "ServeMux: GET /readyz beside a POST /readyz that toggles it", files: service("", serveMux, "r.HandleFunc(\"GET /healthz\", readyz)\n\tr.HandleFunc(\"GET /readyz\", readyz)\n\tr.HandleFunc(\"POST /readyz\", readyz)"), check: "health", want: Pass, message: served},
		{name: "ServeMux: readiness on GET beside a POST toggle", files: service("", serveMux, "r.HandleFunc(\"GET /healthz\", readyz)\n\tr.HandleFunc(\"GET /readyz\", readyz)\n\tr.HandleFunc(\"POST /readyz\", readyz)"), check: "shutdown", want: Pass, message: turns503},
		{name: "gorilla: Methods(http.MethodPost)", files: service(gorilla, gorillaNew, "r.HandleFunc(\"/healthz\", readyz).Methods(http.MethodPost)\n\tr.HandleFunc(\"/readyz\", readyz).Methods(http.MethodPost)"), check: "health", want: Warn,
			message: "/healthz, /readyz registered only for POST"},
		{name: "gorilla: readiness only for POST", files: service(gorilla, gorillaNew, "r.HandleFunc(\"/healthz\", readyz).Methods(http.MethodPost)\n\tr.HandleFunc(\"/readyz\", readyz).Methods(http.MethodPost)"), check: "shutdown", want: Warn, message: no503},
		{name: "gorilla: Methods before Path", files: service(gorilla, gorillaNew, "r.HandleFunc(\"/healthz\", readyz)\n\tr.Methods(\"PUT\").Path(\"/readyz\").HandlerFunc(readyz)"), check: "health", want: Warn,
			message: "/readyz registered only for PUT"},
		{name: "gorilla: Methods(GET, POST)", files: service(gorilla, gorillaNew, "r.HandleFunc(\"/healthz\", readyz).Methods(http.MethodGet, http.MethodPost)\n\tr.HandleFunc(\"/readyz\", readyz).Methods(\"get\")"), check: "health", want: Pass, message: served},
		{name: "gorilla: Methods of a method not read", files: service(gorilla, gorillaNew, "method := func() string { return http.MethodGet }\n\tr.HandleFunc(\"/healthz\", readyz).Methods(method())\n\tr.HandleFunc(\"/readyz\", readyz)"), check: "health", want: Pass, message: served},
		{name: "chi: Post", files: service(chi, chiNew, "r.Post(\"/healthz\", readyz)\n\tr.Post(\"/readyz\", readyz)"), check: "health", want: Warn,
			message: "/healthz, /readyz registered only for POST"},
		{name: "chi: MethodFunc(PUT)", files: service(chi, chiNew, "r.Get(\"/healthz\", readyz)\n\tr.MethodFunc(http.MethodPut, \"/readyz\", readyz)"), check: "health", want: Warn,
			message: "/readyz registered only for PUT"},
		{name: "chi: Get and HandleFunc", files: service(chi, chiNew, "r.Get(\"/healthz\", readyz)\n\tr.HandleFunc(\"/readyz\", readyz)"), check: "health", want: Pass, message: served},
		{name: "chi: Head and Get", files: service(chi, chiNew, "r.Head(\"/healthz\", readyz)\n\tr.Get(\"/readyz\", readyz)"), check: "health", want: Warn, message: "/healthz registered only for HEAD"},
		{name: "chi: Get and Head of one path", files: service(chi, chiNew, "r.Get(\"/healthz\", readyz)\n\tr.Head(\"/healthz\", readyz)\n\tr.Get(\"/readyz\", readyz)"), check: "health", want: Pass, message: served},
		{name: "gin: POST and Handle(PUT)", files: service(gin, ginNew, "r.POST(\"/healthz\", gin.WrapF(readyz))\n\tr.Handle(\"PUT\", \"/readyz\", gin.WrapF(readyz))"), check: "health", want: Warn,
			message: "/healthz registered only for POST; /readyz registered only for PUT"},
		{name: "gin: GET and Match(GET, POST)", files: service(gin, ginNew, "r.GET(\"/healthz\", gin.WrapF(readyz))\n\tr.Match([]string{http.MethodGet, http.MethodPost}, \"/readyz\", gin.WrapF(readyz))"), check: "health", want: Pass, message: served},
		{name: "gin: Match(POST, PUT)", files: service(gin, ginNew, "r.GET(\"/healthz\", gin.WrapF(readyz))\n\tr.Match([]string{http.MethodPost, http.MethodPut}, \"/readyz\", gin.WrapF(readyz))"), check: "health", want: Warn,
			message: "/readyz registered only for POST, PUT"},
		{name: "gin: a group's POST", files: service(gin, ginNew, "h := r.Group(\"/health\")\n\th.POST(\"/live\", gin.WrapF(readyz))\n\tr.GET(\"/readyz\", gin.WrapF(readyz))"), check: "health", want: Warn,
			message: "/health/live registered only for POST"},
		{name: "Echo: POST and Add(PUT)", files: service(echo, echoNew, "r.POST(\"/healthz\", "+echoReady+")\n\tr.Add(echo.PUT, \"/readyz\", "+echoReady+")"), check: "health", want: Warn,
			message: "/healthz registered only for POST; /readyz registered only for PUT"},
		{name: "Echo: readiness only on PUT", files: service(echo, echoNew, "r.POST(\"/healthz\", "+echoReady+")\n\tr.Add(echo.PUT, \"/readyz\", "+echoReady+")"), check: "shutdown", want: Warn, message: no503},
		{name: "Echo: GET and Any", files: service(echo, echoNew, "r.GET(\"/healthz\", "+echoReady+")\n\tr.Any(\"/readyz\", "+echoReady+")"), check: "health", want: Pass, message: served},
		// HEAD alone: a GET pattern serves HEAD too, but a HEAD one takes no GET (405).
		{name: "ServeMux: HEAD /healthz and HEAD /readyz", files: service("", serveMux, "r.HandleFunc(\"HEAD /healthz\", readyz)\n\tr.HandleFunc(\"HEAD /readyz\", readyz)"), check: "health", want: Warn,
			message: "a health or readiness endpoint refuses GET: /healthz, /readyz registered only for HEAD: httpGet probes and load balancers send GET"},
		{name: "ServeMux: readiness only on HEAD /readyz", files: service("", serveMux, "r.HandleFunc(\"GET /healthz\", readyz)\n\tr.HandleFunc(\"HEAD /readyz\", readyz)"), check: "shutdown", want: Warn,
			message: "(/readyz is registered only for HEAD: probes send GET)"},
		{name: "ServeMux: HEAD /readyz beside GET /readyz", files: service("", serveMux, "r.HandleFunc(\"GET /healthz\", readyz)\n\tr.HandleFunc(\"HEAD /readyz\", readyz)\n\tr.HandleFunc(\"GET /readyz\", readyz)"), check: "shutdown", want: Pass, message: turns503},
		{name: "gorilla: Methods(http.MethodHead)", files: service(gorilla, gorillaNew, "r.HandleFunc(\"/healthz\", readyz).Methods(http.MethodHead)\n\tr.HandleFunc(\"/readyz\", readyz)"), check: "health", want: Warn,
			message: "/healthz registered only for HEAD"},
		{name: "gorilla: Methods(GET, HEAD)", files: service(gorilla, gorillaNew, "r.HandleFunc(\"/healthz\", readyz).Methods(http.MethodGet, http.MethodHead)\n\tr.HandleFunc(\"/readyz\", readyz)"), check: "health", want: Pass, message: served},
		{name: "gin: HEAD and Match(HEAD, POST)", files: service(gin, ginNew, "r.HEAD(\"/healthz\", gin.WrapF(readyz))\n\tr.Match([]string{http.MethodHead, http.MethodPost}, \"/readyz\", gin.WrapF(readyz))"), check: "health", want: Warn,
			message: "/healthz registered only for HEAD; /readyz registered only for HEAD, POST"},
		{name: "Echo: readiness only on HEAD", files: service(echo, echoNew, "r.GET(\"/healthz\", "+echoReady+")\n\tr.HEAD(\"/readyz\", "+echoReady+")"), check: "shutdown", want: Warn, message: no503},
	})
}
