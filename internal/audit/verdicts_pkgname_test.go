package audit

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// pkgnameRun is a package whose Run catches SIGTERM, serves /healthz with a
// ReadHeaderTimeout and drains with Shutdown; its package clause is %s.
const pkgnameRun = `package %s

import (
	"context"
	"fmt"
	"net/http"
	"os/signal"
	"syscall"
	"time"
)

// Run serves until SIGTERM, then drains.
func Run() error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(http.ResponseWriter, *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}
`

// pkgnameMain imports a package with the import line %[1]s and calls %[2]s.Run.
const pkgnameMain = "package main\n\nimport (\n\t\"log\"\n\n\t%[1]s\n)\n\nfunc main() {\n\tif err := %[2]s.Run(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n"

// TestPackageNameNotDirectory checks that an unaliased import of a repository
// package is known by the name in the package's own package clause, not by a guess
// from its directory (internal/application holding package app, a directory
// reached through a symbolic link named srv holding package server): main's call
// of app.Run is followed, so the shutdown, health and timeouts checks see what Run
// does, as they do when the import carries the alias (then the shutdown check
// WARNs only for want of a readiness endpoint that turns 503).
func TestPackageNameNotDirectory(t *testing.T) {
	mod := data("module example.test/app\n\ngo 1.26\n")
	tests := []struct {
		name string
		fsys fstest.MapFS
	}{
		{"a directory whose name is not the package name", fstest.MapFS{
			"go.mod":                      mod,
			"main.go":                     data(fmt.Sprintf(pkgnameMain, `"example.test/app/internal/application"`, "app")),
			"internal/application/run.go": data(fmt.Sprintf(pkgnameRun, "app")),
		}},
		{"the same import with an alias", fstest.MapFS{
			"go.mod":                      mod,
			"main.go":                     data(fmt.Sprintf(pkgnameMain, `app "example.test/app/internal/application"`, "app")),
			"internal/application/run.go": data(fmt.Sprintf(pkgnameRun, "app")),
		}},
		{"a directory reached through a symbolic link of another name", fstest.MapFS{
			"go.mod":                 mod,
			"main.go":                data(fmt.Sprintf(pkgnameMain, `"example.test/app/srv"`, "server")),
			"internal/server/run.go": data(fmt.Sprintf(pkgnameRun, "server")),
			"srv":                    link("internal/server"),
		}},
		{"a name with a dash and a version-like directory", fstest.MapFS{
			"go.mod":                mod,
			"main.go":               data(fmt.Sprintf(pkgnameMain, `"example.test/app/pkg/go-http.v2"`, "httpapi")),
			"pkg/go-http.v2/run.go": data(fmt.Sprintf(pkgnameRun, "httpapi")),
		}},
	}
	// Without a readiness endpoint that turns 503, the drain is a WARN.
	want := map[string]Status{"shutdown": Warn, "health": Pass, "timeouts": Pass}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := repo.OpenIn(context.Background(), tt.fsys, ".", "inline")
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Run(context.Background(), r, Options{Only: []string{"shutdown", "health", "timeouts"}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Results) != len(want) {
				t.Fatalf("%d results, want %d: %+v", len(rep.Results), len(want), rep.Results)
			}
			for _, res := range rep.Results {
				if res.Status != want[res.Check] {
					t.Errorf("%s: %s %q, want %s (problems %v)", res.Check, res.Status, res.Message, want[res.Check], rep.Problems)
				}
			}
		})
	}
}
