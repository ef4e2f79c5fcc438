package audit

import (
	"fmt"
	"testing"
)

// TestLivenessProbes audits the livenessProbe and startupProbe of the service's
// container as shutdown audits its readinessProbe: a path no route of the program
// registers (404), a port no server listens on, or a port name the container does
// not declare fails every probe, so the kubelet restarts the container again and
// again: WARN when that is known, UNKNOWN when something may serve the path.
func TestLivenessProbes(t *testing.T) {
	main := func(routes string) string {
		return `package main

import (
	"log"
	"net/http"
	"time"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {})
	` + routes + `
	srv := &http.Server{Addr: ":8080", Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`
	}
	// deployment is container (api is tied to the service) with the probe of kind
	// asking path on port, beside a readinessProbe of /readyz on 8080.
	deployment := func(container, kind, path, port string) string {
		return fmt.Sprintf("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n"+
			"        - name: %s\n          image: ghcr.io/acme/%s:1.0\n          ports:\n            - name: http\n              containerPort: 8080\n"+
			"          readinessProbe:\n            httpGet:\n              path: /readyz\n              port: 8080\n"+
			"          %s:\n            httpGet:\n              path: %s\n              port: %s\n", container, container, kind, path, port)
	}
	files := func(routes, manifest string) map[string]string {
		return map[string]string{
			"go.mod":          "module example.test/api\n\ngo 1.26\n",
			"main.go":         main(routes),
			"deploy/api.yaml": manifest,
		}
	}
	const restarts = "so the kubelet restarts the container again and again"
	runCheckCases(t, []checkCase{
		{name: "the liveness probe asks a registered path", files: files("", deployment("api", "livenessProbe", "/healthz", "http")),
			check: "health", want: Pass, message: "health endpoints: /healthz, /readyz"},
		{name: "the liveness probe asks a path no route serves", files: files("", deployment("api", "livenessProbe", "/livez", "8080")),
			check: "health", want: Warn, message: "the livenessProbe asks /livez, which no route of the program registers (it registers /healthz, /readyz), and /livez answers 404, " + restarts},
		{name: "the liveness probe asks a port no server listens on", files: files("", deployment("api", "livenessProbe", "/healthz", "9090")),
			check: "health", want: Warn, message: "the livenessProbe asks :9090/healthz, but no server of the program listens on :9090 (/healthz is served on :8080): the kubelet's probe is refused, " + restarts},
		{name: "the liveness probe names a port the container does not declare", files: files("", deployment("api", "livenessProbe", "/healthz", "admin")),
			check: "health", want: Warn, message: "the livenessProbe asks port admin, which no port of container api is named (it declares http)"},
		{name: "the startup probe asks a path no route serves", files: files("", deployment("api", "startupProbe", "/startz", "8080")),
			check: "health", want: Warn, message: "the startupProbe asks /startz, which no route of the program registers (it registers /healthz, /readyz), and /startz answers 404, so the kubelet kills the container before it counts as started"},
		{name: "a catch-all route may serve the liveness path", files: files(`mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {})`, deployment("api", "livenessProbe", "/livez", "8080")),
			check: "health", want: Unknown, message: "the livenessProbe asks /livez, which no route of the program registers"},
		{name: "a container tied to no main package", files: files("", deployment("worker", "livenessProbe", "/livez", "8080")),
			check: "health", want: Unknown, message: "the container is tied to no main package"},
	})
}

// TestLivenessProbeAddrParameter audits the livenessProbe of a service whose server
// is built by a helper of another package from an address parameter: the address is
// the constant every call main's flow runs gives it, handed on through parameters,
// and is not known when the calls give different ones or one that is not a constant.
func TestLivenessProbeAddrParameter(t *testing.T) {
	files := func(calls, path, port string) map[string]string {
		return map[string]string{
			"go.mod": "module example.test/api\n\ngo 1.26\n",
			"main.go": `package main

import (
	"log"
	"os"

	"example.test/api/internal/server"
)

func serve(addr string) error { return server.New(addr).ListenAndServe() }

func main() {
	_ = os.Getenv
	` + calls + `
}
`,
			"internal/server/server.go": `package server

import (
	"net/http"
	"time"
)

// New returns the server on addr.
func New(addr string) *http.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	return &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
}
`,
			"deploy/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n" +
				"        - name: api\n          image: ghcr.io/acme/api:1.0\n          ports:\n            - name: http\n              containerPort: 8080\n" +
				"          livenessProbe:\n            httpGet:\n              path: " + path + "\n              port: " + port + "\n",
		}
	}
	const unrouted = "the livenessProbe asks /livez, which no route of the program registers (it registers /healthz), and /livez answers 404"
	runCheckCases(t, []checkCase{
		{name: "the constant every call gives", files: files(`log.Fatal(server.New(":8080").ListenAndServe())`, "/livez", "http"),
			check: "health", want: Warn, message: unrouted},
		{name: "the constant handed on through a parameter", files: files(`log.Fatal(serve(":8080"))`, "/livez", "http"),
			check: "health", want: Warn, message: unrouted},
		{name: "the constant every call gives, another port probed", files: files(`log.Fatal(server.New(":8080").ListenAndServe())`, "/healthz", "9090"),
			check: "health", want: Warn, message: "no server of the program listens on :9090"},
		{name: "calls that give different addresses", files: files(`go serve(":9090")
	log.Fatal(serve(":8080"))`, "/livez", "http"),
			check: "health", want: Unknown, message: "no server known to listen on :8080"},
		{name: "an address that is not a constant", files: files(`log.Fatal(serve(os.Getenv("ADDR")))`, "/livez", "http"),
			check: "health", want: Unknown, message: "no server known to listen on :8080"},
	})
}
