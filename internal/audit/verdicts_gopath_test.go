package audit

import "testing"

// gopathObs registers the profiles on http.DefaultServeMux and returns it.
const gopathObs = "package obs\n\nimport (\n\t\"net/http\"\n\t_ \"net/http/pprof\"\n)\n\n// Mux returns the default mux.\nfunc Mux() *http.ServeMux { return http.DefaultServeMux }\n"

// gopathMain serves what obs.Mux returns, obs imported by the path of a GOPATH
// checkout at example.com/acme/orders.
const gopathMain = `package main

import (
	"net/http"
	"time"

	"example.com/acme/orders/internal/obs"
)

func main() {
	mux := obs.Mux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	_ = srv.ListenAndServe()
}
`

// TestGopathVerdicts audits programs in no module: an import that names a package of
// the repository by the path of a GOPATH checkout is read, and one that names none is
// a package not read, which keeps PASS away.
func TestGopathVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "a package of the checkout is read",
			files:   map[string]string{"cmd/api/main.go": gopathMain, "internal/obs/obs.go": gopathObs},
			check:   "pprof",
			want:    Fail,
			message: "the blank import of net/http/pprof registers /debug/pprof/ on http.DefaultServeMux",
		},
		{
			name:    "a package of the checkout audited from its directory",
			files:   map[string]string{"main.go": gopathMain},
			check:   "pprof",
			want:    Unknown,
			message: "example.com/acme/orders/internal/obs is imported but was not read: the program is in no module",
		},
		{
			name:    "a package of the standard library alone",
			files:   map[string]string{"main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"time\"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: \":8080\", ReadHeaderTimeout: 5 * time.Second}\n\t_ = srv.ListenAndServe()\n}\n"},
			check:   "pprof",
			want:    Pass,
			message: "pprof is not served",
		},
	})
}
