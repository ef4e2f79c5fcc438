package audit

import (
	"strings"
	"testing"
)

// providerInit is a file of package main that sets the SDK's TracerProvider, which
// exports its spans, in init.
const providerInit = providerFile + "func init() { otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter))) }\n"

// providerFile is the start of a file of package main that imports the SDK and
// declares an exporter.
const providerFile = "package main\n\nimport (\n\t\"go.opentelemetry.io/otel\"\n\t\"go.opentelemetry.io/otel/exporters/stdout/stdouttrace\"\n\t\"go.opentelemetry.io/otel/sdk/resource\"\n\tsdktrace \"go.opentelemetry.io/otel/sdk/trace\"\n)\n\nvar exporter, _ = stdouttrace.New()\n\nvar _ = resource.Default\n\n"

// withProvider adds providerInit to files as the file telemetry.go of the main
// package in dir ("" for the root).
func withProvider(files map[string]string, dir string) map[string]string {
	name := "telemetry.go"
	if dir != "" {
		name = dir + "/" + name
	}
	return withFiles(files, map[string]string{name: providerInit})
}

// TestTracerProvider audits whether the tracing middleware's spans are recorded: a
// TracerProvider must be set (otel.SetTracerProvider where main's flow goes, or the
// middleware's WithTracerProvider), else the global no-op one records nothing.
func TestTracerProvider(t *testing.T) {
	bare := func(setup string, imports ...string) map[string]string {
		files := otelFiles(setup, "traced")
		delete(files, "telemetry.go")
		for _, ip := range imports {
			files["main.go"] = strings.Replace(files["main.go"], "\"go.opentelemetry.io/otel/propagation\"\n", "\"go.opentelemetry.io/otel/propagation\"\n\t\""+ip+"\"\n", 1)
		}
		return files
	}
	const (
		none       = "no TracerProvider is set"
		unexported = "built by sdktrace.NewTracerProvider without a span processor or exporter"
		unsampled  = "the TracerProvider set samples no span"
		pass       = "tracing middleware wraps the router and a propagator is installed"
	)
	runCheckCases(t, []checkCase{
		{name: "no TracerProvider anywhere", files: bare(`traced := otelhttp.NewHandler(app, "api")`), check: "otel", want: Warn, message: none},
		{name: "the SDK's provider set in init", files: otelFiles(`traced := otelhttp.NewHandler(app, "api")`, "traced"), check: "otel", want: Pass, message: pass},
		{name: "the provider set in main", files: bare("otel.SetTracerProvider(nil)\n\ttraced := otelhttp.NewHandler(app, \"api\")"), check: "otel", want: Pass, message: pass},
		{name: "the provider set only in a function main never calls", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": "package main\n\nimport \"go.opentelemetry.io/otel\"\n\nfunc setup() { otel.SetTracerProvider(nil) }\n"}), check: "otel", want: Warn, message: "otel.SetTracerProvider is only called in a function that main's flow never calls"},
		{name: "the middleware's own WithTracerProvider", files: bare(`traced := otelhttp.NewHandler(app, "api", otelhttp.WithTracerProvider(nil))`), check: "otel", want: Pass, message: pass},
		{name: "a platform module that may set it", files: bare("telemetry.Setup()\n\ttraced := otelhttp.NewHandler(app, \"api\")", "example.test/platform/telemetry"), check: "otel", want: Unknown, message: "example.test/platform/telemetry, which it does not read, may set one"},
		{name: "the SDK's provider built without a span processor", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() { otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithResource(resource.Default()))) }\n"}), check: "otel", want: Warn, message: unexported},
		{name: "the SDK's provider built without options, through a variable", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\ttp := sdktrace.NewTracerProvider()\n\totel.SetTracerProvider(tp)\n}\n"}), check: "otel", want: Warn, message: unexported},
		{name: "the SDK's provider given a span processor after it is built", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\ttp := sdktrace.NewTracerProvider()\n\ttp.RegisterSpanProcessor(sdktrace.NewBatchSpanProcessor(exporter))\n\totel.SetTracerProvider(tp)\n}\n"}), check: "otel", want: Pass, message: pass},
		{name: "the SDK's provider that never samples", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\ttp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithSampler(sdktrace.NeverSample()))\n\totel.SetTracerProvider(tp)\n}\n"}), check: "otel", want: Warn, message: unsampled},
		{name: "the SDK's provider sampling a ratio of zero, through a variable", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\ts := sdktrace.TraceIDRatioBased(0)\n\totel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithSampler(s)))\n}\n"}), check: "otel", want: Warn, message: unsampled},
		{name: "the SDK's provider whose last sampler samples", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\totel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.NeverSample()), sdktrace.WithBatcher(exporter), sdktrace.WithSampler(sdktrace.AlwaysSample())))\n}\n"}), check: "otel", want: Pass, message: pass},
		{name: "the SDK's provider sampling what its parent sampled", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\totel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.NeverSample()))))\n}\n"}), check: "otel", want: Pass, message: pass},
		{name: "the SDK's provider sampling a small ratio", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() {\n\totel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithBatcher(exporter), sdktrace.WithSampler(sdktrace.TraceIDRatioBased(0.01))))\n}\n"}), check: "otel", want: Pass, message: pass},
		{name: "the SDK's provider with a syncer", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "func init() { otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))) }\n"}), check: "otel", want: Pass, message: pass},
		{name: "the SDK's provider with options this audit does not read", files: withFiles(bare(`traced := otelhttp.NewHandler(app, "api")`), map[string]string{"telemetry.go": providerFile + "var opts []sdktrace.TracerProviderOption\n\nfunc init() { otel.SetTracerProvider(sdktrace.NewTracerProvider(opts...)) }\n"}), check: "otel", want: Pass, message: pass},
		{name: "an OpenTelemetry distribution that sets it", files: bare("launcher.ConfigureOpentelemetry()\n\ttraced := otelhttp.NewHandler(app, \"api\")", "github.com/lightstep/otel-launcher-go/launcher"), check: "otel", want: Pass, message: pass},
	})
}
