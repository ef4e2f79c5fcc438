package audit

import (
	"testing"
)

// TestVerdictsOnMiddlewarePropagators audits services whose tracing middleware is
// given its own propagators, which replace the global ones for what it wraps.
func TestVerdictsOnMiddlewarePropagators(t *testing.T) {
	const noTrace = "tracing middleware is given its own propagators (WithPropagators), which replace the global ones for what it wraps and extract no trace context"
	const pass = "tracing middleware wraps the router and a propagator is installed"
	ginFiles := func(use string) map[string]string {
		return mainFiles("example.test/g", `package main

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"go.opentelemetry.io/contrib/instrumentation/github.com/gin-gonic/gin/otelgin"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
)

func main() {
	otel.SetTextMapPropagator(propagation.TraceContext{})
	r := gin.New()
	`+use+`
	srv := &http.Server{Addr: ":8080", Handler: r, ReadHeaderTimeout: time.Second}
	srv.ListenAndServe()
}
`)
	}
	runCheckCases(t, []checkCase{
		{
			name:    "the handler's own propagator of baggage only",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.Baggage{}))", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the handler's own empty composite propagator, through a variable",
			files:   otelFiles("opt := otelhttp.WithPropagators(propagation.NewCompositeTextMapPropagator())\n\ttraced := otelhttp.NewHandler(app, \"api\", opt)", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the handler's own propagator of baggage only, in a slice of options spread into the call",
			files:   otelFiles("opts := []otelhttp.Option{otelhttp.WithSpanNameFormatter(nil)}\n\topts = append(opts, otelhttp.WithPropagators(&propagation.Baggage{}))\n\ttraced := otelhttp.NewHandler(app, \"api\", opts...)", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the middleware's own propagator of baggage only (otelhttp.NewMiddleware)",
			files:   otelFiles("traced := otelhttp.NewMiddleware(\"api\", otelhttp.WithPropagators(propagation.Baggage{}))(app)", "traced"),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "gin's middleware with its own propagator of baggage only",
			files:   ginFiles(`r.Use(otelgin.Middleware("orders", otelgin.WithPropagators(propagation.Baggage{})))`),
			check:   "otel",
			want:    Fail,
			message: noTrace,
		},
		{
			name:    "the handler's own propagators with TraceContext",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})))", "traced"),
			check:   "otel",
			want:    Pass,
			message: pass,
		},
		{
			name:    "gin's middleware with its own propagator with TraceContext",
			files:   withProvider(ginFiles(`r.Use(otelgin.Middleware("orders", otelgin.WithPropagators(propagation.TraceContext{})))`), ""),
			check:   "otel",
			want:    Pass,
			message: pass,
		},
		{
			name:    "the handler's own propagator with TraceContext and no global one",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.TraceContext{}))", "traced", "_ = otel.GetTextMapPropagator()"),
			check:   "otel",
			want:    Pass,
			message: pass + " (the middleware's own, WithPropagators)",
		},
		{
			name:    "the handler's own propagator with TraceContext and a global one of baggage only",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.TraceContext{}))", "traced", "otel.SetTextMapPropagator(propagation.Baggage{})"),
			check:   "otel",
			want:    Pass,
			message: pass + " (the middleware's own, WithPropagators)",
		},
		{
			name:    "one handler with its own propagator, another without, and no global one",
			files:   otelGlobal("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(propagation.TraceContext{}))\n\tadmin := &http.Server{Addr: \":9090\", Handler: otelhttp.NewHandler(http.NotFoundHandler(), \"admin\"), ReadHeaderTimeout: time.Second}\n\tgo admin.ListenAndServe()", "traced", "_ = otel.GetTextMapPropagator()"),
			check:   "otel",
			want:    Fail,
			message: "tracing middleware is installed but no propagator is (otel.SetTextMapPropagator)",
		},
		{
			// A client transport's propagators inject into outgoing requests: they
			// are not the server middleware's.
			name:    "a transport's own propagator of baggage only is not the middleware's",
			files:   otelFiles("traced := otelhttp.NewHandler(app, \"api\")\n\thttp.DefaultClient.Transport = otelhttp.NewTransport(http.DefaultTransport, otelhttp.WithPropagators(propagation.Baggage{}))", "traced"),
			check:   "otel",
			want:    Pass,
			message: pass,
		},
		{
			name: "the handler's own propagator of baggage only, built where main's flow never goes",
			files: map[string]string{
				"go.mod":       "module example.test/o\n\ngo 1.26\n",
				"telemetry.go": providerInit,
				"main.go":      otelMain("traced := otelhttp.NewHandler(app, \"api\")", "traced") + "\nfunc unused() http.Handler {\n\treturn otelhttp.NewHandler(nil, \"x\", otelhttp.WithPropagators(propagation.Baggage{}))\n}\n",
			},
			check:   "otel",
			want:    Pass,
			message: pass,
		},
	})
}

