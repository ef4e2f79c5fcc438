package audit

import (
	"strings"
	"testing"
)

// TestFasthttpPprofVerdicts audits a fasthttp service that serves the profiles of
// fasthttp's own pprofhandler (no net/http/pprof) on its only listener, next to one
// that serves none.
func TestFasthttpPprofVerdicts(t *testing.T) {
	runCheckCases(t, []checkCase{
		{
			name:    "pprof: fasthttp's pprofhandler on the fasthttp listener",
			files:   mainFiles("example.test/f", fasthttpMain("pprofhandler.PprofHandler(ctx)")),
			check:   "pprof",
			want:    Unknown,
			message: "the program serves through fasthttp (github.com/valyala/fasthttp), which this audit does not read: check by hand where the profiling handlers are served",
		},
		{
			name:    "pprof: a fasthttp service that serves no profiles",
			files:   mainFiles("example.test/f", strings.Replace(fasthttpMain("ctx.SetStatusCode(404)"), "\t\"github.com/valyala/fasthttp/pprofhandler\"\n", "", 1)),
			check:   "pprof",
			want:    Pass,
			message: "pprof is not served",
		},
	})
}

// fasthttpMain returns a fasthttp service whose handler runs serve for the paths
// under /debug/pprof.
func fasthttpMain(serve string) string {
	return `package main

import (
	"log"
	"strings"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/pprofhandler"
)

func main() {
	h := func(ctx *fasthttp.RequestCtx) {
		if strings.HasPrefix(string(ctx.Path()), "/debug/pprof") {
			` + serve + `
			return
		}
		ctx.WriteString("ok")
	}
	log.Fatal(fasthttp.ListenAndServe(":8080", h))
}
`
}
