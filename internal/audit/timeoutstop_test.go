package audit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/gonew-prod/gonew-prod/internal/repo"
)

// timeoutSetsMain is a main that sets its server's ReadHeaderTimeout n times, each
// to a duration flag whose default is zero, under an if that tests it.
func timeoutSetsMain(n int) map[string]string {
	return map[string]string{
		"go.mod": "module example.test/t\n\ngo 1.26\n",
		"main.go": "package main\n\nimport (\n\t\"flag\"\n\t\"net/http\"\n\t\"time\"\n)\n\nvar rht = flag.Duration(\"rht\", 0, \"\")\n\nfunc main() {\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: 10 * time.Second}\n" +
			strings.Repeat("\tif v := *rht; v > 0 {\n\t\tsrv.ReadHeaderTimeout = *rht\n\t}\n", n) + "\t_ = srv.ListenAndServe()\n}\n",
	}
}

// TestTimeoutsCheckStops audits the timeouts of a main that sets its server's read
// timeout 600 times with a context that is done after n of its looks: the check
// looks at it while it judges the sets (more looks than for a main of one set), and
// for n from the first look the check makes to one less than the whole audit takes,
// the audit returns the context's error and no report.
func TestTimeoutsCheckStops(t *testing.T) {
	looks := func(files map[string]string) int {
		ctx := &doneAfter{Context: context.Background(), n: math.MaxInt}
		if _, err := Run(ctx, openInline(t, files), Options{Only: []string{"timeouts"}}); err != nil {
			t.Fatalf("audit with a context never done: %v", err)
		}
		return ctx.calls
	}
	one, many := looks(timeoutSetsMain(1)), looks(timeoutSetsMain(600))
	if many <= one {
		t.Fatalf("the audit of 600 sets looks at its context %d times, as that of one (%d): the check does not look", many, one)
	}
	for _, n := range []int{one, (one + many) / 2, many - 1} {
		ctx := &doneAfter{Context: context.Background(), n: n}
		if rep, err := Run(ctx, openInline(t, timeoutSetsMain(600)), Options{Only: []string{"timeouts"}}); !errors.Is(err, context.Canceled) || rep != nil {
			t.Errorf("done after %d of %d looks: report %v, error %v, want none and %v", n, many, rep != nil, err, context.Canceled)
		}
	}
}

