package audit

import (
	"strings"
	"testing"
)

// TestProbeServedPaths audits probes against the paths routes are served at, not
// the literals they are written with: a route of a chi Route or gin Group is served
// below the group's prefix, and so is one of a router mounted below a prefix (chi's
// Mount, a ServeMux handed to http.StripPrefix). A livenessProbe (health) or
// readinessProbe (shutdown) asking the bare literal gets 404: WARN; one asking the
// served path is PASS; a router mounted below a prefix that is not a constant is
// served nowhere known: no PASS.
func TestProbeServedPaths(t *testing.T) {
	const live = `func(w http.ResponseWriter, _ *http.Request) {}`
	service := func(imports, routes, ready, liveness string) map[string]string {
		return withFiles(mainFiles("example.test/s", readyMain(imports, strings.NewReplacer("ROUTES", routes, "LIVE", live).Replace(`ROUTES
	srv := &http.Server{Addr: ":8080", Handler: root, ReadHeaderTimeout: time.Second}
	ready.Store(true)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)`))), map[string]string{
			"deploy/deployment.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: s\nspec:\n  template:\n    spec:\n      containers:\n        - name: s\n          image: ghcr.io/acme/s:1.0\n" +
				"          readinessProbe:\n            httpGet: {path: " + ready + ", port: 8080}\n" +
				"          livenessProbe:\n            httpGet: {path: " + liveness + ", port: 8080}\n",
		})
	}
	const chi = "\n\t\"github.com/go-chi/chi/v5\""
	routers := []struct {
		name, imports, routes string
	}{
		{"chi Route", chi, `root := chi.NewRouter()
	root.Route("/ops", func(ops chi.Router) {
		ops.Get("/healthz", LIVE)
		ops.Get("/readyz", readyz)
	})`},
		{"chi Mount", chi, `ops := chi.NewRouter()
	ops.Get("/healthz", LIVE)
	ops.Get("/readyz", readyz)
	root := chi.NewRouter()
	root.Mount("/ops", ops)`},
		{"chi Mount of a group's router", chi, `ops := chi.NewRouter()
	v1 := ops.With()
	v1.Get("/healthz", LIVE)
	v1.Get("/readyz", readyz)
	root := chi.NewRouter()
	root.Mount("/ops", ops)`},
		{"ServeMux under http.StripPrefix", "", `ops := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle("/ops/", http.StripPrefix("/ops", ops))
	ops.HandleFunc("/healthz", LIVE)
	ops.HandleFunc("/readyz", readyz)`},
		{"gorilla/mux PathPrefix under http.StripPrefix", "\n\t\"github.com/gorilla/mux\"", `ops := mux.NewRouter()
	ops.HandleFunc("/healthz", LIVE)
	ops.HandleFunc("/readyz", readyz)
	root := mux.NewRouter()
	root.PathPrefix("/ops").Handler(http.StripPrefix("/ops", ops))`},
		{"gorilla/mux PathPrefix with a slash under http.StripPrefix", "\n\t\"github.com/gorilla/mux\"", `ops := mux.NewRouter()
	ops.HandleFunc("/healthz", LIVE)
	ops.HandleFunc("/readyz", readyz)
	root := mux.NewRouter()
	root.PathPrefix("/ops/").Handler(http.StripPrefix("/ops", ops))`},
		// A one-argument Handler that mounts nothing: a ServeMux's Handler(req).
		{"ServeMux under http.StripPrefix, its Handler(req) called", "", `ops := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle("/ops/", http.StripPrefix("/ops", ops))
	ops.HandleFunc("/healthz", LIVE)
	ops.HandleFunc("/readyz", readyz)
	req, _ := http.NewRequest(http.MethodGet, "/ops/healthz", nil)
	_, pattern := root.Handler(req)
	log.Println(pattern)`},
	}
	var cases []checkCase
	for _, r := range routers {
		cases = append(cases,
			checkCase{name: r.name + ": the livenessProbe asks the bare path", files: service(r.imports, r.routes, "/ops/readyz", "/healthz"), check: "health", want: Warn,
				message: "the livenessProbe asks /healthz, which no route of the program registers (it registers "},
			checkCase{name: r.name + ": the readinessProbe asks the bare path", files: service(r.imports, r.routes, "/readyz", "/ops/healthz"), check: "shutdown", want: Warn,
				message: "the readinessProbe asks /readyz, which no route of the program registers"},
			checkCase{name: r.name + ": the probes ask the served paths", files: service(r.imports, r.routes, "/ops/readyz", "/ops/healthz"), check: "health", want: Pass,
				message: "health endpoints: /ops/healthz, /ops/readyz"},
			checkCase{name: r.name + ": the readinessProbe asks the served path", files: service(r.imports, r.routes, "/ops/readyz", "/ops/healthz"), check: "shutdown", want: Pass,
				message: "readiness turns 503"},
		)
	}
	gin := `root := gin.New()
	ops := root.Group("/ops")
	ops.GET("/healthz", func(c *gin.Context) {})
	ops.GET("/readyz", gin.WrapF(readyz))`
	unknown := `ops := chi.NewRouter()
	ops.Get("/healthz", LIVE)
	ops.Get("/readyz", readyz)
	root := chi.NewRouter()
	root.Mount(os.Getenv("PREFIX"), ops)`
	// http.StripPrefix registered under a pattern that does not serve the paths below
	// its prefix as it strips them: an exact pattern answers 404 there, another
	// subtree strips nothing of its paths, a prefix ending in "/" leaves a path the
	// mux redirects. None is PASS.
	strip := func(pattern, prefix string) string {
		return `ops := http.NewServeMux()
	root := http.NewServeMux()
	root.Handle("` + pattern + `", http.StripPrefix("` + prefix + `", ops))
	ops.HandleFunc("/healthz", LIVE)
	ops.HandleFunc("/readyz", readyz)`
	}
	for _, tt := range []struct {
		name, pattern, prefix string
		want                  Status
	}{
		{"exact pattern", "/ops", "/ops", Warn},
		{"another subtree", "/admin/", "/ops", Warn},
		{"prefix ending in a slash", "/ops/", "/ops/", Unknown},
		{"method in the pattern", "GET /ops/", "/ops", Pass},
	} {
		cases = append(cases, checkCase{name: "http.StripPrefix, " + tt.name + ": the probes ask the paths below the prefix", files: service("", strip(tt.pattern, tt.prefix), "/ops/readyz", "/ops/healthz"), check: "health", want: tt.want})
	}
	// A router mounted below a prefix that is also served by itself, through a
	// wrapper or another variable, serves its bare paths too.
	both := `ops := http.NewServeMux()
	ops.HandleFunc("/healthz", LIVE)
	ops.HandleFunc("/readyz", readyz)
	admin := http.NewServeMux()
	admin.Handle("/ops/", http.StripPrefix("/ops", ops))
	go func() { _ = http.ListenAndServe(":9090", admin) }()
	root := http.TimeoutHandler(ops, time.Second, "")`
	cases = append(cases,
		checkCase{name: "ServeMux mounted and served through a wrapper: the probes ask the bare paths", files: service("", both, "/readyz", "/healthz"), check: "health", want: Pass,
			message: "health endpoints: /ops/healthz, /healthz, /ops/readyz, /readyz"},
		checkCase{name: "gin Group: the livenessProbe asks the bare path", files: service("\n\t\"github.com/gin-gonic/gin\"", gin, "/ops/readyz", "/healthz"), check: "health", want: Warn,
			message: "the livenessProbe asks /healthz, which no route of the program registers"},
		checkCase{name: "gin Group: the probes ask the served paths", files: service("\n\t\"github.com/gin-gonic/gin\"", gin, "/ops/readyz", "/ops/healthz"), check: "health", want: Pass,
			message: "health endpoints: /ops/healthz, /ops/readyz"},
		checkCase{name: "chi Mount below a prefix not a constant: the livenessProbe asks the bare path", files: service(chi, unknown, "/readyz", "/healthz"), check: "health", want: Unknown,
			message: "has a path that is not a constant"},
	)
	runCheckCases(t, cases)
}
