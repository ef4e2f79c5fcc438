package audit

import (
	"strings"
	"testing"
)

// tracingSetup is the start of a file of package main that imports the SDK, for a
// set-up function of the TracerProvider.
const tracingSetup = "package main\n\nimport (\n\t\"context\"\n\t\"log\"\n\n\t\"go.opentelemetry.io/otel\"\n\t\"go.opentelemetry.io/otel/exporters/stdout/stdouttrace\"\n\tsdktrace \"go.opentelemetry.io/otel/sdk/trace\"\n)\n\nvar _ = log.Print\n\n"

// TestTracerProviderShutOnReturn audits a TracerProvider that the function setting
// it shuts down when it returns: a deferred Shutdown there runs before anything is
// served, and a provider shut down records and exports no span.
func TestTracerProviderShutOnReturn(t *testing.T) {
	// setup is a service whose main calls setupTracing, of body, then runs inMain.
	setup := func(body, inMain string) map[string]string {
		files := otelFiles("tp := setupTracing()\n\t"+inMain+"\n\ttraced := otelhttp.NewHandler(app, \"api\")", "traced")
		files["main.go"] = strings.Replace(files["main.go"], "\"net/http\"\n", "\"context\"\n\t\"net/http\"\n", 1)
		files["telemetry.go"] = tracingSetup + "func setupTracing() *sdktrace.TracerProvider {\n\tctx := context.Background()\n\texp, _ := stdouttrace.New()\n\ttp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))\n" + body + "\treturn tp\n}\n\nfunc serve() { select {} }\n"
		return files
	}
	const kept = "_ = tp"
	const (
		closed = "the TracerProvider set is shut down when the function that sets it returns"
		pass   = "tracing middleware wraps the router and a propagator is installed"
	)
	runCheckCases(t, []checkCase{
		{name: "no Shutdown in the set-up", files: setup("\totel.SetTracerProvider(tp)\n", kept), check: "otel", want: Pass, message: pass},
		{name: "Shutdown deferred in the set-up", files: setup("\tdefer tp.Shutdown(ctx)\n\totel.SetTracerProvider(tp)\n", kept), check: "otel", want: Warn, message: closed},
		{name: "Shutdown deferred after the set", files: setup("\totel.SetTracerProvider(tp)\n\tdefer func() {\n\t\tif err := tp.Shutdown(ctx); err != nil {\n\t\t\tlog.Print(err)\n\t\t}\n\t}()\n", kept), check: "otel", want: Warn, message: closed},
		{name: "Shutdown deferred under a condition", files: setup("\tif tp == nil {\n\t\tdefer tp.Shutdown(ctx)\n\t}\n\totel.SetTracerProvider(tp)\n", kept), check: "otel", want: Pass, message: pass},
		{name: "Shutdown deferred in a set-up that then serves", files: setup("\tdefer tp.Shutdown(ctx)\n\totel.SetTracerProvider(tp)\n\tserve()\n", kept), check: "otel", want: Pass, message: pass},
		{name: "Shutdown of another provider deferred", files: setup("\tother := sdktrace.NewTracerProvider()\n\tdefer other.Shutdown(ctx)\n\totel.SetTracerProvider(tp)\n", kept), check: "otel", want: Pass, message: pass},
		{name: "Shutdown deferred in main", files: setup("\totel.SetTracerProvider(tp)\n", "defer tp.Shutdown(context.Background())"), check: "otel", want: Pass, message: pass},
	})
}