// BenchmarkTimeoutSets audits the timeouts of a main that sets its server's read
// timeout 800 times.
func BenchmarkTimeoutSets(b *testing.B) {
	tree := fstest.MapFS{}
	for name, src := range timeoutSetsMain(800) {
		tree[name] = &fstest.MapFile{Data: []byte(src)}
	}
	for b.Loop() {
		r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Run(context.Background(), r, Options{Only: []string{"timeouts"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// configCallsMain is a main that calls n times, between its config literal and the
// server reading the config's read timeout, a method of the config that sets only
// another field, with 200 other types declaring a method of that name.
func configCallsMain(n int) map[string]string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n\t\"time\"\n)\n\ntype config struct {\n\tAddr string\n\tN int\n\tReadHeaderTimeout time.Duration\n}\n\n")
	for i := range 200 {
		fmt.Fprintf(&b, "type t%d struct{ N int; ReadHeaderTimeout time.Duration }\n\nfunc (c *t%d) Validate() error { c.N++; return nil }\n\n", i, i)
	}
	b.WriteString("func (c *config) Validate() error { c.N++; return nil }\n\nfunc main() {\n\tcfg := config{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n")
	b.WriteString(strings.Repeat("\tif err := cfg.Validate(); err != nil {\n\t\tlog.Fatal(err)\n\t}\n", n))
	b.WriteString("\tsrv := &http.Server{Addr: cfg.Addr, ReadHeaderTimeout: cfg.ReadHeaderTimeout}\n\tlog.Fatal(srv.ListenAndServe())\n}\n")
	return map[string]string{"go.mod": "module example.test/t\n\ngo 1.26\n", "main.go": b.String()}
}

// BenchmarkConfigMethodCalls audits the timeouts of a main that calls a method of
// its config 2000 times before the server reads the config's read timeout: each
// method name is read once (methodLeaves), not once a call.
func BenchmarkConfigMethodCalls(b *testing.B) {
	tree := fstest.MapFS{}
	for name, src := range configCallsMain(2000) {
		tree[name] = &fstest.MapFile{Data: []byte(src)}
	}
	for b.Loop() {
		r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
		if err != nil {
			b.Fatal(err)
		}
		rep, err := Run(context.Background(), r, Options{Only: []string{"timeouts"}})
		if err != nil {
			b.Fatal(err)
		}
		if res := rep.Results[0]; res.Status != Pass {
			b.Fatalf("timeouts: %s %q, want PASS", res.Status, res.Message)
		}
	}
}

// globalServerMain is a main that calls n functions, each printing a number or,
// with sets, setting the read timeout of the server it is given, before serving the
// server a package-level variable holds (var srv = &http.Server{...}).
func globalServerMain(n int, sets bool) map[string]string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"time\"\n)\n\nvar srv = &http.Server{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\n")
	for i := range n {
		if sets {
			fmt.Fprintf(&b, "func f%d(s *http.Server) {\n\ts.ReadHeaderTimeout = %d * time.Second\n}\n\n", i, i+1)
		} else {
			fmt.Fprintf(&b, "func f%d() {\n\tfmt.Println(%d)\n}\n\n", i, i)
		}
	}
	b.WriteString("func main() {\n")
	for i := range n {
		if sets {
			fmt.Fprintf(&b, "\tf%d(srv)\n", i)
		} else {
			fmt.Fprintf(&b, "\tf%d()\n", i)
		}
	}
	b.WriteString("\t_ = srv.ListenAndServe()\n}\n")
	return map[string]string{"go.mod": "module example.test/t\n\ngo 1.26\n", "main.go": b.String()}
}

// handlerLitsMain is a main that registers n handlers, each a function literal,
// before it serves a local server.
func handlerLitsMain(n int) map[string]string {
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc main() {\n\tmux := http.NewServeMux()\n")
	for i := range n {
		fmt.Fprintf(&b, "\tmux.HandleFunc(\"/p%d\", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, %d) })\n", i, i)
	}
	b.WriteString("\tsrv := &http.Server{Addr: \":8080\", Handler: mux, ReadHeaderTimeout: 5 * time.Second}\n\t_ = srv.ListenAndServe()\n}\n")
	return map[string]string{"go.mod": "module example.test/t\n\ngo 1.26\n", "main.go": b.String()}
}

// BenchmarkGlobalServer audits the timeouts of a main of 3000 functions serving a
// server a package-level variable holds, with functions that leave the server alone
// and with functions that each set its read timeout, and of a main of 3000 handler
// literals serving a local server: the check looks at the calls and sets of each
// function once, not at all the program's for each function (setInLit).
func BenchmarkGlobalServer(b *testing.B) {
	for _, bc := range []struct {
		name  string
		files map[string]string
	}{
		{"package-level", globalServerMain(3000, false)},
		{"package-level, sets", globalServerMain(3000, true)},
		{"handler literals", handlerLitsMain(3000)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tree := fstest.MapFS{}
			for name, src := range bc.files {
				tree[name] = &fstest.MapFile{Data: []byte(src)}
			}
			for b.Loop() {
				r, err := repo.OpenIn(context.Background(), tree, ".", "inline")
				if err != nil {
					b.Fatal(err)
				}
				rep, err := Run(context.Background(), r, Options{Only: []string{"timeouts"}})
				if err != nil {
					b.Fatal(err)
				}
				if res := rep.Results[0]; res.Status != Pass {
					b.Fatalf("timeouts: %s %q, want PASS", res.Status, res.Message)
				}
			}
		})
	}
}
