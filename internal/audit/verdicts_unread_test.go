package audit

import (
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// unreadRouter is a package that mounts the profiles on the mux it returns.
const unreadRouter = `package router

import (
	"net/http"
	"net/http/pprof"
)

// New returns the service's handler.
func New() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	return mux
}
`

// unreadMain serves what router.New returns on the public listener, with a read
// timeout and a drain on SIGTERM.
const unreadMain = `package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"example.test/app/internal/router"
)

func main() {
	srv := &http.Server{Addr: ":8080", Handler: router.New(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
			log.Fatal(err)
		}
	}()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
}
`

// conflicted is unreadMain with the conflict markers a merge left in func main.
var conflicted = strings.Replace(unreadMain, "func main() {\n", "func main() {\n<<<<<<< HEAD\n\tlog.Println(\"starting\")\n=======\n\tlog.Println(\"start\")\n>>>>>>> feature\n", 1)

// withHealth wraps a handler with a health route.
const withHealth = `
func withHealth(h http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {})
	mux.Handle("/", h)
	return mux
}
`

// vendorRoutes is a package named vendor (the suppliers of a marketplace) that
// mounts the profiles beside its routes.
const vendorRoutes = `package vendor

import (
	"net/http"
	"net/http/pprof"
)

// Routes registers the supplier API.
func Routes(mux *http.ServeMux) {
	mux.HandleFunc("/vendors/", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("/debug/pprof/", pprof.Index)
}
`

// unreadTree returns a module example.test/app with unreadMain at the root and extra.
func unreadTree(extra fstest.MapFS) fstest.MapFS {
	tree := fstest.MapFS{
		"go.mod":  {Data: []byte("module example.test/app\n\ngo 1.26\n")},
		"main.go": {Data: []byte(unreadMain)},
	}
	for name, f := range extra {
		tree[name] = f
	}
	return tree
}

func link(target string) *fstest.MapFile {
	return &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte(target)}
}

func data(src string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(src)} }

// unreadableFS is a file system whose file bad cannot be opened, as one without read
// permission.
type unreadableFS struct {
	fstest.MapFS
	bad string
}

func (f unreadableFS) Open(name string) (fs.File, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("permission denied")}
	}
	return f.MapFS.Open(name)
}

func (f unreadableFS) ReadFile(name string) ([]byte, error) {
	if name == f.bad {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("permission denied")}
	}
	return f.MapFS.ReadFile(name)
}

