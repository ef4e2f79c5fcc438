package audit

import (
	"strings"
	"testing"
)

// TestReadinessProbePort audits a service with an API server and an admin server,
// whose /readyz (turning 503 on SIGTERM) is on the admin server, against the port its
// readinessProbe asks: a number, or a name of the container's ports. When the probed
// port is the constant address of a server that does not serve /readyz, or no server
// listens there while every address is a constant, the kubelet never gets /readyz
// (WARN); when it is the admin server's, PASS. When the port cannot be tied to a
// listener while /readyz is known to be served on another port, UNKNOWN; without a
// constant address on the way, nothing is said of the port.
func TestReadinessProbePort(t *testing.T) {
	// service serves the API mux on API and the ops mux (/healthz, /readyz) on ADMIN.
	service := func(api, admin string) string {
		return strings.NewReplacer("API", api, "ADMIN", admin).Replace(`package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
	"time"
)

func main() {
	_ = os.Getenv
	var ready atomic.Bool
	ready.Store(true)
	api := http.NewServeMux()
	api.HandleFunc("/v1/orders", func(w http.ResponseWriter, _ *http.Request) {})
	ops := http.NewServeMux()
	ops.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {})
	ops.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		if !ready.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	})
	srv := &http.Server{Addr: API, Handler: api, ReadHeaderTimeout: 5 * time.Second}
	adm := &http.Server{Addr: ADMIN, Handler: ops, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	go func() {
		if err := adm.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("admin: %v", err)
		}
	}()
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Printf("serve: %v", err)
		}
	}()
	<-ctx.Done()
	ready.Store(false)
	time.Sleep(2 * time.Second)
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	_ = adm.Shutdown(sctx)
}
`)
	}
	// deployment is the manifest of container api (tied to cmd/api), whose
	// readinessProbe asks /readyz on port.
	deployment := func(container, port string) string {
		return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n      containers:\n        - name: " + container + "\n          image: ghcr.io/acme/" + container + ":1.0\n" +
			"          ports:\n            - name: http\n              containerPort: 8080\n            - name: admin\n              containerPort: 9090\n" +
			"          readinessProbe:\n            httpGet:\n              path: /readyz\n              port: " + port + "\n"
	}
	// files is the repository, with deploy/deployment.yaml asking port unless port is "".
	files := func(api, admin, port string, more map[string]string) map[string]string {
		out := map[string]string{
			"go.mod":          "module example.test/orders\n\ngo 1.26\n",
			"cmd/api/main.go": service(api, admin),
		}
		if port != "" {
			out["deploy/deployment.yaml"] = deployment("api", port)
		}
		for k, v := range more {
			out[k] = v
		}
		return out
	}
	const (
		turns     = "readiness turns 503"
		elsewhere = "the readinessProbe asks :8080/readyz, which the server srv on :8080 does not serve (/readyz is served on :9090)"
	)
	runCheckCases(t, []checkCase{
		{name: "a named port of the API server", files: files(`":8080"`, `":9090"`, "http", nil), check: "shutdown", want: Warn, message: elsewhere},
		{name: "the API server's port by number", files: files(`":8080"`, `":9090"`, "8080", nil), check: "shutdown", want: Warn, message: elsewhere},
		{name: "the admin server's named port", files: files(`":8080"`, `":9090"`, "admin", nil), check: "shutdown", want: Pass, message: turns},
		{name: "the admin server's port by number, quoted", files: files(`":8080"`, `":9090"`, `"9090"`, nil), check: "shutdown", want: Pass, message: turns},
		{name: "a name the container does not declare", files: files(`":8080"`, `":9090"`, "metrics", nil), check: "shutdown", want: Warn,
			message: "the readinessProbe asks port metrics, which no port of container api is named (it declares admin, http): the kubelet cannot resolve it (\"couldn't find port\"), so every probe fails: the pod never turns ready"},
		{name: "a name the container does not declare, the container tied to no main package", files: files(`":8080"`, `":9090"`, "", map[string]string{"deploy/deployment.yaml": deployment("web", "metrics")}), check: "shutdown", want: Unknown,
			message: "the readinessProbe asks port metrics, which no port of container web is named"},
		{name: "a name of a port whose number is a template", files: files(`":8080"`, `":9090"`, "", map[string]string{"deploy/deployment.yaml": strings.Replace(deployment("api", "admin"), "containerPort: 9090", "containerPort: \"{{ .Values.adminPort }}\"", 1)}), check: "shutdown", want: Pass, message: turns},
		{name: "a name that is no port name Kubernetes takes", files: files(`":8080"`, `":9090"`, "", map[string]string{"deploy/deployment.yaml": deployment("api", `"{{ .Values.port }}"`)}), check: "shutdown", want: Pass, message: turns},
		{name: "no address is a constant", files: files(`os.Getenv("ADDR")`, `os.Getenv("ADMIN_ADDR")`, "http", nil), check: "shutdown", want: Pass, message: turns},
		{name: "the API address is not a constant, the admin's is another port", files: files(`os.Getenv("ADDR")`, `":9090"`, "http", nil), check: "shutdown", want: Unknown,
			message: "the readinessProbe asks :8080/readyz, and /readyz is served on :9090; whether the listener on :8080 serves it cannot be told"},
		{name: "the API address is not a constant, the probe asks the admin's port", files: files(`os.Getenv("ADDR")`, `":9090"`, "admin", nil), check: "shutdown", want: Pass, message: turns},
		{name: "the admin address is not a constant, the API server is on the probed port", files: files(`":8080"`, `os.Getenv("ADMIN_ADDR")`, "http", nil), check: "shutdown", want: Warn,
			message: "the readinessProbe asks :8080/readyz, which the server srv on :8080 does not serve (/readyz is served on a listener whose address is not a constant)"},
		{name: "no server listens on the probed port", files: files(`":8081"`, `":9090"`, "http", nil), check: "shutdown", want: Warn,
			message: "the readinessProbe asks :8080/readyz, but no server of the program listens on :8080 (/readyz is served on :9090)"},
		{name: "a container tied to no main package", files: files(`":8080"`, `":9090"`, "", map[string]string{"deploy/deployment.yaml": deployment("web", "http")}), check: "shutdown", want: Unknown, message: elsewhere},
		{name: "an overlay's patch moves the probe to the admin port", files: files(`":8080"`, `":9090"`, "", map[string]string{
			"deploy/base/deployment.yaml":             deployment("api", "http"),
			"deploy/base/kustomization.yaml":          "resources:\n  - deployment.yaml\n",
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: probe.yaml\n",
			"deploy/overlays/prod/probe.yaml":         "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          readinessProbe:\n            httpGet:\n              port: admin\n",
		}), check: "shutdown", want: Pass, message: turns},
		{name: "an overlay's patch moves the probe to the API port", files: files(`":8080"`, `":9090"`, "", map[string]string{
			"deploy/base/deployment.yaml":             deployment("api", "admin"),
			"deploy/base/kustomization.yaml":          "resources:\n  - deployment.yaml\n",
			"deploy/overlays/prod/kustomization.yaml": "resources:\n  - ../../base\npatches:\n  - path: probe.yaml\n",
			"deploy/overlays/prod/probe.yaml":         "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          readinessProbe:\n            httpGet:\n              port: http\n",
		}), check: "shutdown", want: Warn, message: elsewhere},
	})
}
