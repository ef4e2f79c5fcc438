package audit

import "testing"

// loopbackHealth returns a service whose /healthz and /readyz are registered on the
// mux admin, served at adminAddr, beside the API mux api served at :8080; more is
// code after the routes are registered.
func loopbackHealth(adminAddr, more string) map[string]string {
	return mainFiles("example.test/l", `package main

import (
	"net"
	"net/http"
	"os"
	"time"
)

var _ = os.Getenv
var _ = net.Listen

func main() {
	admin := http.NewServeMux()
	admin.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	admin.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {})
	api := http.NewServeMux()
	api.HandleFunc("/orders", func(w http.ResponseWriter, r *http.Request) {})
	`+more+`
	adminSrv := &http.Server{Addr: `+adminAddr+`, Handler: admin, ReadHeaderTimeout: time.Second}
	go adminSrv.ListenAndServe()
	srv := &http.Server{Addr: ":8080", Handler: api, ReadHeaderTimeout: time.Second}
	_ = srv.ListenAndServe()
}
`)
}

// TestHealthOnLoopback audits services whose health routes may be served only on a
// loopback listener, which probes from outside the pod cannot reach.
func TestHealthOnLoopback(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "health routes only on an admin server bound to 127.0.0.1",
			files:   loopbackHealth(`"127.0.0.1:9090"`, ""),
			check:   "health",
			want:    Warn,
			message: "health endpoints (/healthz, /readyz) are served only on a loopback listener (127.0.0.1:9090)",
		},
		{
			name:    "health routes only on an admin server bound to localhost",
			files:   loopbackHealth(`"localhost:9090"`, ""),
			check:   "health",
			want:    Warn,
			message: "served only on a loopback listener (localhost:9090)",
		},
		{
			name:    "health routes on an admin server on all interfaces",
			files:   loopbackHealth(`":9090"`, ""),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "the admin server's address is not known",
			files:   loopbackHealth(`os.Getenv("ADMIN_ADDR")`, ""),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "the loopback admin mux is also mounted on the public API",
			files:   loopbackHealth(`"127.0.0.1:9090"`, `api.Handle("/", admin)`),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz",
		},
		{
			name:    "the public API registers a health route of its own",
			files:   loopbackHealth(`"127.0.0.1:9090"`, `api.HandleFunc("/livez", func(w http.ResponseWriter, r *http.Request) {})`),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz, /readyz, /livez",
		},
		{
			name: "routes on http.DefaultServeMux served only on loopback",
			files: mainFiles("example.test/d", `package main

import "net/http"

func main() {
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	_ = http.ListenAndServe("127.0.0.1:8080", nil)
}
`),
			check:   "health",
			want:    Warn,
			message: "health endpoints (/healthz) are served only on a loopback listener (127.0.0.1:8080)",
		},
		{
			name: "a server on a loopback net.Listen listener",
			files: mainFiles("example.test/n", `package main

import (
	"net"
	"net/http"
	"time"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {})
	ln, _ := net.Listen("tcp", "[::1]:9090")
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: time.Second}
	_ = srv.Serve(ln)
}
`),
			check:   "health",
			want:    Warn,
			message: "health endpoints (/readyz) are served only on a loopback listener ([::1]:9090)",
		},
	})
}

// TestReadinessOnLoopback audits services whose readiness route, which turns 503 on
// shutdown, is served only on a loopback listener that probes cannot reach.
func TestReadinessOnLoopback(t *testing.T) {
	serve := func(addr string) map[string]string {
		return shutdownService{
			Module:  "example.test/r",
			Imports: "\t\"net\"\n",
			Start:   localReady,
			Tested:  "ready",
			Serve: `ln, err := net.Listen("tcp", "` + addr + `")
		if err != nil {
			log.Fatal(err)
		}
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatal(err)
		}`,
			Flip: flipReady,
			Stop: stopDrain,
		}.files()
	}
	runCheckCases(t, []checkCase{
		{
			name:    "readiness served only on 127.0.0.1",
			files:   serve("127.0.0.1:9090"),
			check:   "shutdown",
			want:    Warn,
			message: "readiness turns 503 on shutdown, but it is served only on a loopback listener (127.0.0.1:9090)",
		},
		{
			name:    "readiness served on all interfaces",
			files:   serve(":9090"),
			check:   "shutdown",
			want:    Pass,
			message: "SIGTERM is caught, Shutdown drains with a timeout and readiness turns 503",
		},
	})
}