// TestUnreadVerdicts checks that code audit did not read (a package reached through a
// symbolic link out of the repository, an unreadable file, an imported testdata
// package, a server in a module outside the repository) makes the checks that read the
// program UNKNOWN instead of PASS, while what the code read shows stands, and that
// links inside the repository and packages named vendor are read. An oversized file
// is listed as not read like an unreadable one (see repo's TestOpenUnread).
func TestUnreadVerdicts(t *testing.T) {
	const public = "pprof is served on the public listener"
	tests := []struct {
		name    string
		fsys    fs.FS
		check   string
		want    Status
		message []string // parts of the expected message
	}{
		{
			name:    "a package directory linked inside the repository is read",
			fsys:    unreadTree(fstest.MapFS{"shared/router/router.go": data(unreadRouter), "internal/router": link("../shared/router")}),
			check:   "pprof",
			want:    Fail,
			message: []string{public},
		},
		{
			name:    "a directory linked inside the repository above the package is read",
			fsys:    unreadTree(fstest.MapFS{"shared/router/router.go": data(unreadRouter), "internal": link("shared")}),
			check:   "pprof",
			want:    Fail,
			message: []string{public},
		},
		{
			name:    "a Go file linked inside the repository is read",
			fsys:    unreadTree(fstest.MapFS{"shared/router.go.txt": data(unreadRouter), "internal/router/router.go": link("../../shared/router.go.txt")}),
			check:   "pprof",
			want:    Fail,
			message: []string{public},
		},
		{
			name:    "a package directory linked out of the repository is not read",
			fsys:    unreadTree(fstest.MapFS{"internal/router": link("../../platform/router")}),
			check:   "pprof",
			want:    Unknown,
			message: []string{"example.test/app/internal/router", "internal/router is a symbolic link out of the repository", "pprof is not served"},
		},
		{
			name:    "a Go file linked out of the repository is not read",
			fsys:    unreadTree(fstest.MapFS{"internal/router/router.go": link("../../../shared/router.go")}),
			check:   "pprof",
			want:    Unknown,
			message: []string{"example.test/app/internal/router", "internal/router/router.go is a symbolic link out of the repository"},
		},
		{
			name:    "a loop of links is not followed",
			fsys:    unreadTree(fstest.MapFS{"internal/router": link("../internal/other"), "internal/other": link("router")}),
			check:   "pprof",
			want:    Unknown,
			message: []string{"example.test/app/internal/router", "loop"},
		},
		{
			name:    "an unreadable Go file of an imported package",
			fsys:    unreadableFS{unreadTree(fstest.MapFS{"internal/router/router.go": data(unreadRouter)}), "internal/router/router.go"},
			check:   "pprof",
			want:    Unknown,
			message: []string{"example.test/app/internal/router", "permission denied"},
		},
		{
			name: "an unreadable Go file beside a read one in an imported package",
			fsys: unreadableFS{unreadTree(fstest.MapFS{
				"internal/router/router.go": data("package router\n\nimport \"net/http\"\n\n// New returns the handler.\nfunc New() http.Handler { return routes() }\n"),
				"internal/router/routes.go": data("package router\n"),
			}), "internal/router/routes.go"},
			check:   "timeouts",
			want:    Unknown,
			message: []string{"internal/router/routes.go", "permission denied"},
		},
		{
			name:    "a package named vendor below the module root is an ordinary package",
			fsys:    unreadTree(fstest.MapFS{"internal/router/router.go": data(strings.NewReplacer("mux.HandleFunc(\"/debug/pprof/\", pprof.Index)", "vendor.Routes(mux)", "\"net/http/pprof\"", "\"example.test/app/internal/vendor\"").Replace(unreadRouter)), "internal/vendor/routes.go": data(vendorRoutes)}),
			check:   "pprof",
			want:    Fail,
			message: []string{public},
		},
		{
			name:    "a package directory linked into testdata is read where the link is",
			fsys:    unreadTree(fstest.MapFS{"internal/router": link("../testdata/router"), "testdata/router/router.go": data(unreadRouter)}),
			check:   "pprof",
			want:    Fail,
			message: []string{public},
		},
		{
			name: "a package imported from testdata is not read",
			fsys: unreadTree(fstest.MapFS{
				"internal/router/router.go": data("package router\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/app/testdata/fake\"\n)\n\n// New returns the handler.\nfunc New() http.Handler { return fake.Mux() }\n"),
				"testdata/fake/fake.go":     data("package fake\n"),
			}),
			check:   "timeouts",
			want:    Unknown,
			message: []string{"example.test/app/testdata/fake", "testdata"},
		},
		{
			name:    "a FAIL in the code read stands beside an unread package",
			fsys:    unreadTree(fstest.MapFS{"main.go": data(strings.Replace(unreadMain, `ReadHeaderTimeout: 5 * time.Second`, ``, 1)), "internal/router": link("/srv/router")}),
			check:   "timeouts",
			want:    Fail,
			message: []string{"ReadHeaderTimeout"},
		},
		{
			name:    "a health route found stands beside an unread package",
			fsys:    unreadTree(fstest.MapFS{"main.go": data(strings.Replace(unreadMain, "Handler: router.New()", "Handler: withHealth(router.New())", 1) + withHealth), "internal/router": link("/srv/router")}),
			check:   "health",
			want:    Pass,
			message: []string{"/healthz"},
		},
		{
			name: "a main that serves the default mux through a module outside the repository",
			fsys: fstest.MapFS{
				"go.mod":  data("module example.test/app\n\ngo 1.26\n\nrequire example.test/platform v1.0.0\n"),
				"main.go": data("package main\n\nimport (\n\t\"log\"\n\t_ \"net/http/pprof\"\n\n\t\"example.test/platform\"\n)\n\nfunc main() {\n\tlog.Fatal(platform.Serve(\":8080\"))\n}\n"),
			},
			check:   "pprof",
			want:    Unknown,
			message: []string{"net/http/pprof", "example.test/platform"},
		},
		{
			name:    "func main in a file with merge conflict markers is a service's",
			fsys:    unreadTree(fstest.MapFS{"main.go": data(conflicted), "internal/router/router.go": data(unreadRouter)}),
			check:   "shutdown",
			want:    Unknown,
			message: []string{"main.go of example.test/app was not read: main.go:16:1: expected statement, found '<<'"},
		},
		{
			name:    "func main in a file with merge conflict markers: nor a WARN",
			fsys:    unreadTree(fstest.MapFS{"main.go": data(conflicted), "internal/router/router.go": data(unreadRouter)}),
			check:   "procs",
			want:    Unknown,
			message: []string{"main.go of example.test/app was not read: main.go:16:1", "in the code read: no memory limit"},
		},
		{
			name:    "func main in a file of a main package that cannot be read",
			fsys:    unreadableFS{unreadTree(fstest.MapFS{"run.go": data("package main\n\nfunc run() {}\n")}), "main.go"},
			check:   "shutdown",
			want:    Unknown,
			message: []string{"main.go of example.test/app was not read", "permission denied"},
		},
		{
			name: "a server started in an unread package of a main that starts none",
			fsys: fstest.MapFS{
				"go.mod":          data("module example.test/app\n\ngo 1.26\n"),
				"main.go":         data("package main\n\nimport \"example.test/app/internal/server\"\n\nfunc main() { server.Run() }\n"),
				"internal/server": link("../../server"),
			},
			check:   "shutdown",
			want:    Unknown,
			message: []string{"example.test/app/internal/server", "symbolic link out of the repository"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := repo.OpenIn(context.Background(), tt.fsys, ".", "inline")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), r, Options{Only: []string{tt.check}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != 1 {
				t.Fatalf("%d results, want 1: %+v (problems %v)", len(rep.Results), rep.Results, rep.Problems)
			}
			res := rep.Results[0]
			if res.Status != tt.want || slices.ContainsFunc(tt.message, func(m string) bool { return !strings.Contains(res.Message, m) }) {
				t.Fatalf("%s: %s %q\n\twant %s with %q (problems %v)", tt.check, res.Status, res.Message, tt.want, tt.message, rep.Problems)
			}
		})
	}
}

