package audit

import (
	"strings"
	"testing"
)

// TestOTelMountedParameter: a server package's constructor that mounts the handler
// it is given on the mux its server serves (mux.Handle("/", h) beside the probes)
// serves what its callers build: otelhttp.NewHandler given there is served.
func TestOTelMountedParameter(t *testing.T) {
	files := func(mount, body string) map[string]string {
		return map[string]string{
			"go.mod": "module example.test/o\n\ngo 1.26\n",
			"internal/server/server.go": strings.ReplaceAll(`package server

import (
	"net/http"
	"time"
)

type Server struct{ http *http.Server }

func New(addr string, h http.Handler) *Server {
	s := &Server{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /livez", func(w http.ResponseWriter, _ *http.Request) {})
	MOUNT
	s.http = &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	return s
}

func (s *Server) Run() error { return s.http.ListenAndServe() }
`, "MOUNT", mount),
			"cmd/api/main.go": strings.ReplaceAll(`package main

import (
	"net/http"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"

	"example.test/o/internal/server"
)

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	api := http.NewServeMux()
	api.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, _ *http.Request) {})
	BODY
}

func run(addr string, h http.Handler) error {
	return server.New(addr, h).Run()
}
`, "BODY", body),
			"cmd/api/telemetry.go": providerInit,
		}
	}
	const mount = `mux.Handle("/", h)`
	runCheckCases(t, []checkCase{
		{name: "otelhttp handler given to the constructor", files: files(mount, `_ = server.New(":8080", otelhttp.NewHandler(api, "api")).Run()`), check: "otel", want: Pass, message: "tracing middleware wraps the router"},
		{name: "through a variable", files: files(mount, `h := otelhttp.NewHandler(api, "api")
	_ = server.New(":8080", h).Run()`), check: "otel", want: Pass, message: "tracing middleware wraps the router"},
		{name: "through a helper's parameter", files: files(mount, `_ = run(":8080", otelhttp.NewHandler(api, "api"))`), check: "otel", want: Pass, message: "tracing middleware wraps the router"},
		{name: "mounted below a prefix", files: files(`mux.Handle("/v1/", h)`, `_ = server.New(":8080", otelhttp.NewHandler(api, "api")).Run()`), check: "otel", want: Pass, message: "tracing middleware wraps the router"},
		{name: "the untraced router given, the traced one unused", files: files(mount, `traced := otelhttp.NewHandler(api, "api")
	_ = traced
	_ = server.New(":8080", api).Run()`), check: "otel", want: Warn, message: "the tracing handler built is not what is served"},
		{name: "one caller gives the untraced router", files: files(mount, `go run(":8081", api)
	_ = server.New(":8080", otelhttp.NewHandler(api, "api")).Run()`), check: "otel", want: Warn, message: "the tracing handler built is not what is served"},
		{name: "the parameter is not mounted", files: files(`_ = h`, `_ = server.New(":8080", otelhttp.NewHandler(api, "api")).Run()`), check: "otel", want: Warn, message: "the tracing handler built is not what is served"},
	})
}
