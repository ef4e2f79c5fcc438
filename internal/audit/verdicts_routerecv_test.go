package audit

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"testing"
)

// TestRouteCallReceivers: a method of routeCalls registers a route only on a receiver
// that may be a router. A sync.Pool's Put, an http.Header's Get, Add or Set, url.Values,
// a sync.WaitGroup's Add, gin's or Echo's Context Get and a cache of the program are
// none; a ServeMux, gin, Echo, chi and gorilla/mux routers and their groups, a
// wrapper of the program that registers, an interface of the program and a router of
// a framework this audit does not know still are. The call judged is the outermost
// one on the line marked "// <-", a route call before any other.
func TestRouteCallReceivers(t *testing.T) {
	tests := []struct {
		name    string
		imports []string
		src     string
		gomod   string // appended to go.mod
		want    bool
	}{
		{name: "package-level sync.Pool Put", imports: []string{"bytes", "sync"}, src: `
var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func f() {
	buf := bufs.Get().(*bytes.Buffer)
	bufs.Put(buf) // <-
}`},
		{name: "local sync.Pool Get", imports: []string{"sync"}, src: `
func f() {
	var pool sync.Pool
	_ = pool.Get() // <-
}`},
		{name: "sync.Pool field Put", imports: []string{"sync"}, src: `
type svc struct{ bufs *sync.Pool }

func (s *svc) f(b []byte) {
	s.bufs.Put(b) // <-
}`},
		{name: "sync.Pool of another package of the program", imports: []string{"example.test/rr/internal/pool"}, src: `
func f(b []byte) {
	pool.Buffers.Put(b) // <-
}`},
		{name: "a struct of the program embedding sync.Pool", imports: []string{"sync"}, src: `
type pool struct{ sync.Pool }

func f(p *pool, b []byte) {
	p.Put(b) // <-
}`},
		{name: "http.Header Get of a request", imports: []string{"net/http"}, src: `
func f(w http.ResponseWriter, r *http.Request) {
	_ = r.Header.Get("Authorization") // <-
}`},
		{name: "http.Header Add of a response", imports: []string{"net/http"}, src: `
func f(w http.ResponseWriter, r *http.Request) {
	w.Header().Add("Vary", "/orders") // <-
}`},
		{name: "http.Header Set of a response", imports: []string{"net/http"}, src: `
func f(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Location", "/orders/1") // <-
}`},
		{name: "http.Header made", imports: []string{"net/http"}, src: `
func f(path string) {
	h := make(http.Header)
	h.Add("X-Path", path) // <-
}`},
		{name: "url.Values Get of a query", imports: []string{"net/http"}, src: `
func f(w http.ResponseWriter, r *http.Request) {
	_ = r.URL.Query().Get("seconds") // <-
}`},
		{name: "url.Values Get of a variable", imports: []string{"net/http"}, src: `
func f(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	_ = q.Get("debug") // <-
}`},
		{name: "url.Values literal Add", imports: []string{"net/url"}, src: `
func f(next string) string {
	v := url.Values{}
	v.Add("next", next) // <-
	return v.Encode()
}`},
		{name: "url.Values of a form", imports: []string{"net/http"}, src: `
func f(w http.ResponseWriter, r *http.Request) {
	_ = r.PostForm.Get("path") // <-
}`},
		{name: "sync.WaitGroup Add", imports: []string{"sync"}, src: `
func f(n int) {
	var wg sync.WaitGroup
	wg.Add(n) // <-
	wg.Wait()
}`},
		{name: "gin Context Get", imports: []string{"github.com/gin-gonic/gin"}, src: `
func f(c *gin.Context) {
	_, _ = c.Get("user") // <-
}`},
		{name: "Echo Context Get", imports: []string{"github.com/labstack/echo/v4"}, src: `
func f(c echo.Context) error {
	_ = c.Get("user") // <-
	return nil
}`},
		{name: "a cache of the program", imports: nil, src: `
type cache struct{ m map[string]string }

func (c *cache) Get(key string) string { return c.m[key] }

func f(c *cache, key string) {
	_ = c.Get(key) // <-
}`},
		{name: "a cache of the program over a store of the program", imports: []string{"sync"}, src: `
type store struct{ m sync.Map }

func (s *store) Get(key string) any { v, _ := s.m.Load(key); return v }

type cache struct{ s *store }

func (c *cache) Get(key string) any { return c.s.Get(key) }

func f(c *cache, key string) {
	_ = c.Get(key) // <-
}`},

		{name: "ServeMux HandleFunc", imports: []string{"net/http"}, want: true, src: `
func f() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {}) // <-
}`},
		{name: "ServeMux Handle of a parameter", imports: []string{"net/http"}, want: true, src: `
func f(mux *http.ServeMux, h http.Handler) {
	mux.Handle("/readyz", h) // <-
}`},
		{name: "declared ServeMux Handle", imports: []string{"net/http"}, want: true, src: `
func f(h http.Handler) {
	var mux http.ServeMux
	mux.Handle("/readyz", h) // <-
}`},
		{name: "a ServeMux through cmp.Or", imports: []string{"cmp", "net/http"}, want: true, src: `
type config struct{ Mux *http.ServeMux }

func f(cfg config, h http.Handler) {
	mux := cmp.Or(cfg.Mux, http.NewServeMux())
	mux.Handle("/healthz", h) // <-
}`},
		{name: "a ServeMux of a parameter through cmp.Or", imports: []string{"cmp", "net/http"}, want: true, src: `
func f(mux *http.ServeMux, h http.Handler) {
	m := cmp.Or(mux, http.DefaultServeMux)
	m.Handle("/readyz", h) // <-
}`},
		{name: "a standard call given no router", imports: []string{"maps", "net/http"}, src: `
func f(r *http.Request) {
	maps.Clone(r.Header).Add("/x", "y") // <-
}`},
		{name: "a standard call given a literal", imports: []string{"expvar"}, src: `
func f() {
	expvar.NewMap("/requests").Add("GET", 1) // <-
}`},
		{name: "a standard conversion of nil", imports: []string{"net/http"}, src: `
func f() {
	http.Header(nil).Get("/x") // <-
}`},
		{name: "DefaultServeMux Handle", imports: []string{"net/http"}, want: true, src: `
func f(h http.Handler) {
	http.DefaultServeMux.Handle("/readyz", h) // <-
}`},
		{name: "package-level ServeMux", imports: []string{"net/http"}, want: true, src: `
var mux = http.NewServeMux()

func f(h http.Handler) {
	mux.Handle("/readyz", h) // <-
}`},
		{name: "gin engine GET", imports: []string{"github.com/gin-gonic/gin"}, want: true, src: `
func f() {
	r := gin.New()
	r.GET("/healthz", func(*gin.Context) {}) // <-
}`},
		{name: "gin group GET", imports: []string{"github.com/gin-gonic/gin"}, want: true, src: `
func f(r *gin.Engine) {
	api := r.Group("/api")
	api.GET("/orders", func(*gin.Context) {}) // <-
}`},
		{name: "gin IRouter parameter", imports: []string{"github.com/gin-gonic/gin"}, want: true, src: `
func f(r gin.IRouter) {
	r.Any("/healthz", func(*gin.Context) {}) // <-
}`},
		{name: "Echo GET", imports: []string{"github.com/labstack/echo/v4"}, want: true, src: `
func f() {
	e := echo.New()
	e.GET("/healthz", func(echo.Context) error { return nil }) // <-
}`},
		{name: "Echo group GET", imports: []string{"github.com/labstack/echo/v4"}, want: true, src: `
func f(e *echo.Echo) {
	e.Group("/api").GET("/orders", func(echo.Context) error { return nil }) // <-
}`},
		{name: "chi Get", imports: []string{"net/http", "github.com/go-chi/chi/v5"}, want: true, src: `
func f() {
	r := chi.NewRouter()
	r.Get("/healthz", func(http.ResponseWriter, *http.Request) {}) // <-
}`},
		{name: "chi Route's router Get", imports: []string{"net/http", "github.com/go-chi/chi/v5"}, want: true, src: `
func f(r chi.Router) {
	r.Route("/api", func(r chi.Router) {
		r.Get("/orders", func(http.ResponseWriter, *http.Request) {}) // <-
	})
}`},
		{name: "gorilla/mux HandleFunc", imports: []string{"net/http", "github.com/gorilla/mux"}, want: true, src: `
func f() {
	r := mux.NewRouter()
	r.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {}).Methods("GET") // <-
}`},
		{name: "gorilla/mux subrouter HandleFunc", imports: []string{"net/http", "github.com/gorilla/mux"}, want: true, src: `
func f(r *mux.Router) {
	r.PathPrefix("/api").Subrouter().HandleFunc("/orders", func(http.ResponseWriter, *http.Request) {}) // <-
}`},
		{name: "a struct of the program embedding a chi Mux", imports: []string{"net/http", "github.com/go-chi/chi/v5"}, want: true, src: `
type server struct{ *chi.Mux }

func f(s *server) {
	s.Get("/healthz", func(http.ResponseWriter, *http.Request) {}) // <-
}`},
		{name: "a wrapper of the program that registers", imports: []string{"net/http", "github.com/go-chi/chi/v5"}, want: true, src: `
type api struct{ r chi.Router }

func (a *api) Get(path string) { a.r.Get(path, func(http.ResponseWriter, *http.Request) {}) }

func f(a *api) {
	a.Get("/healthz") // <-
}`},
		{name: "a wrapper of the program that takes a handler", imports: []string{"net/http"}, want: true, src: `
type api struct{ routes map[string]http.HandlerFunc }

func (a *api) Get(path string, h http.HandlerFunc) { a.routes[path] = h }

func f(a *api) {
	a.Get("/healthz", nil) // <-
}`},
		{name: "a wrapper of the program that takes a handler of its own func type", imports: []string{"net/http"}, want: true, src: `
type Endpoint func(http.ResponseWriter, *http.Request)

type api struct{ routes map[string]Endpoint }

func (a *api) Get(path string, e Endpoint) { a.routes[path] = e }

func f(a *api) {
	a.Get("/healthz", nil) // <-
}`},
		{name: "a wrapper of the program that takes an httprouter.Handle", imports: []string{"github.com/julienschmidt/httprouter"}, want: true, src: `
type api struct{ routes map[string]httprouter.Handle }

func (a *api) Get(path string, h httprouter.Handle) { a.routes[path] = h }

func f(a *api) {
	a.Get("/healthz", nil) // <-
}`},
		{name: "a store of the program whose Get takes a value of its own struct type", imports: nil, want: false, src: `
type key struct{ ns, name string }

type store struct{ m map[key]string }

func (s *store) Get(k key) string { return s.m[k] }

func f(s *store) {
	_ = s.Get(key{"ns", "healthz"}) // <-
}`},
		{name: "a wrapper of the program that registers through a method of its own", imports: []string{"net/http"}, want: true, src: `
type api struct{ mux *http.ServeMux }

func (a *api) Get(path string) { a.handle("GET", path) }

func (a *api) handle(method, path string) {
	a.mux.HandleFunc(method+" "+path, func(http.ResponseWriter, *http.Request) {})
}

func f(a *api) {
	a.Get("/healthz") // <-
}`},
		{name: "a wrapper of the program that registers through a plain function", imports: []string{"net/http"}, want: true, src: `
type api struct{ mux *http.ServeMux }

func (a *api) Get(path string) { register(a.mux, path) }

func register(mux *http.ServeMux, path string) {
	mux.HandleFunc(path, func(http.ResponseWriter, *http.Request) {})
}

func f(a *api) {
	a.Get("/healthz") // <-
}`},
		{name: "a cache of the program calling helpers of its own that register nothing", imports: []string{"strings"}, want: false, src: `
type cache struct{ m map[string]string }

func (c *cache) Get(key string) string { return c.lookup(normalize(key)) }

func (c *cache) lookup(key string) string { return c.m[key] }

func normalize(key string) string { return strings.ToLower(key) }

func f(c *cache) {
	_ = c.Get("/healthz") // <-
}`},
		{name: "a cache of the program whose Get calls a helper taking a callback", imports: []string{"sync"}, want: false, src: `
type cache struct {
	mu sync.Mutex
	m  map[string]string
}

func (c *cache) Get(key string) (v string) {
	c.withLock(func() { v = c.m[key] })
	return v
}

func (c *cache) withLock(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f()
}

func f(c *cache) {
	_ = c.Get("/healthz") // <-
}`},
		{name: "a store of the program whose Get calls a helper taking an interface of the program", imports: nil, want: false, src: `
type Tx interface{ Lookup(id string) string }

type store struct{ tx Tx }

func (s *store) Get(id string) string { return s.inTx(id, s.tx) }

func (s *store) inTx(id string, tx Tx) string { return tx.Lookup(id) }

func f(s *store) {
	_ = s.Get("/healthz") // <-
}`},
		{name: "a store of the program whose Get takes an interface of the program", imports: nil, want: false, src: `
type Tx interface{ Lookup(id string) string }

type store struct{}

func (s *store) Get(id string, tx Tx) string { return tx.Lookup(id) }

func f(s *store, tx Tx) {
	_ = s.Get("/healthz", tx) // <-
}`},
		{name: "a wrapper of the program that takes an interface of the program serving HTTP", imports: []string{"net/http"}, want: true, src: `
type Endpoint interface {
	ServeHTTP(http.ResponseWriter, *http.Request)
}

type api struct{ routes map[string]Endpoint }

func (a *api) Get(path string, e Endpoint) { a.routes[path] = e }

func f(a *api) {
	a.Get("/healthz", nil) // <-
}`},
		{name: "a store of the program whose Get takes a file handle", imports: nil, want: false, src: `
type FileHandle int

type store struct{ m map[FileHandle]string }

func (s *store) Get(name string, h FileHandle) string { return s.m[h] + name }

func f(s *store) {
	_ = s.Get("/healthz", 3) // <-
}`},
		{name: "a method of the program calling one that registers and calls it back", imports: []string{"net/http"}, want: true, src: `
func f(a *A, b *B) {
	a.Get("/a")
	b.Get("/healthz") // <-
}

type A struct {
	b   *B
	mux *http.ServeMux
}

func (a *A) Get(path string) {
	a.b.Get(path)
	a.mux.Handle(path, http.NotFoundHandler())
}

type B struct{ a *A }

func (b *B) Get(path string) {
	if path != "/" {
		b.a.Get("/")
	}
}`},
		{name: "an interface of the program", imports: []string{"net/http"}, want: true, src: `
type Router interface{ Get(string, http.HandlerFunc) }

func f(r Router) {
	r.Get("/healthz", nil) // <-
}`},
		{name: "a router of a dotless module a replace directive takes from a directory", imports: []string{"shared/router"}, want: true,
			gomod: "\nrequire shared v0.0.0\n\nreplace shared => ../shared\n", src: `
func f() {
	r := router.New()
	r.Get("/healthz", nil) // <-
}`},
		{name: "a router of a framework this audit does not know", imports: []string{"net/http", "github.com/uptrace/bunrouter"}, want: true, src: `
func f() {
	r := bunrouter.New()
	r.GET("/healthz", func(http.ResponseWriter, bunrouter.Request) error { return nil }) // <-
}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			b.WriteString("package main\n\nimport (\n")
			for _, ip := range tt.imports {
				b.WriteString("\t\"" + ip + "\"\n")
			}
			b.WriteString(")\n" + tt.src + "\n\nfunc main() { f() }\n")
			src := b.String()
			line := 1 + strings.Count(src[:strings.Index(src, "// <-")], "\n")
			files := mainFiles("example.test/rr", src)
			files["go.mod"] += tt.gomod
			files["internal/pool/pool.go"] = "package pool\n\nimport \"sync\"\n\nvar Buffers = &sync.Pool{}\n"
			r := openInlineAt(t, files, "")
			m := r.Mains[0]
			if err := r.Load(context.Background(), m.Program...); err != nil {
				t.Fatal(err)
			}
			p := newIndex(r, m.Program, nil).view(m)
			var onLine []call
			for _, c := range p.calls {
				if c.file.f.Path == "main.go" && p.at(c.expr).Line == line {
					onLine = append(onLine, c)
				}
			}
			if len(onLine) == 0 {
				t.Fatalf("no call at main.go:%d", line)
			}
			judged := slices.MaxFunc(onLine, func(a, b call) int { // a route call before any other, then the outermost
				if ra, rb := slices.Contains(routeCalls, a.name), slices.Contains(routeCalls, b.name); ra != rb {
					return map[bool]int{true: 1, false: -1}[ra]
				}
				return cmp.Compare(a.expr.End(), b.expr.End())
			})
			if got := registers(judged); got != tt.want {
				t.Errorf("registers(%s at main.go:%d) = %v, want %v", judged.name, line, got, tt.want)
			}
		})
	}
}

// TestReadinessProbeBesidePool: a readinessProbe asking a path no route serves is
// WARN though a handler puts a buffer back into a sync.Pool and reads the
// Authorization header (as the generated order and pprofadmin packages do): neither
// is a route registration with a path that is not a constant, nor a route named in
// the message.
func TestReadinessProbeBesidePool(t *testing.T) {
	files := map[string]string{
		"go.mod": "module example.com/acme/api\n\ngo 1.25\n",
		"cmd/api/main.go": `package main

import (
	"bytes"
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var ready atomic.Bool

var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func orders(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	buf := bodyBuffers.Get().(*bytes.Buffer)
	defer bodyBuffers.Put(buf)
	w.Header().Add("Vary", r.URL.Query().Get("v"))
	w.WriteHeader(http.StatusCreated)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	mux.HandleFunc("/v1/orders", orders)
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ready.Store(true)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`,
		"deploy/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: api\n          image: ghcr.io/acme/api:1.0\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n",
	}
	rep, err := Run(context.Background(), openTempRepo(t, files), Options{Only: []string{"shutdown"}, Main: "cmd/api"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("%d results, want 1", len(rep.Results))
	}
	want := "the readinessProbe asks /ready, which no route of the program registers (it registers /healthz, /readyz, /v1/orders): the route that turns 503 (/readyz) is not the one the kubelet asks, and /ready answers 404, so the pod never turns ready"
	if r := rep.Results[0]; r.Status != Warn || !strings.Contains(r.Message, want) {
		t.Fatalf("shutdown: %s %q\n\twant WARN with %q", r.Status, r.Message, want)
	}
}

// TestReadinessProbeBesideMatch: the path of gin's Match is its second argument, after
// the list of methods (a variable, as the generated server's getHead): a constant path
// there leaves a readinessProbe asking a path no route serves WARN, not UNKNOWN for a
// path that is not a constant.
func TestReadinessProbeBesideMatch(t *testing.T) {
	files := map[string]string{
		"go.mod": "module example.com/acme/api\n\ngo 1.25\n",
		"cmd/api/main.go": `package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"
)

var ready atomic.Bool

var getHead = []string{http.MethodGet, http.MethodHead}

func main() {
	r := gin.New()
	r.Match(getHead, "/healthz", func(c *gin.Context) { c.Status(http.StatusOK) })
	r.Match(getHead, "/readyz", func(c *gin.Context) {
		if !ready.Load() {
			c.Status(http.StatusServiceUnavailable)
			return
		}
		c.Status(http.StatusOK)
	})
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: 5 * time.Second}
	ready.Store(true)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`,
		"deploy/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n" +
			"        - name: api\n          image: ghcr.io/acme/api:1.0\n          readinessProbe:\n            httpGet:\n              path: /ready\n              port: 8080\n",
	}
	rep, err := Run(context.Background(), openTempRepo(t, files), Options{Only: []string{"shutdown"}, Main: "cmd/api"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("%d results, want 1", len(rep.Results))
	}
	want := "the readinessProbe asks /ready, which no route of the program registers (it registers /healthz, /readyz): the route that turns 503 (/readyz) is not the one the kubelet asks, and /ready answers 404, so the pod never turns ready"
	if r := rep.Results[0]; r.Status != Warn || !strings.Contains(r.Message, want) {
		t.Fatalf("shutdown: %s %q\n\twant WARN with %q", r.Status, r.Message, want)
	}
}
