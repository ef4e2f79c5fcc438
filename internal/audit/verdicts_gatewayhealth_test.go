package audit

import (
	"strings"
	"testing"
)

// TestGatewayHealthVerdicts audits grpc-gateway services whose ServeMux options
// register the health endpoint (WithHealthzEndpoint, WithHealthEndpointAt), next to
// one whose option is built in a function main never calls.
func TestGatewayHealthVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "health: runtime.WithHealthzEndpoint registers /healthz",
			files:   gatewayFiles("runtime.WithHealthzEndpoint(healthpb.NewHealthClient(conn))"),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /healthz",
		},
		{
			name:    "health: runtime.WithHealthEndpointAt registers its path",
			files:   gatewayFiles("runtime.WithHealthEndpointAt(healthpb.NewHealthClient(conn), \"/livez\")"),
			check:   "health",
			want:    Pass,
			message: "health endpoints: /livez",
		},
		{
			name:    "health: the health option is built only in a function main never calls",
			files:   gatewayFiles("func unused"),
			check:   "health",
			want:    Warn,
			message: "no health or readiness endpoint",
		},
	})
}

// gatewayFiles returns a grpc-gateway service whose http.Server serves a
// runtime.ServeMux made with option; with "func unused", the mux has no health
// option and a function nothing calls builds one.
func gatewayFiles(option string) map[string]string {
	src := `package main

import (
	"log"
	"net/http"
	"time"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

func main() {
	conn, err := grpc.NewClient("localhost:9090", grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		log.Fatal(err)
	}
	gw := runtime.NewServeMux(OPTION)
	srv := &http.Server{Addr: ":8080", Handler: gw, ReadHeaderTimeout: 5 * time.Second}
	log.Fatal(srv.ListenAndServe())
}
`
	if strings.Contains(option, "func unused") {
		src = strings.Replace(src, "gw := runtime.NewServeMux(OPTION)\n\tsrv", "gw := runtime.NewServeMux(runtime.WithErrorHandler(nil))\n\tsrv", 1)
		src = strings.Replace(src, "log.Fatal(srv.ListenAndServe())\n}\n", "log.Fatal(srv.ListenAndServe())\n}\n\nfunc unused(conn *grpc.ClientConn) runtime.ServeMuxOption {\n\treturn runtime.WithHealthzEndpoint(healthpb.NewHealthClient(conn))\n}\n", 1)
	}
	return map[string]string{
		"go.mod":  "module example.test/g\n\ngo 1.26\n\nrequire (\n\tgithub.com/grpc-ecosystem/grpc-gateway/v2 v2.24.0\n\tgoogle.golang.org/grpc v1.68.0\n)\n",
		"main.go": strings.Replace(src, "OPTION", option, 1),
	}
}