// TestClientToolStaysTool checks that a main using net/http only as a client, and a
// module outside the repository, is still a tool: no server check judges it.
func TestClientToolStaysTool(t *testing.T) {
	r, err := repo.OpenIn(context.Background(), fstest.MapFS{
		"go.mod":  data("module example.test/cli\n\ngo 1.26\n\nrequire example.test/cobra v1.0.0\n"),
		"main.go": data("package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/cobra\"\n)\n\nfunc main() {\n\t_, _ = http.Get(\"https://example.com\")\n\tcobra.Execute()\n}\n"),
	}, ".", "inline")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), r, Options{Only: []string{"pprof"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Mains) != 1 || rep.Mains[0].Service || len(rep.Results) != 0 {
		t.Fatalf("mains %+v, results %+v: want one tool and no result", rep.Mains, rep.Results)
	}
}

// TestModuleCacheVerdicts checks that a package a build takes from the module cache
// is judged as not read even when the repository holds a copy of its module: the
// copy is not the code the binary contains.
func TestModuleCacheVerdicts(t *testing.T) {
	const main = "package main\n\nimport (\n\t\"net/http\"\n\n\t\"example.test/platform\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n\tmux.HandleFunc(\"/healthz\", func(w http.ResponseWriter, r *http.Request) {})\n\t_ = platform.Serve(\":8080\", mux)\n}\n"
	const serve = "package platform\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\n// Serve serves h.\nfunc Serve(addr string, h http.Handler) error {\n\tsrv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: time.Second, ReadTimeout: time.Second, WriteTimeout: time.Second, IdleTimeout: time.Second}\n\treturn srv.ListenAndServe()\n}\n"
	const app = "module example.test/app\n\ngo 1.26\n\nrequire example.test/platform v1.0.0\n"
	copied := map[string]string{"go.mod": app, "main.go": main, "platform/go.mod": "module example.test/platform\n\ngo 1.26\n", "platform/serve.go": serve}
	var cases []checkCase
	for _, check := range []string{"timeouts", "shutdown"} {
		cases = append(cases,
			checkCase{name: check + ": a required module's local copy is not read as the built code", files: copied, check: check, want: Unknown},
			checkCase{name: check + ": the same program without the local copy", files: map[string]string{"go.mod": app, "main.go": main}, check: check, want: Unknown},
			checkCase{
				name:  check + ": a replace to the local copy makes it the built code",
				files: with(copied, map[string]string{"go.mod": app + "\nreplace example.test/platform => ./platform\n"}),
				check: check,
				want:  map[string]Status{"timeouts": Pass, "shutdown": Fail}[check],
			},
		)
	}
	runCheckCases(t, cases)
}
