package audit

import (
	"context"
	"strings"
	"testing"
)

// TestReachingVerdicts audits repositories written to a temporary directory whose
// verdict depends on the value a local variable holds where it is read, not on any
// value it is ever assigned: a handler replaced before it is served, a timeout set
// to zero afterwards (always, or under a condition), a signal list replaced.
func TestReachingVerdicts(t *testing.T) {
	for _, tt := range []checkCase{
		{
			name:    "pprof: the token check kept by the wrapper that replaces it",
			files:   tokenAdminFiles("h = logRequests(h)"),
			check:   "pprof",
			want:    Pass,
			message: "separate listener that checks a token",
		},
		{
			name:    "pprof: the token-checked handler replaced by a wrapper of the bare admin mux",
			files:   tokenAdminFiles("h = logRequests(admin)"),
			check:   "pprof",
			want:    Fail,
			message: "separate listener without authentication",
		},
		{
			name:    "pprof: the token-checked handler replaced under a condition",
			files:   tokenAdminFiles("if os.Getenv(\"DEBUG\") != \"\" {\n\t\th = logRequests(admin)\n\t}"),
			check:   "pprof",
			want:    Unknown,
			message: "checks a token on some paths only: it serves h, which may be logRequests(admin)",
		},
		{
			name:    "otel: the tracing handler replaced under a condition",
			files:   otelHandlerFiles("if os.Getenv(\"DEBUG\") != \"\" {\n\t\thandler = logging(mux)\n\t}"),
			check:   "otel",
			want:    Unknown,
			message: "tracing middleware wraps the router on some paths only: a server serves handler, which may be logging(mux)",
		},
		{
			name:    "otel: the tracing handler kept by the wrapper that replaces it",
			files:   otelHandlerFiles("handler = logging(handler)"),
			check:   "otel",
			want:    Pass,
			message: "tracing middleware wraps the router",
		},
		{
			name:    "otel: the tracing handler replaced by a wrapper of the bare mux",
			files:   otelHandlerFiles("handler = logging(mux)"),
			check:   "otel",
			want:    Warn,
			message: "the tracing handler built is not what is served",
		},
		{
			name:    "timeouts: a timeout variable replaced by another positive one",
			files:   reassignedMain("timeout := 5 * time.Second\n\ttimeout = 10 * time.Second", "timeout", "sigs..."),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: a timeout variable set to zero before the server is built",
			files:   reassignedMain("timeout := 5 * time.Second\n\ttimeout = 0", "timeout", "sigs..."),
			check:   "timeouts",
			want:    Fail,
			message: "ReadHeaderTimeout or ReadTimeout is zero or negative",
		},
		{
			name:    "timeouts: a timeout variable set to zero under a condition",
			files:   reassignedMain("timeout := 5 * time.Second\n\tif os.Getenv(\"DEBUG\") != \"\" {\n\t\ttimeout = 0\n\t}", "timeout", "sigs..."),
			check:   "timeouts",
			want:    Unknown,
			message: "get a read timeout only under a condition",
		},
		{
			name:    "timeouts: a timeout variable doubled in a loop",
			files:   reassignedMain("timeout := 5 * time.Second\n\tfor i := 0; i < 2; i++ {\n\t\ttimeout = timeout * 2\n\t}", "timeout", "sigs..."),
			check:   "timeouts",
			want:    Pass,
			message: "every server sets a read timeout",
		},
		{
			name:    "timeouts: a timeout variable set to zero in a loop after a server is built, for the next turn's",
			files:   reassignedMain("timeout := 5 * time.Second\n\tfor i := 0; i < 2; i++ {\n\t\tadmin := &http.Server{Addr: \":9090\", Handler: mux, ReadHeaderTimeout: timeout}\n\t\tgo admin.ListenAndServe()\n\t\ttimeout = 0\n\t}", "5 * time.Second", "sigs..."),
			check:   "timeouts",
			want:    Unknown,
			message: "get a read timeout only under a condition",
		},
		{
			name:    "shutdown: a signal list replaced by one without SIGTERM",
			files:   reassignedMain("sigs = []os.Signal{os.Interrupt}", "5 * time.Second", "sigs..."),
			check:   "shutdown",
			want:    Fail,
			message: "only os.Interrupt (SIGINT) is caught",
		},
		{
			name:    "shutdown: a signal list replaced under a condition by one without SIGTERM",
			files:   reassignedMain("if os.Getenv(\"DEBUG\") != \"\" {\n\t\tsigs = []os.Signal{os.Interrupt}\n\t}", "5 * time.Second", "sigs..."),
			check:   "shutdown",
			want:    Unknown,
			message: "whether SIGTERM is caught cannot be told: sigs holds SIGTERM on some paths only",
		},
		{
			name:    "shutdown: a signal list replaced under a condition by one that keeps SIGTERM",
			files:   reassignedMain("if os.Getenv(\"DEBUG\") != \"\" {\n\t\tsigs = []os.Signal{syscall.SIGTERM}\n\t}", "5 * time.Second", "sigs..."),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
		{
			name:    "shutdown: a signal list that SIGTERM is appended to",
			files:   reassignedMain("sigs = []os.Signal{os.Interrupt}\n\tsigs = append(sigs, syscall.SIGTERM)", "5 * time.Second", "sigs..."),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
		{
			name:    "shutdown: a drain timeout variable set to zero before the drain",
			files:   reassignedMain("drain := 10 * time.Second\n\tdrain = 0", "5 * time.Second", "sigs...", "drain"),
			check:   "shutdown",
			want:    Fail,
			message: "a zero or negative timeout",
		},
		{
			name:    "shutdown: a drain timeout variable replaced by another positive one",
			files:   reassignedMain("drain := 0 * time.Second\n\tdrain = 10 * time.Second", "5 * time.Second", "sigs...", "drain"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := Run(context.Background(), openTempRepo(t, tt.files), Options{Only: []string{tt.check}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1: %+v", len(rep.Results), rep.Results)
			}
			res := rep.Results[0]
			if res.Status != tt.want || !strings.Contains(res.Message, tt.message) {
				t.Fatalf("%s: %s %q\n\twant %s with %q", tt.check, res.Status, res.Message, tt.want, tt.message)
			}
		})
	}
}

// tokenAdminFiles returns a service whose admin listener on :6060 serves the
// profiles through h, first a token check around the admin mux (the token required
// at start), then what replace, a statement after it, leaves in h.
func tokenAdminFiles(replace string) map[string]string {
	return map[string]string{
		"go.mod": "module example.com/acme/api\n\ngo 1.26\n",
		"go.sum": "",
		"cmd/api/main.go": `package main

import (
	"context"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
	})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	startAdmin()
	go func() { log.Println(srv.ListenAndServe()) }()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`,
		"cmd/api/admin.go": `package main

import (
	"crypto/subtle"
	"log"
	"net/http"
	"net/http/pprof"
	"os"
	"time"
)

func requireToken(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+token)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Println(r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

func startAdmin() {
	token := os.Getenv("PPROF_TOKEN")
	if len(token) < 32 {
		log.Fatal("PPROF_TOKEN must be at least 32 bytes")
	}
	admin := http.NewServeMux()
	admin.HandleFunc("/debug/pprof/", pprof.Index)
	admin.HandleFunc("/debug/pprof/profile", pprof.Profile)
	var h http.Handler = requireToken(token, admin)
	` + replace + `
	srv := &http.Server{Addr: ":6060", Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { log.Println(srv.ListenAndServe()) }()
}
`,
	}
}

// otelHandlerFiles returns a service with a TracerProvider and a propagator whose
// server serves handler, first otelhttp's handler around the mux, then what
// replace, a statement after it, leaves in it.
func otelHandlerFiles(replace string) map[string]string {
	return map[string]string{
		"go.mod": "module example.com/acme/api\n\ngo 1.26\n",
		"go.sum": "",
		"cmd/api/main.go": `package main

import (
	"log"
	"net/http"
	"os"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

func logging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.Println(r.Method, r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

func main() {
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(nil)))
	otel.SetTextMapPropagator(propagation.TraceContext{})
	mux := http.NewServeMux()
	mux.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {})
	var handler http.Handler = otelhttp.NewHandler(mux, "api")
	` + replace + `
	_ = os.Args
	srv := &http.Server{Addr: ":8080", Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	log.Println(srv.ListenAndServe())
}
`,
	}
}

// reassignedMain returns a service that drains on the signals sigs holds (first
// SIGTERM and os.Interrupt), with before written after sigs and before the server,
// whose ReadHeaderTimeout is timeout, signals the arguments of NotifyContext after
// its context and drain (10*time.Second when none is given) the timeout of the
// drain.
func reassignedMain(before, timeout, signals string, drain ...string) map[string]string {
	d := "10*time.Second"
	if len(drain) > 0 {
		d = drain[0]
	}
	return map[string]string{
		"go.mod": "module example.com/acme/api\n\ngo 1.26\n",
		"go.sum": "",
		"cmd/api/main.go": `package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	var ready atomic.Bool
	ready.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
	})
	sigs := []os.Signal{syscall.SIGTERM, os.Interrupt}
	` + before + `
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: ` + timeout + `}
	ctx, stop := signal.NotifyContext(context.Background(), ` + signals + `)
	defer stop()
	go func() { log.Println(srv.ListenAndServe()) }()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), ` + d + `)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`,
	}
}