// TestVerdictsOnHeldPropagators audits services whose propagator (the global one,
// or the middleware's own) is held in a variable or returned by a function of the
// program: it is judged by the values it may hold, as one written in the call is;
// a field by every value the program gives a field of its name; one this audit
// cannot follow (a parameter, a field nothing sets, a method) is UNKNOWN, never PASS.
func TestVerdictsOnHeldPropagators(t *testing.T) {
	const noTrace = "tracing middleware is installed but the propagator set extracts no trace context"
	const ownNoTrace = "tracing middleware is given its own propagators (WithPropagators), which replace the global ones for what it wraps and extract no trace context"
	const unsure = "which this audit cannot follow past main.go:"
	const pass = "tracing middleware wraps the router and a propagator is installed"
	const handler = `traced := otelhttp.NewHandler(app, "api")`
	global := func(set, decls string) map[string]string {
		f := otelGlobal(handler, "traced", set)
		f["main.go"] += decls
		return f
	}
	const baggageOnly = "\nfunc newPropagator() propagation.TextMapPropagator {\n\treturn propagation.NewCompositeTextMapPropagator(propagation.Baggage{})\n}\n"
	const withTrace = "\nfunc newPropagator() propagation.TextMapPropagator {\n\treturn propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{})\n}\n"
	runCheckCases(t, []checkCase{
		{name: "a local variable of baggage only", files: global("prop := propagation.Baggage{}\n\totel.SetTextMapPropagator(prop)", ""), check: "otel", want: Fail, message: noTrace},
		{name: "a function of the program returning baggage only", files: global("prop := newPropagator()\n\totel.SetTextMapPropagator(prop)", baggageOnly), check: "otel", want: Fail, message: noTrace},
		{name: "a function of the program called in the call", files: global("otel.SetTextMapPropagator(newPropagator())", baggageOnly), check: "otel", want: Fail, message: noTrace},
		{name: "a package-level variable of baggage only", files: global("otel.SetTextMapPropagator(prop)", "\nvar prop = propagation.NewCompositeTextMapPropagator(propagation.Baggage{})\n"), check: "otel", want: Fail, message: noTrace},
		{name: "a function returning its parameter", files: global("otel.SetTextMapPropagator(pick(propagation.Baggage{}))", "\nfunc pick(p propagation.TextMapPropagator) propagation.TextMapPropagator { return p }\n"), check: "otel", want: Fail, message: noTrace},
		{name: "a composite of a variable of baggage only", files: global("b := propagation.Baggage{}\n\totel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(b))", ""), check: "otel", want: Fail, message: noTrace},
		{name: "a function of the program returning TraceContext", files: global("prop := newPropagator()\n\totel.SetTextMapPropagator(prop)", withTrace), check: "otel", want: Pass, message: pass},
		{name: "a local variable replaced by one with TraceContext", files: global("var prop propagation.TextMapPropagator = propagation.Baggage{}\n\tprop = propagation.TraceContext{}\n\totel.SetTextMapPropagator(prop)", ""), check: "otel", want: Pass, message: pass},
		{name: "a composite of a variable with TraceContext", files: global("tc := propagation.TraceContext{}\n\totel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(tc, propagation.Baggage{}))", ""), check: "otel", want: Pass, message: pass},
		{name: "baggage only on one path", files: global("var prop propagation.TextMapPropagator = propagation.TraceContext{}\n\tif time.Now().IsZero() {\n\t\tprop = propagation.Baggage{}\n\t}\n\totel.SetTextMapPropagator(prop)", ""), check: "otel", want: Unknown,
			message: "the propagator set with otel.SetTextMapPropagator (main.go:23) is prop, which extracts no trace context on some paths: it may be propagation.Baggage{} (main.go:21)"},
		{name: "a parameter", files: global("setPropagator(propagation.Baggage{})", "\nfunc setPropagator(p propagation.TextMapPropagator) { otel.SetTextMapPropagator(p) }\n"), check: "otel", want: Unknown, message: unsure},
		{name: "a field no code of the program sets", files: global("otel.SetTextMapPropagator(cfg.prop)", "\nvar cfg struct{ prop propagation.TextMapPropagator }\n"), check: "otel", want: Unknown, message: unsure},
		{name: "the zero value of the interface", files: global("var prop propagation.TextMapPropagator\n\totel.SetTextMapPropagator(prop)", ""), check: "otel", want: Unknown, message: unsure},
		{name: "a composite of a spread slice of baggage only", files: global("props := []propagation.TextMapPropagator{propagation.Baggage{}}\n\totel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(props...))", ""), check: "otel", want: Fail, message: noTrace},
		{name: "a composite of a spread parameter", files: global("setPropagators(propagation.TraceContext{})", "\nfunc setPropagators(ps ...propagation.TextMapPropagator) {\n\totel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(ps...))\n}\n"), check: "otel", want: Unknown, message: unsure},
		{name: "a field every value of which is baggage only", files: global("t := &tel{prop: propagation.Baggage{}}\n\tt.prop = &propagation.Baggage{}\n\totel.SetTextMapPropagator(t.prop)", "\ntype tel struct{ prop propagation.TextMapPropagator }\n"), check: "otel", want: Fail, message: noTrace},
		{name: "a field copied from another struct's", files: global("t := tel{prop: propagation.TraceContext{}}\n\tu := tel{prop: t.prop}\n\totel.SetTextMapPropagator(u.prop)", "\ntype tel struct{ prop propagation.TextMapPropagator }\n"), check: "otel", want: Pass, message: pass},
		{name: "a field baggage only on some paths", files: global("t := tel{prop: propagation.TraceContext{}}\n\tif time.Now().IsZero() {\n\t\tt.prop = propagation.Baggage{}\n\t}\n\totel.SetTextMapPropagator(t.prop)", "\ntype tel struct{ prop propagation.TextMapPropagator }\n"), check: "otel", want: Unknown, message: "which extracts no trace context on some paths: it may be propagation.Baggage{}"},
		{name: "the middleware's own propagator in a variable, beside a global TraceContext", files: otelFiles("own := propagation.Baggage{}\n\ttraced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(own))", "traced"), check: "otel", want: Fail, message: ownNoTrace},
		{name: "the middleware's own propagator from a function of the program", files: withFiles(otelFiles("traced := otelhttp.NewHandler(app, \"api\", otelhttp.WithPropagators(newPropagator()))", "traced"), map[string]string{"prop.go": "package main\n\nimport \"go.opentelemetry.io/otel/propagation\"\n" + baggageOnly}), check: "otel", want: Fail, message: ownNoTrace},
		{name: "the middleware's own propagator from a parameter", files: withFiles(otelFiles("traced := wrap(app, propagation.TraceContext{})", "traced"), map[string]string{"wrap.go": "package main\n\nimport (\n\t\"net/http\"\n\n\t\"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp\"\n\t\"go.opentelemetry.io/otel/propagation\"\n)\n\nfunc wrap(h http.Handler, p propagation.TextMapPropagator) http.Handler {\n\treturn otelhttp.NewHandler(h, \"api\", otelhttp.WithPropagators(p))\n}\n"}), check: "otel", want: Unknown,
			message: "tracing middleware is given its own propagators (WithPropagators), which replace the global ones for what it wraps: p, which this audit cannot follow past wrap.go:"},
	})
}
