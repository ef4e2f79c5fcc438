package audit

import (
	"context"
	"strings"
	"testing"
)

// TestPprofVerdicts checks which code counts as the admin listener's token check
// and which server is the public one.
func TestPprofVerdicts(t *testing.T) {
	const unguarded = "pprof is served on a separate listener without authentication"
	const guarded = "pprof is served on a separate listener that checks a token"
	const public = "pprof is served on the public listener"
	runCheckCases(t, []checkCase{
		{
			name:    "an admin server started in a goroutine serves the mux main builds, unguarded",
			files:   mainFiles("example.test/p", goroutineAdminMain("admin")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "an admin server started in a goroutine serves the mux main builds, behind a token",
			files:   mainFiles("example.test/p", goroutineAdminMain(`guard(os.Getenv("ADMIN_TOKEN"), admin)`)),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "an Authorization header set on an outgoing request in main checks nothing",
			files:   mainFiles("example.test/p", pprofTwoServers("registry()", "debug", "api")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "an inline key check main wraps around the public API guards nothing the admin server serves",
			files:   mainFiles("example.test/p", pprofTwoServers("", "debug", "http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tif r.Header.Get(\"Authorization\") != os.Getenv(\"API_KEY\") {\n\t\t\treturn\n\t\t}\n\t\tapi.ServeHTTP(w, r)\n\t})")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "a middleware that sets the Authorization header checks nothing",
			files:   mainFiles("example.test/p", pprofTwoServers("", "forward(debug)", "api")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "the public API's key middleware in the package that mounts the profiles",
			files:   serverPkgFiles("server.API()", "server.Admin()"),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "the key check of the app type serving the API guards nothing its admin method builds",
			files:   serverPkgFiles("server.New()", "server.New().Admin()"),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "profiles on the API mux behind the API key, metrics on loopback",
			files:   mainFiles("example.test/p", publicPprof("127.0.0.1:9090")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "profiles on the API mux behind the API key, metrics on all interfaces",
			files:   mainFiles("example.test/p", publicPprof(":9090")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "profiles on the API mux, metrics on loopback, no key check",
			files:   mainFiles("example.test/p", strings.Replace(publicPprof("127.0.0.1:9090"), "Handler: requireKey(api)", "Handler: api", 1)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "the admin listener wrapped by a bearer-token check, with an outgoing request in main",
			files:   mainFiles("example.test/p", pprofTwoServers("registry()", "bearer(debug)", "api")),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "the admin listener wrapped by a basic-auth check",
			files:   mainFiles("example.test/p", pprofTwoServers("", "basic(debug)", "api")),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "the admin listener serving health and metrics too, wrapped by a basic-auth check",
			files:   mainFiles("example.test/p", strings.Replace(pprofTwoServers("", "basic(debug)", "api"), "debug := http.NewServeMux()\n", "debug := http.NewServeMux()\n\tdebug.HandleFunc(\"GET /healthz\", func(w http.ResponseWriter, r *http.Request) {})\n\tdebug.HandleFunc(\"/metrics\", func(w http.ResponseWriter, r *http.Request) {})\n", 1)),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "a profile handler that checks basic auth itself, beside pprof.Index mounted without a check",
			files:   mainFiles("example.test/p", strings.Replace(pprofTwoServers("", "debug", "api"), "debug.HandleFunc(\"/debug/pprof/profile\", pprof.Profile)", "debug.HandleFunc(\"/debug/pprof/profile\", profile)", 1)),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "a profile handler that checks basic auth itself, the only profile route",
			files:   mainFiles("example.test/p", strings.Replace(strings.Replace(pprofTwoServers("", "debug", "api"), "debug.HandleFunc(\"/debug/pprof/profile\", pprof.Profile)", "debug.HandleFunc(\"/debug/pprof/profile\", profile)", 1), "\tdebug.HandleFunc(\"/debug/pprof/\", pprof.Index)\n", "", 1)),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "a check in a helper function the middleware's refusing if calls",
			files:   mainFiles("example.test/p", pprofTwoServers("", `helper(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name: "a validator comparing in constant time, handed to another module's middleware",
			files: mainFiles("example.test/p", pprofTwoServers("", `authlib.Bearer(debug, func(tok string) bool {
		return subtle.ConstantTimeCompare([]byte(tok), []byte(os.Getenv("PPROF_TOKEN"))) == 1
	})`, "api")),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "a logging middleware that deletes the Authorization header from its copy checks nothing",
			files:   mainFiles("example.test/p", pprofTwoServers("", "redact(debug)", "api")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "a constant-time compare whose failure only logs refuses nothing",
			files:   mainFiles("example.test/p", pprofTwoServers("", `logOnly(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "a constant-time compare whose failure answers 401 but does not return serves the request anyway",
			files:   mainFiles("example.test/p", pprofTwoServers("", `noReturn(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "a failing check that writes the 401 status with WriteHeader and falls through",
			files:   mainFiles("example.test/p", pprofTwoServers("", `noReturnHeader(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "a check skipped while the token is unset (token != \"\" && ...)",
			files:   mainFiles("example.test/p", pprofTwoServers("", `optional(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Warn,
			message: "skips its token check while the token is empty",
		},
		{
			name:    "a middleware that serves every request while the token is unset",
			files:   mainFiles("example.test/p", pprofTwoServers("", `skipUnset(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Warn,
			message: "skips its token check while the token is empty",
		},
		{
			name:    "a token compared with !=",
			files:   mainFiles("example.test/p", pprofTwoServers("", `plain(os.Getenv("PPROF_TOKEN"), debug)`, "api")),
			check:   "pprof",
			want:    Warn,
			message: "without a constant-time compare",
		},
		{
			name:    "the admin mux, behind a token on its own listener, also mounted on the public mux",
			files:   mainFiles("example.test/p", strings.Replace(pprofTwoServers("", "bearer(debug)", "api"), "debug.HandleFunc(\"/debug/pprof/\", pprof.Index)\n", "debug.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\tapi.Handle(\"/ops/\", http.StripPrefix(\"/ops\", debug))\n", 1)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name: "profiles on a gin route group of the public router",
			files: mainFiles("example.test/p", groupMain("gin", `g := r.Group("/debug/pprof")
	g.GET("/", gin.WrapF(pprof.Index))`)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "gin-contrib's pprof registered on a group of the public router",
			files:   mainFiles("example.test/p", groupMain("gin-contrib", `ginpprof.RouteRegister(r.Group("/admin"), "pprof")`)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "gin-contrib's pprof registered on a group variable of the public router",
			files:   mainFiles("example.test/p", groupMain("gin-contrib", "admin := r.Group(\"/admin\")\n\tginpprof.RouteRegister(admin, \"pprof\")")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "gin-contrib's pprof registered on a group with basic auth",
			files:   mainFiles("example.test/p", groupMain("gin-contrib", "admin := r.Group(\"/admin\", gin.BasicAuth(gin.Accounts{\"ops\": \"secret\"}))\n\tginpprof.RouteRegister(admin, \"pprof\")")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name: "profiles from a route table ranged over onto the public mux",
			files: mainFiles("example.test/p", `package main

import (
	"net/http"
	"net/http/pprof"
	"time"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	for p, h := range map[string]http.HandlerFunc{
		"/debug/pprof/":        pprof.Index,
		"/debug/pprof/profile": pprof.Profile,
	} {
		mux.HandleFunc(p, h)
	}
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name: "profiles from a route table variable ranged over onto a loopback mux",
			files: mainFiles("example.test/p", `package main

import (
	"net/http"
	"net/http/pprof"
	"time"
)

func main() {
	api := http.NewServeMux()
	api.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	debug := http.NewServeMux()
	routes := map[string]http.HandlerFunc{"/debug/pprof/": pprof.Index, "/debug/pprof/profile": pprof.Profile}
	for p, h := range routes {
		debug.HandleFunc(p, h)
	}
	go http.ListenAndServe("127.0.0.1:6060", debug)
	srv := &http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`),
			check:   "pprof",
			want:    Warn,
			message: "pprof is served on a separate loopback listener without authentication",
		},
		{
			name: "profiles on an Echo v4 group of the public instance",
			files: mainFiles("example.test/p", groupMain("echo", `g := e.Group("/debug/pprof")
	g.GET("/", echo.WrapHandler(http.HandlerFunc(pprof.Index)))`)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name: "profiles on a gorilla/mux subrouter of the public router",
			files: mainFiles("example.test/p", groupMain("gorilla", `d := r.PathPrefix("/debug/pprof").Subrouter()
	d.HandleFunc("/", pprof.Index)`)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "an admin server with a loopback Addr served on a listener bound to all interfaces",
			files:   mainFiles("example.test/p", listenerAdminMain(`":6060"`)),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name:    "an admin server served on a loopback listener",
			files:   mainFiles("example.test/p", listenerAdminMain(`"127.0.0.1:6060"`)),
			check:   "pprof",
			want:    Warn,
			message: "separate loopback listener without authentication",
		},
		{
			name:    "an admin server served on a listener this audit cannot follow",
			files:   mainFiles("example.test/p", listenerAdminMain(`os.Getenv("ADMIN_ADDR")`)),
			check:   "pprof",
			want:    Fail,
			message: unguarded,
		},
		{
			name: "runtime/pprof writes a heap profile to the response of a public route",
			files: mainFiles("example.test/p", runtimeProfileMain(`mux.HandleFunc("/debug/heap", func(w http.ResponseWriter, r *http.Request) {
		pprof.Lookup("heap").WriteTo(w, 0)
	})`)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "runtime/pprof's CPU profile streamed by a handler function of the public mux",
			files:   mainFiles("example.test/p", runtimeProfileMain(`mux.HandleFunc("/debug/cpu", cpu)`)),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name: "runtime/pprof writing a CPU profile to a file serves nothing",
			files: mainFiles("example.test/p", runtimeProfileMain(`f, _ := os.Create("cpu.out")
	pprof.StartCPUProfile(f)
	defer pprof.StopCPUProfile()`)),
			check:   "pprof",
			want:    Pass,
			message: "pprof is not served",
		},
		{
			name:    "a gops agent on all interfaces",
			files:   mainFiles("example.test/p", runtimeProfileMain(`agent.Listen(agent.Options{Addr: ":6061"})`)),
			check:   "pprof",
			want:    Fail,
			message: "a gops agent listens on :6061, which is not loopback, without authentication",
		},
		{
			name:    "a gops agent on its default loopback address",
			files:   mainFiles("example.test/p", runtimeProfileMain(`agent.Listen(agent.Options{})`)),
			check:   "pprof",
			want:    Warn,
			message: "a gops agent serves stack dumps, heap and CPU profiles on loopback without authentication",
		},
		{
			name:    "a generated package blank-imports net/http/pprof, the server serves http.DefaultServeMux",
			files:   generatedBlankFiles("internal/gen/debug.go", "gen", "\t_ \"example.test/gb/internal/gen\"\n"),
			check:   "pprof",
			want:    Fail,
			message: "the generated file internal/gen/debug.go blank-imports net/http/pprof, which registers /debug/pprof/ on http.DefaultServeMux, which the public server serves",
		},
		{
			name:    "a generated file of package main blank-imports net/http/pprof",
			files:   generatedBlankFiles("debug_gen.go", "main", ""),
			check:   "pprof",
			want:    Fail,
			message: "the generated file debug_gen.go blank-imports net/http/pprof",
		},
		{
			name:    "http.DefaultServeMux, with the blank import, reaches the public server through a struct field",
			files:   defaultFieldFiles("a := &App{Router: http.DefaultServeMux}"),
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves",
		},
		{
			name:    "http.DefaultServeMux assigned to the struct field the public server serves",
			files:   defaultFieldFiles("a := &App{}\n\ta.Router = http.DefaultServeMux"),
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves",
		},
		{
			name:    "a struct field holding a mux of its own",
			files:   defaultFieldFiles("a := &App{Router: http.NewServeMux()}"),
			check:   "pprof",
			want:    Warn,
			message: "nothing serves it now",
		},
		{
			name:    "the generated shape: a handler type whose ServeHTTP checks the bearer token",
			files:   adminTypeFiles(),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
	})
}

// pprofTwoServers returns a main that calls call first (registry() or nothing),
// serves the API mux api on :8080 with the handler public and a mux debug holding
// the profiles on :6060 with the handler admin. Its helpers: registry (an outgoing
// request with an Authorization header), bearer, basic and helper (checks), redact
// (a logging middleware that deletes the header from its copy), optional and
// skipUnset (checks skipped while the token is empty), plain (a compare with !=),
// logOnly (a check whose failure only logs), noReturn and noReturnHeader (a failing
// check that answers 401 but falls through to the handler), forward (sets the
// header for the next hop) and profile (a CPU profile behind basic auth).
func pprofTwoServers(call, admin, public string) string {
	return `package main

import (
	"crypto/subtle"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"time"

	"example.test/authlib"
)

var _ = authlib.Bearer

func registry() {
	req, _ := http.NewRequest(http.MethodPut, os.Getenv("REGISTRY_URL"), nil)
	req.Header.Set("Authorization", "Bearer "+os.Getenv("REGISTRY_TOKEN"))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}

func bearer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+os.Getenv("PPROF_TOKEN"))) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func basic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, pw, ok := r.BasicAuth(); !ok || subtle.ConstantTimeCompare([]byte(u+":"+pw), []byte("ops:"+os.Getenv("PPROF_PASSWORD"))) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func redact(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := r.Header.Clone()
		hdr.Del("Authorization")
		log.Printf("%s %v", r.URL.Path, hdr)
		next.ServeHTTP(w, r)
	})
}

func optional(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func skipUnset(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			next.ServeHTTP(w, r)
			return
		}
		if !authorized(r, token) {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func authorized(r *http.Request, token string) bool {
	return subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) == 1
}

func helper(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !authorized(r, token) {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func plain(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func logOnly(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			log.Printf("request without the token from %s", r.RemoteAddr)
		}
		next.ServeHTTP(w, r)
	})
}

func noReturn(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
		}
		next.ServeHTTP(w, r)
	})
}

func noReturnHeader(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			w.WriteHeader(http.StatusUnauthorized)
		}
		next.ServeHTTP(w, r)
	})
}

func forward(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+os.Getenv("UPSTREAM_TOKEN"))
		next.ServeHTTP(w, r)
	})
}

func profile(w http.ResponseWriter, r *http.Request) {
	if u, pw, ok := r.BasicAuth(); !ok || subtle.ConstantTimeCompare([]byte(u+":"+pw), []byte("ops:"+os.Getenv("PPROF_PASSWORD"))) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	pprof.Profile(w, r)
}

func main() {
	` + call + `
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	debug := http.NewServeMux()
	debug.HandleFunc("/debug/pprof/", pprof.Index)
	debug.HandleFunc("/debug/pprof/profile", pprof.Profile)
	admin := &http.Server{Addr: ":6060", Handler: ` + admin + `, ReadHeaderTimeout: time.Second}
	go admin.ListenAndServe()
	srv := &http.Server{Addr: ":8080", Handler: ` + public + `, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`
}

// serverPkgFiles returns a service whose package server holds the public API behind
// a key check (requireKey, a ServeHTTP method; and app, whose ServeHTTP checks the
// key and whose Admin method mounts the profiles) and the admin mux; main serves
// public on :8080 and admin on :6060.
func serverPkgFiles(public, admin string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/s\n\ngo 1.26\n",
		"internal/server/server.go": `package server

import (
	"net/http"
	"net/http/pprof"
	"os"
)

type requireKey struct{ next http.Handler }

func (k requireKey) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+os.Getenv("API_KEY") {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	k.next.ServeHTTP(w, r)
}

// API returns the public handler.
func API() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/", requireKey{next: http.NotFoundHandler()})
	return mux
}

// Admin returns the profiles.
func Admin() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	return mux
}

type app struct{ mux *http.ServeMux }

// New returns the public API.
func New() *app {
	a := &app{mux: http.NewServeMux()}
	a.mux.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	return a
}

func (a *app) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+os.Getenv("API_KEY") {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	a.mux.ServeHTTP(w, r)
}

// Admin returns the profiles.
func (a *app) Admin() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	return mux
}
`,
		"main.go": `package main

import (
	"net/http"
	"time"

	"example.test/s/internal/server"
)

func main() {
	admin := &http.Server{Addr: ":6060", Handler: ` + admin + `, ReadHeaderTimeout: time.Second}
	go admin.ListenAndServe()
	srv := &http.Server{Addr: ":8080", Handler: ` + public + `, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`,
	}
}

// publicPprof returns a main that mounts the profiles on the API mux, served on
// :8080 behind an API key, and serves metrics on metricsAddr.
func publicPprof(metricsAddr string) string {
	return `package main

import (
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

type app struct {
	public, metrics *http.Server
}

func newApp() *app {
	api := http.NewServeMux()
	api.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	api.HandleFunc("/debug/pprof/", pprof.Index)
	api.HandleFunc("/debug/pprof/profile", pprof.Profile)
	m := http.NewServeMux()
	m.HandleFunc("/metrics", func(w http.ResponseWriter, r *http.Request) {})
	return &app{
		public:  &http.Server{Addr: ":8080", Handler: requireKey(api), ReadHeaderTimeout: time.Second},
		metrics: &http.Server{Addr: "` + metricsAddr + `", Handler: m, ReadHeaderTimeout: time.Second},
	}
}

func requireKey(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+os.Getenv("API_KEY") {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	a := newApp()
	go a.metrics.ListenAndServe()
	a.public.ListenAndServe()
}
`
}

// adminTypeFiles returns a service shaped as the generated ones: package profiles
// holds a Handler whose ServeHTTP checks the bearer token before its mux of
// profiles, built by New; main serves it on the admin listener and a public mux on
// :8080.
func adminTypeFiles() map[string]string {
	return map[string]string{
		"go.mod": "module example.test/g\n\ngo 1.26\n",
		"internal/profiles/profiles.go": `package profiles

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/http/pprof"
	"strings"
)

// Handler serves the profiles to holders of the token.
type Handler struct {
	mux *http.ServeMux
	sum [sha256.Size]byte
}

// New returns the handler, refusing an empty token.
func New(token string) (*Handler, error) {
	if token == "" {
		return nil, errors.New("pprof token is required")
	}
	h := &Handler{mux: http.NewServeMux(), sum: sha256.Sum256([]byte(token))}
	h.mux.HandleFunc("/debug/pprof/", h.index)
	h.mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	return h, nil
}

func (h *Handler) index(w http.ResponseWriter, r *http.Request) { pprof.Index(w, r) }

// ServeHTTP checks the token.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	sum := sha256.Sum256([]byte(token))
	if subtle.ConstantTimeCompare(sum[:], h.sum[:]) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	h.mux.ServeHTTP(w, r)
}
`,
		"main.go": `package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"example.test/g/internal/profiles"
)

func main() {
	h, err := profiles.New(os.Getenv("PPROF_TOKEN"))
	if err != nil {
		log.Fatal(err)
	}
	admin := &http.Server{Addr: os.Getenv("ADMIN_ADDR"), Handler: h, ReadHeaderTimeout: time.Second}
	go admin.ListenAndServe()
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`,
	}
}

// goroutineAdminMain returns a service that builds its API mux and its admin mux (the
// profiles and a log level route) in main, and starts the admin server, whose handler
// is handler, in a goroutine's function literal.
func goroutineAdminMain(handler string) string {
	return `package main

import (
	"crypto/subtle"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

` + guardFunc + `
func main() {
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	admin := http.NewServeMux()
	admin.HandleFunc("/debug/pprof/", pprof.Index)
	admin.HandleFunc("/debug/pprof/profile", pprof.Profile)
	admin.HandleFunc("/loglevel", func(w http.ResponseWriter, r *http.Request) {})
	go func() {
		srv := &http.Server{Addr: ":6060", Handler: ` + handler + `, ReadHeaderTimeout: time.Second}
		log.Fatal(srv.ListenAndServe())
	}()
	srv := &http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}
	log.Fatal(srv.ListenAndServe())
}

var _ = os.Getenv
`
}

// guardFunc is the source of a middleware that answers 401 unless the request
// carries the bearer token, compared in constant time: an admin listener's check.
const guardFunc = `func guard(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
`

// wireFiles returns a service assembled by a Wire injector: hand-written providers
// (a mux that mounts handlers, a server built from it) that only the generated
// wire_gen.go connects, beside its wireinject template, which declares the injector
// again under a build constraint.
func wireFiles(mounts string) map[string]string {
	files := map[string]string{
		"go.mod": "module example.test/wired\n\ngo 1.26\n",
		"internal/app/providers.go": `// Package app holds the providers the injector assembles.
package app

import (
	"net/http"
	"net/http/pprof"
	"time"
)

// NewMux returns the public router.
func NewMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {})
	` + mounts + `
	return mux
}

// NewServer returns the public server.
func NewServer(mux *http.ServeMux) *http.Server {
	return &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
}
`,
		"cmd/api/wire.go": `//go:build wireinject

package main

import (
	"net/http"

	"github.com/google/wire"

	"example.test/wired/internal/app"
)

func initializeServer() *http.Server {
	wire.Build(app.NewMux, app.NewServer)
	return nil
}
`,
		"cmd/api/wire_gen.go": `// Code generated by Wire. DO NOT EDIT.

//go:generate go run github.com/google/wire/cmd/wire
//go:build !wireinject

package main

import (
	"net/http"

	"example.test/wired/internal/app"
)

func initializeServer() *http.Server {
	serveMux := app.NewMux()
	server := app.NewServer(serveMux)
	return server
}
`,
		"cmd/api/main.go": `package main

import "log"

func main() {
	srv := initializeServer()
	log.Fatal(srv.ListenAndServe())
}
`,
	}
	if !strings.Contains(mounts, "pprof.") {
		files["internal/app/providers.go"] = strings.Replace(files["internal/app/providers.go"], "\t\"net/http/pprof\"\n", "", 1)
	}
	return files
}

// TestGeneratedInjector audits a program whose parts only generated code connects:
// the calls of the generated injector are followed, and no evidence is in it.
func TestGeneratedInjector(t *testing.T) {
	tests := []struct {
		name, mounts string
		want         map[string]Status
	}{
		{
			name:   "profiles on the mux the injector hands to the server",
			mounts: `mux.HandleFunc("/debug/pprof/", pprof.Index)`,
			want:   map[string]Status{"pprof": Fail, "timeouts": Pass, "health": Pass, "shutdown": Fail},
		},
		{
			name:   "no profiles",
			mounts: `mux.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {})`,
			want:   map[string]Status{"pprof": Pass, "timeouts": Pass, "health": Pass, "shutdown": Fail},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openInline(t, wireFiles(tt.mounts)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, res := range rep.Results {
				for _, e := range res.Evidence {
					if strings.HasPrefix(e.File, "cmd/api/wire") {
						t.Errorf("%s: evidence %s:%d is the injector or its template", res.Check, e.File, e.Line)
					}
				}
				if want, ok := tt.want[res.Check]; ok && res.Status != want {
					t.Errorf("%s: %s %q, want %s", res.Check, res.Status, res.Message, want)
				}
				if res.Check == "timeouts" && (len(res.Evidence) == 0 || res.Evidence[0].File != "internal/app/providers.go") {
					t.Errorf("timeouts evidence %+v, want the server literal of the provider", res.Evidence)
				}
			}
		})
	}
}

// groupMain returns a main that serves a public router of kind (gin, gin-contrib,
// echo or gorilla) with an API route and mounts, the code that mounts profiles on
// a group or subrouter of it.
func groupMain(kind, mounts string) string {
	switch kind {
	case "gin", "gin-contrib":
		return `package main

import (
	"net/http/pprof"

	ginpprof "github.com/gin-contrib/pprof"
	"github.com/gin-gonic/gin"
)

var _ = ginpprof.Register
var _ = pprof.Index

func main() {
	r := gin.New()
	r.GET("/v1/orders", func(c *gin.Context) {})
	` + mounts + `
	r.Run(":8080")
}
`
	case "echo":
		return `package main

import (
	"net/http"
	"net/http/pprof"

	"github.com/labstack/echo/v4"
)

func main() {
	e := echo.New()
	e.GET("/v1/orders", func(c echo.Context) error { return nil })
	` + mounts + `
	e.Start(":8080")
}
`
	}
	return `package main

import (
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/gorilla/mux"
)

func main() {
	r := mux.NewRouter()
	r.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	` + mounts + `
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`
}

// listenerAdminMain returns a main whose admin server, its Addr on loopback, serves
// the profiles with Serve on a listener made by net.Listen("tcp", addr).
func listenerAdminMain(addr string) string {
	return `package main

import (
	"log"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

func main() {
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	dbg := http.NewServeMux()
	dbg.HandleFunc("/debug/pprof/", pprof.Index)
	admin := &http.Server{Addr: "127.0.0.1:6060", Handler: dbg, ReadHeaderTimeout: time.Second}
	ln, err := net.Listen("tcp", ` + addr + `)
	if err != nil {
		log.Fatal(err)
	}
	go admin.Serve(ln)
	srv := &http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}

var _ = os.Getenv
`
}

// runtimeProfileMain returns a main that runs code, then serves mux, which has an
// API route, on :8080; cpu is a handler that streams a CPU profile with
// runtime/pprof.
func runtimeProfileMain(code string) string {
	return `package main

import (
	"net/http"
	"os"
	"runtime/pprof"
	"time"

	"github.com/google/gops/agent"
)

var (
	_ = agent.Close
	_ = os.Create
)

func cpu(w http.ResponseWriter, r *http.Request) {
	if err := pprof.StartCPUProfile(w); err != nil {
		return
	}
	time.Sleep(10 * time.Second)
	pprof.StopCPUProfile()
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	` + code + `
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`
}

// generatedBlankFiles returns a service whose generated file name, of package pkg,
// blank-imports net/http/pprof; main, with imports added to its import block, serves
// http.DefaultServeMux.
func generatedBlankFiles(name, pkg, imports string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/gb\n\ngo 1.26\n",
		name:     "// Code generated by debuggen. DO NOT EDIT.\n\npackage " + pkg + "\n\nimport _ \"net/http/pprof\"\n",
		"main.go": `package main

import (
	"net/http"
	"time"
` + imports + `)

func main() {
	http.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`,
	}
}

// defaultFieldFiles returns a service whose package app builds an App with build
// (which sets its Router field) and whose main blank-imports net/http/pprof and
// serves a.Router.
func defaultFieldFiles(build string) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/df\n\ngo 1.26\n",
		"internal/app/app.go": `package app

import "net/http"

// App holds the router.
type App struct {
	Router *http.ServeMux
}

// New returns the app.
func New() *App {
	` + build + `
	a.Router.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	return a
}
`,
		"main.go": `package main

import (
	"net/http"
	_ "net/http/pprof"
	"time"

	"example.test/df/internal/app"
)

func main() {
	a := app.New()
	srv := &http.Server{Addr: ":8080", Handler: a.Router, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`,
	}
}

// TestPprofStructFields checks a constructor that fills a struct with the public mux
// and an admin mux: profiles mounted on the admin field do not make the server of the
// other field public, unless the admin field reaches it.
func TestPprofStructFields(t *testing.T) {
	const guarded = "pprof is served on a separate listener that checks a token"
	const public = "pprof is served on the public listener"
	runCheckCases(t, []checkCase{
		{
			name:    "profiles on the admin field, the public server serves the api field",
			files:   mainFiles("example.test/f", structFieldsMain(`s.admin.HandleFunc("/debug/pprof/", pprof.Index)`, "s.api", "guard(s.admin)")),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "profiles on the admin field, wrapped public handler",
			files:   mainFiles("example.test/f", structFieldsMain(`s.admin.Handle("/debug/pprof/", http.HandlerFunc(pprof.Index))`, "http.TimeoutHandler(s.api, time.Second, \"\")", "guard(s.admin)")),
			check:   "pprof",
			want:    Pass,
			message: guarded,
		},
		{
			name:    "the public server serves the admin field",
			files:   mainFiles("example.test/f", structFieldsMain(`s.admin.HandleFunc("/debug/pprof/", pprof.Index)`, "s.admin", "guard(s.api)")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "profiles on the api field",
			files:   mainFiles("example.test/f", structFieldsMain(`s.api.HandleFunc("/debug/pprof/", pprof.Index)`, "s.api", "guard(s.admin)")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "the admin field is mounted on the api field",
			files:   mainFiles("example.test/f", structFieldsMain("s.admin.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\ts.api.Handle(\"/debug/\", s.admin)", "s.api", "guard(s.admin)")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
		{
			name:    "profiles mounted by a helper the constructor hands the struct to",
			files:   mainFiles("example.test/f", structFieldsMain("debug(s)", "s.api", "guard(s.admin)")),
			check:   "pprof",
			want:    Fail,
			message: public,
		},
	})
}

// TestPprofMethodHandler checks an admin handler a method of the app builds: a method
// that does not use its receiver builds a mux of its own, so the app's public routes
// do not make the admin server public; one that uses it may mount on the app's mux.
func TestPprofMethodHandler(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "a method building a mux of its own",
			files:   mainFiles("example.test/d", methodHandlerMain("m := http.NewServeMux()\n\tm.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\treturn m")),
			check:   "pprof",
			want:    Pass,
			message: "pprof is served on a separate listener that checks a token",
		},
		{
			name:    "a method mounting on the app's mux and returning another",
			files:   mainFiles("example.test/d", methodHandlerMain("a.api.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\treturn http.NewServeMux()")),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
		{
			name:    "a method returning the app's mux",
			files:   mainFiles("example.test/d", methodHandlerMain("a.api.HandleFunc(\"/debug/pprof/\", pprof.Index)\n\treturn a.api")),
			check:   "pprof",
			want:    Fail,
			message: "pprof is served on the public listener",
		},
	})
}

// methodHandlerMain returns a service that serves the app's mux publicly and, on
// loopback behind a token, what the method debug (of body) returns.
func methodHandlerMain(body string) string {
	return `package main

import (
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

type app struct {
	api *http.ServeMux
}

func (a *app) debug() http.Handler {
	` + body + `
}

func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := os.Getenv("ADMIN_TOKEN")
		if token == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	a := &app{api: http.NewServeMux()}
	a.api.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	dbg := a.debug()
	adm := &http.Server{Addr: "127.0.0.1:6060", Handler: guard(dbg), ReadHeaderTimeout: time.Second}
	go adm.ListenAndServe()
	pub := &http.Server{Addr: ":8080", Handler: a.api, ReadHeaderTimeout: time.Second}
	pub.ListenAndServe()
}
`
}

// structFieldsMain returns a service whose constructor newApp fills a struct with an
// api and an admin mux, runs mount there, and serves public on :8080 and admin on
// loopback.
func structFieldsMain(mount, public, admin string) string {
	return `package main

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type app struct {
	api   *http.ServeMux
	admin *http.ServeMux
}

func newApp() *app {
	s := &app{api: http.NewServeMux(), admin: http.NewServeMux()}
	s.api.HandleFunc("/v1/orders", func(w http.ResponseWriter, r *http.Request) {})
	` + mount + `
	return s
}

func debug(s *app) {
	s.api.HandleFunc("/debug/pprof/", pprof.Index)
}

func guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := os.Getenv("ADMIN_TOKEN")
		if token == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func main() {
	s := newApp()
	pub := &http.Server{Addr: ":8080", Handler: ` + public + `, ReadHeaderTimeout: time.Second}
	adm := &http.Server{Addr: "127.0.0.1:6060", Handler: ` + admin + `, ReadHeaderTimeout: time.Second}
	go adm.ListenAndServe()
	go pub.ListenAndServe()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	<-ctx.Done()
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	pub.Shutdown(c)
	adm.Shutdown(c)
}
`
}

// TestPprofRouterField checks that a router serves what a field of it holds: gorilla's
// r.NotFoundHandler = http.DefaultServeMux serves the blank import's profiles, and
// the routes registered there, on every path the router does not know.
func TestPprofRouterField(t *testing.T) {
	const public = "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux, which the public server's handler serves"
	const unserved = "nothing serves it now"
	runCheckCases(t, []checkCase{
		{name: "NotFoundHandler set to http.DefaultServeMux in main", files: routerFieldFiles("r.NotFoundHandler = http.DefaultServeMux", ""),
			check: "pprof", want: Fail, message: public},
		{name: "MethodNotAllowedHandler set by a function main calls with the router", files: routerFieldFiles("fallback(r)", "r.MethodNotAllowedHandler = http.DefaultServeMux"),
			check: "pprof", want: Fail, message: public},
		{name: "NotFoundHandler set to a mux http.DefaultServeMux is mounted on", files: routerFieldFiles("dbg := http.NewServeMux()\n\tdbg.Handle(\"/debug/\", http.DefaultServeMux)\n\tr.NotFoundHandler = dbg", ""),
			check: "pprof", want: Fail, message: public},
		{name: "NotFoundHandler set to another handler", files: routerFieldFiles("r.NotFoundHandler = http.NotFoundHandler()", ""),
			check: "pprof", want: Warn, message: unserved},
		{name: "a health route on http.DefaultServeMux reached through NotFoundHandler", files: routerFieldFiles("r.NotFoundHandler = http.DefaultServeMux\n\thttp.HandleFunc(\"/healthz\", func(http.ResponseWriter, *http.Request) {})", ""),
			check: "health", want: Pass, message: "/healthz"},
		{name: "http.DefaultServeMux set on a router no server serves", files: routerFieldFiles("other := mux.NewRouter()\n\tother.NotFoundHandler = http.DefaultServeMux\n\t_ = other", ""),
			check: "pprof", want: Warn, message: unserved},
	})
}

// routerFieldFiles returns a service whose public server serves a gorilla/mux router
// r, with set run on it in main and helper the body of fallback(r *mux.Router).
func routerFieldFiles(set, helper string) map[string]string {
	return map[string]string{"go.mod": "module example.test/rf\n\ngo 1.26\n\nrequire github.com/gorilla/mux v1.8.1\n", "main.go": `package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"
	"time"

	"github.com/gorilla/mux"
)

func fallback(r *mux.Router) {
	` + helper + `
}

func main() {
	r := mux.NewRouter()
	r.HandleFunc("/orders", func(w http.ResponseWriter, _ *http.Request) {}).Methods(http.MethodGet)
	` + set + `
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`}
}

// TestPprofVendored audits a vendored dependency that imports net/http/pprof, which
// registers the profiles on http.DefaultServeMux: FAIL when the program imports it
// and serves DefaultServeMux, not when the dependency is not in the program.
func TestPprofVendored(t *testing.T) {
	files := func(handler, imports string, vendor map[string]string) map[string]string {
		out := map[string]string{
			"go.mod":             "module example.test/v\n\ngo 1.25\n\nrequire example.test/kit v1.0.0\n",
			"vendor/modules.txt": "# example.test/kit v1.0.0\n## explicit\nexample.test/kit\n",
			"main.go": `package main

import (
	"log"
	"net/http"
	"time"
` + imports + `
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: ` + handler + `, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`,
		}
		for k, v := range vendor {
			out["vendor/"+k] = v
		}
		return out
	}
	kit := map[string]string{"example.test/kit/kit.go": "package kit\n\nimport _ \"example.test/kit/debug\"\n\nfunc Init() {}\n", "example.test/kit/debug/debug.go": "package debug\n\nimport _ \"net/http/pprof\"\n"}
	const uses = "\n\t\"example.test/kit\"\n)\n\nvar _ = kit.Init\n\nvar (\n\t_ = 0"
	runCheckCases(t, []checkCase{
		{name: "DefaultServeMux served, a vendored package imported imports it", files: files("nil", uses, kit), check: "pprof", want: Fail,
			message: "the vendored package example.test/kit/debug, which the program imports through example.test/kit, imports net/http/pprof (vendor/example.test/kit/debug/debug.go:3), which registers /debug/pprof/ on http.DefaultServeMux, which the public server serves"},
		{name: "a ServeMux of its own served", files: files("http.NewServeMux()", uses, kit), check: "pprof", want: Pass, message: "pprof is not served"},
		{name: "DefaultServeMux served, the vendored package not imported", files: files("nil", "", kit), check: "pprof", want: Pass, message: "pprof is not served"},
	})
	// The vendored file is read for its imports only, but its evidence carries the
	// line like any other.
	res := auditInlineAt(t, files("nil", uses, kit), "", "pprof")
	const file = "vendor/example.test/kit/debug/debug.go"
	found := false
	for _, e := range res.Evidence {
		if e.File == file {
			found = true
			if e.Line != 3 || e.Snippet != `import _ "net/http/pprof"` {
				t.Errorf("evidence %s:%d %q, want line 3 `import _ \"net/http/pprof\"`", e.File, e.Line, e.Snippet)
			}
		}
	}
	if !found {
		t.Errorf("no evidence in %s: %+v", file, res.Evidence)
	}
}

// localGuardMain returns a service whose admin mux serves the profiles on adminAddr
// with handler as the admin server's Handler, and guard, a token middleware
// written as a function literal held in a local variable (body is its check).
func localGuardMain(adminAddr, handler, body string) string {
	return `package main

import (
	"crypto/subtle"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

func main() {
	token := os.Getenv("PPROF_TOKEN")
	if len(token) < 32 {
		log.Fatal("PPROF_TOKEN must be set (32+ characters)")
	}
	admin := http.NewServeMux()
	admin.HandleFunc("/debug/pprof/", pprof.Index)
	guard := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
` + body + `
			next.ServeHTTP(w, r)
		})
	}
	adminSrv := &http.Server{Addr: "` + adminAddr + `", Handler: ` + handler + `, ReadHeaderTimeout: 5 * time.Second}
	go adminSrv.ListenAndServe()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`
}

// TestPprofLocalGuard audits an admin server whose handler a token middleware held
// in a local variable wraps (guard := func(next http.Handler) http.Handler {...};
// Handler: guard(admin)): the literal is on the requests' path, as a function of
// the program would be, so its check counts; one that refuses nothing, or a guard
// the server does not serve, does not.
func TestPprofLocalGuard(t *testing.T) {
	const refuses = "\t\t\tif subtle.ConstantTimeCompare([]byte(r.Header.Get(\"Authorization\")), []byte(\"Bearer \"+token)) != 1 {\n\t\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\t\treturn\n\t\t\t}"
	const logs = "\t\t\tif subtle.ConstantTimeCompare([]byte(r.Header.Get(\"Authorization\")), []byte(\"Bearer \"+token)) != 1 {\n\t\t\t\tlog.Print(\"no token\")\n\t\t\t}"
	const guarded = "pprof is served on a separate listener that checks a token"
	files := func(main string) map[string]string {
		return map[string]string{"go.mod": "module example.test/p\n\ngo 1.26\n", "cmd/api/main.go": main}
	}
	runCheckCases(t, []checkCase{
		{name: "on all interfaces", files: files(localGuardMain(":6060", "guard(admin)", refuses)), check: "pprof", want: Pass, message: guarded},
		{name: "on loopback", files: files(localGuardMain("127.0.0.1:6060", "guard(admin)", refuses)), check: "pprof", want: Pass, message: guarded},
		{name: "a check that refuses nothing", files: files(localGuardMain(":6060", "guard(admin)", logs)), check: "pprof", want: Fail, message: "without authentication"},
		{name: "the guard not served", files: files(localGuardMain("127.0.0.1:6060", "admin", refuses)), check: "pprof", want: Warn, message: "without authentication"},
	})
}
